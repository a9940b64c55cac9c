//! Scope data: the cues of a running total, the nouns of one incident and the time cues of a
//! period (`en/scope.toml`), parsed and checked like the other files.

use std::collections::BTreeMap;

use serde::Deserialize;
use tally_core::Metric;

use crate::load::{checked, invalid, parse, Source};
use crate::Error;

/// The checked scope words of a language.
#[derive(Debug, Clone, Default)]
pub struct ScopeWords {
    /// Phrases that make a figure a running total ("so far", "since the war began").
    pub total: Vec<String>,
    /// Nouns and verbs of one incident ("strike", "an explosion", "opened fire").
    pub incidents: Vec<String>,
    /// Plural incident nouns, events only for small figures ("strikes").
    pub incidents_plural: Vec<String>,
    /// Names of the time cues ([`crate::CUES`]) that make a stretch the figure's own period
    /// ("in", "during").
    pub period_cues: Vec<String>,
    /// Metrics of people held or present on a day (deployed, displaced, …).
    pub held: Vec<Metric>,
    /// Stretches named outright ("in the past 24 hours", "since the ceasefire").
    pub period_phrases: Vec<String>,
    /// Words that make a figure part of the one before it ("including", "of whom").
    pub part_cues: Vec<String>,
    /// Words that join a part to the next ("and").
    pub part_joiners: Vec<String>,
    /// Subgroups a figure may count: each word as written ("child", "reporters") with the
    /// group it names ("children", "journalists").
    pub groups: Vec<(String, String)>,
    /// Circumstances that make the people counted a subgroup ("trying to get food"), with
    /// the group ("aid seekers").
    pub circumstances: Vec<(String, String)>,
    /// The same, named right before the figure ("handed over the bodies of").
    pub circumstances_before: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    total: Phrases,
    event: EventTable,
    period_phrases: Phrases,
    parts: PartsTable,
    period: PeriodTable,
    groups: BTreeMap<String, Vec<String>>,
    circumstances: BTreeMap<String, Vec<String>>,
    circumstances_before: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartsTable {
    cues: Vec<String>,
    joiners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Phrases {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventTable {
    incidents: Vec<String>,
    plural: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodTable {
    cues: Vec<String>,
    held: Vec<String>,
}

/// Loads `en/scope.toml`.
pub(crate) fn load() -> Result<ScopeWords, Error> {
    let src = Source {
        file: "en/scope.toml",
        text: include_str!("../data/en/scope.toml"),
    };
    let file: ScopeFile = parse(&src)?;
    let held = file
        .period
        .held
        .iter()
        .map(|name| {
            name.parse::<Metric>()
                .map_err(|message| invalid(&src, &format!("\"{name}\""), message))
        })
        .collect::<Result<Vec<Metric>, Error>>()?;
    if let Some(cue) = file
        .period
        .cues
        .iter()
        .find(|cue| !crate::CUES.contains(&cue.as_str()))
    {
        return Err(invalid(
            &src,
            &format!("\"{cue}\""),
            format!(
                "unknown time cue {cue:?} (one of {})",
                crate::CUES.join(", ")
            ),
        ));
    }
    // A noun is singular or plural, not both: the two lists are checked as one.
    let incidents = checked(&src, [&file.event.incidents, &file.event.plural])?;
    let (singular, plural) = incidents.split_at(file.event.incidents.len());
    let words = ScopeWords {
        total: checked(&src, [&file.total.phrases])?,
        incidents: singular.to_vec(),
        incidents_plural: plural.to_vec(),
        period_cues: checked(&src, [&file.period.cues])?,
        held,
        period_phrases: checked(&src, [&file.period_phrases.phrases])?,
        part_cues: checked(&src, [&file.parts.cues])?,
        part_joiners: checked(&src, [&file.parts.joiners])?,
        groups: groups(&src, &file.groups)?,
        circumstances: groups(&src, &file.circumstances)?,
        circumstances_before: groups(&src, &file.circumstances_before)?,
    };
    if let Some(name) = file
        .circumstances
        .keys()
        .chain(file.circumstances_before.keys())
        .find(|name| !file.groups.contains_key(*name))
    {
        return Err(invalid(
            &src,
            &format!("\"{name}\""),
            format!("circumstances of {name:?}, which is not a group of [groups]"),
        ));
    }
    Ok(words)
}

/// The words of each group, each word once in all groups, with the group it names.
fn groups(
    src: &Source,
    table: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<(String, String)>, Error> {
    checked(src, [&table.keys().cloned().collect()])?;
    let words = checked(src, table.values())?;
    let names = table
        .iter()
        .flat_map(|(name, words)| words.iter().map(move |_| name.clone()));
    Ok(words.into_iter().zip(names).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_english_scope_words_load() {
        let words = super::load().unwrap();
        assert!(words.total.iter().any(|p| p == "so far"));
        assert!(words.incidents.iter().any(|p| p == "strike"));
        assert!(words.incidents_plural.iter().any(|p| p == "strikes"));
        assert!(words.held.contains(&tally_core::Metric::Displaced));
        let group = |word: &str| {
            words
                .groups
                .iter()
                .find(|(w, _)| w == word)
                .map(|(_, g)| g.as_str())
        };
        assert_eq!(group("child"), Some("children"));
        assert_eq!(group("reporters"), Some("journalists"));
        assert_eq!(group("people"), None);
    }
}
