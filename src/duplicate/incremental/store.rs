//! The index's storage, grown in small steps: sketch hashes in fixed-size blocks
//! ([`Blocks`]) and anchor tables split into shards ([`Postings`]).
//!
//! A single vector or hash table doubles when it fills: for a moment it holds the old
//! and the new copy (three times the data), and then up to twice what it needs. On a
//! stream of 80,000 documents that was 38 MB of capacity for 20 MB of sketch hashes,
//! and peak memory rose in steps as the input grew. Here no allocation is larger than
//! a block or a shard, so memory follows the entries kept.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

/// Values in a block of [`Blocks`].
pub(super) const BLOCK: usize = 1 << 15;

/// Append-only runs of values in blocks of [`BLOCK`], dropped from the front. A run is
/// contiguous (it starts a new block if it does not fit in the last one) and named by
/// its position: block number × [`BLOCK`] + offset.
#[derive(Default)]
pub(super) struct Blocks<T> {
    blocks: VecDeque<Vec<T>>,
    /// Number of the block `blocks[0]`.
    first: u64,
}

impl<T: Copy> Blocks<T> {
    /// Appends the parts of one run (together at most [`BLOCK`] values) in one place;
    /// returns its position.
    pub(super) fn push(&mut self, parts: &[&[T]]) -> u64 {
        let n: usize = parts.iter().map(|p| p.len()).sum();
        assert!(n <= BLOCK, "a run of {n} values is longer than a block");
        if self.blocks.back().is_none_or(|b| b.len() + n > BLOCK || b.len() == BLOCK) {
            self.blocks.push_back(Vec::with_capacity(BLOCK));
        }
        let number = self.first + self.blocks.len() as u64 - 1;
        let b = self.blocks.back_mut().expect("a block was just ensured");
        let at = number * BLOCK as u64 + b.len() as u64;
        for p in parts {
            b.extend_from_slice(p);
        }
        at
    }

    /// The `len` values at position `at` (a run not dropped).
    pub(super) fn get(&self, at: u64, len: usize) -> &[T] {
        let b = &self.blocks[(at / BLOCK as u64 - self.first) as usize];
        let o = (at % BLOCK as u64) as usize;
        &b[o..o + len]
    }

    /// Drops the blocks before the one holding position `at` (all of them if `at` is
    /// past the last).
    pub(super) fn drop_before(&mut self, at: u64) {
        let keep_from = at / BLOCK as u64;
        while self.first < keep_from && self.blocks.pop_front().is_some() {
            self.first += 1;
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.blocks.capacity() * std::mem::size_of::<Vec<T>>()
            + self.blocks.iter().map(|b| b.capacity() * std::mem::size_of::<T>()).sum::<usize>()
    }
}

/// A posting list that costs one `u32` while it has one member: values below
/// [`MANY`] are the member itself, others index `many`.
pub(super) const MANY: u32 = 1 << 31;

/// Shards of a [`Postings`] table: chosen by bits 24..30 of the key (anchors have
/// their top two bits zero).
const SHARDS: usize = 64;

/// Members of hash-table keys: one entry inline, more in a shared arena. The table is
/// split into [`SHARDS`] shards, so that growing it never copies more than one shard.
pub(super) struct Postings {
    pub(super) maps: Vec<FxHashMap<u32, u32>>,
    pub(super) many: Vec<Vec<u32>>,
}

impl Default for Postings {
    fn default() -> Self {
        Postings { maps: (0..SHARDS).map(|_| FxHashMap::default()).collect(), many: Vec::new() }
    }
}

#[inline]
fn shard(k: u32) -> usize {
    (k >> 24) as usize % SHARDS
}

impl Postings {
    /// The members of `k`, in the order they were added.
    pub(super) fn get(&self, k: u32) -> &[u32] {
        match self.maps[shard(k)].get(&k) {
            None => &[],
            Some(v) if *v & MANY != 0 => &self.many[(*v & !MANY) as usize],
            Some(v) => std::slice::from_ref(v),
        }
    }

