//! Two-word swaps ("Chilly Warfare" → "Cold War"): both words of a pair the
//! reference never saw put back at once.
//!
//! Two steps:
//! - **Whether.** A spinner draws the replacement of a word `x` among its `n(x)`
//!   synonyms, so the written pair `a b` came from the pair `x y` with probability
//!   `1 / (n(x) n(y))`, times the odds of a second swap ([`SECOND_SWAP`]); the words
//!   around it weigh each `x y` by the bigram model. Two-word swaps are kept only
//!   where, summed over every collocation `x y`, they explain the pair better than
//!   changing `a` alone or `b` alone (summed the same way). Spinners swap a word the
//!   same way wherever it occurs, so all the places where a text writes the same
//!   unseen pair are judged together: their contexts add up, the choice is paid once.
//! - **Which.** At each place, the collocation `x y` (either word may stay) that
//!   fits the words around it best, as pointwise mutual information, discounted by
//!   the log of how many collocations were tried.
//!
//! The choice is still made place by place: where a text writes the same unseen
//! pair several times, the places may get different suggestions. One shared choice
//! (the best `x y` over all places) would be consistent, as spinners are, but for
//! the nine "safety promises" of seed 002 the reference prefers "security
//! arrangements" (166 times, against 119 for "security guarantees") at eight
//! places of nine, and issue 3 asks for "security guarantees".
//!
//! Without the first step, the search over up to 33 × 33 synonym pairs found a
//! collocation for half the unseen pairs where only one word had been swapped
//! ("likely clarification" → "acceptable solution" for "likely explanation"). On the
//! calibration half (`BREAKDOWN=1 spin_eval --per-source 100 --half cal
//! --consistent`), the shown two-word swaps went from 921 (42.6% restoring the
//! original) to 453 (55.0%).

use rustc_hash::FxHashMap;

use super::{Ctx, PositionScore};
use crate::analyzers::spin::scan::Cand;
use crate::model::ADJACENT;

/// Log odds that the neighbour of a swapped word was swapped too (the prior cost of
/// the second swap): a spinner that swaps one content word in twenty (e^−3). The
/// calibration half restores more with −3 than with −1.7 (a rate of 15%).
const SECOND_SWAP: f64 = -3.0;

/// One place where two neighbouring eligible words make a pair the reference never saw.
struct Place<'c> {
    ci: &'c Cand,
    cj: &'c Cand,
    left: Option<u32>,
    right: Option<u32>,
}

impl Ctx<'_, '_> {
    /// `ln P(x | left) + ln P(y | x) + ln P(right | y)` (`ln P(x)` without a left word).
    fn window_logp(&self, left: Option<u32>, x: u32, y: u32, right: Option<u32>) -> f64 {
        let lm = &self.lm;
        lm.context_logp(left, x, Some(y)) + right.map_or(0.0, |r| lm.p_next(y, r).ln())
    }

    /// `ln n(x)`: the log of how many synonyms `x` has (at least one).
    fn ln_choices(&self, x: u32) -> f64 {
        ((self.lm.word(x).synonyms as usize).max(1) as f64).ln()
    }

    /// The two-word swaps of the windows `(ci, cj)` (neighbouring eligible words), in
    /// token order: at the unseen pairs where [`Ctx::two_swapped`] holds.
    pub(super) fn joint_swaps(&self, windows: &[(&Cand, &Cand)]) -> Vec<PositionScore> {
        let (m, doc) = (self.lm.model, self.doc);
        let mut groups: FxHashMap<(u32, u32), Vec<Place>> = FxHashMap::default();
        for &(ci, cj) in windows {
            let (a, b) = (doc.ids[ci.i as usize], doc.ids[cj.i as usize]);
            if m.pair_count(ADJACENT, a, b) == 0 {
                let (left, right) = (ci.left.map(|n| n.id), cj.right.map(|n| n.id));
                groups.entry((a, b)).or_default().push(Place { ci, cj, left, right });
            }
        }
        let mut out: Vec<PositionScore> = groups
            .iter()
            .filter(|(&key, places)| self.two_swapped(key, places))
            .flat_map(|(&key, places)| places.iter().filter_map(move |p| self.joint_score(p, key)))
            .collect();
        out.sort_by_key(|p| p.tokens);
        out
    }

