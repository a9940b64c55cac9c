//! Numerals: digits, number words, fractions, percentages and vague quantities.
//!
//! Rules (ids as they appear in evidence):
//! - `number.digits`: "5,000", "62 400", "1.5"
//! - `number.digits_scale`: "1.5 million", "3 mln"
//! - `number.digits_suffix`: "5k", "1.2m"
//! - `number.words`: "five thousand", "twenty-one", "a hundred"
//! - `number.count_phrase`: "a dozen"
//! - `number.fraction`: "a third", "two-thirds", "half"
//! - `number.one_in_n`: "one in five"
//! - `number.percent`: "40%", "40 percent"
//! - `number.vague`: "hundreds", "tens of thousands", "several"
//! - `number.vague_scale`: "several hundred", "a few thousand"

use crate::grammar::Grammar;
use crate::token::{digits_value, Token, TokenKind};

/// What a numeral is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Digits, possibly with a scale word or suffix.
    Digits,
    /// Number words.
    Words,
    /// A fraction word ("a third").
    Fraction,
    /// A percentage (its value is already divided by 100).
    Percent,
    /// A vague quantity with conventional bounds.
    Vague,
}

impl Form {
    /// Whether the value is a share of something.
    pub fn is_fraction(self) -> bool {
        matches!(self, Form::Fraction | Form::Percent)
    }
}

/// A numeral found at a token index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    /// Its first token.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// Its lower value (the value itself unless vague).
    pub low: f64,
    /// Its upper value.
    pub high: f64,
    /// How it is written.
    pub form: Form,
    /// The multiplier a scale word applied ("million" → 1e6), 1 if none.
    pub scale: f64,
    /// Whether a digits token had thousands separators ("5,000").
    pub grouped: bool,
    /// The rule that read it.
    pub rule: &'static str,
}

impl Numeral {
    fn new(start: usize, end: usize, value: f64, form: Form, rule: &'static str) -> Numeral {
        Numeral {
            start,
            end,
            low: value,
            high: value,
            form,
            scale: 1.0,
            grouped: false,
            rule,
        }
    }
}

/// The largest value a figure may have; anything above is not a count of people.
pub const MAX_VALUE: f64 = 1.0e12;

