use super::*;
use crate::document::InvalidBytes;
use crate::model::Model;

fn findings_with(text: &str, invalid: &[InvalidBytes], origin: Origin) -> Vec<Finding> {
    let doc = Document::new(text, Model::empty(), invalid, origin);
    let mut out = Vec::new();
    Unicode.analyze(&doc, &Context { model: Model::empty() }, &mut out);
    for f in &out {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{f:?}");
    }
    out
}

fn findings(text: &str) -> Vec<Finding> {
    findings_with(text, &[], Origin::default())
}

/// Findings that cost points.
fn costly(text: &str) -> Vec<Finding> {
    findings(text).into_iter().filter(|f| f.severity != Severity::Info).collect()
}

fn one(text: &str) -> Finding {
    let fs = findings(text);
    assert_eq!(fs.len(), 1, "{text:?}: {fs:?}");
    fs.into_iter().next().unwrap()
}

#[test]
fn decomposed_accents_are_not_nfc() {
    let text = "The cafe\u{301} on the corner serves cre\u{300}me bru\u{302}le\u{301}e.";
    let fs = findings(text);
    assert_eq!(fs.len(), 3, "{fs:?}");
    assert_eq!(fs[0].rule.code, "UNI001");
    assert_eq!(&text[fs[0].span.clone()], "cafe\u{301}");
    assert_eq!(fs[0].suggestion.as_deref(), Some("café"));
    assert!(fs[0].message.contains("U+0301"), "{}", fs[0].message);
    assert_eq!(fs[1].suggestion.as_deref(), Some("crème"));
    assert_eq!(fs[2].suggestion.as_deref(), Some("brûlée"));
    // Marks out of canonical order, though each is fine alone.
    let f = one("an x\u{316}\u{335} mark");
    assert_eq!(f.suggestion.as_deref(), Some("x\u{335}\u{316}"));
    // A singleton (the Ohm sign) is info.
    let f = one("a 10 k\u{2126} resistor");
    assert_eq!((f.severity, f.suggestion.as_deref()), (Severity::Info, Some("kΩ")));
}

#[test]
fn composed_text_and_unavoidable_marks_are_fine() {
    assert!(findings("Café, crème brûlée, São Tomé, Ångström, Đặng Thị, x\u{335}y").is_empty());
}

#[test]
fn invisible_characters_inside_words() {
    let f = one("Reset your pass\u{200B}word today.");
    assert_eq!(f.rule.code, "UNI002");
    assert_eq!(f.suggestion.as_deref(), Some("password"));
    assert!(f.message.contains("zero width space"), "{}", f.message);
    let f = one("an en\u{AD}cyclo\u{AD}pedia entry");
    assert_eq!(f.suggestion.as_deref(), Some("encyclopedia"));
    let f = one("mid\u{FEFF}word and more");
    assert_eq!(f.suggestion.as_deref(), Some("midword"));
    let f = one("a\u{200D}b joined");
    assert_eq!(f.severity, Severity::Warning);
    // Between words, the run itself is removed.
    let f = one("one \u{200B}\u{200B} two");
    assert_eq!((f.span.len(), f.suggestion.as_deref()), (6, Some("")));
}

#[test]
fn legitimate_joiners_and_marks_stay_silent() {
    for text in [
        "family: 👨\u{200D}👩\u{200D}👧 and 🏳\u{FE0F}\u{200D}🌈 and 🧑🏽\u{200D}💻",
        "Persian: می\u{200C}خواهم and نمی\u{200C}دانم",
        "Hindi: क्\u{200D}ष and Malayalam: ന്\u{200D}",
        "Thai: สวัสดี\u{200B}ครับ and 日本語\u{200B}テキスト",
        "Hebrew: \u{200F}שלום\u{200E} abc",
    ] {
        let fs = costly(text);
        assert!(fs.is_empty(), "{text}: {fs:?}");
    }
}

#[test]
fn bom_at_start_is_info_elsewhere_a_warning() {
    let fs = findings("\u{FEFF}Title");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].severity, Severity::Info);
    // A chunk that starts later in the file is not the start of the file.
    let fs = findings_with("\u{FEFF}Title", &[], Origin { line: 3, column: 0 });
    assert_eq!(fs[0].severity, Severity::Warning);
    let f = one("first file\n\u{FEFF}second file");
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn bidi_controls_outside_rtl_text() {
    let f = one("call \u{202E}gnp.exe now");
    assert!(f.message.contains("right-to-left override"), "{}", f.message);
}

#[test]
fn control_characters() {
    let f = one("bell\x07 here");
    assert_eq!((f.rule.code, f.severity), ("UNI003", Severity::Error));
    assert!(f.message.contains("U+0007"));
    let f = one("it doesn\u{92}t matter");
    assert_eq!(f.suggestion.as_deref(), Some("’"));
    assert!(f.message.contains("Latin-1"));
    let f = one("wait\u{85} what");
    assert_eq!(f.suggestion.as_deref(), Some("…"));
    let f = one("it doesn\x12t matter");
    assert_eq!(f.suggestion.as_deref(), Some("’"));
    let fs = findings("red \x1b[31mtext\x1b[0m");
    assert_eq!(fs.len(), 2);
    assert!(fs[0].message.contains("escape sequence \"ESC[31m\""), "{}", fs[0].message);
    assert_eq!(fs[0].span, 4..9);
    let f = one("page one\x0cpage two");
    assert_eq!(f.severity, Severity::Info);
    let f = one("nul\0\0\0s");
    assert_eq!(f.span, 3..6);
    assert!(costly("tabs\tand\r\nnewlines\n").is_empty());
}

