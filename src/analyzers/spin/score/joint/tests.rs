use super::{LogSum, Place};
use crate::analyzers::spin::score::Ctx;
use crate::analyzers::spin::score::Evidence;
use crate::document::{Document, Origin};
use crate::model::Model;
use crate::model::ADJACENT;

#[test]
fn log_sum_matches_the_plain_sum() {
    let vs = [-3.0, 0.5, 2.0, -700.0, 1.25];
    let mut s = LogSum::default();
    vs.iter().for_each(|&v| s.add(v));
    let plain: f64 = vs.iter().map(|v| f64::exp(*v)).sum();
    assert!((s.ln() - plain.ln()).abs() < 1e-12);
    assert!(LogSum::default().is_empty());
    assert_eq!(LogSum::default().ln(), f64::NEG_INFINITY);
    let mut big = LogSum::default();
    big.add(800.0);
    big.add(800.0);
    assert!((big.ln() - (800.0 + 2f64.ln())).abs() < 1e-9);
}

/// The two-word swaps of `text` as (flagged text, suggestion).
fn joints(text: &str) -> Vec<(String, String)> {
    let doc = Document::new(text, Model::embedded(), &[], Origin::default());
    let ev = Evidence::new(&doc, Model::embedded());
    ev.with_joint_swaps()
        .into_iter()
        .filter(|p| p.tokens.0 != p.tokens.1)
        .map(|p| (text[p.span.clone()].to_string(), p.suggestion(&doc, Model::embedded())))
        .collect()
}

#[test]
fn both_words_swapped_are_put_back_together() {
    let j = joints("For forty years the chilly warfare shaped every budget the ministry wrote.");
    assert!(j.contains(&("chilly warfare".into(), "cold war".into())), "{j:?}");
}

/// For each unseen pair of neighbouring eligible words of `text`: its text, whether
/// the search finds a collocation for it, and whether the spinner's model accepts
/// two swapped words there.
fn windows(text: &str) -> Vec<(String, bool, bool)> {
    let m = Model::embedded();
    let doc = Document::new(text, m, &[], Origin::default());
    let cx = Ctx::all(&doc, m);
    let mut out = Vec::new();
    for w in cx.cands.windows(2) {
        let (ci, cj) = (&w[0], &w[1]);
        if ci.right.is_none_or(|n| n.tok != cj.i) {
            continue;
        }
        let key = (doc.ids[ci.i as usize], doc.ids[cj.i as usize]);
        if m.pair_count(ADJACENT, key.0, key.1) > 0 {
            continue;
        }
        let place = Place { ci, cj, left: ci.left.map(|n| n.id), right: cj.right.map(|n| n.id) };
        let span = doc.tokens[ci.i as usize].start()..doc.tokens[cj.i as usize].end();
        out.push((text[span].to_string(), cx.joint_score(&place, key).is_some(), cx.two_swapped(key, &[place])));
    }
    out
}

#[test]
fn one_swapped_word_is_not_offered_as_two() {
    // "likely explanation" with one word swapped: the search finds some collocation
    // among the synonyms of both words, but one swap explains the pair better.
    let w = windows("The most likely clarification is that the letter was lost in the post.");
    let at = w.iter().find(|(t, ..)| t == "likely clarification").expect("an unseen pair");
    assert!(at.1 && !at.2, "{w:?}");
    // Both words swapped: accepted.
    let w = windows("For forty years the chilly warfare shaped every budget the ministry wrote.");
    let at = w.iter().find(|(t, ..)| t == "chilly warfare").expect("an unseen pair");
    assert!(at.1 && at.2, "{w:?}");
}

#[test]
fn places_of_one_pair_are_judged_together() {
    // One unseen pair written three times: the places add their evidence, so the
    // group is judged at least as surely as its strongest place alone.
    let m = Model::embedded();
    let text = "Its chilly warfare began early. The chilly warfare ended late. A chilly warfare again.";
    let doc = Document::new(text, m, &[], Origin::default());
    let cx = Ctx::all(&doc, m);
    let places: Vec<Place> = cx
        .cands
        .windows(2)
        .filter(|w| w[0].right.is_some_and(|n| n.tok == w[1].i))
        .map(|w| Place { ci: &w[0], cj: &w[1], left: w[0].left.map(|n| n.id), right: w[1].right.map(|n| n.id) })
        .filter(|p| doc.token_text(p.ci.i as usize) == "chilly")
        .collect();
    assert_eq!(places.len(), 3);
    let key = (doc.ids[places[0].ci.i as usize], doc.ids[places[0].cj.i as usize]);
    assert!(cx.two_swapped(key, &places));
    // Each place is reported, with the collocation that fits its own words best
    // (not yet one shared choice: see the module doc).
    let found = joints(text);
    assert_eq!(found.iter().filter(|(t, _)| t == "chilly warfare").count(), 3, "{found:?}");
    assert!(found.iter().filter(|(_, s)| s == "cold war").count() >= 2, "{found:?}");
}
