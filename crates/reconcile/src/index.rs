//! Claims grouped once, for many estimates: by actor and role, then by metric, kind,
//! fraction base and source.

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use tally_core::{Kind, Metric, Role, Scope};

use crate::collect::Collected;
use crate::derive::{share_collected, Share};
use crate::estimate::{estimate_collected, Estimate, Options};
use crate::figure::{in_series, series_scope, AsReport, SeriesKey};

/// An actor (upper case), role, series scope and subgroup: the claims an index groups
/// together, whatever their metric.
type Who = (Option<String>, Role, Scope, Option<String>);
use crate::timeline::{timeline_collected, SeriesSummary, Timeline};

/// Claims grouped by series and source in one pass, so that estimates, shares and
/// timelines of any series read only that series' groups.
///
/// The free functions ([`estimate`](crate::estimate), [`share`](crate::share),
/// [`timeline`](crate::timeline)) group the claims of one actor and role on every call;
/// an index pays for grouping once, which is what a server answering many questions
/// about the same ledger wants.
///
/// ```
/// use tally_core::{Claim, Date, DateSpan, Evidence, Kind, Metric, Role, Value};
/// use tally_reconcile::{Index, Options, SeriesKey};
///
/// let day = Date::new(2025, 3, 28).unwrap();
/// let mut claim = Claim::new("d", Kind::Count, Value::approx(4000.0), Metric::Casualties, Evidence::default());
/// claim.actor = Some("PRK".into());
/// claim.as_of = Some(DateSpan::day(day));
/// let claims = [claim];
/// let index = Index::new(&claims);
/// let series = SeriesKey::new(Some("prk"), Role::Unspecified, Metric::Casualties);
/// assert_eq!(index.estimate(&series, day, &Options::default()).best.best.unwrap().0, 4000.0);
/// ```
pub struct Index<'a, R> {
    /// The claims of each actor (upper case), role, series scope and subgroup.
    who: FxHashMap<Who, Collected<'a, R>>,
    /// Claims per series, undated ones included.
    n_claims: FxHashMap<SeriesKey, usize>,
    /// The claims of an actor and role the index does not hold: none.
    none: Collected<'a, R>,
}

impl<'a, R: AsReport> Index<'a, R> {
    /// Groups `claims`.
    pub fn new(claims: impl IntoIterator<Item = &'a R>) -> Index<'a, R> {
        // Actors as written map to their upper-case key without allocating per claim.
        type Written<'a> = (Option<&'a str>, Role, Scope, Option<&'a str>);
        let mut keys: FxHashMap<Written<'a>, Who> = FxHashMap::default();
        let mut who: FxHashMap<Who, Collected<'a, R>> = FxHashMap::default();
        for report in claims {
            let claim = report.claim();
            let scope = series_scope(claim);
            if !in_series(claim, scope, claim.group.as_deref()) {
                continue;
            }
            let key = keys
                .entry((
                    claim.actor.as_deref(),
                    claim.role,
                    scope,
                    claim.group.as_deref(),
                ))
                .or_insert_with(|| {
                    (
                        claim.actor.as_ref().map(|a| a.to_ascii_uppercase()),
                        claim.role,
                        scope,
                        claim.group.clone(),
                    )
                });
            match who.get_mut(key) {
                Some(collected) => collected.push(report),
                None => who.entry(key.clone()).or_default().push(report),
            }
        }
        let mut n_claims = FxHashMap::default();
        for ((actor, role, scope, subgroup), collected) in &who {
            for group in &collected.groups {
                let key = SeriesKey {
                    actor: actor.clone(),
                    role: *role,
                    metric: group.metric,
                    scope: *scope,
                    group: subgroup.clone(),
                };
                *n_claims.entry(key).or_default() += group.items.len();
            }
            for (metric, n) in &collected.undated {
                let key = SeriesKey {
                    actor: actor.clone(),
                    role: *role,
                    metric: *metric,
                    scope: *scope,
                    group: subgroup.clone(),
                };
                *n_claims.entry(key).or_default() += n;
            }
        }
        Index {
            who,
            n_claims,
            none: Collected::default(),
        }
    }

    /// The claims of a series' actor, role, scope and subgroup.
    fn collected(&self, series: &SeriesKey) -> &Collected<'a, R> {
        let actor = series.actor.as_ref().map(|a| a.to_ascii_uppercase());
        self.who
            .get(&(actor, series.role, series.scope, series.group.clone()))
            .unwrap_or(&self.none)
    }

