//! The language data compiled for matching: phrase sets built once per extractor.

use rustc_hash::FxHashSet as HashSet;

use tally_core::{Metric, Role};
use tally_lang::{Bound, Lang, NounKind, Numbers, Phrased, Position, RuleWords};

use crate::confidence::Estimative;
use crate::phrase::{KeyMap, KeySet, PhraseSet};
use crate::sentence::Splitter;
use crate::trigger::Triggers;

/// A counted noun: people or equipment, with the role it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// People or equipment.
    pub kind: NounKind,
    /// The role it gives.
    pub role: Role,
}

/// An actor phrase: the index of the actor, and whether the phrase names its people
/// ("Iranians") rather than the state or group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorRef {
    /// Index into [`Grammar::actor_codes`].
    pub idx: usize,
    /// Whether the phrase is a plural noun for the people.
    pub people: bool,
    /// Whether the phrase names a city or region of the actor, not the actor.
    pub place: bool,
}

/// Everything the rules match against, compiled from a [`Lang`].
#[derive(Debug, Clone)]
pub struct Grammar {
    pub units: KeyMap<f64>,
    pub tens: KeyMap<f64>,
    pub scales: KeyMap<f64>,
    pub suffixes: KeyMap<f64>,
    pub articles: PhraseSet<()>,
    /// Keys of the tokens a figure can start with (digits aside).
    pub figure_starts: KeySet,
    /// Keys of the tokens a numeral can start with (digits aside): the first keys of the
    /// vague, fraction, count and article phrases, units and tens.
    pub numeral_starts: KeySet,
    /// The words one of which a sentence without digits must hold to hold a numeral
    /// ([`numeral_words`]); `None` when the check cannot tell, and every sentence is read.
    pub numeral_words: Option<KeySet>,
    pub fractions: PhraseSet<f64>,
    pub counts: PhraseSet<f64>,
    pub vague: PhraseSet<(f64, f64)>,
    pub vague_multipliers: PhraseSet<(f64, f64)>,
    pub percent: PhraseSet<()>,
    pub rate: PhraseSet<()>,
    pub qualifiers_before: PhraseSet<Bound>,
    pub qualifiers_after: PhraseSet<Bound>,
    pub range_between: PhraseSet<()>,
    pub range_joiners: PhraseSet<()>,
    pub metric_nouns: PhraseSet<Metric>,
    pub metric_after: PhraseSet<Metric>,
    pub metric_before: PhraseSet<Metric>,
    pub equipment_after: PhraseSet<()>,
    pub equipment_before: PhraseSet<()>,
    pub subject_counted: PhraseSet<()>,
    pub level_verbs: PhraseSet<()>,
    pub increase_verbs: PhraseSet<()>,
    pub links_before: PhraseSet<()>,
    pub links_after: PhraseSet<()>,
    pub nouns: PhraseSet<Noun>,
    pub containers: PhraseSet<()>,
    pub conflict: PhraseSet<()>,
    pub agents: PhraseSet<()>,
    pub combat: PhraseSet<()>,
    pub demonym_suffixes: Vec<String>,
    pub borders: PhraseSet<()>,
    pub bordering: PhraseSet<()>,
    pub holding_verbs: PhraseSet<()>,
    pub hosting_verbs: PhraseSet<()>,
    pub part_words: PhraseSet<()>,
    pub qualifying: PhraseSet<()>,
    pub occupying: PhraseSet<()>,
    pub ruling: PhraseSet<()>,
    pub attack_verbs: PhraseSet<()>,
    pub harm_verbs: PhraseSet<()>,
    pub not_people: PhraseSet<()>,
    pub irregulars: PhraseSet<()>,
    pub recruits: PhraseSet<()>,
    pub disasters: PhraseSet<()>,
    pub disaster_shared: PhraseSet<()>,
    pub described_by_metric: PhraseSet<()>,
    pub notclaim_after: PhraseSet<()>,
    pub notclaim_before: PhraseSet<()>,
    pub notclaim_price: PhraseSet<()>,
    pub notclaim_units: PhraseSet<()>,
    pub months: PhraseSet<u8>,
    pub weekdays: PhraseSet<u8>,
    pub actors: PhraseSet<ActorRef>,
    pub actor_codes: Vec<String>,
    /// For each actor, its one enemy (index into `actor_codes`), when it has exactly one.
    pub actor_enemy: Vec<Option<usize>>,
    /// For each group that rules a territory, the state of its people (`home`).
    pub actor_home: Vec<Option<usize>>,
    pub splitter: Splitter,
    /// Estimative yardsticks and modality words.
    pub estimative: Estimative,
    /// Finds the words that can make a sentence hold a claim.
    pub triggers: Triggers,
    /// The small words the rules look for (`en/words.toml`).
    pub words: RuleWords,
}

