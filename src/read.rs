//! Reading: bytes → decoded text in bounded chunks, with encoding problems recorded.
//!
//! A file is read [`CHUNK`] bytes at a time, cut after the last line break (or
//! space, or character) of each chunk, so a file of any size is checked in bounded
//! memory. Invalid UTF-8 is replaced by U+FFFD and the original bytes are kept as
//! [`InvalidBytes`] for the encoding analyzer. UTF-16 with a byte-order mark, or
//! recognisable by its zero bytes, is decoded as UTF-16.

use std::io::{self, Read};

use crate::document::{line_breaks, InvalidBytes, Origin};

/// Bytes read per chunk: 1 MiB, so that checking one chunk holds a few tens of MiB
/// whatever the size of the file or streamed document (every analyzer sees one chunk at
/// a time; what lies across chunks, such as a paragraph repeated 1 MiB further on, is
/// not compared).
pub const CHUNK: usize = 1 << 20;
/// Bytes inspected for NUL when deciding whether a file is binary.
pub const SNIFF: usize = 8 << 10;

/// A decoded piece of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The decoded text.
    pub text: String,
    /// Invalid byte runs, located in `text`.
    pub invalid: Vec<InvalidBytes>,
    /// Where the chunk starts in the file.
    pub origin: Origin,
}

/// How a file's bytes were interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (possibly with invalid bytes, possibly with a BOM).
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Not text: NUL bytes that are not UTF-16.
    Binary,
}

/// Guesses the encoding from the first bytes of a file.
pub fn sniff(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    let head = &head[..head.len().min(SNIFF)];
    if memchr::memchr(0, head).is_none() {
        return Encoding::Utf8;
    }
    // UTF-16 without BOM: mostly-ASCII text has a zero in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let even = head.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
        let odd = head.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
        if odd * 10 >= pairs * 9 {
            return Encoding::Utf16Le;
        }
        if even * 10 >= pairs * 9 {
            return Encoding::Utf16Be;
        }
        // Mostly non-ASCII UTF-16 (Greek, Cyrillic, CJK) has zeros only in the high
        // bytes of its ASCII spaces and punctuation: all on one side, never a zero pair.
        let zeros = |k: usize| head.chunks_exact(2).filter(|p| p[k] == 0).count();
        let (lo, hi) = (zeros(0), zeros(1));
        if !head.chunks_exact(2).any(|p| p == [0, 0]) {
            if lo == 0 && hi * 20 >= pairs {
                return Encoding::Utf16Le;
            }
            if hi == 0 && lo * 20 >= pairs {
                return Encoding::Utf16Be;
            }
        }
    }
    Encoding::Binary
}

/// Decodes UTF-8 lossily, recording each invalid run, appending to `out`.
pub fn decode_utf8(bytes: &[u8], out: &mut String, invalid: &mut Vec<InvalidBytes>) {
    decode(bytes, out, invalid, false);
}

/// Whether `b` starts with a surrogate code point in UTF-8 form (`ED A0..BF 80..BF`,
/// as WTF-8 and CESU-8 write them), which is never valid UTF-8.
fn surrogate_at(b: &[u8]) -> bool {
    matches!(b, [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..])
}

/// [`decode_utf8`]; with `wtf8`, an encoded surrogate (how [`Utf16ToUtf8`] passes on
/// an unpaired one) becomes one U+FFFD instead of three.
fn decode(mut bytes: &[u8], out: &mut String, invalid: &mut Vec<InvalidBytes>, wtf8: bool) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[..good]).expect("valid prefix"));
                let bad =
                    if wtf8 && surrogate_at(&bytes[good..]) { 3 } else { e.error_len().unwrap_or(bytes.len() - good) };
                let start = out.len();
                out.push('\u{FFFD}');
                // Adjacent invalid sequences form one run.
                match invalid.last_mut() {
                    Some(last) if last.span.end == start => {
                        last.span.end = out.len();
                        last.bytes.extend(&bytes[good..good + bad]);
                    }
                    _ => invalid.push(InvalidBytes { span: start..out.len(), bytes: bytes[good..good + bad].to_vec() }),
                }
                bytes = &bytes[good + bad..];
            }
        }
    }
}

