//! Candidates and verification: which files to compare, and how they match.
//!
//! Candidates come from two sources, so that neither resemblance nor containment
//! nor spinning is missed:
//! - **LSH**: files sharing a MinHash band key (catches high Jaccard resemblance,
//!   including large clusters of exact copies);
//! - **anchors**: consistently sampled shingles (1 in 8, chosen by hash, so the same
//!   shingle is an anchor in every file). Files sharing enough word anchors (a small
//!   file inside a large one has Jaccard far below any threshold) or skeleton anchors
//!   (a spun copy shares few word shingles) are candidates. Anchors found in more than
//!   [`max_anchor_files`] files are stock phrases, not evidence, and are skipped.
//!
//! Every candidate pair is then verified exactly on the stored shingles.

use std::cmp::Ordering;
use std::ops::Range;

use rayon::slice::ParallelSliceMut;

use crate::check::DuplicateKind;
use crate::filter::filter_bit;

use super::lsh::LshParams;
use super::signature::{Signature, Stream};

/// Word anchors shared by more files than this are ignored.
pub const MAX_ANCHOR_FILES: usize = 64;
/// Skeleton anchors shared by more files than this are ignored (a skeleton shingle is
/// far less specific than a word shingle).
pub const MAX_SKELETON_ANCHOR_FILES: usize = 16;

/// The most files an anchor of a stream may be in and still count.
pub fn max_anchor_files(which: Basis) -> usize {
    match which {
        Basis::Words => MAX_ANCHOR_FILES,
        Basis::Skeleton => MAX_SKELETON_ANCHOR_FILES,
    }
}
/// Band groups larger than this are linked as a star from their first members.
pub const MAX_BAND_GROUP: usize = 256;
/// Files with fewer words are never matched.
pub const MIN_WORDS: u64 = 20;
/// A match must cover at least this many tokens (words, or skeleton tokens) of the smaller file.
pub const MIN_MATCH_TOKENS: usize = 20;
/// Share of the larger file that must lie before or after the copy of the smaller
/// (a header, a comment thread) for `contained` rather than `near-duplicate`.
pub const CONTAIN_MARGIN: f64 = 0.15;
/// For a spun copy, how much more of the smaller file the skeleton must cover than
/// the words do.
pub const SPIN_GAP: f64 = 0.1;
/// For a spun copy, the share of the smaller file's skeleton tokens that must be
/// function words or numbers rather than placeholders and punctuation (about half in
/// prose and in financial briefs, far fewer in lists of names and titles).
pub const MIN_KEPT_SHARE: f64 = 0.3;
/// For `contained`, how much more of the smaller file than of the larger must be matched.
pub const ASYMMETRY: f64 = 0.1;
/// Unmatched tokens that separate two clusters of matching parts.
pub const CLUSTER_GAP: usize = 40;

/// Thresholds of the matcher.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Jaccard similarity of word shingles at or above which two files are near-duplicates.
    pub near: f64,
    /// Share of the smaller file found in the larger at or above which it is contained.
    pub contain: f64,
    /// Share of the smaller file's skeleton found in the other for a spun copy.
    pub spin: f64,
    /// LSH bands and rows.
    pub lsh: LshParams,
}

/// Which stream a verdict was decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Word shingles.
    Words,
    /// Skeleton shingles.
    Skeleton,
}

/// Measurements of one stream of a pair.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StreamCmp {
    /// Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Share of `a` covered by shingles found in `b`.
    pub cov_a: f64,
    /// Share of `b` covered by shingles found in `a`.
    pub cov_b: f64,
    /// Covered units of `a` (tokens, or kept shingles when sampled).
    pub mask_a: Vec<bool>,
    /// Covered units of `b`.
    pub mask_b: Vec<bool>,
    /// Covered tokens of `a` (estimated when sampled).
    pub tokens_a: usize,
    /// Covered tokens of `b` (estimated when sampled).
    pub tokens_b: usize,
}

