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
fn wiki_markup(line: &[u8]) -> bool {
    let last_pipe = memchr::memrchr(b'|', line);
    for (open, close) in [(b"[[", b"]]"), (b"{{", b"}}")] {
        // The last closing pair or pipe decides for every opening pair before it.
        let Some(last) = memchr::memmem::rfind(line, close).max(last_pipe) else { continue };
        for k in memchr::memmem::find_iter(line, open) {
            if k + 2 > last {
                break;
            }
            if line.get(k + 2).is_some_and(u8::is_ascii_alphabetic) {
                return true;
            }
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
    /// The byte 0xC2 (the first byte of `©`).
    pub c2: bool,
}

impl Rare {
    /// The rare bytes of `line`.
    pub fn of(line: &str) -> Rare {
        let b = line.as_bytes();
        Rare {
            brace: memchr::memchr2(b'{', b'}', b).is_some(),
            bracket: memchr::memchr(b'[', b).is_some(),
            c2: memchr::memchr(0xC2, b).is_some(),
        }
    }
}

/// Classifies one trimmed line; `lower` is scratch space.
pub fn classify(line: &str, lower: &mut String) -> Option<LineClass> {
    classify_with(line, Rare::of(line), lower)
}

/// [`classify`] of a line whose rare bytes are `rare` (see [`Rare::of`]).
pub fn classify_with(line: &str, rare: Rare, lower: &mut String) -> Option<LineClass> {
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
        first.is_ascii_uppercase() || line.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
    let copyright_start =
        matches!(first, b'c' | b'C' | b'(') && (low.starts_with("copyright") || low.starts_with("(c)"));
    let triggered = copyright_start
        || rare.c2 // '©' is C2 A9
        || has_trigger(low.as_bytes());
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

fn is_separator(c: char) -> bool {
    matches!(c, '|' | '•' | '·' | '»' | '›' | '/' | '\t' | '◦' | '▪' | '●' | '►' | '▶' | '→')
}

/// A short line made only of interface segments.
fn menu_line(line: &str, buf: &mut String) -> Option<LineClass> {
    let trimmed = line.trim_end();
    // A sentence ending ("Reply." in dialogue) is prose, an ellipsis is not ("Loading...").
    // (Tested first: it is the cheaper test, and both only reject.)
    if trimmed.ends_with(['.', '!', '?']) && !trimmed.ends_with("...") {
        return None;
    }
    if long_first_segment(line) {
        return None; // the first segment is prose (see `segment`)
    }
    // "reply:" ending a wrapped line, "Reply :" introducing an answer: prose, not a button.
    let single_word = trimmed.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).nth(1).is_none();
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
fn long_first_segment(line: &str) -> bool {
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
    let mut words = 0;
    let mut space = true;
    for (k, &c) in b.iter().enumerate() {
        match CLASS[c as usize] {
            WS => {
                space = true;
                continue;
            }
            SPACE => {
                if matches!(b.get(k + 1), Some(b' ' | b'-')) || line[k + 1..].starts_with(['–', '—']) {
                    return false;
                }
                space = true;
                continue;
            }
            STOP => return false,
            HIGH if is_separator(line[k..].chars().next().unwrap_or(' ')) => return false,
            _ => {}
        }
        if space {
            words += 1;
            if words == 7 {
                return true;
            }
        }
        space = false;
    }
    false
}

/// Splits off the first segment: up to a separator character, a spaced dash or a
/// run of two or more spaces.
fn split_segment(s: &str) -> (&str, &str) {
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

fn is_count(w: &str) -> bool {
    let w = w.strip_suffix(['k', 'm']).unwrap_or(w);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') && w.as_bytes()[0].is_ascii_digit()
}

/// "12 comments", "Comments (12)", "1.2k shares".
fn is_counter(s: &str) -> bool {
    const COUNTED: &[&str] =
        &["comment", "comments", "like", "likes", "reactions", "replies", "reply", "retweets", "views"];
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
    let s = ["updated ", "posted ", "published ", "edited "].iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s);
    let Some((n, unit)) = s.split_once(' ') else {
        return false;
    };
    (is_count(n) || matches!(n, "a" | "an" | "one")) && UNITS.contains(&unit)
}

/// "August 22, 2025", "Aug 21 2025", "2025", "22".
fn is_date_or_number(s: &str) -> bool {
    const MONTHS: &[&str] = &[
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_normalized_and_unique() {
        let mut buf = String::new();
        for w in PHRASES.windows(2) {
            assert!(w[0].0 < w[1].0, "{:?} must come before {:?}", w[1].0, w[0].0);
        }
        for (p, _) in PHRASES {
            normalize(p, &mut buf);
            assert_eq!(&buf, p, "phrase not in normalized form");
        }
        for w in PROMPT_PREFIXES.windows(2) {
            assert!(w[0] < w[1]);
        }
    }

    #[test]
    fn fast_paths_agree_with_the_slow_ones() {
        for line in [
            "one two three four five six seven",
            "one two three four five six",
            "one two three | four five six seven eight",
            "one two  three four five six seven eight",
            "one two - three four five six seven eight",
            "one two three four five six se\u{2022}ven",
            "one two three four five \u{2022} six seven",
            "“one” two three four five six seven",
            "one two three four five — six seven",
            "one two three four five\u{a0}six seven eight",
            "a\x0Cb c d e f g",
        ] {
            let (seg, _) = split_segment(line);
            assert_eq!(long_first_segment(line), seg.split_ascii_whitespace().nth(6).is_some(), "{line}");
        }
    }

    fn class(s: &str) -> Option<LineClass> {
        classify(s, &mut String::new())
    }

    #[test]
    fn menus_and_prompts() {
        for s in [
            "Follow us on social",
            "keep readingShow less",
            "Share this article",
            "SUBSCRIBE TO OUR NEWSLETTER",
            "Home | World | Business | Sport",
            "12 comments",
            "Comments (12)",
            "Sept 3, 2024 | 15 Comments »",
            "Read more »",
            "No comments yet...",
            "ShareTweetEmail",
            "Skip to content",
            "3 hours ago",
            "- Advertisement -",
            "Subscribe now to get our weekly digest of columns and reporting.",
            "Follow us on Instagram and TikTok for more",
            "Please enable JavaScript to view the comments.",
        ] {
            assert_eq!(class(s), Some(LineClass::Nav), "{s:?}");
        }
        for s in ["Home", "Search", "Share"] {
            assert_eq!(class(s), Some(LineClass::WeakNav), "{s:?}");
        }
    }

    #[test]
    fn prose_stays_silent() {
        for s in [
            "He decided to click here and there on the map before giving up.",
            "My grandfather used to subscribe to three newspapers.",
            "Reply.",
            "Read more carefully",
            "Follow us on horseback, my lord!",
            "Home at last",
            "August 22, 2025",
            "(c) Year and place of his birth.",
            "The company revised its privacy policy after the fine.",
            "A function f{t} defined on the interval.",
            "{Illustration: The old mill at dawn}",
            "The children ate the cookies and the cake.",
            "Comments on the draft were due in March",
            "reply:",
            "Reply :",
            "reply:--",
            "83,206 shares",
            "12,400 votes",
            "crash when using the plugin with java AND javascript enabled",
            "Firebird won't accept cookies",
            "Un mort et deux bless √ © s pour une moquerie",
            "(Images generously made available by the Internet Archive.)",
        ] {
            assert_eq!(class(s), None, "{s:?}");
        }
    }

    #[test]
    fn notices_credits_code() {
        assert_eq!(class("© 2024 Example Media Group. All rights reserved."), Some(LineClass::Legal { strong: true }));
        assert_eq!(class("Copyright 2019 The Daily Example"), Some(LineClass::Legal { strong: true }));
        assert_eq!(class("Copyright, 1891, by the author."), Some(LineClass::Legal { strong: false }));
        assert_eq!(class("All rights reserved"), Some(LineClass::Legal { strong: false }));
        assert_eq!(class("We use cookies to improve your experience. Accept"), Some(LineClass::Legal { strong: true }));
        assert_eq!(class("Privacy Policy | Terms of Use"), Some(LineClass::Legal { strong: true }));
        assert_eq!(class("Photo: Jane Roe/Example Agency"), Some(LineClass::Credit));
        assert_eq!(class("Top image credit: A harbour at dusk (shutterstock)"), Some(LineClass::Credit));
        assert_eq!(class("The harbour at dusk. (Getty Images)"), Some(LineClass::Credit));
        assert_eq!(class("picture: the old man turned away"), None);
        assert_eq!(class("\"geometry\": {"), Some(LineClass::Code));
        assert_eq!(class("Born in [[Paris|the capital}} in 1901."), Some(LineClass::Code));
        assert_eq!(class("{{Infobox river}}"), Some(LineClass::Code));
        assert_eq!(class("and then a wild form to vary{49}; possibly this"), None);
        assert_eq!(class("the daughter of Nereus. [[50]Next come the [_Enter a Messenger_.[29]]"), None);
    }

    #[test]
    fn trigger_scan_agrees_with_substring_search() {
        let lines = [
            "",
            "a",
            "af",
            "afp",
            "xafpx",
            "ap phot",
            "ap photo",
            "cookies",
            "getty images",
            "istoc",
            "istock",
            "javascrip",
            "enable javascript",
            "photo c",
            "photo",
            "all rights",
            "righ",
            "shutterstoc",
            "shutterstock",
            "the shutter stock",
            "sss shutterstock",
            "aap photo",
            "ccookie",
            "x\u{e9}getty",
            "rrights",
        ];
        for l in lines {
            assert_eq!(has_trigger(l.as_bytes()), TRIGGERS.iter().any(|t| l.contains(t)), "{l:?}");
        }
        // The anchors: every trigger, each at its first g, k or p.
        let got: Vec<&str> = ANCHORED.iter().map(|a| a.0).collect();
        assert_eq!(got, TRIGGERS);
        for &(t, a, o) in &ANCHORED {
            assert_eq!(t.bytes().position(|c| matches!(c, b'g' | b'k' | b'p')), Some(o), "{t}");
            assert_eq!(t.as_bytes()[o], a, "{t}");
        }
    }

    #[test]
    fn long_first_segment_counts_seven_words() {
        fn reference(line: &str) -> bool {
            let b = line.as_bytes();
            let mut words = 0;
            let mut space = true;
            for (k, &c) in b.iter().enumerate() {
                if c == b'|' || c == b'/' || c == b'\t' {
                    return false;
                }
                if c >= 0xC0 && is_separator(line[k..].chars().next().unwrap_or(' ')) {
                    return false;
                }
                if c == b' ' && matches!(b.get(k + 1), Some(b' ' | b'-')) {
                    return false;
                }
                if c == b' ' && line[k + 1..].starts_with(['–', '—']) {
                    return false;
                }
                let ws = c.is_ascii_whitespace();
                if !ws && space {
                    words += 1;
                    if words == 7 {
                        return true;
                    }
                }
                space = ws;
            }
            false
        }
        let lines = [
            "",
            "one two three four five six seven",
            "one two three four five six",
            "a b c d e f g",
            "a b c | d e f g h",
            "a b c d e f g | h",
            "a b  c d e f g",
            "a b - c d e f g",
            "a b c d e f g -",
            "a b — c d e f g",
            "a b c d e f —g",
            "a b c d e f\tg",
            "a b c d e\u{b}f g h",
            "a b\rc d\x0ce f g",
            "a b c • d e f g",
            "é è à ù ô î ç",
            "a/b c d e f g h",
            "x\u{2192}y a b c d e f g",
            "  lead a b c d e f g",
        ];
        for l in lines {
            assert_eq!(long_first_segment(l), reference(l), "{l:?}");
        }
    }

    #[test]
    fn lower_into_agrees_with_char_lowercase() {
        let mut got = String::new();
        for line in [
            "",
            "ABC def",
            "Don’t ‘Quote’ ÉCOLE İstanbul ΣΑΣ",
            "x\u{212A}y",
            "ß ẞ Ǆ",
            "plain ascii only",
            "A Long ASCII Run Before é And After It Too ‘Q’",
        ] {
            lower_into(line, &mut got);
            let want: String = line
                .chars()
                .flat_map(|c| match c {
                    '\u{2019}' | '\u{2018}' => vec!['\''],
                    c => c.to_lowercase().collect(),
                })
                .collect();
            assert_eq!(got, want, "{line:?}");
        }
    }
}
