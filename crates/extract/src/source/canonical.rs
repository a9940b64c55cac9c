//! Canonical source names: aliases from `common/sources.toml`, countries standing for their
//! governments ("Iran said" → "Iranian government"), possessives of countries ("Ukraine's
//! General Staff" → "Ukrainian General Staff") and titles dropped before a person's name
//! ("President Volodymyr Zelensky" → "Volodymyr Zelensky"). A name that none of these
//! folds is kept as written, without a leading determiner.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use tally_lang::{AttributionData, SourceKind, SourceWords};

/// The alias tables.
#[derive(Debug, Clone)]
pub(super) struct Canon {
    aliases: HashMap<String, (String, SourceKind)>,
    countries: HashMap<String, String>,
    titles: HashSet<String>,
    words: HashSet<String>,
    determiners: HashSet<String>,
    report_nouns: HashSet<String>,
    /// The words of `source` in `en/words.toml`.
    rule_words: SourceWords,
    /// Descriptions that name a source in the stories of its places: description →
    /// (places written capitalized, canonical name, kind).
    local: HashMap<String, Vec<(Vec<String>, String, SourceKind)>>,
    /// Which tables these are, for the names [`Canon::fold`] keeps folded (a clone keeps
    /// the id: its tables are the same).
    id: u64,
}

/// The ids of [`Canon`]s.
static CANONS: AtomicU64 = AtomicU64::new(0);

/// How many folded names a thread keeps before it forgets them all.
const FOLDED_MAX: usize = 4096;

/// The names a thread has folded, for the [`Canon`] of the id: a story names its sources
/// again and again, and folding one costs thousands of instructions.
#[derive(Default)]
struct Folded {
    id: u64,
    names: HashMap<Box<str>, (String, SourceKind)>,
}

thread_local! {
    static FOLDED: RefCell<Folded> = RefCell::default();
}

/// Lowercase, typographic apostrophes folded, spaces collapsed, edge punctuation trimmed.
pub(super) fn normalize(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| {
            if matches!(c, '\u{2019}' | '\u{2018}' | '`') {
                '\''
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| {
            matches!(
                c,
                ',' | '.' | ':' | ';' | '"' | '\u{201c}' | '\u{201d}' | '(' | ')' | '-'
            )
        })
        .to_lowercase()
}

/// "gaza" → "Gaza": a place as a text writes it.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Initials written with points are one acronym: "U.K. officials" → "UK officials", "the
/// U.S." → "the US".
fn undotted(name: &str) -> String {
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            let mut letters = String::new();
            let mut rest = w;
            while let Some(c) = rest.chars().next().filter(|c| c.is_alphabetic()) {
                let after = &rest[c.len_utf8()..];
                match after.strip_prefix('.') {
                    Some(tail) => {
                        letters.push(c);
                        rest = tail;
                    }
                    // "U.S" without its last point, at the end of a phrase.
                    None if !letters.is_empty() && after.is_empty() => {
                        letters.push(c);
                        rest = after;
                    }
                    None => break,
                }
            }
            if letters.chars().count() >= 2 {
                format!("{letters}{rest}")
            } else {
                w.to_string()
            }
        })
        .collect();
    words.join(" ")
}

impl Canon {
    pub fn new(data: &AttributionData, rule_words: &SourceWords) -> Canon {
        let mut aliases = HashMap::default();
        for source in &data.sources {
            aliases.insert(normalize(&source.name), (source.name.clone(), source.kind));
            for alias in &source.aliases {
                aliases.insert(alias.clone(), (source.name.clone(), source.kind));
            }
        }
        let mut countries = HashMap::default();
        for country in &data.countries {
            for name in &country.names {
                countries.insert(name.clone(), country.demonym.clone());
            }
        }
        let mut local: HashMap<String, Vec<(Vec<String>, String, SourceKind)>> = HashMap::default();
        for source in &data.sources {
            let places: Vec<String> = source.places.iter().map(|p| capitalized(p)).collect();
            for description in &source.local {
                local.entry(description.clone()).or_default().push((
                    places.clone(),
                    source.name.clone(),
                    source.kind,
                ));
            }
        }
        Canon {
            local,
            aliases,
            countries,
            titles: data.titles.iter().cloned().collect(),
            words: data.speaker_words.iter().cloned().collect(),
            determiners: data.determiners.iter().cloned().collect(),
            report_nouns: data.report_nouns.iter().cloned().collect(),
            rule_words: rule_words.clone(),
            id: CANONS.fetch_add(1, Ordering::Relaxed) + 1,
        }
    }

