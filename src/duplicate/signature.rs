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

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::document::Document;
use crate::token::{normalize_word, TokenKind};

use super::lsh::MinHasher;

/// Largest word shingle size accepted.
pub const MAX_SHINGLE: usize = 16;
/// Shingle size of the skeleton stream.
pub const SKEL_K: usize = 6;
/// Shingles kept per stream before sampling starts.
pub const CAP: usize = 1 << 18;

/// Function words: kept verbatim in the skeleton stream.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "can't",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "it's",
    "i'm",
    "that's",
    "there's",
    "he's",
    "she's",
    "we're",
    "they're",
    "you're",
    "i've",
    "we've",
];

/// Base of the rolling shingle hash.
const ROLL: u64 = 0x9e37_79b9_7f4a_7c15;

/// Hash of the placeholder standing for a run of content words.
const PLACEHOLDER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Finalizer of MurmurHash3 (64-bit): spreads every input bit over the output.
#[inline]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Lower-cases the ASCII letters of eight ASCII bytes at once.
#[inline]
fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = x.wrapping_add(ONES * (0x80 - b'A' as u64));
    let gt_z = x.wrapping_add(ONES * (0x7f - b'Z' as u64));
    x | (((ge_a & !gt_z) & (ONES * 0x80)) >> 2)
}

/// Hash of bytes eight at a time, ASCII letters lower-cased if `lower` (the bytes
/// must then be ASCII).
#[inline]
fn hash_bytes(b: &[u8], lower: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for c in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        let mut x = u64::from_le_bytes(w);
        if lower {
            x = lower8(x);
        }
        h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 32;
    }
    mix(h)
}

/// [`hash_bytes`] of `bytes[start..end]`, reading eight bytes at a time straight
/// from `bytes` (past `end` when they exist, then masked off) instead of copying
/// each chunk: the same value without a `memcpy` per word.
#[inline]
fn hash_at(bytes: &[u8], start: usize, end: usize, lower: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ ((end - start) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut p = start;
    while p < end {
        let n = end - p;
        let mut x = match bytes.get(p..p + 8) {
            Some(w) => {
                let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
                if n < 8 {
                    x & ((1u64 << (8 * n)) - 1)
                } else {
                    x
                }
            }
            None => {
                let mut w = [0u8; 8];
                w[..n.min(8)].copy_from_slice(&bytes[p..p + n.min(8)]);
                u64::from_le_bytes(w)
            }
        };
        if lower {
            x = lower8(x);
        }
        h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 32;
        p += 8;
    }
    mix(h)
}

/// [`hash_bytes`] of the first `n` bytes (1 to 16; ASCII if `lower`) of the 16
/// bytes `w`: the one or two rounds of its loop, unrolled.
#[inline]
fn hash16(w: &[u8], n: usize, lower: bool) -> u64 {
    debug_assert!(w.len() == 16 && (1..=16).contains(&n));
    let a = u64::from_le_bytes(w[..8].try_into().unwrap_or([0; 8]));
    let b = u64::from_le_bytes(w[8..16].try_into().unwrap_or([0; 8]));
    let round = |h: u64, x: u64| {
        let x = if lower { lower8(x) } else { x };
        let h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 32)
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h = round(h, a & (u64::MAX >> (8 * (8 - n.min(8)))));
    if n > 8 {
        h = round(h, b & (u64::MAX >> (8 * (16 - n))));
    }
    mix(h)
}

/// [`word_hash`] of the token `t` of `text`, without copying ASCII words.
#[inline]
fn token_hash(text: &str, t: &crate::token::Token, buf: &mut String) -> u64 {
    let bytes = text.as_bytes();
    match t.kind {
        TokenKind::Word if t.is_ascii() => {
            let (s, n) = (t.start(), t.end() - t.start());
            match bytes.get(s..s + 16) {
                Some(w) if n <= 16 => hash16(w, n, true),
                _ => hash_at(bytes, s, t.end(), true),
            }
        }
        // (Numbers are short: a byte loop, not a `memchr` call.)
        TokenKind::Number if !bytes[t.range()].contains(&b',') => {
            let (s, n) = (t.start(), t.end() - t.start());
            match bytes.get(s..s + 16) {
                Some(w) if n <= 16 => hash16(w, n, false),
                _ => hash_at(bytes, s, t.end(), false),
            }
        }
        _ => word_hash(&text[t.range()], t.kind, buf),
    }
}

/// The hash of `word` as the word stream sees it (lower case, digit separators dropped).
pub fn word_hash(word: &str, kind: TokenKind, buf: &mut String) -> u64 {
    if kind == TokenKind::Number {
        if word.contains(',') {
            buf.clear();
            buf.extend(word.chars().filter(|&c| c != ','));
            return hash_bytes(buf.as_bytes(), false);
        }
        return hash_bytes(word.as_bytes(), false);
    }
    if word.is_ascii() {
        return hash_bytes(word.as_bytes(), true);
    }
    normalize_word(word, buf);
    hash_bytes(buf.as_bytes(), false)
}

fn function_words() -> &'static FxHashSet<u64> {
    static SET: OnceLock<FxHashSet<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut buf = String::new();
        FUNCTION_WORDS.iter().map(|w| word_hash(w, TokenKind::Word, &mut buf)).collect()
    })
}