    /// The estimate of `series` at `at`, as [`estimate`](crate::estimate) gives it.
    pub fn estimate(&self, series: &SeriesKey, at: Date, options: &Options) -> Estimate {
        estimate_collected(self.collected(series), series, at, options)
    }

    /// The share of `of` that `series` is at `at`, as [`share`](crate::share) gives it.
    pub fn share(&self, series: &SeriesKey, of: Metric, at: Date, options: &Options) -> Share {
        share_collected(self.collected(series), series, of, at, options)
    }

    /// The timeline of `series`, as [`timeline`](crate::timeline) gives it.
    pub fn timeline(&self, series: &SeriesKey, until: Option<Date>, options: &Options) -> Timeline {
        timeline_collected(self.collected(series), series, until, options)
    }

    /// Every series with its number of claims, assertions and sources and its date range,
    /// ordered by actor, role and metric. Claims with no date are counted in `n_claims`
    /// only.
    pub fn series(&self, options: &Options) -> Vec<SeriesSummary> {
        let mut summaries = Vec::new();
        for ((actor, role, scope, subgroup), collected) in &self.who {
            for metric in Metric::ALL {
                let key = SeriesKey {
                    actor: actor.clone(),
                    role: *role,
                    metric,
                    scope: *scope,
                    group: subgroup.clone(),
                };
                let Some(&n_claims) = self.n_claims.get(&key) else {
                    continue;
                };
                let mut kinds: Vec<Kind> = Vec::new();
                let mut of: Vec<Metric> = Vec::new();
                let mut sources: Vec<&str> = Vec::new();
                let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
                let mut n_assertions = 0;
                for group in collected.groups.iter().filter(|g| g.metric == metric) {
                    if !kinds.contains(&group.kind) {
                        kinds.push(group.kind);
                    }
                    if let Some(base) = group.of {
                        if !of.contains(&base) {
                            of.push(base);
                        }
                    }
                    if !sources.contains(&group.source) {
                        sources.push(group.source);
                    }
                    n_assertions += group.assertions(options.tolerance).len();
                    for item in &group.items {
                        first = Some(first.map_or(item.date, |d| d.min(item.date)));
                        last = Some(last.map_or(item.date, |d| d.max(item.date)));
                    }
                }
                summaries.push(SeriesSummary {
                    series: key,
                    n_claims,
                    n_assertions,
                    n_sources: sources.len(),
                    first,
                    last,
                    kinds,
                    of,
                });
            }
        }
        summaries.sort_by(|a, b| a.series.order(&b.series));
        summaries
    }
}

#[cfg(test)]
mod tests {
    use tally_core::{Claim, DateSpan, Evidence, Scope, Value};

    use super::*;
    use crate::{estimate, series, share, timeline};

    fn day(month: i8, d: i8) -> Date {
        Date::new(2025, month, d).expect("a valid day")
    }

    fn claim(
        actor: Option<&str>,
        role: Role,
        metric: Metric,
        source: &str,
        value: Value,
        on: Option<Date>,
    ) -> Claim {
        let mut claim = Claim::new(
            format!("doc-{source}-{:?}", value.low),
            Kind::Count,
            value,
            metric,
            Evidence::default(),
        );
        claim.actor = actor.map(str::to_string);
        claim.role = role;
        claim.source = Some(source.to_string());
        claim.as_of = on.map(DateSpan::day);
        claim
    }

