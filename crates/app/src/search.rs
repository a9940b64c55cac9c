//! One search over the ledger, as the dashboard's header asks it: the actors a query names
//! (through the gazetteer, so "north korea" finds `PRK`) with their series, their claims,
//! the sources whose names hold the query's words, and the documents whose titles or
//! texts do, each word also as the start of a longer one ("korea" finds "Korean").

use std::collections::BTreeSet;

use serde::Serialize;
use tally_core::{Metric, Scope};
use tally_reconcile::SeriesSummary;
use tally_store::{ClaimFilter, DocumentFilter, DocumentSummary, Ledger, StoredClaim};

use crate::actors::Actors;
use crate::text::document_title;
use crate::Error;

/// The most claims, sources and documents a search lists.
pub const MAX_CLAIMS: usize = 20;
/// See [`MAX_CLAIMS`].
pub const MAX_SOURCES: usize = 20;
/// See [`MAX_CLAIMS`].
pub const MAX_DOCUMENTS: usize = 50;
/// The most actors whose series are listed.
pub const MAX_ACTORS: usize = 3;
/// Claims read to find the sources whose names hold a word.
const SOURCE_SCAN: usize = 5000;
/// Query words shorter than this are matched whole, never as the start of a longer word
/// ("al" must not find every word beginning with "al").
const MIN_PREFIX: usize = 3;

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The query as asked.
    pub query: String,
    /// The actors it names: code and name.
    pub actors: Vec<FoundActor>,
    /// Their series: those of a metric the query names first, then running totals, counts
    /// over periods and incidents, each most sources first.
    pub series: Vec<SeriesSummary>,
    /// Claims of the first actor named (of the metric named, if any), else of the documents
    /// that hold the words; at most [`MAX_CLAIMS`].
    pub claims: Vec<StoredClaim>,
    /// Sources whose names hold every word of the query (a word also as the start of a
    /// longer one).
    pub sources: Vec<String>,
    /// Documents whose title or text hold the words, each with its title as people see
    /// it ([`titled`]).
    pub documents: Vec<(DocumentSummary, String)>,
    /// The full-text query the documents were searched with.
    pub text_query: String,
}

/// An actor a query names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundActor {
    /// Its code (`PRK`).
    pub code: String,
    /// Its name ("North Korea").
    pub name: String,
}

/// Searches the ledger for a query.
///
/// # Errors
///
/// Fails when the ledger cannot be read, or refuses the full-text query (too long, too many
/// terms).
///
/// # Example
///
/// ```
/// use tally_app::Engine;
///
/// let engine = Engine::english();
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let body = b"date 2025-04-01 Kursk\nOver 5,000 North Korean soldiers have been killed or \
///     injured, the UK Ministry of Defence said.".to_vec();
/// tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None, None)?;
///
/// let found = tally_app::search::search(&mut ledger, "north korea")?;
/// assert_eq!(found.actors[0].code, "PRK");
/// assert_eq!(found.series[0].series.label(), "PRK military casualties");
/// assert_eq!(found.documents.len(), 1);
/// assert_eq!(tally_app::search::search(&mut ledger, "ministry")?.sources, ["UK Ministry of Defence"]);
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn search(ledger: &mut dyn Ledger, query: &str) -> Result<Found, Error> {
    let query = query.trim();
    let mut found = Found {
        query: query.to_string(),
        ..Found::default()
    };
    if query.is_empty() {
        return Ok(found);
    }
    let actors = Actors::english();
    let named = actors.named_in(query);
    let metrics = metrics_named_in(query);
    found.actors = named
        .iter()
        .map(|actor| FoundActor {
            code: actor.code.clone(),
            name: actor.name.clone(),
        })
        .collect();
    // Each actor's series from the series cache, as the overview reads them.
    for actor in named.iter().take(MAX_ACTORS) {
        let listing = crate::overview::listing(ledger, Some(&actor.code))?;
        found
            .series
            .extend(listing.rows.into_iter().map(|row| row.summary));
    }
    // A metric the query names first, then running totals before counts over periods and
    // incidents (a toll is what is asked most), then most sources.
    let rank = |s: &SeriesSummary| {
        let scope = match s.series.scope {
            Scope::Total => 0,
            Scope::Period => 1,
            Scope::Event => 2,
        };
        (
            !metrics.contains(&s.series.metric),
            scope,
            std::cmp::Reverse(s.n_sources),
            std::cmp::Reverse(s.n_assertions),
        )
    };
    found.series.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.series.order(&b.series))
    });
    found.text_query = prefix_query(query);
    found.claims = match named.first() {
        Some(actor) => ledger.claims(&ClaimFilter {
            actor: Some(actor.code.clone()),
            metric: metrics.first().copied(),
            limit: Some(MAX_CLAIMS),
            ..ClaimFilter::default()
        })?,
        None => ledger.claims(&ClaimFilter {
            text: Some(found.text_query.clone()),
            limit: Some(MAX_CLAIMS),
            ..ClaimFilter::default()
        })?,
    };
    found.sources = sources_named(&*ledger, query)?;
    let documents = ledger.documents(&DocumentFilter {
        doc: None,
        text: Some(found.text_query.clone()),
        limit: Some(MAX_DOCUMENTS),
    })?;
    found.documents = titled(&*ledger, documents)?;
    Ok(found)
}

