//! The engine: the language data and the extractor, built once, and the one guard that
//! turns a panic of the extractor into an error naming the document.

use std::panic::{self, AssertUnwindSafe};

use tally_core::Document;
use tally_extract::{Attributor, Extraction, Extractor};
use tally_lang::Lang;
use tally_store::{DocumentHash, Extracted};

use crate::Error;

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

    /// A document with its claims and the grammar version, ready for the ledger.
    ///
    /// # Errors
    ///
    /// As [`Engine::extract`].
    pub fn extracted(&self, hash: DocumentHash, doc: Document) -> Result<Extracted, Error> {
        let claims = self.extract(&doc)?.claims;
        Ok(Extracted {
            hash,
            document: doc,
            claims,
            grammar_version: tally_core::GRAMMAR_VERSION.to_string(),
        })
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
