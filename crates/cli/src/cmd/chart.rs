//! `tally chart`: a series over time as an SVG or PNG: each source's assertions as points
//! with interval bars (arrows for one-sided bounds), the best estimate as a step line with
//! its band, contradictions marked; a log scale when the values span two orders of
//! magnitude.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context};
use jiff::civil::Date;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use tally_app::series::series_at;
use tally_core::Kind;
use tally_reconcile::{Figure, Timeline};

use super::reconcile::SeriesArgs;
use crate::output::file::OutputFile;

/// Arguments of `tally chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    #[command(flatten)]
    pub series: SeriesArgs,
    /// The last day [default: the last day a figure is placed at].
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub until: Option<Date>,
    /// The chart: FILE.svg or FILE.png (replaced once drawn; never the ledger).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Width and height in pixels.
    #[arg(long, value_name = "WxH", default_value = "1400x800", value_parser = parse_size)]
    pub size: (u32, u32),
    /// A TrueType font for the labels [default: DejaVu Sans or Liberation Sans].
    #[arg(long, value_name = "FILE", env = "TALLY_FONT")]
    pub font: Option<PathBuf>,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or_else(|| format!("size {s:?} is not WIDTHxHEIGHT"))?;
    let parse = |x: &str| x.parse::<u32>().ok().filter(|x| (200..=10_000).contains(x));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!("size {s:?} is not WIDTHxHEIGHT, each 200 to 10000")),
    }
}

/// Fonts looked for when `--font` is not given.
const FONTS: [&str; 4] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
];

/// Colors of the sources, in order of their number of assertions.
const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
    RGBColor(188, 189, 34),
];
const OTHER: RGBColor = RGBColor(150, 150, 150);
const BEST: RGBColor = RGBColor(20, 20, 20);
const CONTRADICTION: RGBColor = RGBColor(214, 39, 40);

/// Runs `tally chart`.
///
/// # Errors
///
/// Fails when the ledger cannot be read, the series has no dated figure, no font is found,
/// or the file cannot be written.
pub fn run(args: &ChartArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.series.db.open()?;
    let output = OutputFile::create(&args.output, args.series.db.file())?;
    let timeline = series_at(&*ledger, &args.series.request(None))?.timeline(args.until);
    if timeline.points.is_empty() {
        bail!(
            "no dated figure of {} in {}",
            timeline.series.label(),
            args.series.db.db.display()
        );
    }
    register_font(args.font.as_deref())?;
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // Drawn to a temporary file with the same extension, renamed into place when whole.
    let path = output.path();
    let size = args.size;
    let plot = Plot::new(&timeline);
    match (extension.as_deref(), plot.log) {
        (Some("svg"), true) => plot.draw(
            SVGBackend::new(path, size).into_drawing_area(),
            (plot.y.0..plot.y.1).log_scale(),
        ),
        (Some("svg"), false) => plot.draw(
            SVGBackend::new(path, size).into_drawing_area(),
            plot.y.0..plot.y.1,
        ),
        (Some("png"), true) => plot.draw(
            BitMapBackend::new(path, size).into_drawing_area(),
            (plot.y.0..plot.y.1).log_scale(),
        ),
        (Some("png"), false) => plot.draw(
            BitMapBackend::new(path, size).into_drawing_area(),
            plot.y.0..plot.y.1,
        ),
        _ => bail!("{} is neither .svg nor .png", args.output.display()),
    }
    .with_context(|| format!("drawing {}", args.output.display()))?;
    output.commit()?;
    Ok(ExitCode::SUCCESS)
}

/// Registers the labels' font once.
fn register_font(path: Option<&Path>) -> anyhow::Result<()> {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    if REGISTERED.get().is_some() {
        return Ok(());
    }
    let candidates: Vec<PathBuf> = match path {
        Some(path) => vec![path.to_path_buf()],
        None => FONTS.iter().map(PathBuf::from).collect(),
    };
    let Some((path, bytes)) = candidates
        .iter()
        .find_map(|p| std::fs::read(p).ok().map(|b| (p, b)))
    else {
        bail!("no font for the labels: give one with --font FILE.ttf");
    };
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
        .map_err(|_| anyhow!("{} is not a TrueType font", path.display()))?;
    let _ = REGISTERED.set(());
    Ok(())
}

