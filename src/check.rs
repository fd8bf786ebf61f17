//! The `check` pipeline: targets → read → tokenize → analyze → score, in input order.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::analyzers::{Analyzer, Context};
use crate::document::{Document, Position};
use crate::finding::{Category, Finding, Severity};
use crate::model::Model;
use crate::read::{for_each_chunk, sniff, Chunks, Encoding, SNIFF};
use crate::rules::Rule;
use crate::score::{Scores, Tally};

pub(crate) mod group;
mod pipeline;
mod targets;
pub use targets::{collect_targets, collect_targets_with, io_notice};

/// Findings kept per file; later ones still count towards the score.
pub const MAX_FINDINGS: usize = 10_000;
/// Characters of flagged text kept in a finding's `text`.
pub const MAX_TEXT_CHARS: usize = 200;

/// What to check: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard input, reported under the given name.
    Stdin(String),
    /// A file, reported under the path as given or found by walking.
    File(PathBuf),
}

impl Target {
    /// The name used in reports.
    pub fn display(&self) -> String {
        match self {
            Target::Stdin(name) => name.clone(),
            Target::File(p) => p.display().to_string(),
        }
    }
}

/// Settings of one check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files scoring below this fail.
    pub fail_under: u8,
    /// Check files that look binary instead of skipping them.
    pub binary: bool,
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
    /// Duplicate detection across files.
    pub dup: crate::duplicate::DupOptions,
    /// Configuration, suppression comments and baseline applied to findings.
    pub policy: std::sync::Arc<crate::config::Policy>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            fail_under: crate::score::DEFAULT_FAIL_UNDER,
            binary: false,
            jobs: None,
            dup: Default::default(),
            policy: Default::default(),
        }
    }
}

/// A finding located by line and column, ready to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The rule that fired.
    pub rule: &'static Rule,
    /// Severity.
    pub severity: Severity,
    /// Where the flagged text starts.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
    /// The flagged text, cut to [`MAX_TEXT_CHARS`] characters.
    pub text: String,
    /// What is wrong.
    pub message: String,
    /// The likely repair.
    pub suggestion: Option<String>,
}

/// How two files match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateKind {
    /// High resemblance.
    NearDuplicate,
    /// Most of one file appears in the other.
    Contained,
    /// A synonym-swapped copy.
    SpunCopy,
}

impl DuplicateKind {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateKind::NearDuplicate => "near-duplicate",
            DuplicateKind::Contained => "contained",
            DuplicateKind::SpunCopy => "spun-copy",
        }
    }
}

/// Another file that this file duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateRef {
    /// The other file.
    pub path: String,
    /// Similarity, 0..=1.
    pub similarity: f64,
    /// How they match.
    pub kind: DuplicateKind,
}

/// The result for one checked file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The path as reported.
    pub path: String,
    /// Word and number tokens.
    pub words: usize,
    /// Category and file scores.
    pub scores: Scores,
    /// `scores.file >= fail_under`.
    pub passed: bool,
    /// Findings in position order (at most [`MAX_FINDINGS`]).
    pub findings: Vec<Located>,
    /// Files this one duplicates.
    pub duplicates: Vec<DuplicateRef>,
}

/// Something to tell the user about a path that is not a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Could not be read: makes the run exit 2.
    Error {
        /// The path.
        path: String,
        /// Why.
        message: String,
    },
    /// Not checked on purpose (binary), or checked with a remark (empty, truncated findings).
    Note {
        /// The path.
        path: String,
        /// What to know.
        message: String,
    },
}

/// Everything a run produced, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// Checked files.
    pub files: Vec<FileReport>,
    /// Errors and notes, in input order.
    pub notices: Vec<Notice>,
    /// The gate.
    pub fail_under: u8,
    /// Findings hidden by a baseline, and the findings recorded for one.
    pub baseline: crate::baseline::Outcome,
}

