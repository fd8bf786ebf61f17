//! Any bytes as a JSONL stream (`check --input-format jsonl`), with duplicates matched
//! across the stream, through `garbled::stream::run_jsonl` from a file.
//!
//! The first byte picks the options: bits 0–1 how the rest is wrapped (plain, gzip,
//! zstd, gzip cut short), bit 2 `--keep-passed` too, bit 3 two threads too, bit 4
//! `--no-findings`, bit 5 a duplicate index of 16 KB (earlier documents dropped),
//! bits 6–7 the gate (0, 50, 80, 100). Checked: no panic; every record parses as JSON,
//! records come in input order (one per non-blank line when the lines are known),
//! duplicates name earlier documents, `passed` follows the gate, the exit status
//! follows the records; `--keep-passed` writes exactly the lines of the passing
//! records, unchanged; two threads write what one does.
#![no_main]

use std::io::Write;
use std::path::PathBuf;

use garbled::analyzers::{default_set, Analyzer};
use garbled::check::{CheckOptions, Target};
use garbled::model::Model;
use garbled::report::Format;
use garbled::stream::input::{self, Compression};
use garbled::stream::{run_jsonl, InputFormat, StreamOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// One run over the file at `path`: its output and exit status.
fn run(path: &PathBuf, analyzers: &[Box<dyn Analyzer>], opts: &CheckOptions, s: &StreamOptions) -> (Vec<u8>, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let targets = vec![Ok(Target::File(path.clone()))];
    let code = run_jsonl(targets, Model::embedded(), analyzers, opts, s, &mut out, &mut err).expect("writes to memory");
    (out, code)
}

/// The lines of `data` as the reader cuts them (line break kept), numbered from 1.
fn lines(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|&b| b == b'\n').collect()
}

/// True if line `n` (1-based) holds a record rather than blanks.
fn non_blank(n: usize, line: &[u8]) -> bool {
    let line = if n == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
    !line.iter().all(|b| b.is_ascii_whitespace())
}

fn wrap(how: u8, rest: &[u8]) -> Vec<u8> {
    let gzip = |d: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(d).unwrap();
        e.finish().unwrap()
    };
    match how {
        0 => rest.to_vec(),
        1 => gzip(rest),
        2 => zstd::stream::encode_all(rest, 1).unwrap(),
        _ => {
            let mut z = gzip(rest);
            z.truncate(z.len() * 3 / 4);
            z
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&opt, rest)) = data.split_first() else { return };
    let how = opt & 3;
    let keep = opt & 4 != 0;
    let two = opt & 8 != 0;
    let findings = opt & 16 == 0;
    let fail_under = [0, 50, 80, 100][(opt >> 6) as usize];
    let bytes = wrap(how, rest);
    let path = std::env::temp_dir().join(format!("garbled-fuzz-stream-{}.jsonl", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();

    let mut opts = CheckOptions { fail_under, jobs: Some(1), ..Default::default() };
    // As `check` runs a stream: candidates from the sketches' anchors, no MinHash.
    opts.dup.minhash = false;
    if opt & 32 != 0 {
        opts.dup.max_memory = 16 << 10;
    }
    let s = StreamOptions {
        input: InputFormat::Jsonl,
        format: Format::Jsonl,
        text_field: "text".into(),
        id_field: "id".into(),
        keep_passed: false,
        findings,
        stdin_name: "<stdin>".into(),
    };
    let analyzers = default_set();

    // Report mode, one thread.
    let (report, code) = run(&path, &analyzers, &opts, &s);
    let records: Vec<Value> = report
        .split_inclusive(|&b| b == b'\n')
        .map(|l| {
            assert!(l.ends_with(b"\n"), "a record ends its line");
            serde_json::from_slice(l).unwrap_or_else(|e| panic!("record {:?}: {e}", String::from_utf8_lossy(l)))
        })
        .collect();
    let (mut errors, mut failed, mut last) = (0, 0, 0u64);
    let mut passing = Vec::new();
    let mut at = Vec::new();
    for r in &records {
        let line = r["line"].as_u64().expect("every record of one input has a line");
        assert!(line > last, "records in input order: {line} after {last}");
        last = line;
        at.push(line);
        if r.get("error").is_some() {
            errors += 1;
            continue;
        }
        let score = r["score"].as_u64().unwrap();
        let passed = r["passed"].as_bool().unwrap();
        assert!(score <= 100);
        assert_eq!(passed, score >= u64::from(fail_under), "{r}");
        assert_eq!(r.get("findings").is_some(), findings);
        for d in r["duplicates"].as_array().unwrap() {
            let other = d["line"].as_u64().expect("a duplicate names a document");
            assert!(other < line, "a duplicate of line {line} names line {other}, not an earlier one");
            assert!((0.0..=1.0).contains(&d["similarity"].as_f64().unwrap()), "{d}");
        }
        if passed {
            passing.push(line);
        } else {
            failed += 1;
        }
    }
    let want = if errors > 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    };
    assert_eq!(code, want, "exit status");

    // The decompressed lines, when known: the rest as is (unless it is itself compressed,
    // or was cut short; then only the lines read before the cut are known).
    let known = how != 0 || input::detect(rest) == Compression::None;
    let input_lines = lines(rest);
    if known && how != 3 {
        let want: Vec<u64> =
            (1..=input_lines.len()).filter(|&n| non_blank(n, input_lines[n - 1])).map(|n| n as u64).collect();
        assert_eq!(at, want, "one record per non-blank line");
    }

    // `--keep-passed`: the passing lines, unchanged (a line break added to the last).
    let keep_s = StreamOptions { keep_passed: true, ..s.clone() };
    let kept = if keep {
        let (kept, kcode) = run(&path, &analyzers, &opts, &keep_s);
        assert_eq!(kcode, if errors > 0 { 2 } else { 0 }, "exit status with --keep-passed");
        if known {
            let mut want = Vec::new();
            for &n in &passing {
                let l = input_lines[n as usize - 1];
                want.extend_from_slice(l);
                if !l.ends_with(b"\n") {
                    want.push(b'\n');
                }
            }
            assert!(kept == want, "--keep-passed wrote other lines than the passing ones");
        }
        for (i, l) in kept.split_inclusive(|&b| b == b'\n').enumerate() {
            let l = if i == 0 { l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l) } else { l };
            input::parse(l, "text", "id").expect("a kept line is a record");
        }
        Some(kept)
    } else {
        None
    };

    // Two threads: the same output.
    if two {
        let opts2 = CheckOptions { jobs: Some(2), ..opts.clone() };
        let (report2, code2) = run(&path, &analyzers, &opts2, &s);
        assert!(report2 == report, "two threads write the records one does");
        assert_eq!(code2, code);
        if let Some(kept) = kept {
            let (kept2, _) = run(&path, &analyzers, &opts2, &keep_s);
            assert!(kept2 == kept, "two threads keep the lines one does");
        }
    }
    let _ = std::fs::remove_file(&path);
});
