//! `/sources`: every canonical source with its record and grade, as `tally sources` lists
//! them (`tally_app::sources`).

use axum::extract::State;
use maud::html;
use tally_app::sources::sources;

use super::{actor_name, day, layout, series_url, PageResult};
use crate::http_error::HttpError;
use crate::server::AppState;

/// The Sources page.
pub async fn page(State(state): State<AppState>) -> PageResult {
    let found = state
        .run(move |ledger| Ok::<_, HttpError>(sources(ledger)?))
        .await?;
    let body = html! {
        h1 { "Sources" }
        p.muted {
            "Grades on the Admiralty scale (A completely reliable … E unreliable, F cannot be judged); "
            "an ungraded source (-) weighs as F, which is neither trust nor distrust. Grade one with "
            code { "tally sources grade SOURCE GRADE --reason …" } " or " code { "POST /api/sources/grade" } "."
        }
        @if found.is_empty() {
            p.empty { "No sources in the ledger." }
        } @else {
            table.sources {
                thead { tr {
                    th { "Source" } th { "Grade" } th.num { "Claims" } th.num { "Series" } th.num { "Documents" }
                    th { "First" } th { "Last" } th.num { "Revised down" } th.num { "Outside the others" } th.num { "Median distance" }
                } }
                tbody {
                    @for source in &found {
                        tr {
                            td { a href={ "/claims?source=" (super::encode(&source.source)) } { (source.source) } }
                            td title=(source.grade.map_or_else(|| "ungraded: weighed as F".to_string(), |g| format!("{}{}", g.meaning(), source.graded_by.as_deref().map_or_else(String::new, |by| format!(", by {by}"))))) {
                                (source.grade.map_or("-".to_string(), |g| g.to_string()))
                            }
                            td.num { (source.n_claims) }
                            td.num.source-series {
                                (source.n_series)
                                @if let Some(series) = source.series.first() {
                                    " " a.series-of href=(series_url(series, series.scope)) title="the series with most of its claims" { (series.label()) }
                                    " " (actor_name(series.actor.as_deref()))
                                }
                            }
                            td.num { (source.n_documents) }
                            td { (day(source.first)) }
                            td { (day(source.last)) }
                            td.num { (source.n_revised_down) }
                            td.num { (source.n_outside) " of " (source.n_compared) }
                            td.num { (source.median_distance.map_or("—".to_string(), |d| format!("{:.0} %", d * 100.0))) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout("Sources", body))
}
