//! Analysts in the loop: a claim confirmed, rejected or corrected by a person
//! ([`review`]), the reviews whose claim is gone ([`orphans`]), and the reviewed claims as
//! gold annotations ([`gold_lines`]), for `tally review`, `tally export --reviews` and
//! `POST /api/claims/{id}/review` alike.
//!
//! A correction is written `field=value`:
//!
//! | field | value |
//! |---|---|
//! | `value` | `5000`, `~5000` (approximate), `5000-6000`, `5000+` or `>=5000` (at least), `<=5000` (at most) |
//! | `metric` | a metric (`killed`, `wounded`, …) |
//! | `actor` | an ISO 3166-1 alpha-3 code or a slug (`UKR`, `hamas`); `none` for unknown |
//! | `role` | `military`, `civilian`, `unspecified` |
//! | `scope` | `total`, `period`, `event` |
//! | `place` | the place as written; `none` for none |
//! | `source` | a canonical source name; `none` for unknown |
//! | `as_of` | `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`; `none` |
//! | `stated` | `YYYY-MM-DD`; `none` |
//! | `modality` | `report`, `estimate`, `projection` |

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};
use tally_core::{Claim, Date, DateSpan, Place, Value};
use tally_store::{ClaimFilter, Correction, Ledger, NewReview, Review, ReviewAction, StoredClaim};

use crate::Error;

/// What a person asks of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRequest {
    /// The claim's ledger id.
    pub claim_id: i64,
    /// Who reviews it (see [`reviewer`]).
    pub by: String,
    /// Confirm it as it stands.
    pub confirm: bool,
    /// Reject it.
    pub reject: bool,
    /// Fields to set, each `field=value`.
    pub set: Vec<String>,
    /// Why (required to reject or correct).
    pub reason: Option<String>,
}

/// Who reviews: the name given, else `$TALLY_USER`, else the operating system's user
/// (`$USER`, `$LOGNAME`, `$USERNAME`), else `unknown`.
pub fn reviewer(by: Option<&str>) -> String {
    let given = by.map(str::trim).filter(|name| !name.is_empty());
    if let Some(name) = given {
        return name.to_string();
    }
    ["TALLY_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| String::from("unknown"))
}

/// Longest reason or name kept, in characters.
const MAX_TEXT: usize = 2000;

/// Reviews a claim: checks the request, then stores the review as a row of its own.
///
/// # Errors
///
/// [`Error::BadReview`] naming what is wrong with the request (no action or two, an
/// unknown field, a value that cannot be read, with the valid values); [`Error::NoClaim`]
/// when the ledger holds no such claim; a store error when it cannot be written.
///
/// # Example
///
/// ```
/// use tally_app::review::{review, ReviewRequest};
///
/// let engine = tally_app::Engine::english();
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let body = b"Over 5,000 North Korean soldiers were killed, the UK Ministry of Defence said.".to_vec();
/// tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None)?;
/// let request = ReviewRequest {
///     claim_id: 1,
///     by: "analyst".into(),
///     confirm: false,
///     reject: false,
///     set: vec!["actor=RUS".into()],
///     reason: Some("the soldiers were Russian".into()),
/// };
/// let stored = review(&mut ledger, &request)?;
/// assert_eq!(stored.changes["actor"]["to"], "RUS");
/// let claim = tally_store::Ledger::claim(&ledger, 1)?.unwrap();
/// assert_eq!(claim.claim.actor.as_deref(), Some("RUS"));
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn review(ledger: &mut dyn Ledger, request: &ReviewRequest) -> Result<Review, Error> {
    let bad = |message: String| Error::BadReview { message };
    let n_actions = usize::from(request.confirm)
        + usize::from(request.reject)
        + usize::from(!request.set.is_empty());
    if n_actions != 1 {
        return Err(bad(String::from(
            "say one of: confirm, reject, or set fields (field=value)",
        )));
    }
    let action = if request.confirm {
        ReviewAction::Confirm
    } else if request.reject {
        ReviewAction::Reject
    } else {
        ReviewAction::Correct
    };
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if reason.is_empty() && action != ReviewAction::Confirm {
        return Err(bad(format!(
            "a reason is required to {} a claim",
            action.as_str()
        )));
    }
    let by = request.by.trim();
    if by.is_empty() || by.chars().any(char::is_control) {
        return Err(bad(String::from(
            "the reviewer's name must be printable characters, not empty",
        )));
    }
    if reason
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(bad(String::from(
            "the reason holds control characters (only line breaks and tabs are kept)",
        )));
    }
    if reason.chars().count() > MAX_TEXT || by.chars().count() > MAX_TEXT {
        return Err(bad(format!(
            "the reason and the reviewer's name are limited to {MAX_TEXT} characters"
        )));
    }
    let mut corrections: BTreeMap<&'static str, Correction> = BTreeMap::new();
    for set in &request.set {
        let correction = parse_set(set).map_err(bad)?;
        if corrections.insert(correction.field(), correction).is_some() {
            return Err(bad(format!("{set:?}: the field is set twice")));
        }
    }
    if ledger.claim(request.claim_id)?.is_none() {
        return Err(Error::NoClaim {
            id: request.claim_id,
        });
    }
    let review = NewReview {
        claim_id: request.claim_id,
        by: by.to_string(),
        action,
        corrections: corrections.into_values().collect(),
        reason,
    };
    Ok(ledger.review(&review)?)
}

