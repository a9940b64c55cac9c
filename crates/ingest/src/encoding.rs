//! Character encodings of web inputs: found from a byte-order mark, a charset the transport
//! declared (an HTTP `Content-Type` in a WARC record), a `<meta charset>` or `http-equiv`
//! declaration, or else guessed from the bytes (chardetng); decoded with encoding_rs.
//!
//! Decoding never fails: bytes that are invalid in the encoding become U+FFFD.

use encoding_rs::Encoding;

/// How many leading bytes are searched for a `<meta>` charset declaration (the HTML
/// standard says 1024; pages with long `<head>`s put it later, so a little more is read).
const PRESCAN_BYTES: usize = 4096;

/// How many bytes chardetng is shown when it has to guess.
const GUESS_BYTES: usize = 64 << 10;

/// The text of `bytes` and the name of the encoding it was decoded from.
///
/// `declared` is a charset given by the transport (an HTTP header), which wins over the
/// document's own declaration, as in browsers; a byte-order mark wins over both.
pub(crate) fn decode_html(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    let encoding = sniff(bytes, declared);
    let (text, _had_errors) = encoding.decode_with_bom_removal(bytes);
    (text.into_owned(), encoding.name())
}

/// The encoding of an HTML (or other markup) input.
fn sniff(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    let from_label = |label: &str| Encoding::for_label(label.trim().as_bytes());
    if let Some(encoding) = declared.and_then(from_label) {
        return checked(encoding, bytes);
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(encoding) = meta_charset(head).and_then(|label| from_label(&label)) {
        return checked(encoding, bytes);
    }
    guess(bytes)
}

/// A declared encoding, unless it is UTF-8 (or a UTF-16 label, which in a byte stream
/// without a BOM means UTF-8 per the HTML standard) and the bytes are not: then a guess.
fn checked(encoding: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    let encoding = encoding.output_encoding();
    if encoding == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() {
        return guess(bytes);
    }
    encoding
}

/// chardetng's guess from the first bytes (UTF-8 allowed).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(GUESS_BYTES)];
    let cut = sample.len() < bytes.len();
    if std::str::from_utf8(sample).is_ok() || (cut && valid_utf8_prefix(sample)) {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// True when `sample` is valid UTF-8 up to a character cut at its end.
fn valid_utf8_prefix(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none() && error.valid_up_to() + 4 > sample.len(),
    }
}

/// The charset label of the first `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` in `head`, or of an XML
/// declaration `<?xml … encoding="…"?>`.
fn meta_charset(head: &[u8]) -> Option<String> {
    // Markup is ASCII-compatible in every encoding this looks for, so a lossy view is enough.
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if let Some(rest) = text.strip_prefix("<?xml") {
        let declaration = &rest[..rest.find("?>").unwrap_or(rest.len())];
        if let Some(label) = attribute_value(declaration, "encoding") {
            return Some(label);
        }
    }
    let mut from = 0;
    while let Some(start) = text[from..].find("<meta") {
        let start = from + start;
        let end = text[start..]
            .find('>')
            .map_or(text.len(), |end| start + end);
        let tag = &text[start..end];
        if let Some(label) = attribute_value(tag, "charset") {
            return Some(label);
        }
        if tag.contains("http-equiv") {
            if let Some(content) = attribute_value(tag, "content") {
                if let Some(at) = content.find("charset=") {
                    let label = content[at + "charset=".len()..]
                        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
                    let label = label.split([';', ' ']).next().unwrap_or("");
                    if !label.is_empty() {
                        return Some(label.to_string());
                    }
                }
            }
        }
        from = end;
    }
    None
}

/// The value of `name=value`, `name="value"` or `name='value'` in a lowercase tag.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let at = from + at;
        from = at + name.len();
        let before_ok = at == 0 || !tag.as_bytes()[at - 1].is_ascii_alphanumeric();
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | ';' | '"' | '\''))
                .next()
                .unwrap_or(""),
        };
        let value = value.trim();
        if !value.is_empty() {
            return Some(value.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_wins() {
        let (text, name) = decode_html(b"\xef\xbb\xbf<meta charset=latin1>caf\xc3\xa9", None);
        assert_eq!(name, "UTF-8");
        assert_eq!(text, "<meta charset=latin1>caf\u{e9}");
        let (text, name) = decode_html(b"\xff\xfeh\0i\0", None);
        assert_eq!((text.as_str(), name), ("hi", "UTF-16LE"));
    }

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        let (text, name) = decode_html(b"<html><meta charset=\"windows-1252\">Caf\xe9 \x96", None);
        assert_eq!(name, "windows-1252");
        assert!(text.ends_with("Caf\u{e9} \u{2013}"), "{text}");
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xe9";
        assert_eq!(decode_html(page, None).1, "windows-1252");
        let page = b"<meta content='text/html;charset=koi8-r' http-equiv='content-type'>\xc1";
        assert_eq!(decode_html(page, None).1, "KOI8-R");
    }

    #[test]
    fn the_transport_charset_wins_over_the_page() {
        let page = b"<meta charset=utf-8>\xe9t\xe9";
        assert_eq!(decode_html(page, Some("iso-8859-15")).1, "ISO-8859-15");
    }

    #[test]
    fn a_false_utf8_declaration_is_overruled_by_a_guess() {
        let page =
            b"<meta charset=utf-8><p>Le caf\xe9 est ferm\xe9 depuis l'\xe9t\xe9 dernier.</p>";
        let (text, name) = decode_html(page, None);
        assert_eq!(name, "windows-1252");
        assert!(text.contains("caf\u{e9} est ferm\u{e9}"), "{text}");
    }

    #[test]
    fn undeclared_pages_are_guessed() {
        assert_eq!(decode_html("<p>Ол\u{44f}</p>".as_bytes(), None).1, "UTF-8");
        let cyrillic =
            b"<p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xdd\xf2\xee \xf2\xe5\xf1\xf2.</p>";
        assert_eq!(decode_html(cyrillic, None).1, "windows-1251");
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let (text, _) = decode_html(b"<meta charset=utf-8>ok", Some("utf-8"));
        assert_eq!(text, "<meta charset=utf-8>ok");
        let (text, name) = decode_html(b"<meta charset=shift_jis>\x82", None);
        assert_eq!(name, "Shift_JIS");
        assert!(text.ends_with('\u{fffd}'));
    }

    #[test]
    fn an_xml_declaration_names_the_encoding() {
        let head = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>";
        assert_eq!(meta_charset(head).as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn unknown_labels_fall_through_to_a_guess() {
        assert_eq!(decode_html(b"<meta charset=klingon>plain", None).1, "UTF-8");
    }
}
