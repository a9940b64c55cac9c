//! The ledger suite on PostgreSQL, and what only a shared server has: concurrent writers.
//!
//! The server is `TALLY_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`);
//! each test works in a schema of its own, dropped at the end. An unreachable server skips
//! these tests with a message, and fails them when `CI` is set.

use tally_store::{Ledger, PostgresLedger};
use tally_testkit::Scratch;

use crate::ledger::Fixture;

/// A ledger in a scratch schema.
pub struct Fresh {
    ledger: Option<PostgresLedger>,
    // Dropped after the ledger: fields drop in order.
    _scratch: Option<Scratch>,
}

impl Fixture for Fresh {
    fn ledger(&mut self) -> Option<&mut dyn Ledger> {
        self.ledger.as_mut().map(|ledger| ledger as &mut dyn Ledger)
    }
}

fn fresh() -> Fresh {
    let scratch = Scratch::new("store");
    let ledger = scratch.as_ref().map(Scratch::connect);
    Fresh {
        ledger,
        _scratch: scratch,
    }
}

crate::ledger::suite!(fresh);
crate::asof::suite!(fresh);

#[test]
fn a_reconnected_ledger_keeps_what_was_added_and_migrations_run_once() {
    let Some(scratch) = Scratch::new("store") else {
        return;
    };
    {
        let mut ledger = scratch.connect();
        crate::ledger::add_sample(&mut ledger);
    }
    let ledger = scratch.connect();
    let counts = ledger.counts().unwrap();
    assert_eq!((counts.n_documents, counts.n_claims), (2, 3));
}

#[test]
fn concurrent_writers_store_each_document_once_with_its_claims() {
    let Some(scratch) = Scratch::new("store") else {
        return;
    };
    scratch.connect();
    let sample = crate::ledger::sample();
    // Many documents, each writer adding them in its own order, so that their locks cross.
    let mut batch = Vec::new();
    for doc_idx in 0..200 {
        let mut item = sample[doc_idx % 2].clone();
        item.document.text = format!("{} ({doc_idx})", item.document.text);
        batch.push(tally_store::Extracted::new(item.document, item.claims));
    }
    let threads: Vec<_> = (0..4)
        .map(|writer_idx| {
            let url = scratch.url.clone();
            let mut batch = batch.clone();
            if writer_idx % 2 == 1 {
                batch.reverse();
            }
            std::thread::spawn(move || {
                let mut ledger = PostgresLedger::connect(&url).unwrap();
                let mut n_new = 0;
                for chunk in batch.chunks(25) {
                    for added in ledger.add(chunk).unwrap() {
                        n_new += usize::from(matches!(added, tally_store::Added::New { .. }));
                    }
                }
                n_new
            })
        })
        .collect();
    let n_new: usize = threads
        .into_iter()
        .map(|thread| thread.join().unwrap())
        .sum();
    assert_eq!(n_new, 200, "each document is new to exactly one writer");
    let counts = scratch.connect().counts().unwrap();
    assert_eq!((counts.n_documents, counts.n_claims), (200, 300));
}

/// Issue 15: a statement whose reader went away (the server sets the flag when a client
/// leaves) is cancelled on PostgreSQL as on SQLite. The read waits on a lock another
/// session holds, so it would wait for ever; the flag, set once the read is seen waiting,
/// stops it with the error of a statement past its deadline.
///
/// A cancel request can land late, on the connection's next statement (PostgreSQL signals
/// a backend and then its process group, and CI once saw the second signal stop the next
/// read), so the ledger goes on on a new connection: cancelling the old backend while
/// the next read waits does not reach it.
#[test]
fn a_statement_whose_reader_went_away_is_cancelled() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{mpsc, Arc};

    let Some(scratch) = Scratch::new("store") else {
        return;
    };
    let mut ledger = scratch.connect();
    let mut holder = postgres::Client::connect(&scratch.url, postgres::NoTls).unwrap();
    let mut lock = holder.transaction().unwrap();
    lock.batch_execute("LOCK TABLE claims IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let cancelled = Arc::new(AtomicBool::new(false));
    ledger
        .set_cancel_flag(Some(Arc::clone(&cancelled)))
        .unwrap();
    let url = scratch.url.clone();
    let leaving = std::thread::spawn(move || {
        let mut spy = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let old = waiting_on_claims(&mut spy);
        cancelled.store(true, Ordering::Relaxed);
        old
    });
    let error = ledger
        .claims(&tally_store::ClaimFilter::default())
        .unwrap_err();
    assert!(error.is_deadline(), "{error}");
    let old = leaving.join().unwrap();
    lock.rollback().unwrap();
    ledger.set_cancel_flag(None).unwrap();

    // A late signal for the old backend, sent while the next read waits.
    let url = scratch.url.clone();
    let (locked, is_locked) = mpsc::channel();
    let late = std::thread::spawn(move || {
        let mut holder = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut lock = holder.transaction().unwrap();
        lock.batch_execute("LOCK TABLE claims IN ACCESS EXCLUSIVE MODE")
            .unwrap();
        locked.send(()).unwrap();
        let mut spy = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let new = waiting_on_claims(&mut spy);
        // The old backend may be gone already: then there is no one to signal.
        spy.execute("SELECT pg_cancel_backend($1)", &[&old])
            .unwrap();
        lock.commit().unwrap();
        new
    });
    is_locked.recv().unwrap();
    let claims = ledger.claims(&tally_store::ClaimFilter::default());
    let new = late.join().unwrap();
    assert_ne!(new, old, "the ledger reads on a new connection");
    assert!(claims.unwrap().is_empty());
}

/// The backend whose statement waits for a lock on the claims table of `spy`'s schema, once
/// one does.
fn waiting_on_claims(spy: &mut postgres::Client) -> i32 {
    for _ in 0..6000 {
        let rows = spy
            .query(
                "SELECT pid FROM pg_locks WHERE relation = 'claims'::regclass AND NOT granted",
                &[],
            )
            .unwrap();
        if let Some(row) = rows.first() {
            return row.get(0);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("no statement waited on the claims table for 30 s");
}
