//! `/series/{actor}/{role}/{metric}`: one series, a running total by default or the counts
//! over periods with `?scope=period`. The interactive timeline is drawn by
//! `assets/series.js` from the chart the page embeds (`tally_app::chart::Chart` as JSON)
//! and `/api/claims`; the estimate at a day (each
//! source's latest figure, derived figures with their inputs), the contradictions and every
//! assertion are rendered here, and beside them the incidents of the actor and metric (the
//! event claims merged per incident, and their sums per week as bars: a lower bound, never
//! part of the total). `?scope=event` goes to that list.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;
use tally_app::answer::PlainAnswer;
use tally_app::chart::Chart;
use tally_app::series::{series_at, Overview, SeriesRequest};
use tally_app::text::{date_span, plural};
use tally_core::{Kind, Scope};
use tally_reconcile::{
    incident_totals, Bucket, Estimate, Figure, Incident, IncidentTotal, SeriesKey, Share, Timeline,
};

use super::{actor_name, bad_query, layout_with, series_path, series_url, PageError};
use crate::http_error::HttpError;
use crate::query::{self, given};
use crate::server::AppState;

/// The day of the estimate, and the scope of the series.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPageQuery {
    at: Option<String>,
    /// total [default] or period; event goes to the incidents list.
    scope: Option<String>,
    /// Leave out the sources graded below this (A to F).
    min_grade: Option<String>,
    /// Only the documents published on or before this day.
    published_by: Option<String>,
    /// The ledger as it stood at this moment.
    known_on: Option<String>,
    /// A subgroup counted (children, journalists…) [default: everyone].
    group: Option<String>,
}

/// The most incidents listed on the page, latest first.
const MAX_INCIDENTS: usize = 200;

/// What the page shows: the series (when it has dated figures) and the incidents.
struct View {
    /// The "published by" day and the minimum grade asked for, as given.
    published_by: Option<String>,
    min_grade: Option<String>,
    /// The moment asked for (`known_on`), as given.
    known_on: Option<String>,
    series: SeriesKey,
    /// The series' sources as the overview counts them.
    n_sources: usize,
    total: Option<Overview>,
    incidents: Vec<Incident>,
    weeks: Vec<IncidentTotal>,
}

/// The series page.
pub async fn page(
    State(state): State<AppState>,
    Path((actor, role, metric)): Path<(String, String, String)>,
    query: Result<Query<SeriesPageQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(query) = query.map_err(|rejection| bad_query(&rejection))?;
    let role = query::role(&role)?;
    let metric = query::metric(&metric)?;
    let at = given(&query.at).map(|v| query::day("at", v)).transpose()?;
    let scope = given(&query.scope)
        .map(query::scope)
        .transpose()?
        .unwrap_or(Scope::Total);
    if scope == Scope::Event {
        // Event figures are no series: their incidents are listed on the total's page.
        let path = format!("{}#incidents", series_path(Some(&actor), role, metric));
        return Ok(Redirect::to(&path).into_response());
    }
    let published_by = given(&query.published_by).map(str::to_string);
    let min_grade = given(&query.min_grade).map(str::to_string);
    let known_on = given(&query.known_on).map(str::to_string);
    let request = SeriesRequest {
        actor,
        metric,
        role: Some(role),
        scope,
        group: given(&query.group).map(str::to_lowercase),
        at,
        min_grade: given(&query.min_grade).map(query::grade).transpose()?,
        published_by: given(&query.published_by)
            .map(|v| query::day("published_by", v))
            .transpose()?,
        known_on: given(&query.known_on)
            .map(|v| query::moment("known_on", v))
            .transpose()?,
    };
    let view = state
        .run(move |ledger| {
            let found = series_at(ledger, &request)?;
            // The incidents of the actor and metric, whatever the role.
            let incidents = found.incidents();
            let weeks = incident_totals(&incidents, Bucket::Week);
            let total = match found.overview() {
                Ok(total) => Some(total),
                // With no dated figure, the page still lists the incidents.
                Err(tally_app::Error::NoDatedClaims { .. }) if !incidents.is_empty() => None,
                Err(error) => return Err(HttpError::from(error)),
            };
            Ok(View {
                published_by,
                min_grade,
                known_on,
                n_sources: total.as_ref().map_or(0, |t| t.n_sources),
                series: found.series,
                total,
                incidents,
                weeks,
            })
        })
        .await?;
    let title = view.series.label();
    let page_title = super::series_title(&view.series);
    let head = html! {
        link rel="stylesheet" href="/assets/uPlot.min.css";
        script src="/assets/uPlot.iife.min.js" defer {}
        script src="/assets/series.js" defer {}
    };
    let body = html! {
        h1 {
            @if view.series.actor.as_deref().and_then(tally_app::actors::actor_name).is_some() {
                (actor_name(view.series.actor.as_deref())) " · "
            }
            (title)
        }
        @if let Some(known_on) = &view.known_on {
            p.hint { "The ledger as it stood at " (known_on) ": its claims, reviews and grades of then." }
        }
        @if let Some(total) = &view.total { (answers(&total.answers)) }
        (scopes(&view.series))
        @match &view.total {
            Some(total) => (body(&total.estimate, &total.timeline, total.share.as_ref(), &view)),
            None => {
                p.empty { "No dated figure of " (title) " in the ledger: only the incidents below." }
                (incidents_section(&view))
            }
        }
    };
    Ok(layout_with(&page_title, head, body).into_response())
}

