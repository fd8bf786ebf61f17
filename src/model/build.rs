//! Writes a model from counts: the only code that produces the byte layout.

use std::collections::HashMap;

use super::format::*;

/// Counts to be written as a model. Words are strings; pairs refer to them by index.
#[derive(Default, Debug, Clone)]
pub struct Counts {
    /// Word and number tokens counted.
    pub tokens: u64,
    /// Documents counted.
    pub docs: u32,
    /// `(word, count)`; order does not matter, words must be distinct.
    pub words: Vec<(String, u64)>,
    /// Per pair table: `(index into words, index into words, count)`.
    pub tables: Vec<Vec<(u32, u32, u64)>>,
    /// `(word index, synonym word index)` links.
    pub synonyms: Vec<(u32, u32)>,
}

/// Serializes `counts`. Ids are assigned by descending count, then by word bytes,
/// so the output depends only on the counts, never on input order.
pub fn write(counts: &Counts) -> Vec<u8> {
    let n = counts.words.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (wa, ca) = &counts.words[a];
        let (wb, cb) = &counts.words[b];
        cb.cmp(ca).then_with(|| wa.cmp(wb))
    });
    let mut new_id = vec![0u32; n];
    for (id, &old) in order.iter().enumerate() {
        new_id[old] = id as u32;
    }

    let mut words = Vec::with_capacity(n * 12);
    let mut strings = Vec::new();
    for &old in &order {
        let (w, c) = &counts.words[old];
        words.extend((strings.len() as u32).to_le_bytes());
        words.extend((w.len() as u32).to_le_bytes());
        words.extend((*c).min(u32::MAX as u64).to_le_bytes()[..4].iter());
        strings.extend(w.as_bytes());
    }

    let slots = (n * 2).max(16).next_power_of_two();
    let mut table = vec![0u32; slots];
    for (id, &old) in order.iter().enumerate() {
        let mut s = (hash(counts.words[old].0.as_bytes()) as usize) & (slots - 1);
        while table[s] != 0 {
            s = (s + 1) & (slots - 1);
        }
        table[s] = id as u32 + 1;
    }
    let mut slot_bytes = Vec::with_capacity(slots * 4);
    for v in table {
        slot_bytes.extend(v.to_le_bytes());
    }

    let mut body = Vec::new();
    body.extend(&words);
    body.extend(&slot_bytes);
    for t in &counts.tables {
        let mut pairs: Vec<(u32, u32, u64)> =
            t.iter().map(|&(a, b, c)| (new_id[a as usize], new_id[b as usize], c)).collect();
        pairs.sort_unstable();
        pairs.dedup_by(|x, y| {
            if x.0 == y.0 && x.1 == y.1 {
                y.2 += x.2;
                true
            } else {
                false
            }
        });
        write_lists(&mut body, n, pairs.iter().map(|p| (p.0, p.1)), pairs.len());
        for p in &pairs {
            body.extend(encode_count(p.2).to_le_bytes());
        }
    }
    let mut syn: Vec<(u32, u32)> =
        counts.synonyms.iter().map(|&(a, b)| (new_id[a as usize], new_id[b as usize])).collect();
    syn.sort_unstable();
    syn.dedup();
    write_lists(&mut body, n, syn.iter().copied(), syn.len());
    body.extend(&strings);

    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend(MAGIC);
    out.extend(FORMAT_VERSION.to_le_bytes());
    out.extend((counts.tables.len() as u32).to_le_bytes());
    out.extend(counts.tokens.to_le_bytes());
    out.extend((n as u32).to_le_bytes());
    out.extend((slots as u32).to_le_bytes());
    out.extend((strings.len() as u32).to_le_bytes());
    out.extend((syn.len() as u32).to_le_bytes());
    out.extend(crc32fast::hash(&body).to_le_bytes());
    out.extend(counts.docs.to_le_bytes());
    out.resize(HEADER_LEN, 0);
    out.extend(body);
    out
}

/// Writes `(key, value)` lists sorted by key as offsets then values.
fn write_lists(body: &mut Vec<u8>, n: usize, items: impl Iterator<Item = (u32, u32)> + Clone, len: usize) {
    let mut offsets = vec![0u32; n + 1];
    for (a, _) in items.clone() {
        offsets[a as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    debug_assert_eq!(offsets[n] as usize, len);
    for o in offsets {
        body.extend(o.to_le_bytes());
    }
    for (_, b) in items {
        body.extend(b.to_le_bytes());
    }
}

/// Builds [`Counts`] from plain strings; convenient for tests and small models.
pub fn counts_from(words: &[(&str, u64)], pairs: &[(&str, &str, u64)]) -> Counts {
    let index: HashMap<&str, u32> = words.iter().enumerate().map(|(i, (w, _))| (*w, i as u32)).collect();
    let table = pairs.iter().map(|(a, b, c)| (index[a], index[b], *c)).collect();
    Counts {
        tokens: words.iter().map(|w| w.1).sum(),
        docs: 1,
        words: words.iter().map(|(w, c)| (w.to_string(), *c)).collect(),
        tables: vec![table, Vec::new()],
        synonyms: Vec::new(),
    }
}
