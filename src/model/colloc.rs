//! Strong collocations, derived once from the adjacent-pair table on first use.
//!
//! The spin analyzer asks "is `a b` a collocation?" for every synonym of every
//! suspect word: dozens of questions per word. Answering each with a binary search
//! in `a`'s full follower list (thousands of entries, scattered through a 25 MB
//! model) costs a cache miss per step. The pairs that pass — seen at least
//! [`MIN_COUNT`] times, at least [`MIN_PMI`] above chance — are about one in seven,
//! so their lists are short and answer in a probe or two. Building them reads the
//! pair table once (milliseconds), only in runs that need them.

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

impl Collocations {
    /// Collects the collocations of `m`'s adjacent-pair table.
    pub fn build(m: &Model) -> Self {
        let n = m.vocab_len();
        let mut right = Lists { offsets: Vec::with_capacity(n + 1), ids: Vec::new() };
        right.offsets.push(0);
        let mut before = vec![0u32; n + 1];
        // `c >= MIN_COUNT && m.pmi(a, b, c) >= MIN_PMI` over `m.followers(ADJACENT, a)`,
        // read from the stored codes: a count code below 32,768 is the count itself and
        // larger codes decode to larger counts, so the count test needs no decoding; and
        // `ln x >= MIN_PMI` is decided by comparing `x` with `e^MIN_PMI` except within a
        // relative 1e-9 of it (far wider than `ln`'s rounding), where `ln` decides.
        const _: () = assert!(MIN_COUNT < 32_768);
        let tokens = m.tokens().max(1) as f64;
        let e_min = MIN_PMI.exp();
        let (sure, never) = (e_min * (1.0 + 1e-9), e_min * (1.0 - 1e-9));
        let table = m.tables.get(ADJACENT).copied();
        let data: &[u8] = &m.data;
        for a in 0..n as u32 {
            if let Some(t) = table {
                let (lo, hi) = m.list(&t, a);
                let ca = m.count(a) as f64;
                let codes = data[t.counts + lo * 2..t.counts + hi * 2].as_chunks::<2>().0;
                let ids = data[t.ids + lo * 4..t.ids + hi * 4].as_chunks::<4>().0;
                for (&code, &b) in codes.iter().zip(ids) {
                    let code = u16::from_le_bytes(code);
                    if (code as u64) < MIN_COUNT {
                        continue;
                    }
                    let (b, c) = (u32::from_le_bytes(b), decode_count(code));
                    // `m.pmi(a, b, c)`'s argument, computed as it computes it.
                    let x = (c as f64 + 0.5) * tokens / (ca * m.count(b) as f64).max(1.0);
                    if x >= sure || (x > never && ln_at_least(x, MIN_PMI)) {
                        right.ids.push(b);
                        before[b as usize + 1] += 1;
                    }
                }
            }
            right.offsets.push(right.ids.len() as u32);
        }
        // The same pairs indexed by their second word: a counting sort, and as `a`
        // rises in the loop each left list comes out sorted.
        for b in 0..n {
            before[b + 1] += before[b];
        }
        let mut left = Lists { offsets: before.clone(), ids: vec![0; right.ids.len()] };
        for a in 0..n as u32 {
            for &b in right.get(a) {
                let slot = &mut before[b as usize];
                left.ids[*slot as usize] = a;
                *slot += 1;
            }
        }
        Collocations { right, left }
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
