//! Speaker noun phrases: where the phrase naming a source starts and ends.
//!
//! A speaker's phrase is a run of capitalized words and of the lowercase words of the
//! language data's speaker list ("officials", "ministry"), joined by "of", "and", "for"
//! and possessives: "the South Korean Joint Chiefs of Staff", "Ukraine's General Staff",
//! "military and intelligence officials", "a spokesman for the army". It may open with a
//! determiner, which is not part of the name. A phrase right after a preposition is an
//! object or an agent ("detained by Ukrainian forces"), never a speaker.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use tally_lang::{AttributionData, Calendar, SourceKind};

use crate::token::{Token, TokenKind};

/// A speaker's phrase: token range `[start, end)` without its determiner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Phrase {
    pub start: usize,
    pub end: usize,
    /// Whether a determiner ("the", "a") opens it.
    pub determiner: bool,
    /// The kind of a pronoun ("it", "he", "they").
    pub pronoun: Option<SourceKind>,
}

/// The word lists that delimit speaker phrases.
#[derive(Debug, Clone)]
pub(super) struct Lexicon {
    words: HashSet<String>,
    joiners: HashSet<String>,
    determiners: HashSet<String>,
    stop: HashSet<String>,
    prepositions: HashSet<String>,
    between: HashSet<String>,
    pronouns: HashMap<String, SourceKind>,
    /// Month and weekday names, lowercase: "the Pentagon on Wednesday announced".
    calendar: HashSet<String>,
}

fn hash(list: &[String]) -> HashSet<String> {
    list.iter().cloned().collect()
}

impl Lexicon {
    pub fn new(data: &AttributionData, calendar: &Calendar) -> Lexicon {
        let mut pronouns = HashMap::default();
        for (list, kind) in [
            (&data.pronouns_institution, SourceKind::Institution),
            (&data.pronouns_person, SourceKind::Person),
            (&data.pronouns_group, SourceKind::Group),
        ] {
            for p in list {
                pronouns.insert(p.clone(), kind);
            }
        }
        Lexicon {
            words: hash(&data.speaker_words),
            joiners: hash(&data.joiners),
            determiners: hash(&data.determiners),
            stop: hash(&data.stop),
            prepositions: hash(&data.prepositions),
            between: hash(&data.between),
            pronouns,
            calendar: calendar
                .months
                .iter()
                .chain(&calendar.weekdays)
                .flatten()
                .cloned()
                .collect(),
        }
    }

    /// Whether a token can be part of a speaker's name.
    pub fn is_name_word(&self, t: &Token<'_>) -> bool {
        if t.kind != TokenKind::Word {
            return false;
        }
        if t.is_capitalized() {
            // An acronym is a name even when its letters spell a word ("US").
            if t.text.len() > 1 && t.text.chars().all(|c| c.is_ascii_uppercase()) {
                return true;
            }
            return !self.stop.contains(t.key)
                && !self.determiners.contains(t.key)
                && !self.pronouns.contains_key(t.key);
        }
        self.words.contains(t.key)
    }

    /// Whether a token is one of the common words of a speaker's phrase ("ministry",
    /// "officials"), capitalized or not.
    pub fn is_speaker_word(&self, t: &Token<'_>) -> bool {
        t.kind == TokenKind::Word && self.words.contains(t.key)
    }

    pub fn is_determiner(&self, t: &Token<'_>) -> bool {
        t.kind == TokenKind::Word && self.determiners.contains(t.key)
    }

    pub fn is_preposition(&self, t: &Token<'_>) -> bool {
        t.kind == TokenKind::Word && !t.is_capitalized() && self.prepositions.contains(t.key)
    }

