//! From readings to mentions: a time of day joined to its day, two ends joined into a range,
//! the cue before each expression, and the TimeML type, value and day interval of each.

use jiff::civil::Date;
use tally_core::{DateSpan, Span};

use super::point::{day_of, Point};
use super::rules::{part_span, read_at, Cx, Found, What};
use super::scan::Kind;
use super::TimeMention;

/// Every reading of the tokens, left to right, the longest at each start.
pub(super) fn scan(cx: &Cx, out: &mut Vec<Found>) {
    let mut i = 0;
    while i < cx.toks.len() {
        let candidate = match cx.toks[i].kind {
            Kind::Num { .. } => true,
            Kind::Word => cx.lex.is_starter(cx.words[i]),
            Kind::Punct(_) => false,
        };
        if candidate {
            if let Some(found) = read_at(cx, i) {
                i = found.end.max(i + 1);
                out.push(found);
                continue;
            }
        }
        i += 1;
    }
}

/// The day a reading names, if it names exactly one.
fn one_day(f: &Found) -> Option<Date> {
    match f.what {
        What::Date {
            point: Point::Day(d),
            part: None,
        } => Some(d),
        _ => None,
    }
}

/// Joins a time of day and its day: "10 a.m. Friday", "Friday at 10 a.m.", "March 3, 14:44".
pub(super) fn join_clock(cx: &Cx, found: &mut Vec<Found>) {
    let mut k = 0;
    while k + 1 < found.len() {
        let (a, b) = (&found[k], &found[k + 1]);
        let between = &cx.words[a.end..b.start];
        let glue = |allowed: &[&str]| {
            between.is_empty() || between.len() == 1 && allowed.contains(&between[0])
        };
        let joined = match (&a.what, &b.what) {
            (What::Time { time, .. }, _) if a.rule == "time.clock" && glue(&[",", "on"]) => {
                one_day(b).map(|day| (day, time.clone()))
            }
            (_, What::Time { time, .. }) if b.rule == "time.clock" && glue(&[",", "at"]) => {
                one_day(a).map(|day| (day, time.clone()))
            }
            _ => None,
        };
        if let Some((day, time)) = joined {
            let relative = a.relative && b.relative;
            let merged = Found {
                start: a.start,
                end: b.end,
                what: What::Time { day, time },
                rule: "time.clock",
                relative,
                year_written: !relative,
            };
            found[k] = merged;
            found.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

/// The point of a reading that can end a range.
fn point(f: &Found) -> Option<Point> {
    match f.what {
        What::Date { point, part: None } => Some(point),
        _ => None,
    }
}

/// `a` with the year of `b` when `a` names none ("between January and February 2024").
fn borrow_year(a: Point, b: Point) -> Point {
    let year = b.span().first.year();
    let with = |y: i16| match a {
        Point::Day(d) => day_of(y, d.month(), d.day()).map_or(a, Point::Day),
        Point::Month(_, m) => Point::Month(y, m),
        other => other,
    };
    let moved = with(year);
    if moved.span().first > b.span().last {
        with(year - 1)
    } else {
        moved
    }
}

fn range(a: &Found, a_point: Point, b: &Found, b_point: Point) -> Found {
    let a_point = if !a.year_written && b.year_written {
        borrow_year(a_point, b_point)
    } else {
        a_point
    };
    let span = DateSpan::new(a_point.span().first, b_point.span().last);
    Found {
        start: a.start,
        end: b.end,
        what: What::Range {
            timex: format!("{}/{}", a_point.timex(), b_point.timex()),
            span,
        },
        rule: "time.range",
        relative: a.relative && b.relative,
        year_written: a.year_written || b.year_written,
    }
}

/// Joins two ends into a range: "between January and February this year", "from March 1
/// to 3", "2009-2010", "1-3 March".
pub(super) fn join_ranges(cx: &Cx, found: &mut Vec<Found>) {
    let mut k = 0;
    while k < found.len() {
        let a = &found[k];
        let opened = cx.lex.range_open.before(cx.words, a.start).is_some();
        let joiner = cx.lex.range_joiners.at(cx.words, a.end);
        let mut joined = None;
        if let (Some(a_point), Some((after, _))) = (point(a), joiner) {
            let and = cx.words[a.end] == "and";
            if let Some(b) = found
                .get(k + 1)
                .filter(|b| b.start == after && (opened || !and))
            {
                if let Some(b_point) = point(b) {
                    if a_point.rank() <= b_point.rank() + 1
                        && a_point.span().first <= b_point.span().last
                        || !a.year_written
                    {
                        joined = Some((range(a, a_point, b, b_point), 2));
                    }
                }
            } else if let (Point::Day(d), Some((n, 2 | 1))) =
                (a_point, cx.toks.get(after).and_then(|t| t.plain()))
            {
                // "March 1 to 3": the other end is a day of the same month.
                let next_is_found = found.get(k + 1).is_some_and(|b| b.start <= after + 1);
                let followed_by_word = cx
                    .toks
                    .get(after + 1)
                    .is_some_and(|t| t.kind == Kind::Word && !t.cap);
                if !next_is_found && !followed_by_word && n as i8 > d.day() {
                    if let Some(last) = day_of(d.year(), d.month(), n as i8) {
                        let b = Found {
                            start: after,
                            end: after + 1,
                            what: What::Date {
                                point: Point::Day(last),
                                part: None,
                            },
                            ..a.clone()
                        };
                        joined = Some((range(a, a_point, &b, Point::Day(last)), 1));
                    }
                }
            }
        }
        if joined.is_none() {
            // "1-3 March": a day number before a date.
            if let (Some(Point::Day(d)), Some((js, _))) =
                (point(a), cx.lex.range_joiners.before(cx.words, a.start))
            {
                if let Some((n, 1 | 2)) = js.checked_sub(1).and_then(|i| cx.toks[i].plain()) {
                    let first_day = (n as i8) < d.day();
                    let prev_found = k > 0 && found[k - 1].end > js - 1;
                    if first_day && !prev_found && cx.toks[js].kind != Kind::Word {
                        if let Some(first) = day_of(d.year(), d.month(), n as i8) {
                            let fa = Found {
                                start: js - 1,
                                end: js,
                                what: What::Date {
                                    point: Point::Day(first),
                                    part: None,
                                },
                                ..a.clone()
                            };
                            let mut r = range(&fa, Point::Day(first), a, Point::Day(d));
                            r.start = js - 1;
                            found[k] = r;
                            k += 1;
                            continue;
                        }
                    }
                }
            }
        }
        match joined {
            Some((r, 2)) => {
                found[k] = r;
                found.remove(k + 1);
            }
            Some((r, _)) => found[k] = r,
            None => {}
        }
        k += 1;
    }
}

/// The cue right before a reading (or before its article), if any.
pub(super) fn cue(cx: &Cx, f: &Found) -> Option<&'static str> {
    let start = if f.start > 0 && cx.words[f.start - 1] == "the" {
        f.start - 1
    } else {
        f.start
    };
    cx.lex.cues.before(cx.words, start).map(|(_, c)| *c)
}

/// "since February 2022": from the date to the publication date.
pub(super) fn since(f: &mut Found, published: Option<Date>) {
    let Some(p) = published else { return };
    let (timex, first) = match &f.what {
        What::Date { point, part } => (point.timex(), part_span(*point, *part, Some(p)).first),
        What::Time { day, time } => (format!("{}{}", Point::Day(*day).timex(), time), *day),
        _ => return,
    };
    if first <= p {
        f.what = What::Since {
            timex,
            span: DateSpan::new(first, p),
        };
        f.rule = "time.since";
    }
}

/// The TimeML type, value and day interval of a reading.
pub(super) fn mention(
    cx: &Cx,
    f: &Found,
    published: Option<Date>,
    cue: Option<&'static str>,
    base_text: &str,
) -> TimeMention {
    let _ = base_text;
    let span = Span::new(cx.toks[f.start].start, cx.toks[f.end - 1].end);
    let unanchored = f.relative && published.is_none();
    let (timex_type, timex, value) = match &f.what {
        What::Date { point, part } => (
            "DATE",
            if unanchored {
                unanchored_timex(point)
            } else {
                point.timex()
            },
            Some(part_span(*point, *part, published)),
        ),
        What::Ref(v) => (
            "DATE",
            v.to_string(),
            if *v == "PRESENT_REF" {
                published.map(DateSpan::day)
            } else {
                None
            },
        ),
        What::Time { day, time } => {
            let date = if unanchored {
                "XXXX-XX-XX".to_string()
            } else {
                Point::Day(*day).timex()
            };
            ("TIME", format!("{date}{time}"), Some(DateSpan::day(*day)))
        }
        What::Duration { timex, window } => ("DURATION", timex.clone(), *window),
        What::Set(v) => ("SET", v.clone(), None),
        What::Range { timex, span } | What::Since { timex, span } => {
            ("DATE", timex.clone(), Some(*span))
        }
    };
    TimeMention {
        span,
        timex_type,
        timex,
        value: if unanchored { None } else { value },
        rule: f.rule,
        cue,
    }
}

fn unanchored_timex(point: &Point) -> String {
    match point {
        Point::Day(d) => format!("XXXX-{:02}-{:02}", d.month(), d.day()),
        Point::Month(_, m) => format!("XXXX-{m:02}"),
        _ => "XXXX".to_string(),
    }
}
