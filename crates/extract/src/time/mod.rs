//! The time resolver: time expressions in a text, with TimeML values and day intervals
//! resolved against the publication date.
//!
//! - `scan.rs`: tokens with byte offsets (words, numbers, marks).
//! - `lexicon.rs`: the language's time words (`tally_lang::TimeWords`) compiled into lookups.
//! - `point.rs`: calendar points (day, week, month, season, year, ...), their TimeML values,
//!   their day intervals and the arithmetic against the publication date.
//! - `rules.rs`: the rules, one function each, named `time.<rule>`; the longest reading wins.
//! - `resolve.rs`: times of day joined to their day, ranges, cues, and the final values.

mod lexicon;
mod point;
mod resolve;
mod rules;
mod scan;

use std::ops::Range;

use jiff::civil::Date;
use tally_core::{DateSpan, Span};
use tally_lang::Lang;

use self::lexicon::Lexicon;
use self::rules::{Cx, Found};
use self::scan::{tokenize, Kind};

/// Every rule id the time resolver can name.
pub const TIME_RULES: &[&str] = &[
    "time.iso_date",
    "time.month_day",
    "time.day_month",
    "time.month_year",
    "time.month",
    "time.month_shifted",
    "time.year",
    "time.decade",
    "time.century",
    "time.weekday",
    "time.last_weekday",
    "time.this_weekday",
    "time.next_weekday",
    "time.day_word",
    "time.day_part",
    "time.shifted_unit",
    "time.season",
    "time.quarter",
    "time.part",
    "time.ago",
    "time.window",
    "time.reference",
    "time.duration",
    "time.set",
    "time.clock",
    "time.range",
    "time.since",
];

/// One time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Its byte span in the text (without the cue before it).
    pub span: Span,
    /// TimeML's TIMEX3 type: DATE, TIME, DURATION or SET.
    pub timex_type: &'static str,
    /// TimeML's TIMEX3 value ("2025-03-27", "2025-03", "2025-W13", "P3M", "PRESENT_REF");
    /// a range is written as its two ends joined by a slash ("2025-01/2025-02").
    pub timex: String,
    /// The days it covers; `None` for durations and sets, for PAST_REF and FUTURE_REF, and
    /// for relative expressions when the publication date is unknown.
    pub value: Option<DateSpan>,
    /// The rule that read it.
    pub rule: &'static str,
    /// The preposition or cue right before it, lowercase ("as of", "since", "on").
    pub cue: Option<&'static str>,
}

/// The time expressions [`TimeFinder::find`] gave for spans of one text, kept by span: a
/// sentence with claims is read for its story, for the statements in it and for its scope.
#[derive(Debug, Default)]
pub struct FoundTimes {
    by_span: rustc_hash::FxHashMap<(usize, usize), Vec<TimeMention>>,
    published: Option<Date>,
}

impl FoundTimes {
    /// What is found in the text published on `published`.
    pub fn new(published: Option<Date>) -> FoundTimes {
        FoundTimes {
            by_span: rustc_hash::FxHashMap::default(),
            published,
        }
    }

    /// `times.find(text, span, published)` for the text these are kept for, found once.
    pub fn find(&mut self, times: &TimeFinder, text: &str, span: Span) -> &[TimeMention] {
        let published = self.published;
        self.by_span
            .entry((span.start, span.end))
            .or_insert_with(|| times.find(text, span.start..span.end, published))
    }

    /// What was found in `span` of the text published on `published`, if it was looked for.
    pub fn get(&self, span: Span, published: Option<Date>) -> Option<&[TimeMention]> {
        if published != self.published {
            return None;
        }
        self.by_span.get(&(span.start, span.end)).map(Vec::as_slice)
    }
}

/// The time resolver of one language; build it once, use it for many texts.
#[derive(Debug, Clone)]
pub struct TimeFinder {
    lex: Lexicon,
}

impl TimeFinder {
    /// Compiles the time words of a language.
    pub fn new(lang: &Lang) -> TimeFinder {
        TimeFinder {
            lex: Lexicon::new(lang),
        }
    }

