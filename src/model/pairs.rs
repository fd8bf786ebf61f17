//! An exact hash table over the adjacent-pair table, derived once on first use.
//!
//! [`Model::pair_count`] answers from the model's sorted follower lists: a binary
//! search whose last steps are each a cache miss in a 25 MB model, and the lists of
//! frequent words are tens of thousands long. The spin analyzer asks for the pairs
//! around every content word, so it wants one probe per lookup: this table gives
//! each word `a` a small open-addressing table of its own, holding its followers `b`
//! with their stored counts (linear probing at a load of at most 0.5, each table
//! ordered so that a lookup also stops at a larger id: `fill_table`), the tables of
//! all words side by side in one array in the order of the model's lists. A lookup
//! reads where the word's table starts and ends (4 bytes a word, 0.8 MB for the
//! default model: frequent words' stay in cache) and then, mostly, one cache line.
//!
//! A slot is 32 bits: the follower's id in as many bits as the vocabulary needs (18
//! for the default model) and its count in the rest (14), where counts too large for
//! those bits (202 pairs of the default model, such as "of the") point to a short
//! side list. The lookups land at random in the table and mostly wait on memory: at
//! 4 bytes a slot it was 17 MB for the default model instead of 33 MB (at a load of
//! 0.6), and the time spent in [`PairTable::get_batch`] fell by 10–14% (perf samples,
//! session 12). At a load of 0.5 it is 20 MB: session 23 measured fewer instructions
//! (the build's and the lookups') and no change in CPU time.
//! Lookups of a whole document can be issued before their results are needed
//! ([`PairTable::get_many`]), so the memory system overlaps the misses: first every
//! pair's home slot (a read of the word's figures each), then every slot's entry.
//! Session 24 split those two reads into two loops: in one loop each slot's read
//! waited on its word's, and the pair table's reads took 11.4% of a check's CPU samples
//! on 20 MB, 7% after.
//!
//! Built from the model in one pass over its lists, each list written into its own
//! table, so that the writes stay local (no sort, no scratch array); answers are
//! exactly those of [`Model::pair_count`]. The slots live in huge pages where the
//! kernel allows it (no TLB miss per lookup). The table also keeps each word's figures
//! side by side ([`WordStats`]: count, followers, synonyms).

use super::format::{decode_count, u16_at};
use super::huge::{HugeZeroed, HUGE};
use super::{Model, ADJACENT};

/// Ids must fit in this many bits, leaving [`MIN_CODE_BITS`] for the count (a model
/// with a larger vocabulary gets no table).
const ID_BITS: u32 = 32 - MIN_CODE_BITS;
/// Fewest bits a slot keeps for a pair's count.
const MIN_CODE_BITS: u32 = 8;
/// An empty slot (slots hold entries bit-inverted, so that fresh zeroed memory is
/// empty: no pass to fill it; no entry is all ones, as no id is).
const EMPTY: u32 = u32::MAX;
/// Fibonacci hashing multiplier (2^32 / golden ratio).
const MUL: u32 = 0x9E37_79B9;

/// Pair `(a, b)` → stored count: for each word `a`, a table of its own of
/// `table_len` slots, each `b << code_bits | code` (bit-inverted; a code too large
/// for its bits is all ones there and in `big`); and each word's [`WordStats`].
pub struct PairTable {
    slots: Slots,
    /// Bits of a slot that hold the count code (the rest hold the follower id).
    code_bits: u32,
    /// The count codes too large for their slot: `slot index << 16 | code`, ascending.
    big: Vec<u64>,
    /// Where each word's table starts in the slots, then the always-empty slot that
    /// ids out of range look at, then the slots' end: word `a`'s table is
    /// `starts[a]..starts[a + 1]`. Apart from `words` (4 bytes a word, not 24: 0.8 MB
    /// for the default model instead of 5 MB), as a lookup reads nothing else of it.
    starts: Vec<u32>,
    words: Vec<WordStats>,
    /// Each word's two strongest followers from id [`CONTENT_FROM`] on (see
    /// [`PairTable::top_followers`]): `(id, count code)`, `NO_TOP` for none.
    top: Vec<[(u32, u16); 2]>,
}

