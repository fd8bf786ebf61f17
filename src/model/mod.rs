//! The word and word-pair statistics garbled checks text against.
//!
//! A model is one byte buffer in the layout of [`format`](mod@format); [`Model::new`] checks the
//! header and section sizes (no parsing, no allocation beyond a few offsets), so the
//! embedded default model is ready in microseconds. [`Model::verify`] recomputes the
//! checksum, which is opt-in because it reads every byte.

pub mod build;
pub mod cache;
pub mod colloc;
pub mod format;
mod huge;
mod keys;
pub mod pairs;
pub mod train;

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use format::*;

/// Most words [`Model::word_ids_lockstep`] takes at once.
pub(crate) const LOCKSTEP: usize = 16;

/// Pair table of adjacent words.
pub const ADJACENT: usize = 0;
/// Pair table of words with exactly one word between them.
pub const SKIP_ONE: usize = 1;

/// Why a model could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with the model magic.
    NotAModel,
    /// The model was written by another format version.
    Version {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The sizes in the header do not match the byte length.
    Truncated {
        /// Bytes the header announces.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
    /// The checksum does not match the contents.
    Checksum,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotAModel => write!(f, "not a garbled model (bad magic bytes)"),
            ModelError::Version { found, expected } => write!(
                f,
                "model format version {found}, this garbled reads version {expected}: rerun `garbled train`"
            ),
            ModelError::Truncated { expected, found } => write!(
                f,
                "model is {found} bytes but its header announces {expected}: the file is truncated or corrupt, rerun `garbled train`"
            ),
            ModelError::Checksum => write!(f, "model checksum mismatch: the file is corrupt, rerun `garbled train`"),
        }
    }
}

impl std::error::Error for ModelError {}

#[derive(Clone, Copy, Debug)]
struct Table {
    offsets: usize,
    ids: usize,
    counts: usize,
    len: usize,
}

/// Word counts, pair counts and synonyms, read in place from bytes.
pub struct Model {
    data: Cow<'static, [u8]>,
    tokens: u64,
    docs: u32,
    n_words: usize,
    slots: usize,
    words: usize,
    slot_table: usize,
    tables: Vec<Table>,
    syn: Table,
    strings: usize,
    number_id: Option<u32>,
    collocations: OnceLock<colloc::Collocations>,
    pairs: OnceLock<Option<pairs::PairTable>>,
    synonym_lens: OnceLock<Vec<u8>>,
    synonym_words: OnceLock<(u64, Vec<bool>)>,
    /// The short words keyed like the word-id cache, once [`Model::build_keys`] made them.
    keys: OnceLock<Option<keys::Keys>>,
    uid: u64,
}

static EMBEDDED: &[u8] = include_bytes!("../../corpus/model.bin");

