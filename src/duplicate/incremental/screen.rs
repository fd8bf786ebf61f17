//! The screen before verification: from a newcomer's counted shingle hashes and an
//! entry's sketch, the measurements [`super::verify`] would take — exactly, where one
//! side is sampled, or bounded from above — and whether any verdict could follow.
//! A pair the screen turns down is one verification would turn down too; the screen
//! costs a few dozen look-ups in the newcomer's hash table instead of a comparison
//! of the whole newcomer.

use std::cell::RefCell;

use super::super::matcher::{Params, ASYMMETRY, MIN_KEPT_SHARE, MIN_MATCH_TOKENS, SPIN_GAP};
use super::{level_mask, MIN_SAMPLES, PLAUSIBLE};

/// One stream of a newcomer, ready to be compared with sketches.
#[derive(Clone, Debug)]
pub(super) struct Side {
    /// Its distinct hashes but 0, open-addressed (0 marks an empty slot): a hash is
    /// first tried at the slot of its top bits ([`slot`]), then at the slots after it
    /// (after the last, the first). One insertion a hash, where sorting them took three
    /// passes; as the first slot tried grows with the hash, the table read in order
    /// is nearly sorted ([`Side::set`]). If `crowded`, the same hashes sorted instead.
    table: Vec<u32>,
    shift: u32,
    /// True if the hashes crowded into few slots (filling the table took more than
    /// [`PROBE_BUDGET`] probes a hash: adversarial text, or a bad mixer): `table` then
    /// holds them sorted and is searched by bisection, so that no document costs
    /// quadratic work.
    crowded: bool,
    /// Every occurrence of a hash after its first, and every occurrence of 0, in no
    /// particular order (a shingle's count weighs its share; few shingles repeat).
    repeats: Vec<u32>,
    /// `repeats` sorted, made when first searched ([`Side::count_held`], for the few
    /// candidates the quick estimate lets through): sorting them for every newcomer
    /// was most of the sorting on the worker threads.
    sorted_repeats: std::sync::OnceLock<Vec<u32>>,
    /// True if 0 is one of the hashes (it is never in the table: each 0 is a repeat).
    zero: bool,
    /// `distinct[l]`: distinct hashes with their low `l` bits zero.
    pub distinct: [u32; 33],
    /// `positions[l]`: shingles (repeats counted) with their low `l` bits zero.
    pub positions: [u32; 33],
    /// Tokens of the stream.
    pub tokens: u64,
    /// Sampling level of the stream (0: every shingle kept).
    pub level: u8,
    /// Its distinct anchors ([`super::is_anchor`]), in no particular order: the keys
    /// the newcomer looks up.
    pub anchors: Vec<u32>,
}

/// Probes a hash (past its first slot), on average, that filling the table may take
/// before it is given up for a sorted list. Uniform hashes filling a table to at most
/// half take about half a probe each; the budget is met when many share their top bits.
const PROBE_BUDGET: usize = 8;

/// Tables of more than `2^AHEAD_BITS` slots (32 KB, past the first-level cache) are
/// filled [`AHEAD`] hashes at a time, their first slots read ahead.
const AHEAD_BITS: u32 = 13;
/// Hashes whose first slots are read together (see [`AHEAD_BITS`]).
const AHEAD: usize = 16;

/// The slot `h` is first tried at in a table of `2^(32 - shift)` slots: its top bits
/// (the hashes are uniform).
#[inline]
fn slot(h: u32, shift: u32) -> usize {
    (u64::from(h) >> shift) as usize
}

impl Default for Side {
    fn default() -> Side {
        Side::new(&[], 0, 0)
    }
}

/// A stream's hashes told apart: the table (or sorted list), its shift, first
/// occurrences per trailing zeros, and how many repeats and anchors went to the
/// [`Spare`] (the hashes after their first occurrence and every 0, unsorted, and the
/// distinct anchors but 0: the first of its buffers' values).
type Parts = (Vec<u32>, u32, [u32; 33], usize, usize);

