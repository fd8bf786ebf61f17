//! The evidence that one word (or two) were swapped, and the texts written for it.

use std::ops::Range;

use crate::document::{Document, NO_ID};
use crate::model::Model;

/// Two word ids, as a pair of neighbours.
pub type IdPair = (u32, u32);

/// The evidence that one word (or two neighbouring words) were swapped.
///
/// Words are kept as ids: the texts (suggestion, message) are written out only for
/// the findings shown ([`PositionScore::suggestion`], [`PositionScore::message`]), as
/// most scores of a document are never shown. Lean scores (see [`Evidence::lean`](super::Evidence::lean))
/// have [`NO_ID`] words, whose texts are empty, and counts 0.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionScore {
    /// Byte span of the suspect word(s).
    pub span: Range<usize>,
    /// First and last token index.
    pub tokens: (usize, usize),
    /// Log-likelihood ratio of the best swap against the text as written.
    pub llr: f64,
    /// The words put in for the first and the last token (the same for one word; a
    /// name's word for its last token, the words before it kept).
    pub with: IdPair,
    /// The observed pair that changes most, and its reference count.
    pub observed: (IdPair, u64),
    /// The same pair after the swap, and its reference count.
    pub swapped: (IdPair, u64),
    /// Neighbour pairs of the written text that the reference never saw (of `sides`).
    pub unseen: u8,
    /// Neighbour pairs considered (1 or 2; 3 for a joint swap).
    pub sides: u8,
    /// Pointwise mutual information of the swapped-back evidence pair.
    pub swapped_pmi: f64,
    /// Evidence from a Title-Case name rather than from the lexicon.
    pub entity: bool,
}

/// The text of word `id` (empty for [`NO_ID`]).
fn word_text(m: &Model, id: u32) -> &str {
    if id == NO_ID {
        ""
    } else {
        m.word(id)
    }
}

impl PositionScore {
    /// The finding message, with the pair counts as evidence.
    pub fn message(&self, doc: &Document, m: &Model) -> String {
        use std::fmt::Write;
        let flagged = &doc.text[self.span.clone()];
        let (((a, b), ca), ((x, y), cx)) = (self.observed, self.swapped);
        let [a, b, x, y] = [a, b, x, y].map(|id| word_text(m, id));
        // Pieces pushed in turn (one allocation, no formatting machinery but for the
        // counts): every shown swap writes one (`texts_from_ids_agree_with_the_texts`
        // holds it to the `format!`).
        let mut s = String::with_capacity(flagged.len() + a.len() + b.len() + x.len() + y.len() + 96);
        for piece in ["\"", flagged, "\" looks like a synonym swap: \"", a, " ", b, "\" occurs "] {
            s.push_str(piece);
        }
        let _ = write!(s, "{ca}");
        for piece in [" times in the reference, \"", x, " ", y, "\" "] {
            s.push_str(piece);
        }
        let _ = write!(s, "{cx}");
        s.push_str(" times");
        s
    }

    /// The replacement for the span, case matched (empty for a lean score).
    pub fn suggestion(&self, doc: &Document, m: &Model) -> String {
        let (i, j) = self.tokens;
        let cased = |k: usize, id: u32| match_case(&doc.text[doc.tokens[k].range()], word_text(m, id));
        if self.with.1 == NO_ID {
            return String::new();
        }
        let last = doc.tokens[j];
        if i == j {
            // The words of the span before the last token stay (a name's first word).
            let kept = &doc.text[self.span.start..last.start()];
            if kept.is_empty() {
                cased(j, self.with.1)
            } else {
                format!("{kept}{}", cased(j, self.with.1))
            }
        } else {
            let gap = &doc.text[doc.tokens[i].end()..last.start()];
            format!("{}{}{}", cased(i, self.with.0), if gap.contains('-') { "-" } else { " " }, cased(j, self.with.1))
        }
    }

    /// The text of the observed evidence pair ("white space").
    pub fn observed_text(&self, m: &Model) -> String {
        pair_text(m, self.observed.0)
    }

    /// The text of the evidence pair after the swap ("white house").
    pub fn swapped_text(&self, m: &Model) -> String {
        pair_text(m, self.swapped.0)
    }
}

/// The text of a pair of words, a space between them (empty words for [`NO_ID`]).
fn pair_text(m: &Model, (a, b): IdPair) -> String {
    format!("{} {}", word_text(m, a), word_text(m, b))
}

/// Copies the case pattern of `like` onto `word`.
pub fn match_case(like: &str, word: &str) -> String {
    if like.chars().count() > 1 && like.chars().all(|c| !c.is_lowercase()) {
        word.to_uppercase()
    } else if like.starts_with(char::is_uppercase) {
        let mut c = word.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    } else {
        word.to_string()
    }
}
