//! The engine: the language data and the extractor, built once, and the one guard that
//! turns a panic of the extractor into an error naming the document.

use std::panic::{self, AssertUnwindSafe};

use tally_core::{Claim, Document};
use tally_extract::{Attributor, Extraction, Extractor};
use tally_lang::Lang;
use tally_store::{DocumentHash, Extracted};

use crate::Error;

/// The most claims stored per document. A real article holds tens; one post of 16 MiB of
/// "5 killed." holds 1.7 million, which every read of the ledger would then carry (issue
/// 15). Beyond it the first claims in text order are kept, with a warning.
pub const MAX_CLAIMS_PER_DOCUMENT: usize = 10_000;

/// The language data with the extractor and attribution rules compiled from it. Build it
/// once and share it (it is `Send` and `Sync`): compiling the grammar takes a while.
#[derive(Debug)]
pub struct Engine {
    lang: Lang,
    extractor: Extractor,
    attributor: Attributor,
}

impl Engine {
    /// The English engine, from the language data embedded at build time.
    ///
    /// # Panics
    ///
    /// Panics if the embedded English data is malformed, which the tests of `tally-lang`
    /// rule out.
    ///
    /// # Example
    ///
    /// ```
    /// let engine = tally_app::Engine::english();
    /// let doc = tally_core::Document::new("note.txt", "Over 5,000 soldiers were killed.");
    /// assert_eq!(engine.extract(&doc)?.claims.len(), 1);
    /// # Ok::<(), tally_app::Error>(())
    /// ```
    pub fn english() -> Engine {
        let lang =
            Lang::english().expect("the embedded English data is checked by tally-lang's tests");
        Engine::new(lang)
    }

    /// The engine of the given language data.
    pub fn new(lang: Lang) -> Engine {
        Engine {
            extractor: Extractor::new(&lang),
            attributor: Attributor::new(&lang),
            lang,
        }
    }

    /// The language data.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// The claims of a document, with its diagnostics.
    ///
    /// # Errors
    ///
    /// [`Error::Extraction`] naming the document when the extractor fails on it; odd text
    /// is no error (it gives claims or nothing).
    pub fn extract(&self, doc: &Document) -> Result<Extraction, Error> {
        self.guarded(&doc.id, || self.extractor.extract(doc))
    }

    /// [`Engine::extract`], listing every time expression of the document too.
    ///
    /// # Errors
    ///
    /// As [`Engine::extract`].
    pub fn extract_with_times(&self, doc: &Document) -> Result<Extraction, Error> {
        self.guarded(&doc.id, || self.extractor.extract_with_times(doc))
    }

    /// A document with its claims and the grammar version, ready for the ledger, the
    /// claims cut to the first [`MAX_CLAIMS_PER_DOCUMENT`] in text order; when some were
    /// cut, a warning naming the document and how many were found and kept. The document
    /// itself, its whole text, is always kept.
    ///
    /// # Errors
    ///
    /// As [`Engine::extract`].
    pub fn extracted(
        &self,
        hash: DocumentHash,
        doc: Document,
    ) -> Result<(Extracted, Option<String>), Error> {
        let (claims, warning) = self.capped_claims(&doc)?;
        let extracted = Extracted {
            hash,
            document: doc,
            claims,
            grammar_version: tally_core::GRAMMAR_VERSION.to_string(),
        };
        Ok((extracted, warning))
    }

    /// The claims of a document as the ledger stores them: the first
    /// [`MAX_CLAIMS_PER_DOCUMENT`], with a warning when there were more.
    ///
    /// # Errors
    ///
    /// As [`Engine::extract`].
    pub fn capped_claims(&self, doc: &Document) -> Result<(Vec<Claim>, Option<String>), Error> {
        let mut claims = self.extract(doc)?.claims;
        let n_found = claims.len();
        if n_found <= MAX_CLAIMS_PER_DOCUMENT {
            return Ok((claims, None));
        }
        claims.truncate(MAX_CLAIMS_PER_DOCUMENT);
        let warning = format!(
            "document {}: {n_found} claims found, only the first {MAX_CLAIMS_PER_DOCUMENT} \
             are stored (the limit per document); its text is stored whole",
            doc.id
        );
        Ok((claims, Some(warning)))
    }

    /// The canonical form of a source name ("British Defense Ministry" → "UK Ministry of
    /// Defence"), as claims name their sources.
    pub fn canonical_source(&self, name: &str) -> String {
        self.attributor.canonical(name)
    }

    /// The attribution rules, for explaining a claim.
    pub(crate) fn attributor(&self) -> &Attributor {
        &self.attributor
    }

    /// Runs `work` on the document `doc`; a panic in it fails that document only. This is
    /// the one place a panic is caught: every use of the extractor comes through here.
    pub(crate) fn guarded<T>(&self, doc: &str, work: impl FnOnce() -> T) -> Result<T, Error> {
        panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| Error::Extraction {
            doc: doc.to_string(),
        })
    }
}
