//! `tally`: extracts a sourced ledger of the figures in conflict reporting.
//!
//! This binary holds the arguments, the output formats and the exit codes; the work is done
//! by the library crates. Exit codes: 0 success, 1 when an input (or the run) failed,
//! 2 for a usage error. A closed standard output (`tally extract … | head`) is success.

mod cmd;
mod output;

/// mimalloc: extraction allocates small vectors and strings by the million (tokens, phrase
/// matches, claims), and glibc's malloc and free cost several times its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Extracts casualty and force figures from news into sourced claims.
#[derive(Debug, Parser)]
#[command(name = "tally", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract claims from documents (text, JSONL, HTML, RSS/Atom, WARC, gzip, directories,
    /// `-`).
    Extract(cmd::extract::ExtractArgs),
    /// Extract claims from documents and store both in the ledger (`--db`, `$TALLY_DB`).
    Ingest(cmd::ingest::IngestArgs),
    /// List the claims in the ledger, filtered.
    Claims(cmd::claims::ClaimsArgs),
    /// List the documents in the ledger with their number of claims.
    Docs(cmd::docs::DocsArgs),
    /// Show why the ledger holds a claim: its sentence, rules, source and dates.
    Explain(cmd::explain::ExplainArgs),
    /// Write the ledger's claims to a CSV, JSONL or Parquet file.
    Export(cmd::export::ExportArgs),
    /// Re-run the current grammar over stored documents whose claims are older.
    Reextract(cmd::reextract::ReextractArgs),
    /// Confirm, reject or correct a claim, with a reason; `--orphans` lists the reviews
    /// whose claim is gone.
    Review(cmd::review::ReviewArgs),
    /// List the sources with their record and grade; `sources grade` grades one.
    Sources(cmd::sources::SourcesArgs),
    /// Score extracted claims against gold annotations.
    Eval(cmd::eval::EvalArgs),
    /// Score the time resolver on TimeML files (TempEval-3's figures).
    EvalTimes(cmd::eval_times::EvalTimesArgs),
    /// Score the killed and wounded counts read from texts against victim-count datasets.
    EvalVictims(cmd::eval_victims::EvalVictimsArgs),
    /// Score main-text extraction from HTML on the article-extraction benchmark.
    EvalHtml(cmd::eval_html::EvalHtmlArgs),
    /// List the series (actor, role, metric, scope) with their assertions, sources and dates.
    Series(cmd::series::SeriesListArgs),
    /// Estimate a series at a date: each source's latest figure, the best estimate, contradictions.
    Estimate(cmd::estimate::EstimateArgs),
    /// A series' estimate on every day a figure was placed, as CSV or JSON.
    Timeline(cmd::timeline::TimelineArgs),
    /// List the incidents (one strike, one attack) with every report of them, or their sums
    /// per day, week or month.
    Incidents(cmd::incidents::IncidentsArgs),
    /// Draw a series over time as an SVG or PNG chart.
    Chart(cmd::chart::ChartArgs),
    /// Serve the dashboard and the HTTP JSON API (loopback by default).
    Serve(cmd::serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Claims(args) => cmd::claims::run(args),
        Command::Docs(args) => cmd::docs::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Reextract(args) => cmd::reextract::run(args),
        Command::Review(args) => cmd::review::run(args),
        Command::Sources(args) => cmd::sources::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::EvalTimes(args) => cmd::eval_times::run(args),
        Command::EvalVictims(args) => cmd::eval_victims::run(args),
        Command::EvalHtml(args) => cmd::eval_html::run(args),
        Command::Series(args) => cmd::series::run(args),
        Command::Estimate(args) => cmd::estimate::run(args),
        Command::Timeline(args) => cmd::timeline::run(args),
        Command::Incidents(args) => cmd::incidents::run(args),
        Command::Chart(args) => cmd::chart::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "tally: {}",
                output::terminal::escape_controls(&output::error_message(&error))
            );
            ExitCode::FAILURE
        }
    }
}
