//! Actors by name: the gazetteer of `tally-lang` (`data/common/actors.toml`, with the
//! countries of `places.tsv` for their names) read once, so that every front end says
//! "North Korea" beside `PRK` and accepts "North Korea", "north korean" or "DPRK" where a
//! code is asked for. Resolution of a name to a code is written here and nowhere else.

use std::collections::HashMap;
use std::sync::OnceLock;

use tally_lang::{fold_place, Lang};
use tally_store::ClaimFilter;

/// One actor: its code and the name people know it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The code claims and series hold: an ISO 3166-1 alpha-3 code (`PRK`) or a slug
    /// (`hamas`), as the gazetteer writes it.
    pub code: String,
    /// Its name ("North Korea", "Hamas").
    pub name: String,
    /// Every phrase that names it, folded, as words (names, demonyms, people).
    keys: Vec<Vec<String>>,
    /// The same phrases as written, for those with capitals, which match only as written
    /// ("US" is not "us").
    cased: Vec<Vec<String>>,
}

/// The actors of the gazetteer, looked up by code or by any of their names.
#[derive(Debug, Clone, Default)]
pub struct Actors {
    actors: Vec<Actor>,
    /// Folded code or name → index in `actors`.
    by_key: HashMap<String, usize>,
}

/// The English language data, loaded once per process for the lookups of the front ends
/// (the extractor's own copy is the [`Engine`](crate::Engine)'s).
///
/// # Panics
///
/// Panics if the embedded English data is malformed, which the tests of `tally-lang` rule
/// out.
pub(crate) fn lang() -> &'static Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    LANG.get_or_init(|| {
        Lang::english().expect("the embedded English data is checked by tally-lang's tests")
    })
}

/// The shortest word of a query that may stand for a longer word of a name ("korea" for
/// "korean"); shorter words must be whole.
const MIN_PREFIX: usize = 4;

impl Actors {
    /// The actors of the given language data.
    pub fn new(lang: &Lang) -> Actors {
        let mut actors = Vec::with_capacity(lang.actors.len());
        let mut by_key = HashMap::new();
        for entry in &lang.actors {
            let name = lang
                .places
                .country(&entry.code)
                .map(|country| country.name.to_string())
                .unwrap_or_else(|| group_name(&entry.code, &entry.names));
            let mut keys = Vec::new();
            let mut cased = Vec::new();
            let phrases = std::iter::once(entry.code.as_str())
                .chain(std::iter::once(name.as_str()))
                .chain(entry.names.iter().map(String::as_str))
                .chain(entry.people.iter().map(String::as_str));
            for phrase in phrases {
                let has_capitals = phrase.chars().any(char::is_uppercase);
                // The code and the name match in any case; a phrase of the gazetteer
                // written with capitals only as written.
                if has_capitals && phrase != entry.code && phrase != name {
                    cased.push(phrase.split_whitespace().map(str::to_string).collect());
                    continue;
                }
                let folded = fold_place(phrase);
                if folded.is_empty() {
                    continue;
                }
                by_key.entry(folded.clone()).or_insert(actors.len());
                // A code is asked for alone, not found among the words of a query
                // ("kor" in "north kor" is no Korea).
                if phrase != entry.code {
                    keys.push(folded.split(' ').map(str::to_string).collect());
                }
            }
            actors.push(Actor {
                code: entry.code.clone(),
                name,
                keys,
                cased,
            });
        }
        // A cased phrase ("IDF", "US") also names its actor exactly when asked as written.
        for (actor_idx, actor) in actors.iter().enumerate() {
            for phrase in &actor.cased {
                by_key.entry(phrase.join(" ")).or_insert(actor_idx);
            }
        }
        Actors { actors, by_key }
    }

