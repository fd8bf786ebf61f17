//! The dense path of a shingle stream: while every shingle is kept (level 0) and the
//! tokens cannot take the stream past [`CAP`], a shingle is only hashed and stored.
//! [`Shingler::push`] asks at every token whether the hash passes the mask, whether
//! the stream is dense, whether the vector has room, whether sampling starts, and
//! whether the window is full yet; here none of that can happen past the first
//! tokens, so it is not asked.
//!
//! The builder first gathers a block of each stream's token hashes (the tokenizing,
//! vocabulary and skeleton work, with the line marks made at the token counts they
//! will have), then rolls each stream over its block with [`Shingler::push_dense`]: a
//! loop with nothing else in its registers, whose hashes go into the vector by
//! `extend` over the block (one capacity check a block, not a token). Marks and dense
//! pushes touch disjoint state (a mark reads the token count only), so making the
//! marks first gives what interleaving them would.

use super::*;

/// Tokens gathered per stream before they are rolled into shingles (32 KB of hashes
/// a stream: the block stays in the L1 cache between the two passes).
pub(super) const BLOCK: usize = 1 << 12;

thread_local! {
    /// The blocks of the thread's builders (a builder is made per file: kept here, they
    /// are allocated once a thread).
    pub(super) static BLOCKS: std::cell::RefCell<Option<Blocks>> = const { std::cell::RefCell::new(None) };
}

/// A block of token hashes of each stream, gathered before they are rolled: the word
/// stream's, then the skeleton's (one allocation: the gathering loop addresses both
/// from one register).
pub(super) struct Blocks(pub(super) Box<[u64; 2 * BLOCK]>);

impl Blocks {
    /// Blocks of zeros.
    pub(super) fn new() -> Self {
        Blocks(crate::zeroed::table())
    }

    /// The first `n` hashes of the word stream's block.
    pub(super) fn word(&self, n: usize) -> &[u64] {
        &self.0[..n]
    }

    /// The first `n` hashes of the skeleton stream's block.
    pub(super) fn skel(&self, n: usize) -> &[u64] {
        &self.0[BLOCK..BLOCK + n]
    }
}

