//! Figures: a numeral or a range of two, with the qualifiers that set its bounds.
//!
//! Rules:
//! - `qualifier.lower_bound`: "over 5,000", "at least 5,000", "5,000 or more", "5,000-plus"
//! - `qualifier.upper_bound`: "up to 10,000", "as many as 2,000", "under 100"
//! - `qualifier.nearly`: "nearly 4,600", "almost 150"
//! - `qualifier.approximate`: "around 11,000", "some 3,000", "an estimated 100,000"
//! - `qualifier.increment`: "an additional 3,000", "another 3,000", "3,000 more"
//! - `range.between`: "between 10,000 and 12,000", "from 20 to 30" (but "has risen from
//!   5,000 to 24,000" gives two figures, the levels before and after)
//! - `range.joined`: "20,000-25,000", "10,000 to 12,000", "70 or 80,000"

use tally_core::{Qualifier, Value};
use tally_lang::Bound;

use crate::grammar::Grammar;
use crate::number::{numeral_at, Form, Numeral};
use crate::token::{Token, TokenKind};

/// A numeral or a range with its qualifiers, located by token indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The first token, qualifiers included.
    pub start: usize,
    /// One past the last token, qualifiers included.
    pub end: usize,
    /// The numeral (the first one of a range).
    pub numeral: Numeral,
    /// The bounds.
    pub value: Value,
    /// How the numeral is written (of the last numeral for a range).
    pub form: Form,
    /// Whether it adds to an earlier figure.
    pub increment: bool,
    /// The rules that read it, numeral rules first.
    pub rules: Vec<&'static str>,
}

/// Reads the figure that starts at token `i`: qualifiers, a numeral, maybe a range.
pub fn figure_at(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Figure> {
    // A figure opens with a qualifier, the first word of a range or a numeral: most words
    // that may open one ("the", "in", "from") open none here, and are turned away before
    // the numeral is looked for.
    if tokens
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Word && !g.numeral_starts.contains_token(t))
        && !g.qualifiers_before.matches_at(tokens, i)
        && !g.range_between.matches_at(tokens, i)
    {
        return None;
    }
    let mut j = i;
    let mut bound = None;
    let mut increment = false;
    let mut rules = Vec::new();
    let mut between = false;
    // Up to two qualifiers before: "at least another 3,000", "an estimated over".
    for _ in 0..2 {
        if let Some(m) = g.qualifiers_before.longest_at(tokens, j) {
            // "some" and "about" are qualifiers only right before a numeral.
            if numeral_at(g, tokens, m.end).is_none()
                && g.qualifiers_before.longest_at(tokens, m.end).is_none()
                && !g.range_between.matches_at(tokens, m.end)
            {
                break;
            }
            match m.payload {
                Bound::Increment => {
                    increment = true;
                    rules.push("qualifier.increment");
                }
                b => {
                    bound = bound.or(Some(*b));
                }
            }
            j = m.end;
        } else {
            break;
        }
    }
    // "has risen from 5,000 to 24,000": two levels of one quantity, not a range.
    let change = changed_from(g, tokens, j);
    if let Some(m) = g.range_between.longest_at(tokens, j).filter(|_| !change) {
        if numeral_at(g, tokens, m.end).is_some() {
            between = true;
            j = m.end;
        }
    }
    let first = numeral_at(g, tokens, j)?;
    let mut rules_num = vec![first.rule];
    let mut end = first.end;
    let mut value = base_value(&first);
    let mut form = first.form;

    let change = change || (j > 0 && changed_from(g, tokens, j - 1));
    if let Some((second, second_bound, range_end)) =
        range_end(g, tokens, &first, between).filter(|_| !change)
    {
        let low_num = scaled_first(&first, &second);
        let (second_value, _) = apply(base_value(&second), second_bound);
        let low = low_num;
        let high = second_value
            .high
            .or(second_value.low)
            .unwrap_or(second.high);
        if high > low {
            value = Value {
                low: Some(low),
                high: Some(high),
                approx: first.form == Form::Vague || second_value.approx,
                qualifier: Qualifier::Range,
            };
            rules_num.push(second.rule);
            rules.push(if between {
                "range.between"
            } else {
                "range.joined"
            });
            end = range_end;
            form = if first.form.is_fraction() || second.form.is_fraction() {
                Form::Fraction
            } else {
                second.form
            };
            if let Some(b) = bound {
                // A qualifier before a range: "approximately 70,000-80,000" is approximate;
                // "up to 20-25" keeps the range.
                if matches!(b, Bound::Approximate | Bound::Nearly) {
                    value.approx = true;
                }
                rules.push(rule_of(b));
            }
            // "between 1,000 and 1,500 more troops"
            if g.qualifiers_after
                .longest_at(tokens, end)
                .is_some_and(|m| *m.payload == Bound::Increment)
                && tokens.get(end + 1).is_none_or(|t| t.key != "than")
            {
                increment = true;
                rules.push("qualifier.increment");
                end += 1;
            }
            rules_num.extend(rules);
            return Some(Figure {
                start: i,
                end,
                numeral: first,
                value,
                form,
                increment,
                rules: rules_num,
            });
        }
    } else if between {
        return None;
    }

    // Qualifiers after: "5,000 or more", "5,000-plus", "3,000 more".
    if let Some(m) = g.qualifiers_after.longest_at(tokens, end) {
        let glued = !tokens[end].space_before || tokens[end].key == "-";
        let plus_like = matches!(tokens[end].key, "+" | "-" | "plus");
        let followed_by_than = tokens.get(m.end).is_some_and(|t| t.key == "than");
        let ok = match m.payload {
            Bound::Lower if tokens[end].key == "+" => glued,
            Bound::Increment => !followed_by_than && !bound.is_some_and(|b| b != Bound::Increment),
            _ => !followed_by_than,
        };
        if ok && (!plus_like || glued) {
            match m.payload {
                Bound::Increment => {
                    increment = true;
                    rules.push("qualifier.increment");
                }
                b => bound = bound.or(Some(*b)),
            }
            end = m.end;
        }
    } else if tokens.get(end).is_some_and(|t| t.key == "-")
        && tokens.get(end + 1).is_some_and(|t| t.key == "plus")
    {
        bound = bound.or(Some(Bound::Lower));
        end += 2;
    }
    if let Some(b) = bound {
        let (v, _) = apply(value, b);
        value = v;
        rules.push(rule_of(b));
    }
    rules_num.extend(rules);
    Some(Figure {
        start: i,
        end,
        numeral: first,
        value,
        form,
        increment,
        rules: rules_num,
    })
}

