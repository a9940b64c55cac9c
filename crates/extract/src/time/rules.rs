//! The rules: at one token, each tries to read a time expression and says where it ends.
//! The longest reading wins (the first rule on a tie). A rule returns a [`Found`], which
//! `resolve.rs` turns into a TimeML value and a day interval.

use jiff::civil::Date;
use jiff::ToSpan;
use tally_core::DateSpan;

use super::lexicon::{Info, Lexicon};
use super::point::{
    day_of, part_of, season_point, weekday_after, weekday_before, weekday_in_week, year_of_month,
    year_of_shifted_month, Point, Unit,
};
use super::scan::{Kind, Suffix, Tok};

/// What a reading names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum What {
    /// A calendar point, maybe only a part of it ("early January").
    Date {
        point: Point,
        part: Option<&'static str>,
    },
    /// PRESENT_REF, PAST_REF or FUTURE_REF.
    Ref(&'static str),
    /// A time of day on a day ("2025-03-27T14:44", "2025-03-27TNI").
    Time { day: Date, time: String },
    /// A duration, with the window it covers when anchored to the publication date.
    Duration {
        timex: String,
        window: Option<DateSpan>,
    },
    /// A repetition.
    Set(String),
    /// Two ends: the interval from the first's start to the last's end.
    Range { timex: String, span: DateSpan },
    /// From a date to the publication date ("since February 2022").
    Since { timex: String, span: DateSpan },
}

/// One reading: tokens `start..end`.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub what: What,
    pub rule: &'static str,
    /// Whether it was resolved against the publication date.
    pub relative: bool,
    /// Whether a year was written (for borrowing one across a range).
    pub year_written: bool,
}

/// One text's tokens and what the rules need of them.
pub(super) struct Cx<'a> {
    pub lex: &'a Lexicon,
    pub toks: &'a [Tok],
    pub words: &'a [&'a str],
    pub infos: &'a [Option<&'a Info>],
    /// The publication date, or a stand-in when unknown (readings are then marked relative).
    pub published: Date,
}

const SENTENCE_END: [char; 5] = ['.', '!', '?', '"', '\u{201c}'];

