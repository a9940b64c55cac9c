//! Issue 14, part 4: clear at the edges. Read commands never create a ledger; a directory or
//! an unreachable server as `--db` is said once; a bad date names its format, an unknown
//! metric or role lists the valid ones, an actor that matches nothing is said; the help
//! lists every input kind; exports name each claim's document; `-j` is capped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use super::issue_15::output_within;
use super::ledger::{ingest, stdout};
use super::{run, stderr, tally, write, REPORT};

/// A ledger holding REPORT, in a directory of its own.
fn ledger() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "report.txt", REPORT.as_bytes());
    let db = dir.path().join("t.db");
    let output = ingest(&db, &[&report], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, db.to_str().unwrap().to_string())
}

/// The ledger's file and the files SQLite keeps beside it, those that exist.
fn ledger_files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter(|path| path.exists())
        .collect()
}

mod no_ledger {
    use super::*;

    #[test]
    fn read_commands_say_there_is_no_ledger_and_create_none() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("missing.db");
        let db_arg = db.to_str().unwrap();
        let svg = dir.path().join("chart.svg");
        let csv = dir.path().join("claims.csv");
        let series = ["--actor", "PRK", "--metric", "casualties"];
        let commands: Vec<Vec<&str>> = vec![
            vec!["claims"],
            vec!["docs"],
            vec!["series"],
            [&["estimate"][..], &series].concat(),
            [&["timeline"][..], &series].concat(),
            [&["chart"][..], &series, &["-o", svg.to_str().unwrap()]].concat(),
            vec!["incidents"],
            vec!["explain", "1"],
            vec!["export", "--format", "csv", "-o", csv.to_str().unwrap()],
            vec!["reextract"],
            vec!["serve", "--addr", "127.0.0.1:0"],
        ];
        let expected = format!("no ledger at {db_arg} (create one with `tally ingest`)");
        for args in commands {
            let mut command = tally();
            command
                .args(&args)
                .args(["--db", db_arg])
                .env_remove("TALLY_TOKEN");
            // A `serve` that found a ledger would run until killed: a time limit fails it.
            let output = output_within(command, Duration::from_secs(20));
            assert_eq!(
                output.status.code(),
                Some(1),
                "{args:?}: {}",
                stderr(&output)
            );
            assert!(
                stderr(&output).contains(&expected),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_eq!(ledger_files(&db), Vec::<PathBuf>::new(), "{args:?}");
        }
        assert!(!svg.exists() && !csv.exists());
    }

    #[test]
    fn a_server_that_takes_writes_may_start_on_no_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.db");
        let mut command = tally();
        command
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--token",
                "s3cret",
                "--db",
            ])
            .arg(&db)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stderr.take().unwrap()),
            &mut line,
        )
        .unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(line.contains("http://127.0.0.1:"), "{line}");
    }

    #[test]
    fn ingest_of_only_missing_files_leaves_no_ledger_behind() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let missing = dir.path().join("missing.txt");
        let output = ingest(&db, &[&missing], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("missing.txt"),
            "{}",
            stderr(&output)
        );
        assert_eq!(ledger_files(&db), Vec::<PathBuf>::new());
        // The next read command finds no ledger, not an empty one.
        let output = run(&["claims", "--db", db.to_str().unwrap()]);
        assert!(
            stderr(&output).contains("no ledger at"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn ingest_of_only_missing_files_keeps_a_ledger_that_was_there() {
        let (dir, db) = ledger();
        let missing = dir.path().join("missing.txt");
        let output = ingest(Path::new(&db), &[&missing], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let output = run(&["claims", "--db", &db, "--format", "jsonl"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(!stdout(&output).is_empty());
    }
}

mod ledger_errors {
    use super::*;

    #[test]
    fn a_directory_as_the_ledger_is_said_once() {
        let dir = tempfile::tempdir().unwrap();
        let report = write(dir.path(), "report.txt", REPORT.as_bytes());
        let db = dir.path().to_str().unwrap();
        for args in [
            vec!["claims", "--db", db],
            vec!["ingest", "--db", db, report.to_str().unwrap()],
        ] {
            let output = run(&args);
            let stderr = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.contains(&format!("the ledger {db} is a directory")),
                "{stderr}"
            );
            assert_eq!(
                stderr.matches(db).count(),
                2,
                "the directory, then a file in it: {stderr}"
            );
            assert!(!stderr.contains("Error code"), "{stderr}");
        }
    }

    #[test]
    fn an_unreachable_postgres_server_is_said_once() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let url = "postgres://tally@127.0.0.1:1/tally";
        let output = run(&["claims", "--db", url]);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.matches("127.0.0.1:1").count(), 1, "{stderr}");
        assert_eq!(
            stderr.matches("error connecting to server").count(),
            1,
            "{stderr}"
        );
        assert!(stderr.contains("refused"), "{stderr}");
    }

    /// The test server's URL with another database name: PostgreSQL answers that it does not
    /// exist. Skipped outside CI when the server is unreachable, as in `postgres.rs`.
    #[test]
    fn a_missing_postgres_database_is_said_once() {
        let server = std::env::var("TALLY_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        if let Err(error) = postgres::Client::connect(&server, postgres::NoTls) {
            if std::env::var_os("CI").is_some() {
                panic!("PostgreSQL at {server} is unreachable and CI is set: {error}");
            }
            eprintln!(
                "skipped: PostgreSQL at {server} is unreachable ({error}); set TALLY_TEST_POSTGRES"
            );
            return;
        }
        let base = server.split('?').next().unwrap();
        let url = format!(
            "{}/tally_no_such_database",
            &base[..base.rfind('/').unwrap()]
        );
        let output = run(&["claims", "--db", &url]);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("database \"tally_no_such_database\" does not exist"),
            "{stderr}"
        );
        assert_eq!(
            stderr
                .matches("tally_no_such_database\" does not exist")
                .count(),
            1,
            "{stderr}"
        );
        assert!(!stderr.contains("db error"), "{stderr}");
    }
}

