//! The repetition analyzer: text that says the same thing twice.
//!
//! Local defects are reported where they are: a word typed twice ("the the"), a
//! sentence repeated right after itself, a paragraph (or line) pasted again. The
//! document-level measures are those of the Gopher repetition filter (Rae et al.
//! 2021, table A1): shares of repeated lines and paragraphs, of the most frequent
//! 2-, 3- and 4-gram, and of duplicated 5- to 10-grams. Each is reported once per
//! document, only when it passes Gopher's limit and the document has at least
//! [`MIN_WORDS`] words ([`MIN_NGRAM_WORDS`] for the n-gram measures), weighted by
//! how far it is past the limit.

pub mod blocks;
pub mod firsts;
pub mod ngrams;
#[cfg(test)]
mod tests;
pub mod words;

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::rules::Rule;
use blocks::{Measure, Units};
use std::cell::RefCell;
use words::Words;

/// A word typed twice.
pub static REPEATED_WORD: Rule = Rule {
    code: "REP001",
    name: "repeated-word",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "the same word twice in a row (\"the the\")",
    doc: "## What it does\n\
Flags a word immediately followed by itself with only white space between: \"the the\", \
\"to\\nto\" across a line break. Grammatical doublings (\"had had\", \"that that\", \"what it \
is is\", \"gave her her coat\"), interjections (\"ha ha\", \"no no\"), names (\"Boutros \
Boutros-Ghali\"), numbers and single letters are not flagged. Doublings that are common in \
the model's corpus (\"bye bye\") are idiomatic and not flagged either; those of rare words \
(often names) and of particles that double across a phrase boundary (\"he came in in high \
spirits\") are info.\n\n\
## Why is this bad?\n\
It is a typing or editing slip, or the seam of text pasted together.\n\n\
## Example\n\
```text\nShe put the the kettle on.\n```\n\
is reported as `\"the\" twice in a row` with the suggestion `the`. A run of the same word (\"the the the\") is \
one finding, `\"the\" 3 times in a row`, that costs what its two doublings would.\n\n\
## How to silence it\n\
Delete one of the words, or raise `--fail-under`.",
};

/// A sentence repeated right after itself.
pub static REPEATED_SENTENCE: Rule = Rule {
    code: "REP002",
    name: "repeated-sentence",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "a sentence immediately repeated",
    doc: "## What it does\n\
Flags a sentence of at least five words that is immediately followed by the same words again \
(letter case aside). Sentences under nine words are info: speakers repeat short ones for effect \
(\"It's the right thing to do. It's the right thing to do.\").\n\n\
## Why is this bad?\n\
Scrapers and spinners duplicate sentences when they stitch text together; writers almost never \
do it on purpose.\n\n\
## Example\n\
```text\nThe ferry will run on Tuesdays all winter. The ferry will run on Tuesdays all winter.\n```\n\
is reported on the second sentence as `sentence repeats the one before it`, with an empty \
suggestion (remove it).\n\n\
## How to silence it\n\
Delete the copy, or raise `--fail-under`.",
};

/// A paragraph (or line) that repeats an earlier one.
pub static DUPLICATE_PARAGRAPH: Rule = Rule {
    code: "REP003",
    name: "duplicate-paragraph",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "a paragraph or line identical to an earlier one",
    doc: "## What it does\n\
Flags every paragraph of ten words or more that repeats an earlier paragraph exactly (in a text \
without blank lines, every line counts as a paragraph). The finding is on the copy and names \
the line of the original. It is a warning when the copy follows its original directly or has \
40 words or more; a shorter copy further away (a stage direction, a note under each table) and \
a repeated stanza (several short lines, a refrain) are info.\n\n\
## Why is this bad?\n\
A pasted-twice paragraph is a scraping or editing accident, and repeated text weighs twice in \
anything learned from it.\n\n\
## Example\n\
A news story whose third paragraph appears again as its seventh is reported at the seventh: \
`paragraph repeats the one at line 5 (42 words)`, with an empty suggestion (remove it).\n\n\
## How to silence it\n\
Delete the copy, or raise `--fail-under`.",
};

