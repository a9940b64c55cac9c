//! The pre-filter's search: the places where a trigger word is a word of the text.
//!
//! Trigger words are the longest words of the phrases that can make a sentence hold a claim
//! (counted nouns, metric cues, the people of an actor). Phrases match token by token, so a
//! phrase's longest word is a whole word of any sentence the phrase is in: when every
//! trigger word is ASCII letters and digits, as in English, a hit is a whole word, a run
//! of ASCII letters and digits that is a trigger word in any case ("killed", not "skilled"
//! nor "killedx"; "man", not "many"). The search goes from word start to word start and
//! looks a word up only when its first three or four letters may start a trigger word.
//! Other trigger words are searched with Aho-Corasick, where a hit may start or end inside
//! a word (callers keep the hits at word starts): more sentences are read, none is missed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::ascii::alnum_bits16;

/// How many values a byte of a trigger word takes in [`prefix_index`]: the ten digits and
/// twenty-six letters, in any case.
const ALNUM: usize = 36;

/// The trigger words compiled for searching.
#[derive(Debug, Clone)]
pub enum Triggers {
    /// ASCII trigger words, by their first three bytes.
    Ascii(AsciiTriggers),
    /// Any other trigger words.
    AhoCorasick(AhoCorasick),
}

/// ASCII trigger words, each at least three bytes long, lowercase, found as whole words.
#[derive(Debug, Clone)]
pub struct AsciiTriggers {
    /// One bit per trigger word of three bytes, at its [`prefix_index`].
    three: Vec<u64>,
    /// A filter on the first four bytes of the longer words: one bit per
    /// [`filter_bit`] of their [`prefix_index`].
    four: Vec<u64>,
    /// The longer words by the [`prefix_index`] of their first four bytes.
    longer: FxHashMap<usize, Vec<Box<[u8]>>>,
}

/// The table of [`alnum_index`]: the digit or letter each byte is, or [`NOT_ALNUM`].
const ALNUM_TABLE: [u8; 256] = {
    let mut table = [NOT_ALNUM; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            b'A'..=b'Z' => c - b'A' + 10,
            _ => NOT_ALNUM,
        };
        b += 1;
    }
    table
};

/// What [`ALNUM_TABLE`] gives a byte that is neither an ASCII digit nor a letter.
const NOT_ALNUM: u8 = u8::MAX;

/// The digit or letter a byte is, as `0..36`, or `None`.
#[inline(always)]
fn alnum_index(b: u8) -> Option<usize> {
    let k = ALNUM_TABLE[usize::from(b)];
    (k != NOT_ALNUM).then_some(usize::from(k))
}

/// The index of the first bytes of a word of ASCII digits and letters, in any case.
#[inline(always)]
fn prefix_index(word: &[u8]) -> usize {
    word.iter().fold(0, |k, &b| {
        k * ALNUM + usize::from(ALNUM_TABLE[usize::from(b)])
    })
}

/// The size of [`AsciiTriggers::four`], in bits, as a power of two.
const FOUR_BITS_LOG2: u32 = 14;

/// The bit of [`AsciiTriggers::four`] for the index of four bytes.
#[inline(always)]
fn filter_bit(index: usize) -> usize {
    // Fibonacci hashing: the top bits of the product.
    ((index as u32).wrapping_mul(0x9e37_79b1) >> (32 - FOUR_BITS_LOG2)) as usize
}

fn set_bit(bits: &mut [u64], k: usize) {
    bits[k / 64] |= 1 << (k % 64);
}

