//! The text of duplicate findings, read back from the file.
//!
//! A finding quotes the text it points at; a duplicate finding points at whole lines
//! that are only known once every file has been read. Signatures keep no text, so
//! the few files with duplicate findings are read again, decoded exactly as the
//! pipeline decoded them, and the quoted part (at most [`MAX_TEXT_CHARS`]
//! characters) is cut out in one pass.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::check::MAX_TEXT_CHARS;
use crate::read::{for_each_chunk, sniff, Encoding, SNIFF};

/// A span of whole lines: from line `from` column 1 to line `to`, column `end`
/// (1-based, exclusive), as reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First line.
    pub from: u32,
    /// Last line.
    pub to: u32,
    /// End column on the last line (exclusive).
    pub end: u32,
}

/// The quoted text of each span of `path`, cut to [`MAX_TEXT_CHARS`] characters and
/// "…" as for any finding; `None` if the file cannot be read again.
pub fn excerpts(path: &Path, spans: &[Span]) -> Option<Vec<String>> {
    let mut f = File::open(path).ok()?;
    let mut head = vec![0u8; SNIFF];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    head.truncate(n);
    let enc = match sniff(&head) {
        Encoding::Binary => Encoding::Utf8,
        e => e,
    };
    excerpts_from(head, f, enc, spans)
}

/// [`excerpts`] of a text held in memory.
pub fn excerpts_in(text: &str, spans: &[Span]) -> Option<Vec<String>> {
    excerpts_from(Vec::new(), text.as_bytes(), Encoding::Utf8, spans)
}

fn excerpts_from(head: Vec<u8>, f: impl Read, enc: Encoding, spans: &[Span]) -> Option<Vec<String>> {
    let mut out: Vec<(String, usize, bool)> = vec![(String::new(), 0, false); spans.len()];
    let mut active: Vec<bool> = vec![false; spans.len()];
    for_each_chunk(head, f, enc, |chunk| {
        let mut line = chunk.origin.line as u32 + 1;
        let mut col = chunk.origin.column as u32 + 1;
        let mut chars = chunk.text.chars().peekable();
        while let Some(c) = chars.next() {
            for (i, s) in spans.iter().enumerate() {
                let o = &mut out[i];
                if o.2 {
                    continue;
                }
                if !active[i] && line == s.from && col == 1 {
                    active[i] = true;
                }
                if active[i] {
                    if (line == s.to && col >= s.end) || line > s.to || o.1 > MAX_TEXT_CHARS {
                        o.2 = true;
                        continue;
                    }
                    o.0.push(c);
                    o.1 += 1;
                }
            }
            // Line breaks as `Document` counts them: `\n`, `\r\n`, a lone `\r`.
            if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
    })
    .ok()?;
    Some(
        out.into_iter()
            .map(|(s, n, _)| match s.char_indices().nth(MAX_TEXT_CHARS) {
                Some((i, _)) if n > MAX_TEXT_CHARS => format!("{}…", &s[..i]),
                _ => s,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_whole_lines_and_cuts_long_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        let long = "x".repeat(300);
        std::fs::write(&p, format!("one\r\ntwo words\r\nthree\n{long}\n")).unwrap();
        let got = excerpts(
            &p,
            &[Span { from: 2, to: 3, end: 6 }, Span { from: 1, to: 1, end: 4 }, Span { from: 4, to: 4, end: 301 }],
        )
        .unwrap();
        assert_eq!(got[0], "two words\r\nthree");
        assert_eq!(got[1], "one");
        assert_eq!(got[2], format!("{}…", "x".repeat(MAX_TEXT_CHARS)));
        assert!(excerpts(&dir.path().join("missing"), &[]).is_none());
        assert_eq!(excerpts_in("one\ntwo\n", &[Span { from: 2, to: 2, end: 4 }]).unwrap(), vec!["two"]);
    }
}
