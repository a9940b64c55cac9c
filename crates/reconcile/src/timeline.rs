//! A series over time: its estimate at every day a figure was placed, and every assertion.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tally_core::{Kind, Metric};

use crate::collect::Collected;
use crate::estimate::{
    estimate_collected, is_cumulative, Best, Contradiction, Fall, Options, METHOD,
};
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
    let collected = Collected::new(claims, series);
    timeline_collected(&collected, series, until, options)
}

/// The timeline from claims already collected for the series' actor and role.
pub(crate) fn timeline_collected<R: AsReport>(
    collected: &Collected<'_, R>,
    series: &SeriesKey,
    until: Option<Date>,
    options: &Options,
) -> Timeline {
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
        let estimate = estimate_collected(collected, series, day, options);
        if estimate.sources.is_empty() {
            continue;
        }
        for contradiction in &estimate.contradictions {
            if !contradictions
                .iter()
                .any(|c| c.sources == contradiction.sources && c.figures == contradiction.figures)
            {
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
    Timeline {
        series: series.clone(),
        method: METHOD,
        points,
        assertions,
        contradictions,
        falls,
    }
}

/// One series with what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub fn series<'a, R: AsReport + 'a>(
    claims: impl IntoIterator<Item = &'a R>,
    options: &Options,
) -> Vec<SeriesSummary> {
    crate::index::Index::new(claims).series(options)
}
