//! Per-word swap evidence and spinner-phrase rates.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use super::lm::Lm;
use super::phrases::{model_key, phrase_ids, PhraseIndex, PHRASES};
use super::scan::{next_word, scan, Cand, Nb, Scan, Title};
use super::SPINNER_PHRASE;

mod diagnostics;
mod joint;
mod lrs;
mod position;
use crate::document::{Document, NO_ID};
use crate::finding::Finding;
use crate::model::pairs::WordStats;
use crate::model::{Model, ADJACENT};
use crate::token::TokenKind;

/// A word is well attested when the reference has it at least this often.
pub const MIN_COUNT: u64 = 30;
/// Words this frequent (by rank) are function words, left to the phrase check.
pub const FUNCTION_RANK: u32 = crate::model::pairs::CONTENT_FROM;
/// Synonyms a word's likelihood ratio sums over (the most frequent ones).
const LR_SYNONYMS: usize = 4;
/// A name's strongest follower must be seen at least this often...
const ENTITY_MIN: u64 = 200;
/// ...and this many times more often than the pair as written...
const ENTITY_RATIO: u64 = 100;
/// ...which was seen at most this often (a name seen more often is one as written).
const ENTITY_MAX_SEEN: u64 = 20;

pub use position::{match_case, IdPair, PositionScore};

/// Pointwise mutual information (natural log) of a pair seen `c` times.
fn pmi(m: &Model, a: u32, b: u32, c: u64) -> f64 {
    m.pmi(a, b, c)
}

/// Hashes `(l, w, r)` id triples for the per-document memo of [`Ctx::word_lrs`].
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(21) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type BuildIdHasher = BuildHasherDefault<IdHasher>;

/// Bytes of text a process checks before the spin analyzer builds the model's pair
/// hash table ([`Model::pair_table`]): the build (about 0.03 s) costs about as much as
/// the binary searches of checking 1.5 MB without it (measured side by side in session
/// 14: equal at 1.5 MB, the table 21% faster at 3 MB), so a small check never pays it.
/// Results are the same either way.
const PAIR_TABLE_AFTER: u64 = 1_500_000;

/// Bytes of text a process checks before the spin analyzer builds the model's table
/// of collocations ([`Model::collocations`]; about 45 million instructions): before
/// that, each question is answered from the pair's count. Measured under callgrind
/// (session 16), one file without the table against with it: 12.0 against 56.9
/// million instructions at 3 KB, 59.7 against 96.8 at 200 KB, 158.1 against 174.1 at
/// 500 KB, 396.8 against 369.4 at 1.4 MB. Results are the same either way.
const COLLOC_AFTER: u64 = 750_000;

/// Counts `bytes` more checked text, and builds the model's collocation table and
/// pair hash table once this process has checked [`COLLOC_AFTER`] and
/// [`PAIR_TABLE_AFTER`] bytes.
fn count_toward_tables(model: &Model, bytes: usize) {
    static CHECKED: AtomicU64 = AtomicU64::new(0);
    if model.pair_table_if_built().is_some() {
        return;
    }
    let checked = CHECKED.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
    expect_text(model, checked);
}

/// Builds the model's collocation table and pair hash table now when at least
/// [`COLLOC_AFTER`] and [`PAIR_TABLE_AFTER`] bytes of text are about to be checked
/// (they would be built after that much text anyway; the questions before then are
/// slower).
pub fn expect_text(model: &Model, bytes: u64) {
    const _: () = assert!(COLLOC_AFTER <= PAIR_TABLE_AFTER);
    // The pair table first: its build finds the collocations too, in the same walk over
    // the model's lists.
    if bytes >= PAIR_TABLE_AFTER {
        model.pair_table();
    }
    if bytes >= COLLOC_AFTER {
        model.collocations();
    }
}

/// Candidates whose first reads [`Ctx::read_ahead`] (and `word_lrs`' `read_figures`) issue together.
const READ_AHEAD: usize = 16;

/// A word's two strongest followers (id, count), strongest first.
type TopTwo = [Option<(u32, u64)>; 2];

