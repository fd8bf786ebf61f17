//! One walk over a document's tokens that finds what the swap checks score: the
//! eligible words next to a pair the reference never saw, with their neighbours and
//! the counts of their neighbour pairs, and the pairs that may be Title-Case names.
//!
//! The walk goes in blocks of tokens: it links each word to the next word of its
//! run of text, decides eligibility, and collects the block's neighbour pairs that
//! touch an eligible word, whose counts are then read together (the cache misses
//! overlap). Only the few words it keeps are stored: nothing is as long as the
//! document but the output.

use std::cell::RefCell;

use crate::document::{Document, NO_ID};
use crate::model::Model;
use crate::token::{is_wordlike, Token, TokenKind};

use super::score::{FUNCTION_RANK, MIN_COUNT};

/// Tokens per block (the block's pairs and counts stay in the CPU cache).
const BLOCK: usize = 4096;

/// A neighbour of a word: its token, its vocabulary id and the reference count of
/// the pair it makes with the word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Nb {
    /// Token index.
    pub tok: u32,
    /// Vocabulary id (never [`NO_ID`]).
    pub id: u32,
    /// Reference count of the pair (in text order).
    pub count: u64,
}

/// An eligible word (see [`word_ok`]) with its neighbours that have ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Cand {
    /// Token index.
    pub i: u32,
    /// The previous word of the same run of text, if it has an id.
    pub left: Option<Nb>,
    /// The next word, if it has an id.
    pub right: Option<Nb>,
}

impl Cand {
    /// The neighbours' ids.
    #[inline]
    pub fn sides(&self) -> (Option<u32>, Option<u32>) {
        (self.left.map(|n| n.id), self.right.map(|n| n.id))
    }

    /// How many of the neighbour pairs the reference never saw (0 to 2).
    #[inline]
    pub fn unseen_sides(&self) -> u8 {
        self.left.is_some_and(|n| n.count == 0) as u8 + self.right.is_some_and(|n| n.count == 0) as u8
    }
}

/// Two neighbouring content words that both start upper case: a possible name
/// (`Ctx::entity` checks the rest), with the pair's count if it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Title {
    /// The first word's token.
    pub i: u32,
    /// The second word's token.
    pub j: u32,
    /// The reference count of the pair, where the walk read it.
    pub count: Option<u64>,
}

/// What the walk keeps.
#[derive(Default)]
pub(super) struct Scan {
    /// The words kept (see [`scan`]), ascending.
    pub cands: Vec<Cand>,
    /// The possible names, ascending.
    pub titles: Vec<Title>,
}

/// The next word of token `i` in the same run of text, as `doc.word_pairs()` gives
/// it (which looks at tokens `i..i + 3` only).
#[inline]
pub(super) fn next_word(doc: &Document, i: usize) -> Option<usize> {
    let tokens = &doc.tokens;
    let (a, b) = (tokens.get(i)?, tokens.get(i + 1)?);
    // The commonest case, two words one space apart: short ASCII words the tokenizer
    // noted (no text read), then any others.
    if b.follows_word()
        || (is_wordlike(a) && is_wordlike(b) && b.start() == a.end() + 1 && doc.text.as_bytes()[a.end()] == b' ')
    {
        return Some(i + 1);
    }
    // No pair after a mark, nor across a mark other than a hyphen right after the word
    // (the commonest other case: a word before a comma or a full stop).
    if !is_wordlike(a)
        || (!is_wordlike(b)
            && (b.start() != a.end() || b.end() != b.start() + 1 || doc.text.as_bytes().get(b.start()) != Some(&b'-')))
    {
        return None;
    }
    next_word_rest(doc, i)
}

/// [`next_word`] where tokens `i` and `i + 1` are not two words one space apart:
/// [`crate::token::word_after`], out of line, so that the common case stays small
/// enough to inline.
#[inline(never)]
fn next_word_rest(doc: &Document, i: usize) -> Option<usize> {
    crate::token::word_after(doc.text, &doc.tokens, i)
}

