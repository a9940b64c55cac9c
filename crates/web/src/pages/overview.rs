//! `/`: every series in the ledger, newest activity first (or most sources first, or most
//! asserted), each with its actor's name, its scope (a running total, counts over periods,
//! or incidents) and a sparkline of its best estimate over time (an inline SVG: no script
//! needed). Filters: actor (a code or a name: "North Korea" = `PRK`), metric, role, scope
//! and text (words of the series' label or its actor's names). A period series links to its
//! page with `scope=period`; an event series has no estimate and links to the incidents
//! list.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use tally_app::overview::{listing, Line, SeriesRow};
use tally_app::text::plural;
use tally_core::{Metric, Role, Scope};
use tally_reconcile::SeriesKey;
use tally_store::Counts;

use super::{actor_name, bad_query, day, layout, series_url, PageResult};
use crate::http_error::HttpError;
use crate::query::given;
use crate::server::AppState;

/// Series per page of the overview unless `limit` says otherwise.
const SERIES_PER_PAGE: usize = 200;

/// The overview's filters and order.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    /// A code or a name the gazetteer knows.
    actor: Option<String>,
    metric: Option<String>,
    role: Option<String>,
    scope: Option<String>,
    /// Words of the series' label or of its actor's names.
    q: Option<String>,
    /// last [default]: the latest figure first; sources: most sources first; assertions:
    /// most asserted first.
    sort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_assertions: Option<usize>,
    /// The first series shown (0 for the first page).
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
    /// Series per page (at most 1,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<usize>,
}

impl OverviewQuery {
    /// The same filters at another offset, as a query string (for the pager's links).
    fn at_offset(&self, offset: usize) -> String {
        let query = OverviewQuery {
            offset: (offset > 0).then_some(offset),
            ..self.clone()
        };
        serde_urlencoded::to_string(&query).unwrap_or_default()
    }
}

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Last,
    Sources,
    Assertions,
}

impl Sort {
    const ALL: [(Sort, &'static str, &'static str); 3] = [
        (Sort::Last, "last", "latest figure first"),
        (Sort::Sources, "sources", "most sources first"),
        (Sort::Assertions, "assertions", "most asserted first"),
    ];

    fn parse(value: &str) -> Result<Sort, HttpError> {
        Sort::ALL
            .iter()
            .find(|(_, name, _)| *name == value)
            .map(|(sort, _, _)| *sort)
            .ok_or_else(|| {
                HttpError::bad_request(format!(
                    "sort: {value:?} is not one of last, sources, assertions"
                ))
            })
    }
}

/// The filters, checked.
struct Filters {
    actor: Option<String>,
    metric: Option<Metric>,
    role: Option<Role>,
    scope: Option<Scope>,
    text: Option<String>,
    sort: Sort,
    min_assertions: usize,
}

impl Filters {
    fn of(query: &OverviewQuery) -> Result<Filters, HttpError> {
        Ok(Filters {
            actor: given(&query.actor).map(str::to_string),
            metric: given(&query.metric).map(crate::query::metric).transpose()?,
            role: given(&query.role).map(crate::query::role).transpose()?,
            scope: given(&query.scope).map(crate::query::scope).transpose()?,
            text: given(&query.q).map(str::to_lowercase),
            sort: given(&query.sort)
                .map(Sort::parse)
                .transpose()?
                .unwrap_or(Sort::Last),
            min_assertions: query.min_assertions.unwrap_or(1),
        })
    }

    /// Whether a series passes the filters of its key and text (the actor is filtered
    /// when the claims are read).
    fn keeps(&self, summary: &tally_reconcile::SeriesSummary) -> bool {
        let key = &summary.series;
        summary.n_assertions >= self.min_assertions
            && self.metric.is_none_or(|m| m == key.metric)
            && self.role.is_none_or(|r| r == key.role)
            && self.scope.is_none_or(|s| s == key.scope)
            && self
                .text
                .as_deref()
                .is_none_or(|text| text_matches(key, text))
    }
}

/// Whether the words of a text are in a series' label or name its actor ("north korea"
/// names `PRK` through "North Korean").
fn text_matches(key: &SeriesKey, text: &str) -> bool {
    let label = super::series_title(key).to_lowercase();
    if text.split_whitespace().all(|word| label.contains(word)) {
        return true;
    }
    let Some(actor) = key.actor.as_deref() else {
        return false;
    };
    tally_app::actors::Actors::english()
        .named_in(text)
        .iter()
        .any(|named| named.code.eq_ignore_ascii_case(actor))
}

/// One row: a series, its numbers and its best estimate over time (none for incidents:
/// their figures are not a running estimate).
type Row = SeriesRow;