impl Cx<'_> {
    fn word(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Word => self.words[i],
            _ => "",
        }
    }

    fn info(&self, i: usize) -> Option<&Info> {
        self.infos.get(i).copied().flatten()
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    /// Whether token `i` is glued to the one before it.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    fn at_sentence_start(&self, i: usize) -> bool {
        i == 0
            || self.toks[i - 1].kind == Kind::Punct('\n')
            || SENTENCE_END.iter().any(|c| self.toks[i - 1].is_punct(*c))
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && !t.cap)
    }

    fn skip_punct(&self, i: usize, c: char) -> usize {
        if self.punct(i, c) {
            i + 1
        } else {
            i
        }
    }

    fn skip_word(&self, i: usize, w: &str) -> usize {
        if self.word(i) == w {
            i + 1
        } else {
            i
        }
    }

    /// A number: digits (with commas only if `grouped`) or words ("twenty-one").
    fn number(&self, i: usize, grouped: bool) -> Option<(u32, usize)> {
        let tok = self.toks.get(i)?;
        match tok.kind {
            Kind::Num {
                value,
                suffix: Suffix::None,
                grouped: g,
                ..
            } if grouped || !g => Some((value, i + 1)),
            Kind::Word => {
                let info = self.info(i)?;
                let n = info.number?;
                if info.tens && self.punct(i + 1, '-') {
                    if let Some(u) = self.info(i + 2).and_then(|u| u.number).filter(|u| *u < 10) {
                        return Some((n + u, i + 3));
                    }
                }
                Some((n, i + 1))
            }
            _ => None,
        }
    }

    /// A count before a unit: a number, "a"/"one" (1) or a vague count (`None`).
    fn count(&self, i: usize) -> Option<(Option<u32>, usize)> {
        if let Some((n, end)) = self.number(i, true) {
            return Some((Some(n), end));
        }
        if let Some((end, _)) = self.lex.one.at(self.words, i) {
            return Some((Some(1), end));
        }
        if let Some((end, _)) = self.lex.vague.at(self.words, i) {
            return Some((None, end));
        }
        None
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool, usize)> {
        let (unit, plural) = self.info(i)?.unit?;
        Some((unit, plural, i + 1))
    }

    fn month(&self, i: usize) -> Option<(i8, usize)> {
        let (m, abbrev) = self.info(i)?.month?;
        if !self.toks[i].cap {
            return None;
        }
        let mut end = i + 1;
        if abbrev {
            end = self.skip_punct(end, '.');
        } else if m == 5
            && self.at_sentence_start(i)
            && !self
                .toks
                .get(end)
                .is_some_and(|t| matches!(t.kind, Kind::Num { .. }))
            && self.shift(end).is_none()
        {
            // "May" opening a sentence is the verb unless a number follows.
            return None;
        }
        Some((m, end))
    }

    fn weekday(&self, i: usize) -> Option<(u8, usize)> {
        let (d, abbrev) = self.info(i)?.weekday?;
        if !self.toks[i].cap {
            return None;
        }
        if abbrev {
            return self.punct(i + 1, '.').then_some((d, i + 2));
        }
        Some((d, i + 1))
    }

    fn year(&self, i: usize) -> Option<(i16, usize)> {
        let (value, digits) = self.toks.get(i)?.plain()?;
        (digits == 4 && (1000..=2199).contains(&value)).then_some((value as i16, i + 1))
    }

    fn day_number(&self, i: usize) -> Option<(i8, usize)> {
        match self.toks.get(i)?.kind {
            Kind::Num {
                value,
                digits,
                grouped: false,
                suffix: Suffix::None | Suffix::Ordinal,
            } if digits <= 2 && (1..=31).contains(&value) => {
                // "March 5:30" and "March 5.5" are not days.
                if self.punct(i + 1, ':') && self.glued(i + 1) {
                    return None;
                }
                Some((value as i8, i + 1))
            }
            _ => None,
        }
    }

    fn shift(&self, i: usize) -> Option<(i64, usize)> {
        self.lex.shifts.at(self.words, i).map(|(end, v)| (*v, end))
    }

    fn found(
        &self,
        start: usize,
        end: usize,
        what: What,
        rule: &'static str,
        relative: bool,
    ) -> Option<Found> {
        Some(Found {
            start,
            end,
            what,
            rule,
            relative,
            year_written: !relative,
        })
    }

    fn date(
        &self,
        start: usize,
        end: usize,
        point: Point,
        rule: &'static str,
        relative: bool,
    ) -> Option<Found> {
        self.found(start, end, What::Date { point, part: None }, rule, relative)
    }
}

/// Every rule, in order of preference on a tie.
type Rule = fn(&Cx, usize) -> Option<Found>;
pub(super) const RULES: &[Rule] = &[
    iso_date,
    month_day,
    day_month,
    month_year,
    month,
    year,
    decade,
    century,
    weekday,
    day_word,
    day_part,
    shifted_unit,
    season,
    quarter,
    part,
    ago,
    window,
    reference,
    duration,
    set,
    clock,
];

/// The longest reading at token `i`.
pub(super) fn read_at(cx: &Cx, i: usize) -> Option<Found> {
    let mut best: Option<Found> = None;
    for rule in RULES {
        if let Some(f) = rule(cx, i) {
            if best.as_ref().is_none_or(|b| f.end > b.end) {
                best = Some(f);
            }
        }
    }
    best
}

/// "2025-04-01".
fn iso_date(cx: &Cx, i: usize) -> Option<Found> {
    let (y, _) = cx.year(i)?;
    if !(cx.punct(i + 1, '-')
        && cx.glued(i + 1)
        && cx.glued(i + 2)
        && cx.glued(i + 3)
        && cx.punct(i + 3, '-')
        && cx.glued(i + 4))
    {
        return None;
    }
    let (m, md) = cx.toks.get(i + 2)?.plain()?;
    let (d, dd) = cx.toks.get(i + 4)?.plain()?;
    if md != 2 || dd != 2 {
        return None;
    }
    let day = day_of(y, m as i8, d as i8)?;
    cx.date(i, i + 5, Point::Day(day), "time.iso_date", false)
}

