//! Moments of the ledger: when a row entered it, when a claim was superseded, and the
//! moment a read is asked as of ([`crate::ClaimFilter::known_on`]). Both backends keep
//! microseconds, so every time the ledger writes is taken to the microsecond here.

use jiff::Timestamp;

/// Now, to the microsecond (what both backends keep).
pub(crate) fn now() -> Timestamp {
    to_microsecond(Timestamp::now())
}

/// `at` without its nanoseconds.
pub(crate) fn to_microsecond(at: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(at.as_microsecond()).unwrap_or(at)
}

/// A moment as stored in SQLite and sent to PostgreSQL: RFC 3339 in UTC with six digits of
/// fraction, so that two of them compare as text in the order of time.
pub(crate) fn text(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_with_a_fixed_width_and_compare_as_text() {
        let whole: Timestamp = "2025-03-28T09:15:02Z".parse().unwrap();
        let later: Timestamp = "2025-03-28T09:15:02.5Z".parse().unwrap();
        assert_eq!(text(whole), "2025-03-28T09:15:02.000000Z");
        assert_eq!(text(later), "2025-03-28T09:15:02.500000Z");
        assert!(text(whole) < text(later));
        let nanos: Timestamp = "2025-03-28T09:15:02.123456789Z".parse().unwrap();
        assert_eq!(text(to_microsecond(nanos)), "2025-03-28T09:15:02.123456Z");
        assert_eq!(text(now()).len(), "2025-03-28T09:15:02.123456Z".len());
    }
}
