//! Tests of the likelihood ratios: against plain computations, shortcuts and pruning.

use super::*;
use crate::document::Origin;

fn strong_words(text: &str) -> Vec<(String, String, f64)> {
    let m = Model::embedded();
    let doc = Document::new(text, m, &[], Origin::default());
    let ev = Evidence::new(&doc, m);
    ev.strong().iter().map(|p| (text[p.span.clone()].to_string(), p.suggestion(&doc, m), p.llr)).collect()
}

#[test]
fn a_word_its_synonym_fits_far_better_is_strong_evidence() {
    let spun = strong_words("The depository raised involvement rates by half a percentage point on Thursday.");
    assert!(spun.iter().any(|(w, s, lr)| w == "involvement" && s == "interest" && *lr > super::super::STRONG_LR));
}

#[test]
fn a_word_judged_over_its_occurrences_agrees_with_each_occurrence() {
    let m = Model::embedded();
    let text = "The depository raised involvement rates on Thursday. Involvement rates fell, and the \
                depository said involvement was high.";
    let doc = Document::new(text, m, &[], Origin::default());
    let all = word_lrs_all(&doc, m);
    let by_word = word_lrs_by_word(&doc, m);
    assert!(!by_word.is_empty());
    for (&w, o) in &by_word {
        let mine: Vec<f64> = all.iter().filter(|(x, _)| doc.ids[x.token] == w).map(|(x, _)| x.log_lr).collect();
        assert_eq!(o.n as usize, mine.len());
        assert!((o.sum_llr - mine.iter().sum::<f64>()).abs() < 1e-9);
        // One occurrence: the consistent ratio is that occurrence's own ratio.
        if o.n == 1 {
            assert!((o.consistent_llr - o.sum_llr).abs() < 1e-9, "{} {}", o.consistent_llr, o.sum_llr);
        }
    }
    // "involvement" occurs three times (once capitalised).
    let inv = m.word_id("involvement").unwrap();
    assert_eq!(by_word[&inv].n, 3);
}

#[test]
fn the_natural_wording_is_not() {
    assert!(strong_words("The bank raised interest rates by half a percentage point on Thursday.").is_empty());
    assert!(strong_words("She opened the window and looked out at the quiet street below.").is_empty());
}

#[test]
fn degenerate_inputs_give_nothing() {
    for t in ["", "rates", "!!! ???", "involvement", "INVOLVEMENT RATES ROSE"] {
        assert!(strong_words(t).is_empty(), "{t:?}");
    }
}

#[test]
fn the_pair_and_collocation_tables_change_nothing() {
    let text = "The depository raised involvement rates by half a percentage point on Thursday. \
        Chilly Warfare ended when the White Space said the safety promises would hold. \
        She opened the window and looked out at the quiet street below, near the old harbour.";
    // Neither table, the collocations only, and both.
    let slow = Model::new(Model::embedded().bytes()).unwrap();
    let colloc = Model::new(Model::embedded().bytes()).unwrap();
    let fast = Model::new(Model::embedded().bytes()).unwrap();
    colloc.collocations();
    fast.collocations();
    assert!(fast.pair_table().is_some() && slow.pair_table_if_built().is_none());
    assert!(slow.collocations_if_built().is_none() && colloc.pair_table_if_built().is_none());
    let run = |m: &Model| {
        let doc = Document::new(text, m, &[], Origin::default());
        let ev = Evidence::new(&doc, m);
        (ev.scores(), ev.strong().to_vec(), ev.with_joint_swaps(), word_lrs(&doc, m, 0.0))
    };
    let a = run(&slow);
    assert!(!a.0.is_empty() && !a.3.is_empty());
    // A two-word swap ("Chilly Warfare"), whose search asks the most collocation questions.
    assert!(a.2.iter().any(|p| p.tokens.0 != p.tokens.1 && !p.entity), "{:?}", a.2);
    assert_eq!(a, run(&colloc));
    assert_eq!(a, run(&fast));
    // (The tables were not built by the runs without them.)
    assert!(slow.collocations_if_built().is_none());
}

/// The likelihood ratios computed the plain way, word by word: `context_logp`
/// with its own pair lookups, no memo, no pruning but `-base <= min`.
fn plain_lrs(cx: &Ctx, min: f64) -> Vec<(usize, f64, u32)> {
    let lm = &cx.lm;
    let mut out = Vec::new();
    for (k, c) in cx.cands.iter().enumerate() {
        if c.unseen_sides() == 0 {
            continue;
        }
        let (l, r) = c.sides();
        let w = cx.doc.ids[c.i as usize];
        let base = lm.context_logp(l, w, r);
        if -base <= min {
            continue;
        }
        let (log_lr, best) = synonym_ratio(lm, lm.word(w), base, |s, _| lm.context_logp(l, s, r));
        if best != u32::MAX {
            out.push((k, log_lr, best));
        }
    }
    out
}

