//! Document-level fluency of clean and spun dev documents (session 9; a negative
//! result, see README "Real spinners"): for each text, the mean smoothed PMI of its
//! neighbouring pairs that touch a content word, `ln((c_ab + 0.5) / (c_a·c_b/N + 0.5))`,
//! raw and clamped to ±4, and the shares of those pairs never seen though expected at
//! least once, and of pairs with PMI below −2.
//!
//! cargo run --release --example fluency -- [PER_SOURCE]        (dev documents, clean and spun at 5/15/30%)
//! cargo run --release --example fluency -- --files FILE...     (any texts)
//!
//! Prints TSV: source, id, rate index (0 clean; -1 for --files), words, pairs, mean
//! PMI, clamped mean PMI, unseen-but-expected share, low-PMI share.
#[path = "spinner.rs"]
mod spinner;
use garbled::docs::{for_each_doc, is_dev};
use garbled::document::{Document, Origin};
use garbled::model::{Model, ADJACENT};
use std::path::PathBuf;

fn stats(text: &str, m: &Model) -> (usize, usize, f64, f64, f64, f64) {
    let d = Document::new(text, m, &[], Origin::default());
    let n = m.tokens() as f64;
    let (mut np, mut sum, mut unexp, mut low, mut sumc) = (0usize, 0.0, 0usize, 0usize, 0.0);
    for (i, j) in d.word_pairs() {
        let (a, b) = (d.ids[i], d.ids[j]);
        if a == u32::MAX || b == u32::MAX {
            continue;
        }
        let (ca, cb) = (m.count(a) as f64, m.count(b) as f64);
        if ca < 30.0 || cb < 30.0 {
            continue;
        }
        // only pairs touching a content word
        if a < 120 && b < 120 {
            continue;
        }
        let c = m.pair_count(ADJACENT, a, b) as f64;
        let e = ca * cb / n;
        let pmi = ((c + 0.5) / (e + 0.5)).ln();
        np += 1;
        sum += pmi;
        sumc += pmi.clamp(-4.0, 4.0);
        if c == 0.0 && e >= 1.0 {
            unexp += 1;
        }
        if pmi < -2.0 {
            low += 1;
        }
    }
    let f = np.max(1) as f64;
    (d.word_count(), np, sum / f, sumc / f, unexp as f64 / f, low as f64 / f)
}

fn main() {
    let m = Model::embedded();
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 1 && args[1] == "--files" {
        for p in &args[2..] {
            let t = std::fs::read_to_string(p).unwrap();
            let s = stats(&t, m);
            println!("file\t{p}\t-1\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}", s.0, s.1, s.2, s.3, s.4, s.5);
        }
        return;
    }
    let per: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let spinner = spinner::Spinner::load(&PathBuf::from("../shared/lexicon")).unwrap();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir("../shared/reference").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in &files {
        let mut texts = Vec::new();
        let _ = for_each_doc(f, |d| {
            if texts.len() >= per || !is_dev(&d.source, &d.id) {
                return;
            }
            let mut end = d.text.len().min(20_000);
            while !d.text.is_char_boundary(end) {
                end -= 1;
            }
            let body = &d.text[..end];
            if body.split_whitespace().count() >= 50 {
                texts.push((d.source.clone(), d.id.clone(), body.to_string()));
            }
        });
        for (src, id, t) in &texts {
            let seed = garbled::model::format::hash(format!("{src}/{id}").as_bytes());
            for (k, rate) in [0.0, 0.05, 0.15, 0.30].iter().enumerate() {
                let txt = if k == 0 { t.clone() } else { spinner.spin(t, *rate, seed).text };
                let s = stats(&txt, m);
                println!("{src}\t{id}\t{k}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}", s.0, s.1, s.2, s.3, s.4, s.5);
            }
        }
    }
}
