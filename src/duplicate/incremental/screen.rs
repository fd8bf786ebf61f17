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
    /// Every occurrence of a hash after its first, and every occurrence of 0, sorted
    /// (a shingle's count weighs its share; few shingles repeat).
    repeats: Vec<u32>,
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
    for &h in hashes {
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
                if super::is_anchor(h) {
                    anc[na] = h;
                    na += 1;
                }
                break;
            }
            left = left.checked_sub(1)?;
            i = (i + 1) & wrap;
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
        let repeats = &mut spare.repeats[..nr];
        repeats.sort_unstable();
        let repeats = repeats.to_vec();
        let mut anchors = spare.anchors[..na].to_vec();
        // Every hash is a first occurrence or a repeat (counted per level here, not
        // per hash in the loop).
        let mut at = new;
        for &h in &repeats {
            at[h.trailing_zeros() as usize] += 1;
        }
        if repeats.first() == Some(&0) {
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
        Side { table, shift, crowded, repeats, distinct: d, positions: p, tokens, level, anchors }
    }

    /// How many times `h` occurs.
    pub fn count(&self, h: u32) -> usize {
        let again = |h: u32| {
            let r = &self.repeats;
            if r.is_empty() {
                return 0;
            }
            let lo = r.partition_point(|&x| x < h);
            r[lo..].iter().take_while(|&&x| x == h).count()
        };
        if h == 0 {
            return again(0);
        }
        if self.crowded {
            return if self.table.binary_search(&h).is_ok() { 1 + again(h) } else { 0 };
        }
        let wrap = self.table.len() - 1;
        let mut i = slot(h, self.shift);
        loop {
            let s = self.table[i];
            if s == h {
                return 1 + again(h);
            }
            if s == 0 {
                return 0;
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
        if self.repeats.first() == Some(&0) {
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

/// Reused buffers of one stream: the entry's distinct sampled hashes, their counts in
/// the newcomer as far as counted, and how many of those counted are in the newcomer.
#[derive(Default)]
struct Counted {
    set: Vec<u32>,
    count: Vec<u32>,
    hits: usize,
}

impl Counted {
    /// True if the entry's sampled hash `h` is in the newcomer (all counted).
    fn found(&self, h: u32) -> bool {
        self.set.binary_search(&h).is_ok_and(|i| self.count[i] > 0)
    }

    /// Counts the set's hashes in `a` from where counting stopped; false (stopped
    /// again) as soon as fewer than `need` of them could be in `a`, true once all are counted.
    fn count(&mut self, a: &Side, need: usize) -> bool {
        let y = self.set.len();
        for i in self.count.len()..y {
            let c = a.count(self.set[i]) as u32;
            self.count.push(c);
            if c > 0 {
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
    s.set.sort_unstable();
    s.set.dedup();
    s.count.clear();
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
            if s.found(h) {
                let from = i.max(reach);
                let to = (i + k).min(len);
                n += to.saturating_sub(from);
                reach = to;
            }
        }
        let share = if len == 0 { 0.0 } else { n as f64 / len as f64 };
        return Measure { x, y, inter, jaccard, a: None, b: (share, n) };
    }
    let matched_b = b.hashes.iter().filter(|&&h| h & mask == 0 && s.found(h)).count();
    let matched_a: usize = s.count.iter().map(|&c| c as usize).sum();
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
mod tests {
    use super::*;

    /// Holds the side of `v` to a plain sort and filter: counts per level, per hash
    /// (present or not), the sets under several masks, and the distinct anchors.
    fn assert_plain(v: &[u32], s: &Side) {
        let n = v.len();
        let mut sorted = v.to_vec();
        sorted.sort_unstable();
        for l in 0..33 {
            let kept = |x: &u32| l == 32 && *x == 0 || l < 32 && x & ((1u32 << l) - 1) == 0;
            assert_eq!(s.positions[l] as usize, v.iter().filter(|x| kept(x)).count(), "{n} values, level {l}");
            let distinct = sorted.chunk_by(|x, y| x == y).filter(|g| kept(&g[0])).count();
            assert_eq!(s.distinct[l] as usize, distinct, "{n} values, level {l}");
        }
        let plain = |h: u32| v.iter().filter(|&&x| x == h).count();
        for g in sorted.chunk_by(|x, y| x == y) {
            assert_eq!(s.count(g[0]), g.len());
            for miss in [g[0] ^ 0x8000_0001, g[0] ^ 1, g[0].wrapping_add(1)] {
                assert_eq!(s.count(miss), plain(miss), "{n} values, {miss:#x}");
            }
        }
        // The sets read from the table are those of a plain filter.
        for mask in [0, 1, 0xff, 0x3ff, 0xffff, u32::MAX] {
            let mut want: Vec<u32> = sorted.iter().copied().filter(|h| h & mask == 0).collect();
            want.dedup();
            assert_eq!(s.set(mask), want, "{n} values, mask {mask:#x}");
        }
        // The anchors: each distinct one once.
        let mut anchors = s.anchors.clone();
        anchors.sort_unstable();
        let mut want: Vec<u32> = sorted.iter().copied().filter(|&h| super::super::is_anchor(h)).collect();
        want.dedup();
        assert_eq!(anchors, want);
    }

    fn xorshift(mut x: u32) -> impl FnMut() -> u32 {
        move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        }
    }

    #[test]
    fn sides_count_as_plainly_counted() {
        let mut next = xorshift(12345);
        let uniform: Vec<u32> = (0..5000).map(|i| if i % 7 == 0 { 42 } else { next() }).collect();
        // Sampled hashes (low bits zero), values close together, and a run of one value.
        let sampled: Vec<u32> = (0..3000).map(|_| next() & !0x3ff).collect();
        let clustered: Vec<u32> = (0..4000).map(|_| next() % 5000).collect();
        let descending: Vec<u32> = (0..2000).rev().collect();
        let top: Vec<u32> = (0..3000).map(|i| u32::MAX - i % 1000).collect();
        for v in [uniform.clone(), sampled, clustered, descending, top, vec![7u32; 300], uniform[..10].to_vec(), vec![]]
        {
            for n in [v.len(), v.len() / 3, v.len().min(63), v.len().min(64), v.len().min(65)] {
                let v = &v[..n];
                assert_plain(v, &Side::new(v, 99, 0));
            }
        }
    }

    #[test]
    fn crowded_hashes_fall_back_to_sorting() {
        let mut next = xorshift(777);
        // All sharing their top 12 bits (anchors, then not), with repeats and zeros.
        for top in [0u32, 0x5a5 << 20] {
            let v: Vec<u32> = (0..6000)
                .map(|i| match i % 11 {
                    0 => 0,
                    1 | 2 => top | 0x1234,
                    _ => top | (next() & 0xf_ffff),
                })
                .collect();
            let s = Side::new(&v, 6000, 3);
            assert!(s.crowded, "the guard triggered, top bits {top:#x}");
            assert_eq!((s.tokens, s.level), (6000, 3));
            assert_plain(&v, &s);
            // A prefix too short to exceed the budget is hashed as usual, with the same result.
            let short = &v[..12];
            let h = Side::new(short, 12, 3);
            assert!(!h.crowded);
            assert_plain(short, &h);
        }
        // Small values (all first tried at slot 0), descending.
        let reversed: Vec<u32> = (1..3000u32).rev().collect();
        let s = Side::new(&reversed, 3000, 0);
        assert!(s.crowded);
        assert_plain(&reversed, &s);
        // Uniform hashes never meet the budget.
        for n in [1, 100, 5000, 100_000] {
            let v: Vec<u32> = (0..n).map(|_| next()).collect();
            let s = Side::new(&v, n as u64, 0);
            assert!(!s.crowded, "{n} uniform hashes");
            if n <= 5000 {
                assert_plain(&v, &s);
            }
        }
    }

    /// The buffers kept from one stream to the next leave nothing behind: streams in a
    /// row of different sizes (long, short, empty, crowded, with zeros and repeats, and
    /// long again) count as plainly counted, and as with fresh buffers.
    #[test]
    fn sides_in_a_row_share_nothing() {
        let mut next = xorshift(4242);
        let long: Vec<u32> = (0..20_000).map(|i| if i % 5 == 0 { 99 } else { next() }).collect();
        let zeros: Vec<u32> = (0..700).map(|i| if i % 3 == 0 { 0 } else { next() & !0xff }).collect();
        let crowded: Vec<u32> = (0..5000).map(|i| if i % 4 == 0 { 0x1234 } else { next() & 0xf_ffff }).collect();
        let short = vec![5u32, 5, 0x4000_0000, 7];
        let streams = [&long[..], &short, &[], &crowded, &zeros, &short[..1], &long[..3000], &[], &long];
        for v in streams.iter().chain(streams.iter().rev()) {
            let s = Side::new(v, v.len() as u64, 1);
            assert_plain(v, &s);
            let fresh = Side::with(v, v.len() as u64, 1, &mut Spare::default());
            assert_eq!((&s.table, &s.repeats, &s.anchors), (&fresh.table, &fresh.repeats, &fresh.anchors));
            assert_eq!(
                (s.crowded, s.shift, s.distinct, s.positions),
                (fresh.crowded, fresh.shift, fresh.distinct, fresh.positions)
            );
        }
    }

    #[test]
    fn sides_count_per_level() {
        // 8 = 0b1000 (3 trailing zeros), 12 = 0b1100 (2), 3 (0), 8 again.
        let s = Side::new(&[8, 12, 3, 8], 10, 0);
        assert_eq!(s.anchors, vec![8, 12, 3]);
        assert_eq!((s.distinct[0], s.positions[0]), (3, 4));
        assert_eq!((s.distinct[2], s.positions[2]), (2, 3));
        assert_eq!((s.distinct[3], s.positions[3]), (1, 2));
        assert_eq!(s.distinct[4], 0);
        assert_eq!(s.count(8), 2);
        assert_eq!(s.count(5), 0);
        assert_eq!(Side::default().count(5), 0);
        // Counts through the table are plain counts.
        let v: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(0x9E37_79B1) & !0xf0).chain([77; 40]).collect();
        let s = Side::new(&v, 3040, 0);
        for h in v.iter().step_by(7).copied().chain([77, 78, 0, u32::MAX]) {
            assert_eq!(s.count(h), v.iter().filter(|&&x| x == h).count(), "{h}");
        }
    }

    /// The measures as they were taken before the quick estimate was screened first.
    fn old_measure(a: &Side, b: &Sketched) -> Measure {
        let level = a.level.max(b.level);
        let mask = level_mask(level);
        let mut set: Vec<u32> = b.hashes.iter().copied().filter(|h| h & mask == 0).collect();
        let b_positions = set.len();
        set.sort_unstable();
        set.dedup();
        let x = a.distinct[level.min(32) as usize] as usize;
        let y = set.len();
        if x == 0 || y == 0 {
            return Measure { x, y, a: Some((0.0, 0)), ..Measure::default() };
        }
        let count: Vec<u32> = set.iter().map(|&h| a.count(h) as u32).collect();
        let found = |h: u32| set.binary_search(&h).is_ok_and(|i| count[i] > 0);
        let inter = count.iter().filter(|&&c| c > 0).count();
        let jaccard = inter as f64 / (x + y - inter) as f64;
        if a.level == 0 && b.level == 0 {
            let (k, len) = (b.k as usize, b.tokens as usize);
            let (mut reach, mut n) = (0usize, 0usize);
            for (i, &h) in b.hashes.iter().enumerate() {
                if found(h) {
                    let from = i.max(reach);
                    let to = (i + k).min(len);
                    n += to.saturating_sub(from);
                    reach = to;
                }
            }
            let share = if len == 0 { 0.0 } else { n as f64 / len as f64 };
            return Measure { x, y, inter, jaccard, a: None, b: (share, n) };
        }
        let matched_b = b.hashes.iter().filter(|&&h| h & mask == 0 && found(h)).count();
        let matched_a: usize = count.iter().map(|&c| c as usize).sum();
        let share = |n: usize, of: usize, tokens: u64| {
            let s = n as f64 / of.max(1) as f64;
            (s, (s * tokens as f64).round() as usize)
        };
        let a_positions = a.positions[level.min(32) as usize] as usize;
        let (a, b) = (share(matched_a, a_positions, a.tokens), share(matched_b, b_positions, b.tokens));
        Measure { x, y, inter, jaccard, a: Some(a), b }
    }

    /// The quick estimate of one stream as it was taken: on the full measures.
    fn old_plausible(m: &Measure, t: f64) -> bool {
        m.x > 0 && m.y > 0 && m.jaccard.max(m.inter as f64 / m.x.min(m.y) as f64) >= PLAUSIBLE * t
    }

    /// The screen that stops counting once the quick estimate is missed gives the
    /// answers (and, past the estimate, the measures) of the full count: random
    /// newcomers and entries of both levels, sharing every share of their hashes, so
    /// that many sit at the estimate's bound.
    #[test]
    fn screen_as_fully_measured() {
        let mut next = xorshift(2024);
        let params = [(0.8, 0.7, 0.6), (0.5, 0.5, 0.5), (0.9, 0.3, 0.45), (0.0, 0.2, 1.0), (0.7, 0.7, 0.95)];
        let (mut passed, mut at_bound, mut verified) = (0, 0, 0);
        let mut scratch = Scratch::default();
        for round in 0..6000 {
            let (near, contain, spin) = params[round % params.len()];
            let p = Params { near, contain, spin, lsh: crate::duplicate::lsh::LshParams::for_threshold(near) };
            let mut sides = Vec::new();
            let mut sketches = Vec::new();
            for _ in 0..2 {
                let level = [0u8, 0, 1, 2][(next() % 4) as usize];
                let n = (next() % 300) as usize + usize::from(next().is_multiple_of(8)) * 2000;
                let v: Vec<u32> = (0..n).map(|_| if next().is_multiple_of(9) { next() % 50 } else { next() }).collect();
                // The entry: some of the newcomer's hashes (in order, some twice), and new ones.
                let len = (next() % 120) as usize;
                let keep = next() % 101;
                let from = if n == 0 { 0 } else { (next() as usize) % n };
                let b: Vec<u32> = (0..len)
                    .map(|i| if n > 0 && next() % 100 < keep { v[(from + i / 2 * 2 + (i % 3)) % n] } else { next() })
                    .collect();
                let b_level = [0u8, 0, 1, 3][(next() % 4) as usize];
                sides.push(Side::new(&v, n as u64 * 2 + u64::from(next() % 5), level));
                sketches.push((b, b_level, (next() % 6 + 1) as u8, u64::from(next() % 400)));
            }
            let sk: Vec<Sketched> = sketches
                .iter()
                .map(|(h, level, k, tokens)| Sketched { hashes: h, level: *level, k: *k, tokens: *tokens })
                .collect();
            let a = [&sides[0], &sides[1]];
            let b = [&sk[0], &sk[1]];
            let mut counts = || Counts {
                words: u64::from(next() % 500),
                kept_words: u64::from(next() % 300),
                skel_tokens: u64::from(next() % 500),
            };
            let (ac, bc) = (counts(), counts());
            let old = [old_measure(a[0], b[0]), old_measure(a[1], b[1])];
            let thresholds = [p.near.min(p.contain), p.spin];
            let mut pass = [false; 2];
            for w in 0..2 {
                let (st, ok) = screened(a[w], b[w], &mut scratch.streams[w], thresholds[w]);
                assert_eq!(ok, old_plausible(&old[w], thresholds[w]), "round {round}, stream {w}: {:?}", old[w]);
                let (x, y) = (old[w].x, old[w].y);
                at_bound +=
                    usize::from(x > 0 && y > 0 && old[w].inter == needed(x.min(y), y, PLAUSIBLE * thresholds[w]));
                pass[w] = ok;
                assert_eq!(measure(a[w], b[w], &mut scratch.streams[w], &st), old[w], "round {round}, stream {w}");
            }
            passed += usize::from(pass[0] || pass[1]);
            let want = (pass[0] || pass[1]) && verdict(&old, a, &ac, b, &bc, &p);
            verified += usize::from(want);
            assert_eq!(could_match(a, &ac, b, &bc, &p, &mut scratch), want, "round {round}");
        }
        assert!(
            passed > 500 && at_bound > 100 && verified > 100,
            "{passed} passed, {at_bound} at the bound, {verified}"
        );
    }

    #[test]
    fn needed_is_the_fewest_that_pass() {
        for m in 1..60 {
            for y in [m, m + 1, 2 * m, 100] {
                for bound in [0.0, -1.0, 0.1, 0.24, 0.4, 0.56, 0.64, 0.7, 0.8 * 0.7, 0.72, 1.0, 1.5, f64::NAN] {
                    let n = needed(m, y, bound);
                    let plain = (0..=y).find(|&n| n as f64 / m as f64 >= bound).unwrap_or(y + 1);
                    assert_eq!(n, plain, "m {m}, y {y}, bound {bound}");
                }
            }
        }
    }
}
