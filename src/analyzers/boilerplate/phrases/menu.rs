//! Menu and navigation lines: a short line cut into segments at menu separators,
//! each segment a known phrase, a counter ("12 comments"), a time ("3 hours ago") or
//! a date, and the normalization the phrase table is looked up under.

use super::*;

/// Words counted by a counter segment ("12 comments").
pub(super) const COUNTED: &[&str] =
    &["comment", "comments", "like", "likes", "reactions", "replies", "reply", "retweets", "views"];

/// Month names and abbreviations a date segment may hold.
pub(super) const MONTHS: &[&str] = &[
    "apr",
    "april",
    "aug",
    "august",
    "dec",
    "december",
    "feb",
    "february",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "mar",
    "march",
    "may",
    "nov",
    "november",
    "oct",
    "october",
    "sep",
    "sept",
    "september",
];

/// Words that may open a "... ago" segment before its number.
const AGO_PREFIXES: &[&str] = &["updated ", "posted ", "published ", "edited "];
/// Numbers written as words in a "... ago" segment.
const AGO_NUMBERS: &[&str] = &["a", "an", "one"];

/// A set of ASCII words, 4,096 bits indexed by a hash of the lower-case word: a word
/// whose bit is clear is certainly not in it.
struct WordBits([u64; 64]);

impl WordBits {
    /// Adds the lower-case ASCII `w`.
    const fn add(mut self, w: &[u8]) -> Self {
        let k = word_bit(hash_step_all(w));
        self.0[k / 64] |= 1 << (k % 64);
        self
    }

    /// True when the word of hash `h` (see [`hash_step`]) may be in the set.
    #[inline]
    fn may_hold(&self, h: u64) -> bool {
        let k = word_bit(h);
        self.0[k / 64] & (1 << (k % 64)) != 0
    }
}

/// The FNV-1a hash of the bytes before, extended by `c`.
#[inline(always)]
const fn hash_step(h: u64, c: u8) -> u64 {
    (h ^ c as u64).wrapping_mul(0x0100_0000_01b3)
}

/// The FNV-1a hash of no bytes.
const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a hash of `w`.
const fn hash_step_all(w: &[u8]) -> u64 {
    let mut h = HASH_START;
    let mut i = 0;
    while i < w.len() {
        h = hash_step(h, w[i]);
        i += 1;
    }
    h
}

/// The bit of a word of hash `h`: FNV-1a leaves the last byte out of the top
/// bits, so they are mixed by a multiplication first.
#[inline(always)]
const fn word_bit(h: u64) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// The first word of `w`: its bytes up to the first space.
const fn first_word(w: &[u8]) -> &[u8] {
    let mut n = 0;
    while n < w.len() && w[n] != b' ' {
        n += 1;
    }
    w.split_at(n).0
}

/// Adds the first word of each string of `list`.
const fn add_first_words(mut set: WordBits, list: &[&str]) -> WordBits {
    let mut i = 0;
    while i < list.len() {
        set = set.add(first_word(list[i].as_bytes()));
        i += 1;
    }
    set
}

/// The words a segment that is not prose can start with: the first words of the
/// phrase table, the counted words of a counter, the openers of a "... ago"
/// segment and the months of a date (see [`segment`]).
static MENU_FIRSTS: WordBits = {
    let mut set = WordBits([0; 64]);
    let mut i = 0;
    while i < PHRASES.len() {
        set = set.add(first_word(PHRASES[i].0.as_bytes()));
        i += 1;
    }
    set = add_first_words(set, COUNTED);
    set = add_first_words(set, AGO_PREFIXES);
    set = add_first_words(set, AGO_NUMBERS);
    add_first_words(set, MONTHS)
};

