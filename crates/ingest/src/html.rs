//! HTML pages: the main text (boilerplate dropped) and the page's metadata.
//!
//! The main text comes from a [`MainText`] extractor: [`Combined`] by default, which is
//! [`Trafilatura`] (the better of the two on the article-extraction benchmark, see
//! `tally eval-html`) with [`DomSmoothie`] (a Readability.js port) for the pages where
//! trafilatura finds nothing. Paragraphs are kept one to a line, since the
//! extractor splits sentences at line breaks.
//!
//! The metadata is read from the page itself, the first source that has it winning:
//!
//! | field | sources |
//! |---|---|
//! | title | `og:title`, `<title>`, the first `<h1>` |
//! | url | `<link rel=canonical>`, `og:url`, the address the page was fetched from |
//! | publisher | `og:site_name`, `application-name`, the host of the url |
//! | lang | `<html lang>`, `content-language`, `og:locale` (as ISO 639-1, `en-GB` → `en`) |
//! | published | `article:published_time` and similar meta tags, JSON-LD `datePublished`, `<time datetime>`, then the extractor's own date finding |
//!
//! Extraction runs on a thread of its own with a large stack, so that deeply nested
//! markup cannot overflow the caller's stack, and a panic inside an extractor becomes an
//! [`Error::Html`] naming the page.

use std::io::Read;
use std::path::Path;

use dom_query::Document as Dom;
use jiff::civil::Date;
use tally_core::Document;

use crate::encoding::decode_html;
use crate::{Error, Limits};

/// The stack of the thread that parses and extracts one page.
const EXTRACTION_STACK_BYTES: usize = 512 << 20;

/// The deepest nesting of elements read; the extractors take time quadratic in the depth.
pub const MAX_NESTING: usize = 2_000;

/// How many leading bytes are looked at to tell markup from a binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Finds the main text of an HTML page.
pub trait MainText: Send + Sync {
    /// A short name, as `tally eval-html --extractor` takes it.
    fn name(&self) -> &'static str;

    /// The main text of `html`, paragraphs separated by line breaks, and the publication
    /// date the extractor found on its own (if it looks for one).
    ///
    /// `url` is the address the page came from, when known.
    ///
    /// # Errors
    ///
    /// A message saying why no text could be extracted.
    fn main_text(&self, html: &str, url: Option<&str>) -> Result<Extracted, String>;
}

/// What a [`MainText`] extractor found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The main text, one paragraph a line.
    pub text: String,
    /// A publication date the extractor found.
    pub published: Option<Date>,
}

/// The trafilatura port (go-trafilatura's algorithm: content selectors, paragraph scoring,
/// a Readability and a jusText fallback).
#[derive(Debug, Clone, Copy, Default)]
pub struct Trafilatura;

impl MainText for Trafilatura {
    fn name(&self) -> &'static str {
        "trafilatura"
    }

    fn main_text(&self, html: &str, url: Option<&str>) -> Result<Extracted, String> {
        let mut options = trafilatura::Options::default();
        if let Some(url) = url.and_then(trafilatura_url) {
            options = options.with_url(url);
        }
        let result = match trafilatura::extract(html, &options) {
            Ok(result) => result,
            Err(trafilatura::TrafilaturaError::InsufficientContent { .. }) => {
                return Ok(Extracted::default())
            }
            Err(error) => return Err(error.to_string()),
        };
        // `content_text` runs paragraphs together ("…Tuesday.The figure…"), so the text is
        // taken from the cleaned HTML, one block a line.
        Ok(Extracted {
            text: fragment_text(&result.content_html),
            published: result.metadata.date.and_then(date_from_chrono),
        })
    }
}