/// The plain answer first: per scope with figures, the latest statement in a sentence
/// with its evidence, the other sources beside it, and no consensus when they disagree.
fn answers(answers: &[PlainAnswer]) -> Markup {
    html! {
        section.answer #answer aria-label="The answer" {
            @for (answer_idx, answer) in answers.iter().enumerate() {
                div.answer-scope data-scope=(answer.series.scope.as_str()) {
                    @if answers.len() > 1 || answer.series.scope != Scope::Total {
                        @if answer_idx == 0 {
                            strong.answer-scope-name { (scope_words(answer.series.scope)) ": " }
                        } @else {
                            a.answer-scope-name href=(series_url(&answer.series, answer.series.scope)) { (scope_words(answer.series.scope)) } ": "
                        }
                    }
                    span.answer-sentence { (answer.sentence) }
                    @if let Some(claim) = answer.evidence {
                        " " a.evidence href={ "/claims/" (claim) } { "evidence" }
                    }
                    @if let Some(others) = &answer.others {
                        " " span.answer-others { (others) }
                    }
                    @if let Some(no_consensus) = &answer.no_consensus {
                        " " strong.no-consensus { (no_consensus) }
                    }
                }
            }
        }
    }
}

/// A scope as the answer names it.
fn scope_words(scope: Scope) -> &'static str {
    match scope {
        Scope::Total => "Running total",
        Scope::Period => "Counts over periods",
        Scope::Event => "Incidents",
    }
}

/// Links to the series in the other scopes and to the incidents.
fn scopes(series: &SeriesKey) -> Markup {
    html! {
        nav.scopes aria-label="Scope" {
            @if series.scope == Scope::Total {
                strong { "running total" }
            } @else {
                a href=(series_url(series, Scope::Total)) { "running total" }
            }
            " · "
            @if series.scope == Scope::Period {
                strong { "counts over periods" }
            } @else {
                a href=(series_url(series, Scope::Period)) { "counts over periods" }
            }
            " · "
            a href="#incidents" { "incidents" }
        }
    }
}

