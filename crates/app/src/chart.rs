//! What a series' chart shows, decided once for the dashboard's chart (`series.js` draws the
//! JSON of [`Chart`] embedded in the series page) and for `tally chart` (SVG and PNG):
//!
//! - each count figure as a [`Mark`] of the [`Shape`] its bounds call for: a point, a floor
//!   ("over 5,000": a point with an arrow up), a ceiling ("up to 300": an arrow down) or a
//!   range ("between 1,000 and 2,000", "thousands": a bar from low to high), never a range
//!   drawn at its midpoint;
//! - the [`Scale`] the value axis starts with: logarithmic when the values span two orders
//!   of magnitude or more ([`LOG_SPREAD`]), so that small counts do not pile up at zero, else
//!   linear;
//! - both value axes' extents, the linear one from zero to a round number above the largest
//!   value (one figure of 1,670 gets 0–2,000, not 1,640–1,700), the logarithmic one whole
//!   decades, and the days with room on either side;
//! - one colour per source from [`PALETTE`] (20 distinct colours), sources ranked by their
//!   number of figures so that the same ledger colours the same source alike everywhere;
//!   beyond 20 sources the rest share [`OTHER_COLOR`].
//!
//! # Example
//!
//! ```
//! use tally_app::chart::{Chart, Scale, Shape};
//! use tally_app::series::{series_at, SeriesRequest};
//! use tally_core::{Metric, Scope};
//!
//! let engine = tally_app::Engine::english();
//! let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
//! let body = b"date 2025-04-01 Kursk\nOver 5,000 North Korean soldiers have been killed or \
//!     injured, the UK Ministry of Defence said.".to_vec();
//! tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None, None)?;
//! let request = SeriesRequest {
//!     actor: "PRK".to_string(),
//!     metric: Metric::Casualties,
//!     role: None,
//!     scope: Scope::Total,
//!     group: None,
//!     at: None,
//!     min_grade: None,
//!     published_by: None,
//!     known_on: None,
//! };
//! let chart = Chart::new(&series_at(&ledger, &request)?.timeline(None));
//! assert_eq!(chart.marks[0].shape, Shape::Floor);
//! assert_eq!(chart.scale, Scale::Linear);
//! assert_eq!(chart.linear, [0.0, 6000.0]);
//! # Ok::<(), tally_app::Error>(())
//! ```

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;
use tally_core::Kind;
use tally_reconcile::{Bound, Figure, Report, SeriesKey, Timeline};

/// The ratio of the largest to the smallest positive value from which the value axis is
/// logarithmic by default: two orders of magnitude.
pub const LOG_SPREAD: f64 = 100.0;

/// The sources' colours: Kenneth Kelly's 22 colours of maximum contrast (1965) without white
/// and black. The eleven that keep a 3:1 contrast against white come first, ordered so that
/// near hues stand apart (purple and violet, red and reddish brown), the near-black olive and
/// the grey last of them (the best estimate is black, its low and high grey); then the nine
/// light ones, which are drawn with a dark outline.
pub const PALETTE: [&str; 20] = [
    "#875692", // purple
    "#be0032", // vivid red
    "#008856", // vivid green
    "#0067a5", // strong blue
    "#e25822", // reddish orange
    "#654522", // yellowish brown
    "#604e97", // violet
    "#b3446c", // purplish red
    "#882d17", // reddish brown
    "#2b3d26", // olive green
    "#848482", // medium grey
    "#f3c300", // vivid yellow
    "#f38400", // vivid orange
    "#a1caf1", // very light blue
    "#c2b280", // greyish yellow
    "#e68fac", // strong purplish pink
    "#f99379", // strong yellowish pink
    "#f6a600", // vivid orange yellow
    "#dcd300", // vivid greenish yellow
    "#8db600", // vivid yellow green
];

/// The colour of the sources beyond the palette's twenty.
pub const OTHER_COLOR: &str = "#b4b8c0";

/// How the value axis is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// From zero, evenly.
    Linear,
    /// In decades.
    Log,
}

/// How a figure is drawn, from its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One value ("4,000", "~11,000"): a point.
    Point,
    /// A lower bound ("over 5,000"): a point at the bound with an arrow up.
    Floor,
    /// An upper bound ("up to 300"): a point at the bound with an arrow down.
    Ceiling,
    /// Both bounds ("between 1,000 and 2,000", "thousands"): a bar from low to high.
    Range,
}

impl Shape {
    /// The shape of a figure's bounds; `None` for a figure with no bound.
    pub fn of(bound: Bound) -> Option<Shape> {
        match bound {
            Bound::Point => Some(Shape::Point),
            Bound::Lower => Some(Shape::Floor),
            Bound::Upper => Some(Shape::Ceiling),
            Bound::Range => Some(Shape::Range),
            Bound::None => None,
        }
    }
}