/// Days since 1970-01-01, the x axis.
fn day_number(day: Date) -> f64 {
    (day - Date::constant(1970, 1, 1)).get_days() as f64
}

fn day_label(x: f64) -> String {
    let day = Date::constant(1970, 1, 1).checked_add(jiff::Span::new().days(x.round() as i64));
    day.map_or(String::new(), |d| d.strftime("%Y-%m-%d").to_string())
}

fn thousands(y: f64) -> String {
    tally_reconcile::display(&tally_reconcile::Interval::point(y), false, false)
}

/// What is drawn, in chart units.
struct Plot<'t> {
    timeline: &'t Timeline,
    /// Count assertions with their source's color index (`None`: other sources).
    figures: Vec<(&'t Figure, Option<usize>)>,
    sources: Vec<String>,
    n_other: usize,
    x: (f64, f64),
    y: (f64, f64),
    log: bool,
}

impl<'t> Plot<'t> {
    fn new(timeline: &'t Timeline) -> Plot<'t> {
        let counts: Vec<&Figure> = timeline
            .assertions
            .iter()
            .filter(|f| f.kind == Kind::Count)
            .collect();
        let mut by_source: Vec<(String, usize)> = Vec::new();
        for figure in &counts {
            match by_source.iter_mut().find(|(s, _)| *s == figure.source) {
                Some((_, n)) => *n += 1,
                None => by_source.push((figure.source.clone(), 1)),
            }
        }
        by_source.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let sources: Vec<String> = by_source
            .iter()
            .take(COLORS.len())
            .map(|(s, _)| s.clone())
            .collect();
        let n_other = by_source.len().saturating_sub(COLORS.len());
        let figures = counts
            .iter()
            .map(|f| (*f, sources.iter().position(|s| *s == f.source)))
            .collect();
        let mut values: Vec<f64> = Vec::new();
        for figure in &counts {
            values.extend(
                figure
                    .interval
                    .low()
                    .into_iter()
                    .chain(figure.interval.high()),
            );
        }
        for point in &timeline.points {
            values.extend(
                [point.estimate.low, point.estimate.best, point.estimate.high]
                    .into_iter()
                    .flatten()
                    .map(|n| n.0),
            );
        }
        let positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
        let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
            .max(1.0);
        let log = min.is_finite() && max / min > 50.0;
        let y = if log {
            (min / 2.0, max * 2.5)
        } else {
            (0.0, max * 1.3)
        };
        let mut days: Vec<f64> = timeline.points.iter().map(|p| day_number(p.date)).collect();
        for figure in &counts {
            days.push(day_number(figure.date));
        }
        let first = days.iter().copied().fold(f64::INFINITY, f64::min);
        let last = days.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((last - first) * 0.05).max(5.0);
        Plot {
            timeline,
            figures,
            sources,
            n_other,
            x: (first - pad, last + pad),
            y,
            log,
        }
    }

    /// How far an arrow reaches beyond a bound: a factor on a log scale, a share of the
    /// axis on a linear one.
    fn arrow(&self, from: f64, up: bool) -> (f64, f64) {
        let (tip, head) = if self.log {
            let k: f64 = 1.6;
            if up {
                (from * k, from * k / 1.15)
            } else {
                (from / k, from / k * 1.15)
            }
        } else {
            let reach = (self.y.1 - self.y.0) * 0.08;
            let head = (self.y.1 - self.y.0) * 0.015;
            if up {
                (from + reach, from + reach - head)
            } else {
                (
                    (from - reach).max(self.y.0),
                    (from - reach).max(self.y.0) + head,
                )
            }
        };
        (tip, head)
    }

    fn draw<DB, Y>(&self, root: DrawingArea<DB, plotters::coord::Shift>, y: Y) -> anyhow::Result<()>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
        Y: AsRangedCoord<Value = f64>,
        Y::CoordDescType: ValueFormatter<f64>,
    {
        let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("{e:?}");
        root.fill(&WHITE).map_err(fail)?;
        let series = &self.timeline.series;
        let title = format!(
            "{} {} {} — each source's figures and the best estimate{}",
            series.actor.as_deref().unwrap_or("?"),
            series.role.as_str(),
            series.metric,
            if self.log { " (log scale)" } else { "" }
        );
        let (width, _) = root.dim_in_pixel();
        let (plot_area, legend_area) = root.split_horizontally(width.saturating_sub(330));
        let mut chart = ChartBuilder::on(&plot_area)
            .caption(title, ("sans-serif", 28))
            .margin(24)
            .margin_right(60)
            .x_label_area_size(56)
            .y_label_area_size(110)
            .build_cartesian_2d::<std::ops::Range<f64>, Y>(self.x.0..self.x.1, y)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_labels(8)
            .y_labels(10)
            .x_label_formatter(&|x| day_label(*x))
            .y_label_formatter(&|y| thousands(*y))
            .x_desc("date the figure refers to")
            .y_desc(format!("{} (people)", series.metric))
            .label_style(("sans-serif", 18))
            .axis_desc_style(("sans-serif", 20))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(fail)?;

        // The best estimate's band and step line.
        let points = &self.timeline.points;
        let mut band: Vec<(f64, f64)> = Vec::new();
        let mut band_low: Vec<(f64, f64)> = Vec::new();
        let mut line: Vec<(f64, f64)> = Vec::new();
        for (point_idx, point) in points.iter().enumerate() {
            let x0 = day_number(point.date);
            let x1 = points
                .get(point_idx + 1)
                .map_or(self.x.1, |next| day_number(next.date));
            let (Some(low), Some(best), Some(high)) =
                (point.estimate.low, point.estimate.best, point.estimate.high)
            else {
                continue;
            };
            band.extend([(x0, high.0), (x1, high.0)]);
            band_low.extend([(x0, low.0), (x1, low.0)]);
            line.extend([(x0, best.0), (x1, best.0)]);
        }
        band_low.reverse();
        band.extend(band_low);
        let band_drawn = !band.is_empty();
        if !band.is_empty() {
            chart
                .draw_series(std::iter::once(Polygon::new(band, BEST.mix(0.10).filled())))
                .map_err(fail)?
                .label("best estimate: low–high")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], BEST.mix(0.15).filled())
                });
        }
        chart
            .draw_series(LineSeries::new(line, BEST.stroke_width(3)))
            .map_err(fail)?
            .label("best estimate")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BEST.stroke_width(3)));

        // Each source's assertions.
        let color = |idx: Option<usize>| idx.map_or(OTHER, |i| COLORS[i]);
        let half_width = (self.x.1 - self.x.0) * 0.004;
        for (figure, source_idx) in &self.figures {
            let style = color(*source_idx).stroke_width(2);
            let x = day_number(figure.date);
            let period = figure.period();
            let Some(at) = figure.interval.representative() else {
                continue;
            };
            if period.first < period.last {
                let first = day_number(period.first).max(self.x.0);
                let line = vec![
                    (first, at),
                    (day_number(period.last).max(x).min(self.x.1), at),
                ];
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        line,
                        color(*source_idx).mix(0.5).stroke_width(2),
                    )))
                    .map_err(fail)?;
            }
            match (figure.interval.low(), figure.interval.high()) {
                (Some(low), Some(high)) if low < high => {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(x, low), (x, high)],
                            style,
                        )))
                        .map_err(fail)?;
                    for end in [low, high] {
                        let cap = vec![(x - half_width, end), (x + half_width, end)];
                        chart
                            .draw_series(std::iter::once(PathElement::new(cap, style)))
                            .map_err(fail)?;
                    }
                }
                (Some(bound), None) | (None, Some(bound)) => {
                    let up = figure.interval.low().is_some();
                    let (tip, head) = self.arrow(bound, up);
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(x, bound), (x, tip)],
                            style,
                        )))
                        .map_err(fail)?;
                    let triangle = vec![
                        (x - half_width * 1.5, head),
                        (x + half_width * 1.5, head),
                        (x, tip),
                    ];
                    chart
                        .draw_series(std::iter::once(Polygon::new(
                            triangle,
                            color(*source_idx).filled(),
                        )))
                        .map_err(fail)?;
                }
                _ => {}
            }
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, at),
                    6,
                    color(*source_idx).filled(),
                )))
                .map_err(fail)?;
        }
        // Legend entries, one per source.
        for (source_idx, source) in self.sources.iter().enumerate() {
            let n = self
                .figures
                .iter()
                .filter(|(_, i)| *i == Some(source_idx))
                .count();
            let c = COLORS[source_idx];
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(fail)?
                .label(format!("{source} ({n})"))
                .legend(move |(x, y)| Circle::new((x + 10, y), 6, c.filled()));
        }
        if self.n_other > 0 {
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(fail)?
                .label(format!("{} other sources", self.n_other))
                .legend(|(x, y)| Circle::new((x + 10, y), 6, OTHER.filled()));
        }
        // Contradictions: a red cross above the days sources disagree.
        let top = if self.log {
            self.y.1 / 1.4
        } else {
            self.y.1 * 0.96
        };
        let crosses: Vec<_> = points
            .iter()
            .filter(|p| p.contradiction)
            .map(|p| Cross::new((day_number(p.date), top), 8, CONTRADICTION.stroke_width(3)))
            .collect();
        let crosses_empty = crosses.is_empty();
        if !crosses.is_empty() {
            chart
                .draw_series(crosses)
                .map_err(fail)?
                .label("sources contradict each other")
                .legend(|(x, y)| Cross::new((x + 10, y), 6, CONTRADICTION.stroke_width(3)));
        }
        self.legend(&legend_area, band_drawn, !crosses_empty)
            .map_err(fail)?;
        root.present().map_err(fail)?;
        Ok(())
    }

    /// The legend, in its own panel right of the chart so that it hides no figure.
    fn legend<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, plotters::coord::Shift>,
        band: bool,
        contradictions: bool,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let font = ("sans-serif", 17).into_font();
        let mut y = 90;
        let line = 28;
        area.draw_text(
            "Legend",
            &("sans-serif", 20).into_font().color(&BEST),
            (10, y - 34),
        )?;
        if band {
            area.draw(&Rectangle::new(
                [(10, y - 7), (34, y + 7)],
                BEST.mix(0.15).filled(),
            ))?;
            area.draw_text("best estimate: low–high", &font.color(&BEST), (44, y - 9))?;
            y += line;
        }
        area.draw(&PathElement::new(
            vec![(10, y), (34, y)],
            BEST.stroke_width(3),
        ))?;
        area.draw_text("best estimate", &font.color(&BEST), (44, y - 9))?;
        y += line;
        for (source_idx, source) in self.sources.iter().enumerate() {
            let n = self
                .figures
                .iter()
                .filter(|(_, i)| *i == Some(source_idx))
                .count();
            area.draw(&Circle::new((22, y), 6, COLORS[source_idx].filled()))?;
            let mut label: String = source.chars().take(30).collect();
            if source.chars().count() > 30 {
                label.push('…');
            }
            area.draw_text(&format!("{label} ({n})"), &font.color(&BEST), (44, y - 9))?;
            y += line;
        }
        if self.n_other > 0 {
            area.draw(&Circle::new((22, y), 6, OTHER.filled()))?;
            area.draw_text(
                &format!("{} other sources", self.n_other),
                &font.color(&BEST),
                (44, y - 9),
            )?;
            y += line;
        }
        if contradictions {
            area.draw(&Cross::new((22, y), 6, CONTRADICTION.stroke_width(3)))?;
            area.draw_text(
                "sources contradict each other",
                &font.color(&BEST),
                (44, y - 9),
            )?;
            y += line;
        }
        y += line / 2;
        for text in [
            "bar: a source's range",
            "arrow: a one-sided bound",
            "line: the period it covers",
        ] {
            area.draw_text(
                text,
                &("sans-serif", 15).into_font().color(&RGBColor(90, 90, 90)),
                (10, y - 9),
            )?;
            y += 22;
        }
        Ok(())
    }
}
