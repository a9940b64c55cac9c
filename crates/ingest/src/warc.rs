//! WARC archives (`.warc`, `.warc.gz` with one gzip member per record or one for all): the
//! HTML pages of their `response` (and `resource`) records, read through the HTML path.
//!
//! The format is parsed here rather than with the `warc` crate, so that every malformed
//! record becomes an error naming the archive and the byte offset, never a panic or a
//! stop without a word, and so that oversized records are skipped without being held:
//!
//! ```text
//! WARC/1.1\r\n  headers (WARC-Type, WARC-Record-ID, WARC-Target-URI, WARC-Date,
//! Content-Type, Content-Length)\r\n  \r\n  <Content-Length bytes>\r\n\r\n
//! ```
//!
//! A `response` block is an HTTP response: its status line and headers are read for the
//! content type and charset, chunked transfer coding and gzip or deflate content coding
//! are undone. Records that are not HTML (requests, metadata, images, redirects) are passed
//! over quietly. A document's id is the record's `WARC-Record-ID` (else its target URI), its
//! url the `WARC-Target-URI`, its date the page's own or else the `WARC-Date`.

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tally_core::Document;

use crate::html::{default_extractor, html_document, parse_date, Page};
use crate::jsonl::CapExceeded;
use crate::{Documents, Error, Limits};

/// The longest header line read; a longer one makes the record malformed.
const MAX_HEADER_LINE: usize = 64 << 10;

/// The most header lines of one record.
const MAX_HEADERS: usize = 1024;

/// The documents of one WARC stream (already decompressed), lazily.
pub(crate) fn documents<R: BufRead + Send + 'static>(
    reader: R,
    path: &Path,
    name: String,
    published: Option<Date>,
    limits: Limits,
) -> Documents {
    Box::new(WarcReader {
        reader,
        path: path.to_path_buf(),
        name,
        published,
        limits,
        offset: 0,
        done: false,
        n_records: 0,
    })
}

/// Reads records one at a time.
struct WarcReader<R> {
    reader: R,
    path: PathBuf,
    /// The file name, for errors about a record.
    name: String,
    published: Option<Date>,
    limits: Limits,
    /// Bytes consumed so far (of the decompressed stream).
    offset: u64,
    done: bool,
    /// Records seen so far.
    n_records: u64,
}

/// One record's headers.
#[derive(Debug, Default)]
struct Headers {
    fields: Vec<(String, String)>,
}

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Why a record could not be read.
enum Bad {
    /// Reading the stream failed.
    Io(io::Error),
    /// The bytes are not WARC.
    Format(String),
}

impl From<io::Error> for Bad {
    fn from(error: io::Error) -> Bad {
        Bad::Io(error)
    }
}

impl<R: BufRead> WarcReader<R> {
    /// Reads one line of at most `MAX_HEADER_LINE` bytes, without its line ending.
    /// `None` at the end of the stream.
    fn read_line(&mut self) -> Result<Option<Vec<u8>>, Bad> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        if line.last() != Some(&b'\n') && line.len() > MAX_HEADER_LINE {
            return Err(Bad::Format(format!(
                "header line longer than {MAX_HEADER_LINE} bytes"
            )));
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(Some(line))
    }

