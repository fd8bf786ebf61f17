//! The `jsonl` format: one JSON object a line, per checked file or streamed document,
//! written as each is done. Categories and findings have the shape of the `json`
//! format; findings also carry the rule `code`.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{finding, round3, Categories, FindingOut};
use crate::check::{FileReport, RunReport};

/// What a record is about: a file (`path`), or a streamed document (`id`, `file`,
/// `line`); the keys that do not apply are left out.
#[derive(Serialize, Default)]
struct Where<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
}

impl<'a> Where<'a> {
    fn path(path: &'a str) -> Self {
        Where { path: Some(path), ..Where::default() }
    }

    fn doc(d: DocRef<'a>) -> Self {
        Where { path: None, id: Some(d.id), file: Some(d.file), line: Some(d.line) }
    }
}

#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    at: Where<'a>,
    score: u8,
    passed: bool,
    words: usize,
    categories: Categories,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<FindingRec<'a>>>,
    duplicates: Vec<DupRec<'a>>,
}

#[derive(Serialize)]
struct FindingRec<'a> {
    code: &'static str,
    #[serde(flatten)]
    f: FindingOut<'a>,
}

#[derive(Serialize)]
struct DupRec<'a> {
    #[serde(flatten)]
    at: Where<'a>,
    similarity: f64,
    kind: &'static str,
}

#[derive(Serialize)]
struct ErrorRec<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    error: &'a str,
}

/// Where a streamed document came from.
#[derive(Clone, Copy, Debug)]
pub struct DocRef<'a> {
    /// Its id (the id field, or `file:line`).
    pub id: &'a str,
    /// The input file, as named on the command line (or the standard-input name).
    pub file: &'a str,
    /// 1-based line of the record in the (decompressed) file.
    pub line: u64,
}

/// `others[i]` is the document `f.duplicates[i]` names, if it is one (else it is a
/// file of a reference collection, named by path).
fn record<'a>(f: &'a FileReport, doc: Option<DocRef<'a>>, others: &[Option<DocRef<'a>>], findings: bool) -> Record<'a> {
    Record {
        at: doc.map_or_else(|| Where::path(&f.path), Where::doc),
        score: f.scores.file,
        passed: f.passed,
        words: f.words,
        categories: Categories::of(f),
        findings: findings
            .then(|| f.findings.iter().map(|l| FindingRec { code: l.rule.code, f: finding(l) }).collect()),
        duplicates: f
            .duplicates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let (similarity, kind) = (round3(d.similarity), d.kind.as_str());
                let at = others.get(i).copied().flatten().map_or_else(|| Where::path(&d.path), Where::doc);
                DupRec { at, similarity, kind }
            })
            .collect(),
    }
}

/// Writes the record of a checked file: `{"path": ..., "score": ..., ...}` and a newline.
/// Without `findings`, the `findings` key is left out.
pub fn write_file(f: &FileReport, findings: bool, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &record(f, None, &[], findings))?;
    out.write_all(b"\n")
}

/// Writes the record of a streamed document, `{"id", "file", "line", "score", ...}`,
/// and a newline. `others[i]` is the earlier document that `f.duplicates[i]` names
/// (`None` for a file of a reference collection, named by `path`).
pub fn write_doc(
    f: &FileReport,
    doc: DocRef<'_>,
    others: &[Option<DocRef<'_>>],
    findings: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &record(f, Some(doc), others, findings))?;
    out.write_all(b"\n")
}

/// Writes the record of an input that could not be checked: for a file,
/// `{"path", "error"}`; for a streamed record, `{"id" (or null), "file", "line", "error"}`.
pub fn write_error(
    path: Option<&str>,
    doc: Option<(Option<&str>, &str, Option<u64>)>,
    message: &str,
    out: &mut impl Write,
) -> io::Result<()> {
    let r =
        ErrorRec { path, id: doc.map(|d| d.0), file: doc.map(|d| d.1), line: doc.and_then(|d| d.2), error: message };
    serde_json::to_writer(&mut *out, &r)?;
    out.write_all(b"\n")
}

/// Writes a finished run: one file record a line (`garbled check --format jsonl`
/// streams the same records as files finish; see [`crate::stream`]).
pub fn write(run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for f in &run.files {
        write_file(f, true, &mut out)?;
    }
    out.flush()
}
