//! Reads tally's inputs into [`Document`]s: text files, HTML pages, JSONL corpora, RSS and
//! Atom feeds, WARC archives (plain or gzip), directories of them, and standard input.
//!
//! [`read_inputs`] takes the paths a user gave and returns a lazy iterator: one document at
//! a time, in order, each a `Result` so that one bad input (or one bad line of a corpus) is
//! reported by name while the rest still comes. Nothing here panics on input: invalid UTF-8
//! is read lossily, binaries and oversized lines are errors, and compressed inputs stop at
//! a [`Limits::max_decompressed_bytes`] cap.
//!
//! | input | documents |
//! |---|---|
//! | `x.txt` | one: the file's bytes; id `x.txt`; a first line `date YYYY-MM-DD Title` gives the date and title |
//! | `x.jsonl`, `x.jsonl.gz` | one per line: `id`, `text`, `published`, `title`, `url`; a line without `id` is `x.jsonl:<line>` |
//! | `x.html`, `x.htm`, `x.html.gz` | one: the main text (boilerplate dropped, one paragraph a line); id `x.html`; title, url, publisher, language and date from the page ([`html`]) |
//! | `x.rss`, `x.atom`, `x.xml` (a feed) | one per item: id the item's guid or link, else `x.rss#<n>` |
//! | `x.warc`, `x.warc.gz` | one per HTML response record: id the `WARC-Record-ID`, url the `WARC-Target-URI` |
//! | a directory | its files of the kinds above, recursively, sorted by path (`.xml` files only when they are feeds); a FIFO, socket or device is skipped with a warning ([`Error::is_warning`]) |
//! | `-` | standard input: JSONL if it starts with `{`, a feed or an HTML page if it starts with `<`, otherwise one text document with id `-` |
//!
//! [`read_stream`] reads one stream that has no file name (standard input, an upload) and
//! tells its kind by its first byte; [`read_stream_as`] reads one whose [`FileKind`] is
//! known, as a file of that kind would be.
//!
//! The encoding of web inputs is found from a byte-order mark, an HTTP or `<meta>` charset
//! declaration, or a guess (chardetng), and decoded with encoding_rs.
//!
//! # Example
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("report.txt");
//! std::fs::write(&path, "date 2025-04-01 Report\nOver 5,000 soldiers were killed.\n")?;
//!
//! let docs: Vec<_> = tally_ingest::read_inputs(&[path], None).collect();
//! let doc = docs[0].as_ref().unwrap();
//! assert_eq!(doc.id, "report.txt");
//! assert_eq!(doc.published.unwrap().to_string(), "2025-04-01");
//! assert_eq!(doc.title.as_deref(), Some("Report"));
//! assert!(doc.text.starts_with("date 2025-04-01"));
//! # Ok::<(), std::io::Error>(())
//! ```
#![deny(missing_docs)]

mod encoding;
mod error;
pub mod html;
mod jsonl;
mod rss;
mod stdin;
mod text;
mod walk;
mod warc;

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tally_core::Document;

pub use error::Error;

use jsonl::{Capped, JsonlReader};
pub use walk::FileKind;

/// How much of an input tally holds or expands before refusing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest JSONL line read (64 MiB); a longer one is skipped with an error.
    pub max_line_bytes: u64,
    /// The largest text document read (64 MiB).
    pub max_document_bytes: u64,
    /// The most bytes one compressed input may expand to (16 GiB); reading stops there.
    pub max_decompressed_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line_bytes: 64 << 20,
            max_document_bytes: 64 << 20,
            max_decompressed_bytes: 16 << 30,
        }
    }
}

/// The documents of `paths`, in order, read lazily with the default [`Limits`].
///
/// `published` is the publication date of documents that do not give their own (a text
/// file's `date` line, a JSONL line's `published`).
///
/// # Errors
///
/// Each item is an [`Error`] naming the input (and line) that could not be read: a missing
/// or unreadable path, a FIFO, socket or device given by name, a binary file, a bad JSONL
/// line, a line or document over the limits. The items after an error still come. A few
/// items are warnings rather than failures ([`Error::is_warning`]): a FIFO, socket or device
/// found in a directory, skipped.
pub fn read_inputs(paths: &[PathBuf], published: Option<Date>) -> Inputs {
    read_inputs_with(paths, published, Limits::default())
}

