//! Issue 16, part 3: the ledger as it stood. Written once against the `Ledger` trait like
//! `ledger`; `suite!(fresh)` runs every case on each backend. Re-extraction supersedes
//! claims instead of deleting them, every claim keeps when it entered the ledger, and a read
//! `known_on` a moment sees the claims standing then with the reviews made by then.

use jiff::Timestamp;
use tally_store::{
    ClaimFilter, Correction, DocumentHash, Extracted, Ledger, NewGrade, NewReview, ReviewAction,
    ReviewStatus,
};

use crate::ledger::{extracted, sample};

macro_rules! suite {
    ($fresh:path) => {
        $crate::asof::suite!(@cases $fresh;
            reextraction_supersedes_claims_and_nothing_is_ever_deleted,
            known_on_a_moment_before_an_ingest_shows_the_ledger_without_it,
            a_reviewed_claim_keeps_its_review_across_a_new_grammar,
            the_superseded_claims_stand_again_known_on_a_moment_before,
        );
    };
    (@cases $fresh:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let mut fixture = $fresh();
                if let Some(ledger) = $crate::ledger::Fixture::ledger(&mut fixture) {
                    $crate::asof::$case(ledger);
                }
            }
        )*
    };
}
pub(crate) use suite;

/// The sample, made by grammar `old`.
fn old_sample() -> Vec<Extracted> {
    let mut sample = sample();
    for item in &mut sample {
        item.grammar_version = "old".into();
        for claim in &mut item.claims {
            claim.grammar_version = "old".into();
        }
    }
    sample
}

/// The claims of `item` as grammar `new` makes them.
fn regrammared(item: &Extracted) -> (DocumentHash, Vec<tally_core::Claim>) {
    let claims = item
        .claims
        .iter()
        .map(|claim| {
            let mut claim = claim.clone();
            claim.grammar_version = "new".into();
            claim
        })
        .collect();
    (item.hash.clone(), claims)
}

/// A moment strictly between what the ledger wrote before and what it writes after.
fn moment() -> Timestamp {
    std::thread::sleep(std::time::Duration::from_millis(3));
    let now = Timestamp::now();
    std::thread::sleep(std::time::Duration::from_millis(3));
    now
}

fn known_on(at: Timestamp) -> ClaimFilter {
    ClaimFilter {
        known_on: Some(at),
        ..ClaimFilter::default()
    }
}

/// (document id, grammar version) of each claim the filter lets through.
fn versions(ledger: &dyn Ledger, filter: &ClaimFilter) -> Vec<(String, String)> {
    ledger
        .claims(filter)
        .unwrap()
        .into_iter()
        .map(|c| (c.claim.doc, c.claim.grammar_version))
        .collect()
}

fn pair(doc: &str, version: &str) -> (String, String) {
    (doc.to_string(), version.to_string())
}

/// Issue 16: nothing is ever deleted. Rows are counted before and after a review, a
/// grade and a re-extraction: the claims superseded stay, the reviews and grades stay.
pub fn reextraction_supersedes_claims_and_nothing_is_ever_deleted(ledger: &mut dyn Ledger) {
    let sample = old_sample();
    ledger.add(&sample).unwrap();
    let first = ledger.claims(&ClaimFilter::default()).unwrap()[0].id;
    ledger
        .review(&NewReview {
            claim_id: first,
            by: "analyst".into(),
            action: ReviewAction::Confirm,
            corrections: vec![],
            reason: "read the source".into(),
        })
        .unwrap();
    ledger
        .grade(&NewGrade {
            source: "UK Ministry of Defence".into(),
            grade: tally_core::Grade::B,
            by: "analyst".into(),
            reason: "track record".into(),
        })
        .unwrap();
    let before = ledger.counts().unwrap();
    assert_eq!(
        (before.n_documents, before.n_claims, before.n_superseded),
        (2, 3, 0)
    );
    assert_eq!((before.n_reviews, before.n_grades), (1, 1));

    let batch: Vec<_> = sample.iter().map(regrammared).collect();
    assert_eq!(ledger.replace_claims(&batch, "new").unwrap(), (3, 3));
    let after = ledger.counts().unwrap();
    assert_eq!(
        (after.n_documents, after.n_claims, after.n_superseded),
        (2, 3, 3)
    );
    assert_eq!((after.n_reviews, after.n_grades), (1, 1));
    // Again: the documents are made by `new` already; nothing changes.
    assert_eq!(ledger.replace_claims(&batch, "new").unwrap(), (0, 0));
    assert_eq!(ledger.counts().unwrap(), after);
    // The documents list counts the claims standing.
    let listed: Vec<usize> = ledger
        .documents(&tally_store::DocumentFilter::default())
        .unwrap()
        .iter()
        .map(|d| d.n_claims)
        .collect();
    assert_eq!(listed, [2, 1]);
    // A superseded claim is still there to explain.
    let old = ledger.extracted_claim(first).unwrap().unwrap();
    assert_eq!(old.claim.grammar_version, "old");
}

