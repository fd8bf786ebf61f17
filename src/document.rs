//! The tokenized document every analyzer reads: text, tokens, vocabulary ids, lines.

use std::ops::Range;

use crate::model::cache::{IdCache, Lookup};
use crate::model::Model;
use crate::token::{scan, Sink, Token, TokenKind, WordKey};

/// A run of invalid UTF-8 bytes, replaced by U+FFFD when the text was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidBytes {
    /// Byte range of the replacement characters in the decoded text.
    pub span: Range<usize>,
    /// The original bytes.
    pub bytes: Vec<u8>,
}

/// Where a document (or a chunk of a large file) starts in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// 0-based line of the first byte.
    pub line: usize,
    /// 0-based character column of the first byte on that line.
    pub column: usize,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

thread_local! {
    /// Recent vocabulary lookups of this thread (see [`IdCache`]).
    static CACHE: std::cell::RefCell<IdCache> = std::cell::RefCell::new(IdCache::default());
}

thread_local! {
    /// Token, id and line buffers of this thread's last dropped documents, reused by the
    /// next ones: a chunk of a large file needs tens of megabytes of them, and fresh
    /// memory from the system costs a page fault per 4 KB touched. Several sets, for the
    /// documents a stream tokenizes together ([`crate::check::analyze_texts`]).
    static POOL: std::cell::RefCell<Vec<Buffers>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reusable buffers of a document: tokens, ids, line starts.
type Buffers = (Vec<Token>, Vec<u32>, Vec<usize>);

/// Most buffer sets [`POOL`] keeps (as many as documents alive at once on a thread).
const POOLED: usize = 64;

/// Marks a token with no vocabulary entry.
pub const NO_ID: u32 = u32::MAX;

/// The byte offsets just after each line break of `text`: `\n`, `\r\n` (one break)
/// or a lone `\r` (old Mac OS).
pub fn line_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', b).filter(move |&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n')).map(|i| i + 1)
}

/// A text of at least this many bytes has the word-id cache read into the CPU's caches
/// before it is tokenized ([`Lookup::warm`]: 1.1 MB read in order, worth it for the
/// thousands of distinct words of a large text, not for a short one).
const WARM: usize = 256 << 10;

/// Texts tokenized together ([`tokenize_group`]) that add up to at least this many bytes
/// have the word-id cache warmed first: the analyzers of the texts before pushed it out,
/// and the 1.1 MB read in order costs less than the misses of 64 KiB of words.
pub const WARM_GROUP: usize = 64 << 10;

/// Tokens [`Document::new`] gathers in a [`Builder`] before copying them to the
/// document's vectors.
const BLOCK: usize = 256;

/// What [`Document::new`] hands the tokenizer: it looks each word up and keeps the
/// tokens, their ids and the line starts.
///
/// Tokens and ids go to two small arrays first and are copied to the vectors a block
/// at a time: a push to a vector loads and stores its length (kept in memory, as the
/// vector is passed to the functions that grow it) and checks its capacity, twice a
/// token; a slot of the block is one store, and one count and check serve both arrays.
/// The builder holds its buffers by reference and nothing else but numbers, so that
/// the compiler can keep all of it in registers (no field of it is passed by address).
struct Builder<'b, 'c> {
    text: &'b str,
    cache: &'b mut Lookup<'c>,
    /// The id of numbers.
    number: u32,
    /// Punctuation tokens so far (the other tokens are the words a document counts).
    puncts: usize,
    /// Tokens (and ids) in `block` (`block_ids`) not yet copied; always below `BLOCK`.
    filled: usize,
    block: &'b mut [Token; BLOCK],
    block_ids: &'b mut [u32; BLOCK],
    tokens: &'b mut Vec<Token>,
    ids: &'b mut Vec<u32>,
    line_starts: &'b mut Vec<usize>,
    /// Scratch space of [`Lookup::token_id`].
    buf: &'b mut String,
}

impl Builder<'_, '_> {
    #[inline(always)]
    fn push(&mut self, t: Token, id: u32) {
        // `% BLOCK` changes nothing (`filled` is below it) but spares the bounds checks.
        let k = self.filled % BLOCK;
        self.block[k] = t;
        self.block_ids[k] = id;
        self.filled = k + 1;
        if self.filled == BLOCK {
            self.cache.resolve(&mut self.block_ids[..]);
            flush(self.tokens, self.ids, &self.block[..], &self.block_ids[..]);
            self.filled = 0;
        }
    }
}

