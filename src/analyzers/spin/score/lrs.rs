//! The likelihood ratios of the words next to an unseen pair ([`Ctx::word_lrs`]):
//! each word's synonyms, their pairs with its neighbours, and the ratio.

use std::cell::RefCell;

use super::super::lm::Lm;
use super::super::scan::Cand;
use super::{synonym_ratio, Ctx, LR_SYNONYMS, READ_AHEAD};
use crate::document::NO_ID;
use crate::model::pairs::WordStats;

/// A neighbour's id and figures, if any.
type Side = Option<(u32, WordStats)>;

/// A word next to an unseen pair whose likelihood ratio [`Ctx::word_lrs`] computes:
/// its figures, its neighbours, and the counts of its pairs as written.
struct Context {
    ws: WordStats,
    l: Side,
    r: Side,
    c_left: Option<u64>,
    c_right: Option<u64>,
    /// `P(w | l) · P(r | w)` (see [`Context::probs`]).
    p: f64,
}

impl Context {
    /// `P(w | l)` (or `P(w)` without a left neighbour) and `P(r | w)`: the two
    /// factors of the probability of the word in its context.
    #[inline]
    fn probs(&self, lm: &Lm) -> (f64, Option<f64>) {
        let a = match self.l.zip(self.c_left) {
            Some(((_, ls), c)) => lm.p_next_of(ls, self.ws, c),
            None => lm.p_of(self.ws),
        };
        (a, self.r.zip(self.c_right).map(|((_, rs), c)| lm.p_next_of(self.ws, rs, c)))
    }

    /// `lm.context_logp_of` of the word in its context (the same operations).
    #[inline]
    fn base(&self, lm: &Lm) -> f64 {
        let l = self.l.map(|x| x.1).zip(self.c_left);
        lm.context_logp_of(l, self.ws, self.r.map(|x| x.1).zip(self.c_right))
    }

    /// True when `Σ_s P(s | l) · P(r | s) / n(s) < bound · p` over the synonyms
    /// [`synonym_ratio`] sums (`syn`: their figures), with the counts of their pairs
    /// in `counts` (as [`Ctx::word_lrs`] lays them out: `l s` before `s r` for each),
    /// where `p` is `P(w | l) · P(r | w)`: the likelihood ratio without logarithms
    /// (within rounding of it, not equal).
    #[inline]
    fn ratio_below(&self, lm: &Lm, syn: &[WordStats], counts: &[u64], bound: f64, p: f64) -> bool {
        // `P(s | l) = (c(l s) + T(l) · P(s)) / (c(l) + T(l))`: the denominator is the
        // same for every `s`, so it moves to the right-hand side.
        let (t_l, d_l) = match self.l {
            Some((_, ls)) => {
                let t = (ls.followers as usize).max(1) as f64;
                (t, ls.count as f64 + t)
            }
            None => (0.0, 1.0),
        };
        let n_s = |ss: &WordStats| (ss.synonyms as usize).max(1) as f64;
        // `P(r | s) · n(s)` over `x` (`P(s | l)` times `d_l`), as one term.
        let right = |x: f64, ss: &WordStats, c: u64, p_r: f64| {
            let t_s = (ss.followers as usize).max(1) as f64;
            x * (c as f64 + t_s * p_r) / ((ss.count as f64 + t_s) * n_s(ss))
        };
        let mut sum = 0.0;
        // (One loop per case of neighbours, the counts read in their layout.)
        match (self.l.is_some(), self.r.map(|(_, rs)| lm.p_of(rs))) {
            (true, Some(p_r)) => {
                for (ss, c) in syn.iter().zip(counts.chunks_exact(2)) {
                    sum += right(c[0] as f64 + t_l * lm.p_of(*ss), ss, c[1], p_r);
                }
            }
            (true, None) => {
                for (ss, &c) in syn.iter().zip(counts) {
                    sum += (c as f64 + t_l * lm.p_of(*ss)) / n_s(ss);
                }
            }
            (false, Some(p_r)) => {
                for (ss, &c) in syn.iter().zip(counts) {
                    sum += right(lm.p_of(*ss), ss, c, p_r);
                }
            }
            (false, None) => {
                for ss in syn {
                    sum += lm.p_of(*ss) / n_s(ss);
                }
            }
        }
        sum < bound * p * d_l
    }
}

