//! The quick reading of a JSONL line of the usual shape: one object whose keys have no
//! escapes, whose known fields hold strings (an `id` also a small integer, a `source` also an
//! object naming the outlet) or `null`, and whose other fields hold any JSON value.
//!
//! It gives the [`Line`] serde_json would give, or nothing: for a line it is not sure about
//! (a `\t` or `\r` between tokens, a repeated field, a lone surrogate, a fraction as `id`, an
//! error) the caller reads the line with serde_json, whose reading and error messages are the
//! ones tally gives. serde_json spends most of its time on the `text` field, a few hundred
//! bytes with an escaped newline every line or so; here the text is cut at each quote or
//! backslash with memchr's searcher and its pieces copied once into a scratch string that
//! is reused from line to line. A test checks the quick reading against serde_json's on
//! random lines.

use serde_json::Number;

use super::{Id, Line, SourceField};

/// How deep a field tally ignores may nest before the line is left to serde_json.
const MAX_DEPTH: usize = 64;

/// The most scratch capacity kept from one line to the next (1 MiB): a rare huge string
/// does not hold its memory for the rest of the corpus.
const MAX_KEPT_SCRATCH: usize = 1 << 20;

/// The quick reader of a JSONL corpus's lines.
pub(super) struct Reader {
    /// Where strings with escapes are unescaped, kept from one line to the next so that its
    /// capacity is reused.
    scratch: String,
    /// The search for the ends of string pieces.
    ends: Ends,
}

impl Reader {
    /// A reader, set up for this processor.
    pub(super) fn new() -> Reader {
        Reader {
            scratch: String::new(),
            ends: Ends::new(),
        }
    }

    /// The fields of `line` as serde_json would read them, or `None` when the line is not
    /// of the usual shape.
    pub(super) fn read(&mut self, line: &str) -> Option<Line> {
        if self.scratch.capacity() > MAX_KEPT_SCRATCH {
            self.scratch = String::new();
        }
        if has_control_bytes(line.as_bytes()) {
            // serde_json refuses them in strings and skips `\t` and `\r` between tokens.
            return None;
        }
        let mut cursor = Cursor {
            line,
            pos: 0,
            scratch: &mut self.scratch,
            ends: &self.ends,
        };
        let fields = cursor.object()?;
        cursor.skip_spaces();
        if cursor.pos != line.len() {
            return None;
        }
        Some(Line {
            id: fields.id.flatten(),
            text: fields.text?,
            published: fields.published.flatten(),
            title: fields.title.flatten(),
            url: fields.url.flatten(),
            publisher: fields.publisher.flatten(),
            source: fields.source.flatten(),
            lang: fields.lang.flatten(),
        })
    }
}

/// The search for the quote or backslash that ends a piece of a string.
enum Ends {
    /// memchr's AVX2 searcher, set up once rather than at each `memchr2` call: a text has
    /// an escape every line or so, and the set-up cost as much as the search.
    #[cfg(target_arch = "x86_64")]
    Avx2(memchr::arch::x86_64::avx2::memchr::Two),
    /// `memchr2`, on processors without AVX2.
    Any,
}

impl Ends {
    /// The best search this processor has.
    fn new() -> Ends {
        #[cfg(target_arch = "x86_64")]
        if let Some(two) = memchr::arch::x86_64::avx2::memchr::Two::new(b'"', b'\\') {
            return Ends::Avx2(two);
        }
        Ends::Any
    }

    /// The offset of the first quote or backslash in `bytes`.
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        match self {
            #[cfg(target_arch = "x86_64")]
            Ends::Avx2(two) => two.find(bytes),
            Ends::Any => memchr::memchr2(b'"', b'\\', bytes),
        }
    }
}

/// Whether `bytes` holds a byte below 0x20: the least byte of each 256, then of each 16 of
/// the rest, which the compiler finds with vector instructions.
fn has_control_bytes(bytes: &[u8]) -> bool {
    let least = |chunk: &[u8]| chunk.iter().copied().fold(u8::MAX, u8::min);
    let mut blocks = bytes.chunks_exact(256);
    if blocks.by_ref().any(|block| least(block) < 0x20) {
        return true;
    }
    let mut words = blocks.remainder().chunks_exact(16);
    words.by_ref().any(|word| least(word) < 0x20) || least(words.remainder()) < 0x20
}

/// The fields read so far: the outer `Option` tells whether the key came, since serde
/// refuses a repeated field even when it was `null`.
#[derive(Default)]
struct Fields {
    id: Option<Option<Id>>,
    text: Option<String>,
    published: Option<Option<String>>,
    title: Option<Option<String>>,
    url: Option<Option<String>>,
    publisher: Option<Option<String>>,
    source: Option<Option<SourceField>>,
    lang: Option<Option<String>>,
}

