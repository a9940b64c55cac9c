//! Derived figures: interval arithmetic on assertions, each result listing what it came
//! from.

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Kind, Metric};

use crate::collect::Collected;
use crate::estimate::{best, estimate_collected, Best, Options, METHOD};
use crate::figure::{AsReport, Derivation, Figure, Operation, SeriesKey};
use crate::interval::{Interval, Number};

/// A base plus the increments stated after it: 11,000 + 3,000 = 14,000. The result is
/// placed at the last increment's day and covers the base's period to the last increment's.
pub fn sum_of_increments(base: &Figure, increments: &[Figure]) -> Figure {
    let mut interval = base.interval;
    let mut approx = base.approx;
    let mut last = base;
    for increment in increments {
        interval = interval.add(&increment.interval);
        approx |= increment.approx;
        if increment.date >= last.date {
            last = increment;
        }
    }
    let mut inputs = vec![base.clone()];
    inputs.extend(increments.iter().cloned());
    let mut figure = Figure::derived(
        &base.source,
        last,
        interval,
        approx,
        Derivation {
            operation: Operation::SumOfIncrements,
            inputs,
            days: None,
        },
    );
    figure.as_of = match (base.as_of, last.as_of) {
        (Some(a), Some(b)) => Some(tally_core::DateSpan::new(
            a.first.min(b.first),
            a.last.max(b.last),
        )),
        (a, b) => b.or(a),
    };
    figure
}

/// A fraction times the count it is a fraction of: approximately a third of over 5,000
/// casualties is over 1,667 killed. The result has the fraction's source and day.
pub fn fraction_of_base(fraction: &Figure, base: &Figure) -> Figure {
    let interval = fraction.interval.mul(&base.interval);
    Figure::derived(
        &fraction.source,
        fraction,
        interval,
        fraction.approx || base.approx,
        Derivation {
            operation: Operation::FractionOfBase,
            inputs: vec![fraction.clone(), base.clone()],
            days: None,
        },
    )
}

/// A count divided by another: casualties / deployed.
pub fn ratio(numerator: &Figure, denominator: &Figure) -> Figure {
    let interval = numerator.interval.div(&denominator.interval);
    let mut figure = Figure::derived(
        &numerator.source,
        numerator,
        interval,
        numerator.approx || denominator.approx,
        Derivation {
            operation: Operation::Ratio,
            inputs: vec![numerator.clone(), denominator.clone()],
            days: None,
        },
    );
    figure.kind = Kind::Fraction;
    figure.of = Some(Metric::Other);
    figure.display = crate::figure::display(&interval, figure.approx, true);
    figure
}

/// A count projected to `at` with a rate per day: count + rate × days since the count.
pub fn rate_times_days(count: &Figure, rate: &Figure, at: Date) -> Figure {
    let days = (at - count.date).get_days().max(0);
    let interval = count.interval.add(&rate.interval.scale(days as f64));
    let mut figure = Figure::derived(
        &count.source,
        count,
        interval,
        count.approx || rate.approx,
        Derivation {
            operation: Operation::RateTimesDays,
            inputs: vec![count.clone(), rate.clone()],
            days: Some(i64::from(days)),
        },
    );
    figure.date = at;
    figure.as_of = Some(tally_core::DateSpan::day(at));
    figure.modality = tally_core::Modality::Projection;
    figure
}

/// What share of one series another is: casualties as a share of the deployment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The counted series (casualties).
    pub series: SeriesKey,
    /// The series it is a share of (deployed).
    pub of: SeriesKey,
    /// The day.
    pub at: Date,
    /// The method.
    pub method: &'static str,
    /// The share: low, best, high.
    pub share: Best,
    /// The counted series' best estimate at `at`.
    pub numerator: Best,
    /// The hull of the other series' best estimates from its first figure to `at`: losses
    /// accrue while the force changes, so any size it had may be the base.
    pub denominator: Interval,
    /// The other series' best figure at `at`.
    pub denominator_best: Option<Number>,
    /// The figures the share came from: the counted series' sources, then the other
    /// series' figures over time.
    pub inputs: Vec<Figure>,
    /// Shares the sources state themselves ("one-third or nearly half of the deployment"),
    /// each with whether it overlaps the derived share.
    pub stated: Vec<StatedShare>,
    /// The part is larger than the whole: the best share is above 100 %, so the two series
    /// do not count the same people (or a figure is wrong); no consensus, not a share.
    pub no_consensus: bool,
}

