//! Tests of the screen: sides counted as plainly counted, and the screen held to the
//! full measurement it replaced.

use super::*;

/// Holds the side of `v` to a plain sort and filter: counts per level, per hash
/// (present or not), the sets under several masks, and the distinct anchors.
fn assert_plain(v: &[u32], s: &Side) {
    let n = v.len();
    let mut sorted = v.to_vec();
    sorted.sort_unstable();
    for l in 0..33 {
        let kept = |x: &u32| l == 32 && *x == 0 || l < 32 && x & ((1u32 << l) - 1) == 0;
        assert_eq!(s.positions[l] as usize, v.iter().filter(|x| kept(x)).count(), "{n} values, level {l}");
        let distinct = sorted.chunk_by(|x, y| x == y).filter(|g| kept(&g[0])).count();
        assert_eq!(s.distinct[l] as usize, distinct, "{n} values, level {l}");
    }
    let plain = |h: u32| v.iter().filter(|&&x| x == h).count();
    for g in sorted.chunk_by(|x, y| x == y) {
        assert_eq!(s.count(g[0]), g.len());
        assert!(s.contains(g[0]));
        for miss in [g[0] ^ 0x8000_0001, g[0] ^ 1, g[0].wrapping_add(1)] {
            assert_eq!(s.count(miss), plain(miss), "{n} values, {miss:#x}");
            assert_eq!(s.contains(miss), plain(miss) > 0, "{n} values, {miss:#x}");
        }
    }
    // The sets read from the table are those of a plain filter.
    for mask in [0, 1, 0xff, 0x3ff, 0xffff, u32::MAX] {
        let mut want: Vec<u32> = sorted.iter().copied().filter(|h| h & mask == 0).collect();
        let all = want.len();
        want.dedup();
        assert_eq!(s.set(mask), want, "{n} values, mask {mask:#x}");
        // A sketch of them has repeats iff some value is kept twice (or 0 is kept).
        assert_eq!(s.repeats_at(mask), want.len() < all || want.first() == Some(&0), "{n} values, mask {mask:#x}");
    }
    // The warming walk reads a value in every 16 (every cache line of the table),
    // whatever its size (empty, crowded).
    let every_16th = s.table.iter().enumerate().filter(|(i, _)| i % 16 == 0).fold(0, |acc, (_, &h)| acc ^ h);
    assert_eq!(s.warm(), every_16th, "{n} values");
    // The anchors: each distinct one once.
    let mut anchors = s.anchors.clone();
    anchors.sort_unstable();
    let mut want: Vec<u32> = sorted.iter().copied().filter(|&h| super::super::is_anchor(h)).collect();
    want.dedup();
    assert_eq!(anchors, want);
}

fn xorshift(mut x: u32) -> impl FnMut() -> u32 {
    move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    }
}

#[test]
fn sides_count_as_plainly_counted() {
    let mut next = xorshift(12345);
    let uniform: Vec<u32> = (0..5000).map(|i| if i % 7 == 0 { 42 } else { next() }).collect();
    // Sampled hashes (low bits zero), values close together, and a run of one value.
    let sampled: Vec<u32> = (0..3000).map(|_| next() & !0x3ff).collect();
    let clustered: Vec<u32> = (0..4000).map(|_| next() % 5000).collect();
    let descending: Vec<u32> = (0..2000).rev().collect();
    let top: Vec<u32> = (0..3000).map(|i| u32::MAX - i % 1000).collect();
    for v in [uniform.clone(), sampled, clustered, descending, top, vec![7u32; 300], uniform[..10].to_vec(), vec![]] {
        for n in [v.len(), v.len() / 3, v.len().min(63), v.len().min(64), v.len().min(65)] {
            let v = &v[..n];
            assert_plain(v, &Side::new(v, 99, 0));
        }
    }
}

#[test]
fn crowded_hashes_fall_back_to_sorting() {
    let mut next = xorshift(777);
    // All sharing their top 12 bits (anchors, then not), with repeats and zeros.
    for top in [0u32, 0x5a5 << 20] {
        let v: Vec<u32> = (0..6000)
            .map(|i| match i % 11 {
                0 => 0,
                1 | 2 => top | 0x1234,
                _ => top | (next() & 0xf_ffff),
            })
            .collect();
        let s = Side::new(&v, 6000, 3);
        assert!(s.crowded, "the guard triggered, top bits {top:#x}");
        assert_eq!((s.tokens, s.level), (6000, 3));
        assert_plain(&v, &s);
        // A prefix too short to exceed the budget is hashed as usual, with the same result.
        let short = &v[..12];
        let h = Side::new(short, 12, 3);
        assert!(!h.crowded);
        assert_plain(short, &h);
    }
    // Small values (all first tried at slot 0), descending.
    let reversed: Vec<u32> = (1..3000u32).rev().collect();
    let s = Side::new(&reversed, 3000, 0);
    assert!(s.crowded);
    assert_plain(&reversed, &s);
    // Uniform hashes never meet the budget.
    for n in [1, 100, 5000, 100_000] {
        let v: Vec<u32> = (0..n).map(|_| next()).collect();
        let s = Side::new(&v, n as u64, 0);
        assert!(!s.crowded, "{n} uniform hashes");
        if n <= 5000 {
            assert_plain(&v, &s);
        }
    }
}