/// A URL trafilatura accepts (absolute, http or https).
fn trafilatura_url(url: &str) -> Option<url::Url> {
    let url = url::Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// dom_smoothie, a port of Mozilla's Readability.js.
#[derive(Debug, Clone, Copy, Default)]
pub struct DomSmoothie;

impl MainText for DomSmoothie {
    fn name(&self) -> &'static str {
        "dom_smoothie"
    }

    fn main_text(&self, html: &str, url: Option<&str>) -> Result<Extracted, String> {
        let config = dom_smoothie::Config {
            text_mode: dom_smoothie::TextMode::Formatted,
            ..dom_smoothie::Config::default()
        };
        let url = url.filter(|url| url.starts_with("http://") || url.starts_with("https://"));
        let mut readability = dom_smoothie::Readability::new(html, url, Some(config))
            .or_else(|_| {
                let config = dom_smoothie::Config {
                    text_mode: dom_smoothie::TextMode::Formatted,
                    ..dom_smoothie::Config::default()
                };
                dom_smoothie::Readability::new(html, None, Some(config))
            })
            .map_err(|error| error.to_string())?;
        let article = readability.parse().map_err(|error| error.to_string())?;
        Ok(Extracted {
            text: tidy(&article.text_content),
            published: article.published_time.as_deref().and_then(parse_date),
        })
    }
}

/// Trafilatura, and dom_smoothie for the pages where trafilatura finds no text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Combined;

impl MainText for Combined {
    fn name(&self) -> &'static str {
        "combined"
    }

    fn main_text(&self, html: &str, url: Option<&str>) -> Result<Extracted, String> {
        match Trafilatura.main_text(html, url) {
            Ok(found) if !found.text.trim().is_empty() => Ok(found),
            first => match DomSmoothie.main_text(html, url) {
                Ok(found) if !found.text.trim().is_empty() => Ok(found),
                _ => first,
            },
        }
    }
}

/// Every extractor tally has; the default first.
pub fn extractors() -> Vec<Box<dyn MainText>> {
    vec![
        Box::new(Combined),
        Box::new(Trafilatura),
        Box::new(DomSmoothie),
    ]
}

/// The extractor `read_inputs` uses: [`Combined`].
pub fn default_extractor() -> &'static dyn MainText {
    &Combined
}

/// Reads one HTML page (already decompressed) into a document.
pub(crate) fn read_html<R: Read>(
    mut reader: R,
    path: &Path,
    id: String,
    limits: &Limits,
) -> Result<Document, Error> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(limits.max_document_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| read_error(source, path, limits))?;
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: limits.max_document_bytes,
        });
    }
    let page = Page {
        bytes: &bytes,
        charset: None,
        url: None,
    };
    html_document(&page, path, id, default_extractor())
}

/// The error for a failed read of a whole input: the decompression cap, or the IO error.
pub(crate) fn read_error(source: std::io::Error, path: &Path, limits: &Limits) -> Error {
    if source
        .get_ref()
        .is_some_and(|inner| inner.is::<crate::jsonl::CapExceeded>())
    {
        return Error::DecompressedFile {
            path: path.to_path_buf(),
            limit: limits.max_decompressed_bytes,
        };
    }
    Error::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// An HTML page to read: its bytes, the charset and the address it came with (from a WARC
/// record's headers), if any.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The page as fetched.
    pub bytes: &'a [u8],
    /// The charset of an HTTP `Content-Type` header.
    pub charset: Option<&'a str>,
    /// The address the page was fetched from.
    pub url: Option<&'a str>,
}

