//! `/series/{actor}/{role}/{metric}`: one series. The interactive timeline is drawn by
//! `assets/series.js` from `/api/timeline` and `/api/claims`; the estimate at a day (each
//! source's latest figure, derived figures with their inputs), the contradictions and every
//! assertion are rendered here.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use serde::Deserialize;
use tally_core::Kind;
use tally_core::Metric;
use tally_reconcile::{Estimate, Figure, Index, Options, Share, Timeline};

use super::{bad_query, layout_with, PageResult};
use crate::http_error::HttpError;
use crate::query::{self, given};
use crate::reconcile::load;
use crate::server::AppState;
use crate::text::date_span;

/// The day of the estimate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPageQuery {
    at: Option<String>,
}

/// The series page.
pub async fn page(
    State(state): State<AppState>,
    Path((actor, role, metric)): Path<(String, String, String)>,
    query: Result<Query<SeriesPageQuery>, QueryRejection>,
) -> PageResult {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let role = query::role(&role)?;
    let metric = query::metric(&metric)?;
    let at = given(&query.at).map(|v| query::day("at", v)).transpose()?;
    let (estimate, timeline, share) = state
        .run(move |ledger| {
            let loaded = load(ledger, Some(&actor))?;
            let series = loaded.series(&actor, metric, Some(role), tally_core::Scope::Total);
            let at = at.or_else(|| loaded.last_day(&series)).ok_or_else(|| {
                HttpError::not_found(format!(
                    "no dated claims of {} in the ledger",
                    series.label()
                ))
            })?;
            let reported = loaded.reported();
            let options = Options::default();
            // One grouping of the actor's claims serves the estimate, share and timeline.
            let index = Index::new(&reported);
            // Losses as a share of the force, where the actor's deployment is known.
            let deployed = series.with_metric(Metric::Deployed);
            let share = (tally_reconcile::is_cumulative(metric)
                && reported.iter().any(|r| deployed.matches(r.claim)))
            .then(|| index.share(&series, Metric::Deployed, at, &options))
            .filter(|s| s.share.best.is_some() || s.share.low.is_some());
            Ok((
                index.estimate(&series, at, &options),
                index.timeline(&series, None, &options),
                share,
            ))
        })
        .await?;
    let title = estimate.series.label();
    let head = html! {
        link rel="stylesheet" href="/assets/uPlot.min.css";
        script src="/assets/uPlot.iife.min.js" defer {}
        script src="/assets/series.js" defer {}
    };
    Ok(layout_with(
        &title,
        head,
        body(&estimate, &timeline, share.as_ref()),
    ))
}

fn body(estimate: &Estimate, timeline: &Timeline, share: Option<&Share>) -> Markup {
    let series = &estimate.series;
    let actor = series.actor.as_deref().unwrap_or("unknown");
    html! {
        h1 { (series.label()) }
        p.lede {
            "Estimate at " (estimate.at) ": " strong.best { (estimate.best.display(false)) }
            " · envelope " (tally_reconcile::display(&estimate.envelope, false, false))
            " · " (estimate.sources.len()) " sources · method " code { (estimate.method) }
        }
        section.chart-panel {
            h2 { "Timeline" }
            p.hint { "Each source's figures as points, the best estimate as a line, its low and high dashed. Hover a point for its source and evidence; click to hold it." }
            div #chart .chart data-actor=(actor) data-role=(series.role.as_str()) data-metric=(series.metric.as_str()) {}
            div #legend .legend {}
            div #point .point-details aria-live="polite" { p.muted { "Hover a point of the chart." } }
        }
        section {
            h2 { "Estimate at " (estimate.at) }
            form.inline action="" method="get" {
                label { "Day " input type="date" name="at" value=(estimate.at.to_string()); }
                button type="submit" { "Estimate" }
            }
            @if estimate.sources.is_empty() {
                p.empty { "No figure at or before " (estimate.at) "." }
            } @else {
                table.estimate {
                    thead { tr {
                        th { "Source" } th { "Figure" } th { "Date" } th { "As of" } th { "Confidence" } th.num { "Weight" } th { "Evidence" }
                    } }
                    tbody {
                        @for figure in &estimate.sources { (figure_rows(figure, 0)) }
                    }
                }
                p.summary {
                    "low " (number(estimate.best.low.map(|n| n.0))) " · best " (number(estimate.best.best.map(|n| n.0)))
                    " · high " (number(estimate.best.high.map(|n| n.0)))
                    @if estimate.best.open_high { " (open above: a lower bound may be the truth's floor)" }
                    @if estimate.best.open_low { " (open below)" }
                }
            }
            @if estimate.n_undated > 0 {
                p.muted { (estimate.n_undated) " claims of the actor have no date and are left out." }
            }
        }
        section {
            h2 { "Derived figures" }
            @let derived: Vec<&Figure> = estimate.sources.iter().filter(|f| f.derived.is_some()).collect();
            @if let Some(share) = share {
                p.share {
                    "As a share of the " (share.of.label()) " at " (share.at) ": " strong { (share.share.display(true)) }
                    " (" (share.numerator.display(false)) " of " (tally_reconcile::display(&share.denominator, false, false)) " over time)"
                }
                @if !share.stated.is_empty() {
                    ul.stated {
                        @for stated in &share.stated {
                            li {
                                (stated.figure.source) " states " (stated.figure.display) " of " (share.of.metric) ": "
                                @if stated.consistent { "consistent with the derived share" } @else { strong { "outside the derived share" } }
                                " " (reports(&stated.figure))
                            }
                        }
                    }
                }
            }
            @if derived.is_empty() && share.is_none() {
                p.muted { "No figure of this estimate is derived from others." }
            } @else {
                @if !derived.is_empty() {
                    ul.derived {
                        @for figure in derived { li { (lineage(figure)) } }
                    }
                }
            }
        }
        section {
            h2 { "Contradictions" }
            @let all = if timeline.contradictions.is_empty() { &estimate.contradictions } else { &timeline.contradictions };
            @if all.is_empty() {
                p.muted { "No two independent sources contradict each other." }
            } @else {
                ul.contradictions {
                    @for c in all {
                        li {
                            strong { (c.sources[0]) } " " (c.figures[0]) " (" (c.periods[0].first) "–" (c.periods[0].last) ")"
                            " vs " strong { (c.sources[1]) } " " (c.figures[1]) " (" (c.periods[1].first) "–" (c.periods[1].last) ")"
                            " · ratio " (format!("{:.2}", c.ratio.0))
                        }
                    }
                }
            }
            @if !timeline.falls.is_empty() {
                h3 { "Falls" }
                ul {
                    @for fall in &timeline.falls {
                        li { (fall.source) ": from " (fall.from) " (" (fall.from_date) ") to " (fall.to) " (" (fall.to_date) ")" }
                    }
                }
            }
            @if !estimate.projections.is_empty() {
                h3 { "Projections" }
                ul {
                    @for p in &estimate.projections { li { (p.source) ": " (p.display) " at " (estimate.at) } }
                }
            }
        }
        section {
            h2 { "Every assertion" }
            p.hint { "A figure one source repeats in many documents is one assertion with several reports." }
            table.assertions {
                thead { tr { th { "Date" } th { "Source" } th { "Figure" } th { "As of" } th { "Evidence" } } }
                tbody {
                    @for figure in &timeline.assertions {
                        tr {
                            td { (figure.date) }
                            td { (figure.source) }
                            td { (display(figure)) }
                            td { (figure.as_of.as_ref().map_or_else(|| "—".to_string(), date_span)) }
                            td { (reports(figure)) }
                        }
                    }
                }
            }
        }
    }
}

