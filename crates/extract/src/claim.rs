//! Assembles claims: a figure, what it counts, and who is counted.
//!
//! For each figure of a sentence the rules look right for the counted phrase (actor
//! words, a counted noun, "of" and its noun phrase, a predicate such as "were killed"),
//! then left for a governing cue ("killing", "sent", "the death toll rose to"), and
//! decide the kind, metric, role and actor in that order of evidence.
//!
//! Rules:
//! - `metric.predicate`: a predicate after the counted phrase ("45 people were killed")
//! - `metric.noun`: the counted noun carries the metric ("5,000 casualties")
//! - `metric.governor`: a cue before the figure ("killed almost 150", "sent 11,000")
//! - `metric.equipment`: equipment with a loss cue ("destroyed 45 tanks")
//! - `metric.coordination`: takes the metric of a coordinated figure ("5 soldiers and 12 civilians were killed")
//! - `metric.anaphor`: "the figure" or an elided base refers to the previous claim
//! - `metric.hosted`: people of a nation a country hosts ("Turkey hosts 3.6 million
//!   Syrians")
//! - `metric.default_deployed`: military personnel with no other cue
//! - `metric.default_other`: people counted with no other cue, and soldiers not yet in the
//!   field ("400,000 new recruits")
//! - `metric.held_by_other_side`: people detained by another side than their own are
//!   captured ("864 Ukrainian civilians detained by Russia"), see `actor.rs`
//! - `kind.fraction`: a share ("a third of the casualties")
//! - `kind.rate`: a count per day ("92 casualties per day")
//! - the actor: see `actor.rs`
//! - `metric.level`: a new level of a quantity named earlier ("the death toll ... rose to 23")
//! - `role.noun`, `role.context`, `role.discourse`; `role.victims` (people displaced are
//!   civilians); `role.people` (a nationality, "4,000 Iranians", leaves the role
//!   unspecified); `role.group` (members of an armed group);
//!   `role.combat` (people killed "in action", "on the battlefield" are military)

use tally_core::{Claim, Evidence, Kind, Metric, Role, Span, Value};
use tally_lang::{ClaimWords, NounKind};

use crate::actor::ActorMention;
use crate::figure::Figure;
use crate::grammar::{Grammar, Noun};
use crate::number::Form;
use crate::token::{four_digits, Token, TokenKind};

/// What earlier claims of the document leave for later ones.
#[derive(Debug, Clone, Default)]
pub struct Discourse {
    /// The previous claim's actor.
    pub actor: Option<String>,
    /// The previous claim's role.
    pub role: Option<Role>,
    /// The previous claim's metric.
    pub metric: Option<Metric>,
    /// How many claims so far counted each actor, in order of first mention.
    pub actor_counts: Vec<(String, usize)>,
    /// How many claims so far counted each actor's people harmed (killed, wounded, missing)
    /// other than as soldiers, in order of first mention.
    pub harmed_counts: Vec<(String, usize)>,
    /// Whether the previous claim counted hostages (`actor.held_by`).
    pub held: bool,
}

/// Whether a metric counts people harmed, whose side is the side hit.
pub(crate) fn is_harm(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Killed | Metric::Wounded | Metric::Casualties | Metric::Missing
    )
}

/// Adds one to an actor's count.
fn count(counts: &mut Vec<(String, usize)>, actor: &str) {
    match counts.iter_mut().find(|(a, _)| a == actor) {
        Some((_, n)) => *n += 1,
        None => counts.push((actor.to_string(), 1)),
    }
}

impl Discourse {
    /// Takes in a claim just made.
    pub fn note(&mut self, claim: &Claim) {
        self.actor = claim.actor.clone();
        self.role = Some(claim.role);
        self.metric = Some(claim.metric);
        // Hostages (and the dead among them, joined to them) are of the side the story
        // is not about: they make it neither the story's side nor the side a strike hits.
        let held = claim.rules.iter().any(|r| r == "actor.held_by")
            || (self.held && claim.rules.iter().any(|r| r == "actor.coordination"));
        self.held = held;
        if let Some(actor) = claim.actor.as_deref().filter(|_| !held) {
            count(&mut self.actor_counts, actor);
            if is_harm(claim.metric) && claim.role != Role::Military {
                count(&mut self.harmed_counts, actor);
            }
        }
    }

    /// The actor the text is most about so far: the one most claims counted, the most
    /// recent of them on a tie.
    pub fn topic(&self) -> Option<&str> {
        self.most_counted(&self.actor_counts)
    }

    /// The actor whose people (not soldiers) the text has counted harmed most so far, the
    /// most recent of them on a tie.
    pub fn harmed_topic(&self) -> Option<&str> {
        self.most_counted(&self.harmed_counts)
    }

    /// Whether the text has counted this actor's people harmed other than as soldiers.
    pub fn harmed(&self, actor: &str) -> bool {
        self.harmed_counts.iter().any(|(a, _)| a == actor)
    }

    fn most_counted<'d>(&'d self, counts: &'d [(String, usize)]) -> Option<&'d str> {
        let most = counts.iter().map(|(_, n)| *n).max()?;
        if self
            .actor
            .as_ref()
            .is_some_and(|a| counts.iter().any(|(b, n)| b == a && *n == most))
        {
            return self.actor.as_deref();
        }
        counts
            .iter()
            .find(|(_, n)| *n == most)
            .map(|(a, _)| a.as_str())
    }
}

/// A counted phrase found right of a figure.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrase {
    /// The counted noun and its token range.
    pub(crate) noun: Option<(usize, usize, Noun)>,
    /// The metric the noun carries.
    pub(crate) noun_metric: Option<Metric>,
    /// An actor inside the phrase.
    pub(crate) actor: Option<usize>,
    /// Whether the noun is a people-noun of an actor ("Iranians").
    pub(crate) people: bool,
    /// One past the last token of the phrase.
    pub(crate) end: usize,
    /// Whether the phrase is elided ("of them", "of whom").
    pub(crate) elided: bool,
    /// A metric word used as an adjective of the counted noun ("wounded soldiers").
    pub(crate) adjective_metric: Option<Metric>,
}

/// How many tokens around a figure a role-bearing noun gives the role of a figure whose
/// own noun gives none ("DPRK forces had sustained over 5,000 casualties").
const CONTEXT_WINDOW: usize = 10;

/// How many tokens after a share its aside may take before "of": "a third — by one count —
/// of the troops".
const SHARE_ASIDE_WINDOW: usize = 8;

/// How many tokens left of a verb of level the quantity it raises may be named: "The death
/// toll in Angur Adar rose to 23".
const LEVEL_WINDOW: usize = 14;

/// How many tokens before a share a word that points back may stand: "the figure
/// accounts for a third".
const ANAPHOR_WINDOW: usize = 8;

/// Builds the claims of one sentence.
pub struct SentenceClaims<'g, 's> {
    pub(crate) g: &'g Grammar,
    pub(crate) tokens: &'s [Token<'s>],
    pub(crate) actors: Vec<ActorMention>,
}

/// A claim with what the coordination pass needs.
pub struct Pending {
    /// The claim.
    pub claim: Claim,
    /// The figure's token range.
    pub start: usize,
    /// One past its last token, counted phrase included.
    pub phrase_end: usize,
    /// Whether its metric came from a default rather than a cue.
    pub metric_default: bool,
}

/// What the passes of [`SentenceClaims::claim`] have read of one figure so far.
struct Reading<'p> {
    /// The ids of the rules applied, in order.
    rules: Vec<&'static str>,
    /// Whether the figure is a share ("a third", "60%").
    fraction: bool,
    /// Where the counted phrase is looked for: after the figure, past an aside or the
    /// whole of "five out of 28".
    after_fig: usize,
    /// The counted phrase.
    phrase: Phrase,
    /// For a share, the group it is a share of.
    base: Option<Phrase>,
    /// Whether the counted noun is equipment.
    equipment: bool,
    /// One past the counted phrase, a rate phrase included.
    phrase_end: usize,
    /// Count, rate or fraction.
    kind: Kind,
    /// A counted noun before the figure, and its start.
    left_noun: Option<(usize, Noun)>,
    /// A metric noun before the figure ("the death toll rose to 23").
    left_metric: Option<Metric>,
    /// Whether that quantity is an earlier figure ("put the figure at").
    left_anaphor: bool,
    /// Whether the figure is the group of a share before it ("half of the 11,000 troops").
    partitive_inner: bool,
    /// The predicate after the counted phrase: its metric and end.
    predicate: Option<(Metric, usize)>,
    /// The role a copula gives a share ("60% of the dead were civilians").
    copula_role: Option<Role>,
    /// The governing cue before the figure: metric, start, and whether its subject is
    /// the one counted.
    governor: Option<(Metric, usize, bool)>,
    /// The metric decided.
    metric: Option<Metric>,
    /// Whether the metric came from a default rather than a cue.
    metric_default: bool,
    /// For a share, what the whole counts.
    of: Option<Metric>,
    /// The previous figure this one is coordinated with.
    coordinated: Option<&'p Pending>,
}

impl Reading<'_> {
    /// Whether the figure has no counted people of its own and takes the actor and the
    /// role of the figure it is coordinated with ("300 soldiers have been killed and some
    /// 2,700 wounded").
    fn inherits_from_coordinated(&self) -> bool {
        !self.has_own_phrase() && self.left_noun.is_none() && !self.fraction
    }

    /// Whether the counted phrase names people of its own (a noun, an actor).
    fn has_own_phrase(&self) -> bool {
        self.phrase.noun.is_some() || self.phrase.actor.is_some() || self.phrase.people
    }
}

