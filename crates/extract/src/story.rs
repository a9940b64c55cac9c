//! Who asserts each figure and when: sources, the day a figure was stated and the days it
//! refers to, and one story for a figure told several times.
//!
//! Rules:
//! - `story.as_of_mention`: a time expression of the figure's sentence ("As of March 2025",
//!   "last year", "between January and February this year"), the nearest to the figure
//! - `story.as_of_anaphor`: "the figure" refers to the previous claim, and so do its dates
//! - `story.as_of_since`: "since February 2022 ... have fled": from then to the day stated
//! - `story.as_of_period`: no time for the figure, but the text says what period its
//!   account covers ("The report covers a 15-month period ... to May 2023")
//! - `story.as_of_continued`: no time for the figure, but the previous claim, of the same
//!   metric and source or actor, has one: a continuing account keeps its dates
//! - `story.as_of_stated`: no time for the figure: the day it was stated
//! - `story.as_of_present`: "now", "to date", "so far": the figure stands on the day it was
//!   stated, and a running total counted from a date ends on that day
//! - `story.as_of_not_future`: a reported figure does not refer to days after the article
//!   ("so far this year" ends on the publication day; "the coming decade" is no date of a
//!   present figure)
//! - `story.undated`: no time for the figure and no day for its statement: no `as_of` (a
//!   bare "said" is not dated by the publication date)
//! - `story.stated_mention`: a day given for the statement ("confirmed on March 27",
//!   "posted on March 28")
//! - `story.stated_earlier`: the day given for the same source's statement earlier
//! - `story.stated_dateline`: a wire dateline ("BAGHDAD, March 1 -")
//! - `story.stated_publisher`: the article's own figure is stated when it is published, and
//!   so is a speech's in its transcript
//! - `story.same_figure`: a figure repeated with the same value and metric shares its
//!   source and dates with the fullest telling, and its actor when it names none

use rustc_hash::FxHashMap;
use tally_core::{Claim, Date, DateSpan, Modality, Span};
use tally_lang::StoryWords;

use crate::grammar::Grammar;
use crate::source::{Attribution, Attributor, SourceMemory};
use crate::time::{FoundTimes, TimeFinder, TimeMention};
use crate::token::{tokenize, Token};

/// Every rule id of the story.
pub const STORY_RULES: &[&str] = &[
    "story.as_of_mention",
    "story.as_of_anaphor",
    "story.as_of_stated",
    "story.stated_mention",
    "story.stated_earlier",
    "story.stated_dateline",
    "story.stated_publisher",
    "story.same_figure",
    "story.as_of_since",
    "story.as_of_continued",
    "story.as_of_period",
    "story.as_of_present",
    "story.as_of_not_future",
    "story.undated",
];

/// How far (bytes) after a reporting verb a day still dates the statement.
const STATED_REACH: usize = 80;

/// What the claims of one text leave for later ones.
#[derive(Debug, Default)]
pub struct Story {
    memory: SourceMemory,
    /// Claims (by index in the text's claims) whose dates are those of an earlier claim.
    anaphors: Vec<(usize, usize)>,
    /// Claims made so far in the text.
    n_claims: usize,
    /// The end of a leading `date YYYY-MM-DD` header, whose date is metadata.
    header_end: usize,
    stated_by_source: FxHashMap<String, Date>,
    dateline: Option<Date>,
    /// The end of the dateline, whose date is not a time the figures refer to.
    dateline_end: usize,
    /// Whether the dateline has been looked for (on the first claim, not for every text).
    dateline_read: bool,
    published: Option<Date>,
    /// The time expressions of the sentences read so far.
    found: FoundTimes,
}

impl Story {
    /// The story of a text published on `published`, with the dateline found at its head.
    pub fn new(text: &str, published: Option<Date>) -> Story {
        Story {
            published,
            found: FoundTimes::new(published),
            header_end: header_end(text),
            ..Story::default()
        }
    }

    /// The time expressions found in the sentences of the text read so far.
    pub fn found_times(&self) -> &FoundTimes {
        &self.found
    }

    /// Looks for the text's dateline, once.
    fn read_dateline(&mut self, times: &TimeFinder, text: &str) {
        if !self.dateline_read {
            self.dateline_read = true;
            if let Some((day, end)) = dateline(times, text, self.published) {
                self.dateline = Some(day);
                self.dateline_end = end;
            }
        }
    }
}

