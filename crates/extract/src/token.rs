//! Cuts a sentence into tokens with byte spans.
//!
//! A token is a word (letters, then letters or digits), a run of digits with its
//! separators ("5,000", "1.5", "62 400"), or one punctuation character. Words carry an
//! ASCII-lowercased key; typographic apostrophes and dashes get one key each, so the
//! language data can be written with plain "'" and "-". Hyphens are tokens of their own:
//! "one-third" is `one`, `-`, `third`.

use std::hash::Hasher;

use crate::ascii::alnum_bits16;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, then letters or digits.
    Word,
    /// Digits with thousands separators or a decimal point.
    Digits,
    /// One punctuation or symbol character.
    Punct,
}

/// One token. Offsets are bytes in the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'s> {
    /// First byte in the document.
    pub start: usize,
    /// One past the last byte in the document.
    pub end: usize,
    /// The text as written.
    pub text: &'s str,
    /// The key used for matching: lowercase for words, normalized for punctuation.
    pub key: &'s str,
    /// Word, digits or punctuation.
    pub kind: TokenKind,
    /// Whether whitespace precedes the token.
    pub space_before: bool,
    /// The [`key_hash`] of its key, which phrase and key sets look it up by: a token is
    /// hashed once, however many sets ask for it.
    pub hash: u32,
}

impl Token<'_> {
    /// Whether the token is a word starting with an uppercase letter.
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The hash of a token key that phrase and key sets use ([`Token::hash`]): well mixed in
/// all 32 bits.
#[inline]
pub fn key_hash(key: &[u8]) -> u32 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(key);
    // FxHasher's best bits are the top ones of its product, which `finish` rotates down.
    (hasher.finish().rotate_right(26) >> 32) as u32
}

/// Whether `c` separates digit groups in "62 400" (spaces of any width).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The normalized key of a punctuation character.
fn punct_key(c: char) -> Option<&'static str> {
    Some(match c {
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{2032}' => "'",
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => "\"",
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => "-",
        '\u{2014}' | '\u{2015}' => "\u{2014}",
        _ => return None,
    })
}

/// Cuts `sentence` (which starts at byte `offset` of the document) into tokens.
/// `lower` must be `sentence.to_ascii_lowercase()`; keys borrow from it.
pub fn tokenize<'s>(sentence: &'s str, lower: &'s str, offset: usize) -> Vec<Token<'s>> {
    let mut tokens = Vec::new();
    tokenize_into(sentence, lower, offset, &mut tokens);
    tokens
}

/// Like [`tokenize`], into `tokens`, which is emptied first: a vector kept from one
/// sentence to the next (see [`recycle`]) is not allocated again.
pub fn tokenize_into<'s>(
    sentence: &'s str,
    lower: &'s str,
    offset: usize,
    tokens: &mut Vec<Token<'s>>,
) {
    debug_assert_eq!(sentence.len(), lower.len());
    let bytes = sentence.as_bytes();
    tokens.clear();
    tokens.reserve(sentence.len() / 5 + 1);
    let mut space_before = true;
    let mut i = 0;
    // Bytes are walked one by one and told apart by one table; a character is decoded only
    // where one is not ASCII.
    while let Some(&b) = bytes.get(i) {
        let (end, kind, key) = match BYTE_CLASS[usize::from(b)] {
            Class::Space => {
                space_before = true;
                i += 1;
                continue;
            }
            Class::Letter => {
                let end = word_end(sentence, i + 1);
                (end, TokenKind::Word, &lower[i..end])
            }
            Class::Digit => {
                let end = digits_end(sentence, i);
                (end, TokenKind::Digits, &lower[i..end])
            }
            Class::Punct => {
                let key = punct_key(char::from(b)).unwrap_or(&sentence[i..i + 1]);
                (i + 1, TokenKind::Punct, key)
            }
            Class::NotAscii => {
                let (c, len) = char_at(sentence, i);
                if c.is_whitespace() {
                    space_before = true;
                    i += len;
                    continue;
                }
                if c.is_alphabetic() {
                    let end = word_end(sentence, i + len);
                    (end, TokenKind::Word, &lower[i..end])
                } else {
                    let key = punct_key(c).unwrap_or(&sentence[i..i + len]);
                    (i + len, TokenKind::Punct, key)
                }
            }
        };
        tokens.push(Token {
            start: offset + i,
            end: offset + end,
            text: &sentence[i..end],
            key,
            kind,
            space_before,
            hash: key_hash(key.as_bytes()),
        });
        space_before = false;
        i = end;
    }
}

