//! Tests of the word view and its local checks.

use super::*;

#[test]
fn allowed_is_sorted() {
    assert!(ALLOWED.windows(2).all(|p| p[0] < p[1]));
    assert!(AMBIGUOUS.windows(2).all(|p| p[0] < p[1]));
    // [`after_abbreviation`] looks no further than 4 bytes, and tests the first
    // byte (ASCII) in a set before the list.
    assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 4 && a.as_bytes()[0] < 0x80));
}

#[test]
fn equal_neighbours_are_those_of_a_plain_walk() {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    for len in [0usize, 1, 2, 16, 17, 18, 33, 100, 1_000] {
        for density in [0u64, 2, 9, 40] {
            let hash: Vec<u64> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Equal neighbours now and then (a small alphabet), at every offset in a block.
                    if density > 0 && x.is_multiple_of(density) {
                        7
                    } else {
                        x % 1_000 + 8
                    }
                })
                .collect();
            let want: Vec<usize> = (1..len).filter(|&i| hash[i] == hash[i - 1]).collect();
            assert_eq!(equal_neighbours(&hash).collect::<Vec<_>>(), want, "{len} words, density {density}");
        }
    }
}

/// [`after_abbreviation`] as it was, on the token's text.
fn after_abbreviation_plain(doc: &Document, k: usize) -> bool {
    if k == 0 || doc.tokens[k - 1].end() != doc.tokens[k].start() {
        return false;
    }
    let prev = doc.token_text(k - 1);
    prev.len() <= 4 && (prev.chars().count() == 1 || ABBREVIATIONS.contains(&prev))
}

#[test]
fn abbreviations_as_before() {
    let mut t = String::from(". x. é. ß. 日. ab. Mr. Mrx. MR. mr. vs. Vs. vsx. U.S. e.g. Ünï. Über. Cést. \u{1F600}.");
    for a in ABBREVIATIONS {
        t.push_str(&format!(" {a}. {a}x. x{a}. {}. ", a.to_lowercase()));
    }
    let doc = Document::plain(&t);
    let mut stops = 0;
    for k in 0..doc.tokens.len() {
        assert_eq!(after_abbreviation(&doc, k), after_abbreviation_plain(&doc, k), "{:?}", doc.token_text(k));
        stops += after_abbreviation(&doc, k) as usize;
    }
    assert!(stops > ABBREVIATIONS.len() + 5, "{stops}");
}

fn doubles(t: &str) -> Vec<&str> {
    let m = Model::embedded();
    let doc = Document::new(t, m, &[], Default::default());
    let w = Words::new(&doc);
    let mut v = Vec::new();
    doubled(&doc, m, &w, |d| v.push(&t[d.span]));
    v
}

#[test]
fn finds_doubled_words() {
    assert_eq!(doubles("She put the the kettle on."), vec!["the the"]);
    assert_eq!(doubles("The The cat sat."), vec!["The The"]);
    assert_eq!(doubles("on the second day of the journey it went all the way to\nto the shop"), vec!["to\nto"]);
    assert_eq!(doubles("a a cat"), vec!["a a"]);
}

#[test]
fn allowed_doublings_stay_silent() {
    for t in [
        "He had had enough.",
        "She said that that was fine.",
        "What it is is a mess.",
        "He gave her her coat.",
        "I told you you would win.",
        "the the\n\nthe",
        "the, the",
        "Envoy Sirhan Sirhan spoke.",
        "Secretary-General Boutros Boutros-Ghali arrived.",
        "10 10 20",
        "Plan B B minus",
        "Ha ha, very funny.",
        "Arcadea\nArcadea is a band.",
        "the first First Lady",
        "CONSERVATION\nConservation of forests",
        "bye bye, said the child",
        "once upon a time, long long ago",
    ] {
        let d = doubles(t);
        assert!(d.is_empty() || t == "the the\n\nthe" && d == vec!["the the"], "{t:?}: {d:?}");
    }
}

