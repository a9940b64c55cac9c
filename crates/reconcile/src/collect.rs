//! One pass over the input: the claims of one actor and role, grouped by metric, kind,
//! fraction base and source, each with its date.

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use tally_core::{Claim, DateSpan, Kind, Metric};

use crate::figure::{date_of, in_series, AsReport, Figure, SeriesKey};

/// A dated claim, with the fields the passes over a group read kept beside it so that
/// they do not reach into the claim.
pub(crate) struct Item<'a, R> {
    pub date: Date,
    pub period: DateSpan,
    pub low: f64,
    pub high: f64,
    pub increment: bool,
    pub report: &'a R,
}

impl<R: AsReport> Item<'_, R> {
    pub fn claim(&self) -> &Claim {
        self.report.claim()
    }
}

/// The claims of one source for one (metric, kind, of).
pub(crate) struct Group<'a, R> {
    pub metric: Metric,
    pub kind: Kind,
    pub of: Option<Metric>,
    pub source: &'a str,
    pub items: Vec<Item<'a, R>>,
}

/// The claims of one actor and role, grouped.
pub(crate) struct Collected<'a, R> {
    pub groups: Vec<Group<'a, R>>,
    /// Claims of the actor and role with no date at all.
    pub n_undated: usize,
    /// The same, by metric.
    pub undated: FxHashMap<Metric, usize>,
    /// Where each (metric, kind, of, source) group sits in `groups`.
    index: FxHashMap<(Metric, Kind, Option<Metric>, &'a str), usize>,
}

impl<'a, R: AsReport> Collected<'a, R> {
    /// Collects the claims of the series' actor (ignoring ASCII case), role and subgroup
    /// that count in a series of its scope, whatever their metric.
    pub fn new(claims: impl IntoIterator<Item = &'a R>, series: &SeriesKey) -> Collected<'a, R> {
        let mut collected = Collected::default();
        for report in claims {
            let claim = report.claim();
            if claim.role != series.role || !in_series(claim, series.scope, series.group.as_deref())
            {
                continue;
            }
            let same_actor = match (series.actor.as_deref(), claim.actor.as_deref()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            };
            if same_actor {
                collected.push(report);
            }
        }
        collected
    }

    /// Adds a claim to its group (the caller has checked its actor and role).
    pub fn push(&mut self, report: &'a R) {
        let claim = report.claim();
        let Some(date) = date_of(claim, report.published()) else {
            self.n_undated += 1;
            *self.undated.entry(claim.metric).or_default() += 1;
            return;
        };
        let source = report.source();
        let groups = &mut self.groups;
        let group_idx = *self
            .index
            .entry((claim.metric, claim.kind, claim.of, source))
            .or_insert_with(|| {
                groups.push(Group {
                    metric: claim.metric,
                    kind: claim.kind,
                    of: claim.of,
                    source,
                    items: Vec::new(),
                });
                groups.len() - 1
            });
        groups[group_idx].items.push(Item {
            date,
            period: claim.as_of.unwrap_or(DateSpan::day(date)),
            low: claim.value.low.unwrap_or(f64::NEG_INFINITY),
            high: claim.value.high.unwrap_or(f64::INFINITY),
            increment: claim.increment,
            report,
        });
    }

    /// The groups of a metric and kind (and fraction base).
    pub fn groups(
        &self,
        metric: Metric,
        kind: Kind,
        of: Option<Metric>,
    ) -> impl Iterator<Item = &Group<'a, R>> {
        self.groups
            .iter()
            .filter(move |g| g.metric == metric && g.kind == kind && (of.is_none() || g.of == of))
    }
}

