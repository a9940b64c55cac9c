//! Stored claims as JSON lines and CSV rows (`tally claims`, `tally export`).
//!
//! JSONL: the claim as `tally extract --format jsonl` writes it, plus its ledger `id` and
//! the `document` hash (and, in an export, its document's `title`, `url` and `published`).
//! CSV: one row per claim, the columns of [`CSV_HEADER`]; `review` (confirmed or
//! corrected) and `reviewed` (the fields a person set, space-separated) mark reviewed
//! claims.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use tally_app::json::ClaimJson;
use tally_core::{Date, Document};
use tally_store::{DocumentHash, Ledger, StoredClaim};

/// What an export says of a claim's document besides its id and hash: its title, URL and
/// publication day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentInfo {
    /// The title or headline.
    pub title: Option<String>,
    /// Where the document was found.
    pub url: Option<String>,
    /// The day it was published.
    pub published: Option<Date>,
}

impl DocumentInfo {
    /// The title, URL and publication day of a document.
    pub fn of(document: &Document) -> DocumentInfo {
        DocumentInfo {
            title: document.title.clone(),
            url: document.url.clone(),
            published: document.published,
        }
    }
}

/// The [`DocumentInfo`] of the ledger's documents, each read once.
pub struct DocumentInfos<'l> {
    ledger: &'l dyn Ledger,
    known: HashMap<DocumentHash, DocumentInfo>,
}

impl<'l> DocumentInfos<'l> {
    /// None read yet.
    pub fn new(ledger: &'l dyn Ledger) -> DocumentInfos<'l> {
        DocumentInfos {
            ledger,
            known: HashMap::new(),
        }
    }

    /// The title, URL and publication day of the claim's document (none of them when the
    /// ledger lacks it).
    ///
    /// # Errors
    ///
    /// Fails when the ledger cannot be read.
    pub fn of(&mut self, stored: &StoredClaim) -> Result<&DocumentInfo, tally_store::Error> {
        let hash = &stored.document_hash;
        if !self.known.contains_key(hash) {
            let info = self
                .ledger
                .document(hash)?
                .map(|stored| DocumentInfo::of(&stored.document))
                .unwrap_or_default();
            self.known.insert(hash.clone(), info);
        }
        Ok(&self.known[hash])
    }
}

/// An exported claim as JSON: the claim's one JSON shape with its document's title, URL
/// and publication day.
#[derive(Serialize)]
struct ExportJson<'a> {
    #[serde(flatten)]
    claim: ClaimJson<'a>,
    #[serde(flatten)]
    document: &'a DocumentInfo,
}

/// Writes one stored claim as a JSON line.
pub fn write_jsonl(out: &mut impl Write, stored: &StoredClaim) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &ClaimJson::new(stored))?;
    out.write_all(b"\n")
}

/// Writes one stored claim as a JSON line with its document's title, URL and publication
/// day (`tally export`).
pub fn write_export_jsonl(
    out: &mut impl Write,
    stored: &StoredClaim,
    document: &DocumentInfo,
) -> io::Result<()> {
    let json = ExportJson {
        claim: ClaimJson::new(stored),
        document,
    };
    serde_json::to_writer(&mut *out, &json)?;
    out.write_all(b"\n")
}

/// The CSV columns, one row per claim.
pub const CSV_HEADER: [&str; 43] = [
    "id",
    "document",
    "doc",
    "title",
    "url",
    "published",
    "kind",
    "low",
    "high",
    "approx",
    "metric",
    "increment",
    "of",
    "actor",
    "role",
    "source",
    "as_of_first",
    "as_of_last",
    "stated",
    "confidence",
    "probability_low",
    "probability_high",
    "modality",
    "scope",
    "place",
    "place_name",
    "place_country",
    "place_region",
    "place_lat",
    "place_lon",
    "group",
    "part_of_number_start",
    "evidence_field",
    "sentence_start",
    "sentence_end",
    "number_start",
    "number_end",
    "number",
    "sentence",
    "rules",
    "grammar_version",
    "review",
    "reviewed",
];

