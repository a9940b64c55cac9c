//! tally's claim grammar: a document in, claims with evidence out.
//!
//! The [`Extractor`] compiles a language's data ([`tally_lang::Lang`]) once; then, for each
//! document, a pre-filter (the words of counted nouns and metric cues, found as whole
//! words, and a digit or number word) finds the sentences that can hold a claim, and only
//! those are tokenized and analysed:
//! numerals (`number`), qualifiers and ranges (`figure`), what is not a claim
//! (`notclaim`), what a figure counts and who is counted (`claim`), and where (`place`:
//! the most specific named place its sentence ties it to, from the gazetteer of
//! `tally-lang`). Every claim names the rules that made it and the byte spans of its
//! sentence and its number.
//!
//! Extraction does no IO and reads no clock: the same text, publication date and grammar
//! version give the same claims.
//!
//! # Example
//!
//! ```
//! use tally_core::{Document, Metric, Role};
//! use tally_extract::Extractor;
//!
//! let extractor = Extractor::english();
//! let doc = Document::new("d1", "Over 5,000 North Korean soldiers were killed or injured.");
//! let claims = extractor.extract(&doc).claims;
//! assert_eq!(claims.len(), 1);
//! let c = &claims[0];
//! assert_eq!((c.value.low, c.value.high), (Some(5000.0), None));
//! assert_eq!(c.metric, Metric::Casualties);
//! assert_eq!(c.actor.as_deref(), Some("PRK"));
//! assert_eq!(c.role, Role::Military);
//! assert_eq!(&doc.text[c.evidence.number.start..c.evidence.number.end], "Over 5,000");
//! ```
#![deny(missing_docs)]

mod actor;
mod ascii;
mod claim;
mod confidence;
mod figure;
mod grammar;
mod notclaim;
mod number;
mod phrase;
mod place;
mod scope;
mod sentence;
mod source;
mod story;
mod time;
mod token;
mod trigger;
mod work;

use std::cell::RefCell;

use tally_core::{Claim, Document, EvidenceField, Span, TimeExpression};
use tally_lang::Lang;

pub use crate::place::PLACE_RULES;
pub use crate::scope::SCOPE_RULES;
pub use crate::source::SOURCE_RULES;
pub use crate::source::{Attribution, Attributor, SourceMemory};
pub use crate::story::STORY_RULES;
pub use crate::time::{TimeFinder, TimeMention, TIME_RULES};

use crate::ascii::has_digit;
use crate::claim::{is_harm, Discourse, Pending, SentenceClaims};
use crate::figure::figure_at;
use crate::grammar::Grammar;
use crate::scope::ScopeReader;
use crate::token::{recycle, tokenize_into, Token, TokenKind};

/// Every rule id a claim's `rules` or a diagnostic can name: the grammar's, the
/// attribution's, the story's and the place's. Each is named by an example of
/// `crates/extract/corpus/en/`.
pub fn rules() -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .chain(SOURCE_RULES)
        .chain(STORY_RULES)
        .chain(SCOPE_RULES)
        .chain(PLACE_RULES)
        .copied()
}

/// The rule ids of the grammar of figures (numerals, qualifiers, what is not a claim,
/// kind, metric, actor, role, confidence, modality).
pub const RULES: &[&str] = &[
    "number.digits",
    "number.digits_scale",
    "number.digits_suffix",
    "number.words",
    "number.count_phrase",
    "number.fraction",
    "number.one_in_n",
    "number.percent",
    "number.vague",
    "number.vague_scale",
    "qualifier.lower_bound",
    "qualifier.upper_bound",
    "qualifier.nearly",
    "qualifier.approximate",
    "qualifier.increment",
    "range.between",
    "range.joined",
    "notclaim.year",
    "notclaim.date",
    "notclaim.time",
    "notclaim.unit_after",
    "notclaim.word_before",
    "notclaim.designation",
    "notclaim.phone",
    "notclaim.pronoun",
    "notclaim.age_in_brackets",
    "notclaim.age_in_commas",
    "notclaim.disaster",
    "notclaim.whole",
    "kind.fraction",
    "kind.rate",
    "metric.predicate",
    "metric.noun",
    "metric.governor",
    "metric.equipment",
    "metric.coordination",
    "metric.anaphor",
    "metric.level",
    "metric.hosted",
    "metric.default_deployed",
    "metric.default_other",
    "metric.open_noun",
    "metric.held_by_other_side",
    "actor.in_phrase",
    "actor.people",
    "actor.possessive",
    "actor.subject",
    "actor.sentence",
    "actor.discourse",
    "actor.inflicted_on",
    "actor.coordination",
    "actor.speaker_own",
    "actor.speaker_enemy",
    "actor.among",
    "actor.side_hit",
    "actor.story_side",
    "actor.ruled_home",
    "actor.border",
    "actor.nonstate",
    "actor.held_by",
    "role.noun",
    "role.context",
    "role.discourse",
    "role.victims",
    "role.people",
    "role.group",
    "role.combat",
    "confidence.own_yardstick",
    "confidence.hull",
    "modality.report",
    "modality.estimate",
    "modality.projection",
];

