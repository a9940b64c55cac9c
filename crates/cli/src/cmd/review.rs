//! `tally review CLAIM_ID`: a person confirms, rejects or corrects a claim, with a reason.
//! The review is a row of its own (who, when, what changed, why); the claim row stays as
//! the grammar made it, and every reader sees the reviewed values. `tally review
//! --orphans` lists the reviews whose claim re-extraction took away. The work is
//! `tally_app::review`'s, which `POST /api/claims/{id}/review` shares.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_app::review::{orphans, review, review_json, reviewer, ReviewRequest};
use tally_store::Review;

use super::db::DbArgs;

/// How reviews are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per review, for people.
    Table,
    /// One JSON review per line.
    Jsonl,
}

/// Arguments of `tally review`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").args(["set", "reject", "confirm", "orphans"]).required(true))]
pub struct ReviewArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The claim's id (the `#N` of `tally claims`).
    #[arg(value_name = "CLAIM_ID", required_unless_present = "orphans")]
    pub claim_id: Option<i64>,
    /// Set a field: value, metric, actor, role, scope, place, source, as_of, stated or
    /// modality (`--set actor=UKR --set role=civilian`; `none` clears actor, place, source,
    /// as_of, stated). Values: `value=5000`, `~5000`, `5000-6000`, `5000+`, `<=5000`;
    /// `as_of=2025-03-01..2025-03-31`.
    #[arg(long, value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Reject the claim: it is left out of listings, series and exports.
    #[arg(long, conflicts_with_all = ["set", "confirm"])]
    pub reject: bool,
    /// Confirm the claim as it stands.
    #[arg(long, conflicts_with = "set")]
    pub confirm: bool,
    /// Why (required to reject or correct).
    #[arg(long)]
    pub reason: Option<String>,
    /// Who reviews [default: $TALLY_USER, else the operating system's user].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// List the reviews whose claim is gone (re-extraction found no claim at the same
    /// document and number span).
    #[arg(long, conflicts_with_all = ["set", "reject", "confirm", "claim_id"])]
    pub orphans: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tally review`.
///
/// # Errors
///
/// Fails when the request is not a valid review (the message names what is wrong and the
/// valid values), the claim is not in the ledger, or the ledger cannot be read or written.
pub fn run(args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = args.db.open()?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.orphans {
        let found = orphans(&*ledger)?;
        for review in &found {
            write_review(&mut out, review, args.format)?;
        }
        if found.is_empty() && args.format == Format::Table {
            let _ = writeln!(io::stderr(), "no orphan reviews in {}", args.db.describe());
        }
    } else {
        let Some(claim_id) = args.claim_id else {
            anyhow::bail!("give the claim's id (or --orphans)");
        };
        let request = ReviewRequest {
            claim_id,
            by: reviewer(args.by.as_deref()),
            confirm: args.confirm,
            reject: args.reject,
            set: args.set.clone(),
            reason: args.reason.clone(),
        };
        let stored = review(&mut *ledger, &request)?;
        write_review(&mut out, &stored, args.format)?;
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn write_review(out: &mut impl Write, review: &Review, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => writeln!(out, "{}", review_json(review))?,
        Format::Table => {
            let mut line = format!(
                "review {} of claim #{}: {} by {} at {}",
                review.id,
                review.claim_id,
                review.action.as_str(),
                review.by,
                review.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            );
            if let Some(changes) = review.changes.as_object() {
                for (field, change) in changes {
                    line.push_str(&format!("; {field} {} → {}", change["from"], change["to"]));
                }
            }
            if !review.reason.is_empty() {
                line.push_str(&format!(" ({})", tally_app::text::one_line(&review.reason)));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
