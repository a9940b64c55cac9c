//! Victim counts: does the count of killed (and of wounded) that tally reads from a text
//! equal the count a dataset records for the event it describes?
//!
//! Two public datasets are read (`corpus/external/PROVENANCE.md`):
//!
//! - the World Atrocities Dataset 2016–2020 (`victim-counts/wad-2016-2020.jsonl.gz`): short
//!   coder-written descriptions with the event's `deaths` and `injured`, the set Zhong et
//!   al. (EACL 2023) scored exact-match accuracy on;
//! - gun-violence news (`gva-news/*.jsonl.gz`): whole local news articles with the
//!   incident's `n_killed` and `n_injured` from the Gun Violence Archive.
//!
//! The event's count of a metric is read off the claims by [`event_count`]: the largest
//! figure of the claims of that metric that are counts, neither projections nor
//! increments (a total is at least as large as the parts an article also reports, and
//! "at least 13" counts as 13). A text with no such claim counts 0. The score is the share
//! of records whose count equals the dataset's.

use serde::Deserialize;
use tally_core::{Claim, Date, Kind, Metric, Modality};

/// One record of either dataset, with the counts it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct VictimRecord {
    /// The record's id.
    pub id: String,
    /// The text.
    pub text: String,
    /// The day the text was published or the event began: relative days resolve against it.
    pub day: Option<Date>,
    /// The number killed, when coded.
    pub killed: Option<u64>,
    /// The number wounded, when coded.
    pub wounded: Option<u64>,
}

/// The fields of both datasets; each line has one of the two sets.
#[derive(Deserialize)]
struct RawRecord {
    id: String,
    text: String,
    // WAD.
    deaths: Option<u64>,
    injured: Option<u64>,
    start: Option<Vec<serde_json::Value>>,
    // GVA news.
    n_killed: Option<u64>,
    n_injured: Option<u64>,
    publish_date: Option<String>,
}

/// Errors reading a record.
#[derive(Debug, thiserror::Error)]
pub enum VictimError {
    /// The line is not a record of either dataset.
    #[error("line {line}: not a victim-count record: {source}")]
    Json {
        /// The line number, from 1.
        line: usize,
        /// The parse error.
        source: serde_json::Error,
    },
}

/// Parses one JSON line of either dataset (`line` numbers the error).
///
/// # Errors
///
/// When the line is not JSON or lacks `id` or `text`.
pub fn parse_victim_record(json: &str, line: usize) -> Result<VictimRecord, VictimError> {
    let raw: RawRecord =
        serde_json::from_str(json).map_err(|source| VictimError::Json { line, source })?;
    let day = match (raw.start.as_deref(), raw.publish_date.as_deref()) {
        (Some(parts @ [_, _, _]), _) => day_of(parts),
        (_, Some(s)) => s.get(..10).and_then(|s| s.parse().ok()),
        _ => None,
    };
    Ok(VictimRecord {
        id: raw.id,
        text: raw.text,
        day,
        killed: raw.deaths.or(raw.n_killed),
        wounded: raw.injured.or(raw.n_injured),
    })
}

/// A day written `[year, month, day]`, as numbers or strings.
fn day_of(parts: &[serde_json::Value]) -> Option<Date> {
    let part = |v: &serde_json::Value| {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    };
    let [y, m, d] = parts else { return None };
    let (y, m, d) = (part(y)?, part(m)?, part(d)?);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// The event's count of `metric` in a text's claims: the largest figure of its counts that
/// are neither projections nor increments, or 0 when there is none. A figure is its value
/// when exact, its bound when one-sided; a range ("dozens") counts as its low end.
pub fn event_count(claims: &[Claim], metric: Metric) -> u64 {
    claims
        .iter()
        .filter(|c| {
            c.metric == metric
                && c.kind == Kind::Count
                && c.modality != Modality::Projection
                && !c.increment
        })
        .filter_map(|c| c.value.low.or(c.value.high))
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v.round() as u64)
        .max()
        .unwrap_or(0)
}

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Whether `text` writes the number `n` as a figure: its digits (with or without thousands
/// commas) not part of a longer number, or, up to twenty, its English word. Records whose
/// count is not written in their text ("a village chief", "daily death total reported")
/// cannot be read by any grammar of figures; the score is also given without them.
pub fn written_in(text: &str, n: u64) -> bool {
    let plain = n.to_string();
    let mut grouped = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let bytes = text.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let separator = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|b| matches!(b, b',' | b'.'))
    };
    // Not inside a longer number: no digit beside it, nor a separator with a digit past it.
    let digits_at = |needle: &str| {
        text.match_indices(needle).any(|(at, _)| {
            let (before, after) = (at.checked_sub(1), at + needle.len());
            let grouped_before = separator(before) && digit(at.checked_sub(2));
            let grouped_after = separator(Some(after)) && digit(Some(after + 1));
            !digit(before) && !grouped_before && !digit(Some(after)) && !grouped_after
        })
    };
    if digits_at(&plain) || (grouped != plain && digits_at(&grouped)) {
        return true;
    }
    let Some(word) = usize::try_from(n).ok().and_then(|i| NUMBER_WORDS.get(i)) else {
        return false;
    };
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Exact-match counts for one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records where the dataset codes the count.
    pub n: usize,
    /// Of those, records where tally's count equals it.
    pub correct: usize,
}

