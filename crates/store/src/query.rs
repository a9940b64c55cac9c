//! Filters to SQL: a `WHERE` clause and its parameters, in the dialect of a backend.

use crate::record::Cell;
use crate::{ClaimFilter, DocumentFilter, Error};

/// Where the SQL of a filter differs between backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `?` parameters, FTS5 full-text search.
    Sqlite,
    /// `$n` parameters, days as `date`, tsvector full-text search.
    Postgres,
}

/// A `WHERE` clause (empty, or starting with ` WHERE`), then any `ORDER BY` and `LIMIT`,
/// and its parameters.
#[derive(Debug)]
pub(crate) struct Where {
    pub sql: String,
    pub params: Vec<Cell>,
    dialect: Dialect,
}

impl Where {
    fn new(dialect: Dialect) -> Where {
        Where {
            sql: String::new(),
            params: Vec::new(),
            dialect,
        }
    }

    /// Adds a condition; each `?` in it takes the next parameter.
    pub fn and(&mut self, condition: &str, params: impl IntoIterator<Item = Cell>) {
        self.sql.push_str(if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        match self.dialect {
            Dialect::Sqlite => self.sql.push_str(condition),
            Dialect::Postgres => {
                let mut n_params = self.params.len();
                for (part_idx, part) in condition.split('?').enumerate() {
                    if part_idx > 0 {
                        n_params += 1;
                        self.sql.push_str(&format!("${n_params}"));
                    }
                    self.sql.push_str(part);
                }
            }
        }
        self.params.extend(params);
    }

    /// Appends `ORDER BY order` and a `LIMIT` if any.
    pub fn order_limit(&mut self, order: &str, limit: Option<usize>) {
        self.sql.push_str(" ORDER BY ");
        self.sql.push_str(order);
        if let Some(limit) = limit {
            self.params
                .push(Cell::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            match self.dialect {
                Dialect::Sqlite => self.sql.push_str(" LIMIT ?"),
                Dialect::Postgres => self.sql.push_str(&format!(" LIMIT ${}", self.params.len())),
            }
        }
    }

    /// A parameter compared with a day column.
    fn day(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "?",
            Dialect::Postgres => "?::text::date",
        }
    }

    /// A condition on `d` that its title or text matches `query`.
    fn text(&mut self, query: &str) -> Result<(), Error> {
        match self.dialect {
            Dialect::Sqlite => self.and(
                "d.doc_key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
                [text(&fts_query(query))],
            ),
            Dialect::Postgres => {
                let tsquery = crate::postgres::text::tsquery(query)?;
                self.and("d.search @@ to_tsquery('simple', ?)", [text(&tsquery)]);
            }
        }
        Ok(())
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The conditions of `filter` over `claims c JOIN documents d`, without order or limit.
///
/// # Errors
///
/// Fails when the text query cannot be read (PostgreSQL).
pub(crate) fn claims(filter: &ClaimFilter, dialect: Dialect) -> Result<Where, Error> {
    let mut w = Where::new(dialect);
    if let Some(actor) = &filter.actor {
        w.and("lower(c.actor) = lower(?)", [text(actor)]);
    }
    if let Some(metric) = filter.metric {
        w.and("c.metric = ?", [text(metric.as_str())]);
    }
    if let Some(role) = filter.role {
        w.and("c.role = ?", [text(role.as_str())]);
    }
    if let Some(scope) = filter.scope {
        w.and("c.scope = ?", [text(scope.as_str())]);
    }
    if let Some(place) = &filter.place {
        let pattern = format!("%{}%", escape_like(place));
        w.and(
            "(lower(c.place_text) LIKE lower(?) ESCAPE '\\' \
             OR lower(c.place_name) LIKE lower(?) ESCAPE '\\' \
             OR lower(c.place_country) = lower(?))",
            [text(&pattern), text(&pattern), text(place)],
        );
    }
    if let Some(source) = &filter.source {
        w.and(
            "lower(c.source) LIKE lower(?) ESCAPE '\\'",
            [text(&format!("%{}%", escape_like(source)))],
        );
    }
    // A claim's dates: as of, else the day stated, else the day published.
    if let Some(since) = filter.since {
        let condition = format!(
            "COALESCE(c.as_of_last, c.stated, d.published) >= {}",
            w.day()
        );
        w.and(&condition, [text(&since.to_string())]);
    }
    if let Some(until) = filter.until {
        let condition = format!(
            "COALESCE(c.as_of_first, c.stated, d.published) <= {}",
            w.day()
        );
        w.and(&condition, [text(&until.to_string())]);
    }
    if let Some(doc) = &filter.doc {
        w.and(
            "(d.doc_id = ? OR d.hash LIKE ?)",
            [text(doc), text(&hash_prefix(doc))],
        );
    }
    if let Some(day) = filter.published_by {
        let condition = format!("d.published <= {}", w.day());
        w.and(&condition, [text(&day.to_string())]);
    }
    if let Some(query) = &filter.text {
        w.text(query)?;
    }
    Ok(w)
}

/// The `WHERE` clause over `documents d`, ordered by ingestion, with its limit.
///
/// # Errors
///
/// Fails when the text query cannot be read (PostgreSQL).
pub(crate) fn documents(filter: &DocumentFilter, dialect: Dialect) -> Result<Where, Error> {
    let mut w = Where::new(dialect);
    if let Some(doc) = &filter.doc {
        w.and(
            "(d.doc_id = ? OR d.hash LIKE ?)",
            [text(doc), text(&hash_prefix(doc))],
        );
    }
    if let Some(query) = &filter.text {
        w.text(query)?;
    }
    w.order_limit("d.doc_key", filter.limit);
    Ok(w)
}

/// `column IN (…)` over ledger ids (numbers, so written into the SQL).
pub(crate) fn id_list(column: &str, ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("{column} IN ({})", ids.join(", "))
}

/// A `LIKE` pattern for hashes starting with `prefix`; a prefix that is not hex matches
/// nothing.
fn hash_prefix(prefix: &str) -> String {
    let prefix = prefix.to_ascii_lowercase();
    if !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!("{prefix}%")
    } else {
        String::from("-")
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A full-text query: kept as written when it uses FTS5 syntax (quotes, `AND`, `OR`,
/// `NOT`, `*`, parentheses), otherwise every word quoted, so that "North-Korean" or
/// "Kursk:" is a phrase and not an error.
pub(crate) fn fts_query(query: &str) -> String {
    let syntax = query.contains(['"', '*', '(', ')'])
        || query
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return query.to_string();
    }
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| format!("\"{word}\""))
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted() {
        assert_eq!(
            fts_query("North-Korean troops"),
            "\"North-Korean\" \"troops\""
        );
        assert_eq!(fts_query("kursk OR kyiv"), "kursk OR kyiv");
    }

    #[test]
    fn only_hex_is_a_hash_prefix() {
        assert_eq!(hash_prefix("AB12"), "ab12%");
        assert_eq!(hash_prefix("seed.txt"), "-");
    }

    #[test]
    fn postgres_parameters_are_numbered() {
        let filter = ClaimFilter {
            actor: Some("prk".into()),
            doc: Some("ab".into()),
            ..ClaimFilter::default()
        };
        let mut w = claims(&filter, Dialect::Postgres).unwrap();
        w.order_limit("c.id", Some(3));
        assert_eq!(
            w.sql,
            " WHERE lower(c.actor) = lower($1) AND (d.doc_id = $2 OR d.hash LIKE $3) ORDER BY c.id LIMIT $4"
        );
        assert_eq!(w.params.len(), 4);
    }
}
