//! Signatures: what the matcher keeps of a file, built incrementally chunk by chunk.
//!
//! Two token streams are shingled:
//! - the **word stream**: every word and number, normalized (lower case, straight
//!   apostrophes, digit separators dropped); its k-shingles measure resemblance and
//!   containment;
//! - the **skeleton stream**: what a spinner leaves alone — function words, numbers
//!   and clause punctuation (`, . ; : ! ? ( )`) — with every run of other words
//!   collapsed into one placeholder. A synonym swap ("judge" → "pass judgement on")
//!   changes content words, which are all placeholders here, so a spun copy keeps
//!   its skeleton.
//!
//! Each stream keeps its shingle hashes in text order, with line numbers as runs,
//! so matching parts can be located. Past [`CAP`] shingles a stream switches to
//! consistent sampling (keep a hash iff its low `level` bits are zero, raising the
//! level as needed), so a file of any size has a bounded signature.

use crate::document::Document;
use crate::token::TokenKind;

use super::lsh::MinHasher;
use hash::*;
pub use hash::{is_function_word, mix, word_hash};

/// Largest word shingle size accepted.
pub const MAX_SHINGLE: usize = 16;
/// Shingle size of the skeleton stream.
pub const SKEL_K: usize = 6;
/// Shingles kept per stream before sampling starts.
pub const CAP: usize = 1 << 18;

/// Base of the rolling shingle hash.
const ROLL: u64 = 0x9e37_79b9_7f4a_7c15;

/// Hash of the placeholder standing for a run of content words.
const PLACEHOLDER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Where a line starts among the tokens (or kept shingles) of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRun {
    /// First token index (dense stream) or kept-shingle index (sampled stream) on this line.
    pub at: u32,
    /// 1-based line number in the file.
    pub line: u32,
    /// Length of that line in characters.
    pub len: u32,
}

/// The shingles of one stream of a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stream {
    /// Shingle size.
    pub k: u8,
    /// 0: every shingle is kept (shingle `i` starts at token `i`); else only shingles
    /// whose hash has its low `level` bits zero.
    pub level: u8,
    /// Tokens seen.
    pub tokens: u64,
    /// Kept shingle hashes, in text order.
    pub hashes: Vec<u32>,
    /// Line runs (empty when the stream was loaded from an index).
    pub runs: Vec<LineRun>,
}

impl Stream {
    /// True if every shingle is kept, so shingle `i` starts at token `i`.
    pub fn dense(&self) -> bool {
        self.level == 0
    }

    /// Units coverage is counted in: tokens (dense) or kept shingles (sampled).
    pub fn units(&self) -> usize {
        if self.dense() {
            self.tokens as usize
        } else {
            self.hashes.len()
        }
    }

    /// The line run holding unit `at` (token or kept shingle).
    pub fn run_at(&self, at: usize) -> Option<LineRun> {
        let k = self.runs.partition_point(|r| r.at as usize <= at);
        (k > 0).then(|| self.runs[k - 1])
    }

    /// Mask of covered units when the shingles at `matched` (by kept index) match.
    pub fn coverage_mask(&self, matched: &[bool]) -> Vec<bool> {
        if !self.dense() {
            return matched.to_vec();
        }
        let k = self.k as usize;
        let mut mask = vec![false; self.tokens as usize];
        let mut reach = 0usize; // first token not yet covered by the last matched shingle
        for (i, &m) in matched.iter().enumerate() {
            if m {
                let from = i.max(reach);
                let to = (i + k).min(mask.len());
                for x in &mut mask[from..to] {
                    *x = true;
                }
                reach = to;
            }
        }
        mask
    }
}

/// Ring of the last shingle-size tokens of a stream, with their lines.
#[derive(Clone, Debug)]
struct Shingler {
    k: usize,
    roll: u64,
    roll_k: u64,
    ring: [u64; MAX_SHINGLE],
    /// Marks: the tokens where the stream's tokens move onto another line (or into
    /// another document: the length of a line may differ), with that line, the last
    /// [`MAX_SHINGLE`] of them (`marks[m % MAX_SHINGLE]` for mark `m`). A token is on
    /// its latest mark's line, so a token of a window of `k` tokens finds its mark
    /// among the last `k`. Marks are made when the builder moves (see
    /// [`Shingler::mark`]); only the latest may have no token yet.
    marks: [LineRun; MAX_SHINGLE],
    /// Marks made.
    n_marks: usize,
    out: Stream,
    /// The line of the last mark with a token.
    last_line: u32,
    /// The latest mark started the last line run (dense stream), to be taken back if
    /// the mark gets no token.
    run_on_trial: bool,
    /// The low `out.level` bits: a shingle is kept iff its hash has them all zero (kept
    /// here so that the test per shingle is one load, not a shift of the level).
    mask: u32,
}

