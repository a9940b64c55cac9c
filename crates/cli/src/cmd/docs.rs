//! `tally docs`: the documents in the ledger with their number of claims.

use crate::output::terminal;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use tally_store::{DocumentFilter, Ledger};

use super::db::DbArgs;
use crate::output::stored::write_csv_record;
use crate::output::table::one_line;

/// How documents are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON object per line.
    Jsonl,
    /// One row per document, with a header.
    Csv,
}

/// Arguments of `tally docs`.
#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// A document id or the start of a document hash.
    #[arg(long)]
    pub doc: Option<String>,
    /// Words the title or text holds (full-text search; FTS5 syntax allowed).
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many documents.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tally docs`.
///
/// # Errors
///
/// Fails when the ledger cannot be read or standard output cannot be written.
pub fn run(args: &DocsArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let filter = DocumentFilter {
        doc: args.doc.clone(),
        text: args.text.clone(),
        limit: args.limit,
    };
    let documents = ledger.documents(&filter)?;
    let mut out = BufWriter::new(terminal::stdout(args.format == Format::Table));
    let written = (|| -> io::Result<()> {
        match args.format {
            Format::Table => {
                // The ids as they will be shown, control characters escaped, so that the
                // column is as wide as what the terminal prints ("\x1b" is four columns).
                let ids: Vec<String> = documents
                    .iter()
                    .map(|d| terminal::escape_controls(&d.id).into_owned())
                    .collect();
                let width = ids
                    .iter()
                    .map(|id| id.chars().count())
                    .max()
                    .unwrap_or(2)
                    .clamp(2, 40);
                writeln!(
                    out,
                    "{:<width$}  {:<10}  {:>6}  {:<12}  TITLE",
                    "ID", "PUBLISHED", "CLAIMS", "HASH"
                )?;
                for (d, id) in documents.iter().zip(&ids) {
                    let published = d
                        .published
                        .map_or_else(|| "—".to_string(), |day| day.to_string());
                    let title = d.title.as_deref().map_or_else(|| "—".to_string(), one_line);
                    let line = format!(
                        "{id:<width$}  {published:<10}  {:>6}  {:<12}  {title}",
                        d.n_claims,
                        &d.hash.as_str()[..12]
                    );
                    writeln!(out, "{}", line.trim_end())?;
                }
            }
            Format::Jsonl => {
                for d in &documents {
                    let json = serde_json::json!({
                        "id": d.id, "hash": d.hash.as_str(), "title": d.title,
                        "published": d.published.map(|day| day.to_string()), "n_claims": d.n_claims,
                    });
                    serde_json::to_writer(&mut out, &json)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                write_csv_record(&mut out, &["id", "hash", "title", "published", "n_claims"])?;
                for d in &documents {
                    let published = d.published.map(|day| day.to_string()).unwrap_or_default();
                    let cells = [
                        d.id.clone(),
                        d.hash.to_string(),
                        d.title.clone().unwrap_or_default(),
                        published,
                        d.n_claims.to_string(),
                    ];
                    write_csv_record(&mut out, &cells)?;
                }
            }
        }
        out.flush()
    })();
    written.context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
