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
    fn invalid_utf8_does_not_stop_reading_and_keeps_the_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "latin1.txt", b"Caf\xe9: 12 killed.\n");
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        let warning = docs[0].as_ref().unwrap_err();
        assert!(warning.is_warning(), "{warning}");
        assert!(warning
            .to_string()
            .contains("latin1.txt: 1 bytes are not UTF-8 (the first at byte 3)"));
        assert_eq!(docs[1].as_ref().unwrap().text, "Caf?: 12 killed.\n");
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

    /// Issue 15: opening a FIFO waits for a writer that never comes.
    #[cfg(unix)]
    #[test]
    fn a_fifo_in_a_directory_is_skipped_with_a_warning_and_a_named_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"a");
        let fifo = dir.path().join("b.jsonl");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let docs: Vec<_> = read_inputs(&[dir.path().to_path_buf()], None).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].as_ref().unwrap().id, "a.txt");
        let warning = docs[1].as_ref().unwrap_err();
        assert!(warning.is_warning(), "{warning}");
        assert_eq!(warning.path(), fifo);
        assert!(warning.to_string().contains("FIFO"), "{warning}");

        let docs: Vec<_> = read_inputs(std::slice::from_ref(&fifo), None).collect();
        let error = docs[0].as_ref().unwrap_err();
        assert!(!error.is_warning(), "{error}");
        assert!(error.to_string().contains("b.jsonl is a FIFO"), "{error}");
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

    #[test]
    fn a_stream_of_a_known_kind_is_read_as_a_file_of_that_kind() {
        use tally_ingest::{read_stream_as, FileKind};
        let read = |bytes: Vec<u8>, kind| -> Vec<_> {
            read_stream_as(
                std::io::Cursor::new(bytes),
                "upload",
                kind,
                Some(date("2025-04-01")),
                Limits::default(),
            )
            .collect()
        };
        let jsonl = b"{\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"y\"}\n".to_vec();
        assert_eq!(
            ids(&read(gzip(&jsonl), FileKind::JsonlGz)),
            ["a", "upload:2"]
        );
        let archive = warc_response("7", &news_page("<title>Seven</title>"));
        let docs = read(gzip(&archive), FileKind::WarcGz);
        assert_eq!(ids(&docs), ["urn:uuid:7"]);
        // What a file name would make text is read as the kind given: a page, not its tags.
        let page = news_page("<title>Page</title>").into_bytes();
        let docs = read(page, FileKind::Html);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.title.as_deref(), Some("Page"));
        assert_eq!(doc.published, Some(date("2025-04-01")), "the caller's date");
        // An .xml stream is read as a feed even when it is not one, as a file named on the
        // command line is: the error names the stream.
        let docs = read(b"<note>hi</note>".to_vec(), FileKind::Xml);
        let error = docs[0].as_ref().unwrap_err().to_string();
        assert!(
            error.starts_with("upload: not a valid RSS or Atom feed"),
            "{error}"
        );
        // Gzip that is not gzip is an error naming the stream, never a panic.
        let docs = read(b"not gzip at all".to_vec(), FileKind::JsonlGz);
        let error = docs[0].as_ref().unwrap_err().to_string();
        assert!(error.contains("upload"), "{error}");
    }
}

/// A news page with boilerplate around three paragraphs, in the given `<head>`.
fn news_page(head: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head>{head}</head><body>\
         <nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a> | <a href=\"/sport\">Sport</a></nav>\
         <div class=\"story\"><h1>Front line</h1>\
         <p>Over 5,000 soldiers were killed or wounded in the fighting near the river, officials said on Tuesday.</p>\n\
         <p>The figure could not be independently verified, and both sides have disputed earlier counts of the dead.</p>\n\
         <p>Aid groups said thousands of families had fled the area since the start of the month.</p></div>\
         <footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"
    )
}

mod html_pages {
    use super::*;

    const HEAD: &str = r#"<meta charset="utf-8"><title>Front line | Example News</title>
        <link rel="canonical" href="https://www.example.com/world/front-line">
        <meta property="og:site_name" content="Example News">
        <meta property="article:published_time" content="2025-04-01T09:00:00+01:00">"#;