/// Copies a block of tokens and their ids to the document's vectors (not inlined: it
/// takes the vectors, not the builder, so that the builder's counts stay in registers).
#[inline(never)]
fn flush(tokens: &mut Vec<Token>, ids: &mut Vec<u32>, block: &[Token], block_ids: &[u32]) {
    tokens.extend_from_slice(block);
    ids.extend_from_slice(block_ids);
}

/// The id of a word token the tokenizer's fast path did not key (long, not ASCII, or
/// near the end of the text): out of the loop, which it would only crowd.
#[inline(never)]
fn other_word_id(cache: &mut Lookup, text: &str, t: Token, buf: &mut String) -> u32 {
    cache.token_id(text, t.range(), t.is_ascii(), buf).unwrap_or(NO_ID)
}

impl Sink for Builder<'_, '_> {
    #[inline(always)]
    fn word(&mut self, t: Token, key: WordKey) {
        // (`filled % BLOCK` is where `push` puts the id.)
        let id = self.cache.key_id(key, t.end() - t.start(), self.filled % BLOCK);
        self.push(t, id);
    }

    #[inline(always)]
    fn token(&mut self, t: Token) {
        let id = match t.kind {
            TokenKind::Word => other_word_id(self.cache, self.text, t, self.buf),
            TokenKind::Number => self.number,
            TokenKind::Punct => {
                self.puncts += 1;
                NO_ID
            }
        };
        self.push(t, id);
    }

    #[inline(always)]
    fn line(&mut self, at: usize) {
        self.line_starts.push(at);
    }
}

/// Decoded, tokenized text shared read-only by every analyzer.
pub struct Document<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Vocabulary id per token ([`NO_ID`] for punctuation and unknown words).
    pub ids: Vec<u32>,
    /// Invalid byte runs found while decoding.
    pub invalid: &'a [InvalidBytes],
    /// Where this text starts in its file.
    pub origin: Origin,
    line_starts: Vec<usize>,
    words: usize,
    model_uid: u64,
}

impl Drop for Document<'_> {
    fn drop(&mut self) {
        let bufs =
            (std::mem::take(&mut self.tokens), std::mem::take(&mut self.ids), std::mem::take(&mut self.line_starts));
        // `try_with`: a document dropped while the thread exits has nowhere to go.
        let _ = POOL.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < POOLED {
                p.push(bufs);
            } else if let Some(small) = p.iter_mut().min_by_key(|b| b.0.capacity()) {
                if bufs.0.capacity() > small.0.capacity() {
                    *small = bufs;
                }
            }
        });
    }
}

/// Tokenizes several short texts (text, invalid bytes, origin) one after another, before
/// any is analyzed, with this thread's word-id cache read into the CPU's caches first
/// ([`Lookup::warm`]) when they add up to [`WARM_GROUP`] bytes: the analyzers of one short
/// text push much of the cache out before the next would be tokenized.
pub fn tokenize_group<'a>(texts: &[(&'a str, &'a [InvalidBytes], Origin)], model: &Model) -> Vec<Document<'a>> {
    if texts.iter().map(|t| t.0.len()).sum::<usize>() >= WARM_GROUP {
        CACHE.with_borrow_mut(|c| c.lookup(model).warm());
    }
    texts.iter().map(|&(text, invalid, origin)| Document::new(text, model, invalid, origin)).collect()
}

/// Takes from `pool` the smallest set with room for `cap` tokens, else the largest (which
/// will grow): a set grown for a long text stays with long texts, rather than each set
/// of a group of short texts growing in turn (and touching fresh pages each time).
fn take_fitting(pool: &mut Vec<Buffers>, cap: usize) -> Buffers {
    let room = |b: &Buffers| b.0.capacity();
    let fits = pool.iter().enumerate().filter(|(_, b)| room(b) >= cap).min_by_key(|(_, b)| room(b));
    let at = fits.or_else(|| pool.iter().enumerate().max_by_key(|(_, b)| room(b))).map(|(i, _)| i);
    at.map(|i| pool.swap_remove(i)).unwrap_or_default()
}

