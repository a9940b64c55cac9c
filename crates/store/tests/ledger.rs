//! The behaviour every `Ledger` backend must have. `suite!(fresh)` expands to one `#[test]`
//! per case, each on a ledger made by `fresh()`: anything that is a [`Fixture`] (a ledger,
//! or a ledger with what it needs cleaned up; none when the case is skipped).

use tally_core::Grade;
use tally_core::{
    Claim, DateSpan, Document, Evidence, Kind, Metric, Modality, Place, Qualifier, Role, Scope,
    Span, Value,
};
use tally_store::{
    Added, ClaimFilter, Correction, DocumentFilter, DocumentHash, Extracted, Ledger, NewGrade,
    NewReview, ReviewAction, ReviewStatus,
};

macro_rules! suite {
    ($fresh:path) => {
        $crate::ledger::suite!(@cases $fresh;
            the_same_text_is_added_once,
            claims_come_back_with_every_field,
            filters_narrow_the_claims,
            text_search_finds_documents,
            documents_are_listed_with_their_claim_counts,
            stale_claims_are_replaced_and_current_ones_kept,
            ids_held_by_another_text_are_made_unique,
            a_deadline_far_off_lets_queries_run_and_none_lifts_it,
            reviews_set_fields_reject_and_survive_reextraction,
            grades_are_rows_and_the_latest_wins,
            published_by_keeps_what_was_published_by_then,
        );
    };
    (@cases $fresh:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let mut fixture = $fresh();
                if let Some(ledger) = $crate::ledger::Fixture::ledger(&mut fixture) {
                    $crate::ledger::$case(ledger);
                }
            }
        )*
    };
}
pub(crate) use suite;

/// What a case runs on.
pub trait Fixture {
    /// The ledger, or `None` when the case is to be skipped (its reason already printed).
    fn ledger(&mut self) -> Option<&mut dyn Ledger>;
}

impl Fixture for tally_store::SqliteLedger {
    fn ledger(&mut self) -> Option<&mut dyn Ledger> {
        Some(self)
    }
}

const KURSK: &str = "date 2025-04-01 Kursk\nOver 5,000 North Korean soldiers are likely to have been \
                     killed or injured, the UK Ministry of Defence said. Around 11,000 were sent in 2024.";
const GAZA: &str = "About 1,400 people were killed in Gaza, officials said on Friday.";

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn claim(doc: &str, text: &str, number: &str, value: Value, metric: Metric) -> Claim {
    let start = text.find(number).unwrap();
    let evidence = Evidence::new(
        text,
        Span::new(0, text.len()),
        Span::new(start, start + number.len()),
    );
    let mut claim = Claim::new(doc, Kind::Count, value, metric, evidence);
    claim.rules = vec!["number.digits".into(), "qualifier.lower_bound".into()];
    claim
}

/// Two documents, three claims; the first claim has every optional field set.
pub fn sample() -> Vec<Extracted> {
    let mut casualties = claim(
        "kursk.txt",
        KURSK,
        "Over 5,000",
        Value::at_least(5000.0),
        Metric::Casualties,
    );
    casualties.actor = Some("PRK".into());
    casualties.role = Role::Military;
    casualties.source = Some("UK Ministry of Defence".into());
    casualties.as_of = Some(DateSpan::new(date("2025-03-01"), date("2025-03-31")));
    casualties.stated = Some(date("2025-04-01"));
    casualties.confidence = Some("likely".into());
    casualties.probability = Some([0.55, 0.75]);
    casualties.modality = Modality::Estimate;
    casualties.of = Some(Metric::Deployed);
    casualties.increment = true;
    casualties.scope = Scope::Period;
    casualties.place = Some(Place {
        text: "Kursk region".into(),
        name: Some("Kursk Oblast".into()),
        country: Some("RUS".into()),
        region: Some("Kursk".into()),
        lat: Some(51.5),
        lon: Some(36.25),
    });
    casualties.group = Some("generals".into());
    casualties.part_of = Some(Span::new(3, 9));
    let mut deployed = claim(
        "kursk.txt",
        KURSK,
        "Around 11,000",
        Value::approx(11000.0),
        Metric::Deployed,
    );
    deployed.actor = Some("PRK".into());
    deployed.as_of = Some(DateSpan::new(date("2024-01-01"), date("2024-12-31")));
    let mut killed = claim(
        "gaza",
        GAZA,
        "About 1,400",
        Value::approx(1400.0),
        Metric::Killed,
    );
    killed.actor = Some("PSE".into());
    killed.role = Role::Civilian;
    killed.source = Some("officials".into());
    killed.stated = Some(date("2023-10-20"));
    killed.scope = Scope::Event;
    killed.place = Some(Place {
        text: "Gaza".into(),
        ..Place::default()
    });
    let kursk = Document::new("kursk.txt", KURSK).with_published(Some(date("2025-04-01")));
    let mut gaza = Document::new("gaza", GAZA).with_title(Some("Gaza toll rises".into()));
    gaza.url = Some("https://example.org/gaza".into());
    gaza.publisher = Some("Example News".into());
    gaza.lang = Some("en".into());
    gaza.published = Some(date("2023-10-20"));
    vec![
        Extracted::new(kursk, vec![casualties, deployed]),
        Extracted::new(gaza, vec![killed]),
    ]
}

