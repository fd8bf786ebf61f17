//! Finding and repairing mojibake: UTF-8 bytes that were decoded as Windows-1252
//! (or Latin-1) and encoded again as UTF-8, once or twice.
//!
//! Every multi-byte UTF-8 sequence starts with a byte 0xC2–0xF4, which Windows-1252
//! reads as one of the letters `Â`…`ô`, and continues with bytes 0x80–0xBF, which it
//! reads as punctuation, symbols or C1 controls (`€`, `™`, `©`, `±`...). So
//! mojibake is a lead letter followed by one to three such characters (a *unit*),
//! and reversing it is mechanical: map each character back to its byte and decode
//! the bytes as UTF-8. What takes care is precision: genuine text may put an
//! accented capital before a quotation mark, so each unit is judged by what it
//! decodes to and what surrounds it.

use super::cp1252;

/// How sure a unit is to be mojibake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Could be genuine text (an accented capital before a quotation mark);
    /// accepted only beside certain mojibake (see [`runs`]).
    Weak,
    /// Mojibake beyond reasonable doubt.
    Strong,
}

/// One mis-decoded character: `text[start..end]` should read `repaired`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Byte offset of the lead letter.
    pub start: usize,
    /// Byte offset one past the unit.
    pub end: usize,
    /// The character the bytes stand for ('\0' for a lost no-break space: delete).
    pub repaired: char,
    /// How sure we are.
    pub strength: Strength,
    /// A continuation character is a C1 control where Windows-1252 has a character:
    /// decoded as Latin-1, not Windows-1252.
    pub latin1: bool,
}

/// Characters that genuinely follow a word-final letter: after an accented capital
/// they make a unit [`Strength::Weak`].
fn follows_words(c: char) -> bool {
    "’”“‘…–—«»\u{A0}‹›•®©™°¹²³".contains(c)
}

