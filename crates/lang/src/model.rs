//! The checked form of the language data.

use std::collections::BTreeMap;

use tally_core::{Metric, Role};

/// All the data the extractor needs for one language.
#[derive(Debug, Clone)]
pub struct Lang {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Numerals.
    pub numbers: Numbers,
    /// Qualifiers that set bounds.
    pub qualifiers: Vec<QualifierEntry>,
    /// Words that make a range of two numbers.
    pub range: RangeWords,
    /// Metric cues.
    pub metrics: Vec<MetricEntry>,
    /// `before` cues whose subject is the one counted ("Russia lost 62,400 troops").
    pub subject_counted: Vec<String>,
    /// Verbs that give a new level to a quantity named earlier ("rose to").
    pub level_verbs: Vec<String>,
    /// Verbs that raise a quantity ("increased ... by 7,000").
    pub increase_verbs: Vec<String>,
    /// Words that may stand between a metric cue and the figure.
    pub links: Links,
    /// Counted nouns.
    pub nouns: Vec<NounEntry>,
    /// Nouns that hold the counted phrase after "of" ("cases of").
    pub containers: Vec<String>,
    /// Words that show a sentence is about a conflict.
    pub conflict: Vec<String>,
    /// Nouns of attackers and attacks ("airstrikes", "forces").
    pub agents: Vec<String>,
    /// Verbs of attack ("attacked", "shelled").
    pub attack_verbs: Vec<String>,
    /// Verbs of killing and wounding, whose object or subject is people even when the
    /// lexicon does not know its noun ("killed eight charcoal traders").
    pub harm_verbs: Vec<String>,
    /// Armed people who are not an army ("gunmen", "militants"): whom they kill says
    /// nothing of the victims' role.
    pub irregulars: Vec<String>,
    /// Soldiers not yet in the field ("recruits", "reservists"): counted with no verb,
    /// they are mobilised or trained, not deployed.
    pub recruits: Vec<String>,
    /// Disasters ("earthquake", "ferry"): people harmed in a sentence naming one and no
    /// conflict are no figures of a conflict.
    pub disasters: Vec<String>,
    /// Words of the conflict list a disaster's report uses as well ("killed", "evacuated").
    pub disaster_shared: Vec<String>,
    /// Nouns a metric noun before them only describes ("death camps").
    pub described_by_metric: Vec<String>,
    /// Plural nouns that such verbs may govern and that are not people ("cows").
    pub not_people: Vec<String>,
    /// Phrases of combat that make the people counted military ("killed in action").
    pub combat: Vec<String>,
    /// Endings of an adjective of nationality ("-ian", "-ese").
    pub demonym_suffixes: Vec<String>,
    /// Nouns of a frontier ("border", "doorstep").
    pub borders: Vec<String>,
    /// Words that make the country after them a neighbour ("bordering").
    pub bordering: Vec<String>,
    /// Verbs of holding people ("holds", "has").
    pub holding_verbs: Vec<String>,
    /// Verbs of hosting people who fled ("hosted", "took in").
    pub hosting_verbs: Vec<String>,
    /// Words that make the figure after them a part of a group ("including").
    pub part_words: Vec<String>,
    /// Words after "actor-" that make it qualify someone else ("run", "backed").
    pub qualifying: Vec<String>,
    /// Words after "actor-" that name an occupier ("occupied", "imposed").
    pub occupying: Vec<String>,
    /// Words after "group-" that name it governing its home ("run", "controlled").
    pub ruling: Vec<String>,
    /// Words that make a number something other than a claim.
    pub notclaims: NotClaims,
    /// Month and weekday names, index 0 = January / Monday.
    pub calendar: Calendar,
    /// Words of relative time, parts, units and cues, for the time resolver.
    pub time: crate::time::TimeWords,
    /// Words after which a period does not end a sentence.
    pub abbreviations: Vec<String>,
    /// Actors: states and groups.
    pub actors: Vec<ActorEntry>,
    /// Attribution cues and the source gazetteer.
    pub attribution: crate::AttributionData,
    /// The small words the rules of the grammar look for (`words.toml`).
    pub rule_words: crate::RuleWords,
    /// Cues of a figure's scope: a running total, a period, one incident.
    pub scope: crate::ScopeWords,
    /// Estimative yardsticks.
    pub yardsticks: Vec<Yardstick>,
    /// Modality words.
    pub modality: ModalityWords,
    /// The gazetteer of countries, regions and cities, common to every language; shared,
    /// so cloning a `Lang` does not copy it.
    pub places: std::sync::Arc<crate::Places>,
    /// Words that tie a figure to a named place.
    pub place_words: PlaceWords,
}

/// Words that tie a figure to a named place.
#[derive(Debug, Clone, Default)]
pub struct PlaceWords {
    /// Before a place name ("in", "near").
    pub prepositions: Vec<String>,
    /// Skipped between a preposition and the name ("the").
    pub determiners: Vec<String>,
    /// Part of the place as written, before the name ("southern").
    pub directions: Vec<String>,
    /// After a name, make it a region ("region", "oblast").
    pub regions: Vec<String>,
    /// After a people's adjective or a possessive, a border ("border", "frontier").
    pub borders: Vec<String>,
    /// Between a border word and a name ("with": "the border with Belarus").
    pub border_links: Vec<String>,
    /// Verbs whose object is a place that was hit ("hits", "shelled").
    pub targets: Vec<String>,
    /// Before a name the gazetteer may not know, say it is a place ("village of").
    pub named: Vec<String>,
    /// After a possessive, parts of a place ("outskirts": "Kiev's outskirts").
    pub parts: Vec<String>,
    /// Between coordinated places ("and").
    pub conjunctions: Vec<String>,
    /// Lowercase words inside a name ("al", "of").
    pub particles: Vec<String>,
}

