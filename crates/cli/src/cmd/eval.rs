//! `tally eval`: extracts the documents that have gold annotations and scores the claims.
//!
//! Only documents with a gold line are extracted. A document without its own publication
//! date takes the gold line's `published`, so relative times resolve as the annotator
//! resolved them. Inputs that cannot be read, and documents the extractor fails on, are
//! reported on standard error and make the exit code 1; the rest is still scored.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tally_app::Engine;
use tally_core::{Claim, Document};

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// Fixed-width tables for people.
    Table,
    /// One JSON object with every count, score, miss and extra.
    Json,
}

/// Arguments of `tally eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold files (`corpus/gold/*.jsonl`), one JSON line per document.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// The documents: text files, JSONL corpora, or directories of them.
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub docs: Vec<PathBuf>,
    /// List every miss, extra, near miss and field mismatch with its sentence.
    #[arg(long)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
}

/// Runs `tally eval`.
///
/// # Errors
///
/// Fails when a gold file cannot be read or parsed (the message names file and line), or
/// when standard output cannot be written.
pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = tally_eval::load_gold_files(&args.gold).context("loading gold annotations")?;
    let published: HashMap<&str, Option<tally_core::Date>> =
        gold.iter().map(|g| (g.doc.as_str(), g.published)).collect();
    let wanted: HashSet<&str> = published.keys().copied().collect();

    let engine = Engine::english();
    let mut docs: HashMap<String, Document> = HashMap::new();
    let mut claims: Vec<Claim> = Vec::new();
    let mut n_failed = 0usize;
    for item in tally_ingest::read_inputs(&args.docs, None) {
        let mut doc = match item {
            Ok(doc) => doc,
            Err(error) if error.is_warning() => {
                let _ = writeln!(io::stderr(), "tally: warning: {error}");
                continue;
            }
            Err(error) => {
                n_failed += 1;
                let _ = writeln!(io::stderr(), "tally: {error}");
                continue;
            }
        };
        if !wanted.contains(doc.id.as_str()) || docs.contains_key(&doc.id) {
            continue;
        }
        if doc.published.is_none() {
            doc.published = published.get(doc.id.as_str()).copied().flatten();
        }
        match engine.extract(&doc) {
            Ok(extraction) => claims.extend(extraction.claims),
            Err(error) => {
                n_failed += 1;
                let _ = writeln!(io::stderr(), "tally: {error}");
            }
        }
        docs.insert(doc.id.clone(), doc);
    }

    // Sources are compared after alias folding (`crates/lang/data/common/sources.toml`).
    let fold_source = |s: &str| engine.canonical_source(s).to_lowercase();
    let report = tally_eval::score(&gold, &docs, &claims, &fold_source);

    let text = match args.format {
        EvalFormat::Table => report.render(args.verbose),
        EvalFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(&report).context("serializing the report")?;
            json.push('\n');
            json
        }
    };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to standard output")?;
    Ok(if n_failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