/// The repeats and anchors of a stream while it is counted: kept per thread from one
/// stream to the next (as long as the longest stream so far), and their used part
/// copied out at its final length (grown a push at a time they were reallocated about
/// seven times a document).
#[derive(Default)]
struct Spare {
    repeats: Vec<u32>,
    anchors: Vec<u32>,
}

/// The open-addressed table of `hashes`, with its repeats and anchors in `spare`,
/// or `None` if filling it took more than [`PROBE_BUDGET`] probes a hash.
fn hashed(hashes: &[u32], spare: &mut Spare) -> Option<Parts> {
    let n = hashes.len();
    // At least twice as many slots as hashes (at most half full): few probes a hash.
    let bits = if n == 0 { 0 } else { usize::BITS - (n - 1).leading_zeros() + 1 };
    let shift = 32 - bits;
    let mut table = vec![0u32; 1 << bits];
    let wrap = table.len() - 1;
    let mut new = [0u32; 33];
    // Room for every hash in both buffers (a hash is a repeat or a first occurrence):
    // written by index, counted in locals (a push loads, tests and stores the vector's
    // length, kept in memory). Grown only past the longest stream so far.
    let Spare { repeats, anchors } = spare;
    for v in [&mut *repeats, &mut *anchors] {
        if v.len() < n {
            v.resize(n, 0);
        }
    }
    let (rep, anc) = (&mut repeats[..n], &mut anchors[..n]);
    let (mut nr, mut na) = (0, 0);
    // Probes left, counted down only past a hash's first slot (rare with uniform hashes).
    let mut left = PROBE_BUDGET * n;
    // (Through a slice: the vector's fields are not read again at every probe.)
    let t = &mut table[..];
    // A table past the first-level cache is filled a run of hashes at a time, the run's
    // first slots read together before it: the filling loop waits on each slot it
    // reads, and its branches on what it reads keep misses from overlapping.
    let run = if bits > AHEAD_BITS { AHEAD } else { usize::MAX };
    for c in hashes.chunks(run) {
        if bits > AHEAD_BITS {
            std::hint::black_box(c.iter().fold(0, |acc, &h| acc ^ t[slot(h, shift) & wrap]));
        }
        for &h in c {
            // (Masked, though it is in the table already: no bounds check.)
            let mut i = slot(h, shift) & wrap;
            loop {
                let s = t[i];
                // (0 meets an empty slot as its equal: every 0 is a repeat.)
                if s == h {
                    rep[nr] = h;
                    nr += 1;
                    break;
                }
                if s == 0 {
                    t[i] = h;
                    new[h.trailing_zeros() as usize] += 1;
                    // (Written whether or not it is one: one hash in four is, at random.)
                    anc[na] = h;
                    na += usize::from(super::is_anchor(h));
                    break;
                }
                left = left.checked_sub(1)?;
                i = (i + 1) & wrap;
            }
        }
    }
    Some((table, shift, new, nr, na))
}

/// The same parts as [`hashed`] from `hashes` sorted, at n log n whatever the hashes:
/// the table is the distinct hashes but 0, in order. (Kept out of line: it is never
/// called on real text, and the filling loop keeps its registers.)
#[cold]
#[inline(never)]
fn sorted(hashes: &[u32], spare: &mut Spare) -> Parts {
    let mut v = hashes.to_vec();
    v.sort_unstable();
    let mut table = Vec::new();
    let Spare { repeats, anchors } = spare;
    repeats.clear();
    anchors.clear();
    let mut new = [0u32; 33];
    for g in v.chunk_by(|x, y| x == y) {
        let h = g[0];
        if h == 0 {
            repeats.extend_from_slice(g);
            continue;
        }
        table.push(h);
        new[h.trailing_zeros() as usize] += 1;
        if super::is_anchor(h) {
            anchors.push(h);
        }
        repeats.extend_from_slice(&g[1..]);
    }
    let (nr, na) = (repeats.len(), anchors.len());
    (table, 32, new, nr, na)
}