fn rule_of(bound: Bound) -> &'static str {
    match bound {
        Bound::Lower => "qualifier.lower_bound",
        Bound::Upper => "qualifier.upper_bound",
        Bound::Nearly => "qualifier.nearly",
        Bound::Approximate => "qualifier.approximate",
        Bound::Increment => "qualifier.increment",
    }
}

fn base_value(n: &Numeral) -> Value {
    if n.form == Form::Vague {
        Value {
            low: Some(n.low),
            high: Some(n.high),
            approx: true,
            qualifier: Qualifier::Vague,
        }
    } else {
        Value::point(n.low)
    }
}

/// Applies a qualifier's bound to a value.
fn apply(value: Value, bound: Bound) -> (Value, bool) {
    let point = value.low.or(value.high).unwrap_or(0.0);
    let v = match bound {
        Bound::Lower => Value {
            low: value.low,
            high: None,
            approx: value.approx,
            qualifier: Qualifier::LowerBound,
        },
        Bound::Upper => Value {
            low: None,
            high: value.high,
            approx: value.approx,
            qualifier: Qualifier::UpperBound,
        },
        Bound::Nearly => Value {
            low: None,
            high: value.high.or(Some(point)),
            approx: true,
            qualifier: Qualifier::Nearly,
        },
        Bound::Approximate => Value {
            approx: true,
            qualifier: if value.qualifier == Qualifier::Vague {
                Qualifier::Vague
            } else {
                Qualifier::Approximate
            },
            ..value
        },
        Bound::Increment => value,
    };
    (v, true)
}

/// The second end of a range after `first`: the joiner, an optional qualifier, a numeral.
fn range_end(
    g: &Grammar,
    tokens: &[Token<'_>],
    first: &Numeral,
    between: bool,
) -> Option<(Numeral, Bound, usize)> {
    let joiner = g.range_joiners.longest_at(tokens, first.end)?;
    let joiner_token = &tokens[first.end];
    let key = joiner_token.key;
    if key == "and" && !between {
        return None;
    }
    if key == "-" {
        // "20,000-25,000" or "20,000 – 25,000", but not "650-650-6500".
        let dash_is_hyphen = joiner_token.text == "-";
        if dash_is_hyphen && joiner_token.space_before {
            return None;
        }
        if tokens.get(joiner.end + 1).is_some_and(|t| t.key == "-")
            && tokens
                .get(joiner.end + 2)
                .is_some_and(|t| t.kind == TokenKind::Digits)
        {
            return None;
        }
    }
    let mut j = joiner.end;
    let mut bound = Bound::Increment; // no-op for `apply`
    if let Some(m) = g.qualifiers_before.longest_at(tokens, j) {
        if *m.payload != Bound::Increment {
            bound = *m.payload;
            j = m.end;
        }
    }
    let second = numeral_at(g, tokens, j)?;
    if first.form.is_fraction() != second.form.is_fraction() {
        return None;
    }
    if key == "-" && (first.form == Form::Vague || second.form == Form::Vague) {
        return None;
    }
    let low = scaled_first(first, &second);
    if second.low <= low {
        return None;
    }
    // "one or two" is a range; "5 or 6,000" only with a plausible scale.
    Some((second, bound, second.end))
}

/// Whether "from" at `k` follows a verb of change: "has risen from", "increased from".
pub(crate) fn changed_from(g: &Grammar, tokens: &[Token<'_>], k: usize) -> bool {
    tokens.get(k).is_some_and(|t| t.key == "from")
        && g.increase_verbs.ending_at(tokens, k, 3).is_some()
}

/// The first end of a range, scaled like the second: "70 or 80,000" → 70,000,
/// "between 10 and 12 million" → 10 million.
fn scaled_first(first: &Numeral, second: &Numeral) -> f64 {
    if first.scale == 1.0 && !first.grouped && first.form != Form::Vague && first.low >= 1.0 {
        if second.scale > 1.0 {
            return first.low * second.scale;
        }
        if second.grouped && first.low < 1000.0 && second.low >= 1000.0 {
            let mut k = 1.0;
            while first.low * k * 10.0 <= second.low {
                k *= 10.0;
            }
            if first.low * k <= second.low && k >= 1000.0 {
                return first.low * k;
            }
        }
    }
    first.low
}
