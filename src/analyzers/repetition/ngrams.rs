//! The Gopher n-gram measures, on hashed word n-grams (no strings are built).
//!
//! - *Top n-gram share* (n = 2, 3, 4; limits 20%, 18%, 16%): the characters of the
//!   most frequent n-gram times its count, over all characters.
//! - *Duplicated n-gram share* (n = 5..10; limits 15% down to 10%): the characters of
//!   words covered by an n-gram that already occurred earlier, over all characters.
//!
//! Characters are the words' characters plus one space each. Two shortcuts keep
//! this near one hash-map operation per word:
//! - an n-gram occurring `c` times has `c × length` at most the sum, over its
//!   words, of all the characters of that word in the text (each occurrence of the
//!   n-gram holds an occurrence of each of its words). So n-grams are only counted
//!   in windows whose words' character masses (from a small direct-mapped table,
//!   whose collisions can only over-estimate) add up to more than the limit: in
//!   ordinary prose, none;
//! - an n-gram (n > 5) can only repeat where its first 5-gram repeats, so only
//!   those positions are hashed for n = 6..10.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::firsts::Firsts;
use super::words::Words;

/// Buffers reused from one document to the next (no allocation per document once warm).
#[derive(Default)]
pub struct Scratch {
    first: Firsts,
    /// Occurrences and first position of the heavy 2-, 3- and 4-grams.
    counts: [FxHashMap<u64, (u32, u32)>; 3],
    table: Vec<u32>,
    involved: Vec<u64>,
    repeats: Vec<(usize, usize)>,
    cands: Vec<usize>,
    seen: Vec<[u64; 2]>,
    part: Vec<u64>,
    counts5: Vec<u32>,
    cand: Vec<u64>,
    masked: Vec<u32>,
}

impl Scratch {
    /// Drops buffers grown past `max` entries, so one huge document does not pin memory.
    pub fn trim(&mut self, max: usize) {
        if self.first.capacity() > max || self.part.capacity() > max {
            *self = Scratch::default();
        }
    }
}

/// Buckets of the largest table of word masses of [`top`].
const MASS_BUCKETS: usize = 1 << 16;

/// Gopher's top n-gram limits.
pub const TOP_LIMITS: [(usize, f64); 3] = [(2, 0.20), (3, 0.18), (4, 0.16)];

/// Gopher's duplicated n-gram limit for `n` in 5..=10.
pub fn dup_limit(n: usize) -> f64 {
    0.15 - 0.01 * (n as f64 - 5.0)
}

/// The most frequent n-gram, when its share passes the limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Top {
    /// Words in the n-gram.
    pub n: usize,
    /// Occurrences.
    pub count: usize,
    /// Share of the characters.
    pub share: f64,
    /// The limit passed.
    pub limit: f64,
    /// Word positions of the first occurrences (at most [`MAX_SHOWN`]).
    pub at: Vec<usize>,
}

/// Occurrences listed in a finding.
pub const MAX_SHOWN: usize = 5;

