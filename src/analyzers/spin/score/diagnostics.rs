//! Per-word likelihood ratios for `bench/spin_eval.rs`'s experiments: every eligible
//! word, or each word over all its occurrences (the analyzer itself scores only the
//! words next to an unseen pair, through [`Ctx`]).

use std::collections::HashMap;

use super::{synonym_ratio, Ctx, WordLr, LR_SYNONYMS};
use crate::document::Document;
use crate::model::Model;

/// The likelihood ratio of every eligible word of `doc` that can exceed `min` (see
/// [`WordLr`]; a diagnostic for `bench/spin_eval.rs`).
pub fn word_lrs(doc: &Document, model: &Model, min: f64) -> Vec<WordLr> {
    // `Ctx::word_lrs` scores only words next to an unseen pair: the ones `Ctx::new` keeps.
    let cx = Ctx::new(doc, model);
    let lrs = cx.word_lrs(min, false);
    lrs.into_iter().map(|(k, log_lr, best)| WordLr { token: cx.cands[k].i as usize, log_lr, best }).collect()
}

/// The likelihood ratio of every eligible word of `doc`, with how many of its
/// neighbour pairs the reference never saw (0 to 2), whatever its pairs: the full
/// diagnostic for `bench/spin_eval.rs` (the analyzer scores only words next to an
/// unseen pair).
pub fn word_lrs_all(doc: &Document, model: &Model) -> Vec<(WordLr, u8)> {
    let cx = Ctx::all(doc, model);
    let mut out = Vec::new();
    for c in &cx.cands {
        let (i, w) = (c.i as usize, doc.ids[c.i as usize]);
        let (l, r) = c.sides();
        let base = cx.lm.context_logp(l, w, r);
        let (log_lr, best) = synonym_ratio(&cx.lm, cx.lm.word(w), base, |s, _| cx.lm.context_logp(l, s, r));
        if best != u32::MAX {
            out.push((WordLr { token: i, log_lr, best }, c.unseen_sides()));
        }
    }
    out
}

/// A word's likelihood ratios over all its occurrences in a document (see
/// [`word_lrs_by_word`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordOccurrences {
    /// Its eligible occurrences.
    pub n: u32,
    /// The sum of their [`WordLr`] log ratios.
    pub sum_llr: f64,
    /// The log ratio of "a consistent spinner put this word for one synonym `s` at
    /// every occurrence" against "the author wrote it each time":
    /// `ln Σ_s Π_i P(s | ctx_i) / n(s) − Σ_i ln P(w | ctx_i)`.
    pub consistent_llr: f64,
}

/// [`WordOccurrences`] of every eligible word id of `doc` (a diagnostic for
/// `bench/spin_eval.rs`).
pub fn word_lrs_by_word(doc: &Document, model: &Model) -> HashMap<u32, WordOccurrences> {
    /// One word's sums over its occurrences.
    #[derive(Default)]
    struct Sums {
        n: u32,
        llr: f64,
        /// Σ ln P(w | ctx).
        base: f64,
        /// Per synonym `s`, in the order `synonym_ratio` scores them: Σ ln P(s | ctx), ln n(s).
        syn: Vec<(f64, f64)>,
    }
    let cx = Ctx::all(doc, model);
    let mut acc: HashMap<u32, Sums> = HashMap::new();
    let mut logps = Vec::with_capacity(LR_SYNONYMS);
    for c in &cx.cands {
        let w = doc.ids[c.i as usize];
        let (l, r) = c.sides();
        let base = cx.lm.context_logp(l, w, r);
        logps.clear();
        let (log_lr, best) = synonym_ratio(&cx.lm, cx.lm.word(w), base, |s, ss| {
            let lp = cx.lm.context_logp(l, s, r);
            logps.push((lp, ((ss.synonyms as usize).max(1) as f64).ln()));
            lp
        });
        if best == u32::MAX {
            continue;
        }
        let e = acc.entry(w).or_insert_with(|| Sums { syn: vec![(0.0, 0.0); logps.len()], ..Sums::default() });
        e.n += 1;
        e.llr += log_lr;
        e.base += base;
        for (a, &(lp, ln_n)) in e.syn.iter_mut().zip(&logps) {
            *a = (a.0 + lp, ln_n);
        }
    }
    acc.into_iter()
        .map(|(w, e)| {
            let terms: Vec<f64> = e.syn.iter().map(|&(lp, ln_n)| lp - e.base - ln_n).collect();
            let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let consistent_llr = top + terms.iter().map(|t| (t - top).exp()).sum::<f64>().ln();
            (w, WordOccurrences { n: e.n, sum_llr: e.llr, consistent_llr })
        })
        .collect()
}