/// True when token `i` may be an eligible word, whatever its neighbours: a content
/// word (id at least [`FUNCTION_RANK`]) with synonyms, well attested (`words`: see
/// [`Model::synonym_words`]), with case information. (Eligible when it also has a
/// neighbour word with an id.)
#[inline(always)]
fn word_ok(doc: &Document, i: usize, words: &[bool]) -> bool {
    let id = doc.ids[i];
    // `words` is false for NO_ID (out of range) and for words without synonyms.
    if id < FUNCTION_RANK || !words.get(id as usize).copied().unwrap_or(false) {
        return false;
    }
    let t = doc.tokens[i];
    // The commonest case, a word with a lower-case first letter, noted by the
    // tokenizer (tested first: it also answers that the token is a word).
    if t.is_lower_word() {
        return true;
    }
    if t.kind != TokenKind::Word {
        return false;
    }
    let bytes = &doc.text.as_bytes()[t.range()];
    // Acronyms and upper-case lines (old newswire) carry no case information.
    let lower = if t.is_ascii() {
        bytes.iter().any(|b| b.is_ascii_lowercase())
    } else {
        doc.text[t.range()].chars().any(char::is_lowercase)
    };
    bytes.len() <= 1 || lower
}

/// [`word_ok`] without a branch on the word's id or synonyms, which are random from
/// word to word (`bits`: see [`known_bits`]): one branch, rarely taken, for a known
/// word that does not start with an ASCII lower-case letter.
#[inline(always)]
fn word_ok_flat(doc: &Document, i: usize, words: &[bool], bits: &[u64]) -> bool {
    let (id, t) = (doc.ids[i] as usize, &doc.tokens[i]);
    // (A clamped index, read whatever the id: no branch.)
    let known = (bits[(id / 64).min(bits.len() - 1)] >> (id % 64)) & 1 != 0;
    // (`black_box` keeps the test one branch: the compiler would split it into one
    // branch per term, the first one random.)
    if std::hint::black_box(known & !t.is_lower_word()) {
        return word_ok(doc, i, words);
    }
    known
}

/// [`word_ok`]'s test of the id alone, one bit a word (8 times smaller than `words`,
/// so that the random reads stay in the CPU's nearest cache): set for the content
/// words (id at least [`FUNCTION_RANK`]) that `words` lists, with a last word of
/// zeros that every larger id reads.
fn known_bits(words: &[bool]) -> Vec<u64> {
    // (Without a branch a word: made once per thread, but a short check's CPU counts it.)
    let mut bits: Vec<u64> = words.chunks(64).map(|c| c.iter().rev().fold(0, |m, &w| m << 1 | w as u64)).collect();
    bits.push(0);
    for id in 0..words.len().min(FUNCTION_RANK as usize) {
        bits[id / 64] &= !(1 << (id % 64));
    }
    bits
}

/// Walks `doc`: keeps the eligible words next to a pair the reference never saw
/// (every eligible word when `all`), and the possible names.
pub(super) fn scan(doc: &Document, model: &Model, all: bool) -> Scan {
    thread_local! {
        /// The block buffers of the last document walked on this thread.
        static SPARE: RefCell<Block> = RefCell::new(Block::default());
    }
    SPARE.with(|b| match b.try_borrow_mut() {
        Ok(mut b) => scan_with(doc, model, all, &mut b),
        Err(_) => scan_with(doc, model, all, &mut Block::default()),
    })
}

