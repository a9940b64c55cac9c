//! A document's identity: the SHA-256 of its normalized text.

use std::borrow::Cow;
use std::fmt;

use sha2::{Digest, Sha256};

/// The SHA-256 of a document's normalized text, as 64 lowercase hex digits.
///
/// Two documents with the same text after [`normalize`] are the same document, whatever
/// their ids, titles or sources.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentHash(String);

impl DocumentHash {
    /// The hash of `text` after [`normalize`].
    ///
    /// # Example
    ///
    /// ```
    /// use tally_store::DocumentHash;
    ///
    /// let a = DocumentHash::of_text("Over 5,000 killed.\r\n");
    /// let b = DocumentHash::of_text("  Over 5,000 killed.");
    /// assert_eq!(a, b);
    /// assert_eq!(a.as_str().len(), 64);
    /// ```
    pub fn of_text(text: &str) -> DocumentHash {
        let digest = Sha256::digest(normalize(text).as_bytes());
        let mut hex = String::with_capacity(64);
        for byte in digest {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        DocumentHash(hex)
    }

    /// A hash as stored (64 hex digits); `None` for anything else.
    pub fn parse(hex: &str) -> Option<DocumentHash> {
        let ok = hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| DocumentHash(hex.to_string()))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The text a document is identified by: trimmed, with `\r\n` and `\r` as `\n`.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if trimmed.contains('\r') {
        Cow::Owned(trimmed.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_edges_do_not_change_identity() {
        let a = DocumentHash::of_text("a\nb");
        assert_eq!(a, DocumentHash::of_text("a\r\nb\r\n"));
        assert_eq!(a, DocumentHash::of_text("\u{20}a\rb\t"));
        assert_ne!(a, DocumentHash::of_text("a b"));
    }

    #[test]
    fn parses_only_stored_hashes() {
        let hash = DocumentHash::of_text("x");
        assert_eq!(DocumentHash::parse(hash.as_str()), Some(hash));
        assert_eq!(DocumentHash::parse("xyz"), None);
    }
}
