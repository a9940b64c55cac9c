//! `tally series`: every series in the ledger with its claims, assertions, sources and
//! dates.

use crate::output::terminal;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use tally_app::overview::summaries;
use tally_store::ClaimFilter;

use super::db::DbArgs;

/// How the series are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// One JSON object per series and line.
    Jsonl,
}

/// Arguments of `tally series`.
#[derive(Debug, clap::Args)]
pub struct SeriesListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only this actor's series.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only the documents published on or before this day: what an analyst could have
    /// known then.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published_by: Option<Date>,
    /// The ledger exactly as it stood at this moment (its claims, reviews and grades, made
    /// by the grammar of then), to reproduce an answer given then: YYYY-MM-DDTHH:MM:SSZ,
    /// with an offset, HH:MM in UTC, or a day for the end of that day in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = super::values::parse_known_on)]
    pub known_on: Option<jiff::Timestamp>,
    /// Only series with at least this many assertions.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_assertions: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tally series`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or standard output cannot be written.
pub fn run(args: &SeriesListArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = args.db.open()?;
    let filter = ClaimFilter {
        actor: args.actor.clone(),
        published_by: args.published_by,
        known_on: args.known_on,
        ..ClaimFilter::default()
    };
    let summaries = summaries(&mut *ledger, &filter)?;
    let mut out = BufWriter::new(terminal::stdout(args.format == Format::Table));
    if args.format == Format::Table {
        writeln!(
            out,
            "{:<8} {:<12} {:<15} {:<7} {:<15} {:>6} {:>10} {:>7}  {:<10}  {:<10}  KINDS",
            "ACTOR",
            "ROLE",
            "METRIC",
            "SCOPE",
            "GROUP",
            "CLAIMS",
            "ASSERTIONS",
            "SOURCES",
            "FIRST",
            "LAST"
        )?;
    }
    for summary in summaries
        .iter()
        .filter(|s| s.n_assertions >= args.min_assertions)
    {
        match args.format {
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(summary)?)?,
            Format::Table => {
                let day =
                    |d: Option<jiff::civil::Date>| d.map_or("-".to_string(), |d| d.to_string());
                let mut kinds: Vec<String> = summary
                    .kinds
                    .iter()
                    .map(|k| k.as_str().to_string())
                    .collect();
                kinds.extend(summary.of.iter().map(|m| format!("of {m}")));
                writeln!(
                    out,
                    "{:<8} {:<12} {:<15} {:<7} {:<15} {:>6} {:>10} {:>7}  {:<10}  {:<10}  {}",
                    summary.series.actor.as_deref().unwrap_or("?"),
                    summary.series.role.as_str(),
                    summary.series.metric.as_str(),
                    summary.series.scope.as_str(),
                    summary.series.group.as_deref().unwrap_or("-"),
                    summary.n_claims,
                    summary.n_assertions,
                    summary.n_sources,
                    day(summary.first),
                    day(summary.last),
                    kinds.join(", "),
                )?;
            }
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
