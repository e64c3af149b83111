//! The listing stream: pages written as they arrive, with a progress line, and what the reader
//! should know when a listing fails part way.

use std::io::{self, IsTerminal, Write};

use futures::{Stream, TryStreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;

use serde_json::Value;

use super::cells::terminal_width;
use super::columns::{Columns, quoted_list};
use super::object::{write_notes, write_result};
use super::query::Query;
use super::writers::Sink;
use crate::Failure;
use crate::args::Common;
use crate::fields;
use crate::progress::{ClearOnWrite, Progress};
use idc_report::escape;

/// What a generated subcommand tells the writer about its listing.
pub struct Listing {
    /// The default table and CSV columns (`--columns` overrides them); empty when the items'
    /// fields are not known before they arrive.
    pub columns: &'static [&'static str],
    /// The fields the spec documents for the items (empty when it documents none): what
    /// `--columns` may name when the item type itself keeps any field the service sends.
    pub fields: &'static [&'static str],
    /// What is listed, for the note on an empty answer: "account assignments for --instance-id ...".
    pub what: String,
}

/// Writes every item of every page as the pages arrive, flushing after each page, with a
/// progress line on a terminal. An empty answer gets a note on stderr (on a terminal, or with
/// `--verbose`). A listing that fails before its first page writes nothing; one that fails part
/// way leaves what was written, says on stderr that it is incomplete and how to resume
/// (`resume_token` of the last page written), and fails.
pub async fn write_pages<P, T>(
    pages: impl Stream<Item = idc::Result<P>> + Unpin,
    items_of: fn(P) -> Vec<T>,
    resume_token: fn(&P) -> Option<String>,
    listing: Listing,
    common: &Common,
) -> Result<(), Failure>
where
    T: Serialize + DeserializeOwned,
{
    if let Some(query) = &common.query {
        return write_queried(pages, items_of, query, common).await;
    }
    // Checked before the first request: an unknown column is a usage error, not a blank column.
    let mut shape = fields::shape::<T>();
    if shape.fields.is_none() && shape.open && !listing.fields.is_empty() {
        // An item that keeps undocumented fields is checked against the documented ones: a typo
        // is refused; a field a newer version adds is in --output json.
        shape.fields = Some(listing.fields.to_vec());
    }
    let columns = Columns::choose(common.columns.as_deref(), listing.columns, &shape)?;
    let progress = Progress::on_terminal();
    let stdout = io::stdout();
    let out = io::BufWriter::new(ClearOnWrite::stdout(stdout.lock(), progress.bar()));
    let mut sink = Sink::new(common.format(), columns, out).with_width(terminal_width());
    let mut pages = pages;
    let mut page_count = 0usize;
    let mut token: Option<String> = None;
    let result = async {
        while let Some(page) = pages.try_next().await? {
            page_count += 1;
            token = resume_token(&page);
            sink.page(&items_of(page))?;
            // JSON lines and CSV reach a pipe as each page arrives, not in 8 KiB chunks.
            sink.flush_page()?;
            progress.page(sink.written);
        }
        Ok::<_, Failure>(())
    }
    .await;
    progress.finish();
    let written = sink.written;
    let unmatched = sink.unmatched();
    let left_out = sink.left_out();
    // A failure before the first page leaves stdout empty: no header, no empty table.
    let finished = match (&result, page_count) {
        (Err(_), 0) => Ok(()),
        _ => sink.finish(),
    };
    if let Err(failure) = result {
        return Err(stopped(failure, written, page_count, token.as_deref()));
    }
    if written == 0 && (io::stderr().is_terminal() || common.verbose > 0) {
        eprintln!(
            "note: no {} (an id that does not exist can give an empty answer too: check the ids)",
            escape::terminal(&listing.what)
        );
    }
    if let Some(note) = unmatched {
        // Items that keep fields the service adds later: no type to check the names against.
        eprintln!("note: {}", escape::terminal(&note));
    }
    if !left_out.is_empty() {
        eprintln!(
            "note: later items have fields the CSV header (read off the first page) does not: {}; \
             --output json shows every field",
            escape::terminal(&quoted_list(&left_out))
        );
    }
    finished?;
    io::stderr().flush()?;
    Ok(())
}