/// The top n-grams (n = 2, 3, 4) over their limits, not counting n-grams that
/// touch a word with `mask` set.
pub fn top(w: &Words, mask: &[bool], sc: &mut Scratch) -> Vec<Top> {
    let len = w.len();
    let mut out = Vec::new();
    // (Cleared first: the tests read the windows counted, none when it returns early.)
    for c in sc.counts.iter_mut() {
        c.clear();
    }
    if len < 2 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let size = (len * 2).next_power_of_two().clamp(256, MASS_BUCKETS);
    // The table is allocated at its largest size once, and only its first `size`
    // buckets are used: an index cut to 16 bits needs no bounds check.
    sc.table.resize(MASS_BUCKETS, 0);
    let table: &mut [u32; MASS_BUCKETS] = (&mut sc.table[..MASS_BUCKETS]).try_into().expect("mass table");
    table[..size].fill(0);
    let bits = (size - 1) as u64;
    let slot = |h: u64| (h & bits) as u16 as usize;
    let chars = w.pre()[1..=len].iter().zip(&w.pre()[..len]).map(|(b, a)| (b - a) as u32);
    // Below 2^32 characters in all no bucket can saturate: every word is added, and the
    // masked ones (few: copied paragraphs and sentences) taken out again, which is the
    // sum over the unmasked words without a test per word.
    if total < u32::MAX as f64 {
        for (&h, c) in w.hash()[..len].iter().zip(chars) {
            let b = &mut table[slot(h)];
            *b = b.wrapping_add(c);
        }
        // (An OR over 32 at a time, which the compiler vectorizes: no test per word.)
        for (c, m) in mask[..len].chunks(32).enumerate() {
            if m.iter().fold(false, |a, &m| a | m) {
                for i in (c * 32..c * 32 + m.len()).filter(|&i| mask[i]) {
                    let b = &mut table[slot(w.hash()[i])];
                    *b -= (w.pre()[i + 1] - w.pre()[i]) as u32;
                }
            }
        }
    } else {
        for ((&h, &m), c) in w.hash()[..len].iter().zip(&mask[..len]).zip(chars) {
            if !m {
                let b = &mut table[slot(h)];
                *b = b.saturating_add(c);
            }
        }
    }
    let table = &table[..];
    // The heaviest word (with its collisions) bounds them all: the lowest bar of the
    // three (n = 4) decides whether anything is heavy at all. (Every non-empty bucket
    // holds an unmasked word, so this is the largest of the words' masses.)
    let max_mass = table[..size].iter().copied().max().unwrap_or(0) as u64;
    let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
    if max_mass as f64 <= lowest {
        return out;
    }
    let bars = TOP_LIMITS.map(|(_, limit)| (limit * total) as u64);
    let active: [bool; 3] = std::array::from_fn(|k| {
        let n = TOP_LIMITS[k].0;
        len >= n && n as u64 * max_mass > bars[k]
    });
    if !active.contains(&true) {
        return out;
    }
    // The window of n words ending at word i sums the masses (characters of all
    // unmasked occurrences, over-estimated by collisions) of its words; count × length
    // of an n-gram is at most that sum, so only n-grams in windows over the bar can
    // pass the limit, and all their occurrences are counted (the sum is the same at
    // each). No word weighs more than `max_mass`, so a window whose words, all but
    // one, weigh at most `t` = (bar − max_mass) / (n − 1) sums to at most the bar: a
    // window over its bar holds two words heavier than `t`, at most 3 words apart.
    // Only the windows holding such a pair (in prose, "the" twice in four words, and
    // little else) are summed, and a walk that finds them does one table look-up per
    // word. (Unmasked words weigh at least 1: with `t` = 0 the test passes any window.)
    let t = (0..3)
        .filter(|&k| active[k])
        .map(|k| bars[k].saturating_sub(max_mass) / (TOP_LIMITS[k].0 as u64 - 1))
        .min()
        .unwrap_or(u64::MAX);
    let counts = &mut sc.counts;
    let hash = &w.hash()[..len];
    let mass = |i: usize| table[slot(hash[i])] as u64;
    // Window ends below `done` have been looked at; `prev` is the last word heavier than `t`.
    let (mut done, mut prev) = (0usize, usize::MAX);
    let mut from = 0;
    // (The search for the next heavy word is a loop of its own, short enough for registers.)
    while let Some(k) = hash[from..].iter().position(|&h| table[slot(h)] as u64 > t) {
        let p = from + k;
        from = p + 1;
        let q = std::mem::replace(&mut prev, p);
        if q == usize::MAX || p - q > 3 {
            continue;
        }
        // Words q and p (the heavy word before p) are both in the windows ending at p..=q + 3.
        let end = (q + 4).min(len);
        for i in p.max(done)..end {
            let (m0, m1, m2, m3) = (
                mass(i),
                if i >= 1 { mass(i - 1) } else { 0 },
                if i >= 2 { mass(i - 2) } else { 0 },
                if i >= 3 { mass(i - 3) } else { 0 },
            );
            let sums = [m0 + m1, m0 + m1 + m2, m0 + m1 + m2 + m3];
            for k in 0..3 {
                let n = k + 2;
                if active[k] && sums[k] > bars[k] && i + 1 >= n && !mask[i + 1 - n..=i].contains(&true) {
                    let start = i + 1 - n;
                    let e = counts[k].entry(w.ngram(start, n)).or_insert((0, start as u32));
                    e.0 += 1;
                }
            }
        }
        done = done.max(end);
    }
    for (k, (n, limit)) in TOP_LIMITS.into_iter().enumerate() {
        out.extend(dominant(w, mask, &counts[k], n, limit, total));
    }
    out
}

