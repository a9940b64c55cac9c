//! The words of the time resolver: units, relative words, parts, cues (`data/<lang>/time.toml`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::load::{checked, invalid, parse, Source};
use crate::model::Phrased;
use crate::Error;

/// The calendar units a `[[unit]]` table may name.
pub const UNITS: &[&str] = &[
    "minute", "hour", "day", "week", "weekend", "month", "quarter", "year", "decade", "century",
];

/// The cue names a `[[cue]]` table may name: the resolver reports these.
pub const CUES: &[&str] = &[
    "as of", "by", "since", "on", "in", "between", "until", "from", "during", "before", "after",
    "at", "for", "within", "through", "last",
];

/// The parts a `[[part]]` table may name.
pub const PARTS: &[&str] = &["early", "mid", "late", "earlier", "later"];

/// The words of relative and partial time, checked.
#[derive(Debug, Clone, Default)]
pub struct TimeWords {
    /// Calendar units (one of [`UNITS`]) with their singular and plural forms.
    pub units: Vec<UnitWords>,
    /// Days named from the publication date ("yesterday" = -1), with an optional part of the day.
    pub day_words: Vec<DayWord>,
    /// Words for TimeML's PRESENT_REF, PAST_REF and FUTURE_REF.
    pub references: Vec<Phrased<String>>,
    /// Words that move a unit from the publication date ("last" = -1, "this" = 0).
    pub shifts: Vec<Phrased<i64>>,
    /// Words that open a window before (-1) or after (+1) the publication date.
    pub windows: Vec<Phrased<i64>>,
    /// Parts of a period (one of [`PARTS`]).
    pub parts: Vec<Phrased<String>>,
    /// Seasons with their TimeML codes (SP, SU, FA, WI).
    pub seasons: Vec<Phrased<String>>,
    /// Parts of a day with their TimeML codes (MO, AF, EV, NI).
    pub day_parts: Vec<Phrased<String>>,
    /// Ordinal words.
    pub ordinals: BTreeMap<String, u32>,
    /// Words that count one of a unit ("a month").
    pub one: Vec<String>,
    /// Counts without a number ("several days").
    pub vague_counts: Vec<String>,
    /// Words after a duration that place it before the publication date ("ago").
    pub ago: Vec<String>,
    /// Repetitions with their TimeML period ("daily" = P1D).
    pub sets: Vec<Phrased<String>>,
    /// Words that make a unit a repetition ("every").
    pub every: Vec<String>,
    /// Words before a duration that say how exact it is ("about").
    pub modifiers: Vec<String>,
    /// Cues before an expression; the value is one of [`CUES`].
    pub cues: Vec<Phrased<String>>,
    /// Words that open a range ("between").
    pub range_open: Vec<String>,
    /// Words that join the two ends of a range ("and", "to").
    pub range_joiners: Vec<String>,
    /// The clock's words.
    pub clock: ClockWords,
}

/// One calendar unit.
#[derive(Debug, Clone)]
pub struct UnitWords {
    /// One of [`UNITS`].
    pub unit: String,
    /// Singular forms ("day").
    pub singular: Vec<String>,
    /// Plural forms ("days").
    pub plural: Vec<String>,
}

/// A day named from the publication date.
#[derive(Debug, Clone)]
pub struct DayWord {
    /// Days after the publication date.
    pub offset: i64,
    /// A TimeML part of the day ("NI" for "tonight").
    pub part: Option<String>,
    /// The phrases.
    pub phrases: Vec<String>,
}

/// The clock's words.
#[derive(Debug, Clone, Default)]
pub struct ClockWords {
    /// Before noon ("a.m.").
    pub am: Vec<String>,
    /// After noon ("p.m.").
    pub pm: Vec<String>,
    /// Noon.
    pub noon: Vec<String>,
    /// Midnight.
    pub midnight: Vec<String>,
}

