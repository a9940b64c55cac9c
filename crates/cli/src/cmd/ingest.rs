//! `tally ingest`: documents into the ledger, each with its claims.
//!
//! Three stages run side by side: a reader thread reads inputs in batches; the main thread
//! hashes each batch, leaves out documents the ledger already holds, and extracts the rest
//! in parallel (rayon); a writer thread commits each batch in one transaction, so a
//! document and its claims are stored together or not at all. A run that is killed keeps
//! every batch committed before; running it again adds only what is missing.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tally_app::Engine;
use tally_core::Document;
use tally_store::{Added, DocumentHash, Extracted, Ledger};

use super::db::DbArgs;

/// Arguments of `tally ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Publication date of documents that give none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published: Option<jiff::civil::Date>,
    /// Threads for extraction [default: one per core; at most four per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// No progress bar, even on a terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Inputs, by their names: text (.txt), JSONL corpora (.jsonl, .ndjson, gzip:
    /// .jsonl.gz), HTML pages (.html, .htm, .xhtml, gzip: .html.gz), RSS/Atom feeds (.rss,
    /// .atom, .xml), WARC archives (.warc, gzip: .warc.gz), directories of those (recursive),
    /// or `-` for standard input (JSONL, a feed, HTML or text, by its first byte).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Text bytes per batch at most, so that memory stays flat on long documents.
const BATCH_BYTES: usize = 16 << 20;

/// What a run did.
#[derive(Debug, Default)]
struct Summary {
    n_new: usize,
    n_present: usize,
    n_failed: usize,
    n_claims: usize,
}

/// A batch on its way to the writer: the documents to add, and how many of the batch were
/// already stored (left out before extraction).
struct Batch {
    extracted: Vec<Extracted>,
    n_present: usize,
}

