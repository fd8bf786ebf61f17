//! The tokenizer shared by `check` and `train`: words, numbers and punctuation with byte spans.
//!
//! Hand-written rather than UAX #29 (`unicode-segmentation`) for two reasons: every
//! byte of every checked document passes through it, and garbled needs decisions
//! UAX #29 does not make the same way (an invisible character or soft hyphen inside
//! a word keeps the word whole, so the unicode analyzer can flag it without the
//! word-boundary analyzer also seeing two fragments; digits start numbers, not words).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter: letters, digits, marks, inner apostrophes and invisibles.
    Word,
    /// Starts with a digit: digits, letters ("3rd"), and `.`/`,` between digits.
    Number,
    /// Any other non-space character, one per token.
    Punct,
}

/// One token: a byte range of the text and its kind.
///
/// The offsets are stored as `u32` (12 bytes a token instead of 24: the token array
/// is several times the size of the text, and analyzers walk it), so a tokenized
/// text must be shorter than 4 GiB; see [`Document::new`](crate::document::Document::new).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    /// What the token is.
    pub kind: TokenKind,
    /// All bytes are ASCII (fits in the padding: still 12 bytes).
    ascii: bool,
    /// A word whose first byte is an ASCII lower-case letter (also in the padding):
    /// set by the tokenizer, which has that byte at hand, for the spin scan, which
    /// asks it of every eligible word.
    lower: bool,
    /// Bits set by the tokenizer (the last padding byte): [`STOP_BIT`] for punctuation that
    /// may end a sentence, so that the repetition analyzer's word walk passes other
    /// punctuation without the text; [`JOINED`] for a short ASCII word one space after
    /// another, so that the spin walk links the commonest pair without the text.
    bits: u8,
}

/// [`Token::may_end_sentence`]'s bit (only punctuation has it).
const STOP_BIT: u8 = 1;
/// [`Token::follows_word`]'s bit (only words have it).
const JOINED: u8 = 2;

// The point of the `u32` offsets: 12 bytes a token.
const _: () = assert!(std::mem::size_of::<Token>() == 12);

impl Token {
    /// A token over the bytes `start..end` (both at most `u32::MAX`); `ascii` when
    /// they are all ASCII.
    #[inline]
    pub fn new(start: usize, end: usize, kind: TokenKind, ascii: bool) -> Self {
        debug_assert!(start <= end && end <= u32::MAX as usize);
        Token { start: start as u32, end: end as u32, kind, ascii, lower: false, bits: 0 }
    }

    /// The token with its first byte `b` noted: [`Token::is_lower_word`] is true for a
    /// word whose first byte is an ASCII lower-case letter, [`Token::may_end_sentence`]
    /// for punctuation starting with `.`, `!`, `?` or 0xE2. (Every word and punctuation
    /// token made by the tokenizer has it noted.)
    #[inline]
    pub fn with_first(self, b: u8) -> Self {
        let stop = self.kind == TokenKind::Punct && matches!(b, b'.' | b'!' | b'?' | 0xE2);
        Token { lower: self.kind == TokenKind::Word && b.is_ascii_lowercase(), bits: self.bits | stop as u8, ..self }
    }

    /// The token with [`Token::follows_word`] noted as `joined` (which the caller
    /// decides).
    #[inline]
    pub fn with_joined(self, joined: bool) -> Self {
        Token { bits: self.bits | (joined as u8 * JOINED), ..self }
    }

    /// Punctuation over `start..end`, `stop` when [`Token::may_end_sentence`] (what
    /// [`Token::with_first`] notes, for the tokenizer, which has it from its class table).
    #[inline]
    pub fn punct(start: usize, end: usize, ascii: bool, stop: bool) -> Self {
        Token { bits: stop as u8, ..Token::new(start, end, TokenKind::Punct, ascii) }
    }

    /// True for punctuation whose first byte is `.`, `!`, `?` or 0xE2 (`…` and other
    /// characters from U+2000 to U+2FFF): the only punctuation that may end a sentence.
    #[inline]
    pub fn may_end_sentence(&self) -> bool {
        self.bits & STOP_BIT != 0
    }

