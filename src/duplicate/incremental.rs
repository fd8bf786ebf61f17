//! Duplicates in a stream: each new file or document is compared with the ones before
//! it, as it arrives, so results can be written in input order without waiting for
//! the end of the input — in memory that grows by a few hundred bytes per document, up
//! to a budget past which the oldest documents are dropped.
//!
//! **What is remembered.** Of every entry (a text of at least [`MIN_WORDS`] words) the
//! index keeps a *sketch*, not its shingles: its name, its word and token counts and,
//! per stream (word shingles, skeleton shingles), at most [`SKETCH_WORD`] and
//! [`SKETCH_SKEL`] shingle hashes chosen by consistent sampling: those whose low
//! `level` bits are zero, `level` the lowest at which they fit (a text with few
//! shingles keeps them all, `level` 0). They are kept in text order, so they still
//! say roughly where in the entry a match lies: at most 352 bytes, less in `32 − level`
//! bits a hash (their low bits are zero), plus the entry's counts, name and 8 bytes
//! per anchor — about 460 bytes per entry measured on 16,000 documents (it was 580).
//!
//! **Candidates.** The sketch hashes whose top two bits are zero are *anchors*, kept in
//! hash tables (anchor → entries). A newcomer looks up every one of its own shingle
//! hashes with the top two bits zero (it has all its shingles at hand); an entry
//! sharing one word anchor, or 30% of its skeleton anchors, that are not stock phrases
//! (found in at most [`max_anchor_files`] entries) is a candidate. A candidate is
//! verified only if it passes a *screen* (`screen`): a quick estimate from the
//! hashes' counts comes within 80% of a threshold, and the measurements verification
//! would take on the word stream (Jaccard similarity, the covered share of either text)
//! — exact when either side is sampled, computed from the newcomer's counted hashes by
//! a few dozen look-ups in its hash table — or an upper bound of the skeleton share
//! (for a spun copy) can reach a verdict. The screen turns down only pairs verification would
//! turn down, so results are those of verifying every plausible candidate; it saves
//! nearly all verifications (73,744 candidates, 1,011 verified, 426 hits on 16,046
//! documents).
//!
//! **Memory budget.** The entries are counted ([`Incremental::live_bytes`]: record,
//! name, sketch hashes, 16 bytes per anchor; about 650 bytes for a text of a few
//! hundred words). When a newcomer arrives and the count is above the budget
//! ([`DupOptions::max_memory`], `--dup-max-memory`, `[duplicates] max-memory`, default
//! [`DEFAULT_MAX_MEMORY`]), the oldest entries are dropped until it is at 7/8 of the
//! budget, and the hash tables are compacted (so that happens once per eighth of the
//! budget). Entries come in input order, so what is dropped does not depend on `-j`. A
//! dropped entry is never matched again: a copy further back than the budget holds
//! is not reported.
//!
//! **Verification** is that of a whole run ([`matcher::verify`]), between the
//! newcomer's full signature and the candidate's sketch: at the sketch's level both
//! sides are sampled alike, so the Jaccard similarity and the shares of either text
//! found in the other are *estimates* from a sample of 20 to 48 word shingles (and
//! 20 to 40 skeleton shingles) of the earlier text — exact for texts short enough to
//! be kept whole (up to about 50 words). A pair near a threshold can therefore fall on
//! either side of it, and reported similarities differ from a whole-run check by a
//! few hundredths (standard error about √(J(1−J)/n) for n sampled shingles). The
//! newcomer's matching lines are located on its own text: each sampled shingle stands
//! for the tokens nearest to it. The lines of the earlier entry are not known any more
//! and are not named.
//!
//! **What it costs in recall.** A short text inside a much longer earlier one shares
//! few anchors with that one's sketch (about 12 · its length ÷ the longer one's), so
//! it is found less often than in a whole run; a long text containing an earlier short
//! one, and near-duplicates of any size, are found as in a whole run. Only the later
//! of two matching entries gets the hit.
//!
//! The newcomer's part of the work — counting its shingle hashes (in a hash table, for
//! the screen), choosing its probes and sketch — is done by
//! [`Prepared::new`], on a worker thread; [`Incremental::push`] only looks up, screens,
//! verifies the few candidates left and inserts, in input order.