impl RunReport {
    /// 2 if any input could not be read, else 1 if any file failed, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.notices.iter().any(|n| matches!(n, Notice::Error { .. })) {
            2
        } else if self.files.iter().any(|f| !f.passed) {
            1
        } else {
            0
        }
    }
}

/// Checks every target with `analyzers`, in parallel, returning results in input order.
pub fn run(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
) -> RunReport {
    run_with_progress(targets, model, analyzers, opts, None)
}

/// [`run`], calling `progress` (from worker threads) after each target is done.
pub fn run_with_progress(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    progress: Option<&(dyn Fn() + Sync)>,
) -> RunReport {
    let bytes = known_bytes(&targets);
    preparing(analyzers, model, bytes, opts.jobs, || run_prepared(targets, model, analyzers, opts, progress, bytes))
}

/// Runs `f` while [`crate::analyzers::prepare_all`] prepares `analyzers` for `bytes`
/// of text: alongside, on a thread of its own, when `jobs` allows more than one thread
/// (an analyzer does without what is not ready yet: results never depend on it), so
/// the other core does not wait; else first.
pub(crate) fn preparing<R>(
    analyzers: &[Box<dyn Analyzer>],
    model: &Model,
    bytes: u64,
    jobs: Option<usize>,
    f: impl FnOnce() -> R,
) -> R {
    let ctx = crate::analyzers::Context { model };
    if jobs.unwrap_or_else(rayon::current_num_threads) <= 1 {
        crate::analyzers::prepare_all(analyzers, &ctx, bytes);
        return f();
    }
    std::thread::scope(|s| {
        s.spawn(|| crate::analyzers::prepare_all(analyzers, &ctx, bytes));
        f()
    })
}

/// Threads that analyze the chunks of each file in a run of `files` files on `threads`
/// threads: all of them for a single file; one each when several files are checked in
/// parallel already.
pub(crate) fn chunk_workers(files: usize, threads: usize) -> usize {
    if files == 1 {
        threads
    } else {
        1
    }
}

/// The options for a run over `files` files: with one file and no reference collection
/// its signature could match nothing, so it is not built (the same report, without the
/// duplicate stage's work).
pub fn options_for(files: usize, opts: &CheckOptions) -> std::borrow::Cow<'_, CheckOptions> {
    if files == 1 && opts.dup.enabled && opts.dup.against.is_none() {
        let mut o = opts.clone();
        o.dup.enabled = false;
        std::borrow::Cow::Owned(o)
    } else {
        std::borrow::Cow::Borrowed(opts)
    }
}

/// [`run_with_progress`] once the analyzers are told what to prepare.
fn run_prepared(
    targets: Vec<Result<Target, Notice>>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    progress: Option<&(dyn Fn() + Sync)>,
    bytes: u64,
) -> RunReport {
    let files = targets.len();
    let opts = &*options_for(files, opts);
    let work = || {
        let threads = rayon::current_num_threads();
        // (One file, or large ones, make groups of one: each is checked alone, its
        // chunks in parallel.)
        let per = group::files_per_group(files, bytes, threads);
        if per > 1 {
            return targets
                .into_par_iter()
                .chunks(per)
                .flat_map_iter(|g| group::check_files(g, model, analyzers, opts, progress))
                .collect::<Vec<_>>();
        }
        let batch = chunk_workers(files, threads);
        targets
            .into_par_iter()
            .map(|t| {
                let r = match t {
                    Ok(t) => check_one_batched(&t, model, analyzers, opts, batch),
                    Err(n) => (None, vec![n]),
                };
                if let Some(p) = progress {
                    p();
                }
                r
            })
            .collect::<Vec<_>>()
    };
    let pool = opts.jobs.and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().ok());
    let results = match &pool {
        Some(pool) => pool.install(work),
        None => work(),
    };
    let mut files = Vec::new();
    let mut extra = Vec::new();
    let mut notices = Vec::new();
    let mut states = Vec::new();
    for (f, n) in results {
        notices.extend(n);
        if let Some((f, (sig, tally, source, state))) = f {
            files.push(f);
            extra.push((sig, tally, source));
            states.push(state);
        }
    }
    // Duplicates: all signatures at once, in input order.
    let mut dup = || {
        let sigs: Vec<_> = extra.iter().map(|x| x.0.as_ref()).collect();
        let sources: Vec<_> = extra.iter().map(|x| x.2.as_deref()).collect();
        let mut hits = crate::duplicate::find(&sigs, &opts.dup);
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        opts.policy.filter_duplicates(&mut hits, &mut states, &paths, opts.dup.against.as_deref());
        let mut tallies: Vec<Tally> = extra.iter().map(|x| x.1.clone()).collect();
        let cost = |i: usize, r: &'static Rule| states[i].duplicate_cost(r);
        crate::duplicate::apply(&mut files, &sigs, &sources, &mut tallies, hits, &opts.dup, &cost);
    };
    match &pool {
        Some(pool) => pool.install(dup),
        None => dup(),
    }
    for (f, s) in files.iter_mut().zip(&states) {
        f.passed = f.scores.file >= s.fail_under().unwrap_or(opts.fail_under);
    }
    let baseline = opts.policy.outcome(states);
    RunReport { files, notices, fail_under: opts.fail_under, baseline }
}

