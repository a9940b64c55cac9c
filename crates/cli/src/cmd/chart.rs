//! `tally chart`: a series over time as an SVG or PNG, drawn from `tally_app::chart::Chart`
//! as the dashboard's chart is: each source's figures in its own colour, a point as a dot, a
//! floor ("over 5,000") as a dot with an arrow up, a ceiling with an arrow down, a range as a
//! bar; the best estimate as a step line with its band, contradictions marked; a log scale
//! by default when the values span two orders of magnitude (`--scale` to choose).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context};
use jiff::civil::Date;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use tally_app::chart::{Chart, Scale, Shape};
use tally_app::series::series_at;

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
    /// The value axis: auto (log when the values span two orders of magnitude), linear or
    /// log.
    #[arg(long, value_name = "SCALE", value_enum, default_value_t = ScaleArg::Auto)]
    pub scale: ScaleArg,
}

/// The value axis asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleArg {
    /// The chart's own choice.
    Auto,
    /// Linear, from zero.
    Linear,
    /// In decades.
    Log,
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

const BEST: RGBColor = RGBColor(20, 20, 20);
const CONTRADICTION: RGBColor = RGBColor(214, 39, 40);
/// The outline of the palette's light colours.
const OUTLINE: RGBColor = RGBColor(60, 60, 60);

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
    let chart = Chart::new(&timeline);
    let scale = match args.scale {
        ScaleArg::Auto => chart.scale,
        ScaleArg::Linear => Scale::Linear,
        ScaleArg::Log => Scale::Log,
    };
    let plot = Plot::new(&chart, scale);
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

/// A day of the x axis: the month alone when the axis spans more than two years.
fn day_label(x: f64, long: bool) -> String {
    let day = Date::constant(1970, 1, 1).checked_add(jiff::Span::new().days(x.round() as i64));
    let format = if long { "%Y-%m" } else { "%Y-%m-%d" };
    day.map_or(String::new(), |d| d.strftime(format).to_string())
}

fn thousands(y: f64) -> String {
    tally_reconcile::display(&tally_reconcile::Interval::point(y), false, false)
}

/// A colour of the palette, `#rrggbb`.
fn rgb(hex: &str) -> RGBColor {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
            .unwrap_or(128)
    };
    RGBColor(channel(1), channel(3), channel(5))
}

/// A source's dot, outlined when its colour is light.
fn dot<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    at: (f64, f64),
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart.draw_series(std::iter::once(Circle::new(at, 6, color.filled())))?;
    if light(color) {
        chart.draw_series(std::iter::once(Circle::new(at, 6, OUTLINE.stroke_width(1))))?;
    }
    Ok(())
}

/// A source's dot in the legend, outlined when its colour is light.
fn legend_dot<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    at: (i32, i32),
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.draw(&Circle::new(at, 6, color.filled()))?;
    if light(color) {
        area.draw(&Circle::new(at, 6, OUTLINE.stroke_width(1)))?;
    }
    Ok(())
}

/// Whether a colour is light enough to need an outline on white.
fn light(color: RGBColor) -> bool {
    0.299 * f64::from(color.0) + 0.587 * f64::from(color.1) + 0.114 * f64::from(color.2) > 150.0
}

/// What is drawn, in chart units.
struct Plot<'c> {
    chart: &'c Chart,
    x: (f64, f64),
    y: (f64, f64),
    log: bool,
}

