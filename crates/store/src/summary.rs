//! The series cache (issue 15, "reads that scale"): per actor, how many standing claims
//! name it and the summary of its series that `tally-app` last computed, with the version
//! it was computed at. Writers keep the counts and bump the versions in the transaction of
//! their write; readers take a summary only while its version is the actor's version, so
//! the overview over ten million claims reads one small table instead of every claim.
//!
//! What changes a series: claims added (their actors' rows), claims superseded and added by
//! a re-extraction, reviews (which may move a claim to another actor) and grades (which
//! weigh every estimate): the last three bump every row.

use std::collections::BTreeMap;

use tally_core::Claim;

/// One actor's row of the series cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorSummary {
    /// The actor in upper case; `None` for the claims of no known actor.
    pub actor: Option<String>,
    /// How many standing claims name the actor as extracted (reviews left aside).
    pub n_claims: usize,
    /// The actor's version: changes with every write that may change its series.
    pub version: i64,
    /// The summary last computed, when it was computed at `version`; `None` when it is
    /// stale or was never computed.
    pub summary: Option<String>,
}

/// The key of an actor's row: its name in upper case, the empty string for none.
pub(crate) fn actor_key(actor: Option<&str>) -> String {
    actor.map(str::to_ascii_uppercase).unwrap_or_default()
}

/// The actor of a row's key.
pub(crate) fn key_actor(key: String) -> Option<String> {
    (!key.is_empty()).then_some(key)
}

/// How many claims name each actor, keyed and ordered by [`actor_key`] (the order rows are
/// locked in, so that two writers at once do not deadlock).
pub(crate) fn claims_per_actor<'a>(
    claims: impl IntoIterator<Item = &'a Claim>,
) -> BTreeMap<String, i64> {
    let mut counts = BTreeMap::new();
    for claim in claims {
        *counts.entry(actor_key(claim.actor.as_deref())).or_insert(0) += 1;
    }
    counts
}

/// Adds `n` standing claims (negative: removes) to an actor's row, creating it, and bumps
/// its version. `?` placeholders: the key and `n`.
pub(crate) const ADD_CLAIMS: &str = "INSERT INTO series_cache (actor, n_claims) VALUES (?, ?) \
     ON CONFLICT (actor) DO UPDATE SET n_claims = series_cache.n_claims + excluded.n_claims, \
     version = series_cache.version + 1";

/// Bumps every row: after a review, a grade or a re-extraction.
pub(crate) const BUMP_ALL: &str = "UPDATE series_cache SET version = version + 1";

/// The standing claims of one document per actor key, before a re-extraction supersedes
/// them. `?` placeholders: the document's hash and the grammar version kept.
pub(crate) const SUPERSEDED_PER_ACTOR: &str =
    "SELECT upper(coalesce(actor, '')), COUNT(*) FROM claims \
     WHERE document_hash = ? AND grammar_version <> ? AND superseded_at IS NULL GROUP BY 1";

/// Every row, with its summary when valid.
pub(crate) const SELECT_ALL: &str = "SELECT actor, n_claims, version, \
     CASE WHEN summary_version = version THEN summary END FROM series_cache ORDER BY actor";

/// Stores a summary computed at a version, unless the actor's version moved on since (a
/// write committed while it was computed). `?` placeholders: key, summary, version.
pub(crate) const PUT_SUMMARY: &str = "INSERT INTO series_cache (actor, version, summary, summary_version) \
     VALUES (?1, ?3, ?2, ?3) ON CONFLICT (actor) DO UPDATE SET summary = excluded.summary, \
     summary_version = excluded.summary_version WHERE series_cache.version = excluded.summary_version";

/// `sql` with PostgreSQL's placeholders: `?N` becomes `$N`, each bare `?` the next number.
pub(crate) fn postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n_params = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '?' {
            out.push(c);
            continue;
        }
        out.push('$');
        if chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        n_params += 1;
        out.push_str(&n_params.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(postgres("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(postgres("VALUES (?1, ?3, ?2)"), "VALUES ($1, $3, $2)");
    }
}