/// An empty vector of tokens with the room of `tokens`, for the tokens of another text:
/// the standard library collects a mapped `Vec` of a type of the same size in place.
pub fn recycle<'b>(mut tokens: Vec<Token<'_>>) -> Vec<Token<'b>> {
    tokens.clear();
    tokens
        .into_iter()
        .map(|t| Token {
            start: t.start,
            end: t.end,
            text: "",
            key: "",
            kind: t.kind,
            space_before: t.space_before,
            hash: t.hash,
        })
        .collect()
}

/// What a byte starts, to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII whitespace, as `char::is_whitespace` has it.
    Space,
    /// An ASCII letter: a word.
    Letter,
    /// An ASCII digit: digits.
    Digit,
    /// Any other ASCII byte: one punctuation token.
    Punct,
    /// The first byte of a character that is not ASCII (decoded to tell).
    NotAscii,
}

/// The [`Class`] of each byte.
const BYTE_CLASS: [Class; 256] = {
    let mut table = [Class::NotAscii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            _ => Class::Punct,
        };
        b += 1;
    }
    table
};

/// The character at byte `i` (a character boundary) of `s`, and its length in bytes.
#[inline(always)]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (char::from(b), 1)
    } else {
        let c = s[i..]
            .chars()
            .next()
            .expect("the tokenizer stops only on character boundaries");
        (c, c.len_utf8())
    }
}

/// The end of a word whose letters go on at byte `from`: letters or digits. ASCII
/// letters and digits are skipped sixteen bytes at a time.
#[inline(always)]
fn word_end(s: &str, from: usize) -> usize {
    let bytes = s.as_bytes();
    let mut end = from;
    loop {
        if let Some(sixteen) = bytes.get(end..end + 16) {
            let sixteen: [u8; 16] = sixteen.try_into().expect("sixteen bytes");
            let n = alnum_bits16(sixteen).trailing_ones() as usize;
            end += n;
            if n == 16 {
                continue;
            }
        }
        match bytes.get(end) {
            None => return end,
            Some(b) if b.is_ascii_alphanumeric() => end += 1,
            Some(b) if b.is_ascii() => return end,
            Some(_) => {
                let (d, len) = char_at(s, end);
                if !d.is_alphanumeric() {
                    return end;
                }
                end += len;
            }
        }
    }
}

/// The end of the digits token starting at `start`: digits, then groups of three after a
/// comma or a space, or a decimal part after a point.
fn digits_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let run = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut end = start + run(start);
    let first_group = end - start;
    let mut grouped = false;
    while let Some(sep) = s.get(end..).and_then(|rest| rest.chars().next()) {
        let sep_len = sep.len_utf8();
        let after = end + sep_len;
        let n = if after <= bytes.len() { run(after) } else { 0 };
        let next_is_digit_free = bytes.get(after + n).is_none_or(|b| !b.is_ascii_digit());
        match sep {
            ',' if n == 3 && next_is_digit_free && (grouped || first_group <= 3) => {
                grouped = true;
                end = after + n;
            }
            c if is_group_space(c)
                && n == 3
                && next_is_digit_free
                && (grouped || first_group <= 3) =>
            {
                grouped = true;
                end = after + n;
            }
            '.' if n > 0 => {
                end = after + n;
                break;
            }
            _ => break,
        }
    }
    end
}

/// The value of a token of four digits that may be a year ("2024"); callers say which
/// years they take.
pub fn four_digits(text: &str) -> Option<u16> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// The numeric value of a digits token ("5,000" → 5000, "62 400" → 62400, "1.5" → 1.5).
pub fn digits_value(text: &str) -> Option<f64> {
    // Most tokens are whole numbers of a few digits: summed as an integer, which is exact
    // below 2^53 as the parse below is.
    let mut whole: u64 = 0;
    let mut n_digits = 0;
    let mut point = false;
    for &b in text.as_bytes() {
        if b.is_ascii_digit() {
            whole = whole * 10 + u64::from(b - b'0');
            n_digits += 1;
        } else if b == b'.' {
            point = true;
        }
        if point || n_digits > 15 {
            break;
        }
    }
    if !point && n_digits <= 15 {
        return (n_digits > 0).then_some(whole as f64);
    }
    let kept = |b: &u8| b.is_ascii_digit() || *b == b'.';
    // The digits and point, gathered on the stack: a digits token is short.
    let mut buf = [0u8; 64];
    let mut n = 0;
    for &b in text.as_bytes().iter().filter(|b| kept(b)) {
        if n == buf.len() {
            return digits_value_long(text);
        }
        buf[n] = b;
        n += 1;
    }
    let cleaned = std::str::from_utf8(&buf[..n]).expect("ASCII digits and points");
    let value: f64 = cleaned.parse().ok()?;
    value.is_finite().then_some(value)
}

