//! The allow-list: words and phrases that are never flagged.
//!
//! A finding is dropped when the text it flags overlaps a whole-word, case-insensitive
//! occurrence of an allowed word or phrase, on one line, and flags at most one word
//! more than the phrase has. Document-level measures (findings with a weight, such as
//! the spun-text verdict or the line statistics) are not affected.

use std::ops::Range;

/// An allowed word or phrase: its words, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    words: Vec<Vec<char>>,
}

impl Phrase {
    /// Parses a phrase; `None` if it has no word.
    pub fn new(s: &str) -> Option<Phrase> {
        let words: Vec<Vec<char>> =
            s.split_whitespace().map(|w| w.chars().flat_map(char::to_lowercase).collect()).collect();
        (!words.is_empty()).then_some(Phrase { words })
    }

    /// True if this phrase occurs as whole words in `text`, starting within `window`,
    /// and overlaps `span`.
    fn overlaps(&self, text: &str, window: Range<usize>, span: &Range<usize>) -> bool {
        let mut prev: Option<char> = text[..window.start].chars().next_back();
        for (k, c) in text[window.clone()].char_indices() {
            let i = window.start + k;
            let starts_word = !prev.is_some_and(is_word_char);
            prev = Some(c);
            if !starts_word {
                continue;
            }
            if let Some(e) = self.match_at(text, i) {
                let s = i;
                let hit =
                    if span.is_empty() { s <= span.start && span.start < e } else { s < span.end && span.start < e };
                if hit {
                    return true;
                }
            }
        }
        false
    }

    /// The end of a whole-word match of the phrase starting at byte `i` of `text`.
    fn match_at(&self, text: &str, i: usize) -> Option<usize> {
        let mut it = text[i..].char_indices().peekable();
        for (n, word) in self.words.iter().enumerate() {
            if n > 0 {
                let mut spaced = false;
                while it.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                    it.next();
                    spaced = true;
                }
                if !spaced {
                    return None;
                }
            }
            let mut k = 0;
            while k < word.len() {
                let (_, c) = it.next()?;
                for lc in c.to_lowercase() {
                    if word.get(k) != Some(&lc) {
                        return None;
                    }
                    k += 1;
                }
            }
        }
        let end = it.peek().map_or(text.len(), |&(k, _)| i + k);
        if text[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        Some(end)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Bytes of context searched on each side of a flagged span.
const WINDOW: usize = 256;

/// True if the finding at `span` of `text` flags one of `phrases` (see the module docs).
pub fn allowed(text: &str, span: &Range<usize>, phrases: &[Phrase]) -> bool {
    if phrases.is_empty() || span.start > text.len() || span.end > text.len() || span.start > span.end {
        return false;
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return false;
    }
    let flagged = &text[span.clone()];
    if flagged.contains('\n') {
        return false;
    }
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(text.len(), |i| span.end + i);
    let mut s = line_start.max(span.start.saturating_sub(WINDOW));
    while !text.is_char_boundary(s) {
        s += 1;
    }
    let mut e = line_end.min(span.end + WINDOW);
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    let flagged_words = flagged.split_whitespace().count();
    phrases.iter().any(|p| flagged_words <= p.words.len() + 1 && p.overlaps(text, s..e, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, flagged: &str, allow: &[&str]) -> bool {
        let s = text.find(flagged).unwrap();
        let phrases: Vec<Phrase> = allow.iter().filter_map(|a| Phrase::new(a)).collect();
        allowed(text, &(s..s + flagged.len()), &phrases)
    }

    #[test]
    fn whole_words_any_case_overlapping() {
        assert!(check("We deploy on Kubernetes daily.", "Kubernetes", &["kubernetes"]));
        assert!(check("The WHITE SPACE team", "SPACE", &["White Space"]));
        assert!(check("The White  Space team", "White  Space team", &["white space"]));
        assert!(check("Grüße aus Köln", "Köln", &["KÖLN"]));
        // Not whole words, another line, or too much flagged text: kept.
        assert!(!check("Kubernetesclusters run", "Kubernetesclusters", &["kubernetes"]));
        assert!(!check("Kubernetes\nis here", "is", &["kubernetes"]));
        assert!(!check("Home | News | Sport | Weather", "Home | News | Sport | Weather", &["news"]));
        assert!(!check("the White House", "House", &["White Space"]));
        assert!(!check("one\ntwo", "one\ntwo", &["one"]));
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let p = vec![Phrase::new("é").unwrap()];
        assert!(Phrase::new("  ").is_none());
        assert!(!allowed("", &(0..0), &p));
        assert!(!allowed("é", &(1..2), &p));
        assert!(!allowed("é", &(0..9), &p));
        assert!(allowed("é", &(0..0), &p));
        assert!(allowed("x É", &(2..4), &p));
    }
}