/// How two files match, seen from both.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The kind of match.
    pub kind: DuplicateKind,
    /// Similarity reported, 0..=1: Jaccard for near-duplicates, the share of the
    /// smaller file found in the larger for `contained`, the share of the smaller
    /// file's skeleton found in the other for spun copies.
    pub similarity: f64,
    /// The stream the verdict rests on (its masks locate the matching parts).
    pub basis: Basis,
    /// Word stream measurements.
    pub words: StreamCmp,
    /// Skeleton stream measurements.
    pub skel: StreamCmp,
    /// True if `a` is the smaller file (by words).
    pub a_smaller: bool,
}

impl Verdict {
    /// The measurements of the stream the verdict rests on.
    pub fn basis_cmp(&self) -> &StreamCmp {
        match self.basis {
            Basis::Words => &self.words,
            Basis::Skeleton => &self.skel,
        }
    }
}

fn sorted_set(hashes: &[u32], mask: u32) -> Vec<u32> {
    let mut v: Vec<u32> = hashes.iter().copied().filter(|h| h & mask == 0).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Largest set [`Probe`] puts its filter in front of (at most a quarter of its bits set).
const FILTERED_MAX: usize = 1024;

/// A sorted set of hashes to look up many hashes in, with a 4,096-bit filter in front
/// when the set is small and the lookups many: most hashes of a long text looked up
/// in a short one's set are not there, and the filter turns them away without a
/// binary search. Answers are those of the binary search alone.
pub struct Probe<'a> {
    set: &'a [u32],
    bits: [u64; 64],
    filtered: bool,
}

impl<'a> Probe<'a> {
    /// A probe of `set` (sorted) for about `lookups` lookups.
    pub fn new(set: &'a [u32], lookups: usize) -> Self {
        let mut bits = [0u64; 64];
        let filtered = set.len() <= FILTERED_MAX && lookups > set.len();
        if filtered {
            for &h in set {
                let b = Self::slot(h);
                bits[b >> 6] |= 1 << (b & 63);
            }
        }
        Probe { set, bits, filtered }
    }

    /// The filter bit of `h`.
    #[inline]
    fn slot(h: u32) -> usize {
        filter_bit(h, 12)
    }

    /// True if `h` is in the set.
    #[inline]
    pub fn contains(&self, h: u32) -> bool {
        if self.filtered {
            let b = Self::slot(h);
            if self.bits[b >> 6] >> (b & 63) & 1 == 0 {
                return false;
            }
        }
        self.set.binary_search(&h).is_ok()
    }
}

/// Marks the units of `s` covered by its shingles found in `other` (at sampling `mask`);
/// returns the mask, the covered share, and the covered tokens (estimated when sampled).
fn cover(s: &Stream, mask: u32, other: &[u32]) -> (Vec<bool>, f64, usize) {
    let other = Probe::new(other, s.hashes.len());
    let matched: Vec<bool> = s.hashes.iter().map(|&h| h & mask == 0 && other.contains(h)).collect();
    if s.dense() && mask == 0 {
        return dense_cover(s, &matched);
    }
    let eligible = s.hashes.iter().filter(|&&h| h & mask == 0).count();
    let n = matched.iter().filter(|&&x| x).count();
    let share = if eligible == 0 { 0.0 } else { n as f64 / eligible as f64 };
    let m = if s.dense() { s.coverage_mask(&matched) } else { matched };
    (m, share, (share * s.tokens as f64).round() as usize)
}

/// `cover` of a dense stream at sampling mask 0, given its matched shingles: the
/// covered tokens, their share, and their number.
pub fn dense_cover(s: &Stream, matched: &[bool]) -> (Vec<bool>, f64, usize) {
    let m = s.coverage_mask(matched);
    let n = m.iter().filter(|&&x| x).count();
    let share = if m.is_empty() { 0.0 } else { n as f64 / m.len() as f64 };
    (m, share, n)
}

