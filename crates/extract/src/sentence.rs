//! Finds the sentence around a byte offset.
//!
//! A sentence ends at a line break, or at `.`, `!` or `?` (closing quotes and brackets
//! may follow) before whitespace and an uppercase letter, digit, quote or bracket, unless
//! the period closes an abbreviation of the language data or a single letter ("U.S.",
//! "J. Smith"). The test looks only at the bytes around the candidate end, so scanning
//! backwards and forwards from any offset finds the same sentences.

use rustc_hash::FxHashSet as HashSet;

/// The longest sentence analysed; a longer run of text without an end is cut at the
/// whitespace before this many bytes, so one huge line costs linear time.
pub const MAX_SENTENCE: usize = 2000;

/// Sentence boundary rules for one language.
#[derive(Debug, Clone)]
pub struct Splitter {
    abbreviations: HashSet<String>,
}

impl Splitter {
    /// A splitter with the given abbreviations (lowercase, without their period).
    pub fn new(abbreviations: &[String]) -> Splitter {
        Splitter {
            abbreviations: abbreviations.iter().cloned().collect(),
        }
    }

    /// If a sentence ends at the byte `i` of `text`, the offset where the next one may
    /// start (past the terminator and any closing quotes).
    fn end_at(&self, text: &str, i: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        match bytes[i] {
            b'\n' => self.line_break_ends(text, i).then_some(i + 1),
            b'.' | b'!' | b'?' => {
                let mut j = i + 1;
                // Closing quotes and brackets stay with the sentence.
                while let Some(c) = text.get(j..).and_then(|r| r.chars().next()) {
                    if matches!(c, '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}') {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                let rest = text.get(j..)?;
                let mut chars = rest.char_indices();
                match chars.next() {
                    None => return Some(j),
                    Some((_, c)) if c.is_whitespace() => {}
                    _ => return None,
                }
                let next = rest.trim_start().chars().next();
                let starts_sentence = next.is_none_or(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(
                            c,
                            '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{2014}' | '-'
                        )
                });
                if !starts_sentence {
                    return None;
                }
                if bytes[i] == b'.' && self.is_abbreviation(text, i) {
                    return None;
                }
                Some(j)
            }
            _ => None,
        }
    }

    /// Whether the line break at `i` ends a sentence. A blank line, an indented line or a
    /// line after terminal punctuation starts a new one; a line that goes on in lowercase,
    /// or a line of hard-wrapped text (40–80 characters, as wire copy is wrapped, and the
    /// next line no longer), does not.
    fn line_break_ends(&self, text: &str, i: usize) -> bool {
        let rest = &text[i + 1..];
        let Some(next) = rest.chars().next() else {
            return true;
        };
        if next.is_whitespace() {
            return true;
        }
        if next.is_lowercase() {
            return false;
        }
        let from = i.saturating_sub(82);
        let window = &text.as_bytes()[from..i];
        let line_start = window
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|k| from + k + 1);
        let line_start = line_start.or((from == 0).then_some(0));
        let Some(line) = line_start.and_then(|s| text.get(s..i)).map(str::trim_end) else {
            // A line longer than the window: not wrapped copy.
            return true;
        };
        if line.ends_with(['.', '!', '?', ':', '"', '\u{201d}', '\'', ')']) {
            return true;
        }
        if !(40..=80).contains(&line.chars().count()) {
            return true;
        }
        // Hard-wrapped copy has lines of one width on both sides of the break; a headline
        // of that width is followed by a paragraph on one long line.
        let ahead = &text.as_bytes()[i + 1..(i + 1 + 82).min(text.len())];
        let next_len = ahead
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(ahead.len());
        next.is_uppercase() && next_len > 81
    }

    /// Whether the word before the period at `i` is an abbreviation or a single letter.
    fn is_abbreviation(&self, text: &str, i: usize) -> bool {
        let before = &text[..i];
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric() && *c != '.')
            .map_or(0, |(k, c)| k + c.len_utf8());
        let word = &before[word_start..];
        if word.is_empty() {
            return false;
        }
        // "U.S", "e.g": letters with periods inside.
        if word.contains('.') {
            return word.split('.').all(|part| part.chars().count() <= 2);
        }
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return true;
        }
        if word.len() > 12 {
            return false;
        }
        // Lowercased on the stack: an abbreviation is short.
        let mut buf = [0u8; 12];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|w| self.abbreviations.contains(w))
    }

    /// The sentence holding byte `offset`, as `start..end` with surrounding whitespace
    /// trimmed, starting no earlier than `lower` (the end of the previous sentence, when
    /// known). Both ends are on character boundaries.
    pub fn sentence_at(&self, text: &str, offset: usize, lower: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let offset = offset.min(text.len());
        let lower = lower.min(offset);
        let floor = offset.saturating_sub(MAX_SENTENCE).max(lower);
        let mut start = floor;
        let mut i = offset;
        while let Some(k) = last_end_byte(bytes, floor, i) {
            if let Some(next) = self.end_at(text, k) {
                if next <= offset {
                    start = next;
                    break;
                }
            }
            i = k;
        }
        if start == floor && floor > lower {
            start = cut_at_space(text, floor, true);
        }
        let ceiling = (start + MAX_SENTENCE).min(text.len());
        let mut end = ceiling;
        let mut j = offset.max(start);
        while let Some(k) = first_end_byte(bytes, j, ceiling) {
            if let Some(next) = self.end_at(text, k) {
                end = next.min(ceiling);
                break;
            }
            j = k + 1;
        }
        if end == ceiling && ceiling < text.len() {
            end = cut_at_space(text, ceiling, false).max(offset.min(ceiling));
        }
        while !text.is_char_boundary(start) {
            start += 1;
        }
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        trim(text, start, end.max(start))
    }
}

