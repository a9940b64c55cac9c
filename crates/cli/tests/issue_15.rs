//! Issue 15: a ledger that heavy or hostile use cannot break. Two `tally ingest` runs on one
//! SQLite ledger both store every document; a FIFO in a directory is skipped with a
//! warning, and one named is refused, instead of hanging the run.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tally_store::{Ledger, SqliteLedger};

use super::{stderr, tally, write, REPORT};

/// Runs `command`, killing it when it takes longer than `limit` (a run that hangs on a FIFO
/// fails the test instead of hanging it).
fn output_within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!("still running after {limit:?}: {}", stderr(&output));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

mod no_lost_write {
    use super::*;

    /// `n` JSONL documents whose texts differ from those of any other `name`.
    fn corpus(path: &Path, name: &str, n: usize) {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        for doc_idx in 0..n {
            let line = serde_json::json!({
                "id": format!("{name}-{doc_idx}"),
                "published": "2025-04-01",
                "text": format!(
                    "Over {} soldiers were killed in {name}, the ministry said on Thursday.",
                    1000 + doc_idx
                ),
            });
            writeln!(out, "{line}").unwrap();
        }
    }

    #[test]
    fn two_ingests_at_once_on_one_sqlite_ledger_store_every_document() {
        const N_DOCS: usize = 400;
        let dir = tempfile::tempdir().unwrap();
        let inputs = ["east", "west"].map(|name| {
            let path = dir.path().join(format!("{name}.jsonl"));
            corpus(&path, name, N_DOCS);
            path
        });
        // Six rounds, each on a new ledger that both runs create at once; one document a
        // transaction, so the two writers meet often.
        for round in 0..6 {
            let db = dir.path().join(format!("round-{round}.db"));
            let children: Vec<_> = inputs
                .iter()
                .map(|input| {
                    tally()
                        .arg("ingest")
                        .arg("--db")
                        .arg(&db)
                        .args(["-q", "-j", "1", "--batch", "1"])
                        .arg(input)
                        .stdin(Stdio::null())
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect();
            for child in children {
                let output = child.wait_with_output().unwrap();
                assert!(
                    output.status.success(),
                    "round {round}: {}",
                    stderr(&output)
                );
            }
            let ledger = SqliteLedger::open(&db).unwrap();
            assert_eq!(ledger.counts().unwrap().n_documents, 2 * N_DOCS);
            assert!(ledger.check().unwrap().is_empty());
        }
    }
}

#[cfg(unix)]
mod only_regular_files {
    use super::*;

    fn mkfifo(path: &Path) {
        let status = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(status.success());
    }

    #[test]
    fn a_fifo_in_a_directory_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        write(&inputs, "report.txt", REPORT.as_bytes());
        mkfifo(&inputs.join("stuck.txt"));
        let db = dir.path().join("t.db");
        let mut command = tally();
        command.arg("ingest").arg("--db").arg(&db).arg(&inputs);
        let output = output_within(command, Duration::from_secs(60));
        let message = stderr(&output);
        assert!(output.status.success(), "{message}");
        assert!(message.contains("warning"), "{message}");
        assert!(message.contains("stuck.txt"), "{message}");
        assert!(message.contains("FIFO"), "{message}");
        let ledger = SqliteLedger::open(&db).unwrap();
        assert_eq!(ledger.counts().unwrap().n_documents, 1);

        let mut command = tally();
        command.args(["extract", "--format", "jsonl"]).arg(&inputs);
        let output = output_within(command, Duration::from_secs(60));
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stderr(&output).contains("stuck.txt"), "{}", stderr(&output));
    }

    #[test]
    fn a_fifo_named_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("stuck.jsonl");
        mkfifo(&fifo);
        let report = write(dir.path(), "report.txt", REPORT.as_bytes());
        let db = dir.path().join("t.db");
        let mut command = tally();
        command
            .arg("ingest")
            .arg("--db")
            .arg(&db)
            .arg(&fifo)
            .arg(&report);
        let output = output_within(command, Duration::from_secs(60));
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(message.contains("stuck.jsonl"), "{message}");
        assert!(message.contains("FIFO"), "{message}");
        let ledger = SqliteLedger::open(&db).unwrap();
        assert_eq!(
            ledger.counts().unwrap().n_documents,
            1,
            "the rest is ingested"
        );
    }
}
