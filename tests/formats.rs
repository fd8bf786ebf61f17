//! The CI output formats (`sarif`, `github`, `gitlab`, `junit`), `--quiet` and the progress bar.
//!
//! Each machine format is checked against the `json` output of the same run, which
//! is the reference for what was found: SARIF against the official 2.1.0 schema and
//! by re-slicing the files at its regions, GitHub commands by parsing them back, JUnit
//! by parsing the XML and counting.
#![cfg(unix)]

use std::fs;
use std::path::Path;

use garbled::check::{FileReport, Located, RunReport};
use garbled::document::Position;
use garbled::finding::Severity;
use garbled::report::{self, Format, Style};
use garbled::score::Tally;
use serde_json::Value;

mod common;
use common::{run, Out};
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Inputs (all sentences written for these tests)

const CLEAN: &str = "The orchard on the hill was planted by three sisters in the spring after the flood.\n\
Every autumn the village gathers there to pick apples, press cider and argue about the weather.\n\
Nobody remembers who built the stone wall along the lane, but everyone agrees it needs repair.\n\
The youngest sister still keeps a notebook of every tree, its age and the size of its harvest.\n";

/// Mangled in several ways; the emoji before the findings on line 2 makes code-point
/// and UTF-16 columns differ.
const MANGLED: &str = "The orchard on the hill was planted by three sisters in the spring after the flood.\n\
🍎🍏 Every autumn the village gathers there to pick apples, press cidÃ©r and argue about theweather.\n\
Nobody remembers who built the stone wall along the lane, but every\u{200B}one agrees it needs repair.\n\
The youngest sister still keeps a note&amp;book of every tree, its age and the size of its harvest.\u{7}\n\
Share this article\n";

/// The clean text republished with a header: a duplicate of `clean.txt`.
fn copy() -> String {
    format!("Reposted from the parish newsletter.\n\n{CLEAN}")
}

/// A directory with a clean file, a mangled one with `,`, `:`, `%` and a space in its
/// name, a copy of the clean one, an empty file and a binary one.
fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let d = dir.path().join("docs");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("clean.txt"), CLEAN).unwrap();
    fs::write(d.join("mangled, v2: 100%.txt"), MANGLED).unwrap();
    fs::write(d.join("repost.txt"), copy()).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("image.bin"), b"\x89PNG\0\0\0data").unwrap();
    dir
}

/// The files of [`fixture`] in the order garbled walks them, plus a missing path.
const ARGS: &[&str] = &["docs", "missing.txt"];

fn json_of(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    args.extend(ARGS);
    serde_json::from_str(&run(dir, &args, None).stdout).expect("json output")
}

/// Character offset of a 1-based (line, column-in-code-points) position.
fn char_offset(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i as u64 + 1 == line {
            return offset + column as usize - 1;
        }
        offset += l.chars().count() + 1;
    }
    panic!("line {line} not in text")
}

fn slice_chars(text: &str, from: usize, to: usize) -> String {
    text.chars().skip(from).take(to - from).collect()
}

// ---------------------------------------------------------------------------
// SARIF

