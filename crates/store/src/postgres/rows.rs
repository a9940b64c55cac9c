//! PostgreSQL rows as [`Cells`], claims as column arrays for one `INSERT … SELECT FROM
//! unnest(…)`, and the select lists that read days and times back as text.

use std::sync::LazyLock;

use postgres::types::ToSql;
use postgres::Row;
use tally_core::Claim;

use crate::record::{
    self, Cell, Cells, CLAIM_COLUMNS, CLAIM_DATE_COLUMNS, DOCUMENT_COLUMNS, N_CLAIM_COLUMNS,
};
use crate::{
    ClaimSpot, DocumentHash, DocumentSummary, Error, Review, SourceGrade, StoredClaim,
    StoredDocument,
};

/// The PostgreSQL type of each claim column, in the order of [`CLAIM_COLUMNS`].
const CLAIM_TYPES: [&str; N_CLAIM_COLUMNS] = [
    "text", "text", "float8", "float8", "bool", "text", "text", "bool", "text", "text", "text",
    "text", "date", "date", "date", "text", "float8", "float8", "text", "text", "int8", "int8",
    "int8", "int8", "text", "text", "text", "text", "text", "text", "text", "text", "float8",
    "float8", "text", "int8", "int8",
];

fn claim_columns() -> impl Iterator<Item = &'static str> {
    CLAIM_COLUMNS.split(',').map(str::trim)
}

/// The claim columns of `claims c`, days as `YYYY-MM-DD` text.
pub(crate) fn claim_select() -> String {
    let columns: Vec<String> = claim_columns()
        .map(|column| {
            if CLAIM_DATE_COLUMNS.contains(&column) {
                format!("to_char(c.{column}, 'YYYY-MM-DD')")
            } else {
                format!("c.{column}")
            }
        })
        .collect();
    columns.join(", ")
}