/// Gopher's repeated line and paragraph fractions.
pub static DUPLICATE_SHARE: Rule = Rule {
    code: "REP004",
    name: "duplicate-text-share",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "too many lines or paragraphs repeat earlier ones (Gopher limits)",
    doc: "## What it does\n\
Computes the Gopher repetition fractions: the share of non-empty lines and of paragraphs that \
repeat an earlier one (limit 30%), and the share of characters in them (limit 20%). Past a limit, \
one finding points at the first repeat, weighted by how far the worst share is past its limit. \
When only the count fractions pass (many short repeated lines such as speaker names or table \
cells), or the repeats are stanzas (a refrain), it is info. Documents under 50 words are not measured.\n\n\
## Why is this bad?\n\
Pages built from repeated blocks (listings, comment threads, template pages) are not prose; \
Gopher drops them from training data.\n\n\
## Example\n\
A page whose 30 lines contain the same teaser 12 times is reported as `12 of 30 lines (40%) \
repeat an earlier line (Gopher limit 30%)`.\n\n\
## How to silence it\n\
Remove the repeats, or raise `--fail-under`.",
};

/// Gopher's top n-gram shares.
pub static TOP_NGRAM: Rule = Rule {
    code: "REP005",
    name: "dominant-ngram",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "one 2-, 3- or 4-word sequence makes up too much of the text (Gopher limits)",
    doc: "## What it does\n\
Finds the most frequent 2-, 3- and 4-word sequences and the share of the text's characters \
they make up; past Gopher's limits (20%, 18%, 16%) one finding points at the first occurrence \
and lists the lines of the next ones, weighted by how far the share is past the limit. \
Paragraphs already reported as copies are not counted again. The n-gram must occur at least four \
times, and documents under 100 words are not measured (a title repeated in a short stub is not \
keyword stuffing).\n\n\
## Why is this bad?\n\
A phrase that dominates a text is keyword stuffing, a stuck generator or a list of near-identical \
entries.\n\n\
## Example\n\
A page repeating \"cheap flights\" in every sentence is reported as `\"cheap flights\" occurs 40 \
times, 24% of the text (Gopher limit 20%)`.\n\n\
## How to silence it\n\
Rewrite the repeated phrase, or raise `--fail-under`.",
};

/// Gopher's duplicated n-gram shares.
pub static DUPLICATE_NGRAMS: Rule = Rule {
    code: "REP006",
    name: "duplicate-ngram-share",
    category: Category::Repetition,
    severity: Severity::Warning,
    summary: "too much of the text repeats earlier 5- to 10-word sequences (Gopher limits)",
    doc: "## What it does\n\
Computes, for n = 5 to 10, the share of characters in word sequences of length n that already \
occurred earlier in the text. Past Gopher's limits (15% for 5 words down to 10% for 10 words), \
one finding points at the longest repeated passage and names where it first appeared, weighted \
by how far the share is past the limit. Paragraphs and sentences already reported as exact \
copies are not counted again. It is info when the longest repeated passage is under 15 words and \
the share under twice the limit (list articles repeating a formula). Documents under 100 words \
are not measured.\n\n\
## Why is this bad?\n\
Text that keeps repeating itself, even with small edits, is padded, stitched or generated.\n\n\
## Example\n\
A text whose second half repeats the first with a few words changed is reported as `repeated \
5-word sequences make up 41% of the text (Gopher limit 15%)`.\n\n\
## How to silence it\n\
Remove the repeated passages, or raise `--fail-under`.",
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] =
    &[&REPEATED_WORD, &REPEATED_SENTENCE, &DUPLICATE_PARAGRAPH, &DUPLICATE_SHARE, &TOP_NGRAM, &DUPLICATE_NGRAMS];

/// Fewest words for the document-level measures.
pub const MIN_WORDS: usize = 50;
/// Fewest words for a repeated paragraph to be reported on its own.
pub const MIN_PARAGRAPH_WORDS: usize = 10;
/// A repeated paragraph this long is a warning even far from its original;
/// shorter ones (a stage direction, a table note) are info unless adjacent.
pub const LONG_PARAGRAPH_WORDS: usize = 40;
/// A repeated sentence this long is a warning; shorter ones are info.
pub const LONG_SENTENCE_WORDS: usize = 9;
/// Fewest words for the n-gram measures.
pub const MIN_NGRAM_WORDS: usize = 100;
/// Fewest occurrences of a dominant n-gram.
pub const MIN_TOP_COUNT: usize = 4;
/// A duplicated n-gram share is a warning when its longest repeated passage has
/// this many words or the share is twice the limit; else info (list articles).
pub const LONG_PASSAGE_WORDS: usize = 15;
/// A document entirely past a limit loses about as much as 30 warnings per 1,000 words.
const DOC_WEIGHT: f64 = 30.0;
/// Characters of flagged text quoted in a message.
const QUOTE_CHARS: usize = 60;

