//! The candidates of a newcomer, counted: per entry, whether it shares a word anchor
//! and how many skeleton anchors it shares, in a mark per live entry.
//!
//! On a long stream nearly every skeleton anchor found is an entry's only one with the
//! newcomer (500 MB: 13.4 M members found of 12.4 M (entry, stream) pairs, of which
//! 0.78 M share two skeleton anchors or more): putting every member in a list and
//! sorting it to count them was the largest sort of the run. A mark is read and written
//! per member instead, in an array of 4 bytes per live entry, and only the candidates
//! (0.75 M) are sorted.

/// Bit of a mark set when the entry shares a word anchor.
const WORD: u32 = 1 << 15;
/// Bits of a mark below the stamp: the flag and the skeleton count.
const STAMP_SHIFT: u32 = 16;

/// Marks of the live entries (by entry less the first live one), valid for the newcomer
/// whose stamp they carry: the stamp changes with each newcomer, so the marks are never
/// cleared one by one.
#[derive(Default)]
pub(super) struct Tally {
    marks: Vec<u32>,
    stamp: u32,
    first: u32,
    /// Entries whose skeleton count reached two and that share no word anchor.
    skeleton: Vec<u32>,
}

impl Tally {
    /// Starts counting for a newcomer, the live entries being `first..first + live`.
    pub(super) fn start(&mut self, first: usize, live: usize) {
        self.stamp += 1;
        if self.first != first as u32 || self.stamp == 1 << (32 - STAMP_SHIFT) {
            // (Entries were dropped, or the stamps ran out: no mark is kept.)
            self.marks.clear();
            self.first = first as u32;
            self.stamp = 1;
        }
        self.marks.resize(live, 0);
        self.skeleton.clear();
    }

    /// The mark of entry `e`, reset if it is of an earlier newcomer.
    #[inline(always)]
    fn mark(&mut self, e: u32) -> &mut u32 {
        let stamp = self.stamp << STAMP_SHIFT;
        let m = &mut self.marks[(e - self.first) as usize];
        if *m & !(WORD | (WORD - 1)) != stamp {
            *m = stamp;
        }
        m
    }

    /// Entry `e` shares a word anchor: pushed to `cands` the first time.
    #[inline(always)]
    pub(super) fn word(&mut self, e: u32, cands: &mut Vec<u32>) {
        let m = self.mark(e);
        if *m & WORD == 0 {
            *m |= WORD;
            cands.push(e);
        }
    }

    /// Entry `e` shares one more skeleton anchor (after every word anchor was counted).
    #[inline(always)]
    pub(super) fn skeleton(&mut self, e: u32) {
        let m = self.mark(e);
        // (Saturating below the flag: a huge newcomer can share more than 2^15 skeleton
        // anchors with an entry, and no entry needs more than 77 of them.)
        *m += u32::from(*m & (WORD - 1) != WORD - 1);
        if *m & (WORD | (WORD - 1)) == 2 {
            self.skeleton.push(e);
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        (self.marks.capacity() + self.skeleton.capacity()) * 4
    }

    /// The entries that share two skeleton anchors or more and no word anchor, with
    /// how many they share.
    pub(super) fn skeleton_counts(&self) -> impl Iterator<Item = (u32, usize)> + '_ {
        self.skeleton.iter().map(|&e| (e, (self.marks[(e - self.first) as usize] & (WORD - 1)) as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tally gives a count from scratch for every newcomer, past the stamps' wrap and
    /// with the live entries moving on.
    #[test]
    fn tally_counts_each_newcomer_afresh() {
        let mut t = Tally::default();
        let mut x = 7u32;
        let mut first = 0;
        for newcomer in 0..70_000u32 {
            if newcomer % 9_000 == 8_999 {
                first += 5;
            }
            let live = 40;
            t.start(first, live);
            let (mut words, mut skel) = (vec![false; live], vec![0usize; live]);
            let mut cands = Vec::new();
            for _ in 0..(newcomer % 13) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let e = (x >> 8) as usize % live;
                if x & 3 == 0 {
                    words[e] = true;
                    t.word((first + e) as u32, &mut cands);
                }
            }
            for _ in 0..(newcomer % 17) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let e = (x >> 8) as usize % live;
                skel[e] += 1;
                t.skeleton((first + e) as u32);
            }
            let want: Vec<u32> = (0..live).filter(|&e| words[e]).map(|e| (first + e) as u32).collect();
            cands.sort_unstable();
            assert_eq!(cands, want, "newcomer {newcomer}");
            let mut got: Vec<(u32, usize)> = t.skeleton_counts().collect();
            got.sort_unstable();
            let want: Vec<(u32, usize)> =
                (0..live).filter(|&e| !words[e] && skel[e] >= 2).map(|e| ((first + e) as u32, skel[e])).collect();
            assert_eq!(got, want, "newcomer {newcomer}");
        }
    }

    /// A count past what the mark's bits hold stays a skeleton count: it neither sets
    /// the word flag nor spills into the stamp.
    #[test]
    fn tally_saturates() {
        let mut t = Tally::default();
        t.start(0, 2);
        for _ in 0..70_000 {
            t.skeleton(1);
        }
        let mut cands = Vec::new();
        t.word(0, &mut cands);
        assert_eq!(cands, vec![0]);
        assert_eq!(t.skeleton_counts().collect::<Vec<_>>(), vec![(1, (WORD - 1) as usize)]);
        // The next newcomer starts from nothing.
        t.start(0, 2);
        t.skeleton(1);
        t.skeleton(1);
        assert_eq!(t.skeleton_counts().collect::<Vec<_>>(), vec![(1, 2)]);
    }
}
