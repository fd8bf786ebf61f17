//! Reading JSONL: decompression chosen by magic bytes, lines of bounded length, and
//! records parsed for two fields only.
//!
//! Gzip (`1f 8b`, several members allowed) and Zstandard (`28 b5 2f fd`, several
//! frames and skippable frames allowed) are recognised by their
//! first bytes, whatever the file is called; anything else is read as plain JSONL.
//! A compressed stream that ends early is an error of kind `UnexpectedEof` or
//! `InvalidData`, raised after every byte before it was handed out.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

/// Capacity of the buffered reader over the (decompressed) input.
pub const BUFFER: usize = 1 << 20;
/// Longest line read; a longer one is skipped with an error.
pub const MAX_LINE: usize = 256 << 20;

/// How an input is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip.
    Gzip,
    /// Zstandard.
    Zstd,
}

impl Compression {
    /// The name used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// The compression of a stream starting with `head` (at least 4 bytes, if it has them).
pub fn detect(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        || (head.len() >= 4 && head[1..4] == [0x2a, 0x4d, 0x18] && head[0] & 0xf0 == 0x50)
    {
        // A Zstandard frame, or a skippable frame (magic 0x184D2A5?).
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Wraps `raw` in the decompressor its first bytes call for, buffered.
pub fn open(mut raw: Box<dyn Read + Send>) -> io::Result<(BufReader<Box<dyn Read + Send>>, Compression)> {
    let mut head = Vec::with_capacity(4);
    while head.len() < 4 {
        let mut b = [0u8; 4];
        match raw.read(&mut b[..4 - head.len()]) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&b[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let c = detect(&head);
    let joined = io::Cursor::new(head).chain(raw);
    let inner: Box<dyn Read + Send> = match c {
        Compression::None => Box::new(joined),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, joined))),
        Compression::Zstd => {
            Box::new(zstd::stream::read::Decoder::with_buffer(BufReader::with_capacity(1 << 16, joined))?)
        }
    };
    Ok((BufReader::with_capacity(BUFFER, inner), c))
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// End of input.
    Eof,
    /// A line (in the buffer, with its line break if it had one).
    Line,
    /// A line longer than [`MAX_LINE`], skipped; its length.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first), at most `max` bytes of it.
pub fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut len = 0usize;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if len == 0 {
                Line::Eof
            } else if len > max {
                Line::TooLong(len)
            } else {
                Line::Line
            });
        }
        let (take, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if len + take <= max {
            buf.extend_from_slice(&avail[..take]);
        } else {
            buf.clear();
        }
        len += take;
        r.consume(take);
        if done {
            return Ok(if len > max { Line::TooLong(len) } else { Line::Line });
        }
    }
}

/// The two fields of a record that garbled reads.
#[derive(Debug, PartialEq, Eq)]
pub struct Fields {
    /// The text field: its string, or the JSON type it had instead.
    pub text: Option<Result<String, &'static str>>,
    /// The id field: a string as is, any other value as JSON (`null` as absent).
    pub id: Option<String>,
}

/// Why a line is not a usable record.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRecord {
    /// The id, if the record was read far enough to know it.
    pub id: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// Parses one JSONL line: an object with a string field `text_field` and an optional
/// field `id_field`; other fields are skipped without being built.
pub fn parse(line: &[u8], text_field: &str, id_field: &str) -> Result<(String, Option<String>), BadRecord> {
    // The usual record in one pass; anything else (and every error) as serde_json reads it.
    match super::record::parse(line, text_field, id_field) {
        Some(r) => Ok(r),
        None => parse_plain(line, text_field, id_field),
    }
}

