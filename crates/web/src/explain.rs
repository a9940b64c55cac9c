//! Why the ledger holds a claim: its sentence with the number marked, its value and fields,
//! the source with the phrase that named it, how its dates were resolved (the `story.*` and
//! `time.*` rules of the claim beside the dates, and the time expressions of the sentence
//! with what they resolved to), and every rule in the order it applied.
//!
//! [`explain`] gathers it as an [`Explanation`]: `tally explain` prints it with
//! [`Explanation::write_text`], `GET /api/claims/{id}/explain` sends it as JSON and the
//! claim page renders it.

use std::io::{self, Write};
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Claim, DateSpan, EvidenceField, Kind, Span, TimeExpression};
use tally_extract::{Attributor, Extractor, SourceMemory};
use tally_lang::Lang;
use tally_store::{StoredClaim, StoredDocument};

use crate::text::{date_span, one_line};

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
        let evidence = &claim.evidence;
        let sentence = evidence.text.as_str();
        let start = evidence.number.start.checked_sub(evidence.sentence.start);
        let end = evidence.number.end.checked_sub(evidence.sentence.start);
        match (start, end) {
            (Some(start), Some(end)) if start <= end && sentence.get(start..end).is_some() => {
                Sentence {
                    before: sentence[..start].to_string(),
                    number: Some(sentence[start..end].to_string()),
                    after: sentence[end..].to_string(),
                }
            }
            _ => Sentence {
                before: sentence.to_string(),
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

/// Explains a claim of a document.
///
/// # Example
///
/// ```
/// use tally_store::{ClaimFilter, Extracted, Ledger, SqliteLedger};
///
/// let text = "Over 5,000 soldiers were killed, the ministry said on Thursday.";
/// let doc = tally_core::Document::new("note.txt", text);
/// let claims = tally_extract::Extractor::english().extract(&doc).claims;
/// let mut ledger = SqliteLedger::open_in_memory()?;
/// ledger.add(&[Extracted::new(doc, claims)])?;
/// let stored = ledger.claims(&ClaimFilter::default())?.remove(0);
/// let document = ledger.document(&stored.document_hash)?.unwrap();
/// let explanation = tally_web::explain::explain(&stored, &document);
/// assert_eq!(explanation.sentence.number.as_deref(), Some("Over 5,000"));
/// assert_eq!(explanation.display, "over 5,000");
/// # Ok::<(), tally_store::Error>(())
/// ```
pub fn explain(stored: &StoredClaim, document: &StoredDocument) -> Explanation {
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
        source_phrase: source_phrase(claim, doc),
        source_rules: rules_with(claim, &["source."]),
        as_of_rules: rules_with(claim, &["story.as_of", "story.same_figure", "time."]),
        stated_rules: rules_with(claim, &["story.stated", "story.same_figure"]),
        times: times_of(claim, doc),
        claim: claim.clone(),
    }
}

impl Explanation {
    /// The sentence on one line with its number in brackets: `“Over [5,000] troops”`.
    pub fn marked(&self) -> String {
        let Sentence {
            before,
            number,
            after,
        } = &self.sentence;
        match number {
            Some(number) => format!(
                "“{}[{}]{}”",
                one_line(before),
                one_line(number),
                one_line(after)
            )
            .replace("“ ", "“")
            .replace(" ”", "”"),
            None => format!("“{}”", one_line(before)),
        }
    }

    /// The kind in words: `count`, `fraction` or `rate per day`.
    pub fn kind(&self) -> &'static str {
        match self.claim.kind {
            Kind::Count => "count",
            Kind::Fraction => "fraction",
            Kind::Rate => "rate per day",
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
            self.claim.actor.as_deref().unwrap_or("unknown"),
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

    /// The explanation as `tally explain` prints it, the sentence wrapped to `width`.
    ///
    /// # Errors
    ///
    /// Fails when `out` cannot be written.
    pub fn write_text(&self, out: &mut impl Write, width: usize) -> io::Result<()> {
        let published = self
            .published
            .map_or_else(|| "unknown".to_string(), |day| day.to_string());
        writeln!(
            out,
            "claim {} · {} · published {published} · grammar {}",
            self.id, self.claim.doc, self.claim.grammar_version
        )?;
        writeln!(out, "document {}", self.document)?;
        if let Some(title) = &self.title {
            writeln!(out, "title    {}", one_line(title))?;
        }
        if let Some(url) = &self.url {
            writeln!(out, "url      {url}")?;
        }
        writeln!(out)?;
        for line in wrap(&self.marked(), width.saturating_sub(2)) {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;

        let field =
            |out: &mut dyn Write, name: &str, value: &str| writeln!(out, "{name:<12}{value}");
        field(
            out,
            "value",
            &format!("{} ({}, {})", self.display, self.qualifier, self.kind()),
        )?;
        field(out, "metric", &self.metric_line())?;
        field(out, "who", &self.who())?;
        field(
            out,
            "source",
            &with_rules(&self.source_line(), &self.source_rules),
        )?;
        field(out, "confidence", &self.confidence_line())?;

        writeln!(out)?;
        writeln!(out, "dates")?;
        field(
            out,
            "  as of",
            &with_rules(&self.as_of_line(), &self.as_of_rules),
        )?;
        field(
            out,
            "  stated",
            &with_rules(&self.stated_line(), &self.stated_rules),
        )?;
        field(
            out,
            "  published",
            &format!("{published} (relative dates resolve against it)"),
        )?;
        if !self.times.is_empty() {
            writeln!(out, "  time expressions in the sentence:")?;
            for time in &self.times {
                writeln!(
                    out,
                    "    “{}” → {} ({} {}, {})",
                    one_line(&time.text),
                    time_value(time),
                    time.timex_type,
                    time.timex,
                    time.rule
                )?;
            }
        }

        writeln!(out)?;
        writeln!(out, "rules, in the order they applied")?;
        for rule in &self.claim.rules {
            writeln!(out, "  {rule}")?;
        }
        Ok(())
    }
}

/// What a time expression resolved to, briefly, or `—`.
pub fn time_value(time: &TimeExpression) -> String {
    time.value
        .as_ref()
        .map_or_else(|| "—".to_string(), date_span)
}

/// Words wrapped into lines of at most `width` characters (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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

fn with_rules(value: &str, rules: &[String]) -> String {
    if rules.is_empty() {
        value.to_string()
    } else {
        format!("{value}   by {}", rules.join(", "))
    }
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

/// The English language data and extractor, built once per process.
fn english() -> Option<&'static (Lang, Extractor)> {
    static ENGLISH: OnceLock<Option<(Lang, Extractor)>> = OnceLock::new();
    ENGLISH
        .get_or_init(|| {
            let lang = Lang::english().ok()?;
            let extractor = Extractor::new(&lang);
            Some((lang, extractor))
        })
        .as_ref()
}

/// The phrase that named the claim's source in its sentence, found again by the attribution
/// rules; `None` when the claim is the publisher's own or the phrase is in another sentence.
fn source_phrase(claim: &Claim, doc: &tally_core::Document) -> Option<String> {
    if claim.evidence.field != EvidenceField::Text || claim.source.as_deref() == Some("publisher") {
        return None;
    }
    let (lang, _) = english()?;
    let attributor = Attributor::new(lang);
    let text = doc.text.as_str();
    let sentence = claim.evidence.sentence;
    let number = claim.evidence.number;
    if text.get(sentence.start..sentence.end).is_none()
        || text.get(number.start..number.end).is_none()
    {
        return None;
    }
    let run = || attributor.attribute(text, sentence, number, &mut SourceMemory::default());
    let attribution = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).ok()?;
    let Span { start, end } = attribution.phrase?;
    let inside = sentence.start <= start && end <= sentence.end;
    (inside && attribution.source == *claim.source.as_ref()?)
        .then(|| text.get(start..end).map(str::to_string))?
}

/// The time expressions of the claim's sentence, resolved as the extractor resolves them.
fn times_of(claim: &Claim, doc: &tally_core::Document) -> Vec<TimeExpression> {
    if claim.evidence.field != EvidenceField::Text {
        return Vec::new();
    }
    let Some((_, extractor)) = english() else {
        return Vec::new();
    };
    let run = || extractor.extract_with_times(doc);
    let Ok(extraction) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) else {
        return Vec::new();
    };
    let sentence = claim.evidence.sentence;
    extraction
        .times
        .into_iter()
        .filter(|time| sentence.start <= time.span.start && time.span.end <= sentence.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_wrap_at_words() {
        let lines = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(lines, ["aaa bbb", "ccc ddd"]);
    }
}
