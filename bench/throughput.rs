//! Single-thread throughput of each pipeline stage, and the model load time.
//!
//! cargo run --release --example throughput -- FILE...
//! Reads the files, cuts them into ~1 MiB documents, as `check` cuts a large file (`CHUNK_MB=8`: 8 MiB), and times: tokenizing with
//! vocabulary lookups, then each analyzer alone, the duplicate signature, then all
//! together. Prints MB/s.
//! `STAGES=unicode,repetition,signature` runs only the stages named (for profiling).

use std::time::Instant;

/// CPU time of this thread in seconds (Linux; 0 elsewhere): on a shared machine,
/// wall time also counts the time spent waiting for a core.
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

use garbled::analyzers::{default_set, Context};
use garbled::document::{Document, Origin};
use garbled::model::Model;

fn main() {
    let t = Instant::now();
    let n = 20;
    for _ in 0..n {
        let m = Model::new(Model::embedded().bytes()).unwrap();
        std::hint::black_box(m.word_id("the"));
    }
    let load = t.elapsed().as_secs_f64() / n as f64;
    let t = Instant::now();
    Model::embedded().verify().unwrap();
    let verify = t.elapsed().as_secs_f64();
    println!(
        "model: {} bytes; header check + first lookup {:.3} ms; full checksum {:.1} ms",
        Model::embedded().bytes().len(),
        load * 1e3,
        verify * 1e3
    );

    // What a process pays once, before spin's first look-up with the table: the pair
    // hash table (see `Model::pair_table`, built after 1.5 MB) and the collocations.
    let (t, c) = (Instant::now(), cpu());
    let n = 5;
    for _ in 0..n {
        let m = Model::new(Model::embedded().bytes()).unwrap();
        std::hint::black_box(m.pair_table().is_some());
        std::hint::black_box(m.collocations());
    }
    let (wall, cpu_s) = (t.elapsed().as_secs_f64() / n as f64, (cpu() - c) / n as f64);
    println!("pair table + collocations, once per process: {:.1} ms wall, {:.1} ms CPU", wall * 1e3, cpu_s * 1e3);

    let mut text = String::new();
    for f in std::env::args().skip(1) {
        text.push_str(&String::from_utf8_lossy(&std::fs::read(&f).unwrap()));
    }
    // 1 MiB documents, as `check` cuts a large file (`read::CHUNK`); `CHUNK_MB=N` for others.
    let chunk_mb: usize = std::env::var("CHUNK_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + (chunk_mb << 20)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        docs.push(&text[start..end]);
        start = end;
    }
    let mb = text.len() as f64 / 1e6;
    let model = Model::embedded();
    let (t, c) = (Instant::now(), cpu());
    let parsed: Vec<Document> = docs.iter().map(|d| Document::new(d, model, &[], Origin::default())).collect();
    let (tok, tok_cpu) = (t.elapsed().as_secs_f64(), cpu() - c);
    println!("{:<16} {:>8.1} MB/s  cpu {:>8.1} MB/s", "tokenize+lookup", mb / tok, mb / tok_cpu);
    let ctx = Context { model };
    let only = std::env::var("STAGES").ok();
    let all: Vec<_> = default_set()
        .into_iter()
        .filter(|a| only.as_deref().is_none_or(|o| o.split(',').any(|n| n == a.name())))
        .collect();
    let (mut total, mut total_cpu) = (tok, tok_cpu);
    for a in &all {
        let (t, c) = (Instant::now(), cpu());
        let mut n = 0;
        for d in &parsed {
            let mut out = Vec::new();
            a.analyze(d, &ctx, &mut out);
            n += out.len();
        }
        let (s, sc) = (t.elapsed().as_secs_f64(), cpu() - c);
        total += s;
        total_cpu += sc;
        println!("{:<16} {:>8.1} MB/s  cpu {:>8.1} MB/s  ({n} findings)", a.name(), mb / s, mb / sc);
    }
    if only.as_deref().is_none_or(|o| o.split(',').any(|n| n == "signature")) {
        // The duplicate signature every check builds (the documents as chunks of one file).
        let (t, c) = (Instant::now(), cpu());
        let mut b = garbled::duplicate::DupOptions::default().builder();
        for d in &parsed {
            b.add(d);
        }
        let sig = std::hint::black_box(b.finish());
        let (s, sc) = (t.elapsed().as_secs_f64(), cpu() - c);
        total += s;
        total_cpu += sc;
        let n = sig.word.hashes.len() + sig.skel.hashes.len();
        println!("{:<16} {:>8.1} MB/s  cpu {:>8.1} MB/s  ({n} shingles kept)", "signature", mb / s, mb / sc);
    }
    println!(
        "{:<16} {:>8.1} MB/s  cpu {:>8.1} MB/s  ({mb:.1} MB, one thread, every analyzer and the signature)",
        "all",
        mb / total,
        mb / total_cpu
    );
}
