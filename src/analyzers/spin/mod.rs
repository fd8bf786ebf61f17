//! The spin analyzer: word pairs that natural English almost never produces where a
//! synonym swap gives one it produces often, and spinner phrases used far above
//! their reference rate.
//!
//! For every well-attested content word `w` between neighbours `l` and `r` in
//! running text, the bigram model compares `P(w | l) · P(r | w)` with the same for
//! each synonym `s` of `w` (inflected alike). The log of the best ratio is the
//! evidence that `w` was swapped in for `s`. It counts only where the swapped-back
//! context is itself attested, so a merely rare pair (names, jargon, numbers) is
//! never evidence. Where two neighbouring words are both suspect, the pair is
//! re-tried with both swapped ("Chilly Warfare" → "Cold War").
//!
//! The verdict also counts words next to an unseen pair whose synonyms, summed as a
//! spinner would draw them, fit both neighbours far better than the word itself (a
//! likelihood ratio above `e^STRONG_LR`): most swaps sit next to function words,
//! where no collocation exists to restore, but the word still fits its context badly.

pub mod lm;
pub mod phrases;
mod scan;
mod score;
pub mod verdict;

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::rules::Rule;

pub use score::{
    match_case, phrase_findings, poisson_tail, position_scores, word_lrs, word_lrs_all, word_lrs_by_word, Evidence,
    PositionScore, WordLr, WordOccurrences,
};

/// SPN001: an improbable word pair whose synonym swap is a common one.
pub static IMPROBABLE_PAIR: Rule = Rule {
    code: "SPN001",
    name: "improbable-pair",
    category: Category::Spin,
    severity: Severity::Info,
    summary: "A word natural English almost never uses here, where a synonym is common: a likely synonym swap",
    doc: r#"## What it does
Compares each well-attested content word with its synonyms (WordNet and Moby, inflected alike) in the context of its
neighbours, using word-pair counts from the reference corpus. When a synonym makes the neighbouring pairs far more
probable — "White Space said" against "White House said" — the word is reported with the synonym as the likely original
and the pair counts as evidence. Alone, such a finding is a hint (info, no points): natural text has about one in
2,000 words. In a document that SPN003 finds spun, each one becomes a warning (an error when the evidence is
overwhelming).

## Why is this bad?
Article spinners disguise copied text by swapping words for thesaurus synonyms without understanding. Each swap is
plausible alone but produces pairs that natural English almost never uses ("safety promises", "Chilly Warfare"). Such
text is unreadable to people and poison for a training corpus.

## Example
`The White Space said the safety promises would hold.` is reported twice: "White Space" → "White House" and
"safety promises" → "security guarantees".

## How to silence it
A merely rare pair (names, jargon, numbers) is never reported: evidence requires the swapped-back pair to be common in
the reference. If a domain uses a pair the reference does not know, retrain the model on your own corpus
(`garbled train`), or raise `--fail-under`."#,
};

/// SPN002: a spinner phrase used far above its reference rate.
pub static SPINNER_PHRASE: Rule = Rule {
    code: "SPN002",
    name: "spinner-phrase",
    category: Category::Spin,
    severity: Severity::Warning,
    summary: "A phrase spinners put for a plain word (\"used to be\" for \"was\"), used far above its natural rate",
    doc: r#"## What it does
Counts the phrases spinners substitute for plain function words ("used to be" for "was", "within the" for "in the",
"the usage of" for "using", "by way of" for "by", "got here" for "came") and compares the count in the document with
the rate of the same phrase in the reference corpus. Every occurrence is reported when the document's count is very
unlikely under the reference rate (Poisson tail below 1 in 10,000).

## Why is this bad?
Natural writing uses these phrases rarely; a spinner uses them wherever the plain word stood, which is everywhere.

## Example
A 600-word text that says "used to be" seven times where it means "was" is reported at each occurrence, suggesting
"was".

## How to silence it
One or two uses never trigger it. If your domain uses a phrase often, retrain the model on your corpus."#,
};

