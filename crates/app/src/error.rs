//! The errors of tally-app.

/// What can go wrong in a use case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ledger could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] tally_store::Error),
    /// The extractor failed (panicked) on a document; the run goes on without it.
    #[error("extraction failed on document {doc}: internal error")]
    Extraction {
        /// The document's id.
        doc: String,
    },
    /// The ledger holds no claim with this id.
    #[error("no claim {id} in the ledger")]
    NoClaim {
        /// The claim id asked for.
        id: i64,
    },
    /// The ledger holds a claim but not its document.
    #[error("claim {id}: its document {hash} is not in the ledger")]
    NoDocument {
        /// The claim's id.
        id: i64,
        /// Its document's hash.
        hash: String,
    },
    /// An ingestion extracted past its deadline and stopped; documents of the body stored
    /// before (whole, each with its claims) stay stored.
    #[error("extraction ran past its deadline of {seconds} s and stopped: {n_stored} documents of the body were stored, the rest were not; send fewer or shorter documents at once")]
    Deadline {
        /// The deadline, in seconds.
        seconds: u64,
        /// Documents stored before it passed.
        n_stored: usize,
    },
    /// A read would reconcile more claims than one read may hold.
    #[error(
        "more than {limit} claims to reconcile at once: narrow the read (an actor, --published-by)"
    )]
    TooManyClaims {
        /// The limit ([`crate::series::MAX_LOADED_CLAIMS`]).
        limit: usize,
    },
    /// A series has no dated figure, so it has no day to be estimated at.
    #[error("no dated claims of {series} in the ledger")]
    NoDatedClaims {
        /// The series' label (`PRK military casualties`).
        series: String,
    },
    /// A review that cannot be made as asked (no action or two, an unknown field, a value
    /// that cannot be read); the message names it and the valid values.
    #[error("bad review: {message}")]
    BadReview {
        /// What is wrong.
        message: String,
    },
    /// A grade that cannot be given as asked.
    #[error("bad grade: {message}")]
    BadGrade {
        /// What is wrong.
        message: String,
    },
}
