//! Unit tests of the duplicate signature.

use super::*;

#[test]
fn words_normalize_case_apostrophes_and_separators() {
    let a = signature_of("The Cat’s 1,000 mats sat quietly here.", 3);
    let b = signature_of("the cat's 1000 MATS sat quietly here", 3);
    assert_eq!(a.word.hashes, b.word.hashes);
    assert_eq!(a.words, 7);
    assert_eq!(a.word.hashes.len(), 5);
}

#[test]
fn skeleton_collapses_content_runs() {
    // "the * of * , * in 3 * ." : content runs collapse to one placeholder each.
    let a = signature_of("The quick brown fox of legend, jumped in 3 barns...", 5);
    assert_eq!(a.skel.tokens, 10);
    let b = signature_of("The rapid auburn vixen of myth, leapt in 3 sheds.", 5);
    assert_eq!(a.skel.hashes, b.skel.hashes);
    assert_ne!(a.word.hashes, b.word.hashes);
}

#[test]
fn word_hashes_fold_case_in_every_position() {
    let mut b = String::new();
    let h = |w: &str, b: &mut String| word_hash(w, TokenKind::Word, b);
    assert_eq!(h("INTERNATIONALIZATION", &mut b), h("internationalization", &mut b));
    assert_eq!(h("Zebra@[`{", &mut b), h("zebra@[`{", &mut b));
    assert_ne!(h("ab", &mut b), h("ab\0", &mut b));
    assert_ne!(h("abcdefgh", &mut b), h("abcdefg", &mut b));
    assert_eq!(h("ÉCOLE", &mut b), h("école", &mut b));
    assert_eq!(word_hash("1,000", TokenKind::Number, &mut b), word_hash("1000", TokenKind::Number, &mut b));
}

#[test]
fn token_hashes_equal_word_hashes() {
    let text = "Shingle HASHES: 1,000 and 12345678901 cats’ école abcdefgh abcdefghi x\u{ad}y 7 \
                Internationalisation ABCDEFGHIJKLMNOP abcdefghijklmno QRSTUVWXYZabcdefg a Bc DeF gHiJ klmno \
                pqrstu VWXYZab CDEFGHIJ klmnopqrs";
    let mut buf = String::new();
    for t in crate::token::tokenize(text) {
        let w = &text[t.range()];
        assert_eq!(token_hash(text, &t, &mut buf), word_hash(w, t.kind, &mut buf), "{w}");
        // At the very end of a text (no bytes to read past the token).
        let tail = &text[t.start()..t.end()];
        let u = crate::token::tokenize(tail)[0];
        assert_eq!(token_hash(tail, &u, &mut buf), word_hash(w, t.kind, &mut buf), "{w}");
    }
}

#[test]
fn function_word_table_matches_the_set() {
    let (set, table) = (function_words(), function_word_table());
    assert!(!set.contains(&0));
    assert_eq!(set.len(), table.slots.iter().filter(|&&s| s != 0).count());
    let mut buf = String::new();
    for w in FUNCTION_WORDS.iter().chain(&["The", "cat", "theirs'", "", "withoutx", "é", "you’re"]) {
        let h = word_hash(w, TokenKind::Word, &mut buf);
        assert_eq!(table.contains(h), set.contains(&h), "{w}");
    }
    assert!(!table.contains(0) && !table.contains(u64::MAX));
}

#[test]
fn every_line_break_style_counts_once() {
    // `\r\n` is one break, a lone `\r` is one, `\r\r\n` is two.
    let s = signature_of("one two\r\nthree four\rfive\r\r\nsix é\n\n\nseven", 1);
    let lines: Vec<(u32, u32)> = s.word.runs.iter().map(|r| (r.line, r.len)).collect();
    assert_eq!(lines, vec![(1, 7), (2, 10), (3, 4), (5, 5), (8, 5)]);
}

#[test]
fn rolling_shingles_depend_on_the_window_only() {
    let a = signature_of("x y one two three four five", 5);
    let b = signature_of("p q r one two three four five", 5);
    assert_eq!(a.word.hashes.last(), b.word.hashes.last());
    assert_ne!(a.word.hashes[0], a.word.hashes[1]);
}

#[test]
fn lines_are_recorded_as_runs() {
    let s = signature_of("one two\n\nthree four five\nsix", 2);
    let lines: Vec<u32> = s.word.runs.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![1, 3, 4]);
    assert_eq!(s.word.runs[1], LineRun { at: 2, line: 3, len: 15 });
    assert_eq!(s.word.run_at(4).unwrap().line, 3);
    assert_eq!(s.word.run_at(5).unwrap().line, 4);
}

