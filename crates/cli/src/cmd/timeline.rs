//! `tally timeline`: a series' estimate on every day a figure was placed, as CSV or JSON.

use crate::output::terminal;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use tally_app::series::series_at;
use tally_reconcile::Number;

use super::reconcile::SeriesArgs;
use crate::output::stored::write_csv_record;

/// How a timeline is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One row per day: the estimate, the envelope, the sources.
    Csv,
    /// The whole timeline with every assertion (docs/reconcile.md).
    Json,
}

/// Arguments of `tally timeline`.
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub series: SeriesArgs,
    /// The last day [default: the last day a figure is placed at].
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub until: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

/// The CSV header of `tally timeline`.
pub const CSV_HEADER: [&str; 11] = [
    "date",
    "low",
    "best",
    "high",
    "open_low",
    "open_high",
    "envelope_low",
    "envelope_high",
    "n_sources",
    "sources",
    "contradiction",
];

/// Runs `tally timeline`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or standard output cannot be written.
pub fn run(args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.series.db.open()?;
    let timeline = series_at(&*ledger, &args.series.request(None))?.timeline(args.until);
    let mut out = BufWriter::new(terminal::stdout(false));
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&timeline)?)?,
        Format::Csv => {
            write_csv_record(&mut out, &CSV_HEADER)?;
            let number = |n: Option<f64>| {
                n.map_or(String::new(), |x| {
                    serde_json::to_string(&Number(x)).unwrap_or_default()
                })
            };
            for point in &timeline.points {
                let cells = [
                    point.date.to_string(),
                    number(point.estimate.low.map(|n| n.0)),
                    number(point.estimate.best.map(|n| n.0)),
                    number(point.estimate.high.map(|n| n.0)),
                    point.estimate.open_low.to_string(),
                    point.estimate.open_high.to_string(),
                    number(point.envelope.low()),
                    number(point.envelope.high()),
                    point.sources.len().to_string(),
                    point.sources.join("; "),
                    point.contradiction.to_string(),
                ];
                write_csv_record(&mut out, &cells)?;
            }
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