/// The function-word hashes in an open-addressed table keyed by their top bits: a
/// lookup is one or two loads and compares (the skeleton asks once per word).
struct FwTable {
    slots: Box<[u64; FW_SLOTS]>,
}

/// Slots of [`FwTable`] (a power of two, several times the number of function words).
const FW_SLOTS: usize = 1024;

impl FwTable {
    #[inline]
    fn contains(&self, h: u64) -> bool {
        let mut i = (h >> 54) as usize;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return false;
            }
            if s == h {
                return true;
            }
            i = (i + 1) % FW_SLOTS;
        }
    }
}

fn function_word_table() -> &'static FwTable {
    static TABLE: OnceLock<FwTable> = OnceLock::new();
    const _: () = assert!(FW_SLOTS == 1 << (64 - 54) && FUNCTION_WORDS.len() < FW_SLOTS / 2);
    TABLE.get_or_init(|| {
        let mut slots = Box::new([0u64; FW_SLOTS]);
        for &h in function_words() {
            // Zero marks an empty slot; no function word hashes to it (see the tests).
            let mut i = (h >> 54) as usize;
            while slots[i] != 0 {
                i = (i + 1) % FW_SLOTS;
            }
            slots[i] = h;
        }
        FwTable { slots }
    })
}

/// True if `word` (any case) is one of the function words of the skeleton stream.
pub fn is_function_word(word: &str) -> bool {
    let mut buf = String::new();
    function_words().contains(&word_hash(word, TokenKind::Word, &mut buf))
}

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

/// Index in [`Shingler::win`] of a block's first token: the `MAX_SHINGLE` entries
/// before it hold the stream's tokens before the block (zero before the stream's start).
const W0: usize = MAX_SHINGLE;

/// A token of a stream: its hash, and the number and length of its line.
#[derive(Clone, Copy, Debug, Default)]
struct Tok {
    h: u64,
    line: u32,
    len: u32,
}

/// One stream's shingler: its tokens are collected a block at a time into `win`,
/// then shingled by [`Shingler::push_block`].
#[derive(Clone, Debug)]
struct Shingler {
    k: usize,
    roll: u64,
    roll_k: u64,
    /// The `MAX_SHINGLE` tokens before the current block, then the block's tokens.
    win: Vec<Tok>,
    /// Shingle hash completed at each token of the block.
    block_hashes: Vec<u32>,
    out: Stream,
    last_line: u32,
    /// Line runs [`Shingler::sample_more`] fills and swaps with the stream's.
    spare_runs: Vec<LineRun>,
}

impl Shingler {
    fn new(k: usize) -> Self {
        Shingler {
            k,
            roll: 0,
            roll_k: ROLL.wrapping_pow(k as u32),
            win: vec![Tok::default(); W0],
            block_hashes: Vec::new(),
            out: Stream { k: k as u8, ..Stream::default() },
            last_line: 0,
            spare_runs: Vec::new(),
        }
    }

    /// Makes room for a block of `n` tokens in `win` (from [`W0`]).
    fn reserve_block(&mut self, n: usize) {
        if self.win.len() < W0 + n {
            self.win.resize(W0 + n, Tok::default());
            self.block_hashes.resize(n, 0);
        }
    }