/// Numerals of a language.
#[derive(Debug, Clone, Default)]
pub struct Numbers {
    /// Number words below twenty.
    pub units: BTreeMap<String, f64>,
    /// Tens words.
    pub tens: BTreeMap<String, f64>,
    /// Scale words ("thousand").
    pub scales: BTreeMap<String, f64>,
    /// Letters glued to digits ("5k").
    pub suffixes: BTreeMap<String, f64>,
    /// Words that stand for one before a scale ("a thousand").
    pub articles: Vec<String>,
    /// Fractions ("a third").
    pub fractions: Vec<Phrased<f64>>,
    /// Exact counts written as phrases ("a dozen").
    pub counts: Vec<Phrased<f64>>,
    /// Vague quantities ("hundreds") with their bounds.
    pub vague: Vec<Phrased<(f64, f64)>>,
    /// Vague words that multiply a scale ("several hundred").
    pub vague_multipliers: Vec<Phrased<(f64, f64)>>,
    /// Words after a number that make it a percentage.
    pub percent: Vec<String>,
    /// Words after a count that make it a rate.
    pub rate: Vec<String>,
}

/// A value with the phrases that express it.
#[derive(Debug, Clone)]
pub struct Phrased<T> {
    /// The phrases, lowercase.
    pub phrases: Vec<String>,
    /// The value.
    pub value: T,
}

/// Which bound a qualifier sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// "over": the figure is a lower bound.
    Lower,
    /// "up to": the figure is an upper bound.
    Upper,
    /// "nearly": an upper bound, approximate.
    Nearly,
    /// "around": an approximate point.
    Approximate,
    /// "an additional": an increment to an earlier figure.
    Increment,
}

/// Where a qualifier stands relative to its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// Before the number.
    Before,
    /// After the number.
    After,
}

/// One qualifier table.
#[derive(Debug, Clone)]
pub struct QualifierEntry {
    /// The bound it sets.
    pub bound: Bound,
    /// Where it stands.
    pub position: Position,
    /// Its phrases.
    pub phrases: Vec<String>,
}

/// Words that make a range.
#[derive(Debug, Clone, Default)]
pub struct RangeWords {
    /// Words that open a range ("between").
    pub between: Vec<String>,
    /// Words that join its two ends ("and", "to", "-").
    pub joiners: Vec<String>,
}

/// The cues of one metric.
#[derive(Debug, Clone)]
pub struct MetricEntry {
    /// The metric.
    pub metric: Metric,
    /// Counted nouns that carry it.
    pub nouns: Vec<String>,
    /// Predicates after the counted phrase.
    pub after: Vec<String>,
    /// Governors before the figure.
    pub before: Vec<String>,
}

/// Words skipped between a cue and the figure.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Between a `before` cue and the figure.
    pub before: Vec<String>,
    /// Between the counted phrase and an `after` cue.
    pub after: Vec<String>,
}

/// Whether a counted noun names people or equipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NounKind {
    /// People.
    Person,
    /// Military equipment.
    Equipment,
}

/// One table of counted nouns.
#[derive(Debug, Clone)]
pub struct NounEntry {
    /// People or equipment.
    pub kind: NounKind,
    /// The role the noun gives.
    pub role: Role,
    /// Its phrases.
    pub phrases: Vec<String>,
}

/// Words that make a number something other than a claim.
#[derive(Debug, Clone, Default)]
pub struct NotClaims {
    /// After the number.
    pub after: Vec<String>,
    /// Before the number.
    pub before: Vec<String>,
    /// Words of price before the number, which yield to a counted noun after it ("the cost
    /// of 5 million" is money, "at the cost of tens of millions of lives" is not).
    pub price: Vec<String>,
    /// Names of formations right after digits, written with a capital.
    pub units: Vec<String>,
}

/// Calendar words.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Month names and abbreviations, January first.
    pub months: Vec<Vec<String>>,
    /// Weekday names and abbreviations, Monday first.
    pub weekdays: Vec<Vec<String>>,
}

/// A table of estimative phrases and their probability bands.
#[derive(Debug, Clone)]
pub struct Yardstick {
    /// Its name ("uk-phia", "us-icd-203").
    pub name: String,
    /// Words that, in a canonical source name, make this the source's own yardstick.
    pub sources: Vec<String>,
    /// Phrases with their band `(low, high)` in 0–1.
    pub bands: Vec<Phrased<(f64, f64)>>,
}

/// Words of modality.
#[derive(Debug, Clone, Default)]
pub struct ModalityWords {
    /// Words that make a figure an estimate.
    pub estimate: Vec<String>,
    /// Words that make a figure a projection.
    pub projection: Vec<String>,
}

/// One actor of the gazetteer.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    /// ISO 3166-1 alpha-3 code or a lowercase slug.
    pub code: String,
    /// Names, demonyms, capitals, abbreviations. A phrase with capitals matches as written.
    pub names: Vec<String>,
    /// Plural nouns naming the people themselves.
    pub people: Vec<String>,
    /// Cities and regions in it: the people harmed there are its people ("11 civilians
    /// killed in Kharkiv"), but troops there are not its troops.
    pub places: Vec<String>,
    /// The sides this actor's officials call "the enemy" in the reporting tally reads
    /// (codes of other actors); "enemy troops" in their statements counts one of them only
    /// when there is exactly one.
    pub enemies: Vec<String>,
    /// For a group that rules a territory, the state of its people: the people a
    /// "Houthi-run health ministry" counts harmed are Yemen's.
    pub home: Option<String>,
}
