//! The inputs (claims with their ledger id) and what reconciling makes of them: series keys,
//! reports, and figures (assertions and derived figures).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tally_core::{Claim, DateSpan, Grade, Kind, Metric, Modality, Role, Scope, Value};

use crate::interval::{Interval, Number};

/// Something that holds a claim: a [`Claim`], a [`Reported`] claim from a ledger, or a
/// reference to either.
pub trait AsReport {
    /// The claim.
    fn claim(&self) -> &Claim;
    /// Its id in the ledger, if it has one.
    fn claim_id(&self) -> Option<i64> {
        None
    }
    /// Its document's publication day, the date of a claim that has no other.
    fn published(&self) -> Option<Date> {
        None
    }
    /// The outlet that published its document (a JSONL `publisher`, a page's site name),
    /// which is the source of the figures the article itself asserts.
    fn outlet(&self) -> Option<&str> {
        None
    }
    /// The grade an analyst gave the claim's source; `None` when ungraded (counted as
    /// [`Grade::F`], "cannot be judged").
    fn grade(&self) -> Option<Grade> {
        None
    }
    /// The source the claim counts under: [`source_of`], except that the article's own
    /// figures count under their outlet when it is known, so that two outlets are two
    /// sources.
    fn source(&self) -> &str {
        let source = source_of(self.claim());
        match self.outlet() {
            Some(outlet) if source == "publisher" && !outlet.trim().is_empty() => outlet,
            _ => source,
        }
    }
}

impl AsReport for Claim {
    fn claim(&self) -> &Claim {
        self
    }
}

impl<T: AsReport + ?Sized> AsReport for &T {
    fn claim(&self) -> &Claim {
        (**self).claim()
    }
    fn claim_id(&self) -> Option<i64> {
        (**self).claim_id()
    }
    fn published(&self) -> Option<Date> {
        (**self).published()
    }
    fn outlet(&self) -> Option<&str> {
        (**self).outlet()
    }
    fn grade(&self) -> Option<Grade> {
        (**self).grade()
    }
}

/// A claim with its ledger id and its document's publication day.
#[derive(Debug, Clone, Copy)]
pub struct Reported<'a> {
    /// The claim's id in the ledger.
    pub claim_id: Option<i64>,
    /// The publication day of the claim's document.
    pub published: Option<Date>,
    /// The claim.
    pub claim: &'a Claim,
    /// The outlet that published the claim's document, when known.
    pub outlet: Option<&'a str>,
    /// The grade of the claim's source, when an analyst gave one.
    pub grade: Option<Grade>,
}

impl AsReport for Reported<'_> {
    fn grade(&self) -> Option<Grade> {
        self.grade
    }
    fn outlet(&self) -> Option<&str> {
        self.outlet
    }
    fn claim(&self) -> &Claim {
        self.claim
    }
    fn claim_id(&self) -> Option<i64> {
        self.claim_id
    }
    fn published(&self) -> Option<Date> {
        self.published
    }
}

