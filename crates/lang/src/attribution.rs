//! Attribution data: reporting verbs and source cues (`en/attribution.toml`) and the source
//! gazetteer (`common/sources.toml`), parsed and checked.
//!
//! The checks are those of the other files: unknown keys, phrases not in lowercase and
//! duplicate phrases within one list are refused with the file and line.

use serde::Deserialize;

use crate::load::{checked, invalid, parse, Source};
use crate::Error;

/// The lemmas a reporting verb may have; `verb_lemma` of an attribution is one of them.
pub const REPORT_LEMMAS: &[&str] = &[
    "say", "tell", "add", "note", "state", "warn", "announce", "confirm", "report", "estimate",
    "assess", "believe", "claim", "write", "show", "document", "publish", "explain", "reveal",
    "inform", "declare", "put", "record", "argue", "assure", "insist", "indicate", "think",
    "count",
];

/// The checked attribution data of a language, with the common source gazetteer.
#[derive(Debug, Clone, Default)]
pub struct AttributionData {
    /// Reporting verbs by lemma.
    pub verbs: Vec<ReportVerb>,
    /// Cues followed by the source ("according to").
    pub according: Vec<String>,
    /// Cues followed by the origin of the speaker's figure ("citing").
    pub citing: Vec<String>,
    /// Adverbials naming the channel ("in a statement").
    pub statement: Vec<String>,
    /// Nouns of documents that carry figures ("assessment", "update").
    pub report_nouns: Vec<String>,
    /// Words between a possessive and its report noun ("latest").
    pub report_modifiers: Vec<String>,
    /// Pronouns that refer to an institution ("it").
    pub pronouns_institution: Vec<String>,
    /// Pronouns that refer to a person ("he", "she").
    pub pronouns_person: Vec<String>,
    /// Pronouns that refer to a group ("they").
    pub pronouns_group: Vec<String>,
    /// Words between a speaker and its verb ("also", "has").
    pub between: Vec<String>,
    /// Lowercase words that may belong to a speaker's phrase.
    pub speaker_words: Vec<String>,
    /// Words that join parts of a speaker's phrase ("of", "and").
    pub joiners: Vec<String>,
    /// Determiners that open a speaker's phrase.
    pub determiners: Vec<String>,
    /// Words that end a speaker's phrase even when capitalized.
    pub stop: Vec<String>,
    /// Prepositions after which a noun phrase is not a speaker.
    pub prepositions: Vec<String>,
    /// Titles before a person's name.
    pub titles: Vec<String>,
    /// Phrases of the article's own voice ("the figure accounts for").
    pub commentary: Vec<String>,
    /// Known sources and their aliases.
    pub sources: Vec<SourceEntry>,
    /// Country names and their demonyms.
    pub countries: Vec<CountryEntry>,
}

/// The forms of one reporting verb.
#[derive(Debug, Clone)]
pub struct ReportVerb {
    /// The lemma, one of [`REPORT_LEMMAS`].
    pub lemma: &'static str,
    /// Its inflected forms, lowercase.
    pub forms: Vec<String>,
}

/// What a source is, for pronouns that refer back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A body: a ministry, an agency, a government.
    Institution,
    /// One person.
    Person,
    /// Several people ("officials").
    Group,
}

/// One source of the gazetteer.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    /// The canonical name, as it is printed.
    pub name: String,
    /// Institution, person or group.
    pub kind: SourceKind,
    /// Lowercase aliases, the canonical name's own lowercase form among them or not.
    pub aliases: Vec<String>,
    /// Lowercase descriptions that name this source only in a text that names one of
    /// `places` ("the health ministry" in a story about Gaza).
    pub local: Vec<String>,
    /// The places, lowercase, whose stories `local` descriptions belong to.
    pub places: Vec<String>,
}

/// A country, for "Iran said" (the government) and "Ukraine's General Staff".
#[derive(Debug, Clone)]
pub struct CountryEntry {
    /// The demonym, as printed ("Ukrainian").
    pub demonym: String,
    /// Lowercase names of the country and its capital.
    pub names: Vec<String>,
}

/// Loads `en/attribution.toml` and `common/sources.toml`.
pub(crate) fn load() -> Result<AttributionData, Error> {
    let cues_src = Source {
        file: "en/attribution.toml",
        text: include_str!("../data/en/attribution.toml"),
    };
    let sources_src = Source {
        file: "common/sources.toml",
        text: include_str!("../data/common/sources.toml"),
    };
    check(&cues_src, &sources_src)
}