/// The document columns, the day as `YYYY-MM-DD` and the ingestion time as RFC 3339 text.
pub(crate) fn document_select() -> String {
    DOCUMENT_COLUMNS
        .split(',')
        .map(str::trim)
        .map(|column| match column {
            "published" => "to_char(published, 'YYYY-MM-DD')".to_string(),
            "ingested_at" => {
                "to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                    .to_string()
            }
            column => column.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO claims` of whole columns: `$1` the document hashes, then one array per
/// claim column, in order, and last the moment the claims enter the ledger (text).
pub(crate) static INSERT_CLAIMS: LazyLock<String> = LazyLock::new(|| {
    let names: Vec<&str> = claim_columns().collect();
    let arrays: Vec<String> = CLAIM_TYPES
        .iter()
        .enumerate()
        .map(|(idx, kind)| {
            let array = if *kind == "date" { "text" } else { kind };
            format!("${}::{array}[]", idx + 2)
        })
        .collect();
    let selected: Vec<String> = names
        .iter()
        .zip(CLAIM_TYPES)
        .map(|(name, kind)| {
            if kind == "date" {
                format!("u.{name}::date")
            } else {
                format!("u.{name}")
            }
        })
        .collect();
    format!(
        "INSERT INTO claims (document_hash, entered_at, {columns}) \
         SELECT u.document_hash, ${entered_at}::text::timestamptz, {selected} \
         FROM unnest($1::text[], {arrays}) WITH ORDINALITY AS u (document_hash, {columns}, ord) ORDER BY u.ord",
        columns = names.join(", "),
        selected = selected.join(", "),
        arrays = arrays.join(", "),
        entered_at = N_CLAIM_COLUMNS + 2,
    )
});

/// One array per column of the claims to insert.
#[derive(Debug, Default)]
pub(crate) struct ClaimArrays {
    hashes: Vec<String>,
    columns: Vec<Column>,
}

#[derive(Debug)]
enum Column {
    Text(Vec<Option<String>>),
    Real(Vec<Option<f64>>),
    Integer(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

impl ClaimArrays {
    pub fn push(&mut self, hash: &DocumentHash, claim: &Claim) {
        if self.columns.is_empty() {
            self.columns = CLAIM_TYPES
                .iter()
                .map(|kind| match *kind {
                    "float8" => Column::Real(Vec::new()),
                    "int8" => Column::Integer(Vec::new()),
                    "bool" => Column::Bool(Vec::new()),
                    _ => Column::Text(Vec::new()),
                })
                .collect();
        }
        self.hashes.push(hash.as_str().to_string());
        for (column, cell) in self.columns.iter_mut().zip(record::claim_cells(claim)) {
            match (column, cell) {
                (Column::Text(values), Cell::Text(text)) => {
                    values.push(Some(super::pg_text(&text).into_owned()))
                }
                (Column::Text(values), _) => values.push(None),
                (Column::Real(values), Cell::Real(real)) => values.push(Some(real)),
                (Column::Real(values), _) => values.push(None),
                (Column::Integer(values), Cell::Integer(integer)) => values.push(Some(integer)),
                (Column::Integer(values), _) => values.push(None),
                (Column::Bool(values), Cell::Bool(flag)) => values.push(Some(flag)),
                (Column::Bool(values), _) => values.push(None),
            }
        }
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The parameters of [`INSERT_CLAIMS`], the claims entering the ledger at `entered_at`
    /// (RFC 3339 text).
    pub fn params(self, entered_at: String) -> Vec<Box<dyn ToSql + Sync>> {
        let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(self.hashes)];
        for column in self.columns {
            params.push(match column {
                Column::Text(values) => Box::new(values),
                Column::Real(values) => Box::new(values),
                Column::Integer(values) => Box::new(values),
                Column::Bool(values) => Box::new(values),
            });
        }
        params.push(Box::new(entered_at));
        params
    }
}

/// Query parameters from backend-neutral cells.
pub(crate) fn params(cells: &[Cell]) -> Vec<Box<dyn ToSql + Sync>> {
    cells
        .iter()
        .map(|cell| -> Box<dyn ToSql + Sync> {
            match cell {
                Cell::Null => Box::new(None::<String>),
                Cell::Text(text) => Box::new(text.clone()),
                Cell::Real(real) => Box::new(*real),
                Cell::Integer(integer) => Box::new(*integer),
                Cell::Bool(flag) => Box::new(*flag),
            }
        })
        .collect()
}

struct PostgresRow<'r>(&'r Row);

impl Cells for PostgresRow<'_> {
    fn text(&self, idx: usize) -> Result<Option<String>, Error> {
        Ok(self.0.try_get(idx)?)
    }

    fn real(&self, idx: usize) -> Result<Option<f64>, Error> {
        Ok(self.0.try_get(idx)?)
    }

    fn integer(&self, idx: usize) -> Result<i64, Error> {
        Ok(self.0.try_get(idx)?)
    }

    fn optional_integer(&self, idx: usize) -> Result<Option<i64>, Error> {
        Ok(self.0.try_get(idx)?)
    }

    fn boolean(&self, idx: usize) -> Result<bool, Error> {
        Ok(self.0.try_get(idx)?)
    }
}

/// A stored claim from a row of `id, document_hash, <claim_select()>`.
pub(crate) fn claim_from_row(row: &Row) -> Result<StoredClaim, Error> {
    record::claim_from(&PostgresRow(row))
}

/// A stored document from a row of [`document_select`].
pub(crate) fn document_from_row(row: &Row) -> Result<StoredDocument, Error> {
    record::document_from(&PostgresRow(row))
}

/// A document summary from a row of `hash, doc_id, title, published, n_claims`.
pub(crate) fn summary_from_row(row: &Row) -> Result<DocumentSummary, Error> {
    let hash: String = row.try_get(0)?;
    let bad = |field: &'static str, value: String| Error::BadDocument {
        hash: hash.clone(),
        field,
        value,
    };
    let published: Option<String> = row.try_get(3)?;
    let published = match published {
        None => None,
        Some(day) => Some(day.parse().map_err(|_| bad("published", day))?),
    };
    let n_claims: i64 = row.try_get(4)?;
    Ok(DocumentSummary {
        hash: DocumentHash::parse(&hash).ok_or_else(|| bad("hash", hash.clone()))?,
        id: row.try_get(1)?,
        title: row.try_get(2)?,
        published,
        n_claims: usize::try_from(n_claims).unwrap_or(0),
    })
}

/// A timestamp column read back as RFC 3339 text.
fn time_text(column: &str) -> String {
    format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
}

/// `id` and the columns of `columns`, the time column `time` as RFC 3339 text.
pub(crate) fn select_with_time(columns: &[&str], time: &str) -> String {
    let mut select = vec![String::from("id")];
    select.extend(columns.iter().map(|column| {
        if *column == time {
            time_text(column)
        } else {
            (*column).to_string()
        }
    }));
    select.join(", ")
}

/// `$1, $2, …` for `columns`, the time column `time` cast from text.
pub(crate) fn values_with_time(columns: &[&str], time: &str) -> String {
    let values: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(idx, column)| {
            if *column == time {
                format!("${}::text::timestamptz", idx + 1)
            } else {
                format!("${}", idx + 1)
            }
        })
        .collect();
    values.join(", ")
}

/// A review from a row of `id, <REVIEW_COLUMNS>`.
pub(crate) fn review_from_row(row: &Row) -> Result<Review, Error> {
    record::review_from(&PostgresRow(row))
}

/// A grade from a row of `id, <GRADE_COLUMNS>`.
pub(crate) fn grade_from_row(row: &Row) -> Result<SourceGrade, Error> {
    record::grade_from(&PostgresRow(row))
}

/// A claim spot from a row of `id, document_hash, evidence_field, number_start, number_end`.
pub(crate) fn spot_from_row(row: &Row) -> Result<ClaimSpot, Error> {
    record::spot_from(&PostgresRow(row))
}