impl Shingler {
    fn new(k: usize) -> Self {
        Shingler {
            k,
            roll: 0,
            roll_k: ROLL.wrapping_pow(k as u32),
            ring: [0; MAX_SHINGLE],
            marks: [LineRun { at: 0, line: 0, len: 0 }; MAX_SHINGLE],
            n_marks: 0,
            out: Stream { k: k as u8, ..Stream::default() },
            last_line: 0,
            run_on_trial: false,
            mask: 0,
        }
    }

    /// Makes room for the shingles of `more` tokens in a dense stream, up to the
    /// [`CAP`] + 1 that start sampling: past half of that, all of it at once (what
    /// doubling would have reached; the kept hashes are then compacted in place, so
    /// the vector never grows again), instead of doubling from 4 and copying the
    /// hashes at each step.
    fn reserve(&mut self, more: usize) {
        let v = &mut self.out.hashes;
        let want = (v.len() + more).min(CAP + 1);
        if want > v.capacity() {
            let to = if want > CAP / 2 { CAP + 1 } else { want.max(2 * v.capacity()).min(CAP + 1) };
            v.reserve_exact(to - v.len());
        }
    }

    /// The builder moved to `line` of `len` characters (another line, or another
    /// document): the stream's next token starts a mark there, and in a dense stream a
    /// line run when the line is another (or the stream has no token yet). Made when
    /// the builder moves rather than checked for at every token: a mark that gets no
    /// token (no token of this stream on that line) gives way to the next one, with
    /// the run it started, so the marks and runs are those of the tokens.
    #[inline(never)]
    fn mark(&mut self, line: u32, len: u32) {
        let n = self.out.tokens as u32;
        let latest = self.n_marks.wrapping_sub(1) % MAX_SHINGLE;
        let slot = if self.n_marks > 0 && self.marks[latest].at == n {
            if self.run_on_trial {
                self.out.runs.pop();
            }
            latest
        } else {
            if self.n_marks > 0 {
                self.last_line = self.marks[latest].line;
            }
            self.n_marks += 1;
            (self.n_marks - 1) % MAX_SHINGLE
        };
        self.marks[slot] = LineRun { at: n, line, len };
        self.run_on_trial = self.out.dense() && (line != self.last_line || n == 0);
        if self.run_on_trial {
            self.out.runs.push(LineRun { at: n, line, len });
        }
    }

    /// The stream as built: without the run of a latest mark that got no token.
    fn finish(mut self) -> Stream {
        let latest = self.n_marks.wrapping_sub(1) % MAX_SHINGLE;
        if self.n_marks > 0 && self.marks[latest].at as u64 == self.out.tokens && self.run_on_trial {
            self.out.runs.pop();
        }
        self.out
    }

    /// The line of token `first`, one of the last [`MAX_SHINGLE`] tokens, and its length.
    #[inline]
    fn line_of(&self, first: usize) -> (u32, u32) {
        let mut m = self.n_marks - 1;
        while self.marks[m % MAX_SHINGLE].at as usize > first {
            m -= 1;
        }
        let r = self.marks[m % MAX_SHINGLE];
        (r.line, r.len)
    }

    /// Adds a token; returns the hash of the shingle it completes, if any.
    #[inline(always)]
    fn push(&mut self, tok: u64) -> Option<u32> {
        let n = self.out.tokens as usize;
        let slot = n % MAX_SHINGLE;
        // Rolling polynomial hash of the last k tokens.
        self.roll = self.roll.wrapping_mul(ROLL).wrapping_add(tok);
        // The token leaving the window. Before the first k tokens that slot has not
        // been written yet (k <= MAX_SHINGLE), so it is zero and subtracts nothing.
        let gone = self.ring[n.wrapping_sub(self.k) % MAX_SHINGLE];
        self.roll = self.roll.wrapping_sub(gone.wrapping_mul(self.roll_k));
        self.ring[slot] = tok;
        self.out.tokens += 1;
        if n + 1 < self.k {
            return None;
        }
        let first = n + 1 - self.k;
        let h = (mix(self.roll ^ self.k as u64) >> 32) as u32;
        self.keep(h, first);
        Some(h)
    }

