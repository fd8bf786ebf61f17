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

mod files;
pub mod input;
mod jsonl;
pub mod ordered;
mod record;

pub use files::run_files;
pub use jsonl::run_jsonl;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::check::{self, CheckOptions};
use crate::model::Model;
use crate::report::Format;

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
/// Up to [`WINDOW_PER_THREAD`] tasks a thread are in flight, texts and results: 256 KiB
/// rather than 1 MiB keeps peak memory 8 MB lower at `-j1` (19 MB at `-j2`) for the
/// same CPU time.
pub const BATCH_BYTES: usize = 256 << 10;
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
    // A stream's candidates come from the sketches' anchors: no MinHash is built
    // (unless an `--against` collection needs it, see `DupOptions::builder`).
    let mut streamed = opts.clone();
    streamed.dup.minhash = false;
    let opts = &streamed;
    let default = if s.input == InputFormat::Jsonl { "-" } else { "." };
    let paths = if paths.is_empty() { vec![PathBuf::from(default)] } else { paths.to_vec() };
    let targets = check::collect_targets_with(&paths, &s.stdin_name, &opts.policy);
    let analyzers = crate::analyzers::enabled_set(|r| opts.policy.may_report(r));
    // (The size of compressed input counts as is: a hint, low for gzip.)
    let bytes = check::known_bytes(&targets);
    let stdout = io::stdout();
    let stderr = io::stderr();
    let out = stdout.lock();
    let mut err = stderr.lock();
    let r = check::preparing(&analyzers, model, bytes, opts.jobs, || match s.input {
        InputFormat::Jsonl => run_jsonl(targets, model, &analyzers, opts, s, out, &mut err),
        InputFormat::Text => files::run_files(targets, model, &analyzers, opts, s.findings, out, &mut err, bytes),
    });
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

pub(crate) fn pool(opts: &CheckOptions) -> io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new().num_threads(opts.jobs.unwrap_or(0)).build().map_err(io::Error::other)
}

/// A run that failed to write: the error and the exit status so far.
pub type WriteFailure = (io::Error, i32);

/// What the writing side of a streamed run counts.
#[derive(Default)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) failed: usize,
}

impl Counts {
    pub(crate) fn exit_code(&self, keep_passed: bool) -> i32 {
        if self.errors > 0 {
            2
        } else if self.failed > 0 && !keep_passed {
            1
        } else {
            0
        }
    }
}
