//! The `sarif` format: a SARIF 2.1.0 log with one run, for code-scanning tools.
//!
//! - `tool.driver.rules` lists every rule garbled knows (plus any other rule a
//!   finding names), so `ruleIndex` is stable across runs.
//! - Columns count Unicode code points (`run.columnKind` is `unicodeCodePoints`,
//!   not the SARIF default of UTF-16 code units): they are the 1-based character
//!   columns of the other formats. Lines end at `\n` (a `\r\n` pair counts once).
//! - A finding with a suggestion gets a `fix` replacing its region with it.
//! - Per-file scores are in `run.artifacts[i].properties`; the gate and the
//!   summary in `run.properties`; read errors and notes in `invocations[0]`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::{Located, Notice, RunReport};
use crate::finding::Severity;
use crate::rules::Rule;

/// The schema URI written as `$schema`.
pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleOut>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleOut {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Level,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    exit_code: i32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [LocationOnly; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOnly {
    physical_location: ArtifactOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOnly {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    properties: FileProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileProperties {
    score: u8,
    passed: bool,
    words: usize,
    categories: BTreeMap<&'static str, u8>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    fail_under: u8,
    files: usize,
    passed: usize,
    failed: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Inserted<'a>,
}

#[derive(Serialize)]
struct Inserted<'a> {
    text: &'a str,
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The body of a Markdown section `## title` of a rule's doc, unwrapped into one paragraph.
fn section(doc: &str, title: &str) -> Option<String> {
    let start = doc.find(&format!("## {title}\n"))? + title.len() + 4;
    let body = &doc[start..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let words: Vec<&str> = body.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn rule_out(r: &'static Rule) -> RuleOut {
    let doc = r.doc.trim();
    RuleOut {
        id: r.code,
        name: r.name,
        short_description: Text { text: r.summary.to_string() },
        full_description: Text { text: section(doc, "What it does").unwrap_or_else(|| r.summary.to_string()) },
        help: Help { text: doc.to_string(), markdown: doc.to_string() },
        default_configuration: Level { level: level(r.severity) },
        properties: RuleProperties { category: r.category.as_str(), tags: [r.category.as_str()] },
    }
}

/// The result message: the finding's message and its suggestion, if any.
pub fn message(l: &Located) -> String {
    match l.suggestion.as_deref() {
        Some("") => format!("{} (suggestion: delete it)", l.message),
        Some(s) => format!("{} (suggestion: \"{s}\")", l.message),
        None => l.message.clone(),
    }
}

/// Writes the run as one SARIF 2.1.0 log (pretty-printed) and a newline.
pub fn write(run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: Vec<&'static Rule> = crate::rules::all();
    let mut index: BTreeMap<&'static str, usize> = rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let mut results = Vec::new();
    let mut artifacts = Vec::new();
    // A path given twice is one artifact (artifacts must be unique).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in &run.files {
        let uri = super::path::uri(&f.path);
        let i = match seen.get(&uri) {
            Some(&i) => i,
            None => {
                let categories = crate::check::category_scores(f).map(|(c, s)| (c.as_str(), s)).collect();
                artifacts.push(Artifact {
                    location: ArtifactLocation { uri: uri.clone(), index: None },
                    properties: FileProperties { score: f.scores.file, passed: f.passed, words: f.words, categories },
                });
                seen.insert(uri.clone(), artifacts.len() - 1);
                artifacts.len() - 1
            }
        };
        let loc = ArtifactLocation { uri, index: Some(i) };
        for l in &f.findings {
            let rule_index = *index.entry(l.rule.code).or_insert_with(|| {
                rules.push(l.rule);
                rules.len() - 1
            });
            let region = Region {
                start_line: l.start.line,
                start_column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
            };
            let fixes = match l.suggestion.as_deref() {
                Some(s) => vec![Fix {
                    description: Text {
                        text: if s.is_empty() {
                            "Delete the text".to_string()
                        } else {
                            format!("Replace with \"{s}\"")
                        },
                    },
                    artifact_changes: [ArtifactChange {
                        artifact_location: loc.clone(),
                        replacements: [Replacement { deleted_region: region, inserted_content: Inserted { text: s } }],
                    }],
                }],
                None => Vec::new(),
            };
            results.push(SarifResult {
                rule_id: l.rule.code,
                rule_index,
                level: level(l.severity),
                message: Text { text: message(l) },
                locations: [Location {
                    physical_location: PhysicalLocation { artifact_location: loc.clone(), region },
                }],
                fixes,
            });
        }
    }
    let notifications = run
        .notices
        .iter()
        .map(|n| {
            let (level, path, message) = match n {
                Notice::Error { path, message } => ("error", path, message),
                Notice::Note { path, message } => ("note", path, message),
            };
            Notification {
                level,
                message: Text { text: message.clone() },
                locations: [LocationOnly {
                    physical_location: ArtifactOnly {
                        artifact_location: ArtifactLocation { uri: super::path::uri(path), index: None },
                    },
                }],
            }
        })
        .collect();
    let passed = run.files.iter().filter(|f| f.passed).count();
    let exit_code = run.exit_code();
    let version = env!("CARGO_PKG_VERSION");
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "garbled",
                    version,
                    semantic_version: version,
                    information_uri: information_uri(),
                    rules: rules.into_iter().map(rule_out).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: exit_code != 2,
                exit_code,
                tool_execution_notifications: notifications,
            }],
            artifacts,
            results,
            column_kind: "unicodeCodePoints",
            properties: RunProperties {
                fail_under: run.fail_under,
                files: run.files.len(),
                passed,
                failed: run.files.len() - passed,
            },
        }],
    };
    super::write_json(&log, true, out)?;
    writeln!(out)
}

/// The project's home page from Cargo.toml (`homepage`, else `repository`), if set.
fn information_uri() -> Option<&'static str> {
    [option_env!("CARGO_PKG_HOMEPAGE"), option_env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_unwrapped() {
        let doc = "## What it does\nFinds a\nthing.\n\n## Why is this bad?\nBecause.\n";
        assert_eq!(section(doc, "What it does").as_deref(), Some("Finds a thing."));
        assert_eq!(section(doc, "Why is this bad?").as_deref(), Some("Because."));
        assert_eq!(section(doc, "Example"), None);
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for r in crate::rules::all() {
            assert!(section(r.doc.trim(), "What it does").is_some(), "{}", r.code);
        }
    }
}
