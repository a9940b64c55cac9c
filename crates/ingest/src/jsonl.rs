//! JSONL corpora: one document per line (`id`, `text`, `published`, `title`, `url`,
//! `publisher`, `lang`), plain or gzip-compressed. The outlet is the `publisher` field, else
//! the `source` field (a name, or an object with a `name` as news APIs write it), else the
//! host of the `url`.
//!
//! Reading streams line by line. A bad line is an error for that line and the lines after it
//! still come; a line over the limit is skipped without being held in memory; a compressed
//! input that expands past the limit stops with an error. Lines of the usual shape are read
//! by `jsonl::quick`, the others by serde_json, with the same values and serde_json's errors.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;
use tally_core::Document;

use crate::{text::memchr_nul, Error, Limits};

mod quick;

/// The fields tally reads from a JSONL line; others are ignored.
#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<Id>,
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    source: Option<SourceField>,
    #[serde(default)]
    lang: Option<String>,
}

/// A line's `source`: the outlet's name, or an object naming it (`{"id": .., "name": ..}`);
/// anything else names no outlet and is no error.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SourceField {
    Name(String),
    Object {
        #[serde(default)]
        name: Option<String>,
    },
    Other(#[allow(dead_code)] serde::de::IgnoredAny),
}

impl SourceField {
    fn name(self) -> Option<String> {
        match self {
            SourceField::Name(name) | SourceField::Object { name: Some(name) } => Some(name),
            SourceField::Object { name: None } | SourceField::Other(_) => None,
        }
    }
}

/// The first of the names that is not blank, trimmed (a name without spaces around it is
/// kept as it is, not copied).
fn outlet(names: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    names.into_iter().flatten().find_map(|name| {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            None
        } else if trimmed.len() == name.len() {
            Some(name)
        } else {
            Some(trimmed.to_string())
        }
    })
}

/// A document id written as a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// Documents from a JSONL stream, one per non-blank line.
pub(crate) struct JsonlReader<R> {
    reader: R,
    /// The input, as errors name it.
    path: PathBuf,
    /// The name used in `<file>:<line>` ids of lines without an id.
    name: String,
    published: Option<Date>,
    limits: Limits,
    /// The number of the last line read.
    line: u64,
    buf: Vec<u8>,
    /// The quick reading of lines of the usual shape.
    quick: quick::Reader,
    done: bool,
}

/// What reading one line gave.
enum Read1 {
    Eof,
    Line,
    TooLong,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader of `reader`, whose documents default to `published`.
    pub(crate) fn new(
        reader: R,
        path: &Path,
        name: String,
        published: Option<Date>,
        limits: Limits,
    ) -> JsonlReader<R> {
        JsonlReader {
            reader,
            path: path.to_path_buf(),
            name,
            published,
            limits,
            line: 0,
            buf: Vec::new(),
            quick: quick::Reader::new(),
            done: false,
        }
    }

