//! Filters to SQL: a `WHERE` clause and its parameters.

use rusqlite::types::Value as SqlValue;

use crate::{ClaimFilter, DocumentFilter};

/// A `WHERE` clause (empty, or starting with ` WHERE`) and its parameters.
#[derive(Debug, Default)]
pub(crate) struct Where {
    pub sql: String,
    pub params: Vec<SqlValue>,
}

impl Where {
    fn and(&mut self, condition: &str, params: impl IntoIterator<Item = SqlValue>) {
        self.sql.push_str(if self.sql.is_empty() { " WHERE " } else { " AND " });
        self.sql.push_str(condition);
        self.params.extend(params);
    }

    fn limit(&mut self, limit: Option<usize>) {
        if let Some(limit) = limit {
            self.sql.push_str(" LIMIT ?");
            self.params.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
    }
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

/// The `WHERE` clause over `claims c JOIN documents d`, ordered by claim id.
pub(crate) fn claims(filter: &ClaimFilter) -> Where {
    let mut w = Where::default();
    if let Some(actor) = &filter.actor {
        w.and("lower(c.actor) = lower(?)", [text(actor)]);
    }
    if let Some(metric) = filter.metric {
        w.and("c.metric = ?", [text(metric.as_str())]);
    }
    if let Some(role) = filter.role {
        w.and("c.role = ?", [text(role.as_str())]);
    }
    if let Some(source) = &filter.source {
        w.and("lower(c.source) LIKE lower(?) ESCAPE '\\'", [text(&format!("%{}%", escape_like(source)))]);
    }
    // A claim's dates: as of, else the day stated, else the day published.
    if let Some(since) = filter.since {
        w.and("COALESCE(c.as_of_last, c.stated, d.published) >= ?", [text(&since.to_string())]);
    }
    if let Some(until) = filter.until {
        w.and("COALESCE(c.as_of_first, c.stated, d.published) <= ?", [text(&until.to_string())]);
    }
    if let Some(doc) = &filter.doc {
        w.and("(d.doc_id = ? OR d.hash LIKE ?)", [text(doc), text(&hash_prefix(doc))]);
    }
    if let Some(query) = &filter.text {
        w.and(
            "d.doc_key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
            [text(&fts_query(query))],
        );
    }
    w.sql.push_str(" ORDER BY c.id");
    w.limit(filter.limit);
    w
}

/// The `WHERE` clause over `documents d`, ordered by ingestion.
pub(crate) fn documents(filter: &DocumentFilter) -> Where {
    let mut w = Where::default();
    if let Some(doc) = &filter.doc {
        w.and("(d.doc_id = ? OR d.hash LIKE ?)", [text(doc), text(&hash_prefix(doc))]);
    }
    if let Some(query) = &filter.text {
        w.and(
            "d.doc_key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
            [text(&fts_query(query))],
        );
    }
    w.sql.push_str(" ORDER BY d.doc_key");
    w.limit(filter.limit);
    w
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
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A full-text query: kept as written when it uses FTS5 syntax (quotes, `AND`, `OR`,
/// `NOT`, `*`, parentheses), otherwise every word quoted, so that "North-Korean" or
/// "Kursk:" is a phrase and not an error.
pub(crate) fn fts_query(query: &str) -> String {
    let syntax = query.contains(['"', '*', '(', ')'])
        || query.split_whitespace().any(|word| matches!(word, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return query.to_string();
    }
    let words: Vec<String> = query.split_whitespace().map(|word| format!("\"{word}\"")).collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted() {
        assert_eq!(fts_query("North-Korean troops"), "\"North-Korean\" \"troops\"");
        assert_eq!(fts_query("kursk OR kyiv"), "kursk OR kyiv");
    }

    #[test]
    fn only_hex_is_a_hash_prefix() {
        assert_eq!(hash_prefix("AB12"), "ab12%");
        assert_eq!(hash_prefix("seed.txt"), "-");
    }
}
