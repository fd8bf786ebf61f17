//! Duplicates in a stream: each new file or document is compared with the ones before
//! it, as it arrives, so results can be written in input order without waiting for
//! the end of the input — in memory that grows by a few hundred bytes per document.
//!
//! **What is remembered.** Of every entry (a text of at least [`MIN_WORDS`] words) the
//! index keeps a *sketch*, not its shingles: its name, its word and token counts and,
//! per stream (word shingles, skeleton shingles), at most [`SKETCH_WORD`] and
//! [`SKETCH_SKEL`] shingle hashes chosen by consistent sampling: those whose low
//! `level` bits are zero, `level` the lowest at which they fit (a text with few
//! shingles keeps them all, `level` 0). They are kept in text order, so they still
//! say roughly where in the entry a match lies: at most 352 bytes, plus the entry's
//! counts, name and table slots — about 700 bytes per entry measured on 80,000 documents.
//!
//! **Candidates.** The sketch hashes whose top two bits are zero are *anchors*, kept in
//! hash tables (anchor → entries). A newcomer looks up every one of its own shingle
//! hashes with the top two bits zero (it has all its shingles at hand); an entry
//! sharing one word anchor, or 30% of its skeleton anchors, that are not stock phrases
//! (found in at most [`max_anchor_files`] entries) is a candidate, and is verified if a
//! quick estimate from the sorted hashes comes within 80% of a threshold.
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
//! The newcomer's part of the work — sorting its shingle hashes, choosing its probes
//! and sketch — is done by [`Prepared::new`], on a worker thread; [`Incremental::push`]
//! only looks up, verifies the few plausible candidates and inserts, in input order.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::index::Reference;
use super::matcher::StreamCmp;
use super::matcher::{self, max_anchor_files, Basis, Params, MIN_WORDS};
use super::signature::{Signature, Stream};
use super::{DupOptions, Hit, Other};

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

/// A posting list that costs one `u32` while it has one member: values below
/// [`MANY`] are the member itself, others index `many`.
const MANY: u32 = 1 << 31;

/// Members of hash-table keys: one entry inline, more in a shared arena.
#[derive(Default)]
struct Postings<K> {
    map: FxHashMap<K, u32>,
    many: Vec<Vec<u32>>,
}

impl<K: std::hash::Hash + Eq + Copy> Postings<K> {
    fn get(&self, k: K) -> &[u32] {
        match self.map.get(&k) {
            None => &[],
            Some(v) if *v & MANY != 0 => &self.many[(*v & !MANY) as usize],
            Some(v) => std::slice::from_ref(v),
        }
    }

