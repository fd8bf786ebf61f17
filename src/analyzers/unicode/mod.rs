//! The unicode analyzer: characters that are valid Unicode but wrong in text —
//! unnormalized (not NFC), invisible, control, replacement, private-use and
//! look-alike letters from another script.
//!
//! One pass over the bytes finds every character worth a look; pure ASCII text
//! without control characters costs a single byte scan. Words are examined (for
//! normalization and mixed scripts) only when the text has characters that need it.

mod rules;
pub(crate) mod scripts;
#[cfg(test)]
mod tests;

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::encoding::{cp1252, mojibake};
use super::{Analyzer, Context};
use crate::document::{Document, Origin};
use crate::finding::{Finding, Severity};
use crate::token::TokenKind;
pub use rules::*;

/// Detects unicode problems.
pub struct Unicode;

impl Analyzer for Unicode {
    fn name(&self) -> &'static str {
        "unicode"
    }

    fn analyze(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let bytes = doc.text.as_bytes();
        let mut first = 0;
        loop {
            first = skip_plain(bytes, first);
            match bytes.get(first) {
                None => return,
                Some(&b) if b >= 0x80 || is_c0(b) => break,
                Some(_) => first += 1,
            }
        }
        let mut seen = Seen::default();
        scan(doc, first, &mut seen, out);
        if seen.non_ascii {
            words(doc, &seen, out);
        }
    }
}

/// What the character scan saw that decides whether words need a look.
#[derive(Default)]
struct Seen {
    non_ascii: bool,
    greek_or_cyrillic: bool,
    maybe_not_nfc: bool,
    last_ccc: u8,
}

/// Skips from `i` over printable ASCII and tab/line breaks, eight bytes at a time;
/// returns the position of the next byte that needs a look (or the end).
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte and exact when every byte is below 0x80 (no carry crosses a byte):
    // the high bit of each byte of `zero(x)` is set where that byte of `x` is 0.
    let zero = |x: u64| !x.wrapping_add(ONES * 0x7F) & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Non-ASCII or DEL (0x7F + 1 sets the high bit; a carry out of a byte only
        // follows a byte that is non-ASCII itself).
        if (w | w.wrapping_add(ONES)) & HIGH != 0 {
            break;
        }
        let below_space = !w.wrapping_add(ONES * 0x60) & HIGH;
        if below_space != 0 {
            let allowed =
                zero(w ^ (ONES * b'\t' as u64)) | zero(w ^ (ONES * b'\n' as u64)) | zero(w ^ (ONES * b'\r' as u64));
            if below_space & !allowed != 0 {
                break;
            }
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 || is_c0(b) {
            return i;
        }
        i += 1;
    }
    i
}

/// C0 controls other than tab, line feed and carriage return, and DEL.
fn is_c0(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// Invisible format characters reported by [`INVISIBLE`], with their names.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{AD}' => "SOFT HYPHEN",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "BYTE ORDER MARK",
        _ => return None,
    })
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Extends `start..end` over the letters, digits, marks and invisibles around it
/// (within limits).
fn widen_to_word(text: &str, start: usize, end: usize) -> Range<usize> {
    let wordy = |c: char| crate::token::is_alnum(c) || crate::token::is_mark(c) || invisible_name(c).is_some();
    mojibake::widen(text, start..end, wordy)
}