/// [`digits_value`] of a token of more than 64 digits.
fn digits_value_long(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value: f64 = cleaned.parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_into_a_recycled_vector_are_those_of_tokenize() {
        let (a, b) = ("About 5,000 were hurt.", "\u{201c}One-third\u{201d} fled");
        let (la, lb) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let mut tokens = Vec::new();
        tokenize_into(a, &la, 3, &mut tokens);
        assert_eq!(tokens, tokenize(a, &la, 3));
        let mut again = recycle(tokens);
        assert!(again.is_empty());
        tokenize_into(b, &lb, 0, &mut again);
        assert_eq!(again, tokenize(b, &lb, 0));
    }

    fn keys(s: &str) -> Vec<String> {
        let lower = s.to_ascii_lowercase();
        tokenize(s, &lower, 0)
            .iter()
            .map(|t| t.key.to_string())
            .collect()
    }

    #[test]
    fn cuts_numbers_words_and_punctuation() {
        assert_eq!(
            keys("Over 5,000 N. Korean"),
            ["over", "5,000", "n", ".", "korean"]
        );
        assert_eq!(
            keys("one-third — or"),
            ["one", "-", "third", "\u{2014}", "or"]
        );
        assert_eq!(
            keys("Russia’s 62 400 troops"),
            ["russia", "'", "s", "62 400", "troops"]
        );
        assert_eq!(
            keys("1.5 million, 150,000.Russian"),
            ["1.5", "million", ",", "150,000", ".", "russian"]
        );
        assert_eq!(keys("20,000–25,000"), ["20,000", "-", "25,000"]);
        assert_eq!(
            keys("in 2024 100 soldiers"),
            ["in", "2024", "100", "soldiers"]
        );
        assert_eq!(keys("5k 40%"), ["5", "k", "40", "%"]);
    }

    #[test]
    fn offsets_are_document_bytes() {
        let s = "— 5,000";
        let lower = s.to_ascii_lowercase();
        let t = tokenize(s, &lower, 10);
        assert_eq!((t[1].start, t[1].end), (14, 19));
        assert!(t[1].space_before);
    }

    #[test]
    fn values() {
        assert_eq!(digits_value("5,000"), Some(5000.0));
        assert_eq!(digits_value("62 400"), Some(62400.0));
        assert_eq!(digits_value("1.5"), Some(1.5));
        let long = "1".repeat(70);
        assert_eq!(digits_value(&long), long.parse().ok());
        // Whole numbers summed as integers give what parsing the digits gives, up to the
        // sixteen digits where parsing takes over, with separators anywhere.
        let parsed = |s: &str| -> Option<f64> {
            let kept: String = s
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            kept.parse().ok()
        };
        for len in 0..=20 {
            for seed in [1u64, 7, 9, 123_456_789] {
                let digits: String = (0..len)
                    .map(|k| char::from(b'0' + ((seed * 31 + k * 17) % 10) as u8))
                    .collect();
                for text in [
                    digits.clone(),
                    format!("9{digits}"),
                    format!("{digits},000"),
                    format!("0{digits} 000"),
                    format!("{digits}.5"),
                ] {
                    assert_eq!(digits_value(&text), parsed(&text), "{text}");
                }
            }
        }
    }

    #[test]
    fn ascii_bytes_are_classed_as_char_has_them() {
        for b in 0..128u8 {
            let c = char::from(b);
            let class = BYTE_CLASS[usize::from(b)];
            assert_eq!(class == Class::Space, c.is_whitespace(), "byte {b:#x}");
            assert_eq!(class == Class::Letter, c.is_alphabetic(), "byte {b:#x}");
            assert_eq!(class == Class::Digit, c.is_ascii_digit(), "byte {b:#x}");
        }
        assert!(BYTE_CLASS[0x80..].iter().all(|c| *c == Class::NotAscii));
    }

    #[test]
    fn long_words_and_words_with_letters_that_are_not_ascii() {
        assert_eq!(
            keys("Counterinsurgency operations, 12 Zaporizhzhia-based na\u{ef}ve caf\u{e9}s"),
            [
                "counterinsurgency",
                "operations",
                ",",
                "12",
                "zaporizhzhia",
                "-",
                "based",
                "na\u{ef}ve",
                "caf\u{e9}s"
            ]
        );
        assert_eq!(keys("abcdefgh12345678x."), ["abcdefgh12345678x", "."]);
        // Words that end where the text does, after sixteen bytes or more, and words
        // with letters that are not ASCII past the first sixteen bytes.
        let alphabet = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(keys(&alphabet[..16]), [&alphabet[..16]]);
        assert_eq!(keys(alphabet), [alphabet]);
        assert_eq!(
            keys("ABCDEFGHIJKLMNOPQRSTUVWX\u{e9}yz-ok"),
            ["abcdefghijklmnopqrstuvwx\u{e9}yz", "-", "ok"]
        );
    }
}