/// Compares one stream of two files exactly.
pub fn compare(a: &Stream, b: &Stream) -> StreamCmp {
    let level = a.level.max(b.level);
    let mask = if level >= 32 { u32::MAX } else { (1u32 << level) - 1 };
    compare_sets(a, b, &sorted_set(&a.hashes, mask), &sorted_set(&b.hashes, mask))
}

/// [`compare`] given the distinct hashes of either stream at the sampling level of
/// the sparser, sorted (for a caller that keeps one side sorted across many pairs).
pub fn compare_sets(a: &Stream, b: &Stream, sa: &[u32], sb: &[u32]) -> StreamCmp {
    let level = a.level.max(b.level);
    let mask = if level >= 32 { u32::MAX } else { (1u32 << level) - 1 };
    if sa.is_empty() || sb.is_empty() {
        return StreamCmp::default();
    }
    let jaccard = jaccard_sets(sa, sb);
    let (mask_a, cov_a, tokens_a) = cover(a, mask, sb);
    let (mask_b, cov_b, tokens_b) = cover(b, mask, sa);
    StreamCmp { jaccard, cov_a, cov_b, mask_a, mask_b, tokens_a, tokens_b }
}

/// Jaccard similarity of two sorted sets of distinct hashes, neither empty.
pub fn jaccard_sets(sa: &[u32], sb: &[u32]) -> f64 {
    let inter = intersection(sa, sb);
    inter as f64 / (sa.len() + sb.len() - inter) as f64
}

/// The same measurements seen from the other file.
pub fn flip(c: StreamCmp) -> StreamCmp {
    StreamCmp {
        jaccard: c.jaccard,
        cov_a: c.cov_b,
        cov_b: c.cov_a,
        mask_a: c.mask_b,
        mask_b: c.mask_a,
        tokens_a: c.tokens_b,
        tokens_b: c.tokens_a,
    }
}

/// Like [`compare`], but a copy is one stretch of text: only matches of `a` (the
/// smaller file) that fall inside one window of `b` about as long as `a` count. Stock
/// sequences that a short file shares with scattered places of a long one do not add
/// up to a copy. Sampled streams fall back to [`compare`].
pub fn compare_aligned(a: &Stream, b: &Stream) -> StreamCmp {
    let level = a.level.max(b.level);
    let mask = if level >= 32 { u32::MAX } else { (1u32 << level) - 1 };
    compare_aligned_sets(a, b, &sorted_set(&a.hashes, mask), &sorted_set(&b.hashes, mask))
}

/// [`compare_aligned`] given the sorted distinct hashes of either stream, as
/// [`compare_sets`]. Only the shingles of `b` found in `a` are sorted by position.
pub fn compare_aligned_sets(a: &Stream, b: &Stream, sa: &[u32], sb: &[u32]) -> StreamCmp {
    let mut c = compare_sets(a, b, sa, sb);
    if !(a.dense() && b.dense()) || c.mask_a.is_empty() {
        return c;
    }
    let best = aligned_matches(a, b, sa);
    let mut ma = vec![false; a.hashes.len()];
    let mut mb = vec![false; b.hashes.len()];
    for &(j, i) in &best {
        ma[i as usize] = true;
        mb[j as usize] = true;
    }
    c.mask_a = a.coverage_mask(&ma);
    c.mask_b = b.coverage_mask(&mb);
    (c.cov_a, c.tokens_a) = aligned_share(&c.mask_a);
    (c.cov_b, c.tokens_b) = aligned_share(&c.mask_b);
    c
}

