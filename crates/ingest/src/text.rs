//! Plain text documents: a `.txt` file, or standard input that is not JSONL.
//!
//! The text is the input's bytes as given (invalid UTF-8 is replaced, never refused), so the
//! byte offsets of evidence are offsets into the file. A first line of the form
//! `date YYYY-MM-DD Title` gives the publication date and the title; it stays in the text.

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use tally_core::Document;

use crate::{Error, Limits};

/// Reads a whole text input, refusing binaries and inputs over `limits.max_document_bytes`.
pub(crate) fn read_text<R: Read>(
    mut reader: R,
    path: &Path,
    id: String,
    limits: &Limits,
) -> Result<Document, Error> {
    let mut bytes = Vec::new();
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    reader
        .by_ref()
        .take(limits.max_document_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: limits.max_document_bytes,
        });
    }
    parse_text(bytes, path, id)
}

/// Turns the bytes of a text input into a document.
pub(crate) fn parse_text(bytes: Vec<u8>, path: &Path, id: String) -> Result<Document, Error> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: offset as u64,
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    let (published, title) = match header(&text) {
        Some((date, title)) => (Some(date), title),
        None => (None, None),
    };
    Ok(Document::new(id, text)
        .with_published(published)
        .with_title(title))
}

/// The position of the first NUL byte, if any.
pub(crate) fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Reads `date YYYY-MM-DD Title` from the first line: the date and the title, if any.
///
/// Leading white space and a byte-order mark before `date` are allowed.
pub(crate) fn header(text: &str) -> Option<(Date, Option<String>)> {
    let first_line = text.split('\n').next().unwrap_or("");
    let line = first_line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let rest = line.strip_prefix("date")?;
    let rest = rest.strip_prefix([' ', '\t'])?.trim_start();
    let date_text = rest.get(..10)?;
    let date: Date = date_text.parse().ok()?;
    let after = &rest[10..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let title = after.trim();
    Some((date, (!title.is_empty()).then(|| title.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_line_gives_date_and_title() {
        let (published, title) = header(" date 2025-04-01 Troops sent north\nBody.").unwrap();
        assert_eq!(published, date("2025-04-01"));
        assert_eq!(title.as_deref(), Some("Troops sent north"));
    }

    #[test]
    fn a_header_without_a_title_gives_the_date() {
        assert_eq!(
            header("date 2025-04-01\r\nBody."),
            Some((date("2025-04-01"), None))
        );
        assert_eq!(
            header("\u{feff}date 2025-04-01"),
            Some((date("2025-04-01"), None))
        );
    }

    #[test]
    fn other_first_lines_are_not_headers() {
        for text in [
            "dated 2025-04-01 x",
            "date 2025-13-01 x",
            "date 2025-04-011 x",
            "The date 2025-04-01 x",
            "date",
            "",
            "date 2025-04",
        ] {
            assert_eq!(header(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_text_keeps_the_header_line_and_the_bytes() {
        let doc = parse_text(
            b"date 2025-04-01 T\nOver 5,000.\n".to_vec(),
            Path::new("a.txt"),
            "a.txt".into(),
        )
        .unwrap();
        assert_eq!(doc.text, "date 2025-04-01 T\nOver 5,000.\n");
        assert_eq!(doc.published, Some(date("2025-04-01")));
        assert_eq!(doc.title.as_deref(), Some("T"));
    }

    #[test]
    fn invalid_utf8_is_read_lossily() {
        let doc = parse_text(b"caf\xe9 5,000".to_vec(), Path::new("a.txt"), "a".into()).unwrap();
        assert_eq!(doc.text, "caf\u{fffd} 5,000");
    }

    #[test]
    fn nul_bytes_make_a_binary() {
        let error = parse_text(b"ab\0c".to_vec(), Path::new("x.txt"), "x".into()).unwrap_err();
        assert!(matches!(error, Error::Binary { offset: 2, .. }), "{error}");
    }
}
