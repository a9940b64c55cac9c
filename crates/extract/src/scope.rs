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
//!   ceasefire", "since Monday"): a period up to the day stated.
//! - `scope.period`: the figure's date is a stretch it is counted over ("in 2024", "during
//!   the past week", "between May and July", "last month").
//! - `scope.held`: people held on a day (captured, detained, missing) are a total.
//!
//! Otherwise the figure is a total, with no rule named.

use tally_core::{Claim, Date, DateSpan, Kind, Metric, Scope, Span};
use tally_lang::Lang;

use crate::phrase::PhraseSet;
use crate::time::{TimeFinder, TimeMention};
use crate::token::tokenize;

/// The rule ids of this module.
pub const SCOPE_RULES: &[&str] = &[
    "scope.rate",
    "scope.total_cue",
    "scope.event",
    "scope.event_story",
    "scope.since",
    "scope.period",
    "scope.held",
];

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
}

/// What one sentence says about scope, found once for all its claims.
struct SentenceCues {
    /// Where a running-total cue starts, if any.
    total: Option<usize>,
    /// The sentence's tokens, as (start, end) byte offsets.
    tokens: Vec<(usize, usize)>,
    /// The token indexes of singular incident words.
    incidents: Vec<usize>,
    /// The token indexes of plural incident nouns.
    incidents_plural: Vec<usize>,
    /// Dated time expressions of the sentence, and windows ("the past week").
    mentions: Vec<TimeMention>,
    /// Whether the sentence counts per day, week or month ("every month", "daily").
    every: bool,
}

impl ScopeReader {
    /// Compiles the scope words of a language.
    pub fn new(lang: &Lang) -> ScopeReader {
        let words = &lang.scope;
        let set = |phrases: &[String]| PhraseSet::new(phrases.iter().map(|p| (p.as_str(), ())));
        ScopeReader {
            total: set(&words.total),
            incidents: set(&words.incidents),
            incidents_plural: set(&words.incidents_plural),
            period_cues: words.period_cues.clone(),
            held: words.held.clone(),
        }
    }

    /// Sets the scope of every claim of a text, each claim's dates being final.
    pub fn read(
        &self,
        times: &TimeFinder,
        text: &str,
        published: Option<Date>,
        claims: &mut [Claim],
    ) {
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
                    self.sentence_cues(times, text, sentence, published),
                ));
            }
            let Some((_, cues)) = &cues else { continue };
            let found = self.scope_of(claim, cues).or_else(|| {
                let same_days = incident.is_some_and(|days| match (days, claim.as_of) {
                    (Some(days), Some(as_of)) => near_days(days, as_of),
                    _ => true,
                });
                let small = claim.value.high.or(claim.value.low).unwrap_or(0.0) <= PLURAL_EVENT_MAX;
                (same_days && small && HARM.contains(&claim.metric))
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

    fn sentence_cues(
        &self,
        times: &TimeFinder,
        text: &str,
        sentence: Span,
        published: Option<Date>,
    ) -> SentenceCues {
        let slice = &text[sentence.start..sentence.end];
        let lower = slice.to_ascii_lowercase();
        let tokens = tokenize(slice, &lower, sentence.start);
        let starts = |set: &PhraseSet<()>| -> Vec<usize> {
            (0..tokens.len())
                .filter(|&idx| set.matches_at(&tokens, idx))
                .collect()
        };
        let mentions = times.find(text, sentence.start..sentence.end, published);
        SentenceCues {
            every: mentions.iter().any(|m| m.timex_type == "SET"),
            total: starts(&self.total).first().copied(),
            incidents: starts(&self.incidents),
            incidents_plural: starts(&self.incidents_plural),
            tokens: tokens.iter().map(|t| (t.start, t.end)).collect(),
            mentions: mentions
                .into_iter()
                .filter(|m| matches!(m.timex_type, "DATE" | "DURATION") && m.value.is_some())
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
            .tokens
            .iter()
            .position(|&(start, _)| start >= number.start)
            .unwrap_or(cues.tokens.len());
        let near = |idx: &&usize| idx.abs_diff(figure_idx) <= INCIDENT_REACH;
        let small = claim.value.high.or(claim.value.low).unwrap_or(0.0) <= PLURAL_EVENT_MAX;
        if HARM.contains(&claim.metric)
            && (cues.incidents.iter().any(|idx| near(&idx))
                || (small && cues.incidents_plural.iter().any(|idx| near(&idx))))
        {
            return Some((Scope::Event, "scope.event"));
        }
        if claim.rules.iter().any(|r| r == "story.as_of_since") {
            return Some((Scope::Period, "scope.since"));
        }
        if claim.rules.iter().any(|r| r == "story.as_of_mention") && self.is_period(claim, cues) {
            return Some((Scope::Period, "scope.period"));
        }
        // "83 civilians were wounded in the past week": the window the story did not take
        // as the figure's date is its period.
        // Only a figure the story dated by its statement or publication alone.
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
            claim.as_of = Some(window);
            return Some((Scope::Period, "scope.period"));
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
