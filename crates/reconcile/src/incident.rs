//! Incidents: the reports of one strike, attack or raid merged into one, and what the
//! incidents of a day, week or month add up to (a lower bound, never a total).
//!
//! Event claims (`scope: event`) of the same actor (ignoring case) and metric are reports
//! of one incident when their days are at most [`IncidentOptions::max_days_apart`] apart,
//! their places do not differ (the same place, or one of them names none), and their
//! values are compatible: their intervals overlap once widened by
//! [`IncidentOptions::value_tolerance`] (the same figure restated by other outlets, "about
//! 1,200 killed on 7 October" in fifty documents), or, at the same named place or in the
//! same document, the larger is at most [`IncidentOptions::max_toll_growth`] times the
//! smaller (a toll that rose as the dead were counted). An incident's figure is its latest report's (the most recent
//! statement knows most); of several on that day, the largest.
//!
//! Merging never loses a report: every event claim given is in exactly one incident.

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Claim, Metric, Role, Scope};

use crate::figure::{date_of, AsReport};
use crate::interval::Interval;

/// How reports are merged into incidents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IncidentOptions {
    /// The most days two reports of one incident may be placed apart.
    pub max_days_apart: i32,
    /// Values within this share of each other are the same count.
    pub value_tolerance: f64,
    /// At one named place, a later toll may be this many times an earlier one.
    pub max_toll_growth: f64,
}

impl Default for IncidentOptions {
    fn default() -> IncidentOptions {
        IncidentOptions {
            max_days_apart: 1,
            value_tolerance: 0.1,
            max_toll_growth: 3.0,
        }
    }
}

/// One incident with every report of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    /// Whose people (ISO 3166-1 alpha-3 code or slug), as the first report writes it.
    pub actor: Option<String>,
    /// Military, civilian or unspecified, as the latest report says.
    pub role: Role,
    /// What is counted.
    pub metric: Metric,
    /// Where, canonical when the gazetteer knew the place, else as written.
    pub place: Option<String>,
    /// The place's country (ISO 3166-1 alpha-3), when known.
    pub country: Option<String>,
    /// The first day a report places it at.
    pub first: Date,
    /// The last day.
    pub last: Date,
    /// The incident's figure: its latest report's.
    pub figure: Interval,
    /// Whether that figure is approximate.
    pub approx: bool,
    /// The distinct sources that reported it.
    pub sources: Vec<String>,
    /// Every report, by day.
    pub reports: Vec<IncidentReport>,
}

/// One report of an incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentReport {
    /// The claim's ledger id, when it came from a ledger.
    pub claim: Option<i64>,
    /// The document's id.
    pub doc: String,
    /// Who reported it (canonical source, `"publisher"` for the article itself).
    pub source: String,
    /// The figure it gives.
    pub figure: Interval,
    /// The day it is placed at.
    pub date: Date,
    /// The place as the text names it.
    pub place: Option<String>,
}

/// The incidents of a day, week or month: a lower bound of the people counted then, from
/// the incidents reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentTotal {
    /// The first day of the bucket.
    pub first: Date,
    /// The last day.
    pub last: Date,
    /// The incidents placed in it.
    pub n_incidents: usize,
    /// The sum of their figures' lows: at least this many.
    pub at_least: f64,
}

/// How incidents are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One bucket per day.
    Day,
    /// Monday to Sunday.
    Week,
    /// One calendar month.
    Month,
}

impl std::str::FromStr for Bucket {
    type Err = String;

    fn from_str(s: &str) -> Result<Bucket, String> {
        match s {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            other => Err(format!("{other:?} is not one of day, week, month")),
        }
    }
}

/// A report under construction: its claim, day and place key.
struct Entry<'a, R> {
    report: &'a R,
    date: Date,
    place: Option<String>,
}