impl Model {
    /// Checks the header of `data` and returns a model reading from it.
    pub fn new(data: impl Into<Cow<'static, [u8]>>) -> Result<Model, ModelError> {
        let data = data.into();
        let b: &[u8] = &data;
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let version = u32_at(b, 8);
        if version != FORMAT_VERSION {
            return Err(ModelError::Version { found: version, expected: FORMAT_VERSION });
        }
        let n_tables = u32_at(b, 12) as usize;
        let tokens = u64_at(b, 16);
        let n_words = u32_at(b, 24) as usize;
        let slots = u32_at(b, 28) as usize;
        let strings_len = u32_at(b, 32) as usize;
        let n_syn = u32_at(b, 36) as usize;
        let docs = u32_at(b, 44);
        let truncated = |expected: usize| ModelError::Truncated { expected, found: b.len() };
        let mut off = HEADER_LEN;
        let words = off;
        off += n_words * 12;
        let slot_table = off;
        off += slots * 4;
        let mut tables = Vec::with_capacity(n_tables);
        let list = |off: &mut usize, width: usize| -> Result<Table, ModelError> {
            let offsets = *off;
            let end = offsets + (n_words + 1) * 4;
            if end > b.len() {
                return Err(truncated(end));
            }
            let len = u32_at(b, offsets + n_words * 4) as usize;
            let ids = end;
            let counts = ids + len * 4;
            *off = counts + len * width;
            Ok(Table { offsets, ids, counts, len })
        };
        for _ in 0..n_tables {
            tables.push(list(&mut off, 2)?);
        }
        let syn = list(&mut off, 0)?;
        if syn.len != n_syn {
            return Err(ModelError::Truncated { expected: n_syn, found: syn.len });
        }
        let strings = off;
        off += strings_len;
        if off != b.len() {
            return Err(truncated(off));
        }
        let mut m = Model {
            data,
            tokens,
            docs,
            n_words,
            slots,
            words,
            slot_table,
            tables,
            syn,
            strings,
            number_id: None,
            collocations: OnceLock::new(),
            pairs: OnceLock::new(),
            synonym_lens: OnceLock::new(),
            synonym_words: OnceLock::new(),
            keys: OnceLock::new(),
            uid: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        m.number_id = m.word_id(NUMBER_WORD);
        Ok(m)
    }

    /// The default model, compiled into the binary from `corpus/model.bin`.
    pub fn embedded() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| Model::new(EMBEDDED).expect("the embedded model is valid (checked by tests)"))
    }

    /// A model with no words, for tests and for analyzers that need none.
    pub fn empty() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| Model::new(build::write(&build::Counts::default())).expect("empty model"))
    }

    /// Recomputes the checksum over the whole model.
    pub fn verify(&self) -> Result<(), ModelError> {
        if crc32fast::hash(&self.data[HEADER_LEN..]) == u32_at(&self.data, 40) {
            Ok(())
        } else {
            Err(ModelError::Checksum)
        }
    }

    /// A number no other model of this process has: tells caches which model they hold.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    /// The raw bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// Word and number tokens counted in training.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// Documents counted in training.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Vocabulary size.
    pub fn vocab_len(&self) -> usize {
        self.n_words
    }

    /// The id of a normalized word (see [`crate::token::normalize_word`]).
    pub fn word_id(&self, word: &str) -> Option<u32> {
        self.word_id_hashed(word.as_bytes(), hash(word.as_bytes()))
    }

    /// [`Model::word_id`] of the word's bytes, with their [`format::hash`] already computed.
    pub(crate) fn word_id_hashed(&self, word: &[u8], h: u64) -> Option<u32> {
        if self.n_words == 0 {
            return None;
        }
        if let Some(t) = self.keys() {
            if let Some((a, b)) = keys::key(word, 0, word.len()) {
                return Some(t.id(a, b, u32::MAX)).filter(|&id| id != u32::MAX);
            }
        }
        self.probe_from(word, h as usize)
    }

    /// [`Model::word_id`] of `word`, probing the slots from slot `s` (masked) on.
    fn probe_from(&self, word: &[u8], s: usize) -> Option<u32> {
        let mask = self.slots - 1;
        let mut s = s & mask;
        loop {
            let v = u32_at(&self.data, self.slot_table + s * 4);
            if v == 0 {
                return None;
            }
            if self.word_bytes(v - 1) == word {
                return Some(v - 1);
            }
            s = (s + 1) & mask;
        }
    }

    /// [`Model::word_id`] of each of `words` (at most [`LOCKSTEP`]) into `out`, the
    /// lookups run in lockstep: each step (the home slot, the word entry, its bytes)
    /// is taken for every word before the next, so that their cache misses overlap
    /// instead of each word waiting on three misses in a row.
    pub(crate) fn word_ids_lockstep(&self, words: &[&[u8]], out: &mut [Option<u32>]) {
        assert!(words.len() <= LOCKSTEP && out.len() >= words.len());
        if self.n_words == 0 {
            out.fill(None);
            return;
        }
        let mask = self.slots - 1;
        let (mut home, mut v, mut at) = ([0usize; LOCKSTEP], [0u32; LOCKSTEP], [(0usize, 0usize); LOCKSTEP]);
        for (k, w) in words.iter().enumerate() {
            home[k] = hash(w) as usize & mask;
            v[k] = u32_at(&self.data, self.slot_table + home[k] * 4);
        }
        for k in 0..words.len() {
            if v[k] != 0 {
                let o = self.words + (v[k] - 1) as usize * 12;
                at[k] = (self.strings + u32_at(&self.data, o) as usize, u32_at(&self.data, o + 4) as usize);
            }
        }
        for (k, w) in words.iter().enumerate() {
            out[k] = if v[k] == 0 {
                None
            } else if self.data[at[k].0..at[k].0 + at[k].1] == **w {
                Some(v[k] - 1)
            } else {
                self.probe_from(w, home[k] + 1)
            };
        }
    }

    /// Builds the table of the short words keyed like the word-id cache (once; see
    /// [`keys`]): for a process that has checked enough text for the word-id cache's
    /// misses to outnumber its cost.
    pub(crate) fn build_keys(&self) {
        self.keys.get_or_init(|| keys::Keys::build(self));
    }

    /// The table [`Model::build_keys`] made, if it did.
    #[inline]
    pub(crate) fn keys(&self) -> Option<&keys::Keys> {
        self.keys.get().and_then(Option::as_ref)
    }

    /// The id standing for every number token, if the model has one.
    pub fn number_id(&self) -> Option<u32> {
        self.number_id
    }

    /// The text of word `id`.
    pub fn word(&self, id: u32) -> &str {
        std::str::from_utf8(self.word_bytes(id)).unwrap_or("")
    }

    /// The bytes of word `id` (no UTF-8 check: for comparisons on the hot path).
    fn word_bytes(&self, id: u32) -> &[u8] {
        let o = self.words + id as usize * 12;
        let (s, l) = (u32_at(&self.data, o) as usize, u32_at(&self.data, o + 4) as usize);
        &self.data[self.strings + s..self.strings + s + l]
    }

    /// How often word `id` was seen.
    pub fn count(&self, id: u32) -> u64 {
        u32_at(&self.data, self.words + id as usize * 12 + 8) as u64
    }

    /// How often a normalized word was seen (0 if unknown).
    pub fn word_count(&self, word: &str) -> u64 {
        self.word_id(word).map_or(0, |id| self.count(id))
    }

    fn list(&self, t: &Table, a: u32) -> (usize, usize) {
        let o = t.offsets + a as usize * 4;
        (u32_at(&self.data, o) as usize, u32_at(&self.data, o + 4) as usize)
    }

    /// How often `a` was followed by `b` in pair table `table` (0 if never or pruned).
    pub fn pair_count(&self, table: usize, a: u32, b: u32) -> u64 {
        if table == ADJACENT {
            if let Some(Some(p)) = self.pairs.get() {
                return p.get(a, b);
            }
        }
        let Some(t) = self.tables.get(table) else { return 0 };
        let (lo, hi) = self.list(t, a);
        let (ids, _) = self.data[t.ids + lo * 4..t.ids + hi * 4].as_chunks::<4>();
        match ids.binary_search_by_key(&b, |c| u32::from_le_bytes(*c)) {
            Ok(k) => decode_count(u16_at(&self.data, t.counts + (lo + k) * 2)),
            Err(_) => 0,
        }
    }

    /// The counts of many adjacent pairs, `out[k] = pair_count(ADJACENT, pairs[k])`:
    /// the pair table's batched lookups once it is built, else the sorted lists'
    /// binary searches run in lockstep. Either way the cache misses overlap.
    pub fn pair_counts(&self, pairs: &[(u32, u32)], out: &mut Vec<u64>) {
        match self.pair_table_if_built() {
            Some(t) => t.get_many(pairs, out),
            None => pairs::search_many(self, pairs, out),
        }
    }

    /// [`Model::pair_counts`] into `out` (at least as long as `pairs`).
    pub fn pair_counts_into(&self, pairs: &[(u32, u32)], out: &mut [u64]) {
        match self.pair_table_if_built() {
            Some(t) => t.get_batch(pairs, out),
            None => {
                let mut v = Vec::with_capacity(pairs.len());
                pairs::search_many(self, pairs, &mut v);
                out[..v.len()].copy_from_slice(&v);
            }
        }
    }

    /// Number of distinct words stored as following `a` in table `table`.
    pub fn follower_len(&self, table: usize, a: u32) -> usize {
        self.tables.get(table).map_or(0, |t| {
            let (lo, hi) = self.list(t, a);
            hi - lo
        })
    }

    /// Number of distinct pairs stored in table `table`.
    pub fn pair_len(&self, table: usize) -> usize {
        self.tables.get(table).map_or(0, |t| t.len)
    }

    /// The words that follow `a` in table `table`, with counts.
    pub fn followers(&self, table: usize, a: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
        let t = self.tables.get(table).copied();
        let (lo, hi) = t.map_or((0, 0), |t| self.list(&t, a));
        (lo..hi).map(move |i| {
            let t = t.expect("non-empty range implies table");
            (u32_at(&self.data, t.ids + i * 4), decode_count(u16_at(&self.data, t.counts + i * 2)))
        })
    }

    /// Pointwise mutual information (natural log) of the pair `a b` seen `c` times,
    /// with half a count added so that unseen pairs have a finite value.
    pub fn pmi(&self, a: u32, b: u32, c: u64) -> f64 {
        let n = self.tokens().max(1) as f64;
        ((c as f64 + 0.5) * n / (self.count(a) as f64 * self.count(b) as f64).max(1.0)).ln()
    }

    /// True when `a b` is a strong collocation (see [`colloc`]): from the table once
    /// it is built ([`Model::collocations`]), else from the pair's count (a small check
    /// asks too few questions to pay for the table; the answers are the same).
    pub fn is_collocation(&self, a: u32, b: u32) -> bool {
        match self.collocations_if_built() {
            Some(t) => t.contains(a, b),
            None => colloc::is_strong(self, a, b, self.pair_count(ADJACENT, a, b)),
        }
    }

    /// The strong collocations if [`Model::collocations`] has built them already.
    pub fn collocations_if_built(&self) -> Option<&colloc::Collocations> {
        self.collocations.get()
    }

    /// The strong collocations (see [`colloc`]), built on first use.
    pub fn collocations(&self) -> &colloc::Collocations {
        self.collocations.get_or_init(|| colloc::Collocations::build(self))
    }

    /// The adjacent pairs as a hash table (see [`pairs`]), built on first use; None
    /// when the vocabulary is too large for it. Once built, [`Model::pair_count`]
    /// answers adjacent pairs from it too.
    pub fn pair_table(&self) -> Option<&pairs::PairTable> {
        self.pairs
            .get_or_init(|| {
                // The collocations too, if not built yet, from the same walk over the
                // model's lists (each read once, not twice).
                let mut table = None;
                self.collocations.get_or_init(|| {
                    let mut c = colloc::Builder::new(self);
                    table = Some(pairs::PairTable::build(self, Some(&mut c)));
                    c.finish(self)
                });
                table.unwrap_or_else(|| pairs::PairTable::build(self, None))
            })
            .as_ref()
    }

    /// The adjacent-pair hash table if [`Model::pair_table`] has built it already.
    pub fn pair_table_if_built(&self) -> Option<&pairs::PairTable> {
        self.pairs.get().and_then(Option::as_ref)
    }

    /// The number of synonyms of every word, capped at 255 (built on first use: one
    /// byte a word, so that per-token checks stay in the CPU cache).
    pub fn synonym_lens(&self) -> &[u8] {
        self.synonym_lens.get_or_init(|| {
            // One pass over the list offsets (a small check builds this once per process:
            // a call of `synonyms` per word cost four times as much).
            let n = self.n_words;
            let offsets = self.data.get(self.syn.offsets..self.syn.offsets + (n + 1) * 4).filter(|_| self.syn.len > 0);
            match offsets {
                Some(o) => o
                    .as_chunks::<4>()
                    .0
                    .windows(2)
                    .map(|w| u32::from_le_bytes(w[1]).saturating_sub(u32::from_le_bytes(w[0])).min(255) as u8)
                    .collect(),
                None => (0..n as u32)
                    .map(|id| if self.syn.len == 0 { 0 } else { self.synonyms(id).len().min(255) as u8 })
                    .collect(),
            }
        })
    }

    /// For every word, whether it has synonyms and was seen at least `min_count`
    /// times: one byte a word, so that per-token checks stay in the CPU cache. Built
    /// on first use for the first `min_count` asked (other thresholds are computed
    /// afresh each time).
    pub fn synonym_words(&self, min_count: u64) -> Cow<'_, [bool]> {
        let build = || {
            let lens = self.synonym_lens();
            (0..self.n_words as u32).map(|id| lens[id as usize] > 0 && self.count(id) >= min_count).collect()
        };
        match self.synonym_words.get_or_init(|| (min_count, build())) {
            (m, words) if *m == min_count => Cow::Borrowed(words),
            _ => Cow::Owned(build()),
        }
    }

    /// The number of synonyms of word `id`.
    pub fn synonym_len(&self, id: u32) -> usize {
        match self.synonym_lens().get(id as usize) {
            Some(&n) if n < 255 => n as usize,
            _ => self.synonyms(id).len(),
        }
    }

    /// True when some synonym of word `id` is in `sorted` (ascending ids): a merge
    /// when both lists are short, else a binary search for each synonym.
    pub fn any_synonym_in(&self, id: u32, sorted: &[u32]) -> bool {
        if sorted.is_empty() || self.syn.len == 0 {
            return false;
        }
        let (lo, hi) = self.list(&self.syn, id);
        let (syn, _) = self.data[self.syn.ids + lo * 4..self.syn.ids + hi * 4].as_chunks::<4>();
        any_in_sorted(syn.iter().map(|c| u32::from_le_bytes(*c)), sorted)
    }

    /// True when `y` is a synonym of `b` or of one of `b`'s synonyms, as
    /// `synonyms(b).any(|z| z == y || synonyms(z).any(|z2| z2 == y))` answers. The
    /// bounds of the synonyms' lists are read, a run at a time, before any list is
    /// searched: walked one after another, each list waited on its bounds (two cache
    /// misses in a row for each synonym).
    pub fn related_within_two(&self, b: u32, y: u32) -> bool {
        // (The embedded model's lists are at most 32 long: one run.)
        self.related_within_two_in::<32>(b, y)
    }

    /// [`Model::related_within_two`], reading `RUN` lists' bounds at a time.
    fn related_within_two_in<const RUN: usize>(&self, b: u32, y: u32) -> bool {
        if self.syn.len == 0 {
            return false;
        }
        let (lo, hi) = self.list(&self.syn, b);
        let zs = self.data[self.syn.ids + lo * 4..self.syn.ids + hi * 4].as_chunks::<4>().0;
        if zs.iter().any(|z| u32::from_le_bytes(*z) == y) {
            return true;
        }
        let mut bounds = [(0, 0); RUN];
        zs.chunks(RUN).any(|run| {
            for (z, b) in run.iter().zip(&mut bounds) {
                *b = self.list(&self.syn, u32::from_le_bytes(*z));
            }
            bounds[..run.len()].iter().any(|&(lo, hi)| (lo..hi).any(|i| u32_at(&self.data, self.syn.ids + i * 4) == y))
        })
    }

    /// Synonym candidates of word `id`, as ids.
    pub fn synonyms(&self, id: u32) -> impl ExactSizeIterator<Item = u32> + '_ {
        let (lo, hi) = if self.syn.len == 0 { (0, 0) } else { self.list(&self.syn, id) };
        (lo..hi).map(move |i| u32_at(&self.data, self.syn.ids + i * 4))
    }
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("bytes", &self.data.len())
            .field("tokens", &self.tokens)
            .field("words", &self.n_words)
            .field("pairs", &self.tables.iter().map(|t| t.len).collect::<Vec<_>>())
            .field("synonyms", &self.syn.len)
            .finish()
    }
}

