//! Series from the ledger, for `tally series`, `estimate`, `timeline`, `chart` and
//! `incidents`, the API and the pages alike: the claims of an actor, dated with their
//! documents' publication days where they have no date of their own ([`load`]), and one
//! series at a day ([`series_at`]) answering its estimate, its share of another series and
//! its timeline.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{Grade, Metric, Role, Scope};
use tally_reconcile::{
    estimate, incidents, share, timeline, AsReport, Estimate, Incident, IncidentOptions, Index,
    Options, Reported, SeriesKey, Share, Timeline,
};
use tally_store::{ClaimFilter, DocumentHash, Ledger, StoredClaim};

use crate::actors::{actor_code_of, resolve_filter};
use crate::answer::PlainAnswer;
use crate::Error;

/// The most claims one read reconciles at once (an actor's series, or a read as of a past
/// moment): beyond it the read is refused rather than held in memory.
pub const MAX_LOADED_CLAIMS: usize = 2_000_000;

/// The claims of an actor (or of every actor), with what reconciling needs.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The claims, in id order.
    pub claims: Vec<StoredClaim>,
    /// The publication day of the documents of claims that have no date of their own.
    pub published: HashMap<DocumentHash, Option<Date>>,
    /// The outlet of the documents whose own figures (source `publisher`) are loaded: the
    /// source those figures count under.
    pub outlets: HashMap<DocumentHash, Option<String>>,
    /// The latest grade of each graded source.
    pub grades: HashMap<String, Grade>,
}

/// Reads the claims of `actor` (every role: fractions may need another series of it), or
/// of every actor when `None`.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
///
/// # Example
///
/// ```
/// let ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let loaded = tally_app::series::load(&ledger, Some("PRK"))?;
/// assert!(loaded.claims.is_empty());
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn load(ledger: &dyn Ledger, actor: Option<&str>) -> Result<Loaded, Error> {
    let filter = ClaimFilter {
        actor: actor.map(str::to_string),
        ..ClaimFilter::default()
    };
    load_filtered(ledger, &filter)
}

/// The incidents of the event claims a filter lets through (its scope is set to event), as
/// `tally incidents` and `GET /api/incidents` list them.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn load_incidents(ledger: &dyn Ledger, filter: ClaimFilter) -> Result<Vec<Incident>, Error> {
    let filter = ClaimFilter {
        scope: Some(Scope::Event),
        ..filter
    };
    let loaded = load_filtered(ledger, &filter)?;
    Ok(incidents(&loaded.reported(), &IncidentOptions::default()))
}

/// Reads the claims a filter lets through (the event claims of incidents, say), with the
/// publication days of those that have no date of their own, and the grades given by the
/// filter's `known_on` (every grade when `None`).
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn load_filtered(ledger: &dyn Ledger, filter: &ClaimFilter) -> Result<Loaded, Error> {
    // An actor by name ("North Korea") is read by its code.
    load_exact(ledger, &resolve_filter(filter.clone()))
}

/// [`load_filtered`] with the filter's actor taken as it is (a code, or the empty string
/// for the claims of no known actor), at most [`MAX_LOADED_CLAIMS`] claims.
///
/// # Errors
///
/// [`Error::TooManyClaims`] beyond the limit; fails when the ledger cannot be read.
pub(crate) fn load_exact(ledger: &dyn Ledger, filter: &ClaimFilter) -> Result<Loaded, Error> {
    // One more than the limit tells a read at the limit from one beyond it.
    let bounded = ClaimFilter {
        limit: Some(
            filter
                .limit
                .unwrap_or(usize::MAX)
                .min(MAX_LOADED_CLAIMS + 1),
        ),
        ..filter.clone()
    };
    let claims = ledger.claims(&bounded)?;
    if claims.len() > MAX_LOADED_CLAIMS {
        return Err(Error::TooManyClaims {
            limit: MAX_LOADED_CLAIMS,
        });
    }
    let mut published: HashMap<DocumentHash, Option<Date>> = HashMap::new();
    let mut outlets: HashMap<DocumentHash, Option<String>> = HashMap::new();
    for stored in &claims {
        // Only claims with no date of their own need their document's day, and only the
        // article's own figures its outlet.
        let undated = stored.claim.as_of.is_none() && stored.claim.stated.is_none();
        let own = stored.claim.source.as_deref() == Some("publisher");
        let needed = (undated && !published.contains_key(&stored.document_hash))
            || (own && !outlets.contains_key(&stored.document_hash));
        if needed {
            let document = ledger.document(&stored.document_hash)?;
            let document = document.as_ref().map(|doc| &doc.document);
            if undated {
                published.insert(
                    stored.document_hash.clone(),
                    document.and_then(|doc| doc.published),
                );
            }
            if own {
                outlets.insert(
                    stored.document_hash.clone(),
                    document.and_then(|doc| doc.publisher.clone()),
                );
            }
        }
    }
    let grades = crate::asof::grades_known_on(ledger.grades()?, filter.known_on);
    Ok(Loaded {
        claims,
        published,
        outlets,
        grades,
    })
}

