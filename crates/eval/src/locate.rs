//! Finding gold quotes in a document's text, and the sentence around a span.

use tally_core::Span;

/// The longest stretch, in bytes, that [`sentence_around`] looks at on each side of a span.
const SENTENCE_REACH: usize = 400;

/// Finds each quote in `text`, in order. As `corpus/GOLD-FORMAT.md` says, the first
/// occurrence at or after the previous quote's start is meant; when there is none, the
/// first occurrence anywhere is taken, and when the exact quote is nowhere, a match that
/// differs only in whitespace (a line break for a space) is. `None` marks a quote that is
/// not in the text at all; the next quote is then searched from the last one found.
///
/// # Example
///
/// ```
/// use tally_core::Span;
///
/// let text = "5 killed. Later 5 killed, and 5 more.";
/// let spans = tally_eval::locate_quotes(text, ["5 killed", "Later 5", "5 killed", "7"]);
/// let expected = [Some(Span::new(0, 8)), Some(Span::new(10, 17)), Some(Span::new(16, 24)), None];
/// assert_eq!(spans, expected);
/// ```
pub fn locate_quotes<'q>(
    text: &str,
    quotes: impl IntoIterator<Item = &'q str>,
) -> Vec<Option<Span>> {
    let mut from = 0;
    let mut spans = Vec::new();
    for quote in quotes {
        let span = find_from(text, quote, from)
            .or_else(|| find_from(text, quote, 0))
            .or_else(|| find_loose(text, quote));
        if let Some(span) = span {
            // Two claims may share one quote ("5 killed and 7 wounded"), so the next search
            // starts at this quote's start, not after it.
            from = span.start;
        }
        spans.push(span);
    }
    spans
}

/// The exact quote at or after byte `from`.
fn find_from(text: &str, quote: &str, from: usize) -> Option<Span> {
    if quote.is_empty() {
        return None;
    }
    let rest = text.get(from..)?;
    rest.find(quote)
        .map(|offset| Span::new(from + offset, from + offset + quote.len()))
}

/// The quote's words separated by any run of whitespace, anywhere in the text.
fn find_loose(text: &str, quote: &str) -> Option<Span> {
    let mut words = quote.split_whitespace();
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    let mut search_from = 0;
    while let Some(offset) = text.get(search_from..).and_then(|t| t.find(first)) {
        let start = search_from + offset;
        let mut end = start + first.len();
        let mut matched = true;
        for word in &rest {
            let gap = text[end..].len() - text[end..].trim_start().len();
            if gap == 0 || !text[end + gap..].starts_with(word) {
                matched = false;
                break;
            }
            end += gap + word.len();
        }
        if matched {
            return Some(Span::new(start, end));
        }
        search_from = start + first.len();
    }
    None
}

/// The sentence holding `span`, roughly: from just after the previous sentence end or blank
/// line to just after the next one, never more than a few hundred bytes either side. Meant
/// for showing a miss to a person, not for extraction.
///
/// # Example
///
/// ```
/// use tally_core::Span;
///
/// let text = "Rain fell. Some 40 people died in the flood. It stopped.";
/// let sentence = tally_eval::sentence_around(text, Span::new(16, 18));
/// assert_eq!(&text[sentence.start..sentence.end], "Some 40 people died in the flood.");
/// ```
pub fn sentence_around(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let span_start = span.start.min(text.len());
    let span_end = span.end.clamp(span_start, text.len());

    let floor = span_start.saturating_sub(SENTENCE_REACH);
    let mut start = span_start;
    while start > floor {
        if is_sentence_end(bytes, start) || is_blank_line(bytes, start) {
            break;
        }
        start -= 1;
    }
    while start < span_start && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }

    let ceiling = (span_end + SENTENCE_REACH).min(text.len());
    let mut end = span_end;
    while end < ceiling {
        if is_sentence_end(bytes, end) || is_blank_line(bytes, end) {
            break;
        }
        end += 1;
    }
    while end > span_end && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end.max(start))
}

