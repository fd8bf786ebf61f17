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

/// The count test (the verdict before the likelihood-ratio score, kept as a second
/// route): distinct pieces per 1,000 words expected in natural text...
pub const CLEAN_RATE: f64 = 8.0;
/// ...the Poisson tail below which the count is significant...
pub const COUNT_P: f64 = 1e-3;
/// ...and the density it must also reach (pieces per 1,000 words).
pub const COUNT_DENSITY: f64 = 12.0;

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

    /// True when the distinct count alone is far above the clean rate (the count
    /// test: Poisson tail below `COUNT_P` at `CLEAN_RATE` per 1,000 words, and at
    /// least `COUNT_DENSITY` per 1,000 words). Dense improbable pairs in a short text
    /// can decide here before the score does.
    pub fn count_test(&self) -> bool {
        let (k, w) = (self.tally.total(), self.words.max(1) as f64);
        self.count_p() < COUNT_P && k as f64 * 1000.0 >= COUNT_DENSITY * w
    }

    /// The Poisson probability of at least this many distinct pieces in clean text.
    pub fn count_p(&self) -> f64 {
        super::poisson_tail(self.tally.total(), CLEAN_RATE * self.words.max(1) as f64 / 1000.0)
    }

    /// True when the document is judged spun: the score is above the threshold, or
    /// the count test holds.
    pub fn is_spun(&self) -> bool {
        self.score() > self.threshold() || self.count_test()
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
            "{} distinct likely synonym swaps in {} words ({} word pair{} the reference never saw where a synonym gives a common one, {} word{} that fit their context far worse than a synonym would, {} spinner phrase{}), and {} word{} next to an unseen pair whose synonyms fit it better by {:.0} e-folds in all (above e^{LR_FLOOR:.0} each): spin score {:.1}, where natural text of this length stays below {:.1}",
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
        let msg = if self.score() > self.threshold() {
            format!("{msg}: the text looks spun")
        } else {
            format!(
                "{msg}; but the count alone is far above the {:.1} natural text has (Poisson p = {:.1e}): the text looks spun",
                CLEAN_RATE * self.words.max(1) as f64 / 1000.0,
                self.count_p()
            )
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;

    const NATURAL: &str = "The central bank raised interest rates by half a percentage point on Thursday, its third \
        increase this year. Officials said prices were still rising too fast and that the labour market remained \
        strong. Shares fell sharply after the announcement, while the currency gained against the dollar. Analysts \
        expect another rise before the end of the year, although some warned that higher borrowing costs could \
        slow the economy. The government welcomed the decision and said it would keep spending under control.";

    const SPUN: &str = "The principal depository raised involvement rates by half a proportion level on Thursday, its \
        third boost this year. Officers said costs were nonetheless mounting too speedy and that the toil market \
        remained robust. Stocks fell acutely after the proclamation, while the forex won against the greenback. \
        Analysts anticipate some other upward thrust earlier than the finish of the 12 months, even though some \
        warned that upper borrowing prices may sluggish the financial system. The authorities welcomed the \
        resolution and stated it might hold spending underneath management.";

    fn judge(text: &str) -> Verdict {
        let m = Model::embedded();
        let doc = Document::new(text, m, &[], Origin::default());
        verdict(&doc, m)
    }

    #[test]
    fn a_spun_paragraph_is_judged_spun() {
        let v = judge(SPUN);
        assert!(v.is_spun(), "score {} threshold {} {v:?}", v.score(), v.threshold());
        let f = v.finding().unwrap();
        assert!(
            f.message.contains("spin score") && f.message.contains("distinct likely synonym swaps"),
            "{}",
            f.message
        );
    }

    #[test]
    fn its_natural_original_is_not() {
        let v = judge(NATURAL);
        assert!(!v.is_spun(), "score {} threshold {} {v:?}", v.score(), v.threshold());
        assert!(v.finding().is_none());
    }

    #[test]
    fn one_odd_word_cannot_decide() {
        // The most one distinct word can add (one counted piece: a word already
        // counted as a pair is not counted again; plus the capped excess) stays below
        // the threshold of any text of 60 words or more.
        assert!(1.0 + LR_WEIGHT * LR_CAP < threshold(60));
    }

    #[test]
    fn degenerate_inputs_are_not_spun() {
        for t in ["", "involvement", "!!! ???", "INVOLVEMENT RATES ROSE", &"rates ".repeat(500)] {
            let v = judge(t);
            assert!(!v.is_spun(), "{t:?}: {v:?}");
        }
    }

    #[test]
    fn the_threshold_grows_with_length() {
        assert!(threshold(0) >= THRESHOLD_BASE);
        assert!(threshold(150) < threshold(1500) && threshold(1500) < threshold(15000));
    }
}

#[cfg(test)]
mod shared_examples {
    use super::*;
    use crate::document::Origin;

    /// Real spun articles and their originals in `../shared/spun-examples` (read at
    /// test time; skipped with a notice when absent): no original is judged spun,
    /// and the heavily spun ones are.
    #[test]
    fn real_spun_articles_and_their_originals() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spun-examples");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("note: ../shared/spun-examples not found; test skipped");
            return;
        };
        let m = Model::embedded();
        let mut spun = Vec::new();
        for p in entries.map(|e| e.unwrap().path()) {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let doc = Document::new(&text, m, &[], Origin::default());
            let v = verdict(&doc, m);
            if name.ends_with(".orig.txt") {
                assert!(!v.is_spun(), "{name}: score {} threshold {}", v.score(), v.threshold());
            } else if v.is_spun() {
                spun.push(name);
            }
        }
        spun.sort();
        for want in ["hill_alsup_reinstate_b.spun.txt", "volokh_ap_budowich.spun.txt"] {
            assert!(spun.iter().any(|s| s == want), "{want} not judged spun: {spun:?}");
        }
    }
}
