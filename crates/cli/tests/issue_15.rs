//! Issue 15: a ledger that heavy or hostile use cannot break. `export` and `chart` never
//! write over the ledger (not by its path, a symbolic link or a hard link) and never leave
//! a truncated file; two `tally ingest` runs on one SQLite ledger both store every
//! document; a FIFO in a directory is skipped with a warning, and one named is refused,
//! instead of hanging the run; the server's writes go through one bounded queue and none is
//! lost beside a CLI ingest; control characters from documents never reach the terminal
//! raw; bytes that are not UTF-8 keep the offsets of a text; a document id held by another
//! text is renamed and said so; date-times are read whole.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tally_store::{Ledger, SqliteLedger};

use super::ledger::ingest;
use super::{stderr, tally, write, REPORT};

/// A ledger holding REPORT, in a directory of its own.
fn ledger() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "report.txt", REPORT.as_bytes());
    let db = dir.path().join("t.db");
    let output = ingest(&db, &[&report], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, db)
}

/// The ledger still opens, is sound, and holds its one document and its claims.
fn assert_ledger_whole(db: &Path) {
    let ledger = SqliteLedger::open(db).unwrap();
    assert!(ledger.check().unwrap().is_empty());
    let counts = ledger.counts().unwrap();
    assert_eq!(counts.n_documents, 1);
    assert!(counts.n_claims >= 2, "{counts:?}");
}

