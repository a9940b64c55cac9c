//! A body into the ledger with its claims: the whole of a body sent to `POST
//! /api/documents` (text, HTML, a feed or JSONL, told apart by its first byte as `tally
//! ingest -` tells standard input apart). `tally ingest` runs the same step,
//! [`Engine::extracted`], in parallel over its inputs.

use std::io::Cursor;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use serde::Serialize;
use tally_core::Document;
use tally_store::{Added, DocumentHash, Ledger};

use crate::{Engine, Error};

/// Documents per transaction.
const BATCH: usize = 500;

/// What became of one document of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestedDocument {
    /// The document's id (the `name` given, a JSONL line's `id`, a feed item's guid).
    pub id: String,
    /// Its hash, the key of `GET /api/documents/{id}`.
    pub hash: String,
    /// Whether it was new; `false` when the ledger held it already.
    pub new: bool,
    /// The claims stored with it (0 when it was present already).
    pub n_claims: usize,
    /// The id it came with, when another document of the ledger held it: it is stored
    /// under `id` (`ID~2`, `ID~3`…) instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// What ingesting a body did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Documents stored now.
    pub n_new: usize,
    /// Documents the ledger held already.
    pub n_present: usize,
    /// Documents (or JSONL lines) that could not be read or extracted.
    pub n_failed: usize,
    /// Claims stored.
    pub n_claims: usize,
    /// Each document read, in order.
    pub documents: Vec<IngestedDocument>,
    /// Why each failed document failed.
    pub errors: Vec<String>,
    /// What was read but not quite as sent (bytes that are not UTF-8, read as `?`).
    pub warnings: Vec<String>,
}

