//! Strong collocations, derived once from the adjacent-pair table on first use.
//!
//! The spin analyzer asks "is `a b` a collocation?" for every synonym of every
//! suspect word: dozens of questions per word. Answering each with a binary search
//! in `a`'s full follower list (thousands of entries, scattered through a 25 MB
//! model) costs a cache miss per step. The pairs that pass — seen at least
//! [`MIN_COUNT`] times, at least [`MIN_PMI`] above chance — are about one in seven,
//! so their lists are short and answer in a probe or two. Building them reads the
//! pair table once (milliseconds), only in runs that need them; in runs that build
//! the pair hash table too, in the same walk (`Builder`), which reads each list from
//! memory once for both.

use super::format::decode_count;
use super::{Model, ADJACENT};

/// A collocation is seen at least this often...
pub const MIN_COUNT: u64 = 20;
/// ...with at least this pointwise mutual information (natural log).
pub const MIN_PMI: f64 = 3.0;

/// True when the pair `a b`, seen `c` times, is a collocation: the definition the
/// table holds (it decides the same from the stored count codes, faster).
pub fn is_strong(m: &Model, a: u32, b: u32, c: u64) -> bool {
    c >= MIN_COUNT && m.pmi(a, b, c) >= MIN_PMI
}

/// For every word, the sorted ids of the words that follow it, and of those that
/// precede it, as a collocation.
#[derive(Debug, Default)]
pub struct Collocations {
    right: Lists,
    left: Lists,
}

/// One sorted id list per word.
#[derive(Debug, Default)]
struct Lists {
    offsets: Vec<u32>,
    ids: Vec<u32>,
}

impl Lists {
    fn get(&self, a: u32) -> &[u32] {
        let a = a as usize;
        if a + 1 >= self.offsets.len() {
            return &[];
        }
        &self.ids[self.offsets[a] as usize..self.offsets[a + 1] as usize]
    }
}

/// `x.ln() >= min`, out of line: else the compiler computes the logarithm of every
/// pair before the comparisons that make it unneeded.
#[cold]
#[inline(never)]
fn ln_at_least(x: f64, min: f64) -> bool {
    x.ln() >= min
}

/// Collects the collocations word by word, from each word's list of followers: fed by
/// a walk over the lists that reads them anyway (the pair table's build), so that the
/// lists are read from memory once, not twice.
pub(super) struct Builder {
    right: Lists,
    /// How many collocations each word `b` ends (at `b + 1`), for the left lists.
    before: Vec<u32>,
    /// Scratch, reused from word to word (see [`Builder::word`]).
    places: Vec<u32>,
    kept: Vec<u32>,
    tokens: f64,
    /// Ratios from which `ln` is surely at least [`MIN_PMI`], and below which surely not.
    sure: f64,
    never: f64,
}

impl Builder {
    /// A builder for `m`'s collocations, before its first word.
    pub(super) fn new(m: &Model) -> Self {
        let n = m.vocab_len();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        // `ln x >= MIN_PMI` is decided by comparing `x` with `e^MIN_PMI` except within a
        // relative 1e-9 of it (far wider than `ln`'s rounding), where `ln` decides.
        let e_min = MIN_PMI.exp();
        Builder {
            right: Lists { offsets, ids: Vec::new() },
            before: vec![0; n + 1],
            places: Vec::new(),
            kept: Vec::new(),
            tokens: m.tokens().max(1) as f64,
            sure: e_min * (1.0 + 1e-9),
            never: e_min * (1.0 - 1e-9),
        }
    }

    /// The next word not added yet.
    fn next(&self) -> u32 {
        (self.right.offsets.len() - 1) as u32
    }

    /// Adds word `a` (no word before it is left out: the builder adds those from the
    /// model), whose list of followers is `ids` with their count codes `codes`.
    pub(super) fn word(&mut self, m: &Model, a: u32, ids: &[[u8; 4]], codes: &[[u8; 2]]) {
        while self.next() < a {
            self.add_from_model(m);
        }
        self.add(m, a, ids, codes);
    }

    /// Adds word `a`, the next, with its list.
    fn add(&mut self, m: &Model, a: u32, ids: &[[u8; 4]], codes: &[[u8; 2]]) {
        // `c >= MIN_COUNT && m.pmi(a, b, c) >= MIN_PMI` over the followers, read from the
        // stored codes: a count code below 32,768 is the count itself and larger codes
        // decode to larger counts, so the count test needs no decoding.
        const _: () = assert!(MIN_COUNT < 32_768);
        // The places in the list with a count of at least MIN_COUNT (one in nine pairs),
        // then the collocations among them (one in four of those): each written at every
        // step and its length advanced by the test, without a branch on the data (with
        // a branch on each code, the fastest of 12 builds with the pair table took 14.7
        // ms, not 13.5).
        if self.places.len() < codes.len() {
            self.places.resize(codes.len(), 0);
            self.kept.resize(codes.len(), 0);
        }
        let (places, kept) = (&mut self.places[..], &mut self.kept[..]);
        let mut found = 0;
        for (k, &code) in codes.iter().enumerate() {
            places[found] = k as u32;
            found += (u16::from_le_bytes(code) as u64 >= MIN_COUNT) as usize;
        }
        let ca = m.count(a) as f64;
        let (tokens, sure, never) = (self.tokens, self.sure, self.never);
        let mut strong = 0;
        for &k in &places[..found] {
            let (code, b) = (u16::from_le_bytes(codes[k as usize]), u32::from_le_bytes(ids[k as usize]));
            // `m.pmi(a, b, c)`'s argument, computed as it computes it.
            let x = (decode_count(code) as f64 + 0.5) * tokens / (ca * m.count(b) as f64).max(1.0);
            // (`ln` decides only within the margins, rarely: a branch taken seldom.)
            let ln_says = x > never && x < sure && ln_at_least(x, MIN_PMI);
            kept[strong] = b;
            strong += (x >= sure || ln_says) as usize;
        }
        for &b in &kept[..strong] {
            self.before[b as usize + 1] += 1;
        }
        self.right.ids.extend_from_slice(&kept[..strong]);
        self.right.offsets.push(self.right.ids.len() as u32);
    }

