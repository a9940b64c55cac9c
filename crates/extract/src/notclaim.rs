//! What is not a claim: dates, years, times, ages, durations, units, money, designations,
//! phone and page numbers.
//!
//! Rules (ids name why a figure was dropped, in diagnostics and in the corpus):
//! - `notclaim.year`: "in 2024", "2025"
//! - `notclaim.date`: "March 27", "27 March", "Monday 3"
//! - `notclaim.time`: "14:44", "10 am"
//! - `notclaim.unit_after`: "three days", "152 mm", "5 million dollars", "19-year-old"
//! - `notclaim.word_before`: "$5", "page 12", "aged 19", "No. 2"
//! - `notclaim.designation`: "Su-34", "F-16", "COVID-19"
//! - `notclaim.phone`: "650-650-6500"
//! - `notclaim.pronoun`: "no one", "the one who", "the largest one", "one of the largest",
//!   "one of the officials said"
//! - `notclaim.age_in_brackets`: "Petro Haidashchuk (42)"
//! - `notclaim.age_in_commas`: "Mr Mousa, 28, a hotel receptionist"
//! - `notclaim.whole`: "five out of 28 soldiers", "45 of 60 drones": the whole a part is
//!   counted from; the part counts the soldiers

use crate::figure::Figure;
use crate::grammar::Grammar;
use crate::number::Form;
use crate::token::{Token, TokenKind};