/// The end of a leading `date YYYY-MM-DD` line header (the text files of `corpus/seed`):
/// its date is the publication date, not a time the text speaks of.
fn header_end(text: &str) -> usize {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t']);
    let lead = text.len() - trimmed.len();
    let Some(rest) = trimmed.strip_prefix("date ") else {
        return 0;
    };
    let date = rest.get(..10).filter(|d| d.parse::<Date>().is_ok());
    date.map_or(0, |_| lead + "date ".len() + 10)
}

/// The period a text says its account covers: the days of the time expressions of the
/// first sentence that speaks of a period ("The report covers a 15-month period from the
/// start of the invasion to May 2023").
fn period(
    times: &TimeFinder,
    words: &StoryWords,
    text: &str,
    published: Option<Date>,
) -> Option<DateSpan> {
    let at = words
        .period_words
        .iter()
        .filter_map(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()))
        .min()?;
    let from = text[..at].rfind(['.', '\n']).map_or(0, |k| k + 1);
    let to = text[at..].find(['.', '\n']).map_or(text.len(), |k| at + k);
    let days: Vec<DateSpan> = times
        .find(text, from..to, published)
        .into_iter()
        .filter(|m| m.timex_type == "DATE")
        .filter_map(|m| m.value)
        .collect();
    let first = days.iter().map(|d| d.first).min()?;
    let last = days.iter().map(|d| d.last).max()?;
    Some(DateSpan::new(first, last))
}

/// The day of a wire dateline at the head of a text ("BAGHDAD, March 1 - ..."), and the
/// byte where the dateline ends.
fn dateline(times: &TimeFinder, text: &str, published: Option<Date>) -> Option<(Date, usize)> {
    let mut head = text.len().min(100);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    // A dateline needs a dash after its date; most texts have none, and are not searched.
    if !text[..head].contains([' ', '\n']) || !text[..head].contains(['-', '\u{2013}', '\u{2014}'])
    {
        return None;
    }
    times
        .find(text, 0..head, published)
        .into_iter()
        .find_map(|m| {
            let rest = text[m.span.end..].trim_start_matches([' ', ')', '(']);
            let dash = rest.starts_with(['-', '\u{2013}', '\u{2014}']);
            let day = m.value.filter(|v| v.first == v.last).map(|v| v.first);
            (dash && m.timex_type == "DATE")
                .then_some(day)
                .flatten()
                .map(|d| (d, m.span.end))
        })
}