struct Ctx<'a, 'm> {
    doc: &'a Document<'a>,
    lm: Lm<'m>,
    /// The eligible words next to a pair the reference never saw (every eligible
    /// word for [`Ctx::all`]), ascending, with their neighbours and pair counts: the
    /// only ones the swap checks can score.
    cands: Vec<Cand>,
    /// The pairs that may be Title-Case names (see `Ctx::entity`), ascending.
    titles: Vec<Title>,
}

impl<'a, 'm> Ctx<'a, 'm> {
    /// The words the swap checks score: those next to an unseen pair.
    fn new(doc: &'a Document<'a>, model: &'m Model) -> Self {
        Self::with(doc, model, false)
    }

    /// Every eligible word (for the diagnostics and the joint swaps).
    fn all(doc: &'a Document<'a>, model: &'m Model) -> Self {
        Self::with(doc, model, true)
    }

    fn with(doc: &'a Document<'a>, model: &'m Model, all: bool) -> Self {
        // Built (once enough text is checked) before the language model, which reads
        // word figures from it, and before the walk's pair counts, which use it.
        count_toward_tables(model, doc.text.len());
        let Scan { cands, titles } = scan(doc, model, all);
        Ctx { doc, lm: Lm::new(model), cands, titles }
    }

    fn pair(&self, a: u32, b: u32) -> (IdPair, u64) {
        ((a, b), self.lm.model.pair_count(ADJACENT, a, b))
    }

    /// Reads, for a run of candidates (at most [`READ_AHEAD`]) with an unseen side, the
    /// ends of the chains of reads [`Ctx::single`] starts with: the word's synonyms
    /// (through its figures) and the first and middle entries of its neighbours'
    /// collocation lists (through their bounds). `single`'s merge walks branch on what
    /// they read, and each mispredicted branch drops the reads issued ahead for the next
    /// candidate; this loop does not branch on what it reads, so a run's misses overlap.
    /// (Reading only the first link of each chain ahead, session 24, did not pay.)
    /// `word_lrs` calls it a run ahead of `single` (see `read_figures`). Nothing read
    /// here changes an answer.
    fn read_ahead(&self, cands: &[Cand]) {
        let Some(t) = self.lm.model.collocations_if_built() else { return };
        let m = self.lm.model;
        // (The first entry a walk reads, and the middle one a binary search reads first.)
        let ends = |s: &[u32]| s.first().copied().unwrap_or(0) ^ s.get(s.len() / 2).copied().unwrap_or(0);
        let mut sum = 0u32;
        for c in cands {
            let unseen = |n: Option<Nb>| n.filter(|n| n.count == 0).map(|n| n.id);
            let (left, right) = (unseen(c.left), unseen(c.right));
            if left.is_none() && right.is_none() {
                continue;
            }
            let ws = self.lm.word(self.doc.ids[c.i as usize]);
            // (The first, middle and last: a list of 28 synonyms spans two or three cache
            // lines.)
            let syn = ws.synonym_list(m);
            let end = |b: Option<&[u8; 4]>| b.map_or(0, |b| u32::from_le_bytes(*b));
            sum ^= end(syn.first())
                ^ end(syn.get(syn.len() / 2))
                ^ end(syn.last())
                ^ left.map_or(0, |x| ends(t.right_of(x)))
                ^ right.map_or(0, |x| ends(t.left_of(x)));
        }
        std::hint::black_box(sum);
    }

    /// Reads, for a run of possible names (at most [`READ_AHEAD`]), what [`Ctx::entity`]
    /// reads first for each: the words' ids, their tokens and first bytes of text, and
    /// the second word's count in the model. The names come long after the walk that
    /// found them, so each of those reads missed the CPU cache in turn (the count's was
    /// most of `entity`'s samples); this loop does not branch on what it reads, so a
    /// run's misses overlap. Nothing read here changes an answer.
    fn read_names(&self, names: &[Title]) {
        let m = self.lm.model;
        let Some(last) = (m.vocab_len() as u32).checked_sub(1) else { return };
        let (ids, tokens, text) = (&self.doc.ids, &self.doc.tokens, self.doc.text.as_bytes());
        let sum = names.iter().fold(0u64, |sum, t| {
            let (i, j) = (t.i as usize, t.j as usize);
            let first = |k: usize| text.get(tokens[k].start()).copied().unwrap_or(0) as u64;
            sum ^ ids[i] as u64 ^ m.count(ids[j].min(last)) ^ first(i) ^ first(j)
        });
        std::hint::black_box(sum);
    }

