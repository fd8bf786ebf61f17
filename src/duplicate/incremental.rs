//! Duplicates in a stream: each new file or document is compared with the ones before
//! it, as it arrives, so results can be written in input order without waiting for
//! the end of the input.
//!
//! The candidates are those of [`super::matcher::candidates`], kept in hash tables
//! that grow as entries are added: LSH band keys, and word and skeleton anchors. A
//! band group past [`MAX_BAND_GROUP`] members links a newcomer only to its first
//! eight members (as the whole-run matcher links huge groups as a star), and an anchor
//! found in more than [`max_anchor_files`] entries stops counting, as in a whole run.
//! Only the later of two matching entries gets the hit. An anchor's "usable" count for
//! an entry is the one at the time the entry was added, so candidates can differ
//! slightly from those of a whole-run check; verification is the same exact one.
//!
//! Memory grows with the entries: each keeps its word and skeleton shingle hashes
//! (4 bytes per word, about 3.5 per word for the skeleton) and its line runs, plus a few
//! table slots per band and anchor. Texts of fewer than [`MIN_WORDS`] words are never
//! matched and are not stored.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::index::Reference;
use super::lsh::LshParams;
use super::matcher::{self, anchors, anchors_needed, max_anchor_files, Basis, Params, MAX_BAND_GROUP, MIN_WORDS};
use super::signature::Signature;
use super::{DupOptions, Hit, Other};

/// A posting list that costs one `u32` while it has one member: values below
/// [`MANY`] are the member itself, others index `many`.
const MANY: u32 = 1 << 31;

/// Members of hash-table keys: one entry inline, more in a shared arena.
#[derive(Default)]
struct Postings<K> {
    map: FxHashMap<K, u32>,
    many: Vec<Vec<u32>>,
}

impl<K: std::hash::Hash + Eq + Copy> Postings<K> {
    fn get(&self, k: K) -> &[u32] {
        match self.map.get(&k) {
            None => &[],
            Some(v) if *v & MANY != 0 => &self.many[(*v & !MANY) as usize],
            Some(v) => std::slice::from_ref(v),
        }
    }