/// Reads the numeral that starts at token `i`, if any.
pub fn numeral_at(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Numeral> {
    if negative(tokens, i) {
        return None;
    }
    let numeral = read(g, tokens, i)?;
    let numeral = percent(g, tokens, numeral);
    (numeral.high.is_finite()
        && numeral.high <= MAX_VALUE
        && numeral.low >= 0.0
        && !below_one(&numeral))
    .then_some(numeral)
}

/// "-5 killed": digits after a minus sign glued to them (and to no word or number before
/// it, as in the range "2-5") are a negative number, never a count.
fn negative(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(digits) = tokens.get(i).filter(|t| t.kind == TokenKind::Digits) else {
        return false;
    };
    let Some(sign) = i.checked_sub(1).map(|k| &tokens[k]) else {
        return false;
    };
    sign.key == "-"
        && !digits.space_before
        && (i < 2 || sign.space_before || tokens[i - 2].kind == TokenKind::Punct)
}

/// "0.0000001 people", "around 0.5250": digits below one with no scale word or percent
/// count no one; a share below one is written as a percentage or a fraction word.
fn below_one(numeral: &Numeral) -> bool {
    numeral.form == Form::Digits && numeral.scale == 1.0 && numeral.low > 0.0 && numeral.high < 1.0
}

fn read(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Numeral> {
    let token = tokens.get(i)?;
    if token.kind == TokenKind::Punct {
        return None;
    }
    if let Some(m) = g.vague_multipliers.longest_at(tokens, i) {
        if let Some(scale) = tokens.get(m.end).and_then(|t| g.scales.get(t)) {
            let (low, high) = *m.payload;
            let mut n = Numeral::new(i, m.end + 1, low * scale, Form::Vague, "number.vague_scale");
            n.high = high * scale;
            return Some(n);
        }
    }
    if let Some(m) = g.vague.longest_at(tokens, i) {
        let (low, high) = *m.payload;
        let mut n = Numeral::new(i, m.end, low, Form::Vague, "number.vague");
        n.high = high;
        return Some(n);
    }
    if let Some(m) = g.fractions.longest_at(tokens, i) {
        return Some(Numeral::new(
            i,
            m.end,
            *m.payload,
            Form::Fraction,
            "number.fraction",
        ));
    }
    if let Some(m) = g.counts.longest_at(tokens, i) {
        return Some(Numeral::new(
            i,
            m.end,
            *m.payload,
            Form::Words,
            "number.count_phrase",
        ));
    }
    if let Some(n) = one_in_n(g, tokens, i) {
        return Some(n);
    }
    match token.kind {
        TokenKind::Digits => digits(g, tokens, i),
        TokenKind::Word => words(g, tokens, i),
        TokenKind::Punct => None,
    }
}

fn digits(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Numeral> {
    let token = &tokens[i];
    let value = digits_value(token.text)?;
    let mut n = Numeral::new(i, i + 1, value, Form::Digits, "number.digits");
    n.grouped = token
        .text
        .contains(|c: char| !c.is_ascii_digit() && c != '.');
    if let Some(next) = tokens.get(i + 1) {
        if !next.space_before && next.kind == TokenKind::Word {
            // "5k", "1.2m"; "11th" and "152mm" are not numerals.
            let factor = g.suffixes.get(next)?;
            n.low *= factor;
            n.high = n.low;
            n.scale = *factor;
            n.end = i + 2;
            n.rule = "number.digits_suffix";
            return Some(n);
        }
    }
    // "1.5 million"; scale words in a row multiply ("999 trillion trillion" is far beyond
    // any count, not 999).
    while let Some(factor) = tokens.get(n.end).and_then(|t| g.scales.get(t)) {
        n.low *= factor;
        n.high = n.low;
        n.scale *= factor;
        n.end += 1;
        n.rule = "number.digits_scale";
    }
    Some(n)
}

/// Number words: units, tens (with "-" and a unit), "hundred", scales, "and".
fn words(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Numeral> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut any = false;
    let mut scale_seen: f64 = 1.0;
    let mut j = i;
    while let Some(t) = tokens.get(j) {
        if let Some(v) = g.tens.get(t) {
            current += v;
            j += 1;
            if tokens
                .get(j)
                .is_some_and(|h| h.key == "-" && !h.space_before)
            {
                if let Some(u) = tokens
                    .get(j + 1)
                    .and_then(|u| g.units.get(u))
                    .filter(|u| **u < 10.0)
                {
                    current += u;
                    j += 2;
                }
            }
            any = true;
        } else if let Some(v) = g.units.get(t) {
            // A unit follows tens or hundreds ("twenty one", "a hundred and five"), not a unit.
            if any && (current % 10.0 != 0.0 || (current % 100.0 != 0.0 && *v >= 10.0)) {
                break;
            }
            current += v;
            j += 1;
            any = true;
        } else if let Some(scale) = g.scales.get(t) {
            if !any {
                break;
            }
            if *scale == 100.0 {
                current = current.max(1.0) * 100.0;
            } else {
                total += current.max(1.0) * scale;
                current = 0.0;
            }
            scale_seen = scale_seen.max(*scale);
            j += 1;
        } else if !any
            && g.articles.matches_at(tokens, j)
            && tokens
                .get(j + 1)
                .is_some_and(|n| g.scales.contains_token(n))
        {
            current = 1.0;
            any = true;
            j += 1;
        } else if t.key == "and"
            && any
            && tokens
                .get(j + 1)
                .is_some_and(|n| g.units.contains_token(n) || g.tens.contains_token(n))
            && (total > 0.0 || current >= 100.0)
        {
            j += 1;
        } else {
            break;
        }
    }
    if !any {
        return None;
    }
    let mut n = Numeral::new(i, j, total + current, Form::Words, "number.words");
    n.scale = scale_seen;
    Some(n)
}

/// "one in five" → 0.2.
fn one_in_n(g: &Grammar, tokens: &[Token<'_>], i: usize) -> Option<Numeral> {
    let first = tokens.get(i)?;
    if tokens.get(i + 1)?.key != "in" {
        return None;
    }
    let numerator = g.units.get(first).copied().or_else(|| {
        (first.kind == TokenKind::Digits)
            .then(|| digits_value(first.text))
            .flatten()
    })?;
    let den_token = tokens.get(i + 2)?;
    let denominator = g
        .units
        .get(den_token)
        .or_else(|| g.tens.get(den_token))
        .copied()
        .or_else(|| {
            (den_token.kind == TokenKind::Digits)
                .then(|| digits_value(den_token.text))
                .flatten()
        })?;
    if denominator <= numerator || numerator < 1.0 {
        return None;
    }
    Some(Numeral::new(
        i,
        i + 3,
        numerator / denominator,
        Form::Fraction,
        "number.one_in_n",
    ))
}

/// "40%", "40 percent": the numeral becomes a share.
fn percent(g: &Grammar, tokens: &[Token<'_>], n: Numeral) -> Numeral {
    if !matches!(n.form, Form::Digits | Form::Words) {
        return n;
    }
    match g.percent.longest_at(tokens, n.end) {
        Some(m) => Numeral {
            end: m.end,
            low: n.low / 100.0,
            high: n.high / 100.0,
            form: Form::Percent,
            rule: "number.percent",
            ..n
        },
        None => n,
    }
}
