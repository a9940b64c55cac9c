//! The plain answer of a series: one sentence an analyst can read out ("Latest: UK Ministry
//! of Defence, over 5,000 casualties as of March 2025, stated 1 April 2025"), the range of
//! the other sources beside it, the claim that is its evidence, and whether the sources
//! agree at all. Written once from an [`Estimate`], for the series page and the command
//! line.

use jiff::civil::Date;
use serde::Serialize;
use tally_core::{DateSpan, Kind, Scope};
use tally_reconcile::{Estimate, Figure, Options, SeriesKey};

/// A series' answer at a day, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlainAnswer {
    /// The series.
    pub series: SeriesKey,
    /// The day of the estimate it reads.
    pub at: Date,
    /// "Latest: SOURCE, FIGURE METRIC as of WHEN, stated DAY." or, when no source states a
    /// figure, "No source states …".
    pub sentence: String,
    /// The other sources' figures in a sentence ("2 other sources: from ~4,000 (South
    /// Korean Joint Chiefs of Staff) to 12,000 (X)."); `None` when there is no other
    /// source.
    pub others: Option<String>,
    /// "No consensus: …" when the sources differ beyond the method's threshold
    /// ([`Options::consensus_ratio`]).
    pub no_consensus: Option<String>,
    /// The claim that states the latest figure: its evidence.
    pub evidence: Option<i64>,
    /// The number of sources with a figure of their own (derived figures not counted).
    pub n_sources: usize,
}

impl PlainAnswer {
    /// The answer an estimate gives: its latest stated figure (the latest day it was
    /// stated, else placed; a figure derived by tally is no one's statement), the others
    /// beside it, and no consensus when the estimate found none.
    ///
    /// # Example
    ///
    /// ```
    /// use tally_core::{Claim, DateSpan, Date, Evidence, Kind, Metric, Role, Value};
    /// use tally_reconcile::{estimate, Options, SeriesKey};
    ///
    /// let mut claim = Claim::new("d", Kind::Count, Value::at_least(5000.0), Metric::Casualties, Evidence::default());
    /// claim.actor = Some("PRK".into());
    /// claim.source = Some("UK Ministry of Defence".into());
    /// claim.as_of = Some(DateSpan::new(Date::new(2025, 3, 1).unwrap(), Date::new(2025, 3, 31).unwrap()));
    /// claim.stated = Some(Date::new(2025, 4, 1).unwrap());
    /// let series = SeriesKey::new(Some("PRK"), Role::Unspecified, Metric::Casualties);
    /// let e = estimate(&[claim], &series, Date::new(2025, 4, 1).unwrap(), &Options::default());
    /// let answer = tally_app::answer::PlainAnswer::of(&e, &Options::default());
    /// assert_eq!(answer.sentence, "Latest: UK Ministry of Defence, over 5,000 casualties as of March 2025, stated 1 April 2025.");
    /// assert_eq!(answer.others, None);
    /// ```
    pub fn of(estimate: &Estimate, options: &Options) -> PlainAnswer {
        let stated: Vec<&Figure> = estimate
            .sources
            .iter()
            .filter(|figure| figure.derived.is_none())
            .collect();
        let latest = stated.iter().copied().max_by(|a, b| {
            (a.stated.unwrap_or(a.date), a.date)
                .cmp(&(b.stated.unwrap_or(b.date), b.date))
                .then(a.weight.total_cmp(&b.weight))
                // The first of equals, as the estimate lists them.
                .then(std::cmp::Ordering::Greater)
        });
        let series = estimate.series.clone();
        let Some(latest) = latest else {
            return PlainAnswer {
                sentence: format!(
                    "No source states a figure of {} at or before {}.",
                    series.label(),
                    long_day(estimate.at)
                ),
                series,
                at: estimate.at,
                others: None,
                no_consensus: None,
                evidence: None,
                n_sources: 0,
            };
        };
        let others: Vec<&Figure> = stated
            .iter()
            .copied()
            .filter(|figure| !std::ptr::eq(*figure, latest))
            .collect();
        let no_consensus = estimate.no_consensus.then(|| {
            let (low, high) = extremes(&stated);
            format!(
                "No consensus: the sources differ more than {}-fold, from {} to {}.",
                options.consensus_ratio,
                said_by(low),
                said_by(high)
            )
        });
        PlainAnswer {
            sentence: latest_sentence(latest, &series),
            others: others_sentence(&others),
            no_consensus,
            evidence: latest.reports.iter().find_map(|report| report.claim),
            n_sources: stated.len(),
            series,
            at: estimate.at,
        }
    }
}

