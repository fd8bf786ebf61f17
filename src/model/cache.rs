//! A small direct-mapped cache of word lookups, for the tokenizer's hot path.
//!
//! Every word of every document is looked up in the vocabulary: a hash, a probe of
//! the slot table and a comparison with the stored word, each a likely cache miss
//! in a 25 MB model. Word frequencies are Zipfian — a few thousand words make most
//! of any text — so a 4,096-entry cache of short words (80 KB, which stays in the
//! CPU cache) answers most lookups without touching the model. Results are the
//! same with or without it.

use super::format::hash;
use super::Model;

const WAYS: usize = 4096;
/// Words longer than this go straight to the model.
const MAX_LEN: usize = 15;

#[derive(Clone, Copy)]
struct Entry {
    len: u8,
    bytes: [u8; MAX_LEN],
    id: u32,
}

const EMPTY: Entry = Entry { len: 0, bytes: [0; MAX_LEN], id: 0 };
const NONE: u32 = u32::MAX;

/// Remembers recent word lookups of one model.
pub struct IdCache {
    model: u64,
    entries: Vec<Entry>,
}

impl Default for IdCache {
    fn default() -> Self {
        IdCache { model: 0, entries: vec![EMPTY; WAYS] }
    }
}

impl IdCache {
    /// `model.word_id(word)`, answered from the cache when it can be.
    pub fn word_id(&mut self, model: &Model, word: &str) -> Option<u32> {
        let key = model.uid();
        if key != self.model {
            self.entries.fill(EMPTY);
            self.model = key;
        }
        let h = hash(word.as_bytes());
        let b = word.as_bytes();
        if b.is_empty() || b.len() > MAX_LEN {
            return model.word_id_hashed(word, h);
        }
        let e = &mut self.entries[(h >> 20) as usize % WAYS];
        if e.len as usize == b.len() && &e.bytes[..b.len()] == b {
            return (e.id != NONE).then_some(e.id);
        }
        let id = model.word_id_hashed(word, h);
        e.len = b.len() as u8;
        e.bytes[..b.len()].copy_from_slice(b);
        e.id = id.unwrap_or(NONE);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build;

    #[test]
    fn answers_like_the_model() {
        let m = Model::new(build::write(&build::counts_from(&[("cold", 3), ("war", 2)], &[]))).unwrap();
        let mut c = IdCache::default();
        for _ in 0..3 {
            for w in ["cold", "war", "peace", "", "averyveryverylongword", "cold"] {
                assert_eq!(c.word_id(&m, w), m.word_id(w), "{w}");
            }
        }
        // Another model: nothing remembered from the first.
        let m2 = Model::new(build::write(&build::counts_from(&[("war", 3), ("cold", 2)], &[]))).unwrap();
        assert_eq!(c.word_id(&m2, "war"), Some(0));
        assert_eq!(c.word_id(&m2, "cold"), Some(1));
    }
}
