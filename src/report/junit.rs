//! The `junit` format: JUnit XML, as CI servers (GitLab, Jenkins, Azure) render it.
//!
//! One `<testsuite>` for the run, one `<testcase>` per checked file (named by its
//! path): a `<failure>` if the file fails the gate, listing its findings one per line
//! (`line:col: category/rule: message [suggestion]`; info findings only with
//! `--show-info`) and its score line; the score line alone, in `<system-out>`, if it
//! passes. A file that could not be read is a testcase with an `<error>`; a file
//! skipped on purpose (binary) is `<skipped>`.

use std::io::{self, Write};

use crate::check::{FileReport, Notice, RunReport};
use crate::finding::Severity;

/// Escapes text for XML element content (`attr` false) or a double-quoted attribute.
/// Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) are
/// written as `[U+XXXX]`.
pub fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("[U+{:04X}]", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// `score 14/100 FAILED (278 words; encoding 34, unicode 56)`, as in the text format.
fn score_line(f: &FileReport) -> String {
    let low: Vec<String> =
        crate::check::category_scores(f).filter(|&(_, s)| s < 100).map(|(c, s)| format!("{c} {s}")).collect();
    let detail = if low.is_empty() { String::new() } else { format!("; {}", low.join(", ")) };
    let noun = if f.words == 1 { "word" } else { "words" };
    let verdict = if f.passed { "passed" } else { "FAILED" };
    format!("score {}/100 {verdict} ({} {noun}{detail})", f.scores.file, f.words)
}

/// Writes the run as one JUnit XML document.
pub fn write(run: &RunReport, style: super::Style, out: &mut dyn Write) -> io::Result<()> {
    let checked: std::collections::BTreeSet<&str> = run.files.iter().map(|f| f.path.as_str()).collect();
    let errors: Vec<(&str, &str)> = run
        .notices
        .iter()
        .filter_map(|n| match n {
            Notice::Error { path, message } => Some((path.as_str(), message.as_str())),
            Notice::Note { .. } => None,
        })
        .collect();
    let skipped: Vec<(&str, &str)> = run
        .notices
        .iter()
        .filter_map(|n| match n {
            Notice::Note { path, message } if !checked.contains(path.as_str()) => {
                Some((path.as_str(), message.as_str()))
            }
            _ => None,
        })
        .collect();
    let failures = run.files.iter().filter(|f| !f.passed).count();
    let tests = run.files.len() + errors.len() + skipped.len();
    let counts =
        format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\" skipped=\"{}\"", errors.len(), skipped.len());
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites name=\"garbled\" {counts}>")?;
    writeln!(out, "  <testsuite name=\"garbled\" {counts}>")?;
    writeln!(out, "    <properties>")?;
    writeln!(out, "      <property name=\"fail_under\" value=\"{}\"/>", run.fail_under)?;
    writeln!(out, "    </properties>")?;
    for f in &run.files {
        let path = escape(&super::path::relative(&f.path), true);
        writeln!(out, "    <testcase name=\"{path}\" classname=\"garbled\" file=\"{path}\">")?;
        if f.passed {
            writeln!(out, "      <system-out>{}</system-out>", escape(&score_line(f), false))?;
        } else {
            let message = format!("score {}/100, below the gate of {}", f.scores.file, run.fail_under);
            write!(out, "      <failure type=\"gate\" message=\"{}\">", escape(&message, true))?;
            for l in f.findings.iter().filter(|l| style.show_info || l.severity > Severity::Info) {
                let mut line =
                    format!("{}:{}: {}/{}: {}", l.start.line, l.start.column, l.rule.category, l.rule.name, l.message);
                if let Some(s) = &l.suggestion {
                    line.push_str(&super::bracketed(s));
                }
                writeln!(out, "{}", escape(&line, false))?;
            }
            writeln!(out, "{}</failure>", escape(&score_line(f), false))?;
        }
        writeln!(out, "    </testcase>")?;
    }
    for (path, message) in &errors {
        let path = escape(&super::path::relative(path), true);
        writeln!(out, "    <testcase name=\"{path}\" classname=\"garbled\" file=\"{path}\">")?;
        writeln!(out, "      <error type=\"read\" message=\"{}\"/>", escape(message, true))?;
        writeln!(out, "    </testcase>")?;
    }
    for (path, message) in &skipped {
        let path = escape(&super::path::relative(path), true);
        writeln!(out, "    <testcase name=\"{path}\" classname=\"garbled\" file=\"{path}\">")?;
        writeln!(out, "      <skipped message=\"{}\"/>", escape(message, true))?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c\"", false), "a&lt;b&gt;&amp;\"c\"");
        assert_eq!(escape("a<b>&\"c\"", true), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("x\u{7}y\u{FFFF}\r\n\t", false), "x[U+0007]y[U+FFFF]&#13;\n\t");
        assert_eq!(escape("\n\t", true), "&#10;&#9;");
    }
}
