//! The scope of a figure: a running total up to a day, a count over a stated stretch, or the
//! people of one incident. Read once the story has dated every claim, since a period is a
//! figure's own stretch of time. The cues are data (`en/scope.toml`); the rules, in the
//! order they are tried:
//!
//! - `scope.rate`: a rate ("1,000 a day") is measured over a period.
//! - `scope.total_cue`: a running-total cue in the sentence ("so far", "since the war began",
//!   "in total", "the death toll of the war").
//! - `scope.held`: troops present and people displaced on a day are a total, whatever
//!   happened around them.
//! - `scope.event`: a noun or verb of one incident near the figure ("a strike on the
//!   hospital killed five", "the blast", "opened fire"); a plural one ("strikes") only for
//!   a figure of a few hundred at most.
//! - `scope.event_story`: a figure of harm of a few hundred at most with no cue of its
//!   own, told after an incident of the same story and days ("About 45 were killed in the village", "the toll rose to
//!   81"), belongs to it.
//! - `scope.since`: counted from a day that is not the start of the story ("since the
//!   ceasefire", "since Monday"): a period up to the day stated; `scope.since_long`: counted
//!   from a day over a year earlier, the start of the story: a running total.
//! - `scope.period`: the figure's date is a stretch it is counted over ("in 2024", "during
//!   the past week", "between May and July", "last month"), or the sentence names one
//!   outright ("in the past 24 hours", "since the ceasefire").
//! - `scope.held`: people held on a day (captured, detained, missing) are a total.
//!
//! - `scope.event_day`: a figure of harm dated to one day by its sentence and tied to a
//!   place below a country ("28 were killed on Monday at the aid centre in Rafah", "1,200
//!   were killed or wounded near Basra last night"): one day's battle at one place, of
//!   whatever size.
//! - `scope.part`: a figure that is part of the one before it ("including 18,592 children",
//!   "of whom 9,782 were women", and the next figure joined to a part) names that figure's
//!   number span as `part_of` and the subgroup it counts as `group`; it keeps its scope
//!   but stays out of the whole's series.
//! - `scope.circumstance`: a figure of harm whose people a circumstance named before the
//!   next figure makes a subgroup ("killed while trying to get food", "near aid
//!   distribution sites": aid seekers).
//! - `scope.group`: a figure whose noun is a subgroup ("200 journalists", "15 Palestinian
//!   children") counts that group (`group`), whose series is its own.
//!
//! Otherwise the figure is a total, with no rule named.

use std::sync::Arc;
use tally_core::{Claim, Date, DateSpan, Kind, Metric, Scope, Span};

use tally_lang::{Lang, PlaceKind, Places};

use crate::phrase::{Match, PhraseSet};
use crate::time::{FoundTimes, TimeFinder, TimeMention};
use crate::token::tokenize;

/// How far after a figure (bytes) its subgroup is looked for.
const GROUP_REACH: usize = 40;

/// How far before a figure (bytes) a circumstance is looked for, and its most tokens.
const CIRCUMSTANCE_BEFORE_REACH: usize = 60;
const CIRCUMSTANCE_BEFORE_TOKENS: usize = 6;

/// The most tokens between two figures joined by "and" that share a circumstance ("300
/// people had been killed and more than 2,600").
const COORDINATED_TOKENS: usize = 8;

/// The rule ids of this module.
pub const SCOPE_RULES: &[&str] = &[
    "scope.rate",
    "scope.total_cue",
    "scope.event",
    "scope.event_story",
    "scope.since",
    "scope.since_long",
    "scope.period",
    "scope.held",
    "scope.event_day",
    "scope.part",
];

/// The most tokens between a part and the next for that one to be a part too ("children
/// and", "children, and").
const PART_GAP_TOKENS: usize = 4;

/// A count "since" a day longer ago than this is a running total, not a period.
const RUNNING_SINCE_DAYS: i32 = 365;

/// The largest figure a plural incident noun ("strikes killed 40") makes an event of.
const PLURAL_EVENT_MAX: f64 = 500.0;

