//! Page furniture recognised line by line: navigation and share prompts, comment
//! counters, legal footers, photo credits, code and markup residue.
//!
//! A short line is normalized (trimmed of bullets and arrows, lower-cased, spaces
//! collapsed), cut into segments at menu separators (`|`, `•`, `/`, ...), and each
//! segment is looked up in [`PHRASES`], a sorted table searched by bisection, or
//! matched by a few patterns ("12 comments", "3 hours ago", dates). A line is
//! furniture only if *every* segment is; one ordinary segment keeps it silent,
//! so prose that merely mentions "click here" or a newsletter never fires.

pub use super::table::{Kind, PHRASES};

mod menu;

use menu::menu_line;
pub use menu::normalize;
#[cfg(test)]
use menu::{
    is_separator, long_first_segment, may_start_menu, menu_line_plain, normalize_ascii, normalize_chars, split_segment,
    COUNTED, MONTHS,
};

/// Looks a normalized phrase up in [`PHRASES`].
pub fn lookup(norm: &str) -> Option<Kind> {
    PHRASES.binary_search_by(|(p, _)| (*p).cmp(norm)).ok().map(|i| PHRASES[i].1)
}

/// Start-of-line prompts that mark a whole (possibly long) line as a sign-up or share
/// pitch; matched lower-case against lines that start with a capital letter.
pub static PROMPT_PREFIXES: &[&str] = &[
    "already a subscriber",
    "become a member",
    "click here to",
    "continue reading the main story",
    "download our app",
    "download the app",
    "get our newsletter",
    "join our mailing list",
    "join our newsletter",
    "like us on facebook",
    "listen to this article",
    "share this article",
    "share this story",
    "sign up for our",
    "sign up to our",
    "sign up to receive",
    "subscribe for free",
    "subscribe now",
    "subscribe to our",
    "subscribe today",
    "support our journalism",
    "this article was originally published",
    "this story was originally published",
];

/// Words after "follow us on" that make the line a social-media prompt.
static SOCIAL: &[&str] = &[
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "social",
    "telegram",
    "threads",
    "tiktok",
    "twitter",
    "x",
    "youtube",
];

/// Start-of-line photo credit markers (lower case; the line must start with a capital).
static CREDIT_PREFIXES: &[&str] = &[
    "(image by",
    "(image courtesy",
    "(image credit",
    "(image source",
    "(image via",
    "(image:",
    "(photo by",
    "(photo courtesy",
    "(photo credit",
    "(photo:",
    "[photo:",
    "credit:",
    "featured image",
    "header image",
    "image by ",
    "image courtesy",
    "image credit",
    "image source",
    "image via ",
    "image:",
    "lead image",
    "main image",
    "photo by ",
    "photo courtesy",
    "photo credit",
    "photo illustration",
    "photo:",
    "photograph:",
    "photos:",
    "picture:",
    "pictured:",
    "top image",
    "top photo",
];

/// Agencies and stock libraries whose name on a short line marks a credit.
static CREDIT_MARKS: &[&str] = &[
    "(ap photo",
    "afp photo",
    "afp via getty",
    "ap photo/",
    "getty images",
    "istockphoto",
    "photo courtesy",
    "photo credit",
    "shutterstock",
];

/// Phrases of cookie-consent banners.
static COOKIE_MARKS: &[&str] = &[
    "accept all cookies",
    "cookie consent",
    "cookie policy",
    "this site uses cookies",
    "this website uses cookies",
    "use of cookies",
    "uses cookies",
    "we use cookies",
];

/// "Please enable JavaScript" banners.
static JAVASCRIPT_MARKS: &[&str] = &[
    "browser does not support javascript",
    "enable javascript in your browser",
    "enable javascript to",
    "javascript is disabled in your browser",
    "javascript is not enabled",
    "javascript is required",
    "javascript is turned off",
    "javascript must be enabled",
    "javascript to be enabled",
    "please enable javascript",
    "please turn on javascript",
    "requires javascript to",
];