    /// Reads the next line into `self.buf` without its newline, never holding more than
    /// `max_line_bytes` of it.
    fn read_line(&mut self) -> io::Result<Read1> {
        self.buf.clear();
        let max = usize::try_from(self.limits.max_line_bytes).unwrap_or(usize::MAX);
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(match (any, too_long) {
                    (false, _) => Read1::Eof,
                    (true, true) => Read1::TooLong,
                    (true, false) => Read1::Line,
                });
            }
            any = true;
            let (chunk, consumed, end) = match memchr::memchr(b'\n', available) {
                Some(newline) => (&available[..newline], newline + 1, true),
                None => (available, available.len(), false),
            };
            if !too_long {
                if self.buf.len() + chunk.len() > max {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(chunk);
                }
            }
            self.reader.consume(consumed);
            if end {
                return Ok(if too_long {
                    Read1::TooLong
                } else {
                    Read1::Line
                });
            }
        }
    }

    /// Turns the line in `self.buf` into a document.
    fn parse_line(&mut self) -> Result<Document, Error> {
        // Most lines are UTF-8 of the usual shape, which the quick reading takes; any other
        // line is read by serde_json, lossily if need be, and its errors are serde_json's.
        // simdutf8 checks UTF-8 several times faster than the standard library.
        let quick = match simdutf8::basic::from_utf8(&self.buf) {
            Ok(text) => self.quick.read(text),
            Err(_) => None,
        };
        let line = match quick {
            Some(line) => line,
            None => self.parse_line_slowly()?,
        };
        let id = match line.id {
            Some(Id::Text(id)) if !id.trim().is_empty() => id,
            Some(Id::Number(id)) => id.to_string(),
            _ => format!("{}:{}", self.name, self.line),
        };
        let published = match line.published.as_deref().map(str::trim) {
            None | Some("") => self.published,
            Some(value) => Some(parse_published(value).ok_or_else(|| Error::Date {
                path: self.path.clone(),
                line: self.line,
                value: value.to_string(),
            })?),
        };
        let mut doc = Document::new(id, line.text)
            .with_published(published)
            .with_title(line.title.filter(|title| !title.trim().is_empty()));
        let host = line.url.as_deref().and_then(crate::html::host);
        doc.publisher = outlet([
            line.publisher,
            line.source.and_then(SourceField::name),
            host,
        ]);
        doc.url = line.url;
        doc.lang = line.lang;
        Ok(doc)
    }

    /// The fields of the line in `self.buf` as serde_json reads them: lossily if the line
    /// is not UTF-8, trimmed of Unicode white space.
    fn parse_line_slowly(&self) -> Result<Line, Error> {
        // Checking UTF-8 first is several times faster than the lossy reading, which only
        // lines with invalid bytes need.
        let text = match std::str::from_utf8(&self.buf) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.buf),
        };
        serde_json::from_str(text.trim()).map_err(|error| {
            let message = error.to_string();
            // serde_json counts lines inside the one JSON value; the line number is ours.
            let message = match message.rsplit_once(" at line ") {
                Some((head, _)) => head.to_string(),
                None => message,
            };
            Error::Json {
                path: self.path.clone(),
                line: self.line,
                message: format!("invalid document: {message}"),
            }
        })
    }

    /// The error for an IO failure at the current line.
    fn io_error(&self, source: io::Error) -> Error {
        if source
            .get_ref()
            .is_some_and(|inner| inner.is::<CapExceeded>())
        {
            return Error::Decompressed {
                path: self.path.clone(),
                line: self.line,
                limit: self.limits.max_decompressed_bytes,
            };
        }
        Error::ReadLine {
            path: self.path.clone(),
            line: self.line,
            source,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Document, Error>;

    fn next(&mut self) -> Option<Result<Document, Error>> {
        while !self.done {
            self.line += 1;
            match self.read_line() {
                Err(error) => {
                    self.done = true;
                    return Some(Err(self.io_error(error)));
                }
                Ok(Read1::Eof) => self.done = true,
                Ok(Read1::TooLong) => {
                    return Some(Err(Error::LineTooLong {
                        path: self.path.clone(),
                        line: self.line,
                        limit: self.limits.max_line_bytes,
                    }))
                }
                Ok(Read1::Line) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    if self.line == 1 {
                        if let Some(offset) = memchr_nul(&self.buf) {
                            // A binary file: its later "lines" would be noise.
                            self.done = true;
                            return Some(Err(Error::Binary {
                                path: self.path.clone(),
                                offset: offset as u64,
                            }));
                        }
                    }
                    return Some(self.parse_line());
                }
            }
        }
        None
    }
}

