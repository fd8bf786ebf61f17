use super::*;

fn words(t: &str) -> Vec<(&str, TokenKind)> {
    tokenize(t).into_iter().map(|k| (&t[k.range()], k.kind)).collect()
}

#[test]
fn splits_words_numbers_punct() {
    use TokenKind::*;
    assert_eq!(
        words("It's 3rd-rate: 1,000.5 cats."),
        vec![
            ("It's", Word),
            ("3rd", Number),
            ("-", Punct),
            ("rate", Word),
            (":", Punct),
            ("1,000.5", Number),
            ("cats", Word),
            (".", Punct)
        ]
    );
}

#[test]
fn apostrophes_and_invisibles_only_inside_words() {
    assert_eq!(
        words("'twas don’t dogs' se\u{00AD}curity"),
        vec![
            ("'", TokenKind::Punct),
            ("twas", TokenKind::Word),
            ("don’t", TokenKind::Word),
            ("dogs", TokenKind::Word),
            ("'", TokenKind::Punct),
            ("se\u{00AD}curity", TokenKind::Word)
        ]
    );
}

#[test]
fn non_ascii_words() {
    assert_eq!(
        words("Zürich naïve Москва"),
        vec![("Zürich", TokenKind::Word), ("naïve", TokenKind::Word), ("Москва", TokenKind::Word)]
    );
}

#[test]
fn pairs_need_running_text() {
    let t = "a b\nc\n\nd-e, f - g";
    let toks = tokenize(t);
    let p: Vec<_> = word_pairs(t, &toks).map(|(i, j)| (&t[toks[i].range()], &t[toks[j].range()])).collect();
    assert_eq!(p, vec![("a", "b"), ("b", "c"), ("d", "e")]);
}

#[test]
fn ascii_flag_matches_the_bytes() {
    let t = "It's naïve 3rd 3½ don’t x’y — «a» 1,000.5 Zürich's e\u{301} se\u{00AD}c ab'é";
    for k in tokenize(t) {
        assert_eq!(k.is_ascii(), t[k.range()].is_ascii(), "{:?}", &t[k.range()]);
    }
}

#[test]
fn eight_byte_class_matches_the_table() {
    for b in 0..=255u8 {
        for k in 0..8 {
            let mut w = [b'a'; 8];
            w[k] = b;
            let stop = not_alnum(u64::from_le_bytes(w));
            let want = if CLASS[b as usize] & ALNUM != 0 { 0 } else { 0x80u64 << (8 * k) };
            assert_eq!(stop, want, "byte {b:#x} at {k}");
        }
    }
    let t = "abcdefgh'ijklmnopq rstuvwxyz0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{/:";
    assert_eq!(
        words(t).iter().filter(|w| w.1 != TokenKind::Punct).map(|w| w.0).collect::<Vec<_>>(),
        t.split([' ', '@', '[', '`', '{', '/', ':']).filter(|w| !w.is_empty()).collect::<Vec<_>>()
    );
}

#[test]
fn quick_classes_match_the_unicode_tables() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        assert_eq!(is_num(c), c.is_numeric(), "{c:?}");
        assert_eq!(word_char(c), c.is_alphanumeric() || is_mark(c), "{c:?}");
        assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
    }
}

#[test]
fn line_breaks_found_on_the_way() {
    for t in ["", "a", "a\nb", "a\r\nb\rc\n\rd\r\r", "x \u{85} y\u{2028}z\n", "don't\n3.5\r\n\u{a0}é\n", "\n\n"] {
        let mut got = Vec::new();
        let mut toks = Vec::new();
        tokenize_with_lines(t, |k| toks.push(k), |p| got.push(p));
        assert_eq!(got, crate::document::line_breaks(t).collect::<Vec<_>>(), "{t:?}");
        assert_eq!(toks, tokenize(t), "{t:?}");
    }
}

#[test]
fn word_keys_are_the_lower_cased_bytes() {
    let t = "a Zebra ABCDEFG abcdefgh ABCDEFGHIJKLMNO abcdefghijklmnop x9Y8 Hello, it's naïve \
             abcdefgh'ij QRSTUVWXyz0123 eight888 end";
    let mut n = 0;
    tokenize_keyed(
        t,
        |k, key| {
            let w = &t[k.range()];
            let simple = k.kind == TokenKind::Word && w.len() < 16 && w.bytes().all(|b| b.is_ascii_alphanumeric());
            if let Some(key) = key {
                let mut b = [0u8; 16];
                b[..w.len()].copy_from_slice(w.to_ascii_lowercase().as_bytes());
                let want = WordKey {
                    lo: u64::from_le_bytes(b[..8].try_into().unwrap()),
                    hi: u64::from_le_bytes(b[8..].try_into().unwrap()),
                };
                assert_eq!(key, want, "{w:?}");
                n += 1;
            } else {
                // Only a word that ends the text may miss the fast path.
                assert!(!simple || k.end() + 8 > t.len(), "{w:?}");
            }
        },
        |_| {},
    );
    assert_eq!(n, 8);
}

