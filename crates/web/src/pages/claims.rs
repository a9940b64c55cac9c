//! `/claims`: the claims table with the filters of `tally claims` and paging; `/claims/{id}`:
//! one claim explained, as `tally explain` does.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tally_app::explain::{explain_claim, time_value, Explanation, Sentence};
use tally_app::review::{reviewer, ReviewRequest};
use tally_app::text::{date_span, document_title, one_line};
use tally_core::{Metric, Role, Scope};
use tally_reconcile::SeriesKey;
use tally_store::StoredClaim;
use tally_store::{Correction, Review, Reviewed};

use super::{actor_name, bad_query, claim_value, day, layout, series_url, PageError, PageResult};
use crate::http_error::HttpError;
use crate::query::{claims_page, ClaimQuery, ClaimsPage};
use crate::server::AppState;

/// The claims table.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ClaimQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let wanted = query.clone();
    let page = state
        .run(move |ledger| claims_page(ledger, &wanted))
        .await?;
    Ok(layout("Claims", list_body(&query, &page)))
}

fn list_body(query: &ClaimQuery, page: &ClaimsPage) -> Markup {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        h1 { "Claims" }
        form.filters action="/claims" method="get" {
            label { "Actor " input name="actor" value=(value(&query.actor)) placeholder="North Korea or PRK"; }
            label { "Metric "
                select name="metric" {
                    option value="" { "any" }
                    @for metric in Metric::ALL {
                        option value=(metric.as_str()) selected[query.metric.as_deref() == Some(metric.as_str())] { (metric.as_str()) }
                    }
                }
            }
            label { "Role "
                select name="role" {
                    option value="" { "any" }
                    @for role in [Role::Military, Role::Civilian, Role::Unspecified] {
                        option value=(role.as_str()) selected[query.role.as_deref() == Some(role.as_str())] { (role.as_str()) }
                    }
                }
            }
            label { "Source " input name="source" value=(value(&query.source)) placeholder="ministry of defence"; }
            label { "Since " input type="date" name="since" value=(value(&query.since)); }
            label { "Until " input type="date" name="until" value=(value(&query.until)); }
            label { "Document " input name="doc" value=(value(&query.doc)); }
            label { "Text " input name="text" value=(value(&query.text)) placeholder="kursk OR korean"; }
            button type="submit" { "Filter" }
            a.reset href="/claims" { "Clear" }
        }
        @if page.claims.is_empty() {
            p.empty { "No claim matches." }
        } @else {
            p.muted { "Claims " (page.offset + 1) "–" (page.offset + page.claims.len()) }
            (claims_table(&page.claims))
        }
        nav.pager {
            @if page.offset > 0 {
                a rel="prev" href={ "/claims?" (query.at_offset(page.offset.saturating_sub(page.limit))) } { "← Previous" }
            }
            @if let Some(next) = page.next {
                a rel="next" href={ "/claims?" (query.at_offset(next)) } { "Next →" }
            }
        }
    }
}

/// The claims as a table: id, value, metric, who (linking to the claim's series), source,
/// days and the sentence with its document.
pub(super) fn claims_table(claims: &[StoredClaim]) -> Markup {
    html! {
        table.claims {
            thead { tr {
                th { "#" } th { "Value" } th { "Metric" } th { "Who" } th { "Source" } th { "As of" } th { "Stated" } th { "Sentence" }
            } }
            tbody {
                @for stored in claims { (claim_row(stored)) }
            }
        }
    }
}

/// Who a claim counts: the actor's code and name and the role, linking to the series the
/// claim counts in (a claim of no known actor has none).
pub(super) fn who(claim: &tally_core::Claim) -> Markup {
    let code = claim
        .actor
        .as_deref()
        .map_or_else(|| "?".to_string(), str::to_ascii_uppercase);
    html! {
        @match claim_series_url(claim) {
            Some(url) => a.series-of href=(url) title="the series this claim counts in" { (code) " " (claim.role.as_str()) },
            None => { (code) " " (claim.role.as_str()) },
        }
        " " (actor_name(claim.actor.as_deref()))
    }
}

/// The page of the series a claim counts in; the incidents list for an event figure; none
/// for a claim of no known actor.
pub(super) fn claim_series_url(claim: &tally_core::Claim) -> Option<String> {
    claim.actor.as_ref()?;
    let mut series = SeriesKey::of_claim(claim);
    series.actor = series.actor.map(|actor| actor.to_ascii_uppercase());
    Some(match series.scope {
        Scope::Event => format!("{}#incidents", series_url(&series, Scope::Total)),
        scope => series_url(&series, scope),
    })
}

