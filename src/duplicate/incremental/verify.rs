//! Verification of a newcomer against an earlier entry's sketch: the measurements of
//! a whole run's [`matcher::verify`], estimated from the sampled shingles when a
//! stream is sampled.

use super::super::matcher::{self, Basis, Params, Probe, StreamCmp};
use super::super::signature::{Signature, Stream};
use super::{level_mask, quick, Side};

/// Fewest sampled shingles of the smaller text a verdict on sketches may rest on.
pub const MIN_SAMPLES: usize = 16;

/// Verifies newcomer `a` (its full signature) against the sketch `b` of an earlier entry.
/// As [`matcher::verify`], with coverage estimated from the sampled shingles when a
/// stream is sampled ([`plain`], [`aligned`]); a verdict resting on fewer than
/// [`MIN_SAMPLES`] sampled shingles of the smaller text is dropped.
pub fn verify(a: &Signature, b: &Signature, p: &Params) -> Option<matcher::Verdict> {
    verify_sorted(a, None, b, p)
}

/// The newcomer's distinct hashes at each sampling mask asked for, from its streams'
/// counted hashes (kept by [`Prepared`](super::Prepared)): made once for all its candidates (a long
/// text verified against several earlier ones is not scanned again for each).
pub(super) struct NewcomerSets<'a> {
    sides: [&'a Side; 2],
    /// (stream, mask, set) of the sets made so far.
    made: std::cell::RefCell<Vec<MadeSet>>,
}

/// A set [`NewcomerSets`] made: stream, mask and the distinct hashes.
pub(super) type MadeSet = (usize, u32, std::rc::Rc<Vec<u32>>);

