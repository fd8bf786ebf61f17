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

    /// `P(x | y)` for words with figures `y`, `x` when the pair `y x` was seen `c` times.
    #[inline]
    pub fn p_next_of(&self, y: WordStats, x: WordStats, c: u64) -> f64 {
        let cy = y.count as f64;
        let ty = (y.followers as usize).max(1) as f64;
        (c as f64 + ty * self.p_of(x)) / (cy + ty)
    }

    /// `P(x | y)`: probability that `x` follows `y`.
    pub fn p_next(&self, y: u32, x: u32) -> f64 {
        self.p_next_of(self.word(y), self.word(x), self.model.pair_count(ADJACENT, y, x))
    }

    /// Log-probability of `x` in the context `left x right` (either side optional):
    /// `ln P(x | left) + ln P(right | x)`.
    pub fn context_logp(&self, left: Option<u32>, x: u32, right: Option<u32>) -> f64 {
        let m = self.model;
        let left = left.map(|l| (self.word(l), m.pair_count(ADJACENT, l, x)));
        let right = right.map(|r| (self.word(r), m.pair_count(ADJACENT, x, r)));
        self.context_logp_of(left, self.word(x), right)
    }

    /// [`Lm::context_logp`] of a word with figures `x`, each neighbour given with its
    /// figures and the count of its pair with `x` (already read).
    #[inline]
    pub fn context_logp_of(
        &self,
        left: Option<(WordStats, u64)>,
        x: WordStats,
        right: Option<(WordStats, u64)>,
    ) -> f64 {
        let mut lp = match left {
            Some((l, c)) => self.p_next_of(l, x, c).ln(),
            None => self.p_of(x).ln(),
        };
        if let Some((r, c)) = right {
            lp += self.p_next_of(x, r, c).ln();
        }
        lp
    }
}