/// [`scan`] with the block's buffers `block`, kept from one document to the next (a
/// fresh block of zeroed pairs per document cost about 1% of a stream of short
/// records in zeroing alone). Nothing of an earlier document is read: each block of
/// pairs is written before it is read, up to its own `len`.
fn scan_with(doc: &Document, model: &Model, all: bool, block: &mut Block) -> Scan {
    let words = model.synonym_words(MIN_COUNT);
    let words: &[bool] = &words;
    let n = doc.tokens.len();
    // (About one token in sixteen is kept in natural text: room for twice that.)
    let mut out = Scan { cands: Vec::with_capacity(n / 8), titles: Vec::new() };
    // The block's pairs (see [`Block`]) and their counts: room for a block of this
    // document, grown (never shrunk) as longer documents come.
    block.reset(BLOCK.min(n));
    let mut counts = std::mem::take(&mut block.counts);
    if block.model != Some(model.uid()) {
        (block.bits, block.model) = (known_bits(words), Some(model.uid()));
    }
    let bits = std::mem::take(&mut block.bits);
    // The right word of the last pair, if `word_ok`, with its left neighbour: the
    // next pair completes it when it starts there.
    let mut open: Option<(u32, Nb)> = None;
    // (Without `all`, only the words next to an unseen pair are kept: found from those.)
    let mut carry = Carry::default();
    let emit = |c: Cand, out: &mut Scan| {
        if all || c.unseen_sides() > 0 {
            out.cands.push(c);
        }
    };
    let mut from = 0;
    while from < n {
        let to = (from + BLOCK).min(n);
        block.fill(doc, words, &bits, from, to);
        let Block { at, pairs, len, names, .. } = &*block;
        let (at, pairs) = (&at[..*len], &pairs[..*len]);
        model.pair_counts(pairs, &mut counts);
        out.titles.extend(names.iter().map(|&(i, j, k)| Title { i, j, count: counts.get(k as usize).copied() }));
        from = to;
        if !all {
            carry.unseen_only(at, pairs, &counts, &mut out.cands);
            continue;
        }
        for (&(i, j, oi, oj), (&(a, b), &c)) in at.iter().zip(pairs.iter().zip(&counts)) {
            let right = Nb { tok: j, id: b, count: c };
            match open.take() {
                Some((w, left)) if w == i => emit(Cand { i, left: Some(left), right: Some(right) }, &mut out),
                prev => {
                    // An open word not continued here has no right neighbour with an id,
                    // and a word here not left open has no left one.
                    if let Some((w, left)) = prev {
                        emit(Cand { i: w, left: Some(left), right: None }, &mut out);
                    }
                    if oi {
                        emit(Cand { i, left: None, right: Some(right) }, &mut out);
                    }
                }
            }
            if oj {
                open = Some((j, Nb { tok: i, id: a, count: c }));
            }
        }
    }
    if let Some((w, left)) = open {
        emit(Cand { i: w, left: Some(left), right: None }, &mut out);
    }
    carry.finish(&mut out.cands);
    (block.counts, block.bits) = (counts, bits);
    out
}

/// A block's pairs `i j` that touch a `word_ok` word (with `word_ok` of both), their
/// ids, and its possible names (with the index of their pair, or [`NONE`]).
#[derive(Default)]
struct Block {
    /// `(i, j, word_ok(i), word_ok(j))` of the first `len` pairs (room for [`BLOCK`],
    /// or for every token of the longest document walked so far, if shorter: what is
    /// past `len` is left from earlier blocks, and never read).
    at: Vec<(u32, u32, bool, bool)>,
    /// Their ids.
    pairs: Vec<(u32, u32)>,
    /// Pairs in the block.
    len: usize,
    /// The possible names: `(i, j, index in at or NONE)`.
    names: Vec<(u32, u32, u32)>,
    /// The counts of the pairs (kept here between documents only).
    counts: Vec<u64>,
    /// [`known_bits`] of the model `model` (its [`Model::uid`]), kept from one document
    /// to the next (taken out during a walk).
    bits: Vec<u64>,
    /// The model whose `bits` are kept.
    model: Option<u64>,
}

/// No pair (a name whose count was not read).
const NONE: u32 = u32::MAX;

impl Block {
    /// Readies the block for a new document: room for at least `room` pairs (one per
    /// token of a block), and nothing carried from the last document.
    fn reset(&mut self, room: usize) {
        if self.at.len() < room {
            self.at.resize(room, (0, 0, false, false));
            self.pairs.resize(room, (0, 0));
        }
        self.len = 0;
        self.names.clear();
    }

