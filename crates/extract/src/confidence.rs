//! Confidence and modality: estimative phrases mapped to probability bands, and whether a
//! figure is reported, estimated or projected.
//!
//! Rules:
//! - `confidence.own_yardstick`: the source's own yardstick (UK PHIA for British sources,
//!   US ICD 203 for American ones)
//! - `confidence.hull`: any other source: the hull of the bands of every yardstick that has
//!   the phrase
//! - `modality.estimate`: an estimative verb or phrase ("believe", "estimated", "likely")
//! - `modality.projection`: the future or a hypothetical ("could all be killed", "would
//!   invade", "may increase to")
//! - `modality.report`: neither

use tally_core::Modality;
use tally_lang::{ConfidenceWords, Lang};

use crate::phrase::PhraseSet;
use crate::token::Token;

/// How far from a figure (in tokens) an estimative phrase or a modal still bears on it.
const WINDOW: usize = 12;

/// A yardstick: the sources that use it and its phrases with their probability bands.
type Yardstick = (Vec<String>, PhraseSet<(f64, f64)>);

/// Compiled yardsticks and modality words.
#[derive(Debug, Clone)]
pub struct Estimative {
    yardsticks: Vec<Yardstick>,
    phrases: PhraseSet<()>,
    estimate: PhraseSet<()>,
    projection: PhraseSet<()>,
    words: ConfidenceWords,
}

/// The estimative phrase bearing on a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Confidence {
    /// The phrase, lowercased, as the source wrote it.
    pub phrase: String,
    /// The first token of the phrase.
    pub start: usize,
}

impl Estimative {
    /// Compiles the yardsticks and modality words of `lang`.
    pub fn new(lang: &Lang) -> Estimative {
        let mut phrases = PhraseSet::default();
        let yardsticks = lang
            .yardsticks
            .iter()
            .map(|y| {
                let mut set = PhraseSet::default();
                for band in &y.bands {
                    for p in &band.phrases {
                        set.insert(p, band.value);
                        phrases.insert(p, ());
                    }
                }
                (y.sources.clone(), set)
            })
            .collect();
        let set = |list: &[String]| PhraseSet::new(list.iter().map(|p| (p.as_str(), ())));
        Estimative {
            yardsticks,
            phrases,
            estimate: set(&lang.modality.estimate),
            projection: set(&lang.modality.projection),
            words: lang.rule_words.confidence.clone(),
        }
    }

