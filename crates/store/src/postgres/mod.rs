//! The PostgreSQL backend of the [`Ledger`]: one database (or one schema of it) shared by
//! a team and by many `tally ingest` workers at once, migrated by refinery from
//! `migrations/postgres/`.
//!
//! Concurrent writers meet on the documents' unique hash: a batch inserts its documents
//! with `ON CONFLICT (hash) DO NOTHING` and then the claims of those it did insert, in one
//! transaction, so a document is stored once, with its claims, whoever wins. Deadlocks
//! and serialization failures are retried with backoff; the user never sees them.

mod cancel;
mod rows;
pub(crate) mod text;

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls};
use tally_core::Claim;

use crate::moment;
use crate::query::{self, Dialect};
use crate::record::{grade_cells, review_cells, Cell, GRADE_COLUMNS, REVIEW_COLUMNS};
use crate::summary::{self, ActorSummary};
use crate::{
    Added, ClaimFilter, ClaimSpot, Counts, DocumentFilter, DocumentHash, DocumentSummary, Error,
    Extracted, Ledger, Review, SourceGrade, StoredClaim, StoredDocument,
};
use rows::{claim_from_row, claim_select, document_from_row, document_select, ClaimArrays};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// How many times a transaction that met a deadlock or a serialization failure is tried.
const MAX_ATTEMPTS: u32 = 12;

/// Claims read per query by [`Ledger::for_each_claim`].
const PAGE: usize = 2000;

/// The ledger in a PostgreSQL database.
pub struct PostgresLedger {
    /// The connection; behind a `RefCell` because reads take `&self`. No borrow outlives
    /// a method, so callbacks may use the ledger again.
    client: RefCell<Client>,
    /// Cancels the running statement once the reader's flag is set
    /// ([`Ledger::set_cancel_flag`]).
    watcher: Option<cancel::Watcher>,
    /// Where the connection goes, to open a new one when a cancel request was sent on it.
    config: postgres::Config,
    /// The URL without its password, for errors.
    url: String,
    /// The deadline of the connection's statements ([`Ledger::set_deadline`]), set again
    /// on a new connection.
    deadline: Option<std::time::Instant>,
}

impl std::fmt::Debug for PostgresLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresLedger").finish_non_exhaustive()
    }
}

/// Whether `location` names a PostgreSQL database (`postgres://` or `postgresql://`)
/// rather than an SQLite file.
pub fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// `url` without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

impl PostgresLedger {
    /// Connects to the database at `url` (`postgres://user@host:port/db`, with libpq's
    /// parameters such as `?options=-csearch_path%3Dteam`) and brings its schema up to
    /// date. Several processes may connect at once: the migrations run under an advisory
    /// lock, one process at a time.
    ///
    /// # Errors
    ///
    /// Fails when the URL cannot be read, the server cannot be reached or refuses the
    /// connection, or the schema cannot be migrated.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use tally_store::{Ledger, PostgresLedger};
    ///
    /// let ledger = PostgresLedger::connect("postgres://postgres@127.0.0.1:5432/test")?;
    /// println!("{} documents", ledger.counts()?.n_documents);
    /// # Ok::<(), tally_store::Error>(())
    /// ```
    pub fn connect(url: &str) -> Result<PostgresLedger, Error> {
        let redacted = redact(url);
        let connect_error = |source| Error::Connect {
            url: redacted.clone(),
            source,
        };
        let config = postgres::Config::from_str(url).map_err(connect_error)?;
        let mut client = open_client(&config, &redacted)?;
        let lock = "SELECT pg_advisory_lock(hashtext('tally migrations ' || coalesce(current_schema(), '')))";
        let unlock = "SELECT pg_advisory_unlock(hashtext('tally migrations ' || coalesce(current_schema(), '')))";
        client.batch_execute(lock).map_err(connect_error)?;
        let migrated = embedded::migrations::runner().run(&mut client);
        client.batch_execute(unlock).map_err(connect_error)?;
        migrated.map_err(|source| Error::MigrateDatabase {
            url: redacted.clone(),
            source: Box::new(source),
        })?;
        Ok(PostgresLedger {
            client: RefCell::new(client),
            watcher: None,
            config,
            url: redacted,
            deadline: None,
        })
    }

