//! The dashboard: server-rendered HTML pages (maud escapes every string put in them) and a
//! little JavaScript, served from the binary with no build step.
//!
//! - `/`: every series with its scope and a sparkline of its best estimate;
//! - `/series/{actor}/{role}/{metric}`: the interactive timeline (`assets/series.js` with
//!   the vendored uPlot), the estimate table, contradictions and derived figures, and the
//!   incidents of the actor and metric with their sums per week (`?scope=period` for the
//!   counts over periods);
//! - `/claims`: the claims table with the filters of `tally claims` and paging;
//! - `/claims/{id}`: a claim explained, with its scope and place, its reviews, and a form
//!   that reviews it (`POST /claims/{id}/review`, with the token in the form);
//! - `/sources`: every source with its record and grade (`tally sources`);
//! - `/documents/{id}`: a document with every claim highlighted, its fields on hover;
//! - `/search`: one search over series (an actor named as the gazetteer knows it: "north
//!   korea" is `PRK`), claims, sources and documents (words also as the start of longer
//!   ones), from the header's box;
//! - `/favicon.ico`: the icon.

mod assets;
mod claims;
mod document;
mod overview;
mod series;
mod sources;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, DOCTYPE};

use crate::http_error::HttpError;
use crate::server::AppState;

/// The routes of the pages and their assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(overview::page))
        .route("/series/{actor}/{role}/{metric}", get(series::page))
        .route("/claims", get(claims::list))
        .route("/claims/{id}", get(claims::claim))
        .route("/claims/{id}/review", post(claims::review))
        .route("/sources", get(sources::page))
        .route("/documents/{id}", get(document::page))
        .route("/search", get(document::search))
        .route("/assets/{name}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(|| async { PageError(HttpError::not_found("no such page")) })
}

/// An [`HttpError`] answered as a page.
pub struct PageError(pub HttpError);

impl<E: Into<HttpError>> From<E> for PageError {
    fn from(error: E) -> PageError {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let HttpError { status, message } = self.0;
        let title = status.canonical_reason().unwrap_or("error");
        let body = layout(
            title,
            html! {
                h1 { (status.as_u16()) " " (title) }
                p.error { (message) }
                p { a href="/" { "Back to the series" } }
            },
        );
        (status, body).into_response()
    }
}

/// A page's result.
pub type PageResult = Result<Html<String>, PageError>;

/// The page around `body`: the head with the stylesheet, the navigation and search box.
pub fn layout(title: &str, body: Markup) -> Html<String> {
    layout_with(title, html! {}, body)
}

/// [`layout`] with more in the head (scripts, stylesheets).
pub fn layout_with(title: &str, head: Markup, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · tally" }
                    link rel="stylesheet" href="/assets/app.css";
                    script src="/assets/tables.js" defer {}
                    link rel="icon" href="/favicon.ico" type="image/svg+xml";
                    (head)
                }
                body {
                    a.skip href="#main" { "Skip to the content" }
                    header.top {
                        a.brand href="/" { "tally" }
                        nav aria-label="Site" {
                            a href="/" { "Series" }
                            a href="/claims" { "Claims" }
                            a href="/search" { "Documents" }
                            a href="/sources" { "Sources" }
                        }
                        form.search action="/search" method="get" role="search" aria-label="Search series, claims, sources and documents" {
                            input type="search" name="q" placeholder="Search series, claims, sources, documents" aria-label="Search series, claims, sources and documents";
                        }
                    }
                    main #main tabindex="-1" { (body) }
                    footer { "tally · a sourced ledger of the figures in conflict reporting · " a href="/api/openapi.json" { "API" } }
                }
            }
        }
        .into_string(),
    )
}

/// A claim's value as an analyst writes it, with what a fraction is a share of:
/// `over 5,000`, `~33.3% of casualties`.
pub fn claim_value(claim: &tally_core::Claim) -> String {
    let mut value = claim
        .value
        .display(claim.kind == tally_core::Kind::Fraction);
    if let Some(of) = claim.of {
        value.push_str(&format!(" of {of}"));
    }
    value
}

/// An actor's name beside its code, when the gazetteer knows it: `North Korea` for `PRK`.
pub fn actor_name(code: Option<&str>) -> Markup {
    match code.and_then(tally_app::actors::actor_name) {
        Some(name) => html! { span.actor-name { (name) } },
        None => html! {},
    }
}

/// A series' title: its label, then its actor's name ("PRK military casualties · North
/// Korea").
pub fn series_title(series: &tally_reconcile::SeriesKey) -> String {
    match series
        .actor
        .as_deref()
        .and_then(tally_app::actors::actor_name)
    {
        Some(name) => format!("{} · {name}", series.label()),
        None => series.label(),
    }
}

/// A day or a dash.
pub fn day(day: Option<jiff::civil::Date>) -> String {
    day.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// The page of a series in `scope`: its path, with the scope (unless the total) and the
/// subgroup (if any) in the query.
pub fn series_url(series: &tally_reconcile::SeriesKey, scope: tally_core::Scope) -> String {
    let path = series_path(series.actor.as_deref(), series.role, series.metric);
    let mut query = Vec::new();
    if scope != tally_core::Scope::Total {
        query.push(format!("scope={}", scope.as_str()));
    }
    if let Some(group) = &series.group {
        query.push(format!("group={}", encode(group)));
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The path of a series' page.
pub fn series_path(
    actor: Option<&str>,
    role: tally_core::Role,
    metric: tally_core::Metric,
) -> String {
    format!(
        "/series/{}/{}/{}",
        encode(actor.unwrap_or("unknown")),
        role.as_str(),
        metric.as_str()
    )
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A 400 page for a request whose query string is malformed.
pub fn bad_query(rejection: &axum::extract::rejection::QueryRejection) -> PageError {
    PageError(HttpError {
        status: StatusCode::BAD_REQUEST,
        message: rejection.body_text(),
    })
}
