//! `tally explain CLAIM_ID`: why the ledger holds a claim.
//!
//! Prints the claim's sentence with the number marked, its value and fields, the source
//! with the phrase that named it, how its dates were resolved (the `story.*` and `time.*`
//! rules of the claim beside the dates, and the time expressions of the sentence with what
//! they resolved to), and every rule in the order it applied.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_core::{Claim, EvidenceField, Kind, Span, TimeExpression};
use tally_extract::{Attributor, Extractor, SourceMemory};
use tally_store::{Ledger, StoredClaim, StoredDocument};

use super::db::DbArgs;
use crate::output::table::{date_span, one_line};

/// Arguments of `tally explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The claim's id (the `#N` of `tally claims`, the `id` of its JSON).
    #[arg(value_name = "CLAIM_ID")]
    pub claim_id: i64,
    /// Width the sentence is wrapped to [default: $COLUMNS, else 100].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

/// Runs `tally explain`.
///
/// # Errors
///
/// Fails when the ledger cannot be read, the claim or its document is not in it, or
/// standard output cannot be written.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let Some(stored) = ledger.claim(args.claim_id)? else {
        anyhow::bail!("no claim {} in {}", args.claim_id, args.db.describe());
    };
    let Some(document) = ledger.document(&stored.document_hash)? else {
        anyhow::bail!("claim {}: its document {} is not in the ledger", stored.id, stored.document_hash);
    };
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(100)
        .clamp(40, 1000);
    let mut out = BufWriter::new(io::stdout().lock());
    explain(&mut out, &stored, &document, width).context("writing to standard output")?;
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the explanation of one claim.
pub fn explain(out: &mut impl Write, stored: &StoredClaim, document: &StoredDocument, width: usize) -> io::Result<()> {
    let claim = &stored.claim;
    let doc = &document.document;
    let published = doc.published.map_or_else(|| "unknown".to_string(), |day| day.to_string());
    writeln!(out, "claim {} · {} · published {published} · grammar {}", stored.id, doc.id, claim.grammar_version)?;
    writeln!(out, "document {}", document.hash)?;
    if let Some(title) = &doc.title {
        writeln!(out, "title    {}", one_line(title))?;
    }
    if let Some(url) = &doc.url {
        writeln!(out, "url      {url}")?;
    }
    writeln!(out)?;
    for line in wrap(&marked(claim), width.saturating_sub(2)) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out)?;

    let field = |out: &mut dyn Write, name: &str, value: &str| writeln!(out, "{name:<12}{value}");
    let qualifier = serde_json::to_value(claim.value.qualifier)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default();
    let kind = match claim.kind {
        Kind::Count => "count",
        Kind::Fraction => "fraction",
        Kind::Rate => "rate per day",
    };
    let value = claim.value.display(claim.kind == Kind::Fraction);
    field(out, "value", &format!("{value} ({qualifier}, {kind})"))?;
    let mut metric = claim.metric.as_str().to_string();
    if claim.increment {
        metric.push_str(", in addition to an earlier figure");
    }
    if let Some(of) = claim.of {
        metric.push_str(&format!(", a share of {of}"));
    }
    field(out, "metric", &metric)?;
    let who = match &claim.actor {
        Some(actor) => format!("{actor} ({})", claim.role.as_str()),
        None => format!("unknown ({})", claim.role.as_str()),
    };
    field(out, "who", &who)?;
    field(out, "source", &source_line(claim, doc, &rules_with(claim, &["source."])))?;
    let confidence = match (&claim.confidence, claim.probability) {
        (Some(phrase), Some([low, high])) => {
            format!("“{phrase}”, {:.0}–{:.0}% ({})", low * 100.0, high * 100.0, claim.modality.as_str())
        }
        (Some(phrase), None) => format!("“{phrase}” ({})", claim.modality.as_str()),
        (None, _) => format!("none stated ({})", claim.modality.as_str()),
    };
    field(out, "confidence", &confidence)?;

    writeln!(out)?;
    writeln!(out, "dates")?;
    let as_of = claim.as_of.as_ref().map_or_else(|| "—".to_string(), |span| full_span(span.first, span.last));
    let as_of_rules = rules_with(claim, &["story.as_of", "story.same_figure", "time."]);
    field(out, "  as of", &with_rules(&as_of, &as_of_rules))?;
    let stated = claim.stated.map_or_else(|| "—".to_string(), |day| day.to_string());
    field(out, "  stated", &with_rules(&stated, &rules_with(claim, &["story.stated", "story.same_figure"])))?;
    field(out, "  published", &format!("{published} (relative dates resolve against it)"))?;
    let times = times_of(claim, doc);
    if !times.is_empty() {
        writeln!(out, "  time expressions in the sentence:")?;
        for time in times {
            let value = time.value.as_ref().map_or_else(|| "—".to_string(), date_span);
            writeln!(out, "    “{}” → {value} ({} {}, {})", one_line(&time.text), time.timex_type, time.timex, time.rule)?;
        }
    }

    writeln!(out)?;
    writeln!(out, "rules, in the order they applied")?;
    for rule in &claim.rules {
        writeln!(out, "  {rule}")?;
    }
    Ok(())
}

