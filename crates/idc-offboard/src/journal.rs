//! The journal: one JSON line per event of a run, written, flushed and synced to disk before the
//! next step, so that a run stopped at any point (an error, a killed process) leaves a record of
//! what was sent and what is known to be done.
//!
//! ```text
//! {"event":"run","time":"2026-12-07T06:40:00Z","format":1,"mode":"apply","cloud":"huawei","instance_id":"ins-1","actions":3}
//! {"event":"started","time":"...","action":"remove_membership:g-1:u-1","operation":{"op":"remove_membership","group":{...},"user":{...},"membership_id":"m-1"}}
//! {"event":"done","time":"...","action":"remove_membership:g-1:u-1","operation":{...},"outcome":"sent"}
//! {"event":"started","time":"...","action":"disable_user:u-1","operation":{...}}
//! {"event":"failed","time":"...","action":"disable_user:u-1","operation":{...},"error":"..."}
//! ```
//!
//! - `run`: a run (an apply or an undo) begins; a journal holds every run made with it, in order.
//! - `started`: the action is about to be sent. Its `operation` carries everything undoing it needs
//!   (the ids of the principal, group, account, permission set, application).
//! - `done`: its outcome is known: `sent` (this run sent it and it succeeded) or `already` (the
//!   state showed it done already, e.g. after a run stopped between `started` and `done`).
//! - `failed`: it failed; `error` says why. The run stopped there.
//!
//! A resumed run skips the actions journaled `done`; an action `started` without an outcome is
//! checked against the current state before it is sent again.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use idc_report::Cloud;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::operation::Operation;

/// The version of the journal's format, in each `run` line.
pub const JOURNAL_FORMAT: u32 = 1;

/// The longest journal line read (1 MiB).
const MAX_LINE: usize = 1 << 20;

/// What a run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Applies a plan.
    Apply,
    /// Undoes a journal.
    Undo,
}

/// How an action's outcome became known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// This run sent it and it succeeded.
    Sent,
    /// The current state showed it done already (a resumed action, or a change made elsewhere);
    /// nothing was sent.
    Already,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Entry {
    /// A run begins.
    Run {
        /// When, RFC 3339 UTC.
        time: String,
        /// [`JOURNAL_FORMAT`].
        format: u32,
        /// Apply or undo.
        mode: Mode,
        /// The cloud.
        cloud: Cloud,
        /// The instance.
        instance_id: String,
        /// The number of actions of the run's plan.
        actions: usize,
    },
    /// An action is about to be sent.
    Started {
        /// When.
        time: String,
        /// The action's key ([`Action::id`](crate::Action::id)).
        action: String,
        /// The operation, with what undoing it needs.
        operation: Operation,
    },
    /// An action's outcome: done.
    Done {
        /// When.
        time: String,
        /// The action's key.
        action: String,
        /// The operation, as sent (with ids learned while sending it).
        operation: Operation,
        /// Sent, or found done already.
        outcome: Outcome,
    },
    /// An action's outcome: failed.
    Failed {
        /// When.
        time: String,
        /// The action's key.
        action: String,
        /// The operation.
        operation: Operation,
        /// Why.
        error: String,
    },
}

/// Where each action of a journal stands (its last line wins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Started, no outcome journaled: it may or may not have taken effect.
    Started(Operation),
    /// Done.
    Done(Operation),
    /// Failed (it may be retried).
    Failed(Operation),
}

/// A journal read back: its entries and the state of each action.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Every line, in order.
    pub entries: Vec<Entry>,
}

impl Record {
    /// Reads a journal; a missing file is an empty record.
    pub fn read(path: &Path) -> Result<Self> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let mut reader = BufReader::new(file);
        let mut entries = Vec::new();
        let mut line = String::new();
        let mut number = 0;
        loop {
            line.clear();
            number += 1;
            let n = std::io::Read::take(&mut reader, MAX_LINE as u64 + 1)
                .read_line(&mut line)
                .map_err(|source| Error::Io {
                    path: path.to_owned(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            if n > MAX_LINE {
                return Err(journal_error(path, number, "line over 1 MiB"));
            }
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            match serde_json::from_str::<Entry>(text) {
                Ok(entry) => entries.push(entry),
                // A last line cut short by a crash mid-write: ignored (its action was not sent
                // yet if it is a `started` line, or is checked against the state otherwise).
                Err(_) if !line.ends_with('\n') => {
                    tracing::warn!(
                        line = number,
                        "the journal's last line is incomplete and is ignored"
                    );
                }
                Err(e) => return Err(journal_error(path, number, &e.to_string())),
            }
        }
        Ok(Self { entries })
    }

    /// Each action's state, by key (the last line about it wins).
    pub fn states(&self) -> BTreeMap<String, State> {
        let mut out = BTreeMap::new();
        for entry in &self.entries {
            match entry {
                Entry::Run { .. } => {}
                Entry::Started {
                    action, operation, ..
                } => {
                    out.insert(action.clone(), State::Started(operation.clone()));
                }
                Entry::Done {
                    action, operation, ..
                } => {
                    out.insert(action.clone(), State::Done(operation.clone()));
                }
                Entry::Failed {
                    action, operation, ..
                } => {
                    out.insert(action.clone(), State::Failed(operation.clone()));
                }
            }
        }
        out
    }

    /// The `run` lines: which clouds, instances and modes the journal was written by.
    pub fn runs(&self) -> impl Iterator<Item = (&Cloud, &str, Mode)> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Run {
                cloud,
                instance_id,
                mode,
                ..
            } => Some((cloud, instance_id.as_str(), *mode)),
            _ => None,
        })
    }
}

fn journal_error(path: &Path, line: usize, message: &str) -> Error {
    Error::Journal {
        path: path.to_owned(),
        line,
        message: message.to_owned(),
    }
}

/// A journal open for appending: each [`write`](Self::write) is one line, flushed and synced
/// (`sync_data`) before it returns.
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    file: File,
}

impl Writer {
    /// Opens (creating if needed) the journal for appending.
    pub fn open(path: &Path) -> Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?;
        Ok(Self {
            path: path.to_owned(),
            file,
        })
    }

    /// Appends one entry, flushed and synced to disk.
    pub fn write(&mut self, entry: &Entry) -> Result<()> {
        let mut line = serde_json::to_string(entry).map_err(|e| Error::Journal {
            path: self.path.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        line.push('\n');
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(line.as_bytes()).map_err(io)?;
        self.file.flush().map_err(io)?;
        self.file.sync_data().map_err(io)
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Now, RFC 3339 UTC.
pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