/// The document of one HTML page: its main text by `extractor` and its metadata.
///
/// `path` names the input in errors; `id` becomes the document's id.
///
/// # Errors
///
/// [`Error::Empty`] for a page of no bytes, [`Error::Binary`] for one that is not text,
/// [`Error::NoMainText`] when the extractor finds nothing, [`Error::Html`] when it fails.
///
/// # Example
///
/// ```
/// use tally_ingest::html::{html_document, Page, Trafilatura};
///
/// let html = br#"<html lang="en-GB"><head><title>Front line</title>
///   <meta property="article:published_time" content="2025-04-01T09:00:00+01:00">
///   <meta property="og:site_name" content="Example News"></head>
///   <body><nav>Home | World | Sport</nav><article>
///   <p>Over 5,000 soldiers were killed or wounded in the fighting, officials said on Tuesday.</p>
///   <p>The figure could not be independently verified by reporters in the region.</p>
///   </article><footer>Copyright</footer></body></html>"#;
/// let page = Page { bytes: html, charset: None, url: None };
/// let doc = html_document(&page, "page.html".as_ref(), "page.html".into(), &Trafilatura)?;
/// assert!(doc.text.starts_with("Over 5,000 soldiers"));
/// assert!(!doc.text.contains("Copyright"));
/// assert_eq!(doc.published.unwrap().to_string(), "2025-04-01");
/// assert_eq!(doc.publisher.as_deref(), Some("Example News"));
/// assert_eq!(doc.lang.as_deref(), Some("en"));
/// # Ok::<(), tally_ingest::Error>(())
/// ```
pub fn html_document(
    page: &Page<'_>,
    path: &Path,
    id: String,
    extractor: &dyn MainText,
) -> Result<Document, Error> {
    let html_error = |message: String| Error::Html {
        path: path.to_path_buf(),
        message,
    };
    if page.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let has_bom = encoding_rs::Encoding::for_bom(page.bytes).is_some();
    let head = &page.bytes[..page.bytes.len().min(BINARY_SNIFF_BYTES)];
    if !has_bom {
        if let Some(offset) = head.iter().position(|&b| b == 0) {
            return Err(Error::Binary {
                path: path.to_path_buf(),
                offset: offset as u64,
            });
        }
    }
    let (html, _encoding) = decode_html(page.bytes, page.charset);
    let depth = nesting_depth(&html);
    if depth > MAX_NESTING {
        return Err(html_error(format!(
            "elements nested more than {MAX_NESTING} deep (about {depth})"
        )));
    }
    let url = page.url;
    let result = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("tally-html".to_string())
            .stack_size(EXTRACTION_STACK_BYTES)
            .spawn_scoped(scope, || {
                let meta = Meta::of(&html, url);
                let extracted = extractor.main_text(&html, url.or(meta.url.as_deref()));
                (meta, extracted)
            })
            .map_err(|error| format!("cannot start the extraction thread: {error}"))?;
        worker.join().map_err(|panic| {
            format!(
                "{} extractor failed: {}",
                extractor.name(),
                panic_message(&panic)
            )
        })
    });
    let (meta, extracted) = result.map_err(html_error)?;
    let extracted =
        extracted.map_err(|message| html_error(format!("{}: {message}", extractor.name())))?;
    if extracted.text.trim().is_empty() {
        return Err(Error::NoMainText {
            path: path.to_path_buf(),
        });
    }
    let mut doc = Document::new(id, extracted.text);
    doc.title = meta.title;
    doc.publisher = meta
        .publisher
        .or_else(|| meta.url.as_deref().or(url).and_then(host));
    doc.url = meta.url.or_else(|| url.map(str::to_string));
    doc.lang = meta.lang;
    // An extractor's own date is the last resort, and not when it is the first of January:
    // that is what a bare year ("Copyright 2025") becomes.
    let guessed = extracted
        .published
        .filter(|date| !(date.month() == 1 && date.day() == 1));
    doc.published = meta.published.or(guessed);
    Ok(doc)
}

/// Elements that never hold others or close themselves implicitly, left out of the depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd", "param", "!doctype",
];