/// [`parse`] by serde_json alone: the reference the one-pass reader (`stream::record`)
/// is held to, by its tests and the `record` fuzz target ([`parse`] must answer exactly this).
pub fn parse_plain(line: &[u8], text_field: &str, id_field: &str) -> Result<(String, Option<String>), BadRecord> {
    let mut de = serde_json::Deserializer::from_slice(line);
    let parsed = Seed { text: text_field, id: id_field }.deserialize(&mut de).and_then(|f| de.end().map(|_| f));
    let f = parsed.map_err(|e| BadRecord { id: None, message: json_error(&e) })?;
    match f.text {
        Some(Ok(t)) => Ok((t, f.id)),
        Some(Err(kind)) => {
            Err(BadRecord { id: f.id, message: format!("field \"{text_field}\" is {kind}, not a string") })
        }
        None => Err(BadRecord { id: f.id, message: format!("no field \"{text_field}\"") }),
    }
}

fn json_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let msg = match s.rfind(" at line ") {
        Some(i) => &s[..i],
        None => &s,
    };
    if e.is_eof() {
        format!("not valid JSON: the line ends inside the record ({msg})")
    } else {
        format!("not valid JSON: {msg} at column {}", e.column())
    }
}

struct Seed<'f> {
    text: &'f str,
    id: &'f str,
}

enum Key {
    Text,
    Id,
    Other,
}

