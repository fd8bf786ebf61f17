//! Tests of the stream duplicate index: hits, sketches, the screen, the memory budget.

use super::super::signature::signature_of;
use super::*;
use crate::check::DuplicateKind;

fn article(topic: &str, n: usize) -> String {
    format!(
        "The {topic} committee met on Monday number {n} to review the budget for the coming year. \
         Members spent most of the session on the cost of repairs to the old library roof and the \
         heating in the town hall. A vote on the proposal was put off until the next meeting, when \
         the treasurer will present revised figures for {topic} and a plan to spread the cost over \
         three years instead of one."
    )
}

/// A long text of numbered sentences on `topic` (`n` of them), all different.
fn long(topic: &str, n: usize) -> String {
    let o = topic.bytes().map(usize::from).sum::<usize>() * 1000;
    (0..n)
        .map(|i| {
            format!(
                "On day {i} the {topic} crew checked gauge {} and wrote down reading {} before lunch. ",
                o + i * 7 + 3,
                o + i * 13 + 1
            )
        })
        .collect()
}

fn push(ix: &mut Incremental, name: &str, text: &str) -> Vec<Hit> {
    ix.push(name, &Prepared::new(signature_of(text, 5)))
}

#[test]
fn a_later_copy_reports_the_earlier_one_only() {
    let mut ix = Incremental::new(&DupOptions::default());
    let a = article("harbour", 1);
    let other = "Completely different words about gardens, roses and the weather in spring, \
                 which was warm and dry this year so the tulips came out early and the bees were busy \
                 from the middle of March until the end of May in every garden of the valley.";
    assert!(push(&mut ix, "a", &a).is_empty());
    assert!(push(&mut ix, "b", other).is_empty());
    let hits = push(&mut ix, "c", &a.replace("Monday", "Tuesday"));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].this, 2);
    assert!(matches!(hits[0].other, Other::File(0)));
    assert_eq!(hits[0].verdict.kind, DuplicateKind::NearDuplicate);
    assert_eq!(ix.lookup(hits[0].other).0, "a");
    assert_eq!((ix.name(1), ix.name(2), ix.len()), ("b", "c", 3));
    assert!(ix.heap_bytes() > 0);
}

#[test]
fn short_texts_are_not_stored() {
    let mut ix = Incremental::new(&DupOptions::default());
    assert!(push(&mut ix, "s", "too short to match").is_empty());
    assert!(ix.is_empty());
}

#[test]
fn sketches_are_bounded_and_consistent() {
    let s = signature_of(&long("river", 200), 5);
    let k = sketch(&s.word, SKETCH_WORD);
    assert!(k.level > 0 && k.hashes.len() <= SKETCH_WORD && k.hashes.len() > SKETCH_WORD / 4, "{k:?}");
    let mask = level_mask(k.level);
    let want: Vec<u32> = s.word.hashes.iter().copied().filter(|h| h & mask == 0).collect();
    assert_eq!(k.hashes, want, "the sampled shingles, in text order");
    assert_eq!(k.tokens, s.word.tokens);
    // A short stream is kept whole.
    let s = signature_of(&article("port", 2), 5);
    let p = Prepared::new(signature_of(&article("port", 2), 5));
    assert!(s.word.hashes.len() > SKETCH_WORD || p.sketches[0].dense());
    let tiny = signature_of("one two three four five six seven eight nine ten", 5);
    assert_eq!(sketch(&tiny.word, SKETCH_WORD).hashes, tiny.word.hashes);
}

/// The sketch as first computed: a count per level of the stream's own hashes.
fn plain_sketch(s: &Stream, cap: usize) -> Stream {
    let mut count = [0usize; 33];
    for &h in &s.hashes {
        count[h.trailing_zeros() as usize] += 1;
    }
    let mut level = s.level as usize;
    let mut kept: usize = count[level..].iter().sum();
    while kept > cap && level < 32 {
        kept -= count[level];
        level += 1;
    }
    let mask = level_mask(level as u8);
    let hashes = s.hashes.iter().copied().filter(|h| h & mask == 0).collect();
    Stream { k: s.k, level: level as u8, tokens: s.tokens, hashes, runs: Vec::new() }
}