/// What a series counts: who (actor and role), what (metric), and which quantity of the
/// story (scope): a running total, counts over periods, or incidents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeriesKey {
    /// The actor counted (ISO 3166-1 alpha-3 code or slug); `None` when unknown.
    pub actor: Option<String>,
    /// Military, civilian or unspecified.
    pub role: Role,
    /// What is counted.
    pub metric: Metric,
    /// A running total, counts over periods, or incidents.
    pub scope: Scope,
    /// The subgroup counted ("children", "journalists"), whose series is its own; `None`
    /// for everyone of the actor and role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl SeriesKey {
    /// The running total of `metric` for `actor` in `role`.
    pub fn new(actor: Option<&str>, role: Role, metric: Metric) -> SeriesKey {
        SeriesKey {
            actor: actor.map(str::to_string),
            role,
            metric,
            scope: Scope::Total,
            group: None,
        }
    }

    /// The same series in another scope.
    pub fn in_scope(self, scope: Scope) -> SeriesKey {
        SeriesKey { scope, ..self }
    }

    /// The same series of a subgroup (`None`: of everyone).
    pub fn of_group(self, group: Option<&str>) -> SeriesKey {
        SeriesKey {
            group: group.map(str::to_string),
            ..self
        }
    }

    /// The series a claim belongs to.
    pub fn of_claim(claim: &Claim) -> SeriesKey {
        SeriesKey {
            actor: claim.actor.clone(),
            role: claim.role,
            metric: claim.metric,
            scope: series_scope(claim),
            group: claim.group.clone(),
        }
    }

    /// The same actor and role, another metric (the series a fraction is a share of).
    pub fn with_metric(&self, metric: Metric) -> SeriesKey {
        SeriesKey {
            metric,
            ..self.clone()
        }
    }

    /// Whether a claim belongs to this series (actors compared ignoring ASCII case).
    pub fn matches(&self, claim: &Claim) -> bool {
        claim.metric == self.metric
            && claim.role == self.role
            && in_series(claim, self.scope, self.group.as_deref())
            && match (&self.actor, &claim.actor) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            }
    }

    /// Orders series by actor, role, metric, scope and subgroup (everyone first).
    pub fn order(&self, other: &SeriesKey) -> std::cmp::Ordering {
        (
            &self.actor,
            self.role.as_str(),
            self.metric,
            self.scope,
            &self.group,
        )
            .cmp(&(
                &other.actor,
                other.role.as_str(),
                other.metric,
                other.scope,
                &other.group,
            ))
    }

    /// "PRK military casualties"; a subgroup is named after the role ("PSE civilian
    /// children killed"), and other scopes than the total after the metric ("PSE
    /// unspecified killed (event)").
    pub fn label(&self) -> String {
        let group = self
            .group
            .as_deref()
            .map(|g| format!(" {g}"))
            .unwrap_or_default();
        let label = format!(
            "{} {}{group} {}",
            self.actor.as_deref().unwrap_or("?"),
            self.role.as_str(),
            self.metric
        );
        match self.scope {
            Scope::Total => label,
            scope => format!("{label} ({scope})"),
        }
    }
}

/// The scope of the series a claim counts in: its own, except that an increment ("an
/// additional 3,000 troops") adds to a running total and a rate ("1,000 a day") projects
/// one, whatever period they were counted over.
pub fn series_scope(claim: &Claim) -> Scope {
    if claim.increment || claim.kind == Kind::Rate {
        Scope::Total
    } else {
        claim.scope
    }
}

/// Whether a claim counts in a series of `scope` and subgroup `group` (`None`: everyone):
/// a subgroup's figures count only in its own series, and a part of another figure of its
/// document ("including 18,592 children") stays out of the series of the whole, counting
/// only in the series of the subgroup it names.
pub fn in_series(claim: &Claim, scope: Scope, group: Option<&str>) -> bool {
    claim.group.as_deref() == group
        && (claim.part_of.is_none() || claim.group.is_some())
        && series_scope(claim) == scope
}

/// The source a claim counts under: its canonical source, `"publisher"` for the article's
/// own figures, `"unattributed"` when none is named.
pub fn source_of(claim: &Claim) -> &str {
    claim.source.as_deref().unwrap_or("unattributed")
}

/// The day a claim's figure is placed at: the end of its `as_of` period, or the day it was
/// stated if that is earlier (a figure "as of March" stated on the 28th is known on the
/// 28th), else the day stated, else the publication day.
pub fn date_of(claim: &Claim, published: Option<Date>) -> Option<Date> {
    match (claim.as_of, claim.stated) {
        (Some(as_of), Some(stated)) => Some(as_of.last.min(stated.max(as_of.first))),
        (Some(as_of), None) => {
            Some(published.map_or(as_of.last, |p| as_of.last.min(p.max(as_of.first))))
        }
        (None, Some(stated)) => Some(stated),
        (None, None) => published,
    }
}

/// One document (and claim) reporting an assertion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The claim's ledger id, when it came from a ledger.
    pub claim: Option<i64>,
    /// The document's id.
    pub doc: String,
}

/// How a figure is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// A point: low = high.
    Point,
    /// A range with both bounds.
    Range,
    /// A lower bound only ("over 5,000"): the true value may be anything above.
    Lower,
    /// An upper bound only ("up to 10,000").
    Upper,
    /// No bound at all.
    None,
}

impl Bound {
    /// The bound of an interval.
    pub fn of(interval: &Interval) -> Bound {
        match (interval.low(), interval.high()) {
            (Some(a), Some(b)) if a == b => Bound::Point,
            (Some(_), Some(_)) => Bound::Range,
            (Some(_), None) => Bound::Lower,
            (None, Some(_)) => Bound::Upper,
            (None, None) => Bound::None,
        }
    }
}

