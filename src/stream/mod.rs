//! Streaming: `garbled check --input-format jsonl` (one document a line, plain, gzip or
//! zstd, from files or standard input) and `garbled check --format jsonl` (one record
//! a file), both written in input order as inputs finish, in bounded memory.
//!
//! Documents go through the same pipeline as files ([`crate::check::analyze_text`]).
//! A reader thread parses records into batches; batches are analyzed on a rayon pool
//! ([`ordered`]); the calling thread matches duplicates incrementally
//! ([`crate::duplicate::incremental`]: a document is compared with the ones before it)
//! and writes each record. With `--keep-passed` it writes the input lines of passing
//! documents unchanged instead: a filter.
//!
//! Errors: a record that is not JSON, lacks the text field or has a non-string one
//! is reported (stderr, and an error record in report mode) and skipped; the rest of
//! the stream is processed; the exit status is 2. A compressed stream that ends early
//! is reported with its line and the last complete document, after every record
//! before it was written and flushed; the next input is then read; exit status 2.

pub mod input;
pub mod ordered;

use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::analyzers::Analyzer;
use crate::check::{self, Analyzed, CheckOptions, FileReport, Notice, Target};
use crate::config::Settled;
use crate::duplicate::incremental::Incremental;
use crate::duplicate::{apply_one, Other, Source};
use crate::model::Model;
use crate::report::jsonl::{self, DocRef};
use crate::report::Format;

use input::{Compression, Line};

/// How `garbled check` reads its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Each file is one text.
    Text,
    /// Each line of each file is a JSON document with a text field (plain, gzip or zstd).
    Jsonl,
}

/// Settings of a streamed run besides [`CheckOptions`].
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// How to read the inputs.
    pub input: InputFormat,
    /// Output format: `jsonl` (or the default `text`, which means JSONL for JSONL input).
    pub format: Format,
    /// The field holding the text.
    pub text_field: String,
    /// The field holding the id.
    pub id_field: String,
    /// Write the input lines of passing documents instead of reports.
    pub keep_passed: bool,
    /// Include findings in records.
    pub findings: bool,
    /// Name of standard input.
    pub stdin_name: String,
}

/// Most documents in one task.
pub const BATCH_DOCS: usize = 256;
/// Most text bytes in one task (a task also ends when the input has nothing buffered).
pub const BATCH_BYTES: usize = 1 << 20;
/// Tasks (batches of documents, or files) in flight per worker thread.
pub const WINDOW_PER_THREAD: usize = 4;

/// Whether `check` with these settings is a streamed run.
pub fn applies(s: &StreamOptions) -> bool {
    s.input == InputFormat::Jsonl || s.format == Format::Jsonl || s.keep_passed || !s.findings
}

/// Runs a streamed `check`, writing to stdout and stderr; returns the exit status.
/// `paths` as given on the command line (none: standard input for JSONL input, the
/// current directory otherwise).
pub fn run_cli(paths: &[PathBuf], model: &Model, opts: &CheckOptions, s: &StreamOptions) -> i32 {
    if let Err(e) = validate(s) {
        eprintln!("garbled: error: {e}");
        return 2;
    }
    let default = if s.input == InputFormat::Jsonl { "-" } else { "." };
    let paths = if paths.is_empty() { vec![PathBuf::from(default)] } else { paths.to_vec() };
    let targets = check::collect_targets_with(&paths, &s.stdin_name, &opts.policy);
    let analyzers = crate::analyzers::enabled_set(|r| opts.policy.may_report(r));
    let stdout = io::stdout();
    let stderr = io::stderr();
    let out = stdout.lock();
    let mut err = stderr.lock();
    let r = match s.input {
        InputFormat::Jsonl => run_jsonl(targets, model, &analyzers, opts, s, out, &mut err),
        InputFormat::Text => run_files(targets, model, &analyzers, opts, s.findings, out, &mut err),
    };
    match r {
        Ok(code) => code,
        Err((e, code)) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Err((e, _)) => {
            let _ = writeln!(err, "garbled: error: writing output: {e}");
            2
        }
    }
}

