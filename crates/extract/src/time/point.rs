//! Calendar points (a day, a week, a month, a season, a year, ...), their TimeML values and
//! their day intervals, and the arithmetic the rules need against the publication date.

use jiff::civil::Date;
use jiff::ToSpan;
use tally_core::DateSpan;

/// A calendar unit, as the data names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub(super) fn from_name(name: &str) -> Option<Unit> {
        Some(match name {
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "weekend" => Unit::Weekend,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            "decade" => Unit::Decade,
            "century" => Unit::Century,
            _ => return None,
        })
    }

    /// TimeML's duration of `n` units ("P3M", "PT24H"); `None` is an unknown count ("PXD").
    /// Decades and centuries are written in years; a count whose years do not fit in a
    /// `u32` ("4294967295 decades") is taken for an unknown one.
    pub(super) fn duration(self, n: Option<u32>) -> String {
        let count = n.map_or_else(|| "X".to_string(), |n| n.to_string());
        let years = |k: u32| n.and_then(|n| n.checked_mul(k));
        match self {
            Unit::Minute => format!("PT{count}M"),
            Unit::Hour => format!("PT{count}H"),
            Unit::Day => format!("P{count}D"),
            Unit::Week => format!("P{count}W"),
            Unit::Weekend => format!("P{count}WE"),
            Unit::Month => format!("P{count}M"),
            Unit::Quarter => format!("P{count}Q"),
            Unit::Year => format!("P{count}Y"),
            Unit::Decade => years(10).map_or_else(|| "PXDE".to_string(), |y| format!("P{y}Y")),
            Unit::Century => years(100).map_or_else(|| "PXCE".to_string(), |y| format!("P{y}Y")),
        }
    }

    /// The day `n` units after `day` (negative: before).
    pub(super) fn add(self, day: Date, n: i64) -> Date {
        // jiff's spans panic outside their ranges ("20000 years ago"): clamp first, the
        // date saturates anyway.
        let years = |k: i64| n.saturating_mul(k).clamp(-19_998, 19_998).years();
        let months = |k: i64| n.saturating_mul(k).clamp(-239_976, 239_976).months();
        match self {
            Unit::Minute | Unit::Hour => day,
            Unit::Day => day.saturating_add(n.clamp(-7_304_484, 7_304_484).days()),
            Unit::Week | Unit::Weekend => {
                day.saturating_add(n.clamp(-1_043_497, 1_043_497).weeks())
            }
            Unit::Month => day.saturating_add(months(1)),
            Unit::Quarter => day.saturating_add(months(3)),
            Unit::Year => day.saturating_add(years(1)),
            Unit::Decade => day.saturating_add(years(10)),
            Unit::Century => day.saturating_add(years(100)),
        }
    }

    /// The point of this unit's granularity that holds `day`.
    pub(super) fn point_of(self, day: Date) -> Point {
        match self {
            Unit::Minute | Unit::Hour | Unit::Day => Point::Day(day),
            Unit::Week => Point::Week(monday_of(day)),
            Unit::Weekend => Point::Weekend(monday_of(day)),
            Unit::Month => Point::Month(day.year(), day.month()),
            Unit::Quarter => Point::Quarter(day.year(), ((day.month() - 1) / 3 + 1) as u8),
            Unit::Year => Point::Year(day.year()),
            Unit::Decade => Point::Decade(day.year() - day.year().rem_euclid(10)),
            Unit::Century => Point::Century(day.year() - day.year().rem_euclid(100)),
        }
    }
}

/// A named stretch of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Point {
    Day(Date),
    /// The ISO week starting on this Monday.
    Week(Date),
    /// The weekend of the ISO week starting on this Monday.
    Weekend(Date),
    Month(i16, i8),
    Quarter(i16, u8),
    /// A season (0 spring .. 3 winter) of a year; winter runs into the next year.
    Season(i16, u8),
    Year(i16),
    /// The decade starting in this year.
    Decade(i16),
    /// The century starting in this year.
    Century(i16),
}

pub(super) const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

fn ymd(y: i16, m: i8, d: i8) -> Date {
    Date::new(y.clamp(1, 9998), m.clamp(1, 12), 1)
        .map(|first| {
            let d = d.clamp(1, first.days_in_month());
            Date::new(first.year(), first.month(), d).unwrap_or(first)
        })
        .unwrap_or(Date::MIN)
}

pub(super) fn monday_of(day: Date) -> Date {
    day.saturating_sub((day.weekday().to_monday_zero_offset() as i64).days())
}