/// A weekday and a comma before a full date: "Tuesday, April 1".
fn weekday_prefix(cx: &Cx, i: usize) -> usize {
    match cx.weekday(i) {
        Some((_, end)) => cx.skip_punct(end, ','),
        None => i,
    }
}

/// An optional year after a date: ", 2025" or " 2025".
fn year_after(cx: &Cx, i: usize) -> Option<(i16, usize)> {
    let j = cx.skip_punct(i, ',');
    cx.year(j)
}

/// "March 27", "Mar. 27th, 2025", "Tuesday, April 1".
fn month_day(cx: &Cx, i: usize) -> Option<Found> {
    let j = weekday_prefix(cx, i);
    let (m, j) = cx.month(j)?;
    let (d, mut end) = cx.day_number(j)?;
    // "May 5,000" or "March 3 4" are not dates.
    if cx
        .toks
        .get(end)
        .is_some_and(|t| matches!(t.kind, Kind::Num { .. }))
    {
        return None;
    }
    let (y, written) = match year_after(cx, end) {
        Some((y, e)) => {
            end = e;
            (y, true)
        }
        None => (year_of_month(cx.published, m), false),
    };
    let day = day_of(y, m, d)?;
    cx.date(i, end, Point::Day(day), "time.month_day", !written)
}

/// "27 March", "01 Apr. 2025", "the 27th of March".
fn day_month(cx: &Cx, i: usize) -> Option<Found> {
    let j = weekday_prefix(cx, i);
    let j = cx.skip_word(j, "the");
    let (d, j) = cx.day_number(j)?;
    let j = cx.skip_word(j, "of");
    let (m, mut end) = cx.month(j)?;
    let (y, written) = match year_after(cx, end) {
        Some((y, e)) => {
            end = e;
            (y, true)
        }
        None => (year_of_month(cx.published, m), false),
    };
    let day = day_of(y, m, d)?;
    cx.date(i, end, Point::Day(day), "time.day_month", !written)
}

/// "March 2025", "March of 2025".
fn month_year(cx: &Cx, i: usize) -> Option<Found> {
    let (m, j) = cx.month(i)?;
    let j = cx.skip_word(cx.skip_punct(j, ','), "of");
    let (y, end) = cx.year(j)?;
    cx.date(i, end, Point::Month(y, m), "time.month_year", false)
}

/// A month named alone ("in January": the most recent not after publication), with a shift
/// ("last May", "February this year", "January of last year").
fn month(cx: &Cx, i: usize) -> Option<Found> {
    if let Some((k, j)) = cx.shift(i) {
        let (m, end) = cx.month(j)?;
        let y = year_of_shifted_month(cx.published, m, k);
        return cx.date(i, end, Point::Month(y, m), "time.month_shifted", true);
    }
    let (m, j) = cx.month(i)?;
    let k = cx.skip_word(j, "of");
    if let Some((shift, s)) = cx.shift(k) {
        if let Some((Unit::Year, false, end)) = cx.unit(s) {
            return cx.date(
                i,
                end,
                Point::Month(cx.published.year() + shift as i16, m),
                "time.month_shifted",
                true,
            );
        }
    }
    // Month names that are also common words need a context: "May" alone is refused.
    if cx
        .info(i)
        .is_some_and(|info| info.month.is_some_and(|(_, abbrev)| abbrev))
        && !cx.punct(i + 1, '.')
    {
        return None;
    }
    cx.date(
        i,
        j,
        Point::Month(year_of_month(cx.published, m), m),
        "time.month",
        true,
    )
}

