use super::*;
use crate::model::Model;

fn run(text: &str) -> Vec<Finding> {
    let model = Model::embedded();
    let doc = Document::new(text, model, &[], Default::default());
    let ctx = Context { model };
    let mut out = Vec::new();
    Repetition.analyze(&doc, &ctx, &mut out);
    for f in &out {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end) && f.span.end <= text.len());
    }
    out
}

fn codes(out: &[Finding]) -> Vec<&'static str> {
    out.iter().map(|f| f.rule.code).collect()
}

const CLEAN: &str = include_str!("../../../tests/fixtures/boilerplate/clean_article.txt");
const PASTED: &str = include_str!("../../../tests/fixtures/repetition/pasted_twice.txt");
const TYPOS: &str = include_str!("../../../tests/fixtures/repetition/typos.txt");
const STUFFED: &str = include_str!("../../../tests/fixtures/repetition/keyword_stuffed.txt");
const STITCHED: &str = include_str!("../../../tests/fixtures/repetition/stitched.txt");
const REFRAIN: &str = include_str!("../../../tests/fixtures/repetition/refrain.txt");
const SPEECH: &str = include_str!("../../../tests/fixtures/repetition/speech.txt");
const POEM: &str = include_str!("../../../tests/fixtures/boilerplate/poem.txt");
const LIST: &str = include_str!("../../../tests/fixtures/boilerplate/list_and_dialogue.txt");
const WRAPPED: &str = include_str!("../../../tests/fixtures/boilerplate/wrapped.txt");

#[test]
fn clean_texts_are_silent() {
    for (name, t) in [("clean", CLEAN), ("poem", POEM), ("list", LIST), ("wrapped", WRAPPED), ("speech", SPEECH)] {
        let out = run(t);
        assert!(
            out.is_empty(),
            "{name}: {:?}",
            out.iter().map(|f| (&f.message, &t[f.span.clone()])).collect::<Vec<_>>()
        );
    }
}