/// Merges the event claims among `claims` into incidents, ordered by first day, then
/// actor, metric and place. Claims of other scopes, and undated ones, are left out.
pub fn incidents<'a, R: AsReport + 'a>(
    claims: impl IntoIterator<Item = &'a R>,
    options: &IncidentOptions,
) -> Vec<Incident> {
    let mut entries: Vec<Entry<'a, R>> = claims
        .into_iter()
        .filter(|r| r.claim().scope == Scope::Event && r.claim().part_of.is_none())
        .filter_map(|report| {
            let claim = report.claim();
            let date = date_of(claim, report.published())?;
            Some(Entry {
                report,
                date,
                place: place_key(claim),
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        let (ca, cb) = (a.report.claim(), b.report.claim());
        (a.date, ca.metric, actor_key(ca)).cmp(&(b.date, cb.metric, actor_key(cb)))
    });
    // Clusters are made in date order, so their first days never fall: those whose first
    // day is out of reach of a report can take no later report either, and are skipped.
    let mut clusters: Vec<Vec<Entry<'a, R>>> = Vec::new();
    let mut open_from = 0;
    for entry in entries {
        while open_from < clusters.len()
            && days_between(first_date(&clusters[open_from]), entry.date) > options.max_days_apart
        {
            open_from += 1;
        }
        let home =
            (open_from..clusters.len()).find(|&idx| belongs(&clusters[idx], &entry, options));
        match home {
            Some(idx) => clusters[idx].push(entry),
            None => clusters.push(vec![entry]),
        }
    }
    let mut out: Vec<Incident> = clusters.iter().map(|c| incident_of(c)).collect();
    out.sort_by(|a, b| {
        (a.first, &a.actor, a.metric, &a.place).cmp(&(b.first, &b.actor, b.metric, &b.place))
    });
    out
}

/// Sums the incidents of each day, week or month: a lower bound, from what was reported.
pub fn incident_totals(incidents: &[Incident], bucket: Bucket) -> Vec<IncidentTotal> {
    let mut totals: Vec<IncidentTotal> = Vec::new();
    for incident in incidents {
        let (first, last) = bucket_of(incident.first, bucket);
        let low = incident.figure.low().unwrap_or(0.0).max(0.0);
        match totals.iter_mut().find(|t| t.first == first) {
            Some(total) => {
                total.n_incidents += 1;
                total.at_least += low;
            }
            None => totals.push(IncidentTotal {
                first,
                last,
                n_incidents: 1,
                at_least: low,
            }),
        }
    }
    totals.sort_by_key(|t| t.first);
    totals
}

fn bucket_of(day: Date, bucket: Bucket) -> (Date, Date) {
    match bucket {
        Bucket::Day => (day, day),
        Bucket::Week => {
            let back = i64::from(day.weekday().to_monday_zero_offset());
            let monday = day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day);
            let sunday = monday
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(monday);
            (monday, sunday)
        }
        Bucket::Month => (day.first_of_month(), day.last_of_month()),
    }
}

fn actor_key(claim: &Claim) -> Option<String> {
    claim.actor.as_ref().map(|a| a.to_ascii_uppercase())
}

/// A place to compare: the canonical name when the gazetteer knew it, else the text, in
/// lowercase.
fn place_key(claim: &Claim) -> Option<String> {
    claim
        .place
        .as_ref()
        .map(|p| p.name.as_deref().unwrap_or(&p.text).to_lowercase())
}

fn first_date<R>(cluster: &[Entry<'_, R>]) -> Date {
    cluster.iter().map(|e| e.date).min().unwrap_or(Date::MAX)
}

fn last_date<R>(cluster: &[Entry<'_, R>]) -> Date {
    cluster.iter().map(|e| e.date).max().unwrap_or(Date::MIN)
}

fn days_between(a: Date, b: Date) -> i32 {
    (b - a).get_days().abs()
}

/// Whether `entry` reports the incident of `cluster`.
fn belongs<R: AsReport>(
    cluster: &[Entry<'_, R>],
    entry: &Entry<'_, R>,
    options: &IncidentOptions,
) -> bool {
    let claim = entry.report.claim();
    let Some(first) = cluster.first() else {
        return false;
    };
    let head = first.report.claim();
    if head.metric != claim.metric || actor_key(head) != actor_key(claim) {
        return false;
    }
    if cluster
        .iter()
        .any(|e| days_between(e.date, entry.date) > options.max_days_apart)
    {
        return false;
    }
    let cluster_place = cluster.iter().find_map(|e| e.place.as_deref());
    let (same_place, tied) = match (cluster_place, entry.place.as_deref()) {
        (Some(a), Some(b)) if a != b => return false,
        (Some(_), Some(_)) => (true, true),
        // Without a place on one side, the same document ties a rising toll to it.
        _ => (
            false,
            cluster.iter().any(|e| e.report.claim().doc == claim.doc),
        ),
    };
    let value = Interval::of_value(&claim.value);
    cluster.iter().any(|e| {
        let other = Interval::of_value(&e.report.claim().value);
        value
            .widen(options.value_tolerance)
            .overlaps(&other.widen(options.value_tolerance))
            || ((same_place || tied) && within_growth(&value, &other, options.max_toll_growth))
    })
}

/// Whether the larger of two figures is at most `factor` times the smaller.
fn within_growth(a: &Interval, b: &Interval, factor: f64) -> bool {
    match (a.representative(), b.representative()) {
        (Some(x), Some(y)) if x > 0.0 && y > 0.0 => x.max(y) <= factor * x.min(y),
        _ => false,
    }
}

fn incident_of<R: AsReport>(cluster: &[Entry<'_, R>]) -> Incident {
    let latest = cluster
        .iter()
        .max_by(|a, b| {
            let stated = |e: &Entry<'_, R>| e.report.claim().stated.unwrap_or(e.date);
            let size = |e: &Entry<'_, R>| e.report.claim().value.low.unwrap_or(0.0);
            stated(a).cmp(&stated(b)).then(size(a).total_cmp(&size(b)))
        })
        .map(|e| e.report.claim());
    let head = cluster.first().map(|e| e.report.claim());
    let place = cluster.iter().find_map(|e| e.report.claim().place.as_ref());
    let mut sources: Vec<String> = Vec::new();
    for e in cluster {
        let source = e.report.source().to_string();
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    Incident {
        actor: head.and_then(|c| c.actor.clone()),
        role: latest.map_or(Role::Unspecified, |c| c.role),
        metric: head.map_or(Metric::Other, |c| c.metric),
        place: place.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())),
        country: place.and_then(|p| p.country.clone()),
        first: first_date(cluster),
        last: last_date(cluster),
        figure: latest.map_or(Interval::new(f64::NEG_INFINITY, f64::INFINITY), |c| {
            Interval::of_value(&c.value)
        }),
        approx: latest.is_some_and(|c| c.value.approx),
        sources,
        reports: cluster
            .iter()
            .map(|e| {
                let claim = e.report.claim();
                IncidentReport {
                    claim: e.report.claim_id(),
                    doc: claim.doc.clone(),
                    source: e.report.source().to_string(),
                    figure: Interval::of_value(&claim.value),
                    date: e.date,
                    place: claim.place.as_ref().map(|p| p.text.clone()),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tally_core::{DateSpan, Evidence, Kind, Place, Value};

    use super::*;

    fn day(d: i8) -> Date {
        Date::new(2025, 3, d).expect("a day of March")
    }

    fn event(doc: &str, place: Option<&str>, value: f64, on: i8, source: &str) -> Claim {
        let mut claim = Claim::new(
            doc,
            Kind::Count,
            Value::point(value),
            Metric::Killed,
            Evidence::default(),
        );
        claim.actor = Some("UKR".into());
        claim.scope = Scope::Event;
        claim.source = Some(source.into());
        claim.as_of = Some(DateSpan::day(day(on)));
        claim.place = place.map(|p| Place {
            text: p.into(),
            ..Place::default()
        });
        claim
    }

    #[test]
    fn reports_of_one_strike_are_one_incident_and_other_places_are_others() {
        let claims = [
            event("a", Some("Kharkiv"), 5.0, 3, "governor"),
            event("b", Some("Kharkiv"), 12.0, 4, "ministry"),
            event("c", Some("Odesa"), 5.0, 3, "governor"),
            event("d", Some("Kharkiv"), 5.0, 9, "governor"),
        ];
        let found = incidents(&claims, &IncidentOptions::default());
        assert_eq!(found.len(), 3);
        let kharkiv = &found[0];
        assert_eq!(kharkiv.place.as_deref(), Some("Kharkiv"));
        assert_eq!(kharkiv.reports.len(), 2);
        // The toll rose: the latest report's figure is the incident's.
        assert_eq!(kharkiv.figure.low(), Some(12.0));
        assert_eq!(kharkiv.sources, ["governor", "ministry"]);
    }

    #[test]
    fn a_past_event_restated_by_many_documents_is_one_incident() {
        let claims: Vec<Claim> = (0..5)
            .map(|n| event(&format!("doc{n}"), None, 1200.0, 7, &format!("outlet {n}")))
            .collect();
        let found = incidents(&claims, &IncidentOptions::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reports.len(), 5);
        assert_eq!(found[0].sources.len(), 5);
    }

    #[test]
    fn totals_and_periods_are_not_incidents() {
        let mut total = event("a", Some("Gaza"), 70000.0, 3, "ministry");
        total.scope = Scope::Total;
        assert!(incidents(&[total], &IncidentOptions::default()).is_empty());
    }

    #[test]
    fn a_week_of_incidents_is_a_lower_bound() {
        let claims = [
            event("a", Some("Kharkiv"), 5.0, 3, "governor"),
            event("b", Some("Odesa"), 7.0, 5, "governor"),
            event("c", Some("Sumy"), 2.0, 10, "governor"),
        ];
        let found = incidents(&claims, &IncidentOptions::default());
        let weeks = incident_totals(&found, Bucket::Week);
        assert_eq!(weeks.len(), 2);
        assert_eq!((weeks[0].first, weeks[0].last), (day(3), day(9)));
        assert_eq!((weeks[0].n_incidents, weeks[0].at_least), (2, 12.0));
        assert_eq!(weeks[1].at_least, 2.0);
    }

    proptest! {
        #[test]
        fn merging_never_loses_a_report(
            specs in proptest::collection::vec((0usize..4, 0usize..3, 1u32..200, 1i8..20), 0..60)
        ) {
            let places = [Some("Kharkiv"), Some("Odesa"), None, Some("Sumy")];
            let claims: Vec<Claim> = specs
                .iter()
                .map(|&(place, doc, value, on)| {
                    event(&format!("doc{doc}"), places[place], f64::from(value), on, "s")
                })
                .collect();
            let found = incidents(&claims, &IncidentOptions::default());
            let n_reports: usize = found.iter().map(|i| i.reports.len()).sum();
            prop_assert_eq!(n_reports, claims.len());
            for incident in &found {
                prop_assert!(incident.last >= incident.first);
                prop_assert!((incident.last - incident.first).get_days() <= 1);
            }
        }
    }
}
