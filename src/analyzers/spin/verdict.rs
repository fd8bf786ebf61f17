//! The document-level verdict (SPN003): is there far more spin evidence than
//! natural text of this length has?
//!
//! Every distinct suspect word is turned into a likelihood ratio "swapped by a
//! spinner" against "written by the author", calibrated on the reference: for a word
//! whose synonyms fit its neighbours `e^x` times better than it does (`x` above
//! `LR_FLOOR`, see [`super::WordLr`]), the ratio of how often true swaps and clean
//! words reach `x` is `e^(α + β·(x − 4))`, with `α`, `β` fitted for each kind of word
//! (one or both neighbour pairs unseen by the reference; an improbable pair that a
//! synonym turns into a collocation or not), at most `e^RATIO_CAP`. An improbable
//! pair ([`super::reportable`]) whose word has a weaker ratio counts `e^PAIR_RATIO`.
//!
//! The score is the log-likelihood ratio of "a share `SPIN_SHARE` of the words are
//! swaps" against "none are": `Σ ln(1 − π + π·ratio)` over the distinct words (a
//! mixture test, so that many moderately odd words add up and one odd word cannot
//! decide), plus `PHRASE_POINTS` per spinner phrase (SPN002, itself significant at
//! p < 1e-4). It is compared with a threshold that grows with the length of the text,
//! `THRESHOLD_BASE + THRESHOLD_PER_1000 · w/1000 + THRESHOLD_SQRT · sqrt(w/1000)`.
//! The ratios and the threshold were fitted on the calibration half of the dev split
//! (`bench/spin_eval.rs --half cal --feat`, then `bench/spinagg/fit.py`), so that no
//! clean document or paragraph there comes within 10% of the threshold but one
//! (which SPN002 already reports for "within the" four times in 500 words); the
//! linear term is above the highest rate of clean documents of 2,500 words or more,
//! so that long natural texts stay below it. The count test of the verdict before (distinct
//! pieces far above the 8 per 1,000 words natural text has) is kept as a second
//! route: real spinners leave denser improbable pairs than the calibration spinner.

use std::collections::BTreeMap;

use super::{Evidence, Tally, SPUN_TEXT, STRONG_LR};
use crate::document::Document;
use crate::finding::Finding;
use crate::model::Model;

/// Log-likelihood ratio above which a word's synonym ratio counts.
pub const LR_FLOOR: f64 = 6.0;
/// The share of swapped words the score tests for (π).
pub const SPIN_SHARE: f64 = 0.02;
/// The calibrated log ratio of a word: `(α, β)` for (one unseen neighbour pair, no
/// improbable pair), (one, pair), (two, no pair), (two, pair); `α + β·(ln LR − 4)`.
pub const RATIO_FIT: [(f64, f64); 4] = [(1.04, 0.469), (1.51, 0.430), (1.44, 0.299), (2.21, 0.239)];
/// At most this log ratio per word.
pub const RATIO_CAP: f64 = 5.0;
/// The log ratio of an improbable pair whose word's ratio is below `LR_FLOOR`.
pub const PAIR_RATIO: f64 = 2.02;
/// Points per distinct spinner phrase.
pub const PHRASE_POINTS: f64 = 4.0;
/// Threshold: points needed at any length...
pub const THRESHOLD_BASE: f64 = 0.88;
/// ...plus this many per 1,000 words...
pub const THRESHOLD_PER_1000: f64 = 4.0;
/// ...plus this many times the square root of the length in thousands of words.
pub const THRESHOLD_SQRT: f64 = 3.32;

/// The count test (the verdict before the likelihood-ratio score, kept as a second
/// route: real spinners leave denser improbable pairs than the calibration spinner):
/// distinct pieces per 1,000 words expected in natural text...
pub const CLEAN_RATE: f64 = 8.0;
/// ...the Poisson tail below which the count is significant...
pub const COUNT_P: f64 = 1e-3;
/// ...and the density it must also reach (pieces per 1,000 words).
pub const COUNT_DENSITY: f64 = 12.0;

/// A document whose score is this many times the threshold is heavily spun.
pub const HEAVY: f64 = 1.5;
/// ...and at least this many points above it (a short text reaches `HEAVY` times
/// its small threshold with a few words).
pub const HEAVY_MARGIN: f64 = 14.0;

/// One distinct suspect word and what it adds to the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The word, lower-cased.
    pub text: String,
    /// Its log-likelihood ratio (synonyms against the word), when above `LR_FLOOR`.
    pub llr: Option<f64>,
    /// True when it also makes an improbable pair a synonym turns into a collocation.
    pub pair: bool,
    /// Points: `ln(1 − π + π·ratio)`.
    pub points: f64,
}

/// The verdict's evidence for one document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Verdict {
    /// The distinct pieces of evidence of each kind (for the message).
    pub tally: Tally,
    /// Every distinct suspect word and its points, sorted by text.
    pub scored: Vec<Scored>,
    /// Words in the document.
    pub words: usize,
}

/// The points of a log ratio: `ln(1 − π + π·e^ratio)`.
fn points(log_ratio: f64) -> f64 {
    (1.0 - SPIN_SHARE + SPIN_SHARE * log_ratio.min(RATIO_CAP).exp()).ln()
}

