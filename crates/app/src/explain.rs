//! Why the ledger holds a claim: its sentence cut at the number, its value and fields, the
//! source with the phrase that named it, how its dates were resolved (the `story.*` and
//! `time.*` rules of the claim beside the dates, and the time expressions of the sentence
//! with what they resolved to), and every rule in the order it applied.
//!
//! [`explain`] gathers it as an [`Explanation`], data only: `tally explain` prints it as
//! text, `GET /api/claims/{id}/explain` sends it as JSON and the claim page renders it. The
//! fields in words (`metric_line`, `who`, …) are shared by the text and the page.

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Claim, DateSpan, EvidenceField, Kind, Span, TimeExpression};
use tally_extract::SourceMemory;
use tally_store::{Ledger, StoredClaim, StoredDocument};

use crate::text::{date_span, one_line};
use crate::{Engine, Error};

/// The claim's sentence cut at its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The text before the number (the whole sentence when the number is not in it).
    pub before: String,
    /// The number as written; `None` when its span is not inside the sentence.
    pub number: Option<String>,
    /// The text after the number.
    pub after: String,
}

impl Sentence {
    /// The claim's sentence cut at its number.
    pub fn of(claim: &Claim) -> Sentence {
        match claim.evidence.split_at_number() {
            Some((before, number, after)) => Sentence {
                before: before.to_string(),
                number: Some(number.to_string()),
                after: after.to_string(),
            },
            None => Sentence {
                before: claim.evidence.text.clone(),
                number: None,
                after: String::new(),
            },
        }
    }
}

/// Everything `tally explain` shows about one claim: the claim itself (its JSON is a
/// stored claim's) and what is found again or worked out to explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The claim's ledger id.
    pub id: i64,
    /// Its document's hash.
    pub document: String,
    /// The claim, with the field names of `corpus/GOLD-FORMAT.md`.
    #[serde(flatten)]
    pub claim: Claim,
    /// The document's title.
    pub title: Option<String>,
    /// The document's URL.
    pub url: Option<String>,
    /// The document's publication day: relative dates resolve against it.
    pub published: Option<Date>,
    /// The sentence, cut at the number.
    pub sentence: Sentence,
    /// The value as an analyst writes it (`over 5,000`, `~1/3`).
    pub display: String,
    /// The qualifier in words (`lower bound`, `approximate`).
    pub qualifier: String,
    /// The phrase of the sentence that named the source, found again by the attribution
    /// rules; `None` for the publisher's own figures or a source named in another sentence.
    pub source_phrase: Option<String>,
    /// The `source.*` rules of the claim.
    pub source_rules: Vec<String>,
    /// The rules that set `as_of`.
    pub as_of_rules: Vec<String>,
    /// The rules that set `stated`.
    pub stated_rules: Vec<String>,
    /// The time expressions of the sentence, resolved as the extractor resolves them.
    pub times: Vec<TimeExpression>,
}

/// Explains the claim with ledger id `id`.
///
/// # Errors
///
/// [`Error::NoClaim`] when the ledger holds no such claim, [`Error::NoDocument`] when it
/// does not hold its document, [`Error::Store`] when it cannot be read.
///
/// # Example
///
/// ```
/// use tally_store::{Extracted, Ledger, SqliteLedger};
///
/// let engine = tally_app::Engine::english();
/// let text = "Over 5,000 soldiers were killed, the ministry said on Thursday.";
/// let doc = tally_core::Document::new("note.txt", text);
/// let claims = engine.extract(&doc)?.claims;
/// let mut ledger = SqliteLedger::open_in_memory()?;
/// ledger.add(&[Extracted::new(doc, claims)])?;
/// let explanation = tally_app::explain::explain_claim(&ledger, &engine, 1)?;
/// assert_eq!(explanation.sentence.number.as_deref(), Some("Over 5,000"));
/// assert_eq!(explanation.display, "over 5,000");
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn explain_claim(ledger: &dyn Ledger, engine: &Engine, id: i64) -> Result<Explanation, Error> {
    let stored = ledger.claim(id)?.ok_or(Error::NoClaim { id })?;
    let document = ledger
        .document(&stored.document_hash)?
        .ok_or_else(|| Error::NoDocument {
            id,
            hash: stored.document_hash.to_string(),
        })?;
    Ok(explain(engine, &stored, &document))
}

/// Explains a stored claim of a stored document.
pub fn explain(engine: &Engine, stored: &StoredClaim, document: &StoredDocument) -> Explanation {
    let claim = &stored.claim;
    let doc = &document.document;
    let qualifier = serde_json::to_value(claim.value.qualifier)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default();
    Explanation {
        id: stored.id,
        document: document.hash.to_string(),
        title: doc.title.clone(),
        url: doc.url.clone(),
        published: doc.published,
        sentence: Sentence::of(claim),
        display: claim.value.display(claim.kind == Kind::Fraction),
        qualifier,
        source_phrase: source_phrase(engine, claim, doc),
        source_rules: rules_with(claim, &["source."]),
        as_of_rules: rules_with(claim, &["story.as_of", "story.same_figure", "time."]),
        stated_rules: rules_with(claim, &["story.stated", "story.same_figure"]),
        times: times_of(engine, claim, doc),
        claim: claim.clone(),
    }
}