/// A document `id` of `text` with one claim: the first number of the text, killed.
pub fn extracted(id: &str, text: &str) -> Extracted {
    let number = text
        .split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
        .expect("the text holds a number");
    let value: f64 = number.replace(',', "").parse().expect("a plain number");
    let killed = claim(id, text, number, Value::point(value), Metric::Killed);
    Extracted::new(Document::new(id, text), vec![killed])
}

pub fn add_sample(ledger: &mut dyn Ledger) -> Vec<Extracted> {
    let sample = sample();
    ledger.add(&sample).unwrap();
    sample
}

pub fn the_same_text_is_added_once(ledger: &mut dyn Ledger) {
    let sample = sample();
    let added = ledger.add(&sample).unwrap();
    assert_eq!(
        added,
        vec![Added::New { n_claims: 2 }, Added::New { n_claims: 1 }]
    );
    // The same text with other line endings and another id is the same document.
    let mut again = sample.clone();
    again[0].document.text = format!("{}\r\n", KURSK.replace('\n', "\r\n"));
    again[0].document.id = "copy.txt".into();
    again[0] = Extracted::new(again[0].document.clone(), again[0].claims.clone());
    assert_eq!(again[0].hash, sample[0].hash);
    assert_eq!(ledger.add(&again).unwrap(), vec![Added::AlreadyPresent; 2]);
    // Twice in one batch: stored once.
    let new = Extracted::new(Document::new("new", "Nothing counted."), vec![]);
    let twice = vec![new.clone(), new];
    assert_eq!(
        ledger.add(&twice).unwrap(),
        vec![Added::New { n_claims: 0 }, Added::AlreadyPresent]
    );
    let counts = ledger.counts().unwrap();
    assert_eq!((counts.n_documents, counts.n_claims), (3, 3));
    let hashes = [sample[0].hash.clone(), DocumentHash::of_text("never added")];
    assert_eq!(ledger.contains(&hashes).unwrap(), vec![true, false]);
}

pub fn claims_come_back_with_every_field(ledger: &mut dyn Ledger) {
    let sample = add_sample(ledger);
    let stored = ledger.claims(&ClaimFilter::default()).unwrap();
    assert_eq!(stored.len(), 3);
    let expected: Vec<&Claim> = sample.iter().flat_map(|item| &item.claims).collect();
    for (stored, expected) in stored.iter().zip(expected) {
        assert_eq!(&stored.claim, expected);
        let again = ledger.claim(stored.id).unwrap().unwrap();
        assert_eq!(again, *stored);
    }
    assert_eq!(stored[0].document_hash, sample[0].hash);
    assert_eq!(stored[0].claim.value.qualifier, Qualifier::LowerBound);
    assert!(ledger.claim(-1).unwrap().is_none());
    let document = ledger.document(&sample[1].hash).unwrap().unwrap();
    assert_eq!(document.document, sample[1].document);
    assert_eq!(document.grammar_version, tally_core::GRAMMAR_VERSION);
}

