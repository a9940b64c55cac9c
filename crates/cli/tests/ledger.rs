//! `tally ingest` and the ledger commands, on temporary ledgers: nothing lost, nothing
//! twice (a run killed with SIGKILL, then run again), bad inputs that do not stop a run,
//! and the output of `claims`, `docs`, `explain`, `export` and `reextract`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tally_store::{ClaimFilter, DocumentFilter, Ledger, SqliteLedger};

use super::{run, stderr, tally, write, REPORT};

pub(super) fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `tally ingest --db DB PATH...`, quietly.
pub(super) fn ingest(db: &Path, paths: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut command = tally();
    command.arg("ingest").arg("--db").arg(db).args(extra);
    command.args(paths).stdin(Stdio::null()).output().unwrap()
}

/// `n` JSONL documents, each different, each with figures to extract.
fn corpus(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for doc_idx in 0..n {
        let text = format!(
            "Over {} North Korean soldiers were killed or wounded in Kursk, the UK Ministry of Defence \
             said on Thursday. Around {} troops were sent last year, officials said. {}",
            1000 + doc_idx,
            11_000 + 3 * doc_idx,
            "The fighting went on through the night along the front, residents said. ".repeat(20)
        );
        let line = serde_json::json!({
            "id": format!("gen-{doc_idx:05}"),
            "published": "2025-04-01",
            "title": format!("Report {doc_idx}"),
            "text": text,
        });
        writeln!(out, "{line}").unwrap();
    }
}

/// Claim count per document hash.
pub(super) fn claims_per_document(ledger: &dyn Ledger) -> BTreeMap<String, usize> {
    let documents = ledger.documents(&DocumentFilter::default()).unwrap();
    documents
        .into_iter()
        .map(|d| (d.hash.to_string(), d.n_claims))
        .collect()
}