    /// The estimative phrase nearest to the figure at tokens `start..end`, within the
    /// clause around it.
    pub fn confidence(&self, tokens: &[Token<'_>], start: usize, end: usize) -> Option<Confidence> {
        let (lo, hi) = clause(tokens, start, end);
        (lo..hi)
            .filter(|&i| i < start || i >= end)
            .filter_map(|i| self.phrases.longest_at(tokens, i).map(|m| (i, m.end)))
            // A longer phrase starting earlier ("highly likely") hides the one inside it.
            .filter(|&(i, _)| {
                i == 0
                    || self
                        .phrases
                        .longest_at(tokens, i - 1)
                        .is_none_or(|m| m.end <= i)
            })
            .min_by_key(|&(i, e)| {
                if i < start {
                    start - e.min(start)
                } else {
                    i - end
                }
            })
            .map(|(i, e)| Confidence {
                phrase: phrase_text(tokens, i, e),
                start: i,
            })
    }

    /// The band of an estimative phrase for a source, with the rule that chose it.
    pub fn probability(
        &self,
        phrase: &str,
        source: Option<&str>,
    ) -> Option<([f64; 2], &'static str)> {
        let lower = phrase.to_ascii_lowercase();
        let tokens = crate::token::tokenize(phrase, &lower, 0);
        let band = |set: &PhraseSet<(f64, f64)>| {
            set.longest_at(&tokens, 0)
                .filter(|m| m.end == tokens.len())
                .map(|m| *m.payload)
        };
        if let Some(source) = source.map(str::to_ascii_lowercase) {
            let words: Vec<&str> = source
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .collect();
            for (sources, set) in &self.yardsticks {
                let own = sources.iter().any(|s| {
                    words.contains(&s.as_str()) || (s.contains(' ') && source.contains(s.as_str()))
                });
                if own {
                    if let Some((low, high)) = band(set) {
                        return Some(([low, high], "confidence.own_yardstick"));
                    }
                }
            }
        }
        let bands: Vec<(f64, f64)> = self
            .yardsticks
            .iter()
            .filter_map(|(_, set)| band(set))
            .collect();
        let low = bands.iter().map(|b| b.0).reduce(f64::min)?;
        let high = bands.iter().map(|b| b.1).reduce(f64::max)?;
        Some(([low, high], "confidence.hull"))
    }

    /// Whether the figure is reported, estimated or projected, with the rule.
    pub fn modality(
        &self,
        tokens: &[Token<'_>],
        start: usize,
        end: usize,
        confident: bool,
    ) -> (Modality, &'static str) {
        let (lo, hi) = clause(tokens, start, end);
        // A relative clause after the counted noun speaks of the people, not of the figure:
        // "names of 600 people who could commit war crimes".
        let hi = (end..hi)
            .find(|&k| self.words.relative_pronouns.contains(tokens[k].key))
            .unwrap_or(hi);
        // A figure inside a relative clause between commas is not what the main clause
        // says next: "the daily number of victims, which in April amounted to 899 soldiers,
        // will probably increase" reports 899.
        let relative = (lo + 1..start).any(|k| {
            tokens[k - 1].key == "," && self.words.relative_pronouns.contains(tokens[k].key)
        });
        let hi = if relative {
            (end..hi).find(|&k| tokens[k].key == ",").unwrap_or(hi)
        } else {
            hi
        };
        let near = start.saturating_sub(6).max(lo)..(end + 6).min(hi);
        let mut projection = false;
        for i in near {
            if self.is_month_may(tokens, i) {
                continue;
            }
            let p = self.projection.longest_at(tokens, i).map_or(0, |m| m.end);
            let e = self.estimate.longest_at(tokens, i).map_or(0, |m| m.end);
            if p > e {
                projection = true;
            }
        }
        if projection {
            return (Modality::Projection, "modality.projection");
        }
        // An estimative verb anywhere before the figure in its sentence, or just after it;
        // not in an earlier clause after a semicolon, nor in an earlier sentence glued on
        // without a space ("The Pentagon estimates….In May, he said that…").
        let from = (0..start)
            .rev()
            .find(|&k| {
                let t = &tokens[k];
                t.key == ";"
                    || (t.key == "."
                        && tokens.get(k + 1).is_some_and(|n| {
                            !n.space_before && n.text.chars().next().is_some_and(char::is_uppercase)
                        }))
            })
            .map_or(0, |k| k + 1);
        let estimate = confident
            || (from..(end + 6).min(tokens.len())).any(|i| self.estimate.matches_at(tokens, i));
        if estimate {
            (Modality::Estimate, "modality.estimate")
        } else {
            (Modality::Report, "modality.report")
        }
    }

    /// Whether token `i` is the month May ("in May 2003", "May 9"), not the modal verb.
    fn is_month_may(&self, tokens: &[Token<'_>], i: usize) -> bool {
        let t = &tokens[i];
        t.text == "May"
            && (tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == crate::token::TokenKind::Digits)
                || i.checked_sub(1).is_some_and(|p| {
                    tokens[p].key == "-"
                        || self.words.month_may_before.contains(tokens[p].key)
                        || tokens[p].kind == crate::token::TokenKind::Digits
                }))
    }
}

/// The clause around tokens `start..end`: up to a semicolon, or a colon or dash that
/// opens another statement, at most `WINDOW` tokens either way.
fn clause(tokens: &[Token<'_>], start: usize, end: usize) -> (usize, usize) {
    let stop = |t: &Token<'_>| matches!(t.key, ";" | "(" | ")");
    let mut lo = start;
    while lo > 0 && start - lo < WINDOW && !stop(&tokens[lo - 1]) {
        lo -= 1;
    }
    let mut hi = end;
    while hi < tokens.len() && hi - end < WINDOW && !stop(&tokens[hi]) {
        hi += 1;
    }
    (lo, hi)
}

/// The text of tokens `start..end`, lowercased, words joined by single spaces.
fn phrase_text(tokens: &[Token<'_>], start: usize, end: usize) -> String {
    let mut out = String::new();
    for (k, t) in tokens[start..end].iter().enumerate() {
        if k > 0 && t.space_before {
            out.push(' ');
        }
        out.push_str(t.key);
    }
    out
}