    /// Adds the next word with its list read from the model.
    fn add_from_model(&mut self, m: &Model) {
        let a = self.next();
        let Some(t) = m.tables.get(ADJACENT).copied() else {
            return self.add(m, a, &[], &[]);
        };
        let (lo, hi) = m.list(&t, a);
        let data: &[u8] = &m.data;
        let codes = data[t.counts + lo * 2..t.counts + hi * 2].as_chunks::<2>().0;
        let ids = data[t.ids + lo * 4..t.ids + hi * 4].as_chunks::<4>().0;
        self.add(m, a, ids, codes);
    }

    /// The collocations, once the words not added yet are added from the model.
    pub(super) fn finish(mut self, m: &Model) -> Collocations {
        let n = m.vocab_len() as u32;
        while self.next() < n {
            self.add_from_model(m);
        }
        let (right, mut before) = (self.right, self.before);
        // The same pairs indexed by their second word: a counting sort, and as `a`
        // rises in the loop each left list comes out sorted.
        for b in 0..n as usize {
            before[b + 1] += before[b];
        }
        let mut left = Lists { offsets: before.clone(), ids: vec![0; right.ids.len()] };
        for a in 0..n {
            for &b in right.get(a) {
                let slot = &mut before[b as usize];
                left.ids[*slot as usize] = a;
                *slot += 1;
            }
        }
        Collocations { right, left }
    }
}

impl Collocations {
    /// Collects the collocations of `m`'s adjacent-pair table.
    pub fn build(m: &Model) -> Self {
        Builder::new(m).finish(m)
    }

    /// True when `a b` is a collocation.
    pub fn contains(&self, a: u32, b: u32) -> bool {
        self.right.get(a).binary_search(&b).is_ok()
    }

    /// The words that follow `a` as a collocation, sorted.
    pub fn right_of(&self, a: u32) -> &[u32] {
        self.right.get(a)
    }

    /// The words that precede `b` as a collocation, sorted.
    pub fn left_of(&self, b: u32) -> &[u32] {
        self.left.get(b)
    }

    /// Number of collocations.
    pub fn len(&self) -> usize {
        self.right.ids.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.right.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build;

    #[test]
    fn both_directions_agree() {
        let c = build::counts_from(
            &[("the", 10_000), ("cold", 40), ("war", 40), ("hot", 40), ("tea", 40), ("of", 9_000)],
            &[("cold", "war", 30), ("hot", "tea", 25), ("hot", "war", 21), ("the", "war", 25), ("of", "tea", 3)],
        );
        let m = Model::new(build::write(&c)).unwrap();
        let id = |w| m.word_id(w).unwrap();
        let k = Collocations::build(&m);
        assert!(k.contains(id("cold"), id("war")));
        assert!(k.contains(id("hot"), id("tea")));
        // Too frequent a first word for 25 to be above chance; too rare a pair.
        assert!(!k.contains(id("the"), id("war")));
        assert!(!k.contains(id("of"), id("tea")));
        assert!(!k.contains(id("war"), id("cold")));
        let mut war: Vec<u32> = vec![id("cold"), id("hot")];
        war.sort();
        assert_eq!(k.left_of(id("war")), &war[..]);
        assert_eq!(k.right_of(id("hot")).len(), 2);
        assert_eq!(k.len(), 3);
        assert!(k.left_of(u32::MAX).is_empty());
    }

    #[test]
    fn a_question_without_the_table_answers_as_the_table() {
        let table = Model::embedded();
        let fresh = Model::new(Model::embedded().bytes()).unwrap();
        let k = table.collocations();
        let (mut yes, mut asked) = (0, 0);
        // Every pair of a spread of words with their followers, and with words that never follow them.
        for a in (0..table.vocab_len() as u32).step_by(97) {
            for b in table.followers(ADJACENT, a).map(|(b, _)| b).chain([a, a / 2 + 1, 3, 20_000]) {
                assert_eq!(fresh.is_collocation(a, b), k.contains(a, b), "{a} {b}");
                asked += 1;
                yes += k.contains(a, b) as usize;
            }
        }
        assert!(fresh.collocations_if_built().is_none());
        assert!(yes > 300 && asked > 10 * yes, "{yes} of {asked}");
    }

    #[test]
    fn built_with_the_pair_table_they_are_the_same() {
        let (with, alone) = (Model::new(Model::embedded().bytes()).unwrap(), Model::embedded());
        assert!(with.pair_table().is_some());
        let (k, expected) =
            (with.collocations_if_built().expect("built with the pair table"), Collocations::build(alone));
        assert_eq!(k.len(), expected.len());
        for a in 0..alone.vocab_len() as u32 {
            assert_eq!(k.right_of(a), expected.right_of(a), "{a}");
            assert_eq!(k.left_of(a), expected.left_of(a), "{a}");
        }
    }

    #[test]
    fn the_embedded_model_agrees_with_the_definition() {
        let m = Model::embedded();
        let k = m.collocations();
        let mut n = 0;
        for a in 0..m.vocab_len() as u32 {
            let strong = m.followers(ADJACENT, a).filter(|&(b, c)| is_strong(m, a, b, c));
            assert!(strong.map(|(b, _)| b).eq(k.right_of(a).iter().copied()), "{a}");
            n += k.right_of(a).len();
        }
        assert_eq!(n, k.len());
    }
}