/// SPN003: a document with far more spin evidence than natural text has.
pub static SPUN_TEXT: Rule = Rule {
    code: "SPN003",
    name: "spun-text",
    category: Category::Spin,
    severity: Severity::Error,
    summary: "Far more likely synonym swaps than natural text of this length has: the document looks spun",
    doc: r#"## What it does
Tests whether a document has far more likely synonym swaps than natural text of its length. Every distinct suspect
word gets a likelihood ratio "put there by a spinner" against "written by the author": a word whose synonyms fit its
neighbours at least e^6 times better than it does (the likelihood ratio of SPN001's evidence) is worth a ratio
calibrated on the reference, higher when both of its neighbour pairs are unseen and when a synonym turns its
pair into a common collocation (at most e^5 per word); an improbable pair whose word fits less badly is worth e^2.
The spin score is the log-likelihood ratio of "2% of the words are swaps" against "none are", Σ ln(0.98 + 0.02 ·
ratio) over the distinct words, so that many moderately odd words add up and one odd word cannot decide, plus 4
points per spinner phrase (SPN002). It is compared with what natural text of the same length stays below: 0.88
points, plus 4 per 1,000 words, plus 3.32 times the square root of the length in thousands of words (fitted so
that clean documents and paragraphs of the calibration half of the reference's dev split stay at least 10% below
it). Above it, the document is reported once, at its first piece of evidence shown (also when the count of
distinct pieces alone is far above the 8 per 1,000 words natural text has: Poisson tail below 1 in 1,000 and at
least 12 per 1,000 words), with a weight that grows with the length of the text, so that a spun document fails the
gate however long it is. In a spun document the swaps with strong evidence become warnings (errors when
overwhelming); in a heavily spun one (score 1.5 times the threshold and 14 points above it) every reportable swap
does.

## Why is this bad?
One odd word pair proves nothing; natural writing has some. Dozens in one article are the signature of a spinner.

## Example
A 324-word news item with 24 distinct swaps ("supporter", "leaded", "earmarks", ...) is reported as spun: "24
distinct likely synonym swaps in 324 words: 18 words whose synonyms fit the context better by e^6 or more (worth
7.5 points; most: "supporter", "leaded", "earmarks"), 5 more word pairs the reference never saw where a synonym
gives a common one (0.6 points), 1 spinner phrase (4 points each): spin score 12.1, where natural text of this
length stays below 4.1: the text looks spun".

## How to silence it
Fix or remove the individual findings; if a domain's vocabulary triggers them, retrain the model on your corpus."#,
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[&IMPROBABLE_PAIR, &SPINNER_PHRASE, &SPUN_TEXT];

/// Log-likelihood ratio (see [`WordLr`]) above which a word counts for the verdict
/// even without an unseen pair: its synonyms fit its neighbours this many e-folds
/// better than it does.
pub const STRONG_LR: f64 = 10.0;
/// Discounted log-likelihood ratio above which a word is reported.
pub const REPORT_LLR: f64 = 5.0;
/// In a spun document, a swap is a warning from this discounted log-likelihood
/// ratio (a two-word swap needs 2 more, a word without an unseen-pair collocation 1
/// more); weaker ones stay info, so that the findings shown stay precise when the
/// verdict fires on lightly spun text.
pub const SHOWN_LLR: f64 = 10.0;
/// Discounted log-likelihood ratio above which a report is an error.
pub const ERROR_LLR: f64 = 12.0;
/// ...and in a heavily spun document (see [`verdict::HEAVY`]), where every
/// reportable swap is shown.
pub const HEAVY_ERROR_LLR: f64 = 9.0;
/// The swapped-back pair must be a collocation: at least this PMI (natural log)...
pub const MIN_SWAPPED_PMI: f64 = crate::model::colloc::MIN_PMI;
/// ...and at least this many occurrences in the reference.
pub const MIN_SWAPPED_COUNT: u64 = crate::model::colloc::MIN_COUNT;

impl PositionScore {
    /// The finding for this evidence (info; the analyzer raises it in spun documents).
    pub fn finding(&self, doc: &Document, model: &crate::model::Model) -> Finding {
        Finding::new(&IMPROBABLE_PAIR, self.span.clone(), self.message(doc, model))
            .with_suggestion(self.suggestion(doc, model))
    }
}

/// True when a position is strong enough to report: the text as written has a
/// neighbour pair the reference never saw, and the swap gives a collocation.
pub fn reportable(p: &PositionScore) -> bool {
    if p.entity {
        return true;
    }
    // A joint swap picks the best of hundreds of combinations: demand more.
    let joint = p.tokens.0 != p.tokens.1;
    let (pmi, count, llr) = if joint {
        (MIN_SWAPPED_PMI + 0.5, MIN_SWAPPED_COUNT * 5, REPORT_LLR + 2.0)
    } else {
        (MIN_SWAPPED_PMI, MIN_SWAPPED_COUNT, REPORT_LLR)
    };
    // The pair shown as evidence must be one the reference never saw.
    p.llr >= llr && p.observed.1 == 0 && p.swapped_pmi >= pmi && p.swapped.1 >= count
}

/// The severity of a reportable swap in a document judged spun; `heavy` when the
/// spin score is far above the threshold (most odd words are then swaps, and the
/// weaker evidence is shown too).
fn shown_severity(p: &PositionScore, heavy: bool) -> Severity {
    let joint = p.tokens.0 != p.tokens.1;
    let (need, error) = match (heavy, joint) {
        (true, _) => (REPORT_LLR, HEAVY_ERROR_LLR),
        (false, true) => (SHOWN_LLR + 2.0, ERROR_LLR),
        (false, false) => (SHOWN_LLR, ERROR_LLR),
    };
    if p.llr >= error.max(need) {
        Severity::Error
    } else if p.entity || p.llr >= need {
        Severity::Warning
    } else {
        Severity::Info
    }
}

/// Detects spun text.
pub struct Spin;

impl Analyzer for Spin {
    fn name(&self) -> &'static str {
        "spin"
    }

    fn prepare(&self, ctx: &Context, bytes: u64) {
        score::expect_text(ctx.model, bytes);
    }

    fn analyze(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        if ctx.model.vocab_len() == 0 {
            return;
        }
        // Lean: the strong words' evidence pairs are built only if the document is spun.
        let evidence = Evidence::lean(doc, ctx.model, verdict::LR_FLOOR);
        let mut phrases = Vec::new();
        score::phrase_findings(doc, ctx.model, &mut phrases);
        let assessed = verdict::assess(doc, &evidence, &phrases);
        let heavy = assessed.is_heavy();
        let Some(verdict) = assessed.finding() else {
            // One odd pair proves nothing: without the verdict, pairs are hints only.
            let scores: Vec<&PositionScore> = evidence.merged().iter().filter(|p| reportable(p)).collect();
            let scores = without_twins(scores, |p| p);
            out.extend(scores.iter().map(|p| p.finding(doc, ctx.model).with_severity(Severity::Info)));
            out.extend(phrases);
            return;
        };
        // The document is spun: look for two-word swaps too, and make every pair count,
        // with the words that fit their context far worse than a synonym would.
        let mut shown: Vec<(PositionScore, Severity)> = evidence
            .with_joint_swaps()
            .into_iter()
            .filter(reportable)
            .map(|p| {
                let sev = shown_severity(&p, heavy);
                (p, sev)
            })
            .collect();
        let strong_min = if heavy { STRONG_LR } else { SHOWN_LLR + 1.0 };
        for p in evidence.strong_shown().iter().filter(|p| p.llr > strong_min) {
            if !shown.iter().any(|(q, _)| q.tokens.0 <= p.tokens.1 && p.tokens.0 <= q.tokens.1) {
                shown.push((p.clone(), Severity::Warning));
            }
        }
        shown.sort_by_key(|(p, _)| p.tokens);
        let shown = without_twins(shown, |(p, _)| p);
        // The verdict is placed at the first piece of evidence shown above info.
        let first = shown.iter().filter(|(_, sev)| *sev > Severity::Info).map(|(p, _)| &p.span);
        let first = first.chain(phrases.iter().map(|f| &f.span)).min_by_key(|r| r.start).cloned();
        let mut verdict = verdict;
        if let Some(span) = first {
            verdict.span = span;
        }
        out.extend(shown.iter().map(|(p, sev)| p.finding(doc, ctx.model).with_severity(*sev)));
        out.extend(phrases);
        out.push(verdict);
    }
}

/// `shown` (in token order) without the weaker of two single-word swaps that are the
/// two words of one unseen pair ("White Home": "White" → "Sweet" for "sweet home",
/// "Home" → "House" for "white house"): one odd pair is one swap, and the one whose
/// swap explains it better is shown (the verdict still counts what it counted).
fn without_twins<T>(shown: Vec<T>, score: impl Fn(&T) -> &PositionScore) -> Vec<T> {
    let single = |p: &PositionScore| p.tokens.0 == p.tokens.1 && !p.entity;
    let twins = |p: &PositionScore, q: &PositionScore| {
        single(p) && single(q) && q.tokens.0 > p.tokens.0 && q.tokens.0 - p.tokens.0 <= 2 && p.observed == q.observed
    };
    let mut drop = vec![false; shown.len()];
    for k in 1..shown.len() {
        let (p, q) = (score(&shown[k - 1]), score(&shown[k]));
        if twins(p, q) {
            // The stronger stays; the first on a tie.
            drop[if q.llr > p.llr { k - 1 } else { k }] = true;
        }
    }
    shown.into_iter().zip(drop).filter(|(_, d)| !d).map(|(x, _)| x).collect()
}

/// The evidence the verdict counts, as distinct lower-cased texts of each kind.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Single-word swaps to a pair the reference never saw, restoring a collocation.
    pub pairs: Vec<String>,
    /// Words whose synonyms fit their context far better (not already in `pairs`).
    pub words: Vec<String>,
    /// Spinner phrases used far above their reference rate.
    pub phrases: Vec<String>,
    /// Where the first piece of evidence is.
    pub first: Option<std::ops::Range<usize>>,
}

