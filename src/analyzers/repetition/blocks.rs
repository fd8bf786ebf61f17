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

/// For each unit, the index of the first earlier unit with the same text: the plain
/// computation (every unit's text hashed) that [`first_copies`] is tested against.
#[cfg(test)]
pub fn first_copies_reference(text: &str, units: &[Unit]) -> Vec<Option<u32>> {
    let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let s = &text[u.span.clone()];
            let first = *seen.entry(text_hash(s.as_bytes())).or_insert(i as u32);
            (first as usize != i && &text[units[first as usize].span.clone()] == s).then_some(first)
        })
        .collect()
}

/// The hash of a unit's text.
fn text_hash(b: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(b);
    h.finish()
}

/// A hash of a unit's length and its first and last 8 bytes: equal texts have equal
/// keys, and in prose hardly any two different lines do.
#[inline]
fn key(b: &[u8]) -> u64 {
    let n = b.len();
    let word = |s: &[u8]| {
        let mut x = [0u8; 8];
        x[..s.len()].copy_from_slice(s);
        u64::from_le_bytes(x)
    };
    let (head, tail) = if n >= 8 { (word(&b[..8]), word(&b[n - 8..])) } else { (word(b), 0) };
    let mut h = FxHasher::default();
    h.write_usize(n);
    h.write_u64(head);
    h.write_u64(tail);
    h.finish()
}

/// For each unit, the index of the first earlier unit with the same text. Most units'
/// texts are not hashed: only texts can be equal whose `key`s are, so a unit whose
/// key is new has no copy before it, and one whose key's first unit has its text is a
/// copy of that one. Only a key shared by different texts (table rows of one length,
/// say) has its units' whole texts hashed, from its second text on (and its first
/// unit's then).
pub fn first_copies(text: &str, units: &[Unit]) -> Vec<Option<u32>> {
    // Per key: its first unit, and whether a different text has come with it.
    let mut by_key: FxHashMap<u64, (u32, bool)> = FxHashMap::default();
    by_key.reserve(units.len());
    // Per whole-text hash, its first unit, of the keys shared by different texts.
    let mut by_hash: FxHashMap<u64, u32> = FxHashMap::default();
    let unit_text = |k: usize| &text.as_bytes()[units[k].span.clone()];
    (0..units.len())
        .map(|i| {
            let s = unit_text(i);
            let e = by_key.entry(key(s)).or_insert((i as u32, false));
            let (g, mixed) = *e;
            if g as usize == i {
                return None;
            }
            if !mixed {
                if unit_text(g as usize) == s {
                    return Some(g);
                }
                e.1 = true;
                by_hash.entry(text_hash(unit_text(g as usize))).or_insert(g);
            }
            let first = *by_hash.entry(text_hash(s)).or_insert(i as u32);
            (first as usize != i && unit_text(first as usize) == s).then_some(first)
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