/// The matches [`compare_aligned_sets`] counts, for dense streams: `(shingle of b,
/// shingle of a)` for the shingles of `a` (the smaller file; `sa` its distinct hashes,
/// sorted) found inside the one window of `b` that holds the most of them.
pub fn aligned_matches(a: &Stream, b: &Stream, sa: &[u32]) -> Vec<(u32, u32)> {
    let in_a = Probe::new(sa, b.hashes.len());
    let mut at_b: Vec<(u32, u32)> =
        b.hashes.iter().enumerate().filter(|&(_, &h)| in_a.contains(h)).map(|(j, &h)| (h, j as u32)).collect();
    at_b.sort_unstable();
    // (position in b, shingle of a), a few positions per repeated shingle.
    let mut m: Vec<(u32, u32)> = Vec::new();
    for (i, &h) in a.hashes.iter().enumerate() {
        let lo = at_b.partition_point(|x| x.0 < h);
        m.extend(at_b[lo..].iter().take_while(|x| x.0 == h).take(8).map(|x| (x.1, i as u32)));
    }
    m.sort_unstable();
    let window = (a.hashes.len() * 3 / 2 + 50) as u32;
    let best = densest_window(&m, a.hashes.len(), window, |&(j, i)| (j, i as usize));
    m.truncate(best.end);
    m.drain(..best.start);
    m
}

/// The share of a coverage mask [`compare_aligned_sets`] gives, and its covered units.
pub fn aligned_share(m: &[bool]) -> (f64, usize) {
    let n = m.iter().filter(|&&x| x).count();
    (n as f64 / m.len().max(1) as f64, n)
}

/// Verifies a candidate pair; `None` if they do not match.
pub fn verify(a: &Signature, b: &Signature, p: &Params) -> Option<Verdict> {
    verify_with(a, b, p, compare, compare_aligned)
}

/// [`verify`], comparing word streams with `plain` instead of [`compare`] and skeletons
/// (smaller file first) with `aligned` instead of [`compare_aligned`].
pub fn verify_with(
    a: &Signature,
    b: &Signature,
    p: &Params,
    plain: impl Fn(&Stream, &Stream) -> StreamCmp,
    aligned: impl Fn(&Stream, &Stream) -> StreamCmp,
) -> Option<Verdict> {
    if a.words < MIN_WORDS || b.words < MIN_WORDS {
        return None;
    }
    let a_smaller = (a.words, 0) <= (b.words, 1);
    let words = plain(&a.word, &b.word);
    let (c_small, c_large, t_small, large) = if a_smaller {
        (words.cov_a, words.cov_b, words.tokens_a, &words.mask_b)
    } else {
        (words.cov_b, words.cov_a, words.tokens_b, &words.mask_a)
    };
    let verdict = |kind, similarity, basis, words, skel| Verdict { kind, similarity, basis, words, skel, a_smaller };
    let enough = t_small >= MIN_MATCH_TOKENS;
    let near = enough && words.jaccard >= p.near;
    // Contained: the smaller is (almost) all inside the larger, which has clearly more
    // text of its own: around the copy (a header, a comment thread), or anywhere if the
    // two are neither near-duplicates nor a spun copy.
    let inside = enough && c_small >= p.contain && c_small - c_large >= ASYMMETRY;
    let dense = a.word.dense() && b.word.dense();
    if inside && outside(large, dense) >= CONTAIN_MARGIN {
        return Some(verdict(DuplicateKind::Contained, c_small, Basis::Words, words, StreamCmp::default()));
    }
    if near {
        let j = words.jaccard;
        return Some(verdict(DuplicateKind::NearDuplicate, j, Basis::Words, words, StreamCmp::default()));
    }
    let (s_small, s_tokens, skel) = if a_smaller {
        let c = aligned(&a.skel, &b.skel);
        (c.cov_a, c.tokens_a, c)
    } else {
        let c = flip(aligned(&b.skel, &a.skel));
        (c.cov_b, c.tokens_b, c)
    };
    // A spun copy: the skeleton matches clearly better than the words (they were
    // swapped), and the skeleton is that of prose (lists, tables and indexes of
    // names and numbers share their punctuation pattern with any other list).
    let small = if a_smaller { a } else { b };
    let prose = small.kept_words as f64 >= MIN_KEPT_SHARE * small.skel.tokens as f64;
    if s_tokens >= MIN_MATCH_TOKENS && s_small >= p.spin && s_small - c_small >= SPIN_GAP && prose {
        return Some(verdict(DuplicateKind::SpunCopy, s_small, Basis::Skeleton, words, skel));
    }
    if inside {
        return Some(verdict(DuplicateKind::Contained, c_small, Basis::Words, words, skel));
    }
    None
}