/// How many tokens from the figure an incident word may stand ("a drone strike on a market
/// in the city centre on Tuesday killed 12").
const INCIDENT_REACH: usize = 16;

/// Metrics present on a day whatever happened around them: troops and the displaced.
const PRESENT: [Metric; 2] = [Metric::Deployed, Metric::Displaced];

/// Metrics of harm done in an incident.
const HARM: [Metric; 6] = [
    Metric::Killed,
    Metric::Wounded,
    Metric::Casualties,
    Metric::EquipmentLost,
    Metric::Captured,
    Metric::Missing,
];

/// How many days apart two tellings of one incident may date it (the day of the strike, the
/// day the toll was given).
const INCIDENT_DAYS: i32 = 3;

/// Whether a figure is of a few hundred at most ([`PLURAL_EVENT_MAX`]), the size of what
/// one incident or many small ones count.
fn is_small(claim: &Claim) -> bool {
    claim.value.high.or(claim.value.low).unwrap_or(0.0) <= PLURAL_EVENT_MAX
}

/// Whether two dates of a story are close enough to be one incident's.
fn near_days(a: DateSpan, b: DateSpan) -> bool {
    let gap = |from: Date, to: Date| (to - from).get_days();
    a.overlaps(&b)
        || gap(a.last, b.first).abs() <= INCIDENT_DAYS
        || gap(b.last, a.first).abs() <= INCIDENT_DAYS
}

/// The scope cues of a language, compiled.
#[derive(Debug, Clone)]
pub struct ScopeReader {
    total: PhraseSet<()>,
    incidents: PhraseSet<()>,
    incidents_plural: PhraseSet<()>,
    period_cues: Vec<String>,
    held: Vec<Metric>,
    period_phrases: PhraseSet<()>,
    part_cues: PhraseSet<()>,
    part_joiners: PhraseSet<()>,
    groups: PhraseSet<String>,
    circumstances: PhraseSet<String>,
    circumstances_before: PhraseSet<String>,
    places: Arc<Places>,
}

/// What one sentence says about scope, found once for all its claims.
struct SentenceCues {
    /// Where a running-total cue starts, if any.
    total: Option<usize>,
    /// Where each of the sentence's tokens starts.
    token_starts: Vec<usize>,
    /// The token indexes of singular incident words.
    incidents: Vec<usize>,
    /// The token indexes of plural incident nouns.
    incidents_plural: Vec<usize>,
    /// Dated time expressions of the sentence, and windows ("the past week").
    mentions: Vec<TimeMention>,
    /// Whether the sentence counts per day, week or month ("every month", "daily").
    every: bool,
    /// Whether the sentence names a stretch outright ("in the past 24 hours").
    period_phrase: bool,
}

impl ScopeReader {
    /// Compiles the scope words of a language.
    pub fn new(lang: &Lang) -> ScopeReader {
        let words = &lang.scope;
        let set = |phrases: &[String]| PhraseSet::new(phrases.iter().map(|p| (p.as_str(), ())));
        // Phrases with the group each names.
        let named = |phrases: &[(String, String)]| {
            PhraseSet::new(phrases.iter().map(|(p, group)| (p.as_str(), group.clone())))
        };
        ScopeReader {
            total: set(&words.total),
            incidents: set(&words.incidents),
            incidents_plural: set(&words.incidents_plural),
            period_cues: words.period_cues.clone(),
            held: words.held.clone(),
            period_phrases: set(&words.period_phrases),
            part_cues: set(&words.part_cues),
            part_joiners: set(&words.part_joiners),
            groups: named(&words.groups),
            circumstances: named(&words.circumstances),
            circumstances_before: named(&words.circumstances_before),
            places: Arc::clone(&lang.places),
        }
    }

