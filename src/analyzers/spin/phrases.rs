//! Function-word phrases that article spinners put in place of plain words.
//!
//! Each entry pairs the spun phrase with the plain words it usually replaces. The
//! list only nominates candidates: `garbled train` counts how often natural text
//! uses each phrase, and the analyzer reports a phrase only where a document uses
//! it far more often than that reference rate. Changing the list needs a retrain.

use crate::document::NO_ID;

/// A spun phrase and the plain words it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase a spinner writes, lower case, words separated by single spaces.
    pub spun: &'static str,
    /// What the original text most likely said.
    pub natural: &'static str,
}

/// The phrases garbled counts.
pub static PHRASES: &[Phrase] = &[
    Phrase { spun: "used to be", natural: "was" },
    Phrase { spun: "was once", natural: "was" },
    Phrase { spun: "within the", natural: "in the" },
    Phrase { spun: "the usage of", natural: "using" },
    Phrase { spun: "by way of", natural: "by" },
    Phrase { spun: "got here", natural: "came" },
    Phrase { spun: "as a way to", natural: "to" },
    Phrase { spun: "are living", natural: "live" },
    Phrase { spun: "pass judgement on", natural: "judge" },
    Phrase { spun: "so as to", natural: "to" },
    Phrase { spun: "in an effort to", natural: "to" },
    Phrase { spun: "at the side of", natural: "with" },
];

/// The vocabulary key under which a model stores the reference count of a phrase.
pub fn model_key(p: &Phrase) -> String {
    format!("\u{1}{}", p.spun)
}

/// Finds phrase occurrences. `id(i)` gives the vocabulary id of token `i` (or
/// `u32::MAX`), `phrases[k]` the ids of the words of `PHRASES[k]` (empty if a word
/// is unknown), and `next[i]` the next word of the same run of text.
/// Returns `(phrase index, first token, last token)`, in text order.
pub fn find(
    n: usize,
    id: impl Fn(usize) -> u32,
    phrases: &[Vec<u32>],
    next: &[Option<usize>],
) -> Vec<(usize, usize, usize)> {
    find_with(n, id, phrases, |j| next.get(j).copied().flatten())
}

/// [`find`] with `next(i)` computed on demand: only after a phrase's first word.
pub fn find_with(
    n: usize,
    id: impl Fn(usize) -> u32,
    phrases: &[Vec<u32>],
    next: impl Fn(usize) -> Option<usize>,
) -> Vec<(usize, usize, usize)> {
    let first = first_words(phrases);
    let mut out = Vec::new();
    for i in 0..n {
        let w0 = id(i);
        if first.get(w0 as usize).copied().unwrap_or(false) {
            match_at(i, w0, &id, phrases, &next, &mut out);
        }
    }
    out
}

/// [`find_with`] where token `i` has id `ids[i]` when `is_word(i)` (else none): the
/// scan for first words reads `ids` alone, and asks `is_word` only at a match.
pub fn find_ids(
    ids: &[u32],
    is_word: impl Fn(usize) -> bool,
    phrases: &[Vec<u32>],
    next: impl Fn(usize) -> Option<usize>,
) -> Vec<(usize, usize, usize)> {
    PhraseIndex::new(phrases.to_vec()).find(ids, is_word, next)
}

/// The phrases' ids with the tables [`PhraseIndex::find`] scans with, made once (a
/// model's are kept: see `score::phrase_findings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseIndex {
    /// `phrases[k]`: the ids of the words of `PHRASES[k]` (see [`find`]).
    phrases: Vec<Vec<u32>>,
    /// For each id up to the largest first word, the phrases it starts (bit `k`:
    /// `phrases[k]`; a short table, as first words are function words).
    starts: Vec<u64>,
    /// Each phrase's second word ([`NO_SECOND`] for a one-word phrase).
    second: Vec<u32>,
    /// For each id up to the largest first word, the id a phrase starting there needs
    /// next or after next: the second word of the one phrase it starts; [`ANY`] where
    /// it starts several (or a one-word phrase), [`NEVER`] where it starts none, and a
    /// [`NEVER`] last that every larger id reads (see [`candidate`]).
    follow: Vec<u32>,
}