    /// Fills the block with the pairs that start at tokens `from..to` (at most
    /// [`BLOCK`] of them).
    ///
    /// Whether a word is eligible, and so whether a pair is kept, is random from word
    /// to word, and those mispredicted branches were most of the walk's time: both are
    /// decided without a branch (see [`word_ok_flat`]), each pair written whether kept
    /// or not.
    #[inline(never)]
    fn fill(&mut self, doc: &Document, words: &[bool], bits: &[u64], from: usize, to: usize) {
        let (ids, tokens) = (&doc.ids[..doc.tokens.len()], &doc.tokens[..]);
        // (The last token starts no pair.)
        let end = to.min(tokens.len().saturating_sub(1));
        // (A word starts with an ASCII letter or a non-ASCII character: an upper-case
        // ASCII letter or a non-ASCII character when not a lower-case one.)
        let capital = |t: &Token| (t.kind == TokenKind::Word) & !t.is_lower_word();
        let ok = |k: usize| word_ok_flat(doc, k, words, bits);
        let room = self.at.len();
        let (at, pairs) = (&mut self.at[..room], &mut self.pairs[..room]);
        self.names.clear();
        let mut len = 0;
        for i in from..end {
            // (A pair needs two ids: most tokens that have none are decided here.)
            let a = ids[i];
            if a == NO_ID {
                continue;
            }
            let Some(j) = next_word(doc, i) else { continue };
            let b = ids[j];
            if b == NO_ID {
                continue;
            }
            let (oi, oj) = (ok(i), ok(j));
            // Written whether kept or not (at most one pair per token: `len < room`).
            at[len] = (i as u32, j as u32, oi, oj);
            pairs[len] = (a, b);
            let keep = oi | oj;
            let k = if keep { len as u32 } else { NONE };
            len += keep as usize;
            // (`black_box` keeps the rare test one branch: the compiler would split it
            // into one branch per term, the first ones random.)
            let name = (a >= FUNCTION_RANK) & (b >= FUNCTION_RANK) & capital(&tokens[i]) & capital(&tokens[j]);
            if std::hint::black_box(name) {
                self.names.push((i as u32, j as u32, k));
            }
        }
        self.len = len;
    }
}

/// What [`Carry::unseen_only`] carries from one block of pairs to the next.
#[derive(Default)]
struct Carry {
    /// The last pair so far: `(i, j, id of i, id of j, count)`.
    prev: Option<(u32, u32, u32, u32, u64)>,
    /// The right word of an unseen pair that ended a block, with that pair as its left
    /// neighbour: its right neighbour, if any, is the next block's first pair.
    pending: Option<(u32, Nb)>,
    /// The last word kept (a word between two unseen pairs is found from both).
    last: Option<u32>,
}

impl Carry {
    /// Keeps `c` unless it was just kept.
    fn keep(&mut self, c: Cand, cands: &mut Vec<Cand>) {
        if self.last != Some(c.i) {
            self.last = Some(c.i);
            cands.push(c);
        }
    }

    /// The words of a block's pairs (`at`, `pairs`, `counts` as in [`scan`]) that are
    /// next to a pair the reference never saw, found from those pairs alone (one in
    /// ten): a word with `word_ok` on either side of an unseen pair, with the pairs
    /// next to it as its neighbours (every pair touching such a word is in the block's
    /// list, in text order: its left pair just before its right one).
    fn unseen_only(
        &mut self,
        at: &[(u32, u32, bool, bool)],
        pairs: &[(u32, u32)],
        counts: &[u64],
        out: &mut Vec<Cand>,
    ) {
        let Some(&(i0, j0, ..)) = at.first() else { return };
        if let Some((w, left)) = self.pending.take() {
            let right = (i0 == w).then(|| Nb { tok: j0, id: pairs[0].1, count: counts[0] });
            self.keep(Cand { i: w, left: Some(left), right }, out);
        }
        for (k, (&(i, j, oi, oj), (&(a, b), &c))) in at.iter().zip(pairs.iter().zip(counts)).enumerate() {
            if c != 0 {
                continue;
            }
            if oi {
                let before = match k.checked_sub(1) {
                    Some(h) => Some((at[h].0, at[h].1, pairs[h].0, counts[h])),
                    None => self.prev.map(|(pi, pj, pa, _, pc)| (pi, pj, pa, pc)),
                };
                let left = before.filter(|b| b.1 == i).map(|(pi, _, pa, pc)| Nb { tok: pi, id: pa, count: pc });
                self.keep(Cand { i, left, right: Some(Nb { tok: j, id: b, count: 0 }) }, out);
            }
            if oj {
                let left = Nb { tok: i, id: a, count: 0 };
                match at.get(k + 1) {
                    Some(&(ni, nj, ..)) => {
                        let right = (ni == j).then(|| Nb { tok: nj, id: pairs[k + 1].1, count: counts[k + 1] });
                        self.keep(Cand { i: j, left: Some(left), right }, out);
                    }
                    None => self.pending = Some((j, left)),
                }
            }
        }
        let k = at.len() - 1;
        self.prev = Some((at[k].0, at[k].1, pairs[k].0, pairs[k].1, counts[k]));
    }

