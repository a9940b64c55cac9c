//! The ledger of tally: documents and the claims made from them, with their provenance.
//!
//! The [`Ledger`] trait is what the rest of tally sees; [`SqliteLedger`] is its embedded
//! backend (one file, WAL, migrations in `migrations/sqlite/` run by refinery) and
//! [`PostgresLedger`] the shared one (one database for a team and many ingest workers,
//! migrations in `migrations/postgres/`); [`open`] chooses by the location's form. A
//! document's identity is the [`DocumentHash`] of its normalized text, so ingesting the
//! same input twice adds nothing. [`Ledger::add`] writes a batch of documents, each with
//! its claims, in one transaction: a document is never stored without its claims.
//! [`Ledger::replace_claims`] supersedes the claims of older grammar versions with new ones.
//! The ledger never runs the extractor; callers hand it claims.
//!
//! Nothing is deleted. A claim keeps when it entered the ledger and, once a re-extraction
//! supersedes it, when it stopped standing; reviews and grades keep when they were made.
//! Reads see the ledger as it stands, or as it stood at a moment
//! ([`ClaimFilter::known_on`]): the claims standing then, the reviews made by then.
//!
//! What analysts add is rows of its own, never an edit: [`Ledger::review`] stores a
//! [`Review`] of a claim (confirm, reject, or [`Correction`]s of its fields, with who, when
//! and why) and [`Ledger::grade`] a [`SourceGrade`] (Admiralty A–F). [`Ledger::claim`] and
//! [`Ledger::for_each_claim`] give the claims with their reviews applied
//! ([`StoredClaim::review`]), rejected ones left out and filters judged on the reviewed
//! values; a review follows its claim's document and number span across re-extraction, and
//! [`Ledger::orphan_reviews`] lists those whose claim is gone. [`Ledger::extracted_claim`]
//! and [`Ledger::for_each_extracted_claim`] read the claims as the grammar made them.
//!
//! # Example
//!
//! ```
//! use tally_core::{Claim, Document, Evidence, Kind, Metric, Span, Value};
//! use tally_store::{Added, ClaimFilter, Extracted, Ledger, SqliteLedger};
//!
//! let text = "Over 5,000 soldiers were killed.";
//! let doc = Document::new("report.txt", text);
//! let claim = Claim::new(
//!     "report.txt",
//!     Kind::Count,
//!     Value::at_least(5000.0),
//!     Metric::Killed,
//!     Evidence::new(text, Span::new(0, text.len()), Span::new(0, 10)),
//! );
//!
//! let mut ledger = SqliteLedger::open_in_memory()?;
//! let batch = vec![Extracted::new(doc, vec![claim])];
//! assert_eq!(ledger.add(&batch)?, vec![Added::New { n_claims: 1 }]);
//! assert_eq!(ledger.add(&batch)?, vec![Added::AlreadyPresent]);
//!
//! let filter = ClaimFilter { metric: Some(Metric::Killed), ..ClaimFilter::default() };
//! let claims = ledger.claims(&filter)?;
//! assert_eq!(claims[0].claim.value.low, Some(5000.0));
//!
//! // The ledger as it stood before the batch entered it: no claim.
//! let then = ClaimFilter { known_on: Some(jiff::Timestamp::UNIX_EPOCH), ..ClaimFilter::default() };
//! assert!(ledger.claims(&then)?.is_empty());
//! # Ok::<(), tally_store::Error>(())
//! ```
#![deny(missing_docs)]

mod error;
mod hash;
mod moment;
pub mod postgres;
mod query;
mod record;
mod review;
pub mod sqlite;
mod summary;
mod view;

use std::ops::ControlFlow;

use jiff::civil::Date;
use tally_core::{Claim, Document, Metric, Role, Scope};

pub use error::Error;
pub use hash::{normalize, DocumentHash};
pub use postgres::PostgresLedger;
pub use query::{MAX_NEAR_GROUPS, MAX_PREFIX_TERMS, MAX_TEXT_BYTES, MAX_TEXT_TERMS};
pub use review::{
    latest_grades, ClaimSpot, Correction, NewGrade, NewReview, Review, ReviewAction, ReviewStatus,
    Reviewed, SourceGrade,
};
pub use sqlite::SqliteLedger;
pub use summary::ActorSummary;