fn set<'a, T: Clone + 'a>(
    phrases: impl IntoIterator<Item = &'a String>,
    payload: T,
) -> PhraseSet<T> {
    PhraseSet::new(phrases.into_iter().map(|p| (p.as_str(), payload.clone())))
}

fn add<'a, T: Clone + 'a>(
    target: &mut PhraseSet<T>,
    phrases: impl IntoIterator<Item = &'a String>,
    payload: T,
) {
    for p in phrases {
        target.insert(p, payload.clone());
    }
}

/// Phrases of values ("a third" = 1/3, "dozens" = 24..=99): each entry's phrases with its
/// value.
fn valued<T: Clone>(entries: &[Phrased<T>]) -> PhraseSet<T> {
    let mut target = PhraseSet::default();
    for entry in entries {
        add(&mut target, &entry.phrases, entry.value.clone());
    }
    target
}

/// The metric cues, with those of equipment apart.
struct MetricSets {
    nouns: PhraseSet<Metric>,
    after: PhraseSet<Metric>,
    before: PhraseSet<Metric>,
    equipment_after: PhraseSet<()>,
    equipment_before: PhraseSet<()>,
}

impl MetricSets {
    fn new(lang: &Lang) -> MetricSets {
        let mut sets = MetricSets {
            nouns: PhraseSet::default(),
            after: PhraseSet::default(),
            before: PhraseSet::default(),
            equipment_after: PhraseSet::default(),
            equipment_before: PhraseSet::default(),
        };
        for m in &lang.metrics {
            if m.metric == Metric::EquipmentLost {
                add(&mut sets.equipment_after, &m.after, ());
                add(&mut sets.equipment_before, &m.before, ());
            } else {
                add(&mut sets.nouns, &m.nouns, m.metric);
                add(&mut sets.after, &m.after, m.metric);
                add(&mut sets.before, &m.before, m.metric);
            }
        }
        sets
    }
}

/// The qualifiers written before a figure and those written after it.
fn qualifier_sets(lang: &Lang) -> (PhraseSet<Bound>, PhraseSet<Bound>) {
    let mut qualifiers_before = PhraseSet::default();
    let mut qualifiers_after = PhraseSet::default();
    for q in &lang.qualifiers {
        let target = match q.position {
            Position::Before => &mut qualifiers_before,
            Position::After => &mut qualifiers_after,
        };
        add(target, &q.phrases, q.bound);
    }
    (qualifiers_before, qualifiers_after)
}

/// The counted nouns with their kind and role.
fn noun_set(lang: &Lang) -> PhraseSet<Noun> {
    let mut nouns = PhraseSet::default();
    for entry in &lang.nouns {
        add(
            &mut nouns,
            &entry.phrases,
            Noun {
                kind: entry.kind,
                role: entry.role,
            },
        );
    }
    nouns
}

/// Names of months (1 to 12) or of weekdays (0 to 6), by their position in the list.
fn calendar_set(names: &[Vec<String>], first: u8) -> PhraseSet<u8> {
    let mut set = PhraseSet::default();
    for (idx, names) in names.iter().enumerate() {
        add(&mut set, names, idx as u8 + first);
    }
    set
}

