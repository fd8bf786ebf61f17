//! The whole per-file check of arbitrary bytes: read → Document → every analyzer →
//! score → locate findings → JSON and text reports, with the embedded model.
#![no_main]

use garbled::analyzers::default_set;
use garbled::check::{check_bytes, CheckOptions, RunReport};
use garbled::model::Model;
use garbled::report::{self, Format, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let model = Model::embedded();
    let analyzers = default_set();
    let opts = CheckOptions { binary: true, ..Default::default() };
    let (file, notices) = check_bytes("fuzz.txt", data, model, &analyzers, &opts);
    let files: Vec<_> = file.into_iter().collect();
    for f in &files {
        assert!(f.scores.file <= 100);
        assert!(f.scores.categories.iter().all(|&c| c <= 100));
        for l in &f.findings {
            assert!(l.start <= l.end, "{l:?}");
            assert!(l.start.line >= 1 && l.start.column >= 1);
        }
    }
    let run = RunReport { files, notices, fail_under: opts.fail_under, baseline: Default::default() };
    let mut out = Vec::new();
    report::write(&run, Format::Json, Style::default(), &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("the JSON report parses");
    assert!(v.get("files").is_some());
    out.clear();
    report::write(&run, Format::Text, Style { color: false, show_info: true, quiet: false }, &mut out).unwrap();
});