impl<'g, 's> SentenceClaims<'g, 's> {
    /// Prepares the analysis of one tokenized sentence.
    pub fn new(g: &'g Grammar, tokens: &'s [Token<'s>]) -> SentenceClaims<'g, 's> {
        let mut actors = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some(m) = g.actors.longest_at(tokens, i) {
                actors.push(ActorMention {
                    start: i,
                    end: m.end,
                    idx: m.payload.idx,
                    people: m.payload.people,
                    place: m.payload.place,
                });
                i = m.end;
            } else {
                i += 1;
            }
        }
        SentenceClaims { g, tokens, actors }
    }

    pub(crate) fn actor_at(&self, i: usize) -> Option<&ActorMention> {
        self.actors.iter().find(|a| a.start == i)
    }

    pub(crate) fn key(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.key)
    }

    /// The words of the claim rules (`claim` in `en/words.toml`).
    fn words(&self) -> &'g ClaimWords {
        &self.g.words.claim
    }

    /// The counted phrase starting at token `i`.
    fn phrase_at(&self, mut i: usize, equipment_ok: bool) -> Phrase {
        let g = self.g;
        let t = self.tokens;
        let mut phrase = Phrase {
            end: i,
            ..Phrase::default()
        };
        let mut gap = 0;
        while i < t.len() && gap <= 3 {
            if let Some(a) = self.actor_at(i) {
                // "1,000 Iranian-backed fighters": the actor qualifies the counted people, it
                // does not say whose they are.
                let qualifies = self.hyphened(a.end, &g.qualifying)
                    && t.get(a.end).is_some_and(|h| !h.space_before);
                if !qualifies {
                    phrase.actor.get_or_insert(a.idx);
                }
                let noun_follows =
                    g.nouns.matches_at(t, a.end) || g.metric_nouns.matches_at(t, a.end);
                if a.people && !noun_follows {
                    phrase.people = true;
                    phrase.noun = Some((
                        a.start,
                        a.end,
                        Noun {
                            kind: NounKind::Person,
                            role: Role::Unspecified,
                        },
                    ));
                    phrase.end = a.end;
                    // "Iranians killed", or "Russian soldiers" where "russians" is not it.
                    return phrase;
                }
                i = a.end;
                // Possessive: "Russia's".
                if self.key(i) == "'" && self.key(i + 1) == "s" {
                    i += 2;
                }
                continue;
            }
            let noun = g
                .nouns
                .longest_at(t, i)
                .filter(|m| equipment_ok || m.payload.kind == NounKind::Person);
            // "more than 100 commercial vessels": civilian craft are no military equipment.
            if noun.is_some_and(|m| m.payload.kind == NounKind::Equipment)
                && self
                    .words()
                    .civilian_craft
                    .contains(self.key(i.wrapping_sub(1)))
            {
                return phrase;
            }
            let metric_noun = g.metric_nouns.longest_at(t, i);
            // "two wounded North Korean soldiers": the metric word is an adjective; the
            // counted noun comes after it.
            if let (None, Some(m)) = (noun, metric_noun) {
                let mut k = m.end;
                let mut people = false;
                if let Some(a) = self.actor_at(k) {
                    k = a.end;
                    people = a.people;
                }
                if g.nouns.matches_at(t, k) || people {
                    phrase.adjective_metric = Some(*m.payload);
                    i = m.end;
                    continue;
                }
            }
            if noun.is_some() || metric_noun.is_some() {
                let noun_end = noun.map_or(0, |m| m.end);
                let metric_end = metric_noun.map_or(0, |m| m.end);
                let end = noun_end.max(metric_end);
                if let Some(m) = noun {
                    phrase.noun = Some((i, m.end, *m.payload));
                }
                // "580 death camps": the metric noun only describes what is counted.
                if let Some(m) = metric_noun.filter(|m| !g.described_by_metric.matches_at(t, m.end))
                {
                    if m.end == end {
                        phrase.noun_metric = Some(*m.payload);
                    }
                }
                phrase.end = end;
                return self.compound_and_container(i, phrase, equipment_ok);
            }
            let token = &t[i];
            match token.kind {
                TokenKind::Punct => {
                    // "150,000.Russian": a glued period; "non-combatants": a glued hyphen.
                    let glued =
                        !token.space_before && t.get(i + 1).is_some_and(|n| !n.space_before);
                    if (token.key == "." || token.key == "-") && glued {
                        i += 1;
                        continue;
                    }
                    return phrase;
                }
                TokenKind::Digits => return phrase,
                TokenKind::Word => {
                    // "well-trained troops", "UK-based troops": the second half of a
                    // hyphenated modifier is no verb that ends the phrase.
                    let compound = i > 0
                        && t[i - 1].key == "-"
                        && !t[i - 1].space_before
                        && !token.space_before;
                    if compound {
                        gap += 1;
                        i += 1;
                        continue;
                    }
                    if self.words().phrase_stop.contains(token.key)
                        || g.metric_after.matches_at(t, i)
                        || g.months.matches_at(t, i)
                    {
                        return phrase;
                    }
                    gap += 1;
                    i += 1;
                }
            }
        }
        phrase
    }

    /// The rest of a counted phrase after its noun at `i`: a compound noun ("civilian
    /// casualties", "artillery systems"), then the phrase inside a container ("864 cases of
    /// arbitrary detention").
    fn compound_and_container(&self, i: usize, mut phrase: Phrase, equipment_ok: bool) -> Phrase {
        let g = self.g;
        let t = self.tokens;
        let end = phrase.end;
        // A compound noun: "civilian casualties", "artillery systems".
        if let Some(next) = g
            .nouns
            .longest_at(t, end)
            .filter(|m| equipment_ok || m.payload.kind == NounKind::Person)
        {
            phrase.noun = Some((i, next.end, *next.payload));
            phrase.end = next.end;
        }
        // "civilian casualties"; but "people killed fighting" keeps "killed" as the
        // predicate.
        if let Some(next) = g
            .metric_nouns
            .longest_at(t, phrase.end)
            .filter(|_| !g.metric_after.matches_at(t, phrase.end))
        {
            phrase.noun_metric = Some(*next.payload);
            phrase.end = next.end;
        }
        // "864 cases of arbitrary detention": the phrase inside the container.
        if g.containers.matches_at(t, i) && self.key(phrase.end) == "of" {
            let Some(inner) = self.of_phrase(phrase.end, equipment_ok) else {
                // "8,000 cases of suspected war crimes": cases of no people and no
                // harm count none.
                phrase.noun = None;
                return phrase;
            };
            phrase.noun = inner.noun.or(phrase.noun);
            phrase.noun_metric = inner.noun_metric.or(phrase.noun_metric);
            phrase.actor = phrase.actor.or(inner.actor);
            phrase.people |= inner.people;
            phrase.end = inner.end;
        }
        phrase
    }

    /// The counted phrase after "of" at `i`, skipping determiners.
    fn of_phrase(&self, i: usize, equipment_ok: bool) -> Option<Phrase> {
        if self.key(i) != "of" {
            return None;
        }
        let mut j = i + 1;
        while self.words().of_determiners.contains(self.key(j)) {
            j += 1;
        }
        // "of them", "of whom"; "of these have been killed" (a pronoun before a verb), but
        // not "of those detained" (a participle names the group).
        let pronoun = self.words().of_pronouns.contains(self.key(j));
        let bare_demonstrative = matches!(self.key(j - 1), "these" | "those")
            && self.g.links_after.matches_at(self.tokens, j);
        if pronoun || bare_demonstrative {
            return Some(Phrase {
                end: if pronoun { j + 1 } else { j },
                elided: true,
                ..Phrase::default()
            });
        }
        // "half of the 11,000 troops": the group's own number is a figure of its own.
        if self
            .tokens
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Digits)
        {
            j += 1;
            while matches!(self.key(j), "," | ".")
                || self
                    .tokens
                    .get(j)
                    .is_some_and(|t| t.kind == TokenKind::Digits)
            {
                j += 1;
            }
        }
        let phrase = self.phrase_at(j, equipment_ok);
        (phrase.noun.is_some() || phrase.noun_metric.is_some() || phrase.people).then_some(phrase)
    }

    /// The end of a head noun phrase the lexicon does not know, at `i`: up to five words
    /// (actors and glued hyphens included) ending in a plural noun that is not one of
    /// `not_people` ("charcoal traders", "land rights activists", "Hausa herdsmen").
    fn open_head(&self, mut i: usize) -> Option<usize> {
        let g = self.g;
        let t = self.tokens;
        let mut last = None;
        for _ in 0..6 {
            if let Some(a) = self.actor_at(i) {
                i = a.end;
                continue;
            }
            let token = t.get(i)?;
            let glued_hyphen = token.key == "-"
                && !token.space_before
                && last == Some(i.wrapping_sub(1))
                && t.get(i + 1)
                    .is_some_and(|n| !n.space_before && n.kind == TokenKind::Word);
            if glued_hyphen {
                i += 1;
                continue;
            }
            if token.kind != TokenKind::Word
                || self.words().phrase_stop.contains(token.key)
                || g.links_after.matches_at(t, i)
                || g.metric_after.matches_at(t, i)
                || g.months.matches_at(t, i)
                || g.weekdays.matches_at(t, i)
            {
                break;
            }
            last = Some(i);
            i += 1;
        }
        let last = last?;
        let key = t[last].key;
        let plural =
            (key.len() > 3 && key.ends_with('s') && !key.ends_with("ss") && !key.ends_with("us"))
                || (key.len() > 4 && key.ends_with("men"));
        (plural && !g.not_people.matches_at(t, last)).then_some(last + 1)
    }

    /// Whether "by" stands within three tokens before `i`: the attackers ("… by Islamic
    /// militants"), not what is counted.
    fn by_before(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| self.key(k) == "by")
    }

    /// The end of a noun coordinated with the counted one at `i`: "and lecturers".
    fn coordinated_noun(&self, i: usize) -> Option<usize> {
        if !matches!(self.key(i), "and" | "or") {
            return None;
        }
        let person = self
            .g
            .nouns
            .longest_at(self.tokens, i + 1)
            .filter(|m| m.payload.kind == NounKind::Person)
            .map(|m| m.end);
        person.or_else(|| self.open_head(i + 1).filter(|&end| end <= i + 3))
    }

    /// A rate phrase at `i` ("a day", "per week"), but not a time before or after
    /// something ("a day after their release", "a week later").
    fn rate_at(&self, i: usize) -> Option<crate::phrase::Match<'_, ()>> {
        let m = self.g.rate.longest_at(self.tokens, i)?;
        (!self.words().rate_time_after.contains(self.key(m.end))).then_some(m)
    }

    /// Whether a verb of killing or wounding follows at `i`, after linking words.
    fn harm_after(&self, mut i: usize) -> bool {
        for _ in 0..8 {
            if self.g.harm_verbs.matches_at(self.tokens, i) {
                return true;
            }
            match self.g.links_after.longest_at(self.tokens, i) {
                Some(m) => i = m.end,
                None => return false,
            }
        }
        false
    }

    /// A predicate after the counted phrase, skipping auxiliaries: its metric and end.
    fn predicate_at(&self, mut i: usize, equipment: bool) -> Option<(Metric, usize)> {
        let g = self.g;
        let mut auxiliary = false;
        let mut relative = false;
        for _ in 0..8 {
            // "Hundreds of gunmen slaughtered more than 1,200 people": a verb with an object
            // right after the counted phrase is active; the phrase did it, it did not suffer it.
            let cue_end = if equipment {
                g.equipment_after.longest_at(self.tokens, i).map(|m| m.end)
            } else {
                g.metric_after.longest_at(self.tokens, i).map(|m| m.end)
            };
            if let Some(end) = cue_end {
                let intransitive = self.words().intransitives.contains(self.key(i));
                if !auxiliary && !intransitive && self.object_at(end) {
                    return None;
                }
            }
            if equipment {
                if let Some(m) = g.equipment_after.longest_at(self.tokens, i) {
                    return Some((Metric::EquipmentLost, m.end));
                }
            } else if let Some(end) = self.joined_to_harm(i) {
                // "were waylaid and killed", "abducted and killed".
                i = end;
                continue;
            } else if let Some(m) = g.metric_after.longest_at(self.tokens, i) {
                // "the troops deployed have been killed": a participle, then the predicate.
                if *m.payload == Metric::Deployed {
                    if let Some(later) = self.predicate_at_once(m.end) {
                        return Some(later);
                    }
                }
                // "34 refugees who had fled the violence were killed": the relative
                // clause's verb, then the sentence's.
                if relative {
                    if let Some(main) = self.main_predicate(m.end, equipment) {
                        return Some(main);
                    }
                }
                return Some((*m.payload, m.end));
            }
            if let Some(m) = g.links_after.longest_at(self.tokens, i) {
                let words = self.words();
                relative |= (m.start..m.end).any(|k| words.relative_pronouns.contains(self.key(k)));
                auxiliary |= (m.start..m.end).any(|k| words.auxiliaries.contains(self.key(k)));
                i = m.end;
            } else if let Some(after) = self.dash_apposition(i) {
                // "Eighteen people -- mostly women and children -- were killed".
                return self.predicate_at_once_any(after, equipment);
            } else if matches!(self.key(i), "-" | "\"" | "'") {
                i += 1;
            } else if auxiliary && self.key(i) == "," {
                // "were, yesterday, killed".
                i += 1;
            } else if let Some(end) = self.coordinated_noun(i) {
                // "30 other students and lecturers were wounded".
                i = end;
            } else if self.key(i) == ","
                && i > 0
                && self.tokens[i - 1].kind == TokenKind::Word
                && self.words().finite_auxiliaries.contains(self.key(i + 1))
            {
                // "14 civilians, have been killed": a comma before the verb.
                i += 1;
            } else if self.key(i) == "," {
                // "30 people, including 14 women and 12 children, were killed", "more than
                // a million people, close to half of the population, have been displaced".
                let close =
                    (i + 2..(i + 16).min(self.tokens.len())).find(|&k| self.key(k) == ",")?;
                let apposition = (i + 1..close)
                    .all(|k| self.tokens[k].kind != TokenKind::Punct || self.key(k) == "'");
                if !apposition {
                    return None;
                }
                return self.predicate_at_once_any(close + 1, equipment);
            } else if relative {
                // "Seven men who refused to leave the land were arrested".
                return self.main_predicate(i, equipment);
            } else {
                return None;
            }
        }
        None
    }

    /// Whether an object starts at `i`: a figure, a determiner, a counted noun or an actor.
    fn object_at(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        t.kind == TokenKind::Digits
            || self.words().object_starts.contains(t.key)
            || (t.key == "at" && matches!(self.key(i + 1), "least" | "most"))
            || self.g.nouns.matches_at(self.tokens, i)
            || self.actor_at(i).is_some()
    }

    /// A predicate right at `i` after linking words, with no further skipping.
    fn predicate_at_once_any(&self, mut i: usize, equipment: bool) -> Option<(Metric, usize)> {
        for _ in 0..6 {
            let found = if equipment {
                self.g
                    .equipment_after
                    .longest_at(self.tokens, i)
                    .map(|m| (Metric::EquipmentLost, m.end))
            } else {
                self.g
                    .metric_after
                    .longest_at(self.tokens, i)
                    .map(|m| (*m.payload, m.end))
            };
            if found.is_some() {
                return found;
            }
            if let Some(end) = self.joined_to_harm(i) {
                i = end;
            } else if self.key(i) == ","
                && i > 0
                && self.g.links_after.matches_at(self.tokens, i - 1)
            {
                i += 1;
            } else {
                i = self.g.links_after.longest_at(self.tokens, i)?.end;
            }
        }
        None
    }

    /// After a verb of a relative clause at `i`, the sentence's own predicate: an
    /// auxiliary within a few words, then a predicate.
    fn main_predicate(&self, i: usize, equipment: bool) -> Option<(Metric, usize)> {
        for k in i..(i + 12).min(self.tokens.len()) {
            let token = &self.tokens[k];
            if token.kind == TokenKind::Punct && token.key != "," {
                return None;
            }
            if self.words().finite_auxiliaries.contains(token.key) || token.key == "is" {
                return self.predicate_at_once_any(k, equipment);
            }
        }
        None
    }

    /// In a relative clause at `i` whose object is the counted phrase, its verb: "the
    /// 8,500 troops that Austin put on heightened standby", "the hostages that they
    /// freed". The subject is a pronoun or one to three capitalized words.
    fn object_relative(&self, i: usize, equipment: bool) -> Option<(Metric, usize)> {
        let capitalized = |k: usize| self.tokens.get(k).is_some_and(|t| t.is_capitalized());
        let verb = if self.words().subject_pronouns.contains(self.key(i)) {
            i + 1
        } else {
            (i..i + 3).find(|&k| !capitalized(k)).filter(|&k| k > i)?
        };
        let (t, g) = (self.tokens, self.g);
        if equipment {
            let m = g.equipment_after.longest_at(t, verb);
            let m = m.or_else(|| g.equipment_before.longest_at(t, verb))?;
            return Some((Metric::EquipmentLost, m.end));
        }
        let m = g.metric_after.longest_at(t, verb);
        let m = m.or_else(|| g.metric_before.longest_at(t, verb))?;
        Some((*m.payload, m.end))
    }

    /// A border after a preposition at `i`, within four words: "along the Ukraine
    /// border", "near Ukraine's borders"; the end of the border word.
    fn at_border(&self, i: usize) -> Option<usize> {
        if !self.words().border_prepositions.contains(self.key(i)) {
            return None;
        }
        (i + 1..(i + 5).min(self.tokens.len()))
            .take_while(|&k| self.tokens[k].kind != TokenKind::Punct || self.key(k) == "'")
            .find_map(|k| self.g.borders.longest_at(self.tokens, k))
            .map(|m| m.end)
    }

    /// A verb joined to a verb of killing at `i`: "waylaid and killed", "abducted and
    /// killed"; the position of the verb of killing.
    fn joined_to_harm(&self, i: usize) -> Option<usize> {
        let token = self.tokens.get(i)?;
        // "killed and wounded" is one predicate of its own (casualties), not a verb joined
        // to "wounded".
        let one_predicate = self
            .g
            .metric_after
            .longest_at(self.tokens, i)
            .is_some_and(|m| m.end > i + 2);
        (!one_predicate
            && token.kind == TokenKind::Word
            && self.key(i + 1) == "and"
            && self.g.harm_verbs.matches_at(self.tokens, i + 2))
        .then_some(i + 2)
    }

    /// After a dash-delimited aside at `i` ("-- mostly women and children --"), the
    /// position past its closing dash.
    fn dash_apposition(&self, mut i: usize) -> Option<usize> {
        let dash = |k: usize| matches!(self.key(k), "-" | "\u{2014}" | "\u{2013}");
        if !dash(i) {
            return None;
        }
        while dash(i) {
            i += 1;
        }
        let first = self.tokens.get(i)?;
        if first.kind != TokenKind::Word
            || self.g.links_after.matches_at(self.tokens, i)
            || self.g.metric_after.matches_at(self.tokens, i)
        {
            return None;
        }
        let mut close = (i + 1..(i + 16).min(self.tokens.len())).find(|&k| dash(k))?;
        while dash(close) {
            close += 1;
        }
        Some(close)
    }

    /// A predicate other than a deployment right at `i` after linking words.
    fn predicate_at_once(&self, mut i: usize) -> Option<(Metric, usize)> {
        for _ in 0..6 {
            if let Some(m) = self
                .g
                .metric_after
                .longest_at(self.tokens, i)
                .filter(|m| *m.payload != Metric::Deployed)
            {
                return Some((*m.payload, m.end));
            }
            i = self.g.links_after.longest_at(self.tokens, i)?.end;
        }
        None
    }

    /// A predicate after a complement of the counted noun: "20 generals of the Russian
    /// army were killed", "983 soldiers from the (Russian) army were captured".
    fn predicate_after_complement(&self, i: usize, equipment: bool) -> Option<(Metric, usize)> {
        // "2,750 Palestinians in Gaza have died": a place after the noun, then the predicate.
        // "nine civilians including women and children were killed", "eight members of the
        // Indigenous People of Biafra [IPOB], were shot dead".
        // "five children playing with an unexploded shell were killed".
        let participle = self.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word
                && !t.is_capitalized()
                && t.key.len() > 5
                && t.key.ends_with("ing")
        });
        if !participle && !self.words().complement_starts.contains(self.key(i)) {
            return None;
        }
        for j in i + 1..(i + 12).min(self.tokens.len()) {
            let token = &self.tokens[j];
            let before_auxiliary =
                token.key == "," && self.words().finite_auxiliaries.contains(self.key(j + 1));
            if token.kind == TokenKind::Punct
                && !matches!(token.key, "(" | ")" | "[" | "]" | "'" | "-")
                && !before_auxiliary
            {
                return None;
            }
            if token.kind == TokenKind::Digits {
                return None;
            }
            if self.g.links_after.matches_at(self.tokens, j)
                || self.g.metric_after.matches_at(self.tokens, j)
            {
                if let Some(found) = self.predicate_at(j, equipment) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// Gives a figure whose metric is only a default the metric of the figure it is
    /// coordinated with: "Two colonels, three lieutenants and 12 officers were killed",
    /// "300 policemen and women, over 600 soldiers, more than 3,000 civilians dead".
    pub fn coordinate(&self, pending: &mut [Pending]) {
        for k in (0..pending.len().saturating_sub(1)).rev() {
            let (left, right) = pending.split_at_mut(k + 1);
            let (a, b) = (&mut left[k], &right[0]);
            // "300 policemen and women, over 600 soldiers ... dead": past a noun joined to
            // the counted one.
            let end = self.coordinated_noun(a.phrase_end).unwrap_or(a.phrase_end);
            let joined = end + 3 >= b.start
                && (end..b.start).all(|j| matches!(self.key(j), "and" | "," | "or"));
            if joined && a.metric_default && !b.metric_default && a.claim.kind == b.claim.kind {
                a.claim.metric = b.claim.metric;
                a.metric_default = false;
                a.claim.rules.push("metric.coordination".to_string());
            }
        }
    }

    /// A governing cue before token `i`, skipping linking words (and a possessor when the
    /// figure counts a noun: "evacuate the capital's three million residents", not
    /// "displacing Ocean's 12"): metric, cue start, and whether the cue's subject is the one
    /// counted.
    fn governor_before(
        &self,
        i: usize,
        equipment: bool,
        possessor: bool,
    ) -> Option<(Metric, usize, bool)> {
        let g = self.g;
        let mut j = i;
        for _ in 0..6 {
            if equipment {
                if let Some(m) = g.equipment_before.ending_at(self.tokens, j, 4) {
                    let counted = g
                        .subject_counted
                        .ending_at(self.tokens, m.end, 3)
                        .is_some_and(|s| s.start == m.start);
                    return Some((Metric::EquipmentLost, m.start, counted));
                }
            } else if let Some(m) = g.metric_before.ending_at(self.tokens, j, 5) {
                let counted = matches!(*m.payload, Metric::Deployed | Metric::Other)
                    || g.subject_counted
                        .ending_at(self.tokens, m.end, 3)
                        .is_some_and(|s| s.start == m.start);
                return Some((*m.payload, m.start, counted));
            }
            if let Some(m) = g.links_before.ending_at(self.tokens, j, 4) {
                j = m.start;
            } else if let Some(start) = self.possessor_before(j).filter(|_| possessor) {
                // "evacuate the capital's three million residents".
                j = start;
            } else if j > 0 && matches!(self.key(j - 1), "\"" | "'") {
                j -= 1;
            } else {
                return None;
            }
        }
        None
    }

    /// A possessor ending at `j`, "the capital's", "Kyiv's": where it starts.
    fn possessor_before(&self, j: usize) -> Option<usize> {
        if j < 3 || self.key(j - 1) != "s" || self.key(j - 2) != "'" {
            return None;
        }
        let start = j - 3;
        if self.tokens[start].kind != TokenKind::Word {
            return None;
        }
        Some(if self.key(start.wrapping_sub(1)) == "the" {
            start - 1
        } else {
            start
        })
    }

    /// The claim for `fig`, if the sentence says what it counts.
    ///
    /// The passes run in order of evidence, each adding the ids of the rules it applies:
    /// the counted phrase ([`Self::counted_phrase`], [`Self::open_noun`],
    /// [`Self::phrase_kind`]), a noun left of the figure ([`Self::left_noun`],
    /// [`Self::level_noun`]), the predicate and the governor
    /// ([`Self::predicate_and_governor`]), the metric ([`Self::fraction_metric`] or
    /// [`Self::count_metric`], then [`Self::coordination`]), what counts nothing
    /// ([`Self::no_count`]), the actor ([`Self::claim_actor`]), the role
    /// ([`Self::claim_role`]) and the claim ([`Self::finish_claim`]).
    pub fn claim(
        &self,
        fig: &Figure,
        discourse: &Discourse,
        previous: Option<&Pending>,
        doc: &str,
        sentence: Span,
        text: &str,
    ) -> Option<Pending> {
        let t = self.tokens;
        let mut r = self.counted_phrase(fig);
        self.open_noun(fig, &mut r);
        self.phrase_kind(fig, &mut r);
        self.left_noun(fig, &mut r);
        self.level_noun(fig, discourse, &mut r);
        self.predicate_and_governor(fig, previous, &mut r);
        if r.fraction {
            self.fraction_metric(fig, discourse, &mut r)?;
        } else {
            self.count_metric(fig, discourse, &mut r);
        }
        self.coordination(fig, previous, &mut r);
        let metric = r.metric?;
        if self.no_count(fig, &r, metric) {
            return None;
        }
        let actor = self.claim_actor(fig, discourse, metric, &mut r);
        let metric = self.held_by_other_side(metric, actor.as_deref(), &mut r.rules);
        let role = self.claim_role(fig, discourse, metric, actor.as_deref(), &mut r);

        let number = Span::new(t[fig.start].start, t[fig.end - 1].end);
        let mut value: Value = fig.value;
        if value.low.is_none() && value.high.is_none() {
            return None;
        }
        if r.fraction && fig.form == Form::Percent {
            // More than the whole group is no share of it ("1,593% soldiers"); a range may
            // run past it ("90-110%") and stops at the whole.
            if value.low.is_some_and(|l| l > 1.0) {
                return None;
            }
            if value.high.is_some_and(|h| h > 1.0) {
                value.high = Some(1.0);
            }
        }
        let mut claim = Claim::new(
            doc,
            r.kind,
            value,
            metric,
            Evidence::new(text, sentence, number),
        );
        claim.actor = actor;
        claim.role = role;
        Some(self.finish_claim(fig, claim, r))
    }

    /// The counted phrase: right after the figure, or after "of"; for a share, the group
    /// it is a share of is its base ("a third of the troops").
    fn counted_phrase<'p>(&self, fig: &Figure) -> Reading<'p> {
        let g = self.g;
        let t = self.tokens;
        let fraction = fig.form.is_fraction();
        let mut after_fig = fig.end;
        if fraction && matches!(self.key(after_fig), "\u{2014}" | "," | "-") {
            if self.key(after_fig + 1) == "of" {
                // "as much as one-third — or nearly half — of the deployment"
                after_fig += 1;
            } else if let Some(k) = (after_fig + 1..(after_fig + SHARE_ASIDE_WINDOW).min(t.len()))
                .find(|&k| self.key(k) == self.key(after_fig))
            {
                // "a third — by one count — of the troops"
                if self.key(k + 1) == "of" {
                    after_fig = k + 1;
                }
            }
        }
        // "five out of 28 soldiers", "six Iranian out of 28 Iranian boats": the part counts
        // what the whole's phrase names.
        let mut k = after_fig;
        if let Some(a) = self.actor_at(k) {
            k = a.end;
        }
        if !fraction && self.key(k) == "out" && self.key(k + 1) == "of" {
            if let Some(whole) = crate::figure::figure_at(g, t, k + 2) {
                after_fig = whole.end;
            }
        }
        let of_phrase = self.of_phrase(after_fig, true);
        let direct = if of_phrase.is_none() {
            self.phrase_at(after_fig, true)
        } else {
            Phrase {
                end: after_fig,
                ..Phrase::default()
            }
        };
        let (phrase, base) = if fraction {
            (
                Phrase {
                    end: of_phrase.as_ref().map_or(direct.end, |p| p.end),
                    ..direct.clone()
                },
                of_phrase.clone(),
            )
        } else {
            match of_phrase {
                Some(p) => (p, None),
                None => (direct, None),
            }
        };
        Reading {
            rules: fig.rules.clone(),
            fraction,
            after_fig,
            phrase,
            base,
            equipment: false,
            phrase_end: fig.end,
            kind: Kind::Count,
            left_noun: None,
            left_metric: None,
            left_anaphor: false,
            partitive_inner: false,
            predicate: None,
            copula_role: None,
            governor: None,
            metric: None,
            metric_default: false,
            of: None,
            coordinated: None,
        }
    }

    /// `metric.open_noun`: "killed eight charcoal traders", "two female pastors were
    /// killed": a head noun the lexicon does not know counts people when a verb of killing
    /// governs it.
    fn open_noun(&self, fig: &Figure, r: &mut Reading<'_>) {
        let g = self.g;
        let t = self.tokens;
        let phrase = &r.phrase;
        if r.fraction
            || phrase.noun.is_some()
            || phrase.noun_metric.is_some()
            || phrase.people
            || phrase.elided
        {
            return;
        }
        // "fatally shot five of his colleagues": the head after "of".
        let mut head = r.after_fig;
        if self.key(head) == "of" {
            head += 1;
            while self.words().of_determiners.contains(self.key(head)) {
                head += 1;
            }
        }
        if let Some(end) = self.open_head(head) {
            let passive = self.harm_after(end);
            // "shot by five suspected pirates": the agent, not the victims.
            let active = !passive
                && self.key(fig.start.wrapping_sub(1)) != "by"
                && self
                    .governor_before(fig.start, false, false)
                    .is_some_and(|(_, at, _)| g.harm_verbs.matches_at(t, at));
            if passive || active {
                let person = Noun {
                    kind: NounKind::Person,
                    role: Role::Unspecified,
                };
                r.phrase.noun = Some((head, end, person));
                r.phrase.end = end;
                r.rules.push("metric.open_noun");
            }
        }
    }

    /// Whether the counted phrase names equipment, where it ends, and the kind of figure;
    /// `kind.rate`: a rate right after the phrase ("92 casualties per day").
    fn phrase_kind(&self, fig: &Figure, r: &mut Reading<'_>) {
        r.equipment = r
            .phrase
            .noun
            .is_some_and(|(_, _, n)| n.kind == NounKind::Equipment);
        r.phrase_end = r.phrase.end.max(fig.end);
        r.kind = if r.fraction {
            Kind::Fraction
        } else {
            Kind::Count
        };
        if !r.fraction {
            if let Some(m) = self.rate_at(r.phrase_end) {
                r.kind = Kind::Rate;
                r.rules.push("kind.rate");
                r.phrase_end = m.end;
            }
        }
    }

    /// A noun elided before the figure: "soldiers reaches 127,000", "death toll rose to 23".
    fn left_noun(&self, fig: &Figure, r: &mut Reading<'_>) {
        let g = self.g;
        let t = self.tokens;
        if r.phrase.noun.is_some() || r.phrase.noun_metric.is_some() {
            return;
        }
        let mut j = fig.start;
        for _ in 0..5 {
            if let Some(m) = g.metric_nouns.ending_at(t, j, 3) {
                r.left_metric = Some(*m.payload);
                if let Some(n) = g.nouns.ending_at(t, m.end, 3) {
                    r.left_noun = Some((n.start, *n.payload));
                }
                return;
            }
            if let Some(n) = g
                .nouns
                .ending_at(t, j, 3)
                .filter(|n| n.payload.kind == NounKind::Person)
            {
                // "… by Islamic militants has risen to 6": the attackers, not the count.
                if self.by_before(n.start) {
                    return;
                }
                r.left_noun = Some((n.start, *n.payload));
                // "The number of Russian victims reached 473,400": victims before a verb of
                // level are the people harmed.
                if j < fig.start && self.words().level_victims.contains(self.key(n.end - 1)) {
                    r.left_metric = Some(Metric::Casualties);
                    r.rules.push("metric.level");
                }
                return;
            }
            match g.links_before.ending_at(t, j, 4) {
                Some(m) => j = m.start,
                None => return,
            }
        }
    }

    /// `metric.level`: "The death toll in Angur Adar rose to 23": the quantity named
    /// earlier in the clause, before a verb of level. A figure of soldiers whose noun names
    /// no metric takes the metric named there too ("the average daily number of Russian
    /// losses is 899 soldiers"), but not its people; "job losses would amount to 9,000
    /// employees" are no soldiers.
    fn level_noun(&self, fig: &Figure, discourse: &Discourse, r: &mut Reading<'_>) {
        let g = self.g;
        let t = self.tokens;
        if r.phrase.noun_metric.is_some() || r.left_noun.is_some() || r.left_metric.is_some() {
            return;
        }
        let own_noun = r.phrase.noun.is_some();
        if r.phrase
            .noun
            .is_some_and(|(_, _, n)| n.role != Role::Military)
        {
            return;
        }
        let Some(level) = g.level_verbs.ending_at(t, fig.start, 4) else {
            return;
        };
        let mut j = level.start;
        // "the number of victims from the invasion in February 2022 currently exceeds": a
        // year between is part of the clause, but beyond it only a quantity is looked for,
        // not any person ("the chief financial officer said expenses in 1987 will be
        // reduced to about 3.0").
        let mut past_year = false;
        while j > 0 && j + LEVEL_WINDOW > level.start {
            j -= 1;
            let tok = &t[j];
            let year = four_digits(tok.key).is_some_and(|y| (1900..=2100).contains(&y));
            past_year |= year;
            // "the number of Russian victims, which in April amounted to 899 soldiers": a
            // relative clause between the noun and the level of a figure that names its
            // people.
            let relative = own_noun
                && tok.key == ","
                && self.words().relative_pronouns.contains(self.key(j + 1))
                && self.key(j + 1) != "that";
            if (tok.kind == TokenKind::Digits && !year)
                || (matches!(tok.key, "," | ";" | ":" | "." | "\"") && !relative)
            {
                break;
            }
            // Looking leftwards, a phrase ending here ("death toll") before a word of it
            // ("toll" alone points back to an earlier figure).
            if let Some(m) = g
                .metric_nouns
                .ending_at(t, j + 1, 3)
                .or_else(|| g.metric_nouns.longest_at(t, j))
            {
                r.left_metric = Some(*m.payload);
                // "the number of Russian losses in Ukraine is 899 soldiers": whose losses
                // says whose soldiers.
                if own_noun && r.phrase.actor.is_none() {
                    if let Some(a) = self.actors.iter().find(|a| a.end == m.start) {
                        r.phrase.actor = Some(a.idx);
                    }
                }
                // "The civilian death toll rose to 6".
                if let Some(n) = g
                    .nouns
                    .ending_at(t, m.start, 2)
                    .filter(|n| n.payload.kind == NounKind::Person && !own_noun)
                {
                    r.left_noun = Some((n.start, *n.payload));
                }
                r.rules.push("metric.level");
                self.level_rate(j, r);
                break;
            }
            let victims = self.words().level_victims.contains(tok.key);
            // "the number of Russian victims, which amounted to 899 soldiers": the soldiers
            // are the victims, and whose victims says whose soldiers.
            if own_noun && victims {
                r.left_metric = Some(Metric::Casualties);
                if r.phrase.actor.is_none() {
                    if let Some(a) = self.actors.iter().find(|a| a.end == j) {
                        r.phrase.actor = Some(a.idx);
                    }
                }
                r.rules.push("metric.level");
                self.level_rate(j, r);
                break;
            }
            if own_noun {
                continue;
            }
            // "The death toll from an attack by Islamic militants has risen to 6":
            // the attackers are not what is counted.
            let agent = self.by_before(j);
            if let Some(n) = g
                .nouns
                .longest_at(t, j)
                .filter(|n| n.payload.kind == NounKind::Person && !agent)
                .filter(|_| victims || !past_year)
            {
                r.left_noun = Some((j, *n.payload));
                if victims {
                    r.left_metric = Some(Metric::Casualties);
                }
                r.rules.push("metric.level");
                self.level_rate(j, r);
                break;
            }
            if self.words().anaphors.contains(tok.key) && discourse.metric.is_some() {
                r.left_metric = discourse.metric;
                r.left_anaphor = true;
                r.rules.push("metric.level");
                self.level_rate(j, r);
                break;
            }
        }
    }

    /// `kind.rate`: a word of rate shortly before the noun of a level at `j` ("the average
    /// daily number of Russian losses is 899 soldiers", "the monthly toll reached 3,000").
    fn level_rate(&self, j: usize, r: &mut Reading<'_>) {
        if r.kind != Kind::Count {
            return;
        }
        let rate = (j.saturating_sub(5)..j)
            .rev()
            .take_while(|&k| self.tokens[k].kind != TokenKind::Punct)
            .any(|k| self.words().level_rates.contains(self.key(k)));
        if rate {
            r.kind = Kind::Rate;
            r.rules.push("kind.rate");
        }
    }

    /// The predicate after the counted phrase and the governing cue before the figure;
    /// `kind.rate` when a rate follows the predicate ("824 Russian troops dying each day")
    /// or opens the sentence ("Every day, about 100 soldiers are killed").
    fn predicate_and_governor(
        &self,
        fig: &Figure,
        previous: Option<&Pending>,
        r: &mut Reading<'_>,
    ) {
        let g = self.g;
        let t = self.tokens;
        // "Half of the 11,000 troops have been killed": the inner figure counts the group;
        // what happened is said of the share.
        r.partitive_inner = {
            let mut k = fig.start;
            if self.key(k.wrapping_sub(1)) == "the" {
                k -= 1;
            }
            self.key(k.wrapping_sub(1)) == "of"
                && previous.is_some_and(|p| k >= 2 && p.claim.evidence.number.end == t[k - 2].end)
        };
        r.predicate = if r.partitive_inner {
            None
        } else {
            // A share of something the grammar cannot name ("60% of all e-mails sent")
            // does not reach past it for a verb; "half of those detained" names its group.
            self.predicate_at(r.phrase_end, r.equipment).or_else(|| {
                let named = r.base.is_some()
                    || (self.key(r.after_fig) == "of"
                        && matches!(self.key(r.after_fig + 1), "those" | "these"));
                (!r.fraction || named)
                    .then(|| self.predicate_after_complement(r.phrase_end, r.equipment))
                    .flatten()
            })
        };
        // "the 8,500 troops that Austin put on heightened standby": with no verb of its
        // own, the figure takes that of the relative clause it is the object of (not a
        // share: "a quarter of troops that Russia sent" are not thereby sent).
        if r.predicate.is_none()
            && !r.fraction
            && self
                .words()
                .relative_pronouns
                .contains(self.key(r.phrase_end))
        {
            r.predicate = self.object_relative(r.phrase_end + 1, r.equipment);
        }
        // "mobilizing 100,000 troops along the Ukraine border": troops at a border stand
        // there, deployed.
        let people = r
            .phrase
            .noun
            .is_some_and(|(_, _, n)| n.kind == NounKind::Person);
        if r.predicate.is_none() && people {
            r.predicate = self
                .at_border(r.phrase_end)
                .map(|end| (Metric::Deployed, end));
        }
        // "824 Russian troops dying each day": the rate after the predicate.
        if r.kind == Kind::Count
            && !r.fraction
            && r.predicate
                .is_some_and(|(_, end)| self.rate_at(end).is_some())
        {
            r.kind = Kind::Rate;
            r.rules.push("kind.rate");
        }
        // "Every day, about 100 soldiers are killed": a rate that opens the sentence.
        if r.kind == Kind::Count && !r.fraction && self.opening_rate(fig) {
            r.kind = Kind::Rate;
            r.rules.push("kind.rate");
        }
        r.copula_role = self.copula_role(r);
        r.governor = if r.partitive_inner {
            None
        } else {
            // "ten villagers were killed by five gunmen": the agents, not the victims.
            self.governor_before(fig.start, r.equipment, r.phrase.noun.is_some())
                .filter(|(_, at, _)| {
                    self.key(fig.start.wrapping_sub(1)) != "by" || !g.harm_verbs.matches_at(t, *at)
                })
        };
    }

    /// "60% of the dead were civilians": who the share is, not what happened to it.
    fn copula_role(&self, r: &Reading<'_>) -> Option<Role> {
        (r.fraction
            && r.predicate.is_none()
            && self.words().copulas.contains(self.key(r.phrase_end)))
        .then(|| {
            let mut k = r.phrase_end + 1;
            while self.words().copula_adverbs.contains(self.key(k)) {
                k += 1;
            }
            self.g
                .nouns
                .longest_at(self.tokens, k)
                .map(|m| m.payload.role)
                .filter(|role| *role != Role::Unspecified)
        })
        .flatten()
    }

    /// The metric of a share, and the metric of what it is a share of (`of`):
    /// `metric.anaphor`, `metric.predicate`, `metric.governor`, `metric.noun`,
    /// `metric.default_other`, then `kind.fraction`. `None` when the share is no figure
    /// about people in a conflict ("58% of the world's population", "a third village").
    fn fraction_metric(
        &self,
        fig: &Figure,
        discourse: &Discourse,
        r: &mut Reading<'_>,
    ) -> Option<()> {
        let t = self.tokens;
        // "the battalion suffered 70 pct losses", "30% casualties": the share of a force
        // that its noun says was lost, in a sentence about a conflict (a "22.6 percent
        // loss" of a market is not).
        if let Some(m) = r.phrase.noun_metric.filter(|&m| {
            is_harm(m)
                && fig.form == Form::Percent
                && r.base.is_none()
                && self.key(fig.end) != "of"
                && self.in_conflict()
        }) {
            r.metric = Some(m);
            r.of = Some(Metric::Deployed);
            r.rules.push("metric.noun");
            r.rules.push("kind.fraction");
            return Some(());
        }
        let base_metric = self.share_base_metric(discourse, r);
        // "of whom about 20% are adult men": a share of the group just counted.
        let of_before = fig.start >= 2
            && self.key(fig.start - 2) == "of"
            && self
                .words()
                .share_pronouns
                .contains(self.key(fig.start - 1));
        // "The figure accounts for…", "That is roughly a third of…": a subject that points
        // back ("that" only opening the sentence, not "news emerged that a third…").
        let opening_pronoun = fig.start > 0 && self.words().opening_pronouns.contains(t[0].key);
        let anaphor = of_before
            || opening_pronoun
            || t[..fig.start]
                .iter()
                .rev()
                .take(ANAPHOR_WINDOW)
                .any(|tok| self.words().anaphors.contains(tok.key));
        r.of = base_metric.or(if anaphor || r.base.is_none() {
            discourse.metric
        } else {
            None
        });
        if of_before && discourse.metric.is_some() {
            r.metric = discourse.metric;
            r.rules.push("metric.anaphor");
        } else if let Some((m, _)) = r.predicate {
            r.metric = Some(m);
            r.rules.push("metric.predicate");
        } else if let Some((m, _, _)) = r.governor {
            r.metric = Some(m);
            r.rules.push("metric.governor");
        } else if let (Some(_), Some(base_metric)) =
            (r.copula_role, r.of.filter(|m| *m != Metric::Other))
        {
            r.metric = Some(base_metric);
            r.rules.push("metric.noun");
        } else if (anaphor || r.base.is_none()) && discourse.metric.is_some() {
            r.metric = discourse.metric;
            r.rules.push("metric.anaphor");
        } else if r.base.is_some() {
            r.metric = Some(Metric::Other);
            r.metric_default = true;
            r.rules.push("metric.default_other");
        }
        // A share of a population or of nothing named is not a figure about people in
        // a conflict: "58% of the world's population", "a 10% chance", "a third village".
        if r.predicate.is_none() && r.of.is_none_or(|m| m == Metric::Other) {
            return None;
        }
        if r.base.is_none() && r.predicate.is_none() && !anaphor {
            return None;
        }
        // "a third village", "a quarter century": an ordinal or a span, not a share.
        if r.base.is_none()
            && r.predicate.is_none()
            && t.get(r.after_fig).is_some_and(|tok| {
                tok.kind == TokenKind::Word && !self.words().phrase_stop.contains(tok.key)
            })
        {
            return None;
        }
        r.rules.push("kind.fraction");
        Some(())
    }

    /// What the group a share is taken from counts: its own metric noun, the previous
    /// claim's metric for "of them", military people deployed and others counted, or
    /// the participle of "half of those detained".
    fn share_base_metric(&self, discourse: &Discourse, r: &Reading<'_>) -> Option<Metric> {
        let base_metric = r.base.as_ref().and_then(|b| {
            b.noun_metric.or_else(|| {
                if b.elided {
                    discourse.metric
                } else {
                    b.noun.map(|(_, _, n)| {
                        if n.role == Role::Military {
                            Metric::Deployed
                        } else {
                            Metric::Other
                        }
                    })
                }
            })
        });
        base_metric.or_else(|| {
            // "half of those detained": a participle right after the determiner.
            let k = r.after_fig + 1;
            (self.key(r.after_fig) == "of" && matches!(self.key(k), "those" | "these"))
                .then(|| {
                    self.g
                        .metric_after
                        .longest_at(self.tokens, k + 1)
                        .map(|m| *m.payload)
                })
                .flatten()
        })
    }

    /// The metric of a count, by order of evidence: `metric.predicate` (or
    /// `metric.equipment`), `metric.noun`, `metric.governor`, `metric.anaphor`,
    /// `metric.equipment` in a sentence of losses, then `metric.default_deployed` and
    /// `metric.default_other`.
    fn count_metric(&self, fig: &Figure, discourse: &Discourse, r: &mut Reading<'_>) {
        let g = self.g;
        let t = self.tokens;
        let governor = r.governor;
        // "mobilizing 100,000 troops along the border": where troops stand says they are
        // deployed, whatever else was done to them; a verb of harm or of deployment before
        // them says more.
        if let Some((m, _)) = r.predicate.filter(|(m, _)| {
            *m != Metric::Deployed
                || (r.phrase.noun_metric.is_none()
                    && governor.is_none_or(|(gm, _, _)| gm == Metric::Other))
        }) {
            r.metric = Some(m);
            r.rules.push(if r.equipment {
                "metric.equipment"
            } else {
                "metric.predicate"
            });
        } else if let Some(m) = r.phrase.adjective_metric.filter(|&m| {
            // "28 deceased hostages", "the bodies of 19 dead captives": the dead are killed,
            // whatever state they were in and whether they were returned.
            m == Metric::Killed
                && r.phrase.noun_metric.is_some_and(|n| {
                    matches!(n, Metric::Captured | Metric::Detained | Metric::Missing)
                })
        }) {
            r.metric = Some(m);
            r.rules.push("metric.noun");
        } else if let Some(m) = r.phrase.noun_metric.filter(|m| {
            // "killed 11 prisoners": a state the people were in gives way to what was done.
            let status = matches!(
                m,
                Metric::Captured | Metric::Detained | Metric::Displaced | Metric::Missing
            );
            let harmed = governor.is_some_and(|(_, at, _)| g.harm_verbs.matches_at(t, at))
                && self.key(fig.start.wrapping_sub(1)) != "and";
            // "freed 250 prisoners", "the release of 25 hostages": an exchange or release
            // counts an event, not people held.
            let released = matches!(m, Metric::Captured | Metric::Detained)
                && governor.is_some_and(|(gm, _, _)| gm == Metric::Other);
            !(status && (harmed || released))
        }) {
            r.metric = Some(m);
            r.rules.push("metric.noun");
        } else if let Some((m, _, _)) =
            governor.filter(|(m, _, _)| *m != Metric::Other || r.left_metric.is_none())
        {
            r.metric = Some(m);
            r.rules.push(if r.equipment {
                "metric.equipment"
            } else {
                "metric.governor"
            });
        } else if let Some(m) = r.phrase.adjective_metric {
            r.metric = Some(m);
            r.rules.push("metric.noun");
        } else if let Some(m) = r.left_metric {
            r.metric = Some(m);
            r.rules.push("metric.noun");
        } else if r.phrase.elided && discourse.metric.is_some() {
            // "12 of them children": part of the group just counted.
            r.metric = discourse.metric;
            r.rules.push("metric.anaphor");
        } else if r.equipment {
            if sentence_mentions_losses(g, t) {
                r.metric = Some(Metric::EquipmentLost);
                r.rules.push("metric.equipment");
            }
        } else if self.hosted(fig, r) {
            r.metric = Some(Metric::Displaced);
            r.rules.push("metric.hosted");
        } else if let Some((at, _, noun)) = r.phrase.noun.or(r.left_noun.map(|(s, n)| (s, s, n))) {
            r.metric_default = true;
            // "new recruits", "reservists": soldiers not yet in the field; "five fugitive
            // Libyan soldiers", "deserters": no longer in it.
            // The modifiers between the figure and the noun, three at most.
            let from = fig.end.max(at.saturating_sub(3)).min(at);
            let recruits = (from..=at).any(|k| g.recruits.matches_at(t, k));
            if noun.role == Role::Military && !recruits {
                r.metric = Some(Metric::Deployed);
                r.rules.push("metric.default_deployed");
            } else {
                r.metric = Some(Metric::Other);
                r.rules.push("metric.default_other");
            }
        }
    }

    /// `metric.hosted`: people of a nation a country hosts are displaced: "You've hosted
    /// 86,000 Ukrainian citizens", "Turkey hosts 3.6 million Syrians".
    fn hosted(&self, fig: &Figure, r: &Reading<'_>) -> bool {
        let people = r.phrase.actor.is_some()
            && (r.phrase.people
                || r.phrase.noun.is_some_and(|(_, _, n)| {
                    n.kind == NounKind::Person && n.role != Role::Military
                }));
        people
            && self
                .g
                .hosting_verbs
                .ending_at(self.tokens, fig.start, 2)
                .is_some()
    }

    /// `metric.coordination`: "5 soldiers and 12 civilians were killed", "including seven
    /// foreigners": a figure joined to the previous one takes its metric when it has none
    /// of its own, and it is remembered for the actor and the role.
    fn coordination<'p>(&self, fig: &Figure, previous: Option<&'p Pending>, r: &mut Reading<'p>) {
        let g = self.g;
        let t = self.tokens;
        let Some(prev) = previous else {
            return;
        };
        let adjacent = prev.phrase_end + 3 >= fig.start
            && (prev.phrase_end..fig.start)
                .all(|k| self.key(k) == "," || self.words().coordinators.contains(self.key(k)));
        // "864 cases of detention by Russia – 763 men, 94 women and seven boys".
        let apposition = prev.phrase_end + 5 >= fig.start
            && matches!(
                self.key(fig.start.wrapping_sub(1)),
                "-" | "\u{2014}" | "(" | ":"
            );
        // "has risen from 5,000 to 24,000": the new level of the same quantity.
        let new_level = prev.phrase_end == fig.start.wrapping_sub(1)
            && self.key(prev.phrase_end) == "to"
            && crate::figure::changed_from(g, t, prev.start.wrapping_sub(1));
        // "The 3,000 troops include 2,000 from the 82nd Airborne": a part of the group.
        let part =
            prev.phrase_end + 2 >= fig.start && g.part_words.ending_at(t, fig.start, 2).is_some();
        // "at least 1,000 of the 11,000 troops had been killed": the group a part is
        // taken from is not coordinated with it.
        let joined = !r.partitive_inner
            && (adjacent
                || apposition
                || new_level
                || part
                || self.key(fig.start.wrapping_sub(1)) == "including");
        if joined {
            r.coordinated = Some(prev);
        }
        // A part named by no noun counts what its group counts, even by default.
        if part && r.metric.is_none() && r.kind == prev.claim.kind {
            r.metric = Some(prev.claim.metric);
            r.metric_default = prev.metric_default;
            r.rules.push("metric.coordination");
        }
        if joined
            && (r.metric.is_none() || r.metric_default)
            && !prev.metric_default
            && r.kind == prev.claim.kind
        {
            r.metric = Some(prev.claim.metric);
            r.metric_default = false;
            r.rules.push("metric.coordination");
        }
    }

    /// Whether the figure, though it has a metric, counts nothing worth a claim: people
    /// by default outside a conflict, one person, a few people already known ("the two
    /// men"), a thing that is no counted noun, a bare number no cue governs.
    fn no_count(&self, fig: &Figure, r: &Reading<'_>, metric: Metric) -> bool {
        let other_by_default = r.metric_default && metric == Metric::Other;
        // Soldiers not yet in the field ("400,000 new recruits") are about armed forces
        // whatever the sentence says.
        let soldiers = r
            .phrase
            .noun
            .map(|(_, _, noun)| noun)
            .or(r.left_noun.map(|(_, noun)| noun))
            .is_some_and(|noun| noun.role == Role::Military);
        if other_by_default && !soldiers && !self.in_conflict() {
            return true;
        }
        // "the decision of one man": one person counted for no reason is not a figure.
        if !r.fraction && other_by_default && fig.numeral.high <= 1.0 {
            return true;
        }
        // "The two men stressed…": a few people already known, not a count.
        if other_by_default
            && self.key(fig.start.wrapping_sub(1)) == "the"
            && fig.numeral.high < 10.0
        {
            return true;
        }
        if !r.fraction && self.counts_something_else(fig, &r.phrase, r.after_fig) {
            return true;
        }
        // A bare number with no counted noun needs a cue that governs it closely.
        r.phrase.noun.is_none()
            && r.phrase.noun_metric.is_none()
            && r.left_noun.is_none()
            && r.left_metric.is_none()
            && !r.fraction
            && r.predicate.is_none()
            && r.governor.is_none()
            && !r.phrase.elided
            && !r.rules.contains(&"metric.coordination")
    }

    /// The actor: `actor.coordination` ("300 soldiers have been killed and some 2,700
    /// wounded": the second figure counts the same people; "a quarter of the force": the
    /// force just counted), the rules of `actor.rs`, or `actor.discourse`.
    fn claim_actor(
        &self,
        fig: &Figure,
        discourse: &Discourse,
        metric: Metric,
        r: &mut Reading<'_>,
    ) -> Option<String> {
        let inherited = match r.coordinated {
            Some(prev) if r.inherits_from_coordinated() => Some(prev.claim.actor.clone()),
            // "Ukraine's General Staff put the figure at over 760,000": the earlier figure's
            // people, not the speaker's.
            _ if r.left_anaphor && !r.has_own_phrase() && discourse.actor.is_some() => {
                Some(discourse.actor.clone())
            }
            _ if r.fraction
                && r.base.as_ref().is_some_and(|b| b.actor.is_none())
                && r.phrase.actor.is_none()
                && r.of.is_some()
                && r.of == discourse.metric =>
            {
                Some(discourse.actor.clone())
            }
            _ => None,
        };
        let actor_idx = match inherited {
            Some(_) => None,
            None => self.actor(
                fig,
                &r.phrase,
                r.base.as_ref(),
                r.governor,
                metric,
                discourse.actor.as_deref(),
                &mut r.rules,
            ),
        };
        if inherited.is_none() {
            // Resolved against the source once it is known (`story::attach`).
            r.rules.extend(self.speaker_side(fig, &r.phrase));
        }
        let actor = match (inherited, actor_idx) {
            (Some(actor), _) => {
                r.rules.push("actor.coordination");
                actor
            }
            (None, Some(idx)) => Some(self.g.actor_codes[idx].clone()),
            // "59 hostages in Gaza": held in a place, of no one the text names.
            (None, None) if r.rules.last() == Some(&"actor.held_by") => None,
            (None, None) => {
                let agent = self.harming_side(r.governor, metric);
                self.discourse_actor(discourse, &r.phrase, metric, agent, &mut r.rules)
            }
        };
        self.nonstate_side(actor, r)
    }

    /// `actor.nonstate`: fighters of no state ("seven rebels were killed") and people from
    /// elsewhere ("including seven foreigners") take no side from the rest of the sentence,
    /// the figure they are joined to or the story, only from their own phrase.
    fn nonstate_side(&self, actor: Option<String>, r: &mut Reading<'_>) -> Option<String> {
        let from_context = r.rules.last().is_some_and(|rule| {
            matches!(
                *rule,
                "actor.sentence"
                    | "actor.side_hit"
                    | "actor.discourse"
                    | "actor.story_side"
                    | "actor.coordination"
            )
        });
        let words = &self.g.words.actor;
        let nonstate = r.phrase.noun.is_some_and(|(head, end, _)| {
            (head..end).any(|k| {
                words.nonstate_fighters.contains(self.key(k))
                    || words.foreigners.contains(self.key(k))
            })
        });
        if actor.is_some() && from_context && nonstate {
            r.rules.pop();
            r.rules.push("actor.nonstate");
            return None;
        }
        // Hostages of whom the sentence says nothing are not whom the story counted
        // before: the text does not say whose they are.
        let from_story = r
            .rules
            .last()
            .is_some_and(|rule| matches!(*rule, "actor.discourse" | "actor.story_side"));
        if actor.is_some() && from_story && self.held_noun(&r.phrase) {
            r.rules.pop();
            r.rules.push("actor.held_by");
            return None;
        }
        actor
    }

    /// The role: what the text says of the people ([`Self::stated_role`]), then
    /// `role.group` (members of a non-state group are its fighters), `role.victims`
    /// (people displaced are civilians), and the role of a coordinated figure.
    fn claim_role(
        &self,
        fig: &Figure,
        discourse: &Discourse,
        metric: Metric,
        actor: Option<&str>,
        r: &mut Reading<'_>,
    ) -> Role {
        let role = self.stated_role(fig, discourse, metric, actor, r);
        // Members of a non-state group (a lowercase slug: "hamas", "rsf") are its fighters.
        let group = actor.is_some_and(|a| a.starts_with(|c: char| c.is_ascii_lowercase()));
        // People a group holds are not its members.
        let held = matches!(metric, Metric::Captured | Metric::Detained);
        let role = if role == Role::Unspecified && group && !held {
            r.rules.push("role.group");
            Role::Military
        } else {
            role
        };
        // People displaced are civilians by definition; people killed in an attack or
        // detained are whoever the text says they are ("people" alone does not say).
        let role = if role == Role::Unspecified && metric == Metric::Displaced {
            r.rules.push("role.victims");
            Role::Civilian
        } else {
            role
        };
        match r.coordinated {
            Some(prev) if r.inherits_from_coordinated() && role == Role::Unspecified => {
                prev.claim.role
            }
            _ => role,
        }
    }

    /// The role the text gives the counted people, by order of evidence: `role.noun`,
    /// `role.combat`, `role.people`, `role.context`, `role.discourse`.
    fn stated_role(
        &self,
        fig: &Figure,
        discourse: &Discourse,
        metric: Metric,
        actor: Option<&str>,
        r: &mut Reading<'_>,
    ) -> Role {
        let g = self.g;
        let t = self.tokens;
        let phrase = &r.phrase;
        // "12 of them children": who the part of the group is.
        let elided_role = phrase
            .elided
            .then(|| g.nouns.longest_at(t, phrase.end).map(|m| m.payload.role))
            .flatten()
            .filter(|role| *role != Role::Unspecified);
        if let Some(role) = r.copula_role.or(elided_role) {
            r.rules.push("role.noun");
            role
        } else if let Some((_, _, noun)) = phrase
            .noun
            .filter(|(_, _, n)| n.role != Role::Unspecified || !phrase.people)
        {
            if noun.role != Role::Unspecified {
                r.rules.push("role.noun");
                noun.role
            } else if metric == Metric::Displaced {
                // People who fled are civilians.
                r.rules.push("role.noun");
                Role::Civilian
            } else {
                Role::Unspecified
            }
        } else if let Some((_, noun)) = r.left_noun {
            r.rules.push("role.noun");
            noun.role
        } else if let Some(role) = r
            .base
            .as_ref()
            .and_then(|b| b.noun.map(|(_, _, n)| n.role))
            .filter(|role| *role != Role::Unspecified)
        {
            r.rules.push("role.noun");
            role
        } else if (0..t.len()).any(|i| g.combat.matches_at(t, i)) {
            // "70,000-80,000 casualties, including killed and wounded in action".
            r.rules.push("role.combat");
            Role::Military
        } else if phrase.people && self.context_role(fig) != Some(Role::Military) {
            // "4,000 Iranians": a nationality says whose people, not whether they fought;
            // troops or fighters around it ("its troops killed 4,000 Iranians") say they
            // fought, civilian words around it do not make them civilians.
            r.rules.push("role.people");
            // "displaced Syrians" were displaced, whatever happened to them next.
            if metric == Metric::Displaced || phrase.adjective_metric == Some(Metric::Displaced) {
                Role::Civilian
            } else {
                Role::Unspecified
            }
        } else if let Some(role) = self.context_role(fig) {
            r.rules.push("role.context");
            role
        } else if let Some(role) = discourse
            .role
            .filter(|_| actor.is_none() || actor == discourse.actor.as_deref())
        {
            r.rules.push("role.discourse");
            role
        } else if metric == Metric::EquipmentLost {
            Role::Military
        } else {
            Role::Unspecified
        }
    }

    /// The claim's increment (`qualifier.increment`: "increased its troops by 7,000"),
    /// share base, confidence and modality, and what the coordination pass needs of it.
    fn finish_claim(&self, fig: &Figure, mut claim: Claim, r: Reading<'_>) -> Pending {
        let t = self.tokens;
        let mut rules = r.rules;
        let raised = !fig.increment && self.raised_by(fig);
        if raised {
            rules.push("qualifier.increment");
        }
        // "one person was killed and five more injured": more besides the dead, not an
        // addition to an earlier count of the injured.
        let besides = fig.increment
            && r.coordinated
                .is_some_and(|prev| prev.claim.metric != claim.metric);
        if besides {
            rules.retain(|r| *r != "qualifier.increment");
        }
        claim.increment = (fig.increment && !besides) || raised;
        claim.of = if r.fraction { r.of } else { None };
        let confidence = self.g.estimative.confidence(t, fig.start, r.phrase_end);
        let (modality, modality_rule) =
            self.g
                .estimative
                .modality(t, fig.start, r.phrase_end, confidence.is_some());
        claim.modality = modality;
        rules.push(modality_rule);
        claim.confidence = confidence.map(|c| c.phrase);
        claim.rules = rules.into_iter().map(String::from).collect();
        // Coordination looks past the predicate: "300 were killed and 2,700 wounded".
        let phrase_end = r
            .predicate
            .map_or(r.phrase_end, |(_, end)| end.max(r.phrase_end));
        Pending {
            claim,
            start: fig.start,
            phrase_end,
            metric_default: r.metric_default,
        }
    }

    /// Whether the sentence opens with a rate phrase and a comma before the figure:
    /// "Every day, about 100 soldiers are killed", "Each month, 25,000 are wounded".
    fn opening_rate(&self, fig: &Figure) -> bool {
        let start = usize::from(matches!(self.key(0), "\"" | "\u{201c}"));
        self.rate_at(start)
            .is_some_and(|m| self.key(m.end) == "," && m.end < fig.start)
    }

    /// Whether a figure after "by" raises a quantity: "increased its troops by 7,000".
    fn raised_by(&self, fig: &Figure) -> bool {
        self.key(fig.start.wrapping_sub(1)) == "by"
            && (fig.start.saturating_sub(12)..fig.start)
                .any(|j| self.g.increase_verbs.matches_at(self.tokens, j))
    }

    /// `notclaim.disaster`: whether the sentence names a disaster ("earthquake", "ferry")
    /// and no conflict but by the words the two share ("killed", "evacuated").
    pub fn disaster(&self) -> bool {
        let (g, t) = (self.g, self.tokens);
        (0..t.len()).any(|i| g.disasters.matches_at(t, i))
            && !(0..t.len())
                .any(|i| g.conflict.matches_at(t, i) && !g.disaster_shared.matches_at(t, i))
    }

    /// Whether the sentence speaks of a conflict.
    fn in_conflict(&self) -> bool {
        (0..self.tokens.len()).any(|i| self.g.conflict.matches_at(self.tokens, i))
    }

    /// Whether the figure counts a thing that is not a counted noun: "captured several
    /// strategic heights", "one of Iraq's strongest fortifications", "51 attacks".
    fn counts_something_else(&self, fig: &Figure, phrase: &Phrase, after_fig: usize) -> bool {
        if phrase.noun.is_some() || phrase.noun_metric.is_some() || phrase.people || phrase.elided {
            return false;
        }
        let mut k = after_fig.max(fig.end);
        if self.key(k) == "of" {
            k += 1;
            while self.words().of_determiners.contains(self.key(k)) {
                k += 1;
            }
            if self.words().group_references.contains(self.key(k)) {
                return false;
            }
            if let Some(a) = self.actor_at(k) {
                k = a.end;
                if self.key(k) == "'" && self.key(k + 1) == "s" {
                    k += 2;
                }
            }
        } else if phrase.actor.is_some() {
            // "cost 1,269 Libyan lives", "15,000 Iranian Revolutionary Guards": the actor is
            // the counted people; but "captured several Iraqi defence posts" counts posts.
            while let Some(a) = self.actor_at(k) {
                k = a.end;
                if self.key(k) == "'" && self.key(k + 1) == "s" {
                    k += 2;
                }
            }
        }
        let Some(tok) = self.tokens.get(k) else {
            return false;
        };
        tok.kind == TokenKind::Word
            && !self.words().phrase_stop.contains(tok.key)
            && !self.g.links_after.matches_at(self.tokens, k)
            && !self.g.metric_after.matches_at(self.tokens, k)
            && !self.g.equipment_after.matches_at(self.tokens, k)
            && !self.g.months.matches_at(self.tokens, k)
            && !self.g.weekdays.matches_at(self.tokens, k)
            && !self.g.qualifiers_after.matches_at(self.tokens, k)
            && !self.g.rate.matches_at(self.tokens, k)
    }

    /// The role of the nearest role-bearing person noun around the figure, leaving out
    /// the agents ("by the Israeli military").
    fn context_role(&self, fig: &Figure) -> Option<Role> {
        let window = fig.start.saturating_sub(CONTEXT_WINDOW)
            ..(fig.end + CONTEXT_WINDOW).min(self.tokens.len());
        window
            .filter_map(|i| {
                let m = self.g.nouns.longest_at(self.tokens, i)?;
                let noun = *m.payload;
                // Nor the speaker: "…, police said".
                let agent = (i.saturating_sub(3)..i).any(|k| matches!(self.key(k), "by" | "against"))
                    || self.words().speaker_verbs.contains(self.key(m.end))
                    // Nor armed men who did it: "Gunmen have killed 12 Libyans".
                    || (i < fig.start
                        && self.g.irregulars.matches_at(self.tokens, i)
                        && (m.end..(m.end + 3).min(fig.start))
                            .any(|k| self.g.attack_verbs.matches_at(self.tokens, k)));
                let distance = if i < fig.start {
                    fig.start - i
                } else {
                    i - fig.end
                };
                (noun.kind == NounKind::Person && noun.role != Role::Unspecified && !agent)
                    .then_some((distance, noun.role))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, role)| role)
    }
}

/// Whether the sentence speaks of losses (equipment lists in loss reports).
fn sentence_mentions_losses(g: &Grammar, tokens: &[Token<'_>]) -> bool {
    (0..tokens.len()).any(|i| {
        g.equipment_before.matches_at(tokens, i)
            || g.equipment_after.matches_at(tokens, i)
            || matches!(tokens[i].key, "losses" | "lost")
    })
}
