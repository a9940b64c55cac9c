//! Parses and checks the embedded data files.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tally_core::{Metric, Role};

use crate::model::*;
use crate::Error;

/// One embedded data file: its name (relative to `data/`) and its text.
pub(crate) struct Source {
    pub(crate) file: &'static str,
    pub(crate) text: &'static str,
}

macro_rules! embed {
    ($path:literal) => {
        Source {
            file: $path,
            text: include_str!(concat!("../data/", $path)),
        }
    };
}

pub(crate) fn english() -> Result<Lang, Error> {
    let numbers_src = embed!("en/numbers.toml");
    let qualifiers_src = embed!("en/qualifiers.toml");
    let metrics_src = embed!("en/metrics.toml");
    let nouns_src = embed!("en/nouns.toml");
    let notclaims_src = embed!("en/notclaims.toml");
    let time_src = embed!("en/time.toml");
    let text_src = embed!("en/text.toml");
    let actors_src = embed!("common/actors.toml");
    let confidence_src = embed!("en/confidence.toml");
    let confidence: ConfidenceFile = parse(&confidence_src)?;
    let places_src = embed!("en/places.toml");
    let places: PlacesFile = parse(&places_src)?;
    let gazetteer = crate::Places::embedded();

    let numbers: NumbersFile = parse(&numbers_src)?;
    let qualifiers: QualifiersFile = parse(&qualifiers_src)?;
    let metrics: MetricsFile = parse(&metrics_src)?;
    let nouns: NounsFile = parse(&nouns_src)?;
    let notclaims: NotClaimsFile = parse(&notclaims_src)?;
    let time: TimeFile = parse(&time_src)?;
    let text: TextFile = parse(&text_src)?;
    let actors: ActorsFile = parse(&actors_src)?;
    let attribution = crate::attribution::load()?;
    let rule_words = crate::words::load(&attribution)?;

    Ok(Lang {
        code: "en",
        numbers: numbers.check(&numbers_src)?,
        qualifiers: check_qualifiers(&qualifiers.qualifier, &qualifiers_src)?,
        range: RangeWords {
            between: checked(&qualifiers_src, [&qualifiers.range.between])?,
            joiners: checked(&qualifiers_src, [&qualifiers.range.joiners])?,
        },
        metrics: check_metrics(&metrics.metric, &metrics_src)?,
        subject_counted: checked(&metrics_src, [&metrics.subject.counted])?,
        level_verbs: checked(&metrics_src, [&metrics.level.verbs])?,
        increase_verbs: checked(&metrics_src, [&metrics.increase.verbs])?,
        links: Links {
            before: checked(&metrics_src, [&metrics.link.before])?,
            after: checked(&metrics_src, [&metrics.link.after])?,
        },
        nouns: check_nouns(&nouns.noun, &nouns_src)?,
        containers: checked(&nouns_src, [&nouns.containers.phrases])?,
        conflict: checked(&nouns_src, [&nouns.conflict.phrases])?,
        agents: checked(&nouns_src, [&nouns.agents.phrases])?,
        attack_verbs: checked(&nouns_src, [&nouns.attack_verbs.phrases])?,
        harm_verbs: checked(&nouns_src, [&nouns.harm_verbs.phrases])?,
        not_people: checked(&nouns_src, [&nouns.not_people.phrases])?,
        irregulars: checked(&nouns_src, [&nouns.irregulars.phrases])?,
        recruits: checked(&nouns_src, [&nouns.recruits.phrases])?,
        disasters: checked(&nouns_src, [&nouns.disasters.phrases])?,
        disaster_shared: checked(&nouns_src, [&nouns.disaster_shared.phrases])?,
        described_by_metric: checked(&nouns_src, [&nouns.described_by_metric.phrases])?,
        combat: checked(&nouns_src, [&nouns.combat.phrases])?,
        demonym_suffixes: checked(&nouns_src, [&nouns.demonym_suffixes.phrases])?,
        borders: checked(&nouns_src, [&nouns.borders.phrases])?,
        bordering: checked(&nouns_src, [&nouns.bordering.phrases])?,
        holding_verbs: checked(&nouns_src, [&nouns.holding_verbs.phrases])?,
        hosting_verbs: checked(&nouns_src, [&nouns.hosting_verbs.phrases])?,
        part_words: checked(&nouns_src, [&nouns.part_words.phrases])?,
        qualifying: checked(&nouns_src, [&nouns.qualifying.phrases])?,
        occupying: checked(&nouns_src, [&nouns.occupying.phrases])?,
        ruling: checked(&nouns_src, [&nouns.ruling.phrases])?,
        notclaims: NotClaims {
            after: checked(&notclaims_src, [&notclaims.notclaim.after])?,
            before: checked(&notclaims_src, [&notclaims.notclaim.before])?,
            price: checked(&notclaims_src, [&notclaims.notclaim.price])?,
            units: checked(&notclaims_src, [&notclaims.notclaim.units])?,
        },
        calendar: Calendar {
            months: time
                .calendar
                .months
                .iter()
                .map(|m| checked(&time_src, [m]))
                .collect::<Result<_, _>>()?,
            weekdays: time
                .calendar
                .weekdays
                .iter()
                .map(|d| checked(&time_src, [d]))
                .collect::<Result<_, _>>()?,
        },
        time: crate::time::TimeWords::load(&time_src)?,
        abbreviations: checked(&text_src, [&text.sentences.abbreviations])?,
        actors: check_actors(&actors.actor, &actors_src)?,
        attribution,
        rule_words,
        scope: crate::scope::load()?,
        yardsticks: check_yardsticks(&confidence.yardstick, &confidence_src)?,
        modality: ModalityWords {
            estimate: checked(&confidence_src, [&confidence.modality.estimate])?,
            projection: checked(&confidence_src, [&confidence.modality.projection])?,
        },
        places: std::sync::Arc::new(gazetteer),
        place_words: places.places.check(&places_src)?,
    })
}

