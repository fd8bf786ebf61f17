//! Tests of the line classification: the phrase table, the short path against the full one, the menu,
//! credit, legal and prompt lines.

use super::*;

#[test]
fn table_is_sorted_normalized_and_unique() {
    let mut buf = String::new();
    for w in PHRASES.windows(2) {
        assert!(w[0].0 < w[1].0, "{:?} must come before {:?}", w[1].0, w[0].0);
    }
    for (p, _) in PHRASES {
        normalize(p, &mut buf);
        assert_eq!(&buf, p, "phrase not in normalized form");
    }
    for w in PROMPT_PREFIXES.windows(2) {
        assert!(w[0] < w[1]);
    }
}

#[test]
fn fast_paths_agree_with_the_slow_ones() {
    for line in [
        "one two three four five six seven",
        "one two three four five six",
        "one two three | four five six seven eight",
        "one two  three four five six seven eight",
        "one two - three four five six seven eight",
        "one two three four five six se\u{2022}ven",
        "one two three four five \u{2022} six seven",
        "“one” two three four five six seven",
        "one two three four five — six seven",
        "one two three four five\u{a0}six seven eight",
        "a\x0Cb c d e f g",
    ] {
        let (seg, _) = split_segment(line);
        assert_eq!(long_first_segment(line), seg.split_ascii_whitespace().nth(6).is_some(), "{line}");
    }
}

#[test]
fn first_pairs_only_turn_down_lines_without_a_prefix() {
    // Each prefix in any case, cut short, with a byte changed, and odd starts: the
    // pair test must answer as a comparison with every prefix does.
    for (list, pairs) in [(CREDIT_PREFIXES, &CREDIT_PAIRS), (PROMPT_PREFIXES, &PROMPT_PAIRS)] {
        let mut lines: Vec<String> = vec![String::new(), "a".into(), "\u{e9}t\u{e9}".into(), "P\u{e9}".into()];
        for p in list.iter().chain(CREDIT_PREFIXES).chain(PROMPT_PREFIXES) {
            lines.push(format!("{p} and more"));
            lines.push(p.to_uppercase());
            lines.push(p[..2].to_string());
            lines.push(p[..p.len() - 1].to_string());
            for k in 0..3 {
                for c in [b'a', b'Z', b'(', b'[', b' '] {
                    let mut v = p.as_bytes().to_vec();
                    v[k] = c;
                    lines.push(String::from_utf8(v).unwrap());
                }
            }
        }
        for l in &lines {
            let plain = list.iter().any(|p| ci_prefix(l.as_bytes(), p));
            assert_eq!(ci_starts_with_any(l.as_bytes(), list, pairs), plain, "{l:?}");
        }
    }
}

/// Asserts that the first-word test of `menu_line` only turns down lines the plain test turns down.
fn check_menu_filter(line: &str, buf: &mut String) {
    assert_eq!(menu_line(line, buf), menu_line_plain(line, buf), "{line:?}");
}

