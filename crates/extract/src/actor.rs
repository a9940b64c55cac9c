//! Who is counted: the actor of a figure.
//!
//! Rules (ids as they appear in a claim's `rules`):
//! - `actor.in_phrase`: "5,000 North Korean soldiers", "20 generals of the Russian army"
//! - `actor.people`: "thousands of Iranians"
//! - `actor.possessive`: "Russia's 190,000 troops"
//! - `actor.among`: "casualties among North Korean forces have exceeded 4,500": the group
//!   the figure's counted noun is taken among
//! - `actor.subject`: "North Korea sent 11,000", "Russia has lost 62,400"
//! - `actor.sentence`: the nearest actor of the sentence that can be the one counted: not an
//!   agent ("Afghan warplanes killed…", "by Israeli forces", "Israeli airstrikes"), not a
//!   destination of troops or refugees ("sent to Russia", "fled into Chad"), not a qualifier
//!   of someone else ("the Hamas-run ministry"), not the source ("according to the US…")
//! - `actor.border`: troops massed at a country's border, no sender named: its one enemy
//!   ("130,000 troops on the eastern border of Ukraine")
//! - `actor.ruled_home`: people harmed, counted by an authority a group runs ("the
//!   Houthi-run health ministry said at least 31 civilians were killed"): the people of the
//!   group's home (`home` in the actor gazetteer)
//! - `actor.side_hit`: the sentence names only the attacker ("five killed as Russia hits
//!   rail lines"): the victims are of its one enemy (`enemies` in the actor gazetteer)
//! - `actor.discourse`: no actor in the sentence: whom the text has counted most so far;
//!   for people harmed other than as soldiers, whose people it has counted harmed most
//! - `actor.story_side`: no actor in the sentence and no one counted harmed yet: people
//!   harmed other than as soldiers are of the one enemy of the side the text is about
//!   ("Russia has massed 100,000 troops around Ukraine … Nearly 14,000 people have died in
//!   the conflict")
//! - `actor.nonstate`: fighters of no state ("seven rebels were killed" in a story from
//!   Manila) take no side from the sentence or the story, only from their own phrase
//! - `actor.held_by`: hostages are not of the place they are held in nor of the group
//!   holding them ("Hamas still holds 59 hostages in Gaza"): the holder's one enemy, else
//!   no one
//! - `actor.inflicted_on`: casualties inflicted "on the attackers" or "on the enemy": the
//!   side the sentence names as attacking ("repelled an Iranian assault, inflicting
//!   thousands of casualties on the attackers")
//! - `actor.coordination`: the actor of a coordinated figure ("300 killed and 2,700 wounded")
//! - `actor.speaker_own`: "hundreds of our soldiers": the side of the source (its country
//!   named in the source's name), decided once the source is known
//! - `actor.speaker_enemy`: "20,000 enemy troops", "the enemy has lost 1,200 soldiers": the
//!   one enemy of the source's side (`enemies` in the actor gazetteer)

use tally_core::{Metric, Role};

use crate::claim::{is_harm, Discourse, Phrase, SentenceClaims};
use crate::figure::Figure;
use crate::phrase::PhraseSet;
use crate::token::TokenKind;

/// An actor mention in the sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActorMention {
    /// Its first token.
    pub(crate) start: usize,
    /// One past its last token.
    pub(crate) end: usize,
    /// Index into the grammar's actor codes.
    pub(crate) idx: usize,
    /// Whether it is a plural noun for the people ("Iranians").
    pub(crate) people: bool,
    /// Whether it names a city or region of the actor ("Kharkiv").
    pub(crate) place: bool,
}

/// How many tokens away an actor of the sentence may be before the previous claim's
/// actor is preferred.
const MAX_ACTOR_DISTANCE: usize = 15;

