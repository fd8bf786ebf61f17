use super::*;
use crate::model::Model;

fn run(text: &str) -> Vec<Finding> {
    let doc = Document::plain(text);
    let ctx = Context { model: Model::empty() };
    let mut out = Vec::new();
    Boilerplate.analyze(&doc, &ctx, &mut out);
    for f in &out {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end) && f.span.end <= text.len());
    }
    out
}

fn flagged<'a>(text: &'a str, out: &[Finding]) -> Vec<(&'static str, &'a str)> {
    out.iter().map(|f| (f.rule.code, &text[f.span.clone()])).collect()
}

fn serious(out: &[Finding]) -> Vec<&Finding> {
    out.iter().filter(|f| f.severity != Severity::Info).collect()
}

const CLEAN: &str = include_str!("../../../tests/fixtures/boilerplate/clean_article.txt");
const SCRAPED: &str = include_str!("../../../tests/fixtures/boilerplate/scraped_article.txt");
const HTML: &str = include_str!("../../../tests/fixtures/boilerplate/html_article.txt");
const NEAR: &str = include_str!("../../../tests/fixtures/boilerplate/near_misses.txt");
const POEM: &str = include_str!("../../../tests/fixtures/boilerplate/poem.txt");
const LIST: &str = include_str!("../../../tests/fixtures/boilerplate/list_and_dialogue.txt");
const WRAPPED: &str = include_str!("../../../tests/fixtures/boilerplate/wrapped.txt");
const MENU: &str = include_str!("../../../tests/fixtures/boilerplate/menu_page.txt");

#[test]
fn clean_texts_are_silent() {
    for (name, t) in [("clean", CLEAN), ("near", NEAR), ("list", LIST), ("wrapped", WRAPPED)] {
        let out = run(t);
        assert!(out.is_empty(), "{name}: {:?}", flagged(t, &out));
    }
    // Unpunctuated verse is what FineWeb drops, but without page furniture it is only info.
    let out = run(POEM);
    assert!(serious(&out).is_empty(), "{:?}", flagged(POEM, &out));
    assert!(!out.iter().any(|f| f.rule.code == "BLP008"), "verse lines start lower case: not stubs");
}

#[test]
fn scraped_furniture_is_flagged_line_by_line() {
    let out = run(SCRAPED);
    let got = flagged(SCRAPED, &out);
    let expect = [
        ("BLP001", "Skip to content"),
        ("BLP001", "Home | News | Business | Sport | Weather"),
        ("BLP001", "Follow us on social"),
        ("BLP003", "Photo: Anna Kerr/Example Agency"),
        ("BLP001", "Advertisement"),
        ("BLP001", "keep readingShow less"),
        ("BLP001", "Share this article"),
        ("BLP001", "Facebook | Twitter | Email"),
        ("BLP001", "Related Articles"),
        ("BLP001", "March 4, 2025 | 12 Comments »"),
        ("BLP001", "Leave a Reply"),
        ("BLP001", "Subscribe to our newsletter"),
        ("BLP002", "© 2025 Lowmere Gazette. All rights reserved."),
        ("BLP002", "Privacy Policy | Terms of Use"),
        ("BLP002", "We use cookies to improve your experience on our site."),
        ("BLP001", "Back to top"),
    ];
    assert_eq!(got, expect);
    assert!(out.iter().all(|f| f.severity == Severity::Warning && f.suggestion.as_deref() == Some("")));
    // The lone "Search" is ambiguous and stays silent; the article's own lines too.
    assert!(!got.iter().any(|(_, s)| *s == "Search"));
}

