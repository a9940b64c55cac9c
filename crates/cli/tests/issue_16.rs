//! Issue 16 through the binary on the seed: `tally review` (set, reject, errors naming the
//! valid values, `--orphans`), the marks of reviewed claims, `tally export --reviews` in
//! the gold format, `tally sources` and `sources grade`, and the estimate's grades and
//! `--min-grade`.

use super::{ok, run, seed_ledger, stderr};

fn jcs_id(db: &str) -> String {
    let out = ok(&[
        "claims",
        "--db",
        db,
        "--source",
        "joint chiefs",
        "--metric",
        "casualties",
        "--format",
        "jsonl",
    ]);
    let claim: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    claim["id"].to_string()
}

#[test]
fn issue_16_review_from_the_command_line() {
    let (dir, db) = seed_ledger();
    let id = jcs_id(&db);
    let bad = run(&[
        "review",
        "--db",
        &db,
        &id,
        "--set",
        "role=pilot",
        "--reason",
        "x",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("military, civilian, unspecified"),
        "{}",
        stderr(&bad)
    );
    let no_reason = run(&["review", "--db", &db, &id, "--reject"]);
    assert!(
        stderr(&no_reason).contains("reason"),
        "{}",
        stderr(&no_reason)
    );
    let both = run(&[
        "review",
        "--db",
        &db,
        &id,
        "--reject",
        "--confirm",
        "--reason",
        "x",
    ]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));

    let out = ok(&[
        "review",
        "--db",
        &db,
        &id,
        "--set",
        "actor=RUS",
        "--reason",
        "Russian losses",
        "--by",
        "ann",
    ]);
    assert!(out.contains("actor \"PRK\" → \"RUS\""), "{out}");
    assert!(out.contains("by ann"), "{out}");
    let table = ok(&["claims", "--db", &db, "--actor", "RUS"]);
    assert!(table.contains(&format!("#{id} [set: actor]")), "{table}");
    let csv = ok(&["claims", "--db", &db, "--actor", "RUS", "--format", "csv"]);
    assert!(
        csv.lines().next().unwrap().ends_with(",review,reviewed"),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",corrected,actor"),
        "{csv}"
    );
    let estimate = ok(&[
        "estimate",
        "--db",
        &db,
        "--actor",
        "PRK",
        "--metric",
        "casualties",
    ]);
    assert!(!estimate.contains("Joint Chiefs"), "{estimate}");

    let gold = dir.path().join("gold.jsonl");
    ok(&[
        "export",
        "--db",
        &db,
        "--reviews",
        "-o",
        gold.to_str().unwrap(),
    ]);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&gold).unwrap().trim()).unwrap();
    assert_eq!(line["doc"], "000_a9c692d039172afc.txt");
    assert_eq!(line["claims"][0]["actor"], "RUS");
    assert_eq!(line["claims"][0]["low"], 4000);

    ok(&[
        "review",
        "--db",
        &db,
        &id,
        "--reject",
        "--reason",
        "duplicate",
    ]);
    assert!(
        ok(&["claims", "--db", &db, "--actor", "RUS"])
            .trim()
            .lines()
            .count()
            <= 1
    );
    let orphans = run(&["review", "--db", &db, "--orphans"]);
    assert!(orphans.status.success());
    assert!(
        stderr(&orphans).contains("no orphan reviews"),
        "{}",
        stderr(&orphans)
    );
}

#[test]
fn issue_16_sources_and_grades_from_the_command_line() {
    let (_dir, db) = seed_ledger();
    let table = ok(&["sources", "--db", &db]);
    assert!(table.starts_with("SOURCE"), "{table}");
    assert!(table.contains("UK Ministry of Defence"), "{table}");
    let jsonl = ok(&["sources", "--db", &db, "--format", "jsonl"]);
    let uk: serde_json::Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|s| s["source"] == "UK Ministry of Defence")
        .unwrap();
    assert!(uk["grade"].is_null());
    assert!(uk["n_claims"].as_u64().unwrap() >= 3);
    assert!(ok(&["sources", "--db", &db, "--format", "csv"]).starts_with("source,grade,"));

    let typo = run(&[
        "sources",
        "grade",
        "--db",
        &db,
        "UK Ministry of Defense",
        "B",
        "--reason",
        "x",
    ]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        stderr(&typo).contains("did you mean UK Ministry of Defence"),
        "{}",
        stderr(&typo)
    );
    let bad = run(&[
        "sources",
        "grade",
        "--db",
        &db,
        "UK Ministry of Defence",
        "Q",
        "--reason",
        "x",
    ]);
    assert!(
        stderr(&bad).contains("F cannot be judged"),
        "{}",
        stderr(&bad)
    );

    let best = |db: &str| -> f64 {
        let out = ok(&[
            "estimate",
            "--db",
            db,
            "--actor",
            "PRK",
            "--metric",
            "casualties",
            "--format",
            "json",
        ]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["estimate"]["best"].as_f64().unwrap()
    };
    ok(&[
        "sources",
        "grade",
        "--db",
        &db,
        "UK Ministry of Defence",
        "A",
        "--reason",
        "good record",
    ]);
    assert_eq!(best(&db), 5000.0);
    let table = ok(&[
        "estimate",
        "--db",
        &db,
        "--actor",
        "PRK",
        "--metric",
        "casualties",
    ]);
    assert!(table.contains("GRADE"), "{table}");
    ok(&[
        "sources",
        "grade",
        "--db",
        &db,
        "UK Ministry of Defence",
        "E",
        "--reason",
        "test",
    ]);
    assert_eq!(best(&db), 4000.0);
    let min = ok(&[
        "estimate",
        "--db",
        &db,
        "--actor",
        "PRK",
        "--metric",
        "casualties",
        "--min-grade",
        "C",
    ]);
    assert!(min.contains("no figure"), "{min}");
}
