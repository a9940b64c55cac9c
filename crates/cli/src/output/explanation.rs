//! An explanation as `tally explain` prints it: the claim and its document, the sentence
//! with its number in brackets wrapped to the width, the fields, the dates with the rules
//! that set them and the time expressions of the sentence, and every rule in order.

use std::io::{self, Write};

use tally_app::explain::{time_value, Explanation, Sentence};
use tally_app::text::one_line;

/// Writes `explanation` as text, the sentence wrapped to `width`.
///
/// # Errors
///
/// Fails when `out` cannot be written.
pub fn write_text(out: &mut impl Write, e: &Explanation, width: usize) -> io::Result<()> {
    let published = e
        .published
        .map_or_else(|| "unknown".to_string(), |day| day.to_string());
    writeln!(
        out,
        "claim {} · {} · published {published} · grammar {}",
        e.id, e.claim.doc, e.claim.grammar_version
    )?;
    writeln!(out, "document {}", e.document)?;
    if let Some(title) = &e.title {
        writeln!(out, "title    {}", one_line(title))?;
    }
    if let Some(url) = &e.url {
        writeln!(out, "url      {url}")?;
    }
    writeln!(out)?;
    for line in wrap(&marked(&e.sentence), width.saturating_sub(2)) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out)?;

    let field = |out: &mut dyn Write, name: &str, value: &str| writeln!(out, "{name:<12}{value}");
    field(
        out,
        "value",
        &format!("{} ({}, {})", e.display, e.qualifier, e.kind()),
    )?;
    field(out, "metric", &e.metric_line())?;
    field(out, "who", &e.who())?;
    field(
        out,
        "source",
        &with_rules(&e.source_line(), &e.source_rules),
    )?;
    field(out, "confidence", &e.confidence_line())?;

    writeln!(out)?;
    writeln!(out, "dates")?;
    field(out, "  as of", &with_rules(&e.as_of_line(), &e.as_of_rules))?;
    field(
        out,
        "  stated",
        &with_rules(&e.stated_line(), &e.stated_rules),
    )?;
    field(
        out,
        "  published",
        &format!("{published} (relative dates resolve against it)"),
    )?;
    if !e.times.is_empty() {
        writeln!(out, "  time expressions in the sentence:")?;
        for time in &e.times {
            writeln!(
                out,
                "    “{}” → {} ({} {}, {})",
                one_line(&time.text),
                time_value(time),
                time.timex_type,
                time.timex,
                time.rule
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "rules, in the order they applied")?;
    for rule in &e.claim.rules {
        writeln!(out, "  {rule}")?;
    }
    Ok(())
}

/// The sentence on one line with its number in brackets: `“Over [5,000] troops”`.
fn marked(sentence: &Sentence) -> String {
    let Sentence {
        before,
        number,
        after,
    } = sentence;
    match number {
        Some(number) => format!(
            "“{}[{}]{}”",
            one_line(before),
            one_line(number),
            one_line(after)
        )
        .replace("“ ", "“")
        .replace(" ”", "”"),
        None => format!("“{}”", one_line(before)),
    }
}

/// Words wrapped into lines of at most `width` characters (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A field's value with the rules that set it: `2025-03   by story.as_of_month`.
fn with_rules(value: &str, rules: &[String]) -> String {
    if rules.is_empty() {
        value.to_string()
    } else {
        format!("{value}   by {}", rules.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_wrap_at_words() {
        let lines = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(lines, ["aaa bbb", "ccc ddd"]);
    }

    #[test]
    fn the_number_is_bracketed_on_one_line() {
        let sentence = Sentence {
            before: "Over\n".to_string(),
            number: Some("5,000".to_string()),
            after: " troops ".to_string(),
        };
        assert_eq!(marked(&sentence), "“Over [5,000] troops”");
    }
}