#[test]
fn html_remnants_get_decoded_suggestions() {
    let out = run(HTML);
    let got: Vec<(&str, &str, Option<&str>)> =
        out.iter().map(|f| (f.rule.code, &HTML[f.span.clone()], f.suggestion.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("BLP004", "<div class=\"article-body\">", Some("")),
            ("BLP004", "<p>", Some("")),
            ("BLP004", "</p>", Some("")),
            ("BLP005", "&nbsp;", Some(" ")),
            ("BLP004", "<br/>", Some("")),
            ("BLP005", "&amp;", Some("&")),
            ("BLP005", "&eacute;", Some("é")),
            ("BLP005", "&#8217;", Some("’")),
            ("BLP004", "<a href=\"https://example.org/timetable\">", Some("")),
            ("BLP004", "</a>", Some("")),
            ("BLP004", "<!-- advert slot 3 -->", Some("")),
        ]
    );
}

#[test]
fn block_tag_between_words_suggests_a_space() {
    let t = "the bridge<br>will reopen";
    let out = run(t);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].suggestion.as_deref(), Some(" "));
}

#[test]
fn menu_page_fails_the_short_line_statistic() {
    let out = run(MENU);
    let stat: Vec<&Finding> = out.iter().filter(|f| f.rule.code == "BLP008").collect();
    assert_eq!(stat.len(), 1, "{:?}", flagged(MENU, &out));
    // Corroborated by "Sign in" and "Subscribe": a warning, weighted.
    assert_eq!(stat[0].severity, Severity::Warning);
    assert!(stat[0].weight > 1.0);
    assert!(stat[0].message.contains("of 18 lines"), "{}", stat[0].message);
    // The unpunctuated statistic fires too.
    assert!(out.iter().any(|f| f.rule.code == "BLP009"));
}

#[test]
fn uncorroborated_statistics_are_info() {
    // A list of place names: short and unpunctuated, but no page furniture.
    let t = "Ashby\nBarlow\nCrewe\nDunmore\nEllesmere\nFenwick\nGarston\nHolloway\nIlkley\nJarrow\n";
    let out = run(t);
    assert!(!out.is_empty());
    assert!(serious(&out).is_empty(), "{:?}", flagged(t, &out));
}

#[test]
fn repeated_listing_labels() {
    let mut t = String::from("Latest from the islands\n\n");
    for (i, head) in [
        "Ferry timetable changes for winter",
        "Harbour wall repairs to start in May",
        "New bakery opens on the quay",
        "School trip to the mainland postponed",
        "Storm warning for the weekend",
    ]
    .iter()
    .enumerate()
    {
        t.push_str(&format!("{head}\nLowmere Gazette\n{} hours ago\nThe full story is on page {}.\n\n", i + 1, i + 2));
    }
    let out = run(&t);
    let rep: Vec<&Finding> = out.iter().filter(|f| f.rule.code == "BLP010").collect();
    assert_eq!(rep.len(), 1, "{:?}", flagged(&t, &out));
    assert!(rep[0].message.contains("\"Lowmere Gazette\" occurs 5 times"), "{}", rep[0].message);
    // Corroborated by the "N hours ago" widgets.
    assert_eq!(rep[0].severity, Severity::Warning);
    assert_eq!(&t[rep[0].span.clone()], "Lowmere Gazette");
}

#[test]
fn lorem_ipsum_is_an_error() {
    let t = "Title\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\nNot a forlorem ipsumx.";
    let out = run(t);
    assert_eq!(flagged(t, &out), vec![("BLP007", "Lorem ipsum")]);
    assert_eq!(out[0].severity, Severity::Error);
}

#[test]
fn code_lines() {
    let t = "The match ended in a draw.\nwindow.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}\n";
    let out = run(t);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].rule.code, "BLP006");
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "",
        "\n\n\n",
        "<",
        "&",
        "&#",
        "&#x;",
        "&#99999999999;",
        "</",
        "<!--",
        "<a href=",
        "©",
        "ÿ<p>é&eacute",
        "\u{FEFF}Share this article\r\n",
        "Ä|Ö|Ü",
        "    \t  ",
        "a\u{0301}\u{0301}|\u{200B}",
    ] {
        run(t);
    }
    let long = "x".repeat(100_000) + "<p>" + &"word ".repeat(20_000);
    assert_eq!(run(&long).len(), 1);
}

