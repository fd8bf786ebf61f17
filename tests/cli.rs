//! End-to-end tests of `garbled check`, `rules` and `explain`, and of the check
//! pipeline's contract (exit status, JSON schema, finding locations).
//!
//! Tests assert properties of the contract rather than particular findings, so they
//! hold whatever the analyzers report: exit 1 iff some file failed, every finding's
//! line/column range re-slices the input to its `text`, and so on. Where a property
//! needs findings to exist, a test analyzer ([`Marker`]) drives the library pipeline.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use garbled::analyzers::{Analyzer, Context};
use garbled::check::{self, CheckOptions, Notice, MAX_FINDINGS, MAX_TEXT_CHARS};
use garbled::document::Document;
use garbled::finding::{Category, Finding, Severity};
use garbled::model::Model;
use garbled::read::CHUNK;
use garbled::report::{self, Format, Style};
use garbled::rules::Rule;
use serde_json::Value;

mod common;
use common::{run, tmp, Out};

// ---------------------------------------------------------------------------
// Inputs (all sentences written for these tests)

const CLEAN: &str = "The ferry leaves the harbour at seven every morning, weather permitting.\n\
Passengers who arrive late can wait in the small café beside the ticket office.\n\
On clear days the crossing takes forty minutes and the island is visible from the pier.\n";

/// The same kind of text, mangled in several ways at once.
const MANGLED: &str = "The ferry leaves the harbour at seven every morning, weather permitting.\n\
Passengers who arrive late can wait in the small cafÃ© beside theticket office.\n\
Thecrossing takes for ty minutes and the isl\u{200B}and is visible\u{00A0}from the pier.\n\
Share this article: Facebook | Twitter | Email &amp; subscribe to our newsletter\n\
Click here to subscribe. Click here to subscribe. Click here to subscribe.\n\
Emoji 🚢 and accents e\u{0301}te\u{0301} and CJK 渡船 and a tab\there.\n\
Emoji 🚢 and accents e\u{0301}te\u{0301} and CJK 渡船 and a tab\there.\n\
The last line has no line break and ends with a dash \u{2014}";

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut v = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in s.encode_utf16() {
        v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    v
}

fn with_invalid_utf8() -> Vec<u8> {
    let mut v = b"The menu lists caf\xe9 au lait and cr\xe8me br\xfbl\xe9e.\n".to_vec();
    v.extend(b"Stray bytes \xff\xfe\xfd in the middle, a cut sequence \xe2\x82 here.\n");
    v.extend(MANGLED.as_bytes());
    v.extend(b"\nand a truncated ending \xf0\x9f");
    v
}

/// Named mangled inputs used by the property tests.
fn odd_inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("clean.txt", CLEAN.as_bytes().to_vec()),
        ("mangled.txt", MANGLED.as_bytes().to_vec()),
        ("crlf.txt", crlf(MANGLED).into_bytes()),
        ("cr-only.txt", MANGLED.replace('\n', "\r").into_bytes()),
        ("invalid.txt", with_invalid_utf8()),
        ("utf16le.txt", utf16(MANGLED, true)),
        ("utf16be.txt", utf16(&crlf(MANGLED), false)),
    ]
}

/// `n` files of varied generated sentences, some mangled.
fn corpus(n: usize) -> Vec<(String, String)> {
    let subjects =
        ["The gardener", "A night porter", "Our neighbour", "The new intern", "A retired pilot", "The baker"];
    let verbs = ["repaired", "painted", "described", "photographed", "measured", "forgot"];
    let objects = ["the garden gate", "an old bicycle", "the village clock", "a leaking roof", "the blue boat"];
    let tails = ["before lunch.", "in the rain.", "with great care.", "for the third time.", "without a word."];
    let mut seed = 0x2545_f491_u64;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let mut text = String::new();
            for _ in 0..5 + next(20) {
                let s = format!(
                    "{} {} {} {}",
                    subjects[next(subjects.len())],
                    verbs[next(verbs.len())],
                    objects[next(objects.len())],
                    tails[next(tails.len())]
                );
                text.push_str(&s);
                text.push(if next(3) == 0 { '\n' } else { ' ' });
            }
            if i % 3 == 0 {
                let lines = MANGLED.lines().count();
                text.extend(MANGLED.lines().take(lines / (1 + i % 4)).map(|l| format!("{l}\n")));
            }
            (format!("f{i:02}.txt"), text)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Helpers

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

fn json(o: &Out) -> Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", o.stdout))
}

fn files(v: &Value) -> &Vec<Value> {
    v["files"].as_array().expect("files is an array")
}

fn file_named<'a>(v: &'a Value, path: &str) -> &'a Value {
    files(v).iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("no file {path} in {v}"))
}