/// Words [`Ctx::word_lrs`] scores together (see [`Ctx::ratios`]): enough that their
/// cache misses overlap, few enough that their figures stay in cache.
pub(super) const GROUP: usize = 16;

/// A result of [`Ctx::word_lrs`]' memo: none (no synonym, or below `min`).
const NONE: (f64, u32) = (f64::NEG_INFINITY, u32::MAX);

/// A slot of [`Ctx::word_lrs`]' memo: the context `l w r` and its (log ratio, best synonym).
type Memo = (u32, u32, u32, (f64, u32));

/// A word of a [`Group`]: its index in `cands`, its context (memo key and slot), and
/// how many synonyms and pairs of it the group holds (once read).
struct Pending {
    i: usize,
    key: (u32, u32, u32),
    slot: usize,
    cx: Context,
    k: u8,
    n: u8,
}

/// The words [`Ctx::word_lrs`] scores together, with their synonyms, the synonyms'
/// figures ([`LR_SYNONYMS`] places a word) and their pairs and counts (in their order).
struct Group {
    words: Vec<Pending>,
    ids: [u32; GROUP * LR_SYNONYMS],
    syn: [WordStats; GROUP * LR_SYNONYMS],
    pairs: [(u32, u32); GROUP * 2 * LR_SYNONYMS],
    counts: [u64; GROUP * 2 * LR_SYNONYMS],
}

impl Group {
    fn new() -> Self {
        Group {
            words: Vec::with_capacity(GROUP),
            ids: [0; GROUP * LR_SYNONYMS],
            syn: [WordStats::default(); GROUP * LR_SYNONYMS],
            pairs: [(0, 0); GROUP * 2 * LR_SYNONYMS],
            counts: [0; GROUP * 2 * LR_SYNONYMS],
        }
    }
}

impl Ctx<'_, '_> {
    /// The likelihood ratios of the words of `self.cands` that can exceed `min`, as
    /// `(index in cands, log ratio, best synonym)`, ascending. With `prune`, only
    /// those above `min` are certain to be there (the others may be left out).
    ///
    /// Each word next to an unseen pair whose context predicts it badly enough is
    /// scored in a group of [`GROUP`] such words: their synonyms are read first, then
    /// the pairs of those synonyms with their neighbours are looked up together for
    /// the whole group (their cache misses overlap), then the ratios.
    pub(super) fn word_lrs(&self, min: f64, prune: bool) -> Vec<(usize, f64, u32)> {
        self.word_lrs_along(min, prune, |_, _| {})
    }

    /// [`Ctx::word_lrs`], calling `each` with every run of candidates (of
    /// [`READ_AHEAD`], in order) just before the run is scored, and the run after it
    /// (empty after the last; first with an empty run and the first run).
    pub(super) fn word_lrs_along(
        &self,
        min: f64,
        prune: bool,
        each: impl FnMut(&[Cand], &[Cand]),
    ) -> Vec<(usize, f64, u32)> {
        // The group's buffers are kept by each thread: made for every document, they
        // were most of the cost of a short one.
        thread_local!(static GROUPS: RefCell<Box<Group>> = RefCell::new(Box::new(Group::new())));
        GROUPS.with(|g| self.word_lrs_in(min, prune, &mut g.borrow_mut(), each))
    }