impl PhraseIndex {
    /// The index of `phrases` (as [`find`] takes them).
    pub fn new(phrases: Vec<Vec<u32>>) -> Self {
        let mut starts = vec![0u64; phrases.iter().filter_map(|p| p.first()).max().map_or(0, |&m| m as usize + 1)];
        if phrases.len() <= 64 {
            for (k, p) in phrases.iter().enumerate() {
                if let Some(&w) = p.first() {
                    starts[w as usize] |= 1 << k;
                }
            }
        }
        let second: Vec<u32> = phrases.iter().map(|p| *p.get(1).unwrap_or(&NO_SECOND)).collect();
        let mut follow = vec![NEVER; starts.len()];
        for (k, p) in phrases.iter().enumerate() {
            if let Some(&w) = p.first() {
                let f = &mut follow[w as usize];
                // (A second word that could be taken for a mark only costs the exact test.)
                *f = if *f == NEVER && second[k] < ANY { second[k] } else { ANY };
            }
        }
        follow.push(NEVER);
        PhraseIndex { phrases, starts, second, follow }
    }

    /// [`find_ids`] of these phrases.
    pub fn find(
        &self,
        ids: &[u32],
        is_word: impl Fn(usize) -> bool,
        next: impl Fn(usize) -> Option<usize>,
    ) -> Vec<(usize, usize, usize)> {
        let (phrases, starts, second, follow) = (&self.phrases, &self.starts, &self.second, &self.follow);
        let id = |i: usize| if is_word(i) { ids[i] } else { u32::MAX };
        if phrases.len() > 64 {
            return find_with(ids.len(), id, phrases, next);
        }
        // The next word of token `i` is token `i + 1` or `i + 2`, so a phrase cannot
        // start at `i` unless one of them has the second word's id (an exact test that
        // spares most first words the search for it).
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = candidate(ids, follow, from) {
            let w0 = ids[i];
            from = i + 1;
            // (Only a first word's `follow` is met, but for an id equal to NEVER: a word
            // that starts no phrase has NEVER there.)
            if follow[(w0 as usize).min(follow.len() - 1)] == NEVER {
                continue;
            }
            // (`NO_ID` past the end: never a second word.)
            let id_at = |k: usize| ids.get(k).copied().unwrap_or(NO_ID);
            let (n1, n2) = (id_at(i + 1), id_at(i + 2));
            let mut mask = starts[w0 as usize];
            let mut may = false;
            while mask != 0 && !may {
                let b = second[mask.trailing_zeros() as usize];
                mask &= mask - 1;
                may = b == NO_SECOND || n1 == b || n2 == b;
            }
            if may && is_word(i) {
                match_at(i, w0, &id, phrases, &next, &mut out);
            }
        }
        out
    }
}

/// The first token from `from` on whose id starts a phrase with the word one or two
/// tokens on as its second word, or starts several (`follow`: see [`PhraseIndex`]).
/// One test a token, rarely true (about 1 token in 350), where a test of first words
/// alone was true at 1 token in 9, a branch taken at random. Not inlined: inside
/// [`PhraseIndex::find`] the scan shared registers with the rest.
#[inline(never)]
fn candidate(ids: &[u32], follow: &[u32], from: usize) -> Option<usize> {
    // (An id past the table reads the `NEVER` last, which no id equals.)
    let last = follow.len() - 1;
    let hit = |w: u32, n1: u32, n2: u32| {
        let f = follow[(w as usize).min(last)];
        (f == n1) | (f == n2) | (f == ANY)
    };
    // (Windows of three: no bounds test a token.)
    if let Some(k) = ids[from.min(ids.len())..].windows(3).position(|w| hit(w[0], w[1], w[2])) {
        return Some(from + k);
    }
    // (`NO_ID` past the end: never a second word.)
    let id_at = |k: usize| ids.get(k).copied().unwrap_or(NO_ID);
    (ids.len().saturating_sub(2).max(from)..ids.len()).find(|&i| hit(ids[i], id_at(i + 1), id_at(i + 2)))
}

/// The second word of a one-word phrase (in `find_ids`).
const NO_SECOND: u32 = u32::MAX;
/// In [`PhraseIndex`]'s `follow`: an id that starts no phrase (never read: the scan
/// stops at first words)...
const NEVER: u32 = u32::MAX - 1;
/// ...and one whose phrases the exact test decides.
const ANY: u32 = u32::MAX - 2;

