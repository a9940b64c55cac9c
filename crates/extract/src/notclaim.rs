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
use crate::token::{four_digits, Token, TokenKind};

/// Why the figure is not a claim, or `None` if it may be one.
///
/// The rules run in this order; the first that applies names the reason.
pub fn not_a_claim(g: &Grammar, tokens: &[Token<'_>], fig: &Figure) -> Option<&'static str> {
    let at = At {
        g,
        tokens,
        fig,
        first: &tokens[fig.numeral.start],
        prev: fig.start.checked_sub(1).and_then(|k| tokens.get(k)),
        next: tokens.get(fig.end),
    };
    const RULES: &[fn(&At<'_, '_>) -> Option<&'static str>] = &[
        year,
        whole,
        date_after,
        date_before,
        time_before,
        designation_after_number,
        time_after,
        unit_after,
        word_before,
        formation,
        designation_after_word,
        designation_in_name,
        phone_before,
        phone_after,
        pronoun,
        age_in_brackets,
        age_in_commas,
    ];
    RULES.iter().find_map(|rule| rule(&at))
}

/// A figure and the tokens around it.
struct At<'a, 't> {
    g: &'a Grammar,
    tokens: &'a [Token<'t>],
    fig: &'a Figure,
    /// The first token of the numeral.
    first: &'a Token<'t>,
    /// The token before the figure.
    prev: Option<&'a Token<'t>>,
    /// The token after the figure.
    next: Option<&'a Token<'t>>,
}

/// `notclaim.year`: "in 2024", "2025", but not "2000 soldiers".
fn year(at: &At<'_, '_>) -> Option<&'static str> {
    let fig = at.fig;
    if fig.numeral.form == Form::Digits && fig.numeral.end == fig.numeral.start + 1 {
        let year = four_digits(at.first.text);
        if year.is_some_and(|y| (1800..=2100).contains(&y))
            && !counted_noun_follows(at.g, at.tokens, fig.end)
        {
            return Some("notclaim.year");
        }
    }
    None
}

/// `notclaim.whole`: "five out of 28 soldiers", "45 of 60 drones": the whole.
fn whole(at: &At<'_, '_>) -> Option<&'static str> {
    let (fig, tokens) = (at.fig, at.tokens);
    ((fig.start >= 3 && tokens[fig.start - 2].key == "out" && tokens[fig.start - 1].key == "of")
        || (fig.start >= 2
            && tokens[fig.start - 1].key == "of"
            && tokens[fig.start - 2].kind == TokenKind::Digits))
        .then_some("notclaim.whole")
}

/// `notclaim.date`: "27 March", "3 of May".
fn date_after(at: &At<'_, '_>) -> Option<&'static str> {
    is_month_or_weekday(at.g, at.tokens, at.fig.end).then_some("notclaim.date")
}

/// `notclaim.date`: "March 27", "Monday 3", "the 27th of March".
fn date_before(at: &At<'_, '_>) -> Option<&'static str> {
    let (g, tokens, fig) = (at.g, at.tokens, at.fig);
    let p = at.prev?;
    let mut k = fig.start;
    if p.key == "of" || p.key == "the" {
        k -= 1;
    }
    let calendar_word =
        g.months.ending_at(tokens, k, 1).is_some() || g.weekdays.ending_at(tokens, k, 1).is_some();
    (calendar_word && fig.numeral.form == Form::Digits && fig.numeral.low <= 31.0)
        .then_some("notclaim.date")
}

/// `notclaim.time`: "14:44", the minutes.
fn time_before(at: &At<'_, '_>) -> Option<&'static str> {
    let p = at.prev?;
    (p.key == ":" && !p.space_before && !at.first.space_before).then_some("notclaim.time")
}

/// `notclaim.designation`: "12/4", "3.5", "#2" glued to a number before.
fn designation_after_number(at: &At<'_, '_>) -> Option<&'static str> {
    let p = at.prev?;
    (matches!(p.key, "/" | "." | "#")
        && !at.first.space_before
        && at
            .tokens
            .get(at.fig.start.wrapping_sub(2))
            .is_some_and(|t| t.kind == TokenKind::Digits))
    .then_some("notclaim.designation")
}

