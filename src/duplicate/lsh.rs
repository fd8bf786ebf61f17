//! MinHash over word shingles, and locality-sensitive hashing by bands.
//!
//! Each of [`PERMS`] hash functions is `(a·x + b) >> 32` on 64 bits (multiply-add-shift,
//! with fixed random odd `a` and random `b`), which is cheap and vectorizes. A file's
//! MinHash is the minimum of each over its shingle hashes; `b` bands of `r` values are
//! hashed into band keys, and two files sharing a band key become a candidate pair.
//! [`LshParams::for_threshold`] picks `b` and `r` so that a pair at the threshold is a
//! candidate with probability at least 0.99 while pairs far below it rarely are.

use std::sync::OnceLock;

use super::signature::mix;

/// Most hash functions a MinHash may have.
pub const PERMS: usize = 128;

fn coefficients() -> &'static [(u64, u64); PERMS] {
    static C: OnceLock<[(u64, u64); PERMS]> = OnceLock::new();
    C.get_or_init(|| {
        let mut s: u64 = 0x5eed_0fd0_b1e5;
        let mut next = || {
            // splitmix64
            s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(s)
        };
        let mut c = [(0, 0); PERMS];
        for x in c.iter_mut() {
            *x = (next() | 1, next());
        }
        c
    })
}

/// Accumulates the MinHash of a stream of shingle hashes.
#[derive(Clone, Debug)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
    min: Vec<u32>,
}

impl MinHasher {
    /// An empty MinHash of `n` values (at most [`PERMS`]), every value at the maximum.
    pub fn new(n: usize) -> Self {
        let c = &coefficients()[..n.min(PERMS)];
        MinHasher {
            a: c.iter().map(|x| x.0).collect(),
            b: c.iter().map(|x| x.1).collect(),
            min: vec![u32::MAX; c.len()],
        }
    }

    /// Adds one shingle hash.
    #[inline]
    pub fn add(&mut self, h: u32) {
        let x = h as u64;
        for ((m, &a), &b) in self.min.iter_mut().zip(&self.a).zip(&self.b) {
            let v = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(v);
        }
    }

    /// The MinHash values.
    pub fn finish(self) -> Vec<u32> {
        self.min
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
        let t = threshold.clamp(0.05, 1.0);
        let mut best: Option<(usize, LshParams)> = None;
        let mut fallback = LshParams {
            bands: PERMS / 4,
            rows: 4,
        };
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

    /// The band keys of a MinHash (band index mixed in); empty if it has no values.
    pub fn keys(&self, minhash: &[u32], out: &mut Vec<u64>) {
        out.clear();
        if minhash.len() < self.bands * self.rows {
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

    fn minhash(xs: impl Iterator<Item = u32>) -> Vec<u32> {
        let mut m = MinHasher::new(PERMS);
        for x in xs {
            m.add(mix(x as u64) as u32);
        }
        m.finish()
    }

    #[test]
    fn estimates_jaccard() {
        // |A ∩ B| = 600, |A ∪ B| = 1400: J = 0.43.
        let a = minhash(0..1000);
        let b = minhash(400..1400);
        let same = a.iter().zip(&b).filter(|(x, y)| x == y).count() as f64 / PERMS as f64;
        assert!((same - 0.43).abs() < 0.15, "{same}");
        assert_eq!(minhash(0..1000), a);
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