    #[test]
    fn a_page_gives_its_main_text_and_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "front-line.html", news_page(HEAD).as_bytes());
        let docs: Vec<_> = read_inputs(&[path], Some(date("2020-01-01"))).collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "front-line.html");
        let lines: Vec<_> = doc.text.lines().collect();
        assert_eq!(lines.len(), 4, "{}", doc.text);
        assert_eq!(lines[0], "Front line");
        assert!(lines[1].starts_with("Over 5,000 soldiers"));
        assert!(!doc.text.contains("Copyright") && !doc.text.contains("Sport"));
        assert_eq!(doc.title.as_deref(), Some("Front line | Example News"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://www.example.com/world/front-line")
        );
        assert_eq!(doc.publisher.as_deref(), Some("Example News"));
        assert_eq!(doc.lang.as_deref(), Some("en"));
        assert_eq!(doc.published, Some(date("2025-04-01")));
    }

    #[test]
    fn gzip_pages_read_the_same_and_the_callers_date_fills_in() {
        let dir = tempfile::tempdir().unwrap();
        let html = news_page("<title>T</title>");
        let plain = write(dir.path(), "a.htm", html.as_bytes());
        let gz = write(dir.path(), "a.html.gz", &gzip(html.as_bytes()));
        let docs: Vec<_> = read_inputs(&[plain, gz], Some(date("2024-06-01"))).collect();
        let (a, b) = (docs[0].as_ref().unwrap(), docs[1].as_ref().unwrap());
        assert_eq!(a.text, b.text);
        assert_eq!(b.id, "a.html.gz");
        assert_eq!(a.published, Some(date("2024-06-01")));
    }

    #[test]
    fn legacy_encodings_are_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let html = news_page(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">"#,
        )
        .replace("families", "fam\u{ed}lias \u{2013} caf\u{e9}");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
        let path = write(dir.path(), "cp1252.html", &bytes);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        let doc = docs[0].as_ref().unwrap();
        assert!(
            doc.text.contains("fam\u{ed}lias \u{2013} caf\u{e9}"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn a_utf16_page_with_a_bom_is_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xff, 0xfe];
        for unit in news_page("").encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let path = write(dir.path(), "utf16.html", &bytes);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert!(docs[0].as_ref().unwrap().text.contains("Over 5,000"));
    }
}

mod feeds {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Wire</title><link>https://example.com</link>
<item><title>Clashes</title><link>https://example.com/1</link><guid>https://example.com/1</guid>
<pubDate>Tue, 01 Apr 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Over 5,000 killed, caf&#233; closed.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description></item>
<item><title>Second</title><description>Some 300 people fled.</description></item>
</channel></rss>"#;

    #[test]
    fn each_item_is_a_document() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "wire.rss", RSS.as_bytes());
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(ids(&docs), ["https://example.com/1", "wire.rss#2"]);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(
            doc.text,
            "Over 5,000 killed, caf\u{e9} closed.\nSecond paragraph."
        );
        assert_eq!(doc.published, Some(date("2025-04-01")));
        assert_eq!(doc.title.as_deref(), Some("Clashes"));
    }

    #[test]
    fn a_latin1_feed_is_decoded_by_its_declaration() {
        let dir = tempfile::tempdir().unwrap();
        let rss = RSS.replace("caf&#233;", "caf\u{e9}");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&rss);
        let path = write(dir.path(), "latin1.xml", &bytes);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert!(docs[0].as_ref().unwrap().text.contains("caf\u{e9} closed"));
    }

    #[test]
    fn an_atom_feed_reads_and_xml_that_is_no_feed_is_left_out_of_directories() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.atom",
            br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>f</id>
            <entry><id>tag:a,2025:1</id><title>T</title><updated>2025-04-02T00:00:00Z</updated>
            <content type="html">&lt;p&gt;Around 11,000 troops.&lt;/p&gt;</content></entry></feed>"#,
        );
        write(
            dir.path(),
            "sitemap.xml",
            b"<?xml version='1.0'?><urlset></urlset>",
        );
        let docs: Vec<_> = read_inputs(&[dir.path().to_path_buf()], None).collect();
        assert_eq!(ids(&docs), ["tag:a,2025:1"]);
        // Given by name, an XML file that is no feed is an error.
        let docs: Vec<_> = read_inputs(&[dir.path().join("sitemap.xml")], None).collect();
        assert!(matches!(docs[0], Err(Error::Feed { .. })), "{docs:?}");
    }
}