/// Documents with their titles as people see them: their own, else their first line or
/// address ([`document_title`]); only the documents with no title are read.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn titled(
    ledger: &dyn Ledger,
    documents: Vec<DocumentSummary>,
) -> Result<Vec<(DocumentSummary, String)>, Error> {
    documents
        .into_iter()
        .map(|summary| {
            let title = match summary.title.as_deref().filter(|t| !t.trim().is_empty()) {
                Some(title) => document_title(Some(title), "", None, &summary.id),
                None => match ledger.document(&summary.hash)? {
                    Some(stored) => {
                        let doc = &stored.document;
                        document_title(None, &doc.text, doc.url.as_deref(), &doc.id)
                    }
                    None => summary.id.clone(),
                },
            };
            Ok((summary, title))
        })
        .collect()
}

/// The metrics a query names by their names ("killed", "casualties") or by the counted
/// nouns of the language data ("deaths", "dead", "fatalities").
fn metrics_named_in(query: &str) -> Vec<Metric> {
    let lang = crate::actors::lang();
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let mut metrics = Vec::new();
    for word in &words {
        let metric = word.parse::<Metric>().ok().or_else(|| {
            lang.metrics
                .iter()
                .find(|entry| entry.nouns.iter().any(|noun| noun == word))
                .map(|entry| entry.metric)
        });
        if let Some(metric) = metric {
            if !metrics.contains(&metric) {
                metrics.push(metric);
            }
        }
    }
    metrics
}

/// The sources whose names hold every word of the query, each whole or, from
/// [`MIN_PREFIX`] letters, as the start of a word of the name.
fn sources_named(ledger: &dyn Ledger, query: &str) -> Result<Vec<String>, Error> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let Some(longest) = words.iter().max_by_key(|word| word.len()) else {
        return Ok(Vec::new());
    };
    let claims = ledger.claims(&ClaimFilter {
        source: Some(longest.clone()),
        limit: Some(SOURCE_SCAN),
        ..ClaimFilter::default()
    })?;
    let names: BTreeSet<&str> = claims
        .iter()
        .filter_map(|stored| stored.claim.source.as_deref())
        .filter(|source| holds_words(source, &words))
        .collect();
    Ok(names
        .into_iter()
        .take(MAX_SOURCES)
        .map(str::to_string)
        .collect())
}

/// Whether every word is a word of the name, or the start of one from [`MIN_PREFIX`]
/// letters.
fn holds_words(name: &str, words: &[String]) -> bool {
    let name_words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().all(|word| {
        name_words.iter().any(|n| {
            n == word || (word.chars().count() >= MIN_PREFIX && n.starts_with(word.as_str()))
        })
    })
}

/// A query for the documents' full-text index: kept as written when it uses the index's
/// syntax (quotes, `*`, parentheses, `AND`, `OR`, `NOT`, `NEAR`); else each word quoted,
/// the first [`tally_store::MAX_PREFIX_TERMS`] of at least [`MIN_PREFIX`] letters as the
/// start of a word, so that "north korea" finds "North Korean".
///
/// # Example
///
/// ```
/// use tally_app::search::prefix_query;
/// assert_eq!(prefix_query("north korea"), "north* korea*");
/// assert_eq!(prefix_query("kursk OR kyiv"), "kursk OR kyiv");
/// assert_eq!(prefix_query("al qa'ida"), "\"al\" \"qa'ida\"");
/// ```
pub fn prefix_query(query: &str) -> String {
    let syntax = query.contains(['"', '*', '(', ')'])
        || query
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return query.to_string();
    }
    let mut n_prefixes = 0;
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| {
            // A word of letters and digits only is a bare word of the index's syntax, and
            // `word*` its prefix; any other is quoted as a phrase, matched whole.
            let prefix = word.chars().count() >= MIN_PREFIX
                && word.chars().all(char::is_alphanumeric)
                && n_prefixes < tally_store::MAX_PREFIX_TERMS;
            if prefix {
                n_prefixes += 1;
                format!("{word}*")
            } else {
                format!("\"{word}\"")
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_named_by_their_names_and_counted_nouns() {
        assert_eq!(metrics_named_in("gaza death toll"), [Metric::Killed]);
        assert_eq!(
            metrics_named_in("North Korean casualties"),
            [Metric::Casualties]
        );
        assert!(metrics_named_in("north korea").is_empty());
    }

    #[test]
    fn a_source_holds_the_words_whole_or_as_their_start() {
        let words = |q: &str| -> Vec<String> { q.split(' ').map(str::to_string).collect() };
        assert!(holds_words("UK Ministry of Defence", &words("ministry")));
        assert!(holds_words("UK Ministry of Defence", &words("uk minis")));
        assert!(holds_words("Gaza Health Ministry", &words("gaza health")));
        assert!(!holds_words(
            "UK Ministry of Defence",
            &words("ministry health")
        ));
        // Two letters are a whole word or nothing.
        assert!(!holds_words("UN OCHA", &words("oc")));
        assert!(holds_words("UN OCHA", &words("un")));
    }

    #[test]
    fn only_four_words_are_prefixes() {
        assert_eq!(
            prefix_query("one two three four five six"),
            "one* two* three* four* \"five\" \"six\""
        );
    }
}