    /// Best single swap at the word `c`: (llr, synonym, evidence pairs).
    fn single(&self, c: &Cand) -> Option<PositionScore> {
        let m = self.lm.model;
        let w = self.doc.ids[c.i as usize];
        let (l, r) = c.sides();
        // Evidence needs a side where the pair as written was never seen (read ahead)
        // and where some synonym makes a collocation.
        let lm = &self.lm;
        let ws = lm.word(w);
        let (c_l, c_r) = (c.left.map(|n| n.count), c.right.map(|n| n.count));
        let left = l.filter(|_| c_l == Some(0)).map(|l| Partners::new(m, l, true)).filter(|p| p.any(ws));
        let right = r.filter(|_| c_r == Some(0)).map(|r| Partners::new(m, r, false)).filter(|p| p.any(ws));
        if left.is_none() && right.is_none() {
            return None;
        }
        let (ls, rs) = (l.map(|l| lm.word(l)), r.map(|r| lm.word(r)));
        // How much more likely the context is given `x` than in general,
        // `ln P(x | l) + ln P(r | x) − ln P(x)`, with the counts of the pairs given: free of
        // `x`'s own frequency, so a frequent synonym does not win merely for being frequent.
        let assoc = |xs: WordStats, cl: Option<u64>, cr: Option<u64>| -> f64 {
            lm.context_logp_of(ls.zip(cl), xs, rs.zip(cr)) - lm.p_of(xs).ln()
        };
        let base = assoc(ws, c_l, c_r);
        let mut best: Option<(f64, u32)> = None;
        let mut tried = 0usize;
        // Only the unseen side can be the evidence: the synonyms that make a
        // collocation there.
        let (mut in_l, mut in_r) = (left.as_ref().map(Partners::member), right.as_ref().map(Partners::member));
        for s in ws.synonym_ids(m) {
            // (Both sides are asked about every `s`: a walk needs ascending questions.)
            let (a, b) = (in_l.as_mut().is_some_and(|f| f(s)), in_r.as_mut().is_some_and(|f| f(s)));
            if !(a || b) {
                continue;
            }
            tried += 1;
            let count = |a: u32, b: u32| m.pair_count(ADJACENT, a, b);
            let lp = assoc(lm.word(s), l.map(|l| count(l, s)), r.map(|r| count(s, r)));
            if best.is_none_or(|(b, _)| lp > b) {
                best = Some((lp, s));
            }
        }
        let (lp, s) = best?;
        // The best of `tried` candidates: discount the look-elsewhere effect.
        let llr = lp - base - (tried as f64).ln();
        if llr <= 0.0 {
            return None;
        }
        self.swap_score(c, s, llr)
    }

