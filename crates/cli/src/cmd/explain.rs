//! `tally explain CLAIM_ID`: why the ledger holds a claim.
//!
//! Prints the claim's sentence with the number marked, its value and fields, the source
//! with the phrase that named it, how its dates were resolved (the `story.*` and `time.*`
//! rules of the claim beside the dates, and the time expressions of the sentence with what
//! they resolved to), and every rule in the order it applied. The explanation is gathered
//! by `tally_app::explain`, which the server's claim page and API share; it is written as
//! text by `output::explanation`.

use crate::output::terminal;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_app::explain::explain_claim;
use tally_app::Engine;

use super::db::DbArgs;
use crate::output::explanation::write_text;

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
    let explanation = match explain_claim(&*ledger, &Engine::english(), args.claim_id) {
        Err(tally_app::Error::NoClaim { id }) => {
            anyhow::bail!("no claim {id} in {}", args.db.describe())
        }
        explained => explained?,
    };
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(100)
        .clamp(40, 1000);
    let mut out = BufWriter::new(terminal::stdout(true));
    write_text(&mut out, &explanation, width).context("writing to standard output")?;
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