/// Share of the units of `mask` outside the copy: before the first or after the last
/// cluster of matching parts (parts less than [`CLUSTER_GAP`] tokens apart) that
/// holds at least a tenth of the matched units. Stray matches far from the copy — a
/// sentence of the article quoted in its comment thread — do not move its ends.
fn outside(mask: &[bool], dense: bool) -> f64 {
    if mask.is_empty() {
        return 1.0;
    }
    let gap = if dense { CLUSTER_GAP } else { (mask.len() / 20).max(2) };
    let clusters = super::clusters(mask, gap);
    let total: usize = clusters.iter().map(|c| c.2).sum();
    let mut big = clusters.iter().filter(|c| c.2 * 10 >= total);
    match (big.next(), big.next_back()) {
        (Some(f), l) => {
            let end = l.map_or(f.1, |l| l.1);
            (f.0 + mask.len() - end) as f64 / mask.len() as f64
        }
        _ => 1.0,
    }
}

/// Distinct anchors of a stream: the 1 in 8 shingle hashes whose top three bits are zero.
pub fn anchors(s: &Stream, out: &mut Vec<u32>) {
    out.clear();
    out.extend(s.hashes.iter().copied().filter(|h| h >> 29 == 0));
    out.sort_unstable();
    out.dedup();
}

/// Shared anchors needed for two files with `na` and `nb` usable anchors (anchors not
/// in more than [`max_anchor_files`] files) to be a candidate pair.
pub fn anchors_needed(na: usize, nb: usize) -> usize {
    let small = na.min(nb);
    (small * 3).div_ceil(10).max(2)
}

#[inline]
fn pair(i: u32, j: u32) -> u64 {
    let (a, b) = if i < j { (i, j) } else { (j, i) };
    ((a as u64) << 32) | b as u64
}