impl Shingler {
    /// [`Shingler::push`] of each of `toks` in turn, for a dense stream that stays
    /// within [`CAP`] (`hashes.len() + toks.len() <= CAP`), calling `each` with the hash
    /// of every shingle completed (every one is kept).
    // (Not inlined: alone, its loop gets the registers it needs; measured, inlined it
    // spills its state.)
    #[inline(never)]
    pub(super) fn push_dense(&mut self, toks: &[u64], mut each: impl FnMut(u32)) {
        debug_assert!(self.out.dense() && self.mask == 0 && self.out.hashes.len() + toks.len() <= CAP);
        let (k, roll_k) = (self.k, self.roll_k);
        let ring = &mut self.ring;
        let n = self.out.tokens as usize;
        // The token leaving the window at token `i` of the block: for the first `k`, one
        // before the block, in the ring (zero before the stream's first token: a slot not
        // written yet); after them, in the block itself (read there, the loop keeps no
        // ring). The ring is written once, after the block.
        let head = k.min(toks.len());
        let before = |i: usize| ring[(n + i).wrapping_sub(k) % MAX_SHINGLE];
        let roll_by = |r: u64, tok: u64, gone: u64| {
            r.wrapping_mul(ROLL).wrapping_add(tok).wrapping_sub(gone.wrapping_mul(roll_k))
        };
        let shingle = |r: u64| (mix(r ^ k as u64) >> 32) as u32;
        // The first tokens of the stream complete no shingle: the window is not full.
        let warm = (k - 1).saturating_sub(n).min(toks.len());
        let hashes = &mut self.out.hashes;
        let mut roll = self.roll;
        for (i, &tok) in toks[..head].iter().enumerate() {
            roll = roll_by(roll, tok, before(i));
            if i >= warm {
                let h = shingle(roll);
                each(h);
                hashes.push(h);
            }
        }
        // `extend` over a slice mapped by a closure that owns the rolling state: it knows
        // its length, so it checks the capacity once, not a token, and the state is its
        // own (in registers; held by the stream or by reference it would be reloaded
        // after every stored hash, which might have been written over it). The state
        // after the block is made again from its last tokens (below).
        let mut r = roll;
        hashes.extend(toks[head..].iter().zip(toks).map(move |(&tok, &gone)| {
            r = roll_by(r, tok, gone);
            let h = shingle(r);
            each(h);
            h
        }));
        // The ring holds the last tokens by position; the rolling hash is the polynomial
        // hash of the last k of them (or all, fewer than k): `ROLL` to the power of its
        // distance from the last, summed (the subtraction removes the token leaving the
        // window exactly), so Horner's rule over the window gives it again.
        let from = toks.len().saturating_sub(MAX_SHINGLE);
        for (i, &tok) in toks.iter().enumerate().skip(from) {
            ring[(n + i) % MAX_SHINGLE] = tok;
        }
        let end = n + toks.len();
        if toks.len() > head {
            roll = (end - end.min(k)..end).fold(0u64, |r, i| r.wrapping_mul(ROLL).wrapping_add(ring[i % MAX_SHINGLE]));
        }
        (self.roll, self.out.tokens) = (roll, end as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Xorshift tokens, some repeated (a window of equal tokens), some zero.
    fn tokens(seed: u64, n: usize) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match i % 53 {
                    0 => 0,
                    1..=9 => 7,
                    _ => x,
                }
            })
            .collect()
    }

    /// One stream fed by [`Shingler::push`] and one by [`Shingler::push_dense`] over runs
    /// of varied lengths (what the builder does per block), with the same marks (one
    /// mid-run), must end the same and make the same shingles on the way: at the start
    /// (a window not full yet, runs shorter than it) and past [`CAP`] too, where the dense
    /// stream goes on with the plain push (as the builder does) once a run would not fit.
    #[test]
    fn dense_runs_make_what_the_plain_push_makes() {
        for (seed, k, total) in [(1u64, 5usize, 5000usize), (2, 1, 300), (3, 16, 2000), (4, 6, CAP + 5000), (5, 2, 40)]
        {
            let toks = tokens(seed, total);
            let (mut plain, mut dense) = (Shingler::new(k), Shingler::new(k));
            let (mut want, mut got) = (Vec::new(), Vec::new());
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let (mut at, mut line, mut dense_runs) = (0usize, 1u32, 0);
            while at < toks.len() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Documents of 0 to 3,000 tokens (fewer in a short stream), on a new line or
                // the same one.
                let len = ((x % (total as u64 / 3 + 2).min(3001)) as usize).min(toks.len() - at);
                line += (x >> 20) as u32 % 2;
                for s in [&mut plain, &mut dense] {
                    s.mark(line, (x >> 40) as u32 % 100);
                }
                let run = &toks[at..at + len];
                for (i, &t) in run.iter().enumerate() {
                    // A move mid-run, as the builder makes at a line break.
                    if i == len / 2 {
                        plain.mark(line + 1, 3);
                    }
                    want.push(plain.push(t));
                }
                // As the builder does: dense while the stream is dense and the shingles fit
                // in [`CAP`], then the plain push (here that fills it to exactly `CAP`).
                let split = if dense.out.dense() { (CAP - dense.out.hashes.len()).min(len) } else { 0 };
                if split > 0 {
                    // The marks first, at the token counts they will have (as the builder does).
                    let n0 = dense.out.tokens;
                    if len / 2 < split {
                        dense.out.tokens = n0 + (len / 2) as u64;
                        dense.mark(line + 1, 3);
                        dense.out.tokens = n0;
                    }
                    dense.push_dense(&run[..split], |h| got.push(Some(h)));
                    // (A shingle a token, once the window is full.)
                    let none = (split as u64).min((k as u64 - 1).saturating_sub(n0)) as usize;
                    got.splice(got.len() - (split - none)..got.len() - (split - none), std::iter::repeat_n(None, none));
                    dense_runs += 1;
                }
                for (i, &t) in run.iter().enumerate().skip(split) {
                    if i == len / 2 {
                        dense.mark(line + 1, 3);
                    }
                    got.push(dense.push(t));
                }
                at += len;
                assert!(got[at - len..] == want[at - len..], "seed {seed}, k {k}: shingles differ before token {at}");
            }
            assert!(dense_runs > 1, "seed {seed}: dense runs");
            assert!(total < CAP || plain.out.level > 0, "seed {seed}: sampled");
            assert_eq!(dense.out, plain.out, "seed {seed}, k {k}");
            assert_eq!((dense.roll, dense.ring, dense.mask), (plain.roll, plain.ring, plain.mask));
        }
    }
}