    /// Sets the scope of every claim of a text, each claim's dates being final.
    pub fn read(
        &self,
        times: &TimeFinder,
        text: &str,
        published: Option<Date>,
        found: &FoundTimes,
        claims: &mut [Claim],
    ) {
        self.parts(text, claims);
        self.circumstances(text, claims);
        let mut cues: Option<(Span, SentenceCues)> = None;
        // The days of the last incident told, for the figures that follow it.
        let mut incident: Option<Option<DateSpan>> = None;
        for claim in claims {
            let sentence = claim.evidence.sentence;
            if sentence.end > text.len() || !text.is_char_boundary(sentence.start) {
                continue;
            }
            if cues.as_ref().is_none_or(|(span, _)| *span != sentence) {
                cues = Some((
                    sentence,
                    self.sentence_cues(times, text, sentence, published, found),
                ));
            }
            let Some((_, cues)) = &cues else { continue };
            let found = self.scope_of(claim, cues).or_else(|| {
                let same_days = incident.is_some_and(|days| match (days, claim.as_of) {
                    (Some(days), Some(as_of)) => near_days(days, as_of),
                    _ => true,
                });
                (same_days && is_small(claim) && HARM.contains(&claim.metric))
                    .then_some((Scope::Event, "scope.event_story"))
            });
            if let Some((scope, rule)) = found {
                claim.scope = scope;
                claim.rules.push(rule.to_string());
                if scope == Scope::Event {
                    incident = Some(claim.as_of);
                } else if rule == "scope.total_cue" {
                    incident = None;
                }
            }
        }
    }

    /// Marks the figures that are part of the one before them in their sentence
    /// ("60,034, including 18,592 children and 9,782 women"), with the subgroup they count.
    fn parts(&self, text: &str, claims: &mut [Claim]) {
        let mut whole: Option<Span> = None;
        let mut previous_is_part = false;
        for claim_idx in 0..claims.len() {
            let number = claims[claim_idx].evidence.number;
            let sentence = claims[claim_idx].evidence.sentence;
            if let Some(group) = self.group_named(text, number, sentence, false) {
                let claim = &mut claims[claim_idx];
                claim.group = Some(group);
                claim.rules.push("scope.group".to_string());
            }
            let previous = claim_idx
                .checked_sub(1)
                .map(|idx| &claims[idx])
                .filter(|p| p.evidence.sentence == claims[claim_idx].evidence.sentence);
            let Some(previous) = previous else {
                whole = None;
                previous_is_part = false;
                continue;
            };
            let gap = text
                .get(previous.evidence.number.end..number.start)
                .unwrap_or_default();
            let lower = gap.to_ascii_lowercase();
            let tokens = tokenize(gap, &lower, 0);
            let ends_with = |set: &PhraseSet<()>| {
                (0..tokens.len()).any(|idx| set.all_at(&tokens, idx).any(|m| m.end == tokens.len()))
            };
            let part_of = if ends_with(&self.part_cues) {
                Some(whole.unwrap_or(previous.evidence.number))
            } else if previous_is_part
                && tokens.len() <= PART_GAP_TOKENS
                && ends_with(&self.part_joiners)
            {
                whole
            } else {
                None
            };
            match part_of {
                Some(span) => {
                    // A part may name its group after a verb ("9,782 were women").
                    if claims[claim_idx].group.is_none() {
                        claims[claim_idx].group = self.group_named(text, number, sentence, true);
                    }
                    let claim = &mut claims[claim_idx];
                    claim.part_of = Some(span);
                    claim.rules.push("scope.part".to_string());
                    whole = Some(span);
                    previous_is_part = true;
                }
                None => {
                    whole = None;
                    previous_is_part = false;
                }
            }
        }
    }