/// Whether a sentence ends just before byte `at`: `.`, `!` or `?`, perhaps followed by a
/// closing quote or bracket, and then whitespace or the end of the text.
fn is_sentence_end(bytes: &[u8], at: usize) -> bool {
    if at < bytes.len() && !bytes[at].is_ascii_whitespace() {
        return false;
    }
    let mut before = at;
    while before > 0 && matches!(bytes[before - 1], b'"' | b'\'' | b')') {
        before -= 1;
    }
    if before == 0 || !matches!(bytes[before - 1], b'.' | b'!' | b'?') {
        return false;
    }
    // A period after a lone capital is an initial ("U.S. forces", "J. Smith"), not an end.
    let initial = bytes[before - 1] == b'.'
        && before >= 2
        && bytes[before - 2].is_ascii_uppercase()
        && (before < 3 || !bytes[before - 3].is_ascii_alphabetic());
    !initial
}

/// Whether byte `at` ends a line break that starts a new paragraph (a blank line, or an
/// indented line as in wire copy).
fn is_blank_line(bytes: &[u8], at: usize) -> bool {
    at >= 2 && bytes[at - 1] == b'\n' && matches!(bytes.get(at), Some(b'\n' | b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_start_for_out_of_order_quotes() {
        let text = "A: 10 dead. B: 20 dead.";
        let spans = locate_quotes(text, ["20 dead", "10 dead"]);
        assert_eq!(spans, [Some(Span::new(15, 22)), Some(Span::new(3, 10))]);
    }

    #[test]
    fn a_missing_quote_does_not_move_the_cursor() {
        let text = "10 dead, then 10 dead again";
        let spans = locate_quotes(text, ["then 10", "nowhere", "10 dead"]);
        assert_eq!(
            spans,
            [Some(Span::new(9, 16)), None, Some(Span::new(14, 21))]
        );
    }

    #[test]
    fn two_claims_may_share_a_quote() {
        let text = "Earlier: 7 wounded. Now 5 killed and 7 wounded.";
        let spans = locate_quotes(text, ["5 killed and 7 wounded", "5 killed and 7 wounded"]);
        assert_eq!(spans[0], spans[1]);
    }

    #[test]
    fn tolerates_line_breaks_for_spaces() {
        let text = "killed or wounded\n    1,500 soldiers";
        let spans = locate_quotes(text, ["wounded 1,500 soldiers"]);
        assert_eq!(spans, [Some(Span::new(10, text.len()))]);
    }

    #[test]
    fn handles_multibyte_text() {
        let text = "«5 tués» et «5 tués»";
        let spans = locate_quotes(text, ["5 tués»", "et «5", "5 tués»"]);
        assert_eq!(spans[0], Some(Span::new(2, 11)));
        assert_eq!(spans[2], Some(Span::new(17, 26)));
    }

    #[test]
    fn finds_sentences_in_wire_copy() {
        let text = "LONDON, March 1 - Iran said\nit killed 1,500 soldiers.\n    Iraq denied it.";
        let start = text.find("1,500").unwrap();
        let sentence = sentence_around(text, Span::new(start, start + 5));
        assert_eq!(
            &text[sentence.start..sentence.end],
            "LONDON, March 1 - Iran said\nit killed 1,500 soldiers."
        );
        let start = text.find("Iraq").unwrap();
        let sentence = sentence_around(text, Span::new(start, start + 4));
        assert_eq!(&text[sentence.start..sentence.end], "Iraq denied it.");
    }

    #[test]
    fn initials_do_not_end_sentences() {
        let text = "Calm. The U.S. frigate lost 37 seamen. Later.";
        let start = text.find("37").unwrap();
        let sentence = sentence_around(text, Span::new(start, start + 2));
        assert_eq!(
            &text[sentence.start..sentence.end],
            "The U.S. frigate lost 37 seamen."
        );
    }

    #[test]
    fn sentence_around_survives_odd_spans() {
        let text = "é.é";
        for (start, end) in [(0, 0), (0, 100), (100, 200), (3, 1)] {
            let sentence = sentence_around(text, Span::new(start, end));
            assert!(text.get(sentence.start..sentence.end).is_some());
        }
    }
}
