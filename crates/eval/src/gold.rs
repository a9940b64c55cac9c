//! Gold annotations: one JSON line per document, as described in `corpus/GOLD-FORMAT.md`.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tally_core::{Date, DateSpan, Kind, Metric, Modality, Role, Scope, Value};

use crate::Error;

/// The gold line of one document: every claim a careful analyst would record in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// The document's id: a file name in `corpus/seed/`, or the `id` of a JSONL line.
    pub doc: String,
    /// Which corpus file the document is in (`seed`, or a JSONL file's stem).
    #[serde(default)]
    pub corpus: String,
    /// The day the document was published.
    #[serde(default)]
    pub published: Option<Date>,
    /// The claims, in text order.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
    /// Time expressions and what they resolve to.
    #[serde(default)]
    pub times: Vec<GoldTime>,
    /// The gold file the line came from; empty when parsed from a string.
    #[serde(skip)]
    pub path: PathBuf,
    /// The line number in that file, counting from 1.
    #[serde(skip)]
    pub line: usize,
}

/// One claim of a gold line, with the field names of tally's JSON claims. Unknown fields
/// (such as an annotator's `note`) are accepted and ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldClaim {
    /// A verbatim piece of the document's text containing the number; the first occurrence
    /// at or after the previous claim's quote is meant.
    pub quote: String,
    /// Count, fraction or rate.
    pub kind: Kind,
    /// The inclusive lower bound; `None` is unbounded.
    #[serde(default)]
    pub low: Option<f64>,
    /// The inclusive upper bound; `None` is unbounded.
    #[serde(default)]
    pub high: Option<f64>,
    /// Whether the text marks the figure as approximate.
    #[serde(default)]
    pub approx: bool,
    /// What is counted.
    pub metric: Metric,
    /// Whether the figure adds to an earlier one.
    #[serde(default)]
    pub increment: bool,
    /// For a fraction: the metric of the quantity it is a share of.
    #[serde(default)]
    pub of: Option<Metric>,
    /// Who is counted: ISO 3166-1 alpha-3 code or a lowercase slug.
    #[serde(default)]
    pub actor: Option<String>,
    /// Military, civilian or unspecified.
    #[serde(default)]
    pub role: Role,
    /// Who asserts the figure, `"publisher"` for the article itself.
    #[serde(default)]
    pub source: Option<String>,
    /// The days the figure refers to.
    #[serde(default)]
    pub as_of: Option<DateSpan>,
    /// The day the source stated it.
    #[serde(default)]
    pub stated: Option<Date>,
    /// The estimative phrase, lowercased.
    #[serde(default)]
    pub confidence: Option<String>,
    /// Report, estimate or projection.
    #[serde(default)]
    pub modality: Modality,
    /// A running total, a count over a period, or the people of one incident.
    #[serde(default)]
    pub scope: Scope,
    /// The most specific named place the figure is tied to, as the text names it.
    #[serde(default)]
    pub place: Option<String>,
    /// The annotator's remark, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl GoldClaim {
    /// The claim's bounds and approximation as a [`Value`].
    pub fn value(&self) -> Value {
        Value {
            low: self.low,
            high: self.high,
            approx: self.approx,
            ..Value::default()
        }
    }
}

/// A time expression of a gold line and the days it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldTime {
    /// A verbatim piece of the document's text holding the expression.
    pub quote: String,
    /// The resolved day interval; `None` for durations and sets.
    #[serde(default)]
    pub value: Option<DateSpan>,
}

/// Reads a gold file: one [`GoldDoc`] per non-blank line.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read, [`Error::Json`] for a line that is not a
/// gold line, [`Error::Invalid`] for an empty quote or `low` above `high`, and
/// [`Error::DuplicateDoc`] when two lines annotate the same document.
///
/// # Example
///
/// ```no_run
/// let gold = tally_eval::load_gold("corpus/gold/seed.jsonl")?;
/// println!("{} documents", gold.len());
/// # Ok::<(), tally_eval::Error>(())
/// ```
pub fn load_gold(path: impl AsRef<Path>) -> Result<Vec<GoldDoc>, Error> {
    let path = path.as_ref();
    let io_error = |line: usize, error: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        line,
        error,
    };
    let file = std::fs::File::open(path).map_err(|error| io_error(0, error))?;
    let mut text = String::new();
    let mut reader = std::io::BufReader::new(file);
    let mut line_no = 0;
    loop {
        line_no += 1;
        match reader.read_line(&mut text) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => return Err(io_error(line_no, error)),
        }
    }
    parse_gold(&text, path)
}

/// Reads several gold files and checks that no document has two gold lines.
///
/// # Errors
///
/// As [`load_gold`], and [`Error::DuplicateDoc`] across files.
pub fn load_gold_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<GoldDoc>, Error> {
    let mut all = Vec::new();
    for path in paths {
        all.extend(load_gold(path)?);
    }
    check_unique(&all)?;
    Ok(all)
}

