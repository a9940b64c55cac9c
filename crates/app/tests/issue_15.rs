//! Issue 15, "reads load everything": the overview and the series list come from the
//! ledger's series cache, computed per actor from that actor's claims alone and kept until
//! a write changes the actor. On a ledger of 120,000 generated claims the listing is the
//! one of reconciling every claim at once, a second listing reads no claim, and a write
//! reads back only what it changed (reviews and grades: everything, once).

use std::cell::Cell;
use std::ops::ControlFlow;

use jiff::civil::Date;
use tally_app::overview::listing;
use tally_app::series::load;
use tally_core::{Claim, DateSpan, Document, Evidence, Kind, Metric, Role, Span, Value};
use tally_reconcile::{series, Options, SeriesSummary};
use tally_store::{
    ActorSummary, Added, ClaimFilter, ClaimSpot, Correction, Counts, DocumentFilter, DocumentHash,
    DocumentSummary, Error, Extracted, Ledger, NewReview, Review, ReviewAction, SourceGrade,
    SqliteLedger, StoredClaim, StoredDocument,
};

/// A ledger that counts the claims it reads.
struct Counting<L> {
    inner: L,
    n_read: Cell<usize>,
}

impl<L: Ledger> Counting<L> {
    fn new(inner: L) -> Counting<L> {
        Counting {
            inner,
            n_read: Cell::new(0),
        }
    }

    /// The claims read since the last call.
    fn take(&self) -> usize {
        self.n_read.replace(0)
    }
}

impl<L: Ledger> Ledger for Counting<L> {
    fn add(&mut self, batch: &[Extracted]) -> Result<Vec<Added>, Error> {
        self.inner.add(batch)
    }
    fn contains(&self, hashes: &[DocumentHash]) -> Result<Vec<bool>, Error> {
        self.inner.contains(hashes)
    }
    fn extracted_claim(&self, id: i64) -> Result<Option<StoredClaim>, Error> {
        self.inner.extracted_claim(id)
    }
    fn for_each_extracted_claim(
        &self,
        filter: &ClaimFilter,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        self.inner
            .for_each_extracted_claim(filter, only, &mut |claim| {
                self.n_read.set(self.n_read.get() + 1);
                each(claim)
            })
    }
    fn claim_spots(
        &self,
        hashes: &[DocumentHash],
        known_on: Option<jiff::Timestamp>,
    ) -> Result<Vec<ClaimSpot>, Error> {
        self.inner.claim_spots(hashes, known_on)
    }
    fn insert_review(&mut self, review: &Review) -> Result<i64, Error> {
        self.inner.insert_review(review)
    }
    fn reviews(&self) -> Result<Vec<Review>, Error> {
        self.inner.reviews()
    }
    fn insert_grade(&mut self, grade: &SourceGrade) -> Result<i64, Error> {
        self.inner.insert_grade(grade)
    }
    fn grades(&self) -> Result<Vec<SourceGrade>, Error> {
        self.inner.grades()
    }
    fn document(&self, hash: &DocumentHash) -> Result<Option<StoredDocument>, Error> {
        self.inner.document(hash)
    }
    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, Error> {
        self.inner.documents(filter)
    }
    fn stale_documents(
        &self,
        grammar_version: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, Error> {
        self.inner.stale_documents(grammar_version, skip, limit)
    }
    fn replace_claims(
        &mut self,
        batch: &[(DocumentHash, Vec<Claim>)],
        grammar_version: &str,
    ) -> Result<(usize, usize), Error> {
        self.inner.replace_claims(batch, grammar_version)
    }
    fn counts(&self) -> Result<Counts, Error> {
        self.inner.counts()
    }
    fn hashes_of_id(&self, id: &str) -> Result<Vec<DocumentHash>, Error> {
        self.inner.hashes_of_id(id)
    }
    fn actor_summaries(&self) -> Result<Vec<ActorSummary>, Error> {
        self.inner.actor_summaries()
    }
    fn put_actor_summary(
        &mut self,
        actor: Option<&str>,
        version: i64,
        summary: &str,
    ) -> Result<(), Error> {
        self.inner.put_actor_summary(actor, version, summary)
    }
    fn n_documents(&self) -> Result<usize, Error> {
        self.inner.n_documents()
    }
    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) -> Result<(), Error> {
        self.inner.set_deadline(deadline)
    }
}

const N_DOCUMENTS: usize = 24;
const N_CLAIMS_PER_DOCUMENT: usize = 5_000;
const ACTORS: [Option<&str>; 4] = [Some("PRK"), Some("UKR"), Some("rus"), None];

