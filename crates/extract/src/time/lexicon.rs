//! The time words of a language, compiled once into lookups: one table from a lowercase
//! word to what it can be (month, weekday, unit, number, ordinal), and phrase lists matched
//! token by token, longest first.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use tally_lang::{Lang, TimeRuleWords, WordSet};

use super::point::{Unit, SEASONS};
use super::scan::{tokenize, Tok};

/// What one word can be.
#[derive(Debug, Clone, Default)]
pub(super) struct Info {
    /// Month 1..=12, and whether this is an abbreviation.
    pub month: Option<(i8, bool)>,
    /// Weekday, Monday = 0, and whether this is an abbreviation.
    pub weekday: Option<(u8, bool)>,
    /// A calendar unit, and whether the word is plural.
    pub unit: Option<(Unit, bool)>,
    /// A number word below a hundred ("two", "twenty").
    pub number: Option<u32>,
    /// Whether the number word is a tens word ("twenty").
    pub tens: bool,
    /// An ordinal word ("third").
    pub ordinal: Option<u32>,
}

/// A filter on words by their first and last bytes and their length: a word it turns
/// away is none of the words put in. Most words of a text are no time word, and are turned
/// away without being hashed or compared.
#[derive(Debug, Clone, Default)]
pub(super) struct WordFilter([u64; WORD_FILTER_BITS / 64]);

/// The size of a [`WordFilter`], in bits.
const WORD_FILTER_BITS: usize = 1024;

impl WordFilter {
    fn bit(word: &str) -> usize {
        let bytes = word.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return 0;
        };
        let packed = u32::from(first) | u32::from(last) << 8 | (bytes.len() as u32) << 16;
        // Fibonacci hashing: the top bits of the product.
        (packed.wrapping_mul(0x9e37_79b1) >> (32 - WORD_FILTER_BITS.trailing_zeros())) as usize
    }

    fn insert(&mut self, word: &str) {
        let bit = WordFilter::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether `word` may be one of the words put in.
    #[inline]
    fn may_hold(&self, word: &str) -> bool {
        let bit = WordFilter::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A list of phrases, each split into lowercase tokens, with a value each.
#[derive(Debug, Clone)]
pub(super) struct Phrases<T> {
    /// Longest first, so the first match is the longest.
    entries: Vec<(Vec<String>, T)>,
    /// The first and last words of the phrases.
    first: WordFilter,
    last: WordFilter,
    /// The phrases by their first word and by their last, as indices into `entries` in
    /// its order: a word is hashed once and compared with the phrases it can start or end,
    /// not with every phrase of the list.
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
    /// The first phrase with no word, if any: it matches anywhere, after every longer one.
    empty: Option<usize>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            entries: Vec::new(),
            first: WordFilter::default(),
            last: WordFilter::default(),
            by_first: HashMap::default(),
            by_last: HashMap::default(),
            empty: None,
        }
    }
}

/// Splits a phrase with the tokenizer of the texts, so both match token by token.
fn split(phrase: &str) -> Vec<String> {
    let mut toks: Vec<Tok> = Vec::new();
    // Where tokens end does not depend on which suffixes are ordinal.
    tokenize(phrase, 0..phrase.len(), &WordSet::default(), &mut toks);
    toks.iter()
        .map(|t| phrase[t.start..t.end].to_string())
        .collect()
}

impl<T> Phrases<T> {
    pub(super) fn push(&mut self, phrase: &str, value: T) {
        let words = split(phrase);
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            self.first.insert(first);
            self.last.insert(last);
        }
        self.entries.push((words, value));
        // Longest first, so the first match is the longest.
        self.entries
            .sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        self.by_first.clear();
        self.by_last.clear();
        self.empty = None;
        for (k, (words, _)) in self.entries.iter().enumerate() {
            match (words.first(), words.last()) {
                (Some(first), Some(last)) => {
                    self.by_first.entry(first.clone()).or_default().push(k);
                    self.by_last.entry(last.clone()).or_default().push(k);
                }
                _ => {
                    self.empty.get_or_insert(k);
                }
            }
        }
    }

    pub(super) fn from_list(list: &[String], value: T) -> Phrases<T>
    where
        T: Clone,
    {
        let mut out = Phrases::default();
        for phrase in list {
            out.push(phrase, value.clone());
        }
        out
    }

    /// The longest phrase starting at token `i`: the token after it and its value.
    pub(super) fn at(&self, words: &[&str], i: usize) -> Option<(usize, &T)> {
        let found = words
            .get(i)
            .filter(|w| self.first.may_hold(w))
            .and_then(|w| self.by_first.get(*w))
            .and_then(|list| {
                list.iter().find_map(|&k| {
                    let (phrase, value) = &self.entries[k];
                    let end = i + phrase.len();
                    (end <= words.len() && phrase[1..] == words[i + 1..end]).then_some((end, value))
                })
            });
        found.or_else(|| {
            let k = self.empty.filter(|_| i <= words.len())?;
            Some((i, &self.entries[k].1))
        })
    }

    /// The longest phrase ending right before token `end`: its first token and its value.
    pub(super) fn before(&self, words: &[&str], end: usize) -> Option<(usize, &T)> {
        let found = end
            .checked_sub(1)
            .and_then(|k| words.get(k))
            .filter(|w| self.last.may_hold(w))
            .and_then(|w| self.by_last.get(*w))
            .and_then(|list| {
                list.iter().find_map(|&k| {
                    let (phrase, value) = &self.entries[k];
                    let start = end.checked_sub(phrase.len())?;
                    (phrase[..phrase.len() - 1] == words[start..end - 1]).then_some((start, value))
                })
            });
        found.or_else(|| {
            let k = self.empty.filter(|_| end <= words.len())?;
            Some((end, &self.entries[k].1))
        })
    }

    pub(super) fn first_words(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter_map(|(words, _)| words.first().map(String::as_str))
    }
}

