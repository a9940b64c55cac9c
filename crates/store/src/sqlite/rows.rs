//! SQLite rows as [`Cells`], and claim values as SQLite values.

use rusqlite::types::Value as SqlValue;
use rusqlite::Row;

use crate::record::{self, Cell, Cells};
use crate::{ClaimSpot, Error, Review, SourceGrade, StoredClaim, StoredDocument};

pub(crate) use crate::record::{CLAIM_COLUMNS, DOCUMENT_COLUMNS, N_CLAIM_COLUMNS};

/// An SQLite value from a backend-neutral cell (booleans as 0 and 1).
pub(crate) fn value(cell: Cell) -> SqlValue {
    match cell {
        Cell::Null => SqlValue::Null,
        Cell::Text(text) => SqlValue::Text(text),
        Cell::Real(real) => SqlValue::Real(real),
        Cell::Integer(integer) => SqlValue::Integer(integer),
        Cell::Bool(flag) => SqlValue::Integer(i64::from(flag)),
    }
}

/// The values of the claim columns, in the order of [`CLAIM_COLUMNS`].
pub(crate) fn claim_values(claim: &tally_core::Claim) -> impl Iterator<Item = SqlValue> {
    record::claim_cells(claim).into_iter().map(value)
}

struct SqliteRow<'r, 's>(&'r Row<'s>);

impl Cells for SqliteRow<'_, '_> {
    fn text(&self, idx: usize) -> Result<Option<String>, Error> {
        Ok(self.0.get(idx)?)
    }

    fn real(&self, idx: usize) -> Result<Option<f64>, Error> {
        Ok(self.0.get(idx)?)
    }

    fn integer(&self, idx: usize) -> Result<i64, Error> {
        Ok(self.0.get(idx)?)
    }

    fn optional_integer(&self, idx: usize) -> Result<Option<i64>, Error> {
        Ok(self.0.get(idx)?)
    }

    fn boolean(&self, idx: usize) -> Result<bool, Error> {
        Ok(self.0.get(idx)?)
    }
}

/// A stored claim from a row of `id, document_hash, <CLAIM_COLUMNS>`.
pub(crate) fn claim_from_row(row: &Row<'_>) -> Result<StoredClaim, Error> {
    record::claim_from(&SqliteRow(row))
}

/// A stored document from a row of [`DOCUMENT_COLUMNS`].
pub(crate) fn document_from_row(row: &Row<'_>) -> Result<StoredDocument, Error> {
    record::document_from(&SqliteRow(row))
}

/// A review from a row of `id, <REVIEW_COLUMNS>`.
pub(crate) fn review_from_row(row: &Row<'_>) -> Result<Review, Error> {
    record::review_from(&SqliteRow(row))
}

/// A grade from a row of `id, <GRADE_COLUMNS>`.
pub(crate) fn grade_from_row(row: &Row<'_>) -> Result<SourceGrade, Error> {
    record::grade_from(&SqliteRow(row))
}

/// A claim spot from a row of `id, document_hash, evidence_field, number_start, number_end`.
pub(crate) fn spot_from_row(row: &Row<'_>) -> Result<ClaimSpot, Error> {
    record::spot_from(&SqliteRow(row))
}
