//! A claim: one asserted figure with its evidence.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{DateSpan, Value, GRAMMAR_VERSION};

/// What a figure measures: a count, a fraction of another quantity, or a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A number of people or things.
    Count,
    /// A share of another quantity (percentages are fractions: 40 % = 0.4).
    Fraction,
    /// A count per unit of time (per day).
    Rate,
}

impl Kind {
    /// The name used in JSON: `count`, `fraction` or `rate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Fraction => "fraction",
            Kind::Rate => "rate",
        }
    }
}

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Dead.
    Killed,
    /// Wounded or injured.
    Wounded,
    /// Killed and wounded together, or personnel "losses".
    Casualties,
    /// Taken prisoner.
    Captured,
    /// Missing.
    Missing,
    /// Sent, present or fighting.
    Deployed,
    /// Fled or displaced.
    Displaced,
    /// Arrested or detained.
    Detained,
    /// Military equipment destroyed, captured or lost.
    EquipmentLost,
    /// People counted for another reason.
    Other,
}

impl Metric {
    /// Every metric, in declaration order.
    pub const ALL: [Metric; 10] = [
        Metric::Killed,
        Metric::Wounded,
        Metric::Casualties,
        Metric::Captured,
        Metric::Missing,
        Metric::Deployed,
        Metric::Displaced,
        Metric::Detained,
        Metric::EquipmentLost,
        Metric::Other,
    ];

    /// The name used in JSON and in language data.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Killed => "killed",
            Metric::Wounded => "wounded",
            Metric::Casualties => "casualties",
            Metric::Captured => "captured",
            Metric::Missing => "missing",
            Metric::Deployed => "deployed",
            Metric::Displaced => "displaced",
            Metric::Detained => "detained",
            Metric::EquipmentLost => "equipment_lost",
            Metric::Other => "other",
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Metric {
    type Err = String;

    fn from_str(s: &str) -> Result<Metric, String> {
        Metric::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
                format!("unknown metric {s:?} (one of {})", names.join(", "))
            })
    }
}

/// Whether the people counted are combatants or civilians.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Soldiers, troops, fighters, militants, and military equipment.
    Military,
    /// Civilians, children, residents.
    Civilian,
    /// People, or not said.
    #[default]
    Unspecified,
}

impl Role {
    /// The name used in JSON and in language data.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Military => "military",
            Role::Civilian => "civilian",
            Role::Unspecified => "unspecified",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        match s {
            "military" => Ok(Role::Military),
            "civilian" => Ok(Role::Civilian),
            "unspecified" => Ok(Role::Unspecified),
            _ => Err(format!(
                "unknown role {s:?} (one of military, civilian, unspecified)"
            )),
        }
    }
}

/// Whether the figure is stated as fact, estimated, or projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated or confirmed as fact.
    #[default]
    Report,
    /// Estimated, assessed, believed, likely.
    Estimate,
    /// About the future or a hypothetical.
    Projection,
}

impl Modality {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Report => "report",
            Modality::Estimate => "estimate",
            Modality::Projection => "projection",
        }
    }
}

impl FromStr for Modality {
    type Err = String;

    fn from_str(s: &str) -> Result<Modality, String> {
        match s {
            "report" => Ok(Modality::Report),
            "estimate" => Ok(Modality::Estimate),
            "projection" => Ok(Modality::Projection),
            _ => Err(format!(
                "unknown modality {s:?} (one of report, estimate, projection)"
            )),
        }
    }
}

/// Which quantity of a story a figure counts: a running total, a stretch of it, or one
/// incident. Figures of different scopes are never fused into one series.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// How many up to or at a day: a running toll ("so far", "since the war began"), a
    /// force's size, people displaced or held on that day.
    #[default]
    Total,
    /// A count over a stated stretch that is not the whole story ("in the past 24 hours",
    /// "last week", "in 2024"); the stretch is the claim's `as_of`.
    Period,
    /// The people (or equipment) of one incident: a strike, an attack, a raid.
    Event,
}

impl Scope {
    /// Every scope, in declaration order.
    pub const ALL: [Scope; 3] = [Scope::Total, Scope::Period, Scope::Event];

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Total => "total",
            Scope::Period => "period",
            Scope::Event => "event",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Scope, String> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| format!("unknown scope {s:?} (one of total, period, event)"))
    }
}

/// Where a figure happened: the place as the text names it and, when the gazetteer knows
/// it, its canonical name, country, first-level region and coordinates.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Place {
    /// The place as written ("el-Fasher", "Kursk region").
    pub text: String,
    /// The gazetteer's name ("El Fasher"), when it knows the place.
    pub name: Option<String>,
    /// The country, ISO 3166-1 alpha-3 (`SDN`).
    pub country: Option<String>,
    /// The first-level region ("North Darfur").
    pub region: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
}

/// A half-open byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A span with the text it covers.
pub type TextSpan = (Span, String);

/// Which part of a document the evidence points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceField {
    /// The document's text.
    #[default]
    Text,
    /// The title kept apart from the text (a JSONL `title`); not scored.
    Title,
}

impl EvidenceField {
    fn is_text(&self) -> bool {
        *self == EvidenceField::Text
    }
}

