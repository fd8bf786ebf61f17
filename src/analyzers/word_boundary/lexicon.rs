//! Word lists and text-shape tests the word-boundary checks share.

/// English function words: articles, prepositions, conjunctions, pronouns and
/// auxiliaries. Sorted, for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
    "between", "but", "by", "can", "could", "during", "each", "every", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "my", "no", "nor", "not",
    "of", "off", "on", "onto", "or", "our", "out", "over", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "these", "they", "this", "those", "through", "to", "under", "up", "upon", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "will", "with", "within",
    "without", "would", "you", "your",
];

/// Function words that may start a camelCase join ("ofMilitary"). Left out: words
/// that start code identifiers ("isValid", "toString", "onClick", "asRef", "byId",
/// "hasNext", "forEach") and name particles. Sorted.
const CAMEL_PREFIXES: &[&str] = &[
    "about", "after", "against", "among", "and", "at", "between", "during", "from", "her", "his", "in", "into", "its",
    "of", "or", "our", "over", "than", "that", "the", "their", "this", "with", "within", "without",
];

/// Words that start many closed compounds ("overbuilt", "upskill", "outbid"): a
/// token starting with one is a compound more often than two joined words. Sorted.
const COMPOUND_HEADS: &[&str] = &[
    "after", "air", "any", "back", "by", "counter", "cross", "down", "every", "fore", "head", "high", "home", "in",
    "inter", "life", "long", "low", "mid", "multi", "no", "non", "off", "on", "out", "over", "post", "pre", "self",
    "semi", "some", "super", "under", "up", "well", "with", "work", "world",
];

/// Words that end many closed compounds ("smokeless", "childlike", "citywide"). Sorted.
const COMPOUND_TAILS: &[&str] = &[
    "back", "body", "book", "born", "bound", "day", "down", "fold", "free", "front", "ful", "hand", "head", "hood",
    "house", "less", "like", "line", "man", "men", "most", "off", "one", "out", "over", "place", "proof", "room",
    "ship", "side", "some", "thing", "time", "town", "up", "ward", "wards", "ware", "way", "ways", "where", "wide",
    "wise", "woman", "women", "work", "works", "world", "worthy", "yard",
];

/// A word of up to eight bytes as a number that sorts like the word: bytes
/// big-endian, zero-padded (no word contains a zero byte).
const fn pack(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < 8 {
        v <<= 8;
        if i < w.len() {
            v |= w[i] as u64;
        }
        i += 1;
    }
    v
}

/// Packs a sorted word list (each word at most eight bytes) into sorted numbers.
const fn pack_all<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        assert!(list[i].len() <= 8);
        out[i] = pack(list[i].as_bytes());
        i += 1;
    }
    out
}

static FUNCTION_SET: [u64; FUNCTION_WORDS.len()] = pack_all(FUNCTION_WORDS);
static CAMEL_SET: [u64; CAMEL_PREFIXES.len()] = pack_all(CAMEL_PREFIXES);
static HEAD_SET: [u64; COMPOUND_HEADS.len()] = pack_all(COMPOUND_HEADS);
static TAIL_SET: [u64; COMPOUND_TAILS.len()] = pack_all(COMPOUND_TAILS);

/// Per first byte, bit `len` set when some word of the list has that first byte
/// and length (each word at most eight bytes).
const fn shapes(list: &[&str]) -> [u16; 256] {
    let mut out = [0u16; 256];
    let mut i = 0;
    while i < list.len() {
        let w = list[i].as_bytes();
        out[w[0] as usize] |= 1 << w.len();
        i += 1;
    }
    out
}

/// The shapes of [`FUNCTION_WORDS`]: most cuts tried in a rare token have a first
/// byte and length no function word has, and are turned down by one table load.
static FUNCTION_SHAPES: [u16; 256] = shapes(FUNCTION_WORDS);

/// Membership by integer binary search: these tests run on every cut of every
/// rare token, so they avoid string comparisons.
#[inline]
fn contains(set: &[u64], w: &str) -> bool {
    w.len() <= 8 && set.binary_search(&pack(w.as_bytes())).is_ok()
}

/// True for a closed-class English word (lower case).
#[inline]
pub fn is_function_word(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first() {
        Some(&c) if b.len() <= 8 => FUNCTION_SHAPES[c as usize] & (1 << b.len()) != 0 && contains(&FUNCTION_SET, w),
        _ => false,
    }
}

/// True for a lower-case prefix that may start a camelCase join.
pub fn is_camel_prefix(w: &str) -> bool {
    contains(&CAMEL_SET, w)
}

/// True for a word that often starts closed compounds.
pub fn is_compound_head(w: &str) -> bool {
    contains(&HEAD_SET, w)
}

/// True for a word that often ends closed compounds.
pub fn is_compound_tail(w: &str) -> bool {
    contains(&TAIL_SET, w)
}

fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '"' | '\'' | '“' | '‘' | '«' | '*' | '¿' | '¡')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '*' | '.' | ',' | ';' | ':' | '!' | '?' | '…')
}

