//! The `jsonl` format: one JSON object a line, per checked file or streamed document,
//! written as each is done. Categories and findings have the shape of the `json`
//! format; findings also carry the rule `code`.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{finding, round3, Categories, FindingOut};
use crate::check::{FileReport, RunReport};

#[derive(Serialize)]
struct Record<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
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
        path: doc.is_none().then_some(f.path.as_str()),
        id: doc.map(|d| d.id),
        file: doc.map(|d| d.file),
        line: doc.map(|d| d.line),
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
                match others.get(i).copied().flatten() {
                    Some(o) => {
                        DupRec { path: None, id: Some(o.id), file: Some(o.file), line: Some(o.line), similarity, kind }
                    }
                    None => DupRec { path: Some(&d.path), id: None, file: None, line: None, similarity, kind },
                }
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
