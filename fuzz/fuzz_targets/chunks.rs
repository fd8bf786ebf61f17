//! The reader's chunking: any bytes, read in small chunks, give the same text, the
//! same invalid bytes and the same line/column positions as read whole.
#![no_main]

use garbled::document::{Document, Position};
use garbled::read::{for_each_chunk, for_each_chunk_sized, sniff, Chunk, Encoding};
use libfuzzer_sys::fuzz_target;

fn read(size: Option<usize>, data: &[u8], enc: Encoding) -> Vec<Chunk> {
    let mut v = Vec::new();
    // The head is a prefix already read, as the pipeline passes it.
    let split = data.len().min(3);
    let (head, rest) = data.split_at(split);
    match size {
        Some(size) => for_each_chunk_sized(size, head.to_vec(), rest, enc, |c| v.push(c)).unwrap(),
        None => for_each_chunk(head.to_vec(), rest, enc, |c| v.push(c)).unwrap(),
    }
    v
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, data)) = data.split_first() else { return };
    let enc = match sniff(data) {
        Encoding::Binary => Encoding::Utf8,
        e => e,
    };
    let whole = read(None, data, enc);
    assert!(whole.len() <= 1);
    let text = whole.first().map_or("", |c| c.text.as_str());
    let bad: Vec<u8> = whole.iter().flat_map(|c| c.invalid.iter().flat_map(|r| r.bytes.clone())).collect();
    let whole_doc = Document::plain(text);
    let size = 16 + usize::from(k);
    let chunks = read(Some(size), data, enc);
    let mut at = 0;
    let mut chunk_bad: Vec<u8> = Vec::new();
    for c in &chunks {
        assert!(!c.text.is_empty());
        assert_eq!(&text[at..at + c.text.len()], c.text, "chunk text at {at}");
        for r in &c.invalid {
            assert!(r.span.start < r.span.end && r.span.end <= c.text.len());
            assert!(c.text[r.span.clone()].chars().all(|ch| ch == '\u{FFFD}'));
            chunk_bad.extend(&r.bytes);
        }
        let doc = Document::new(&c.text, garbled::model::Model::empty(), &c.invalid, c.origin);
        let want = whole_doc.position(at);
        assert_eq!(Position { line: c.origin.line + 1, column: c.origin.column + 1 }, want, "origin at {at}");
        for (i, _) in c.text.char_indices().chain([(c.text.len(), ' ')]) {
            assert_eq!(doc.position(i), whole_doc.position(at + i), "position of byte {}", at + i);
        }
        at += c.text.len();
    }
    assert_eq!(at, text.len());
    assert_eq!(chunk_bad, bad);
});