/// One correction from `field=value`.
///
/// # Errors
///
/// A message naming the field and value, with the valid fields or values.
///
/// ```
/// use tally_app::review::parse_set;
/// use tally_store::Correction;
/// assert_eq!(parse_set("role=civilian"), Ok(Correction::Role(tally_core::Role::Civilian)));
/// assert!(parse_set("role=pilot").unwrap_err().contains("military, civilian, unspecified"));
/// assert!(parse_set("colour=red").unwrap_err().contains("value, metric, actor"));
/// ```
pub fn parse_set(set: &str) -> Result<Correction, String> {
    let Some((field, value)) = set.split_once('=') else {
        return Err(format!(
            "{set:?}: write field=value (fields: {})",
            Correction::FIELDS.join(", ")
        ));
    };
    let (field, value) = (field.trim(), value.trim());
    let within = |message: String| format!("{field}={value:?}: {message}");
    let none = value.eq_ignore_ascii_case("none") || value.eq_ignore_ascii_case("null");
    let optional_text = |what: &str| -> Result<Option<String>, String> {
        if none {
            Ok(None)
        } else if value.is_empty()
            || value.chars().count() > 200
            || value.chars().any(char::is_control)
        {
            Err(within(format!(
                "{what} must be 1 to 200 printable characters, or none"
            )))
        } else {
            Ok(Some(value.to_string()))
        }
    };
    Ok(match field {
        "value" => Correction::Value(parse_value(value).map_err(within)?),
        "metric" => Correction::Metric(value.parse().map_err(within)?),
        "actor" => {
            let actor = optional_text("an actor")?;
            if let Some(actor) = &actor {
                let ok = actor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !ok || actor.len() > 64 {
                    return Err(within(String::from(
                        "an actor is an ISO 3166-1 alpha-3 code (UKR) or a slug of letters, digits, - and _ (hamas), or none",
                    )));
                }
            }
            let actor = actor.map(|actor| {
                if actor.len() == 3 && actor.chars().all(|c| c.is_ascii_alphabetic()) {
                    actor.to_ascii_uppercase()
                } else {
                    actor
                }
            });
            Correction::Actor(actor)
        }
        "role" => Correction::Role(value.parse().map_err(within)?),
        "scope" => Correction::Scope(value.parse().map_err(within)?),
        "place" => Correction::Place(optional_text("a place")?.map(|text| Place {
            text,
            ..Place::default()
        })),
        "source" => Correction::Source(optional_text("a source")?),
        "as_of" => Correction::AsOf(if none {
            None
        } else {
            Some(parse_span(value).map_err(within)?)
        }),
        "stated" => Correction::Stated(if none {
            None
        } else {
            Some(parse_day(value).map_err(within)?)
        }),
        "modality" => Correction::Modality(value.parse().map_err(within)?),
        _ => {
            return Err(format!(
                "unknown field {field:?} (one of {})",
                Correction::FIELDS.join(", ")
            ))
        }
    })
}

fn parse_day(text: &str) -> Result<Date, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a day (YYYY-MM-DD)"))
}

fn parse_span(text: &str) -> Result<DateSpan, String> {
    match text.split_once("..") {
        Some((first, last)) => {
            let (first, last) = (parse_day(first)?, parse_day(last)?);
            if last < first {
                return Err(format!("{text:?}: the last day is before the first"));
            }
            Ok(DateSpan::new(first, last))
        }
        None => Ok(DateSpan::day(parse_day(text)?)),
    }
}