    /// True when the spinner's model explains the unseen pair `a b`, at all its
    /// `places` together, better by two swapped words than by one.
    fn two_swapped(&self, (a, b): (u32, u32), places: &[Place]) -> bool {
        let m = self.lm.model;
        let base: Vec<f64> = places.iter().map(|p| self.window_logp(p.left, a, b, p.right)).collect();
        // Log-ratio of `x y` against the text as written, over every place.
        let total = |x: u32, y: u32| -> f64 {
            places.iter().zip(&base).map(|(p, base)| self.window_logp(p.left, x, y, p.right) - base).sum::<f64>()
        };
        let mut two = LogSum::default();
        for x in m.synonyms(a) {
            let nx = self.ln_choices(x);
            for y in m.synonyms(b).filter(|&y| m.is_collocation(x, y)) {
                two.add(total(x, y) - nx - self.ln_choices(y));
            }
        }
        if two.is_empty() {
            return false;
        }
        let mut one = LogSum::default();
        m.synonyms(a).for_each(|x| one.add(total(x, b) - self.ln_choices(x)));
        m.synonyms(b).for_each(|y| one.add(total(a, y) - self.ln_choices(y)));
        two.ln() + SECOND_SWAP > one.ln()
    }

    /// The best collocation for one place of `a b`, with its ratio: pointwise mutual
    /// information of `left x y right` against `left a b right`, less the log of the
    /// collocations tried.
    fn joint_score(&self, p: &Place, (a, b): (u32, u32)) -> Option<PositionScore> {
        let (m, lm) = (self.lm.model, &self.lm);
        let logp = |x: u32, y: u32| self.window_logp(p.left, x, y, p.right) - lm.p(x).ln() - lm.p(y).ln();
        let base = logp(a, b);
        let mut best: Option<(f64, u32, u32)> = None;
        let mut tried = 0usize;
        // Either word may stay as written; not both.
        for x in std::iter::once(a).chain(m.synonyms(a)) {
            for y in std::iter::once(b).chain(m.synonyms(b)) {
                if (x == a && y == b) || !m.is_collocation(x, y) {
                    continue;
                }
                tried += 1;
                let lp = logp(x, y);
                if best.is_none_or(|(bl, _, _)| lp > bl) {
                    best = Some((lp, x, y));
                }
            }
        }
        let (lp, x, y) = best?;
        let (i, j) = (p.ci.i as usize, p.cj.i as usize);
        let (ta, tb) = (self.doc.tokens[i], self.doc.tokens[j]);
        let unseen_after = |u: Option<u32>, v: Option<u32>| match (u, v) {
            (Some(u), Some(v)) => (m.pair_count(ADJACENT, u, v) == 0) as u8,
            _ => 0,
        };
        let swapped = self.pair(x, y);
        Some(PositionScore {
            span: ta.start()..tb.end(),
            tokens: (i, j),
            llr: lp - base - (tried as f64).ln(),
            unseen: unseen_after(p.left, Some(a)) + 1 + unseen_after(Some(b), p.right),
            sides: 1 + p.left.is_some() as u8 + p.right.is_some() as u8,
            // From the ids, as the PMI of a text's words looked up again would be:
            // the same ids (see `word_ids_round_trip`).
            swapped_pmi: m.pmi(x, y, swapped.1),
            entity: false,
            with: (x, y),
            observed: self.pair(a, b),
            swapped,
        })
    }
}

/// A sum of `exp(v)` kept as its logarithm (no overflow or underflow).
#[derive(Default)]
struct LogSum {
    max: Option<f64>,
    /// `Σ exp(v − max)`.
    scaled: f64,
}

impl LogSum {
    fn add(&mut self, v: f64) {
        match self.max {
            Some(mx) if v <= mx => self.scaled += (v - mx).exp(),
            Some(mx) => {
                self.scaled = self.scaled * (mx - v).exp() + 1.0;
                self.max = Some(v);
            }
            None => {
                self.max = Some(v);
                self.scaled = 1.0;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.max.is_none()
    }

    /// `ln Σ exp(v)`; −∞ for an empty sum.
    fn ln(&self) -> f64 {
        self.max.map_or(f64::NEG_INFINITY, |mx| mx + self.scaled.ln())
    }
}

#[cfg(test)]
mod tests;