    /// The English gazetteer, loaded once per process.
    ///
    /// # Panics
    ///
    /// Panics if the embedded English data is malformed, which the tests of `tally-lang`
    /// rule out.
    pub fn english() -> &'static Actors {
        static ACTORS: OnceLock<Actors> = OnceLock::new();
        ACTORS.get_or_init(|| Actors::new(lang()))
    }

    /// The actor of a code, in any case (`PRK`, `prk`, `HAMAS`).
    pub fn by_code(&self, code: &str) -> Option<&Actor> {
        self.actors
            .iter()
            .find(|actor| actor.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The name of an actor's code ("North Korea" for `PRK`), if the gazetteer knows it.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.by_code(code).map(|actor| actor.name.as_str())
    }

    /// The actor a name or code stands for: its code (`PRK` for "North Korea", "north
    /// korean", "DPRK" or "prk"), if the gazetteer knows it.
    ///
    /// # Example
    ///
    /// ```
    /// let actors = tally_app::actors::Actors::english();
    /// assert_eq!(actors.code_of("North Korea"), Some("PRK"));
    /// assert_eq!(actors.code_of("north korean"), Some("PRK"));
    /// assert_eq!(actors.code_of("prk"), Some("PRK"));
    /// assert_eq!(actors.code_of("Gaza"), Some("PSE"));
    /// assert_eq!(actors.code_of("Atlantis"), None);
    /// ```
    pub fn code_of(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        if let Some(&idx) = self.by_key.get(name) {
            return Some(self.actors[idx].code.as_str());
        }
        let folded = fold_place(name);
        let idx = *self.by_key.get(&folded)?;
        Some(self.actors[idx].code.as_str())
    }

    /// The actors named somewhere in a query: those with a name whose words stand one
    /// after the other in the query, each word whole or, from [`MIN_PREFIX`] letters, the
    /// start of the name's word ("north kore" names `PRK` through "north korean", and so do
    /// "north korea" and "north korean soldiers"). In gazetteer order, each once.
    ///
    /// # Example
    ///
    /// ```
    /// let actors = tally_app::actors::Actors::english();
    /// let found: Vec<&str> = actors.named_in("north korea").iter().map(|a| a.code.as_str()).collect();
    /// assert_eq!(found, ["PRK"]);
    /// assert_eq!(actors.named_in("gaza death toll")[0].code, "PSE");
    /// ```
    pub fn named_in(&self, query: &str) -> Vec<&Actor> {
        let folded: Vec<String> = fold_place(query)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect();
        let written: Vec<String> = query
            .split_whitespace()
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
            .map(str::to_string)
            .collect();
        self.actors
            .iter()
            .filter(|actor| {
                actor
                    .keys
                    .iter()
                    .any(|key| stands_in(key, &folded, words_meet))
                    || actor
                        .cased
                        .iter()
                        .any(|key| stands_in(key, &written, |a, b| a == b))
            })
            .collect()
    }

    /// An actor's code and name as pages print it: `North Korea (PRK)`; the code alone
    /// (upper case) when the gazetteer does not know it.
    pub fn label(&self, code: &str) -> String {
        match self.name(code) {
            Some(name) => format!("{name} ({})", code.to_ascii_uppercase()),
            None => code.to_ascii_uppercase(),
        }
    }
}

/// Whether the words of `key` stand one after the other somewhere in `query`.
fn stands_in(key: &[String], query: &[String], meet: impl Fn(&str, &str) -> bool) -> bool {
    !key.is_empty()
        && query.len() >= key.len()
        && query
            .windows(key.len())
            .any(|window| window.iter().zip(key).all(|(q, k)| meet(q, k)))
}

/// Whether a word of a query stands for a word of a name: the same word, or from
/// [`MIN_PREFIX`] letters its start ("korea" for "korean", "ukrain" for "ukrainian"). The
/// other way round is left to the gazetteer, which lists demonyms as names: "mali" must
/// not name Mali in "malicious".
fn words_meet(query: &str, name: &str) -> bool {
    query == name || (query.len() >= MIN_PREFIX && name.starts_with(query))
}