fn body(estimate: &Estimate, timeline: &Timeline, share: Option<&Share>, view: &View) -> Markup {
    let series = &estimate.series;
    let actor = series.actor.as_deref().unwrap_or("unknown");
    html! {
        p.lede {
            "Estimate at " (estimate.at) ": " strong.best { (estimate.best.display(false)) }
            " · envelope " (tally_reconcile::display(&estimate.envelope, false, false))
            " · " span.n-sources title="independent sources of the series, counts and shares, as the overview counts them" { (plural(view.n_sources, "source", "sources")) }
            @if estimate.sources.len() != view.n_sources {
                " (" (estimate.sources.len()) " with a figure in this estimate)"
            }
            " · method " code { (estimate.method) }
        }
        section.chart-panel {
            h2 { "Timeline" }
            p.hint { "Each source's figures in its colour: a dot, a floor with an arrow up, a ceiling with an arrow down, a range as a bar; the best estimate as a line, its low and high dashed. Hover a figure for its source and evidence, click to hold it, or focus the chart and step through the figures with the arrow keys." }
            div #chart-controls .chart-controls {}
            div #chart .chart data-actor=(actor) data-role=(series.role.as_str()) data-metric=(series.metric.as_str()) data-scope=(series.scope.as_str()) data-group=[series.group.as_deref()] data-published-by=(view.published_by.as_deref().unwrap_or("")) data-known-on=(view.known_on.as_deref().unwrap_or("")) {}
            (chart_data(timeline))
            div #legend .legend {}
            div #legend-key .legend.legend-key {}
            div #point .point-details aria-live="polite" { p.muted { "Hover a point of the chart." } }
        }
        section {
            h2 { "Estimate at " (estimate.at) }
            form.inline action="" method="get" {
                label { "Day " input type="date" name="at" value=(estimate.at.to_string()); }
                label title="Only documents published on or before this day: what an analyst could have known then" { "Published by " input type="date" name="published_by" value=(view.published_by.as_deref().unwrap_or("")); }
                label title="Leave out the sources graded below this (Admiralty scale; ungraded counts as F)" { "Minimum grade "
                    select name="min_grade" {
                        option value="" { "any" }
                        @for grade in tally_core::Grade::ALL {
                            option value=(grade.as_str()) selected[view.min_grade.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(grade.as_str()))] { (grade.as_str()) }
                        }
                    }
                }
                @if series.scope != Scope::Total { input type="hidden" name="scope" value=(series.scope.as_str()); }
                @if let Some(group) = &series.group { input type="hidden" name="group" value=(group); }
                @if let Some(known_on) = &view.known_on { input type="hidden" name="known_on" value=(known_on); }
                button type="submit" { "Estimate" }
            }
            @if estimate.sources.is_empty() {
                p.empty { "No figure at or before " (estimate.at) "." }
            } @else {
                div.scroll { table.estimate {
                    thead { tr {
                        th { "Source" } th { "Grade" } th { "Figure" } th { "Date" } th { "As of" } th { "Confidence" } th.num { "Weight" } th { "Evidence" }
                    } }
                    tbody {
                        @for figure in &estimate.sources { (figure_rows(figure, 0)) }
                    }
                } }
                p.summary {
                    "low " (number(estimate.best.low.map(|n| n.0))) " · best " (number(estimate.best.best.map(|n| n.0)))
                    " · high " (number(estimate.best.high.map(|n| n.0)))
                    @if estimate.best.open_high { " (open above: a lower bound may be the truth's floor)" }
                    @if estimate.best.open_low { " (open below)" }
                }
            }
            @if estimate.n_undated > 0 {
                p.muted { (plural(estimate.n_undated, "claim", "claims")) " of the actor " (if estimate.n_undated == 1 { "has" } else { "have" }) " no date and " (if estimate.n_undated == 1 { "is" } else { "are" }) " left out." }
            }
        }
        (incidents_section(view))
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
            div.scroll { table.assertions {
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
            } }
        }
    }
}