/// Signals that a line holding a curly brace is program code, JSON or a template.
static CODE_MARKS: &[&str] = &[
    "!important",
    "\": ",
    "$(",
    "();",
    ") =>",
    "=> {",
    "adsbygoogle",
    "datalayer",
    "document.",
    "function (",
    "function(",
    "googletag",
    "px;",
    "var ",
    "window.",
];

/// True for wiki link or template residue: "[[Target|text]]", "{{cite ...}}" —
/// an opening pair followed by a letter, with a closing pair or a pipe after it.
/// Footnote marks such as "[[50]" or "[14]]" are not.
///
/// The opening pairs are found from their (rare) byte, without overlaps, as a
/// substring search finds them; the closing pairs and pipes are looked for only
/// once an opening pair is followed by a letter (most lines with a bracket have none).
fn wiki_markup(line: &[u8]) -> bool {
    for (open, close) in [(b'[', b"]]"), (b'{', b"}}")] {
        // Where the next opening pair may start (after the last one's two bytes).
        let mut from = 0;
        for k in memchr::memchr_iter(open, line) {
            if k < from || line.get(k + 1) != Some(&open) {
                continue;
            }
            from = k + 2;
            if !line.get(k + 2).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            // The last closing pair or pipe decides for every opening pair before it:
            // past it, this pair and all later ones are not markup.
            let last = memchr::memmem::rfind(line, close).max(memchr::memrchr(b'|', line));
            if last.is_some_and(|last| k + 2 <= last) {
                return true;
            }
            break;
        }
    }
    false
}

/// How a line of page furniture is classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineClass {
    /// Navigation, share, subscribe or comment widget text.
    Nav,
    /// A single ambiguous interface word ("Home", "Search"): not reported alone.
    WeakNav,
    /// Copyright line, rights notice, cookie banner, terms/privacy links.
    Legal {
        /// False for old-book copyright pages and bare "All rights reserved".
        strong: bool,
    },
    /// Photo or image credit.
    Credit,
    /// Program code, JSON or wiki template syntax.
    Code,
}

/// Longest line (in bytes, trimmed) looked up whole in the phrase table.
pub const MAX_MENU_LINE: usize = 100;
/// Longest line checked for credits, legal footers and sign-up prompts.
pub const MAX_NOTICE_LINE: usize = 300;

/// Lower-case fragments of which a notice line must contain one before the
/// cookie, JavaScript, credit and rights checks are run (a cheap pre-filter).
#[cfg(test)]
static TRIGGERS: &[&str] =
    &["afp", "ap photo", "cookie", "getty", "istock", "javascript", "photo c", "rights", "shutterstock"];

/// Each trigger (a lower-case fragment a notice line must contain before the cookie,
/// JavaScript, credit and rights checks are run) with the offset of its first `g`, `k` or `p`: every
/// trigger holds one of these letters, which are rare in text (a few percent of
/// bytes), so the triggers are looked for only around them.
static ANCHORED: [(&str, u8, usize); 9] = [
    ("afp", b'p', 2),
    ("ap photo", b'p', 1),
    ("cookie", b'k', 3),
    ("getty", b'g', 0),
    ("istock", b'k', 5),
    ("javascript", b'p', 8),
    ("photo c", b'p', 0),
    ("rights", b'g', 2),
    ("shutterstock", b'k', 11),
];

/// True when `low` contains one of [`TRIGGERS`]: a vectorized search for the anchor
/// letters of [`ANCHORED`], then a comparison of the triggers anchored at each.
fn has_trigger(low: &[u8]) -> bool {
    memchr::memchr3_iter(b'g', b'k', b'p', low).any(|q| {
        let c = low[q];
        ANCHORED.iter().any(|&(t, a, o)| a == c && q >= o && low[q - o..].starts_with(t.as_bytes()))
    })
}

