//! Matches phrases of the language data against token sequences.
//!
//! Sets look tokens up by the hash each token carries ([`Token::hash`]), computed once
//! when the sentence is tokenized: a filter bit of that hash turns most tokens away, and
//! the others are found in a hash table without hashing their key again.

use hashbrown::HashTable;

use crate::token::{key_hash, tokenize, Token};

/// A set of phrases, each with a payload, matched token by token. A phrase written with
/// capitals matches only as written ("US", "IDF"); the others match in any case.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    /// The phrases by their first key.
    by_first: HashTable<FirstKey<T>>,
    /// A filter on the first keys: most tokens start no phrase, and are turned away
    /// by one bit.
    filter: KeyFilter,
    /// The same on the last keys, for [`PhraseSet::ending_at`].
    last: KeyFilter,
}

/// The phrases that start with one key, longest first.
#[derive(Debug, Clone)]
struct FirstKey<T> {
    key: Box<str>,
    hash: u32,
    entries: Vec<Entry<T>>,
}

/// A filter on keys (a bit per [`filter_bit`] of a key's hash), such as the first keys of
/// phrases: a key it turns away is not one of them; one it lets through may be.
#[derive(Debug, Clone, Default)]
pub struct KeyFilter([u64; FILTER_WORDS]);

impl KeyFilter {
    /// Lets the key whose [`key_hash`] is `hash` through.
    pub fn insert(&mut self, hash: u32) {
        let bit = filter_bit(hash);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether the key whose [`key_hash`] is `hash` may be one let through.
    #[inline]
    pub fn may_hold(&self, hash: u32) -> bool {
        let bit = filter_bit(hash);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Lets through, as well, what `other` lets through.
    pub fn add(&mut self, other: &KeyFilter) {
        for (word, other) in self.0.iter_mut().zip(other.0) {
            *word |= other;
        }
    }
}

/// Single keys with a value each, behind a [`KeyFilter`]: a key the filter turns
/// away is not looked up.
#[derive(Debug, Clone)]
pub struct KeyMap<V> {
    filter: KeyFilter,
    keys: HashTable<(Box<str>, u32, V)>,
}

/// Single keys: a [`KeyMap`] without values.
pub type KeySet = KeyMap<()>;

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            filter: KeyFilter::default(),
            keys: HashTable::new(),
        }
    }
}

impl<V> KeyMap<V> {
    /// The value of the key of `token`.
    #[inline]
    pub fn get(&self, token: &Token<'_>) -> Option<&V> {
        if !self.filter.may_hold(token.hash) {
            return None;
        }
        self.find(token.key, token.hash)
    }

    /// Whether the map holds the key of `token`.
    #[inline]
    pub fn contains_token(&self, token: &Token<'_>) -> bool {
        self.get(token).is_some()
    }

    /// Whether the map holds the key whose bytes are `key`; bytes that are not UTF-8 are
    /// no key. The filter is asked before the bytes are checked.
    #[inline]
    pub fn contains_bytes(&self, key: &[u8]) -> bool {
        let hash = key_hash(key);
        self.filter.may_hold(hash)
            && std::str::from_utf8(key).is_ok_and(|k| self.find(k, hash).is_some())
    }

    fn find(&self, key: &str, hash: u32) -> Option<&V> {
        self.keys
            .find(table_hash(hash), |(k, _, _)| **k == *key)
            .map(|(_, _, value)| value)
    }

    /// Puts `key` in with `value`, unless it is in already.
    fn insert(&mut self, key: &str, value: V) {
        let hash = key_hash(key.as_bytes());
        self.filter.insert(hash);
        if self.find(key, hash).is_none() {
            self.keys
                .insert_unique(table_hash(hash), (key.into(), hash, value), |(_, h, _)| {
                    table_hash(*h)
                });
        }
    }
}

impl<'a, V> FromIterator<(&'a str, V)> for KeyMap<V> {
    fn from_iter<I: IntoIterator<Item = (&'a str, V)>>(pairs: I) -> KeyMap<V> {
        let mut map = KeyMap::default();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

impl<'a> FromIterator<&'a str> for KeySet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(keys: I) -> KeySet {
        keys.into_iter().map(|key| (key, ())).collect()
    }
}

/// The size of a phrase set's filter, in 64-bit words.
const FILTER_WORDS: usize = 1 << (FILTER_BITS_LOG2 - 6);
const FILTER_BITS_LOG2: u32 = 11;

/// The bit of the filter a key sets: the top bits of its hash.
#[inline(always)]
fn filter_bit(hash: u32) -> usize {
    (hash >> (32 - FILTER_BITS_LOG2)) as usize
}

/// The hash a [`HashTable`] takes for a key's 32-bit hash: its top seven bits pick the
/// control byte and its low bits the bucket, so the hash fills both halves.
#[inline(always)]
fn table_hash(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

#[derive(Debug, Clone)]
struct Entry<T> {
    keys: Vec<String>,
    /// The [`key_hash`] of each key's lowercase form, as tokens carry it: compared before
    /// the keys, so that a phrase that does not match costs no string comparison.
    hashes: Vec<u32>,
    case_sensitive: bool,
    payload: T,
}

/// A match: where it starts, how many tokens it covers, and its payload.
#[derive(Debug, Clone, Copy)]
pub struct Match<'p, T> {
    /// The index of its first token.
    pub start: usize,
    /// One past the index of its last token.
    pub end: usize,
    /// The payload of the phrase.
    pub payload: &'p T,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_first: HashTable::new(),
            filter: KeyFilter::default(),
            last: KeyFilter::default(),
        }
    }
}

