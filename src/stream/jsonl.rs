//! `--input-format jsonl`: records read by a thread of their own, analyzed in batches,
//! written (or, with `--keep-passed`, passed through) in input order.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::Arc;

use super::input::{self, Compression, Line};
use super::{ordered, pool, Counts, StreamOptions, WriteFailure, BATCH_BYTES, BATCH_DOCS, WINDOW_PER_THREAD};
use crate::analyzers::Analyzer;
use crate::check::group::{GROUP_BYTES, GROUP_DOCS};
use crate::check::{self, Analyzed, CheckOptions, Notice, Target};
use crate::duplicate::incremental::{Incremental, Prepared};
use crate::duplicate::{apply_one, Other, Source};
use crate::model::Model;
use crate::report::jsonl::{self, DocRef};

/// Most capacity of the line buffer kept from one line to the next: past it (a line
/// longer than any document; a document is analyzed in chunks of [`crate::read::CHUNK`]) the buffer
/// is released. Releasing smaller ones costs more in allocator slack than it saves.
const LINE_KEPT: usize = 16 << 20;

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
    Doc(Doc, Box<Analyzed>, Option<Box<Prepared>>),
    Bad(Bad),
}

/// The input side: opens the targets in turn and cuts their records into batches.
struct Reader {
    targets: std::vec::IntoIter<Result<Target, Notice>>,
    cur: Option<Current>,
    buf: Vec<u8>,
    fields: Fields,
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
            // A whole line already in the reader's buffer is parsed where it lies, not copied.
            let blank = if let Some(n) = memchr::memchr(b'\n', cur.r.buffer()) {
                cur.line += 1;
                let Current { name, r, line, last, .. } = cur;
                let item = self.fields.item(name, *line, last, &r.buffer()[..=n]);
                r.consume(n + 1);
                push(item, &mut batch, &mut bytes)
            } else {
                self.read_whole_line(&mut batch, &mut bytes)
            };
            if blank {
                continue;
            }
            let drained = self.cur.as_ref().is_none_or(|c| c.r.buffer().is_empty());
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES || (drained && !batch.is_empty()) {
                return Some(batch);
            }
        }
    }

    /// Reads the next line of the current input through the line buffer (a line not all
    /// in the reader's buffer, or the end, or an error) and adds what it holds to `batch`;
    /// whether the line was blank.
    fn read_whole_line(&mut self, batch: &mut Vec<Item>, bytes: &mut usize) -> bool {
        let Some(cur) = self.cur.as_mut() else { return false };
        let bad = |message: String, id: Option<String>, line: u64| {
            Item::Bad(Bad { file: cur.name.clone(), line: Some(line), id, message })
        };
        match input::read_line(&mut cur.r, &mut self.buf, input::MAX_LINE) {
            Ok(Line::Eof) => self.cur = None,
            Ok(Line::TooLong(n)) => {
                cur.line += 1;
                let m =
                    format!("the line is {n} bytes long, more than the {} MiB limit: skipped", input::MAX_LINE >> 20);
                batch.push(bad(m, None, cur.line));
            }
            Ok(Line::Line) => {
                cur.line += 1;
                let item = self.fields.item(&cur.name, cur.line, &mut cur.last, &self.buf);
                if push(item, batch, bytes) {
                    return true;
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
        if self.buf.capacity() > LINE_KEPT {
            // A long line's buffer is not kept for the rest of the stream.
            self.buf = Vec::new();
        }
        false
    }
}

/// Adds a line's item (and its text length) to the batch; whether the line was blank.
fn push(item: Option<(Item, usize)>, batch: &mut Vec<Item>, bytes: &mut usize) -> bool {
    let Some((item, len)) = item else { return true };
    *bytes += len;
    batch.push(item);
    false
}

/// How records are read: the two fields, and whether the input line is kept.
struct Fields {
    text: String,
    id: String,
    keep_raw: bool,
}

impl Fields {
    /// The item for line `n` of input `name` (its bytes as read, line break included)
    /// and its text length; `None` for a blank line. `last` becomes this document.
    fn item(&self, name: &Arc<str>, n: u64, last: &mut Option<(String, u64)>, raw: &[u8]) -> Option<(Item, usize)> {
        let line = if n == 1 { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        Some(match input::parse(line, &self.text, &self.id) {
            Ok((text, id)) => {
                let id = id.unwrap_or_else(|| format!("{name}:{n}"));
                match last {
                    // (The last id's allocation is reused.)
                    Some((l, at)) => {
                        l.clear();
                        l.push_str(&id);
                        *at = n;
                    }
                    None => *last = Some((id.clone(), n)),
                }
                let len = text.len();
                let raw = if self.keep_raw { raw.to_vec() } else { Vec::new() };
                (Item::Doc(Doc { file: name.clone(), line: n, id, text, raw }), len)
            }
            Err(b) => (Item::Bad(Bad { file: name.clone(), line: Some(n), id: b.id, message: b.message }), 0),
        })
    }
}

fn notice_bad(n: Notice) -> Bad {
    let (Notice::Error { path, message } | Notice::Note { path, message }) = n;
    Bad { file: path.into(), line: None, id: None, message }
}

struct JsonlSink<'a, W: Write, E: Write> {
    out: io::BufWriter<W>,
    err: &'a mut E,
    ix: Option<Incremental>,
    /// Input file (index into `files`) and line of each entry of `ix` kept, from
    /// entry `ix.first()` on.
    at: std::collections::VecDeque<(u32, u64)>,
    /// The entry `at` starts with.
    at_first: usize,
    /// The input files named in `at`.
    files: Vec<Arc<str>>,
    opts: &'a CheckOptions,
    s: &'a StreamOptions,
    counts: Counts,
}

impl<W: Write, E: Write> JsonlSink<'_, W, E> {
    fn doc(&mut self, d: Doc, a: Analyzed, prepared: Option<Box<Prepared>>) -> io::Result<()> {
        let Analyzed { mut report, mut tally, dropped, settled: state, .. } = a;
        let mut others = Vec::new();
        if let (Some(ix), Some(p)) = (&mut self.ix, prepared) {
            let mut hits = ix.push(&d.id, &p);
            hits.retain(|h| state.dup_kept[crate::duplicate::kind_index(h.verdict.kind)]);
            if ix.added() > self.at_first + self.at.len() {
                if self.files.last() != Some(&d.file) {
                    self.files.push(d.file.clone());
                }
                self.at.push_back(((self.files.len() - 1) as u32, d.line));
            }
            // Entries the index dropped (for memory) are never named again.
            while self.at_first < ix.first() {
                self.at.pop_front();
                self.at_first += 1;
            }
            if !hits.is_empty() {
                let ix = &*ix;
                let lookup = |o| ix.lookup(o);
                let cost = |r| state.duplicate_cost(r);
                others = apply_one(
                    &mut report,
                    &p.sig,
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
        if dropped > 0 && self.s.findings && !self.s.keep_passed {
            self.out.flush()?;
            let note = check::dropped_note(dropped);
            let _ = writeln!(self.err, "garbled: note: {}:{} (id \"{}\"): {note}", d.file, d.line, d.id);
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
                (Other::File(i), Some(ix)) => {
                    let (file, line) = self.at[i - self.at_first];
                    Some(DocRef { id: ix.name(i), file: &self.files[file as usize], line })
                }
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
                Done::Doc(doc, a, p) => self.doc(doc, *a, p)?,
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
) -> Result<i32, WriteFailure> {
    let pool = pool(opts).map_err(|e| (e, 2))?;
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let mut reader = Reader {
        targets: targets.into_iter(),
        cur: None,
        buf: Vec::new(),
        fields: Fields { text: s.text_field.clone(), id: s.id_field.clone(), keep_raw: s.keep_passed },
    };
    // Findings not written are not located either.
    let listed = s.findings && !s.keep_passed;
    let work = |batch: Vec<Item>| analyze_batch(batch, model, analyzers, opts, listed);
    let mut sink = JsonlSink {
        out: io::BufWriter::with_capacity(1 << 16, out),
        err,
        ix: opts.dup.enabled.then(|| Incremental::new(&opts.dup)),
        at: Default::default(),
        at_first: 0,
        files: Vec::new(),
        opts,
        s,
        counts: Counts::default(),
    };
    let r = ordered::run(&pool, window, move || reader.next_batch(), work, &mut sink);
    let code = sink.counts.exit_code(s.keep_passed);
    r.map(|_| code).map_err(|e| (e, code))
}

/// Analyzes a batch of items, in order: runs of documents of up to [`GROUP_BYTES`] (and
/// [`GROUP_DOCS`]) are tokenized together ([`check::analyze_texts`]); a document longer
/// than [`crate::read::CHUNK`] is analyzed alone, in chunks. Without `listed`, findings
/// are only counted.
fn analyze_batch(
    batch: Vec<Item>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &CheckOptions,
    listed: bool,
) -> Vec<Done> {
    let mut done = Vec::with_capacity(batch.len());
    let mut states = States::default();
    let mut group: Vec<Doc> = Vec::new();
    let mut bytes = 0;
    for it in batch {
        match it {
            Item::Doc(d) if d.text.len() <= crate::read::CHUNK => {
                bytes += d.text.len();
                group.push(d);
                if group.len() >= GROUP_DOCS || bytes >= GROUP_BYTES {
                    analyze_group(&mut group, model, analyzers, opts, listed, &mut states, &mut done);
                    bytes = 0;
                }
            }
            Item::Doc(d) => {
                analyze_group(&mut group, model, analyzers, opts, listed, &mut states, &mut done);
                bytes = 0;
                let state = states.of(&d, opts);
                let a = check::analyze_text(&d.text, d.id.clone(), model, analyzers, opts, state, listed);
                done.push(done_doc(d, a, opts));
            }
            Item::Bad(b) => {
                analyze_group(&mut group, model, analyzers, opts, listed, &mut states, &mut done);
                bytes = 0;
                done.push(Done::Bad(b));
            }
        }
    }
    analyze_group(&mut group, model, analyzers, opts, listed, &mut states, &mut done);
    done
}

/// Analyzes the documents of `group` (emptied) onto `done`.
fn analyze_group<'p>(
    group: &mut Vec<Doc>,
    model: &Model,
    analyzers: &[Box<dyn Analyzer>],
    opts: &'p CheckOptions,
    listed: bool,
    states: &mut States<'p>,
    done: &mut Vec<Done>,
) {
    if group.is_empty() {
        return;
    }
    let texts = group.iter().map(|d| (d.text.as_str(), d.id.clone(), states.of(d, opts))).collect();
    let analyzed = check::analyze_texts(texts, model, analyzers, opts, listed);
    done.extend(group.drain(..).zip(analyzed).map(|(d, a)| done_doc(d, a, opts)));
}

/// The policy state of each document of a batch: that of its input file, worked out
/// once per file and cloned (working it out per document took a path, a file name and,
/// with a configuration, the current directory from the system, every time).
#[derive(Default)]
struct States<'p> {
    last: Option<(Arc<str>, crate::config::FileState<'p>)>,
}

impl<'p> States<'p> {
    /// A fresh policy state for document `d`.
    fn of(&mut self, d: &Doc, opts: &'p CheckOptions) -> crate::config::FileState<'p> {
        match &self.last {
            Some((file, s)) if Arc::ptr_eq(file, &d.file) => s.clone(),
            _ => {
                let s = opts.policy.file(&check::Target::File(std::path::PathBuf::from(&*d.file)));
                self.last = Some((d.file.clone(), s.clone()));
                s
            }
        }
    }
}

/// A document's result: its text dropped unless duplicates need to quote it, and the
/// newcomer's share of duplicate matching, done here on a worker thread.
fn done_doc(mut d: Doc, mut a: Analyzed, opts: &CheckOptions) -> Done {
    if !opts.dup.enabled {
        d.text = String::new();
    }
    let p = a.signature.take().map(|s| Box::new(Prepared::new(s)));
    Done::Doc(d, Box::new(a), p)
}