/// Opens the ledger at `location`: a PostgreSQL database for a `postgres://` or
/// `postgresql://` URL, else an SQLite file (created if missing).
///
/// # Errors
///
/// As [`PostgresLedger::connect`] or [`SqliteLedger::open`].
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let ledger = tally_store::open(dir.path().join("tally.db").to_str().unwrap())?;
/// assert_eq!(ledger.counts()?.n_claims, 0);
/// # Ok::<(), tally_store::Error>(())
/// ```
pub fn open(location: &str) -> Result<Box<dyn Ledger>, Error> {
    if postgres::is_url(location) {
        Ok(Box::new(PostgresLedger::connect(location)?))
    } else {
        Ok(Box::new(SqliteLedger::open(location)?))
    }
}

/// A document ready to be stored: its hash, the document, and the claims made from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The hash of the document's normalized text.
    pub hash: DocumentHash,
    /// The document as read.
    pub document: Document,
    /// Its claims, in text order.
    pub claims: Vec<Claim>,
    /// The grammar version that made the claims.
    pub grammar_version: String,
}

impl Extracted {
    /// A document with its claims, made by the current grammar; the hash is computed here.
    pub fn new(document: Document, claims: Vec<Claim>) -> Extracted {
        Extracted {
            hash: DocumentHash::of_text(&document.text),
            document,
            claims,
            grammar_version: tally_core::GRAMMAR_VERSION.to_string(),
        }
    }
}

/// What became of one document given to [`Ledger::add`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// It was new; it was stored with its claims.
    New {
        /// The claims stored with it.
        n_claims: usize,
    },
    /// A document with the same hash was already in the ledger; nothing was written.
    AlreadyPresent,
}

/// A document as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    /// Its identity.
    pub hash: DocumentHash,
    /// The document, its text exactly as read.
    pub document: Document,
    /// When it was first ingested.
    pub ingested_at: jiff::Timestamp,
    /// The grammar version that made its claims.
    pub grammar_version: String,
}

/// One line of a document listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    /// Its identity.
    pub hash: DocumentHash,
    /// The document's own id.
    pub id: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Its publication day, if known.
    pub published: Option<Date>,
    /// How many claims it holds.
    pub n_claims: usize,
}

/// A claim as stored: its ledger id and the hash of its document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClaim {
    /// The claim's id in the ledger (what `tally explain` takes).
    pub id: i64,
    /// The hash of the claim's document.
    pub document_hash: DocumentHash,
    /// The claim, with the fields people set by review.
    pub claim: Claim,
    /// What reviews did to it, if it was reviewed.
    pub review: Option<Reviewed>,
}

/// Which claims to list. Every field set narrows the list; the default lists them all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimFilter {
    /// Who is counted (an ISO 3166-1 alpha-3 code or a slug), ignoring case; the empty
    /// string for the claims of no known actor.
    pub actor: Option<String>,
    /// What is counted.
    pub metric: Option<Metric>,
    /// Military, civilian or unspecified.
    pub role: Option<Role>,
    /// A running total, a count over a period, or one incident.
    pub scope: Option<Scope>,
    /// Part of the place's name as written or canonical, or its country code, ignoring
    /// ASCII case.
    pub place: Option<String>,
    /// Part of the source's name, ignoring ASCII case.
    pub source: Option<String>,
    /// Claims whose dates (as of, else stated, else published) reach this day or later.
    pub since: Option<Date>,
    /// Claims whose dates start on this day or earlier.
    pub until: Option<Date>,
    /// A document id, or the start of a document hash.
    pub doc: Option<String>,
    /// Words the document's title or text must hold (full-text search).
    pub text: Option<String>,
    /// Only claims of documents published on or before this day ("what could an analyst
    /// have known then?"); a document with no publication day is left out.
    pub published_by: Option<Date>,
    /// The ledger as it stood at this moment: the claims that had entered it and were not
    /// yet superseded, with the reviews made by then; `None` for the ledger as it stands.
    pub known_on: Option<jiff::Timestamp>,
    /// At most this many claims.
    pub limit: Option<usize>,
}

/// Which documents to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// A document id, or the start of a document hash.
    pub doc: Option<String>,
    /// Words the title or text must hold (full-text search).
    pub text: Option<String>,
    /// At most this many documents.
    pub limit: Option<usize>,
}

/// How much the ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Documents.
    pub n_documents: usize,
    /// Claims standing (not superseded by a re-extraction).
    pub n_claims: usize,
    /// Claims superseded by a re-extraction, kept for reads as of a past moment.
    pub n_superseded: usize,
    /// Reviews of claims.
    pub n_reviews: usize,
    /// Grades of sources (every grade given, not only the latest).
    pub n_grades: usize,
}

