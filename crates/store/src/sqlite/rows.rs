//! Claims and documents to and from rows.

use rusqlite::types::Value as SqlValue;
use rusqlite::Row;
use serde_json::Value as Json;
use tally_core::{
    Claim, DateSpan, Document, Evidence, EvidenceField, Kind, Metric, Modality, Qualifier, Role, Span, Value,
};

use crate::{DocumentHash, Error, StoredClaim, StoredDocument};

/// The claim columns, in the order of [`claim_values`] and [`claim_from_row`] (after `id`
/// and `document_hash`).
pub(crate) const CLAIM_COLUMNS: &str = "doc, kind, low, high, approx, qualifier, metric, increment, of_metric, \
     actor, role, source, as_of_first, as_of_last, stated, confidence, probability_low, \
     probability_high, modality, evidence_field, sentence_start, sentence_end, number_start, \
     number_end, sentence, rules, grammar_version";

/// How many columns [`CLAIM_COLUMNS`] names.
pub(crate) const N_CLAIM_COLUMNS: usize = 27;

/// The name serde gives a unit enum variant (`Kind::Count` → `"count"`).
fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Json::String(name)) => name,
        _ => String::new(),
    }
}

/// A unit enum variant from its serde name.
fn parse_name<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(Json::String(name.to_string())).ok()
}

fn text(value: Option<&str>) -> SqlValue {
    value.map_or(SqlValue::Null, |s| SqlValue::Text(s.to_string()))
}

fn real(value: Option<f64>) -> SqlValue {
    value.map_or(SqlValue::Null, SqlValue::Real)
}

fn offset(value: usize) -> SqlValue {
    SqlValue::Integer(i64::try_from(value).unwrap_or(i64::MAX))
}

/// The values of the claim columns, in the order of [`CLAIM_COLUMNS`].
pub(crate) fn claim_values(claim: &Claim) -> [SqlValue; N_CLAIM_COLUMNS] {
    let evidence = &claim.evidence;
    let field = match evidence.field {
        EvidenceField::Text => "text",
        EvidenceField::Title => "title",
    };
    [
        SqlValue::Text(claim.doc.clone()),
        SqlValue::Text(name_of(&claim.kind)),
        real(claim.value.low),
        real(claim.value.high),
        SqlValue::Integer(i64::from(claim.value.approx)),
        SqlValue::Text(name_of(&claim.value.qualifier)),
        SqlValue::Text(claim.metric.as_str().to_string()),
        SqlValue::Integer(i64::from(claim.increment)),
        text(claim.of.map(Metric::as_str)),
        text(claim.actor.as_deref()),
        SqlValue::Text(claim.role.as_str().to_string()),
        text(claim.source.as_deref()),
        text(claim.as_of.map(|span| span.first.to_string()).as_deref()),
        text(claim.as_of.map(|span| span.last.to_string()).as_deref()),
        text(claim.stated.map(|day| day.to_string()).as_deref()),
        text(claim.confidence.as_deref()),
        real(claim.probability.map(|[low, _]| low)),
        real(claim.probability.map(|[_, high]| high)),
        SqlValue::Text(claim.modality.as_str().to_string()),
        SqlValue::Text(field.to_string()),
        offset(evidence.sentence.start),
        offset(evidence.sentence.end),
        offset(evidence.number.start),
        offset(evidence.number.end),
        SqlValue::Text(evidence.text.clone()),
        SqlValue::Text(claim.rules.join(" ")),
        SqlValue::Text(claim.grammar_version.clone()),
    ]
}

/// Reads one claim column after another, naming the claim and column in errors.
struct Columns<'r, 's> {
    row: &'r Row<'s>,
    id: i64,
    next: usize,
}

impl Columns<'_, '_> {
    fn get<T: rusqlite::types::FromSql>(&mut self) -> Result<T, Error> {
        let value = self.row.get(self.next)?;
        self.next += 1;
        Ok(value)
    }

    fn bad(&self, field: &'static str, value: impl Into<String>) -> Error {
        Error::BadClaim { id: self.id, field, value: value.into() }
    }

    fn named<T: serde::de::DeserializeOwned>(&mut self, field: &'static str) -> Result<T, Error> {
        let name: String = self.get()?;
        parse_name(&name).ok_or_else(|| self.bad(field, name))
    }

    fn date(&mut self, field: &'static str) -> Result<Option<jiff::civil::Date>, Error> {
        let day: Option<String> = self.get()?;
        match day {
            None => Ok(None),
            Some(day) => day.parse().map(Some).map_err(|_| self.bad(field, day)),
        }
    }

