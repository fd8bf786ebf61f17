//! Tests of the n-gram measures: each fast path held to a plain computation.

use super::*;

/// The marks of one table in text order, as [`candidates`] made them before it
/// partitioned large tables (and grouped the buckets of one filled directly).
fn reference(hash: &[u64], table_bits: usize) -> Vec<usize> {
    let tb = table_bits.trailing_zeros();
    // Low bits in a table filled directly, top bits in a partitioned one.
    let bucket = |h: u64| if tb <= DIRECT_BITS { h & (table_bits as u64 - 1) } else { h >> (64 - tb) } as usize;
    let mut h5 = Vec::new();
    rolling5(hash, |i, h| {
        assert_eq!(i, h5.len());
        h5.push(h);
    });
    let mut count = vec![0u8; table_bits];
    for &h in &h5 {
        let c = &mut count[bucket(h)];
        *c = c.saturating_add(1);
    }
    // A table filled directly marks the 5-grams of a group of buckets (those equal in
    // their low bits, all but `GROUP_BITS` of them, and at least 6) that holds a bucket
    // with two or more.
    let low = (table_bits >> GROUP_BITS).max(64) - 1;
    let group = |b: usize| if tb <= DIRECT_BITS { b & low } else { b };
    let mut multi = vec![false; table_bits];
    for b in (0..table_bits).filter(|&b| count[b] >= 2) {
        multi[group(b)] = true;
    }
    (0..h5.len()).filter(|&i| multi[group(bucket(h5[i]))]).collect()
}

#[test]
fn rolling_hash_is_the_polynomial() {
    let hash: Vec<u64> = (0..40u64).map(|k| (k % 7).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k).collect();
    let mut got = Vec::new();
    rolling5(&hash, |i, h| got.push((i, h)));
    let want: Vec<(usize, u64)> = (0..=hash.len() - 5)
        .map(|i| (i, hash[i..i + 5].iter().fold(0u64, |r, &x| r.wrapping_mul(ROLL).wrapping_add(x))))
        .collect();
    assert_eq!(got, want);
    for short in 0..5 {
        rolling5(&hash[..short], |_, _| panic!("no 5-gram in {short} words"));
    }
}

/// [`duplicated`] without the bucket filter and its shortcuts: every n-gram into
/// the hash map, prefix sums of the unmasked characters.
fn duplicated_reference(w: &Words, mask: &[bool]) -> Vec<Dup> {
    let len = w.len();
    let mut out = Vec::new();
    if len < 10 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let mut upre = vec![0u64];
    for i in 0..len {
        upre.push(upre[i] + if mask[i] { 0 } else { w.chars(i, i + 1) });
    }
    for n in 5..=10 {
        let mut first = FxHashMap::default();
        let mut repeats = Vec::new();
        for i in 0..=len - n {
            let j = *first.entry(w.ngram(i, n)).or_insert(i);
            if j != i {
                repeats.push((i, j));
            }
        }
        if repeats.is_empty() {
            break;
        }
        // Repeats starting on a masked word are not counted.
        repeats.retain(|&(i, _)| !mask[i]);
        let (covered, run, source) = cover(&repeats, n, &upre, None);
        let share = covered as f64 / total;
        let limit = dup_limit(n);
        if share > limit {
            out.push(Dup { n, share, limit, run, source });
        }
    }
    out
}

#[test]
fn masked_texts_near_the_limits_equal_every_ngram_hashed() {
    // A stretch copied (5% to 40% of a text like prose) with masked words: the
    // masked shares fall on both sides of the limits, under the unmasked bound that
    // decides which levels are measured.
    let mut sc = Scratch::default();
    let (mut found, mut missed) = (0, 0);
    for seed in 0..160u64 {
        let len = [400, 1_500, 6_000][seed as usize % 3];
        let masked = [3, 5, 9, 30][(seed as usize / 3) % 4];
        let (mut w, mask) = prose_words(seed * 3_571 + 11, len, 50, 0, masked);
        let copy = len * (5 + (seed as usize * 7) % 36) / 100;
        let (a, b) = (len / 10, len - copy);
        for k in 0..copy {
            let h = w.hash_mut();
            h[b + k] = if k % 23 == 11 { k as u64 } else { h[a + k] };
        }
        let want = duplicated_reference(&w, &mask);
        found += want.len();
        missed += (want.len() < 6) as usize;
        assert_eq!(duplicated(&w, &mask, &mut sc), want, "seed {seed}");
    }
    assert!(found > 100 && missed > 10, "{found} shares, {missed} texts with a level under its limit");
}