fn export(db: &Path, format: &str, output: &Path, extra: &[&str]) -> Output {
    let mut command = tally();
    command
        .args(["export", "--db"])
        .arg(db)
        .args(["--format", format, "-o"])
        .arg(output)
        .args(extra);
    command.stdin(Stdio::null()).output().unwrap()
}

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `command`, killing it when it takes longer than `limit` (a run that hangs on a FIFO
/// fails the test instead of hanging it).
pub(super) fn output_within(mut command: Command, limit: Duration) -> Output {
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

mod no_write_over_the_ledger {
    use super::*;

    #[test]
    fn export_refuses_the_ledger_itself_and_names_both_paths() {
        let (dir, db) = ledger();
        for format in ["csv", "jsonl"] {
            let output = export(&db, format, &db, &[]);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{format}: {}",
                stderr(&output)
            );
            let message = stderr(&output);
            assert!(message.contains("is the ledger"), "{message}");
            assert_eq!(message.matches("t.db").count(), 2, "{message}");
            assert_ledger_whole(&db);
        }
        // A relative path to the same file, from the ledger's directory.
        let output = tally()
            .current_dir(dir.path())
            .args(["export", "--db", "t.db", "--format", "csv", "-o", "./t.db"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_ledger_whole(&db);
    }

    #[test]
    fn export_refuses_the_ledgers_write_ahead_log() {
        let (dir, db) = ledger();
        let wal = dir.path().join("t.db-wal");
        let output = export(&db, "csv", &wal, &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains("t.db-wal"), "{}", stderr(&output));
        assert_ledger_whole(&db);
    }

    #[cfg(unix)]
    #[test]
    fn export_refuses_a_symbolic_link_and_a_hard_link_to_the_ledger() {
        let (dir, db) = ledger();
        let symlink = dir.path().join("claims.csv");
        std::os::unix::fs::symlink(&db, &symlink).unwrap();
        let hard_link = dir.path().join("claims.jsonl");
        std::fs::hard_link(&db, &hard_link).unwrap();
        for (format, path) in [("csv", &symlink), ("jsonl", &hard_link)] {
            let output = export(&db, format, path, &[]);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{format}: {}",
                stderr(&output)
            );
            let message = stderr(&output);
            assert!(message.contains("is the ledger"), "{message}");
            assert!(
                message.contains(path.file_name().unwrap().to_str().unwrap()),
                "{message}"
            );
            assert_ledger_whole(&db);
        }
    }

    #[cfg(unix)]
    #[test]
    fn chart_refuses_a_symbolic_link_to_the_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed");
        let db = dir.path().join("seed.db");
        let output = ingest(&db, &[&seed], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let counts = SqliteLedger::open(&db).unwrap().counts().unwrap();
        let chart = dir.path().join("chart.svg");
        std::os::unix::fs::symlink(&db, &chart).unwrap();
        let output = tally()
            .args(["chart", "--db"])
            .arg(&db)
            .args(["--actor", "PRK", "--metric", "casualties", "-o"])
            .arg(&chart)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("is the ledger"),
            "{}",
            stderr(&output)
        );
        let ledger = SqliteLedger::open(&db).unwrap();
        assert!(ledger.check().unwrap().is_empty());
        assert_eq!(ledger.counts().unwrap(), counts);
    }

    #[test]
    fn a_failed_export_leaves_the_file_it_would_replace_whole() {
        let (dir, db) = ledger();
        let path = write(dir.path(), "claims.csv", b"what was there before\n");
        let before = names(dir.path());
        // An unbalanced quote is a full-text syntax error, found once the file is open.
        let output = export(&db, "csv", &path, &["--text", "\"kursk"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "what was there before\n"
        );
        assert_eq!(names(dir.path()), before, "no temporary file is left");
    }

    #[test]
    fn an_export_replaces_the_file_and_leaves_no_temporary_file() {
        let (dir, db) = ledger();
        let path = write(dir.path(), "claims.csv", b"old\n");
        let before = names(dir.path());
        let output = export(&db, "csv", &path, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("id,document,"), "{text}");
        assert_eq!(names(dir.path()), before);
    }
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

/// The server's writes go through one bounded queue: 40 documents posted 20 at a time while
/// a `tally ingest` writes the same SQLite ledger are all stored, and so are the CLI's; a
/// post the queue cannot take is answered 503 with `Retry-After` (and retried), never 500.
mod server_writes {
    use std::io::Read;
    use std::net::TcpStream;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tally_store::DocumentFilter;

    use super::super::serve::Serving;
    use super::*;

    const TOKEN: &str = "s3cret-15";

    /// One request; the whole answer (status line, headers, body).
    fn request(addr: &str, path: &str, body: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(300)))
            .unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    /// The seconds of a `Retry-After` header.
    fn retry_after(answer: &str) -> u64 {
        answer
            .lines()
            .find_map(|line| {
                line.to_ascii_lowercase()
                    .strip_prefix("retry-after:")
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_else(|| panic!("a 503 without Retry-After: {answer}"))
            .parse()
            .unwrap()
    }

    #[test]
    fn forty_posts_twenty_at_a_time_beside_a_cli_ingest_are_all_stored() {
        const N_POSTS: usize = 40;
        const N_PARALLEL: usize = 20;
        const N_CLI: usize = 300;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shared.db");
        let cli_input = dir.path().join("cli.jsonl");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&cli_input).unwrap());
        for doc_idx in 0..N_CLI {
            let line = serde_json::json!({
                "id": format!("cli-{doc_idx}"),
                "published": "2025-04-01",
                "text": format!("Over {} soldiers were killed near Kursk, the ministry said.", 1000 + doc_idx),
            });
            writeln!(out, "{line}").unwrap();
        }
        drop(out);
        let server = Serving::start(
            db.to_str().unwrap(),
            &["--token", TOKEN, "--max-ingesting", "2"],
        );
        let cli = tally()
            .arg("ingest")
            .arg("--db")
            .arg(&db)
            .args(["-q", "-j", "1", "--batch", "1"])
            .arg(&cli_input)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();

        let next = AtomicUsize::new(0);
        let n_refused = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..N_PARALLEL {
                scope.spawn(|| loop {
                    let post_idx = next.fetch_add(1, Ordering::SeqCst);
                    if post_idx >= N_POSTS {
                        return;
                    }
                    let text = format!(
                        "date 2025-04-02 Report {post_idx}\nAt least {} soldiers were wounded in Sumy, officials said. {}",
                        500 + post_idx,
                        "The shelling went on through the night, residents said. ".repeat(200)
                    );
                    let path = format!("/api/documents?name=post-{post_idx}.txt");
                    for attempt in 0.. {
                        assert!(attempt < 100, "post {post_idx} refused 100 times");
                        let answer = request(&server.addr, &path, &text);
                        if answer.starts_with("HTTP/1.1 201") {
                            break;
                        }
                        assert!(answer.starts_with("HTTP/1.1 503"), "post {post_idx}: {answer}");
                        n_refused.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_secs(retry_after(&answer)));
                    }
                });
            }
        });
        let output = cli.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        drop(server);

        let ledger = SqliteLedger::open(&db).unwrap();
        assert!(ledger.check().unwrap().is_empty());
        assert_eq!(ledger.counts().unwrap().n_documents, N_POSTS + N_CLI);
        for post_idx in 0..N_POSTS {
            let filter = DocumentFilter {
                doc: Some(format!("post-{post_idx}.txt")),
                ..DocumentFilter::default()
            };
            let found = ledger.documents(&filter).unwrap();
            assert_eq!(found.len(), 1, "post-{post_idx}.txt");
            assert!(
                found[0].n_claims >= 1,
                "post-{post_idx}.txt stored with its claims"
            );
        }
        eprintln!(
            "{} posts answered 503 and retried",
            n_refused.load(Ordering::SeqCst)
        );
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

/// Issue 15's small things: what reaches a terminal, bytes that are not UTF-8, ids held by
/// another text, date-times.
mod small_things {
    use super::*;

    /// The title, id and sentence of issue 15: an OSC sequence that retitles the window.
    const HOSTILE: &str = "\u{1b}]0;pwned\u{7}";

    fn run_on(db: &Path, args: &[&str]) -> Output {
        tally()
            .args(args)
            .arg("--db")
            .arg(db)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    #[test]
    fn control_characters_from_documents_are_escaped_in_docs_claims_explain_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let line = serde_json::json!({
            "id": format!("doc{HOSTILE}"),
            "title": format!("Title {HOSTILE}"),
            "published": "2025-04-01",
            "text": format!("Over 5,000 soldiers were killed {HOSTILE} near Kursk, the ministry said."),
        });
        let input = write(dir.path(), "hostile.jsonl", format!("{line}\n").as_bytes());
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&input], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let claims = run_on(&db, &["claims", "--format", "jsonl"]);
        let first: serde_json::Value =
            serde_json::from_slice(claims.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
        let claim_id = first["id"].as_i64().unwrap().to_string();
        for args in [
            vec!["docs"],
            vec!["claims"],
            vec!["explain", claim_id.as_str()],
            vec!["claims", "--format", "jsonl"],
        ] {
            let output = run_on(&db, &args);
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            let stdout = &output.stdout;
            assert!(
                !stdout.iter().any(|&b| b == 0x1b || b == 0x07),
                "{args:?}: a raw control character: {}",
                String::from_utf8_lossy(stdout)
            );
            let text = String::from_utf8_lossy(stdout);
            assert!(
                text.contains("\\x1b]0;pwned\\x07") || text.contains("\\u001b]0;pwned\\u0007"),
                "{args:?}: {text}"
            );
        }
        // An error naming an input with a control character in its name.
        let output = tally()
            .args(["claims", "--doc", "x", "--text"])
            .arg(format!("\"{HOSTILE}"))
            .arg("--db")
            .arg(&db)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            !output.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
            "{}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("pwned"), "{}", stderr(&output));
    }

    #[test]
    fn the_docs_table_is_aligned_on_ids_as_printed_with_their_controls_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let lines: String = [format!("doc{HOSTILE}"), "plain".to_string()]
            .iter()
            .map(|id| {
                let json = serde_json::json!({
                    "id": id, "published": "2025-04-01",
                    "text": format!("Over 5,000 soldiers were killed, {id} said."),
                });
                format!("{json}\n")
            })
            .collect();
        let input = write(dir.path(), "ids.jsonl", lines.as_bytes());
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&input], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let output = run_on(&db, &["docs"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout).unwrap();
        // Every row's second column (PUBLISHED, or the day) starts where the header's does.
        let column = |line: &str| line.find("PUBLISHED").or_else(|| line.find("2025-04-01"));
        let starts: Vec<Option<usize>> = text.lines().map(column).collect();
        assert_eq!(starts.len(), 3, "{text}");
        assert!(
            starts.iter().all(|s| s.is_some() && *s == starts[0]),
            "{text}"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_keep_the_offsets_of_the_file_and_are_named_in_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        // Latin-1 "é" (one byte, not UTF-8) eight times before the number, as in issue 15.
        let mut bytes = b"date 2025-04-01 Caf\xe9 report\n".to_vec();
        bytes.extend_from_slice(b"Les caf\xe9s \xe9\xe9\xe9\xe9\xe9\xe9 fermes. ");
        let offset = bytes.len();
        bytes.extend_from_slice(b"Over 5,000 soldiers were killed, the ministry said.\n");
        let input = write(dir.path(), "latin1.txt", &bytes);
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&input], &[]);
        assert!(
            output.status.success(),
            "a warning is no failure: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(message.contains("warning: "), "{message}");
        assert!(
            message.contains("latin1.txt: 8 bytes are not UTF-8"),
            "{message}"
        );
        let claims = run_on(&db, &["claims", "--format", "jsonl"]);
        let claim: serde_json::Value =
            serde_json::from_slice(claims.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
        let number = &claim["evidence"]["number"];
        let start = number[0]
            .as_u64()
            .or_else(|| number["start"].as_u64())
            .unwrap() as usize;
        assert_eq!(&bytes[start..start + 10], b"Over 5,000", "{claim}");
        assert_eq!(start, offset);
    }

    #[test]
    fn a_second_text_with_a_held_id_is_renamed_and_said_and_the_same_text_again_adds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let line = |text: &str| {
            let json = serde_json::json!({"id": "feed-1", "published": "2025-04-01", "text": text});
            format!("{json}\n")
        };
        let first = write(
            dir.path(),
            "first.jsonl",
            line("Over 5,000 soldiers were killed, the ministry said.").as_bytes(),
        );
        let edited = write(
            dir.path(),
            "edited.jsonl",
            line("Over 6,000 soldiers were killed, the ministry said.").as_bytes(),
        );
        let db = dir.path().join("t.db");
        assert!(ingest(&db, &[&first], &[]).status.success());
        let output = ingest(&db, &[&edited], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(r#"document id "feed-1" is held by another text in the ledger: stored as "feed-1~2""#),
            "{}",
            stderr(&output)
        );
        let again = ingest(&db, &[&edited, &first], &[]);
        assert!(again.status.success());
        assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 2 already present"));
        assert!(!stderr(&again).contains("stored as"), "{}", stderr(&again));
        let docs = run_on(&db, &["docs", "--format", "jsonl"]);
        let ids: Vec<String> = String::from_utf8_lossy(&docs.stdout)
            .lines()
            .map(|line| {
                serde_json::from_str::<serde_json::Value>(line).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(ids, ["feed-1", "feed-1~2"]);
        // Its claims name it by its new id.
        let claims = run_on(&db, &["claims", "--doc", "feed-1~2", "--format", "jsonl"]);
        let claim: serde_json::Value =
            serde_json::from_slice(claims.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert_eq!(claim["doc"], "feed-1~2");
    }

    #[test]
    fn a_date_time_out_of_range_is_refused_naming_the_field_and_the_format() {
        let dir = tempfile::tempdir().unwrap();
        let bad = "2025-01-01T25:99:99+99:00";
        let line = serde_json::json!({"id": "a", "published": bad, "text": REPORT});
        let input = write(dir.path(), "bad.jsonl", format!("{line}\n").as_bytes());
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&input], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains(&format!("published {bad:?} is not a date")),
            "{message}"
        );
        assert!(message.contains("RFC 3339"), "{message}");
        let output = ingest(&db, &[&input], &["--published", bad]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("YYYY-MM-DD"),
            "{}",
            stderr(&output)
        );
    }
}
