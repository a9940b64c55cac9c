//! `tally reextract`: the current grammar over stored documents whose claims an older
//! grammar made; their claims are replaced, one transaction per batch
//! (`tally_app::reextract`), extracted on `-j` threads.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use tally_app::reextract::{reextract, Reextracted};
use tally_app::Engine;
use tally_core::GRAMMAR_VERSION;

use super::db::DbArgs;

/// Arguments of `tally reextract`.
#[derive(Debug, clap::Args)]
pub struct ReextractArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Threads for extraction [default: one per core; at most four per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
}

/// Runs `tally reextract`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or written. A document the extractor fails on is
/// reported by id, keeps its claims, and makes the exit code 1.
pub fn run(args: &ReextractArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let pool = super::threads::pool(args.threads)?;
    let mut ledger = args.db.open()?;
    let engine = Engine::english();
    let done = pool
        .install(|| {
            reextract(&mut *ledger, &engine, args.batch as usize, |error| {
                let _ = writeln!(
                    io::stderr(),
                    "tally: {}",
                    crate::output::terminal::escape_controls(&error.to_string())
                );
            })
        })
        .context("re-extracting the ledger")?;
    let Reextracted {
        n_documents,
        n_failed,
        n_superseded,
        n_added,
        n_capped,
    } = done;
    if n_capped > 0 {
        writeln!(
            io::stderr(),
            "tally: warning: {n_capped} documents hold more than {} claims; only their first {} are stored",
            tally_app::MAX_CLAIMS_PER_DOCUMENT,
            tally_app::MAX_CLAIMS_PER_DOCUMENT
        )
        .context("writing to standard error")?;
    }
    writeln!(
        io::stdout(),
        "{n_documents} documents re-extracted with grammar {GRAMMAR_VERSION} in {}: {n_superseded} claims superseded \
         (kept for --known-on), {n_added} added, {n_failed} failed ({:.1} s)",
        args.db.describe(),
        started.elapsed().as_secs_f64()
    )
    .context("writing to standard output")?;
    Ok(if n_failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