/// A JSON string as found in the line.
enum Piece<'a> {
    /// A string without escapes, as written.
    Plain(&'a str),
    /// A string with escapes: its value is in the scratch string.
    Unescaped,
}

/// A position in a line being read.
struct Cursor<'a, 's> {
    line: &'a str,
    pos: usize,
    scratch: &'s mut String,
    ends: &'s Ends,
}

impl<'a> Cursor<'a, '_> {
    /// The byte at the position, if any.
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.pos).copied()
    }

    /// Steps over `byte`, or fails.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Steps over `word` (`null`, `true`, `false`), or fails.
    fn eat_word(&mut self, word: &str) -> Option<()> {
        let rest = self.line.as_bytes().get(self.pos..)?;
        rest.starts_with(word.as_bytes())
            .then(|| self.pos += word.len())
    }

    /// Steps over spaces; other JSON white space was refused with the control bytes.
    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// The fields of the object at the position (the whole line).
    fn object(&mut self) -> Option<Fields> {
        let mut fields = Fields::default();
        self.skip_spaces();
        self.eat(b'{')?;
        self.skip_spaces();
        if self.eat(b'}').is_some() {
            return Some(fields);
        }
        loop {
            let key = self.key()?;
            self.skip_spaces();
            self.eat(b':')?;
            self.skip_spaces();
            match key {
                "id" => once(&mut fields.id, self.id()?)?,
                "text" => once(&mut fields.text, self.string()?)?,
                "published" => once(&mut fields.published, self.optional_string()?)?,
                "title" => once(&mut fields.title, self.optional_string()?)?,
                "url" => once(&mut fields.url, self.optional_string()?)?,
                "publisher" => once(&mut fields.publisher, self.optional_string()?)?,
                "source" => once(&mut fields.source, self.source()?)?,
                "lang" => once(&mut fields.lang, self.optional_string()?)?,
                _ => self.skip_value(0)?,
            }
            if !self.next_member(b'}')? {
                return Some(fields);
            }
        }
    }

    /// After a member or element: `true` after a comma (another comes), `false` after the
    /// closing byte.
    fn next_member(&mut self, close: u8) -> Option<bool> {
        self.skip_spaces();
        let byte = self.peek()?;
        self.pos += 1;
        self.skip_spaces();
        match byte {
            b',' => Some(true),
            _ if byte == close => Some(false),
            _ => None,
        }
    }

    /// A key without escapes (a key with escapes is left to serde_json).
    fn key(&mut self) -> Option<&'a str> {
        match self.piece()? {
            Piece::Plain(key) => Some(key),
            Piece::Unescaped => None,
        }
    }

    /// A string value.
    fn string(&mut self) -> Option<String> {
        Some(match self.piece()? {
            Piece::Plain(text) => text.to_owned(),
            Piece::Unescaped => self.scratch.as_str().to_owned(),
        })
    }

    /// A string value or `null`.
    fn optional_string(&mut self) -> Option<Option<String>> {
        if self.eat_word("null").is_some() {
            return Some(None);
        }
        self.string().map(Some)
    }

    /// An `id`: a string, `null`, or an integer written plainly that fits in 64 bits.
    fn id(&mut self) -> Option<Option<Id>> {
        match self.peek()? {
            b'"' => Some(Some(Id::Text(self.string()?))),
            b'0'..=b'9' => {
                let digits = self.digits();
                let after = self.peek();
                // A fraction or exponent reads as a float, a leading zero is an error, a
                // longer number may not fit: serde_json decides.
                if digits.len() > 18
                    || (digits.len() > 1 && digits.starts_with('0'))
                    || matches!(after, Some(b'.' | b'e' | b'E'))
                {
                    return None;
                }
                Some(Some(Id::Number(Number::from(digits.parse::<u64>().ok()?))))
            }
            _ => {
                self.eat_word("null")?;
                Some(None)
            }
        }
    }

    /// A `source`: a name, an object with a string or `null` `name`, or `null`.
    fn source(&mut self) -> Option<Option<SourceField>> {
        match self.peek()? {
            b'"' => Some(Some(SourceField::Name(self.string()?))),
            b'{' => {
                self.pos += 1;
                self.skip_spaces();
                let mut name = None;
                if self.eat(b'}').is_none() {
                    loop {
                        let key = self.key()?;
                        self.skip_spaces();
                        self.eat(b':')?;
                        self.skip_spaces();
                        if key == "name" {
                            once(&mut name, self.optional_string()?)?;
                        } else {
                            self.skip_value(1)?;
                        }
                        if !self.next_member(b'}')? {
                            break;
                        }
                    }
                }
                Some(Some(SourceField::Object {
                    name: name.flatten(),
                }))
            }
            _ => {
                self.eat_word("null")?;
                Some(None)
            }
        }
    }

    /// Steps over any JSON value, checking it as serde_json does a field it ignores.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.piece().map(drop),
            b'n' => self.eat_word("null"),
            b't' => self.eat_word("true"),
            b'f' => self.eat_word("false"),
            b'-' | b'0'..=b'9' => self.number(),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                self.skip_spaces();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    if open == b'{' {
                        self.piece()?;
                        self.skip_spaces();
                        self.eat(b':')?;
                        self.skip_spaces();
                    }
                    self.skip_value(depth + 1)?;
                    if !self.next_member(close)? {
                        return Some(());
                    }
                }
            }
            _ => None,
        }
    }

    /// Steps over a number: `-`, an integer without leading zeros, a fraction, an exponent.
    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        let integer = self.digits();
        if integer.is_empty() || (integer.len() > 1 && integer.starts_with('0')) {
            return None;
        }
        if self.eat(b'.').is_some() && self.digits().is_empty() {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits().is_empty() {
                return None;
            }
        }
        Some(())
    }

    /// The ASCII digits at the position.
    fn digits(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.line[start..self.pos]
    }

    /// The string at the position: borrowed when it has no escapes, else unescaped into
    /// the scratch string.
    fn piece(&mut self) -> Option<Piece<'a>> {
        self.eat(b'"')?;
        let line = self.line;
        let bytes = line.as_bytes();
        let start = self.pos;
        let mut escaped = false;
        loop {
            let end = self.pos + self.ends.find(&bytes[self.pos..])?;
            let before = line.get(self.pos..end)?;
            if bytes[end] == b'"' {
                self.pos = end + 1;
                if !escaped {
                    return line.get(start..end).map(Piece::Plain);
                }
                self.scratch.push_str(before);
                return Some(Piece::Unescaped);
            }
            if !escaped {
                escaped = true;
                self.scratch.clear();
            }
            self.scratch.push_str(before);
            self.pos = end + 1;
            let escape = self.peek()?;
            self.pos += 1;
            let unescaped = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return None,
            };
            self.scratch.push(unescaped);
        }
    }

    /// The character of a `\u` escape whose four hex digits are at the position, with the
    /// second half of a surrogate pair; a lone surrogate is left to serde_json.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                self.eat(b'\\')?;
                self.eat(b'u')?;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            _ => first,
        };
        char::from_u32(code)
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.line.as_bytes().get(self.pos..self.pos + 4)?;
        let mut value = 0;
        for &digit in digits {
            value = value * 16 + char::from(digit).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }
}

