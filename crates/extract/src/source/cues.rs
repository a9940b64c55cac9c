//! Finds attribution cues in a sentence: reporting verbs, "according to", "citing", "in a
//! statement", possessive report nouns ("the ministry's assessment"), the headline form
//! "…: British Defense Ministry", and the article's own commentary ("the figure").

use tally_lang::{AttributionData, SourceWords, WordSet};

use crate::phrase::{KeyFilter, PhraseSet};
use crate::token::{Token, TokenKind};

/// What kind of cue was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A reporting verb with its lemma.
    Verb(&'static str),
    /// "according to": the source follows.
    According,
    /// "citing": the origin follows.
    Citing,
    /// "in a statement": the speaker follows.
    Statement,
    /// "X's assessment": the speaker precedes the possessive.
    Possessive,
    /// "…: British Defense Ministry" at the end of a headline.
    Headline,
    /// A phrase of the article's own voice ("the figure accounts for").
    Commentary,
}

/// One cue: its kind and token range `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cue {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
}

/// The cue phrases compiled for matching.
#[derive(Debug, Clone)]
pub(super) struct Cues {
    verbs: PhraseSet<&'static str>,
    according: PhraseSet<()>,
    citing: PhraseSet<()>,
    statement: PhraseSet<()>,
    pub report_nouns: PhraseSet<()>,
    pub report_modifiers: PhraseSet<()>,
    commentary: PhraseSet<()>,
    /// Lowercase words inside a capitalized name ("of", "for").
    name_words: WordSet,
    /// What the first keys of the cue phrases let through: a token it turns away starts
    /// no cue but the headline's colon.
    first_keys: KeyFilter,
}

fn set(phrases: &[String]) -> PhraseSet<()> {
    PhraseSet::new(phrases.iter().map(|p| (p.as_str(), ())))
}

impl Cues {
    pub fn new(data: &AttributionData, rule_words: &SourceWords) -> Cues {
        let mut verbs = PhraseSet::default();
        for verb in &data.verbs {
            for form in &verb.forms {
                verbs.insert(form, verb.lemma);
            }
        }
        let mut cues = Cues {
            verbs,
            according: set(&data.according),
            citing: set(&data.citing),
            statement: set(&data.statement),
            report_nouns: set(&data.report_nouns),
            report_modifiers: set(&data.report_modifiers),
            commentary: set(&data.commentary),
            name_words: rule_words.name_words.clone(),
            first_keys: KeyFilter::default(),
        };
        for starting in [
            &cues.commentary,
            &cues.according,
            &cues.statement,
            &cues.citing,
            &cues.report_nouns,
        ] {
            cues.first_keys.add(starting.first_keys_filter());
        }
        cues.first_keys.add(cues.verbs.first_keys_filter());
        cues
    }

    /// Every cue of the sentence, in text order. Longer phrases win over the verbs they
    /// contain ("according to the latest reports" is commentary, not "reports").
    pub fn find(&self, tokens: &[Token<'_>]) -> Vec<Cue> {
        let mut cues = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !self.first_keys.may_hold(tokens[i].hash) && tokens[i].key != ":" {
                i += 1;
                continue;
            }
            let phrase = [
                (&self.commentary, CueKind::Commentary),
                (&self.according, CueKind::According),
                (&self.statement, CueKind::Statement),
                (&self.citing, CueKind::Citing),
            ]
            .into_iter()
            .find_map(|(set, kind)| set.longest_at(tokens, i).map(|m| (m.end, kind)));
            if let Some((end, kind)) = phrase {
                cues.push(Cue {
                    kind,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
            if let Some(m) = self
                .verbs
                .longest_at(tokens, i)
                .filter(|_| i == 0 || !tokens[i].is_capitalized())
            {
                cues.push(Cue {
                    kind: CueKind::Verb(m.payload),
                    start: i,
                    end: m.end,
                });
                i = m.end;
                continue;
            }
            if let Some(m) = self.report_nouns.longest_at(tokens, i) {
                if let Some(start) = self.possessive_before(tokens, i) {
                    cues.push(Cue {
                        kind: CueKind::Possessive,
                        start,
                        end: m.end,
                    });
                    i = m.end;
                    continue;
                }
            }
            if tokens[i].key == ":" && is_headline_tail(tokens, i + 1, &self.name_words) && i > 0 {
                cues.push(Cue {
                    kind: CueKind::Headline,
                    start: i,
                    end: i + 1,
                });
                break;
            }
            i += 1;
        }
        cues
    }

    /// If a possessive ("the ministry's", "its") stands before the report noun at `noun`,
    /// skipping modifiers ("latest"), the index of the possessive's apostrophe.
    fn possessive_before(&self, tokens: &[Token<'_>], noun: usize) -> Option<usize> {
        let mut j = noun;
        while j > 0 && self.report_modifiers.matches_at(tokens, j - 1) {
            j -= 1;
        }
        if j >= 2
            && tokens[j - 1].key == "s"
            && tokens[j - 2].key == "'"
            && !tokens[j - 1].space_before
        {
            return Some(j - 2);
        }
        None
    }
}

/// Whether the tokens from `from` to the end are a short name of capitalized words (the
/// source of a headline "…: British Defense Ministry").
fn is_headline_tail(tokens: &[Token<'_>], from: usize, name_words: &WordSet) -> bool {
    let rest: Vec<&Token<'_>> = tokens[from.min(tokens.len())..]
        .iter()
        .filter(|t| !(t.kind == TokenKind::Punct && matches!(t.key, "." | "\"")))
        .collect();
    !rest.is_empty()
        && rest.len() <= 8
        && rest.first().is_some_and(|t| t.is_capitalized())
        && rest
            .iter()
            .all(|t| t.is_capitalized() || matches!(t.key, "'" | "-") || name_words.contains(t.key))
}
