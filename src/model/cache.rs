//! A direct-mapped cache of word lookups, for the tokenizer's hot path.
//!
//! Every word of every document is looked up in the vocabulary: a hash, a probe of
//! the slot table and a comparison with the stored word, each a likely cache miss
//! in a 25 MB model. Word frequencies are Zipfian — a few thousand words make most
//! of any text — so a cache of short words, its frequent entries staying in the CPU's
//! caches, answers most lookups without touching the model. A word of up to 16 bytes is its own key
//! (two little-endian `u64`s, zero-padded: its length is the number of bytes before the
//! padding): a hit costs two loads and two comparisons, no hashing of the bytes and no
//! `memcmp`. Words of up to 12 bytes (99% of prose) have 16-byte entries, the id in the
//! key's second word's padding, so that the table fits in a core's L2 cache; longer ones
//! have a small table of their own. Results are the same with or without it.
//!
//! A document's words the cache lacks are looked up in the model together, at the
//! end of each block of tokens ([`Lookup::key_id`], [`Lookup::resolve`]): one at a
//! time, each waited on three cache misses in a row in the model (slot, word entry,
//! bytes); in lockstep, those of up to 16 words overlap.
//! Once a thread has tokenized enough text, the misses of words of up to 12 bytes are
//! looked up in the model's key table instead (`model::keys`: one read each, keyed
//! like this cache).

use super::format::hash;
use super::{Model, LOCKSTEP};
use crate::token::WordKey;

/// `1 << BITS` entries of 16 bytes (1 MB, a core's L2 cache on the machine measured) for
/// words of up to [`SHORT`] bytes. On the 20 MB benchmark file it goes to the model 143K
/// times where 128K entries went 108K times, words sharing a slot evicting each other,
/// but a hit's load, half of the tokenizer's time, waits less. (A 2-way table of 64K
/// entries of 24 bytes cost more instructions per hit than the lookups it saved.)
const BITS: u32 = 16;
const WAYS: usize = 1 << BITS;
/// Words of up to this many bytes have [`Short`] entries: their key's second word fits
/// in 32 bits, leaving the other 32 for the id. (Under 1% of the words of prose are longer.)
const SHORT: usize = 12;
/// `1 << LONG_BITS` entries of 24 bytes (96 KB) for words of `SHORT + 1` to [`MAX_LEN`] bytes.
const LONG_BITS: u32 = 12;
const LONG_WAYS: usize = 1 << LONG_BITS;
/// Words longer than this go straight to the model.
const MAX_LEN: usize = 16;

/// A short word's entry: the key's first word, then its second word (below 2^32) `| id
/// << 32` (all zero: empty; no key's first word is zero, as a key has at least one byte
/// and no zero byte). Plain integers, so that a zeroed table comes straight from the
/// allocator's zeroed pages instead of being written entry by entry.
type Short = [u64; 2];

/// A long word's entry: the key's two words, then the id (all zero: empty).
type Long = [u64; 3];

/// The entries, a fixed size (indexes masked to it need no bounds check).
type Table = Box<[Short; WAYS]>;

/// The long words' entries.
type LongTable = Box<[Long; LONG_WAYS]>;

/// The stored id of a word the model does not know: [`NO_ID`](crate::document::NO_ID),
/// so that [`Lookup::key_id`] hands a document its id as stored.
const NONE: u32 = crate::document::NO_ID;

/// A stored id as an answer: `None` for [`NONE`].
#[inline(always)]
fn found(id: u32) -> Option<u32> {
    (id != NONE).then_some(id)
}

/// What [`Lookup::key_id`] answers for a word it looks up in the model only at the next
/// [`Lookup::resolve`] (no word has this id: a model that large would not fit in memory).
const PENDING: u32 = NONE - 1;

/// A word [`Lookup::key_id`] left to [`Lookup::resolve`]: its key's bytes, length,
/// cache slot, and where its id goes.
struct Pending {
    bytes: [u8; 16],
    len: usize,
    slot: usize,
    at: usize,
}

/// Remembers recent word lookups of one model.
#[derive(Default)]
pub struct IdCache {
    model: u64,
    /// Allocated on first use, and anew for another model.
    entries: Option<(Table, LongTable)>,
    /// The words waiting for [`Lookup::resolve`] (kept for its capacity).
    pending: Vec<Pending>,
    /// Bytes of text tokenized with this model (see [`Lookup::checking`]).
    checked: usize,
}

