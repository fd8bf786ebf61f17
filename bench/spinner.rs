//! A synthetic article spinner for evaluation: swaps content words for lexicon
//! synonyms (keeping case and inflection) and plain function words for the phrases
//! spinners use, at a given rate, and records every span it changed.
//!
//! Like real spinners it knows nothing of context: a synonym is drawn uniformly
//! from the word's WordNet/Moby synonyms. Deterministic for a given seed.

#![allow(dead_code)]

use std::collections::HashMap;
use std::ops::Range;

use garbled::analyzers::spin::match_case;
use garbled::analyzers::spin::phrases::PHRASES;
use garbled::lexicon::Lexicon;
use garbled::token::{tokenize, TokenKind};

/// One change the spinner made.
#[derive(Debug, Clone)]
pub struct Change {
    /// Byte range of the replacement in the spun text.
    pub span: Range<usize>,
    /// The original words.
    pub original: String,
}

/// A spun text and its changes.
#[derive(Debug, Clone)]
pub struct Spun {
    /// The spun text.
    pub text: String,
    /// What was changed, in text order.
    pub changes: Vec<Change>,
    /// Content words that could have been swapped.
    pub content_words: usize,
}

/// The spinner: a lexicon and a cache of synonym lists.
pub struct Spinner {
    lexicon: Lexicon,
    cache: std::cell::RefCell<HashMap<String, Vec<String>>>,
}

/// Frequent function words a content-word spinner leaves alone.
pub const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "this", "that", "these", "those", "which", "who",
    "what", "when", "where", "not", "no", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
    "if", "than", "then", "so", "there", "here", "all", "any", "some", "such", "into", "about", "also", "more", "most",
    "very", "just", "only", "other", "over", "up", "out", "said", "says", "mr", "mrs", "him", "them", "us", "me",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

impl Spinner {
    /// Loads the lexicon from `dir` (`../shared/lexicon`).
    pub fn load(dir: &std::path::Path) -> std::io::Result<Spinner> {
        Ok(Spinner { lexicon: Lexicon::load(dir)?, cache: Default::default() })
    }

    fn synonyms(&self, w: &str) -> Vec<String> {
        self.cache.borrow_mut().entry(w.to_string()).or_insert_with(|| self.lexicon.word_synonyms(w)).clone()
    }

    /// Spins `text`: swaps `rate` of its content words and uses a spinner phrase
    /// for a plain word with the same probability.
    pub fn spin(&self, text: &str, rate: f64, seed: u64) -> Spun {
        let mut rng = Rng(seed ^ 0x5eed);
        let toks = tokenize(text);
        let lower: Vec<String> = toks.iter().map(|t| text[t.range()].to_lowercase()).collect();
        // Candidate edits: (first token, last token, replacement).
        let mut content = 0;
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if t.kind != TokenKind::Word {
                i += 1;
                continue;
            }
            let w = &lower[i];
            // Plain words a spinner replaces with a phrase ("was" -> "used to be").
            let mut phrase_done = false;
            for p in PHRASES {
                let nat: Vec<&str> = p.natural.split(' ').collect();
                let end = i + nat.len() - 1;
                if end < toks.len() && nat.iter().enumerate().all(|(k, n)| lower[i + k] == *n) {
                    if rng.chance(rate) {
                        edits.push((i, end, match_case(&text[t.range()], p.spun)));
                        i = end + 1;
                        phrase_done = true;
                    }
                    break;
                }
            }
            if phrase_done {
                continue;
            }
            if w.len() >= 3 && !STOP.contains(&w.as_str()) && w.chars().all(|c| c.is_alphabetic()) {
                content += 1;
                if rng.chance(rate) {
                    let syn = self.synonyms(w);
                    if !syn.is_empty() {
                        let s = &syn[rng.below(syn.len())];
                        edits.push((i, i, match_case(&text[t.range()], s)));
                    }
                }
            }
            i += 1;
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut changes = Vec::new();
        let mut pos = 0;
        for (a, b, rep) in edits {
            let (s, e) = (toks[a].start(), toks[b].end());
            out.push_str(&text[pos..s]);
            let start = out.len();
            out.push_str(&rep);
            changes.push(Change { span: start..out.len(), original: text[s..e].to_string() });
            pos = e;
        }
        out.push_str(&text[pos..]);
        Spun { text: out, changes, content_words: content }
    }
}
