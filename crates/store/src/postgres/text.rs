//! Full-text queries in the syntax `tally` accepts on SQLite (FTS5: words, `"phrases"`,
//! `prefix*`, `AND`, `OR`, `NOT`, parentheses; adjacent terms must all match) turned into
//! a PostgreSQL `tsquery` for `to_tsquery('simple', …)`.

use crate::Error;

/// One piece of a query.
#[derive(Debug, PartialEq)]
enum Token {
    /// A word or phrase, and whether it ends in `*`.
    Term(String, bool),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// The `tsquery` text for `query`.
///
/// # Errors
///
/// [`Error::TextQuery`] for an unterminated phrase or unbalanced parentheses.
pub(crate) fn tsquery(query: &str) -> Result<String, Error> {
    let refuse = |message: &str| Error::TextQuery {
        query: query.to_string(),
        message: message.to_string(),
    };
    let tokens = tokenize(query).map_err(&refuse)?;
    let mut out = String::new();
    let mut depth = 0usize;
    // Whether the previous token ends an operand (a term or `)`): a term, `(` or `NOT`
    // after one is joined by an implicit AND.
    let mut after_operand = false;
    for token in tokens {
        match token {
            Token::Term(words, prefix) => {
                if after_operand {
                    out.push_str(" & ");
                }
                out.push('\'');
                out.push_str(&words.replace('\\', "\\\\").replace('\'', "''"));
                out.push('\'');
                if prefix {
                    out.push_str(":*");
                }
                after_operand = true;
            }
            Token::Open => {
                if after_operand {
                    out.push_str(" & ");
                }
                out.push('(');
                depth += 1;
                after_operand = false;
            }
            Token::Close => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| refuse("unbalanced parentheses"))?;
                out.push(')');
                after_operand = true;
            }
            Token::And => {
                out.push_str(" & ");
                after_operand = false;
            }
            Token::Or => {
                out.push_str(" | ");
                after_operand = false;
            }
            Token::Not => {
                // FTS5's NOT is binary: `a NOT b` is `a & !b`.
                out.push_str(if after_operand { " & !" } else { "!" });
                after_operand = false;
            }
        }
    }
    if depth > 0 {
        return Err(refuse("unbalanced parentheses"));
    }
    Ok(out)
}

fn tokenize(query: &str) -> Result<Vec<Token>, &'static str> {
    let mut tokens = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut phrase = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    if c == '"' {
                        // `""` inside a phrase is a quote, as in FTS5.
                        if chars.peek().is_some_and(|&(_, next)| next == '"') {
                            chars.next();
                            phrase.push('"');
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    phrase.push(c);
                }
                if !closed {
                    return Err("unterminated string");
                }
                let prefix = chars.peek().is_some_and(|&(_, next)| next == '*');
                if prefix {
                    chars.next();
                }
                tokens.push(Token::Term(phrase, prefix));
            }
            _ => {
                let mut end = start;
                while let Some(&(idx, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    end = idx + c.len_utf8();
                    chars.next();
                }
                let word = &query[start..end];
                tokens.push(match word {
                    "AND" => Token::And,
                    "OR" => Token::Or,
                    "NOT" => Token::Not,
                    _ => match word.strip_suffix('*') {
                        Some(stem) if !stem.is_empty() => Token::Term(stem.to_string(), true),
                        _ => Token::Term(word.to_string(), false),
                    },
                });
            }
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_prefixes_and_operators() {
        assert_eq!(tsquery("north korean").unwrap(), "'north' & 'korean'");
        assert_eq!(tsquery("soldier*").unwrap(), "'soldier':*");
        assert_eq!(tsquery("Kursk OR Gaza").unwrap(), "'Kursk' | 'Gaza'");
        assert_eq!(
            tsquery("\"north korean\" NOT tanks").unwrap(),
            "'north korean' & !'tanks'"
        );
        assert_eq!(tsquery("(a OR b) c").unwrap(), "('a' | 'b') & 'c'");
        assert_eq!(tsquery("it's").unwrap(), "'it''s'");
    }

    #[test]
    fn unterminated_phrases_and_parentheses_are_refused() {
        let error = tsquery("\"unclosed").unwrap_err().to_string();
        assert!(
            error.contains("unclosed") && error.contains("unterminated"),
            "{error}"
        );
        assert!(tsquery("(a OR b").is_err());
        assert!(tsquery("a)").is_err());
    }
}