impl Side {
    /// Counts the hashes of a stream, per hash and per level.
    pub fn new(hashes: &[u32], tokens: u64, level: u8) -> Side {
        thread_local! {
            static SPARE: RefCell<Spare> = RefCell::new(Spare::default());
        }
        SPARE.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => {
                let side = Side::with(hashes, tokens, level, &mut s);
                // (So that one huge document does not pin its buffers.)
                if s.repeats.capacity().max(s.anchors.capacity()) > 1 << 20 {
                    *s = Spare::default();
                }
                side
            }
            Err(_) => Side::with(hashes, tokens, level, &mut Spare::default()),
        })
    }

    /// [`Side::new`] with the buffers `spare`.
    fn with(hashes: &[u32], tokens: u64, level: u8, spare: &mut Spare) -> Side {
        let (crowded, (table, shift, mut new, nr, na)) = match hashed(hashes, spare) {
            Some(p) => (false, p),
            None => (true, sorted(hashes, spare)),
        };
        let repeats = spare.repeats[..nr].to_vec();
        let mut anchors = spare.anchors[..na].to_vec();
        // Every hash is a first occurrence or a repeat (counted per level here, not
        // per hash in the loop).
        let mut at = new;
        for &h in &repeats {
            at[h.trailing_zeros() as usize] += 1;
        }
        // (0 has 32 trailing zeros, and no other hash has.)
        let zero = at[32] > 0;
        if zero {
            new[32] += 1;
            anchors.push(0);
        }
        // Suffix sums: a hash with `t` trailing zeros has its low `l` bits zero for every `l <= t`.
        let (mut d, mut p) = ([0u32; 33], [0u32; 33]);
        let (mut ds, mut ps) = (0, 0);
        for l in (0..33).rev() {
            ds += new[l];
            ps += at[l];
            d[l] = ds;
            p[l] = ps;
        }
        let sorted_repeats = std::sync::OnceLock::new();
        Side { table, shift, crowded, repeats, sorted_repeats, zero, distinct: d, positions: p, tokens, level, anchors }
    }

    /// Reads one value of every cache line of the table, in address order. The table
    /// was filled on a worker thread, and by the time the screen probes it at random
    /// it has left the cache: each probe waited on a miss (60% of the screen's samples
    /// on one load), where a walk in order is fetched ahead by the hardware. Returns
    /// what it read, folded, so that the reads are made.
    pub fn warm(&self) -> u32 {
        self.table.iter().step_by(16).fold(0, |acc, &h| acc ^ h)
    }

    /// False if the hashes whose bits under `mask` are zero are all different (and
    /// none is 0): then a sketch of them has no repeats.
    pub fn repeats_at(&self, mask: u32) -> bool {
        self.repeats.iter().any(|&h| h & mask == 0)
    }

    /// How many times `h` occurs (the screen asks [`Side::contains`], then
    /// [`Side::count_held`] of the few shared hashes; the tests ask this).
    #[cfg(test)]
    pub fn count(&self, h: u32) -> usize {
        if self.contains(h) {
            self.count_held(h)
        } else {
            0
        }
    }

    /// How many times `h` occurs, given that it does ([`Side::contains`]): the search of
    /// the repeats alone.
    pub fn count_held(&self, h: u32) -> usize {
        // (0 is never in the table: all its occurrences are repeats.)
        let r = self.sorted_repeats.get_or_init(|| {
            let mut r = self.repeats.clone();
            r.sort_unstable();
            r
        });
        let lo = r.partition_point(|&x| x < h);
        usize::from(h != 0) + r[lo..].iter().take_while(|&&x| x == h).count()
    }

    /// True if `h` occurs: [`Side::count`] without the search of the repeats.
    pub fn contains(&self, h: u32) -> bool {
        if h == 0 {
            return self.zero;
        }
        if self.crowded {
            return self.table.binary_search(&h).is_ok();
        }
        let wrap = self.table.len() - 1;
        let mut i = slot(h, self.shift);
        loop {
            let s = self.table[i];
            if s == h {
                return true;
            }
            if s == 0 {
                return false;
            }
            i = (i + 1) & wrap;
        }
    }

    /// Its distinct hashes whose bits under `mask` are zero, sorted: read from the
    /// table in slot order, which is sorted but within runs of full slots (and for the
    /// hashes that went past the last slot to the first), then put in order.
    pub fn set(&self, mask: u32) -> Vec<u32> {
        let t = &self.table;
        let mut v = Vec::new();
        if self.zero {
            v.push(0);
        }
        if self.crowded {
            v.extend(t.iter().copied().filter(|&h| h & mask == 0));
            return v;
        }
        // The hashes before the first empty slot may have come round from the end:
        // those are the largest, and go last.
        let first_empty = t.iter().position(|&h| h == 0).unwrap_or(t.len());
        let mut wrapped = Vec::new();
        for (i, &h) in t[..first_empty].iter().enumerate() {
            if h & mask == 0 {
                if slot(h, self.shift) > i {
                    wrapped.push(h);
                } else {
                    v.push(h);
                }
            }
        }
        v.extend(t[first_empty..].iter().copied().filter(|&h| h != 0 && h & mask == 0));
        v.extend(wrapped);
        insertion_sort(&mut v);
        v
    }
}