impl<'a, R: AsReport> Collected<'a, R> {
    /// The same claims but only the dated items that `keep` accepts (the figures of one
    /// period of a period series).
    pub fn restricted(&self, keep: impl Fn(&Item<'a, R>) -> bool) -> Collected<'a, R> {
        let mut out = Collected {
            n_undated: self.n_undated,
            undated: self.undated.clone(),
            ..Collected::default()
        };
        for group in &self.groups {
            let items: Vec<Item<'a, R>> = group
                .items
                .iter()
                .filter(|item| keep(item))
                .map(|item| Item {
                    report: item.report,
                    ..*item
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            out.index.insert(
                (group.metric, group.kind, group.of, group.source),
                out.groups.len(),
            );
            out.groups.push(Group {
                metric: group.metric,
                kind: group.kind,
                of: group.of,
                source: group.source,
                items,
            });
        }
        out
    }
}

impl<R> Default for Collected<'_, R> {
    fn default() -> Self {
        Collected {
            groups: Vec::new(),
            n_undated: 0,
            undated: FxHashMap::default(),
            index: FxHashMap::default(),
        }
    }
}

impl<R: AsReport> Group<'_, R> {
    /// The source's latest assertion at or before `at` (increments excluded), with every
    /// report of it: the claims of the latest date, and those of any date whose period
    /// overlaps it with a value within `tolerance`. Of several figures on the latest date,
    /// the one with most reports wins, then the narrowest.
    pub fn latest(&self, at: Date, tolerance: f64) -> Option<Figure> {
        let latest_date = self
            .items
            .iter()
            .filter(|item| item.date <= at && !item.increment)
            .map(|item| item.date)
            .max()?;
        let mut candidates: Vec<Figure> = Vec::new();
        for item in &self.items {
            if item.date == latest_date && !item.increment {
                merge(&mut candidates, item, tolerance);
            }
        }
        let chosen = candidates.into_iter().max_by(|a, b| {
            a.n_reports
                .cmp(&b.n_reports)
                .then_with(|| width(b).total_cmp(&width(a)))
        })?;
        let mut figure = chosen;
        let period = figure.period();
        // Earlier reports of the same figure.
        for item in &self.items {
            if item.date < latest_date
                && !item.increment
                && item.period.overlaps(&period)
                && close(figure.interval.low, item.low, tolerance)
                && close(figure.interval.high, item.high, tolerance)
            {
                let claim = item.claim();
                if figure.same_as(claim, item.period, tolerance) {
                    figure.absorb(item.report, item.date);
                }
            }
        }
        Some(figure)
    }

    /// The increments at or before `at` stated after `after`, each de-duplicated.
    pub fn increments(&self, after: Date, at: Date, tolerance: f64) -> Vec<Figure> {
        let mut figures = Vec::new();
        for item in &self.items {
            if item.increment && item.date > after && item.date <= at {
                merge(&mut figures, item, tolerance);
            }
        }
        figures.sort_by_key(|f| f.date);
        figures
    }

    /// The highest low of the assertions before `before`, for the fall check.
    pub fn highest_earlier(&self, before: Date, tolerance: f64) -> Option<Figure> {
        let item = self
            .items
            .iter()
            .filter(|item| item.date < before && !item.increment && item.low.is_finite())
            .max_by(|a, b| a.low.total_cmp(&b.low))?;
        let mut figures = Vec::new();
        merge(&mut figures, item, tolerance);
        figures.pop()
    }

    /// Every assertion of the group, de-duplicated, in date order.
    pub fn assertions(&self, tolerance: f64) -> Vec<Figure> {
        let mut order: Vec<&Item<'_, R>> = self.items.iter().collect();
        order.sort_by_key(|item| item.date);
        let mut figures: Vec<Figure> = Vec::new();
        for item in order {
            merge(&mut figures, item, tolerance);
        }
        figures
    }
}

/// Adds a claim to the figures it reports, or as a new figure.
fn merge<R: AsReport>(figures: &mut Vec<Figure>, item: &Item<'_, R>, tolerance: f64) {
    let claim = item.claim();
    let period = claim.as_of.unwrap_or(tally_core::DateSpan::day(item.date));
    // Only recent figures can overlap a claim's period when figures come in date order.
    let start = figures.len().saturating_sub(64);
    if let Some(figure) = figures[start..]
        .iter_mut()
        .rev()
        .find(|f| f.same_as(claim, period, tolerance))
    {
        figure.absorb(item.report, item.date);
    } else {
        figures.push(Figure::of_claim(item.report, item.date));
    }
}

/// Whether two bounds (infinite when unbounded) are equal within a relative tolerance.
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    a == b || (a - b).abs() <= tolerance * a.abs().max(b.abs())
}

fn width(figure: &Figure) -> f64 {
    figure.interval.high - figure.interval.low
}
