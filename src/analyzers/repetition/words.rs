//! The word view of a document shared by the repetition measures, and the two local
//! checks: a word typed twice ("the the") and a sentence repeated right after itself.

use std::ops::Range;

use crate::document::{Document, NO_ID};
use crate::model::{Model, ADJACENT};
use crate::token::{normalize_word, Token, TokenKind};

/// Word and number tokens with what the measures need, read through [`Words::tok`],
/// [`Words::hash`] and [`Words::pre`].
///
/// The buffers are reused from one document to the next and never shrunk: each is at
/// least as long as the current document needs, and what lies past its words is left
/// from a longer earlier document and never read (growing them back after a shorter
/// document zeroed the difference, about 1% of a stream of short records).
#[derive(Default)]
pub struct Words {
    /// Index of each word in `doc.tokens`.
    tok_buf: Vec<u32>,
    /// Hash of the lower-cased word.
    hash_buf: Vec<u64>,
    /// `pre[i]` = characters of words `0..i`, each counted with one following space.
    pre_buf: Vec<u64>,
    /// Words of the current document.
    len: usize,
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes bytes, lower-casing ASCII on the fly (FxHash-style, order dependent).
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0;
    for &b in bytes {
        h = (h.rotate_left(5) ^ b.to_ascii_lowercase() as u64).wrapping_mul(K);
    }
    h ^ (bytes.len() as u64)
}

/// Characters of UTF-8 bytes: the bytes that are not continuation bytes.
fn char_len(b: &[u8]) -> usize {
    b.len() - b.iter().filter(|&&c| (c as i8) < -0x40).count()
}

/// The hash of a word with vocabulary id `id` (the id stands for its lower-cased form).
#[inline]
fn id_hash(id: u32) -> u64 {
    next_id_hash(id as u64 + 1)
}

/// [`id_hash`] of the id before `next` (`next` = id + 1, which [`Fill::plain_words`]
/// has from testing the id against [`NO_ID`], `u32::MAX`).
#[inline]
fn next_id_hash(next: u64) -> u64 {
    next.wrapping_mul(K) ^ 0x5555
}

/// The hash and length in characters of word or number token `t` (with vocabulary id
/// `id`), other than an ASCII word with an id: by its id, or by its lower-cased text.
#[inline(never)]
fn other_hash(doc: &Document, t: Token, id: u32, buf: &mut String) -> (u64, usize) {
    let b = &doc.text.as_bytes()[t.range()];
    let chars = if t.is_ascii() { b.len() } else { char_len(b) };
    if t.kind == TokenKind::Word && id != NO_ID {
        (id_hash(id), chars)
    } else if chars == b.len() {
        (hash_bytes(b), chars)
    } else {
        normalize_word(&doc.text[t.range()], buf);
        (hash_bytes(buf.as_bytes()), chars)
    }
}

/// Where the sentence holding word `wi` (token `t`, after a gap from byte `gap_start`)
/// starts, given that it started at word `start`: a new one at `wi` after a full stop
/// (`stop`) unless the word is lower case, or after a blank line. Pushes the sentence
/// that ends to `sents`.
#[inline(never)]
fn sentence_break(
    doc: &Document,
    t: Token,
    gap_start: usize,
    stop: bool,
    mut start: usize,
    wi: usize,
    sents: &mut Vec<Range<usize>>,
) -> usize {
    if stop && !starts_lower(doc, t) {
        sents.push(start..wi);
        start = wi;
    }
    if wi > start
        && t.start() >= gap_start + 2
        && doc.text.as_bytes()[gap_start..t.start()].iter().filter(|&&b| b == b'\n').count() >= 2
    {
        sents.push(start..wi);
        start = wi;
    }
    start
}

/// True when token `t` starts with a lower-case letter (an ASCII first byte is
/// answered without decoding the token).
#[inline]
fn starts_lower(doc: &Document, t: Token) -> bool {
    match doc.text.as_bytes().get(t.start()) {
        Some(&b) if b < 0x80 => b.is_ascii_lowercase(),
        _ => doc.text[t.range()].chars().next().is_some_and(char::is_lowercase),
    }
}

