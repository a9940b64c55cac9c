//! Plain text documents: a `.txt` file, or standard input that is not JSONL.
//!
//! The text is the input's bytes as given, so the byte offsets of evidence are offsets into
//! the file. Bytes that are not UTF-8 are never refused: each one is read as `?`, one byte
//! for one byte, so the offsets after it stay those of the file, and a warning names the
//! input ([`Error::NotUtf8`]). A first line of the form
//! `date YYYY-MM-DD Title` gives the publication date and the title; it stays in the text.

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use tally_core::Document;

use crate::{Error, Limits};

/// Reads a whole text input, refusing binaries and inputs over `limits.max_document_bytes`:
/// the document, preceded by a warning when bytes of it were not UTF-8.
pub(crate) fn read_text_with_warning<R: Read>(
    reader: R,
    path: &Path,
    id: String,
    limits: &Limits,
) -> Vec<Result<Document, Error>> {
    match read_text(reader, path, id, limits) {
        Ok((doc, Some(warning))) => vec![Err(warning), Ok(doc)],
        Ok((doc, None)) => vec![Ok(doc)],
        Err(error) => vec![Err(error)],
    }
}

/// Reads a whole text input, refusing binaries and inputs over `limits.max_document_bytes`;
/// the document, and a warning when bytes of it were not UTF-8.
pub(crate) fn read_text<R: Read>(
    mut reader: R,
    path: &Path,
    id: String,
    limits: &Limits,
) -> Result<(Document, Option<Error>), Error> {
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

/// Turns the bytes of a text input into a document, and a warning when bytes of it were
/// not UTF-8.
pub(crate) fn parse_text(
    bytes: Vec<u8>,
    path: &Path,
    id: String,
) -> Result<(Document, Option<Error>), Error> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: offset as u64,
        });
    }
    let (text, warning) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let (text, n_bytes, first) = same_length_lossy(error.as_bytes());
            let warning = Error::NotUtf8 {
                path: path.to_path_buf(),
                n_bytes,
                offset: first as u64,
            };
            (text, Some(warning))
        }
    };
    let (published, title) = match header(&text) {
        Some((date, title)) => (Some(date), title),
        None => (None, None),
    };
    let doc = Document::new(id, text)
        .with_published(published)
        .with_title(title);
    Ok((doc, warning))
}

/// `bytes` as text, each byte that is not part of a UTF-8 character read as `?` (one byte
/// for one byte, so offsets are kept); how many bytes were replaced, and the first one's
/// offset.
fn same_length_lossy(bytes: &[u8]) -> (String, usize, usize) {
    let mut text = String::with_capacity(bytes.len());
    let (mut n_replaced, mut first) = (0, None);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let n_bad = error.error_len().unwrap_or(after.len());
                first.get_or_insert(bytes.len() - rest.len() + valid.len());
                text.extend(std::iter::repeat_n('?', n_bad));
                n_replaced += n_bad;
                rest = &after[n_bad..];
            }
        }
    }
    (text, n_replaced, first.unwrap_or(0))
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
        let (doc, _) = parse_text(
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
    fn invalid_utf8_is_read_byte_for_byte_with_a_warning() {
        let bytes = b"caf\xe9 \xe2\x82 then 5,000 killed".to_vec();
        let (doc, warning) = parse_text(bytes.clone(), Path::new("a.txt"), "a".into()).unwrap();
        assert_eq!(doc.text, "caf? ?? then 5,000 killed");
        assert_eq!(doc.text.len(), bytes.len());
        assert_eq!(
            doc.text.find("5,000"),
            bytes.windows(5).position(|w| w == b"5,000")
        );
        let warning = warning.unwrap();
        assert!(warning.is_warning());
        assert_eq!(
            warning.to_string(),
            "a.txt: 3 bytes are not UTF-8 (the first at byte 3); each was read as '?', so offsets stay those of the file"
        );
        let (_, none) =
            parse_text(b"caf\xc3\xa9".to_vec(), Path::new("b.txt"), "b".into()).unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn nul_bytes_make_a_binary() {
        let error = parse_text(b"ab\0c".to_vec(), Path::new("x.txt"), "x".into()).unwrap_err();
        assert!(matches!(error, Error::Binary { offset: 2, .. }), "{error}");
    }
}