use std::sync::Arc;

use super::index::Reference;
use super::matcher::{self, max_anchor_files, Basis, Params, MIN_WORDS};
use super::signature::{Signature, Stream};
use super::{DupOptions, Hit, Other};

mod quick;
mod screen;
mod store;
mod tally;
mod verify;
use screen::{Counts, Scratch, Side, Sketched};
use store::{pack, packed_len, unpack, Blocks, Postings};
use tally::Tally;
pub use verify::{aligned, plain, spread, verify, MIN_SAMPLES};
use verify::{aligned_best, sampled_share, samples_of, set_at, verify_sorted, NewcomerSets};

/// Default of [`DupOptions::max_memory`]: room for about 170,000 texts (bytes counted
/// as [`Incremental::live_bytes`]).
pub const DEFAULT_MAX_MEMORY: usize = 128 << 20;

/// Parses a memory size: a number of bytes with an optional unit (`K`, `M`, `G`,
/// with or without `iB`/`B`; all powers of 1024), e.g. `256MiB`, `1G`, `65536`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num.parse().map_err(|_| format!("`{s}` is not a size like 256MiB"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}`: unknown unit (use KiB, MiB or GiB)")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("`{s}` is too large"))
}

/// Most word shingle hashes remembered per entry.
pub const SKETCH_WORD: usize = 48;
/// Most skeleton shingle hashes remembered per entry.
pub const SKETCH_SKEL: usize = 40;
/// A candidate is verified only if a quick estimate reaches this share of a threshold.
const PLAUSIBLE: f64 = 0.8;

/// Shared skeleton anchors that make an entry with `stored` of them a candidate: a
/// skeleton shingle is far less specific than a word shingle.
fn skeleton_anchors_needed(stored: u8) -> usize {
    (usize::from(stored) * 3).div_ceil(10).max(2)
}

/// True for the hashes that are anchors (one in four).
#[inline]
fn is_anchor(h: u32) -> bool {
    h >> 30 == 0
}

#[inline]
fn level_mask(level: u8) -> u32 {
    if level >= 32 {
        u32::MAX
    } else {
        (1u32 << level) - 1
    }
}

/// At most `cap` of the shingle hashes of `s`, in text order: those whose low `level`
/// bits are zero, at the lowest level (not below that of `s`) at which they fit.
pub fn sketch(s: &Stream, cap: usize) -> Stream {
    let mut count = [0u32; 33];
    for &h in &s.hashes {
        count[h.trailing_zeros() as usize] += 1;
    }
    for l in (0..32).rev() {
        count[l] += count[l + 1];
    }
    sketch_counted(s, cap, &count)
}

/// [`sketch`] given `positions[l]`, the hashes of `s` (repeats counted) with their low
/// `l` bits zero (as [`screen::Side`] counts them), so they are not counted again.
fn sketch_counted(s: &Stream, cap: usize, positions: &[u32; 33]) -> Stream {
    let mut level = s.level as usize;
    while positions[level] as usize > cap && level < 32 {
        level += 1;
    }
    if level == s.level as usize {
        return Stream { runs: Vec::new(), ..s.clone() };
    }
    let mask = level_mask(level as u8);
    // `positions[level]` of them: room made once.
    let mut hashes = Vec::with_capacity(positions[level] as usize);
    extend_sampled(&mut hashes, &s.hashes, mask);
    Stream { k: s.k, level: level as u8, tokens: s.tokens, hashes, runs: Vec::new() }
}