#[test]
fn normalizes_for_lookup() {
    let mut b = String::new();
    normalize_word("Don’t", &mut b);
    assert_eq!(b, "don't");
    normalize_word("Se\u{200B}CURITY", &mut b);
    assert_eq!(b, "security");
}

/// The tokenizer's rules, written plainly a character at a time (no byte classes,
/// no eight-byte steps, no fast paths): the tokens, the line starts, and the key each
/// word should get.
fn reference(text: &str) -> (Vec<Token>, Vec<usize>, Vec<Option<WordKey>>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map_or(text.len(), |&(p, _)| p);
    let word_char = |c: char| c.is_alphanumeric() || is_mark(c);
    let (mut tokens, mut lines, mut keys) = (Vec::new(), Vec::new(), Vec::new());
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        // ASCII white space is `is_ascii_whitespace` (not vertical tab), the rest `is_whitespace`.
        let space = if c.is_ascii() { c.is_ascii_whitespace() } else { c.is_whitespace() };
        if space {
            if c == '\n' || (c == '\r' && at(k + 1) != Some('\n')) {
                lines.push(pos(k) + 1);
            }
            k += 1;
            continue;
        }
        let start = k;
        k += 1;
        let kind = if c.is_alphabetic() || is_mark(c) {
            while let Some(c) = at(k) {
                let next = at(k + 1);
                let inner = (is_apostrophe(c) && next.is_some_and(char::is_alphabetic))
                    || (is_invisible(c) && next.is_some_and(word_char));
                if !(word_char(c) || inner) {
                    break;
                }
                k += 1;
            }
            TokenKind::Word
        } else if c.is_numeric() {
            while let Some(c) = at(k) {
                let inner = (c == '.' || c == ',') && at(k + 1).is_some_and(|n| n.is_ascii_digit());
                if !(c.is_ascii_alphanumeric() || (!c.is_ascii() && word_char(c)) || inner) {
                    break;
                }
                k += 1;
            }
            TokenKind::Number
        } else {
            TokenKind::Punct
        };
        let (s, e) = (pos(start), pos(k));
        let w = &text[s..e];
        // The fast path keys a word of 1 to 15 ASCII letters and digits followed by
        // ASCII other than an apostrophe, when the text holds eight bytes from its
        // start (sixteen for a word of eight bytes or more).
        let after = text.as_bytes().get(e).copied();
        let keyed = kind == TokenKind::Word
            && w.len() < 16
            && w.bytes().all(|b| b.is_ascii_alphanumeric())
            && after.is_some_and(|b| b < 0x80 && b != b'\'')
            && s + if w.len() < 8 { 8 } else { 16 } <= text.len();
        // Joined: a keyed word one space after the token before, a keyed word.
        let joined = keyed
            && keys.last().is_some_and(Option::is_some)
            && tokens.last().is_some_and(|p: &Token| p.end() + 1 == s)
            && text.as_bytes()[s - 1] == b' ';
        tokens.push(Token::new(s, e, kind, w.is_ascii()).with_first(w.as_bytes()[0]).with_joined(joined));
        keys.push(keyed.then(|| {
            let mut b = [0u8; 16];
            b[..w.len()].copy_from_slice(w.to_ascii_lowercase().as_bytes());
            WordKey {
                lo: u64::from_le_bytes(b[..8].try_into().unwrap()),
                hi: u64::from_le_bytes(b[8..].try_into().unwrap()),
            }
        }));
    }
    (tokens, lines, keys)
}

/// Asserts that every entry point of the tokenizer answers like [`reference`] on `text`.
fn matches_reference(text: &str) {
    let (want, want_lines, want_keys) = reference(text);
    let (mut got, mut lines, mut keys) = (Vec::new(), Vec::new(), Vec::new());
    tokenize_keyed(
        text,
        |t, k| {
            got.push(t);
            keys.push(k);
        },
        |p| lines.push(p),
    );
    assert_eq!(got, want, "{text:?}");
    assert_eq!(keys, want_keys, "{text:?}");
    assert_eq!(lines, want_lines, "{text:?}");
    assert_eq!(lines, crate::document::line_breaks(text).collect::<Vec<_>>(), "{text:?}");
    assert_eq!(tokenize(text), want, "{text:?}");
}