/// True when one of `ids` (ascending) is in `sorted` (ascending): a merge walk when
/// both are about as long, else a binary search for each of `ids`.
pub fn any_in_sorted(ids: impl ExactSizeIterator<Item = u32>, sorted: &[u32]) -> bool {
    if sorted.len() > 4 * ids.len() {
        return ids.into_iter().any(|s| sorted.binary_search(&s).is_ok());
    }
    let mut rest = sorted;
    for s in ids {
        while let [x, tail @ ..] = rest {
            if *x >= s {
                break;
            }
            rest = tail;
        }
        match rest.first() {
            Some(&x) if x == s => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_in_sorted_by_walk_and_by_search() {
        let long: Vec<u32> = (0..100).map(|i| i * 3).collect();
        for sorted in [&[2u32, 9, 40][..], &long[..]] {
            assert!(any_in_sorted([1u32, 9].into_iter(), sorted));
            assert!(!any_in_sorted([1u32, 10, 500].into_iter(), sorted));
            assert!(!any_in_sorted(std::iter::empty(), sorted));
        }
        assert!(!any_in_sorted([1u32].into_iter(), &[]));
    }

    #[test]
    fn related_within_two_agrees_with_the_plain_way() {
        let plain = |m: &Model, b: u32, y: u32| m.synonyms(b).any(|z| z == y || m.synonyms(z).any(|z2| z2 == y));
        let m = Model::embedded();
        let n = m.vocab_len() as u32;
        let (mut yes, mut no) = (0, 0);
        // Every word with synonyms among the first 3,000 (some with more than one run of
        // bounds), against its synonyms' synonyms and a spread of other words.
        for b in (0..3_000).filter(|&b| m.synonyms(b).len() > 0) {
            let two: Vec<u32> = m.synonyms(b).flat_map(|z| m.synonyms(z)).collect();
            for y in two.into_iter().chain((0..n).step_by(997)) {
                let r = m.related_within_two(b, y);
                assert_eq!(r, plain(m, b, y), "{b} {y}");
                assert_eq!(m.related_within_two_in::<5>(b, y), r, "{b} {y} in runs of 5");
                if r {
                    yes += 1
                } else {
                    no += 1
                }
            }
        }
        assert!(yes > 1_000 && no > 1_000, "{yes} {no}");
        let s = small();
        for (b, y) in (0..6).flat_map(|b| (0..6).map(move |y| (b, y))) {
            assert_eq!(s.related_within_two(b, y), plain(&s, b, y));
        }
    }

    #[test]
    fn synonym_lens_count_each_list() {
        let empty = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2)], &[]))).unwrap();
        for m in [Model::embedded(), &small(), &empty] {
            let lens = m.synonym_lens();
            assert_eq!(lens.len(), m.vocab_len());
            assert!((0..m.vocab_len() as u32).all(|id| lens[id as usize] as usize == m.synonyms(id).len().min(255)));
        }
        assert!(Model::embedded().synonym_lens().iter().filter(|&&n| n > 0).count() > 10_000);
    }

    fn small() -> Model {
        let mut c = build::counts_from(
            &[("the", 100), ("cold", 10), ("war", 12), ("chilly", 3), ("warfare", 4), ("#", 5)],
            &[("cold", "war", 8), ("the", "cold", 5), ("chilly", "warfare", 0)],
        );
        c.synonyms = vec![(1, 3), (3, 1)];
        Model::new(build::write(&c)).unwrap()
    }

    #[test]
    fn looks_up_words_pairs_synonyms() {
        let m = small();
        m.verify().unwrap();
        assert_eq!(m.word_id("the"), Some(0));
        assert_eq!(m.word_count("war"), 12);
        assert_eq!(m.word_id("peace"), None);
        let (cold, war, the) = (m.word_id("cold").unwrap(), m.word_id("war").unwrap(), m.word_id("the").unwrap());
        assert_eq!(m.pair_count(ADJACENT, cold, war), 8);
        assert_eq!(m.pair_count(ADJACENT, war, cold), 0);
        assert_eq!(m.pair_count(ADJACENT, the, cold), 5);
        assert_eq!(m.pair_count(SKIP_ONE, the, war), 0);
        let syn: Vec<&str> = m.synonyms(cold).map(|i| m.word(i)).collect();
        assert_eq!(syn, vec!["chilly"]);
        assert!(m.number_id().is_some());
    }

    #[test]
    fn same_counts_same_bytes_in_any_order() {
        let a = build::counts_from(&[("a", 1), ("b", 1), ("c", 2)], &[("a", "b", 1), ("c", "a", 2)]);
        let b = build::counts_from(&[("c", 2), ("b", 1), ("a", 1)], &[("c", "a", 2), ("a", "b", 1)]);
        assert_eq!(build::write(&a), build::write(&b));
    }

    #[test]
    fn rejects_bad_bytes() {
        assert_eq!(Model::new(b"nonsense".to_vec()).unwrap_err(), ModelError::NotAModel);
        let mut bytes = build::write(&build::counts_from(&[("a", 1)], &[]));
        bytes[8] = 99;
        assert!(matches!(Model::new(bytes.clone()), Err(ModelError::Version { found: 99, .. })));
        bytes[8] = FORMAT_VERSION as u8;
        bytes.pop();
        assert!(matches!(Model::new(bytes.clone()), Err(ModelError::Truncated { .. })));
        let mut bytes = build::write(&build::counts_from(&[("a", 1)], &[]));
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(Model::new(bytes).unwrap().verify(), Err(ModelError::Checksum));
    }
}