/// Sets a field that must come at most once, as serde refuses a repeated field.
fn once<T>(field: &mut Option<T>, value: T) -> Option<()> {
    match field {
        Some(_) => None,
        None => {
            *field = Some(value);
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick reading of `line`, checked against serde_json's: when the quick reading
    /// gives fields, they are serde_json's.
    fn agreed(line: &str) -> Option<Line> {
        let quick = Reader::new().read(line);
        if let Some(quick) = &quick {
            let slow: Result<Line, _> = serde_json::from_str(line.trim());
            match slow {
                Ok(slow) => assert_eq!(format!("{quick:?}"), format!("{slow:?}"), "{line}"),
                Err(error) => panic!("serde_json refuses {line}: {error}"),
            }
        }
        quick
    }

    #[test]
    fn the_usual_lines_are_read_as_serde_json_reads_them() {
        for line in [
            r#"{"id": "reut-1", "title": "BAHIA COCOA REVIEW", "published": "1987-02-26", "source": "reuters21578", "text": "SALVADOR, Feb 26 - Showers\ncontinued \"throughout\" the week", "origin": {"repo": "r/x", "commit": "d0a7", "path": "data/reut2-000.sgm"}}"#,
            r#"{"id": "bd-1", "title": null, "published": "2025-04-28T03:37:19", "url": null, "lang": "en", "text": "Pyongyang\u0027s \u00e9l\u00E8ve \ud83d\ude00 \/ \\ \b\f\r\t"}"#,
            r#"  {"id":7,"text":"","source":{"id":"bugle","name":"The Bugle"},"extra":[1,-2.5e+3,true,false,null,{"a":[]}]}  "#,
            r#"{"id": 0, "text": "a", "source": {"name": null}, "publisher": "Wire"}"#,
            r#"{"text": "a", "source": null, "id": null, "x": "\u0000"}"#,
            r#"{"text": "é ü 漢字", "source": {}}"#,
        ] {
            assert!(agreed(line).is_some(), "{line}");
        }
    }

    #[test]
    fn a_huge_string_does_not_keep_its_scratch_memory() {
        let mut reader = Reader::new();
        let huge = format!(
            r#"{{"text": "{}"}}"#,
            "line\\n".repeat(MAX_KEPT_SCRATCH / 4)
        );
        let line = reader.read(&huge).unwrap();
        assert_eq!(line.text.len(), MAX_KEPT_SCRATCH / 4 * 5);
        assert!(reader.scratch.capacity() > MAX_KEPT_SCRATCH);
        assert_eq!(reader.read(r#"{"text": "a\nb"}"#).unwrap().text, "a\nb");
        assert!(reader.scratch.capacity() <= MAX_KEPT_SCRATCH);
    }

    #[test]
    fn the_unusual_lines_are_left_to_serde_json() {
        for line in [
            "{\"text\": \"a\tb\"}",
            "{\"text\":\t\"a\"}",
            r#"{"text": "a", "text": "b"}"#,
            r#"{"text": "a", "title": null, "title": "b"}"#,
            r#"{"te\u0078t": "a"}"#,
            r#"{"text": "\ud83d"}"#,
            r#"{"text": "\udc00"}"#,
            r#"{"text": "\x"}"#,
            r#"{"text": "a", "id": 1.0}"#,
            r#"{"text": "a", "id": 01}"#,
            r#"{"text": "a", "id": -1}"#,
            r#"{"text": "a", "id": 1234567890123456789}"#,
            r#"{"text": "a", "source": 17}"#,
            r#"{"text": "a", "source": {"name": 5}}"#,
            r#"{"text": "a", "source": {"name": "a", "name": "b"}}"#,
            r#"{"text": "a", "x": [1,]}"#,
            r#"{"text": "a", "x": 01}"#,
            r#"{"text": "a",}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a""#,
            r#"{"text": null}"#,
            r#"{"id": "a"}"#,
            r#"["a"]"#,
            "\u{a0}{\"text\": \"a\"}",
        ] {
            assert!(agreed(line).is_none(), "{line}");
        }
    }

    #[test]
    fn random_lines_read_quickly_are_read_as_serde_json_reads_them() {
        const KEYS: &[&str] = &[
            r#""id""#,
            r#""text""#,
            r#""published""#,
            r#""title""#,
            r#""url""#,
            r#""publisher""#,
            r#""source""#,
            r#""lang""#,
            r#""origin""#,
            r#""name""#,
            r#""te\u0078t""#,
            r#""""#,
        ];
        const USUAL_VALUES: &[&str] = &[
            r#""plain""#,
            r#""a \"quoted\" line\nand \\ \/ \b\f\r\t""#,
            r#""\u00e9\u00E8\ud83d\ude00\u0000""#,
            r#""é ü 漢字""#,
            "null",
            "7",
            r#"{"name": "The Bugle"}"#,
            r#"[1, "a", {"b": [null, -1.5e3]}]"#,
        ];
        const VALUES: &[&str] = &[
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\udc00""#,
            r#""\u12""#,
            r#""\q""#,
            "\"tab\there\"",
            r#""é ü 漢字""#,
            r#""   ""#,
            r#""unterminated"#,
            "null",
            "nul",
            "true",
            "false",
            "0",
            "7",
            "01",
            "-3",
            "-",
            "1.5",
            "1.",
            "2e5",
            "1e400",
            "-0.0E-7",
            "123456789012345678",
            "12345678901234567890123",
            "{}",
            "[]",
            r#"{"name": "The Bugle"}"#,
            r#"{"name": null, "id": 3}"#,
            r#"{"name": 5}"#,
            r#"{"name": "a", "name": "b"}"#,
            r#"{"n\u0061me": "a"}"#,
            r#"[1, "a", {"b": [null, -1.5e3]}]"#,
            "[1,]",
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            "[[[[[[[[[[[[]]]]]]]]]]]]",
        ];
        const COMMAS: &[&str] = &[",", ", ", " ,", ", ", ",,", " "];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut random = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut n_read = 0;
        for _ in 0..50_000 {
            let mut line = String::from(["", " ", "", "", "{"][random(5)]);
            line.push('{');
            let n_members = random(5);
            for member_idx in 0..n_members {
                if member_idx > 0 {
                    line.push_str(COMMAS[random(COMMAS.len())]);
                }
                // Most lines start with a text, so that many are read quickly.
                if member_idx == 0 && random(4) > 0 {
                    line.push_str(r#""text": "#);
                    line.push_str(USUAL_VALUES[random(4)]);
                    continue;
                }
                line.push_str(KEYS[random(KEYS.len())]);
                line.push_str([":", ": ", " : "][random(3)]);
                line.push_str(match random(3) {
                    0 => VALUES[random(VALUES.len())],
                    _ => USUAL_VALUES[random(USUAL_VALUES.len())],
                });
            }
            line.push_str(["}", "} ", "}", "}", "", "}}", "]"][random(7)]);
            if agreed(&line).is_some() {
                n_read += 1;
            }
        }
        assert!(n_read > 3_000, "only {n_read} lines were read quickly");
    }
}
