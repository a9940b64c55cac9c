//! Issue 16, part 3, through the binary: the ledger as it stood. `--published-by DAY` uses
//! only the documents published by that day (the Gaza toll month by month of 2025, the North
//! Korean casualties before and after the seed), `--known-on MOMENT` shows the ledger as it
//! was then (before an ingest, before a review, before a re-extraction by a new grammar),
//! a reviewed claim keeps its review across re-extraction, nothing is deleted, and every
//! answer is the same on SQLite and PostgreSQL.
//!
//! PostgreSQL is `TALLY_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`),
//! each test in a schema of its own; an unreachable server skips its half of the tests with
//! a message, and fails them when `CI` is set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde_json::Value as Json;
use tally_store::Ledger;

use super::{run, stderr};
use tally_testkit::Scratch;

/// One empty ledger per backend: an SQLite file, and a PostgreSQL schema when the server
/// answers. Each is `(name, location, what keeps it alive)`.
struct Ledgers {
    _dir: tempfile::TempDir,
    _scratch: Option<Scratch>,
    locations: Vec<(&'static str, String)>,
}

fn ledgers() -> Ledgers {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.db").to_str().unwrap().to_string();
    let scratch = Scratch::new("cli_asof");
    let mut locations = vec![("sqlite", file)];
    if let Some(scratch) = &scratch {
        locations.push(("postgres", scratch.url.clone()));
    }
    Ledgers {
        _dir: dir,
        _scratch: scratch,
        locations,
    }
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(name)
}

/// Runs `tally` with `args`, the ledger at `db`; its standard output, or a failure naming
/// the arguments.
fn ok(db: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--db", db]);
    let output = run(&all);
    assert!(output.status.success(), "{all:?}: {}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

fn ingest(db: &str, path: &Path) {
    ok(db, &["ingest", "-q", path.to_str().unwrap()]);
}

/// A moment strictly between what the ledger wrote before and what it writes after.
fn moment() -> String {
    std::thread::sleep(std::time::Duration::from_millis(20));
    let now = Timestamp::now();
    std::thread::sleep(std::time::Duration::from_millis(20));
    now.to_string()
}

/// An answer without the ledger's ids (claim ids are the backends' own), so that two
/// backends can be compared.
fn without_ids(json: &str) -> Json {
    fn strip(value: &mut Json) {
        match value {
            Json::Object(map) => {
                map.remove("claim");
                map.remove("claim_id");
                map.remove("id");
                map.values_mut().for_each(strip);
            }
            Json::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: Json = serde_json::from_str(json).unwrap();
    strip(&mut value);
    value
}

fn lines_without_ids(jsonl: &str) -> Vec<Json> {
    jsonl.lines().map(without_ids).collect()
}

const GAZA: [&str; 7] = [
    "estimate",
    "--actor",
    "PSE",
    "--role",
    "unspecified",
    "--metric",
    "killed",
];

/// The last day of each month of 2025.
fn month_ends() -> Vec<String> {
    (1..=12)
        .map(|month| {
            jiff::civil::date(2025, month, 1)
                .last_of_month()
                .to_string()
        })
        .collect()
}

/// Issue 16: on conflict-news.jsonl and recent-news.jsonl, the Gaza toll's estimate
/// `--published-by` the last day of each month of 2025 follows that month's reporting (the
/// figures of README) and uses no document published later; the same on both backends.
#[test]
fn issue_16_the_gaza_toll_published_by_each_month_of_2025_uses_no_later_document() {
    let ledgers = ledgers();
    let mut answers: Vec<(&str, Vec<Json>)> = Vec::new();
    for (backend, db) in &ledgers.locations {
        ingest(db, &corpus("conflict-news.jsonl"));
        ingest(db, &corpus("recent-news.jsonl"));
        let published: HashMap<String, Option<String>> = ok(db, &["docs", "--format", "jsonl"])
            .lines()
            .map(|line| {
                let doc: Json = serde_json::from_str(line).unwrap();
                (
                    doc["id"].as_str().unwrap().to_string(),
                    doc["published"].as_str().map(str::to_string),
                )
            })
            .collect();
        let mut floors = Vec::new();
        let mut months = Vec::new();
        for day in month_ends() {
            let mut args = GAZA.to_vec();
            args.extend(["--published-by", &day, "--format", "json"]);
            args.extend(["--db", db.as_str()]);
            let output = run(&args);
            if !output.status.success() {
                assert!(
                    stderr(&output).contains("no dated claims of PSE unspecified killed"),
                    "{backend} {day}: {}",
                    stderr(&output)
                );
                floors.push(None);
                months.push(Json::Null);
                continue;
            }
            let stdout = String::from_utf8(output.stdout).unwrap();
            let estimate: Json = serde_json::from_str(&stdout).unwrap();
            assert!(estimate["at"].as_str().unwrap() <= day.as_str());
            for source in estimate["sources"].as_array().unwrap() {
                for report in source["reports"].as_array().unwrap() {
                    let doc = report["doc"].as_str().unwrap();
                    let when = published[doc].as_deref().expect("a publication day");
                    assert!(when <= day.as_str(), "{backend} {day}: {doc} of {when}");
                }
            }
            floors.push(estimate["estimate"]["low"].as_f64());
            months.push(without_ids(&stdout));
        }
        // Nothing before March; the Gaza Health Ministry's toll month by month after.
        let expected = [
            None,
            None,
            Some(48000.0),
            Some(48000.0),
            Some(48000.0),
            Some(55297.0),
            Some(60000.0),
            Some(60000.0),
            Some(60000.0),
            Some(68530.0),
            Some(70000.0),
            Some(70000.0),
        ];
        assert_eq!(floors, expected, "{backend}");
        // `claims --published-by` lists no claim of a later document either.
        for claim in ok(
            db,
            &[
                "claims",
                "--published-by",
                "2025-06-30",
                "--format",
                "jsonl",
            ],
        )
        .lines()
        {
            let claim: Json = serde_json::from_str(claim).unwrap();
            let when = published[claim["doc"].as_str().unwrap()].clone().unwrap();
            assert!(when.as_str() <= "2025-06-30", "{claim}");
        }
        // And `series` and `incidents` take it too.
        let march = ok(
            db,
            &[
                "series",
                "--published-by",
                "2025-03-31",
                "--format",
                "jsonl",
            ],
        );
        let all = ok(db, &["series", "--format", "jsonl"]);
        assert!(march.lines().count() < all.lines().count());
        ok(
            db,
            &[
                "incidents",
                "--published-by",
                "2025-03-31",
                "--format",
                "jsonl",
            ],
        );
        answers.push((backend, months));
    }
    if let [(_, sqlite), (_, postgres)] = answers.as_slice() {
        assert_eq!(sqlite, postgres);
    }
}

/// Issue 16: the estimate of North Korean casualties before and after the seed's reports
/// (published 2025-04-01).
#[test]
fn issue_16_the_seed_moves_the_estimate_only_once_it_is_published() {
    let ledgers = ledgers();
    for (backend, db) in &ledgers.locations {
        ingest(db, &corpus("seed"));
        let prk = ["estimate", "--actor", "PRK", "--metric", "casualties"];
        let mut before = prk.to_vec();
        before.extend(["--published-by", "2025-03-31", "--db", db]);
        let output = run(&before);
        assert_eq!(output.status.code(), Some(1), "{backend}");
        assert!(stderr(&output).contains("no dated claims"), "{backend}");
        let mut after = prk.to_vec();
        after.extend(["--published-by", "2025-04-01", "--format", "json"]);
        let estimate: Json = serde_json::from_str(&ok(db, &after)).unwrap();
        assert_eq!(estimate["estimate"]["low"], 4000.0, "{backend}");
    }
}

/// The answers a briefing would quote, as JSON without ids.
fn briefing(db: &str, known_on: Option<&str>) -> Vec<Json> {
    let with = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if let Some(moment) = known_on {
            all.extend(["--known-on".to_string(), moment.to_string()]);
        }
        all
    };
    let run_with = |args: &[&str]| -> String {
        let all = with(args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        ok(db, &all)
    };
    let mut estimate = GAZA.to_vec();
    estimate.extend(["--format", "json"]);
    let mut timeline = GAZA.to_vec();
    timeline[0] = "timeline";
    timeline.extend(["--format", "json"]);
    vec![
        Json::Array(lines_without_ids(&run_with(&[
            "claims", "--format", "jsonl",
        ]))),
        Json::Array(lines_without_ids(&run_with(&[
            "series", "--format", "jsonl",
        ]))),
        without_ids(&run_with(&estimate)),
        without_ids(&run_with(&timeline)),
        Json::Array(lines_without_ids(&run_with(&[
            "incidents",
            "--format",
            "jsonl",
        ]))),
    ]
}

/// Issue 16: `--known-on` a moment before an ingest shows the ledger without it: the same
/// claims, series, estimate, timeline, incidents and export as then, on both backends, and
/// the same on SQLite as on PostgreSQL; a moment before anything shows an empty ledger.
#[test]
fn issue_16_known_on_a_moment_before_an_ingest_shows_the_ledger_without_it() {
    let ledgers = ledgers();
    let mut answers = Vec::new();
    for (backend, db) in &ledgers.locations {
        ok(db, &["ingest", "-q", corpus("seed").to_str().unwrap()]);
        let before_anything = {
            // The seed is in; a moment before it was is a moment before the ledger held any
            // claim.
            let seed_at = ok(db, &["docs", "--format", "jsonl"]);
            assert_eq!(seed_at.lines().count(), 1);
            "2000-01-01T00:00:00Z".to_string()
        };
        ingest(db, &corpus("conflict-news.jsonl"));
        let then = briefing(db, None);
        let export_then = {
            let path = ledgers._dir.path().join(format!("{backend}-then.jsonl"));
            ok(
                db,
                &["export", "--format", "jsonl", "-o", path.to_str().unwrap()],
            );
            std::fs::read_to_string(path).unwrap()
        };
        let moment = moment();
        ingest(db, &corpus("recent-news.jsonl"));
        let now = briefing(db, None);
        assert_ne!(
            now, then,
            "{backend}: the second ingest changes the answers"
        );
        let known_then = briefing(db, Some(&moment));
        assert_eq!(known_then, then, "{backend}");
        let path = ledgers._dir.path().join(format!("{backend}-known.jsonl"));
        ok(
            db,
            &[
                "export",
                "--format",
                "jsonl",
                "--known-on",
                &moment,
                "-o",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(std::fs::read_to_string(path).unwrap(), export_then);
        // A chart of then draws.
        let svg = ledgers._dir.path().join(format!("{backend}.svg"));
        let mut chart = GAZA.to_vec();
        chart[0] = "chart";
        chart.extend(["--known-on", &moment, "-o", svg.to_str().unwrap()]);
        ok(db, &chart);
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
        // Before anything: no claims, and no estimate.
        let empty = ok(
            db,
            &[
                "claims",
                "--known-on",
                &before_anything,
                "--format",
                "jsonl",
            ],
        );
        assert!(empty.is_empty(), "{backend}: {empty}");
        let mut estimate = GAZA.to_vec();
        estimate.extend(["--known-on", &before_anything, "--db", db]);
        assert_eq!(run(&estimate).status.code(), Some(1));
        answers.push(known_then);
    }
    if let [sqlite, postgres] = answers.as_slice() {
        assert_eq!(sqlite, postgres);
    }
}

/// A bad moment is a usage error naming the forms accepted.
#[test]
fn issue_16_a_bad_moment_names_the_forms_accepted() {
    let output = run(&["claims", "--known-on", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("yesterday is not a moment: use YYYY-MM-DDTHH:MM:SSZ"),
        "{}",
        stderr(&output)
    );
}

/// The rows of a ledger: documents, claims (standing and superseded), reviews, grades.
fn rows(db: &str) -> [usize; 4] {
    let ledger = tally_store::open(db).unwrap();
    let counts = ledger.counts().unwrap();
    [
        counts.n_documents,
        counts.n_claims + counts.n_superseded,
        counts.n_reviews,
        counts.n_grades,
    ]
}

/// Issue 16: a reviewed claim keeps its review across a re-extraction with a new grammar
/// version; `--known-on` before the re-extraction shows the old grammar's claim with it,
/// before the review the claim unreviewed, before the grade the source ungraded. Nothing
/// is deleted: the rows are counted before and after the review, the grade and the
/// re-extraction. The same on both backends.
#[test]
fn issue_16_a_reviewed_claim_keeps_its_review_across_reextraction_and_nothing_is_deleted() {
    let ledgers = ledgers();
    let engine = tally_app::Engine::english();
    let seed = corpus("seed/000_a9c692d039172afc.txt");
    let document = tally_ingest::read_inputs(&[seed], None)
        .next()
        .unwrap()
        .unwrap();
    let mut answers = Vec::new();
    for (backend, db) in &ledgers.locations {
        // The seed as an older grammar stored it.
        let hash = tally_store::DocumentHash::of_text(&document.text);
        let mut old = engine.extracted(hash, document.clone()).unwrap().0;
        old.grammar_version = "2024.01.01-1".into();
        for claim in &mut old.claims {
            claim.grammar_version = old.grammar_version.clone();
        }
        tally_store::open(db).unwrap().add(&[old]).unwrap();
        let jcs = |known_on: Option<&str>, actor: &str| -> Vec<Json> {
            let mut args = vec![
                "claims",
                "--actor",
                actor,
                "--source",
                "joint chiefs",
                "--metric",
                "casualties",
                "--format",
                "jsonl",
            ];
            if let Some(moment) = known_on {
                args.extend(["--known-on", moment]);
            }
            ok(db, &args)
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect()
        };
        let unreviewed = jcs(None, "PRK");
        assert_eq!(unreviewed.len(), 1, "{backend}");
        let id = unreviewed[0]["id"].to_string();
        let rows_before = rows(db);

        let before_review = moment();
        ok(
            db,
            &[
                "review",
                &id,
                "--set",
                "actor=RUS",
                "--reason",
                "the JCS counted Russian losses",
            ],
        );
        let before_grade = moment();
        ok(
            db,
            &[
                "sources",
                "grade",
                "UK Ministry of Defence",
                "A",
                "--reason",
                "assessments borne out",
            ],
        );
        let before_reextraction = moment();
        let after_review = rows(db);
        assert_eq!(
            after_review,
            [
                rows_before[0],
                rows_before[1],
                rows_before[2] + 1,
                rows_before[3] + 1
            ],
            "{backend}"
        );
        let reextracted = ok(db, &["reextract"]);
        assert!(
            reextracted.starts_with("1 documents re-extracted"),
            "{reextracted}"
        );
        let after = rows(db);
        let n_claims = rows_before[1];
        assert_eq!(after[0], rows_before[0], "{backend}: documents");
        assert_eq!(after[1], 2 * n_claims, "{backend}: every claim kept");
        assert_eq!(
            &after[2..],
            &after_review[2..],
            "{backend}: reviews and grades"
        );

        // Now: a claim of the current grammar, with the review.
        let now = jcs(None, "RUS");
        assert_eq!(now.len(), 1, "{backend}");
        assert_ne!(now[0]["id"].to_string(), id);
        assert_eq!(now[0]["grammar_version"], tally_core::GRAMMAR_VERSION);
        assert_eq!(now[0]["review"], "corrected");
        assert!(jcs(None, "PRK").is_empty());
        // Before the re-extraction: the old grammar's claim, reviewed.
        let then = jcs(Some(before_reextraction.as_str()), "RUS");
        assert_eq!(then[0]["id"].to_string(), id);
        assert_eq!(then[0]["grammar_version"], "2024.01.01-1");
        assert_eq!(then[0]["review"], "corrected");
        // Before the review: the claim as the grammar made it.
        let earlier = jcs(Some(before_review.as_str()), "PRK");
        assert_eq!(earlier[0]["id"].to_string(), id);
        assert!(earlier[0].get("review").is_none());
        // The grade counts from when it was given.
        let grade = |known_on: &str| -> Json {
            let mut args = vec![
                "estimate",
                "--actor",
                "PRK",
                "--metric",
                "casualties",
                "--format",
                "json",
            ];
            if !known_on.is_empty() {
                args.extend(["--known-on", known_on]);
            }
            let estimate: Json = serde_json::from_str(&ok(db, &args)).unwrap();
            estimate["sources"][0]["grade"].clone()
        };
        assert_eq!(grade(""), "A");
        assert_eq!(grade(&before_reextraction), "A");
        assert_eq!(grade(&before_grade), Json::Null);
        // `tally sources` too: the grade of then, and the record of then.
        let uk = |known_on: &[&str]| -> Json {
            let mut args = vec!["sources", "--format", "jsonl"];
            args.extend(known_on);
            ok(db, &args)
                .lines()
                .map(|line| serde_json::from_str::<Json>(line).unwrap())
                .find(|source| source["source"] == "UK Ministry of Defence")
                .unwrap()
        };
        assert_eq!(uk(&[])["grade"], "A");
        assert_eq!(uk(&["--known-on", &before_grade])["grade"], Json::Null);
        // Graded, but no claim of it published by 2025-03-31 (the seed is of 2025-04-01).
        assert_eq!(uk(&["--published-by", "2025-03-31"])["n_claims"], 0);
        answers.push((
            without_ids(&serde_json::to_string(&now).unwrap()),
            without_ids(&serde_json::to_string(&then).unwrap()),
        ));
    }
    if let [sqlite, postgres] = answers.as_slice() {
        assert_eq!(sqlite, postgres);
    }
}

/// A GET of the server at `addr`: the status line and the body.
fn get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.lines().next().unwrap_or_default().to_string();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Issue 16: the API and the series page take `known_on` and `published_by` as the command
/// line does, with the same answers; a bad moment is a 400 naming the forms accepted.
#[test]
fn issue_16_the_api_answers_as_the_ledger_stood() {
    let ledgers = ledgers();
    let (_, db) = &ledgers.locations[0];
    ingest(db, &corpus("conflict-news.jsonl"));
    let moment = moment();
    ingest(db, &corpus("recent-news.jsonl"));
    let serving = super::serve::Serving::start(db, &[]);
    let gaza = "actor=PSE&role=unspecified&metric=killed";

    let (status, body) = get(
        &serving.addr,
        &format!("/api/estimate?{gaza}&known_on={moment}"),
    );
    assert!(status.contains("200"), "{status} {body}");
    let mut cli = GAZA.to_vec();
    cli.extend(["--known-on", &moment, "--format", "json"]);
    let then: Json = serde_json::from_str(&ok(db, &cli)).unwrap();
    assert_eq!(serde_json::from_str::<Json>(&body).unwrap(), then);
    let (_, now) = get(&serving.addr, &format!("/api/estimate?{gaza}"));
    assert_ne!(serde_json::from_str::<Json>(&now).unwrap(), then);

    let (_, body) = get(
        &serving.addr,
        &format!("/api/timeline?{gaza}&known_on={moment}&published_by=2025-06-30"),
    );
    let mut cli = GAZA.to_vec();
    cli[0] = "timeline";
    cli.extend([
        "--known-on",
        &moment,
        "--published-by",
        "2025-06-30",
        "--format",
        "json",
    ]);
    let timeline: Json = serde_json::from_str(&ok(db, &cli)).unwrap();
    assert_eq!(serde_json::from_str::<Json>(&body).unwrap(), timeline);

    let (_, body) = get(
        &serving.addr,
        &format!("/api/claims?known_on={moment}&limit=1000"),
    );
    let page: Json = serde_json::from_str(&body).unwrap();
    let cli = ok(db, &["claims", "--known-on", &moment, "--format", "jsonl"]);
    assert_eq!(
        page["claims"].as_array().unwrap().len(),
        cli.lines().count()
    );

    for (path, args) in [
        (
            "/api/series?published_by=2025-03-31",
            vec!["series", "--published-by", "2025-03-31"],
        ),
        (
            &format!("/api/series?known_on={moment}") as &str,
            vec!["series", "--known-on", &moment],
        ),
    ] {
        let (status, body) = get(&serving.addr, path);
        assert!(status.contains("200"), "{path}: {status} {body}");
        let api: Json = serde_json::from_str(&body).unwrap();
        let mut args = args.clone();
        args.extend(["--format", "jsonl"]);
        let cli: Vec<Json> = ok(db, &args)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(api["series"].as_array().unwrap(), &cli, "{path}");
    }
    let (status, body) = get(
        &serving.addr,
        &format!("/api/incidents?known_on={moment}&published_by=2025-03-31"),
    );
    assert!(status.contains("200"), "{status} {body}");

    let (status, body) = get(
        &serving.addr,
        &format!("/series/PSE/unspecified/killed?known_on={moment}&published_by=2025-06-30"),
    );
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("The ledger as it stood at"), "{body}");
    assert!(body.contains("data-known-on="), "{body}");
    assert!(
        body.contains("name=\"published_by\" value=\"2025-06-30\""),
        "{body}"
    );

    let (status, body) = get(
        &serving.addr,
        &format!("/api/sources?known_on={moment}&published_by=2025-06-30"),
    );
    assert!(status.contains("200"), "{status} {body}");
    let api: Json = serde_json::from_str(&body).unwrap();
    let cli: Vec<Json> = ok(
        db,
        &[
            "sources",
            "--known-on",
            &moment,
            "--published-by",
            "2025-06-30",
            "--format",
            "jsonl",
        ],
    )
    .lines()
    .map(|line| serde_json::from_str(line).unwrap())
    .collect();
    assert_eq!(api["sources"].as_array().unwrap(), &cli);

    let (status, body) = get(&serving.addr, "/api/claims?known_on=yesterday");
    assert!(status.contains("400"), "{status}");
    assert!(
        body.contains("known_on: yesterday is not a moment"),
        "{body}"
    );
}