impl<'a> Document<'a> {
    /// Tokenizes `text` and looks every word up in `model`.
    ///
    /// `text` must be shorter than 4 GiB: tokens store `u32` offsets. Every input path
    /// stays far below that (file and stdin chunks are cut at [`CHUNK`](crate::read::CHUNK)
    /// = 1 MiB of input, JSONL lines are skipped past [`MAX_LINE`](crate::stream::input::MAX_LINE)
    /// = 256 MiB, and decoding a JSON string never makes it longer); a library caller
    /// must cut a larger text into pieces. Panics otherwise.
    pub fn new(text: &'a str, model: &Model, invalid: &'a [InvalidBytes], origin: Origin) -> Self {
        assert!(text.len() <= u32::MAX as usize, "Document::new: text of {} bytes is 4 GiB or more", text.len());
        // Prose has about one token per 4.8 bytes: reserve more, so the vectors never
        // grow by copying (untouched reserved pages cost nothing).
        let cap = text.len() / 3 + 1;
        let (mut tokens, mut ids, mut line_starts) = POOL.with_borrow_mut(|p| take_fitting(p, cap));
        tokens.clear();
        ids.clear();
        line_starts.clear();
        tokens.reserve(cap);
        ids.reserve(cap);
        line_starts.push(0);
        // The cache is taken out of its thread-local for the loop and put back after,
        // rather than the loop run inside `CACHE.with`: the loop then belongs to this
        // function, and its code does not depend on whether the compiler inlines
        // `LocalKey::with` (which varied with the placement of unrelated code in codegen
        // units, by about 10 million instructions on 5 MB).
        let mut id_cache = CACHE.with_borrow_mut(std::mem::take);
        let mut cache = id_cache.lookup(model);
        cache.checking(text.len());
        if text.len() >= WARM {
            cache.warm();
        }
        let mut block = [Token::new(0, 0, TokenKind::Word, false); BLOCK];
        let mut block_ids = [NO_ID; BLOCK];
        let mut buf = String::new();
        let mut b = Builder {
            text,
            cache: &mut cache,
            number: model.number_id().unwrap_or(NO_ID),
            puncts: 0,
            filled: 0,
            block: &mut block,
            block_ids: &mut block_ids,
            tokens: &mut tokens,
            ids: &mut ids,
            line_starts: &mut line_starts,
            buf: &mut buf,
        };
        scan(text, &mut b);
        let (filled, puncts) = (b.filled, b.puncts);
        cache.resolve(&mut block_ids[..filled]);
        flush(&mut tokens, &mut ids, &block[..filled], &block_ids[..filled]);
        CACHE.with_borrow_mut(|c| *c = id_cache);
        let words = tokens.len() - puncts;
        Document { text, tokens, ids, invalid, origin, line_starts, words, model_uid: model.uid() }
    }

    /// A document with no model lookups (every id is [`NO_ID`]), for tests.
    pub fn plain(text: &'a str) -> Self {
        Document::new(text, Model::empty(), &[], Origin::default())
    }

    /// The [`Model::uid`] of the model the ids come from (caches keyed by id check it).
    pub fn model_uid(&self) -> u64 {
        self.model_uid
    }

    /// Number of word and number tokens.
    pub fn word_count(&self) -> usize {
        self.words
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.text[t.range()]
    }

