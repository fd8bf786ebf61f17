//! End-to-end tests of streaming: `garbled check --input-format jsonl` (records, the
//! `--keep-passed` filter, compression, errors, duplicates across the stream) and
//! `garbled check --format jsonl` on files. All texts are written for these tests.
#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

const CLEAN: &[&str] = &[
    "The ferry leaves the harbour at seven every morning, weather permitting.",
    "Passengers who arrive late can wait in the small café beside the ticket office.",
    "On clear days the crossing takes forty minutes and the island is visible from the pier.",
    "The council voted on Tuesday to repair the old stone bridge before the winter floods.",
    "A new bakery opened on the corner of the market square, and the queue reached the church.",
    "Our neighbours planted three apple trees in the spring and hope for fruit next autumn.",
    "The library will stay open late on Thursdays so that students can use the reading room.",
    "After the storm, volunteers cleared the fallen branches from the footpath along the river.",
];

/// Mangled in several ways at once: fails the default gate.
const MANGLED: &str = "The ferry leaves theharbour at seven every morning, weather permitting. \
Passengers who arrive late can wait in the small cafÃ© beside theticket office. \
Thecrossing takes for ty minutes and the isl\u{200B}and is visible from the pier. \
Click here to subscribe. Click here to subscribe. Click here to subscribe. Click here to subscribe.";

/// Shares no sentence with [`CLEAN`].
const OTHER: &str = "Snow fell overnight in the hills, and the school buses kept to the main roads. \
Farmers brought hay to the sheep on the high pastures before the drifts grew too deep. \
By noon the sun came out and children were sledging on the slope behind the village hall.";

fn garbled() -> Command {
    Command::cargo_bin("garbled").unwrap()
}

/// A clean document of a few sentences, different for each `i`.
fn clean_doc(i: usize) -> String {
    let n = 2 + i % 3;
    (0..n).map(|k| CLEAN[(i * 3 + k * 5) % CLEAN.len()]).collect::<Vec<_>>().join(" ")
}

/// `n` JSONL lines: mostly clean documents, every seventh mangled.
fn corpus(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = if i % 7 == 3 { MANGLED.to_string() } else { clean_doc(i) };
            format!("{}\n", json!({"id": format!("doc-{i}"), "lang": "en", "text": text}))
        })
        .collect()
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).unwrap()
}

fn records(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn run(args: &[&str], files: &[&Path]) -> std::process::Output {
    garbled().arg("check").args(args).args(files).output().unwrap()
}

#[test]
fn records_come_in_input_order_for_any_number_of_threads() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "in.jsonl", corpus(700).as_bytes());
    let one = run(&["--input-format", "jsonl", "-j1"], &[&p]);
    let four = run(&["--input-format", "jsonl", "-j4"], &[&p]);
    assert_eq!(one.stdout, four.stdout, "-j1 and -j4 differ");
    assert_eq!(one.status.code(), Some(1), "mangled documents fail the gate");
    let recs = records(&one.stdout);
    assert_eq!(recs.len(), 700);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], format!("doc-{i}"));
        assert_eq!(r["line"], i + 1);
        assert_eq!(r["file"], p.display().to_string());
        if i % 7 == 3 {
            assert_eq!(r["passed"], false, "{r}");
        }
        for key in ["score", "words", "categories", "findings", "duplicates"] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    // Findings have the JSON report's shape, plus the rule code.
    let f = &recs[3]["findings"][0];
    for key in ["code", "category", "rule", "severity", "line", "column", "end_line", "end_column", "text", "message"] {
        assert!(f.get(key).is_some(), "{key} missing in {f}");
    }
}

