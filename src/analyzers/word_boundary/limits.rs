//! Count thresholds of the word-boundary checks, derived once per model.

use std::sync::{Arc, Mutex, OnceLock};

use crate::document::{Document, NO_ID};
use crate::filter::HashFilter;
use crate::model::{format::hash, Model};
use crate::token::{Token, TokenKind};

/// Count thresholds, scaled to the size of the model's training corpus. The
/// `*_id` fields are the same thresholds as ids: the model assigns ids most
/// frequent first, so "seen less often than T" is "id at least the first id seen
/// less often than T" (and [`crate::document::NO_ID`] is above every id).
pub struct Limits {
    /// Each piece of a joined word is seen at least this often.
    pub common: u64,
    /// Each piece of a join of two content words is seen at least this often.
    pub content: u64,
    /// Tokens with an id from here on (seen at most about once per million tokens,
    /// or unknown) may be joined words.
    pub rare_known_id: u32,
    /// A known token needs its pair seen this many times more often than itself.
    pub known_pair_ratio: u64,
    /// ...and at least this often.
    pub known_pair_min: u64,
    /// Pair count needed when one piece is a function word ("the war").
    pub function_pair_min: u64,
    /// Pair count needed when both pieces are content words ("old war").
    pub content_pair_min: u64,
    /// Pair count needed for a camelCase join.
    pub camel_pair_min: u64,
    /// Neighbours are tried as a split word only if one has an id from here on...
    pub split_trigger_id: u32,
    /// ...or has at most two letters and an id from here on.
    pub split_short_id: u32,
    /// Two known neighbours, one with an id below this (seen more than 500 times per
    /// million tokens: "the", "be", "time"), are a phrase, not a split word.
    pub split_phrase_id: u32,
    /// A piece with an id from here on (seen about once per million tokens or
    /// less, or unknown) is a fragment whatever its length.
    pub split_fragment_id: u32,
    /// Bit `id - split_short_id` is set for words of at most two letters with ids
    /// in `split_short_id..split_trigger_id` ("th", "e", "st").
    short_ids: Vec<u64>,
    /// A split word's joined form is seen at least this often.
    pub split_joined: u64,
    /// The weaker piece is seen at least this many times less often than the joined word.
    pub split_weak_ratio: u64,
    /// The joined word is seen this many times more often than the pieces' pair is expected.
    pub split_ratio: u64,
    /// A filter of the words seen at least `common` times (the low 32 bits of their
    /// model hash), built for the first large document: pieces and joined words looked
    /// up are often rare or unknown, and the filter turns most of them down in the
    /// cache instead of a walk through the 25 MB model.
    common_words: OnceLock<HashFilter>,
}

/// Tokens [`Limits::next_piece`] tests together.
const LANES: usize = 16;

/// Documents of at least this many bytes build the common-word filter (about 30K
/// word hashes, once per process) and use it.
pub const FILTER_MIN_BYTES: usize = 256 << 10;

impl Limits {
    /// The limits for model `m`, computed once per model and cached.
    pub fn of(m: &Model) -> Arc<Limits> {
        type Key = (usize, usize, u64, usize);
        static CACHE: Mutex<Option<(Key, Arc<Limits>)>> = Mutex::new(None);
        let key = (m.bytes().as_ptr() as usize, m.bytes().len(), m.tokens(), m.vocab_len());
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        match &*cache {
            Some((k, l)) if *k == key => l.clone(),
            _ => {
                let l = Arc::new(Limits::new(m));
                *cache = Some((key, l.clone()));
                l
            }
        }
    }

    /// True when token `j` may be a piece of a split word: unknown, rare, or a
    /// short fragment ("th", "e").
    #[inline]
    pub fn may_be_piece(&self, doc: &Document, j: usize) -> bool {
        let id = doc.ids[j];
        if id >= self.split_trigger_id {
            return id != NO_ID || doc.tokens[j].kind == TokenKind::Word;
        }
        if id < self.split_short_id {
            return false;
        }
        let k = (id - self.split_short_id) as usize;
        self.short_ids[k / 64] & (1 << (k % 64)) != 0
    }