impl Tally {
    /// Number of distinct pieces of evidence.
    pub fn total(&self) -> u64 {
        (self.pairs.len() + self.words.len() + self.phrases.len()) as u64
    }
}

/// The findings the verdict counts: reportable single-word swaps, strong words and
/// spinner phrases, each distinct text once. Name swaps choose among many words:
/// they are shown, but not counted.
pub(crate) fn counted(
    doc: &Document,
    scores: &[PositionScore],
    strong: &[PositionScore],
    phrases: &[Finding],
) -> Tally {
    let text = |r: &std::ops::Range<usize>| doc.text[r.clone()].to_lowercase();
    let distinct = |mut v: Vec<String>| {
        v.sort();
        v.dedup();
        v
    };
    let hard: Vec<&PositionScore> = scores.iter().filter(|p| reportable(p) && !p.entity).collect();
    let pairs = distinct(hard.iter().map(|p| text(&p.span)).collect());
    let words: Vec<String> = distinct(strong.iter().map(|p| text(&p.span)).collect());
    let words = words.into_iter().filter(|w| pairs.binary_search(w).is_err()).collect();
    let first =
        hard.iter().map(|p| &p.span).chain(strong.iter().map(|p| &p.span)).chain(phrases.iter().map(|f| &f.span));
    let first = first.min_by_key(|r| r.start).cloned();
    let phrases = distinct(phrases.iter().map(|f| text(&f.span)).collect());
    Tally { pairs, words, phrases, first }
}

/// What the verdict counts for `doc`: distinct single-word swaps, strong words and
/// spinner phrases.
pub fn verdict_evidence(doc: &Document, model: &crate::model::Model) -> u64 {
    verdict_tally(doc, model, STRONG_LR).total()
}

/// The verdict's evidence for `doc` with words counted above likelihood ratio `min_lr`.
pub fn verdict_tally(doc: &Document, model: &crate::model::Model, min_lr: f64) -> Tally {
    let mut phrases = Vec::new();
    score::phrase_findings(doc, model, &mut phrases);
    let ev = Evidence::with_min_lr(doc, model, min_lr);
    counted(doc, ev.merged(), ev.strong(), &phrases)
}