/// False when the first word of `line` rules out [`menu_line`]: a word of ASCII
/// letters, after leading bytes that [`normalize`] trims, ended by white space, a
/// separator, a comma, a full stop or the line's end, that starts no segment of
/// interface text (see [`MENU_FIRSTS`]), and whose part before any lower-to-upper
/// case change starts no glued piece; or such a word ended by a byte no segment of
/// interface text can hold there (see [`ends_no_menu_word`]); or a first byte no such
/// segment starts with (see [`starts_no_menu_segment`]). Every segment must be
/// interface text, and the segment holding this word starts its normalized form with
/// it. True when unsure (any other first byte or ending).
pub(super) fn may_start_menu(line: &[u8]) -> bool {
    let mut k = 0;
    while k < line.len() && trimmed(line[k]) {
        k += 1;
    }
    let start = k;
    if starts_no_menu_segment(&line[k..]) {
        return false;
    }
    let mut h = HASH_START;
    let mut lower_before = false;
    while let Some(&c) = line.get(k) {
        if !c.is_ascii_alphabetic() {
            break;
        }
        let upper = c.is_ascii_uppercase();
        // A glued piece ends before a capital that follows a lower-case letter.
        if upper && lower_before && MENU_FIRSTS.may_hold(h) {
            return true;
        }
        lower_before = !upper;
        h = hash_step(h, c | 0x20);
        k += 1;
    }
    if k == start {
        return true;
    }
    match line.get(k) {
        // A date ("May, 2024"), an ellipsis or a phrase may follow.
        None | Some(b' ' | b'\t' | b'|' | b'/' | b',' | b'.') => MENU_FIRSTS.may_hold(h),
        Some(&e) => !ends_no_menu_word(e),
    }
}

/// True when a segment whose normalized form starts with the first character of
/// `rest` is certainly not interface text: a quotation mark, or an ASCII byte other
/// than a letter, a digit (counters, dates), a bracket (a counter word split off:
/// "(12) comments"), a comma or full stop (split off in dates) or a separator. No
/// phrase starts with such a character, and neither do a counter's, an "ago"'s or a
/// date's first word, nor the first glued piece.
fn starts_no_menu_segment(rest: &[u8]) -> bool {
    match rest.first() {
        Some(&c) if c < 0x80 => {
            !c.is_ascii_alphanumeric() && !matches!(c, b'(' | b')' | b'[' | b']' | b',' | b'.' | b'/' | b'|')
        }
        // Curly quotation marks (an apostrophe is straightened into `'`, which starts nothing either).
        Some(0xE2) => matches!(rest.get(1..3), Some([0x80, 0x98 | 0x99 | 0x9C | 0x9D])),
        _ => false,
    }
}

/// True when the ASCII letters of a first word ended by the byte `e` (not a letter)
/// cannot start interface text: `e` is ASCII, and neither a byte [`normalize`] trims
/// or turns into a space, nor an apostrophe ("editor's picks"), nor a bracket or a
/// colon where a counter splits ("comments(12)"), nor a comma or full stop (see
/// [`may_start_menu`]). No phrase holds such a byte, and the first word of a counter,
/// an "ago" or a date keeps it and so is not one.
fn ends_no_menu_word(e: u8) -> bool {
    e < 0x80 && !trimmed(e) && !matches!(e, b'\'' | b'(' | b')' | b'[' | b']' | b',' | b'.' | b'/')
}

/// The ASCII bytes [`normalize`] trims from a line's ends (its junk; white space is
/// `\t` to `\r` and the space), and turns into a space within it where white.
#[inline]
fn trimmed(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ' | b'-' | b'*' | b'>' | b'<' | b'|' | b'#' | b'+' | b':')
}

/// What one menu segment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seg {
    Nav,
    Weak,
    Legal,
    /// A date, a number or nothing: neither furniture nor prose.
    Neutral,
    Other,
}

pub(super) fn is_separator(c: char) -> bool {
    matches!(c, '|' | '•' | '·' | '»' | '›' | '/' | '\t' | '◦' | '▪' | '●' | '►' | '▶' | '→')
}

/// A short line made only of interface segments: [`menu_line_plain`] after the
/// first-word test of [`may_start_menu`], which turns down most lines of prose.
pub(super) fn menu_line(line: &str, buf: &mut String) -> Option<LineClass> {
    if !may_start_menu(line.as_bytes()) {
        return None;
    }
    menu_line_plain(line, buf)
}