/// The time words' part of `time.toml`; the calendar is read by `load.rs`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeWordsFile {
    #[allow(dead_code)]
    calendar: serde::de::IgnoredAny,
    unit: Vec<UnitTable>,
    day_word: Vec<DayWordTable>,
    reference: Vec<StringTable>,
    shift: Vec<OffsetTable>,
    window: Vec<OffsetTable>,
    part: Vec<PartTable>,
    season: Vec<StringTable>,
    day_part: Vec<StringTable>,
    ordinals: BTreeMap<String, u32>,
    counts: CountsTable,
    relation: RelationTable,
    set: Vec<StringTable>,
    every: PhraseTable,
    modifiers: PhraseTable,
    cue: Vec<CueTable>,
    range: RangeTable,
    clock: ClockTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitTable {
    unit: String,
    singular: Vec<String>,
    plural: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayWordTable {
    offset: i64,
    #[serde(default)]
    part: Option<String>,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StringTable {
    value: String,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OffsetTable {
    offset: i64,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartTable {
    part: String,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueTable {
    cue: String,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsTable {
    one: Vec<String>,
    vague: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationTable {
    ago: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseTable {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeTable {
    open: Vec<String>,
    joiners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockTable {
    am: Vec<String>,
    pm: Vec<String>,
    noon: Vec<String>,
    midnight: Vec<String>,
}

fn one_of(src: &Source, name: &str, allowed: &[&str], what: &str) -> Result<(), Error> {
    if allowed.contains(&name) {
        Ok(())
    } else {
        Err(invalid(
            src,
            &format!("\"{name}\""),
            format!("unknown {what} {name:?}"),
        ))
    }
}

fn strings(
    src: &Source,
    tables: &[StringTable],
    allowed: Option<&[&str]>,
    what: &str,
) -> Result<Vec<Phrased<String>>, Error> {
    let mut out = Vec::new();
    for t in tables {
        if let Some(allowed) = allowed {
            one_of(src, &t.value, allowed, what)?;
        }
        out.push(Phrased {
            phrases: checked(src, [&t.phrases])?,
            value: t.value.clone(),
        });
    }
    checked(src, out.iter().map(|p| &p.phrases))?;
    Ok(out)
}

fn offsets(src: &Source, tables: &[OffsetTable]) -> Result<Vec<Phrased<i64>>, Error> {
    let out: Vec<Phrased<i64>> = tables
        .iter()
        .map(|t| {
            Ok(Phrased {
                phrases: checked(src, [&t.phrases])?,
                value: t.offset,
            })
        })
        .collect::<Result<_, Error>>()?;
    checked(src, out.iter().map(|p| &p.phrases))?;
    Ok(out)
}

impl TimeWords {
    /// Reads and checks the time words of `time.toml`.
    pub(crate) fn load(src: &Source) -> Result<TimeWords, Error> {
        let file: TimeWordsFile = parse(src)?;
        let mut units = Vec::new();
        for t in &file.unit {
            one_of(src, &t.unit, UNITS, "unit")?;
            units.push(UnitWords {
                unit: t.unit.clone(),
                singular: checked(src, [&t.singular])?,
                plural: checked(src, [&t.plural])?,
            });
        }
        checked(src, units.iter().flat_map(|u| [&u.singular, &u.plural]))?;
        let mut day_words = Vec::new();
        for t in &file.day_word {
            if let Some(part) = &t.part {
                one_of(src, part, &["MO", "AF", "EV", "NI"], "part of the day")?;
            }
            day_words.push(DayWord {
                offset: t.offset,
                part: t.part.clone(),
                phrases: checked(src, [&t.phrases])?,
            });
        }
        checked(src, day_words.iter().map(|d| &d.phrases))?;
        let mut parts = Vec::new();
        for t in &file.part {
            one_of(src, &t.part, PARTS, "part")?;
            parts.push(Phrased {
                phrases: checked(src, [&t.phrases])?,
                value: t.part.clone(),
            });
        }
        checked(src, parts.iter().map(|p| &p.phrases))?;
        let mut cues = Vec::new();
        for t in &file.cue {
            one_of(src, &t.cue, CUES, "cue")?;
            cues.push(Phrased {
                phrases: checked(src, [&t.phrases])?,
                value: t.cue.clone(),
            });
        }
        checked(src, cues.iter().map(|p| &p.phrases))?;
        for word in file.ordinals.keys() {
            checked(src, [&vec![word.clone()]])?;
        }
        let one = checked(src, [&file.counts.one])?;
        let vague_counts = checked(src, [&file.counts.vague])?;
        checked(src, [&one, &vague_counts])?;
        let clock = ClockWords {
            am: checked(src, [&file.clock.am])?,
            pm: checked(src, [&file.clock.pm])?,
            noon: checked(src, [&file.clock.noon])?,
            midnight: checked(src, [&file.clock.midnight])?,
        };
        checked(src, [&clock.am, &clock.pm, &clock.noon, &clock.midnight])?;
        Ok(TimeWords {
            units,
            day_words,
            references: strings(
                src,
                &file.reference,
                Some(&["PRESENT_REF", "PAST_REF", "FUTURE_REF"]),
                "reference",
            )?,
            shifts: offsets(src, &file.shift)?,
            windows: offsets(src, &file.window)?,
            parts,
            seasons: strings(src, &file.season, Some(&["SP", "SU", "FA", "WI"]), "season")?,
            day_parts: strings(
                src,
                &file.day_part,
                Some(&["MO", "AF", "EV", "NI"]),
                "part of the day",
            )?,
            ordinals: file.ordinals,
            one,
            vague_counts,
            ago: checked(src, [&file.relation.ago])?,
            sets: strings(src, &file.set, None, "set")?,
            every: checked(src, [&file.every.phrases])?,
            modifiers: checked(src, [&file.modifiers.phrases])?,
            cues,
            range_open: checked(src, [&file.range.open])?,
            range_joiners: checked(src, [&file.range.joiners])?,
            clock,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Lang;

    #[test]
    fn english_time_words_load() {
        let lang = Lang::english().unwrap();
        let t = &lang.time;
        assert!(t
            .units
            .iter()
            .any(|u| u.unit == "week" && u.plural == ["weeks"]));
        assert!(t
            .day_words
            .iter()
            .any(|d| d.offset == -1 && d.phrases == ["yesterday"]));
        assert!(t.cues.iter().any(|c| c.value == "as of"));
        assert_eq!(t.ordinals["third"], 3);
    }
}
