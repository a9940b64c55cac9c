//! The time resolver on arbitrary text: the first two bytes pick the publication day (none,
//! or a day within about 180 years of 1900) and the third and fourth the range searched;
//! the rest, read as UTF-8 with invalid sequences replaced, is the text. Both readings
//! (`find`, `find_timeml`) run; every mention lies inside the range, on character
//! boundaries, its days in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(4));
    let byte = |i: usize| head.get(i).copied().unwrap_or(0);
    let day = u16::from_le_bytes([byte(0), byte(1)]);
    let published = (day != 0).then(|| {
        jiff::civil::date(1900, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(day)))
            .expect("within jiff's range")
    });
    let text = String::from_utf8_lossy(rest);
    let start = usize::from(byte(2)) * text.len() / 256;
    let end = text.len() - usize::from(byte(3)) * (text.len() - start) / 256;
    let finder = tally_fuzz::time_finder();
    for within in [0..text.len(), start..end] {
        for mentions in [
            finder.find(&text, within.clone(), published),
            finder.find_timeml(&text, within.clone(), published),
        ] {
            for mention in mentions {
                let span = mention.span;
                assert!(
                    within.start <= span.start && span.end <= within.end,
                    "{span:?} outside {within:?}"
                );
                assert!(
                    text.get(span.start..span.end).is_some(),
                    "{span:?} not on boundaries"
                );
                assert!(!mention.timex.is_empty());
                if let Some(value) = mention.value {
                    assert!(value.first <= value.last);
                }
            }
        }
    }
});