    /// Shingles the `count` tokens of the block (`win[W0..W0 + count]`), as adding them
    /// one at a time would (a token's rolling hash, then keeping the shingle it
    /// completes, sampling past [`CAP`]), calling `f` with the hash of every shingle
    /// completed. Two tight loops instead of one that does everything per token: the
    /// first computes the shingle hashes (its state stays in registers), the second
    /// keeps them and records the lines.
    #[inline(always)]
    fn push_block(&mut self, count: usize, mut f: impl FnMut(u32)) {
        let k = self.k;
        let n0 = self.out.tokens as usize;
        // The stream's first k - 1 tokens complete no shingle.
        let start = (k - 1).saturating_sub(n0).min(count);
        let mut roll = self.roll;
        let roll_k = self.roll_k;
        {
            let new = &self.win[W0..W0 + count];
            // The token leaving the window: k tokens back (zero before the stream's start).
            let gone = &self.win[W0 - k..W0 - k + count];
            let hs = &mut self.block_hashes[..count];
            for (tok, old) in new[..start].iter().zip(&gone[..start]) {
                roll = roll.wrapping_mul(ROLL).wrapping_add(tok.h).wrapping_sub(old.h.wrapping_mul(roll_k));
            }
            for ((h, tok), old) in hs[start..].iter_mut().zip(&new[start..]).zip(&gone[start..]) {
                // Rolling polynomial hash of the last k tokens.
                roll = roll.wrapping_mul(ROLL).wrapping_add(tok.h).wrapping_sub(old.h.wrapping_mul(roll_k));
                *h = (mix(roll ^ k as u64) >> 32) as u32;
                f(*h);
            }
        }
        self.roll = roll;
        let mut j = 0;
        while j < count {
            let out = &mut self.out;
            if out.level == 0 {
                // Every shingle is kept; a line run starts at each token on a new line.
                let mut last_line = self.last_line;
                while j < count {
                    let Tok { line, len, .. } = self.win[W0 + j];
                    let n = n0 + j;
                    if line != last_line || n == 0 {
                        out.runs.push(LineRun { at: n as u32, line, len });
                    }
                    last_line = line;
                    j += 1;
                    if j > start {
                        out.hashes.push(self.block_hashes[j - 1]);
                        if out.hashes.len() > CAP {
                            break;
                        }
                    }
                }
                self.last_line = last_line;
                if out.hashes.len() > CAP {
                    self.sample_more();
                }
                continue;
            }
            // Only shingles whose hash has its low `level` bits zero are kept, each with
            // the line of its first token.
            let mask = (1u32 << out.level) - 1;
            let from = j.max(start);
            let mut raised = false;
            for i in from..count {
                let h = self.block_hashes[i];
                if h & mask != 0 {
                    continue;
                }
                let Tok { line, len, .. } = self.win[W0 + i + 1 - k];
                let at = out.hashes.len() as u32;
                if out.runs.last().is_none_or(|r| r.line != line) {
                    out.runs.push(LineRun { at, line, len });
                }
                out.hashes.push(h);
                if out.hashes.len() > CAP {
                    j = i + 1;
                    raised = true;
                    break;
                }
            }
            if raised {
                self.sample_more();
            } else {
                j = count;
            }
        }
        if count > 0 {
            self.last_line = self.win[W0 + count - 1].line;
        }
        self.out.tokens = (n0 + count) as u64;
        // The block's last MAX_SHINGLE tokens (with what came before them, if fewer)
        // are the next block's window.
        self.win.copy_within(count..count + W0, 0);
    }