/// Words before a bare year that make it one.
fn introduces_year(cx: &Cx, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let prev = i - 1;
    let w = cx.word(prev);
    cx.lex.cues.before(cx.words, i).is_some()
        || cx.lex.rule_words.year_before.contains(w)
        || cx.lex.rule_words.year_joiners.contains(w) && prev > 0 && cx.year(prev - 1).is_some()
        || cx.lex.parts.before(cx.words, i).is_some()
        || cx.info(prev).is_some_and(|info| info.month.is_some())
        || cx.lex.seasons.at(cx.words, prev).is_some()
        || cx.punct(prev, '-') && cx.glued(i)
        || cx.punct(prev, '(')
}

/// "2024", refused where it counts something ("2000 soldiers").
fn year(cx: &Cx, i: usize) -> Option<Found> {
    let (y, end) = cx.year(i)?;
    if i > 0
        && ["$", "€", "£", "#"]
            .iter()
            .any(|c| cx.punct(i - 1, c.chars().next().unwrap_or(' ')))
    {
        return None;
    }
    if cx.punct(end, '%') || cx.word(end) == "percent" {
        return None;
    }
    if cx.is_lower_word(end)
        && !introduces_year(cx, i)
        && cx.lex.range_joiners.at(cx.words, end).is_none()
    {
        return None;
    }
    // "between 2000 and 3000 soldiers": the other end is a count, not a year.
    if let Some((j, _)) = cx.lex.range_joiners.at(cx.words, end) {
        if cx
            .toks
            .get(j)
            .is_some_and(|t| matches!(t.kind, Kind::Num { .. }))
            && cx.year(j).is_none()
        {
            return None;
        }
    }
    cx.date(i, end, Point::Year(y), "time.year", false)
}

/// "the 1990s".
fn decade(cx: &Cx, i: usize) -> Option<Found> {
    match cx.toks.get(i)?.kind {
        Kind::Num {
            value,
            digits: 4,
            grouped: false,
            suffix: Suffix::Plural,
        } if value % 10 == 0 && (1000..2200).contains(&value) => {
            cx.date(i, i + 1, Point::Decade(value as i16), "time.decade", false)
        }
        _ => None,
    }
}

/// "the 20th century".
fn century(cx: &Cx, i: usize) -> Option<Found> {
    let j = cx.skip_word(i, "the");
    let (n, j) = match cx.toks.get(j)?.kind {
        Kind::Num {
            value,
            suffix: Suffix::Ordinal,
            ..
        } => (value, j + 1),
        Kind::Word => (cx.info(j)?.ordinal?, j + 1),
        _ => return None,
    };
    let j = cx.skip_punct(j, '-');
    match cx.unit(j)? {
        (Unit::Century, false, end) if (1..=22).contains(&n) => cx.date(
            i,
            end,
            Point::Century((n as i16 - 1) * 100),
            "time.century",
            false,
        ),
        _ => None,
    }
}

/// A part of the day after a day: "Friday night", "yesterday morning".
fn with_day_part(cx: &Cx, start: usize, j: usize, day: Date, rule: &'static str) -> Option<Found> {
    let (end, part) = cx.lex.day_parts.at(cx.words, j)?;
    cx.found(
        start,
        end,
        What::Time {
            day,
            time: format!("T{part}"),
        },
        rule,
        true,
    )
}

/// "Tuesday" (the latest on or before publication), "last Thursday", "next Monday".
fn weekday(cx: &Cx, i: usize) -> Option<Found> {
    let p = cx.published;
    let (shift, j) = match cx.shift(i) {
        Some((k, j)) => (Some(k), j),
        None => (None, i),
    };
    let (wd, end) = cx.weekday(j)?;
    let (day, rule) = match shift {
        None => (weekday_before(p, wd, false), "time.weekday"),
        Some(k) if k < 0 => (weekday_before(p, wd, true), "time.last_weekday"),
        Some(0) => (weekday_in_week(p, wd), "time.this_weekday"),
        Some(_) => (weekday_after(p, wd), "time.next_weekday"),
    };
    with_day_part(cx, i, end, day, rule).or_else(|| cx.date(i, end, Point::Day(day), rule, true))
}