    /// A Title-Case pair ("White Space", "Oval Workplace") whose first word's most
    /// frequent follower makes a far stronger name ("White House"): spinners swap
    /// words inside names without knowing they are names.
    /// `top` keeps the two strongest content followers of each first word scanned,
    /// as a name's words recur in a document.
    fn entity(&self, name: &Title, top: &mut HashMap<u32, TopTwo, BuildIdHasher>) -> Option<PositionScore> {
        let m = self.lm.model;
        let (i, j) = (name.i as usize, name.j as usize);
        let (a, b) = (self.doc.ids[i], self.doc.ids[j]);
        // Names start with content words (the cheap checks first).
        if a == NO_ID || b == NO_ID || a < FUNCTION_RANK || b < FUNCTION_RANK {
            return None;
        }
        // A pair seen too often to be a swap, where the walk read its count (39% of the
        // names on 20 MB): turned down before the words' text is read (a cache miss).
        if name.count.is_some_and(|c| c > ENTITY_MAX_SEEN) {
            return None;
        }
        let title = |k: usize| {
            let t = self.doc.tokens[k];
            let w = &self.doc.text[t.range()];
            t.kind == TokenKind::Word && w.starts_with(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase)
        };
        if !title(i) || !title(j) || m.count(b) < MIN_COUNT {
            return None;
        }
        let observed = name.count.unwrap_or_else(|| m.pair_count(ADJACENT, a, b));
        // A long follower list is not worth scanning.
        if observed > ENTITY_MAX_SEEN || m.follower_len(ADJACENT, a) > 20_000 {
            return None;
        }
        // The strongest content follower other than `b` (by count, then lower id).
        // (The pair table has them ready, once built.)
        let ready = m.pair_table_if_built().map(|t| t.top_followers(a));
        let two = ready.unwrap_or_else(|| {
            *top.entry(a).or_insert_with(|| {
                let key = |(y, c): (u32, u64)| (c, std::cmp::Reverse(y));
                let mut t: TopTwo = [None, None];
                for f in m.followers(ADJACENT, a).filter(|&(y, _)| y >= FUNCTION_RANK) {
                    if t[0].is_none_or(|t0| key(f) > key(t0)) {
                        t = [Some(f), t[0]];
                    } else if t[1].is_none_or(|t1| key(f) > key(t1)) {
                        t[1] = Some(f);
                    }
                }
                t
            })
        });
        let (y, cy) = match two {
            [Some(t0), _] if t0.0 != b => t0,
            [_, t1] => t1?,
        };
        if cy < ENTITY_MIN || cy < ENTITY_RATIO * (observed + 1) || pmi(m, a, y, cy) < super::MIN_SWAPPED_PMI + 1.0 {
            return None;
        }
        // The swapped word must be related to the name's word within two synonym
        // steps (space - room - house); otherwise it is just another name.
        if !m.related_within_two(b, y) {
            return None;
        }
        let t = self.doc.tokens[j];
        Some(PositionScore {
            span: self.doc.tokens[i].start()..t.end(),
            tokens: (j, j),
            llr: ((cy as f64 + 1.0) / (observed as f64 + 1.0)).ln(),
            with: (y, y),
            observed: self.pair(a, b),
            swapped: self.pair(a, y),
            unseen: (observed == 0) as u8,
            sides: 1,
            swapped_pmi: pmi(m, a, y, cy),
            entity: true,
        })
    }
}

/// A swap's evidence: the pair as written and after the swap, with their reference
/// counts, and the PMI of the pair after.
type EvidencePair = ((IdPair, u64), (IdPair, u64), f64);

/// How much better the word's synonyms explain one word than the word itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordLr {
    /// Token index of the word.
    pub token: usize,
    /// Log of the likelihood ratio "a spinner put this word for one of its synonyms"
    /// against "the word was written": `ln Σ_s P(s | ctx) / n(s) − ln P(w | ctx)`,
    /// with the bigram model on both sides, where `n(s)` is the number of synonyms
    /// `s` has (a spinner draws one of them at random).
    pub log_lr: f64,
    /// The synonym that contributes most.
    pub best: u32,
}

impl Ctx<'_, '_> {
    /// The neighbour pair that changes most when the word `c` becomes `s`, before
    /// and after, with reference counts, and the PMI of the pair after.
    fn evidence_pair(&self, c: &Cand, s: u32) -> Option<EvidencePair> {
        let w = self.doc.ids[c.i as usize];
        let m = self.lm.model;
        // The counts first (those as written were read by the walk); only the pairs
        // shown are written out.
        let gain = |o: Option<Nb>, left: bool| {
            o.map(|Nb { id: o, count: cb, .. }| {
                let (before, after) = if left { ((o, w), (o, s)) } else { ((w, o), (s, o)) };
                let ca = m.pair_count(ADJACENT, after.0, after.1);
                let g = (ca as f64 + 1.0) / (cb as f64 + 1.0);
                (g, before, cb, after, ca)
            })
        };
        let (_, before, cb, after, ca) =
            [gain(c.left, true), gain(c.right, false)].into_iter().flatten().max_by(|a, b| a.0.total_cmp(&b.0))?;
        Some(((before, cb), (after, ca), m.pmi(after.0, after.1, ca)))
    }

