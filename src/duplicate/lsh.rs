//! MinHash over word shingles, and locality-sensitive hashing by bands.
//!
//! The MinHash is a *one-permutation* MinHash with optimal densification (Shrivastava,
//! 2017): each shingle hash is mixed once and falls into one of `n` bins by its high
//! bits, each bin keeping the least low bits it saw; an empty bin borrows the value of
//! the first non-empty bin in a fixed pseudo-random probe sequence of its own. Two
//! files agree on a bin with probability equal to their Jaccard similarity, as with
//! `n` independent hash functions, at the cost of one hash per shingle instead of `n`.
//!
//! `b` bands of `r` values are hashed into band keys; files sharing a band key become
//! candidate pairs. [`LshParams::for_threshold`] picks `b` and `r` for a threshold.

use super::signature::mix;

/// Most MinHash values (bins) a signature may have.
pub const PERMS: usize = 128;

const SEED: u64 = 0x5eed_0fd0_b1e5;

/// Accumulates the MinHash of a stream of shingle hashes.
#[derive(Clone, Debug)]
pub struct MinHasher {
    /// Values in use.
    n: usize,
    /// Least value per bin (the first `n` are used): a fixed size, so that a bin
    /// index, which is below `n`, needs no bounds check once masked to it.
    min: Box<[u32; PERMS]>,
    /// Whether a bin has seen a shingle.
    seen: Box<[bool; PERMS]>,
}

#[inline]
fn bin(x: u64, n: usize) -> usize {
    (((x >> 32) * n as u64) >> 32) as usize
}

impl MinHasher {
    /// An empty MinHash of `n` values (1 to [`PERMS`]).
    pub fn new(n: usize) -> Self {
        let n = n.clamp(1, PERMS);
        MinHasher { n, min: Box::new([u32::MAX; PERMS]), seen: Box::new([false; PERMS]) }
    }

    /// Adds one shingle hash.
    #[inline]
    pub fn add(&mut self, h: u32) {
        let x = mix(h as u64 ^ SEED);
        // (`bin` is below `n`, at most PERMS: the mask changes nothing.)
        let i = bin(x, self.n) % PERMS;
        self.min[i] = self.min[i].min(x as u32);
        self.seen[i] = true;
    }

    /// The MinHash values (all `u32::MAX` if nothing was added).
    pub fn finish(self) -> Vec<u32> {
        let n = self.n;
        let (min, seen) = (&self.min[..n], &self.seen[..n]);
        if !seen.iter().any(|&s| s) {
            return min.to_vec();
        }
        let mut out = min.to_vec();
        for (j, o) in out.iter_mut().enumerate() {
            if seen[j] {
                continue;
            }
            for attempt in 1u64.. {
                let k = bin(mix(SEED ^ ((j as u64) << 32) ^ attempt), n);
                if seen[k] {
                    *o = min[k];
                    break;
                }
            }
        }
        out
    }
}

/// Bands and rows of the LSH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LshParams {
    /// Number of bands.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
}

impl LshParams {
    /// Probability that a pair with Jaccard similarity `j` shares at least one band.
    pub fn candidate_probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The MinHash values the bands use.
    pub fn perms(&self) -> usize {
        self.bands * self.rows
    }

    /// The fewest values (`bands × rows ≤ PERMS`) that make a pair at Jaccard
    /// `threshold` a candidate with probability ≥ 0.98, while a pair at a quarter of
    /// the threshold is one with probability ≤ 0.1 and a pair at 0.02 (unrelated
    /// texts sharing a few stock phrases) with probability ≤ 0.001. Failing that
    /// (thresholds below about 0.4), the best recall at the threshold that keeps the
    /// last promise.
    pub fn for_threshold(threshold: f64) -> LshParams {
        thread_local! {
            static LAST: std::cell::Cell<Option<(u64, LshParams)>> = const { std::cell::Cell::new(None) };
        }
        if let Some((t, p)) = LAST.get() {
            if t == threshold.to_bits() {
                return p;
            }
        }
        let p = Self::search(threshold);
        LAST.set(Some((threshold.to_bits(), p)));
        p
    }

