//! The token loop of [`SignatureBuilder::add`]: each token's hash, whether the skeleton
//! keeps it, and the line marks, into the streams the general way or, on the dense
//! path, gathered into blocks (see [`super::dense`]).
//!
//! On the dense path most tokens are settled by [`gather`], a loop that calls nothing:
//! punctuation, and words on the current line whose vocabulary id has its hash
//! remembered or that are hashed where they lie (ASCII words, plain numbers). It stops
//! at any other token (a line's first, a word to normalize or whose id is met for the
//! first time), which the builder takes the general way ([`SignatureBuilder::step`])
//! before gathering on. With no call inside, the loop keeps most of its state in
//! registers; with the rare cases in it (one loop over every token), it kept half of
//! it on the stack, around their calls.

use super::*;
use crate::token::Token;

/// No clause punctuation just before (a value no byte has).
const NO_PUNCT: u32 = 0x100;

/// The state of the token loop: the tokens gathered in each stream's block (dense
/// path), the skeleton's flags, and the kept words counted.
#[derive(Clone, Copy)]
pub(super) struct Gather {
    nw: usize,
    nsk: usize,
    kept_words: u64,
    in_content: bool,
    /// The last token was this clause punctuation byte (`NO_PUNCT`: it was not).
    last_punct: u32,
}

impl Gather {
    /// Appends `h` to the word stream's block (dense path).
    #[inline(always)]
    fn push_word(&mut self, b: &mut [u64; 2 * dense::BLOCK], h: u64) {
        b[self.nw % dense::BLOCK] = h;
        self.nw += 1;
    }

    /// Appends `h` to the skeleton stream's block (dense path).
    #[inline(always)]
    fn push_skel(&mut self, b: &mut [u64; 2 * dense::BLOCK], h: u64) {
        b[dense::BLOCK + self.nsk % dense::BLOCK] = h;
        self.nsk += 1;
    }

    /// The skeleton hash of clause punctuation `c`, if pushed: a repeat of the last
    /// punctuation is not. (Sentence and clause structure: a spinner leaves it alone.)
    #[inline(always)]
    fn punct(&mut self, c: u8) -> Option<u64> {
        let again = self.last_punct == u32::from(c);
        self.last_punct = u32::from(c);
        self.in_content = false;
        (!again).then(|| PUNCT_HASH[c as usize])
    }

    /// The skeleton hash of a word with hash `h`, if pushed: a kept word (`keep`:
    /// function words and numbers), or a placeholder for the first of a run of other
    /// words (the rest of the run adds nothing).
    #[inline(always)]
    fn word(&mut self, h: u64, keep: bool) -> Option<u64> {
        self.last_punct = NO_PUNCT;
        if keep {
            self.kept_words += 1;
            self.in_content = false;
            Some(h)
        } else if !self.in_content {
            self.in_content = true;
            Some(PLACEHOLDER)
        } else {
            None
        }
    }
}

impl Gather {
    /// [`Gather::word`] and the push of what it gives, without a branch: whether a word
    /// is kept (a function word or a number) is at random from one word to the next,
    /// and a branch on it was mispredicted often. The value goes to the next slot of
    /// the skeleton's block either way, and counts only when pushed (a slot past the
    /// pushed ones is written over later).
    #[inline(always)]
    fn word_skel(&mut self, b: &mut [u64; 2 * dense::BLOCK], h: u64, keep: bool) {
        self.last_punct = NO_PUNCT;
        let push = keep | !self.in_content;
        b[dense::BLOCK + self.nsk % dense::BLOCK] = if keep { h } else { PLACEHOLDER };
        self.nsk += usize::from(push);
        self.kept_words += u64::from(keep);
        self.in_content = !keep;
    }
}

/// Clause punctuation: kept in the skeleton.
#[inline(always)]
fn is_clause(c: u8) -> bool {
    matches!(c, b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')')
}

/// Gathers `toks[i..]` (with their `ids`) into `blocks` while each token is settled
/// here: punctuation, and words and numbers starting before `ns` whose vocabulary id
/// has its hash in `by_id` or that need not be normalized (function words found in
/// `fw`). Returns the index of the first token that is not (or the end).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn gather(
    toks: &[Token],
    ids: &[u32],
    i: usize,
    ns: usize,
    bytes: &[u8],
    by_id: &IdHashes,
    fw: &FwTable,
    blocks: &mut dense::Blocks,
    g: &mut Gather,
) -> usize {
    let mut s = *g;
    let b = &mut *blocks.0;
    // (By pointer, the ids alongside: indexed, a token's address is 12 times the index.)
    let (mut rest, mut rest_ids) = (&toks[i..], &ids[i..]);
    while let ([t, more @ ..], [id, more_ids @ ..]) = (rest, rest_ids) {
        if t.kind == TokenKind::Punct {
            let c = bytes[t.start()];
            if is_clause(c) {
                if t.start() >= ns {
                    break;
                }
                if let Some(h) = s.punct(c) {
                    s.push_skel(b, h);
                }
            }
        } else {
            if t.start() >= ns {
                break;
            }
            let id = *id as usize;
            let (h, keep) = if t.kind == TokenKind::Word && id < ID_HASHED {
                match by_id.get(id) {
                    (0, _) => break,
                    known => known,
                }
            } else {
                // (Hashed here unless it must be normalized first.)
                let Some(h) = plain_token_hash(bytes, t) else { break };
                (h, t.kind == TokenKind::Number || fw.contains(h))
            };
            s.push_word(b, h);
            s.word_skel(b, h, keep);
        }
        (rest, rest_ids) = (more, more_ids);
    }
    *g = s;
    toks.len() - rest.len()
}

