//! Integration tests of the `tally` binary on temporary files.
//!
//! The grammar behind `tally extract` grows over time, so these tests check the shape of
//! the output (every JSONL line is a claim), the exit codes and the error messages, not
//! how many claims a text gives.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tally() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tally"));
    command.env_remove("COLUMNS");
    command
}

fn run(args: &[&str]) -> Output {
    tally().args(args).stdin(Stdio::null()).output().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The standard output of `tally ARGS`, which must succeed.
fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// A temporary ledger holding only the seed article: the directory that keeps it, and its
/// path.
fn seed_ledger() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seed.db").to_str().unwrap().to_string();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed");
    let output = run(&["ingest", "--db", &db, seed.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, db)
}

const REPORT: &str = "date 2025-04-01 Troops sent\nOver 5,000 soldiers were killed or wounded, \
                      the ministry said on Thursday. Around 11,000 troops were sent last year.\n";

/// Each line of JSONL output is a claim (or, with `--times`, a time expression).
fn assert_jsonl_shape(stdout: &[u8]) -> usize {
    let text = std::str::from_utf8(stdout).unwrap();
    for line in text.lines() {
        let json: serde_json::Value = serde_json::from_str(line).unwrap();
        if json["type"] == "time" {
            let _: tally_core::TimeExpression = serde_json::from_value(json).unwrap();
        } else {
            let claim: tally_core::Claim = serde_json::from_value(json).unwrap();
            assert!(!claim.rules.is_empty(), "a claim names its rules: {line}");
        }
    }
    text.lines().count()
}

mod extract {
    use super::*;