/// The store of documents and claims. Implementations: [`SqliteLedger`] and
/// [`PostgresLedger`], held to the same tests (`tests/ledger.rs`).
pub trait Ledger: Send {
    /// Stores a batch of documents with their claims in one transaction, skipping those
    /// whose hash is already stored; returns what became of each, in order.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written; then nothing of the batch is stored.
    fn add(&mut self, batch: &[Extracted]) -> Result<Vec<Added>, Error>;

    /// Whether each hash is stored already.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read.
    fn contains(&self, hashes: &[DocumentHash]) -> Result<Vec<bool>, Error>;

    /// The claim with this id as the grammar made it, without its reviews.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or the row cannot be decoded.
    fn extracted_claim(&self, id: i64) -> Result<Option<StoredClaim>, Error>;

    /// Calls `each` with every claim as the grammar made it (without reviews) that the
    /// filter lets through and, when `only` is given, whose id it holds, in id order,
    /// until it returns `Break`.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read, a row cannot be decoded, or the text query
    /// is refused.
    fn for_each_extracted_claim(
        &self,
        filter: &ClaimFilter,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error>;

    /// Where the claims of these documents stand (id, field and number span), for finding
    /// the claim a review bears on: the claims standing now, or at `known_on`.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn claim_spots(
        &self,
        hashes: &[DocumentHash],
        known_on: Option<jiff::Timestamp>,
    ) -> Result<Vec<ClaimSpot>, Error>;

    /// Stores a review row (its `id` is ignored) and returns its id.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written.
    fn insert_review(&mut self, review: &Review) -> Result<i64, Error>;

    /// Every review, in the order they were made.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn reviews(&self) -> Result<Vec<Review>, Error>;

    /// Stores a grade row (its `id` is ignored) and returns its id.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written.
    fn insert_grade(&mut self, grade: &SourceGrade) -> Result<i64, Error>;

    /// Every grade given, in the order they were given.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn grades(&self) -> Result<Vec<SourceGrade>, Error>;

    /// The claim with this id, with its reviews applied (a rejected claim too, marked so).
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn claim(&self, id: i64) -> Result<Option<StoredClaim>, Error> {
        let Some(mut stored) = self.extracted_claim(id)? else {
            return Ok(None);
        };
        let mut resolved = view::resolved(self, None)?;
        if let Some(reviewed) = resolved.by_claim.remove(&id) {
            reviewed.apply(&mut stored.claim);
            stored.review = Some(reviewed);
        }
        Ok(Some(stored))
    }

    /// Calls `each` with every claim the filter lets through, with its reviews applied and
    /// rejected claims left out, in id order, until it returns `Break`. The filter sees
    /// the reviewed values.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read, a row cannot be decoded, or the text query
    /// is refused.
    fn for_each_claim(
        &self,
        filter: &ClaimFilter,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        view::for_each_claim(self, filter, each)
    }

    /// Reviews a claim: stores the review as its own row, with what it changes from the
    /// claim as it stands (reviews before it applied).
    ///
    /// # Errors
    ///
    /// [`Error::NoClaim`] when no claim has this id; fails when the database cannot be
    /// read or written.
    fn review(&mut self, review: &NewReview) -> Result<Review, Error> {
        let stored = self.claim(review.claim_id)?.ok_or(Error::NoClaim {
            id: review.claim_id,
        })?;
        let mut row = Review {
            id: 0,
            claim_id: stored.id,
            document_hash: stored.document_hash.clone(),
            field: stored.claim.evidence.field,
            number: stored.claim.evidence.number,
            by: review.by.clone(),
            at: moment::now(),
            action: review.action,
            corrections: review.corrections.clone(),
            changes: review::changes_json(&stored.claim, &review.corrections),
            reason: review.reason.clone(),
        };
        row.id = self.insert_review(&row)?;
        Ok(row)
    }

    /// The reviews whose claim is gone: neither the claim they were made on nor a claim
    /// of the same document and number span is in the ledger.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read.
    fn orphan_reviews(&self) -> Result<Vec<Review>, Error> {
        Ok(view::resolved(self, None)?.orphans)
    }

    /// Grades a source: stores the grade as its own row; the latest grade of a source is
    /// its grade.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written.
    fn grade(&mut self, grade: &NewGrade) -> Result<SourceGrade, Error> {
        let mut row = SourceGrade {
            id: 0,
            source: grade.source.clone(),
            grade: grade.grade,
            by: grade.by.clone(),
            at: moment::now(),
            reason: grade.reason.clone(),
        };
        row.id = self.insert_grade(&row)?;
        Ok(row)
    }