impl SignatureBuilder {
    /// The tokens `range` of `doc`: into the streams (the general way), or (`DENSE`, at
    /// most [`dense::BLOCK`] of them) their token hashes into `blocks`, to be rolled into
    /// shingles after, with the marks of the lines made at the token counts the streams
    /// will have then; returns how many tokens each stream has there.
    #[inline(always)]
    pub(super) fn scan<const DENSE: bool, I: Iterator<Item = std::ops::Range<usize>>>(
        &mut self,
        doc: &Document,
        by_id: &mut IdHashes,
        range: std::ops::Range<usize>,
        cursor: &mut LineCursor<'_, I>,
        next_start: &mut usize,
        blocks: &mut dense::Blocks,
    ) -> (usize, usize) {
        debug_assert!(!DENSE || range.len() <= dense::BLOCK);
        let mut g = Gather {
            nw: 0,
            nsk: 0,
            kept_words: self.kept_words,
            in_content: self.in_content,
            last_punct: self.last_punct.map_or(NO_PUNCT, u32::from),
        };
        let toks = &doc.tokens[range.clone()];
        let ids = &doc.ids[range][..toks.len()];
        let mut i = 0;
        loop {
            if DENSE {
                i = gather(toks, ids, i, *next_start, doc.text.as_bytes(), by_id, self.fw, blocks, &mut g);
            }
            let Some(t) = toks.get(i) else { break };
            self.step::<DENSE, I>(doc, t, ids[i], by_id, cursor, next_start, blocks, &mut g);
            i += 1;
        }
        // (A block's words are its word tokens.)
        if DENSE {
            self.words += g.nw as u64;
        }
        self.kept_words = g.kept_words;
        (self.in_content, self.last_punct) = (g.in_content, u8::try_from(g.last_punct).ok());
        (g.nw, g.nsk)
    }

    /// One token `t` (vocabulary id `id`), the general way: moves the cursor if the
    /// token starts a line, hashes a word whose hash is not remembered.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn step<const DENSE: bool, I: Iterator<Item = std::ops::Range<usize>>>(
        &mut self,
        doc: &Document,
        t: &Token,
        id: u32,
        by_id: &mut IdHashes,
        cursor: &mut LineCursor<'_, I>,
        next_start: &mut usize,
        blocks: &mut dense::Blocks,
        g: &mut Gather,
    ) {
        let text = doc.text;
        if t.kind == TokenKind::Punct {
            let c = text.as_bytes()[t.start()];
            if !is_clause(c) {
                return;
            }
            if t.start() >= *next_start {
                *next_start = self.move_to::<DENSE, _>(cursor, t.start(), g.nw, g.nsk);
            }
            if let Some(h) = g.punct(c) {
                if DENSE {
                    g.push_skel(&mut blocks.0, h);
                } else {
                    self.skel.push(h);
                }
            }
            return;
        }
        if t.start() >= *next_start {
            *next_start = self.move_to::<DENSE, _>(cursor, t.start(), g.nw, g.nsk);
        }
        // A word with a vocabulary id has the hash of the id's text (its normalized
        // form, which the word stream hashes too): computed once per thread for the
        // most frequent words (ids are in frequency order; a small table stays in
        // the CPU cache, a table of every id would not).
        // Whether it is a function word is remembered with the hash. The skeleton
        // keeps function words and numbers.
        let (h, keep) = if t.kind == TokenKind::Word && (id as usize) < ID_HASHED {
            match by_id.get(id as usize) {
                (0, _) => by_id.record(id as usize, token_hash(text, t, &mut self.buf), self.fw),
                known => known,
            }
        } else {
            let h = token_hash(text, t, &mut self.buf);
            (h, t.kind == TokenKind::Number || self.fw.contains(h))
        };
        if DENSE {
            g.push_word(&mut blocks.0, h);
        } else {
            self.words += 1;
            if let (Some(s), Some(m)) = (self.word.push(h), &mut self.minhash) {
                m.add(s);
            }
        }
        if let Some(sh) = g.word(h, keep) {
            if DENSE {
                g.push_skel(&mut blocks.0, sh);
            } else {
                self.skel.push(sh);
            }
        }
    }

    /// The cursor moves to the line of byte `pos`, and both streams mark it; returns
    /// where the line after it starts. `DENSE`: the streams' tokens of this block are
    /// gathered, not pushed yet (`w` and `s` of them so far): the marks are made at the
    /// counts the streams will have, then the counts are put back.
    #[inline(never)]
    fn move_to<const DENSE: bool, I: Iterator<Item = std::ops::Range<usize>>>(
        &mut self,
        cursor: &mut LineCursor<'_, I>,
        pos: usize,
        w: usize,
        s: usize,
    ) -> usize {
        let next = cursor.advance(pos);
        let (w0, s0) = (self.word.out.tokens, self.skel.out.tokens);
        if DENSE {
            self.word.out.tokens += w as u64;
            self.skel.out.tokens += s as u64;
        }
        self.moved(cursor.line, cursor.len);
        (self.word.out.tokens, self.skel.out.tokens) = (w0, s0);
        next
    }
}
