//! The estimate of a series at a date: each source's latest figure, the envelope, the best
//! estimate, contradictions and falls (the method is in the crate docs).

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{DateSpan, Grade, Kind, Metric, Scope};

use crate::collect::{Collected, Group};
use crate::derive;
use crate::figure::{display, number, AsReport, Figure, Operation, SeriesKey};
use crate::interval::{Interval, Number};

/// The method's name and version, written in every estimate.
pub const METHOD: &str = "latest-per-source/1";

/// Tolerances of reconciling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Two claims of one source are one assertion when their bounds differ by at most this
    /// share (and their periods overlap).
    pub tolerance: f64,
    /// An approximate figure stands for this share either side of it when intervals are
    /// checked for contradictions.
    pub approx_tolerance: f64,
    /// A bound takes part in the best estimate when its weight is at least this.
    pub min_bound_weight: f64,
    /// A source's latest figure is left out when it is this many days older than the
    /// newest figure of any source: stale figures are not estimates of the present.
    pub max_age_days: i32,
    /// In a period series, figures are compared when their periods share at least this
    /// part of the days either covers ([`period_overlap`]).
    pub min_period_overlap: f64,
    /// Sources whose figures differ by more than this factor have no consensus: the
    /// estimate says so rather than averaging them.
    pub consensus_ratio: f64,
    /// When set, the figures of sources graded below this are left out (an ungraded
    /// source counts as F, below every other grade).
    pub min_grade: Option<Grade>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tolerance: 0.02,
            approx_tolerance: 0.05,
            min_bound_weight: 0.5,
            max_age_days: 180,
            min_period_overlap: 0.8,
            consensus_ratio: 10.0,
            min_grade: None,
        }
    }
}

/// The best estimate: low, best and high, after UCDP.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Best {
    /// The lowest figure a source gives (`null` when no source gives one).
    pub low: Option<Number>,
    /// The best figure (see the crate docs).
    pub best: Option<Number>,
    /// The highest figure a source gives.
    pub high: Option<Number>,
    /// Whether `low` is an upper bound's figure: the true value may be lower.
    pub open_low: bool,
    /// Whether `high` is a lower bound's figure ("over 5,000"): the true value may be higher.
    pub open_high: bool,
}

impl Best {
    /// The estimate with nothing known.
    pub const UNKNOWN: Best = Best {
        low: None,
        best: None,
        high: None,
        open_low: false,
        open_high: false,
    };

    /// `[low, high]`, unbounded where unknown.
    pub fn interval(&self) -> Interval {
        Interval::from_bounds(self.low.map(|n| n.0), self.high.map(|n| n.0))
    }

    /// "4,000–5,000+ (best 5,000)".
    pub fn display(&self, fraction: bool) -> String {
        let interval = self.interval();
        let mut text = display(&interval, false, fraction);
        if self.open_high {
            text.push('+');
        }
        if let Some(best) = self.best {
            text.push_str(&format!(
                " (best {})",
                display(&Interval::point(best.0), false, fraction)
            ));
        }
        text
    }
}

/// Two independent sources whose figures for overlapping periods do not overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contradiction {
    /// The lower figure's source, then the higher's.
    pub sources: [String; 2],
    /// The two figures as written.
    pub figures: [String; 2],
    /// The two periods.
    pub periods: [DateSpan; 2],
    /// The higher figure's low over the lower figure's high.
    pub ratio: Number,
}

/// A source's cumulative figure that is lower than one it gave earlier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fall {
    /// The source.
    pub source: String,
    /// The earlier figure and its day.
    pub from: String,
    /// The day of the earlier figure.
    pub from_date: Date,
    /// The later, lower figure.
    pub to: String,
    /// The day of the later figure.
    pub to_date: Date,
}

