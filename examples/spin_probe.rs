//! Prints the strongest spin positions of clean dev documents (a diagnostic).
//! cargo run --release --example spin_probe -- [MIN_LLR] [N_DOCS]
use garbled::docs::{for_each_doc, is_dev};
use garbled::document::{Document, Origin};
use garbled::model::Model;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let min: f64 = a.get(1).map_or(8.0, |x| x.parse().unwrap());
    let n: usize = a.get(2).map_or(40, |x| x.parse().unwrap());
    let model = Model::embedded();
    if let Some(path) = a.get(3) {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = Document::new(&text, model, &[], Origin::default());
        for p in garbled::analyzers::spin::position_scores(&doc, model) {
            if p.llr >= min {
                println!(
                    "{:5.1} u{}/{} pmi {:.1} rep {} «{}» -> {} | {} {} vs {} {}",
                    p.llr,
                    p.unseen,
                    p.sides,
                    p.swapped_pmi,
                    garbled::analyzers::spin::reportable(&p) as u8,
                    &text[p.span.clone()],
                    p.suggestion(&doc, model),
                    p.observed_text(model),
                    p.observed.1,
                    p.swapped_text(model),
                    p.swapped.1
                );
            }
        }
        return;
    }
    let mut files: Vec<_> = std::fs::read_dir("../shared/reference").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let mut k = 0;
        let _ = for_each_doc(&f, |d| {
            if k >= n / 10 || !is_dev(&d.source, &d.id) {
                return;
            }
            k += 1;
            let mut end = d.text.len().min(20_000);
            while !d.text.is_char_boundary(end) {
                end -= 1;
            }
            let doc = Document::new(&d.text[..end], model, &[], Origin::default());
            for p in garbled::analyzers::spin::position_scores(&doc, model) {
                if p.llr >= min && garbled::analyzers::spin::reportable(&p) {
                    let kind = if p.entity {
                        "ENTITY"
                    } else if p.tokens.0 != p.tokens.1 {
                        "JOINT"
                    } else {
                        "single"
                    };
                    print!("{kind} ");
                    let t0 = doc.tokens[p.tokens.0.saturating_sub(2)].start();
                    let t1 = doc.tokens[(p.tokens.1 + 2).min(doc.tokens.len() - 1)].end();
                    println!(
                        "{:5.1} u{}/{} {:<14} «{}» -> {} | {} {} vs {} {}",
                        p.llr,
                        p.unseen,
                        p.sides,
                        d.source,
                        doc.text[t0..t1].replace('\n', " "),
                        p.suggestion(&doc, model),
                        p.observed_text(model),
                        p.observed.1,
                        p.swapped_text(model),
                        p.swapped.1
                    );
                }
            }
        });
    }
}
