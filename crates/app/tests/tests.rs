//! The use cases of issue 16 on the seed: reviews that readers see and that outlive
//! re-extraction, grades that move the estimate as the method of `tally-reconcile` says,
//! and nothing ever deleted.

use std::path::Path;

mod issue_15;

use tally_app::review::{review, ReviewRequest};
use tally_app::series::{series_at, SeriesRequest};
use tally_app::Engine;
use tally_core::{Grade, Metric, Role, Scope};
use tally_store::{ClaimFilter, Extracted, Ledger, SqliteLedger};

const SEED: &str = "000_a9c692d039172afc.txt";

fn seed_text() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/seed")
        .join(SEED);
    std::fs::read(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

fn seed_ledger(engine: &Engine) -> SqliteLedger {
    let mut ledger = SqliteLedger::open_in_memory().unwrap();
    tally_app::ingest::ingest_body(&mut ledger, engine, seed_text(), SEED, None, None).unwrap();
    ledger
}

fn request(actor: &str, metric: Metric, min_grade: Option<Grade>) -> SeriesRequest {
    SeriesRequest {
        actor: actor.into(),
        metric,
        role: None,
        scope: Scope::Total,
        group: None,
        at: None,
        min_grade,
        published_by: None,
        known_on: None,
    }
}

fn grade(ledger: &mut SqliteLedger, grade: &str) {
    tally_app::sources::grade(ledger, "UK Ministry of Defence", grade, "analyst", "test").unwrap();
}

/// Issue 16: the seed's PRK casualties with the UK Ministry of Defence graded A, then E.
/// The method (tally-reconcile's docs): the UK's "over 5,000" (highly likely, 0.85) times
/// the grade's factor (A 1.5, E 0.5) is a floor of the best estimate when at least 0.5;
/// graded A it is (best 5,000), graded E it is not, and the best estimate is the JCS's
/// ~4,000. The envelope is the same. Each grade is a row; the latest counts.
#[test]
fn issue_16_grading_the_uk_ministry_of_defence_a_and_e_moves_the_estimate_as_documented() {
    let engine = Engine::english();
    let mut ledger = seed_ledger(&engine);
    let before = ledger.counts().unwrap();
    let casualties = |ledger: &SqliteLedger, min: Option<Grade>| {
        series_at(ledger, &request("PRK", Metric::Casualties, min))
            .unwrap()
            .estimate()
            .unwrap()
    };
    let uk = |e: &tally_reconcile::Estimate| {
        e.sources
            .iter()
            .find(|f| f.source == "UK Ministry of Defence")
            .cloned()
            .unwrap()
    };
    let ungraded = casualties(&ledger, None);
    assert_eq!(ungraded.best.best.unwrap().0, 5000.0);
    assert_eq!(uk(&ungraded).grade, None);

    grade(&mut ledger, "A");
    let a = casualties(&ledger, None);
    assert_eq!(uk(&a).grade, Some(Grade::A));
    assert!(
        (uk(&a).weight - 0.85 * 1.5).abs() < 1e-9,
        "{}",
        uk(&a).weight
    );
    assert_eq!(a.best.best.unwrap().0, 5000.0);

    grade(&mut ledger, "e");
    let e = casualties(&ledger, None);
    assert_eq!(uk(&e).grade, Some(Grade::E));
    assert!(
        (uk(&e).weight - 0.85 * 0.5).abs() < 1e-9,
        "{}",
        uk(&e).weight
    );
    assert_eq!(e.best.best.unwrap().0, 4000.0);
    assert_eq!((a.best.low, a.best.high), (e.best.low, e.best.high));

    // At least C: the UK (E) and the ungraded JCS (F) are left out.
    assert!(casualties(&ledger, Some(Grade::C)).sources.is_empty());
    grade(&mut ledger, "B");
    let b = casualties(&ledger, Some(Grade::C));
    assert_eq!(b.sources.len(), 1);
    assert_eq!(b.best.best.unwrap().0, 5000.0);

    // The sources list shows the latest grade; every grade is a row.
    let sources = tally_app::sources::sources(&ledger).unwrap();
    let row = sources
        .iter()
        .find(|s| s.source == "UK Ministry of Defence")
        .unwrap();
    assert_eq!(row.grade, Some(Grade::B));
    assert_eq!(row.graded_by.as_deref(), Some("analyst"));
    assert!(row.n_claims >= 3);
    let after = ledger.counts().unwrap();
    assert_eq!(after.n_grades, before.n_grades + 3);
    assert_eq!(
        (after.n_documents, after.n_claims),
        (before.n_documents, before.n_claims)
    );
    // An unknown source or grade is refused with what would be valid.
    let wrong = tally_app::sources::grade(&mut ledger, "UK Ministry of Defense", "B", "a", "x")
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("UK Ministry of Defence"), "{wrong}");
    let wrong = tally_app::sources::grade(&mut ledger, "UK Ministry of Defence", "G", "a", "x")
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("F cannot be judged"), "{wrong}");
}

