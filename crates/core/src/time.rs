//! Date intervals and time expressions.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Span;

/// An inclusive interval of days, serialized as `["first", "last"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "[Date; 2]", into = "[Date; 2]")]
pub struct DateSpan {
    /// The first day.
    pub first: Date,
    /// The last day (inclusive).
    pub last: Date,
}

impl DateSpan {
    /// The interval from `first` to `last`; the two are swapped if given in reverse.
    pub fn new(first: Date, last: Date) -> DateSpan {
        if last < first {
            DateSpan {
                first: last,
                last: first,
            }
        } else {
            DateSpan { first, last }
        }
    }

    /// The one-day interval.
    pub fn day(day: Date) -> DateSpan {
        DateSpan {
            first: day,
            last: day,
        }
    }

    /// Whether the two intervals share at least one day.
    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

impl From<[Date; 2]> for DateSpan {
    fn from([first, last]: [Date; 2]) -> DateSpan {
        DateSpan::new(first, last)
    }
}

impl From<DateSpan> for [Date; 2] {
    fn from(span: DateSpan) -> [Date; 2] {
        [span.first, span.last]
    }
}

/// A time expression found in a text and what it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// The document's id.
    pub doc: String,
    /// Always `"time"`, telling these lines apart from claims in JSONL output.
    #[serde(rename = "type")]
    pub line_type: String,
    /// The expression as written.
    pub text: String,
    /// Its byte span in the document's text.
    pub span: Span,
    /// TimeML's TIMEX3 type: DATE, TIME, DURATION or SET.
    pub timex_type: String,
    /// TimeML's TIMEX3 value ("2025-03-27", "2025-03", "P1M", "PRESENT_REF").
    pub timex: String,
    /// The resolved day interval; `None` for durations and sets.
    pub value: Option<DateSpan>,
    /// The id of the rule that recognised it.
    pub rule: String,
}
