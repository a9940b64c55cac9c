//! Where a figure happened: the most specific named place its sentence ties it to.
//!
//! A sentence's place mentions are found first, each by one small rule: a name of the
//! gazetteer after a preposition ("killed in Kharkiv"), a name with a region word ("the
//! Kursk region", "Donetsk oblast"), a name before a counted noun ("Gaza residents"), or any
//! capitalized name after a phrase that says it is a place ("in the village of Teri
//! Mangal"). Names that stand alone ("Washington said", "Jordan's king") or that run on into
//! a longer name ("the Paris Agreement") tie nothing. Then each claim takes the mention
//! nearest to its number; of mentions that stand together ("in Izium, in the Kharkiv
//! region") the most specific: a city over a region over a country.
//!
//! The words are data (`crates/lang/data/en/places.toml`), the names the gazetteer
//! (`crates/lang/data/common/places.tsv`). A place is taken from the claim's own sentence,
//! or, once the whole text is read ([`story_places`]), from the same figure told elsewhere in
//! it ("Over 5,000 soldiers killed or injured" in the headline and "over 5,000 casualties …
//! in the Russian oblast of Kursk" further down: `place.same_figure`) or from the figure an
//! anaphor refers to ("approximately a third of the casualties": `place.anaphor`).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tally_core::{Claim, Kind, Metric, Place, Span};
use tally_lang::{Lang, PlaceEntry, PlaceKind, Places};

use crate::grammar::Grammar;
use crate::phrase::PhraseSet;
use crate::token::{Token, TokenKind};

/// The rule ids of the place pass.
pub const PLACE_RULES: &[&str] = &[
    "place.preposition",
    "place.region",
    "place.border",
    "place.modifier",
    "place.target",
    "place.named",
    "place.coordination",
    "place.most_specific",
    "place.same_figure",
    "place.anaphor",
];

/// The longest name the gazetteer is asked about, in tokens ("Democratic Republic of the
/// Congo" is five words; hyphens and apostrophes are tokens too).
const MAX_NAME_TOKENS: usize = 9;

/// Mentions separated by at most this many tokens (a comma, "in the") stand together.
const GROUP_GAP_TOKENS: usize = 3;

/// Names written in capitals up to this length are abbreviations ("UK", "US", "IDF"), not
/// the towns the gazetteer may know by them.
const MAX_ABBREVIATION_LEN: usize = 4;

/// The place words compiled for matching, and the gazetteer.
#[derive(Debug, Clone)]
pub struct PlaceFinder {
    places: Arc<Places>,
    prepositions: PhraseSet<()>,
    determiners: PhraseSet<()>,
    directions: PhraseSet<()>,
    regions: PhraseSet<()>,
    borders: PhraseSet<()>,
    border_links: PhraseSet<()>,
    targets: PhraseSet<()>,
    named: PhraseSet<()>,
    particles: PhraseSet<()>,
    /// Parts of a place after its possessive ("outskirts").
    parts: PhraseSet<()>,
    /// Between coordinated places ("and").
    conjunctions: PhraseSet<()>,
}

/// One place mention of a sentence.
#[derive(Debug, Clone)]
struct Mention<'p> {
    /// Tokens of the whole mention as written (direction and region word included).
    first: usize,
    end: usize,
    /// Bytes of the same.
    span: Span,
    /// The gazetteer's entry; `None` for a name only a pattern says is a place.
    entry: Option<&'p PlaceEntry>,
    /// Whether a region word made it a region.
    region: bool,
    rule: &'static str,
}

impl Mention<'_> {
    /// City 3, region 2, country 1: higher is more specific. A name only a pattern
    /// knows ("the village of X") counts as a city.
    fn specificity(&self) -> u8 {
        match (self.entry.map(|e| e.kind), self.region) {
            (Some(PlaceKind::Country), _) => 1,
            (_, true) => 2,
            (None | Some(PlaceKind::City), false) => 3,
            (Some(PlaceKind::Region), false) => 2,
        }
    }
}

/// A name read at a token: where it ends and what the gazetteer says of it.
struct Name<'p> {
    end: usize,
    entry: Option<&'p PlaceEntry>,
}

fn set(phrases: &[String]) -> PhraseSet<()> {
    PhraseSet::new(phrases.iter().map(|p| (p.as_str(), ())))
}

