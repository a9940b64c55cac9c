//! `tally reextract`: the current grammar over stored documents whose claims an older
//! grammar made; their claims are replaced, one transaction per batch.

use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use tally_core::{Claim, GRAMMAR_VERSION};
use tally_extract::Extractor;
use tally_store::{DocumentHash, Ledger};

use super::db::DbArgs;

/// Arguments of `tally reextract`.
#[derive(Debug, clap::Args)]
pub struct ReextractArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Threads for extraction [default: one per core].
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting the extraction threads")?;
    let mut ledger = args.db.open()?;
    let extractor = Extractor::english();
    let (mut n_docs, mut n_failed, mut n_removed, mut n_added) = (0, 0, 0, 0);
    loop {
        // Documents that failed stay stale and come first; skip them.
        let stale = ledger.stale_documents(GRAMMAR_VERSION, n_failed, args.batch as usize)?;
        if stale.is_empty() {
            break;
        }
        let outcomes: Vec<(DocumentHash, String, Option<Vec<Claim>>)> = pool.install(|| {
            stale
                .into_par_iter()
                .map(|stored| {
                    let claims = panic::catch_unwind(AssertUnwindSafe(|| {
                        extractor.extract(&stored.document).claims
                    }));
                    (stored.hash, stored.document.id, claims.ok())
                })
                .collect()
        });
        let mut batch = Vec::with_capacity(outcomes.len());
        for (hash, id, claims) in outcomes {
            match claims {
                Some(claims) => batch.push((hash, claims)),
                None => {
                    n_failed += 1;
                    let _ = writeln!(
                        io::stderr(),
                        "tally: extraction failed on document {id}: internal error"
                    );
                }
            }
        }
        n_docs += batch.len();
        let (removed, added) = ledger
            .replace_claims(&batch, GRAMMAR_VERSION)
            .context("writing to the ledger")?;
        n_removed += removed;
        n_added += added;
    }
    writeln!(
        io::stdout(),
        "{n_docs} documents re-extracted with grammar {GRAMMAR_VERSION} in {}: {n_removed} claims removed, \
         {n_added} added, {n_failed} failed ({:.1} s)",
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