    /// Marks the figures of harm whose people a circumstance makes a subgroup ("killed
    /// while trying to get food": aid seekers), named between the figure and the next one
    /// of its sentence; a figure joined to the next by "and" shares its circumstance ("300
    /// killed and 2,600 wounded near aid distribution sites").
    fn circumstances(&self, text: &str, claims: &mut [Claim]) {
        let mut found: Vec<Option<String>> = vec![None; claims.len()];
        for idx in (0..claims.len()).rev() {
            let claim = &claims[idx];
            if claim.group.is_some() || !HARM.contains(&claim.metric) {
                continue;
            }
            let sentence = claim.evidence.sentence;
            let next = claims
                .get(idx + 1)
                .filter(|next| next.evidence.sentence == sentence);
            let end = next.map_or(sentence.end, |next| next.evidence.number.start);
            let Some(window) = text.get(claim.evidence.number.end..end) else {
                continue;
            };
            let lower = window.to_ascii_lowercase();
            let tokens = tokenize(window, &lower, 0);
            let named = (0..tokens.len())
                .find_map(|at| self.circumstances.longest_at(&tokens, at))
                .or_else(|| self.circumstance_before(text, claim))
                .map(|m| m.payload.clone());
            let joined = next.is_some()
                && tokens.len() <= COORDINATED_TOKENS
                && tokens.iter().any(|t| t.key == "and");
            let shared = found.get(idx + 1).cloned().flatten().filter(|_| joined);
            found[idx] = named.or(shared);
        }
        for (claim, group) in claims.iter_mut().zip(found) {
            if let Some(group) = group {
                claim.group = Some(group);
                claim.rules.push("scope.circumstance".to_string());
            }
        }
    }