/// Fills the source, dates, probability and modality of the claims of one sentence, cut
/// into `tokens`.
#[allow(clippy::too_many_arguments)]
pub fn attach(
    attributor: &Attributor,
    times: &TimeFinder,
    g: &Grammar,
    text: &str,
    sentence: Span,
    tokens: &[Token<'_>],
    claims: &mut [Claim],
    story: &mut Story,
) {
    if claims.is_empty() {
        return;
    }
    story.read_dateline(times, text);
    // A figure is never a date: "1260 Russian soldiers", "a sample of 1000 Ukrainians".
    let figures: Vec<Span> = claims.iter().map(|c| c.evidence.number).collect();
    let mentions: Vec<TimeMention> = story
        .found
        .find(times, text, sentence)
        .iter()
        .filter(|m| {
            m.timex_type == "DATE"
                && m.value.is_some()
                && m.span.start >= story.header_end.max(story.dateline_end)
                && !figures
                    .iter()
                    .any(|f| f.start < m.span.end && m.span.start < f.end)
        })
        .cloned()
        .collect();
    // "so far", "to date", "now": the sentence gives a running total.
    let running = mentions.iter().any(|m| m.timex == "PRESENT_REF");
    for claim in claims {
        let claim_idx = story.n_claims;
        story.n_claims += 1;
        let attribution = attributor.attribute_tokens(
            text,
            sentence,
            tokens,
            claim.evidence.number,
            &mut story.memory,
        );
        claim.rules.push(attribution.rule.to_string());
        // A speech's transcript is published when it is given, like the article's own words.
        let publisher = attribution.source == "publisher" || attribution.rule == "source.speech";
        note_statements(times, &g.words.story, text, story);

        // The day it was stated.
        let stated_mention = attribution
            .verb
            .and_then(|verb| stated_mention(&mentions, verb.end, &g.words.story))
            .or_else(|| day_before_verb(&mentions, text, sentence, &attribution, &g.words.story));
        let stated = if publisher {
            claim.rules.push("story.stated_publisher".to_string());
            story.published
        } else if let Some(m) = stated_mention {
            claim.rules.push("story.stated_mention".to_string());
            m.value.map(|v| v.first)
        } else if let Some(day) = story.stated_by_source.get(&attribution.source) {
            claim.rules.push("story.stated_earlier".to_string());
            Some(*day)
        } else if let Some(day) = story.dateline {
            claim.rules.push("story.stated_dateline".to_string());
            Some(day)
        } else {
            None
        };
        if let (Some(day), false) = (stated, publisher) {
            story
                .stated_by_source
                .insert(attribution.source.clone(), day);
        }

        // The days it refers to: the nearest other time of the sentence.
        let number = claim.evidence.number;
        // A day or period given for the figure comes before "now" or "so far".
        let as_of_mention = mentions
            .iter()
            .filter(|m| {
                stated_mention.is_none_or(|s| s.span != m.span)
                    || matches!(m.cue, Some("as of" | "by"))
            })
            .min_by_key(|m| {
                let present = usize::from(m.timex == "PRESENT_REF");
                (present, {
                    if m.span.end <= number.start {
                        number.start - m.span.end
                    } else {
                        m.span.start.saturating_sub(number.end)
                    }
                })
            });
        claim.as_of = if let Some(m) = as_of_mention {
            as_of_of_mention(claim, m, text, sentence, stated, running, story.published)
        } else if claim.rules.iter().any(|r| r == "metric.anaphor") && claim_idx > 0 {
            // Resolved when the text is done, once the earlier claim's dates are final.
            story.anaphors.push((claim_idx, claim_idx - 1));
            None
        } else {
            None
        };
        claim.stated = stated;
        claim.evidence.source = attribution.phrase;
        claim.evidence.chain = attribution.chain;
        claim.source = Some(attribution.source);
        speaker_side(g, claim);

        // Probability by the source's yardstick; modality from the reporting verb.
        if let Some(phrase) = &claim.confidence {
            if let Some((band, rule)) = g.estimative.probability(phrase, claim.source.as_deref()) {
                claim.probability = Some(band);
                claim.rules.push(rule.to_string());
            }
        }
        if claim.modality == Modality::Report
            && attribution
                .verb_lemma
                .is_some_and(|lemma| g.words.story.estimate_lemmas.contains(lemma))
        {
            claim.modality = Modality::Estimate;
            claim.rules.push("modality.estimate".to_string());
        }
        // A share the article works out from an earlier figure is its own estimate.
        if claim.modality == Modality::Report
            && claim.kind == tally_core::Kind::Fraction
            && claim.rules.iter().any(|r| r == "metric.anaphor")
        {
            claim.modality = Modality::Estimate;
            claim.rules.push("modality.estimate".to_string());
        }
    }
}

/// The days a figure refers to, from the time expression of its sentence nearest to it;
/// `stated` is the day of its statement ("now" for the source), `running` whether the
/// sentence gives a running total ("so far", "to date").
fn as_of_of_mention(
    claim: &mut Claim,
    m: &TimeMention,
    text: &str,
    sentence: Span,
    stated: Option<Date>,
    running: bool,
    published: Option<Date>,
) -> Option<DateSpan> {
    let value = m.value?;
    // The source's present: the day of its statement, or the article's.
    let now = stated.or(published);
    // "Now", "to date", "so far": the day of the statement.
    if m.timex == "PRESENT_REF" {
        claim.rules.push("story.as_of_present".to_string());
        return Some(now.map_or(value, DateSpan::day));
    }
    // "Since Russia invaded in February 2022, six million have fled": until the statement.
    let since = m.cue == Some("since") || since_before(text, sentence, m.span);
    if let Some(now) = now.filter(|now| since && *now >= value.first) {
        claim.rules.push("story.as_of_since".to_string());
        return Some(DateSpan::new(value.first, now));
    }
    // "In 2023 ... so far": a running total counted from then ends on the day it is given.
    if let Some(now) = now.filter(|now| running && value.last < *now) {
        claim.rules.push("story.as_of_present".to_string());
        return Some(DateSpan::new(value.first, now));
    }
    claim.rules.push("story.as_of_mention".to_string());
    not_future(claim, value, published)
}

/// A reported figure refers to no day after the article: "so far this year" ends on the
/// publication day, and a figure dated only in the future ("the coming decade") by a
/// report, not a projection, keeps no date of its own.
fn not_future(claim: &mut Claim, value: DateSpan, published: Option<Date>) -> Option<DateSpan> {
    let Some(published) = published else {
        return Some(value);
    };
    if value.last <= published || claim.modality == Modality::Projection {
        return Some(value);
    }
    claim.rules.push("story.as_of_not_future".to_string());
    (value.first <= published).then(|| DateSpan::new(value.first, published))
}

/// The time that dates a statement: a single day given shortly after its reporting verb
/// ("said on Friday", "said US President Joe Biden on Friday"), not a period it speaks of.
fn stated_mention<'m>(
    mentions: &'m [TimeMention],
    verb_end: usize,
    words: &StoryWords,
) -> Option<&'m TimeMention> {
    mentions
        .iter()
        .filter(|m| {
            m.timex_type == "DATE"
                && m.span.start >= verb_end
                && m.span.start <= verb_end + STATED_REACH
        })
        .filter(|m| m.value.is_some_and(|v| v.first == v.last))
        .filter(|m| {
            !m.cue
                .is_some_and(|cue| words.not_statement_cues.contains(cue))
        })
        .min_by_key(|m| m.span.start)
}