    /// Raises the sampling level until the kept shingles fit in half of [`CAP`]: to
    /// the lowest level that keeps at most `CAP / 2` of them, in one pass over them
    /// (what raising it one level at a time, a pass each, would keep).
    #[cold]
    #[inline(never)]
    fn sample_more(&mut self) {
        let out = &mut self.out;
        let (hashes, runs) = (&out.hashes, &out.runs);
        // tz[b]: kept hashes whose lowest set bit at or above the current level is bit
        // `level + b` (32: none, the hash is zero).
        let mut tz = [0usize; 33];
        for &h in hashes {
            tz[(h >> out.level).trailing_zeros() as usize] += 1;
        }
        // A level past 31 would keep hashes equal to zero only: stop at 31.
        let mut level = out.level;
        let mut left = hashes.len();
        while left > CAP / 2 && level < 31 {
            left -= tz[(level - out.level) as usize];
            level += 1;
        }
        let mask = (1u32 << level) - 1;
        let mut kept_runs = std::mem::take(&mut self.spare_runs);
        kept_runs.clear();
        // Shingles keyed like the runs (by token in a dense stream, shingle i starting at
        // token i; by kept index in a sampled one): run `r` covers `runs[r].at..runs[r + 1].at`
        // (the first from 0), and a kept shingle takes its line from its run. The kept
        // hashes are moved down in place (the `n`-th kept one was read at `j >= n`).
        let fallback = [LineRun { at: 0, line: 1, len: 0 }];
        let runs: &[LineRun] = if runs.is_empty() { &fallback } else { runs };
        let hashes = &mut out.hashes;
        let len = hashes.len();
        let mut n = 0usize;
        for (r, run) in runs.iter().enumerate() {
            let from = if r == 0 { 0 } else { (run.at as usize).min(len) };
            let to = runs.get(r + 1).map_or(len, |x| (x.at as usize).min(len));
            if from >= to {
                continue;
            }
            let first = n;
            for j in from..to {
                let h = hashes[j];
                hashes[n] = h;
                n += (h & mask == 0) as usize;
            }
            if n > first && kept_runs.last().is_none_or(|x: &LineRun| x.line != run.line) {
                kept_runs.push(LineRun { at: first as u32, line: run.line, len: run.len });
            }
        }
        hashes.truncate(n);
        out.level = level;
        self.spare_runs = std::mem::replace(&mut out.runs, kept_runs);
    }
}

thread_local! {
    /// The word-stream hash of each frequent vocabulary id met so far (0: not yet), and
    /// whether it is a function word, for the model with the uid (see [`Document::model_uid`]).
    static ID_HASHES: std::cell::RefCell<(u64, Option<IdHashes>)> = const { std::cell::RefCell::new((0, None)) };
}

/// Vocabulary ids below this have their word hash remembered (144 KB a thread: in the
/// L2 cache, and a load from there is cheaper than hashing the word again).
const ID_HASHED: usize = 1 << 14;

/// What is remembered of the frequent vocabulary ids (fixed-size tables: an id below
/// [`ID_HASHED`] indexes them without a bounds check).
struct IdHashes {
    /// Word hash (0: not yet known).
    hash: Box<[u64; ID_HASHED]>,
    /// The word is a function word (set with `hash`).
    function: Box<[bool; ID_HASHED]>,
}

impl IdHashes {
    /// Nothing known yet.
    fn new() -> Self {
        IdHashes { hash: crate::zeroed::table(), function: crate::zeroed::table() }
    }

    /// Records `h` as the hash of vocabulary id `id` (below [`ID_HASHED`]) and returns
    /// it, with whether it is a function word.
    #[cold]
    #[inline(never)]
    fn record(&mut self, id: usize, h: u64, fw: &FwTable) -> (u64, bool) {
        self.hash[id] = h;
        self.function[id] = fw.contains(h);
        (h, self.function[id])
    }
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
    minhash: MinHasher,
    words: u64,
    kept_words: u64,
    in_content: bool,
    last_punct: Option<u8>,
    buf: String,
    fw: &'static FwTable,
}

/// Tokens taken per block by [`SignatureBuilder::add_tokens`] (the block's buffers,
/// about 100 KiB, stay in the L2 cache).
const BLOCK: usize = 4096;

