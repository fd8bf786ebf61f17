//! A one-bit filter of a set of 32-bit hashes, shared by the duplicate index (its
//! shards' postings) and the word-boundary analyzer (the model's common words): a
//! hash it turns away is certainly not in the set, for one read of a small table.

/// A hash's bit in a filter of `2^bits` bits (1 to 31): its high bits after mixing,
/// since the duplicate index's sampled hashes have their low bits zero, anchors their
/// top two, and the keys of one shard of a table their next ones.
#[inline]
pub fn filter_bit(h: u32, bits: u32) -> usize {
    (h.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
}

/// Bits of the filter of `n` hashes (at least one): 8 to 16 a hash.
fn bits_for(n: usize) -> u32 {
    (n.max(8).next_power_of_two().trailing_zeros() + 3).min(31)
}

/// A filter of a set of hashes, 8 to 16 bits a hash: a hash it turns away is not in
/// the set (one read of a table far smaller than the set, instead of a search).
#[derive(Clone, Debug, Default)]
pub struct HashFilter {
    words: Vec<u64>,
    bits: u32,
}

impl HashFilter {
    /// The filter of `hashes`, of which there are `n` (an empty filter if none).
    pub fn new(hashes: impl Iterator<Item = u32>, n: usize) -> Self {
        if n == 0 {
            return HashFilter::default();
        }
        let bits = bits_for(n);
        let mut words = vec![0u64; (1usize << bits) / 64];
        for h in hashes {
            let f = filter_bit(h, bits);
            words[f / 64] |= 1 << (f % 64);
        }
        HashFilter { words, bits }
    }

    /// Adds `hashes` to the filter, its set now of `n` hashes, if the filter
    /// [`HashFilter::new`] makes of `n` hashes has its size: then it is that filter (a
    /// hash's bit depends on the size alone), made without reading the set again. False,
    /// with nothing done, if not.
    pub fn add(&mut self, hashes: impl Iterator<Item = u32>, n: usize) -> bool {
        if self.words.is_empty() || bits_for(n) != self.bits {
            return false;
        }
        for h in hashes {
            let f = filter_bit(h, self.bits);
            self.words[f / 64] |= 1 << (f % 64);
        }
        true
    }

    /// False if `h` is certainly not in the set.
    #[inline]
    pub fn may_contain(&self, h: u32) -> bool {
        !self.words.is_empty() && {
            let f = filter_bit(h, self.bits);
            self.words[f / 64] >> (f % 64) & 1 == 1
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}
