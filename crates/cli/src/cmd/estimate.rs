//! `tally estimate`: a series at a date (each source's latest figure, the envelope, the best
//! estimate, contradictions), or with `--of` its share of another series.

use crate::output::terminal;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use tally_app::series::{series_at, Answer};
use tally_core::Metric;
use tally_reconcile::{Estimate, Figure, Share};

use super::reconcile::SeriesArgs;

/// How an estimate is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: the estimate, then one line per source with the lineage of derived figures.
    Table,
    /// The estimate as one JSON object (docs/reconcile.md).
    Json,
}

/// Arguments of `tally estimate`.
#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    #[command(flatten)]
    pub series: SeriesArgs,
    /// The day [default: the last day a figure of the series is placed at].
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub at: Option<Date>,
    /// The share of this series (deployed) that the series is.
    #[arg(long, value_name = "METRIC", value_parser = |s: &str| s.parse::<Metric>())]
    pub of: Option<Metric>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tally estimate`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or standard output cannot be written.
pub fn run(args: &EstimateArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.series.db.open()?;
    let found = series_at(&*ledger, &args.series.request(args.at))?;
    let answer = match found.answer(args.of) {
        Err(tally_app::Error::NoDatedClaims { series }) => {
            let _ = writeln!(
                io::stderr(),
                "tally: no dated claims of {series} in {}",
                args.series.db.db.display()
            );
            return Ok(ExitCode::FAILURE);
        }
        answer => answer?,
    };
    let mut out = BufWriter::new(terminal::stdout(args.format == Format::Table));
    match (args.format, &answer) {
        (Format::Json, answer) => writeln!(out, "{}", serde_json::to_string_pretty(answer)?)?,
        (Format::Table, Answer::Estimate(estimate)) => write_estimate(&mut out, estimate)?,
        (Format::Table, Answer::Share(share)) => write_share(&mut out, share)?,
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn write_estimate(out: &mut impl Write, estimate: &Estimate) -> io::Result<()> {
    writeln!(
        out,
        "{} at {} ({})",
        estimate.series.label(),
        estimate.at,
        estimate.method
    )?;
    if estimate.sources.is_empty() {
        return writeln!(out, "no figure at or before {}", estimate.at);
    }
    if estimate.no_consensus {
        writeln!(
            out,
            "estimate  no consensus: the sources differ more than tenfold ({})",
            estimate.best.display(false)
        )?;
    } else {
        writeln!(out, "estimate  {}", estimate.best.display(false))?;
    }
    writeln!(
        out,
        "envelope  {}",
        tally_reconcile::display(&estimate.envelope, false, false)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<44} {:<5} {:<22} {:<10} {:<23} {:>6}  REPORTS",
        "SOURCE", "GRADE", "FIGURE", "DATE", "AS OF", "WEIGHT"
    )?;
    for figure in &estimate.sources {
        write_figure(out, figure, 0)?;
    }
    for c in &estimate.contradictions {
        writeln!(
            out,
            "\ncontradiction: {} {} ({}–{}) vs {} {} ({}–{})",
            c.sources[0],
            c.figures[0],
            c.periods[0].first,
            c.periods[0].last,
            c.sources[1],
            c.figures[1],
            c.periods[1].first,
            c.periods[1].last
        )?;
    }
    for fall in &estimate.falls {
        writeln!(
            out,
            "\nfall: {} from {} ({}) to {} ({})",
            fall.source, fall.from, fall.from_date, fall.to, fall.to_date
        )?;
    }
    for projection in &estimate.projections {
        writeln!(
            out,
            "\nprojection to {}: {} ({})",
            estimate.at, projection.display, projection.source
        )?;
    }
    if estimate.n_undated > 0 {
        writeln!(
            out,
            "\n{} of the actor {} no date and {} left out",
            tally_app::text::plural(estimate.n_undated, "claim", "claims"),
            if estimate.n_undated == 1 {
                "has"
            } else {
                "have"
            },
            if estimate.n_undated == 1 { "is" } else { "are" },
        )?;
    }
    // The answer in words, as the series page opens with it.
    let answer = tally_app::answer::PlainAnswer::of(estimate, &tally_reconcile::Options::default());
    writeln!(out, "\n{}", answer.sentence)?;
    for line in answer.others.iter().chain(&answer.no_consensus) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One figure's line, then its inputs indented.
fn write_figure(out: &mut impl Write, figure: &Figure, depth: usize) -> io::Result<()> {
    let indent = "  ".repeat(depth);
    let source = format!(
        "{indent}{}{}",
        if depth > 0 { "← " } else { "" },
        figure.source
    );
    let as_of = figure
        .as_of
        .map_or("-".to_string(), |s| format!("{}–{}", s.first, s.last));
    let reports = if figure.derived.is_some() {
        figure
            .derived
            .as_ref()
            .and_then(|d| serde_json::to_value(d.operation).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    } else {
        figure.n_reports.to_string()
    };
    let mut display = figure.display.clone();
    if figure.kind == tally_core::Kind::Fraction {
        if let Some(of) = figure.of {
            display.push_str(&format!(" of {of}"));
        }
    }
    writeln!(
        out,
        "{:<44} {:<5} {:<22} {:<10} {:<23} {:>6.2}  {}",
        truncate(&source, 44),
        // An ungraded source is weighed as F ("cannot be judged"); `-` says no one graded it.
        figure.grade.map_or("-", |g| g.as_str()),
        display,
        figure.date,
        as_of,
        figure.weight,
        reports
    )?;
    if let Some(derivation) = &figure.derived {
        for input in &derivation.inputs {
            write_figure(out, input, depth + 1)?;
        }
    }
    Ok(())
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

fn write_share(out: &mut impl Write, share: &Share) -> io::Result<()> {
    writeln!(
        out,
        "{} as a share of {} at {} ({})",
        share.series.label(),
        share.of.metric,
        share.at,
        share.method
    )?;
    if share.no_consensus {
        writeln!(
            out,
            "share        no consensus: the part is larger than the whole ({})",
            share.share.display(true)
        )?;
    } else {
        writeln!(out, "share        {}", share.share.display(true))?;
    }
    writeln!(out, "numerator    {}", share.numerator.display(false))?;
    writeln!(
        out,
        "denominator  {} over time",
        tally_reconcile::display(&share.denominator, false, false)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<44} {:<5} {:<22} {:<10} {:<23} {:>6}  REPORTS",
        "FROM", "GRADE", "FIGURE", "DATE", "AS OF", "WEIGHT"
    )?;
    for figure in &share.inputs {
        write_figure(out, figure, 0)?;
    }
    for stated in &share.stated {
        writeln!(
            out,
            "\nstated by {}: {} of {} ({})",
            stated.figure.source,
            stated.figure.display,
            share.of.metric,
            if stated.consistent {
                "consistent"
            } else {
                "outside the derived share"
            }
        )?;
    }
    Ok(())
}
