//! How each field of a matched claim is compared with the gold claim.

use tally_core::{Claim, Kind, Place};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::gold::GoldClaim;

/// The relative tolerance of a bound: values compare equal within 2 % of the gold bound.
pub const BOUND_TOLERANCE: f64 = 0.02;

/// The token overlap (Dice coefficient) at which two sources name the same body.
pub const SOURCE_OVERLAP: f64 = 0.5;

/// Words that say nothing about who a source is, left out of the token overlap.
const SOURCE_STOPWORDS: [&str; 7] = ["the", "of", "a", "an", "and", "for", "s"];

/// The fields scored over detection-matched claims, in report order.
pub const FIELDS: [&str; 13] = [
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
    "modality",
    "scope",
    "place",
];

/// Whether a claim bound agrees with a gold bound: both unbounded, or within
/// [`BOUND_TOLERANCE`] of the gold value (exact for 0).
pub fn bound_agrees(claim: Option<f64>, gold: Option<f64>) -> bool {
    match (claim, gold) {
        (None, None) => true,
        (Some(x), Some(g)) => (x - g).abs() <= BOUND_TOLERANCE * g.abs(),
        _ => false,
    }
}

/// Whether kind, low and high agree: the condition of a detection match.
pub fn value_agrees(claim: &Claim, gold: &GoldClaim) -> bool {
    claim.kind == gold.kind
        && bound_agrees(claim.value.low, gold.low)
        && bound_agrees(claim.value.high, gold.high)
}

/// Whether metric and actor agree as well: the condition of a claim match.
pub fn identity_agrees(claim: &Claim, gold: &GoldClaim) -> bool {
    claim.metric == gold.metric && claim.actor == gold.actor
}

/// Whether two sources name the same body: both unknown, both `"publisher"`, or the
/// lowercase word tokens of the folded names overlap by at least [`SOURCE_OVERLAP`].
pub fn source_agrees(
    claim: Option<&str>,
    gold: Option<&str>,
    fold_source: &dyn Fn(&str) -> String,
) -> bool {
    let (claim, gold) = match (claim, gold) {
        (None, None) => return true,
        (Some(claim), Some(gold)) => (claim, gold),
        _ => return false,
    };
    let claim = fold_source(claim).to_lowercase();
    let gold = fold_source(gold).to_lowercase();
    let is_publisher = |s: &str| s.trim() == "publisher";
    if is_publisher(&claim) || is_publisher(&gold) {
        return is_publisher(&claim) && is_publisher(&gold);
    }
    let claim_tokens = source_tokens(&claim);
    let gold_tokens = source_tokens(&gold);
    if claim_tokens.is_empty() || gold_tokens.is_empty() {
        return claim_tokens.is_empty() && gold_tokens.is_empty();
    }
    let n_shared = claim_tokens
        .iter()
        .filter(|t| gold_tokens.contains(t))
        .count();
    let dice = 2.0 * n_shared as f64 / (claim_tokens.len() + gold_tokens.len()) as f64;
    dice >= SOURCE_OVERLAP
}

/// Whether a claim's place names the gold's: both absent, or the words of the gold place
/// overlap those of the place as written or of its canonical name by at least
/// [`SOURCE_OVERLAP`] (so "Kursk" matches "Kursk region" and "Gaza Strip" matches "Gaza").
pub fn place_agrees(claim: Option<&Place>, gold: Option<&str>) -> bool {
    let (claim, gold) = match (claim, gold) {
        (None, None) => return true,
        (Some(claim), Some(gold)) => (claim, gold),
        _ => return false,
    };
    let gold = fold_place(gold);
    let gold_tokens = source_tokens(&gold);
    let mut names = vec![claim.text.as_str()];
    names.extend(claim.name.as_deref());
    names.into_iter().any(|name| {
        let name = fold_place(name);
        let tokens = source_tokens(&name);
        let n_shared = tokens.iter().filter(|t| gold_tokens.contains(t)).count();
        let n_all = tokens.len() + gold_tokens.len();
        n_all > 0 && 2.0 * n_shared as f64 / n_all as f64 >= SOURCE_OVERLAP
    })
}