/// The word vectors [`Words::fill`] writes, and where it is.
struct Fill<'a> {
    tok: &'a mut [u32],
    hash: &'a mut [u64],
    /// `pre[1..]`.
    pre: &'a mut [u64],
    /// Words written.
    wi: usize,
    /// Characters of the words written (with one space each).
    total: u64,
    /// End of the last token.
    prev_end: usize,
}

impl Fill<'_> {
    /// Writes word `wi` (token `i`, `t`) with its hash and length in characters.
    #[inline]
    fn push(&mut self, i: usize, t: Token, h: u64, chars: usize) {
        let wi = self.wi;
        self.tok[wi] = i as u32;
        self.hash[wi] = h;
        self.total += chars as u64 + 1;
        self.pre[wi] = self.total;
        self.wi = wi + 1;
        self.prev_end = t.end();
    }

    /// Writes the words from token `i` on while they are plain (ASCII words in the
    /// vocabulary, after a gap of at most one byte), passing punctuation that cannot end
    /// a sentence, and returns the first token that is neither. Most tokens are: this
    /// loop is short enough to keep its values in registers.
    #[inline(never)]
    fn plain_words(&mut self, tokens: &[Token], ids: &[u32], mut i: usize) -> usize {
        let (mut wi, mut total, mut prev_end) = (self.wi, self.total, self.prev_end);
        // All three the same length: one bounds check for the three stores.
        let n = self.tok.len().min(self.hash.len()).min(self.pre.len());
        let (tok, hash, pre) = (&mut self.tok[..n], &mut self.hash[..n], &mut self.pre[..n]);
        let ids = &ids[..tokens.len()];
        while let Some(t) = tokens.get(i) {
            // ASCII words first: most tokens are (other words end the loop below).
            if t.is_ascii_word() {
                // (No id + 1 for NO_ID, `u32::MAX`: one test, and the id + 1 the hash takes.)
                let Some(next) = ids[i].checked_add(1) else { break };
                if t.start() >= prev_end + 2 || wi >= n {
                    break;
                }
                tok[wi] = i as u32;
                hash[wi] = next_id_hash(next as u64);
                total += (t.end() - t.start()) as u64 + 1;
                pre[wi] = total;
                wi += 1;
            } else if t.kind != TokenKind::Punct
                // A full stop, `!`, `?`, `…` (or another character starting like it) is
                // for the caller to judge (noted by the tokenizer: the loop needs no text).
                || t.may_end_sentence()
            {
                break;
            }
            prev_end = t.end();
            i += 1;
        }
        (self.wi, self.total, self.prev_end) = (wi, total, prev_end);
        i
    }
}

impl Words {
    /// Collects the words of `doc` (for tests; the analyzer reuses one value).
    #[cfg(test)]
    pub fn new(doc: &Document) -> Self {
        let mut w = Words::default();
        w.fill(doc, &mut Vec::new());
        w
    }

    /// Words made of their parts (for tests): `pre` is one longer than the others.
    #[cfg(test)]
    pub fn from_parts(tok: Vec<u32>, hash: Vec<u64>, pre: Vec<u64>) -> Self {
        assert!(tok.len() == hash.len() && pre.len() == hash.len() + 1);
        Words { len: hash.len(), tok_buf: tok, hash_buf: hash, pre_buf: pre }
    }

    /// The hashes, to change (for tests).
    #[cfg(test)]
    pub fn hash_mut(&mut self) -> &mut [u64] {
        &mut self.hash_buf[..self.len]
    }

    /// Index of each word in `doc.tokens`.
    #[inline]
    pub fn tok(&self) -> &[u32] {
        &self.tok_buf[..self.len]
    }

    /// Hash of each lower-cased word.
    #[inline]
    pub fn hash(&self) -> &[u64] {
        &self.hash_buf[..self.len]
    }

    /// `pre()[i]` = characters of words `0..i`, each counted with one following space
    /// (one longer than the words; empty before the first document).
    #[inline]
    pub fn pre(&self) -> &[u64] {
        self.pre_buf.get(..=self.len).unwrap_or(&[])
    }

    /// Words the buffers have room for (the longest document so far).
    pub fn capacity(&self) -> usize {
        self.hash_buf.capacity()
    }

