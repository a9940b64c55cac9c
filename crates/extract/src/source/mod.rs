//! Attribution: who asserts a figure.
//!
//! - `cues`: reporting verbs, "according to", "citing", possessive report nouns, the
//!   headline form, the article's own commentary.
//! - `speaker`: where a speaker's noun phrase starts and ends.
//! - `memory`: what earlier sentences named, for "it", "the ministry", "he said", a
//!   continuing account and a figure repeated.
//! - `canonical`: alias folding into canonical names.
//!
//! [`Attributor::attribute`] takes one figure of a sentence and returns its [`Attribution`]:
//! the canonical source, or `"publisher"` when the article asserts the figure itself.

mod canonical;
mod cues;
mod memory;
mod speaker;

use tally_core::Span;
use tally_lang::{Lang, SourceKind, SourceWords, WordSet};

use self::canonical::Canon;
use self::cues::{Cue, CueKind, Cues};
use self::memory::Seen;
pub use self::memory::SourceMemory;
use self::speaker::{Lexicon, Phrase};
use crate::sentence::Splitter;
use crate::token::{tokenize, Token, TokenKind};
use crate::work;

/// Every rule id an attribution can name.
pub const SOURCE_RULES: &[&str] = &[
    "source.verb",
    "source.inverted",
    "source.according",
    "source.possessive",
    "source.statement",
    "source.headline",
    "source.citing",
    "source.pronoun",
    "source.definite",
    "source.continued",
    "source.same_figure",
    "source.commentary",
    "source.publisher",
    "source.quoted",
    "source.speech",
];

/// Who asserts a figure, and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The canonical name of the source, or `"publisher"`.
    pub source: String,
    /// The source phrase as written (without its determiner), when the text names one.
    pub phrase: Option<Span>,
    /// The reporting verb or cue ("said", "according to").
    pub verb: Option<Span>,
    /// The verb's lemma ("say", "estimate", "confirm"), for modality.
    pub verb_lemma: Option<&'static str>,
    /// Origin sources the speaker cites ("citing what prisoners reported").
    pub chain: Vec<String>,
    /// The rule that decided (`source.verb`, `source.publisher`, ...).
    pub rule: &'static str,
}

impl Attribution {
    fn publisher(rule: &'static str) -> Attribution {
        Attribution {
            source: "publisher".to_string(),
            phrase: None,
            verb: None,
            verb_lemma: None,
            chain: Vec::new(),
            rule,
        }
    }

    fn is_publisher(&self) -> bool {
        self.source == "publisher"
    }
}

/// The attribution rules of one language; build it once per extractor.
#[derive(Debug, Clone)]
pub struct Attributor {
    cues: Cues,
    lexicon: Lexicon,
    canon: Canon,
    splitter: Splitter,
    /// The words of `source` in `en/words.toml`.
    rule_words: SourceWords,
}

/// A cue with the speaker it names.
struct Candidate {
    cue: Cue,
    attribution: Attribution,
    seen: Option<Seen>,
}

impl Attributor {
    /// Compiles the attribution data of a language.
    pub fn new(lang: &Lang) -> Attributor {
        let data = &lang.attribution;
        Attributor {
            lexicon: Lexicon::new(data, &lang.calendar),
            cues: Cues::new(data, &lang.rule_words.source),
            canon: Canon::new(data, &lang.rule_words.source),
            splitter: Splitter::new(&lang.abbreviations),
            rule_words: lang.rule_words.source.clone(),
        }
    }

    /// The canonical form of a source name ("British Defense Ministry" → "UK Ministry of
    /// Defence"); an unknown name is kept as written, without a leading "the".
    pub fn canonical(&self, name: &str) -> String {
        self.canon.fold(name).0
    }

    /// Who asserts the figure at `number`, in the sentence `sentence` of the document
    /// `text`. Call it for the figures of a document in text order with one `memory`.
    pub fn attribute(
        &self,
        text: &str,
        sentence: Span,
        number: Span,
        memory: &mut SourceMemory,
    ) -> Attribution {
        let sentence = clamp(text, sentence);
        let slice = &text[sentence.start..sentence.end];
        let lower = slice.to_ascii_lowercase();
        let tokens = tokenize(slice, &lower, sentence.start);
        self.attribute_tokens(text, sentence, &tokens, number, memory)
    }