#[test]
fn chunks_continue_shingles_and_lines() {
    use crate::document::Origin;
    use crate::model::Model;
    let whole = signature_of("alpha beta gamma\ndelta epsilon zeta eta", 3);
    let perms = crate::duplicate::LshParams::for_threshold(crate::duplicate::DEFAULT_THRESHOLD).perms();
    let mut b = SignatureBuilder::new(3, perms);
    b.add(&Document::new("alpha beta gamma\n", Model::empty(), &[], Origin::default()));
    b.add(&Document::new("delta epsilon zeta eta", Model::empty(), &[], Origin { line: 1, column: 0 }));
    assert_eq!(b.finish(), whole);
}

#[test]
fn no_minhash_leaves_the_streams_as_they_were() {
    // A stream without `--against` builds no MinHash (perms 0); all else is the same.
    let text = "the harbour ledger was opened again\nbefore the council voted on the budget";
    let with = signature_of(text, 3);
    assert!(!with.minhash.is_empty());
    let mut b = SignatureBuilder::new(3, 0);
    b.add(&Document::plain(text));
    let without = b.finish();
    assert!(without.minhash.is_empty());
    assert_eq!(Signature { minhash: with.minhash.clone(), ..without }, with);
    // The options decide: a stream's builder has none unless a collection needs it.
    let o = crate::duplicate::DupOptions { minhash: false, ..Default::default() };
    let mut b = o.builder();
    b.add(&Document::plain(text));
    assert!(b.finish().minhash.is_empty());
}

#[test]
fn empty_and_short_texts() {
    let s = signature_of("", 5);
    assert_eq!(s.words, 0);
    assert!(s.word.hashes.is_empty() && s.minhash.is_empty());
    let s = signature_of("two words", 5);
    assert!(s.word.hashes.is_empty());
    assert_eq!(s.word.tokens, 2);
}

#[test]
fn coverage_mask_spreads_matches_over_tokens() {
    let s = signature_of("a b c d e f g", 3);
    let mut m = vec![false; s.word.hashes.len()];
    m[1] = true;
    m[2] = true;
    let mask = s.word.coverage_mask(&m);
    assert_eq!(mask, vec![false, true, true, true, true, false, false]);
}

/// Sampling as it was done before one pass replaced it: one level, one pass at a time.
pub(super) fn sample_by_levels(out: &mut Stream) {
    while out.hashes.len() > CAP / 2 {
        out.level += 1;
        let mask = (1u32 << out.level) - 1;
        let (mut hashes, mut runs) = (Vec::new(), Vec::<LineRun>::new());
        let mut r = 0usize;
        for (i, &h) in out.hashes.iter().enumerate() {
            while r + 1 < out.runs.len() && out.runs[r + 1].at as usize <= i {
                r += 1;
            }
            if h & mask != 0 {
                continue;
            }
            let run = out.runs.get(r).copied().unwrap_or(LineRun { at: 0, line: 1, len: 0 });
            if runs.last().is_none_or(|x| x.line != run.line) {
                runs.push(LineRun { at: hashes.len() as u32, line: run.line, len: run.len });
            }
            hashes.push(h);
        }
        out.hashes = hashes;
        out.runs = runs;
    }
}

#[test]
fn one_pass_sampling_keeps_what_level_by_level_sampling_kept() {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut raised = 0;
    for (level, runs_every, zeros) in [(0u8, 3usize, 0usize), (0, 50, 7), (2, 1, 0), (3, 40, 0), (0, 0, 0)] {
        let mut sh = Shingler::new(5);
        sh.out.level = level;
        let mask = (1u32 << level) - 1;
        let mut line = 1u32;
        for i in 0..CAP + 1 {
            let mut h = (next() >> 32) as u32 & !mask;
            if i % 97 < zeros {
                h = 0;
            }
            if runs_every > 0 && (i % runs_every == 0 || next() % 5 == 0) {
                line += 1 + (next() % 3) as u32;
                sh.out.runs.push(LineRun { at: i as u32, line, len: (next() % 200) as u32 });
            }
            sh.out.hashes.push(h);
        }
        let mut want = sh.out.clone();
        sample_by_levels(&mut want);
        sh.sample_more();
        assert_eq!(sh.out, want, "level {level}, a line every {runs_every}");
        raised = raised.max(want.level - level);
    }
    assert!(raised >= 2, "some case raises the level twice");
}

#[test]
fn huge_streams_are_sampled_consistently() {
    let mut b = SignatureBuilder::new(2, 8);
    let mut text = String::new();
    for i in 0..(CAP + 1000) {
        text.push_str(&format!("w{i} "));
        if i % 7 == 0 {
            text.push('\n');
        }
    }
    b.add(&Document::plain(&text));
    let s = b.finish();
    assert!(s.word.level >= 1);
    assert!(s.word.hashes.len() <= CAP);
    let mask = (1u32 << s.word.level) - 1;
    assert!(s.word.hashes.iter().all(|h| h & mask == 0));
    assert!(s.word.runs.windows(2).all(|w| w[0].at < w[1].at && w[0].line < w[1].line));
}