#[test]
fn menu_first_words_only_turn_down_prose() {
    let mut buf = String::new();
    let mut n = 0;
    let pieces: Vec<String> = PHRASES
        .iter()
        .map(|(p, _)| p.to_string())
        .chain(COUNTED.iter().map(|w| format!("12 {w}")))
        .chain(COUNTED.iter().map(|w| format!("{w} (12)")))
        .chain(MONTHS.iter().map(|m| format!("{m} 3, 2024")))
        .chain(
            ["updated 3 hours ago", "a minute ago", "an hour ago", "one day ago", "posted 2 days ago"]
                .map(String::from),
        )
        .collect();
    let capital = |s: &str| s[..1].to_uppercase() + &s[1..];
    let glue = |s: &str| s.split(' ').map(capital).collect::<String>();
    for (i, p) in pieces.iter().enumerate() {
        let q = &pieces[(i * 7 + 3) % pieces.len()];
        for line in [
            p.clone(),
            capital(p),
            p.to_uppercase(),
            glue(p),
            format!("{}{}", p, glue(q)),
            format!("{}{}", glue(p), capital(q)),
            format!("{p} | {q}"),
            format!("| {p} | {q}"),
            format!("* {p}"),
            format!("- - {}", capital(p)),
            format!("{p}:"),
            format!("{p}..."),
            format!("{p}/{q}"),
            format!("{p}\t{q}"),
            format!("\u{bb} {p}"),
            format!("{p}\u{2019}s {q}"),
            format!("x{p} {q}"),
            format!("\"{p}"),
            format!("\u{201c}{p} | {q}"),
            format!("'{p}"),
            format!("({p}"),
            format!(".{p}"),
            format!("{p}, {q}"),
            format!("{}. {q}", capital(p)),
            format!("{p}? {q}"),
            format!("{p}; {q}"),
            format!("{p}(12)"),
            format!("{p}[1]"),
            format!("{p}2 {q}"),
            format!("{p}\u{2014}{q}"),
            // A month ended by a comma or a full stop starts a date.
            format!("{}, 2024 | {q}", capital(MONTHS[i % MONTHS.len()])),
            format!("{}. 3 | {q}", capital(MONTHS[i % MONTHS.len()])),
        ] {
            check_menu_filter(&line, &mut buf);
            n += 1;
        }
    }
    for line in
        ["Jarred Shaw", "the Bahia cocoa zone", "Professional career", "Lorenz B\u{e4}umer", "keep readingShow less"]
    {
        check_menu_filter(line, &mut buf);
    }
    // The test is worth its cost: it turns down most lines of prose.
    let prose =
        ["Jarred Shaw", "the Bahia cocoa zone", "Professional career", "of 60 kilos", "Bean shippers", "and 2,380"];
    let passed = prose.iter().filter(|l| may_start_menu(l.as_bytes())).count();
    assert!(passed <= 2, "{passed}");
    // Quoted speech and a first word ended by punctuation are turned down too.
    for l in ["\"Yes, she said.", "\u{201c}Home is where", "Pedro, maybe", "Home? Never", "Jarred. He"] {
        assert!(!may_start_menu(l.as_bytes()), "{l:?}");
    }
    assert!(n > 5000, "{n}");
}

fn class(s: &str) -> Option<LineClass> {
    classify(s, &mut String::new())
}

#[test]
fn menus_and_prompts() {
    for s in [
        "Follow us on social",
        "keep readingShow less",
        "Share this article",
        "SUBSCRIBE TO OUR NEWSLETTER",
        "Home | World | Business | Sport",
        "12 comments",
        "Comments (12)",
        "Sept 3, 2024 | 15 Comments »",
        "Read more »",
        "No comments yet...",
        "ShareTweetEmail",
        "Skip to content",
        "3 hours ago",
        "- Advertisement -",
        "Subscribe now to get our weekly digest of columns and reporting.",
        "Follow us on Instagram and TikTok for more",
        "Please enable JavaScript to view the comments.",
    ] {
        assert_eq!(class(s), Some(LineClass::Nav), "{s:?}");
    }
    for s in ["Home", "Search", "Share"] {
        assert_eq!(class(s), Some(LineClass::WeakNav), "{s:?}");
    }
}

#[test]
fn prose_stays_silent() {
    for s in [
        "He decided to click here and there on the map before giving up.",
        "My grandfather used to subscribe to three newspapers.",
        "Reply.",
        "Read more carefully",
        "Follow us on horseback, my lord!",
        "Home at last",
        "August 22, 2025",
        "(c) Year and place of his birth.",
        "The company revised its privacy policy after the fine.",
        "A function f{t} defined on the interval.",
        "{Illustration: The old mill at dawn}",
        "The children ate the cookies and the cake.",
        "Comments on the draft were due in March",
        "reply:",
        "Reply :",
        "reply:--",
        "83,206 shares",
        "12,400 votes",
        "crash when using the plugin with java AND javascript enabled",
        "Firebird won't accept cookies",
        "Un mort et deux bless √ © s pour une moquerie",
        "(Images generously made available by the Internet Archive.)",
    ] {
        assert_eq!(class(s), None, "{s:?}");
    }
}

