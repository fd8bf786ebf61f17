//! Duplicate detection across the files of one run, and against a reference collection.
//!
//! While a file is checked, a [`SignatureBuilder`] is fed each of its chunks; the
//! finished [`Signature`] holds its word shingles, its skeleton shingles (see
//! [`signature`]) and a MinHash. After every file is read, [`find`] finds candidate
//! pairs (MinHash LSH and shared anchors, see [`matcher`]), verifies each exactly and
//! classifies it:
//! - `contained`: at least `contain` of the smaller file's words lie in shingles found
//!   in the larger, and the larger has notably more text of its own;
//! - `near-duplicate`: Jaccard similarity of the word shingle sets at least `near`;
//! - `spun-copy`: neither, but at least `spin` of the smaller file's skeleton (function
//!   words and numbers, content words as placeholders) is found in the other's.
//!
//! Both files of a pair list each other in `duplicates`, and each gets findings that
//! point at the lines that match, costing points in the duplicate category in
//! proportion to how much of the file is copied.

pub mod excerpt;
pub mod incremental;
pub mod index;
pub mod lsh;
pub mod matcher;
pub mod signature;

use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{DuplicateKind, DuplicateRef, FileReport, Located, MAX_FINDINGS};
use crate::document::Position;
use crate::finding::{Category, Severity};
use crate::rules::Rule;
use crate::score::{points, Tally};

pub use index::Reference;
pub use lsh::LshParams;
pub use matcher::{Params, Verdict};
pub use signature::{Signature, SignatureBuilder};

/// DUP001.
pub static NEAR_DUPLICATE: Rule = Rule {
    code: "DUP001",
    name: "near-duplicate",
    category: Category::Duplicate,
    severity: Severity::Error,
    summary: "The file is a near-copy of another file",
    doc: r#"
## What it does
Compares every checked file with every other (and with the collection given by
`--against`) and flags a pair whose word 5-grams (after lower-casing and dropping
punctuation) have a Jaccard similarity of at least `--dup-threshold` (default 0.5).
Both files report each other; the finding points at the lines that match.

## Why is this bad?
A lightly edited copy adds nothing to a corpus and over-weights its text; in a
publication it is usually an accidental double post or a scraped copy.

## Example
Two files holding the same article, one with a changed headline and a sentence
reworded:

    a.txt:1:1: duplicate/near-duplicate: lines 1–24 are a near-duplicate of b.txt
    (lines 1–23): Jaccard similarity 0.86 of word 5-grams

## How to silence it
Remove one of the copies, raise `--dup-threshold`, leave the kind out of
`--dup-count` (it is then reported at no cost), or raise `--fail-under`.
"#,
};

/// DUP002.
pub static CONTAINED: Rule = Rule {
    code: "DUP002",
    name: "contained",
    category: Category::Duplicate,
    severity: Severity::Error,
    summary: "Most of one file appears inside another",
    doc: r#"
## What it does
Flags a pair where at least `--dup-contain` (default 0.8) of the smaller file's words
lie in word 5-grams found in the larger file, while the larger file has notably more
text of its own: an article republished with a header, a comment thread or
boilerplate. Both files report each other; each finding points at the matching lines.

## Why is this bad?
The larger file repeats the smaller one; a corpus holding both counts the article
twice, and the larger file's own share is smaller than its length suggests.

## Example
    article.txt:1:1: duplicate/contained: lines 1–30 appear in repost.txt (lines
    9–40): 94% of this file is found there
    repost.txt:9:1: duplicate/contained: lines 9–40 contain article.txt: 94% of that
    file is found here

## How to silence it
Keep one copy, raise `--dup-contain`, leave `contained` out of `--dup-count`, or
raise `--fail-under`.
"#,
};

