//! The body of `POST /api/documents`: `tally_app::ingest::ingest_body` reads it (JSONL, a
//! feed, HTML or text, by its first byte), extracts the documents and stores them in a new
//! in-memory SQLite ledger, and the report serializes as the API answers it. Every
//! document read is counted once, as new, present or failed (no deadline: libFuzzer's
//! timeout is the one that counts); the extractor's guard never
//! fires (a panic aborts the fuzzer anyway, through libFuzzer's panic hook).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut ledger =
        tally_store::SqliteLedger::open_in_memory().expect("an in-memory ledger opens");
    let report = tally_app::ingest::ingest_body(
        &mut ledger,
        tally_fuzz::engine(),
        data.to_vec(),
        tally_fuzz::NAME,
        Some(tally_fuzz::published()),
        None,
    )
    .expect("an in-memory ledger takes every document");
    assert_eq!(report.documents.len(), report.n_new + report.n_present);
    assert_eq!(report.errors.len(), report.n_failed);
    for error in report.errors.iter().chain(&report.warnings) {
        assert!(
            error.contains(tally_fuzz::NAME),
            "an error that names no input: {error}"
        );
    }
    serde_json::to_vec(&report).expect("the report serializes");
});