    #[inline(always)]
    fn keep(&mut self, h: u32, first: usize) {
        // (A dense stream's mask is zero: every shingle passes.)
        if h & self.mask != 0 {
            return;
        }
        let out = &mut self.out;
        if out.dense() {
            out.hashes.push(h);
            if out.hashes.len() > CAP {
                self.sample_more();
            }
            return;
        }
        let (line, len) = self.line_of(first);
        let out = &mut self.out;
        let at = out.hashes.len() as u32;
        if out.runs.last().is_none_or(|r| r.line != line) {
            out.runs.push(LineRun { at, line, len });
        }
        out.hashes.push(h);
        if out.hashes.len() > CAP {
            self.sample_more();
        }
    }

    /// Raises the sampling level until the kept shingles fit in half of [`CAP`]: to
    /// the lowest level that keeps at most `CAP / 2` of them (what raising it one
    /// level at a time, a pass each, would keep). Each level tried is a count over the
    /// hashes that vectorizes; the kept hashes and their runs are then compacted in
    /// place, run by run, without a branch per hash (whether a hash is kept is a coin
    /// toss the branch predictor would lose).
    #[cold]
    #[inline(never)]
    fn sample_more(&mut self) {
        let out = &mut self.out;
        // (A sum of `u32` flags: four hashes a vector instruction, where `count` adds `usize`s.)
        let kept = |hashes: &[u32], mask: u32| hashes.iter().map(|&h| (h & mask == 0) as u32).sum::<u32>() as usize;
        // A level past 31 would keep hashes equal to zero only: stop at 31.
        let mut level = out.level;
        let mut left = out.hashes.len();
        while left > CAP / 2 && level < 31 {
            level += 1;
            left = kept(&out.hashes, (1u32 << level) - 1);
        }
        let mask = (1u32 << level) - 1;
        // Shingles keyed like the runs (by token in a dense stream, shingle i starting at
        // token i; by kept index in a sampled one): run `r` covers `runs[r].at..runs[r + 1].at`
        // (the first from 0), and a kept shingle takes its line from its run. Kept hash
        // `j` and kept run `kr` are written where hash `i >= j` and run `r >= kr` were read.
        if out.runs.is_empty() {
            out.runs.push(LineRun { at: 0, line: 1, len: 0 });
        }
        let (hashes, runs) = (&mut out.hashes[..], &mut out.runs[..]);
        let len = hashes.len();
        let (mut j, mut kr) = (0usize, 0usize);
        for r in 0..runs.len() {
            let run = runs[r];
            let from = if r == 0 { 0 } else { (run.at as usize).min(len) };
            let to = runs.get(r + 1).map_or(len, |x| (x.at as usize).min(len));
            if from >= to {
                continue;
            }
            let first = j;
            let seg = &mut hashes[..to];
            for i in from..to {
                let h = seg[i];
                seg[j] = h;
                j += (h & mask == 0) as usize;
            }
            if j > first && (kr == 0 || runs[kr - 1].line != run.line) {
                runs[kr] = LineRun { at: first as u32, line: run.line, len: run.len };
                kr += 1;
            }
        }
        debug_assert_eq!(j, left);
        out.hashes.truncate(j);
        out.runs.truncate(kr);
        out.level = level;
        self.mask = mask;
    }
}

thread_local! {
    /// The word-stream hash of each frequent vocabulary id met so far (0: not yet), and
    /// whether it is a function word, for the model with the uid (see [`Document::model_uid`]).
    static ID_HASHES: std::cell::RefCell<(u64, Option<IdHashes>)> = const { std::cell::RefCell::new((0, None)) };
}

/// Vocabulary ids below this have their word hash remembered (128 KB a thread: in the
/// L2 cache, and a load from there is cheaper than hashing the word again).
const ID_HASHED: usize = 1 << 14;

/// What is remembered of the frequent vocabulary ids: per id, its word hash (0: not
/// yet known), and a bit set if it is a function word. The bits are apart from the
/// hashes (2 KB, which stays in the L1 cache): side by side, `[hash, flag]` pairs made
/// a 256 KB table, twice the cache lines to read. Fixed-size tables: an id below
/// [`ID_HASHED`] indexes them without a bounds check.
struct IdHashes {
    hashes: Box<[u64; ID_HASHED]>,
    function: Box<[u64; ID_HASHED / 64]>,
}