fn quote(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Detects repeated words, sentences, paragraphs and n-grams.
pub struct Repetition;

impl Analyzer for Repetition {
    fn name(&self) -> &'static str {
        "repetition"
    }

    fn analyze(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => {
                analyze(doc, ctx, &mut s, out);
                s.trim();
            }
            Err(_) => analyze(doc, ctx, &mut Scratch::default(), out),
        });
    }
}

/// Buffers reused from one document to the next on each thread.
#[derive(Default)]
struct Scratch {
    words: Words,
    mask: Vec<bool>,
    sentences: Vec<std::ops::Range<usize>>,
    ngrams: ngrams::Scratch,
}

impl Scratch {
    /// Releases buffers a very large document grew.
    fn trim(&mut self) {
        const MAX: usize = 1 << 21;
        if self.words.capacity() > MAX {
            self.words = Words::default();
            self.mask = Vec::new();
            self.sentences = Vec::new();
        }
        self.ngrams.trim(MAX);
    }
}

/// The finding for a word written `n + 1` times in a row (`n` doublings).
fn doubled_finding(text: &str, d: words::Doubled, n: usize) -> Finding {
    let word = &text[d.first.clone()];
    let msg = if n == 1 {
        format!("\"{}\" twice in a row", quote(word))
    } else {
        format!("\"{}\" {} times in a row", quote(word), n + 1)
    };
    let f = Finding::new(&REPEATED_WORD, d.span, msg).with_suggestion(word).with_weight(n as f32);
    match d.confidence {
        words::Confidence::Slip => f,
        words::Confidence::Unsure => f.with_severity(Severity::Info),
    }
}

fn analyze(doc: &Document, ctx: &Context, sc: &mut Scratch, out: &mut Vec<Finding>) {
    let text = doc.text;
    sc.words.fill(doc, &mut sc.sentences);
    let Scratch { words: w, mask, sentences: sents, ngrams: nsc } = sc;
    let w = &*w;
    // A run of the same word ("house house house") is one finding, weighted by the
    // doublings it holds, so that its cost is that of reporting each one.
    let mut run: Option<(words::Doubled, usize)> = None;
    words::doubled(doc, ctx.model, w, |d| match &mut run {
        Some((r, n)) if r.second == d.first => {
            r.span.end = d.span.end;
            r.second = d.second;
            *n += 1;
        }
        _ => {
            if let Some((r, n)) = run.replace((d, 1)) {
                out.push(doubled_finding(text, r, n));
            }
        }
    });
    if let Some((r, n)) = run {
        out.push(doubled_finding(text, r, n));
    }
    mask.clear();
    mask.resize(w.len(), false);
    let units = Units::new(text, doc.lines());
    let line_copies = blocks::first_copies(text, &units.lines);
    // Blank-line-separated one-line paragraphs are the lines again: no need to look twice.
    let para_copies = if units.paragraphs.len() == units.lines.len() {
        line_copies.clone()
    } else {
        blocks::first_copies(text, &units.paragraphs)
    };
    let (list, copies, kind) = if units.paragraphs.len() >= 2 {
        (&units.paragraphs, &para_copies, "paragraph")
    } else {
        (&units.lines, &line_copies, "line")
    };
    for (i, c) in copies.iter().enumerate() {
        let Some(j) = c else { continue };
        let u = &list[i];
        let (a, b) = (w.at_byte(doc, u.span.start), w.at_byte(doc, u.span.end));
        if b - a < MIN_PARAGRAPH_WORDS {
            continue;
        }
        mask[a..b].iter_mut().for_each(|m| *m = true);
        let line = doc.position(list[*j as usize].span.start).line;
        let adjacent = *j as usize + 1 == i;
        let msg = if adjacent {
            format!("{kind} repeats the one right before it, at line {line} ({} words)", b - a)
        } else {
            format!("{kind} repeats the one at line {line} ({} words)", b - a)
        };
        let f = Finding::new(&DUPLICATE_PARAGRAPH, u.span.clone(), msg).with_suggestion("");
        let sure = !u.verse && (adjacent || b - a >= LONG_PARAGRAPH_WORDS);
        out.push(if sure { f } else { f.with_severity(Severity::Info) });
    }
    for r in words::repeated_sentences(w, sents) {
        if mask[r.start] {
            continue;
        }
        mask[r.clone()].iter_mut().for_each(|m| *m = true);
        let mut span = w.span(doc, r.start, r.end);
        let last = w.tok()[r.end - 1] as usize;
        if let Some(t) = doc.tokens.get(last + 1) {
            if t.start() == span.end && matches!(&text[t.range()], "." | "!" | "?" | "…") {
                span.end = t.end();
            }
        }
        let msg = format!("sentence \"{}\" repeats the one before it", quote(&text[span.clone()]));
        let f = Finding::new(&REPEATED_SENTENCE, span, msg).with_suggestion("");
        // Speakers repeat short sentences for effect ("It's the right thing to do.").
        out.push(if r.len() >= LONG_SENTENCE_WORDS { f } else { f.with_severity(Severity::Info) });
    }
    if doc.word_count() < MIN_WORDS {
        return;
    }
    let scale = doc.word_count().max(crate::score::MIN_WORDS) as f64 / 1000.0 * DOC_WEIGHT;
    let weight = |excess: f64| (scale * excess.clamp(0.05, 1.0)) as f32;
    shares(doc, &units, &line_copies, &para_copies, &weight, out);
    if doc.word_count() < MIN_NGRAM_WORDS {
        return;
    }
    if let Some(t) = ngrams::top(w, mask, nsc)
        .into_iter()
        .filter(|t| t.count >= MIN_TOP_COUNT)
        .max_by(|a, b| excess(a.share, a.limit).total_cmp(&excess(b.share, b.limit)))
    {
        let first = t.at[0];
        let span = w.span(doc, first, first + t.n);
        let lines: Vec<String> =
            t.at.iter().map(|&i| doc.position(w.span(doc, i, i + 1).start).line.to_string()).collect();
        let msg = format!(
            "\"{}\" ({} words) occurs {} times, {} of the text (Gopher limit {}); at lines {}{}",
            quote(&text[span.clone()]),
            t.n,
            t.count,
            pct(t.share),
            pct(t.limit),
            lines.join(", "),
            if t.count > t.at.len() { ", …" } else { "" }
        );
        out.push(Finding::new(&TOP_NGRAM, span, msg).with_weight(weight(excess(t.share, t.limit))));
    }
    if let Some(d) = ngrams::duplicated(w, mask, nsc)
        .into_iter()
        .max_by(|a, b| excess(a.share, a.limit).total_cmp(&excess(b.share, b.limit)))
    {
        let span = w.span(doc, d.run.start, d.run.end);
        let line = doc.position(w.span(doc, d.source, d.source + 1).start).line;
        let msg = format!(
                "repeated {}-word sequences make up {} of the text (Gopher limit {}); this passage ({} words) repeats text from line {line}",
                d.n,
                pct(d.share),
                pct(d.limit),
                d.run.len()
            );
        let f = Finding::new(&DUPLICATE_NGRAMS, span, msg).with_weight(weight(excess(d.share, d.limit)));
        let sure = d.run.len() >= LONG_PASSAGE_WORDS || d.share >= 2.0 * d.limit;
        out.push(if sure { f } else { f.with_severity(Severity::Info) });
    }
}