/// Something the extractor noticed but did not turn into a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte offset in the document's text.
    pub offset: usize,
    /// The rule that decided ("notclaim.year") or what happened.
    pub message: String,
}

/// What the extractor found in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// One claim per asserted figure, in text order (title claims first).
    pub claims: Vec<Claim>,
    /// Resolved time expressions, in text order.
    pub times: Vec<TimeExpression>,
    /// Figures that were read and dropped, with the rule that dropped them.
    pub diagnostics: Vec<Diagnostic>,
}

/// The claim extractor for one language; build it once, use it for many documents.
#[derive(Debug, Clone)]
pub struct Extractor {
    grammar: Grammar,
    attributor: Attributor,
    times: TimeFinder,
    scope: ScopeReader,
    places: place::PlaceFinder,
}

impl Extractor {
    /// The English extractor, with the language data embedded at build time.
    ///
    /// # Panics
    ///
    /// Panics if the embedded English data is malformed, which the tests of `tally-lang`
    /// rule out.
    pub fn english() -> Extractor {
        let lang =
            Lang::english().expect("the embedded English data is checked by tally-lang's tests");
        Extractor::new(&lang)
    }

    /// An extractor for the given language data.
    pub fn new(lang: &Lang) -> Extractor {
        Extractor {
            grammar: Grammar::new(lang),
            attributor: Attributor::new(lang),
            times: TimeFinder::new(lang),
            scope: ScopeReader::new(lang),
            places: place::PlaceFinder::new(lang),
        }
    }