/// Sorts `v`, which is nearly sorted (each value a few places from its own), by
/// insertion; a comparison sort finishes if values have to move far.
fn insertion_sort(v: &mut [u32]) {
    let n = v.len();
    let mut moved = 0usize;
    for i in 1..n {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
        moved += i - j;
        if moved > 8 * n {
            v.sort_unstable();
            return;
        }
    }
}

/// What an entry's sketch says of one stream.
pub(super) struct Sketched<'a> {
    /// Its kept hashes, in text order.
    pub hashes: &'a [u32],
    /// Its level, shingle size and tokens.
    pub level: u8,
    pub k: u8,
    pub tokens: u64,
    /// True if its kept hashes are all different: the screen then takes them in text
    /// order, where it sorted them to tell the repeats apart (most sketches have none).
    pub distinct: bool,
}

/// One stream compared as [`super::plain`] compares it, without the masks.
#[derive(Debug, Default, PartialEq)]
struct Measure {
    /// Distinct sampled hashes of the newcomer, of the entry, and shared.
    x: usize,
    y: usize,
    inter: usize,
    jaccard: f64,
    /// Share and covered tokens of the newcomer (`None`: not computed, both dense).
    a: Option<(f64, usize)>,
    /// Share and covered tokens of the entry.
    b: (f64, usize),
}

/// Reused buffers of one stream: the entry's distinct sampled hashes (sorted, or in
/// text order if `in_order`: the sketch has no repeats), whether each is in the
/// newcomer as far as looked up (how many times is asked only of a pair that passes
/// the quick estimate), and how many of those are.
#[derive(Default)]
struct Counted {
    set: Vec<u32>,
    in_order: bool,
    present: Vec<bool>,
    hits: usize,
}

impl Counted {
    /// True if the entry's sampled hash `h`, the `i`-th sampled one in text order, is
    /// in the newcomer (all counted).
    fn found(&self, i: usize, h: u32) -> bool {
        if self.in_order {
            return self.present[i];
        }
        self.set.binary_search(&h).is_ok_and(|i| self.present[i])
    }

    /// Looks the set's hashes up in `a` from where it stopped; false (stopped again)
    /// as soon as fewer than `need` of them could be in `a`, true once all are looked up.
    fn count(&mut self, a: &Side, need: usize) -> bool {
        let y = self.set.len();
        for i in self.present.len()..y {
            let c = a.contains(self.set[i]);
            self.present.push(c);
            if c {
                self.hits += 1;
            } else if self.hits + (y - i - 1) < need {
                return false;
            }
        }
        true
    }
}