/// A document of `n` generated claims: actors, roles, metrics, sources and days in turn.
fn generated(doc_idx: usize, n: usize, actor: Option<&str>) -> Extracted {
    let id = format!("gen-{doc_idx}");
    let text = format!("Generated document {doc_idx}: 5 killed.");
    let evidence = Evidence::new(&text, Span::new(0, text.len()), Span::new(0, 1));
    let claims = (0..n)
        .map(|claim_idx| {
            let metric = [Metric::Killed, Metric::Wounded, Metric::Casualties][claim_idx % 3];
            let value = if claim_idx % 2 == 0 {
                Value::at_least(1000.0 + (claim_idx % 50) as f64 * 100.0)
            } else {
                Value::point(500.0 + (claim_idx % 70) as f64 * 10.0)
            };
            let mut claim = Claim::new(id.clone(), Kind::Count, value, metric, evidence.clone());
            claim.actor = actor.map(str::to_string);
            claim.role = [Role::Military, Role::Civilian][claim_idx % 2];
            claim.source = Some(format!("Source {}", claim_idx % 7));
            let day = Date::new(2025, 1 + (claim_idx % 12) as i8, 1 + (claim_idx % 28) as i8);
            claim.as_of = day.ok().map(DateSpan::day);
            claim
        })
        .collect();
    Extracted::new(Document::new(&id, &text), claims)
}

/// The series as every front end computed them before: every claim read and reconciled.
fn every_claim_reconciled(ledger: &dyn Ledger) -> Vec<SeriesSummary> {
    series(&load(ledger, None).unwrap().reported(), &Options::default())
}

fn summaries(ledger: &mut dyn Ledger) -> Vec<SeriesSummary> {
    let listing = listing(ledger, None).unwrap();
    listing.rows.into_iter().map(|row| row.summary).collect()
}

fn reads_that_scale(inner: impl Ledger) {
    let mut ledger = Counting::new(inner);
    for doc_idx in 0..N_DOCUMENTS {
        let actor = ACTORS[doc_idx % ACTORS.len()];
        ledger
            .add(&[generated(doc_idx, N_CLAIMS_PER_DOCUMENT, actor)])
            .unwrap();
    }
    let n_claims = N_DOCUMENTS * N_CLAIMS_PER_DOCUMENT;
    let before = every_claim_reconciled(&ledger);
    assert_eq!(ledger.take(), n_claims);
    assert!(before.len() >= 12, "{} series", before.len());

    // The first listing computes each actor's summary once, from its claims.
    let first = listing(&mut ledger, None).unwrap();
    assert_eq!(ledger.take(), n_claims);
    assert_eq!(first.n_claims, ledger.counts().unwrap().n_claims);
    assert_eq!(first.n_documents, N_DOCUMENTS);
    let first: Vec<SeriesSummary> = first.rows.into_iter().map(|row| row.summary).collect();
    assert_eq!(first, before);

    // The next reads no claim.
    assert_eq!(summaries(&mut ledger), before);
    assert_eq!(ledger.take(), 0);
    let one = listing(&mut ledger, Some("North Korea")).unwrap();
    assert_eq!(ledger.take(), 0);
    assert!(!one.rows.is_empty());
    assert!(one
        .rows
        .iter()
        .all(|row| row.summary.series.actor.as_deref() == Some("PRK")));

    // A document of a new actor: only its claims are read.
    ledger
        .add(&[generated(N_DOCUMENTS, 10, Some("SYR"))])
        .unwrap();
    let after_add = summaries(&mut ledger);
    assert_eq!(ledger.take(), 10);
    assert_eq!(after_add, every_claim_reconciled(&ledger));
    ledger.take();

    // A review moving a claim to another actor: every actor again, once, and the answer
    // is still the one of every claim.
    let claim = ledger
        .claims(&ClaimFilter {
            actor: Some("PRK".into()),
            limit: Some(1),
            ..ClaimFilter::default()
        })
        .unwrap()
        .remove(0);
    ledger
        .review(&NewReview {
            claim_id: claim.id,
            by: "analyst".into(),
            action: ReviewAction::Correct,
            corrections: vec![Correction::Actor(Some("ISR".into()))],
            reason: "the figure is of Israel".into(),
        })
        .unwrap();
    ledger.take();
    let after_review = summaries(&mut ledger);
    assert!(after_review
        .iter()
        .any(|s| s.series.actor.as_deref() == Some("ISR")));
    assert_eq!(after_review, every_claim_reconciled(&ledger));
    ledger.take();
    assert_eq!(summaries(&mut ledger), after_review);
    assert_eq!(ledger.take(), 0);
}

#[test]
fn the_overview_of_120000_claims_reads_each_actor_once_then_no_claim_on_sqlite() {
    reads_that_scale(SqliteLedger::open_in_memory().unwrap());
}

#[test]
fn the_overview_of_120000_claims_reads_each_actor_once_then_no_claim_on_postgres() {
    let Some(scratch) = tally_testkit::Scratch::new("app") else {
        return;
    };
    reads_that_scale(scratch.connect());
}