/// A figure as written, with what a fraction is a share of.
fn display(figure: &Figure) -> String {
    let mut display = figure.display.clone();
    if figure.kind == Kind::Fraction {
        if let Some(of) = figure.of {
            display.push_str(&format!(" of {of}"));
        }
    }
    display
}

/// A figure's row, then its inputs' rows indented.
fn figure_rows(figure: &Figure, depth: usize) -> Markup {
    let confidence = match (&figure.confidence, figure.probability) {
        (Some(phrase), Some([low, high])) => {
            format!("{phrase} ({:.0}–{:.0}%)", low * 100.0, high * 100.0)
        }
        (Some(phrase), None) => phrase.clone(),
        (None, _) => figure.modality.as_str().to_string(),
    };
    html! {
        tr class={ "depth-" (depth.min(3)) } {
            td { @if depth > 0 { span.arrow { "← " } } (figure.source) }
            td { (display(figure)) }
            td { (figure.date) }
            td { (figure.as_of.as_ref().map_or_else(|| "—".to_string(), date_span)) }
            td { (confidence) }
            td.num { (format!("{:.2}", figure.weight)) }
            td {
                @if let Some(derivation) = &figure.derived {
                    (serde_json::to_value(derivation.operation).ok().and_then(|v| v.as_str().map(|s| s.replace('_', " "))).unwrap_or_default())
                } @else {
                    (reports(figure))
                }
            }
        }
        @if let Some(derivation) = &figure.derived {
            @for input in &derivation.inputs { (figure_rows(input, depth + 1)) }
        }
    }
}

/// How a derived figure was made, as nested lists.
fn lineage(figure: &Figure) -> Markup {
    html! {
        strong { (display(figure)) } " (" (figure.source) ", " (figure.date) ")"
        @if let Some(derivation) = &figure.derived {
            " = "
            (serde_json::to_value(derivation.operation).ok().and_then(|v| v.as_str().map(|s| s.replace('_', " "))).unwrap_or_default())
            " of"
            ul {
                @for input in &derivation.inputs {
                    li {
                        @if input.derived.is_some() { (lineage(input)) } @else {
                            (display(input)) " (" (input.source) ", " (input.date) ") " (reports(input))
                        }
                    }
                }
            }
        }
    }
}

/// Links to the claims that report a figure.
fn reports(figure: &Figure) -> Markup {
    html! {
        span.reports {
            @for report in &figure.reports {
                @if let Some(claim) = report.claim {
                    a href={ "/claims/" (claim) } title=(report.doc) { "#" (claim) } " "
                }
            }
        }
    }
}

/// A number with thousands separators, or a dash.
fn number(x: Option<f64>) -> String {
    match x {
        None => "—".to_string(),
        Some(x) => tally_reconcile::display(&tally_reconcile::Interval::point(x), false, false),
    }
}
