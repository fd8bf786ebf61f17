//! The `text` format: `path:line:col: category/rule: message [suggestion]`.

use std::io::{self, Write};

use crate::check::RunReport;
use crate::finding::Severity;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Writes findings, a score line per file, and a summary.
pub fn write(run: &RunReport, style: super::Style, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint(style.color);
    for f in &run.files {
        for l in f.findings.iter().filter(|l| style.show_info || l.severity > Severity::Info) {
            // Severity shows as the colour of the rule name.
            let colour = match l.severity {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Info => "36",
            };
            let rule = format!("{}/{}", l.rule.category, l.rule.name);
            write!(
                out,
                "{}:{}:{}: {}: {}",
                p.wrap("1", &f.path),
                l.start.line,
                l.start.column,
                p.wrap(colour, &rule),
                l.message
            )?;
            match &l.suggestion {
                Some(s) => writeln!(out, "{}", p.wrap("32", &super::bracketed(s)))?,
                None => writeln!(out)?,
            }
        }
        for d in &f.duplicates {
            writeln!(out, "{}: duplicate: {} of {} (similarity {:.2})", f.path, d.kind.as_str(), d.path, d.similarity)?;
        }
        if style.quiet && f.passed {
            continue;
        }
        let verdict = if f.passed { p.wrap("32", "passed") } else { p.wrap("31", "FAILED") };
        let low: Vec<String> =
            crate::check::category_scores(f).filter(|&(_, s)| s < 100).map(|(c, s)| format!("{c} {s}")).collect();
        let detail = if low.is_empty() { String::new() } else { format!("; {}", low.join(", ")) };
        let noun = if f.words == 1 { "word" } else { "words" };
        writeln!(out, "{}: score {}/100 {verdict} ({} {noun}{detail})", f.path, f.scores.file, f.words)?;
    }
    if style.quiet {
        return Ok(());
    }
    let passed = run.files.iter().filter(|f| f.passed).count();
    let hidden = match run.baseline.hidden {
        0 => String::new(),
        1 => "; 1 baselined finding hidden".to_string(),
        n => format!("; {n} baselined findings hidden"),
    };
    writeln!(
        out,
        "{} file{} checked: {passed} passed, {} failed (gate: score below {} fails){hidden}",
        run.files.len(),
        if run.files.len() == 1 { "" } else { "s" },
        run.files.len() - passed,
        run.fail_under
    )
}