    /// The claims the filter lets through, in id order.
    ///
    /// # Errors
    ///
    /// As [`Ledger::for_each_claim`].
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>, Error> {
        let mut claims = Vec::new();
        self.for_each_claim(filter, &mut |claim| {
            claims.push(claim);
            ControlFlow::Continue(())
        })?;
        Ok(claims)
    }

    /// The document with this hash.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or the row cannot be decoded.
    fn document(&self, hash: &DocumentHash) -> Result<Option<StoredDocument>, Error>;

    /// The documents the filter lets through, in the order they were ingested.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or the text query is refused.
    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, Error>;

    /// Up to `limit` documents whose claims were made by a grammar other than
    /// `grammar_version`, in the order they were ingested, after skipping the first `skip`
    /// (those a caller could not re-extract).
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn stale_documents(
        &self,
        grammar_version: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, Error>;

    /// In one transaction, supersedes the claims of each document that another grammar
    /// made with the given claims of `grammar_version`, and marks the documents as made by
    /// it. Superseded claims are kept, with the moment they were superseded, for reads as of
    /// an earlier moment ([`ClaimFilter::known_on`]); nothing is deleted. Claims of
    /// `grammar_version` already stored are kept; unknown hashes and documents another
    /// writer already moved to `grammar_version` are skipped. Returns how many claims were
    /// superseded and added.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written; then nothing of the batch changes.
    fn replace_claims(
        &mut self,
        batch: &[(DocumentHash, Vec<Claim>)],
        grammar_version: &str,
    ) -> Result<(usize, usize), Error>;

    /// How many documents and claims are stored.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read.
    fn counts(&self) -> Result<Counts, Error>;

    /// The hashes of the stored documents whose own id is `id` (one, unless the ledger was
    /// written before ids were made unique: see [`give_unique_ids`]).
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn hashes_of_id(&self, id: &str) -> Result<Vec<DocumentHash>, Error>;

    /// Every row of the series cache, by actor: the standing claims naming each actor and
    /// the summary of its series, when it is still valid (see [`ActorSummary`]).
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read or a row cannot be decoded.
    fn actor_summaries(&self) -> Result<Vec<ActorSummary>, Error>;

    /// Stores the summary of an actor's series computed from the ledger at `version` (as
    /// [`Ledger::actor_summaries`] gave it), unless a write changed the actor since; the
    /// summary is opaque text to the ledger.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be written.
    fn put_actor_summary(
        &mut self,
        actor: Option<&str>,
        version: i64,
        summary: &str,
    ) -> Result<(), Error>;

    /// How many documents are stored (what [`Ledger::counts`] gives without counting the
    /// claims).
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read.
    fn n_documents(&self) -> Result<usize, Error>;

    /// Cancels every statement of this connection still running at `deadline` (the
    /// statement then fails with an error for which [`Error::is_deadline`] is true);
    /// `None` lifts the deadline. SQLite checks the clock every few thousand steps of the
    /// virtual machine; PostgreSQL gets the time left as its `statement_timeout`.
    ///
    /// # Errors
    ///
    /// Fails when the setting cannot be sent (PostgreSQL).
    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) -> Result<(), Error>;

    /// Cancels every statement of this connection still running once `cancelled` is set
    /// (by a server whose client went away; the statement then fails as past its
    /// deadline); `None` removes the flag. SQLite looks at it as at the deadline;
    /// PostgreSQL has a thread watch it and send the server a cancel request; since such a
    /// request can land late, on the next statement, a connection that sent one is
    /// replaced by a new one when the flag is changed or removed.
    ///
    /// # Errors
    ///
    /// Fails when the setting cannot be made.
    fn set_cancel_flag(
        &mut self,
        cancelled: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) -> Result<(), Error> {
        let _ = cancelled;
        Ok(())
    }
}

impl<L: Ledger + ?Sized> Ledger for Box<L> {
    fn add(&mut self, batch: &[Extracted]) -> Result<Vec<Added>, Error> {
        (**self).add(batch)
    }

    fn contains(&self, hashes: &[DocumentHash]) -> Result<Vec<bool>, Error> {
        (**self).contains(hashes)
    }

    fn extracted_claim(&self, id: i64) -> Result<Option<StoredClaim>, Error> {
        (**self).extracted_claim(id)
    }

    fn for_each_extracted_claim(
        &self,
        filter: &ClaimFilter,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        (**self).for_each_extracted_claim(filter, only, each)
    }

    fn claim_spots(
        &self,
        hashes: &[DocumentHash],
        known_on: Option<jiff::Timestamp>,
    ) -> Result<Vec<ClaimSpot>, Error> {
        (**self).claim_spots(hashes, known_on)
    }