/// Files whose sizes [`known_bytes`] adds up (a run of many small files need not
/// stat them all twice for a hint).
const SIZED_TARGETS: usize = 256;

/// About how many bytes of text `targets` hold, from the sizes of the first
/// [`SIZED_TARGETS`] files, scaled up to the number of targets when there are more
/// (standard input and unreadable files count 0): the hint
/// [`crate::analyzers::prepare_all`] takes.
pub(crate) fn known_bytes(targets: &[Result<Target, Notice>]) -> u64 {
    let size = |t: &Result<Target, Notice>| match t {
        Ok(Target::File(p)) => std::fs::metadata(p).map_or(0, |m| m.len()),
        _ => 0,
    };
    let sized: u64 = targets.iter().take(SIZED_TARGETS).map(size).sum();
    let n = targets.len() as u64;
    let seen = n.min(SIZED_TARGETS as u64);
    sized.saturating_mul(n).checked_div(seen).unwrap_or(0)
}

/// Checks one target; returns its report (if it was checked) and its notices.
pub fn check_target(
    target: &Target,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
) -> (Option<FileReport>, Vec<Notice>) {
    let (f, n) = check_one(target, model, analyzers, opts);
    (f.map(|x| x.0), n)
}

/// What [`run`] keeps of a checked file besides its report: its duplicate signature
/// (unless duplicates are off), its points, to re-score after matching, and its path
/// if it can be read again (to quote the text of duplicate findings), and its policy state.
pub(crate) type Extra<'p> = (Option<crate::duplicate::Signature>, Tally, Option<PathBuf>, crate::config::FileState<'p>);

/// [`check_target`], also returning the file's [`Extra`].
pub(crate) fn check_one<'p>(
    target: &Target,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
) -> (Option<(FileReport, Extra<'p>)>, Vec<Notice>) {
    check_one_batched(target, model, analyzers, opts, 1)
}

/// [`check_one`], analyzing the chunks of the file on `batch` threads (see [`pipeline`]),
/// taken in in order: the same output for any `batch`.
pub(crate) fn check_one_batched<'p>(
    target: &Target,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
    batch: usize,
) -> (Option<(FileReport, Extra<'p>)>, Vec<Notice>) {
    let reader: Box<dyn Read> = match target {
        Target::Stdin(_) => Box::new(io::stdin().lock()),
        Target::File(p) => match File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => return (None, vec![io_notice(p, &e)]),
        },
    };
    let source = match target {
        Target::File(p) => Some(p.clone()),
        Target::Stdin(_) => None,
    };
    let state = opts.policy.file(target);
    let on_error = |e: &io::Error| read_error(target, e);
    check_reader(target.display(), reader, source, &on_error, model, analyzers, opts, state, batch)
}

