//! The encoding analyzer: mojibake (UTF-8 read as Windows-1252 or Latin-1, once or
//! twice) and invalid UTF-8 bytes, each with the repaired text when it can be known.
//!
//! U+FFFD characters already in the text (from a lossy conversion before garbled
//! saw the file) are the unicode analyzer's business; here only the invalid bytes
//! of this file, recorded by [`crate::read`] in [`Document::invalid`], are reported.

pub(crate) mod cp1252;
pub(crate) mod mojibake;
#[cfg(test)]
mod tests;

use std::fmt::Write;

use super::{Analyzer, Context};
use crate::document::{Document, InvalidBytes};
use crate::finding::{Category, Finding, Severity};
use crate::rules::Rule;

/// ENC001: UTF-8 text decoded as Windows-1252 or Latin-1.
pub static MOJIBAKE: Rule = Rule {
    code: "ENC001",
    name: "mojibake",
    category: Category::Encoding,
    severity: Severity::Error,
    summary: "UTF-8 text that was decoded as Windows-1252 or Latin-1 (\"â€™\" for \"’\", \"Ã©\" for \"é\")",
    doc: r#"## What it does
Finds runs of characters such as `â€™`, `â€œ`, `Ã©`, `Â ` or `Ã¢â‚¬â„¢`: the
bytes of UTF-8 text that some program decoded as Windows-1252 (or Latin-1) and
saved again as UTF-8, sometimes twice. Each run is repaired by mapping every
character back to its byte and decoding the bytes as UTF-8, and only reported when
the repair gives a real character (a letter, punctuation, an emoji).

## Why is this bad?
Readers see garbage in place of quotation marks, dashes and accented letters, and
every later step (search, spelling, statistics) sees words that do not exist.

## Example
```text
Itâ€™s a cafÃ© â€œfavouriteâ€
```
is reported three times, with the suggestions `It’s`, `café` and `“favourite”`.
A genuine `Ã` or `Â` (Portuguese `SÃO PAULO`, Romanian capitals) is left alone.

## How to silence it
Repair the text (the suggestion is the repair), or raise `--fail-under`."#,
};

/// ENC002: bytes that are not valid UTF-8.
pub static INVALID_UTF8: Rule = Rule {
    code: "ENC002",
    name: "invalid-utf8",
    category: Category::Encoding,
    severity: Severity::Error,
    summary: "bytes that are not valid UTF-8 (often a Latin-1 or Windows-1252 file)",
    doc: r#"## What it does
Reports every run of bytes that is not valid UTF-8 (garbled shows them as U+FFFD),
naming the bytes in hex. When they read as Latin-1 or Windows-1252 letters or
punctuation, the message says so and the suggestion is the word decoded that way.
A UTF-8 sequence cut short is reported as truncated. Surrogate code points (an
unpaired half of a UTF-16 pair in a UTF-16 file, or UTF-16 halves written as UTF-8)
are reported under this rule too, by code point.

## Why is this bad?
The file is not the UTF-8 it claims to be: tools that read it lose those
characters or refuse it, and a file mixing encodings cannot be fixed by converting
the whole of it.

## Example
The bytes `caf\xE9` give `invalid UTF-8 byte 0xE9 (it looks like Latin-1 or
Windows-1252, where it is "é")`, suggestion `café`.

## How to silence it
Convert the file to UTF-8 (for example `iconv -f WINDOWS-1252 -t UTF-8`), or
raise `--fail-under`."#,
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[&MOJIBAKE, &INVALID_UTF8];

/// Detects mojibake and invalid UTF-8.
pub struct Encoding;

impl Analyzer for Encoding {
    fn name(&self) -> &'static str {
        "encoding"
    }

    fn analyze(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        if !doc.invalid.is_empty() {
            invalid_utf8(doc.text, doc.invalid, out);
        }
        if doc.text.is_ascii() {
            return;
        }
        for run in mojibake::runs(doc.text) {
            let bad = &doc.text[run.span.clone()];
            let source = if run.latin1 { "Latin-1" } else { "Windows-1252" };
            let times = if run.layers > 1 { format!(" {} times", run.layers) } else { String::new() };
            let message =
                format!("mojibake \"{bad}\": UTF-8 decoded as {source}{times}; it should read \"{}\"", run.repaired);
            out.push(Finding::new(&MOJIBAKE, run.span, message).with_suggestion(run.repaired));
        }
    }
}

/// Reports the invalid byte runs, grouped by word: `r\xE9sum\xE9` is one finding.
fn invalid_utf8(text: &str, invalid: &[InvalidBytes], out: &mut Vec<Finding>) {
    let mut k = 0;
    while k < invalid.len() {
        let first = k;
        let valid = |r: &std::ops::Range<usize>| {
            r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        };
        if !valid(&invalid[k].span) {
            k += 1;
            continue;
        }
        let start = mojibake::widen(text, invalid[k].span.clone(), char::is_alphanumeric).start;
        let mut end = invalid[k].span.end;
        loop {
            end = mojibake::widen(text, end..end, char::is_alphanumeric).end;
            match invalid.get(k + 1) {
                Some(n) if n.span.start == end && valid(&n.span) && n.span.end > end && end - start < 200 => {
                    end = n.span.end;
                    k += 1;
                }
                _ => break,
            }
        }
        k += 1;
        out.push(invalid_finding(text, start..end, &invalid[first..k]));
    }
}

