//! A one-pass reader for the usual JSONL record, tried before serde_json.
//!
//! [`parse`] accepts a flat-enough object whose text field is a string and whose id
//! field is a string, `null` or a plain non-negative integer, and decodes those two
//! strings straight from the line into strings of their own: one copy, no scratch
//! buffer growing by doubling, no `serde_json::Value`. Anything else it does not
//! judge: it answers `None` and the caller parses the line with serde_json, which
//! then gives the answer (and every error message) as before. It is stricter than
//! serde_json, never looser: whatever it accepts, serde_json accepts with the same
//! fields (duplicate keys: the last one wins in both). A test holds it to that.

/// How deep arrays and objects may nest here (serde_json allows 128; deeper goes to it).
const DEPTH: usize = 64;

/// The text and id of `line`, if it is a record this reader settles by itself.
pub fn parse(line: &[u8], text_field: &str, id_field: &str) -> Option<(String, Option<String>)> {
    let b = line;
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(b, i + 1);
    let mut text = None;
    let mut id = None;
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let (key, after) = key(b, i + 1)?;
        i = ws(b, after);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        if key == text_field.as_bytes() {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (s, after) = string(b, i + 1)?;
            text = Some(s);
            i = after;
        } else if key == id_field.as_bytes() {
            let (v, after) = id_value(b, i)?;
            id = v;
            i = after;
        } else {
            i = value(b, i, 1)?;
        }
        i = ws(b, i);
        match b.get(i) {
            Some(b',') => i = ws(b, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (ws(b, i + 1) == b.len()).then_some(())?;
    Some((text?, id))
}

/// The first index from `i` on that is not JSON whitespace.
fn ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// A key without escapes (opening quote before `i`): its bytes and the index after it.
fn key(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let end = i + memchr::memchr2(b'"', b'\\', &b[i..])?;
    let k = &b[i..end];
    (b[end] == b'"' && !has_control(k) && std::str::from_utf8(k).is_ok()).then_some((k, end + 1))
}

/// The id: a string, `null` (no id) or digits, as `serde_json::Value` would give it.
fn id_value(b: &[u8], i: usize) -> Option<(Option<String>, usize)> {
    match b.get(i)? {
        b'"' => string(b, i + 1).map(|(s, e)| (Some(s), e)),
        b'n' => b[i..].starts_with(b"null").then_some((None, i + 4)),
        b'0'..=b'9' => {
            let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            // Leading zeros, fractions, exponents and numbers past u64: serde_json's.
            let plain = n <= 19 && (n == 1 || b[i] != b'0');
            let ends = !matches!(b.get(i + n), Some(b'.' | b'e' | b'E'));
            let digits = std::str::from_utf8(&b[i..i + n]).ok()?;
            (plain && ends).then(|| (Some(digits.to_string()), i + n))
        }
        _ => None,
    }
}

/// Whether `b` holds a byte below 0x20, which a JSON string may not (written to vectorize).
fn has_control(b: &[u8]) -> bool {
    b.iter().fold(u8::MAX, |m, &x| m.min(x)) < 0x20
}

/// Four hex digits at `i`.
fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let d = b.get(i..i + 4)?;
    d.iter().try_fold(0u32, |n, &c| Some(n << 4 | (c as char).to_digit(16)?))
}

/// Decodes the escape after a backslash at `i - 1` onto `out`; the index after it.
fn escape(b: &[u8], i: usize, out: &mut Vec<u8>) -> Option<usize> {
    let simple = match b.get(i)? {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => b'\x08',
        b'f' => b'\x0c',
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'u' => {
            let n = hex4(b, i + 1)?;
            let (c, end) = match n {
                0xD800..=0xDBFF => {
                    // A leading surrogate needs its trailing one; serde_json errs otherwise.
                    if b.get(i + 5..i + 7)? != b"\\u" {
                        return None;
                    }
                    let n2 = hex4(b, i + 7)?;
                    if !(0xDC00..=0xDFFF).contains(&n2) {
                        return None;
                    }
                    (0x10000 + ((n - 0xD800) << 10 | (n2 - 0xDC00)), i + 11)
                }
                0xDC00..=0xDFFF => return None,
                _ => (n, i + 5),
            };
            let c = char::from_u32(c)?;
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            return Some(end);
        }
        _ => return None,
    };
    out.push(simple);
    Some(i + 1)
}

/// Decodes the string whose opening quote is before `i`: the string and the index
/// after its closing quote.
fn string(b: &[u8], i: usize) -> Option<(String, usize)> {
    let start = i;
    let mut at = i;
    // Decoded bytes so far, once there is an escape (no escape: one copy at the end).
    let mut out: Vec<u8> = Vec::new();
    loop {
        let j = at + memchr::memchr2(b'"', b'\\', &b[at..])?;
        if b[j] == b'"' {
            // Escapes are printable ASCII: the raw span has a control byte iff a run does.
            if has_control(&b[start..j]) {
                return None;
            }
            let s = if out.capacity() == 0 {
                std::str::from_utf8(&b[start..j]).ok()?.to_owned()
            } else {
                out.extend_from_slice(&b[at..j]);
                // Escapes decode to whole characters between ASCII bytes, so the decoded
                // string is UTF-8 exactly when every raw run is (serde_json checks it whole too).
                let mut s = String::from_utf8(out).ok()?;
                if s.capacity() - s.len() > s.len() / 8 + 64 {
                    s.shrink_to_fit();
                }
                s
            };
            return Some((s, j + 1));
        }
        if out.capacity() == 0 {
            // The decoded string is no longer than the rest of the line.
            out.reserve_exact(b.len() - start);
        }
        out.extend_from_slice(&b[at..j]);
        at = escape(b, j + 1, &mut out)?;
    }
}

/// Skips a JSON value at `i` (nested `depth` deep); the index after it.
fn value(b: &[u8], i: usize, depth: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i + 1),
        b't' => b[i..].starts_with(b"true").then_some(i + 4),
        b'f' => b[i..].starts_with(b"false").then_some(i + 5),
        b'n' => b[i..].starts_with(b"null").then_some(i + 4),
        b'-' | b'0'..=b'9' => number(b, i),
        open @ (b'[' | b'{') if depth < DEPTH => {
            let close = if *open == b'[' { b']' } else { b'}' };
            let mut i = ws(b, i + 1);
            if b.get(i) == Some(&close) {
                return Some(i + 1);
            }
            loop {
                if *open == b'{' {
                    if b.get(i) != Some(&b'"') {
                        return None;
                    }
                    i = ws(b, key(b, i + 1).map(|(_, e)| e).or_else(|| string(b, i + 1).map(|(_, e)| e))?);
                    if b.get(i) != Some(&b':') {
                        return None;
                    }
                    i = ws(b, i + 1);
                }
                i = ws(b, value(b, i, depth + 1)?);
                match b.get(i) {
                    Some(b',') => i = ws(b, i + 1),
                    Some(&c) if c == close => return Some(i + 1),
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// Skips a string (opening quote before `i`), checked as strictly as a decoded one.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut at = i;
    let mut sink = Vec::new();
    loop {
        let j = at + memchr::memchr2(b'"', b'\\', &b[at..])?;
        if b[j] == b'"' {
            let raw = &b[i..j];
            return (!has_control(raw) && std::str::from_utf8(raw).is_ok()).then_some(j + 1);
        }
        sink.clear();
        at = escape(b, j + 1, &mut sink)?;
    }
}

/// Skips a number of JSON's grammar at `i`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |i: usize| b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let n = digits(i);
    if n == 0 || (n > 1 && b[i] == b'0') {
        return None;
    }
    i += n;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::input::parse_plain;
    use proptest::prelude::*;

    /// The fast reader agrees with serde_json whenever it answers; `fast` says it must answer.
    fn agrees(line: &[u8], fast: bool) {
        let got = parse(line, "text", "id");
        if let Some(r) = &got {
            assert_eq!(parse_plain(line, "text", "id").as_ref(), Ok(r), "{}", String::from_utf8_lossy(line));
        }
        assert!(!fast || got.is_some(), "not read fast: {}", String::from_utf8_lossy(line));
    }

    #[test]
    fn reads_usual_records_as_serde_json_does() {
        for line in [
            r#"{"id": "w/1", "source": "wikipedia", "text": "line\nbreak \"quoted\" caf\u00e9 \ud83d\ude00 \/ \\ \b\f\r\t"}"#,
            "{\"text\": \"café, no escapes\", \"id\": 42}\r\n",
            r#" { "text" : "x" , "id" : null , "n": -1.5e-3, "m": [1, {"a": [true, false, null]}], "o": {} } "#,
            r#"{"text": "first", "id": 7, "text": "last wins", "id": "s"}"#,
            r#"{"id": 0, "text": ""}"#,
            r#"{"id": 9999999999999999999, "text": "\u0000 and \u001f"}"#,
            r#"{"meta": {"text": 1, "k\"ey": "v\u00e9"}, "text": "t", "e": []}"#,
        ] {
            agrees(line.as_bytes(), true);
        }
    }

    #[test]
    fn leaves_the_rest_to_serde_json() {
        for line in [
            "",
            "[1]",
            "{}",
            r#"{"id": 1}"#,
            r#"{"text": 5}"#,
            r#"{"text": "a",}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a\x"}"#,
            r#"{"text": "\ud83d"}"#,
            r#"{"text": "\ude00"}"#,
            r#"{"text": "\ud83d\u0041"}"#,
            r#"{"text": "a", "id": 1.0}"#,
            r#"{"text": "a", "id": -1}"#,
            r#"{"text": "a", "id": 01}"#,
            r#"{"text": "a", "id": 1e3}"#,
            r#"{"text": "a", "id": 18446744073709551616}"#,
            r#"{"text": "a", "id": true}"#,
            r#"{"te\u0078t": "a"}"#,
            r#"{"text": "a", "n": 01}"#,
            r#"{"text": "a", "n": -}"#,
            r#"{"text": "a", "n": 1.}"#,
            r#"{"text": "a", "n": [1,]}"#,
            r#"{"text": "a", "n": nul}"#,
            "{\"text\": \"a\tb\"}",
            r#"{"text": "a", "id": "b"#,
        ] {
            agrees(line.as_bytes(), false);
            assert!(parse(line.as_bytes(), "text", "id").is_none(), "{line}");
        }
        agrees(b"{\"text\": \"\xff\"}", false);
        assert!(parse(b"{\"text\": \"\xff\"}", "text", "id").is_none());
        agrees(b"{\"text\": \"a\", \"s\": \"\xff\"}", false);
        let deep = format!(r#"{{"text": "a", "n": {}1{}}}"#, "[".repeat(200), "]".repeat(200));
        agrees(deep.as_bytes(), false);
    }

    /// A record as serde_json writes it, and whether the fast reader must settle it.
    fn record() -> impl Strategy<Value = (String, bool)> {
        let id = prop_oneof![
            Just(serde_json::Value::Null),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            "\\PC{0,10}".prop_map(serde_json::Value::from),
        ];
        let text = prop_oneof!["\\PC{0,60}", "[\\x00-\\x7f]{0,30}", "(\\PC|\n|\"|\\\\|\u{1F600}){0,40}"];
        (text, id, any::<bool>(), 0usize..3).prop_map(|(t, id, meta, order)| {
            let mut fields = vec![
                ("text".to_string(), serde_json::Value::from(t)),
                ("id".to_string(), id),
                ("src".to_string(), serde_json::json!("wiki")),
            ];
            if meta {
                fields.push(("meta".to_string(), serde_json::json!({"a": [1, -2.5, "\u{e9}"], "text": null})));
            }
            fields.rotate_left(order);
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap(), serde_json::to_string(v).unwrap()))
                .collect();
            let fast = fields.iter().any(|(k, v)| {
                k == "id" && (v.is_null() || v.is_string() || v.as_u64().is_some_and(|n| n < 10u64.pow(19)))
            });
            (format!("{{{}}}\n", body.join(", ")), fast)
        })
    }

    proptest! {
        #[test]
        fn has_control_is_any_byte_below_0x20(b in proptest::collection::vec(prop_oneof![1 => 0u8..0x20, 40 => 0x20u8..], 0..200)) {
            prop_assert_eq!(has_control(&b), b.iter().any(|&x| x < 0x20));
        }

        #[test]
        fn agrees_with_serde_json_on_records((line, fast) in record()) {
            agrees(line.as_bytes(), fast);
        }

        #[test]
        fn agrees_with_serde_json_on_damaged_records((line, _) in record(), at in any::<prop::sample::Index>(), b in any::<u8>(), how in 0u8..3) {
            let mut line = line.into_bytes();
            let i = at.index(line.len());
            match how {
                0 => line[i] = b,
                1 => { line.remove(i); }
                _ => line.insert(i, b),
            }
            agrees(&line, false);
        }

        #[test]
        fn agrees_with_serde_json_on_any_bytes(line in proptest::collection::vec(any::<u8>(), 0..80)) {
            agrees(&line, false);
        }
    }
}
