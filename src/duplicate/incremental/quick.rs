//! A quick "no" for a long newcomer against a short entry, before verification.
//!
//! Verifying a newcomer of 100,000 words against an entry of 50 compares the whole
//! newcomer several times over (its covered tokens, the Jaccard similarity of all its
//! shingles, the coverage of the skeletons), although the verdict depends on the short
//! side's measurements alone unless the pair matches. Short news items whose skeleton
//! ("X of the X and X") appears all over a book pass the screen and reach verification
//! by the hundred in a large stream, and all but a few are turned down: on the 500 MB
//! benchmark stream they took most of the duplicate stage's verification time. Here
//! those measurements are taken from the short side, with the newcomer's counted
//! hashes ([`Side`]) for membership, and a pair is turned down only where
//! [`matcher::verify_with`] certainly finds nothing; anything else goes to it.

use super::super::matcher::{self, Params, MIN_KEPT_SHARE, MIN_MATCH_TOKENS, MIN_WORDS, SPIN_GAP};
use super::super::signature::{Signature, Stream};
use super::{aligned_best, level_mask, sampled_share, samples_of, set_at, Side};

/// True only if verifying newcomer `a` (its streams counted in `sides`) against `b`
/// certainly gives no verdict, when `a` is the longer text by at least [`MIN_RATIO`].
/// False says nothing: the pair must be verified.
pub(super) fn rejects(a: &Signature, sides: [&Side; 2], b: &Signature, p: &Params) -> bool {
    if a.words < MIN_WORDS || b.words < MIN_WORDS {
        return true;
    }
    if a.words <= b.words || a.word.tokens < MIN_RATIO * b.word.tokens {
        return false;
    }
    // The words, as `plain_sets` measures them; `b` is the smaller text.
    let (jaccard, c_small, t_small) = short_side(&b.word, &a.word, sides[0]);
    let enough = t_small >= MIN_MATCH_TOKENS;
    if enough && (jaccard >= p.near || c_small >= p.contain) {
        // A near-duplicate, or perhaps contained (which also weighs the newcomer's
        // coverage): verify.
        return false;
    }
    // No verdict on the words, and not contained: only a spun copy is left, whose
    // skeleton matches inside one window of the newcomer (`aligned_sets`).
    let prose = b.kept_words as f64 >= MIN_KEPT_SHARE * b.skel.tokens as f64;
    let (s_small, s_tokens) = aligned_short_side(&b.skel, &a.skel, sides[1]);
    let spun = s_tokens >= MIN_MATCH_TOKENS && s_small >= p.spin && s_small - c_small >= SPIN_GAP && prose;
    !spun
}

/// How much longer (in tokens) the newcomer must be for [`rejects`] to try: below
/// that, verification costs about as much as the quick measurements.
const MIN_RATIO: u64 = 4;

/// The sampling level two streams are compared at (that of the sparser, as an index
/// of [`Side::distinct`]), its mask, and the short stream's distinct hashes under it.
fn short_set(s: &Stream, long: &Stream) -> (usize, u32, Vec<u32>) {
    let level = s.level.max(long.level);
    let mask = level_mask(level);
    (level.min(32) as usize, mask, set_at(s, mask))
}

/// `(Jaccard, covered share, covered tokens)` of the short word stream `s` against
/// the newcomer's `long` (counted in `side`), as `plain_sets` gives them for the
/// short side: `matcher::compare_sets` where both are dense, `refine` where not.
fn short_side(s: &Stream, long: &Stream, side: &Side) -> (f64, f64, usize) {
    let (level, mask, set) = short_set(s, long);
    let newcomer = side.distinct[level] as usize;
    if set.is_empty() || newcomer == 0 {
        return (0.0, 0.0, 0);
    }
    let inter = set.iter().filter(|&&h| side.contains(h)).count();
    let jaccard = inter as f64 / (newcomer + set.len() - inter) as f64;
    let matched: Vec<bool> = s.hashes.iter().map(|&h| h & mask == 0 && side.contains(h)).collect();
    let (share, n) = if s.dense() && long.dense() {
        let (_, share, n) = matcher::dense_cover(s, &matched);
        (share, n)
    } else {
        sampled_share(&samples_of(s, &matched, mask), s.tokens)
    };
    (jaccard, share, n)
}

/// `(covered share, covered tokens)` of the short skeleton `s` within one window of
/// the newcomer's `long` (counted in `side`), as `aligned_sets` gives them for its
/// first, smaller stream: `matcher::compare_aligned_sets` where both are dense.
fn aligned_short_side(s: &Stream, long: &Stream, side: &Side) -> (f64, usize) {
    let (level, mask, set) = short_set(s, long);
    if set.is_empty() || side.distinct[level] == 0 || s.tokens == 0 {
        return (0.0, 0);
    }
    let mut ma = vec![false; s.hashes.len()];
    if s.dense() && long.dense() {
        for (_, i) in matcher::aligned_matches(s, long, &set) {
            ma[i as usize] = true;
        }
        return matcher::aligned_share(&s.coverage_mask(&ma));
    }
    for (_, _, i) in aligned_best(s, long, &set, mask) {
        ma[i as usize] = true;
    }
    sampled_share(&samples_of(s, &ma, mask), s.tokens)
}