fn paths(v: &Value) -> Vec<String> {
    files(v).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

/// The keys of the first JSON object that follows `"key":{` in `raw`, in order.
fn keys_after(raw: &str, key: &str) -> Vec<String> {
    let start = raw.find(&format!("\"{key}\":{{")).expect("key present") + key.len() + 4;
    let body = &raw[start..start + raw[start..].find('}').unwrap()];
    body.split(',').map(|kv| kv.split(':').next().unwrap().trim_matches('"').to_string()).collect()
}

/// Checks the JSON contract: shapes, ranges, key order, summary, and `passed`
/// against the gate.
fn assert_contract(raw: &str, fail_under: u64) -> Value {
    let v: Value = serde_json::from_str(raw).expect("valid JSON");
    let cats: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(cats, ["spin", "encoding", "unicode", "word-boundary", "boilerplate", "repetition", "duplicate"]);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["files", "summary"]);
    let mut passed = 0;
    for f in files(&v) {
        let o = f.as_object().unwrap();
        let mut keys: Vec<&str> = o.keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["categories", "duplicates", "findings", "passed", "path", "score", "words"]);
        assert!(f["path"].is_string());
        let score = f["score"].as_u64().unwrap();
        assert!(score <= 100);
        assert_eq!(f["passed"].as_bool().unwrap(), score >= fail_under, "passed follows the gate: {f}");
        passed += f["passed"].as_bool().unwrap() as u64;
        assert!(f["words"].is_u64());
        for c in &cats {
            assert!(f["categories"][c].as_u64().unwrap() <= 100);
        }
        assert_eq!(f["categories"].as_object().unwrap().len(), 7);
        for x in f["findings"].as_array().unwrap() {
            let mut keys: Vec<&str> = x.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            keys.sort();
            assert_eq!(
                keys,
                [
                    "category",
                    "column",
                    "end_column",
                    "end_line",
                    "line",
                    "message",
                    "rule",
                    "severity",
                    "suggestion",
                    "text"
                ]
            );
            assert!(cats.contains(&x["category"].as_str().unwrap()));
            assert!(["error", "warning", "info"].contains(&x["severity"].as_str().unwrap()));
            for k in ["line", "column", "end_line", "end_column"] {
                assert!(x[k].as_u64().unwrap() >= 1, "{k} is 1-based: {x}");
            }
            let start = (x["line"].as_u64(), x["column"].as_u64());
            let end = (x["end_line"].as_u64(), x["end_column"].as_u64());
            assert!(start <= end, "finding ends before it starts: {x}");
            assert!(!x["message"].as_str().unwrap().is_empty());
            assert!(x["suggestion"].is_null() || x["suggestion"].is_string());
            assert!(x["rule"].is_string() && x["text"].is_string());
        }
        for d in f["duplicates"].as_array().unwrap() {
            let s = d["similarity"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&s));
            assert!(["near-duplicate", "contained", "spun-copy"].contains(&d["kind"].as_str().unwrap()));
            assert!(d["path"].is_string());
        }
    }
    let n = files(&v).len() as u64;
    assert_eq!(v["summary"]["files"], n);
    assert_eq!(v["summary"]["passed"], passed);
    assert_eq!(v["summary"]["failed"], n - passed);
    if n > 0 {
        assert_eq!(keys_after(raw, "categories"), cats, "categories keep the contract's order");
    }
    v
}

