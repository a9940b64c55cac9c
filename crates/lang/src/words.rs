//! The small words the rules of the grammar look for (`en/words.toml`): one table per
//! module of `tally-extract`, one [`WordSet`] per use, checked like the other files.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use crate::load::{is_lowercase, line_of, parse, Source};
use crate::{AttributionData, Error, CUES, REPORT_LEMMAS};

/// A set of words, looked up by a token's key in constant time.
#[derive(Debug, Clone, Default)]
pub struct WordSet(FxHashSet<String>);

impl WordSet {
    /// Whether `word` (lowercase) is in the set.
    ///
    /// # Example
    ///
    /// ```
    /// let lang = tally_lang::Lang::english().unwrap();
    /// assert!(lang.rule_words.claim.copulas.contains("were"));
    /// assert!(!lang.rule_words.claim.copulas.contains("Were"));
    /// ```
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// How many words the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What an entry of a list must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One word as a token's key: letters only.
    Word,
    /// The ending of a word with its hyphen ("-run").
    Suffix,
    /// The name of a time cue, one of [`CUES`].
    Cue,
    /// A reporting verb's lemma, one of [`REPORT_LEMMAS`].
    Lemma,
    /// A form of a reporting verb of `en/attribution.toml`.
    ReportForm,
}

/// Declares the tables of `words.toml`: for each, a struct of word sets and its reader.
macro_rules! word_tables {
    ($(
        $(#[$table_doc:meta])*
        $table:ident: $Table:ident {
            $( $(#[$field_doc:meta])* $field:ident: $shape:ident, )*
        }
    )*) => {
        $(
            $(#[$table_doc])*
            #[derive(Debug, Clone, Default)]
            pub struct $Table {
                $( $(#[$field_doc])* pub $field: WordSet, )*
            }

            impl $Table {
                fn read(reader: &mut Reader<'_>) -> Result<$Table, Error> {
                    let table = stringify!($table);
                    Ok($Table {
                        $( $field: reader.list(table, stringify!($field), Shape::$shape)?, )*
                    })
                }
            }
        )*

        /// The small words the rules of the grammar look for, one table per module of
        /// `tally-extract` (`en/words.toml`).
        #[derive(Debug, Clone, Default)]
        pub struct RuleWords {
            $( $(#[$table_doc])* pub $table: $Table, )*
        }

        impl RuleWords {
            fn read(reader: &mut Reader<'_>) -> Result<RuleWords, Error> {
                let words = RuleWords { $( $table: $Table::read(reader)?, )* };
                reader.no_unknown_keys(&[$( (stringify!($table), &[$(stringify!($field)),*]), )*])?;
                Ok(words)
            }
        }
    };
}

word_tables! {
    /// Words of `claim.rs`: the counted phrase, the predicate, shares and coordination.
    claim: ClaimWords {
        /// End a noun phrase right of a figure ("5,000 people in Gaza").
        phrase_stop: Word,
        /// Auxiliaries after a comma or a relative clause ("14 civilians, have been killed").
        finite_auxiliaries: Word,
        /// Skipped after "of" ("a third of the casualties").
        of_determiners: Word,
        /// Point back at an earlier figure ("the figure", "the toll").
        anaphors: Word,
        /// Before a verb of level, the people harmed ("the number of victims reached").
        level_victims: Word,
        /// Before the noun of a level, make it a rate ("the daily number of losses is 899").
        level_rates: Word,
        /// After "of", the group just counted ("of them").
        of_pronouns: Word,
        /// After a rate phrase, make it a time ("a day after").
        rate_time_after: Word,
        /// Open a relative clause ("who had fled").
        relative_pronouns: Word,
        /// The subject of an object relative clause ("the troops that he put on alert").
        subject_pronouns: Word,
        /// Before a border, say troops stand there ("along the Ukraine border").
        border_prepositions: Word,
        /// Before a noun of equipment, make it civilian ("commercial vessels").
        civilian_craft: Word,
        /// Make a verb passive or infinitive ("were killed", "to be deployed").
        auxiliaries: Word,
        /// Start an object after a verb ("slaughtered more than 1,200").
        object_starts: Word,
        /// Predicates that take no object, so what follows is no object ("3,000 died over
        /// 30 years").
        intransitives: Word,
        /// Open a complement of the counted noun ("20 generals of the army were killed").
        complement_starts: Word,
        /// A copula after a share ("60% of the dead were civilians").
        copulas: Word,
        /// Skipped after that copula ("were mostly civilians").
        copula_adverbs: Word,
        /// Before a share, the group just counted ("of whom about 20%").
        share_pronouns: Word,
        /// Open a sentence with a subject that points back ("That is a third of…").
        opening_pronouns: Word,
        /// Join a figure to the one before it ("and", "including").
        coordinators: Word,
        /// After "of", a group named before ("five of them").
        group_references: Word,
        /// Make a noun the speaker ("…, police said").
        speaker_verbs: ReportForm,
    }

    /// Words of `notclaim.rs`: "one" that is a pronoun.
    notclaim: NotClaimWords {
        /// Before "one" ("no one").
        pronoun_before: Word,
        /// After "one" ("one another").
        pronoun_after: Word,
        /// Before "one" as an adjective ("the last one").
        pronoun_adjectives: Word,
        /// Skipped after "one of" before a superlative ("one of the largest").
        superlative_determiners: Word,
        /// After "one of", a speaker ("one of the officials said").
        speaker_verbs: ReportForm,
        /// Before "one of", one person a member of a group ("was one of the journalists").
        member_copulas: Word,
        /// Between "one" and a speaker's verb, a verb of the clause ("one soldier was").
        speaker_not_between: Word,
    }

    /// Words of `actor.rs`: whose people are counted.
    actor: ActorWords {
        /// End the modifiers between an actor and an attack noun.
        phrase_stop: Word,
        /// After "on" ("inflicting casualties on the attackers"), the side that attacked.
        attacking_sides: Word,
        /// Before the subject of a conditional clause ("in case Russia threatens an
        /// attack"): an actor there, after the figure, is not the one counted.
        conditionals: Word,
        /// After a comma, a new clause ("…, and Finland and Sweden will be invited"): an
        /// actor past it, after the figure, is not the one counted.
        clause_joiners: Word,
        /// Skipped between a preposition and an actor ("in southern Lebanon").
        place_modifiers: Word,
        /// Before an actor, a place or a party ("in Lebanon", "against Ukraine").
        prepositions: Word,
        /// Skipped before an actor ("the Russian army").
        determiners: Word,
        /// Between a holder and its verb ("is still holding").
        holding_adverbs: Word,
        /// After a verb of holding, something else ("has been", "has lost").
        not_holding: Word,
        /// Between a host and its verb ("has already hosted").
        hosting_auxiliaries: Word,
        /// Between an attacker and its verb ("have reportedly killed").
        attack_auxiliaries: Word,
        /// After "the enemy", its own losses ("has lost").
        loss_words: Word,
        /// Where troops are sent or massed ("to Russia").
        deployment_places: Word,
        /// Where people fled to ("into Chad").
        destinations: Word,
        /// Fighters of no state, whose side only their own phrase names ("seven rebels").
        nonstate_fighters: Word,
        /// People from elsewhere, whose side only their own phrase names ("seven foreigners").
        foreigners: Word,
        /// People held by the other side, not of their holder ("59 hostages in Gaza").
        held_nouns: Word,
    }

    /// Words of `confidence.rs`: modality.
    confidence: ConfidenceWords {
        /// Open a relative clause about the people ("who could commit").
        relative_pronouns: Word,
        /// Before "May", make it the month ("since May").
        month_may_before: Word,
    }

    /// Words of `story.rs`: who says it and when.
    story: StoryWords {
        /// Announce the period an account covers ("covers a 15-month period").
        period_words: Word,
        /// Lemmas of reporting verbs that make a report an estimate ("estimate").
        estimate_lemmas: Lemma,
        /// Time cues whose day is not the day of a statement ("since").
        not_statement_cues: Cue,
        /// After the comma between an opening day and the speaker ("On Monday, the").
        determiners: Word,
    }

    /// Words of `source/`: who a source is.
    source: SourceWords {
        /// Before a last report noun, keep it in the name ("Bureau for Information").
        name_joiners: Word,
        /// Dropped from a source's name ("the").
        determiners: Word,
        /// Endings that say who runs a place ("-run"), dropped from a source's name.
        ruler_suffixes: Suffix,
        /// Lowercase words inside a capitalized name ending a headline ("of", "for").
        name_words: Word,
        /// After a report noun of "according to" ("a new assessment by").
        according_links: Word,
        /// Lowercase words inside the full name of an acronym ("for").
        acronym_joiners: Word,
        /// Before a speech noun in a document's first line, make it a transcript ("Full
        /// text of Zelensky's speech").
        transcript_words: Word,
        /// Nouns of a speech ("speech", "address", "remarks").
        speech_nouns: Word,
    }

    /// Words of `time/`: the resolver's own checks.
    time: TimeRuleWords {
        /// Before a bare number, make it a year ("fiscal 2025").
        year_before: Word,
        /// Between two years ("2022 and 2023").
        year_joiners: Word,
        /// Letters after digits that make an ordinal ("21st").
        ordinal_suffixes: Word,
    }

}

/// Reads the lists of the parsed file, checking each.
struct Reader<'a> {
    src: &'a Source,
    file: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    report_forms: FxHashSet<&'a str>,
}

impl Reader<'_> {
    /// The line of `needle` in `[table]`, after `field =` when given.
    fn line(&self, table: &str, field: Option<&str>, needle: &str) -> usize {
        let text = self.src.text;
        let mut from = text.find(&format!("[{table}]")).unwrap_or(0);
        if let Some(field) = field {
            from += text[from..].find(&format!("\n{field} =")).unwrap_or(0);
        }
        let at = text[from..].find(needle).map_or(from, |k| from + k);
        line_of(text, at)
    }

    fn error(&self, table: &str, field: Option<&str>, needle: &str, message: String) -> Error {
        Error::Invalid {
            file: self.src.file,
            line: self.line(table, field, needle),
            message,
        }
    }

    /// The list `table.field`, checked: present, lowercase, no duplicates, of its shape.
    fn list(&mut self, table: &str, field: &str, shape: Shape) -> Result<WordSet, Error> {
        let list = self
            .file
            .get(table)
            .and_then(|t| t.get(field))
            .ok_or_else(|| {
                self.error(
                    table,
                    None,
                    "",
                    format!("missing list {field:?} in [{table}]"),
                )
            })?;
        let mut set = FxHashSet::default();
        for word in list {
            let quoted = format!("{word:?}");
            if word.is_empty() || !is_lowercase(word) || word.trim() != word {
                return Err(Error::NotLowercase {
                    file: self.src.file,
                    line: self.line(table, Some(field), &quoted),
                    phrase: word.clone(),
                });
            }
            let letters = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
            let problem = match shape {
                Shape::Word => {
                    (!letters(word)).then(|| "is not one word (letters only)".to_string())
                }
                Shape::Suffix => (!word.strip_prefix('-').is_some_and(letters))
                    .then(|| "is not an ending with its hyphen (\"-run\")".to_string()),
                Shape::Cue => (!CUES.contains(&word.as_str()))
                    .then(|| format!("is not a time cue (one of {})", CUES.join(", "))),
                Shape::Lemma => (!REPORT_LEMMAS.contains(&word.as_str())).then(|| {
                    "is not a reporting verb's lemma (tally_lang::REPORT_LEMMAS)".to_string()
                }),
                Shape::ReportForm => (!self.report_forms.contains(word.as_str())).then(|| {
                    "is not a form of a reporting verb of en/attribution.toml".to_string()
                }),
            };
            if let Some(problem) = problem {
                return Err(self.error(
                    table,
                    Some(field),
                    &quoted,
                    format!("{table}.{field}: {quoted} {problem}"),
                ));
            }
            if !set.insert(word.clone()) {
                let first = self.line(table, Some(field), &quoted);
                let text = self.src.text;
                let second = text[..]
                    .match_indices(&quoted)
                    .map(|(k, _)| line_of(text, k))
                    .find(|&line| line > first)
                    .unwrap_or(first);
                return Err(Error::Duplicate {
                    file: self.src.file,
                    line: second,
                    phrase: word.clone(),
                });
            }
        }
        Ok(WordSet(set))
    }

    /// Refuses a table or a list the rules do not read.
    fn no_unknown_keys(&self, known: &[(&str, &[&str])]) -> Result<(), Error> {
        for (table, lists) in &self.file {
            let Some((_, fields)) = known.iter().find(|(t, _)| t == table) else {
                return Err(self.error(table, None, "", format!("unknown table [{table}]")));
            };
            if let Some(field) = lists.keys().find(|f| !fields.contains(&f.as_str())) {
                return Err(self.error(
                    table,
                    Some(field),
                    field,
                    format!("unknown list {field:?} in [{table}]"),
                ));
            }
        }
        Ok(())
    }
}

/// Loads `en/words.toml`; reporting verbs are checked against `attribution`.
pub(crate) fn load(attribution: &AttributionData) -> Result<RuleWords, Error> {
    let src = Source {
        file: "en/words.toml",
        text: include_str!("../data/en/words.toml"),
    };
    read(&src, attribution)
}

fn read(src: &Source, attribution: &AttributionData) -> Result<RuleWords, Error> {
    let mut reader = Reader {
        src,
        file: parse(src)?,
        report_forms: attribution
            .verbs
            .iter()
            .flat_map(|v| &v.forms)
            .map(String::as_str)
            .collect(),
    };
    RuleWords::read(&mut reader)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribution() -> AttributionData {
        crate::attribution::load().unwrap()
    }

    fn with(old: &str, new: &str) -> Result<RuleWords, Error> {
        let text = include_str!("../data/en/words.toml");
        assert!(text.contains(old), "{old:?} not in words.toml");
        let text: &'static str = Box::leak(text.replacen(old, new, 1).into_boxed_str());
        read(
            &Source {
                file: "en/words.toml",
                text,
            },
            &attribution(),
        )
    }

    #[test]
    fn the_english_rule_words_load() {
        let words = load(&attribution()).unwrap();
        assert!(words.claim.phrase_stop.contains("between"));
        assert_eq!(words.claim.copulas.len(), 4);
        assert!(words.story.not_statement_cues.contains("as of"));
        assert!(words.source.ruler_suffixes.contains("-run"));
    }

    #[test]
    fn a_word_list_refuses_what_is_no_word_with_its_line() {
        let err = with("copulas = [\"were\"", "copulas = [\"we re\"").unwrap_err();
        let line = include_str!("../data/en/words.toml")
            .lines()
            .position(|l| l.starts_with("copulas ="))
            .unwrap()
            + 1;
        assert!(
            matches!(err, Error::Invalid { line: l, .. } if l == line),
            "{err}"
        );
    }

    #[test]
    fn duplicates_unknown_lists_and_capitals_are_refused() {
        let dup = with("copulas = [\"were\"", "copulas = [\"is\", \"were\"").unwrap_err();
        assert!(matches!(dup, Error::Duplicate { .. }), "{dup}");
        let unknown = with("copulas =", "copula_s = [\"is\"]\ncopulas =").unwrap_err();
        assert!(unknown.to_string().contains("unknown list"), "{unknown}");
        let capital = with("copulas = [\"were\"", "copulas = [\"Were\"").unwrap_err();
        assert!(matches!(capital, Error::NotLowercase { .. }), "{capital}");
        let cue = with("\"as of\", \"since\"", "\"as of\", \"sinc\"").unwrap_err();
        assert!(cue.to_string().contains("time cue"), "{cue}");
        let verb = with(
            "speaker_verbs = [\"said\", \"say\"",
            "speaker_verbs = [\"sayd\", \"say\"",
        )
        .unwrap_err();
        assert!(verb.to_string().contains("reporting verb"), "{verb}");
    }
}