/// "yesterday", "today", "tonight", "tomorrow morning".
fn day_word(cx: &Cx, i: usize) -> Option<Found> {
    let (end, (offset, part)) = cx.lex.day_words.at(cx.words, i)?;
    let day = cx.published.saturating_add(offset.days());
    if let Some(part) = part {
        return cx.found(
            i,
            end,
            What::Time {
                day,
                time: format!("T{part}"),
            },
            "time.day_word",
            true,
        );
    }
    with_day_part(cx, i, end, day, "time.day_word")
        .or_else(|| cx.date(i, end, Point::Day(day), "time.day_word", true))
}

/// "this morning", "last night".
fn day_part(cx: &Cx, i: usize) -> Option<Found> {
    let (k, j) = cx.shift(i)?;
    if k > 0 {
        return None;
    }
    let day = cx.published.saturating_add(k.days());
    with_day_part(cx, i, j, day, "time.day_part")
}

/// "last year", "this week", "next month", "last weekend".
fn shifted_unit(cx: &Cx, i: usize) -> Option<Found> {
    let (k, j) = cx.shift(i)?;
    let (unit, false, end) = cx.unit(j)? else {
        return None;
    };
    if matches!(unit, Unit::Minute | Unit::Hour | Unit::Day) {
        return None;
    }
    let point = unit.point_of(cx.published).shift(k);
    cx.date(i, end, point, "time.shifted_unit", true)
}

/// "summer 2024", "the summer of 2024", "last summer", "this winter", "in the spring".
fn season(cx: &Cx, i: usize) -> Option<Found> {
    let (shift, j) = match cx.shift(i) {
        Some((k, j)) => (Some(k), j),
        None => (None, i),
    };
    let (end, s) = cx.lex.seasons.at(cx.words, j)?;
    let s = *s;
    if shift.is_none() {
        let k = cx.skip_word(cx.skip_punct(end, ','), "of");
        if let Some((y, e)) = cx.year(k) {
            return cx.date(i, e, Point::Season(y, s), "time.season", false);
        }
    }
    cx.date(
        i,
        end,
        season_point(cx.published, s, shift),
        "time.season",
        true,
    )
}

/// "the third quarter (of 2024)", "third-quarter", "Q3 2024".
fn quarter(cx: &Cx, i: usize) -> Option<Found> {
    let (q, j) = if cx.word(i) == "q" && cx.glued(i + 1) {
        let (n, _) = cx.toks.get(i + 1)?.plain()?;
        (n, i + 2)
    } else {
        let j = cx.skip_word(i, "the");
        let (n, j) = match cx.toks.get(j)?.kind {
            Kind::Num {
                value,
                suffix: Suffix::Ordinal,
                ..
            } => (value, j + 1),
            Kind::Word => (cx.info(j)?.ordinal?, j + 1),
            _ => return None,
        };
        let j = cx.skip_punct(j, '-');
        match cx.unit(j)? {
            (Unit::Quarter, false, e) => (n, e),
            _ => return None,
        }
    };
    if !(1..=4).contains(&q) {
        return None;
    }
    let q = q as u8;
    let k = cx.skip_word(cx.skip_punct(j, ','), "of");
    if let Some((y, end)) = cx.year(k).or_else(|| cx.year(cx.skip_word(k, "fiscal"))) {
        return cx.date(i, end, Point::Quarter(y, q), "time.quarter", false);
    }
    let p = cx.published;
    let this = Point::Quarter(p.year(), q);
    let point = if this.span().first <= p {
        this
    } else {
        this.shift(-4)
    };
    cx.date(i, j, point, "time.quarter", true)
}