/// Appends to `out` the hashes of `v` whose bits under `mask` are all zero, in order.
/// A sketch keeps a few dozen of a stream's many hashes: each chunk of 16 is tested
/// at once first (a test that vectorizes), and only a chunk with one is filtered.
fn extend_sampled(out: &mut Vec<u32>, v: &[u32], mask: u32) {
    let kept = |h: &u32| h & mask == 0;
    let mut chunks = v.chunks_exact(16);
    for c in &mut chunks {
        if c.iter().fold(0u32, |any, h| any | kept(h) as u32) != 0 {
            out.extend(c.iter().copied().filter(kept));
        }
    }
    out.extend(chunks.remainder().iter().copied().filter(kept));
}

/// A newcomer's signature with what [`Incremental::push`] needs precomputed; made on
/// a worker thread.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The full signature (to verify with, and to locate the newcomer's matching lines).
    pub sig: Signature,
    /// Its streams counted, for the screen, with their anchors (the keys it looks up).
    sides: [Side; 2],
    /// What the index keeps of it.
    sketches: [Stream; 2],
}

impl Prepared {
    /// Prepares `sig` for the index.
    pub fn new(sig: Signature) -> Prepared {
        if sig.words < MIN_WORDS {
            return Prepared { sig, sides: Default::default(), sketches: Default::default() };
        }
        let sides = [&sig.word, &sig.skel].map(|s| Side::new(&s.hashes, s.tokens, s.level));
        let sketches = [
            sketch_counted(&sig.word, SKETCH_WORD, &sides[0].positions),
            sketch_counted(&sig.skel, SKETCH_SKEL, &sides[1].positions),
        ];
        Prepared { sig, sides, sketches }
    }
}

/// Where the counts and sketch streams of one entry are.
#[derive(Clone, Copy)]
struct Entry {
    /// End of its name in `names`.
    name_end: u64,
    /// Start of its sketch hashes in `hashes` (word stream, then skeleton), each
    /// stream packed ([`store::pack`]) at its level.
    at: u64,
    words: u32,
    kept_words: u32,
    streams: [Meta; 2],
}

#[derive(Clone, Copy)]
struct Meta {
    tokens: u32,
    k: u8,
    /// The sampling level (at most 32), and [`DISTINCT`] if the hashes stored are all
    /// different (in the level's spare bits: the entry's record stays 40 bytes).
    level_distinct: u8,
    len: u8,
    /// Anchors stored.
    anchors: u8,
}

/// The bit of [`Meta::level_distinct`] that says a sketch stream has no repeats.
const DISTINCT: u8 = 0x80;

impl Meta {
    fn of(s: &Stream, anchors: u8, distinct: bool) -> Meta {
        Meta {
            tokens: s.tokens.min(u32::MAX as u64) as u32,
            k: s.k,
            level_distinct: s.level | if distinct { DISTINCT } else { 0 },
            len: s.hashes.len().min(u8::MAX as usize) as u8,
            anchors,
        }
    }

    fn level(&self) -> u8 {
        self.level_distinct & !DISTINCT
    }

    fn distinct(&self) -> bool {
        self.level_distinct & DISTINCT != 0
    }
}

/// Bytes an entry is counted for, besides its name and sketch hashes: its record
/// and, per anchor, a hash-table slot and a posting (see [`Incremental::live_bytes`]).
const ENTRY_BYTES: usize = std::mem::size_of::<Entry>();
/// Bytes counted per anchor stored.
const ANCHOR_BYTES: usize = 16;

/// The sketches of the entries seen so far, and the tables that find candidates among them.
pub struct Incremental {
    params: Params,
    against: Option<Arc<Reference>>,
    /// Entries `first..first + entries.len()` (the older ones were dropped).
    entries: std::collections::VecDeque<Entry>,
    first: usize,
    /// Names of the live entries; `names_base` is where the first one starts in
    /// [`Entry::name_end`]'s numbering.
    names: String,
    names_base: u64,
    /// Sketch hashes of the live entries (each entry's at [`Entry::at`], packed).
    hashes: Blocks<u32>,
    /// An entry's sketch hashes unpacked, and packed.
    unpacked: Vec<u32>,
    packed: Vec<u32>,
    anchors: [Postings; 2],
    /// Bytes counted for the live entries, and the most allowed.
    live: usize,
    max_bytes: usize,
    cands: Vec<u32>,
    /// How many anchors each entry shares with the newcomer.
    tally: Tally,
    /// Scratch of [`Postings::get_many`].
    spans: Vec<store::Span>,
    scratch: Scratch,
}

