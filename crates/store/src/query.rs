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

    /// A parameter compared with a time column (`entered_at`, `superseded_at`).
    fn moment(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "?",
            Dialect::Postgres => "?::text::timestamptz",
        }
    }

    /// A condition on `c` that the claim stands now, or stood at `known_on`.
    pub fn standing(&mut self, known_on: Option<jiff::Timestamp>) {
        match known_on {
            // What the partial indexes of the filters hold.
            None => self.and("c.superseded_at IS NULL", []),
            Some(at) => {
                let at = crate::moment::text(at);
                let condition = format!(
                    "c.entered_at <= {0} AND (c.superseded_at IS NULL OR c.superseded_at > {0})",
                    self.moment()
                );
                self.and(&condition, [text(&at), text(&at)]);
            }
        }
    }

    /// A condition on `d` that its title or text matches `query`.
    fn text(&mut self, query: &str) -> Result<(), Error> {
        check_text(query)?;
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

/// The condition over `claims c` that a claim stands now, or stood at `known_on`.
pub(crate) fn standing(known_on: Option<jiff::Timestamp>, dialect: Dialect) -> Where {
    let mut w = Where::new(dialect);
    w.standing(known_on);
    w
}

/// The conditions of `filter` over `claims c JOIN documents d`, without order or limit.
///
/// # Errors
///
/// Fails when the text query cannot be read (PostgreSQL).
pub(crate) fn claims(filter: &ClaimFilter, dialect: Dialect) -> Result<Where, Error> {
    let mut w = Where::new(dialect);
    w.standing(filter.known_on);
    match filter.actor.as_deref() {
        // The claims of no known actor, by the same index as an actor's.
        Some("") => w.and("lower(c.actor) IS NULL", []),
        Some(actor) => w.and("lower(c.actor) = lower(?)", [text(actor)]),
        None => {}
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

/// The longest full-text query accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = 1000;
/// Terms (words and phrases) of a full-text query at most.
pub const MAX_TEXT_TERMS: usize = 32;
/// Prefix terms (`kill*`) of a full-text query at most: each one walks a range of the
/// index.
pub const MAX_PREFIX_TERMS: usize = 4;
/// `NEAR(…)` groups of a full-text query at most: each one compares the positions of its
/// terms in every document that holds them all.
pub const MAX_NEAR_GROUPS: usize = 2;

/// Refuses a full-text query past [`MAX_TEXT_BYTES`], [`MAX_TEXT_TERMS`],
/// [`MAX_PREFIX_TERMS`] or [`MAX_NEAR_GROUPS`], saying which limit: one query with two
/// hundred `NEAR` groups of prefixes held both cores for minutes (issue 15).
pub(crate) fn check_text(query: &str) -> Result<(), Error> {
    let refuse = |message: String| {
        Err(Error::TextQuery {
            query: query.chars().take(80).collect(),
            message,
        })
    };
    if query.len() > MAX_TEXT_BYTES {
        return refuse(format!(
            "{} bytes long: at most {MAX_TEXT_BYTES} are accepted",
            query.len()
        ));
    }
    let (mut n_terms, mut n_prefixes, mut n_near) = (0, 0, 0);
    let mut rest = query;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace() && !matches!(c, '(' | ')' | ','))
    {
        rest = &rest[start..];
        let end = if let Some(phrase) = rest.strip_prefix('"') {
            phrase.find('"').map_or(rest.len(), |close| close + 2)
        } else {
            rest.find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '"'))
                .unwrap_or(rest.len())
        };
        let token = &rest[..end];
        rest = &rest[end..];
        match token {
            "AND" | "OR" | "NOT" => {}
            "NEAR" if rest.trim_start().starts_with('(') => n_near += 1,
            // The distance of a NEAR group: `NEAR(a b, 10)`.
            _ if token.bytes().all(|b| b.is_ascii_digit())
                && rest.trim_start().starts_with(')') => {}
            _ => {
                n_terms += 1;
                if token.ends_with('*') || rest.starts_with('*') {
                    n_prefixes += 1;
                }
            }
        }
    }
    if n_terms > MAX_TEXT_TERMS {
        return refuse(format!(
            "{n_terms} terms: at most {MAX_TEXT_TERMS} are accepted"
        ));
    }
    if n_prefixes > MAX_PREFIX_TERMS {
        return refuse(format!(
            "{n_prefixes} prefix terms (word*): at most {MAX_PREFIX_TERMS} are accepted"
        ));
    }
    if n_near > MAX_NEAR_GROUPS {
        return refuse(format!(
            "{n_near} NEAR groups: at most {MAX_NEAR_GROUPS} are accepted"
        ));
    }
    Ok(())
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
    fn text_queries_are_bounded_and_the_refusal_names_the_limit() {
        assert!(check_text("kursk OR \"north korean\" NEAR(troop* killed, 10) kill*").is_ok());
        let many_terms = vec!["word"; MAX_TEXT_TERMS + 1].join(" ");
        let too_many_prefixes = ["a*"; MAX_PREFIX_TERMS + 1].join(" OR ");
        let too_many_near = ["NEAR(a b, 100)"; MAX_NEAR_GROUPS + 1].join(" OR ");
        let too_long = "x".repeat(MAX_TEXT_BYTES + 1);
        for (query, limit) in [
            (many_terms.as_str(), "terms: at most 32"),
            (&too_many_prefixes, "prefix terms (word*): at most 4"),
            (&too_many_near, "NEAR groups: at most 2"),
            (&too_long, "at most 1000 are accepted"),
        ] {
            let error = check_text(query).unwrap_err().to_string();
            assert!(error.contains(limit), "{error}");
        }
        // A phrase is one term, and a prefix when followed by `*`.
        let phrases = vec!["\"a b c d e f\""; MAX_TEXT_TERMS].join(" ");
        assert!(check_text(&phrases).is_ok());
        assert!(check_text(&["\"a b\"*"; MAX_PREFIX_TERMS + 1].join(" ")).is_err());
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
            " WHERE c.superseded_at IS NULL AND lower(c.actor) = lower($1) AND (d.doc_id = $2 OR d.hash LIKE $3) ORDER BY c.id LIMIT $4"
        );
        assert_eq!(w.params.len(), 4);
        let then = ClaimFilter {
            known_on: Some("2025-03-28T09:15:02Z".parse().unwrap()),
            ..ClaimFilter::default()
        };
        let w = claims(&then, Dialect::Postgres).unwrap();
        assert_eq!(
            w.sql,
            " WHERE c.entered_at <= $1::text::timestamptz AND (c.superseded_at IS NULL OR c.superseded_at > $2::text::timestamptz)"
        );
        assert_eq!(
            w.params[0],
            Cell::Text("2025-03-28T09:15:02.000000Z".into())
        );
    }
}
