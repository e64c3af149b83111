//! A progress line on stderr while pages load, only when stderr is a terminal, so that piped output
//! stays clean; and the writers that keep it from garbling what else reaches the terminal.
//!
//! The spinner redraws its line on a timer. Anything else written to the same terminal while it is
//! drawn ends up on the spinner's line or under a stale copy of it, so: stdout on a terminal
//! clears the spinner for good before its first byte ([`ClearOnWrite`]), and log lines (retry
//! warnings, `--verbose`) are written with the spinner hidden for the moment ([`LogWriter`]).

use std::io::{self, IsTerminal, Write};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The spinner on screen, if any: what [`LogWriter`] hides while it writes.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn shown() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    SHOWN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A spinner with `message` on stderr when stderr is a terminal (`None` otherwise).
pub fn spinner(message: &str) -> Option<ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(message.to_owned());
        *shown() = Some(bar.clone());
        bar
    })
}

/// Sets the spinner's message, unless it was cleared already.
pub fn say(bar: &ProgressBar, message: String) {
    if !bar.is_finished() {
        bar.set_message(message);
    }
}

/// Clears the spinner for good.
pub fn clear(bar: &ProgressBar) {
    bar.finish_and_clear();
    let mut shown = shown();
    if shown.as_ref().is_some_and(|s| s.is_finished()) {
        *shown = None;
    }
}

/// Counts pages and items; draws nothing unless stderr is a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    pages: std::cell::Cell<u64>,
}

impl Progress {
    /// A spinner for a listing, when stderr is a terminal.
    pub fn on_terminal() -> Self {
        Self {
            bar: spinner("loading first page"),
            pages: std::cell::Cell::new(0),
        }
    }

    /// The spinner, to clear it from elsewhere (see [`ClearOnWrite`]).
    pub fn bar(&self) -> Option<&ProgressBar> {
        self.bar.as_ref()
    }

    /// One more page, with `items` items so far.
    pub fn page(&self, items: usize) {
        self.pages.set(self.pages.get() + 1);
        if let Some(bar) = &self.bar {
            say(bar, format!("{items} items, {} pages", self.pages.get()));
        }
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            clear(bar);
        }
    }
}

/// A writer that clears a spinner before its first byte: stdout on the terminal the spinner is
/// drawn on. Given no spinner, it only writes.
pub struct ClearOnWrite<W> {
    inner: W,
    bar: Option<ProgressBar>,
}

impl<W: Write> ClearOnWrite<W> {
    /// Clears `bar` (when given) before the first byte reaches `inner`.
    pub fn new(inner: W, bar: Option<ProgressBar>) -> Self {
        Self { inner, bar }
    }

    /// `inner` for stdout: clears `bar` first only when stdout is a terminal (piped output does
    /// not share the spinner's screen, which can go on until the end).
    pub fn stdout(inner: W, bar: Option<&ProgressBar>) -> Self {
        Self::new(inner, bar.filter(|_| io::stdout().is_terminal()).cloned())
    }
}

impl<W: Write> Write for ClearOnWrite<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !buf.is_empty()
            && let Some(bar) = self.bar.take()
        {
            clear(&bar);
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The log's writer: stderr, with the spinner (if one is drawn) hidden while a line is written.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogWriter;

/// One log event, written to stderr when dropped (the subscriber drops it after each event).
pub struct LogLine(Vec<u8>);

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        let line = std::mem::take(&mut self.0);
        let write = move || {
            let mut err = io::stderr().lock();
            // A log line that cannot be written has nowhere else to go.
            let _ = err.write_all(&line);
            let _ = err.flush();
        };
        let bar = shown().clone();
        match bar {
            Some(bar) if !bar.is_finished() => bar.suspend(write),
            _ => write(),
        }
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> Self::Writer {
        LogLine(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spinner_is_cleared_before_the_first_byte_and_only_then() {
        let bar = ProgressBar::hidden();
        let mut out = ClearOnWrite::new(Vec::new(), Some(bar.clone()));
        out.write_all(b"").unwrap();
        assert!(!bar.is_finished(), "nothing was written yet");
        out.write_all(b"ID\n").unwrap();
        assert!(bar.is_finished());
        assert_eq!(out.inner, b"ID\n");
    }

    #[test]
    fn without_a_spinner_it_only_writes() {
        let mut out = ClearOnWrite::new(Vec::new(), None);
        out.write_all(b"x").unwrap();
        assert_eq!(out.inner, b"x");
    }

    #[test]
    fn a_log_line_is_held_until_the_event_ends() {
        let mut line = LogLine(Vec::new());
        line.write_all(b" WARN retrying").unwrap();
        line.write_all(b"\n").unwrap();
        assert_eq!(line.0, b" WARN retrying\n");
        // Dropping it writes to stderr; emptied first so that the test prints nothing.
        line.0.clear();
    }
}
