use super::*;
use crate::document::Origin;
use crate::model::Model;

/// The UTF-8 bytes of `s` read as Windows-1252: the mojibake a program makes.
fn as_cp1252(s: &str) -> String {
    s.bytes().map(cp1252::to_char).collect()
}

/// The UTF-8 bytes of `s` read as Latin-1 (0x80–0x9F become C1 controls).
fn as_latin1(s: &str) -> String {
    s.bytes().map(|b| b as char).collect()
}

fn findings(text: &str) -> Vec<Finding> {
    let doc = Document::plain(text);
    let mut out = Vec::new();
    Encoding.analyze(&doc, &Context { model: Model::empty() }, &mut out);
    for f in &out {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    out
}

fn findings_bytes(bytes: &[u8]) -> (String, Vec<Finding>) {
    let mut text = String::new();
    let mut invalid = Vec::new();
    crate::read::decode_utf8(bytes, &mut text, &mut invalid);
    let doc = Document::new(&text, Model::empty(), &invalid, Origin::default());
    let mut out = Vec::new();
    Encoding.analyze(&doc, &Context { model: Model::empty() }, &mut out);
    drop(doc);
    (text, out)
}

/// Applies every suggestion (spans must not overlap).
fn repair(text: &str, fs: &[Finding]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in fs {
        assert!(f.span.start >= at, "overlapping findings");
        out.push_str(&text[at..f.span.start]);
        out.push_str(f.suggestion.as_deref().expect("suggestion"));
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[test]
fn repairs_curly_quotes_and_dashes() {
    let good = "Our neighbour’s dog said “woof” — twice, then left… The end.";
    let bad = as_cp1252(good);
    assert!(bad.contains("â€™") && bad.contains("â€œ") && bad.contains("â€”"));
    let fs = findings(&bad);
    assert_eq!(repair(&bad, &fs), good);
    assert!(fs.iter().all(|f| f.rule.code == "ENC001" && f.severity == Severity::Error));
    assert_eq!(&bad[fs[0].span.clone()], "neighbourâ€™s");
    assert!(fs[0].message.contains("Windows-1252"), "{}", fs[0].message);
}

#[test]
fn repairs_accented_words_in_several_languages() {
    for good in [
        "We met at the café and ordered crème brûlée.",
        "Der Fußgänger überquerte die Straße in München.",
        "A canção de São João é ótima, não é?",
        "Zażółć gęślą jaźń, said the łódź captain.",
        "Привет, мир! Как дела?",
        "Καλημέρα κόσμε, είπε ο Νίκος.",
        "She sent a 👍🏽 and a 🎉 at 10 €.",
    ] {
        let bad = as_cp1252(good);
        let fs = findings(&bad);
        assert_eq!(repair(&bad, &fs), good, "{bad}");
    }
}

#[test]
fn repairs_double_encoding() {
    let good = "It’s “done” — finally. Price: 5 €, naïve résumé.";
    let bad = as_cp1252(&as_cp1252(good));
    assert!(bad.contains("Ã¢â‚¬â„¢"));
    let fs = findings(&bad);
    assert_eq!(repair(&bad, &fs), good);
    assert!(fs[0].message.contains("2 times"), "{}", fs[0].message);
}

#[test]
fn repairs_latin1_reading_and_undefined_bytes() {
    let good = "He said “yes” and didn’t look back.";
    let bad = as_latin1(good);
    let fs = findings(&bad);
    assert_eq!(repair(&bad, &fs), good);
    assert!(fs.iter().any(|f| f.message.contains("Latin-1")));
    // The right double quote ends in 0x9D, undefined in Windows-1252: kept as U+009D,
    // dropped, or replaced by U+FFFD.
    for bad in ["say â€œhiâ€\u{9D} now", "say â€œhiâ€ now", "say â€œhiâ€\u{FFFD} now"] {
        assert_eq!(repair(bad, &findings(bad)), "say “hi” now", "{bad:?}");
    }
}

#[test]
fn repairs_lost_no_break_spaces_and_bom() {
    let fs = findings("It costs 10Â km and more.Â Really, voilÃ  tout.");
    let fixed = repair("It costs 10Â km and more.Â Really, voilÃ  tout.", &fs);
    assert_eq!(fixed, "It costs 10 km and more. Really, voilà  tout.");
    let bad = as_cp1252("\u{FEFF}Title line");
    assert_eq!(bad, "ï»¿Title line");
    assert_eq!(repair(&bad, &findings(&bad)), "Title line");
    let bad = as_cp1252("a\u{A0}b café");
    assert_eq!(repair(&bad, &findings(&bad)), "a\u{A0}b café");
}

#[test]
fn genuine_accents_and_capitals_stay_silent() {
    for good in [
        "SÃO PAULO and NÃO are Portuguese capitals; so is IRMÃ” in quotes.",
        "The Romanian word ÎNTÂMPLARE is written with Â and Î.",
        "He shouted “CAFÉ” and “ESPAÑA” — the sign said PERÚ…",
        "Ärger, Öl, Übermut; Ça va? À bientôt. Ñandú.",
        "Å, Ä and Ö are letters; ×2 and ±3 are not.",
        "Résumé, naïve, façade, coöperate, São Tomé, Zürich, Kraków.",
        "Το Ελληνικό κείμενο δεν είναι λάθος.",
        "Русский текст тоже в порядке, как и «кавычки».",
        "Price £5 © 2024 ® ™ ¼ ½ ¾ ° ± § ¶ µ",
        "“Ã” is a letter, and so is “Â”.",
    ] {
        let fs = findings(good);
        assert!(fs.is_empty(), "{good}: {fs:?}");
    }
}

#[test]
fn tokenized_and_latin1_layers() {
    // A tokenizer put a space inside "é".
    let bad = "so clich\u{C3} \u{A9} , really";
    assert_eq!(repair(bad, &findings(bad)), "so cliché , really");
    // "…" decoded as Latin-1 (U+0085), then encoded and read as Windows-1252 again.
    let bad = "wait \u{C2}\u{85} what";
    assert_eq!(repair(bad, &findings(bad)), "wait … what");
    // Arabic mojibake: weak units, but many in a row.
    let good = "كلمة عربية";
    let bad = as_cp1252(good);
    assert_eq!(repair(&bad, &findings(&bad)), good);
}

#[test]
fn look_alike_sequences_stay_silent() {
    for good in [
        "Vincent chose \u{DA}\u{161}t\u{11B}k for the film.",
        "Ils ont dit \u{201C}Vous avez oubli\u{E9}\u{201D}\u{2014}and left.",
        "bullet \u{201A}\u{C4}\u{A2} item (Mac Roman, not Windows-1252)",
    ] {
        let fs = findings(good);
        assert!(fs.is_empty(), "{good}: {fs:?}");
    }
}

#[test]
fn weak_units_fire_only_beside_certain_mojibake() {
    // "É”" alone could be a capital before a quotation mark.
    assert!(findings("the sign said “CAFÉ”").is_empty());
    assert!(findings("she wrote “MANH\u{C3}\u{201D} in caps").is_empty());
    assert_eq!(findings("she wrote “MANH\u{C3}\u{201D} and itâ€™s fine").len(), 1);
    // With certain mojibake twice elsewhere it is repaired too.
    let fs = findings("she wrote “MANH\u{C3}\u{201D} and itâ€™s fine, isnâ€™t it");
    assert_eq!(fs.len(), 3, "{fs:?}");
    // A repair that would mix scripts is never made: Czech "Úš" is not Arabic.
    let fs = findings("Vincent chose \u{DA}\u{161}t\u{11B}k; itâ€™s nice, isnâ€™t it");
    assert_eq!(fs.len(), 2, "{fs:?}");
}

#[test]
fn invalid_latin1_bytes_get_a_repair() {
    let (text, fs) = findings_bytes(b"un caf\xe9 et un r\xe9sum\xe9, s'il vous pla\xeet");
    assert_eq!(fs.len(), 3, "{fs:?}");
    assert_eq!(fs[0].rule.code, "ENC002");
    assert!(fs[0].message.contains("0xE9") && fs[0].message.contains("Latin-1"), "{}", fs[0].message);
    assert_eq!(fs[0].suggestion.as_deref(), Some("café"));
    assert_eq!(fs[1].suggestion.as_deref(), Some("résumé"));
    assert_eq!(&text[fs[1].span.clone()], "r\u{FFFD}sum\u{FFFD}");
    assert_eq!(fs[2].suggestion.as_deref(), Some("plaît"));
    let (_, fs) = findings_bytes(b"he said \x93hi\x94 and left");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].suggestion.as_deref(), Some("“hi”"));
}

#[test]
fn invalid_bytes_without_a_reading() {
    let (_, fs) = findings_bytes(b"abc \xff\xfe def \xe2\x80 ghi");
    assert_eq!(fs.len(), 2, "{fs:?}");
    assert!(fs[0].message.contains("0xFF 0xFE") && fs[0].suggestion.is_none(), "{}", fs[0].message);
    assert!(fs[1].message.contains("truncated") && fs[1].message.contains("0xE2 0x80"), "{}", fs[1].message);
    let (_, fs) = findings_bytes(b"x \x81 y");
    assert!(fs[0].suggestion.is_none());
}

#[test]
fn never_panics_and_spans_are_on_boundaries() {
    let pieces = [
        "Ã", "Â", "â", "€", "™", "\u{9D}", "\u{FFFD}", "é", " ", "a", "ð", "Ÿ", "˜", "ï", "»", "¿", "\u{80}", "Ð", "Ñ",
        "”",
    ];
    let mut seed = 12345u64;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(seed % 13) {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        findings(&s);
        for (i, _) in s.char_indices() {
            mojibake::covers(&s, i);
        }
    }
    assert!(findings("").is_empty());
    assert!(findings("Ã").is_empty());
    // A huge "word" of mojibake: findings stay short and never overlap.
    let good = "中文".repeat(2000) + &"é".repeat(3000) + &"x’y".repeat(1000);
    let bad = as_cp1252(&good);
    let fs = findings(&bad);
    assert!(fs.len() > 10 && fs.iter().all(|f| f.span.len() < 400));
    assert_eq!(repair(&bad, &fs), good);
    let mut bytes = b"caf\xe9".repeat(5000);
    bytes.extend(b" \xff".repeat(5000));
    let (text, fs) = findings_bytes(&bytes);
    assert!(fs.iter().all(|f| f.span.len() < 400 && f.message.len() < 1000));
    assert_eq!(fs.iter().map(|f| text[f.span.clone()].matches('\u{FFFD}').count()).sum::<usize>(), 10000);
}

/// The text of the seed whose file name starts with `prefix`, or `None` (with a
/// notice) when ../shared is absent.
fn seed(prefix: &str) -> Option<String> {
    let path = std::fs::read_dir("../shared/seeds").ok().and_then(|d| {
        d.filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
    });
    if path.is_none() {
        println!("../shared/seeds/{prefix}*.txt not found: skipping");
    }
    std::fs::read_to_string(path?).ok()
}

#[test]
fn seed_article_is_clean() {
    let Some(text) = seed("000_") else { return };
    let (_, fs) = findings_bytes(text.as_bytes());
    assert!(fs.iter().all(|f| f.severity == Severity::Info), "{fs:?}");
}

#[test]
fn seed_articles_mangled_once_and_twice_are_restored() {
    for prefix in ["000_", "001_", "003_"] {
        let Some(text) = seed(prefix) else { return };
        for bad in [as_cp1252(&text), as_cp1252(&as_cp1252(&text)), as_latin1(&text)] {
            let fs = findings(&bad);
            assert!(!fs.is_empty());
            assert!(repair(&bad, &fs) == text, "{prefix}: not restored");
        }
    }
}

#[test]
fn surrogates_are_named_and_pairs_repaired() {
    // An unpaired half, as the reader passes it on from a UTF-16 file.
    let units = [0x68u16, 0x69, 0x20, 0xD83D, 0x21, 0x20, 0x6F, 0x6B];
    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    let mut chunks = Vec::new();
    crate::read::for_each_chunk(Vec::new(), bytes.as_slice(), crate::read::Encoding::Utf16Le, |c| chunks.push(c))
        .unwrap();
    let c = &chunks[0];
    let doc = Document::new(&c.text, Model::empty(), &c.invalid, Origin::default());
    let mut out = Vec::new();
    Encoding.analyze(&doc, &Context { model: Model::empty() }, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].rule.code, "ENC002");
    assert_eq!(&c.text[out[0].span.clone()], "\u{FFFD}");
    assert!(out[0].message.contains("unpaired surrogate U+D83D"), "{}", out[0].message);
    assert_eq!(out[0].suggestion, None);
    // A pair written as two UTF-8-encoded halves (CESU-8) in a UTF-8 file.
    let (text, fs) = findings_bytes(b"smile \xED\xA0\xBD\xED\xB8\x80 now");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.contains("U+D83D U+DE00"), "{}", fs[0].message);
    assert_eq!(repair(&text, &fs), "smile 😀 now");
    // Not surrogates: three bytes of another kind keep the generic message.
    let (_, fs) = findings_bytes(b"x \xED\x9F y");
    assert!(!fs[0].message.contains("surrogate"), "{}", fs[0].message);
}
