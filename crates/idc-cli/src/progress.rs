//! A progress line on stderr while pages load, only when stderr is a terminal, so that piped output
//! stays clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts pages and items; draws nothing unless stderr is a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    pages: std::cell::Cell<u64>,
}

impl Progress {
    pub fn on_terminal() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar.set_message("loading first page");
            bar
        });
        Self {
            bar,
            pages: std::cell::Cell::new(0),
        }
    }

    pub fn page(&self, items: usize) {
        self.pages.set(self.pages.get() + 1);
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{items} items, {} pages", self.pages.get()));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