/// The one pass over every non-ASCII and control character.
fn scan(doc: &Document, first: usize, seen: &mut Seen, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut invalid = doc.invalid.iter().peekable();
    let mut i = first;
    while i < bytes.len() {
        i = skip_plain(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        if b < 0x80 {
            if is_c0(b) {
                i = control(text, i, out);
            } else {
                i += 1;
            }
            continue;
        }
        seen.non_ascii = true;
        let c = char_at(text, i);
        let len = c.len_utf8();
        match c {
            '\u{80}'..='\u{9F}' => {
                if mojibake::covers(text, i) {
                    i += len;
                } else {
                    i = control(text, i, out);
                }
            }
            '\u{FFFD}' => {
                while invalid.peek().is_some_and(|r| r.span.end <= i) {
                    invalid.next();
                }
                if invalid.peek().is_some_and(|r| r.span.start <= i) || mojibake::covers(text, i) {
                    i += len;
                } else {
                    i = replacement(text, i, out);
                }
            }
            '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' => i = private_use(text, i, out),
            '\u{2028}' | '\u{2029}' | '\u{3000}' => {
                unusual_space(text, i, c, out);
                i += len;
            }
            '\u{AD}' if mojibake::covers(text, i) => i += len,
            _ if invisible_name(c).is_some() => i = invisible(doc, i, out),
            _ => {
                if matches!(c as u32, 0x370..=0x52F | 0x1F00..=0x1FFF) {
                    seen.greek_or_cyrillic = true;
                }
                // The NFC quick check, one character at a time: combining marks must
                // be in canonical order (an ASCII character resets the order).
                // Below U+0300 every character is NFC and starts a new sequence.
                if c >= '\u{300}' {
                    let ccc = canonical_combining_class(c);
                    let last = if i == 0 || bytes[i - 1] < 0x80 { 0 } else { seen.last_ccc };
                    if ccc != 0 && ccc < last || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
                        seen.maybe_not_nfc = true;
                    }
                    seen.last_ccc = ccc;
                } else {
                    seen.last_ccc = 0;
                }
                i += len;
            }
        }
    }
}

/// Reports the run of control characters starting at `i`; returns where it ends.
fn control(text: &str, i: usize, out: &mut Vec<Finding>) -> usize {
    let c = char_at(text, i);
    // A terminal escape sequence: ESC [ parameters final-letter.
    if c == '\x1b' && text[i + 1..].starts_with('[') {
        let rest = &text.as_bytes()[i + 2..];
        let n = rest.iter().take(16).take_while(|b| b.is_ascii_digit() || **b == b';').count();
        if rest.get(n).is_some_and(|b| b.is_ascii_alphabetic()) {
            let end = i + 2 + n + 1;
            let msg = format!("terminal escape sequence \"ESC{}\" in the text", &text[i + 1..end]);
            out.push(Finding::new(&CONTROL, i..end, msg).with_suggestion(""));
            return end;
        }
    }
    let mut end = i + c.len_utf8();
    while let Some(n) = text[end..].chars().next().filter(|&n| n == c) {
        end += n.len_utf8();
    }
    let count = text[i..end].chars().count();
    let times = if count > 1 { format!(" ({count} times)") } else { String::new() };
    let code = format!("U+{:04X}", c as u32);
    let mut f = match c {
        '\x0c' => Finding::new(&CONTROL, i..end, format!("form feed {code}{times} (a page break)"))
            .with_severity(Severity::Info),
        '\u{80}'..='\u{9F}' => {
            let w = cp1252::to_char(c as u8);
            if is_c1(w) {
                Finding::new(&CONTROL, i..end, format!("C1 control character {code}{times}"))
            } else {
                let msg = format!(
                    "C1 control character {code}{times}: Windows-1252 text decoded as Latin-1, where it is \"{w}\""
                );
                Finding::new(&CONTROL, i..end, msg).with_suggestion(w.to_string().repeat(count))
            }
        }
        '\x11'..='\x17' if count == 1 => {
            // Windows-1252 punctuation 0x91–0x97 with its high bit cleared ("don\x12t").
            let w = cp1252::to_char(c as u8 | 0x80);
            let msg = format!("control character {code}: probably a Windows-1252 \"{w}\" that lost its high bit");
            Finding::new(&CONTROL, i..end, msg).with_suggestion(w.to_string())
        }
        _ => Finding::new(&CONTROL, i..end, format!("control character {code}{times}")).with_suggestion(""),
    };
    if c == '\0' {
        f.message = format!("NUL character {code}{times}");
    }
    out.push(f);
    end
}

