//! Claims and documents to and from rows, for every backend: the values of a claim's
//! columns as [`Cell`]s, and a stored claim or document read back through [`Cells`].

use serde_json::Value as Json;
use tally_core::{
    Claim, DateSpan, Document, Evidence, EvidenceField, Kind, Metric, Modality, Place, Qualifier,
    Role, Scope, Span, Value,
};

use crate::review::{self, ClaimSpot, Review, ReviewAction, SourceGrade};
use crate::{DocumentHash, Error, StoredClaim, StoredDocument};

/// The claim columns, in the order of [`claim_cells`] and [`claim_from`] (after `id` and
/// `document_hash`).
pub(crate) const CLAIM_COLUMNS: &str =
    "doc, kind, low, high, approx, qualifier, metric, increment, of_metric, \
     actor, role, source, as_of_first, as_of_last, stated, confidence, probability_low, \
     probability_high, modality, evidence_field, sentence_start, sentence_end, number_start, \
     number_end, sentence, rules, grammar_version, scope, place_text, place_name, place_country, \
     place_region, place_lat, place_lon, subgroup, part_of_start, part_of_end";

/// How many columns [`CLAIM_COLUMNS`] names.
pub(crate) const N_CLAIM_COLUMNS: usize = 37;

/// The claim columns that hold a day (`YYYY-MM-DD`).
pub(crate) const CLAIM_DATE_COLUMNS: [&str; 3] = ["as_of_first", "as_of_last", "stated"];

/// The document columns, in the order of [`document_from`].
pub(crate) const DOCUMENT_COLUMNS: &str =
    "hash, doc_id, url, title, publisher, lang, published, ingested_at, grammar_version, text";

/// One column value, whatever the backend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Text(String),
    Real(f64),
    Integer(i64),
    Bool(bool),
}

/// Reads the columns of one row by index; each backend adapts its row type.
pub(crate) trait Cells {
    fn text(&self, idx: usize) -> Result<Option<String>, Error>;
    fn real(&self, idx: usize) -> Result<Option<f64>, Error>;
    fn integer(&self, idx: usize) -> Result<i64, Error>;
    fn optional_integer(&self, idx: usize) -> Result<Option<i64>, Error>;
    fn boolean(&self, idx: usize) -> Result<bool, Error>;
}

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

fn text(value: Option<&str>) -> Cell {
    value.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
}

fn real(value: Option<f64>) -> Cell {
    value.map_or(Cell::Null, Cell::Real)
}

fn offset(value: usize) -> Cell {
    Cell::Integer(i64::try_from(value).unwrap_or(i64::MAX))
}

/// The values of the claim columns, in the order of [`CLAIM_COLUMNS`].
pub(crate) fn claim_cells(claim: &Claim) -> [Cell; N_CLAIM_COLUMNS] {
    let evidence = &claim.evidence;
    let place = claim.place.as_ref();
    let field = match evidence.field {
        EvidenceField::Text => "text",
        EvidenceField::Title => "title",
    };
    [
        Cell::Text(claim.doc.clone()),
        Cell::Text(name_of(&claim.kind)),
        real(claim.value.low),
        real(claim.value.high),
        Cell::Bool(claim.value.approx),
        Cell::Text(name_of(&claim.value.qualifier)),
        Cell::Text(claim.metric.as_str().to_string()),
        Cell::Bool(claim.increment),
        text(claim.of.map(Metric::as_str)),
        text(claim.actor.as_deref()),
        Cell::Text(claim.role.as_str().to_string()),
        text(claim.source.as_deref()),
        text(claim.as_of.map(|span| span.first.to_string()).as_deref()),
        text(claim.as_of.map(|span| span.last.to_string()).as_deref()),
        text(claim.stated.map(|day| day.to_string()).as_deref()),
        text(claim.confidence.as_deref()),
        real(claim.probability.map(|[low, _]| low)),
        real(claim.probability.map(|[_, high]| high)),
        Cell::Text(claim.modality.as_str().to_string()),
        Cell::Text(field.to_string()),
        offset(evidence.sentence.start),
        offset(evidence.sentence.end),
        offset(evidence.number.start),
        offset(evidence.number.end),
        Cell::Text(evidence.text.clone()),
        Cell::Text(claim.rules.join(" ")),
        Cell::Text(claim.grammar_version.clone()),
        Cell::Text(claim.scope.as_str().to_string()),
        text(place.map(|p| p.text.as_str())),
        text(place.and_then(|p| p.name.as_deref())),
        text(place.and_then(|p| p.country.as_deref())),
        text(place.and_then(|p| p.region.as_deref())),
        real(place.and_then(|p| p.lat)),
        real(place.and_then(|p| p.lon)),
        text(claim.group.as_deref()),
        claim.part_of.map_or(Cell::Null, |span| offset(span.start)),
        claim.part_of.map_or(Cell::Null, |span| offset(span.end)),
    ]
}