    /// Collects the words of `doc`, reusing this value's buffers, and in the same walk
    /// its sentences, as word ranges, into `sents`: split after `.`, `!`, `?`, `…` (not
    /// after "Mr." or "U.S.", nor before a lower-case word) and at blank lines. A word
    /// with a vocabulary id is hashed by its id (the id already stands for its
    /// lower-cased form); other words and all numbers are hashed by their lower-cased text.
    pub fn fill(&mut self, doc: &Document, sents: &mut Vec<Range<usize>>) {
        let n = doc.word_count();
        let w = self;
        // Every token that is not punctuation is a word: the vectors are grown (only
        // if shorter) once and each entry is written in place (what an earlier document
        // left is overwritten, not cleared first).
        if w.hash_buf.len() < n {
            w.tok_buf.resize(n, 0);
            w.hash_buf.resize(n, 0);
        }
        if w.pre_buf.len() < n + 1 {
            w.pre_buf.resize(n + 1, 0);
        }
        w.pre_buf[0] = 0;
        sents.clear();
        let mut buf = String::new();
        // All three `n` long, so that one bounds check covers the three stores.
        let mut f = Fill {
            tok: &mut w.tok_buf[..n],
            hash: &mut w.hash_buf[..n],
            pre: &mut w.pre_buf[1..n + 1],
            wi: 0,
            total: 0,
            prev_end: 0,
        };
        let tokens = &doc.tokens[..];
        let ids = &doc.ids[..tokens.len()];
        // Sentences: word range start, and whether a full stop since the last word ends
        // the sentence unless the next word is lower case.
        let (mut start, mut stop) = (0usize, false);
        let mut i = 0usize;
        loop {
            if !stop {
                i = f.plain_words(tokens, ids, i);
            }
            let Some(&t) = tokens.get(i) else { break };
            if t.kind == TokenKind::Punct {
                if !stop && f.wi > start && ends_sentence(doc, i) {
                    stop = true;
                }
                f.prev_end = t.end();
                i += 1;
                continue;
            }
            // A word the plain loop does not take: after a full stop or a wide gap (where
            // a sentence may end), not in the vocabulary or not ASCII, or a number.
            if stop || t.start() >= f.prev_end + 2 {
                // After a full stop, a word starting with an ASCII byte other than a
                // lower-case letter (most often a capital) starts a sentence: what
                // `sentence_break` finds (its blank-line test then has nothing to
                // split), without the call.
                match doc.text.as_bytes().get(t.start()) {
                    Some(&b) if stop && b < 0x80 && !b.is_ascii_lowercase() => {
                        sents.push(start..f.wi);
                        start = f.wi;
                    }
                    _ => start = sentence_break(doc, t, f.prev_end, stop, start, f.wi, sents),
                }
                stop = false;
            }
            let id = ids[i];
            let (h, chars) = if t.kind == TokenKind::Word && id != NO_ID && t.is_ascii() {
                (id_hash(id), t.end() - t.start())
            } else {
                other_hash(doc, t, id, &mut buf)
            };
            f.push(i, t, h, chars);
            i += 1;
        }
        let wi = f.wi;
        if stop {
            sents.push(start..wi);
            start = wi;
        }
        if wi > start {
            sents.push(start..wi);
        }
        // (Fewer than `n` only if the document's word count were off.)
        w.len = wi;
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Characters of words `a..b` (with one space each).
    pub fn chars(&self, a: usize, b: usize) -> u64 {
        let pre = self.pre();
        pre[b] - pre[a]
    }

    /// Hash of the `n` words starting at `i`.
    pub fn ngram(&self, i: usize, n: usize) -> u64 {
        let mut h = n as u64;
        for &x in &self.hash()[i..i + n] {
            h = (h.rotate_left(23) ^ x).wrapping_mul(K);
        }
        h
    }

    /// Byte range of words `a..b` in the text.
    pub fn span(&self, doc: &Document, a: usize, b: usize) -> Range<usize> {
        let tok = self.tok();
        doc.tokens[tok[a] as usize].start()..doc.tokens[tok[b - 1] as usize].end()
    }

    /// Index of the first word starting at or after byte `pos`.
    pub fn at_byte(&self, doc: &Document, pos: usize) -> usize {
        self.tok().partition_point(|&t| doc.tokens[t as usize].start() < pos)
    }
}

/// Doubled words that are grammatical ("had had", "that that", "what it is is",
/// "gave her her coat", "told you you were"), emphatic ("far far away", "very very
/// good") or interjections.
static ALLOWED: &[&str] = &[
    "again", "ah", "aha", "ahem", "aye", "baa", "bang", "bla", "blah", "boo", "boom", "bravo", "bye", "cha", "choo",
    "chop", "chug", "clap", "come", "cough", "da", "dear", "ding", "do", "dong", "dum", "er", "fa", "far", "great",
    "ha", "had", "haha", "hear", "hee", "her", "hip", "hmm", "ho", "hush", "is", "knock", "la", "lol", "long", "many",
    "meow", "mm", "much", "murmur", "my", "never", "night", "no", "now", "nudge", "oh", "ooh", "please", "pom", "pooh",
    "poor", "pretty", "quack", "rah", "rat", "really", "so", "tap", "tat", "tck", "that", "there", "tick", "ting",
    "tom", "too", "toot", "tra", "tsk", "tut", "uh", "um", "very", "well", "why", "wink", "woof", "wow", "yay", "yeah",
    "yes", "yo", "you",
];

/// Particles and pronouns whose doubling is often grammatical across a phrase
/// boundary ("he came in in high spirits", "having known it it has"): info only.
static AMBIGUOUS: &[&str] = &["about", "around", "down", "in", "it", "off", "on", "out", "over", "through", "up"];

/// How sure a doubled word is a slip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// A common word doubled: almost always a slip.
    Slip,
    /// A rare or unknown word doubled (as likely a name or a taxon: "Pei Pei",
    /// "geoffroyi geoffroyi"), or a particle that may double grammatically.
    Unsure,
}

