//! The one error type of `tally-ingest`: every variant names the input it is about.

use std::io;
use std::path::{Path, PathBuf};

/// Why an input, or one line of it, could not be read into a document.
///
/// `path` is `<stdin>` for standard input; `line` counts from 1.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The path does not exist, is not readable, or reading it failed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The input.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Reading failed part-way through a line-oriented input (including a corrupt gzip stream).
    #[error("cannot read {path} at line {line}: {source}")]
    ReadLine {
        /// The input.
        path: PathBuf,
        /// The line being read.
        line: u64,
        /// What the operating system or the decompressor said.
        source: io::Error,
    },
    /// The input holds NUL bytes, so it is not text.
    #[error("{path} is binary, not text (NUL byte at offset {offset})")]
    Binary {
        /// The input.
        path: PathBuf,
        /// The byte offset of the first NUL byte (after decompression).
        offset: u64,
    },
    /// A JSONL line is not a JSON object with a string `text`.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The input.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A JSONL line's `published` is neither a date nor a date-time.
    #[error(
        "{path}:{line}: published {value:?} is not a date (expected YYYY-MM-DD or an RFC 3339 date-time such as 2025-04-28T03:37:19Z)"
    )]
    Date {
        /// The input.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The value as given.
        value: String,
    },
    /// A line is longer than the configured limit; it is skipped and reading goes on.
    #[error("{path}:{line}: line longer than {limit} bytes, skipped")]
    LineTooLong {
        /// The input.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A text document is larger than the configured limit.
    #[error("{path} is larger than {limit} bytes, skipped")]
    TooLarge {
        /// The input.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// A compressed input expands past the configured limit; reading it stops there.
    #[error("{path} decompresses to more than {limit} bytes, stopped at line {line}")]
    Decompressed {
        /// The input.
        path: PathBuf,
        /// The line reached.
        line: u64,
        /// The limit in decompressed bytes.
        limit: u64,
    },
    /// A compressed page or archive expands past the configured limit; it is skipped from
    /// there on.
    #[error("{path} decompresses to more than {limit} bytes, skipped from there")]
    DecompressedFile {
        /// The input.
        path: PathBuf,
        /// The limit in decompressed bytes.
        limit: u64,
    },
    /// The input holds nothing (no bytes, or only white space) where a page, feed or archive
    /// was expected.
    #[error("{path} is empty")]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// An HTML page could not be read: the extractor failed on it.
    #[error("{path}: cannot extract the main text: {message}")]
    Html {
        /// The input (for a WARC record, `archive.warc#<record id>`).
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An HTML page has no main text (only navigation, scripts or nothing at all).
    #[error("{path}: no main text found")]
    NoMainText {
        /// The input (for a WARC record, `archive.warc#<record id>`).
        path: PathBuf,
    },
    /// A file named as a feed (`.rss`, `.atom`) is not an RSS or Atom feed.
    #[error("{path}: not a valid RSS or Atom feed: {message}")]
    Feed {
        /// The input.
        path: PathBuf,
        /// What the feed parser said.
        message: String,
    },
    /// A WARC archive is malformed at a byte offset (of the decompressed stream); the records
    /// before it were read, the rest of the archive is skipped.
    #[error("{path}: malformed WARC at byte {offset}: {message}")]
    Warc {
        /// The input.
        path: PathBuf,
        /// The byte offset where the bad record starts.
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// A path was given that is neither a regular file, a directory nor `-`: a FIFO, a
    /// socket or a device, which could block the run or never end.
    #[error("{path} is a {kind}, not a regular file or a directory (to read a pipe, give `-` and pipe it to standard input)")]
    NotAFile {
        /// The input.
        path: PathBuf,
        /// What it is: "FIFO", "socket", "character device", "block device".
        kind: &'static str,
    },
    /// A warning, not a failure: bytes of a text input are not UTF-8; each was read as `?`
    /// so that the offsets of claims stay byte offsets into the file.
    #[error("{path}: {n_bytes} bytes are not UTF-8 (the first at byte {offset}); each was read as '?', so offsets stay those of the file")]
    NotUtf8 {
        /// The input.
        path: PathBuf,
        /// How many bytes were replaced.
        n_bytes: usize,
        /// The offset of the first one.
        offset: u64,
    },
    /// A warning, not a failure: an entry of a directory with the name of an input kind is
    /// not a regular file (a FIFO, a socket, a device), so it was skipped.
    #[error("skipped {path}: a {kind}, not a regular file")]
    Skipped {
        /// The entry.
        path: PathBuf,
        /// What it is, as for [`Error::NotAFile`].
        kind: &'static str,
    },
}

impl Error {
    /// The input the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Error::Read { path, .. }
            | Error::ReadLine { path, .. }
            | Error::Binary { path, .. }
            | Error::Json { path, .. }
            | Error::Date { path, .. }
            | Error::LineTooLong { path, .. }
            | Error::TooLarge { path, .. }
            | Error::Decompressed { path, .. }
            | Error::DecompressedFile { path, .. }
            | Error::Empty { path }
            | Error::Html { path, .. }
            | Error::NoMainText { path }
            | Error::Feed { path, .. }
            | Error::Warc { path, .. }
            | Error::NotAFile { path, .. }
            | Error::Skipped { path, .. }
            | Error::NotUtf8 { path, .. } => path,
        }
    }

    /// Whether this is a warning rather than a failure: something skipped or read
    /// approximately that the user should hear of, but that does not make a run fail
    /// ([`Error::Skipped`], [`Error::NotUtf8`]).
    pub fn is_warning(&self) -> bool {
        matches!(self, Error::Skipped { .. } | Error::NotUtf8 { .. })
    }

    /// The line the error is about, for line-oriented inputs.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::ReadLine { line, .. }
            | Error::Json { line, .. }
            | Error::Date { line, .. }
            | Error::LineTooLong { line, .. }
            | Error::Decompressed { line, .. } => Some(*line),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_input_and_line() {
        let error = Error::Json {
            path: PathBuf::from("feeds/a.jsonl"),
            line: 7,
            message: "missing field `text`".to_string(),
        };
        assert_eq!(error.to_string(), "feeds/a.jsonl:7: missing field `text`");
        assert_eq!(error.line(), Some(7));
        assert_eq!(error.path(), Path::new("feeds/a.jsonl"));
    }
}