#[test]
fn duplicated_equals_every_ngram_hashed() {
    let mut sc = Scratch::default();
    let mut found = 0;
    for seed in 0..200u64 {
        let len = [10, 11, 60, 400, 3_000, 70_000][seed as usize % 6];
        let vocab = [3, 12, 40, 1_000, 100_000][seed as usize % 5];
        let masked = [0, 0, 3, 20][seed as usize % 4];
        let (mut w, mask) = random_words(seed * 104_729 + 3, len, vocab, masked);
        // Copy a stretch (the text half repeated), with a few words changed.
        if seed % 3 == 0 && len >= 60 {
            let (a, b) = (len / 5, len / 2);
            for k in 0..len / 4 {
                let h = w.hash_mut();
                h[b + k] = if k % 17 == 5 { k as u64 } else { h[a + k] };
            }
        }
        let want = duplicated_reference(&w, &mask);
        found += want.len();
        assert_eq!(duplicated(&w, &mask, &mut sc), want, "seed {seed}");
    }
    assert!(found > 50, "{found} shares");
}

#[test]
fn masked_cover_equals_the_word_by_word_sum() {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..200 {
        let len = 20 + (next() % 300) as usize;
        let mut pre = vec![0u64];
        for i in 0..len {
            pre.push(pre[i] + 1 + next() % 9);
        }
        let mask: Vec<bool> = (0..len).map(|_| next() % [2, 5, 40][round % 3] == 0).collect();
        let at: Vec<u32> = (0..len as u32).filter(|&i| mask[i as usize]).collect();
        for n in 5..=10 {
            let repeats: Vec<(usize, usize)> = (0..=len - n).filter(|_| next() % 3 == 0).map(|i| (i, i / 2)).collect();
            // The sum the cursor replaces: the unmasked words of each newly covered stretch.
            let mut until = 0;
            let mut want = 0;
            for &(i, _) in &repeats {
                if mask[i] {
                    continue;
                }
                want += (i.max(until)..i + n).filter(|&k| !mask[k]).map(|k| pre[k + 1] - pre[k]).sum::<u64>();
                until = i + n;
            }
            let got = cover(&repeats, n, &pre, Some((&mask, &at)));
            assert_eq!(got.0, want, "round {round}, n {n}");
            assert_eq!(got.1, cover_plain_run(&repeats, n, &mask), "round {round}, n {n}");
        }
    }
}

/// The longest run of [`cover`] by its own walk, for the test above.
fn cover_plain_run(repeats: &[(usize, usize)], n: usize, mask: &[bool]) -> Range<usize> {
    let (mut best, mut run, mut until) = (0..0, None::<usize>, 0);
    for &(i, _) in repeats.iter().filter(|&&(i, _)| !mask[i]) {
        if run.is_none() || i > until {
            run = Some(i);
        }
        until = i + n;
        let s = run.unwrap_or(i);
        if until - s > best.len() {
            best = s..until;
        }
    }
    best
}

#[test]
fn extended_runs_bound_the_longer_repeats() {
    let mut repeated = 0;
    for seed in 0..120u64 {
        let len = [10, 60, 400, 3_000][seed as usize % 4];
        let vocab = [3, 12, 40, 1_000][(seed as usize / 4) % 4];
        // Masked words too: the bound (of the unmasked cover) holds for the masked one.
        let masked = [0, 3, 20][(seed as usize / 16) % 3];
        let (mut w, mask) = random_words(seed * 7_727 + 5, len, vocab, masked);
        let at: Vec<u32> = (0..len as u32).filter(|&i| mask[i as usize]).collect();
        if seed % 3 == 0 && len >= 60 {
            let (a, b) = (len / 5, len / 2);
            for k in 0..len / 4 {
                let h = w.hash_mut();
                h[b + k] = if k % 13 == 5 { k as u64 } else { h[a + k] };
            }
        }
        let repeats = |n: usize| {
            let mut first = FxHashMap::default();
            (0..=len - n)
                .filter_map(|i| {
                    let j = *first.entry(w.ngram(i, n)).or_insert(i);
                    (j != i).then_some((i, j))
                })
                .collect::<Vec<_>>()
        };
        let bound = extended_runs(&repeats(5), w.pre());
        for n in 6..=10 {
            let exact = cover(&repeats(n), n, w.pre(), None).0;
            assert!(bound[n - 6] >= exact, "seed {seed}, n {n}: {} < {exact}", bound[n - 6]);
            repeated += (exact > 0) as usize;
            let masked = cover(&repeats(n), n, w.pre(), Some((&mask, &at))).0;
            assert!(masked <= exact, "seed {seed}, n {n}: masked {masked} > {exact}");
        }
    }
    assert!(repeated > 200, "{repeated}");
}