impl<T: Clone> PhraseSet<T> {
    /// A set of the given phrases, each with its payload.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, T)>) -> PhraseSet<T> {
        let mut set = PhraseSet::default();
        for (phrase, payload) in phrases {
            set.insert(phrase, payload);
        }
        set
    }

    /// Adds one phrase.
    pub fn insert(&mut self, phrase: &str, payload: T) {
        let lower = phrase.to_ascii_lowercase();
        let tokens = tokenize(phrase, &lower, 0);
        let Some(first) = tokens.first() else { return };
        let case_sensitive = phrase.chars().any(char::is_uppercase);
        let keys = tokens
            .iter()
            .map(|t| {
                if case_sensitive {
                    t.text.to_string()
                } else {
                    t.key.to_string()
                }
            })
            .collect();
        self.filter.insert(first.hash);
        if let Some(last) = tokens.last() {
            self.last.insert(last.hash);
        }
        let hash = table_hash(first.hash);
        let list = match self.by_first.find_mut(hash, |f| *f.key == *first.key) {
            Some(found) => &mut found.entries,
            None => {
                let new = FirstKey {
                    key: first.key.into(),
                    hash: first.hash,
                    entries: Vec::new(),
                };
                &mut self
                    .by_first
                    .insert_unique(hash, new, |f| table_hash(f.hash))
                    .into_mut()
                    .entries
            }
        };
        list.push(Entry {
            keys,
            hashes: tokens.iter().map(|t| t.hash).collect(),
            case_sensitive,
            payload,
        });
        // Longest first, so the first match found is the longest.
        list.sort_by_key(|entry| std::cmp::Reverse(entry.keys.len()));
    }
}

impl<T> PhraseSet<T> {
    /// The longest phrase that starts at token `start`.
    #[inline]
    pub fn longest_at<'p>(&'p self, tokens: &[Token<'_>], start: usize) -> Option<Match<'p, T>> {
        self.all_at(tokens, start).next()
    }

    /// Every phrase that starts at token `start`, longest first.
    #[inline]
    pub fn all_at<'p, 't>(
        &'p self,
        tokens: &'t [Token<'t>],
        start: usize,
    ) -> impl Iterator<Item = Match<'p, T>> + 't
    where
        'p: 't,
    {
        // The filter is read where the set is used; most tokens stop there.
        let list = match tokens.get(start) {
            Some(t) if self.filter.may_hold(t.hash) => self.starting_with(t.key, t.hash),
            _ => &[],
        };
        list.iter().filter_map(move |entry| {
            let end = start + entry.keys.len();
            let window = tokens.get(start..end)?;
            let hit = window.iter().zip(&entry.hashes).all(|(t, h)| t.hash == *h)
                && window.iter().zip(&entry.keys).all(|(token, key)| {
                    if entry.case_sensitive {
                        token.text == key
                    } else {
                        token.key == key
                    }
                });
            hit.then_some(Match {
                start,
                end,
                payload: &entry.payload,
            })
        })
    }

    /// The phrases whose first key is `key`, longest first.
    #[inline(never)]
    fn starting_with(&self, key: &str, hash: u32) -> &[Entry<T>] {
        self.by_first
            .find(table_hash(hash), |f| *f.key == *key)
            .map_or(&[], |f| f.entries.as_slice())
    }

    /// Whether any phrase starts at token `start`.
    #[inline]
    pub fn matches_at(&self, tokens: &[Token<'_>], start: usize) -> bool {
        self.longest_at(tokens, start).is_some()
    }

    /// The longest phrase that ends exactly at token index `end` (exclusive), looking at
    /// most `max_len` tokens back.
    pub fn ending_at<'p>(
        &'p self,
        tokens: &[Token<'_>],
        end: usize,
        max_len: usize,
    ) -> Option<Match<'p, T>> {
        // Most tokens end no phrase.
        if !tokens
            .get(end.wrapping_sub(1))
            .is_some_and(|t| self.last.may_hold(t.hash))
        {
            return None;
        }
        (1..=max_len.min(end))
            .rev()
            .find_map(|len| self.all_at(tokens, end - len).find(|m| m.end == end))
    }

    /// The filter on the first keys of the phrases.
    pub fn first_keys_filter(&self) -> &KeyFilter {
        &self.filter
    }

    /// The keys of the first tokens of every phrase.
    pub fn first_keys(&self) -> impl Iterator<Item = &str> {
        self.by_first.iter().map(|f| &*f.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins_and_case_is_respected() {
        let set = PhraseSet::new([("killed", 1), ("killed or injured", 2), ("US", 3)]);
        let s = "Killed or injured, us and US";
        let lower = s.to_ascii_lowercase();
        let tokens = tokenize(s, &lower, 0);
        let m = set.longest_at(&tokens, 0).unwrap();
        assert_eq!((m.end, *m.payload), (3, 2));
        assert!(set.longest_at(&tokens, 4).is_none());
        assert_eq!(*set.longest_at(&tokens, 6).unwrap().payload, 3);
        assert_eq!(*set.ending_at(&tokens, 3, 4).unwrap().payload, 2);
        assert_eq!(*set.ending_at(&tokens, 1, 4).unwrap().payload, 1);
    }
}