/// An [`IdCache`] bound to one model: what [`Document::new`](crate::document::Document::new)
/// looks every word up through (the model is checked once, not per word).
pub struct Lookup<'c> {
    model: &'c Model,
    /// The tables themselves, not their boxes (one load less a lookup).
    short: &'c mut [Short; WAYS],
    long: &'c mut [Long; LONG_WAYS],
    pending: &'c mut Vec<Pending>,
    /// The tables were allocated for this lookup (all empty: nothing to [`Lookup::warm`]).
    fresh: bool,
    /// The cache's count of bytes tokenized (see [`Lookup::checking`]).
    checked: &'c mut usize,
}

/// A key's two words as 16 bytes.
#[inline]
pub(super) fn key_bytes(a: u64, b: u64) -> [u8; 16] {
    let mut buf = [0u8; 16];
    buf[..8].copy_from_slice(&a.to_le_bytes());
    buf[8..].copy_from_slice(&b.to_le_bytes());
    buf
}

/// [`key_bytes`] undone.
#[inline(always)]
pub(super) fn key_words(bytes: &[u8; 16]) -> (u64, u64) {
    let (a, b) = bytes.split_at(8);
    (u64::from_le_bytes(a.try_into().unwrap_or([0; 8])), u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
}

/// Lower-cases the ASCII letters of eight ASCII bytes at once.
#[inline]
fn lower8(x: u64) -> u64 {
    const H: u64 = 0x8080_8080_8080_8080;
    let ge_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & H; // byte >= 'A'
    let gt_z = x.wrapping_add(0x2525_2525_2525_2525) & H; // byte > 'Z'
    x | ((ge_a & !gt_z) >> 2)
}

/// The bytes `bytes[start..start + len]` (`len <= 16`) as two zero-padded little-endian words.
#[inline]
pub(super) fn load16(bytes: &[u8], start: usize, len: usize) -> (u64, u64) {
    let (a, b) = if start + 16 <= bytes.len() {
        let a = u64::from_le_bytes(bytes[start..start + 8].try_into().unwrap_or([0; 8]));
        let b = u64::from_le_bytes(bytes[start + 8..start + 16].try_into().unwrap_or([0; 8]));
        (a, b)
    } else {
        let mut buf = [0u8; 16];
        buf[..len].copy_from_slice(&bytes[start..start + len]);
        (
            u64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8])),
            u64::from_le_bytes(buf[8..].try_into().unwrap_or([0; 8])),
        )
    };
    let (ma, mb) = MASKS[len];
    (a & ma, b & mb)
}

/// `MASKS[n]`: the masks keeping the first `n` bytes (`n <= 16`) of two little-endian words.
static MASKS: [(u64, u64); MAX_LEN + 1] = {
    let mut t = [(0u64, 0u64); MAX_LEN + 1];
    let mut n = 1;
    while n <= MAX_LEN {
        let a = if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        let b = if n <= 8 {
            0
        } else if n == 16 {
            u64::MAX
        } else {
            (1u64 << (8 * (n - 8))) - 1
        };
        t[n] = (a, b);
        n += 1;
    }
    t
};

/// The length of a key with no zero byte before its padding: the index of its last
/// nonzero byte, plus one.
fn key_len(a: u64, b: u64) -> usize {
    if b != 0 {
        16 - (b.leading_zeros() / 8) as usize
    } else {
        8 - (a.leading_zeros() / 8) as usize
    }
}

impl IdCache {
    /// This cache bound to `model` (forgetting what it remembers of another model).
    #[inline]
    pub fn lookup<'c>(&'c mut self, model: &'c Model) -> Lookup<'c> {
        let key = model.uid();
        if self.model != key {
            self.model = key;
            self.entries = None;
            self.checked = 0;
        }
        let fresh = self.entries.is_none();
        let (short, long) = self.entries.get_or_insert_with(|| (crate::zeroed::table(), crate::zeroed::table()));
        // (Nothing a lookup dropped before resolving left.)
        self.pending.clear();
        Lookup { model, short, long, pending: &mut self.pending, fresh, checked: &mut self.checked }
    }
}

