//! What the fuzz targets of `fuzz_targets/` share: the engine built once, and the checks
//! that hold for any input, beyond "no panic": every error names its input, every claim's
//! spans are character boundaries of the text it quotes, every interval is ordered.

use std::io::Cursor;
use std::sync::OnceLock;

use jiff::civil::Date;
use tally_core::{Claim, Document, EvidenceField, TimeExpression};
use tally_extract::{Extraction, Extractor, TimeFinder};
use tally_ingest::{FileKind, Limits};

/// The name every input is read under; every error must name it.
pub const NAME: &str = "fuzz-input";

/// The publication day of the seed article, for relative times.
pub fn published() -> Date {
    jiff::civil::date(2025, 4, 1)
}

/// The English extractor, compiled once per process.
pub fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::english)
}

/// The English time resolver, compiled once per process.
pub fn time_finder() -> &'static TimeFinder {
    static FINDER: OnceLock<TimeFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let lang = tally_lang::Lang::english().expect("the embedded English data is checked");
        TimeFinder::new(&lang)
    })
}

/// The application's engine (what `POST /api/documents` extracts with), built once.
pub fn engine() -> &'static tally_app::Engine {
    static ENGINE: OnceLock<tally_app::Engine> = OnceLock::new();
    ENGINE.get_or_init(tally_app::Engine::english)
}

/// Limits small enough that a fuzzer's inputs can reach them: 64 kB lines, 256 kB
/// documents, 1 MB decompressed (a gzip bomb is found in seconds, not minutes).
pub fn limits() -> Limits {
    Limits {
        max_line_bytes: 64 << 10,
        max_document_bytes: 256 << 10,
        max_decompressed_bytes: 1 << 20,
    }
}

/// Reads `data` as an input of `kind` and checks every document and error.
pub fn read_as(data: &[u8], kind: FileKind) -> Vec<Document> {
    let inputs = tally_ingest::read_stream_as(
        Cursor::new(data.to_vec()),
        NAME,
        kind,
        Some(published()),
        limits(),
    );
    drain(inputs, data.len())
}

/// Every document of `inputs`; panics on an error that does not name the input, or on more
/// items than the input has bytes (plus one: an empty input is one empty document or error).
pub fn drain(inputs: tally_ingest::Inputs, n_bytes: usize) -> Vec<Document> {
    let mut documents = Vec::new();
    for (item_idx, item) in inputs.enumerate() {
        assert!(item_idx <= n_bytes, "more items than bytes of input");
        match item {
            Ok(doc) => documents.push(doc),
            Err(error) => {
                let message = error.to_string();
                assert!(
                    message.contains(NAME),
                    "an error that names no input: {message}"
                );
            }
        }
    }
    documents
}

/// Extracts `doc` with times and checks what came out.
pub fn extract_and_check(doc: &Document) -> Extraction {
    let extraction = extractor().extract_with_times(doc);
    for claim in &extraction.claims {
        check_claim(doc, claim);
    }
    for time in &extraction.times {
        check_time(doc, time);
    }
    extraction
}

/// A claim's spans are in the text (or title) it names, on character boundaries, the
/// number inside the sentence; its bounds are ordered numbers; it serializes.
pub fn check_claim(doc: &Document, claim: &Claim) {
    let base = match claim.evidence.field {
        EvidenceField::Title => doc.title.as_deref().expect("a title claim has a title"),
        _ => doc.text.as_str(),
    };
    let evidence = &claim.evidence;
    let sentence = base
        .get(evidence.sentence.start..evidence.sentence.end)
        .expect("the sentence span is a slice of the text");
    assert_eq!(
        sentence, evidence.text,
        "the sentence is the text of its span"
    );
    assert!(
        evidence.sentence.start <= evidence.number.start
            && evidence.number.end <= evidence.sentence.end,
        "the number {:?} lies in its sentence {:?}",
        evidence.number,
        evidence.sentence
    );
    assert!(base
        .get(evidence.number.start..evidence.number.end)
        .is_some());
    if let Some(source) = evidence.source {
        assert!(
            base.get(source.start..source.end).is_some(),
            "the source span is a slice"
        );
    }
    if let Some(part_of) = claim.part_of {
        assert!(
            base.get(part_of.start..part_of.end).is_some(),
            "part_of is a slice"
        );
    }
    let (low, high) = (claim.value.low, claim.value.high);
    assert!(low.is_some() || high.is_some(), "a claim has a bound");
    for bound in [low, high].into_iter().flatten() {
        assert!(!bound.is_nan(), "a bound is a number");
    }
    if let (Some(low), Some(high)) = (low, high) {
        assert!(low <= high, "low {low} above high {high}");
    }
    if let Some(as_of) = claim.as_of {
        assert!(as_of.first <= as_of.last);
    }
    serde_json::to_string(claim).expect("a claim serializes");
}

/// A time expression's span is a slice of the text holding its text.
pub fn check_time(doc: &Document, time: &TimeExpression) {
    let text = doc
        .text
        .get(time.span.start..time.span.end)
        .expect("a time span is a slice of the text");
    assert_eq!(text, time.text);
    assert!(!time.timex.is_empty());
    if let Some(value) = time.value {
        assert!(value.first <= value.last);
    }
}