    /// True for a word keyed by the tokenizer's fast path (see [`tokenize_keyed`]) whose
    /// token before is such a word too, ending one space (`' '`) before it: the
    /// commonest pair of [`word_pairs`] (`word_after(i - 1) == Some(i)`), noted by the
    /// tokenizer, which has the space at hand. False for other pairs one space apart.
    #[inline]
    pub fn follows_word(&self) -> bool {
        self.bits & JOINED != 0
    }

    /// True for a word whose first byte is an ASCII lower-case letter (any other word
    /// starts with an ASCII upper-case letter or a non-ASCII character).
    #[inline]
    pub fn is_lower_word(&self) -> bool {
        self.lower
    }

    /// True when every byte of the token is ASCII (its length in bytes is its length
    /// in characters).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// True for a word of ASCII bytes only (`kind` and `ascii`, side by side, tested
    /// as one 16-bit value).
    #[inline]
    pub fn is_ascii_word(&self) -> bool {
        (self.kind as u16 | (self.ascii as u16) << 8) == (TokenKind::Word as u16 | 1 << 8)
    }

    /// Byte offset of the first byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last byte.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The byte range `start..end`.
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

/// True for characters that are invisible inside a word (soft hyphen, zero-width
/// space/joiners, word joiner, BOM).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// True for combining marks in the common combining blocks.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// `c.is_alphabetic()`, answered without the Unicode tables for Latin, basic Greek
/// and Russian letters, the Latin-1 signs (`£`, `©`, no-break space) and the general
/// punctuation of prose (dashes, curly quotes): the table search costs a few hundred
/// instructions.
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphabetic(),
        0x80..=0xBF => matches!(c, '\u{AA}' | '\u{B5}' | '\u{BA}'),
        0xC0..=0x24F => c != '\u{D7}' && c != '\u{F7}',
        // The basic Greek and Russian letters.
        0x391..=0x3A1 | 0x3A3..=0x3CE | 0x410..=0x44F => true,
        0x2010..=0x2027 => false,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_numeric()`, answered like [`is_alpha`].
#[inline]
pub fn is_num(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_digit(),
        0x80..=0xBF => matches!(c, '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{BC}' | '\u{BD}' | '\u{BE}'),
        0xC0..=0x24F | 0x391..=0x3A1 | 0x3A3..=0x3CE | 0x410..=0x44F | 0x2010..=0x2027 => false,
        _ => c.is_numeric(),
    }
}

/// `c.is_alphanumeric()`, answered like [`is_alpha`].
#[inline]
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_num(c)
}

fn word_char(c: char) -> bool {
    is_alpha(c) || is_num(c) || is_mark(c)
}

/// Byte classes of ASCII for the scanner's fast paths.
const ALNUM: u8 = 1;
const SPACE: u8 = 2;
const ALPHA: u8 = 4;
const DIGIT: u8 = 8;
/// `.`, `!`, `?`: punctuation that may end a sentence ([`Token::may_end_sentence`]).
const STOP: u8 = 16;

// A `const`, not a `static`: each use gets its own copy, addressed directly (a
// `static` in another codegen unit is reached through the global offset table, one
// load more each byte of white space and each token).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = ALNUM | ALPHA;
        } else if c.is_ascii_digit() {
            t[b] = ALNUM | DIGIT;
        } else if c.is_ascii_whitespace() {
            t[b] = SPACE;
        } else if matches!(c, b'.' | b'!' | b'?') {
            t[b] = STOP;
        }
        b += 1;
    }
    t
};

/// Splits `text` into tokens, skipping white space.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out);
    out
}

/// Like [`tokenize`], appending to `out` (reuses its allocation).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    tokenize_each(text, |t| out.push(t));
}

/// Calls `f` with each token of `text` in order ([`Token::is_ascii`] says whether it is all ASCII).
#[inline]
pub fn tokenize_each(text: &str, f: impl FnMut(Token)) {
    tokenize_with_lines(text, f, |_| {});
}

/// [`tokenize_each`], also calling `line` with the byte offset just after each line
/// break, in order: the offsets [`crate::document::line_breaks`] gives, found on the
/// way (every `\n` and `\r` byte is white space between tokens).
#[inline]
pub fn tokenize_with_lines(text: &str, mut f: impl FnMut(Token), line: impl FnMut(usize)) {
    tokenize_keyed(text, |t, _| f(t), line);
}

/// The lookup form of a short ASCII word found by the tokenizer's fast path: its
/// bytes lower-cased (as [`normalize_word`] would), zero-padded to 16 and read as two
/// little-endian `u64`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordKey {
    /// Bytes 0 to 7.
    pub lo: u64,
    /// Bytes 8 to 15.
    pub hi: u64,
}

/// [`tokenize_with_lines`], also passing each word of 1 to 15 ASCII letters and
/// digits its [`WordKey`] (computed from the bytes the scanner loaded anyway); `None`
/// for other tokens. (Only a word close to the end of the text, too close to load
/// eight or sixteen bytes from its start, or one followed by an apostrophe or a
/// non-ASCII character, may come without its key although it qualifies.)
#[inline]
pub fn tokenize_keyed(text: &str, f: impl FnMut(Token, Option<WordKey>), line: impl FnMut(usize)) {
    /// The two closures as a [`Sink`].
    struct Closures<F, L>(F, L);
    impl<F: FnMut(Token, Option<WordKey>), L: FnMut(usize)> Sink for Closures<F, L> {
        #[inline(always)]
        fn word(&mut self, t: Token, key: WordKey) {
            (self.0)(t, Some(key));
        }
        #[inline(always)]
        fn token(&mut self, t: Token) {
            (self.0)(t, None);
        }
        #[inline(always)]
        fn line(&mut self, at: usize) {
            (self.1)(at);
        }
    }
    scan(text, &mut Closures(f, line));
}

/// What [`scan`] hands the tokens and line starts of a text to, in text order.
///
/// A trait rather than closures so that one value can take both the keyed words and
/// the other tokens (two closures could not both borrow the same output), and so
/// that the common case, a short ASCII word, reaches its own method with its kind,
/// `ascii` flag and key known (no `Option` to build and test again).
pub trait Sink {
    /// A word `t` of 1 to 15 ASCII letters and digits, and its [`WordKey`].
    fn word(&mut self, t: Token, key: WordKey);
    /// Any other token.
    fn token(&mut self, t: Token);
    /// A line starts at byte `at` (just after a line break).
    fn line(&mut self, at: usize);
}

/// The tokenizer: hands every token of `text` to `sink` ([`Sink::word`] for the short
/// ASCII words its fast path keys, [`Sink::token`] for the rest), and the offset just
/// after each line break to [`Sink::line`] (the offsets [`crate::document::line_breaks`]
/// gives: every `\n` and `\r` byte is white space between tokens).
#[inline(always)]
pub fn scan<S: Sink>(text: &str, sink: &mut S) {
    let bytes = text.as_bytes();
    let mut i = 0;
    'tokens: while i < bytes.len() {
        let b = bytes[i];
        // The common space first, before the class table.
        if b == b' ' {
            i += 1;
            continue;
        }
        if b < 0x80 {
            let class = CLASS[b as usize];
            if class & ALPHA != 0 {
                // A run of fast-path words, each one space after the last: the second
                // and later follow a word ([`Token::follows_word`]), known from where
                // the run is (no state kept from one token to the next).
                let (mut b, mut joined) = (b, false);
                while let Some((end, next, key)) = quick_word(bytes, i) {
                    sink.word(Token::new(i, end, TokenKind::Word, true).with_first(b).with_joined(joined), key);
                    // A space after the word (known: it ended the word) is skipped
                    // here rather than by another trip through the loop. The run goes
                    // on at a letter (which is not what ended the word: after a word
                    // not ended by a space, `next` is `end`).
                    i = next;
                    match bytes.get(i) {
                        Some(&c) if CLASS[c as usize] & ALPHA != 0 => (b, joined) = (c, true),
                        _ => continue 'tokens,
                    }
                }
                let (end, ascii) = scan_word_general(text, i);
                sink.token(Token::new(i, end, TokenKind::Word, ascii).with_first(b));
                i = end;
            } else if class & SPACE != 0 {
                // `\n`, or `\r` not before `\n`.
                if b <= b'\r' && (b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))) {
                    sink.line(i + 1);
                }
                i += 1;
            } else if class & DIGIT != 0 {
                let end = scan_number(text, i);
                sink.token(Token::new(i, end, TokenKind::Number, bytes[i..end].is_ascii()));
                i = end;
            } else {
                sink.token(Token::punct(i, i + 1, true, class & STOP != 0));
                i += 1;
            }
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            let len = c.len_utf8();
            if c.is_whitespace() {
                i += len;
                continue;
            }
            let t = if is_alpha(c) || is_mark(c) {
                let (end, _) = scan_word_general(text, i);
                Token::new(i, end, TokenKind::Word, false)
            } else if is_num(c) {
                let end = scan_number(text, i);
                Token::new(i, end, TokenKind::Number, false)
            } else {
                Token::punct(i, i + len, false, bytes[i] == 0xE2)
            };
            sink.token(t);
            i = t.end();
        }
    }
}

/// The high bit of each byte of `w` that is not an ASCII letter or digit (exact per
/// byte: no carry crosses from one byte into the next).
#[inline]
fn not_alnum(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let v = w & !HIGH;
    // For 7-bit bytes `v`: `v + (0x80 - lo)` has its high bit set iff `v >= lo`, and
    // `v + (0x7F - hi)` has it clear iff `v <= hi`; no sum exceeds 0xFF.
    let ge = |v: u64, lo: u8| v.wrapping_add(ONES * (0x80 - lo) as u64);
    let le = |v: u64, hi: u8| !v.wrapping_add(ONES * (0x7F - hi) as u64);
    let digit = ge(v, b'0') & le(v, b'9');
    let l = v | (ONES * 0x20);
    let alpha = ge(l, b'a') & le(l, b'z');
    !((digit | alpha) & !w) & HIGH
}

/// The fast path of a word starting at `start` (an ASCII letter): an ASCII word of at
/// most fifteen bytes ended by ASCII other than an apostrophe, found in one or two
/// eight-byte steps (most words of prose). Returns its end, where the scanner goes on
/// (past the byte after the word when that is a space) and its [`WordKey`]; `None`
/// for any other word, or when the eight-byte loads would pass the end of `bytes`
/// (then [`scan_word_general`] decides).
#[inline(always)]
fn quick_word(bytes: &[u8], start: usize) -> Option<(usize, usize, WordKey)> {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    /// From a nonzero [`not_alnum`] `stop` of the eight bytes `w` at `at`: the end of
    /// the word, where to go on, and the lower-cased bytes before the stop; `None`
    /// when the byte that stops the word does not end it (an apostrophe, or not ASCII).
    #[inline(always)]
    fn stop_at(w: u64, stop: u64, at: usize) -> Option<(usize, usize, u64)> {
        // (`bit` is 8 × the stopping byte's index + 7.) The stopping byte is in `w`: no
        // load, no bounds check.
        let bit = stop.trailing_zeros();
        let e = (w >> (bit - 7)) as u8;
        if e >= 0x80 || e == b'\'' {
            return None;
        }
        let end = at + (bit / 8) as usize;
        // The bytes before the stop are ASCII letters and digits: setting bit 5
        // lower-cases the letters and leaves the digits as they are. The mask keeps
        // the bytes below the first stop.
        let mask = ((stop & stop.wrapping_neg()) >> 7).wrapping_sub(1);
        Some((end, end + (e == b' ') as usize, (w | LOWER) & mask))
    }
    let w = u64::from_le_bytes(bytes.get(start..start + 8)?.try_into().unwrap_or([0; 8]));
    let stop = not_alnum(w);
    if stop != 0 {
        let (end, next, lo) = stop_at(w, stop, start)?;
        return Some((end, next, WordKey { lo, hi: 0 }));
    }
    let w2 = u64::from_le_bytes(bytes.get(start + 8..start + 16)?.try_into().unwrap_or([0; 8]));
    let stop = not_alnum(w2);
    if stop == 0 {
        return None;
    }
    let (end, next, hi) = stop_at(w2, stop, start + 8)?;
    Some((end, next, WordKey { lo: w | LOWER, hi }))
}

/// Past the ASCII letters and digits from `i`, eight bytes at a time.
#[inline]
fn alnum_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let stop = not_alnum(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && CLASS[bytes[i] as usize] & ALNUM != 0 {
        i += 1;
    }
    i
}

/// [`scan_word`] for any word.
#[inline(never)]
fn scan_word_general(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut ascii = true;
    loop {
        // ASCII fast path.
        i = alnum_run(bytes, i);
        if i >= bytes.len() {
            return (i, ascii);
        }
        // Other ASCII ends the word, but for an apostrophe ("it's").
        if bytes[i] < 0x80 && bytes[i] != b'\'' {
            return (i, ascii);
        }
        if bytes[i] == b'\'' {
            // Only inside a word, and followed by a letter.
            if i > start && bytes.get(i + 1).is_some_and(|&n| CLASS[n as usize] & ALPHA != 0) {
                i += 1;
                continue;
            }
            match text[i + 1..].chars().next() {
                Some(n) if i > start && n as u32 >= 0x80 && is_alpha(n) => {
                    i += 1;
                    continue;
                }
                _ => return (i, ascii),
            }
        }
        let (end, more) = scan_word_slow(text, start, i);
        if !more {
            return (i, ascii);
        }
        ascii = false;
        i = end;
    }
}

/// One non-ASCII step of [`scan_word`] at `i`: the new position, and whether the word goes on.
fn scan_word_slow(text: &str, start: usize, i: usize) -> (usize, bool) {
    let c = text[i..].chars().next().expect("char boundary");
    let len = c.len_utf8();
    if word_char(c) {
        (i + len, true)
    } else if (is_apostrophe(c) || is_invisible(c)) && i > start {
        // Only inside a word: must be followed by a word character.
        match text[i + len..].chars().next() {
            Some(n) if is_alpha(n) || (is_invisible(c) && word_char(n)) => (i + len, true),
            _ => (i, false),
        }
    } else {
        (i, false)
    }
}

/// Scans a number starting at `start`; returns its end.
fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        let b = bytes[i];
        if (b == b'.' || b == b',') && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        if b >= 0x80 && word_char(c) {
            i += c.len_utf8();
        } else {
            return i;
        }
    }
}

/// True for word and number tokens.
pub fn is_wordlike(t: &Token) -> bool {
    t.kind != TokenKind::Punct
}

/// Pairs of token indexes `(i, j)` that are adjacent words in running text: only
/// spaces and at most one line break between them, or a single hyphen with no
/// spaces ("cold-war"). This is the one definition of "word pair" that `train`
/// counts and `check` looks up.
pub fn word_pairs<'t>(text: &'t str, tokens: &'t [Token]) -> impl Iterator<Item = (usize, usize)> + 't {
    (0..tokens.len().saturating_sub(1)).filter_map(move |i| word_after(text, tokens, i).map(|j| (i, j)))
}

/// The word that makes a pair of [`word_pairs`] with token `i`, if any: token `i + 1`
/// or, across a hyphen, `i + 2`.
#[inline]
pub fn word_after(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let (a, b) = (tokens.get(i)?, tokens.get(i + 1)?);
    if !is_wordlike(a) {
        return None;
    }
    if is_wordlike(b) {
        let gap = &text.as_bytes()[a.end()..b.start()];
        let spacey = !gap.is_empty()
            && memchr::memchr_iter(b'\n', gap).count() <= 1
            && text[a.end()..b.start()].chars().all(char::is_whitespace);
        return spacey.then_some(i + 1);
    }
    let c = tokens.get(i + 2)?;
    (b.start() == a.end() && c.start() == b.end() && &text[b.range()] == "-" && is_wordlike(c)).then_some(i + 2)
}

/// Writes the lookup form of a word into `buf`: lower case, curly apostrophe made
/// straight, invisible characters dropped. Used for every model lookup.
pub fn normalize_word(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if is_invisible(c) {
            continue;
        }
        if c == '\u{2019}' {
            buf.push('\'');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests;