/// The compiled time words.
#[derive(Debug, Clone, Default)]
pub(super) struct Lexicon {
    pub words: HashMap<String, Info>,
    /// The keys of `words`.
    words_filter: WordFilter,
    /// Words that may start an expression; a token that is neither this nor a number is skipped.
    pub starters: HashSet<String>,
    /// The keys of `starters`.
    starters_filter: WordFilter,
    pub day_words: Phrases<(i64, Option<&'static str>)>,
    pub references: Phrases<&'static str>,
    pub shifts: Phrases<i64>,
    pub windows: Phrases<i64>,
    pub parts: Phrases<&'static str>,
    pub seasons: Phrases<u8>,
    pub day_parts: Phrases<&'static str>,
    pub one: Phrases<()>,
    pub vague: Phrases<()>,
    pub ago: Phrases<()>,
    pub sets: Phrases<String>,
    pub every: Phrases<()>,
    pub modifiers: Phrases<()>,
    pub cues: Phrases<&'static str>,
    pub range_open: Phrases<()>,
    pub range_joiners: Phrases<()>,
    pub am: Phrases<()>,
    pub pm: Phrases<()>,
    pub noon: Phrases<()>,
    pub midnight: Phrases<()>,
    /// The resolver's own words (`time` in `en/words.toml`).
    pub rule_words: TimeRuleWords,
}

const REFERENCES: [&str; 3] = ["PRESENT_REF", "PAST_REF", "FUTURE_REF"];
const DAY_PARTS: [&str; 4] = ["MO", "AF", "EV", "NI"];

fn intern(value: &str, known: &[&'static str]) -> Option<&'static str> {
    known.iter().copied().find(|k| *k == value)
}

impl Lexicon {
    pub(super) fn new(lang: &Lang) -> Lexicon {
        let t = &lang.time;
        let mut lex = Lexicon::default();
        fn info<'m>(words: &'m mut HashMap<String, Info>, word: &str) -> &'m mut Info {
            words.entry(word.to_string()).or_default()
        }
        for (m, names) in lang.calendar.months.iter().enumerate() {
            for (k, name) in names.iter().enumerate() {
                info(&mut lex.words, name).month = Some((m as i8 + 1, k > 0));
            }
        }
        for (d, names) in lang.calendar.weekdays.iter().enumerate() {
            for (k, name) in names.iter().enumerate() {
                info(&mut lex.words, name).weekday = Some((d as u8, k > 0));
            }
        }
        for u in &t.units {
            let Some(unit) = Unit::from_name(&u.unit) else {
                continue;
            };
            for w in &u.singular {
                info(&mut lex.words, w).unit = Some((unit, false));
            }
            for w in &u.plural {
                info(&mut lex.words, w).unit = Some((unit, true));
            }
        }
        for (w, v) in lang.numbers.units.iter().filter(|(_, v)| **v >= 1.0) {
            info(&mut lex.words, w).number = Some(*v as u32);
        }
        for (w, v) in &lang.numbers.tens {
            let i = info(&mut lex.words, w);
            i.number = Some(*v as u32);
            i.tens = true;
        }
        for (w, v) in &t.ordinals {
            info(&mut lex.words, w).ordinal = Some(*v);
        }
        for d in &t.day_words {
            let part = d.part.as_deref().and_then(|p| intern(p, &DAY_PARTS));
            for p in &d.phrases {
                lex.day_words.push(p, (d.offset, part));
            }
        }
        for r in &t.references {
            if let Some(v) = intern(&r.value, &REFERENCES) {
                for p in &r.phrases {
                    lex.references.push(p, v);
                }
            }
        }
        for s in &t.shifts {
            for p in &s.phrases {
                lex.shifts.push(p, s.value);
            }
        }
        for s in &t.windows {
            for p in &s.phrases {
                lex.windows.push(p, s.value);
            }
        }
        for s in &t.parts {
            if let Some(v) = intern(&s.value, tally_lang::PARTS) {
                for p in &s.phrases {
                    lex.parts.push(p, v);
                }
            }
        }
        for s in &t.seasons {
            if let Some(idx) = SEASONS.iter().position(|c| *c == s.value) {
                for p in &s.phrases {
                    lex.seasons.push(p, idx as u8);
                }
            }
        }
        for s in &t.day_parts {
            if let Some(v) = intern(&s.value, &DAY_PARTS) {
                for p in &s.phrases {
                    lex.day_parts.push(p, v);
                }
            }
        }
        for s in &t.sets {
            for p in &s.phrases {
                lex.sets.push(p, s.value.clone());
            }
        }
        for s in &t.cues {
            if let Some(v) = intern(&s.value, tally_lang::CUES) {
                for p in &s.phrases {
                    lex.cues.push(p, v);
                }
            }
        }
        lex.one = Phrases::from_list(&t.one, ());
        lex.vague = Phrases::from_list(&t.vague_counts, ());
        lex.ago = Phrases::from_list(&t.ago, ());
        lex.every = Phrases::from_list(&t.every, ());
        lex.modifiers = Phrases::from_list(&t.modifiers, ());
        lex.range_open = Phrases::from_list(&t.range_open, ());
        lex.range_joiners = Phrases::from_list(&t.range_joiners, ());
        lex.am = Phrases::from_list(&t.clock.am, ());
        lex.pm = Phrases::from_list(&t.clock.pm, ());
        lex.noon = Phrases::from_list(&t.clock.noon, ());
        lex.midnight = Phrases::from_list(&t.clock.midnight, ());

        let mut starters: HashSet<String> = lex.words.keys().cloned().collect();
        let firsts: Vec<String> = [
            lex.day_words.first_words().collect::<Vec<_>>(),
            lex.references.first_words().collect(),
            lex.shifts.first_words().collect(),
            lex.windows.first_words().collect(),
            lex.parts.first_words().collect(),
            lex.seasons.first_words().collect(),
            lex.day_parts.first_words().collect(),
            lex.one.first_words().collect(),
            lex.vague.first_words().collect(),
            lex.sets.first_words().collect(),
            lex.every.first_words().collect(),
            lex.modifiers.first_words().collect(),
            lex.noon.first_words().collect(),
            lex.midnight.first_words().collect(),
        ]
        .concat()
        .into_iter()
        .map(str::to_string)
        .collect();
        starters.extend(firsts);
        // "the" opens windows ("the past week") and parts ("the end of"); "q" opens quarters.
        starters.insert("the".to_string());
        starters.insert("q".to_string());
        for word in lex.words.keys() {
            lex.words_filter.insert(word);
        }
        for word in &starters {
            lex.starters_filter.insert(word);
        }
        lex.starters = starters;
        lex.rule_words = lang.rule_words.time.clone();
        lex
    }

    /// What a lowercase word can be.
    pub(super) fn info(&self, word: &str) -> Option<&Info> {
        if !self.words_filter.may_hold(word) {
            return None;
        }
        self.words.get(word)
    }

    /// Whether a lowercase word may start an expression.
    pub(super) fn is_starter(&self, word: &str) -> bool {
        self.starters_filter.may_hold(word) && self.starters.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_longest_first() {
        let mut p = Phrases::default();
        p.push("the end of", 1);
        p.push("end of", 2);
        let words = ["at", "the", "end", "of", "march"];
        assert_eq!(p.at(&words, 1), Some((4, &1)));
        assert_eq!(p.at(&words, 2), Some((4, &2)));
        assert_eq!(p.before(&words, 4), Some((1, &1)));
    }

    #[test]
    fn english_words_are_classified() {
        let lang = Lang::english().unwrap();
        let lex = Lexicon::new(&lang);
        assert_eq!(lex.info("sept").unwrap().month, Some((9, true)));
        assert_eq!(lex.info("thursday").unwrap().weekday, Some((3, false)));
        assert_eq!(lex.info("weeks").unwrap().unit, Some((Unit::Week, true)));
        assert_eq!(lex.info("twenty").unwrap().number, Some(20));
        assert!(lex.starters.contains("yesterday"));
    }
}