mod arguments {
    use super::*;

    #[test]
    fn a_bad_date_names_the_format() {
        for args in [
            &["claims", "--since", "31/03/2025"][..],
            &["extract", "--published", "31/03/2025", "x.txt"],
            &["ingest", "--published", "31/03/2025", "x.txt"],
            &[
                "estimate",
                "--actor",
                "PRK",
                "--metric",
                "killed",
                "--at",
                "31/03/2025",
            ],
            &["incidents", "--until", "31/03/2025"],
        ] {
            let output = run(args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&output).contains("31/03/2025 is not a day: use YYYY-MM-DD"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }

    #[test]
    fn an_unknown_metric_or_role_lists_the_valid_ones() {
        let output = run(&["claims", "--metric", "kiled"]);
        assert_eq!(output.status.code(), Some(2));
        let stderr_text = stderr(&output);
        for metric in ["killed", "wounded", "deployed", "equipment_lost", "other"] {
            assert!(stderr_text.contains(metric), "{stderr_text}");
        }
        let output = run(&[
            "estimate", "--actor", "PRK", "--metric", "killed", "--role", "soldier",
        ]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("(one of military, civilian, unspecified)"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn an_actor_that_matches_nothing_is_said_on_standard_error() {
        let (dir, db) = ledger();
        let csv = dir.path().join("claims.csv");
        for args in [
            vec!["claims", "--format", "table"],
            vec!["claims", "--format", "jsonl"],
            vec!["claims", "--format", "csv"],
            vec!["export", "--format", "csv", "-o", csv.to_str().unwrap()],
            vec!["incidents"],
        ] {
            let output = run(&[&args[..], &["--db", &db, "--actor", "XYZ"]].concat());
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            assert!(
                stderr(&output).contains("no claims of actor \"XYZ\""),
                "{args:?}: {}",
                stderr(&output)
            );
        }
        // An actor the ledger knows, with other filters that leave nothing, is not said to
        // match nothing.
        let output = run(&["claims", "--db", &db, "--format", "jsonl"]);
        let first: serde_json::Value =
            serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
        if let Some(actor) = first["actor"].as_str() {
            let output = run(&["claims", "--db", &db, "--actor", actor, "--text", "zzzqqq"]);
            assert!(
                !stderr(&output).contains("no claims of actor"),
                "{}",
                stderr(&output)
            );
        }
    }

    #[test]
    fn a_thread_count_beyond_four_per_core_is_capped_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let report = write(dir.path(), "report.txt", REPORT.as_bytes());
        let output = run(&[
            "extract",
            "-j",
            "100000",
            "--format",
            "jsonl",
            report.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("-j 100000 is more than 4 threads per core: using "),
            "{}",
            stderr(&output)
        );
        let output = run(&[
            "extract",
            "-j",
            "1",
            "--format",
            "jsonl",
            report.to_str().unwrap(),
        ]);
        assert!(
            !stderr(&output).contains("threads per core"),
            "{}",
            stderr(&output)
        );
    }
}

mod help {
    use super::*;

    #[test]
    fn extract_and_ingest_help_list_every_input_kind() {
        for command in ["extract", "ingest"] {
            let output = run(&[command, "--help"]);
            assert!(output.status.success());
            let help = String::from_utf8_lossy(&output.stdout);
            for kind in [
                "HTML",
                "RSS/Atom",
                "WARC",
                "gzip",
                "JSONL",
                ".txt",
                ".warc.gz",
                ".html.gz",
                ".jsonl.gz",
            ] {
                assert!(help.contains(kind), "{command} --help lacks {kind}: {help}");
            }
        }
    }
}

mod output {
    use super::*;

    #[test]
    fn actor_codes_print_in_upper_case_everywhere() {
        let (dir, db) = ledger();
        // "Hamas" is a slug (`hamas`) in the claim, "North Korean" a code (`PRK`).
        let actors = write(
            dir.path(),
            "actors.txt",
            b"date 2025-04-01 Actors\nHamas said 30 fighters were killed in Gaza. Over 5,000 \
              North Korean soldiers were killed or wounded, the ministry said.\n",
        );
        let output = ingest(Path::new(&db), &[&actors], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let output = run(&["claims", "--db", &db, "--format", "jsonl"]);
        let n_with_actor = stdout(&output)
            .lines()
            .filter(|line| line.contains("\"actor\":\""))
            .count();
        assert!(
            n_with_actor > 0,
            "no claim names an actor: {}",
            stdout(&output)
        );
        let table = stdout(&run(&["claims", "--db", &db, "--width", "200"]));
        let series = stdout(&run(&["series", "--db", &db]));
        for line in stdout(&output).lines() {
            let claim: serde_json::Value = serde_json::from_str(line).unwrap();
            let Some(actor) = claim["actor"].as_str() else {
                continue;
            };
            let code = actor.to_ascii_uppercase();
            assert!(table.contains(&format!("{code} ")), "{code}: {table}");
            assert!(series.contains(&format!("{code} ")), "{code}: {series}");
            let id = claim["id"].to_string();
            let explained = stdout(&run(&["explain", "--db", &db, &id]));
            assert!(
                explained.contains(&format!("{code} (")),
                "{code}: {explained}"
            );
            if actor != code {
                assert!(!table.contains(&format!("{actor} ")), "{actor}: {table}");
            }
        }
    }

    /// A ledger of one JSONL document with a title, a URL and a publication day.
    fn titled_ledger() -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let line = serde_json::json!({
            "id": "a1",
            "title": "Troops, sent",
            "url": "https://example.org/a1",
            "published": "2025-04-01",
            "text": REPORT,
        });
        let corpus = write(dir.path(), "news.jsonl", format!("{line}\n").as_bytes());
        let db = dir.path().join("t.db");
        let output = ingest(&db, &[&corpus], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        (dir, db.to_str().unwrap().to_string())
    }

    fn export(db: &str, format: &str, path: &Path) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tally"));
        command
            .args(["export", "--db", db, "--format", format, "-o"])
            .arg(path)
            .stdin(Stdio::null());
        command.output().unwrap()
    }

    #[test]
    fn exports_carry_the_title_url_and_publication_day_of_each_claim() {
        let (dir, db) = titled_ledger();
        let csv = dir.path().join("claims.csv");
        let output = export(&db, "csv", &csv);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut lines = text.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("id,document,doc,title,url,published,"),
            "{text}"
        );
        let rows: Vec<&str> = lines.collect();
        assert!(!rows.is_empty(), "{text}");
        for row in rows {
            assert!(
                row.contains(",a1,\"Troops, sent\",https://example.org/a1,2025-04-01,"),
                "{row}"
            );
        }

        let jsonl = dir.path().join("claims.jsonl");
        let output = export(&db, "jsonl", &jsonl);
        assert!(output.status.success(), "{}", stderr(&output));
        for line in std::fs::read_to_string(&jsonl).unwrap().lines() {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(json["title"], "Troops, sent", "{line}");
            assert_eq!(json["url"], "https://example.org/a1", "{line}");
            assert_eq!(json["published"], "2025-04-01", "{line}");
        }

        let parquet = dir.path().join("claims.parquet");
        let output = export(&db, "parquet", &parquet);
        if cfg!(feature = "parquet") {
            assert!(output.status.success(), "{}", stderr(&output));
        }
    }
}