/// "Latest: SOURCE, FIGURE METRIC as of WHEN, stated DAY."
fn latest_sentence(figure: &Figure, series: &SeriesKey) -> String {
    let mut sentence = format!("Latest: {}, {}", figure.source, figure_text(figure));
    if figure.kind != Kind::Fraction {
        // A fraction's share already names what it is of.
        sentence.push(' ');
        sentence.push_str(&series.metric.as_str().replace('_', " "));
    }
    // "as of 26 April 2025, stated 26 April 2025" says the day once.
    let as_of = figure
        .as_of
        .filter(|span| !(span.first == span.last && Some(span.first) == figure.stated));
    if let Some(span) = &as_of {
        // A count over a period is "in" its period; a running total "as of" its day.
        let preposition = if series.scope == Scope::Period {
            "in"
        } else {
            "as of"
        };
        sentence.push_str(&format!(" {preposition} {}", long_span(span)));
    }
    match figure.stated {
        Some(day) => sentence.push_str(&format!(", stated {}", long_day(day))),
        None if as_of.is_none() => {
            sentence.push_str(&format!(", dated {}", long_day(figure.date)));
        }
        None => {}
    }
    sentence.push('.');
    sentence
}

/// The other sources: one named with its figure, several as the range from the lowest to
/// the highest.
fn others_sentence(others: &[&Figure]) -> Option<String> {
    match others {
        [] => None,
        [one] => Some(format!("1 other source: {}.", said_by(one))),
        several => {
            let (low, high) = extremes(several);
            Some(format!(
                "{} other sources: from {} to {}.",
                several.len(),
                said_by(low),
                said_by(high)
            ))
        }
    }
}

/// The figures with the lowest and the highest value (a bound's figure by its bound).
fn extremes<'a>(figures: &[&'a Figure]) -> (&'a Figure, &'a Figure) {
    let value = |figure: &Figure| {
        figure
            .interval
            .low()
            .or(figure.interval.high())
            .unwrap_or(0.0)
    };
    let top = |figure: &Figure| {
        figure
            .interval
            .high()
            .or(figure.interval.low())
            .unwrap_or(0.0)
    };
    let low = figures
        .iter()
        .copied()
        .min_by(|a, b| value(a).total_cmp(&value(b)))
        .expect("extremes of at least one figure");
    let high = figures
        .iter()
        .copied()
        .max_by(|a, b| top(a).total_cmp(&top(b)))
        .expect("extremes of at least one figure");
    (low, high)
}

/// "~4,000 (South Korean Joint Chiefs of Staff, 27 March 2025)".
fn said_by(figure: &Figure) -> String {
    format!(
        "{} ({}, {})",
        figure_text(figure),
        figure.source,
        long_day(figure.stated.unwrap_or(figure.date))
    )
}

/// A figure as written, with what a fraction is a share of.
fn figure_text(figure: &Figure) -> String {
    match (figure.kind, figure.of) {
        (Kind::Fraction, Some(of)) => format!("{} of {of}", figure.display),
        _ => figure.display.clone(),
    }
}

/// A day as people write it: "1 April 2025".
pub fn long_day(day: Date) -> String {
    day.strftime("%-d %B %Y").to_string()
}