    /// Whether the database at `url` holds a ledger (its schema was set up by
    /// [`PostgresLedger::connect`]), found without setting one up: a command that only reads
    /// must not create a ledger.
    ///
    /// # Errors
    ///
    /// Fails when the URL cannot be read or the server cannot be reached or refuses the
    /// connection.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use tally_store::PostgresLedger;
    ///
    /// let url = "postgres://postgres@127.0.0.1:5432/test";
    /// if !PostgresLedger::exists(url)? {
    ///     println!("no ledger at {url}");
    /// }
    /// # Ok::<(), tally_store::Error>(())
    /// ```
    pub fn exists(url: &str) -> Result<bool, Error> {
        let connect_error = |source| Error::Connect {
            url: redact(url),
            source,
        };
        let config = postgres::Config::from_str(url).map_err(connect_error)?;
        let mut client = config.connect(NoTls).map_err(connect_error)?;
        // The migrations' history table, in the schema the URL's search path names.
        let row = client
            .query_one(
                "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
                &[],
            )
            .map_err(connect_error)?;
        row.try_get::<_, bool>(0).map_err(connect_error)
    }

    /// Runs `work` in a transaction, again after a deadlock or a serialization failure
    /// (with exponential backoff and jitter), up to [`MAX_ATTEMPTS`] times.
    fn in_transaction<T>(
        &mut self,
        mut work: impl FnMut(&mut postgres::Transaction<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let client = self.client.get_mut();
        let mut attempt = 0;
        loop {
            let outcome = client
                .transaction()
                .map_err(Error::from)
                .and_then(|mut tx| {
                    let value = work(&mut tx)?;
                    tx.commit()?;
                    Ok(value)
                });
            match outcome {
                Err(Error::Postgres(error))
                    if is_transient(&error) && attempt + 1 < MAX_ATTEMPTS =>
                {
                    std::thread::sleep(backoff(attempt));
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    /// Runs an insert of a review or a grade and bumps every row of the series cache, in
    /// one transaction: a review may move a claim to another actor, a grade weighs every
    /// estimate.
    fn insert_and_bump(&mut self, sql: &str, params: &[Cell]) -> Result<Vec<postgres::Row>, Error> {
        self.in_transaction(|tx| {
            let boxed = rows::params(params);
            let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|param| param.as_ref()).collect();
            let rows = tx.query(sql, &refs)?;
            tx.batch_execute(summary::BUMP_ALL)?;
            Ok(rows)
        })
    }

    fn query(&self, sql: &str, params: &[Cell]) -> Result<Vec<postgres::Row>, postgres::Error> {
        let boxed = rows::params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|param| param.as_ref()).collect();
        self.client.borrow_mut().query(sql, &refs)
    }
}

/// Adds each actor's change of standing claims to its row of the series cache (inside the
/// caller's transaction, in key order so that writers at once lock rows in one order),
/// bumping its version.
fn add_to_summaries(
    tx: &mut impl GenericClient,
    change: &std::collections::BTreeMap<String, i64>,
) -> Result<(), Error> {
    if change.is_empty() {
        return Ok(());
    }
    let keys: Vec<&str> = change.keys().map(String::as_str).collect();
    let counts: Vec<i64> = change.values().copied().collect();
    tx.execute(
        "INSERT INTO series_cache (actor, n_claims) \
         SELECT u.actor, u.n FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u (actor, n, ord) \
         ORDER BY u.ord \
         ON CONFLICT (actor) DO UPDATE SET n_claims = series_cache.n_claims + excluded.n_claims, \
         version = series_cache.version + 1",
        &[&keys, &counts],
    )?;
    Ok(())
}

/// A connection to the ledger's database, set up for its statements.
fn open_client(config: &postgres::Config, url: &str) -> Result<Client, Error> {
    let connect_error = |source| Error::Connect {
        url: url.to_string(),
        source,
    };
    let mut client = config.connect(NoTls).map_err(connect_error)?;
    // Notices ("word is too long to be indexed") are not errors; keep them off stderr.
    client
        .batch_execute("SET client_min_messages = warning")
        .map_err(connect_error)?;
    Ok(client)
}

/// Sets the connection's statement timeout to what is left until `deadline`.
fn send_deadline(client: &mut Client, deadline: Option<std::time::Instant>) -> Result<(), Error> {
    // 0 lifts the timeout; a deadline already passed leaves one millisecond.
    let milliseconds = deadline.map_or(0, |deadline| {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        u64::try_from(left.as_millis()).unwrap_or(u64::MAX).max(1)
    });
    client.batch_execute(&format!("SET statement_timeout = {milliseconds}"))?;
    Ok(())
}

/// Whether a failed transaction may succeed when tried again.
fn is_transient(error: &postgres::Error) -> bool {
    matches!(error.code(), Some(code) if *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE)
}

/// 10 ms, 20 ms, 40 ms… up to 1 s, each with up to as much again of jitter, so that
/// workers that collided do not collide again.
fn backoff(attempt: u32) -> Duration {
    let base = 10u64.saturating_mul(1 << attempt.min(7)).min(1000);
    let noise = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |t| u64::from(t.subsec_nanos()))
        ^ u64::from(std::process::id()).wrapping_mul(0x9e37_79b9);
    Duration::from_millis(base + noise % (base + 1))
}

/// A text-query error for a statement that failed while `query` was set.
fn text_query_error(error: postgres::Error, query: Option<&String>) -> Error {
    match (query, error.code()) {
        (Some(query), Some(code)) if *code == SqlState::SYNTAX_ERROR => {
            let message = error
                .as_db_error()
                .map_or_else(|| error.to_string(), |db| db.message().to_string());
            Error::TextQuery {
                query: query.clone(),
                message,
            }
        }
        _ => Error::Postgres(error),
    }
}

/// Inserts claims of documents already in the ledger (inside the caller's transaction),
/// in order, in one statement, entering the ledger at `entered_at` (RFC 3339 text).
fn insert_claims<'a>(
    tx: &mut impl GenericClient,
    claims: impl IntoIterator<Item = (&'a DocumentHash, &'a Claim)>,
    entered_at: &str,
) -> Result<usize, Error> {
    let mut arrays = ClaimArrays::default();
    for (hash, claim) in claims {
        arrays.push(hash, claim);
    }
    if arrays.is_empty() {
        return Ok(0);
    }
    let n_claims = arrays.len();
    let params = arrays.params(entered_at.to_string());
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|param| param.as_ref()).collect();
    tx.execute(rows::INSERT_CLAIMS.as_str(), &refs)?;
    Ok(n_claims)
}

