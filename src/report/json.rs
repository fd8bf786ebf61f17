//! The `json` format: one object, `{"files": [...], "summary": {...}}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{FileReport, Located, RunReport};
use crate::finding::Category;

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
    categories: Categories,
    findings: Vec<FindingOut<'a>>,
    duplicates: Vec<DupOut<'a>>,
}

/// Category scores in the contract's key order (the order of [`Category::ALL`]).
#[derive(Serialize)]
pub(super) struct Categories {
    spin: u8,
    encoding: u8,
    unicode: u8,
    #[serde(rename = "word-boundary")]
    word_boundary: u8,
    boilerplate: u8,
    repetition: u8,
    duplicate: u8,
}

impl Categories {
    pub(super) fn of(f: &FileReport) -> Self {
        let c = |cat: Category| f.scores.categories[cat.index()];
        Categories {
            spin: c(Category::Spin),
            encoding: c(Category::Encoding),
            unicode: c(Category::Unicode),
            word_boundary: c(Category::WordBoundary),
            boilerplate: c(Category::Boilerplate),
            repetition: c(Category::Repetition),
            duplicate: c(Category::Duplicate),
        }
    }
}

#[derive(Serialize)]
pub(super) struct FindingOut<'a> {
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

/// A finding as the JSON report shows it.
pub(super) fn finding(l: &Located) -> FindingOut<'_> {
    FindingOut {
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
    }
}

fn file(f: &FileReport) -> FileOut<'_> {
    FileOut {
        path: &f.path,
        score: f.scores.file,
        passed: f.passed,
        words: f.words,
        categories: Categories::of(f),
        findings: f.findings.iter().map(finding).collect(),
        duplicates: f
            .duplicates
            .iter()
            .map(|d| DupOut { path: &d.path, similarity: round3(d.similarity), kind: d.kind.as_str() })
            .collect(),
    }
}

/// A similarity as reported: three decimals.
pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Writes the whole run as one JSON object and a newline.
pub fn write(run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let passed = run.files.iter().filter(|f| f.passed).count();
    let o = Out {
        files: run.files.iter().map(file).collect(),
        summary: Summary { files: run.files.len(), passed, failed: run.files.len() - passed },
    };
    super::write_json(&o, false, out)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Tally;

    #[test]
    fn categories_keep_contract_order() {
        let mut scores = Tally::default().scores(10);
        for (i, s) in scores.categories.iter_mut().enumerate() {
            *s = 90 + i as u8;
        }
        let f = FileReport {
            path: "p".into(),
            words: 10,
            scores,
            passed: true,
            findings: Vec::new(),
            duplicates: Vec::new(),
        };
        let json = serde_json::to_string(&Categories::of(&f)).unwrap();
        let expected: Vec<String> =
            Category::ALL.iter().map(|c| format!("\"{}\":{}", c.as_str(), 90 + c.index())).collect();
        assert_eq!(json, format!("{{{}}}", expected.join(",")));
    }
}
