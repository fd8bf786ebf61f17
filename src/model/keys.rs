//! The vocabulary's short words in a hash table keyed like the word-id cache, for
//! the look-ups the cache misses in a process that checks a lot of text.
//!
//! In the model, a word the cache lacks costs three cache misses in a row (its hash
//! slot, its word entry, its bytes), and more where it is not at its home slot. Here
//! a word of up to 12 bytes is its own key (as in the cache: two little-endian words,
//! zero-padded), beside its id, so one read of the home entry answers most look-ups.
//! Built once per model (a few milliseconds), answers the same as the model.

use super::cache::{key_bytes, key_words};
use super::huge::HugeZeroed;
use super::Model;

/// Words of up to this many bytes are in the table (their key's second word is below 2^32).
pub(crate) const SHORT: usize = 12;

/// The entries: `[key's first word, key's second word | (id + 1) << 32]`, all zero
/// for an empty one (no key's first word is zero: a key has at least one byte and no
/// zero byte). Linear probing from the top bits of [`hash`].
pub(crate) struct Keys {
    map: HugeZeroed,
    /// The entry mask (entries less one).
    mask: usize,
    /// 64 less the bits of an entry's index.
    shift: u32,
}

/// The hash of a key (its top bits pick the home entry; not the cache's hash, whose
/// slots would otherwise crowd the same runs of entries).
#[inline(always)]
fn hash(a: u64, b: u64) -> u64 {
    const K: u64 = 0xD6E8_FEB8_6659_FD93;
    ((a ^ b.rotate_left(23)).wrapping_mul(K) ^ b).wrapping_mul(K)
}

/// Words a batch of [`Keys::build`] takes.
const BATCH: usize = 32;

/// The key of word `id` of `m` (see [`key`]).
#[inline]
fn word_key(m: &Model, id: u32) -> Option<(u64, u64)> {
    let o = m.words + id as usize * 12;
    let (s, len) = (super::format::u32_at(&m.data, o) as usize, super::format::u32_at(&m.data, o + 4) as usize);
    key(&m.data, m.strings + s, len)
}

/// The key of the word `bytes[start..start + len]` as the cache keys it, if it has 1
/// to [`SHORT`] bytes, none of them zero (a key's length is the number of its bytes
/// before the padding).
#[inline]
pub(crate) fn key(bytes: &[u8], start: usize, len: usize) -> Option<(u64, u64)> {
    if len == 0 || len > SHORT {
        return None;
    }
    let (a, b) = super::cache::load16(bytes, start, len);
    // A zero byte in the word: some byte of the words, their padding set, is zero.
    let pad = |x: u64, keep: usize| x | u64::MAX.checked_shl(8 * keep as u32).unwrap_or(0);
    let zero = |x: u64| x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080 != 0;
    (!zero(pad(a, len.min(8))) && !zero(pad(b, len.saturating_sub(8)))).then_some((a, b))
}

impl Keys {
    /// The table of `m`'s words of 1 to [`SHORT`] bytes without a zero byte (`None`
    /// where the mapping fails).
    pub(crate) fn build(m: &Model) -> Option<Keys> {
        let n = m.vocab_len();
        // A load of at most 0.7.
        let len = ((n as f64 / 0.7) as usize).next_power_of_two().max(1024);
        let bytes = len * 16;
        let mut map = HugeZeroed::new(bytes)?;
        let (mask, shift) = (len - 1, 64 - len.trailing_zeros());
        let table = map.bytes_mut().as_chunks_mut::<16>().0;
        // A batch's home entries are read before any is written: in one loop, each word
        // waited on its own entry's read, a cache miss at random in megabytes.
        let mut batch = [(0u32, 0usize, 0u64, 0u64); BATCH];
        for start in (0..n as u32).step_by(BATCH) {
            let mut k = 0;
            for id in start..(start + BATCH as u32).min(n as u32) {
                if let Some((a, b)) = word_key(m, id) {
                    batch[k] = (id, (hash(a, b) >> shift) as usize, a, b);
                    k += 1;
                }
            }
            let first: [u64; BATCH] = std::array::from_fn(|j| key_words(&table[batch[j].1]).0);
            std::hint::black_box(first);
            for &(id, home, a, b) in &batch[..k] {
                let mut s = home;
                loop {
                    let (x, y) = key_words(&table[s]);
                    if x == 0 || (x == a && y as u32 == b as u32) {
                        // (The same word twice, which no model `build` writes: the model's answer.)
                        let w = m.word_bytes(id);
                        let id = if x == 0 { id } else { m.word_id_hashed(w, super::format::hash(w)).unwrap_or(id) };
                        table[s] = key_bytes(a, b | (id as u64 + 1) << 32);
                        break;
                    }
                    s = (s + 1) & mask;
                }
            }
        }
        Some(Keys { map, mask, shift })
    }

    /// The entries.
    #[inline(always)]
    fn entries(&self) -> &[[u8; 16]] {
        self.map.bytes().as_chunks::<16>().0
    }