/// The day `month`/`day` of `year`, if it exists.
pub(super) fn day_of(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

impl Point {
    /// TimeML's value for the point ("2025-03-27", "2025-W13", "2025-Q1", "2024", "199").
    pub(super) fn timex(&self) -> String {
        match *self {
            Point::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Point::Week(d) => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Point::Weekend(d) => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Season(y, s) => format!("{y:04}-{}", SEASONS[s as usize % 4]),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(y) => format!("{:03}", y / 10),
            Point::Century(y) => format!("{:02}", y / 100),
        }
    }

    /// The days the point covers.
    pub(super) fn span(&self) -> DateSpan {
        match *self {
            Point::Day(d) => DateSpan::day(d),
            Point::Week(d) => DateSpan::new(d, d.saturating_add(6.days())),
            Point::Weekend(d) => {
                DateSpan::new(d.saturating_add(5.days()), d.saturating_add(6.days()))
            }
            Point::Month(y, m) => {
                let first = ymd(y, m, 1);
                DateSpan::new(first, first.last_of_month())
            }
            Point::Quarter(y, q) => {
                let m = (q.clamp(1, 4) as i8 - 1) * 3 + 1;
                DateSpan::new(ymd(y, m, 1), ymd(y, m + 2, 1).last_of_month())
            }
            Point::Season(y, s) => match s {
                0 => DateSpan::new(ymd(y, 3, 1), ymd(y, 5, 31)),
                1 => DateSpan::new(ymd(y, 6, 1), ymd(y, 8, 31)),
                2 => DateSpan::new(ymd(y, 9, 1), ymd(y, 11, 30)),
                _ => DateSpan::new(ymd(y, 12, 1), ymd(y + 1, 2, 1).last_of_month()),
            },
            Point::Year(y) => DateSpan::new(ymd(y, 1, 1), ymd(y, 12, 31)),
            Point::Decade(y) => DateSpan::new(ymd(y, 1, 1), ymd(y + 9, 12, 31)),
            Point::Century(y) => DateSpan::new(ymd(y, 1, 1), ymd(y + 99, 12, 31)),
        }
    }

    /// The point `n` of its own units later (earlier when negative).
    pub(super) fn shift(&self, n: i64) -> Point {
        // Absurd shifts ("20000 years ago") saturate instead of overflowing.
        let n = n.clamp(-20_000, 20_000);
        let year = |y: i16, k: i64| (i64::from(y) + k * n).clamp(-9_999, 9_999) as i16;
        match *self {
            Point::Day(d) => Point::Day(d.saturating_add(n.days())),
            Point::Week(d) => Point::Week(d.saturating_add(n.weeks())),
            Point::Weekend(d) => Point::Weekend(d.saturating_add(n.weeks())),
            Point::Month(y, m) => {
                let d = ymd(y, m, 1).saturating_add(n.months());
                Point::Month(d.year(), d.month())
            }
            Point::Quarter(y, q) => {
                let d = ymd(y, (q as i8 - 1) * 3 + 1, 1).saturating_add((3 * n).months());
                Point::Quarter(d.year(), ((d.month() - 1) / 3 + 1) as u8)
            }
            Point::Season(y, s) => Point::Season(year(y, 1), s),
            Point::Year(y) => Point::Year(year(y, 1)),
            Point::Decade(y) => Point::Decade(year(y, 10)),
            Point::Century(y) => Point::Century(year(y, 100)),
        }
    }

    /// The granularity of the point, for comparing two ends of a range.
    pub(super) fn rank(&self) -> u8 {
        match self {
            Point::Day(_) => 0,
            Point::Week(_) | Point::Weekend(_) => 1,
            Point::Month(..) => 2,
            Point::Quarter(..) | Point::Season(..) => 3,
            Point::Year(_) => 4,
            Point::Decade(_) => 5,
            Point::Century(_) => 6,
        }
    }
}

/// The latest `wd` on or before `day` (`strict`: before).
pub(super) fn weekday_before(day: Date, wd: u8, strict: bool) -> Date {
    let back = (day.weekday().to_monday_zero_offset() - wd as i8).rem_euclid(7) as i64;
    let back = if back == 0 && strict { 7 } else { back };
    day.saturating_sub(back.days())
}

/// The earliest `wd` after `day`.
pub(super) fn weekday_after(day: Date, wd: u8) -> Date {
    let ahead = (wd as i8 - day.weekday().to_monday_zero_offset()).rem_euclid(7) as i64;
    day.saturating_add((if ahead == 0 { 7 } else { ahead }).days())
}

/// The `wd` of the ISO week that holds `day`.
pub(super) fn weekday_in_week(day: Date, wd: u8) -> Date {
    monday_of(day).saturating_add((wd as i64).days())
}

/// The year of a month named without one: the most recent such month not after `published`.
pub(super) fn year_of_month(published: Date, month: i8) -> i16 {
    if month <= published.month() {
        published.year()
    } else {
        published.year() - 1
    }
}

/// The year of `month` moved by `shift` from `published`: -1 is the latest such month
/// before the current one, +1 the next one after it, 0 this year's.
pub(super) fn year_of_shifted_month(published: Date, month: i8, shift: i64) -> i16 {
    match shift {
        s if s < 0 => published.year() - if month < published.month() { 0 } else { 1 },
        0 => published.year(),
        _ => published.year() + if month > published.month() { 0 } else { 1 },
    }
}

/// The season `s` moved by `shift` from `published` (0: the one of this year; -1 the last
/// one that has ended or begun before; +1 the next one to begin); `None` for a bare season,
/// the most recent that has begun.
pub(super) fn season_point(published: Date, s: u8, shift: Option<i64>) -> Point {
    let this_year = if s == 3 && published.month() <= 2 {
        published.year() - 1
    } else {
        published.year()
    };
    let this = Point::Season(this_year, s);
    let span = this.span();
    match shift {
        None => {
            if span.first <= published {
                this
            } else {
                this.shift(-1)
            }
        }
        Some(0) => this,
        Some(k) if k < 0 => {
            if span.first <= published && published > span.last {
                this
            } else {
                this.shift(-1)
            }
        }
        Some(_) => {
            if span.first > published {
                this
            } else {
                this.shift(1)
            }
        }
    }
}

/// The part of an interval that "early", "mid", "late", "earlier" or "later" names.
pub(super) fn part_of(span: DateSpan, part: &str, published: Option<Date>) -> DateSpan {
    let days = span.first.duration_until(span.last).as_secs() / 86_400 + 1;
    let third = (days / 3).max(1);
    let at = |k: i64| span.first.saturating_add(k.days());
    match part {
        "early" => DateSpan::new(span.first, at(third - 1)),
        "mid" => DateSpan::new(at(third), at(days - third - 1)),
        "late" => DateSpan::new(at(days - third), span.last),
        "earlier" => match published {
            Some(p) if span.first <= p && p <= span.last => DateSpan::new(span.first, p),
            _ => span,
        },
        "later" => match published {
            Some(p) if span.first <= p && p <= span.last => DateSpan::new(p, span.last),
            _ => span,
        },
        _ => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn timex_and_spans() {
        assert_eq!(Point::Week(monday_of(date(2025, 4, 1))).timex(), "2025-W14");
        assert_eq!(Point::Decade(1990).timex(), "199");
        assert_eq!(Point::Century(1900).timex(), "19");
        assert_eq!(
            Point::Month(2025, 2).span(),
            DateSpan::new(date(2025, 2, 1), date(2025, 2, 28))
        );
        assert_eq!(Point::Season(2024, 3).span().last, date(2025, 2, 28));
        assert_eq!(Point::Month(2025, 1).shift(-1), Point::Month(2024, 12));
    }

    #[test]
    fn decades_and_centuries_beyond_u32_years_are_unknown_durations() {
        // Found by the time fuzz target: "the past 0000…1000… decade" overflowed.
        assert_eq!(Unit::Decade.duration(Some(3)), "P30Y");
        assert_eq!(Unit::Decade.duration(Some(u32::MAX)), "PXDE");
        assert_eq!(Unit::Century.duration(Some(42_949_673)), "PXCE");
        assert_eq!(Unit::Century.duration(Some(42_949_672)), "P4294967200Y");
        assert_eq!(Unit::Year.duration(Some(u32::MAX)), "P4294967295Y");
    }

    #[test]
    fn weekdays_and_months_against_the_publication_date() {
        let p = date(2025, 4, 1); // a Tuesday
        assert_eq!(weekday_before(p, 3, true), date(2025, 3, 27));
        assert_eq!(weekday_before(p, 1, false), p);
        assert_eq!(weekday_before(p, 1, true), date(2025, 3, 25));
        assert_eq!(weekday_after(p, 0), date(2025, 4, 7));
        assert_eq!(year_of_month(p, 1), 2025);
        assert_eq!(year_of_month(p, 5), 2024);
        assert_eq!(year_of_shifted_month(p, 4, -1), 2024);
        assert_eq!(year_of_shifted_month(p, 3, -1), 2025);
        assert_eq!(season_point(p, 1, Some(-1)), Point::Season(2024, 1));
    }

    #[test]
    fn parts() {
        let y = Point::Year(2024).span();
        assert_eq!(part_of(y, "late", None).last, date(2024, 12, 31));
        assert!(part_of(y, "late", None).first > date(2024, 8, 1));
        let m = Point::Month(2025, 4).span();
        assert_eq!(
            part_of(m, "mid", None),
            DateSpan::new(date(2025, 4, 11), date(2025, 4, 20))
        );
    }
}