/// Pairs of files (by index into `sigs`) worth verifying, sorted, each once.
pub fn candidates(sigs: &[&Signature], lsh: &LshParams) -> Vec<(u32, u32)> {
    let mut out: Vec<u64> = Vec::new();
    // LSH bands.
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(sigs.len() * lsh.bands);
    let mut buf = Vec::new();
    for (i, s) in sigs.iter().enumerate() {
        if s.words < MIN_WORDS {
            continue;
        }
        lsh.keys(&s.minhash, &mut buf);
        keys.extend(buf.iter().map(|&k| (k, i as u32)));
    }
    keys.par_sort_unstable();
    for g in keys.chunk_by(|x, y| x.0 == y.0) {
        link_group(g.iter().map(|x| x.1), g.len(), &mut out);
    }
    drop(keys);
    // Anchors, per stream.
    let mut buf: Vec<u32> = Vec::new();
    for which in [Basis::Words, Basis::Skeleton] {
        // (anchor, file) packed as `anchor << 32 | file`: sorted as the pair would be,
        // and one comparison a step.
        let mut posts: Vec<u64> = Vec::new();
        let mut counts = vec![0u32; sigs.len()];
        for (i, s) in sigs.iter().enumerate() {
            if s.words < MIN_WORDS {
                continue;
            }
            let st = if which == Basis::Words { &s.word } else { &s.skel };
            anchors(st, &mut buf);
            posts.extend(buf.iter().map(|&h| (h as u64) << 32 | i as u64));
        }
        posts.par_sort_unstable();
        let mut shared: Vec<u64> = Vec::new();
        let file = |x: u64| x as u32;
        for g in posts.chunk_by(|x, y| x >> 32 == y >> 32) {
            if g.len() > max_anchor_files(which) {
                continue;
            }
            // Only anchors that are not stock phrases count towards what a pair needs.
            for &a in g {
                counts[file(a) as usize] += 1;
            }
            for (x, &a) in g.iter().enumerate() {
                for &b in &g[x + 1..] {
                    shared.push(pair(file(a), file(b)));
                }
            }
        }
        drop(posts);
        shared.par_sort_unstable();
        for g in shared.chunk_by(|x, y| x == y) {
            let (i, j) = ((g[0] >> 32) as usize, (g[0] & 0xffff_ffff) as usize);
            if g.len() >= anchors_needed(counts[i] as usize, counts[j] as usize) {
                out.push(g[0]);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.into_iter().map(|x| ((x >> 32) as u32, x as u32)).collect()
}

/// Pairs every member of a band group (a star from the first members if it is huge).
fn link_group(members: impl Iterator<Item = u32> + Clone, len: usize, out: &mut Vec<u64>) {
    if len < 2 {
        return;
    }
    let m: Vec<u32> = members.collect();
    if len <= MAX_BAND_GROUP {
        for (x, &a) in m.iter().enumerate() {
            for &b in &m[x + 1..] {
                if a != b {
                    out.push(pair(a, b));
                }
            }
        }
    } else {
        for &hub in &m[..8] {
            for &b in &m {
                if hub != b {
                    out.push(pair(hub, b));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::signature::signature_of;
    use super::*;

    const ARTICLE: &str = "The harbour council met on Tuesday to discuss the plan for a new ferry terminal. \
        Members argued for three hours about the cost of dredging the channel and the noise of the works. \
        In the end they voted by seven to four to ask the port authority for a fresh survey of the seabed. \
        The survey is expected to take two months and will be paid for out of the reserve fund. \
        Local traders said they welcomed the delay because the summer season would not be disturbed. \
        A spokesman for the ferry company declined to comment on the vote but said talks would continue.";

    fn params() -> Params {
        Params { near: 0.5, contain: 0.8, spin: 0.8, lsh: LshParams::for_threshold(0.5) }
    }

    #[test]
    fn identical_files_are_near_duplicates() {
        let a = signature_of(ARTICLE, 5);
        let v = verify(&a, &a, &params()).unwrap();
        assert_eq!(v.kind, DuplicateKind::NearDuplicate);
        assert_eq!(v.similarity, 1.0);
    }

    #[test]
    fn a_file_inside_a_longer_one_is_contained() {
        let long = format!(
            "Posted by the editors.\n\n{ARTICLE}\n\nComments\n\nI have lived by the harbour for forty years and never \
             seen the council agree on anything quickly. Good luck to them with the survey. Another reader wrote that \
             the ferry should have been moved years ago, before the traffic got so bad in the old town centre, and \
             that the whole plan was a waste of money that could go to schools and the hospital instead."
        );
        let (a, b) = (signature_of(ARTICLE, 5), signature_of(&long, 5));
        let v = verify(&a, &b, &params()).unwrap();
        assert_eq!(v.kind, DuplicateKind::Contained);
        assert!(v.similarity > 0.95);
        assert!(v.a_smaller);
    }

    #[test]
    fn a_synonym_swapped_copy_is_spun() {
        let spun = ARTICLE
            .replace("met", "convened")
            .replace("discuss", "talk about")
            .replace("argued", "quarrelled")
            .replace("hours", "periods")
            .replace("cost", "price")
            .replace("voted", "balloted")
            .replace("fresh", "new")
            .replace("expected", "anticipated")
            .replace("paid", "settled")
            .replace("traders", "merchants")
            .replace("welcomed", "embraced")
            .replace("declined", "refused")
            .replace("continue", "proceed");
        let (a, b) = (signature_of(ARTICLE, 5), signature_of(&spun, 5));
        let v = verify(&a, &b, &params()).unwrap();
        assert_eq!(v.kind, DuplicateKind::SpunCopy, "{v:?}");
        assert!(v.words.jaccard < 0.5);
    }

    #[test]
    fn different_text_on_the_same_topic_is_not_matched() {
        let other =
            "A new ferry terminal for the harbour was approved by the council last spring after a long debate. \
            The port authority had warned that the seabed was too shallow for the larger boats used in summer. \
            Dredging will begin in October, and traders have been told to expect some noise near the old quay. \
            The ferry company welcomed the decision and said it would add two crossings a day from next year.";
        let (a, b) = (signature_of(ARTICLE, 5), signature_of(other, 5));
        assert_eq!(verify(&a, &b, &params()), None);
    }

    #[test]
    fn short_files_are_ignored() {
        let a = signature_of("Thank you for reading.", 5);
        assert_eq!(verify(&a, &a, &params()), None);
    }

    #[test]
    fn candidates_find_copies_and_containment() {
        let long = format!("{ARTICLE} {}", "Some unrelated words follow here to make it longer. ".repeat(30));
        let texts = [
            ARTICLE.to_string(),
            "Completely different text about gardening and roses in the spring. ".repeat(5),
            long,
        ];
        let sigs: Vec<Signature> = texts.iter().map(|t| signature_of(t, 5)).collect();
        let refs: Vec<&Signature> = sigs.iter().collect();
        let c = candidates(&refs, &params().lsh);
        assert!(c.contains(&(0, 2)), "{c:?}");
        assert!(!c.contains(&(0, 1)));
    }
}

/// The run of `m` (sorted by position) spanning less than `window` positions that
/// holds the most distinct shingles of the first side; `key` gives an item's position
/// and shingle index (below `n`). The first such run wins.
pub fn densest_window<T>(m: &[T], n: usize, window: u32, key: impl Fn(&T) -> (u32, usize)) -> Range<usize> {
    let mut count = vec![0u32; n];
    let (mut distinct, mut lo, mut best) = (0usize, 0usize, (0usize, 0..0));
    for hi in 0..m.len() {
        let (pos, i) = key(&m[hi]);
        distinct += usize::from(count[i] == 0);
        count[i] += 1;
        while pos - key(&m[lo]).0 >= window {
            let i = key(&m[lo]).1;
            count[i] -= 1;
            distinct -= usize::from(count[i] == 0);
            lo += 1;
        }
        if distinct > best.0 {
            best = (distinct, lo..hi + 1);
        }
    }
    best.1
}

#[cfg(test)]
mod prop {
    use super::super::signature::signature_of;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_compares_without_panic(a in "\\PC{0,300}", b in "(\\PC|\n| ){0,300}") {
            let p = Params { near: 0.5, contain: 0.8, spin: 0.8, lsh: LshParams::for_threshold(0.5) };
            let (sa, sb) = (signature_of(&a, 5), signature_of(&b, 3));
            let _ = verify(&sa, &sb, &p);
            let _ = verify(&sa, &sa, &p);
            let _ = candidates(&[&sa, &sb], &p.lsh);
        }

        #[test]
        fn a_probe_answers_as_the_binary_search(
            set in proptest::collection::vec(any::<u32>(), 0..1500),
            low_zero in 0u32..12,
            lookups in proptest::collection::vec(any::<u32>(), 0..3000),
        ) {
            // Sampled hashes have their low bits zero: so do some sets and lookups here.
            let mask = !((1u32 << low_zero) - 1);
            let mut set: Vec<u32> = set.into_iter().map(|h| h & mask).collect();
            set.sort_unstable();
            set.dedup();
            let probe = Probe::new(&set, lookups.len());
            for &h in lookups.iter().chain(&set) {
                for h in [h, h & mask] {
                    prop_assert_eq!(probe.contains(h), set.binary_search(&h).is_ok());
                }
            }
        }
    }
}
