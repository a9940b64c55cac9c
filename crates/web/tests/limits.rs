//! Issue 15: a server that heavy or hostile use cannot break. Bodies over the limit are
//! refused from their `Content-Length`, stalled bodies and headers are cut, idle
//! connections cannot lock out the next client, ingestion goes through one bounded queue
//! (503 with `Retry-After` beyond it, never 500), gzip bodies are decoded within the body
//! limit, text queries are bounded and every query is cancelled at its deadline.
//!
//! Connection tests run a real server on a loopback port, with a bounded number of local
//! sockets and the limits set low by configuration; no assertion is on timing beyond
//! generous bounds that keep a broken server from hanging the test.

use std::io::Write;
use std::time::Duration;

use axum::http::{header, Request, StatusCode};
use tally_core::{Claim, Document, Evidence, Kind, Metric, Span, Value};
use tally_store::{Extracted, Ledger, SqliteLedger};
use tally_web::limits::Limits;
use tally_web::server::{router, AppState, Config, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{get, post, seed_path, send, TOKEN};

/// A bound that no passing run comes near: it only keeps a broken server from hanging
/// the test.
const HANG: Duration = Duration::from_secs(60);

/// Limits low enough for fast tests.
fn test_limits() -> Limits {
    Limits {
        max_connections: 16,
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

/// A server on a free loopback port over a fresh ledger, stopped when the sender drops.
struct Running {
    _dir: tempfile::TempDir,
    addr: std::net::SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(limits: Limits) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db").to_str().unwrap().to_string();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        token: Some(TOKEN.to_string()),
        pool_size: 4,
        limits,
        ..Config::new(location)
    };
    let server = Server::bind(&config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    Running {
        _dir: dir,
        addr,
        _stop: stop,
    }
}

/// Writes `request` on a new connection and reads until the server closes it or `HANG`
/// passes; the answer as text ("" when closed without one).
async fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_answer(&mut stream).await
}

async fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(HANG, stream.read_to_end(&mut answer))
        .await
        .expect("the server neither answered nor closed the connection")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_content_length_over_the_limit_is_refused_before_the_body_is_read() {
    let server = start(test_limits()).await;
    // The body is never sent: a server that waited for it would hit the body timeout (408)
    // instead of answering 413 at once.
    let request = format!(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 100000000\r\n\r\n"
    );
    let answer = exchange(server.addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stalls_is_cut_with_408_and_nothing_is_stored() {
    let server = start(test_limits()).await;
    let request = format!(
        "POST /api/documents?name=slow.txt HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n0123456789"
    );
    let answer = exchange(server.addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let answer = exchange(
        server.addr,
        b"GET /api/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.contains("\"documents\":[]"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_that_never_end_and_idle_connections_are_closed() {
    let server = start(test_limits()).await;
    // One header and then nothing; and a connection that sends nothing at all.
    let answer = exchange(server.addr, b"GET / HTTP/1.1\r\nHost: x\r\n").await;
    assert!(!answer.contains("200 OK"), "{answer}");
    let answer = exchange(server.addr, b"").await;
    assert!(answer.is_empty() || answer.contains("408"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_past_the_cap_do_not_lock_out_the_next_client() {
    let limits = Limits {
        header_timeout: Duration::from_secs(600),
        ..test_limits()
    };
    let max_connections = limits.max_connections;
    let server = start(limits).await;
    // Twenty times the cap: idle sockets and sockets stuck in their headers.
    let mut idle = Vec::new();
    for socket_idx in 0..20 * max_connections {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        if socket_idx % 2 == 0 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
                .await
                .unwrap();
        }
        idle.push(stream);
    }
    for _ in 0..3 {
        let answer = exchange(
            server.addr,
            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    // The oldest idle sockets were closed to make room; at most the cap stay open.
    let mut n_closed = 0;
    for stream in &mut idle {
        let mut byte = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(200), stream.read(&mut byte)).await
        {
            n_closed += 1;
        }
    }
    assert!(
        n_closed >= idle.len() - max_connections,
        "{n_closed} of {} closed",
        idle.len()
    );
}

/// A state over a fresh ledger with the token and these limits.
fn state(limits: Limits) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db");
    let state = AppState::open(location.to_str().unwrap(), Some(TOKEN.into()), 4)
        .unwrap()
        .with_limits(limits);
    (dir, state)
}

#[tokio::test]
async fn past_the_writer_queue_a_post_is_answered_503_with_retry_after_never_500() {
    let (_dir, state) = state(Limits {
        max_ingesting: 1,
        ingest_queue: 1,
        ..Limits::default()
    });
    let app = router(state.clone());
    let seed = std::fs::read(seed_path()).unwrap();
    // Every place of the queue taken (as by two long ingestions).
    let first = state.writers().try_admit().unwrap();
    let second = state.writers().try_admit().unwrap();
    let answer = post(&app, "/api/documents?name=a.txt", Some(TOKEN), seed.clone()).await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text()
    );
    assert_eq!(answer.headers[header::RETRY_AFTER], "1");
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("Retry-After"));
    drop((first, second));
    let answer = post(&app, "/api/documents?name=a.txt", Some(TOKEN), seed).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
}

#[tokio::test]
async fn a_gzip_body_is_decoded_and_other_encodings_are_refused_with_415() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    let seed = std::fs::read(seed_path()).unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&seed).unwrap();
    let gzip = gzip.finish().unwrap();
    let request = |encoding: &str, body: Vec<u8>| {
        Request::post("/api/documents?name=seed.txt")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::CONTENT_ENCODING, encoding)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let answer = send(&app, request("gzip", gzip.clone())).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let report = answer.json();
    assert_eq!(
        (report["n_new"].as_u64(), report["n_failed"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(report["n_claims"].as_u64().unwrap() > 5, "{report}");
    let answer = send(&app, request("br", gzip)).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_body_limit() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    // 64 MiB of spaces, about 64 KiB compressed.
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gzip.write_all(&block).unwrap();
    }
    let gzip = gzip.finish().unwrap();
    assert!(gzip.len() < 1 << 20);
    let request = Request::post("/api/documents?name=bomb.txt")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_ENCODING, "gzip")
        .body(axum::body::Body::from(gzip))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text()
    );
}

#[tokio::test]
async fn text_queries_past_their_limits_are_refused_with_400_naming_the_limit() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    // Issue 15's query: 200 NEAR groups of five prefixes, OR-ed.
    let hostile = vec!["NEAR(a* b* c* d* e*, 100)"; 200].join(" OR ");
    let many_words = vec!["troops"; 40].join(" ");
    for (query, limit) in [
        (hostile.as_str(), "at most 1000"),
        (
            "NEAR(a b, 5) OR NEAR(c d, 5) OR NEAR(e f, 5)",
            "NEAR groups: at most 2",
        ),
        (
            "a* OR b* OR c* OR d* OR e*",
            "prefix terms (word*): at most 4",
        ),
        (many_words.as_str(), "terms: at most 32"),
    ] {
        let encoded = serde_urlencoded::to_string([("text", query)]).unwrap();
        for uri in [
            format!("/api/documents?{encoded}"),
            format!("/api/claims?{encoded}"),
        ] {
            let answer = get(&app, &uri).await;
            assert_eq!(
                answer.status,
                StatusCode::BAD_REQUEST,
                "{uri}: {}",
                answer.text()
            );
            let message = answer.json()["error"].as_str().unwrap().to_string();
            assert!(message.contains(limit), "{message}");
        }
    }
    let fine = serde_urlencoded::to_string([("text", "NEAR(troop* killed, 10) OR kursk")]).unwrap();
    assert_eq!(
        get(&app, &format!("/api/documents?{fine}")).await.status,
        StatusCode::OK
    );
}

/// A ledger of one document with `n_claims` claims, written without extraction.
fn many_claims(location: &std::path::Path, n_claims: usize) {
    let text = "Over 5,000 soldiers were killed.";
    let mut ledger = SqliteLedger::open(location).unwrap();
    let claims = (0..n_claims)
        .map(|claim_idx| {
            let evidence = Evidence::new(text, Span::new(0, text.len()), Span::new(0, 10));
            let mut claim = Claim::new(
                "many.txt",
                Kind::Count,
                Value::at_least(claim_idx as f64),
                Metric::Killed,
                evidence,
            );
            claim.actor = Some("UKR".into());
            claim
        })
        .collect();
    ledger
        .add(&[Extracted::new(Document::new("many.txt", text), claims)])
        .unwrap();
}

#[tokio::test]
async fn a_query_past_its_deadline_is_cancelled_with_503() {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db");
    many_claims(&location, 5000);
    let open = |query_deadline: Duration| {
        let state = AppState::open(location.to_str().unwrap(), None, 4)
            .unwrap()
            .with_limits(Limits {
                query_deadline,
                ..Limits::default()
            });
        router(state)
    };
    // A deadline that has passed when the query starts: SQLite stops it at its first look.
    let app = open(Duration::ZERO);
    for uri in ["/api/series", "/api/claims?limit=1000"] {
        let answer = get(&app, uri).await;
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {}",
            answer.text()
        );
        assert_eq!(answer.headers[header::RETRY_AFTER], "1");
        assert!(answer.text().contains("deadline"), "{}", answer.text());
    }
    // The connection that was cancelled is not handed out again with its deadline.
    let app = open(Duration::from_secs(600));
    let answer = get(&app, "/api/claims?limit=1000").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["claims"].as_array().unwrap().len(), 1000);
}

#[tokio::test]
async fn a_second_text_under_a_held_name_is_renamed_and_each_document_answers() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    let uri = "/api/documents?name=note.txt";
    let first = post(
        &app,
        uri,
        Some(TOKEN),
        "Over 300 soldiers were killed, officials said.",
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let second = post(
        &app,
        uri,
        Some(TOKEN),
        "Over 400 soldiers were killed, officials said.",
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    let report = second.json();
    assert_eq!(report["documents"][0]["id"], "note.txt~2", "{report}");
    assert_eq!(
        report["documents"][0]["renamed_from"], "note.txt",
        "{report}"
    );
    // The same text again: present, under its own id, not renamed.
    let again = post(
        &app,
        uri,
        Some(TOKEN),
        "Over 400 soldiers were killed, officials said.",
    )
    .await;
    let report = again.json();
    assert_eq!(
        (report["n_new"].as_u64(), report["n_present"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(
        report["documents"][0].get("renamed_from").is_none(),
        "{report}"
    );
    for (id, figure) in [("note.txt", "300"), ("note.txt~2", "400")] {
        for uri in [format!("/api/documents/{id}"), format!("/documents/{id}")] {
            let answer = get(&app, &uri).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
            assert!(answer.text().contains(figure), "{uri}");
        }
    }
}

#[tokio::test]
async fn a_published_date_time_out_of_range_is_refused_naming_the_field() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    let bad = "2025-01-01T25:99:99+99:00";
    let query = serde_urlencoded::to_string([("published", bad), ("name", "a.txt")]).unwrap();
    let answer = post(
        &app,
        &format!("/api/documents?{query}"),
        Some(TOKEN),
        "Over 300 were killed.",
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text());
    let message = answer.json()["error"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("published:") && message.contains("YYYY-MM-DD"),
        "{message}"
    );
    // In a JSONL line, the line is refused and named; the body's other lines are stored.
    let body = format!(
        "{{\"id\": \"a\", \"published\": \"{bad}\", \"text\": \"Over 300 were killed.\"}}\n\
         {{\"id\": \"b\", \"published\": \"2025-01-01T10:00:00+02:00\", \"text\": \"Over 400 were killed.\"}}\n"
    );
    let report = post(&app, "/api/documents", Some(TOKEN), body).await.json();
    assert_eq!(
        (report["n_new"].as_u64(), report["n_failed"].as_u64()),
        (Some(1), Some(1)),
        "{report}"
    );
    assert!(
        report["errors"][0].as_str().unwrap().contains("published"),
        "{report}"
    );
}

#[tokio::test]
async fn a_body_with_bytes_that_are_not_utf8_is_stored_with_a_warning_and_its_offsets() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    let mut body = b"Les caf\xe9s \xe9\xe9 sont ferm\xe9s. ".to_vec();
    let offset = body.len();
    body.extend_from_slice(b"Over 5,000 soldiers were killed, the ministry said.");
    let answer = post(
        &app,
        "/api/documents?name=latin1.txt",
        Some(TOKEN),
        body.clone(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let report = answer.json();
    assert!(
        report["warnings"][0]
            .as_str()
            .unwrap()
            .contains("4 bytes are not UTF-8"),
        "{report}"
    );
    let claims = get(&app, "/api/claims?doc=latin1.txt").await.json();
    let number = &claims["claims"][0]["evidence"]["number"];
    let start = number[0]
        .as_u64()
        .or_else(|| number["start"].as_u64())
        .unwrap() as usize;
    assert_eq!(start, offset, "{claims}");
}

/// Issue 15, "reads load everything": `/documents/<id>` of a document holding 1.7 million
/// claims answered 940 MB of HTML. A document stored before claims were limited per
/// document (12,000 claims, written here without extraction) over 300 KB of text: its page
/// shows a window of the text and the claims in it, says how many claims were read, and
/// pages through the rest.
#[tokio::test]
async fn a_document_page_shows_a_window_of_its_text_and_claims_and_pages_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db");
    let sentence = "Over 5,000 soldiers were killed. ";
    let text = sentence.repeat(10_000);
    let claims: Vec<Claim> = (0..12_000)
        .map(|claim_idx| {
            let at = (claim_idx % 10_000) * sentence.len();
            let evidence = Evidence::new(&text, Span::new(at, at + 31), Span::new(at, at + 10));
            let mut claim = Claim::new(
                "long.txt",
                Kind::Count,
                Value::at_least(5000.0),
                Metric::Killed,
                evidence,
            );
            claim.actor = Some("UKR".into());
            claim
        })
        .collect();
    let extracted = Extracted::new(Document::new("long.txt", &text), claims);
    let hash = extracted.hash.to_string();
    SqliteLedger::open(&location)
        .unwrap()
        .add(&[extracted])
        .unwrap();
    let state = AppState::open(location.to_str().unwrap(), None, 2).unwrap();
    let app = router(state);

    let first = get(&app, &format!("/documents/{hash}")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let html = first.text();
    assert!(html.len() < 4_000_000, "{} bytes", html.len());
    assert!(
        html.contains("over 10000 claims"),
        "the claims read are said"
    );
    assert!(
        html.contains(&format!("/documents/{hash}?from=")),
        "a link to the next window"
    );
    let marks = html.matches("<mark").count();
    assert!(marks > 0 && marks < 10_000, "{marks} numbers marked");

    let last = get(&app, &format!("/documents/{hash}?from=300000")).await;
    assert_eq!(last.status, StatusCode::OK, "{}", last.text());
    assert!(last.text().contains("rel=\"prev\""));
    // An offset inside a character or past the end is taken to the boundary before it.
    let past = get(&app, &format!("/documents/{hash}?from=999999999")).await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.text());
}

/// The overview and `/api/series` answer pages of series: 250 actors of one claim each.
#[tokio::test]
async fn the_overview_and_the_series_list_answer_pages() {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db");
    let text = "Over 5,000 soldiers were killed.";
    let batch: Vec<Extracted> = (0..250)
        .map(|actor_idx| {
            let id = format!("doc-{actor_idx}");
            let evidence = Evidence::new(text, Span::new(0, text.len()), Span::new(0, 10));
            let mut claim = Claim::new(
                &id,
                Kind::Count,
                Value::at_least(5000.0),
                Metric::Killed,
                evidence,
            );
            claim.actor = Some(format!("actor-{actor_idx:03}"));
            let body = format!("{text} ({actor_idx})");
            let mut document = Document::new(&id, &body);
            // A dated figure is an assertion, which the overview lists by default.
            document.published = "2025-04-01".parse().ok();
            Extracted::new(document, vec![claim])
        })
        .collect();
    SqliteLedger::open(&location).unwrap().add(&batch).unwrap();
    let state = AppState::open(location.to_str().unwrap(), None, 2).unwrap();
    let app = router(state);

    let overview = get(&app, "/").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text());
    let html = overview.text();
    assert!(html.contains("Series 1–200 of 250"), "{html}");
    assert_eq!(html.matches("class=\"series-link\"").count(), 200);
    assert!(html.contains("offset=200"), "a link to the next page");
    let second = get(&app, "/?offset=200").await.text();
    assert_eq!(second.matches("class=\"series-link\"").count(), 50);
    assert_eq!(
        get(&app, "/?limit=1001").await.status,
        StatusCode::BAD_REQUEST
    );

    let list = get(&app, "/api/series?limit=100&offset=200").await.json();
    assert_eq!(list["series"].as_array().unwrap().len(), 50);
    assert!(list.get("next").is_none());
    let list = get(&app, "/api/series?limit=100").await.json();
    assert_eq!(list["series"].as_array().unwrap().len(), 100);
    assert_eq!(list["next"], 100);
    assert_eq!(
        get(&app, "/api/series").await.json()["series"]
            .as_array()
            .unwrap()
            .len(),
        250
    );
}

#[tokio::test]
async fn a_page_of_claims_deeper_than_the_limit_is_refused_with_400_naming_it() {
    let (_dir, state) = state(Limits::default());
    let app = router(state);
    for uri in ["/api/claims?offset=100001", "/claims?offset=100001"] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            answer.text().contains("offset: at most 100000"),
            "{uri}: {}",
            answer.text()
        );
    }
    assert_eq!(
        get(&app, "/api/claims?offset=100000").await.status,
        StatusCode::OK
    );
}
