//! `/documents/{id}`: a document with every claim highlighted in its text, the claim's
//! fields shown on hover (or focus, or when its `#claim-N` anchor is the target);
//! `/search`: full-text search over the documents.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use serde::Deserialize;
use tally_app::search::Found;
use tally_app::text::{actor_code, date_span, document_title, plural};
use tally_core::{EvidenceField, Scope};
use tally_store::{ClaimFilter, DocumentFilter, StoredClaim, StoredDocument};

use super::{actor_name, bad_query, claim_value, day, layout, series_url, PageResult};
use crate::http_error::HttpError;
use crate::query::{find_document, given};
use crate::server::AppState;

/// Bytes of a document's text shown per page (a window; links page through the rest).
const TEXT_WINDOW: usize = 100_000;

/// The most claims of a document a page reads: a document stored before claims were
/// limited per document may hold millions (issue 15).
const MAX_CLAIMS_READ: usize = tally_app::MAX_CLAIMS_PER_DOCUMENT;

/// Which window of the text is shown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentQuery {
    /// The byte of the text the window starts at (0 for the start).
    from: Option<usize>,
}

/// The part of a document's text a page shows, and the claims read.
struct Window {
    /// Byte offsets of the text shown, on character boundaries.
    start: usize,
    end: usize,
    /// Whether the document holds more claims than were read.
    more_claims: bool,
}

/// The document page: a window of [`TEXT_WINDOW`] bytes of its text with the claims in it.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<DocumentQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let (document, mut claims) = state
        .run(move |ledger| {
            let document = find_document(ledger, &id)?;
            let filter = ClaimFilter {
                doc: Some(document.hash.to_string()),
                limit: Some(MAX_CLAIMS_READ + 1),
                ..ClaimFilter::default()
            };
            let claims = ledger.claims(&filter)?;
            Ok((document, claims))
        })
        .await?;
    let doc = &document.document;
    let more_claims = claims.len() > MAX_CLAIMS_READ;
    claims.truncate(MAX_CLAIMS_READ);
    let start = char_floor(&doc.text, query.from.unwrap_or(0));
    let window = Window {
        start,
        end: char_floor(&doc.text, start.saturating_add(TEXT_WINDOW)),
        more_claims,
    };
    let title = document_title(doc.title.as_deref(), &doc.text, doc.url.as_deref(), &doc.id);
    Ok(layout(&title, body(&document, &claims, &window)))
}

/// The largest character boundary of `text` at or before `at` (its length beyond it).
fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether a claim's number lies in the window (title claims are in every window).
fn in_window(claim: &StoredClaim, window: &Window) -> bool {
    let span = claim.claim.evidence.number;
    claim.claim.evidence.field == EvidenceField::Title
        || (span.start >= window.start && span.end <= window.end)
}

/// Links to the text before and after the window, with where it is.
fn text_pager(hash: &str, text_len: usize, window: &Window) -> Markup {
    let before = window.start.saturating_sub(TEXT_WINDOW);
    html! {
        @if window.start > 0 || window.end < text_len {
            nav.pager {
                span.muted { "Bytes " (window.start) "–" (window.end) " of " (text_len) " " }
                @if window.start > 0 {
                    a rel="prev" href={ "/documents/" (hash) "?from=" (before) } { "← Previous" }
                }
                @if window.end < text_len {
                    a rel="next" href={ "/documents/" (hash) "?from=" (window.end) } { "Next →" }
                }
            }
        }
    }
}

