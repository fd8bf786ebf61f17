//! `--format jsonl` on ordinary files: one record per file, in input order, as files finish.

use std::io::{self, Write};

use super::{ordered, pool, Counts, WriteFailure, WINDOW_PER_THREAD};
use crate::analyzers::Analyzer;
use crate::check::{self, CheckOptions, FileReport, Notice, Target};
use crate::config::Settled;
use crate::duplicate::incremental::{Incremental, Prepared};
use crate::duplicate::{apply_one, Source};
use crate::model::Model;
use crate::report::jsonl;

/// A checked file: its report, signature, points, path to quote from, and settings.
type FileDone = (Option<(FileReport, FileExtra)>, Vec<Notice>);
type FileExtra = (Option<Prepared>, crate::score::Tally, Option<std::path::PathBuf>, Settled);

struct FileSink<'a, W: Write, E: Write> {
    out: io::BufWriter<W>,
    err: &'a mut E,
    ix: Option<Incremental>,
    opts: &'a CheckOptions,
    findings: bool,
    counts: Counts,
}

impl<W: Write, E: Write> ordered::Sink<FileDone> for FileSink<'_, W, E> {
    fn put(&mut self, (f, notices): FileDone) -> io::Result<()> {
        for n in notices {
            self.out.flush()?;
            match n {
                Notice::Error { path, message } => {
                    self.counts.errors += 1;
                    jsonl::write_error(Some(&path), None, &message, &mut self.out)?;
                    self.out.flush()?;
                    let _ = writeln!(self.err, "garbled: error: {path}: {message}");
                }
                Notice::Note { path, message } => {
                    let _ = writeln!(self.err, "garbled: note: {path}: {message}");
                }
            }
        }
        let Some((mut report, (signature, mut tally, source, state))) = f else { return Ok(()) };
        if let (Some(ix), Some(sig)) = (&mut self.ix, signature) {
            let mut hits = ix.push(&report.path, &sig);
            hits.retain(|h| state.dup_kept[crate::duplicate::kind_index(h.verdict.kind)]);
            if !hits.is_empty() {
                let ix = &*ix;
                let lookup = |o| ix.lookup(o);
                let src = source.as_deref().map_or(Source::None, Source::File);
                let cost = |r| state.duplicate_cost(r);
                let _ = apply_one(&mut report, &sig.sig, src, &mut tally, hits, &lookup, &self.opts.dup, &cost);
            }
        }
        report.passed = report.scores.file >= state.fail_under.unwrap_or(self.opts.fail_under);
        if !report.passed {
            self.counts.failed += 1;
        }
        jsonl::write_file(&report, self.findings, &mut self.out)
    }

    fn idle(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Checks `targets` (one text each) and writes one JSONL record per file to `out` as
/// files finish, in input order; a later file reports an earlier one it duplicates.
/// `bytes` estimates the targets' total size: it sets how many small files a worker
/// reads and tokenizes together (any estimate gives the same output). Returns the exit
/// status (as for the other formats), or the write error that stopped the run.
#[allow(clippy::too_many_arguments)]
pub fn run_files<W: Write, E: Write>(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    findings: bool,
    out: W,
    err: &mut E,
    bytes: u64,
) -> Result<i32, WriteFailure> {
    let files = targets.len();
    let opts = &*check::options_for(files, opts);
    let pool = pool(opts).map_err(|e| (e, 2))?;
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let batch = check::chunk_workers(files, pool.current_num_threads());
    let per = check::group::files_per_group(files, bytes, pool.current_num_threads());
    let mut targets = targets.into_iter();
    let done = |f: Option<(FileReport, check::Extra)>, n| -> FileDone {
        // The newcomer's share of duplicate matching is prepared here, on a worker thread.
        (f.map(|(r, (sig, tally, src, state))| (r, (sig.map(Prepared::new), tally, src, state.settled()))), n)
    };
    let work = |g: Vec<Result<Target, Notice>>| -> Vec<FileDone> {
        if per > 1 {
            return check::group::check_files(g, model, analyzers, opts, None)
                .into_iter()
                .map(|(f, n)| done(f, n))
                .collect();
        }
        g.into_iter()
            .map(|t| match t {
                Ok(t) => {
                    let (f, n) = check::check_one_batched(&t, model, analyzers, opts, batch);
                    done(f, n)
                }
                Err(n) => (None, vec![n]),
            })
            .collect()
    };
    let mut sink = FileSink {
        out: io::BufWriter::with_capacity(1 << 16, out),
        err,
        ix: opts.dup.enabled.then(|| Incremental::new(&opts.dup)),
        opts,
        findings,
        counts: Counts::default(),
    };
    let source = move || Some(targets.by_ref().take(per).collect::<Vec<_>>()).filter(|g| !g.is_empty());
    let r = ordered::run(&pool, window, source, work, &mut Groups(&mut sink));
    let code = sink.counts.exit_code(false);
    r.map(|_| code).map_err(|e| (e, code))
}

/// A sink that takes the results of a group of files one by one.
struct Groups<'s, S>(&'s mut S);

impl<R, S: ordered::Sink<R>> ordered::Sink<Vec<R>> for Groups<'_, S> {
    fn put(&mut self, rs: Vec<R>) -> io::Result<()> {
        rs.into_iter().try_for_each(|r| self.0.put(r))
    }

    fn idle(&mut self) -> io::Result<()> {
        self.0.idle()
    }
}