/// A series at a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The series.
    pub series: SeriesKey,
    /// The day.
    pub at: Date,
    /// The method ([`METHOD`]).
    pub method: &'static str,
    /// Each independent source's latest figure at or before `at`.
    pub sources: Vec<Figure>,
    /// The lowest low and the highest high of the sources' figures (`null` = unbounded).
    pub envelope: Interval,
    /// The best estimate.
    #[serde(rename = "estimate")]
    pub best: Best,
    /// Pairs of sources that contradict each other.
    pub contradictions: Vec<Contradiction>,
    /// Cumulative figures that fell.
    pub falls: Vec<Fall>,
    /// Projections to `at` from a source's rate, not part of the best estimate.
    pub projections: Vec<Figure>,
    /// Claims of the actor and role with no date, left out.
    pub n_undated: usize,
    /// Whether the sources differ more than [`Options::consensus_ratio`]-fold: the best
    /// estimate is then no consensus, only the range of what was said.
    pub no_consensus: bool,
}

/// Whether a metric only grows over time (a fall is then flagged).
pub fn is_cumulative(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Killed
            | Metric::Wounded
            | Metric::Casualties
            | Metric::Captured
            | Metric::Missing
            | Metric::EquipmentLost
    )
}

/// The estimate of `series` at `at` from `claims`.
///
/// # Example
///
/// ```
/// use tally_core::{Claim, DateSpan, Date, Evidence, Kind, Metric, Role, Value};
/// use tally_reconcile::{estimate, Options, SeriesKey};
///
/// let claim = |source: &str, value, day| {
///     let mut c = Claim::new("d", Kind::Count, value, Metric::Casualties, Evidence::default());
///     c.actor = Some("PRK".into());
///     c.source = Some(source.into());
///     c.as_of = Some(DateSpan::day(day));
///     c
/// };
/// let day = Date::new(2025, 3, 28).unwrap();
/// let claims = [claim("UK", Value::at_least(5000.0), day), claim("JCS", Value::approx(4000.0), day)];
/// let series = SeriesKey::new(Some("PRK"), Role::Unspecified, Metric::Casualties);
/// let e = estimate(&claims, &series, day, &Options::default());
/// assert_eq!(e.sources.len(), 2);
/// assert_eq!(e.best.low.unwrap().0, 4000.0);
/// assert_eq!(e.best.best.unwrap().0, 5000.0); // the lower bound is a floor, not a point
/// assert!(e.best.open_high);
/// ```
pub fn estimate<'a, R: AsReport + 'a>(
    claims: impl IntoIterator<Item = &'a R>,
    series: &SeriesKey,
    at: Date,
    options: &Options,
) -> Estimate {
    let collected = Collected::new(claims, series);
    estimate_collected(&collected, series, at, options)
}

/// The estimate from claims already collected for the series' actor, role and scope. A
/// period series compares only the figures of one period: the latest placed at or before
/// `at`, and those whose periods nearly coincide with it
/// ([`Options::min_period_overlap`]).
pub(crate) fn estimate_collected<R: AsReport>(
    collected: &Collected<'_, R>,
    series: &SeriesKey,
    at: Date,
    options: &Options,
) -> Estimate {
    if series.scope == Scope::Period {
        let reference = collected
            .groups(series.metric, Kind::Count, None)
            .flat_map(|g| &g.items)
            .filter(|item| item.date <= at && !item.increment)
            .max_by_key(|item| (item.period.last, std::cmp::Reverse(item.period.first)))
            .map(|item| item.period);
        if let Some(reference) = reference {
            let same = collected.restricted(|item| {
                period_overlap(item.period, reference) >= options.min_period_overlap
            });
            return estimate_of(&same, series, at, options);
        }
    }
    estimate_of(collected, series, at, options)
}

/// How much two periods coincide: the days they share over the days either covers (1 for
/// the same period, 0 for disjoint ones).
pub fn period_overlap(a: DateSpan, b: DateSpan) -> f64 {
    let days = |first: Date, last: Date| f64::from((last - first).get_days()) + 1.0;
    let shared_first = a.first.max(b.first);
    let shared_last = a.last.min(b.last);
    if shared_first > shared_last {
        return 0.0;
    }
    let union = days(a.first.min(b.first), a.last.max(b.last));
    days(shared_first, shared_last) / union
}