fn body(stored: &StoredDocument, claims: &[StoredClaim], window: &Window) -> Markup {
    let doc = &stored.document;
    // Only web addresses become links.
    let url = doc
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let in_title: Vec<&StoredClaim> = claims
        .iter()
        .filter(|c| c.claim.evidence.field == EvidenceField::Title)
        .collect();
    let shown: Vec<&StoredClaim> = claims.iter().filter(|c| in_window(c, window)).collect();
    let n_claims = if window.more_claims {
        format!("over {MAX_CLAIMS_READ} claims (the first {MAX_CLAIMS_READ} shown)")
    } else {
        plural(claims.len(), "claim", "claims")
    };
    html! {
        h1 { (document_title(doc.title.as_deref(), &doc.text, doc.url.as_deref(), &doc.id)) }
        p.lede {
            (doc.id) " · published " (day(doc.published))
            @if let Some(publisher) = &doc.publisher { " · " (publisher) }
            " · " (n_claims) " · hash " code { (stored.hash.as_str()[..12]) }
            @if let Some(url) = url { " · " a href=(url) rel="noopener noreferrer nofollow" { "source" } }
        }
        @if !in_title.is_empty() {
            p { "In the title: " @for c in in_title { (tip_mark(c.claim.evidence.text.as_str(), &[c])) " " } }
        }
        p.hint { "Every figure the grammar read as a claim is highlighted; hover one for its fields." }
        (text_pager(stored.hash.as_str(), doc.text.len(), window))
        article.doc-text { (highlighted(&doc.text, window.start..window.end, claims)) }
        (text_pager(stored.hash.as_str(), doc.text.len(), window))
        h2 { "Claims" }
        @if shown.len() != claims.len() {
            p.muted { "The " (shown.len()) " claims of this part of the text." }
        }
        table.claims {
            thead { tr { th { "#" } th { "Value" } th { "Metric" } th { "Who" } th { "Source" } th { "As of" } } }
            tbody {
                @for c in shown {
                    tr {
                        td { a href={ "#claim-" (c.id) } { "#" (c.id) } }
                        td { (claim_value(&c.claim)) }
                        td { (c.claim.metric.as_str()) }
                        td { (super::claims::who(&c.claim)) }
                        td { (c.claim.source.as_deref().unwrap_or("—")) }
                        td { (c.claim.as_of.as_ref().map_or_else(|| "—".to_string(), date_span)) }
                    }
                }
            }
        }
    }
}

/// A piece of the text: plain, or a number with the claims made from it.
enum Piece<'a> {
    Plain(&'a str),
    Number(&'a str, Vec<&'a StoredClaim>),
}

/// The text cut into plain pieces and numbers; claims on the same span share a mark, and
/// a span overlapping an earlier one is left unmarked (the claim is still in the table).
fn pieces<'a>(
    text: &'a str,
    window: std::ops::Range<usize>,
    claims: &'a [StoredClaim],
) -> Vec<Piece<'a>> {
    let mut marked: Vec<&StoredClaim> = claims
        .iter()
        .filter(|c| c.claim.evidence.field == EvidenceField::Text)
        .filter(|c| {
            let span = c.claim.evidence.number;
            span.start < span.end
                && span.start >= window.start
                && span.end <= window.end
                && text.get(span.start..span.end).is_some()
        })
        .collect();
    marked.sort_by_key(|c| {
        (
            c.claim.evidence.number.start,
            c.claim.evidence.number.end,
            c.id,
        )
    });
    let mut pieces = Vec::new();
    let mut at = window.start;
    for stored in marked {
        let span = stored.claim.evidence.number;
        if let Some(Piece::Number(_, group)) = pieces.last_mut() {
            let first = group[0].claim.evidence.number;
            if (first.start, first.end) == (span.start, span.end) {
                group.push(stored);
                continue;
            }
        }
        if span.start < at {
            continue;
        }
        if span.start > at {
            pieces.push(Piece::Plain(&text[at..span.start]));
        }
        pieces.push(Piece::Number(&text[span.start..span.end], vec![stored]));
        at = span.end;
    }
    if at < window.end {
        pieces.push(Piece::Plain(&text[at..window.end]));
    }
    pieces
}

/// The window of the text with its claims marked.
fn highlighted(text: &str, window: std::ops::Range<usize>, claims: &[StoredClaim]) -> Markup {
    html! {
        @for piece in pieces(text, window, claims) {
            @match piece {
                Piece::Plain(plain) => (plain),
                Piece::Number(number, group) => (tip_mark(number, &group)),
            }
        }
    }
}