    /// Skips blank lines and reads the version line and headers of the next record.
    /// `None` at the end of the stream.
    fn read_headers(&mut self) -> Result<Option<Headers>, Bad> {
        let version = loop {
            match self.read_line()? {
                None => return Ok(None),
                Some(line) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Some(line) => break line,
            }
        };
        if !version.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
            return Err(Bad::Format(format!(
                "expected a record starting with \"WARC/\", found {shown:?}"
            )));
        }
        let mut headers = Headers::default();
        loop {
            let Some(line) = self.read_line()? else {
                return Err(Bad::Format(
                    "the archive ends inside a record's headers".into(),
                ));
            };
            if line.is_empty() {
                return Ok(Some(headers));
            }
            if headers.fields.len() >= MAX_HEADERS {
                return Err(Bad::Format(format!("more than {MAX_HEADERS} header lines")));
            }
            let line = String::from_utf8_lossy(&line);
            let Some((key, value)) = line.split_once(':') else {
                return Err(Bad::Format(format!(
                    "header line without a colon: {:?}",
                    truncate(&line)
                )));
            };
            headers
                .fields
                .push((key.trim().to_string(), value.trim().to_string()));
        }
    }

    /// Skips until the next line that starts a record, after a malformed one.
    fn resync(&mut self) -> Result<(), Bad> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() || buf.starts_with(b"WARC/") {
                return Ok(());
            }
            let mut line = Vec::new();
            let n = (&mut self.reader)
                .take(1 << 16)
                .read_until(b'\n', &mut line)?;
            self.offset += n as u64;
        }
    }

    /// Reads or skips a block of `length` bytes: `Some(bytes)` when it is kept.
    fn read_block(&mut self, length: u64, keep: bool) -> Result<Option<Vec<u8>>, Bad> {
        if keep {
            let mut block = Vec::with_capacity(usize::try_from(length.min(1 << 20)).unwrap_or(0));
            let n = (&mut self.reader).take(length).read_to_end(&mut block)?;
            self.offset += n as u64;
            if (n as u64) < length {
                return Err(Bad::Format(format!(
                    "the archive ends inside a record ({n} of {length} bytes)"
                )));
            }
            Ok(Some(block))
        } else {
            let n = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
            self.offset += n;
            if n < length {
                return Err(Bad::Format(format!(
                    "the archive ends inside a record ({n} of {length} bytes)"
                )));
            }
            Ok(None)
        }
    }

    /// The next document, error, or `None` at the end.
    fn next_item(&mut self) -> Option<Result<Document, Error>> {
        while !self.done {
            let start = self.offset;
            match self.next_record(start) {
                Ok(Some(item)) => return Some(item),
                Ok(None) => continue,
                Err(bad) => {
                    let error = self.error(bad, start);
                    // After a format error, look for the next record; after an IO error
                    // (a corrupt gzip stream, the size cap), stop.
                    if matches!(error, Error::Warc { .. }) && self.resync().is_ok() {
                        if self.reader.fill_buf().map_or(true, <[u8]>::is_empty) {
                            self.done = true;
                        }
                    } else {
                        self.done = true;
                    }
                    return Some(Err(error));
                }
            }
        }
        None
    }

    /// Reads one record: `Ok(None)` for a record that holds no HTML page; `Err` when the
    /// archive is malformed there.
    fn next_record(&mut self, start: u64) -> Result<Option<Result<Document, Error>>, Bad> {
        let Some(headers) = self.read_headers()? else {
            self.done = true;
            if self.n_records == 0 {
                return Ok(Some(Err(Error::Empty {
                    path: self.path.clone(),
                })));
            }
            return Ok(None);
        };
        self.n_records += 1;
        let length: u64 = headers
            .get("Content-Length")
            .ok_or_else(|| Bad::Format("a record without Content-Length".into()))?
            .parse()
            .map_err(|_| Bad::Format("Content-Length is not a number".into()))?;
        let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = headers
            .get("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let wanted = match kind.as_str() {
            "response" => content_type.starts_with("application/http"),
            "resource" => is_html_type(&content_type),
            _ => false,
        };
        let record_id = headers
            .get("WARC-Record-ID")
            .map(|id| id.trim_matches(['<', '>']).to_string())
            .filter(|id| !id.is_empty());
        let target = headers
            .get("WARC-Target-URI")
            .map(|uri| uri.trim_matches(['<', '>']).to_string());
        let label = record_id
            .clone()
            .or_else(|| target.clone())
            .unwrap_or_else(|| format!("record at byte {start}"));
        let record_path = PathBuf::from(format!("{}#{label}", self.path.display()));
        if wanted && length > self.limits.max_document_bytes {
            self.read_block(length, false)?;
            return Ok(Some(Err(Error::TooLarge {
                path: record_path,
                limit: self.limits.max_document_bytes,
            })));
        }
        let Some(block) = self.read_block(length, wanted)? else {
            return Ok(None);
        };
        let (body, charset) = if kind == "response" {
            match http_body(&block, &self.limits) {
                Ok(Some(found)) => found,
                Ok(None) => return Ok(None),
                Err(message) => {
                    return Ok(Some(Err(Error::Html {
                        path: record_path,
                        message,
                    })))
                }
            }
        } else {
            (block, charset_of(&content_type))
        };
        let page = Page {
            bytes: &body,
            charset: charset.as_deref(),
            url: target.as_deref(),
        };
        let id = record_id
            .or(target.clone())
            .unwrap_or_else(|| format!("{}#{}", self.name, self.n_records));
        let warc_date = headers.get("WARC-Date").and_then(parse_date);
        let doc = html_document(&page, &record_path, id, default_extractor()).map(|mut doc| {
            doc.published = doc.published.or(warc_date).or(self.published);
            doc
        });
        Ok(Some(doc))
    }

    /// The error for a bad record starting at `start`.
    fn error(&self, bad: Bad, start: u64) -> Error {
        match bad {
            Bad::Io(source)
                if source
                    .get_ref()
                    .is_some_and(|inner| inner.is::<CapExceeded>()) =>
            {
                Error::DecompressedFile {
                    path: self.path.clone(),
                    limit: self.limits.max_decompressed_bytes,
                }
            }
            Bad::Io(source) => Error::Read {
                path: self.path.clone(),
                source,
            },
            Bad::Format(message) => Error::Warc {
                path: self.path.clone(),
                offset: start,
                message,
            },
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Document, Error>;

    fn next(&mut self) -> Option<Result<Document, Error>> {
        self.next_item()
    }
}

/// True for the media types of HTML pages.
fn is_html_type(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    matches!(media, "text/html" | "application/xhtml+xml")
}

/// The `charset` parameter of a content type.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The HTML body and charset of an HTTP response block: `Ok(None)` when it is not a
/// successful HTML response.
#[allow(clippy::type_complexity)]
fn http_body(block: &[u8], limits: &Limits) -> Result<Option<(Vec<u8>, Option<String>)>, String> {
    let Some(split) = find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| find(block, b"\n\n").map(|at| (at, at + 2)))
    else {
        return Err("the HTTP response has no end of headers".into());
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!("not an HTTP response: {:?}", truncate(status_line)));
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut coding = String::new();
    for line in lines {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match key.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => coding = value,
            _ => {}
        }
    }
    let mut body = block[split.1..].to_vec();
    if !content_type.is_empty() && !is_html_type(&content_type) {
        return Ok(None);
    }
    if chunked {
        body = dechunk(&body).ok_or("the chunked HTTP body is malformed")?;
    }
    let cap = limits.max_document_bytes;
    if coding.contains("gzip") {
        body = decompress(flate2::read::MultiGzDecoder::new(&body[..]), cap)?;
    } else if coding.contains("deflate") {
        body = decompress(flate2::read::ZlibDecoder::new(&body[..]), cap)
            .or_else(|_| decompress(flate2::read::DeflateDecoder::new(&body[..]), cap))?;
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if content_type.is_empty() && !body[start..].starts_with(b"<") {
        return Ok(None);
    }
    Ok(Some((body, charset_of(&content_type))))
}