impl IdHashes {
    /// Nothing known yet.
    fn new() -> Self {
        IdHashes { hashes: crate::zeroed::table(), function: crate::zeroed::table() }
    }

    /// The hash of vocabulary id `id` (below [`ID_HASHED`]), 0 if not known yet, and
    /// whether it is a function word.
    #[inline(always)]
    fn get(&self, id: usize) -> (u64, bool) {
        (self.hashes[id], self.function[id / 64] >> (id % 64) & 1 != 0)
    }

    /// Records `h` as the hash of vocabulary id `id` (below [`ID_HASHED`]) and returns
    /// it, with whether it is a function word.
    #[cold]
    #[inline(never)]
    fn record(&mut self, id: usize, h: u64, fw: &FwTable) -> (u64, bool) {
        let f = fw.contains(h);
        self.hashes[id] = h;
        self.function[id / 64] |= u64::from(f) << (id % 64);
        (h, f)
    }
}

/// The line of a token, moved on from token to token of a document: the line starts
/// the tokenizer found (see [`crate::document::line_breaks`]), not searched for again.
struct LineCursor<'d, I> {
    doc: &'d Document<'d>,
    lines: I,
    /// The current line (without its break) and the next one.
    cur: std::ops::Range<usize>,
    next: Option<std::ops::Range<usize>>,
    /// 1-based line number in the file.
    line: u32,
    /// Length of the current line in characters (plus the document's first column on
    /// its first line).
    len: u32,
    /// Where the next line starts (`usize::MAX`: none).
    next_start: usize,
}

impl<'d> LineCursor<'d, ()> {
    /// The cursor on the first line of `doc`.
    fn new(doc: &'d Document<'d>) -> LineCursor<'d, impl Iterator<Item = std::ops::Range<usize>> + 'd> {
        let mut lines = doc.lines();
        let cur = lines.next().unwrap_or(0..doc.text.len());
        let next = lines.next();
        let next_start = next.as_ref().map_or(usize::MAX, |r| r.start);
        let len = line_chars(doc.text, &cur, doc.origin.column);
        LineCursor { doc, lines, cur, next, line: doc.origin.line as u32 + 1, len, next_start }
    }
}

impl<I: Iterator<Item = std::ops::Range<usize>>> LineCursor<'_, I> {
    /// Moves to the line of byte `pos` (at or past the next line's start); returns
    /// where the line after it starts.
    #[inline(never)]
    fn advance(&mut self, pos: usize) -> usize {
        while self.next.as_ref().is_some_and(|n| pos >= n.start) {
            self.line += 1;
            self.cur = self.next.take().unwrap_or_default();
            self.next = self.lines.next();
        }
        self.next_start = self.next.as_ref().map_or(usize::MAX, |r| r.start);
        self.len = line_chars(self.doc.text, &self.cur, 0);
        self.next_start
    }
}

/// Length in characters of the line `text[range]`, plus `column` (where the line
/// starts when a document starts within it).
fn line_chars(text: &str, range: &std::ops::Range<usize>, column: usize) -> u32 {
    let s = &text[range.clone()];
    let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
    (chars as u32).saturating_add(column as u32)
}

/// What the matcher keeps of one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signature {
    /// Word and number tokens.
    pub words: u64,
    /// Function words and numbers among them (the skeleton tokens that are words).
    pub kept_words: u64,
    /// Word shingles.
    pub word: Stream,
    /// Skeleton shingles.
    pub skel: Stream,
    /// MinHash of the word shingles (empty if the file has none).
    pub minhash: Vec<u32>,
}

/// Builds a [`Signature`] from the documents (chunks) of one file, in order.
pub struct SignatureBuilder {
    word: Shingler,
    skel: Shingler,
    /// `None` when no MinHash is wanted (`perms` 0: a stream without `--against`).
    minhash: Option<MinHasher>,
    words: u64,
    kept_words: u64,
    in_content: bool,
    last_punct: Option<u8>,
    buf: String,
    fw: &'static FwTable,
}