/// One WARC record.
fn warc_record(kind: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: https://example.com/{id}\r\nWARC-Date: 2025-04-03T12:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A WARC response record holding `html`.
fn warc_response(id: &str, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n{html}");
    warc_record(
        "response",
        id,
        "application/http; msgtype=response",
        block.as_bytes(),
    )
}

mod warc_archives {
    use super::*;

    fn archive() -> Vec<Vec<u8>> {
        vec![
            warc_record(
                "warcinfo",
                "0",
                "application/warc-fields",
                b"software: test\r\n",
            ),
            warc_record(
                "request",
                "1",
                "application/http; msgtype=request",
                b"GET /1 HTTP/1.1\r\n\r\n",
            ),
            warc_response("2", &news_page("<title>One</title>")),
            warc_response(
                "3",
                &news_page(r#"<meta property="article:published_time" content="2025-03-30">"#),
            ),
        ]
    }

    #[test]
    fn html_responses_are_documents_in_plain_and_multi_member_gzip_archives() {
        let dir = tempfile::tempdir().unwrap();
        let plain = write(dir.path(), "crawl.warc", &archive().concat());
        let members: Vec<u8> = archive().iter().flat_map(|record| gzip(record)).collect();
        let gz = write(dir.path(), "crawl.warc.gz", &members);
        for path in [plain, gz] {
            let docs: Vec<_> = read_inputs(&[path], None).collect();
            assert_eq!(ids(&docs), ["urn:uuid:2", "urn:uuid:3"]);
            let (a, b) = (docs[0].as_ref().unwrap(), docs[1].as_ref().unwrap());
            assert_eq!(a.url.as_deref(), Some("https://example.com/2"));
            assert_eq!(a.title.as_deref(), Some("One"));
            assert_eq!(a.publisher.as_deref(), Some("example.com"));
            assert_eq!(a.published, Some(date("2025-04-03")), "the WARC-Date");
            assert_eq!(b.published, Some(date("2025-03-30")), "the page's own date");
            assert!(a.text.contains("\nOver 5,000"));
        }
    }
}

/// Bad inputs: each is one clear error naming it, never a panic, and the next input comes.
mod hostile_inputs {
    use super::*;

    /// Reads `bad` then a good text file, and returns the first item's error.
    fn error_then_next(bad: PathBuf, limits: Limits) -> Error {
        let good = bad.with_file_name("zz-good.txt");
        fs::write(&good, "Some 300 people fled.").unwrap();
        let mut docs: Vec<_> = read_inputs_with(&[bad.clone(), good], None, limits).collect();
        let last = docs.pop().unwrap();
        assert_eq!(last.unwrap().id, "zz-good.txt");
        assert_eq!(docs.len(), 1, "{docs:?}");
        let error = docs.pop().unwrap().unwrap_err();
        assert!(
            error
                .to_string()
                .contains(&*bad.file_name().unwrap().to_string_lossy()),
            "{error}"
        );
        error
    }

    #[test]
    fn binary_files_named_as_pages_feeds_or_archives() {
        let dir = tempfile::tempdir().unwrap();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let error = error_then_next(write(dir.path(), "image.html", png), Limits::default());
        assert!(matches!(error, Error::Binary { offset: 8, .. }), "{error}");
        let error = error_then_next(write(dir.path(), "image.rss", png), Limits::default());
        assert!(matches!(error, Error::Feed { .. }), "{error}");
        let error = error_then_next(write(dir.path(), "image.warc", png), Limits::default());
        assert!(matches!(error, Error::Warc { offset: 0, .. }), "{error}");
        let error = error_then_next(write(dir.path(), "image.html.gz", png), Limits::default());
        assert!(matches!(error, Error::Read { .. }), "{error}");
    }

    #[test]
    fn empty_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["empty.html", "empty.rss", "empty.warc", "empty.xml"] {
            let error = error_then_next(write(dir.path(), name, b""), Limits::default());
            assert!(matches!(error, Error::Empty { .. }), "{name}: {error}");
        }
        let error = error_then_next(
            write(dir.path(), "empty.warc.gz", &gzip(b"")),
            Limits::default(),
        );
        assert!(matches!(error, Error::Empty { .. }), "{error}");
    }

    #[test]
    fn invalid_encodings_are_replaced_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut html = news_page(r#"<meta charset="shift_jis">"#).into_bytes();
        let at = html.windows(5).position(|w| w == b"Aid g").unwrap();
        html.splice(at..at, b"\x82\xff\xfe ".iter().copied());
        let path = write(dir.path(), "bad-sjis.html", &html);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert!(docs[0].as_ref().unwrap().text.contains('\u{fffd}'));
        let path = write(
            dir.path(),
            "bad-utf8.rss",
            b"<rss><channel><item><description>caf\xe9 \xff</description></item></channel></rss>",
        );
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(docs.len(), 1, "{docs:?}");
    }

    #[test]
    fn malformed_html() {
        let dir = tempfile::tempdir().unwrap();
        // Unclosed and misnested tags are repaired by the HTML parser.
        let broken = news_page("<title>x</title><meta name=x")
            .replace("</p>", "<b><i></b>")
            .replace("<div", "<table><td><div");
        let path = write(dir.path(), "broken.html", broken.as_bytes());
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert!(
            docs[0].as_ref().unwrap().text.contains("Over 5,000"),
            "{docs:?}"
        );
        // Markup with no text at all.
        let error = error_then_next(
            write(
                dir.path(),
                "tags.html",
                b"<div><script>var x = '</div>';</script><style>p {}</style></span><!-- x",
            ),
            Limits::default(),
        );
        assert!(matches!(error, Error::NoMainText { .. }), "{error}");
        // Deep nesting is refused before the extractors, whose time grows with its square.
        let deep = format!(
            "<html><body>{}<p>Over 5,000 killed.</p></body></html>",
            "<div>".repeat(100_000)
        );
        let error = error_then_next(
            write(dir.path(), "deep.html", deep.as_bytes()),
            Limits::default(),
        );
        assert!(matches!(error, Error::Html { .. }), "{error}");
        let deep = format!(
            "<html><body>{}<p>Over 5,000 killed.</p></body></html>",
            "<span>".repeat(1_000)
        );
        let path = write(dir.path(), "deep1000.html", deep.as_bytes());
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn malformed_xml_feeds() {
        let dir = tempfile::tempdir().unwrap();
        for (name, xml) in [
            (
                "cut.rss",
                "<rss version=\"2.0\"><channel><title>W</title><item><title>x",
            ),
            ("tags.rss", "<rss><channel><item></channel></item></rss>"),
            (
                "entity.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"&a;&a;\">]><rss>&a;</rss>",
            ),
            (
                "junk.atom",
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><<<",
            ),
        ] {
            let path = write(dir.path(), name, xml.as_bytes());
            let good = write(dir.path(), "zz-good.txt", b"ok");
            let docs: Vec<_> = read_inputs(&[path, good], None).collect();
            assert_eq!(
                docs.last().unwrap().as_ref().unwrap().id,
                "zz-good.txt",
                "{name}"
            );
            for doc in &docs[..docs.len() - 1] {
                if let Err(error) = doc {
                    assert!(error.to_string().contains(name), "{error}");
                }
            }
        }
    }

    #[test]
    fn malformed_warc_records() {
        let dir = tempfile::tempdir().unwrap();
        let page = news_page("");
        let mut warc = warc_response("1", &page);
        warc.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nno colon here\r\n\r\n");
        warc.extend(warc_response("2", &page));
        warc.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
        );
        let path = write(dir.path(), "bad.warc", &warc);
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        let shown = ids(&docs);
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0], "urn:uuid:1");
        assert!(
            shown[1].contains("bad.warc: malformed WARC at byte")
                && shown[1].contains("without a colon"),
            "{shown:?}"
        );
        assert_eq!(shown[2], "urn:uuid:2");
        assert!(shown[3].contains("ends inside a record"), "{shown:?}");
        // A response that is not HTTP names the record.
        let warc = warc_record(
            "response",
            "9",
            "application/http; msgtype=response",
            b"garbage",
        );
        let error = error_then_next(write(dir.path(), "nohttp.warc", &warc), Limits::default());
        assert!(
            error.to_string().contains("nohttp.warc#urn:uuid:9"),
            "{error}"
        );
    }

    #[test]
    fn gzip_bombs_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        // 64 MiB of zeros after a page's start compress to about 64 KiB.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"<html><body><p>").unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..64 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 1 << 20);
        let limits = Limits {
            max_decompressed_bytes: 8 << 20,
            ..Limits::default()
        };
        let error = error_then_next(write(dir.path(), "bomb.html.gz", &bomb), limits);
        assert!(
            matches!(error, Error::DecompressedFile { limit, .. } if limit == 8 << 20),
            "{error}"
        );
        // An archive whose one record claims 64 MiB of zeros.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let header = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n",
            64 << 20
        );
        encoder.write_all(header.as_bytes()).unwrap();
        for _ in 0..64 {
            encoder.write_all(&zeros).unwrap();
        }
        let warc_bomb = encoder.finish().unwrap();
        let error = error_then_next(write(dir.path(), "bomb.warc.gz", &warc_bomb), limits);
        assert!(
            matches!(error, Error::DecompressedFile { limit, .. } if limit == 8 << 20),
            "{error}"
        );
        // With the default limits the page is refused at the document size.
        let error = error_then_next(write(dir.path(), "bomb2.html.gz", &bomb), Limits::default());
        assert!(matches!(error, Error::TooLarge { .. }), "{error}");
    }

    /// A 100 MB page of one line is refused at the document limit (64 MiB) without being
    /// parsed; a 20 MB one-line page is read.
    #[test]
    fn a_100_mb_single_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut line = b"<html><body><p>".to_vec();
        line.resize(100_000_000, b'x');
        let error = error_then_next(write(dir.path(), "line.html", &line), Limits::default());
        assert!(matches!(error, Error::TooLarge { .. }), "{error}");
        let mut sentence = b"<html><body><p>".to_vec();
        while sentence.len() < 20_000_000 {
            sentence.extend_from_slice(b"Over 5,000 soldiers were killed in the fighting. ");
        }
        let path = write(dir.path(), "line20.html", &sentence);
        let started = std::time::Instant::now();
        let docs: Vec<_> = read_inputs(&[path], None).collect();
        assert_eq!(docs.len(), 1);
        eprintln!(
            "20 MB one-line page: {:?} in {:?}",
            docs[0].as_ref().map(|d| d.text.len()),
            started.elapsed()
        );
    }

    #[test]
    fn unreadable_paths() {
        let dir = tempfile::tempdir().unwrap();
        let dangling = dir.path().join("gone.html");
        std::os::unix::fs::symlink(dir.path().join("nowhere.html"), &dangling).unwrap();
        let error = error_then_next(dangling, Limits::default());
        assert!(matches!(error, Error::Read { .. }), "{error}");
    }
}

mod markup_streams {
    use super::*;

    #[test]
    fn a_stream_of_html_is_one_page() {
        let input = std::io::Cursor::new(news_page("<title>Piped</title>").into_bytes());
        let docs: Vec<_> = tally_ingest::read_stream(input, "-", None, Limits::default()).collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "-");
        assert_eq!(doc.title.as_deref(), Some("Piped"));
        assert!(doc.text.starts_with("Front line\nOver 5,000"));
    }
}
