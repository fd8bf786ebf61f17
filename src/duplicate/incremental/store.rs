//! The index's storage, grown in small steps: sketch hashes in fixed-size blocks
//! ([`Blocks`]) and anchor tables split into shards ([`Postings`]).
//!
//! A single vector or hash table doubles when it fills: for a moment it holds the old
//! and the new copy (three times the data), and then up to twice what it needs. On a
//! stream of 80,000 documents that was 38 MB of capacity for 20 MB of sketch hashes,
//! and peak memory rose in steps as the input grew. Here no allocation is larger than
//! a block or a shard, so memory follows the entries kept.

use crate::filter::HashFilter;
use std::collections::VecDeque;

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

/// Bits a sketch hash at sampling level `level` is stored in: its low `level` bits are zero.
fn width(level: u8) -> u32 {
    32 - u32::from(level.min(32))
}

/// Appends `hs`, hashes whose low `level` bits are zero, to `out` in [`width`] bits
/// each (a sketch of a text of a few hundred words is kept at level 4 to 6, so this
/// saves an eighth to a fifth of its bytes). Returns the words written:
/// [`packed_len`] of `hs.len()`.
pub(super) fn pack(hs: &[u32], level: u8, out: &mut Vec<u32>) -> usize {
    let w = width(level);
    let before = out.len();
    if w == 0 {
        return 0;
    }
    let (mut acc, mut bits) = (0u64, 0u32);
    for &h in hs {
        debug_assert!(h.trailing_zeros() >= 32 - w, "hash {h:#x} not at level {level}");
        acc |= u64::from(h >> (32 - w)) << bits;
        bits += w;
        if bits >= 32 {
            out.push(acc as u32);
            acc >>= 32;
            bits -= 32;
        }
    }
    if bits > 0 {
        out.push(acc as u32);
    }
    out.len() - before
}

/// Words [`pack`] writes for `n` hashes at `level`.
pub(super) fn packed_len(n: usize, level: u8) -> usize {
    (n * width(level) as usize).div_ceil(32)
}

/// Appends the `n` hashes packed at the start of `words` at `level` to `out`.
pub(super) fn unpack(words: &[u32], n: usize, level: u8, out: &mut Vec<u32>) {
    let w = width(level);
    if w == 0 {
        out.extend(std::iter::repeat_n(0, n));
        return;
    }
    let mask = if w == 32 { u64::from(u32::MAX) } else { (1u64 << w) - 1 };
    let (mut acc, mut bits) = (0u64, 0u32);
    let mut words = words.iter();
    for _ in 0..n {
        if bits < w {
            acc |= u64::from(*words.next().expect("packed hashes end early")) << bits;
            bits += 32;
        }
        out.push(((acc & mask) as u32) << (32 - w));
        acc >>= w;
        bits -= w;
    }
}

/// Shards of a [`Postings`] table: chosen by bits 24..30 of the key (anchors have
/// their top two bits zero).
const SHARDS: usize = 64;
/// Postings a shard takes in its small sorted list before they are merged into its base.
const RECENT: usize = 128;
/// Postings per bucket of a shard's base that its bucket index aims at.
const PER_BUCKET: usize = 8;

/// The bucket bits of a base of `len` postings: about [`PER_BUCKET`] postings a bucket, at
/// most 2^14 buckets (keys have 24 bits below the shard's).
fn bucket_bits(len: usize) -> u32 {
    let mut bits = 0;
    while bits < 14 && (len >> bits) > PER_BUCKET {
        bits += 1;
    }
    bits
}

/// Members of hash-table keys (anchor → entries), as sorted postings `key << 32 | entry`:
/// 8 bytes each, where a hash table held 16 or more (a slot of a key and a value kept
/// at most 7/8 full, and a separate list for a key with several members). The table is
/// split into [`SHARDS`] shards; a shard is a sorted *base*, found in through a bucket
/// index on the key's next bits, and a short sorted list of the postings added since
/// it was last merged into the base ([`RECENT`]). Members of a key come in the order
/// they were added (entries are numbered in that order).
pub(super) struct Postings {
    shards: Vec<Shard>,
}