pub fn filters_narrow_the_claims(ledger: &mut dyn Ledger) {
    add_sample(ledger);
    let values = |filter: ClaimFilter| -> Vec<f64> {
        let claims = ledger.claims(&filter).unwrap();
        claims
            .iter()
            .map(|c| c.claim.value.low.or(c.claim.value.high).unwrap())
            .collect()
    };
    let all = ClaimFilter::default;
    assert_eq!(
        values(ClaimFilter {
            actor: Some("prk".into()),
            ..all()
        }),
        [5000.0, 11000.0]
    );
    assert_eq!(
        values(ClaimFilter {
            metric: Some(Metric::Killed),
            ..all()
        }),
        [1400.0]
    );
    assert_eq!(
        values(ClaimFilter {
            role: Some(Role::Military),
            ..all()
        }),
        [5000.0]
    );
    assert_eq!(
        values(ClaimFilter {
            source: Some("ministry of".into()),
            ..all()
        }),
        [5000.0]
    );
    assert_eq!(
        values(ClaimFilter {
            source: Some("100%".into()),
            ..all()
        }),
        [] as [f64; 0]
    );
    // Dates: as of, else stated, else published.
    assert_eq!(
        values(ClaimFilter {
            since: Some(date("2025-01-01")),
            ..all()
        }),
        [5000.0]
    );
    assert_eq!(
        values(ClaimFilter {
            until: Some(date("2024-06-01")),
            ..all()
        }),
        [11000.0, 1400.0]
    );
    let window = ClaimFilter {
        since: Some(date("2024-12-31")),
        until: Some(date("2025-03-01")),
        ..all()
    };
    assert_eq!(values(window), [5000.0, 11000.0]);
    assert_eq!(
        values(ClaimFilter {
            doc: Some("gaza".into()),
            ..all()
        }),
        [1400.0]
    );
    let prefix = DocumentHash::of_text(GAZA).as_str()[..8].to_string();
    assert_eq!(
        values(ClaimFilter {
            doc: Some(prefix),
            ..all()
        }),
        [1400.0]
    );
    assert_eq!(
        values(ClaimFilter {
            limit: Some(1),
            ..all()
        }),
        [5000.0]
    );
    let both = ClaimFilter {
        actor: Some("PRK".into()),
        metric: Some(Metric::Deployed),
        ..all()
    };
    assert_eq!(values(both), [11000.0]);
    assert_eq!(
        values(ClaimFilter {
            scope: Some(Scope::Event),
            ..all()
        }),
        [1400.0]
    );
    assert_eq!(
        values(ClaimFilter {
            scope: Some(Scope::Total),
            ..all()
        }),
        [11000.0]
    );
    // A place filter matches the place as written, its canonical name or its country.
    for place in ["kursk", "Oblast", "rus"] {
        let filter = ClaimFilter {
            place: Some(place.into()),
            ..all()
        };
        assert_eq!(values(filter), [5000.0], "{place}");
    }
    assert_eq!(
        values(ClaimFilter {
            place: Some("gaza".into()),
            ..all()
        }),
        [1400.0]
    );
}

pub fn text_search_finds_documents(ledger: &mut dyn Ledger) {
    add_sample(ledger);
    let docs = |text: &str| -> Vec<String> {
        let filter = ClaimFilter {
            text: Some(text.into()),
            ..ClaimFilter::default()
        };
        let mut docs: Vec<String> = ledger
            .claims(&filter)
            .unwrap()
            .into_iter()
            .map(|c| c.claim.doc)
            .collect();
        docs.dedup();
        docs
    };
    assert_eq!(docs("north korean"), ["kursk.txt"]);
    assert_eq!(docs("soldier*"), ["kursk.txt"]);
    assert_eq!(docs("rises"), ["gaza"], "titles are searched too");
    assert_eq!(docs("Kursk OR Gaza"), ["kursk.txt", "gaza"]);
    assert!(docs("tanks").is_empty());
    assert!(docs("North-Korean:").is_empty() || docs("North-Korean:") == ["kursk.txt"]);
    let error = ledger
        .claims(&ClaimFilter {
            text: Some("\"unclosed".into()),
            ..ClaimFilter::default()
        })
        .unwrap_err()
        .to_string();
    assert!(error.contains("unclosed"), "{error}");
}