/// The buffers kept from one stream to the next leave nothing behind: streams in a
/// row of different sizes (long, short, empty, crowded, with zeros and repeats, and
/// long again) count as plainly counted, and as with fresh buffers.
#[test]
fn sides_in_a_row_share_nothing() {
    let mut next = xorshift(4242);
    let long: Vec<u32> = (0..20_000).map(|i| if i % 5 == 0 { 99 } else { next() }).collect();
    let zeros: Vec<u32> = (0..700).map(|i| if i % 3 == 0 { 0 } else { next() & !0xff }).collect();
    let crowded: Vec<u32> = (0..5000).map(|i| if i % 4 == 0 { 0x1234 } else { next() & 0xf_ffff }).collect();
    let short = vec![5u32, 5, 0x4000_0000, 7];
    let streams = [&long[..], &short, &[], &crowded, &zeros, &short[..1], &long[..3000], &[], &long];
    for v in streams.iter().chain(streams.iter().rev()) {
        let s = Side::new(v, v.len() as u64, 1);
        assert_plain(v, &s);
        let fresh = Side::with(v, v.len() as u64, 1, &mut Spare::default());
        assert_eq!((&s.table, &s.repeats, &s.anchors), (&fresh.table, &fresh.repeats, &fresh.anchors));
        assert_eq!(
            (s.crowded, s.shift, s.distinct, s.positions),
            (fresh.crowded, fresh.shift, fresh.distinct, fresh.positions)
        );
    }
}

#[test]
fn sides_count_per_level() {
    // 8 = 0b1000 (3 trailing zeros), 12 = 0b1100 (2), 3 (0), 8 again.
    let s = Side::new(&[8, 12, 3, 8], 10, 0);
    assert_eq!(s.anchors, vec![8, 12, 3]);
    assert_eq!((s.distinct[0], s.positions[0]), (3, 4));
    assert_eq!((s.distinct[2], s.positions[2]), (2, 3));
    assert_eq!((s.distinct[3], s.positions[3]), (1, 2));
    assert_eq!(s.distinct[4], 0);
    assert_eq!(s.count(8), 2);
    assert_eq!(s.count(5), 0);
    assert_eq!(Side::default().count(5), 0);
    // Counts through the table are plain counts.
    let v: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(0x9E37_79B1) & !0xf0).chain([77; 40]).collect();
    let s = Side::new(&v, 3040, 0);
    for h in v.iter().step_by(7).copied().chain([77, 78, 0, u32::MAX]) {
        assert_eq!(s.count(h), v.iter().filter(|&&x| x == h).count(), "{h}");
    }
}

/// The measures as they were taken before the quick estimate was screened first.
fn old_measure(a: &Side, b: &Sketched) -> Measure {
    let level = a.level.max(b.level);
    let mask = level_mask(level);
    let mut set: Vec<u32> = b.hashes.iter().copied().filter(|h| h & mask == 0).collect();
    let b_positions = set.len();
    set.sort_unstable();
    set.dedup();
    let x = a.distinct[level.min(32) as usize] as usize;
    let y = set.len();
    if x == 0 || y == 0 {
        return Measure { x, y, a: Some((0.0, 0)), ..Measure::default() };
    }
    let count: Vec<u32> = set.iter().map(|&h| a.count(h) as u32).collect();
    let found = |h: u32| set.binary_search(&h).is_ok_and(|i| count[i] > 0);
    let inter = count.iter().filter(|&&c| c > 0).count();
    let jaccard = inter as f64 / (x + y - inter) as f64;
    if a.level == 0 && b.level == 0 {
        let (k, len) = (b.k as usize, b.tokens as usize);
        let (mut reach, mut n) = (0usize, 0usize);
        for (i, &h) in b.hashes.iter().enumerate() {
            if found(h) {
                let from = i.max(reach);
                let to = (i + k).min(len);
                n += to.saturating_sub(from);
                reach = to;
            }
        }
        let share = if len == 0 { 0.0 } else { n as f64 / len as f64 };
        return Measure { x, y, inter, jaccard, a: None, b: (share, n) };
    }
    let matched_b = b.hashes.iter().filter(|&&h| h & mask == 0 && found(h)).count();
    let matched_a: usize = count.iter().map(|&c| c as usize).sum();
    let share = |n: usize, of: usize, tokens: u64| {
        let s = n as f64 / of.max(1) as f64;
        (s, (s * tokens as f64).round() as usize)
    };
    let a_positions = a.positions[level.min(32) as usize] as usize;
    let (a, b) = (share(matched_a, a_positions, a.tokens), share(matched_b, b_positions, b.tokens));
    Measure { x, y, inter, jaccard, a: Some(a), b }
}