    /// The first `j` in `from..n` with [`Limits::may_be_piece`], or `n`. Most tokens
    /// are common words, but which are not is random (42% of the tokens of the 20 MB
    /// benchmark file have an id from `split_short_id` on), and a test per token
    /// mispredicted its branches for many of them: the tokens are taken [`LANES`] at a
    /// time, those with such an id found by comparisons the compiler makes for all of
    /// them at once, and each of those decided without a branch but the answer's.
    #[inline]
    pub fn next_piece(&self, doc: &Document, from: usize, n: usize) -> usize {
        let (ids, tokens) = (&doc.ids[..n], &doc.tokens[..n]);
        let (short, trigger) = (self.split_short_id, self.split_trigger_id);
        let span = trigger.saturating_sub(short);
        // (`short_ids` has a power-of-two length: an index masked to it is in bounds.)
        let (bits, wrap) = (&self.short_ids[..], self.short_ids.len() - 1);
        // 1 for a piece, else 0, computed without a branch (each condition alone is
        // as unpredictable as the answer).
        let piece = |id: u32, kind: TokenKind| {
            let k = id.wrapping_sub(short);
            let short_piece = (k < span) as u64 & (bits[(k / 64) as usize & wrap] >> (k % 64));
            let rare_piece = (id >= trigger) as u64 & ((id != NO_ID) as u64 | (kind == TokenKind::Word) as u64);
            (short_piece | rare_piece) & 1
        };
        let mut j = from;
        while j + LANES <= n {
            let ids: &[u32; LANES] = ids[j..j + LANES].try_into().expect("LANES ids");
            let tokens: &[Token; LANES] = tokens[j..j + LANES].try_into().expect("LANES tokens");
            // The tokens that are not common words (a comparison the compiler does for
            // all at once), then each of those.
            let mut rarer = ids.iter().enumerate().fold(0u32, |m, (k, &id)| m | ((id >= short) as u32) << k);
            while rarer != 0 {
                let k = rarer.trailing_zeros() as usize;
                if piece(ids[k], tokens[k].kind) != 0 {
                    return j + k;
                }
                rarer &= rarer - 1;
            }
            j += LANES;
        }
        (j..n).find(|&j| self.may_be_piece(doc, j)).unwrap_or(n)
    }

    /// Builds the common-word filter if it is not built yet (see [`FILTER_MIN_BYTES`]).
    pub fn build_filter(&self, m: &Model) {
        self.common_words.get_or_init(|| {
            // Ids are assigned most frequent first.
            let n = (0..m.vocab_len() as u32).take_while(|&id| m.count(id) >= self.common).count() as u32;
            HashFilter::new((0..n).map(|id| hash(m.word(id).as_bytes()) as u32), n as usize)
        });
    }

    /// [`Model::word_id`] of `w` when the model has seen it at least `common` times;
    /// for a rarer word, its id or `None` (callers turn both down alike). Once the
    /// filter is built, most rare words are answered without the model.
    #[inline]
    pub fn common_id(&self, m: &Model, w: &str) -> Option<u32> {
        let h = hash(w.as_bytes());
        if self.common_words.get().is_some_and(|f| !f.may_contain(h as u32)) {
            return None;
        }
        m.word_id_hashed(w.as_bytes(), h)
    }

    /// The limits for model `m`, computed afresh (see [`Limits::of`]).
    pub(super) fn new(m: &Model) -> Self {
        let tokens = m.tokens();
        // Rates per million training tokens, with floors for tiny models.
        let per_million = |r: f64, floor: u64| ((tokens as f64 * r / 1e6) as u64).max(floor);
        // The first id seen less often than `c`.
        let first_below = |c: u64| {
            let (mut lo, mut hi) = (0u32, m.vocab_len() as u32);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if m.count(mid) >= c {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let (split_short_id, split_trigger_id) = (first_below(per_million(200.0, 1)), first_below(per_million(5.0, 1)));
        // (A power-of-two length: see [`Limits::next_piece`].)
        let words = (split_trigger_id.saturating_sub(split_short_id) as usize).div_ceil(64).next_power_of_two();
        let mut short_ids = vec![0u64; words];
        for id in split_short_id..split_trigger_id {
            // (At most two characters: at most 8 bytes, and most words are decided by their length.)
            let w = m.word(id);
            if w.len() <= 2 || (w.len() <= 8 && w.chars().count() <= 2) {
                let k = (id - split_short_id) as usize;
                short_ids[k / 64] |= 1 << (k % 64);
            }
        }
        Limits {
            common: per_million(1.0, 3),
            content: per_million(5.0, 3),
            rare_known_id: first_below(per_million(1.0, 0) + 1),
            known_pair_ratio: 500,
            known_pair_min: per_million(1.0, 20),
            function_pair_min: per_million(0.25, 3),
            content_pair_min: per_million(0.13, 3),
            camel_pair_min: per_million(0.03, 2),
            split_trigger_id,
            split_short_id,
            short_ids,
            split_phrase_id: first_below(per_million(500.0, 1)),
            split_fragment_id: first_below(per_million(1.0, 1)),
            // `common`: [`Limits::common_id`] answers the joined word.
            split_joined: per_million(1.0, 3),
            split_weak_ratio: 5,
            split_ratio: 1000,
            common_words: OnceLock::new(),
        }
    }
}