/// PostgreSQL text holds no NUL; it becomes U+FFFD (the hash is of the text as read).
fn pg_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        std::borrow::Cow::Owned(s.replace('\0', "\u{fffd}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl Ledger for PostgresLedger {
    fn add(&mut self, batch: &[Extracted]) -> Result<Vec<Added>, Error> {
        // The documents and their claims enter the ledger at one moment.
        let ingested_at = moment::text(moment::now());
        // Only the first of several items with one hash can be new.
        let mut seen = HashSet::new();
        let first: Vec<bool> = batch.iter().map(|item| seen.insert(&item.hash)).collect();
        let items: Vec<&Extracted> = batch
            .iter()
            .zip(&first)
            .filter(|(_, first)| **first)
            .map(|(item, _)| item)
            .collect();
        let column = |f: &dyn Fn(&Extracted) -> Option<String>| -> Vec<Option<String>> {
            items.iter().map(|item| f(item)).collect()
        };
        let hashes = column(&|item| Some(item.hash.as_str().to_string()));
        let doc_ids = column(&|item| Some(pg_text(&item.document.id).into_owned()));
        let urls = column(&|item| {
            item.document
                .url
                .as_deref()
                .map(|s| pg_text(s).into_owned())
        });
        let titles = column(&|item| {
            item.document
                .title
                .as_deref()
                .map(|s| pg_text(s).into_owned())
        });
        let publishers = column(&|item| {
            item.document
                .publisher
                .as_deref()
                .map(|s| pg_text(s).into_owned())
        });
        let langs = column(&|item| {
            item.document
                .lang
                .as_deref()
                .map(|s| pg_text(s).into_owned())
        });
        let published = column(&|item| item.document.published.map(|day| day.to_string()));
        let versions = column(&|item| Some(item.grammar_version.clone()));
        let texts = column(&|item| Some(pg_text(&item.document.text).into_owned()));
        let new: HashSet<String> = self.in_transaction(|tx| {
            // The rows go in in hash order, so that writers adding the same documents lock
            // them in one order and never wait on each other in a cycle (a deadlock, tried
            // again after a pause); their keys are drawn in the batch's order first, which
            // stays the order of ingestion.
            let rows = tx.query(
                "WITH u AS MATERIALIZED ( \
                 SELECT nextval(pg_get_serial_sequence('documents', 'doc_key')) AS doc_key, v.* \
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], \
                 $7::text[], $9::text[], $10::text[]) WITH ORDINALITY \
                 AS v (hash, doc_id, url, title, publisher, lang, published, grammar_version, text, ord) \
                 ORDER BY v.ord) \
                 INSERT INTO documents (doc_key, hash, doc_id, url, title, publisher, lang, published, \
                 ingested_at, grammar_version, text) OVERRIDING SYSTEM VALUE \
                 SELECT u.doc_key, u.hash, u.doc_id, u.url, u.title, u.publisher, u.lang, u.published::date, \
                 $8::text::timestamptz, u.grammar_version, u.text \
                 FROM u ORDER BY u.hash \
                 ON CONFLICT (hash) DO NOTHING RETURNING hash",
                &[&hashes, &doc_ids, &urls, &titles, &publishers, &langs, &published, &ingested_at, &versions, &texts],
            )?;
            let new: HashSet<String> = rows.iter().map(|row| row.get(0)).collect();
            let stored = || {
                items
                    .iter()
                    .filter(|item| new.contains(item.hash.as_str()))
                    .flat_map(|item| item.claims.iter().map(|claim| (&item.hash, claim)))
            };
            insert_claims(tx, stored(), &ingested_at)?;
            let change = summary::claims_per_actor(stored().map(|(_, claim)| claim));
            add_to_summaries(tx, &change)?;
            Ok(new)
        })?;
        Ok(batch
            .iter()
            .zip(first)
            .map(|(item, first)| {
                if first && new.contains(item.hash.as_str()) {
                    Added::New {
                        n_claims: item.claims.len(),
                    }
                } else {
                    Added::AlreadyPresent
                }
            })
            .collect())
    }

    fn contains(&self, hashes: &[DocumentHash]) -> Result<Vec<bool>, Error> {
        let wanted: Vec<&str> = hashes.iter().map(DocumentHash::as_str).collect();
        let rows = self.client.borrow_mut().query(
            "SELECT hash FROM documents WHERE hash = ANY($1)",
            &[&wanted],
        )?;
        let stored: HashSet<String> = rows.iter().map(|row| row.get(0)).collect();
        Ok(hashes
            .iter()
            .map(|hash| stored.contains(hash.as_str()))
            .collect())
    }

    fn extracted_claim(&self, id: i64) -> Result<Option<StoredClaim>, Error> {
        let sql = format!(
            "SELECT c.id, c.document_hash, {} FROM claims c WHERE c.id = $1",
            claim_select()
        );
        let rows = self.query(&sql, &[Cell::Integer(id)])?;
        rows.first().map(claim_from_row).transpose()
    }

    fn for_each_extracted_claim(
        &self,
        filter: &ClaimFilter,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        if only.is_some_and(<[i64]>::is_empty) {
            return Ok(());
        }
        // Pages by id, so that no statement stays open while `each` runs (it may read the
        // ledger too) and memory stays flat.
        let mut after = i64::MIN;
        let mut remaining = filter.limit;
        loop {
            let page = remaining.map_or(PAGE, |remaining| remaining.min(PAGE));
            if page == 0 {
                return Ok(());
            }
            let mut where_ = query::claims(filter, Dialect::Postgres)?;
            if let Some(ids) = only {
                where_.and(&query::id_list("c.id", ids), []);
            }
            where_.and("c.id > ?", [Cell::Integer(after)]);
            where_.order_limit("c.id", Some(page));
            let sql = format!(
                "SELECT c.id, c.document_hash, {} FROM claims c JOIN documents d ON d.hash = c.document_hash{}",
                claim_select(),
                where_.sql
            );
            let rows = self
                .query(&sql, &where_.params)
                .map_err(|error| text_query_error(error, filter.text.as_ref()))?;
            let n_rows = rows.len();
            for row in &rows {
                let claim = claim_from_row(row)?;
                after = claim.id;
                if each(claim).is_break() {
                    return Ok(());
                }
            }
            if let Some(remaining) = remaining.as_mut() {
                *remaining -= n_rows;
            }
            if n_rows < page {
                return Ok(());
            }
        }
    }

    fn document(&self, hash: &DocumentHash) -> Result<Option<StoredDocument>, Error> {
        let sql = format!(
            "SELECT {} FROM documents WHERE hash = $1",
            document_select()
        );
        let rows = self.query(&sql, &[Cell::Text(hash.as_str().to_string())])?;
        rows.first().map(document_from_row).transpose()
    }

    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, Error> {
        let where_ = query::documents(filter, Dialect::Postgres)?;
        let sql = format!(
            "SELECT d.hash, d.doc_id, d.title, to_char(d.published, 'YYYY-MM-DD'), \
             (SELECT COUNT(*) FROM claims c WHERE c.document_hash = d.hash AND c.superseded_at IS NULL) \
             FROM documents d{}",
            where_.sql
        );
        let rows = self
            .query(&sql, &where_.params)
            .map_err(|error| text_query_error(error, filter.text.as_ref()))?;
        rows.iter().map(rows::summary_from_row).collect()
    }

    fn stale_documents(
        &self,
        grammar_version: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, Error> {
        let sql = format!(
            "SELECT {} FROM documents WHERE grammar_version <> $1 ORDER BY doc_key LIMIT $2 OFFSET $3",
            document_select()
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let skip = i64::try_from(skip).unwrap_or(i64::MAX);
        let params = [
            Cell::Text(grammar_version.to_string()),
            Cell::Integer(limit),
            Cell::Integer(skip),
        ];
        let rows = self.query(&sql, &params)?;
        rows.iter().map(document_from_row).collect()
    }

    fn replace_claims(
        &mut self,
        batch: &[(DocumentHash, Vec<Claim>)],
        grammar_version: &str,
    ) -> Result<(usize, usize), Error> {
        // The old claims stop standing when the new ones enter: one moment for both.
        let at = moment::text(moment::now());
        self.in_transaction(|tx| {
            let (mut n_superseded, mut n_added) = (0, 0);
            // A document another process already moved to this grammar is left alone, so
            // that two runs at once do not store its claims twice.
            let mark = tx.prepare(
                "UPDATE documents SET grammar_version = $1 WHERE hash = $2 AND grammar_version <> $1",
            )?;
            let supersede = tx.prepare(
                "UPDATE claims SET superseded_at = $1::text::timestamptz \
                 WHERE document_hash = $2 AND grammar_version <> $3 AND superseded_at IS NULL",
            )?;
            let per_actor = tx.prepare(&summary::postgres(summary::SUPERSEDED_PER_ACTOR))?;
            for (hash, claims) in batch {
                if tx.execute(&mark, &[&grammar_version, &hash.as_str()])? == 0 {
                    continue;
                }
                let gone = tx.query(&per_actor, &[&hash.as_str(), &grammar_version])?;
                let superseded = tx.execute(&supersede, &[&at, &hash.as_str(), &grammar_version])?;
                n_superseded += usize::try_from(superseded).unwrap_or(usize::MAX);
                let current = claims.iter().filter(|claim| claim.grammar_version == grammar_version);
                n_added += insert_claims(tx, current.clone().map(|claim| (hash, claim)), &at)?;
                let mut change = summary::claims_per_actor(current);
                for row in gone {
                    let n: i64 = row.try_get(1)?;
                    *change.entry(row.try_get(0)?).or_insert(0) -= n;
                }
                add_to_summaries(tx, &change)?;
            }
            // Reviews follow their claims to the new ones: any actor may change.
            tx.batch_execute(summary::BUMP_ALL)?;
            Ok((n_superseded, n_added))
        })
    }

    fn counts(&self) -> Result<Counts, Error> {
        let rows = self.query(
            "SELECT (SELECT COUNT(*) FROM documents), \
             (SELECT COUNT(*) FROM claims WHERE superseded_at IS NULL), \
             (SELECT COUNT(*) FROM reviews), (SELECT COUNT(*) FROM source_grades), \
             (SELECT COUNT(*) FROM claims WHERE superseded_at IS NOT NULL)",
            &[],
        )?;
        let count = |idx: usize| -> Result<usize, Error> {
            let n: i64 = rows.first().map_or(Ok(0), |row| row.try_get(idx))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            n_documents: count(0)?,
            n_claims: count(1)?,
            n_reviews: count(2)?,
            n_grades: count(3)?,
            n_superseded: count(4)?,
        })
    }

    fn hashes_of_id(&self, id: &str) -> Result<Vec<DocumentHash>, Error> {
        let rows = self.query(
            "SELECT hash FROM documents WHERE doc_id = $1",
            &[Cell::Text(pg_text(id).into_owned())],
        )?;
        rows.iter()
            .map(|row| {
                let hash: String = row.try_get(0)?;
                DocumentHash::parse(&hash).ok_or_else(|| Error::BadDocument {
                    hash: hash.clone(),
                    field: "hash",
                    value: hash,
                })
            })
            .collect()
    }

    fn actor_summaries(&self) -> Result<Vec<ActorSummary>, Error> {
        let rows = self.query(summary::SELECT_ALL, &[])?;
        rows.iter()
            .map(|row| {
                let n_claims: i64 = row.try_get(1)?;
                Ok(ActorSummary {
                    actor: summary::key_actor(row.try_get(0)?),
                    n_claims: usize::try_from(n_claims).unwrap_or(0),
                    version: row.try_get(2)?,
                    summary: row.try_get(3)?,
                })
            })
            .collect()
    }

    fn put_actor_summary(
        &mut self,
        actor: Option<&str>,
        version: i64,
        summary: &str,
    ) -> Result<(), Error> {
        let key = summary::actor_key(actor);
        self.client.get_mut().execute(
            &summary::postgres(summary::PUT_SUMMARY),
            &[&key, &pg_text(summary).as_ref(), &version],
        )?;
        Ok(())
    }

    fn n_documents(&self) -> Result<usize, Error> {
        let rows = self.query("SELECT COUNT(*) FROM documents", &[])?;
        let n: i64 = rows.first().map_or(Ok(0), |row| row.try_get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) -> Result<(), Error> {
        self.deadline = deadline;
        send_deadline(self.client.get_mut(), deadline)
    }

    fn set_cancel_flag(
        &mut self,
        cancelled: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    ) -> Result<(), Error> {
        // The watcher of an earlier flag stops first: it must not cancel this one's work.
        // When it sent a cancel request, the request may still land on the next statement
        // (see `cancel`), so the statements go on a new connection.
        if self.watcher.take().is_some_and(|watcher| watcher.stop()) {
            let mut client = open_client(&self.config, &self.url)?;
            if self.deadline.is_some() {
                send_deadline(&mut client, self.deadline)?;
            }
            *self.client.get_mut() = client;
        }
        if let Some(cancelled) = cancelled {
            let token = self.client.get_mut().cancel_token();
            self.watcher = Some(cancel::Watcher::start(token, cancelled));
        }
        Ok(())
    }

    fn claim_spots(
        &self,
        hashes: &[DocumentHash],
        known_on: Option<jiff::Timestamp>,
    ) -> Result<Vec<ClaimSpot>, Error> {
        let wanted: Vec<&str> = hashes.iter().map(DocumentHash::as_str).collect();
        // The standing condition's parameters come first ($1…), the hashes last.
        let standing = query::standing(known_on, Dialect::Postgres);
        let mut params = rows::params(&standing.params);
        let sql = format!(
            "SELECT c.id, c.document_hash, c.evidence_field, c.number_start, c.number_end \
             FROM claims c{} AND c.document_hash = ANY(${}) ORDER BY c.id",
            standing.sql,
            params.len() + 1
        );
        params.push(Box::new(
            wanted
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<String>>(),
        ));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|param| param.as_ref()).collect();
        let rows = self.client.borrow_mut().query(&sql, &refs)?;
        rows.iter().map(rows::spot_from_row).collect()
    }

    fn insert_review(&mut self, review: &Review) -> Result<i64, Error> {
        let sql = format!(
            "INSERT INTO reviews ({}) VALUES ({}) RETURNING id",
            REVIEW_COLUMNS.join(", "),
            rows::values_with_time(&REVIEW_COLUMNS, "reviewed_at")
        );
        let rows = self.insert_and_bump(&sql, &review_cells(review))?;
        let row = rows.first().ok_or(Error::NoClaim {
            id: review.claim_id,
        })?;
        Ok(row.try_get(0)?)
    }

    fn reviews(&self) -> Result<Vec<Review>, Error> {
        let sql = format!(
            "SELECT {} FROM reviews ORDER BY id",
            rows::select_with_time(&REVIEW_COLUMNS, "reviewed_at")
        );
        let rows = self.query(&sql, &[])?;
        rows.iter().map(rows::review_from_row).collect()
    }

    fn insert_grade(&mut self, grade: &SourceGrade) -> Result<i64, Error> {
        let sql = format!(
            "INSERT INTO source_grades ({}) VALUES ({}) RETURNING id",
            GRADE_COLUMNS.join(", "),
            rows::values_with_time(&GRADE_COLUMNS, "graded_at")
        );
        let cells = grade_cells(grade);
        let rows = self.insert_and_bump(&sql, &cells)?;
        let id = rows.first().map(|row| row.try_get(0)).transpose()?;
        Ok(id.unwrap_or_default())
    }

    fn grades(&self) -> Result<Vec<SourceGrade>, Error> {
        let sql = format!(
            "SELECT {} FROM source_grades ORDER BY id",
            rows::select_with_time(&GRADE_COLUMNS, "graded_at")
        );
        let rows = self.query(&sql, &[])?;
        rows.iter().map(rows::grade_from_row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths_and_passwords_hidden() {
        assert!(is_url("postgres://postgres@127.0.0.1/test"));
        assert!(is_url("postgresql://h/db"));
        assert!(!is_url("tally.db"));
        assert_eq!(
            redact("postgres://me:secret@db.example/tally"),
            "postgres://me:***@db.example/tally"
        );
        assert_eq!(
            redact("postgres://me@db.example/tally"),
            "postgres://me@db.example/tally"
        );
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        assert!(backoff(0) < Duration::from_millis(21));
        assert!(backoff(3) >= Duration::from_millis(80));
        assert!(backoff(30) <= Duration::from_millis(2000));
    }
}