#[derive(Default)]
#[cfg_attr(test, derive(Clone))]
struct Shard {
    /// Sorted postings, the older ones.
    base: Vec<u64>,
    /// `start[b]..start[b + 1]`: the postings of `base` whose key has the bucket `b`:
    /// its `bits` bits below the shard's.
    start: Vec<u32>,
    bits: u32,
    /// A filter of the keys of `base` (8 to 16 bits a
    /// posting): most keys looked up are in none, and are turned away with one read
    /// of a table a tenth the size of the base.
    filter: HashFilter,
    /// Sorted postings added since the last merge (entries after those of `base`).
    recent: Vec<u64>,
    /// Bit [`seen_bit`] of the key of every posting in `recent`: most keys looked up
    /// are in none, and are turned away without a search.
    seen: [u64; 16],
}

/// A key's bit in [`Shard::seen`] (bits 12..22: below the shard's, and above the
/// low bits a sampled hash has zero).
#[inline]
fn seen_bit(k: u32) -> usize {
    (k >> 12) as usize & 1023
}

/// A key on its way through [`Postings::get_many`]: its bucket in its shard's base
/// ([`Shard::bucket_span`]) and that bucket's first and last keys ([`Shard::ends`]).
#[derive(Clone, Copy, Default)]
pub(super) struct Span {
    key: u32,
    bucket: (u32, u32),
    ends: (u32, u32),
}

/// The members of one key: some in a shard's base, the later ones in its recent list.
pub(super) struct Members<'a>(&'a [u64], &'a [u64]);

impl Members<'_> {
    /// Number of members.
    pub(super) fn len(&self) -> usize {
        self.0.len() + self.1.len()
    }

    /// The members, in the order they were added.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().chain(self.1).map(|&p| p as u32)
    }
}

impl Default for Postings {
    fn default() -> Self {
        Postings { shards: (0..SHARDS).map(|_| Shard::default()).collect() }
    }
}

#[inline]
fn shard(k: u32) -> usize {
    (k >> 24) as usize % SHARDS
}

/// The postings of key `k` in `v` (sorted).
#[inline]
fn range(v: &[u64], k: u32) -> &[u64] {
    let lo = v.partition_point(|&p| ((p >> 32) as u32) < k);
    let n = v[lo..].iter().take_while(|&&p| (p >> 32) as u32 == k).count();
    &v[lo..lo + n]
}

impl Shard {
    #[inline]
    fn bucket(&self, k: u32) -> usize {
        if self.bits == 0 {
            0
        } else {
            ((k & 0x00ff_ffff) >> (24 - self.bits)) as usize
        }
    }

