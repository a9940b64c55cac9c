//! Integration tests of `tally-ingest` on real files in a temporary directory.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tally_core::Document;
use tally_ingest::{read_inputs, read_inputs_with, Error, Limits};

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn ids(items: &[Result<Document, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(doc) => doc.id.clone(),
            Err(error) => format!("error: {error}"),
        })
        .collect()
}

mod text_files {
    use super::*;

    #[test]
    fn a_text_file_is_one_document_with_its_exact_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = b" date 2025-04-01 Over 5,000 killed\nPublished: 01 Apr.\r\nOver 5,000.\n";
        let path = write(dir.path(), "000_x.txt", bytes);
        let docs: Vec<_> = read_inputs(&[path], Some(date("2020-01-01"))).collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "000_x.txt");
        assert_eq!(doc.text.as_bytes(), bytes);
        assert_eq!(doc.published, Some(date("2025-04-01")));
        assert_eq!(doc.title.as_deref(), Some("Over 5,000 killed"));
    }

    #[test]
    fn the_callers_date_fills_in_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "plain.txt", b"Some 300 people fled.");
        let docs: Vec<_> = read_inputs(&[path], Some(date("2024-06-01"))).collect();
        assert_eq!(
            docs[0].as_ref().unwrap().published,
            Some(date("2024-06-01"))
        );
    }

    #[test]
    fn a_binary_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        let docs: Vec<_> = read_inputs(std::slice::from_ref(&path), None).collect();
        let error = docs[0].as_ref().unwrap_err();
        assert!(matches!(error, Error::Binary { .. }), "{error}");
        assert_eq!(error.path(), path);
        assert!(error.to_string().contains("image.txt"));
    }

    #[test]
    fn invalid_utf8_does_not_stop_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "latin1.txt", b"Caf\xe9: 12 killed.\n");
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(docs[0].as_ref().unwrap().text, "Caf\u{fffd}: 12 killed.\n");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "big.txt", &[b'x'; 100]);
        let limits = Limits {
            max_document_bytes: 99,
            ..Limits::default()
        };
        let docs: Vec<_> = read_inputs_with(&[path], None, limits).collect();
        assert!(matches!(docs[0], Err(Error::TooLarge { limit: 99, .. })));
    }

    #[test]
    fn a_missing_path_is_an_error_and_the_next_still_comes() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.txt", b"ok");
        let missing = dir.path().join("missing.txt");
        let docs: Vec<_> = read_inputs(&[missing, good], None).collect();
        assert_eq!(docs.len(), 2);
        let error = docs[0].as_ref().unwrap_err();
        assert!(error.to_string().starts_with("cannot read "), "{error}");
        assert!(error.to_string().contains("missing.txt"), "{error}");
        assert_eq!(docs[1].as_ref().unwrap().id, "good.txt");
    }
}

mod jsonl_files {
    use super::*;

    const CORPUS: &str = concat!(
        r#"{"id": "a", "text": "Around 11,000 troops.", "published": "2025-04-28T03:37:19"}"#,
        "\n",
        r#"{"id": "b", "text": "broken"#,
        "\n",
        r#"{"text": "No id.", "title": "T"}"#,
        "\n",
    );