fn estimate_of<R: AsReport>(
    collected: &Collected<'_, R>,
    series: &SeriesKey,
    at: Date,
    options: &Options,
) -> Estimate {
    let mut sources: Vec<Figure> = Vec::new();
    let mut falls = Vec::new();
    for group in collected.groups(series.metric, Kind::Count, None) {
        if let Some(figure) = count_figure(group, at, options) {
            if is_cumulative(series.metric) && series.scope == Scope::Total {
                falls.extend(fall(group, &figure, options));
            }
            sources.push(figure);
        }
    }
    // Fractions of another series become counts: a third of over 5,000 casualties.
    for group in collected.groups(series.metric, Kind::Fraction, None) {
        // The article's own shares restate other sources' figures; they are compared
        // with derived shares, never turned into counts.
        if group.source == "publisher" {
            continue;
        }
        let Some(fraction) = group.latest(at, options.tolerance) else {
            continue;
        };
        let Some(of) = fraction.of else { continue };
        if of == series.metric {
            continue;
        }
        let base_series = series.with_metric(of);
        let Some(base) = base_figure(
            collected,
            &base_series,
            group.source,
            fraction.date,
            options,
        ) else {
            continue;
        };
        let figure = derive::fraction_of_base(&fraction, &base);
        match sources.iter_mut().find(|f| f.source == figure.source) {
            Some(existing) if existing.date >= figure.date => {}
            Some(existing) => *existing = figure,
            None => sources.push(figure),
        }
    }
    sources.retain(|f| passes_grade(f, options));
    if let Some(newest) = sources.iter().map(|f| f.date).max() {
        let oldest = newest
            .checked_sub(jiff::Span::new().days(options.max_age_days))
            .unwrap_or(newest);
        sources.retain(|f| f.date >= oldest);
    }
    let mut projections = Vec::new();
    for group in collected.groups(series.metric, Kind::Rate, None) {
        let Some(rate) = group.latest(at, options.tolerance) else {
            continue;
        };
        if let Some(count) = sources
            .iter()
            .find(|f| f.source == rate.source && f.date < at)
        {
            projections.push(derive::rate_times_days(count, &rate, at));
        }
    }
    sources.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.source.cmp(&b.source)));
    let envelope = sources
        .iter()
        .map(|f| f.interval)
        .reduce(|a, b| a.hull(&b))
        .unwrap_or(Interval::new(f64::NEG_INFINITY, f64::INFINITY));
    Estimate {
        series: series.clone(),
        at,
        method: METHOD,
        no_consensus: no_consensus(&sources, options),
        best: best(&sources, options),
        contradictions: contradictions(&sources, options),
        envelope,
        sources,
        falls,
        projections,
        n_undated: collected.n_undated,
    }
}

/// Whether a figure's source is graded at least [`Options::min_grade`] (always, when none
/// is set).
fn passes_grade(figure: &Figure, options: &Options) -> bool {
    options
        .min_grade
        .is_none_or(|min| figure.grade.unwrap_or(Grade::F).at_least(min))
}

/// Whether the sources' figures differ by more than [`Options::consensus_ratio`]: the
/// smallest figure any gives (its representative value) against the largest.
pub fn no_consensus(figures: &[Figure], options: &Options) -> bool {
    let values: Vec<f64> = figures
        .iter()
        .filter_map(|f| f.interval.representative())
        .filter(|x| *x > 0.0)
        .collect();
    let smallest = values.iter().copied().fold(f64::INFINITY, f64::min);
    let largest = values.iter().copied().fold(0.0, f64::max);
    values.len() >= 2 && largest > options.consensus_ratio * smallest
}

/// A source's count at `at`: its latest assertion plus the increments stated after it.
fn count_figure<R: AsReport>(group: &Group<'_, R>, at: Date, options: &Options) -> Option<Figure> {
    let base = group.latest(at, options.tolerance)?;
    let increments = group.increments(base.date, at, options.tolerance);
    if increments.is_empty() {
        Some(base)
    } else {
        Some(derive::sum_of_increments(&base, &increments))
    }
}

/// The base of a fraction: the same source's count at that day, else the best estimate of
/// the base series then.
fn base_figure<R: AsReport>(
    collected: &Collected<'_, R>,
    base_series: &SeriesKey,
    source: &str,
    day: Date,
    options: &Options,
) -> Option<Figure> {
    let same_source = collected
        .groups(base_series.metric, Kind::Count, None)
        .find(|g| g.source == source)
        .and_then(|g| count_figure(g, day, options));
    if same_source.is_some() {
        return same_source;
    }
    let mut estimate = estimate_collected_counts(collected, base_series, day, options);
    let best = estimate.best;
    let interval = best.interval();
    if estimate.sources.is_empty() {
        return None;
    }
    let like = estimate.sources[0].clone();
    let inputs = std::mem::take(&mut estimate.sources);
    Some(Figure::derived(
        "best estimate",
        &like,
        interval,
        false,
        crate::figure::Derivation {
            operation: Operation::BestEstimate,
            inputs,
            days: None,
        },
    ))
}