/// A number marked, with its claims' fields in a tip shown on hover.
fn tip_mark(number: &str, group: &[&StoredClaim]) -> Markup {
    let first = group[0].id;
    html! {
        mark.claim id={ "claim-" (first) } tabindex="0" data-claims=(group.len()) {
            @for other in &group[1..] { span.anchor id={ "claim-" (other.id) } {} }
            (number)
            span.tip role="tooltip" {
                @for stored in group {
                    @let c = &stored.claim;
                    span.tip-claim {
                        b { a href={ "/claims/" (stored.id) } { "#" (stored.id) } " " (claim_value(&stored.claim)) }
                        span.f { "metric: " (c.metric.as_str()) @if c.increment { ", in addition" } }
                        span.f { "who: " (actor_code(c.actor.as_deref())) @if let Some(name) = c.actor.as_deref().and_then(tally_app::actors::actor_name) { " " (name) } " (" (c.role.as_str()) ")" }
                        span.f { "source: " (c.source.as_deref().unwrap_or("unknown")) }
                        span.f { "as of: " (c.as_of.as_ref().map_or_else(|| "—".to_string(), date_span)) " · stated: " (day(c.stated)) }
                        span.f { "confidence: " (c.confidence.as_deref().unwrap_or("none stated")) " (" (c.modality.as_str()) ")" }
                    }
                }
            }
        }
    }
}

/// The search's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    q: Option<String>,
}

/// One search over series, claims, sources and documents (`tally_app::search`); with no
/// words, the documents ingested last.
pub async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let words = given(&query.q).map(str::to_string);
    let wanted = words.clone();
    let found = state
        .run(move |ledger| match wanted {
            Some(words) => Ok::<_, HttpError>(tally_app::search::search(ledger, &words)?),
            None => {
                let filter = DocumentFilter {
                    doc: None,
                    text: None,
                    limit: Some(200),
                };
                let documents = ledger.documents(&filter)?;
                Ok(Found {
                    documents: tally_app::search::titled(ledger, documents)?,
                    ..Found::default()
                })
            }
        })
        .await?;
    let title = words
        .as_deref()
        .map_or_else(|| "Documents".to_string(), |w| format!("Search: {w}"));
    Ok(layout(&title, search_body(words.as_deref(), &found)))
}

fn search_body(words: Option<&str>, found: &Found) -> Markup {
    html! {
        h1 { @if words.is_some() { "Search" } @else { "Documents" } }
        form.search-page action="/search" method="get" role="search" {
            input type="search" name="q" value=(words.unwrap_or_default()) placeholder="north korea, gaza killed, kursk OR \"north korean\"" aria-label="Words";
            button type="submit" { "Search" }
        }
        p.hint { "Series of the actors named (\"north korea\", \"Gaza\", \"DPRK\"), their claims, the sources and the documents that hold the words; a word also finds longer ones (korea: Korean). Over documents: \"phrases\", prefix*, AND, OR, NOT and parentheses." }
        @if let Some(words) = words {
            (found_series(found))
            (found_claims(found))
            (found_sources(found))
            h2 { "Documents" }
            p.muted {
                (plural(found.documents.len(), "document holds", "documents hold")) " " q { (words) } ". "
                a href={ "/claims?" (serde_urlencoded::to_string([("text", found.text_query.as_str())]).unwrap_or_default()) } { "Their claims" }
            }
        }
        @if found.documents.is_empty() {
            p.empty { "No document." }
        } @else {
            div.scroll { table.documents {
                thead { tr { th { "Title" } th { "Id" } th { "Published" } th.num { "Claims" } } }
                tbody {
                    @for (d, title) in &found.documents {
                        tr {
                            td { a href={ "/documents/" (d.hash) } { (title) } }
                            td { (d.id) }
                            td { (day(d.published)) }
                            td.num { (d.n_claims) }
                        }
                    }
                }
            } }
        }
    }
}