    /// Adds `e` to the members of `k`, unless it already has `cap` members.
    fn push(&mut self, k: K, e: u32, cap: usize) {
        match self.map.get_mut(&k) {
            None => {
                self.map.insert(k, e);
            }
            Some(v) if *v & MANY != 0 => {
                let m = &mut self.many[(*v & !MANY) as usize];
                if m.len() < cap {
                    m.push(e);
                }
            }
            Some(v) => {
                if cap > 1 {
                    self.many.push(vec![*v, e]);
                    *v = MANY | (self.many.len() - 1) as u32;
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        let slot = std::mem::size_of::<K>() + 4 + 1;
        self.map.capacity() * slot + self.many.iter().map(|m| 24 + m.capacity() * 4).sum::<usize>()
    }
}

/// One stream of a newcomer, ready to be compared with sketches.
#[derive(Clone, Debug, Default)]
struct Side {
    /// Its distinct shingle hashes, sorted.
    set: Vec<u32>,
    /// `at_level[l]`: how many of them have their low `l` bits zero.
    at_level: Vec<u32>,
    /// Its distinct anchors: the keys it looks up.
    probes: Vec<u32>,
    /// What the index keeps of it.
    sketch: Stream,
}

impl Side {
    fn new(s: &Stream, cap: usize) -> Side {
        let mut set = s.hashes.clone();
        set.sort_unstable();
        set.dedup();
        let mut tz = [0u32; 33];
        for &h in &set {
            tz[h.trailing_zeros() as usize] += 1;
        }
        let mut at_level = vec![0u32; 33];
        let mut acc = 0;
        for l in (0..33).rev() {
            acc += tz[l];
            at_level[l] = acc;
        }
        let probes = set.iter().copied().filter(|&h| is_anchor(h)).collect();
        Side { sketch: sketch(s, cap), set, at_level, probes }
    }
}

/// At most `cap` of the shingle hashes of `s`, in text order: those whose low `level`
/// bits are zero, at the lowest level (not below that of `s`) at which they fit.
pub fn sketch(s: &Stream, cap: usize) -> Stream {
    let mut count = [0usize; 33];
    for &h in &s.hashes {
        count[h.trailing_zeros() as usize] += 1;
    }
    let mut level = s.level as usize;
    let mut kept: usize = count[level..].iter().sum();
    while kept > cap && level < 32 {
        kept -= count[level];
        level += 1;
    }
    if level == s.level as usize {
        return Stream { runs: Vec::new(), ..s.clone() };
    }
    let mask = level_mask(level as u8);
    let hashes = s.hashes.iter().copied().filter(|h| h & mask == 0).collect();
    Stream { k: s.k, level: level as u8, tokens: s.tokens, hashes, runs: Vec::new() }
}

/// A newcomer's signature with what [`Incremental::push`] needs precomputed; made on
/// a worker thread.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The full signature (to verify with, and to locate the newcomer's matching lines).
    pub sig: Signature,
    sides: [Side; 2],
}

impl Prepared {
    /// Prepares `sig` for the index.
    pub fn new(sig: Signature) -> Prepared {
        let sides = if sig.words < MIN_WORDS {
            [Side::default(), Side::default()]
        } else {
            [Side::new(&sig.word, SKETCH_WORD), Side::new(&sig.skel, SKETCH_SKEL)]
        };
        Prepared { sig, sides }
    }
}

/// Where the counts and sketch streams of one entry are.
#[derive(Clone, Copy)]
struct Entry {
    /// End of its name in `names`.
    name_end: u64,
    /// Start of its sketch hashes in `hashes` (word stream, then skeleton).
    at: u64,
    words: u32,
    kept_words: u32,
    streams: [Meta; 2],
}

#[derive(Clone, Copy)]
struct Meta {
    tokens: u32,
    k: u8,
    level: u8,
    len: u8,
    /// Anchors stored.
    anchors: u8,
}

impl Meta {
    fn of(s: &Stream, anchors: u8) -> Meta {
        Meta {
            tokens: s.tokens.min(u32::MAX as u64) as u32,
            k: s.k,
            level: s.level,
            len: s.hashes.len().min(u8::MAX as usize) as u8,
            anchors,
        }
    }
}

/// The sketches of the entries seen so far, and the tables that find candidates among them.
pub struct Incremental {
    params: Params,
    against: Option<Arc<Reference>>,
    entries: Vec<Entry>,
    names: String,
    hashes: Vec<u32>,
    anchors: [Postings<u32>; 2],
    cands: Vec<u32>,
}

impl Incremental {
    /// An empty index with the thresholds (and reference collection) of `opts`.
    pub fn new(opts: &DupOptions) -> Self {
        Incremental {
            params: opts.params(),
            against: opts.against.clone(),
            entries: Vec::new(),
            names: String::new(),
            hashes: Vec::new(),
            anchors: [Postings::default(), Postings::default()],
            cands: Vec::new(),
        }
    }

    /// Compares `p` with every entry added before (and the reference collection),
    /// then adds its sketch under `name`. Returns the verified hits, `this` set to the
    /// index the entry got (hits name earlier entries as [`Other::File`]); the hits'
    /// `a` side is `p.sig`.
    pub fn push(&mut self, name: &str, p: &Prepared) -> Vec<Hit> {
        if p.sig.words < MIN_WORDS {
            return Vec::new();
        }
        let this = self.entries.len();
        // Candidates: entries sharing a word anchor, or enough skeleton anchors, that are
        // not stock phrases.
        self.cands.clear();
        for (w, which) in [Basis::Words, Basis::Skeleton].into_iter().enumerate() {
            let max = max_anchor_files(which);
            for &h in &p.sides[w].probes {
                let g = self.anchors[w].get(h);
                if g.len() <= max {
                    self.cands.extend(g.iter().map(|&e| e << 1 | w as u32));
                }
            }
        }
        self.cands.sort_unstable();
        let mut kept = 0;
        let mut i = 0;
        while i < self.cands.len() {
            let key = self.cands[i];
            let n = self.cands[i..].iter().take_while(|&&c| c == key).count();
            i += n;
            let (e, w) = (key >> 1, (key & 1) as usize);
            if w == 1 && n < skeleton_anchors_needed(self.entries[e as usize].streams[1].anchors) {
                continue;
            }
            if kept == 0 || self.cands[kept - 1] != e {
                self.cands[kept] = e;
                kept += 1;
            }
        }
        self.cands.truncate(kept);
        let mut hits = Vec::new();
        for &e in &self.cands {
            if !self.plausible(p, e as usize) {
                continue;
            }
            let other = self.signature(e as usize);
            if let Some(v) = verify(&p.sig, &other, &self.params) {
                hits.push(Hit { this, other: Other::File(e as usize), verdict: v });
            }
        }
        if let Some(r) = &self.against {
            for e in r.candidates(&p.sig) {
                if let Some(v) = matcher::verify(&p.sig, &r.signature(e as usize), &self.params) {
                    hits.push(Hit { this, other: Other::Ref(e as usize), verdict: v });
                }
            }
        }
        // Add it.
        let e = this as u32;
        let at = self.hashes.len() as u64;
        let mut counts = [0u8; 2];
        for (w, which) in [Basis::Words, Basis::Skeleton].into_iter().enumerate() {
            let sk = &p.sides[w].sketch;
            self.hashes.extend_from_slice(&sk.hashes[..sk.hashes.len().min(u8::MAX as usize)]);
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
        self.entries.push(Entry {
            name_end: self.names.len() as u64,
            at,
            words: p.sig.words.min(u32::MAX as u64) as u32,
            kept_words: p.sig.kept_words.min(u32::MAX as u64) as u32,
            streams: [Meta::of(&p.sides[0].sketch, counts[0]), Meta::of(&p.sides[1].sketch, counts[1])],
        });
        hits
    }

    /// A quick estimate from the sorted hashes of `p`: could entry `e` match it?
    fn plausible(&self, p: &Prepared, e: usize) -> bool {
        let entry = &self.entries[e];
        let mut at = entry.at as usize;
        let thresholds = [self.params.near.min(self.params.contain), self.params.spin];
        let mut sample: Vec<u32> = Vec::new();
        for (w, side) in p.sides.iter().enumerate() {
            let m = entry.streams[w];
            let ours = &self.hashes[at..at + m.len as usize];
            at += m.len as usize;
            let level = m.level.max([p.sig.word.level, p.sig.skel.level][w]);
            let mask = level_mask(level);
            sample.clear();
            sample.extend(ours.iter().copied().filter(|h| h & mask == 0));
            sample.sort_unstable();
            sample.dedup();
            let x = side.at_level[level.min(32) as usize] as usize;
            let y = sample.len();
            if x == 0 || y == 0 {
                continue;
            }
            let inter = sample.iter().filter(|h| side.set.binary_search(h).is_ok()).count();
            let jaccard = inter as f64 / (x + y - inter) as f64;
            let share = inter as f64 / x.min(y) as f64;
            if jaccard.max(share) >= PLAUSIBLE * thresholds[w] {
                return true;
            }
        }
        false
    }

    /// The name entry `i` was added under.
    pub fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.entries[i - 1].name_end as usize };
        &self.names[start..self.entries[i].name_end as usize]
    }

    /// The sketch of entry `i` as a signature (sampled streams, no lines, no MinHash).
    pub fn signature(&self, i: usize) -> Signature {
        let e = &self.entries[i];
        let mut at = e.at as usize;
        let mut stream = |m: Meta| {
            let hashes = self.hashes[at..at + m.len as usize].to_vec();
            at += m.len as usize;
            Stream { k: m.k, level: m.level, tokens: m.tokens as u64, hashes, runs: Vec::new() }
        };
        let word = stream(e.streams[0]);
        let skel = stream(e.streams[1]);
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

    /// Entries stored (texts with at least [`MIN_WORDS`] words).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Approximate heap bytes held: sketches, names and tables.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.names.capacity()
            + self.hashes.capacity() * 4
            + self.anchors.iter().map(Postings::heap_bytes).sum::<usize>()
    }
}

/// Fewest sampled shingles of the smaller text a verdict on sketches may rest on.
pub const MIN_SAMPLES: usize = 16;

/// Verifies newcomer `a` (its full signature) against the sketch `b` of an earlier entry.
/// As [`matcher::verify`], with coverage estimated from the sampled shingles when a
/// stream is sampled ([`plain`], [`aligned`]); a verdict resting on fewer than
/// [`MIN_SAMPLES`] sampled shingles of the smaller text is dropped.
pub fn verify(a: &Signature, b: &Signature, p: &Params) -> Option<matcher::Verdict> {
    let v = matcher::verify_with(a, b, p, plain, aligned)?;
    let (sa, sb) = match v.basis {
        Basis::Words => (&a.word, &b.word),
        Basis::Skeleton => (&a.skel, &b.skel),
    };
    if !(sa.dense() && sb.dense()) {
        let mask = level_mask(sa.level.max(sb.level));
        let small = if v.a_smaller { sa } else { sb };
        let mut n: Vec<u32> = small.hashes.iter().copied().filter(|h| h & mask == 0).collect();
        n.sort_unstable();
        n.dedup();
        if n.len() < MIN_SAMPLES {
            return None;
        }
    }
    Some(v)
}

/// Estimated token position of unit `u` of a stream.
fn position(s: &Stream, u: usize) -> u32 {
    if s.dense() {
        u as u32
    } else {
        (u as u64 * s.tokens / s.hashes.len().max(1) as u64) as u32
    }
}

/// [`matcher::compare`] for streams of which one or both are sampled, with the covered
/// shares estimated as token coverage ([`refine`]).
pub fn plain(a: &Stream, b: &Stream) -> StreamCmp {
    if a.dense() && b.dense() {
        return matcher::compare(a, b);
    }
    let mut c = matcher::compare(a, b);
    if c.mask_a.is_empty() {
        return c;
    }
    let mask = level_mask(a.level.max(b.level));
    let set = |s: &Stream| {
        let mut v: Vec<u32> = s.hashes.iter().copied().filter(|h| h & mask == 0).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (sa, sb) = (set(a), set(b));
    let matched = |s: &Stream, other: &[u32]| -> Vec<bool> {
        s.hashes.iter().map(|h| h & mask == 0 && other.binary_search(h).is_ok()).collect()
    };
    let (ma, mb) = (matched(a, &sb), matched(b, &sa));
    refine(a, b, &ma, &mb, &mut c);
    c
}

/// [`matcher::compare_aligned`] for streams of which one or both are sampled: only
/// matches of `a` (the smaller text) inside one window of `b` about as long as `a`
/// count; a sampled shingle's position is estimated from its rank among the kept ones.
pub fn aligned(a: &Stream, b: &Stream) -> StreamCmp {
    if a.dense() && b.dense() {
        return matcher::compare_aligned(a, b);
    }
    let mut c = matcher::compare(a, b);
    if c.mask_a.is_empty() {
        return c;
    }
    let mask = level_mask(a.level.max(b.level));
    let mut at_b: Vec<(u32, u32)> =
        b.hashes.iter().enumerate().filter(|(_, h)| *h & mask == 0).map(|(j, &h)| (h, j as u32)).collect();
    at_b.sort_unstable();
    // (estimated token position in b, unit of b, unit of a).
    let mut m: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &h) in a.hashes.iter().enumerate() {
        if h & mask != 0 {
            continue;
        }
        let lo = at_b.partition_point(|x| x.0 < h);
        m.extend(
            at_b[lo..].iter().take_while(|x| x.0 == h).take(8).map(|x| (position(b, x.1 as usize), x.1, i as u32)),
        );
    }
    m.sort_unstable();
    let window = (a.tokens.min(u32::MAX as u64 / 2) as u32) * 3 / 2 + 50;
    let best = matcher::densest_window(&m, a.hashes.len(), window, |&(pos, _, i)| (pos, i as usize));
    let mut ma = vec![false; a.hashes.len()];
    let mut mb = vec![false; b.hashes.len()];
    for &(_, j, i) in &m[best] {
        ma[i as usize] = true;
        mb[j as usize] = true;
    }
    refine(a, b, &ma, &mb, &mut c);
    c
}

/// Sets the masks and covered shares of `c` from the matched units `ma`, `mb` of two
/// streams compared at the level of the sparser: a share is that of the sampled
/// shingles found in the other text; in a full stream each sampled shingle's verdict
/// stands for the tokens nearest to it ([`spread`]), so matching parts are whole stretches.
fn refine(a: &Stream, b: &Stream, ma: &[bool], mb: &[bool], c: &mut StreamCmp) {
    let mask = level_mask(a.level.max(b.level));
    let side = |s: &Stream, m: &[bool]| -> (Vec<bool>, f64, usize) {
        let samples: Vec<(u32, bool)> =
            (0..s.hashes.len()).filter(|&u| s.hashes[u] & mask == 0).map(|u| (position(s, u), m[u])).collect();
        let n = samples.iter().filter(|x| x.1).count();
        let share = n as f64 / samples.len().max(1) as f64;
        let units = if s.dense() { spread(&samples, s.tokens as usize) } else { m.to_vec() };
        (units, share, (share * s.tokens as f64).round() as usize)
    };
    (c.mask_a, c.cov_a, c.tokens_a) = side(a, ma);
    (c.mask_b, c.cov_b, c.tokens_b) = side(b, mb);
}

/// Tokens (of `tokens`) nearest to a matched sample: `(position, matched)` in text order.
pub fn spread(samples: &[(u32, bool)], tokens: usize) -> Vec<bool> {
    let mut out = vec![false; tokens];
    for (j, &(p, matched)) in samples.iter().enumerate() {
        if !matched {
            continue;
        }
        let p = p as usize;
        let from = if j == 0 { 0 } else { (samples[j - 1].0 as usize + p).div_ceil(2) };
        let to = match samples.get(j + 1) {
            Some(&(next, _)) => (p + next as usize).div_ceil(2),
            None => tokens,
        };
        out[from.min(tokens)..to.min(tokens)].fill(true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::signature::signature_of;
    use super::*;
    use crate::check::DuplicateKind;

    fn article(topic: &str, n: usize) -> String {
        format!(
            "The {topic} committee met on Monday number {n} to review the budget for the coming year. \
             Members spent most of the session on the cost of repairs to the old library roof and the \
             heating in the town hall. A vote on the proposal was put off until the next meeting, when \
             the treasurer will present revised figures for {topic} and a plan to spread the cost over \
             three years instead of one."
        )
    }

    /// A long text of numbered sentences on `topic` (`n` of them), all different.
    fn long(topic: &str, n: usize) -> String {
        let o = topic.bytes().map(usize::from).sum::<usize>() * 1000;
        (0..n)
            .map(|i| {
                format!(
                    "On day {i} the {topic} crew checked gauge {} and wrote down reading {} before lunch. ",
                    o + i * 7 + 3,
                    o + i * 13 + 1
                )
            })
            .collect()
    }

    fn push(ix: &mut Incremental, name: &str, text: &str) -> Vec<Hit> {
        ix.push(name, &Prepared::new(signature_of(text, 5)))
    }

    #[test]
    fn a_later_copy_reports_the_earlier_one_only() {
        let mut ix = Incremental::new(&DupOptions::default());
        let a = article("harbour", 1);
        let other = "Completely different words about gardens, roses and the weather in spring, \
                     which was warm and dry this year so the tulips came out early and the bees were busy \
                     from the middle of March until the end of May in every garden of the valley.";
        assert!(push(&mut ix, "a", &a).is_empty());
        assert!(push(&mut ix, "b", other).is_empty());
        let hits = push(&mut ix, "c", &a.replace("Monday", "Tuesday"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].this, 2);
        assert!(matches!(hits[0].other, Other::File(0)));
        assert_eq!(hits[0].verdict.kind, DuplicateKind::NearDuplicate);
        assert_eq!(ix.lookup(hits[0].other).0, "a");
        assert_eq!((ix.name(1), ix.name(2), ix.len()), ("b", "c", 3));
        assert!(ix.heap_bytes() > 0);
    }

    #[test]
    fn short_texts_are_not_stored() {
        let mut ix = Incremental::new(&DupOptions::default());
        assert!(push(&mut ix, "s", "too short to match").is_empty());
        assert!(ix.is_empty());
    }

    #[test]
    fn sketches_are_bounded_and_consistent() {
        let s = signature_of(&long("river", 200), 5);
        let k = sketch(&s.word, SKETCH_WORD);
        assert!(k.level > 0 && k.hashes.len() <= SKETCH_WORD && k.hashes.len() > SKETCH_WORD / 4, "{k:?}");
        let mask = level_mask(k.level);
        let want: Vec<u32> = s.word.hashes.iter().copied().filter(|h| h & mask == 0).collect();
        assert_eq!(k.hashes, want, "the sampled shingles, in text order");
        assert_eq!(k.tokens, s.word.tokens);
        // A short stream is kept whole.
        let s = signature_of(&article("port", 2), 5);
        let p = Prepared::new(signature_of(&article("port", 2), 5));
        assert!(s.word.hashes.len() > SKETCH_WORD || p.sides[0].sketch.dense());
        let tiny = signature_of("one two three four five six seven eight nine ten", 5);
        assert_eq!(sketch(&tiny.word, SKETCH_WORD).hashes, tiny.word.hashes);
    }

    #[test]
    fn a_long_copy_is_estimated_near_its_true_similarity() {
        let mut ix = Incremental::new(&DupOptions::default());
        let a = long("harbour", 300);
        let edited = a.replace("day 1 ", "day one ").replace("day 15 ", "day fifteen ").replace("day 52 ", "day x ");
        let exact = matcher::verify(&signature_of(&edited, 5), &signature_of(&a, 5), &ix.params).unwrap();
        assert!(push(&mut ix, "a", &a).is_empty());
        let p = Prepared::new(signature_of(&edited, 5));
        let hits = ix.push("b", &p);
        assert_eq!(hits.len(), 1);
        let v = &hits[0].verdict;
        assert_eq!(v.kind, DuplicateKind::NearDuplicate);
        assert!((v.similarity - exact.similarity).abs() < 0.1, "{} vs {}", v.similarity, exact.similarity);
        // The newcomer's matching tokens are whole stretches, not the sampled shingles.
        let share = v.words.mask_a.iter().filter(|&&m| m).count() as f64 / v.words.mask_a.len() as f64;
        assert!(share > 0.9, "{share}");
    }

    #[test]
    fn containment_both_ways_and_unrelated_texts() {
        let mut ix = Incremental::new(&DupOptions::default());
        let small = article("orchard", 3);
        let big = format!("{}{small} {}", long("ferry", 20), long("bridge", 20));
        assert!(push(&mut ix, "small", &small).is_empty());
        let hits = push(&mut ix, "big", &big);
        assert_eq!(hits.len(), 1, "a long text holding an earlier short one");
        assert_eq!(hits[0].verdict.kind, DuplicateKind::Contained);
        assert!(!hits[0].verdict.a_smaller);
        assert!(push(&mut ix, "other", &long("tunnel", 40)).is_empty(), "same template, other numbers");
        let hits = push(&mut ix, "again", &small.replace("Monday", "Friday"));
        assert!(hits.iter().any(|h| matches!(h.other, Other::File(0))), "the short text again");
    }

    #[test]
    fn memory_per_entry_is_bounded() {
        let mut ix = Incremental::new(&DupOptions::default());
        for i in 0..2000 {
            push(&mut ix, &format!("d{i}"), &long(&format!("t{i}"), 30));
        }
        let per = ix.heap_bytes() / ix.len();
        assert!(per < 600, "{per} bytes per entry");
    }

    #[test]
    fn postings_inline_one_member() {
        let mut p: Postings<u32> = Postings::default();
        p.push(5, 1, 3);
        assert_eq!(p.get(5), &[1]);
        p.push(5, 2, 3);
        p.push(5, 3, 3);
        p.push(5, 4, 3);
        assert_eq!(p.get(5), &[1, 2, 3]);
        assert!(p.get(9).is_empty());
        p.push(6, 1, 1);
        p.push(6, 2, 1);
        assert_eq!(p.get(6), &[1]);
    }
}