impl SignatureBuilder {
    /// A builder for word shingles of `k` words (clamped to 1..=[`MAX_SHINGLE`]) and
    /// a MinHash of `perms` values.
    pub fn new(k: usize, perms: usize) -> Self {
        SignatureBuilder {
            word: Shingler::new(k.clamp(1, MAX_SHINGLE)),
            skel: Shingler::new(SKEL_K),
            minhash: MinHasher::new(perms),
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
            self.add_tokens(doc, by_id);
        });
    }

    /// [`SignatureBuilder::add`], with the word hashes of vocabulary ids met so far.
    ///
    /// The tokens are taken in blocks of [`BLOCK`]: a first walk hashes the block's
    /// words and decides its skeleton tokens (with their lines), then each stream
    /// shingles its part of the block in a loop of its own ([`Shingler::push_block`]),
    /// which keeps its state in registers; one loop doing everything per token kept
    /// it in memory. The streams are the same as token by token
    /// ([`SignatureBuilder::add_tokens_one_by_one`], tested).
    fn add_tokens(&mut self, doc: &Document, by_id: &mut IdHashes) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut line = doc.origin.line as u32 + 1;
        let mut line_len = u32::MAX; // computed lazily per line
                                     // The current line (without its break) and where the next one starts, from the
                                     // line starts the tokenizer found (see [`crate::document::line_breaks`]), not
                                     // searched for again.
        let mut lines = doc.lines();
        let mut cur = lines.next().unwrap_or(0..text.len());
        let mut next_start = usize::MAX;
        let mut next = lines.next();
        if let Some(n) = &next {
            next_start = n.start;
        }
        let first_col = doc.origin.column as u32;
        let first_line = line;
        let tokens = &doc.tokens[..];
        let ids = &doc.ids[..tokens.len()];
        let (mut in_content, mut last_punct) = (self.in_content, self.last_punct);
        let mut kept_words = 0u64;
        for (ts, is) in tokens.chunks(BLOCK).zip(ids.chunks(BLOCK)) {
            // Each token adds at most one token to each stream.
            self.word.reserve_block(ts.len());
            self.skel.reserve_block(ts.len());
            let (ww, sw) = (&mut self.word.win[W0..], &mut self.skel.win[W0..]);
            let (mut nw, mut ns) = (0usize, 0usize);
            for (t, &id) in ts.iter().zip(is) {
                let punct = match t.kind {
                    TokenKind::Punct => match bytes[t.start()] {
                        c @ (b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')') => Some(c),
                        _ => continue,
                    },
                    _ => None,
                };
                // Advance the line cursor to the token.
                while t.start() >= next_start {
                    line += 1;
                    line_len = u32::MAX;
                    cur = next.take().unwrap_or_default();
                    next = lines.next();
                    next_start = next.as_ref().map_or(usize::MAX, |n| n.start);
                }
                if line_len == u32::MAX {
                    let s = &text[cur.clone()];
                    let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
                    let col = if line == first_line { first_col } else { 0 };
                    line_len = (chars as u32).saturating_add(col);
                }
                if let Some(c) = punct {
                    // Sentence and clause structure: a spinner leaves it alone.
                    if last_punct != Some(c) {
                        sw[ns] = Tok { h: mix(c as u64 + 0x100), line, len: line_len };
                        ns += 1;
                        last_punct = Some(c);
                    }
                    in_content = false;
                    continue;
                }
                last_punct = None;
                // A word with a vocabulary id has the hash of the id's text (its normalized
                // form, which the word stream hashes too): computed once per thread for the
                // most frequent words (ids are in frequency order; a small table stays in
                // the CPU cache, a table of every id would not).
                // Whether it is a function word is remembered with the hash.
                let (h, function) = if t.kind == TokenKind::Word && (id as usize) < ID_HASHED {
                    match by_id.hash[id as usize] {
                        0 => by_id.record(id as usize, token_hash(text, t, &mut self.buf), self.fw),
                        h => (h, by_id.function[id as usize]),
                    }
                } else {
                    let h = token_hash(text, t, &mut self.buf);
                    (h, t.kind == TokenKind::Word && self.fw.contains(h))
                };
                ww[nw] = Tok { h, line, len: line_len };
                nw += 1;
                if t.kind == TokenKind::Number || function {
                    kept_words += 1;
                    sw[ns] = Tok { h, line, len: line_len };
                    ns += 1;
                    in_content = false;
                } else if !in_content {
                    sw[ns] = Tok { h: PLACEHOLDER, line, len: line_len };
                    ns += 1;
                    in_content = true;
                }
            }
            self.words += nw as u64;
            let minhash = &mut self.minhash;
            self.word.push_block(nw, |h| minhash.add(h));
            self.skel.push_block(ns, |_| {});
        }
        self.kept_words += kept_words;
        (self.in_content, self.last_punct) = (in_content, last_punct);
    }

    /// The finished signature.
    pub fn finish(self) -> Signature {
        let minhash = if self.word.out.hashes.is_empty() { Vec::new() } else { self.minhash.finish() };
        Signature { words: self.words, kept_words: self.kept_words, word: self.word.out, skel: self.skel.out, minhash }
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

#[cfg(test)]
mod tests;
