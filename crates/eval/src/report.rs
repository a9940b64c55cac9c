//! The outcome of scoring: counts, scores, and every miss and extra, for people and as JSON.

use std::fmt::Write;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use tally_core::{Kind, Metric, Span};

use crate::gold::GoldClaim;

/// The widest a sentence is shown in the table, in characters.
const SHOWN_SENTENCE: usize = 240;

/// True positives, false positives and false negatives, with the scores they give.
/// Serializes with `precision`, `recall` and `f1` alongside the counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Claims matched to a gold claim.
    pub tp: usize,
    /// Claims matched to none.
    pub fp: usize,
    /// Gold claims matched to none.
    pub fn_: usize,
}

impl Counts {
    /// `tp / (tp + fp)`, or 0 when there are no claims.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or 0 when there are no gold claims.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall, or 0 when both are 0.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// Adds another set of counts to this one.
    pub fn add(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Counts", 6)?;
        s.serialize_field("tp", &self.tp)?;
        s.serialize_field("fp", &self.fp)?;
        s.serialize_field("fn", &self.fn_)?;
        s.serialize_field("precision", &self.precision())?;
        s.serialize_field("recall", &self.recall())?;
        s.serialize_field("f1", &self.f1())?;
        s.end()
    }
}

/// `num / den`, or 0 when `den` is 0.
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// How often one field was right over the detection-matched claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScore {
    /// The field's name (`approx`, `source`, `as_of`, ...).
    pub field: String,
    /// Matched claims whose field counts as correct.
    pub correct: usize,
    /// Matched claims scored.
    pub n: usize,
    /// `correct / n`, or 0 when `n` is 0.
    pub accuracy: f64,
}

/// The scores of one corpus (the gold lines' `corpus` field).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusReport {
    /// The corpus name.
    pub corpus: String,
    /// Documents scored.
    pub n_docs: usize,
    /// Gold claims in them.
    pub n_gold: usize,
    /// tally's claims in them (title claims left out).
    pub n_claims: usize,
    /// Detection counts: span, kind and bounds agree.
    pub detection: Counts,
    /// Claim counts: metric and actor agree as well.
    pub claim: Counts,
}

/// A gold claim that no claim matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The document's id.
    pub doc: String,
    /// Where the quote was found; `None` when it is not in the text.
    pub span: Option<Span>,
    /// The sentence around the quote, whitespace collapsed.
    pub sentence: String,
    /// The gold claim.
    pub gold: GoldClaim,
}

/// A claim that matched no gold claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extra {
    /// The document's id.
    pub doc: String,
    /// The value as an analyst writes it ("over 5,000").
    pub value: String,
    /// Count, fraction or rate.
    pub kind: Kind,
    /// What it counts.
    pub metric: Metric,
    /// Who is counted.
    pub actor: Option<String>,
    /// The number's span in the text.
    pub span: Span,
    /// The text of the number's span.
    pub number: String,
    /// The claim's evidence sentence, whitespace collapsed.
    pub sentence: String,
    /// The rules that made the claim.
    pub rules: Vec<String>,
}

/// A gold claim and a claim on the same words whose kind or bounds differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearMiss {
    /// The document's id.
    pub doc: String,
    /// The gold quote.
    pub quote: String,
    /// The gold value ("over 5,000").
    pub gold: String,
    /// The claim's value.
    pub claim: String,
    /// The text of the claim's number span.
    pub number: String,
    /// The rules that made the claim.
    pub rules: Vec<String>,
    /// The sentence around the quote, whitespace collapsed.
    pub sentence: String,
}

/// A field of a matched claim that disagrees with the gold claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMismatch {
    /// The document's id.
    pub doc: String,
    /// The gold quote.
    pub quote: String,
    /// The field's name.
    pub field: String,
    /// The gold value, as JSON text.
    pub gold: String,
    /// The claim's value, as JSON text.
    pub claim: String,
}