    /// The id of the key `(a, b)` (see [`Keys::ids`]).
    #[inline]
    pub(crate) fn id(&self, a: u64, b: u64, none: u32) -> u32 {
        let mut out = [none];
        self.ids(&[(a, b)], &mut out, none);
        out[0]
    }

    /// The id of each key `(a, b)` of `keys` (a word of 1 to [`SHORT`] bytes) in `out`
    /// (as stored by the word-id cache: `NONE` for a word not in the model). The home
    /// entries are read for all keys before any is searched further, so that their
    /// cache misses overlap.
    #[inline(always)]
    pub(crate) fn ids<const N: usize>(&self, keys: &[(u64, u64)], out: &mut [u32; N], none: u32) {
        let table = self.entries();
        let mut home = [0usize; N];
        let mut first = [(0u64, 0u64); N];
        for ((h, f), &(a, b)) in home.iter_mut().zip(&mut first).zip(keys) {
            *h = (hash(a, b) >> self.shift) as usize & self.mask;
            *f = key_words(&table[*h]);
        }
        for (k, &(a, b)) in keys.iter().enumerate().take(N) {
            let (mut x, mut y) = first[k];
            let mut s = home[k];
            out[k] = loop {
                if x == a && y as u32 == b as u32 {
                    break (y >> 32) as u32 - 1;
                }
                if x == 0 {
                    break none;
                }
                s = (s + 1) & self.mask;
                (x, y) = key_words(&table[s]);
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{build, format};

    /// The model's own answer, by its slots (whether or not its key table is built).
    fn by_slots(m: &Model, w: &[u8]) -> Option<u32> {
        if m.vocab_len() == 0 {
            return None;
        }
        m.probe_from(w, format::hash(w) as usize)
    }

    #[test]
    fn answers_like_the_slots() {
        let small = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2), ("a\0", 2)], &[])));
        // The same word twice (no model build writes it, but a model file could hold it).
        let twice = Model::new(build::write(&build::counts_from(&[("war", 3), ("cold", 2), ("war", 1)], &[])));
        let (small, twice) = (small.unwrap(), twice.unwrap());
        for m in [Model::embedded(), &small, &twice, Model::empty()] {
            let t = Keys::build(m).unwrap();
            let mut words: Vec<Vec<u8>> = (0..m.vocab_len() as u32).map(|id| m.word_bytes(id).to_vec()).collect();
            words.extend(words.clone().into_iter().map(|mut w| {
                w.push(b'q');
                w
            }));
            words.extend(
                ["", "a", "cold", "war", "peace", "a\0", "\0", "abcdefghijkl", "abcdefghijklm"]
                    .map(|w| w.as_bytes().to_vec()),
            );
            let mut n = 0;
            for chunk in words.chunks(13) {
                let keys: Vec<(u64, u64)> = chunk.iter().filter_map(|w| key(w, 0, w.len())).collect();
                let mut got = [7; 16];
                t.ids(&keys, &mut got, u32::MAX);
                let want: Vec<u32> = chunk
                    .iter()
                    .filter(|w| key(w, 0, w.len()).is_some())
                    .map(|w| by_slots(m, w).unwrap_or(u32::MAX))
                    .collect();
                assert_eq!(&got[..keys.len()], &want[..], "{chunk:?}");
                n += keys.len();
            }
            assert!(n > m.vocab_len() / 2, "{n}");
        }
    }

    #[test]
    fn keys_only_for_short_words_without_zero_bytes() {
        for (w, short) in [
            (&b"a"[..], true),
            (b"abcdefgh", true),
            (b"abcdefghi", true),
            (b"abcdefghijkl", true),
            (b"abcdefghijklm", false),
            (b"", false),
            (b"\0", false),
            (b"a\0", false),
            (b"\0a", false),
            (b"abcdefgh\0", false),
            (b"abcdefghijk\0", false),
            (b"abc\0efghijkl", false),
        ] {
            assert_eq!(key(w, 0, w.len()).is_some(), short, "{w:?}");
        }
        // Read from inside a longer text, the bytes past the word are not part of its key.
        assert_eq!(key(b"cold war", 0, 4), key(b"cold", 0, 4));
        assert_eq!(key(b"war cold war", 4, 4), key(b"cold", 0, 4));
    }

    #[test]
    fn the_model_answers_from_the_table_once_built() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let counts: Vec<(&str, u64)> = words.iter().map(|w| (w.as_str(), 1)).collect();
        let m = Model::new(build::write(&build::counts_from(&counts, &[]))).unwrap();
        let probe: Vec<String> =
            (0..6000).map(|i| format!("w{i}")).chain(["x".into(), "w1234567890123".into()]).collect();
        let before: Vec<Option<u32>> = probe.iter().map(|w| m.word_id(w)).collect();
        assert!(m.keys().is_none());
        m.build_keys();
        assert!(m.keys().is_some());
        let after: Vec<Option<u32>> = probe.iter().map(|w| m.word_id(w)).collect();
        assert_eq!(before, after);
        assert_eq!(after.iter().filter(|id| id.is_some()).count(), 3000);
    }
}