fn sarif_of(dir: &Path) -> (Out, Value) {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(ARGS);
    let out = run(dir, &args, None);
    let v = serde_json::from_str(&out.stdout).expect("sarif is JSON");
    (out, v)
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = fixture();
    let (out, sarif) = sarif_of(dir.path());
    assert_eq!(out.code, 2, "a missing file makes the run exit 2");
    let schema: Value =
        serde_json::from_str(&fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").unwrap()).unwrap();
    // As the schema declares itself (draft 4, which does not know the `uri-reference`
    // format), and again under draft 7 with formats checked, so URIs are validated too.
    for draft in [jsonschema::Draft::Draft4, jsonschema::Draft::Draft7] {
        let v = jsonschema::options().with_draft(draft).should_validate_formats(true).build(&schema).unwrap();
        let errors: Vec<String> = v.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{draft:?}: {errors:#?}");
        // The validator does catch a broken log.
        let mut broken = sarif.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0.into();
        assert_eq!(v.iter_errors(&broken).count(), 2, "{draft:?}");
        if draft == jsonschema::Draft::Draft7 {
            let mut bad_uri = sarif.clone();
            bad_uri["runs"][0]["artifacts"][0]["location"]["uri"] = "docs/a b%zz.txt".into();
            assert_eq!(v.iter_errors(&bad_uri).count(), 1, "URIs are checked");
        }
    }
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n["level"] == "error"
            && n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.txt"));
    assert!(notes.iter().any(|n| n["level"] == "note" && n["message"]["text"].as_str().unwrap().contains("binary")));
}

#[test]
fn sarif_rules_are_every_rule_in_order() {
    let dir = fixture();
    let (_, sarif) = sarif_of(dir.path());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let all = garbled::rules::all();
    assert_eq!(rules.len(), all.len());
    for (r, want) in rules.iter().zip(&all) {
        assert_eq!(r["id"], want.code);
        assert_eq!(r["name"], want.name);
        assert_eq!(r["shortDescription"]["text"], want.summary);
        assert_eq!(r["help"]["markdown"], want.doc.trim());
        let level = match want.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level);
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
    }
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "garbled");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn sarif_results_match_the_json_findings_and_fixes_apply() {
    let dir = fixture();
    let (_, sarif) = sarif_of(dir.path());
    let json = json_of(dir.path(), &[]);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let artifacts = run["artifacts"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let mut k = 0;
    let mut fixes = 0;
    let mut dups = 0;
    for (fi, file) in json["files"].as_array().unwrap().iter().enumerate() {
        let path = file["path"].as_str().unwrap();
        let text = fs::read_to_string(dir.path().join(path)).unwrap();
        assert_eq!(artifacts[fi]["properties"]["score"], file["score"]);
        assert_eq!(artifacts[fi]["properties"]["passed"], file["passed"]);
        let uri = artifacts[fi]["location"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with("file:") && !uri.contains(' ') && !uri.contains(','), "{uri}");
        for f in file["findings"].as_array().unwrap() {
            let r = &results[k];
            k += 1;
            let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(r["ruleId"], rule["id"]);
            assert_eq!(rule["name"], f["rule"]);
            let level = match f["severity"].as_str().unwrap() {
                "info" => "note",
                s => s,
            };
            assert_eq!(r["level"], level);
            assert!(r["message"]["text"].as_str().unwrap().starts_with(f["message"].as_str().unwrap()));
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], uri);
            assert_eq!(loc["artifactLocation"]["index"], fi);
            let reg = &loc["region"];
            assert_eq!(reg["startLine"], f["line"]);
            assert_eq!(reg["startColumn"], f["column"]);
            assert_eq!(reg["endLine"], f["end_line"]);
            assert_eq!(reg["endColumn"], f["end_column"]);
            let s = char_offset(&text, f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap());
            let e = char_offset(&text, f["end_line"].as_u64().unwrap(), f["end_column"].as_u64().unwrap());
            let flagged = slice_chars(&text, s, e);
            if f["category"] == "duplicate" {
                dups += 1;
            } else if !f["text"].as_str().unwrap().ends_with('…') {
                assert_eq!(flagged, f["text"].as_str().unwrap(), "region of {}", f["message"]);
            }
            match f["suggestion"].as_str() {
                Some(sug) => {
                    fixes += 1;
                    let change = &r["fixes"][0]["artifactChanges"][0];
                    assert_eq!(change["artifactLocation"]["uri"], uri);
                    let rep = &change["replacements"][0];
                    assert_eq!(&rep["deletedRegion"], reg);
                    assert_eq!(rep["insertedContent"]["text"], sug);
                    let fixed: String =
                        format!("{}{sug}{}", slice_chars(&text, 0, s), slice_chars(&text, e, text.chars().count()));
                    assert_ne!(fixed, text, "fix of {} changes the text", f["message"]);
                }
                None => assert!(r.get("fixes").is_none()),
            }
        }
    }
    assert_eq!(k, results.len(), "one result per finding");
    assert!(fixes >= 3, "the mangled file has repairs");
    assert!(dups >= 1, "the repost is reported as a duplicate");
}

/// The emoji before the mojibake: SARIF columns count code points, not UTF-16 units.
#[test]
fn sarif_columns_count_code_points() {
    let dir = fixture();
    let (_, sarif) = sarif_of(dir.path());
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let moji = results.iter().find(|r| r["ruleId"] == "ENC001").expect("mojibake found");
    let reg = &moji["locations"][0]["physicalLocation"]["region"];
    let line2 = MANGLED.lines().nth(1).unwrap();
    let byte = line2.find("cidÃ©r").unwrap();
    let col = line2[..byte].chars().count();
    let start = reg["startColumn"].as_u64().unwrap() as usize;
    assert!(start > col && start <= col + 4, "column {start} counts code points near {}", col + 1);
}

