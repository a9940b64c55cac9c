//! A count of the look-back work of extraction, for the test that bounds the work per byte
//! (`tests::work_grows_linearly` in `lib.rs`). Each look-back (an earlier source sought in
//! the story's memory, bytes of text read again before or around a figure) adds its steps;
//! outside tests the count compiles to nothing.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Adds `n` steps of look-back work (a test build only).
#[inline(always)]
pub(crate) fn add(n: usize) {
    #[cfg(test)]
    STEPS.with(|steps| steps.set(steps.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The steps counted on this thread since the last call, and a new count begun.
#[cfg(test)]
pub(crate) fn take() -> u64 {
    STEPS.with(|steps| steps.replace(0))
}

#[cfg(test)]
mod tests {
    use tally_core::Document;

    use crate::Extractor;

    /// A name spelled from `n`, different for each `n` ("Bado", "Kelu", ...).
    fn name(mut n: usize, syllables: usize) -> String {
        const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
        const VOWELS: &[u8] = b"aeiou";
        let mut name = String::new();
        for _ in 0..syllables {
            name.push(CONSONANTS[n % CONSONANTS.len()] as char);
            n /= CONSONANTS.len();
            name.push(VOWELS[n % VOWELS.len()] as char);
            n /= VOWELS.len();
        }
        let mut chars = name.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    /// A story of about `n_bytes` bytes whose paragraphs name new people and bodies, so the
    /// story's memory grows with it: surnames, acronyms, titles, quotations, repeated figures.
    fn story(n_bytes: usize) -> String {
        let mut text = String::new();
        let mut paragraph_idx = 0;
        while text.len() < n_bytes {
            let first = name(paragraph_idx, 2);
            let surname = name(paragraph_idx + 7, 3);
            let body = name(paragraph_idx + 3, 3);
            let acronym = format!("{}OHR", name(paragraph_idx, 1).to_uppercase());
            let figure = 1000 + paragraph_idx % 9000;
            text.push_str(&format!(
                "{first} {surname}, the head of the agency, spoke on Monday. The {body} \
                 Observatory for Human Rights ({acronym}) said {figure} people had been killed. \
                 {surname} said at least 300 soldiers were wounded. {acronym} said 1,200 \
                 civilians died. \"Thousands of soldiers are on the border,\" he wrote. The \
                 head of the agency said {figure} people had been killed. The ministry said \
                 the General Staff counted 45 dead, according to officials.\n\n"
            ));
            paragraph_idx += 1;
        }
        text
    }

    fn work_for(extractor: &Extractor, n_bytes: usize) -> (u64, usize) {
        let doc = Document::new("long", story(n_bytes)).with_published("2025-04-01".parse().ok());
        super::take();
        let n_claims = extractor.extract(&doc).claims.len();
        (super::take(), n_claims)
    }

    #[test]
    fn look_back_work_grows_linearly_with_the_text() {
        let extractor = Extractor::english();
        // Beyond the reach of the look-backs (64 kB), each figure reads a bounded stretch.
        let (small, small_claims) = work_for(&extractor, 256 * 1024);
        let (large, large_claims) = work_for(&extractor, 1024 * 1024);
        assert!(small_claims > 1000, "the story has {small_claims} claims");
        assert!(
            large_claims > 3 * small_claims,
            "{small_claims} → {large_claims} claims"
        );
        eprintln!(
            "look-back work: {small} steps ({small_claims} claims) → {large} ({large_claims})"
        );
        let ratio = large as f64 / small as f64;
        assert!(
            ratio <= 5.0,
            "4x the text cost {ratio:.2}x the look-back work ({small} → {large} steps)"
        );
    }
}