fn is_cont(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// The mojibake unit starting at byte `i` of `text`, if there is one. `i` must be
/// a char boundary.
pub(crate) fn unit_at(text: &str, i: usize) -> Option<Unit> {
    let rest = &text[i..];
    let mut chars = rest.char_indices();
    let (_, lead) = chars.next()?;
    let b0 = cp1252::to_byte(lead)?;
    if !(0xC2..=0xF4).contains(&b0) {
        return None;
    }
    let need = match b0 {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => 3,
    };
    let mut buf = [b0, 0, 0, 0];
    let mut end = i + lead.len_utf8();
    let mut got = 0;
    let mut latin1 = false;
    let mut first_cont = '\0';
    let mut after = None;
    while got < need {
        match chars.next() {
            Some((j, c)) => match cp1252::to_byte(c) {
                Some(b) if is_cont(b) => {
                    if got == 0 {
                        first_cont = c;
                    }
                    // A C1 control where Windows-1252 has a character: read as Latin-1.
                    latin1 |= ('\u{80}'..='\u{9F}').contains(&c) && !cp1252::is_undefined(b);
                    got += 1;
                    buf[got] = b;
                    end = i + j + c.len_utf8();
                }
                _ => {
                    after = Some((i + j, c));
                    break;
                }
            },
            None => break,
        }
    }
    let prev = text[..i].chars().next_back();
    if got < need {
        if let Some(u) = spaced(text, lead, b0, need, got, after, prev) {
            return Some(u);
        }
        return lost_byte(i, end, &buf[..=got], after, prev);
    }
    let decoded = std::str::from_utf8(&buf[..=need]).ok()?.chars().next()?;
    let next = text[end..].chars().next();
    let (strength, repaired) = judge(lead, first_cont, decoded, need, prev, next)?;
    Some(Unit { start: i, end, repaired, strength, latin1 })
}

/// A two-byte unit split by a space, as in tokenized text ("clichÃ ©" for "cliché"):
/// accepted only inside a word and when certain.
fn spaced(
    text: &str,
    lead: char,
    b0: u8,
    need: usize,
    got: usize,
    after: Option<(usize, char)>,
    prev: Option<char>,
) -> Option<Unit> {
    let (j, ' ') = after? else { return None };
    if need != 1 || got != 0 || !prev.is_some_and(char::is_lowercase) {
        return None;
    }
    let c = text[j + 1..].chars().next()?;
    let b = cp1252::to_byte(c).filter(|&b| is_cont(b))?;
    let end = j + 1 + c.len_utf8();
    let decoded = std::str::from_utf8(&[b0, b]).ok()?.chars().next()?;
    let (strength, repaired) = judge(lead, c, decoded, need, prev, text[end..].chars().next())?;
    let start = j - lead.len_utf8();
    (strength == Strength::Strong).then_some(Unit { start, end, repaired, strength, latin1: false })
}

/// How plausible the unit `lead first_cont…` decoding to `d` is, and the character
/// it stands for, or `None` if the decoded character is not something text would
/// contain. `prev` and `next` are the characters around the unit.
fn judge(
    lead: char,
    first_cont: char,
    d: char,
    need: usize,
    prev: Option<char>,
    next: Option<char>,
) -> Option<(Strength, char)> {
    use Strength::{Strong, Weak};
    let u = d as u32;
    // The first continuation could genuinely follow the lead letter at a word's end.
    let quote = follows_words(first_cont);
    let after_capital = prev.is_some_and(char::is_uppercase);
    let word_end = after_capital || !(prev.is_some_and(char::is_lowercase) || next.is_some_and(char::is_alphabetic));
    let alone = !prev.is_some_and(char::is_alphabetic) && !next.is_some_and(char::is_alphabetic);
    let strength = match need {
        // Four bytes: emoji and supplementary letters.
        3 => ((0x1F000..=0x1FAFF).contains(&u) || d.is_alphabetic()).then_some(Strong)?,
        // Three bytes: punctuation, symbols, BOM, letters of most scripts.
        2 => {
            let symbol = (0x2000..=0x2BFF).contains(&u) || (0x3000..=0x303F).contains(&u) || d == '\u{FEFF}';
            // Indic, Thai, Vietnamese, polytonic Greek, kana, CJK, Hangul, fullwidth.
            let common = d.is_alphabetic()
                && matches!(u, 0x900..=0xEFF | 0x1E00..=0x1FFF | 0x3040..=0x30FF | 0x3400..=0x9FFF
                    | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF);
            if !symbol && !common && !d.is_alphabetic() {
                return None;
            }
            // "é”—" is a word-final letter before a quotation mark and a dash.
            if quote && d != '\u{FEFF}' || !symbol && !common {
                Weak
            } else {
                Strong
            }
        }
        // Two bytes: Latin-1 symbols and letters of Latin, Greek, Cyrillic, Hebrew, Arabic.
        _ if (0xA0..=0xFF).contains(&u) => {
            // After a capital, a symbol or a lower-case letter ends the word ("IRMÃ½"),
            // while "ZÃ¼rich" goes on in lower case.
            let symbol_after_capital = after_capital && first_cont >= '\u{A0}' && !next.is_some_and(char::is_lowercase);
            if quote && (after_capital || (lead != 'Â' && word_end)) || symbol_after_capital {
                Weak
            } else {
                Strong
            }
        }
        _ if (0x100..=0x24F).contains(&u) => {
            // An accented capital before a quotation mark, or a lone letter (Mac Roman
            // "‚Ä¢" is not Latvian "Ģ").
            let word_end_capital = after_capital && !next.is_some_and(char::is_lowercase);
            if quote && (after_capital || word_end || !matches!(lead, 'Ä' | 'Å')) || alone || word_end_capital {
                Weak
            } else {
                Strong
            }
        }
        // Â + a C1 control: a Windows-1252 character decoded as Latin-1, then encoded
        // again ("Â\u{85}" for "…"), or an undefined byte of double encoding.
        _ if lead == 'Â' && ('\u{80}'..='\u{9F}').contains(&first_cont) => {
            return Some((Strong, cp1252::to_char(u as u8)));
        }
        _ if d.is_alphabetic() && (0x386..=0x52F).contains(&u) => {
            if quote {
                Weak
            } else {
                Strong
            }
        }
        // Hebrew and Arabic letters: only in runs (see `runs`), since "Úš" is Czech.
        _ if d.is_alphabetic() && (0x5D0..=0x6FF).contains(&u) => Weak,
        _ => return None,
    };
    Some((strength, d))
}

/// A unit whose last continuation byte was lost: `â€` for `”` (its third byte, 0x9D,
/// is undefined in Windows-1252 and often dropped or replaced by U+FFFD), or a
/// stray `Â`/`Ã` whose no-break-space byte 0xA0 became an ordinary space.
fn lost_byte(i: usize, end: usize, bytes: &[u8], after: Option<(usize, char)>, prev: Option<char>) -> Option<Unit> {
    match bytes {
        [0xE2, 0x80] => {
            // Swallow a U+FFFD that took the lost byte's place.
            let end = match after {
                Some((j, '\u{FFFD}')) => j + '\u{FFFD}'.len_utf8(),
                _ => end,
            };
            Some(Unit { start: i, end, repaired: '”', strength: Strength::Strong, latin1: false })
        }
        [b @ (0xC2 | 0xC3)] => {
            let b = *b;
            if !after.is_none_or(|(_, c)| matches!(c, ' ' | '\n' | '\r' | '\t')) {
                return None;
            }
            // After a lower-case letter neither capital is genuine; "Â" also not after
            // digits or closing punctuation ("10Â km", "end.Â Next").
            let strength = match prev {
                Some(p) if p.is_lowercase() => Strength::Strong,
                Some(p) if b == 0xC2 && (p.is_ascii_digit() || ".,;:!?)]\"'".contains(p)) => Strength::Strong,
                Some(p) if p.is_alphanumeric() => return None,
                _ => Strength::Weak,
            };
            let repaired = if b == 0xC2 { '\0' } else { 'à' };
            Some(Unit { start: i, end, repaired, strength, latin1: false })
        }
        _ => None,
    }
}

/// Every mojibake unit of `text`, in order, not overlapping. Fast: only positions of
/// the byte 0xC3 (which starts every lead letter `Â`…`ô` in UTF-8) are examined.
pub(crate) fn units(text: &str, out: &mut Vec<Unit>) {
    let bytes = text.as_bytes();
    let mut next_free = 0;
    for i in memchr::memchr_iter(0xC3, bytes) {
        if i < next_free || !bytes.get(i + 1).is_some_and(|b| (0x82..=0xB4).contains(b)) {
            continue;
        }
        if let Some(u) = unit_at(text, i) {
            next_free = u.end;
            out.push(u);
        }
    }
}

/// Bytes a span is widened by at most on each side (a "word" may be a megabyte).
const MAX_WIDEN: usize = 64;

/// Extends `span` over the characters around it for which `wordy` holds, by at
/// most [`MAX_WIDEN`] bytes on each side.
pub(crate) fn widen(text: &str, span: std::ops::Range<usize>, wordy: impl Fn(char) -> bool) -> std::ops::Range<usize> {
    let (mut start, mut end) = (span.start, span.end);
    while let Some(c) = text[..start].chars().next_back().filter(|&c| wordy(c) && span.start - start < MAX_WIDEN) {
        start -= c.len_utf8();
    }
    while let Some(c) = text[end..].chars().next().filter(|&c| wordy(c) && end - span.end < MAX_WIDEN) {
        end += c.len_utf8();
    }
    start..end
}

/// Appends `text[span]` to `out` with every unit inside it replaced by its repair.
fn repair_into(text: &str, span: std::ops::Range<usize>, units: &[Unit], out: &mut String) {
    let mut at = span.start;
    for u in units.iter().filter(|u| u.start >= span.start && u.end <= span.end) {
        out.push_str(&text[at..u.start]);
        if u.repaired != '\0' && u.repaired != '\u{FEFF}' {
            out.push(u.repaired);
        }
        at = u.end;
    }
    out.push_str(&text[at..span.end]);
}

/// Repairs `s` once more if it still holds certain mojibake (double encoding);
/// returns how many extra passes were made.
fn repair_again(s: &mut String, scratch: &mut Vec<Unit>) -> usize {
    let mut passes = 0;
    while passes < 2 {
        scratch.clear();
        units(s, scratch);
        if !scratch.iter().any(|u| u.strength == Strength::Strong) {
            break;
        }
        let mut fixed = String::with_capacity(s.len());
        repair_into(s, 0..s.len(), scratch, &mut fixed);
        *s = fixed;
        passes += 1;
    }
    passes
}

/// A run of mojibake to report: the span (widened to whole words) and its repair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    /// Byte range in the text.
    pub span: std::ops::Range<usize>,
    /// The repaired text of the span.
    pub repaired: String,
    /// Times the text was mis-decoded (2 for double encoding).
    pub layers: usize,
    /// Decoded as Latin-1 rather than Windows-1252.
    pub latin1: bool,
}

