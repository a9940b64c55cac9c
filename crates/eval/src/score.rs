//! Matching claims to gold claims and counting.

use std::collections::{BTreeMap, HashMap};

use tally_core::{Claim, Document, EvidenceField, Span};

use crate::fields::{self, FIELDS};
use crate::gold::GoldDoc;
use crate::locate::{locate_quotes, sentence_around};
use crate::report::{
    collapse_whitespace, CorpusReport, Counts, Extra, FieldMismatch, FieldScore, Miss, NearMiss,
    Problem, Report,
};

/// The corpus name shown for gold lines without one.
const NO_CORPUS: &str = "(none)";

/// Scores `claims` against the gold lines `gold`, reading each document's text from `docs`
/// (by id) to place the gold quotes.
///
/// Only documents with a gold line are scored; claims about other documents, and claims
/// whose evidence points into a title, are counted in the report and left out. A gold line
/// whose document is not in `docs` is reported as a problem and left out too. A gold quote
/// not found in its text is a problem and a miss.
///
/// A claim matches a gold claim when its number span overlaps the quote and kind, low and
/// high agree (bounds within 2 % of the gold value); each claim and each gold claim is in at
/// most one match, the pairs agreeing on most other fields chosen first, then as many more
/// as possible. Claim scores also require metric and actor to agree. `fold_source` maps a
/// source name to its canonical form before sources are compared.
///
/// # Example
///
/// ```
/// use std::collections::HashMap;
/// use tally_core::{Claim, Document, Evidence, Kind, Metric, Span, Value};
///
/// let text = "Officials said about 45 people were killed.";
/// let gold = tally_eval::parse_gold(
///     r#"{"doc": "d", "corpus": "c", "claims": [{"quote": "about 45 people", "kind": "count", "low": 45, "high": 45, "approx": true, "metric": "killed"}]}"#,
///     "inline".as_ref(),
/// )?;
/// let docs = HashMap::from([("d".to_string(), Document::new("d", text))]);
/// let claim = Claim::new(
///     "d",
///     Kind::Count,
///     Value::approx(45.0),
///     Metric::Wounded,
///     Evidence::new(text, Span::new(0, text.len()), Span::new(15, 23)),
/// );
/// let report = tally_eval::score(&gold, &docs, &[claim], &|s: &str| s.to_lowercase());
/// assert_eq!((report.detection.tp, report.detection.fp, report.detection.fn_), (1, 0, 0));
/// assert_eq!((report.claim.tp, report.claim.fp, report.claim.fn_), (0, 1, 1));
/// # Ok::<(), tally_eval::Error>(())
/// ```
pub fn score(
    gold: &[GoldDoc],
    docs: &HashMap<String, Document>,
    claims: &[Claim],
    fold_source: &dyn Fn(&str) -> String,
) -> Report {
    let mut by_doc: HashMap<&str, Vec<&Claim>> = HashMap::new();
    let mut n_title_claims = 0;
    for claim in claims {
        if claim.evidence.field == EvidenceField::Title {
            n_title_claims += 1;
        } else {
            by_doc.entry(claim.doc.as_str()).or_default().push(claim);
        }
    }
    let n_unannotated_claims = {
        let annotated: std::collections::HashSet<&str> =
            gold.iter().map(|g| g.doc.as_str()).collect();
        by_doc
            .iter()
            .filter(|(doc, _)| !annotated.contains(*doc))
            .map(|(_, claims)| claims.len())
            .sum()
    };

    let mut tally = Tally::default();
    for gold_doc in gold {
        let location = format!("{}:{}", gold_doc.path.display(), gold_doc.line);
        let Some(document) = docs.get(&gold_doc.doc) else {
            tally.report.problems.push(Problem {
                doc: gold_doc.doc.clone(),
                location,
                message: "no document with this id among the inputs; not scored".to_string(),
            });
            continue;
        };
        let doc_claims = by_doc
            .get(gold_doc.doc.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        tally.score_doc(gold_doc, &document.text, doc_claims, &location, fold_source);
    }
    tally.finish(n_title_claims, n_unannotated_claims)
}

/// The running totals of a scoring run.
#[derive(Default)]
struct Tally {
    report: Report,
    field_counts: BTreeMap<&'static str, (usize, usize)>,
    corpora: BTreeMap<String, CorpusReport>,
}

impl Tally {
    /// Matches and counts the claims of one document.
    fn score_doc(
        &mut self,
        gold_doc: &GoldDoc,
        text: &str,
        doc_claims: &[&Claim],
        location: &str,
        fold_source: &dyn Fn(&str) -> String,
    ) {
        let gold_claims = &gold_doc.claims;
        let spans = locate_quotes(text, gold_claims.iter().map(|g| g.quote.as_str()));
        for (gold_idx, span) in spans.iter().enumerate() {
            if span.is_none() {
                self.report.problems.push(Problem {
                    doc: gold_doc.doc.clone(),
                    location: location.to_string(),
                    message: format!(
                        "quote {:?} of claim {} is not in the text",
                        gold_claims[gold_idx].quote,
                        gold_idx + 1
                    ),
                });
            }
        }
        let mut claims: Vec<&Claim> = doc_claims.to_vec();
        claims.sort_by_key(|c| (c.evidence.number.start, c.evidence.number.end));

        let overlaps = |gold_idx: usize, claim: &Claim| {
            spans[gold_idx].is_some_and(|span| span.overlaps(&claim.evidence.number))
        };
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for (gold_idx, gold) in gold_claims.iter().enumerate() {
            for (claim_idx, claim) in claims.iter().enumerate() {
                if overlaps(gold_idx, claim) && fields::value_agrees(claim, gold) {
                    let agreement = fields::agreement(claim, gold, fold_source);
                    candidates.push((gold_idx, claim_idx, agreement));
                }
            }
        }
        let matching = match_pairs(gold_claims.len(), claims.len(), &candidates);

        let mut detection = Counts::default();
        let mut claim_counts = Counts::default();
        for (gold_idx, matched) in matching.gold_to_claim.iter().enumerate() {
            let gold = &gold_claims[gold_idx];
            let Some(claim_idx) = *matched else {
                detection.fn_ += 1;
                claim_counts.fn_ += 1;
                let sentence = spans[gold_idx]
                    .map(|span| sentence_text(text, span))
                    .unwrap_or_default();
                self.report.misses.push(Miss {
                    doc: gold_doc.doc.clone(),
                    span: spans[gold_idx],
                    sentence,
                    gold: gold.clone(),
                });
                continue;
            };
            let claim = claims[claim_idx];
            detection.tp += 1;
            if fields::identity_agrees(claim, gold) {
                claim_counts.tp += 1;
            } else {
                claim_counts.fn_ += 1;
                claim_counts.fp += 1;
            }
            for comparison in fields::compare_fields(claim, gold, fold_source) {
                let counts = self.field_counts.entry(comparison.field).or_default();
                counts.1 += 1;
                if comparison.correct {
                    counts.0 += 1;
                } else {
                    self.report.mismatches.push(FieldMismatch {
                        doc: gold_doc.doc.clone(),
                        quote: gold.quote.clone(),
                        field: comparison.field.to_string(),
                        gold: comparison.gold,
                        claim: comparison.claim,
                    });
                }
            }
        }
        for (claim_idx, matched) in matching.claim_to_gold.iter().enumerate() {
            if matched.is_some() {
                continue;
            }
            let claim = claims[claim_idx];
            detection.fp += 1;
            claim_counts.fp += 1;
            self.report.extras.push(Extra {
                doc: claim.doc.clone(),
                value: fields::describe_value(claim.kind, &claim.value),
                kind: claim.kind,
                metric: claim.metric,
                actor: claim.actor.clone(),
                span: claim.evidence.number,
                number: span_text(text, claim.evidence.number),
                sentence: collapse_whitespace(&claim.evidence.text),
                rules: claim.rules.clone(),
            });
            for (gold_idx, gold) in gold_claims.iter().enumerate() {
                if matching.gold_to_claim[gold_idx].is_none() && overlaps(gold_idx, claim) {
                    let span = spans[gold_idx].expect("overlapping quotes were found");
                    self.report.near_misses.push(NearMiss {
                        doc: gold_doc.doc.clone(),
                        quote: gold.quote.clone(),
                        gold: fields::describe_value(gold.kind, &gold.value()),
                        claim: fields::describe_value(claim.kind, &claim.value),
                        number: span_text(text, claim.evidence.number),
                        rules: claim.rules.clone(),
                        sentence: sentence_text(text, span),
                    });
                }
            }
        }

        self.report.n_docs += 1;
        self.report.n_gold += gold_claims.len();
        self.report.n_claims += claims.len();
        self.report.detection.add(&detection);
        self.report.claim.add(&claim_counts);
        let corpus_name = if gold_doc.corpus.is_empty() {
            NO_CORPUS
        } else {
            gold_doc.corpus.as_str()
        };
        let corpus = self
            .corpora
            .entry(corpus_name.to_string())
            .or_insert_with(|| CorpusReport {
                corpus: corpus_name.to_string(),
                n_docs: 0,
                n_gold: 0,
                n_claims: 0,
                detection: Counts::default(),
                claim: Counts::default(),
            });
        corpus.n_docs += 1;
        corpus.n_gold += gold_claims.len();
        corpus.n_claims += claims.len();
        corpus.detection.add(&detection);
        corpus.claim.add(&claim_counts);
    }

    /// The report, with field accuracies and corpora filled in.
    fn finish(mut self, n_title_claims: usize, n_unannotated_claims: usize) -> Report {
        self.report.n_title_claims = n_title_claims;
        self.report.n_unannotated_claims = n_unannotated_claims;
        self.report.fields = FIELDS
            .iter()
            .map(|field| {
                let (correct, n) = self.field_counts.get(field).copied().unwrap_or((0, 0));
                let accuracy = if n == 0 {
                    0.0
                } else {
                    correct as f64 / n as f64
                };
                FieldScore {
                    field: field.to_string(),
                    correct,
                    n,
                    accuracy,
                }
            })
            .collect();
        self.report.corpora = self.corpora.into_values().collect();
        self.report
    }
}

/// A one-to-one matching between gold claims and claims.
struct Matching {
    gold_to_claim: Vec<Option<usize>>,
    claim_to_gold: Vec<Option<usize>>,
}

/// Chooses matches among `candidates` (gold index, claim index, agreement): greedily by
/// agreement, then text order; then augmenting paths add matches for gold claims left out,
/// so the matching is as large as it can be.
fn match_pairs(n_gold: usize, n_claims: usize, candidates: &[(usize, usize, usize)]) -> Matching {
    let mut matching = Matching {
        gold_to_claim: vec![None; n_gold],
        claim_to_gold: vec![None; n_claims],
    };
    let mut ordered = candidates.to_vec();
    ordered.sort_by_key(|&(gold_idx, claim_idx, agreement)| {
        (std::cmp::Reverse(agreement), gold_idx, claim_idx)
    });
    for &(gold_idx, claim_idx, _) in &ordered {
        if matching.gold_to_claim[gold_idx].is_none() && matching.claim_to_gold[claim_idx].is_none()
        {
            matching.gold_to_claim[gold_idx] = Some(claim_idx);
            matching.claim_to_gold[claim_idx] = Some(gold_idx);
        }
    }
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n_gold];
    for &(gold_idx, claim_idx, _) in &ordered {
        adjacency[gold_idx].push(claim_idx);
    }
    for gold_idx in 0..n_gold {
        if matching.gold_to_claim[gold_idx].is_none() && !adjacency[gold_idx].is_empty() {
            let mut visited = vec![false; n_claims];
            augment(gold_idx, &adjacency, &mut visited, &mut matching);
        }
    }
    matching
}