impl PlaceFinder {
    /// Compiles the place words of `lang` and keeps its gazetteer.
    pub fn new(lang: &Lang) -> PlaceFinder {
        let words = &lang.place_words;
        PlaceFinder {
            places: Arc::clone(&lang.places),
            prepositions: set(&words.prepositions),
            determiners: set(&words.determiners),
            directions: set(&words.directions),
            regions: set(&words.regions),
            borders: set(&words.borders),
            border_links: set(&words.border_links),
            targets: set(&words.targets),
            named: set(&words.named),
            particles: set(&words.particles),
            parts: set(&words.parts),
            conjunctions: set(&words.conjunctions),
        }
    }

    /// Sets the place of each claim of one sentence, from that sentence's mentions.
    pub fn attach(&self, g: &Grammar, tokens: &[Token<'_>], text: &str, claims: &mut [Claim]) {
        if claims.is_empty() {
            return;
        }
        let mentions = self.mentions(g, tokens, text);
        if mentions.is_empty() {
            return;
        }
        for claim in claims {
            let Some((chosen, grouped)) = choose(&mentions, claim) else {
                continue;
            };
            claim.place = Some(place_of(chosen, text));
            claim.rules.push(chosen.rule.to_string());
            if grouped {
                claim.rules.push("place.most_specific".to_string());
            }
        }
    }

    /// Every place mention of a sentence, in text order.
    fn mentions<'p>(&'p self, g: &Grammar, tokens: &[Token<'_>], text: &str) -> Vec<Mention<'p>> {
        let mut out: Vec<Mention<'p>> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let found = self
                .after_preposition(g, tokens, text, i)
                .or_else(|| self.after_target(g, tokens, text, i))
                .or_else(|| self.named_here(g, tokens, text, i))
                .or_else(|| self.standing_alone(g, tokens, text, i));
            match found {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// A place after a preposition ("in Kharkiv", "near the town of Sudzha", "in the Kursk
    /// region", "in southern Lebanon", "on Ukraine's borders"), with the places coordinated
    /// with it (`place.coordination`: "in Romania, Poland and Germany").
    fn after_preposition<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        i: usize,
    ) -> Option<Mention<'p>> {
        let prep = self.prepositions.longest_at(tokens, i)?;
        let j = self.skip_determiner(tokens, prep.end);
        let mut m = self.place_at(g, tokens, text, j, true)?;
        // Coordinated places of the same kind widen the text: ", Poland and Germany". The
        // list must close with a conjunction: "Fort Bragg, North Carolina" is one place.
        let mut k = m.end;
        let mut closed = m.end;
        loop {
            let mut next = k;
            if tokens.get(next).is_some_and(|t| t.key == ",") {
                next += 1;
            }
            let conjunction = self.conjunctions.longest_at(tokens, next);
            if let Some(c) = conjunction {
                next = c.end;
            }
            if next == k {
                break;
            }
            let Some(other) = self.place_at(g, tokens, text, next, false) else {
                break;
            };
            let same_kind = other.entry.map(|e| e.kind) == m.entry.map(|e| e.kind);
            if !same_kind || other.rule != "place.preposition" {
                break;
            }
            k = other.end;
            if conjunction.is_some() {
                closed = k;
            }
        }
        let k = closed;
        if k > m.end {
            m.end = k;
            m.span.end = tokens[k - 1].end;
            m.rule = "place.coordination";
        }
        Some(m)
    }

    /// `place.target`: the place a verb of attack has for object ("Russia hits Vinnytsia",
    /// "shelled Kherson").
    fn after_target<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        i: usize,
    ) -> Option<Mention<'p>> {
        let verb = self.targets.longest_at(tokens, i)?;
        // A capital inside the sentence starts a name: "the Ministry of Defense of Ukraine".
        if i > 0 && tokens[i].text.starts_with(char::is_uppercase) {
            return None;
        }
        let j = self.skip_determiner(tokens, verb.end);
        let m = self.place_at(g, tokens, text, j, false)?;
        (m.rule == "place.preposition").then_some(Mention {
            rule: "place.target",
            ..m
        })
    }

