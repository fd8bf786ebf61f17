//! The `github` format: GitHub Actions workflow commands, one line per finding,
//! which the runner turns into annotations on the pull request's files:
//!
//! ```text
//! ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message [suggestion]
//! ```
//!
//! Errors are `::error`, warnings `::warning`, info findings `::notice` (only with
//! `--show-info`). Every file that fails the gate gets an `::error` line with its
//! score, so a failing file is annotated even when no finding is shown, and a file
//! that could not be read gets one too; these lines come first.

use std::io::{self, Write};

use crate::check::{Notice, RunReport};
use crate::finding::Severity;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value (`file=`, `title=`) of a workflow command: also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// Writes one workflow command per read error, per failing file and per shown finding.
///
/// GitHub shows only the first 10 error and 10 warning annotations of a step, so
/// the lines that explain a non-zero exit (read errors, failing files) come first.
pub fn write(run: &RunReport, style: super::Style, out: &mut dyn Write) -> io::Result<()> {
    for n in &run.notices {
        if let Notice::Error { path, message } = n {
            let file = escape_property(&super::path::relative(path));
            writeln!(out, "::error file={file},title=garbled read error::{}", escape_data(message))?;
        }
    }
    for f in run.files.iter().filter(|f| !f.passed) {
        let file = escape_property(&super::path::relative(&f.path));
        let message = super::gate_failure(f, run.fail_under);
        writeln!(out, "::error file={file},title=garbled score::{}", escape_data(&message))?;
    }
    for f in &run.files {
        let file = escape_property(&super::path::relative(&f.path));
        for l in f.findings.iter().filter(|l| style.show_info || l.severity > Severity::Info) {
            let command = match l.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = escape_property(&format!("{} {}", l.rule.code, l.rule.name));
            let mut message = l.message.clone();
            if let Some(s) = &l.suggestion {
                message.push_str(&super::bracketed(s));
            }
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={title}::{}",
                l.start.line,
                l.start.column,
                l.end.line,
                l.end.column,
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("50% a\r\nb: c, d"), "50%25 a%0D%0Ab%3A c%2C d");
    }
}