/// The quick estimate of one stream as it was taken: on the full measures.
fn old_plausible(m: &Measure, t: f64) -> bool {
    m.x > 0 && m.y > 0 && m.jaccard.max(m.inter as f64 / m.x.min(m.y) as f64) >= PLAUSIBLE * t
}

/// The screen that stops counting once the quick estimate is missed gives the
/// answers (and, past the estimate, the measures) of the full count: random
/// newcomers and entries of both levels, sharing every share of their hashes, so
/// that many sit at the estimate's bound.
#[test]
fn screen_as_fully_measured() {
    let mut next = xorshift(2024);
    let params = [(0.8, 0.7, 0.6), (0.5, 0.5, 0.5), (0.9, 0.3, 0.45), (0.0, 0.2, 1.0), (0.7, 0.7, 0.95)];
    let (mut passed, mut at_bound, mut verified, mut in_order) = (0, 0, 0, 0);
    let mut scratch = Scratch::default();
    for round in 0..6000 {
        let (near, contain, spin) = params[round % params.len()];
        let p = Params { near, contain, spin, lsh: crate::duplicate::lsh::LshParams::for_threshold(near) };
        let mut sides = Vec::new();
        let mut sketches = Vec::new();
        for _ in 0..2 {
            let level = [0u8, 0, 1, 2][(next() % 4) as usize];
            let n = (next() % 300) as usize + usize::from(next().is_multiple_of(8)) * 2000;
            let v: Vec<u32> = (0..n).map(|_| if next().is_multiple_of(9) { next() % 50 } else { next() }).collect();
            // The entry: some of the newcomer's hashes (in order, some twice), and new ones.
            let len = (next() % 120) as usize;
            let keep = next() % 101;
            let from = if n == 0 { 0 } else { (next() as usize) % n };
            let b: Vec<u32> = (0..len)
                .map(|i| if n > 0 && next() % 100 < keep { v[(from + i / 2 * 2 + (i % 3)) % n] } else { next() })
                .collect();
            let b_level = [0u8, 0, 1, 3][(next() % 4) as usize];
            sides.push(Side::new(&v, n as u64 * 2 + u64::from(next() % 5), level));
            sketches.push((b, b_level, (next() % 6 + 1) as u8, u64::from(next() % 400)));
        }
        // A sketch without repeats is mostly taken in text order (the fast path), sometimes sorted.
        let sk: Vec<Sketched> = sketches
            .iter()
            .map(|(h, level, k, tokens)| {
                let mut sorted = h.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let distinct = sorted.len() == h.len() && !next().is_multiple_of(4);
                in_order += usize::from(distinct);
                Sketched { hashes: h, level: *level, k: *k, tokens: *tokens, distinct }
            })
            .collect();
        let a = [&sides[0], &sides[1]];
        let b = [&sk[0], &sk[1]];
        let mut counts = || Counts {
            words: u64::from(next() % 500),
            kept_words: u64::from(next() % 300),
            skel_tokens: u64::from(next() % 500),
        };
        let (ac, bc) = (counts(), counts());
        let old = [old_measure(a[0], b[0]), old_measure(a[1], b[1])];
        let thresholds = [p.near.min(p.contain), p.spin];
        let mut pass = [false; 2];
        for w in 0..2 {
            let (st, ok) = screened(a[w], b[w], &mut scratch.streams[w], thresholds[w]);
            assert_eq!(ok, old_plausible(&old[w], thresholds[w]), "round {round}, stream {w}: {:?}", old[w]);
            let (x, y) = (old[w].x, old[w].y);
            at_bound += usize::from(x > 0 && y > 0 && old[w].inter == needed(x.min(y), y, PLAUSIBLE * thresholds[w]));
            pass[w] = ok;
            assert_eq!(measure(a[w], b[w], &mut scratch.streams[w], &st), old[w], "round {round}, stream {w}");
        }
        passed += usize::from(pass[0] || pass[1]);
        let want = (pass[0] || pass[1]) && verdict(&old, a, &ac, b, &bc, &p);
        verified += usize::from(want);
        assert_eq!(could_match(a, &ac, b, &bc, &p, &mut scratch), want, "round {round}");
    }
    assert!(passed > 500 && at_bound > 100 && verified > 100, "{passed} passed, {at_bound} at the bound, {verified}");
    assert!(in_order > 2000, "{in_order} sketches taken in text order");
}

#[test]
fn needed_is_the_fewest_that_pass() {
    for m in 1..60 {
        for y in [m, m + 1, 2 * m, 100] {
            for bound in [0.0, -1.0, 0.1, 0.24, 0.4, 0.56, 0.64, 0.7, 0.8 * 0.7, 0.72, 1.0, 1.5, f64::NAN] {
                let n = needed(m, y, bound);
                let plain = (0..=y).find(|&n| n as f64 / m as f64 >= bound).unwrap_or(y + 1);
                assert_eq!(n, plain, "m {m}, y {y}, bound {bound}");
            }
        }
    }
}