    /// `place.named` without a preposition: "the central city of Cherkasy, where one
    /// person died", "the air base of Ouadi Doum".
    fn named_here<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        i: usize,
    ) -> Option<Mention<'p>> {
        let j = self.skip_determiner(tokens, i);
        let j = self.directions.longest_at(tokens, j).map_or(j, |m| m.end);
        let m = self.named.longest_at(tokens, j)?;
        self.named_at(g, tokens, text, m.end)
    }

    fn skip_determiner(&self, tokens: &[Token<'_>], j: usize) -> usize {
        self.determiners.longest_at(tokens, j).map_or(j, |m| m.end)
    }

    /// The place at token `j`, after a preposition or a verb: `[direction] name [region
    /// word]`, "the village of X", "Russia's Kursk region", "the Ukrainian border", "the
    /// border with Belarus". With `any`, a name the gazetteer does not know is read before
    /// a region word ("the Summian region"). Its rule is `place.preposition` unless a
    /// pattern names it otherwise.
    fn place_at<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        j: usize,
        any: bool,
    ) -> Option<Mention<'p>> {
        let first = j;
        let j = self.directions.longest_at(tokens, j).map_or(j, |m| m.end);
        // "the village of Teri Mangal", "the eastern city of Kramatorsk": the name alone.
        if let Some(m) = self.named.longest_at(tokens, j) {
            return self.named_at(g, tokens, text, m.end);
        }
        // "the border with Belarus".
        if let Some(b) = self.borders.longest_at(tokens, j) {
            let link = self.border_links.longest_at(tokens, b.end)?;
            let name = self.name_at(g, tokens, text, link.end, false)?;
            if continues(tokens, name.end) {
                return None;
            }
            return Some(mention(
                tokens,
                first,
                name.end,
                name.entry,
                false,
                "place.border",
            ));
        }
        // "the Ukrainian border", "Pakistani territory": a people's adjective that is not a
        // place itself, before a border or region word, names its country.
        if let Some(a) = g.actors.longest_at(tokens, j) {
            let written = &text[tokens[j].start..tokens[a.end - 1].end];
            if self.places.lookup(written).is_none() {
                let country = g
                    .actor_codes
                    .get(a.payload.idx)
                    .and_then(|code| self.places.country(code));
                if let Some(b) = self.borders.longest_at(tokens, a.end) {
                    if !continues(tokens, b.end) {
                        return Some(mention(
                            tokens,
                            first,
                            b.end,
                            country,
                            false,
                            "place.border",
                        ));
                    }
                }
                let end = self.region_after(tokens, a.end, false)?;
                if let Some(inner) = self.of_name(g, tokens, text, end) {
                    return Some(inner);
                }
                return Some(mention(tokens, first, end, country, false, "place.region"));
            }
        }
        let name = self.name_at(g, tokens, text, j, any)?;
        // "the Kyiv suburb of Bucha": the place the phrase names, unless it only names the
        // country ("the Kharkiv region of Ukraine").
        if let Some(m) = self.named.longest_at(tokens, name.end) {
            if let Some(inner) = self.named_at(g, tokens, text, m.end) {
                let outer_is_country = name.entry.is_none_or(|e| e.kind == PlaceKind::Country);
                if outer_is_country || inner.entry.is_none_or(|e| e.kind != PlaceKind::Country) {
                    return Some(inner);
                }
            }
        }
        if let Some(entry) = name.entry {
            // "Russia's Kursk region", "Ukraine's borders": what follows the possessive.
            // A part of the place ("Kiev's outskirts") is the place; anything else after a
            // possessive is not: "in Russia's war".
            if let Some(after) = possessive_end(tokens, name.end) {
                if let Some(inner) = self.place_at(g, tokens, text, after, false) {
                    return Some(inner);
                }
                if let Some(b) = self.borders.longest_at(tokens, after) {
                    return Some(mention(
                        tokens,
                        first,
                        b.end,
                        Some(entry),
                        false,
                        "place.border",
                    ));
                }
                let part = self.parts.longest_at(tokens, after)?;
                return Some(mention(
                    tokens,
                    first,
                    part.end,
                    Some(entry),
                    false,
                    "place.preposition",
                ));
            }
        }
        if let Some(end) = self.region_after(tokens, name.end, name.entry.is_some()) {
            // "the Russian oblast of Kursk", "the central Ukraine region of Vinnytsia"; but
            // "the Kharkiv region of Ukraine" is Kharkiv's.
            if name.entry.is_none_or(|e| e.kind == PlaceKind::Country) {
                if let Some(inner) = self.of_name(g, tokens, text, end) {
                    if inner.entry.is_none_or(|e| e.kind != PlaceKind::Country) {
                        return Some(inner);
                    }
                }
            }
            let entry = self.region_entry(tokens, text, j, name.end, name.entry);
            return Some(mention(tokens, first, end, entry, true, "place.region"));
        }
        let entry = name.entry?;
        if continues(tokens, name.end) {
            return None;
        }
        Some(mention(
            tokens,
            first,
            name.end,
            Some(entry),
            false,
            "place.preposition",
        ))
    }

    /// `place.named`: the capitalized name after "the village of", known or not.
    fn named_at<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        j: usize,
    ) -> Option<Mention<'p>> {
        let name = self.name_at(g, tokens, text, j, true)?;
        if continues(tokens, name.end) {
            return None;
        }
        Some(mention(
            tokens,
            j,
            name.end,
            name.entry,
            false,
            "place.named",
        ))
    }

    /// "of Kursk" after a region word: the name, as `place.named`.
    fn of_name<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        end: usize,
    ) -> Option<Mention<'p>> {
        if tokens.get(end).is_some_and(|t| t.key == "of") {
            self.named_at(g, tokens, text, end + 1)
        } else {
            None
        }
    }

    /// `place.region` and `place.modifier` without a preposition: "the Kursk region's
    /// governor said", "Donetsk oblast", "12 Gaza residents".
    fn standing_alone<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        i: usize,
    ) -> Option<Mention<'p>> {
        // The start of a name, not a word inside one; the first word of a sentence is
        // capitalized anyway ("Twelve Gaza residents"), and so may be a determiner.
        if i > 1 && tokens[i - 1].is_capitalized() && !self.determiners.matches_at(tokens, i - 1) {
            return None;
        }
        let name = self.name_at(g, tokens, text, i, false)?;
        let entry = name.entry?;
        if let Some(end) = self.region_after(tokens, name.end, true) {
            let entry = self.region_entry(tokens, text, i, name.end, Some(entry));
            return Some(mention(tokens, i, end, entry, true, "place.region"));
        }
        // A capitalized noun is part of a longer name: "the Donetsk People's Republic".
        let noun = g.nouns.longest_at(tokens, name.end)?;
        if noun.payload.kind != tally_lang::NounKind::Person || tokens[name.end].is_capitalized() {
            return None;
        }
        Some(mention(
            tokens,
            i,
            name.end,
            Some(entry),
            false,
            "place.modifier",
        ))
    }

    /// The region word after a name, and where it ends. Only a name the gazetteer knows may
    /// take a capitalized region word ("Kursk Oblast"): "the Islamic State" is no region.
    fn region_after(&self, tokens: &[Token<'_>], end: usize, known: bool) -> Option<usize> {
        let m = self.regions.longest_at(tokens, end)?;
        if !known && tokens[end].is_capitalized() {
            return None;
        }
        if continues(tokens, m.end) {
            return None;
        }
        Some(m.end)
    }

    /// The region a name with a region word means: the gazetteer's region of that name,
    /// else what the name means alone ("the Gaza Strip": Gaza).
    fn region_entry<'p>(
        &'p self,
        tokens: &[Token<'_>],
        text: &str,
        start: usize,
        end: usize,
        alone: Option<&'p PlaceEntry>,
    ) -> Option<&'p PlaceEntry> {
        let written = &text[tokens[start].start..tokens[end - 1].end];
        self.places.lookup_region(written).or(alone)
    }

    /// The longest name at token `start`: capitalized words, with particles and glued
    /// hyphens and apostrophes inside ("Deir al-Balah", "Kup'yans'k"), that the gazetteer
    /// knows. With `any`, the whole capitalized run is a name even when the gazetteer does
    /// not know it ("the village of Teri Mangal"). Months and weekdays are not names.
    fn name_at<'p>(
        &'p self,
        g: &Grammar,
        tokens: &[Token<'_>],
        text: &str,
        start: usize,
        any: bool,
    ) -> Option<Name<'p>> {
        let first = tokens.get(start)?;
        // A name starts capitalized, or with a particle glued to one: "el-Fasher".
        let particle_first = self.particles.matches_at(tokens, start)
            && tokens
                .get(start + 1)
                .is_some_and(|t| t.key == "-" && !t.space_before)
            && tokens
                .get(start + 2)
                .is_some_and(|t| t.is_capitalized() && !t.space_before);
        if !first.is_capitalized() && !particle_first {
            return None;
        }
        // "UK troops": an abbreviation, not the Siberian village of Uk.
        if first.text.len() <= MAX_ABBREVIATION_LEN
            && first.text.chars().all(|c| c.is_ascii_uppercase())
            && !tokens.get(start + 1).is_some_and(|t| t.is_capitalized())
        {
            return None;
        }
        // Word ends of the run: each is a possible end of the name.
        let mut ends = Vec::new();
        let mut k = start;
        while k < tokens.len() && k - start < MAX_NAME_TOKENS {
            let t = &tokens[k];
            let glued = !t.space_before && k > start;
            let ok = if t.is_capitalized() {
                true
            } else if t.kind == TokenKind::Punct && (t.key == "-" || t.key == "'") {
                glued
            } else if t.kind == TokenKind::Word {
                // "Kup'yans'k": a lowercase piece glued after an apostrophe.
                let after_apostrophe = glued && tokens[k - 1].key == "'";
                after_apostrophe || self.particles.matches_at(tokens, k)
            } else {
                false
            };
            if !ok {
                break;
            }
            if t.kind == TokenKind::Word && (t.is_capitalized() || !t.space_before) {
                ends.push(k + 1);
            }
            k += 1;
        }
        for &end in ends.iter().rev() {
            let written = &text[tokens[start].start..tokens[end - 1].end];
            if let Some(entry) = self.places.lookup(written) {
                if is_calendar_word(g, tokens, start, end) {
                    return None;
                }
                return Some(Name {
                    end,
                    entry: Some(entry),
                });
            }
        }
        if any {
            // The whole run, ending on a capitalized word.
            let end = *ends
                .iter()
                .rev()
                .find(|&&e| tokens[e - 1].is_capitalized())?;
            return Some(Name { end, entry: None });
        }
        None
    }
}