/// Reads `body` as `tally ingest -` reads standard input (JSONL if it starts with `{`, a
/// feed or an HTML page if with `<`, else one text document with id `name`), extracts the
/// claims of documents the ledger does not hold, and stores them in transactions of 500
/// documents. `published` dates documents that give no date.
///
/// With a `deadline`, extraction stops once that long has passed since the call (looked at
/// before and after each document: one document's extraction is not cut), and the
/// documents extracted since the last transaction are not stored: a document is stored
/// whole, with its claims, or not at all.
///
/// # Errors
///
/// Fails when the ledger cannot be read or written, or with [`Error::Deadline`]; documents
/// that cannot be read or extracted are counted in [`IngestReport::n_failed`] with their
/// message instead.
///
/// # Example
///
/// ```
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let engine = tally_app::Engine::english();
/// let body = b"Over 5,000 soldiers were killed, the ministry said.".to_vec();
/// let report = tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None, None)?;
/// assert_eq!((report.n_new, report.n_claims), (1, 1));
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn ingest_body(
    ledger: &mut dyn Ledger,
    engine: &Engine,
    body: Vec<u8>,
    name: &str,
    published: Option<Date>,
    deadline: Option<Duration>,
) -> Result<IngestReport, Error> {
    let started = Instant::now();
    let past_deadline = |report: &IngestReport| match deadline {
        Some(deadline) if started.elapsed() >= deadline => Err(Error::Deadline {
            seconds: deadline.as_secs(),
            n_stored: report.n_new,
        }),
        _ => Ok(()),
    };
    let mut report = IngestReport::default();
    let mut documents = Vec::new();
    for item in tally_ingest::read_stream(
        Cursor::new(body),
        name,
        published,
        tally_ingest::Limits::default(),
    ) {
        match item {
            Ok(doc) => documents.push(doc),
            Err(error) if error.is_warning() => report.warnings.push(error.to_string()),
            Err(error) => {
                report.n_failed += 1;
                report.errors.push(error.to_string());
            }
        }
    }
    for chunk in documents.chunks(BATCH) {
        let hashed: Vec<(DocumentHash, &Document)> = chunk
            .iter()
            .map(|doc| (DocumentHash::of_text(&doc.text), doc))
            .collect();
        let hashes: Vec<DocumentHash> = hashed.iter().map(|(hash, _)| hash.clone()).collect();
        let known = ledger.contains(&hashes)?;
        let mut batch = Vec::new();
        let mut order = Vec::new();
        for ((hash, doc), known) in hashed.into_iter().zip(known) {
            if known {
                report.n_present += 1;
                report.documents.push(IngestedDocument {
                    id: doc.id.clone(),
                    hash: hash.to_string(),
                    new: false,
                    n_claims: 0,
                    renamed_from: None,
                });
                continue;
            }
            past_deadline(&report)?;
            match engine.extracted(hash, doc.clone()) {
                Ok((extracted, warning)) => {
                    report.warnings.extend(warning);
                    order.push(report.documents.len());
                    report.documents.push(IngestedDocument {
                        id: doc.id.clone(),
                        hash: extracted.hash.to_string(),
                        new: true,
                        n_claims: 0,
                        renamed_from: None,
                    });
                    batch.push(extracted);
                }
                Err(error) => {
                    report.n_failed += 1;
                    report.errors.push(error.to_string());
                }
            }
        }
        past_deadline(&report)?;
        for renamed in tally_store::give_unique_ids(&*ledger, &mut batch)? {
            let entry = &mut report.documents[order[renamed.item_idx]];
            entry.id = renamed.to;
            entry.renamed_from = Some(renamed.from);
        }
        // The same text twice in one body: the ledger stores the first and skips the rest.
        for (doc_idx, added) in order.into_iter().zip(ledger.add(&batch)?) {
            let entry = &mut report.documents[doc_idx];
            match added {
                Added::New { n_claims } => {
                    report.n_new += 1;
                    report.n_claims += n_claims;
                    entry.n_claims = n_claims;
                }
                Added::AlreadyPresent => {
                    report.n_present += 1;
                    entry.new = false;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"Over 5,000 soldiers were killed, the ministry said.";

    #[test]
    fn past_its_deadline_an_ingestion_stores_nothing_it_had_not_committed() {
        let mut ledger = tally_store::SqliteLedger::open_in_memory().unwrap();
        let engine = Engine::english();
        let error = ingest_body(
            &mut ledger,
            &engine,
            BODY.to_vec(),
            "late.txt",
            None,
            Some(Duration::ZERO),
        )
        .unwrap_err();
        assert!(
            matches!(error, Error::Deadline { n_stored: 0, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("deadline"), "{error}");
        assert_eq!(ledger.counts().unwrap().n_documents, 0);
        let report = ingest_body(
            &mut ledger,
            &engine,
            BODY.to_vec(),
            "late.txt",
            None,
            Some(Duration::from_secs(600)),
        )
        .unwrap();
        assert_eq!((report.n_new, report.n_claims), (1, 1));
    }

    #[test]
    fn a_document_beyond_the_claim_limit_keeps_its_text_and_its_first_claims_with_a_warning() {
        let mut ledger = tally_store::SqliteLedger::open_in_memory().unwrap();
        let engine = Engine::english();
        let body = "5 killed. ".repeat(crate::MAX_CLAIMS_PER_DOCUMENT + 50);
        let report = ingest_body(
            &mut ledger,
            &engine,
            body.clone().into_bytes(),
            "flood.txt",
            None,
            None,
        )
        .unwrap();
        assert_eq!(report.n_new, 1);
        assert_eq!(report.n_claims, crate::MAX_CLAIMS_PER_DOCUMENT);
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        let warning = &report.warnings[0];
        assert!(warning.contains("flood.txt"), "{warning}");
        assert!(warning.contains("10050 claims found"), "{warning}");
        let listed = ledger.documents(&Default::default()).unwrap();
        let stored = ledger.document(&listed[0].hash).unwrap().unwrap();
        assert_eq!(stored.document.text.trim_end(), body.trim_end());
        assert_eq!(
            ledger.counts().unwrap().n_claims,
            crate::MAX_CLAIMS_PER_DOCUMENT
        );
    }
}