/// Decodes a test input the way garbled documents say it does.
fn decode(bytes: &[u8]) -> String {
    let utf16 = |le: bool| {
        let units = bytes[2..].chunks(2).map(|p| {
            let b = [p[0], *p.get(1).unwrap_or(&0)];
            if le {
                u16::from_le_bytes(b)
            } else {
                u16::from_be_bytes(b)
            }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        utf16(true)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        utf16(false)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Every finding's line/column range, applied to `text` (lines end at `\n`, `\r\n`
/// or a lone `\r`; columns count characters), gives back the finding's `text`.
fn assert_located(text: &str, file: &Value) {
    let chars: Vec<char> = text.chars().collect();
    let mut line_starts = vec![0];
    let brk = |i: usize| chars[i] == '\n' || (chars[i] == '\r' && chars.get(i + 1) != Some(&'\n'));
    line_starts.extend((0..chars.len()).filter(|&i| brk(i)).map(|i| i + 1));
    let offset = |line: u64, col: u64| -> usize {
        let ls = line_starts[line as usize - 1];
        let next = line_starts.get(line as usize).copied().unwrap_or(chars.len() + 1);
        let at = ls + col as usize - 1;
        assert!(at < next, "column {col} is past the end of line {line}");
        at
    };
    for x in file["findings"].as_array().unwrap() {
        let n = |k: &str| x[k].as_u64().unwrap();
        let (s, e) = (offset(n("line"), n("column")), offset(n("end_line"), n("end_column")));
        let sliced: String = chars[s..e].iter().collect();
        let reported = x["text"].as_str().unwrap();
        let expected = if e - s > MAX_TEXT_CHARS {
            chars[s..s + MAX_TEXT_CHARS].iter().collect::<String>() + "…"
        } else {
            sliced
        };
        assert_eq!(reported, expected, "finding does not point at its text: {x}");
    }
}

/// A test analyzer: flags every `every`-th token, a three-token span (which may
/// cross lines) every `2 * every + 1` tokens, a point before every `3 * every`-th
/// token, and every invalid byte run.
struct Marker {
    every: usize,
}

static MARK: Rule = Rule {
    code: "TST001",
    name: "marked",
    category: Category::Encoding,
    severity: Severity::Error,
    summary: "A test rule.",
    doc: "A test rule.",
};

impl Analyzer for Marker {
    fn name(&self) -> &'static str {
        "marker"
    }

    fn analyze(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let t = &doc.tokens;
        for i in 0..t.len() {
            if i % self.every == 0 {
                out.push(Finding::new(&MARK, t[i].range(), format!("token {i}")));
            }
            if i % (2 * self.every + 1) == 0 && i + 2 < t.len() {
                out.push(Finding::new(&MARK, t[i].start()..t[i + 2].end(), "three tokens").with_suggestion("x"));
            }
            if i % (3 * self.every) == 0 {
                out.push(Finding::new(&MARK, t[i].start()..t[i].start(), "a point"));
            }
        }
        for b in doc.invalid {
            out.push(Finding::new(&MARK, b.span.clone(), "invalid bytes"));
        }
    }
}

/// Runs the library pipeline with [`Marker`] on `paths`; returns the report and its JSON.
fn marker_run(paths: &[PathBuf], every: usize, fail_under: u8) -> (check::RunReport, String) {
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(Marker { every })];
    // Files here are often copies of each other; duplicates are tested in tests/duplicate.rs.
    let dup = garbled::duplicate::DupOptions { enabled: false, ..Default::default() };
    let opts = CheckOptions { fail_under, binary: false, jobs: Some(2), dup, ..Default::default() };
    let run = check::run(check::collect_targets(paths, "<stdin>"), Model::embedded(), &analyzers, &opts);
    let mut buf = Vec::new();
    report::write(&run, Format::Json, Style::default(), &mut buf).unwrap();
    (run, String::from_utf8(buf).unwrap())
}

// ---------------------------------------------------------------------------
// Formats

#[test]
fn json_output_keeps_the_contract() {
    let d = tmp();
    for (name, bytes) in odd_inputs() {
        put(d.path(), name, bytes);
    }
    for gate in ["0", "50", "100"] {
        let o = run(d.path(), &["check", "--format", "json", "--fail-under", gate, "."], None);
        let v = assert_contract(&o.stdout, gate.parse().unwrap());
        assert_eq!(files(&v).len(), odd_inputs().len());
    }
}

#[test]
fn text_output_lists_findings_scores_and_summary() {
    let d = tmp();
    for (name, bytes) in odd_inputs() {
        put(d.path(), name, bytes);
    }
    let t = run(d.path(), &["check", "--format", "text", "."], None);
    let j = json(&run(d.path(), &["check", "--format", "json", "."], None));
    assert_eq!(t.code, (j["summary"]["failed"] != 0) as i32);
    let lines: Vec<&str> = t.stdout.lines().collect();
    let summary = lines.last().unwrap();
    let n = files(&j).len();
    let p = j["summary"]["passed"].as_u64().unwrap();
    assert_eq!(
        *summary,
        format!("{n} files checked: {p} passed, {} failed (gate: score below 50 fails)", n as u64 - p)
    );
    let mut rest = &lines[..lines.len() - 1];
    for f in files(&j) {
        let path = f["path"].as_str().unwrap();
        let findings = f["findings"].as_array().unwrap();
        for x in findings {
            let line = rest[0];
            rest = &rest[1..];
            let prefix = format!(
                "{path}:{}:{}: {}/{}: ",
                x["line"],
                x["column"],
                x["category"].as_str().unwrap(),
                x["rule"].as_str().unwrap()
            );
            assert!(line.starts_with(&prefix), "{line:?} should start with {prefix:?}");
            assert!(line[prefix.len()..].starts_with(x["message"].as_str().unwrap()));
            if let Some(s) = x["suggestion"].as_str() {
                let shown = if s.is_empty() { "delete it" } else { s };
                assert!(line.ends_with(&format!(" [{shown}]")), "{line:?} should end with the suggestion");
            }
        }
        rest = &rest[f["duplicates"].as_array().unwrap().len()..];
        let score = rest[0];
        rest = &rest[1..];
        let verdict = if f["passed"].as_bool().unwrap() { "passed" } else { "FAILED" };
        let head = format!("{path}: score {}/100 {verdict} ({} word", f["score"], f["words"]);
        assert!(score.starts_with(&head), "{score:?} should start with {head:?}");
    }
    assert!(rest.is_empty(), "unexpected lines: {rest:?}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let d = tmp();
    put(d.path(), "a.txt", MANGLED);
    let auto = run(d.path(), &["check", "a.txt"], None);
    let never = run(d.path(), &["check", "--color", "never", "a.txt"], None);
    let always = run(d.path(), &["check", "--color", "always", "a.txt"], None);
    assert!(!auto.stdout.contains('\x1b'), "stdout is a pipe here: no colour");
    assert_eq!(auto.stdout, never.stdout);
    assert!(always.stdout.contains("\x1b["));
    let json = run(d.path(), &["check", "--color", "always", "--format", "json", "a.txt"], None);
    assert!(!json.stdout.contains('\x1b'), "JSON is never coloured");
    assert!(run(d.path(), &["check", "--color", "sometimes", "a.txt"], None).code == 2);
}

// ---------------------------------------------------------------------------
// Exit status

#[test]
fn exit_1_iff_some_file_failed() {
    let d = tmp();
    for (name, bytes) in odd_inputs() {
        put(d.path(), name, bytes);
    }
    for gate in ["0", "50", "90", "100"] {
        let o = run(d.path(), &["check", "--format", "json", "--fail-under", gate], None);
        let v = assert_contract(&o.stdout, gate.parse().unwrap());
        let failed = files(&v).iter().any(|f| f["passed"] == false);
        assert_eq!(o.code, failed as i32, "gate {gate}");
        if gate == "0" {
            assert_eq!(o.code, 0);
        }
    }
}

#[test]
fn library_gate_and_exit_code_with_findings() {
    let d = tmp();
    let p = put(d.path(), "a.txt", CLEAN);
    let (run, raw) = marker_run(std::slice::from_ref(&p), 1, 100);
    let v = assert_contract(&raw, 100);
    assert!(!files(&v)[0]["findings"].as_array().unwrap().is_empty());
    assert_eq!(files(&v)[0]["passed"], false);
    assert_eq!(run.exit_code(), 1);
    let (run, raw) = marker_run(std::slice::from_ref(&p), 1, 0);
    assert_contract(&raw, 0);
    assert_eq!(run.exit_code(), 0);
    // An unreadable input outranks a failed file.
    let (run, _) = marker_run(&[p, d.path().join("missing.txt")], 1, 100);
    assert_eq!(run.exit_code(), 2);
}

#[test]
fn usage_errors_exit_2() {
    let d = tmp();
    put(d.path(), "a.txt", CLEAN);
    for args in [
        &["check", "--fail-under", "101", "a.txt"][..],
        &["check", "--fail-under", "-1", "a.txt"],
        &["check", "--fail-under", "high", "a.txt"],
        &["check", "--bogus", "a.txt"],
        &["check", "--format", "xml", "a.txt"],
        &["check", "--jobs", "many", "a.txt"],
        &["frobnicate"],
        &[],
    ] {
        let o = run(d.path(), args, None);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
    assert_eq!(run(d.path(), &["--help"], None).code, 0);
    assert_eq!(run(d.path(), &["--version"], None).code, 0);
}

#[test]
fn rules_and_explain() {
    let d = tmp();
    let rules = run(d.path(), &["rules"], None);
    assert_eq!(rules.code, 0);
    for line in rules.stdout.lines() {
        let code = line.split_whitespace().next().unwrap();
        let e = run(d.path(), &["explain", code], None);
        assert_eq!(e.code, 0, "explain {code}");
        assert!(e.stdout.starts_with(code));
        let lower = run(d.path(), &["explain", &code.to_lowercase()], None);
        assert_eq!(lower.stdout, e.stdout, "codes are case-insensitive");
    }
    let e = run(d.path(), &["explain", "XYZ999"], None);
    assert_eq!(e.code, 2);
    assert!(e.stdout.is_empty());
    assert!(e.stderr.contains("XYZ999"), "the error names the code: {}", e.stderr);
    assert_eq!(run(d.path(), &["explain"], None).code, 2);
}

// ---------------------------------------------------------------------------
// Inputs: stdin, directories, parallelism

#[test]
fn stdin_is_read_and_named() {
    let d = tmp();
    put(d.path(), "m.txt", MANGLED);
    let from_file = json(&run(d.path(), &["check", "--format", "json", "m.txt"], None));
    let o = run(d.path(), &["check", "--format", "json", "-"], Some(MANGLED.as_bytes()));
    let v = assert_contract(&o.stdout, 50);
    assert_eq!(paths(&v), ["<stdin>"]);
    let o =
        run(d.path(), &["check", "--format", "json", "--stdin-filename", "notes/in.md", "-"], Some(MANGLED.as_bytes()));
    let mut v = json(&o);
    assert_eq!(paths(&v), ["notes/in.md"]);
    v["files"][0]["path"] = "m.txt".into();
    assert_eq!(v, from_file, "stdin is checked like the same file");
    let t = run(d.path(), &["check", "--stdin-filename", "in.md", "-"], Some(MANGLED.as_bytes()));
    assert!(t.stdout.lines().rev().nth(1).unwrap().starts_with("in.md: score "));
    // Empty stdin, and stdin mixed with a file, in argument order.
    let o = run(d.path(), &["check", "--format", "json", "m.txt", "-"], Some(b""));
    assert_eq!(paths(&json(&o)), ["m.txt", "<stdin>"]);
    assert!(o.stderr.contains("<stdin>"), "empty stdin is noted: {}", o.stderr);
}

#[test]
fn directories_are_walked_in_sorted_order_skipping_hidden() {
    let d = tmp();
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "A.txt", "a0.txt", "c.md", ".hidden.txt", ".dir/x.txt", "a/.h/y.txt"]
    {
        put(d.path(), name, CLEAN);
    }
    let o = run(d.path(), &["check", "--format", "json", "."], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got = paths(&json(&o));
    let mut want: Vec<PathBuf> =
        ["b.txt", "a/z.txt", "a/b/c.txt", "A.txt", "a0.txt", "c.md"].iter().map(|n| Path::new(".").join(n)).collect();
    want.sort(); // component-wise, as the walker sorts each directory by name
    let want: Vec<String> = want.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(got, want);
    // The same with no path at all (the current directory), and a path given twice.
    assert_eq!(paths(&json(&run(d.path(), &["check", "--format", "json"], None))), want);
    let a = paths(&json(&run(d.path(), &["check", "--format", "json", "a", "b.txt"], None)));
    assert_eq!(a, ["a/b/c.txt", "a/z.txt", "b.txt"]);
    // A hidden file named explicitly is checked.
    let h = paths(&json(&run(d.path(), &["check", "--format", "json", ".hidden.txt"], None)));
    assert_eq!(h, [".hidden.txt"]);
}

#[test]
fn gitignore_is_respected_inside_a_git_repository() {
    let d = tmp();
    fs::create_dir(d.path().join(".git")).unwrap();
    put(d.path(), ".gitignore", "ignored.txt\nbuild/\n");
    put(d.path(), "kept.txt", CLEAN);
    put(d.path(), "ignored.txt", CLEAN);
    put(d.path(), "build/out.txt", CLEAN);
    put(d.path(), "sub/.gitignore", "*.log\n");
    put(d.path(), "sub/app.log", CLEAN);
    put(d.path(), "sub/notes.txt", CLEAN);
    let o = run(d.path(), &["check", "--format", "json"], None);
    assert_eq!(paths(&json(&o)), ["./kept.txt", "./sub/notes.txt"]);
    // An ignored file named explicitly is still checked.
    let o = run(d.path(), &["check", "--format", "json", "ignored.txt"], None);
    assert_eq!(paths(&json(&o)), ["ignored.txt"]);
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let d = tmp();
    for (name, text) in corpus(30) {
        put(d.path(), &name, text);
    }
    for format in ["text", "json"] {
        let one = run(d.path(), &["check", "--format", format, "-j1", "."], None);
        let four = run(d.path(), &["check", "--format", format, "-j4", "."], None);
        let default = run(d.path(), &["check", "--format", format, "."], None);
        assert_eq!(one.stdout, four.stdout, "{format}: -j1 and -j4 differ");
        assert_eq!(one.stdout, default.stdout, "{format}");
        assert_eq!((one.code, &one.stderr), (four.code, &four.stderr));
        if format == "json" {
            assert_eq!(files(&assert_contract(&one.stdout, 50)).len(), 30);
        }
    }
}

#[test]
fn inputs_are_never_modified() {
    let d = tmp();
    for (name, bytes) in odd_inputs() {
        put(d.path(), name, bytes);
    }
    put(d.path(), "bin.dat", b"\x00\x01\x02binary\x00");
    put(d.path(), "empty.txt", b"");
    let snapshot = || {
        let mut v: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                (e.file_name(), m.modified().unwrap(), m.len(), fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot();
    for args in [&["check", "."][..], &["check", "--format", "json", "--binary", "-j4", "."]] {
        run(d.path(), args, None);
    }
    assert_eq!(before, snapshot());
}

// ---------------------------------------------------------------------------
// Errors and odd files

#[test]
fn nonexistent_path_is_an_error_naming_it() {
    let d = tmp();
    put(d.path(), "good.txt", CLEAN);
    let o = run(d.path(), &["check", "--format", "json", "good.txt", "no/such/file.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no/such/file.txt"), "{}", o.stderr);
    assert_eq!(paths(&json(&o)), ["good.txt"], "the other files are still reported");
}

#[test]
fn permission_denied_is_an_error_naming_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let p = put(d.path(), "secret.txt", CLEAN);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        eprintln!("skipping permission_denied test: running with privileges that ignore file modes");
        return;
    }
    let o = run(d.path(), &["check", "secret.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("secret.txt") && o.stderr.contains("permission denied"), "{}", o.stderr);
    let o = run(d.path(), &["check", "."], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("secret.txt"), "{}", o.stderr);
}

#[test]
fn broken_symlink_is_an_error_naming_it() {
    let d = tmp();
    put(d.path(), "dir/good.txt", CLEAN);
    symlink("nowhere.txt", d.path().join("dir/broken.txt")).unwrap();
    let o = run(d.path(), &["check", "dir/broken.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("dir/broken.txt") && o.stderr.contains("broken symbolic link"), "{}", o.stderr);
    let o = run(d.path(), &["check", "--format", "json", "dir"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("dir/broken.txt"), "{}", o.stderr);
    assert_eq!(paths(&json(&o)), ["dir/good.txt"]);
}

#[test]
fn symlink_loop_is_an_error_naming_the_link() {
    let d = tmp();
    put(d.path(), "top/sub/good.txt", CLEAN);
    symlink("..", d.path().join("top/sub/up")).unwrap();
    let o = run(d.path(), &["check", "--format", "json", "top"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("garbled: error: top/sub/up: "), "{}", o.stderr);
    assert_eq!(paths(&json(&o)), ["top/sub/good.txt"]);
    // A link that points at itself.
    symlink("self", d.path().join("self")).unwrap();
    let o = run(d.path(), &["check", "self"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("self"), "{}", o.stderr);
}

#[test]
fn directory_where_a_file_is_expected_is_an_error() {
    let d = tmp();
    put(d.path(), "a.txt", CLEAN);
    fs::create_dir(d.path().join("models")).unwrap();
    let o = run(d.path(), &["check", "a.txt/"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("a.txt/"), "{}", o.stderr);
    let o = run(d.path(), &["check", "--model", "models", "a.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("models"), "{}", o.stderr);
    let o = run(d.path(), &["check", "--model", "a.txt", "a.txt"], None);
    assert_eq!(o.code, 2, "a text file is not a model");
    assert!(o.stderr.contains("a.txt"), "{}", o.stderr);
}

#[test]
fn binary_files_are_skipped_with_a_notice_unless_asked() {
    let d = tmp();
    put(d.path(), "good.txt", CLEAN);
    let mut bin = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    bin.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    put(d.path(), "prog.bin", &bin);
    let o = run(d.path(), &["check", "--format", "json", "."], None);
    assert_eq!(o.code, 0, "a skipped binary does not change the exit status");
    assert_eq!(paths(&json(&o)), ["./good.txt"]);
    assert!(o.stderr.contains("./prog.bin") && o.stderr.contains("binary"), "{}", o.stderr);
    let o = run(d.path(), &["check", "--format", "json", "--binary", "."], None);
    assert_ne!(o.code, 2);
    assert_eq!(paths(&assert_contract(&o.stdout, 50)), ["./good.txt", "./prog.bin"]);
}

#[test]
fn empty_file_gets_a_score_and_a_notice() {
    let d = tmp();
    put(d.path(), "empty.txt", b"");
    let o = run(d.path(), &["check", "--format", "json", "empty.txt"], None);
    assert_eq!(o.code, 0);
    let v = assert_contract(&o.stdout, 50);
    let f = file_named(&v, "empty.txt");
    assert_eq!((f["score"].as_u64(), f["words"].as_u64()), (Some(100), Some(0)));
    assert!(o.stderr.contains("empty.txt") && o.stderr.contains("empty"), "{}", o.stderr);
}

#[test]
fn invalid_utf8_is_reported_not_fatal() {
    let d = tmp();
    let bytes = with_invalid_utf8();
    put(d.path(), "bad.txt", &bytes);
    let o = run(d.path(), &["check", "--format", "json", "bad.txt"], None);
    assert_ne!(o.code, 2, "{}", o.stderr);
    let v = assert_contract(&o.stdout, 50);
    let f = file_named(&v, "bad.txt");
    assert!(f["words"].as_u64().unwrap() > 20);
    assert_located(&decode(&bytes), f);
}

#[test]
fn utf16_with_bom_is_decoded_like_utf8() {
    let d = tmp();
    put(d.path(), "utf8.txt", MANGLED);
    put(d.path(), "le.txt", utf16(MANGLED, true));
    put(d.path(), "be.txt", utf16(MANGLED, false));
    // The three are copies of each other: leave duplicates out of the comparison.
    let o = run(d.path(), &["check", "--format", "json", "--no-duplicates", "utf8.txt", "le.txt", "be.txt"], None);
    let v = assert_contract(&o.stdout, 50);
    let f = files(&v);
    for g in &f[1..] {
        for k in ["score", "words", "categories", "findings"] {
            assert_eq!(g[k], f[0][k], "{k} of {} differs from UTF-8", g["path"]);
        }
    }
}

#[test]
fn crlf_line_endings_keep_columns() {
    let d = tmp();
    put(d.path(), "lf.txt", MANGLED);
    put(d.path(), "crlf.txt", crlf(MANGLED));
    let o = run(d.path(), &["check", "--format", "json", "lf.txt", "crlf.txt"], None);
    let v = assert_contract(&o.stdout, 50);
    let (lf, cr) = (file_named(&v, "lf.txt"), file_named(&v, "crlf.txt"));
    assert_eq!(lf["words"], cr["words"]);
    assert_located(&crlf(MANGLED), cr);
    let key =
        |x: &Value| (x["rule"].to_string(), x["line"].to_string(), x["column"].to_string(), x["text"].to_string());
    let crlf_keys: Vec<_> = cr["findings"].as_array().unwrap().iter().map(key).collect();
    for x in lf["findings"].as_array().unwrap() {
        if !x["text"].as_str().unwrap().contains('\n') {
            assert!(crlf_keys.contains(&key(x)), "{x} not found at the same place with CRLF");
        }
    }
    // With findings guaranteed (library pipeline), positions are identical.
    let (_, raw) = marker_run(&[d.path().join("lf.txt"), d.path().join("crlf.txt")], 1, 50);
    let v = assert_contract(&raw, 50);
    let pos = |f: &Value| -> Vec<(Value, Value, Value)> {
        let text = |x: &Value| x["text"].as_str().unwrap().replace("\r\n", "\n");
        f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["line"].clone(), x["column"].clone(), text(x).into()))
            .collect()
    };
    let (lf, cr) = (pos(&files(&v)[0]), pos(&files(&v)[1]));
    assert!(!lf.is_empty());
    assert_eq!(lf.len(), cr.len());
    for (a, b) in lf.iter().zip(&cr) {
        assert_eq!(a, b, "LF and CRLF findings differ");
    }
}

#[test]
fn odd_inputs_do_not_break_anything() {
    let d = tmp();
    let mut lone = vec![0xFF, 0xFE];
    for u in [0x0068u16, 0xD800, 0x0069, 0xDC00, 0x0020, 0xDFFF, 0xD83D] {
        lone.extend(u.to_le_bytes());
    }
    let cases: Vec<(&str, Vec<u8>, Option<u64>)> = vec![
        ("zero.txt", Vec::new(), Some(0)),
        ("newline.txt", b"\n".to_vec(), Some(0)),
        ("newlines.txt", b"\n\n\r\n\n".to_vec(), Some(0)),
        ("nuls.bin", vec![0; 10_000], Some(0)),
        ("lone-surrogates.txt", lone, None),
        ("e-acute.txt", "é".repeat(500_000).into_bytes(), Some(1)), // one word of 1 MB, inside one chunk
        ("cr-only.txt", b"one\rtwo\rthree\r".to_vec(), Some(3)),
        ("bom-only.txt", vec![0xFF, 0xFE], Some(0)),
        ("odd-utf16.txt", vec![0xFE, 0xFF, 0x00, 0x41, 0x00], None),
        ("spaces.txt", vec![b' '; 100_000], Some(0)),
    ];
    for (name, bytes, _) in &cases {
        put(d.path(), name, bytes);
    }
    for (name, bytes, words) in &cases {
        let o = run(d.path(), &["check", "--format", "json", "--binary", name], None);
        assert_ne!(o.code, 2, "{name}: {}", o.stderr);
        let v = assert_contract(&o.stdout, 50);
        let f = file_named(&v, name);
        if let Some(w) = words {
            assert_eq!(f["words"].as_u64(), Some(*w), "{name}");
        }
        assert_located(&decode(bytes), f);
        let t = run(d.path(), &["check", "--binary", name], None);
        assert_eq!(t.code, o.code, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Finding locations

#[test]
fn findings_point_at_their_text_cli() {
    let d = tmp();
    for (name, bytes) in odd_inputs() {
        put(d.path(), name, &bytes);
    }
    let o = run(d.path(), &["check", "--format", "json", "--fail-under", "0"], None);
    let v = assert_contract(&o.stdout, 0);
    for (name, bytes) in odd_inputs() {
        assert_located(&decode(&bytes), file_named(&v, &format!("./{name}")));
    }
}

#[test]
fn findings_point_at_their_text_pipeline() {
    let d = tmp();
    let mut ps = Vec::new();
    for (name, bytes) in odd_inputs() {
        ps.push(put(d.path(), name, &bytes));
    }
    for every in [1, 2, 5] {
        let (_, raw) = marker_run(&ps, every, 50);
        let v = assert_contract(&raw, 50);
        for (name, bytes) in odd_inputs() {
            let f = file_named(&v, d.path().join(name).to_str().unwrap());
            assert!(!f["findings"].as_array().unwrap().is_empty(), "{name}");
            assert_located(&decode(&bytes), f);
        }
    }
}

#[test]
fn findings_point_at_their_text_across_chunks() {
    // Short lines up to past half a chunk, then one long line crossing the chunk
    // boundary (cut at a space), then a long line without spaces (cut between characters).
    let mut text = String::new();
    while text.len() < CHUNK * 5 / 8 {
        text.push_str("Short lines of plain words, with é now and then.\n");
    }
    while text.len() < CHUNK * 3 / 2 {
        text.push_str("one long line keeps going é ");
    }
    text.push('\n');
    while text.len() < CHUNK * 5 / 2 {
        text.push_str("ééééé");
    }
    text.push_str(" end\n");
    let d = tmp();
    let p = put(d.path(), "big.txt", &text);
    let (run, raw) = marker_run(&[p], 997, 50);
    assert!(run.notices.is_empty(), "{:?}", run.notices);
    let v = assert_contract(&raw, 50);
    let f = &files(&v)[0];
    let findings = f["findings"].as_array().unwrap();
    assert!(findings.len() > 100 && findings.len() < MAX_FINDINGS);
    assert!(findings.iter().any(|x| x["line"].as_u64().unwrap() > 1 && x["column"].as_u64().unwrap() > 1000));
    assert_located(&text, f);
    // The same text as UTF-16 (transcoded while read, so chunked alike).
    let cut = (0..=CHUNK * 3 / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap();
    let text = &text[..cut];
    let p = put(d.path(), "big16.txt", utf16(text, false));
    let (run, raw) = marker_run(&[p], 997, 50);
    assert!(run.notices.is_empty(), "{:?}", run.notices);
    let v = assert_contract(&raw, 50);
    assert_eq!(files(&v)[0]["words"].as_u64(), Some(Document::plain(text).word_count() as u64));
    assert_located(text, &files(&v)[0]);
}

#[test]
fn a_file_of_many_chunks_gives_the_same_report_for_any_jobs() {
    // With one file, -j above 1 analyzes its chunks in parallel; they must be taken in
    // in order: findings, words, scores, and a directive that holds from its chunk on.
    let mut text = String::new();
    let mut i = 0;
    while text.len() < CHUNK * 7 / 2 {
        i += 1;
        let clerk = if i % 37 == 0 { "the the clerk" } else { "the clerk" };
        let place = if i % 50 == 0 { "theuniversity" } else { "the university" };
        text.push_str(&format!("Line {i} of the ledger says {clerk} visited {place} on Tuesday.\n"));
        if i % 5000 == 0 {
            text.push_str("The committee met again and nothing new was decided.\n");
        }
        if text.len() > CHUNK * 2 && !text.contains("ignore-file") {
            text.push_str("# garbled: ignore-file[repeated-word]\n");
        }
    }
    let d = tmp();
    put(d.path(), "ledger.txt", &text);
    let run = |j: &str| run(d.path(), &["check", "--format", "json", "--fail-under", "0", "-j", j, "ledger.txt"], None);
    let one = run("1");
    assert_eq!(one.code, 0, "{}", one.stderr);
    let v = assert_contract(&one.stdout, 0);
    let rules: std::collections::BTreeSet<&str> =
        files(&v)[0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains("joined-words") && rules.contains("repeated-word"), "{rules:?}");
    for j in ["2", "3"] {
        let o = run(j);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stdout == one.stdout, "-j {j} differs from -j 1");
    }
}

#[test]
fn kept_findings_are_capped_with_a_notice() {
    let d = tmp();
    let text = "word ".repeat(MAX_FINDINGS + 500);
    let p = put(d.path(), "many.txt", &text);
    let (run, raw) = marker_run(std::slice::from_ref(&p), 1, 50);
    let v = assert_contract(&raw, 50);
    assert_eq!(files(&v)[0]["findings"].as_array().unwrap().len(), MAX_FINDINGS);
    let name = p.display().to_string();
    assert!(
        run.notices
            .iter()
            .any(|n| matches!(n, Notice::Note { path, message } if *path == name && message.contains("not listed"))),
        "{:?}",
        run.notices
    );
    let mut buf = Vec::new();
    report::write(&run, Format::Text, Style::default(), &mut buf).unwrap();
    let lines = String::from_utf8(buf).unwrap().lines().count();
    assert_eq!(lines, MAX_FINDINGS + 2, "the text report lists kept findings, a score line and a summary");
}