#[test]
fn pruned_ratios_agree_with_the_plain_way() {
    let text = "The depository raised involvement rates by half a percentage point on Thursday. \
        Chilly Warfare ended when the White Space said the safety promises would hold. \
        Officers stated expenses had been nonetheless mounting too speedy and the toil market stayed sturdy. \
        She opened the window and looked out at the quiet street below, near the old harbour. ";
    // Repeated, so that the memo answers too.
    let text = text.repeat(3);
    let slow = Model::new(Model::embedded().bytes()).unwrap();
    for m in [Model::embedded(), &slow] {
        if std::ptr::eq(m, Model::embedded()) {
            m.pair_table();
        }
        let doc = Document::new(&text, m, &[], Origin::default());
        let cx = Ctx::new(&doc, m);
        // Enough words for several groups of `word_lrs` (a copy of the text each time,
        // whose words the memo answers while a group waits).
        assert!(cx.cands.iter().filter(|c| c.unseen_sides() > 0).count() > 3 * super::lrs::GROUP);
        let mut above_any = 0;
        for min in [-5.0, 0.0, 2.0, 6.0, 10.0] {
            let plain = plain_lrs(&cx, min);
            assert_eq!(cx.word_lrs(min, false), plain, "{min}");
            let above: Vec<_> = plain.into_iter().filter(|x| x.1 > min).collect();
            let pruned: Vec<_> = cx.word_lrs(min, true).into_iter().filter(|x| x.1 > min).collect();
            assert_eq!(pruned, above, "{min}");
            above_any += above.len();
        }
        assert!(above_any > 10, "{above_any}");
    }
}

#[test]
fn lean_evidence_agrees_with_the_full_one() {
    let m = Model::embedded();
    let text = "The depository raised involvement rates by half a percentage point on Thursday. \
        Officers stated expenses had been nonetheless mounting too speedy and the toil market stayed sturdy. \
        Stocks fell acutely after the proclamation, while the forex won against the greenback. ";
    let doc = Document::new(text, m, &[], Origin::default());
    for min in [0.0, super::super::verdict::LR_FLOOR] {
        let (full, lean) = (Evidence::with_min_lr(&doc, m, min), Evidence::lean(&doc, m, min));
        assert!(!full.strong().is_empty());
        assert_eq!(lean.strong_shown().as_ref(), full.strong());
        assert_eq!(full.strong_shown().as_ref(), full.strong());
        assert_eq!(lean.merged(), full.merged());
        let key = |p: &PositionScore| (p.span.clone(), p.tokens, p.llr, p.unseen, p.sides, p.entity);
        assert!(lean.strong().iter().map(key).eq(full.strong().iter().map(key)));
    }
}

#[test]
fn the_table_is_built_ahead_only_for_large_inputs() {
    let m = Model::new(Model::embedded().bytes()).unwrap();
    expect_text(&m, PAIR_TABLE_AFTER - 1);
    assert!(m.pair_table_if_built().is_none());
    expect_text(&m, PAIR_TABLE_AFTER);
    assert!(m.pair_table_if_built().is_some());
}

#[test]
fn a_repeated_word_counts_once_for_the_verdict() {
    let m = Model::embedded();
    let one = "Lenders raised involvement rates again. ";
    let text = one.repeat(4);
    let doc = Document::new(&text, m, &[], Origin::default());
    let tally = super::super::verdict_tally(&doc, m, super::super::STRONG_LR);
    assert_eq!(tally.words.len() + tally.pairs.len(), 1, "{tally:?}");
    assert_eq!(tally.first.map(|r| &text[r]), Some("involvement"));
}

