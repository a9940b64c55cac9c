//! Every series of the ledger with its numbers and its best estimate over time, as the
//! overview page (`/`), `GET /api/series` and `tally series` list them, read from the
//! ledger's series cache ([`tally_store::ActorSummary`]) instead of from every claim
//! (issue 15: 1.7 million claims made `/` take 8.7 s).
//!
//! The cache holds one summary per actor, computed here from that actor's claims alone
//! (an indexed read) the first time it is asked for after a write changed the actor, and
//! stored for the next reads; the answers are those of reconciling every claim at once,
//! since a series never mixes actors.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tally_core::Scope;
use tally_reconcile::{series, timeline, Options, SeriesSummary};
use tally_store::{ActorSummary, ClaimFilter, Correction, Ledger};

use crate::actors::actor_code_of;
use crate::series::load_exact;
use crate::Error;

/// One series of the listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRow {
    /// The series with its claims, assertions, sources and days.
    pub summary: SeriesSummary,
    /// Its best estimate over time; `None` for incidents, whose figures are no total.
    pub line: Option<Line>,
}

/// A series' best estimate over time, as a sparkline draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The estimate of the last day, as written ("over 5,000"); `None` with no day.
    pub latest: Option<String>,
    /// Each day with an estimate and its value (the best, else the low end, else the high
    /// end).
    pub points: Vec<(Date, f64)>,
}

/// The series of the ledger, or of one actor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Documents in the ledger.
    pub n_documents: usize,
    /// Standing claims in the ledger.
    pub n_claims: usize,
    /// The series, ordered by actor, role and metric.
    pub rows: Vec<SeriesRow>,
}

/// The series of `actor` (a code or a name the gazetteer knows), or of every actor, with
/// the ledger's size. Summaries the cache holds are read; the others are computed from
/// their actor's claims and stored.
///
/// # Errors
///
/// Fails when the ledger cannot be read, or an actor holds more claims than one read may
/// ([`Error::TooManyClaims`]).
///
/// # Example
///
/// ```
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let listing = tally_app::overview::listing(&mut ledger, None)?;
/// assert!(listing.rows.is_empty());
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn listing(ledger: &mut dyn Ledger, actor: Option<&str>) -> Result<Listing, Error> {
    let mut actors = ledger.actor_summaries()?;
    let n_claims = actors.iter().map(|row| row.n_claims).sum();
    add_reviewed_actors(&*ledger, &mut actors)?;
    if let Some(actor) = actor {
        let key = actor_code_of(actor).to_ascii_uppercase();
        actors.retain(|row| row.actor.as_deref().unwrap_or("") == key);
    }
    let mut rows = Vec::new();
    for row in actors {
        rows.extend(actor_rows(ledger, row)?);
    }
    rows.sort_by(|a, b| a.summary.series.order(&b.summary.series));
    Ok(Listing {
        n_documents: ledger.n_documents()?,
        n_claims,
        rows,
    })
}

/// Adds the actors that only reviews name (a claim moved to an actor no extracted claim
/// names): their series hold reviewed claims alone.
fn add_reviewed_actors(ledger: &dyn Ledger, actors: &mut Vec<ActorSummary>) -> Result<(), Error> {
    for review in ledger.reviews()? {
        for correction in &review.corrections {
            let Correction::Actor(Some(actor)) = correction else {
                continue;
            };
            let key = actor.to_ascii_uppercase();
            if !actors.iter().any(|row| row.actor.as_ref() == Some(&key)) {
                actors.push(ActorSummary {
                    actor: Some(key),
                    n_claims: 0,
                    version: 0,
                    summary: None,
                });
            }
        }
    }
    Ok(())
}

/// The series of one actor: from the cache when it holds them, else computed and stored.
fn actor_rows(ledger: &mut dyn Ledger, row: ActorSummary) -> Result<Vec<SeriesRow>, Error> {
    if let Some(rows) = row
        .summary
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
    {
        return Ok(rows);
    }
    let rows = compute(&*ledger, row.actor.as_deref())?;
    if let Ok(json) = serde_json::to_string(&rows) {
        // The cache is an optimisation: a summary that cannot be stored now (the ledger
        // busy with a write, say) is computed again by the next read.
        let _ = ledger.put_actor_summary(row.actor.as_deref(), row.version, &json);
    }
    Ok(rows)
}

/// The series of one actor (`None`: of the claims of no known actor) from its claims.
fn compute(ledger: &dyn Ledger, actor: Option<&str>) -> Result<Vec<SeriesRow>, Error> {
    let filter = ClaimFilter {
        actor: Some(actor.unwrap_or("").to_string()),
        ..ClaimFilter::default()
    };
    let loaded = load_exact(ledger, &filter)?;
    let reported = loaded.reported();
    let options = Options::default();
    let rows = series(&reported, &options)
        .into_iter()
        .map(|summary| {
            let line = (summary.series.scope != Scope::Event).then(|| {
                let timeline = timeline(&reported, &summary.series, None, &options);
                Line {
                    latest: timeline.points.last().map(|p| p.estimate.display(false)),
                    points: timeline
                        .points
                        .iter()
                        .filter_map(|p| {
                            let estimate = &p.estimate;
                            let value = estimate.best.or(estimate.low).or(estimate.high)?;
                            Some((p.date, value.0))
                        })
                        .collect(),
                }
            });
            SeriesRow { summary, line }
        })
        .collect();
    Ok(rows)
}

/// The series a filter's actor, publication day and moment let through, as `tally series`
/// and `GET /api/series` list them: from the cache for the ledger as it stands, else (a
/// read as of a past moment or publication day, which the cache does not hold) reconciled
/// from the claims then, at most [`crate::series::MAX_LOADED_CLAIMS`] of them.
///
/// # Errors
///
/// As [`listing`] and [`crate::series::load_filtered`].
pub fn summaries(
    ledger: &mut dyn Ledger,
    filter: &ClaimFilter,
) -> Result<Vec<SeriesSummary>, Error> {
    if filter.published_by.is_none() && filter.known_on.is_none() {
        let listing = listing(ledger, filter.actor.as_deref())?;
        return Ok(listing.rows.into_iter().map(|row| row.summary).collect());
    }
    let only = ClaimFilter {
        actor: filter.actor.clone(),
        published_by: filter.published_by,
        known_on: filter.known_on,
        ..ClaimFilter::default()
    };
    let loaded = crate::series::load_filtered(&*ledger, &only)?;
    Ok(series(&loaded.reported(), &Options::default()))
}
