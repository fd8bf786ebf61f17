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

/// `1 << BITS` entries of 24 bytes (3 MB). On 10 MB of prose (47K distinct words) a
/// 64K-entry table went to the model 74K times, words sharing a slot evicting each
/// other; this size goes 60K times. (A 2-way table of 64K entries went 55K times but
/// cost more instructions per hit than the lookups it saved.)
const BITS: u32 = 17;
const WAYS: usize = 1 << BITS;
/// Words longer than this go straight to the model.
const MAX_LEN: usize = 16;

#[derive(Clone, Copy)]
struct Entry {
    a: u64,
    b: u64,
    id: u32,
    len: u32,
}

const EMPTY: Entry = Entry { a: 0, b: 0, id: 0, len: 0 };
const NONE: u32 = u32::MAX;

/// Remembers recent word lookups of one model.
pub struct IdCache {
    model: u64,
    entries: Vec<Entry>,
}

impl Default for IdCache {
    fn default() -> Self {
        IdCache { model: 0, entries: vec![EMPTY; WAYS] }
    }
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

impl IdCache {
    #[inline]
    fn check_model(&mut self, model: &Model) {
        let key = model.uid();
        if key != self.model {
            self.entries.fill(EMPTY);
            self.model = key;
        }
    }

    #[inline]
    fn slot(a: u64, b: u64, len: usize) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = ((a ^ b.rotate_left(29)).wrapping_mul(K) ^ len as u64).wrapping_mul(K);
        (h >> (64 - BITS)) as usize
    }

    /// The model's answer for the normalized word held in `(a, b)` (`len` bytes), cached.
    #[inline]
    fn keyed(&mut self, model: &Model, a: u64, b: u64, len: usize) -> Option<u32> {
        let e = &mut self.entries[Self::slot(a, b, len)];
        if e.a == a && e.b == b && e.len as usize == len {
            return (e.id != NONE).then_some(e.id);
        }
        let mut buf = [0u8; 16];
        buf[..8].copy_from_slice(&a.to_le_bytes());
        buf[8..].copy_from_slice(&b.to_le_bytes());
        // The key holds the bytes of a `str` (or lower-cased ASCII): no UTF-8 check needed.
        let id = model.word_id_hashed(&buf[..len], hash(&buf[..len]));
        *e = Entry { a, b, id: id.unwrap_or(NONE), len: len as u32 };
        id
    }

    /// `model.word_id(word)`, answered from the cache when it can be.
    pub fn word_id(&mut self, model: &Model, word: &str) -> Option<u32> {
        self.check_model(model);
        let b = word.as_bytes();
        if b.is_empty() || b.len() > MAX_LEN {
            return model.word_id_hashed(b, hash(b));
        }
        let (x, y) = load16(b, 0, b.len());
        self.keyed(model, x, y, b.len())
    }

    /// The id of the word token `text[span]` (`ascii` when it is all ASCII): the id of
    /// its normalized form (see [`crate::token::normalize_word`]); `buf` is scratch space.
    #[inline]
    pub fn token_id(
        &mut self,
        model: &Model,
        text: &str,
        span: std::ops::Range<usize>,
        ascii: bool,
        buf: &mut String,
    ) -> Option<u32> {
        let len = span.end - span.start;
        if ascii && len > 0 && len <= MAX_LEN {
            self.check_model(model);
            let (a, b) = load16(text.as_bytes(), span.start, len);
            return self.keyed(model, lower8(a), lower8(b), len);
        }
        crate::token::normalize_word(&text[span], buf);
        self.word_id(model, buf)
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
            for w in ["cold", "war", "peace", "", "averyveryverylongword", "cold"] {
                assert_eq!(c.word_id(&m, w), m.word_id(w), "{w}");
            }
        }
        // Another model: nothing remembered from the first.
        let m2 = Model::new(build::write(&build::counts_from(&[("war", 3), ("cold", 2)], &[]))).unwrap();
        assert_eq!(c.word_id(&m2, "war"), Some(0));
        assert_eq!(c.word_id(&m2, "cold"), Some(1));
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
                let got = c.token_id(&m, text, start..start + w.len(), w.is_ascii(), &mut buf);
                crate::token::normalize_word(w, &mut buf);
                assert_eq!(got, m.word_id(&buf), "{i} {w}");
            }
        }
        assert_eq!(lower8(u64::from_le_bytes(*b"AZaz@[`{")), u64::from_le_bytes(*b"azaz@[`{"));
    }
}