/// The estimate of a series from its counts only (no fractions), to serve as a base.
fn estimate_collected_counts<R: AsReport>(
    collected: &Collected<'_, R>,
    series: &SeriesKey,
    at: Date,
    options: &Options,
) -> Estimate {
    let sources: Vec<Figure> = collected
        .groups(series.metric, Kind::Count, None)
        .filter_map(|g| count_figure(g, at, options))
        .filter(|f| passes_grade(f, options))
        .collect();
    Estimate {
        series: series.clone(),
        at,
        method: METHOD,
        no_consensus: no_consensus(&sources, options),
        best: best(&sources, options),
        contradictions: Vec::new(),
        envelope: Interval::new(f64::NEG_INFINITY, f64::INFINITY),
        sources,
        falls: Vec::new(),
        projections: Vec::new(),
        n_undated: 0,
    }
}

/// The fall of a source's latest cumulative figure below an earlier one, if any.
fn fall<R: AsReport>(group: &Group<'_, R>, latest: &Figure, options: &Options) -> Option<Fall> {
    let earlier = group.highest_earlier(latest.date, options.tolerance)?;
    let earlier_low = earlier.interval.low()?;
    (latest.interval.high < earlier_low * (1.0 - options.tolerance)).then(|| Fall {
        source: latest.source.clone(),
        from: earlier.display.clone(),
        from_date: earlier.date,
        to: latest.display.clone(),
        to_date: latest.date,
    })
}

/// The best estimate of the sources' figures:
/// - low: the lowest figure any source gives (an upper bound's figure marks it open);
/// - high: the highest figure any source gives (a lower bound's figure marks it open);
/// - best: the weighted mean of the two-sided figures (points and ranges at their middle),
///   then raised to the highest credible lower bound and lowered to the lowest credible
///   upper bound; with no two-sided figure, the highest credible lower bound, else the
///   lowest credible upper bound.
pub fn best(figures: &[Figure], options: &Options) -> Best {
    if figures.is_empty() {
        return Best::UNKNOWN;
    }
    let mut low: Option<(f64, bool)> = None;
    let mut high: Option<(f64, bool)> = None;
    let (mut sum, mut sum_weights) = (0.0, 0.0);
    let mut floor = f64::NEG_INFINITY;
    let mut ceiling = f64::INFINITY;
    for figure in figures {
        let (l, h) = (figure.interval.low(), figure.interval.high());
        let stated_low = l.map(|x| (x, false)).or(h.map(|x| (x, true)));
        let stated_high = h.map(|x| (x, false)).or(l.map(|x| (x, true)));
        if let Some((x, open)) = stated_low {
            if low.is_none_or(|(y, _)| x < y) {
                low = Some((x, open));
            }
        }
        if let Some((x, open)) = stated_high {
            match high {
                Some((y, _)) if x < y => {}
                Some((y, y_open)) if x == y => high = Some((x, open || y_open)),
                _ => high = Some((x, open)),
            }
        }
        match (l, h) {
            (Some(a), Some(b)) => {
                let weight = figure.weight.max(1e-6);
                sum += weight * (a + (b - a) / 2.0);
                sum_weights += weight;
            }
            (Some(a), None) if figure.weight >= options.min_bound_weight => floor = floor.max(a),
            (None, Some(b)) if figure.weight >= options.min_bound_weight => {
                ceiling = ceiling.min(b)
            }
            _ => {}
        }
    }
    let mut best = if sum_weights > 0.0 {
        Some(sum / sum_weights)
    } else if floor.is_finite() {
        Some(floor)
    } else if ceiling.is_finite() {
        Some(ceiling)
    } else {
        None
    };
    if let Some(x) = best.as_mut() {
        if floor.is_finite() && *x < floor {
            *x = floor;
        } else if ceiling.is_finite() && *x > ceiling {
            *x = ceiling;
        }
    }
    Best {
        low: number(low.map(|(x, _)| x)),
        best: number(best),
        high: number(high.map(|(x, _)| x)),
        open_low: low.is_some_and(|(_, open)| open),
        open_high: high.is_some_and(|(_, open)| open),
    }
}

