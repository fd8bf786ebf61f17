//! Many small files, checked a group at a time: each group's files are read, then
//! tokenized together (with the word-id cache warmed first when they are large
//! together), then analyzed one by one, as a stream's short documents are
//! ([`super::analyze_texts`]): the analyzers of one short file push much of the
//! thread's word-id cache out of the CPU's caches before the next is tokenized.

use std::fs::File;
use std::io::Read;

use super::{finish_file, io_notice, open_text, read_error, Analysis, CheckOptions, Checked, Notice, Target};
use crate::analyzers::Analyzer;
use crate::document::tokenize_group;
use crate::model::Model;
use crate::read::{Chunk, Chunks};

/// Most text bytes of the short texts tokenized together before they are analyzed (a
/// group of files here, of a batch's documents in a stream): 128 KiB, with the word-id
/// cache warmed first, took the 100 MB stream's tokenizing back to the cost it has on
/// one file.
pub const GROUP_BYTES: usize = 128 << 10;
/// Most texts tokenized together (each holds a set of token buffers meanwhile).
pub const GROUP_DOCS: usize = 64;

/// Files per group of a run whose files hold `bytes` together (a hint) on `threads`
/// threads: as many as fill [`GROUP_BYTES`] on average, at most [`GROUP_DOCS`], and few
/// enough that every thread gets several groups; 1 (each file alone) for large files.
pub(crate) fn files_per_group(files: usize, bytes: u64, threads: usize) -> usize {
    let average = (bytes / files.max(1) as u64).max(1);
    let fill = (GROUP_BYTES as u64 / average).min(GROUP_DOCS as u64) as usize;
    fill.min(files / (threads.max(1) * 4)).max(1)
}

/// A file read whole (in one chunk or none), waiting to be tokenized with its group.
struct Whole<'p> {
    at: usize,
    path: String,
    source: Option<std::path::PathBuf>,
    notices: Vec<Notice>,
    state: crate::config::FileState<'p>,
}

/// Checks `targets` in order, with the same results as [`super::check_one`] on each;
/// calls `progress` after each.
pub(crate) fn check_files<'p>(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Vec<Checked<'p>> {
    let mut out: Vec<Option<Checked<'p>>> = (0..targets.len()).map(|_| None).collect();
    let mut waiting: Vec<Whole<'p>> = Vec::new();
    let mut texts: Vec<Option<Chunk>> = Vec::new();
    let mut bytes = 0;
    for (at, t) in targets.into_iter().enumerate() {
        let read = match t {
            Ok(t) => read_whole(at, &t, model, analyzers, opts),
            Err(n) => Err(Box::new((None, vec![n]))),
        };
        match read {
            Ok((w, text)) => {
                bytes += text.as_ref().map_or(0, |c| c.text.len());
                waiting.push(w);
                texts.push(text);
                if waiting.len() >= GROUP_DOCS || bytes >= GROUP_BYTES {
                    analyze_group(&mut waiting, &mut texts, model, analyzers, opts, &mut out, progress);
                    bytes = 0;
                }
            }
            Err(done) => {
                out[at] = Some(*done);
                if let Some(p) = progress {
                    p();
                }
            }
        }
    }
    analyze_group(&mut waiting, &mut texts, model, analyzers, opts, &mut out, progress);
    out.into_iter().map(|c| c.expect("every target is checked")).collect()
}