/// Issue 16: `known_on` a moment before an ingest shows the ledger without it; after it,
/// with it. A moment before anything shows nothing.
pub fn known_on_a_moment_before_an_ingest_shows_the_ledger_without_it(ledger: &mut dyn Ledger) {
    let empty = moment();
    ledger.add(&sample()).unwrap();
    let after_sample = moment();
    ledger
        .add(&[extracted("later.txt", "At least 12 people were killed.")])
        .unwrap();
    let after_later = moment();

    assert!(ledger.claims(&known_on(empty)).unwrap().is_empty());
    let then: Vec<String> = ledger
        .claims(&known_on(after_sample))
        .unwrap()
        .into_iter()
        .map(|c| c.claim.doc)
        .collect();
    assert_eq!(then, ["kursk.txt", "kursk.txt", "gaza"]);
    assert_eq!(ledger.claims(&known_on(after_later)).unwrap().len(), 4);
    assert_eq!(ledger.claims(&ClaimFilter::default()).unwrap().len(), 4);
    // With the other filters.
    let filter = ClaimFilter {
        metric: Some(tally_core::Metric::Killed),
        known_on: Some(after_sample),
        ..ClaimFilter::default()
    };
    let killed: Vec<String> = versions(ledger, &filter)
        .into_iter()
        .map(|(doc, _)| doc)
        .collect();
    assert_eq!(killed, ["gaza"]);
}

/// Issue 16: a reviewed claim keeps its review across a re-extraction with a new grammar
/// version; known on a moment before the review, it stands unreviewed, and known on a moment
/// before the re-extraction, it is the old grammar's claim with its review.
pub fn a_reviewed_claim_keeps_its_review_across_a_new_grammar(ledger: &mut dyn Ledger) {
    let sample = old_sample();
    ledger.add(&sample).unwrap();
    let casualties = ledger.claims(&ClaimFilter::default()).unwrap()[0].id;
    let before_review = moment();
    ledger
        .review(&NewReview {
            claim_id: casualties,
            by: "analyst".into(),
            action: ReviewAction::Correct,
            corrections: vec![Correction::Value(tally_core::Value::point(5100.0))],
            reason: "the ministry's own table".into(),
        })
        .unwrap();
    let before_reextraction = moment();
    let batch: Vec<_> = sample.iter().map(regrammared).collect();
    ledger.replace_claims(&batch, "new").unwrap();

    let now = ledger.claims(&ClaimFilter::default()).unwrap();
    assert_ne!(now[0].id, casualties, "a new claim of the new grammar");
    assert_eq!(now[0].claim.grammar_version, "new");
    assert_eq!(now[0].claim.value.low, Some(5100.0));
    let review = now[0].review.as_ref().expect("the review carried over");
    assert_eq!(review.status, ReviewStatus::Corrected);
    assert!(ledger.orphan_reviews().unwrap().is_empty());

    let then = ledger.claims(&known_on(before_reextraction)).unwrap();
    assert_eq!(then[0].id, casualties);
    assert_eq!(then[0].claim.grammar_version, "old");
    assert_eq!(then[0].claim.value.low, Some(5100.0));
    assert!(then[0].review.is_some());

    let earlier = ledger.claims(&known_on(before_review)).unwrap();
    assert_eq!(earlier[0].id, casualties);
    assert_eq!(earlier[0].claim.value.low, Some(5000.0));
    assert!(earlier[0].review.is_none());
    // The filters judge the values of the moment asked for.
    let corrected = |at: Option<Timestamp>| {
        let filter = ClaimFilter {
            actor: Some("PRK".into()),
            known_on: at,
            ..ClaimFilter::default()
        };
        ledger
            .claims(&filter)
            .unwrap()
            .iter()
            .map(|c| c.claim.value.low)
            .collect::<Vec<_>>()
    };
    assert_eq!(corrected(None), [Some(5100.0), Some(11000.0)]);
    assert_eq!(
        corrected(Some(before_review)),
        [Some(5000.0), Some(11000.0)]
    );
}

/// Issue 16: the claims an older grammar made stand again known on a moment before the
/// re-extraction, and those of the newer one do not; a rejection made after it does not
/// reach back.
pub fn the_superseded_claims_stand_again_known_on_a_moment_before(ledger: &mut dyn Ledger) {
    let sample = old_sample();
    ledger.add(&sample).unwrap();
    let before = moment();
    // The new grammar finds only the first claim of the first document.
    let (hash, claims) = regrammared(&sample[0]);
    ledger
        .replace_claims(&[(hash, claims[..1].to_vec())], "new")
        .unwrap();
    let after = moment();
    let killed = ledger.claims(&ClaimFilter::default()).unwrap();
    let gaza = killed.iter().find(|c| c.claim.doc == "gaza").unwrap().id;
    ledger
        .review(&NewReview {
            claim_id: gaza,
            by: "analyst".into(),
            action: ReviewAction::Reject,
            corrections: vec![],
            reason: "a duplicate".into(),
        })
        .unwrap();

    assert_eq!(
        versions(ledger, &known_on(before)),
        [
            pair("kursk.txt", "old"),
            pair("kursk.txt", "old"),
            pair("gaza", "old")
        ]
    );
    assert_eq!(
        versions(ledger, &known_on(after)),
        [pair("gaza", "old"), pair("kursk.txt", "new")]
    );
    assert_eq!(
        versions(ledger, &ClaimFilter::default()),
        [pair("kursk.txt", "new")]
    );
    // A limit counts the claims of the moment.
    let one = ClaimFilter {
        limit: Some(1),
        known_on: Some(before),
        ..ClaimFilter::default()
    };
    assert_eq!(versions(ledger, &one), [pair("kursk.txt", "old")]);
}

