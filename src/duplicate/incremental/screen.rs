//! The screen before verification: from a newcomer's sorted shingle hashes and an
//! entry's sketch, the measurements [`super::verify`] would take — exactly, where one
//! side is sampled, or bounded from above — and whether any verdict could follow.
//! A pair the screen turns down is one verification would turn down too; the screen
//! costs a few dozen look-ups in the newcomer's bucket index instead of a comparison
//! of the whole newcomer.

use super::super::matcher::{Params, ASYMMETRY, MIN_KEPT_SHARE, MIN_MATCH_TOKENS, SPIN_GAP};
use super::{level_mask, MIN_SAMPLES, PLAUSIBLE};

/// One stream of a newcomer, ready to be compared with sketches.
#[derive(Clone, Debug)]
pub(super) struct Side {
    /// Its shingle hashes, sorted (repeats kept: a shingle's count weighs its share).
    pub all: Vec<u32>,
    /// `distinct[l]`: distinct hashes with their low `l` bits zero.
    pub distinct: [u32; 33],
    /// `positions[l]`: shingles (repeats counted) with their low `l` bits zero.
    pub positions: [u32; 33],
    /// Tokens of the stream.
    pub tokens: u64,
    /// Sampling level of the stream (0: every shingle kept).
    pub level: u8,
    /// `all[index[b]..index[b + 1]]`: the hashes whose top bits ([`bucket`]) are `b`, one
    /// or two on average, left by the sort: a hash of a candidate's sketch is looked up
    /// with two reads, without a binary search of `all`.
    index: Vec<u32>,
    shift: u32,
}

/// The bucket of `h` when hashes are bucketed by their top `32 - shift` bits.
#[inline]
fn bucket(h: u32, shift: u32) -> usize {
    (u64::from(h) >> shift) as usize
}

impl Default for Side {
    fn default() -> Side {
        Side {
            all: Vec::new(),
            distinct: [0; 33],
            positions: [0; 33],
            tokens: 0,
            level: 0,
            index: vec![0, 0],
            shift: 32,
        }
    }
}

impl Side {
    /// Sorts the hashes of a stream and counts them per level.
    pub fn new(hashes: &[u32], tokens: u64, level: u8) -> Side {
        let Sorted { all, index, shift, at: mut p, repeats } = bucket_sorted(hashes);
        let (mut d, mut r) = ([0u32; 33], 0);
        for l in (0..33).rev() {
            if l < 32 {
                p[l] += p[l + 1];
            }
            // Suffix sums of the repeats too: distinct = positions − repeats, level by level.
            r += repeats[l];
            d[l] = p[l] - r;
        }
        Side { all, distinct: d, positions: p, tokens, level, index, shift }
    }

    /// How many times `h` occurs.
    fn count(&self, h: u32) -> usize {
        let b = bucket(h, self.shift);
        let (from, to) = (self.index[b] as usize, self.index[b + 1] as usize);
        self.all[from..to].iter().filter(|&&x| x == h).count()
    }
}

/// Most buckets [`bucket_sorted`] deals into (it takes at most 16 bits).
const MAX_BUCKETS: usize = 1 << 16;

thread_local! {
    /// [`bucket_sorted`]'s bucket counts, zero between calls: a fixed size, so that its
    /// look-ups go without bounds checks (256 KB a thread, of which a call touches as
    /// many entries as it sorts values).
    static COUNTS: std::cell::RefCell<Box<[u32; MAX_BUCKETS + 2]>> = std::cell::RefCell::new(crate::zeroed::table());
}

/// What [`bucket_sorted`] returns.
pub(super) struct Sorted {
    /// The values, sorted.
    pub all: Vec<u32>,
    /// `all[index[b]..index[b + 1]]`: the values of bucket `b` (see [`Side`]).
    pub index: Vec<u32>,
    /// The shift of [`bucket`].
    pub shift: u32,
    /// `at[t]`: values with exactly `t` trailing zeros.
    pub at: [u32; 33],
    /// `repeats[t]`: values with `t` trailing zeros equal to an earlier one (so the
    /// distinct ones are `at[t] − repeats[t]`).
    pub repeats: [u32; 33],
}

