//! Properties of the whole check over arbitrary and text-like inputs (proptest):
//! scores stay in 0..=100, findings lie inside the text on character boundaries with
//! line/column positions that agree with their spans, and the output is the same
//! every time and for any number of threads.

use std::fs;

use assert_cmd::Command;
use garbled::analyzers::{default_set, Analyzer, Context};
use garbled::check::{self, check_bytes, CheckOptions, RunReport, MAX_TEXT_CHARS};
use garbled::document::{Document, Origin, Position};
use garbled::finding::Finding;
use garbled::model::Model;
use garbled::read::{for_each_chunk, sniff, Encoding};
use garbled::report::{self, Format, Style};
use proptest::prelude::*;
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------
// Inputs

/// Pieces of text-like input: words, punctuation, spaces and line breaks of every
/// kind, non-ASCII letters and symbols, invisible characters and mojibake.
const PIECES: &[&str] = &[
    "the",
    "river",
    "Bank",
    "of",
    "a",
    "station",
    "walked",
    "quickly",
    "NEWS",
    "1987",
    "3.5",
    "e-mail",
    "don't",
    "isn’t",
    "café",
    "naïve",
    "Straße",
    "ελληνικά",
    "русский",
    "日本語",
    "中文",
    "한국어",
    "عربي",
    "🚢",
    "👍🏽",
    "e\u{301}",
    "\u{200B}",
    "\u{00AD}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{202E}",
    "\u{00A0}",
    "Ã©",
    "â€™",
    "â€œ",
    "Â ",
    "Ã¢â‚¬â„¢",
    "ï»¿",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    ".",
    ",",
    "!",
    "?",
    ";",
    ":",
    "—",
    "–",
    "-",
    "(",
    ")",
    "\"",
    "'",
    "…",
    "|",
    "&amp;",
    "<p>",
    "</div>",
    "Click here",
    "Share this",
    "Subscribe",
    "theriver",
    "wal ked",
    "Home | About | Contact",
];

fn text_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|v| v.concat())
}

/// Text-like input with a repeated stretch (repetition and duplicate code paths).
fn repetitive() -> impl Strategy<Value = String> {
    (text_like(), 1..8usize).prop_map(|(s, n)| s.repeat(n))
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..3000)
}

/// Text-like bytes with random bytes spliced in (invalid UTF-8, NULs, cut sequences).
fn damaged_bytes() -> impl Strategy<Value = Vec<u8>> {
    (text_like(), prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..20)).prop_map(|(s, edits)| {
        let mut b = s.into_bytes();
        for (i, byte) in edits {
            if b.is_empty() {
                b.push(byte);
            } else {
                let k = i.index(b.len());
                b.insert(k, byte);
            }
        }
        b
    })
}

// ---------------------------------------------------------------------------
// Oracles