// ---------------------------------------------------------------------------
// GitHub

/// One parsed workflow command.
#[derive(Debug)]
struct Workflow {
    kind: String,
    props: Vec<(String, String)>,
    message: String,
}

fn unescape(s: &str) -> String {
    s.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
}

fn parse_command(line: &str) -> Workflow {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("has a message");
    let (kind, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    Workflow { kind: kind.to_string(), props, message: unescape(message) }
}

fn prop<'a>(c: &'a Workflow, key: &str) -> Option<&'a str> {
    c.props.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn github_commands_round_trip() {
    let dir = fixture();
    for show_info in [false, true] {
        let mut args = vec!["check", "--format", "github"];
        if show_info {
            args.push("--show-info");
        }
        args.extend(ARGS);
        let out = run(dir.path(), &args, None);
        let json = json_of(dir.path(), &[]);
        let mut commands = out.stdout.lines().map(parse_command);
        // Read errors, then failing files, then findings.
        let c = commands.next().expect("a line for the missing file");
        assert_eq!((c.kind.as_str(), prop(&c, "file")), ("error", Some("missing.txt")));
        for file in json["files"].as_array().unwrap().iter().filter(|f| f["passed"] == false) {
            let c = commands.next().expect("a score line for a failing file");
            let path = file["path"].as_str();
            assert_eq!((c.kind.as_str(), prop(&c, "file"), prop(&c, "title")), ("error", path, Some("garbled score")));
            assert!(c.message.contains(&format!("score {}/100", file["score"])), "{}", c.message);
        }
        for file in json["files"].as_array().unwrap() {
            let path = file["path"].as_str().unwrap();
            for f in file["findings"].as_array().unwrap() {
                let kind = match f["severity"].as_str().unwrap() {
                    "error" => "error",
                    "warning" => "warning",
                    _ if show_info => "notice",
                    _ => continue,
                };
                let c = commands.next().expect("a command per finding");
                assert_eq!(c.kind, kind);
                assert_eq!(prop(&c, "file"), Some(path));
                for (key, field) in
                    [("line", "line"), ("col", "column"), ("endLine", "end_line"), ("endColumn", "end_column")]
                {
                    assert_eq!(prop(&c, key), Some(f[field].to_string().as_str()), "{key}");
                }
                let title = prop(&c, "title").unwrap();
                let rule = garbled::rules::find(f["rule"].as_str().unwrap()).unwrap();
                assert_eq!(title, format!("{} {}", rule.code, rule.name));
                let mut message = f["message"].as_str().unwrap().to_string();
                match f["suggestion"].as_str() {
                    Some("") => message.push_str(" [delete it]"),
                    Some(s) => message.push_str(&format!(" [{s}]")),
                    None => {}
                }
                assert_eq!(c.message, message);
            }
        }
        assert!(commands.next().is_none());
        assert!(out.stdout.contains("file=docs/mangled%2C v2%3A 100%25.txt,"), "file name escaped");
    }
}

fn located(message: &str, suggestion: Option<&str>) -> Located {
    Located {
        rule: garbled::rules::all()[0],
        severity: Severity::Warning,
        start: Position { line: 1, column: 1 },
        end: Position { line: 1, column: 3 },
        text: "ab".to_string(),
        message: message.to_string(),
        suggestion: suggestion.map(str::to_string),
    }
}

fn report(path: &str, score: u8, findings: Vec<Located>) -> RunReport {
    let mut scores = Tally::default().scores(100);
    scores.file = score;
    let file = FileReport {
        path: path.to_string(),
        words: 100,
        scores,
        passed: score >= 50,
        findings,
        duplicates: Vec::new(),
    };
    RunReport { files: vec![file], notices: Vec::new(), fail_under: 50, baseline: Default::default() }
}