/// Why the figure is not a claim, or `None` if it may be one.
pub fn not_a_claim(g: &Grammar, tokens: &[Token<'_>], fig: &Figure) -> Option<&'static str> {
    let first = &tokens[fig.numeral.start];
    let prev = fig.start.checked_sub(1).and_then(|k| tokens.get(k));
    let next = tokens.get(fig.end);

    if fig.numeral.form == Form::Digits && fig.numeral.end == fig.numeral.start + 1 {
        let text = first.text;
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            let year: u32 = text.parse().unwrap_or(0);
            if (1800..=2100).contains(&year) && !counted_noun_follows(g, tokens, fig.end) {
                return Some("notclaim.year");
            }
        }
    }
    // "five out of 28 soldiers", "45 of 60 drones": the whole.
    if (fig.start >= 3 && tokens[fig.start - 2].key == "out" && tokens[fig.start - 1].key == "of")
        || (fig.start >= 2
            && tokens[fig.start - 1].key == "of"
            && tokens[fig.start - 2].kind == TokenKind::Digits)
    {
        return Some("notclaim.whole");
    }
    if is_month_or_weekday(g, tokens, fig.end) {
        return Some("notclaim.date");
    }
    if let Some(p) = prev {
        let mut k = fig.start;
        if p.key == "of" || p.key == "the" {
            k -= 1;
        }
        if g.months.ending_at(tokens, k, 1).is_some()
            || g.weekdays.ending_at(tokens, k, 1).is_some()
        {
            if fig.numeral.form == Form::Digits && fig.numeral.low <= 31.0 {
                return Some("notclaim.date");
            }
        }
        if p.key == ":" && !p.space_before && !first.space_before {
            return Some("notclaim.time");
        }
        if matches!(p.key, "/" | "." | "#")
            && !first.space_before
            && tokens
                .get(fig.start.wrapping_sub(2))
                .is_some_and(|t| t.kind == TokenKind::Digits)
        {
            return Some("notclaim.designation");
        }
    }
    if let Some(n) = next {
        if matches!(n.key, ":" | "/")
            && !n.space_before
            && tokens
                .get(fig.end + 1)
                .is_some_and(|t| t.kind == TokenKind::Digits && !t.space_before)
        {
            return Some("notclaim.time");
        }
    }
    if g.notclaim_after.matches_at(tokens, fig.end) {
        return Some("notclaim.unit_after");
    }
    // "the 3-year-old", "5-day": a glued hyphen then a unit.
    if next.is_some_and(|n| n.key == "-" && !n.space_before)
        && g.notclaim_after.matches_at(tokens, fig.end + 1)
    {
        return Some("notclaim.unit_after");
    }
    let mut k = fig.start;
    if k > 0 && tokens[k - 1].key == "." {
        k -= 1;
    }
    if let Some(m) = g.notclaim_before.ending_at(tokens, k, 6) {
        // "$5" glued or spaced; words like "aged" spaced.
        let _ = m;
        return Some("notclaim.word_before");
    }
    // "the 82 Airborne soldiers": digits naming a formation written with a capital.
    if fig.numeral.form == Form::Digits
        && tokens.get(fig.end).is_some_and(|t| {
            t.kind == TokenKind::Word && t.text.chars().next().is_some_and(char::is_uppercase)
        })
        && g.notclaim_units.matches_at(tokens, fig.end)
    {
        return Some("notclaim.designation");
    }
    if let Some(p) = prev {
        if p.key == "-"
            && !p.space_before
            && !first.space_before
            && fig.start >= 2
            && tokens[fig.start - 2].kind == TokenKind::Word
        {
            return Some("notclaim.designation");
        }
        if p.key == "-"
            && !first.space_before
            && fig.start >= 2
            && tokens[fig.start - 2].kind == TokenKind::Digits
        {
            return Some("notclaim.phone");
        }
    }
    if next.is_some_and(|n| n.key == "-" && !n.space_before)
        && tokens
            .get(fig.end + 1)
            .is_some_and(|t| t.kind == TokenKind::Digits && !t.space_before)
        && tokens.get(fig.end + 2).is_some_and(|t| t.key == "-")
    {
        return Some("notclaim.phone");
    }
    if fig.numeral.form == Form::Words && first.key == "one" && fig.start == fig.numeral.start {
        if prev.is_some_and(|p| {
            matches!(
                p.key,
                "no" | "every"
                    | "any"
                    | "each"
                    | "the"
                    | "this"
                    | "that"
                    | "which"
                    | "only"
                    | "someone"
                    | "anyone"
            )
        }) {
            return Some("notclaim.pronoun");
        }
        if next.is_some_and(|n| {
            matches!(
                n.key,
                "another" | "way" | "side" | "hand" | "thing" | "time" | "point" | "day" | "night"
            )
        }) {
            return Some("notclaim.pronoun");
        }
        // "the largest one", "the last one".
        if prev.is_some_and(|p| {
            (p.key.len() > 4 && p.key.ends_with("est"))
                || matches!(
                    p.key,
                    "last" | "first" | "other" | "new" | "big" | "main" | "second"
                )
        }) {
            return Some("notclaim.pronoun");
        }
        if next.is_some_and(|n| n.key == "of") {
            let after_of = &tokens[(fig.end + 1).min(tokens.len())..];
            // "one of the largest deployments", "one of the most violent days".
            let mut k = 0;
            while after_of
                .get(k)
                .is_some_and(|t| matches!(t.key, "the" | "its" | "their" | "his" | "her"))
            {
                k += 1;
            }
            if after_of
                .get(k)
                .is_some_and(|t| t.key == "most" || (t.key.len() > 4 && t.key.ends_with("est")))
            {
                return Some("notclaim.pronoun");
            }
            // "one of the US defence officials said": a speaker, not a count.
            for t in after_of.iter().take(8) {
                if t.kind == TokenKind::Punct {
                    break;
                }
                if matches!(t.key, "said" | "says" | "told" | "say") {
                    return Some("notclaim.pronoun");
                }
            }
        }
    }
    if prev.is_some_and(|p| p.key == "(")
        && next.is_some_and(|n| n.key == ")")
        && fig.start >= 2
        && tokens[fig.start - 2].is_capitalized()
    {
        return Some("notclaim.age_in_brackets");
    }
    // "Mr Mousa, 28, a hotel receptionist": an age in commas after a name.
    let bare = fig.start == fig.numeral.start
        && fig.end == fig.numeral.end
        && fig.numeral.form == Form::Digits;
    if bare
        && fig.numeral.low < 120.0
        && prev.is_some_and(|p| p.key == ",")
        && next.is_some_and(|n| n.key == ",")
        && fig.start >= 2
        && tokens[fig.start - 2].is_capitalized()
    {
        return Some("notclaim.age_in_commas");
    }
    None
}

fn is_month_or_weekday(g: &Grammar, tokens: &[Token<'_>], at: usize) -> bool {
    let mut k = at;
    if tokens.get(k).is_some_and(|t| t.key == "of") {
        k += 1;
    }
    g.months.matches_at(tokens, k)
        && !tokens
            .get(k)
            .is_some_and(|t| t.key == "may" && !t.is_capitalized())
}

/// Whether a counted noun follows within two tokens ("2000 soldiers" is not a year).
fn counted_noun_follows(g: &Grammar, tokens: &[Token<'_>], at: usize) -> bool {
    (at..at + 3).any(|k| g.nouns.matches_at(tokens, k) || g.metric_nouns.matches_at(tokens, k))
}