/// Words from this id (frequency rank) on are content words: the followers
/// [`PairTable::top_followers`] ranks.
pub const CONTENT_FROM: u32 = 120;
/// No follower, in [`PairTable::top_followers`]' table.
const NO_TOP: (u32, u16) = (u32::MAX, 0);

/// What the spin analyzer reads of a word for each candidate, side by side: 16 bytes,
/// so that a word costs one cache line, not one in each of the model's arrays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordStats {
    /// How often the word was seen ([`Model::count`]).
    pub count: u32,
    /// How many distinct words follow it ([`Model::follower_len`] of the adjacent pairs).
    pub followers: u32,
    /// Where its synonyms start in the model's synonym lists.
    syn_lo: u32,
    /// How many synonyms it has ([`Model::synonym_len`]).
    pub synonyms: u32,
}

impl WordStats {
    /// The figures of word `id` (a valid id), read from the model.
    pub fn of(m: &Model, id: u32) -> WordStats {
        let followers = m.tables.get(ADJACENT).map_or(0, |t| {
            let (lo, hi) = m.list(t, id);
            hi - lo
        });
        let (lo, hi) = if m.syn.len == 0 { (0, 0) } else { m.list(&m.syn, id) };
        WordStats {
            count: m.count(id) as u32,
            followers: followers as u32,
            syn_lo: lo as u32,
            synonyms: (hi - lo) as u32,
        }
    }

    /// The figures of every word, as [`WordStats::of`] reads them one at a time: one
    /// walk over the counts and over each list's offsets.
    fn all(m: &Model) -> Vec<WordStats> {
        let n = m.vocab_len();
        let data: &[u8] = &m.data;
        // Each word's list bounds, from consecutive offsets (none where there are no lists).
        let lens = |offsets: Option<usize>| {
            let o = offsets.and_then(|at| data.get(at..at + (n + 1) * 4)).unwrap_or_default();
            o.as_chunks::<4>().0.windows(2).map(|w| (u32::from_le_bytes(w[0]), u32::from_le_bytes(w[1])))
        };
        let followers = lens(m.tables.get(ADJACENT).map(|t| t.offsets)).map(|(lo, hi)| hi - lo);
        let syn = lens((m.syn.len > 0).then_some(m.syn.offsets));
        let counts = data[m.words..m.words + n * 12].as_chunks::<12>().0.iter();
        let mut out = Vec::with_capacity(n);
        let (mut followers, mut syn) = (followers, syn);
        for c in counts {
            let (f, (lo, hi)) = (followers.next().unwrap_or(0), syn.next().unwrap_or((0, 0)));
            out.push(WordStats {
                count: u32::from_le_bytes([c[8], c[9], c[10], c[11]]),
                followers: f,
                syn_lo: lo,
                synonyms: hi - lo,
            });
        }
        out
    }

    /// The word's synonyms, as [`Model::synonyms`].
    pub fn synonym_ids(self, m: &Model) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.synonym_list(m).iter().map(|c| u32::from_le_bytes(*c))
    }

    /// The word's synonyms as stored: ascending ids, each 4 bytes little-endian (one
    /// slice of the list, one bounds check, not one read per synonym).
    pub fn synonym_list(self, m: &Model) -> &[[u8; 4]] {
        let at = m.syn.ids + self.syn_lo as usize * 4;
        m.data.get(at..at + self.synonyms as usize * 4).unwrap_or_default().as_chunks::<4>().0
    }
}

/// Slots of the table of a word with `followers` followers: a load of at most 0.5,
/// and always an empty slot (where a lookup of a word not there stops at the latest;
/// a word without followers has that one, so that a lookup needs no test for it).
#[inline]
fn table_len(followers: u32) -> usize {
    2 * followers as usize + 1
}

/// The home slot of follower `b` in a table of `len` slots: a 32-bit Fibonacci hash,
/// scaled to `len` (a multiply, no division). Two multiplies and a shift: the high
/// half of a 64-bit hash took two more instructions in every fill and look-up.
#[inline]
fn home(b: u32, len: usize) -> usize {
    let h = b.wrapping_mul(MUL) as u64;
    ((h * len as u64) >> 32) as usize
}

/// The slots' memory: where the kernel allows it, huge pages ([`HugeZeroed`]). The
/// lookups land at random in tens of megabytes: with 4 KB pages nearly every one also
/// misses the TLB, with 2 MB pages the whole table fits in it.
enum Slots {
    /// A mapping of the slots.
    Map(HugeZeroed),
    /// Ordinary memory (where mapping fails or the table is small).
    Heap(Vec<[u8; 4]>),
}

