//! `tally sources`: every canonical source with its record (claims, series, documents,
//! first and last statement, totals revised down, how often it stood outside the other
//! sources' range, its median distance from the best estimate) and its grade; `tally
//! sources grade SOURCE GRADE --reason …` grades one on the Admiralty scale (A completely
//! reliable … F cannot be judged). The work is `tally_app::sources`'s.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_app::review::reviewer;
use tally_app::sources::{grade, sources_of, SourceSummary};

use super::db::DbArgs;
use crate::output::stored::write_csv_record;

/// How sources are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON object per source.
    Jsonl,
    /// One row per source, with a header.
    Csv,
}

/// Arguments of `tally sources`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only the documents published on or before this day: the sources' record as an
    /// analyst could have known it then.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published_by: Option<jiff::civil::Date>,
    /// The ledger exactly as it stood at this moment (its claims, reviews and grades):
    /// YYYY-MM-DDTHH:MM:SSZ, with an offset, HH:MM in UTC, or a day for the end of that day
    /// in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = super::values::parse_known_on)]
    pub known_on: Option<jiff::Timestamp>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(subcommand)]
    pub action: Option<SourcesAction>,
}

/// What else `tally sources` does.
#[derive(Debug, clap::Subcommand)]
pub enum SourcesAction {
    /// Grade a source's reliability: A completely reliable, B usually reliable, C fairly
    /// reliable, D not usually reliable, E unreliable, F cannot be judged. The latest
    /// grade counts; earlier ones are kept.
    Grade(GradeArgs),
}

/// Arguments of `tally sources grade`.
#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The source's canonical name, as `tally sources` lists it.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// A to F.
    #[arg(value_name = "GRADE")]
    pub grade: String,
    /// Why.
    #[arg(long)]
    pub reason: String,
    /// Who grades [default: $TALLY_USER, else the operating system's user].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

const CSV_HEADER: [&str; 14] = [
    "source",
    "grade",
    "graded_by",
    "graded_at",
    "grade_reason",
    "n_claims",
    "n_series",
    "n_documents",
    "first",
    "last",
    "n_revised_down",
    "n_compared",
    "n_outside",
    "median_distance",
];

/// Runs `tally sources`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or written, or a grade is not valid (the message
/// names the valid grades, or the sources of a name that is not known).
pub fn run(args: &SourcesArgs) -> anyhow::Result<ExitCode> {
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(SourcesAction::Grade(grade_args)) = &args.action {
        let mut ledger = grade_args.db.open()?;
        let by = reviewer(grade_args.by.as_deref());
        let graded = grade(
            &mut *ledger,
            &grade_args.source,
            &grade_args.grade,
            &by,
            &grade_args.reason,
        )?;
        writeln!(
            out,
            "{} graded {} ({}) by {} at {}",
            graded.source,
            graded.grade,
            graded.grade.meaning(),
            graded.by,
            graded.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        )?;
        out.flush().context("writing to standard output")?;
        return Ok(ExitCode::SUCCESS);
    }
    let ledger = args.db.open()?;
    let filter = tally_store::ClaimFilter {
        published_by: args.published_by,
        known_on: args.known_on,
        ..tally_store::ClaimFilter::default()
    };
    let found = sources_of(&*ledger, &filter)?;
    match args.format {
        Format::Jsonl => {
            for source in &found {
                serde_json::to_writer(&mut out, source)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            write_csv_record(&mut out, &CSV_HEADER)?;
            for source in &found {
                write_csv_record(&mut out, &csv_cells(source))?;
            }
        }
        Format::Table => write_table(&mut out, &found)?,
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn csv_cells(source: &SourceSummary) -> [String; 14] {
    let opt = |value: Option<String>| value.unwrap_or_default();
    [
        source.source.clone(),
        opt(source.grade.map(|g| g.to_string())),
        opt(source.graded_by.clone()),
        opt(source.graded_at.clone()),
        opt(source.grade_reason.clone()),
        source.n_claims.to_string(),
        source.n_series.to_string(),
        source.n_documents.to_string(),
        opt(source.first.map(|d| d.to_string())),
        opt(source.last.map(|d| d.to_string())),
        source.n_revised_down.to_string(),
        source.n_compared.to_string(),
        source.n_outside.to_string(),
        opt(source.median_distance.map(|d| format!("{d:.4}"))),
    ]
}

fn truncate(text: &str, width: usize) -> String {
    let text = tally_app::text::one_line(text);
    if text.chars().count() <= width {
        text
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

fn write_table(out: &mut impl Write, found: &[SourceSummary]) -> io::Result<()> {
    writeln!(
        out,
        "{:<40} {:<5} {:>6} {:>6} {:>6}  {:<10} {:<10} {:>7} {:>9} {:>8}",
        "SOURCE",
        "GRADE",
        "CLAIMS",
        "SERIES",
        "DOCS",
        "FIRST",
        "LAST",
        "REVISED",
        "OUTSIDE",
        "DISTANCE"
    )?;
    for source in found {
        let day = |d: Option<tally_core::Date>| d.map_or("-".to_string(), |d| d.to_string());
        writeln!(
            out,
            "{:<40} {:<5} {:>6} {:>6} {:>6}  {:<10} {:<10} {:>7} {:>9} {:>8}",
            truncate(&source.source, 40),
            source.grade.map_or("-".to_string(), |g| g.to_string()),
            source.n_claims,
            source.n_series,
            source.n_documents,
            day(source.first),
            day(source.last),
            source.n_revised_down,
            format!("{}/{}", source.n_outside, source.n_compared),
            source
                .median_distance
                .map_or("-".to_string(), |d| format!("{:.0} %", d * 100.0)),
        )?;
    }
    writeln!(
        out,
        "\nGRADE: Admiralty scale, - ungraded (weighed as F, cannot be judged); REVISED: totals \
         later revised down; OUTSIDE: its figures outside the other sources' range / those \
         compared; DISTANCE: median distance from the best estimate"
    )
}