/// The texts written out from ids for a shown finding are those the scores held
/// as text before: each pair's words found by their text give its ids and its
/// count, the evidence pairs of two scores are the same exactly when their texts
/// are (`without_twins`), and a suggestion is the words put in, case matched, in
/// the span's place.
#[test]
fn texts_from_ids_agree_with_the_texts() {
    let m = Model::embedded();
    let text = "The depository raised involvement rates by half a percentage point on Thursday. \
        For forty years the chilly warfare shaped every budget the ministry wrote. \
        The White Space said the safety promises would hold, and the Oval Workplace agreed. \
        Officers stated expenses had been nonetheless mounting too speedy and the toil market stayed sturdy.";
    let doc = Document::new(text, m, &[], Origin::default());
    let ev = Evidence::new(&doc, m);
    let mut all = ev.with_joint_swaps();
    all.extend(ev.scores());
    all.extend(ev.strong_shown().iter().cloned());
    let kinds = |f: fn(&PositionScore) -> bool| all.iter().filter(|p| f(p)).count();
    assert!(kinds(|p| p.entity) > 0 && kinds(|p| p.tokens.0 != p.tokens.1) > 0 && kinds(|p| !p.entity) > 5);
    let ids = |t: &str| {
        let (a, b) = t.split_once(' ').unwrap();
        (m.word_id(a).unwrap(), m.word_id(b).unwrap())
    };
    for p in &all {
        let (observed, swapped) = (p.observed_text(m), p.swapped_text(m));
        for (t, (pair, count)) in [(&observed, p.observed), (&swapped, p.swapped)] {
            assert_eq!(ids(t), pair, "{t}");
            assert_eq!(m.pair_count(ADJACENT, ids(t).0, ids(t).1), count, "{t}");
        }
        let flagged = &text[p.span.clone()];
        let message = format!(
            "\"{flagged}\" looks like a synonym swap: \"{observed}\" occurs {} times in the reference, \"{swapped}\" {} times",
            p.observed.1, p.swapped.1
        );
        assert_eq!(p.message(&doc, m), message);
        let put = |k: usize, id: u32| match_case(&text[doc.tokens[k].range()], m.word(id));
        let (i, j) = p.tokens;
        let suggestion = match (p.entity, i == j) {
            (false, true) => put(j, p.with.1),
            (true, _) => format!("{}{}", &text[p.span.start..doc.tokens[j].start()], put(j, p.with.1)),
            (false, false) => {
                let gap = &text[doc.tokens[i].end()..doc.tokens[j].start()];
                put(i, p.with.0) + if gap.contains('-') { "-" } else { " " } + &put(j, p.with.1)
            }
        };
        assert_eq!(p.suggestion(&doc, m), suggestion);
        for q in &all {
            assert_eq!(p.observed == q.observed, (&observed, p.observed.1) == (&q.observed_text(m), q.observed.1));
        }
    }
    // Lean scores have no words, and so no texts.
    let lean = Evidence::lean(&doc, m, super::super::STRONG_LR);
    assert!(!lean.strong().is_empty());
    assert!(lean.strong().iter().all(|p| p.suggestion(&doc, m).is_empty()));
}

/// The evidence scores each run of candidates' single swaps just before its likelihood
/// ratios (`Ctx::word_lrs_along`), and the names in runs read ahead (`Ctx::read_names`):
/// the same as each computed in a walk of its own.
#[test]
fn evidence_in_runs_agrees_with_its_parts_alone() {
    let m = Model::embedded();
    m.pair_table();
    m.collocations();
    let text = "The depository raised involvement rates by half a percentage point on Thursday. \
        Chilly Warfare ended when the White Space said the safety promises would hold. \
        Officers stated expenses had been nonetheless mounting too speedy and the toil market stayed sturdy. \
        Stocks fell acutely after the proclamation, while the forex won against the greenback. ";
    // (Many runs of candidates.)
    let text = text.repeat(6);
    let doc = Document::new(&text, m, &[], Origin::default());
    let cx = Ctx::new(&doc, m);
    assert!(cx.cands.len() > 8 * READ_AHEAD, "{}", cx.cands.len());
    let singles: Vec<_> = cx.cands.iter().filter_map(|c| cx.single(c)).collect();
    let mut top = HashMap::default();
    let entities: Vec<_> = cx.titles.iter().filter_map(|t| cx.entity(t, &mut top)).collect();
    let merged = merge(singles, Vec::new(), &entities);
    assert!(merged.len() > 10, "{}", merged.len());
    for min in [0.0, super::super::verdict::LR_FLOOR, super::super::STRONG_LR] {
        let ev = Evidence::with_min_lr(&doc, m, min);
        let mut words = cx.word_lrs(min, true);
        words.retain(|x| x.1 > min);
        assert!(!words.is_empty(), "{min}");
        assert_eq!(ev.strong(), &cx.strong_scores(&words)[..], "{min}");
        assert_eq!(ev.merged(), &merged[..], "{min}");
    }
}
