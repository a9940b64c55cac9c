//! Sources: every canonical source of the ledger with its record and grade
//! ([`sources`]), and a grade given on the Admiralty scale ([`grade`]), for `tally
//! sources`, `GET /api/sources` and the Sources page alike.
//!
//! A source's record, over every series of the ledger (scopes total and period):
//! - `n_claims`, `n_series`, `n_documents`; `first` and `last`, the days its figures are
//!   placed at (reconcile's `date_of`);
//! - `n_revised_down`: its cumulative totals that fell below one it gave earlier;
//! - `n_compared` and `n_outside`: of its assertions that stood beside another source's
//!   figure in an estimate (on any day a figure was placed), how many lay outside the hull
//!   of the other sources' figures (approximate figures widened by 5 % each side);
//! - `median_distance`: the median, over those same assertions, of the distance of its
//!   figure (a range at its middle) from the best estimate, as a share of the best
//!   estimate (0.1 = 10 % away).

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Grade, Scope};
use tally_reconcile::{date_of, AsReport, Index, Options, SeriesKey};
use tally_store::{ClaimFilter, Ledger, NewGrade, SourceGrade};

use crate::series::load_filtered;
use crate::Error;

/// One source's record and grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSummary {
    /// The canonical name (the outlet, for an article's own figures).
    pub source: String,
    /// Its latest grade; `null` when ungraded (weighed as F, "cannot be judged").
    pub grade: Option<Grade>,
    /// Who gave that grade.
    pub graded_by: Option<String>,
    /// When (RFC 3339).
    pub graded_at: Option<String>,
    /// Why.
    pub grade_reason: Option<String>,
    /// Its claims.
    pub n_claims: usize,
    /// The series its claims are in.
    pub n_series: usize,
    /// Those series, the one with most of its claims first (not in the JSON: the pages
    /// link to them).
    #[serde(skip)]
    pub series: Vec<SeriesKey>,
    /// The documents its claims are in.
    pub n_documents: usize,
    /// The first day one of its figures is placed at.
    pub first: Option<Date>,
    /// The last such day.
    pub last: Option<Date>,
    /// Its cumulative totals that later fell below one it gave earlier.
    pub n_revised_down: usize,
    /// Its assertions that stood beside another source's figure in an estimate.
    pub n_compared: usize,
    /// Of those, the ones outside the range of the other sources' figures.
    pub n_outside: usize,
    /// The median distance of those assertions from the best estimate, as a share of it.
    pub median_distance: Option<f64>,
}

#[derive(Default)]
struct Tally {
    n_claims: usize,
    series: HashMap<SeriesKey, usize>,
    documents: HashSet<String>,
    first: Option<Date>,
    last: Option<Date>,
    n_revised_down: usize,
    compared: HashSet<(SeriesKey, Date, String)>,
    n_outside: usize,
    distances: Vec<f64>,
}

/// Every source of the ledger's claims, and every graded source, by name.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
///
/// # Example
///
/// ```
/// let engine = tally_app::Engine::english();
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let body = b"date 2025-04-01 Kursk\nOver 5,000 North Korean soldiers were killed, the UK Ministry of Defence said.".to_vec();
/// tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None, None)?;
/// let sources = tally_app::sources::sources(&ledger)?;
/// assert_eq!(sources[0].source, "UK Ministry of Defence");
/// assert_eq!((sources[0].n_claims, sources[0].grade), (1, None));
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn sources(ledger: &dyn Ledger) -> Result<Vec<SourceSummary>, Error> {
    sources_of(ledger, &ClaimFilter::default())
}