impl SentenceClaims<'_, '_> {
    /// Whether the phrase at `start` follows a preposition, determiners and place
    /// adjectives skipped: "in southern Lebanon", "on the U.S. frigate".
    pub(crate) fn after_preposition(&self, start: usize) -> bool {
        let mut k = start;
        let words = &self.g.words.actor;
        while k > 0 && words.place_modifiers.contains(self.key(k - 1)) {
            k -= 1;
        }
        words.prepositions.contains(self.key(k.wrapping_sub(1)))
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn actor(
        &self,
        fig: &Figure,
        phrase: &Phrase,
        base: Option<&Phrase>,
        governor: Option<(Metric, usize, bool)>,
        metric: Metric,
        discourse_actor: Option<&str>,
        rules: &mut Vec<&'static str>,
    ) -> Option<usize> {
        if let Some(idx) = phrase.actor.or_else(|| base.and_then(|b| b.actor)) {
            rules.push(if phrase.people {
                "actor.people"
            } else {
                "actor.in_phrase"
            });
            return Some(idx);
        }
        // "20 generals of the Russian army", "soldiers from North Korea".
        if matches!(self.key(phrase.end), "of" | "from") {
            if let Some(a) = self
                .actors
                .iter()
                .find(|a| a.start > phrase.end && a.start <= phrase.end + 3)
            {
                rules.push("actor.in_phrase");
                return Some(a.idx);
            }
        }
        // "Russia's 190,000 troops".
        if fig.start >= 3 && self.key(fig.start - 1) == "s" && self.key(fig.start - 2) == "'" {
            if let Some(a) = self.actors.iter().find(|a| a.end == fig.start - 2) {
                rules.push("actor.possessive");
                return Some(a.idx);
            }
        }
        // "The casualties among North Korean forces have exceeded 4,500": the group after
        // "among" in the figure's clause, left of it, with no punctuation between.
        let clause_start = (0..fig.start)
            .rev()
            .find(|&j| self.tokens[j].kind == TokenKind::Punct && !matches!(self.key(j), "'" | "-"))
            .map_or(0, |j| j + 1);
        if let Some(a) = self
            .actors
            .iter()
            .filter(|a| a.start >= clause_start && a.end <= fig.start)
            .find(|a| {
                let k = if self
                    .g
                    .words
                    .actor
                    .determiners
                    .contains(self.key(a.start.wrapping_sub(1)))
                {
                    a.start - 1
                } else {
                    a.start
                };
                self.key(k.wrapping_sub(1)) == "among"
            })
        {
            rules.push("actor.among");
            return Some(a.idx);
        }
        // "repelled an Iranian assault, inflicting thousands of casualties on the
        // attackers": the side that attacked.
        if is_harm(metric) && self.on_the_attackers(phrase.end) {
            if let Some(a) = self.actors.iter().find(|a| self.attacker(a)) {
                rules.push("actor.inflicted_on");
                return Some(a.idx);
            }
        }
        // Civilians counted for no harm ("trapping hundreds of thousands of civilians") are
        // still the people of the place they are in, never of those who attack them.
        let civilians = phrase
            .noun
            .is_some_and(|(_, _, noun)| noun.role == Role::Civilian);
        let cue_start = governor.map(|(_, s, _)| s);
        let subject_counted = governor.is_some_and(|(_, _, c)| c);
        let agent = self.agent(governor).map(|a| a.start);
        // "troops massed on the border of Ukraine": the neighbour is not the sender.
        let neighbour = (metric == Metric::Deployed)
            .then(|| self.border_neighbour(fig))
            .flatten();
        if let (Some(cue), true) = (cue_start, subject_counted) {
            if let Some(a) = self.actors.iter().rev().find(|a| {
                a.end <= cue && !self.excluded(a, metric, civilians) && Some(a.idx) != neighbour
            }) {
                rules.push("actor.subject");
                return Some(a.idx);
            }
        }
        // Troops massed at a border with no sender named: the neighbour's one enemy.
        if let Some(sender) = neighbour.and_then(|n| self.g.actor_enemy.get(n).copied().flatten()) {
            rules.push("actor.border");
            return Some(sender);
        }
        // Hostages are not of the place they are held in nor of the group that holds them
        // ("Hamas still holds 59 hostages in Gaza"): when the sentence names no one else,
        // they are of the holder's one enemy.
        let held = self.held_noun(phrase);
        let holder = |a: &&ActorMention| {
            held && (a.place
                || self.after_preposition(a.start)
                || self.g.actor_codes[a.idx].starts_with(|c: char| c.is_ascii_lowercase()))
        };
        let nearest = self
            .actors
            .iter()
            .filter(|a| !self.excluded(a, metric, civilians))
            .filter(|a| Some(a.start) != agent)
            .filter(|a| !holder(a))
            .filter(|a| a.start < fig.end || !self.in_later_clause(fig.end, a))
            .map(|a| {
                let right_penalty = if metric == Metric::Deployed { 10 } else { 3 };
                let distance = if a.end <= fig.start {
                    fig.start - a.end
                } else {
                    a.start.saturating_sub(fig.end) + right_penalty
                };
                (distance, a)
            })
            .min_by_key(|(distance, _)| *distance)
            // A far actor of another clause is weaker evidence than the discourse.
            .filter(|(distance, _)| *distance <= MAX_ACTOR_DISTANCE || discourse_actor.is_none())
            .map(|(_, a)| {
                rules.push("actor.sentence");
                a.idx
            });
        if nearest.is_none() && held {
            let enemy = self
                .actors
                .iter()
                .filter(|a| holder(a))
                .find_map(|a| self.g.actor_enemy.get(a.idx).copied().flatten());
            if let Some(idx) = enemy {
                rules.push("actor.held_by");
                return Some(idx);
            }
            // Held by a place or group of no one enemy: the text does not say whose.
            rules.push("actor.held_by");
            return None;
        }
        nearest
            .or_else(|| {
                let idx = self.ruled_home(metric)?;
                rules.push("actor.ruled_home");
                Some(idx)
            })
            .or_else(|| {
                let idx = self.side_hit(metric, agent)?;
                rules.push("actor.side_hit");
                Some(idx)
            })
    }

    /// `actor.ruled_home`: people harmed whom the sentence ties to no side but through the
    /// group that governs them ("The Houthi-run health ministry said at least 31 civilians
    /// were killed"): the people of the group's home (`home` in the actor gazetteer).
    fn ruled_home(&self, metric: Metric) -> Option<usize> {
        if !is_harm(metric) {
            return None;
        }
        self.actors
            .iter()
            .find(|a| self.hyphened(a.end, &self.g.ruling))
            .and_then(|a| self.g.actor_home.get(a.idx).copied().flatten())
    }

    /// Who harmed the people of a figure whose sentence names no one else: the agent of
    /// its governing verb, or, for people harmed, a side the sentence names as attacking
    /// ("the Houthis have targeted more than 100 vessels, … killing four sailors"). The
    /// text's topic is not counted when it is that side.
    pub(crate) fn harming_side(
        &self,
        governor: Option<(Metric, usize, bool)>,
        metric: Metric,
    ) -> Option<&ActorMention> {
        self.agent(governor).or_else(|| {
            is_harm(metric)
                .then(|| self.actors.iter().find(|a| self.attacker(a)))
                .flatten()
        })
    }

    /// The agent of a governing verb ("Afghan warplanes killed 150"), who is not counted:
    /// the nearest actor before the cue, with no punctuation between.
    pub(crate) fn agent(&self, governor: Option<(Metric, usize, bool)>) -> Option<&ActorMention> {
        let (_, cue, subject_counted) = governor?;
        if subject_counted {
            return None;
        }
        self.actors
            .iter()
            .rev()
            .find(|a| a.end <= cue && a.end + 5 >= cue)
            .filter(|a| {
                (a.end..cue).all(|j| self.tokens[j].kind != TokenKind::Punct)
                    && !self.after_preposition(a.start)
            })
    }

    /// Whether the counted noun is of people held by the other side ("hostages").
    pub(crate) fn held_noun(&self, phrase: &Phrase) -> bool {
        phrase.noun.is_some_and(|(head, end, _)| {
            (head..end).any(|k| self.g.words.actor.held_nouns.contains(self.key(k)))
        })
    }

    /// The actor of a figure whose sentence names none, from what the text has counted so
    /// far. People harmed other than as soldiers are of the side hit: the side whose people
    /// the text has counted harmed, else the one enemy of the side it is about.
    pub(crate) fn discourse_actor(
        &self,
        discourse: &Discourse,
        phrase: &Phrase,
        metric: Metric,
        agent: Option<&ActorMention>,
        rules: &mut Vec<&'static str>,
    ) -> Option<String> {
        // Soldiers by their noun, or a bare figure of those just counted ("of these, 25,200").
        let soldiers = match phrase.noun {
            Some((_, _, noun)) => noun.role == Role::Military,
            None => discourse.role == Some(Role::Military),
        };
        let topic = discourse.topic();
        if is_harm(metric) && !soldiers && topic.is_some_and(|t| !discourse.harmed(t)) {
            // The side the text is about has had no one harmed counted: the side hit is
            // the one whose people it has counted harmed, else that side's one enemy.
            if let Some(actor) = discourse.harmed_topic() {
                rules.push("actor.discourse");
                return Some(actor.to_string());
            }
            let enemy = topic.and_then(|topic| {
                let idx = self.g.actor_codes.iter().position(|c| c == topic)?;
                self.g.actor_enemy.get(idx).copied().flatten()
            });
            if let Some(idx) = enemy {
                rules.push("actor.story_side");
                return Some(self.g.actor_codes[idx].clone());
            }
        }
        // "Israeli military actions have killed at least 241 people": the agent is not
        // whom the text counts, even when the text has counted its people most.
        let topic = match topic {
            Some(t) if agent.is_some_and(|a| self.g.actor_codes[a.idx] == t) => {
                discourse.harmed_topic().filter(|h| *h != t)
            }
            t => t,
        };
        let topic = topic.map(str::to_string);
        if topic.is_some() {
            rules.push("actor.discourse");
        }
        topic
    }

    /// `metric.held_by_other_side`: people detained by another state or group than their
    /// own are held by the other side, so captured ("864 cases of arbitrary detention by
    /// Russia – 763 men, 94 women", counting Ukrainians); people their own state's forces
    /// detain stay detained ("75 cases of detention by Ukrainian security forces").
    pub(crate) fn held_by_other_side(
        &self,
        metric: Metric,
        actor: Option<&str>,
        rules: &mut Vec<&'static str>,
    ) -> Metric {
        let Some(actor) = actor else {
            return metric;
        };
        let by_other = self.actors.iter().any(|a| {
            !a.place && self.word_before_actor(a) == "by" && self.g.actor_codes[a.idx] != actor
        });
        if metric == Metric::Detained && by_other {
            rules.push("metric.held_by_other_side");
            return Metric::Captured;
        }
        metric
    }

    /// The side hit, when the sentence names only the side that attacked: "five killed as
    /// Russia hits rail lines", "rescuers killed since the Russian invasion". The victims
    /// are the people of the attacker's one enemy (`enemies` in the actor gazetteer).
    fn side_hit(&self, metric: Metric, agent: Option<usize>) -> Option<usize> {
        let victims = matches!(
            metric,
            Metric::Killed | Metric::Wounded | Metric::Casualties | Metric::Missing
        );
        if !victims || self.actors.is_empty() {
            return None;
        }
        let mut enemy = None;
        for a in &self.actors {
            // "Russia killed 22", but not "a Pakistan bombing killed 22".
            let subject = Some(a.start) == agent
                && !a.place
                && (self.demonym(a) || !self.g.agents.matches_at(self.tokens, self.after_actor(a)));
            if !(subject || self.attacker(a)) {
                return None;
            }
            let e = (*self.g.actor_enemy.get(a.idx)?)?;
            if enemy.is_some_and(|known| known != e) {
                return None;
            }
            enemy = Some(e);
        }
        enemy
    }

    /// Whether an actor mention is the subject of holding people: "Hamas still holds",
    /// "the militants have", "Russia is holding".
    fn holder(&self, a: &ActorMention) -> bool {
        let mut k = self.after_actor(a);
        if let Some(n) = self.g.nouns.longest_at(self.tokens, k) {
            k = n.end;
        }
        let words = &self.g.words.actor;
        while words.holding_adverbs.contains(self.key(k)) {
            k += 1;
        }
        self.g.holding_verbs.matches_at(self.tokens, k)
            && !words.not_holding.contains(self.key(k + 1))
    }

    /// Whether an actor mention is the subject of hosting people who fled: "Poland has
    /// hosted", "Poles housing".
    fn host(&self, a: &ActorMention) -> bool {
        let mut k = self.after_actor(a);
        while self.g.words.actor.hosting_auxiliaries.contains(self.key(k)) {
            k += 1;
        }
        self.g.hosting_verbs.matches_at(self.tokens, k)
    }

    /// The country whose border troops are massed at, within a dozen words after the
    /// figure: "on the border of Ukraine", "at the border with Ukraine", "near the
    /// Ukrainian border", "on Ukraine's borders".
    fn border_neighbour(&self, fig: &Figure) -> Option<usize> {
        let end = (fig.end + 14).min(self.tokens.len());
        let border = |k: usize| self.g.borders.matches_at(self.tokens, k);
        if let Some(k) = (fig.end..end).find(|&k| border(k)) {
            return self.neighbour_at(k).map(|(_, a)| a.idx);
        }
        // "the force massed on Ukraine's border to 190,000 troops": a border before the
        // figure, in its clause, after a preposition of place (not "Ukraine's border guards
        // said").
        (fig.start.saturating_sub(12)..fig.start)
            .rev()
            .take_while(|&k| self.tokens[k].kind != TokenKind::Punct || self.key(k) == "'")
            .filter(|&k| border(k))
            .find_map(|k| {
                let (start, a) = self.neighbour_at(k)?;
                self.after_preposition(start).then_some(a.idx)
            })
    }

    /// The country of a border word at `k` and where its phrase starts: "the Ukrainian
    /// border", "Ukraine's border", "the border of Ukraine", "the border with Ukraine",
    /// "its border" after the country.
    fn neighbour_at(&self, k: usize) -> Option<(usize, &ActorMention)> {
        let before = self
            .actors
            .iter()
            .find(|a| a.end == k || (a.end + 2 == k && self.key(a.end) == "'"))
            .map(|a| (a.start, a));
        let after = || {
            matches!(self.key(k + 1), "of" | "with")
                .then(|| {
                    let mut j = k + 2;
                    if self.key(j) == "the" {
                        j += 1;
                    }
                    self.actor_at(j).map(|a| (k, a))
                })
                .flatten()
        };
        // "with 150,000 troops arrayed on its borders": the country named last before it.
        let its = || {
            (self.key(k.wrapping_sub(1)) == "its")
                .then(|| self.actors.iter().rev().find(|a| a.end < k && !a.place))
                .flatten()
                .map(|a| (k - 1, a))
        };
        before.or_else(after).or_else(its).filter(|(_, a)| !a.place)
    }

    /// Whether an actor mention names who attacks or occupies: "Israeli airstrikes", "the
    /// Russian full-scale invasion", "Russia hits", "by Russian forces", "Russian-held".
    fn attacker(&self, a: &ActorMention) -> bool {
        // "the Zaporizhzhia attack": a place is where it happened.
        if a.place {
            return false;
        }
        if self.word_before_actor(a) == "by" {
            return true;
        }
        // "Russian-occupied", "Russian-imposed authorities": the occupier.
        let occupier = self.hyphened(a.end, &self.g.occupying);
        let after = self.after_actor(a);
        // "Russian strikes", but not "the Ukraine war" or "a Pakistan bombing", where a
        // country's name says where.
        let agent_noun = self
            .g
            .agents
            .matches_at(self.tokens, self.past_modifiers(after))
            && (self.demonym(a) || after > a.end);
        occupier || agent_noun || (!self.after_preposition(a.start) && self.attack_verb_at(after))
    }

    /// Whether a hyphen at `end` joins a word of `set` to the actor before it: "Houthi-run"
    /// (`ruling`), "Russian-occupied" (`occupying`), "Iranian-backed" (`qualifying`).
    pub(crate) fn hyphened(&self, end: usize, set: &PhraseSet<()>) -> bool {
        self.key(end) == "-" && set.matches_at(self.tokens, end + 1)
    }

    /// Whether an actor mention after the figure stands in a clause of its own: the
    /// subject of a conditional ("in case Russia threatens", "should Iran attack"), or past
    /// a comma and a conjunction ("…, and Finland and Sweden will be invited").
    fn in_later_clause(&self, from: usize, a: &ActorMention) -> bool {
        let words = &self.g.words.actor;
        let k = self.phrase_start(a);
        words.conditionals.contains(self.key(k.wrapping_sub(1)))
            || (from..a.start)
                .any(|j| self.key(j) == "," && words.clause_joiners.contains(self.key(j + 1)))
    }

    /// Whether the phrase ending at `i` is inflicted "on the attackers", "on the enemy".
    fn on_the_attackers(&self, i: usize) -> bool {
        let mut k = i + 1;
        if self.key(k) == "the" {
            k += 1;
        }
        self.key(i) == "on" && self.g.words.actor.attacking_sides.contains(self.key(k))
    }

    /// Whether an actor mention is written as an adjective of nationality ("Russian",
    /// "Israeli", "Chinese", "British"), not as a country's name.
    fn demonym(&self, a: &ActorMention) -> bool {
        let last = self.key(a.end.saturating_sub(1));
        self.g
            .demonym_suffixes
            .iter()
            .any(|suffix| last.len() > suffix.len() + 2 && last.ends_with(suffix))
    }

    /// Where an actor mention's phrase starts, a determiner before it included: "the" in
    /// "by the Russian army".
    fn phrase_start(&self, a: &ActorMention) -> usize {
        let k = a.start;
        if self
            .g
            .words
            .actor
            .determiners
            .contains(self.key(k.wrapping_sub(1)))
        {
            k - 1
        } else {
            k
        }
    }

    /// The word before an actor mention and its determiner: "by" in "by the Russian army".
    fn word_before_actor(&self, a: &ActorMention) -> &str {
        self.key(self.phrase_start(a).wrapping_sub(1))
    }

    /// Past an actor mention and its possessive: "Russia's".
    fn after_actor(&self, a: &ActorMention) -> usize {
        let mut after = a.end;
        if self.key(after) == "'" && self.key(after + 1) == "s" {
            after += 2;
        }
        after
    }

    /// Past up to three modifiers before a noun: "full-scale", "large-scale", "overnight"
    /// in "the Russian full-scale invasion".
    fn past_modifiers(&self, start: usize) -> usize {
        for k in (start..).take(4) {
            if self.g.agents.matches_at(self.tokens, k) {
                return k;
            }
            let Some(token) = self.tokens.get(k) else {
                return start;
            };
            let glued_hyphen = token.key == "-" && !token.space_before;
            let modifier = token.kind == TokenKind::Word
                && !self.g.words.actor.phrase_stop.contains(token.key)
                && !self.g.nouns.matches_at(self.tokens, k)
                && self.actor_at(k).is_none();
            if !(glued_hyphen || modifier) {
                return start;
            }
        }
        start
    }

    /// Whether a verb of attack, active, follows at `k` after auxiliaries and a counted
    /// noun: "Russian forces have killed", "Russia hits" (not "Russia hit by drones").
    fn attack_verb_at(&self, mut k: usize) -> bool {
        if let Some(n) = self.g.nouns.longest_at(self.tokens, k) {
            k = n.end;
        }
        while self.g.words.actor.attack_auxiliaries.contains(self.key(k)) {
            k += 1;
        }
        self.g
            .attack_verbs
            .longest_at(self.tokens, k)
            .is_some_and(|m| self.key(m.end) != "by")
    }

    /// Whether the figure counts the speaker's own side ("hundreds of our soldiers") or
    /// its enemy ("20,000 enemy troops", "the enemy has lost 1,200 soldiers"): the rule id,
    /// to be resolved against the source.
    pub(crate) fn speaker_side(&self, fig: &Figure, phrase: &Phrase) -> Option<&'static str> {
        if phrase.actor.is_some() {
            return None;
        }
        let within = |from: usize, to: usize| {
            (from..to).filter(|&j| self.tokens[j].kind != TokenKind::Punct || self.key(j) == "'")
        };
        let right = phrase.end.max(fig.end).min(self.tokens.len());
        // Inside the counted phrase, or just before the figure.
        let before = fig.start.saturating_sub(2);
        for j in within(before, fig.start).chain(within(fig.end, right)) {
            match self.key(j) {
                "our" => return Some("actor.speaker_own"),
                "enemy" if j > fig.start => return Some("actor.speaker_enemy"),
                _ => {}
            }
        }
        // "The enemy has lost 1,200 soldiers", "the enemy's losses amounted to 1,200".
        let left = fig.start.saturating_sub(6);
        let clause = (left..fig.start)
            .rev()
            .take_while(|&j| self.tokens[j].kind != TokenKind::Punct || self.key(j) == "'")
            .last()?;
        let enemy = (clause..fig.start).find(|&j| self.key(j) == "enemy")?;
        (enemy + 1..fig.start)
            .any(|j| self.g.words.actor.loss_words.contains(self.key(j)))
            .then_some("actor.speaker_enemy")
    }