/// Reports the run of U+FFFD starting at `i`; returns where it ends.
fn replacement(text: &str, i: usize, out: &mut Vec<Finding>) -> usize {
    let mut end = i;
    while text[end..].starts_with('\u{FFFD}') {
        end += '\u{FFFD}'.len_utf8();
    }
    let count = (end - i) / 3;
    let what = if count == 1 {
        "a replacement character U+FFFD".to_string()
    } else {
        format!("{count} replacement characters U+FFFD")
    };
    // "America\u{FFFD}s", "can\u{FFFD}t": a lost apostrophe.
    let span = widen_to_word(text, i, end);
    let head = &text[span.start..i];
    let tail = &text[end..span.end];
    let clean = |s: &str| s.chars().all(crate::token::is_alpha);
    let head_ok = clean(head) && (head.chars().count() >= 2 || head == "I");
    let tail_ok =
        matches!(tail, "s" | "t" | "d" | "m" | "ll" | "re" | "ve") && !text[span.end..].starts_with('\u{FFFD}');
    if head_ok && tail_ok {
        let word = &text[span.clone()];
        let fixed = format!("{}’{}", &text[span.start..i], &text[end..span.end]);
        let msg =
            format!("{what} in \"{word}\": a character was lost in an earlier conversion, probably an apostrophe");
        out.push(Finding::new(&REPLACEMENT, span, msg).with_suggestion(fixed));
    } else {
        let msg = format!("{what}: a character was lost in an earlier conversion");
        out.push(Finding::new(&REPLACEMENT, i..end, msg));
    }
    end
}

/// Reports the run of private-use characters starting at `i`; returns where it ends.
fn private_use(text: &str, i: usize, out: &mut Vec<Finding>) -> usize {
    let pua = |c: char| matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}');
    let c = char_at(text, i);
    let mut end = i;
    while let Some(n) = text[end..].chars().next().filter(|&n| pua(n)) {
        end += n.len_utf8();
    }
    let msg = format!(
        "private-use character U+{:04X}{}: meaningful only to one font (often an icon-font glyph from a web page)",
        c as u32,
        if end - i > c.len_utf8() { " and others" } else { "" }
    );
    out.push(Finding::new(&PRIVATE_USE, i..end, msg).with_suggestion(""));
    end
}

fn unusual_space(text: &str, i: usize, c: char, out: &mut Vec<Finding>) {
    let end = i + c.len_utf8();
    let (prev, next) = (prev_char(text, i), text[end..].chars().next());
    let msg = match c {
        '\u{2028}' => "line separator U+2028: most programs do not show it as a line break".to_string(),
        '\u{2029}' => "paragraph separator U+2029: most programs do not show it as a paragraph break".to_string(),
        _ => {
            if prev.is_some_and(scripts::spaceless) || next.is_some_and(scripts::spaceless) {
                return;
            }
            "ideographic space U+3000 in text that is not Chinese, Japanese or Korean".to_string()
        }
    };
    let fix = if c == '\u{3000}' { " " } else { "\n" };
    out.push(Finding::new(&UNUSUAL_SPACE, i..end, msg).with_suggestion(fix));
}

/// Reports the invisible character at `i` (with any others in the same word);
/// returns where to continue.
fn invisible(doc: &Document, i: usize, out: &mut Vec<Finding>) -> usize {
    let text = doc.text;
    let c = char_at(text, i);
    let mut end = i + c.len_utf8();
    while let Some(n) = text[end..].chars().next().filter(|&n| invisible_name(n).is_some()) {
        end += n.len_utf8();
    }
    if c == '\u{FEFF}' && i == 0 && doc.origin == Origin::default() {
        let f = Finding::new(&INVISIBLE, 0..3, "byte-order mark U+FEFF at the start of the file")
            .with_severity(Severity::Info)
            .with_suggestion("");
        out.push(f);
        return 3;
    }
    let (prev, next) = (prev_char(text, i), text[end..].chars().next());
    if !flagged(text, i..end, prev, next) {
        return end;
    }
    let inside = prev.is_some_and(crate::token::is_alnum) && next.is_some_and(crate::token::is_alnum);
    let span = if inside { widen_to_word(text, i, end) } else { i..end };
    let chunk = &text[span.clone()];
    // The repair drops every invisible character of the word.
    let mut names: Vec<&str> = Vec::new();
    let mut fixed = String::with_capacity(chunk.len());
    for ch in chunk.chars() {
        match invisible_name(ch) {
            Some(name) => {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            None => fixed.push(ch),
        }
    }
    let list: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let list = list.join(", ");
    let msg = if inside {
        format!("invisible {list} inside \"{}\"", chunk.escape_debug())
    } else if c == '\u{FEFF}' {
        "byte-order mark U+FEFF in the middle of the text (files joined together?)".to_string()
    } else {
        format!("invisible {list} between words")
    };
    out.push(Finding::new(&INVISIBLE, span.clone(), msg).with_suggestion(fixed));
    span.end.max(end)
}

/// Whether the invisible run `span` (first character `text[span.start]`) is a
/// defect, given its neighbours: joiners in emoji and joining scripts, zero-width
/// spaces in spaceless scripts and direction marks in right-to-left text are not.
fn flagged(text: &str, span: Range<usize>, prev: Option<char>, next: Option<char>) -> bool {
    let any = |f: fn(char) -> bool| prev.is_some_and(f) || next.is_some_and(f);
    let run = &text[span.clone()];
    if run.chars().all(|c| matches!(c, '\u{200C}' | '\u{200D}')) && (any(scripts::is_emoji) || any(scripts::joins)) {
        return false;
    }
    if run.chars().all(|c| matches!(c, '\u{200B}' | '\u{2060}')) && any(scripts::spaceless) {
        return false;
    }
    if run.chars().all(is_bidi) {
        // Direction marks belong wherever the line has right-to-left letters.
        let bytes = text.as_bytes();
        let ls = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |k| k + 1);
        let le = memchr::memchr(b'\n', &bytes[span.end..]).map_or(text.len(), |k| span.end + k);
        if text[ls..le].chars().any(scripts::is_rtl) {
            return false;
        }
    }
    true
}

