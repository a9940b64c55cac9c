//! What `series`, `estimate`, `timeline` and `chart` share: the series arguments. The claims
//! of an actor are read from the ledger by `tally_web::reconcile::load`, which the server
//! uses too.

use jiff::civil::Date;
use tally_core::{Metric, Role};
use tally_reconcile::SeriesKey;
pub use tally_web::reconcile::{load, Loaded};

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

impl SeriesArgs {
    /// The series: the role given, else the role with most claims of the actor and metric.
    pub fn series(&self, loaded: &Loaded) -> SeriesKey {
        loaded.series(&self.actor, self.metric, self.role)
    }

    /// The last day a figure of the series is placed at.
    pub fn last_day(&self, loaded: &Loaded, series: &SeriesKey) -> Option<Date> {
        loaded.last_day(series)
    }
}