    /// The circumstance named right before a figure ("handed over the bodies of 285").
    fn circumstance_before(&self, text: &str, claim: &Claim) -> Option<Match<'_, String>> {
        let number = claim.evidence.number;
        let mut start = number
            .start
            .saturating_sub(CIRCUMSTANCE_BEFORE_REACH)
            .max(claim.evidence.sentence.start);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let before = text.get(start..number.start)?;
        let lower = before.to_ascii_lowercase();
        let tokens = tokenize(before, &lower, 0);
        self.circumstances_before
            .ending_at(&tokens, tokens.len(), CIRCUMSTANCE_BEFORE_TOKENS)
    }

    /// The subgroup a figure counts, named as its noun: right after it ("200 journalists")
    /// or after a name of whose they are ("15 Palestinian children"); "3 police officers"
    /// are not the group "officers". A part may also name it after a verb ("9,782 were
    /// women").
    fn group_named(&self, text: &str, number: Span, sentence: Span, part: bool) -> Option<String> {
        let after = text.get(number.end..sentence.end.min(number.end + GROUP_REACH))?;
        let lower = after.to_ascii_lowercase();
        let tokens = tokenize(after, &lower, 0);
        let second = part
            || tokens
                .first()
                .is_some_and(|t| t.text.chars().next().is_some_and(char::is_uppercase));
        let at = |idx: usize| self.groups.longest_at(&tokens, idx);
        at(0)
            .or_else(|| if second { at(1) } else { None })
            .map(|m| m.payload.clone())
    }

    fn sentence_cues(
        &self,
        times: &TimeFinder,
        text: &str,
        sentence: Span,
        published: Option<Date>,
        found: &FoundTimes,
    ) -> SentenceCues {
        let slice = &text[sentence.start..sentence.end];
        let lower = slice.to_ascii_lowercase();
        let tokens = tokenize(slice, &lower, sentence.start);
        let starts = |set: &PhraseSet<()>| -> Vec<usize> {
            (0..tokens.len())
                .filter(|&idx| set.matches_at(&tokens, idx))
                .collect()
        };
        // The sentence's story has most often found its time expressions already.
        let looked_for;
        let mentions = match found.get(sentence, published) {
            Some(mentions) => mentions,
            None => {
                looked_for = times.find(text, sentence.start..sentence.end, published);
                &looked_for
            }
        };
        SentenceCues {
            every: mentions.iter().any(|m| m.timex_type == "SET"),
            period_phrase: !starts(&self.period_phrases).is_empty(),
            total: starts(&self.total).first().copied(),
            incidents: starts(&self.incidents),
            incidents_plural: starts(&self.incidents_plural),
            token_starts: tokens.iter().map(|t| t.start).collect(),
            mentions: mentions
                .iter()
                .filter(|m| matches!(m.timex_type, "DATE" | "DURATION") && m.value.is_some())
                .cloned()
                .collect(),
        }
    }

    fn scope_of(&self, claim: &mut Claim, cues: &SentenceCues) -> Option<(Scope, &'static str)> {
        if claim.kind == Kind::Rate || cues.every {
            return Some((Scope::Period, "scope.rate"));
        }
        if cues.total.is_some() {
            return Some((Scope::Total, "scope.total_cue"));
        }
        if PRESENT.contains(&claim.metric) && !self.is_period(claim, cues) {
            return Some((Scope::Total, "scope.held"));
        }
        let number = claim.evidence.number;
        let figure_idx = cues
            .token_starts
            .iter()
            .position(|&start| start >= number.start)
            .unwrap_or(cues.token_starts.len());
        let near = |idx: &&usize| idx.abs_diff(figure_idx) <= INCIDENT_REACH;
        let small = is_small(claim);
        if HARM.contains(&claim.metric)
            && (cues.incidents.iter().any(|idx| near(&idx))
                || (small && cues.incidents_plural.iter().any(|idx| near(&idx))))
        {
            return Some((Scope::Event, "scope.event"));
        }
        if claim.rules.iter().any(|r| r == "story.as_of_since") {
            // Counted from a day over a year before: the start of the story, a running toll
            // ("since October 2023, more than 60,000 have been killed").
            let long = claim
                .as_of
                .is_some_and(|d| (d.last - d.first).get_days() > RUNNING_SINCE_DAYS);
            return Some(if long {
                (Scope::Total, "scope.since_long")
            } else {
                (Scope::Period, "scope.since")
            });
        }
        if claim.rules.iter().any(|r| r == "story.as_of_mention") && self.is_period(claim, cues) {
            return Some((Scope::Period, "scope.period"));
        }
        // "83 civilians were wounded in the past week": the window the story did not take
        // as the figure's date is its period, for a figure the story dated by its statement
        // or publication alone, or not at all.
        let dated_by_mention = !claim
            .rules
            .iter()
            .any(|r| r == "story.as_of_stated" || r == "story.as_of_published")
            && claim.as_of.is_some();
        if let Some(window) = cues
            .mentions
            .iter()
            .filter(|m| m.timex_type == "DURATION")
            .find_map(|m| m.value)
            .filter(|_| !dated_by_mention)
        {
            // A statement's own day ("said on Monday … over the past day") dates it better
            // than a window counted back from the publication.
            if claim.as_of.is_none() {
                claim.as_of = Some(window);
            }
            return Some((Scope::Period, "scope.period"));
        }
        if cues.period_phrase {
            return Some((Scope::Period, "scope.period"));
        }
        // "28 were killed on Monday at the aid centre in Rafah": one day at one place, of
        // any size (a toll given on a day names no place of its own below a country, or
        // says it is a total).
        let one_day = claim
            .as_of
            .is_some_and(|d| d.first == d.last && cues.mentions.iter().any(|m| m.value == Some(d)));
        // A country is no place of one incident; a city, a region or a place the gazetteer
        // does not know is.
        let at_a_place = claim.place.as_ref().is_some_and(|p| {
            self.places
                .lookup(p.name.as_deref().unwrap_or(&p.text))
                .is_none_or(|entry| entry.kind != PlaceKind::Country)
        });
        if one_day && at_a_place && HARM.contains(&claim.metric) {
            return Some((Scope::Event, "scope.event_day"));
        }
        if self.held.contains(&claim.metric) {
            return Some((Scope::Total, "scope.held"));
        }
        None
    }

    /// Whether the time expression that dates the claim is a stretch it is counted over:
    /// longer than a day, and introduced by a cue of a period or itself a window ("last
    /// week", "the past 24 hours").
    fn is_period(&self, claim: &Claim, cues: &SentenceCues) -> bool {
        let Some(as_of) = claim.as_of else {
            return false;
        };
        cues.mentions
            .iter()
            .filter(|m| m.value == Some(as_of) && as_of.first != as_of.last)
            .any(|m| {
                // A range ("between May and July") or a window ending at the reference day
                // ("the past week") is written by the resolver with a slash.
                m.cue
                    .is_some_and(|cue| self.period_cues.iter().any(|c| c == cue))
                    || m.timex.contains('/')
            })
    }
}
