//! A reference collection: the signatures of many files, stored so that a few new
//! files can be checked against it without rereading the collection.
//!
//! The same byte layout serves an index file written by `garbled index build` and a
//! collection read from disk by `--against DIR`; nothing is parsed up front: lookups
//! binary-search the sorted tables in place, and only candidate entries are decoded.
//!
//! ```text
//! header (64 bytes, little-endian)
//!   0  magic     b"GRBLDUP\0"
//!   8  version   u32          FORMAT_VERSION
//!  12  k         u32          word shingle size
//!  16  skel_k    u32          skeleton shingle size
//!  20  perms     u32          MinHash values the band keys use (bands x rows)
//!  24  bands     u32
//!  28  rows      u32
//!  32  n         u32          entries
//!  36  checksum  u32          CRC-32 of everything after the header
//!  40  n_bands   u32          band-key records
//!  44  n_wanch   u32          word-anchor records
//!  48  n_sanch   u32          skeleton-anchor records
//!  52  entries   u64          bytes of the entries section
//!  60  paths     u32          bytes of the paths section
//! entry offsets  (n + 1) x u64, into the entries section
//! entries        per entry: words u64, word tokens u64, skeleton tokens u64,
//!                kept words u64, word level u8, skeleton level u8, 2 bytes zero,
//!                n_word u32, n_skel u32,
//!                n_word x u32 word shingle hashes, n_skel x u32 skeleton shingle hashes
//! path offsets   (n + 1) x u32, into the paths section
//! paths          UTF-8
//! bands          n_bands x (key u64, entry u32), sorted
//! word anchors   n_wanch x (hash u32, entry u32), sorted
//! skel anchors   n_sanch x (hash u32, entry u32), sorted
//! anchor counts  n x (word u32, skeleton u32)
//! ```

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::check::{Notice, Target};
use crate::document::Document;
use crate::model::Model;
use crate::read::{for_each_chunk, sniff, Encoding, SNIFF};

use super::lsh::{LshParams, PERMS};
use super::matcher::{anchors, anchors_needed, max_anchor_files, Basis, MIN_WORDS};
use super::signature::{Signature, SignatureBuilder, Stream, SKEL_K};

/// First eight bytes of an index.
pub const MAGIC: &[u8; 8] = b"GRBLDUP\0";
/// Bumped whenever the layout or the hashing changes.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 64;
const ENTRY_HEAD: usize = 44;

/// Why bytes could not be used as an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// Not an index (bad magic).
    NotAnIndex,
    /// Written by another format version.
    Version(u32),
    /// Sizes do not add up, or the checksum does not match.
    Corrupt(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not a garbled duplicate index (bad magic bytes)"),
            IndexError::Version(v) => write!(
                f,
                "index format version {v}, this garbled reads version {FORMAT_VERSION}: rebuild it with `garbled index build`"
            ),
            IndexError::Corrupt(m) => write!(f, "index is corrupt ({m}): rebuild it with `garbled index build`"),
        }
    }
}

impl std::error::Error for IndexError {}

fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"))
}

/// A collection of signatures, read in place from bytes.
pub struct Reference {
    data: Vec<u8>,
    n: usize,
    k: usize,
    lsh: LshParams,
    entry_offsets: usize,
    entries: usize,
    path_offsets: usize,
    paths: usize,
    bands: Range<usize>,
    wanch: Range<usize>,
    sanch: Range<usize>,
    counts: usize,
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reference {{ entries: {}, k: {}, lsh: {:?} }}", self.n, self.k, self.lsh)
    }
}

