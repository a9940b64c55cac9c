//! Interval arithmetic on closed intervals of reals, unbounded sides as infinities.
//!
//! Every operation returns an interval that contains the exact result of the operation on
//! any two members of its operands. IEEE 754 rounding is monotone, so the bounds computed
//! from the operands' bounds enclose every member's rounded result; the property tests at
//! the foot of this file check it.

use serde::{Deserialize, Serialize, Serializer};
use tally_core::Value;

/// A closed interval `[low, high]`; `low` may be `-∞` and `high` `+∞`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(from = "Bounds")]
pub struct Interval {
    /// The lower bound, `f64::NEG_INFINITY` when unbounded below.
    pub low: f64,
    /// The upper bound, `f64::INFINITY` when unbounded above.
    pub high: f64,
}

#[derive(Deserialize)]
struct Bounds {
    low: Option<f64>,
    high: Option<f64>,
}

impl From<Bounds> for Interval {
    fn from(bounds: Bounds) -> Interval {
        Interval::from_bounds(bounds.low, bounds.high)
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Interval", 2)?;
        state.serialize_field("low", &finite(self.low).map(Number))?;
        state.serialize_field("high", &finite(self.high).map(Number))?;
        state.end()
    }
}

/// A number that serializes whole values as JSON integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            // Six significant digits are more than any source states.
            let rounded: f64 = format!("{:.6e}", self.0).parse().unwrap_or(self.0);
            serializer.serialize_f64(rounded)
        }
    }
}

/// `Some(x)` when `x` is finite.
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl Interval {
    /// The interval `[low, high]`; bounds given in reverse are swapped.
    pub fn new(low: f64, high: f64) -> Interval {
        if high < low {
            Interval {
                low: high,
                high: low,
            }
        } else {
            Interval { low, high }
        }
    }

    /// The one-point interval `[x, x]`.
    pub fn point(x: f64) -> Interval {
        Interval { low: x, high: x }
    }

    /// The interval of optional bounds, `None` being unbounded.
    pub fn from_bounds(low: Option<f64>, high: Option<f64>) -> Interval {
        Interval::new(
            low.unwrap_or(f64::NEG_INFINITY),
            high.unwrap_or(f64::INFINITY),
        )
    }

    /// The interval a claim's value states: its bounds, unbounded where it has none.
    pub fn of_value(value: &Value) -> Interval {
        Interval::from_bounds(value.low, value.high)
    }

    /// The lower bound, `None` when unbounded.
    pub fn low(&self) -> Option<f64> {
        finite(self.low)
    }

    /// The upper bound, `None` when unbounded.
    pub fn high(&self) -> Option<f64> {
        finite(self.high)
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// Whether the two intervals share a point.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    /// The smallest interval holding both.
    pub fn hull(&self, other: &Interval) -> Interval {
        Interval {
            low: self.low.min(other.low),
            high: self.high.max(other.high),
        }
    }

    /// The interval widened by `relative` of each bound's magnitude (an approximate
    /// figure's tolerance); infinite bounds stay infinite.
    pub fn widen(&self, relative: f64) -> Interval {
        Interval {
            low: self.low - self.low.abs() * relative,
            high: self.high + self.high.abs() * relative,
        }
    }

    /// `[a, b] + [c, d] = [a + c, b + d]`.
    pub fn add(&self, other: &Interval) -> Interval {
        Interval {
            low: self.low + other.low,
            high: self.high + other.high,
        }
    }

    /// `[a, b] − [c, d] = [a − d, b − c]`.
    pub fn sub(&self, other: &Interval) -> Interval {
        Interval {
            low: self.low - other.high,
            high: self.high - other.low,
        }
    }

    /// The product: the least and greatest of the four products of bounds, `0 × ∞`
    /// counting as 0 (a bound of zero times an unbounded side).
    pub fn mul(&self, other: &Interval) -> Interval {
        let products = [
            mul_bound(self.low, other.low),
            mul_bound(self.low, other.high),
            mul_bound(self.high, other.low),
            mul_bound(self.high, other.high),
        ];
        let low = products.iter().copied().fold(f64::INFINITY, f64::min);
        let high = products.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Interval { low, high }
    }

    /// The quotient; unbounded on both sides when the divisor holds zero.
    pub fn div(&self, other: &Interval) -> Interval {
        if other.contains(0.0) {
            return Interval {
                low: f64::NEG_INFINITY,
                high: f64::INFINITY,
            };
        }
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        for a in [self.low, self.high] {
            for b in [other.low, other.high] {
                for q in div_bound(a, b) {
                    low = low.min(q);
                    high = high.max(q);
                }
            }
        }
        Interval { low, high }
    }

    /// The interval times a non-negative scalar `k` (a number of days).
    pub fn scale(&self, k: f64) -> Interval {
        self.mul(&Interval::point(k))
    }

    /// The midpoint of a bounded interval, else its finite bound, else `None`.
    pub fn representative(&self) -> Option<f64> {
        match (self.low(), self.high()) {
            (Some(a), Some(b)) => Some(a + (b - a) / 2.0),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b),
            (None, None) => None,
        }
    }
}