impl SignatureBuilder {
    /// A builder for word shingles of `k` words (clamped to 1..=[`MAX_SHINGLE`]) and
    /// a MinHash of `perms` values (none for 0: its signature's `minhash` is empty).
    pub fn new(k: usize, perms: usize) -> Self {
        SignatureBuilder {
            word: Shingler::new(k.clamp(1, MAX_SHINGLE)),
            skel: Shingler::new(SKEL_K),
            minhash: (perms > 0).then(|| MinHasher::new(perms)),
            words: 0,
            kept_words: 0,
            in_content: false,
            last_punct: None,
            buf: String::new(),
            fw: function_word_table(),
        }
    }

    /// Adds the tokens of the next chunk of the file.
    pub fn add(&mut self, doc: &Document) {
        ID_HASHES.with_borrow_mut(|(uid, by_id)| {
            if *uid != doc.model_uid() {
                *uid = doc.model_uid();
                *by_id = None;
            }
            let by_id = by_id.get_or_insert_with(IdHashes::new);
            dense::BLOCKS.with_borrow_mut(|blocks| {
                let blocks = blocks.get_or_insert_with(dense::Blocks::new);
                self.add_tokens(doc, by_id, blocks);
            });
        });
    }

    /// [`SignatureBuilder::add`], with the word hashes of vocabulary ids met so far.
    fn add_tokens(&mut self, doc: &Document, by_id: &mut IdHashes, blocks: &mut dense::Blocks) {
        // The line cursor: the line of the last token, its length, and where the next
        // line starts (the loop tests only that, kept in a local).
        let mut cursor = LineCursor::new(doc);
        let mut next_start = cursor.next_start;
        // Each stream marks the line of its first token in this document, and of its
        // first token on each line after (see [`Shingler::mark`]). A dense stream has a
        // run per line with a token: room made once (grown a push at a time, the runs
        // were reallocated about five times a document).
        for s in [&mut self.word, &mut self.skel] {
            if s.out.dense() {
                s.out.runs.reserve(doc.line_count());
            }
        }
        self.moved(cursor.line, cursor.len);
        // While both streams are dense, the tokens that cannot take either past `CAP`
        // (at most one shingle a token) go the dense way, a block at a time (see
        // [`dense`]); the rest, if any, the general way, which samples.
        // (One id a token: `min` only says so to the slicing below.)
        let n = doc.tokens.len().min(doc.ids.len());
        let (w, s) = (&self.word.out, &self.skel.out);
        let split =
            if w.dense() && s.dense() { CAP.saturating_sub(w.hashes.len().max(s.hashes.len())).min(n) } else { 0 };
        if split > 0 {
            for s in [&mut self.word, &mut self.skel] {
                s.reserve(split);
            }
            for from in (0..split).step_by(dense::BLOCK) {
                let to = (from + dense::BLOCK).min(split);
                let (w, s) = self.scan::<true, _>(doc, by_id, from..to, &mut cursor, &mut next_start, blocks);
                let wt = blocks.word(w);
                match &mut self.minhash {
                    Some(m) => self.word.push_dense(wt, |h| m.add(h)),
                    None => self.word.push_dense(wt, |_| ()),
                }
                self.skel.push_dense(blocks.skel(s), |_| ());
            }
        }
        if split < n {
            // (At most one shingle per token in each stream.)
            for s in [&mut self.word, &mut self.skel] {
                if s.out.dense() {
                    s.reserve(n - split);
                }
            }
            self.scan::<false, _>(doc, by_id, split..n, &mut cursor, &mut next_start, blocks);
        }
    }

    /// The builder moved to `line` of `len` characters: both streams mark it.
    fn moved(&mut self, line: u32, len: u32) {
        self.word.mark(line, len);
        self.skel.mark(line, len);
    }

    /// The finished signature.
    pub fn finish(self) -> Signature {
        let minhash = match self.minhash {
            Some(m) if !self.word.out.hashes.is_empty() => m.finish(),
            _ => Vec::new(),
        };
        let (word, skel) = (self.word.finish(), self.skel.finish());
        Signature { words: self.words, kept_words: self.kept_words, word, skel, minhash }
    }
}

/// The signature of one text, with the MinHash size of the default threshold (a
/// convenience for tests and tools).
pub fn signature_of(text: &str, k: usize) -> Signature {
    let doc = Document::plain(text);
    let perms = super::LshParams::for_threshold(super::DEFAULT_THRESHOLD).perms();
    let mut b = SignatureBuilder::new(k, perms);
    b.add(&doc);
    b.finish()
}

mod dense;
mod hash;
mod scan;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