fn validate(s: &StreamOptions) -> Result<(), String> {
    if s.input == InputFormat::Jsonl && !matches!(s.format, Format::Text | Format::Jsonl) {
        return Err("--input-format jsonl writes JSONL records: leave out --format or use --format jsonl".into());
    }
    if s.keep_passed && s.input != InputFormat::Jsonl {
        return Err("--keep-passed filters JSONL documents: it needs --input-format jsonl".into());
    }
    if !s.findings && s.input != InputFormat::Jsonl && s.format != Format::Jsonl {
        return Err("--no-findings is for JSONL records: add --format jsonl".into());
    }
    if s.text_field == s.id_field {
        return Err(format!("--text-field and --id-field are both \"{}\"", s.text_field));
    }
    Ok(())
}

fn pool(opts: &CheckOptions) -> io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new().num_threads(opts.jobs.unwrap_or(0)).build().map_err(io::Error::other)
}

/// A run that failed to write: the error and the exit status so far.
type WriteFailure = (io::Error, i32);

// ---------------------------------------------------------------------------
// JSONL documents

/// One document read from a JSONL input.
struct Doc {
    file: Arc<str>,
    line: u64,
    id: String,
    /// The text (kept after analysis only if duplicates need to quote it).
    text: String,
    /// The input line as read (only with `--keep-passed`).
    raw: Vec<u8>,
}

/// A record that could not be used, or an input that could not be read.
struct Bad {
    file: Arc<str>,
    line: Option<u64>,
    id: Option<String>,
    message: String,
}

enum Item {
    Doc(Doc),
    Bad(Bad),
}

enum Done {
    Doc(Doc, Box<Analyzed>),
    Bad(Bad),
}

/// The input side: opens the targets in turn and cuts their records into batches.
struct Reader {
    targets: std::vec::IntoIter<Result<Target, Notice>>,
    cur: Option<Current>,
    buf: Vec<u8>,
    text_field: String,
    id_field: String,
    keep_raw: bool,
}

struct Current {
    name: Arc<str>,
    r: BufReader<Box<dyn Read + Send>>,
    compression: Compression,
    line: u64,
    /// The last document read completely: id and line.
    last: Option<(String, u64)>,
}

impl Reader {
    fn open(&mut self, t: Target) -> Result<(), Bad> {
        let name: Arc<str> = t.display().into();
        let raw: Box<dyn Read + Send> = match &t {
            Target::Stdin(_) => Box::new(io::stdin()),
            Target::File(p) => match std::fs::File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => return Err(notice_bad(check::io_notice(p, &e))),
            },
        };
        match input::open(raw) {
            Ok((r, compression)) => {
                self.cur = Some(Current { name, r, compression, line: 0, last: None });
                Ok(())
            }
            Err(e) => Err(Bad { file: name, line: None, id: None, message: e.to_string() }),
        }
    }

    fn next_batch(&mut self) -> Option<Vec<Item>> {
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        loop {
            let Some(cur) = self.cur.as_mut() else {
                match self.targets.next() {
                    None => return (!batch.is_empty()).then_some(batch),
                    Some(Err(n)) => batch.push(Item::Bad(notice_bad(n))),
                    Some(Ok(t)) => {
                        if let Err(b) = self.open(t) {
                            batch.push(Item::Bad(b));
                        }
                    }
                }
                continue;
            };
            let bad = |message: String, id: Option<String>, line: u64| {
                Item::Bad(Bad { file: cur.name.clone(), line: Some(line), id, message })
            };
            match input::read_line(&mut cur.r, &mut self.buf, input::MAX_LINE) {
                Ok(Line::Eof) => self.cur = None,
                Ok(Line::TooLong(n)) => {
                    cur.line += 1;
                    let m = format!(
                        "the line is {n} bytes long, more than the {} MiB limit: skipped",
                        input::MAX_LINE >> 20
                    );
                    batch.push(bad(m, None, cur.line));
                }
                Ok(Line::Line) => {
                    cur.line += 1;
                    let line = &self.buf[..];
                    let line = if cur.line == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
                    if line.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    match input::parse(line, &self.text_field, &self.id_field) {
                        Ok((text, id)) => {
                            let id = id.unwrap_or_else(|| format!("{}:{}", cur.name, cur.line));
                            cur.last = Some((id.clone(), cur.line));
                            bytes += text.len();
                            let raw = if self.keep_raw { self.buf.clone() } else { Vec::new() };
                            batch.push(Item::Doc(Doc { file: cur.name.clone(), line: cur.line, id, text, raw }));
                        }
                        Err(b) => batch.push(bad(b.message, b.id, cur.line)),
                    }
                }
                Err(e) => {
                    let mut m = input::describe_read_error(&e, cur.compression);
                    match &cur.last {
                        Some((id, l)) => m.push_str(&format!("; the last complete document is \"{id}\" (line {l})")),
                        None => m.push_str("; no document before it was complete"),
                    }
                    batch.push(bad(m, None, cur.line + 1));
                    self.cur = None;
                }
            }
            let drained = self.cur.as_ref().is_none_or(|c| c.r.buffer().is_empty());
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES || (drained && !batch.is_empty()) {
                return Some(batch);
            }
        }
    }
}