    /// Like [`attribute`](Self::attribute), for a sentence already cut into `tokens` (as
    /// the tokenizer cuts it), which are not cut again for each of its figures.
    pub fn attribute_tokens(
        &self,
        text: &str,
        sentence: Span,
        tokens: &[Token<'_>],
        number: Span,
        memory: &mut SourceMemory,
    ) -> Attribution {
        debug_assert_eq!(sentence, clamp(text, sentence));
        self.catch_up(text, sentence, tokens, memory);
        // The figure's own sentence is resolved against what came before it.
        memory.see_only(Some(memory.before_current_seen));
        let mut found = self.in_tokens(text, tokens, Some(number), memory, false);
        memory.see_only(None);
        if found.is_none() {
            found = self.quoted_passage(text, sentence, number, memory);
        }
        if found.is_none() {
            found = self.same_figure(text, number, memory);
        }
        if found.is_none() {
            found = memory.before_current.clone().map(|a| Attribution {
                rule: "source.continued",
                ..a
            });
        }
        if found.is_none() {
            found = self.speech(text, memory);
        }
        let attribution = found.unwrap_or_else(|| Attribution::publisher("source.publisher"));
        if let Some(key) = figure_key(text, number) {
            if !attribution.is_publisher()
                && !matches!(attribution.rule, "source.continued" | "source.same_figure")
            {
                memory.figures.insert(key, attribution.clone());
            }
        }
        attribution
    }

    /// Reads the sentences between the last one read and `sentence`, noting their sources,
    /// then the current sentence's own attribution.
    fn catch_up(
        &self,
        text: &str,
        sentence: Span,
        tokens: &[Token<'_>],
        memory: &mut SourceMemory,
    ) {
        if memory
            .current
            .as_ref()
            .is_some_and(|(span, _)| span.start == sentence.start)
        {
            return;
        }
        let mut previous = memory
            .current
            .take()
            .and_then(|(span, a)| a.map(|a| (span, a)));
        let mut pos = memory.scanned_to.min(sentence.start);
        while pos < sentence.start {
            let rest = &text[pos..sentence.start];
            let skipped = rest.len() - rest.trim_start().len();
            pos += skipped;
            if pos >= sentence.start {
                break;
            }
            let (start, end) = self.splitter.sentence_at(text, pos, pos);
            let end = end.min(sentence.start);
            let start = start.max(pos);
            if end <= start {
                pos += text[pos..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let span = Span::new(start, end);
            previous = self
                .in_sentence(text, span, None, memory, true)
                .map(|a| (span, a));
            if let Some((_, a)) = previous
                .as_ref()
                .filter(|(_, a)| a.verb.is_some() && !a.is_publisher())
            {
                memory.statements.push((span, a.clone()));
            }
            pos = end;
        }
        // An account goes on after a sentence attributed at its end ("…, officials
        // said.") to a body, not after a person's remark or a leading attribution.
        memory.before_current = previous
            .filter(|(span, a)| {
                let trailing = a
                    .verb
                    .is_some_and(|v| (v.start - span.start.min(v.start)) * 3 >= span.len() * 2);
                !a.is_publisher() && trailing && self.canon.fold(&a.source).1 != SourceKind::Person
            })
            .map(|(_, a)| a);
        memory.before_current_seen = memory.n_seen();
        let own = self.in_tokens(text, tokens, None, memory, true);
        memory.current = Some((sentence, own));
        memory.scanned_to = memory.scanned_to.max(sentence.end);
    }

    /// The attribution a sentence's own cues give: for the figure at `number`, the cue
    /// nearest to it in its clause; without a figure, the last cue. With `record`, every
    /// source named is noted in `memory`.
    fn in_sentence(
        &self,
        text: &str,
        sentence: Span,
        number: Option<Span>,
        memory: &mut SourceMemory,
        record: bool,
    ) -> Option<Attribution> {
        let slice = &text[sentence.start..sentence.end];
        let lower = slice.to_ascii_lowercase();
        let tokens = tokenize(slice, &lower, sentence.start);
        self.in_tokens(text, &tokens, number, memory, record)
    }

    /// [`in_sentence`](Self::in_sentence) of the sentence cut into `tokens`.
    fn in_tokens(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        number: Option<Span>,
        memory: &mut SourceMemory,
        record: bool,
    ) -> Option<Attribution> {
        let cues = self.cues.find(tokens);
        if cues.is_empty() {
            return None;
        }
        // A figure's clause ends at semicolons.
        let (lo, hi) = match number {
            Some(n) => {
                let at = tokens
                    .iter()
                    .position(|t| t.end > n.start)
                    .unwrap_or(tokens.len());
                let lo = tokens[..at]
                    .iter()
                    .rposition(|t| t.key == ";")
                    .map_or(0, |k| k + 1);
                let hi = tokens[at..]
                    .iter()
                    .position(|t| t.key == ";")
                    .map_or(tokens.len(), |k| at + k);
                (lo, hi)
            }
            None => (0, tokens.len()),
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut commentary = false;
        for cue in cues.iter().filter(|c| c.start >= lo && c.end <= hi) {
            if cue.kind == CueKind::Commentary {
                commentary = true;
                continue;
            }
            if let Some(c) = self.candidate(text, tokens, *cue, memory) {
                if record {
                    if let Some(seen) = &c.seen {
                        memory.note(seen.clone());
                    }
                }
                candidates.push(c);
            }
        }
        // What follows "citing" is the origin, not the speaker.
        let citing = cues
            .iter()
            .find(|c| c.kind == CueKind::Citing && c.start >= lo && c.end <= hi)
            .map(|c| c.start);
        let (primary, origin): (Vec<&Candidate>, Vec<&Candidate>) = match citing {
            Some(at) => candidates.iter().partition(|c| c.cue.start < at),
            None => (candidates.iter().collect(), Vec::new()),
        };
        let chain: Vec<String> = origin
            .iter()
            .map(|c| c.attribution.source.clone())
            .filter(|s| s != "publisher")
            .collect();
        let pick = match number {
            Some(n) => primary
                .iter()
                .min_by_key(|c| distance(tokens, c.cue, n))
                .copied(),
            None => primary.last().copied(),
        };
        match pick {
            Some(c) => {
                let rule = if chain.is_empty() {
                    c.attribution.rule
                } else {
                    "source.citing"
                };
                Some(Attribution {
                    chain,
                    rule,
                    ..c.attribution.clone()
                })
            }
            None if !chain.is_empty() => origin.first().map(|c| c.attribution.clone()),
            None if commentary => Some(Attribution::publisher("source.commentary")),
            None => None,
        }
    }

    /// The speaker one cue names, resolved to a canonical source.
    fn candidate(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        cue: Cue,
        memory: &SourceMemory,
    ) -> Option<Candidate> {
        let lex = &self.lexicon;
        let (phrase, rule): (Phrase, &'static str) = match cue.kind {
            CueKind::Verb(_) => {
                let after_punct = cue.start > 0
                    && matches!(tokens[cue.start - 1].key, "," | "\"" | "-" | "\u{2014}");
                let inverted = if after_punct {
                    lex.after(tokens, cue.end)
                } else {
                    None
                };
                let comma = cue.start > 0 && tokens[cue.start - 1].key == ",";
                match (inverted, lex.before(tokens, cue.start)) {
                    (_, Some(p)) if comma || inverted.is_none() => (p, "source.verb"),
                    (Some(p), _) => (p, "source.inverted"),
                    (None, _) => return None,
                }
            }
            CueKind::According => return self.according(text, tokens, cue, memory),
            CueKind::Citing => (lex.after(tokens, cue.end)?, "source.citing"),
            CueKind::Statement => {
                let from = if tokens.get(cue.end).is_some_and(|t| t.key == ",") {
                    cue.end + 1
                } else {
                    cue.end
                };
                (lex.after(tokens, from)?, "source.statement")
            }
            CueKind::Possessive => (lex.before(tokens, cue.start)?, "source.possessive"),
            CueKind::Headline => (lex.after(tokens, cue.end)?, "source.headline"),
            CueKind::Commentary => return None,
        };
        self.named(text, tokens, phrase, cue, rule, memory)
    }

    /// The candidate a cue gives when its speaker phrase resolves to a source.
    fn named(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        phrase: Phrase,
        cue: Cue,
        rule: &'static str,
        memory: &SourceMemory,
    ) -> Option<Candidate> {
        let (seen, rule) = self.resolve(text, tokens, phrase, cue, rule, memory)?;
        let attribution = Attribution {
            source: seen.name.clone(),
            phrase: Some(Span::new(
                tokens[phrase.start].start,
                tokens[phrase.end - 1].end,
            )),
            verb: Some(Span::new(tokens[cue.start].start, tokens[cue.end - 1].end)),
            verb_lemma: match cue.kind {
                CueKind::Verb(lemma) => Some(lemma),
                _ => None,
            },
            chain: Vec::new(),
            rule,
        };
        Some(Candidate {
            cue,
            attribution,
            seen: Some(seen),
        })
    }

    /// "according to X", "according to a new assessment by X", "according to the update".
    fn according(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        cue: Cue,
        memory: &SourceMemory,
    ) -> Option<Candidate> {
        let lex = &self.lexicon;
        let mut i = cue.end;
        let mut determiner = false;
        while tokens.get(i).is_some_and(|t| {
            lex.is_determiner(t) || self.cues.report_modifiers.matches_at(tokens, i)
        }) {
            determiner |= lex.is_determiner(&tokens[i]);
            i += 1;
        }
        let noun = self.cues.report_nouns.longest_at(tokens, i);
        let Some(noun) = noun else {
            let phrase = lex.after(tokens, cue.end)?;
            return self.named(text, tokens, phrase, cue, "source.according", memory);
        };
        // "a new assessment by X", "data confirmed by X", "the data of X".
        let mut j = noun.end;
        if tokens
            .get(j)
            .is_some_and(|t| t.key.ends_with("ed") && !t.is_capitalized())
        {
            j += 1;
        }
        if tokens
            .get(j)
            .is_some_and(|t| self.rule_words.according_links.contains(t.key))
        {
            if let Some(phrase) = lex.after(tokens, j + 1) {
                return self.named(text, tokens, phrase, cue, "source.according", memory);
            }
        }
        // "according to the update": the document named earlier.
        let latest = memory.latest().filter(|_| determiner)?;
        let attribution = Attribution {
            source: latest.name.clone(),
            phrase: None,
            verb: Some(Span::new(tokens[cue.start].start, tokens[cue.end - 1].end)),
            verb_lemma: None,
            chain: Vec::new(),
            rule: "source.definite",
        };
        Some(Candidate {
            cue,
            attribution,
            seen: None,
        })
    }

    /// Resolves a speaker phrase: pronouns and definite descriptions to earlier sources, a
    /// surname to the full name, anything else through the alias tables.
    fn resolve(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        phrase: Phrase,
        cue: Cue,
        rule: &'static str,
        memory: &SourceMemory,
    ) -> Option<(Seen, &'static str)> {
        let words: Vec<&Token<'_>> = tokens[phrase.start..phrase.end].iter().collect();
        let written = &text[words[0].start..words[words.len() - 1].end];
        let mut lower_words: Vec<String> = words
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.key.to_string())
            .collect();
        lower_words.extend(tokens[cue.start..cue.end].iter().map(|t| t.key.to_string()));
        if let Some(kind) = phrase.pronoun {
            if kind == SourceKind::Person && cue.kind == CueKind::Verb("show") {
                return None;
            }
            let seen = memory.pronoun(kind)?;
            return Some((seen.clone(), "source.pronoun"));
        }
        // The story's lead and the text near the phrase, for the places of local names.
        let around = [
            window(text, 0, LOCAL_REACH),
            window(
                text,
                words[0].start.saturating_sub(LOCAL_REACH),
                words[0].start + LOCAL_REACH,
            ),
        ];
        // "the ministry", "the Ministry", "officials": only common words of speakers; "the
        // Bureau for Information" is a name.
        let capitalized = words.iter().any(|t| t.is_capitalized());
        let described = !capitalized
            || words.iter().all(|t| {
                (!t.is_capitalized() || self.lexicon.is_speaker_word(t))
                    && !self.lexicon.is_joiner(t)
            });
        let acronym = words.len() == 1
            && words[0].text.len() > 1
            && words[0].text.chars().all(|c| c.is_ascii_uppercase());
        if described && !acronym {
            // "the ministry", "officials": an earlier source with the same head word; a
            // possessive names a place or owner, not the source ("the territory's ministry").
            let apostrophe = |k: usize| words.get(k).is_some_and(|t| t.key == "'");
            let heads: Vec<String> = words
                .iter()
                .enumerate()
                .filter(|(k, t)| {
                    t.kind == TokenKind::Word
                        && !self.lexicon.is_determiner(t)
                        && !apostrophe(k + 1)
                        && !k.checked_sub(1).is_some_and(apostrophe)
                })
                .map(|(_, t)| t.key.to_string())
                .collect();
            if let Some(seen) = memory.definite(&heads) {
                return Some((
                    Seen {
                        words: lower_words,
                        ..seen.clone()
                    },
                    "source.definite",
                ));
            }
            // "the health ministry" in a story about Gaza, with no ministry named before.
            if let Some((name, kind)) = self.canon.local(written, &around) {
                return Some((Seen::named(name, kind, lower_words), "source.definite"));
            }
            // "the presented data shows": the latest source's document.
            if !capitalized && self.cues.report_nouns.matches_at(tokens, phrase.end - 1) {
                let seen = memory.latest()?;
                return Some((
                    Seen {
                        words: lower_words,
                        ..seen.clone()
                    },
                    "source.definite",
                ));
            }
        }
        // An acronym: the name it was given for earlier ("the Syrian Observatory for Human
        // Rights (SOHR)" ... "SOHR said").
        if acronym {
            if let Some((name, kind)) = self.acronym_expansion(text, words[0].start, written) {
                return Some((Seen::named(name, kind, lower_words), rule));
            }
        }
        // A surname alone: the full name given earlier.
        if words.len() == 1
            && words[0].is_capitalized()
            && !words[0].text.chars().all(|c| c.is_uppercase())
        {
            let (name, kind) = self.canon.fold(written);
            if name == written && kind == SourceKind::Person {
                if let Some(seen) = memory.person(written) {
                    return Some((seen.clone(), rule));
                }
                if let Some(full) = full_name_before(text, words[0].start, written) {
                    return Some((self.person_seen(&full, lower_words), rule));
                }
            }
        }
        // "the Ministry of Health" in a story about Gaza.
        let (name, kind) = self
            .canon
            .local(written, &around)
            .unwrap_or_else(|| self.canon.fold(written));
        // "the General Staff" after "Ukraine's General Staff": the fuller name given earlier.
        if let Some(seen) = memory.fuller(&name).filter(|_| kind != SourceKind::Person) {
            return Some((seen.clone(), rule));
        }
        // "the head of the agency" after "Jane Doe, the head of the agency": the person the
        // text named for the title.
        if kind != SourceKind::Person && self.canon.has_title(written) {
            if let Some(person) = self.named_for_title(text, words[0].start, written) {
                return Some((self.person_seen(&person, lower_words), rule));
            }
        }
        Some((Seen::named(name, kind, lower_words), rule))
    }

    /// The full name, folded, that an acronym written at `start` was given earlier ("the
    /// Syrian Observatory for Human Rights (SOHR)" ... "SOHR said"); none for an acronym
    /// the alias tables know.
    fn acronym_expansion(
        &self,
        text: &str,
        start: usize,
        written: &str,
    ) -> Option<(String, SourceKind)> {
        if self.canon.fold(written).0 != written {
            return None;
        }
        let full = expansion_before(text, start, written, &self.rule_words.acronym_joiners)?;
        Some(self.canon.fold(&full))
    }

    /// The speaker of a quotation of several sentences, named after it closes: "… thousands
    /// of soldiers on the border. Sanctions must follow," he wrote.
    fn quoted_passage(
        &self,
        text: &str,
        sentence: Span,
        number: Span,
        memory: &mut SourceMemory,
    ) -> Option<Attribution> {
        let reach = clamp(
            text,
            Span::new(number.start.saturating_sub(LOOK_BACK_REACH), number.start),
        );
        work::add(reach.len());
        let paragraph = text[reach.start..number.start]
            .rfind('\n')
            .map_or(reach.start, |k| reach.start + k + 1);
        let before = &text[paragraph..number.start];
        let straight = before.matches('"').count();
        let open = if straight % 2 == 1 {
            true
        } else {
            before.rfind('\u{201c}') > before.rfind('\u{201d}')
        };
        if !open {
            return None;
        }
        let reach_end = clamp(
            text,
            Span::new(sentence.end, sentence.end + LOOK_BACK_REACH),
        )
        .end;
        let paragraph_end = text[sentence.end..reach_end]
            .find('\n')
            .map_or(reach_end, |k| sentence.end + k);
        let close = text[sentence.end..paragraph_end]
            .find(['"', '\u{201d}'])
            .map(|k| sentence.end + k)?;
        let (start, end) = self.splitter.sentence_at(text, close, sentence.end);
        let found = self.in_sentence(text, Span::new(start, end), None, memory, false)?;
        // The cue must follow the closing mark: '…," he wrote', not a cue inside the quotation.
        let near = found
            .verb
            .is_some_and(|v| v.start > close && v.start - close <= QUOTE_CUE_REACH);
        (near && !found.is_publisher()).then_some(Attribution {
            rule: "source.quoted",
            ..found
        })
    }

    /// `source.speech`: the speaker of a document whose first line presents it as the
    /// transcript of a speech ("Full text of Zelensky's speech at Munich", "Remarks by
    /// President Biden on Ukraine"); what it asserts unattributed, they assert. Looked for
    /// once per document.
    fn speech(&self, text: &str, memory: &mut SourceMemory) -> Option<Attribution> {
        if let Some(known) = &memory.speech {
            return known.clone();
        }
        let found = self.speech_speaker(text);
        memory.speech = Some(found.clone());
        found
    }

    /// The speaker a document's first line names for its speech, if it is a transcript.
    fn speech_speaker(&self, text: &str) -> Option<Attribution> {
        let line_end = text.find('\n').unwrap_or(text.len()).min(200);
        let line = clamp(text, Span::new(0, line_end));
        let slice = &text[line.start..line.end];
        let lower = slice.to_ascii_lowercase();
        let tokens = tokenize(slice, &lower, line.start);
        let words = &self.rule_words;
        let k = tokens
            .iter()
            .position(|t| words.speech_nouns.contains(t.key))?;
        let name = if k >= 3
            && tokens[k - 1].key == "s"
            && tokens[k - 2].key == "'"
            && tokens[..k]
                .iter()
                .any(|t| words.transcript_words.contains(t.key))
        {
            // "Full text of Zelensky's speech": the possessive before the speech noun.
            let mut start = k - 2;
            while start > 0 && tokens[start - 1].is_capitalized() {
                start -= 1;
            }
            (start < k - 2).then(|| Span::new(tokens[start].start, tokens[k - 3].end))
        } else if k == 0 && tokens.get(1).is_some_and(|t| t.key == "by") {
            // "Remarks by President Biden on Ukraine".
            let end = (2..tokens.len())
                .find(|&e| !tokens[e].is_capitalized())
                .unwrap_or(tokens.len());
            (end > 2).then(|| Span::new(tokens[2].start, tokens[end - 1].end))
        } else {
            None
        }?;
        let (source, _) = self.canon.fold(&text[name.start..name.end]);
        Some(Attribution {
            source,
            phrase: Some(name),
            verb: None,
            verb_lemma: None,
            chain: Vec::new(),
            rule: "source.speech",
        })
    }

    /// A person named in full earlier in the text, remembered with the words that named them
    /// now and their canonical name.
    fn person_seen(&self, full_name: &str, mut words: Vec<String>) -> Seen {
        let (name, _) = self.canon.fold(full_name);
        words.push(name.to_lowercase());
        Seen {
            name,
            kind: SourceKind::Person,
            words,
        }
    }

    /// The person an earlier apposition names for a title: "Jane Doe, the head of the
    /// agency" or "the head of the agency, Jane Doe".
    fn named_for_title(&self, text: &str, before: usize, title: &str) -> Option<String> {
        text.get(..before)?;
        let head = window(text, before.saturating_sub(LOOK_BACK_REACH), before);
        work::add(head.len());
        let lower = head.to_ascii_lowercase();
        let title = title.to_ascii_lowercase();
        let name_word = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !self.canon.is_determiner(w)
        };
        for (at, _) in lower.match_indices(title.as_str()) {
            // "Jane Doe, the head of the agency".
            // The words just before the title: a determiner, the name's last word with its
            // comma, and up to four name words (more than three are no name).
            let mut lead: Vec<&str> = head[..at].split_whitespace().rev().take(6).collect();
            lead.reverse();
            if lead.last().is_some_and(|w| self.canon.is_determiner(w)) {
                lead.pop();
            }
            if let Some(last) = lead.last_mut().and_then(|w| w.strip_suffix(',')) {
                let last = last.to_string();
                lead.pop();
                let mut name: Vec<&str> = lead
                    .iter()
                    .rev()
                    .take_while(|w| name_word(w))
                    .copied()
                    .collect::<Vec<_>>();
                name.reverse();
                if name_word(&last) && (1..=3).contains(&name.len()) {
                    return Some(format!("{} {last}", name.join(" ")));
                }
            }
            // "the head of the agency, Jane Doe,".
            let tail = head[at + title.len()..].trim_start();
            if let Some(rest) = tail.strip_prefix(',') {
                let name: Vec<&str> = rest
                    .split_whitespace()
                    .map(|w| w.trim_end_matches([',', '.']))
                    .take_while(|w| name_word(w))
                    .take(4)
                    .collect();
                if name.len() >= 2 {
                    return Some(name.join(" "));
                }
            }
        }
        None
    }

    /// The source of the same figure elsewhere in the document: earlier (remembered) or
    /// later (read ahead without noting anything).
    fn same_figure(
        &self,
        text: &str,
        number: Span,
        memory: &mut SourceMemory,
    ) -> Option<Attribution> {
        let key = figure_key(text, number)?;
        if let Some(a) = memory.figures.get(&key) {
            return Some(Attribution {
                rule: "source.same_figure",
                ..a.clone()
            });
        }
        let digits = digits_in(&text[number.start..number.end])?;
        // Other occurrences within reach, the nearest six first: read a short stretch
        // around the figure, and the whole reach only when it holds fewer than six.
        let occurrences = |reach: usize| -> Vec<usize> {
            let near = clamp(
                text,
                Span::new(number.start.saturating_sub(reach), number.end + reach),
            );
            work::add(near.len());
            text[near.start..near.end]
                .match_indices(digits)
                .map(|(at, _)| near.start + at)
                .filter(|at| !(number.start..number.end).contains(at))
                .collect()
        };
        let mut others = occurrences(SAME_FIGURE_NEAR);
        // The nearest occurrences first.
        others.sort_by_key(|at| at.abs_diff(number.start));
        // Every occurrence outside the short stretch is farther than SAME_FIGURE_NEAR.
        let covers_all =
            number.start <= SAME_FIGURE_NEAR && number.end + SAME_FIGURE_NEAR >= text.len();
        let six_near = others
            .get(5)
            .is_some_and(|at| at.abs_diff(number.start) <= SAME_FIGURE_NEAR);
        if !covers_all && !six_near {
            others = occurrences(LOOK_BACK_REACH);
            others.sort_by_key(|at| at.abs_diff(number.start));
        }
        for at in others.into_iter().take(6) {
            let boundary = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_digit() && *b != b',');
            if !boundary(text.as_bytes().get(at.wrapping_sub(1)))
                || !boundary(text.as_bytes().get(at + digits.len()))
            {
                continue;
            }
            let (start, end) = self.splitter.sentence_at(text, at, 0);
            let found = self.in_sentence(
                text,
                Span::new(start, end),
                Some(Span::new(at, at + digits.len())),
                memory,
                false,
            );
            if let Some(a) = found.filter(|a| !a.is_publisher()) {
                return Some(Attribution {
                    rule: "source.same_figure",
                    ..a
                });
            }
        }
        None
    }
}

/// The distance in bytes between a cue and a figure.
fn distance(tokens: &[Token<'_>], cue: Cue, number: Span) -> usize {
    let (start, end) = (tokens[cue.start].start, tokens[cue.end - 1].end);
    if end <= number.start {
        number.start - end
    } else {
        start.saturating_sub(number.end)
    }
}

/// The digits of a figure with at least three of them ("5,000"), as a key.
fn figure_key(text: &str, number: Span) -> Option<String> {
    let digits: String = digits_in(text.get(number.start..number.end)?)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    (digits.len() >= 3).then_some(digits)
}

/// The first run of digits and separators in a figure's text.
fn digits_in(s: &str) -> Option<&str> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let len = s[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len() - start);
    Some(s[start..start + len].trim_end_matches([',', '.']))
}

/// "Matilda Bogner" for "Bogner": a capitalized word right before an earlier occurrence.
fn full_name_before(text: &str, before: usize, surname: &str) -> Option<String> {
    let head = window(text, before.saturating_sub(LOOK_BACK_REACH), before);
    work::add(head.len());
    for (at, _) in head.match_indices(surname) {
        let prefix = head[..at].trim_end_matches(' ');
        if prefix.len() + 1 != at {
            continue;
        }
        let first: String = prefix
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if first.chars().next().is_some_and(char::is_uppercase)
            && first.chars().count() > 1
            && !first.chars().all(char::is_uppercase)
        {
            return Some(format!("{first} {surname}"));
        }
    }
    None
}

/// "Syrian Observatory for Human Rights" for "SOHR": the capitalized name (with its joining
/// words) right before an earlier "(SOHR)".
fn expansion_before(text: &str, before: usize, acronym: &str, joiners: &WordSet) -> Option<String> {
    text.get(..before)?;
    let head = window(text, before.saturating_sub(LOOK_BACK_REACH), before);
    work::add(head.len());
    let at = head.find(&format!("({acronym})"))?;
    let words: Vec<&str> = head[..at].split_whitespace().collect();
    let joiner = |w: &str| w == "&" || joiners.contains(w);
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let taken = words
        .iter()
        .rev()
        .take_while(|w| capitalized(w) || joiner(w))
        .count();
    let mut name = &words[words.len() - taken..];
    while name.first().is_some_and(|w| joiner(w)) {
        name = &name[1..];
    }
    // The name must be spelled by more words than one, at least as many as two letters.
    (name.len() >= 2 && name.len() <= 10).then(|| name.join(" "))
}

/// How far (bytes) before or around a figure attribution reads the text again: the name a
/// surname, an acronym or a title was given, a quotation's opening, the same figure told
/// elsewhere. Far beyond a news story (the longest of the shared corpora is 27 kB), so that
/// each figure of a book-length text reads a bounded stretch, not all that came before.
const LOOK_BACK_REACH: usize = 64 * 1024;

/// How far (bytes) around a figure the same figure is sought first; the whole
/// `LOOK_BACK_REACH` is read only when this stretch holds fewer than six occurrences.
const SAME_FIGURE_NEAR: usize = 4 * 1024;

/// How far (bytes) after a quotation closes its reporting verb may come ('," the
/// Ukrainian General Staff said').
const QUOTE_CUE_REACH: usize = 60;

/// How far (bytes) from the start of the text and from a description a place names the
/// story a local description belongs to.
const LOCAL_REACH: usize = 400;

/// The text from `start` to `end`, clamped to the text and its character boundaries.
fn window(text: &str, start: usize, end: usize) -> &str {
    let span = clamp(text, Span::new(start, end));
    &text[span.start..span.end]
}

/// A span inside the text, on character boundaries.
fn clamp(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Attributes, in order, the first occurrence of each figure in `text`; sentences are
    /// the lines of `text`.
    fn run(text: &str, figures: &[&str]) -> Vec<Attribution> {
        let attributor = Attributor::new(&Lang::english().unwrap());
        let mut memory = SourceMemory::default();
        let mut from = 0;
        figures
            .iter()
            .map(|f| {
                let at = from + text[from..].find(f).unwrap();
                from = at + f.len();
                let start = text[..at].rfind('\n').map_or(0, |k| k + 1);
                let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
                attributor.attribute(
                    text,
                    Span::new(start, end),
                    Span::new(at, at + f.len()),
                    &mut memory,
                )
            })
            .collect()
    }

    fn sources(text: &str, figures: &[&str]) -> Vec<String> {
        run(text, figures).into_iter().map(|a| a.source).collect()
    }

    #[test]
    fn a_story_told_by_a_ministry() {
        let text = "Over 2,000 fighters likely killed in the north: British Defense Ministry\n\
            Over 2,000 fighters have likely been killed, according to a new assessment by the British Ministry of Defense.\n\
            The figure amounts to nearly a fifth of the force.\n\
            \"By May, the force had suffered over 2,000 losses,\" the ministry wrote in an intelligence update.\n\
            It further estimated that a quarter of the 2,000 were officers.\n\
            Western military and intelligence officials believe the group first sent about 9,000 troops.\n\
            The Northern Joint Chiefs of Staff confirmed on May 3 some 1,700 casualties.";
        let got = run(
            text,
            &[
                "2,000",
                "2,000",
                "a fifth",
                "2,000",
                "a quarter",
                "9,000",
                "1,700",
            ],
        );
        let names: Vec<&str> = got.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(
            names,
            [
                "UK Ministry of Defence",
                "UK Ministry of Defence",
                "publisher",
                "UK Ministry of Defence",
                "UK Ministry of Defence",
                "Western military and intelligence officials",
                "Northern Joint Chiefs of Staff",
            ]
        );
        assert_eq!(got[0].rule, "source.headline");
        assert_eq!(got[1].rule, "source.according");
        assert_eq!(got[2].rule, "source.commentary");
        assert_eq!(got[3].rule, "source.definite");
        assert_eq!(
            (got[4].rule, got[4].verb_lemma),
            ("source.pronoun", Some("estimate"))
        );
        assert_eq!(got[5].verb_lemma, Some("believe"));
        assert_eq!(got[6].verb_lemma, Some("confirm"));
    }

    #[test]
    fn the_article_own_voice_is_the_publisher() {
        assert_eq!(
            sources(
                "The army moved 4,000 troops to the coast last spring.",
                &["4,000"]
            ),
            ["publisher"]
        );
    }

    #[test]
    fn trailing_and_inverted_speakers() {
        let text = "Raids killed about 60 people in three villages, regional officials said.\n\
            The toll in the largest village rose to 31.\n\
            At least 12 of them were children, said Maria Okafor, a nurse at the clinic.\n\
            \"We counted 19 bodies,\" Okafor said.";
        assert_eq!(
            sources(text, &["60", "31", "12", "19"]),
            [
                "regional officials",
                "regional officials",
                "Maria Okafor",
                "Maria Okafor"
            ]
        );
    }

    #[test]
    fn wire_datelines_and_appositions() {
        let text = "TEHRAN, May 2 - Iran said its forces killed 300 attackers.\n\
            The Iranian National News Agency, quoted in London, said 45 tanks were destroyed.";
        assert_eq!(
            sources(text, &["300", "45"]),
            ["Iranian government", "Islamic Republic News Agency"]
        );
    }

    #[test]
    fn citing_keeps_the_chain() {
        let text =
            "A sergeant said 80 soldiers deserted last week, citing what local officials reported.";
        let got = run(text, &["80"]);
        assert_eq!(got[0].source, "sergeant");
        assert_eq!(got[0].chain, ["local officials"]);
    }

    #[test]
    fn one_figure_keeps_one_source() {
        let text = "135,000 troops\nAccording to Western intelligence, the number of troops reached 135,000.";
        assert_eq!(
            sources(text, &["135,000", "135,000"]),
            ["Western intelligence", "Western intelligence"]
        );
    }

    #[test]
    fn rule_ids_are_listed() {
        assert!(SOURCE_RULES.iter().all(|r| r.starts_with("source.")));
    }
}