    /// The words whose synonyms fit their context at least `e^min` times better than
    /// they do, as `(index in cands, log ratio, best synonym)` (their position scores:
    /// [`Ctx::strong_scores`], the likelihood ratio as their `llr`).
    /// `each` is called with every run of candidates just before it is scored, and the
    /// run after it (see [`Ctx::word_lrs_along`]).
    fn strong_words(&self, min: f64, each: impl FnMut(&[Cand], &[Cand])) -> Vec<(usize, f64, u32)> {
        // `word_lrs` scores only words next to an unseen pair.
        let mut lrs = self.word_lrs_along(min, true, each);
        lrs.retain(|x| x.1 > min);
        lrs
    }

    /// The position scores of `words` (from [`Ctx::strong_words`]).
    fn strong_scores(&self, words: &[(usize, f64, u32)]) -> Vec<PositionScore> {
        words.iter().filter_map(|&(k, log_lr, best)| self.swap_score(&self.cands[k], best, log_lr)).collect()
    }

    /// [`Ctx::strong_scores`] without what only a shown finding needs: no evidence
    /// pairs (their texts empty, their counts 0), no suggestion, no PMI. The same
    /// words, spans, tokens, ratios and unseen sides (`swap_score` has a score for
    /// every word with a neighbour, which every candidate has).
    fn strong_scores_lean(&self, words: &[(usize, f64, u32)]) -> Vec<PositionScore> {
        words.iter().filter_map(|&(k, llr, _)| self.bare_score(&self.cands[k], llr)).collect()
    }

    /// The position score of the word `c` with evidence `llr`, without a suggestion,
    /// evidence pairs or PMI; None when it has no neighbour.
    fn bare_score(&self, c: &Cand, llr: f64) -> Option<PositionScore> {
        let (l, r) = c.sides();
        let i = c.i as usize;
        (l.is_some() || r.is_some()).then(|| PositionScore {
            span: self.doc.tokens[i].range(),
            tokens: (i, i),
            llr,
            with: (NO_ID, NO_ID),
            observed: ((NO_ID, NO_ID), 0),
            swapped: ((NO_ID, NO_ID), 0),
            unseen: c.unseen_sides(),
            sides: l.is_some() as u8 + r.is_some() as u8,
            swapped_pmi: 0.0,
            entity: false,
        })
    }

    /// The position score of the word `c` swapped back to `s`, with evidence `llr`:
    /// the neighbour pair that changes most is shown as the evidence.
    fn swap_score(&self, c: &Cand, s: u32, llr: f64) -> Option<PositionScore> {
        let (observed, swapped, swapped_pmi) = self.evidence_pair(c, s)?;
        let bare = self.bare_score(c, llr)?;
        Some(PositionScore { with: (s, s), observed, swapped, swapped_pmi, ..bare })
    }
}

/// Membership in an ascending id list for ascending questions: a merge walk, so
/// that the questions of one pass cost one walk of the list in all.
struct Member<'a> {
    rest: &'a [u32],
}

impl<'a> Member<'a> {
    fn new(sorted: &'a [u32]) -> Self {
        Member { rest: sorted }
    }

    /// True when `x` is in the list (`x` at least every earlier question).
    #[inline]
    fn has(&mut self, x: u32) -> bool {
        while let [y, tail @ ..] = self.rest {
            if *y >= x {
                return *y == x;
            }
            self.rest = tail;
        }
        false
    }
}

/// The words that make a collocation with a word's neighbour `x` on one side: a
/// merge walk over the table's list once the table is built ([`Model::collocations`]),
/// before that each pair asked for (a small check asks too few to pay for the table).
struct Partners<'a> {
    m: &'a Model,
    x: u32,
    /// `x` is the left neighbour (the pairs are `x s`), else the right one (`s x`).
    x_first: bool,
    /// The table's list of them, ascending, when it is built.
    list: Option<&'a [u32]>,
}