/// True when the white-space-delimited chunk around `start..end` is plain prose:
/// after trimming opening and closing punctuation, only letters, with hyphens or
/// apostrophes between letters. URLs, e-mail addresses, hashtags, handles, code
/// (`a.b`, `f()`, `snake_case`, backticks), abbreviations ("e.g.") and words
/// glued to digits all fail.
pub fn in_prose_chunk(text: &str, start: usize, end: usize) -> bool {
    // Prose chunks are short: a long run without white space is not prose, and
    // bounding the scans keeps the check linear on pathological input.
    if end - start > MAX_CHUNK {
        return false;
    }
    let lo = floor_boundary(text, start.saturating_sub(MAX_CHUNK));
    let cs = match text[lo..start].char_indices().rev().find(|&(_, c)| c.is_whitespace()) {
        Some((p, c)) => lo + p + c.len_utf8(),
        None if lo == 0 => 0,
        None => return false,
    };
    let hi = floor_boundary(text, (end + MAX_CHUNK).min(text.len()));
    let ce = match text[end..hi].find(char::is_whitespace) {
        Some(p) => end + p,
        None if hi == text.len() => hi,
        None => return false,
    };
    chunk_is_prose(&text[cs..ce])
}

/// The largest char boundary at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Longest white-space-free stretch on either side that [`in_prose_chunk`] scans, in bytes.
const MAX_CHUNK: usize = 256;
/// Bytes of a line [`on_code_line`] looks at on each side.
const LINE_WINDOW: usize = 1024;

/// The test of [`in_prose_chunk`] on the chunk itself.
fn chunk_is_prose(chunk: &str) -> bool {
    let chunk = chunk.trim_start_matches(is_opener).trim_end_matches(is_closer);
    let mut prev_letter = false;
    let mut chars = chunk.chars().peekable();
    while let Some(c) = chars.next() {
        if crate::token::is_alpha(c) || crate::token::is_mark(c) {
            prev_letter = true;
            continue;
        }
        let joiner = matches!(c, '-' | '\'' | '’' | '‐');
        let next_letter = chars.peek().is_some_and(|&n| crate::token::is_alpha(n));
        if !(joiner && prev_letter && next_letter) {
            return false;
        }
        prev_letter = false;
    }
    true
}

/// True when the line holding byte `at` (up to [`LINE_WINDOW`] bytes each side) looks like code: braces, `;` at the end,
/// `=>`, `::`, `()`, `//` or `==`.
pub fn on_code_line(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    let lo = floor_boundary(text, at.saturating_sub(LINE_WINDOW));
    let hi = floor_boundary(text, (at + LINE_WINDOW).min(b.len()));
    let s = memchr::memrchr(b'\n', &b[lo..at]).map_or(lo, |p| lo + p + 1);
    let e = memchr::memchr(b'\n', &b[at..hi]).map_or(hi, |p| at + p);
    let line = &text[s..e];
    line.contains(['{', '}'])
        || line.trim_end().ends_with(';')
        || line.contains("=>")
        || line.contains("::")
        || line.contains("()")
        || line.contains("//")
        || line.contains("==")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [FUNCTION_WORDS, CAMEL_PREFIXES, COMPOUND_HEADS, COMPOUND_TAILS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list.windows(2).find(|w| w[0] >= w[1]));
        }
        for set in [&FUNCTION_SET[..], &CAMEL_SET, &HEAD_SET, &TAIL_SET] {
            assert!(set.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(is_function_word("the") && is_function_word("a") && is_function_word("without"));
        assert!(!is_function_word("th") && !is_function_word("") && !is_function_word("withoutx"));
        assert!(is_camel_prefix("of") && !is_camel_prefix("mc") && !is_camel_prefix("is"));
    }

    #[test]
    fn function_shapes_only_turn_down_non_members() {
        // Every word of up to eight bytes over a small alphabet, and each list word with
        // one byte changed, answers as the plain binary search does.
        let letters = b"abdefhinorstuwy";
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        for w in FUNCTION_WORDS {
            for k in 0..w.len() {
                for &c in letters {
                    let mut v = w.as_bytes().to_vec();
                    v[k] = c;
                    words.push(String::from_utf8(v).unwrap());
                }
            }
            words.push(format!("{w}s"));
            words.push(w[1..].to_string());
        }
        for &a in letters {
            for &b in letters {
                words.push(String::from_utf8(vec![a, b]).unwrap());
                words.push(String::from_utf8(vec![a]).unwrap());
            }
        }
        words.push("é".to_string());
        words.push("withoutxy".to_string());
        for w in &words {
            assert_eq!(is_function_word(w), contains(&FUNCTION_SET, w), "{w}");
        }
    }

    fn prose(t: &str, word: &str) -> bool {
        let s = t.find(word).unwrap();
        in_prose_chunk(t, s, s + word.len())
    }

    #[test]
    fn prose_chunks() {
        assert!(prose("the oldwar ended", "oldwar"));
        assert!(prose("a (oldwar), then", "oldwar"));
        assert!(prose("a year-oldwar.", "oldwar"));
        assert!(prose("“oldwar”", "oldwar"));
        assert!(!prose("see example.com/oldwar now", "oldwar"));
        assert!(!prose("mail oldwar@example.com", "oldwar"));
        assert!(!prose("tag #oldwar", "oldwar"));
        assert!(!prose("call getValue() now", "getValue"));
        assert!(!prose("use `ofMilitary` here", "ofMilitary"));
        assert!(!prose("old_war", "old"));
        assert!(!prose("obj.ofMilitary", "ofMilitary"));
        assert!(!prose("5km", "km"));
    }

    #[test]
    fn code_lines() {
        assert!(on_code_line("x\nlet a = ofMilitary();\ny", 8));
        assert!(!on_code_line("a report ofMilitary spending.", 9));
    }
}