/// Reads every page, applies `--query` to the listing (a JSON array of every item) and writes what
/// it gives (see [`write_result`]). Nothing is written before the last page: a listing that fails
/// part way writes nothing, and says how far it got.
async fn write_queried<P, T>(
    mut pages: impl Stream<Item = idc::Result<P>> + Unpin,
    items_of: fn(P) -> Vec<T>,
    query: &Query,
    common: &Common,
) -> Result<(), Failure>
where
    T: Serialize,
{
    let progress = Progress::on_terminal();
    let mut items: Vec<Value> = Vec::new();
    let mut page_count = 0usize;
    let result = async {
        while let Some(page) = pages.try_next().await? {
            page_count += 1;
            for item in items_of(page) {
                items.push(serde_json::to_value(&item).map_err(io::Error::from)?);
            }
            progress.page(items.len());
        }
        Ok::<_, Failure>(())
    }
    .await;
    progress.finish();
    if let Err(failure) = result {
        if page_count > 0 {
            eprintln!(
                "error: the listing stopped after {} items in {page_count} pages; --query needs \
                 the whole listing, so nothing was written",
                items.len()
            );
        }
        // No partial output to resume from: at most the hint to run it again.
        return Err(stopped(failure, 0, 0, None));
    }
    let result = query.apply(Value::Array(items))?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let notes = write_result(
        result,
        common.format(),
        common.columns.as_deref(),
        terminal_width(),
        &mut out,
    )?;
    out.flush()?;
    write_notes(notes);
    Ok(())
}

/// The failure of a listing, with what the reader should know: whether the output is incomplete
/// (only when something was written), where to resume, and whether running it again may help
/// (only for a failure that may pass).
fn stopped(failure: Failure, written: usize, pages: usize, token: Option<&str>) -> Failure {
    // `idc ... | head -1`: the reader left; nothing to explain.
    if matches!(&failure, Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe) {
        return failure;
    }
    let started = written > 0 || pages > 0;
    if started {
        eprintln!(
            "error: the listing stopped after {written} items in {pages} pages: the output is \
             incomplete"
        );
    }
    let hint = match token {
        Some(token) if started => Some(format!(
            "hint: resume after the last page written with --starting-token {}",
            escape::terminal(token)
        )),
        _ if transient(&failure) && started => {
            Some("hint: run the command again to start over".to_owned())
        }
        _ if transient(&failure) => Some(
            "hint: the failure may be temporary: run the command again (--max-attempts allows \
             more retries)"
                .to_owned(),
        ),
        _ => None,
    };
    match hint {
        Some(hint) => Failure::Hinted {
            cause: Box::new(failure),
            hint,
        },
        None => failure,
    }
}

/// Whether running the command again may succeed: what the client retries, or a timeout.
fn transient(failure: &Failure) -> bool {
    match failure {
        Failure::Idc(e) => e.is_retryable() || matches!(e, idc::Error::Timeout { .. }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_failures_write_nothing_and_say_nothing_of_incomplete_output() {
        let e = Failure::Idc(idc::Error::Configuration {
            message: "bad".into(),
        });
        // Nothing written, not transient: the failure as it is, without a hint.
        assert!(matches!(stopped(e, 0, 0, None), Failure::Idc(_)));
        // Transient, nothing written: only the hint to run it again.
        let throttled = Failure::Idc(idc::Error::Timeout {
            kind: idc::error::TimeoutKind::Operation,
            after: std::time::Duration::from_secs(1),
        });
        match stopped(throttled, 0, 0, None) {
            Failure::Hinted { hint, .. } => assert!(hint.contains("run the command again")),
            _ => panic!("no hint"),
        }
        // Part way, with a token: resume.
        let e = Failure::Idc(idc::Error::Configuration {
            message: "bad".into(),
        });
        match stopped(e, 10, 1, Some("m-1")) {
            Failure::Hinted { hint, .. } => assert!(hint.contains("--starting-token m-1")),
            _ => panic!("no hint"),
        }
        // The reader went away: quiet.
        let pipe = Failure::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(stopped(pipe, 3, 1, Some("m")), Failure::Output(_)));
    }
}
