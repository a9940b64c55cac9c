//! The extractor on arbitrary text: any bytes, read as UTF-8 with invalid sequences
//! replaced (as `tally-ingest` reads text), as a document published 2025-04-01. When the
//! input holds a line break, the first line is also given as a title kept apart.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tally_core::Document;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc =
        Document::new(tally_fuzz::NAME, text.clone()).with_published(Some(tally_fuzz::published()));
    tally_fuzz::extract_and_check(&doc);
    if let Some((title, body)) = text.split_once('\n') {
        doc.title = Some(title.to_string());
        doc.text = body.to_string();
        tally_fuzz::extract_and_check(&doc);
    }
});