/// Where the word after a possessive "'s" starts, when `end` is one.
fn possessive_end(tokens: &[Token<'_>], end: usize) -> Option<usize> {
    let apostrophe = tokens.get(end)?;
    let s = tokens.get(end + 1)?;
    (apostrophe.key == "'" && !apostrophe.space_before && s.key == "s" && !s.space_before)
        .then_some(end + 2)
}

/// Whether tokens `start..end` are a month or weekday name ("in March", "on Monday").
fn is_calendar_word(g: &Grammar, tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    g.months
        .longest_at(tokens, start)
        .is_some_and(|m| m.end == end)
        || g.weekdays
            .longest_at(tokens, start)
            .is_some_and(|m| m.end == end)
}

/// Whether the name runs on at `end` into a longer one ("the Paris Agreement", "the Kyiv
/// Independent") or into a compound adjective ("its Moscow-backed east").
fn continues(tokens: &[Token<'_>], end: usize) -> bool {
    let Some(next) = tokens.get(end) else {
        return false;
    };
    let compound = next.key == "-"
        && !next.space_before
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokenKind::Word && !t.space_before);
    next.is_capitalized() || compound
}

fn mention<'p>(
    tokens: &[Token<'_>],
    first: usize,
    end: usize,
    entry: Option<&'p PlaceEntry>,
    region: bool,
    rule: &'static str,
) -> Mention<'p> {
    Mention {
        first,
        end,
        span: Span::new(tokens[first].start, tokens[end - 1].end),
        entry,
        region,
        rule,
    }
}