/// Reads one claim column after another, naming the claim and column in errors.
struct Columns<'r> {
    row: &'r dyn Cells,
    id: i64,
    next: usize,
}

impl Columns<'_> {
    fn step(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    fn text(&mut self) -> Result<Option<String>, Error> {
        let idx = self.step();
        self.row.text(idx)
    }

    fn required(&mut self, field: &'static str) -> Result<String, Error> {
        self.text()?.ok_or_else(|| self.bad(field, "NULL"))
    }

    fn real(&mut self) -> Result<Option<f64>, Error> {
        let idx = self.step();
        self.row.real(idx)
    }

    fn boolean(&mut self) -> Result<bool, Error> {
        let idx = self.step();
        self.row.boolean(idx)
    }

    fn bad(&self, field: &'static str, value: impl Into<String>) -> Error {
        Error::BadClaim {
            id: self.id,
            field,
            value: value.into(),
        }
    }

    fn named<T: serde::de::DeserializeOwned>(&mut self, field: &'static str) -> Result<T, Error> {
        let name = self.required(field)?;
        parse_name(&name).ok_or_else(|| self.bad(field, name))
    }

    fn date(&mut self, field: &'static str) -> Result<Option<jiff::civil::Date>, Error> {
        match self.text()? {
            None => Ok(None),
            Some(day) => day.parse().map(Some).map_err(|_| self.bad(field, day)),
        }
    }

    fn optional_offset(&mut self, field: &'static str) -> Result<Option<usize>, Error> {
        let idx = self.step();
        match self.row.optional_integer(idx)? {
            None => Ok(None),
            Some(value) => usize::try_from(value)
                .map(Some)
                .map_err(|_| self.bad(field, value.to_string())),
        }
    }

    fn offset(&mut self, field: &'static str) -> Result<usize, Error> {
        let idx = self.step();
        let value = self.row.integer(idx)?;
        usize::try_from(value).map_err(|_| self.bad(field, value.to_string()))
    }
}