/// [`read_inputs`] with explicit [`Limits`].
///
/// # Errors
///
/// As [`read_inputs`].
pub fn read_inputs_with(paths: &[PathBuf], published: Option<Date>, limits: Limits) -> Inputs {
    Inputs {
        pending: paths.iter().rev().cloned().map(Pending::Given).collect(),
        current: None,
        published,
        limits,
        visited_dirs: HashSet::new(),
    }
}

/// The documents of one stream that is not a file (an upload, a pipe): JSONL if its first
/// non-blank byte is `{`, a feed or an HTML page if it is `<`, otherwise one text document
/// with id `name`.
///
/// # Errors
///
/// As [`read_inputs`]; errors name the input `name`.
pub fn read_stream<R: BufRead + Send + 'static>(
    reader: R,
    name: &str,
    published: Option<Date>,
    limits: Limits,
) -> Inputs {
    let mut inputs = read_inputs_with(&[], published, limits);
    inputs.open_stream(reader, name);
    inputs
}

/// The documents of one stream whose kind is known, read as a file of that kind is (a gzip
/// kind is decompressed, [`FileKind::Xml`] is read as a feed): for bytes that came without
/// a file name to tell their kind by, such as an upload, a test or a fuzz target.
///
/// # Errors
///
/// As [`read_inputs`]; errors name the input `name`.
///
/// # Example
///
/// ```
/// use tally_ingest::{read_stream_as, FileKind, Limits};
///
/// let feed = br#"<rss version="2.0"><channel><title>W</title><item>
///     <description>Over 5,000 were killed.</description></item></channel></rss>"#;
/// let docs: Vec<_> = read_stream_as(&feed[..], "feed", FileKind::Feed, None, Limits::default()).collect();
/// assert_eq!(docs[0].as_ref().unwrap().text, "Over 5,000 were killed.");
/// ```
pub fn read_stream_as<R: BufRead + Send + 'static>(
    reader: R,
    name: &str,
    kind: FileKind,
    published: Option<Date>,
    limits: Limits,
) -> Inputs {
    let mut inputs = read_inputs_with(&[], published, limits);
    let documents = inputs.documents_of(reader, Path::new(name), name.to_string(), kind, true);
    inputs.current = Some(documents);
    inputs
}

type Documents = Box<dyn Iterator<Item = Result<Document, Error>> + Send>;

/// What is left to read.
enum Pending {
    /// A path the caller gave: any file name is read (as text unless it names JSONL).
    Given(PathBuf),
    /// A path found in a directory: it was already filtered by kind.
    Found(PathBuf),
}