    /// Adds `e` to the members of `k`, unless it already has `cap` members.
    pub(super) fn push(&mut self, k: u32, e: u32, cap: usize) {
        match self.maps[shard(k)].get_mut(&k) {
            None => {
                self.maps[shard(k)].insert(k, e);
            }
            Some(v) if *v & MANY != 0 => {
                let m = &mut self.many[(*v & !MANY) as usize];
                if m.len() < cap {
                    m.push(e);
                }
            }
            Some(v) => {
                if cap > 1 {
                    self.many.push(vec![*v, e]);
                    *v = MANY | (self.many.len() - 1) as u32;
                }
            }
        }
    }

    /// Drops the members below `first`, and the keys left with none; rebuilds the arena.
    pub(super) fn retain_from(&mut self, first: u32) {
        let mut many = Vec::new();
        let old = std::mem::take(&mut self.many);
        for map in &mut self.maps {
            map.retain(|_, v| {
                if *v & MANY == 0 {
                    return *v >= first;
                }
                let m: Vec<u32> = old[(*v & !MANY) as usize].iter().copied().filter(|&e| e >= first).collect();
                match m.len() {
                    0 => false,
                    1 => {
                        *v = m[0];
                        true
                    }
                    _ => {
                        *v = MANY | many.len() as u32;
                        many.push(m);
                        true
                    }
                }
            });
        }
        self.many = many;
    }

    /// Heap bytes held (a slot is a key, a value and a control byte).
    pub(super) fn heap_bytes(&self) -> usize {
        self.maps.iter().map(|m| m.capacity() * 9).sum::<usize>()
            + self.many.iter().map(|m| 24 + m.capacity() * 4).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_runs_whole_and_drop_from_the_front() {
        let mut b: Blocks<u32> = Blocks::default();
        let run: Vec<u32> = (0..100).collect();
        let mut at = Vec::new();
        for i in 0..1000u32 {
            let n = (i as usize * 7) % 89;
            at.push((b.push(&[&run[..n / 2], &run[n / 2..n]]), n));
        }
        for &(a, n) in &at {
            assert_eq!(b.get(a, n), &run[..n]);
            assert!(a % BLOCK as u64 + n as u64 <= BLOCK as u64, "a run crosses a block");
        }
        b.drop_before(at[700].0);
        for &(a, n) in &at[700..] {
            assert_eq!(b.get(a, n), &run[..n]);
        }
        assert!(b.heap_bytes() > 0);
        b.drop_before(u64::MAX);
        assert!(b.heap_bytes() < 1024, "only the list of blocks is left");
        let a = b.push(&[&run[..3]]);
        assert!(a > at[999].0);
        assert_eq!(b.get(a, 3), &[0, 1, 2]);
        // An empty run after a full block lands in a block that exists.
        let mut b: Blocks<u32> = Blocks::default();
        let full = vec![7u32; BLOCK];
        b.push(&[&full]);
        let a = b.push(&[]);
        assert_eq!(b.get(a, 0), &[] as &[u32]);
    }

    #[test]
    fn postings_inline_one_member() {
        let mut p = Postings::default();
        p.push(5, 1, 3);
        assert_eq!(p.get(5), &[1]);
        p.push(5, 2, 3);
        p.push(5, 3, 3);
        p.push(5, 4, 3);
        assert_eq!(p.get(5), &[1, 2, 3]);
        assert!(p.get(9).is_empty());
        p.push(6, 1, 1);
        p.push(6, 2, 1);
        assert_eq!(p.get(6), &[1]);
        p.push(7, 0, 3);
        p.push(7 | 5 << 24, 8, 3);
        p.retain_from(2);
        assert_eq!(p.get(5), &[2, 3]);
        assert!(p.get(6).is_empty() && p.get(7).is_empty());
        assert_eq!(p.get(7 | 5 << 24), &[8]);
        p.retain_from(3);
        assert_eq!(p.get(5), &[3]);
    }
}