/// An estimate of the deepest nesting of elements in `html`, from its tags alone: opening
/// tags less closing ones, leaving out void and implicitly closed elements, comments and
/// the contents of scripts and styles.
///
/// Linear in the page's length: each search stops at the first match, and a `>` found is
/// the end of every tag that starts before it (a page of "<a <a <a …" or of a hundred
/// thousand scripts once cost the square of its length here).
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    // The `>` found last (the end of the page when there was none): the first after every
    // tag that starts before it, so sought again only past it.
    let mut next_tag_end: Option<usize> = None;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        at += found + 1;
        if bytes[at..].starts_with(b"!--") {
            at = html[at..]
                .find("-->")
                .map_or(bytes.len(), |end| at + end + 3);
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!' || *b == b'-'))
            .unwrap_or(bytes.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        let tag_end = match next_tag_end {
            Some(end) if at <= end => end,
            _ => {
                let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |end| at + end);
                next_tag_end = Some(end);
                end
            }
        };
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes[..tag_end].ends_with(b"/") {
            continue;
        } else if name == "script" || name == "style" {
            // Past the closing tag too: the element was not counted open, so its end is
            // not counted closed.
            let close = format!("</{name}");
            at = find_ignoring_ascii_case(&bytes[tag_end..], close.as_bytes())
                .map_or(bytes.len(), |end| tag_end + end + close.len());
            continue;
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The offset of the first `needle` (lowercase ASCII) in `haystack`, in any case.
fn find_ignoring_ascii_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(found) = memchr::memchr2(first, first.to_ascii_uppercase(), &haystack[from..]) {
        let start = from + found;
        let candidate = haystack.get(start + 1..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(rest) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// The text of a panic's payload.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "panic".to_string()
    }
}

/// The metadata a page declares about itself.
#[derive(Debug, Default, Clone, PartialEq)]
struct Meta {
    title: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    lang: Option<String>,
    published: Option<Date>,
}

/// `<meta>` names and properties that hold a publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "og:updated_time",
    "article:modified_time",
];

impl Meta {
    /// Reads the metadata of `html`; `url` is where it was fetched from.
    fn of(html: &str, url: Option<&str>) -> Meta {
        let dom = Dom::from(html);
        let mut metas: Vec<(String, String)> = Vec::new();
        for meta in dom.select("meta").iter() {
            let key = meta
                .attr("property")
                .or_else(|| meta.attr("name"))
                .or_else(|| meta.attr("itemprop"))
                .or_else(|| meta.attr("http-equiv"));
            if let (Some(key), Some(content)) = (key, meta.attr("content")) {
                let content = collapse(&content);
                if !content.is_empty() {
                    metas.push((key.trim().to_ascii_lowercase(), content));
                }
            }
        }
        let meta = |key: &str| {
            metas
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, content)| content.clone())
        };
        let first_text = |selector: &str| {
            let text = collapse(&dom.select(selector).first().text());
            (!text.is_empty()).then_some(text)
        };

        let title = meta("og:title")
            .or_else(|| first_text("title"))
            .or_else(|| first_text("h1"));
        let canonical = dom
            .select("link[rel]")
            .iter()
            .filter(|link| {
                link.attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .find_map(|link| link.attr("href").map(|href| href.trim().to_string()));
        let page_url = canonical
            .into_iter()
            .chain(meta("og:url"))
            .find_map(|candidate| absolute(&candidate, url));
        let publisher = meta("og:site_name").or_else(|| meta("application-name"));
        let lang = dom
            .select("html")
            .first()
            .attr("lang")
            .map(|lang| lang.to_string())
            .or_else(|| meta("content-language"))
            .or_else(|| meta("og:locale"))
            .and_then(|lang| language_code(&lang));
        let published = DATE_META
            .iter()
            .filter_map(|key| meta(key))
            .find_map(|value| parse_date(&value))
            .or_else(|| json_ld_date(&dom))
            .or_else(|| time_element_date(&dom));
        Meta {
            title,
            url: page_url,
            publisher,
            lang,
            published,
        }
    }
}

/// `datePublished` (else `dateCreated`) from the page's JSON-LD blocks.
fn json_ld_date(dom: &Dom) -> Option<Date> {
    let mut found = None;
    for script in dom.select("script[type]").iter() {
        let is_json_ld = script
            .attr("type")
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_json_ld {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(script.text().trim()) else {
            continue;
        };
        if let Some(date) = find_json_date(&value, "datePublished", 0) {
            return Some(date);
        }
        found = found.or_else(|| find_json_date(&value, "dateCreated", 0));
    }
    found
}

/// The first date under `key` anywhere in a JSON value (depth-limited).
fn find_json_date(value: &serde_json::Value, key: &str, depth: usize) -> Option<Date> {
    if depth > 16 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => {
            if let Some(date) = map.get(key).and_then(|v| v.as_str()).and_then(parse_date) {
                return Some(date);
            }
            map.values().find_map(|v| find_json_date(v, key, depth + 1))
        }
        serde_json::Value::Array(items) => {
            items.iter().find_map(|v| find_json_date(v, key, depth + 1))
        }
        _ => None,
    }
}

/// The date of a `<time datetime>` marked as the publication date (`itemprop` or `pubdate`),
/// else of the first `<time datetime>`.
fn time_element_date(dom: &Dom) -> Option<Date> {
    let times = dom.select("time[datetime]");
    let marked = times.iter().find(|time| {
        time.attr("itemprop")
            .is_some_and(|prop| prop.eq_ignore_ascii_case("datePublished"))
            || time.has_attr("pubdate")
            || time
                .attr("class")
                .is_some_and(|class| class.to_ascii_lowercase().contains("publish"))
    });
    marked
        .into_iter()
        .chain(times.iter())
        .find_map(|time| time.attr("datetime").and_then(|value| parse_date(&value)))
}

/// A calendar date from the start of a date or date-time value: `2025-04-01`,
/// `2025-04-01T10:00:00+02:00` (the date as written, not moved to UTC), `2025/04/01`,
/// `20250401`.
pub(crate) fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let part = value.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day, end) =
        if bytes.len() >= 10 && matches!(bytes[4], b'-' | b'/' | b'.') && bytes[7] == bytes[4] {
            (digits(0..4)?, digits(5..7)?, digits(8..10)?, 10)
        } else {
            (digits(0..4)?, digits(4..6)?, digits(6..8)?, 8)
        };
    if bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// A chrono date as a jiff date.