/// DUP003.
pub static SPUN_COPY: Rule = Rule {
    code: "DUP003",
    name: "spun-copy",
    category: Category::Duplicate,
    severity: Severity::Error,
    summary: "The file is a synonym-swapped (spun) copy of another file",
    doc: r#"
## What it does
Article spinners replace content words with synonyms ("judge" becomes "pass
judgement on", "house" becomes "home") so that no exact 5-gram survives. They leave
the function words and numbers alone. This rule compares files on that skeleton:
the function words and numbers in order, each run of other words reduced to a
placeholder. A pair whose skeleton 5-grams cover at least `--dup-spin` (default 0.8)
of the smaller file, but whose words are too different for a near-duplicate, is a
spun copy.

## Why is this bad?
A spun copy is the same article made to look new: plagiarism, and usually worse
English than its original.

## Example
    spun.txt:1:1: duplicate/spun-copy: lines 1–20 look like a synonym-swapped copy of
    original.txt (lines 1–19): 93% of the function-word skeleton matches, only 31%
    of the word 5-grams

## How to silence it
Remove the copy, raise `--dup-spin`, leave `spun-copy` out of `--dup-count`, or raise
`--fail-under`.
"#,
};

/// The rules of the duplicate matcher.
pub static RULES: &[&Rule] = &[&NEAR_DUPLICATE, &CONTAINED, &SPUN_COPY];

/// Default Jaccard threshold for near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.5;
/// Default share of the smaller file that must be inside the larger for `contained`.
pub const DEFAULT_CONTAIN: f64 = 0.8;
/// Default share of the smaller file's skeleton that must match for a spun copy.
pub const DEFAULT_SPIN: f64 = 0.8;
/// Default word shingle size.
pub const DEFAULT_SHINGLE: usize = 5;
/// Points per 1,000 words that a file copied whole at similarity 1 costs (its
/// duplicate score then is 100·e⁻² ≈ 14).
pub const FULL_COPY_DENSITY: f64 = 200.0;

/// Settings of the duplicate matcher.
#[derive(Clone, Debug)]
pub struct DupOptions {
    /// Compare files at all.
    pub enabled: bool,
    /// Jaccard threshold for near-duplicates.
    pub threshold: f64,
    /// Containment threshold.
    pub contain: f64,
    /// Skeleton threshold for spun copies.
    pub spin: f64,
    /// Word shingle size.
    pub shingle: usize,
    /// Kinds that cost points, indexed as [`kind_index`]; others are reported as info.
    pub count: [bool; 3],
    /// A reference collection: checked files are also compared with it.
    pub against: Option<Arc<Reference>>,
    /// Most bytes a streamed run's index of earlier texts may hold before it drops
    /// the oldest ([`incremental`]; `--dup-max-memory`, `max-memory` in the config).
    pub max_memory: usize,
    /// Build each text's MinHash: the LSH candidates of a whole run and of an
    /// `--against` collection use it; a stream without `--against` does not (its
    /// candidates come from the sketches' anchors), and saves a hash per word shingle.
    pub minhash: bool,
}

impl Default for DupOptions {
    fn default() -> Self {
        DupOptions {
            enabled: true,
            threshold: DEFAULT_THRESHOLD,
            contain: DEFAULT_CONTAIN,
            spin: DEFAULT_SPIN,
            shingle: DEFAULT_SHINGLE,
            count: [true; 3],
            against: None,
            max_memory: incremental::DEFAULT_MAX_MEMORY,
            minhash: true,
        }
    }
}

impl DupOptions {
    /// The LSH bands and rows: those of the `against` index if there is one (its band
    /// keys were made with them), else the ones for `threshold`.
    pub fn lsh(&self) -> LshParams {
        match &self.against {
            Some(r) => r.lsh(),
            None => LshParams::for_threshold(self.threshold),
        }
    }

    /// The matcher thresholds and LSH parameters.
    pub fn params(&self) -> Params {
        Params { near: self.threshold, contain: self.contain, spin: self.spin, lsh: self.lsh() }
    }

    /// A signature builder for one file of a run with these options.
    pub fn builder(&self) -> SignatureBuilder {
        let perms = if self.minhash || self.against.is_some() { self.lsh().perms() } else { 0 };
        SignatureBuilder::new(self.shingle, perms)
    }

    /// Parses a `--dup-count` list: kind names separated by commas, `all` or `none`.
    pub fn parse_count(s: &str) -> Result<[bool; 3], String> {
        let mut out = [false; 3];
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "all" => out = [true; 3],
                "none" => {}
                _ => match KINDS.iter().position(|k| k.as_str() == part) {
                    Some(i) => out[i] = true,
                    None => {
                        return Err(format!(
                            "unknown duplicate kind `{part}`: use near-duplicate, contained, spun-copy, all or none"
                        ))
                    }
                },
            }
        }
        Ok(out)
    }
}

/// The kinds, in [`DupOptions::count`] order.
pub const KINDS: [DuplicateKind; 3] = [DuplicateKind::NearDuplicate, DuplicateKind::Contained, DuplicateKind::SpunCopy];

/// Position of a kind in [`KINDS`].
pub fn kind_index(k: DuplicateKind) -> usize {
    match k {
        DuplicateKind::NearDuplicate => 0,
        DuplicateKind::Contained => 1,
        DuplicateKind::SpunCopy => 2,
    }
}

