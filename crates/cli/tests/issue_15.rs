//! Issue 15: a ledger that heavy or hostile use cannot break. Two `tally ingest` runs on one
//! SQLite ledger both store every document.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use tally_store::{Ledger, SqliteLedger};

use super::{stderr, tally};

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
