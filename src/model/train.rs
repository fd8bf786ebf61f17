//! `garbled train`: counts words and word pairs in a corpus and prunes them into a model.
//!
//! Documents are read in order by one thread and counted by worker threads, each
//! with its own interned vocabulary; the counts are merged by word text at the end.
//! Counts are sums, so the result, and the model's bytes, do not depend on the
//! number of workers or on which worker saw which document.

use std::path::PathBuf;
use std::sync::{mpsc, Mutex};

use rustc_hash::FxHashMap;

use super::build::Counts;
use super::format::NUMBER_WORD;
use crate::analyzers::spin::phrases::{find, model_key, next_links, phrase_ids, PHRASES};
use crate::docs::{for_each_doc, is_dev, Doc, DocError};
use crate::token::{normalize_word, tokenize_into, Token, TokenKind};

/// What to count and what to keep.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Keep words seen at least this often.
    pub min_word: u64,
    /// Keep adjacent pairs seen at least this often.
    pub min_pair: u64,
    /// Keep one-between pairs seen at least this often; 0 counts none (the default:
    /// the analyzers do not use them yet).
    pub min_skip: u64,
    /// Leave out the development split ([`crate::docs::is_dev`]).
    pub holdout_dev: bool,
    /// Worker threads.
    pub threads: usize,
    /// Words seen at least this often get synonym lists (with a lexicon).
    pub min_synonym: u64,
    /// Longest synonym list kept per word (most frequent synonyms first).
    pub max_synonyms: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            min_word: 3,
            min_pair: 2,
            min_skip: 0,
            holdout_dev: false,
            threads: 2,
            min_synonym: 20,
            max_synonyms: 32,
        }
    }
}

/// Figures about one training run.
#[derive(Debug, Clone, Default)]
pub struct TrainStats {
    /// Documents counted.
    pub docs: u64,
    /// Documents left out as the development split.
    pub held_out: u64,
    /// Word tokens counted.
    pub tokens: u64,
    /// Distinct words before pruning.
    pub distinct_words: usize,
    /// Distinct pairs per table before pruning.
    pub distinct_pairs: [usize; 2],
}

#[derive(Default)]
struct Counter {
    intern: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    word_counts: Vec<u64>,
    pairs: [FxHashMap<u64, u64>; 2],
    tokens: u64,
    docs: u64,
    toks: Vec<Token>,
    ids: Vec<u32>,
    buf: String,
    doc_pairs: Vec<(usize, usize)>,
    phrases: Vec<u64>,
    phrase_ids: Vec<Vec<u32>>,
}

impl Counter {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.intern.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(w.into());
        self.word_counts.push(0);
        self.intern.insert(w.into(), id);
        id
    }

    fn add(&mut self, text: &str, skip: bool) {
        self.docs += 1;
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        tokenize_into(text, &mut toks);
        self.ids.clear();
        for t in &toks {
            let id = match t.kind {
                TokenKind::Punct => u32::MAX,
                TokenKind::Number => self.id(NUMBER_WORD),
                TokenKind::Word => {
                    let mut buf = std::mem::take(&mut self.buf);
                    normalize_word(&text[t.range()], &mut buf);
                    let id = self.id(&buf);
                    self.buf = buf;
                    id
                }
            };
            if id != u32::MAX {
                self.word_counts[id as usize] += 1;
                self.tokens += 1;
            }
            self.ids.push(id);
        }
        let mut pairs = std::mem::take(&mut self.doc_pairs);
        pairs.clear();
        pairs.extend(crate::token::word_pairs(text, &toks));
        self.count_phrases(toks.len(), &pairs);
        let key = |ids: &[u32], a: usize, b: usize| ((ids[a] as u64) << 32) | ids[b] as u64;
        for (p, &(i, j)) in pairs.iter().enumerate() {
            *self.pairs[0].entry(key(&self.ids, i, j)).or_insert(0) += 1;
            if let Some(&(pi, pj)) = p.checked_sub(1).map(|q| &pairs[q]).filter(|_| skip) {
                if pj == i {
                    *self.pairs[1].entry(key(&self.ids, pi, j)).or_insert(0) += 1;
                }
            }
        }
        self.doc_pairs = pairs;
        self.toks = toks;
    }

    /// Counts the spinner phrases of [`PHRASES`] in the current document.
    fn count_phrases(&mut self, n: usize, pairs: &[(usize, usize)]) {
        if self.phrases.is_empty() {
            self.phrases = vec![0; PHRASES.len()];
            self.phrase_ids = phrase_ids(|w| Some(self.id(w)));
        }
        let next = next_links(n, pairs.iter().copied());
        let ids = &self.ids;
        for (k, _, _) in find(n, |i| ids[i], &self.phrase_ids, &next) {
            self.phrases[k] += 1;
        }
    }
}