fn claim_row(stored: &StoredClaim) -> Markup {
    let claim = &stored.claim;
    html! {
        tr {
            td {
                a href={ "/claims/" (stored.id) } { "#" (stored.id) }
                @if let Some(review) = &stored.review {
                    " " span.reviewed title={ "reviewed: " (review.status.as_str()) @if !review.fields.is_empty() { "; set by hand: " (review.fields.join(", ")) } } { "✎" }
                }
            }
            td.value { (claim_value(claim)) }
            td { (claim.metric.as_str()) @if claim.increment { " (more)" } }
            td { (who(claim)) }
            td { (claim.source.as_deref().unwrap_or("—")) }
            td { (claim.as_of.as_ref().map_or_else(|| "—".to_string(), date_span)) }
            td { (day(claim.stated)) }
            td.sentence {
                (sentence(&Sentence::of(claim)))
                " " a.doc-link href={ "/documents/" (stored.document_hash) "#claim-" (stored.id) } { (claim.doc) }
            }
        }
    }
}

/// The sentence with the number marked.
fn sentence(sentence: &Sentence) -> Markup {
    html! {
        (one_line(&sentence.before))
        @if let Some(number) = &sentence.number { mark { (one_line(number)) } }
        (one_line(&sentence.after))
    }
}

/// One claim explained, with its reviews and the review form.
pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| HttpError::bad_request(format!("claim id: {id:?} is not a number")))?;
    let engine = state.engine();
    let (explanation, reviewed, reviews) = state
        .run(move |ledger| {
            let explanation = explain_claim(ledger, engine.get(), id)?;
            let reviewed = ledger.claim(id)?.and_then(|stored| stored.review);
            let reviews: Vec<Review> = match &reviewed {
                None => Vec::new(),
                Some(reviewed) => ledger
                    .reviews()?
                    .into_iter()
                    .filter(|review| reviewed.reviews.contains(&review.id))
                    .collect(),
            };
            Ok::<_, HttpError>((explanation, reviewed, reviews))
        })
        .await?;
    let body = html! {
        (claim_body(&explanation))
        (review_section(&explanation, reviewed.as_ref(), &reviews))
    };
    Ok(layout(&format!("Claim #{id}"), body))
}

/// The claim's reviews and the form that adds one.
fn review_section(e: &Explanation, reviewed: Option<&Reviewed>, reviews: &[Review]) -> Markup {
    let claim = &e.claim;
    let text = |value: Option<&str>| value.unwrap_or("none").to_string();
    html! {
        section.review id="review" {
            h2 { "Review" }
            @match reviewed {
                None => p.muted { "No one has reviewed this claim." },
                Some(reviewed) => p {
                    strong { (reviewed.status.as_str()) }
                    @if !reviewed.fields.is_empty() { " · set by hand: " (reviewed.fields.join(", ")) }
                },
            }
            @if !reviews.is_empty() {
                ol.reviews {
                    @for review in reviews {
                        li {
                            (review.action.as_str()) " by " (review.by) " at " (review.at.strftime("%Y-%m-%d %H:%M UTC").to_string())
                            @if let Some(changes) = review.changes.as_object() {
                                @for (field, change) in changes {
                                    " · " (field) " " (change["from"].to_string()) " → " (change["to"].to_string())
                                }
                            }
                            @if !review.reason.is_empty() { " — " (one_line(&review.reason)) }
                        }
                    }
                }
            }
            form.review-form method="post" action={ "/claims/" (e.id) "/review" } {
                p.muted { "Leave a field empty to keep it; write none to clear actor, place, source, as of or stated. Values: 5000, ~5000, 5000-6000, 5000+, <=5000; days YYYY-MM-DD, as of YYYY-MM-DD..YYYY-MM-DD." }
                label { "Action "
                    select name="action" {
                        option value="correct" { "correct (set the fields below)" }
                        option value="confirm" { "confirm" }
                        option value="reject" { "reject" }
                    }
                }
                label { "Value " input name="value" placeholder=(claim_value(claim)); }
                label { "Metric " (choice("metric", Metric::ALL.iter().map(|m| m.as_str()))) }
                label { "Actor " input name="actor" placeholder=(text(claim.actor.as_deref())); }
                label { "Role " (choice("role", ["military", "civilian", "unspecified"])) }
                label { "Scope " (choice("scope", ["total", "period", "event"])) }
                label { "Place " input name="place" placeholder=(text(claim.place.as_ref().map(|p| p.text.as_str()))); }
                label { "Source " input name="source" placeholder=(text(claim.source.as_deref())); }
                label { "As of " input name="as_of" placeholder=(claim.as_of.as_ref().map_or_else(|| "none".to_string(), date_span)); }
                label { "Stated " input name="stated" placeholder=(day(claim.stated)); }
                label { "Modality " (choice("modality", ["report", "estimate", "projection"])) }
                label { "Reason " input name="reason" required; }
                label { "By " input name="by" placeholder="your name"; }
                label { "Token " input type="password" name="token" required autocomplete="off"; }
                button type="submit" { "Save the review" }
            }
        }
    }
}

/// A select of `values` with an empty first option, "unchanged".
fn choice<'v>(name: &str, values: impl IntoIterator<Item = &'v str>) -> Markup {
    html! {
        select name=(name) {
            option value="" { "unchanged" }
            @for value in values { option value=(value) { (value) } }
        }
    }
}