/// Writes the signatures of a collection in the index layout.
pub fn build(paths: &[String], sigs: &[&Signature], k: usize, lsh: LshParams) -> Vec<u8> {
    assert_eq!(paths.len(), sigs.len());
    let n = sigs.len();
    // First pass: entry offsets (from sizes) and the lookup tables.
    let mut entry_offsets: Vec<u64> = Vec::with_capacity(n + 1);
    let mut entries_len = 0u64;
    let mut bands: Vec<(u64, u32)> = Vec::new();
    let mut wanch: Vec<(u32, u32)> = Vec::new();
    let mut sanch: Vec<(u32, u32)> = Vec::new();
    let mut buf = Vec::new();
    let mut keys = Vec::new();
    for (i, s) in sigs.iter().enumerate() {
        entry_offsets.push(entries_len);
        entries_len += (ENTRY_HEAD + (s.word.hashes.len() + s.skel.hashes.len()) * 4) as u64;
        if s.words >= MIN_WORDS {
            lsh.keys(&s.minhash, &mut keys);
            bands.extend(keys.iter().map(|&key| (key, i as u32)));
            anchors(&s.word, &mut buf);
            wanch.extend(buf.iter().map(|&h| (h, i as u32)));
            anchors(&s.skel, &mut buf);
            sanch.extend(buf.iter().map(|&h| (h, i as u32)));
        }
    }
    entry_offsets.push(entries_len);
    bands.sort_unstable();
    wanch.sort_unstable();
    sanch.sort_unstable();
    // Usable anchors per entry: those in at most `max_anchor_files` entries.
    let mut counts: Vec<(u32, u32)> = vec![(0, 0); n];
    for g in wanch.chunk_by(|x, y| x.0 == y.0).filter(|g| g.len() <= max_anchor_files(Basis::Words)) {
        g.iter().for_each(|a| counts[a.1 as usize].0 += 1);
    }
    for g in sanch.chunk_by(|x, y| x.0 == y.0).filter(|g| g.len() <= max_anchor_files(Basis::Skeleton)) {
        g.iter().for_each(|a| counts[a.1 as usize].1 += 1);
    }
    let mut path_bytes: Vec<u8> = Vec::new();
    let mut path_offsets: Vec<u32> = Vec::with_capacity(n + 1);
    for p in paths {
        path_offsets.push(path_bytes.len() as u32);
        path_bytes.extend(p.as_bytes());
    }
    path_offsets.push(path_bytes.len() as u32);

    let total = HEADER_LEN
        + (n + 1) * 8
        + entries_len as usize
        + (n + 1) * 4
        + path_bytes.len()
        + bands.len() * 12
        + (wanch.len() + sanch.len()) * 8
        + n * 8;
    let mut out = Vec::with_capacity(total);
    out.extend(MAGIC);
    for v in
        [FORMAT_VERSION, k as u32, SKEL_K as u32, lsh.perms() as u32, lsh.bands as u32, lsh.rows as u32, n as u32, 0]
    {
        out.extend(v.to_le_bytes());
    }
    for v in [bands.len() as u32, wanch.len() as u32, sanch.len() as u32] {
        out.extend(v.to_le_bytes());
    }
    out.extend(entries_len.to_le_bytes());
    out.extend((path_bytes.len() as u32).to_le_bytes());
    debug_assert_eq!(out.len(), HEADER_LEN);
    for o in &entry_offsets {
        out.extend(o.to_le_bytes());
    }
    // Second pass: the entries.
    for s in sigs {
        out.extend(s.words.to_le_bytes());
        out.extend(s.word.tokens.to_le_bytes());
        out.extend(s.skel.tokens.to_le_bytes());
        out.extend(s.kept_words.to_le_bytes());
        out.extend([s.word.level, s.skel.level, 0, 0]);
        out.extend((s.word.hashes.len() as u32).to_le_bytes());
        out.extend((s.skel.hashes.len() as u32).to_le_bytes());
        for h in s.word.hashes.iter().chain(&s.skel.hashes) {
            out.extend(h.to_le_bytes());
        }
    }
    for o in &path_offsets {
        out.extend(o.to_le_bytes());
    }
    out.extend(&path_bytes);
    for (key, d) in &bands {
        out.extend(key.to_le_bytes());
        out.extend(d.to_le_bytes());
    }
    for (h, d) in wanch.iter().chain(&sanch) {
        out.extend(h.to_le_bytes());
        out.extend(d.to_le_bytes());
    }
    for (a, b) in &counts {
        out.extend(a.to_le_bytes());
        out.extend(b.to_le_bytes());
    }
    let crc = crc32fast::hash(&out[HEADER_LEN..]);
    out[36..40].copy_from_slice(&crc.to_le_bytes());
    out
}