/// The start of the [`TRIGGERS`] fragment, in any letter case, whose anchor letter
/// (see [`ANCHORED`]) is at `q` of `b`, if there is one. The byte next to the anchor
/// rules most places out before any fragment is compared.
#[inline(always)]
fn trigger_at(b: &[u8], q: usize) -> Option<usize> {
    let before = if q > 0 { b[q - 1] | 0x20 } else { 0 };
    let next = b.get(q + 1).map_or(0, |&c| c | 0x20);
    let found = |o: usize, t: &str| {
        let s = q.checked_sub(o)?;
        b.get(s..s + t.len()).is_some_and(|w| w.eq_ignore_ascii_case(t.as_bytes())).then_some(s)
    };
    match b[q] | 0x20 {
        b'g' => match next {
            b'e' => found(0, "getty"),
            b'h' => found(2, "rights"),
            _ => None,
        },
        // "cookie" has `i` after its `k`; "istock" and "shutterstock" have `c` before it,
        // and may have `i` after it too ("iStockimages"), so both are tried then.
        b'k' => {
            let cookie = if next == b'i' { found(3, "cookie") } else { None };
            cookie.or_else(
                || if before == b'c' { found(5, "istock").or_else(|| found(11, "shutterstock")) } else { None },
            )
        }
        b'p' => match (before, next) {
            (b'f', _) => found(2, "afp"),
            (_, b' ') => found(1, "ap photo"),
            (_, b't') => found(8, "javascript"),
            (_, b'h') => found(0, "photo c"),
            _ => None,
        },
        _ => None,
    }
}

/// True when `q` of `b` is the second byte of one of the two characters whose lower
/// case holds an ASCII letter: `İ` (`i` and a combining dot) and the Kelvin sign `K`
/// (`k`). A line with one may hold a trigger that only its lower-cased form shows.
fn lowers_to_ascii(b: &[u8], q: usize) -> bool {
    let at = |c: char| b[q - 1..].starts_with(c.encode_utf8(&mut [0; 4]).as_bytes());
    q > 0 && (at('\u{130}') || at('\u{212A}'))
}

/// True when `q` of `b` is a position [`notice_marks`] reports.
#[inline(always)]
fn mark_at(b: &[u8], q: usize) -> bool {
    match b[q] | 0x20 {
        b'g' | b'k' | b'p' => trigger_at(b, q).is_some(),
        // 0xB0 is the second byte of `İ` (C4 B0), 0xA4 is 0x84 of `K` (E2 84 AA) | 0x20.
        0xB0 | 0xA4 => lowers_to_ascii(b, q),
        _ => false,
    }
}

/// The bytes `mark_at` looks at, after `| 0x20`.
#[inline(always)]
fn may_mark(c: u8) -> bool {
    let c = c | 0x20;
    (c == b'g') | (c == b'k') | (c == b'p') | (c == 0xB0) | (c == 0xA4)
}

/// Calls `f` in increasing order with every position of `b` that is the anchor
/// letter (see `ANCHORED`) of a `TRIGGERS` fragment in any letter case, or the
/// second byte of a character of `lowers_to_ascii`.
///
/// A line whose lower-cased text holds a trigger holds such a position: the
/// triggers are ASCII letters and spaces without apostrophes, and every character
/// but those two lower-cases to non-ASCII bytes or an apostrophe. So a line without
/// one can skip the notice checks, and their search runs once over the whole text:
/// 64 bytes at a time as flag bytes that the compiler computes in vector registers,
/// then a look at the few flagged places (the anchor letters are 1 byte in 30 of prose).
pub fn notice_marks(b: &[u8], f: impl FnMut(usize)) {
    notice_marks_in(b, std::iter::once(0..b.len()), f);
}

