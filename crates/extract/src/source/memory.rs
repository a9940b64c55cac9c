//! What earlier sentences of a document said: the sources named so far, for pronouns and
//! definite descriptions ("it", "the ministry"); the attribution of the sentence just
//! before the current one, for a continuing account; and the figures already attributed,
//! so that one figure repeated keeps one source.

use rustc_hash::FxHashMap as HashMap;

use tally_core::Span;
use tally_lang::SourceKind;

use super::Attribution;
use crate::work;

/// A source named in the document.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    /// Its canonical name.
    pub name: String,
    /// Institution, person or group.
    pub kind: SourceKind,
    /// The lowercase words that named it, its canonical name's and its cue's ("communique").
    pub words: Vec<String>,
}

impl Seen {
    /// A source by its canonical name, the lowercase words of the name added to `words`.
    pub(super) fn named(name: String, kind: SourceKind, mut words: Vec<String>) -> Seen {
        words.extend(name.to_lowercase().split_whitespace().map(str::to_string));
        Seen { name, kind, words }
    }
}

/// The attribution state of one document, carried from sentence to sentence. Start a new
/// one (`SourceMemory::default()`) for each document, and for a title kept apart.
#[derive(Debug, Clone, Default)]
pub struct SourceMemory {
    /// The end of the last sentence read.
    pub(super) scanned_to: usize,
    /// Sources named so far, in text order, with the indexes that find the latest of a kind,
    /// word, name or surname without reading them all again.
    seen: SeenSources,
    /// The attribution of the sentence before the current one, if it had a cue.
    pub(super) before_current: Option<Attribution>,
    /// The current sentence's start and its own attribution.
    pub(super) current: Option<(Span, Option<Attribution>)>,
    /// Figures attributed so far, by their digits: the latest attribution of each.
    pub(super) figures: HashMap<String, Attribution>,
    /// How many of the sources seen precede the current sentence.
    pub(super) before_current_seen: usize,
    /// Statements of the sentences read between figures (a named source and its reporting
    /// verb), with their sentence, for the day each was made; taken by [`Self::take_statements`].
    pub(super) statements: Vec<(Span, Attribution)>,
    /// The speaker of the document when it is a speech's transcript, once looked for.
    pub(super) speech: Option<Option<Attribution>>,
}

/// The sources named in a document and their indexes. Each index lists, in text order, the
/// positions in `all` of the sources it holds, so the latest is at its end: a look-up reads
/// from the end and stops at the first source the caller may see.
#[derive(Debug, Clone, Default)]
struct SeenSources {
    /// Every source named, in text order.
    all: Vec<Seen>,
    /// How many of `all` a look-up sees: the sources named before the figure's sentence
    /// while it is resolved, all of them otherwise.
    visible: Option<usize>,
    /// By kind: institutions, groups, persons.
    by_kind: [Vec<usize>; 3],
    /// By each word that named them, singular ("officials" under "official").
    by_word: HashMap<String, Vec<usize>>,
    /// Bodies (not persons) by each lowercase tail of their name that begins after a space
    /// ("general staff" and "staff" for "Ukrainian General Staff").
    by_name_tail: HashMap<String, Vec<usize>>,
    /// Persons named by more words than one, by each word of their name.
    by_name_word: HashMap<String, Vec<usize>>,
}

/// How many earlier sources of one index a look-up reads at most: far more than a news
/// story names, so that a book-length text cannot make each look-up read all of it.
const MEMORY_REACH: usize = 4096;

fn kind_idx(kind: SourceKind) -> usize {
    match kind {
        SourceKind::Institution => 0,
        SourceKind::Group => 1,
        SourceKind::Person => 2,
    }
}

/// Adds `seen_idx` to the list of `key`, once.
fn push_once(index: &mut HashMap<String, Vec<usize>>, key: &str, seen_idx: usize) {
    match index.get_mut(key) {
        Some(list) if list.last() == Some(&seen_idx) => {}
        Some(list) => list.push(seen_idx),
        None => {
            index.insert(key.to_string(), vec![seen_idx]);
        }
    }
}

impl SeenSources {
    fn push(&mut self, seen: Seen) {
        let seen_idx = self.all.len();
        self.by_kind[kind_idx(seen.kind)].push(seen_idx);
        for word in &seen.words {
            push_once(&mut self.by_word, singular(word), seen_idx);
        }
        if seen.kind == SourceKind::Person {
            if seen.name.split_whitespace().count() > 1 {
                for word in seen.name.split_whitespace() {
                    push_once(&mut self.by_name_word, word, seen_idx);
                }
            }
        } else {
            let bytes = seen.name.as_bytes();
            for cut in 2..=bytes.len() {
                if bytes[cut - 1] == b' ' {
                    if let Some(tail) = seen.name.get(cut..) {
                        push_once(&mut self.by_name_tail, &tail.to_ascii_lowercase(), seen_idx);
                    }
                }
            }
        }
        self.all.push(seen);
    }

    fn n_visible(&self) -> usize {
        self.visible
            .map_or(self.all.len(), |n| n.min(self.all.len()))
    }

