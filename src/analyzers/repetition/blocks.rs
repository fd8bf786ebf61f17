//! Exact duplicates of whole lines and paragraphs, and the Gopher fractions over them.
//!
//! Gopher (Rae et al. 2021, table A1) drops a document when more than 30% of its
//! lines or paragraphs repeat an earlier one, or when such repeats hold more than
//! 20% of its characters. Empty lines are not counted (splitting on every line
//! break would make every blank line a "duplicate").

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHasher};

/// A line or paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Byte range, trimmed.
    pub span: Range<usize>,
    /// 0-based index of its first line in the document.
    pub line: usize,
    /// Several lines, all short: a stanza, whose repetition is a refrain.
    pub verse: bool,
}

/// Non-empty lines and blank-line-separated paragraphs of a text.
pub struct Units {
    /// Non-empty lines.
    pub lines: Vec<Unit>,
    /// Paragraphs (one per block of consecutive non-empty lines).
    pub paragraphs: Vec<Unit>,
}

/// Fewest words of a repeated unit that counts as prose for [`Over::strong`];
/// shorter ones are labels ("Results:", "BROVIK.").
pub const PROSE_WORDS: usize = 8;

/// Longest line, in bytes, of a stanza.
const VERSE_LINE: usize = 60;

impl Units {
    /// Splits `text`, given its line ranges.
    pub fn new(text: &str, lines: impl Iterator<Item = Range<usize>>) -> Self {
        let mut u = Units { lines: Vec::new(), paragraphs: Vec::new() };
        let mut para: Option<(Unit, usize, bool)> = None;
        let mut para_first_line = 0;
        for (k, r) in lines.enumerate() {
            let raw = &text[r.clone()];
            // A line that starts and ends with a visible ASCII character (most of them)
            // has nothing to trim: a look at two bytes instead of decoding both ends.
            let visible = |c: u8| c > b' ' && c < 0x80;
            let bytes = raw.as_bytes();
            let plain = bytes.first().is_some_and(|&c| visible(c)) && bytes.last().is_some_and(|&c| visible(c));
            let t = if plain { raw } else { raw.trim() };
            if t.is_empty() {
                if let Some((p, _, _)) = para.take() {
                    u.end_paragraph(p, para_first_line);
                }
                para_first_line = u.lines.len();
                continue;
            }
            let start = if plain { r.start } else { r.start + (raw.len() - raw.trim_start().len()) };
            let span = start..start + t.len();
            let short = t.len() <= VERSE_LINE;
            u.lines.push(Unit { span: span.clone(), line: k, verse: false });
            match para.as_mut() {
                Some((p, n, all_short)) => {
                    p.span.end = span.end;
                    *n += 1;
                    *all_short &= short;
                    p.verse = *all_short;
                }
                None => para = Some((Unit { span, line: k, verse: false }, 1, short)),
            }
        }
        if let Some((p, _, _)) = para {
            u.end_paragraph(p, para_first_line);
        }
        u
    }

    /// Records a finished paragraph; the lines of a stanza are verse too.
    fn end_paragraph(&mut self, p: Unit, first_line: usize) {
        if p.verse {
            self.lines[first_line..].iter_mut().for_each(|l| l.verse = true);
        }
        self.paragraphs.push(p);
    }
}

/// For each unit, the index of the first earlier unit with the same text.
pub fn first_copies(text: &str, units: &[Unit]) -> Vec<Option<u32>> {
    first_copies_hashed(text, units, &unit_hashes(text, units, None))
}

/// The hash of each unit's text that [`first_copies_hashed`] takes. With `lines` (the
/// lines of the same text and their hashes), a unit that is one of those lines (a
/// paragraph of one line) takes that line's hash instead of hashing its text again.
pub fn unit_hashes(text: &str, units: &[Unit], lines: Option<(&[Unit], &[u64])>) -> Vec<u64> {
    let mut k = 0;
    units
        .iter()
        .map(|u| {
            if let Some((lines, hashes)) = lines {
                // Units and lines are in text order: the line where the unit starts.
                while k < lines.len() && lines[k].span.start < u.span.start {
                    k += 1;
                }
                if lines.get(k).is_some_and(|l| l.span == u.span) {
                    return hashes[k];
                }
            }
            let mut h = FxHasher::default();
            h.write(text[u.span.clone()].as_bytes());
            h.finish()
        })
        .collect()
}

/// [`first_copies`], given the [`unit_hashes`] of the units.
pub fn first_copies_hashed(text: &str, units: &[Unit], hashes: &[u64]) -> Vec<Option<u32>> {
    let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
    seen.reserve(units.len());
    units
        .iter()
        .zip(hashes)
        .enumerate()
        .map(|(i, (u, &h))| {
            let s = &text[u.span.clone()];
            let first = *seen.entry(h).or_insert(i as u32);
            (first as usize != i && &text[units[first as usize].span.clone()] == s).then_some(first)
        })
        .collect()
}

/// Which Gopher fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Share of lines that repeat an earlier line (limit 30%).
    Lines,
    /// Share of characters in repeated lines (limit 20%).
    LineChars,
    /// Share of paragraphs that repeat an earlier paragraph (limit 30%).
    Paragraphs,
    /// Share of characters in repeated paragraphs (limit 20%).
    ParagraphChars,
}

impl Measure {
    /// Gopher's limit.
    pub fn limit(self) -> f64 {
        match self {
            Measure::Lines | Measure::Paragraphs => 0.30,
            Measure::LineChars | Measure::ParagraphChars => 0.20,
        }
    }
}

/// A fraction over its limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Over {
    /// Which one.
    pub measure: Measure,
    /// Repeated units.
    pub repeated: usize,
    /// All units.
    pub total: usize,
    /// The fraction.
    pub share: f64,
    /// How far past the limit, 0..=1.
    pub excess: f64,
    /// The first repeated unit, and the unit it repeats.
    pub first: (usize, usize),
    /// A character share is past its limit counting only repeated prose: units of
    /// at least [`PROSE_WORDS`] words that are not stanzas (refrains).
    pub strong: bool,
}

/// The Gopher fractions of `units` of `text` (with `copies` from [`first_copies`])
/// over their limits; character shares are taken of the whole text.
pub fn over(text: &str, units: &[Unit], copies: &[Option<u32>], chars: Measure, count: Measure) -> Vec<Over> {
    let text_len = text.len();
    let mut out = Vec::new();
    let total = units.len();
    if total < 2 || text_len == 0 {
        return out;
    }
    let mut repeated = 0;
    let (mut dup_chars, mut prose_chars) = (0, 0);
    let mut first = None;
    for (i, c) in copies.iter().enumerate() {
        if let Some(j) = c {
            repeated += 1;
            dup_chars += units[i].span.len();
            let words = text[units[i].span.clone()].split_whitespace().nth(PROSE_WORDS - 1).is_some();
            if !units[i].verse && words {
                prose_chars += units[i].span.len();
            }
            first.get_or_insert((i, *j as usize));
        }
    }
    let Some(first) = first else { return out };
    let strong = prose_chars as f64 / text_len as f64 > chars.limit();
    for (m, share) in [(count, repeated as f64 / total as f64), (chars, dup_chars as f64 / text_len as f64)] {
        if share > m.limit() {
            let excess = ((share - m.limit()) / (1.0 - m.limit())).min(1.0);
            out.push(Over { measure: m, repeated, total, share, excess, first, strong });
        }
    }
    out
}