struct KeySeed<'f>(&'f Seed<'f>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Key, E> {
        Ok(if k == self.0.text {
            Key::Text
        } else if k == self.0.id {
            Key::Id
        } else {
            Key::Other
        })
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Fields;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Fields, D::Error> {
        d.deserialize_map(self)
    }
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Fields;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object (one record a line)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut out = Fields { text: None, id: None };
        while let Some(k) = map.next_key_seed(KeySeed(&self))? {
            match k {
                Key::Text => {
                    let v: serde_json::Value = map.next_value()?;
                    out.text = Some(match v {
                        serde_json::Value::String(s) => Ok(s),
                        other => Err(kind(&other)),
                    });
                }
                Key::Id => {
                    let v: serde_json::Value = map.next_value()?;
                    out.id = match v {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s),
                        other => Some(other.to_string()),
                    };
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// The text of an error for a user: the I/O error of a compressed stream that ends
/// early, in words.
pub fn describe_read_error(e: &io::Error, c: Compression) -> String {
    let what: Cow<'_, str> = match e.kind() {
        io::ErrorKind::UnexpectedEof if c != Compression::None => {
            format!("the {} stream ends early (truncated file?): {e}", c.as_str()).into()
        }
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput if c != Compression::None => {
            format!("the {} stream is truncated or corrupt: {e}", c.as_str()).into()
        }
        _ => e.to_string().into(),
    };
    what.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: Vec<u8>) -> (io::Result<String>, Compression) {
        let (mut r, c) = open(Box::new(io::Cursor::new(bytes))).unwrap();
        let mut s = String::new();
        (r.read_to_string(&mut s).map(|_| s), c)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        io::Write::write_all(&mut e, data).unwrap();
        e.finish().unwrap()
    }

    fn zstd(data: &[u8]) -> Vec<u8> {
        zstd::stream::encode_all(data, 3).unwrap()
    }

    const TEXT: &str = "{\"id\": 1, \"text\": \"one line\"}\n{\"id\": 2, \"text\": \"another\"}\n";

    #[test]
    fn decompresses_by_magic_bytes() {
        let (s, c) = decoded(TEXT.as_bytes().to_vec());
        assert_eq!((s.unwrap(), c), (TEXT.to_string(), Compression::None));
        let (s, c) = decoded(gzip(TEXT.as_bytes()));
        assert_eq!((s.unwrap(), c), (TEXT.to_string(), Compression::Gzip));
        // Two zstd frames with a skippable frame between them.
        let mut z = zstd(&TEXT.as_bytes()[..20]);
        z.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        z.extend(zstd(&TEXT.as_bytes()[20..]));
        let (s, c) = decoded(z);
        assert_eq!((s.unwrap(), c), (TEXT.to_string(), Compression::Zstd));
        assert_eq!(decoded(Vec::new()).0.unwrap(), "");
        assert_eq!(decoded(vec![b'x']).0.unwrap(), "x");
    }

    #[test]
    fn truncated_streams_are_errors() {
        let big: String = (0..5000).map(|i| format!("{{\"id\": {i}, \"text\": \"words {}\"}}\n", i * 7919)).collect();
        for (c, z) in [(Compression::Gzip, gzip(big.as_bytes())), (Compression::Zstd, zstd(big.as_bytes()))] {
            let cut = z[..z.len() * 2 / 3].to_vec();
            let (r, got) = decoded(cut);
            assert_eq!(got, c);
            let e = r.unwrap_err();
            let msg = describe_read_error(&e, c);
            assert!(msg.contains(c.as_str()), "{msg}");
            // Cut inside the trailer too.
            let (r, _) = decoded(z[..z.len() - 2].to_vec());
            assert!(r.is_err(), "{c:?}");
        }
    }

    #[test]
    fn lines_are_bounded() {
        let mut r = io::Cursor::new(b"short\nmuch too long a line\nend".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 10).unwrap(), Line::Line);
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line(&mut r, &mut buf, 10).unwrap(), Line::TooLong(21));
        assert_eq!(read_line(&mut r, &mut buf, 10).unwrap(), Line::Line);
        assert_eq!(buf, b"end");
        assert_eq!(read_line(&mut r, &mut buf, 10).unwrap(), Line::Eof);
    }

    #[test]
    fn parses_two_fields_and_explains_bad_records() {
        let ok = parse(br#"{"meta": {"text": 1}, "body": "caf\u00e9", "key": 42}"#, "body", "key").unwrap();
        assert_eq!(ok, ("café".to_string(), Some("42".to_string())));
        let ok = parse(b"{\"text\": \"x\", \"id\": null}\r\n", "text", "id").unwrap();
        assert_eq!(ok, ("x".to_string(), None));
        let e = parse(br#"{"id": "a7", "text": 5}"#, "text", "id").unwrap_err();
        assert_eq!(e, BadRecord { id: Some("a7".into()), message: "field \"text\" is a number, not a string".into() });
        let e = parse(br#"{"id": "a7"}"#, "text", "id").unwrap_err();
        assert_eq!(e.message, "no field \"text\"");
        let e = parse(br#"{"id": "a7", "text": "x"#, "text", "id").unwrap_err();
        assert!(e.message.contains("ends inside"), "{}", e.message);
        let e = parse(b"[1, 2]", "text", "id").unwrap_err();
        assert!(e.message.contains("JSON object") && e.message.contains("column"), "{}", e.message);
        let e = parse(br#"{"text": "x"} trailing"#, "text", "id").unwrap_err();
        assert!(e.message.contains("trailing"), "{}", e.message);
        assert!(parse(b"{\"text\": \"\xff\"}", "text", "id").is_err());
    }
}

#[cfg(test)]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_parse_or_explain_without_panic(line in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Err(b) = parse(&line, "text", "id") {
                prop_assert!(!b.message.is_empty());
            }
        }

        #[test]
        fn any_json_object_keeps_its_text(text in "\\PC{0,100}", id in proptest::option::of("\\PC{0,20}")) {
            let line = serde_json::json!({"id": id, "x": [1, {"text": 2}], "text": text}).to_string();
            prop_assert_eq!(parse(line.as_bytes(), "text", "id").unwrap(), (text, id));
        }

        #[test]
        fn any_input_decodes_or_fails_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), z in any::<bool>()) {
            let mut head = if z { vec![0x28, 0xb5, 0x2f, 0xfd] } else { vec![0x1f, 0x8b] };
            head.extend(bytes);
            let (mut r, _) = open(Box::new(io::Cursor::new(head))).unwrap();
            let mut buf = Vec::new();
            while let Ok(l) = read_line(&mut r, &mut buf, 64) {
                if l == Line::Eof {
                    break;
                }
            }
        }
    }
}
