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
    let mut pairs = Vec::new();
    for d in &parsed {
        for w in d.ids.windows(2) {
            if w[0] != u32::MAX && w[1] != u32::MAX && w[0] >= 120 {
                pairs.push((w[0], w[1]));
            }
        }
    }
    let mut syn = Vec::new();
    for &(a, b) in pairs.iter().step_by(4) {
        for s in model.synonyms(b).take(2) {
            syn.push((a, s));
        }
    }
    let t = model.pair_table().unwrap();
    let mut out = Vec::new();
    for (name, p) in [("text", &pairs), ("syn", &syn)] {
        for round in 0..2 {
            let c = cpu();
            t.get_many_b::<1>(p, &mut out);
            let a = cpu() - c;
            let c = cpu();
            t.get_many_b::<16>(p, &mut out);
            let b = cpu() - c;
            let c = cpu();
            t.get_many_b::<64>(p, &mut out);
            let d = cpu() - c;
            let zero = out.iter().filter(|&&c| c == 0).count();
            if round == 1 {
                println!("{name}: {} lookups ({zero} zero): ns/lookup b1 {:.1} b16 {:.1} b64 {:.1}", p.len(), a * 1e9 / p.len() as f64, b * 1e9 / p.len() as f64, d * 1e9 / p.len() as f64);
            }
        }
    }
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
        let names = ["elig", "touch-lookups", "unseen", "single-gate", "single-tried", "wlr-cands", "wlr-uniq", "wlr-pairs", "entity-title", "entity-followers", "swap_score", "tokens", "t-new", "t-single", "t-entity", "t-strong", "pruned", "x", "x", "x"];
        for (k, nm) in names.iter().enumerate() {
            println!("{nm}: {}", garbled::analyzers::spin::score_dbg(k));
        }
        println!("spin steady: {:.3} s cpu, {:.1} MB/s, {:.1} ns/token, {} tokens, {} findings", s, mb / s, s * 1e9 / ntok as f64, ntok, n);
    }
}