    /// The text between token `i - 1` and token `i` (empty for `i == 0`).
    pub fn gap_before(&self, i: usize) -> &'a str {
        if i == 0 {
            return "";
        }
        &self.text[self.tokens[i - 1].end()..self.tokens[i].start()]
    }

    /// Adjacent word pairs `(i, j)` by token index; see [`crate::token::word_pairs`].
    pub fn word_pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        crate::token::word_pairs(self.text, &self.tokens)
    }

    /// Byte ranges of the lines (without their line break, see [`line_breaks`]).
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.line_starts.iter().enumerate().map(move |(k, &s)| {
            let end = self.line_starts.get(k + 1).map_or(self.text.len(), |&n| n - 1);
            let end = if end > s && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
            s..end.max(s)
        })
    }

    /// Number of lines (a final line without a break counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line and character column of byte offset `byte`.
    pub fn position(&self, byte: usize) -> Position {
        let byte = byte.min(self.text.len());
        let k = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let mut byte = byte;
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let col = self.text[self.line_starts[k]..byte].chars().count();
        let col = if k == 0 { col + self.origin.column } else { col };
        Position { line: self.origin.line + k + 1, column: col + 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let d = Document::plain("ab\nçé x\n");
        assert_eq!(d.position(0), Position { line: 1, column: 1 });
        assert_eq!(d.position(3), Position { line: 2, column: 1 });
        assert_eq!(d.position(8), Position { line: 2, column: 4 });
        assert_eq!(d.line_count(), 3);
        let lines: Vec<_> = d.lines().map(|r| &d.text[r]).collect();
        assert_eq!(lines, vec!["ab", "çé x", ""]);
    }

    #[test]
    fn origin_shifts_positions() {
        let d = Document::new("x\ny", Model::empty(), &[], Origin { line: 10, column: 5 });
        assert_eq!(d.position(0), Position { line: 11, column: 6 });
        assert_eq!(d.position(2), Position { line: 12, column: 1 });
    }

    #[test]
    fn lone_cr_and_crlf_are_one_line_break_each() {
        let d = Document::plain("a\rbc\r\nd\r\re\n\rf");
        let lines: Vec<_> = d.lines().map(|r| &d.text[r]).collect();
        assert_eq!(lines, vec!["a", "bc", "d", "", "e", "", "f"]);
        assert_eq!(d.line_count(), 7);
        assert_eq!(d.position(2), Position { line: 2, column: 1 });
        assert_eq!(d.position(4), Position { line: 2, column: 3 });
        assert_eq!(d.position(6), Position { line: 3, column: 1 });
        assert_eq!(d.position(12), Position { line: 7, column: 1 });
        assert_eq!(Document::plain("x\r").line_count(), 2);
    }

    /// The ids, word count and lines [`Document::new`] keeps, computed plainly: each
    /// token of [`crate::token::tokenize`] looked up in the model by its normalized form.
    fn plain_ids(text: &str, model: &Model) -> (Vec<Token>, Vec<u32>, usize, Vec<Range<usize>>) {
        let tokens = crate::token::tokenize(text);
        let mut buf = String::new();
        let ids = tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Word => {
                    crate::token::normalize_word(&text[t.range()], &mut buf);
                    model.word_id(&buf).unwrap_or(NO_ID)
                }
                TokenKind::Number => model.number_id().unwrap_or(NO_ID),
                TokenKind::Punct => NO_ID,
            })
            .collect();
        let words = tokens.iter().filter(|t| t.kind != TokenKind::Punct).count();
        let mut starts = vec![0];
        starts.extend(line_breaks(text));
        let lines = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let end = starts.get(k + 1).map_or(text.len(), |&n| n - 1);
                let end = if end > s && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
                s..end.max(s)
            })
            .collect();
        (tokens, ids, words, lines)
    }

    fn agrees(text: &str, model: &Model) {
        let d = Document::new(text, model, &[], Origin::default());
        let (tokens, ids, words, lines) = plain_ids(text, model);
        assert_eq!(d.tokens, tokens, "{text:?}");
        assert_eq!(d.ids, ids, "{text:?}");
        assert_eq!(d.word_count(), words, "{text:?}");
        assert_eq!(d.lines().collect::<Vec<_>>(), lines, "{text:?}");
    }

    fn model() -> Model {
        use crate::model::build;
        let words = [
            ("the", 9),
            ("cold", 3),
            ("war", 2),
            ("don't", 2),
            ("internationalisation", 2),
            ("zürich", 2),
            ("abcdefgh", 2),
            ("abcdefghijklmno", 2),
            ("abcdefghijklmnop", 2),
            ("x9", 2),
            ("#", 4),
        ];
        Model::new(build::write(&build::counts_from(&words, &[]))).unwrap()
    }

    #[test]
    fn ids_are_the_model_s_answers() {
        let m = model();
        let text = "The COLD war, don’t Internationalisation ZÜRICH x9 X9 abcdefgh ABCDEFGHIJKLMNO \
                    abcdefghijklmnop 3rd 1,000 wars. the\r\nthe\rcold\n\nwar ab'cd se\u{ad}curity 12";
        for _ in 0..2 {
            agrees(text, &m);
            agrees(text, Model::empty());
        }
        // Block boundaries of the builder: token counts about multiples of `BLOCK`.
        for n in [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 3 * BLOCK + 7] {
            for piece in ["the ", "cold, ", "x ", "war\n", "! "] {
                agrees(&piece.repeat(n), &m);
            }
            let mixed: String =
                (0..n).map(|k| ["The ", "war. ", "9 ", "zürich ", "internationalisation\n"][k % 5]).collect();
            agrees(&mixed, &m);
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_gets_the_model_s_ids(
                words in proptest::collection::vec(
                    "(the|THE|Cold|war|wars|don't|don’t|zürich|ZÜRICH|abcdefgh|ABCDEFGHIJKLMNO|abcdefghijklmnop|x9|[a-z]{1,17}|[0-9]{1,4}|[.,!'\\-]|é|\\PC)",
                    0..400,
                ),
                seps in proptest::collection::vec("( |  |\n|\r\n|\r|\t)?", 1..400),
            ) {
                let text: String = words.iter().zip(seps.iter().cycle()).flat_map(|(w, s)| [w.as_str(), s.as_str()]).collect();
                let m = model();
                agrees(&text, &m);
                agrees(&text, &m);
            }
        }
    }
}
