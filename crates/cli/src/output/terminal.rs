//! Text from documents (ids, titles, sentences, sources) is not trusted on a terminal: a
//! control character in it could move the cursor, retitle the window or ring the bell
//! (`\u{1b}]0;pwned\u{7}`). Everything `tally` prints for people goes through
//! [`escape_controls`] or an [`Escaping`] writer, which show each control character as an
//! escape: `\x1b` for C0 controls and DEL, `\u{9b}` for C1 controls. Newlines and tabs are
//! layout and kept; a carriage return is escaped, since it would let a line overwrite
//! what came before it on screen.
//!
//! JSON output needs none of this: serde_json writes every control character in a string
//! as `\u001b`. CSV and JSON lines written to standard output are escaped only when it is a
//! terminal, so that a file or a pipe gets the data as stored.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` is shown escaped: C0 controls but newline and tab, DEL, C1 controls.
fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{80}'..='\u{9f}')
}

fn push_escape(out: &mut String, c: char) {
    if (c as u32) < 0x80 {
        out.push_str(&format!("\\x{:02x}", c as u32));
    } else {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    }
}

/// `text` with each control character but newline and tab shown as an escape.
///
/// # Example
///
/// `"a\u{1b}]0;pwned\u{7}b"` becomes `a\x1b]0;pwned\x07b`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Standard output, escaping control characters when it is for `people` (a table, an
/// explanation) or is a terminal.
pub fn stdout(people: bool) -> Escaping<io::StdoutLock<'static>> {
    use std::io::IsTerminal;
    let out = io::stdout();
    let enabled = people || out.is_terminal();
    Escaping::new(out.lock(), enabled)
}

/// A writer that escapes control characters (as [`escape_controls`]) in what passes
/// through it, when `enabled`.
pub struct Escaping<W: Write> {
    inner: W,
    enabled: bool,
    /// The start of a UTF-8 sequence cut at the end of the last write.
    pending: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    /// Escapes what is written to `inner` when `enabled`, else passes it through.
    pub fn new(inner: W, enabled: bool) -> Escaping<W> {
        Escaping {
            inner,
            enabled,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.enabled {
            return self.inner.write(buf);
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = String::with_capacity(bytes.len());
        let mut rest = &bytes[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    out.push_str(&escape_controls(valid));
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    // Checked valid just above.
                    out.push_str(&escape_controls(
                        std::str::from_utf8(valid).unwrap_or_default(),
                    ));
                    match error.error_len() {
                        // A sequence cut at the end: kept for the next write.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        Some(n_bad) => {
                            for byte in &after[..n_bad] {
                                out.push_str(&format!("\\x{byte:02x}"));
                            }
                            rest = &after[n_bad..];
                        }
                    }
                }
            }
        }
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            for byte in pending {
                write!(self.inner, "\\x{byte:02x}")?;
            }
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_layout_is_kept() {
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b\r\n\tc\u{9b}d\u{7f}é"),
            "a\\x1b]0;pwned\\x07b\\x0d\n\tc\\u{9b}d\\x7fé"
        );
        assert!(matches!(
            escape_controls("plain text — ok"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_writer_escapes_across_writes_that_cut_a_character() {
        let mut out = Escaping::new(Vec::new(), true);
        let text = "x\u{9b}y\u{1b}z".as_bytes();
        // U+009B is two bytes in UTF-8: cut between them.
        out.write_all(&text[..2]).unwrap();
        out.write_all(&text[2..]).unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "x\\u{9b}y\\x1bz");
        let mut plain = Escaping::new(Vec::new(), false);
        plain.write_all(b"\x1b").unwrap();
        assert_eq!(plain.inner, b"\x1b");
    }
}
