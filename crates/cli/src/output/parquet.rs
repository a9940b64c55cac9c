//! Stored claims as a Parquet file (cargo feature `parquet`): one row per claim, the
//! columns of the CSV export with typed values (floats, booleans, `Date32` days).

use std::fs::File;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use tally_core::Date;
use tally_store::StoredClaim;

use super::stored::{csv_cells, DocumentInfo};

/// Rows per record batch (and so per row group at most).
const BATCH_ROWS: usize = 64 * 1024;

/// The column types, by CSV column name.
fn data_type(column: &str) -> (DataType, bool) {
    match column {
        "id" | "sentence_start" | "sentence_end" | "number_start" | "number_end" => {
            (DataType::Int64, false)
        }
        "low" | "high" | "probability_low" | "probability_high" | "place_lat" | "place_lon" => {
            (DataType::Float64, true)
        }
        "part_of_number_start" => (DataType::Int64, true),
        "approx" | "increment" => (DataType::Boolean, false),
        "published" | "as_of_first" | "as_of_last" | "stated" => (DataType::Date32, true),
        "title" | "url" | "of" | "actor" | "source" | "confidence" | "place" | "place_name"
        | "place_country" | "place_region" | "group" | "review" | "reviewed" => {
            (DataType::Utf8, true)
        }
        _ => (DataType::Utf8, false),
    }
}

enum Column {
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
    /// A text column, and whether an empty cell is null.
    Text(StringBuilder, bool),
}

/// Writes claims to a Parquet file, a batch at a time.
pub struct ParquetWriter {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    columns: Vec<Column>,
    n_rows: usize,
}

impl ParquetWriter {
    /// A writer of a new file (snappy-compressed).
    ///
    /// # Errors
    ///
    /// Fails when the Parquet writer cannot start.
    pub fn new(file: File) -> anyhow::Result<ParquetWriter> {
        let fields: Vec<Field> = super::stored::CSV_HEADER
            .iter()
            .map(|name| {
                let (data_type, nullable) = data_type(name);
                Field::new(*name, data_type, nullable)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))?;
        let mut this = ParquetWriter {
            writer,
            schema,
            columns: Vec::new(),
            n_rows: 0,
        };
        this.columns = this.new_columns();
        Ok(this)
    }

    fn new_columns(&self) -> Vec<Column> {
        self.schema
            .fields()
            .iter()
            .map(|field| match field.data_type() {
                DataType::Int64 => Column::Int(Int64Builder::new()),
                DataType::Float64 => Column::Float(Float64Builder::new()),
                DataType::Boolean => Column::Bool(BooleanBuilder::new()),
                DataType::Date32 => Column::Date(Date32Builder::new()),
                _ => Column::Text(StringBuilder::new(), field.is_nullable()),
            })
            .collect()
    }

    /// Adds one claim, with its document's title, URL and publication day.
    ///
    /// # Errors
    ///
    /// Fails when a full batch cannot be written.
    pub fn push(&mut self, stored: &StoredClaim, document: &DocumentInfo) -> anyhow::Result<()> {
        let cells = csv_cells(stored, document);
        for (column, cell) in self.columns.iter_mut().zip(cells.iter()) {
            let cell = cell.as_str();
            match column {
                Column::Int(b) => b.append_option(cell.parse::<i64>().ok()),
                Column::Float(b) => b.append_option(cell.parse::<f64>().ok()),
                Column::Bool(b) => b.append_value(cell == "true"),
                Column::Date(b) => {
                    b.append_option(cell.parse::<Date>().ok().and_then(days_since_epoch))
                }
                Column::Text(b, true) if cell.is_empty() => b.append_null(),
                Column::Text(b, _) => b.append_value(cell),
            }
        }
        self.n_rows += 1;
        if self.n_rows >= BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> anyhow::Result<()> {
        if self.n_rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|column| -> ArrayRef {
                match column {
                    Column::Int(b) => Arc::new(b.finish()),
                    Column::Float(b) => Arc::new(b.finish()),
                    Column::Bool(b) => Arc::new(b.finish()),
                    Column::Date(b) => Arc::new(b.finish()),
                    Column::Text(b, _) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.n_rows = 0;
        Ok(())
    }

    /// Writes what is left and the file's footer.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be written.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.write_batch()?;
        self.writer.close()?;
        Ok(())
    }
}

/// Days since 1970-01-01, Parquet's `DATE`.
fn days_since_epoch(day: Date) -> Option<i32> {
    let epoch = Date::new(1970, 1, 1).ok()?;
    Some(epoch.until(day).ok()?.get_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::sample_extraction;
    use arrow_array::{Array, Date32Array, Float64Array, StringArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use tally_store::DocumentHash;

    #[test]
    fn claims_round_trip_with_typed_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.parquet");
        let mut writer = ParquetWriter::new(File::create(&path).unwrap()).unwrap();
        for (claim_idx, claim) in sample_extraction().claims.into_iter().enumerate() {
            let stored = StoredClaim {
                id: claim_idx as i64 + 1,
                document_hash: DocumentHash::of_text("x"),
                claim,
                review: None,
            };
            let document = DocumentInfo {
                title: Some("Troops sent".into()),
                url: None,
                published: Some(Date::new(2025, 4, 1).unwrap()),
            };
            writer.push(&stored, &document).unwrap();
        }
        writer.finish().unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        let batch = &batches[0];
        let low = batch
            .column_by_name("low")
            .unwrap()
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap();
        assert_eq!(low.value(0), 5000.0);
        let high = batch.column_by_name("high").unwrap();
        assert!(high.is_null(0));
        let first = batch
            .column_by_name("as_of_first")
            .unwrap()
            .as_any()
            .downcast_ref::<Date32Array>()
            .unwrap();
        assert_eq!(
            first.value(0),
            days_since_epoch(Date::new(2025, 3, 1).unwrap()).unwrap()
        );
        let actor = batch
            .column_by_name("actor")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(actor.value(0), "PRK");
        let title = batch
            .column_by_name("title")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(title.value(0), "Troops sent");
        assert!(batch.column_by_name("url").unwrap().is_null(0));
        let published = batch
            .column_by_name("published")
            .unwrap()
            .as_any()
            .downcast_ref::<Date32Array>()
            .unwrap();
        assert_eq!(
            published.value(0),
            days_since_epoch(Date::new(2025, 4, 1).unwrap()).unwrap()
        );
    }
}
