//! What earlier sentences of a document said: the sources named so far, for pronouns and
//! definite descriptions ("it", "the ministry"); the attribution of the sentence just
//! before the current one, for a continuing account; and the figures already attributed,
//! so that one figure repeated keeps one source.

use tally_core::Span;
use tally_lang::SourceKind;

use super::Attribution;

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

/// The attribution state of one document, carried from sentence to sentence. Start a new
/// one (`SourceMemory::default()`) for each document, and for a title kept apart.
#[derive(Debug, Clone, Default)]
pub struct SourceMemory {
    /// The end of the last sentence read.
    pub(super) scanned_to: usize,
    /// Sources named so far, in text order.
    pub(super) seen: Vec<Seen>,
    /// The attribution of the sentence before the current one, if it had a cue.
    pub(super) before_current: Option<Attribution>,
    /// The current sentence's start and its own attribution.
    pub(super) current: Option<(Span, Option<Attribution>)>,
    /// Figures attributed so far, by their digits.
    pub(super) figures: Vec<(String, Attribution)>,
    /// How many of `seen` precede the current sentence.
    pub(super) before_current_seen: usize,
    /// Statements of the sentences read between figures (a named source and its reporting
    /// verb), with their sentence, for the day each was made; taken by [`Self::take_statements`].
    pub(super) statements: Vec<(Span, Attribution)>,
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

    /// The source a pronoun of the given kind refers to: the latest of that kind, else
    /// ("they" for a ministry) the latest that is not a person, else none.
    pub(super) fn pronoun(&self, kind: SourceKind) -> Option<&Seen> {
        let latest = |k: SourceKind| self.seen.iter().rev().find(|s| s.kind == k);
        match kind {
            SourceKind::Person => latest(SourceKind::Person),
            SourceKind::Institution => {
                latest(SourceKind::Institution).or_else(|| latest(SourceKind::Group))
            }
            SourceKind::Group => self
                .seen
                .iter()
                .rev()
                .find(|s| s.kind != SourceKind::Person),
        }
    }

    /// The source a definite description refers to ("the ministry", "the officials", "the
    /// health ministry"): the latest whose words hold every word of the description, so that
    /// "the health ministry" is not an earlier defence ministry.
    pub(super) fn definite(&self, heads: &[String]) -> Option<&Seen> {
        if heads.is_empty() {
            return None;
        }
        self.seen.iter().rev().find(|s| {
            heads
                .iter()
                .all(|h| s.words.iter().any(|w| w == h || singular(w) == singular(h)))
        })
    }

    /// The latest source named.
    pub(super) fn latest(&self) -> Option<&Seen> {
        self.seen.last()
    }

    /// The latest body (not a person) whose name is `name` with words before it
    /// ("Ukrainian General Staff" for "General Staff").
    pub(super) fn fuller(&self, name: &str) -> Option<&Seen> {
        self.seen
            .iter()
            .rev()
            .filter(|s| s.kind != SourceKind::Person)
            .find(|s| {
                let cut = s.name.len().saturating_sub(name.len());
                cut > 1
                    && s.name.as_bytes()[cut - 1] == b' '
                    && s.name
                        .get(cut..)
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(name))
            })
    }

    /// The person whose full name ends with (or holds) the given surname.
    pub(super) fn person(&self, surname: &str) -> Option<&Seen> {
        self.seen.iter().rev().find(|s| {
            s.kind == SourceKind::Person
                && s.name.split_whitespace().count() > 1
                && s.name.split_whitespace().any(|w| w == surname)
        })
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
