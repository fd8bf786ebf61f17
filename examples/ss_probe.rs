//! Scratch: steady-state spin timing with the pair table prebuilt.
use garbled::analyzers::{default_set, Context};
use garbled::document::{Document, Origin};
use garbled::model::Model;
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let reps: usize = std::env::args().nth(2).map_or(1, |x| x.parse().unwrap());
    let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
    let model = Model::embedded();
    let c = cpu();
    model.pair_table();
    model.collocations();
    model.synonym_words(30);
    eprintln!("vocab {} pairs {} build {:.3}s", model.vocab_len(), model.pair_len(0), cpu() - c);
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + (1 << 20)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        docs.push(&text[start..end]);
        start = end;
    }
    let parsed: Vec<Document> = docs.iter().map(|d| Document::new(d, model, &[], Origin::default())).collect();
    let ntok: usize = parsed.iter().map(|d| d.tokens.len()).sum();
    let ctx = Context { model };
    let spin: Vec<_> = default_set().into_iter().filter(|a| a.name() == "spin").collect();
    let mb = text.len() as f64 / 1e6;
    for _ in 0..reps {
        let c = cpu();
        let mut n = 0;
        for d in &parsed {
            let mut out = Vec::new();
            spin[0].analyze(d, &ctx, &mut out);
            n += out.len();
        }
        let s = cpu() - c;
        println!("spin steady: {:.3} s cpu, {:.1} MB/s, {:.1} ns/token, {} tokens, {} findings", s, mb / s, s * 1e9 / ntok as f64, ntok, n);
    }
}