impl Reference {
    /// Checks the header, sizes and checksum of `data` and returns a reference reading from it.
    pub fn new(data: Vec<u8>) -> Result<Reference, IndexError> {
        let b = &data[..];
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        let version = u32_at(b, 8);
        if version != FORMAT_VERSION {
            return Err(IndexError::Version(version));
        }
        let corrupt = |m: &str| IndexError::Corrupt(m.to_string());
        let k = u32_at(b, 12) as usize;
        let lsh = LshParams { bands: u32_at(b, 24) as usize, rows: u32_at(b, 28) as usize };
        if u32_at(b, 16) as usize != SKEL_K || u32_at(b, 20) as usize != lsh.perms() {
            return Err(corrupt("made with other hashing parameters"));
        }
        if lsh.perms() > PERMS || k == 0 || k > super::signature::MAX_SHINGLE {
            return Err(corrupt("bad parameters"));
        }
        let n = u32_at(b, 32) as usize;
        let (nb, nw, ns) = (u32_at(b, 40) as usize, u32_at(b, 44) as usize, u32_at(b, 48) as usize);
        let entries_len = u64_at(b, 52) as usize;
        let paths_len = u32_at(b, 60) as usize;
        let entry_offsets = HEADER_LEN;
        let entries = entry_offsets + (n + 1) * 8;
        let path_offsets = entries + entries_len;
        let paths = path_offsets + (n + 1) * 4;
        let bands_at = paths + paths_len;
        let wanch_at = bands_at + nb * 12;
        let sanch_at = wanch_at + nw * 8;
        let counts = sanch_at + ns * 8;
        let end = counts + n * 8;
        if end != b.len() {
            return Err(corrupt(&format!("{} bytes, the header announces {end}", b.len())));
        }
        if crc32fast::hash(&b[HEADER_LEN..]) != u32_at(b, 36) {
            return Err(corrupt("checksum mismatch"));
        }
        let r = Reference {
            data,
            n,
            k,
            lsh,
            entry_offsets,
            entries,
            path_offsets,
            paths,
            bands: bands_at..wanch_at,
            wanch: wanch_at..sanch_at,
            sanch: sanch_at..counts,
            counts,
        };
        // Offsets must stay inside their sections.
        for i in 0..n {
            let (s, e) = r.entry_range(i);
            let (ps, pe) =
                (u32_at(&r.data, path_offsets + i * 4) as usize, u32_at(&r.data, path_offsets + i * 4 + 4) as usize);
            if s + ENTRY_HEAD > e || e > entries_len || ps > pe || pe > paths_len {
                return Err(corrupt("entry offsets out of range"));
            }
            let nw = u32_at(&r.data, entries + s + 36) as usize;
            let ns = u32_at(&r.data, entries + s + 40) as usize;
            if s + ENTRY_HEAD + (nw + ns) * 4 != e || std::str::from_utf8(&r.data[paths + ps..paths + pe]).is_err() {
                return Err(corrupt("bad entry"));
            }
        }
        Ok(r)
    }