/// A product of bounds where `0 × ±∞ = 0`.
fn mul_bound(a: f64, b: f64) -> f64 {
    if a == 0.0 || b == 0.0 {
        0.0
    } else {
        a * b
    }
}

/// The quotients of two bounds (the divisor not zero): `∞ / ∞` stands for anything
/// between 0 and ∞ of its sign, so it gives both.
fn div_bound(a: f64, b: f64) -> [f64; 2] {
    if a.is_infinite() && b.is_infinite() {
        let sign = a.signum() * b.signum();
        [0.0, sign * f64::INFINITY]
    } else {
        let q = a / b;
        [q, q]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// An interval with a member, some sides possibly unbounded.
    fn interval_with_member() -> impl Strategy<Value = (Interval, f64)> {
        (
            -1.0e6..1.0e6f64,
            0.0..1.0e6f64,
            0.0..1.0f64,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(low, width, at, open_low, open_high)| {
                let high = low + width;
                let member = low + width * at;
                let member = member.clamp(low, high);
                let interval = Interval::new(
                    if open_low { f64::NEG_INFINITY } else { low },
                    if open_high { f64::INFINITY } else { high },
                );
                (interval, member)
            })
    }

    proptest! {
        #[test]
        fn sums_contain_the_exact_sum((a, x) in interval_with_member(), (b, y) in interval_with_member()) {
            prop_assert!(a.add(&b).contains(x + y));
            prop_assert!(a.sub(&b).contains(x - y));
        }

        #[test]
        fn products_contain_the_exact_product((a, x) in interval_with_member(), (b, y) in interval_with_member()) {
            let product = a.mul(&b);
            prop_assert!(product.contains(x * y), "{a:?} × {b:?} = {product:?} misses {x} × {y}");
        }

        #[test]
        fn quotients_contain_the_exact_quotient((a, x) in interval_with_member(), (b, y) in interval_with_member()) {
            prop_assume!(y != 0.0);
            let quotient = a.div(&b);
            prop_assert!(quotient.contains(x / y), "{a:?} / {b:?} = {quotient:?} misses {x} / {y}");
        }

        #[test]
        fn rate_times_days_contains_the_exact_projection((rate, r) in interval_with_member(), days in 0u32..4000) {
            prop_assert!(rate.scale(f64::from(days)).contains(r * f64::from(days)));
        }

        #[test]
        fn widening_contains_the_interval((a, x) in interval_with_member(), relative in 0.0..0.5f64) {
            prop_assert!(a.widen(relative).contains(x));
        }
    }

    #[test]
    fn a_third_of_over_5000_is_over_1666() {
        let killed = Interval::point(1.0 / 3.0).mul(&Interval::from_bounds(Some(5000.0), None));
        assert!((killed.low - 1666.67).abs() < 0.01);
        assert_eq!(killed.high(), None);
    }

    #[test]
    fn share_of_the_deployment() {
        let share = Interval::new(4000.0, 5000.0).div(&Interval::new(11000.0, 14000.0));
        assert!((share.low - 0.2857).abs() < 1e-3 && (share.high - 0.4545).abs() < 1e-3);
    }
}