impl<'a> NewcomerSets<'a> {
    pub(super) fn new(sides: [&'a Side; 2]) -> Self {
        NewcomerSets { sides, made: Default::default() }
    }

    /// [`set_at`] of stream `w` (0 words, 1 skeleton) at `mask`.
    fn get(&self, w: usize, mask: u32) -> std::rc::Rc<Vec<u32>> {
        let mut made = self.made.borrow_mut();
        if let Some((_, _, v)) = made.iter().find(|x| x.0 == w && x.1 == mask) {
            return v.clone();
        }
        let v = std::rc::Rc::new(self.sides[w].set(mask));
        made.push((w, mask, v.clone()));
        v
    }
}

/// [`verify`], given the newcomer's counted hashes (`a`'s, see [`NewcomerSets`]), so
/// they are not sorted again for every candidate.
pub(super) fn verify_sorted(
    a: &Signature,
    newcomer: Option<&NewcomerSets>,
    b: &Signature,
    p: &Params,
) -> Option<matcher::Verdict> {
    let set = |s: &Stream, mask: u32| -> std::rc::Rc<Vec<u32>> {
        let w = if std::ptr::eq(s, &a.word) {
            Some(0)
        } else if std::ptr::eq(s, &a.skel) {
            Some(1)
        } else {
            None
        };
        match (newcomer, w) {
            (Some(n), Some(w)) => n.get(w, mask),
            _ => std::rc::Rc::new(set_at(s, mask)),
        }
    };
    let sets = |x: &Stream, y: &Stream| {
        let mask = level_mask(x.level.max(y.level));
        (set(x, mask), set(y, mask))
    };
    let plain = |x: &Stream, y: &Stream| {
        let (sx, sy) = sets(x, y);
        plain_sets(x, y, &sx, &sy)
    };
    let aligned = |x: &Stream, y: &Stream| {
        let (sx, sy) = sets(x, y);
        aligned_sets(x, y, &sx, &sy)
    };
    if newcomer.is_some_and(|n| quick::rejects(a, n.sides, b, p)) {
        return None;
    }
    let v = matcher::verify_with(a, b, p, plain, aligned)?;
    let (sa, sb) = match v.basis {
        Basis::Words => (&a.word, &b.word),
        Basis::Skeleton => (&a.skel, &b.skel),
    };
    if !(sa.dense() && sb.dense()) {
        let mask = level_mask(sa.level.max(sb.level));
        let small = if v.a_smaller { sa } else { sb };
        let mut n: Vec<u32> = small.hashes.iter().copied().filter(|h| h & mask == 0).collect();
        n.sort_unstable();
        n.dedup();
        if n.len() < MIN_SAMPLES {
            return None;
        }
    }
    Some(v)
}

/// Estimated token position of unit `u` of a stream.
pub(super) fn position(s: &Stream, u: usize) -> u32 {
    if s.dense() {
        u as u32
    } else {
        (u as u64 * s.tokens / s.hashes.len().max(1) as u64) as u32
    }
}

/// The distinct hashes of `s` whose low bits under `mask` are zero, sorted.
pub(super) fn set_at(s: &Stream, mask: u32) -> Vec<u32> {
    let mut v: Vec<u32> = s.hashes.iter().copied().filter(|h| h & mask == 0).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// [`matcher::compare`] for streams of which one or both are sampled, with the covered
/// shares estimated as token coverage (`refine`).
pub fn plain(a: &Stream, b: &Stream) -> StreamCmp {
    let mask = level_mask(a.level.max(b.level));
    plain_sets(a, b, &set_at(a, mask), &set_at(b, mask))
}

/// [`plain`] given the streams' distinct sampled hashes, sorted ([`set_at`]).
pub(super) fn plain_sets(a: &Stream, b: &Stream, sa: &[u32], sb: &[u32]) -> StreamCmp {
    if a.dense() && b.dense() {
        return matcher::compare_sets(a, b, sa, sb);
    }
    let Some(mut c) = sampled_cmp(a, sa, sb) else { return matcher::compare_sets(a, b, sa, sb) };
    let mask = level_mask(a.level.max(b.level));
    let matched = |s: &Stream, other: &[u32]| -> Vec<bool> {
        let other = Probe::new(other, s.hashes.len());
        s.hashes.iter().map(|&h| h & mask == 0 && other.contains(h)).collect()
    };
    let (ma, mb) = (matched(a, sb), matched(b, sa));
    refine(a, b, &ma, &mb, &mut c);
    c
}

/// [`matcher::compare_aligned`] for streams of which one or both are sampled: only
/// matches of `a` (the smaller text) inside one window of `b` about as long as `a`
/// count; a sampled shingle's position is estimated from its rank among the kept ones.
pub fn aligned(a: &Stream, b: &Stream) -> StreamCmp {
    let mask = level_mask(a.level.max(b.level));
    aligned_sets(a, b, &set_at(a, mask), &set_at(b, mask))
}

/// [`aligned`] given the streams' distinct sampled hashes, sorted ([`set_at`]).
pub(super) fn aligned_sets(a: &Stream, b: &Stream, sa: &[u32], sb: &[u32]) -> StreamCmp {
    if a.dense() && b.dense() {
        return matcher::compare_aligned_sets(a, b, sa, sb);
    }
    let Some(mut c) = sampled_cmp(a, sa, sb) else { return matcher::compare_sets(a, b, sa, sb) };
    let mask = level_mask(a.level.max(b.level));
    let mut ma = vec![false; a.hashes.len()];
    let mut mb = vec![false; b.hashes.len()];
    for (_, j, i) in aligned_best(a, b, sa, mask) {
        ma[i as usize] = true;
        mb[j as usize] = true;
    }
    refine(a, b, &ma, &mb, &mut c);
    c
}

/// The matches [`aligned_sets`] counts: `(estimated token position in b, unit of b,
/// unit of a)` for the sampled shingles of `a` (`sa` its distinct ones, sorted) found
/// inside the one window of `b`, about as long as `a`, that holds the most of them.
pub(super) fn aligned_best(a: &Stream, b: &Stream, sa: &[u32], mask: u32) -> Vec<(u32, u32, u32)> {
    let in_a = Probe::new(sa, b.hashes.len());
    let mut at_b: Vec<(u32, u32)> = b
        .hashes
        .iter()
        .enumerate()
        .filter(|&(_, &h)| h & mask == 0 && in_a.contains(h))
        .map(|(j, &h)| (h, j as u32))
        .collect();
    at_b.sort_unstable();
    let mut m: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &h) in a.hashes.iter().enumerate() {
        if h & mask != 0 {
            continue;
        }
        let lo = at_b.partition_point(|x| x.0 < h);
        m.extend(
            at_b[lo..].iter().take_while(|x| x.0 == h).take(8).map(|x| (position(b, x.1 as usize), x.1, i as u32)),
        );
    }
    m.sort_unstable();
    let window = (a.tokens.min(u32::MAX as u64 / 2) as u32) * 3 / 2 + 50;
    let best = matcher::densest_window(&m, a.hashes.len(), window, |&(pos, _, i)| (pos, i as usize));
    m.truncate(best.end);
    m.drain(..best.start);
    m
}

/// The start of a comparison where a stream is sampled: [`matcher::compare_sets`]
/// without its masks and shares, which [`refine`] replaces, so only the Jaccard
/// similarity is computed. `None` where `compare_sets` gives no mask for `a` (an empty
/// side), whose result then stands as it is.
pub(super) fn sampled_cmp(a: &Stream, sa: &[u32], sb: &[u32]) -> Option<StreamCmp> {
    let no_mask_a = if a.dense() { a.tokens == 0 } else { a.hashes.is_empty() };
    if sa.is_empty() || sb.is_empty() || no_mask_a {
        return None;
    }
    Some(StreamCmp { jaccard: matcher::jaccard_sets(sa, sb), ..StreamCmp::default() })
}

/// Sets the masks and covered shares of `c` from the matched units `ma`, `mb` of two
/// streams compared at the level of the sparser: a share is that of the sampled
/// shingles found in the other text; in a full stream each sampled shingle's verdict
/// stands for the tokens nearest to it ([`spread`]), so matching parts are whole stretches.
pub(super) fn refine(a: &Stream, b: &Stream, ma: &[bool], mb: &[bool], c: &mut StreamCmp) {
    let mask = level_mask(a.level.max(b.level));
    let side = |s: &Stream, m: &[bool]| -> (Vec<bool>, f64, usize) {
        let samples = samples_of(s, m, mask);
        let (share, tokens) = sampled_share(&samples, s.tokens);
        let units = if s.dense() { spread(&samples, s.tokens as usize) } else { m.to_vec() };
        (units, share, tokens)
    };
    (c.mask_a, c.cov_a, c.tokens_a) = side(a, ma);
    (c.mask_b, c.cov_b, c.tokens_b) = side(b, mb);
}

/// The sampled units of `s` (those whose hash is zero under `mask`) in text order:
/// `(estimated token position, matched)`, from the matched units `m`.
pub(super) fn samples_of(s: &Stream, m: &[bool], mask: u32) -> Vec<(u32, bool)> {
    (0..s.hashes.len()).filter(|&u| s.hashes[u] & mask == 0).map(|u| (position(s, u), m[u])).collect()
}

/// The share of `samples` matched, and the tokens (of `tokens`) it stands for.
pub(super) fn sampled_share(samples: &[(u32, bool)], tokens: u64) -> (f64, usize) {
    let n = samples.iter().filter(|x| x.1).count();
    let share = n as f64 / samples.len().max(1) as f64;
    (share, (share * tokens as f64).round() as usize)
}

/// Tokens (of `tokens`) nearest to a matched sample: `(position, matched)` in text order.
pub fn spread(samples: &[(u32, bool)], tokens: usize) -> Vec<bool> {
    let mut out = vec![false; tokens];
    for (j, &(p, matched)) in samples.iter().enumerate() {
        if !matched {
            continue;
        }
        let p = p as usize;
        let from = if j == 0 { 0 } else { (samples[j - 1].0 as usize + p).div_ceil(2) };
        let to = match samples.get(j + 1) {
            Some(&(next, _)) => (p + next as usize).div_ceil(2),
            None => tokens,
        };
        out[from.min(tokens)..to.min(tokens)].fill(true);
    }
    out
}