pub fn documents_are_listed_with_their_claim_counts(ledger: &mut dyn Ledger) {
    add_sample(ledger);
    let empty = Extracted::new(Document::new("empty", "No figures here."), vec![]);
    ledger.add(&[empty]).unwrap();
    let documents = ledger.documents(&DocumentFilter::default()).unwrap();
    let listed: Vec<(&str, usize)> = documents
        .iter()
        .map(|d| (d.id.as_str(), d.n_claims))
        .collect();
    assert_eq!(listed, [("kursk.txt", 2), ("gaza", 1), ("empty", 0)]);
    assert_eq!(documents[1].title.as_deref(), Some("Gaza toll rises"));
    assert_eq!(documents[1].published, Some(date("2023-10-20")));
    let filter = DocumentFilter {
        text: Some("figures".into()),
        ..DocumentFilter::default()
    };
    let found: Vec<String> = ledger
        .documents(&filter)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(found, ["empty"]);
    // The documents of one batch are listed in its order, whatever their hashes.
    let batch: Vec<Extracted> = (0..6)
        .map(|i| {
            Extracted::new(
                Document::new(format!("b{i}"), format!("Batch text {i}.")),
                vec![],
            )
        })
        .collect();
    ledger.add(&batch).unwrap();
    let listed: Vec<String> = ledger
        .documents(&DocumentFilter::default())
        .unwrap()
        .into_iter()
        .skip(3)
        .map(|d| d.id)
        .collect();
    assert_eq!(listed, ["b0", "b1", "b2", "b3", "b4", "b5"]);
}

pub fn stale_claims_are_replaced_and_current_ones_kept(ledger: &mut dyn Ledger) {
    let mut sample = sample();
    for item in &mut sample {
        item.grammar_version = "old".into();
        for claim in &mut item.claims {
            claim.grammar_version = "old".into();
        }
    }
    ledger.add(&sample).unwrap();
    let stale = ledger.stale_documents("new", 0, 10).unwrap();
    assert_eq!(stale.len(), 2);
    assert!(ledger.stale_documents("old", 0, 10).unwrap().is_empty());
    // The new grammar finds one claim in the first document.
    let mut fresh = sample[0].claims[1].clone();
    fresh.grammar_version = "new".into();
    let (n_removed, n_added) = ledger
        .replace_claims(&[(sample[0].hash.clone(), vec![fresh])], "new")
        .unwrap();
    assert_eq!((n_removed, n_added), (2, 1));
    let stale = ledger.stale_documents("new", 0, 10).unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].hash, sample[1].hash);
    assert!(ledger.stale_documents("new", 1, 10).unwrap().is_empty());
    let claims = ledger.claims(&ClaimFilter::default()).unwrap();
    let versions: Vec<(&str, &str)> = claims
        .iter()
        .map(|c| (c.claim.doc.as_str(), c.claim.grammar_version.as_str()))
        .collect();
    assert_eq!(versions, [("gaza", "old"), ("kursk.txt", "new")]);
    // Unknown documents are skipped.
    let unknown = (DocumentHash::of_text("unknown"), vec![]);
    assert_eq!(ledger.replace_claims(&[unknown], "new").unwrap(), (0, 0));
}