impl Slots {
    /// `n` slots of zeros.
    fn zeroed(n: usize) -> Slots {
        if n * 4 >= 4 * HUGE {
            if let Some(map) = HugeZeroed::new(n * 4) {
                return Slots::Map(map);
            }
        }
        Slots::Heap(vec![[0; 4]; n])
    }

    #[inline]
    fn get(&self) -> &[[u8; 4]] {
        match self {
            Slots::Map(map) => map.bytes().as_chunks::<4>().0,
            Slots::Heap(v) => v,
        }
    }

    #[inline]
    fn get_mut(&mut self) -> &mut [[u8; 4]] {
        match self {
            Slots::Map(map) => map.bytes_mut().as_chunks_mut::<4>().0,
            Slots::Heap(v) => v,
        }
    }
}

/// The code of a slot with `code_bits` bits for the count that stands for a count
/// kept in the side list (all those bits set).
#[inline]
fn escape(code_bits: u32) -> u32 {
    (1u32 << code_bits) - 1
}

/// The entry in slot `s` (or [`EMPTY`]).
#[inline]
fn slot(slots: &[[u8; 4]], s: usize) -> u32 {
    !u32::from_ne_bytes(slots[s])
}

/// Where the table of word `a`'s followers is in the slots, and its length, from the
/// tables' `starts` (see [`PairTable`]; for an id out of range, the last slot, always
/// empty).
#[inline(always)]
fn table(starts: &[u32], a: u32) -> (usize, usize) {
    let i = (a as usize).min(starts.len() - 2);
    let (lo, hi) = (starts[i], starts[i + 1]);
    (lo as usize, (hi - lo) as usize)
}

/// The home slot of pair `(a, b)`.
#[inline(always)]
fn home_slot(starts: &[u32], a: u32, b: u32) -> usize {
    let (lo, len) = table(starts, a);
    lo + home(b, len)
}

/// Each home slot `s` in `homes` replaced by `s << 32 | entry there`: the one read most
/// look-ups need, for a whole batch in a loop of its own that reads nothing else, so
/// that no read waits on another (with where the tables start read in the same loop, a
/// slot's read waited on its word's, a cache miss too for the less frequent words).
#[inline(always)]
fn read_homes(slots: &[[u8; 4]], homes: &mut [u64]) {
    for r in homes {
        let s = *r as usize;
        *r = (s as u64) << 32 | slot(slots, s) as u64;
    }
}

/// Writes the followers `ids` with their count codes `codes` (a word's list, in the
/// model's layout: ascending ids) into `table`, that word's table of empty slots, each
/// at its home or the first empty slot after it (wrapping), as `b << code_bits | code`
/// (a code too large for its bits as all ones there); returns the list's two strongest
/// followers from [`CONTENT_FROM`] on ([`PairTable::top_followers`]).
///
/// The followers go in from the smallest id up, so that the table is ordered (Amble
/// and Knuth's ordered hashing): every slot from an entry's home up to the entry holds
/// a smaller id (each was there when the entry went in, and later, larger, ids only
/// take empty slots). A lookup of `b` can stop at the first entry with an id above `b`,
/// not only at an empty slot ([`PairTable::probe`]); and the frequent followers (small
/// ids), the most looked up, sit nearest their homes.
///
/// The first empty slot is found in `occupied`, a bit per slot (scratch, reused from
/// table to table), not by reading the slots: for the frequent words' tables of
/// hundreds of kilobytes each such read was a cache miss, and the test of each a
/// mispredicted branch (the build 18.6 → 13.1 ms); a table's bits stay in the L1
/// cache and answer for 64 slots at a time. The strongest two are kept in the same
/// loop, without branches (a walk of its own, branching on each code, cost 1.2 ms more).
#[inline(always)]
fn fill_table(
    table: &mut [[u8; 4]],
    ids: &[[u8; 4]],
    codes: &[[u8; 2]],
    code_bits: u32,
    occupied: &mut Vec<u64>,
) -> [(u32, u16); 2] {
    let esc = escape(code_bits);
    let len = table.len();
    occupied.clear();
    occupied.resize(len.div_ceil(64), 0);
    // The bits past the table's end in the last word count as taken: a search runs
    // over them to the wrap-around.
    if !len.is_multiple_of(64) {
        occupied[len / 64] = !0 << (len % 64);
    }
    // The strongest two as `code << 32 | !id`: the larger key is the larger code, then
    // the lower id (ids are unique in a list; 0 for none, below every follower's key).
    let (mut top0, mut top1) = (0u64, 0u64);
    for (&b, &code) in ids.iter().zip(codes) {
        let (b, code) = (u32::from_le_bytes(b), u16::from_le_bytes(code));
        let key = if b >= CONTENT_FROM { (code as u64) << 32 | !b as u64 } else { 0 };
        (top0, top1) = (top0.max(key), top1.max(top0.min(key)));
        let e = (b << code_bits) | (code as u32).min(esc);
        let mut s = home(b, len);
        // The slots before the home in its word count as taken.
        let mut bits = occupied[s / 64] | ((1u64 << (s % 64)) - 1);
        while bits == !0 {
            s = (s / 64 + 1) * 64;
            if s >= len {
                s = 0;
            }
            bits = occupied[s / 64];
        }
        let s = s / 64 * 64 + bits.trailing_ones() as usize;
        occupied[s / 64] |= 1 << (s % 64);
        table[s] = (!e).to_ne_bytes();
    }
    let top = |k: u64| if k == 0 { NO_TOP } else { (!(k as u32), (k >> 32) as u16) };
    [top(top0), top(top1)]
}