/// A source of the chart with its colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSource {
    /// The source's name.
    pub name: String,
    /// Its colour, `#rrggbb`.
    pub color: &'static str,
    /// Whether it is past the palette and shares [`OTHER_COLOR`].
    pub other: bool,
    /// How many of its figures are drawn.
    pub n_figures: usize,
}

/// One figure as drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// Its source: an index into [`Chart::sources`].
    pub source: usize,
    /// How it is drawn.
    pub shape: Shape,
    /// Its lower bound (`None`: unbounded below).
    pub low: Option<f64>,
    /// Its upper bound (`None`: unbounded above).
    pub high: Option<f64>,
    /// The day it is placed at.
    pub date: Date,
    /// The days it refers to, when given.
    pub as_of: Option<[Date; 2]>,
    /// The figure as an analyst writes it ("over 5,000").
    pub display: String,
    /// The estimative phrase, when one was used.
    pub confidence: Option<String>,
    /// How many reports state it.
    pub n_reports: usize,
    /// The documents and claims that report it.
    pub reports: Vec<Report>,
}

impl Mark {
    /// Where the mark's glyph sits on the value axis: the value of a point, the bound of a
    /// floor or ceiling, the middle of a range (on a log axis, the geometric middle).
    pub fn anchor(&self, scale: Scale) -> Option<f64> {
        match (self.low, self.high) {
            (Some(low), Some(high)) if scale == Scale::Log && low > 0.0 => {
                Some((low * high).sqrt())
            }
            (Some(low), Some(high)) => Some(low + (high - low) / 2.0),
            (Some(bound), None) | (None, Some(bound)) => Some(bound),
            (None, None) => None,
        }
    }
}

/// The best estimate on a day a figure was placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The day.
    pub date: Date,
    /// The lowest figure.
    pub low: Option<f64>,
    /// The best estimate.
    pub best: Option<f64>,
    /// The highest figure.
    pub high: Option<f64>,
    /// Whether sources contradict each other that day.
    pub contradiction: bool,
}

/// A series' chart: what is drawn, in which colours, on which axes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// The series.
    pub series: SeriesKey,
    /// The scale the value axis starts with.
    pub scale: Scale,
    /// The largest positive value over the smallest (1 when there is one value or none).
    pub spread: f64,
    /// The value axis on a linear scale: zero to a round number.
    pub linear: [f64; 2],
    /// The value axis on a log scale: whole decades.
    pub log: [f64; 2],
    /// The first and last day of the time axis, with room around the figures.
    pub days: [Date; 2],
    /// The sources, those with most figures first.
    pub sources: Vec<ChartSource>,
    /// The count figures, in date order.
    pub marks: Vec<Mark>,
    /// The best estimate on each day a figure was placed.
    pub steps: Vec<Step>,
}

impl Chart {
    /// The chart of a timeline: its count figures (fractions and figures with no bound
    /// are not drawn) and its best estimate.
    pub fn new(timeline: &Timeline) -> Chart {
        let counts: Vec<(&Figure, Shape)> = timeline
            .assertions
            .iter()
            .filter(|f| f.kind == Kind::Count)
            .filter_map(|f| Shape::of(f.bound).map(|shape| (f, shape)))
            .collect();
        let sources = ranked_sources(counts.iter().map(|(f, _)| f.source.as_str()));
        let marks: Vec<Mark> = counts
            .iter()
            .map(|(figure, shape)| Mark {
                source: sources
                    .iter()
                    .position(|s| s.name == figure.source)
                    .expect("every figure's source is ranked"),
                shape: *shape,
                low: figure.interval.low(),
                high: figure.interval.high(),
                date: figure.date,
                as_of: figure.as_of.map(|span| [span.first, span.last]),
                display: figure.display.clone(),
                confidence: figure.confidence.clone(),
                n_reports: figure.n_reports,
                reports: figure.reports.clone(),
            })
            .collect();
        let steps: Vec<Step> = timeline
            .points
            .iter()
            .map(|point| Step {
                date: point.date,
                low: point.estimate.low.map(|n| n.0),
                best: point.estimate.best.map(|n| n.0),
                high: point.estimate.high.map(|n| n.0),
                contradiction: point.contradiction,
            })
            .collect();
        let values: Vec<f64> = marks
            .iter()
            .flat_map(|m| m.low.into_iter().chain(m.high))
            .chain(steps.iter().flat_map(|s| [s.low, s.best, s.high]).flatten())
            .filter(|v| v.is_finite())
            .collect();
        let spread = spread(&values);
        let dates = marks
            .iter()
            .map(|m| m.date)
            .chain(steps.iter().map(|s| s.date));
        Chart {
            series: timeline.series.clone(),
            scale: if spread >= LOG_SPREAD {
                Scale::Log
            } else {
                Scale::Linear
            },
            spread,
            linear: linear_axis(&values),
            log: log_axis(&values),
            days: day_axis(dates),
            sources,
            marks,
            steps,
        }
    }