/// Reused buffers of both streams.
#[derive(Default)]
pub(super) struct Scratch {
    streams: [Counted; 2],
}

/// What is known of a stream before its hashes are counted: its level and mask, the
/// entry's sampled positions, and `x` and `y` of [`Measure`].
#[derive(Clone, Copy)]
struct Start {
    level: u8,
    mask: u32,
    b_positions: usize,
    x: usize,
    y: usize,
}

/// The fewest shared hashes `n` (at most `y`, else `y + 1`) for which the quick estimate
/// `n / m >= bound` holds. (Floating division is monotone in `n`, so the estimate holds
/// exactly from there on; the guess is corrected with the very comparison.)
fn needed(m: usize, y: usize, bound: f64) -> usize {
    let reaches = |n: usize| n as f64 / m as f64 >= bound;
    let mut n = (bound * m as f64).ceil().clamp(0.0, (y + 1) as f64) as usize;
    while n > 0 && reaches(n - 1) {
        n -= 1;
    }
    while n <= y && !reaches(n) {
        n += 1;
    }
    n
}

/// Starts comparing one stream, whose quick estimate is against threshold `t`: the
/// entry's distinct sampled hashes into `s`, and counted in the newcomer until the
/// estimate is certainly missed. Returns what is known and whether the stream passes
/// the quick estimate — as [`super::plain`]'s Jaccard similarity, or the share of the
/// smaller sample found in the other, within [`PLAUSIBLE`] of `t`; as the Jaccard
/// similarity `inter / (x + y - inter)` is at most `inter / min(x, y)`, that is the share.
fn screened(a: &Side, b: &Sketched, s: &mut Counted, t: f64) -> (Start, bool) {
    let level = a.level.max(b.level);
    let mask = level_mask(level);
    s.set.clear();
    s.set.extend(b.hashes.iter().copied().filter(|h| h & mask == 0));
    let b_positions = s.set.len();
    // (The count that follows stops, or not, whatever the order: a sketch without
    // repeats is not sorted.)
    s.in_order = b.distinct;
    if !s.in_order {
        s.set.sort_unstable();
        s.set.dedup();
    }
    s.present.clear();
    s.hits = 0;
    let x = a.distinct[level.min(32) as usize] as usize;
    let y = s.set.len();
    let st = Start { level, mask, b_positions, x, y };
    if x == 0 || y == 0 {
        return (st, false);
    }
    let need = needed(x.min(y), y, PLAUSIBLE * t);
    (st, s.count(a, need) && s.hits >= need)
}

/// The measures of a stream [`screened`] started.
fn measure(a: &Side, b: &Sketched, s: &mut Counted, st: &Start) -> Measure {
    let Start { level, mask, b_positions, x, y, .. } = *st;
    if x == 0 || y == 0 {
        return Measure { x, y, a: Some((0.0, 0)), ..Measure::default() };
    }
    s.count(a, 0);
    let inter = s.hits;
    let jaccard = inter as f64 / (x + y - inter) as f64;
    if a.level == 0 && b.level == 0 {
        // Both dense: coverage is of tokens (the entry is short, so this is cheap).
        let k = b.k as usize;
        let len = b.tokens as usize;
        let (mut reach, mut n) = (0usize, 0usize);
        for (i, &h) in b.hashes.iter().enumerate() {
            if s.found(i, h) {
                let from = i.max(reach);
                let to = (i + k).min(len);
                n += to.saturating_sub(from);
                reach = to;
            }
        }
        let share = if len == 0 { 0.0 } else { n as f64 / len as f64 };
        return Measure { x, y, inter, jaccard, a: None, b: (share, n) };
    }
    let matched_b = b.hashes.iter().filter(|&&h| h & mask == 0).enumerate().filter(|&(i, &h)| s.found(i, h)).count();
    // (Of the shared hashes only: how often each occurs in the newcomer.)
    let matched_a: usize = s.set.iter().zip(&s.present).filter(|x| *x.1).map(|(&h, _)| a.count_held(h)).sum();
    let share = |n: usize, of: usize, tokens: u64| {
        let s = n as f64 / of.max(1) as f64;
        (s, (s * tokens as f64).round() as usize)
    };
    let a_positions = a.positions[level.min(32) as usize] as usize;
    let (a, b) = (share(matched_a, a_positions, a.tokens), share(matched_b, b_positions, b.tokens));
    Measure { x, y, inter, jaccard, a: Some(a), b }
}