fn excess(share: f64, limit: f64) -> f64 {
    (share - limit) / (1.0 - limit)
}

/// The Gopher line and paragraph fractions: one finding for the worst one over its limit.
fn shares(
    doc: &Document,
    units: &Units,
    line_copies: &[Option<u32>],
    para_copies: &[Option<u32>],
    weight: &dyn Fn(f64) -> f32,
    out: &mut Vec<Finding>,
) {
    let text = doc.text;
    let mut over = blocks::over(text, &units.lines, line_copies, Measure::LineChars, Measure::Lines);
    over.extend(blocks::over(text, &units.paragraphs, para_copies, Measure::ParagraphChars, Measure::Paragraphs));
    let Some(worst) = over.iter().max_by(|a, b| a.excess.total_cmp(&b.excess)) else {
        return;
    };
    let strong = over.iter().any(|o| o.strong);
    let (list, noun) = match worst.measure {
        Measure::Lines | Measure::LineChars => (&units.lines, "line"),
        Measure::Paragraphs | Measure::ParagraphChars => (&units.paragraphs, "paragraph"),
    };
    let what = match worst.measure {
        Measure::Lines | Measure::Paragraphs => {
            format!("{} of {} {noun}s ({}) repeat an earlier {noun}", worst.repeated, worst.total, pct(worst.share))
        }
        Measure::LineChars | Measure::ParagraphChars => {
            format!("repeated {noun}s hold {} of the characters", pct(worst.share))
        }
    };
    let (i, j) = worst.first;
    let line = doc.position(list[j].span.start).line;
    let msg = format!("{what} (Gopher limit {}); the first repeats line {line}", pct(worst.measure.limit()));
    let f = Finding::new(&DUPLICATE_SHARE, list[i].span.clone(), msg).with_weight(weight(worst.excess));
    out.push(if strong { f } else { f.with_severity(Severity::Info) });
}
