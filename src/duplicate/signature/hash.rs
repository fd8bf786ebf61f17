//! How the shingle streams hash a word: normalized the way the word stream sees it
//! (lower case, digit separators dropped), hashed where it lies in the text when it
//! is plain ASCII, and the function words the skeleton stream keeps verbatim.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::token::{normalize_word, TokenKind};

/// Function words: kept verbatim in the skeleton stream.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "can't",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "it's",
    "i'm",
    "that's",
    "there's",
    "he's",
    "she's",
    "we're",
    "they're",
    "you're",
    "i've",
    "we've",
];

/// Finalizer of MurmurHash3 (64-bit): spreads every input bit over the output.
#[inline]
pub const fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The skeleton-stream hash of each clause punctuation byte `c`, `mix(c + 0x100)`,
/// by byte (a load instead of a mix per punctuation token).
pub(super) static PUNCT_HASH: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = mix(c as u64 + 0x100);
        c += 1;
    }
    t
};

/// Lower-cases the ASCII letters of eight ASCII bytes at once.
#[inline]
pub(super) fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = x.wrapping_add(ONES * (0x80 - b'A' as u64));
    let gt_z = x.wrapping_add(ONES * (0x7f - b'Z' as u64));
    x | (((ge_a & !gt_z) & (ONES * 0x80)) >> 2)
}

/// Hash of bytes eight at a time, ASCII letters lower-cased if `lower` (the bytes
/// must then be ASCII).
#[inline]
pub(super) fn hash_bytes(b: &[u8], lower: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for c in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        let mut x = u64::from_le_bytes(w);
        if lower {
            x = lower8(x);
        }
        h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 32;
    }
    mix(h)
}

/// [`hash_bytes`] of `bytes[start..end]`, reading eight bytes at a time straight
/// from `bytes` (past `end` when they exist, then masked off) instead of copying
/// each chunk: the same value without a `memcpy` per word.
#[inline]
pub(super) fn hash_at(bytes: &[u8], start: usize, end: usize, lower: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ ((end - start) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut p = start;
    while p < end {
        let n = end - p;
        let mut x = match bytes.get(p..p + 8) {
            Some(w) => {
                let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
                if n < 8 {
                    x & ((1u64 << (8 * n)) - 1)
                } else {
                    x
                }
            }
            None => {
                let mut w = [0u8; 8];
                w[..n.min(8)].copy_from_slice(&bytes[p..p + n.min(8)]);
                u64::from_le_bytes(w)
            }
        };
        if lower {
            x = lower8(x);
        }
        h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 32;
        p += 8;
    }
    mix(h)
}

/// [`hash_bytes`] of the first `n` bytes (1 to 16; ASCII if `lower`) of the 16
/// bytes `w`: the one or two rounds of its loop, unrolled.
#[inline]
pub(super) fn hash16(w: &[u8], n: usize, lower: bool) -> u64 {
    debug_assert!(w.len() == 16 && (1..=16).contains(&n));
    let a = u64::from_le_bytes(w[..8].try_into().unwrap_or([0; 8]));
    let b = u64::from_le_bytes(w[8..16].try_into().unwrap_or([0; 8]));
    let round = |h: u64, x: u64| {
        let x = if lower { lower8(x) } else { x };
        let h = (h ^ x).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 32)
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h = round(h, a & (u64::MAX >> (8 * (8 - n.min(8)))));
    if n > 8 {
        h = round(h, b & (u64::MAX >> (8 * (16 - n))));
    }
    mix(h)
}

/// [`word_hash`] of the token `t` of `text`, without copying ASCII words.
#[inline]
pub(super) fn token_hash(text: &str, t: &crate::token::Token, buf: &mut String) -> u64 {
    match plain_token_hash(text.as_bytes(), t) {
        Some(h) => h,
        None => word_hash(&text[t.range()], t.kind, buf),
    }
}

/// [`word_hash`] of the token `t` of `text` (as bytes) if it is an ASCII word or a
/// number without digit separators, hashed where it lies; `None` for the rest (to be
/// normalized first).
#[inline(always)]
pub(super) fn plain_token_hash(bytes: &[u8], t: &crate::token::Token) -> Option<u64> {
    let lower = match t.kind {
        TokenKind::Word if t.is_ascii() => true,
        // (Numbers are short: a byte loop, not a `memchr` call.)
        TokenKind::Number if !bytes[t.range()].contains(&b',') => false,
        _ => return None,
    };
    let (s, n) = (t.start(), t.end() - t.start());
    Some(match bytes.get(s..s + 16) {
        Some(w) if n <= 16 => hash16(w, n, lower),
        _ => hash_at(bytes, s, t.end(), lower),
    })
}

/// The hash of `word` as the word stream sees it (lower case, digit separators dropped).
pub fn word_hash(word: &str, kind: TokenKind, buf: &mut String) -> u64 {
    if kind == TokenKind::Number {
        if word.contains(',') {
            buf.clear();
            buf.extend(word.chars().filter(|&c| c != ','));
            return hash_bytes(buf.as_bytes(), false);
        }
        return hash_bytes(word.as_bytes(), false);
    }
    if word.is_ascii() {
        return hash_bytes(word.as_bytes(), true);
    }
    normalize_word(word, buf);
    hash_bytes(buf.as_bytes(), false)
}

/// The hashes of [`FUNCTION_WORDS`].
pub(super) fn function_words() -> &'static FxHashSet<u64> {
    static SET: OnceLock<FxHashSet<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut buf = String::new();
        FUNCTION_WORDS.iter().map(|w| word_hash(w, TokenKind::Word, &mut buf)).collect()
    })
}

/// The function-word hashes in an open-addressed table keyed by their top bits: a
/// lookup is one or two loads and compares (the skeleton asks once per word).
pub(super) struct FwTable {
    /// The hashes, each at or after its home slot (zero: empty).
    pub(super) slots: Box<[u64; FW_SLOTS]>,
}

/// Slots of [`FwTable`] (a power of two, several times the number of function words).
pub(super) const FW_SLOTS: usize = 1024;

impl FwTable {
    #[inline]
    pub(super) fn contains(&self, h: u64) -> bool {
        let mut i = (h >> 54) as usize;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return false;
            }
            if s == h {
                return true;
            }
            i = (i + 1) % FW_SLOTS;
        }
    }
}

/// [`function_words`] as an [`FwTable`], built once.
pub(super) fn function_word_table() -> &'static FwTable {
    static TABLE: OnceLock<FwTable> = OnceLock::new();
    const _: () = assert!(FW_SLOTS == 1 << (64 - 54) && FUNCTION_WORDS.len() < FW_SLOTS / 2);
    TABLE.get_or_init(|| {
        let mut slots = Box::new([0u64; FW_SLOTS]);
        for &h in function_words() {
            // Zero marks an empty slot; no function word hashes to it (see the tests).
            let mut i = (h >> 54) as usize;
            while slots[i] != 0 {
                i = (i + 1) % FW_SLOTS;
            }
            slots[i] = h;
        }
        FwTable { slots }
    })
}

/// True if `word` (any case) is one of the function words of the skeleton stream.
pub fn is_function_word(word: &str) -> bool {
    let mut buf = String::new();
    function_words().contains(&word_hash(word, TokenKind::Word, &mut buf))
}