#[test]
fn notices_credits_code() {
    assert_eq!(class("© 2024 Example Media Group. All rights reserved."), Some(LineClass::Legal { strong: true }));
    assert_eq!(class("Copyright 2019 The Daily Example"), Some(LineClass::Legal { strong: true }));
    assert_eq!(class("Copyright, 1891, by the author."), Some(LineClass::Legal { strong: false }));
    assert_eq!(class("All rights reserved"), Some(LineClass::Legal { strong: false }));
    assert_eq!(class("We use cookies to improve your experience. Accept"), Some(LineClass::Legal { strong: true }));
    assert_eq!(class("Privacy Policy | Terms of Use"), Some(LineClass::Legal { strong: true }));
    assert_eq!(class("Photo: Jane Roe/Example Agency"), Some(LineClass::Credit));
    assert_eq!(class("Top image credit: A harbour at dusk (shutterstock)"), Some(LineClass::Credit));
    assert_eq!(class("The harbour at dusk. (Getty Images)"), Some(LineClass::Credit));
    assert_eq!(class("picture: the old man turned away"), None);
    assert_eq!(class("\"geometry\": {"), Some(LineClass::Code));
    assert_eq!(class("Born in [[Paris|the capital}} in 1901."), Some(LineClass::Code));
    assert_eq!(class("{{Infobox river}}"), Some(LineClass::Code));
    assert_eq!(class("and then a wild form to vary{49}; possibly this"), None);
    assert_eq!(class("the daughter of Nereus. [[50]Next come the [_Enter a Messenger_.[29]]"), None);
}

#[test]
fn trigger_scan_agrees_with_substring_search() {
    let lines = [
        "",
        "a",
        "af",
        "afp",
        "xafpx",
        "ap phot",
        "ap photo",
        "cookies",
        "getty images",
        "istoc",
        "istock",
        "javascrip",
        "enable javascript",
        "photo c",
        "photo",
        "all rights",
        "righ",
        "shutterstoc",
        "shutterstock",
        "the shutter stock",
        "sss shutterstock",
        "aap photo",
        "ccookie",
        "x\u{e9}getty",
        "rrights",
    ];
    for l in lines {
        assert_eq!(has_trigger(l.as_bytes()), TRIGGERS.iter().any(|t| l.contains(t)), "{l:?}");
    }
    // The anchors: every trigger, each at its first g, k or p.
    let got: Vec<&str> = ANCHORED.iter().map(|a| a.0).collect();
    assert_eq!(got, TRIGGERS);
    for &(t, a, o) in &ANCHORED {
        assert_eq!(t.bytes().position(|c| matches!(c, b'g' | b'k' | b'p')), Some(o), "{t}");
        assert_eq!(t.as_bytes()[o], a, "{t}");
    }
}

/// [`long_first_segment`] written out byte by byte.
fn lfs_reference(line: &str) -> bool {
    let b = line.as_bytes();
    let mut words = 0;
    let mut space = true;
    for (k, &c) in b.iter().enumerate() {
        if c == b'|' || c == b'/' || c == b'\t' {
            return false;
        }
        if c >= 0xC0 && is_separator(line[k..].chars().next().unwrap_or(' ')) {
            return false;
        }
        if c == b' ' && matches!(b.get(k + 1), Some(b' ' | b'-')) {
            return false;
        }
        if c == b' ' && line[k + 1..].starts_with(['–', '—']) {
            return false;
        }
        let ws = c.is_ascii_whitespace();
        if !ws && space {
            words += 1;
            if words == 7 {
                return true;
            }
        }
        space = ws;
    }
    false
}

#[test]
fn long_first_segment_counts_seven_words() {
    let lines = [
        "",
        "one two three four five six seven",
        "one two three four five six",
        "a b c d e f g",
        "a b c | d e f g h",
        "a b c d e f g | h",
        "a b  c d e f g",
        "a b - c d e f g",
        "a b c d e f g -",
        "a b — c d e f g",
        "a b c d e f —g",
        "a b c d e f\tg",
        "a b c d e\u{b}f g h",
        "a b\rc d\x0ce f g",
        "a b c • d e f g",
        "é è à ù ô î ç",
        "a/b c d e f g h",
        "x\u{2192}y a b c d e f g",
        "  lead a b c d e f g",
    ];
    for l in lines {
        assert_eq!(long_first_segment(l), lfs_reference(l), "{l:?}");
    }
}

#[test]
fn lower_into_agrees_with_char_lowercase() {
    let mut got = String::new();
    for line in [
        "",
        "ABC def",
        "Don’t ‘Quote’ ÉCOLE İstanbul ΣΑΣ",
        "x\u{212A}y",
        "ß ẞ Ǆ",
        "plain ascii only",
        "A Long ASCII Run Before é And After It Too ‘Q’",
    ] {
        lower_into(line, &mut got);
        let want: String = line
            .chars()
            .flat_map(|c| match c {
                '\u{2019}' | '\u{2018}' => vec!['\''],
                c => c.to_lowercase().collect(),
            })
            .collect();
        assert_eq!(got, want, "{line:?}");
    }
}