    /// Two actors (one written in two cases), two roles, three metrics, an undated claim.
    fn claims() -> Vec<Claim> {
        let mut claims = vec![
            claim(
                Some("PRK"),
                Role::Military,
                Metric::Casualties,
                "UK",
                Value::at_least(5000.0),
                Some(day(3, 28)),
            ),
            claim(
                Some("prk"),
                Role::Military,
                Metric::Casualties,
                "JCS",
                Value::approx(4000.0),
                Some(day(3, 27)),
            ),
            claim(
                Some("PRK"),
                Role::Military,
                Metric::Casualties,
                "JCS",
                Value::approx(3000.0),
                Some(day(2, 1)),
            ),
            claim(
                Some("PRK"),
                Role::Military,
                Metric::Deployed,
                "JCS",
                Value::approx(11000.0),
                Some(day(1, 10)),
            ),
            claim(
                Some("PRK"),
                Role::Military,
                Metric::Casualties,
                "UK",
                Value::point(900.0),
                None,
            ),
            claim(
                Some("UKR"),
                Role::Civilian,
                Metric::Killed,
                "UN",
                Value::point(12000.0),
                Some(day(3, 1)),
            ),
            claim(
                None,
                Role::Unspecified,
                Metric::Killed,
                "UN",
                Value::point(7.0),
                Some(day(3, 2)),
            ),
        ];
        let mut fraction = claim(
            Some("PRK"),
            Role::Military,
            Metric::Killed,
            "UK",
            Value::approx(1.0 / 3.0),
            Some(day(3, 28)),
        );
        fraction.kind = Kind::Fraction;
        fraction.of = Some(Metric::Casualties);
        claims.push(fraction);
        claims
    }

    #[test]
    fn an_index_answers_as_the_claims_do() {
        let claims = claims();
        let index = Index::new(&claims);
        let options = Options::default();
        for key in [
            SeriesKey::new(Some("PRK"), Role::Military, Metric::Casualties),
            SeriesKey::new(Some("prk"), Role::Military, Metric::Killed),
            SeriesKey::new(Some("PRK"), Role::Military, Metric::Deployed),
            SeriesKey::new(Some("UKR"), Role::Civilian, Metric::Killed),
            SeriesKey::new(None, Role::Unspecified, Metric::Killed),
            SeriesKey::new(Some("RUS"), Role::Military, Metric::Killed),
        ] {
            for at in [day(1, 31), day(3, 31)] {
                assert_eq!(
                    index.estimate(&key, at, &options),
                    estimate(&claims, &key, at, &options),
                    "{key:?} at {at}"
                );
                assert_eq!(
                    index.share(&key, Metric::Deployed, at, &options),
                    share(&claims, &key, Metric::Deployed, at, &options),
                    "{key:?} at {at}"
                );
            }
            assert_eq!(
                index.timeline(&key, None, &options),
                timeline(&claims, &key, None, &options),
                "{key:?}"
            );
        }
        let casualties = SeriesKey::new(Some("PRK"), Role::Military, Metric::Casualties);
        let e = index.estimate(&casualties, day(3, 31), &options);
        assert_eq!(e.sources.len(), 2);
        assert_eq!(e.n_undated, 1);
        assert_eq!(
            index
                .estimate(
                    &casualties.with_metric(Metric::Killed),
                    day(3, 31),
                    &options
                )
                .sources
                .len(),
            1
        );
    }

    #[test]
    fn series_counts_every_claim_with_actors_in_one_case() {
        let claims = claims();
        let summaries = series(&claims, &Options::default());
        let casualties = summaries
            .iter()
            .find(|s| s.series == SeriesKey::new(Some("PRK"), Role::Military, Metric::Casualties))
            .expect("the casualties series");
        // Four claims, one undated; the JCS's two figures are two assertions.
        assert_eq!(
            (
                casualties.n_claims,
                casualties.n_assertions,
                casualties.n_sources
            ),
            (4, 3, 2)
        );
        assert_eq!(
            (casualties.first, casualties.last),
            (Some(day(2, 1)), Some(day(3, 28)))
        );
        let keys: Vec<String> = summaries.iter().map(|s| s.series.label()).collect();
        assert_eq!(summaries.len(), 5, "{keys:?}");
    }