impl<'a> Partners<'a> {
    fn new(m: &'a Model, x: u32, x_first: bool) -> Self {
        let list = m.collocations_if_built().map(|t| if x_first { t.right_of(x) } else { t.left_of(x) });
        Partners { m, x, x_first, list }
    }

    /// True when `s` makes a collocation with `x`, asked of the model.
    fn asked(&self, s: u32) -> bool {
        let (a, b) = if self.x_first { (self.x, s) } else { (s, self.x) };
        self.m.is_collocation(a, b)
    }

    /// True when some synonym of the word with figures `w` is one of them.
    #[inline(always)]
    fn any(&self, w: WordStats) -> bool {
        match self.list {
            Some(list) => any_synonym_in(self.m, w, list),
            None => w.synonym_ids(self.m).any(|s| self.asked(s)),
        }
    }

    /// Membership for ascending questions (each `s` at least every earlier one).
    fn member(&self) -> impl FnMut(u32) -> bool + '_ {
        let mut walk = self.list.map(Member::new);
        move |s| match &mut walk {
            Some(w) => w.has(s),
            None => self.asked(s),
        }
    }
}

/// True when some synonym of the word with figures `w` is in `sorted` (ascending ids),
/// as [`Model::any_synonym_in`]: a merge when both lists are short, else a binary
/// search for each synonym.
fn any_synonym_in(m: &Model, w: WordStats, sorted: &[u32]) -> bool {
    !sorted.is_empty() && crate::model::any_in_sorted(w.synonym_ids(m), sorted)
}

/// `(ln Σ_s exp(logp(s) − base) / n(s), the synonym contributing most)` over the
/// [`LR_SYNONYMS`] most frequent synonyms `s` of `w` (which carry nearly all of the
/// sum), where `logp(s)` is `ln P(s | left) + ln P(right | s)` and `n(s)` the number of
/// synonyms `s` has: the [`WordLr`] ratio. `u32::MAX` as the synonym when `w` has none.
fn synonym_ratio(lm: &Lm, w: WordStats, base: f64, mut logp: impl FnMut(u32, WordStats) -> f64) -> (f64, u32) {
    let (mut sum, mut best, mut best_v) = (0.0, u32::MAX, 0.0);
    for s in w.synonym_ids(lm.model).take(LR_SYNONYMS) {
        let ss = lm.word(s);
        let v = (logp(s, ss) - base).exp() / (ss.synonyms as usize).max(1) as f64;
        sum += v;
        if v > best_v {
            best_v = v;
            best = s;
        }
    }
    (sum.ln(), best)
}

pub use diagnostics::{word_lrs, word_lrs_all, word_lrs_by_word, WordOccurrences};

/// The swap evidence of a document: single-word swaps and name swaps, kept so that
/// two-word swaps can be added later without recomputing them.
pub struct Evidence<'a, 'm> {
    cx: Ctx<'a, 'm>,
    entities: Vec<PositionScore>,
    strong: Vec<PositionScore>,
    /// The strong words when `strong` holds them lean (see [`Evidence::lean`]).
    lean_strong: Option<Vec<(usize, f64, u32)>>,
    /// The single-word swaps and `entities` merged (see [`Evidence::scores`]): every
    /// single-word swap is there (one a word, and first at its token), so they are
    /// the merged scores that are not names.
    merged: Vec<PositionScore>,
}

impl<'a, 'm> Evidence<'a, 'm> {
    /// Scores every suspect word of `doc`, with the strong-word threshold of the analyzer.
    pub fn new(doc: &'a Document<'a>, model: &'m Model) -> Self {
        Self::with_min_lr(doc, model, super::STRONG_LR)
    }

    /// Scores every suspect word of `doc`; words count as strong evidence above `min_lr`.
    pub fn with_min_lr(doc: &'a Document<'a>, model: &'m Model, min_lr: f64) -> Self {
        Self::build(doc, model, min_lr, false)
    }

