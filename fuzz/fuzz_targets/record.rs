//! Any bytes as one JSONL line through `garbled::stream::input::parse`, which reads the
//! usual record in one pass (`stream::record`) and hands everything else to serde_json:
//! its answer — text, id, or the exact error message — must be serde_json's
//! (`input::parse_plain`). The first byte picks the field names (`text`/`id`,
//! `content`/`doc_id`, `t`/`text`, `text`/`text`), the rest is the line.
#![no_main]

use garbled::stream::input::{parse, parse_plain};
use libfuzzer_sys::fuzz_target;

/// Field-name pairs the first byte picks from (the last two share or swap names).
const FIELDS: [(&str, &str); 4] = [("text", "id"), ("content", "doc_id"), ("t", "text"), ("text", "text")];

fuzz_target!(|data: &[u8]| {
    let Some((&first, line)) = data.split_first() else { return };
    let (text, id) = FIELDS[first as usize % FIELDS.len()];
    assert_eq!(parse(line, text, id), parse_plain(line, text, id), "{:?}", String::from_utf8_lossy(line));
});