impl Loaded {
    /// The claims as reconcile's input, each with its source's grade.
    pub fn reported(&self) -> Vec<Reported<'_>> {
        self.claims
            .iter()
            .map(|stored| {
                let mut reported = Reported {
                    claim_id: Some(stored.id),
                    published: self.published.get(&stored.document_hash).copied().flatten(),
                    claim: &stored.claim,
                    outlet: self
                        .outlets
                        .get(&stored.document_hash)
                        .and_then(|outlet| outlet.as_deref()),
                    grade: None,
                };
                reported.grade = self.grades.get(reported.source()).copied();
                reported
            })
            .collect()
    }

    /// The series of `actor`, `metric` and `scope` in `role`, else in the role with most
    /// claims of that actor, metric and scope (military first on a tie).
    pub fn series(
        &self,
        actor: &str,
        metric: Metric,
        role: Option<Role>,
        scope: Scope,
        group: Option<&str>,
    ) -> SeriesKey {
        let role = role.unwrap_or_else(|| {
            let mut counts: Vec<(Role, usize)> =
                [Role::Military, Role::Civilian, Role::Unspecified]
                    .into_iter()
                    .map(|role| {
                        let n = self
                            .claims
                            .iter()
                            .filter(|s| {
                                s.claim.metric == metric
                                    && s.claim.role == role
                                    && tally_reconcile::in_series(&s.claim, scope, group)
                            })
                            .count();
                        (role, n)
                    })
                    .collect();
            counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            counts[0].0
        });
        SeriesKey::new(Some(&actor.to_ascii_uppercase()), role, metric)
            .in_scope(scope)
            .of_group(group)
    }

    /// The last day a figure of the series is placed at.
    pub fn last_day(&self, series: &SeriesKey) -> Option<Date> {
        self.reported()
            .iter()
            .filter(|r| series.matches(r.claim))
            .filter_map(|r| tally_reconcile::date_of(r.claim, r.published))
            .max()
    }
}

/// Which series, and at which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRequest {
    /// Who is counted: an ISO 3166-1 alpha-3 code or a slug, in any case, or a name the
    /// gazetteer knows ("North Korea").
    pub actor: String,
    /// What is counted.
    pub metric: Metric,
    /// The role; `None` for the role with most claims of the actor, metric and scope.
    pub role: Option<Role>,
    /// Total or period (event figures are incidents, not a series).
    pub scope: Scope,
    /// A subgroup counted ("children", "journalists"), whose series is its own; `None`
    /// for everyone.
    pub group: Option<String>,
    /// The day of the estimate and share; `None` for the last day a figure of the series
    /// is placed at.
    pub at: Option<Date>,
    /// Leave out the sources graded below this (`--min-grade`); `None` keeps every source.
    pub min_grade: Option<Grade>,
    /// Only the documents published on or before this day (`--published-by`).
    pub published_by: Option<Date>,
    /// The ledger as it stood at this moment (`--known-on`): its claims, reviews and
    /// grades then; `None` for the ledger as it stands.
    pub known_on: Option<jiff::Timestamp>,
}

/// One series of the ledger at a day, with its actor's claims: what it answers (estimate,
/// share, timeline, the whole picture of its page, its incidents) is computed on demand.
#[derive(Debug, Clone)]
pub struct SeriesAt {
    /// The series: the role asked for, else the role with most claims.
    pub series: SeriesKey,
    /// The claims of the series' actor.
    pub loaded: Loaded,
    at: Option<Date>,
    options: Options,
}

/// A series' estimate at a day, or its share of another series: what `tally estimate`
/// prints and `GET /api/estimate` sends (with `--of` / `of=`, the share).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// The estimate (`docs/reconcile.md`).
    Estimate(Estimate),
    /// The share of another metric of the same actor and role.
    Share(Share),
}

/// Everything a series' page shows of it at a day: the estimate, the whole timeline, and
/// losses as a share of the force where the actor's deployment is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The estimate at the day.
    pub estimate: Estimate,
    /// The timeline over every day.
    pub timeline: Timeline,
    /// The share of the deployed force, for a cumulative metric whose actor's deployment
    /// is known; `None` otherwise or when no share can be given.
    pub share: Option<Share>,
    /// The plain answer of the series' scope, then of the other scope (running total or
    /// counts over periods) when a source states a figure of it.
    pub answers: Vec<PlainAnswer>,
    /// The independent sources of the series over its whole timeline, counts and shares
    /// alike: the number the overview's row shows (the estimate's sources are those with
    /// a figure at its day).
    pub n_sources: usize,
}