impl PairTable {
    /// The table of `m`'s adjacent pairs, or None when its ids do not fit; each list it
    /// reads also goes to `colloc`, if given (in order of the words, not necessarily
    /// every word).
    pub(super) fn build(m: &Model, mut colloc: Option<&mut super::colloc::Builder>) -> Option<PairTable> {
        let n_words = m.vocab_len();
        if n_words as u64 >= (1u64 << ID_BITS) - 1 {
            return None;
        }
        // Ids below `n_words` fit in `32 - code_bits` bits, and none is all ones there;
        // at most 15 bits, where codes are the counts themselves.
        let code_bits = (n_words as u32).leading_zeros().min(15);
        let esc = escape(code_bits);
        let words = WordStats::all(m);
        let Some(t) = m.tables.get(ADJACENT).copied() else {
            // Every word's table is one empty slot, and so is the last.
            let starts = (0..=n_words as u32 + 1).collect();
            let (slots, top) = (Slots::zeroed(n_words + 1), vec![[NO_TOP; 2]; n_words]);
            return Some(PairTable { slots, code_bits, big: Vec::new(), starts, words, top });
        };
        let mut total = 0usize;
        let mut starts = Vec::with_capacity(n_words + 2);
        starts.extend(words.iter().map(|w| {
            let lo = total;
            total += table_len(w.followers);
            // (Checked below: the starts ascend, so none is cut if the last is not.)
            lo as u32
        }));
        // (And the empty slot that ids out of range look at.)
        starts.push(total as u32);
        total += 1;
        starts.push(u32::try_from(total).ok()?);
        // Entries are stored inverted: the zeroed slots are all empty. Each word's list
        // goes into its own table, next to the previous word's: the writes stay local.
        let mut mem = Slots::zeroed(total);
        let mut top = vec![[NO_TOP; 2]; n_words];
        let mut big = Vec::new();
        let mut occupied = Vec::new();
        let slots = mem.get_mut();
        let data: &[u8] = &m.data;
        for (a, (bounds, top)) in starts.windows(2).zip(&mut top).enumerate() {
            let (lo, len) = (bounds[0] as usize, (bounds[1] - bounds[0]) as usize);
            // (A table of one slot has no followers; and `len` known above 0 spares the
            // loops below a test.)
            if len < 2 {
                continue;
            }
            let (list_lo, list_hi) = m.list(&t, a as u32);
            let ids = data[t.ids + list_lo * 4..t.ids + list_hi * 4].as_chunks::<4>().0;
            let codes = data[t.counts + list_lo * 2..t.counts + list_hi * 2].as_chunks::<2>().0;
            let table = &mut slots[lo..lo + len];
            *top = fill_table(table, ids, codes, code_bits, &mut occupied);
            // The few codes too large for their slot (202 of the default model's pairs, in
            // the lists of 81 words): their lists are found by their largest code (a pass
            // the compiler vectorizes).
            if codes.iter().map(|&c| u16::from_le_bytes(c)).max().is_some_and(|c| c as u32 >= esc) {
                for (&b, &code) in ids.iter().zip(codes) {
                    let code = u16::from_le_bytes(code);
                    if code as u32 >= esc {
                        let b = u32::from_le_bytes(b);
                        let s = (0..).map(|k| (home(b, len) + k) % len).find(|&s| slot(table, s) >> code_bits == b);
                        big.push(((lo + s.expect("written above")) as u64) << 16 | code as u64);
                    }
                }
            }
            if let Some(c) = colloc.as_deref_mut() {
                c.word(m, a as u32, ids, codes);
            }
        }
        big.sort_unstable();
        Some(PairTable { slots: mem, code_bits, big, starts, words, top })
    }