fn check(cues_src: &Source, sources_src: &Source) -> Result<AttributionData, Error> {
    let cues: CuesFile = parse(cues_src)?;
    let sources: SourcesFile = parse(sources_src)?;
    let mut verbs = Vec::new();
    for table in &cues.verb {
        let Some(lemma) = REPORT_LEMMAS.iter().copied().find(|l| *l == table.lemma) else {
            return Err(invalid(
                cues_src,
                &format!("\"{}\"", table.lemma),
                format!("unknown lemma {:?}", table.lemma),
            ));
        };
        verbs.push(ReportVerb {
            lemma,
            forms: checked(cues_src, [&table.forms])?,
        });
    }
    checked(cues_src, verbs.iter().map(|v| &v.forms))?;
    let p = &cues.pronouns;
    let mut out = AttributionData {
        verbs,
        according: checked(cues_src, [&cues.according.phrases])?,
        citing: checked(cues_src, [&cues.citing.phrases])?,
        statement: checked(cues_src, [&cues.statement.phrases])?,
        report_nouns: checked(cues_src, [&cues.report.nouns])?,
        report_modifiers: checked(cues_src, [&cues.report.modifiers])?,
        pronouns_institution: checked(cues_src, [&p.institution])?,
        pronouns_person: checked(cues_src, [&p.person])?,
        pronouns_group: checked(cues_src, [&p.group])?,
        between: checked(cues_src, [&cues.between.words])?,
        speaker_words: checked(cues_src, [&cues.speaker.words])?,
        joiners: checked(cues_src, [&cues.speaker.joiners])?,
        determiners: checked(cues_src, [&cues.speaker.determiners])?,
        stop: checked(cues_src, [&cues.speaker.stop])?,
        prepositions: checked(cues_src, [&cues.speaker.prepositions])?,
        titles: checked(cues_src, [&cues.titles.words])?,
        commentary: checked(cues_src, [&cues.publisher.commentary])?,
        ..AttributionData::default()
    };
    checked(cues_src, [&p.institution, &p.person, &p.group])?;
    for table in &sources.source {
        let kind = match table.kind.as_deref() {
            None | Some("institution") => SourceKind::Institution,
            Some("person") => SourceKind::Person,
            Some("group") => SourceKind::Group,
            Some(other) => {
                return Err(invalid(
                    sources_src,
                    &format!("\"{other}\""),
                    format!("unknown source kind {other:?}"),
                ))
            }
        };
        if table.name.trim().is_empty() || table.name.trim() != table.name {
            return Err(invalid(
                sources_src,
                &format!("\"{}\"", table.name),
                "a source name must be trimmed text".to_string(),
            ));
        }
        out.sources.push(SourceEntry {
            name: table.name.clone(),
            kind,
            aliases: checked(sources_src, [&table.aliases])?,
            local: checked(sources_src, [&table.local])?,
            places: checked(sources_src, [&table.places])?,
        });
        if table.local.is_empty() != table.places.is_empty() {
            return Err(invalid(
                sources_src,
                &format!("\"{}\"", table.name),
                "`local` descriptions need the `places` they belong to, and the other way round"
                    .to_string(),
            ));
        }
    }
    checked(sources_src, out.sources.iter().map(|s| &s.aliases))?;
    for table in &sources.country {
        out.countries.push(CountryEntry {
            demonym: table.demonym.clone(),
            names: checked(sources_src, [&table.names])?,
        });
    }
    checked(sources_src, out.countries.iter().map(|c| &c.names))?;
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesFile {
    verb: Vec<VerbTable>,
    according: PhraseList,
    citing: PhraseList,
    statement: PhraseList,
    report: ReportTable,
    pronouns: PronounTable,
    between: WordList,
    speaker: SpeakerTable,
    titles: WordList,
    publisher: PublisherTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbTable {
    lemma: String,
    forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseList {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordList {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportTable {
    nouns: Vec<String>,
    modifiers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PronounTable {
    institution: Vec<String>,
    person: Vec<String>,
    group: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerTable {
    words: Vec<String>,
    joiners: Vec<String>,
    determiners: Vec<String>,
    stop: Vec<String>,
    prepositions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublisherTable {
    commentary: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<SourceTable>,
    country: Vec<CountryTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceTable {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    aliases: Vec<String>,
    #[serde(default)]
    local: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryTable {
    demonym: String,
    names: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_attribution_data_loads() {
        let data = load().unwrap_or_else(|e| panic!("{e}"));
        assert!(data
            .verbs
            .iter()
            .any(|v| v.lemma == "estimate" && v.forms.iter().any(|f| f == "estimated")));
        assert!(data
            .sources
            .iter()
            .any(|s| s.name == "UK Ministry of Defence"));
    }

    #[test]
    fn unknown_lemmas_and_keys_are_refused_with_line() {
        let cues = Source {
            file: "a.toml",
            text: "[[verb]]\nlemma = \"shout\"\nforms = [\"shouted\"]\n",
        };
        let sources = Source {
            file: "s.toml",
            text: "source = []\ncountry = []\n",
        };
        let err = check(&cues, &sources).err().unwrap().to_string();
        assert!(err.starts_with("a.toml:"), "{err}");
        let sources = Source {
            file: "s.toml",
            text: "source = []\ncountry = []\nextra = 1\n",
        };
        let err = parse::<SourcesFile>(&sources).err().unwrap().to_string();
        assert!(err.starts_with("s.toml:3:"), "{err}");
    }

    #[test]
    fn local_descriptions_need_their_places() {
        let lang = crate::Lang::english().unwrap();
        let gaza = lang
            .attribution
            .sources
            .iter()
            .find(|s| s.name == "Gaza Health Ministry")
            .unwrap();
        assert!(gaza.local.iter().any(|d| d == "health ministry"));
        assert_eq!(gaza.places, ["gaza"]);
    }

    #[test]
    fn duplicate_aliases_are_refused_with_line() {
        let text = "country = []\n[[source]]\nname = \"A\"\naliases = [\"x\"]\n[[source]]\nname = \"B\"\naliases = [\"x\"]\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        let parsed: SourcesFile = parse(&src).unwrap();
        let lists: Vec<&Vec<String>> = parsed.source.iter().map(|s| &s.aliases).collect();
        let err = checked(&src, lists).err().unwrap().to_string();
        assert_eq!(err, "s.toml:7: duplicate phrase \"x\"");
    }
}