fn notice_bad(n: Notice) -> Bad {
    let (Notice::Error { path, message } | Notice::Note { path, message }) = n;
    Bad { file: path.into(), line: None, id: None, message }
}

/// What the writing side of a JSONL run counts.
#[derive(Default)]
struct Counts {
    errors: usize,
    failed: usize,
}

impl Counts {
    fn exit_code(&self, keep_passed: bool) -> i32 {
        if self.errors > 0 {
            2
        } else if self.failed > 0 && !keep_passed {
            1
        } else {
            0
        }
    }
}

struct JsonlSink<'a, W: Write, E: Write> {
    out: io::BufWriter<W>,
    err: &'a mut E,
    ix: Option<Incremental>,
    /// File and line of each entry of `ix`.
    at: Vec<(Arc<str>, u64)>,
    opts: &'a CheckOptions,
    s: &'a StreamOptions,
    counts: Counts,
}

impl<W: Write, E: Write> JsonlSink<'_, W, E> {
    fn doc(&mut self, d: Doc, a: Analyzed) -> io::Result<()> {
        let Analyzed { mut report, mut tally, signature, dropped, settled: state } = a;
        let mut others = Vec::new();
        if let (Some(ix), Some(sig)) = (&mut self.ix, signature) {
            let mut hits = ix.push(d.id.clone(), sig);
            hits.retain(|h| state.dup_kept[crate::duplicate::kind_index(h.verdict.kind)]);
            if ix.len() > self.at.len() {
                self.at.push((d.file.clone(), d.line));
            }
            if let Some(this) = hits.first().map(|h| h.this) {
                let ix = &*ix;
                let lookup = |o| ix.lookup(o);
                let sig = ix.signature(this);
                let cost = |r| state.duplicate_cost(r);
                others = apply_one(
                    &mut report,
                    sig,
                    Source::Text(&d.text),
                    &mut tally,
                    hits,
                    &lookup,
                    &self.opts.dup,
                    &cost,
                );
            }
        }
        report.passed = report.scores.file >= state.fail_under.unwrap_or(self.opts.fail_under);
        if dropped > 0 {
            self.out.flush()?;
            let _ = writeln!(
                self.err,
                "garbled: note: {}:{}: {} (id \"{}\")",
                d.file,
                d.line,
                check::dropped_note(dropped),
                d.id
            );
        }
        if !report.passed {
            self.counts.failed += 1;
        }
        if self.s.keep_passed {
            if report.passed {
                self.out.write_all(&d.raw)?;
                if !d.raw.ends_with(b"\n") {
                    self.out.write_all(b"\n")?;
                }
            }
            return Ok(());
        }
        let r = DocRef { id: &d.id, file: &d.file, line: d.line };
        let others: Vec<Option<DocRef<'_>>> = others
            .into_iter()
            .map(|o| match (o, &self.ix) {
                (Other::File(i), Some(ix)) => Some(DocRef { id: ix.name(i), file: &self.at[i].0, line: self.at[i].1 }),
                _ => None,
            })
            .collect();
        jsonl::write_doc(&report, r, &others, self.s.findings, &mut self.out)
    }

    fn bad(&mut self, b: Bad) -> io::Result<()> {
        self.counts.errors += 1;
        if !self.s.keep_passed {
            jsonl::write_error(None, Some((b.id.as_deref(), &b.file, b.line)), &b.message, &mut self.out)?;
        }
        self.out.flush()?;
        let at = match b.line {
            Some(l) => format!("{}:{l}", b.file),
            None => b.file.to_string(),
        };
        let id = b.id.as_ref().map(|i| format!(" (id \"{i}\")")).unwrap_or_default();
        let _ = writeln!(self.err, "garbled: error: {at}{id}: {}", b.message);
        Ok(())
    }
}