    /// Extracts the claims of one document: its title, when kept apart, then its text.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let mut out = Extraction::default();
        // A title that is part of the text (a text file's first line) is extracted there.
        if let Some(title) = doc
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty() && !contains(&doc.text, t.trim()))
        {
            let mut claims = Vec::new();
            self.extract_text(
                &doc.id,
                title,
                doc.published,
                &mut claims,
                &mut out.diagnostics,
            );
            for mut claim in claims {
                claim.evidence.field = EvidenceField::Title;
                out.claims.push(claim);
            }
        }
        self.extract_text(
            &doc.id,
            &doc.text,
            doc.published,
            &mut out.claims,
            &mut out.diagnostics,
        );
        out
    }

    /// Like [`extract`](Self::extract), and also lists every time expression of the text
    /// with its resolved value (`tally extract --times`).
    pub fn extract_with_times(&self, doc: &Document) -> Extraction {
        let mut out = self.extract(doc);
        out.times = self
            .times
            .find(&doc.text, 0..doc.text.len(), doc.published)
            .into_iter()
            .map(|m| TimeExpression {
                doc: doc.id.clone(),
                line_type: "time".to_string(),
                text: doc.text[m.span.start..m.span.end].to_string(),
                span: m.span,
                timex_type: m.timex_type.to_string(),
                timex: m.timex,
                value: m.value,
                rule: m.rule.to_string(),
            })
            .collect();
        out
    }

    fn extract_text(
        &self,
        doc: &str,
        text: &str,
        published: Option<tally_core::Date>,
        claims: &mut Vec<Claim>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let g = &self.grammar;
        let mut discourse = Discourse::default();
        let mut story = story::Story::new(text, published);
        let mut buffers = BUFFERS.with(RefCell::take);
        let first_claim = claims.len();
        let discourse = &mut discourse;
        let mut done = 0;
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some((hit_start, hit_end)) = g.triggers.next_hit(text, from) {
            from = hit_end;
            // Only whole words (or their starts) trigger: "killed", not "skilled".
            if hit_start < done || (hit_start > 0 && bytes[hit_start - 1].is_ascii_alphanumeric()) {
                continue;
            }
            let (start, end) = g.splitter.sentence_at(text, hit_start, done);
            let start = start.max(done);
            done = end.max(hit_end);
            // Hits inside the sentence just read would be passed over: search after it. A
            // hit within one word cannot hide a hit at a later word start, so none is lost.
            if g.triggers.within_words() {
                from = from.max(done);
            }
            if end > start {
                self.extract_sentence(
                    doc,
                    text,
                    Span::new(start, end),
                    discourse,
                    &mut story,
                    &mut buffers,
                    claims,
                    diagnostics,
                );
            }
        }
        BUFFERS.with(|b| b.replace(buffers));
        story::finish(
            &self.times,
            &self.grammar.words.story,
            text,
            &mut claims[first_claim..],
            &story,
        );
        place::story_places(&mut claims[first_claim..]);
        self.scope.read(
            &self.times,
            text,
            published,
            story.found_times(),
            &mut claims[first_claim..],
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn extract_sentence(
        &self,
        doc: &str,
        text: &str,
        sentence: Span,
        discourse: &mut Discourse,
        story: &mut story::Story,
        buffers: &mut SentenceBuffers,
        claims: &mut Vec<Claim>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let g = &self.grammar;
        let slice = &text[sentence.start..sentence.end];
        if !has_digit(slice.as_bytes()) && !has_number_word(g, slice) {
            return;
        }
        let lower = &mut buffers.lower;
        lower.clear();
        lower.push_str(slice);
        lower.make_ascii_lowercase();
        let mut tokens = recycle(std::mem::take(&mut buffers.tokens));
        tokenize_into(slice, lower, sentence.start, &mut tokens);
        // The sentence's actors are read at its first figure: most sentences have none.
        let mut analysis: Option<SentenceClaims<'_, '_>> = None;
        let mut pending: Vec<Pending> = Vec::new();
        // Whether the sentence names a disaster and no conflict, once asked.
        let mut disaster: Option<bool> = None;
        let mut i = 0;
        while i < tokens.len() {
            let can_start = match tokens[i].kind {
                TokenKind::Digits => true,
                TokenKind::Word => g.figure_starts.contains_token(&tokens[i]),
                TokenKind::Punct => false,
            };
            if !can_start {
                i += 1;
                continue;
            }
            let Some(fig) = figure_at(g, &tokens, i) else {
                i += 1;
                continue;
            };
            if let Some(rule) = notclaim::not_a_claim(g, &tokens, &fig) {
                diagnostics.push(Diagnostic {
                    offset: tokens[fig.start].start,
                    message: rule.to_string(),
                });
            } else {
                let analysis = analysis.get_or_insert_with(|| SentenceClaims::new(g, &tokens));
                if let Some(p) =
                    analysis.claim(&fig, discourse, pending.last(), doc, sentence, text)
                {
                    if is_harm(p.claim.metric)
                        && *disaster.get_or_insert_with(|| analysis.disaster())
                    {
                        diagnostics.push(Diagnostic {
                            offset: tokens[fig.start].start,
                            message: "notclaim.disaster".to_string(),
                        });
                    } else {
                        discourse.note(&p.claim);
                        pending.push(p);
                    }
                }
            }
            i = fig.end.max(i + 1);
        }
        if let Some(analysis) = &analysis {
            analysis.coordinate(&mut pending);
        }
        let first = claims.len();
        claims.extend(pending.into_iter().map(|p| p.claim));
        story::attach(
            &self.attributor,
            &self.times,
            g,
            text,
            sentence,
            &tokens,
            &mut claims[first..],
            story,
        );
        self.places.attach(g, &tokens, text, &mut claims[first..]);
        buffers.tokens = recycle(tokens);
    }
}

/// Whether `needle` occurs in `haystack`. Most titles are not in their text: the places
/// where the title's first byte occurs are found many bytes at once, and the title is
/// compared there; after 64 of them, a substring search (linear in the text) takes over.
/// Searching with `str::contains` or building a `memmem` searcher cost more than the search
/// of most texts.
fn contains(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    for (k, at) in memchr::memchr_iter(first, haystack).enumerate() {
        if k == 64 {
            return memchr::memmem::find(&haystack[at..], needle).is_some();
        }
        if haystack[at + 1..].starts_with(rest) {
            return true;
        }
    }
    false
}

/// The lowercase copy and the tokens of a sentence, kept by each thread from one sentence
/// to the next so that they are not allocated for each.
#[derive(Default)]
struct SentenceBuffers {
    lower: String,
    tokens: Vec<Token<'static>>,
}

thread_local! {
    static BUFFERS: RefCell<SentenceBuffers> = RefCell::default();
}

/// Whether the text holds a word that can be a numeral (a cheap check before tokenizing).
fn has_number_word(g: &Grammar, text: &str) -> bool {
    let Some(numeral_words) = &g.numeral_words else {
        return true;
    };
    let mut buf = [0u8; 16];
    // Runs of ASCII letters: the bytes of other characters are none.
    text.as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .any(|w| {
            // Every number word is short and ASCII: lowercase it on the stack.
            if w.len() < 3 || w.len() > buf.len() {
                return false;
            }
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w);
            lower.make_ascii_lowercase();
            numeral_words.contains_bytes(lower)
        })
}