/// Reads the claims of the request's actor and picks its series.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
///
/// # Example
///
/// ```
/// use tally_app::series::{series_at, SeriesRequest};
/// use tally_core::{Metric, Scope};
///
/// let ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let request = SeriesRequest {
///     actor: "PRK".to_string(),
///     metric: Metric::Casualties,
///     role: None,
///     scope: Scope::Total,
///     group: None,
///     at: None,
///     min_grade: None,
///     published_by: None,
///     known_on: None,
/// };
/// let found = series_at(&ledger, &request)?;
/// assert_eq!(found.series.label(), "PRK military casualties");
/// assert!(matches!(found.answer(None), Err(tally_app::Error::NoDatedClaims { .. })));
/// assert!(found.timeline(None).points.is_empty());
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn series_at(ledger: &dyn Ledger, request: &SeriesRequest) -> Result<SeriesAt, Error> {
    // An actor by name ("North Korea") is the series of its code.
    let actor = actor_code_of(&request.actor);
    let filter = ClaimFilter {
        actor: Some(actor.clone()),
        published_by: request.published_by,
        known_on: request.known_on,
        ..ClaimFilter::default()
    };
    let loaded = load_filtered(ledger, &filter)?;
    let series = loaded.series(
        &actor,
        request.metric,
        request.role,
        request.scope,
        request.group.as_deref(),
    );
    Ok(SeriesAt {
        series,
        loaded,
        at: request.at,
        options: Options {
            min_grade: request.min_grade,
            ..Options::default()
        },
    })
}

impl SeriesAt {
    /// The day asked for, else the last day a figure of the series is placed at.
    ///
    /// # Errors
    ///
    /// [`Error::NoDatedClaims`] when no day was asked for and no figure is dated.
    pub fn day(&self) -> Result<Date, Error> {
        self.at
            .or_else(|| self.loaded.last_day(&self.series))
            .ok_or_else(|| Error::NoDatedClaims {
                series: self.series.label(),
            })
    }

    /// The estimate at the day.
    ///
    /// # Errors
    ///
    /// As [`SeriesAt::day`].
    pub fn estimate(&self) -> Result<Estimate, Error> {
        let at = self.day()?;
        let reported = self.loaded.reported();
        Ok(estimate(&reported, &self.series, at, &self.options))
    }

    /// The share of the series of metric `of` (same actor and role) that the series is
    /// at the day.
    ///
    /// # Errors
    ///
    /// As [`SeriesAt::day`].
    pub fn share(&self, of: Metric) -> Result<Share, Error> {
        let at = self.day()?;
        let reported = self.loaded.reported();
        Ok(share(&reported, &self.series, of, at, &self.options))
    }

    /// The share of `of` when one is asked for, else the estimate.
    ///
    /// # Errors
    ///
    /// As [`SeriesAt::day`].
    pub fn answer(&self, of: Option<Metric>) -> Result<Answer, Error> {
        match of {
            Some(of) => self.share(of).map(Answer::Share),
            None => self.estimate().map(Answer::Estimate),
        }
    }

    /// The estimate on every day a figure was placed, up to `until` (every day when
    /// `None`); empty when no figure is dated.
    pub fn timeline(&self, until: Option<Date>) -> Timeline {
        let reported = self.loaded.reported();
        timeline(&reported, &self.series, until, &self.options)
    }

    /// The estimate at the day, the whole timeline and the share of the deployed force,
    /// from one grouping of the actor's claims.
    ///
    /// # Errors
    ///
    /// As [`SeriesAt::day`].
    pub fn overview(&self) -> Result<Overview, Error> {
        let at = self.day()?;
        let reported = self.loaded.reported();
        let options = self.options;
        let index = Index::new(&reported);
        // Losses as a share of the force, where the actor's deployment is known.
        let deployed = self.series.with_metric(Metric::Deployed);
        let share = (tally_reconcile::is_cumulative(self.series.metric)
            && reported.iter().any(|r| deployed.matches(r.claim)))
        .then(|| index.share(&self.series, Metric::Deployed, at, &options))
        .filter(|s| s.share.best.is_some() || s.share.low.is_some());
        let estimate = index.estimate(&self.series, at, &options);
        let mut answers = vec![PlainAnswer::of(&estimate, &options)];
        let other = self.series.clone().in_scope(match self.series.scope {
            Scope::Period => Scope::Total,
            _ => Scope::Period,
        });
        if let Some(day) = self.at.or_else(|| self.loaded.last_day(&other)) {
            let answer = PlainAnswer::of(&index.estimate(&other, day, &options), &options);
            if answer.n_sources > 0 {
                answers.push(answer);
            }
        }
        let same = |key: &SeriesKey| {
            key.actor.as_deref().map(str::to_ascii_uppercase)
                == self.series.actor.as_deref().map(str::to_ascii_uppercase)
                && (key.role, key.metric, key.scope, &key.group)
                    == (
                        self.series.role,
                        self.series.metric,
                        self.series.scope,
                        &self.series.group,
                    )
        };
        let n_sources = index
            .series(&options)
            .iter()
            .find(|summary| same(&summary.series))
            .map_or(0, |summary| summary.n_sources);
        Ok(Overview {
            estimate,
            timeline: index.timeline(&self.series, None, &options),
            share,
            answers,
            n_sources,
        })
    }

    /// The incidents of the series' actor and metric, whatever the role: the event claims
    /// merged per incident.
    pub fn incidents(&self) -> Vec<Incident> {
        let reported = self.loaded.reported();
        let metric = self.series.metric;
        incidents(
            reported.iter().filter(|r| r.claim.metric == metric),
            &IncidentOptions::default(),
        )
    }
}