/// Statements made in the sentences read since the last figure ("…, said US President Joe
/// Biden on Friday") date their sources' later figures. Only a day right after the verb, or
/// after the speaker that follows it, dates a statement: not "said the attack was repelled
/// yesterday".
fn note_statements(times: &TimeFinder, words: &StoryWords, text: &str, story: &mut Story) {
    for (span, said) in story.memory.take_statements() {
        let Some(verb) = said.verb else { continue };
        let after = said
            .phrase
            .filter(|p| p.start >= verb.end)
            .map_or(verb.end, |p| p.end);
        // Most statements name no day there: the sentence's times are not looked for.
        let sentence = text.get(..span.end).unwrap_or(text);
        if !adjacent_starts(sentence, after).any(|at| times.may_start_at(sentence, at)) {
            continue;
        }
        let said_on = story.found.find(times, text, span);
        let adjacent = |m: &&TimeMention| {
            text.get(after..m.span.start)
                .is_some_and(|gap| STATED_GAPS.contains(&gap.trim()))
        };
        if let Some(day) = stated_mention(said_on, verb.end, words)
            .filter(adjacent)
            .and_then(|m| m.value)
        {
            story.stated_by_source.insert(said.source, day.first);
        }
    }
}

/// What may lie between a statement's verb (or its speaker after it) and the day that
/// dates it, spaces aside: "said Friday", "said on Friday", "said, Friday".
const STATED_GAPS: [&str; 3] = ["", "on", ","];

/// Where a time expression right after byte `after` can start: after spaces, and after
/// each of the [`STATED_GAPS`] and spaces.
fn adjacent_starts(text: &str, after: usize) -> impl Iterator<Item = usize> + '_ {
    let skip_spaces = move |at: usize| {
        text.get(at..)
            .map_or(at, |rest| at + rest.len() - rest.trim_start().len())
    };
    let first = skip_spaces(after);
    let rest = text.get(first..).unwrap_or("");
    STATED_GAPS
        .iter()
        .filter(move |gap| rest.starts_with(**gap))
        .map(move |gap| skip_spaces(first + gap.len()))
}

/// A day given before the verb for the statement: between the speaker and the verb ("the
/// Pentagon on Wednesday announced"), or opening the sentence right before the speaker ("On
/// Monday, the ministry said"; not "… last Monday, officials said", which dates what was
/// said).
fn day_before_verb<'m>(
    mentions: &'m [TimeMention],
    text: &str,
    sentence: Span,
    attribution: &Attribution,
    words: &StoryWords,
) -> Option<&'m TimeMention> {
    let verb = attribution.verb?;
    let phrase = attribution.phrase.filter(|p| p.end <= verb.start)?;
    let comma_then_determiner = |gap: &str| {
        gap.trim().strip_prefix(',').is_some_and(|det| {
            let det = det.trim().to_ascii_lowercase();
            det.is_empty() || words.determiners.contains(&det)
        })
    };
    let single_days = || {
        mentions
            .iter()
            .filter(|m| m.value.is_some_and(|v| v.first == v.last))
    };
    single_days()
        .find(|m| m.span.start >= phrase.end && m.span.end <= verb.start)
        .or_else(|| {
            single_days().find(|m| {
                m.span.end <= phrase.start
                    && text
                        .get(m.span.end..phrase.start)
                        .is_some_and(comma_then_determiner)
                    && text
                        .get(sentence.start..m.span.start)
                        .is_some_and(|lead| matches!(lead.trim(), "" | "On" | "on"))
            })
        })
}

