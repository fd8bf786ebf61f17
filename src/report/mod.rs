//! Reporters: turn a [`RunReport`] into bytes in one output format. A reporter
//! never computes; it only formats what the pipeline decided.

mod github;
mod gitlab;
mod json;
pub mod jsonl;
mod junit;
mod path;
pub mod progress;
mod sarif;
mod text;

use std::io::{self, Write};

use crate::check::RunReport;

/// The output formats of `garbled check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, a score line per file, a summary.
    Text,
    /// One JSON object with every file (a public interface: see README).
    Json,
    /// One JSON object a line per file, written as files finish (see README, "Streaming JSONL").
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools (GitHub code scanning, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the changed files.
    Github,
    /// JUnit XML, one testcase per file (GitLab, Jenkins and other CI servers).
    Junit,
    /// GitLab Code Quality JSON (Code Climate subset), for the merge-request widget.
    Gitlab,
}

/// Rendering settings shared by the formats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours (text format only).
    pub color: bool,
    /// List info findings too (text, github, gitlab and junit formats; JSON and SARIF always have them).
    pub show_info: bool,
    /// Text format: only findings and the score lines of failing files (no passing
    /// files' score lines, no summary).
    pub quiet: bool,
}

/// Writes `run` to `out` in `format`.
pub fn write(run: &RunReport, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::write(run, style, out),
        Format::Json => json::write(run, out),
        Format::Jsonl => jsonl::write(run, out),
        Format::Sarif => sarif::write(run, out),
        Format::Github => github::write(run, style, out),
        Format::Junit => junit::write(run, style, out),
        Format::Gitlab => gitlab::write(run, style, out),
    }
}

/// Serializes `value` as JSON (indented if `pretty`) to `out` through a buffer of its own:
/// serde_json writes each key, value and punctuation mark apart, and through `dyn Write`
/// every one of those small writes was a call through a vtable.
fn write_json<T: serde::Serialize>(value: &T, pretty: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, out);
    if pretty {
        serde_json::to_writer_pretty(&mut buf, value)?;
    } else {
        serde_json::to_writer(&mut buf, value)?;
    }
    buf.flush()
}

/// A suggestion as the line formats show it after the message: ` [replacement]`, or
/// ` [delete it]` where the fix removes the flagged text (an empty replacement would
/// show as `[]`).
fn bracketed(suggestion: &str) -> String {
    if suggestion.is_empty() {
        " [delete it]".to_string()
    } else {
        format!(" [{suggestion}]")
    }
}

/// The message of the CI formats for a file below the gate: `score 14/100, below the
/// gate of 50 (encoding 34, unicode 56): the file fails`.
fn gate_failure(f: &crate::check::FileReport, fail_under: u8) -> String {
    let low: Vec<String> =
        crate::check::category_scores(f).filter(|&(_, s)| s < 100).map(|(c, s)| format!("{c} {s}")).collect();
    let detail = if low.is_empty() { String::new() } else { format!(" ({})", low.join(", ")) };
    format!("score {}/100, below the gate of {fail_under}{detail}: the file fails", f.scores.file)
}

/// Writes the notices (errors and notes) of `run` to `err`, one line each.
pub fn write_notices(run: &RunReport, err: &mut dyn Write) -> io::Result<()> {
    for n in &run.notices {
        match n {
            crate::check::Notice::Error { path, message } => writeln!(err, "garbled: error: {path}: {message}")?,
            crate::check::Notice::Note { path, message } => writeln!(err, "garbled: note: {path}: {message}")?,
        }
    }
    Ok(())
}

/// Writes only the error notices of `run` (what `--quiet` keeps) to `err`.
pub fn write_errors(run: &RunReport, err: &mut dyn Write) -> io::Result<()> {
    for n in &run.notices {
        if let crate::check::Notice::Error { path, message } = n {
            writeln!(err, "garbled: error: {path}: {message}")?;
        }
    }
    Ok(())
}