fn rule_of(k: DuplicateKind) -> &'static Rule {
    match k {
        DuplicateKind::NearDuplicate => &NEAR_DUPLICATE,
        DuplicateKind::Contained => &CONTAINED,
        DuplicateKind::SpunCopy => &SPUN_COPY,
    }
}

/// The other file of a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Other {
    /// A file of this run, by index.
    File(usize),
    /// An entry of the reference collection.
    Ref(usize),
}

/// One side of a verified match: file `this` matches `other`.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The file the hit belongs to (index into the run's files).
    pub this: usize,
    /// The file it matches.
    pub other: Other,
    /// The verdict, oriented so that `a` is `this`.
    pub verdict: Verdict,
}

fn flip(v: &Verdict) -> Verdict {
    Verdict {
        words: matcher::flip(v.words.clone()),
        skel: matcher::flip(v.skel.clone()),
        a_smaller: !v.a_smaller,
        ..v.clone()
    }
}

/// Verifies every candidate pair among `sigs` (files without a signature are
/// skipped) and against `opts.against`; returns the hits of each file, in order.
pub fn find(sigs: &[Option<&Signature>], opts: &DupOptions) -> Vec<Vec<Hit>> {
    let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); sigs.len()];
    if !opts.enabled {
        return hits;
    }
    let params = opts.params();
    let present: Vec<usize> = (0..sigs.len()).filter(|&i| sigs[i].is_some()).collect();
    let view: Vec<&Signature> = present.iter().map(|&i| sigs[i].expect("present")).collect();
    let pairs = matcher::candidates(&view, &params.lsh);
    let found: Vec<(usize, usize, Verdict)> = pairs
        .par_iter()
        .filter_map(|&(x, y)| {
            let (i, j) = (present[x as usize], present[y as usize]);
            matcher::verify(view[x as usize], view[y as usize], &params).map(|v| (i, j, v))
        })
        .collect();
    for (i, j, v) in found {
        hits[j].push(Hit { this: j, other: Other::File(i), verdict: flip(&v) });
        hits[i].push(Hit { this: i, other: Other::File(j), verdict: v });
    }
    if let Some(r) = &opts.against {
        let against: Vec<Vec<Hit>> = present
            .par_iter()
            .map(|&i| {
                let s = sigs[i].expect("present");
                r.candidates(s)
                    .into_iter()
                    .filter_map(|e| {
                        let other = r.signature(e as usize);
                        matcher::verify(s, &other, &params).map(|verdict| Hit {
                            this: i,
                            other: Other::Ref(e as usize),
                            verdict,
                        })
                    })
                    .collect()
            })
            .collect();
        for (i, h) in present.iter().zip(against) {
            hits[*i].extend(h);
        }
    }
    hits
}

/// Largest token gap inside one reported matching part.
const MERGE_GAP: usize = 12;
/// Matching parts reported per pair.
const MAX_PARTS: usize = 8;
/// Tokens a matching part needs, unless it is the only one.
const MIN_PART: usize = 15;

/// Matching parts of a stream: covered unit ranges merged across small gaps, without
/// stray short matches (stock phrases) unless nothing longer matched, at most
/// [`MAX_PARTS`] (the longest, in text order).
fn matching_parts(st: &signature::Stream, mask: &[bool]) -> Vec<(usize, usize)> {
    let (gap, min) = if st.dense() { (MERGE_GAP, MIN_PART) } else { (1, 2) };
    let mut ps = parts(mask, gap);
    if ps.iter().any(|p| p.1 - p.0 >= min) {
        ps.retain(|p| p.1 - p.0 >= min);
    }
    if ps.len() > MAX_PARTS {
        ps.sort_by_key(|p| std::cmp::Reverse(p.1 - p.0));
        ps.truncate(MAX_PARTS);
        ps.sort_unstable();
    }
    ps
}

/// Covered unit ranges of `mask`, merged across gaps of up to `gap` units.
fn parts(mask: &[bool], gap: usize) -> Vec<(usize, usize)> {
    clusters(mask, gap).into_iter().map(|(s, e, _)| (s, e)).collect()
}

/// Runs of `true` in `mask` merged across gaps of up to `gap` units, as
/// `(start, end, matched units)`.
pub(crate) fn clusters(mask: &[bool], gap: usize) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < mask.len() {
        if !mask[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < mask.len() && mask[i] {
            i += 1;
        }
        match out.last_mut() {
            Some(c) if s - c.1 <= gap => {
                c.1 = i;
                c.2 += i - s;
            }
            _ => out.push((s, i, i - s)),
        }
    }
    out
}