/// "Our soldiers", "enemy troops": the side of the source, found in its name ("Ukrainian
/// General Staff"), or its one enemy. With no side in the name, the actor found without
/// the speaker stays.
fn speaker_side(g: &Grammar, claim: &mut Claim) {
    let Some(marker) = claim
        .rules
        .iter()
        .position(|r| r == "actor.speaker_own" || r == "actor.speaker_enemy")
    else {
        return;
    };
    let name = claim
        .source
        .as_deref()
        .filter(|s| *s != "publisher")
        .unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let tokens = tokenize(name, &lower, 0);
    let side = (0..tokens.len())
        .find_map(|i| g.actors.longest_at(&tokens, i))
        .map(|m| m.payload.idx);
    let counted = match claim.rules[marker].as_str() {
        "actor.speaker_own" => side,
        _ => side.and_then(|idx| g.actor_enemy[idx]),
    };
    match counted {
        Some(idx) => {
            claim.actor = Some(g.actor_codes[idx].clone());
            claim.rules.retain(|r| {
                !r.starts_with("actor.")
                    || matches!(r.as_str(), "actor.speaker_own" | "actor.speaker_enemy")
            });
        }
        None => {
            claim.rules.remove(marker);
        }
    }
}

/// Whether "since" opens the clause of a time expression: "Since Russia invaded Ukraine in
/// February 2022".
fn since_before(text: &str, sentence: Span, mention: Span) -> bool {
    let from = mention.start.saturating_sub(60).max(sentence.start);
    let mut from = from;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..mention.start];
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or(before);
    clause
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("since"))
}

/// What makes two claims of a text one figure told twice, whoever they count: kind,
/// metric and bounds.
fn figure_key(
    c: &Claim,
) -> (
    tally_core::Kind,
    tally_core::Metric,
    Option<u64>,
    Option<u64>,
) {
    (
        c.kind,
        c.metric,
        c.value.low.map(f64::to_bits),
        c.value.high.map(f64::to_bits),
    )
}

/// `story.same_figure`: a figure that names no one ("127,000 soldiers" in a subheading),
/// or whose side was only guessed from the claims before it, counts the people of the same
/// figure told in full elsewhere in the document ("127,000 Russian soldiers"), when every
/// such telling names the same side. Only figures of 100 and more are distinctive enough.
fn same_figure_actor(claims: &mut [Claim]) {
    let key = figure_key;
    // An actor taken from the previous claims is a guess the figure's own telling beats.
    let guessed = |c: &Claim| c.rules.iter().any(|r| r == "actor.discourse");
    // The one actor of each figure; `None` when tellings disagree.
    let mut actors: FxHashMap<_, Option<String>> = FxHashMap::default();
    for claim in claims.iter().filter(|c| !guessed(c)) {
        let Some(actor) = &claim.actor else { continue };
        actors
            .entry(key(claim))
            .and_modify(|known| {
                if known.as_ref() != Some(actor) {
                    *known = None;
                }
            })
            .or_insert_with(|| Some(actor.clone()));
    }
    for claim in claims.iter_mut() {
        let distinctive = claim
            .value
            .low
            .or(claim.value.high)
            .is_some_and(|v| v >= 100.0);
        if (claim.actor.is_some() && !guessed(claim)) || !distinctive {
            continue;
        }
        if let Some(Some(actor)) = actors
            .get(&key(claim))
            .filter(|a| a.as_ref() != claim.actor.as_ref())
        {
            claim.actor = Some(actor.clone());
            claim.rules.push("story.same_figure".to_string());
        }
    }
}