/// The n-gram of `counts` (per n-gram hash: count and first start) with the largest
/// count × length, ties to the earliest, if its share of `total` characters is over
/// `limit`, with where it occurs (unmasked, not overlapping, at most [`MAX_SHOWN`]).
fn dominant(
    w: &Words,
    mask: &[bool],
    counts: &FxHashMap<u64, (u32, u32)>,
    n: usize,
    limit: f64,
    total: f64,
) -> Option<Top> {
    let (chars, std::cmp::Reverse(first)) = counts
        .values()
        .map(|&(c, first)| (c as u64 * w.chars(first as usize, first as usize + n), std::cmp::Reverse(first)))
        .max()?;
    let share = chars as f64 / total;
    if share <= limit {
        return None;
    }
    let h = w.ngram(first as usize, n);
    let count = counts[&h].0 as usize;
    let mut at = Vec::new();
    let mut i = first as usize;
    while i + n <= w.len() && at.len() < MAX_SHOWN {
        if !mask[i] && w.ngram(i, n) == h {
            at.push(i);
            i += n;
        } else {
            i += 1;
        }
    }
    Some(Top { n, count, share, limit, at })
}

/// Duplicated n-gram share for one `n`, when over its limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Dup {
    /// Words per n-gram.
    pub n: usize,
    /// Share of the characters in repeated occurrences.
    pub share: f64,
    /// The limit passed.
    pub limit: f64,
    /// The longest run of covered words.
    pub run: Range<usize>,
    /// Where the run's first n-gram occurred first.
    pub source: usize,
}

/// Duplicated n-gram shares (n = 5..=10) over their limits. Words with `mask` set
/// (already reported as exact duplicate paragraphs or sentences) are not counted
/// as covered.
pub fn duplicated(w: &Words, mask: &[bool], sc: &mut Scratch) -> Vec<Dup> {
    let len = w.len();
    let mut out = Vec::new();
    if len < 10 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let Scratch { first, involved, repeats, cands, seen, part, counts5, cand, masked, .. } = sc;
    // (About the candidates of ordinary prose: a few percent of the 5-grams.)
    first.reset(len / 16);
    involved.clear();
    repeats.clear();
    cands.clear();
    // Only 5-grams whose bucket (of a bit table with 16 bits per 5-gram, indexed by
    // a rolling hash) holds two 5-grams can repeat, and only they are hashed exactly
    // and go into the hash map. In ordinary prose that is a few percent of them.
    let grams = len - 4;
    let table_bits = (grams * 16).next_power_of_two().max(64);
    let count = candidates(w.hash(), table_bits, seen, part, counts5, cand);
    // The candidates' first occurrences, a batch at a time: the batch's home slots in
    // the map are read first, together (independent loads, which overlap), so that
    // each look-up after them finds its slot in the cache.
    for batch in part[..count].chunks(BATCH) {
        let mut keys = [0u64; BATCH];
        for (k, &i) in keys.iter_mut().zip(batch) {
            *k = w.ngram(i as usize, 5);
        }
        first.warm(&keys[..batch.len()]);
        for (&i, &key) in batch.iter().zip(&keys) {
            let i = i as usize;
            let j = first.first_or_insert(key, i as u32) as usize;
            if j != i {
                if involved.is_empty() {
                    involved.resize(len.div_ceil(64), 0);
                }
                involved[i / 64] |= 1 << (i % 64);
                involved[j / 64] |= 1 << (j % 64);
                repeats.push((i, j));
            }
        }
    }
    if repeats.is_empty() {
        return out;
    }
    // The masked words, in order (an OR over 32 at a time, which the compiler
    // vectorizes, finds the few blocks that hold any).
    masked.clear();
    for (c, m) in mask[..len].chunks(32).enumerate() {
        if m.iter().fold(false, |a, &m| a | m) {
            masked.extend((c * 32..c * 32 + m.len()).filter(|&i| mask[i]).map(|i| i as u32));
        }
    }
    let mask = (!masked.is_empty()).then_some((mask, &masked[..]));
    // An n-gram (n > 5) that repeats starts a repeated 5-gram (its first 5 words
    // repeat where it does), so the repeated n-grams cover at most what n words from
    // each repeated 5-gram's start cover: a level whose bound is within its limit
    // cannot report, and its n-grams are not hashed. (Repeats are found by 64-bit
    // hashes at every level, as before.)
    // A bound a little looser, found in one pass for all five levels, holds with a mask
    // too (masked words only take from the cover): a level it keeps is bounded again by
    // its masked cover (a pass over the repeats each), which it rarely comes to.
    let loose = extended_runs(repeats, w.pre());
    let bound: [u64; 5] = match mask {
        None => loose,
        Some(_) => std::array::from_fn(|k| {
            let n = k + 6;
            if loose[k] as f64 / total <= dup_limit(n) {
                return loose[k];
            }
            // (An n-gram starting past len - n does not exist.)
            let fit = repeats.partition_point(|&(i, _)| i + n <= len);
            cover(&repeats[..fit], n, w.pre(), mask).0
        }),
    };
    for n in 5..=10 {
        if n > 5 && bound[n - 6] as f64 / total <= dup_limit(n) {
            continue;
        }
        if n > 5 {
            if cands.is_empty() {
                for_each_bit(involved, |i| cands.push(i));
            }
            repeats.clear();
            first.reset(cands.len());
            for &i in cands.iter() {
                if i + n > len {
                    break;
                }
                let j = first.first_or_insert(w.ngram(i, n), i as u32) as usize;
                if j != i {
                    repeats.push((i, j));
                }
            }
        }
        if repeats.is_empty() {
            break;
        }
        let (covered, run, source) = cover(repeats, n, w.pre(), mask);
        let share = covered as f64 / total;
        let limit = dup_limit(n);
        if share > limit {
            out.push(Dup { n, share, limit, run, source });
        }
    }
    out
}

