//! tally's claim grammar (API skeleton; the grammar lands in the following commits).
#![deny(missing_docs)]

use tally_core::{Claim, Document, TimeExpression};

/// Something the extractor noticed but did not turn into a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte offset in the document's text.
    pub offset: usize,
    /// What happened.
    pub message: String,
}

/// What the extractor found in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// One claim per asserted figure, in text order.
    pub claims: Vec<Claim>,
    /// Resolved time expressions, in text order.
    pub times: Vec<TimeExpression>,
    /// What was noticed and not claimed.
    pub diagnostics: Vec<Diagnostic>,
}

/// The claim extractor for one language; build it once, use it for many documents.
#[derive(Debug, Clone)]
pub struct Extractor {}

impl Extractor {
    /// The English extractor, with the language data embedded at build time.
    pub fn english() -> Extractor {
        Extractor {}
    }

    /// Extracts the claims of one document (its text, and its title when kept apart).
    pub fn extract(&self, doc: &Document) -> Extraction {
        let _ = doc;
        Extraction::default()
    }
}