/// The short path of [`classify_with`] must answer as [`classify_full`] does,
/// and [`notice_marks`] must mark every line whose lower-cased text holds a trigger.
fn check_fast_path(line: &str, a: &mut String, b: &mut String) {
    let rare = Rare::of(line);
    assert_eq!(classify_with(line, rare, a), classify_full(line, rare, b), "{line:?}");
    lower_into(line, a);
    if has_trigger(a.as_bytes()) {
        assert!(rare.notice, "{line:?}");
    }
}

#[test]
fn fast_path_agrees_with_full_classification() {
    let (mut a, mut b) = (String::new(), String::new());
    let mut seeds: Vec<String> = Vec::new();
    for list in
        [PROMPT_PREFIXES, SOCIAL, CREDIT_PREFIXES, CREDIT_MARKS, COOKIE_MARKS, JAVASCRIPT_MARKS, CODE_MARKS, TRIGGERS]
    {
        seeds.extend(list.iter().map(|p| p.to_string()));
    }
    seeds.extend(PHRASES.iter().map(|p| p.0.to_string()));
    seeds.extend(SOCIAL.iter().map(|p| format!("follow us on {p}")));
    seeds.extend(
        [
            "copyright 2021 the example trust",
            "(c) 1999 example press",
            "(c)2004",
            "the harbour master kept the lamps lit through the winter",
            "prices rose again in march, the bureau said on tuesday",
            "12 comments",
            "3 hours ago",
            "august 22, 2025",
            "keep readingshow less",
            "all rights reserved",
            "reply:",
            "a",
            "",
        ]
        .map(String::from),
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap_or_default();
    seeds.extend(readme.lines().take(3000).map(String::from));
    let kelvin = |s: &str| s.replace('k', "\u{212A}");
    let dotted = |s: &str| s.replace('i', "\u{130}");
    let capital = |s: &str| {
        let mut c = s.chars();
        c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    };
    let mut n = 0;
    for s in &seeds {
        for v in [
            s.clone(),
            capital(s),
            s.to_uppercase(),
            format!("{} | Home", capital(s)),
            format!("{}.", capital(s)),
            format!("{} 2019", capital(s)),
            format!("\u{a9} {s}"),
            format!("\u{a3}5 {s}"),
            format!("{} [12]", capital(s)),
            format!("({s})"),
            format!("{} \u{2014} more", capital(s)),
            format!("\u{201c}{}\u{201d}", capital(s)),
            kelvin(&s.to_uppercase()),
            dotted(&s.to_uppercase()),
            capital(&s.replace(' ', "\u{a0}")),
        ] {
            let line = v.trim();
            check_fast_path(line, &mut a, &mut b);
            n += 1;
        }
    }
    assert!(n > 5000, "{n}");
}

mod prop {
    use super::super::*;
    use super::{check_fast_path, lfs_reference};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn fast_path_agrees_on_random_lines(
            t in "([a-zA-Z0-9 .,:;!?'\"()\\[\\]{}|/\u{2022}\u{bb}\t-]|Share|GETTY|Photo: |Follow us on |Copyright|\\(c\\)|\u{a9}|\u{a3}|\u{212A}|\u{130}|\u{2019}|\u{2014}|\u{e9}|rights|cookie|afp|istock|ap photo|home|comments|ago){0,24}"
        ) {
            let (mut a, mut b) = (String::new(), String::new());
            check_fast_path(t.trim(), &mut a, &mut b);
        }

        #[test]
        fn menu_first_words_agree_on_random_lines(
            t in "([a-zA-Z0-9 .,:;!?'()|/\u{2022}\u{bb}\t*#+<>\"\u{201c}\u{2018}\\[\\]_=-]|May|Share|Home|Read more|Comments|Sept|Updated|ago|keep reading|Show less|\u{2019}|\u{e9}|\u{a0}){0,16}"
        ) {
            let mut buf = String::new();
            let line = t.trim();
            prop_assert_eq!(menu_line(line, &mut buf), menu_line_plain(line, &mut buf));
        }

        #[test]
        fn notice_marks_in_ranges_are_those_of_the_whole_text(
            t in "([a-zA-Z \u{212A}\u{130}]|getty|RIGHTS|Cookie|AFP|photo C){0,200}",
            cuts in proptest::collection::vec(0usize..1200, 0..12)
        ) {
            let b = t.as_bytes();
            let mut all = Vec::new();
            notice_marks(b, |q| all.push(q));
            let mut cuts = cuts;
            cuts.sort_unstable();
            let ranges: Vec<_> = cuts.chunks(2).filter(|c| c.len() == 2).map(|c| c[0].min(b.len())..c[1].min(b.len())).collect();
            let mut got = Vec::new();
            notice_marks_in(b, ranges.iter().cloned(), |q| got.push(q));
            prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(got.iter().all(|q| all.contains(q)));
            for r in &ranges {
                let want: Vec<_> = all.iter().filter(|q| r.contains(q)).collect();
                let have: Vec<_> = got.iter().filter(|q| r.contains(q)).collect();
                prop_assert_eq!(want, have);
            }
        }

        #[test]
        fn notice_marks_are_found_in_any_text(t in "([a-zA-Z \u{a0}\u{2019}\u{212A}\u{130}\u{c4}\u{e2}]|getty|RIGHTS|Cookie|ShutterStock|AFP|Ap Photo|javaScript|photo C){0,120}") {
            // The 64-byte blocks and the tail must find the same as a scan of each position.
            let b = t.as_bytes();
            let mut got = Vec::new();
            notice_marks(b, |q| got.push(q));
            let want: Vec<usize> = (0..b.len()).filter(|&q| mark_at(b, q)).collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn long_first_segment_agrees_with_reference(
            t in "([a-z]|  | |-|\\||/|\t|\u{b}|\u{c}|\r|\u{2013}|\u{2014}|\u{2022}|\u{e9}|\u{2019}|\u{2192}){0,60}"
        ) {
            prop_assert_eq!(long_first_segment(&t), lfs_reference(&t));
        }

        #[test]
        fn ascii_normalize_agrees_with_the_char_one(t in "[ -~\t\n\u{b}\u{c}\r]{0,40}|(\\.\\.\\.| |:|-|Read more|\u{b}){0,8}") {
            let (mut a, mut b) = (String::new(), String::new());
            normalize_ascii(&t, &mut a);
            normalize_chars(&t, &mut b);
            prop_assert_eq!(a, b);
        }
    }
}

/// [`wiki_markup`] as it was: a substring search for each pair.
fn wiki_markup_plain(line: &[u8]) -> bool {
    let last_pipe = memchr::memrchr(b'|', line);
    for (open, close) in [(b"[[", b"]]"), (b"{{", b"}}")] {
        let Some(last) = memchr::memmem::rfind(line, close).max(last_pipe) else { continue };
        for k in memchr::memmem::find_iter(line, open) {
            if k + 2 > last {
                break;
            }
            if line.get(k + 2).is_some_and(u8::is_ascii_alphabetic) {
                return true;
            }
        }
    }
    false
}

#[test]
fn wiki_markup_as_before() {
    // Lines of brackets, braces, pipes, letters and others: runs of three brackets,
    // pairs past the last closing one, footnote marks.
    const ALPHABET: &[u8] = b"[[[]]]{{}}|aZ1 .";
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut found = 0;
    for round in 0..60_000 {
        let len = round % 24;
        let line: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ALPHABET[(x % ALPHABET.len() as u64) as usize]
            })
            .collect();
        let want = wiki_markup_plain(&line);
        found += want as usize;
        assert_eq!(wiki_markup(&line), want, "{:?}", String::from_utf8_lossy(&line));
    }
    for line in ["[[[a]]", "[[a", "[[Target|text]]", "{{cite web}}", "[[50]", "[14]]", "x]] [[a", "{{a}} [[b"] {
        assert_eq!(wiki_markup(line.as_bytes()), wiki_markup_plain(line.as_bytes()), "{line:?}");
    }
    assert!(found > 1_000, "{found}");
}

/// A trigger whose anchor `k` is followed by `i` is still found when the trigger is not
/// "cookie" (found by the proptest above: "istocki" was missed).
#[test]
fn stock_triggers_followed_by_i_are_marked() {
    let (mut a, mut b) = (String::new(), String::new());
    for line in ["istocki", "IStockimages", "xistocki", "Photo: Shutterstockimages", "cookies", "stockist"] {
        check_fast_path(line, &mut a, &mut b);
    }
    assert!(Rare::of("via iStockimages").notice);
    assert!(!Rare::of("the stockist sold kites").notice);
}