/// Multiplier of the rolling 5-gram hash.
const ROLL: u64 = 0x2545_F491_4F6C_DD1D;
/// `ROLL`⁴: takes the word leaving the window out.
const ROLL4: u64 = ROLL.wrapping_mul(ROLL).wrapping_mul(ROLL).wrapping_mul(ROLL);

/// Calls `f(i, r)` for every 5-gram start `i` of the word hashes, in order, with
/// `r` = Σ hash[i + k] · ROLL^(4 - k) (wrapping): a hash of the five words updated
/// in two multiplications per word (equal words give equal values; its top bits are
/// only used to bucket the 5-grams, which are then hashed exactly).
#[inline(always)]
fn rolling5(hash: &[u64], mut f: impl FnMut(usize, u64)) {
    if hash.len() < 5 {
        return;
    }
    let mut r = 0u64;
    for &x in &hash[..5] {
        r = r.wrapping_mul(ROLL).wrapping_add(x);
    }
    f(0, r);
    for (i, (&old, &new)) in hash.iter().zip(&hash[5..]).enumerate() {
        r = r.wrapping_sub(old.wrapping_mul(ROLL4)).wrapping_mul(ROLL).wrapping_add(new);
        f(i + 1, r);
    }
}

/// Bits of the part of the bucket table one partition covers: its `seen` and
/// `multi` words (2 × 16 KiB) stay in the L1 cache.
const LOCAL_BITS: u32 = 17;
/// Words of `seen` in one partition's table.
const LOCAL_WORDS: usize = 1 << (LOCAL_BITS - 6);

/// Bits of the largest bucket table filled directly (2 × 1 MiB, about the L2 cache):
/// below it, partitioning costs more than the cache misses it saves.
const DIRECT_BITS: u32 = 23;

/// A table filled directly has one `multi` bit per `1 << GROUP_BITS` buckets.
const GROUP_BITS: u32 = 3;

/// Candidate 5-grams looked up in the map of first occurrences together.
const BATCH: usize = 16;

