//! The `gitlab` format: a GitLab Code Quality report (the subset of the Code Climate
//! spec that GitLab's merge-request widget reads), one JSON array:
//!
//! ```text
//! [{"description": "...", "check_name": "SPN001 improbable-pair", "fingerprint": "…",
//!   "severity": "minor", "location": {"path": "docs/a.md", "lines": {"begin": 3, "end": 3}}}]
//! ```
//!
//! Errors are `major`, warnings `minor`, info findings `info` (only with
//! `--show-info`). A file that fails the gate gets a `critical` entry with its score,
//! so the widget shows a failing file even when no finding is listed, and a file that
//! could not be read gets a `blocker`. GitLab matches entries between the base and
//! the merge request by `fingerprint`, so it must not change when unrelated lines
//! move: it hashes the path, the rule, the flagged text and which occurrence of that
//! same text and rule in the file this is — never the line number.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::{Notice, RunReport};
use crate::finding::Severity;

/// 64-bit FNV-1a over the parts, with a separator between them, as 16 hex digits.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn entry(description: String, check: &str, fp: String, severity: &str, path: &str, lines: (usize, usize)) -> Value {
    json!({
        "description": description,
        "check_name": check,
        "fingerprint": fp,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": lines.0, "end": lines.1}},
    })
}

/// Writes the run as one Code Quality JSON array.
pub fn write(run: &RunReport, style: super::Style, out: &mut dyn Write) -> io::Result<()> {
    let mut entries = Vec::new();
    for n in &run.notices {
        if let Notice::Error { path, message } = n {
            let p = super::path::relative(path);
            let fp = fingerprint(&[&p, "read-error"]);
            entries.push(entry(
                format!("garbled could not read the file: {message}"),
                "read-error",
                fp,
                "blocker",
                &p,
                (1, 1),
            ));
        }
    }
    for f in run.files.iter().filter(|f| !f.passed) {
        let p = super::path::relative(&f.path);
        let message = super::gate_failure(f, run.fail_under);
        entries.push(entry(message, "score", fingerprint(&[&p, "score"]), "critical", &p, (1, 1)));
    }
    for f in &run.files {
        let p = super::path::relative(&f.path);
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for l in f.findings.iter().filter(|l| style.show_info || l.severity > Severity::Info) {
            let k = seen.entry((l.rule.code, l.text.as_str())).or_default();
            *k += 1;
            let severity = match l.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            let mut description = l.message.clone();
            match l.suggestion.as_deref() {
                Some("") => description.push_str(" (suggestion: delete it)"),
                Some(s) => description.push_str(&format!(" (suggestion: \"{s}\")")),
                None => {}
            }
            let check = format!("{} {}", l.rule.code, l.rule.name);
            let fp = fingerprint(&[&p, l.rule.code, &l.text, &k.to_string()]);
            entries.push(entry(description, &check, fp, severity, &p, (l.start.line, l.end.line.max(l.start.line))));
        }
    }
    super::write_json(&Value::Array(entries), true, out)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&["a"]).len(), 16);
    }
}