/// One figure, one story: claims of a document with the same kind, metric and bounds share
/// the source and dates of the fullest of them; then a claim with no date of its own refers
/// to the day it was stated.
pub fn finish(
    times: &TimeFinder,
    words: &StoryWords,
    text: &str,
    claims: &mut [Claim],
    story: &Story,
) {
    same_figure_actor(claims);
    let key = |c: &Claim| (figure_key(c), c.actor.clone());
    let mut fullest: FxHashMap<_, usize> = FxHashMap::default();
    for (claim_idx, claim) in claims.iter().enumerate() {
        // Only figures that are distinctive enough to be the same one: not "two" or "10".
        if claim
            .value
            .low
            .or(claim.value.high)
            .is_none_or(|v| v < 100.0 && claim.kind == tally_core::Kind::Count)
        {
            continue;
        }
        let score = |c: &Claim| {
            usize::from(c.as_of.is_some())
                + usize::from(c.stated.is_some())
                + usize::from(c.source.as_deref().is_some_and(|s| s != "publisher"))
        };
        let entry = fullest.entry(key(claim)).or_insert(claim_idx);
        if score(claim) > score(&claims[*entry]) {
            *entry = claim_idx;
        }
    }
    for claim_idx in 0..claims.len() {
        let Some(&best) = fullest.get(&key(&claims[claim_idx])) else {
            continue;
        };
        if best == claim_idx {
            continue;
        }
        let (source, as_of, stated) = (
            claims[best].source.clone(),
            claims[best].as_of,
            claims[best].stated,
        );
        let claim = &mut claims[claim_idx];
        let same_source = claim.source == source || claim.source.as_deref() == Some("publisher");
        if !same_source {
            continue;
        }
        let mut changed = false;
        if claim.source != source {
            claim.source = source;
            changed = true;
        }
        if claim.as_of.is_none() && as_of.is_some() {
            claim.as_of = as_of;
            changed = true;
        }
        if stated.is_some() && claim.stated != stated {
            claim.stated = stated;
            changed = true;
        }
        if changed {
            claim.rules.push("story.same_figure".to_string());
        }
    }
    for &(claim_idx, earlier) in &story.anaphors {
        if let (Some(as_of), true) = (
            claims.get(earlier).and_then(|c| c.as_of),
            claim_idx < claims.len(),
        ) {
            if claims[claim_idx].as_of.is_none() {
                claims[claim_idx].as_of = Some(as_of);
                claims[claim_idx]
                    .rules
                    .push("story.as_of_anaphor".to_string());
            }
        }
    }
    // The period the account covers, for the claims of a named source with no time.
    let undated = |c: &Claim| {
        c.as_of.is_none()
            && !c
                .rules
                .iter()
                .any(|r| r.starts_with("story.as_of") || r == "metric.anaphor")
    };
    if let Some(period) = claims
        .iter()
        .any(undated)
        .then(|| period(times, words, text, story.published))
        .flatten()
    {
        for claim in claims.iter_mut() {
            let own = claim
                .rules
                .iter()
                .any(|r| r.starts_with("story.as_of") || r == "metric.anaphor");
            if !own
                && claim.as_of.is_none()
                && claim.source.as_deref().is_some_and(|s| s != "publisher")
            {
                claim.as_of = Some(period);
                claim.rules.push("story.as_of_period".to_string());
            }
        }
    }
    // A continuing account: a claim with no time of its own keeps the dates of the previous
    // claim of the same metric, from the same source or about the same actor.
    for claim_idx in 1..claims.len() {
        let own = claims[claim_idx]
            .rules
            .iter()
            .any(|r| r.starts_with("story.as_of") || r == "metric.anaphor");
        if own || claims[claim_idx].as_of.is_some() {
            continue;
        }
        let previous = &claims[claim_idx - 1];
        let current = &claims[claim_idx];
        let same_story = previous.metric == current.metric
            && previous.kind == current.kind
            && (previous.source == current.source
                || (previous.actor.is_some() && previous.actor == current.actor));
        if same_story && previous.as_of.is_some() {
            let as_of = previous.as_of;
            claims[claim_idx].as_of = as_of;
            claims[claim_idx]
                .rules
                .push("story.as_of_continued".to_string());
        }
    }
    for claim in claims.iter_mut() {
        if claim.as_of.is_none() {
            if let Some(day) = claim.stated {
                claim.as_of = Some(DateSpan::day(day));
                claim.rules.push("story.as_of_stated".to_string());
            } else {
                claim.rules.push("story.undated".to_string());
            }
        }
    }
}