/// [`notice_marks`] of the 64-byte blocks (counted from the start of `b`) that
/// meet one of `ranges` (in increasing order): every position in a range is
/// reported as by [`notice_marks`], and positions elsewhere may be left out. A
/// caller that only asks about some lines skips the blocks in between.
pub fn notice_marks_in(b: &[u8], ranges: impl Iterator<Item = std::ops::Range<usize>>, mut f: impl FnMut(usize)) {
    let mut check = |q: usize| {
        if mark_at(b, q) {
            f(q);
        }
    };
    let mut flags = [0u8; 64];
    // The first block not scanned yet.
    let mut next = 0;
    for r in ranges {
        if r.start >= r.end.min(b.len()) {
            continue;
        }
        let last = (r.end.min(b.len()) - 1) / 64;
        for block in (r.start / 64).max(next)..=last {
            let q = 64 * block;
            let Some(w) = b.get(q..q + 64) else {
                // The last, short block, byte by byte.
                for (i, &c) in b.iter().enumerate().skip(q) {
                    if may_mark(c) {
                        check(i);
                    }
                }
                break;
            };
            for i in 0..64 {
                flags[i] = may_mark(w[i]) as u8;
            }
            for k in 0..8 {
                let mut m = u64::from_le_bytes(flags[8 * k..8 * k + 8].try_into().expect("8 bytes"));
                while m != 0 {
                    check(q + 8 * k + (m.trailing_zeros() / 8) as usize);
                    m &= m - 1;
                }
            }
        }
        next = next.max(last + 1);
    }
}

/// `b` starts with the lower-case ASCII `p` in any letter case.
#[inline]
fn ci_prefix(b: &[u8], p: &str) -> bool {
    b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
}