impl Tally {
    /// Adds one record.
    pub fn add(&mut self, gold: Option<u64>, predicted: u64) {
        let Some(gold) = gold else { return };
        self.n += 1;
        self.correct += usize::from(gold == predicted);
    }

    /// The share of records counted right.
    pub fn accuracy(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.correct as f64 / self.n as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use tally_core::{Evidence, Value};

    use super::*;

    fn claim(metric: Metric, value: Value) -> Claim {
        Claim::new("d", Kind::Count, value, metric, Evidence::default())
    }

    #[test]
    fn the_event_count_is_the_largest_reported_count() {
        let mut projection = claim(Metric::Killed, Value::point(500.0));
        projection.modality = Modality::Projection;
        let mut increment = claim(Metric::Killed, Value::point(90.0));
        increment.increment = true;
        let claims = vec![
            claim(Metric::Killed, Value::at_least(13.0)),
            claim(Metric::Killed, Value::point(4.0)),
            claim(Metric::Wounded, Value::approx(14.0)),
            projection,
            increment,
        ];
        assert_eq!(event_count(&claims, Metric::Killed), 13);
        assert_eq!(event_count(&claims, Metric::Wounded), 14);
        assert_eq!(event_count(&claims, Metric::Captured), 0);
    }

    #[test]
    fn records_of_both_datasets_parse() {
        let wad = r#"{"id": "w1", "text": "At least 13 people were killed", "deaths": 13, "injured": null, "start": [2016, 1, 17]}"#;
        let record = parse_victim_record(wad, 1).unwrap();
        assert_eq!((record.killed, record.wounded), (Some(13), None));
        assert_eq!(record.day, Date::new(2016, 1, 17).ok());
        let written = r#"{"id": "w2", "text": "t", "deaths": 1, "start": ["2016", "01", "x"]}"#;
        assert_eq!(parse_victim_record(written, 2).unwrap().day, None);
        let gva = r#"{"id": "g1", "publish_date": "2018-03-12", "text": "A man was shot.", "n_killed": 0, "n_injured": 1}"#;
        let record = parse_victim_record(gva, 2).unwrap();
        assert_eq!((record.killed, record.wounded), (Some(0), Some(1)));
        assert_eq!(record.day, Date::new(2018, 3, 12).ok());
        let error = parse_victim_record("{\"text\": 1}", 7).unwrap_err();
        assert!(error.to_string().starts_with("line 7:"), "{error}");
    }

    #[test]
    fn a_count_is_written_as_digits_or_a_word() {
        assert!(written_in("At least 13 people", 13));
        assert!(written_in("killed 1,200 people.", 1200));
        assert!(written_in("killed 1200.", 1200));
        assert!(written_in("Thirteen people", 13));
        assert!(!written_in("killed 130 people in 2013", 13));
        assert!(!written_in("killed 1.3 million", 3));
        assert!(!written_in("a village chief", 1));
        assert!(!written_in("someone", 1));
    }

    #[test]
    fn a_tally_counts_coded_records_only() {
        let mut tally = Tally::default();
        tally.add(Some(13), 13);
        tally.add(Some(2), 0);
        tally.add(None, 5);
        tally.add(Some(0), 0);
        assert_eq!(tally, Tally { n: 3, correct: 2 });
    }
}