    /// [`Ctx::word_lrs_along`] with the buffers `group`.
    fn word_lrs_in(
        &self,
        min: f64,
        prune: bool,
        group: &mut Group,
        mut each: impl FnMut(&[Cand], &[Cand]),
    ) -> Vec<(usize, f64, u32)> {
        let lm = &self.lm;
        // The ratio depends on the ids `l w r` only: each distinct context is scored
        // once (a text that repeats a few words costs no more than their count). The
        // memo is direct-mapped (contexts next to an unseen pair seldom repeat in
        // natural text, so a hash map would be all inserts): the context last seen in a
        // slot, with its result (`u32::MAX` as the synonym when it has none, or cannot
        // reach `min`). A miss only costs the work again, with the same result (so a
        // word is scored again when its context waits in the group). At most 1,024
        // slots, fewer for a short text (filled once per document).
        const MEMO_BITS: u32 = 10;
        let bits = (self.cands.len().max(16).next_power_of_two().trailing_zeros()).min(MEMO_BITS);
        let mut memo = vec![(NO_ID, NO_ID, NO_ID, NONE); 1 << bits];
        let slot_of = |(l, w, r): (u32, u32, u32)| {
            let h = ((l as u64) << 40 ^ (w as u64) << 20 ^ r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            (h >> (64 - bits)) as usize
        };
        let mut out = Vec::new();
        // `-base <= min` where `p` is `P(w | l) · P(r | w)` and `base` its logarithm
        // (computed as `context_logp_of` computes it), decided from `p` alone except
        // within a relative 1e-9 of `e^-min` (far wider than rounding).
        let (sure_low, sure_high) = ((-min).exp() * (1.0 + 1e-9), (-min).exp() * (1.0 - 1e-9));
        let e_min = min.exp();
        group.words.clear();
        // The figures of each run are read two runs ahead, `each` sees the next run too
        // (see `read_figures`).
        let cands = &self.cands[..];
        let run_at = |k: usize| cands.get(k * READ_AHEAD..).map_or(&[][..], |r| &r[..r.len().min(READ_AHEAD)]);
        self.read_figures(run_at(0));
        self.read_figures(run_at(1));
        each(&[], run_at(0));
        let runs = cands.chunks(READ_AHEAD).enumerate();
        for (i, c) in runs.flat_map(|(k, run)| {
            self.read_figures(run_at(k + 2));
            each(run, run_at(k + 1));
            (k * READ_AHEAD..).zip(run)
        }) {
            let w = self.doc.ids[c.i as usize];
            let (l, r) = c.sides();
            // Only a word next to a pair the reference never saw is scored: a spun word
            // almost always makes one, and the synonym search is the costly part.
            let (c_left, c_right) = (c.left.map(|n| n.count), c.right.map(|n| n.count));
            if c_left != Some(0) && c_right != Some(0) {
                continue;
            }
            let key = (l.unwrap_or(NO_ID), w, r.unwrap_or(NO_ID));
            let slot = slot_of(key);
            let (ml, mw, mr, known) = memo[slot];
            if (ml, mw, mr) == key {
                if known.1 != u32::MAX {
                    out.push((i, known.0, known.1));
                }
                continue;
            }
            let ws = lm.word(w);
            let (l, r) = (l.map(|l| (l, lm.word(l))), r.map(|r| (r, lm.word(r))));
            let mut cx = Context { ws, l, r, c_left, c_right, p: 0.0 };
            // Σ_s P(s | l) · P(r | s) / n(s) <= 1: a word its context predicts well
            // cannot reach `min`.
            let (a, b) = cx.probs(lm);
            let p = a * b.unwrap_or(1.0);
            cx.p = p;
            let low = if p >= sure_low {
                true
            } else if p <= sure_high {
                false
            } else {
                -cx.base(lm) <= min
            };
            if low {
                memo[slot] = (key.0, key.1, key.2, NONE);
                continue;
            }
            group.words.push(Pending { i, key, slot, cx, k: 0, n: 0 });
            if group.words.len() == GROUP {
                self.ratios(group, (prune, e_min), &mut memo, &mut out);
            }
        }
        self.ratios(group, (prune, e_min), &mut memo, &mut out);
        // (The words found in the memo went out before the group's earlier words.)
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    /// Reads the figures of a run of candidates' words and neighbours (at most
    /// [`READ_AHEAD`]), which [`Ctx::word_lrs`] reads first for each: its loop branches
    /// on the memo and on each word's probability, and a mispredicted branch drops the
    /// reads issued ahead for the next words; this loop does not branch on what it
    /// reads, so a run's misses overlap (as [`Ctx::read_ahead`]'s). Called two runs
    /// ahead of the one scored, so that `read_ahead`, a run ahead, finds each word's
    /// figures in cache and reads its synonyms at once (in one loop, each synonym read
    /// waited on its figures' read), and `single` finds those. Nothing read here
    /// changes an answer.
    fn read_figures(&self, cands: &[Cand]) {
        let Some(t) = self.lm.model.pair_table_if_built() else { return };
        let mut sum = 0u32;
        for c in cands {
            let (l, r) = c.sides();
            let w = self.doc.ids[c.i as usize];
            sum ^= t.word(w).count ^ l.map_or(0, |l| t.word(l).count) ^ r.map_or(0, |r| t.word(r).count);
        }
        std::hint::black_box(sum);
    }

    /// Scores the words of `group` (see [`Ctx::word_lrs`]; `prune` and `e_min` as
    /// [`Ctx::ratio`] takes them), putting their results in `memo` and those with a
    /// synonym in `out`, and empties the group.
    fn ratios(
        &self,
        group: &mut Group,
        (prune, e_min): (bool, f64),
        memo: &mut [Memo],
        out: &mut Vec<(usize, f64, u32)>,
    ) {
        let lm = &self.lm;
        // Each word's synonyms first, for all of the group, then their figures (in one
        // loop, each figures' read waited on its list's: these loops read nothing else,
        // so that the cache misses of the group overlap), and the pairs to look up:
        // `l s` before `s r` for each.
        for (p, ids) in group.words.iter_mut().zip(group.ids.chunks_exact_mut(LR_SYNONYMS)) {
            for (s, id) in p.cx.ws.synonym_ids(lm.model).take(LR_SYNONYMS).zip(ids) {
                *id = s;
                p.k += 1;
            }
        }
        let mut n = 0;
        let slices = group.ids.chunks_exact(LR_SYNONYMS).zip(group.syn.chunks_exact_mut(LR_SYNONYMS));
        for (p, (ids, syn)) in group.words.iter_mut().zip(slices) {
            let cx = &p.cx;
            let at = n;
            for (&s, ss) in ids[..p.k as usize].iter().zip(syn) {
                *ss = lm.word(s);
                if let Some((l, _)) = cx.l {
                    group.pairs[n] = (l, s);
                    n += 1;
                }
                if let Some((r, _)) = cx.r {
                    group.pairs[n] = (s, r);
                    n += 1;
                }
            }
            p.n = (n - at) as u8;
        }
        lm.model.pair_counts_into(&group.pairs[..n], &mut group.counts);
        let mut counts = &group.counts[..];
        for (p, syn) in group.words.iter().zip(group.syn.chunks_exact(LR_SYNONYMS)) {
            let here;
            (here, counts) = counts.split_at(p.n as usize);
            let result = self.ratio(&p.cx, &syn[..p.k as usize], here, prune, e_min);
            memo[p.slot] = (p.key.0, p.key.1, p.key.2, result);
            if result.1 != u32::MAX {
                out.push((p.i, result.0, result.1));
            }
        }
        group.words.clear();
    }

    /// The (log ratio, best synonym) of the context `cx`, whose synonyms [`synonym_ratio`]
    /// sums have figures `syn` and pairs with counts `counts` (laid out as
    /// [`Ctx::ratios`] looks them up); `u32::MAX` as the synonym when it has none, or,
    /// with `prune`, when the ratio is certainly below `e_min`.
    fn ratio(&self, cx: &Context, syn: &[WordStats], counts: &[u64], prune: bool, e_min: f64) -> (f64, u32) {
        let lm = &self.lm;
        // The ratio without logarithms first, `Σ_s P(s | l) · P(r | s) / n(s)` against
        // `e^min · P(w | l) · P(r | w)`: within rounding of the exact one (in
        // logarithms, below), so a word clearly below `e^min` is left out without it (a
        // margin far above rounding keeps the decision exact).
        if prune && cx.ratio_below(lm, syn, counts, e_min * (1.0 - 1e-9), cx.p) {
            return NONE;
        }
        // `context_logp(l, s, r)`, from the counts looked up above (the left count
        // first for each synonym).
        let mut counts = counts.iter().copied();
        let (l, r) = (cx.l, cx.r);
        synonym_ratio(lm, cx.ws, cx.base(lm), |_, ss| {
            let mut next = || counts.next().unwrap_or(0);
            lm.context_logp_of(l.map(|(_, ls)| (ls, next())), ss, r.map(|(_, rs)| (rs, next())))
        })
    }
}