/// The first two bytes of each prefix of a list (ASCII, at least two bytes each), as
/// bits `128 * first + second` of a set: a line whose first two bytes, lower-cased,
/// are not in it starts with none of the prefixes.
const fn first_pairs(list: &[&str]) -> [u64; 256] {
    let mut out = [0u64; 256];
    let mut i = 0;
    while i < list.len() {
        let p = list[i].as_bytes();
        assert!(p.len() >= 2 && p[0] < 0x80 && p[1] < 0x80);
        let k = (p[0] as usize) << 7 | p[1] as usize;
        out[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    out
}

static CREDIT_PAIRS: [u64; 256] = first_pairs(CREDIT_PREFIXES);
static PROMPT_PAIRS: [u64; 256] = first_pairs(PROMPT_PREFIXES);

/// [`starts_with_any`] of the lower-cased `line`, compared in place: equal for a
/// line without the characters of [`lowers_to_ascii`] (the prefixes are ASCII without
/// apostrophes, and every other character lower-cases to non-ASCII bytes).
/// `pairs` is [`first_pairs`] of `list`, which turns down most lines at once;
/// `list` is sorted: only the prefixes with the line's first byte are compared.
fn ci_starts_with_any(b: &[u8], list: &[&str], pairs: &[u64; 256]) -> bool {
    let [first, second, ..] = *b else { return false };
    let (first, second) = (first.to_ascii_lowercase(), second.to_ascii_lowercase());
    if (first | second) >= 0x80 {
        return false;
    }
    let k = (first as usize) << 7 | second as usize;
    if pairs[k / 64] & (1 << (k % 64)) == 0 {
        return false;
    }
    let from = list.partition_point(|p| p.as_bytes()[0] < first);
    list[from..].iter().take_while(|p| p.as_bytes()[0] == first).any(|p| ci_prefix(b, p))
}

/// `low.starts_with(p)` for some `p` of `list`, comparing first bytes before whole prefixes.
fn starts_with_any(low: &str, list: &[&str]) -> bool {
    let Some(&first) = low.as_bytes().first() else { return false };
    list.iter().any(|p| p.as_bytes()[0] == first && low.starts_with(p))
}

/// Writes `line` lower-cased into `lower` (curly apostrophes straightened).
fn lower_into(line: &str, lower: &mut String) {
    lower.clear();
    // Most lines are ASCII: one word-at-a-time test, a copy and a byte pass.
    if line.is_ascii() {
        lower.push_str(line);
        lower.make_ascii_lowercase();
        return;
    }
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A run of ASCII is lower-cased as bytes; `char::to_lowercase` agrees on it.
        let start = i;
        // Eight bytes at a time while they are all ASCII, then byte by byte.
        while let Some(c) = b.get(i..i + 8) {
            if u64::from_le_bytes(c.try_into().unwrap_or([0x80; 8])) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        while i < b.len() && b[i] < 0x80 {
            i += 1;
        }
        if i > start {
            let k = lower.len();
            lower.push_str(&line[start..i]);
            lower[k..].make_ascii_lowercase();
        }
        let Some(c) = line[i..].chars().next() else { break };
        match c {
            '\u{2019}' | '\u{2018}' => lower.push('\''),
            c => lower.extend(c.to_lowercase()),
        }
        i += c.len_utf8();
    }
}

/// Which of the rare bytes that [`classify`] looks for a line holds: a caller that
/// found them in one scan of the whole text passes them to [`classify_with`]
/// (a search per short line costs more than the search itself).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rare {
    /// `{` or `}`.
    pub brace: bool,
    /// `[`.
    pub bracket: bool,
    /// `©`.
    pub copyright: bool,
    /// A position of [`notice_marks`]: a fragment the notice checks look for, or a
    /// character that lower-cases to ASCII.
    pub notice: bool,
}

impl Rare {
    /// The rare bytes of `line`.
    pub fn of(line: &str) -> Rare {
        let b = line.as_bytes();
        Rare {
            brace: memchr::memchr2(b'{', b'}', b).is_some(),
            bracket: memchr::memchr(b'[', b).is_some(),
            copyright: memchr::memmem::find(b, "©".as_bytes()).is_some(),
            notice: {
                let mut any = false;
                notice_marks(b, |_| any = true);
                any
            },
        }
    }
}

/// Classifies one trimmed line; `lower` is scratch space.
pub fn classify(line: &str, lower: &mut String) -> Option<LineClass> {
    classify_with(line, Rare::of(line), lower)
}

/// [`classify`] of a line whose rare bytes are `rare` (see [`Rare::of`]).
///
/// A line with none of them (most lines of prose) takes a short path: without a
/// brace, a bracket, a `©` or a notice fragment only the credit and prompt prefixes
/// and the menu test can fire, and those are checked on the line as it is, in any
/// letter case, instead of on a lower-cased copy. Every other line, and the rare
/// line starting like a copyright line or a "follow us on" prompt, goes through
/// [`classify_full`]; a test holds the two to the same answers.
pub fn classify_with(line: &str, rare: Rare, lower: &mut String) -> Option<LineClass> {
    if rare.brace || rare.copyright || rare.notice {
        return classify_full(line, rare, lower);
    }
    let bytes = line.as_bytes();
    if rare.bracket && wiki_markup(bytes) {
        return Some(LineClass::Code);
    }
    if line.is_empty() || line.len() > MAX_NOTICE_LINE {
        return None;
    }
    let first = bytes[0];
    if matches!(first, b'c' | b'C' | b'(') && (ci_prefix(bytes, "copyright") || ci_prefix(bytes, "(c)")) {
        return classify_full(line, rare, lower);
    }
    let capital =
        first.is_ascii_uppercase() || line.chars().find(|&c| crate::token::is_alpha(c)).is_some_and(char::is_uppercase);
    let credit_start = capital || first == b'(' || first == b'[';
    if credit_start && line.len() <= 250 && ci_starts_with_any(bytes, CREDIT_PREFIXES, &CREDIT_PAIRS) {
        return Some(LineClass::Credit);
    }
    if capital {
        if ci_starts_with_any(bytes, PROMPT_PREFIXES, &PROMPT_PAIRS) {
            return Some(LineClass::Nav);
        }
        if ci_prefix(bytes, "follow us on ") {
            return classify_full(line, rare, lower);
        }
    }
    if line.len() <= MAX_MENU_LINE {
        return menu_line(line, lower);
    }
    None
}

/// [`classify`] the long way: every check, on a lower-cased copy of the line.
pub fn classify_full(line: &str, rare: Rare, lower: &mut String) -> Option<LineClass> {
    if line.is_empty() {
        return None;
    }
    let bytes = line.as_bytes();
    let has_brace = rare.brace;
    if (has_brace || rare.bracket) && wiki_markup(bytes) {
        return Some(LineClass::Code);
    }
    if line.len() > MAX_NOTICE_LINE && !has_brace {
        return None;
    }
    lower_into(line, lower);
    let low = lower.as_str();
    if has_brace && CODE_MARKS.iter().any(|m| low.contains(m)) {
        return Some(LineClass::Code);
    }
    if line.len() > MAX_NOTICE_LINE {
        return None;
    }
    let first = bytes[0];
    let capital =
        first.is_ascii_uppercase() || line.chars().find(|&c| crate::token::is_alpha(c)).is_some_and(char::is_uppercase);
    let copyright_start =
        matches!(first, b'c' | b'C' | b'(') && (low.starts_with("copyright") || low.starts_with("(c)"));
    let triggered = copyright_start || rare.copyright || has_trigger(low.as_bytes());
    if triggered {
        if let Some(c) = legal_line(low) {
            return Some(c);
        }
        if JAVASCRIPT_MARKS.iter().any(|m| low.contains(m)) {
            return Some(LineClass::Nav);
        }
    }
    let credit_start = capital || first == b'(' || first == b'[';
    if credit_start
        && line.len() <= 250
        && (starts_with_any(low, CREDIT_PREFIXES) || (triggered && CREDIT_MARKS.iter().any(|m| low.contains(m))))
    {
        return Some(LineClass::Credit);
    }
    if capital {
        if starts_with_any(low, PROMPT_PREFIXES) {
            return Some(LineClass::Nav);
        }
        if let Some(rest) = low.strip_prefix("follow us on ") {
            let next = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if SOCIAL.contains(&next) {
                return Some(LineClass::Nav);
            }
        }
    }
    if line.len() <= MAX_MENU_LINE {
        return menu_line(line, lower);
    }
    None
}

/// Copyright lines, rights notices and cookie banners.
fn legal_line(low: &str) -> Option<LineClass> {
    if COOKIE_MARKS.iter().any(|m| low.contains(m)) {
        return Some(LineClass::Legal { strong: true });
    }
    let copyright_sign = low.match_indices('©').any(|(k, _)| {
        let after = low[k + '©'.len_utf8()..].trim_start();
        after.starts_with("copyright")
            || after.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            || low[..k].trim_end().ends_with("copyright")
    });
    let rights = low.contains("all rights reserved");
    let copyright_start =
        low.starts_with("copyright") || low.starts_with("(c) ") || low.starts_with("(c)1") || low.starts_with("(c)2");
    if !(copyright_sign || rights || copyright_start) {
        return None;
    }
    if low.len() > 200 {
        return None;
    }
    let year = latest_year(low);
    if copyright_sign || low.starts_with("(c)") {
        // "(c)" is also a list marker: it needs a year to be a copyright sign.
        if copyright_sign || year.is_some() {
            return Some(LineClass::Legal { strong: true });
        }
        return None;
    }
    match year {
        Some(y) => Some(LineClass::Legal { strong: y >= 1995 }),
        None if rights => Some(LineClass::Legal { strong: false }),
        None => None,
    }
}

/// The largest plausible year (1800–2099) written as four digits in `s`.
fn latest_year(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: u32 = s[start..i].parse().unwrap_or(0);
                if (1800..2100).contains(&y) {
                    best = best.max(Some(y));
                }
            }
        } else {
            i += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests;