/// Counts every document of `sources` and returns the pruned counts.
pub fn train(sources: &[PathBuf], opts: &TrainOptions) -> Result<(Counts, TrainStats), DocError> {
    let threads = opts.threads.max(1);
    let (tx, rx) = mpsc::sync_channel::<Vec<Doc>>(threads * 2);
    let rx = Mutex::new(rx);
    let mut held_out = 0u64;
    let counters: Vec<Counter> = std::thread::scope(|s| -> Result<Vec<Counter>, DocError> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut c = Counter::default();
                    loop {
                        let batch = rx.lock().expect("channel lock").recv();
                        let Ok(batch) = batch else { break };
                        for d in batch {
                            c.add(&d.text, opts.min_skip > 0);
                        }
                    }
                    c
                })
            })
            .collect();
        let mut batch = Vec::with_capacity(256);
        let mut result = Ok(());
        for path in sources {
            result = for_each_doc(path, |d| {
                if opts.holdout_dev && is_dev(&d.source, &d.id) {
                    held_out += 1;
                    return;
                }
                batch.push(d);
                if batch.len() == 256 {
                    let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(256)));
                }
            });
            if result.is_err() {
                break;
            }
        }
        let _ = tx.send(batch);
        drop(tx);
        let counters = workers.into_iter().map(|w| w.join().expect("counter thread")).collect();
        result.map(|_| counters)
    })?;
    Ok(merge(counters, opts, held_out))
}

/// Merges per-worker counts by word text and prunes them.
fn merge(counters: Vec<Counter>, opts: &TrainOptions, held_out: u64) -> (Counts, TrainStats) {
    let mut stats = TrainStats { held_out, ..Default::default() };
    let mut global: FxHashMap<&str, u64> = FxHashMap::default();
    for c in &counters {
        stats.docs += c.docs;
        stats.tokens += c.tokens;
        for (w, &n) in c.words.iter().zip(&c.word_counts) {
            *global.entry(w).or_insert(0) += n;
        }
    }
    let mut phrase_counts = vec![0u64; PHRASES.len()];
    for c in &counters {
        for (k, n) in c.phrases.iter().enumerate() {
            phrase_counts[k] += n;
        }
    }
    let keys: Vec<String> = PHRASES.iter().map(model_key).collect();
    for (k, key) in keys.iter().enumerate() {
        // Floored at min_word so that the entry survives pruning: a rare phrase is
        // stored as rare, never as absent.
        global.insert(key, phrase_counts[k].max(opts.min_word));
    }
    stats.distinct_words = global.len();
    let mut kept: Vec<(&str, u64)> = global.into_iter().filter(|&(_, n)| n >= opts.min_word).collect();
    kept.sort_unstable();
    let index: FxHashMap<&str, u32> = kept.iter().enumerate().map(|(i, &(w, _))| (w, i as u32)).collect();
    let mut tables = Vec::new();
    for t in 0..2 {
        let min = if t == 0 { opts.min_pair } else { opts.min_skip.max(1) };
        let mut merged: FxHashMap<u64, u64> = FxHashMap::default();
        for c in &counters {
            let map: Vec<u32> = c.words.iter().map(|w| index.get(&**w).copied().unwrap_or(u32::MAX)).collect();
            for (&k, &n) in &c.pairs[t] {
                let (a, b) = (map[(k >> 32) as usize], map[(k & 0xffff_ffff) as usize]);
                if a != u32::MAX && b != u32::MAX {
                    *merged.entry(((a as u64) << 32) | b as u64).or_insert(0) += n;
                }
            }
        }
        stats.distinct_pairs[t] = merged.len();
        let mut v: Vec<(u32, u32, u64)> = merged
            .into_iter()
            .filter(|&(_, n)| n >= min)
            .map(|(k, n)| ((k >> 32) as u32, (k & 0xffff_ffff) as u32, n))
            .collect();
        v.sort_unstable();
        tables.push(v);
    }
    let counts = Counts {
        tokens: stats.tokens,
        docs: stats.docs.min(u32::MAX as u64) as u32,
        words: kept.into_iter().map(|(w, n)| (w.to_string(), n)).collect(),
        tables,
        synonyms: Vec::new(),
    };
    (counts, stats)
}