/// [`menu_line`] without the first-word test.
pub(super) fn menu_line_plain(line: &str, buf: &mut String) -> Option<LineClass> {
    // An ASCII last byte that is not white space ends the trimmed line as it is.
    let last = line.as_bytes().last().copied().unwrap_or(b' ');
    let trimmed = if last < 0x80 && !matches!(last, b'\t'..=b'\r' | b' ') { line } else { line.trim_end() };
    // A sentence ending ("Reply." in dialogue) is prose, an ellipsis is not ("Loading...").
    // (Tested first: it is the cheaper test, and both only reject.)
    if matches!(trimmed.as_bytes().last(), Some(b'.' | b'!' | b'?')) && !trimmed.ends_with("...") {
        return None;
    }
    if long_first_segment(line) {
        return None; // the first segment is prose (see `segment`)
    }
    // "reply:" ending a wrapped line, "Reply :" introducing an answer: prose, not a button.
    let single_word = trimmed.split_whitespace().filter(|w| w.chars().any(crate::token::is_alnum)).nth(1).is_none();
    let colon = trimmed.trim_end_matches(['-', '—', ' ']).ends_with(':');
    let lower_start = line.chars().next().is_some_and(char::is_lowercase);
    if single_word && (colon || lower_start) {
        return None;
    }
    let (mut nav, mut weak, mut legal) = (0, 0, 0);
    let mut rest = line;
    while !rest.is_empty() {
        let (seg, next) = split_segment(rest);
        rest = next;
        match segment(seg, buf) {
            Seg::Nav => nav += 1,
            Seg::Weak => weak += 1,
            Seg::Legal => legal += 1,
            Seg::Neutral => {}
            Seg::Other => return None,
        }
    }
    if legal > 0 {
        Some(LineClass::Legal { strong: true })
    } else if nav > 0 || weak >= 2 {
        Some(LineClass::Nav)
    } else if weak == 1 {
        Some(LineClass::WeakNav)
    } else {
        None
    }
}

/// True when the first segment of `line` (see [`split_segment`]) certainly has seven
/// words or more: seven words before anything that could end the segment.
///
/// Blocks of eight ASCII bytes without control characters (most of prose) are read
/// as one word each; any other block goes byte by byte.
pub(super) fn long_first_segment(line: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of the ASCII `w` equal to the ASCII `c`: a byte of
    // `t` is below 0x80, and adding 0x7F sets its high bit unless it is zero (no carry
    // crosses into the next byte).
    let eq = |w: u64, c: u8| !((w ^ (ONES * c as u64)) + ONES * 0x7F) & HIGH;
    let b = line.as_bytes();
    let mut words = 0;
    let mut space = true;
    let mut k = 0;
    while k < b.len() {
        if let Some(chunk) = b.get(k..k + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            let next = b.get(k + 8).copied().unwrap_or(0);
            // All ASCII, none below a space (tabs and line breaks), and an ASCII byte after.
            if (w | w.wrapping_sub(ONES * 0x20)) & HIGH == 0 && next < 0x80 {
                let sp = eq(w, b' ');
                let after = (w >> 8) | ((next as u64) << 56);
                let stops = eq(w, b'|') | eq(w, b'/') | (sp & (eq(after, b' ') | eq(after, b'-')));
                let starts = !sp & HIGH & ((sp << 8) | if space { 0x80 } else { 0 });
                let before = if stops == 0 { starts } else { starts & ((1u64 << stops.trailing_zeros()) - 1) };
                // One bit per byte: the multiply sums the bytes into the top one
                // (`count_ones` is a loop on the baseline x86-64).
                words += ((before >> 7).wrapping_mul(ONES) >> 56) as u32;
                if words >= 7 {
                    return true;
                }
                if stops != 0 {
                    return false;
                }
                space = sp >> 63 != 0;
                k += 8;
                continue;
            }
        }
        let end = (k + 8).min(b.len());
        while k < end {
            match byte_step(line, k, space) {
                Step::Stop => return false,
                Step::Space => space = true,
                Step::Word => {
                    words += 1;
                    if words == 7 {
                        return true;
                    }
                    space = false;
                }
                Step::In => space = false,
            }
            k += 1;
        }
    }
    false
}