/// The actors the words name and their series, most sources first.
fn found_series(found: &Found) -> Markup {
    html! {
        h2 { "Series" }
        @if found.actors.is_empty() {
            p.muted { "The words name no actor of the gazetteer (a country, its people or capital, a group)." }
        } @else {
            p.found-actors {
                "Actors: "
                @for (actor_idx, actor) in found.actors.iter().enumerate() {
                    @if actor_idx > 0 { ", " }
                    a href={ "/?" (serde_urlencoded::to_string([("actor", actor.code.as_str())]).unwrap_or_default()) } { (actor.name) " (" (actor.code.to_ascii_uppercase()) ")" }
                }
            }
            @if found.series.is_empty() {
                p.empty { "No series of theirs in the ledger." }
            } @else {
                div.scroll { table.series-found {
                    thead { tr { th { "Series" } th { "Scope" } th.num { "Sources" } th.num { "Assertions" } th { "Last" } } }
                    tbody {
                        @for s in &found.series {
                            tr {
                                td {
                                    a.series-link href=(series_link(&s.series)) { (s.series.label()) }
                                    " " (actor_name(s.series.actor.as_deref()))
                                }
                                td { (s.series.scope.as_str()) }
                                td.num { (s.n_sources) }
                                td.num { (s.n_assertions) }
                                td { (day(s.last)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// The page of a series: its scope in the query, the incidents for event figures.
fn series_link(series: &tally_reconcile::SeriesKey) -> String {
    match series.scope {
        Scope::Event => format!("{}#incidents", series_url(series, Scope::Total)),
        scope => series_url(series, scope),
    }
}

/// Claims of the first actor named, else of the documents holding the words.
fn found_claims(found: &Found) -> Markup {
    html! {
        h2 { "Claims" }
        @if found.claims.is_empty() {
            p.muted { "No claim." }
        } @else {
            p.muted {
                "The first " (plural(found.claims.len(), "claim", "claims"))
                @if let Some(actor) = found.actors.first() {
                    " of " (actor.name) ": "
                    a href={ "/claims?" (serde_urlencoded::to_string([("actor", actor.code.as_str())]).unwrap_or_default()) } { "all of them" }
                } @else {
                    " of the documents: "
                    a href={ "/claims?" (serde_urlencoded::to_string([("text", found.text_query.as_str())]).unwrap_or_default()) } { "all of them" }
                }
            }
            div.scroll { (super::claims::claims_table(&found.claims)) }
        }
    }
}

/// Sources whose names hold the words.
fn found_sources(found: &Found) -> Markup {
    html! {
        h2 { "Sources" }
        @if found.sources.is_empty() {
            p.muted { "No source's name holds the words." }
        } @else {
            ul.found-sources {
                @for source in &found.sources {
                    li { a href={ "/claims?" (serde_urlencoded::to_string([("source", source.as_str())]).unwrap_or_default()) } { (source) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::{Claim, Evidence, Kind, Metric, Span, Value};
    use tally_store::DocumentHash;

    fn stored(id: i64, text: &str, start: usize, end: usize) -> StoredClaim {
        let evidence = Evidence::new(text, Span::new(0, text.len()), Span::new(start, end));
        StoredClaim {
            id,
            document_hash: DocumentHash::of_text(text),
            claim: Claim::new(
                "d",
                Kind::Count,
                Value::point(1.0),
                Metric::Killed,
                evidence,
            ),
            review: None,
        }
    }

    #[test]
    fn claims_on_one_number_share_a_mark_and_overlaps_are_left_plain() {
        let text = "Over 5,000 were killed and 300 wounded.";
        let claims = vec![
            stored(1, text, 0, 10),
            stored(2, text, 0, 10),
            stored(3, text, 5, 12),
            stored(4, text, 27, 30),
        ];
        let pieces = pieces(text, 0..text.len(), &claims);
        let shape: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                Piece::Plain(t) => format!("plain {t:?}"),
                Piece::Number(n, group) => format!(
                    "number {n:?} {:?}",
                    group.iter().map(|c| c.id).collect::<Vec<_>>()
                ),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "number \"Over 5,000\" [1, 2]",
                "plain \" were killed and \"",
                "number \"300\" [4]",
                "plain \" wounded.\""
            ]
        );
    }

    #[test]
    fn spans_off_the_text_or_inside_a_character_are_not_marked() {
        let text = "Über 5 000 Tote";
        let claims = vec![stored(1, text, 1, 3), stored(2, text, 40, 44)];
        let html = highlighted(text, 0..text.len(), &claims).into_string();
        assert!(!html.contains("<mark"), "{html}");
        assert!(html.contains("Über 5 000 Tote"));
    }
}