    /// Writes the index to `path`.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        std::fs::write(path, &self.data)
    }

    /// True if `bytes` start like an index.
    pub fn is_index(bytes: &[u8]) -> bool {
        bytes.starts_with(MAGIC)
    }

    /// Number of files in the collection.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True if the collection has no files.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The word shingle size the collection was indexed with.
    pub fn shingle(&self) -> usize {
        self.k
    }

    /// The LSH bands and rows of the stored band keys.
    pub fn lsh(&self) -> LshParams {
        self.lsh
    }

    /// The size of the index in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }

    fn entry_range(&self, i: usize) -> (usize, usize) {
        let o = self.entry_offsets + i * 8;
        (u64_at(&self.data, o) as usize, u64_at(&self.data, o + 8) as usize)
    }

    /// The path of entry `i`.
    pub fn path(&self, i: usize) -> &str {
        let o = self.path_offsets + i * 4;
        let (s, e) = (u32_at(&self.data, o) as usize, u32_at(&self.data, o + 4) as usize);
        std::str::from_utf8(&self.data[self.paths + s..self.paths + e]).unwrap_or("")
    }

    /// The stored signature of entry `i` (no line numbers, no MinHash).
    pub fn signature(&self, i: usize) -> Signature {
        let (s, _) = self.entry_range(i);
        let b = &self.data[self.entries + s..];
        let (nw, ns) = (u32_at(b, 36) as usize, u32_at(b, 40) as usize);
        let hashes = |from: usize, len: usize| (0..len).map(|x| u32_at(b, from + x * 4)).collect::<Vec<u32>>();
        Signature {
            words: u64_at(b, 0),
            kept_words: u64_at(b, 24),
            word: Stream {
                k: self.k as u8,
                level: b[32],
                tokens: u64_at(b, 8),
                hashes: hashes(ENTRY_HEAD, nw),
                runs: vec![],
            },
            skel: Stream {
                k: SKEL_K as u8,
                level: b[33],
                tokens: u64_at(b, 16),
                hashes: hashes(ENTRY_HEAD + nw * 4, ns),
                runs: vec![],
            },
            minhash: Vec::new(),
        }
    }

    fn anchor_count(&self, i: usize, which: Basis) -> usize {
        let o = self.counts + i * 8 + if which == Basis::Words { 0 } else { 4 };
        u32_at(&self.data, o) as usize
    }

    /// Entries sharing band key `key`.
    fn band_entries(&self, key: u64, out: &mut Vec<u32>) {
        let n = self.bands.len() / 12;
        let at = |x: usize| u64_at(&self.data, self.bands.start + x * 12);
        let mut lo = partition(n, |x| at(x) < key);
        while lo < n && at(lo) == key {
            out.push(u32_at(&self.data, self.bands.start + lo * 12 + 8));
            lo += 1;
        }
    }

    /// Entries holding anchor `h`, if not more than [`max_anchor_files`] (false if more).
    fn anchor_entries(&self, which: Basis, h: u32, out: &mut Vec<u32>) -> bool {
        let r = if which == Basis::Words { &self.wanch } else { &self.sanch };
        let n = r.len() / 8;
        let at = |x: usize| u32_at(&self.data, r.start + x * 8);
        let lo = partition(n, |x| at(x) < h);
        let hi = lo + partition(n - lo, |x| at(lo + x) <= h);
        if hi - lo > max_anchor_files(which) {
            return false;
        }
        out.extend((lo..hi).map(|x| u32_at(&self.data, r.start + x * 8 + 4)));
        true
    }

    /// Entries worth verifying against `sig`, sorted.
    pub fn candidates(&self, sig: &Signature) -> Vec<u32> {
        let mut out = Vec::new();
        if sig.words < MIN_WORDS {
            return out;
        }
        let mut keys = Vec::new();
        self.lsh.keys(&sig.minhash, &mut keys);
        for &k in &keys {
            self.band_entries(k, &mut out);
        }
        let mut buf = Vec::new();
        let mut hits = Vec::new();
        for which in [Basis::Words, Basis::Skeleton] {
            anchors(if which == Basis::Words { &sig.word } else { &sig.skel }, &mut buf);
            let mut shared: FxHashMap<u32, usize> = FxHashMap::default();
            let mut usable = 0;
            for &h in &buf {
                hits.clear();
                usable += usize::from(self.anchor_entries(which, h, &mut hits));
                for &e in &hits {
                    *shared.entry(e).or_default() += 1;
                }
            }
            for (e, c) in shared {
                if c >= anchors_needed(usable, self.anchor_count(e as usize, which)) {
                    out.push(e);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Reads the files under `paths` (walked like `garbled check`) and builds a reference
/// collection of their signatures, in walk order. Unreadable paths become error
/// notices; binary files are skipped with a note unless `binary`.
pub fn collect(
    paths: &[PathBuf],
    model: &Model,
    k: usize,
    lsh: LshParams,
    binary: bool,
    jobs: Option<usize>,
) -> (Reference, Vec<Notice>) {
    let targets = crate::check::collect_targets(paths, "<stdin>");
    let work = || {
        targets
            .into_par_iter()
            .map(|t| match t {
                Ok(t) => read_signature(&t, model, k, lsh.perms(), binary),
                Err(n) => Err(n),
            })
            .collect::<Vec<_>>()
    };
    let results = match jobs.and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().ok()) {
        Some(pool) => pool.install(work),
        None => work(),
    };
    let mut names = Vec::new();
    let mut sigs = Vec::new();
    let mut notices = Vec::new();
    for r in results {
        match r {
            Ok((name, sig)) => {
                names.push(name);
                sigs.push(sig);
            }
            Err(n) => notices.push(n),
        }
    }
    let refs: Vec<&Signature> = sigs.iter().collect();
    let r = Reference::new(build(&names, &refs, k, lsh)).expect("a freshly built index is valid");
    (r, notices)
}

fn read_signature(
    target: &Target,
    model: &Model,
    k: usize,
    perms: usize,
    binary: bool,
) -> Result<(String, Signature), Notice> {
    let name = target.display();
    let err = |e: &io::Error| match target {
        Target::File(p) => crate::check::io_notice(p, e),
        Target::Stdin(n) => Notice::Error { path: n.clone(), message: e.to_string() },
    };
    let mut reader: Box<dyn Read> = match target {
        Target::Stdin(_) => Box::new(io::stdin().lock()),
        Target::File(p) => Box::new(File::open(p).map_err(|e| err(&e))?),
    };
    let mut head = vec![0u8; SNIFF];
    let mut n = 0;
    while n < head.len() {
        match reader.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(x) => n += x,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(err(&e)),
        }
    }
    head.truncate(n);
    let mut enc = sniff(&head);
    if enc == Encoding::Binary {
        if !binary {
            return Err(Notice::Note { path: name, message: "binary file (contains NUL bytes), skipped".to_string() });
        }
        enc = Encoding::Utf8;
    }
    let mut b = SignatureBuilder::new(k, perms);
    for_each_chunk(head, reader, enc, |c| b.add(&Document::new(&c.text, model, &c.invalid, c.origin)))
        .map_err(|e| err(&e))?;
    Ok((name, b.finish()))
}

/// The first `x` in `0..n` for which `pred` is false (`pred` true then false).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::super::signature::signature_of;
    use super::*;

    fn texts() -> Vec<String> {
        (0..5)
            .map(|i| {
                format!(
                    "Report number {i} of the river survey found that the water level near bridge {i} rose by \
                     {} centimetres in the week, and the inspectors asked the mill owners to keep the sluice gates \
                     open until the end of the month so that the meadows would drain before the hay was cut.",
                    i * 7 + 3
                )
            })
            .collect()
    }

    #[test]
    fn round_trips_and_finds_candidates() {
        let t = texts();
        let sigs: Vec<Signature> = t.iter().map(|x| signature_of(x, 5)).collect();
        let refs: Vec<&Signature> = sigs.iter().collect();
        let paths: Vec<String> = (0..t.len()).map(|i| format!("doc{i}.txt")).collect();
        let lsh = LshParams::for_threshold(0.5);
        let r = Reference::new(build(&paths, &refs, 5, lsh)).unwrap();
        assert_eq!(r.len(), 5);
        assert_eq!(r.path(3), "doc3.txt");
        let s = r.signature(2);
        assert_eq!(s.word.hashes, sigs[2].word.hashes);
        assert_eq!(s.skel.hashes, sigs[2].skel.hashes);
        assert_eq!(s.words, sigs[2].words);
        let c = r.candidates(&sigs[2]);
        assert!(c.contains(&2), "{c:?}");
    }

    #[test]
    fn rejects_bad_bytes() {
        assert_eq!(Reference::new(b"hello".to_vec()).unwrap_err(), IndexError::NotAnIndex);
        let sig = signature_of("a few words to index for the test of corruption and damage here", 5);
        let mut b = build(&["x".to_string()], &[&sig], 5, LshParams::for_threshold(0.5));
        let last = b.len() - 9;
        b[last] ^= 1;
        assert!(matches!(Reference::new(b.clone()), Err(IndexError::Corrupt(_))));
        b.truncate(b.len() - 3);
        assert!(matches!(Reference::new(b), Err(IndexError::Corrupt(_))));
    }

    #[test]
    fn empty_collection() {
        let r = Reference::new(build(&[], &[], 5, LshParams::for_threshold(0.5))).unwrap();
        assert!(r.is_empty());
        assert!(r.candidates(&signature_of("some words here", 5)).is_empty());
    }
}