/// What byte `k` of `line` does to [`long_first_segment`]'s count.
enum Step {
    /// It ends the segment.
    Stop,
    /// White space.
    Space,
    /// It starts a word.
    Word,
    /// It is inside a word.
    In,
}

/// One byte of [`long_first_segment`]; `space` tells whether the byte before was white space.
#[inline]
fn byte_step(line: &str, k: usize, space: bool) -> Step {
    const ORD: u8 = 0;
    const WS: u8 = 1;
    const SPACE: u8 = 2;
    const STOP: u8 = 3;
    const HIGH: u8 = 4;
    // What each byte can do to the count: one table load instead of a chain of tests.
    static CLASS: [u8; 256] = {
        let mut t = [ORD; 256];
        t[b'\n' as usize] = WS;
        t[0x0C] = WS;
        t[b'\r' as usize] = WS;
        t[b' ' as usize] = SPACE;
        t[b'|' as usize] = STOP;
        t[b'/' as usize] = STOP;
        t[b'\t' as usize] = STOP;
        let mut c = 0xC0;
        while c < 256 {
            t[c] = HIGH;
            c += 1;
        }
        t
    };
    let b = line.as_bytes();
    match CLASS[b[k] as usize] {
        WS => return Step::Space,
        SPACE => {
            // A second space, or a spaced dash ('–' and '—' start with 0xE2).
            let n = b.get(k + 1).copied();
            if matches!(n, Some(b' ' | b'-')) || (n == Some(0xE2) && line[k + 1..].starts_with(['–', '—'])) {
                return Step::Stop;
            }
            return Step::Space;
        }
        STOP => return Step::Stop,
        HIGH if is_separator(line[k..].chars().next().unwrap_or(' ')) => return Step::Stop,
        _ => {}
    }
    if space {
        Step::Word
    } else {
        Step::In
    }
}

/// Splits off the first segment: up to a separator character, a spaced dash or a
/// run of two or more spaces.
pub(super) fn split_segment(s: &str) -> (&str, &str) {
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        if is_separator(c) {
            return (&s[..i], &s[i + c.len_utf8()..]);
        }
        if c == ' ' && i + 1 < b.len() {
            let n = s[i + 1..].chars().next().unwrap_or(' ');
            if n == ' ' {
                return (&s[..i], s[i..].trim_start());
            }
            if matches!(n, '-' | '–' | '—') && s[i + 1 + n.len_utf8()..].starts_with(' ') {
                return (&s[..i], &s[i + 1 + n.len_utf8()..]);
            }
        }
    }
    (s, "")
}

/// Classifies one segment of a menu line.
fn segment(seg: &str, buf: &mut String) -> Seg {
    // No interface phrase has more than six words.
    if seg.split_ascii_whitespace().nth(6).is_some() {
        return Seg::Other;
    }
    normalize(seg, buf);
    if buf.is_empty() {
        return Seg::Neutral;
    }
    if let Some(k) = lookup(buf) {
        return match k {
            Kind::Nav => Seg::Nav,
            Kind::Weak => Seg::Weak,
            Kind::Legal => Seg::Legal,
        };
    }
    if buf.bytes().any(|b| b.is_ascii_digit()) || buf.ends_with(" ago") {
        if is_counter(buf) || is_time_ago(buf) {
            return Seg::Nav;
        }
        if is_date_or_number(buf) {
            return Seg::Neutral;
        }
    }
    glued(seg, buf)
}

/// Interface strings glued together by the scraper ("keep readingShow less"):
/// split where a lower-case letter meets a capital; every piece must be furniture.
fn glued(seg: &str, buf: &mut String) -> Seg {
    let b = seg.as_bytes();
    let cut = |i: &usize| b[i - 1].is_ascii_lowercase() && b[*i].is_ascii_uppercase();
    let n = (1..b.len()).filter(cut).count();
    if n == 0 || n > 6 {
        return Seg::Other;
    }
    let (mut nav, mut weak) = (0, 0);
    let mut start = 0;
    for end in (1..b.len()).filter(cut).chain(std::iter::once(b.len())) {
        normalize(&seg[start..end], buf);
        match lookup(buf) {
            Some(Kind::Nav) | Some(Kind::Legal) => nav += 1,
            Some(Kind::Weak) => weak += 1,
            None if is_counter(buf) => nav += 1,
            None => return Seg::Other,
        }
        start = end;
    }
    if nav > 0 || weak >= 2 {
        Seg::Nav
    } else {
        Seg::Other
    }
}