/// The claim's sentence on one line with its number in brackets.
fn marked(claim: &Claim) -> String {
    let evidence = &claim.evidence;
    let sentence = evidence.text.as_str();
    let start = evidence.number.start.checked_sub(evidence.sentence.start);
    let end = evidence.number.end.checked_sub(evidence.sentence.start);
    match (start, end) {
        (Some(start), Some(end)) if start <= end && sentence.get(start..end).is_some() => format!(
            "“{}[{}]{}”",
            one_line(&sentence[..start]),
            one_line(&sentence[start..end]),
            one_line(&sentence[end..])
        )
        .replace("“ ", "“")
        .replace(" ”", "”"),
        _ => format!("“{}”", one_line(sentence)),
    }
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
fn rules_with<'c>(claim: &'c Claim, prefixes: &[&str]) -> Vec<&'c str> {
    claim.rules.iter().map(String::as_str).filter(|rule| prefixes.iter().any(|p| rule.starts_with(p))).collect()
}

fn with_rules(value: &str, rules: &[&str]) -> String {
    if rules.is_empty() {
        value.to_string()
    } else {
        format!("{value}   by {}", rules.join(", "))
    }
}

/// A day interval with its brief form: `2025-03 (2025-03-01…2025-03-31)`.
fn full_span(first: jiff::civil::Date, last: jiff::civil::Date) -> String {
    let brief = date_span(&tally_core::DateSpan::new(first, last));
    if first == last || brief == format!("{first}…{last}") {
        brief
    } else {
        format!("{brief} ({first}…{last})")
    }
}

/// The source, the phrase of the text that named it, and the rule.
fn source_line(claim: &Claim, doc: &tally_core::Document, rules: &[&str]) -> String {
    let Some(source) = &claim.source else {
        return with_rules("unknown", rules);
    };
    let mut line = source.clone();
    if let Some(phrase) = source_phrase(claim, doc) {
        line.push_str(&format!(", named as “{}”", one_line(&phrase)));
    }
    with_rules(&line, rules)
}

/// The phrase that named the claim's source in its sentence, found again by the attribution
/// rules; `None` when the claim is the publisher's own or the phrase is in another sentence.
fn source_phrase(claim: &Claim, doc: &tally_core::Document) -> Option<String> {
    if claim.evidence.field != EvidenceField::Text || claim.source.as_deref() == Some("publisher") {
        return None;
    }
    let lang = tally_lang::Lang::english().ok()?;
    let attributor = Attributor::new(&lang);
    let text = doc.text.as_str();
    let sentence = claim.evidence.sentence;
    let number = claim.evidence.number;
    if text.get(sentence.start..sentence.end).is_none() || text.get(number.start..number.end).is_none() {
        return None;
    }
    let run = || attributor.attribute(text, sentence, number, &mut SourceMemory::default());
    let attribution = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).ok()?;
    let Span { start, end } = attribution.phrase?;
    let inside = sentence.start <= start && end <= sentence.end;
    (inside && attribution.source == *claim.source.as_ref()?).then(|| text.get(start..end).map(str::to_string))?
}

/// The time expressions of the claim's sentence, resolved as the extractor resolves them.
fn times_of(claim: &Claim, doc: &tally_core::Document) -> Vec<TimeExpression> {
    if claim.evidence.field != EvidenceField::Text {
        return Vec::new();
    }
    let extractor = Extractor::english();
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