/// `notclaim.time`: "14:44", the hours.
fn time_after(at: &At<'_, '_>) -> Option<&'static str> {
    let n = at.next?;
    (matches!(n.key, ":" | "/")
        && !n.space_before
        && at
            .tokens
            .get(at.fig.end + 1)
            .is_some_and(|t| t.kind == TokenKind::Digits && !t.space_before))
    .then_some("notclaim.time")
}

/// `notclaim.unit_after`: "three days", "152 mm", "the 3-year-old", "5-day".
fn unit_after(at: &At<'_, '_>) -> Option<&'static str> {
    let (g, tokens, fig) = (at.g, at.tokens, at.fig);
    if g.notclaim_after.matches_at(tokens, fig.end) {
        return Some("notclaim.unit_after");
    }
    // "the 3-year-old", "5-day": a glued hyphen then a unit.
    (at.next.is_some_and(|n| n.key == "-" && !n.space_before)
        && g.notclaim_after.matches_at(tokens, fig.end + 1))
    .then_some("notclaim.unit_after")
}

/// `notclaim.word_before`: "$5" glued or spaced; words like "aged" spaced.
fn word_before(at: &At<'_, '_>) -> Option<&'static str> {
    let mut k = at.fig.start;
    if k > 0 && at.tokens[k - 1].key == "." {
        k -= 1;
    }
    at.g.notclaim_before
        .ending_at(at.tokens, k, 6)
        .map(|_| "notclaim.word_before")
}

/// `notclaim.designation`: "the 82 Airborne soldiers": digits naming a formation written
/// with a capital.
fn formation(at: &At<'_, '_>) -> Option<&'static str> {
    let fig = at.fig;
    (fig.numeral.form == Form::Digits
        && at.tokens.get(fig.end).is_some_and(|t| {
            t.kind == TokenKind::Word && t.text.chars().next().is_some_and(char::is_uppercase)
        })
        && at.g.notclaim_units.matches_at(at.tokens, fig.end))
    .then_some("notclaim.designation")
}

/// `notclaim.designation`: "Su-34", "F-16", "COVID-19".
fn designation_after_word(at: &At<'_, '_>) -> Option<&'static str> {
    let (p, fig) = (at.prev?, at.fig);
    (p.key == "-"
        && !p.space_before
        && !at.first.space_before
        && fig.start >= 2
        && at.tokens[fig.start - 2].kind == TokenKind::Word)
        .then_some("notclaim.designation")
}

/// `notclaim.designation`: "on board Air Force One", "after World War Two": a number word
/// written with a capital inside a name, after a capitalized word, in running text (a
/// lowercase word shortly before it, no capitalized word after it: a headline in title case,
/// "Russian Strike Kills Two In Kharkiv", counts).
fn designation_in_name(at: &At<'_, '_>) -> Option<&'static str> {
    let (tokens, fig) = (at.tokens, at.fig);
    let running_text = tokens[fig.start.saturating_sub(4)..fig.start.saturating_sub(1)]
        .iter()
        .any(|t| t.kind == TokenKind::Word && !t.is_capitalized());
    (fig.numeral.form == Form::Words
        && fig.start == fig.numeral.start
        && fig.end == fig.start + 1
        && at.first.is_capitalized()
        && at.prev.is_some_and(Token::is_capitalized)
        && !at.next.is_some_and(Token::is_capitalized)
        && running_text)
        .then_some("notclaim.designation")
}

/// `notclaim.phone`: "650-650-6500", a part after a hyphen.
fn phone_before(at: &At<'_, '_>) -> Option<&'static str> {
    let (p, fig) = (at.prev?, at.fig);
    (p.key == "-"
        && !at.first.space_before
        && fig.start >= 2
        && at.tokens[fig.start - 2].kind == TokenKind::Digits)
        .then_some("notclaim.phone")
}