impl<'c> Plot<'c> {
    fn new(chart: &'c Chart, scale: Scale) -> Plot<'c> {
        let [low, high] = chart.axis(scale);
        Plot {
            chart,
            x: (day_number(chart.days[0]), day_number(chart.days[1])),
            y: (low, high),
            log: scale == Scale::Log,
        }
    }

    /// How far an arrow reaches beyond a bound: a factor on a log scale, a share of the
    /// axis on a linear one.
    fn arrow(&self, from: f64, up: bool) -> (f64, f64) {
        if self.log {
            let k: f64 = 1.6;
            if up {
                (from * k, from * k / 1.18)
            } else {
                (from / k, from / k * 1.18)
            }
        } else {
            let reach = (self.y.1 - self.y.0) * 0.08;
            let head = (self.y.1 - self.y.0) * 0.02;
            if up {
                (from + reach, from + reach - head)
            } else {
                let tip = (from - reach).max(self.y.0);
                (tip, tip + head)
            }
        }
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
        let series = &self.chart.series;
        let title = format!(
            "{} {} {} — each source's figures and the best estimate{}",
            series.actor.as_deref().unwrap_or("?"),
            series.role.as_str(),
            series.metric,
            if self.log { " (log scale)" } else { "" }
        );
        let (width, _) = root.dim_in_pixel();
        // The title across the whole width, smaller on a narrow chart so that it fits.
        let title_size = (f64::from(width) / 48.0).clamp(14.0, 28.0);
        let root = root
            .margin(10, 0, 0, 0)
            .titled(&title, ("sans-serif", title_size))
            .map_err(fail)?;
        let (plot_area, legend_area) = root.split_horizontally(width.saturating_sub(330));
        // Date labels about 150 pixels apart, so that they never run into each other; the
        // month alone on an axis of more than two years.
        let n_labels = (plot_area.dim_in_pixel().0 / 150).max(2) as usize;
        let long = self.x.1 - self.x.0 > 2.0 * 365.0;
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(24)
            .margin_right(60)
            .x_label_area_size(56)
            .y_label_area_size(110)
            .build_cartesian_2d::<std::ops::Range<f64>, Y>(self.x.0..self.x.1, y)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_labels(n_labels)
            .y_labels(10)
            .x_label_formatter(&|x| day_label(*x, long))
            .y_label_formatter(&|y| thousands(*y))
            .x_desc("date the figure refers to")
            .y_desc(format!("{} (people)", series.metric))
            .label_style(("sans-serif", 18))
            .axis_desc_style(("sans-serif", 20))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(fail)?;

        // The best estimate's band and step line.
        let points = &self.chart.steps;
        let mut band: Vec<(f64, f64)> = Vec::new();
        let mut band_low: Vec<(f64, f64)> = Vec::new();
        let mut line: Vec<(f64, f64)> = Vec::new();
        // A log axis cannot show zero: the band stops at its floor.
        let floor = |v: f64| if self.log { v.max(self.y.0) } else { v };
        for (point_idx, point) in points.iter().enumerate() {
            let x0 = day_number(point.date);
            let x1 = points
                .get(point_idx + 1)
                .map_or(self.x.1, |next| day_number(next.date));
            let (Some(low), Some(best), Some(high)) = (point.low, point.best, point.high) else {
                continue;
            };
            band.extend([(x0, floor(high)), (x1, floor(high))]);
            band_low.extend([(x0, floor(low)), (x1, floor(low))]);
            line.extend([(x0, floor(best)), (x1, floor(best))]);
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

        // Each source's figures: a dot, a dot with an arrow, or a bar.
        let half_width = (self.x.1 - self.x.0) * 0.004;
        let scale = if self.log { Scale::Log } else { Scale::Linear };
        for mark in &self.chart.marks {
            let color = rgb(self.chart.sources[mark.source].color);
            let style = color.stroke_width(2);
            let x = day_number(mark.date);
            let Some(at) = mark.anchor(scale) else {
                continue;
            };
            if let Some([first, last]) = mark.as_of.filter(|[first, last]| first < last) {
                // The period the figure covers, as a faint line at its value.
                let line = vec![
                    (day_number(first).max(self.x.0), at),
                    (day_number(last).max(x).min(self.x.1), at),
                ];
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        line,
                        color.mix(0.5).stroke_width(2),
                    )))
                    .map_err(fail)?;
            }
            match (mark.shape, mark.low, mark.high) {
                (Shape::Range, Some(low), Some(high)) => {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(x, low), (x, high)],
                            color.stroke_width(4),
                        )))
                        .map_err(fail)?;
                    for end in [low, high] {
                        let cap = vec![(x - half_width, end), (x + half_width, end)];
                        chart
                            .draw_series(std::iter::once(PathElement::new(cap, style)))
                            .map_err(fail)?;
                    }
                }
                (Shape::Floor | Shape::Ceiling, _, _) => {
                    let up = mark.shape == Shape::Floor;
                    let (tip, head) = self.arrow(at, up);
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(x, at), (x, head)],
                            style,
                        )))
                        .map_err(fail)?;
                    let triangle = vec![
                        (x - half_width * 1.5, head),
                        (x + half_width * 1.5, head),
                        (x, tip),
                    ];
                    chart
                        .draw_series(std::iter::once(Polygon::new(triangle, color.filled())))
                        .map_err(fail)?;
                    dot(&mut chart, (x, at), color).map_err(fail)?;
                }
                _ => dot(&mut chart, (x, at), color).map_err(fail)?,
            }
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
        // One entry per source with its number of figures; past the palette, the rest in
        // one entry.
        let n_sources = self.chart.sources.len();
        let line = if n_sources > 14 { 23 } else { line };
        for source in self.chart.sources.iter().filter(|s| !s.other) {
            legend_dot(area, (22, y), rgb(source.color))?;
            let mut label: String = source.name.chars().take(30).collect();
            if source.name.chars().count() > 30 {
                label.push('…');
            }
            let n = source.n_figures;
            area.draw_text(&format!("{label} ({n})"), &font.color(&BEST), (44, y - 9))?;
            y += line;
        }
        let others: Vec<_> = self.chart.sources.iter().filter(|s| s.other).collect();
        if let Some(first) = others.first() {
            legend_dot(area, (22, y), rgb(first.color))?;
            let n: usize = others.iter().map(|s| s.n_figures).sum();
            area.draw_text(
                &format!("{} other sources ({n})", others.len()),
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
        // The glyphs, in grey: what each shape of figure means.
        y += line / 2;
        let key = RGBColor(90, 90, 90);
        let small = ("sans-serif", 15).into_font().color(&key);
        area.draw(&Circle::new((22, y), 5, key.filled()))?;
        area.draw_text("a figure", &small, (44, y - 8))?;
        y += 26;
        area.draw(&PathElement::new(
            vec![(22, y + 6), (22, y - 4)],
            key.stroke_width(2),
        ))?;
        area.draw(&Polygon::new(
            vec![(17, y - 4), (27, y - 4), (22, y - 11)],
            key.filled(),
        ))?;
        area.draw(&Circle::new((22, y + 6), 4, key.filled()))?;
        area.draw_text("a floor: over N (arrow up)", &small, (44, y - 8))?;
        y += 30;
        area.draw(&PathElement::new(
            vec![(22, y - 6), (22, y + 4)],
            key.stroke_width(2),
        ))?;
        area.draw(&Polygon::new(
            vec![(17, y + 4), (27, y + 4), (22, y + 11)],
            key.filled(),
        ))?;
        area.draw(&Circle::new((22, y - 6), 4, key.filled()))?;
        area.draw_text("a ceiling: up to N (arrow down)", &small, (44, y - 8))?;
        y += 30;
        area.draw(&PathElement::new(
            vec![(22, y - 9), (22, y + 9)],
            key.stroke_width(4),
        ))?;
        area.draw(&PathElement::new(
            vec![(17, y - 9), (27, y - 9)],
            key.stroke_width(2),
        ))?;
        area.draw(&PathElement::new(
            vec![(17, y + 9), (27, y + 9)],
            key.stroke_width(2),
        ))?;
        area.draw_text("a range: low to high (bar)", &small, (44, y - 8))?;
        y += 30;
        area.draw(&PathElement::new(
            vec![(12, y), (32, y)],
            key.mix(0.6).stroke_width(2),
        ))?;
        area.draw_text("the period a figure covers", &small, (44, y - 8))?;
        Ok(())
    }
}
