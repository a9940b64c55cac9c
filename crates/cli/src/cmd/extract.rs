//! `tally extract`: documents in, claims out.
//!
//! Inputs are read in order on one thread, in chunks; each chunk is extracted in parallel
//! (rayon) and written in input order, so the output is the same for any number of threads.

use crate::output::terminal;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::Context;
use rayon::prelude::*;
use tally_app::Engine;
use tally_core::Document;
use tally_extract::Extraction;

use crate::output::jsonl::JsonlSink;
use crate::output::table::TableSink;
use crate::output::Sink;

/// How claims are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people, each claim with its sentence.
    Table,
    /// One JSON claim per line (the field names of GOLD-FORMAT.md).
    Jsonl,
}

/// Arguments of `tally extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Publication date of documents that give none (YYYY-MM-DD); relative dates resolve
    /// against it.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published: Option<jiff::civil::Date>,
    /// Also print time expressions and what they resolve to.
    #[arg(long)]
    pub times: bool,
    /// Threads for extraction [default: one per core; at most four per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Width of the table [default: $COLUMNS, else 120].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Inputs, by their names: text (.txt), JSONL corpora (.jsonl, .ndjson, gzip:
    /// .jsonl.gz), HTML pages (.html, .htm, .xhtml, gzip: .html.gz), RSS/Atom feeds (.rss,
    /// .atom, .xml), WARC archives (.warc, gzip: .warc.gz), directories of those (recursive),
    /// or `-` for standard input (JSONL, a feed, HTML or text, by its first byte).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Documents per chunk, and text bytes per chunk: enough to keep every core busy, small
/// enough that output starts at once and memory stays flat.
const CHUNK_DOCS: usize = 256;
const CHUNK_BYTES: usize = 8 << 20;

/// What became of one input item.
enum Outcome {
    Extracted(Document, Extraction),
    /// The input could not be read; the message names it.
    Failed(String),
    /// Something was skipped that does not fail the run (a FIFO in a directory).
    Warning(String),
}

/// Runs `tally extract`.
///
/// # Errors
///
/// Fails when standard output cannot be written (other than a closed pipe, which ends the
/// run quietly) or the thread pool cannot start. Inputs that cannot be read are reported on
/// standard error and make the exit code 1; the others are still processed.
pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let pool = super::threads::pool(args.threads)?;
    let engine = Engine::english();
    let stdout = BufWriter::with_capacity(1 << 16, terminal::stdout(args.format == Format::Table));
    let mut sink: Box<dyn Sink> = match args.format {
        Format::Jsonl => Box::new(JsonlSink::new(stdout, args.times)),
        Format::Table => Box::new(TableSink::new(stdout, table_width(args.width), args.times)),
    };
    let inputs = tally_ingest::read_inputs(&args.paths, args.published);
    let mut n_docs = 0usize;
    let mut n_claims = 0usize;
    let mut n_failed = 0usize;

    // Reading (and decompressing) runs beside extraction, two chunks in flight at most. The
    // reader thread is not joined: when standard output closes, the run ends at once even
    // if the reader is waiting on standard input.
    let (chunks_tx, chunks_rx) = mpsc::sync_channel::<Vec<_>>(2);
    std::thread::spawn(move || {
        let mut inputs = inputs;
        loop {
            let mut chunk = Vec::new();
            let mut n_bytes = 0;
            for item in inputs.by_ref() {
                if let Ok(doc) = &item {
                    n_bytes += doc.text.len();
                }
                chunk.push(item);
                if chunk.len() >= CHUNK_DOCS || n_bytes >= CHUNK_BYTES {
                    break;
                }
            }
            if chunk.is_empty() || chunks_tx.send(chunk).is_err() {
                return;
            }
        }
    });
    let write_all = || -> io::Result<()> {
        for chunk in chunks_rx {
            let outcomes: Vec<Outcome> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|item| extract_one(&engine, item, args.times))
                    .collect()
            });
            for outcome in outcomes {
                match outcome {
                    Outcome::Extracted(doc, extraction) => {
                        n_docs += 1;
                        n_claims += extraction.claims.len();
                        sink.document(&doc, &extraction)?;
                    }
                    Outcome::Failed(message) => {
                        n_failed += 1;
                        sink.flush()?;
                        let _ = writeln!(
                            io::stderr(),
                            "tally: {}",
                            terminal::escape_controls(&message)
                        );
                    }
                    Outcome::Warning(message) => {
                        sink.flush()?;
                        let _ = writeln!(
                            io::stderr(),
                            "tally: warning: {}",
                            terminal::escape_controls(&message)
                        );
                    }
                }
            }
        }
        sink.flush()
    };
    let written = write_all();
    match written {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other.context("writing to standard output")?,
    }
    if args.format == Format::Table {
        let failed = match n_failed {
            0 => String::new(),
            1 => ", 1 input failed".to_string(),
            n => format!(", {n} inputs failed"),
        };
        let _ = writeln!(
            io::stderr(),
            "{n_docs} documents, {n_claims} claims{failed}"
        );
    }
    Ok(if n_failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Extracts one input item; an item that cannot be read, or a document the extractor fails
/// on, fails alone.
fn extract_one(
    engine: &Engine,
    item: Result<Document, tally_ingest::Error>,
    times: bool,
) -> Outcome {
    let doc = match item {
        Ok(doc) => doc,
        Err(error) if error.is_warning() => return Outcome::Warning(error.to_string()),
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let extraction = if times {
        engine.extract_with_times(&doc)
    } else {
        engine.extract(&doc)
    };
    match extraction {
        Ok(extraction) => Outcome::Extracted(doc, extraction),
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// The table's width: `--width`, else `$COLUMNS`, else 120.
fn table_width(width: Option<usize>) -> usize {
    width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(120)
        .clamp(40, 1000)
}
