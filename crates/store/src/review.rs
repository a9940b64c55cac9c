//! What analysts add to the ledger: reviews of claims and grades of sources. Both are rows
//! of their own, never edits: a review names the claim it was made on and, so that it
//! outlives re-extraction, the claim's document and number span; the claims a reader sees
//! are the extracted ones with their reviews applied ([`resolve`], [`Reviewed::apply`]).
//!
//! Reviews of one claim accumulate in the order they were made: each correction sets a
//! field (a later one of the same field wins), and the claim's status is that of its
//! latest review: confirmed, corrected, or rejected (a rejected claim is left out of every
//! listing and series, but [`crate::Ledger::claim`] still shows it).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde_json::{json, Value as Json};
use tally_core::{
    Claim, DateSpan, EvidenceField, Grade, Metric, Modality, Place, Role, Scope, Span, Value,
};

use crate::DocumentHash;

/// What a review does to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewAction {
    /// The claim is right as it stands.
    Confirm,
    /// The claim is wrong and left out.
    Reject,
    /// Some fields are set by hand.
    Correct,
}

impl ReviewAction {
    /// The name stored and shown: `confirm`, `reject` or `correct`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Confirm => "confirm",
            ReviewAction::Reject => "reject",
            ReviewAction::Correct => "correct",
        }
    }

    /// The action of its stored name.
    pub fn parse(name: &str) -> Option<ReviewAction> {
        [
            ReviewAction::Confirm,
            ReviewAction::Reject,
            ReviewAction::Correct,
        ]
        .into_iter()
        .find(|action| action.as_str() == name)
    }
}

/// One field of a claim set by hand, with its new value.
#[derive(Debug, Clone, PartialEq)]
pub enum Correction {
    /// The bounds and approximation (the qualifier follows from the bounds).
    Value(Value),
    /// What is counted.
    Metric(Metric),
    /// Who is counted; `None` for unknown.
    Actor(Option<String>),
    /// Military, civilian or unspecified.
    Role(Role),
    /// Total, period or event.
    Scope(Scope),
    /// Where; `None` for nowhere named.
    Place(Option<Place>),
    /// Who says it (a canonical name); `None` for unknown.
    Source(Option<String>),
    /// The days the figure refers to.
    AsOf(Option<DateSpan>),
    /// The day the source stated it.
    Stated(Option<Date>),
    /// Report, estimate or projection.
    Modality(Modality),
}

impl Correction {
    /// The fields a review can set, by their JSON names.
    pub const FIELDS: [&'static str; 10] = [
        "value", "metric", "actor", "role", "scope", "place", "source", "as_of", "stated",
        "modality",
    ];

