//! Line statistics of the C4 and FineWeb quality filters, made safe for
//! hard-wrapped text.
//!
//! The filters count raw lines: the share ending in terminal punctuation (FineWeb
//! drops a page at or below 12%) and the share of short lines (FineWeb: at most 30
//! characters, drops at 67% or more). Raw lines punish newswire and books wrapped at
//! 70 columns, so lines are first joined into *logical lines*: a line of 40–100
//! characters that does not end a sentence continues onto the next non-empty,
//! non-indented line. A *stub* is a logical line of at most 30 characters with a
//! letter or digit that ends neither in terminal punctuation nor in a comma or
//! semicolon (verse and lists of phrases usually do); lines with no letter or digit
//! ("* * *") are not counted at all.
//!
//! FineWeb also drops a page when lines repeated elsewhere in it hold 1% of its
//! characters. Repeated prose is the repetition analyzer's business; here only
//! repeated *stubs* count ("Reuters", "12 minutes ago", "Reply" under every
//! comment), the trace of a listing or comment widget.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// FineWeb's short-line length.
pub const SHORT_LINE: usize = 30;
/// FineWeb's short-line share threshold.
pub const STUB_SHARE: f64 = 0.67;
/// FineWeb's terminal-punctuation share threshold (at or below fails).
pub const PUNCT_SHARE: f64 = 0.12;
/// Fewest counted lines for the shares to mean anything.
pub const MIN_LINES: usize = 8;

/// One logical line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logical {
    /// Byte range, trimmed.
    pub span: Range<usize>,
    /// Ends in terminal punctuation (or a closing quote, as C4 counts it).
    pub terminal: bool,
    /// Short and unpunctuated.
    pub stub: bool,
}

/// Joins raw lines (byte ranges without line breaks) into logical lines.
pub fn logical_lines(text: &str, lines: impl Iterator<Item = Range<usize>>, out: &mut Vec<Logical>) {
    out.clear();
    let mut j = Joiner::default();
    for r in lines {
        let raw = &text[r.clone()];
        let t = raw.trim();
        let start = r.start + (raw.len() - raw.trim_start().len());
        j.add(text, raw, start, t, out);
    }
    j.finish(text, out);
}

/// [`logical_lines`] fed one raw line at a time, for a caller that walks the lines
/// anyway.
#[derive(Default)]
pub struct Joiner {
    cur: Option<Range<usize>>,
    joinable: bool,
}

impl Joiner {
    /// Adds the raw line `raw`, whose trimmed text `t` starts at byte `start` of `text`.
    pub fn add(&mut self, text: &str, raw: &str, start: usize, t: &str, out: &mut Vec<Logical>) {
        if t.is_empty() {
            if let Some(c) = self.cur.take() {
                push(text, c, out);
            }
            self.joinable = false;
            return;
        }
        let end = start + t.len();
        let indented = raw.starts_with("  ") || raw.starts_with('\t');
        match self.cur.as_mut() {
            Some(c) if self.joinable && !indented => c.end = end,
            _ => {
                if let Some(c) = self.cur.take() {
                    push(text, c, out);
                }
                self.cur = Some(start..end);
            }
        }
        // A line of fewer than 40 bytes has fewer than 40 characters (and one of
        // more than 400 bytes more than 100). Its last byte is read before its
        // characters are counted: most lines of prose end a sentence.
        self.joinable = (40..=400).contains(&t.len()) && !ends_sentence(t) && (40..=100).contains(&char_len(t));
    }

    /// Ends the last logical line.
    pub fn finish(self, text: &str, out: &mut Vec<Logical>) {
        if let Some(c) = self.cur {
            push(text, c, out);
        }
    }
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Records a logical line unless it has no letter or digit (a separator like "* * *").
fn push(text: &str, span: Range<usize>, out: &mut Vec<Logical>) {
    let t = &text[span.clone()];
    // (An ASCII letter or digit first, as in most lines, answers the search at once.)
    let first = t.as_bytes().first().copied().unwrap_or(0);
    if !first.is_ascii_alphanumeric() && !t.chars().any(crate::token::is_alnum) {
        return;
    }
    let terminal = ends_sentence(t);
    let lower_start = t.chars().next().is_some_and(char::is_lowercase);
    let stub =
        !terminal && !lower_start && t.len() <= 4 * SHORT_LINE && !t.ends_with([',', ';']) && char_len(t) <= SHORT_LINE;
    out.push(Logical { span, terminal, stub });
}

/// Ends in `.`, `!`, `?` or `…`, or in a closing quote (as C4 and FineWeb count it),
/// ignoring closing brackets and a trailing citation mark like "\[12\]".
pub fn ends_sentence(t: &str) -> bool {
    // Most lines end in an ASCII byte that decides alone: a terminal mark, or a byte
    // that is neither one, nor white space, nor a closing bracket or `*`.
    match t.as_bytes().last() {
        Some(b'.' | b'!' | b'?' | b'"' | b'\'') => return true,
        Some(&c) if c < 0x80 && !matches!(c, b'\t'..=b'\r' | b' ' | b')' | b']' | b'*') => return false,
        _ => {}
    }
    ends_sentence_slow(t)
}

/// [`ends_sentence`] of any line, character by character.
fn ends_sentence_slow(t: &str) -> bool {
    let mut t = t.trim_end();
    if t.ends_with(']') {
        if let Some(k) = t.rfind('[') {
            let inner = &t[k + 1..t.len() - 1];
            if inner.is_empty() || inner.bytes().all(|b| b.is_ascii_digit()) || inner == "citation needed" {
                t = t[..k].trim_end();
            }
        }
    }
    let t = t.trim_end_matches([')', ']', '*']);
    t.ends_with(['.', '!', '?', '…', '"', '\'', '”', '’', '»'])
}

/// Which statistic crossed its threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    /// Too many stubs.
    Stubs,
    /// Too few lines end a sentence.
    Unpunctuated,
}