/// Leaves in `part[..count]`, in increasing order, the start of each 5-gram of the word
/// hashes `hash` whose bucket, of a table of `table_bits` buckets (a power of two) indexed by
/// bits of their [`rolling5`] hash (the low bits when the table is filled directly, the
/// top bits when it is partitioned), holds two or more of them (in a table filled
/// directly: whose group of `1 << GROUP_BITS` buckets holds a bucket with two or more,
/// a few more starts, each hashed exactly after). A table larger than
/// the cache is not filled in text order (one cache miss per 5-gram, twice): the
/// 5-grams are first scattered by the top bits of their bucket into partitions,
/// each of which covers a slice of the table that stays in the L1 cache. The marks
/// are the same. Returns `count`.
fn candidates(
    hash: &[u64],
    table_bits: usize,
    seen: &mut Vec<[u64; 2]>,
    part: &mut Vec<u64>,
    counts: &mut Vec<u32>,
    cand: &mut Vec<u64>,
) -> usize {
    let grams = hash.len().saturating_sub(4);
    let tb = table_bits.trailing_zeros();
    let shift = 64 - tb;
    // Positions are packed in 32 bits: a larger text is marked in one table.
    let direct = tb <= DIRECT_BITS || grams > u32::MAX as usize;
    seen.clear();
    if grams == 0 {
        return 0;
    }
    if direct {
        // A `seen` bit per bucket, and a `multi` bit per group of `1 << GROUP_BITS`
        // buckets (set when a bucket of the group is hit twice) in a table of its own,
        // 8 times smaller: the first pass reads and writes `seen` (half the bytes of
        // both bits side by side) and the second reads `multi` alone, which stays in the
        // cache. The other 5-grams of a group that holds a bucket hit twice are marked too
        // (a few more of them, each hashed exactly after).
        let words = (1usize << tb) / 64;
        let mwords = (words >> GROUP_BITS).max(1);
        seen.resize((words + mwords).div_ceil(2), [0; 2]);
        let (bits, multi) = seen.as_flattened_mut().split_at_mut(words);
        // Each 5-gram's hash is kept, so that the second pass reads it instead of rolling
        // the hash again. Its bucket is its low `tb` bits (a shift by the low 6 bits of a
        // register needs no masking): the bit `r % 64` of word `r / 64` of `bits`. Its
        // group's is the same bit of the word of `multi` that the same index, masked to
        // `multi`'s length, finds: the buckets that differ in their top `GROUP_BITS` bits
        // only (or, in a table of fewer than 64 << GROUP_BITS buckets, in any bit but the
        // low 6) share it.
        if part.len() < grams {
            *part = vec![0; grams];
        }
        let hashes = &mut part[..grams];
        // The tables' lengths are powers of two: an index masked to one needs no bounds check.
        let multi = &mut multi[..mwords];
        let (last, mlast) = (words - 1, mwords - 1);
        let mut mark = |r: u64| {
            let k = (r >> 6) as usize;
            let s = &mut bits[k & last];
            let m = 1u64 << (r % 64);
            multi[k & mlast] |= *s & m;
            *s |= m;
        };
        let mut r = 0u64;
        for &x in &hash[..5] {
            r = r.wrapping_mul(ROLL).wrapping_add(x);
        }
        // (The loop of [`rolling5`], written out: the hash of 5-gram i + 1 from that of i.)
        let (first, rest) = hashes.split_at_mut(1);
        first[0] = r;
        mark(r);
        for ((slot, &old), &new) in rest.iter_mut().zip(hash).zip(&hash[5..]) {
            r = r.wrapping_sub(old.wrapping_mul(ROLL4)).wrapping_mul(ROLL).wrapping_add(new);
            *slot = r;
            mark(r);
        }
        // The starts written over the hashes already read (`count` <= i), without a
        // branch: a branch taken for a few percent of the 5-grams, at random, waits
        // for each bucket's load and is mispredicted at each candidate.
        let mut count = 0;
        for i in 0..grams {
            let r = hashes[i];
            hashes[count] = i as u64;
            count += ((multi[(r >> 6) as usize & mlast] >> (r % 64)) & 1) as usize;
        }
        return count;
    }
    // `seen` and `multi` bits of a bucket side by side: one cache line per 5-gram.
    let local = LOCAL_BITS;
    seen.resize((1usize << local) / 64, [0; 2]);
    // The marks, set partition by partition, in one bit per 5-gram.
    cand.clear();
    cand.resize(grams.div_ceil(64), 0);
    // Partition p holds the 5-grams whose bucket's top `tb - local` bits are p, as
    // (bucket within the partition) << 32 | position, in text order.
    let pbits = tb - local;
    let parts = 1usize << pbits;
    let pshift = 64 - pbits;
    counts.clear();
    counts.resize(parts + 1, 0);
    rolling5(hash, |_, h| counts[(h >> pshift) as usize + 1] += 1);
    for p in 0..parts {
        counts[p + 1] += counts[p];
    }
    // Every entry is written below before it is read: a longer buffer from an earlier
    // text is not cleared again, and a new one comes zeroed from the allocator (not
    // copied and cleared).
    if part.len() < grams {
        *part = vec![0; grams];
    }
    let lmask = (1u64 << local) - 1;
    {
        // Cursor of each partition (counts[p] is its start); restored below.
        let (starts, _) = counts.split_at_mut(parts);
        rolling5(hash, |i, h| {
            let p = (h >> pshift) as usize;
            part[starts[p] as usize] = ((h >> shift) & lmask) << 32 | i as u64;
            starts[p] += 1;
        });
    }
    // After the scatter counts[p] is the end of partition p, the start of p + 1.
    // A fixed-size table: its indices (masked to it) need no bounds checks.
    let seen: &mut [[u64; 2]; LOCAL_WORDS] = seen.as_mut_slice().try_into().expect("one partition's table");
    let bucket = |e: u64| (((e >> 38) as usize) & (LOCAL_WORDS - 1), 1u64 << ((e >> 32) % 64));
    let mut start = 0usize;
    for &end in &counts[..parts] {
        let end = end as usize;
        let entries = &part[start..end];
        start = end;
        if entries.len() < 2 {
            continue;
        }
        for &e in entries {
            let (k, m) = bucket(e);
            let s = &mut seen[k];
            s[1] |= s[0] & m;
            s[0] |= m;
        }
        for &e in entries {
            let (k, m) = bucket(e);
            if seen[k][1] & m != 0 {
                let i = e as u32 as usize;
                cand[i / 64] |= 1 << (i % 64);
            }
        }
        // The table is clear again for the next partition (no memset of all of it).
        for &e in entries {
            seen[bucket(e).0] = [0; 2];
        }
    }
    let mut count = 0;
    for_each_bit(cand, |i| {
        part[count] = i as u64;
        count += 1;
    });
    count
}