    /// The field's JSON name.
    pub fn field(&self) -> &'static str {
        match self {
            Correction::Value(_) => "value",
            Correction::Metric(_) => "metric",
            Correction::Actor(_) => "actor",
            Correction::Role(_) => "role",
            Correction::Scope(_) => "scope",
            Correction::Place(_) => "place",
            Correction::Source(_) => "source",
            Correction::AsOf(_) => "as_of",
            Correction::Stated(_) => "stated",
            Correction::Modality(_) => "modality",
        }
    }

    /// The new value as JSON, in the claim's own JSON shape.
    pub fn to_json(&self) -> Json {
        match self {
            Correction::Value(value) => value_json(value),
            Correction::Metric(metric) => json!(metric.as_str()),
            Correction::Actor(actor) => json!(actor),
            Correction::Role(role) => json!(role.as_str()),
            Correction::Scope(scope) => json!(scope.as_str()),
            Correction::Place(place) => serde_json::to_value(place).unwrap_or(Json::Null),
            Correction::Source(source) => json!(source),
            Correction::AsOf(as_of) => serde_json::to_value(as_of).unwrap_or(Json::Null),
            Correction::Stated(stated) => json!(stated.map(|day| day.to_string())),
            Correction::Modality(modality) => json!(modality.as_str()),
        }
    }

    /// A correction of `field` from its JSON value; `None` when either cannot be read.
    pub fn from_json(field: &str, value: &Json) -> Option<Correction> {
        let text = || value.as_str();
        let optional_text = || match value {
            Json::Null => Some(None),
            Json::String(s) => Some(Some(s.clone())),
            _ => None,
        };
        Some(match field {
            "value" => Correction::Value(value_from_json(value)?),
            "metric" => Correction::Metric(text()?.parse().ok()?),
            "actor" => Correction::Actor(optional_text()?),
            "role" => Correction::Role(text()?.parse().ok()?),
            "scope" => Correction::Scope(text()?.parse().ok()?),
            "place" => Correction::Place(serde_json::from_value(value.clone()).ok()?),
            "source" => Correction::Source(optional_text()?),
            "as_of" => Correction::AsOf(serde_json::from_value(value.clone()).ok()?),
            "stated" => Correction::Stated(match optional_text()? {
                None => None,
                Some(day) => Some(day.parse().ok()?),
            }),
            "modality" => Correction::Modality(text()?.parse().ok()?),
            _ => return None,
        })
    }

    /// The claim's present value of `field` as JSON (`null` for an unknown field).
    pub fn current(field: &str, claim: &Claim) -> Json {
        let correction = match field {
            "value" => Correction::Value(claim.value),
            "metric" => Correction::Metric(claim.metric),
            "actor" => Correction::Actor(claim.actor.clone()),
            "role" => Correction::Role(claim.role),
            "scope" => Correction::Scope(claim.scope),
            "place" => Correction::Place(claim.place.clone()),
            "source" => Correction::Source(claim.source.clone()),
            "as_of" => Correction::AsOf(claim.as_of),
            "stated" => Correction::Stated(claim.stated),
            "modality" => Correction::Modality(claim.modality),
            _ => return Json::Null,
        };
        correction.to_json()
    }

    /// Sets the field on `claim`.
    pub fn apply(&self, claim: &mut Claim) {
        match self {
            Correction::Value(value) => claim.value = *value,
            Correction::Metric(metric) => claim.metric = *metric,
            Correction::Actor(actor) => claim.actor.clone_from(actor),
            Correction::Role(role) => claim.role = *role,
            Correction::Scope(scope) => claim.scope = *scope,
            Correction::Place(place) => claim.place.clone_from(place),
            Correction::Source(source) => claim.source.clone_from(source),
            Correction::AsOf(as_of) => claim.as_of = *as_of,
            Correction::Stated(stated) => claim.stated = *stated,
            Correction::Modality(modality) => claim.modality = *modality,
        }
    }
}

fn value_json(value: &Value) -> Json {
    json!({ "low": value.low, "high": value.high, "approx": value.approx })
}

/// A value from `{"low", "high", "approx"}`, its qualifier following from its bounds.
fn value_from_json(json: &Json) -> Option<Value> {
    let bound = |name: &str| match json.get(name) {
        None | Some(Json::Null) => Some(None),
        Some(x) => x.as_f64().map(Some),
    };
    let (low, high) = (bound("low")?, bound("high")?);
    let approx = json.get("approx").and_then(Json::as_bool).unwrap_or(false);
    let mut value = match (low, high) {
        (Some(low), Some(high)) if low == high => Value::point(low),
        (Some(low), Some(high)) => Value::range(low, high),
        (Some(low), None) => Value::at_least(low),
        (None, Some(high)) => Value::at_most(high),
        (None, None) => return None,
    };
    if approx && value.is_point() {
        value = Value::approx(low?);
    }
    value.approx = approx;
    Some(value)
}

/// A review to be stored: on which claim, by whom, what it does and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    /// The claim's ledger id.
    pub claim_id: i64,
    /// Who reviews it.
    pub by: String,
    /// Confirm, reject or correct.
    pub action: ReviewAction,
    /// The fields set (for [`ReviewAction::Correct`]).
    pub corrections: Vec<Correction>,
    /// Why.
    pub reason: String,
}