/// Texts of many lines with words in and out of the vocabulary, function words,
/// numbers, punctuation runs, line-break styles, non-ASCII words and lines.
fn mixed_text(seed: u64, words: usize) -> String {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    const PARTS: &[&str] = &[
        "the",
        "The",
        "of",
        "and",
        "cold",
        "War",
        "peace",
        "it's",
        "don’t",
        "Zürich",
        "naïve",
        "1,000",
        "3.5",
        "42",
        "internationalisation",
        "ABCDEFGHIJKLMNOPQ",
        "x",
        "é",
        "Москва",
        ",",
        ".",
        "...",
        "!",
        "?",
        ";",
        ":",
        "(",
        ")",
        "-",
        "—",
        "\"",
        "'",
        "se\u{ad}curity",
        "was",
        "would",
        "between",
        "river",
        "stone",
        "quietly",
        "3rd",
    ];
    let mut s = String::new();
    for _ in 0..words {
        s.push_str(PARTS[(next() % PARTS.len() as u64) as usize]);
        s.push_str(match next() % 40 {
            0 => "\n",
            1 => "\r\n",
            2 => "\r",
            3 => "\n\n",
            4 => "\u{a0}",
            5 => "",
            _ => " ",
        });
    }
    s
}

/// The builder against the plain one-token-at-a-time computation ([`reference`]), in
/// one document and in chunks (cut mid-line too), with a model and without, dense and
/// sampled.
#[test]
fn the_builder_makes_what_the_plain_computation_makes() {
    use super::reference::RefBuilder;
    use crate::document::{Origin, Position};
    use crate::model::{build, Model};
    let vocab: Vec<(&str, u64)> =
        ["the", "of", "and", "cold", "war", "peace", "it's", "don't", "zürich", "was", "river", "x"]
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, 100 - i as u64))
            .collect();
    let model = Model::new(build::write(&build::counts_from(&vocab, &[]))).unwrap();
    for (seed, words, k) in
        [(1u64, 3000usize, 5usize), (2, 200, 1), (3, 5000, 3), (4, 50, 16), (5, 7, 2), (6, 2 * CAP, 5)]
    {
        let text = mixed_text(seed, words);
        for m in [Model::empty(), &model] {
            for pieces in [1usize, 3, 7] {
                let mut got = SignatureBuilder::new(k, 64);
                let mut want = RefBuilder::new(k, 64);
                let mut from = 0;
                for p in 1..=pieces {
                    let mut to = if p == pieces { text.len() } else { text.len() * p / pieces };
                    while !text.is_char_boundary(to) {
                        to += 1;
                    }
                    let whole = Document::new(&text, Model::empty(), &[], Origin::default());
                    let Position { line, column } = whole.position(from);
                    let origin = Origin { line: line - 1, column: column - 1 };
                    let doc = Document::new(&text[from..to], m, &[], origin);
                    got.add(&doc);
                    want.add(&doc);
                    from = to;
                }
                let (got, want) = (got.finish(), want.finish());
                assert!(words < CAP || got.word.level > 0, "seed {seed}: sampled");
                assert_eq!(got, want, "seed {seed}, {pieces} pieces, k {k}");
            }
        }
    }
}

/// Marks made when the builder moves, for lines and documents where a stream has no
/// token (clause punctuation only, nothing, a last line of punctuation): the runs
/// and lines are still those of the tokens, as the plain computation records them.
#[test]
fn lines_and_documents_without_words_leave_no_runs() {
    use super::reference::RefBuilder;
    use crate::document::Origin;
    use crate::model::Model;
    let texts = ["one two three\n...\n", "a b\n, ;\n\nc d e\n!!", ".\n,\n", "", "x\n(", "word\n", "! ?\n.", "( )"];
    for k in [1, 3, 16] {
        let (mut got, mut want) = (SignatureBuilder::new(k, 16), RefBuilder::new(k, 16));
        for (i, t) in texts.iter().enumerate() {
            let doc = Document::new(t, Model::empty(), &[], Origin { line: i * 10, column: i % 3 });
            got.add(&doc);
            want.add(&doc);
            let (mut one, mut one_want) = (SignatureBuilder::new(k, 16), RefBuilder::new(k, 16));
            one.add(&doc);
            one_want.add(&doc);
            assert_eq!(one.finish(), one_want.finish(), "{t:?}, k {k}");
        }
        assert_eq!(got.finish(), want.finish(), "k {k}");
    }
}