#[inline(always)]
fn has_bit(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

/// The bytes [`AsciiTriggers::next_hit`] reads at once: one bit each in a `u64`.
const BLOCK: usize = 64;

/// A bit per ASCII letter or digit of the 64 bytes of `text` from `pos`, bit `k` for byte
/// `pos + k`; past the end of `text`, none.
#[inline(always)]
fn block_bits(text: &[u8], pos: usize) -> u64 {
    let mut padded = [0u8; BLOCK];
    let block: &[u8] = match text.get(pos..pos + BLOCK) {
        Some(block) => block,
        None => {
            let tail = &text[pos..];
            padded[..tail.len()].copy_from_slice(tail);
            &padded
        }
    };
    block
        .chunks_exact(16)
        .enumerate()
        .fold(0, |bits, (k, chunk)| {
            let chunk: [u8; 16] = chunk.try_into().expect("chunks of sixteen bytes");
            bits | u64::from(alnum_bits16(chunk)) << (16 * k)
        })
}

impl Triggers {
    /// Compiles the trigger words (lowercase).
    ///
    /// # Panics
    ///
    /// Panics if Aho-Corasick cannot be built for words that are not ASCII, which plain
    /// strings few enough for a DFA rule out.
    pub fn new(words: &[String]) -> Triggers {
        let ascii = words
            .iter()
            .all(|w| w.len() >= 3 && w.bytes().all(|b| alnum_index(b).is_some()));
        if ascii {
            let mut triggers = AsciiTriggers {
                three: vec![0; (ALNUM * ALNUM * ALNUM).div_ceil(64)],
                four: vec![0; 1 << (FOUR_BITS_LOG2 - 6)],
                longer: FxHashMap::default(),
            };
            for w in words {
                let w = w.as_bytes();
                if w.len() == 3 {
                    set_bit(&mut triggers.three, prefix_index(w));
                } else {
                    let k = prefix_index(&w[..4]);
                    set_bit(&mut triggers.four, filter_bit(k));
                    triggers
                        .longer
                        .entry(k)
                        .or_default()
                        .push(w.to_ascii_lowercase().into_boxed_slice());
                }
            }
            return Triggers::Ascii(triggers);
        }
        Triggers::AhoCorasick(
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                // A full DFA: one table lookup per byte, the fastest search for many patterns.
                .kind(Some(AhoCorasickKind::DFA))
                .build(words)
                .expect("trigger words are plain strings and few enough to build"),
        )
    }

    /// Whether every hit is one whole word (of ASCII letters and digits), as with ASCII
    /// trigger words; Aho-Corasick hits may start, end or run across words.
    pub fn within_words(&self) -> bool {
        matches!(self, Triggers::Ascii(_))
    }

    /// The first hit in `text` at or after byte `from`, as a byte range `(start, end)`:
    /// with ASCII trigger words a whole word, with Aho-Corasick any place a trigger word
    /// starts (callers keep those at word starts). Searching again from the end of each
    /// hit finds them all, in text order.
    #[inline]
    pub fn next_hit(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        match self {
            Triggers::Ascii(t) => t.next_hit(text.as_bytes(), from),
            Triggers::AhoCorasick(ac) => ac
                .find(aho_corasick::Input::new(text).range(from..))
                .map(|m| (m.start(), m.end())),
        }
    }
}

impl AsciiTriggers {
    /// The first word of `text` at or after byte `from` that is a trigger word (from
    /// inside a word, its rest is taken for a word). Blocks of 64 bytes are read sixteen
    /// bytes at a time into a bit per letter or digit; word starts are the bits whose byte
    /// before is no letter or digit.
    #[inline]
    fn next_hit(&self, text: &[u8], from: usize) -> Option<(usize, usize)> {
        let mut pos = from.min(text.len());
        // The byte at `from` starts a word if it is a letter or digit, whatever precedes it.
        let mut carry = 0;
        while pos < text.len() {
            let bits = block_bits(text, pos);
            let mut starts = bits & !((bits << 1) | carry);
            while starts != 0 {
                let k = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let start = pos + k;
                let rest = !bits >> k;
                let len = if rest != 0 {
                    rest.trailing_zeros() as usize
                } else {
                    // The word goes on past the block.
                    let after = pos + BLOCK;
                    BLOCK - k
                        + text[after..]
                            .iter()
                            .position(|&b| alnum_index(b).is_none())
                            .unwrap_or(text.len() - after)
                };
                if self.is_trigger(&text[start..start + len]) {
                    return Some((start, start + len));
                }
            }
            carry = bits >> (BLOCK - 1);
            pos += BLOCK;
        }
        None
    }

    /// Whether `word` (a whole word of ASCII letters and digits) is a trigger word.
    #[inline(always)]
    fn is_trigger(&self, word: &[u8]) -> bool {
        if word.len() < 3 {
            return false;
        }
        let three = prefix_index(&word[..3]);
        if word.len() == 3 {
            return has_bit(&self.three, three);
        }
        let k = three * ALNUM + usize::from(ALNUM_TABLE[usize::from(word[3])]);
        has_bit(&self.four, filter_bit(k))
            && self
                .longer
                .get(&k)
                .is_some_and(|words| words.iter().any(|w| word.eq_ignore_ascii_case(w)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(triggers: &Triggers, text: &str) -> Vec<(usize, usize)> {
        let mut all = Vec::new();
        let mut from = 0;
        while let Some((start, end)) = triggers.next_hit(text, from) {
            all.push((start, end));
            from = end;
        }
        all.into_iter()
            .filter(|&(start, _)| start == 0 || !text.as_bytes()[start - 1].is_ascii_alphanumeric())
            .collect()
    }

    #[test]
    fn hits_only_at_word_starts_in_any_case() {
        let words = ["killed".to_string(), "soldier".to_string()];
        let ascii = Triggers::new(&words);
        assert!(matches!(ascii, Triggers::Ascii(_)));
        let text = "Skilled SOLDIERS were killed; 5soldier, é-killed, Soldier's";
        // Whole words only: not "SOLDIERS", "Skilled" nor "5soldier".
        assert_eq!(hits(&ascii, text), [(22, 28), (43, 49), (51, 58)]);
        // Aho-Corasick, kept at word starts, finds these and the longer words they start.
        let ac = Triggers::AhoCorasick(
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build(&words)
                .unwrap(),
        );
        assert_eq!(hits(&ac, text), [(8, 15), (22, 28), (43, 49), (51, 58)]);
        assert!(matches!(
            Triggers::new(&["tué".to_string()]),
            Triggers::AhoCorasick(_)
        ));
    }

    #[test]
    fn blocks_find_the_words_a_byte_loop_finds() {
        let words = [
            "killed".to_string(),
            "dead".to_string(),
            "soldier".to_string(),
        ];
        let Triggers::Ascii(ascii) = Triggers::new(&words) else {
            panic!("ASCII trigger words");
        };
        // Words across block ends, at the text's end, after bytes that are not ASCII.
        let mut text = String::new();
        for n in 0..300 {
            text.push_str(
                [
                    "killed ",
                    "xkilled ",
                    "dé",
                    "soldiers",
                    "-dead",
                    " a",
                    "\u{e9}dead ",
                ][n % 7],
            );
            text.push_str(&"z".repeat(n % 11));
        }
        text.push_str("killed");
        let bytes = text.as_bytes();
        let mut expected = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let Some(start) = bytes[at..].iter().position(|&b| alnum_index(b).is_some()) else {
                break;
            };
            let start = at + start;
            let len = bytes[start..]
                .iter()
                .position(|&b| alnum_index(b).is_none())
                .unwrap_or(bytes.len() - start);
            if ascii.is_trigger(&bytes[start..start + len]) {
                expected.push((start, start + len));
            }
            at = start + len;
        }
        let mut found = Vec::new();
        let mut from = 0;
        while let Some((start, end)) = ascii.next_hit(bytes, from) {
            found.push((start, end));
            from = end;
        }
        assert!(expected.len() > 40, "{} hits", expected.len());
        assert_eq!(found, expected);
        // From inside a word, the rest of it is taken for a word, as before.
        assert_eq!(ascii.next_hit(b"xkilled", 1), Some((1, 7)));
        assert_eq!(ascii.next_hit(b"killedx killed", 0), Some((8, 14)));
        assert_eq!(ascii.next_hit(b"soldiers soldier", 0), Some((9, 16)));
    }
}