    /// The time expressions inside the byte range `within` of `text` (the whole text or one
    /// sentence), in text order, resolved against `published`. "since" and "between ... and"
    /// give one interval.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::civil::date;
    /// use tally_extract::TimeFinder;
    ///
    /// let finder = TimeFinder::new(&tally_lang::Lang::english().unwrap());
    /// let text = "The ministry said last Thursday that 5,000 were killed.";
    /// let found = finder.find(text, 0..text.len(), Some(date(2025, 4, 1)));
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].timex, "2025-03-27");
    /// assert_eq!(&text[found[0].span.start..found[0].span.end], "last Thursday");
    /// ```
    pub fn find(
        &self,
        text: &str,
        within: Range<usize>,
        published: Option<Date>,
    ) -> Vec<TimeMention> {
        self.run(text, within, published, true)
    }

    /// Whether a time expression [`find`](Self::find) gives can start at byte `at` of
    /// `text`: not when a word there starts none (most words) or a punctuation mark is
    /// there. A cheap test where only an expression starting at one place matters.
    pub fn may_start_at(&self, text: &str, at: usize) -> bool {
        let Some(rest) = text.get(at..) else {
            return false;
        };
        match rest.chars().next() {
            None => false,
            Some(c) if c.is_alphabetic() => {
                // A word token is a run of letters, looked up in lowercase.
                let len = rest
                    .char_indices()
                    .find(|(_, c)| !c.is_alphabetic())
                    .map_or(rest.len(), |(k, _)| k);
                self.lex.is_starter(&rest[..len].to_ascii_lowercase())
            }
            Some(c) => !c.is_ascii_punctuation(),
        }
    }

    /// Like [`find`](Self::find), but as TimeML annotates: the two ends of a range are two
    /// expressions and "since" does not stretch a date to the publication date.
    pub fn find_timeml(
        &self,
        text: &str,
        within: Range<usize>,
        published: Option<Date>,
    ) -> Vec<TimeMention> {
        self.run(text, within, published, false)
    }

    fn run(
        &self,
        text: &str,
        within: Range<usize>,
        published: Option<Date>,
        join: bool,
    ) -> Vec<TimeMention> {
        let start = within.start.min(text.len());
        let end = within.end.min(text.len()).max(start);
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Vec::new();
        }
        let mut toks = Vec::new();
        tokenize(
            text,
            start..end,
            &self.lex.rule_words.ordinal_suffixes,
            &mut toks,
        );
        if toks.is_empty() {
            return Vec::new();
        }
        let lower = text[start..end].to_ascii_lowercase();
        let words: Vec<&str> = toks
            .iter()
            .map(|t| &lower[t.start - start..t.end - start])
            .collect();
        let infos: Vec<_> = toks
            .iter()
            .zip(&words)
            .map(|(t, w)| {
                if t.kind == Kind::Word {
                    self.lex.info(w)
                } else {
                    None
                }
            })
            .collect();
        let cx = Cx {
            lex: &self.lex,
            toks: &toks,
            words: &words,
            infos: &infos,
            published: published.unwrap_or(Date::constant(2000, 1, 1)),
        };
        let mut found: Vec<Found> = Vec::new();
        resolve::scan(&cx, &mut found);
        resolve::join_clock(&cx, &mut found);
        if join {
            resolve::join_ranges(&cx, &mut found);
        }
        found
            .iter_mut()
            .map(|f| {
                let cue = resolve::cue(&cx, f);
                if join && cue == Some("since") {
                    resolve::since(f, published);
                }
                resolve::mention(&cx, f, published, cue, text)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn finder() -> TimeFinder {
        TimeFinder::new(&Lang::english().unwrap())
    }

    /// The one mention of `text`, published on Tuesday 2025-04-01.
    fn one(text: &str) -> TimeMention {
        let found = finder().find(text, 0..text.len(), Some(date(2025, 4, 1)));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn days(m: &TimeMention) -> (String, String) {
        let v = m.value.expect("a value");
        (v.first.to_string(), v.last.to_string())
    }

    #[test]
    fn the_seed_examples() {
        let m = one("last Thursday");
        assert_eq!(
            (m.timex.as_str(), m.rule),
            ("2025-03-27", "time.last_weekday")
        );
        assert_eq!(
            days(&one("last year")),
            ("2024-01-01".into(), "2024-12-31".into())
        );
        let m = one("between January and February this year");
        assert_eq!(days(&m), ("2025-01-01".into(), "2025-02-28".into()));
        assert_eq!(m.cue, Some("between"));
        let m = one("As of March 2025");
        assert_eq!((m.timex.as_str(), m.cue), ("2025-03", Some("as of")));
        assert_eq!(days(&m), ("2025-03-01".into(), "2025-03-31".into()));
        let m = one("posted on March 28");
        assert_eq!(
            (days(&m), m.cue),
            (("2025-03-28".into(), "2025-03-28".into()), Some("on"))
        );
        assert_eq!(
            days(&one("in January")),
            ("2025-01-01".into(), "2025-01-31".into())
        );
    }

    #[test]
    fn relative_days_and_durations() {
        assert_eq!(one("Tuesday").timex, "2025-04-01");
        assert_eq!(one("on Monday").timex, "2025-03-31");
        assert_eq!(one("yesterday").timex, "2025-03-31");
        assert_eq!(one("two weeks ago").timex, "2025-W12");
        assert_eq!(one("three days ago").timex, "2025-03-29");
        assert_eq!(one("three months").timex, "P3M");
        assert_eq!(one("24 hours").timex, "PT24H");
        assert_eq!(one("every day").timex_type, "SET");
        assert_eq!(one("now").timex, "PRESENT_REF");
        let m = one("since February 2022");
        assert_eq!(days(&m), ("2022-02-01".into(), "2025-04-01".into()));
        assert_eq!(
            days(&one("from March 1 to 3")),
            ("2025-03-01".into(), "2025-03-03".into())
        );
        assert_eq!(one("late 2024").timex, "2024");
        assert_eq!(one("14:44").timex, "2025-04-01T14:44");
    }

    #[test]
    fn a_time_may_start_at_numbers_and_time_words_only() {
        let f = finder();
        let text = "He said on Friday, 5 May, that the army had left, a spokesman said.";
        let at = |word: &str| text.find(word).unwrap();
        for word in ["Friday", "5 May", "May"] {
            assert!(f.may_start_at(text, at(word)), "{word}");
        }
        for word in ["He", "said", "army", ", a", "spokesman", "."] {
            assert!(!f.may_start_at(text, at(word)), "{word}");
        }
        assert!(!f.may_start_at(text, text.len()));
        assert!(!f.may_start_at(text, text.len() + 3));
        // Every expression found starts where the test lets one start.
        let found = f.find(text, 0..text.len(), Some(date(2025, 4, 1)));
        assert!(!found.is_empty());
        assert!(found.iter().all(|m| f.may_start_at(text, m.span.start)));
    }

    #[test]
    fn counts_are_not_times() {
        let text = "Over 5,000 soldiers and 2000 tanks were lost, 35 percent of them.";
        assert!(finder()
            .find(text, 0..text.len(), Some(date(2025, 4, 1)))
            .is_empty());
    }

    #[test]
    fn only_inside_the_range() {
        let text = "On Monday they left. On Tuesday they came.";
        let found = finder().find(text, 21..text.len(), Some(date(2025, 4, 1)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Span::new(24, 31));
    }
}