/// A statistic over the threshold, with the evidence to locate it.
#[derive(Clone, Debug, PartialEq)]
pub struct Crossed {
    /// Which one.
    pub stat: Stat,
    /// Offending lines.
    pub count: usize,
    /// Counted lines.
    pub total: usize,
    /// The share that crossed (stubs: offending share; punctuation: punctuated share).
    pub share: f64,
    /// How far past the threshold, 0..=1.
    pub excess: f64,
    /// The longest run of consecutive offending lines.
    pub run: Range<usize>,
    /// Lines in that run.
    pub run_lines: usize,
}

/// The statistics that cross their thresholds, if any.
pub fn crossed(lines: &[Logical]) -> Vec<Crossed> {
    let mut out = Vec::new();
    let n = lines.len();
    if n < MIN_LINES {
        return out;
    }
    let stubs = lines.iter().filter(|l| l.stub).count();
    let share = stubs as f64 / n as f64;
    if share >= STUB_SHARE && stubs >= 6 {
        let (run, run_lines) = longest_run(lines, |l| l.stub);
        let excess = (share - STUB_SHARE) / (1.0 - STUB_SHARE);
        out.push(Crossed { stat: Stat::Stubs, count: stubs, total: n, share, excess, run, run_lines });
    }
    let punct = lines.iter().filter(|l| l.terminal).count();
    let share = punct as f64 / n as f64;
    if share <= PUNCT_SHARE {
        let (run, run_lines) = longest_run(lines, |l| !l.terminal);
        let excess = (PUNCT_SHARE - share) / PUNCT_SHARE;
        out.push(Crossed { stat: Stat::Unpunctuated, count: n - punct, total: n, share, excess, run, run_lines });
    }
    out
}

fn longest_run(lines: &[Logical], bad: impl Fn(&Logical) -> bool) -> (Range<usize>, usize) {
    let (mut best, mut best_n) = (0..0, 0);
    let mut i = 0;
    while i < lines.len() {
        if !bad(&lines[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < lines.len() && bad(&lines[i]) {
            i += 1;
        }
        if i - s > best_n {
            best_n = i - s;
            best = lines[s].span.start..lines[i - 1].span.end;
        }
    }
    (best, best_n)
}

/// FineWeb's duplicated-line character share threshold.
pub const DUP_SHARE: f64 = 0.01;
/// Share at which the repeated-stub excess is full.
const DUP_FULL: f64 = 0.10;
/// Fewest repeated stub occurrences reported.
const MIN_REPEATS: usize = 3;

/// Stub lines that occur more than once.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeated {
    /// Occurrences after the first, over all repeated stubs.
    pub repeats: usize,
    /// Share of the text's characters in those occurrences.
    pub share: f64,
    /// How far past the threshold, 0..=1.
    pub excess: f64,
    /// The first occurrence of the most repeated stub.
    pub example: Range<usize>,
    /// How often that stub occurs.
    pub example_count: usize,
    /// Where it occurs a second time.
    pub second: Range<usize>,
}

/// Repeated stubs, when their characters pass FineWeb's duplicated-line share.
pub fn repeated_stubs(text: &str, lines: &[Logical]) -> Option<Repeated> {
    if lines.len() < MIN_LINES || text.is_empty() {
        return None;
    }
    // stub text -> (occurrences, first line, second line)
    let mut seen: FxHashMap<&str, (usize, usize, usize)> = FxHashMap::default();
    let (mut repeats, mut dup_chars) = (0, 0);
    for (i, l) in lines.iter().enumerate() {
        let t = &text[l.span.clone()];
        if !l.stub || !t.chars().any(crate::token::is_alpha) {
            continue;
        }
        let e = seen.entry(t).or_insert((0, i, i));
        e.0 += 1;
        if e.0 > 1 {
            if e.0 == 2 {
                e.2 = i;
            }
            repeats += 1;
            dup_chars += t.len();
        }
    }
    let share = dup_chars as f64 / text.len() as f64;
    if repeats < MIN_REPEATS || share < DUP_SHARE {
        return None;
    }
    // The most repeated stub; ties go to the earliest (deterministic).
    let (&_, &(count, first, second)) = seen.iter().max_by_key(|(_, &(c, f, _))| (c, std::cmp::Reverse(f)))?;
    let excess = ((share - DUP_SHARE) / (DUP_FULL - DUP_SHARE)).clamp(0.0, 1.0);
    Some(Repeated {
        repeats,
        share,
        excess,
        example: lines[first].span.clone(),
        example_count: count,
        second: lines[second].span.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_sentence_shortcut_agrees_with_the_slow_test() {
        let ends = [
            "",
            ".",
            "!",
            "?",
            "\"",
            "'",
            ")",
            "]",
            "*",
            " ",
            "\t",
            "\u{b}",
            "\u{c}",
            "a",
            ",",
            ";",
            ":",
            "…",
            "”",
            "’",
            "»",
            "\u{a0}",
            "\u{2003}",
            "é",
            "[12]",
            "[citation needed]",
            "[]",
            "[x]",
            ".)",
            "?\"",
            ".*",
            ". ",
            "a\u{85}",
        ];
        for a in ["", "Reply", "It ended", "x"] {
            for b in ends {
                for c in ends {
                    let t = format!("{a}{b}{c}");
                    assert_eq!(ends_sentence(&t), ends_sentence_slow(&t), "{t:?}");
                }
            }
        }
        for c in 0u8..0x80 {
            let t = format!("Line {}", c as char);
            assert_eq!(ends_sentence(&t), ends_sentence_slow(&t), "{t:?}");
        }
    }
}