/// Checks `bytes` as if they were a file named `name` (no duplicate matching):
/// the whole per-file pipeline in memory, for tests and fuzzing.
pub fn check_bytes(
    name: &str,
    bytes: &[u8],
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
) -> (Option<FileReport>, Vec<Notice>) {
    check_read(name, bytes, model, analyzers, opts)
}

/// [`check_bytes`] on any reader; a read error gives an error notice naming `name`.
pub fn check_read(
    name: &str,
    reader: impl Read,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
) -> (Option<FileReport>, Vec<Notice>) {
    let on_error = |e: &io::Error| Notice::Error { path: name.to_string(), message: e.to_string() };
    let state = opts.policy.file(&Target::File(PathBuf::from(name)));
    let (f, n) = check_reader(name.to_string(), Box::new(reader), None, &on_error, model, analyzers, opts, state, 1);
    let f = f.map(|(mut f, _)| {
        f.passed = f.scores.file >= opts.fail_under;
        f
    });
    (f, n)
}

/// [`check_one_batched`] on an open reader; `on_error` turns a read error into a notice.
#[allow(clippy::too_many_arguments)]
fn check_reader<'p>(
    path: String,
    mut reader: Box<dyn Read + '_>,
    source: Option<PathBuf>,
    on_error: &dyn Fn(&io::Error) -> Notice,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    state: crate::config::FileState<'p>,
    batch: usize,
) -> (Option<(FileReport, Extra<'p>)>, Vec<Notice>) {
    let (head, enc, notices) = match open_text(&path, &mut reader, on_error, opts) {
        Ok(o) => o,
        Err(n) => return (None, vec![n]),
    };
    let mut an = Analysis::new(model, analyzers, opts, state);
    let result = if batch <= 1 {
        for_each_chunk(head, reader, enc, |chunk| an.chunk(&chunk.text, &chunk.invalid, chunk.origin))
    } else {
        pipeline::run(&mut an, Chunks::new(head, reader, enc), batch)
    };
    if let Err(e) = result {
        return (None, vec![on_error(&e)]);
    }
    finish_file(an, path, source, notices)
}

/// What [`check_one`] gives for one target.
pub(crate) type Checked<'p> = (Option<(FileReport, Extra<'p>)>, Vec<Notice>);

/// Reads the head of a text to sniff its encoding: the head, the encoding and the
/// notices so far (an empty file), or the one notice checking it ends with (a read
/// error, a skipped binary file).
fn open_text(
    path: &str,
    reader: &mut Box<dyn Read + '_>,
    on_error: &dyn Fn(&io::Error) -> Notice,
    opts: &CheckOptions,
) -> Result<(Vec<u8>, Encoding, Vec<Notice>), Notice> {
    let mut notices = Vec::new();
    // (Read into spare capacity: zero-filling a head per file cost as much as checking
    // a short one.)
    let mut head = Vec::with_capacity(SNIFF);
    if let Err(e) = reader.by_ref().take(SNIFF as u64).read_to_end(&mut head) {
        return Err(on_error(&e));
    }
    let mut enc = sniff(&head);
    if enc == Encoding::Binary {
        if !opts.binary {
            let message = "binary file (contains NUL bytes), skipped; pass --binary to check it".to_string();
            return Err(Notice::Note { path: path.to_string(), message });
        }
        enc = Encoding::Utf8;
    }
    if head.is_empty() {
        notices.push(Notice::Note { path: path.to_string(), message: "empty file".to_string() });
    }
    Ok((head, enc, notices))
}

/// Scores an analyzed file and gathers its notices.
fn finish_file<'p>(
    an: Analysis<'_, 'p>,
    path: String,
    source: Option<PathBuf>,
    mut notices: Vec<Notice>,
) -> Checked<'p> {
    let (Analyzed { report, tally, signature, dropped, .. }, mut state) = an.finish(path.clone());
    notices.extend(state.take_notices(&path));
    if dropped > 0 {
        notices.push(Notice::Note { path, message: dropped_note(dropped) });
    }
    (Some((report, (signature, tally, source, state))), notices)
}