impl Incremental {
    /// An empty index with the thresholds (and reference collection) of `opts`,
    /// holding at most about `opts.max_memory` bytes of sketches and tables.
    pub fn new(opts: &DupOptions) -> Self {
        Incremental {
            params: opts.params(),
            against: opts.against.clone(),
            entries: std::collections::VecDeque::new(),
            first: 0,
            names: String::new(),
            names_base: 0,
            hashes: Blocks::default(),
            unpacked: Vec::new(),
            packed: Vec::new(),
            anchors: [Postings::default(), Postings::default()],
            live: 0,
            max_bytes: opts.max_memory,
            cands: Vec::new(),
            tally: Tally::default(),
            spans: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    fn entry(&self, i: usize) -> &Entry {
        &self.entries[i - self.first]
    }

    /// Bytes counted for entry `i`: its record, name, sketch hashes and anchors.
    fn cost(&self, i: usize) -> usize {
        let e = self.entry(i);
        let [w, s] = e.streams;
        ENTRY_BYTES
            + self.name(i).len()
            + (w.len as usize + s.len as usize) * 4
            + (w.anchors as usize + s.anchors as usize) * ANCHOR_BYTES
    }

    /// Drops the oldest entries until the live ones are counted at most 7/8 of the
    /// budget (so a drop, and the compaction of the tables, happens once per eighth).
    fn evict(&mut self) {
        let target = self.max_bytes / 8 * 7;
        let mut until = self.first;
        let mut live = self.live;
        while live > target && until < self.first + self.entries.len() {
            live -= self.cost(until);
            until += 1;
        }
        if until == self.first {
            return;
        }
        let last = *self.entry(until - 1);
        self.names.drain(..(last.name_end - self.names_base) as usize);
        self.names_base = last.name_end;
        self.hashes.drop_before(self.entries.get(until - self.first).map_or(u64::MAX, |e| e.at));
        self.entries.drain(..until - self.first);
        self.first = until;
        self.live = live;
        for a in &mut self.anchors {
            a.retain_from(until as u32);
        }
    }

    /// Compares `p` with every entry added before that is still kept (and the
    /// reference collection), then adds its sketch under `name`. Returns the verified
    /// hits, `this` set to the index the entry got (hits name earlier entries as
    /// [`Other::File`]); the hits' `a` side is `p.sig`. When the entries are counted
    /// more than the budget, the oldest are dropped first: deterministically, as
    /// the entries come in input order.
    pub fn push(&mut self, name: &str, p: &Prepared) -> Vec<Hit> {
        if p.sig.words < MIN_WORDS {
            return Vec::new();
        }
        if self.live > self.max_bytes {
            self.evict();
        }
        let this = self.first + self.entries.len();
        // Candidates: entries sharing a word anchor, or enough skeleton anchors, that are
        // not stock phrases.
        // (Counted per entry, not sorted: nearly every skeleton anchor found is the only
        // one its entry shares with the newcomer.)
        self.cands.clear();
        self.tally.start(self.first, self.entries.len());
        // (Locals: the tables are not looked for again at every anchor.)
        let (tables, cands, tally) = (&self.anchors, &mut self.cands, &mut self.tally);
        let (max_w, max_s) = (max_anchor_files(Basis::Words), max_anchor_files(Basis::Skeleton));
        tables[0].get_many(&p.sides[0].anchors, &mut self.spans, |g| {
            if g.len() <= max_w {
                g.iter().for_each(|e| tally.word(e, cands));
            }
        });
        // (After the word anchors: an entry that shares one is a candidate already.)
        tables[1].get_many(&p.sides[1].anchors, &mut self.spans, |g| {
            if g.len() <= max_s {
                g.iter().for_each(|e| tally.skeleton(e));
            }
        });
        // (Only entries sharing two skeleton anchors or more are read: one shared anchor,
        // the commonest case, never makes a candidate.)
        for (e, n) in self.tally.skeleton_counts() {
            if n >= skeleton_anchors_needed(self.entry(e as usize).streams[1].anchors) {
                self.cands.push(e);
            }
        }
        self.cands.sort_unstable();
        let mut hits = Vec::new();
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut unpacked = std::mem::take(&mut self.unpacked);
        // (The screen probes the newcomer's tables at random: read in order first.)
        if !self.cands.is_empty() {
            std::hint::black_box(p.sides[0].warm() ^ p.sides[1].warm() ^ self.warm(&self.cands));
        }
        let sets = NewcomerSets::new([&p.sides[0], &p.sides[1]]);
        for &e in &self.cands {
            if !self.screen(p, e as usize, &mut scratch, &mut unpacked) {
                continue;
            }
            let other = self.signature(e as usize);
            if let Some(v) = verify_sorted(&p.sig, Some(&sets), &other, &self.params) {
                hits.push(Hit { this, other: Other::File(e as usize), verdict: v });
            }
        }
        self.scratch = scratch;
        self.unpacked = unpacked;
        if let Some(r) = &self.against {
            for e in r.candidates(&p.sig) {
                if let Some(v) = matcher::verify(&p.sig, &r.signature(e as usize), &self.params) {
                    hits.push(Hit { this, other: Other::Ref(e as usize), verdict: v });
                }
            }
        }
        // Add it.
        let e = this as u32;
        let kept = |w: usize| &p.sketches[w].hashes[..p.sketches[w].hashes.len().min(u8::MAX as usize)];
        self.packed.clear();
        pack(kept(0), p.sketches[0].level, &mut self.packed);
        pack(kept(1), p.sketches[1].level, &mut self.packed);
        let at = self.hashes.push(&[&self.packed]);
        let mut counts = [0u8; 2];
        for (w, which) in [Basis::Words, Basis::Skeleton].into_iter().enumerate() {
            let sk = &p.sketches[w];
            // One past the limit marks a stock phrase; more members are not kept.
            let cap = max_anchor_files(which) + 1;
            let mut anchors: Vec<u32> = sk.hashes.iter().copied().filter(|&h| is_anchor(h)).collect();
            anchors.sort_unstable();
            anchors.dedup();
            counts[w] = anchors.len().min(u8::MAX as usize) as u8;
            for h in anchors {
                self.anchors[w].push(h, e, cap);
            }
        }
        self.names.push_str(name);
        self.entries.push_back(Entry {
            name_end: self.names_base + self.names.len() as u64,
            at,
            words: p.sig.words.min(u32::MAX as u64) as u32,
            kept_words: p.sig.kept_words.min(u32::MAX as u64) as u32,
            streams: [0, 1].map(|w| {
                let sk = &p.sketches[w];
                Meta::of(sk, counts[w], !p.sides[w].repeats_at(level_mask(sk.level)))
            }),
        });
        self.live += self.cost(this);
        hits
    }

    /// Whether entry `e` is worth verifying against `p`: the quick estimate
    /// and the exact screen ([`screen::could_match`]).
    fn screen(&self, p: &Prepared, e: usize, scratch: &mut Scratch, unpacked: &mut Vec<u32>) -> bool {
        let entry = self.entry(e);
        let (wm, sm) = (entry.streams[0], entry.streams[1]);
        self.sketch_hashes(entry, unpacked);
        let (wh, sh) = unpacked.split_at(wm.len as usize);
        let sketched = |h, m: Meta| Sketched {
            hashes: h,
            level: m.level(),
            k: m.k,
            tokens: m.tokens as u64,
            distinct: m.distinct(),
        };
        let (bw, bs) = (sketched(wh, wm), sketched(sh, sm));
        let ac = Counts { words: p.sig.words, kept_words: p.sig.kept_words, skel_tokens: p.sig.skel.tokens };
        let bc =
            Counts { words: entry.words as u64, kept_words: entry.kept_words as u64, skel_tokens: sm.tokens as u64 };
        screen::could_match([&p.sides[0], &p.sides[1]], &ac, [&bw, &bs], &bc, &self.params, scratch)
    }

    /// The packed sketch of `e` (word stream, then skeleton), and the words of the first.
    fn packed(&self, e: &Entry) -> (&[u32], usize) {
        let [wm, sm] = e.streams;
        let (wp, sp) = (packed_len(wm.len as usize, wm.level()), packed_len(sm.len as usize, sm.level()));
        (self.hashes.get(e.at, wp + sp), wp)
    }

    /// Reads the record and one value of every cache line of the packed sketch of each
    /// entry of `cands`, one entry after another with nothing waiting on the reads, so
    /// that their cache misses overlap; the screen then reads them one candidate at a
    /// time, each read waiting on the one before. Returns what it read, folded.
    fn warm(&self, cands: &[u32]) -> u32 {
        cands.iter().fold(0, |acc, &e| {
            let (words, _) = self.packed(self.entry(e as usize));
            words.iter().step_by(16).fold(acc, |acc, &w| acc ^ w)
        })
    }

    /// The sketch hashes of `e` (word stream, then skeleton), unpacked into `out`.
    fn sketch_hashes(&self, e: &Entry, out: &mut Vec<u32>) {
        let [wm, sm] = e.streams;
        let (words, wp) = self.packed(e);
        out.clear();
        unpack(&words[..wp], wm.len as usize, wm.level(), out);
        unpack(&words[wp..], sm.len as usize, sm.level(), out);
    }

    /// The name entry `i` was added under (`i` at least [`Self::first`]).
    pub fn name(&self, i: usize) -> &str {
        let start = if i == self.first { self.names_base } else { self.entry(i - 1).name_end };
        &self.names[(start - self.names_base) as usize..(self.entry(i).name_end - self.names_base) as usize]
    }

    /// The sketch of entry `i` as a signature (sampled streams, no lines, no MinHash).
    pub fn signature(&self, i: usize) -> Signature {
        let e = self.entry(i);
        let mut all = Vec::new();
        self.sketch_hashes(e, &mut all);
        let [wm, sm] = e.streams;
        let stream = |m: Meta, hashes: &[u32]| Stream {
            k: m.k,
            level: m.level(),
            tokens: m.tokens as u64,
            hashes: hashes.to_vec(),
            runs: Vec::new(),
        };
        let word = stream(wm, &all[..wm.len as usize]);
        let skel = stream(sm, &all[wm.len as usize..]);
        Signature { words: e.words as u64, kept_words: e.kept_words as u64, word, skel, minhash: Vec::new() }
    }

    /// The name of the other side of a hit (no signature: the lines of an earlier
    /// entry are not kept).
    pub fn lookup(&self, o: Other) -> (String, Option<&Signature>) {
        match o {
            Other::File(i) => (self.name(i).to_string(), None),
            Other::Ref(e) => (self.against.as_ref().map_or_else(String::new, |r| r.path(e).to_string()), None),
        }
    }

    /// Entries kept (texts with at least [`MIN_WORDS`] words, not dropped for memory).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries added so far: the index the next one gets.
    pub fn added(&self) -> usize {
        self.first + self.entries.len()
    }

    /// The oldest entry kept: those before it were dropped to stay within the budget.
    pub fn first(&self) -> usize {
        self.first
    }

    /// Bytes counted for the live entries against the budget: per entry its record,
    /// name, sketch hashes (at most 88 · 4) and 16 per anchor (a table slot and a
    /// posting) — about 650 bytes for a text of a few hundred words.
    pub fn live_bytes(&self) -> usize {
        self.live
    }

    /// Approximate heap bytes held: sketches, names and tables.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.names.capacity()
            + self.hashes.heap_bytes()
            + self.anchors.iter().map(Postings::heap_bytes).sum::<usize>()
            + self.tally.heap_bytes()
    }
}

#[cfg(test)]
mod tests;