#[cfg(test)]
mod tests {
    use super::super::super::signature::signature_of;
    use super::super::super::DupOptions;
    use super::super::verify::{aligned_sets, plain_sets};
    use super::super::{sketch, verify, Prepared, SKETCH_SKEL, SKETCH_WORD};
    use super::*;
    use crate::check::DuplicateKind;

    /// Sentences of two to four phrases of a few shapes, their content words drawn
    /// from `vocab` by `next`: texts whose skeleton shingles occur all over a long
    /// one, and whose words rarely do.
    fn sentences(n: usize, vocab: &[&str], next: &mut impl FnMut() -> usize) -> String {
        const PHRASES: [&str; 12] = [
            "the W of the W",
            "W in the W",
            "and W W",
            "to W a W",
            "by the W",
            "for W W",
            "W said that",
            "at the W of W",
            "it is not W",
            "whether the W will",
            "W from the W",
            "after W",
        ];
        let mut out = String::new();
        for _ in 0..n {
            for k in 0..2 + next() % 3 {
                if k > 0 {
                    out.push(' ');
                }
                let phrase = PHRASES[next() % PHRASES.len()];
                for (j, part) in phrase.split('W').enumerate() {
                    if j > 0 {
                        out.push_str(vocab[next() % vocab.len()]);
                    }
                    out.push_str(part);
                }
            }
            out.push_str(". ");
        }
        out
    }

    /// The short side's measurements are those the full comparison takes, and every
    /// pair [`rejects`] turns down is one verification turns down too, over long
    /// newcomers and short entries that share skeletons anywhere, copy a passage, copy it
    /// with its words swapped, or share nothing, each dense and sampled (as the index
    /// keeps entries); and it does turn some down (the case it is for), while the copies
    /// are verified as matches.
    #[test]
    fn what_it_turns_down_verification_turns_down() {
        let mut x = 0x2545_f491_u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as usize
        };
        let vocab: Vec<String> = (0..400).map(|i| format!("w{}x{}", i * 7919 % 1000, i % 37)).collect();
        let vocab: Vec<&str> = vocab.iter().map(String::as_str).collect();
        let other: Vec<String> = (0..400).map(|i| format!("v{}y{}", i * 104_729 % 1000, i % 41)).collect();
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        let p = DupOptions::default().params();
        let (mut rejected, mut matched) = ([0; 4], [0; 4]);
        for round in 0..40 {
            let long = sentences(400 + 40 * round, &vocab, &mut next);
            let a = Prepared::new(signature_of(&long, 5));
            let words: Vec<&str> = long.split(' ').collect();
            let at = next() % (words.len() - 210);
            let len = if round % 4 == 2 { 100 + next() % 100 } else { 30 + next() % 80 };
            let passage = words[at..at + len].join(" ");
            let short = match round % 4 {
                0 => sentences(2 + next() % 8, &vocab, &mut next),
                1 => passage,
                // The passage with most content words swapped: a spun copy.
                2 => passage
                    .split(' ')
                    .map(|w| if w.starts_with('w') { other[next() % 400] } else { w })
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => sentences(2 + next() % 8, &other, &mut next),
            };
            let b = signature_of(&short, 5);
            let full = verify(&a.sig, &b, &p);
            if round % 4 == 1 && b.words >= MIN_WORDS {
                assert!(full.is_some_and(|v| v.kind == DuplicateKind::Contained), "round {round}: a copied passage");
            }
            // The entry as the index keeps it (sampled sketches), and a sampled newcomer.
            let kept =
                Signature { word: sketch(&b.word, SKETCH_WORD), skel: sketch(&b.skel, SKETCH_SKEL), ..b.clone() };
            let halved = |s: &Stream| sketch(s, s.hashes.len() / 2);
            let sampled =
                Prepared::new(Signature { word: halved(&a.sig.word), skel: halved(&a.sig.skel), ..a.sig.clone() });
            for (n, (a, b)) in [(&a, &b), (&a, &kept), (&sampled, &b), (&sampled, &kept)].into_iter().enumerate() {
                // The short side's measurements are those of the full comparison.
                let (_, sa, sb) = short_set(&b.word, &a.sig.word);
                let words = plain_sets(&a.sig.word, &b.word, &set_at(&a.sig.word, sa), &sb);
                let quick = short_side(&b.word, &a.sig.word, &a.sides[0]);
                assert_eq!((words.jaccard, words.cov_b, words.tokens_b), quick, "round {round}, pair {n}");
                let (_, sa, sb) = short_set(&b.skel, &a.sig.skel);
                let skel = aligned_sets(&b.skel, &a.sig.skel, &sb, &set_at(&a.sig.skel, sa));
                let quick = aligned_short_side(&b.skel, &a.sig.skel, &a.sides[1]);
                assert_eq!((skel.cov_a, skel.tokens_a), quick, "round {round}, pair {n}");
                let full = verify(&a.sig, b, &p);
                if rejects(&a.sig, [&a.sides[0], &a.sides[1]], b, &p) {
                    assert!(
                        full.is_none(),
                        "round {round}, pair {n}: turned down, but verified as {:?}",
                        full.map(|v| v.kind)
                    );
                    rejected[n] += 1;
                } else if full.is_some() {
                    matched[n] += 1;
                }
            }
        }
        for n in 0..4 {
            assert!(
                rejected[n] >= 10 && matched[n] >= 5,
                "pair {n}: {} turned down, {} matches",
                rejected[n],
                matched[n]
            );
        }
    }
}