/// Whether a byte may end a sentence: a line break, `.`, `!` or `?`.
#[inline(always)]
fn is_end_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'.' | b'!' | b'?')
}

/// A bit per byte of `chunk` that [`is_end_byte`], bit `k` for byte `k`: sixteen bytes at
/// once (SSE2 on x86-64, through `wide`).
#[inline(always)]
fn end_bytes16(chunk: &[u8]) -> u32 {
    use wide::u8x16;
    let chunk: [u8; 16] = chunk.try_into().expect("sixteen bytes");
    let x = u8x16::new(chunk);
    let is = |b: u8| x.simd_eq(u8x16::splat(b));
    (is(b'\n') | is(b'.') | is(b'!') | is(b'?')).to_bitmask()
}

/// The first byte in `from..to` that may end a sentence, read sixteen bytes at a time.
fn first_end_byte(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut i = from;
    while i + 16 <= to {
        let found = end_bytes16(&bytes[i..i + 16]);
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize);
        }
        i += 16;
    }
    (i..to).find(|&k| is_end_byte(bytes[k]))
}

/// The last byte in `floor..before` that may end a sentence, read sixteen bytes at a time.
fn last_end_byte(bytes: &[u8], floor: usize, before: usize) -> Option<usize> {
    let mut i = before;
    while i >= floor + 16 {
        let found = end_bytes16(&bytes[i - 16..i]);
        if found != 0 {
            // Bit 15 is byte `i - 1`; the highest bit set is the last end byte.
            return Some(i + 15 - found.leading_zeros() as usize);
        }
        i -= 16;
    }
    (floor..i).rev().find(|&k| is_end_byte(bytes[k]))
}

/// The nearest whitespace to `at` (forward for a start, backward for an end), or `at`.
fn cut_at_space(text: &str, at: usize, forward: bool) -> usize {
    let bytes = text.as_bytes();
    let window = 200;
    if forward {
        (at..(at + window).min(bytes.len()))
            .find(|&k| bytes[k] == b' ')
            .map_or(at, |k| k + 1)
    } else {
        (at.saturating_sub(window)..at)
            .rev()
            .find(|&k| bytes[k] == b' ')
            .unwrap_or(at)
    }
}

fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let s = Splitter::new(&["gen", "mr", "mar", "no"].map(String::from));
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let (a, b) = s.sentence_at(text, at, 0);
            if b > a {
                out.push(&text[a..b]);
            }
            at = b.max(at + 1);
            while text[at..].starts_with(char::is_whitespace) {
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    #[test]
    fn splits_news_text() {
        let text = "Gen. Kim said U.S. officials met on Mar. 27. The No. 2 official, Mr. Lee, \
                    disagreed. About 3.5 percent left.\nHeadline without period\n“Quote.” Next.";
        assert_eq!(
            split(text),
            [
                "Gen. Kim said U.S. officials met on Mar. 27.",
                "The No. 2 official, Mr. Lee, disagreed.",
                "About 3.5 percent left.",
                "Headline without period",
                "“Quote.”",
                "Next."
            ]
        );
    }

    #[test]
    fn same_sentence_from_any_offset() {
        let text = "One. Over 5,000 soldiers were killed. Two.";
        let s = Splitter::new(&[]);
        for offset in 5..37 {
            assert_eq!(s.sentence_at(text, offset, 0), (5, 37), "offset {offset}");
        }
    }

    #[test]
    fn huge_lines_are_cut() {
        let text = "word ".repeat(10_000);
        let s = Splitter::new(&[]);
        let (a, b) = s.sentence_at(&text, 25_000, 0);
        assert!(b - a <= MAX_SENTENCE && a <= 25_000 && b >= 25_000 - 200);
    }

    #[test]
    fn ends_found_sixteen_bytes_at_once_are_those_of_a_byte_loop() {
        let text = "Mr. Smith said: no!\nWhat? 5.5 \u{e9}t\u{e9}... yes?! Over 80 were killed.";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            for to in from..=bytes.len() {
                let first = (from..to).find(|&k| is_end_byte(bytes[k]));
                let last = (from..to).rev().find(|&k| is_end_byte(bytes[k]));
                assert_eq!(first_end_byte(bytes, from, to), first, "{from}..{to}");
                assert_eq!(last_end_byte(bytes, from, to), last, "{from}..{to}");
            }
        }
        for b in 0..=255u8 {
            let mut chunk = [0u8; 16];
            (chunk[0], chunk[15]) = (b, b);
            let expected = if is_end_byte(b) { 1 | 1 << 15 } else { 0 };
            assert_eq!(end_bytes16(&chunk), expected, "byte {b:#x}");
        }
    }
}