    /// Whether tokens `i`, `i + 1` are the glued "-led" of a compound ("Saudi-led",
    /// "Hamas-run").
    fn is_compound(&self, tokens: &[Token<'_>], i: usize) -> bool {
        tokens[i].key == "-"
            && !tokens[i].space_before
            && tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && !n.space_before
                    && !n.is_capitalized()
                    && !self.is_name_word(n)
            })
    }

    pub fn is_joiner(&self, t: &Token<'_>) -> bool {
        // A hyphen joins ("Hamas-run"); a dash with spaces ends a dateline ("MANILA - Rebels").
        self.joiners.contains(t.key) && !t.is_capitalized() && !(t.key == "-" && t.space_before)
    }

    /// A period inside an abbreviation of capitals ("U.S.").
    fn is_inner_period(tokens: &[Token<'_>], i: usize) -> bool {
        tokens[i].key == "."
            && i > 0
            && tokens[i - 1].text.len() == 1
            && tokens[i - 1].is_capitalized()
            && (tokens
                .get(i + 1)
                .is_some_and(|n| !n.space_before && n.text.len() == 1 && n.is_capitalized())
                || (i >= 2 && tokens[i - 2].key == "." && !tokens[i - 1].space_before))
    }

    /// The speaker phrase that ends right before token `end`, skipping words that stand
    /// between a subject and its verb ("also", "has"), and an apposition between commas
    /// ("IRNA, monitored in London, said").
    pub fn before(&self, tokens: &[Token<'_>], end: usize) -> Option<Phrase> {
        let mut j = end;
        loop {
            while j > 0
                && tokens[j - 1].kind == TokenKind::Word
                && self.between.contains(tokens[j - 1].key)
            {
                j -= 1;
            }
            // A day between the subject and its verb: "the Pentagon on Wednesday announced",
            // "the ministry on March 27 said".
            let mut k = j;
            if k > 0
                && tokens[k - 1].kind == TokenKind::Digits
                && k >= 2
                && self.calendar.contains(tokens[k - 2].key)
            {
                k -= 2;
            } else if k > 0
                && tokens[k - 1].is_capitalized()
                && self.calendar.contains(tokens[k - 1].key)
            {
                k -= 1;
            } else {
                break;
            }
            if k > 0 && tokens[k - 1].key == "on" {
                k -= 1;
            }
            j = k;
        }
        if j > 0 && tokens[j - 1].key == "," {
            // An apposition: the speaker stands before the first comma.
            let close = j - 1;
            let open = (close.saturating_sub(24)..close)
                .rev()
                .find(|&k| tokens[k].key == ",")?;
            if tokens[open + 1..close]
                .iter()
                .any(|t| t.kind == TokenKind::Digits || t.key == "\"")
            {
                return None;
            }
            return self.phrase_ending(tokens, open);
        }
        self.phrase_ending(tokens, j)
    }

    fn phrase_ending(&self, tokens: &[Token<'_>], end: usize) -> Option<Phrase> {
        if end == 0 {
            return None;
        }
        let last = &tokens[end - 1];
        if last.kind == TokenKind::Word {
            if let Some(&kind) = self.pronouns.get(last.key) {
                return Some(Phrase {
                    start: end - 1,
                    end,
                    determiner: false,
                    pronoun: Some(kind),
                });
            }
        }
        let mut start = end;
        let mut i = end;
        let mut determiner = false;
        while i > 0 {
            let t = &tokens[i - 1];
            if self.is_name_word(t) {
                i -= 1;
                start = i;
            } else if t.key == "s"
                && i >= 3
                && tokens[i - 2].key == "'"
                && !t.space_before
                && self.is_name_word(&tokens[i - 3])
                && start == i
            {
                i -= 2;
            } else if (t.key == "." && Self::is_inner_period(tokens, i - 1))
                || (self.is_joiner(t) && start == i && i >= 2 && self.is_name_word(&tokens[i - 2]))
            {
                i -= 1;
            } else if self.is_determiner(t) && start == i {
                // "a spokesman for the army"; but "... in the Philippines and an army
                // spokesman said" starts a new speaker at its determiner.
                let inner = i >= 3
                    && self.is_joiner(&tokens[i - 2])
                    && tokens[i - 2].key != "and"
                    && self.is_name_word(&tokens[i - 3]);
                if inner {
                    i -= 2;
                } else {
                    determiner = true;
                    i -= 1;
                    break;
                }
            } else {
                break;
            }
        }
        if start >= end {
            return None;
        }
        let mut before = if determiner {
            i.checked_sub(1)
        } else {
            start.checked_sub(1)
        };
        // "the health ministry in the Hamas-run Gaza Strip": a qualifier ("Hamas-run") and
        // a determiner before a place.
        if let Some(b) =
            before.filter(|&b| !determiner && b >= 2 && self.is_compound(tokens, b - 1))
        {
            let mut k = b - 2;
            if k > 0 && self.is_determiner(&tokens[k - 1]) {
                k -= 1;
            }
            before = k.checked_sub(1);
        }
        if let Some(b) = before.filter(|&b| self.is_preposition(&tokens[b])) {
            // The place of a body named before it: "the health ministry in Gaza".
            if tokens[b].key == "in" {
                // Only a common noun phrase ("officials", "the health ministry"), not a
                // named one ("head of the UN human rights office in Ukraine").
                let common =
                    |h: &Phrase| (h.start..h.end).all(|k| !tokens[k].is_capitalized() || k == 0);
                if let Some(head) = self.phrase_ending(tokens, b).filter(|h| {
                    self.words.contains(tokens[h.end - 1].key) && h.pronoun.is_none() && common(h)
                }) {
                    return Some(Phrase {
                        start: head.start,
                        end,
                        determiner: head.determiner,
                        pronoun: None,
                    });
                }
            }
            return None;
        }
        // The object of a participle is no speaker: "Sumy oblast bordering Russia reported".
        if before.is_some_and(|b| {
            tokens[b].kind == TokenKind::Word
                && !tokens[b].is_capitalized()
                && tokens[b].key.len() > 5
                && tokens[b].key.ends_with("ing")
                && !self.is_name_word(&tokens[b])
        }) {
            return None;
        }
        Some(Phrase {
            start,
            end,
            determiner,
            pronoun: None,
        })
    }

    /// The speaker phrase that starts at token `start` (after an inverted verb, "according
    /// to", "citing", a headline colon).
    pub fn after(&self, tokens: &[Token<'_>], start: usize) -> Option<Phrase> {
        let mut i = start;
        let mut determiner = false;
        if tokens.get(i).is_some_and(|t| self.is_determiner(t)) {
            determiner = true;
            i += 1;
        }
        if let Some(t) = tokens.get(i) {
            if !determiner && t.kind == TokenKind::Word {
                if let Some(&kind) = self.pronouns.get(t.key) {
                    return Some(Phrase {
                        start: i,
                        end: i + 1,
                        determiner: false,
                        pronoun: Some(kind),
                    });
                }
            }
        }
        let first = i;
        let mut end = i;
        while i < tokens.len() {
            let t = &tokens[i];
            let next_is_word = |k: usize| tokens.get(k).is_some_and(|n| self.is_name_word(n));
            if self.is_name_word(t) {
                i += 1;
                end = i;
            } else if t.key == "'"
                && end == i
                && i > first
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.key == "s" && !n.space_before)
                && next_is_word(i + 2)
            {
                i += 2;
            } else if t.key == "." && Self::is_inner_period(tokens, i) {
                i += 1;
                end = i;
            } else if self.is_compound(tokens, i) && end == i && i > first && next_is_word(i + 2) {
                // "a Saudi-led coalition": the compound qualifies the name that follows.
                i += 2;
            } else if self.is_joiner(t)
                && end == i
                && i > first
                && (next_is_word(i + 1)
                    || (tokens.get(i + 1).is_some_and(|n| self.is_determiner(n))
                        && next_is_word(i + 2)))
            {
                i += if next_is_word(i + 1) { 1 } else { 2 };
            } else {
                break;
            }
        }
        (end > first).then_some(Phrase {
            start: first,
            end,
            determiner,
            pronoun: None,
        })
    }
}
