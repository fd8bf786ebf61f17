//! Baselines: today's findings recorded in a file, so that a gate judges only new ones.
//!
//! A finding is keyed by its file (relative to the baseline file's folder), its rule
//! code, the flagged text and a fingerprint of the words around it on its line — never
//! by line number, so an edit on another line does not make an old finding "new". The
//! same key recorded twice matches two findings. The file is JSON, one finding per
//! line, sorted, with a `version` field:
//!
//! ```text
//! {"version": 1, "findings": [
//! {"path": "docs/a.md", "rule": "ENC001", "text": "Itâ€™s", "context": "5a1c0e2f9b3d4478", "count": 1}
//! ]}
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::token::TokenKind;

/// The baseline format version written and accepted.
pub const VERSION: u32 = 1;
/// Characters of flagged text kept in a key.
pub const KEY_TEXT_CHARS: usize = 100;
/// Words on each side of a finding that make its context fingerprint.
pub const CONTEXT_WORDS: usize = 4;

/// What identifies a finding within one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// Rule code.
    pub rule: String,
    /// The flagged text (whitespace runs as one space, cut to [`KEY_TEXT_CHARS`]).
    pub text: String,
    /// Fingerprint of the words around it (16 hex digits), or empty.
    pub context: String,
}

/// Recorded findings: per file, per key, how many.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    /// Folder the paths are relative to (the baseline file's).
    pub base: PathBuf,
    /// Path → key → count.
    pub files: BTreeMap<String, BTreeMap<Key, u32>>,
}

/// What the baseline did in a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Findings hidden because the baseline has them.
    pub hidden: usize,
    /// The findings recorded (with `--write-baseline`).
    pub recorded: Option<Baseline>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    text: String,
    context: String,
    count: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

impl Baseline {
    /// An empty baseline whose paths are relative to the folder of `file`.
    pub fn for_file(file: &Path) -> Self {
        let abs = absolute(file);
        Baseline { base: abs.parent().map(Path::to_path_buf).unwrap_or_default(), files: BTreeMap::new() }
    }

    /// Reads a baseline file.
    pub fn read(file: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let parsed: FileFormat =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a garbled baseline: {e}", file.display()))?;
        if parsed.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (this garbled writes version {VERSION})",
                file.display(),
                parsed.version
            ));
        }
        let mut b = Baseline::for_file(file);
        for e in parsed.findings {
            let key = Key { rule: e.rule, text: e.text, context: e.context };
            *b.files.entry(e.path).or_default().entry(key).or_default() += e.count;
        }
        Ok(b)
    }

    /// The baseline as JSON: sorted, one finding per line.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"version\": {VERSION}, \"findings\": [\n");
        let mut first = true;
        for (path, keys) in &self.files {
            for (k, &count) in keys {
                let e = Entry {
                    path: path.clone(),
                    rule: k.rule.clone(),
                    text: k.text.clone(),
                    context: k.context.clone(),
                    count,
                };
                if !first {
                    out.push_str(",\n");
                }
                first = false;
                out.push_str(&serde_json::to_string(&e).expect("strings serialize"));
            }
        }
        out.push_str("\n]}\n");
        out
    }

    /// Number of findings recorded.
    pub fn len(&self) -> usize {
        self.files.values().flat_map(|m| m.values()).map(|&c| c as usize).sum()
    }

    /// True if no finding is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name a file is recorded under: relative to [`Baseline::base`] with `/`
    /// separators when it lies below it, else absolute. `stdin` names stay as given.
    pub fn key_path(&self, path: &Path) -> String {
        let abs = absolute(path);
        match abs.strip_prefix(&self.base) {
            Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => abs.display().to_string(),
        }
    }

    /// Adds one finding.
    pub fn add(&mut self, path: &str, key: Key) {
        *self.files.entry(path.to_string()).or_default().entry(key).or_default() += 1;
    }
}

/// `path` made absolute (against the working directory) with `.` and `..` removed.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The key of a finding with byte span `span` of rule `rule` in `doc`.
pub fn key(doc: &Document, rule: &str, span: Range<usize>) -> Key {
    let text = doc.text;
    let s = floor(text, span.start.min(text.len()));
    let e = floor(text, span.end.min(text.len())).max(s);
    let mut flagged = String::new();
    for (n, w) in text[s..e].split_whitespace().enumerate() {
        if flagged.chars().count() >= KEY_TEXT_CHARS {
            break;
        }
        if n > 0 {
            flagged.push(' ');
        }
        flagged.push_str(w);
    }
    if let Some((i, _)) = flagged.char_indices().nth(KEY_TEXT_CHARS) {
        flagged.truncate(i);
    }
    Key { rule: rule.to_string(), text: flagged, context: context(doc, s..e) }
}