/// What checking one text produced: its report (scored, duplicates not yet matched),
/// its points (to re-score after duplicate matching), its duplicate signature (unless
/// duplicates are off) and how many findings were not kept (past [`MAX_FINDINGS`]).
#[derive(Debug)]
pub struct Analyzed {
    /// The report, with `passed: true` until the caller applies the gate.
    pub report: FileReport,
    /// Points per category.
    pub tally: Tally,
    /// Duplicate signature, if duplicates are on.
    pub signature: Option<crate::duplicate::Signature>,
    /// Findings counted but not listed.
    pub dropped: usize,
    /// The file's gate and duplicate settings from the configuration.
    pub settled: crate::config::Settled,
}

/// The analysis of one text, fed chunk by chunk (a file) or at once (a streamed
/// document, see [`analyze_text`]): the one pipeline every input goes through.
pub struct Analysis<'a, 'p> {
    model: &'a Model,
    analyzers: &'a [Box<dyn Analyzer>],
    tally: Tally,
    words: usize,
    findings: Vec<Located>,
    /// Whether findings are located and kept, or only counted (see [`Analysis::listed`]).
    listed: bool,
    /// Findings within [`MAX_FINDINGS`] so far, listed or not.
    kept: usize,
    dropped: usize,
    raw: Vec<Finding>,
    sig: Option<crate::duplicate::SignatureBuilder>,
    state: crate::config::FileState<'p>,
}

impl<'a, 'p> Analysis<'a, 'p> {
    /// An empty analysis with the options of a run and the policy state of the text.
    pub fn new(
        model: &'a Model,
        analyzers: &'a [Box<dyn Analyzer>],
        opts: &CheckOptions,
        state: crate::config::FileState<'p>,
    ) -> Self {
        Analysis {
            model,
            analyzers,
            tally: Tally::default(),
            words: 0,
            findings: Vec::new(),
            listed: true,
            kept: 0,
            dropped: 0,
            raw: Vec::new(),
            sig: opts.dup.enabled.then(|| opts.dup.builder()),
            state,
        }
    }

    /// The same analysis, its findings listed or (without `listed`) counted but not
    /// located or kept: the report's findings then stay empty, its scores, words and
    /// `dropped` are the same. For a caller that writes no findings (a stream with
    /// `--no-findings` or `--keep-passed`), which then saves a position, an excerpt and
    /// a message per finding.
    pub fn listed(mut self, listed: bool) -> Self {
        self.listed = listed;
        self
    }

    /// Tokenizes and analyzes the next chunk of the text.
    pub fn chunk(&mut self, text: &str, invalid: &[crate::document::InvalidBytes], origin: crate::document::Origin) {
        let raw = std::mem::take(&mut self.raw);
        let (doc, mut raw) = analyze_chunk(self.model, self.analyzers, text, invalid, origin, raw);
        self.absorb(&doc, &mut raw);
        self.raw = raw;
    }

    /// Analyzes the next chunk of the text, tokenized by the caller.
    pub fn document(&mut self, doc: &Document) {
        let mut raw = std::mem::take(&mut self.raw);
        run_analyzers(self.model, self.analyzers, doc, &mut raw);
        self.absorb(doc, &mut raw);
        self.raw = raw;
    }

    /// Takes in one analyzed chunk: its words, signature, policy and findings.
    fn absorb(&mut self, doc: &Document, raw: &mut Vec<Finding>) {
        self.words += doc.word_count();
        if let Some(s) = &mut self.sig {
            s.add(doc);
        }
        self.state.apply(doc, raw);
        for f in raw.iter() {
            self.tally.add(f);
            if self.kept < MAX_FINDINGS {
                self.kept += 1;
                if self.listed {
                    self.findings.push(locate(doc, f));
                }
            } else {
                self.dropped += 1;
            }
        }
    }

