//! The SQLite backend of the [`Ledger`]: one file, WAL, and the migrations of
//! `migrations/sqlite/` (run by refinery when the file is opened).
//!
//! Many processes may write one file (two `tally ingest` runs, a run beside `tally serve`):
//! every connection waits up to [`BUSY_TIMEOUT`] for the lock, and every write transaction
//! takes the lock when it begins (`BEGIN IMMEDIATE`), so writers queue instead of failing
//! with "database is locked". Processes that open a new file at once migrate it once.

mod rows;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::{params, params_from_iter, Connection, TransactionBehavior};
use tally_core::Claim;

use crate::moment;
use crate::query::{self, Dialect};
use crate::record::{grade_cells, review_cells, Cell, GRADE_COLUMNS, REVIEW_COLUMNS};
use crate::summary::{self, ActorSummary};
use crate::{
    Added, ClaimFilter, ClaimSpot, Counts, DocumentFilter, DocumentHash, DocumentSummary, Error,
    Extracted, Ledger, Review, SourceGrade, StoredClaim, StoredDocument,
};
use rows::{claim_from_row, claim_values, document_from_row, CLAIM_COLUMNS, DOCUMENT_COLUMNS};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// How long a statement waits for another writer before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How many steps of SQLite's virtual machine run between two looks at a deadline.
const PROGRESS_STEPS: std::ffi::c_int = 4000;

/// The ledger in an SQLite file.
#[derive(Debug)]
pub struct SqliteLedger {
    conn: Connection,
    /// When the statements of this connection are cancelled ([`Ledger::set_deadline`]).
    deadline: Option<Instant>,
    /// Set by whoever waits for this connection's work when they stop waiting
    /// ([`Ledger::set_cancel_flag`]).
    cancelled: Option<Arc<AtomicBool>>,
}

impl SqliteLedger {
    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be opened or created, is not an SQLite database, or its
    /// schema cannot be migrated.
    ///
    /// # Example
    ///
    /// ```
    /// use tally_store::{Ledger, SqliteLedger};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let ledger = SqliteLedger::open(dir.path().join("tally.db"))?;
    /// assert_eq!(ledger.counts()?.n_documents, 0);
    /// # Ok::<(), tally_store::Error>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteLedger, Error> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        SqliteLedger::setup(conn, path.to_path_buf())
    }

    /// A ledger in memory, gone when dropped (for tests).
    ///
    /// # Errors
    ///
    /// As [`SqliteLedger::open`].
    pub fn open_in_memory() -> Result<SqliteLedger, Error> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        SqliteLedger::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<SqliteLedger, Error> {
        let open_error = |source| Error::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // A write transaction takes the write lock when it begins, waiting for it as long as
        // the busy timeout allows. A deferred one would take a read snapshot first and could
        // then fail at once with "database is locked" when another writer committed since.
        // This covers the migrations' transactions too.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        // WAL: readers do not block the writer; with synchronous=NORMAL a killed process
        // loses no committed transaction (only a power cut may lose the last ones).
        let deadline = Instant::now() + BUSY_TIMEOUT;
        while_busy(deadline, || {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
        })
        .map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_error)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_error)?;
        migrate(&mut conn, &path)?;
        Ok(SqliteLedger {
            conn,
            deadline: None,
            cancelled: None,
        })
    }

    /// Runs SQLite's own consistency checks (`integrity_check`, `foreign_key_check`) and
    /// returns what they found; empty when the file is sound.
    ///
    /// # Errors
    ///
    /// Fails when the database cannot be read.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        let mut problems = Vec::new();
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let line: String = row.get(0)?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut statement = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let table: String = row.get(0)?;
            let rowid: Option<i64> = row.get(1)?;
            problems.push(format!("row {rowid:?} of {table} points to a missing row"));
        }
        Ok(problems)
    }

    /// Installs the progress handler that interrupts a statement past the deadline or once
    /// the cancel flag is set, or removes it when there is neither.
    fn install_progress_handler(&mut self) -> Result<(), Error> {
        let (deadline, cancelled) = (self.deadline, self.cancelled.clone());
        if deadline.is_none() && cancelled.is_none() {
            self.conn.progress_handler(0, None::<fn() -> bool>)?;
            return Ok(());
        }
        // A few thousand virtual machine steps take well under a millisecond.
        self.conn.progress_handler(
            PROGRESS_STEPS,
            Some(move || {
                deadline.is_some_and(|deadline| Instant::now() >= deadline)
                    || cancelled
                        .as_ref()
                        .is_some_and(|cancelled| cancelled.load(Ordering::Relaxed))
            }),
        )?;
        Ok(())
    }

    /// Inserts the claims of one document, entered at `entered_at` (inside the caller's
    /// transaction).
    fn insert_claims(
        tx: &rusqlite::Transaction<'_>,
        hash: &DocumentHash,
        claims: &[Claim],
        entered_at: &str,
    ) -> Result<(), Error> {
        let mut insert = tx.prepare_cached(&format!(
            "INSERT INTO claims (document_hash, entered_at, {CLAIM_COLUMNS}) VALUES (?, ?{})",
            ", ?".repeat(rows::N_CLAIM_COLUMNS)
        ))?;
        for claim in claims {
            let values = claim_values(claim);
            let hash = rusqlite::types::Value::Text(hash.as_str().to_string());
            let entered_at = rusqlite::types::Value::Text(entered_at.to_string());
            insert.execute(params_from_iter(
                [hash, entered_at].into_iter().chain(values),
            ))?;
        }
        Ok(())
    }
}

