//! Spins a text file with the evaluation spinner (to make samples and fixtures).
//! cargo run --release --example spin_file -- RATE SEED < IN > OUT
#[path = "spinner.rs"]
mod spinner;

use std::io::Read;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let rate: f64 = a.get(1).map_or(0.3, |x| x.parse().unwrap());
    let seed: u64 = a.get(2).map_or(1, |x| x.parse().unwrap());
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let s = spinner::Spinner::load(std::path::Path::new("../shared/lexicon")).expect("../shared/lexicon");
    let spun = s.spin(&text, rate, seed);
    print!("{}", spun.text);
    eprintln!("{} changes among {} content words", spun.changes.len(), spun.content_words);
}
