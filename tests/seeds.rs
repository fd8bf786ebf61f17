//! Checks over the five seed texts in `../shared/seeds` (skipped with a notice when
//! that folder is absent). The seeds are read at test time, never copied here.

use std::path::{Path, PathBuf};

use garbled::analyzers::default_set;
use garbled::check::{self, CheckOptions, FileReport, Target};
use garbled::finding::{Category, Severity};
use garbled::model::Model;

fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: ../shared/seeds not found; seed test skipped");
        return None;
    };
    entries.map(|e| e.unwrap().path()).find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
}

fn check_seed(prefix: &str) -> Option<FileReport> {
    let path = seed(prefix)?;
    let analyzers = default_set();
    let (report, _) = check::check_target(&Target::File(path), Model::embedded(), &analyzers, &CheckOptions::default());
    Some(report.expect("seed is readable"))
}

fn above_info(r: &FileReport, c: Category) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.rule.category == c && f.severity > Severity::Info)
        .map(|f| format!("{}:{} {} {}", f.start.line, f.start.column, f.text, f.message))
        .collect()
}

#[test]
fn seed_002_fails_on_spin_with_the_expected_originals() {
    let Some(r) = check_seed("002_") else { return };
    assert!(r.scores.file < garbled::score::DEFAULT_FAIL_UNDER, "seed 002 passes: {:?}", r.scores);
    assert!(r.scores.categories[Category::Spin.index()] < 50);
    let has = |text: &str, suggestion: &str| {
        r.findings.iter().any(|f| {
            f.rule.category == Category::Spin
                && f.severity > Severity::Info
                && f.text == text
                && f.suggestion.as_deref() == Some(suggestion)
        })
    };
    assert!(has("White Space", "White House"), "no White Space -> White House");
    assert!(has("safety promises", "security guarantees"), "no safety promises -> security guarantees");
    assert!(
        r.findings.iter().any(|f| f.rule.code == "SPN002" && f.text == "used to be"),
        "no 'used to be' phrase finding"
    );
}

#[test]
fn seeds_000_and_003_have_no_spin_findings_above_info() {
    for s in ["000_", "003_"] {
        let Some(r) = check_seed(s) else { return };
        let spin = above_info(&r, Category::Spin);
        assert!(spin.is_empty(), "seed {s} spin findings: {spin:#?}");
    }
}

#[test]
fn seed_000_has_no_encoding_unicode_or_word_boundary_findings() {
    let Some(r) = check_seed("000_") else { return };
    for c in [Category::Encoding, Category::Unicode, Category::WordBoundary] {
        let f = above_info(&r, c);
        assert!(f.is_empty(), "seed 000 {c} findings: {f:#?}");
    }
}

fn has_fix(r: &FileReport, c: Category, text: &str, suggestion: &str) -> bool {
    r.findings.iter().any(|f| {
        f.rule.category == c
            && f.severity > Severity::Info
            && f.text == text
            && f.suggestion.as_deref() == Some(suggestion)
    })
}

#[test]
fn seed_003_flags_the_camel_case_join_and_its_boilerplate_lines() {
    let Some(r) = check_seed("003_") else { return };
    assert!(has_fix(&r, Category::WordBoundary, "ofMilitary", "of Military"), "no ofMilitary -> of Military");
    let nav: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule.category == Category::Boilerplate && f.severity > Severity::Info)
        .map(|f| f.text.as_str())
        .collect();
    assert!(nav.iter().any(|t| t.contains("Follow us on social")), "boilerplate findings: {nav:?}");
}

#[test]
fn seed_004_flags_split_and_joined_words_with_repairs() {
    let Some(r) = check_seed("004_") else { return };
    assert!(has_fix(&r, Category::WordBoundary, "st ates", "states"), "no st ates -> states");
    assert!(has_fix(&r, Category::WordBoundary, "oldwar", "old war"), "no oldwar -> old war");
}
