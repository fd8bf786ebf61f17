//! The screen before verification: from a newcomer's sorted shingle hashes and an
//! entry's sketch, the measurements [`super::verify`] would take — exactly, where one
//! side is sampled, or bounded from above — and whether any verdict could follow.
//! A pair the screen turns down is one verification would turn down too; the screen
//! costs a few dozen binary searches instead of a comparison of the whole newcomer.

use super::super::matcher::{HashFilter, Params, ASYMMETRY, MIN_KEPT_SHARE, MIN_MATCH_TOKENS, SPIN_GAP};
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
    /// A filter of its hashes (8 to 16 bits a distinct hash): most hashes of
    /// a candidate's sketch are not the newcomer's, and are turned away without a
    /// binary search of `all`.
    filter: HashFilter,
}

impl Default for Side {
    fn default() -> Side {
        Side {
            all: Vec::new(),
            distinct: [0; 33],
            positions: [0; 33],
            tokens: 0,
            level: 0,
            filter: HashFilter::default(),
        }
    }
}

impl Side {
    /// Sorts the hashes of a stream and counts them per level.
    pub fn new(hashes: &[u32], tokens: u64, level: u8) -> Side {
        let all = radix_sorted(hashes);
        let (mut d, mut p) = ([0u32; 33], [0u32; 33]);
        for (i, &h) in all.iter().enumerate() {
            let t = h.trailing_zeros() as usize;
            p[t] += 1;
            if i == 0 || all[i - 1] != h {
                d[t] += 1;
            }
        }
        for l in (0..32).rev() {
            d[l] += d[l + 1];
            p[l] += p[l + 1];
        }
        let filter = HashFilter::new(all.iter().copied(), d[0] as usize);
        Side { all, distinct: d, positions: p, tokens, level, filter }
    }

    /// How many times `h` occurs.
    fn count(&self, h: u32) -> usize {
        if !self.filter.may_contain(h) {
            return 0;
        }
        let lo = self.all.partition_point(|&x| x < h);
        self.all[lo..].iter().take_while(|&&x| x == h).count()
    }
}

/// `v` sorted: by bytes, least significant first (a few times faster than a
/// comparison sort on the thousands of hashes of a text).
pub(super) fn radix_sorted(v: &[u32]) -> Vec<u32> {
    if v.len() < 256 {
        let mut out = v.to_vec();
        out.sort_unstable();
        return out;
    }
    let mut counts = [[0usize; 256]; 4];
    for &x in v {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(x >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    let mut src = v.to_vec();
    let mut dst = vec![0u32; v.len()];
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&v.len()) {
            continue; // every value has the same byte here
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, &n) in at.iter_mut().zip(c) {
            *a = sum;
            sum += n;
        }
        for &x in &src {
            let b = (x >> (8 * d)) as usize & 0xff;
            dst[at[b]] = x;
            at[b] += 1;
        }
        std::mem::swap(&mut src, &mut dst);
    }
    src
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
    fn radix_sort_sorts() {
        let mut x = 12345u32;
        let v: Vec<u32> = (0..5000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if i % 7 == 0 {
                    42
                } else {
                    x
                }
            })
            .collect();
        let mut want = v.clone();
        want.sort_unstable();
        assert_eq!(radix_sorted(&v), want);
        assert_eq!(radix_sorted(&v[..10]), {
            let mut w = v[..10].to_vec();
            w.sort_unstable();
            w
        });
        assert_eq!(radix_sorted(&[7u32; 300]), vec![7u32; 300]);
        assert!(radix_sorted(&[]).is_empty());
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
    }
}