/// The overview page: the series from the ledger's series cache (`tally_app::overview`),
/// never every claim.
pub async fn page(
    State(state): State<AppState>,
    query: Result<Query<OverviewQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let filters = Filters::of(&query)?;
    let limit = crate::query::checked_limit(query.limit, SERIES_PER_PAGE)?;
    let actor = filters.actor.clone();
    let (counts, n_series, rows) = state
        .run(move |ledger| {
            let listing = listing(ledger, actor.as_deref())?;
            let counts = Counts {
                n_documents: listing.n_documents,
                n_claims: listing.n_claims,
                ..Counts::default()
            };
            let n_series = listing.rows.len();
            let mut rows: Vec<Row> = listing
                .rows
                .into_iter()
                .filter(|row| filters.keeps(&row.summary))
                .collect();
            sort(&mut rows, filters.sort);
            Ok::<_, HttpError>((counts, n_series, rows))
        })
        .await?;
    let page = Page {
        offset: query.offset.unwrap_or(0),
        limit,
    };
    Ok(layout(
        "Series",
        body(&counts, n_series, &rows, &query, page),
    ))
}

/// Orders the rows: by the last day a figure is placed at (none last), by sources or by
/// assertions, the others as ties are broken.
fn sort(rows: &mut [Row], by: Sort) {
    let last = |row: &Row| std::cmp::Reverse(row.summary.last);
    let sources = |row: &Row| std::cmp::Reverse(row.summary.n_sources);
    let assertions = |row: &Row| std::cmp::Reverse(row.summary.n_assertions);
    rows.sort_by(|a, b| {
        let order = match by {
            Sort::Last => {
                (last(a), sources(a), assertions(a)).cmp(&(last(b), sources(b), assertions(b)))
            }
            Sort::Sources => {
                (sources(a), last(a), assertions(a)).cmp(&(sources(b), last(b), assertions(b)))
            }
            Sort::Assertions => {
                (assertions(a), sources(a), last(a)).cmp(&(assertions(b), sources(b), last(b)))
            }
        };
        order.then_with(|| a.summary.series.order(&b.summary.series))
    });
}

/// The filters' form, holding what was asked.
fn filters_form(query: &OverviewQuery) -> Markup {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let chosen = |v: &Option<String>, name: &str| v.as_deref() == Some(name);
    html! {
        form.filters.overview-filters action="/" method="get" {
            label { "Actor " input name="actor" value=(value(&query.actor)) placeholder="North Korea or PRK"; }
            label { "Metric "
                select name="metric" {
                    option value="" { "any" }
                    @for metric in Metric::ALL {
                        option value=(metric.as_str()) selected[chosen(&query.metric, metric.as_str())] { (metric.as_str().replace('_', " ")) }
                    }
                }
            }
            label { "Role "
                select name="role" {
                    option value="" { "any" }
                    @for role in [Role::Military, Role::Civilian, Role::Unspecified] {
                        option value=(role.as_str()) selected[chosen(&query.role, role.as_str())] { (role.as_str()) }
                    }
                }
            }
            label { "Scope "
                select name="scope" {
                    option value="" { "any" }
                    @for scope in [Scope::Total, Scope::Period, Scope::Event] {
                        option value=(scope.as_str()) selected[chosen(&query.scope, scope.as_str())] { (scope_name(scope)) }
                    }
                }
            }
            label { "Text " input name="q" value=(value(&query.q)) placeholder="gaza killed"; }
            label { "Order "
                select name="sort" {
                    @for (_, name, words) in Sort::ALL {
                        option value=(name) selected[chosen(&query.sort, name)] { (words) }
                    }
                }
            }
            button type="submit" { "Filter" }
            a.reset href="/" { "Clear" }
        }
    }
}

/// Which rows of the list are shown.
#[derive(Debug, Clone, Copy)]
struct Page {
    offset: usize,
    limit: usize,
}

/// Links to the previous and next pages of the list, when there are some.
fn pager(query: &OverviewQuery, page: Page, n_rows: usize) -> Markup {
    let next = page.offset.saturating_add(page.limit);
    html! {
        @if page.offset > 0 || next < n_rows {
            nav.pager {
                @if page.offset > 0 {
                    a rel="prev" href={ "/?" (query.at_offset(page.offset.saturating_sub(page.limit))) } { "← Previous" }
                }
                @if next < n_rows {
                    a rel="next" href={ "/?" (query.at_offset(next)) } { "Next →" }
                }
            }
        }
    }
}