    /// Sorts the findings and scores the text, reported under `path`; also returns the
    /// policy state (notes about directives, baseline bookkeeping).
    pub fn finish(self, path: String) -> (Analyzed, crate::config::FileState<'p>) {
        let mut findings = self.findings;
        findings.sort_by(|a, b| {
            (a.start, a.rule.category, a.rule.code, a.end).cmp(&(b.start, b.rule.category, b.rule.code, b.end))
        });
        let scores = self.tally.scores(self.words);
        let report = FileReport { path, words: self.words, scores, passed: true, findings, duplicates: Vec::new() };
        let signature = self.sig.map(|s| s.finish());
        let settled = self.state.settled();
        (Analyzed { report, tally: self.tally, signature, dropped: self.dropped, settled }, self.state)
    }
}

/// Tokenizes one chunk and runs every analyzer on it; `raw` is a buffer to reuse.
fn analyze_chunk<'t>(
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    text: &'t str,
    invalid: &'t [crate::document::InvalidBytes],
    origin: crate::document::Origin,
    mut raw: Vec<Finding>,
) -> (Document<'t>, Vec<Finding>) {
    let doc = Document::new(text, model, invalid, origin);
    run_analyzers(model, analyzers, &doc, &mut raw);
    (doc, raw)
}

/// Runs every analyzer on `doc`, their findings into `raw` (emptied first).
fn run_analyzers(model: &Model, analyzers: &[Box<dyn Analyzer>], doc: &Document, raw: &mut Vec<Finding>) {
    let ctx = Context { model };
    raw.clear();
    for a in analyzers {
        a.analyze(doc, &ctx, raw);
    }
}

/// Checks one text held in memory (a streamed document) exactly as a file with the
/// same content is checked, reported under `path`. A text longer than
/// [`crate::read::CHUNK`] is analyzed in chunks cut at line breaks, like a file.
/// Without `listed`, its findings are only counted ([`Analysis::listed`]).
pub fn analyze_text(
    text: &str,
    path: String,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    state: crate::config::FileState<'_>,
    listed: bool,
) -> Analyzed {
    let mut an = Analysis::new(model, analyzers, opts, state).listed(listed);
    if text.len() <= crate::read::CHUNK {
        an.chunk(text, &[], crate::document::Origin::default());
    } else {
        let r =
            for_each_chunk(Vec::new(), text.as_bytes(), Encoding::Utf8, |c| an.chunk(&c.text, &c.invalid, c.origin));
        debug_assert!(r.is_ok(), "reading from memory cannot fail");
    }
    an.finish(path).0
}

/// [`analyze_text`] of several texts of at most [`crate::read::CHUNK`] bytes each, the
/// same results in the same order: all are tokenized before any is analyzed
/// ([`crate::document::tokenize_group`]), so that their words are looked up while the
/// word-id cache is in the CPU's caches. Without `listed`, findings are only counted.
pub fn analyze_texts<'p>(
    texts: Vec<(&str, String, crate::config::FileState<'p>)>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    listed: bool,
) -> Vec<Analyzed> {
    debug_assert!(texts.iter().all(|t| t.0.len() <= crate::read::CHUNK), "a long text goes to analyze_text");
    let group: Vec<_> = texts.iter().map(|t| (t.0, &[][..], crate::document::Origin::default())).collect();
    let docs = crate::document::tokenize_group(&group, model);
    texts
        .into_iter()
        .zip(docs)
        .map(|((_, path, state), doc)| {
            let mut an = Analysis::new(model, analyzers, opts, state).listed(listed);
            an.document(&doc);
            // (Its buffers go back to the thread's pool for the next texts.)
            drop(doc);
            an.finish(path).0
        })
        .collect()
}

/// The note for findings counted but not listed.
pub fn dropped_note(dropped: usize) -> String {
    format!("{dropped} more findings not listed (only the first {MAX_FINDINGS} are kept; all count towards the score)")
}