/// A ledger written before entry times existed: one document and one claim, stored with
/// the SQL of the older schema.
const OLD_TEXT: &str = "At least 12 people were killed in Kharkiv.";
const OLD_INGESTED: &str = "2025-01-02T03:04:05.123456789Z";

fn old_rows(ingested_at: &str) -> String {
    let hash = DocumentHash::of_text(OLD_TEXT);
    format!(
        "INSERT INTO documents (hash, doc_id, published, ingested_at, grammar_version, text) \
         VALUES ('{hash}', 'old.txt', '2025-01-01', '{ingested_at}', 'old', '{OLD_TEXT}'); \
         INSERT INTO claims (document_hash, doc, kind, low, high, approx, qualifier, metric, \
         increment, role, modality, evidence_field, sentence_start, sentence_end, number_start, \
         number_end, sentence, rules, grammar_version) VALUES ('{hash}', 'old.txt', 'count', 12, \
         NULL, FALSE, 'lower_bound', 'killed', FALSE, 'unspecified', 'report', 'text', 0, 41, 0, \
         11, '{OLD_TEXT}', 'number.digits', 'old');",
        hash = hash.as_str()
    )
}

/// What an upgraded ledger must show: the old claim entered with its document, standing now
/// and known on a moment after its ingestion, not before; a re-extraction supersedes it.
fn check_upgraded(ledger: &mut dyn Ledger) {
    let counts = ledger.counts().unwrap();
    assert_eq!((counts.n_claims, counts.n_superseded), (1, 0));
    let ingested: Timestamp = OLD_INGESTED.parse().unwrap();
    let before = ingested - jiff::SignedDuration::from_secs(1);
    let after = ingested + jiff::SignedDuration::from_secs(1);
    assert_eq!(ledger.claims(&ClaimFilter::default()).unwrap().len(), 1);
    assert!(ledger.claims(&known_on(before)).unwrap().is_empty());
    assert_eq!(ledger.claims(&known_on(after)).unwrap().len(), 1);
    let old = ledger.claims(&ClaimFilter::default()).unwrap().remove(0);
    let mut fresh = old.claim.clone();
    fresh.grammar_version = "new".into();
    let hash = DocumentHash::of_text(OLD_TEXT);
    assert_eq!(
        ledger
            .replace_claims(&[(hash, vec![fresh])], "new")
            .unwrap(),
        (1, 1)
    );
    assert_eq!(versions(ledger, &known_on(after)), [pair("old.txt", "old")]);
    assert_eq!(
        versions(ledger, &ClaimFilter::default()),
        [pair("old.txt", "new")]
    );
}

mod sqlite_migrations {
    refinery::embed_migrations!("migrations/sqlite");
}

/// Issue 16: an SQLite ledger of the schema before entry times (migration 4) upgrades in
/// place; its claims take their document's ingestion time.
#[test]
fn issue_16_an_sqlite_ledger_of_before_upgrades_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        sqlite_migrations::migrations::runner()
            .set_target(refinery::Target::Version(4))
            .run(&mut conn)
            .unwrap();
        conn.execute_batch(&old_rows(OLD_INGESTED)).unwrap();
    }
    let mut ledger = tally_store::SqliteLedger::open(&path).unwrap();
    check_upgraded(&mut ledger);
    assert!(ledger.check().unwrap().is_empty());
}

mod postgres_migrations {
    refinery::embed_migrations!("migrations/postgres");
}

/// Issue 16: a PostgreSQL ledger of the schema before entry times (migration 3) upgrades in
/// place, as on SQLite.
#[test]
fn issue_16_a_postgres_ledger_of_before_upgrades_in_place() {
    let Some(scratch) = tally_testkit::Scratch::new("store_asof") else {
        return;
    };
    {
        let mut client = postgres::Client::connect(&scratch.url, postgres::NoTls).unwrap();
        postgres_migrations::migrations::runner()
            .set_target(refinery::Target::Version(3))
            .run(&mut client)
            .unwrap();
        client.batch_execute(&old_rows(OLD_INGESTED)).unwrap();
    }
    let mut ledger = scratch.connect();
    check_upgraded(&mut ledger);
}