/// A word written twice in a row.
pub struct Doubled {
    /// Byte range of both words and the gap.
    pub span: Range<usize>,
    /// Byte range of the first word.
    pub first: Range<usize>,
    /// Byte range of the second word.
    pub second: Range<usize>,
    /// How sure.
    pub confidence: Confidence,
}

/// Words seen fewer times than this in the model's corpus are [`Confidence::Unsure`].
pub const RARE: u64 = 100;
/// A doubling seen at least this often per occurrence of the word (and at least
/// three times) in the model's corpus is idiomatic ("bye bye", "walla walla").
pub const IDIOMATIC: f64 = 1e-3;

/// Finds immediately repeated words ("the the"), skipping allowed and idiomatic
/// doublings, names ("Sirhan Sirhan", "Boutros Boutros-Ghali"), headings repeated
/// by the next line, numbers and single letters.
pub fn doubled(doc: &Document, model: &Model, w: &Words, mut f: impl FnMut(Doubled)) {
    let text = doc.text;
    let b = text.as_bytes();
    let (hash, tok) = (w.hash(), w.tok());
    for i in equal_neighbours(hash) {
        if tok[i] != tok[i - 1] + 1 {
            continue;
        }
        let (ka, kb) = (tok[i - 1] as usize, tok[i] as usize);
        let (ta, tb) = (doc.tokens[ka], doc.tokens[kb]);
        if ta.kind != TokenKind::Word || tb.kind != TokenKind::Word {
            continue;
        }
        let (a, bw) = (&text[ta.range()], &text[tb.range()]);
        // Same spelling, or "The the" at a sentence start; "agent Agent" and
        // "CONSERVATION Conservation" are a word followed by a name or a heading.
        let same_case = a == bw || (is_title(a) && bw.chars().all(|c| !c.is_uppercase()));
        if !same_case || a.to_lowercase() != bw.to_lowercase() {
            continue;
        }
        let gap = &text[ta.end()..tb.start()];
        if !gap.chars().all(char::is_whitespace) || newlines(gap) > 1 {
            continue;
        }
        // Across a line break the first word must end a long (wrapped) line, not a title.
        if newlines(gap) == 1 {
            let line_start = text[..ta.start()].rfind('\n').map_or(0, |k| k + 1);
            if ta.end() - line_start < 40 {
                continue;
            }
        }
        let lower = a.to_lowercase();
        if (lower.chars().count() == 1 && lower != "a") || ALLOWED.binary_search(&lower.as_str()).is_ok() {
            continue;
        }
        // Part of a hyphenated compound on either side.
        if b.get(tb.end()) == Some(&b'-') || (ta.start() > 0 && b[ta.start() - 1] == b'-') {
            continue;
        }
        if is_title(a) && is_title(bw) && !sentence_start(doc, ka) {
            continue;
        }
        let id = doc.ids[ka];
        let count = if id == NO_ID { 0 } else { model.count(id) };
        if id != NO_ID {
            let pair = model.pair_count(ADJACENT, id, id);
            if pair >= 3 && pair as f64 >= IDIOMATIC * count as f64 {
                continue;
            }
        }
        let confidence =
            if count >= RARE && !AMBIGUOUS.contains(&lower.as_str()) { Confidence::Slip } else { Confidence::Unsure };
        f(Doubled { span: ta.start()..tb.end(), first: ta.range(), second: tb.range(), confidence });
    }
}