/// Runs `tally ingest`.
///
/// # Errors
///
/// Fails when the ledger cannot be opened or written, or the threads cannot start. Inputs
/// that cannot be read are reported on standard error by name and make the exit code 1;
/// the others are still ingested.
pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let pool = super::threads::pool(args.threads)?;
    let creates_ledger = args.db.is_missing_file();
    let mut writer_ledger = args.db.open_or_create()?;
    let reader_ledger = args.db.open_or_create()?;
    let engine = Engine::english();
    let progress = progress_bar(args.quiet);
    let batch_size = args.batch as usize;

    // Reader: inputs in batches, two in flight at most.
    let inputs = tally_ingest::read_inputs(&args.paths, args.published);
    let (batches_tx, batches_rx) = mpsc::sync_channel::<Vec<_>>(2);
    std::thread::spawn(move || {
        let mut inputs = inputs;
        loop {
            let mut batch = Vec::new();
            let mut n_bytes = 0;
            for item in inputs.by_ref() {
                if let Ok(doc) = &item {
                    n_bytes += doc.text.len();
                }
                batch.push(item);
                if batch.len() >= batch_size || n_bytes >= BATCH_BYTES {
                    break;
                }
            }
            if batch.is_empty() || batches_tx.send(batch).is_err() {
                return;
            }
        }
    });

    // Writer: one transaction per batch.
    let (extracted_tx, extracted_rx) = mpsc::sync_channel::<Batch>(2);
    let writer_progress = progress.clone();
    let writer = std::thread::spawn(move || -> anyhow::Result<Summary> {
        let mut summary = Summary::default();
        for mut batch in extracted_rx {
            // A document whose id another text holds is stored under `ID~2`…, said here.
            let renamed = tally_store::give_unique_ids(&*writer_ledger, &mut batch.extracted)
                .context("reading the ledger")?;
            for renamed in renamed {
                writer_progress.suspend(|| {
                    report(&format!(
                        "warning: document id {:?} is held by another text in the ledger: stored as {:?}",
                        renamed.from, renamed.to
                    ));
                });
            }
            let added = writer_ledger
                .add(&batch.extracted)
                .context("writing to the ledger")?;
            summary.n_present += batch.n_present;
            for outcome in added {
                match outcome {
                    Added::New { n_claims } => {
                        summary.n_new += 1;
                        summary.n_claims += n_claims;
                    }
                    Added::AlreadyPresent => summary.n_present += 1,
                }
            }
            writer_progress.set_position((summary.n_new + summary.n_present) as u64);
            writer_progress.set_message(format!("{} claims found", summary.n_claims));
        }
        Ok(summary)
    });

    let mut n_failed = 0;
    for batch in batches_rx {
        let mut documents = Vec::with_capacity(batch.len());
        for item in batch {
            match item {
                Ok(doc) => documents.push(doc),
                Err(error) if error.is_warning() => {
                    progress.suspend(|| report(&format!("warning: {error}")));
                }
                Err(error) => {
                    n_failed += 1;
                    progress.suspend(|| report(&error.to_string()));
                }
            }
        }
        let hashed: Vec<(DocumentHash, Document)> = pool.install(|| {
            documents
                .into_par_iter()
                .map(|doc| (DocumentHash::of_text(&doc.text), doc))
                .collect()
        });
        let hashes: Vec<DocumentHash> = hashed.iter().map(|(hash, _)| hash.clone()).collect();
        let known = reader_ledger
            .contains(&hashes)
            .context("reading the ledger")?;
        let n_present = known.iter().filter(|&&known| known).count();
        let fresh: Vec<(DocumentHash, Document)> = hashed
            .into_iter()
            .zip(known)
            .filter(|(_, known)| !known)
            .map(|(item, _)| item)
            .collect();
        let outcomes: Vec<Result<(Extracted, Option<String>), tally_app::Error>> =
            pool.install(|| {
                fresh
                    .into_par_iter()
                    .map(|(hash, doc)| engine.extracted(hash, doc))
                    .collect()
            });
        let mut extracted = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            match outcome {
                Ok((item, warning)) => {
                    if let Some(warning) = warning {
                        progress.suspend(|| report(&format!("warning: {warning}")));
                    }
                    extracted.push(item);
                }
                Err(error) => {
                    n_failed += 1;
                    progress.suspend(|| report(&error.to_string()));
                }
            }
        }
        if extracted_tx
            .send(Batch {
                extracted,
                n_present,
            })
            .is_err()
        {
            // The writer stopped on an error; it is reported below.
            break;
        }
    }
    drop(extracted_tx);
    let summary = match writer.join() {
        Ok(summary) => summary?,
        Err(_) => anyhow::bail!("the ledger writer stopped unexpectedly"),
    };
    progress.finish_and_clear();
    // A run that created the ledger and stored nothing in it (every input missing or
    // unreadable) leaves no empty ledger behind: the next command would find it and
    // report no claims rather than no ledger.
    if creates_ledger
        && summary.n_new == 0
        && reader_ledger.counts().is_ok_and(|c| c.n_documents == 0)
    {
        drop(reader_ledger);
        args.db.remove_created_file();
    }
    let summary = Summary {
        n_failed,
        ..summary
    };
    print_summary(&args.db.describe(), &summary, started.elapsed())?;
    Ok(if summary.n_failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn report(message: &str) {
    let _ = writeln!(
        io::stderr(),
        "tally: {}",
        crate::output::terminal::escape_controls(message)
    );
}

/// A spinner with documents/s and claims found, on a terminal only.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template(
        "{spinner} {elapsed} · {human_pos} documents ({rate}) · {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_spinner())
    .with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} documents/s", state.per_sec());
        },
    );
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// The run's summary on standard output.
fn print_summary(db: &str, summary: &Summary, elapsed: Duration) -> anyhow::Result<()> {
    let n_docs = summary.n_new + summary.n_present;
    let rate = n_docs as f64 / elapsed.as_secs_f64().max(1e-3);
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} documents into {}: {} new, {} already present, {} failed; {} claims added ({:.1} s, {:.0} documents/s)",
        n_docs + summary.n_failed,
        db,
        summary.n_new,
        summary.n_present,
        summary.n_failed,
        summary.n_claims,
        elapsed.as_secs_f64(),
        rate,
    )
    .context("writing to standard output")
}
