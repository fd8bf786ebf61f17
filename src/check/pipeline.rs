//! One file's chunks on several threads, taken in in file order.
//!
//! The calling thread reads and decodes chunks into a short queue; `workers` threads of
//! their own each take the next chunk, analyze it, then take it in in its turn
//! ([`Analysis::absorb`]: words, duplicate signature, policy, located findings) while
//! the other workers analyze the chunks after it. A worker whose chunk's turn has not
//! come analyzes one more chunk meanwhile, rather than wait. Chunks are taken in in file
//! order, so the result is the one [`Analysis::chunk`] gives chunk by chunk. At most
//! 2 · `workers` chunks are analyzed at once and [`QUEUED_PER_WORKER`] · `workers` more
//! wait in the queue: memory does not grow with the file.

use std::io;
use std::panic;
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::{analyze_chunk, Analysis};
use crate::analyzers::Analyzer;
use crate::document::Document;
use crate::finding::Finding;
use crate::model::Model;
use crate::read::Chunk;

/// Chunks read ahead per worker (1 MiB each): the reader may fall behind for a while.
const QUEUED_PER_WORKER: usize = 2;

/// Whose turn it is to be taken in, and the analysis to take it in.
struct Turn<'x, 'a, 'p> {
    /// The index of the next chunk to take in.
    next: usize,
    /// A worker panicked: the others stop.
    failed: bool,
    an: &'x mut Analysis<'a, 'p>,
}

/// Shared by the workers.
struct Shared<'x, 'a, 'p> {
    turn: Mutex<Turn<'x, 'a, 'p>>,
    changed: Condvar,
}

impl<'x, 'a, 'p> Shared<'x, 'a, 'p> {
    fn lock(&self) -> MutexGuard<'_, Turn<'x, 'a, 'p>> {
        self.turn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A worker panicked: the others stop.
struct Failed;

/// An analyzed chunk waiting to be taken in: its index, document and findings.
type Ready<'d, 't> = (usize, &'d Document<'t>, &'d mut Vec<Finding>);

impl Shared<'_, '_, '_> {
    /// Takes in those of `ready` (in index order) whose turn it is, in turn; with
    /// `wait`, waits until all are in. Returns whether all are in.
    fn take_in(&self, ready: &mut [Ready<'_, '_>], wait: bool) -> Result<bool, Failed> {
        let last = ready.last().map_or(0, |r| r.0);
        let mut t = self.lock();
        loop {
            if t.failed {
                return Err(Failed);
            }
            let next = t.next;
            for (i, doc, raw) in ready.iter_mut().filter(|r| r.0 >= next) {
                if *i != t.next {
                    break;
                }
                t.an.absorb(doc, raw);
                t.next += 1;
            }
            if t.next != next {
                self.changed.notify_all();
            }
            if t.next > last {
                return Ok(true);
            }
            if !wait {
                return Ok(false);
            }
            t = self.changed.wait(t).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Tells the other workers to stop when a worker unwinds.
struct FailOnPanic<'s, 'x, 'a, 'p>(&'s Shared<'x, 'a, 'p>);

impl Drop for FailOnPanic<'_, '_, '_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().failed = true;
            self.0.changed.notify_all();
        }
    }
}

/// The queue of chunks read, with their indexes.
type Queue = Mutex<mpsc::Receiver<(usize, Chunk)>>;

/// One worker: takes the next chunk, analyzes it and takes it in in its turn. If it
/// is not its turn yet, analyzes one more chunk meanwhile (if one is waiting), rather
/// than wait for the chunk before it to be analyzed.
fn work(shared: &Shared<'_, '_, '_>, queue: &Queue, model: &Model, analyzers: &[Box<dyn Analyzer>]) {
    let _guard = FailOnPanic(shared);
    let (mut raw, mut raw2) = (Vec::new(), Vec::new());
    fn analyze<'t>(
        c: &'t Chunk,
        raw: &mut Vec<Finding>,
        model: &Model,
        analyzers: &[Box<dyn Analyzer>],
    ) -> Document<'t> {
        let (doc, r) = analyze_chunk(model, analyzers, &c.text, &c.invalid, c.origin, std::mem::take(raw));
        *raw = r;
        doc
    }
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((i, chunk)) = next else { return };
        let doc = analyze(&chunk, &mut raw, model, analyzers);
        let r = match shared.take_in(&mut [(i, &doc, &mut raw)], false) {
            Ok(false) => {
                // The queue may be held by a worker waiting for the reader: then wait.
                let more = queue.try_lock().ok().and_then(|q| q.try_recv().ok());
                match more {
                    Some((j, chunk2)) => {
                        let doc2 = analyze(&chunk2, &mut raw2, model, analyzers);
                        shared.take_in(&mut [(i, &doc, &mut raw), (j, &doc2, &mut raw2)], true)
                    }
                    None => shared.take_in(&mut [(i, &doc, &mut raw)], true),
                }
            }
            r => r,
        };
        if r.is_err() {
            return;
        }
    }
}

