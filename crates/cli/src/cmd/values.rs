//! Argument values clap cannot read by itself with a message that says what is expected.

use jiff::civil::Date;

/// A day as `YYYY-MM-DD` (`--since`, `--until`, `--at`, `--published`).
///
/// # Errors
///
/// Anything else, with a message naming the format ("31/03/2025 is not a day: use
/// YYYY-MM-DD").
pub fn parse_day(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| format!("{s} is not a day: use YYYY-MM-DD"))
}

/// A moment of the ledger's past (`--known-on`): RFC 3339 with an offset, a date and time
/// in UTC, or a day for the end of that day in UTC (`tally_app::asof::parse_known_on`).
///
/// # Errors
///
/// Anything else, with a message naming the forms accepted.
pub fn parse_known_on(s: &str) -> Result<jiff::Timestamp, String> {
    tally_app::asof::parse_known_on(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_and_another_format_is_named() {
        assert_eq!(parse_day("2025-03-31"), Ok(jiff::civil::date(2025, 3, 31)));
        assert_eq!(
            parse_day("31/03/2025"),
            Err("31/03/2025 is not a day: use YYYY-MM-DD".to_string())
        );
        assert!(parse_day("2025-02-30").is_err());
    }
}
