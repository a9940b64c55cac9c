//! What `estimate`, `timeline` and `chart` share: the series arguments. The series is read
//! from the ledger by `tally_app::series::series_at`, which the server uses too.

use jiff::civil::Date;
use tally_app::series::SeriesRequest;
use tally_core::{Grade, Metric, Role, Scope};

use super::db::DbArgs;

/// Which series: actor, metric, role, scope.
#[derive(Debug, Clone, clap::Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Who is counted: an ISO 3166-1 alpha-3 code (PRK, RUS, UKR) or a slug, or a name the
    /// gazetteer knows ("North Korea").
    #[arg(long)]
    pub actor: String,
    /// What is counted (killed, wounded, casualties, captured, missing, deployed, displaced,
    /// detained, equipment_lost, other).
    #[arg(long, value_parser = |s: &str| s.parse::<Metric>())]
    pub metric: Metric,
    /// military, civilian or unspecified [default: the role with most claims].
    #[arg(long, value_parser = |s: &str| s.parse::<Role>())]
    pub role: Option<Role>,
    /// total (a running toll, a force's size) or period (counts over stated stretches,
    /// compared only with counts of the same stretch); the incidents of `event` figures are
    /// listed by `tally incidents`.
    #[arg(long, default_value = "total", value_parser = parse_series_scope)]
    pub scope: Scope,
    /// Leave out the sources graded below this (A to F; an ungraded source counts as F);
    /// `tally sources grade` grades them.
    #[arg(long, value_name = "GRADE", value_parser = |s: &str| s.parse::<Grade>())]
    pub min_grade: Option<Grade>,
    /// Only the documents published on or before this day: what an analyst could have
    /// known then.
    #[arg(long, value_name = "DATE", value_parser = super::values::parse_day)]
    pub published_by: Option<Date>,
    /// The ledger exactly as it stood at this moment (its claims, reviews and grades, made
    /// by the grammar of then), to reproduce an answer given then: YYYY-MM-DDTHH:MM:SSZ,
    /// with an offset, HH:MM in UTC, or a day for the end of that day in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = super::values::parse_known_on)]
    pub known_on: Option<jiff::Timestamp>,
    /// A subgroup counted within the actor and role (children, women, journalists,
    /// health workers, aid workers…), whose series is its own [default: everyone].
    #[arg(long)]
    pub group: Option<String>,
}

fn parse_series_scope(s: &str) -> Result<Scope, String> {
    match s.parse::<Scope>()? {
        Scope::Event => Err(
            "event figures are incidents, not a series: list them with `tally incidents`"
                .to_string(),
        ),
        scope => Ok(scope),
    }
}

impl SeriesArgs {
    /// The series at `at` (`None`: the last day a figure of it is placed at), in the role
    /// given, else the role with most claims of the actor and metric.
    pub fn request(&self, at: Option<Date>) -> SeriesRequest {
        SeriesRequest {
            actor: self.actor.clone(),
            metric: self.metric,
            role: self.role,
            scope: self.scope,
            group: self.group.as_deref().map(str::to_lowercase),
            at,
            min_grade: self.min_grade,
            published_by: self.published_by,
            known_on: self.known_on,
        }
    }
}