/// A place name lowercased, without diacritics, hyphens and apostrophes being word breaks
/// ("el-Fasher" → "el fasher").
fn fold_place(name: &str) -> String {
    name.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The distinct words of a lowercase name, without stop words.
fn source_tokens(name: &str) -> Vec<&str> {
    let mut tokens: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && !SOURCE_STOPWORDS.contains(t))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// One field of a matched pair: whether it agrees, and both values as text.
pub struct FieldComparison {
    /// The field's name, one of [`FIELDS`].
    pub field: &'static str,
    /// Whether the claim's value counts as correct.
    pub correct: bool,
    /// The gold value, as JSON text.
    pub gold: String,
    /// The claim's value, as JSON text.
    pub claim: String,
}

/// Compares every field of [`FIELDS`] of a matched pair.
pub fn compare_fields(
    claim: &Claim,
    gold: &GoldClaim,
    fold_source: &dyn Fn(&str) -> String,
) -> Vec<FieldComparison> {
    let lower = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_lowercase());
    let as_of_agrees = match (&claim.as_of, &gold.as_of) {
        (None, None) => true,
        (Some(c), Some(g)) => c.overlaps(g),
        _ => false,
    };
    let place_agrees = place_agrees(claim.place.as_ref(), gold.place.as_deref());
    let rows: [(&'static str, bool, String, String); 13] = [
        (
            "approx",
            claim.value.approx == gold.approx,
            json(&gold.approx),
            json(&claim.value.approx),
        ),
        (
            "metric",
            claim.metric == gold.metric,
            json(&gold.metric),
            json(&claim.metric),
        ),
        (
            "increment",
            claim.increment == gold.increment,
            json(&gold.increment),
            json(&claim.increment),
        ),
        ("of", claim.of == gold.of, json(&gold.of), json(&claim.of)),
        (
            "actor",
            claim.actor == gold.actor,
            json(&gold.actor),
            json(&claim.actor),
        ),
        (
            "role",
            claim.role == gold.role,
            json(&gold.role),
            json(&claim.role),
        ),
        (
            "source",
            source_agrees(claim.source.as_deref(), gold.source.as_deref(), fold_source),
            json(&gold.source),
            json(&claim.source),
        ),
        ("as_of", as_of_agrees, json(&gold.as_of), json(&claim.as_of)),
        (
            "stated",
            claim.stated == gold.stated,
            json(&gold.stated),
            json(&claim.stated),
        ),
        (
            "confidence",
            lower(&claim.confidence) == lower(&gold.confidence),
            json(&gold.confidence),
            json(&claim.confidence),
        ),
        (
            "modality",
            claim.modality == gold.modality,
            json(&gold.modality),
            json(&claim.modality),
        ),
        (
            "scope",
            claim.scope == gold.scope,
            json(&gold.scope),
            json(&claim.scope),
        ),
        (
            "place",
            place_agrees,
            json(&gold.place),
            json(
                &claim
                    .place
                    .as_ref()
                    .map(|p| p.name.as_ref().unwrap_or(&p.text)),
            ),
        ),
    ];
    rows.into_iter()
        .map(|(field, correct, gold, claim)| FieldComparison {
            field,
            correct,
            gold,
            claim,
        })
        .collect()
}

/// How many fields of a value-matched pair agree, metric and actor counting double; used to
/// choose between candidate matches.
pub fn agreement(claim: &Claim, gold: &GoldClaim, fold_source: &dyn Fn(&str) -> String) -> usize {
    compare_fields(claim, gold, fold_source)
        .iter()
        .map(|c| match (c.correct, c.field) {
            (false, _) => 0,
            (true, "metric" | "actor") => 2,
            (true, _) => 1,
        })
        .sum()
}

/// A value as compact JSON text.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "?".to_string())
}

/// A value as an analyst writes it, with its kind when it is not a count.
pub fn describe_value(kind: Kind, value: &tally_core::Value) -> String {
    let text = value.display(kind == Kind::Fraction);
    match kind {
        Kind::Count => text,
        Kind::Fraction => format!("{text} (fraction)"),
        Kind::Rate => format!("{text}/day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn bounds_agree_within_two_percent() {
        assert!(bound_agrees(Some(5100.0), Some(5000.0)));
        assert!(!bound_agrees(Some(5101.0), Some(5000.0)));
        assert!(bound_agrees(Some(1.0 / 3.0), Some(0.3333)));
        assert!(bound_agrees(Some(0.0), Some(0.0)));
        assert!(!bound_agrees(Some(0.001), Some(0.0)));
        assert!(bound_agrees(None, None));
        assert!(!bound_agrees(Some(1.0), None));
    }

    #[test]
    fn sources_agree_by_token_overlap() {
        let yes = |c, g| source_agrees(Some(c), Some(g), &lower);
        assert!(yes("Ministry of Defence", "UK Ministry of Defence"));
        assert!(yes("the Pentagon", "Pentagon"));
        assert!(!yes(
            "Ministry of Foreign Affairs",
            "UK Ministry of Defence"
        ));
        assert!(!yes("Iran", "Iranian government"));
        assert!(yes("publisher", "Publisher"));
        assert!(!yes("publisher", "publisher officials"));
        assert!(source_agrees(None, None, &lower));
        assert!(!source_agrees(Some("x"), None, &lower));
    }

    #[test]
    fn sources_are_folded_first() {
        let fold = |s: &str| {
            if s == "MoD" {
                "UK Ministry of Defence".to_string()
            } else {
                s.to_string()
            }
        };
        assert!(source_agrees(
            Some("MoD"),
            Some("UK Ministry of Defence"),
            &fold
        ));
    }

    #[test]
    fn places_agree_by_the_words_of_the_text_or_the_name() {
        let place = |text: &str, name: Option<&str>| Place {
            text: text.into(),
            name: name.map(str::to_string),
            ..Place::default()
        };
        assert!(place_agrees(
            Some(&place("Kursk region", None)),
            Some("Kursk")
        ));
        assert!(place_agrees(Some(&place("Gaza", None)), Some("Gaza Strip")));
        assert!(place_agrees(
            Some(&place("el-Fasher", Some("El Fasher"))),
            Some("El-Fasher")
        ));
        assert!(place_agrees(
            Some(&place("Kiev", Some("Kyiv"))),
            Some("Kyiv")
        ));
        assert!(place_agrees(
            Some(&place("Kramatorśk", None)),
            Some("Kramatorsk")
        ));
        assert!(!place_agrees(
            Some(&place("Kharkiv", None)),
            Some("Kherson")
        ));
        assert!(!place_agrees(Some(&place("Gaza", None)), None));
        assert!(!place_agrees(None, Some("Gaza")));
        assert!(place_agrees(None, None));
    }
}