/// True when the letters of `s` are of one script (basic Greek letters, used as
/// symbols, and CJK may join Latin: "μm", "使用Python"): real text repaired from
/// mojibake is, while "ښtěk" (Czech "Úštěk" misread) is not.
fn coherent(s: &str) -> bool {
    use crate::analyzers::unicode::scripts::{script, spaceless, Script};
    let (mut latin, mut cyrillic, mut other, mut greek, mut greek_symbols_only) = (false, false, false, false, true);
    let mut dense = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        match script(c) {
            Script::Latin => latin = true,
            Script::Cyrillic => cyrillic = true,
            Script::Greek => {
                greek = true;
                greek_symbols_only &= ('\u{391}'..='\u{3C9}').contains(&c);
            }
            // Chinese, Japanese, Korean and Thai words sit next to Latin without spaces.
            Script::Other if spaceless(c) => dense += 1,
            Script::Other => other = true,
        }
    }
    other |= dense == 1 && latin || dense > 0 && cyrillic;
    let greek = greek && !(latin && greek_symbols_only);
    usize::from(latin) + usize::from(cyrillic) + usize::from(other) + usize::from(greek) <= 1
}

/// Finds the mojibake runs of `text`: units close together (no white space between)
/// form one run, widened to whole words, kept if the repaired words are in one
/// script. A run of weak units only counts when it has three units in a row or the
/// text has at least two certain runs.
pub(crate) fn runs(text: &str) -> Vec<Run> {
    let mut all = Vec::new();
    units(text, &mut all);
    let mut found: Vec<(Run, bool)> = Vec::new();
    let mut scratch = Vec::new();
    let mut floor = 0;
    let mut k = 0;
    while k < all.len() {
        let mut last = k;
        while last + 1 < all.len() {
            let gap = &text[all[last].end..all[last + 1].start];
            let long = all[last + 1].end - all[k].start > 200;
            if gap.len() > 40 || long || gap.chars().any(char::is_whitespace) {
                break;
            }
            last += 1;
        }
        let group = &all[k..=last];
        k = last + 1;
        let span = widen(text, group[0].start..group[group.len() - 1].end, char::is_alphanumeric);
        // Never overlap the previous run or the next unit.
        let ceiling = all.get(k).map_or(text.len(), |u| u.start);
        let (start, end) = (span.start.max(floor), span.end.min(ceiling));
        floor = end;
        let mut repaired = String::with_capacity(end - start);
        repair_into(text, start..end, group, &mut repaired);
        let layers = 1 + repair_again(&mut repaired, &mut scratch);
        if !coherent(&repaired) {
            continue;
        }
        // Three units in a row are never genuine text ("Ø§Ù„Ø¹" is Arabic mojibake).
        let in_a_row = group.windows(3).any(|w| w[0].end == w[1].start && w[1].end == w[2].start);
        let certain = in_a_row || group.iter().any(|u| u.strength == Strength::Strong);
        let latin1 = group.iter().any(|u| u.latin1);
        found.push((Run { span: start..end, repaired, layers, latin1 }, certain));
    }
    let certain = found.iter().filter(|r| r.1).count();
    found.into_iter().filter(|r| r.1 || certain >= 2).map(|r| r.0).collect()
}

/// True when the character at byte `pos` of `text` belongs to a certain mojibake
/// unit (a C1 control, soft hyphen or U+FFFD that the encoding analyzer reports).
pub(crate) fn covers(text: &str, pos: usize) -> bool {
    let mut j = pos;
    for _ in 0..3 {
        let Some(c) = text[..j].chars().next_back() else {
            return false;
        };
        j -= c.len_utf8();
        match cp1252::to_byte(c) {
            Some(b) if (0xC2..=0xF4).contains(&b) => {
                return unit_at(text, j).is_some_and(|u| u.end > pos && u.strength == Strength::Strong)
            }
            Some(b) if is_cont(b) => {}
            _ => return false,
        }
    }
    false
}