#[test]
fn gzip_zstd_and_stdin_give_the_same_records() {
    let dir = TempDir::new().unwrap();
    let text = corpus(60);
    let plain = write(&dir, "a.jsonl", text.as_bytes());
    // Compression is recognised by content, not by name.
    let gz = write(&dir, "b.data", &gzip(text.as_bytes()));
    let zst = write(&dir, "c.jsonl", &zstd(text.as_bytes()));
    let strip = |out: &[u8]| {
        records(out)
            .into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("file");
                r
            })
            .collect::<Vec<_>>()
    };
    let args = ["--input-format", "jsonl", "--no-duplicates"];
    let want = strip(&run(&args, &[&plain]).stdout);
    assert_eq!(want.len(), 60);
    assert_eq!(strip(&run(&args, &[&gz]).stdout), want);
    assert_eq!(strip(&run(&args, &[&zst]).stdout), want);
    for input in [text.into_bytes(), gzip(corpus(60).as_bytes()), zstd(corpus(60).as_bytes())] {
        let out = garbled()
            .args(["check", "--input-format", "jsonl", "--no-duplicates"])
            .write_stdin(input)
            .output()
            .unwrap();
        let recs = records(&out.stdout);
        assert_eq!(recs[0]["file"], "<stdin>");
        assert_eq!(strip(&out.stdout), want);
    }
}

#[test]
fn keep_passed_writes_exactly_the_passing_input_lines() {
    let dir = TempDir::new().unwrap();
    // CRLF line ends, an extra field with odd spacing, and no final line break.
    let mut text = corpus(40).replace("\"lang\":\"en\"", "\"lang\" :  \"en\"");
    text = text.replacen('\n', "\r\n", 5);
    text.pop();
    let p = write(&dir, "in.jsonl", text.as_bytes());
    let reports = records(&run(&["--input-format", "jsonl"], &[&p]).stdout);
    let out = run(&["--input-format", "jsonl", "--keep-passed"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "a filter that drops documents is doing its job");
    let mut want = String::new();
    for (line, r) in text.split_inclusive('\n').zip(&reports) {
        if r["passed"] == true {
            want.push_str(line);
        }
    }
    if !want.ends_with('\n') {
        want.push('\n');
    }
    let got = String::from_utf8(out.stdout).unwrap();
    assert_eq!(got, want);
    assert!(got.lines().count() < 40 && got.lines().count() > 20);
    assert!(got.contains("\"lang\" :  \"en\""), "lines are copied unchanged");
}

#[test]
fn no_findings_leaves_the_key_out() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "in.jsonl", corpus(8).as_bytes());
    let recs = records(&run(&["--input-format", "jsonl", "--no-findings"], &[&p]).stdout);
    assert_eq!(recs.len(), 8);
    assert!(recs.iter().all(|r| r.get("findings").is_none() && r.get("score").is_some()));
    assert!(recs[3]["score"].as_u64().unwrap() < 50);
}