    #[test]
    fn jsonl_lines_are_claims() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "report.txt", REPORT.as_bytes());
        let output = run(&[
            "extract",
            "--format",
            "jsonl",
            "--times",
            path.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_jsonl_shape(&output.stdout);
        for line in String::from_utf8(output.stdout).unwrap().lines() {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(json["doc"], "report.txt");
        }
    }

    #[test]
    fn the_table_has_a_header_and_a_summary() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "report.txt", REPORT.as_bytes());
        let output = run(&["extract", path.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("VALUE"), "{stdout}");
        assert!(
            stderr(&output).contains("1 documents, "),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn a_bad_input_is_named_and_the_rest_still_processed() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.txt", REPORT.as_bytes());
        let binary = write(dir.path(), "photo.txt", b"\xff\xd8\xff\xe0\0\x10JFIF\0");
        let corpus = write(
            dir.path(),
            "news.jsonl",
            format!("{{\"id\": \"a\", \"text\": {REPORT:?}}}\n{{oops\n{{\"text\": \"b\"}}\n")
                .as_bytes(),
        );
        let missing = dir.path().join("missing.txt");
        let output = run(&[
            "extract",
            "--format",
            "table",
            missing.to_str().unwrap(),
            binary.to_str().unwrap(),
            corpus.to_str().unwrap(),
            good.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let stderr = stderr(&output);
        assert!(stderr.contains("missing.txt"), "{stderr}");
        assert!(stderr.contains("photo.txt is binary"), "{stderr}");
        assert!(stderr.contains("news.jsonl:2:"), "{stderr}");
        assert!(stderr.contains("3 documents, "), "{stderr}");
        assert!(stderr.contains("3 inputs failed"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    #[test]
    fn a_directory_and_a_gzip_corpus() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/report.txt", REPORT.as_bytes());
        write(dir.path(), "a/skip.md", b"not read");
        let line = format!(
            "{{\"id\": \"z\", \"text\": {REPORT:?}, \"published\": \"2025-04-01T10:00:00Z\"}}\n"
        );
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(line.as_bytes()).unwrap();
        write(dir.path(), "b/news.jsonl.gz", &encoder.finish().unwrap());
        let output = run(&["extract", dir.path().to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).starts_with("2 documents, "),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn standard_input_as_text_and_as_jsonl() {
        for (input, doc) in [
            (REPORT.to_string(), "-"),
            (
                format!("\n{{\"id\": \"s1\", \"text\": {REPORT:?}}}\n"),
                "s1",
            ),
        ] {
            let mut child = tally()
                .args([
                    "extract",
                    "--format",
                    "jsonl",
                    "--published",
                    "2025-04-01",
                    "-",
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
            assert_jsonl_shape(&output.stdout);
            for line in String::from_utf8(output.stdout).unwrap().lines() {
                let json: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(json["doc"], doc);
            }
        }
    }

    #[test]
    fn a_closed_pipe_is_success() {
        let dir = tempfile::tempdir().unwrap();
        let mut corpus = String::new();
        for doc_idx in 0..2000 {
            corpus.push_str(&format!(
                "{{\"id\": \"d{doc_idx}\", \"text\": {REPORT:?}}}\n"
            ));
        }
        let path = write(dir.path(), "many.jsonl", corpus.as_bytes());
        for format in ["table", "jsonl"] {
            let mut child = tally()
                .args([
                    "extract",
                    "--format",
                    format,
                    "--times",
                    path.to_str().unwrap(),
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // Close our end before tally writes, as `| head -c 0` would: the table's header
            // then meets a closed pipe whatever the grammar finds.
            drop(child.stdout.take());
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{format}: {}", stderr(&output));
            assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
        }
    }

    #[test]
    fn the_same_input_gives_the_same_output_on_any_number_of_threads() {
        let dir = tempfile::tempdir().unwrap();
        for doc_idx in 0..50 {
            write(
                dir.path(),
                &format!("{doc_idx:03}.txt"),
                REPORT
                    .replace("5,000", &format!("{},000", doc_idx + 1))
                    .as_bytes(),
            );
        }
        let dir = dir.path().to_str().unwrap();
        let one = run(&["extract", "-j", "1", "--format", "jsonl", dir]);
        let two = run(&["extract", "-j", "2", "--format", "jsonl", dir]);
        assert!(one.status.success() && two.status.success());
        assert_eq!(one.stdout, two.stdout);
    }
}

mod eval_victims {
    use super::*;

    #[test]
    fn counts_are_scored_and_bad_lines_named() {
        let dir = tempfile::tempdir().unwrap();
        let lines = concat!(
            r#"{"id": "w1", "text": "At least 13 people were killed and 14 others wounded when a bomber struck.", "deaths": 13, "injured": 14, "start": [2016, 1, 17]}"#,
            "\n",
            r#"{"id": "w2", "text": "Police said two men were wounded.", "deaths": 1, "injured": null, "start": [2016, 1, 18]}"#,
            "\n",
            "not json\n",
        );
        let path = write(dir.path(), "wad.jsonl", lines.as_bytes());
        let output = run(&["eval-victims", "--verbose", path.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "a bad line makes the exit code 1"
        );
        assert!(
            stderr(&output).contains("wad.jsonl: line 3:"),
            "{}",
            stderr(&output)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        // The one death of w2 is not written in its text: scored, not listed.
        assert!(!stdout.contains("w2  killed"), "{stdout}");
        let row = stdout.lines().find(|l| l.starts_with("wad.jsonl")).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        // Two records, killed right in one; written in one, right there; wounded coded once.
        assert_eq!(
            cells[1..10],
            ["2", "0.500", "(2)", "1.000", "(1)", "1.000", "(1)", "1.000", "(1)"],
            "{row}"
        );
    }
}

mod usage {
    use super::*;

    #[test]
    fn usage_errors_exit_with_2() {
        for args in [
            &["extract"][..],
            &["extract", "--format", "xml", "x.txt"],
            &["extract", "--published", "yesterday", "x.txt"],
            &["frobnicate"],
        ] {
            let output = run(args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }

    #[test]
    fn help_succeeds() {
        let output = run(&["extract", "--help"]);
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).contains("--published"));
    }
}

mod issue_14;
mod issue_15;
mod issue_16;
mod issue_16_asof;
mod issue_17;
mod ledger;
mod postgres;
mod quality;
mod reconcile;
mod serve;
