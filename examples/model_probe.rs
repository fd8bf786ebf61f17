//! Prints model facts for words and pairs (a diagnostic).
//! cargo run --release --example model_probe -- WORD... | "A B" pairs
use garbled::model::{Model, ADJACENT};
fn main() {
    let m = Model::embedded();
    for a in std::env::args().skip(1) {
        let parts: Vec<&str> = a.split(' ').collect();
        if parts.len() == 2 {
            let (x, y) = (m.word_id(parts[0]), m.word_id(parts[1]));
            let c = match (x, y) {
                (Some(x), Some(y)) => m.pair_count(ADJACENT, x, y),
                _ => 0,
            };
            println!("{a:?}: {c}");
        } else if let Some(id) = m.word_id(&a) {
            let syn: Vec<&str> = m.synonyms(id).map(|s| m.word(s)).collect();
            println!("{a}: id {id} count {} synonyms {:?}", m.count(id), syn);
        } else {
            println!("{a}: unknown");
        }
    }
}