/// A share stated by a source, beside the derived one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedShare {
    /// The stated fraction.
    pub figure: Figure,
    /// Whether it overlaps the derived share.
    pub consistent: bool,
}

/// The share of `of` that `series` is at `at`.
///
/// The numerator is the series' best estimate interval at `at` (`low` to `high`); the
/// denominator is the hull of the other series' best estimate intervals at each day it
/// changed up to `at`. The share is their interval quotient; its best figure is best over
/// best at `at`.
pub fn share<'a, R: AsReport + 'a>(
    claims: impl IntoIterator<Item = &'a R>,
    series: &SeriesKey,
    of: Metric,
    at: Date,
    options: &Options,
) -> Share {
    let collected = Collected::new(claims, series);
    share_collected(&collected, series, of, at, options)
}

pub(crate) fn share_collected<R: AsReport>(
    collected: &Collected<'_, R>,
    series: &SeriesKey,
    of: Metric,
    at: Date,
    options: &Options,
) -> Share {
    let numerator = estimate_collected(collected, series, at, options);
    let base_series = series.with_metric(of);
    let mut days: Vec<Date> = collected
        .groups(of, Kind::Count, None)
        .flat_map(|g| g.items.iter().map(|item| item.date))
        .filter(|day| *day <= at)
        .collect();
    days.sort_unstable();
    days.dedup();
    if days.len() > 256 {
        // Long series: the last 256 days it changed.
        days.drain(..days.len() - 256);
    }
    days.push(at);
    let mut denominator: Option<Interval> = None;
    let mut inputs: Vec<Figure> = numerator.sources.clone();
    let mut denominator_best = None;
    let mut open_low = false;
    for day in days {
        let base = estimate_collected(collected, &base_series, day, options);
        if base.sources.is_empty() {
            continue;
        }
        let interval = base.best.interval();
        denominator = Some(denominator.map_or(interval, |d| d.hull(&interval)));
        open_low |= base.best.open_low;
        denominator_best = base.best.best;
        for figure in base.sources {
            if !inputs.iter().any(|f| {
                f.source == figure.source && f.date == figure.date && f.display == figure.display
            }) {
                inputs.push(figure);
            }
        }
    }
    let numerator_interval = numerator.best.interval();
    let denominator_interval =
        denominator.unwrap_or(Interval::new(f64::NEG_INFINITY, f64::INFINITY));
    let quotient = if denominator.is_some() && numerator.best.low.is_some() {
        numerator_interval.div(&denominator_interval)
    } else {
        Interval::new(f64::NEG_INFINITY, f64::INFINITY)
    };
    let best_share = match (numerator.best.best, denominator_best) {
        (Some(n), Some(d)) if d.0 != 0.0 => Some(Number(n.0 / d.0)),
        _ => None,
    };
    let open_high = numerator.best.open_high || open_low;
    let share = Best {
        low: quotient.low().map(Number),
        best: best_share,
        high: quotient.high().map(Number),
        open_low: numerator.best.open_low,
        open_high,
    };
    let reach = if open_high {
        Interval::new(quotient.low, f64::INFINITY)
    } else {
        quotient
    };
    let stated = collected
        .groups(series.metric, Kind::Fraction, Some(of))
        .filter_map(|g| g.latest(at, options.tolerance))
        .map(|figure| StatedShare {
            consistent: figure.interval.overlaps(&reach),
            figure,
        })
        .collect();
    Share {
        series: series.clone(),
        of: base_series,
        at,
        method: METHOD,
        share,
        numerator: numerator.best,
        denominator: denominator_interval,
        denominator_best,
        inputs,
        stated,
        no_consensus: best_share.is_some_and(|b| b.0 > 1.0),
    }
}

/// The best estimate of figures derived elsewhere, with the default options.
pub fn best_of(figures: &[Figure]) -> Best {
    best(figures, &Options::default())
}