    fn search(threshold: f64) -> LshParams {
        let t = threshold.clamp(0.05, 1.0);
        let mut best: Option<(usize, LshParams)> = None;
        let mut fallback = LshParams { bands: PERMS / 4, rows: 4 };
        for rows in 1..=8 {
            for bands in 1..=PERMS / rows {
                let p = LshParams { bands, rows };
                if p.candidate_probability(0.02) > 0.001 {
                    break;
                }
                if p.candidate_probability(t) > fallback.candidate_probability(t) {
                    fallback = p;
                }
                if p.candidate_probability(t) >= 0.98 && p.candidate_probability(t / 4.0) <= 0.1 {
                    if best.is_none_or(|(c, _)| p.perms() < c) {
                        best = Some((p.perms(), p));
                    }
                    break;
                }
            }
        }
        best.map_or(fallback, |(_, p)| p)
    }

    /// The band keys of a MinHash (band index mixed in); empty unless it has exactly
    /// [`LshParams::perms`] values.
    pub fn keys(&self, minhash: &[u32], out: &mut Vec<u64>) {
        out.clear();
        if minhash.len() != self.perms() {
            return;
        }
        for b in 0..self.bands {
            let mut h = (b as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for &v in &minhash[b * self.rows..(b + 1) * self.rows] {
                h = mix(h ^ v as u64);
            }
            out.push(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minhash(xs: impl Iterator<Item = u32>, n: usize) -> Vec<u32> {
        let mut m = MinHasher::new(n);
        for x in xs {
            m.add(mix(x as u64) as u32);
        }
        m.finish()
    }

    fn agreement(a: &[u32], b: &[u32]) -> f64 {
        a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
    }

    #[test]
    fn estimates_jaccard() {
        // |A ∩ B| = 600, |A ∪ B| = 1400: J = 0.43.
        let a = minhash(0..1000, PERMS);
        let b = minhash(400..1400, PERMS);
        let same = agreement(&a, &b);
        assert!((same - 0.43).abs() < 0.15, "{same}");
        assert_eq!(minhash(0..1000, PERMS), a);
        assert!(a.iter().all(|&v| v != u32::MAX));
    }

    #[test]
    fn small_sets_are_densified_without_bias() {
        // 30 shingles in 90 bins, J = 0.5 (20 shared of 40): most bins are borrowed.
        let mut total = 0.0;
        for t in 0..200u32 {
            let base = t * 1000;
            let a = minhash(base..base + 30, 90);
            let b = minhash(base + 10..base + 40, 90);
            total += agreement(&a, &b);
        }
        let mean = total / 200.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }

    #[test]
    fn lsh_finds_pairs_at_the_threshold() {
        // 170 shingles each, J = 0.5: candidates at least 95% of the time.
        let p = LshParams::for_threshold(0.5);
        let (mut ka, mut kb) = (Vec::new(), Vec::new());
        let mut hits = 0;
        for t in 0..300u32 {
            let base = t * 10_000;
            p.keys(&minhash(base..base + 170, p.perms()), &mut ka);
            p.keys(&minhash(base + 57..base + 227, p.perms()), &mut kb);
            hits += usize::from(ka.iter().zip(&kb).any(|(x, y)| x == y));
        }
        assert!(hits >= 285, "{hits}");
    }

    #[test]
    fn empty_minhash_stays_empty() {
        assert!(minhash(0..0, 16).iter().all(|&v| v == u32::MAX));
    }

    #[test]
    fn params_meet_their_promise() {
        for t in [0.3, 0.5, 0.6, 0.7, 0.8, 0.9] {
            let p = LshParams::for_threshold(t);
            assert!(p.bands * p.rows <= PERMS);
            assert!(p.candidate_probability(0.02) <= 0.001, "{t} {p:?}");
            if t >= 0.5 {
                assert!(p.candidate_probability(t) >= 0.98, "{t} {p:?}");
                assert!(p.candidate_probability(t / 4.0) <= 0.1, "{t} {p:?}");
            }
        }
    }

    #[test]
    fn keys_differ_per_band() {
        let p = LshParams { bands: 4, rows: 2 };
        let mut k = Vec::new();
        p.keys(&[7; 8], &mut k);
        assert_eq!(k.len(), 4);
        assert_ne!(k[0], k[1]);
        p.keys(&[], &mut k);
        assert!(k.is_empty());
    }
}