/// `v` sorted: each value dealt into a bucket by its top bits (one or two values a
/// bucket on average, as the hashes are uniform), then an insertion sort that moves
/// each value only within its bucket. Half the instructions of a sort by bytes (four
/// counting passes); a sort that would move values far (values that are not uniform)
/// is finished by a comparison sort instead. The values are counted per level as they
/// are dealt, and the repeats as they are sorted (a repeat lands next to its equal),
/// so that no pass over the sorted values is needed to count them.
pub(super) fn bucket_sorted(v: &[u32]) -> Sorted {
    let n = v.len();
    let bits = if n == 0 { 0 } else { (usize::BITS - 1 - n.leading_zeros()).min(16) };
    let shift = 32 - bits;
    let mut at = [0u32; 33];
    let nb = 1usize << bits;
    let mut out = vec![0u32; n];
    let mut index = Vec::with_capacity(nb + 1);
    COUNTS.with_borrow_mut(|c| {
        let c: &mut [u32; MAX_BUCKETS + 2] = c;
        // The bucket as two shifts, the first by a constant: below MAX_BUCKETS for
        // any shift, so the fixed-size table needs no bounds check.
        let sh = 16 - bits;
        let b_of = |x: u32| ((x >> 16) >> sh) as usize;
        // Counted at b + 2, so that after the deal `c[b + 1]` is the end of bucket b.
        for &x in v {
            c[b_of(x) + 2] += 1;
            at[x.trailing_zeros() as usize] += 1;
        }
        let mut sum = 0;
        for k in &mut c[2..nb + 2] {
            sum += *k;
            *k = sum;
        }
        // (Through a slice: the vector's fields are not read again at every store.)
        let o = &mut out[..];
        for &x in v {
            let b = b_of(x) + 1;
            let p = c[b];
            o[p as usize] = x;
            c[b] = p + 1;
        }
        index.extend_from_slice(&c[..nb + 1]);
        // Left zeroed for the next call.
        c[..nb + 2].fill(0);
    });
    let mut repeats = [0u32; 33];
    let o = &mut out[..];
    let mut moved = 0usize;
    // `prev`: the largest value so far, `o[i - 1]` (kept in a register).
    let mut prev = o.first().copied().unwrap_or(0);
    for i in 1..o.len() {
        let x = o[i];
        if prev < x {
            prev = x;
            continue;
        }
        if prev == x {
            repeats[x.trailing_zeros() as usize] += 1;
            continue;
        }
        // `x` goes below `prev`, which moves up to `i` (and stays the largest).
        o[i] = prev;
        let mut j = i - 1;
        while j > 0 && o[j - 1] > x {
            o[j] = o[j - 1];
            j -= 1;
        }
        o[j] = x;
        if j > 0 && o[j - 1] == x {
            repeats[x.trailing_zeros() as usize] += 1;
        }
        moved += i - j;
        if moved > 8 * n {
            o.sort_unstable();
            repeats = [0; 33];
            for w in o.windows(2) {
                if w[0] == w[1] {
                    repeats[w[1].trailing_zeros() as usize] += 1;
                }
            }
            break;
        }
    }
    Sorted { all: out, index, shift, at, repeats }
}

/// What an entry's sketch says of one stream.
pub(super) struct Sketched<'a> {
    /// Its kept hashes, in text order.
    pub hashes: &'a [u32],
    /// Its level, shingle size and tokens.
    pub level: u8,
    pub k: u8,
    pub tokens: u64,
}

/// One stream compared as [`super::plain`] compares it, without the masks.
#[derive(Debug, Default)]
struct Measure {
    /// Distinct sampled hashes of the newcomer, of the entry, and shared.
    x: usize,
    y: usize,
    inter: usize,
    jaccard: f64,
    /// Share and covered tokens of the newcomer (`None`: not computed, both dense).
    a: Option<(f64, usize)>,
    /// Share and covered tokens of the entry.
    b: (f64, usize),
}

/// Reused buffers: the entry's distinct sampled hashes, and their counts in the newcomer.
#[derive(Default)]
pub(super) struct Scratch {
    set: Vec<u32>,
    count: Vec<u32>,
}