fn read_error(target: &Target, e: &io::Error) -> Notice {
    match target {
        Target::File(p) => io_notice(p, e),
        Target::Stdin(name) => Notice::Error { path: name.clone(), message: e.to_string() },
    }
}

/// Turns a byte-span finding into a located one.
pub fn locate(doc: &Document, f: &Finding) -> Located {
    let span = f.span.start.min(doc.text.len())..f.span.end.min(doc.text.len());
    let mut s = span.start;
    while !doc.text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = span.end.max(s);
    while !doc.text.is_char_boundary(e) {
        e += 1;
    }
    let flagged = &doc.text[s..e];
    let text = match flagged.char_indices().nth(MAX_TEXT_CHARS) {
        Some((i, _)) => format!("{}…", &flagged[..i]),
        None => flagged.to_string(),
    };
    Located {
        rule: f.rule,
        severity: f.severity,
        start: doc.position(s),
        end: doc.position(e),
        text,
        message: f.message.clone(),
        suggestion: f.suggestion.clone(),
    }
}

/// The category scores of a report as `(category, score)` pairs.
pub fn category_scores(r: &FileReport) -> impl Iterator<Item = (Category, u8)> + '_ {
    Category::ALL.iter().map(move |&c| (c, r.scores.categories[c.index()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` files of `len` bytes each in a fresh directory, as targets.
    fn files(dir: &std::path::Path, n: usize, len: usize) -> Vec<Result<Target, Notice>> {
        (0..n)
            .map(|i| {
                let p = dir.join(format!("{i}.txt"));
                std::fs::write(&p, vec![b'a'; len]).expect("write");
                Ok(Target::File(p))
            })
            .collect()
    }

    #[test]
    fn texts_analyzed_together_give_what_each_gives_alone() {
        let model = Model::embedded();
        let analyzers = crate::analyzers::default_set();
        let opts = CheckOptions::default();
        let state = || opts.policy.file(&Target::File(PathBuf::from("s.jsonl")));
        let para = "The the committee said that its members will meet on Monday. Click here to subscribe.\n";
        // Enough text together for the cache to be warmed, in texts of different sizes.
        let texts: Vec<String> = (1..60).map(|i| format!("{i} {}", para.repeat(i * 7 % 23 * 2 + 1))).collect();
        assert!(texts.iter().map(String::len).sum::<usize>() >= crate::document::WARM_GROUP);
        let group = texts.iter().enumerate().map(|(i, t)| (t.as_str(), format!("d{i}"), state())).collect();
        let together = analyze_texts(group, model, &analyzers, &opts, true);
        assert_eq!(together.len(), texts.len());
        let group = texts.iter().enumerate().map(|(i, t)| (t.as_str(), format!("d{i}"), state())).collect();
        let unlisted = analyze_texts(group, model, &analyzers, &opts, false);
        for (i, ((t, a), u)) in texts.iter().zip(together).zip(unlisted).enumerate() {
            let alone = analyze_text(t, format!("d{i}"), model, &analyzers, &opts, state(), true);
            assert!(!alone.report.findings.is_empty());
            assert_eq!(a.report, alone.report);
            assert_eq!(a.signature, alone.signature);
            // Unlisted: the same but for the findings.
            assert!(u.report.findings.is_empty());
            assert_eq!(FileReport { findings: Vec::new(), ..a.report }, u.report);
            assert_eq!((u.signature, u.dropped, u.tally), (a.signature, a.dropped, a.tally));
        }
    }

    #[test]
    fn the_size_hint_counts_every_target_from_the_first_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(known_bytes(&[]), 0);
        let few = files(dir.path(), 10, 100);
        assert_eq!(known_bytes(&few), 1_000);
        // Past the files it stats, the hint scales their sizes up to every target.
        let many = files(dir.path(), SIZED_TARGETS * 3, 100);
        assert_eq!(known_bytes(&many), (SIZED_TARGETS * 3 * 100) as u64);
    }
}
