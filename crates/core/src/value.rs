//! A figure's value: an interval with its qualifier.

use serde::{Deserialize, Serialize, Serializer};

/// How a figure was qualified in the text; it decides which bounds are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// A plain figure: "5,000".
    #[default]
    Exact,
    /// An approximate point: "around 11,000", "an estimated 4,000".
    Approximate,
    /// A lower bound: "over 5,000", "at least 5,000".
    LowerBound,
    /// An upper bound: "up to 10,000", "as many as 2,000".
    UpperBound,
    /// An upper bound that is close to the figure: "nearly 4,600", "almost 150".
    Nearly,
    /// A range: "between 10,000 and 12,000", "20,000-25,000".
    Range,
    /// An order of magnitude: "hundreds", "tens of thousands", "several".
    Vague,
}

/// An interval with a qualifier. `None` bounds are unbounded on that side; a point value
/// has `low == high`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Value {
    /// The inclusive lower bound.
    #[serde(serialize_with = "serialize_bound")]
    pub low: Option<f64>,
    /// The inclusive upper bound.
    #[serde(serialize_with = "serialize_bound")]
    pub high: Option<f64>,
    /// Whether the source marks the figure as approximate.
    pub approx: bool,
    /// How the figure was qualified; not part of the JSON claim (the bounds say it).
    #[serde(skip)]
    pub qualifier: Qualifier,
}

impl Value {
    /// An exact point value.
    pub fn point(x: f64) -> Value {
        Value {
            low: Some(x),
            high: Some(x),
            approx: false,
            qualifier: Qualifier::Exact,
        }
    }

    /// An approximate point value ("around x").
    pub fn approx(x: f64) -> Value {
        Value {
            low: Some(x),
            high: Some(x),
            approx: true,
            qualifier: Qualifier::Approximate,
        }
    }

    /// A lower bound ("over x").
    pub fn at_least(x: f64) -> Value {
        Value {
            low: Some(x),
            high: None,
            approx: false,
            qualifier: Qualifier::LowerBound,
        }
    }

    /// An upper bound ("up to x").
    pub fn at_most(x: f64) -> Value {
        Value {
            low: None,
            high: Some(x),
            approx: false,
            qualifier: Qualifier::UpperBound,
        }
    }

    /// A range ("between low and high"); bounds given in reverse are swapped.
    pub fn range(low: f64, high: f64) -> Value {
        let (low, high) = if high < low { (high, low) } else { (low, high) };
        Value {
            low: Some(low),
            high: Some(high),
            approx: false,
            qualifier: Qualifier::Range,
        }
    }

    /// Whether `low == high`.
    pub fn is_point(&self) -> bool {
        matches!((self.low, self.high), (Some(a), Some(b)) if a == b)
    }

    /// The value as an analyst writes it: "over 5,000", "~11,000", "10,000–12,000",
    /// "≤ 4,600 (nearly)". Fractions are written as percentages when `fraction` is set.
    pub fn display(&self, fraction: bool) -> String {
        let f = |x: f64| format_number(x, fraction);
        let tilde = if self.approx { "~" } else { "" };
        match (self.low, self.high) {
            (Some(a), Some(b)) if a == b => format!("{tilde}{}", f(a)),
            (Some(a), Some(b)) => format!("{tilde}{}–{}", f(a), f(b)),
            (Some(a), None) => format!("over {tilde}{}", f(a)),
            (None, Some(b)) if self.approx => format!("nearly {}", f(b)),
            (None, Some(b)) => format!("up to {}", f(b)),
            (None, None) => "?".to_string(),
        }
    }
}

/// Writes a number with thousands separators, or a fraction as a percentage.
fn format_number(x: f64, fraction: bool) -> String {
    if fraction {
        let pct = x * 100.0;
        return if (pct - pct.round()).abs() < 1e-9 {
            format!("{pct:.0}%")
        } else {
            format!("{pct:.1}%")
        };
    }
    if x.fract() != 0.0 || x.abs() >= 1e15 {
        return format!("{x}");
    }
    let digits = format!("{}", x.abs() as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if x < 0.0 {
        out.push('-');
    }
    for (digit_idx, c) in digits.chars().enumerate() {
        if digit_idx > 0 && (digits.len() - digit_idx) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Serializes whole numbers as JSON integers (5000, not 5000.0).
fn serialize_bound<S: Serializer>(bound: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match bound {
        None => serializer.serialize_none(),
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => serializer.serialize_i64(*x as i64),
        Some(x) => serializer.serialize_f64(*x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_an_analyst_writes() {
        assert_eq!(Value::at_least(5000.0).display(false), "over 5,000");
        assert_eq!(Value::approx(11000.0).display(false), "~11,000");
        assert_eq!(
            Value::range(20000.0, 25000.0).display(false),
            "20,000–25,000"
        );
        assert_eq!(Value::approx(1.0 / 3.0).display(true), "~33.3%");
        assert_eq!(Value::point(0.4).display(true), "40%");
    }

    #[test]
    fn whole_bounds_serialize_as_integers() {
        let json = serde_json::to_string(&Value::range(1.0, 2.5)).unwrap();
        assert_eq!(json, r#"{"low":1,"high":2.5,"approx":false}"#);
    }
}