/// The per-word checks: normalization and mixed scripts.
fn words(doc: &Document, seen: &Seen, out: &mut Vec<Finding>) {
    let text = doc.text;
    let check_nfc = seen.maybe_not_nfc;
    if !check_nfc && !seen.greek_or_cyrillic {
        return;
    }
    for t in &doc.tokens {
        // Longer than any word: not worth quoting whole in a message.
        if t.is_ascii() || t.end() - t.start() > 160 {
            continue;
        }
        let w = &text[t.range()];
        if check_nfc && is_nfc_quick(w.chars()) != IsNormalized::Yes && !is_nfc(w) {
            not_nfc(text, t.range(), out);
        }
        if seen.greek_or_cyrillic && t.kind == TokenKind::Word {
            if let Some(m) = scripts::mixed(w) {
                mixed_script(t.range(), w, &m, out);
            }
        }
    }
}

fn not_nfc(text: &str, span: Range<usize>, out: &mut Vec<Finding>) {
    let w = &text[span.clone()];
    let fixed: String = w.nfc().collect();
    let marks: Vec<String> = w
        .chars()
        .filter(|&c| unicode_normalization::char::is_combining_mark(c))
        .take(3)
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    let (msg, severity) = if fixed.chars().count() == w.chars().count() {
        // Only singletons changed (Ohm sign, Angstrom sign, compatibility ideographs).
        (format!("\"{w}\" is not in Unicode normalization form NFC: it has characters NFC replaces by equivalents (\"{fixed}\")"), Severity::Info)
    } else if marks.is_empty() {
        (format!("\"{w}\" is not in Unicode normalization form NFC (NFC: \"{fixed}\")"), Severity::Warning)
    } else {
        (
            format!(
                "\"{w}\" is not in Unicode normalization form NFC: a letter and its combining accent ({}) are separate characters",
                marks.join(", ")
            ),
            Severity::Warning,
        )
    };
    out.push(Finding::new(&NOT_NFC, span, msg).with_severity(severity).with_suggestion(fixed));
}

fn mixed_script(span: Range<usize>, w: &str, m: &scripts::Mixed, out: &mut Vec<Finding>) {
    let foreign: String = w.chars().filter(|&c| scripts::script(c) == m.foreign).collect();
    let (letters, look) = if foreign.chars().count() == 1 { ("letter", "looks") } else { ("letters", "look") };
    match &m.respelled {
        Some(fixed) => {
            let msg = format!(
                "\"{w}\" is a {} word with {} {letters} \"{foreign}\" that {look} the same (a homoglyph); in {} it is \"{fixed}\"",
                m.main.name(),
                m.foreign.name(),
                m.main.name()
            );
            out.push(Finding::new(&MIXED_SCRIPT, span, msg).with_suggestion(fixed.clone()));
        }
        None => {
            let msg = format!("\"{w}\" mixes {} and {} {letters} (\"{foreign}\")", m.main.name(), m.foreign.name());
            out.push(Finding::new(&MIXED_SCRIPT, span, msg).with_severity(Severity::Info));
        }
    }
}