    /// The value axis's extent on `scale`.
    pub fn axis(&self, scale: Scale) -> [f64; 2] {
        match scale {
            Scale::Linear => self.linear,
            Scale::Log => self.log,
        }
    }
}

/// The sources of the figures, the one with most figures first (then by name), each with
/// its colour: the palette's in that order, then [`OTHER_COLOR`].
pub fn ranked_sources<'a>(figure_sources: impl IntoIterator<Item = &'a str>) -> Vec<ChartSource> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for source in figure_sources {
        match counts.iter_mut().find(|(name, _)| *name == source) {
            Some((_, n)) => *n += 1,
            None => counts.push((source, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts
        .into_iter()
        .enumerate()
        .map(|(rank, (name, n_figures))| ChartSource {
            name: name.to_string(),
            color: PALETTE.get(rank).copied().unwrap_or(OTHER_COLOR),
            other: rank >= PALETTE.len(),
            n_figures,
        })
        .collect()
}

/// The largest positive value over the smallest; 1 when fewer than two are positive.
fn spread(values: &[f64]) -> f64 {
    let positive = values.iter().copied().filter(|v| *v > 0.0);
    let min = positive.clone().fold(f64::INFINITY, f64::min);
    let max = positive.fold(f64::NEG_INFINITY, f64::max);
    if min.is_finite() && max.is_finite() {
        max / min
    } else {
        1.0
    }
}

/// Zero to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) above the
/// largest value, leaving room for a floor's arrow.
fn linear_axis(values: &[f64]) -> [f64; 2] {
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return [0.0, 10.0];
    }
    let target = max * 1.15;
    let decade = 10f64.powf(target.log10().floor());
    let top = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|step| step * decade)
        .find(|top| *top >= target)
        .unwrap_or(10.0 * decade);
    [0.0, top.max(10.0)]
}

/// Whole decades around the positive values, with room for the arrows of floors and
/// ceilings (a factor of 1.6 either way).
fn log_axis(values: &[f64]) -> [f64; 2] {
    let positive = values.iter().copied().filter(|v| *v > 0.0);
    let min = positive.clone().fold(f64::INFINITY, f64::min);
    let max = positive.fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() || !max.is_finite() {
        return [1.0, 10.0];
    }
    let low = 10f64.powf((min / 1.6).log10().floor()).max(1.0);
    let high = 10f64.powf((max * 1.6).log10().ceil());
    [low.min(high / 10.0), high]
}

/// The first and last day, with room on either side: a twentieth of the span, at least
/// ten days.
fn day_axis(dates: impl Iterator<Item = Date>) -> [Date; 2] {
    let (mut first, mut last) = (None::<Date>, None::<Date>);
    for date in dates {
        first = Some(first.map_or(date, |f| f.min(date)));
        last = Some(last.map_or(date, |l| l.max(date)));
    }
    let (Some(first), Some(last)) = (first, last) else {
        let epoch = Date::constant(1970, 1, 1);
        return [epoch, epoch];
    };
    let span = (last - first).get_days();
    let pad = (span / 20).max(10);
    let before = first.checked_sub(pad.days()).unwrap_or(first);
    let after = last.checked_add(pad.days()).unwrap_or(last);
    [before, after]
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::{Metric, Modality, Role};
    use tally_reconcile::{Interval, SeriesKey, Timeline};

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn figure(source: &str, date: &str, low: Option<f64>, high: Option<f64>) -> Figure {
        let interval = Interval {
            low: low.unwrap_or(f64::NEG_INFINITY),
            high: high.unwrap_or(f64::INFINITY),
        };
        Figure {
            source: source.to_string(),
            kind: Kind::Count,
            of: None,
            increment: false,
            interval,
            approx: false,
            bound: Bound::of(&interval),
            display: format!("{low:?}–{high:?}"),
            date: day(date),
            as_of: None,
            stated: None,
            confidence: None,
            probability: None,
            modality: Modality::Report,
            grade: None,
            weight: 1.0,
            reports: Vec::new(),
            n_reports: 1,
            derived: None,
        }
    }

    fn timeline(assertions: Vec<Figure>) -> Timeline {
        Timeline {
            series: SeriesKey::new(Some("RUS"), Role::Military, Metric::Killed),
            method: "test",
            points: Vec::new(),
            assertions,
            contradictions: Vec::new(),
            falls: Vec::new(),
        }
    }

    #[test]
    fn bounds_are_drawn_as_what_they_are() {
        let chart = Chart::new(&timeline(vec![
            figure("A", "2025-01-01", Some(5000.0), None),
            figure("A", "2025-01-02", None, Some(300.0)),
            figure("A", "2025-01-03", Some(1000.0), Some(9999.0)),
            figure("A", "2025-01-04", Some(4000.0), Some(4000.0)),
            figure("A", "2025-01-05", None, None),
        ]));
        let shapes: Vec<Shape> = chart.marks.iter().map(|m| m.shape).collect();
        assert_eq!(
            shapes,
            [Shape::Floor, Shape::Ceiling, Shape::Range, Shape::Point],
            "a figure with no bound is not drawn"
        );
        let range = &chart.marks[2];
        assert_eq!((range.low, range.high), (Some(1000.0), Some(9999.0)));
        assert_eq!(range.anchor(Scale::Linear), Some(5499.5));
        let geometric = range.anchor(Scale::Log).unwrap();
        assert!((geometric - 3162.1).abs() < 1.0, "{geometric}");
        assert_eq!(chart.marks[0].anchor(Scale::Log), Some(5000.0));
    }

    #[test]
    fn four_orders_of_magnitude_default_to_a_log_axis() {
        let chart = Chart::new(&timeline(vec![
            figure("A", "2022-03-01", Some(12.0), Some(12.0)),
            figure("B", "2023-03-01", Some(1500.0), None),
            figure("A", "2024-03-01", Some(120_000.0), Some(120_000.0)),
        ]));
        assert_eq!(chart.scale, Scale::Log);
        assert_eq!(chart.spread, 10_000.0);
        assert_eq!(chart.log, [1.0, 1_000_000.0]);
    }

    #[test]
    fn close_values_keep_a_linear_axis_from_zero() {
        let chart = Chart::new(&timeline(vec![
            figure("A", "2025-01-01", Some(4000.0), Some(4000.0)),
            figure("B", "2025-02-01", Some(5000.0), None),
        ]));
        assert_eq!(chart.scale, Scale::Linear);
        assert_eq!(chart.linear, [0.0, 6000.0]);
    }

    #[test]
    fn one_point_gets_an_axis_from_zero_and_days_around_it() {
        let chart = Chart::new(&timeline(vec![figure(
            "A",
            "2024-06-15",
            Some(1670.0),
            Some(1670.0),
        )]));
        assert_eq!(chart.scale, Scale::Linear);
        assert_eq!(chart.linear, [0.0, 2000.0]);
        assert_eq!(chart.days, [day("2024-06-05"), day("2024-06-25")]);
        assert_eq!(chart.log, [1000.0, 10_000.0]);
    }

    #[test]
    fn sixteen_sources_get_sixteen_colours_most_figures_first() {
        let mut figures = Vec::new();
        for source_idx in 0..16 {
            for n in 0..=source_idx {
                figures.push(figure(
                    &format!("source {source_idx:02}"),
                    "2025-01-01",
                    Some(100.0 + f64::from(n)),
                    Some(100.0 + f64::from(n)),
                ));
            }
        }
        let chart = Chart::new(&timeline(figures));
        assert_eq!(chart.sources.len(), 16);
        assert_eq!(chart.sources[0].name, "source 15", "most figures first");
        assert_eq!(chart.sources[0].n_figures, 16);
        let mut colours: Vec<&str> = chart.sources.iter().map(|s| s.color).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 16, "no colour cycles");
        assert!(chart.sources.iter().all(|s| !s.other));
    }

    #[test]
    fn sources_past_the_palette_share_the_other_colour() {
        let names: Vec<String> = (0..23).map(|i| format!("s{i:02}")).collect();
        let sources = ranked_sources(names.iter().map(String::as_str));
        assert_eq!(sources[19].color, PALETTE[19]);
        assert!(sources[20..]
            .iter()
            .all(|s| s.other && s.color == OTHER_COLOR));
    }

    /// WCAG's contrast ratio of a colour against white.
    fn contrast_with_white(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        1.05 / (luminance + 0.05)
    }

    #[test]
    fn the_first_eleven_colours_stand_out_on_white() {
        for colour in &PALETTE[..11] {
            let ratio = contrast_with_white(colour);
            assert!(ratio >= 3.0, "{colour}: {ratio:.2}");
        }
        let mut all = PALETTE.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), PALETTE.len());
    }
}
