//! The two time machines of every read: `--published-by DAY` (only documents published on or
//! before that day: what an analyst could have known then) and `--known-on MOMENT` (the
//! ledger exactly as it stood at that moment: its claims, reviews and grades, made by the
//! grammar of then), and how a moment is read.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Reads the moment of `--known-on` / `known_on=`: an RFC 3339 time with its offset
/// (`2025-03-28T09:15:02Z`, `2025-03-28T11:15:02+02:00`), a date and time without one,
/// read in UTC (`2025-03-28T09:15`, `2025-03-28 09:15:02.5`), or a day alone, meaning the
/// end of that day in UTC (what the ledger held once the day was over).
///
/// # Errors
///
/// Anything else, with a message naming the forms accepted.
///
/// # Example
///
/// ```
/// use tally_app::asof::parse_known_on;
///
/// let moment = parse_known_on("2025-03-28T11:15:02+02:00").unwrap();
/// assert_eq!(moment.to_string(), "2025-03-28T09:15:02Z");
/// assert_eq!(parse_known_on("2025-03-28 09:15").unwrap().to_string(), "2025-03-28T09:15:00Z");
/// assert_eq!(parse_known_on("2025-03-28").unwrap().to_string(), "2025-03-28T23:59:59.999999Z");
/// assert!(parse_known_on("28/03/2025").is_err());
/// ```
pub fn parse_known_on(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    let refused = || {
        format!(
            "{s} is not a moment: use YYYY-MM-DDTHH:MM:SSZ (or with an offset, +02:00), \
             YYYY-MM-DDTHH:MM[:SS] in UTC, or YYYY-MM-DD for the end of that day in UTC"
        )
    };
    if let Ok(moment) = s.parse::<Timestamp>() {
        return Ok(moment);
    }
    // A day alone (jiff would also read the day of a date and time as a `Date`).
    let has_time = s.contains(['T', 't', ' ']);
    if let Some(day) = s.parse::<Date>().ok().filter(|_| !has_time) {
        // The last microsecond of the day: the ledger keeps microseconds.
        return TimeZone::UTC
            .to_timestamp(day.at(23, 59, 59, 999_999_000))
            .map_err(|_| refused());
    }
    let civil = s.replacen(' ', "T", 1);
    let time: DateTime = civil.parse().map_err(|_| refused())?;
    TimeZone::UTC.to_timestamp(time).map_err(|_| refused())
}

/// The latest grade of each source, as the ledger stood at `known_on` (now when `None`):
/// only the grades given by then count.
pub(crate) fn grades_known_on(
    grades: Vec<tally_store::SourceGrade>,
    known_on: Option<Timestamp>,
) -> std::collections::HashMap<String, tally_core::Grade> {
    let grades: Vec<_> = grades
        .into_iter()
        .filter(|grade| known_on.is_none_or(|moment| grade.at <= moment))
        .collect();
    tally_store::latest_grades(&grades)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_read_in_utc_and_a_day_is_its_end() {
        let read = |s: &str| parse_known_on(s).map(|t| t.to_string());
        assert_eq!(
            read("2025-03-28T09:15:02.5Z").unwrap(),
            "2025-03-28T09:15:02.5Z"
        );
        assert_eq!(read("2025-03-28T09:15").unwrap(), "2025-03-28T09:15:00Z");
        assert_eq!(read(" 2025-03-28 ").unwrap(), "2025-03-28T23:59:59.999999Z");
        let error = read("yesterday").unwrap_err();
        assert!(
            error.starts_with("yesterday is not a moment: use"),
            "{error}"
        );
        assert!(read("2025-02-30").is_err());
    }
}