/// A stored claim from a row of `id, document_hash, <CLAIM_COLUMNS>` (days as
/// `YYYY-MM-DD` text).
pub(crate) fn claim_from(row: &dyn Cells) -> Result<StoredClaim, Error> {
    let id = row.integer(0)?;
    let hash = row.text(1)?.unwrap_or_default();
    let document_hash = DocumentHash::parse(&hash).ok_or(Error::BadClaim {
        id,
        field: "document_hash",
        value: hash,
    })?;
    let mut c = Columns { row, id, next: 2 };
    let doc = c.required("doc")?;
    let kind: Kind = c.named("kind")?;
    let low = c.real()?;
    let high = c.real()?;
    let approx = c.boolean()?;
    let qualifier: Qualifier = c.named("qualifier")?;
    let metric = c.required("metric")?;
    let metric: Metric = metric.parse().map_err(|_| c.bad("metric", metric))?;
    let increment = c.boolean()?;
    let of = match c.text()? {
        None => None,
        Some(of) => Some(of.parse::<Metric>().map_err(|_| c.bad("of", of))?),
    };
    let actor = c.text()?;
    let role = c.required("role")?;
    let role: Role = role.parse().map_err(|_| c.bad("role", role))?;
    let source = c.text()?;
    let first = c.date("as_of_first")?;
    let last = c.date("as_of_last")?;
    let as_of = match (first, last) {
        (Some(first), Some(last)) => Some(DateSpan::new(first, last)),
        (Some(day), None) | (None, Some(day)) => Some(DateSpan::day(day)),
        (None, None) => None,
    };
    let stated = c.date("stated")?;
    let confidence = c.text()?;
    let probability_low = c.real()?;
    let probability_high = c.real()?;
    let probability = match (probability_low, probability_high) {
        (Some(low), Some(high)) => Some([low, high]),
        _ => None,
    };
    let modality: Modality = c.named("modality")?;
    let field: EvidenceField = c.named("evidence_field")?;
    let sentence = Span::new(c.offset("sentence_start")?, c.offset("sentence_end")?);
    let number = Span::new(c.offset("number_start")?, c.offset("number_end")?);
    let sentence_text = c.required("sentence")?;
    let rules = c.required("rules")?;
    let grammar_version = c.required("grammar_version")?;
    let scope = c.required("scope")?;
    let scope: Scope = scope.parse().map_err(|_| c.bad("scope", scope))?;
    let place_text = c.text()?;
    let place_name = c.text()?;
    let place_country = c.text()?;
    let place_region = c.text()?;
    let place_lat = c.real()?;
    let place_lon = c.real()?;
    let place = place_text.map(|text| Place {
        text,
        name: place_name,
        country: place_country,
        region: place_region,
        lat: place_lat,
        lon: place_lon,
    });
    let group = c.text()?;
    let part_of_start = c.optional_offset("part_of_start")?;
    let part_of_end = c.optional_offset("part_of_end")?;
    let part_of = match (part_of_start, part_of_end) {
        (Some(start), Some(end)) => Some(Span::new(start, end)),
        _ => None,
    };
    let claim = Claim {
        doc,
        kind,
        value: Value {
            low,
            high,
            approx,
            qualifier,
        },
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
        scope,
        place,
        group,
        part_of,
        evidence: Evidence {
            sentence,
            number,
            text: sentence_text,
            field,
            ..Evidence::default()
        },
        rules: rules.split_whitespace().map(str::to_string).collect(),
        grammar_version,
    };
    Ok(StoredClaim {
        id,
        document_hash,
        claim,
        review: None,
    })
}

/// A stored document from a row of [`DOCUMENT_COLUMNS`] (the day as `YYYY-MM-DD`, the
/// ingestion time as RFC 3339 text).
pub(crate) fn document_from(row: &dyn Cells) -> Result<StoredDocument, Error> {
    let hash = row.text(0)?.unwrap_or_default();
    let bad = |field: &'static str, value: String| Error::BadDocument {
        hash: hash.clone(),
        field,
        value,
    };
    let required = |idx: usize, field: &'static str| -> Result<String, Error> {
        row.text(idx)?
            .ok_or_else(|| bad(field, String::from("NULL")))
    };
    let document_hash = DocumentHash::parse(&hash).ok_or_else(|| bad("hash", hash.clone()))?;
    let published = match row.text(6)? {
        None => None,
        Some(day) => Some(day.parse().map_err(|_| bad("published", day))?),
    };
    let ingested_at = required(7, "ingested_at")?;
    let ingested_at = ingested_at
        .parse()
        .map_err(|_| bad("ingested_at", ingested_at))?;
    let document = Document {
        id: required(1, "doc_id")?,
        url: row.text(2)?,
        title: row.text(3)?,
        publisher: row.text(4)?,
        lang: row.text(5)?,
        published,
        text: required(9, "text")?,
    };
    Ok(StoredDocument {
        hash: document_hash,
        document,
        ingested_at,
        grammar_version: required(8, "grammar_version")?,
    })
}

/// The review columns after `id`, in the order of [`review_from`] and [`review_cells`]
/// (`reviewed_at` as RFC 3339 text).
pub(crate) const REVIEW_COLUMNS: [&str; 10] = [
    "claim_id",
    "document_hash",
    "evidence_field",
    "number_start",
    "number_end",
    "reviewer",
    "reviewed_at",
    "action",
    "changes",
    "reason",
];

/// The grade columns after `id`, in the order of [`grade_from`] and [`grade_cells`]
/// (`graded_at` as RFC 3339 text).
pub(crate) const GRADE_COLUMNS: [&str; 5] = ["source", "grade", "grader", "graded_at", "reason"];

/// The values of [`REVIEW_COLUMNS`].
pub(crate) fn review_cells(review: &Review) -> Vec<Cell> {
    let field = match review.field {
        EvidenceField::Text => "text",
        EvidenceField::Title => "title",
    };
    vec![
        Cell::Integer(review.claim_id),
        Cell::Text(review.document_hash.as_str().to_string()),
        Cell::Text(field.to_string()),
        offset(review.number.start),
        offset(review.number.end),
        Cell::Text(review.by.clone()),
        Cell::Text(review.at.to_string()),
        Cell::Text(review.action.as_str().to_string()),
        Cell::Text(review.changes.to_string()),
        Cell::Text(review.reason.clone()),
    ]
}

