//! The `json` format: one object, `{"files": [...], "summary": {...}}`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::{category_scores, FileReport, RunReport};

#[derive(Serialize)]
struct Out<'a> {
    files: Vec<FileOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    passed: usize,
    failed: usize,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    score: u8,
    passed: bool,
    words: usize,
    categories: BTreeMap<&'static str, u8>,
    findings: Vec<FindingOut<'a>>,
    duplicates: Vec<DupOut<'a>>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    category: &'static str,
    rule: &'static str,
    severity: &'static str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct DupOut<'a> {
    path: &'a str,
    similarity: f64,
    kind: &'static str,
}

fn file(f: &FileReport) -> FileOut<'_> {
    FileOut {
        path: &f.path,
        score: f.scores.file,
        passed: f.passed,
        words: f.words,
        categories: category_scores(f).map(|(c, s)| (c.as_str(), s)).collect(),
        findings: f
            .findings
            .iter()
            .map(|l| FindingOut {
                category: l.rule.category.as_str(),
                rule: l.rule.name,
                severity: l.severity.as_str(),
                line: l.start.line,
                column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
                text: &l.text,
                message: &l.message,
                suggestion: l.suggestion.as_deref(),
            })
            .collect(),
        duplicates: f
            .duplicates
            .iter()
            .map(|d| DupOut {
                path: &d.path,
                similarity: (d.similarity * 1000.0).round() / 1000.0,
                kind: d.kind.as_str(),
            })
            .collect(),
    }
}

/// Writes the whole run as one JSON object and a newline.
pub fn write(run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let passed = run.files.iter().filter(|f| f.passed).count();
    let o = Out {
        files: run.files.iter().map(file).collect(),
        summary: Summary { files: run.files.len(), passed, failed: run.files.len() - passed },
    };
    serde_json::to_writer(&mut *out, &o)?;
    writeln!(out)
}
