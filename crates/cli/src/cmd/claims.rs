//! `tally claims`: the claims in the ledger, filtered, as a table, JSON lines or CSV.

use crate::output::terminal;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::Context;
use tally_core::{Document, Metric, Role, Scope};
use tally_store::{ClaimFilter, DocumentHash, Ledger, StoredClaim};

use super::db::DbArgs;
use crate::output::stored::{csv_cells, write_csv_record, write_jsonl, DocumentInfos, CSV_HEADER};
use crate::output::table::TableSink;

/// How stored claims are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people, each claim with its id and sentence.
    Table,
    /// One JSON claim per line, with its ledger `id` and `document` hash.
    Jsonl,
    /// One row per claim, with a header.
    Csv,
}

/// Which claims: every flag given narrows the list.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Who is counted: an ISO 3166-1 alpha-3 code (PRK, UKR) or a slug, ignoring case, or
    /// a name the gazetteer knows ("North Korea", "DPRK").
    #[arg(long)]
    pub actor: Option<String>,
    /// What is counted (killed, wounded, casualties, captured, missing, deployed, displaced,
    /// detained, equipment_lost, other).
    #[arg(long, value_parser = parse_metric)]
    pub metric: Option<Metric>,
    /// military, civilian or unspecified.
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
    /// total (a running toll or a force's size), period (a count over a stated stretch) or
    /// event (the people of one incident).
    #[arg(long, value_parser = parse_scope)]
    pub scope: Option<Scope>,
    /// Part of the place's name as written or canonical ("kharkiv"), or its country code.
    #[arg(long)]
    pub place: Option<String>,
    /// Part of the source's name, ignoring case ("ministry of defence").
    #[arg(long)]
    pub source: Option<String>,
    /// Claims whose dates (as of, else stated, else published) reach this day or later.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub since: Option<jiff::civil::Date>,
    /// Claims whose dates start on this day or earlier.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub until: Option<jiff::civil::Date>,
    /// A document id (file name, JSONL id) or the start of a document hash.
    #[arg(long)]
    pub doc: Option<String>,
    /// Words the document's title or text holds (full-text search; FTS5 syntax allowed).
    #[arg(long)]
    pub text: Option<String>,
    /// Only claims of documents published on or before this day (documents with no
    /// publication day are left out).
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published_by: Option<jiff::civil::Date>,
    /// The ledger exactly as it stood at this moment (its claims, reviews and grades, made
    /// by the grammar of then), to reproduce an answer given then: YYYY-MM-DDTHH:MM:SSZ,
    /// with an offset, HH:MM in UTC, or a day for the end of that day in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = super::values::parse_known_on)]
    pub known_on: Option<jiff::Timestamp>,
    /// At most this many claims.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl FilterArgs {
    /// The ledger filter.
    pub fn filter(&self) -> ClaimFilter {
        ClaimFilter {
            actor: self.actor.as_deref().map(tally_app::actors::actor_code_of),
            metric: self.metric,
            role: self.role,
            scope: self.scope,
            place: self.place.clone(),
            source: self.source.clone(),
            since: self.since,
            until: self.until,
            doc: self.doc.clone(),
            text: self.text.clone(),
            published_by: self.published_by,
            known_on: self.known_on,
            limit: self.limit,
        }
    }
}