fn parse_number(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    match cleaned.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{text:?} is not a number of 0 or more")),
    }
}

/// A value as an analyst writes it (see the module docs).
fn parse_value(text: &str) -> Result<Value, String> {
    let usage = "write 5000, ~5000, 5000-6000, 5000+ (or >=5000) or <=5000";
    let text = text.trim();
    let with_usage = |message: String| format!("{message}; {usage}");
    if let Some(rest) = text.strip_prefix('~') {
        return Ok(Value::approx(parse_number(rest).map_err(with_usage)?));
    }
    if let Some(rest) = text.strip_prefix(">=").or_else(|| text.strip_prefix('>')) {
        return Ok(Value::at_least(parse_number(rest).map_err(with_usage)?));
    }
    if let Some(rest) = text.strip_suffix('+') {
        return Ok(Value::at_least(parse_number(rest).map_err(with_usage)?));
    }
    if let Some(rest) = text.strip_prefix("<=").or_else(|| text.strip_prefix('<')) {
        return Ok(Value::at_most(parse_number(rest).map_err(with_usage)?));
    }
    let range = text.split_once("..").or_else(|| text.split_once('-'));
    if let Some((low, high)) = range {
        let (low, high) = (
            parse_number(low).map_err(with_usage)?,
            parse_number(high).map_err(with_usage)?,
        );
        if high < low {
            return Err(with_usage(format!(
                "{text:?}: the high bound is below the low"
            )));
        }
        return Ok(Value::range(low, high));
    }
    Ok(Value::point(parse_number(text).map_err(with_usage)?))
}

/// The reviews whose claim is gone (neither it nor a claim of the same document and
/// number span is in the ledger).
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn orphans(ledger: &dyn Ledger) -> Result<Vec<Review>, Error> {
    Ok(ledger.orphan_reviews()?)
}

/// A review as JSON: `id`, `claim`, `document`, `number`, `by`, `at`, `action`,
/// `changes`, `reason`.
pub fn review_json(review: &Review) -> Json {
    json!({
        "id": review.id,
        "claim": review.claim_id,
        "document": review.document_hash.as_str(),
        "number": { "start": review.number.start, "end": review.number.end },
        "by": review.by,
        "at": review.at.to_string(),
        "action": review.action.as_str(),
        "changes": review.changes,
        "reason": review.reason,
    })
}

/// The reviewed claims (confirmed or corrected; rejected ones are not claims) as gold
/// lines of `corpus/GOLD-FORMAT.md`, one per document in the order of their first
/// reviewed claim, each claim with the reviewed values and a `quote` from the number to
/// the end of its sentence's next few words.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn gold_lines(ledger: &dyn Ledger) -> Result<Vec<Json>, Error> {
    let claims: Vec<StoredClaim> = ledger
        .claims(&ClaimFilter::default())?
        .into_iter()
        .filter(|stored| stored.review.is_some())
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut by_document: BTreeMap<String, Vec<&StoredClaim>> = BTreeMap::new();
    for stored in &claims {
        let hash = stored.document_hash.as_str().to_string();
        if !by_document.contains_key(&hash) {
            order.push(hash.clone());
        }
        by_document.entry(hash).or_default().push(stored);
    }
    let mut lines = Vec::new();
    for hash in order {
        let Some(mut stored) = by_document.remove(&hash) else {
            continue;
        };
        stored.sort_by_key(|s| (s.claim.evidence.number.start, s.id));
        let document = ledger.document(&stored[0].document_hash)?;
        let published = document
            .as_ref()
            .and_then(|doc| doc.document.published)
            .map(|day| day.to_string());
        let claims: Vec<Json> = stored.iter().map(|s| gold_claim(&s.claim)).collect();
        lines.push(json!({
            "doc": stored[0].claim.doc,
            "corpus": "reviews",
            "published": published,
            "claims": claims,
        }));
    }
    Ok(lines)
}

/// One claim in the gold format.
fn gold_claim(claim: &Claim) -> Json {
    json!({
        "quote": quote(claim),
        "kind": claim.kind.as_str(),
        "low": claim.value.low.map(number),
        "high": claim.value.high.map(number),
        "approx": claim.value.approx,
        "metric": claim.metric.as_str(),
        "increment": claim.increment,
        "of": claim.of.map(|m| m.as_str()),
        "actor": claim.actor,
        "role": claim.role.as_str(),
        "source": claim.source,
        "as_of": claim.as_of,
        "stated": claim.stated.map(|day| day.to_string()),
        "scope": claim.scope.as_str(),
        "place": claim.place.as_ref().map(|p| p.text.clone()),
        "confidence": claim.confidence,
        "modality": claim.modality.as_str(),
    })
}