    /// Whether an actor mention cannot be the one counted: "against Ukraine",
    /// troops sent "to Russia".
    fn excluded(&self, a: &ActorMention, metric: Metric, civilians: bool) -> bool {
        // "the Hamas-run health ministry", "Moscow-backed separatists": the actor qualifies
        // someone else.
        // "Iranian-made drones": the maker of the weapon; "Russian-occupied parts of
        // Ukraine": the occupier of a place.
        if self.hyphened(a.end, &self.g.qualifying) {
            return true;
        }
        // A place stands for its people only when they are harmed there ("11 civilians
        // killed in Kharkiv"); troops in Kharkiv are not Kharkiv's.
        let victims = civilians
            || matches!(
                metric,
                Metric::Killed
                    | Metric::Wounded
                    | Metric::Casualties
                    | Metric::Captured
                    | Metric::Detained
                    | Metric::Displaced
                    | Metric::Missing
            );
        if a.place && !victims {
            return true;
        }
        let k = self.phrase_start(a);
        let before = self.key(k.wrapping_sub(1));
        // "by Israeli forces"; "against Ukraine" names the enemy of troops sent, but the
        // victims of an attack against a place are its people.
        if before == "by"
            || (before == "against"
                && !matches!(
                    metric,
                    Metric::Killed
                        | Metric::Wounded
                        | Metric::Captured
                        | Metric::Detained
                        | Metric::Displaced
                        | Metric::Missing
                ))
        {
            return true;
        }
        // "Israeli airstrikes", "the Russian full-scale invasion": the side that harms the
        // ones counted.
        let after = self.after_actor(a);
        let modified = if a.place {
            after
        } else {
            self.past_modifiers(after)
        };
        if victims && self.g.agents.matches_at(self.tokens, modified) {
            return true;
        }
        // "RSF fighters attacked", "Russian forces have killed": the subject of an attack
        // (not "airstrikes against Gaza have killed", where the verb's subject is elsewhere).
        if victims && !self.after_preposition(a.start) && self.attack_verb_at(after) {
            return true;
        }
        // "Hamas still holds 59 hostages": the captor, not whose people they are.
        if metric == Metric::Captured && self.holder(a) {
            return true;
        }
        // "Moldova is sheltering 90,000 refugees": the host, not the country they fled.
        if metric == Metric::Displaced && self.host(a) {
            return true;
        }
        // "on the border with Ukraine", "the borders of Ukraine", "Sumy oblast bordering
        // Russia": a neighbour.
        if (matches!(before, "with" | "of")
            && self.g.borders.matches_at(self.tokens, k.wrapping_sub(2)))
            || self.g.bordering.matches_at(self.tokens, k.wrapping_sub(1))
        {
            return true;
        }
        // The source of an attribution: "according to the US State Department".
        let window = a.start.saturating_sub(6)..a.start;
        if window
            .clone()
            .any(|j| self.key(j) == "according" && self.key(j + 1) == "to")
        {
            return true;
        }
        // Where troops are sent or massed: "to Russia", "around Ukraine".
        let place = self.g.words.actor.deployment_places.contains(before);
        // Where people fled to: "fled into Chad".
        let destination = self.g.words.actor.destinations.contains(before);
        (metric == Metric::Deployed && place)
            || (metric == Metric::Displaced && destination && a.start > 0)
    }
}