/// The lazy iterator of [`read_inputs`].
pub struct Inputs {
    /// Inputs still to open, the next one last.
    pending: Vec<Pending>,
    /// The corpus being read.
    current: Option<Documents>,
    published: Option<Date>,
    limits: Limits,
    /// Directories already walked (canonical paths), so that symbolic-link loops end.
    visited_dirs: HashSet<PathBuf>,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("n_pending", &self.pending.len())
            .field("published", &self.published)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Iterator for Inputs {
    type Item = Result<Document, Error>;

    fn next(&mut self) -> Option<Result<Document, Error>> {
        loop {
            if let Some(current) = &mut self.current {
                match current.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let found = match self.pending.pop()? {
                Pending::Given(path) if path.as_os_str() == "-" => {
                    let stdin = BufReader::with_capacity(1 << 16, std::io::stdin());
                    self.open_stream(stdin, "-");
                    continue;
                }
                Pending::Given(path) => self.open(path, true),
                Pending::Found(path) => self.open(path, false),
            };
            if let Some(item) = found {
                return Some(item);
            }
        }
    }
}

impl Inputs {
    /// Opens one path: returns a document or an error, or sets `current` / `pending` and
    /// returns `None`.
    fn open(&mut self, path: PathBuf, given: bool) -> Option<Result<Document, Error>> {
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(source) => return Some(Err(Error::Read { path, source })),
        };
        if metadata.is_dir() {
            let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !self.visited_dirs.insert(canonical) {
                return None;
            }
            match walk::list(&path) {
                Ok(entries) => self
                    .pending
                    .extend(entries.into_iter().rev().map(Pending::Found)),
                Err(error) => return Some(Err(error)),
            }
            return None;
        }
        let kind = match FileKind::of(&path) {
            Some(kind) => kind,
            None if given => FileKind::Text,
            None => return None,
        };
        // Opening a FIFO waits for a writer, maybe forever; a device may never end. Only
        // regular files are read: one given by name is refused, one found in a directory
        // skipped with a warning.
        if !metadata.is_file() {
            let kind = walk::special_kind(metadata.file_type());
            return Some(Err(if given {
                Error::NotAFile { path, kind }
            } else {
                Error::Skipped { path, kind }
            }));
        }
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(source) => return Some(Err(Error::Read { path, source })),
        };
        let name = file_name(&path);
        let reader = BufReader::with_capacity(1 << 16, file);
        self.current = Some(self.documents_of(reader, &path, name, kind, given));
        None
    }

    /// The documents of one input of a known kind, read from `reader` (a gzip kind is
    /// decompressed here). A `.xml` file found in a directory that is not a feed gives none.
    fn documents_of<R: BufRead + Send + 'static>(
        &self,
        reader: R,
        path: &Path,
        name: String,
        kind: FileKind,
        given: bool,
    ) -> Documents {
        let (published, limits) = (self.published, self.limits);
        let with_date = move |doc: Document| {
            let date = doc.published.or(published);
            doc.with_published(date)
        };
        let gunzip = |reader: R| {
            let decoder = flate2::bufread::MultiGzDecoder::new(reader);
            BufReader::with_capacity(1 << 16, Capped::new(decoder, limits.max_decompressed_bytes))
        };
        match kind {
            FileKind::Text => {
                let items = text::read_text_with_warning(reader, path, name, &limits);
                Box::new(items.into_iter().map(move |item| item.map(with_date)))
            }
            FileKind::Jsonl => Box::new(JsonlReader::new(reader, path, name, published, limits)),
            FileKind::JsonlGz => Box::new(JsonlReader::new(
                gunzip(reader),
                path,
                name,
                published,
                limits,
            )),
            FileKind::Html => {
                let doc = html::read_html(reader, path, name, &limits);
                Box::new(std::iter::once(doc.map(with_date)))
            }
            FileKind::HtmlGz => {
                let doc = html::read_html(gunzip(reader), path, name, &limits);
                Box::new(std::iter::once(doc.map(with_date)))
            }
            FileKind::Feed | FileKind::Xml => {
                let bytes = match rss::read_bytes(reader, path, &limits) {
                    Ok(bytes) => bytes,
                    Err(error) => return Box::new(std::iter::once(Err(error))),
                };
                if kind == FileKind::Xml && !given && !rss::looks_like_feed(&bytes) {
                    return Box::new(std::iter::empty());
                }
                let documents = rss::feed_documents(&bytes, path, &name);
                Box::new(documents.into_iter().map(move |doc| doc.map(with_date)))
            }
            FileKind::Warc => warc::documents(reader, path, name, published, limits),
            FileKind::WarcGz => warc::documents(gunzip(reader), path, name, published, limits),
        }
    }

    /// Sets `current` to the documents of a stream (standard input or [`read_stream`]).
    fn open_stream<R: BufRead + Send + 'static>(&mut self, reader: R, name: &str) {
        self.current = Some(stdin::documents(reader, name, self.published, self.limits));
    }
}

/// The file name of a path, as a document id.
fn file_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}