    /// The two followers of word `a` (a valid id) with id [`CONTENT_FROM`] or more that
    /// were seen most often after it, with their counts, strongest first (the lower
    /// id first on a tie), as a walk over [`Model::followers`] finds them.
    pub fn top_followers(&self, a: u32) -> [Option<(u32, u64)>; 2] {
        self.top[a as usize].map(|(b, code)| (b != NO_TOP.0).then(|| (b, decode_count(code))))
    }

    /// Where the table of word `a`'s followers is in the slots, and its length (an
    /// empty slot for an id out of range).
    #[inline]
    fn table(&self, a: u32) -> (usize, usize) {
        table(&self.starts, a)
    }

    /// The count held by entry `v` (not [`EMPTY`]) in slot `s`.
    #[inline]
    fn count_at(&self, s: usize, v: u32) -> u64 {
        let esc = escape(self.code_bits);
        let code = v & esc;
        if code != esc {
            // (Codes below 2^15 are the counts themselves.)
            return code as u64;
        }
        self.big_code(s)
    }

    /// The count of the entry in slot `s` whose code is in `big`.
    #[inline(never)]
    fn big_code(&self, s: usize) -> u64 {
        let k = self.big.partition_point(|&e| e >> 16 < s as u64);
        decode_count(self.big[k] as u16)
    }

    /// The stored count of `b` in the table at `lo..lo + len` from slot `s`
    /// onwards, where `v` is the entry in slot `s`: up to an empty slot or, the table
    /// being ordered ([`fill_table`]), an entry with a larger id.
    #[inline]
    fn probe(&self, slots: &[[u8; 4]], (lo, len): (usize, usize), b: u32, mut s: usize, mut v: u32) -> u64 {
        loop {
            if v == EMPTY || v >> self.code_bits > b {
                return 0;
            }
            if v >> self.code_bits == b {
                return self.count_at(s, v);
            }
            s = if s + 1 == lo + len { lo } else { s + 1 };
            v = slot(slots, s);
        }
    }

    /// How often `a` was followed by `b` (0 if never or pruned), as [`Model::pair_count`].
    #[inline]
    pub fn get(&self, a: u32, b: u32) -> u64 {
        let slots = self.slots.get();
        let (lo, len) = self.table(a);
        if b >= 1 << ID_BITS {
            return 0;
        }
        let s = lo + home(b, len);
        self.probe(slots, (lo, len), b, s, slot(slots, s))
    }

    /// The counts of many pairs: `out[k] = get(pairs[k])`. The home slots of a batch
    /// are found, then read in a loop of their own, before any is examined, so that
    /// their cache misses overlap. (No test of `b` against `ID_BITS`: an entry holds
    /// an id below the vocabulary's size, so a larger `b` matches none and its probe
    /// ends at an empty slot, as in [`PairTable::get`].)
    pub fn get_many(&self, pairs: &[(u32, u32)], out: &mut Vec<u64>) {
        let slots = self.slots.get();
        // As `get_batch`: each pair's home slot, then the entry there, in `out`.
        out.clear();
        // The tables' starts in locals: read through `self`, their pointer and length
        // were loaded again for every pair (the stores to `out` might change them).
        let starts = &self.starts[..];
        out.extend(pairs.iter().map(|&(a, b)| home_slot(starts, a, b) as u64));
        read_homes(slots, out);
        self.counts_from_homes(slots, pairs, out);
    }