/// Something about the gold or the inputs that kept part of it from being scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The document's id.
    pub doc: String,
    /// The gold file and line, as `path:line`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// The scores of a set of claims against gold annotations; see [`crate::score`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Gold documents scored (with their text found).
    pub n_docs: usize,
    /// Gold claims in them.
    pub n_gold: usize,
    /// tally's claims in them, title claims left out.
    pub n_claims: usize,
    /// Claims left out because their evidence points into a title.
    pub n_title_claims: usize,
    /// Claims left out because their document has no gold line.
    pub n_unannotated_claims: usize,
    /// Detection counts: the number span overlaps the quote, kind and bounds agree.
    pub detection: Counts,
    /// Claim counts: metric and actor agree as well.
    pub claim: Counts,
    /// Per-field accuracy over the detection-matched claims.
    pub fields: Vec<FieldScore>,
    /// Counts per corpus, by name.
    pub corpora: Vec<CorpusReport>,
    /// Gold claims no claim matched, in gold order.
    pub misses: Vec<Miss>,
    /// Claims no gold claim matched, in text order per document.
    pub extras: Vec<Extra>,
    /// Unmatched pairs on the same words whose kind or bounds differ.
    pub near_misses: Vec<NearMiss>,
    /// Disagreeing fields of matched claims.
    pub mismatches: Vec<FieldMismatch>,
    /// Gold quotes not found, documents without text.
    pub problems: Vec<Problem>,
}