/// Opens and reads a file: its text when it is one chunk (or empty), else what checking
/// it gave (a longer file is analyzed here, chunk by chunk; an error, a skipped file).
fn read_whole<'p>(
    at: usize,
    target: &Target,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
) -> Result<(Whole<'p>, Option<Chunk>), Box<Checked<'p>>> {
    let Target::File(p) = target else { return Err(Box::new(super::check_one(target, model, analyzers, opts))) };
    let mut reader: Box<dyn Read> = match File::open(p) {
        Ok(f) => Box::new(f),
        Err(e) => return Err(Box::new((None, vec![io_notice(p, &e)]))),
    };
    let path = target.display();
    let state = opts.policy.file(target);
    let on_error = |e: &std::io::Error| read_error(target, e);
    let (head, enc, notices) = open_text(&path, &mut reader, &on_error, opts).map_err(|n| Box::new((None, vec![n])))?;
    let mut chunks = Chunks::new(head, reader, enc);
    let failed = |e: std::io::Error| Box::new((None, vec![on_error(&e)]));
    let first = chunks.next().transpose().map_err(failed)?;
    let Some(second) = chunks.next().transpose().map_err(failed)? else {
        return Ok((Whole { at, path, source: Some(p.clone()), notices, state }, first));
    };
    let mut an = Analysis::new(model, analyzers, opts, state);
    for c in first.into_iter().chain(Some(second)) {
        an.chunk(&c.text, &c.invalid, c.origin);
    }
    for c in chunks {
        let c = c.map_err(failed)?;
        an.chunk(&c.text, &c.invalid, c.origin);
    }
    Err(Box::new(finish_file(an, path, Some(p.clone()), notices)))
}

/// Tokenizes the texts of the `waiting` files (both emptied), then analyzes each file.
fn analyze_group<'p>(
    waiting: &mut Vec<Whole<'p>>,
    texts: &mut Vec<Option<Chunk>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
    out: &mut [Option<Checked<'p>>],
    progress: Option<&(dyn Fn() + Sync)>,
) {
    let group: Vec<_> = texts.iter().flatten().map(|c| (c.text.as_str(), &c.invalid[..], c.origin)).collect();
    let mut docs = tokenize_group(&group, model).into_iter();
    for (w, text) in waiting.drain(..).zip(texts.iter()) {
        let mut an = Analysis::new(model, analyzers, opts, w.state);
        // (An empty file has no text, and no document.)
        if text.is_some() {
            let doc = docs.next().expect("a document for each text");
            an.document(&doc);
        }
        out[w.at] = Some(finish_file(an, w.path, w.source, w.notices));
        if let Some(p) = progress {
            p();
        }
    }
    drop(docs);
    texts.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_checked_in_groups_give_what_each_gives_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let para = "The the committee said that its members will meet on Monday. Click here to subscribe.\n";
        let mut files: Vec<(String, Vec<u8>)> =
            (1..50).map(|i| (format!("t{i}.txt"), para.repeat(i % 40 + 1).into())).collect();
        files.insert(3, ("empty.txt".into(), Vec::new()));
        files.insert(7, ("binary.bin".into(), b"ab\0cd".to_vec()));
        files.insert(9, ("invalid.txt".into(), b"caf\xe9 ok \xff\xfe! Click here.".to_vec()));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(para.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        files.insert(12, ("utf16.txt".into(), utf16));
        // Longer than a chunk: analyzed alone, chunk by chunk, between grouped files.
        files.insert(20, ("long.txt".into(), para.repeat(crate::read::CHUNK / para.len() + 40).into()));
        let mut targets: Vec<Result<Target, Notice>> = files
            .iter()
            .map(|(name, bytes)| {
                let p = dir.path().join(name);
                std::fs::write(&p, bytes).expect("write");
                Ok(Target::File(p))
            })
            .collect();
        targets.insert(5, Ok(Target::File(dir.path().join("missing.txt"))));
        targets.insert(30, Err(Notice::Error { path: "x".into(), message: "walk".into() }));
        let model = Model::embedded();
        let analyzers = crate::analyzers::default_set();
        let opts = CheckOptions::default();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let progress = || {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let grouped = check_files(targets.clone(), model, &analyzers, &opts, Some(&progress));
        assert_eq!(grouped.len(), targets.len());
        assert_eq!(calls.into_inner(), targets.len());
        for (t, (f, n)) in targets.into_iter().zip(grouped) {
            let (g, m) = match t {
                Ok(t) => super::super::check_one(&t, model, &analyzers, &opts),
                Err(n) => (None, vec![n]),
            };
            assert_eq!(n, m);
            assert_eq!(f.is_some(), g.is_some());
            if let (Some((r, x)), Some((s, y))) = (f, g) {
                assert_eq!(r, s);
                assert_eq!((x.0, x.2), (y.0, y.2));
            }
        }
    }

    #[test]
    fn groups_are_for_small_files() {
        assert_eq!(files_per_group(2_000, 5_000_000, 1), GROUP_DOCS.min(GROUP_BYTES / 2_500));
        assert_eq!(files_per_group(10, 10 << 20, 2), 1);
        assert_eq!(files_per_group(7, 7_000, 2), 1);
        // One file, or none, is never a group.
        assert_eq!(files_per_group(1, 100, 1), 1);
        assert_eq!(files_per_group(0, 0, 1), 1);
    }
}