/// The chart's data (`tally_app::chart::Chart`) for `series.js`, as JSON in a script element
/// that is never run: every `<`, `>` and `&` written as a JSON escape, so that no text of
/// a figure can close the element.
fn chart_data(timeline: &Timeline) -> Markup {
    let json = serde_json::to_string(&Chart::new(timeline))
        .unwrap_or_else(|_| "null".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    html! { script #chart-data type="application/json" { (PreEscaped(json)) } }
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
            td.grade title="Admiralty grade of the source; - ungraded (weighed as F, cannot be judged)" { (figure.grade.map_or("-", |g| g.as_str())) }
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

/// The incidents of the actor and metric: the bars of their sums per week, then the list,
/// latest first.
fn incidents_section(view: &View) -> Markup {
    let series = &view.series;
    let actor = series.actor.as_deref().unwrap_or("?");
    let metric = series.metric.as_str();
    let api = serde_urlencoded::to_string([("actor", actor), ("metric", metric), ("per", "week")])
        .unwrap_or_default();
    html! {
        section #incidents .incidents {
            h2 { "Incidents" }
            p.hint {
                "Reports of single incidents (a strike, an attack) of " (actor) " " (metric)
                ", every role, the reports of one incident merged. "
                "They are counted apart from the running total, never added to it."
            }
            @if view.incidents.is_empty() {
                p.empty { "No incident of " (actor) " " (metric) " is reported in the ledger." }
            } @else {
                h3 { "Per week" }
                (week_bars(&view.weeks, metric))
                h3 { "Each incident" }
                @if view.incidents.len() > MAX_INCIDENTS {
                    p.muted { "The " (MAX_INCIDENTS) " latest of " (view.incidents.len()) " incidents; all of them in " a href={ "/api/incidents?" (api) } { "the API" } "." }
                } @else {
                    p.muted {
                        (view.incidents.len()) @if view.incidents.len() == 1 { " incident." } @else { " incidents, latest first." }
                    }
                }
                div.scroll { table.incident-list {
                    thead { tr {
                        th { "Day" } th { "Place" } th { "Role" } th { "Figure" } th.num { "Reports" } th { "Sources" } th { "Claims" }
                    } }
                    tbody {
                        @for incident in view.incidents.iter().rev().take(MAX_INCIDENTS) {
                            tr.incident {
                                td { (incident.first) @if incident.last != incident.first { "–" (incident.last) } }
                                td {
                                    (incident.place.as_deref().unwrap_or("—"))
                                    @if let Some(country) = &incident.country { " " span.muted { (country) } }
                                }
                                td { (incident.role.as_str()) }
                                td { (tally_reconcile::display(&incident.figure, incident.approx, false)) }
                                td.num.n-reports { (incident.reports.len()) }
                                td { (incident.sources.join(", ")) }
                                td {
                                    span.reports {
                                        @for report in &incident.reports {
                                            @if let Some(claim) = report.claim {
                                                a href={ "/claims/" (claim) } title={ (report.source) ", " (report.date) ", " (report.doc) } { "#" (claim) } " "
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// Width and height of the bar chart's drawing (it scales to the page's width).
const BARS_WIDTH: f64 = 600.0;
const BARS_HEIGHT: f64 = 120.0;

/// The weeks' sums as bars of an inline SVG, one slot per week from the first to the last
/// (weeks with no incident left empty), each bar titled with what it is; the same numbers
/// in a table below for who cannot see the bars.
fn week_bars(weeks: &[IncidentTotal], metric: &str) -> Markup {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return html! {};
    };
    let week_index = |day: Date| -> f64 {
        day.since(first.first)
            .map(|span| f64::from(span.get_days()) / 7.0)
            .unwrap_or(0.0)
            .floor()
    };
    let n = (week_index(last.first) + 1.0).max(1.0);
    let max = weeks.iter().map(|w| w.at_least).fold(0.0_f64, f64::max);
    // At least a dozen slots, so that a few weeks do not make wide blocks.
    let slot = BARS_WIDTH / n.max(12.0);
    let gap = if slot > 4.0 { slot * 0.2 } else { 0.0 };
    let label = format!(
        "Bars per week from {} to {}: at least so many {metric} in the incidents reported that week; not a total",
        first.first, last.last
    );
    let plural = |n: usize| if n == 1 { "incident" } else { "incidents" };
    html! {
        figure.bars {
            svg.bars viewBox={ "0 0 " (BARS_WIDTH) " " (BARS_HEIGHT) } preserveAspectRatio="none" role="img" aria-label=(label) {
                line.axis x1="0" y1=(BARS_HEIGHT) x2=(BARS_WIDTH) y2=(BARS_HEIGHT) {}
                @for week in weeks {
                    @let height = if max > 0.0 { (week.at_least / max * (BARS_HEIGHT - 4.0)).max(1.0) } else { 1.0 };
                    rect x=(format!("{:.1}", week_index(week.first) * slot + gap / 2.0)) y=(format!("{:.1}", BARS_HEIGHT - height))
                        width=(format!("{:.1}", (slot - gap).max(0.5))) height=(format!("{height:.1}")) {
                        title { "Week of " (week.first) "–" (week.last) ": at least " (number(Some(week.at_least))) " " (metric) " in the " (week.n_incidents) " " (plural(week.n_incidents)) " reported that week; not a total" }
                    }
                }
            }
            figcaption {
                "Each bar is a week (" (first.first) " to " (last.last) "): at least N " (metric)
                " in the incidents reported that week; not a total. The tallest: at least " (number(Some(max))) "."
            }
        }
        details.weeks {
            summary { "The weeks as a table" }
            div.scroll { table.week-list {
                thead { tr { th { "Week" } th.num { "Incidents" } th.num { "At least" } } }
                tbody {
                    @for week in weeks {
                        tr { td { (week.first) "–" (week.last) } td.num { (week.n_incidents) } td.num { (number(Some(week.at_least))) " " (metric) } }
                    }
                }
            } }
        }
    }
}
