//! Tokens for the time grammar: words, numbers (with their digit count, commas and ordinal
//! suffix) and single punctuation marks, with byte offsets into the text.

use tally_lang::WordSet;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters.
    Word,
    /// Digits: their value, how many digits, whether written with thousands commas or a
    /// decimal part, and a suffix glued to them.
    Num {
        value: u32,
        digits: u8,
        grouped: bool,
        suffix: Suffix,
    },
    /// One character that is neither a letter, a digit nor a space.
    Punct(char),
}

/// Letters glued to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    None,
    /// "27th", "1st".
    Ordinal,
    /// "1990s".
    Plural,
    /// Anything else ("5k", "3.5"): the number is not a calendar number.
    Other,
}

/// One token: its byte span in the text and whether it starts with a capital.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub cap: bool,
    /// Whether a space (or line break) comes right before it.
    pub space_before: bool,
}

impl Tok {
    /// The number, if the token is a plain calendar number (no commas, decimals or suffix).
    pub(super) fn plain(&self) -> Option<(u32, u8)> {
        match self.kind {
            Kind::Num {
                value,
                digits,
                grouped: false,
                suffix: Suffix::None,
            } => Some((value, digits)),
            _ => None,
        }
    }

    pub(super) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// Splits `text[range]` into tokens, appending to `out`; letters glued after digits that are
/// one of `ordinal_suffixes` ("21st") make an ordinal.
pub(super) fn tokenize(
    text: &str,
    range: std::ops::Range<usize>,
    ordinal_suffixes: &WordSet,
    out: &mut Vec<Tok>,
) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    let end = range.end.min(text.len());
    let mut space_before = true;
    while i < end {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            space_before = true;
            i += len;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            let mut value: u64 = 0;
            let mut digits = 0u8;
            let mut grouped = false;
            while i < end {
                let b = bytes[i];
                if b.is_ascii_digit() {
                    value = (value * 10 + (b - b'0') as u64).min(u32::MAX as u64);
                    digits = digits.saturating_add(1);
                    i += 1;
                } else if b == b','
                    && bytes
                        .get(i + 1..i + 4)
                        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                    && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
                    && (grouped || digits <= 3)
                {
                    grouped = true;
                    i += 1;
                } else {
                    break;
                }
            }
            let mut suffix = Suffix::None;
            if i < end && bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                // A decimal: swallow the fraction.
                i += 1;
                while i < end && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                suffix = Suffix::Other;
            }
            let letters_start = i;
            while i < end && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i > letters_start {
                let letters = &text[letters_start..i];
                suffix = if ordinal_suffixes
                    .iter()
                    .any(|s| letters.eq_ignore_ascii_case(s))
                {
                    Suffix::Ordinal
                } else if letters == "s" {
                    Suffix::Plural
                } else {
                    Suffix::Other
                };
            }
            out.push(Tok {
                start,
                end: i,
                kind: Kind::Num {
                    value: value as u32,
                    digits,
                    grouped,
                    suffix,
                },
                cap: false,
                space_before,
            });
            space_before = false;
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < end {
                match text[i..].chars().next() {
                    Some(c) if c.is_alphabetic() => i += c.len_utf8(),
                    _ => break,
                }
            }
            out.push(Tok {
                start,
                end: i,
                kind: Kind::Word,
                cap: c.is_uppercase(),
                space_before,
            });
            space_before = false;
            continue;
        }
        out.push(Tok {
            start: i,
            end: i + len,
            kind: Kind::Punct(c),
            cap: false,
            space_before,
        });
        space_before = false;
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let mut out = Vec::new();
        let lang = tally_lang::Lang::english().unwrap();
        tokenize(
            text,
            0..text.len(),
            &lang.rule_words.time.ordinal_suffixes,
            &mut out,
        );
        out.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_keep_commas_and_suffixes() {
        assert_eq!(
            kinds("5,000 27th 1990s 2025-04"),
            vec![
                Kind::Num {
                    value: 5000,
                    digits: 4,
                    grouped: true,
                    suffix: Suffix::None
                },
                Kind::Num {
                    value: 27,
                    digits: 2,
                    grouped: false,
                    suffix: Suffix::Ordinal
                },
                Kind::Num {
                    value: 1990,
                    digits: 4,
                    grouped: false,
                    suffix: Suffix::Plural
                },
                Kind::Num {
                    value: 2025,
                    digits: 4,
                    grouped: false,
                    suffix: Suffix::None
                },
                Kind::Punct('-'),
                Kind::Num {
                    value: 4,
                    digits: 2,
                    grouped: false,
                    suffix: Suffix::None
                },
            ]
        );
    }

    #[test]
    fn words_and_marks() {
        assert_eq!(
            kinds("a.m. mid-April"),
            vec![
                Kind::Word,
                Kind::Punct('.'),
                Kind::Word,
                Kind::Punct('.'),
                Kind::Word,
                Kind::Punct('-'),
                Kind::Word
            ]
        );
    }
}