/// Lower-cases `s` into `buf`, drops bullets, arrows and trailing colons or
/// ellipses, straightens apostrophes and collapses spaces.
pub fn normalize(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        normalize_ascii(s, buf);
    } else {
        normalize_chars(s, buf);
    }
}

/// [`normalize`] of any `s`, char by char (`buf` cleared).
pub(super) fn normalize_chars(s: &str, buf: &mut String) {
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '–'
                    | '—'
                    | '*'
                    | '•'
                    | '·'
                    | '»'
                    | '«'
                    | '›'
                    | '‹'
                    | '>'
                    | '<'
                    | '|'
                    | '#'
                    | '+'
                    | '→'
                    | '←'
                    | '▶'
                    | '►'
                    | '▼'
                    | '▾'
                    | '…'
                    | ':'
                    | '✓'
                    | '×'
            )
    };
    let mut t = s.trim_matches(junk);
    while let Some(x) = t.strip_suffix("...") {
        t = x.trim_end_matches(junk);
    }
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !buf.is_empty() {
            buf.push(' ');
        }
        space = false;
        match c {
            '\u{2019}' | '\u{2018}' => buf.push('\''),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// [`normalize`] of an ASCII `s` (`buf` cleared), by bytes: the same junk and white
/// space (`char::is_whitespace` of ASCII is `\t` to `\r` and the space).
pub(super) fn normalize_ascii(s: &str, buf: &mut String) {
    let junk = |c: &u8| trimmed(*c);
    let b = s.as_bytes();
    let start = b.iter().position(|c| !junk(c)).unwrap_or(b.len());
    let mut end = start + b[start..].iter().rposition(|c| !junk(c)).map_or(0, |k| k + 1);
    while b[start..end].ends_with(b"...") {
        end -= 3;
        end = start + b[start..end].iter().rposition(|c| !junk(c)).map_or(0, |k| k + 1);
    }
    for w in s[start..end].split(|c: char| matches!(c, '\t'..='\r' | ' ')).filter(|w| !w.is_empty()) {
        if !buf.is_empty() {
            buf.push(' ');
        }
        buf.push_str(w);
    }
    buf.make_ascii_lowercase();
}

fn is_count(w: &str) -> bool {
    let w = w.strip_suffix(['k', 'm']).unwrap_or(w);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') && w.as_bytes()[0].is_ascii_digit()
}

/// "12 comments", "Comments (12)", "1.2k shares".
fn is_counter(s: &str) -> bool {
    let mut words = s.split([' ', '(', ')', ':', '[', ']']).filter(|w| !w.is_empty());
    let (Some(a), Some(b), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    (is_count(a) && COUNTED.contains(&b)) || (COUNTED.contains(&a) && is_count(b))
}

/// "12 minutes ago", "updated 3 hours ago".
fn is_time_ago(s: &str) -> bool {
    const UNITS: &[&str] = &[
        "day", "days", "hour", "hours", "hr", "hrs", "min", "mins", "minute", "minutes", "month", "months", "sec",
        "secs", "second", "seconds", "week", "weeks", "year", "years",
    ];
    let Some(s) = s.strip_suffix(" ago") else {
        return false;
    };
    let s = AGO_PREFIXES.iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s);
    let Some((n, unit)) = s.split_once(' ') else {
        return false;
    };
    (is_count(n) || AGO_NUMBERS.contains(&n)) && UNITS.contains(&unit)
}

/// "August 22, 2025", "Aug 21 2025", "2025", "22".
fn is_date_or_number(s: &str) -> bool {
    let mut month = false;
    let mut any = false;
    for w in s.split([' ', ',', '.', '-']).filter(|w| !w.is_empty()) {
        any = true;
        if MONTHS.contains(&w) && !month {
            month = true;
        } else if !(w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
    }
    any
}
