//! The committed models are what the documented commands produce (the pattern typos
//! uses for its generated dictionaries): a golden model trained from a small corpus
//! in `tests/fixtures/train`, and the manifest of the embedded default model.
//! `GARBLED_OVERWRITE=1 cargo test --test model` rewrites the golden model.

use std::path::Path;

use assert_cmd::Command;
use garbled::model::Model;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn golden_model_matches_the_documented_train_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.bin");
    let fixtures = root().join("tests/fixtures/train");
    Command::cargo_bin("garbled")
        .unwrap()
        .args(["train", "--holdout-dev", "--min-word", "1", "--min-pair", "1", "--out"])
        .arg(&out)
        .arg(fixtures.join("corpus.jsonl"))
        .assert()
        .success();
    let fresh = std::fs::read(&out).unwrap();
    let golden_path = fixtures.join("model.bin");
    if std::env::var_os("GARBLED_OVERWRITE").is_some() {
        std::fs::write(&golden_path, &fresh).unwrap();
    }
    let golden = std::fs::read(&golden_path).expect("tests/fixtures/train/model.bin (GARBLED_OVERWRITE=1 writes it)");
    assert!(
        fresh == golden,
        "the trainer's output drifted from tests/fixtures/train/model.bin; if intended, rerun with GARBLED_OVERWRITE=1"
    );
    let m = Model::new(fresh).unwrap();
    m.verify().unwrap();
    assert!(m.word_count("harbour") > 0);
    let (cold, war) = (m.word_id("cold").unwrap(), m.word_id("war").unwrap());
    assert!(m.pair_count(garbled::model::ADJACENT, cold, war) > 0);
}

#[test]
fn embedded_model_matches_its_manifest() {
    let m = Model::embedded();
    m.verify().expect("embedded model checksum");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/model.json")).unwrap()).unwrap();
    assert_eq!(manifest["model_bytes"].as_u64().unwrap(), m.bytes().len() as u64, "corpus/model.json is stale");
    assert_eq!(
        manifest["model_crc32"].as_u64().unwrap(),
        crc32fast::hash(m.bytes()) as u64,
        "corpus/model.json is stale"
    );
    assert_eq!(manifest["format_version"].as_u64().unwrap(), garbled::model::format::FORMAT_VERSION as u64);
    assert!(m.vocab_len() > 100_000 && m.pair_len(garbled::model::ADJACENT) > 1_000_000);
}

#[test]
fn manifest_sources_match_shared_reference() {
    let reference = root().join("../shared/reference");
    if !reference.exists() {
        eprintln!("note: ../shared/reference not found; source drift check skipped");
        return;
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/model.json")).unwrap()).unwrap();
    for s in manifest["sources"].as_array().unwrap() {
        let name = s["file"].as_str().unwrap();
        let len = std::fs::metadata(reference.join(name)).map(|m| m.len()).unwrap_or(0);
        assert_eq!(
            len,
            s["bytes"].as_u64().unwrap(),
            "{name} changed since the model was trained: retrain (see README)"
        );
    }
}

#[test]
fn embedded_model_loads_fast_enough_to_not_parse() {
    // Not a timing test: loading must not depend on the model's size (no parsing).
    let bytes = Model::embedded().bytes().to_vec();
    let m = Model::new(bytes).unwrap();
    assert_eq!(m.vocab_len(), Model::embedded().vocab_len());
}
