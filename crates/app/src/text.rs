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

/// The longest title made from a document's first line, in characters.
const MAX_TITLE_CHARS: usize = 100;

/// A document's title as people see it: its own, else its first line of text (cut at
/// [`MAX_TITLE_CHARS`] characters, with an ellipsis), else its web address, else its id.
///
/// # Example
///
/// ```
/// use tally_app::text::document_title;
/// assert_eq!(document_title(Some("Kursk"), "Over 5,000 ...", None, "a.txt"), "Kursk");
/// assert_eq!(document_title(None, "\n  Strike on Kharkiv\nMore.", None, "a.txt"), "Strike on Kharkiv");
/// assert_eq!(document_title(None, "", Some("https://example.org/a"), "a.txt"), "https://example.org/a");
/// assert_eq!(document_title(Some("  "), " ", None, "a.txt"), "a.txt");
/// ```
pub fn document_title(title: Option<&str>, text: &str, url: Option<&str>, id: &str) -> String {
    if let Some(title) = title.map(one_line).map(|t| t.trim().to_string()) {
        if !title.is_empty() {
            return title;
        }
    }
    if let Some(line) = text.lines().map(str::trim).find(|line| !line.is_empty()) {
        let line = one_line(line);
        if line.chars().count() > MAX_TITLE_CHARS {
            let cut: String = line.chars().take(MAX_TITLE_CHARS).collect();
            // Cut at the last whole word.
            let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
            return format!("{}…", cut.trim_end());
        }
        return line;
    }
    url.map(str::trim)
        .filter(|url| !url.is_empty())
        .unwrap_or(id)
        .to_string()
}

/// A count and its noun, singular for one: `1 source`, `3 sources`, `0 sources`.
///
/// # Example
///
/// ```
/// assert_eq!(tally_app::text::plural(1, "source", "sources"), "1 source");
/// assert_eq!(tally_app::text::plural(3, "source", "sources"), "3 sources");
/// ```
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}