/// The cells of a claim's CSV row, in the order of [`CSV_HEADER`]; empty for none.
pub fn csv_cells(stored: &StoredClaim, document: &DocumentInfo) -> [String; 43] {
    let claim = &stored.claim;
    let evidence = &claim.evidence;
    let opt = |value: Option<String>| value.unwrap_or_default();
    let place = claim.place.as_ref();
    let number = evidence
        .split_at_number()
        .map_or("", |(_, number, _)| number);
    [
        stored.id.to_string(),
        stored.document_hash.to_string(),
        claim.doc.clone(),
        opt(document.title.clone()),
        opt(document.url.clone()),
        opt(document.published.map(|day| day.to_string())),
        claim.kind.as_str().to_string(),
        opt(claim.value.low.map(|x| x.to_string())),
        opt(claim.value.high.map(|x| x.to_string())),
        claim.value.approx.to_string(),
        claim.metric.as_str().to_string(),
        claim.increment.to_string(),
        opt(claim.of.map(|m| m.as_str().to_string())),
        opt(claim.actor.clone()),
        claim.role.as_str().to_string(),
        opt(claim.source.clone()),
        opt(claim.as_of.map(|span| span.first.to_string())),
        opt(claim.as_of.map(|span| span.last.to_string())),
        opt(claim.stated.map(|day| day.to_string())),
        opt(claim.confidence.clone()),
        opt(claim.probability.map(|[low, _]| low.to_string())),
        opt(claim.probability.map(|[_, high]| high.to_string())),
        claim.modality.as_str().to_string(),
        claim.scope.as_str().to_string(),
        opt(place.map(|p| p.text.clone())),
        opt(place.and_then(|p| p.name.clone())),
        opt(place.and_then(|p| p.country.clone())),
        opt(place.and_then(|p| p.region.clone())),
        opt(place.and_then(|p| p.lat).map(|x| x.to_string())),
        opt(place.and_then(|p| p.lon).map(|x| x.to_string())),
        opt(claim.group.clone()),
        opt(claim.part_of.map(|span| span.start.to_string())),
        match evidence.field {
            tally_core::EvidenceField::Text => "text",
            tally_core::EvidenceField::Title => "title",
        }
        .to_string(),
        evidence.sentence.start.to_string(),
        evidence.sentence.end.to_string(),
        evidence.number.start.to_string(),
        evidence.number.end.to_string(),
        number.to_string(),
        evidence.text.clone(),
        claim.rules.join(" "),
        claim.grammar_version.clone(),
        opt(stored
            .review
            .as_ref()
            .map(|r| r.status.as_str().to_string())),
        opt(stored.review.as_ref().map(|r| r.fields.join(" "))),
    ]
}

/// Writes one CSV record (RFC 4180: fields with a comma, quote or line break are quoted).
pub fn write_csv_record<S: AsRef<str>>(out: &mut impl Write, cells: &[S]) -> io::Result<()> {
    for (cell_idx, cell) in cells.iter().enumerate() {
        if cell_idx > 0 {
            out.write_all(b",")?;
        }
        let cell = cell.as_ref();
        if cell.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", cell.replace('"', "\"\""))?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::sample_extraction;
    use tally_core::Claim;
    use tally_store::DocumentHash;

    fn stored() -> StoredClaim {
        let claim = sample_extraction().claims[0].clone();
        StoredClaim {
            id: 7,
            document_hash: DocumentHash::of_text("x"),
            claim,
            review: None,
        }
    }

    #[test]
    fn a_json_line_is_the_claim_with_its_id() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &stored()).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["id"], 7);
        assert_eq!(json["low"], 5000);
        assert_eq!(json["evidence"]["number"]["start"], 18);
        let mut claim: Claim = serde_json::from_value(json).unwrap();
        // The qualifier is not part of the JSON claim; the bounds say it.
        claim.value.qualifier = stored().claim.value.qualifier;
        assert_eq!(claim, stored().claim);
    }

    #[test]
    fn an_exported_json_line_names_its_document() {
        let document = DocumentInfo {
            title: Some("Troops sent".into()),
            url: Some("https://example.org/a".into()),
            published: Some(jiff::civil::date(2025, 4, 1)),
        };
        let mut out = Vec::new();
        write_export_jsonl(&mut out, &stored(), &document).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["id"], 7);
        assert_eq!(json["title"], "Troops sent");
        assert_eq!(json["url"], "https://example.org/a");
        assert_eq!(json["published"], "2025-04-01");
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        let mut out = Vec::new();
        write_csv_record(&mut out, &CSV_HEADER).unwrap();
        let document = DocumentInfo {
            title: Some("Troops, sent".into()),
            url: Some("https://example.org/a".into()),
            published: Some(jiff::civil::date(2025, 4, 1)),
        };
        write_csv_record(&mut out, &csv_cells(&stored(), &document)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let header = text.lines().next().unwrap();
        assert!(
            header.starts_with("id,document,doc,title,url,published,kind,"),
            "{header}"
        );
        let row = text.lines().nth(1).unwrap();
        assert!(row.starts_with("7,"), "{row}");
        assert!(
            row.contains(",seed.txt,\"Troops, sent\",https://example.org/a,2025-04-01,count,"),
            "{row}"
        );
        assert!(row.contains(",5000,,false,casualties,"), "{row}");
        assert!(
            row.contains(",Over 5,000,") || row.contains(",\"Over 5,000\","),
            "{row}"
        );
    }
}
