//! The document-level verdict (SPN003): is there far more spin evidence than
//! natural text of this length has?
//!
//! Two kinds of evidence are combined into one score:
//!
//! - the distinct pieces counted before ([`super::Tally`]): improbable pairs that
//!   restore a collocation, words with a likelihood ratio above `e^STRONG_LR`, and
//!   spinner phrases, one point each;
//! - the likelihood-ratio excess: for every distinct word next to an unseen pair
//!   whose synonyms fit its neighbours better than it does by more than `e^LR_FLOOR`
//!   (see [`super::WordLr`]), `ln LR − LR_FLOOR` e-folds, capped at `LR_CAP` so that
//!   one odd word cannot decide, times `LR_WEIGHT`. A count throws away how strong
//!   each piece is and misses the many moderately bad words light spin leaves; the
//!   excess keeps both.
//!
//! The score is compared with a threshold that grows with the length of the text,
//! `THRESHOLD_BASE + THRESHOLD_PER_1000 · w/1000 + THRESHOLD_SQRT · sqrt(w/1000)`,
//! tuned on clean text of the calibration half of the dev split (`bench/spin_eval.rs
//! --half cal --dump`) so that natural documents and paragraphs of every source stay
//! below it.

use std::collections::BTreeMap;

use super::{Evidence, Tally, SPUN_TEXT, STRONG_LR};
use crate::document::Document;
use crate::finding::Finding;
use crate::model::Model;

/// Log-likelihood ratio above which a word's excess counts.
pub const LR_FLOOR: f64 = 9.0;
/// At most this many e-folds of excess per distinct word.
pub const LR_CAP: f64 = 6.0;
/// Points per e-fold of excess.
pub const LR_WEIGHT: f64 = 1.0;
/// Threshold: points needed at any length...
pub const THRESHOLD_BASE: f64 = 4.5;
/// ...plus this many per 1,000 words...
pub const THRESHOLD_PER_1000: f64 = 12.0;
/// ...plus this many times the square root of the length in thousands of words.
pub const THRESHOLD_SQRT: f64 = 9.0;

/// A document whose score is this many times the threshold is heavily spun.
pub const HEAVY: f64 = 1.5;
/// ...and at least this many points above it (a short text reaches `HEAVY` times
/// its small threshold with a few words).
pub const HEAVY_MARGIN: f64 = 15.0;

/// The verdict's evidence for one document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Verdict {
    /// The distinct pieces of evidence counted one point each.
    pub tally: Tally,
    /// The likelihood-ratio excess of each distinct word above `LR_FLOOR`
    /// (uncapped, e-folds), with its lower-cased text, sorted by text.
    pub excess: Vec<(String, f64)>,
    /// Words in the document.
    pub words: usize,
}

impl Verdict {
    /// The capped, weighted likelihood-ratio excess, in points.
    pub fn excess_points(&self) -> f64 {
        LR_WEIGHT * self.excess.iter().map(|(_, x)| x.min(LR_CAP)).sum::<f64>()
    }

    /// The score: distinct pieces plus the excess points.
    pub fn score(&self) -> f64 {
        self.tally.total() as f64 + self.excess_points()
    }

    /// The score natural text of this length stays below.
    pub fn threshold(&self) -> f64 {
        threshold(self.words)
    }

    /// True when the document is judged spun.
    pub fn is_spun(&self) -> bool {
        self.score() > self.threshold()
    }

    /// True when the score is at least `HEAVY` times the threshold and `HEAVY_MARGIN`
    /// points above it: a heavily spun text, where the weaker per-word evidence is
    /// shown too.
    pub fn is_heavy(&self) -> bool {
        let (s, t) = (self.score(), self.threshold());
        s >= HEAVY * t && s >= t + HEAVY_MARGIN
    }

    /// The SPN003 finding, when the document is judged spun.
    pub fn finding(&self) -> Option<Finding> {
        if !self.is_spun() {
            return None;
        }
        let t = &self.tally;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let msg = format!(
            "{} distinct likely synonym swaps in {} words ({} word pair{} the reference never saw where a synonym gives a common one, {} word{} that fit their context far worse than a synonym would, {} spinner phrase{}), and {} word{} next to an unseen pair whose synonyms fit it better by {:.0} e-folds in all (above e^{LR_FLOOR:.0} each): spin score {:.1}, where natural text of this length stays below {:.1}: the text looks spun",
            t.total(),
            self.words,
            t.pairs.len(),
            plural(t.pairs.len()),
            t.words.len(),
            plural(t.words.len()),
            t.phrases.len(),
            plural(t.phrases.len()),
            self.excess.len(),
            plural(self.excess.len()),
            self.excess.iter().map(|(_, x)| x).sum::<f64>(),
            self.score(),
            self.threshold(),
        );
        // Ten points per 100 words: the spin category falls to about 37 at any length.
        let weight = (self.words.max(crate::score::MIN_WORDS) as f32) / 100.0;
        let span = t.first.clone().unwrap_or(0..0);
        Some(Finding::new(&SPUN_TEXT, span, msg).with_weight(weight))
    }
}

/// The score natural text of `words` words stays below.
pub fn threshold(words: usize) -> f64 {
    let k = words.max(1) as f64 / 1000.0;
    THRESHOLD_BASE + THRESHOLD_PER_1000 * k + THRESHOLD_SQRT * k.sqrt()
}

/// The verdict from the evidence of a document scored with `Evidence::with_min_lr(.., LR_FLOOR)`
/// and its spinner-phrase findings.
pub fn assess(doc: &Document, ev: &Evidence, phrases: &[Finding]) -> Verdict {
    assess_with_floor(doc, ev, phrases, LR_FLOOR)
}

/// [`assess`] with the excess counted above `floor` (which must not be below the
/// `min_lr` `ev` was scored with); for tuning.
pub fn assess_with_floor(doc: &Document, ev: &Evidence, phrases: &[Finding], floor: f64) -> Verdict {
    let strong: Vec<_> = ev.strong().iter().filter(|p| p.llr > STRONG_LR).cloned().collect();
    let tally = super::counted(doc, &ev.scores(), &strong, phrases);
    let mut excess: BTreeMap<String, f64> = BTreeMap::new();
    for p in ev.strong().iter().filter(|p| p.llr > floor) {
        let x = excess.entry(doc.text[p.span.clone()].to_lowercase()).or_insert(0.0);
        *x = x.max(p.llr - floor);
    }
    Verdict { tally, excess: excess.into_iter().collect(), words: doc.word_count() }
}

/// The verdict for `doc` (for benchmarks and tests; the analyzer shares its evidence).
pub fn verdict(doc: &Document, model: &Model) -> Verdict {
    let ev = Evidence::with_min_lr(doc, model, LR_FLOOR);
    let mut phrases = Vec::new();
    super::score::phrase_findings(doc, model, &mut phrases);
    assess(doc, &ev, &phrases)
}