/// The mention a claim takes: the group of mentions nearest to its number (one after the
/// number counts half its distance: "killed 10 people in Kharkiv"), and in it the most
/// specific. Returns whether
/// the group had more than one mention.
fn choose<'m, 'p>(mentions: &'m [Mention<'p>], claim: &Claim) -> Option<(&'m Mention<'p>, bool)> {
    let number = claim.evidence.number;
    // A place in the source phrase ("officials in Kyiv said") is the claim's only when the
    // sentence has no other ("the Belgorod region governor said").
    let source = claim.evidence.source;
    let in_source = |m: &Mention| source.is_some_and(|s| s.overlaps(&m.span));
    let all_in_source = mentions.iter().all(in_source);
    let usable = |m: &&Mention| all_in_source || !in_source(m);
    let distance = |m: &Mention| -> usize {
        if m.span.end <= number.start {
            number.start - m.span.end
        } else if m.span.start >= number.end {
            (m.span.start - number.end) / 2
        } else {
            0
        }
    };
    let nearest = mentions.iter().filter(usable).min_by_key(|m| distance(m))?;
    // The group around the nearest: neighbours within a few tokens of each other.
    let idx = mentions
        .iter()
        .position(|m| std::ptr::eq(m, nearest))
        .unwrap_or(0);
    let mut lo = idx;
    while lo > 0 && mentions[lo].first.saturating_sub(mentions[lo - 1].end) <= GROUP_GAP_TOKENS {
        lo -= 1;
    }
    let mut hi = idx + 1;
    while hi < mentions.len()
        && mentions[hi].first.saturating_sub(mentions[hi - 1].end) <= GROUP_GAP_TOKENS
    {
        hi += 1;
    }
    let group = &mentions[lo..hi];
    let best = group
        .iter()
        .filter(usable)
        .max_by_key(|m| (m.specificity(), std::cmp::Reverse(distance(m))))?;
    Some((best, group.len() > 1 && !std::ptr::eq(best, nearest)))
}

