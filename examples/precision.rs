//! Findings per 10,000 words on clean reference text, per rule and per source.
//!
//! Samples up to N documents per corpus file from the development split of
//! `../shared/reference` (the same split `garbled train --holdout-dev` leaves out),
//! runs every analyzer, and prints the rates and the first examples of each rule.
//!
//! cargo run --release --example precision -- [--per-source N] [--model PATH] [--show K] [DIR]

use std::collections::BTreeMap;
use std::path::PathBuf;

use garbled::analyzers::{default_set, Context};
use garbled::docs::{for_each_doc, is_dev};
use garbled::document::{Document, Origin};
use garbled::model::Model;
use garbled::read::decode_utf8;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut per_source = 125usize;
    let mut show = 5usize;
    let mut dir = PathBuf::from("../shared/reference");
    let mut model: &'static Model = Model::embedded();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--per-source" => per_source = args.next().unwrap().parse().unwrap(),
            "--show" => show = args.next().unwrap().parse().unwrap(),
            "--model" => {
                let bytes = std::fs::read(args.next().unwrap()).unwrap();
                model = Box::leak(Box::new(Model::new(bytes).unwrap()));
            }
            _ => dir = PathBuf::from(a),
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let analyzers = default_set();
    let ctx = Context { model };
    let mut total_words = 0usize;
    let mut docs = 0usize;
    let mut per_rule: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut per_source_rate: Vec<(String, usize, usize, usize)> = Vec::new();
    for f in &files {
        let mut n = 0;
        let (mut w, mut k) = (0usize, 0usize);
        let mut src = String::new();
        let _ = for_each_doc(f, |d| {
            if n >= per_source || !is_dev(&d.source, &d.id) {
                return;
            }
            n += 1;
            src = d.source.clone();
            let mut text = String::new();
            let mut invalid = Vec::new();
            decode_utf8(d.text.as_bytes(), &mut text, &mut invalid);
            let doc = Document::new(&text, model, &invalid, Origin::default());
            w += doc.word_count();
            let mut out = Vec::new();
            for a in &analyzers {
                a.analyze(&doc, &ctx, &mut out);
            }
            for x in out {
                if x.severity == garbled::finding::Severity::Info {
                    continue;
                }
                k += 1;
                let key = format!("{}/{}", x.rule.category, x.rule.name);
                let e = per_rule.entry(key).or_default();
                e.0 += 1;
                if e.1.len() < show {
                    let s = x.span.start.saturating_sub(40);
                    let mut s = s;
                    while !text.is_char_boundary(s) {
                        s -= 1;
                    }
                    let mut e2 = (x.span.end + 40).min(text.len());
                    while !text.is_char_boundary(e2) {
                        e2 += 1;
                    }
                    e.1.push(format!(
                        "[{} {}] {:?} in …{}… -> {:?}",
                        d.source,
                        d.id,
                        &text[x.span.clone()],
                        text[s..e2].replace('\n', "⏎"),
                        x.suggestion
                    ));
                }
            }
        });
        docs += n;
        total_words += w;
        per_source_rate.push((src, n, w, k));
    }
    println!("{docs} documents, {total_words} words (warnings and errors only)\n");
    println!("{:<28} {:>6} {:>10} {:>9} {:>12}", "source", "docs", "words", "findings", "per 10k words");
    for (s, n, w, k) in &per_source_rate {
        println!("{:<28} {:>6} {:>10} {:>9} {:>12.2}", s, n, w, k, *k as f64 * 1e4 / (*w).max(1) as f64);
    }
    println!("\n{:<40} {:>9} {:>12}", "rule", "findings", "per 10k words");
    for (r, (k, ex)) in &per_rule {
        println!("{:<40} {:>9} {:>12.3}", r, k, *k as f64 * 1e4 / total_words.max(1) as f64);
        for e in ex {
            println!("    {e}");
        }
    }
}