    /// Adds `e` to the members of `k`, unless it already has `cap` members.
    fn push(&mut self, k: K, e: u32, cap: usize) {
        match self.map.get_mut(&k) {
            None => {
                self.map.insert(k, e);
            }
            Some(v) if *v & MANY != 0 => {
                let m = &mut self.many[(*v & !MANY) as usize];
                if m.len() < cap {
                    m.push(e);
                }
            }
            Some(v) => {
                if cap > 1 {
                    self.many.push(vec![*v, e]);
                    *v = MANY | (self.many.len() - 1) as u32;
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        let slot = std::mem::size_of::<K>() + 4 + 1;
        self.map.capacity() * slot + self.many.iter().map(|m| 24 + m.capacity() * 4).sum::<usize>()
    }
}

/// One stored entry.
struct Entry {
    name: String,
    sig: Signature,
    /// Usable anchors (word, skeleton) when it was added.
    usable: [u32; 2],
}

/// The entries seen so far, and the tables that find candidates among them.
pub struct Incremental {
    params: Params,
    lsh: LshParams,
    against: Option<Arc<Reference>>,
    entries: Vec<Entry>,
    bands: Postings<u64>,
    anchors: [Postings<u32>; 2],
    keys: Vec<u64>,
    buf: Vec<u32>,
}

impl Incremental {
    /// An empty index with the thresholds (and reference collection) of `opts`.
    pub fn new(opts: &DupOptions) -> Self {
        Incremental {
            params: opts.params(),
            lsh: opts.lsh(),
            against: opts.against.clone(),
            entries: Vec::new(),
            bands: Postings::default(),
            anchors: [Postings::default(), Postings::default()],
            keys: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Compares `sig` with every entry added before (and the reference collection),
    /// then adds it under `name`. Returns the verified hits, `this` set to the index
    /// the entry got (hits name earlier entries as [`Other::File`]).
    pub fn push(&mut self, name: String, mut sig: Signature) -> Vec<Hit> {
        if sig.words < MIN_WORDS {
            return Vec::new();
        }
        let this = self.entries.len();
        let mut cands: Vec<u32> = Vec::new();
        // LSH bands: every member of a small group, the first eight of a huge one.
        self.lsh.keys(&sig.minhash, &mut self.keys);
        for &k in &self.keys {
            let g = self.bands.get(k);
            let take = if g.len() < MAX_BAND_GROUP { g.len() } else { 8 };
            cands.extend_from_slice(&g[..take]);
        }
        // Anchors: entries sharing enough of the anchors that are not stock phrases.
        let mut usable = [0u32; 2];
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for (w, which) in [Basis::Words, Basis::Skeleton].into_iter().enumerate() {
            anchors(if which == Basis::Words { &sig.word } else { &sig.skel }, &mut self.buf);
            shared.clear();
            let max = max_anchor_files(which);
            for &h in &self.buf {
                let g = self.anchors[w].get(h);
                if g.len() + 1 > max {
                    continue;
                }
                usable[w] += 1;
                for &e in g {
                    *shared.entry(e).or_default() += 1;
                }
            }
            for (&e, &c) in &shared {
                let theirs = self.entries[e as usize].usable[w] as usize;
                if c as usize >= anchors_needed(usable[w] as usize, theirs) {
                    cands.push(e);
                }
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut hits: Vec<Hit> = cands
            .iter()
            .filter_map(|&e| {
                let v = matcher::verify(&sig, &self.entries[e as usize].sig, &self.params)?;
                Some(Hit { this, other: Other::File(e as usize), verdict: v })
            })
            .collect();
        if let Some(r) = &self.against {
            for e in r.candidates(&sig) {
                if let Some(v) = matcher::verify(&sig, &r.signature(e as usize), &self.params) {
                    hits.push(Hit { this, other: Other::Ref(e as usize), verdict: v });
                }
            }
        }
        // Add it.
        let e = this as u32;
        for &k in &self.keys {
            self.bands.push(k, e, MAX_BAND_GROUP);
        }
        for (w, which) in [Basis::Words, Basis::Skeleton].into_iter().enumerate() {
            anchors(if which == Basis::Words { &sig.word } else { &sig.skel }, &mut self.buf);
            // One past the limit marks a stock phrase; more members are not kept.
            let cap = max_anchor_files(which) + 1;
            for &h in &self.buf {
                self.anchors[w].push(h, e, cap);
            }
        }
        sig.minhash = Vec::new();
        for st in [&mut sig.word, &mut sig.skel] {
            st.hashes.shrink_to_fit();
            st.runs.shrink_to_fit();
        }
        self.entries.push(Entry { name, sig, usable });
        hits
    }

    /// The name entry `i` was added under.
    pub fn name(&self, i: usize) -> &str {
        &self.entries[i].name
    }

    /// The signature of entry `i` (without its MinHash).
    pub fn signature(&self, i: usize) -> &Signature {
        &self.entries[i].sig
    }

    /// The name and (for entries of this index) the signature of the other side of a hit.
    pub fn lookup(&self, o: Other) -> (String, Option<&Signature>) {
        match o {
            Other::File(i) => (self.entries[i].name.clone(), Some(&self.entries[i].sig)),
            Other::Ref(e) => (self.against.as_ref().map_or_else(String::new, |r| r.path(e).to_string()), None),
        }
    }

    /// Entries stored (texts with at least [`MIN_WORDS`] words).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Approximate heap bytes held: signatures, names and tables.
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.name.capacity()
                    + (e.sig.word.hashes.capacity() + e.sig.skel.hashes.capacity()) * 4
                    + (e.sig.word.runs.capacity() + e.sig.skel.runs.capacity()) * 12
            })
            .sum();
        entries + self.bands.heap_bytes() + self.anchors.iter().map(Postings::heap_bytes).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::super::signature::signature_of;
    use super::*;
    use crate::check::DuplicateKind;

    fn article(topic: &str, n: usize) -> String {
        format!(
            "The {topic} committee met on Monday number {n} to review the budget for the coming year. \
             Members spent most of the session on the cost of repairs to the old library roof and the \
             heating in the town hall. A vote on the proposal was put off until the next meeting, when \
             the treasurer will present revised figures for {topic} and a plan to spread the cost over \
             three years instead of one."
        )
    }

    #[test]
    fn a_later_copy_reports_the_earlier_one_only() {
        let mut ix = Incremental::new(&DupOptions::default());
        let a = article("harbour", 1);
        let other = "Completely different words about gardens, roses and the weather in spring, \
                     which was warm and dry this year so the tulips came out early and the bees were busy \
                     from the middle of March until the end of May in every garden of the valley.";
        assert!(ix.push("a".into(), signature_of(&a, 5)).is_empty());
        assert!(ix.push("b".into(), signature_of(other, 5)).is_empty());
        let hits = ix.push("c".into(), signature_of(&a.replace("Monday", "Tuesday"), 5));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].this, 2);
        assert!(matches!(hits[0].other, Other::File(0)));
        assert_eq!(hits[0].verdict.kind, DuplicateKind::NearDuplicate);
        assert_eq!(ix.lookup(hits[0].other).0, "a");
        assert_eq!(ix.len(), 3);
        assert!(ix.heap_bytes() > 0);
    }

    #[test]
    fn short_texts_are_not_stored_and_big_groups_stay_bounded() {
        let mut ix = Incremental::new(&DupOptions::default());
        assert!(ix.push("s".into(), signature_of("too short to match", 5)).is_empty());
        assert!(ix.is_empty());
        let a = article("river", 7);
        let mut last = Vec::new();
        for i in 0..(MAX_BAND_GROUP + 20) {
            last = ix.push(format!("copy{i}"), signature_of(&a, 5));
        }
        // A huge cluster of exact copies: the newcomer is linked to the first members only.
        assert!(!last.is_empty() && last.len() <= 8 + 2, "{}", last.len());
        assert!(last.iter().all(|h| matches!(h.other, Other::File(i) if i < MAX_BAND_GROUP)));
    }

    #[test]
    fn postings_inline_one_member() {
        let mut p: Postings<u32> = Postings::default();
        p.push(5, 1, 3);
        assert_eq!(p.get(5), &[1]);
        p.push(5, 2, 3);
        p.push(5, 3, 3);
        p.push(5, 4, 3);
        assert_eq!(p.get(5), &[1, 2, 3]);
        assert!(p.get(9).is_empty());
        p.push(6, 1, 1);
        p.push(6, 2, 1);
        assert_eq!(p.get(6), &[1]);
    }
}