/// The 1-based line and column of `byte`, counted independently of `Document`:
/// `\n`, `\r\n` and a lone `\r` each end a line.
fn naive_position(text: &str, byte: usize) -> Position {
    let (mut line, mut column) = (1, 1);
    for (i, c) in text[..byte].char_indices() {
        if c == '\n' || (c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    Position { line, column }
}

/// Decodes `bytes` as the checker does (one chunk: the inputs are small).
fn decode(bytes: &[u8]) -> garbled::read::Chunk {
    let enc = match sniff(bytes) {
        Encoding::Binary => Encoding::Utf8,
        e => e,
    };
    let mut chunks = Vec::new();
    for_each_chunk(Vec::new(), bytes, enc, |c| chunks.push(c)).unwrap();
    assert!(chunks.len() <= 1);
    chunks.pop().unwrap_or(garbled::read::Chunk { text: String::new(), invalid: Vec::new(), origin: Origin::default() })
}

/// Runs every analyzer on `bytes` and checks each raw finding and its location.
fn check_findings(bytes: &[u8], analyzers: &[Box<dyn Analyzer>]) -> Result<(), TestCaseError> {
    let model = Model::embedded();
    let chunk = decode(bytes);
    let text = chunk.text.as_str();
    let doc = Document::new(text, model, &chunk.invalid, chunk.origin);
    let mut findings: Vec<Finding> = Vec::new();
    for a in analyzers {
        a.analyze(&doc, &Context { model }, &mut findings);
    }
    for f in &findings {
        let s = &f.span;
        prop_assert!(s.start <= s.end && s.end <= text.len(), "{} span {s:?} outside 0..{}", f.rule.code, text.len());
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{} span {s:?} not on char boundaries",
            f.rule.code
        );
        prop_assert!(f.weight.is_finite() && f.weight >= 0.0, "{} weight {}", f.rule.code, f.weight);
        let l = check::locate(&doc, f);
        prop_assert_eq!(l.start, naive_position(text, s.start), "{} start of {:?}", f.rule.code, s);
        prop_assert_eq!(l.end, naive_position(text, s.end), "{} end of {:?}", f.rule.code, s);
        let flagged: String = text[s.clone()].chars().take(MAX_TEXT_CHARS).collect();
        prop_assert!(l.text.starts_with(&flagged), "{}: {:?} vs {:?}", f.rule.code, l.text, flagged);
    }
    Ok(())
}

/// The JSON report of checking `bytes` in memory.
fn report_json(bytes: &[u8], analyzers: &[Box<dyn Analyzer>]) -> Result<Vec<u8>, TestCaseError> {
    let opts = CheckOptions { binary: true, ..Default::default() };
    let (file, notices) = check_bytes("input.txt", bytes, Model::embedded(), analyzers, &opts);
    let file = file.expect("checked with --binary");
    prop_assert!(file.scores.file <= 100, "file score {}", file.scores.file);
    for (c, s) in check::category_scores(&file) {
        prop_assert!(s <= 100, "{c:?} score {s}");
    }
    prop_assert!(file.findings.windows(2).all(|w| w[0].start <= w[1].start), "findings in position order");
    let run = RunReport { files: vec![file], notices, fail_under: opts.fail_under, baseline: Default::default() };
    let mut out = Vec::new();
    report::write(&run, Format::Json, Style::default(), &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let score = v["files"][0]["score"].as_u64().expect("a score");
    prop_assert!(score <= 100);
    Ok(out)
}

fn all_properties(bytes: &[u8]) -> Result<(), TestCaseError> {
    let analyzers = default_set();
    check_findings(bytes, &analyzers)?;
    let first = report_json(bytes, &analyzers)?;
    let second = report_json(bytes, &default_set())?;
    prop_assert!(first == second, "checking the same input twice gave different output");
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        all_properties(s.as_bytes())?;
    }

    #[test]
    fn arbitrary_bytes(b in any_bytes()) {
        all_properties(&b)?;
    }

    #[test]
    fn text_like_strings(s in text_like()) {
        all_properties(s.as_bytes())?;
    }

    #[test]
    fn repetitive_text(s in repetitive()) {
        all_properties(s.as_bytes())?;
    }

    #[test]
    fn damaged_text(b in damaged_bytes()) {
        all_properties(&b)?;
    }

    #[test]
    fn utf16_text(s in text_like(), le in any::<bool>(), bom in any::<bool>()) {
        let mut b = match (bom, le) {
            (false, _) => Vec::new(),
            (true, true) => vec![0xFF, 0xFE],
            (true, false) => vec![0xFE, 0xFF],
        };
        b.extend(s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
        all_properties(&b)?;
    }
}

#[test]
fn naive_position_counts_every_kind_of_line_break() {
    let t = "ab\r\ncd\ref\ngh";
    assert_eq!(naive_position(t, 0), Position { line: 1, column: 1 });
    assert_eq!(naive_position(t, 2), Position { line: 1, column: 3 });
    assert_eq!(naive_position(t, 3), Position { line: 1, column: 4 });
    assert_eq!(naive_position(t, 4), Position { line: 2, column: 1 });
    assert_eq!(naive_position(t, 7), Position { line: 3, column: 1 });
    assert_eq!(naive_position(t, 10), Position { line: 4, column: 1 });
    assert_eq!(naive_position("é\nx", 3), Position { line: 2, column: 1 });
}

// ---------------------------------------------------------------------------
// Through the binary: any number of threads gives the same bytes.

fn garbled_json(dir: &std::path::Path, jobs: &str) -> (i32, Vec<u8>) {
    let o = Command::cargo_bin("garbled")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json", "-j", jobs, "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (o.status.code().expect("exited"), o.stdout)
}

proptest! {
    #![proptest_config(Config { cases: 6, ..Config::default() })]

    #[test]
    fn output_is_the_same_for_one_and_four_threads(
        texts in prop::collection::vec(prop_oneof![text_like(), repetitive()], 2..8),
        damaged in damaged_bytes(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, t) in texts.iter().enumerate() {
            fs::write(dir.path().join(format!("t{i}.txt")), t).unwrap();
        }
        // A near copy of the first file, for the duplicate matcher.
        fs::write(dir.path().join("copy.txt"), format!("{} extra words at the end", texts[0])).unwrap();
        fs::write(dir.path().join("damaged.txt"), &damaged).unwrap();
        let (code1, out1) = garbled_json(dir.path(), "1");
        let (code4, out4) = garbled_json(dir.path(), "4");
        prop_assert_eq!(code1, code4);
        prop_assert!(code1 == 0 || code1 == 1, "exit {}", code1);
        prop_assert!(out1 == out4, "-j1 and -j4 differ");
        let v: serde_json::Value = serde_json::from_slice(&out1).unwrap();
        let n = v["files"].as_array().unwrap().len();
        // Every file is reported except a damaged one that looks binary (NUL bytes).
        prop_assert!(n == texts.len() + 2 || (n == texts.len() + 1 && damaged.contains(&0)), "{} files", n);
    }
}