/// Seed 003 is a scraped article with "Follow us on social" and "keep readingShow less".
#[test]
fn seed_003_boilerplate_lines_are_flagged() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Some(path) = std::fs::read_dir(&dir).ok().and_then(|d| {
        d.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("003_") && n.ends_with(".txt"))
        })
    }) else {
        eprintln!("notice: ../shared/seeds/003_*.txt not found, skipping");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let out = run(&text);
    let nav: Vec<&str> = out.iter().filter(|f| f.rule.code == "BLP001").map(|f| &text[f.span.clone()]).collect();
    assert!(nav.contains(&"Follow us on social"), "{nav:?}");
    assert!(nav.iter().filter(|s| **s == "keep readingShow less").count() >= 3, "{nav:?}");
    assert!(out.iter().any(|f| f.rule.code == "BLP003"), "image credits");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn spans_are_valid_and_output_deterministic(
            t in "([a-zA-Z0-9 <>&;#{}\\[\\]|/:.,!?\"'\n©éŒ’\u{200B}\t-]|Share|comments|&amp;|<p>|</div>|Lorem ipsum){0,80}"
        ) {
            let a = run(&t);
            prop_assert_eq!(&a, &run(&t));
        }

        #[test]
        fn rare_bytes_found_in_one_scan_agree_with_each_line(
            t in "([a-z ©\\[\\]{}|\n\r]|Share|GETTY|Cookie|\u{212A}|\u{130}|\\[\\[Paris|the\\]\\]|\\{\\{cite x\\}\\}|© 2024 Example|var x = \\{|All rights reserved 1999){0,40}"
        ) {
            let doc = Document::plain(&t);
            let mut braces = Ahead::new(memchr::memchr2_iter(b'{', b'}', t.as_bytes()));
            let mut brackets = Ahead::new(memchr::memchr_iter(b'[', t.as_bytes()));
            let mut copyright = Ahead::new(memchr::memmem::find_iter(t.as_bytes(), "©".as_bytes()));
            let mut notice = Ahead::new(notice_positions(&doc).into_iter());
            let (mut a, mut b) = (String::new(), String::new());
            for r in doc.lines() {
                let raw = &t[r.clone()];
                let line = raw.trim();
                let start = r.start + (raw.len() - raw.trim_start().len());
                let span = start..start + line.len();
                let rare = phrases::Rare {
                    brace: braces.any_in(&span),
                    bracket: brackets.any_in(&span),
                    copyright: copyright.any_in(&span),
                    notice: notice.any_in(&span),
                };
                let whole = phrases::Rare::of(line);
                if line.len() <= phrases::MAX_NOTICE_LINE {
                    prop_assert_eq!(rare, whole);
                } else {
                    // Notice marks are not looked for in long lines: they change nothing there.
                    prop_assert_eq!(phrases::Rare { notice: whole.notice, ..rare }, whole);
                    prop_assert_eq!(phrases::classify_with(line, rare, &mut a), phrases::classify_with(line, whole, &mut b));
                }
                prop_assert_eq!(phrases::classify_with(line, rare, &mut a), phrases::classify_full(line, rare, &mut b));
            }
        }

        #[test]
        fn long_lines_classify_alike_without_notice_marks(
            t in "([a-z ©\\[\\]{}]|Getty|Cookie|\u{212A}|\\[\\[Paris|the\\]\\]|var x = \\{|All rights reserved 1999|Photo: |Subscribe to our){40,120}"
        ) {
            let (mut a, mut b) = (String::new(), String::new());
            let line = t.trim();
            let rare = phrases::Rare::of(line);
            let quiet = phrases::Rare { notice: false, ..rare };
            if line.len() > phrases::MAX_NOTICE_LINE {
                prop_assert_eq!(phrases::classify_with(line, rare, &mut a), phrases::classify_with(line, quiet, &mut b));
            }
        }

        #[test]
        fn any_unicode(t in "\\PC{0,200}") {
            run(&t);
        }
    }
}