fn render(run: &RunReport, format: Format, show_info: bool) -> String {
    let mut buf = Vec::new();
    report::write(run, format, Style { show_info, ..Style::default() }, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn github_fails_a_file_with_no_finding_shown() {
    let mut run = report("a.txt", 20, vec![located("only a hint", None)]);
    run.files[0].findings[0].severity = Severity::Info;
    let out = render(&run, Format::Github, false);
    assert_eq!(out.lines().count(), 1, "{out}");
    let c = parse_command(out.lines().next().unwrap());
    assert_eq!((c.kind.as_str(), prop(&c, "file")), ("error", Some("a.txt")));
    assert!(c.message.contains("score 20/100"));
}

#[test]
fn github_escapes_hostile_messages() {
    let message = "100% sure:\r\nline, two";
    let run = report("./dir/x,y:z%.txt", 90, vec![located(message, Some("a\nb"))]);
    let out = render(&run, Format::Github, false);
    assert_eq!(out.lines().count(), 1, "{out}");
    let c = parse_command(out.trim_end());
    assert_eq!(prop(&c, "file"), Some("dir/x,y:z%.txt"));
    assert_eq!(c.message, format!("{message} [a\nb]"));
}

// ---------------------------------------------------------------------------
// JUnit

#[test]
fn junit_is_well_formed_with_the_right_counts() {
    let dir = fixture();
    let mut args = vec!["check", "--format", "junit"];
    args.extend(ARGS);
    let out = run(dir.path(), &args, None);
    let json = json_of(dir.path(), &[]);
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
    let files = json["files"].as_array().unwrap();
    let failed = files.iter().filter(|f| f["passed"] == false).count();
    assert!(failed >= 1);
    // Checked files, the missing file (error) and the binary one (skipped).
    assert_eq!(cases.len(), files.len() + 2);
    for node in [root, suite] {
        assert_eq!(node.attribute("tests"), Some(cases.len().to_string().as_str()));
        assert_eq!(node.attribute("failures"), Some(failed.to_string().as_str()));
        assert_eq!(node.attribute("errors"), Some("1"));
        assert_eq!(node.attribute("skipped"), Some("1"));
    }
    for (case, file) in cases.iter().zip(files) {
        assert_eq!(case.attribute("name"), file["path"].as_str());
        let failure = case.children().find(|n| n.has_tag_name("failure"));
        assert_eq!(failure.is_some(), file["passed"] == false);
        if let Some(failure) = failure {
            let body = failure.text().unwrap();
            let shown = file["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info");
            let lines: Vec<&str> = body.lines().collect();
            assert_eq!(lines.len(), shown.clone().count() + 1, "{body}");
            for (line, f) in lines.iter().zip(shown) {
                let (cat, rule) = (f["category"].as_str().unwrap(), f["rule"].as_str().unwrap());
                assert!(line.starts_with(&format!("{}:{}: {cat}/{rule}: ", f["line"], f["column"])), "{line}");
            }
            assert!(lines.last().unwrap().contains(&format!("score {}/100 FAILED", file["score"])));
        }
    }
    let error = cases[files.len()];
    assert_eq!(error.attribute("name"), Some("missing.txt"));
    assert!(error.children().any(|n| n.has_tag_name("error")));
    assert!(cases[files.len() + 1].children().any(|n| n.has_tag_name("skipped")));
}

#[test]
fn junit_escapes_hostile_text() {
    let message = "<b>&amp; \"quoted\" 'single' bell\u{7} nonchar\u{FFFF} cr\r end";
    let run = report("we\"ird <name>&.txt", 10, vec![located(message, Some("]]>"))]);
    let out = render(&run, Format::Junit, false);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let case = doc.descendants().find(|n| n.has_tag_name("testcase")).unwrap();
    assert_eq!(case.attribute("name"), Some("we\"ird <name>&.txt"));
    let body = case.children().find(|n| n.has_tag_name("failure")).unwrap().text().unwrap();
    let expected = "<b>&amp; \"quoted\" 'single' bell[U+0007] nonchar[U+FFFF] cr\r end []]>]";
    assert!(body.lines().next().unwrap().ends_with(expected), "{body:?}");
}

// ---------------------------------------------------------------------------
// Quiet and progress

#[test]
fn quiet_keeps_findings_failing_scores_and_errors() {
    let dir = fixture();
    let loud = run(dir.path(), &["check", "docs", "missing.txt"], None);
    let quiet = run(dir.path(), &["check", "-q", "docs", "missing.txt"], None);
    assert_eq!(quiet.code, loud.code);
    let kept: Vec<&str> =
        loud.stdout.lines().filter(|l| !l.contains(" passed (") && !l.contains(" files checked: ")).collect();
    assert_eq!(quiet.stdout.lines().collect::<Vec<_>>(), kept);
    assert!(quiet.stdout.contains("FAILED"));
    assert!(loud.stderr.contains("garbled: note: "));
    assert!(!quiet.stderr.contains("note:"), "{}", quiet.stderr);
    assert_eq!(
        quiet.stderr.lines().collect::<Vec<_>>(),
        vec!["garbled: error: missing.txt: no such file or directory"]
    );
    // Machine formats are unchanged by --quiet.
    for format in ["json", "sarif", "github", "gitlab", "junit"] {
        let a = run(dir.path(), &["check", "--format", format, "docs"], None);
        let b = run(dir.path(), &["check", "-q", "--format", format, "docs"], None);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn no_progress_bytes_when_stderr_is_not_a_terminal() {
    let dir = TempDir::new().unwrap();
    for i in 0..40 {
        fs::write(dir.path().join(format!("f{i:02}.txt")), CLEAN.repeat(1 + i % 5)).unwrap();
    }
    let out = run(dir.path(), &["check", "--no-duplicates", "."], None);
    assert_ne!(out.code, 2);
    assert_eq!(
        out.stdout.lines().filter(|l| l.starts_with("./f") && l.contains(": score ")).count(),
        40,
        "every file checked"
    );
    assert_eq!(out.stderr, "", "stderr is a pipe: no bar, no escape codes");
    assert!(!out.stdout.contains('\x1b'));
}

#[test]
fn gitlab_code_quality_matches_the_json_findings() {
    let dir = fixture();
    let out = run(dir.path(), &["check", "--format", "gitlab", "docs", "missing.txt"], None);
    assert_eq!(out.code, 2);
    let entries: Vec<Value> = serde_json::from_str(&out.stdout).expect("a JSON array");
    let json = json_of(dir.path(), &[]);
    // Every entry has the fields GitLab requires, and fingerprints are unique.
    let mut fps = std::collections::BTreeSet::new();
    for e in &entries {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
        assert!(e["location"]["path"].is_string() && e["location"]["lines"]["begin"].as_u64().unwrap() >= 1, "{e}");
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&e["severity"].as_str().unwrap()));
        assert!(fps.insert(e["fingerprint"].as_str().unwrap().to_string()), "duplicate fingerprint {e}");
    }
    assert_eq!(entries[0]["severity"], "blocker");
    assert_eq!(entries[0]["location"]["path"], "missing.txt");
    let failing = json["files"].as_array().unwrap().iter().filter(|f| f["passed"] == false).count();
    assert_eq!(entries.iter().filter(|e| e["severity"] == "critical").count(), failing);
    // One entry per warning or error finding, on its line.
    let shown: Vec<(String, u64)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["severity"] != "info")
                .map(move |x| (path.clone(), x["line"].as_u64().unwrap()))
                .collect::<Vec<_>>()
        })
        .collect();
    let listed: Vec<(String, u64)> = entries
        .iter()
        .filter(|e| ["minor", "major"].contains(&e["severity"].as_str().unwrap()))
        .map(|e| {
            (e["location"]["path"].as_str().unwrap().to_string(), e["location"]["lines"]["begin"].as_u64().unwrap())
        })
        .collect();
    assert!(!shown.is_empty());
    assert_eq!(listed, shown);

    // Fingerprints survive an unrelated line inserted above.
    let fp_of = |dir: &Path| -> Vec<String> {
        let out = run(dir, &["check", "--format", "gitlab", "docs/mangled, v2: 100%.txt"], None);
        let v: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
        v.iter()
            .filter(|e| e["check_name"] != "score")
            .map(|e| e["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let before = fp_of(dir.path());
    fs::write(dir.path().join("docs/mangled, v2: 100%.txt"), format!("A new first line about the orchard.\n{MANGLED}"))
        .unwrap();
    let after = fp_of(dir.path());
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

#[test]
fn a_deletion_reads_as_one_in_every_line_format() {
    // An empty replacement (boilerplate lines, stray tags) would print as "[]".
    let run = report("a.txt", 20, vec![located("navigation text: remove the line", Some(""))]);
    for format in [Format::Text, Format::Github, Format::Junit, Format::Gitlab, Format::Sarif] {
        let out = render(&run, format, false);
        assert!(out.contains("delete it"), "{format:?}: {out}");
        let empty = if matches!(format, Format::Gitlab | Format::Sarif) { "suggestion: \"\"" } else { "[]" };
        assert!(!out.contains(empty), "{format:?}: {out}");
    }
    // A replacement is shown as itself.
    let run = report("a.txt", 20, vec![located("joined words", Some("the weather"))]);
    assert!(render(&run, Format::Text, false).contains("joined words [the weather]"));
}