/// Feeds `chunks` into `an` on `workers` threads (see the module documentation); the
/// first read error stops the reading and is returned once the chunks before it are in.
pub(super) fn run(
    an: &mut Analysis<'_, '_>,
    chunks: impl Iterator<Item = io::Result<Chunk>>,
    workers: usize,
) -> io::Result<()> {
    let workers = workers.max(1);
    let (model, analyzers) = (an.model, an.analyzers);
    let shared = Shared { turn: Mutex::new(Turn { next: 0, failed: false, an }), changed: Condvar::new() };
    let (tx, rx) = mpsc::sync_channel::<(usize, Chunk)>(QUEUED_PER_WORKER * workers);
    // Each worker holds the queue: when all have stopped, sending fails.
    let queue = Arc::new(Mutex::new(rx));
    std::thread::scope(|s| {
        let shared = &shared;
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let queue = Arc::clone(&queue);
                s.spawn(move || work(shared, &queue, model, analyzers))
            })
            .collect();
        drop(queue);
        let mut result = Ok(());
        for (i, c) in chunks.enumerate() {
            match c {
                Ok(c) => {
                    if tx.send((i, c)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        drop(tx);
        for h in handles {
            if let Err(p) = h.join() {
                panic::resume_unwind(p);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckOptions, Located};
    use crate::read::{Chunks, Encoding};

    fn findings(text: &[u8], workers: usize) -> (usize, Vec<Located>, Option<crate::duplicate::Signature>) {
        let model = crate::model::Model::embedded();
        let analyzers = crate::analyzers::default_set();
        let opts = CheckOptions::default();
        let mut an = Analysis::new(model, &analyzers, &opts, opts.policy.file(&crate::check::Target::File("t".into())));
        let chunks = Chunks::sized(4096, Vec::new(), text, Encoding::Utf8);
        if workers == 0 {
            for c in chunks {
                let c = c.unwrap();
                an.chunk(&c.text, &c.invalid, c.origin);
            }
        } else {
            run(&mut an, chunks, workers).unwrap();
        }
        let a = an.finish("t".into()).0;
        (a.report.words, a.report.findings, a.signature)
    }

    #[test]
    fn any_number_of_workers_gives_the_serial_result() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!(
                "Line {i}: the quick brown fox jumps over the lazy dog, teh end.\nClick here to subscribe!\n"
            ));
            if i % 7 == 0 {
                text.push_str("caf\u{e9} na\u{ef}ve tr\u{e8}s bien aaaa aaaa aaaa aaaa aaaa\n");
            }
        }
        let serial = findings(text.as_bytes(), 0);
        assert!(!serial.1.is_empty());
        for w in [1, 2, 3, 8] {
            let p = findings(text.as_bytes(), w);
            assert_eq!(p.0, serial.0);
            assert_eq!(p.1, serial.1);
            assert_eq!(p.2, serial.2);
        }
    }

    #[test]
    fn a_read_error_stops_after_the_chunks_before_it() {
        struct Failing(usize);
        impl io::Read for Failing {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("disk on fire"));
                }
                let n = out.len().min(self.0);
                out[..n].fill(b'a');
                out[n - 1] = b'\n';
                self.0 -= n;
                Ok(n)
            }
        }
        let model = crate::model::Model::embedded();
        let analyzers = crate::analyzers::default_set();
        let opts = CheckOptions::default();
        let mut an = Analysis::new(model, &analyzers, &opts, opts.policy.file(&crate::check::Target::File("t".into())));
        let chunks = Chunks::sized(1024, Vec::new(), Failing(100_000), Encoding::Utf8);
        let e = run(&mut an, chunks, 2).unwrap_err();
        assert_eq!(e.to_string(), "disk on fire");
    }
}