/// Looks for an augmenting path from an unmatched gold claim (Kuhn's algorithm).
fn augment(
    gold_idx: usize,
    adjacency: &[Vec<usize>],
    visited: &mut [bool],
    matching: &mut Matching,
) -> bool {
    for &claim_idx in &adjacency[gold_idx] {
        if visited[claim_idx] {
            continue;
        }
        visited[claim_idx] = true;
        let free = match matching.claim_to_gold[claim_idx] {
            None => true,
            Some(other) => augment(other, adjacency, visited, matching),
        };
        if free {
            matching.gold_to_claim[gold_idx] = Some(claim_idx);
            matching.claim_to_gold[claim_idx] = Some(gold_idx);
            return true;
        }
    }
    false
}

/// The sentence around a span, whitespace collapsed.
fn sentence_text(text: &str, span: Span) -> String {
    let sentence = sentence_around(text, span);
    collapse_whitespace(text.get(sentence.start..sentence.end).unwrap_or_default())
}

/// The text of a span, or an empty string when the span is not in the text.
fn span_text(text: &str, span: Span) -> String {
    text.get(span.start..span.end)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_choice_is_repaired_by_augmenting() {
        // Gold 0 prefers claim 0, but claim 0 is gold 1's only candidate.
        let candidates = [(0, 0, 9), (0, 1, 1), (1, 0, 5)];
        let matching = match_pairs(2, 2, &candidates);
        assert_eq!(matching.gold_to_claim, [Some(1), Some(0)]);
    }

    #[test]
    fn higher_agreement_wins() {
        let candidates = [(0, 0, 1), (0, 1, 4)];
        let matching = match_pairs(1, 2, &candidates);
        assert_eq!(matching.gold_to_claim, [Some(1)]);
        assert_eq!(matching.claim_to_gold, [None, Some(0)]);
    }
}
