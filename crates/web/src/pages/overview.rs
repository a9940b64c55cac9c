//! `/`: every series in the ledger, most asserted first, each with its scope (a running
//! total, counts over periods, or incidents) and a sparkline of its best estimate over time
//! (an inline SVG: no script needed). A period series links to its page with
//! `scope=period`; an event series has no estimate and links to the incidents list.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use maud::{html, Markup};
use serde::Deserialize;
use tally_app::series::load;
use tally_core::Scope;
use tally_reconcile::{series, timeline, Options, Reported, SeriesKey, Timeline};
use tally_store::Counts;

use super::{bad_query, day, layout, series_url, PageResult};
use crate::query::given;
use crate::server::AppState;

/// The overview's filters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    actor: Option<String>,
    min_assertions: Option<usize>,
}

/// One row: a series, its numbers and its sparkline (none for incidents: their figures
/// are not a running estimate).
struct Row {
    summary: tally_reconcile::SeriesSummary,
    timeline: Option<Timeline>,
}

/// The overview page.
pub async fn page(
    State(state): State<AppState>,
    query: Result<Query<OverviewQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let min = query.min_assertions.unwrap_or(1);
    let actor = given(&query.actor).map(str::to_string);
    let (counts, rows) = state
        .run(move |ledger| {
            let counts = ledger.counts()?;
            let loaded = load(ledger, actor.as_deref())?;
            let reported = loaded.reported();
            let options = Options::default();
            // A timeline reads only its actor's claims.
            let mut by_actor: HashMap<Option<String>, Vec<&Reported<'_>>> = HashMap::new();
            for r in &reported {
                by_actor
                    .entry(r.claim.actor.as_ref().map(|a| a.to_ascii_uppercase()))
                    .or_default()
                    .push(r);
            }
            let mut rows: Vec<Row> = series(&reported, &options)
                .into_iter()
                .filter(|s| s.n_assertions >= min)
                .map(|summary| {
                    let key = summary
                        .series
                        .actor
                        .as_ref()
                        .map(|a| a.to_ascii_uppercase());
                    let claims = by_actor.get(&key).map(Vec::as_slice).unwrap_or_default();
                    let timeline = (summary.series.scope != Scope::Event)
                        .then(|| timeline(claims.iter().copied(), &summary.series, None, &options));
                    Row { summary, timeline }
                })
                .collect();
            rows.sort_by(|a, b| {
                b.summary
                    .n_assertions
                    .cmp(&a.summary.n_assertions)
                    .then_with(|| a.summary.series.order(&b.summary.series))
            });
            Ok((counts, rows))
        })
        .await?;
    Ok(layout("Series", body(&counts, &rows)))
}

fn body(counts: &Counts, rows: &[Row]) -> Markup {
    html! {
        h1 { "Series" }
        p.lede {
            (counts.n_documents) " documents, " (counts.n_claims) " claims, " (rows.len()) " series. "
            "A series is what is counted: who (actor and role), what (metric) and its scope: "
            "a running total, counts over periods, or incidents (counted apart, never added to a total). "
            "Each line is the best estimate over time; open a series for its sources and evidence."
        }
        @if rows.is_empty() {
            p.empty { "No series yet: ingest documents with " code { "tally ingest" } " or POST /api/documents." }
        } @else {
            div.scroll { table.series-list {
                thead { tr {
                    th { "Series" } th { "Scope" } th.num { "Claims" } th.num { "Assertions" } th.num { "Sources" }
                    th { "First" } th { "Last" } th { "Latest estimate" } th { "Over time" }
                } }
                tbody {
                    @for row in rows {
                        @let s = &row.summary;
                        tr {
                            td {
                                // A series of no known actor has no page: its claims are in the table.
                                @if s.series.actor.is_some() {
                                    a.series-link href=(link(&s.series)) { (s.series.label()) }
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
                            @if let Some(timeline) = &row.timeline {
                                td { (timeline.points.last().map(|p| p.estimate.display(false)).unwrap_or_else(|| "—".into())) }
                                td { (sparkline(timeline)) }
                            } @else {
                                td.muted { "none: incidents are not a total" }
                                td { span.muted { "—" } }
                            }
                        }
                    }
                }
            } }
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
fn sparkline(timeline: &Timeline) -> Markup {
    let values: Vec<(f64, f64)> = timeline
        .points
        .iter()
        .filter_map(|p| {
            let y = p.estimate.best.or(p.estimate.low).or(p.estimate.high)?.0;
            let x = p.date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days() as f64;
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
        timeline.series.label(),
        values.len()
    );
    html! {
        svg.spark viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } width=(WIDTH) height=(HEIGHT) role="img" aria-label=(label) {
            polyline points=(points.join(" ")) {}
            circle cx=(format!("{:.1}", sx(last_x))) cy=(format!("{:.1}", sy(last_y))) r="2.5" {}
        }
    }
}