#[test]
fn sampled_hashes_are_those_a_plain_filter_keeps() {
    let v: Vec<u32> = (0..1000u32).map(|i| i.wrapping_mul(0x9E37_79B1) ^ (i >> 3)).collect();
    for n in [0, 5, 16, 17, 31, 32, 999, 1000] {
        for level in [0u8, 1, 3, 6, 9, 32] {
            let mask = level_mask(level);
            let mut out = vec![7];
            extend_sampled(&mut out, &v[..n], mask);
            let plain: Vec<u32> = [7].into_iter().chain(v[..n].iter().copied().filter(|h| h & mask == 0)).collect();
            assert_eq!(out, plain, "{n} hashes, level {level}");
        }
    }
}

/// The sketches [`Prepared::new`] makes from the screen's per-level counts are those
/// the plain computation makes from the stream's own count.
#[test]
fn prepared_sketches_agree_with_the_plain_computation() {
    let texts = [
        long("river", 200),
        long("harbour", 30),
        article("port", 2),
        format!("{} {}", article("mill", 1), article("mill", 1)),
        "one two three four five six seven eight nine ten eleven twelve ".repeat(9),
    ];
    for t in &texts {
        let sig = signature_of(t, 5);
        let p = Prepared::new(sig.clone());
        for (w, (s, cap)) in [(&sig.word, SKETCH_WORD), (&sig.skel, SKETCH_SKEL)].into_iter().enumerate() {
            assert_eq!(p.sketches[w], plain_sketch(s, cap));
            assert_eq!(sketch(s, cap), plain_sketch(s, cap));
        }
    }
}

#[test]
fn a_long_copy_is_estimated_near_its_true_similarity() {
    let mut ix = Incremental::new(&DupOptions::default());
    let a = long("harbour", 300);
    let edited = a.replace("day 1 ", "day one ").replace("day 15 ", "day fifteen ").replace("day 52 ", "day x ");
    let exact = matcher::verify(&signature_of(&edited, 5), &signature_of(&a, 5), &ix.params).unwrap();
    assert!(push(&mut ix, "a", &a).is_empty());
    let p = Prepared::new(signature_of(&edited, 5));
    let hits = ix.push("b", &p);
    assert_eq!(hits.len(), 1);
    let v = &hits[0].verdict;
    assert_eq!(v.kind, DuplicateKind::NearDuplicate);
    assert!((v.similarity - exact.similarity).abs() < 0.1, "{} vs {}", v.similarity, exact.similarity);
    // The newcomer's matching tokens are whole stretches, not the sampled shingles.
    let share = v.words.mask_a.iter().filter(|&&m| m).count() as f64 / v.words.mask_a.len() as f64;
    assert!(share > 0.9, "{share}");
}

#[test]
fn containment_both_ways_and_unrelated_texts() {
    let mut ix = Incremental::new(&DupOptions::default());
    let small = article("orchard", 3);
    let big = format!("{}{small} {}", long("ferry", 20), long("bridge", 20));
    assert!(push(&mut ix, "small", &small).is_empty());
    let hits = push(&mut ix, "big", &big);
    assert_eq!(hits.len(), 1, "a long text holding an earlier short one");
    assert_eq!(hits[0].verdict.kind, DuplicateKind::Contained);
    assert!(!hits[0].verdict.a_smaller);
    assert!(push(&mut ix, "other", &long("tunnel", 40)).is_empty(), "same template, other numbers");
    let hits = push(&mut ix, "again", &small.replace("Monday", "Friday"));
    assert!(hits.iter().any(|h| matches!(h.other, Other::File(0))), "the short text again");
}

#[test]
fn memory_per_entry_is_bounded() {
    let mut ix = Incremental::new(&DupOptions::default());
    for i in 0..2000 {
        push(&mut ix, &format!("d{i}"), &long(&format!("t{i}"), 30));
    }
    let per = ix.heap_bytes() / ix.len();
    assert!(per < 600, "{per} bytes per entry");
}

/// Like [`long`], with the numbers set by `i` alone (so every `i` gives a different text).
fn numbered(i: usize, n: usize) -> String {
    (0..n)
        .map(|j| {
            format!(
                "On day {j} the crew checked gauge {} and wrote down reading {} before lunch. ",
                i * 1000 + j * 7 + 3,
                i * 997 + j * 13 + 1
            )
        })
        .collect()
}