    /// The members of `k`. (Inlined: most keys looked up are in no posting, a few
    /// instructions: the filter is read first, and the bucket's start only for a key it
    /// lets through.)
    #[inline(always)]
    fn get(&self, k: u32) -> Members<'_> {
        let span = self.bucket_span(k);
        self.members_in(k, span, self.ends(span))
    }

    /// False when `k` certainly has no posting in `recent` (its [`seen_bit`] is clear).
    #[inline(always)]
    fn maybe_recent(&self, k: u32) -> bool {
        let b = seen_bit(k);
        self.seen[b / 64] >> (b % 64) & 1 == 1
    }

    /// Where the postings of `k` in the base may be (its bucket), if its filter lets it
    /// through; `0..0` otherwise.
    #[inline(always)]
    fn bucket_span(&self, k: u32) -> (u32, u32) {
        self.bucket_span_if(k, self.filter.may_contain(k))
    }

    /// [`Shard::bucket_span`] given what the filter says of `k` (`in_base`).
    #[inline(always)]
    fn bucket_span_if(&self, k: u32, in_base: bool) -> (u32, u32) {
        match in_base.then(|| self.start.get(self.bucket(k)..self.bucket(k) + 2)).flatten() {
            Some(&[a, b]) => (a, b),
            _ => (0, 0),
        }
    }

    /// The keys of the first and last postings of the bucket `a..b` (`(u32::MAX, 0)` for
    /// none): nothing of a key outside them is in the bucket. (Both read: a bucket of
    /// [`PER_BUCKET`] postings mostly spans two cache lines, and the search needs both.)
    #[inline(always)]
    fn ends(&self, (a, b): (u32, u32)) -> (u32, u32) {
        if a < b {
            ((self.base[a as usize] >> 32) as u32, (self.base[b as usize - 1] >> 32) as u32)
        } else {
            (u32::MAX, 0)
        }
    }

    /// The members of `k` whose base postings are in `base[a..b]` ([`Shard::bucket_span`]),
    /// where `(first, last)` are [`Shard::ends`] of that bucket.
    #[inline(always)]
    fn members_in(&self, k: u32, (a, b): (u32, u32), (first, last): (u32, u32)) -> Members<'_> {
        let base = if first > k || last < k { &[] } else { range(&self.base[a as usize..b as usize], k) };
        let recent = if self.maybe_recent(k) { range(&self.recent, k) } else { &[] };
        Members(base, recent)
    }

    /// Merges `recent` into `base`, keeping the postings whose entry is at least
    /// `first`, and indexes the buckets again.
    fn merge(&mut self, first: u32) {
        let keep = |p: &&u64| **p as u32 >= first;
        let n = self.base.iter().filter(keep).count() + self.recent.iter().filter(keep).count();
        let mut out = Vec::with_capacity(n);
        let (mut a, mut b) = (self.base.iter().filter(keep).peekable(), self.recent.iter().filter(keep).peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) => {
                    if x <= y {
                        a.next();
                        x
                    } else {
                        b.next();
                        y
                    }
                }
                (Some(&&x), None) => {
                    a.next();
                    x
                }
                (None, Some(&&y)) => {
                    b.next();
                    y
                }
                (None, None) => break,
            };
            out.push(next);
        }
        self.base = out;
        self.recent.clear();
        self.seen = [0; 16];
        self.index_buckets(bucket_bits(self.base.len()));
        self.filter = HashFilter::new(self.base.iter().map(|&p| (p >> 32) as u32), self.base.len());
    }

    /// Indexes the base's buckets again, `bits` of them (no index for an empty base).
    fn index_buckets(&mut self, bits: u32) {
        self.bits = bits;
        if self.base.is_empty() {
            self.start = Vec::new();
            return;
        }
        let mut start = vec![0u32; (1 << bits) + 1];
        for &p in &self.base {
            start[self.bucket((p >> 32) as u32) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        self.start = start;
    }

    /// [`Shard::merge`] when nothing is dropped, into a base that is not empty: `recent` put into `base` from the back,
    /// each posting after a move of the base's postings above it (a copy of the whole
    /// base, in a few block moves, where the merge took the postings one at a time),
    /// and the bucket index and filter updated with the recent keys alone while their
    /// sizes stay. (A base is merged every [`RECENT`] postings: in a long stream, merging
    /// it whole each time, and indexing and filtering it again, came to 2% of the run.)
    fn absorb(&mut self) {
        let (old, m) = (self.base.len(), self.recent.len());
        self.base.resize(old + m, 0);
        let mut i = old;
        for j in (1..=m).rev() {
            let r = self.recent[j - 1];
            // Where it goes: searched back from the last one's place by steps that double
            // (in the part of the base about to be moved, not by bisecting all of it, a
            // miss at each step).
            let (mut hi, mut step) = (i, 1);
            while hi >= step && self.base[hi - step] > r {
                hi -= step;
                step *= 2;
            }
            let from = hi.saturating_sub(step);
            let lo = from + self.base[from..hi].partition_point(|&x| x < r);
            self.base.copy_within(lo..i, lo + j);
            self.base[lo + j - 1] = r;
            i = lo;
        }
        let bits = bucket_bits(self.base.len());
        if bits == self.bits {
            // The buckets' counts grow by the recent keys': their starts by those before.
            let mut more = vec![0u32; self.start.len()];
            for &p in &self.recent {
                more[self.bucket((p >> 32) as u32) + 1] += 1;
            }
            let mut sum = 0;
            for (s, d) in self.start.iter_mut().zip(&more) {
                sum += d;
                *s += sum;
            }
        } else {
            self.index_buckets(bits);
        }
        let keys = self.recent.iter().map(|&p| (p >> 32) as u32);
        if !self.filter.add(keys, self.base.len()) {
            self.filter = HashFilter::new(self.base.iter().map(|&p| (p >> 32) as u32), self.base.len());
        }
        self.recent.clear();
        self.seen = [0; 16];
    }
}

impl Postings {
    /// The members of `k`, in the order they were added.
    #[cfg(test)]
    pub(super) fn get(&self, k: u32) -> Members<'_> {
        self.shards[shard(k)].get(k)
    }

    /// Calls `f` with the members of each key of `keys` that has any, in the order of
    /// `keys`: the answers of [`Postings::get`], found in passes (`spans`: scratch).
    ///
    /// A key with members costs three reads that depend on each other (the filter, the
    /// bucket's start, the bucket), and in a long stream each misses the CPU's cache.
    /// Asked one key at a time, they are waited for one after another; here each pass
    /// makes one of the reads for every key still in question, so the misses of
    /// different keys overlap: the filters and seen bits of every key (most keys stop
    /// there: one in five goes on), then the buckets' starts, then the buckets.
    pub(super) fn get_many(&self, keys: &[u32], spans: &mut Vec<Span>, mut f: impl FnMut(Members<'_>)) {
        spans.clear();
        spans.resize(keys.len(), Span::default());
        // The filters' and seen bits' answers first, each to its key's own place (in
        // `bucket` until the next pass), then the keys let through moved together:
        // written straight to the place the answers before it gave, each key waited
        // on the read before (500 MB, duplicates only: 6.71 -> 6.19 s).
        for (x, &k) in spans.iter_mut().zip(keys) {
            let s = &self.shards[shard(k)];
            x.key = k;
            x.bucket = (u32::from(s.filter.may_contain(k)), u32::from(s.maybe_recent(k)));
        }
        // (No branch on the answers: every key is written, and kept by advancing. The
        // filter's answer goes along, so that the next pass does not read it again.)
        let mut n = 0;
        for i in 0..spans.len() {
            let x = spans[i];
            spans[n] = x;
            n += (x.bucket.0 | x.bucket.1) as usize;
        }
        spans.truncate(n);
        // (Two passes: the bucket's start and its postings are two reads that depend on
        // each other, each a miss; one pass at a time, nothing waits within a pass.)
        for x in spans.iter_mut() {
            x.bucket = self.shards[shard(x.key)].bucket_span_if(x.key, x.bucket.0 != 0);
        }
        for x in spans.iter_mut() {
            x.ends = self.shards[shard(x.key)].ends(x.bucket);
        }
        for x in spans.iter() {
            let m = self.shards[shard(x.key)].members_in(x.key, x.bucket, x.ends);
            if m.len() > 0 {
                f(m);
            }
        }
    }

    /// Adds `e` to the members of `k`, unless it already has `cap` members; `e` is
    /// after every entry added before.
    pub(super) fn push(&mut self, k: u32, e: u32, cap: usize) {
        let s = &mut self.shards[shard(k)];
        if s.get(k).len() >= cap {
            return;
        }
        let p = (k as u64) << 32 | e as u64;
        let at = s.recent.partition_point(|&x| x < p);
        if s.recent.capacity() == 0 {
            s.recent.reserve_exact(RECENT);
        }
        s.recent.insert(at, p);
        let b = seen_bit(k);
        s.seen[b / 64] |= 1 << (b % 64);
        if s.recent.len() >= RECENT {
            if s.base.is_empty() {
                s.merge(0);
            } else {
                s.absorb();
            }
        }
    }

    /// Drops the members below `first`, and the keys left with none.
    pub(super) fn retain_from(&mut self, first: u32) {
        for s in &mut self.shards {
            s.merge(first);
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.shards
            .iter()
            .map(|s| (s.base.capacity() + s.recent.capacity()) * 8 + s.start.capacity() * 4 + s.filter.heap_bytes())
            .sum()
    }

    /// The oldest entry any key has as a member.
    #[cfg(test)]
    pub(super) fn oldest(&self) -> Option<u32> {
        self.shards.iter().flat_map(|s| s.base.iter().chain(&s.recent)).map(|&p| p as u32).min()
    }

    /// Postings held, and the keys they have.
    #[cfg(test)]
    pub(super) fn counts(&self) -> (usize, usize) {
        let mut keys = 0;
        let mut n = 0;
        for s in &self.shards {
            for v in [&s.base, &s.recent] {
                n += v.len();
                keys += v.iter().enumerate().filter(|&(i, p)| i == 0 || v[i - 1] >> 32 != p >> 32).count();
            }
        }
        (n, keys)
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
    fn packed_hashes_come_back() {
        let mut x = 7u32;
        for level in [0u8, 1, 4, 5, 13, 31, 32] {
            for n in [0usize, 1, 2, 31, 48, 255] {
                let hs: Vec<u32> = (0..n)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        if level >= 32 {
                            0
                        } else {
                            x & !((1u32 << level) - 1)
                        }
                    })
                    .collect();
                let mut out = vec![9];
                let words = pack(&hs, level, &mut out);
                assert_eq!(words, packed_len(n, level));
                assert_eq!(out.len(), 1 + words);
                let mut back = vec![1];
                unpack(&out[1..], n, level, &mut back);
                assert_eq!(&back[1..], &hs[..], "level {level}, {n} hashes");
            }
        }
    }

    #[test]
    fn postings_keep_members_in_order() {
        let get = |p: &Postings, k: u32| p.get(k).iter().collect::<Vec<u32>>();
        let mut p = Postings::default();
        p.push(5, 1, 3);
        assert_eq!(get(&p, 5), &[1]);
        p.push(5, 2, 3);
        p.push(5, 3, 3);
        p.push(5, 4, 3);
        assert_eq!(get(&p, 5), &[1, 2, 3]);
        assert!(get(&p, 9).is_empty());
        p.push(6, 1, 1);
        p.push(6, 2, 1);
        assert_eq!(get(&p, 6), &[1]);
        p.push(7, 0, 3);
        p.push(7 | 5 << 24, 8, 3);
        p.retain_from(2);
        assert_eq!(get(&p, 5), &[2, 3]);
        assert!(get(&p, 6).is_empty() && get(&p, 7).is_empty());
        assert_eq!(get(&p, 7 | 5 << 24), &[8]);
        p.retain_from(3);
        assert_eq!(get(&p, 5), &[3]);
    }

    /// `get_many` gives the members `get` gives, for each key with any, in order.
    fn assert_get_many(p: &Postings, keys: &[u32]) {
        let one: Vec<Vec<u32>> =
            keys.iter().map(|&k| p.get(k).iter().collect::<Vec<u32>>()).filter(|m| !m.is_empty()).collect();
        let mut many = Vec::new();
        p.get_many(keys, &mut Vec::new(), |m| many.push(m.iter().collect::<Vec<u32>>()));
        assert!(!one.is_empty());
        assert_eq!(many, one);
    }

    /// A recent list absorbed into the base leaves the shard a full merge leaves: the
    /// base, its bucket index and its filter, whether their sizes change or not.
    #[test]
    fn absorbing_is_merging() {
        let mut x = 4321u32;
        let mut s = Shard::default();
        let (mut absorbed, mut target) = (0, 1);
        for e in 0..20_000u32 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            // Keys of one shard, some repeated.
            let k = if e % 7 == 0 { 0x0012_3400 } else { x & 0x00ff_ffff };
            s.recent.push(u64::from(k) << 32 | u64::from(e));
            if s.recent.len() == target {
                // Lists of 1 to RECENT postings.
                target = 1 + (x >> 8) as usize % RECENT;
                s.recent.sort_unstable();
                if s.base.is_empty() {
                    s.merge(0);
                    continue;
                }
                let mut plain = s.clone();
                plain.merge(0);
                s.absorb();
                absorbed += 1;
                assert_eq!((&s.base, &s.start, s.bits), (&plain.base, &plain.start, plain.bits), "entry {e}");
                assert_eq!(format!("{:?}", s.filter), format!("{:?}", plain.filter), "entry {e}");
                assert!(s.recent.is_empty() && s.seen == [0; 16]);
            }
        }
        assert!(absorbed > 50 && s.bits > 4);
    }

    #[test]
    fn postings_agree_with_a_map_across_merges() {
        // Many keys in few shards, so bases are merged and bucketed many times.
        let mut p = Postings::default();
        let mut want: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        let mut x = 99u32;
        let mut first = 0;
        for e in 0..20_000u32 {
            for _ in 0..3 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let k = (x % 3000) * 4099 % (1 << 26);
                let cap = 4;
                let m = want.entry(k).or_default();
                if m.len() < cap && m.last() != Some(&e) {
                    m.push(e);
                }
                if p.get(k).len() < cap && p.get(k).iter().last() != Some(e) {
                    p.push(k, e, cap);
                }
            }
            if e % 1000 == 500 {
                // (With postings in the recent lists as well as the bases.)
                assert_get_many(&p, &(0..3000).map(|i| i * 4099 % (1 << 26)).collect::<Vec<u32>>());
            }
            if e % 5000 == 4999 {
                first = e - 2000;
                p.retain_from(first);
                for m in want.values_mut() {
                    m.retain(|&v| v >= first);
                }
                want.retain(|_, m| !m.is_empty());
            }
        }
        assert!(first > 0);
        assert_get_many(&p, &want.keys().copied().chain((0..1 << 26).step_by(977)).collect::<Vec<u32>>());
        for (&k, m) in &want {
            assert_eq!(&p.get(k).iter().collect::<Vec<u32>>(), m, "key {k}");
        }
        assert_eq!(p.counts().0, want.values().map(Vec::len).sum::<usize>());
        for k in (0..1 << 26).step_by(977) {
            assert_eq!(p.get(k).len(), want.get(&k).map_or(0, Vec::len));
        }
    }
}