/// A stored review.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Its id, in the order reviews were made.
    pub id: i64,
    /// The claim it was made on (which re-extraction may have replaced).
    pub claim_id: i64,
    /// The claim's document.
    pub document_hash: DocumentHash,
    /// Which field of the document the claim's spans point into.
    pub field: EvidenceField,
    /// The claim's number span: a new claim with the same document and span takes the
    /// review over.
    pub number: Span,
    /// Who made it.
    pub by: String,
    /// When.
    pub at: jiff::Timestamp,
    /// Confirm, reject or correct.
    pub action: ReviewAction,
    /// The fields set.
    pub corrections: Vec<Correction>,
    /// What changed, as stored: `{"actor": {"from": "RUS", "to": "UKR"}}`.
    pub changes: Json,
    /// Why.
    pub reason: String,
}

/// The changes JSON of a review: each field's value before and after.
pub(crate) fn changes_json(claim: &Claim, corrections: &[Correction]) -> Json {
    let mut changes = serde_json::Map::new();
    for correction in corrections {
        changes.insert(
            correction.field().to_string(),
            json!({ "from": Correction::current(correction.field(), claim), "to": correction.to_json() }),
        );
    }
    Json::Object(changes)
}

/// The corrections of a stored changes JSON; `None` when it cannot be read.
pub(crate) fn corrections_from(changes: &Json) -> Option<Vec<Correction>> {
    let object = changes.as_object()?;
    object
        .iter()
        .map(|(field, change)| Correction::from_json(field, change.get("to")?))
        .collect()
}

/// A claim's review status: that of its latest review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    /// A person confirmed it.
    Confirmed,
    /// A person set some of its fields.
    Corrected,
    /// A person rejected it: it is left out of listings and series.
    Rejected,
}

impl ReviewStatus {
    /// `confirmed`, `corrected` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::Corrected => "corrected",
            ReviewStatus::Rejected => "rejected",
        }
    }
}

/// What people did to a claim: its status, the fields they set, and the reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    /// The status of the latest review.
    pub status: ReviewStatus,
    /// The fields set by hand, in the order of [`Correction::FIELDS`].
    pub fields: Vec<&'static str>,
    /// The ids of the reviews, oldest first.
    pub reviews: Vec<i64>,
    corrections: BTreeMap<usize, Correction>,
}

impl Reviewed {
    fn new() -> Reviewed {
        Reviewed {
            status: ReviewStatus::Confirmed,
            fields: Vec::new(),
            reviews: Vec::new(),
            corrections: BTreeMap::new(),
        }
    }

    fn add(&mut self, review: &Review) {
        self.reviews.push(review.id);
        self.status = match review.action {
            ReviewAction::Confirm => ReviewStatus::Confirmed,
            ReviewAction::Reject => ReviewStatus::Rejected,
            ReviewAction::Correct => ReviewStatus::Corrected,
        };
        for correction in &review.corrections {
            let idx = Correction::FIELDS
                .iter()
                .position(|field| *field == correction.field())
                .unwrap_or(Correction::FIELDS.len());
            self.corrections.insert(idx, correction.clone());
        }
        self.fields = self.corrections.values().map(Correction::field).collect();
    }

    /// Whether the claim was rejected.
    pub fn is_rejected(&self) -> bool {
        self.status == ReviewStatus::Rejected
    }

    /// Sets the corrected fields on the claim.
    pub fn apply(&self, claim: &mut Claim) {
        for correction in self.corrections.values() {
            correction.apply(claim);
        }
    }
}

/// Where a claim stands: what a review needs to find it again after re-extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSpot {
    /// The claim's id.
    pub id: i64,
    /// Its document.
    pub document_hash: DocumentHash,
    /// Which field of the document its spans point into.
    pub field: EvidenceField,
    /// Its number span.
    pub number: Span,
}