/// What the bytes of an invalid run are, read as something else.
enum Reading {
    /// Surrogate code points (unpaired UTF-16 halves, or UTF-16 pairs written as
    /// UTF-8 one half at a time): the code units.
    Surrogates(Vec<u16>),
    /// A UTF-8 sequence cut short.
    Truncated,
    /// Latin-1/Windows-1252 text: the characters.
    Legacy(String),
    /// Nothing recognisable.
    Unknown,
}

fn read_bytes(bytes: &[u8]) -> Reading {
    if !bytes.is_empty() && bytes.len().is_multiple_of(3) {
        let units: Option<Vec<u16>> = bytes
            .chunks(3)
            .map(|b| match *b {
                [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF] => {
                    Some(0xD000 | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F))
                }
                _ => None,
            })
            .collect();
        if let Some(units) = units {
            return Reading::Surrogates(units);
        }
    }
    if let [lead, rest @ ..] = bytes {
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need > rest.len() && rest.iter().all(|b| (0x80..=0xBF).contains(b)) && !rest.is_empty() {
            return Reading::Truncated;
        }
    }
    let mut s = String::new();
    for &b in bytes {
        let c = cp1252::to_char(b);
        let plausible = !cp1252::is_undefined(b)
            && b < 0xFE
            && (c.is_alphabetic()
                || matches!(
                    c,
                    '’' | '‘'
                        | '“'
                        | '”'
                        | '–'
                        | '—'
                        | '…'
                        | '•'
                        | '€'
                        | '£'
                        | '©'
                        | '®'
                        | '°'
                        | '±'
                        | '·'
                        | '\u{A0}'
                        | '«'
                        | '»'
                        | '¿'
                        | '¡'
                        | '½'
                        | '¼'
                        | '¾'
                        | '²'
                        | '³'
                        | '×'
                        | '§'
                        | '¶'
                        | '¢'
                        | '¥'
                        | '™'
                ));
        if !plausible {
            return Reading::Unknown;
        }
        s.push(c);
    }
    Reading::Legacy(s)
}

fn invalid_finding(text: &str, span: std::ops::Range<usize>, runs: &[InvalidBytes]) -> Finding {
    let bytes: Vec<u8> = runs.iter().flat_map(|r| r.bytes.iter().copied()).collect();
    let mut hex = String::new();
    for (n, b) in bytes.iter().enumerate() {
        if n == 8 {
            hex.push_str(" …");
            break;
        }
        let _ = write!(hex, "{}0x{b:02X}", if n > 0 { " " } else { "" });
    }
    let noun = if bytes.len() == 1 { "byte" } else { "bytes" };
    let readings: Vec<Reading> = runs.iter().map(|r| read_bytes(&r.bytes)).collect();
    if readings.iter().all(|r| matches!(r, Reading::Surrogates(_))) {
        return surrogate_finding(text, span, runs, &readings);
    }
    if readings.iter().any(|r| matches!(r, Reading::Truncated)) {
        let message = format!("truncated UTF-8 sequence: invalid {noun} {hex}");
        return Finding::new(&INVALID_UTF8, span, message);
    }
    if readings.iter().all(|r| matches!(r, Reading::Legacy(_))) {
        let mut fixed = String::with_capacity(span.len());
        let mut chars = String::new();
        let mut at = span.start;
        for (r, reading) in runs.iter().zip(&readings) {
            if let Reading::Legacy(s) = reading {
                fixed.push_str(&text[at..r.span.start]);
                fixed.push_str(s);
                chars.push_str(s);
                at = r.span.end;
            }
        }
        fixed.push_str(&text[at..span.end]);
        let message = format!(
            "invalid UTF-8 {noun} {hex} in \"{}\": it looks like Latin-1 or Windows-1252, where it is \"{chars}\"",
            &text[span.clone()]
        );
        return Finding::new(&INVALID_UTF8, span, message).with_suggestion(fixed);
    }
    let message = format!("invalid UTF-8 {noun} {hex}");
    Finding::new(&INVALID_UTF8, span, message)
}

/// The finding for runs that are all surrogate code points: paired halves get the
/// character as suggestion, unpaired ones are named.
fn surrogate_finding(text: &str, span: std::ops::Range<usize>, runs: &[InvalidBytes], readings: &[Reading]) -> Finding {
    let mut names = Vec::new();
    let mut fixed = String::new();
    let mut chars = String::new();
    let mut paired = true;
    let mut at = span.start;
    for (r, reading) in runs.iter().zip(readings) {
        if let Reading::Surrogates(units) = reading {
            names.extend(units.iter().map(|u| format!("U+{u:04X}")));
            match char::decode_utf16(units.iter().copied()).collect::<Result<String, _>>() {
                Ok(c) => {
                    fixed.push_str(&text[at..r.span.start]);
                    fixed.push_str(&c);
                    chars.push_str(&c);
                    at = r.span.end;
                }
                Err(_) => paired = false,
            }
        }
    }
    let names = names.join(" ");
    let flagged = &text[span.clone()];
    if paired {
        fixed.push_str(&text[at..span.end]);
        let message = format!(
            "surrogates {names} in \"{flagged}\": a UTF-16 pair written as two separate halves; it should be \"{chars}\""
        );
        return Finding::new(&INVALID_UTF8, span, message).with_suggestion(fixed);
    }
    let message =
        format!("unpaired surrogate {names} in \"{flagged}\": half of a UTF-16 pair (such as an emoji cut in two), not a character");
    Finding::new(&INVALID_UTF8, span, message)
}