    /// The Gaza case of issue 11: a running toll, one strike's dead and a day's count.
    fn gaza() -> Vec<Claim> {
        let killed = |source: &str, value: Value, scope: Scope, from: Date, to: Date| {
            let mut c = claim(
                Some("PSE"),
                Role::Unspecified,
                Metric::Killed,
                source,
                value,
                None,
            );
            c.scope = scope;
            c.as_of = Some(DateSpan::new(from, to));
            c
        };
        vec![
            killed(
                "ministry",
                Value::at_least(70000.0),
                Scope::Total,
                day(3, 1),
                day(3, 1),
            ),
            killed(
                "hospital",
                Value::point(5.0),
                Scope::Event,
                day(3, 1),
                day(3, 1),
            ),
            killed(
                "civil defence",
                Value::point(12.0),
                Scope::Event,
                day(3, 1),
                day(3, 1),
            ),
            killed(
                "ministry",
                Value::point(112.0),
                Scope::Period,
                day(2, 28),
                day(3, 1),
            ),
            killed(
                "UN",
                Value::approx(110.0),
                Scope::Period,
                day(2, 28),
                day(3, 1),
            ),
            killed(
                "monitors",
                Value::point(900.0),
                Scope::Period,
                day(2, 1),
                day(2, 28),
            ),
        ]
    }

    #[test]
    fn a_running_toll_is_not_fused_with_one_strike() {
        let claims = gaza();
        let index = Index::new(&claims);
        let total = SeriesKey::new(Some("PSE"), Role::Unspecified, Metric::Killed);
        let e = index.estimate(&total, day(3, 1), &Options::default());
        assert_eq!(e.sources.len(), 1, "{:?}", e.sources);
        assert_eq!(e.best.best.map(|n| n.0), Some(70000.0));
        assert!(e.contradictions.is_empty());
        assert!(!e.no_consensus);
    }

    #[test]
    fn a_period_series_compares_only_figures_of_the_same_period() {
        let claims = gaza();
        let index = Index::new(&claims);
        let period =
            SeriesKey::new(Some("PSE"), Role::Unspecified, Metric::Killed).in_scope(Scope::Period);
        let e = index.estimate(&period, day(3, 1), &Options::default());
        let mut sources: Vec<&str> = e.sources.iter().map(|f| f.source.as_str()).collect();
        sources.sort();
        assert_eq!(sources, ["UN", "ministry"]);
        // The month's 900 is another quantity: no contradiction with the day's count.
        assert!(e.contradictions.is_empty());
        let month = index.estimate(&period, day(2, 28), &Options::default());
        assert_eq!(month.sources.len(), 1);
        assert_eq!(month.sources[0].source, "monitors");
    }

    #[test]
    fn series_are_listed_by_scope_and_increments_add_to_the_total() {
        let mut claims = gaza();
        let mut more = claim(
            Some("PSE"),
            Role::Unspecified,
            Metric::Killed,
            "ministry",
            Value::point(100.0),
            Some(day(3, 2)),
        );
        more.increment = true;
        more.scope = Scope::Period;
        claims.push(more);
        let summaries = Index::new(&claims).series(&Options::default());
        let scopes: Vec<(Scope, usize)> = summaries
            .iter()
            .map(|s| (s.series.scope, s.n_claims))
            .collect();
        assert_eq!(
            scopes,
            [(Scope::Total, 2), (Scope::Period, 3), (Scope::Event, 2)]
        );
        let total = SeriesKey::new(Some("PSE"), Role::Unspecified, Metric::Killed);
        let e = Index::new(&claims).estimate(&total, day(3, 2), &Options::default());
        assert_eq!(e.best.best.map(|n| n.0), Some(70100.0));
    }

    #[test]
    fn sources_tenfold_apart_have_no_consensus() {
        let claims = [
            claim(
                Some("SDN"),
                Role::Civilian,
                Metric::Killed,
                "a",
                Value::point(150.0),
                Some(day(3, 1)),
            ),
            claim(
                Some("SDN"),
                Role::Civilian,
                Metric::Killed,
                "b",
                Value::point(15000.0),
                Some(day(3, 1)),
            ),
        ];
        let series = SeriesKey::new(Some("SDN"), Role::Civilian, Metric::Killed);
        let e = Index::new(&claims).estimate(&series, day(3, 1), &Options::default());
        assert!(e.no_consensus);
    }

