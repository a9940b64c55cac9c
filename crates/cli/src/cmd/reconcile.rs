//! What `series`, `estimate`, `timeline` and `chart` share: the series arguments and the
//! claims of one actor read from the ledger, dated with their documents' publication days.

use std::collections::HashMap;

use anyhow::Context;
use jiff::civil::Date;
use tally_core::{Metric, Role};
use tally_reconcile::{Reported, SeriesKey};
use tally_store::{ClaimFilter, DocumentHash, Ledger, StoredClaim};

use super::db::DbArgs;

/// Which series: actor, metric, role.
#[derive(Debug, Clone, clap::Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Who is counted: an ISO 3166-1 alpha-3 code (PRK, RUS, UKR) or a slug.
    #[arg(long)]
    pub actor: String,
    /// What is counted (killed, wounded, casualties, captured, missing, deployed, displaced,
    /// detained, equipment_lost, other).
    #[arg(long, value_parser = |s: &str| s.parse::<Metric>())]
    pub metric: Metric,
    /// military, civilian or unspecified [default: the role with most claims].
    #[arg(long, value_parser = |s: &str| s.parse::<Role>())]
    pub role: Option<Role>,
}

/// The claims of the actor, with what reconciling needs.
pub struct Loaded {
    pub claims: Vec<StoredClaim>,
    pub published: HashMap<DocumentHash, Option<Date>>,
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
            })
            .collect()
    }
}

/// Reads the claims of `actor` (every role: fractions may need another series of it).
///
/// # Errors
///
/// Fails when the ledger cannot be read.
pub fn load(ledger: &dyn Ledger, actor: Option<&str>) -> anyhow::Result<Loaded> {
    let filter = ClaimFilter { actor: actor.map(str::to_string), ..ClaimFilter::default() };
    let claims = ledger.claims(&filter).context("reading claims")?;
    let mut published: HashMap<DocumentHash, Option<Date>> = HashMap::new();
    for stored in &claims {
        // Only claims with no date of their own need their document's.
        if stored.claim.as_of.is_none() && stored.claim.stated.is_none() && !published.contains_key(&stored.document_hash) {
            let day = ledger.document(&stored.document_hash)?.and_then(|doc| doc.document.published);
            published.insert(stored.document_hash.clone(), day);
        }
    }
    Ok(Loaded { claims, published })
}

impl SeriesArgs {
    /// The series: the role given, else the role with most claims of the actor and metric.
    pub fn series(&self, loaded: &Loaded) -> SeriesKey {
        let role = self.role.unwrap_or_else(|| {
            let mut counts: Vec<(Role, usize)> = [Role::Military, Role::Civilian, Role::Unspecified]
                .into_iter()
                .map(|role| {
                    let n = loaded.claims.iter().filter(|s| s.claim.metric == self.metric && s.claim.role == role).count();
                    (role, n)
                })
                .collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1));
            counts[0].0
        });
        SeriesKey::new(Some(&self.actor.to_ascii_uppercase()), role, self.metric)
    }

    /// The last day a figure of the series is placed at, else the first of the claims'.
    pub fn last_day(&self, loaded: &Loaded, series: &SeriesKey) -> Option<Date> {
        loaded
            .reported()
            .iter()
            .filter(|r| series.matches(r.claim))
            .filter_map(|r| tally_reconcile::date_of(r.claim, r.published))
            .max()
    }
}
