//! The progress bar of `garbled check`, on standard error.
//!
//! It is drawn only when standard error is a terminal, the output format is text,
//! `--quiet` is off, the run has at least [`MIN_FILES`] files, and it has been
//! running for [`DELAY`] (checked as each file finishes): a short run never shows
//! it. It is cleared before the report is written, so it never mixes with output.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with fewer files than this never show a bar.
pub const MIN_FILES: usize = 2;
/// How long a run must have been going before the bar appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// A progress bar that may never be drawn (see the module docs).
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar over `files` files; `wanted` is false for machine formats and `--quiet`.
    pub fn new(files: usize, wanted: bool) -> Self {
        Self::with_terminal(files, wanted && std::io::stderr().is_terminal())
    }

    /// [`Progress::new`] with the terminal test done by the caller.
    pub fn with_terminal(files: usize, enabled: bool) -> Self {
        let bar = (enabled && files >= MIN_FILES).then(|| {
            let style = ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} files, {elapsed} (eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden()).with_style(style)
        });
        Progress { bar, start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Whether a bar exists (it may still be waiting for [`DELAY`]).
    pub fn is_enabled(&self) -> bool {
        self.bar.is_some()
    }

    /// Counts one finished file; draws the bar once the run has taken [`DELAY`].
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Clears the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_unless_enabled_with_enough_files() {
        assert!(!Progress::with_terminal(100, false).is_enabled());
        assert!(!Progress::with_terminal(MIN_FILES - 1, true).is_enabled());
        let p = Progress::with_terminal(MIN_FILES, true);
        assert!(p.is_enabled());
        p.tick();
        p.finish();
    }
}