    /// The latest visible source of `list` for which `accept` holds.
    fn latest_in(&self, list: &[usize], accept: impl Fn(&Seen) -> bool) -> Option<usize> {
        let n_visible = self.n_visible();
        let mut n_steps = 0;
        let found = list
            .iter()
            .rev()
            .skip_while(|&&seen_idx| seen_idx >= n_visible)
            .take(MEMORY_REACH)
            .inspect(|_| n_steps += 1)
            .find(|&&seen_idx| accept(&self.all[seen_idx]))
            .copied();
        work::add(n_steps);
        found
    }

    fn latest_of(&self, kind: SourceKind) -> Option<usize> {
        self.latest_in(&self.by_kind[kind_idx(kind)], |_| true)
    }
}

impl SourceMemory {
    /// The statements read since the last call, in text order: sentences without a figure
    /// whose source said something ("…, said US President Joe Biden on Friday").
    pub fn take_statements(&mut self) -> Vec<(Span, Attribution)> {
        std::mem::take(&mut self.statements)
    }

    /// Notes a source named in the text.
    pub(super) fn note(&mut self, seen: Seen) {
        self.seen.push(seen);
    }

    /// How many sources have been named so far.
    pub(super) fn n_seen(&self) -> usize {
        self.seen.all.len()
    }

    /// Look-ups see only the first `n_seen` sources (those named before the figure's own
    /// sentence), or all of them again with `None`.
    pub(super) fn see_only(&mut self, n_seen: Option<usize>) {
        self.seen.visible = n_seen;
    }

    /// The source a pronoun of the given kind refers to: the latest of that kind, else
    /// ("they" for a ministry) the latest that is not a person, else none.
    pub(super) fn pronoun(&self, kind: SourceKind) -> Option<&Seen> {
        let seen = &self.seen;
        let found = match kind {
            SourceKind::Person => seen.latest_of(SourceKind::Person),
            SourceKind::Institution => seen
                .latest_of(SourceKind::Institution)
                .or_else(|| seen.latest_of(SourceKind::Group)),
            SourceKind::Group => seen
                .latest_of(SourceKind::Institution)
                .max(seen.latest_of(SourceKind::Group)),
        };
        found.map(|seen_idx| &seen.all[seen_idx])
    }

    /// The source a definite description refers to ("the ministry", "the officials", "the
    /// health ministry"): the latest whose words hold every word of the description, so that
    /// "the health ministry" is not an earlier defence ministry.
    pub(super) fn definite(&self, heads: &[String]) -> Option<&Seen> {
        // A source holding every word is in the list of each: read the shortest.
        let mut shortest: &[usize] = &[];
        for (head_idx, head) in heads.iter().enumerate() {
            let list = self
                .seen
                .by_word
                .get(singular(head))
                .map_or(&[][..], Vec::as_slice);
            if head_idx == 0 || list.len() < shortest.len() {
                shortest = list;
            }
        }
        let found = self.seen.latest_in(shortest, |s| {
            heads
                .iter()
                .all(|h| s.words.iter().any(|w| w == h || singular(w) == singular(h)))
        });
        found.map(|seen_idx| &self.seen.all[seen_idx])
    }

    /// The latest source named.
    pub(super) fn latest(&self) -> Option<&Seen> {
        self.seen
            .n_visible()
            .checked_sub(1)
            .map(|seen_idx| &self.seen.all[seen_idx])
    }

    /// The latest body (not a person) whose name is `name` with words before it
    /// ("Ukrainian General Staff" for "General Staff").
    pub(super) fn fuller(&self, name: &str) -> Option<&Seen> {
        let list = self.seen.by_name_tail.get(&name.to_ascii_lowercase())?;
        let found = self.seen.latest_in(list, |_| true);
        found.map(|seen_idx| &self.seen.all[seen_idx])
    }

    /// The person whose full name ends with (or holds) the given surname.
    pub(super) fn person(&self, surname: &str) -> Option<&Seen> {
        let list = self.seen.by_name_word.get(surname)?;
        let found = self.seen.latest_in(list, |_| true);
        found.map(|seen_idx| &self.seen.all[seen_idx])
    }
}

/// "officials" → "official", for matching a description against earlier words.
fn singular(word: &str) -> &str {
    word.strip_suffix('s')
        .filter(|w| w.len() > 2)
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(name: &str, kind: SourceKind) -> Seen {
        Seen {
            name: name.to_string(),
            kind,
            words: name.to_lowercase().split(' ').map(str::to_string).collect(),
        }
    }

    #[test]
    fn pronouns_and_descriptions_find_the_latest_match() {
        let mut m = SourceMemory::default();
        m.note(seen("UK Ministry of Defence", SourceKind::Institution));
        m.note(seen("Jane Doe", SourceKind::Person));
        assert_eq!(
            m.pronoun(SourceKind::Institution).unwrap().name,
            "UK Ministry of Defence"
        );
        assert_eq!(m.pronoun(SourceKind::Person).unwrap().name, "Jane Doe");
        assert_eq!(
            m.definite(&["ministry".to_string()]).unwrap().name,
            "UK Ministry of Defence"
        );
        assert!(m.definite(&["agency".to_string()]).is_none());
        assert!(m
            .definite(&["health".to_string(), "ministry".to_string()])
            .is_none());
        assert_eq!(m.person("Doe").unwrap().name, "Jane Doe");
    }
}