/// Claims of a text given as a plain string, for tests and examples.
#[doc(hidden)]
pub fn claims_of(
    extractor: &Extractor,
    text: &str,
    published: Option<tally_core::Date>,
) -> Vec<Claim> {
    extractor
        .extract(&Document::new("t", text).with_published(published))
        .claims
}

#[cfg(test)]
mod tests {
    use super::{contains, has_number_word, number, Grammar};
    use crate::token::tokenize;

    #[test]
    fn every_numeral_phrase_passes_the_number_word_check() {
        let lang = tally_lang::Lang::english().unwrap();
        let g = Grammar::new(&lang);
        let n = &lang.numbers;
        // Vague multipliers count only before a scale: "several thousand".
        let multiplied = n
            .vague_multipliers
            .iter()
            .flat_map(|p| &p.phrases)
            .map(|p| format!("{p} thousand"));
        let phrases = n
            .fractions
            .iter()
            .chain(&n.counts)
            .flat_map(|p| &p.phrases)
            .chain(n.vague.iter().flat_map(|p| &p.phrases))
            .cloned()
            .chain(multiplied)
            .chain(n.units.keys().chain(n.tens.keys()).cloned())
            .chain(n.scales.keys().map(|s| format!("a {s}")));
        for phrase in phrases {
            // As written and capitalized, in a sentence.
            for text in [
                format!("Officials said {phrase} were killed."),
                format!("{} were killed.", phrase.to_uppercase()),
            ] {
                let lower = text.to_ascii_lowercase();
                let tokens = tokenize(&text, &lower, 0);
                let numeral =
                    (0..tokens.len()).any(|i| number::numeral_at(&g, &tokens, i).is_some());
                assert!(numeral, "{text}: no numeral read");
                assert!(has_number_word(&g, &text), "{text}: turned away");
            }
        }
    }

    #[test]
    fn every_claim_phrase_is_found_by_the_trigger_search() {
        let lang = tally_lang::Lang::english().unwrap();
        let g = Grammar::new(&lang);
        let phrases = lang
            .metrics
            .iter()
            .flat_map(|m| m.nouns.iter().chain(&m.after).chain(&m.before))
            .chain(lang.nouns.iter().flat_map(|e| &e.phrases))
            .chain(lang.actors.iter().flat_map(|a| &a.people));
        let mut n = 0;
        for phrase in phrases {
            // A phrase of short words only is no trigger: such phrases need another.
            if !phrase
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.len() >= 3)
            {
                continue;
            }
            for text in [
                format!("Officials said 5 {phrase}, in all."),
                format!("{}: 5.", phrase.to_uppercase()),
                format!("\u{201c}{phrase}\u{201d}'s toll"),
            ] {
                assert!(g.triggers.next_hit(&text, 0).is_some(), "{text}");
            }
            n += 1;
        }
        assert!(n > 500, "{n} phrases");
        // Words a trigger word only starts are no hits.
        for text in ["Many managers", "killedx", "xkilled"] {
            assert_eq!(g.triggers.next_hit(text, 0), None, "{text}");
        }
    }

    #[test]
    fn words_of_numeral_phrases_that_are_no_numerals_pass_no_sentence() {
        let g = Grammar::new(&tally_lang::Lang::english().unwrap());
        // "and" of "dozens and dozens", "of" of "tens of thousands".
        for text in [
            "Talks between the government and the rebels resumed.",
            "The mayor of the city spoke.",
            "A couple were married.",
        ] {
            let needs = text.contains("couple");
            assert_eq!(has_number_word(&g, text), needs, "{text}");
        }
    }

    #[test]
    fn contains_finds_what_str_contains_finds() {
        let many_a = "a".repeat(200);
        let cases = [
            ("Gaza toll rises", "toll"),
            ("Gaza toll rises", "Gaza toll rises"),
            ("Gaza toll rises", "tolls"),
            ("Gaza toll rises", ""),
            ("", "Gaza"),
            ("Kyiv’s toll", "’s"),
            (many_a.as_str(), "aab"),
            (&format!("{many_a}b"), "aab"),
        ];
        for (haystack, needle) in cases {
            assert_eq!(
                contains(haystack, needle),
                haystack.contains(needle),
                "{needle:?}"
            );
        }
    }
}
