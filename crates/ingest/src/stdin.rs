//! Streams that are not files (standard input): JSONL, a feed, an HTML page or one text
//! document, by the first non-blank byte (`{` JSONL, `<` a feed or a page).

use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use jiff::civil::Date;

use crate::jsonl::JsonlReader;
use crate::{html, rss, text, Documents, Error, Limits};

/// The documents of `reader`: JSONL if its first non-blank byte is `{`, otherwise one text
/// document with id `name`. Errors name the input `<stdin>` when `name` is `-`.
pub(crate) fn documents<R: BufRead + Send + 'static>(
    mut reader: R,
    name: &str,
    published: Option<Date>,
    limits: Limits,
) -> Documents {
    let path = if name == "-" {
        Path::new("<stdin>")
    } else {
        Path::new(name)
    };
    // Blank bytes before the first other byte are kept: they are part of a text document.
    let mut prefix = Vec::new();
    let mut first = None;
    while first.is_none() && (prefix.len() as u64) <= limits.max_line_bytes {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Box::new(std::iter::once(Err(Error::Read {
                    path: path.to_path_buf(),
                    source,
                })))
            }
        };
        if available.is_empty() {
            break;
        }
        first = available.iter().copied().find(|b| !b.is_ascii_whitespace());
        let n = available.len();
        prefix.extend_from_slice(available);
        reader.consume(n);
    }
    let whole = BufReader::with_capacity(1 << 16, Cursor::new(prefix).chain(reader));
    if first == Some(b'{') {
        Box::new(JsonlReader::new(
            whole,
            path,
            name.to_string(),
            published,
            limits,
        ))
    } else if first == Some(b'<') {
        let bytes = match rss::read_bytes(whole, path, &limits) {
            Ok(bytes) => bytes,
            Err(error) => return Box::new(std::iter::once(Err(error))),
        };
        let with_date = move |doc: tally_core::Document| {
            let date = doc.published.or(published);
            doc.with_published(date)
        };
        if rss::looks_like_feed(&bytes) {
            let docs = rss::feed_documents(&bytes, path, name);
            return Box::new(docs.into_iter().map(move |doc| doc.map(with_date)));
        }
        let doc = html::read_html(&bytes[..], path, name.to_string(), &limits).map(with_date);
        Box::new(std::iter::once(doc))
    } else {
        let items = text::read_text_with_warning(whole, path, name.to_string(), &limits);
        Box::new(items.into_iter().map(move |item| {
            item.map(|doc| {
                let published = doc.published.or(published);
                doc.with_published(published)
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &'static str) -> Vec<Result<tally_core::Document, Error>> {
        documents(input.as_bytes(), "-", None, Limits::default()).collect()
    }

    #[test]
    fn jsonl_is_told_by_its_first_brace() {
        let docs = read("\n  {\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"y\"}\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].as_ref().unwrap().id, "a");
        assert_eq!(docs[1].as_ref().unwrap().id, "-:3");
    }

    #[test]
    fn anything_else_is_one_text_document() {
        let docs = read("\n  Over 5,000 troops.\n{not json}\n");
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "-");
        assert_eq!(doc.text, "\n  Over 5,000 troops.\n{not json}\n");
    }

    #[test]
    fn markup_is_a_page_or_a_feed() {
        let page = "<html><body><p>Over 5,000 soldiers were killed or wounded in the fighting near the river, officials said.</p></body></html>";
        let docs = read(page);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "-");
        assert!(doc.text.starts_with("Over 5,000"), "{}", doc.text);
        let docs = read("<rss version=\"2.0\"><channel><title>W</title><item><description>One.</description></item><item><description>Two.</description></item></channel></rss>");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap().id, "-#2");
    }

    #[test]
    fn empty_input_is_one_empty_document() {
        let docs = read("");
        assert_eq!(docs[0].as_ref().unwrap().text, "");
    }

    #[test]
    fn errors_name_standard_input() {
        let docs = read("{bad\n");
        assert!(docs[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("<stdin>:1:"));
    }
}