    fn insert_review(&mut self, review: &Review) -> Result<i64, Error> {
        (**self).insert_review(review)
    }

    fn reviews(&self) -> Result<Vec<Review>, Error> {
        (**self).reviews()
    }

    fn insert_grade(&mut self, grade: &SourceGrade) -> Result<i64, Error> {
        (**self).insert_grade(grade)
    }

    fn grades(&self) -> Result<Vec<SourceGrade>, Error> {
        (**self).grades()
    }

    fn document(&self, hash: &DocumentHash) -> Result<Option<StoredDocument>, Error> {
        (**self).document(hash)
    }

    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, Error> {
        (**self).documents(filter)
    }

    fn stale_documents(
        &self,
        grammar_version: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, Error> {
        (**self).stale_documents(grammar_version, skip, limit)
    }

    fn replace_claims(
        &mut self,
        batch: &[(DocumentHash, Vec<Claim>)],
        grammar_version: &str,
    ) -> Result<(usize, usize), Error> {
        (**self).replace_claims(batch, grammar_version)
    }

    fn counts(&self) -> Result<Counts, Error> {
        (**self).counts()
    }

    fn hashes_of_id(&self, id: &str) -> Result<Vec<DocumentHash>, Error> {
        (**self).hashes_of_id(id)
    }

    fn actor_summaries(&self) -> Result<Vec<ActorSummary>, Error> {
        (**self).actor_summaries()
    }

    fn put_actor_summary(
        &mut self,
        actor: Option<&str>,
        version: i64,
        summary: &str,
    ) -> Result<(), Error> {
        (**self).put_actor_summary(actor, version, summary)
    }

    fn n_documents(&self) -> Result<usize, Error> {
        (**self).n_documents()
    }

    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) -> Result<(), Error> {
        (**self).set_deadline(deadline)
    }

    fn set_cancel_flag(
        &mut self,
        cancelled: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) -> Result<(), Error> {
        (**self).set_cancel_flag(cancelled)
    }
}

/// A document of a batch that [`give_unique_ids`] renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// Its index in the batch.
    pub item_idx: usize,
    /// The id it came with, which another document holds.
    pub from: String,
    /// The id it is stored under.
    pub to: String,
}

/// Makes the ids of a batch unique in the ledger before [`Ledger::add`]: a document whose
/// id another document (another text, so another hash) already holds, in the ledger or
/// earlier in the batch, takes the first free id of `ID~2`, `ID~3`…, and so do its claims.
/// The same document again (same hash, same id) keeps its id, so ingesting it twice stays
/// idempotent. Returns the documents renamed.
///
/// Writers that run at once may both find an id free and both store it; the ledger's
/// identity is the hash, so nothing is lost, and the pages and the API list both.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
///
/// # Example
///
/// ```
/// use tally_core::Document;
/// use tally_store::{give_unique_ids, Extracted, Ledger, SqliteLedger};
///
/// let mut ledger = SqliteLedger::open_in_memory()?;
/// ledger.add(&[Extracted::new(Document::new("feed-1", "First text."), vec![])])?;
/// let mut batch = vec![Extracted::new(Document::new("feed-1", "Edited text."), vec![])];
/// let renamed = give_unique_ids(&ledger, &mut batch)?;
/// assert_eq!(renamed[0].to, "feed-1~2");
/// assert_eq!(batch[0].document.id, "feed-1~2");
/// # Ok::<(), tally_store::Error>(())
/// ```
pub fn give_unique_ids(
    ledger: &dyn Ledger,
    batch: &mut [Extracted],
) -> Result<Vec<Renamed>, Error> {
    let mut in_batch: std::collections::HashMap<String, DocumentHash> =
        std::collections::HashMap::new();
    let mut renamed = Vec::new();
    for (item_idx, item) in batch.iter_mut().enumerate() {
        let id = item.document.id.clone();
        let mut candidate = id.clone();
        for n in 2.. {
            let holders = ledger.hashes_of_id(&candidate)?;
            let held_in_batch = in_batch.get(&candidate);
            let free = holders
                .iter()
                .chain(held_in_batch)
                .all(|hash| *hash == item.hash);
            if free {
                break;
            }
            candidate = format!("{id}~{n}");
        }
        in_batch.insert(candidate.clone(), item.hash.clone());
        if candidate != id {
            item.document.id.clone_from(&candidate);
            for claim in &mut item.claims {
                claim.doc.clone_from(&candidate);
            }
            renamed.push(Renamed {
                item_idx,
                from: id,
                to: candidate,
            });
        }
    }
    Ok(renamed)
}