/// The date of a `published` value: `YYYY-MM-DD`, an RFC 3339 / ISO 8601 date-time
/// starting with one (`2025-04-28T03:37:19Z`, `2025-04-28T03:37:19+02:00`, `2025-04-28
/// 03:37`), whose day as written is taken, or an RFC 2822 date-time as feeds write it. A
/// date-time is read whole: `2025-01-01T25:99:99+99:00` is no date.
pub(crate) fn parse_published(value: &str) -> Option<Date> {
    if let Some(head) = value.get(..10) {
        let rest = &value[10..];
        let time_is_valid = || {
            value.parse::<jiff::Timestamp>().is_ok()
                || value.parse::<jiff::civil::DateTime>().is_ok()
        };
        if rest.is_empty() || (rest.starts_with(['T', 't', ' ']) && time_is_valid()) {
            if let Ok(date) = head.parse::<Date>() {
                return Some(date);
            }
        }
    }
    jiff::fmt::rfc2822::parse(value)
        .ok()
        .map(|zoned| zoned.date())
}

/// The marker error of [`Capped`].
#[derive(Debug)]
pub(crate) struct CapExceeded;

impl std::fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size limit exceeded")
    }
}

impl std::error::Error for CapExceeded {}

/// A reader that fails with [`CapExceeded`] once more than `remaining` bytes came through;
/// it bounds what a gzip bomb can cost.
pub(crate) struct Capped<R> {
    inner: R,
    remaining: u64,
}

