//! A direct-mapped cache of word lookups, for the tokenizer's hot path.
//!
//! Every word of every document is looked up in the vocabulary: a hash, a probe of
//! the slot table and a comparison with the stored word, each a likely cache miss
//! in a 25 MB model. Word frequencies are Zipfian — a few thousand words make most
//! of any text — so a cache of short words, its frequent entries staying in the CPU's
//! caches, answers most lookups without touching the model. A word of up to 16 bytes is its own key
//! (two little-endian `u64`s, zero-padded, and its length): a hit costs two loads and
//! three comparisons, no hashing of the bytes and no `memcmp`. Results are the same
//! with or without it.

use super::format::hash;
use super::Model;
use crate::token::WordKey;

/// `1 << BITS` entries of 24 bytes (3 MB). On 10 MB of prose (47K distinct words) a
/// 64K-entry table went to the model 74K times, words sharing a slot evicting each
/// other; this size goes 60K times. (A 2-way table of 64K entries went 55K times but
/// cost more instructions per hit than the lookups it saved.)
const BITS: u32 = 17;
const WAYS: usize = 1 << BITS;
/// Words longer than this go straight to the model.
const MAX_LEN: usize = 16;

/// One entry: the key's two words, then `id | len << 32` (all zero: empty; no key
/// has length 0). Plain integers, so that a zeroed table comes straight from the
/// allocator's zeroed pages instead of being written entry by entry.
type Entry = [u64; 3];

/// The entries, a fixed size (indexes masked to it need no bounds check).
type Table = Box<[Entry; WAYS]>;

/// The stored id of a word the model does not know: [`NO_ID`](crate::document::NO_ID),
/// so that [`Lookup::key_id`] hands a document its id as stored.
const NONE: u32 = crate::document::NO_ID;

/// A stored id as an answer: `None` for [`NONE`].
#[inline(always)]
fn found(id: u32) -> Option<u32> {
    (id != NONE).then_some(id)
}

/// Remembers recent word lookups of one model.
#[derive(Default)]
pub struct IdCache {
    model: u64,
    /// Allocated on first use, and anew for another model.
    entries: Option<Table>,
}

/// An [`IdCache`] bound to one model: what [`Document::new`](crate::document::Document::new)
/// looks every word up through (the model is checked once, not per word).
pub struct Lookup<'c> {
    model: &'c Model,
    /// The table itself, not its box (one load less a lookup).
    entries: &'c mut [Entry; WAYS],
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
fn load16(bytes: &[u8], start: usize, len: usize) -> (u64, u64) {
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
        }
        let entries = &mut **self.entries.get_or_insert_with(crate::zeroed::table);
        Lookup { model, entries }
    }
}

impl Lookup<'_> {
    #[inline]
    fn slot(a: u64, b: u64, len: usize) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = ((a ^ b.rotate_left(29)).wrapping_mul(K) ^ len as u64).wrapping_mul(K);
        (h >> (64 - BITS)) as usize
    }

    /// The model's answer for the normalized word held in `(a, b)` (`len` bytes, 1 to 16,
    /// none of them zero), cached, as stored: the id, or [`NONE`]. The key alone tells
    /// a hit: its length is the number of its bytes before the zero padding (`word_id`
    /// sends a word with a zero byte to the model).
    #[inline(always)]
    fn keyed(&mut self, a: u64, b: u64, len: usize) -> u32 {
        debug_assert_eq!(key_len(a, b), len);
        let e = &mut self.entries[Self::slot(a, b, len)];
        if e[0] == a && e[1] == b {
            return e[2] as u32;
        }
        Self::miss(self.model, e, a, b, len)
    }

    /// Looks the key up in the model and stores the answer in `e`.
    #[cold]
    #[inline(never)]
    fn miss(model: &Model, e: &mut Entry, a: u64, b: u64, len: usize) -> u32 {
        let mut buf = [0u8; 16];
        buf[..8].copy_from_slice(&a.to_le_bytes());
        buf[8..].copy_from_slice(&b.to_le_bytes());
        // The key holds the bytes of a `str` (or lower-cased ASCII): no UTF-8 check needed.
        let id = model.word_id_hashed(&buf[..len], hash(&buf[..len])).unwrap_or(NONE);
        *e = [a, b, id as u64 | (len as u64) << 32];
        id
    }

    /// The id of the ASCII word token of `len` bytes (1 to 15) whose lookup form the
    /// tokenizer gave as `key` (see [`crate::token::Sink::word`]), as a document stores
    /// it: what [`Lookup::token_id`] answers, or [`NO_ID`](crate::document::NO_ID) for
    /// `None` (no `Option` made and taken apart again on the hot path), without loading
    /// and lower-casing the bytes again.
    #[inline(always)]
    pub fn key_id(&mut self, key: WordKey, len: usize) -> u32 {
        debug_assert!(len > 0 && len <= MAX_LEN);
        self.keyed(key.lo, key.hi, len)
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
                    assert_eq!(found(c.lookup(&m).key_id(k, t.end() - t.start())), want, "{:?}", &text[t.range()]);
                }
            },
            |_| {},
        );
        assert_eq!(got, vec!["Cold", "WAR", "cold", "war", "War1", "wars"]);
    }
}
