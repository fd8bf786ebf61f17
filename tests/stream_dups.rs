//! Streamed duplicate detection under a memory budget (`--dup-max-memory`,
//! `[duplicates] max-memory`): the oldest documents are dropped deterministically, so
//! output stays the same for any `-j`. All texts are written for these tests.
#![cfg(unix)]

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

fn garbled() -> Command {
    Command::cargo_bin("garbled").unwrap()
}

/// A document of a few hundred words, all its own: numbered sentences on `topic`.
fn doc(topic: usize) -> String {
    (0..40)
        .map(|i| {
            format!(
                "On visit {i} the surveyor of district {topic} measured post {} and logged a depth of {} metres. ",
                topic * 1000 + i * 7 + 3,
                topic * 997 + i * 13 + 1
            )
        })
        .collect()
}

/// `n` distinct documents, then a copy of document 0 (far back) and of document `n - 2` (near).
fn corpus(dir: &TempDir, n: usize) -> PathBuf {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&json!({"id": format!("d{i}"), "text": doc(i)}).to_string());
        s.push('\n');
    }
    for (id, of) in [("far", 0), ("near", n - 2)] {
        s.push_str(&json!({"id": id, "text": doc(of).replace("visit 5 ", "trip 5 ")}).to_string());
        s.push('\n');
    }
    let p = dir.path().join("in.jsonl");
    fs::write(&p, s).unwrap();
    p
}

fn run(input: &PathBuf, extra: &[&str]) -> Vec<u8> {
    let out =
        garbled().args(["check", "--input-format", "jsonl", "--no-findings"]).args(extra).arg(input).output().unwrap();
    assert!(out.status.code().unwrap() <= 1, "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Ids each of `far` and `near` reports.
fn found(out: &[u8]) -> (Vec<String>, Vec<String>) {
    let recs: Vec<Value> =
        out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    let of = |id: &str| -> Vec<String> {
        let r = recs.iter().find(|r| r["id"] == id).unwrap();
        r["duplicates"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_string()).collect()
    };
    (of("far"), of("near"))
}

#[test]
fn a_budget_drops_the_oldest_documents_the_same_way_for_any_jobs() {
    let dir = TempDir::new().unwrap();
    let input = corpus(&dir, 400);
    // Without a budget (the default is far above this input) both copies are found.
    let (far, near) = found(&run(&input, &["-j1"]));
    assert_eq!((far, near), (vec!["d0".to_string()], vec!["d398".to_string()]));
    // 64 KiB holds about a hundred of these documents: the far original is gone.
    let small = run(&input, &["-j1", "--dup-max-memory", "64KiB"]);
    let (far, near) = found(&small);
    assert!(far.is_empty(), "{far:?}");
    assert_eq!(near, vec!["d398".to_string()]);
    for j in ["-j2", "-j3"] {
        assert_eq!(run(&input, &[j, "--dup-max-memory", "64KiB"]), small, "{j}");
    }
}

#[test]
fn the_budget_can_come_from_the_config() {
    let dir = TempDir::new().unwrap();
    let input = corpus(&dir, 400);
    let cfg = dir.path().join("garbled.toml");
    fs::write(&cfg, "[duplicates]\nmax-memory = \"64KiB\"\n").unwrap();
    let by_cfg = run(&input, &["-j2", "--config", cfg.to_str().unwrap()]);
    assert!(found(&by_cfg).0.is_empty());
    // The flag wins over the config.
    let by_flag = run(&input, &["-j2", "--config", cfg.to_str().unwrap(), "--dup-max-memory", "1GiB"]);
    assert_eq!(found(&by_flag).0, vec!["d0".to_string()]);
}

#[test]
fn bad_sizes_are_usage_errors() {
    let dir = TempDir::new().unwrap();
    let input = corpus(&dir, 3);
    let out =
        garbled().args(["check", "--input-format", "jsonl", "--dup-max-memory", "lots"]).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a size"), "{}", String::from_utf8_lossy(&out.stderr));
    let cfg = dir.path().join("garbled.toml");
    fs::write(&cfg, "[duplicates]\nmax-memory = \"12 parsecs\"\n").unwrap();
    let out = garbled()
        .args(["check", "--input-format", "jsonl", "--config", cfg.to_str().unwrap()])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("duplicates.max-memory"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
