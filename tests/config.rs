//! End-to-end tests of configuration files, suppression comments and baselines.
//!
//! Every text here is our own. A "defect" is a mojibake "cafÃ©" (`encoding/mojibake`,
//! an error): one in a short text leaves a score of 61, two leave 37 (below the default
//! gate of 50).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{run, tmp, Out};

const MOJI: &str = "caf\u{c3}\u{a9}";

/// A short paragraph of our own with `defects` mojibake words, each in its own sentence.
fn text(defects: usize) -> String {
    let sentences = [
        "The {} by the river opened before the ferry arrived.",
        "Our neighbours said the {} kept its old wooden chairs.",
        "A small {} near the library sold bread until noon.",
    ];
    let mut t = String::from("We walked along the quay on a grey morning in spring.\n");
    for s in sentences.iter().cycle().take(defects) {
        t.push_str(&s.replace("{}", MOJI));
        t.push('\n');
    }
    t.push_str("Then the rain stopped and everyone went home.\n");
    t
}

/// `garbled check --format json --no-duplicates ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> (Out, Value) {
    let mut all = vec!["check", "--format", "json", "--no-duplicates"];
    all.extend_from_slice(args);
    let o = run(dir, &all, None);
    let v = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", o.stdout, o.stderr));
    (o, v)
}

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, bytes).unwrap();
    p
}

fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["files"].as_array().unwrap().iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("no {path} in {v}"))
}

fn paths(v: &Value) -> Vec<&str> {
    v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect()
}

/// `(rule name, severity, line)` of every finding of `path`.
fn found(v: &Value, path: &str) -> Vec<(String, String, u64)> {
    file(v, path)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (f["rule"].as_str().unwrap().into(), f["severity"].as_str().unwrap().into(), f["line"].as_u64().unwrap())
        })
        .collect()
}

fn mojibake_lines(v: &Value, path: &str) -> Vec<u64> {
    found(v, path).into_iter().filter(|f| f.0 == "mojibake").map(|f| f.2).collect()
}

fn score(v: &Value, path: &str) -> u64 {
    file(v, path)["score"].as_u64().unwrap()
}

// ---------------------------------------------------------------------------
// Discovery and precedence