impl Scratch {
    /// True if the entry's sampled hash `h` is in the newcomer.
    fn found(&self, h: u32) -> bool {
        self.set.binary_search(&h).is_ok_and(|i| self.count[i] > 0)
    }
}

fn measure(a: &Side, b: &Sketched, t: &mut Scratch) -> Measure {
    let level = a.level.max(b.level);
    let mask = level_mask(level);
    t.set.clear();
    t.set.extend(b.hashes.iter().copied().filter(|h| h & mask == 0));
    let b_positions = t.set.len();
    t.set.sort_unstable();
    t.set.dedup();
    let x = a.distinct[level.min(32) as usize] as usize;
    let y = t.set.len();
    if x == 0 || y == 0 {
        return Measure { x, y, a: Some((0.0, 0)), ..Measure::default() };
    }
    t.count.clear();
    t.count.extend(t.set.iter().map(|&h| a.count(h) as u32));
    let inter = t.count.iter().filter(|&&c| c > 0).count();
    let jaccard = inter as f64 / (x + y - inter) as f64;
    if a.level == 0 && b.level == 0 {
        // Both dense: coverage is of tokens (the entry is short, so this is cheap).
        let k = b.k as usize;
        let len = b.tokens as usize;
        let (mut reach, mut n) = (0usize, 0usize);
        for (i, &h) in b.hashes.iter().enumerate() {
            if t.found(h) {
                let from = i.max(reach);
                let to = (i + k).min(len);
                n += to.saturating_sub(from);
                reach = to;
            }
        }
        let share = if len == 0 { 0.0 } else { n as f64 / len as f64 };
        return Measure { x, y, inter, jaccard, a: None, b: (share, n) };
    }
    let matched_b = b.hashes.iter().filter(|&&h| h & mask == 0 && t.found(h)).count();
    let matched_a: usize = t.count.iter().map(|&c| c as usize).sum();
    let share = |n: usize, of: usize, tokens: u64| {
        let s = n as f64 / of.max(1) as f64;
        (s, (s * tokens as f64).round() as usize)
    };
    let a_positions = a.positions[level.min(32) as usize] as usize;
    let (a, b) = (share(matched_a, a_positions, a.tokens), share(matched_b, b_positions, b.tokens));
    Measure { x, y, inter, jaccard, a: Some(a), b }
}

/// The counts of a text the verdict needs besides its streams.
pub(super) struct Counts {
    pub words: u64,
    pub kept_words: u64,
    pub skel_tokens: u64,
}

/// A quick estimate kept from the first streaming matcher: some stream's Jaccard
/// similarity, or the share of the smaller sample found in the other, comes within
/// [`PLAUSIBLE`] of its threshold.
fn plausible(m: &[Measure; 2], p: &Params) -> bool {
    let thresholds = [p.near.min(p.contain), p.spin];
    m.iter()
        .zip(thresholds)
        .any(|(m, t)| m.x > 0 && m.y > 0 && m.jaccard.max(m.inter as f64 / m.x.min(m.y) as f64) >= PLAUSIBLE * t)
}

