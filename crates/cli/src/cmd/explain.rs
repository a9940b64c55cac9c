//! `tally explain CLAIM_ID`: why the ledger holds a claim.
//!
//! Prints the claim's sentence with the number marked, its value and fields, the source
//! with the phrase that named it, how its dates were resolved (the `story.*` and `time.*`
//! rules of the claim beside the dates, and the time expressions of the sentence with what
//! they resolved to), and every rule in the order it applied. The explanation is gathered
//! by `tally_web::explain`, which the server's claim page and API share.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_store::Ledger;
use tally_web::explain::explain;

use super::db::DbArgs;

/// Arguments of `tally explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The claim's id (the `#N` of `tally claims`, the `id` of its JSON).
    #[arg(value_name = "CLAIM_ID")]
    pub claim_id: i64,
    /// Width the sentence is wrapped to [default: $COLUMNS, else 100].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

/// Runs `tally explain`.
///
/// # Errors
///
/// Fails when the ledger cannot be read, the claim or its document is not in it, or
/// standard output cannot be written.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let Some(stored) = ledger.claim(args.claim_id)? else {
        anyhow::bail!("no claim {} in {}", args.claim_id, args.db.describe());
    };
    let Some(document) = ledger.document(&stored.document_hash)? else {
        anyhow::bail!(
            "claim {}: its document {} is not in the ledger",
            stored.id,
            stored.document_hash
        );
    };
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(100)
        .clamp(40, 1000);
    let mut out = BufWriter::new(io::stdout().lock());
    explain(&stored, &document)
        .write_text(&mut out, width)
        .context("writing to standard output")?;
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