#[test]
fn sentences_split_and_repeat() {
    let t = "The ferry runs on Tuesdays now. The ferry runs on Tuesdays now. Mr. Haig agreed.";
    let doc = Document::plain(t);
    let w = Words::new(&doc);
    let mut s = Vec::new();
    sentences(&doc, &w, &mut s);
    assert_eq!(s.len(), 3, "{s:?}");
    let r: Vec<_> = repeated_sentences(&w, &s).collect();
    assert_eq!(r, vec![6..12]);
}

#[test]
fn one_walk_finds_the_same_words_and_sentences() {
    let texts = [
        "",
        ".",
        "Mr. Haig agreed. U.S. troops left! Did they? Yes… they did. e.g. this",
        "A line\n\nA paragraph. . . after dots.\n\n\nThird… fourth?! fifth.",
        "Ends with a mark.",
        "Ends with an abbreviation Dr.",
        "x. Y. z.\r\n\r\nÉcole. état. 3.5 km. 1999. The end",
        "“Quoted.” (Parenthesis.) Next.\n\nlower start. Upper start.",
        "Zqxv blorf 42 3rd Ünïcode naïve café  two  spaces\r\nand CRLF — dashes… “quotes” end",
    ];
    let fixtures = [
        include_str!("../../../../tests/fixtures/repetition/pasted_twice.txt"),
        include_str!("../../../../tests/fixtures/repetition/stitched.txt"),
        include_str!("../../../../tests/fixtures/repetition/speech.txt"),
        include_str!("../../../../tests/fixtures/boilerplate/poem.txt"),
    ];
    let m = Model::embedded();
    for t in texts.iter().chain(&fixtures) {
        let doc = Document::new(t, m, &[], Default::default());
        let mut w = Words::default();
        let mut split = vec![0..1, 3..4];
        w.fill(&doc, &mut split);
        let fresh = Words::new(&doc);
        assert_eq!((w.tok(), w.hash(), w.pre()), (fresh.tok(), fresh.hash(), fresh.pre()), "{t:?}");
        assert_eq!((w.tok().to_vec(), w.hash().to_vec(), w.pre().to_vec()), words_reference(&doc), "{t:?}");
        let mut s = Vec::new();
        sentences(&doc, &w, &mut s);
        assert_eq!(split, s, "{t:?}");
    }
}

/// One value reused for documents in a row of different sizes (long, short, empty,
/// long again) holds each as a fresh value does: nothing past a shorter
/// document's words is read, its sentences included.
#[test]
fn words_kept_between_documents_hold_nothing_of_the_last() {
    let long = "The harbour was quiet that morning. Mr. Haig agreed; boats left!\n\n".repeat(60);
    let medium = "Zqxv blorf 42 3rd caf\u{e9} two  spaces. lower start. ".repeat(9);
    let texts = [long.as_str(), "One. two", "", medium.as_str(), ".", long.as_str(), "", "Word", "A b. C"];
    let m = Model::embedded();
    let mut w = Words::default();
    let mut split = Vec::new();
    for t in texts.iter().chain(texts.iter().rev()) {
        let doc = Document::new(t, m, &[], Default::default());
        w.fill(&doc, &mut split);
        let fresh = Words::new(&doc);
        assert_eq!((w.tok(), w.hash(), w.pre()), (fresh.tok(), fresh.hash(), fresh.pre()), "{} bytes", t.len());
        assert_eq!((w.tok().to_vec(), w.hash().to_vec(), w.pre().to_vec()), words_reference(&doc));
        assert_eq!((w.len(), w.is_empty()), (fresh.len(), fresh.is_empty()));
        let mut s = Vec::new();
        sentences(&doc, &w, &mut s);
        assert_eq!(split, s, "{} bytes", t.len());
    }
    assert!(w.capacity() >= Words::new(&Document::new(&long, m, &[], Default::default())).len());
}
