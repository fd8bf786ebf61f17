//! An ordered parallel map over a stream, in bounded memory.
//!
//! A reader thread pulls items from the source; each item is processed as a task on a
//! rayon pool; results are handed to the sink on the calling thread in source order as
//! soon as every earlier one is done. At most `window` items are between the source
//! and the sink at any time (the reader waits for a credit before reading the next),
//! so memory does not grow with the input, and a slow source does not hold back the
//! results already done: the sink is told when it is about to wait ([`Sink::idle`]),
//! the moment to flush.

use std::collections::BTreeMap;
use std::sync::mpsc;

/// Where results go, in order.
pub trait Sink<R> {
    /// Takes the next result; an error stops the run.
    fn put(&mut self, r: R) -> std::io::Result<()>;
    /// Nothing is ready: the sink may flush.
    fn idle(&mut self) -> std::io::Result<()>;
}

enum Event<T, R> {
    Item(T),
    End,
    Done(usize, std::thread::Result<R>),
    SourcePanicked(Box<dyn std::any::Any + Send>),
}

/// Runs `work` on every item of `source` on `pool`, handing the results to `sink` in
/// source order, with at most `window` items in flight. The source runs on a thread
/// of its own (it may block on input); it is left behind if the sink fails.
pub fn run<T, R, S>(
    pool: &rayon::ThreadPool,
    window: usize,
    mut source: impl FnMut() -> Option<T> + Send + 'static,
    work: impl Fn(T) -> R + Sync,
    sink: &mut S,
) -> std::io::Result<()>
where
    T: Send + 'static,
    R: Send + 'static,
    S: Sink<R>,
{
    let window = window.max(1);
    let (tx, rx) = mpsc::channel::<Event<T, R>>();
    let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        credit_tx.send(()).expect("the channel has room for the window");
    }
    let reader_tx = tx.clone();
    std::thread::spawn(move || {
        while credit_rx.recv().is_ok() {
            let ev = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(&mut source)) {
                Ok(Some(t)) => Event::Item(t),
                Ok(None) => Event::End,
                Err(p) => Event::SourcePanicked(p),
            };
            let end = !matches!(ev, Event::Item(_));
            if reader_tx.send(ev).is_err() || end {
                return;
            }
        }
    });
    let work = &work;
    pool.in_place_scope(|s| {
        let mut spawned = 0usize;
        let mut written = 0usize;
        let mut ended = false;
        let mut ready: BTreeMap<usize, R> = BTreeMap::new();
        while !(ended && written == spawned) {
            let ev = match rx.try_recv() {
                Ok(ev) => ev,
                Err(_) => {
                    sink.idle()?;
                    rx.recv().expect("the calling thread holds a sender")
                }
            };
            match ev {
                Event::Item(t) => {
                    let tx = tx.clone();
                    let i = spawned;
                    spawned += 1;
                    s.spawn(move |_| {
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(t)));
                        let _ = tx.send(Event::Done(i, r));
                    });
                }
                Event::End => ended = true,
                Event::SourcePanicked(p) => std::panic::resume_unwind(p),
                Event::Done(i, r) => {
                    let r = r.unwrap_or_else(|p| std::panic::resume_unwind(p));
                    ready.insert(i, r);
                    while let Some(r) = ready.remove(&written) {
                        written += 1;
                        sink.put(r)?;
                        let _ = credit_tx.send(());
                    }
                }
            }
        }
        sink.idle()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Vec<u64>, usize);

    impl Sink<u64> for Collect {
        fn put(&mut self, r: u64) -> std::io::Result<()> {
            self.0.push(r);
            if self.0.len() == self.1 {
                return Err(std::io::Error::other("enough"));
            }
            Ok(())
        }
        fn idle(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn results_come_in_source_order() {
        for threads in [1, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut n = 0u64;
            let source = move || {
                n += 1;
                (n <= 500).then_some(n)
            };
            let mut sink = Collect(Vec::new(), usize::MAX);
            run(
                &pool,
                8,
                source,
                |x| {
                    // Later items finish first, often.
                    std::thread::sleep(std::time::Duration::from_micros((500 - x) % 7 * 50));
                    x * 2
                },
                &mut sink,
            )
            .unwrap();
            assert_eq!(sink.0, (1..=500).map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_failing_sink_stops_the_run_even_on_endless_input() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let mut sink = Collect(Vec::new(), 10);
        let e = run(&pool, 4, || Some(1u64), |x| x, &mut sink).unwrap_err();
        assert_eq!(e.to_string(), "enough");
        assert_eq!(sink.0.len(), 10);
    }
}