impl<R> Capped<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Capped<R> {
        Capped {
            inner,
            remaining: limit,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.remaining == 0 {
            // One byte more than the limit tells a stream that ends exactly at it from one
            // that goes on.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(CapExceeded)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.remaining -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, limits: Limits) -> Vec<Result<Document, Error>> {
        JsonlReader::new(
            input.as_bytes(),
            Path::new("c.jsonl"),
            "c.jsonl".into(),
            None,
            limits,
        )
        .collect()
    }

    #[test]
    fn reads_documents_and_their_metadata() {
        let docs = read(
            concat!(
                r#"{"id": "a", "text": "Over 5,000.", "published": "2025-04-28T03:37:19", "title": "T", "url": "u", "source": "x"}"#,
                "\n\n",
                r#"{"text": "No id.", "id": 7}"#,
                "\n",
                r#"{"text": "No id at all."}"#,
            ),
            Limits::default(),
        );
        let docs: Vec<Document> = docs.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].published, Some("2025-04-28".parse().unwrap()));
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        assert_eq!(docs[0].url.as_deref(), Some("u"));
        assert_eq!(docs[1].id, "7");
        assert_eq!(docs[2].id, "c.jsonl:4");
    }

    #[test]
    fn the_outlet_comes_from_publisher_then_source_then_the_url_host() {
        let docs = read(
            concat!(
                r#"{"text": "a", "publisher": "Wire", "source": "Other", "url": "https://www.example.org/1"}"#,
                "\n",
                r#"{"text": "b", "source": "Daily Bugle"}"#,
                "\n",
                r#"{"text": "c", "source": {"id": "bugle", "name": "The Bugle"}}"#,
                "\n",
                r#"{"text": "d", "source": " ", "url": "https://www.example.org/4"}"#,
                "\n",
                r#"{"text": "e", "source": 17}"#,
            ),
            Limits::default(),
        );
        let outlets: Vec<Option<String>> =
            docs.into_iter().map(|doc| doc.unwrap().publisher).collect();
        assert_eq!(
            outlets,
            [
                Some("Wire".to_string()),
                Some("Daily Bugle".to_string()),
                Some("The Bugle".to_string()),
                Some("example.org".to_string()),
                None,
            ]
        );
    }

    #[test]
    fn lines_the_quick_reading_leaves_are_read_by_serde_json() {
        let input: &[u8] = concat!(
            "{\"id\": \"latin1\", \"text\": \"caf\u{e9} \u{ff}\"}\n",
            "{\"text\":\t\"a tab between tokens\"}\n",
            "\u{a0}{\"text\": \"a no-break space before the line\"}\n",
            "{\"text\": \"a\", \"text\": \"b\"}\n",
        )
        .as_bytes();
        // The first line in Latin-1, as a corpus with another encoding has it.
        let mut bytes = input.to_vec();
        let at = bytes
            .windows(2)
            .position(|pair| pair == "é".as_bytes())
            .unwrap();
        bytes.splice(at..at + 2, [0xe9]);
        let at = bytes
            .windows(2)
            .position(|pair| pair == "ÿ".as_bytes())
            .unwrap();
        bytes.splice(at..at + 2, [0xff]);
        let docs: Vec<_> = JsonlReader::new(
            &bytes[..],
            Path::new("c.jsonl"),
            "c.jsonl".into(),
            None,
            Limits::default(),
        )
        .collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.text.as_str()),
            ("latin1", "caf\u{fffd} \u{fffd}")
        );
        assert_eq!(docs[1].as_ref().unwrap().text, "a tab between tokens");
        assert_eq!(
            docs[2].as_ref().unwrap().text,
            "a no-break space before the line"
        );
        assert_eq!(
            docs[3].as_ref().unwrap_err().to_string(),
            "c.jsonl:4: invalid document: duplicate field `text`"
        );
    }

    #[test]
    fn a_bad_line_is_an_error_and_reading_goes_on() {
        let docs = read(
            "{\"text\": \"a\"}\nnot json\n{\"id\": 1}\n{\"text\": \"b\"}\n",
            Limits::default(),
        );
        assert!(docs[0].is_ok());
        let error = docs[1].as_ref().unwrap_err();
        assert_eq!(error.line(), Some(2));
        assert!(
            error.to_string().starts_with("c.jsonl:2: invalid document"),
            "{error}"
        );
        let error = docs[2].as_ref().unwrap_err();
        assert!(
            error.to_string().contains("missing field `text`"),
            "{error}"
        );
        assert_eq!(docs[3].as_ref().unwrap().text, "b");
    }

    #[test]
    fn a_long_line_is_skipped() {
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(100));
        let input = format!("{long}\n{{\"text\": \"ok\"}}\n{long}");
        let limits = Limits {
            max_line_bytes: 50,
            ..Limits::default()
        };
        let docs = read(&input, limits);
        assert_eq!(docs.len(), 3);
        assert!(matches!(
            docs[0],
            Err(Error::LineTooLong {
                line: 1,
                limit: 50,
                ..
            })
        ));
        assert_eq!(docs[1].as_ref().unwrap().text, "ok");
        assert!(matches!(docs[2], Err(Error::LineTooLong { line: 3, .. })));
    }

    #[test]
    fn bad_dates_name_the_value() {
        let docs = read(r#"{"text": "a", "published": "soon"}"#, Limits::default());
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            r#"c.jsonl:1: published "soon" is not a date (expected YYYY-MM-DD or an RFC 3339 date-time such as 2025-04-28T03:37:19Z)"#
        );
    }

    #[test]
    fn published_takes_the_date_part() {
        let date: Date = "2025-04-28".parse().unwrap();
        for value in [
            "2025-04-28",
            "2025-04-28T03:37:19",
            "2025-04-28T03:37:19Z",
            "2025-04-28 03:37",
            "2025-04-28T03:37:19.5+02:00",
            "2025-04-28t03:37:19z",
            "Mon, 28 Apr 2025 03:37:19 +0000",
        ] {
            assert_eq!(parse_published(value), Some(date), "{value}");
        }
        for value in [
            "2025-04",
            "28/04/2025",
            "2025-04-28x",
            "2025-02-30",
            "2025-01-01T25:99:99+99:00",
            "2025-01-01T10:00:00+99:00",
            "2025-01-01T10:61",
            "2025-01-01 garbage",
        ] {
            assert_eq!(parse_published(value), None, "{value}");
        }
    }

    #[test]
    fn the_cap_stops_a_stream_past_its_limit() {
        let mut out = Vec::new();
        assert!(Capped::new(&b"12345"[..], 5).read_to_end(&mut out).is_ok());
        let error = Capped::new(&b"123456"[..], 5)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(error.get_ref().unwrap().is::<CapExceeded>());
    }
}