    #[test]
    fn two_outlets_own_figures_are_two_sources() {
        let own = |value: f64| {
            claim(
                Some("SDN"),
                Role::Civilian,
                Metric::Killed,
                "publisher",
                Value::point(value),
                Some(day(3, 1)),
            )
        };
        let claims = [own(150.0), own(300.0)];
        let reported: Vec<crate::Reported<'_>> = claims
            .iter()
            .zip(["Outlet A", "Outlet B"])
            .map(|(claim, outlet)| crate::Reported {
                claim_id: None,
                published: None,
                claim,
                outlet: Some(outlet),
                grade: None,
            })
            .collect();
        let series = SeriesKey::new(Some("SDN"), Role::Civilian, Metric::Killed);
        let e = Index::new(&reported).estimate(&series, day(3, 1), &Options::default());
        let mut sources: Vec<&str> = e.sources.iter().map(|f| f.source.as_str()).collect();
        sources.sort();
        assert_eq!(sources, ["Outlet A", "Outlet B"]);
        // Without their outlets, they are one source, the articles' own voice.
        let e = Index::new(&claims).estimate(&series, day(3, 1), &Options::default());
        assert_eq!(e.sources.len(), 1);
    }

    #[test]
    fn a_part_larger_than_its_whole_is_no_share() {
        let claims = [
            claim(
                Some("RUS"),
                Role::Military,
                Metric::Killed,
                "a",
                Value::point(30000.0),
                Some(day(3, 1)),
            ),
            claim(
                Some("RUS"),
                Role::Military,
                Metric::Deployed,
                "b",
                Value::point(10000.0),
                Some(day(3, 1)),
            ),
        ];
        let series = SeriesKey::new(Some("RUS"), Role::Military, Metric::Killed);
        let share =
            Index::new(&claims).share(&series, Metric::Deployed, day(3, 1), &Options::default());
        assert!(share.no_consensus, "{:?}", share.share);
    }

    #[test]
    fn a_subgroup_has_its_own_series_and_stays_out_of_everyones() {
        let killed = |source: &str, value: f64| {
            claim(
                Some("PSE"),
                Role::Civilian,
                Metric::Killed,
                source,
                Value::point(value),
                Some(day(3, 1)),
            )
        };
        let whole = killed("ministry", 60034.0);
        // "… including 18,592 children": a part that names its group.
        let mut part = killed("ministry", 18592.0);
        part.part_of = Some(tally_core::Span { start: 0, end: 6 });
        part.group = Some("children".into());
        // "at least 17,000 children": the same group, standing alone.
        let mut children = killed("unicef", 17000.0);
        children.group = Some("children".into());
        // "… of whom 3,000 were over 60": a part of no group counts nowhere.
        let mut other = killed("ministry", 3000.0);
        other.part_of = Some(tally_core::Span { start: 0, end: 6 });
        let claims = [whole, part, children, other];
        let index = Index::new(&claims);
        let everyone = SeriesKey::new(Some("PSE"), Role::Civilian, Metric::Killed);
        let e = index.estimate(&everyone, day(3, 1), &Options::default());
        assert_eq!(e.sources.len(), 1);
        assert_eq!(e.best.best.map(|n| n.0), Some(60034.0));
        let of_children = everyone.clone().of_group(Some("children"));
        let e = index.estimate(&of_children, day(3, 1), &Options::default());
        assert_eq!(e.sources.len(), 2);
        assert!(!e.no_consensus);
        // The free function and the index agree.
        let free = estimate(&claims, &of_children, day(3, 1), &Options::default());
        assert_eq!(free.sources.len(), 2);
        let labels: Vec<String> = index
            .series(&Options::default())
            .iter()
            .map(|s| format!("{} {}", s.series.label(), s.n_claims))
            .collect();
        assert_eq!(
            labels,
            ["PSE civilian killed 1", "PSE civilian children killed 2"]
        );
    }
}
