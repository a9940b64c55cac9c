//! RSS and Atom feeds saved as files: each item a document (feed-rs parses RSS 0.9x, 1.0,
//! 2.0, Atom and JSON Feed).
//!
//! | field | from |
//! |---|---|
//! | id | the item's `guid` (Atom `id`), else its link, else `<file>#<n>` (n counts items from 1) |
//! | title | the item's title |
//! | url | the item's link |
//! | published | `pubDate` / `published`, else `updated` (the day in UTC) |
//! | text | the item's content, else its summary, else its title; HTML turned into text, one block a line |
//! | publisher, lang | the feed's title and language |

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use tally_core::Document;

use crate::html::{date_from_chrono, fragment_text};
use crate::{Error, Limits};

/// True when the start of `bytes` shows an RSS, RDF or Atom root element.
pub(crate) fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// Reads a whole feed file, refusing one over `limits.max_document_bytes`.
pub(crate) fn read_bytes<R: Read>(
    mut reader: R,
    path: &Path,
    limits: &Limits,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(limits.max_document_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| crate::html::read_error(source, path, limits))?;
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: limits.max_document_bytes,
        });
    }
    Ok(bytes)
}

/// The documents of one feed, or the one error that kept it from being read. `name` is
/// the file name used in `<file>#<n>` ids.
pub(crate) fn feed_documents(
    bytes: &[u8],
    path: &Path,
    name: &str,
) -> Vec<Result<Document, Error>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Err(Error::Empty {
            path: path.to_path_buf(),
        })];
    }
    // Ids are ours to choose: no hash ids for items without a guid.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)))
    {
        Ok(Ok(feed)) => feed,
        Ok(Err(error)) => {
            return vec![Err(Error::Feed {
                path: path.to_path_buf(),
                message: error.to_string(),
            })]
        }
        Err(_) => {
            return vec![Err(Error::Feed {
                path: path.to_path_buf(),
                message: "the feed parser failed".to_string(),
            })]
        }
    };
    let publisher = feed
        .title
        .as_ref()
        .map(|title| fragment_text(&title.content))
        .filter(|title| !title.is_empty());
    let feed_lang = feed.language.clone();
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(entry_idx, entry)| {
            let n = entry_idx + 1;
            let link = entry
                .links
                .iter()
                .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
                .or(entry.links.first())
                .map(|link| link.href.trim().to_string())
                .filter(|href| !href.is_empty());
            let title = entry
                .title
                .as_ref()
                .map(|title| fragment_text(&title.content))
                .filter(|title| !title.is_empty());
            let body = entry
                .content
                .as_ref()
                .and_then(|content| content.body.as_deref())
                .map(fragment_text)
                .filter(|text| !text.is_empty())
                .or_else(|| {
                    entry
                        .summary
                        .as_ref()
                        .map(|summary| fragment_text(&summary.content))
                        .filter(|text| !text.is_empty())
                })
                .or_else(|| title.clone());
            let id = Some(entry.id.trim().to_string())
                .filter(|id| !id.is_empty())
                .or_else(|| link.clone())
                .unwrap_or_else(|| format!("{name}#{n}"));
            let Some(text) = body else {
                return Err(Error::NoMainText {
                    path: path.with_file_name(format!("{name}#{n}")),
                });
            };
            let published: Option<Date> = entry
                .published
                .or(entry.updated)
                .and_then(|time| date_from_chrono(time.date_naive()));
            let mut doc = Document::new(id, text)
                .with_title(title)
                .with_published(published);
            doc.url = link;
            doc.publisher = publisher.clone();
            doc.lang = entry
                .language
                .clone()
                .or_else(|| feed_lang.clone())
                .and_then(|lang| {
                    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
                    (primary.len() == 2).then_some(primary)
                });
            Ok(doc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str) -> Vec<Result<Document, Error>> {
        feed_documents(xml.as_bytes(), Path::new("news.rss"), "news.rss")
    }

    #[test]
    fn rss_items_become_documents() {
        let docs = read(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en-us</language>
            <item><title>Clashes</title><link>https://example.org/1</link><guid>urn:1</guid>
              <pubDate>Tue, 01 Apr 2025 10:00:00 GMT</pubDate>
              <description>&lt;p&gt;Over 5,000 killed.&lt;/p&gt;&lt;p&gt;More later.&lt;/p&gt;</description></item>
            <item><title>No guid</title><link>https://example.org/2</link><description>Two.</description></item>
            <item><description>Three.</description></item>
            </channel></rss>"#,
        );
        let docs: Vec<_> = docs.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs[0].id, "urn:1");
        assert_eq!(docs[0].text, "Over 5,000 killed.\nMore later.");
        assert_eq!(docs[0].title.as_deref(), Some("Clashes"));
        assert_eq!(docs[0].url.as_deref(), Some("https://example.org/1"));
        assert_eq!(docs[0].published.unwrap().to_string(), "2025-04-01");
        assert_eq!(docs[0].publisher.as_deref(), Some("Wire"));
        assert_eq!(docs[0].lang.as_deref(), Some("en"));
        assert_eq!(docs[1].id, "https://example.org/2");
        assert_eq!(docs[2].id, "news.rss#3");
    }

    #[test]
    fn atom_entries_prefer_content_to_summary() {
        let docs = read(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>f</id>
            <entry><id>tag:x,2025:1</id><title>T</title><updated>2025-04-02T00:00:00Z</updated>
              <summary>Short.</summary><content type="html">&lt;p&gt;Long text.&lt;/p&gt;</content></entry></feed>"#,
        );
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "tag:x,2025:1");
        assert_eq!(doc.text, "Long text.");
        assert_eq!(doc.published.unwrap().to_string(), "2025-04-02");
    }

    #[test]
    fn malformed_and_empty_feeds_are_one_error() {
        let docs = read("<rss><channel><item><title>x</titl");
        assert_eq!(docs.len(), 1);
        let error = docs[0].as_ref().unwrap_err();
        assert!(matches!(error, Error::Feed { .. }), "{error}");
        assert!(error
            .to_string()
            .starts_with("news.rss: not a valid RSS or Atom feed"));
        assert!(matches!(read(" \n")[0], Err(Error::Empty { .. })));
        assert!(matches!(
            read("<html><body>no</body></html>")[0],
            Err(Error::Feed { .. })
        ));
    }

    #[test]
    fn feeds_are_told_by_their_root() {
        assert!(looks_like_feed(
            b"<?xml version='1.0'?>\n<rss version='2.0'>"
        ));
        assert!(looks_like_feed(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(!looks_like_feed(b"<?xml version='1.0'?><urlset>"));
    }
}
