//! Claims read from a ledger for reconciling, shared by `tally series`, `estimate`,
//! `timeline`, `chart` and the server: the claims of an actor, dated with their documents'
//! publication days where they have no date of their own.

use std::collections::HashMap;

use jiff::civil::Date;
use tally_core::{Metric, Role, Scope};
use tally_reconcile::{incidents, Incident, IncidentOptions, Reported, SeriesKey};
use tally_store::{ClaimFilter, DocumentHash, Ledger, StoredClaim};

use crate::Error;

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
/// let loaded = tally_web::reconcile::load(&ledger, Some("PRK"))?;
/// assert!(loaded.claims.is_empty());
/// # Ok::<(), tally_web::Error>(())
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
/// publication days of those that have no date of their own.
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn load_filtered(ledger: &dyn Ledger, filter: &ClaimFilter) -> Result<Loaded, Error> {
    let claims = ledger.claims(filter)?;
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
    Ok(Loaded {
        claims,
        published,
        outlets,
    })
}

impl Loaded {
    /// The claims as reconcile's input.
    pub fn reported(&self) -> Vec<Reported<'_>> {
        self.claims
            .iter()
            .map(|stored| Reported {
                claim_id: Some(stored.id),
                published: self.published.get(&stored.document_hash).copied().flatten(),
                claim: &stored.claim,
                outlet: self
                    .outlets
                    .get(&stored.document_hash)
                    .and_then(|outlet| outlet.as_deref()),
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
                                    && tally_reconcile::in_series(&s.claim, scope)
                            })
                            .count();
                        (role, n)
                    })
                    .collect();
            counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            counts[0].0
        });
        SeriesKey::new(Some(&actor.to_ascii_uppercase()), role, metric).in_scope(scope)
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