/// Every claim as a comparable line (its id left out).
pub(super) fn claim_lines(ledger: &dyn Ledger) -> Vec<String> {
    let mut lines: Vec<String> = ledger
        .claims(&ClaimFilter::default())
        .unwrap()
        .into_iter()
        .map(|stored| {
            format!(
                "{} {}",
                stored.document_hash,
                serde_json::to_string(&stored.claim).unwrap()
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_run_killed_mid_way_leaves_whole_documents_and_a_rerun_completes_it() {
    const N_DOCS: usize = 4000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    corpus(&input, N_DOCS);

    // What a run that is not interrupted stores.
    let reference_db = dir.path().join("reference.db");
    let output = ingest(&reference_db, &[&input], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reference = SqliteLedger::open(&reference_db).unwrap();
    let expected = claims_per_document(&reference);
    assert_eq!(expected.len(), N_DOCS);
    assert!(expected.values().any(|&n| n > 0));

    // A run killed once some batches are committed.
    let db = dir.path().join("killed.db");
    let ledger = SqliteLedger::open(&db).unwrap();
    let mut child = tally()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .args(["--batch", "20", "-j", "1"])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while ledger.counts().unwrap().n_documents < 100 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "ingest stored nothing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    // Consistent: the file is sound, every claim has its document, and every stored
    // document has all of its claims.
    assert_eq!(ledger.check().unwrap(), Vec::<String>::new());
    let partial = claims_per_document(&ledger);
    assert!(partial.len() < N_DOCS, "the run was not interrupted");
    for (hash, n_claims) in &partial {
        assert_eq!(
            Some(n_claims),
            expected.get(hash),
            "document {hash} is half-written"
        );
    }

    // A rerun adds what is missing, and nothing twice. (The ledger is opened again after it:
    // a connection that was open across another process's writes may hold full-text index
    // pages that the integrity check then reports as corrupt.)
    drop(ledger);
    let output = ingest(&db, &[&input], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    let n_new = N_DOCS - partial.len();
    assert!(
        summary.contains(&format!(
            "{n_new} new, {} already present, 0 failed",
            partial.len()
        )),
        "{summary}"
    );
    let ledger = SqliteLedger::open(&db).unwrap();
    assert_eq!(claims_per_document(&ledger), expected);
    assert_eq!(claim_lines(&ledger), claim_lines(&reference));
    assert_eq!(ledger.check().unwrap(), Vec::<String>::new());
}

#[test]
fn ingesting_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "in/report.txt", REPORT.as_bytes());
    write(
        dir.path(),
        "in/other.txt",
        b"date 2025-04-02 Other\nAbout 300 people were displaced.\n",
    );
    let db = dir.path().join("t.db");
    let first = ingest(&db, &[report.parent().unwrap()], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("2 new, 0 already present, 0 failed"),
        "{}",
        stdout(&first)
    );
    let second = ingest(&db, &[report.parent().unwrap(), &report], &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("0 new, 3 already present, 0 failed; 0 claims added"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn bad_inputs_are_named_and_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", REPORT.as_bytes());
    let binary = write(
        dir.path(),
        "image.txt",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0],
    );
    let bad_jsonl = write(
        dir.path(),
        "bad.jsonl",
        b"{\"id\": \"a\", \"text\": \"About 300 people fled.\"}\n{not json\n",
    );
    let missing = dir.path().join("missing.txt");
    let db = dir.path().join("t.db");
    let output = ingest(&db, &[&missing, &binary, &bad_jsonl, &good], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = stderr(&output);
    for name in ["missing.txt", "image.txt", "bad.jsonl"] {
        assert!(errors.contains(name), "{name} not named in: {errors}");
    }
    assert!(
        stdout(&output).contains("2 new, 0 already present, 3 failed"),
        "{}",
        stdout(&output)
    );
    let ledger = SqliteLedger::open(&db).unwrap();
    assert_eq!(ledger.counts().unwrap().n_documents, 2);
}

#[test]
fn a_file_that_is_not_a_ledger_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = write(
        dir.path(),
        "notes.db",
        "not a database at all, only words\n".repeat(50).as_bytes(),
    );
    let output = run(&["claims", "--db", db.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("notes.db"), "{}", stderr(&output));
}

mod commands {
    use super::*;

    /// A ledger holding REPORT.
    fn ledger() -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let report = write(dir.path(), "report.txt", REPORT.as_bytes());
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&report], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let db = db.to_str().unwrap().to_string();
        (dir, db)
    }

    #[test]
    fn claims_as_jsonl_are_claims_with_ids() {
        let (_dir, db) = ledger();
        let output = run(&["claims", "--db", &db, "--format", "jsonl"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.lines().count() >= 2, "{text}");
        for line in text.lines() {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(json["id"].as_i64().is_some(), "{line}");
            assert_eq!(json["document"].as_str().unwrap().len(), 64);
            let claim: tally_core::Claim = serde_json::from_value(json).unwrap();
            assert_eq!(claim.doc, "report.txt");
            assert!(!claim.rules.is_empty());
        }
        let killed = run(&[
            "claims", "--db", &db, "--format", "jsonl", "--metric", "deployed",
        ]);
        assert!(stdout(&killed).lines().count() < text.lines().count());
        let none = run(&[
            "claims", "--db", &db, "--format", "jsonl", "--text", "zeppelin",
        ]);
        assert_eq!(stdout(&none), "");
    }

    #[test]
    fn claims_as_a_table_and_csv() {
        let (_dir, db) = ledger();
        let table = stdout(&run(&["claims", "--db", &db, "--width", "100"]));
        assert!(table.starts_with("VALUE"), "{table}");
        assert!(
            table.contains("── report.txt · 2025-04-01 · Troops sent"),
            "{table}"
        );
        assert!(table.contains("#1 “"), "{table}");
        let csv = stdout(&run(&["claims", "--db", &db, "--format", "csv"]));
        assert!(
            csv.starts_with("id,document,doc,title,url,published,kind,low,high,"),
            "{csv}"
        );
        assert!(
            csv.contains(",report.txt,Troops sent,,2025-04-01,"),
            "{csv}"
        );
        let docs = stdout(&run(&["docs", "--db", &db]));
        assert!(docs.contains("report.txt  2025-04-01"), "{docs}");
    }

    #[test]
    fn explain_shows_the_sentence_rules_and_dates() {
        let (_dir, db) = ledger();
        let output = run(&["explain", "--db", &db, "1"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        for part in [
            "claim 1 · report.txt",
            "[",
            "value",
            "source",
            "as of",
            "stated",
            "rules",
        ] {
            assert!(text.contains(part), "{part:?} missing in:\n{text}");
        }
        let missing = run(&["explain", "--db", &db, "999"]);
        assert_eq!(missing.status.code(), Some(1));
        assert!(
            stderr(&missing).contains("no claim 999"),
            "{}",
            stderr(&missing)
        );
    }

    #[test]
    fn export_writes_csv_and_jsonl_files() {
        let (dir, db) = ledger();
        let n_claims = stdout(&run(&["claims", "--db", &db, "--format", "jsonl"]))
            .lines()
            .count();
        for (format, n_header) in [("csv", 1), ("jsonl", 0)] {
            let path = dir.path().join(format!("claims.{format}"));
            let output = run(&[
                "export",
                "--db",
                &db,
                "--format",
                format,
                "-o",
                path.to_str().unwrap(),
            ]);
            assert!(output.status.success(), "{}", stderr(&output));
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(text.lines().count(), n_claims + n_header, "{format}");
        }
        let path = dir.path().join("claims.parquet");
        let output = run(&[
            "export",
            "--db",
            &db,
            "--format",
            "parquet",
            "-o",
            path.to_str().unwrap(),
        ]);
        if cfg!(feature = "parquet") {
            assert!(output.status.success(), "{}", stderr(&output));
            assert_eq!(&std::fs::read(&path).unwrap()[..4], b"PAR1");
        }
    }

    #[test]
    fn reextract_replaces_only_claims_of_other_grammars() {
        let (dir, db) = ledger();
        let before = stdout(&run(&["claims", "--db", &db, "--format", "jsonl"]));
        // A document whose claims an older grammar made: one stale claim.
        let text = "date 2025-04-02 Other\nAbout 300 people were displaced, officials said.\n";
        let mut stale = tally_core::Claim::new(
            "other.txt",
            tally_core::Kind::Count,
            tally_core::Value::point(1.0),
            tally_core::Metric::Other,
            tally_core::Evidence::new(
                text,
                tally_core::Span::new(0, 5),
                tally_core::Span::new(0, 4),
            ),
        );
        stale.grammar_version = "old".into();
        let mut old =
            tally_store::Extracted::new(tally_core::Document::new("other.txt", text), vec![stale]);
        old.grammar_version = "old".into();
        SqliteLedger::open(dir.path().join("t.db"))
            .unwrap()
            .add(&[old])
            .unwrap();

        let output = run(&["reextract", "--db", &db]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stdout(&output).starts_with("1 documents re-extracted"),
            "{}",
            stdout(&output)
        );
        assert!(
            stdout(&output).contains("1 claims superseded"),
            "{}",
            stdout(&output)
        );
        let other = stdout(&run(&[
            "claims",
            "--db",
            &db,
            "--format",
            "jsonl",
            "--doc",
            "other.txt",
        ]));
        assert!(!other.is_empty());
        for line in other.lines() {
            let claim: tally_core::Claim = serde_json::from_str(line).unwrap();
            assert_eq!(claim.grammar_version, tally_core::GRAMMAR_VERSION);
        }
        // The claims of the current grammar are kept as they were, ids included.
        let report = stdout(&run(&[
            "claims",
            "--db",
            &db,
            "--format",
            "jsonl",
            "--doc",
            "report.txt",
        ]));
        assert_eq!(report, before);
        let again = run(&["reextract", "--db", &db]);
        assert!(
            stdout(&again).starts_with("0 documents re-extracted"),
            "{}",
            stdout(&again)
        );
    }
}