#[test]
fn edge_cases_match_the_reference() {
    let cases = [
        "",
        " ",
        "a",
        "abcdefg",
        "abcdefgh",
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "abcdefg ",
        "abcdefgh ",
        "abcdefghijklmno ",
        "abcdefghijklmnop ",
        "abcdefghijklmnopq rest of it",
        "Seven77 Eight888 fifteen15bytes sixteen16bytes!! x",
        "word\u{b}word\tword\x0cword\r\nword\rword\n\rword  word   ",
        "it's don't dogs' 'twas rock'n'roll x'é x'\u{301} abc'",
        "don’t x’y ab’ ’a abcdefg’hi",
        "se\u{ad}curity a\u{200b}b a\u{ad} \u{ad}a a\u{200d}\u{301} a\u{feff}1",
        "e\u{301}t\u{301}e\u{301} \u{301}abc caf\u{e9} Zürich naïve Москва Ελλάδα 東京",
        "3rd 1,000.5 1.2.3 1. 1,a 3½ ½3 ²x 12abc34 ٣٤ 7\u{301}",
        "x\u{a0}y\u{2028}z\u{85}w\u{3000}v\u{1680}u",
        "@#$%^&*()_+-=[]{}|;:'\",.<>/?`~ a-b a--b",
        "ABCDEFGH ABCDEFGHIJ AbCdEfGhIjKlMnO",
        "abcdefgh'ij abcdefghijk'lm abcdefg'h abcdefgé abcdefghijé",
        "end with word",
        "end with 8-byte wordword",
    ];
    for t in cases {
        matches_reference(t);
    }
    // Every cut of a text: the eight- and sixteen-byte loads meet the end at each place.
    let long = "The quick Brown fox's 12,5 jumps—over lazy dogs’ backs:\r\n internationalisation x9y8z7 \
                naïve\u{ad}ly e\u{301}x ab\tcd\n";
    for cut in (0..=long.len()).filter(|&c| long.is_char_boundary(c)) {
        matches_reference(&long[..cut]);
        matches_reference(&long[cut..]);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces the tokenizer decides on: words of every length about
    /// the eight-byte steps, digits, white space and line breaks of each kind,
    /// apostrophes, invisibles, marks, non-ASCII letters, numbers and spaces.
    fn tricky() -> impl Strategy<Value = String> {
        let pick = |v: Vec<&'static str>| prop::sample::select(v).prop_map(str::to_string);
        let piece = prop_oneof![
            4 => "[a-zA-Z]{1,18}",
            2 => "[a-z0-9]{1,17}",
            2 => "[0-9]{1,5}",
            4 => Just(" ".to_string()),
            1 => Just("  ".to_string()),
            1 => pick(vec!["\n", "\r", "\r\n", "\t", "\u{b}", "\u{c}", "\n\r"]),
            1 => pick(vec!["'", "’", "\u{ad}", "\u{200b}", "\u{200d}", "\u{feff}", "\u{301}", "\u{20d0}"]),
            1 => pick(vec!["é", "Ж", "λ", "東", "ß", "½", "²", "٣", "\u{a0}", "\u{2028}", "\u{85}", "😀", "—"]),
            1 => pick(vec![".", ",", "-", "!", "\"", "@", "[", "`", "{", "/", ":", "\u{0}", "\u{7f}"]),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn tricky_text_matches_the_reference(t in tricky()) {
            matches_reference(&t);
        }

        #[test]
        fn any_text_matches_the_reference(t in "\\PC{0,80}") {
            matches_reference(&t);
        }

        #[test]
        fn arbitrary_strings_match_the_reference(t in any::<String>()) {
            matches_reference(&t);
        }
    }
}

#[test]
fn ascii_words_are_ascii_tokens_of_word_kind() {
    let text = "Plain words, caf\u{e9} na\u{ef}ve 3rd 42 \u{201c}quoted\u{201d} x-ray \u{41f}\u{440}\u{438} ok.";
    let tokens = tokenize(text);
    assert!(tokens.iter().filter(|t| t.is_ascii_word()).count() >= 5);
    for t in tokens {
        assert_eq!(t.is_ascii_word(), t.kind == TokenKind::Word && t.is_ascii(), "{:?}", &text[t.range()]);
    }
}

#[test]
fn a_word_one_space_after_a_word_is_joined() {
    let text = "a b  c\nd 3 x9, e - f é ü 1,5 g\u{a0}h i\tj k.l m n internationalisation o p q r";
    let tokens = tokenize(text);
    let joined: Vec<&str> = tokens.iter().filter(|t| t.follows_word()).map(|t| &text[t.range()]).collect();
    // (Words the fast path keys: not numbers, nor non-ASCII or long words, nor the
    // last words of the text.)
    assert_eq!(joined, vec!["b", "i", "k", "m", "n"]);
    // The flag is the commonest case of `word_after`: a pair whenever it is set.
    for (i, t) in tokens.iter().enumerate().skip(1) {
        if t.follows_word() {
            assert_eq!(word_after(text, &tokens, i - 1), Some(i), "{:?}", &text[t.range()]);
        }
    }
}