    /// [`Evidence::with_min_lr`] for the analyzer: [`Evidence::strong`] holds lean
    /// scores (span, tokens, ratio, neighbour pairs: what the verdict reads; no
    /// evidence pairs, suggestion or PMI, which only a finding shown in a spun
    /// document needs: [`Evidence::strong_shown`] has them). Building those for every
    /// strong word of every document cost more than all the verdicts.
    pub fn lean(doc: &'a Document<'a>, model: &'m Model, min_lr: f64) -> Self {
        Self::build(doc, model, min_lr, true)
    }

    fn build(doc: &'a Document<'a>, model: &'m Model, min_lr: f64, lean: bool) -> Self {
        let cx = Ctx::new(doc, model);
        // Each run of candidates' single swaps just before its likelihood ratios: both
        // read each word's figures and synonyms, which the ratios then find in the CPU
        // cache (after a walk over the whole chunk, they missed it again).
        let mut singles = Vec::new();
        // (The reads of `read_ahead` a run ahead: they have the run's work to arrive.)
        let words = cx.strong_words(min_lr, |run, next| {
            cx.read_ahead(next);
            singles.extend(run.iter().filter_map(|c| cx.single(c)));
        });
        let mut top = HashMap::default();
        let names = cx.titles.chunks(READ_AHEAD).flat_map(|run| {
            cx.read_names(run);
            run
        });
        let entities: Vec<_> = names.filter_map(|t| cx.entity(t, &mut top)).collect();
        let (strong, lean_strong) =
            if lean { (cx.strong_scores_lean(&words), Some(words)) } else { (cx.strong_scores(&words), None) };
        let merged = merge(singles, Vec::new(), &entities);
        Evidence { cx, entities, strong, lean_strong, merged }
    }

    /// Words whose synonyms fit their context far better than they do (likelihood
    /// ratio above the `min_lr` given to [`Evidence::with_min_lr`]), in text order
    /// (lean for [`Evidence::lean`]).
    pub fn strong(&self) -> &[PositionScore] {
        &self.strong
    }

    /// [`Evidence::strong`] with every field, also for [`Evidence::lean`].
    pub fn strong_shown(&self) -> std::borrow::Cow<'_, [PositionScore]> {
        match &self.lean_strong {
            Some(words) => std::borrow::Cow::Owned(self.cx.strong_scores(words)),
            None => std::borrow::Cow::Borrowed(&self.strong),
        }
    }

    /// Single-word and name swaps, in text order, without overlaps.
    pub fn scores(&self) -> Vec<PositionScore> {
        self.merged.clone()
    }

    /// [`Evidence::scores`] without a copy.
    pub fn merged(&self) -> &[PositionScore] {
        &self.merged
    }

    /// The same, with unseen pairs of two content words also re-tried with both
    /// words swapped ("Chilly Warfare" → "Cold War"). That search is costly, so the
    /// analyzer runs it only on documents already judged spun.
    pub fn with_joint_swaps(&self) -> Vec<PositionScore> {
        // Every eligible word this time (the walk again: only spun documents get here).
        let cx = &self.cx;
        let all = scan(cx.doc, cx.lm.model, true).cands;
        let mut joints = Vec::new();
        let singles: Vec<PositionScore> = self.merged.iter().filter(|p| !p.entity).cloned().collect();
        // Singles are in token order: the ones at token `k`, by binary search.
        let at = |k: usize| {
            let lo = singles.partition_point(|p| p.tokens.0 < k);
            singles[lo..].iter().take_while(move |p| p.tokens.0 == k)
        };
        // Two eligible neighbours are next to each other in `all` (a word between them
        // would be a hyphen).
        let windows: Vec<(&Cand, &Cand)> =
            all.windows(2).map(|w| (&w[0], &w[1])).filter(|(ci, cj)| ci.right.is_some_and(|n| n.tok == cj.i)).collect();
        for jt in cx.joint_swaps(&windows) {
            let best_single = at(jt.tokens.0).chain(at(jt.tokens.1)).map(|p| p.llr).fold(0.0, f64::max);
            if jt.llr > best_single {
                joints.push(jt);
            }
        }
        // A joint swap replaces the single swaps it covers.
        let mut singles = singles;
        singles.retain(|p| !joints.iter().any(|jt| jt.tokens.0 <= p.tokens.0 && p.tokens.1 <= jt.tokens.1));
        merge(singles, joints, &self.entities)
    }
}