pub(crate) fn date_from_chrono(date: chrono::NaiveDate) -> Option<Date> {
    use chrono::Datelike;
    Date::new(
        i16::try_from(date.year()).ok()?,
        i8::try_from(date.month()).ok()?,
        i8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// An ISO 639-1 code from a language tag (`en-GB`, `en_US`, `EN`), if it looks like one.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// `candidate` as an absolute http(s) URL: as given, or resolved against `base`.
fn absolute(candidate: &str, base: Option<&str>) -> Option<String> {
    let candidate = candidate.trim();
    if candidate.starts_with("http://") || candidate.starts_with("https://") {
        return Some(candidate.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    let joined = base.join(candidate).ok()?;
    matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
}

/// The host of a URL, without a leading `www.`.
pub(crate) fn host(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// White space collapsed to single spaces and trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Extracted text made regular: each line's white space collapsed, blank lines dropped, so
/// that paragraphs are one to a line.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut first = true;
        for word in words {
            if !first {
                out.push(' ');
            }
            out.push_str(word);
            first = false;
        }
    }
    out
}

/// The text of an HTML fragment (a feed item's content), one block to a line.
pub(crate) fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let dom = Dom::fragment(html);
    tidy(&dom.formatted_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn page(html: &str) -> Result<Document, Error> {
        let page = Page {
            bytes: html.as_bytes(),
            charset: None,
            url: None,
        };
        html_document(
            &page,
            Path::new("p.html"),
            "p.html".into(),
            default_extractor(),
        )
    }

    const BODY: &str = "<div><p>Over 5,000 soldiers were killed or wounded in the fighting near the river, officials said on Tuesday.</p>\
        <p>The figure could not be independently verified, and both sides have disputed earlier counts of the dead.</p>\
        <p>Aid groups said thousands of families had fled the area since the start of the month.</p></div>";

    #[test]
    fn dates_come_from_meta_tags_json_ld_and_time_elements() {
        let with = |head: &str, body: &str| {
            page(&format!(
                "<html><head>{head}</head><body>{body}{BODY}</body></html>"
            ))
            .unwrap()
        };
        let doc = with(
            r#"<meta property="article:published_time" content="2025-04-01T23:30:00-05:00">"#,
            "",
        );
        assert_eq!(doc.published, Some(date("2025-04-01")));
        let doc = with(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-12-24"}]}</script>"#,
            "",
        );
        assert_eq!(doc.published, Some(date("2024-12-24")));
        let doc = with("", r#"<time datetime="2023-05-06T10:00">May 6</time>"#);
        assert_eq!(doc.published, Some(date("2023-05-06")));
    }

    #[test]
    fn title_url_publisher_and_language_are_read() {
        let doc = page(&format!(
            r#"<html lang="fr-FR"><head><title> Le  titre </title>
            <link rel="canonical" href="https://www.example.org/a/1"></head><body>{BODY}</body></html>"#
        ))
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Le titre"));
        assert_eq!(doc.url.as_deref(), Some("https://www.example.org/a/1"));
        assert_eq!(doc.publisher.as_deref(), Some("example.org"));
        assert_eq!(doc.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn paragraphs_stay_on_lines_of_their_own() {
        let doc = page(&format!("<html><body><nav>Home</nav>{BODY}</body></html>")).unwrap();
        let lines: Vec<_> = doc.text.lines().collect();
        assert_eq!(lines.len(), 3, "{:?}", doc.text);
        assert!(lines[0].starts_with("Over 5,000"));
    }

    #[test]
    fn both_extractors_find_the_article() {
        let html = format!(
            "<html><body><nav>Home | World</nav>{BODY}<footer>Copyright</footer></body></html>"
        );
        for extractor in extractors() {
            let page = Page {
                bytes: html.as_bytes(),
                charset: None,
                url: None,
            };
            let doc =
                html_document(&page, Path::new("p.html"), "p".into(), extractor.as_ref()).unwrap();
            assert!(
                doc.text.contains("Over 5,000 soldiers"),
                "{}: {}",
                extractor.name(),
                doc.text
            );
            assert!(
                !doc.text.contains("Copyright"),
                "{}: {}",
                extractor.name(),
                doc.text
            );
        }
    }

    #[test]
    fn empty_binary_and_textless_pages_are_errors() {
        assert!(matches!(page("  \n"), Err(Error::Empty { .. })));
        assert!(matches!(
            page("GIF89a\0\0"),
            Err(Error::Binary { offset: 6, .. })
        ));
        let empty = page("<html><body></body></html>");
        assert!(matches!(empty, Err(Error::NoMainText { .. })), "{empty:?}");
    }

    #[test]
    fn nesting_is_estimated_from_the_tags() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<br>b<img src=x/></div></body></html>"),
            3
        );
        assert_eq!(
            nesting_depth("<div><!-- <div><div> --><script>'<div><div>'</script></div>"),
            1
        );
        assert_eq!(nesting_depth(&"<ul><li>x".repeat(5)), 5);
        let deep = format!("<body>{}<p>x</p></body>", "<div>".repeat(MAX_NESTING + 1));
        let error = page(&deep).unwrap_err();
        assert!(
            error.to_string().contains("nested more than 2000 deep"),
            "{error}"
        );
    }

    /// Issue 14: 2 MB of `<script>x</script>` took 10 CPU-s here (the rest of the page
    /// lowercased at every script), and "<a <a <a … >" sought the same `>` from every tag.
    /// The end of a script or style was counted as closing an element it had not opened.
    #[test]
    fn issue_14_nesting_is_read_in_one_pass_whatever_the_tags() {
        assert_eq!(
            nesting_depth("<div><SCRIPT>'<div>'</Script><div><STYLE>p{}</style>"),
            2
        );
        assert_eq!(nesting_depth("<div><script>never closed <div><div>"), 1);
        assert_eq!(
            nesting_depth(&"<a ".repeat(4)),
            4,
            "no tag ends: each is open"
        );
        assert_eq!(nesting_depth(&format!("{}>", "<b ".repeat(3))), 3);
        assert_eq!(nesting_depth(&format!("{}<i/>", "<b>".repeat(2))), 2);
        let scripts = format!("<div>{}</div>", "<script>x</script>".repeat(100_000));
        assert_eq!(nesting_depth(&scripts), 1);
        let open = "<a ".repeat(100_000);
        assert_eq!(nesting_depth(&open), 100_000);
        assert_eq!(
            find_ignoring_ascii_case(b"a</SCRipt>", b"</script"),
            Some(1)
        );
        assert_eq!(find_ignoring_ascii_case(b"</scrip", b"</script"), None);
    }

    #[test]
    fn date_values_are_parsed_leniently_but_not_wrongly() {
        assert_eq!(parse_date("2025-04-01"), Some(date("2025-04-01")));
        assert_eq!(parse_date(" 2025/04/01 10:00"), Some(date("2025-04-01")));
        assert_eq!(parse_date("20250401"), Some(date("2025-04-01")));
        for bad in ["2025-13-01", "April 1, 2025", "202504011", "", "1066-10-14"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn feed_fragments_become_lines_of_text() {
        assert_eq!(
            fragment_text("<p>One &amp; two.</p><p>Three <b>four</b>.</p>"),
            "One & two.\nThree four."
        );
        assert_eq!(fragment_text("plain  text"), "plain text");
    }
}
