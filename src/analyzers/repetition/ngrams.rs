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

use super::words::Words;

/// Buffers reused from one document to the next (no allocation per document once warm).
#[derive(Default)]
pub struct Scratch {
    first: FxHashMap<u64, u32>,
    counts: FxHashMap<u64, (u32, u32)>,
    table: Vec<u32>,
    mass: Vec<u64>,
    involved: Vec<bool>,
    upre: Vec<u64>,
    repeats: Vec<(usize, usize)>,
    cands: Vec<usize>,
    h5: Vec<u64>,
    seen: Vec<[u64; 2]>,
}

impl Scratch {
    /// Drops buffers grown past `max` entries, so one huge document does not pin memory.
    pub fn trim(&mut self, max: usize) {
        if self.first.capacity() > max || self.mass.capacity() > max || self.h5.capacity() > max {
            *self = Scratch::default();
        }
    }
}

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
    if len < 2 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let size = (len * 2).next_power_of_two().clamp(256, 1 << 16);
    let table = &mut sc.table;
    table.clear();
    table.resize(size, 0);
    let bits = (size - 1) as u64;
    for i in (0..len).filter(|&i| !mask[i]) {
        let b = &mut table[(w.hash[i] & bits) as usize];
        *b = b.saturating_add(w.chars(i, i + 1) as u32);
    }
    // The lowest bar of the three (n = 4) decides whether anything is heavy at all.
    let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
    if table.iter().all(|&c| c as f64 <= lowest) {
        return out;
    }
    // mass[i]: characters of all (unmasked) occurrences of word i, over-estimated by collisions.
    let mass = &mut sc.mass;
    mass.clear();
    mass.extend((0..len).map(|i| table[(w.hash[i] & bits) as usize] as u64));
    let max_mass = mass.iter().copied().max().unwrap_or(0);
    let counts = &mut sc.counts;
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
        // Largest count × length; ties go to the earliest n-gram (deterministic).
        let best = counts
            .values()
            .map(|&(c, first)| (c as u64 * w.chars(first as usize, first as usize + n), std::cmp::Reverse(first)))
            .max();
        let Some((chars, std::cmp::Reverse(first))) = best else {
            continue;
        };
        let share = chars as f64 / total;
        if share <= limit {
            continue;
        }
        let h = w.ngram(first as usize, n);
        let count = counts[&h].0 as usize;
        let mut at = Vec::new();
        let mut i = first as usize;
        while i + n <= len && at.len() < MAX_SHOWN {
            if !mask[i] && w.ngram(i, n) == h {
                at.push(i);
                i += n;
            } else {
                i += 1;
            }
        }
        out.push(Top { n, count, share, limit, at });
    }
    out
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
    let Scratch { first, involved, upre, repeats, cands, h5, seen, .. } = sc;
    first.clear();
    involved.clear();
    repeats.clear();
    cands.clear();
    // A first pass marks the buckets (of a bit table with 16 bits per 5-gram) that
    // two 5-grams fall in: only 5-grams in those can repeat, and only they go into
    // the hash map. In ordinary prose that is a few percent of them.
    h5.clear();
    w.ngrams_into::<5>(h5);
    let bits = (h5.len() * 16).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    // `seen` and `multi` bits of a bucket side by side: one cache line per 5-gram.
    seen.clear();
    seen.resize(bits / 64, [0; 2]);
    let bucket = |h: u64| ((h >> shift) as usize / 64, 1u64 << ((h >> shift) % 64));
    for &h in h5.iter() {
        let (k, m) = bucket(h);
        let s = &mut seen[k];
        s[1] |= s[0] & m;
        s[0] |= m;
    }
    for (i, &h) in h5.iter().enumerate() {
        let (k, m) = bucket(h);
        if seen[k][1] & m == 0 {
            continue;
        }
        let j = *first.entry(h).or_insert(i as u32) as usize;
        if j != i {
            if involved.is_empty() {
                involved.resize(len, false);
            }
            involved[i] = true;
            involved[j] = true;
            repeats.push((i, j));
        }
    }
    if repeats.is_empty() {
        return out;
    }
    // Prefix sums of unmasked characters.
    upre.clear();
    upre.push(0u64);
    for i in 0..len {
        let c = if mask[i] { 0 } else { w.chars(i, i + 1) };
        upre.push(upre[i] + c);
    }
    for n in 5..=10 {
        if n > 5 {
            if cands.is_empty() {
                cands.extend((0..len).filter(|&i| involved[i]));
            }
            repeats.clear();
            first.clear();
            for &i in cands.iter() {
                if i + n > len {
                    break;
                }
                let j = *first.entry(w.ngram(i, n)).or_insert(i as u32) as usize;
                if j != i {
                    repeats.push((i, j));
                }
            }
        }
        if repeats.is_empty() {
            break;
        }
        let (covered, run, source) = cover(repeats, n, upre, mask);
        let share = covered as f64 / total;
        let limit = dup_limit(n);
        if share > limit {
            out.push(Dup { n, share, limit, run, source });
        }
    }
    out
}

/// Characters covered by the repeated occurrences `(start, first)` of n-grams (in
/// increasing start order), the longest covered run of unmasked words, and where
/// that run's text occurred first.
fn cover(repeats: &[(usize, usize)], n: usize, upre: &[u64], mask: &[bool]) -> (u64, Range<usize>, usize) {
    let mut covered = 0u64;
    let mut until = 0usize;
    let mut started = false;
    let (mut run_start, mut run_src) = (0usize, 0usize);
    let (mut best, mut best_src) = (0..0, 0usize);
    for &(i, j) in repeats {
        if mask[i] {
            continue;
        }
        let from = i.max(until);
        covered += upre[i + n] - upre[from];
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