/// Parses the text of a gold file; `path` is used in errors and recorded in each
/// [`GoldDoc`].
///
/// # Errors
///
/// As [`load_gold`], except for [`Error::Io`].
///
/// # Example
///
/// ```
/// let line = r#"{"doc": "d", "corpus": "seed", "claims": [
///     {"quote": "over 5,000", "kind": "count", "low": 5000, "high": null,
///      "metric": "killed", "note": "notes are allowed"}]}"#;
/// let gold = tally_eval::parse_gold(&line.replace('\n', " "), "inline".as_ref())?;
/// assert_eq!(gold[0].claims[0].low, Some(5000.0));
/// assert_eq!(gold[0].claims[0].high, None);
/// # Ok::<(), tally_eval::Error>(())
/// ```
pub fn parse_gold(text: &str, path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let mut docs = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        let line_no = line_idx + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut doc: GoldDoc = serde_json::from_str(line).map_err(|error| Error::Json {
            path: path.to_path_buf(),
            line: line_no,
            error,
        })?;
        doc.path = path.to_path_buf();
        doc.line = line_no;
        validate(&doc)?;
        docs.push(doc);
    }
    check_unique(&docs)?;
    Ok(docs)
}

/// Refuses claims no text could support.
fn validate(doc: &GoldDoc) -> Result<(), Error> {
    let invalid = |message: String| Error::Invalid {
        path: doc.path.clone(),
        line: doc.line,
        message,
    };
    if doc.doc.is_empty() {
        return Err(invalid("empty document id".to_string()));
    }
    for (claim_idx, claim) in doc.claims.iter().enumerate() {
        let which = format!("claim {} of {:?}", claim_idx + 1, doc.doc);
        if claim.quote.is_empty() {
            return Err(invalid(format!("{which}: empty quote")));
        }
        for bound in [claim.low, claim.high].into_iter().flatten() {
            if !bound.is_finite() {
                return Err(invalid(format!("{which}: bound {bound} is not a number")));
            }
        }
        if let (Some(low), Some(high)) = (claim.low, claim.high) {
            if low > high {
                return Err(invalid(format!("{which}: low {low} is above high {high}")));
            }
        }
        if claim.low.is_none() && claim.high.is_none() {
            return Err(invalid(format!("{which}: both bounds are null")));
        }
    }
    Ok(())
}

/// Refuses a document annotated twice.
fn check_unique(docs: &[GoldDoc]) -> Result<(), Error> {
    let mut seen: HashMap<&str, &GoldDoc> = HashMap::new();
    for doc in docs {
        if let Some(first) = seen.insert(&doc.doc, doc) {
            return Err(Error::DuplicateDoc {
                path: doc.path.clone(),
                line: doc.line,
                doc: doc.doc.clone(),
                first_path: first.path.clone(),
                first_line: first.line,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<GoldDoc>, Error> {
        parse_gold(text, Path::new("g.jsonl"))
    }

    #[test]
    fn reads_every_field_and_ignores_notes() {
        let line = r#"{"doc": "d", "corpus": "c", "published": "2025-04-01", "claims": [{"quote": "about 45", "kind": "count", "low": 45, "high": 45, "approx": true, "metric": "killed", "increment": false, "of": null, "actor": "PAK", "role": "civilian", "source": "officials", "as_of": ["2025-03-23", "2025-03-24"], "stated": "2025-03-25", "confidence": null, "modality": "report", "note": "n", "extra": 1}], "times": [{"quote": "last Monday", "value": ["2025-03-24", "2025-03-24"]}]}"#;
        let docs = parse(&format!("\n{line}\n")).unwrap();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.line, 2);
        assert_eq!(doc.published, Some(Date::new(2025, 4, 1).unwrap()));
        let claim = &doc.claims[0];
        assert!(claim.approx);
        assert_eq!(claim.actor.as_deref(), Some("PAK"));
        assert_eq!(claim.role, Role::Civilian);
        assert_eq!(claim.as_of.unwrap().last, Date::new(2025, 3, 24).unwrap());
        assert_eq!(claim.note.as_deref(), Some("n"));
        assert_eq!(doc.times[0].quote, "last Monday");
    }

    #[test]
    fn errors_name_the_line() {
        let good = r#"{"doc": "a", "claims": []}"#;
        let bad = r#"{"doc": "b", "claims": [{"quote": "x", "kind": "count", "low": 1, "high": 1, "metric": "kiled"}]}"#;
        let error = parse(&format!("{good}\n{bad}\n")).unwrap_err();
        assert!(matches!(error, Error::Json { line: 2, .. }), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("g.jsonl:2: unknown variant `kiled`"),
            "{error}"
        );
    }

    #[test]
    fn refuses_impossible_claims() {
        let reversed = r#"{"doc": "b", "claims": [{"quote": "x", "kind": "count", "low": 2, "high": 1, "metric": "killed"}]}"#;
        let error = parse(reversed).unwrap_err();
        assert_eq!(
            error.to_string(),
            "g.jsonl:1: claim 1 of \"b\": low 2 is above high 1"
        );
        let empty = r#"{"doc": "b", "claims": [{"quote": "", "kind": "count", "low": 2, "high": 2, "metric": "killed"}]}"#;
        assert!(matches!(
            parse(empty).unwrap_err(),
            Error::Invalid { line: 1, .. }
        ));
    }

    #[test]
    fn refuses_duplicate_documents() {
        let line = r#"{"doc": "a", "claims": []}"#;
        let error = parse(&format!("{line}\n{line}")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "g.jsonl:2: document \"a\" already has a gold line at g.jsonl:1"
        );
    }
}