fn body(
    counts: &Counts,
    n_series: usize,
    rows: &[Row],
    query: &OverviewQuery,
    page: Page,
) -> Markup {
    let shown = rows
        .iter()
        .skip(page.offset)
        .take(page.limit)
        .collect::<Vec<_>>();
    html! {
        h1 { "Series" }
        p.lede {
            (plural(counts.n_documents, "document", "documents")) ", " (plural(counts.n_claims, "claim", "claims")) ", "
            (plural(n_series, "series", "series"))
            @if rows.len() != n_series { " (" (rows.len()) " shown)" }
            ". "
            "A series is what is counted: who (actor and role), what (metric) and its scope: "
            "a running total, counts over periods, or incidents (counted apart, never added to a total). "
            "Each line is the best estimate over time; open a series for its sources and evidence."
        }
        (filters_form(query))
        @if rows.is_empty() && counts.n_claims > 0 {
            p.empty { "No series matches." }
        } @else if rows.is_empty() {
            p.empty { "No series yet: ingest documents with " code { "tally ingest" } " or POST /api/documents." }
        } @else {
            @if rows.len() > page.limit || page.offset > 0 {
                p.muted { "Series " (page.offset.saturating_add(1).min(rows.len())) "–" (page.offset.saturating_add(shown.len())) " of " (rows.len()) }
            }
            div.scroll { table.series-list {
                thead { tr {
                    th { "Series" } th { "Scope" } th.num { "Claims" } th.num { "Assertions" } th.num { "Sources" }
                    th { "First" } th { "Last" } th { "Latest estimate" } th { "Over time" }
                } }
                tbody {
                    @for row in &shown {
                        @let s = &row.summary;
                        tr {
                            td {
                                // A series of no known actor has no page: its claims are in the table.
                                @if s.series.actor.is_some() {
                                    a.series-link href=(link(&s.series)) { (s.series.label()) }
                                    " " (actor_name(s.series.actor.as_deref()))
                                } @else {
                                    a href={ "/claims?" (serde_urlencoded::to_string([("metric", s.series.metric.as_str()), ("role", s.series.role.as_str()), ("scope", s.series.scope.as_str())]).unwrap_or_default()) } { (s.series.label()) }
                                }
                            }
                            td.scope { (scope_name(s.series.scope)) }
                            td.num { (s.n_claims) }
                            td.num { (s.n_assertions) }
                            td.num { (s.n_sources) }
                            td { (day(s.first)) }
                            td { (day(s.last)) }
                            @if let Some(line) = &row.line {
                                td { (line.latest.clone().unwrap_or_else(|| "—".into())) }
                                td { (sparkline(&s.series, line)) }
                            } @else {
                                td.muted { "none: incidents are not a total" }
                                td { span.muted { "—" } }
                            }
                        }
                    }
                }
            } }
            (pager(query, page, rows.len()))
        }
    }
}

/// The scope in words.
fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Total => "running total",
        Scope::Period => "counts over periods",
        Scope::Event => "incidents",
    }
}

/// The page of a series of a known actor: its scope in the query, and the incidents list
/// for event figures.
fn link(series: &SeriesKey) -> String {
    match series.scope {
        Scope::Event => format!("{}#incidents", series_url(series, Scope::Total)),
        scope => series_url(series, scope),
    }
}

/// Width and height of a sparkline.
const WIDTH: f64 = 140.0;
const HEIGHT: f64 = 28.0;

/// The best estimate over time as a small SVG line (the low end where there is no best).
fn sparkline(series: &SeriesKey, line: &Line) -> Markup {
    let values: Vec<(f64, f64)> = line
        .points
        .iter()
        .filter_map(|&(date, y)| {
            let x = date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days() as f64;
            Some((x, y))
        })
        .collect();
    if values.is_empty() {
        return html! { span.muted { "—" } };
    }
    let (x0, x1) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (x, _)| {
            (lo.min(*x), hi.max(*x))
        });
    let (y0, y1) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, y)| {
            (lo.min(*y), hi.max(*y))
        });
    let pad = 3.0;
    let sx = |x: f64| {
        if x1 > x0 {
            pad + (x - x0) / (x1 - x0) * (WIDTH - 2.0 * pad)
        } else {
            WIDTH / 2.0
        }
    };
    let sy = |y: f64| {
        if y1 > y0 {
            HEIGHT - pad - (y - y0) / (y1 - y0) * (HEIGHT - 2.0 * pad)
        } else {
            HEIGHT / 2.0
        }
    };
    // A step line: the estimate holds until the next day a figure was placed.
    let mut points = Vec::new();
    for (idx, (x, y)) in values.iter().enumerate() {
        if idx > 0 {
            points.push(format!("{:.1},{:.1}", sx(*x), sy(values[idx - 1].1)));
        }
        points.push(format!("{:.1},{:.1}", sx(*x), sy(*y)));
    }
    let (last_x, last_y) = values[values.len() - 1];
    let label = format!(
        "{}: the best estimate on {} days",
        series.label(),
        values.len()
    );
    html! {
        svg.spark viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } width=(WIDTH) height=(HEIGHT) role="img" aria-label=(label) {
            polyline points=(points.join(" ")) {}
            circle cx=(format!("{:.1}", sx(last_x))) cy=(format!("{:.1}", sy(last_y))) r="2.5" {}
        }
    }
}