/// Adds synonym links from `lexicon` to `counts`. A word's candidates are the
/// words it may have replaced *or* been replaced by: thesauri are not symmetric
/// (Moby lists "space" under "house" but not "house" under "space"), and a spinner
/// that wrote "space" may have read "house". Both sides must be seen at least
/// `min_synonym` times; the most frequent `max_synonyms` are kept.
pub fn add_synonyms(counts: &mut Counts, lexicon: &crate::lexicon::Lexicon, opts: &TrainOptions) {
    use rayon::prelude::*;
    let index: FxHashMap<&str, u32> =
        counts.words.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
    let eligible = |w: &str, c: u64| c >= opts.min_synonym && w.chars().all(|ch| ch.is_ascii_lowercase());
    let forward: Vec<Vec<u32>> = counts
        .words
        .par_iter()
        .map(|(w, c)| {
            if !eligible(w, *c) {
                return Vec::new();
            }
            lexicon
                .word_synonyms(w)
                .iter()
                .filter_map(|s| index.get(s.as_str()).copied())
                .filter(|&j| {
                    let (sw, sc) = &counts.words[j as usize];
                    eligible(sw, *sc)
                })
                .collect()
        })
        .collect();
    let mut both: Vec<Vec<u32>> = forward.clone();
    for (i, list) in forward.iter().enumerate() {
        for &j in list {
            both[j as usize].push(i as u32);
        }
    }
    let mut links = Vec::new();
    for (i, mut list) in both.into_iter().enumerate() {
        list.sort_unstable();
        list.dedup();
        list.sort_by(|&a, &b| counts.words[b as usize].1.cmp(&counts.words[a as usize].1).then(a.cmp(&b)));
        list.truncate(opts.max_synonyms);
        links.extend(list.into_iter().map(|j| (i as u32, j)));
    }
    counts.synonyms = links;
}

/// A JSON manifest describing a trained model: what it was trained from and with,
/// and its size and checksum, so a test can tell when the committed model drifts.
pub fn manifest(sources: &[PathBuf], opts: &TrainOptions, lexicon: bool, model: &[u8]) -> String {
    let files: Vec<serde_json::Value> = sources
        .iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            serde_json::json!({"file": name, "bytes": bytes})
        })
        .collect();
    let v = serde_json::json!({
        "generator": "garbled train",
        "format_version": super::format::FORMAT_VERSION,
        "options": {
            "holdout_dev": opts.holdout_dev, "min_word": opts.min_word, "min_pair": opts.min_pair,
            "min_skip": opts.min_skip, "lexicon": lexicon, "min_synonym": opts.min_synonym,
            "max_synonyms": opts.max_synonyms,
        },
        "sources": files,
        "model_bytes": model.len(),
        "model_crc32": crc32fast::hash(model),
    });
    serde_json::to_string_pretty(&v).expect("json") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, ADJACENT, SKIP_ONE};
    use std::io::Write;

    #[test]
    fn counts_pairs_deterministically() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        let mut f = std::fs::File::create(&p).unwrap();
        for i in 0..50 {
            writeln!(f, "{{\"id\": {i}, \"text\": \"The cold war ended. The cold war, in 1989.\"}}").unwrap();
        }
        drop(f);
        let opts = TrainOptions { min_word: 1, min_pair: 1, min_skip: 1, ..Default::default() };
        assert_eq!(TrainOptions::default().min_skip, 0);
        let one = super::super::build::write(
            &train(std::slice::from_ref(&p), &TrainOptions { threads: 1, ..opts.clone() }).unwrap().0,
        );
        let (counts, stats) = train(&[p], &TrainOptions { threads: 3, ..opts }).unwrap();
        let two = super::super::build::write(&counts);
        assert_eq!(one, two, "thread count changes the model");
        assert_eq!(stats.docs, 50);
        let m = Model::new(two).unwrap();
        let id = |w| m.word_id(w).unwrap();
        assert_eq!(m.pair_count(ADJACENT, id("cold"), id("war")), 100);
        assert_eq!(m.pair_count(ADJACENT, id("war"), id("ended")), 50);
        assert_eq!(m.pair_count(ADJACENT, id("war"), id("in")), 0, "comma breaks pairs");
        assert_eq!(m.pair_count(SKIP_ONE, id("the"), id("war")), 100);
        assert_eq!(m.pair_count(ADJACENT, id("in"), id("#")), 50);
    }
}