pub(crate) fn parse<T: DeserializeOwned>(src: &Source) -> Result<T, Error> {
    toml::from_str(src.text).map_err(|e| Error::Parse {
        file: src.file,
        line: e.span().map_or(1, |span| line_of(src.text, span.start)),
        message: e.message().trim().to_string(),
    })
}

/// The 1-based line holding byte `offset`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line where `phrase` is written as a TOML string, searching from `after_line`.
fn line_of_phrase(src: &Source, phrase: &str, nth: usize) -> usize {
    let quoted = format!("\"{phrase}\"");
    src.text
        .match_indices(&quoted)
        .nth(nth)
        .or_else(|| src.text.match_indices(&quoted).next())
        .map_or(1, |(offset, _)| line_of(src.text, offset))
}

/// Checks that every phrase of the lists is lowercase and listed once across them all.
pub(crate) fn checked<'a>(
    src: &Source,
    lists: impl IntoIterator<Item = &'a Vec<String>>,
) -> Result<Vec<String>, Error> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for list in lists {
        for phrase in list {
            check_lowercase(src, phrase)?;
            if !seen.insert(phrase.as_str()) {
                return Err(Error::Duplicate {
                    file: src.file,
                    line: line_of_phrase(src, phrase, 1),
                    phrase: phrase.clone(),
                });
            }
            out.push(phrase.clone());
        }
    }
    Ok(out)
}

fn check_lowercase(src: &Source, phrase: &str) -> Result<(), Error> {
    if phrase.is_empty() || !is_lowercase(phrase) || phrase.trim() != phrase {
        return Err(Error::NotLowercase {
            file: src.file,
            line: line_of_phrase(src, phrase, 0),
            phrase: phrase.to_string(),
        });
    }
    Ok(())
}

/// Whether lowercasing `phrase` leaves it as it is (`phrase.to_lowercase() == phrase`),
/// without making the lowercase copy.
pub(crate) fn is_lowercase(phrase: &str) -> bool {
    if phrase.is_ascii() {
        return !phrase.bytes().any(|b| b.is_ascii_uppercase());
    }
    // `str::to_lowercase` makes a final 'Σ' a 'ς' where `char::to_lowercase` makes it a
    // 'σ': either differs from the 'Σ', so the answer is the same.
    phrase
        .chars()
        .flat_map(char::to_lowercase)
        .eq(phrase.chars())
}

