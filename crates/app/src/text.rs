//! Small text helpers shared by the command line and the pages: one-line text, brief
//! day intervals and actor codes.

use tally_core::DateSpan;

/// The text with every run of white space (newlines too) as one space, trimmed, except that
/// a space touching either end is kept as one space (so "[5,000] troops" stays apart).
///
/// # Example
///
/// ```
/// assert_eq!(tally_app::text::one_line("over\n 5,000  troops"), "over 5,000 troops");
/// assert_eq!(tally_app::text::one_line(" troops\n"), " troops ");
/// ```
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Keep a space that touched the number, so "[5,000] troops" does not become "[5,000]troops".
    let leading = text.starts_with(char::is_whitespace) && !out.is_empty();
    let trailing = text.ends_with(char::is_whitespace) && !out.is_empty();
    match (leading, trailing) {
        (true, true) => format!(" {out} "),
        (true, false) => format!(" {out}"),
        (false, true) => format!("{out} "),
        (false, false) => out,
    }
}

/// An actor's code as every front end prints it: upper case, as series are keyed
/// (`PRK`, `HAMAS`), whatever the case the claim holds; `unknown` for none.
///
/// # Example
///
/// ```
/// assert_eq!(tally_app::text::actor_code(Some("hamas")), "HAMAS");
/// assert_eq!(tally_app::text::actor_code(None), "unknown");
/// ```
pub fn actor_code(actor: Option<&str>) -> String {
    actor.map_or_else(|| "unknown".to_string(), str::to_ascii_uppercase)
}

/// A day interval as briefly as it can be written: `2025-03-27`, `2025-03`, `2024`,
/// `2025-01…2025-02`, else `first…last`.
///
/// # Example
///
/// ```
/// use tally_core::{Date, DateSpan};
/// let span = DateSpan::new(Date::new(2025, 3, 1).unwrap(), Date::new(2025, 3, 31).unwrap());
/// assert_eq!(tally_app::text::date_span(&span), "2025-03");
/// ```
pub fn date_span(span: &DateSpan) -> String {
    let (first, last) = (span.first, span.last);
    if first == last {
        return first.to_string();
    }
    let starts_month = first.day() == 1;
    let ends_month = last.tomorrow().is_ok_and(|next| next.day() == 1);
    if starts_month && ends_month {
        if first.year() == last.year() && first.month() == 1 && last.month() == 12 {
            return first.year().to_string();
        }
        let month = |day: jiff::civil::Date| format!("{:04}-{:02}", day.year(), day.month());
        if (first.year(), first.month()) == (last.year(), last.month()) {
            return month(first);
        }
        return format!("{}…{}", month(first), month(last));
    }
    format!("{first}…{last}")
}