/// A span of days as people write it: "27 March 2025", "March 2025", "2024",
/// "January–February 2025", "5–9 March 2025", "30 December 2024–2 January 2025".
///
/// # Example
///
/// ```
/// use tally_core::{Date, DateSpan};
/// use tally_app::answer::long_span;
/// let day = |y, m, d| Date::new(y, m, d).unwrap();
/// assert_eq!(long_span(&DateSpan::new(day(2025, 3, 1), day(2025, 3, 31))), "March 2025");
/// assert_eq!(long_span(&DateSpan::new(day(2025, 1, 1), day(2025, 2, 28))), "January–February 2025");
/// assert_eq!(long_span(&DateSpan::day(day(2025, 3, 27))), "27 March 2025");
/// ```
pub fn long_span(span: &DateSpan) -> String {
    let (first, last) = (span.first, span.last);
    if first == last {
        return long_day(first);
    }
    let starts_month = first.day() == 1;
    let ends_month = last.tomorrow().is_ok_and(|next| next.day() == 1);
    if !(starts_month && ends_month) {
        // The year once when both days share it, the month too: "5–9 March 2025".
        return match (first.year() == last.year(), first.month() == last.month()) {
            (true, true) => format!("{}–{}", first.day(), long_day(last)),
            (true, false) => format!("{}–{}", first.strftime("%-d %B"), long_day(last)),
            _ => format!("{}–{}", long_day(first), long_day(last)),
        };
    }
    let month = |day: Date| day.strftime("%B").to_string();
    if first.year() == last.year() {
        if first.month() == 1 && last.month() == 12 {
            return first.year().to_string();
        }
        if first.month() == last.month() {
            return format!("{} {}", month(first), first.year());
        }
        return format!("{}–{} {}", month(first), month(last), first.year());
    }
    format!(
        "{} {}–{} {}",
        month(first),
        first.year(),
        month(last),
        last.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_core::{Claim, Evidence, Metric, Role, Value};
    use tally_reconcile::{estimate, Reported};

    fn day(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn claim(source: &str, value: Value, stated: Date) -> Claim {
        let mut c = Claim::new("d", Kind::Count, value, Metric::Killed, Evidence::default());
        c.actor = Some("PSE".into());
        c.role = Role::Unspecified;
        c.source = Some(source.into());
        c.stated = Some(stated);
        c
    }

    fn answer(claims: &[Claim], at: Date) -> PlainAnswer {
        let reported: Vec<Reported<'_>> = claims
            .iter()
            .enumerate()
            .map(|(idx, claim)| Reported {
                claim_id: Some(idx as i64 + 1),
                published: None,
                claim,
                outlet: None,
                grade: None,
            })
            .collect();
        let series = SeriesKey::new(Some("PSE"), Role::Unspecified, Metric::Killed);
        let options = Options::default();
        PlainAnswer::of(&estimate(&reported, &series, at, &options), &options)
    }

    #[test]
    fn the_latest_statement_leads_and_the_others_stand_beside_it() {
        let claims = [
            claim(
                "Gaza Health Ministry",
                Value::point(70100.0),
                day(2025, 11, 29),
            ),
            claim("UN OCHA", Value::point(68000.0), day(2025, 10, 20)),
            claim(
                "Israeli military",
                Value::at_least(60000.0),
                day(2025, 9, 1),
            ),
        ];
        let answer = answer(&claims, day(2025, 12, 1));
        assert_eq!(
            answer.sentence,
            "Latest: Gaza Health Ministry, 70,100 killed, stated 29 November 2025."
        );
        assert_eq!(
            answer.others.as_deref(),
            Some("2 other sources: from over 60,000 (Israeli military, 1 September 2025) to 68,000 (UN OCHA, 20 October 2025).")
        );
        assert_eq!(answer.no_consensus, None);
        assert_eq!(answer.evidence, Some(1));
        assert_eq!(answer.n_sources, 3);
    }

    #[test]
    fn sources_tenfold_apart_are_no_consensus() {
        let claims = [
            claim("A", Value::point(500.0), day(2025, 3, 1)),
            claim("B", Value::point(12000.0), day(2025, 3, 2)),
        ];
        let answer = answer(&claims, day(2025, 3, 2));
        assert!(
            answer.sentence.starts_with("Latest: B, 12,000 killed"),
            "{}",
            answer.sentence
        );
        assert_eq!(
            answer.others.as_deref(),
            Some("1 other source: 500 (A, 1 March 2025).")
        );
        assert_eq!(
            answer.no_consensus.as_deref(),
            Some("No consensus: the sources differ more than 10-fold, from 500 (A, 1 March 2025) to 12,000 (B, 2 March 2025).")
        );
    }

    #[test]
    fn a_running_total_is_as_of_its_day_and_a_period_count_in_its_period() {
        let mut c = claim("A", Value::approx(3000.0), day(2025, 3, 27));
        c.as_of = Some(DateSpan::new(day(2025, 1, 1), day(2025, 2, 28)));
        let figure = Figure::of_claim(
            &Reported {
                claim_id: Some(7),
                published: None,
                claim: &c,
                outlet: None,
                grade: None,
            },
            day(2025, 2, 28),
        );
        let total = SeriesKey::new(Some("PSE"), Role::Unspecified, Metric::Killed);
        assert_eq!(
            latest_sentence(&figure, &total),
            "Latest: A, ~3,000 killed as of January–February 2025, stated 27 March 2025."
        );
        assert_eq!(
            latest_sentence(&figure, &total.in_scope(Scope::Period)),
            "Latest: A, ~3,000 killed in January–February 2025, stated 27 March 2025."
        );
    }

    #[test]
    fn a_day_both_as_of_and_stated_is_said_once() {
        let mut c = claim("A", Value::at_least(4500.0), day(2025, 4, 26));
        c.as_of = Some(DateSpan::day(day(2025, 4, 26)));
        let answer = answer(&[c], day(2025, 4, 26));
        assert_eq!(
            answer.sentence,
            "Latest: A, over 4,500 killed, stated 26 April 2025."
        );
    }

    #[test]
    fn no_figure_is_said_so() {
        let answer = answer(&[], day(2025, 3, 2));
        assert_eq!(
            answer.sentence,
            "No source states a figure of PSE unspecified killed at or before 2 March 2025."
        );
        assert_eq!(answer.evidence, None);
    }

    #[test]
    fn spans_read_as_people_write_them() {
        let span = |a, b| long_span(&DateSpan::new(a, b));
        assert_eq!(span(day(2024, 1, 1), day(2024, 12, 31)), "2024");
        assert_eq!(
            span(day(2023, 10, 1), day(2025, 11, 30)),
            "October 2023–November 2025"
        );
        assert_eq!(span(day(2025, 3, 5), day(2025, 3, 9)), "5–9 March 2025");
        assert_eq!(
            span(day(2025, 10, 10), day(2025, 11, 29)),
            "10 October–29 November 2025"
        );
        assert_eq!(
            span(day(2024, 12, 30), day(2025, 1, 2)),
            "30 December 2024–2 January 2025"
        );
    }
}