/// [`top`] as it was before its three sizes shared one walk (a mass per word in a
/// vector, one sliding window per size).
fn top_reference(w: &Words, mask: &[bool]) -> Vec<Top> {
    let len = w.len();
    let mut out = Vec::new();
    if len < 2 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let size = (len * 2).next_power_of_two().clamp(256, 1 << 16);
    let table = &mut vec![0u32; size];
    let bits = (size - 1) as u64;
    for i in (0..len).filter(|&i| !mask[i]) {
        let b = &mut table[(w.hash()[i] & bits) as usize];
        *b = b.saturating_add(w.chars(i, i + 1) as u32);
    }
    // The lowest bar of the three (n = 4) decides whether anything is heavy at all.
    let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
    if table.iter().all(|&c| c as f64 <= lowest) {
        return out;
    }
    // mass[i]: characters of all (unmasked) occurrences of word i, over-estimated by collisions.
    let mut mass = Vec::new();
    mass.extend((0..len).map(|i| table[(w.hash()[i] & bits) as usize] as u64));
    let max_mass = mass.iter().copied().max().unwrap_or(0);
    let counts = &mut FxHashMap::<u64, (u32, u32)>::default();
    for (n, limit) in TOP_LIMITS {
        let bar = (limit * total) as u64;
        if len < n || n as u64 * max_mass <= bar {
            continue;
        }
        counts.clear();
        let (mut sum, mut masked_in) = (0u64, 0usize);
        for i in 0..n - 1 {
            sum += mass[i];
            masked_in += mask[i] as usize;
        }
        for i in 0..=len - n {
            sum += mass[i + n - 1];
            masked_in += mask[i + n - 1] as usize;
            // count × length of an n-gram is at most the sum of its words' masses.
            if sum > bar && masked_in == 0 {
                let e = counts.entry(w.ngram(i, n)).or_insert((0, i as u32));
                e.0 += 1;
            }
            sum -= mass[i];
            masked_in -= mask[i] as usize;
        }
        out.extend(dominant(w, mask, counts, n, limit, total));
    }
    out
}

/// Words of a small vocabulary (so that n-grams repeat and weigh), some masked.
fn random_words(seed: u64, len: usize, vocab: u64, masked: u64) -> (Words, Vec<bool>) {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut tok, mut hash, mut pre) = (Vec::new(), Vec::new(), vec![0]);
    let mut mask = Vec::new();
    for i in 0..len {
        let r = next();
        // A skewed vocabulary: word k about twice as often as word k + 1.
        let k = (r % vocab).min((r >> 20).trailing_zeros() as u64);
        tok.push(i as u32);
        hash.push(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k << 3));
        pre.push(pre[i] + 2 + k % 7);
        mask.push(masked > 0 && (r >> 40) % masked == 0);
    }
    (Words::from_parts(tok, hash, pre), mask)
}

#[test]
fn one_walk_top_equals_one_window_per_size() {
    let mut sc = Scratch::default();
    let mut found = 0;
    for seed in 0..300u64 {
        let len = [2, 3, 5, 50, 400, 3_000][seed as usize % 6];
        let vocab = [2, 3, 5, 12, 40][seed as usize % 5];
        let masked = [0, 0, 3, 20][seed as usize % 4];
        let (w, mask) = random_words(seed * 7919 + 1, len, vocab, masked);
        let want = top_reference(&w, &mask);
        found += want.len();
        assert_eq!(top(&w, &mask, &mut sc), want, "seed {seed}");
    }
    assert!(found > 50, "{found} tops");
}

/// Words like prose: one word ("the") at `heavy` per mille, a few common ones, a
/// large vocabulary, and a 2- to 4-word phrase inserted at `phrase` per mille of
/// positions (keyword stuffing); some masked.
fn prose_words(seed: u64, len: usize, heavy: u64, phrase: u64, masked: u64) -> (Words, Vec<bool>) {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let plen = 2 + (seed % 3) as usize;
    let mut ks = Vec::with_capacity(len);
    while ks.len() < len {
        let r = next();
        if r % 1000 < phrase {
            // Some phrases start and end with the same word ("the best of the").
            let word =
                |j: u64| if j + 1 == plen as u64 && seed.is_multiple_of(2) { seed % 6 } else { (j * 3 + seed) % 6 };
            ks.extend((0..plen as u64).map(word));
        } else if (r >> 10) % 1000 < heavy {
            ks.push(0);
        } else if (r >> 20) % 4 == 0 {
            ks.push(1 + (r >> 30) % 12);
        } else {
            ks.push(100 + (r >> 30) % 5_000);
        }
    }
    ks.truncate(len);
    let (mut tok, mut hash, mut pre) = (Vec::new(), Vec::new(), vec![0]);
    let mut mask = Vec::new();
    for (i, &k) in ks.iter().enumerate() {
        tok.push(i as u32);
        hash.push(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k << 3));
        pre.push(pre[i] + 2 + k % 7);
        mask.push(masked > 0 && next() % masked == 0);
    }
    (Words::from_parts(tok, hash, pre), mask)
}