/// The values of [`GRADE_COLUMNS`].
pub(crate) fn grade_cells(grade: &SourceGrade) -> Vec<Cell> {
    vec![
        Cell::Text(grade.source.clone()),
        Cell::Text(grade.grade.as_str().to_string()),
        Cell::Text(grade.by.clone()),
        Cell::Text(grade.at.to_string()),
        Cell::Text(grade.reason.clone()),
    ]
}

fn bad_row(table: &'static str, id: i64, field: &'static str, value: impl Into<String>) -> Error {
    Error::BadRow {
        table,
        id,
        field,
        value: value.into(),
    }
}

/// A review from a row of `id, <REVIEW_COLUMNS>`.
pub(crate) fn review_from(row: &dyn Cells) -> Result<Review, Error> {
    let id = row.integer(0)?;
    let bad = |field: &'static str, value: String| bad_row("reviews", id, field, value);
    let text = |idx: usize, field: &'static str| -> Result<String, Error> {
        row.text(idx)?
            .ok_or_else(|| bad(field, String::from("NULL")))
    };
    let offset = |idx: usize, field: &'static str| -> Result<usize, Error> {
        let value = row.integer(idx)?;
        usize::try_from(value).map_err(|_| bad(field, value.to_string()))
    };
    let hash = text(2, "document_hash")?;
    let document_hash =
        DocumentHash::parse(&hash).ok_or_else(|| bad("document_hash", hash.clone()))?;
    let field = text(3, "evidence_field")?;
    let field: EvidenceField = parse_name(&field).ok_or_else(|| bad("evidence_field", field))?;
    let at = text(7, "reviewed_at")?;
    let at = at.parse().map_err(|_| bad("reviewed_at", at))?;
    let action = text(8, "action")?;
    let action = ReviewAction::parse(&action).ok_or_else(|| bad("action", action))?;
    let changes = text(9, "changes")?;
    let changes: Json =
        serde_json::from_str(&changes).map_err(|_| bad("changes", changes.clone()))?;
    let corrections =
        review::corrections_from(&changes).ok_or_else(|| bad("changes", changes.to_string()))?;
    Ok(Review {
        id,
        claim_id: row.integer(1)?,
        document_hash,
        field,
        number: Span::new(offset(4, "number_start")?, offset(5, "number_end")?),
        by: text(6, "reviewer")?,
        at,
        action,
        corrections,
        changes,
        reason: text(10, "reason")?,
    })
}

/// A grade from a row of `id, <GRADE_COLUMNS>`.
pub(crate) fn grade_from(row: &dyn Cells) -> Result<SourceGrade, Error> {
    let id = row.integer(0)?;
    let bad = |field: &'static str, value: String| bad_row("source_grades", id, field, value);
    let text = |idx: usize, field: &'static str| -> Result<String, Error> {
        row.text(idx)?
            .ok_or_else(|| bad(field, String::from("NULL")))
    };
    let grade = text(2, "grade")?;
    let grade = grade.parse().map_err(|_| bad("grade", grade))?;
    let at = text(4, "graded_at")?;
    let at = at.parse().map_err(|_| bad("graded_at", at))?;
    Ok(SourceGrade {
        id,
        source: text(1, "source")?,
        grade,
        by: text(3, "grader")?,
        at,
        reason: text(5, "reason")?,
    })
}

/// A claim spot from a row of `id, document_hash, evidence_field, number_start, number_end`.
pub(crate) fn spot_from(row: &dyn Cells) -> Result<ClaimSpot, Error> {
    let id = row.integer(0)?;
    let hash = row.text(1)?.unwrap_or_default();
    let mut c = Columns { row, id, next: 2 };
    let document_hash = DocumentHash::parse(&hash).ok_or_else(|| c.bad("document_hash", hash))?;
    let field: EvidenceField = c.named("evidence_field")?;
    let number = Span::new(c.offset("number_start")?, c.offset("number_end")?);
    Ok(ClaimSpot {
        id,
        document_hash,
        field,
        number,
    })
}