/// Issue 16: a review sets an actor and the estimate of both series sees it; a rejected
/// claim leaves the series; after re-extraction by a new grammar the new claims of the same
/// spans carry the reviews; the reviewed claims export as gold lines. No row is deleted
/// by a review.
#[test]
fn issue_16_a_review_moves_the_estimate_and_outlives_reextraction() {
    let engine = Engine::english();
    // The seed as an older grammar stored it.
    let mut ledger = SqliteLedger::open_in_memory().unwrap();
    let read = seed_ledger(&engine);
    let hash = read.documents(&Default::default()).unwrap()[0].hash.clone();
    let document = read.document(&hash).unwrap().unwrap().document;
    let extracted = engine.extracted(hash, document).unwrap().0;
    let old = Extracted {
        grammar_version: "old".into(),
        claims: extracted
            .claims
            .iter()
            .cloned()
            .map(|mut claim| {
                claim.grammar_version = "old".into();
                claim
            })
            .collect(),
        ..extracted
    };
    ledger.add(&[old]).unwrap();
    let jcs = ledger
        .claims(&ClaimFilter {
            source: Some("Joint Chiefs".into()),
            metric: Some(Metric::Casualties),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(jcs.len(), 1);
    let jcs = jcs[0].id;
    let before = ledger.counts().unwrap();

    let ask = |set: &[&str], reject: bool| ReviewRequest {
        claim_id: jcs,
        by: "analyst".into(),
        confirm: false,
        reject,
        set: set.iter().map(|s| s.to_string()).collect(),
        reason: Some("checked the JCS statement".into()),
    };
    let prk = |ledger: &SqliteLedger| {
        series_at(ledger, &request("PRK", Metric::Casualties, None))
            .unwrap()
            .estimate()
            .unwrap()
    };
    assert_eq!(prk(&ledger).sources.len(), 2);
    review(&mut ledger, &ask(&["actor=RUS"], false)).unwrap();
    // The JCS figure left the PRK series for the RUS one.
    assert_eq!(prk(&ledger).sources.len(), 1);
    let rus = series_at(
        &ledger,
        &SeriesRequest {
            role: Some(Role::Military),
            ..request("RUS", Metric::Casualties, None)
        },
    )
    .unwrap()
    .estimate()
    .unwrap();
    assert_eq!(rus.best.best.unwrap().0, 4000.0);
    // A bad request names the valid values and stores nothing.
    let wrong = review(&mut ledger, &ask(&["role=pilot"], false))
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("military, civilian, unspecified"), "{wrong}");
    assert!(review(&mut ledger, &ask(&[], false)).is_err());

    // Re-extraction by the current grammar: new claims, the review carried over.
    let done = tally_app::reextract::reextract(&mut ledger, &engine, 10, |_| {}).unwrap();
    assert_eq!(done.n_documents, 1);
    let now = ledger
        .claims(&ClaimFilter {
            actor: Some("RUS".into()),
            metric: Some(Metric::Casualties),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].claim.grammar_version, tally_core::GRAMMAR_VERSION);
    assert_eq!(now[0].review.as_ref().unwrap().fields, ["actor"]);
    assert!(tally_app::review::orphans(&ledger).unwrap().is_empty());

    // Rejected: out of every series.
    review(
        &mut ledger,
        &ReviewRequest {
            claim_id: now[0].id,
            ..ask(&[], true)
        },
    )
    .unwrap();
    assert!(ledger
        .claims(&ClaimFilter {
            actor: Some("RUS".into()),
            ..ClaimFilter::default()
        })
        .unwrap()
        .is_empty());
    assert_eq!(prk(&ledger).sources.len(), 1);

    // The gold export holds the reviewed claims that stand (none: the one was rejected);
    // a confirmed claim is written with its values.
    assert!(tally_app::review::gold_lines(&ledger).unwrap().is_empty());
    let uk = ledger
        .claims(&ClaimFilter {
            source: Some("UK Ministry".into()),
            metric: Some(Metric::Casualties),
            ..ClaimFilter::default()
        })
        .unwrap()[0]
        .id;
    review(
        &mut ledger,
        &ReviewRequest {
            claim_id: uk,
            confirm: true,
            ..ask(&[], false)
        },
    )
    .unwrap();
    let gold = tally_app::review::gold_lines(&ledger).unwrap();
    assert_eq!(gold.len(), 1);
    assert_eq!(gold[0]["doc"], SEED);
    let claim = &gold[0]["claims"][0];
    assert_eq!(claim["low"], 5000.0);
    assert_eq!(claim["source"], "UK Ministry of Defence");
    let quote = claim["quote"].as_str().unwrap();
    assert!(
        String::from_utf8(seed_text()).unwrap().contains(quote),
        "{quote}"
    );

    // Reviews are rows; no document or review was deleted.
    let after = ledger.counts().unwrap();
    assert_eq!(after.n_documents, before.n_documents);
    assert_eq!(after.n_reviews, before.n_reviews + 3);
}