#[test]
fn refrain_is_info_only() {
    let out = run(REFRAIN);
    assert!(
        out.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        out.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert_eq!(codes(&out).iter().filter(|c| **c == "REP003").count(), 2);
}

#[test]
fn pasted_paragraph_points_at_the_copy() {
    let out = run(PASTED);
    let dup: Vec<&Finding> = out.iter().filter(|f| f.rule.code == "REP003").collect();
    assert_eq!(dup.len(), 1, "{:?}", codes(&out));
    let f = dup[0];
    assert_eq!(f.severity, Severity::Warning);
    // The copy is the later one; the message names the line of the original (line 9).
    assert!(f.span.start > PASTED.len() / 2);
    assert!(f.message.contains("line 9"), "{}", f.message);
    assert_eq!(f.suggestion.as_deref(), Some(""));
    // Its words are not counted again by the n-gram measure.
    assert!(!codes(&out).contains(&"REP006"), "{:?}", out.iter().map(|f| &f.message).collect::<Vec<_>>());
}

#[test]
fn short_paragraphs_repeat_as_warning_only_when_adjacent() {
    let para = "The harbour office opens at nine and closes early on Sundays.";
    let adjacent = format!("{CLEAN}\n{para}\n\n{para}\n");
    let far = format!("{para}\n\n{CLEAN}\n{para}\n");
    let sev = |t: &str| run(t).iter().filter(|f| f.rule.code == "REP003").map(|f| f.severity).collect::<Vec<_>>();
    assert_eq!(sev(&adjacent), vec![Severity::Warning]);
    assert_eq!(sev(&far), vec![Severity::Info]);
}

#[test]
fn typos_and_repeated_sentence() {
    let out = run(TYPOS);
    let got: Vec<(&str, &str, Option<&str>)> =
        out.iter().map(|f| (f.rule.code, &TYPOS[f.span.clone()], f.suggestion.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("REP001", "the the", Some("the")),
            ("REP001", "was was", Some("was")),
            (
                "REP002",
                "Two councillors voted against the plan, arguing that it only postponed a difficult choice.",
                Some("")
            ),
        ]
    );
}

#[test]
fn dominant_phrase() {
    let out = run(STUFFED);
    let top: Vec<&Finding> = out.iter().filter(|f| f.rule.code == "REP005").collect();
    assert_eq!(top.len(), 1, "{:?}", out.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert!(top[0].message.contains("occurs 15 times") || top[0].message.contains("times"), "{}", top[0].message);
    assert!(top[0].weight > 0.0);
    assert!(STUFFED[top[0].span.clone()].to_lowercase().contains("lowmere"));
}

#[test]
fn stitched_near_copies_pass_the_ngram_limit() {
    let out = run(STITCHED);
    let dup: Vec<&Finding> = out.iter().filter(|f| f.rule.code == "REP006").collect();
    assert_eq!(dup.len(), 1, "{:?}", out.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert!(dup[0].message.contains("from line 1"), "{}", dup[0].message);
    // Exact copies are not there: no paragraph finding.
    assert!(!codes(&out).contains(&"REP003"));
}

#[test]
fn short_texts_skip_the_ratios() {
    let t = "Row on, row on, row on. Row on, row on, row on.";
    assert!(run(t).iter().all(|f| f.rule.code != "REP005" && f.rule.code != "REP006"));
}

#[test]
fn never_panics_on_odd_input() {
    let long_line = "word ".repeat(50_000);
    let same = "same ".repeat(5_000);
    for t in [
        "",
        "\n",
        "a",
        "the the",
        "é é é",
        "x\r\nx\r\n",
        ". . .",
        long_line.as_str(),
        same.as_str(),
        "\u{200B}the the\u{200B}",
    ] {
        run(t);
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn spans_are_valid_and_output_deterministic(
            words in proptest::collection::vec("(the|a|ferry|runs|The|in|é|Ünï|42|\\.|,|\n|\n\n| )", 0..400)
        ) {
            let t: String = words.join(" ");
            let a = run(&t);
            prop_assert_eq!(&a, &run(&t));
        }

        #[test]
        fn any_unicode(t in "\\PC{0,300}") {
            run(&t);
        }

        #[test]
        fn one_walk_sentences_equal_the_separate_split(
            words in proptest::collection::vec("(the|a|Dr|x|The|in|é|Ünï|42|zqxv|\\.|\\?|!|…|“|,|\n|\n\n|\r\n| |  |\\. )", 0..200)
        ) {
            let t: String = words.concat();
            let doc = Document::new(&t, Model::embedded(), &[], Default::default());
            let (mut w, mut split, mut s) = (words::Words::default(), Vec::new(), Vec::new());
            w.fill(&doc, &mut split);
            words::sentences(&doc, &w, &mut s);
            prop_assert_eq!(split, s);
            prop_assert_eq!((w.tok().to_vec(), w.hash().to_vec(), w.pre().to_vec()), words::words_reference(&doc));
        }
    }
}

#[test]
fn a_huge_doubled_token_is_quoted_short() {
    let word = "x".repeat(5_000);
    let text = format!("We saw {word} {word} there.");
    let found = run(&text);
    let f = found.iter().find(|f| f.rule.code == REPEATED_WORD.code).expect("the doubled token is reported");
    assert!(f.message.chars().count() < 100, "message of {} chars", f.message.chars().count());
    assert_eq!(f.suggestion.as_deref(), Some(word.as_str()), "the repair keeps the whole word");
}

#[test]
fn a_run_of_one_word_is_one_finding_weighted_by_its_doublings() {
    let out = run("The committee met on Tuesday and the the the the minutes were read twice, then it it ended.");
    let rep: Vec<&Finding> = out.iter().filter(|f| f.rule.code == REPEATED_WORD.code).collect();
    assert_eq!(rep.len(), 2, "{:?}", rep.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert_eq!(rep[0].message, "\"the\" 4 times in a row");
    assert_eq!(rep[0].weight, 3.0, "three doublings cost what three findings did");
    assert_eq!(rep[0].suggestion.as_deref(), Some("the"));
    assert_eq!(rep[1].message, "\"it\" twice in a row");
    assert_eq!(rep[1].weight, 1.0);
}

#[test]
fn a_text_of_one_repeated_word_gives_one_finding_not_thousands() {
    let text = "house ".repeat(20_000);
    let out = run(&text);
    let rep: Vec<&Finding> = out.iter().filter(|f| f.rule.code == REPEATED_WORD.code).collect();
    assert_eq!(rep.len(), 1);
    assert_eq!(rep[0].message, "\"house\" 20000 times in a row");
    assert_eq!(rep[0].span, 0..text.trim_end().len());
}

#[test]
fn units_and_their_copies_take_shortcuts_that_change_nothing() {
    use super::blocks::{first_copies, first_copies_reference, Units};
    // Rows of one length with the same first and last 8 bytes: keys shared by different texts.
    let rows: String = (0..300).map(|i| format!("| row {:03} of the table |\n", (i * 7) % 40)).collect();
    let short: String = (0..200).map(|i| format!("{}\n\n", ["a", "b", "ab", "ba", "x y", "\u{e9}"][i % 6])).collect();
    let texts = [
        "One line.\nTwo lines here.\n\nOne line.\n  Indented line \t\n\nTwo lines here.\n\n\u{a0}Odd space\u{a0}\nOne line.",
        "a\n\n b \n\nb\n\n\n\tb\t\nc d\ne f\n\nc d\ne f\n\nc d\n",
        "",
        " \n \n",
        "\u{dc}n\u{ef}code first\nlast \u{fc}n\u{ef}cod\u{e9}\n\n\u{dc}n\u{ef}code first\nlast \u{fc}n\u{ef}cod\u{e9}\n\n\u{2003}wide\u{2003}",
        "Head of it, middle one, end of it\nHead of it, middle two, end of it\nHead of it, middle one, end of it\n\
         Head of it, middle two, end of it\nHead of it, middle 3ne, end of it\nHead of it, middle one, end of it",
        &rows,
        &short,
    ];
    for t in texts {
        let doc = Document::plain(t);
        let u = Units::new(t, doc.lines());
        // Trimming: every unit is its trimmed text, and no non-empty line is missed.
        for x in u.lines.iter().chain(&u.paragraphs) {
            assert_eq!(&t[x.span.clone()], t[x.span.clone()].trim(), "{t:?}");
        }
        let nonempty = doc.lines().filter(|r| !t[r.clone()].trim().is_empty()).count();
        assert_eq!(u.lines.len(), nonempty, "{t:?}");
        for units in [&u.lines, &u.paragraphs] {
            let got = first_copies(t, units);
            assert_eq!(got, first_copies_reference(t, units), "{t:?}");
            // And the reference is right: the first earlier unit with the same text.
            for (i, c) in got.iter().enumerate() {
                let same = (0..i).find(|&j| t[units[j].span.clone()] == t[units[i].span.clone()]);
                assert_eq!(c.map(|j| j as usize), same, "{t:?}");
            }
        }
    }
}

/// The buffers kept from one document to the next on a thread leave nothing behind:
/// documents in a row of different sizes (long ones, short ones, empty ones) get the
/// findings a fresh set of buffers gives each.
#[test]
fn documents_in_a_row_find_what_each_finds_alone() {
    let model = Model::embedded();
    let ctx = Context { model };
    let short = "The the cat sat. The the cat sat. The the cat sat.";
    let texts = [STUFFED, PASTED, "", short, STITCHED, "word", CLEAN, "", TYPOS, REFRAIN, short, SPEECH, POEM, ""];
    let mut kept = Scratch::default();
    for t in texts.iter().chain(texts.iter().rev()) {
        let doc = Document::new(t, model, &[], Default::default());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        analyze(&doc, &ctx, &mut kept, &mut a);
        analyze(&doc, &ctx, &mut Scratch::default(), &mut b);
        let key = |f: &Finding| (f.rule.code, f.span.clone(), f.message.clone(), f.severity);
        assert_eq!(a.iter().map(key).collect::<Vec<_>>(), b.iter().map(key).collect::<Vec<_>>(), "{} bytes", t.len());
    }
}