/// The indices `i` with `hash[i] == hash[i - 1]`, in increasing order. Such neighbours
/// are rare: blocks of 16 without any are passed over by one OR of comparisons, which
/// the compiler vectorizes (no branch per word).
fn equal_neighbours(hash: &[u64]) -> impl Iterator<Item = usize> + '_ {
    const BLOCK: usize = 16;
    let mut i = 1;
    std::iter::from_fn(move || {
        while let Some(b) = hash.get(i - 1..i + BLOCK) {
            if b.windows(2).fold(false, |a, p| a | (p[0] == p[1])) {
                break;
            }
            i += BLOCK;
        }
        while i < hash.len() {
            i += 1;
            if hash[i - 1] == hash[i - 2] {
                return Some(i - 1);
            }
        }
        None
    })
}

fn newlines(gap: &str) -> usize {
    gap.bytes().filter(|&b| b == b'\n').count()
}

fn is_title(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(char::is_uppercase) && c.any(char::is_lowercase)
}

/// True when token `t` begins a sentence: first token, or after `.`, `!`, `?`, a
/// blank line, or an opening quote that follows one of those.
fn sentence_start(doc: &Document, t: usize) -> bool {
    let mut k = t;
    loop {
        if k == 0 {
            return true;
        }
        if newlines(doc.gap_before(k)) >= 2 {
            return true;
        }
        let prev = doc.token_text(k - 1);
        match prev {
            "." | "!" | "?" | "…" => return true,
            "\"" | "“" | "'" | "‘" | "(" | "`" => k -= 1,
            _ => return false,
        }
    }
}

/// Abbreviations that end in a full stop without ending the sentence.
static ABBREVIATIONS: &[&str] =
    &["Capt", "Col", "Dr", "Gen", "Gov", "Jr", "Lt", "Mr", "Mrs", "Ms", "Prof", "Rep", "Rev", "Sen", "Sr", "St", "vs"];

/// True when punctuation token `k` is a full stop, `!`, `?` or `…` that may end a
/// sentence: "Mr." and "U.S." do not (a one-letter word or an abbreviation right
/// before it).
#[inline]
fn ends_sentence(doc: &Document, k: usize) -> bool {
    let bytes = doc.text.as_bytes();
    let t = doc.tokens[k];
    let end_mark = match t.end() - t.start() {
        1 => matches!(bytes[t.start()], b'.' | b'!' | b'?'),
        3 => &bytes[t.range()] == "…".as_bytes(),
        _ => false,
    };
    end_mark && !after_abbreviation(doc, k)
}

/// True when token `k` follows, with no space, a one-letter word or an abbreviation
/// ("U.S.", "Mr."): the token before's place and length inline, its text out of line.
#[inline]
fn after_abbreviation(doc: &Document, k: usize) -> bool {
    let Some(&p) = k.checked_sub(1).and_then(|j| doc.tokens.get(j)) else {
        return false;
    };
    // One character, or an abbreviation: at most 4 bytes either way (most words are
    // longer, and need neither test).
    p.end() == doc.tokens[k].start()
        && p.end() - p.start() <= 4
        && letter_or_abbreviation(&doc.text.as_bytes()[p.range()])
}