/// Where a claim was found: byte spans of its sentence and of its number.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence holding the figure.
    pub sentence: Span,
    /// The figure with its qualifier ("over 5,000").
    pub number: Span,
    /// The sentence's text.
    pub text: String,
    /// The part of the document the offsets point into; omitted for the text.
    #[serde(default, skip_serializing_if = "EvidenceField::is_text")]
    pub field: EvidenceField,
    /// The source phrase as written ("the British Ministry of Defense"), when the text
    /// names one; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// The origins the source cites ("citing what Russian prisoners of war reported"),
    /// outermost first; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
}

impl Evidence {
    /// Evidence in `document_text` for a sentence and a number span.
    ///
    /// # Panics
    ///
    /// Panics if `sentence` is not a span of `document_text` on character boundaries.
    pub fn new(document_text: &str, sentence: Span, number: Span) -> Evidence {
        Evidence {
            sentence,
            number,
            text: document_text[sentence.start..sentence.end].to_string(),
            field: EvidenceField::Text,
            source: None,
            chain: Vec::new(),
        }
    }

    /// The sentence cut at its number: the text before it, the number as written, the text
    /// after it; `None` when the number's span is not inside the sentence's text (or does
    /// not fall on character boundaries).
    ///
    /// # Example
    ///
    /// ```
    /// use tally_core::{Evidence, Span};
    /// let text = "Over 5,000 soldiers were killed.";
    /// let evidence = Evidence::new(text, Span::new(0, text.len()), Span::new(0, 10));
    /// assert_eq!(evidence.split_at_number(), Some(("", "Over 5,000", " soldiers were killed.")));
    /// ```
    pub fn split_at_number(&self) -> Option<(&str, &str, &str)> {
        let start = self.number.start.checked_sub(self.sentence.start)?;
        let end = self.number.end.checked_sub(self.sentence.start)?;
        let number = self.text.get(start..end)?;
        Some((&self.text[..start], number, &self.text[end..]))
    }
}

/// One asserted figure, with the field names of `corpus/GOLD-FORMAT.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The document's id.
    pub doc: String,
    /// Count, fraction or rate.
    pub kind: Kind,
    /// The bounds and approximation.
    #[serde(flatten)]
    pub value: Value,
    /// What is counted.
    pub metric: Metric,
    /// Whether the figure adds to an earlier one ("an additional 3,000").
    pub increment: bool,
    /// For a fraction: the metric of the quantity it is a share of.
    pub of: Option<Metric>,
    /// Who is counted: ISO 3166-1 alpha-3 code or a lowercase slug; `None` if unknown.
    pub actor: Option<String>,
    /// Military, civilian or unspecified.
    pub role: Role,
    /// Who asserts the figure (canonical name), `"publisher"` for the article itself.
    pub source: Option<String>,
    /// The days the figure refers to.
    pub as_of: Option<DateSpan>,
    /// The day the source stated it.
    pub stated: Option<Date>,
    /// The estimative phrase the source used, lowercased.
    pub confidence: Option<String>,
    /// The probability band of `confidence`, `[low, high]` in 0–1.
    pub probability: Option<[f64; 2]>,
    /// Report, estimate or projection.
    pub modality: Modality,
    /// A running total, a count over a period, or the people of one incident.
    #[serde(default)]
    pub scope: Scope,
    /// The most specific named place the figure is tied to.
    #[serde(default)]
    pub place: Option<Place>,
    /// The subgroup the figure counts within its actor and role ("children", "women",
    /// "journalists"); a subgroup's series is its own. `None` for everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// For a figure that is part of another in the same document ("including 18,592
    /// children"), the number span of the whole; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Span>,
    /// Where the figure was found.
    pub evidence: Evidence,
    /// The ids of the rules that made the claim, in the order they applied.
    pub rules: Vec<String>,
    /// The grammar version that made the claim.
    pub grammar_version: String,
}

impl Claim {
    /// A claim with the given value and metric; every other field is empty or default.
    pub fn new(
        doc: impl Into<String>,
        kind: Kind,
        value: Value,
        metric: Metric,
        evidence: Evidence,
    ) -> Claim {
        Claim {
            doc: doc.into(),
            kind,
            value,
            metric,
            increment: false,
            of: None,
            actor: None,
            role: Role::Unspecified,
            source: None,
            as_of: None,
            stated: None,
            confidence: None,
            probability: None,
            modality: Modality::Report,
            scope: Scope::Total,
            place: None,
            group: None,
            part_of: None,
            evidence,
            rules: Vec::new(),
            grammar_version: GRAMMAR_VERSION.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_gold_field_names() {
        let text = "around 11,000 troops";
        let mut claim = Claim::new(
            "d",
            Kind::Count,
            Value::approx(11000.0),
            Metric::Deployed,
            Evidence::new(text, Span::new(0, 20), Span::new(0, 13)),
        );
        claim.as_of = Some(DateSpan::new(
            Date::new(2024, 1, 1).unwrap(),
            Date::new(2024, 12, 31).unwrap(),
        ));
        let json = serde_json::to_value(&claim).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "doc",
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
            "as_of",
            "stated",
            "confidence",
            "probability",
            "modality",
            "scope",
            "place",
            "evidence",
            "rules",
            "grammar_version",
        ] {
            assert!(keys.contains(&key), "missing {key}");
        }
        assert_eq!(keys.len(), 21, "{keys:?}");
        assert_eq!(json["scope"], "total");
        assert_eq!(json["as_of"][0], "2024-01-01");
        assert_eq!(json["evidence"]["number"]["end"], 13);
        let back: Claim = serde_json::from_value(json).unwrap();
        assert_eq!(back.value.low, Some(11000.0));
        assert_eq!(back.as_of, claim.as_of);
    }
}