/// The reviews applied to the claims they bear on, and the reviews whose claim is gone.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub by_claim: HashMap<i64, Reviewed>,
    pub orphans: Vec<Review>,
}

/// Each review's claim: the claim it was made on while it exists at the same document,
/// field and number span (SQLite may give a freed id to a new claim), else the first claim
/// (lowest id) of that document, field and number span; none, and the review is an
/// orphan. `spots` are the claims of the reviews' documents; reviews come in id order.
pub(crate) fn resolve(reviews: Vec<Review>, spots: &[ClaimSpot]) -> Resolved {
    let mut ids: HashMap<i64, (&str, bool, usize, usize)> = HashMap::new();
    let mut at_span: HashMap<(&str, bool, usize, usize), i64> = HashMap::new();
    for spot in spots {
        let key = (
            spot.document_hash.as_str(),
            spot.field == EvidenceField::Title,
            spot.number.start,
            spot.number.end,
        );
        ids.insert(spot.id, key);
        at_span
            .entry(key)
            .and_modify(|id| *id = (*id).min(spot.id))
            .or_insert(spot.id);
    }
    let mut resolved = Resolved::default();
    for review in reviews {
        let key = (
            review.document_hash.as_str(),
            review.field == EvidenceField::Title,
            review.number.start,
            review.number.end,
        );
        // An id is the claim reviewed only while it stands where that claim stood: a
        // backend may give a re-extracted claim an id that was freed.
        let target = if ids.get(&review.claim_id) == Some(&key) {
            Some(review.claim_id)
        } else {
            at_span.get(&key).copied()
        };
        match target {
            Some(id) => resolved
                .by_claim
                .entry(id)
                .or_insert_with(Reviewed::new)
                .add(&review),
            None => resolved.orphans.push(review),
        }
    }
    resolved
}

/// A grade to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewGrade {
    /// The source's canonical name.
    pub source: String,
    /// Its reliability.
    pub grade: Grade,
    /// Who grades it.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// A stored grade of a source. The latest grade of a source is its grade; earlier ones
/// stay as its history.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceGrade {
    /// Its id, in the order grades were given.
    pub id: i64,
    /// The source's canonical name.
    pub source: String,
    /// Its reliability.
    pub grade: Grade,
    /// Who graded it.
    pub by: String,
    /// When.
    pub at: jiff::Timestamp,
    /// Why.
    pub reason: String,
}

/// The latest grade of each source.
pub fn latest_grades(grades: &[SourceGrade]) -> HashMap<String, Grade> {
    let mut latest: HashMap<String, (i64, Grade)> = HashMap::new();
    for grade in grades {
        let entry = latest
            .entry(grade.source.clone())
            .or_insert((grade.id, grade.grade));
        if grade.id >= entry.0 {
            *entry = (grade.id, grade.grade);
        }
    }
    latest
        .into_iter()
        .map(|(source, (_, grade))| (source, grade))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_round_trip_through_json() {
        let day: Date = "2025-03-28".parse().unwrap();
        let corrections = [
            Correction::Value(Value::at_least(5000.0)),
            Correction::Value(Value::approx(4000.0)),
            Correction::Value(Value::range(10.0, 12.0)),
            Correction::Metric(Metric::Killed),
            Correction::Actor(Some("UKR".into())),
            Correction::Actor(None),
            Correction::Role(Role::Civilian),
            Correction::Scope(Scope::Event),
            Correction::Place(Some(Place {
                text: "Kharkiv".into(),
                ..Place::default()
            })),
            Correction::Source(Some("UN".into())),
            Correction::AsOf(Some(DateSpan::day(day))),
            Correction::Stated(Some(day)),
            Correction::Modality(Modality::Estimate),
        ];
        for correction in corrections {
            let back = Correction::from_json(correction.field(), &correction.to_json());
            assert_eq!(back.as_ref(), Some(&correction));
        }
        assert_eq!(Correction::from_json("actor", &json!(3)), None);
        assert_eq!(Correction::from_json("colour", &json!("red")), None);
    }
}