fn place_of(m: &Mention<'_>, text: &str) -> Place {
    let written = text.get(m.span.start..m.span.end).unwrap_or_default();
    let mut place = Place {
        text: written.to_string(),
        ..Place::default()
    };
    if let Some(entry) = m.entry {
        place.name = Some(entry.name.to_string());
        place.country = Some(entry.country.to_string());
        place.region = entry.region.map(str::to_string);
        place.lat = entry.lat;
        place.lon = entry.lon;
    }
    place
}

/// The index of the latest claim of each kind, for one metric and actor.
type LatestByKind = Vec<(Kind, usize)>;

/// Gives the claims of a text that have no place of their own the place of the same
/// figure told elsewhere in the text (same metric, actor and bounds), then of the claim an
/// anaphor refers to (the one before it) or a fraction is a share of (the last count of its
/// `of` metric and actor).
pub fn story_places(claims: &mut [Claim]) {
    // The first placed claim of each figure, found once rather than sought for each claim.
    let figure_key = |c: &Claim| {
        // Bounds compare as numbers: -0 is 0, and a NaN bound is the same as no figure.
        let bits = |v: Option<f64>| v.map(|v| (v + 0.0).to_bits());
        let comparable =
            c.value.low.is_none_or(|v| !v.is_nan()) && c.value.high.is_none_or(|v| !v.is_nan());
        comparable.then(|| {
            (
                c.metric,
                c.actor.clone(),
                c.kind,
                bits(c.value.low),
                bits(c.value.high),
            )
        })
    };
    let mut first_placed: FxHashMap<_, usize> = FxHashMap::default();
    for (claim_idx, claim) in claims.iter().enumerate() {
        if claim.place.is_some() {
            if let Some(key) = figure_key(claim) {
                first_placed.entry(key).or_insert(claim_idx);
            }
        }
    }
    for claim_idx in 0..claims.len() {
        if claims[claim_idx].place.is_some() {
            continue;
        }
        let same = figure_key(&claims[claim_idx]).and_then(|key| first_placed.get(&key));
        if let Some(place) = same.and_then(|&other| claims[other].place.clone()) {
            claims[claim_idx].place = Some(place);
            claims[claim_idx]
                .rules
                .push("place.same_figure".to_string());
        }
    }
    // The latest claim of each metric, actor and kind so far, for the base of a share.
    let mut latest: FxHashMap<(Metric, Option<String>), LatestByKind> = FxHashMap::default();
    for claim_idx in 0..claims.len() {
        if claim_idx > 0 {
            let before = &claims[claim_idx - 1];
            let kinds = latest
                .entry((before.metric, before.actor.clone()))
                .or_default();
            match kinds.iter_mut().find(|(kind, _)| *kind == before.kind) {
                Some(entry) => entry.1 = claim_idx - 1,
                None => kinds.push((before.kind, claim_idx - 1)),
            }
        }
        if claim_idx == 0 || claims[claim_idx].place.is_some() {
            continue;
        }
        let claim = &claims[claim_idx];
        let is_anaphor = claim
            .rules
            .iter()
            .any(|r| r == "metric.anaphor" || r == "story.as_of_anaphor");
        // "approximately a third of the casualties": the casualties counted last.
        let base = claim.of.and_then(|of| {
            latest
                .get(&(of, claim.actor.clone()))?
                .iter()
                .filter(|(kind, _)| *kind != claim.kind)
                .map(|&(_, base_idx)| base_idx)
                .max()
                .map(|base_idx| &claims[base_idx])
        });
        let antecedent = if is_anaphor {
            Some(&claims[claim_idx - 1])
        } else {
            base
        };
        if let Some(place) = antecedent.and_then(|c| c.place.clone()) {
            claims[claim_idx].place = Some(place);
            claims[claim_idx].rules.push("place.anaphor".to_string());
        }
    }
}