/// How a derived figure was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// A base plus the increments stated after it (11,000 + 3,000).
    SumOfIncrements,
    /// A fraction times the quantity it is a fraction of (a third × over 5,000).
    FractionOfBase,
    /// A count divided by another (casualties / deployed).
    Ratio,
    /// A count plus a rate per day times the days since (a projection).
    RateTimesDays,
    /// The best estimate of a series, used as the base of a derived figure.
    BestEstimate,
}

/// A derived figure's operation and the figures it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derivation {
    /// The operation.
    pub operation: Operation,
    /// The figures it combined, in the operation's order.
    pub inputs: Vec<Figure>,
    /// The days multiplied, for [`Operation::RateTimesDays`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

/// A figure one source gives for a series: an assertion (one figure, its reports) or a
/// figure derived from assertions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The source (canonical name).
    pub source: String,
    /// Count, fraction or rate.
    pub kind: Kind,
    /// For a fraction: the metric it is a share of.
    pub of: Option<Metric>,
    /// Whether the figure adds to an earlier one.
    pub increment: bool,
    /// The bounds (`null` = unbounded).
    #[serde(flatten)]
    pub interval: Interval,
    /// Whether the source marks it approximate.
    pub approx: bool,
    /// Point, range, lower or upper bound.
    pub bound: Bound,
    /// The figure as an analyst writes it ("over 5,000", "~11,000").
    pub display: String,
    /// The day it is placed at (see [`date_of`]).
    pub date: Date,
    /// The days it refers to.
    pub as_of: Option<DateSpan>,
    /// The first day a report states it.
    pub stated: Option<Date>,
    /// The estimative phrase, when one was used.
    pub confidence: Option<String>,
    /// The probability band of that phrase.
    pub probability: Option<[f64; 2]>,
    /// Report, estimate or projection.
    pub modality: Modality,
    /// The grade of its source (`null`: ungraded, weighed as F, "cannot be judged").
    pub grade: Option<Grade>,
    /// The weight the best estimate gives it (see the crate docs): its statement's
    /// weight times its source's [`grade_factor`]. Written to four decimals (0.85, not
    /// 0.8500000000000001).
    #[serde(serialize_with = "four_decimals")]
    pub weight: f64,
    /// The documents and claims that report it.
    pub reports: Vec<Report>,
    /// How many reports.
    pub n_reports: usize,
    /// For a derived figure: how it was computed and from what.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Box<Derivation>>,
}

impl Figure {
    /// The figure a single claim states, dated `date`.
    pub fn of_claim<R: AsReport + ?Sized>(report: &R, date: Date) -> Figure {
        let claim = report.claim();
        let interval = Interval::of_value(&claim.value);
        let mut figure = Figure {
            source: report.source().to_string(),
            kind: claim.kind,
            of: claim.of,
            increment: claim.increment,
            interval,
            approx: claim.value.approx,
            bound: Bound::of(&interval),
            display: String::new(),
            date,
            as_of: claim.as_of,
            stated: claim.stated,
            confidence: claim.confidence.clone(),
            probability: claim.probability,
            modality: claim.modality,
            grade: report.grade(),
            weight: 0.0,
            reports: vec![Report {
                claim: report.claim_id(),
                doc: claim.doc.clone(),
            }],
            n_reports: 1,
            derived: None,
        };
        figure.refresh();
        figure
    }

    /// A derived figure of `source`.
    pub fn derived(
        source: &str,
        like: &Figure,
        interval: Interval,
        approx: bool,
        derivation: Derivation,
    ) -> Figure {
        let mut figure = Figure {
            source: source.to_string(),
            kind: Kind::Count,
            of: None,
            increment: false,
            interval,
            approx,
            bound: Bound::of(&interval),
            display: String::new(),
            date: like.date,
            as_of: like.as_of,
            stated: like.stated,
            confidence: None,
            probability: None,
            modality: like.modality,
            grade: like.grade,
            weight: 0.0,
            reports: Vec::new(),
            n_reports: 0,
            derived: None,
        };
        let weights = derivation.inputs.iter().map(|input| input.weight);
        figure.weight = weights.fold(1.0, f64::min);
        figure.derived = Some(Box::new(derivation));
        figure.bound = Bound::of(&interval);
        figure.display = display(&interval, approx, figure.kind == Kind::Fraction);
        figure
    }

