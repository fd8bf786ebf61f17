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
    candidates(w.hash(), table_bits, seen, part, counts5, cand, |i| {
        let j = first.first_or_insert(w.ngram(i, 5), i as u32) as usize;
        if j != i {
            if involved.is_empty() {
                involved.resize(len.div_ceil(64), 0);
            }
            involved[i / 64] |= 1 << (i % 64);
            involved[j / 64] |= 1 << (j % 64);
            repeats.push((i, j));
        }
    });
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

/// Calls `f`, in increasing order, with the start of each 5-gram of the word hashes
/// `hash` whose bucket, of a table of `table_bits` buckets (a power of two) indexed by
/// bits of their [`rolling5`] hash (the low bits when the table is filled directly, the
/// top bits when it is partitioned), holds two or more of them. A table larger than
/// the cache is not filled in text order (one cache miss per 5-gram, twice): the
/// 5-grams are first scattered by the top bits of their bucket into partitions,
/// each of which covers a slice of the table that stays in the L1 cache. The marks
/// are the same.
fn candidates(
    hash: &[u64],
    table_bits: usize,
    seen: &mut Vec<[u64; 2]>,
    part: &mut Vec<u64>,
    counts: &mut Vec<u32>,
    cand: &mut Vec<u64>,
    mut f: impl FnMut(usize),
) {
    let grams = hash.len().saturating_sub(4);
    let tb = table_bits.trailing_zeros();
    let shift = 64 - tb;
    // Positions are packed in 32 bits: a larger text is marked in one table.
    let direct = tb <= DIRECT_BITS || grams > u32::MAX as usize;
    let local = if direct { tb } else { LOCAL_BITS };
    // `seen` and `multi` bits of a bucket side by side: one cache line per 5-gram.
    seen.clear();
    seen.resize((1usize << local) / 64, [0; 2]);
    if grams == 0 {
        return;
    }
    if direct {
        // Each 5-gram's hash is kept, so that the second pass reads it instead of rolling
        // the hash again. Its bucket is its low `tb` bits (a shift by the low 6 bits of a
        // register needs no masking): the bit `r % 64` of word `r / 64` of the table.
        if part.len() < grams {
            *part = vec![0; grams];
        }
        let hashes = &mut part[..grams];
        // The table's length is a power of two: an index masked to it needs no bounds check.
        let seen = &mut seen[..];
        let last = seen.len() - 1;
        let word = |r: u64| (r >> 6) as usize & last;
        let mut mark = |r: u64| {
            let s = &mut seen[word(r)];
            let m = 1u64 << (r % 64);
            s[1] |= s[0] & m;
            s[0] |= m;
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
        // (A branch per 5-gram, taken for a few percent of them.)
        for (i, &r) in hashes.iter().enumerate() {
            if (seen[word(r)][1] >> (r % 64)) & 1 != 0 {
                f(i);
            }
        }
        return;
    }
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
    for_each_bit(cand, f);
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
mod tests {
    use super::*;

    /// The marks of one table in text order, as [`candidates`] made them before it
    /// partitioned large tables.
    fn reference(hash: &[u64], table_bits: usize) -> Vec<usize> {
        let tb = table_bits.trailing_zeros();
        // Low bits in a table filled directly, top bits in a partitioned one.
        let bucket = |h: u64| if tb <= DIRECT_BITS { h & (table_bits as u64 - 1) } else { h >> (64 - tb) } as usize;
        let mut h5 = Vec::new();
        rolling5(hash, |i, h| {
            assert_eq!(i, h5.len());
            h5.push(h);
        });
        let mut count = vec![0u8; table_bits];
        for &h in &h5 {
            let c = &mut count[bucket(h)];
            *c = c.saturating_add(1);
        }
        (0..h5.len()).filter(|&i| count[bucket(h5[i])] >= 2).collect()
    }

    #[test]
    fn rolling_hash_is_the_polynomial() {
        let hash: Vec<u64> = (0..40u64).map(|k| (k % 7).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k).collect();
        let mut got = Vec::new();
        rolling5(&hash, |i, h| got.push((i, h)));
        let want: Vec<(usize, u64)> = (0..=hash.len() - 5)
            .map(|i| (i, hash[i..i + 5].iter().fold(0u64, |r, &x| r.wrapping_mul(ROLL).wrapping_add(x))))
            .collect();
        assert_eq!(got, want);
        for short in 0..5 {
            rolling5(&hash[..short], |_, _| panic!("no 5-gram in {short} words"));
        }
    }

    /// [`duplicated`] without the bucket filter and its shortcuts: every n-gram into
    /// the hash map, prefix sums of the unmasked characters.
    fn duplicated_reference(w: &Words, mask: &[bool]) -> Vec<Dup> {
        let len = w.len();
        let mut out = Vec::new();
        if len < 10 {
            return out;
        }
        let total = w.chars(0, len) as f64;
        let mut upre = vec![0u64];
        for i in 0..len {
            upre.push(upre[i] + if mask[i] { 0 } else { w.chars(i, i + 1) });
        }
        for n in 5..=10 {
            let mut first = FxHashMap::default();
            let mut repeats = Vec::new();
            for i in 0..=len - n {
                let j = *first.entry(w.ngram(i, n)).or_insert(i);
                if j != i {
                    repeats.push((i, j));
                }
            }
            if repeats.is_empty() {
                break;
            }
            // Repeats starting on a masked word are not counted.
            repeats.retain(|&(i, _)| !mask[i]);
            let (covered, run, source) = cover(&repeats, n, &upre, None);
            let share = covered as f64 / total;
            let limit = dup_limit(n);
            if share > limit {
                out.push(Dup { n, share, limit, run, source });
            }
        }
        out
    }

    #[test]
    fn masked_texts_near_the_limits_equal_every_ngram_hashed() {
        // A stretch copied (5% to 40% of a text like prose) with masked words: the
        // masked shares fall on both sides of the limits, under the unmasked bound that
        // decides which levels are measured.
        let mut sc = Scratch::default();
        let (mut found, mut missed) = (0, 0);
        for seed in 0..160u64 {
            let len = [400, 1_500, 6_000][seed as usize % 3];
            let masked = [3, 5, 9, 30][(seed as usize / 3) % 4];
            let (mut w, mask) = prose_words(seed * 3_571 + 11, len, 50, 0, masked);
            let copy = len * (5 + (seed as usize * 7) % 36) / 100;
            let (a, b) = (len / 10, len - copy);
            for k in 0..copy {
                let h = w.hash_mut();
                h[b + k] = if k % 23 == 11 { k as u64 } else { h[a + k] };
            }
            let want = duplicated_reference(&w, &mask);
            found += want.len();
            missed += (want.len() < 6) as usize;
            assert_eq!(duplicated(&w, &mask, &mut sc), want, "seed {seed}");
        }
        assert!(found > 100 && missed > 10, "{found} shares, {missed} texts with a level under its limit");
    }

    #[test]
    fn duplicated_equals_every_ngram_hashed() {
        let mut sc = Scratch::default();
        let mut found = 0;
        for seed in 0..200u64 {
            let len = [10, 11, 60, 400, 3_000, 70_000][seed as usize % 6];
            let vocab = [3, 12, 40, 1_000, 100_000][seed as usize % 5];
            let masked = [0, 0, 3, 20][seed as usize % 4];
            let (mut w, mask) = random_words(seed * 104_729 + 3, len, vocab, masked);
            // Copy a stretch (the text half repeated), with a few words changed.
            if seed % 3 == 0 && len >= 60 {
                let (a, b) = (len / 5, len / 2);
                for k in 0..len / 4 {
                    let h = w.hash_mut();
                    h[b + k] = if k % 17 == 5 { k as u64 } else { h[a + k] };
                }
            }
            let want = duplicated_reference(&w, &mask);
            found += want.len();
            assert_eq!(duplicated(&w, &mask, &mut sc), want, "seed {seed}");
        }
        assert!(found > 50, "{found} shares");
    }

    #[test]
    fn masked_cover_equals_the_word_by_word_sum() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..200 {
            let len = 20 + (next() % 300) as usize;
            let mut pre = vec![0u64];
            for i in 0..len {
                pre.push(pre[i] + 1 + next() % 9);
            }
            let mask: Vec<bool> = (0..len).map(|_| next() % [2, 5, 40][round % 3] == 0).collect();
            let at: Vec<u32> = (0..len as u32).filter(|&i| mask[i as usize]).collect();
            for n in 5..=10 {
                let repeats: Vec<(usize, usize)> =
                    (0..=len - n).filter(|_| next() % 3 == 0).map(|i| (i, i / 2)).collect();
                // The sum the cursor replaces: the unmasked words of each newly covered stretch.
                let mut until = 0;
                let mut want = 0;
                for &(i, _) in &repeats {
                    if mask[i] {
                        continue;
                    }
                    want += (i.max(until)..i + n).filter(|&k| !mask[k]).map(|k| pre[k + 1] - pre[k]).sum::<u64>();
                    until = i + n;
                }
                let got = cover(&repeats, n, &pre, Some((&mask, &at)));
                assert_eq!(got.0, want, "round {round}, n {n}");
                assert_eq!(got.1, cover_plain_run(&repeats, n, &mask), "round {round}, n {n}");
            }
        }
    }

    /// The longest run of [`cover`] by its own walk, for the test above.
    fn cover_plain_run(repeats: &[(usize, usize)], n: usize, mask: &[bool]) -> Range<usize> {
        let (mut best, mut run, mut until) = (0..0, None::<usize>, 0);
        for &(i, _) in repeats.iter().filter(|&&(i, _)| !mask[i]) {
            if run.is_none() || i > until {
                run = Some(i);
            }
            until = i + n;
            let s = run.unwrap_or(i);
            if until - s > best.len() {
                best = s..until;
            }
        }
        best
    }

    #[test]
    fn extended_runs_bound_the_longer_repeats() {
        let mut repeated = 0;
        for seed in 0..120u64 {
            let len = [10, 60, 400, 3_000][seed as usize % 4];
            let vocab = [3, 12, 40, 1_000][(seed as usize / 4) % 4];
            // Masked words too: the bound (of the unmasked cover) holds for the masked one.
            let masked = [0, 3, 20][(seed as usize / 16) % 3];
            let (mut w, mask) = random_words(seed * 7_727 + 5, len, vocab, masked);
            let at: Vec<u32> = (0..len as u32).filter(|&i| mask[i as usize]).collect();
            if seed % 3 == 0 && len >= 60 {
                let (a, b) = (len / 5, len / 2);
                for k in 0..len / 4 {
                    let h = w.hash_mut();
                    h[b + k] = if k % 13 == 5 { k as u64 } else { h[a + k] };
                }
            }
            let repeats = |n: usize| {
                let mut first = FxHashMap::default();
                (0..=len - n)
                    .filter_map(|i| {
                        let j = *first.entry(w.ngram(i, n)).or_insert(i);
                        (j != i).then_some((i, j))
                    })
                    .collect::<Vec<_>>()
            };
            let bound = extended_runs(&repeats(5), w.pre());
            for n in 6..=10 {
                let exact = cover(&repeats(n), n, w.pre(), None).0;
                assert!(bound[n - 6] >= exact, "seed {seed}, n {n}: {} < {exact}", bound[n - 6]);
                repeated += (exact > 0) as usize;
                let masked = cover(&repeats(n), n, w.pre(), Some((&mask, &at))).0;
                assert!(masked <= exact, "seed {seed}, n {n}: masked {masked} > {exact}");
            }
        }
        assert!(repeated > 200, "{repeated}");
    }

    /// [`top`] as it was before its three sizes shared one walk (a mass per word in a
    /// vector, one sliding window per size).
    fn top_reference(w: &Words, mask: &[bool]) -> Vec<Top> {
        let len = w.len();
        let mut out = Vec::new();
        if len < 2 {
            return out;
        }
        let total = w.chars(0, len) as f64;
        let size = (len * 2).next_power_of_two().clamp(256, 1 << 16);
        let table = &mut vec![0u32; size];
        let bits = (size - 1) as u64;
        for i in (0..len).filter(|&i| !mask[i]) {
            let b = &mut table[(w.hash()[i] & bits) as usize];
            *b = b.saturating_add(w.chars(i, i + 1) as u32);
        }
        // The lowest bar of the three (n = 4) decides whether anything is heavy at all.
        let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
        if table.iter().all(|&c| c as f64 <= lowest) {
            return out;
        }
        // mass[i]: characters of all (unmasked) occurrences of word i, over-estimated by collisions.
        let mut mass = Vec::new();
        mass.extend((0..len).map(|i| table[(w.hash()[i] & bits) as usize] as u64));
        let max_mass = mass.iter().copied().max().unwrap_or(0);
        let counts = &mut FxHashMap::<u64, (u32, u32)>::default();
        for (n, limit) in TOP_LIMITS {
            let bar = (limit * total) as u64;
            if len < n || n as u64 * max_mass <= bar {
                continue;
            }
            counts.clear();
            let (mut sum, mut masked_in) = (0u64, 0usize);
            for i in 0..n - 1 {
                sum += mass[i];
                masked_in += mask[i] as usize;
            }
            for i in 0..=len - n {
                sum += mass[i + n - 1];
                masked_in += mask[i + n - 1] as usize;
                // count × length of an n-gram is at most the sum of its words' masses.
                if sum > bar && masked_in == 0 {
                    let e = counts.entry(w.ngram(i, n)).or_insert((0, i as u32));
                    e.0 += 1;
                }
                sum -= mass[i];
                masked_in -= mask[i] as usize;
            }
            out.extend(dominant(w, mask, counts, n, limit, total));
        }
        out
    }

    /// Words of a small vocabulary (so that n-grams repeat and weigh), some masked.
    fn random_words(seed: u64, len: usize, vocab: u64, masked: u64) -> (Words, Vec<bool>) {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut tok, mut hash, mut pre) = (Vec::new(), Vec::new(), vec![0]);
        let mut mask = Vec::new();
        for i in 0..len {
            let r = next();
            // A skewed vocabulary: word k about twice as often as word k + 1.
            let k = (r % vocab).min((r >> 20).trailing_zeros() as u64);
            tok.push(i as u32);
            hash.push(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k << 3));
            pre.push(pre[i] + 2 + k % 7);
            mask.push(masked > 0 && (r >> 40) % masked == 0);
        }
        (Words::from_parts(tok, hash, pre), mask)
    }

    #[test]
    fn one_walk_top_equals_one_window_per_size() {
        let mut sc = Scratch::default();
        let mut found = 0;
        for seed in 0..300u64 {
            let len = [2, 3, 5, 50, 400, 3_000][seed as usize % 6];
            let vocab = [2, 3, 5, 12, 40][seed as usize % 5];
            let masked = [0, 0, 3, 20][seed as usize % 4];
            let (w, mask) = random_words(seed * 7919 + 1, len, vocab, masked);
            let want = top_reference(&w, &mask);
            found += want.len();
            assert_eq!(top(&w, &mask, &mut sc), want, "seed {seed}");
        }
        assert!(found > 50, "{found} tops");
    }

    /// Words like prose: one word ("the") at `heavy` per mille, a few common ones, a
    /// large vocabulary, and a 2- to 4-word phrase inserted at `phrase` per mille of
    /// positions (keyword stuffing); some masked.
    fn prose_words(seed: u64, len: usize, heavy: u64, phrase: u64, masked: u64) -> (Words, Vec<bool>) {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let plen = 2 + (seed % 3) as usize;
        let mut ks = Vec::with_capacity(len);
        while ks.len() < len {
            let r = next();
            if r % 1000 < phrase {
                // Some phrases start and end with the same word ("the best of the").
                let word =
                    |j: u64| if j + 1 == plen as u64 && seed.is_multiple_of(2) { seed % 6 } else { (j * 3 + seed) % 6 };
                ks.extend((0..plen as u64).map(word));
            } else if (r >> 10) % 1000 < heavy {
                ks.push(0);
            } else if (r >> 20) % 4 == 0 {
                ks.push(1 + (r >> 30) % 12);
            } else {
                ks.push(100 + (r >> 30) % 5_000);
            }
        }
        ks.truncate(len);
        let (mut tok, mut hash, mut pre) = (Vec::new(), Vec::new(), vec![0]);
        let mut mask = Vec::new();
        for (i, &k) in ks.iter().enumerate() {
            tok.push(i as u32);
            hash.push(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k << 3));
            pre.push(pre[i] + 2 + k % 7);
            mask.push(masked > 0 && next() % masked == 0);
        }
        (Words::from_parts(tok, hash, pre), mask)
    }

    /// The windows [`top`] must count: for each size whose bar the heaviest word can
    /// reach, every unmasked window whose words' masses sum over the bar.
    fn windows_over_the_bars(w: &Words, mask: &[bool]) -> [FxHashMap<u64, (u32, u32)>; 3] {
        let mut out: [FxHashMap<u64, (u32, u32)>; 3] = Default::default();
        let len = w.len();
        if len < 2 {
            return out;
        }
        let total = w.chars(0, len) as f64;
        let size = (len * 2).next_power_of_two().clamp(256, 1 << 16);
        let bits = (size - 1) as u64;
        let mut table = vec![0u32; size];
        for i in (0..len).filter(|&i| !mask[i]) {
            let b = &mut table[(w.hash()[i] & bits) as usize];
            *b = b.saturating_add(w.chars(i, i + 1) as u32);
        }
        let mass: Vec<u64> = (0..len).map(|i| table[(w.hash()[i] & bits) as usize] as u64).collect();
        let max_mass = table.iter().copied().max().unwrap_or(0) as u64;
        let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
        if max_mass as f64 <= lowest {
            return out;
        }
        for (k, (n, limit)) in TOP_LIMITS.into_iter().enumerate() {
            let bar = (limit * total) as u64;
            if len < n || n as u64 * max_mass <= bar {
                continue;
            }
            for i in 0..=len - n {
                if mass[i..i + n].iter().sum::<u64>() > bar && !mask[i..i + n].contains(&true) {
                    out[k].entry(w.ngram(i, n)).or_insert((0, i as u32)).0 += 1;
                }
            }
        }
        out
    }

    #[test]
    fn paired_heavy_words_find_every_top() {
        // Heaviest word near the n = 4 bar (about 4% of the characters) and above it,
        // with and without a stuffed phrase: the pair filter of [`top`] must count what
        // one window per size counts.
        let mut sc = Scratch::default();
        let (mut found, mut none, mut pairs) = (0, 0, 0);
        for seed in 0..240u64 {
            let len = [120, 1_000, 5_000, 20_000][seed as usize % 4];
            let heavy = [40, 55, 70, 90, 130, 200][seed as usize % 6];
            let phrase = [0, 15, 40, 80, 150][seed as usize % 5];
            let masked = [0, 0, 7][seed as usize % 3];
            let (w, mask) = prose_words(seed * 6_151 + 7, len, heavy, phrase, masked);
            let want = top_reference(&w, &mask);
            if want.is_empty() {
                none += 1;
            }
            found += want.len();
            assert_eq!(top(&w, &mask, &mut sc), want, "seed {seed}");
            // Every window over its bar is counted, not only those of the winner.
            let windows = windows_over_the_bars(&w, &mask);
            pairs += windows.iter().map(|c| c.len()).sum::<usize>();
            assert_eq!(sc.counts, windows, "seed {seed}");
        }
        assert!(found > 30 && none > 30 && pairs > 1_000, "{found} tops, {none} texts without, {pairs} n-grams");
    }

    #[test]
    fn partitioned_marks_equal_one_table() {
        // Tables filled directly and partitioned (600,000 5-grams: 2^24 buckets); repeats
        // and bucket collisions.
        for n in [0usize, 1, 4, 5, 7, 100, 8_193, 40_000, 600_004] {
            let mut x = 0x1234_5678_9abc_def0u64 ^ n as u64;
            let hash: Vec<u64> = (0..n)
                .map(|i| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    if i % 13 < 6 {
                        (i as u64 % 50).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    } else {
                        x
                    }
                })
                .collect();
            let table_bits = (n.saturating_sub(4) * 16).next_power_of_two().max(64);
            let (mut seen, mut part, mut counts, mut cand) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let mut got = Vec::new();
            candidates(&hash, table_bits, &mut seen, &mut part, &mut counts, &mut cand, |i| got.push(i));
            assert_eq!(got, reference(&hash, table_bits), "{n} words");
        }
    }
}