impl Report {
    /// The report as a fixed-width text table. With `verbose`, every miss, extra, near miss
    /// and field mismatch is listed with its sentence; without, only how many there are.
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::HashMap;
    ///
    /// let report = tally_eval::score(&[], &HashMap::new(), &[], &|s: &str| s.to_string());
    /// assert!(report.render(false).contains("detection"));
    /// ```
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        self.render_summary(&mut out);
        if !self.problems.is_empty() {
            let _ = writeln!(out, "\nproblems ({}):", self.problems.len());
            for problem in &self.problems {
                let _ = writeln!(
                    out,
                    "  {}  {}: {}",
                    problem.location, problem.doc, problem.message
                );
            }
        }
        if verbose {
            self.render_lists(&mut out);
        } else {
            let _ = writeln!(
                out,
                "\n{} misses, {} extras, {} near misses, {} field mismatches (--verbose lists them)",
                self.misses.len(),
                self.extras.len(),
                self.near_misses.len(),
                self.mismatches.len()
            );
        }
        out
    }

    /// The count lines and the score tables.
    fn render_summary(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "{} documents, {} gold claims, {} claims scored",
            self.n_docs, self.n_gold, self.n_claims
        );
        if self.n_title_claims + self.n_unannotated_claims > 0 {
            let _ = writeln!(
                out,
                "left out: {} title claims, {} claims in documents without gold",
                self.n_title_claims, self.n_unannotated_claims
            );
        }
        let _ = writeln!(
            out,
            "\n{:<12}{:>6}{:>6}{:>6}{:>11}{:>9}{:>9}",
            "", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for (name, counts) in [("detection", &self.detection), ("claim", &self.claim)] {
            let _ = writeln!(
                out,
                "{:<12}{:>6}{:>6}{:>6}{:>11}{:>9}{:>9}",
                name,
                counts.tp,
                counts.fp,
                counts.fn_,
                percent(counts.precision()),
                percent(counts.recall()),
                percent(counts.f1())
            );
        }
        let _ = writeln!(
            out,
            "\n{:<12}{:>8}{:>6}{:>10}",
            "field", "correct", "n", "accuracy"
        );
        for field in &self.fields {
            let accuracy = if field.n == 0 {
                "-".to_string()
            } else {
                percent(field.accuracy)
            };
            let _ = writeln!(
                out,
                "{:<12}{:>8}{:>6}{:>10}",
                field.field, field.correct, field.n, accuracy
            );
        }
        if !self.corpora.is_empty() {
            let _ = writeln!(
                out,
                "\n{:<16}{:>6}{:>6}{:>8}{:>9}{:>9}{:>9}{:>10}",
                "corpus", "docs", "gold", "claims", "det P", "det R", "det F1", "claim F1"
            );
            for corpus in &self.corpora {
                let _ = writeln!(
                    out,
                    "{:<16}{:>6}{:>6}{:>8}{:>9}{:>9}{:>9}{:>10}",
                    corpus.corpus,
                    corpus.n_docs,
                    corpus.n_gold,
                    corpus.n_claims,
                    percent(corpus.detection.precision()),
                    percent(corpus.detection.recall()),
                    percent(corpus.detection.f1()),
                    percent(corpus.claim.f1())
                );
            }
        }
    }

    /// Every miss, extra, near miss and mismatch.
    fn render_lists(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "\nmisses: gold claims no claim matched ({})",
            self.misses.len()
        );
        for miss in &self.misses {
            let gold = &miss.gold;
            let _ = writeln!(
                out,
                "  {}  {:?}  {} {} {}",
                miss.doc,
                gold.quote,
                crate::fields::describe_value(gold.kind, &gold.value()),
                gold.metric,
                gold.actor.as_deref().unwrap_or("-")
            );
            let _ = writeln!(out, "      {}", shorten(&miss.sentence));
        }
        let _ = writeln!(
            out,
            "\nextras: claims no gold claim matched ({})",
            self.extras.len()
        );
        for extra in &self.extras {
            let _ = writeln!(
                out,
                "  {}  {:?} @{}  {} {} {}  [{}]",
                extra.doc,
                extra.number,
                extra.span.start,
                extra.value,
                extra.metric,
                extra.actor.as_deref().unwrap_or("-"),
                extra.rules.join(" ")
            );
            let _ = writeln!(out, "      {}", shorten(&extra.sentence));
        }
        let _ = writeln!(
            out,
            "\nnear misses: same words, other kind or bounds ({})",
            self.near_misses.len()
        );
        for near in &self.near_misses {
            let _ = writeln!(
                out,
                "  {}  {:?}  gold {}  tally {} from {:?}  [{}]",
                near.doc,
                near.quote,
                near.gold,
                near.claim,
                near.number,
                near.rules.join(" ")
            );
            let _ = writeln!(out, "      {}", shorten(&near.sentence));
        }
        let _ = writeln!(
            out,
            "\nfield mismatches of matched claims ({})",
            self.mismatches.len()
        );
        for mismatch in &self.mismatches {
            let _ = writeln!(
                out,
                "  {}  {:?}  {}: gold {}  tally {}",
                mismatch.doc, mismatch.quote, mismatch.field, mismatch.gold, mismatch.claim
            );
        }
    }
}

/// A share as a percentage with one decimal.
fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// A sentence cut to [`SHOWN_SENTENCE`] characters.
fn shorten(sentence: &str) -> String {
    match sentence.char_indices().nth(SHOWN_SENTENCE) {
        Some((cut, _)) => format!("{}…", &sentence[..cut]),
        None => sentence.to_string(),
    }
}

/// Text with every run of whitespace made one space, for showing on one line.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_of_counts() {
        let counts = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert_eq!(counts.precision(), 0.75);
        assert_eq!(counts.recall(), 0.6);
        assert!((counts.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
        let json = serde_json::to_value(counts).unwrap();
        assert_eq!(json["fn"], 2);
        assert_eq!(json["precision"], 0.75);
    }

    #[test]
    fn shortens_on_character_boundaries() {
        let long = "é".repeat(SHOWN_SENTENCE + 5);
        assert_eq!(shorten(&long).chars().count(), SHOWN_SENTENCE + 1);
        assert_eq!(collapse_whitespace(" a\n   b "), "a b");
    }
}
