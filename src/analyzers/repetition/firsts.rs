//! Where each n-gram first occurred, for the candidates of
//! [`duplicated`](super::ngrams::duplicated): a map from 64-bit n-gram hashes to word
//! positions, open addressing with linear probing. The keys are already mixed (a
//! multiplication last), so their top bits are the slot, and a look-up costs a third
//! of what a general hash map's entry does.

/// A slot's value when it holds no key (positions are below 2^32 − 1).
const EMPTY: u32 = u32::MAX;

/// The map; [`Firsts::reset`] before use.
#[derive(Default)]
pub struct Firsts {
    slots: Vec<(u64, u32)>,
    /// Keys held.
    len: usize,
}

impl Firsts {
    /// Empties the map, with room for about `n` keys.
    pub fn reset(&mut self, n: usize) {
        let size = (n * 2).next_power_of_two().max(64);
        self.slots.clear();
        self.slots.resize(size, (0, EMPTY));
        self.len = 0;
    }

    /// Slots in use or not.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Reads the home slots of `keys` (their loads are independent, and overlap), so
    /// that the look-ups of the same keys right after find them in the cache.
    #[inline]
    pub fn warm(&self, keys: &[u64]) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let shift = 64 - self.slots.len().trailing_zeros();
        let acc = keys.iter().fold(0u32, |a, &key| a ^ self.slots[(key >> shift) as usize & mask].1);
        // (Kept: the loads are what is wanted, not the value.)
        std::hint::black_box(acc);
    }

    /// The position stored for `key`, or `at` once stored as its position.
    #[inline]
    pub fn first_or_insert(&mut self, key: u64, at: u32) -> u32 {
        debug_assert!(at != EMPTY);
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut k = (key >> (64 - self.slots.len().trailing_zeros())) as usize;
        loop {
            let s = &mut self.slots[k & mask];
            if s.1 == EMPTY {
                *s = (key, at);
                self.len += 1;
                return at;
            }
            if s.0 == key {
                return s.1;
            }
            k += 1;
        }
    }

    /// Doubles the table (or makes the first one), keeping its keys.
    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.reset(old.len().max(32));
        for (key, at) in old.into_iter().filter(|s| s.1 != EMPTY) {
            self.first_or_insert(key, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn keeps_the_first_like_a_hash_map() {
        let mut f = Firsts::default();
        for (round, n) in [0usize, 1, 40, 1_000, 50_000].into_iter().enumerate() {
            // No reset in round 0: the default map grows from nothing.
            if round > 0 {
                f.reset(n / 7);
            }
            let mut want = FxHashMap::default();
            let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ n as u64;
            for i in 0..n as u32 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Repeats, and keys that share their top bits (one slot).
                let key = match i % 5 {
                    0 => x % 300,
                    1 => (x % 50) << 40,
                    _ => x,
                };
                assert_eq!(f.first_or_insert(key, i), *want.entry(key).or_insert(i), "n {n}, i {i}");
            }
            assert_eq!(f.len, want.len());
        }
    }
}