/// The calibrated log ratio of a word with log-likelihood ratio `llr`, `unseen`
/// neighbour pairs the reference never saw, and an improbable pair or not.
pub fn log_ratio(llr: f64, unseen: u8, pair: bool) -> f64 {
    let (a, b) = RATIO_FIT[2 * (unseen >= 2) as usize + pair as usize];
    (a + b * (llr - 4.0)).min(RATIO_CAP)
}

impl Verdict {
    /// Points from the words.
    pub fn word_points(&self) -> f64 {
        self.scored.iter().map(|s| s.points).sum()
    }

    /// The score: word points plus phrase points.
    pub fn score(&self) -> f64 {
        self.word_points() + PHRASE_POINTS * self.tally.phrases.len() as f64
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
        // (The density first: the Poisson tail, 200 terms, only where it can matter.)
        k as f64 * 1000.0 >= COUNT_DENSITY * w && self.count_p() < COUNT_P
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
        let strong = self.scored.iter().filter(|s| s.llr.is_some()).count();
        let strong_pts: f64 = self.scored.iter().filter(|s| s.llr.is_some()).map(|s| s.points).sum();
        let pairs_only = self.scored.len() - strong;
        // The words that weigh most, quoted.
        let mut top: Vec<&Scored> = self.scored.iter().filter(|s| s.llr.is_some()).collect();
        top.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.text.cmp(&b.text)));
        let top = top.iter().take(3).map(|s| format!("\"{}\"", s.text)).collect::<Vec<_>>().join(", ");
        let top = if top.is_empty() { String::new() } else { format!("; most: {top}") };
        let msg = format!(
            "{} distinct likely synonym swaps in {} words: {} word{} whose synonyms fit the context better by e^{LR_FLOOR:.0} or more (worth {:.1} points{top}), {} more word pair{} the reference never saw where a synonym gives a common one ({:.1} points), {} spinner phrase{} ({PHRASE_POINTS:.0} points each): spin score {:.1}, where natural text of this length stays below {:.1}",
            strong + pairs_only + t.phrases.len(),
            self.words,
            strong,
            plural(strong),
            strong_pts,
            pairs_only,
            plural(pairs_only),
            self.word_points() - strong_pts,
            t.phrases.len(),
            plural(t.phrases.len()),
            self.score(),
            self.threshold(),
        );
        let msg = if self.score() > self.threshold() {
            format!("{msg}: the text looks spun")
        } else {
            format!(
                "{msg}; but the count alone ({} improbable pairs, words far worse than a synonym, and phrases) is far above the {:.1} natural text has (Poisson p = {:.1e}): the text looks spun",
                t.total(),
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
    let strong: Vec<_> = ev.strong().iter().filter(|p| p.llr > STRONG_LR).cloned().collect();
    let tally = super::counted(doc, ev.merged(), &strong, phrases);
    // The strongest ratio of each distinct word, with its unseen sides.
    let mut words: BTreeMap<String, (f64, u8)> = BTreeMap::new();
    for p in ev.strong().iter().filter(|p| p.llr > LR_FLOOR) {
        let e = words.entry(doc.text[p.span.clone()].to_lowercase()).or_insert((f64::MIN, 0));
        if p.llr > e.0 {
            *e = (p.llr, p.unseen);
        }
    }
    let pairs_only = tally.pairs.iter().filter(|p| !words.contains_key(*p)).cloned().collect::<Vec<_>>();
    let mut scored: Vec<Scored> = words
        .into_iter()
        .map(|(text, (llr, unseen))| {
            let pair = tally.pairs.binary_search(&text).is_ok();
            Scored { points: points(log_ratio(llr, unseen, pair)), text, llr: Some(llr), pair }
        })
        .collect();
    scored.extend(pairs_only.into_iter().map(|text| Scored {
        text,
        llr: None,
        pair: true,
        points: points(PAIR_RATIO),
    }));
    scored.sort_by(|a, b| a.text.cmp(&b.text));
    Verdict { tally, scored, words: doc.word_count() }
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
        // The most one distinct word can add stays below the threshold of any text
        // of 60 words or more.
        assert!(points(RATIO_CAP) < threshold(60));
        assert!(points(log_ratio(30.0, 1, true)) <= points(RATIO_CAP));
    }

    #[test]
    fn worse_fits_weigh_more() {
        for (unseen, pair) in [(1, false), (1, true), (2, false), (2, true)] {
            let w: Vec<f64> = [6.5, 8.0, 10.0, 12.0].iter().map(|&x| points(log_ratio(x, unseen, pair))).collect();
            assert!(w.windows(2).all(|p| p[0] <= p[1]), "{unseen} {pair}: {w:?}");
            assert!(w[0] > 0.0);
        }
        // A word with a collocation to restore weighs more than one without.
        assert!(log_ratio(8.0, 1, true) > log_ratio(8.0, 1, false));
    }

    #[test]
    fn the_message_says_what_made_the_score() {
        let f = judge(SPUN).finding().unwrap();
        for want in ["whose synonyms fit the context better", "points", "spin score", "stays below"] {
            assert!(f.message.contains(want), "{want}: {}", f.message);
        }
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
            eprintln!("{name}: {} words, score {:.2}, threshold {:.2}", v.words, v.score(), v.threshold());
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
