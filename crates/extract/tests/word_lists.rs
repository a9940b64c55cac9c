//! Words are data: no list of English words in the code of `src/`.
//!
//! The small words the rules look for live in `crates/lang/data/en/words.toml` (and the other
//! files of `crates/lang/data/en/`), where another language can replace them. This test reads
//! every source file of the crate and fails on a run of three or more string literals that are
//! words, joined as match alternatives (`"said" | "told" | "says"`) or listed in an array or a
//! call (`["period", "covers", "covering"]`). A word is a literal of lowercase letters, with
//! spaces, hyphens or apostrophes inside ("as of", "-run"); punctuation (`","`, `"\u{2014}"`)
//! and rule ids (`"metric.noun"`) are not words. Unit tests at the foot of a file
//! (`#[cfg(test)]`) are left out: their sentences are examples, not lists.

use std::path::{Path, PathBuf};

/// How many word literals in one run make a word list.
const LIST_LENGTH: usize = 3;

/// A string literal of the source and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// A string literal's contents, escapes kept as written.
    Literal { text: String, line: usize },
    /// A `|` or a `,` between two literals.
    Joiner,
    /// Anything else: code that ends a run.
    Other,
}

/// The literals and joiners of `src`, comments and character literals left out.
fn pieces(src: &str) -> Vec<Piece> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    line += usize::from(bytes[i] == b'\n');
                    i += 1;
                }
                i += 2;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && !bytes
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_ascii_alphanumeric() || *p == b'_') =>
            {
                // A raw string: r"…", r#"…"#.
                let mut j = i + 1;
                while bytes.get(j) == Some(&b'#') {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'"') {
                    out.push(Piece::Other);
                    i += 1;
                    continue;
                }
                let hashes = j - i - 1;
                let start = j + 1;
                let mut end = start;
                while end < bytes.len()
                    && !(bytes[end] == b'"'
                        && bytes[end + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&h| h == b'#')
                            .count()
                            == hashes)
                {
                    end += 1;
                }
                let text = &src[start..end.min(src.len())];
                out.push(Piece::Literal {
                    text: text.to_string(),
                    line,
                });
                line += text.matches('\n').count();
                i = end + 1 + hashes;
            }
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let text = &src[start..end.min(src.len())];
                out.push(Piece::Literal {
                    text: text.to_string(),
                    line,
                });
                line += text.matches('\n').count();
                i = end + 1;
            }
            b'\'' => {
                // A character literal ('a', '\n', '\u{2014}') or a lifetime ('a).
                let close = if bytes.get(i + 1) == Some(&b'\\') {
                    src[i + 2..].find('\'').map(|k| i + 2 + k)
                } else {
                    src[i + 1..]
                        .char_indices()
                        .nth(1)
                        .filter(|(_, c)| *c == '\'')
                        .map(|(k, _)| i + 1 + k)
                };
                out.push(Piece::Other);
                i = close.map_or(i + 1, |k| k + 1);
            }
            b'|' | b',' => {
                out.push(Piece::Joiner);
                i += 1;
            }
            b'[' | b']' | b'(' | b')' | b'&' | b'*' => {
                // Brackets and references around a list neither end nor join it.
                i += 1;
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                out.push(Piece::Other);
                i += 1;
            }
        }
    }
    out
}

/// Whether a literal is an English word or phrase rather than punctuation or an id.
fn is_word(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_lowercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || matches!(b, b' ' | b'-' | b'\''))
}

/// The word lists of one file's source: the line each starts on and its words.
fn word_lists(src: &str) -> Vec<(usize, Vec<String>)> {
    // Unit tests at the foot of the file hold example sentences, not lists.
    let code = src
        .find("#[cfg(test)]\nmod tests")
        .map_or(src, |at| &src[..at]);
    let mut lists = Vec::new();
    let mut run: Vec<(usize, String)> = Vec::new();
    let mut joined = false;
    let mut flush = |run: &mut Vec<(usize, String)>| {
        let words: Vec<String> = run
            .iter()
            .map(|(_, w)| w.clone())
            .filter(|w| is_word(w))
            .collect();
        if words.len() >= LIST_LENGTH {
            lists.push((run[0].0, words));
        }
        run.clear();
    };
    for piece in pieces(code) {
        match piece {
            Piece::Literal { text, line } => {
                if !run.is_empty() && !joined {
                    flush(&mut run);
                }
                run.push((line, text));
                joined = false;
            }
            Piece::Joiner => joined = true,
            Piece::Other => {
                flush(&mut run);
                joined = false;
            }
        }
    }
    flush(&mut run);
    lists
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_word_list_is_written_in_the_code_of_the_grammar() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "the sources of {} were not found",
        src.display()
    );
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for (line, words) in word_lists(&text) {
            let file = path.strip_prefix(&src).unwrap().display();
            found.push(format!("src/{file}:{line}: {words:?}"));
        }
    }
    assert!(
        found.is_empty(),
        "word lists in the code of tally-extract; words are data, move them to \
         crates/lang/data/en/words.toml (or the data file of their dimension):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_detector_finds_alternatives_arrays_and_constants() {
    let src = r#"
        fn f(key: &str) -> bool {
            matches!(key, "said" | "told" | "says")
        }
        const STOP: &[&str] = &[
            "in", "to",
            "from",
        ];
        fn g(w: &str) -> bool { ["-run", "-led", "-held"].iter().any(|s| w.ends_with(s)) }
        fn h(c: Option<&str>) -> bool { matches!(c, Some("as of" | "since" | "by")) }
    "#;
    let lines: Vec<usize> = word_lists(src).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, vec![3, 6, 9, 10]);
}

#[test]
fn the_detector_leaves_punctuation_ids_pairs_comments_and_tests_alone() {
    let src = r#"
        // matches!(key, "said" | "told" | "says")
        /* ["period", "covers", "covering"] */
        fn f(key: &str, c: char) -> bool {
            matches!(key, "," | "\u{2014}" | "-" | "(")
                || matches!(key, "these" | "those")
                || key == "of" || key == "from"
                || matches!(c, 'a' | 'b' | 'c')
                || ["metric.noun", "metric.predicate", "kind.rate"].contains(&key)
                || key == "\"" || key == "the" || key.contains("an")
        }
        fn g<'a>(a: &'a str) -> &'a str { a }
#[cfg(test)]
mod tests {
            const SENTENCES: &[&str] = &["five were killed", "two died", "one hurt"];
        }
    "#;
    assert_eq!(word_lists(src), Vec::<(usize, Vec<String>)>::new());
}
