//! A series over time: its estimate at every day a figure was placed, and every assertion.

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tally_core::{Kind, Metric, Role};

use crate::collect::Collected;
use crate::estimate::{estimate_collected, is_cumulative, Best, Contradiction, Fall, Options, METHOD};
use crate::figure::{AsReport, Figure, SeriesKey};
use crate::interval::Interval;

/// The estimate of a series on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The day.
    pub date: Date,
    /// The best estimate.
    pub estimate: Best,
    /// The envelope.
    pub envelope: Interval,
    /// The sources of the estimate.
    pub sources: Vec<String>,
    /// Whether sources contradict each other on that day.
    pub contradiction: bool,
}

/// A series over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The series.
    pub series: SeriesKey,
    /// The method.
    pub method: &'static str,
    /// The estimate on each day a figure was placed, in order.
    pub points: Vec<Point>,
    /// Every assertion of the series (counts and fractions), de-duplicated, in date order.
    pub assertions: Vec<Figure>,
    /// The contradictions found on any day, each pair once.
    pub contradictions: Vec<Contradiction>,
    /// Falls of a source's cumulative figure, and of the best estimate (source
    /// `"best estimate"`).
    pub falls: Vec<Fall>,
}

/// The timeline of `series` up to `until` (every day when `None`).
pub fn timeline<'a, R: AsReport + 'a>(
    claims: impl IntoIterator<Item = &'a R>,
    series: &SeriesKey,
    until: Option<Date>,
    options: &Options,
) -> Timeline {
    let collected = Collected::new(claims, series.actor.as_deref(), series.role);
    let mut days: Vec<Date> = collected
        .groups
        .iter()
        .filter(|g| g.metric == series.metric && g.kind != Kind::Rate)
        .flat_map(|g| g.items.iter().map(|item| item.date))
        .filter(|day| until.is_none_or(|until| *day <= until))
        .collect();
    days.sort_unstable();
    days.dedup();
    if let Some(until) = until {
        if days.last().is_some_and(|last| *last < until) {
            days.push(until);
        }
    }
    let mut points: Vec<Point> = Vec::new();
    let mut contradictions: Vec<Contradiction> = Vec::new();
    let mut falls: Vec<Fall> = Vec::new();
    for day in days {
        let estimate = estimate_collected(&collected, series, day, options);
        if estimate.sources.is_empty() {
            continue;
        }
        for contradiction in &estimate.contradictions {
            if !contradictions.iter().any(|c| c.sources == contradiction.sources && c.figures == contradiction.figures) {
                contradictions.push(contradiction.clone());
            }
        }
        for fall in estimate.falls {
            if !falls.contains(&fall) {
                falls.push(fall);
            }
        }
        let point = Point {
            date: day,
            envelope: estimate.envelope,
            sources: estimate.sources.iter().map(|f| f.source.clone()).collect(),
            contradiction: !estimate.contradictions.is_empty(),
            estimate: estimate.best,
        };
        if is_cumulative(series.metric) {
            if let Some(previous) = points.last() {
                if let (Some(before), Some(now)) = (previous.estimate.best, point.estimate.best) {
                    if now.0 < before.0 * (1.0 - options.tolerance) {
                        falls.push(Fall {
                            source: "best estimate".to_string(),
                            from: previous.estimate.display(false),
                            from_date: previous.date,
                            to: point.estimate.display(false),
                            to_date: day,
                        });
                    }
                }
            }
        }
        points.push(point);
    }
    let mut assertions: Vec<Figure> = collected
        .groups
        .iter()
        .filter(|g| g.metric == series.metric)
        .flat_map(|g| g.assertions(options.tolerance))
        .filter(|f| until.is_none_or(|until| f.date <= until))
        .collect();
    assertions.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.cmp(&b.source)));
    Timeline { series: series.clone(), method: METHOD, points, assertions, contradictions, falls }
}

/// One series with what it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesSummary {
    /// The series.
    pub series: SeriesKey,
    /// Its claims.
    pub n_claims: usize,
    /// Its assertions (claims of one source repeating a figure count once).
    pub n_assertions: usize,
    /// Its independent sources.
    pub n_sources: usize,
    /// The first day a figure is placed at.
    pub first: Option<Date>,
    /// The last day.
    pub last: Option<Date>,
    /// The kinds of figures it holds.
    pub kinds: Vec<Kind>,
    /// The series its fractions are shares of (metrics of the same actor and role).
    pub of: Vec<Metric>,
}

/// Every series in `claims` with its number of claims, assertions and sources and its
/// date range, ordered by actor, role and metric. Claims with no date are counted in
/// `n_claims` only.
pub fn series<'a, R: AsReport + 'a>(claims: impl IntoIterator<Item = &'a R>, options: &Options) -> Vec<SeriesSummary> {
    let mut by_who: FxHashMap<(Option<String>, Role), Vec<&'a R>> = FxHashMap::default();
    let mut n_claims: FxHashMap<SeriesKey, usize> = FxHashMap::default();
    for report in claims {
        let claim = report.claim();
        let actor = claim.actor.as_ref().map(|a| a.to_ascii_uppercase());
        *n_claims.entry(SeriesKey { actor: actor.clone(), role: claim.role, metric: claim.metric }).or_default() += 1;
        by_who.entry((actor, claim.role)).or_default().push(report);
    }
    let mut summaries = Vec::new();
    for ((actor, role), reports) in by_who {
        let collected = Collected::new(reports.iter().copied(), actor.as_deref(), role);
        for metric in Metric::ALL {
            let key = SeriesKey { actor: actor.clone(), role, metric };
            let Some(&count) = n_claims.get(&key) else { continue };
            let groups: Vec<_> = collected.groups.iter().filter(|g| g.metric == metric).collect();
            let mut kinds: Vec<Kind> = Vec::new();
            let mut of: Vec<Metric> = Vec::new();
            let mut sources: Vec<&str> = Vec::new();
            let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
            let mut n_assertions = 0;
            for group in &groups {
                if !kinds.contains(&group.kind) {
                    kinds.push(group.kind);
                }
                if let Some(base) = group.of {
                    if !of.contains(&base) {
                        of.push(base);
                    }
                }
                if !sources.contains(&group.source) {
                    sources.push(group.source);
                }
                n_assertions += group.assertions(options.tolerance).len();
                for item in &group.items {
                    first = Some(first.map_or(item.date, |d| d.min(item.date)));
                    last = Some(last.map_or(item.date, |d| d.max(item.date)));
                }
            }
            summaries.push(SeriesSummary {
                series: key,
                n_claims: count,
                n_assertions,
                n_sources: sources.len(),
                first,
                last,
                kinds,
                of,
            });
        }
    }
    summaries.sort_by(|a, b| a.series.order(&b.series));
    summaries
}
