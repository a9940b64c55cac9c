//! `tally serve`: it listens on loopback unless told otherwise, answers the API, refuses
//! writes without a token, and goes on when its standard error is closed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use super::{run, tally};

/// `tally serve` on a free loopback port, stopped when dropped.
pub(super) struct Serving {
    child: Child,
    pub(super) addr: String,
}

impl Serving {
    pub(super) fn start(db: &str, extra: &[&str]) -> Serving {
        let mut child = tally()
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("TALLY_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        assert!(
            line.contains("read-only") || extra.contains(&"--token"),
            "{line}"
        );
        Serving { child, addr }
    }

    /// One HTTP/1.1 request; the status line and the body.
    fn request(&self, method: &str, path: &str, headers: &str, body: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer.lines().next().unwrap_or_default().to_string();
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_listens_on_loopback_by_default() {
    let help = run(&["serve", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("[default: 127.0.0.1:8080]"), "{text}");
    assert!(text.contains("--token"), "{text}");
}

#[test]
fn serve_answers_the_api_and_takes_writes_only_with_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db").to_str().unwrap().to_string();
    let text = "Over 300 soldiers were killed near the river, officials said.";
    // A read-only server needs a ledger (issue 14); an empty one will do.
    drop(tally_store::SqliteLedger::open(&db).unwrap());

    let read_only = Serving::start(&db, &[]);
    let (status, body) = read_only.request("GET", "/api/claims", "", "");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(body.contains("\"claims\":[]"), "{body}");
    let (status, _) = read_only.request(
        "POST",
        "/api/documents",
        "Authorization: Bearer anything\r\n",
        text,
    );
    assert!(
        status.starts_with("HTTP/1.1 403"),
        "no token configured: {status}"
    );
    drop(read_only);

    let writable = Serving::start(&db, &["--token", "s3cret"]);
    let (status, _) = writable.request("POST", "/api/documents", "", text);
    assert!(status.starts_with("HTTP/1.1 401"), "{status}");
    let (status, body) = writable.request(
        "POST",
        "/api/documents?name=note.txt",
        "Authorization: Bearer s3cret\r\n",
        text,
    );
    assert!(status.starts_with("HTTP/1.1 201"), "{status} {body}");
    let (_, page) = writable.request("GET", "/claims", "", "");
    assert!(page.contains("note.txt"), "{page}");
}