/// The actor gazetteer: the phrases naming each actor, its people or its places; the
/// actors' codes; each actor's one enemy, when it has exactly one; and a group's home.
fn actor_sets(lang: &Lang) -> ActorSets {
    let mut actors = PhraseSet::default();
    let mut actor_codes = Vec::new();
    for (idx, actor) in lang.actors.iter().enumerate() {
        actor_codes.push(actor.code.clone());
        add(
            &mut actors,
            &actor.names,
            ActorRef {
                idx,
                people: false,
                place: false,
            },
        );
        add(
            &mut actors,
            &actor.people,
            ActorRef {
                idx,
                people: true,
                place: false,
            },
        );
        add(
            &mut actors,
            &actor.places,
            ActorRef {
                idx,
                people: false,
                place: true,
            },
        );
    }
    let index_of = |code: &str| lang.actors.iter().position(|a| a.code == code);
    let actor_enemy = lang
        .actors
        .iter()
        .map(|actor| match actor.enemies.as_slice() {
            [enemy] => index_of(enemy),
            _ => None,
        })
        .collect();
    let actor_home = lang
        .actors
        .iter()
        .map(|actor| index_of(actor.home.as_deref()?))
        .collect();
    ActorSets {
        actors,
        actor_codes,
        actor_enemy,
        actor_home,
    }
}

/// The actor gazetteer compiled: [`actor_sets`].
struct ActorSets {
    actors: PhraseSet<ActorRef>,
    actor_codes: Vec<String>,
    actor_enemy: Vec<Option<usize>>,
    actor_home: Vec<Option<usize>>,
}

/// The words the pre-filter looks for before it cuts a sentence into tokens: the units,
/// the tens, the scales, and, for each other numeral phrase without one of them, one word
/// it needs (its longest: "third", "dozens", "thousands"), since a phrase matches only
/// where all its words are. The phrase's other words are left out, so that the "and" of
/// "dozens and dozens" does not send every sentence with an "and" to the tokenizer.
/// `None` when the check could miss a numeral: a phrase without letters, or a number word
/// it cannot see (shorter than three letters, longer than sixteen, or not ASCII letters).
fn numeral_words(n: &Numbers) -> Option<HashSet<String>> {
    let visible =
        |w: &str| (3..=16).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_alphabetic());
    let mut words: HashSet<String> = HashSet::default();
    for w in n.units.keys().chain(n.tens.keys()).chain(n.scales.keys()) {
        words.insert(w.clone());
    }
    let phrases = n
        .fractions
        .iter()
        .chain(&n.counts)
        .flat_map(|p| &p.phrases)
        .chain(
            n.vague
                .iter()
                .chain(&n.vague_multipliers)
                .flat_map(|p| &p.phrases),
        );
    for phrase in phrases {
        let parts = || {
            phrase
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
        };
        // "one third" holds the unit "one".
        if !parts().any(|w| words.contains(w)) {
            let needed = parts().max_by_key(|w| w.len())?;
            words.insert(needed.to_string());
        }
    }
    words.iter().all(|w| visible(w)).then_some(words)
}