/// A group's name: its first name with capitals ("Hamas", "Rapid Support Forces"), or in
/// capitals when it is a short code of its own ("pkk" → "PKK", "nato" → "NATO").
fn group_name(code: &str, names: &[String]) -> String {
    let Some(first) = names.first() else {
        return code.to_ascii_uppercase();
    };
    if first.chars().any(char::is_uppercase) {
        return first.clone();
    }
    if first == code && first.len() <= 4 {
        return first.to_ascii_uppercase();
    }
    first
        .split(' ')
        .map(|word| {
            // Each part of a hyphenated word too: "al-Shabaab" reads "Al-Shabaab".
            word.split('-')
                .map(capitalized)
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The code an actor given by a person stands for: the gazetteer's code for a name or a
/// code it knows ("North Korea" → `PRK`), else what was given, trimmed (an unknown slug is
/// still a slug).
///
/// # Example
///
/// ```
/// assert_eq!(tally_app::actors::actor_code_of("North Korea"), "PRK");
/// assert_eq!(tally_app::actors::actor_code_of("hamas"), "hamas");
/// assert_eq!(tally_app::actors::actor_code_of("some-militia"), "some-militia");
/// ```
pub fn actor_code_of(given: &str) -> String {
    // The empty string stands for no known actor (`ClaimFilter::actor`).
    if given.trim().is_empty() {
        return String::new();
    }
    Actors::english()
        .code_of(given)
        .map_or_else(|| given.trim().to_string(), str::to_string)
}

/// A claim filter with its actor, if any, resolved to a code ([`actor_code_of`]): what
/// every front end passes to the ledger.
pub fn resolve_filter(filter: ClaimFilter) -> ClaimFilter {
    ClaimFilter {
        actor: filter.actor.as_deref().map(actor_code_of),
        ..filter
    }
}

/// An actor's name, if the gazetteer knows its code.
pub fn actor_name(code: &str) -> Option<&'static str> {
    Actors::english().name(code)
}

/// An actor's code and name as pages print it ([`Actors::label`]).
pub fn actor_label(code: &str) -> String {
    Actors::english().label(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_resolve_to_the_same_actor() {
        let actors = Actors::english();
        for given in [
            "North Korea",
            "north korea",
            "NORTH KOREA",
            "North Korean",
            "DPRK",
            "prk",
            "PRK",
            "Pyongyang",
        ] {
            assert_eq!(actors.code_of(given), Some("PRK"), "{given}");
        }
        assert_eq!(actors.code_of("Hamas"), Some("hamas"));
        assert_eq!(actors.code_of("United Kingdom"), Some("GBR"));
        assert_eq!(actors.code_of("Israelis"), Some("ISR"));
    }

    #[test]
    fn a_phrase_written_with_capitals_matches_only_as_written() {
        let actors = Actors::english();
        assert_eq!(actors.code_of("US"), Some("USA"));
        assert_eq!(actors.code_of("us"), None);
        assert!(actors.named_in("killed us all").is_empty());
        assert_eq!(actors.named_in("US troops")[0].code, "USA");
    }

    #[test]
    fn countries_are_named_from_the_places_and_groups_from_their_first_name() {
        let actors = Actors::english();
        assert_eq!(actors.name("PRK"), Some("North Korea"));
        assert_eq!(actors.name("prk"), Some("North Korea"));
        assert_eq!(actors.name("hamas"), Some("Hamas"));
        assert_eq!(actors.name("HAMAS"), Some("Hamas"));
        assert_eq!(actors.name("rsf"), Some("Rapid Support Forces"));
        assert_eq!(actors.name("nato"), Some("NATO"));
        assert_eq!(actors.name("al-shabaab"), Some("Al-Shabaab"));
        assert_eq!(actors.name("SUN"), Some("Soviet Union"));
        assert_eq!(actors.label("PRK"), "North Korea (PRK)");
        assert_eq!(actors.label("xyz"), "XYZ");
    }

    #[test]
    fn a_query_names_an_actor_by_the_start_of_its_words() {
        let actors = Actors::english();
        let codes = |query: &str| -> Vec<String> {
            actors
                .named_in(query)
                .iter()
                .map(|a| a.code.clone())
                .collect()
        };
        assert_eq!(codes("north korea"), ["PRK"]);
        assert_eq!(codes("North Korean forces"), ["PRK"]);
        assert_eq!(codes("ukrain"), ["UKR"]);
        assert_eq!(codes("north kore"), ["PRK"]);
        // A name is not the start of any longer word: Mali is not in "malicious".
        assert!(codes("malicious").is_empty());
        // "korea" alone is no name of either Korea.
        assert!(codes("korea").is_empty(), "{:?}", codes("korea"));
        // Three letters must be a whole word: "nor" is not "north".
        assert!(codes("nor kor").is_empty());
    }

    #[test]
    fn a_filter_by_name_becomes_a_filter_by_code() {
        let filter = ClaimFilter {
            actor: Some("North Korea".to_string()),
            ..ClaimFilter::default()
        };
        assert_eq!(resolve_filter(filter).actor.as_deref(), Some("PRK"));
        assert_eq!(resolve_filter(ClaimFilter::default()).actor, None);
    }
}