/// Fingerprint of up to [`CONTEXT_WORDS`] words before and after `span`, lower-cased,
/// on the lines where it starts and ends: edits on other lines never change it.
pub fn context(doc: &Document, span: Range<usize>) -> String {
    let toks = &doc.tokens;
    let bytes = doc.text.as_bytes();
    let span = span.start.min(bytes.len())..span.end.min(bytes.len()).max(span.start.min(bytes.len()));
    let line_start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(bytes.len(), |i| span.end + i);
    let first = toks.partition_point(|t| t.end() <= span.start);
    let after = toks.partition_point(|t| t.start() < span.end.max(span.start + 1)).max(first);
    let is_word = |k: &usize| matches!(toks[*k].kind, TokenKind::Word | TokenKind::Number);
    let before: Vec<usize> =
        (0..first).rev().take_while(|&k| toks[k].start() >= line_start).filter(is_word).take(CONTEXT_WORDS).collect();
    let next: Vec<usize> =
        (after..toks.len()).take_while(|&k| toks[k].end() <= line_end).filter(is_word).take(CONTEXT_WORDS).collect();
    let mut h = Fnv::default();
    for &k in before.iter().rev() {
        h.word(doc.token_text(k));
    }
    h.byte(b'|');
    for &k in &next {
        h.word(doc.token_text(k));
    }
    format!("{:016x}", h.0)
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 64-bit FNV-1a: small, stable across versions and platforms.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn word(&mut self, w: &str) {
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(b);
            }
        }
        self.byte(b' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_other_lines_but_not_nearby_words() {
        let a = Document::plain("Intro line.\n\nThe kettle boiled twice befor breakfast was served.");
        let b = Document::plain(
            "A longer intro\nwith two lines.\nThe kettle boiled twice befor breakfast was served.\nEnd",
        );
        let c = Document::plain("Intro line.\n\nThe pot boiled twice befor breakfast was served.");
        let at = |d: &Document| {
            let s = d.text.find("befor").unwrap();
            key(d, "WRD001", s..s + 5)
        };
        assert_eq!(at(&a), at(&b));
        assert_eq!(at(&a).text, "befor");
        assert_ne!(at(&a).context, at(&c).context, "a word within the context changed");
    }

    #[test]
    fn key_text_is_normalized_and_cut() {
        let long = "word ".repeat(60);
        let d = Document::plain(&long);
        let k = key(&d, "REP002", 0..long.len());
        assert_eq!(k.text.chars().count(), KEY_TEXT_CHARS);
        let d = Document::plain("a  b\n\tc");
        assert_eq!(key(&d, "X", 0..d.text.len()).text, "a b c");
        // Out-of-range and mid-character spans do not panic.
        let d = Document::plain("é");
        let _ = key(&d, "X", 1..9);
        let _ = key(&Document::plain(""), "X", 0..0);
    }

    #[test]
    fn json_round_trip_is_sorted_and_counts_multiplicity() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        let mut b = Baseline::for_file(&file);
        let k = |t: &str| Key { rule: "ENC001".into(), text: t.into(), context: "00".into() };
        b.add("z.txt", k("x"));
        b.add("a.txt", k("y"));
        b.add("a.txt", k("y"));
        let json = b.to_json();
        assert!(json.starts_with("{\"version\": 1, \"findings\": [\n{\"path\":\"a.txt\""), "{json}");
        assert!(json.contains("\"count\":2"));
        std::fs::write(&file, &json).unwrap();
        let back = Baseline::read(&file).unwrap();
        assert_eq!(back.files, b.files);
        assert_eq!(back.len(), 3);
        assert_eq!(back.key_path(&dir.path().join("sub/../c.md")), "c.md");
        std::fs::write(&file, "{\"version\": 9, \"findings\": []}").unwrap();
        assert!(Baseline::read(&file).unwrap_err().contains("version 9"));
        std::fs::write(&file, "not json").unwrap();
        assert!(Baseline::read(&file).unwrap_err().contains("not a garbled baseline"));
    }
}