/// The period a part applies to: a month (with a year), a year, a decade, a season, a
/// shifted unit or month, or "the year" (the current one).
fn base(cx: &Cx, i: usize) -> Option<Found> {
    let readings = [
        month_year(cx, i),
        month(cx, i),
        year(cx, i),
        decade(cx, i),
        season(cx, i),
        shifted_unit(cx, i),
        century(cx, i),
    ];
    let mut best: Option<Found> = None;
    for f in readings.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| f.end > b.end) {
            best = Some(f);
        }
    }
    if best.is_none() && cx.word(i) == "the" {
        if let Some((unit @ (Unit::Year | Unit::Month | Unit::Week | Unit::Decade), false, end)) =
            cx.unit(i + 1)
        {
            return cx.date(i, end, unit.point_of(cx.published), "time.part", true);
        }
    }
    // A bare year after a part needs no further context: "late 2024".
    if best.is_none() {
        if let Some((y, end)) = cx.year(i) {
            return cx.date(i, end, Point::Year(y), "time.year", false);
        }
    }
    best
}

/// "early January", "mid-April", "late 2024", "the end of the year", "earlier this month".
fn part(cx: &Cx, i: usize) -> Option<Found> {
    let (j, part) = cx.lex.parts.at(cx.words, i)?;
    let j = cx.skip_punct(j, '-');
    let inner = base(cx, j)?;
    let What::Date { point, part: None } = inner.what else {
        return None;
    };
    if matches!(*part, "earlier" | "later") && !inner.relative {
        return None;
    }
    Some(Found {
        start: i,
        end: inner.end,
        what: What::Date {
            point,
            part: Some(part),
        },
        rule: "time.part",
        ..inner
    })
}

/// "two weeks ago", "a year ago", "years ago" (PAST_REF).
fn ago(cx: &Cx, i: usize) -> Option<Found> {
    let j = cx.lex.modifiers.at(cx.words, i).map_or(i, |(e, _)| e);
    let (n, j) = match cx.count(j) {
        Some((n, j)) => (n, j),
        None => (None, j),
    };
    let (unit, plural, j) = cx.unit(j)?;
    if n.is_none() && !plural {
        return None;
    }
    let (end, _) = cx.lex.ago.at(cx.words, j)?;
    let Some(n) = n else {
        return cx.found(i, end, What::Ref("PAST_REF"), "time.ago", true);
    };
    let day = unit.add(cx.published, -(n as i64));
    cx.date(i, end, unit.point_of(day), "time.ago", true)
}

/// "the past week", "the past three months", "recent days", "the next few months".
fn window(cx: &Cx, i: usize) -> Option<Found> {
    let has_the = cx.word(i) == "the";
    let j = if has_the { i + 1 } else { i };
    let (j, dir) = cx.lex.windows.at(cx.words, j)?;
    let dir = *dir;
    let window_word = cx.word(j - 1);
    let (n, j, counted) = match cx.count(j) {
        Some((n, j)) => (n, j, true),
        None => (Some(1), j, false),
    };
    let (unit, plural, end) = cx.unit(j)?;
    let n = if !counted && plural { None } else { n };
    // "last week" and "the last week" are shifted units, not windows; "the past week" is one.
    if !counted && !plural && !matches!(window_word, "past" | "recent") {
        return None;
    }
    let p = cx.published;
    let span_n = n.unwrap_or(3) as i64;
    let window = if dir < 0 {
        DateSpan::new(unit.add(p, -span_n).saturating_add(1.days()), p)
    } else {
        DateSpan::new(p, unit.add(p, span_n))
    };
    cx.found(
        i,
        end,
        What::Duration {
            timex: unit.duration(n),
            window: Some(window),
        },
        "time.window",
        true,
    )
}

/// "now", "currently", "recently", "the future".
fn reference(cx: &Cx, i: usize) -> Option<Found> {
    let (end, value) = cx.lex.references.at(cx.words, i)?;
    cx.found(i, end, What::Ref(value), "time.reference", true)
}