/// All of a decoder's output, up to `cap` bytes.
fn decompress<R: Read>(decoder: R, cap: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|error| format!("the HTTP body cannot be decompressed: {error}"))?;
    if out.len() as u64 > cap {
        return Err(format!(
            "the HTTP body decompresses to more than {cap} bytes"
        ));
    }
    Ok(out)
}

/// The data of a chunked HTTP body.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size_text = size_text.trim().split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        // The CRLF after the chunk; a missing one at the very end is forgiven.
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
        if body.is_empty() {
            return Some(out);
        }
    }
}

/// The position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The first 60 characters of a line, for messages.
fn truncate(line: &str) -> String {
    line.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>T</title></head><body><article><p>Over 5,000 soldiers were killed or wounded in the fighting near the river, officials said on Tuesday.</p><p>The figure could not be independently verified, and both sides have disputed earlier counts.</p></article></body></html>";

    fn record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-04-02T08:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(id: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        record(
            "response",
            id,
            "https://example.org/a",
            "application/http; msgtype=response",
            &block,
        )
    }

    fn read(bytes: Vec<u8>) -> Vec<Result<Document, Error>> {
        documents(
            io::Cursor::new(bytes),
            Path::new("a.warc"),
            "a.warc".into(),
            None,
            Limits::default(),
        )
        .collect()
    }

    #[test]
    fn html_responses_become_documents_and_the_rest_is_passed_over() {
        let mut warc = record(
            "warcinfo",
            "urn:uuid:0",
            "",
            "application/warc-fields",
            b"software: x\r\n",
        );
        warc.extend(record(
            "request",
            "urn:uuid:1",
            "https://example.org/a",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(response(
            "urn:uuid:2",
            "Content-Type: text/html; charset=utf-8\r\n",
            PAGE.as_bytes(),
        ));
        warc.extend(response(
            "urn:uuid:3",
            "Content-Type: image/png\r\n",
            b"\x89PNG\0\0",
        ));
        let docs = read(warc);
        assert_eq!(docs.len(), 1, "{docs:?}");
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "urn:uuid:2");
        assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.published.unwrap().to_string(), "2025-04-02");
        assert!(doc.text.starts_with("Over 5,000"));
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_decoded() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", 10).into_bytes();
        chunked.extend_from_slice(&gz[..10]);
        chunked.extend_from_slice(format!("\r\n{:x}\r\n", gz.len() - 10).as_bytes());
        chunked.extend_from_slice(&gz[10..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let warc = response(
            "urn:uuid:9",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let docs = read(warc);
        assert!(
            docs[0].as_ref().unwrap().text.contains("Over 5,000"),
            "{docs:?}"
        );
    }

    #[test]
    fn a_malformed_record_is_an_error_and_the_next_record_still_comes() {
        let mut warc =
            b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\ngarbage\r\n\r\n"
                .to_vec();
        warc.extend(response(
            "urn:uuid:2",
            "Content-Type: text/html\r\n",
            PAGE.as_bytes(),
        ));
        let docs = read(warc);
        assert_eq!(docs.len(), 2, "{docs:?}");
        let error = docs[0].as_ref().unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.warc: malformed WARC at byte 0: Content-Length is not a number"
        );
        assert_eq!(docs[1].as_ref().unwrap().id, "urn:uuid:2");
    }

    #[test]
    fn a_truncated_archive_and_garbage_are_errors() {
        let mut warc = response("urn:uuid:2", "Content-Type: text/html\r\n", PAGE.as_bytes());
        warc.truncate(warc.len() - 40);
        let docs = read(warc);
        assert!(
            docs[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("ends inside a record"),
            "{docs:?}"
        );
        let docs = read(b"\x7fELF\x02\x01\x01\0\0\0".to_vec());
        assert_eq!(docs.len(), 1);
        assert!(
            matches!(docs[0], Err(Error::Warc { offset: 0, .. })),
            "{docs:?}"
        );
        assert!(matches!(read(Vec::new())[0], Err(Error::Empty { .. })));
    }

    #[test]
    fn chunked_bodies_decode() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"zz\r\nabc"), None);
        assert_eq!(dechunk(b"10\r\nabc"), None);
    }
}