#[test]
fn id_and_text_fields_can_be_named() {
    let dir = TempDir::new().unwrap();
    let lines = [
        json!({"url": "https://example.org/a", "body": CLEAN[0], "text": 7}),
        json!({"body": CLEAN[1]}),
        json!({"url": 12, "body": CLEAN[2]}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let p = write(&dir, "in.jsonl", text.as_bytes());
    let out = run(&["--input-format", "jsonl", "--text-field", "body", "--id-field", "url"], &[&p]);
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(recs[0]["id"], "https://example.org/a");
    assert_eq!(recs[1]["id"], format!("{}:2", p.display()), "no id: FILE:LINE");
    assert_eq!(recs[2]["id"], "12");
    assert!(recs.iter().all(|r| r["words"].as_u64().unwrap() > 5));
}

#[test]
fn malformed_lines_are_reported_and_the_rest_is_checked() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "{}\nnot json at all\n{}\n\n{}\n{}\n",
        json!({"id": "first", "text": CLEAN[0]}),
        json!({"id": "no-text", "body": CLEAN[1]}),
        json!({"id": "numeric", "text": 42}),
        json!({"id": "last", "text": CLEAN[2]}),
    );
    let p = write(&dir, "bad.jsonl", text.as_bytes());
    let out = run(&["--input-format", "jsonl"], &[&p]);
    assert_eq!(out.status.code(), Some(2));
    let recs = records(&out.stdout);
    let ids: Vec<&Value> = recs.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&json!("first"), &Value::Null, &json!("no-text"), &json!("numeric"), &json!("last")]);
    assert_eq!(recs[1]["line"], 2);
    assert!(recs[1]["error"].as_str().unwrap().contains("not valid JSON"));
    assert_eq!(recs[2]["error"], "no field \"text\"");
    assert_eq!(recs[3]["line"], 5, "blank lines are skipped but counted");
    let err = String::from_utf8(out.stderr).unwrap();
    let name = p.display().to_string();
    assert!(err.contains(&format!("{name}:2: not valid JSON")), "{err}");
    assert!(err.contains(&format!("{name}:3 (id \"no-text\"): no field \"text\"")), "{err}");
    assert!(err.contains(&format!("{name}:5 (id \"numeric\"): field \"text\" is a number, not a string")), "{err}");
    // In the filter, bad lines are dropped (and reported on stderr); still exit 2.
    let out = run(&["--input-format", "jsonl", "--keep-passed"], &[&p]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

#[test]
fn a_truncated_stream_is_reported_after_the_records_before_it() {
    let dir = TempDir::new().unwrap();
    let text = corpus(1500);
    for (name, bytes) in [("cut.jsonl.gz", gzip(text.as_bytes())), ("cut.jsonl.zst", zstd(text.as_bytes()))] {
        let p = write(&dir, name, &bytes[..bytes.len() / 2]);
        let next = write(&dir, "next.jsonl", corpus(2).as_bytes());
        let out = run(&["--input-format", "jsonl", "--no-findings"], &[&p, &next]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let recs = records(&out.stdout);
        let bad = recs.iter().position(|r| r.get("error").is_some()).expect("an error record");
        assert!(bad > 50, "{name}: only {bad} records before the error");
        for (i, r) in recs[..bad].iter().enumerate() {
            assert_eq!(r["id"], format!("doc-{i}"), "{name}: every record before the cut");
        }
        assert_eq!(recs[bad]["line"], bad + 1);
        let err = String::from_utf8(out.stderr).unwrap();
        let want = format!("{}:{}: ", p.display(), bad + 1);
        assert!(err.contains(&want), "{name}: {err}");
        assert!(err.contains("ends early"), "{err}");
        assert!(err.contains(&format!("the last complete document is \"doc-{}\" (line {bad})", bad - 1)), "{err}");
        // The next input is still read.
        assert_eq!(recs.len(), bad + 3);
        assert_eq!(recs[bad + 2]["file"], next.display().to_string());
    }
}

#[test]
fn a_later_near_copy_reports_the_earlier_document() {
    let dir = TempDir::new().unwrap();
    let article = CLEAN.join(" ");
    let copy = article.replace("Tuesday", "Wednesday").replace("three apple", "four pear");
    let lines = [
        json!({"id": "orig", "text": article}),
        json!({"id": "other", "text": OTHER}),
        json!({"id": "copy", "text": copy}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let p = write(&dir, "in.jsonl", text.as_bytes());
    let recs = records(&run(&["--input-format", "jsonl"], &[&p]).stdout);
    assert_eq!(recs[0]["duplicates"], json!([]), "the earlier document does not know of later ones");
    assert_eq!(recs[1]["duplicates"], json!([]));
    let d = &recs[2]["duplicates"][0];
    assert_eq!(d["id"], "orig");
    assert_eq!(d["line"], 1);
    assert_eq!(d["kind"], "near-duplicate");
    assert!(d["similarity"].as_f64().unwrap() > 0.5);
    assert!(recs[2]["categories"]["duplicate"].as_u64().unwrap() < 100);
    let dup = recs[2]["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DUP001").expect("DUP001");
    assert!(dup["message"].as_str().unwrap().contains("orig"), "{dup}");
    assert!(!dup["text"].as_str().unwrap().is_empty(), "quotes the document's own text");
    let recs = records(&run(&["--input-format", "jsonl", "--no-duplicates"], &[&p]).stdout);
    assert_eq!(recs[2]["duplicates"], json!([]));
}

/// A reader-comment thread of `n` different sentences from the `from`-th on, sharing no
/// sentence with the texts above.
fn comments(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| {
            format!(
                "Reader number {i} wrote that the {} near house {} had been quiet for {} years. ",
                ["mill", "forge", "quarry", "dairy"][i % 4],
                i * 17 + 2,
                i % 9 + 2
            )
        })
        .collect()
}

#[test]
fn edited_and_extended_copies_are_found_from_sketches() {
    // Long enough that the earlier document is remembered as a sample of its shingles.
    let dir = TempDir::new().unwrap();
    let article = format!("{} {OTHER}", CLEAN.join(" "));
    let edited = article.replace("Tuesday", "Friday").replace("forty", "fifty").replace("noon", "midday");
    let extended = format!(
        "{article}

Comments

{}",
        comments(0, 12)
    );
    let lines = [
        json!({"id": "article", "text": article}),
        json!({"id": "other", "text": comments(500, 20)}),
        json!({"id": "edited", "text": edited}),
        json!({"id": "extended", "text": extended}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let p = write(&dir, "in.jsonl", text.as_bytes());
    let recs = records(&run(&["--input-format", "jsonl"], &[&p]).stdout);
    let dups = |i: usize| -> Vec<(String, String)> {
        recs[i]["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].as_str().unwrap().to_string(), d["kind"].as_str().unwrap().to_string()))
            .collect()
    };
    assert!(dups(1).is_empty(), "{:?}", dups(1));
    assert_eq!(dups(2), [("article".to_string(), "near-duplicate".to_string())]);
    let ext = dups(3);
    assert!(ext.contains(&("article".to_string(), "contained".to_string())), "{ext:?}");
    assert!(!ext.iter().any(|d| d.0 == "other"), "{ext:?}");
    for i in [2, 3] {
        let f = recs[i]["findings"].as_array().unwrap().iter().find(|f| f["category"] == "duplicate").unwrap();
        assert!(f["line"].as_u64().unwrap() >= 1 && !f["text"].as_str().unwrap().is_empty(), "{f}");
    }
    // Byte-identical for any number of threads.
    let one = run(&["--input-format", "jsonl", "-j", "1"], &[&p]).stdout;
    assert_eq!(one, run(&["--input-format", "jsonl", "-j", "3"], &[&p]).stdout);
}

#[test]
fn format_jsonl_writes_one_record_per_file_in_order() {
    let dir = TempDir::new().unwrap();
    let article = CLEAN.join("\n");
    write(&dir, "a.txt", article.as_bytes());
    write(&dir, "b.txt", MANGLED.as_bytes());
    write(&dir, "c.txt", article.replace("Tuesday", "Friday").as_bytes());
    let out =
        garbled().args(["check", "--format", "jsonl", "-j2"]).arg(dir.path()).arg("missing.txt").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let recs = records(&out.stdout);
    let names: Vec<String> = recs.iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    let base = dir.path().display();
    assert_eq!(
        names,
        [format!("{base}/a.txt"), format!("{base}/b.txt"), format!("{base}/c.txt"), "missing.txt".into()]
    );
    assert_eq!(recs[1]["passed"], false);
    assert_eq!(recs[0]["duplicates"], json!([]), "only the later file reports the pair");
    assert_eq!(recs[2]["duplicates"][0]["path"], names[0]);
    assert_eq!(recs[3]["error"], "no such file or directory");
    // The same files as a JSON report: both files of a pair report each other.
    let json: Value =
        serde_json::from_slice(&garbled().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap().stdout)
            .unwrap();
    assert_eq!(json["files"][0]["duplicates"][0]["path"], names[2]);
    let out = garbled().args(["check", "--format", "jsonl", "--no-findings"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(records(&out.stdout).iter().all(|r| r.get("findings").is_none()));
}

#[test]
fn records_are_written_before_the_input_ends() {
    let bin = assert_cmd::cargo::cargo_bin("garbled");
    let mut child = std::process::Command::new(bin)
        .args(["check", "--input-format", "jsonl", "--no-findings"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (i, text) in CLEAN.iter().enumerate().take(3) {
        writeln!(stdin, "{}", json!({"id": i, "text": text})).unwrap();
        stdin.flush().unwrap();
        // The record comes back while standard input is still open.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let r: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(r["id"], i.to_string());
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn usage_errors() {
    for args in [
        &["--keep-passed"][..],
        &["--input-format", "jsonl", "--format", "json"],
        &["--no-findings"],
        &["--input-format", "jsonl", "--text-field", "id"],
    ] {
        let out = garbled().arg("check").args(args).arg("-").write_stdin("").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8(out.stderr).unwrap().starts_with("garbled: error: --"), "{args:?}");
    }
    // Empty input: nothing to write, exit 0.
    let out = garbled().args(["check", "--input-format", "jsonl"]).write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn lines_across_the_read_buffer_are_read_whole() {
    // About 3 MiB of records from 40 bytes to 400 KB long (the reader's buffer is 1 MiB,
    // so many lines start in one fill and end in another), with escapes in the texts,
    // blank lines and CRLF ends. With every document passing, `--keep-passed` must give
    // back every non-blank line exactly; the records must be the same from a pipe (reads
    // of other sizes) and from gzip.
    let dir = TempDir::new().unwrap();
    let mut text = String::new();
    let mut n = 0;
    let mut i = 0usize;
    // The line of each record.
    let mut at = Vec::new();
    let mut line = 1;
    while text.len() < 3 << 20 {
        let reps = [1, 3, 40, 900, 2500][i % 5] + i % 7;
        let body: Vec<String> = (0..reps).map(|k| clean_doc(i + k)).collect();
        let mut body = body.join(if i.is_multiple_of(2) { " " } else { "\n\"quoted\"\t" });
        if i.is_multiple_of(3) {
            body.push_str(" caf\u{e9} \u{1F600}");
        }
        text.push_str(&json!({"id": format!("r{n}"), "text": body}).to_string());
        text.push_str(if i % 4 == 1 { "\r\n" } else { "\n" });
        at.push(line);
        n += 1;
        line += 1;
        if i % 9 == 4 {
            text.push_str("  \n");
            line += 1;
        }
        i += 1;
    }
    let p = write(&dir, "big.jsonl", text.as_bytes());
    let gz = write(&dir, "big.gz", &gzip(text.as_bytes()));
    let args = ["--input-format", "jsonl", "--no-duplicates", "--no-findings", "--fail-under", "0"];
    let kept = run(&[&args[..], &["--keep-passed"]].concat(), &[&p]);
    let want: String = text.split_inclusive('\n').filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(kept.status.code(), Some(0));
    assert!(kept.stdout == want.as_bytes(), "--keep-passed changed or lost lines");
    let strip = |out: &[u8]| {
        let recs = records(out);
        recs.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("file");
                r
            })
            .collect::<Vec<_>>()
    };
    let plain = strip(&run(&args, &[&p]).stdout);
    assert_eq!(plain.len(), n);
    for (k, r) in plain.iter().enumerate() {
        assert_eq!(r["id"], format!("r{k}"), "{r}");
        assert_eq!(r["line"], at[k], "{r}");
    }
    assert_eq!(strip(&run(&args, &[&gz]).stdout), plain, "gzip");
    let piped = garbled().arg("check").args(args).write_stdin(text.into_bytes()).output().unwrap();
    assert_eq!(strip(&piped.stdout), plain, "stdin");
}
