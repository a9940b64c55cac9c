//! Reconciling claims: series, de-duplicated assertions, estimates over time and derived
//! figures with interval arithmetic.
//!
//! The input is any iterator of claims (references to [`Claim`](tally_core::Claim)s, or
//! [`Reported`] claims that carry their ledger id and publication day); nothing here reads
//! a database or a file.
//!
//! - A **series** ([`SeriesKey`]) is what is counted: actor, role, metric, and scope: a
//!   running total, counts over periods, or incidents are different quantities and never
//!   fused. Its figures are counts, fractions whose `of` names the series they are a share
//!   of (killed *of* casualties), and rates. An increment and a rate count in the total
//!   they add to or project; a part of another figure ("including 18,592 children",
//!   `part_of`) stays out of the whole's series. A subgroup (`group`: children,
//!   journalists) has series of its own, never fused with everyone's.
//! - **Incidents** ([`incidents`]): event claims of one strike or attack (same actor,
//!   metric and place, days at most one apart, compatible values) merged into one incident
//!   with all its reports; [`incident_totals`] sums them per day, week or month as a lower
//!   bound, never mixed into a total.
//! - An **assertion** is a [`Figure`] with its [`Report`]s: the claims of one canonical
//!   source with the same kind, bounds within [`Options::tolerance`] (2 %) and overlapping
//!   `as_of` periods are one figure, however many documents repeat it.
//! - An **estimate** ([`estimate`]) of a series at a day lists each independent source's
//!   latest figure, the envelope, the best estimate, contradictions and falls.
//! - **Derived figures** ([`derive`]) use [`Interval`] arithmetic and keep their inputs:
//!   increments added to their base, a fraction times its base, a ratio, a rate times days;
//!   [`share`] is one series as a share of another.
//! - A [`timeline`] is the estimate at every day a figure was placed; [`series`] lists the
//!   series of a set of claims.
//! - An [`Index`] groups claims once for many estimates, shares and timelines.
//!
//! # The method
//!
//! The model is UCDP's low / best / high, per day `D`:
//!
//! 1. **Dates.** A figure is placed at the end of its `as_of` period, or at the day it was
//!    stated if that is earlier (a figure "as of March" stated on the 28th is known then);
//!    with no `as_of`, the day stated; else the document's publication day. Claims with no
//!    date at all are counted (`n_undated`) and left out.
//! 2. **Latest per source.** Each source (canonical name; `"publisher"` is the articles'
//!    own figures) counts with its latest assertion placed at or before `D`; earlier claims
//!    of the same figure are its reports. Increments ("an additional 3,000") placed after
//!    that assertion and at or before `D` are added to it (11,000 + 3,000 = 14,000), giving
//!    a derived figure listing all of them. A source's fraction of another series (UK:
//!    "approximately a third of the casualties" killed) becomes a count by multiplying it
//!    with that source's own figure for the base series at the fraction's day, else the
//!    base series' best estimate then; a source's direct count, if as recent, wins. The
//!    publisher's own shares ("as much as one-third of the deployment") restate other
//!    sources' figures: they are compared with derived shares, never made into counts.
//!    A source's figure more than [`Options::max_age_days`] (180) older than the newest
//!    figure of any source is stale and left out.
//! 3. **Weights.** A figure weighs the middle of its stated probability band ("highly
//!    likely", 80–90 % → 0.85); without one, 1 for a report, 0.75 for an estimate, 0.25
//!    for a projection. That weight is multiplied by its source's grade
//!    ([`grade_factor`]), the analyst's judgement of the source's reliability on the
//!    Admiralty scale: A (completely reliable) 1.5, B 1.25, C 1, D 0.75, E (unreliable)
//!    0.5. An ungraded source counts as F, "cannot be judged", which is not "unreliable":
//!    its factor is 1, so an ungraded ledger estimates as if no grade existed, and a grade
//!    moves a source up or down from there. The grade thus weighs a source's points in
//!    the weighted mean, and decides whether its bounds reach [`Options::min_bound_weight`]
//!    (0.5) to be a floor or ceiling of `best`: on the seed, the UK Ministry of Defence's
//!    "over 5,000" (highly likely, 0.85) is the floor of the best estimate when graded A
//!    (1.275), ungraded (0.85) or D (0.64), and is not when graded E (0.425), which leaves
//!    the best estimate at the JCS's ~4,000. [`Options::min_grade`] leaves out the
//!    figures of sources graded below it (ungraded ones included, as F). Each figure shows
//!    its source's `grade` (`null` when ungraded). A derived figure weighs the least of
//!    its inputs.
//! 4. **Envelope**: the lowest low and the highest high of the sources' figures, a
//!    one-sided bound leaving that side unbounded (`null`).
//! 5. **Best estimate.** `low` is the lowest figure any source states and `high` the
//!    highest; a lower bound's figure counts as a figure with `open_high` set (the truth
//!    may be above it), an upper bound's with `open_low`. `best` is the weighted mean of
//!    the two-sided figures (points, and ranges at their middle); bounds are never averaged
//!    as if they were points: a lower bound whose weight is at least
//!    [`Options::min_bound_weight`] (0.5) is a floor for `best`, an upper bound a ceiling.
//!    With no two-sided figure, `best` is the highest such floor, else the lowest ceiling.
//!    On the seed: the JCS's ~4,000 (a report) and the UK's over 5,000 (highly likely)
//!    give low 4,000, best 5,000 (the floor), high 5,000 open above.
//! 6. **Contradictions**: two sources whose periods overlap and whose intervals do not
//!    (an approximate figure widened by [`Options::approx_tolerance`], 5 %, each side).
//! 7. **Falls**: for cumulative metrics (killed, wounded, casualties, captured, missing,
//!    equipment lost), a source's latest figure whose high is below the low of one of its
//!    earlier figures; in a [`timeline`], also a best estimate that falls.
//! 8. **Projections**: a source's rate per day times the days from its latest count to `D`,
//!    added to that count; listed apart, never part of the best estimate.
//! 9. **Shares** ([`share`]): the series' best-estimate interval divided by the hull of the
//!    other series' best-estimate intervals on every day up to `D` (losses accrue while a
//!    force grows, so each size it had is a possible base); best over best at `D`. Shares
//!    the sources state are listed beside it, each marked consistent or not.
//!
//! The JSON written by `tally estimate`, `tally timeline` and `tally series` is these types
//! serialized; `docs/reconcile.md` describes each field.
//!
//! # Example
//!
//! ```
//! use tally_core::{Claim, Date, DateSpan, Evidence, Kind, Metric, Role, Value};
//! use tally_reconcile::{estimate, share, Options, SeriesKey};
//!
//! let day = |m, d| Date::new(2025, m, d).unwrap();
//! let claim = |metric, value, increment, as_of: DateSpan| {
//!     let mut c = Claim::new("seed", Kind::Count, value, metric, Evidence::default());
//!     c.actor = Some("PRK".into());
//!     c.role = Role::Military;
//!     c.source = Some("officials".into());
//!     c.increment = increment;
//!     c.as_of = Some(as_of);
//!     c
//! };
//! let claims = vec![
//!     claim(Metric::Deployed, Value::approx(11000.0), false, DateSpan::new(Date::new(2024, 1, 1).unwrap(), Date::new(2024, 12, 31).unwrap())),
//!     claim(Metric::Deployed, Value::point(3000.0), true, DateSpan::new(day(1, 1), day(2, 28))),
//!     claim(Metric::Casualties, Value::approx(4000.0), false, DateSpan::day(day(3, 27))),
//! ];
//! let deployed = SeriesKey::new(Some("PRK"), Role::Military, Metric::Deployed);
//! let e = estimate(&claims, &deployed, day(3, 31), &Options::default());
//! assert_eq!(e.best.best.unwrap().0, 14000.0);
//! assert_eq!(e.sources[0].derived.as_ref().unwrap().inputs.len(), 2);
//!
//! let casualties = deployed.with_metric(Metric::Casualties);
//! let s = share(&claims, &casualties, Metric::Deployed, day(3, 31), &Options::default());
//! assert!((s.share.low.unwrap().0 - 4000.0 / 14000.0).abs() < 1e-9);
//! assert!((s.share.high.unwrap().0 - 4000.0 / 11000.0).abs() < 1e-9);
//! ```
#![deny(missing_docs)]

mod collect;
pub mod derive;
mod estimate;
mod figure;
mod incident;
mod index;
mod interval;
mod timeline;

pub use derive::{share, Share, StatedShare};
pub use estimate::{
    best, contradictions, estimate, is_cumulative, no_consensus, period_overlap, Best,
    Contradiction, Estimate, Fall, Options, METHOD,
};
pub use figure::{
    close, date_of, display, grade_factor, in_series, series_scope, source_of, weight, AsReport,
    Bound, Derivation, Figure, Operation, Report, Reported, SeriesKey,
};
pub use incident::{
    incident_totals, incidents, Bucket, Incident, IncidentOptions, IncidentReport, IncidentTotal,
};
pub use index::Index;
pub use interval::{finite, Interval, Number};
pub use timeline::{series, timeline, Point, SeriesSummary, Timeline};