    /// The period it refers to: `as_of`, else its day.
    pub fn period(&self) -> DateSpan {
        self.as_of.unwrap_or(DateSpan::day(self.date))
    }

    /// Whether another claim of the same source reports this figure: the same kind, the
    /// value within `tolerance` (relative), the periods overlapping.
    pub fn same_as(&self, claim: &Claim, period: DateSpan, tolerance: f64) -> bool {
        claim.kind == self.kind
            && claim.of == self.of
            && claim.increment == self.increment
            && self.period().overlaps(&period)
            && close(self.interval.low(), claim.value.low, tolerance)
            && close(self.interval.high(), claim.value.high, tolerance)
    }

    /// Adds a report of the same figure: the reports grow, the earliest statement and the
    /// narrowest probability band are kept.
    pub fn absorb<R: AsReport + ?Sized>(&mut self, report: &R, date: Date) {
        let claim = report.claim();
        self.reports.push(Report {
            claim: report.claim_id(),
            doc: claim.doc.clone(),
        });
        self.n_reports += 1;
        self.approx |= claim.value.approx;
        self.date = self.date.min(date);
        self.stated = match (self.stated, claim.stated) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(band) = claim.probability {
            let narrower = self
                .probability
                .is_none_or(|old| band[1] - band[0] < old[1] - old[0]);
            if narrower {
                self.probability = Some(band);
                self.confidence.clone_from(&claim.confidence);
            }
        }
        self.refresh();
    }

    /// Recomputes what follows from the other fields.
    fn refresh(&mut self) {
        self.bound = Bound::of(&self.interval);
        self.weight = weight(self.probability, self.modality) * grade_factor(self.grade);
        self.display = display(&self.interval, self.approx, self.kind == Kind::Fraction);
    }
}

/// The weight of a figure: the middle of its probability band, else 1 for a report, 0.75
/// for an estimate, 0.25 for a projection.
pub fn weight(probability: Option<[f64; 2]>, modality: Modality) -> f64 {
    match (probability, modality) {
        (Some([low, high]), _) => (low + high) / 2.0,
        (None, Modality::Report) => 1.0,
        (None, Modality::Estimate) => 0.75,
        (None, Modality::Projection) => 0.25,
    }
}

/// What a source's grade multiplies its figures' weights by (the crate docs give the
/// method): A 1.5, B 1.25, C 1, D 0.75, E 0.5, and F ("cannot be judged") or ungraded 1,
/// neither trusted nor distrusted beyond what the statement itself says.
///
/// ```
/// use tally_core::Grade;
/// use tally_reconcile::grade_factor;
/// assert_eq!(grade_factor(Some(Grade::A)), 1.5);
/// assert_eq!(grade_factor(None), grade_factor(Some(Grade::F)));
/// ```
pub fn grade_factor(grade: Option<Grade>) -> f64 {
    match grade.unwrap_or(Grade::F) {
        Grade::A => 1.5,
        Grade::B => 1.25,
        Grade::C | Grade::F => 1.0,
        Grade::D => 0.75,
        Grade::E => 0.5,
    }
}

/// Whether two optional bounds are equal within a relative tolerance.
pub fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= tolerance * a.abs().max(b.abs()),
        (None, None) => true,
        _ => false,
    }
}

/// An interval as an analyst writes it.
pub fn display(interval: &Interval, approx: bool, fraction: bool) -> String {
    let value = Value {
        low: interval.low().map(|x| round_for_display(x, fraction)),
        high: interval.high().map(|x| round_for_display(x, fraction)),
        approx,
        qualifier: Default::default(),
    };
    value.display(fraction)
}

fn round_for_display(x: f64, fraction: bool) -> f64 {
    if fraction {
        (x * 1000.0).round() / 1000.0
    } else {
        x.round()
    }
}

/// Serializes a weight to four decimals: the products of the bands and grade factors are
/// no more precise than that, and 0.8500000000000001 reads as noise.
fn four_decimals<S: serde::Serializer>(weight: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((weight * 10_000.0).round() / 10_000.0)
}

/// Serializes an optional number with whole numbers as integers.
pub fn number(x: Option<f64>) -> Option<Number> {
    x.map(Number)
}