/// First and last line (and the length of the last) of units `s..e` of a stream.
fn lines(st: &signature::Stream, s: usize, e: usize) -> Option<(u32, u32, u32)> {
    let a = st.run_at(s)?;
    let b = st.run_at(e.saturating_sub(1).max(s))?;
    Some((a.line, b.line, b.len))
}

fn line_span(l: (u32, u32, u32)) -> String {
    if l.0 == l.1 {
        format!("line {}", l.0)
    } else {
        format!("lines {}–{}", l.0, l.1)
    }
}

/// Where the text of a checked file or document can be read again, to quote the
/// matching lines of its duplicate findings.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A file, read again.
    File(&'a std::path::Path),
    /// A text still held in memory (a streamed document).
    Text(&'a str),
    /// Not available (standard input).
    None,
}

/// Fills in the quoted text of new duplicate findings from the file, or, if it cannot
/// be read again (standard input), makes them points at the start of their lines.
fn quote(found: &mut [Located], source: Source<'_>) {
    let spans: Vec<excerpt::Span> = found
        .iter()
        .map(|l| excerpt::Span { from: l.start.line as u32, to: l.end.line as u32, end: l.end.column as u32 })
        .collect();
    let texts = match source {
        Source::File(p) => excerpt::excerpts(p, &spans),
        Source::Text(t) => excerpt::excerpts_in(t, &spans),
        Source::None => None,
    };
    match texts {
        Some(texts) => {
            for (l, t) in found.iter_mut().zip(texts) {
                l.text = t;
            }
        }
        None => {
            for l in found {
                l.end = l.start;
            }
        }
    }
}

/// Turns the hits of each file into `duplicates`, findings and points; re-scores.
///
/// `files`, `sigs` (signatures), `sources` (paths to read the files again, to quote
/// them) and `tallies` (points so far) are indexed as `hits`.
pub fn apply(
    files: &mut [FileReport],
    sigs: &[Option<&Signature>],
    sources: &[Option<&std::path::Path>],
    tallies: &mut [Tally],
    hits: Vec<Vec<Hit>>,
    opts: &DupOptions,
    cost: &dyn Fn(usize, &'static Rule) -> (Severity, f32),
) {
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    let other = |o: Other| match o {
        Other::File(j) => (paths[j].clone(), sigs[j]),
        Other::Ref(e) => (opts.against.as_ref().map_or_else(String::new, |r| r.path(e).to_string()), None),
    };
    for (i, hs) in hits.into_iter().enumerate() {
        if hs.is_empty() {
            continue;
        }
        let Some(sig) = sigs[i] else { continue };
        let source = sources[i].map_or(Source::None, Source::File);
        let _ = apply_one(&mut files[i], sig, source, &mut tallies[i], hs, &other, opts, &|r| cost(i, r));
    }
}

/// Turns the hits of one file (or streamed document) `f`, whose signature is `sig`,
/// into `duplicates`, findings and points, and re-scores it. `lookup` names the other
/// side of a hit and gives its signature if known (to say which of its lines match);
/// `source` is where the quoted text of the findings is read from. Returns the other
/// side of each entry added to `f.duplicates`, in order.
#[allow(clippy::too_many_arguments)]
pub fn apply_one<'s>(
    f: &mut FileReport,
    sig: &Signature,
    source: Source<'_>,
    tally: &mut Tally,
    mut hs: Vec<Hit>,
    lookup: &dyn Fn(Other) -> (String, Option<&'s Signature>),
    opts: &DupOptions,
    cost: &dyn Fn(&'static Rule) -> (Severity, f32),
) -> Vec<Other> {
    let other_path = |o: Other| lookup(o).0;
    hs.sort_by(|a, b| {
        b.verdict
            .similarity
            .total_cmp(&a.verdict.similarity)
            .then_with(|| other_path(a.other).cmp(&other_path(b.other)))
    });
    let mut union_words = vec![false; sig.word.units()];
    let mut union_skel = vec![false; sig.skel.units()];
    let mut added = false;
    let first_new = f.findings.len();
    for h in &hs {
        let v = &h.verdict;
        let other = other_path(h.other);
        f.duplicates.push(DuplicateRef { path: other.clone(), similarity: v.similarity, kind: v.kind });
        let (stream, union) = match v.basis {
            matcher::Basis::Words => (&sig.word, &mut union_words),
            matcher::Basis::Skeleton => (&sig.skel, &mut union_skel),
        };
        let cmp = v.basis_cmp();
        let mask = &cmp.mask_a;
        // Points: only for the part not already counted for a stronger match.
        let mut fresh = 0usize;
        for (u, &m) in union.iter_mut().zip(mask) {
            if m && !*u {
                *u = true;
                fresh += 1;
            }
        }
        let (severity, factor) = cost(rule_of(v.kind));
        let counts = opts.count[kind_index(v.kind)] && severity > Severity::Info;
        if counts && !union.is_empty() {
            let share = fresh as f64 / union.len() as f64;
            let weight = FULL_COPY_DENSITY / 1000.0 * v.similarity * share * sig.words as f64 / points(Severity::Error);
            tally.add_points(Category::Duplicate, points(severity) * weight * f64::from(factor));
        }
        let other_lines = match h.other {
            Other::File(j) => lookup(Other::File(j)).1.and_then(|s| {
                let st = match v.basis {
                    matcher::Basis::Words => &s.word,
                    matcher::Basis::Skeleton => &s.skel,
                };
                let ps = matching_parts(st, &cmp.mask_b);
                lines(st, ps.first()?.0, ps.last()?.1).map(|l| format!(" ({})", line_span(l)))
            }),
            Other::Ref(_) => None,
        }
        .unwrap_or_default();
        for (s, e) in matching_parts(stream, mask) {
            if f.findings.len() >= MAX_FINDINGS {
                break;
            }
            let Some(l) = lines(stream, s, e) else {
                continue;
            };
            let pct = |x: f64| (x * 100.0).round() as u32;
            let what = line_span(l);
            let (are, appear, contain, look) =
                if l.0 == l.1 { ("is", "appears", "contains", "looks") } else { ("are", "appear", "contain", "look") };
            let message = match v.kind {
                DuplicateKind::NearDuplicate => format!(
                    "{what} {are} a near-duplicate of {other}{other_lines}: Jaccard similarity {:.2} of word {}-grams",
                    v.similarity, sig.word.k
                ),
                DuplicateKind::Contained if v.a_smaller => {
                    format!(
                        "{what} {appear} in {other}{other_lines}: {}% of this file is found there",
                        pct(v.similarity)
                    )
                }
                DuplicateKind::Contained => {
                    format!("{what} {contain} {other}: {}% of that file is found here", pct(v.similarity))
                }
                DuplicateKind::SpunCopy => format!(
                    "{what} {look} like a synonym-swapped copy of {other}{other_lines}: {}% of the function-word \
                     skeleton matches, only {}% of the word {}-grams",
                    pct(v.similarity),
                    pct(if v.a_smaller { v.words.cov_a } else { v.words.cov_b }),
                    sig.word.k
                ),
            };
            let rule = rule_of(v.kind);
            f.findings.push(Located {
                rule,
                severity: if counts { severity } else { Severity::Info },
                start: Position { line: l.0 as usize, column: 1 },
                end: Position { line: l.1 as usize, column: l.2 as usize + 1 },
                text: String::new(),
                message,
                suggestion: None,
            });
            added = true;
        }
    }
    if added {
        quote(&mut f.findings[first_new..], source);
        f.findings.sort_by(|a, b| {
            (a.start, a.rule.category, a.rule.code, a.end).cmp(&(b.start, b.rule.category, b.rule.code, b.end))
        });
    }
    f.scores = tally.scores(f.words);
    hs.into_iter().map(|h| h.other).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kind_lists() {
        assert_eq!(DupOptions::parse_count("all").unwrap(), [true; 3]);
        assert_eq!(DupOptions::parse_count("none").unwrap(), [false; 3]);
        assert_eq!(DupOptions::parse_count("contained, spun-copy").unwrap(), [false, true, true]);
        assert!(DupOptions::parse_count("copies").is_err());
    }

    #[test]
    fn parts_merge_small_gaps() {
        let m = [true, true, false, true, false, false, false, true];
        assert_eq!(parts(&m, 1), vec![(0, 4), (7, 8)]);
        assert_eq!(parts(&m, 3), vec![(0, 8)]);
        assert!(parts(&[false; 3], 1).is_empty());
    }

    #[test]
    fn rules_are_documented() {
        for r in RULES {
            for section in ["## What it does", "## Why is this bad?", "## Example", "## How to silence it"] {
                assert!(r.doc.contains(section), "{} lacks {section}", r.code);
            }
        }
    }
}