/// False only if [`matcher::verify_with`](super::super::matcher::verify_with), with
/// [`super::plain`] and [`super::aligned`], certainly finds no match between newcomer
/// `a` and entry `b` (or the pair fails the quick estimate, [`plausible`], or the
/// verdict would rest on fewer than [`MIN_SAMPLES`] sampled shingles): the word
/// measurements are those verification takes (when one side is sampled; when both
/// are dense and the entry is the smaller text, the entry's), and the skeleton share
/// of the smaller text, which only falls when matches must lie in one window, bounds
/// the spun-copy test from above.
pub(super) fn could_match(
    a: [&Side; 2],
    ac: &Counts,
    b: [&Sketched; 2],
    bc: &Counts,
    p: &Params,
    t: &mut Scratch,
) -> bool {
    let m = [measure(a[0], b[0], t), measure(a[1], b[1], t)];
    if !plausible(&m, p) {
        return false;
    }
    let a_smaller = (ac.words, 0) <= (bc.words, 1);
    let w = &m[0];
    let (c_small, c_large, t_small) = match (a_smaller, w.a) {
        (true, Some(x)) => (x.0, Some(w.b.0), x.1),
        (false, x) => (w.b.0, x.map(|x| x.0), w.b.1),
        // Both dense and the newcomer is the smaller: both are short, verify.
        (true, None) => return true,
    };
    // A verdict resting on a sampled stream needs MIN_SAMPLES sampled shingles of the smaller text.
    let samples = |m: &Measure, w: usize| {
        (a[w].level == 0 && b[w].level == 0) || (if a_smaller { m.x } else { m.y }) >= MIN_SAMPLES
    };
    let enough = t_small >= MIN_MATCH_TOKENS;
    let near = enough && w.jaccard >= p.near;
    let inside = enough && c_small >= p.contain && c_small - c_large.unwrap_or(0.0) >= ASYMMETRY;
    if (near || inside) && samples(w, 0) {
        return true;
    }
    let small = if a_smaller { ac } else { bc };
    if (small.kept_words as f64) < MIN_KEPT_SHARE * small.skel_tokens as f64 {
        return false;
    }
    let s = &m[1];
    let (s_small, s_tokens) = match (a_smaller, s.a) {
        (true, Some(x)) => x,
        (false, _) => s.b,
        (true, None) => return true,
    };
    s_tokens >= MIN_MATCH_TOKENS && s_small >= p.spin && s_small - c_small >= SPIN_GAP && samples(s, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_sort_sorts() {
        let mut x = 12345u32;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let uniform: Vec<u32> = (0..5000).map(|i| if i % 7 == 0 { 42 } else { next() }).collect();
        // Sampled hashes (low bits zero), values close together, and a run of one value.
        let sampled: Vec<u32> = (0..3000).map(|_| next() & !0x3ff).collect();
        let clustered: Vec<u32> = (0..4000).map(|_| next() % 5000).collect();
        let descending: Vec<u32> = (0..2000).rev().collect();
        for v in [uniform.clone(), sampled, clustered, descending, vec![7u32; 300], uniform[..10].to_vec(), vec![]] {
            for n in [v.len(), v.len() / 3, v.len().min(63), v.len().min(64), v.len().min(65)] {
                let mut want = v[..n].to_vec();
                want.sort_unstable();
                let Sorted { all: sorted, index, shift, at, repeats } = bucket_sorted(&v[..n]);
                assert_eq!(sorted, want, "{n} values");
                // Counted per level as plainly counted.
                for t in 0..33 {
                    let level = |x: &u32| x.trailing_zeros() as usize == t;
                    assert_eq!(at[t] as usize, want.iter().filter(|x| level(x)).count());
                    let distinct = want.chunk_by(|x, y| x == y).filter(|g| level(&g[0])).count();
                    assert_eq!((at[t] - repeats[t]) as usize, distinct, "{n} values, level {t}");
                }
                // Every value is in its bucket.
                for b in 0..index.len() - 1 {
                    assert!(sorted[index[b] as usize..index[b + 1] as usize].iter().all(|&x| bucket(x, shift) == b));
                }
                assert_eq!(index[index.len() - 1] as usize, n);
            }
        }
    }

    #[test]
    fn sides_count_per_level() {
        // 8 = 0b1000 (3 trailing zeros), 12 = 0b1100 (2), 3 (0), 8 again.
        let s = Side::new(&[8, 12, 3, 8], 10, 0);
        assert_eq!(s.all, vec![3, 8, 8, 12]);
        assert_eq!((s.distinct[0], s.positions[0]), (3, 4));
        assert_eq!((s.distinct[2], s.positions[2]), (2, 3));
        assert_eq!((s.distinct[3], s.positions[3]), (1, 2));
        assert_eq!(s.distinct[4], 0);
        assert_eq!(s.count(8), 2);
        assert_eq!(s.count(5), 0);
        assert_eq!(Side::default().count(5), 0);
        // Counts through the bucket index are plain counts.
        let v: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(0x9E37_79B1) & !0xf0).chain([77; 40]).collect();
        let s = Side::new(&v, 3040, 0);
        for h in v.iter().step_by(7).copied().chain([77, 78, 0, u32::MAX]) {
            assert_eq!(s.count(h), v.iter().filter(|&&x| x == h).count(), "{h}");
        }
    }
}