/// The windows [`top`] must count: for each size whose bar the heaviest word can
/// reach, every unmasked window whose words' masses sum over the bar.
fn windows_over_the_bars(w: &Words, mask: &[bool]) -> [FxHashMap<u64, (u32, u32)>; 3] {
    let mut out: [FxHashMap<u64, (u32, u32)>; 3] = Default::default();
    let len = w.len();
    if len < 2 {
        return out;
    }
    let total = w.chars(0, len) as f64;
    let size = (len * 2).next_power_of_two().clamp(256, 1 << 16);
    let bits = (size - 1) as u64;
    let mut table = vec![0u32; size];
    for i in (0..len).filter(|&i| !mask[i]) {
        let b = &mut table[(w.hash()[i] & bits) as usize];
        *b = b.saturating_add(w.chars(i, i + 1) as u32);
    }
    let mass: Vec<u64> = (0..len).map(|i| table[(w.hash()[i] & bits) as usize] as u64).collect();
    let max_mass = table.iter().copied().max().unwrap_or(0) as u64;
    let lowest = TOP_LIMITS.iter().map(|&(n, l)| l / n as f64).fold(f64::MAX, f64::min) * total;
    if max_mass as f64 <= lowest {
        return out;
    }
    for (k, (n, limit)) in TOP_LIMITS.into_iter().enumerate() {
        let bar = (limit * total) as u64;
        if len < n || n as u64 * max_mass <= bar {
            continue;
        }
        for i in 0..=len - n {
            if mass[i..i + n].iter().sum::<u64>() > bar && !mask[i..i + n].contains(&true) {
                out[k].entry(w.ngram(i, n)).or_insert((0, i as u32)).0 += 1;
            }
        }
    }
    out
}

#[test]
fn paired_heavy_words_find_every_top() {
    // Heaviest word near the n = 4 bar (about 4% of the characters) and above it,
    // with and without a stuffed phrase: the pair filter of [`top`] must count what
    // one window per size counts.
    let mut sc = Scratch::default();
    let (mut found, mut none, mut pairs) = (0, 0, 0);
    for seed in 0..240u64 {
        let len = [120, 1_000, 5_000, 20_000][seed as usize % 4];
        let heavy = [40, 55, 70, 90, 130, 200][seed as usize % 6];
        let phrase = [0, 15, 40, 80, 150][seed as usize % 5];
        let masked = [0, 0, 7][seed as usize % 3];
        let (w, mask) = prose_words(seed * 6_151 + 7, len, heavy, phrase, masked);
        let want = top_reference(&w, &mask);
        if want.is_empty() {
            none += 1;
        }
        found += want.len();
        assert_eq!(top(&w, &mask, &mut sc), want, "seed {seed}");
        // Every window over its bar is counted, not only those of the winner.
        let windows = windows_over_the_bars(&w, &mask);
        pairs += windows.iter().map(|c| c.len()).sum::<usize>();
        assert_eq!(sc.counts, windows, "seed {seed}");
    }
    assert!(found > 30 && none > 30 && pairs > 1_000, "{found} tops, {none} texts without, {pairs} n-grams");
}

#[test]
fn partitioned_marks_equal_one_table() {
    // Tables filled directly and partitioned (600,000 5-grams: 2^24 buckets); repeats
    // and bucket collisions.
    for n in [0usize, 1, 4, 5, 7, 100, 8_193, 40_000, 600_004] {
        let mut x = 0x1234_5678_9abc_def0u64 ^ n as u64;
        let hash: Vec<u64> = (0..n)
            .map(|i| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                if i % 13 < 6 {
                    (i as u64 % 50).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                } else {
                    x
                }
            })
            .collect();
        let table_bits = (n.saturating_sub(4) * 16).next_power_of_two().max(64);
        let (mut seen, mut part, mut counts, mut cand) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let count = candidates(&hash, table_bits, &mut seen, &mut part, &mut counts, &mut cand);
        let got: Vec<usize> = part[..count].iter().map(|&i| i as usize).collect();
        assert_eq!(got, reference(&hash, table_bits), "{n} words");
    }
}