    /// [`PairTable::get_many`] into `out` (at least as long as `pairs`; the rest is
    /// left as it was).
    #[inline]
    pub fn get_batch(&self, pairs: &[(u32, u32)], out: &mut [u64]) {
        let slots = self.slots.get();
        let starts = &self.starts[..];
        let out = &mut out[..pairs.len()];
        for (r, &(a, b)) in out.iter_mut().zip(pairs) {
            *r = home_slot(starts, a, b) as u64;
        }
        read_homes(slots, out);
        self.counts_from_homes(slots, pairs, out);
    }

    /// The counts of `pairs` in place of the `slot << 32 | entry` that [`read_homes`]
    /// left in `homes`: mostly decided at the home slot (the pair is there, or nothing is, or an entry with a
    /// larger id), else by probing on.
    #[inline(always)]
    fn counts_from_homes(&self, slots: &[[u8; 4]], pairs: &[(u32, u32)], homes: &mut [u64]) {
        for (r, &(a, b)) in homes.iter_mut().zip(pairs) {
            let (s, v) = ((*r >> 32) as usize, *r as u32);
            *r = if v == EMPTY || v >> self.code_bits > b {
                0
            } else if v >> self.code_bits == b {
                self.count_at(s, v)
            } else {
                self.probe(slots, self.table(a), b, s, v)
            };
        }
    }

    /// The figures of word `id` (a valid id).
    #[inline]
    pub fn word(&self, id: u32) -> WordStats {
        self.words[id as usize]
    }

    /// Bytes of memory the table holds.
    pub fn heap_bytes(&self) -> usize {
        self.slots.get().len() * 4
            + self.big.len() * 8
            + self.starts.len() * 4
            + self.words.len() * std::mem::size_of::<WordStats>()
            + self.top.len() * 16
    }
}