impl Grammar {
    /// Compiles the language data.
    pub fn new(lang: &Lang) -> Grammar {
        let n = &lang.numbers;
        let to_map = |m: &std::collections::BTreeMap<String, f64>| -> KeyMap<f64> {
            m.iter()
                .map(|(key, value)| (key.as_str(), *value))
                .collect()
        };
        let fractions = valued(&n.fractions);
        let counts = valued(&n.counts);
        let vague = valued(&n.vague);
        let vague_multipliers = valued(&n.vague_multipliers);
        let (qualifiers_before, qualifiers_after) = qualifier_sets(lang);
        let metrics = MetricSets::new(lang);
        let ActorSets {
            actors,
            actor_codes,
            actor_enemy,
            actor_home,
        } = actor_sets(lang);
        let triggers = build_triggers(lang);
        let articles = set(&n.articles, ());
        let range_between = set(&lang.range.between, ());
        let numeral_starts = || {
            vague
                .first_keys()
                .chain(vague_multipliers.first_keys())
                .chain(fractions.first_keys())
                .chain(counts.first_keys())
                .chain(articles.first_keys())
                .chain(n.units.keys().map(String::as_str))
                .chain(n.tens.keys().map(String::as_str))
        };
        let figure_starts = qualifiers_before
            .first_keys()
            .chain(range_between.first_keys())
            .chain(numeral_starts())
            .collect();
        let numeral_starts = numeral_starts().collect();
        let numeral_words =
            numeral_words(n).map(|words| words.iter().map(String::as_str).collect());
        Grammar {
            figure_starts,
            numeral_starts,
            numeral_words,
            units: to_map(&n.units),
            tens: to_map(&n.tens),
            scales: to_map(&n.scales),
            suffixes: to_map(&n.suffixes),
            articles,
            fractions,
            counts,
            vague,
            vague_multipliers,
            percent: set(&n.percent, ()),
            rate: set(&n.rate, ()),
            qualifiers_before,
            qualifiers_after,
            range_between,
            range_joiners: set(&lang.range.joiners, ()),
            metric_nouns: metrics.nouns,
            metric_after: metrics.after,
            metric_before: metrics.before,
            equipment_after: metrics.equipment_after,
            equipment_before: metrics.equipment_before,
            subject_counted: set(&lang.subject_counted, ()),
            level_verbs: set(&lang.level_verbs, ()),
            increase_verbs: set(&lang.increase_verbs, ()),
            links_before: set(&lang.links.before, ()),
            links_after: set(&lang.links.after, ()),
            nouns: noun_set(lang),
            containers: set(&lang.containers, ()),
            conflict: set(&lang.conflict, ()),
            agents: set(&lang.agents, ()),
            combat: set(&lang.combat, ()),
            demonym_suffixes: lang.demonym_suffixes.clone(),
            borders: set(&lang.borders, ()),
            bordering: set(&lang.bordering, ()),
            holding_verbs: set(&lang.holding_verbs, ()),
            hosting_verbs: set(&lang.hosting_verbs, ()),
            part_words: set(&lang.part_words, ()),
            qualifying: set(&lang.qualifying, ()),
            occupying: set(&lang.occupying, ()),
            ruling: set(&lang.ruling, ()),
            attack_verbs: set(&lang.attack_verbs, ()),
            harm_verbs: set(&lang.harm_verbs, ()),
            not_people: set(&lang.not_people, ()),
            irregulars: set(&lang.irregulars, ()),
            recruits: set(&lang.recruits, ()),
            disasters: set(&lang.disasters, ()),
            disaster_shared: set(&lang.disaster_shared, ()),
            described_by_metric: set(&lang.described_by_metric, ()),
            notclaim_after: set(&lang.notclaims.after, ()),
            notclaim_before: set(&lang.notclaims.before, ()),
            notclaim_price: set(&lang.notclaims.price, ()),
            notclaim_units: set(&lang.notclaims.units, ()),
            months: calendar_set(&lang.calendar.months, 1),
            weekdays: calendar_set(&lang.calendar.weekdays, 0),
            actors,
            actor_codes,
            actor_enemy,
            actor_home,
            splitter: Splitter::new(&lang.abbreviations),
            estimative: Estimative::new(lang),
            triggers,
            words: lang.rule_words.clone(),
        }
    }
}

/// The pre-filter: every claim needs a counted noun or a metric cue, so a sentence with
/// none of their words is never analysed. Each phrase contributes its longest word, which
/// is a whole word wherever the phrase is ("soldier" and "soldiers" each).
fn build_triggers(lang: &Lang) -> Triggers {
    let mut words: Vec<String> = Vec::new();
    let mut push = |phrase: &str| {
        let longest = phrase
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.len())
            .unwrap_or("");
        if longest.len() >= 3 {
            words.push(longest.to_ascii_lowercase());
        }
    };
    for m in &lang.metrics {
        m.nouns
            .iter()
            .chain(&m.after)
            .chain(&m.before)
            .for_each(|p| push(p));
    }
    for entry in &lang.nouns {
        entry.phrases.iter().for_each(|p| push(p));
    }
    for actor in &lang.actors {
        actor.people.iter().for_each(|p| push(p));
    }
    words.sort();
    words.dedup();
    Triggers::new(&words)
}
