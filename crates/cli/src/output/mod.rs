//! Output formats; only this crate knows them.
//!
//! - [`jsonl`]: one JSON object per line (claims, and time expressions with `--times`).
//! - [`table`]: aligned columns for people, each claim with its sentence, the number marked.
//! - [`stored`]: claims from the ledger as JSON lines and CSV rows.
//! - [`explanation`]: why the ledger holds a claim, as `tally explain` prints it.
//! - `parquet` (cargo feature `parquet`): claims from the ledger as a Parquet file.
//!
//! [`file`] writes the files of `-o`: never over the ledger, whole or not at all.
//! [`terminal`] escapes control characters in what is printed for people.

pub mod explanation;
pub mod file;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod stored;
pub mod table;
pub mod terminal;

use std::io;

use tally_core::Document;
use tally_extract::Extraction;

/// Something that writes the claims of documents, one document at a time, in order.
pub trait Sink {
    /// Writes what was extracted from one document.
    fn document(&mut self, doc: &Document, extraction: &Extraction) -> io::Result<()>;

    /// Flushes what is buffered (before an error is reported on standard error, so that
    /// the two streams stay in order on a terminal).
    fn flush(&mut self) -> io::Result<()>;
}

/// Whether an error is (caused by) a closed pipe on the other end of standard output.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|error| error.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// An error and its causes on one line, each said once (`anyhow`'s `{:#}` repeats a cause
/// that an error already writes in its message, "db error: db error").
///
/// A cause already written is left out; one that starts with the message before it (a
/// context that the error repeats) replaces it; the chain ends at an error of the ledger,
/// whose message says its causes.
pub fn error_message(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            match parts.last_mut() {
                Some(last) if text.starts_with(last.as_str()) => *last = text,
                _ => parts.push(text),
            }
        }
        if cause.is::<tally_store::Error>() || cause.is::<tally_app::Error>() {
            break;
        }
    }
    parts.join(": ")
}