/// Bytes a thread tokenizes with a model before the model's key table is built
/// ([`Lookup::checking`]).
const KEYS_AFTER: usize = 256 << 10;

impl Lookup<'_> {
    /// Notes that `bytes` more of text are about to be tokenized: once the cache's
    /// total (this thread's, with this model) reaches `KEYS_AFTER` (256 KiB), the
    /// model's key table is built (`Model::build_keys`), before the text that reaches
    /// it is tokenized, and the cache's misses are looked up there.
    #[inline]
    pub fn checking(&mut self, bytes: usize) {
        let before = *self.checked;
        *self.checked = before.saturating_add(bytes);
        if before < KEYS_AFTER && *self.checked >= KEYS_AFTER {
            self.model.build_keys();
        }
    }

    /// The hash of a key, whose top bits pick its slot in the cache (not the model's
    /// [`hash`], which finds a word's slot in the model).
    #[inline(always)]
    fn slot_hash(a: u64, b: u64, len: usize) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        ((a ^ b.rotate_left(29)).wrapping_mul(K) ^ len as u64).wrapping_mul(K)
    }

    /// The model's answer for the normalized word held in `(a, b)` (`len` bytes, 1 to 16,
    /// none of them zero), cached, as stored: the id, or [`NONE`]. The key alone tells
    /// a hit: its length is the number of its bytes before the zero padding (`word_id`
    /// sends a word with a zero byte to the model).
    #[inline(always)]
    fn keyed(&mut self, a: u64, b: u64, len: usize) -> u32 {
        match self.cached(a, b, len) {
            Ok(id) => id,
            Err(slot) => self.miss(a, b, len, slot),
        }
    }

    /// The cached answer for the key (see [`Lookup::keyed`]), or its slot (in the table
    /// its length picks) if not cached.
    #[inline(always)]
    fn cached(&self, a: u64, b: u64, len: usize) -> Result<u32, usize> {
        debug_assert_eq!(key_len(a, b), len);
        let h = Self::slot_hash(a, b, len);
        if len <= SHORT {
            let slot = (h >> (64 - BITS)) as usize;
            let e = &self.short[slot];
            // (`b` is below 2^32: its bytes from the thirteenth are padding.)
            if e[0] == a && e[1] as u32 == b as u32 {
                Ok((e[1] >> 32) as u32)
            } else {
                Err(slot)
            }
        } else {
            let slot = (h >> (64 - LONG_BITS)) as usize;
            let e = &self.long[slot];
            if e[0] == a && e[1] == b {
                Ok(e[2] as u32)
            } else {
                Err(slot)
            }
        }
    }

    /// Caches `id` for the key in the slot [`Lookup::cached`] gave (the tables, not the
    /// lookup, so that the pending words can be read meanwhile).
    #[inline(always)]
    fn store(
        short: &mut [Short; WAYS],
        long: &mut [Long; LONG_WAYS],
        (a, b, len): (u64, u64, usize),
        slot: usize,
        id: u32,
    ) {
        if len <= SHORT {
            short[slot % WAYS] = [a, b | (id as u64) << 32];
        } else {
            long[slot % LONG_WAYS] = [a, b, id as u64];
        }
    }

    /// Looks the key up in the model and caches the answer in `slot`.
    #[cold]
    #[inline(never)]
    fn miss(&mut self, a: u64, b: u64, len: usize, slot: usize) -> u32 {
        if len <= SHORT {
            if let Some(t) = self.model.keys() {
                let id = t.id(a, b, NONE);
                Self::store(self.short, self.long, (a, b, len), slot, id);
                return id;
            }
        }
        let buf = key_bytes(a, b);
        // The key holds the bytes of a `str` (or lower-cased ASCII): no UTF-8 check needed.
        let id = self.model.word_id_hashed(&buf[..len], hash(&buf[..len])).unwrap_or(NONE);
        Self::store(self.short, self.long, (a, b, len), slot, id);
        id
    }

    /// Reads one word of every cache line of the tables, in address order, so that the
    /// lookups of a large document find them in the CPU's caches: the analyzers that
    /// ran since the last document pushed them out to memory, where each of the
    /// document's less common words would wait on a miss of its own (at a random
    /// place), while a sweep in address order runs at the memory's full speed (1.1 MB,
    /// a few tens of microseconds). Results are the same with or without it.
    #[inline(never)]
    pub fn warm(&self) {
        if self.fresh {
            // Never written: no entry to find, and reading would only map zero pages.
            return;
        }
        // (Strides of 64 and 48 bytes: no 64-byte line passed over.)
        let mut x = 0;
        for e in self.short.iter().step_by(4) {
            x ^= e[0];
        }
        for e in self.long.iter().step_by(2) {
            x ^= e[0];
        }
        std::hint::black_box(x);
    }

    /// Leaves the key to [`Lookup::resolve`], and answers [`PENDING`].
    #[inline(never)]
    fn defer(&mut self, a: u64, b: u64, len: usize, slot: usize, at: usize) -> u32 {
        self.pending.push(Pending { bytes: key_bytes(a, b), len, slot, at });
        PENDING
    }

    /// Writes the id (as stored) of each word [`Lookup::key_id`] answered a placeholder
    /// for since the last `resolve` to `ids[at]`, the `at` it was given, and caches those
    /// ids.
    #[inline(always)]
    pub fn resolve(&mut self, ids: &mut [u32]) {
        if !self.pending.is_empty() {
            self.resolve_pending(ids);
        }
    }

    /// [`Lookup::resolve`] once there is something to resolve: the words are looked up
    /// [`LOCKSTEP`] at a time, their cache misses in the model overlapping (one at a
    /// time, each waited on three misses in a row: slot, word entry, bytes).
    #[inline(never)]
    fn resolve_pending(&mut self, ids: &mut [u32]) {
        if let Some(t) = self.model.keys() {
            return self.resolve_keyed(t, ids);
        }
        for chunk in self.pending.chunks(LOCKSTEP) {
            let words: [&[u8]; LOCKSTEP] = std::array::from_fn(|k| chunk.get(k).map_or(&[][..], |p| &p.bytes[..p.len]));
            let mut found = [None; LOCKSTEP];
            self.model.word_ids_lockstep(&words[..chunk.len()], &mut found);
            for (p, f) in chunk.iter().zip(found) {
                let id = f.unwrap_or(NONE);
                let (a, b) = key_words(&p.bytes);
                Self::store(self.short, self.long, (a, b, p.len), p.slot, id);
                ids[p.at] = id;
            }
        }
        self.pending.clear();
    }

    /// [`Lookup::resolve_pending`] with the model's key table: the short words looked
    /// up there [`LOCKSTEP`] at a time, the longer ones in the model.
    fn resolve_keyed(&mut self, t: &super::keys::Keys, ids: &mut [u32]) {
        for chunk in self.pending.chunks(LOCKSTEP) {
            let mut keys = [(0, 0); LOCKSTEP];
            let mut n = 0;
            for p in chunk.iter().filter(|p| p.len <= SHORT) {
                keys[n] = key_words(&p.bytes);
                n += 1;
            }
            let mut found = [NONE; LOCKSTEP];
            t.ids(&keys[..n], &mut found, NONE);
            let mut short = found.into_iter();
            for p in chunk {
                let id = if p.len <= SHORT {
                    short.next().unwrap_or(NONE)
                } else {
                    self.model.word_id_hashed(&p.bytes[..p.len], hash(&p.bytes[..p.len])).unwrap_or(NONE)
                };
                let (a, b) = key_words(&p.bytes);
                Self::store(self.short, self.long, (a, b, p.len), p.slot, id);
                ids[p.at] = id;
            }
        }
        self.pending.clear();
    }

    /// The id of the ASCII word token of `len` bytes (1 to 15) whose lookup form the
    /// tokenizer gave as `key` (see [`crate::token::Sink::word`]), as a document stores
    /// it: what [`Lookup::token_id`] answers, or [`NO_ID`](crate::document::NO_ID) for
    /// `None` (no `Option` made and taken apart again on the hot path), without loading
    /// and lower-casing the bytes again. A word not in the cache answers a placeholder:
    /// [`Lookup::resolve`] writes its id to position `at` of the ids it is given later,
    /// so that the misses of many words in the model overlap.
    #[inline(always)]
    pub fn key_id(&mut self, key: WordKey, len: usize, at: usize) -> u32 {
        debug_assert!(len > 0 && len <= MAX_LEN);
        match self.cached(key.lo, key.hi, len) {
            Ok(id) => id,
            Err(slot) => self.defer(key.lo, key.hi, len, slot, at),
        }
    }

    /// `model.word_id(word)`, answered from the cache when it can be.
    pub fn word_id(&mut self, word: &str) -> Option<u32> {
        let b = word.as_bytes();
        if b.is_empty() || b.len() > MAX_LEN || b.contains(&0) {
            return self.model.word_id_hashed(b, hash(b));
        }
        let (x, y) = load16(b, 0, b.len());
        found(self.keyed(x, y, b.len()))
    }

    /// The id of the word token `text[span]` (`ascii` when it is all ASCII): the id of
    /// its normalized form (see [`crate::token::normalize_word`]); `buf` is scratch space.
    #[inline(always)]
    pub fn token_id(&mut self, text: &str, span: std::ops::Range<usize>, ascii: bool, buf: &mut String) -> Option<u32> {
        let len = span.end - span.start;
        if ascii && len > 0 && len <= MAX_LEN {
            let (a, b) = load16(text.as_bytes(), span.start, len);
            return found(self.keyed(lower8(a), lower8(b), len));
        }
        crate::token::normalize_word(&text[span], buf);
        self.word_id(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build;

    #[test]
    fn answers_like_the_model() {
        let m = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2)], &[]))).unwrap();
        let mut c = IdCache::default();
        for _ in 0..3 {
            for w in ["cold", "war", "peace", "", "averyveryverylongword", "cold", "cold\0", "war\0\0", "\0"] {
                assert_eq!(c.lookup(&m).word_id(w), m.word_id(w), "{w}");
            }
            // Warming reads and changes nothing.
            c.lookup(&m).warm();
        }
        // Another model: nothing remembered from the first.
        let m2 = Model::new(build::write(&build::counts_from(&[("war", 3), ("cold", 2)], &[]))).unwrap();
        assert_eq!(c.lookup(&m2).word_id("war"), Some(0));
        assert_eq!(c.lookup(&m2).word_id("cold"), Some(1));
    }

    #[test]
    fn tokens_are_normalized_before_lookup() {
        let words = [("cold", 3), ("war", 2), ("don't", 2), ("internationalisation", 2), ("zürich", 2)];
        let m = Model::new(build::write(&build::counts_from(&words, &[]))).unwrap();
        let mut c = IdCache::default();
        let mut buf = String::new();
        let text = "COLD War don’t Internationalisation ZÜRICH @[\\]^`{ WARS wa";
        for _ in 0..2 {
            for (i, w) in text.split(' ').enumerate() {
                let start = text.find(w).unwrap();
                let got = c.lookup(&m).token_id(text, start..start + w.len(), w.is_ascii(), &mut buf);
                crate::token::normalize_word(w, &mut buf);
                assert_eq!(got, m.word_id(&buf), "{i} {w}");
            }
        }
        assert_eq!(lower8(u64::from_le_bytes(*b"AZaz@[`{")), u64::from_le_bytes(*b"azaz@[`{"));
        // A key's bytes tell its length (the cache compares keys only).
        for w in ["a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnop", "é", "naïve"]
        {
            let (a, b) = load16(w.as_bytes(), 0, w.len());
            assert_eq!(key_len(a, b), w.len(), "{w}");
        }
        // Keys from the tokenizer answer like the bytes.
        let text = "Cold WAR cold war War1 wars internationalisations INTERNATIONALISATIONS x";
        let mut got = Vec::new();
        crate::token::tokenize_keyed(
            text,
            |t, key| {
                let want = c.lookup(&m).token_id(text, t.range(), t.is_ascii(), &mut buf);
                if let Some(k) = key {
                    got.push(&text[t.range()]);
                    let mut l = c.lookup(&m);
                    let mut id = [l.key_id(k, t.end() - t.start(), 0)];
                    l.resolve(&mut id);
                    assert_eq!(found(id[0]), want, "{:?}", &text[t.range()]);
                }
            },
            |_| {},
        );
        assert_eq!(got, vec!["Cold", "WAR", "cold", "war", "War1", "wars"]);
    }

    #[test]
    fn keys_sharing_a_slot_stay_apart() {
        // Words of 1 to 16 bytes made of every character of up to two bytes and some
        // longer ones (every byte value a word can hold but zero), and words of 8 to 16
        // bytes sharing their first 8, 10, 12 or 14 (a short entry keeps bytes 9 to 12
        // of its key beside the id, a long one all 16), looked up in slot order, so that
        // the words sharing a slot come one after the other and evict each other.
        let mut words = Vec::new();
        for c in (1..0x800).chain([0xFFFD, 0x1_0000, 0x10_FFFF]).filter_map(char::from_u32) {
            for n in 1..=16 / c.len_utf8() {
                words.push(c.to_string().repeat(n));
                words.push(format!("abcdefghijk{c}"));
            }
        }
        let slot = |w: &str| {
            let (a, b) = load16(w.as_bytes(), 0, w.len());
            let h = Lookup::slot_hash(a, b, w.len());
            (w.len() > SHORT, h >> (64 - if w.len() > SHORT { LONG_BITS } else { BITS }))
        };
        let alphabet: Vec<char> = ('!'..='~').collect();
        for prefix in ["abcdefgh", "abcdefghij", "abcdefghijkl", "abcdefghijklmn"] {
            let mut group = vec![prefix.to_string()];
            for &x in &alphabet {
                group.push(format!("{prefix}{x}"));
                group.extend(alphabet.iter().map(|y| format!("{prefix}{x}{y}")));
            }
            group.sort_by_key(|w| slot(w));
            // Some words differing only in their last bytes share a slot.
            assert!(group.windows(2).any(|p| slot(&p[0]) == slot(&p[1])), "{prefix}");
            words.extend(group);
        }
        words.sort();
        words.dedup();
        words.sort_by_key(|w| slot(w));
        let known: Vec<(&str, u64)> = words.iter().step_by(2).map(|w| (w.as_str(), 1)).collect();
        let m = Model::new(build::write(&build::counts_from(&known, &[]))).unwrap();
        // Through the model's slots, then through its key table (the misses of a
        // fresh cache looked up there).
        for keyed in [false, true] {
            if keyed {
                m.build_keys();
            }
            let mut c = IdCache::default();
            for _ in 0..2 {
                for w in &words {
                    assert_eq!(c.lookup(&m).word_id(w), m.word_id(w), "{w:?}");
                    // The tokenizer's keys take the same entries.
                    if w.len() <= 15 && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                        let (lo, hi) = load16(w.as_bytes(), 0, w.len());
                        let mut l = c.lookup(&m);
                        let mut id = [l.key_id(WordKey { lo, hi }, w.len(), 0)];
                        l.resolve(&mut id);
                        assert_eq!(found(id[0]), m.word_id(w), "{w:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn lockstep_answers_like_word_id() {
        // The embedded model's slots have collisions (words found past their home);
        // the small and empty models have none or no words.
        let small = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2)], &[]))).unwrap();
        for m in [Model::embedded(), &small, Model::empty()] {
            let mut words: Vec<String> = (0..m.vocab_len() as u32).map(|id| m.word(id).to_string()).collect();
            words.extend(words.clone().iter().map(|w| format!("{w}q")));
            words.extend(["", "cold", "peace", "\0"].map(String::from));
            for chunk in words.chunks(LOCKSTEP - 3) {
                let bytes: Vec<&[u8]> = chunk.iter().map(|w| w.as_bytes()).collect();
                let mut got = [Some(7); LOCKSTEP];
                m.word_ids_lockstep(&bytes, &mut got);
                let want: Vec<_> = chunk.iter().map(|w| m.word_id(w)).collect();
                assert_eq!(&got[..chunk.len()], &want[..], "{chunk:?}");
            }
        }
    }

    #[test]
    fn resolve_fills_pending_ids_in_order() {
        let m = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2)], &[]))).unwrap();
        let mut c = IdCache::default();
        let key = |w: &str| {
            let (lo, hi) = load16(w.as_bytes(), 0, w.len());
            WordKey { lo, hi }
        };
        for round in 0..3 {
            if round == 1 {
                // The misses looked up in the model's key table (a fresh cache).
                m.build_keys();
                c = IdCache::default();
            }
            let mut l = c.lookup(&m);
            let mut ids = [5; 5];
            for (at, w) in [(0, "war"), (2, "peace"), (3, "cold"), (4, "war")] {
                ids[at] = l.key_id(key(w), w.len(), at);
            }
            l.resolve(&mut ids);
            assert_eq!(ids, [1, 5, NONE, 0, 1]);
        }
    }
}