pub(crate) fn invalid(src: &Source, needle: &str, message: String) -> Error {
    let line = src
        .text
        .find(needle)
        .map_or(1, |offset| line_of(src.text, offset));
    Error::Invalid {
        file: src.file,
        line,
        message,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    units: BTreeMap<String, f64>,
    tens: BTreeMap<String, f64>,
    scales: BTreeMap<String, f64>,
    suffixes: BTreeMap<String, f64>,
    articles: PhraseList,
    fraction: Vec<ValueTable>,
    count: Vec<ValueTable>,
    vague: Vec<BoundsTable>,
    vague_multiplier: Vec<BoundsTable>,
    percent: PhraseList,
    rate: PhraseList,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseList {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueTable {
    phrases: Vec<String>,
    value: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundsTable {
    phrases: Vec<String>,
    low: f64,
    high: f64,
}

impl NumbersFile {
    fn check(self, src: &Source) -> Result<Numbers, Error> {
        for map in [&self.units, &self.tens, &self.scales, &self.suffixes] {
            for word in map.keys() {
                check_lowercase(src, word)?;
            }
        }
        let values = |tables: &[ValueTable]| -> Result<Vec<Phrased<f64>>, Error> {
            tables
                .iter()
                .map(|t| {
                    Ok(Phrased {
                        phrases: checked(src, [&t.phrases])?,
                        value: t.value,
                    })
                })
                .collect()
        };
        let bounds = |tables: &[BoundsTable]| -> Result<Vec<Phrased<(f64, f64)>>, Error> {
            tables
                .iter()
                .map(|t| {
                    if t.low > t.high {
                        let first = t.phrases.first().map_or("", String::as_str);
                        return Err(invalid(
                            src,
                            first,
                            format!("low {} is above high {} for {first:?}", t.low, t.high),
                        ));
                    }
                    Ok(Phrased {
                        phrases: checked(src, [&t.phrases])?,
                        value: (t.low, t.high),
                    })
                })
                .collect()
        };
        let fractions = values(&self.fraction)?;
        let counts = values(&self.count)?;
        let vague = bounds(&self.vague)?;
        // Fractions, counts and vague words are one list of alternatives.
        checked(
            src,
            fractions
                .iter()
                .chain(&counts)
                .map(|p| &p.phrases)
                .chain(vague.iter().map(|p| &p.phrases)),
        )?;
        Ok(Numbers {
            units: self.units,
            tens: self.tens,
            scales: self.scales,
            suffixes: self.suffixes,
            articles: checked(src, [&self.articles.phrases])?,
            fractions,
            counts,
            vague,
            vague_multipliers: bounds(&self.vague_multiplier)?,
            percent: checked(src, [&self.percent.phrases])?,
            rate: checked(src, [&self.rate.phrases])?,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifiersFile {
    qualifier: Vec<QualifierTable>,
    range: RangeTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierTable {
    bound: String,
    #[serde(default)]
    position: Option<String>,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeTable {
    between: Vec<String>,
    joiners: Vec<String>,
}

fn check_qualifiers(tables: &[QualifierTable], src: &Source) -> Result<Vec<QualifierEntry>, Error> {
    let mut out = Vec::new();
    for table in tables {
        let bound = match table.bound.as_str() {
            "lower" => Bound::Lower,
            "upper" => Bound::Upper,
            "nearly" => Bound::Nearly,
            "approximate" => Bound::Approximate,
            "increment" => Bound::Increment,
            other => {
                return Err(invalid(
                    src,
                    &format!("\"{other}\""),
                    format!("unknown bound {other:?}"),
                ))
            }
        };
        let position = match table.position.as_deref() {
            None | Some("before") => Position::Before,
            Some("after") => Position::After,
            Some(other) => {
                return Err(invalid(
                    src,
                    &format!("\"{other}\""),
                    format!("unknown position {other:?}"),
                ))
            }
        };
        out.push(QualifierEntry {
            bound,
            position,
            phrases: checked(src, [&table.phrases])?,
        });
    }
    for position in [Position::Before, Position::After] {
        checked(
            src,
            out.iter()
                .filter(|q| q.position == position)
                .map(|q| &q.phrases),
        )?;
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsFile {
    metric: Vec<MetricTable>,
    subject: SubjectTable,
    level: LevelTable,
    increase: LevelTable,
    link: LinkTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelTable {
    verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectTable {
    counted: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricTable {
    metric: String,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkTable {
    before: Vec<String>,
    after: Vec<String>,
}

fn check_metrics(tables: &[MetricTable], src: &Source) -> Result<Vec<MetricEntry>, Error> {
    let mut out = Vec::new();
    for table in tables {
        let metric: Metric = table
            .metric
            .parse()
            .map_err(|message| invalid(src, &format!("\"{}\"", table.metric), message))?;
        out.push(MetricEntry {
            metric,
            nouns: checked(src, [&table.nouns])?,
            after: checked(src, [&table.after])?,
            before: checked(src, [&table.before])?,
        });
    }
    // The equipment cues apply to other nouns than the people cues, so they may repeat them.
    let people = || out.iter().filter(|m| m.metric != Metric::EquipmentLost);
    checked(src, people().map(|m| &m.nouns))?;
    checked(src, people().map(|m| &m.after))?;
    checked(src, people().map(|m| &m.before))?;
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NounsFile {
    containers: PhraseList,
    conflict: PhraseList,
    agents: PhraseList,
    attack_verbs: PhraseList,
    harm_verbs: PhraseList,
    not_people: PhraseList,
    irregulars: PhraseList,
    recruits: PhraseList,
    disasters: PhraseList,
    disaster_shared: PhraseList,
    described_by_metric: PhraseList,
    combat: PhraseList,
    demonym_suffixes: PhraseList,
    borders: PhraseList,
    bordering: PhraseList,
    holding_verbs: PhraseList,
    hosting_verbs: PhraseList,
    part_words: PhraseList,
    qualifying: PhraseList,
    occupying: PhraseList,
    ruling: PhraseList,
    noun: Vec<NounTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NounTable {
    #[serde(default)]
    kind: Option<String>,
    role: String,
    phrases: Vec<String>,
}

fn check_nouns(tables: &[NounTable], src: &Source) -> Result<Vec<NounEntry>, Error> {
    let mut out = Vec::new();
    for table in tables {
        let kind = match table.kind.as_deref() {
            None | Some("person") => NounKind::Person,
            Some("equipment") => NounKind::Equipment,
            Some(other) => {
                return Err(invalid(
                    src,
                    &format!("\"{other}\""),
                    format!("unknown noun kind {other:?}"),
                ))
            }
        };
        let role: Role = table
            .role
            .parse()
            .map_err(|message| invalid(src, &format!("\"{}\"", table.role), message))?;
        out.push(NounEntry {
            kind,
            role,
            phrases: checked(src, [&table.phrases])?,
        });
    }
    checked(src, out.iter().map(|n| &n.phrases))?;
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotClaimsFile {
    notclaim: NotClaimTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotClaimTable {
    after: Vec<String>,
    before: Vec<String>,
    price: Vec<String>,
    units: Vec<String>,
}

// Not `deny_unknown_fields`: the other tables of time.toml are read and checked by time.rs.
#[derive(Deserialize)]
struct TimeFile {
    calendar: CalendarTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarTable {
    months: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFile {
    sentences: SentencesTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentencesTable {
    abbreviations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfidenceFile {
    yardstick: Vec<YardstickTable>,
    modality: ModalityTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YardstickTable {
    name: String,
    sources: Vec<String>,
    bands: Vec<BoundsTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModalityTable {
    estimate: Vec<String>,
    projection: Vec<String>,
}

fn check_yardsticks(tables: &[YardstickTable], src: &Source) -> Result<Vec<Yardstick>, Error> {
    let mut out = Vec::new();
    for table in tables {
        let mut bands = Vec::new();
        for band in &table.bands {
            if !(0.0..=1.0).contains(&band.low)
                || !(0.0..=1.0).contains(&band.high)
                || band.low > band.high
            {
                let first = band.phrases.first().map_or("", String::as_str);
                return Err(invalid(
                    src,
                    first,
                    format!(
                        "band {}–{} of {first:?} is not within 0–1",
                        band.low, band.high
                    ),
                ));
            }
            bands.push(Phrased {
                phrases: checked(src, [&band.phrases])?,
                value: (band.low, band.high),
            });
        }
        checked(src, bands.iter().map(|b| &b.phrases))?;
        out.push(Yardstick {
            name: table.name.clone(),
            sources: checked(src, [&table.sources])?,
            bands,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    places: PlaceWordsTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceWordsTable {
    prepositions: Vec<String>,
    determiners: Vec<String>,
    directions: Vec<String>,
    regions: Vec<String>,
    borders: Vec<String>,
    border_links: Vec<String>,
    targets: Vec<String>,
    named: Vec<String>,
    conjunctions: Vec<String>,
    parts: Vec<String>,
    particles: Vec<String>,
}

impl PlaceWordsTable {
    fn check(&self, src: &Source) -> Result<PlaceWords, Error> {
        Ok(PlaceWords {
            prepositions: checked(src, [&self.prepositions])?,
            determiners: checked(src, [&self.determiners])?,
            directions: checked(src, [&self.directions])?,
            regions: checked(src, [&self.regions])?,
            borders: checked(src, [&self.borders])?,
            border_links: checked(src, [&self.border_links])?,
            targets: checked(src, [&self.targets])?,
            named: checked(src, [&self.named])?,
            conjunctions: checked(src, [&self.conjunctions])?,
            parts: checked(src, [&self.parts])?,
            particles: checked(src, [&self.particles])?,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorsFile {
    actor: Vec<ActorTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorTable {
    code: String,
    names: Vec<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    enemies: Vec<String>,
    #[serde(default)]
    home: Option<String>,
}

fn check_actors(tables: &[ActorTable], src: &Source) -> Result<Vec<ActorEntry>, Error> {
    let mut seen_codes = FxHashSet::default();
    let mut seen_phrases = FxHashSet::default();
    let mut out = Vec::new();
    for table in tables {
        if !seen_codes.insert(table.code.as_str()) {
            return Err(invalid(
                src,
                &format!("\"{}\"", table.code),
                format!("duplicate actor {:?}", table.code),
            ));
        }
        for phrase in table.names.iter().chain(&table.people).chain(&table.places) {
            // Names with capitals match case-sensitively ("US", "IDF"); the rest fold case.
            if phrase.is_empty() || phrase.trim() != phrase {
                return Err(Error::NotLowercase {
                    file: src.file,
                    line: line_of_phrase(src, phrase, 0),
                    phrase: phrase.clone(),
                });
            }
            if !seen_phrases.insert(phrase.as_str()) {
                return Err(Error::Duplicate {
                    file: src.file,
                    line: line_of_phrase(src, phrase, 1),
                    phrase: phrase.clone(),
                });
            }
            // A short lowercase name would match common words ("an", "us"); write
            // abbreviations in capitals, which match only as written.
            if phrase.chars().count() < 3 && is_lowercase(phrase) {
                return Err(invalid(src, &format!("\"{phrase}\""), format!("actor name {phrase:?} is too short to match in any case: write it in capitals")));
            }
        }
        check_lowercase_all(src, &table.people)?;
        out.push(ActorEntry {
            code: table.code.clone(),
            names: table.names.clone(),
            people: table.people.clone(),
            places: table.places.clone(),
            enemies: table.enemies.clone(),
            home: table.home.clone(),
        });
    }
    // Each actor's home and enemies name another actor of the file.
    for table in tables {
        let home = table.home.iter().map(|h| ("home", h));
        let enemies = table.enemies.iter().map(|e| ("enemy", e));
        if let Some((what, unknown)) = home
            .chain(enemies)
            .find(|(_, code)| !seen_codes.contains(code.as_str()) || **code == table.code)
        {
            return Err(invalid(
                src,
                &format!("\"{unknown}\""),
                format!(
                    "{what} {unknown:?} of {:?} is not another actor of the file",
                    table.code
                ),
            ));
        }
    }
    Ok(out)
}

fn check_lowercase_all(src: &Source, phrases: &[String]) -> Result<(), Error> {
    phrases.iter().try_for_each(|p| check_lowercase(src, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        let lang = english().unwrap_or_else(|e| panic!("{e}"));
        assert!(lang.metrics.iter().any(|m| m.metric == Metric::Casualties));
        assert_eq!(lang.calendar.months.len(), 12);
        assert_eq!(lang.calendar.weekdays.len(), 7);
    }

    #[test]
    fn unknown_keys_are_refused_with_line() {
        let src = Source {
            file: "t.toml",
            text: "[notclaim]\nafter = []\nbefore = []\nextra = 1\n",
        };
        let err = parse::<NotClaimsFile>(&src).err().unwrap().to_string();
        assert!(err.starts_with("t.toml:4:"), "{err}");
        assert!(err.contains("extra"), "{err}");
    }

    #[test]
    fn duplicates_are_refused_with_line() {
        let src = Source {
            file: "t.toml",
            text: "a = [\"x\",\n\"y\",\n\"x\"]\n",
        };
        let list = vec!["x".to_string(), "y".to_string(), "x".to_string()];
        let err = checked(&src, [&list]).err().unwrap().to_string();
        assert_eq!(err, "t.toml:3: duplicate phrase \"x\"");
    }

    #[test]
    fn is_lowercase_says_what_to_lowercase_says() {
        for phrase in [
            "",
            "over",
            "Over",
            "oVER",
            "straße",
            "İstanbul",
            "i̇",
            "σας",
            "ΣΑΣ",
            "όλοι Σ",
            "ǅ",
            "ǆ",
            "ﬃ",
            "kyiv ",
            "ΐ",
            "Ⅻ",
            "ⅻ",
            "ᾈ",
            "ᾀ",
        ] {
            assert_eq!(
                is_lowercase(phrase),
                phrase.to_lowercase() == phrase,
                "{phrase:?}"
            );
        }
    }

    #[test]
    fn capitals_are_refused_where_case_folds() {
        let src = Source {
            file: "t.toml",
            text: "a = [\"Over\"]\n",
        };
        let list = vec!["Over".to_string()];
        let err = checked(&src, [&list]).err().unwrap().to_string();
        assert_eq!(
            err,
            "t.toml:1: phrase \"Over\" must be written in lowercase"
        );
    }

    #[test]
    fn enemies_must_be_other_actors() {
        let text = "[[actor]]\ncode = \"UKR\"\nnames = [\"ukraine\"]\nenemies = [\"RUS\"]\n";
        let src = Source {
            file: "t.toml",
            text,
        };
        let file: ActorsFile = parse(&src).unwrap_or_else(|e| panic!("{e}"));
        let err = check_actors(&file.actor, &src).err().unwrap().to_string();
        assert!(
            err.starts_with("t.toml:4:") && err.contains("\"RUS\""),
            "{err}"
        );
    }

    #[test]
    fn a_home_must_be_another_actor() {
        let text = "[[actor]]\ncode = \"houthis\"\nnames = [\"houthi\"]\nhome = \"YEM\"\n";
        let src = Source {
            file: "t.toml",
            text,
        };
        let file: ActorsFile = parse(&src).unwrap_or_else(|e| panic!("{e}"));
        let err = check_actors(&file.actor, &src).err().unwrap().to_string();
        assert!(
            err.starts_with("t.toml:4:") && err.contains("home \"YEM\""),
            "{err}"
        );
    }
}