    /// Keeps the word still pending after the last block (it has no right neighbour).
    fn finish(&mut self, out: &mut Vec<Cand>) {
        if let Some((w, left)) = self.pending.take() {
            self.keep(Cand { i: w, left: Some(left), right: None }, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;
    use crate::model::ADJACENT;

    /// The walk's result computed the plain way: neighbour links from
    /// `doc.word_pairs()`, eligibility and counts token by token.
    fn reference(doc: &Document, m: &Model, all: bool) -> (Vec<Cand>, Vec<Title>) {
        let n = doc.tokens.len();
        let (mut prev, mut next) = (vec![None; n], vec![None; n]);
        for (i, j) in doc.word_pairs() {
            next[i] = Some(j);
            prev[j] = Some(i);
        }
        let words = m.synonym_words(MIN_COUNT);
        let nb = |k: Option<usize>, left: bool, i: usize| {
            let k = k.filter(|&k| doc.ids[k] != NO_ID)?;
            let (a, b) = if left { (doc.ids[k], doc.ids[i]) } else { (doc.ids[i], doc.ids[k]) };
            Some(Nb { tok: k as u32, id: doc.ids[k], count: m.pair_count(ADJACENT, a, b) })
        };
        let mut cands = Vec::new();
        for i in (0..n).filter(|&i| doc.ids[i] != NO_ID) {
            let c = Cand { i: i as u32, left: nb(prev[i], true, i), right: nb(next[i], false, i) };
            let eligible = word_ok(doc, i, &words) && (c.left.is_some() || c.right.is_some());
            if eligible && (all || c.unseen_sides() > 0) {
                cands.push(c);
            }
        }
        let title = |k: usize| {
            let (t, id) = (doc.tokens[k], doc.ids[k]);
            let b = doc.text.as_bytes()[t.start()];
            id != NO_ID && id >= FUNCTION_RANK && t.kind == TokenKind::Word && (b.is_ascii_uppercase() || b >= 0x80)
        };
        let titles = (0..n)
            .filter_map(|i| {
                let j = next[i]?;
                (title(i) && title(j)).then(|| {
                    let read = word_ok(doc, i, &words) || word_ok(doc, j, &words);
                    let count = read.then(|| m.pair_count(ADJACENT, doc.ids[i], doc.ids[j]));
                    Title { i: i as u32, j: j as u32, count }
                })
            })
            .collect();
        (cands, titles)
    }

    #[test]
    fn next_word_agrees_with_word_after() {
        let m = Model::embedded();
        let t = "cold-war era; well- known, co-operation -- and 3rd-rate work ... a - b -c d-\n\ne f,g \
            x\u{2013}y 'quoted' (paren) end. Next  line\n  here\r\nthere - -- 9-5 \u{e9}t\u{e9}-caf\u{e9}-";
        let doc = Document::new(t, m, &[], Origin::default());
        for i in 0..doc.tokens.len() + 2 {
            assert_eq!(next_word(&doc, i), crate::token::word_after(doc.text, &doc.tokens, i), "{i}");
        }
    }

    /// Texts with every kind of token the walk meets: words of every case, acronyms,
    /// upper-case lines, one-letter words, non-ASCII capitals and lower case, numbers,
    /// marks, hyphens and unknown words.
    const VARIED: [&str; 4] = [
        "The depository raised involvement rates by half a percentage point on Thursday. NASA and the BBC said so.",
        "Chilly Warfare ended when the White Space said the safety promises would hold.\n\nNEW LINE HERE I a A",
        "cold-war era; well- known, co-operation -- 3rd-rate work ... \u{e9}t\u{e9} caf\u{e9} Z\u{fc}rich \u{c9}cole \u{e9}COLE",
        "A B C d e f. The the the quietly quietly xqzv blorf Window STREET Harbour.\r\n  harbour\n\n\nold 1990s",
    ];

    #[test]
    fn the_walk_agrees_with_the_plain_way() {
        let m = Model::embedded();
        let texts = [
            "The depository raised involvement rates by half a percentage point on Thursday.",
            "Chilly Warfare ended when the White Space said the safety promises would hold.\n\nNEW LINE HERE",
            "cold-war era; well- known, co-operation -- and 3rd-rate work ... \u{e9}t\u{e9} caf\u{e9} Z\u{fc}rich",
            "A B C d e f. The the the quietly quietly xqzv blorf window street.\r\n  harbour\n\n\nold",
            "",
            "word",
            "- - -",
        ];
        let long = texts.join(" ").repeat(400);
        for t in texts.iter().copied().chain(VARIED).chain([long.as_str()]) {
            let doc = Document::new(t, m, &[], Origin::default());
            for all in [false, true] {
                let s = scan(&doc, m, all);
                let (cands, titles) = reference(&doc, m, all);
                assert_eq!(s.cands, cands, "{all} {t:?}");
                assert_eq!(s.titles, titles, "{t:?}");
            }
        }
    }

    /// The block buffers kept from one document to the next on a thread leave nothing
    /// behind: a long document (several blocks), then a short one, an empty one, one
    /// of a single block and a long one again, each walked as the plain way walks it.
    #[test]
    fn documents_in_a_row_share_nothing() {
        let m = Model::embedded();
        let a = "The Quick Brown fox jumped over lazy dogs near the Old Mill, quietly quietly. ";
        let b = "Chilly Warfare ended when the White Space said the safety promises would hold.\n\n";
        let long = [a, b].concat().repeat(700);
        let other = [b, "xqzv blorf window street harbour; "].concat().repeat(900);
        // (A document whose first pair starts at the token where the last one's last
        // pair ended: the word there is decided anew.)
        let (ends, starts) = ("the big harbour window", ". . . the harbour");
        let texts =
            [long.as_str(), b, "", a, &a.repeat(40), other.as_str(), "", "word", long.as_str(), a, ends, starts];
        for all in [false, true, false] {
            for t in texts {
                let doc = Document::new(t, m, &[], Origin::default());
                let s = scan(&doc, m, all);
                let (cands, titles) = reference(&doc, m, all);
                assert_eq!(s.cands, cands, "{all} {} bytes", t.len());
                assert_eq!(s.titles, titles, "{all} {} bytes", t.len());
            }
        }
    }

    /// Pieces of the made-up texts of the property test: words with synonyms in each
    /// case, function words, unknown words, numbers, non-ASCII words, and every kind of
    /// gap between words (one or two spaces, line breaks, hyphens with and without
    /// spaces, marks).
    const WORDS: [&str; 22] = [
        "the",
        "of",
        "quick",
        "Quick",
        "QUICK",
        "house",
        "House",
        "window",
        "Street",
        "STREET",
        "old",
        "Old",
        "a",
        "I",
        "xqzv",
        "Blorf",
        "1990",
        "3rd",
        "caf\u{e9}",
        "\u{c9}cole",
        "\u{e9}T\u{c9}",
        "well",
    ];
    const GAPS: [&str; 12] = [" ", " ", " ", "  ", "\n", "\n\n", "-", " - ", ", ", ". ", "--", "\u{2013}"];

    proptest::proptest! {
        /// The walk agrees with the plain way on made-up texts of every kind of token
        /// and gap, some of several blocks, walked one after another on one thread.
        #[test]
        fn the_walk_agrees_on_made_up_texts(
            parts in proptest::collection::vec((0..WORDS.len(), 0..GAPS.len()), 0..300),
            repeat in proptest::prelude::prop_oneof![proptest::strategy::Just(1usize), 1usize..40],
        ) {
            let m = Model::embedded();
            let text: String = parts.iter().map(|&(w, g)| [WORDS[w], GAPS[g]].concat()).collect::<String>().repeat(repeat);
            let doc = Document::new(&text, m, &[], Origin::default());
            for all in [false, true] {
                let s = scan(&doc, m, all);
                let (cands, titles) = reference(&doc, m, all);
                proptest::prop_assert_eq!(s.cands, cands);
                proptest::prop_assert_eq!(s.titles, titles);
            }
        }
    }
}
