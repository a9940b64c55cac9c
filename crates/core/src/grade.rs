//! How far a source can be trusted: the Admiralty (NATO) scale of source reliability.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A source's reliability on the Admiralty scale, as an analyst grades it. A source no one
/// has graded counts as [`Grade::F`], "cannot be judged".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Grade {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged (also every ungraded source).
    #[default]
    F,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 6] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E, Grade::F];

    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
            Grade::F => "F",
        }
    }

    /// The grade's words ("usually reliable").
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "completely reliable",
            Grade::B => "usually reliable",
            Grade::C => "fairly reliable",
            Grade::D => "not usually reliable",
            Grade::E => "unreliable",
            Grade::F => "cannot be judged",
        }
    }

    /// Whether this grade is `min` or better. F ("cannot be judged") is below every other
    /// grade here: a source not known to be reliable does not pass a minimum.
    ///
    /// ```
    /// use tally_core::Grade;
    /// assert!(Grade::B.at_least(Grade::C));
    /// assert!(!Grade::F.at_least(Grade::E));
    /// ```
    pub fn at_least(self, min: Grade) -> bool {
        self <= min
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = String;

    /// A letter A to F, in either case.
    fn from_str(s: &str) -> Result<Grade, String> {
        Grade::ALL
            .into_iter()
            .find(|grade| grade.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown grade {s:?} (one of A completely reliable, B usually reliable, \
                     C fairly reliable, D not usually reliable, E unreliable, F cannot be judged)"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_read_in_either_case_and_order_best_first() {
        assert_eq!("b".parse::<Grade>().unwrap(), Grade::B);
        assert!("G".parse::<Grade>().unwrap_err().contains("one of A"));
        assert!(Grade::A.at_least(Grade::A));
        assert!(!Grade::D.at_least(Grade::C));
    }
}