/// Which ids start a phrase: one byte a word up to the largest (function words, so
/// a short table).
fn first_words(phrases: &[Vec<u32>]) -> Vec<bool> {
    let mut first = vec![false; phrases.iter().filter_map(|p| p.first()).max().map_or(0, |&m| m as usize + 1)];
    for p in phrases {
        if let Some(&w) = p.first() {
            first[w as usize] = true;
        }
    }
    first
}

/// Pushes every phrase that starts at token `i` (whose id `w0` starts some phrase).
fn match_at(
    i: usize,
    w0: u32,
    id: &impl Fn(usize) -> u32,
    phrases: &[Vec<u32>],
    next: &impl Fn(usize) -> Option<usize>,
    out: &mut Vec<(usize, usize, usize)>,
) {
    'phrases: for (k, words) in phrases.iter().enumerate() {
        if words.first() != Some(&w0) {
            continue;
        }
        let mut j = i;
        for &w in &words[1..] {
            match next(j) {
                Some(nj) if id(nj) == w => j = nj,
                _ => continue 'phrases,
            }
        }
        out.push((k, i, j));
    }
}

/// The ids of the words of every phrase, looked up with `lookup`; a phrase with an
/// unknown word gets an empty list and never matches.
pub fn phrase_ids(mut lookup: impl FnMut(&str) -> Option<u32>) -> Vec<Vec<u32>> {
    PHRASES
        .iter()
        .map(|p| p.spun.split(' ').map(&mut lookup).collect::<Option<Vec<u32>>>().unwrap_or_default())
        .collect()
}

/// `next` links for [`find`] from word pairs `(i, j)`.
pub fn next_links(n: usize, pairs: impl Iterator<Item = (usize, usize)>) -> Vec<Option<usize>> {
    let mut next = vec![None; n];
    for (i, j) in pairs {
        next[i] = Some(j);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ids_agrees_with_find_with() {
        // Phrases 0: [1, 2, 3], 1: [1, 4], 2: unknown word (empty).
        let phrases = vec![vec![1, 2, 3], vec![1, 4], vec![]];
        let ids = [7, 1, 2, 3, 1, 4, 1, 2, 9, 1, 4, u32::MAX];
        // Token 9 is not a word (say, a symbol that normalises like one).
        let is_word = |i: usize| i != 9;
        let next = |i: usize| (i + 1 < ids.len()).then_some(i + 1);
        let id = |i: usize| if is_word(i) { ids[i] } else { u32::MAX };
        let a = find_with(ids.len(), id, &phrases, next);
        let b = find_ids(&ids, is_word, &phrases, next);
        assert_eq!(a, vec![(0, 1, 3), (1, 4, 5)]);
        assert_eq!(a, b);
        assert!(find_ids(&[], is_word, &phrases, next).is_empty());
    }

    proptest::proptest! {
        /// The index finds what the plain search finds, over made-up ids from a small
        /// vocabulary (so that phrases occur), with phrases that share a first word, a
        /// one-word phrase, one with an unknown word, tokens that are not words, the
        /// end of the document right after a first word, and ids far past the first
        /// words (and `NO_ID`).
        #[test]
        fn the_index_agrees_with_the_plain_search(
            ids in proptest::collection::vec(proptest::prelude::prop_oneof![
                8 => 0u32..8,
                1 => proptest::strategy::Just(NO_ID),
                1 => proptest::strategy::Just(NEVER),
                1 => 1_000u32..1_005,
            ], 0..200),
            not_words in proptest::collection::vec(0usize..200, 0..10),
            hyphen in proptest::prelude::any::<bool>(),
        ) {
            let phrases = vec![vec![1, 2, 3], vec![1, 4], vec![5, 6], vec![], vec![7], vec![1_000, 1], vec![2, 2, 2]];
            let is_word = |i: usize| !not_words.contains(&i);
            // The next word is the next token, or the one after (a hyphen between) at
            // every third token.
            let next = |i: usize| {
                let j = if hyphen && i.is_multiple_of(3) { i + 2 } else { i + 1 };
                (j < ids.len()).then_some(j)
            };
            let id = |i: usize| if is_word(i) { ids[i] } else { u32::MAX };
            proptest::prop_assert_eq!(find_ids(&ids, is_word, &phrases, next), find_with(ids.len(), id, &phrases, next));
        }
    }
}