fn parse_metric(s: &str) -> Result<Metric, String> {
    s.parse()
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

fn parse_scope(s: &str) -> Result<Scope, String> {
    s.parse()
}

/// Arguments of `tally claims`.
#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Width of the table [default: $COLUMNS, else 120].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

/// Runs `tally claims`.
///
/// # Errors
///
/// Fails when the ledger cannot be read, the text query is refused, or standard output
/// cannot be written (a closed pipe ends the run quietly).
pub fn run(args: &ClaimsArgs) -> anyhow::Result<ExitCode> {
    let ledger = args.db.open()?;
    let filter = args.filter.filter();
    let mut out = BufWriter::with_capacity(1 << 16, terminal::stdout(args.format == Format::Table));
    let mut written: io::Result<()> = Ok(());
    let mut n_claims = 0usize;
    match args.format {
        Format::Jsonl | Format::Csv => {
            if args.format == Format::Csv {
                written = write_csv_record(&mut out, &CSV_HEADER);
            }
            let mut documents = DocumentInfos::new(&*ledger);
            let mut failed: Option<tally_store::Error> = None;
            ledger.for_each_claim(&filter, &mut |stored| {
                n_claims += 1;
                written = match args.format {
                    Format::Csv => match documents.of(&stored) {
                        Ok(document) => write_csv_record(&mut out, &csv_cells(&stored, document)),
                        Err(error) => {
                            failed = Some(error);
                            return ControlFlow::Break(());
                        }
                    },
                    _ => write_jsonl(&mut out, &stored),
                };
                if written.is_ok() {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            })?;
            if let Some(error) = failed {
                return Err(error.into());
            }
        }
        Format::Table => {
            let mut table = TableSink::new(&mut out, table_width(args.width), false);
            let mut documents: HashMap<DocumentHash, Document> = HashMap::new();
            let mut run: Vec<StoredClaim> = Vec::new();
            let mut failed: Option<anyhow::Error> = None;
            let mut flush_run =
                |run: &mut Vec<StoredClaim>, table: &mut TableSink<_>| -> anyhow::Result<()> {
                    let Some(first) = run.first() else {
                        return Ok(());
                    };
                    let hash = first.document_hash.clone();
                    if !documents.contains_key(&hash) {
                        let doc = match ledger.document(&hash)? {
                            // Only the heading is needed: drop the text.
                            Some(stored) => Document {
                                text: String::new(),
                                ..stored.document
                            },
                            None => Document::new(first.claim.doc.clone(), ""),
                        };
                        documents.insert(hash.clone(), doc);
                    }
                    table.stored(&documents[&hash], run)?;
                    run.clear();
                    Ok(())
                };
            ledger.for_each_claim(&filter, &mut |stored| {
                n_claims += 1;
                if run
                    .first()
                    .is_some_and(|first| first.document_hash != stored.document_hash)
                {
                    if let Err(error) = flush_run(&mut run, &mut table) {
                        failed = Some(error);
                        return ControlFlow::Break(());
                    }
                }
                run.push(stored);
                ControlFlow::Continue(())
            })?;
            if let Some(error) = failed {
                return Err(error);
            }
            flush_run(&mut run, &mut table)?;
            if n_claims == 0
                && !warn_unknown_actor(&*ledger, args.filter.actor.as_deref(), &args.db)?
            {
                let _ = writeln!(io::stderr(), "no claims in {} match", args.db.describe());
            }
        }
    }
    if n_claims == 0 && args.format != Format::Table {
        warn_unknown_actor(&*ledger, args.filter.actor.as_deref(), &args.db)?;
    }
    written
        .and_then(|()| out.flush())
        .context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Says on standard error when `--actor` matches no claim of the ledger at all (a typo, or
/// a name where a code is expected), since an empty list does not say why; returns whether
/// it did.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn warn_unknown_actor(
    ledger: &dyn Ledger,
    actor: Option<&str>,
    db: &DbArgs,
) -> anyhow::Result<bool> {
    let Some(actor) = actor else {
        return Ok(false);
    };
    let probe = ClaimFilter {
        actor: Some(tally_app::actors::actor_code_of(actor)),
        limit: Some(1),
        ..ClaimFilter::default()
    };
    if !ledger.claims(&probe)?.is_empty() {
        return Ok(false);
    }
    let _ = writeln!(
        io::stderr(),
        "tally: no claims of actor {actor:?} in {} (`tally series` lists the actors)",
        db.describe()
    );
    Ok(true)
}

/// The table's width: `--width`, else `$COLUMNS`, else 120.
pub fn table_width(width: Option<usize>) -> usize {
    width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(120)
        .clamp(40, 1000)
}