/// `notclaim.phone`: "650-650-6500", the first part.
fn phone_after(at: &At<'_, '_>) -> Option<&'static str> {
    let (tokens, fig) = (at.tokens, at.fig);
    (at.next.is_some_and(|n| n.key == "-" && !n.space_before)
        && tokens
            .get(fig.end + 1)
            .is_some_and(|t| t.kind == TokenKind::Digits && !t.space_before)
        && tokens.get(fig.end + 2).is_some_and(|t| t.key == "-"))
    .then_some("notclaim.phone")
}

/// `notclaim.pronoun`: "no one", "the one who", "one another", "the largest one", "one of
/// the largest", "one of the officials said".
fn pronoun(at: &At<'_, '_>) -> Option<&'static str> {
    let (tokens, fig, prev, next) = (at.tokens, at.fig, at.prev, at.next);
    let words = &at.g.words.notclaim;
    if !(fig.numeral.form == Form::Words && at.first.key == "one" && fig.start == fig.numeral.start)
    {
        return None;
    }
    if prev.is_some_and(|p| words.pronoun_before.contains(p.key)) {
        return Some("notclaim.pronoun");
    }
    if next.is_some_and(|n| words.pronoun_after.contains(n.key)) {
        return Some("notclaim.pronoun");
    }
    // "the largest one", "the last one".
    if prev.is_some_and(|p| {
        (p.key.len() > 4 && p.key.ends_with("est")) || words.pronoun_adjectives.contains(p.key)
    }) {
        return Some("notclaim.pronoun");
    }
    // "Kira Oves was one of the journalists injured": one person, a member of a group.
    if next.is_some_and(|n| n.key == "of") && prev.is_some_and(|p| words.member_copulas.contains(p.key))
    {
        return Some("notclaim.pronoun");
    }
    // "one Belarusian commander tells Fox News": a speaker, not a count.
    let after = &tokens[fig.end.min(tokens.len())..];
    for (k, t) in after.iter().enumerate().take(4) {
        if t.kind == TokenKind::Punct || words.speaker_not_between.contains(t.key) || t.key == "of"
        {
            break;
        }
        if k > 0 && words.speaker_verbs.contains(t.key) {
            return Some("notclaim.pronoun");
        }
    }
    if next.is_some_and(|n| n.key == "of") {
        let after_of = &tokens[(fig.end + 1).min(tokens.len())..];
        // "one of the largest deployments", "one of the most violent days".
        let mut k = 0;
        while after_of
            .get(k)
            .is_some_and(|t| words.superlative_determiners.contains(t.key))
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
            if words.speaker_verbs.contains(t.key) {
                return Some("notclaim.pronoun");
            }
        }
    }
    None
}

/// `notclaim.age_in_brackets`: "Petro Haidashchuk (42)".
fn age_in_brackets(at: &At<'_, '_>) -> Option<&'static str> {
    let fig = at.fig;
    (at.prev.is_some_and(|p| p.key == "(")
        && at.next.is_some_and(|n| n.key == ")")
        && fig.start >= 2
        && at.tokens[fig.start - 2].is_capitalized())
    .then_some("notclaim.age_in_brackets")
}

/// `notclaim.age_in_commas`: "Mr Mousa, 28, a hotel receptionist": an age in commas after
/// a name.
fn age_in_commas(at: &At<'_, '_>) -> Option<&'static str> {
    let fig = at.fig;
    let bare = fig.start == fig.numeral.start
        && fig.end == fig.numeral.end
        && fig.numeral.form == Form::Digits;
    (bare
        && fig.numeral.low < 120.0
        && at.prev.is_some_and(|p| p.key == ",")
        && at.next.is_some_and(|n| n.key == ",")
        && fig.start >= 2
        && at.tokens[fig.start - 2].is_capitalized())
    .then_some("notclaim.age_in_commas")
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