/// Issue 15: a writer could reuse an existing document id, after which the document pages
/// answered 400. A second text with a held id is renamed `ID~2`, `ID~3`…, with its claims;
/// the same text again keeps its id.
pub fn ids_held_by_another_text_are_made_unique(ledger: &mut dyn Ledger) {
    let first = extracted("feed-1", "About 100 were killed.");
    ledger.add(std::slice::from_ref(&first)).unwrap();
    let mut batch = vec![
        extracted("feed-1", "About 200 were killed."),
        extracted("feed-1", "About 300 were killed."),
        first.clone(),
        extracted("other", "About 400 were killed."),
    ];
    let renamed = tally_store::give_unique_ids(&*ledger, &mut batch).unwrap();
    let names: Vec<(usize, &str, &str)> = renamed
        .iter()
        .map(|r| (r.item_idx, r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        names,
        [(0, "feed-1", "feed-1~2"), (1, "feed-1", "feed-1~3")]
    );
    assert_eq!(batch[0].claims[0].doc, "feed-1~2");
    assert_eq!(batch[2].document.id, "feed-1", "the same text keeps its id");
    ledger.add(&batch).unwrap();
    for (id, n_docs) in [
        ("feed-1", 1),
        ("feed-1~2", 1),
        ("feed-1~3", 1),
        ("other", 1),
    ] {
        assert_eq!(ledger.hashes_of_id(id).unwrap().len(), n_docs, "{id}");
    }
    let filter = ClaimFilter {
        doc: Some("feed-1~3".into()),
        ..ClaimFilter::default()
    };
    assert_eq!(
        ledger.claims(&filter).unwrap()[0].claim.value.low,
        Some(300.0)
    );
}

/// A deadline far off changes nothing; lifting it neither.
pub fn a_deadline_far_off_lets_queries_run_and_none_lifts_it(ledger: &mut dyn Ledger) {
    add_sample(ledger);
    let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    ledger.set_deadline(Some(far)).unwrap();
    assert_eq!(ledger.claims(&ClaimFilter::default()).unwrap().len(), 3);
    ledger.set_deadline(None).unwrap();
    assert_eq!(ledger.counts().unwrap().n_claims, 3);
}

fn review(claim_id: i64, action: ReviewAction, corrections: Vec<Correction>) -> NewReview {
    NewReview {
        claim_id,
        by: "analyst".into(),
        action,
        corrections,
        reason: "read the source".into(),
    }
}

/// Issue 16: a review is its own row; readers see the reviewed values (filters too),
/// rejected claims are left out, and a review outlives re-extraction through its
/// document and number span; one whose claim is gone is an orphan. Nothing is deleted.
pub fn reviews_set_fields_reject_and_survive_reextraction(ledger: &mut dyn Ledger) {
    let mut sample = sample();
    for item in &mut sample {
        item.grammar_version = "old".into();
        for claim in &mut item.claims {
            claim.grammar_version = "old".into();
        }
    }
    ledger.add(&sample).unwrap();
    let before = ledger.counts().unwrap();
    let claims = ledger.claims(&ClaimFilter::default()).unwrap();
    let (casualties, deployed, killed) = (claims[0].id, claims[1].id, claims[2].id);

    let stored = ledger
        .review(&review(
            casualties,
            ReviewAction::Correct,
            vec![
                Correction::Actor(Some("UKR".into())),
                Correction::Role(Role::Civilian),
                Correction::Value(Value::point(5100.0)),
            ],
        ))
        .unwrap();
    assert_eq!(stored.changes["actor"]["from"], "PRK");
    assert_eq!(stored.changes["actor"]["to"], "UKR");
    ledger
        .review(&review(killed, ReviewAction::Reject, vec![]))
        .unwrap();
    ledger
        .review(&review(deployed, ReviewAction::Confirm, vec![]))
        .unwrap();
    assert!(matches!(
        ledger.review(&review(999_999, ReviewAction::Confirm, vec![])),
        Err(tally_store::Error::NoClaim { id: 999_999 })
    ));

    // The reviewed values, in filters as in the claims.
    let ukr = ledger
        .claims(&ClaimFilter {
            actor: Some("ukr".into()),
            role: Some(Role::Civilian),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(ukr.len(), 1);
    assert_eq!(ukr[0].id, casualties);
    assert_eq!(ukr[0].claim.value.low, Some(5100.0));
    let mark = ukr[0].review.as_ref().unwrap();
    assert_eq!(mark.fields, ["value", "actor", "role"]);
    assert_eq!(mark.status, ReviewStatus::Corrected);
    let prk = ledger
        .claims(&ClaimFilter {
            actor: Some("PRK".into()),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(prk.iter().map(|c| c.id).collect::<Vec<_>>(), [deployed]);
    assert_eq!(
        prk[0].review.as_ref().unwrap().status,
        ReviewStatus::Confirmed
    );
    // The rejected claim is left out of listings, but shown by id.
    let all = ledger.claims(&ClaimFilter::default()).unwrap();
    assert_eq!(
        all.iter().map(|c| c.id).collect::<Vec<_>>(),
        [casualties, deployed]
    );
    let limited = ledger
        .claims(&ClaimFilter {
            limit: Some(1),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);
    let rejected = ledger.claim(killed).unwrap().unwrap();
    assert_eq!(rejected.review.unwrap().status, ReviewStatus::Rejected);
    // The claim row itself is as extracted.
    let raw = ledger.extracted_claim(casualties).unwrap().unwrap();
    assert_eq!(raw.claim.actor.as_deref(), Some("PRK"));

    // Re-extraction: the new claims of the same spans take the reviews over; the Gaza
    // document's new grammar finds nothing, so its review is an orphan, even when a new
    // claim of another document is given the freed id of the rejected one (SQLite).
    let mut fresh: Vec<_> = sample[0]
        .claims
        .iter()
        .map(|claim| {
            let mut claim = claim.clone();
            claim.grammar_version = "new".into();
            claim
        })
        .collect();
    let mut third = fresh[1].clone();
    third.evidence.number = Span::new(0, 4);
    fresh.push(third);
    ledger
        .replace_claims(
            &[
                (sample[0].hash.clone(), fresh),
                (sample[1].hash.clone(), vec![]),
            ],
            "new",
        )
        .unwrap();
    let ukr = ledger
        .claims(&ClaimFilter {
            actor: Some("UKR".into()),
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(ukr.len(), 1);
    assert_eq!(ukr[0].claim.grammar_version, "new");
    assert_eq!(ukr[0].claim.role, Role::Civilian);
    let orphans = ledger.orphan_reviews().unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].claim_id, killed);
    assert_eq!(orphans[0].action, ReviewAction::Reject);

    // Reviews are rows; documents and reviews are never removed by a review.
    let after = ledger.counts().unwrap();
    assert_eq!(after.n_documents, before.n_documents);
    assert_eq!(after.n_reviews, before.n_reviews + 3);
    let reviews = ledger.reviews().unwrap();
    assert_eq!(reviews.len(), 3);
    assert_eq!(reviews[0].by, "analyst");
    assert_eq!(reviews[0].reason, "read the source");
}

/// Issue 16: grades are rows with who, when and why; the latest grade of a source wins and
/// the earlier ones stay.
pub fn grades_are_rows_and_the_latest_wins(ledger: &mut dyn Ledger) {
    let before = ledger.counts().unwrap();
    for grade in [Grade::B, Grade::E] {
        ledger
            .grade(&NewGrade {
                source: "UK Ministry of Defence".into(),
                grade,
                by: "analyst".into(),
                reason: "track record".into(),
            })
            .unwrap();
    }
    let grades = ledger.grades().unwrap();
    assert_eq!(grades.len(), 2);
    assert_eq!(grades[1].grade, Grade::E);
    assert_eq!(grades[0].by, "analyst");
    let latest = tally_store::latest_grades(&grades);
    assert_eq!(latest["UK Ministry of Defence"], Grade::E);
    assert_eq!(ledger.counts().unwrap().n_grades, before.n_grades + 2);
}

/// Issue 16: `published_by` keeps the claims of documents published on or before the day,
/// reviewed ones too, and leaves out documents with no publication day.
pub fn published_by_keeps_what_was_published_by_then(ledger: &mut dyn Ledger) {
    ledger.add(&sample()).unwrap();
    let by = |day: &str| {
        ledger
            .claims(&ClaimFilter {
                published_by: Some(date(day)),
                ..ClaimFilter::default()
            })
            .unwrap()
            .iter()
            .map(|c| c.claim.doc.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(by("2023-10-19"), Vec::<String>::new());
    assert_eq!(by("2023-10-20"), ["gaza"]);
    assert_eq!(by("2025-04-01"), ["kursk.txt", "kursk.txt", "gaza"]);
}