impl Explanation {
    /// The kind in words: `count`, `fraction` or `rate per day`.
    pub fn kind(&self) -> &'static str {
        match self.claim.kind {
            Kind::Rate => "rate per day",
            kind => kind.as_str(),
        }
    }

    /// The metric with what qualifies it: `deployed, in addition to an earlier figure`.
    pub fn metric_line(&self) -> String {
        let mut metric = self.claim.metric.as_str().to_string();
        if self.claim.increment {
            metric.push_str(", in addition to an earlier figure");
        }
        if let Some(of) = self.claim.of {
            metric.push_str(&format!(", a share of {of}"));
        }
        metric
    }

    /// Who is counted: `PRK (military)`.
    pub fn who(&self) -> String {
        format!(
            "{} ({})",
            crate::text::actor_code(self.claim.actor.as_deref()),
            self.claim.role.as_str()
        )
    }

    /// The source and the phrase that named it: `UK Ministry of Defence, named as “…”`.
    pub fn source_line(&self) -> String {
        match &self.claim.source {
            None => "unknown".to_string(),
            Some(source) => match &self.source_phrase {
                Some(phrase) => format!("{source}, named as “{}”", one_line(phrase)),
                None => source.clone(),
            },
        }
    }

    /// The confidence: `“highly likely”, 80–90% (estimate)`.
    pub fn confidence_line(&self) -> String {
        match (&self.claim.confidence, self.claim.probability) {
            (Some(phrase), Some([low, high])) => {
                format!(
                    "“{phrase}”, {:.0}–{:.0}% ({})",
                    low * 100.0,
                    high * 100.0,
                    self.claim.modality.as_str()
                )
            }
            (Some(phrase), None) => format!("“{phrase}” ({})", self.claim.modality.as_str()),
            (None, _) => format!("none stated ({})", self.claim.modality.as_str()),
        }
    }

    /// The days the figure refers to, briefly and in full: `2025-03 (2025-03-01…2025-03-31)`.
    pub fn as_of_line(&self) -> String {
        self.claim
            .as_of
            .as_ref()
            .map_or_else(|| "—".to_string(), |span| full_span(span.first, span.last))
    }

    /// The day stated, or `—`.
    pub fn stated_line(&self) -> String {
        self.claim
            .stated
            .map_or_else(|| "—".to_string(), |day| day.to_string())
    }
}

/// What a time expression resolved to, briefly, or `—`.
pub fn time_value(time: &TimeExpression) -> String {
    time.value
        .as_ref()
        .map_or_else(|| "—".to_string(), date_span)
}

/// The claim's rules that start with any of `prefixes`.
fn rules_with(claim: &Claim, prefixes: &[&str]) -> Vec<String> {
    claim
        .rules
        .iter()
        .filter(|rule| prefixes.iter().any(|p| rule.starts_with(p)))
        .cloned()
        .collect()
}

/// A day interval with its brief form: `2025-03 (2025-03-01…2025-03-31)`.
fn full_span(first: Date, last: Date) -> String {
    let brief = date_span(&DateSpan::new(first, last));
    if first == last || brief == format!("{first}…{last}") {
        brief
    } else {
        format!("{brief} ({first}…{last})")
    }
}

/// The phrase that named the claim's source in its sentence, found again by the attribution
/// rules; `None` when the claim is the publisher's own or the phrase is in another sentence.
fn source_phrase(engine: &Engine, claim: &Claim, doc: &tally_core::Document) -> Option<String> {
    if claim.evidence.field != EvidenceField::Text || claim.source.as_deref() == Some("publisher") {
        return None;
    }
    let text = doc.text.as_str();
    let sentence = claim.evidence.sentence;
    let number = claim.evidence.number;
    if text.get(sentence.start..sentence.end).is_none()
        || text.get(number.start..number.end).is_none()
    {
        return None;
    }
    let attribution = engine
        .guarded(&doc.id, || {
            engine
                .attributor()
                .attribute(text, sentence, number, &mut SourceMemory::default())
        })
        .ok()?;
    let Span { start, end } = attribution.phrase?;
    let inside = sentence.start <= start && end <= sentence.end;
    (inside && attribution.source == *claim.source.as_ref()?)
        .then(|| text.get(start..end).map(str::to_string))?
}

/// The time expressions of the claim's sentence, resolved as the extractor resolves them.
fn times_of(engine: &Engine, claim: &Claim, doc: &tally_core::Document) -> Vec<TimeExpression> {
    if claim.evidence.field != EvidenceField::Text {
        return Vec::new();
    }
    let Ok(extraction) = engine.extract_with_times(doc) else {
        return Vec::new();
    };
    let sentence = claim.evidence.sentence;
    extraction
        .times
        .into_iter()
        .filter(|time| sentence.start <= time.span.start && time.span.end <= sentence.end)
        .collect()
}