/// Adds each actor's change of standing claims to its row of the series cache (inside the
/// caller's transaction), bumping its version.
fn add_to_summaries(
    tx: &rusqlite::Transaction<'_>,
    change: &std::collections::BTreeMap<String, i64>,
) -> Result<(), Error> {
    let mut upsert = tx.prepare_cached(summary::ADD_CLAIMS)?;
    for (key, n) in change {
        upsert.execute(params![key, n])?;
    }
    Ok(())
}

/// Runs `operation` until it succeeds, fails otherwise than with "database is locked", or
/// `deadline` passes. `PRAGMA journal_mode` answers "database is locked" at once, without
/// the busy timeout, while another process opens a new ledger.
fn while_busy<T>(
    deadline: Instant,
    mut operation: impl FnMut() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let mut pause = Duration::from_millis(2);
    loop {
        match operation() {
            Err(error) if is_busy(&error) && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            outcome => return outcome,
        }
    }
}

/// Whether an error is SQLite's "database is locked" (another connection holds the lock).
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Brings the schema up to date, all missing migrations in one transaction.
///
/// Processes that open a new ledger at the same moment may each find the migrations
/// missing; the transaction of the second then fails on the tables the first created. A
/// failure after which more migrations are recorded than before is such a race, and the
/// migrations are run again (finding them applied): the count only grows, so this ends.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    let n_applied = |conn: &Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM refinery_schema_history", [], |row| {
            row.get(0)
        })
        .unwrap_or(0)
    };
    loop {
        let n_before = n_applied(conn);
        match embedded::migrations::runner().set_grouped(true).run(conn) {
            Ok(_) => return Ok(()),
            Err(_) if n_applied(conn) > n_before => continue,
            Err(source) => {
                return Err(Error::Migrate {
                    path: path.to_path_buf(),
                    source: Box::new(source),
                })
            }
        }
    }
}

/// A text-query error for a statement that failed while `query` was set.
fn text_query_error(error: rusqlite::Error, query: Option<&String>) -> Error {
    match (query, &error) {
        // SQLITE_ERROR (not BUSY, IOERR, CORRUPT…) while a text query is set: the query.
        (Some(query), rusqlite::Error::SqliteFailure(code, Some(message)))
            if code.code == rusqlite::ErrorCode::Unknown =>
        {
            Error::TextQuery {
                query: query.clone(),
                message: message.clone(),
            }
        }
        _ => Error::Sqlite(error),
    }
}

