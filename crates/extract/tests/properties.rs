//! Properties of the extractor on any input: claims or nothing, never a panic, and evidence
//! that points inside the text, in time linear in the input's length.

use std::time::Instant;

use proptest::prelude::*;
use tally_core::Document;
use tally_extract::Extractor;

fn check(extractor: &Extractor, text: &str) -> usize {
    let doc = Document::new("p", text).with_published(tally_core::Date::new(2025, 4, 1).ok());
    let out = extractor.extract_with_times(&doc);
    for claim in &out.claims {
        let n = claim.evidence.number;
        let s = claim.evidence.sentence;
        assert!(
            s.start <= n.start && n.end <= s.end && s.end <= text.len(),
            "{claim:?}"
        );
        assert!(text.is_char_boundary(n.start) && text.is_char_boundary(n.end));
        for bound in [claim.value.low, claim.value.high].into_iter().flatten() {
            assert!(bound.is_finite() && bound >= 0.0, "{claim:?}");
        }
        if let (Some(low), Some(high)) = (claim.value.low, claim.value.high) {
            assert!(low <= high, "{claim:?}");
        }
    }
    out.claims.len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn any_bytes_read_lossily(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let extractor = Extractor::english();
        check(&extractor, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn news_like_words_in_any_order(words in proptest::collection::vec(prop::sample::select(vec![
        "over", "5,000", "soldiers", "were", "killed", "a", "third", "of", "the", "casualties",
        "between", "and", "1e400", "999,999,999,999,999,999,999", "-", "—", "or", "nearly",
        "half", "troops", "sent", "March", "27", "2025", "per", "day", "%", "Russian", "by",
        "\n", ".", ",", "“", "”", "’s", "several", "hundred", "tens", "thousands", "million",
        "ago", "years", "weeks", "last", "since", "Monday", "mid-April", "early", "9999999999",
        "said", "according", "to", "ministry", "likely", "as", "of", "the", "figure",
    ]), 0..200)) {
        let extractor = Extractor::english();
        check(&extractor, &words.join(" "));
    }
}

#[test]
fn absurd_numbers_give_claims_or_nothing() {
    let extractor = Extractor::english();
    for text in [
        "1e400 soldiers were killed.",
        "999,999,999,999,999,999,999 soldiers were killed.",
        "99999999999999999999999999999999999999999999 troops were sent.",
        "0.0000000000000001 percent of the troops died.",
        "between 999,999,999,999,999,999 and 1 soldiers were killed",
    ] {
        check(&extractor, text);
    }
    // Found by the `extract` fuzz target: a share above the whole gave a share from 15.93
    // to 1.
    assert_eq!(
        check(&extractor, "The army said 1,593% soldiers were injured."),
        0
    );
}

#[test]
fn huge_lines_take_linear_time() {
    let extractor = Extractor::english();
    let unit = "Over 5,000 soldiers were killed or wounded and 300 civilians fled, officials said ";
    let small: String = unit.repeat(1_000);
    let large: String = unit.repeat(10_000);
    let t0 = Instant::now();
    let n_small = check(&extractor, &small);
    let small_time = t0.elapsed();
    let t1 = Instant::now();
    let n_large = check(&extractor, &large);
    let large_time = t1.elapsed();
    assert!(n_small > 0 && n_large >= n_small * 9, "{n_small} {n_large}");
    // Ten times the input may take at most forty times as long (linear, with slack for
    // noise), never quadratic (a hundred times).
    assert!(
        large_time <= small_time * 40 + std::time::Duration::from_millis(200),
        "{small_time:?} → {large_time:?}"
    );
}

#[test]
fn a_megabyte_line_without_sentence_ends() {
    let extractor = Extractor::english();
    let line = "killed 12 soldiers ".repeat(55_000);
    assert!(line.len() > 1_000_000);
    check(&extractor, &line);
    let digits = "9".repeat(1_000_000);
    check(&extractor, &format!("{digits} soldiers were killed"));
}

#[test]
fn absurd_times_give_dates_or_nothing() {
    let extractor = Extractor::english();
    let published = tally_core::Date::new(2025, 4, 1).ok();
    for text in [
        "20000 years ago 5 soldiers were killed.",
        "999999999999 years ago 5 soldiers were killed.",
        "In 9999 decades 5 soldiers will be killed, officials said 99999 weeks ago.",
        "Over 5,000 soldiers were killed 300000000 days ago and 7000000000 months later.",
        "Since 40000 centuries ago, 12 civilians died.",
    ] {
        let doc = Document::new("t", text).with_published(published);
        let out = extractor.extract_with_times(&doc);
        assert!(out.times.len() <= text.len());
    }
}

/// Words and marks time expressions are made of, and others.
const TIME_VOCABULARY: &[&str] = &[
    "on", "Friday", "friday", "5", "May", "2024", "last", "week", "the", "past", "three", "days",
    "ago", ",", "-", ".", "since", "March", "1", "to", "3", "said", "army", "10", "a.m.",
    "between", "and", "early", "this", "year", "months", "every", "Monday", "now", "21st", "1990s",
    "mid", "April", "earlier", "today", "Q3", "fiscal", "late", "spring",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

    /// `may_start_at` lets through every place a found expression starts: the statement
    /// dates of `story` skip the search where it says no.
    #[test]
    fn time_expressions_start_where_one_may_start(
        words in proptest::collection::vec(proptest::sample::select(TIME_VOCABULARY), 0..24),
        glue in proptest::collection::vec(proptest::sample::select(&[" ", "", "  "][..]), 24),
    ) {
        let mut text = String::new();
        for (word, glue) in words.iter().zip(&glue) {
            text.push_str(word);
            text.push_str(glue);
        }
        let times = tally_extract::TimeFinder::new(&tally_lang::Lang::english().unwrap());
        let found = times.find(&text, 0..text.len(), tally_core::Date::new(2025, 4, 1).ok());
        for m in found {
            prop_assert!(times.may_start_at(&text, m.span.start), "{text:?}: {m:?}");
        }
    }
}

/// Found by the `time` fuzz target (round 7): a count clamped to `u32::MAX` before
/// "decade" overflowed when written in years. The duration is an unknown count of decades.
#[test]
fn a_count_of_decades_too_large_for_years_is_no_wrapped_duration() {
    let times = tally_extract::TimeFinder::new(&tally_lang::Lang::english().unwrap());
    let fuzzed = "Tr. 2In the past decade3 the past decade, the anciten goe ancienAt gouns n.try\u{fffd}the past000000000000000000000000100000000000000000000000000000000000000000000000000 decade, the middleanfutureands of troopead=y one o";
    let published = tally_core::Date::new(2025, 4, 1).ok();
    let found = times.find(fuzzed, 0..fuzzed.len(), published);
    assert!(found.iter().all(|m| m.timex != "P4294967286Y"), "{found:?}");
    let text = "over the past 4294967295 decades";
    let found = times.find(text, 0..text.len(), published);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].timex, "PXDE");
}