#[test]
fn garbled_toml_is_found_walking_up_and_isolated_ignores_it() {
    let d = tmp();
    put(d.path(), "garbled.toml", "[rules.ENC001]\nenabled = false\n");
    put(d.path(), "a/b/doc.txt", text(2));
    let (o, v) = check(&d.path().join("a/b"), &["doc.txt"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(mojibake_lines(&v, "doc.txt").is_empty());
    let (o, v) = check(&d.path().join("a/b"), &["--isolated", "doc.txt"]);
    assert_eq!(o.code, 1);
    assert_eq!(mojibake_lines(&v, "doc.txt"), [2, 3]);
}

#[test]
fn pyproject_needs_tool_garbled_and_the_nearest_wins() {
    let d = tmp();
    put(d.path(), "garbled.toml", "fail-under = 99\n");
    put(d.path(), "sub/pyproject.toml", "[project]\nname = \"x\"\n[tool.black]\nline-length = 88\n");
    put(d.path(), "sub/doc.txt", text(1));
    // The pyproject.toml without [tool.garbled] is skipped: garbled.toml above applies.
    let (o, v) = check(&d.path().join("sub"), &["doc.txt"]);
    assert_eq!((o.code, v["files"][0]["passed"].as_bool()), (1, Some(false)));
    put(d.path(), "sub/pyproject.toml", "[project]\nname = \"x\"\n[tool.garbled]\nfail-under = 10\n");
    let (o, _) = check(&d.path().join("sub"), &["doc.txt"]);
    assert_eq!(o.code, 0);
}

#[test]
fn config_flag_reads_another_file() {
    let d = tmp();
    put(d.path(), "garbled.toml", "fail-under = 99\n");
    put(d.path(), "ci/strict.toml", "[categories.encoding]\nenabled = false\n");
    put(d.path(), "doc.txt", text(2));
    let (o, v) = check(d.path(), &["--config", "ci/strict.toml", "doc.txt"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(score(&v, "doc.txt"), 100);
    let o = run(d.path(), &["check", "--config", "missing.toml", "doc.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("missing.toml"), "{}", o.stderr);
    assert_eq!(run(d.path(), &["check", "--config", "ci/strict.toml", "--isolated"], None).code, 2);
}

#[test]
fn flags_beat_the_file_and_overrides_beat_the_top_level() {
    let d = tmp();
    put(
        d.path(),
        "garbled.toml",
        r#"fail-under = 70
[rules.mojibake]
severity = "warning"
[[overrides]]
files = ["legacy"]
fail-under = 20
[overrides.categories.encoding]
severity = "error"
"#,
    );
    put(d.path(), "new.txt", text(1));
    put(d.path(), "legacy/old.txt", text(1));
    let (o, v) = check(d.path(), &["."]);
    // new.txt: one warning (86) passes 70; legacy: one error (61) passes 20.
    assert_eq!((score(&v, "./new.txt"), score(&v, "./legacy/old.txt")), (86, 61));
    assert_eq!(o.code, 0);
    assert_eq!(found(&v, "./new.txt")[0].1, "warning");
    assert_eq!(found(&v, "./legacy/old.txt")[0].1, "error");
    // The flag beats every fail-under of the file, overrides included.
    let (o, v) = check(d.path(), &["--fail-under", "65", "."]);
    assert_eq!(o.code, 1);
    assert_eq!(file(&v, "./legacy/old.txt")["passed"], false);
    assert_eq!(file(&v, "./new.txt")["passed"], true);
}

// ---------------------------------------------------------------------------
// Every setting

#[test]
fn severity_and_weight_cost_what_a_built_in_severity_costs() {
    let d = tmp();
    put(d.path(), "doc.txt", text(1));
    let cases = [
        ("", 61, "error"),
        ("[rules.ENC001]\nseverity = \"warning\"", 86, "warning"),
        ("[rules.ENC001]\nseverity = \"info\"", 100, "info"),
        ("[rules.ENC001]\nweight = 0.5", 78, "error"),
        ("[categories.encoding]\nseverity = \"warning\"\nweight = 2.0", 74, "warning"),
        // Within one table the rule beats its category.
        ("[categories.encoding]\nenabled = false\n[rules.mojibake]\nenabled = true", 61, "error"),
    ];
    for (cfg, want, severity) in cases {
        put(d.path(), "garbled.toml", cfg);
        let (_, v) = check(d.path(), &["doc.txt"]);
        assert_eq!(score(&v, "doc.txt"), want, "{cfg}");
        assert_eq!(found(&v, "doc.txt")[0].1, severity, "{cfg}");
    }
}

#[test]
fn include_and_exclude_filter_walked_files_not_explicit_ones() {
    let d = tmp();
    put(d.path(), "garbled.toml", "include = [\"*.md\", \"notes\"]\nexclude = [\"drafts\", \"**/skip-*.md\"]\n");
    for f in ["a.md", "b.txt", "notes/c.txt", "drafts/d.md", "docs/skip-e.md", "docs/f.md"] {
        put(d.path(), f, text(0));
    }
    let (_, v) = check(d.path(), &[]);
    assert_eq!(paths(&v), ["./a.md", "./docs/f.md", "./notes/c.txt"]);
    // Given explicitly, an excluded file is checked, unless --force-exclude.
    let (_, v) = check(d.path(), &["drafts/d.md", "b.txt"]);
    assert_eq!(paths(&v), ["drafts/d.md", "b.txt"]);
    let (_, v) = check(d.path(), &["--force-exclude", "drafts/d.md", "b.txt"]);
    assert_eq!(paths(&v), ["b.txt"]);
    // Globs are relative to the configuration's folder, wherever garbled runs.
    let (_, v) = check(&d.path().join("docs"), &["."]);
    assert_eq!(paths(&v), ["./f.md"]);
}

#[test]
fn allowed_words_and_phrases_are_never_flagged() {
    let d = tmp();
    let t = format!("{}Our {MOJI} Deluxe brand and the {MOJI} kiosk.\n", text(0));
    put(d.path(), "doc.txt", &t);
    let (_, v) = check(d.path(), &["doc.txt"]);
    assert_eq!(mojibake_lines(&v, "doc.txt"), [3, 3]);
    // Whole phrase, any case: only the first occurrence is in the phrase.
    put(d.path(), "garbled.toml", format!("allow = [\"{} deluxe\"]\n", MOJI.to_uppercase()));
    let (_, v) = check(d.path(), &["doc.txt"]);
    assert_eq!(mojibake_lines(&v, "doc.txt"), [3]);
    // Overrides add to the list for their files.
    put(
        d.path(),
        "garbled.toml",
        format!("allow = [\"deluxe\"]\n[[overrides]]\nfiles = [\"*.txt\"]\nallow = [\"{MOJI}\"]\n"),
    );
    let (_, v) = check(d.path(), &["doc.txt"]);
    assert!(mojibake_lines(&v, "doc.txt").is_empty());
}

#[test]
fn duplicate_settings_and_rules_apply() {
    let d = tmp();
    let body = "Every autumn the orchard on the hill fills with pickers from the nearby villages. \
                The cider press in the old barn runs from dawn until late in the evening. \
                Children carry baskets of windfalls to the pigs behind the farmhouse. \
                At noon the pickers eat bread and cheese under the walnut tree by the gate. \
                By October the cellar holds forty barrels, and the first tasting draws a crowd. \
                Nobody remembers who planted the oldest trees, though the deeds mention a miller. \
                The farm has changed hands three times since the war, each owner keeping the press.\n";
    put(d.path(), "one.txt", body);
    let edited = body.replace("forty barrels", "forty-two barrels");
    put(d.path(), "two.txt", format!("{edited}A short note about the weather closes the page.\n"));
    let dups = |cfg: &str| {
        put(d.path(), "garbled.toml", cfg);
        let o = run(d.path(), &["check", "--format", "json", "one.txt", "two.txt"], None);
        let v: Value = serde_json::from_str(&o.stdout).unwrap();
        (file(&v, "one.txt")["duplicates"].as_array().unwrap().len(), score(&v, "one.txt"))
    };
    let (n, full) = dups("");
    assert!(n == 1 && full < 100, "{n} {full}");
    assert_eq!(dups("[duplicates]\nenabled = false"), (0, 100));
    assert_eq!(dups("[rules.near-duplicate]\nenabled = false\n[rules.contained]\nenabled = false"), (0, 100));
    assert_eq!(dups("[categories.duplicate]\nseverity = \"info\"").1, 100);
    assert!(dups("[categories.duplicate]\nweight = 0.1").1 > full);
    assert_eq!(dups("[duplicates]\nthreshold = 0.99\ncontain = 0.99\nspin = 0.99").0, 0);
    assert_eq!(dups("[duplicates]\ncount = []").1, 100);
    // The flag beats the file.
    put(d.path(), "garbled.toml", "[duplicates]\ncount = []");
    let o = run(d.path(), &["check", "--format", "json", "--dup-count", "all", "one.txt", "two.txt"], None);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(score(&v, "one.txt"), full);
}

// ---------------------------------------------------------------------------
// Suppression comments

#[test]
fn suppression_comments_in_markdown_and_html() {
    let d = tmp();
    for ext in ["md", "html"] {
        let t = format!(
            "Intro of our own.\n\
             The {MOJI} on line two. <!-- garbled: ignore -->\n\
             The {MOJI} on line three. <!-- garbled: ignore[WRD001] -->\n\
             <!-- garbled: ignore-next-line[ENC001,joined-words] -->\n\
             The {MOJI} on line five.\n\
             <!-- garbled: ignore-next-line[WRD001] -->\n\
             The {MOJI} on line seven.\n\
             The {MOJI} on line eight. # garbled: ignore\n\
             <!-- garbled: ignroe -->\n"
        );
        let name = format!("doc.{ext}");
        put(d.path(), &name, &t);
        let (o, v) = check(d.path(), &["--show-info", &name]);
        // Lines 3 and 7 are silenced only for other rules; `#` is no comment in Markdown.
        assert_eq!(mojibake_lines(&v, &name), [3, 7, 8], "{ext}");
        // The comments themselves are not flagged as leftover HTML.
        assert!(found(&v, &name).iter().all(|f| f.0 == "mojibake"), "{ext}: {:?}", found(&v, &name));
        assert!(o.stderr.contains(&format!("{name}: line 9: unknown garbled directive `ignroe`")), "{}", o.stderr);
        let t = format!("<!-- garbled: ignore-file[ENC001] -->\n{t}");
        put(d.path(), &name, &t);
        let (_, v) = check(d.path(), &[&name]);
        assert!(mojibake_lines(&v, &name).is_empty());
        put(d.path(), &name, format!("{t}\n<!-- garbled: ignore-file -->\n"));
        let (_, v) = check(d.path(), &[&name]);
        assert_eq!(found(&v, &name), []);
    }
}

#[test]
fn suppression_comments_in_plain_text_and_code() {
    let d = tmp();
    let t = format!(
        "Intro of our own.\n\
         The {MOJI} on line two. # garbled: ignore\n\
         The {MOJI} on line three. // garbled: ignore[mojibake]\n\
         The {MOJI} on line four. <!-- garbled: ignore -->\n\
         # garbled: ignore-next-line\n\
         The {MOJI} on line six.\n\
         The {MOJI} on line seven. garbled: ignore\n\
         The {MOJI} on line eight. # garbled: ignore[WRD003]\n"
    );
    put(d.path(), "doc.txt", &t);
    put(d.path(), "README", &t);
    put(d.path(), "doc.py", &t);
    let (_, v) = check(d.path(), &["doc.txt", "README", "doc.py"]);
    // Plain text: any comment form; the bare directive on line 7 is no comment.
    assert_eq!(mojibake_lines(&v, "doc.txt"), [7, 8]);
    assert_eq!(mojibake_lines(&v, "README"), [7, 8]);
    // Python: only `#` comments.
    assert_eq!(mojibake_lines(&v, "doc.py"), [3, 4, 7, 8]);
    put(d.path(), "doc.txt", format!("// garbled: ignore-file[ENC001]\n{t}"));
    let (_, v) = check(d.path(), &["doc.txt"]);
    assert!(mojibake_lines(&v, "doc.txt").is_empty());
    // Standard input is named by --stdin-filename, which picks the syntax.
    let input = format!("The {MOJI} here. <!-- garbled: ignore -->\nThe {MOJI} there. # garbled: ignore\n");
    let args = ["check", "--format", "json", "--stdin-filename", "x.md", "-"];
    let o = run(d.path(), &args, Some(input.as_bytes()));
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(mojibake_lines(&v, "x.md"), [2]);
}

// ---------------------------------------------------------------------------
// Baselines

#[test]
fn baseline_round_trip() {
    let d = tmp();
    put(d.path(), "docs/a.txt", text(3));
    put(d.path(), "docs/b.md", text(1));
    // Writing records every finding and exits 0, with no report.
    let o = run(d.path(), &["check", "--no-duplicates", "--write-baseline", "garbled-baseline.json", "docs"], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert!(o.stderr.contains("wrote 4 findings in 2 of 2 files to garbled-baseline.json"), "{}", o.stderr);
    let raw = fs::read_to_string(d.path().join("garbled-baseline.json")).unwrap();
    assert!(raw.starts_with("{\"version\": 1, \"findings\": [\n{\"path\":\"docs/a.txt\",\"rule\":\"ENC001\""), "{raw}");
    assert_eq!(raw.lines().count(), 6, "one line per key: {raw}");

    // Rechecking with the baseline passes; the hidden findings are counted.
    let o = run(d.path(), &["check", "--no-duplicates", "--baseline", "garbled-baseline.json", "docs"], None);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("; 4 baselined findings hidden"), "{}", o.stdout);
    let (o, v) = check(d.path(), &["--baseline", "garbled-baseline.json", "docs"]);
    assert!(o.stderr.contains("4 baselined findings hidden"));
    assert_eq!(score(&v, "docs/a.txt"), 100, "baselined findings cost nothing");
    // The same baseline from another folder: paths are relative to the baseline file.
    let (o, _) = check(&d.path().join("docs"), &["--baseline", "../garbled-baseline.json", "."]);
    assert!(o.stderr.contains("4 baselined findings hidden"), "{}", o.stderr);

    // An edit on the line right above the findings changes nothing.
    let a = format!("A new opening line, added later.\n{}", text(3));
    put(d.path(), "docs/a.txt", &a);
    let (o, v) = check(d.path(), &["--baseline", "garbled-baseline.json", "docs"]);
    assert_eq!(o.code, 0);
    assert_eq!(found(&v, "docs/a.txt"), []);

    // A new defect fails the gate, and only it is shown; a copy of an old sentence
    // counts too (the same text twice is two findings).
    let a = format!("{a}The {MOJI} on the pier is new.\n");
    put(d.path(), "docs/a.txt", &a);
    let (o, v) = check(d.path(), &["--baseline", "garbled-baseline.json", "docs"]);
    assert_eq!(mojibake_lines(&v, "docs/a.txt"), [7]);
    assert_eq!(o.code, 0, "one new error still passes the default gate");
    put(d.path(), "docs/b.md", format!("{}{}", text(1), text(1)));
    let (o, v) = check(d.path(), &["--baseline", "garbled-baseline.json", "docs"]);
    assert_eq!(mojibake_lines(&v, "docs/b.md").len(), 1);
    put(d.path(), "docs/a.txt", format!("{a}And the {MOJI} by the gate.\n"));
    let (o2, v) = check(d.path(), &["--baseline", "garbled-baseline.json", "docs/a.txt"]);
    assert_eq!((o.code, o2.code), (0, 1));
    assert_eq!(mojibake_lines(&v, "docs/a.txt"), [7, 8]);
}

#[test]
fn baseline_errors_exit_2() {
    let d = tmp();
    put(d.path(), "doc.txt", text(1));
    put(d.path(), "bad.json", "{\"version\": 2, \"findings\": []}");
    let o = run(d.path(), &["check", "--baseline", "bad.json", "doc.txt"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("bad.json: baseline version 2"), "{}", o.stderr);
    assert_eq!(run(d.path(), &["check", "--baseline", "nope.json", "doc.txt"], None).code, 2);
    assert_eq!(run(d.path(), &["check", "--baseline", "a", "--write-baseline", "b", "doc.txt"], None).code, 2);
}

// ---------------------------------------------------------------------------
// Errors and documentation

#[test]
fn configuration_errors_name_the_file_and_exit_2() {
    let d = tmp();
    put(d.path(), "doc.txt", text(0));
    for (cfg, want) in [
        ("fail-under = [", "TOML parse error"),
        ("fail-undr = 60", "unknown field `fail-undr`"),
        ("[rules.SPN001]\nsevrity = \"info\"", "unknown field `sevrity`"),
        ("[rules.XYZ123]\nenabled = false", "garbled.toml:1: unknown rule `XYZ123`"),
        ("[rules.SPN001]\nseverity = \"fatal\"", "unknown variant `fatal`"),
        ("include = [\"{a\"]", "bad glob `{a`"),
        (
            "[[overrides]]\nfiles = [\"x\"]\nfail-under = 101",
            "garbled.toml:3: `overrides[0].fail-under` must be 0 to 100",
        ),
    ] {
        put(d.path(), "garbled.toml", cfg);
        let o = run(d.path(), &["check", "doc.txt"], None);
        assert_eq!(o.code, 2, "{cfg}");
        assert!(o.stderr.starts_with("garbled: error: "), "{}", o.stderr);
        assert!(o.stderr.contains("garbled.toml"), "{cfg}: {}", o.stderr);
        assert!(o.stderr.contains(want), "{cfg}: {}", o.stderr);
        assert_eq!(o.stdout, "");
    }
    put(d.path(), "garbled.toml", "");
    put(d.path(), "pyproject.toml", "[tool.garbled]\nallow = 3\n");
    let o = run(d.path(), &["check", "--config", "pyproject.toml", "doc.txt"], None);
    assert!(o.code == 2 && o.stderr.contains("pyproject.toml"), "{}", o.stderr);
}

#[test]
fn explain_says_how_to_silence_a_rule() {
    let d = tmp();
    let o = run(d.path(), &["explain", "WRD001"], None);
    assert_eq!(o.code, 0);
    for want in ["[rules.WRD001]", "<!-- garbled: ignore[WRD001] -->", "ignore-next-line[WRD001]", "--baseline"] {
        assert!(o.stdout.contains(want), "{want}: {}", o.stdout);
    }
    let o = run(d.path(), &["explain", "DUP002"], None);
    assert!(o.stdout.contains("ignore-file[DUP002]"), "{}", o.stdout);
}