/// The review form posted: authorized by the token in the form, stored through `app`,
/// then back to the claim's page.
pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, PageError> {
    let id: i64 = id
        .parse()
        .map_err(|_| HttpError::bad_request(format!("claim id: {id:?} is not a number")))?;
    let body = body.map_err(|rejection| HttpError {
        status: rejection.status(),
        message: rejection.body_text(),
    })?;
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|error| HttpError::bad_request(format!("the review form: {error}")))?;
    let value = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    let mut headers = HeaderMap::new();
    if let Some(token) = value("token") {
        let bearer = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| HttpError::bad_request("token: not a valid token"))?;
        headers.insert(header::AUTHORIZATION, bearer);
    }
    state.authorize(&headers)?;
    let action = value("action").unwrap_or_else(|| String::from("correct"));
    let set: Vec<String> = Correction::FIELDS
        .iter()
        .filter_map(|field| value(field).map(|v| format!("{field}={v}")))
        .collect();
    let (confirm, reject) = match action.as_str() {
        "confirm" => (true, false),
        "reject" => (false, true),
        "correct" => (false, false),
        other => {
            return Err(HttpError::bad_request(format!(
                "action: {other:?} (one of correct, confirm, reject)"
            ))
            .into())
        }
    };
    let request = ReviewRequest {
        claim_id: id,
        by: reviewer(value("by").as_deref()),
        confirm,
        reject,
        set: if confirm || reject { Vec::new() } else { set },
        reason: value("reason"),
    };
    state
        .run(move |ledger| {
            tally_app::review::review(ledger, &request)?;
            Ok::<_, HttpError>(())
        })
        .await?;
    Ok(Redirect::to(&format!("/claims/{id}#review")).into_response())
}

fn claim_body(e: &Explanation) -> Markup {
    let with_rules = |value: String, rules: &[String]| {
        html! {
            (value) @if !rules.is_empty() { " " span.rules { "by " (rules.join(", ")) } }
        }
    };
    html! {
        h1 { "Claim #" (e.id) }
        p.lede {
            "In " a href={ "/documents/" (e.document) "#claim-" (e.id) } { (document_title(e.title.as_deref(), "", e.url.as_deref(), &e.claim.doc)) }
            " · published " (day(e.published)) " · grammar " (e.claim.grammar_version)
        }
        blockquote.evidence { (sentence(&e.sentence)) }
        dl.fields {
            dt { "value" } dd { (e.display) " (" (e.qualifier) ", " (e.kind()) ")" }
            dt { "metric" } dd { (e.metric_line()) }
            dt { "who" } dd { (e.who()) " " (actor_name(e.claim.actor.as_deref())) }
            dt { "series" } dd {
                @match claim_series_url(&e.claim) {
                    Some(url) => a.claim-series href=(url) { (SeriesKey::of_claim(&e.claim).label()) },
                    None => span.muted { "none: no actor is known" },
                }
            }
            dt { "scope" } dd { (scope_line(e.claim.scope)) }
            dt { "place" } dd { (place_line(e.claim.place.as_ref())) }
            dt { "source" } dd { (with_rules(e.source_line(), &e.source_rules)) }
            dt { "confidence" } dd { (e.confidence_line()) }
            dt { "as of" } dd { (with_rules(e.as_of_line(), &e.as_of_rules)) }
            dt { "stated" } dd { (with_rules(e.stated_line(), &e.stated_rules)) }
            dt { "published" } dd { (day(e.published)) " (relative dates resolve against it)" }
        }
        @if !e.times.is_empty() {
            h2 { "Time expressions in the sentence" }
            ul {
                @for time in &e.times {
                    li { "“" (one_line(&time.text)) "” → " (time_value(time)) " (" (time.timex_type) " " (time.timex) ", " code { (time.rule) } ")" }
                }
            }
        }
        h2 { "Rules, in the order they applied" }
        ol.rules { @for rule in &e.claim.rules { li { code { (rule) } } } }
        p { a href={ "/api/claims/" (e.id) "/explain" } { "This explanation as JSON" } }
    }
}

/// A claim's scope, with what it means.
fn scope_line(scope: tally_core::Scope) -> String {
    let meaning = match scope {
        tally_core::Scope::Total => "a running toll up to a day",
        tally_core::Scope::Period => "a count over a stated stretch",
        tally_core::Scope::Event => "the people of one incident",
    };
    format!("{scope} ({meaning})")
}

/// A claim's place: as written, then the gazetteer's name, region and country.
fn place_line(place: Option<&tally_core::Place>) -> Markup {
    match place {
        None => html! { span.muted { "none named" } },
        Some(place) => html! {
            "“" (place.text) "”"
            @if place.name.is_some() || place.country.is_some() {
                " → "
                @if let Some(name) = &place.name { strong { (name) } }
                @if let Some(region) = &place.region { ", " (region) }
                @if let Some(country) = &place.country { " (" (country) ")" }
            } @else {
                " " span.muted { "(not in the gazetteer)" }
            }
        },
    }
}
