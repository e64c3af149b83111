//! Applying a plan: each action journaled before and after, the first failure stops the run, and
//! a run with the same journal resumes.

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::journal::{Entry, JOURNAL_FORMAT, Mode, Outcome, State, Writer, now};
use crate::plan::{Action, Plan};
use crate::target::Target;

/// What a run reports while it goes, for progress output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The action is about to be sent.
    Started {
        /// Its key.
        action: String,
        /// What it does, in words.
        description: String,
    },
    /// Sent and succeeded.
    Done {
        /// Its key.
        action: String,
    },
    /// The state showed it done already: nothing sent.
    AlreadyDone {
        /// Its key.
        action: String,
    },
    /// The journal says an earlier run did it: skipped.
    Skipped {
        /// Its key.
        action: String,
    },
    /// It failed: the run stops.
    Failed {
        /// Its key.
        action: String,
        /// Why.
        error: String,
    },
}

/// What a run did, by action key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApplyOutcome {
    /// Sent by this run.
    pub sent: Vec<String>,
    /// Found done already by this run's state check.
    pub already: Vec<String>,
    /// Skipped: journaled done by an earlier run.
    pub skipped: Vec<String>,
}

/// Runs `plan` with `journal`: see [`Offboarder::apply`](crate::Offboarder::apply). With
/// `check_all`, every action is checked against the state before it is sent, not only those the
/// journal knows (an undo does: what it restores may never have been removed).
pub(crate) async fn run(
    off: &Target,
    plan: &Plan,
    journal: &Path,
    mode: Mode,
    check_all: bool,
    mut on_event: impl FnMut(&Event) + Send,
) -> Result<ApplyOutcome> {
    off.check_target("the plan", plan.cloud, &plan.instance_id)?;
    let record = off.read_journal(journal)?;
    let states = record.states();
    let mut writer = Writer::open(journal)?;
    writer.write(&Entry::Run {
        time: now(),
        format: JOURNAL_FORMAT,
        mode,
        cloud: plan.cloud,
        instance_id: plan.instance_id.clone(),
        actions: plan.actions.len(),
    })?;
    let mut outcome = ApplyOutcome::default();
    for (i, action) in plan.actions.iter().enumerate() {
        let key = action.id.clone();
        let state = states.get(&key);
        if matches!(state, Some(State::Done(_))) {
            on_event(&Event::Skipped {
                action: key.clone(),
            });
            outcome.skipped.push(key);
            continue;
        }
        let result = step(
            off,
            action,
            &mut writer,
            state.is_some() || check_all,
            &mut on_event,
        )
        .await;
        match result {
            Ok(Outcome::Sent) => outcome.sent.push(key),
            Ok(Outcome::Already) => outcome.already.push(key),
            Err(error) => {
                let error = error.to_string();
                // Journal the failure (best effort: the error that stopped the run is reported
                // even if the journal cannot be written now).
                let failed = Entry::Failed {
                    time: now(),
                    action: key.clone(),
                    operation: action.operation.clone(),
                    error: error.clone(),
                };
                if let Err(e) = writer.write(&failed) {
                    tracing::error!(error = %e, "the failure could not be journaled");
                }
                on_event(&Event::Failed {
                    action: key.clone(),
                    error: error.clone(),
                });
                let mut done = outcome.skipped.clone();
                done.extend(outcome.already.iter().cloned());
                done.extend(outcome.sent.iter().cloned());
                return Err(Error::Stopped {
                    failed: key,
                    error,
                    done,
                    not_done: plan.actions[i..].iter().map(|a| a.id.clone()).collect(),
                    journal: journal.to_owned(),
                });
            }
        }
    }
    Ok(outcome)
}

/// One action: checked against the state first when asked (then journaled done `already` if it
/// is), else journaled `started`, sent, journaled `done`.
async fn step(
    off: &Target,
    action: &Action,
    writer: &mut Writer,
    check: bool,
    on_event: &mut (impl FnMut(&Event) + Send),
) -> Result<Outcome> {
    let key = &action.id;
    if check && off.backend.is_done(&action.operation).await? {
        writer.write(&Entry::Done {
            time: now(),
            action: key.clone(),
            operation: action.operation.clone(),
            outcome: Outcome::Already,
        })?;
        on_event(&Event::AlreadyDone {
            action: key.clone(),
        });
        return Ok(Outcome::Already);
    }
    writer.write(&Entry::Started {
        time: now(),
        action: key.clone(),
        operation: action.operation.clone(),
    })?;
    on_event(&Event::Started {
        action: key.clone(),
        description: action.description(),
    });
    tracing::info!(action = %key, "sending");
    let sent = off.backend.send(&action.operation).await?;
    writer.write(&Entry::Done {
        time: now(),
        action: key.clone(),
        operation: sent,
        outcome: Outcome::Sent,
    })?;
    on_event(&Event::Done {
        action: key.clone(),
    });
    Ok(Outcome::Sent)
}