/// "three months", "24 hours", "a decade", "several days", "days", "a three-month siege".
fn duration(cx: &Cx, i: usize) -> Option<Found> {
    let j = cx.lex.modifiers.at(cx.words, i).map_or(i, |(e, _)| e);
    let (n, j) = match cx.count(j) {
        Some((n, j)) => (n, j),
        None if j == i => (None, j),
        None => return None,
    };
    let hyphen = cx.punct(j, '-') && cx.glued(j) && n.is_some();
    let k = if hyphen { j + 1 } else { j };
    let (unit, plural, end) = cx.unit(k)?;
    if hyphen && plural {
        return None;
    }
    if n.is_none() && j == i && !plural {
        return None;
    }
    // A count of one before a plural or of many before a singular is not a duration.
    if !hyphen && n.is_some_and(|n| (n == 1) == plural) {
        return None;
    }
    // Ages: "19 years old", "a 19-year-old".
    if cx.word(end) == "old" || cx.punct(end, '-') && cx.word(end + 1) == "old" {
        return None;
    }
    cx.found(
        i,
        end,
        What::Duration {
            timex: unit.duration(n),
            window: None,
        },
        "time.duration",
        false,
    )
}

/// "every day", "each week", "every Monday", "every morning", "daily".
fn set(cx: &Cx, i: usize) -> Option<Found> {
    if let Some((end, value)) = cx.lex.sets.at(cx.words, i) {
        return cx.found(i, end, What::Set(value.clone()), "time.set", false);
    }
    let (j, _) = cx.lex.every.at(cx.words, i)?;
    if let Some((wd, end)) = cx.weekday(j) {
        return cx.found(
            i,
            end,
            What::Set(format!("XXXX-WXX-{}", wd + 1)),
            "time.set",
            false,
        );
    }
    if let Some((end, part)) = cx.lex.day_parts.at(cx.words, j) {
        return cx.found(
            i,
            end,
            What::Set(format!("XXXX-XX-XXT{part}")),
            "time.set",
            false,
        );
    }
    let (n, j) = match cx.number(j, false) {
        Some((n, j)) => (Some(n), j),
        None => (Some(1), j),
    };
    let (unit, _, end) = cx.unit(j)?;
    cx.found(i, end, What::Set(unit.duration(n)), "time.set", false)
}

/// "14:44", "10 a.m.", "10:30 p.m.", "noon".
fn clock(cx: &Cx, i: usize) -> Option<Found> {
    let p = cx.published;
    if cx.lex.noon.at(cx.words, i).is_some() || cx.lex.midnight.at(cx.words, i).is_some() {
        let noon = cx.lex.noon.at(cx.words, i);
        let (end, _) = noon.or_else(|| cx.lex.midnight.at(cx.words, i))?;
        let time = if noon.is_some() { "T12:00" } else { "T00:00" };
        return cx.found(
            i,
            end,
            What::Time {
                day: p,
                time: time.to_string(),
            },
            "time.clock",
            true,
        );
    }
    let (h, hd) = cx.toks.get(i)?.plain()?;
    if hd > 2 {
        return None;
    }
    let (mut minute, mut j) = (None, i + 1);
    if cx.punct(j, ':') && cx.glued(j) && cx.glued(j + 1) {
        let (m, md) = cx.toks.get(j + 1)?.plain()?;
        if md != 2 || m > 59 {
            return None;
        }
        minute = Some(m);
        j += 2;
    }
    let am = cx.lex.am.at(cx.words, j);
    let pm = cx.lex.pm.at(cx.words, j);
    let (hour, end) = match (am, pm) {
        (Some((e, _)), _) if (1..=12).contains(&h) => (h % 12, e),
        (_, Some((e, _))) if (1..=12).contains(&h) => (h % 12 + 12, e),
        _ if minute.is_some() && h < 24 => (h, j),
        _ => return None,
    };
    let time = format!("T{:02}:{:02}", hour, minute.unwrap_or(0));
    cx.found(i, end, What::Time { day: p, time }, "time.clock", true)
}

/// The day interval of a part of a point.
pub(super) fn part_span(point: Point, part: Option<&str>, published: Option<Date>) -> DateSpan {
    match part {
        Some(part) => part_of(point.span(), part, published),
        None => point.span(),
    }
}
