//! The ledger commands on PostgreSQL: the same output as on SQLite, and four `tally ingest`
//! processes at once on one database, with nothing lost and nothing twice.
//!
//! The server is `TALLY_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`);
//! each test works in a schema of its own, passed to `tally` in the URL
//! (`?options=-csearch_path%3D…`) and dropped at the end. An unreachable server skips
//! these tests with a message, and fails them when `CI` is set.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use tally_store::{Ledger, SqliteLedger};
use tally_testkit::Scratch;

use super::ledger::{claim_lines, claims_per_document, ingest, stdout};
use super::{run, stderr, tally, write, REPORT};

/// JSONL documents `range`, each with figures; the same index gives the same document.
fn corpus(path: &Path, range: std::ops::Range<usize>) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for doc_idx in range {
        let text = format!(
            "Over {} North Korean soldiers were killed or wounded in Kursk, the UK Ministry of Defence \
             said on Thursday. Around {} troops were sent last year, officials said. {}",
            1000 + doc_idx,
            11_000 + 3 * doc_idx,
            "The fighting went on through the night along the front, residents said. ".repeat(5)
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

#[test]
fn the_ledger_commands_print_the_same_on_postgres_as_on_sqlite() {
    let Some(scratch) = Scratch::new("cli") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "in/report.txt", REPORT.as_bytes());
    write(
        dir.path(),
        "in/other.txt",
        b"date 2025-04-02 Other\nAbout 300 people were displaced, officials said.\n",
    );
    let inputs = report.parent().unwrap();
    let sqlite = dir.path().join("t.db");
    let sqlite = sqlite.to_str().unwrap();
    for db in [sqlite, &scratch.url] {
        let first = ingest(Path::new(db), &[inputs], &[]);
        assert!(first.status.success(), "{}", stderr(&first));
        assert!(
            stdout(&first).contains("2 new, 0 already present, 0 failed"),
            "{}",
            stdout(&first)
        );
        let again = ingest(Path::new(db), &[inputs], &[]);
        assert!(
            stdout(&again).contains("0 new, 2 already present, 0 failed"),
            "{}",
            stdout(&again)
        );
    }
    let commands: [&[&str]; 8] = [
        &["claims", "--format", "jsonl"],
        &["claims", "--width", "100"],
        &[
            "claims",
            "--format",
            "csv",
            "--since",
            "2025-01-01",
            "--metric",
            "deployed",
        ],
        &[
            "claims",
            "--format",
            "jsonl",
            "--text",
            "soldier* OR displaced",
            "--limit",
            "3",
        ],
        &["docs"],
        &["docs", "--text", "troops"],
        &["explain", "1"],
        &["reextract"],
    ];
    for command in commands {
        let on = |db: &str| {
            let output = run(&[command, &["--db", db]].concat());
            assert!(output.status.success(), "{command:?}: {}", stderr(&output));
            stdout(&output).replace(db, "DB")
        };
        let (on_sqlite, on_postgres) = (on(sqlite), on(&scratch.url));
        // Seconds taken differ.
        let cut = |text: String| text.split(" (").next().unwrap_or_default().to_string();
        assert_eq!(cut(on_postgres), cut(on_sqlite), "{command:?}");
    }
    let path = dir.path().join("claims.csv");
    let output = run(&[
        "export",
        "--db",
        &scratch.url,
        "--format",
        "csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let n_claims = scratch.connect().counts().unwrap().n_claims;
    assert_eq!(
        std::fs::read_to_string(&path).unwrap().lines().count(),
        n_claims + 1
    );
    let refused = run(&["claims", "--db", &scratch.url, "--text", "\"unclosed"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("bad text query"),
        "{}",
        stderr(&refused)
    );
}

/// Issue 14: a read command on a database without a ledger says so and sets none up.
#[test]
fn a_read_command_creates_no_ledger_in_an_empty_schema() {
    let Some(mut scratch) = Scratch::new("cli") else {
        return;
    };
    for command in [&["claims"][..], &["docs"], &["series"]] {
        let output = run(&[command, &["--db", &scratch.url]].concat());
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert!(
            stderr(&output).contains("no ledger at postgres://")
                && stderr(&output).contains("(create one with `tally ingest`)"),
            "{command:?}: {}",
            stderr(&output)
        );
    }
    let n_tables: i64 = scratch
        .admin
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
            &[&scratch.schema],
        )
        .unwrap()
        .get(0);
    assert_eq!(n_tables, 0);
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "report.txt", REPORT.as_bytes());
    let output = ingest(Path::new(&scratch.url), &[&report], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(&["claims", "--db", &scratch.url]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn an_unreachable_server_is_an_error_naming_it_without_the_password() {
    let output = run(&["claims", "--db", "postgres://me:secret@127.0.0.1:1/nowhere"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("postgres://me:***@127.0.0.1:1/nowhere"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[test]
fn four_ingests_at_once_store_each_document_once_with_all_its_claims() {
    let Some(scratch) = Scratch::new("cli") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    corpus(&a, 0..1200);
    corpus(&b, 800..2000);

    // What one process stores in SQLite.
    let reference_db = dir.path().join("reference.db");
    let output = ingest(&reference_db, &[&a, &b], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reference = SqliteLedger::open(&reference_db).unwrap();
    assert_eq!(reference.counts().unwrap().n_documents, 2000);

    // The same inputs, overlapping and in different orders, by four processes at once;
    // small batches so that their transactions interleave.
    let runs: [Vec<&Path>; 4] = [vec![&a], vec![&b], vec![&a, &b], vec![&b, &a]];
    let children: Vec<_> = runs
        .iter()
        .map(|paths| {
            tally()
                .args([
                    "ingest",
                    "--quiet",
                    "--batch",
                    "40",
                    "-j",
                    "1",
                    "--db",
                    &scratch.url,
                ])
                .args(paths)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut n_new = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let message = stderr(&output);
        assert!(output.status.success(), "{message}");
        assert!(
            !message.contains("deadlock") && !message.contains("serializ"),
            "{message}"
        );
        let summary = stdout(&output);
        let new: usize = summary
            .split(": ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        n_new += new;
    }
    assert_eq!(n_new, 2000, "each document is new to exactly one process");
    let ledger: Box<dyn Ledger> = Box::new(scratch.connect());
    assert_eq!(
        claims_per_document(&ledger),
        claims_per_document(&reference)
    );
    assert_eq!(
        claim_lines(&ledger),
        claim_lines(&reference),
        "no claim lost or stored twice"
    );
}