/// A bound as JSON: whole numbers as integers (`5000`, not `5000.0`), as the gold writes
/// them.
fn number(x: f64) -> Json {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        // Whole and well within i64: the conversion is exact.
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// The number as written and the next words of its sentence (up to 40 bytes more, cut at
/// a word's end), which locate the number in the document.
fn quote(claim: &Claim) -> String {
    let evidence = &claim.evidence;
    let sentence = &evidence.text;
    let start = evidence
        .number
        .start
        .saturating_sub(evidence.sentence.start);
    let end = evidence.number.end.saturating_sub(evidence.sentence.start);
    if start >= end
        || end > sentence.len()
        || !sentence.is_char_boundary(start)
        || !sentence.is_char_boundary(end)
    {
        return sentence.clone();
    }
    let mut stop = (end + 40).min(sentence.len());
    while !sentence.is_char_boundary(stop) {
        stop -= 1;
    }
    if stop < sentence.len() {
        if let Some(space) = sentence[end..stop].rfind(' ') {
            stop = end + space;
        }
    }
    sentence[start..stop].trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::{Metric, Role};

    #[test]
    fn values_are_read_as_analysts_write_them() {
        assert_eq!(parse_value("5,000"), Ok(Value::point(5000.0)));
        assert_eq!(parse_value("~4000"), Ok(Value::approx(4000.0)));
        assert_eq!(parse_value("5000+"), Ok(Value::at_least(5000.0)));
        assert_eq!(parse_value(">=5000"), Ok(Value::at_least(5000.0)));
        assert_eq!(parse_value("<=10"), Ok(Value::at_most(10.0)));
        assert_eq!(parse_value("10-12"), Ok(Value::range(10.0, 12.0)));
        assert!(parse_value("12-10").unwrap_err().contains("below"));
        assert!(parse_value("many").unwrap_err().contains("write 5000"));
        assert!(parse_value("-5").is_err());
    }

    #[test]
    fn every_field_is_checked_with_its_valid_values() {
        assert_eq!(
            parse_set("metric=killed"),
            Ok(Correction::Metric(Metric::Killed))
        );
        assert_eq!(
            parse_set("actor=ukr"),
            Ok(Correction::Actor(Some("UKR".into())))
        );
        assert_eq!(parse_set("actor=none"), Ok(Correction::Actor(None)));
        assert_eq!(
            parse_set("role=civilian"),
            Ok(Correction::Role(Role::Civilian))
        );
        assert!(parse_set("metric=kiled")
            .unwrap_err()
            .contains("killed, wounded"));
        assert!(parse_set("scope=forever").unwrap_err().contains("total"));
        assert!(parse_set("modality=rumour")
            .unwrap_err()
            .contains("report, estimate, projection"));
        assert!(parse_set("actor=<script>").unwrap_err().contains("slug"));
        assert!(parse_set("as_of=2025-13-01")
            .unwrap_err()
            .contains("not a day"));
        assert!(parse_set("as_of=2025-03-02..2025-03-01")
            .unwrap_err()
            .contains("before"));
        assert!(parse_set("stated").unwrap_err().contains("field=value"));
        assert!(parse_set("colour=red").unwrap_err().contains("modality"));
        assert!(matches!(
            parse_set("as_of=2025-03-01..2025-03-31"),
            Ok(Correction::AsOf(Some(_)))
        ));
        assert!(matches!(
            parse_set("place=Kharkiv"),
            Ok(Correction::Place(Some(_)))
        ));
    }

    #[test]
    fn a_quote_runs_from_the_number_to_a_word_end() {
        let text = "Over 5,000 North Korean soldiers have been killed or injured in Kursk, officials said.";
        let start = text.find("5,000").unwrap();
        let evidence = tally_core::Evidence::new(
            text,
            tally_core::Span::new(0, text.len()),
            tally_core::Span::new(start, start + 5),
        );
        let claim = Claim::new(
            "d",
            tally_core::Kind::Count,
            Value::at_least(5000.0),
            Metric::Casualties,
            evidence,
        );
        let q = quote(&claim);
        assert!(q.starts_with("5,000 North Korean"), "{q}");
        assert!(text.contains(&q));
    }
}