impl Ledger for SqliteLedger {
    fn add(&mut self, batch: &[Extracted]) -> Result<Vec<Added>, Error> {
        // The document and its claims enter the ledger at one moment.
        let ingested_at = moment::text(moment::now());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = Vec::with_capacity(batch.len());
        {
            let mut insert_document = tx.prepare_cached(
                "INSERT INTO documents (hash, doc_id, url, title, publisher, lang, published, ingested_at, \
                 grammar_version, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
            )?;
            let mut insert_text = tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
            )?;
            for item in batch {
                let doc = &item.document;
                let n_inserted = insert_document.execute(params![
                    item.hash.as_str(),
                    doc.id,
                    doc.url,
                    doc.title,
                    doc.publisher,
                    doc.lang,
                    doc.published.map(|day| day.to_string()),
                    ingested_at,
                    item.grammar_version,
                    doc.text,
                ])?;
                if n_inserted == 0 {
                    added.push(Added::AlreadyPresent);
                    continue;
                }
                let doc_key = tx.last_insert_rowid();
                insert_text.execute(params![doc_key, doc.title, doc.text])?;
                SqliteLedger::insert_claims(&tx, &item.hash, &item.claims, &ingested_at)?;
                added.push(Added::New {
                    n_claims: item.claims.len(),
                });
            }
        }
        let stored = batch
            .iter()
            .zip(&added)
            .filter(|(_, added)| matches!(added, Added::New { .. }))
            .flat_map(|(item, _)| &item.claims);
        add_to_summaries(&tx, &summary::claims_per_actor(stored))?;
        tx.commit()?;
        Ok(added)
    }

    fn contains(&self, hashes: &[DocumentHash]) -> Result<Vec<bool>, Error> {
        let mut select = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?")?;
        hashes
            .iter()
            .map(|hash| Ok(select.exists([hash.as_str()])?))
            .collect()
    }

    fn extracted_claim(&self, id: i64) -> Result<Option<StoredClaim>, Error> {
        let mut select = self.conn.prepare_cached(&format!(
            "SELECT id, document_hash, {CLAIM_COLUMNS} FROM claims WHERE id = ?"
        ))?;
        let mut rows = select.query([id])?;
        match rows.next()? {
            Some(row) => Ok(Some(claim_from_row(row)?)),
            None => Ok(None),
        }
    }

    fn for_each_extracted_claim(
        &self,
        filter: &ClaimFilter,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        let columns: Vec<String> = CLAIM_COLUMNS
            .split(", ")
            .map(|column| format!("c.{}", column.trim()))
            .collect();
        let mut where_ = query::claims(filter, Dialect::Sqlite)?;
        if let Some(ids) = only {
            if ids.is_empty() {
                return Ok(());
            }
            where_.and(&query::id_list("c.id", ids), []);
        }
        where_.order_limit("c.id", filter.limit);
        let sql = format!(
            "SELECT c.id, c.document_hash, {} FROM claims c JOIN documents d ON d.hash = c.document_hash{}",
            columns.join(", "),
            where_.sql
        );
        let on_error = |error| text_query_error(error, filter.text.as_ref());
        let mut select = self.conn.prepare_cached(&sql)?;
        let mut rows = select
            .query(params_from_iter(where_.params.into_iter().map(rows::value)))
            .map_err(on_error)?;
        while let Some(row) = rows.next().map_err(on_error)? {
            if each(claim_from_row(row)?).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn document(&self, hash: &DocumentHash) -> Result<Option<StoredDocument>, Error> {
        let mut select = self.conn.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE hash = ?"
        ))?;
        let mut rows = select.query([hash.as_str()])?;
        match rows.next()? {
            Some(row) => Ok(Some(document_from_row(row)?)),
            None => Ok(None),
        }
    }

    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, Error> {
        let where_ = query::documents(filter, Dialect::Sqlite)?;
        let sql = format!(
            "SELECT d.hash, d.doc_id, d.title, d.published, \
             (SELECT COUNT(*) FROM claims c WHERE c.document_hash = d.hash AND c.superseded_at IS NULL) \
             FROM documents d{}",
            where_.sql
        );
        let on_error = |error| text_query_error(error, filter.text.as_ref());
        let mut select = self.conn.prepare_cached(&sql)?;
        let mut rows = select
            .query(params_from_iter(where_.params.into_iter().map(rows::value)))
            .map_err(on_error)?;
        let mut documents = Vec::new();
        while let Some(row) = rows.next().map_err(on_error)? {
            let hash: String = row.get(0)?;
            let bad = |field: &'static str, value: String| Error::BadDocument {
                hash: hash.clone(),
                field,
                value,
            };
            let published: Option<String> = row.get(3)?;
            let published = match published {
                None => None,
                Some(day) => Some(day.parse().map_err(|_| bad("published", day))?),
            };
            let n_claims: i64 = row.get(4)?;
            documents.push(DocumentSummary {
                hash: DocumentHash::parse(&hash).ok_or_else(|| bad("hash", hash.clone()))?,
                id: row.get(1)?,
                title: row.get(2)?,
                published,
                n_claims: usize::try_from(n_claims).unwrap_or(0),
            });
        }
        Ok(documents)
    }

    fn stale_documents(
        &self,
        grammar_version: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, Error> {
        let mut select = self.conn.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE grammar_version <> ? ORDER BY doc_key LIMIT ? OFFSET ?"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let skip = i64::try_from(skip).unwrap_or(i64::MAX);
        let mut rows = select.query(params![grammar_version, limit, skip])?;
        let mut documents = Vec::new();
        while let Some(row) = rows.next()? {
            documents.push(document_from_row(row)?);
        }
        Ok(documents)
    }

    fn replace_claims(
        &mut self,
        batch: &[(DocumentHash, Vec<Claim>)],
        grammar_version: &str,
    ) -> Result<(usize, usize), Error> {
        // The old claims stop standing when the new ones enter: one moment for both.
        let at = moment::text(moment::now());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut n_superseded, mut n_added) = (0, 0);
        {
            // A document another process already moved to this grammar is left alone, so
            // that two runs at once do not store its claims twice.
            let mut mark = tx.prepare_cached(
                "UPDATE documents SET grammar_version = ?1 WHERE hash = ?2 AND grammar_version <> ?1",
            )?;
            let mut supersede = tx.prepare_cached(
                "UPDATE claims SET superseded_at = ? \
                 WHERE document_hash = ? AND grammar_version <> ? AND superseded_at IS NULL",
            )?;
            let mut per_actor = tx.prepare_cached(summary::SUPERSEDED_PER_ACTOR)?;
            for (hash, claims) in batch {
                if mark.execute(params![grammar_version, hash.as_str()])? == 0 {
                    continue;
                }
                let mut gone: Vec<(String, i64)> = Vec::new();
                let mut rows = per_actor.query(params![hash.as_str(), grammar_version])?;
                while let Some(row) = rows.next()? {
                    let n: i64 = row.get(1)?;
                    gone.push((row.get(0)?, -n));
                }
                n_superseded += supersede.execute(params![at, hash.as_str(), grammar_version])?;
                let current: Vec<Claim> = claims
                    .iter()
                    .filter(|claim| claim.grammar_version == grammar_version)
                    .cloned()
                    .collect();
                SqliteLedger::insert_claims(&tx, hash, &current, &at)?;
                n_added += current.len();
                let mut change = summary::claims_per_actor(&current);
                for (key, n) in gone {
                    *change.entry(key).or_insert(0) += n;
                }
                add_to_summaries(&tx, &change)?;
            }
            // Reviews follow their claims to the new ones: any actor may change.
            tx.execute(summary::BUMP_ALL, [])?;
        }
        tx.commit()?;
        Ok((n_superseded, n_added))
    }

    fn counts(&self) -> Result<Counts, Error> {
        let count = |sql: &str| -> Result<usize, Error> {
            let n: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            n_documents: count("SELECT COUNT(*) FROM documents")?,
            n_claims: count("SELECT COUNT(*) FROM claims WHERE superseded_at IS NULL")?,
            n_superseded: count("SELECT COUNT(*) FROM claims WHERE superseded_at IS NOT NULL")?,
            n_reviews: count("SELECT COUNT(*) FROM reviews")?,
            n_grades: count("SELECT COUNT(*) FROM source_grades")?,
        })
    }

    fn hashes_of_id(&self, id: &str) -> Result<Vec<DocumentHash>, Error> {
        let mut select = self
            .conn
            .prepare_cached("SELECT hash FROM documents WHERE doc_id = ?")?;
        let mut rows = select.query([id])?;
        let mut hashes = Vec::new();
        while let Some(row) = rows.next()? {
            let hash: String = row.get(0)?;
            hashes.push(
                DocumentHash::parse(&hash).ok_or_else(|| Error::BadDocument {
                    hash: hash.clone(),
                    field: "hash",
                    value: hash.clone(),
                })?,
            );
        }
        Ok(hashes)
    }

    fn actor_summaries(&self) -> Result<Vec<ActorSummary>, Error> {
        let mut select = self.conn.prepare_cached(summary::SELECT_ALL)?;
        let mut rows = select.query([])?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            let n_claims: i64 = row.get(1)?;
            all.push(ActorSummary {
                actor: summary::key_actor(row.get(0)?),
                n_claims: usize::try_from(n_claims).unwrap_or(0),
                version: row.get(2)?,
                summary: row.get(3)?,
            });
        }
        Ok(all)
    }

    fn put_actor_summary(
        &mut self,
        actor: Option<&str>,
        version: i64,
        summary: &str,
    ) -> Result<(), Error> {
        let key = summary::actor_key(actor);
        self.conn
            .execute(summary::PUT_SUMMARY, params![key, summary, version])?;
        Ok(())
    }

    fn n_documents(&self) -> Result<usize, Error> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn set_deadline(&mut self, deadline: Option<Instant>) -> Result<(), Error> {
        self.deadline = deadline;
        self.install_progress_handler()
    }

    fn set_cancel_flag(&mut self, cancelled: Option<Arc<AtomicBool>>) -> Result<(), Error> {
        self.cancelled = cancelled;
        self.install_progress_handler()
    }

    fn claim_spots(
        &self,
        hashes: &[DocumentHash],
        known_on: Option<jiff::Timestamp>,
    ) -> Result<Vec<ClaimSpot>, Error> {
        let mut where_ = query::standing(known_on, Dialect::Sqlite);
        where_.and("c.document_hash = ?", []);
        let mut select = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.document_hash, c.evidence_field, c.number_start, c.number_end \
             FROM claims c{} ORDER BY c.id",
            where_.sql
        ))?;
        let mut spots = Vec::new();
        for hash in hashes {
            let params = where_
                .params
                .iter()
                .cloned()
                .map(rows::value)
                .chain([rusqlite::types::Value::Text(hash.as_str().to_string())]);
            let mut rows = select.query(params_from_iter(params))?;
            while let Some(row) = rows.next()? {
                spots.push(rows::spot_from_row(row)?);
            }
        }
        Ok(spots)
    }

    fn insert_review(&mut self, review: &Review) -> Result<i64, Error> {
        self.insert_row("reviews", &REVIEW_COLUMNS, review_cells(review))
    }

    fn reviews(&self) -> Result<Vec<Review>, Error> {
        self.all_rows("reviews", &REVIEW_COLUMNS, rows::review_from_row)
    }

    fn insert_grade(&mut self, grade: &SourceGrade) -> Result<i64, Error> {
        self.insert_row("source_grades", &GRADE_COLUMNS, grade_cells(grade))
    }

    fn grades(&self) -> Result<Vec<SourceGrade>, Error> {
        self.all_rows("source_grades", &GRADE_COLUMNS, rows::grade_from_row)
    }
}