/// Puts single, joint and name swaps in text order and drops overlaps (the first
/// in that order wins).
fn merge(mut out: Vec<PositionScore>, joints: Vec<PositionScore>, entities: &[PositionScore]) -> Vec<PositionScore> {
    out.extend(joints);
    out.extend(entities.iter().cloned());
    out.sort_by_key(|p| p.tokens);
    out.dedup_by(|b, a| a.tokens.1 >= b.tokens.0);
    out
}

/// Single-word and name swap evidence for every suspect word of `doc`, in text
/// order, without overlaps.
pub fn position_scores(doc: &Document, model: &Model) -> Vec<PositionScore> {
    Evidence::new(doc, model).scores()
}

/// Upper tail of the Poisson distribution: `P(X >= k)` for mean `lambda`.
pub fn poisson_tail(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    let mut log_term = -lambda + k as f64 * lambda.ln() - ln_factorial(k);
    let mut sum = 0.0;
    for i in k..k + 200 {
        sum += log_term.exp();
        log_term += lambda.ln() - ((i + 1) as f64).ln();
    }
    sum.min(1.0)
}

fn ln_factorial(k: u64) -> f64 {
    (1..=k).map(|i| (i as f64).ln()).sum()
}

/// The phrase index of `model` ([`phrase_ids`] looked up in it): the first model
/// asked keeps its own (made once per process, not once per document); another
/// model's is made afresh.
fn phrase_index(model: &Model) -> std::borrow::Cow<'static, PhraseIndex> {
    static KEPT: std::sync::OnceLock<(u64, PhraseIndex)> = std::sync::OnceLock::new();
    let make = || PhraseIndex::new(phrase_ids(|w| model.word_id(w)));
    match KEPT.get_or_init(|| (model.uid(), make())) {
        (uid, index) if *uid == model.uid() => std::borrow::Cow::Borrowed(index),
        _ => std::borrow::Cow::Owned(make()),
    }
}

/// Reports spinner phrases used far above their reference rate.
pub fn phrase_findings(doc: &Document, model: &Model, out: &mut Vec<Finding>) {
    let is_word = |i: usize| doc.tokens[i].kind == TokenKind::Word;
    // The next word of token `j`, as `doc.word_pairs()` gives it, computed for phrase words alone.
    let next = |j: usize| next_word(doc, j);
    let hits = phrase_index(model).find(&doc.ids, is_word, next);
    if hits.is_empty() {
        return;
    }
    let total = model.tokens().max(1) as f64;
    let words = doc.word_count() as f64;
    for (k, p) in PHRASES.iter().enumerate() {
        let occ: Vec<_> = hits.iter().filter(|h| h.0 == k).collect();
        if occ.len() < 2 {
            continue;
        }
        let rate = model.word_count(&model_key(p)).max(1) as f64 / total;
        let lambda = rate * words;
        let tail = poisson_tail(occ.len() as u64, lambda);
        if tail >= 1e-4 {
            continue;
        }
        for &&(_, a, b) in &occ {
            let span = doc.tokens[a].start()..doc.tokens[b].end();
            let first = doc.token_text(a);
            let msg = format!(
                "\"{}\" appears {} times in {} words; natural English uses it about once per {:.0} words: a spinner's stand-in for \"{}\"",
                p.spun,
                occ.len(),
                doc.word_count(),
                1.0 / rate,
                p.natural
            );
            out.push(Finding::new(&SPINNER_PHRASE, span, msg).with_suggestion(match_case(first, p.natural)));
        }
    }
}

#[cfg(test)]
mod lr_tests;
#[cfg(test)]
mod tests;