/// True when the bytes `prev` (of at most 4) are one character or an abbreviation.
/// (Out of line: [`Words::fill`] asks after a short word at a full stop only.)
#[inline(never)]
fn letter_or_abbreviation(prev: &[u8]) -> bool {
    // (Most short words before a full stop start with a letter no abbreviation starts
    // with: one bit test instead of comparing with the list.)
    char_len(prev) == 1
        || (ABBREVIATION_FIRSTS & (1 << (prev[0] & 0x7F)) != 0 && ABBREVIATIONS.iter().any(|a| a.as_bytes() == prev))
}

/// The first bytes of [`ABBREVIATIONS`] (all ASCII), one bit each.
const ABBREVIATION_FIRSTS: u128 = {
    let mut bits = 0u128;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        bits |= 1 << ABBREVIATIONS[i].as_bytes()[0];
        i += 1;
    }
    bits
};

/// Sentences as word ranges: split after `.`, `!`, `?`, `…` and at blank lines.
/// The reference that [`Words::fill`], which finds the same ones while it collects the
/// words, is tested against.
#[cfg(test)]
pub fn sentences(doc: &Document, w: &Words, out: &mut Vec<Range<usize>>) {
    out.clear();
    let bytes = doc.text.as_bytes();
    let mut start = 0;
    let mut wi = 0;
    let mut prev_end = 0;
    for (k, t) in doc.tokens.iter().enumerate() {
        let gap = &bytes[prev_end..t.start()];
        prev_end = t.end();
        if t.kind != TokenKind::Punct {
            if wi > start && gap.len() >= 2 && gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                out.push(start..wi);
                start = wi;
            }
            wi += 1;
            continue;
        }
        if wi > start && ends_sentence(doc, k) {
            // Nor does a full stop before a lower-case word.
            let next_lower = w
                .tok()
                .get(wi)
                .is_some_and(|&n| doc.token_text(n as usize).chars().next().is_some_and(char::is_lowercase));
            if !next_lower {
                out.push(start..wi);
                start = wi;
            }
        }
    }
    if wi > start {
        out.push(start..wi);
    }
}

/// The words of `doc` as a plain walk over its tokens finds them, the reference that
/// [`Words::fill`] (a loop for plain words and the rest apart) is tested against.
#[cfg(test)]
pub fn words_reference(doc: &Document) -> (Vec<u32>, Vec<u64>, Vec<u64>) {
    let (mut tok, mut hash, mut pre) = (Vec::new(), Vec::new(), vec![0u64]);
    let mut buf = String::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind == TokenKind::Punct {
            continue;
        }
        let s = &doc.text[t.range()];
        let chars = s.chars().count();
        let h = if t.kind == TokenKind::Word && doc.ids[i] != NO_ID {
            (doc.ids[i] as u64 + 1).wrapping_mul(K) ^ 0x5555
        } else if s.is_ascii() {
            hash_bytes(s.as_bytes())
        } else {
            normalize_word(s, &mut buf);
            hash_bytes(buf.as_bytes())
        };
        tok.push(i as u32);
        hash.push(h);
        pre.push(pre[pre.len() - 1] + chars as u64 + 1);
    }
    (tok, hash, pre)
}

/// Fewest words a sentence needs for its immediate repetition to be reported.
pub const MIN_SENTENCE_WORDS: usize = 5;

/// Pairs of consecutive identical sentences: yields the word range of the second.
pub fn repeated_sentences<'s>(w: &'s Words, sents: &'s [Range<usize>]) -> impl Iterator<Item = Range<usize>> + 's {
    sents.windows(2).filter_map(move |p| {
        let (a, b) = (&p[0], &p[1]);
        (a.len() >= MIN_SENTENCE_WORDS && a.len() == b.len() && w.hash()[a.clone()] == w.hash()[b.clone()])
            .then(|| b.clone())
    })
}

#[cfg(test)]
mod tests;