/// Calls `f` with the index of every set bit of `bits`, in increasing order.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (k, &word) in bits.iter().enumerate() {
        let mut x = word;
        while x != 0 {
            f(k * 64 + x.trailing_zeros() as usize);
            x &= x - 1;
        }
    }
}

/// For n = 6..=10, an upper bound of the characters that the repeated n-grams can
/// cover, given the repeated 5-grams `(start, first)` (in increasing start order;
/// `pre` holds the words' character prefix sums): an n-gram starting in a run of
/// words covered by repeated 5-grams ends at most n − 5 words past the run, so the
/// characters of each run, so extended, add up to at least the n-grams' cover.
fn extended_runs(repeats: &[(usize, usize)], pre: &[u64]) -> [u64; 5] {
    let last = pre.len() - 1;
    let mut out = [0u64; 5];
    let mut add = |a: usize, b: usize| {
        for (k, o) in out.iter_mut().enumerate() {
            *o += pre[(b + k + 1).min(last)] - pre[a];
        }
    };
    let mut run: Option<(usize, usize)> = None;
    for &(i, _) in repeats {
        match &mut run {
            Some((_, b)) if i <= *b => *b = i + 5,
            _ => {
                if let Some((a, b)) = run.replace((i, i + 5)) {
                    add(a, b);
                }
            }
        }
    }
    if let Some((a, b)) = run {
        add(a, b);
    }
    out
}

/// Characters covered by the repeated occurrences `(start, first)` of n-grams (in
/// increasing start order), the longest covered run of unmasked words, and where
/// that run's text occurred first. `pre` holds the words' character prefix sums;
/// words with `mask` set (when given, with the masked words' positions in increasing
/// order) are not counted.
fn cover(
    repeats: &[(usize, usize)],
    n: usize,
    pre: &[u64],
    mask: Option<(&[bool], &[u32])>,
) -> (u64, Range<usize>, usize) {
    let mut covered = 0u64;
    let mut until = 0usize;
    let mut started = false;
    let (mut run_start, mut run_src) = (0usize, 0usize);
    let (mut best, mut best_src) = (0..0, 0usize);
    // The first masked word at or past the covered words: each repeat covers words
    // `from..i + n` past those of the repeats before it, so the masked words in them
    // are found by a cursor that only moves on (each is looked at once).
    let mut next = 0usize;
    for &(i, j) in repeats {
        if mask.is_some_and(|(m, _)| m[i]) {
            continue;
        }
        let from = i.max(until);
        covered += pre[i + n] - pre[from];
        if let Some((_, at)) = mask {
            while at.get(next).is_some_and(|&k| (k as usize) < from) {
                next += 1;
            }
            while let Some(&k) = at.get(next).filter(|&&k| (k as usize) < i + n) {
                covered -= pre[k as usize + 1] - pre[k as usize];
                next += 1;
            }
        }
        if !started || i > until {
            started = true;
            run_start = i;
            run_src = j;
        }
        until = i + n;
        if until - run_start > best.len() {
            best = run_start..until;
            best_src = run_src;
        }
    }
    (covered, best, best_src)
}

#[cfg(test)]
mod tests;
