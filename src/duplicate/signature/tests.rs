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
fn sample_by_levels(out: &mut Stream) {
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

/// The shingler as it was before blocks: a ring of the last tokens, one token at a time.
struct OneByOne {
    sh: Shingler,
    ring: [u64; MAX_SHINGLE],
    lines: [(u32, u32); MAX_SHINGLE],
}

impl OneByOne {
    fn new(k: usize) -> Self {
        OneByOne { sh: Shingler::new(k), ring: [0; MAX_SHINGLE], lines: [(0, 0); MAX_SHINGLE] }
    }

    /// Adds a token; returns the hash of the shingle it completes, if any.
    fn push(&mut self, tok: u64, line: u32, len: u32) -> Option<u32> {
        let sh = &mut self.sh;
        let n = sh.out.tokens as usize;
        let slot = n % MAX_SHINGLE;
        sh.roll = sh.roll.wrapping_mul(ROLL).wrapping_add(tok);
        let gone = self.ring[n.wrapping_sub(sh.k) % MAX_SHINGLE];
        sh.roll = sh.roll.wrapping_sub(gone.wrapping_mul(sh.roll_k));
        self.ring[slot] = tok;
        self.lines[slot] = (line, len);
        sh.out.tokens += 1;
        if sh.out.dense() && (line != sh.last_line || n == 0) {
            sh.out.runs.push(LineRun { at: n as u32, line, len });
        }
        sh.last_line = line;
        if n + 1 < sh.k {
            return None;
        }
        let first = n + 1 - sh.k;
        let h = (mix(sh.roll ^ sh.k as u64) >> 32) as u32;
        self.keep(h, first);
        Some(h)
    }

    fn keep(&mut self, h: u32, first: usize) {
        let out = &mut self.sh.out;
        if out.dense() {
            out.hashes.push(h);
            if out.hashes.len() > CAP {
                self.sh.sample_more();
            }
            return;
        }
        if h & ((1u32 << out.level) - 1) != 0 {
            return;
        }
        let (line, len) = self.lines[first % MAX_SHINGLE];
        let at = out.hashes.len() as u32;
        if out.runs.last().is_none_or(|r| r.line != line) {
            out.runs.push(LineRun { at, line, len });
        }
        out.hashes.push(h);
        if out.hashes.len() > CAP {
            self.sh.sample_more();
        }
    }
}

/// The signature of `docs` (chunks of one file) as the builder made it one token at
/// a time, before blocks.
fn signature_one_by_one(docs: &[Document], k: usize, perms: usize) -> Signature {
    let (mut word, mut skel) = (OneByOne::new(k.clamp(1, MAX_SHINGLE)), OneByOne::new(SKEL_K));
    let mut minhash = MinHasher::new(perms);
    let (mut words, mut kept_words, mut in_content, mut last_punct) = (0u64, 0u64, false, None);
    let mut buf = String::new();
    let fw = function_word_table();
    for doc in docs {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut line = doc.origin.line as u32 + 1;
        let mut line_len = u32::MAX;
        let mut lines = doc.lines();
        let mut cur = lines.next().unwrap_or(0..text.len());
        let mut next = lines.next();
        let first_col = doc.origin.column as u32;
        for (t, &id) in doc.tokens.iter().zip(&doc.ids) {
            let punct = match t.kind {
                TokenKind::Punct => match bytes[t.start()] {
                    c @ (b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')') => Some(c),
                    _ => continue,
                },
                _ => None,
            };
            while next.as_ref().is_some_and(|n| t.start() >= n.start) {
                line += 1;
                line_len = u32::MAX;
                cur = next.take().unwrap_or_default();
                next = lines.next();
            }
            if line_len == u32::MAX {
                let s = &text[cur.clone()];
                let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
                let col = if line == doc.origin.line as u32 + 1 { first_col } else { 0 };
                line_len = (chars as u32).saturating_add(col);
            }
            if let Some(c) = punct {
                if last_punct != Some(c) {
                    skel.push(mix(c as u64 + 0x100), line, line_len);
                    last_punct = Some(c);
                }
                in_content = false;
                continue;
            }
            last_punct = None;
            let h = token_hash(text, t, &mut buf);
            let function = t.kind == TokenKind::Word && fw.contains(h);
            // (The id only picks the cache; the hash is the word's.)
            let _ = id;
            words += 1;
            if let Some(sh) = word.push(h, line, line_len) {
                minhash.add(sh);
            }
            if t.kind == TokenKind::Number || function {
                kept_words += 1;
                skel.push(h, line, line_len);
                in_content = false;
            } else if !in_content {
                skel.push(PLACEHOLDER, line, line_len);
                in_content = true;
            }
        }
    }
    let minhash = if word.sh.out.hashes.is_empty() { Vec::new() } else { minhash.finish() };
    Signature { words, kept_words, word: word.sh.out, skel: skel.sh.out, minhash }
}

/// Words of a small vocabulary with some punctuation, numbers and line breaks, from a seed.
fn random_text(seed: u64, words: usize) -> String {
    let vocab = [
        "the", "of", "river", "and", "Mill", "to", "a", "bridge", "in", "was", "stone", "it's", "town", "1,200",
        "1999", "over", "café", "naïve", "for", "with", "north", "WALL", "which", "they",
    ];
    let mut x = seed | 1;
    let mut text = String::new();
    for _ in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(vocab[(x % vocab.len() as u64) as usize]);
        text.push_str(match (x >> 20) % 23 {
            0 => ", ",
            1 => ". ",
            2 => "\n",
            3 => "\n\n",
            4 => "; ",
            5 => " (",
            6 => ") ",
            7 => " - ",
            _ => " ",
        });
    }
    text
}

#[test]
fn blocks_make_the_streams_one_token_at_a_time_made() {
    use crate::document::Origin;
    use crate::model::Model;
    let m = Model::embedded();
    // Short and long texts (past CAP: sampled), cut into chunks that end mid-line and
    // mid-block, with several shingle sizes.
    for (seed, words, chunks, k) in
        [(1u64, 0usize, 1usize, 5usize), (2, 3, 1, 5), (3, 40, 3, 1), (4, 9_000, 4, 16), (5, 700_000, 3, 5)]
    {
        let text = random_text(seed, words);
        let mut cuts = vec![0];
        for c in 1..chunks {
            let mut p = text.len() * c / chunks;
            while !text.is_char_boundary(p) {
                p += 1;
            }
            cuts.push(p);
        }
        cuts.push(text.len());
        let docs: Vec<Document> = cuts
            .windows(2)
            .map(|w| {
                let before = &text[..w[0]];
                let line = before.matches('\n').count();
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
                Document::new(&text[w[0]..w[1]], m, &[], Origin { line, column })
            })
            .collect();
        let mut b = SignatureBuilder::new(k, 96);
        for d in &docs {
            b.add(d);
        }
        let got = b.finish();
        let want = signature_one_by_one(&docs, k, 96);
        assert_eq!(got, want, "seed {seed}, {words} words, k {k}");
        if words > 600_000 {
            assert!(got.word.level > 0 && got.skel.level > 0, "sampled");
        }
    }
}
