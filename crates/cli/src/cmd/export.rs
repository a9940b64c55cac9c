//! `tally export`: the claims of the ledger to a file, as CSV, JSON lines or Parquet.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tally_store::Ledger;

use super::claims::FilterArgs;
use super::db::DbArgs;
use crate::output::file::OutputFile;
use crate::output::stored::{
    csv_cells, write_csv_record, write_export_jsonl, DocumentInfos, CSV_HEADER,
};

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One row per claim, with a header.
    Csv,
    /// One JSON claim per line, with its ledger `id` and `document` hash.
    Jsonl,
    /// Apache Parquet, typed columns (needs the `parquet` cargo feature).
    Parquet,
}

/// Arguments of `tally export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The file format.
    #[arg(long, value_enum, required_unless_present = "reviews")]
    pub format: Option<Format>,
    /// Write the reviewed claims (confirmed or corrected, with the values people set) as
    /// gold annotations, one JSON line per document in the format of
    /// `corpus/GOLD-FORMAT.md`, so that reviews become evaluation data for the grammar.
    #[arg(long, conflicts_with = "format")]
    pub reviews: bool,
    /// The file to write (replaced if it exists, once complete; never the ledger).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `tally export`.
///
/// The file is written beside its target and renamed over it when complete, so a failed
/// export leaves what was there; a path that is the ledger (or resolves to it) is refused.
///
/// # Errors
///
/// Fails when the ledger cannot be read, the path is the ledger, or the file cannot be
/// written, or for Parquet when tally was built without the `parquet` feature.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let filter = args.filter.filter();
    let path = &args.output;
    let mut output = OutputFile::create(path, args.db.file())?;
    let context = || format!("writing {}", path.display());
    let Some(format) = args.format else {
        let lines = tally_app::review::gold_lines(&*ledger)?;
        let mut out = BufWriter::new(output.file());
        let mut n_claims = 0;
        for line in &lines {
            n_claims += line["claims"].as_array().map_or(0, Vec::len);
            serde_json::to_writer(&mut out, line).with_context(context)?;
            out.write_all(b"\n").with_context(context)?;
        }
        out.flush().with_context(context)?;
        drop(out);
        output.commit()?;
        let _ = writeln!(
            std::io::stderr(),
            "{n_claims} reviewed claims of {} documents written to {} as gold lines",
            lines.len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let mut n_claims = 0usize;
    match format {
        Format::Csv | Format::Jsonl => {
            let mut out = BufWriter::with_capacity(1 << 16, output.file());
            let mut written = if format == Format::Csv {
                write_csv_record(&mut out, &CSV_HEADER)
            } else {
                Ok(())
            };
            let mut documents = DocumentInfos::new(&*ledger);
            let mut failed: Option<tally_store::Error> = None;
            if written.is_ok() {
                ledger.for_each_claim(&filter, &mut |stored| {
                    n_claims += 1;
                    let document = match documents.of(&stored) {
                        Ok(document) => document,
                        Err(error) => {
                            failed = Some(error);
                            return ControlFlow::Break(());
                        }
                    };
                    written = match format {
                        Format::Csv => write_csv_record(&mut out, &csv_cells(&stored, document)),
                        _ => write_export_jsonl(&mut out, &stored, document),
                    };
                    if written.is_ok() {
                        ControlFlow::Continue(())
                    } else {
                        ControlFlow::Break(())
                    }
                })?;
            }
            if let Some(error) = failed {
                return Err(error.into());
            }
            written.and_then(|()| out.flush()).with_context(context)?;
        }
        Format::Parquet => {
            let file = output.file().try_clone().with_context(context)?;
            n_claims = parquet(&ledger, &filter, file).with_context(context)?;
        }
    }
    output.commit()?;
    if n_claims == 0 {
        super::claims::warn_unknown_actor(&*ledger, args.filter.actor.as_deref(), &args.db)?;
    }
    let _ = writeln!(
        std::io::stderr(),
        "{n_claims} claims written to {}",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "parquet")]
fn parquet(
    ledger: &dyn Ledger,
    filter: &tally_store::ClaimFilter,
    file: File,
) -> anyhow::Result<usize> {
    let mut writer = crate::output::parquet::ParquetWriter::new(file)?;
    let mut documents = crate::output::stored::DocumentInfos::new(ledger);
    let mut n_claims = 0;
    let mut failed = None;
    ledger.for_each_claim(filter, &mut |stored| {
        n_claims += 1;
        let pushed = documents
            .of(&stored)
            .map_err(anyhow::Error::from)
            .and_then(|document| writer.push(&stored, document));
        match pushed {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                failed = Some(error);
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(error) = failed {
        return Err(error);
    }
    writer.finish()?;
    Ok(n_claims)
}

#[cfg(not(feature = "parquet"))]
fn parquet(_: &dyn Ledger, _: &tally_store::ClaimFilter, _: File) -> anyhow::Result<usize> {
    anyhow::bail!("this tally was built without Parquet: build it with `--features parquet`")
}