/// The append-only tables (reviews, grades): a row added, every row read.
impl SqliteLedger {
    /// Adds one row of `cells` under `columns` to `table`; its id.
    fn insert_row(
        &mut self,
        table: &str,
        columns: &[&str],
        cells: Vec<Cell>,
    ) -> Result<i64, Error> {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES (?{})",
            columns.join(", "),
            ", ?".repeat(columns.len() - 1)
        );
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(&sql, params_from_iter(cells.into_iter().map(rows::value)))?;
        let id = tx.last_insert_rowid();
        // A review may move a claim to another actor, a grade weighs every estimate.
        tx.execute(summary::BUMP_ALL, [])?;
        tx.commit()?;
        Ok(id)
    }

    /// Every row of `table` in the order added, each read by `from_row`.
    fn all_rows<T>(
        &self,
        table: &str,
        columns: &[&str],
        from_row: fn(&rusqlite::Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let sql = format!("SELECT id, {} FROM {table} ORDER BY id", columns.join(", "));
        let mut select = self.conn.prepare_cached(&sql)?;
        let mut rows = select.query([])?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            all.push(from_row(row)?);
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_ledger_is_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SqliteLedger::open(dir.path().join("t.db")).unwrap();
        let mode: String = ledger
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert!(ledger.check().unwrap().is_empty());
    }

    #[test]
    fn a_query_past_its_deadline_is_cancelled_and_the_connection_serves_on() {
        let mut ledger = SqliteLedger::open_in_memory().unwrap();
        // A query of some ten thousand steps: past a deadline that has passed, it stops.
        let count =
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) \
                     SELECT COUNT(*) FROM n";
        ledger.set_deadline(Some(Instant::now())).unwrap();
        let error = Error::from(
            ledger
                .conn
                .query_row(count, [], |row| row.get::<_, i64>(0))
                .unwrap_err(),
        );
        assert!(error.is_deadline(), "{error}");
        assert!(!Error::from(rusqlite::Error::InvalidQuery).is_deadline());
        ledger.set_deadline(None).unwrap();
        let n: i64 = ledger.conn.query_row(count, [], |row| row.get(0)).unwrap();
        assert_eq!(n, 10000);
        // The one waiting for the answer went away: the statement stops too.
        let cancelled = Arc::new(AtomicBool::new(false));
        ledger
            .set_cancel_flag(Some(Arc::clone(&cancelled)))
            .unwrap();
        let n: i64 = ledger.conn.query_row(count, [], |row| row.get(0)).unwrap();
        assert_eq!(n, 10000);
        cancelled.store(true, Ordering::Relaxed);
        let error = Error::from(
            ledger
                .conn
                .query_row(count, [], |row| row.get::<_, i64>(0))
                .unwrap_err(),
        );
        assert!(error.is_deadline(), "{error}");
        ledger.set_cancel_flag(None).unwrap();
        assert!(ledger
            .conn
            .query_row(count, [], |row| row.get::<_, i64>(0))
            .is_ok());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(
            &path,
            "not a database, just some text that is long enough to matter\n".repeat(20),
        )
        .unwrap();
        let error = SqliteLedger::open(&path).unwrap_err().to_string();
        assert!(error.contains("notes.txt"), "{error}");
    }
}