/// Decodes UTF-16 to UTF-8 bytes, appending to `out`; an unpaired surrogate is
/// written in its (invalid) UTF-8 form, for [`decode`] to record.
fn decode_utf16(bytes: &[u8], le: bool, out: &mut Vec<u8>) {
    let units = bytes.chunks(2).map(|p| {
        let (a, b) = (p[0], *p.get(1).unwrap_or(&0));
        if le {
            u16::from_le_bytes([a, b])
        } else {
            u16::from_be_bytes([a, b])
        }
    });
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(e) => {
                let u = e.unpaired_surrogate();
                out.extend_from_slice(&[
                    0xE0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3F) as u8,
                    0x80 | (u & 0x3F) as u8,
                ]);
            }
        }
    }
}

/// Reads UTF-16 from `inner` and yields it as UTF-8 without the byte-order mark
/// (unpaired surrogates in their invalid UTF-8 form, see [`decode_utf16`]).
struct Utf16ToUtf8<R> {
    inner: R,
    le: bool,
    /// Nothing decoded yet: a leading U+FEFF is the byte-order mark.
    at_start: bool,
    /// What one read of `inner` fills.
    buf: Vec<u8>,
    /// Bytes read but not yet decoded: an odd byte, or a high surrogate awaiting its pair.
    pending: Vec<u8>,
    /// Decoded text not yet handed out, from `pos`.
    text: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Utf16ToUtf8<R> {
    fn new(inner: R, le: bool) -> Self {
        let buf = vec![0; 64 << 10];
        Utf16ToUtf8 { inner, le, at_start: true, buf, pending: Vec::new(), text: Vec::new(), pos: 0, eof: false }
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.text.len() && !self.eof {
            let n = self.inner.read(&mut self.buf)?;
            self.pending.extend_from_slice(&self.buf[..n]);
            self.eof = n == 0;
            let mut take = self.pending.len();
            if !self.eof {
                take -= take % 2;
                // Keep a trailing high surrogate until its low half arrives.
                if take >= 2 {
                    let p = [self.pending[take - 2], self.pending[take - 1]];
                    let last = if self.le { u16::from_le_bytes(p) } else { u16::from_be_bytes(p) };
                    if (0xD800..0xDC00).contains(&last) {
                        take -= 2;
                    }
                }
            }
            self.text.clear();
            self.pos = 0;
            decode_utf16(&self.pending[..take], self.le, &mut self.text);
            self.pending.drain(..take);
            if self.at_start && !self.text.is_empty() {
                self.at_start = false;
                if self.text.starts_with("\u{FEFF}".as_bytes()) {
                    self.pos = '\u{FEFF}'.len_utf8();
                }
            }
        }
        let n = out.len().min(self.text.len() - self.pos);
        out[..n].copy_from_slice(&self.text[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Where to cut a buffer so no line, word or character is split: after the last
/// line break (`\n` or `\r`, never inside `\r\n`), else after the last space, else at
/// the last character start: before a multi-byte one, after an ASCII one, never inside
/// `\r\n` (only invalid continuation bytes follow it).
fn cut_point(buf: &[u8]) -> usize {
    // A `\r` at the very end may be the first half of a `\r\n`: not a cut.
    let end = if buf.last() == Some(&b'\r') { buf.len() - 1 } else { buf.len() };
    if let Some(i) = memchr::memrchr2(b'\n', b'\r', &buf[..end]) {
        if i >= buf.len() / 2 {
            return i + 1;
        }
    }
    if let Some(i) = buf.iter().rposition(|&b| b == b' ' || b == b'\t') {
        if i >= buf.len() / 2 {
            return i + 1;
        }
    }
    let mut i = buf.len();
    while i > 0 && (buf[i - 1] & 0xC0) == 0x80 {
        i -= 1;
    }
    let Some(k) = i.checked_sub(1) else {
        // Only continuation bytes: all invalid, any cut will do.
        return buf.len();
    };
    match buf[k] {
        // A `\r` that ends the buffer may be half of a `\r\n`: before it.
        b'\r' if k + 1 == buf.len() && k > 0 => k,
        // Any other ASCII byte is a whole character: after it.
        0..0x80 => k + 1,
        // A lead byte at the start: after its character (at most 4 bytes).
        _ if k == 0 => buf.len().min(4),
        _ => k,
    }
}

/// Advances `origin` past `text` (line breaks as [`line_breaks`] counts them).
fn advance(origin: Origin, text: &str) -> Origin {
    let b = text.as_bytes();
    // Without `\r`, the breaks are the `\n`s, counted without stopping at each (a
    // chunk holds thousands of lines; `memchr`'s count is several times faster than
    // its iterator).
    let breaks = if memchr::memchr(b'\r', b).is_none() {
        memchr::memchr_iter(b'\n', b).count()
    } else {
        line_breaks(text).count()
    };
    // The last `\n` or `\r` is a break: a `\r` followed by `\n` is not the last.
    let last = memchr::memrchr2(b'\n', b'\r', b).map(|i| i + 1);
    match last {
        Some(i) => Origin { line: origin.line + breaks, column: text[i..].chars().count() },
        None => Origin { line: origin.line, column: origin.column + text.chars().count() },
    }
}

/// Reads `r` to the end as chunks of decoded text, calling `f` on each in order.
/// `head` holds bytes already read from `r` (for sniffing); `enc` their encoding.
/// A UTF-8 byte-order mark at the start of the file is dropped.
pub fn for_each_chunk(head: Vec<u8>, r: impl Read, enc: Encoding, f: impl FnMut(Chunk)) -> io::Result<()> {
    for_each_chunk_sized(CHUNK, head, r, enc, f)
}

/// [`for_each_chunk`] with chunks of at most about `size` bytes (tests use small ones).
pub fn for_each_chunk_sized(
    size: usize,
    head: Vec<u8>,
    r: impl Read,
    enc: Encoding,
    mut f: impl FnMut(Chunk),
) -> io::Result<()> {
    for c in Chunks::sized(size, head, r, enc) {
        f(c?);
    }
    Ok(())
}

/// The chunks of [`for_each_chunk`] as an iterator: each chunk is read when it is
/// asked for; after an error, nothing more.
pub struct Chunks<'r> {
    size: usize,
    r: Box<dyn Read + 'r>,
    /// The bytes come from [`Utf16ToUtf8`].
    from_utf16: bool,
    origin: Origin,
    buf: Vec<u8>,
    eof: bool,
    at_start: bool,
    done: bool,
}

impl<'r> Chunks<'r> {
    /// The chunks of `r` (see [`for_each_chunk`]).
    pub fn new(head: Vec<u8>, r: impl Read + 'r, enc: Encoding) -> Self {
        Chunks::sized(CHUNK, head, r, enc)
    }

    /// [`Chunks::new`] with chunks of at most about `size` bytes.
    pub fn sized(size: usize, head: Vec<u8>, r: impl Read + 'r, enc: Encoding) -> Self {
        let size = size.max(16);
        let from_utf16 = matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be);
        let (r, buf): (Box<dyn Read + 'r>, _) = if from_utf16 {
            // Transcoded to UTF-8 as it is read, so UTF-16 is chunked in bounded memory too.
            (Box::new(Utf16ToUtf8::new(io::Cursor::new(head).chain(r), enc == Encoding::Utf16Le)), Vec::new())
        } else {
            (Box::new(r), head)
        };
        Chunks { size, r, from_utf16, origin: Origin::default(), buf, eof: false, at_start: !from_utf16, done: false }
    }

    fn read_next(&mut self) -> io::Result<Option<Chunk>> {
        let size = self.size;
        if !self.eof && self.buf.len() < size {
            // Grows `buf` only as far as the input goes: a small file costs no 1 MiB buffer.
            let want = (size - self.buf.len()) as u64;
            self.eof = (&mut self.r).take(want).read_to_end(&mut self.buf)? < want as usize;
        }
        if self.at_start {
            self.at_start = false;
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let eof = self.eof;
        let buf = &mut self.buf;
        let cut = if eof { buf.len() } else { cut_point(buf) };
        // The bytes after the cut start the next buffer; the chunk's bytes become its
        // text without a copy when they are valid UTF-8 (as almost all input is).
        let mut rest = Vec::with_capacity(if eof { buf.len() - cut } else { size });
        rest.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        let (text, invalid) = match String::from_utf8(std::mem::replace(buf, rest)) {
            Ok(text) => (text, Vec::new()),
            Err(e) => {
                let bytes = e.into_bytes();
                let (mut text, mut invalid) = (String::with_capacity(bytes.len()), Vec::new());
                decode(&bytes, &mut text, &mut invalid, self.from_utf16);
                (text, invalid)
            }
        };
        let origin = self.origin;
        if eof && self.buf.is_empty() {
            // The last chunk (the only one of most files) needs no count of its lines.
            self.done = true;
        } else {
            self.origin = advance(origin, &text);
        }
        Ok(Some(Chunk { text, invalid, origin }))
    }
}

impl Iterator for Chunks<'_> {
    type Item = io::Result<Chunk>;

    fn next(&mut self) -> Option<io::Result<Chunk>> {
        if self.done {
            return None;
        }
        let r = self.read_next().transpose();
        if !matches!(r, Some(Ok(_))) {
            self.done = true;
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn chunks(bytes: &[u8]) -> Vec<Chunk> {
        let mut v = Vec::new();
        for_each_chunk(Vec::new(), bytes, sniff(bytes), |c| v.push(c)).unwrap();
        v
    }

    #[test]
    fn records_invalid_bytes() {
        let c = &chunks(b"caf\xe9 ok \xff\xfe!")[0];
        assert_eq!(c.text, "caf\u{FFFD} ok \u{FFFD}\u{FFFD}!");
        assert_eq!(c.invalid.len(), 2);
        assert_eq!(c.invalid[1].bytes, vec![0xff, 0xfe]);
        assert_eq!(c.invalid[0].bytes, vec![0xe9]);
        assert_eq!(&c.text[c.invalid[0].span.clone()], "\u{FFFD}");
    }

    #[test]
    fn sniffs_binary_and_utf16() {
        assert_eq!(sniff(b"plain text"), Encoding::Utf8);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"), Encoding::Binary);
        let le: Vec<u8> = "hello world".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff(&le), Encoding::Utf16Le);
        let mut bom = vec![0xFE, 0xFF];
        bom.extend("héllo".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(sniff(&bom), Encoding::Utf16Be);
        assert_eq!(chunks(&bom)[0].text, "héllo");
        assert_eq!(chunks(&le)[0].text, "hello world");
    }

    #[test]
    fn sniffs_utf16_without_bom_in_non_latin_scripts() {
        let text = "Καλημέρα, κόσμε. Привет, мир! 你好，世界。 こんにちは 世界\n".repeat(5);
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(sniff(&le), Encoding::Utf16Le);
        assert_eq!(sniff(&be), Encoding::Utf16Be);
        assert_eq!(chunks(&le)[0].text, text);
        assert_eq!(chunks(&be)[0].text, text);
        // Binary data with zeros on both sides, or zero pairs, stays binary.
        assert_eq!(sniff(b"\x01\x00\x02\x00\x00\x03\x04\x05\x06\x07"), Encoding::Binary);
        assert_eq!(sniff(b"ab\x00\x00cdefghijklmnopq"), Encoding::Binary);
    }

    #[test]
    fn large_input_is_chunked_at_line_breaks_with_origins() {
        let line = "word ".repeat(20) + "é\n";
        let text = line.repeat(CHUNK / line.len() * 3);
        let cs = chunks(text.as_bytes());
        assert!(cs.len() >= 3);
        let joined: String = cs.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(joined, text);
        let mut line_no = 0;
        for c in &cs {
            assert_eq!(c.origin, Origin { line: line_no, column: 0 });
            assert!(c.text.ends_with('\n'));
            line_no += c.text.matches('\n').count();
        }
    }

    /// Returns at most 3 bytes per read, and `Interrupted` every other call.
    struct Trickle<'a>(&'a [u8], bool);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.0.len().min(out.len()).min(3);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn short_and_interrupted_reads_give_the_same_text() {
        let text = "short reads é\r\nstill whole\n".repeat(50);
        let mut v = Vec::new();
        for_each_chunk(b"he".to_vec(), Trickle(text.as_bytes(), false), Encoding::Utf8, |c| v.push(c)).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].text, format!("he{text}"));
    }

    #[test]
    fn utf16_is_decoded_in_pieces_like_whole() {
        let text = "pairs 🚢 across reads, é\r\n".repeat(3000);
        let mut bad = vec![0x0068u16, 0xD800, 0x0069, 0xDC00];
        bad.extend("x".repeat(100).encode_utf16());
        bad.push(0xD83D);
        for (units, want) in [(text.encode_utf16().collect::<Vec<_>>(), text.clone()), (bad, String::new())] {
            for le in [true, false] {
                let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
                bytes.extend(units.iter().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
                let mut utf8 = Vec::new();
                decode_utf16(&bytes[2..], le, &mut utf8);
                let mut whole = String::new();
                decode(&utf8, &mut whole, &mut Vec::new(), true);
                if !want.is_empty() {
                    assert_eq!(whole, want);
                }
                let mut v = Vec::new();
                let enc = sniff(&bytes);
                for_each_chunk(bytes[..3].to_vec(), Trickle(&bytes[3..], false), enc, |c| v.push(c)).unwrap();
                let joined: String = v.iter().map(|c| c.text.as_str()).collect();
                assert_eq!(joined, whole);
            }
        }
    }

    #[test]
    fn one_long_line_is_cut_at_spaces_with_columns() {
        let text = "abc ".repeat(CHUNK / 2);
        let cs = chunks(text.as_bytes());
        assert!(cs.len() >= 2);
        assert_eq!(cs[1].origin.line, 0);
        assert_eq!(cs[1].origin.column, cs[0].text.chars().count());
    }

    fn chunks_of(size: usize, bytes: &[u8]) -> Vec<Chunk> {
        let mut v = Vec::new();
        for_each_chunk_sized(size, Vec::new(), bytes, sniff(bytes), |c| v.push(c)).unwrap();
        v
    }

    #[test]
    fn utf8_bom_is_dropped_once_at_the_start_only() {
        let cs = chunks(b"\xEF\xBB\xBFfirst line\n\xEF\xBB\xBFkept");
        assert_eq!(cs[0].text, "first line\n\u{FEFF}kept");
        assert!(cs[0].invalid.is_empty());
        // A BOM that arrives in pieces is still seen whole.
        let mut v = Vec::new();
        for_each_chunk(b"\xEF".to_vec(), Trickle(b"\xBB\xBFx", false), Encoding::Utf8, |c| v.push(c)).unwrap();
        assert_eq!(v[0].text, "x");
        // A UTF-16 file's second U+FEFF is text, not a mark.
        let le: Vec<u8> = [0xFEFF, 0xFEFF, 0x61].iter().flat_map(|u: &u16| u.to_le_bytes()).collect();
        assert_eq!(chunks(&le)[0].text, "\u{FEFF}a");
    }

    #[test]
    fn unpaired_utf16_surrogates_are_recorded() {
        let units = [0x61u16, 0xD83D, 0x62, 0xDE00, 0xDE00, 0x63, 0xD83D, 0xDE00];
        for le in [true, false] {
            let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            bytes.extend(units.iter().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
            let c = &chunks(&bytes)[0];
            assert_eq!(c.text, "a\u{FFFD}b\u{FFFD}\u{FFFD}c😀");
            assert_eq!(c.invalid.len(), 2);
            assert_eq!(&c.text[c.invalid[0].span.clone()], "\u{FFFD}");
            assert_eq!(c.invalid[0].bytes, vec![0xED, 0xA0, 0xBD]);
            assert_eq!(c.invalid[1].span, 5..11);
            assert_eq!(c.invalid[1].bytes, vec![0xED, 0xB8, 0x80, 0xED, 0xB8, 0x80]);
        }
        // In a UTF-8 file the same bytes stay three invalid bytes (U+FFFD each).
        assert_eq!(chunks(b"a\xED\xA0\xBDb")[0].text, "a\u{FFFD}\u{FFFD}\u{FFFD}b");
    }

    #[test]
    fn lone_cr_is_a_line_break_for_origins_and_cuts() {
        let text = "one line\rtwo words\r\nthree\n".repeat(40);
        for size in [16, 17, 31, 64, 1000] {
            let cs = chunks_of(size, text.as_bytes());
            let joined: String = cs.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(joined, text);
            let mut origin = Origin::default();
            for (k, c) in cs.iter().enumerate() {
                assert_eq!(c.origin, origin, "size {size}");
                let split = c.text.ends_with('\r') && cs.get(k + 1).is_some_and(|n| n.text.starts_with('\n'));
                assert!(!split, "size {size}: a chunk never ends between \\r and \\n");
                origin = advance(origin, &c.text);
            }
            assert_eq!(origin, Origin { line: 120, column: 0 });
        }
        assert_eq!(advance(Origin { line: 2, column: 7 }, "ab"), Origin { line: 2, column: 9 });
        assert_eq!(advance(Origin { line: 2, column: 7 }, "a\r\r\nbé"), Origin { line: 4, column: 2 });
        assert_eq!(cut_point(b"abcdef\r\nghij\r"), 8);
        assert_eq!(cut_point(b"abcdefgh\rij"), 9);
    }

    /// [`advance`] the plain way: every break of [`line_breaks`], one at a time.
    fn advance_plain(origin: Origin, text: &str) -> Origin {
        match line_breaks(text).last() {
            Some(i) => Origin { line: origin.line + line_breaks(text).count(), column: text[i..].chars().count() },
            None => Origin { line: origin.line, column: origin.column + text.chars().count() },
        }
    }

    #[test]
    fn advance_counts_breaks_like_line_breaks() {
        let o = Origin { line: 3, column: 5 };
        for t in ["", "a", "\n", "\r", "\r\n", "\n\r", "ab\ncd\n", "é\nx", "a\r\nb\rc\r", "a\nb\r\n\r\né"] {
            assert_eq!(advance(o, t), advance_plain(o, t), "{t:?}");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn advance_is_the_plain_count(t in "[ab é\r\n]{0,200}") {
                let o = Origin { line: 1, column: 2 };
                prop_assert_eq!(advance(o, &t), advance_plain(o, &t));
            }
        }
    }

    /// Found by fuzzing (fuzz/fuzz_targets/chunks.rs): a character at the start of a
    /// buffer followed only by continuation bytes was cut after its first byte.
    #[test]
    fn a_character_followed_by_stray_continuation_bytes_is_not_split() {
        let mut bytes = vec![0xDE, 0xEF, 0xBB, 0x88];
        bytes.extend([0x88; 40]);
        bytes.extend(b" tail");
        let whole = &chunks(&bytes)[0];
        for size in [16, 18, 40] {
            let cs = chunks_of(size, &bytes);
            let joined: String = cs.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(joined, whole.text, "size {size}");
            let bad: Vec<u8> = cs.iter().flat_map(|c| c.invalid.iter().flat_map(|r| r.bytes.clone())).collect();
            assert_eq!(bad, whole.invalid.iter().flat_map(|r| r.bytes.clone()).collect::<Vec<_>>());
        }
        assert_eq!(cut_point(&bytes[1..19]), 4);
    }

    /// Found by fuzzing: a `\r\n` followed only by continuation bytes was cut in two,
    /// so the chunks counted one line more than the whole file.
    #[test]
    fn crlf_before_stray_continuation_bytes_is_not_split() {
        let mut bytes = b"caf\xe9 stray".to_vec();
        bytes.extend([0x88; 30]);
        bytes.extend(b"\r\n");
        bytes.extend([0x91; 30]);
        bytes.extend(b"\rnext\n");
        bytes.extend([0x88; 20]);
        bytes.push(b'\r');
        let whole = Document::plain(&chunks(&bytes)[0].text).line_count();
        for size in [16, 20, 40, 64] {
            let cs = chunks_of(size, &bytes);
            let last = cs.last().unwrap();
            let end = advance(last.origin, &last.text);
            assert_eq!(end.line + 1, whole, "size {size}");
        }
        assert_eq!(cut_point(b"ab\r\n\x88\x88\x88\x88\x88\x88\x88\x88"), 4);
        assert_eq!(cut_point(b"\x88\x88\x88\x88\x88\x88\x88\x88\x88\r"), 9);
    }
}