/// The counts of a text the verdict needs besides its streams.
pub(super) struct Counts {
    pub words: u64,
    pub kept_words: u64,
    pub skel_tokens: u64,
}

/// False only if [`matcher::verify_with`](super::super::matcher::verify_with), with
/// [`super::plain`] and [`super::aligned`], certainly finds no match between newcomer
/// `a` and entry `b` (or the pair fails the quick estimate of [`screened`], or the
/// verdict would rest on fewer than [`MIN_SAMPLES`] sampled shingles): the word
/// measurements are those verification takes (when one side is sampled; when both
/// are dense and the entry is the smaller text, the entry's), and the skeleton share
/// of the smaller text, which only falls when matches must lie in one window, bounds
/// the spun-copy test from above.
pub(super) fn could_match(
    a: [&Side; 2],
    ac: &Counts,
    b: [&Sketched; 2],
    bc: &Counts,
    p: &Params,
    t: &mut Scratch,
) -> bool {
    // The quick estimate first (most candidates miss it, often long before all their
    // hashes are counted); the measures only if some stream passes it.
    let [s0, s1] = &mut t.streams;
    let (st0, pass0) = screened(a[0], b[0], s0, p.near.min(p.contain));
    let (st1, pass1) = screened(a[1], b[1], s1, p.spin);
    if !(pass0 || pass1) {
        return false;
    }
    let m = [measure(a[0], b[0], s0, &st0), measure(a[1], b[1], s1, &st1)];
    verdict(&m, a, ac, b, bc, p)
}

/// [`could_match`] once a stream passed the quick estimate, from the measures `m`.
fn verdict(m: &[Measure; 2], a: [&Side; 2], ac: &Counts, b: [&Sketched; 2], bc: &Counts, p: &Params) -> bool {
    let a_smaller = (ac.words, 0) <= (bc.words, 1);
    let w = &m[0];
    let (c_small, c_large, t_small) = match (a_smaller, w.a) {
        (true, Some(x)) => (x.0, Some(w.b.0), x.1),
        (false, x) => (w.b.0, x.map(|x| x.0), w.b.1),
        // Both dense and the newcomer is the smaller: both are short, verify.
        (true, None) => return true,
    };
    // A verdict resting on a sampled stream needs MIN_SAMPLES sampled shingles of the smaller text.
    let samples = |m: &Measure, w: usize| {
        (a[w].level == 0 && b[w].level == 0) || (if a_smaller { m.x } else { m.y }) >= MIN_SAMPLES
    };
    let enough = t_small >= MIN_MATCH_TOKENS;
    let near = enough && w.jaccard >= p.near;
    let inside = enough && c_small >= p.contain && c_small - c_large.unwrap_or(0.0) >= ASYMMETRY;
    if (near || inside) && samples(w, 0) {
        return true;
    }
    let small = if a_smaller { ac } else { bc };
    if (small.kept_words as f64) < MIN_KEPT_SHARE * small.skel_tokens as f64 {
        return false;
    }
    let s = &m[1];
    let (s_small, s_tokens) = match (a_smaller, s.a) {
        (true, Some(x)) => x,
        (false, _) => s.b,
        (true, None) => return true,
    };
    s_tokens >= MIN_MATCH_TOKENS && s_small >= p.spin && s_small - c_small >= SPIN_GAP && samples(s, 1)
}

#[cfg(test)]
mod tests;