#[test]
fn a_budget_drops_the_oldest_entries() {
    let opts = DupOptions { max_memory: 64 << 10, ..DupOptions::default() };
    let mut ix = Incremental::new(&opts);
    for i in 0..400 {
        assert!(push(&mut ix, &format!("d{i}"), &numbered(i, 30)).is_empty(), "{i}");
        assert!(ix.live_bytes() <= opts.max_memory + 2000, "{}", ix.live_bytes());
    }
    assert!(ix.first() > 0 && ix.added() == 400 && ix.len() == 400 - ix.first());
    assert_eq!(ix.name(ix.first()), format!("d{}", ix.first()));
    assert_eq!(ix.name(399), "d399");
    // The first text is forgotten, a recent one is not.
    assert!(push(&mut ix, "old", &numbered(0, 30)).is_empty());
    let hits = push(&mut ix, "recent", &numbered(398, 30));
    assert_eq!(hits.len(), 1);
    assert!(matches!(hits[0].other, Other::File(398)));
    assert_eq!(ix.lookup(hits[0].other).0, "d398");
    // Every posting left names a kept entry.
    for a in &ix.anchors {
        assert!(a.oldest().is_some_and(|e| e as usize >= ix.first()));
    }
}

#[test]
fn the_screen_never_turns_down_a_match() {
    let mut ix = Incremental::new(&DupOptions::default());
    let base = long("harbour", 60);
    let small = article("orchard", 3);
    let texts = [
        base.clone(),
        small.clone(),
        numbered(7, 12),
        format!("{}{small} {}", long("ferry", 10), long("bridge", 10)),
        article("mill", 4),
        long("quarry", 200),
    ];
    for (i, t) in texts.iter().enumerate() {
        push(&mut ix, &format!("e{i}"), t);
    }
    let newcomers = [
        base.replace("day 1 ", "day one ").replace("lunch", "supper"),
        small.replace("Monday", "Friday"),
        format!("{} {}", long("harbour", 20), long("canal", 40)),
        format!("{small} {}", long("tunnel", 30)),
        base.replace("checked", "inspected").replace("wrote down", "noted").replace("before", "ahead of"),
        numbered(7, 12).replace("crew", "team"),
        long("quarry", 60),
        article("mill", 9).replace("budget", "accounts"),
    ];
    let (mut turned_down, mut matched) = (0, 0);
    let mut scratch = Scratch::default();
    for n in &newcomers {
        let p = Prepared::new(signature_of(n, 5));
        for e in 0..ix.len() {
            let v = verify(&p.sig, &ix.signature(e), &ix.params);
            matched += usize::from(v.is_some());
            if !ix.screen(&p, e, &mut scratch, &mut Vec::new()) {
                turned_down += 1;
                assert!(v.is_none(), "entry {e} turned down but verifies: {v:?}");
            }
        }
    }
    assert!(turned_down > 10 && matched > 3, "{turned_down} turned down, {matched} matched");
}

#[test]
fn sizes_parse() {
    assert_eq!(parse_size("256MiB"), Ok(256 << 20));
    assert_eq!(parse_size("1G"), Ok(1 << 30));
    assert_eq!(parse_size(" 64 kb"), Ok(64 << 10));
    assert_eq!(parse_size("65536"), Ok(65536));
    assert!(parse_size("MiB").is_err());
    assert!(parse_size("12 parsecs").is_err());
    assert!(parse_size("99999999999999999999G").is_err());
}

/// `push` turns down a candidate with one shared skeleton anchor without reading its
/// entry: that holds only while every entry needs at least two.
#[test]
fn every_entry_needs_two_skeleton_anchors() {
    for stored in 0..=u8::MAX {
        assert!(skeleton_anchors_needed(stored) >= 2, "{stored}");
    }
}

/// The warming walk over candidates reads a value in every 16 of each one's packed
/// sketch (every cache line), for entries past dropped ones too.
#[test]
fn warming_reads_every_line_of_the_candidates_sketches() {
    let opts = DupOptions { max_memory: 64 << 10, ..DupOptions::default() };
    let mut ix = Incremental::new(&opts);
    for i in 0..300 {
        push(&mut ix, &format!("d{i}"), &numbered(i, 10 + i % 40));
    }
    assert!(ix.first() > 0);
    let cands: Vec<u32> = (ix.first() as u32..ix.added() as u32).step_by(3).collect();
    let mut want = 0;
    for &e in &cands {
        let (words, _) = ix.packed(ix.entry(e as usize));
        assert!(!words.is_empty());
        want ^= words.iter().enumerate().filter(|(i, _)| i % 16 == 0).fold(0, |acc, (_, &w)| acc ^ w);
    }
    assert_eq!(ix.warm(&cands), want);
}