/// The sources of the claims a filter lets through, with the grades given by its
/// `known_on` (the ledger as it stood then; every grade when `None`): `tally sources
/// --published-by DAY --known-on MOMENT`.
///
/// # Errors
///
/// As [`sources`].
pub fn sources_of(ledger: &dyn Ledger, filter: &ClaimFilter) -> Result<Vec<SourceSummary>, Error> {
    let loaded = load_filtered(ledger, filter)?;
    let reported = loaded.reported();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for report in &reported {
        let tally = tallies.entry(report.source().to_string()).or_default();
        tally.n_claims += 1;
        *tally
            .series
            .entry(SeriesKey::of_claim(report.claim))
            .or_default() += 1;
        tally.documents.insert(report.claim.doc.clone());
        if let Some(day) = date_of(report.claim, report.published) {
            tally.first = Some(tally.first.map_or(day, |d| d.min(day)));
            tally.last = Some(tally.last.map_or(day, |d| d.max(day)));
        }
    }
    let options = Options::default();
    let index = Index::new(&reported);
    for summary in index.series(&options) {
        if summary.series.scope == Scope::Event {
            continue;
        }
        let key = &summary.series;
        let timeline = index.timeline(key, None, &options);
        for fall in &timeline.falls {
            if let Some(tally) = tallies.get_mut(&fall.source) {
                tally.n_revised_down += 1;
            }
        }
        if summary.n_sources < 2 {
            continue;
        }
        for point in timeline.points.iter().filter(|p| p.sources.len() >= 2) {
            let estimate = index.estimate(key, point.date, &options);
            let widened = |f: &tally_reconcile::Figure| {
                if f.approx {
                    f.interval.widen(options.approx_tolerance)
                } else {
                    f.interval
                }
            };
            for figure in &estimate.sources {
                let Some(tally) = tallies.get_mut(&figure.source) else {
                    continue;
                };
                let seen = (key.clone(), figure.date, figure.display.clone());
                if !tally.compared.insert(seen) {
                    continue;
                }
                let others = estimate
                    .sources
                    .iter()
                    .filter(|other| other.source != figure.source)
                    .map(widened)
                    .reduce(|a, b| a.hull(&b));
                if others.is_some_and(|hull| !widened(figure).overlaps(&hull)) {
                    tally.n_outside += 1;
                }
                let best = estimate.best.best.map(|n| n.0);
                if let (Some(best), Some(x)) = (best, figure.interval.representative()) {
                    if best > 0.0 {
                        tally.distances.push((x - best).abs() / best);
                    }
                }
            }
        }
    }
    let mut grades = ledger.grades()?;
    if let Some(known_on) = filter.known_on {
        grades.retain(|grade| grade.at <= known_on);
    }
    let mut latest: HashMap<&str, &SourceGrade> = HashMap::new();
    for grade in &grades {
        latest.insert(grade.source.as_str(), grade);
        tallies.entry(grade.source.clone()).or_default();
    }
    Ok(tallies
        .into_iter()
        .map(|(source, mut tally)| {
            let graded = latest.get(source.as_str());
            tally.distances.sort_by(f64::total_cmp);
            let median_distance = match tally.distances.len() {
                0 => None,
                n if n % 2 == 1 => Some(tally.distances[n / 2]),
                n => Some((tally.distances[n / 2 - 1] + tally.distances[n / 2]) / 2.0),
            };
            let mut series: Vec<(SeriesKey, usize)> = tally.series.into_iter().collect();
            series.sort_by(|(a, n_a), (b, n_b)| n_b.cmp(n_a).then_with(|| a.order(b)));
            SourceSummary {
                grade: graded.map(|g| g.grade),
                graded_by: graded.map(|g| g.by.clone()),
                graded_at: graded.map(|g| g.at.to_string()),
                grade_reason: graded.map(|g| g.reason.clone()),
                n_claims: tally.n_claims,
                n_series: series.len(),
                series: series.into_iter().map(|(key, _)| key).collect(),
                n_documents: tally.documents.len(),
                first: tally.first,
                last: tally.last,
                n_revised_down: tally.n_revised_down,
                n_compared: tally.compared.len(),
                n_outside: tally.n_outside,
                median_distance,
                source,
            }
        })
        .collect())
}

/// Grades a source: a new row with who, when and why; the latest grade is the source's
/// grade. The source must be one the ledger's claims name, or one graded before.
///
/// # Errors
///
/// [`Error::BadGrade`] for an unknown grade letter (naming the valid ones), an empty
/// reason, or a source no claim names (with the sources whose names contain the words
/// given); a store error when the ledger cannot be read or written.
pub fn grade(
    ledger: &mut dyn Ledger,
    source: &str,
    grade: &str,
    by: &str,
    reason: &str,
) -> Result<SourceGrade, Error> {
    let bad = |message: String| Error::BadGrade { message };
    let grade: Grade = grade.parse().map_err(bad)?;
    let (source, reason, by) = (source.trim(), reason.trim(), by.trim());
    if reason.is_empty() {
        return Err(bad(String::from("a reason is required to grade a source")));
    }
    let printable = |text: &str| {
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    };
    if source.is_empty() || !printable(source) || !printable(by) || !printable(reason) {
        return Err(bad(String::from(
            "the source, the grader's name and the reason must be printable text",
        )));
    }
    if by.is_empty() || by.chars().count() > 2000 || reason.chars().count() > 2000 {
        return Err(bad(String::from(
            "the grader's name must be given, and it and the reason are limited to 2000 characters",
        )));
    }
    let known = sources(ledger)?;
    if !known.iter().any(|s| s.source == source) {
        let words: Vec<String> = source
            .split_whitespace()
            .map(str::to_lowercase)
            .filter(|w| w.len() > 2)
            .collect();
        let near: Vec<&str> = known
            .iter()
            .map(|s| s.source.as_str())
            .filter(|name| {
                let name = name.to_lowercase();
                words.iter().any(|w| name.contains(w.as_str()))
            })
            .take(8)
            .collect();
        let hint = if near.is_empty() {
            String::from("`tally sources` lists them")
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        return Err(bad(format!("no claim names the source {source:?}; {hint}")));
    }
    Ok(ledger.grade(&NewGrade {
        source: source.to_string(),
        grade,
        by: by.to_string(),
        reason: reason.to_string(),
    })?)
}
