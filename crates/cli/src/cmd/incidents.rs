//! `tally incidents`: the event figures of the ledger merged into incidents (one strike,
//! one attack, with every report of it), and with `--per` what the incidents of each day,
//! week or month add up to: a lower bound, never a total.

use crate::output::terminal;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use tally_app::series::load_incidents;
use tally_core::Metric;
use tally_reconcile::{display, incident_totals, Bucket};
use tally_store::ClaimFilter;

use super::db::DbArgs;
use crate::output::stored::write_csv_record;

/// How incidents are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON incident per line, with its reports.
    Jsonl,
    /// One row per incident, with a header.
    Csv,
}

/// Arguments of `tally incidents`.
#[derive(Debug, clap::Args)]
pub struct IncidentsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Whose people: an ISO 3166-1 alpha-3 code (UKR, PSE) or a slug, ignoring case.
    #[arg(long)]
    pub actor: Option<String>,
    /// What is counted (killed, wounded, …).
    #[arg(long, value_parser = |s: &str| s.parse::<Metric>())]
    pub metric: Option<Metric>,
    /// Part of the place's name as written or canonical ("kharkiv"), or its country code.
    #[arg(long)]
    pub place: Option<String>,
    /// Incidents whose reports reach this day or later.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub since: Option<Date>,
    /// Incidents whose reports start on this day or earlier.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub until: Option<Date>,
    /// Only the documents published on or before this day: what an analyst could have
    /// known then.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published_by: Option<Date>,
    /// The ledger exactly as it stood at this moment (its claims, reviews and grades, made
    /// by the grammar of then), to reproduce an answer given then: YYYY-MM-DDTHH:MM:SSZ,
    /// with an offset, HH:MM in UTC, or a day for the end of that day in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = super::values::parse_known_on)]
    pub known_on: Option<jiff::Timestamp>,
    /// Instead of the incidents, what the incidents of each day, week or month add up to
    /// (at least this many, from the incidents reported): day, week (Monday to Sunday) or
    /// month.
    #[arg(long, value_name = "day|week|month", value_parser = |s: &str| s.parse::<Bucket>())]
    pub per: Option<Bucket>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The CSV columns of an incident.
const CSV_HEADER: [&str; 11] = [
    "first",
    "last",
    "actor",
    "role",
    "metric",
    "place",
    "country",
    "low",
    "high",
    "n_reports",
    "sources",
];

/// The CSV columns of a bucket's total.
const TOTALS_HEADER: [&str; 4] = ["first", "last", "n_incidents", "at_least"];

/// Runs `tally incidents`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or standard output cannot be written.
pub fn run(args: &IncidentsArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let filter = ClaimFilter {
        actor: args.actor.clone(),
        metric: args.metric,
        place: args.place.clone(),
        since: args.since,
        until: args.until,
        published_by: args.published_by,
        known_on: args.known_on,
        ..ClaimFilter::default()
    };
    let found = load_incidents(&ledger, filter)?;
    if found.is_empty() {
        super::claims::warn_unknown_actor(&*ledger, args.actor.as_deref(), &args.db)?;
    }
    let mut out = BufWriter::new(terminal::stdout(args.format == Format::Table));
    if let Some(bucket) = args.per {
        let totals = incident_totals(&found, bucket);
        match args.format {
            Format::Jsonl => {
                for total in &totals {
                    writeln!(out, "{}", serde_json::to_string(total)?)?;
                }
            }
            Format::Csv => {
                write_csv_record(&mut out, &TOTALS_HEADER)?;
                for t in &totals {
                    let cells = [
                        t.first.to_string(),
                        t.last.to_string(),
                        t.n_incidents.to_string(),
                        t.at_least.to_string(),
                    ];
                    write_csv_record(&mut out, &cells)?;
                }
            }
            Format::Table => {
                writeln!(
                    out,
                    "{:<10}  {:<10}  {:>9}  AT LEAST",
                    "FROM", "TO", "INCIDENTS"
                )?;
                for t in &totals {
                    writeln!(
                        out,
                        "{:<10}  {:<10}  {:>9}  {}",
                        t.first, t.last, t.n_incidents, t.at_least
                    )?;
                }
            }
        }
        out.flush().context("writing to standard output")?;
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        Format::Jsonl => {
            for incident in &found {
                writeln!(out, "{}", serde_json::to_string(incident)?)?;
            }
        }
        Format::Csv => {
            write_csv_record(&mut out, &CSV_HEADER)?;
            for i in &found {
                let bound = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
                let cells = [
                    i.first.to_string(),
                    i.last.to_string(),
                    i.actor.clone().unwrap_or_default(),
                    i.role.as_str().to_string(),
                    i.metric.as_str().to_string(),
                    i.place.clone().unwrap_or_default(),
                    i.country.clone().unwrap_or_default(),
                    bound(i.figure.low()),
                    bound(i.figure.high()),
                    i.reports.len().to_string(),
                    i.sources.join("; "),
                ];
                write_csv_record(&mut out, &cells)?;
            }
        }
        Format::Table => {
            writeln!(
                out,
                "{:<10}  {:<6}  {:<9}  {:>10}  {:>7}  {:<24}  SOURCES",
                "DAY", "ACTOR", "METRIC", "FIGURE", "REPORTS", "PLACE"
            )?;
            for i in &found {
                let day = if i.first == i.last {
                    i.first.to_string()
                } else {
                    format!("{}+", i.first)
                };
                writeln!(
                    out,
                    "{:<10}  {:<6}  {:<9}  {:>10}  {:>7}  {:<24}  {}",
                    day,
                    i.actor.as_deref().unwrap_or("?"),
                    i.metric.as_str(),
                    display(&i.figure, i.approx, false),
                    i.reports.len(),
                    i.place.as_deref().unwrap_or("-"),
                    i.sources.join("; "),
                )?;
            }
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