/// Pairs of independent sources whose periods overlap and whose intervals (approximate
/// figures widened by the approximation tolerance) do not.
pub fn contradictions(figures: &[Figure], options: &Options) -> Vec<Contradiction> {
    let mut found = Vec::new();
    for (idx, a) in figures.iter().enumerate() {
        for b in &figures[idx + 1..] {
            if a.source == b.source || !a.period().overlaps(&b.period()) {
                continue;
            }
            let widen = |f: &Figure| {
                if f.approx {
                    f.interval.widen(options.approx_tolerance)
                } else {
                    f.interval
                }
            };
            let (wa, wb) = (widen(a), widen(b));
            if wa.overlaps(&wb) {
                continue;
            }
            let (lower, higher) = if wa.high < wb.low { (a, b) } else { (b, a) };
            found.push(Contradiction {
                sources: [lower.source.clone(), higher.source.clone()],
                figures: [lower.display.clone(), higher.display.clone()],
                periods: [lower.period(), higher.period()],
                ratio: Number(higher.interval.low / lower.interval.high),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reported;
    use tally_core::{Claim, Evidence, Role, Value};

    /// The seed's two casualty figures: the UK's "over 5,000" (highly likely) and the JCS's
    /// ~4,000, with the UK graded as given.
    fn seed_estimate(uk: Option<Grade>, min_grade: Option<Grade>) -> Estimate {
        let day = Date::new(2025, 3, 28).unwrap();
        let claim = |source: &str, value| {
            let mut c = Claim::new(
                "seed",
                Kind::Count,
                value,
                Metric::Casualties,
                Evidence::default(),
            );
            c.actor = Some("PRK".into());
            c.role = Role::Military;
            c.source = Some(source.into());
            c.as_of = Some(DateSpan::day(day));
            c
        };
        let mut uk_claim = claim("UK Ministry of Defence", Value::at_least(5000.0));
        uk_claim.probability = Some([0.8, 0.9]);
        let jcs_claim = claim("JCS", Value::approx(4000.0));
        let reported = [
            Reported {
                claim_id: None,
                published: None,
                claim: &uk_claim,
                outlet: None,
                grade: uk,
            },
            Reported {
                claim_id: None,
                published: None,
                claim: &jcs_claim,
                outlet: None,
                grade: None,
            },
        ];
        let series = SeriesKey::new(Some("PRK"), Role::Military, Metric::Casualties);
        let options = Options {
            min_grade,
            ..Options::default()
        };
        estimate(&reported, &series, day, &options)
    }

    #[test]
    fn a_source_graded_e_is_no_longer_a_floor_and_one_graded_a_is() {
        let uk = |e: &Estimate| {
            e.sources
                .iter()
                .find(|f| f.source.starts_with("UK"))
                .cloned()
                .unwrap()
        };
        let a = seed_estimate(Some(Grade::A), None);
        assert_eq!(a.best.best.unwrap().0, 5000.0);
        assert!((uk(&a).weight - 0.85 * 1.5).abs() < 1e-9);
        assert_eq!(uk(&a).grade, Some(Grade::A));
        let ungraded = seed_estimate(None, None);
        assert_eq!(ungraded.best.best.unwrap().0, 5000.0);
        assert!((uk(&ungraded).weight - 0.85).abs() < 1e-9);
        let e = seed_estimate(Some(Grade::E), None);
        assert_eq!(e.best.best.unwrap().0, 4000.0);
        assert!((uk(&e).weight - 0.85 * 0.5).abs() < 1e-9);
        // The envelope still shows what every source says.
        assert_eq!(e.best.high.unwrap().0, 5000.0);
        // A minimum grade leaves out the sources below it, the ungraded JCS among them.
        let min_c = seed_estimate(Some(Grade::B), Some(Grade::C));
        assert_eq!(min_c.sources.len(), 1);
        assert_eq!(min_c.sources[0].grade, Some(Grade::B));
    }
}