    #[test]
    fn plain_and_gzip_corpora_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let plain = write(dir.path(), "news.jsonl", CORPUS.as_bytes());
        let gz = write(dir.path(), "news.jsonl.gz", &gzip(CORPUS.as_bytes()));
        for path in [plain, gz] {
            let docs: Vec<_> = read_inputs(&[path], Some(date("2020-01-01"))).collect();
            let ids = ids(&docs);
            assert_eq!(ids.len(), 3, "{ids:?}");
            assert_eq!(ids[0], "a");
            assert!(ids[1].starts_with("error: "), "{ids:?}");
            assert!(ids[1].contains(":2: invalid document"), "{ids:?}");
            assert!(ids[2].ends_with(":3"), "{ids:?}");
            assert_eq!(
                docs[0].as_ref().unwrap().published,
                Some(date("2025-04-28"))
            );
            assert_eq!(
                docs[2].as_ref().unwrap().published,
                Some(date("2020-01-01"))
            );
            assert_eq!(docs[2].as_ref().unwrap().title.as_deref(), Some("T"));
        }
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = Vec::new();
        for line_idx in 0..1000 {
            bytes.extend_from_slice(
                format!(
                    "{{\"id\": \"{line_idx}\", \"text\": \"{}\"}}\n",
                    "x".repeat(1000)
                )
                .as_bytes(),
            );
        }
        let path = write(dir.path(), "bomb.jsonl.gz", &gzip(&bytes));
        let limits = Limits {
            max_decompressed_bytes: 100_000,
            ..Limits::default()
        };
        let docs: Vec<_> = read_inputs_with(&[path], None, limits).collect();
        let last = docs.last().unwrap().as_ref().unwrap_err();
        assert!(
            matches!(last, Error::Decompressed { limit: 100_000, .. }),
            "{last}"
        );
        assert!(docs.len() < 110, "{}", docs.len());
        assert!(docs[..docs.len() - 1].iter().all(Result::is_ok));
    }

    #[test]
    fn a_line_of_zeros_is_refused_without_holding_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "zeros.jsonl.gz", &gzip(&vec![0u8; 1 << 20]));
        let limits = Limits {
            max_line_bytes: 1 << 10,
            ..Limits::default()
        };
        let docs: Vec<_> = read_inputs_with(&[path], None, limits).collect();
        assert_eq!(docs.len(), 1);
        assert!(matches!(docs[0], Err(Error::LineTooLong { line: 1, .. })));
    }

    #[test]
    fn a_corrupt_gzip_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = gzip(CORPUS.as_bytes());
        bytes.truncate(bytes.len() / 2);
        let path = write(dir.path(), "cut.jsonl.gz", &bytes);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        let last = docs.last().unwrap().as_ref().unwrap_err();
        assert!(last.to_string().contains("cut.jsonl.gz"), "{last}");
    }

    #[test]
    fn a_binary_named_jsonl_is_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "x.jsonl", b"\0\x01\x02\n\0\n\0\n");
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(docs.len(), 1);
        assert!(matches!(docs[0], Err(Error::Binary { .. })));
    }
}

mod directories {
    use super::*;

    #[test]
    fn a_directory_is_read_recursively_in_sorted_order_known_kinds_only() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"b");
        write(dir.path(), "a.txt", b"a");
        write(dir.path(), "notes.md", b"skipped");
        write(dir.path(), ".hidden.txt", b"skipped");
        write(
            dir.path(),
            "sub/c.jsonl",
            b"{\"id\": \"c1\", \"text\": \"c\"}\n",
        );
        write(dir.path(), "sub/deeper/d.txt", b"d");
        write(
            dir.path(),
            "z.jsonl.gz",
            &gzip(b"{\"id\": \"z1\", \"text\": \"z\"}\n"),
        );
        let docs: Vec<_> = read_inputs(&[dir.path().to_path_buf()], None).collect();
        assert_eq!(ids(&docs), ["a.txt", "b.txt", "c1", "d.txt", "z1"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_ends() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "sub/a.txt", b"a");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let docs: Vec<_> = read_inputs(&[dir.path().to_path_buf()], None).collect();
        assert_eq!(ids(&docs), ["a.txt"]);
    }

    #[test]
    fn paths_keep_the_order_given() {
        let dir = tempfile::tempdir().unwrap();
        let b = write(dir.path(), "b.txt", b"b");
        let a = write(dir.path(), "a.txt", b"a");
        let docs: Vec<_> = read_inputs(&[b, a], None).collect();
        assert_eq!(ids(&docs), ["b.txt", "a.txt"]);
    }
}

mod streams {
    use super::*;

    #[test]
    fn a_stream_is_read_like_standard_input() {
        let input = std::io::Cursor::new(b"{\"id\": \"s\", \"text\": \"x\"}\n".to_vec());
        let docs: Vec<_> =
            tally_ingest::read_stream(input, "upload", None, Limits::default()).collect();
        assert_eq!(ids(&docs), ["s"]);
    }
}