#[test]
fn c1_inside_mojibake_is_left_to_the_encoding_analyzer() {
    // "’" as UTF-8 read as Latin-1.
    assert!(costly("it\u{E2}\u{80}\u{99}s").is_empty());
    // "í" read as Windows-1252 ends in a soft hyphen.
    assert!(costly("Rodr\u{C3}\u{AD}guez").is_empty());
}

#[test]
fn replacement_characters_not_from_this_file() {
    let f = one("we can\u{FFFD}t stay");
    assert_eq!((f.rule.code, f.suggestion.as_deref()), ("UNI004", Some("can’t")));
    let f = one("the nation\u{FFFD}\u{FFFD}s goals");
    assert_eq!(f.suggestion.as_deref(), Some("nation’s"));
    let fs = findings("the F\u{FFFD}d\u{FFFD}rale school");
    assert!(fs.len() == 2 && fs.iter().all(|f| f.suggestion.is_none() && f.span.len() == 3));
    let f = one("heated to 460\u{FFFD}C before");
    assert!(f.suggestion.is_none() && f.message.contains("lost"));
    // Invalid bytes of this file are the encoding analyzer's.
    let text = "caf\u{FFFD} ok";
    let inv = [InvalidBytes { span: 3..6, bytes: vec![0xE9] }];
    assert!(findings_with(text, &inv, Origin::default()).is_empty());
    // So is the "â€�" of a lost closing quote.
    assert!(costly("say â€œhiâ€\u{FFFD} now").is_empty());
}

#[test]
fn homoglyphs_in_latin_words() {
    let f = one("log in to your p\u{430}ypal account");
    assert_eq!((f.rule.code, f.suggestion.as_deref()), ("UNI005", Some("paypal")));
    assert!(f.message.contains("Cyrillic"), "{}", f.message);
    let f = one("the \u{39F}xford dictionary");
    assert_eq!(f.suggestion.as_deref(), Some("Oxford"));
    // A Russian word with one Latin letter is respelled in Cyrillic.
    let f = one("город Москв\u{61} стоит");
    assert_eq!(f.suggestion.as_deref(), Some("Москва"));
    // Glued words, not look-alikes: info only.
    assert_eq!(one("the MüllerМОСКВА case").severity, Severity::Info);
    // A Cyrillic letter without a Latin twin: info only.
    let f = one("the wor\u{434}s");
    assert_eq!(f.severity, Severity::Info);
}

#[test]
fn genuine_greek_cyrillic_and_symbols_stay_silent() {
    for text in [
        "Η γλώσσα είναι όμορφη και το κείμενο σωστό.",
        "Москва — столица России, а Киев — Украины.",
        "TNFα and IL-1β levels, NF-κB, Aβ42, 5 μm, ΔG and Ω-rated.",
        "The α-helix and β-sheet; ψ is a wave function.",
        "Tchaikovsky (Чайковский) and Aristotle (Ἀριστοτέλης).",
    ] {
        let fs = findings(text);
        assert!(fs.is_empty(), "{text}: {fs:?}");
    }
}

#[test]
fn private_use_and_unusual_space() {
    let f = one("\u{F099} Share this");
    assert_eq!((f.rule.code, f.severity), ("UNI007", Severity::Warning));
    let f = one("line\u{2028}next");
    assert_eq!((f.rule.code, f.severity), ("UNI006", Severity::Info));
    assert!(findings("日本\u{3000}語").is_empty());
    assert_eq!(one("wide\u{3000}gap").rule.code, "UNI006");
    assert!(findings("a\u{A0}b\u{202F}c").is_empty());
}

#[test]
fn ascii_fast_path_and_empty() {
    assert!(findings("").is_empty());
    assert!(findings("Plain ASCII text, nothing to see.\n").is_empty());
}

#[test]
fn never_panics_and_spans_are_on_boundaries() {
    let pieces = [
        "\u{FFFD}", "\u{200B}", "\u{200D}", "\u{AD}", "\u{FEFF}", "\u{92}", "\x12", "\x1b[", "\x1b[1", "a", " ", "é",
        "e\u{301}", "а", "Ο", "👨", "\u{F099}", "\u{2028}", "Ã", "â€", "\n", "s", "\u{202E}", "ש",
    ];
    let mut seed = 99u64;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(seed % 11) {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        findings(&s);
    }
}

#[test]
fn huge_words_stay_linear_and_findings_short() {
    for piece in ["ab\u{FFFD}", "ab\u{200B}", "a\u{301}b", "p\u{430}y", "x\u{92}"] {
        let text = piece.repeat(100_000);
        let fs = findings(&text);
        assert!(fs.iter().all(|f| f.span.len() < 1000), "{piece:?}");
    }
}

#[test]
fn seed_article_is_clean() {
    let Some(path) = std::fs::read_dir("../shared/seeds").ok().and_then(|d| {
        d.filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("000_")))
    }) else {
        println!("../shared/seeds/000_*.txt not found: skipping");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let fs = costly(&text);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn skip_plain_stops_exactly_where_a_byte_needs_a_look() {
    let naive = |b: &[u8], i: usize| (i..b.len()).find(|&k| b[k] >= 0x80 || super::is_c0(b[k])).unwrap_or(b.len());
    for odd in 0u8..=255 {
        for at in [0, 3, 7, 8, 12, 19] {
            let mut b = b"plain text\tand\r\nmore".to_vec();
            b[at] = odd;
            for from in [0, 1, 5] {
                assert_eq!(super::skip_plain(&b, from), naive(&b, from), "byte {odd:#x} at {at} from {from}");
            }
        }
    }
}
