//! Unit tests of the swap scores: helpers, the synonym merge, case matching.

use super::*;

#[test]
fn poisson_tail_is_sane() {
    assert!((poisson_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-9);
    assert!(poisson_tail(10, 0.1) < 1e-10);
    assert!(poisson_tail(2, 5.0) > 0.9);
}

#[test]
fn the_kept_phrase_index_is_the_one_made_afresh() {
    let other = Model::new(Model::embedded().bytes()).unwrap();
    for m in [Model::embedded(), &other, Model::empty()] {
        let fresh = PhraseIndex::new(phrase_ids(|w| m.word_id(w)));
        assert_eq!(*phrase_index(m), fresh);
    }
}

#[test]
fn the_synonym_merge_agrees_with_the_model() {
    let m = Model::embedded();
    let colloc = m.collocations();
    let n = m.vocab_len() as u32;
    let mut hits = 0;
    for w in (0..n).step_by(211) {
        let ws = WordStats::of(m, w);
        for l in (0..n).step_by(1_009).chain(m.synonyms(w).take(3)) {
            for list in [colloc.right_of(l), colloc.left_of(l), &[][..]] {
                let fast = any_synonym_in(m, ws, list);
                assert_eq!(fast, m.any_synonym_in(w, list), "{w} {l}");
                hits += fast as usize;
            }
        }
        // A list holding one of the synonyms, alone and among others.
        if let Some(s) = m.synonyms(w).last() {
            let mut list: Vec<u32> = (0..n).step_by(997).chain([s]).collect();
            list.sort();
            list.dedup();
            assert!(any_synonym_in(m, ws, &list) && any_synonym_in(m, ws, &[s]));
        }
    }
    assert!(hits > 10, "{hits}");
}

#[test]
fn the_member_walk_agrees_with_binary_search() {
    let lists: [&[u32]; 4] = [&[], &[5], &[1, 4, 9, 16, 25, 36], &[0, 2, 3, 7, 8, 100, 101, 4000]];
    for list in lists {
        // Ascending questions, repeats among them.
        for step in 1..6 {
            let mut walk = Member::new(list);
            for x in (0..120).step_by(step).flat_map(|x| [x, x]) {
                assert_eq!(walk.has(x), list.binary_search(&x).is_ok(), "{list:?} {x}");
            }
        }
    }
}

/// `swap_score` and `joint_score` compute the swapped pair's PMI from its ids,
/// where the PMI of the pair's text would look its words up again, and
/// `without_twins` compares evidence pairs by their ids, where it compared their
/// texts: the same when the text of every word a pair there can hold (a token's
/// word, or a synonym) finds its own id and holds no space. The only others are
/// the spinner phrases' entries, which hold a space (no token's word does) and
/// are nobody's synonym.
#[test]
fn word_ids_round_trip() {
    let m = Model::embedded();
    let n = m.vocab_len() as u32;
    let odd: Vec<u32> = (0..n).filter(|&id| m.word(id).contains(' ') || m.word_id(m.word(id)) != Some(id)).collect();
    assert!(odd.len() <= PHRASES.len(), "{odd:?}");
    for &id in &odd {
        assert!(m.word(id).contains(' '), "{id}");
    }
    assert!((0..n).all(|w| m.synonyms(w).all(|s| odd.binary_search(&s).is_err())));
}

#[test]
fn case_is_matched() {
    assert_eq!(match_case("Space", "house"), "House");
    assert_eq!(match_case("SPACE", "house"), "HOUSE");
    assert_eq!(match_case("space", "house"), "house");
}

/// A name whose pair count the walk read is turned down early when that count is too
/// high ([`ENTITY_MAX_SEEN`]): judged as a name whose count `entity` looks up itself.
#[test]
fn a_name_is_judged_alike_with_its_count_read_or_not() {
    let m = Model::embedded();
    m.pair_table();
    let text = "The White Space said the Prime Minister met the New York Times in the Oval Workplace. \
        The White House and the United States Army met Prime Minister Jones in New Delhi at Grand Central.";
    let doc = Document::new(text, m, &[], crate::document::Origin::default());
    let cx = Ctx::new(&doc, m);
    let mut top = HashMap::default();
    let (mut common, mut found) = (0, 0);
    for t in &cx.titles {
        let read = cx.entity(t, &mut top);
        assert_eq!(read, cx.entity(&Title { count: None, ..*t }, &mut top), "{t:?}");
        common += t.count.is_some_and(|c| c > ENTITY_MAX_SEEN) as usize;
        found += read.is_some() as usize;
    }
    assert!(common >= 3 && found >= 1, "{common} {found}");
}