impl<W: Write, E: Write> ordered::Sink<Vec<Done>> for JsonlSink<'_, W, E> {
    fn put(&mut self, batch: Vec<Done>) -> io::Result<()> {
        for d in batch {
            match d {
                Done::Doc(doc, a) => self.doc(doc, *a)?,
                Done::Bad(b) => self.bad(b)?,
            }
        }
        Ok(())
    }

    fn idle(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Checks the JSONL documents of `targets`, writing a record per document (or, with
/// `keep_passed`, the lines of passing documents) to `out` in input order, and errors
/// to `err`. Returns the exit status, or the write error that stopped the run.
pub fn run_jsonl<W: Write, E: Write>(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    s: &StreamOptions,
    out: W,
    err: &mut E,
) -> Result<i32, (io::Error, i32)> {
    let pool = pool(opts).map_err(|e| (e, 2))?;
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let mut reader = Reader {
        targets: targets.into_iter(),
        cur: None,
        buf: Vec::new(),
        text_field: s.text_field.clone(),
        id_field: s.id_field.clone(),
        keep_raw: s.keep_passed,
    };
    let keep_text = opts.dup.enabled;
    let work = |batch: Vec<Item>| -> Vec<Done> {
        batch
            .into_iter()
            .map(|it| match it {
                Item::Doc(mut d) => {
                    let state = opts.policy.file(&check::Target::File(std::path::PathBuf::from(&*d.file)));
                    let a = check::analyze_text(&d.text, d.id.clone(), model, analyzers, opts, state);
                    if !keep_text {
                        d.text = String::new();
                    }
                    Done::Doc(d, Box::new(a))
                }
                Item::Bad(b) => Done::Bad(b),
            })
            .collect()
    };
    let mut sink = JsonlSink {
        out: io::BufWriter::with_capacity(1 << 16, out),
        err,
        ix: opts.dup.enabled.then(|| Incremental::new(&opts.dup)),
        at: Vec::new(),
        opts,
        s,
        counts: Counts::default(),
    };
    let r = ordered::run(&pool, window, move || reader.next_batch(), work, &mut sink);
    let code = sink.counts.exit_code(s.keep_passed);
    r.map(|_| code).map_err(|e| (e, code))
}

// ---------------------------------------------------------------------------
// Files, one record each

/// A checked file: its report, signature, points, path to quote from, and settings.
type FileDone = (Option<(FileReport, FileExtra)>, Vec<Notice>);
type FileExtra = (Option<crate::duplicate::Signature>, crate::score::Tally, Option<std::path::PathBuf>, Settled);

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
            let mut hits = ix.push(report.path.clone(), sig);
            hits.retain(|h| state.dup_kept[crate::duplicate::kind_index(h.verdict.kind)]);
            if let Some(this) = hits.first().map(|h| h.this) {
                let ix = &*ix;
                let lookup = |o| ix.lookup(o);
                let src = source.as_deref().map_or(Source::None, Source::File);
                let cost = |r| state.duplicate_cost(r);
                let _ =
                    apply_one(&mut report, ix.signature(this), src, &mut tally, hits, &lookup, &self.opts.dup, &cost);
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
/// Returns the exit status (as for the other formats), or the write error that
/// stopped the run.
pub fn run_files<W: Write, E: Write>(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    findings: bool,
    out: W,
    err: &mut E,
) -> Result<i32, WriteFailure> {
    let pool = pool(opts).map_err(|e| (e, 2))?;
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let mut targets = targets.into_iter();
    let work = |t: Result<Target, Notice>| -> FileDone {
        match t {
            Ok(t) => {
                let (f, n) = check::check_one(&t, model, analyzers, opts);
                (f.map(|(r, (sig, tally, src, state))| (r, (sig, tally, src, state.settled()))), n)
            }
            Err(n) => (None, vec![n]),
        }
    };
    let mut sink = FileSink {
        out: io::BufWriter::with_capacity(1 << 16, out),
        err,
        ix: opts.dup.enabled.then(|| Incremental::new(&opts.dup)),
        opts,
        findings,
        counts: Counts::default(),
    };
    let r = ordered::run(&pool, window, move || targets.next(), work, &mut sink);
    let code = sink.counts.exit_code(false);
    r.map(|_| code).map_err(|e| (e, code))
}
