//! A bigram language model over the model's counts, smoothed by Witten-Bell
//! interpolation with the unigram distribution.
//!
//! `P(x | y) = (c(y x) + T(y) · P(x)) / (c(y) + T(y))`, where `T(y)` is the number
//! of distinct words seen after `y`. A pair the reference never saw still gets a
//! probability, scaled by how freely `y` combines with other words.

use crate::model::pairs::{PairTable, WordStats};
use crate::model::{Model, ADJACENT};

/// Conditional word probabilities from a [`Model`].
pub struct Lm<'m> {
    /// The counts.
    pub model: &'m Model,
    total: f64,
    /// The model's pair table, if built: it has the words' figures side by side.
    table: Option<&'m PairTable>,
}

impl<'m> Lm<'m> {
    /// A language model over `model`.
    pub fn new(model: &'m Model) -> Self {
        Lm { model, total: model.tokens().max(1) as f64, table: model.pair_table_if_built() }
    }

    /// The figures of word `x` (a valid id).
    #[inline]
    pub fn word(&self, x: u32) -> WordStats {
        match self.table {
            Some(t) => t.word(x),
            None => WordStats::of(self.model, x),
        }
    }

    /// Unigram probability of word `x`, add-half smoothed.
    pub fn p(&self, x: u32) -> f64 {
        self.p_of(self.word(x))
    }

    /// [`Lm::p`] of a word with figures `x`.
    #[inline]
    pub fn p_of(&self, x: WordStats) -> f64 {
        (x.count as f64 + 0.5) / self.total
    }

    /// [`Lm::p_next_seen`] of words with figures `y`, `x`.
    #[inline]
    pub fn p_next_of(&self, y: WordStats, x: WordStats, c: u64) -> f64 {
        let cy = y.count as f64;
        let ty = (y.followers as usize).max(1) as f64;
        (c as f64 + ty * self.p_of(x)) / (cy + ty)
    }

    /// `P(x | y)`: probability that `x` follows `y`.
    pub fn p_next(&self, y: u32, x: u32) -> f64 {
        self.p_next_seen(y, x, self.model.pair_count(ADJACENT, y, x))
    }

    /// `P(x | y)` when the pair `y x` is already known to have been seen `c` times.
    pub fn p_next_seen(&self, y: u32, x: u32, c: u64) -> f64 {
        self.p_next_of(self.word(y), self.word(x), c)
    }

    /// Log of how much more likely the context is given `x` than in general:
    /// `ln P(x | left) + ln P(right | x) − ln P(x)`. Free of `x`'s own frequency, so
    /// a frequent synonym does not win merely for being frequent.
    pub fn context_assoc(&self, left: Option<u32>, x: u32, right: Option<u32>) -> f64 {
        self.context_logp(left, x, right) - self.p(x).ln()
    }

    /// Log-probability of `x` in the context `left x right` (either side optional):
    /// `ln P(x | left) + ln P(right | x)`.
    pub fn context_logp(&self, left: Option<u32>, x: u32, right: Option<u32>) -> f64 {
        let mut lp = 0.0;
        if let Some(l) = left {
            lp += self.p_next(l, x).ln();
        } else {
            lp += self.p(x).ln();
        }
        if let Some(r) = right {
            lp += self.p_next(x, r).ln();
        }
        lp
    }
}