/// The counts of many adjacent pairs from the model's sorted follower lists, where
/// the pair table is not built: `out[k] = m.pair_count(ADJACENT, pairs[k])` (0 for
/// an id out of range). The binary searches of a batch run in lockstep, without
/// branches on the data, so that their cache misses overlap; the searches are first
/// grouped by the number of rounds their list takes (a counting sort), so that a
/// batch does not run every search as long as its longest.
pub fn search_many(m: &Model, pairs: &[(u32, u32)], out: &mut Vec<u64>) {
    const BATCH: usize = 16;
    out.clear();
    out.resize(pairs.len(), 0);
    let Some(t) = m.tables.get(ADJACENT).copied() else { return };
    let data: &[u8] = &m.data;
    let ids = data[t.ids..t.ids + t.len * 4].as_chunks::<4>().0;
    let n_words = m.vocab_len();
    // Rounds a search of a list of `len >= 1` entries takes: ceil(log2(len)).
    let rounds = |len: usize| (usize::BITS - (len - 1).leading_zeros()) as usize;
    // (list start, list length, wanted id, index in `pairs`) of every search that has
    // a list (the others find nothing), bucketed by rounds.
    let mut start = [0usize; usize::BITS as usize + 2];
    let mut found: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(pairs.len());
    for (k, &(a, b)) in pairs.iter().enumerate() {
        if (a as usize) < n_words {
            let (lo, hi) = m.list(&t, a);
            if hi > lo {
                found.push((lo as u32, (hi - lo) as u32, b, k as u32));
                start[rounds(hi - lo) + 1] += 1;
            }
        }
    }
    for r in 1..start.len() {
        start[r] += start[r - 1];
    }
    let mut sorted = vec![(0u32, 0u32, 0u32, 0u32); found.len()];
    for &f in &found {
        let slot = &mut start[rounds(f.1 as usize)];
        sorted[*slot] = f;
        *slot += 1;
    }
    for batch in sorted.chunks(BATCH) {
        // Each search keeps `ids[base..base + len]`, whose first entry is at most `b`
        // (or is the list's first): at `len == 1` it is the last entry not above `b`.
        // Every search takes a step each round (a no-op once `len <= 1`; an unused
        // lane looks at entry 0 and finds nothing), so the rounds have no branches.
        let (mut base, mut len, mut want) = ([0usize; BATCH], [0usize; BATCH], [0u32; BATCH]);
        for (k, &(lo, n, b, _)) in batch.iter().enumerate() {
            (base[k], len[k], want[k]) = (lo as usize, n as usize, b);
        }
        let mut longest = len.iter().copied().max().unwrap_or(0);
        while longest > 1 {
            for k in 0..BATCH {
                let half = len[k] / 2;
                let mid = base[k] + half;
                base[k] = if u32::from_le_bytes(ids[mid]) <= want[k] { mid } else { base[k] };
                len[k] -= half;
            }
            longest -= longest / 2;
        }
        for (k, &(_, _, b, at)) in batch.iter().enumerate() {
            if len[k] == 1 && u32::from_le_bytes(ids[base[k]]) == b {
                out[at as usize] = decode_count(u16_at(data, t.counts + base[k] * 2));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build;

    #[test]
    fn searches_of_every_length_answer_as_the_model_does() {
        let m = Model::embedded();
        let n = m.vocab_len() as u32;
        // Lists from tens of thousands of entries (frequent words) down to none,
        // with followers that are there and ids that are not.
        let mut pairs = Vec::new();
        for a in [0, 1, 2, 7, 60, 400, 3_000, 20_000, n / 2, n - 1, n, u32::MAX] {
            pairs.extend(m.followers(ADJACENT, a.min(n - 1)).step_by(7).take(40).map(|(b, _)| (a, b)));
            pairs.extend((0..40).map(|k| (a, k * 997 % n.max(1))));
        }
        let mut out = Vec::new();
        search_many(m, &pairs, &mut out);
        let slow = Model::new(m.bytes()).unwrap();
        let expected: Vec<u64> =
            pairs.iter().map(|&(a, b)| if a < n { slow.pair_count(ADJACENT, a, b) } else { 0 }).collect();
        assert_eq!(out, expected);
        assert!(out.iter().filter(|&&c| c > 0).count() > 100);
    }

    #[test]
    fn answers_as_the_model_does() {
        let c = build::counts_from(
            &[("the", 100), ("cold", 10), ("war", 12), ("big", 40_000), ("deal", 40_000)],
            &[("cold", "war", 8), ("the", "cold", 5), ("the", "war", 3), ("big", "deal", 39_000)],
        );
        let m = Model::new(build::write(&c)).unwrap();
        let t = PairTable::build(&m, None).unwrap();
        // "big deal" has a count code too large for a slot.
        assert_eq!((t.code_bits, t.big.len()), (15, 1));
        let n = m.vocab_len() as u32;
        let mut all = Vec::new();
        for a in 0..n {
            for b in 0..n + 2 {
                assert_eq!(t.get(a, b), m.pair_count(ADJACENT, a, b), "{a} {b}");
                all.push((a, b));
            }
        }
        all.push((u32::MAX, 0));
        let mut out = Vec::new();
        search_many(&m, &all, &mut out);
        let searched = out.clone();
        t.get_many(&all, &mut out);
        assert_eq!(searched, out);
        let expected: Vec<u64> =
            all.iter().map(|&(a, b)| if a < n { m.pair_count(ADJACENT, a, b) } else { 0 }).collect();
        assert_eq!(out, expected);
        for a in 0..n {
            let w = t.word(a);
            assert_eq!(w, WordStats::of(&m, a));
            assert_eq!(t.top_followers(a), top_by_walk(&m, a), "{a}");
            assert_eq!((w.count as u64, w.followers as usize), (m.count(a), m.follower_len(ADJACENT, a)));
            assert!(w.synonym_ids(&m).eq(m.synonyms(a)));
            assert_eq!(w.synonyms as usize, m.synonym_len(a));
        }
        let empty = PairTable::build(Model::empty(), None).unwrap();
        assert_eq!(empty.get(0, 0), 0);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The ordered tables (a lookup stops at a larger id) answer every pair, there
            /// or not, as the model's sorted lists do: words with up to 69 followers, so that
            /// tables of every size have clusters and wrap around their end, and counts
            /// too large for a slot.
            #[test]
            fn ordered_tables_answer_as_the_model_does(
                n in 1usize..70,
                pairs in proptest::collection::vec((0usize..70, 0usize..70, 1u64..40_000), 0..700),
            ) {
                let names: Vec<String> = (0..n).map(|k| format!("w{k}")).collect();
                let words: Vec<(&str, u64)> = names.iter().enumerate().map(|(k, w)| (w.as_str(), 1000 - k as u64)).collect();
                let mut seen = std::collections::HashSet::new();
                let pairs: Vec<(&str, &str, u64)> = pairs
                    .iter()
                    .filter(|&&(a, b, _)| a < n && b < n && seen.insert((a, b)))
                    .map(|&(a, b, c)| (names[a].as_str(), names[b].as_str(), c))
                    .collect();
                let m = Model::new(build::write(&build::counts_from(&words, &pairs))).unwrap();
                let t = PairTable::build(&m, None).unwrap();
                let n = m.vocab_len() as u32;
                let all: Vec<(u32, u32)> = (0..n + 1).flat_map(|a| (0..n + 2).map(move |b| (a, b))).collect();
                let expected: Vec<u64> =
                    all.iter().map(|&(a, b)| if a < n { m.pair_count(ADJACENT, a, b) } else { 0 }).collect();
                let one: Vec<u64> = all.iter().map(|&(a, b)| t.get(a, b)).collect();
                prop_assert_eq!(&one, &expected);
                let mut many = Vec::new();
                t.get_many(&all, &mut many);
                prop_assert_eq!(&many, &expected);
                let mut batch = vec![0; all.len()];
                t.get_batch(&all, &mut batch);
                prop_assert_eq!(&batch, &expected);
            }
        }
    }

    /// The two strongest content followers of `a`, by count then lower id, the plain way.
    fn top_by_walk(m: &Model, a: u32) -> [Option<(u32, u64)>; 2] {
        let key = |(y, c): (u32, u64)| (c, std::cmp::Reverse(y));
        let mut t = [None, None];
        for f in m.followers(ADJACENT, a).filter(|&(y, _)| y >= CONTENT_FROM) {
            if t[0].is_none_or(|t0| key(f) > key(t0)) {
                t = [Some(f), t[0]];
            } else if t[1].is_none_or(|t1| key(f) > key(t1)) {
                t[1] = Some(f);
            }
        }
        t
    }

    #[test]
    fn the_embedded_model_agrees() {
        let m = Model::embedded();
        let t = PairTable::build(m, None).unwrap();
        for a in 0..m.vocab_len() as u32 {
            assert_eq!(t.top_followers(a), top_by_walk(m, a), "{a}");
        }
        // Counts too large for a slot's bits are there (the words below are frequent).
        assert!(t.code_bits < 15 && t.big.len() > 100, "{} {}", t.code_bits, t.big.len());
        for a in (0..m.vocab_len() as u32).step_by(97).chain(0..300) {
            assert_eq!(t.top_followers(a), top_by_walk(m, a), "{a}");
            let w = t.word(a);
            assert_eq!((w.count as u64, w.followers as usize), (m.count(a), m.follower_len(ADJACENT, a)));
            assert!(w.synonym_ids(m).eq(m.synonyms(a)));
            assert_eq!(w.synonyms as usize, m.synonym_len(a));
            let mut pairs = Vec::new();
            for (b, c) in m.followers(ADJACENT, a) {
                pairs.extend([(a, b), (a, b.wrapping_add(1)), (a, b.wrapping_sub(1))]);
                assert_eq!(t.get(a, b), c);
                assert_eq!(t.get(a, b.wrapping_add(1)), m.pair_count(ADJACENT, a, b.wrapping_add(1)));
            }
            pairs.extend([(a, 0), (a, u32::MAX), (u32::MAX, a), (m.vocab_len() as u32, a)]);
            let mut out = Vec::new();
            search_many(m, &pairs, &mut out);
            let n = m.vocab_len() as u32;
            let expected = pairs.iter().map(|&(a, b)| if a < n { m.pair_count(ADJACENT, a, b) } else { 0 });
            assert!(expected.eq(out.iter().copied()), "{a}");
            // Each word's own table, looked up in batches, answers the same.
            let mut batched = Vec::new();
            t.get_many(&pairs, &mut batched);
            assert_eq!(batched, out, "{a}");
            // And into a longer slice, whose rest is left as it was.
            let mut into = vec![7; pairs.len() + 3];
            t.get_batch(&pairs, &mut into);
            assert_eq!((&into[..pairs.len()], &into[pairs.len()..]), (&out[..], &[7, 7, 7][..]), "{a}");
        }
    }
}