    fn offset(&mut self, field: &'static str) -> Result<usize, Error> {
        let value: i64 = self.get()?;
        usize::try_from(value).map_err(|_| self.bad(field, value.to_string()))
    }
}

/// A stored claim from a row of `id, document_hash, <CLAIM_COLUMNS>`.
pub(crate) fn claim_from_row(row: &Row<'_>) -> Result<StoredClaim, Error> {
    let id: i64 = row.get(0)?;
    let hash: String = row.get(1)?;
    let document_hash =
        DocumentHash::parse(&hash).ok_or(Error::BadClaim { id, field: "document_hash", value: hash })?;
    let mut c = Columns { row, id, next: 2 };
    let doc: String = c.get()?;
    let kind: Kind = c.named("kind")?;
    let low: Option<f64> = c.get()?;
    let high: Option<f64> = c.get()?;
    let approx: bool = c.get()?;
    let qualifier: Qualifier = c.named("qualifier")?;
    let metric: String = c.get()?;
    let metric: Metric = metric.parse().map_err(|_| c.bad("metric", metric))?;
    let increment: bool = c.get()?;
    let of: Option<String> = c.get()?;
    let of = match of {
        None => None,
        Some(of) => Some(of.parse::<Metric>().map_err(|_| c.bad("of", of))?),
    };
    let actor: Option<String> = c.get()?;
    let role: String = c.get()?;
    let role: Role = role.parse().map_err(|_| c.bad("role", role))?;
    let source: Option<String> = c.get()?;
    let first = c.date("as_of_first")?;
    let last = c.date("as_of_last")?;
    let as_of = match (first, last) {
        (Some(first), Some(last)) => Some(DateSpan::new(first, last)),
        (Some(day), None) | (None, Some(day)) => Some(DateSpan::day(day)),
        (None, None) => None,
    };
    let stated = c.date("stated")?;
    let confidence: Option<String> = c.get()?;
    let probability_low: Option<f64> = c.get()?;
    let probability_high: Option<f64> = c.get()?;
    let probability = match (probability_low, probability_high) {
        (Some(low), Some(high)) => Some([low, high]),
        _ => None,
    };
    let modality: Modality = c.named("modality")?;
    let field: EvidenceField = c.named("evidence_field")?;
    let sentence = Span::new(c.offset("sentence_start")?, c.offset("sentence_end")?);
    let number = Span::new(c.offset("number_start")?, c.offset("number_end")?);
    let sentence_text: String = c.get()?;
    let rules: String = c.get()?;
    let grammar_version: String = c.get()?;
    let claim = Claim {
        doc,
        kind,
        value: Value { low, high, approx, qualifier },
        metric,
        increment,
        of,
        actor,
        role,
        source,
        as_of,
        stated,
        confidence,
        probability,
        modality,
        evidence: Evidence { sentence, number, text: sentence_text, field, ..Evidence::default() },
        rules: rules.split_whitespace().map(str::to_string).collect(),
        grammar_version,
    };
    Ok(StoredClaim { id, document_hash, claim })
}

/// The document columns, in the order of [`document_from_row`].
pub(crate) const DOCUMENT_COLUMNS: &str =
    "hash, doc_id, url, title, publisher, lang, published, ingested_at, grammar_version, text";

/// A stored document from a row of [`DOCUMENT_COLUMNS`].
pub(crate) fn document_from_row(row: &Row<'_>) -> Result<StoredDocument, Error> {
    let hash: String = row.get(0)?;
    let bad = |field: &'static str, value: String| Error::BadDocument { hash: hash.clone(), field, value };
    let document_hash = DocumentHash::parse(&hash).ok_or_else(|| bad("hash", hash.clone()))?;
    let published: Option<String> = row.get(6)?;
    let published = match published {
        None => None,
        Some(day) => Some(day.parse().map_err(|_| bad("published", day))?),
    };
    let ingested_at: String = row.get(7)?;
    let ingested_at = ingested_at.parse().map_err(|_| bad("ingested_at", ingested_at))?;
    let document = Document {
        id: row.get(1)?,
        url: row.get(2)?,
        title: row.get(3)?,
        publisher: row.get(4)?,
        lang: row.get(5)?,
        published,
        text: row.get(9)?,
    };
    Ok(StoredDocument { hash: document_hash, document, ingested_at, grammar_version: row.get(8)? })
}