    /// The source a description names in a story about one of its places ("the health
    /// ministry" in a story about Gaza): a place named in `around`, the story's lead and the
    /// text near the description, not one named in passing far from it.
    pub fn local(&self, description: &str, around: &[&str]) -> Option<(String, SourceKind)> {
        let key = normalize(self.trimmed(description));
        let named = |place: &String| {
            around
                .iter()
                .any(|a| memchr::memmem::find(a.as_bytes(), place.as_bytes()).is_some())
        };
        self.local
            .get(&key)?
            .iter()
            .find(|(places, _, _)| places.iter().any(named))
            .map(|(_, name, kind)| (name.clone(), *kind))
    }

    /// Whether a speaker phrase holds a title ("the head of the agency", "the chief").
    pub fn has_title(&self, phrase: &str) -> bool {
        phrase
            .split_whitespace()
            .any(|w| self.titles.contains(normalize(w).trim_end_matches('.')))
    }

    /// Whether a word is a determiner ("the", "a").
    pub fn is_determiner(&self, word: &str) -> bool {
        self.determiners.contains(&word.to_lowercase())
    }

    /// The name without a leading determiner or a trailing document noun ("the Saudi-led
    /// coalition statement" → "Saudi-led coalition"), as written.
    fn trimmed<'n>(&self, name: &'n str) -> &'n str {
        let mut name = name.trim();
        if let Some((first, rest)) = name.split_once(char::is_whitespace) {
            if self.determiners.contains(&first.to_lowercase()) {
                name = rest.trim_start();
            }
        }
        if let Some((rest, last)) = name.rsplit_once(char::is_whitespace) {
            // Not the end of a name: "Bureau for Information".
            let joined = rest
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| self.rule_words.name_joiners.contains(&w.to_lowercase()));
            if self.report_nouns.contains(&last.to_lowercase()) && !joined {
                name = rest.trim_end();
            }
        }
        name
    }

    /// The canonical name of a source phrase, and what kind of source it is.
    pub fn fold(&self, name: &str) -> (String, SourceKind) {
        FOLDED.with(|folded| {
            let mut folded = folded.borrow_mut();
            if folded.id != self.id || folded.names.len() >= FOLDED_MAX {
                folded.id = self.id;
                folded.names.clear();
            }
            if let Some(found) = folded.names.get(name) {
                return found.clone();
            }
            let found = self.fold_anew(name);
            folded.names.insert(name.into(), found.clone());
            found
        })
    }

    /// [`Canon::fold`], without the names already folded.
    fn fold_anew(&self, name: &str) -> (String, SourceKind) {
        let undotted = undotted(name);
        let written = self
            .trimmed(&undotted)
            .trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '"'));
        let norm = normalize(written);
        if norm == "publisher" {
            return ("publisher".to_string(), SourceKind::Institution);
        }
        if let Some((canonical, kind)) = self.aliases.get(&norm) {
            return (canonical.clone(), *kind);
        }
        // "the health ministry in the Hamas-run Gaza Strip": without determiners and
        // qualifiers of who runs a place ("health ministry in gaza strip").
        let plain: Vec<&str> = norm
            .split(' ')
            .filter(|w| {
                !self.rule_words.determiners.contains(w)
                    && !self
                        .rule_words
                        .ruler_suffixes
                        .iter()
                        .any(|q| w.ends_with(q))
            })
            .collect();
        let plain = plain.join(" ");
        if let Some((canonical, kind)) = self
            .aliases
            .get(&plain)
            .or_else(|| self.aliases.get(plain.trim_end_matches(" strip")))
        {
            return (canonical.clone(), *kind);
        }
        if let Some(demonym) = self.countries.get(&norm) {
            return (format!("{demonym} government"), SourceKind::Institution);
        }
        // "Ukraine's General Staff" → "Ukrainian General Staff".
        let apostrophe_folded = written.replace(['\u{2019}', '\u{2018}'], "'");
        if let Some((owner, rest)) = apostrophe_folded.split_once("'s ") {
            if let Some(known) = self.aliases.get(&normalize(rest)) {
                return known.clone();
            }
            if let Some(demonym) = self.countries.get(&normalize(owner)) {
                let name = format!("{demonym} {}", rest.trim());
                return self
                    .aliases
                    .get(&normalize(&name))
                    .cloned()
                    .unwrap_or((name, SourceKind::Institution));
            }
        }
        if let Some(person) = self.person_after_title(written) {
            return self
                .aliases
                .get(&normalize(&person))
                .cloned()
                .unwrap_or((person, SourceKind::Person));
        }
        // Kept as written, its line breaks and runs of spaces made single spaces.
        (
            written.split_whitespace().collect::<Vec<_>>().join(" "),
            self.kind_of(written),
        )
    }

    /// The person's name after a title ("Senior Sergeant Petro Haidashchuk"): the
    /// capitalized words after the last title or lowercase word, when they hold no word of
    /// an institution ("General Staff" is no person).
    fn person_after_title(&self, written: &str) -> Option<String> {
        let words: Vec<&str> = written.split_whitespace().collect();
        let cut = words.iter().rposition(|w| {
            let key = normalize(w);
            let key = key.trim_end_matches('.');
            self.titles.contains(key) || w.chars().next().is_some_and(char::is_lowercase)
        })?;
        let name = &words[cut + 1..];
        let titled = self
            .titles
            .contains(normalize(words[cut]).trim_end_matches('.'));
        if name.is_empty() || !titled || name.len() > 4 {
            return None;
        }
        let is_name = name.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !self.words.contains(&normalize(w))
                && !w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        });
        is_name.then(|| name.join(" "))
    }

    /// The kind of a name the gazetteer does not know.
    fn kind_of(&self, written: &str) -> SourceKind {
        let words: Vec<&str> = written.split_whitespace().collect();
        let Some(last) = words.last() else {
            return SourceKind::Institution;
        };
        let last_key = normalize(last);
        if last.chars().next().is_some_and(char::is_lowercase)
            && last_key.ends_with('s')
            && self.words.contains(&last_key)
        {
            return SourceKind::Group;
        }
        let all_caps = |w: &str| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        };
        let person = !words.is_empty()
            && words.len() <= 4
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !self.words.contains(&normalize(w))
                    && !all_caps(w)
            })
            && !words
                .iter()
                .any(|w| self.countries.contains_key(&normalize(w)));
        if person {
            SourceKind::Person
        } else {
            SourceKind::Institution
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon() -> Canon {
        let lang = tally_lang::Lang::english().unwrap();
        Canon::new(&lang.attribution, &lang.rule_words.source)
    }

    #[test]
    fn aliases_fold_to_one_name() {
        let c = canon();
        for name in [
            "British Defense Ministry",
            "the British Ministry of Defense",
            "UK Ministry of Defence",
            "Britain’s Ministry of Defence",
        ] {
            assert_eq!(c.fold(name).0, "UK Ministry of Defence", "{name}");
        }
        assert_eq!(c.fold("IRNA").0, "Islamic Republic News Agency");
        assert_eq!(
            c.fold("the official Iraqi news agency INA").0,
            "Iraqi News Agency"
        );
    }

    #[test]
    fn countries_and_possessives() {
        let c = canon();
        assert_eq!(c.fold("Iran").0, "Iranian government");
        assert_eq!(
            c.fold("Ukraine's General Staff").0,
            "Ukrainian General Staff"
        );
        assert_eq!(c.fold("Chad’s army command").0, "Chadian army command");
    }

    #[test]
    fn titles_are_dropped_before_names() {
        let c = canon();
        assert_eq!(
            c.fold("President Volodymyr Zelensky").0,
            "Volodymyr Zelensky"
        );
        assert_eq!(c.fold("Fleet Admiral Jane Doe").0, "Jane Doe");
        assert_eq!(
            c.fold("regional governor Ivan Petrenko"),
            ("Ivan Petrenko".to_string(), SourceKind::Person)
        );
        assert_eq!(
            c.fold("Ukrainian General Staff").0,
            "Ukrainian General Staff"
        );
    }

    #[test]
    fn unknown_names_are_kept_as_written() {
        let c = canon();
        assert_eq!(
            c.fold("the South Korean military and intelligence officials"),
            (
                "South Korean military and intelligence officials".to_string(),
                SourceKind::Group
            )
        );
        assert_eq!(c.fold("a Red Cross spokesman").0, "Red Cross spokesman");
        assert_eq!(c.fold("publisher").0, "publisher");
    }

    #[test]
    fn dotted_initials_are_one_acronym() {
        let c = canon();
        assert_eq!(c.fold("U.K. officials").0, "UK officials");
        assert_eq!(
            c.fold("the U.S. Defense Department").0,
            "US Department of Defense"
        );
        assert_eq!(c.fold("St. Mary's hospital").0, "St. Mary's hospital");
        assert_eq!(c.fold("Jane A. Doe").0, "Jane A. Doe");
    }
}
