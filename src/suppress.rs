//! In-text suppression: `garbled: ignore` directives inside comments.
//!
//! | directive | silences |
//! |---|---|
//! | `garbled: ignore` | findings that start on this line |
//! | `garbled: ignore-next-line` | findings that start on the next line |
//! | `garbled: ignore-file` | every finding of the file |
//!
//! Each may be restricted to rules: `garbled: ignore[SPN001,WRD003]` (codes or names,
//! comma-separated, no space before `[`). A directive lives in the file type's comment
//! syntax ([`Syntax`]): `<!-- garbled: ignore -->` in Markdown and HTML, `# garbled: ignore`
//! or `// garbled: ignore` at the end of the line in code and configuration files, and
//! any of the three in plain text and other files.

use std::ops::Range;

use crate::rules::Rule;

/// Which rules a directive silences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codes {
    /// Every rule.
    All,
    /// These rules only.
    Some(Vec<&'static Rule>),
}

impl Codes {
    /// True if `rule` is silenced.
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Codes::All => true,
            Codes::Some(v) => v.iter().any(|r| r.code == rule.code),
        }
    }

    /// Silences the rules of `other` too.
    pub fn merge(&mut self, other: Codes) {
        match (&mut *self, other) {
            (Codes::All, _) => {}
            (_, Codes::All) => *self = Codes::All,
            (Codes::Some(a), Codes::Some(b)) => a.extend(b),
        }
    }
}

/// The reach of a directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Its own line.
    Line,
    /// The line after it.
    NextLine,
    /// The whole file.
    File,
}

/// One directive found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Its reach.
    pub scope: Scope,
    /// The rules it silences.
    pub codes: Codes,
    /// Byte span of the comment that holds it (findings inside it are dropped).
    pub comment: Range<usize>,
    /// Byte span of its own line (without the line break).
    pub line: Range<usize>,
    /// Byte span of the line it silences (for [`Scope::NextLine`], empty at the end of
    /// the text when the next line is in the next chunk).
    pub target: Range<usize>,
}

/// The comment forms a directive may take in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `<!-- garbled: ... -->` only (Markdown, HTML, XML).
    Html,
    /// `# garbled: ...` to the end of the line only (Python, shell, YAML, TOML...).
    Hash,
    /// `// garbled: ...` to the end of the line only (C-like languages).
    Slash,
    /// Any of the three (plain text and everything else).
    Any,
}

impl Syntax {
    /// The syntax for a file name, by extension.
    pub fn for_path(path: &str) -> Syntax {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if ext.contains('/') || ext.contains('\\') {
            return Syntax::Any;
        }
        match ext.as_str() {
            "md" | "markdown" | "mdx" | "html" | "htm" | "xhtml" | "xml" | "svg" => Syntax::Html,
            "py" | "sh" | "bash" | "zsh" | "rb" | "pl" | "r" | "yaml" | "yml" | "toml" | "cfg" | "conf" | "ini"
            | "tcl" => Syntax::Hash,
            "rs" | "c" | "h" | "cc" | "cpp" | "hpp" | "js" | "mjs" | "ts" | "tsx" | "jsx" | "go" | "java" | "kt"
            | "swift" | "cs" | "scala" | "dart" => Syntax::Slash,
            _ => Syntax::Any,
        }
    }

    fn allows(self, marker: Marker) -> bool {
        matches!(
            (self, marker),
            (Syntax::Any, _)
                | (Syntax::Html, Marker::Html)
                | (Syntax::Hash, Marker::Hash)
                | (Syntax::Slash, Marker::Slash)
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Html,
    Hash,
    Slash,
}

const KEYWORD: &str = "garbled:";

/// Finds the directives of `text` into `out`; `problems` gets `(byte offset, message)`
/// for directives that cannot be understood (they silence nothing).
pub fn scan(text: &str, syntax: Syntax, out: &mut Vec<Directive>, problems: &mut Vec<(usize, String)>) {
    let bytes = text.as_bytes();
    for at in memchr::memmem::find_iter(bytes, KEYWORD) {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        let before = text[line_start..at].trim_end_matches([' ', '\t']);
        let (marker, comment_start) = if let Some(s) = before.strip_suffix("<!--") {
            (Marker::Html, line_start + s.len())
        } else if let Some(s) = before.strip_suffix("//") {
            (Marker::Slash, line_start + s.len())
        } else if let Some(s) = before.strip_suffix('#') {
            (Marker::Hash, line_start + s.len())
        } else {
            continue;
        };
        if !syntax.allows(marker) {
            continue;
        }
        let rest = text[at + KEYWORD.len()..line_end].trim_start_matches([' ', '\t']);
        if marker != Marker::Html && !rest.starts_with("ignore") {
            continue; // prose such as "# garbled: a story", not a directive
        }
        let rest_at = line_end - rest.len();
        let line = line_start..line_end;
        // A directive that cannot be understood silences nothing, but its comment is
        // still exempt from findings.
        let broken = |comment_end: usize| Directive {
            scope: Scope::Line,
            codes: Codes::Some(Vec::new()),
            comment: comment_start..comment_end,
            line: line.clone(),
            target: line.clone(),
        };
        let html_end = |tail: &str| tail.find("-->").map(|i| line_end - tail.len() + i + 3);
        let (scope, codes, used) = match parse(rest) {
            Ok(x) => x,
            Err(m) => {
                problems.push((rest_at, m));
                let end = if marker == Marker::Html { html_end(rest).unwrap_or(line_end) } else { line_end };
                out.push(broken(end));
                continue;
            }
        };
        let tail = &rest[used..];
        let comment_end = match marker {
            Marker::Html => match tail.trim_start_matches([' ', '\t']).strip_prefix("-->") {
                Some(after) => line_end - after.len(),
                None => {
                    problems.push((at, "a garbled directive in `<!-- -->` must end with `-->`".into()));
                    out.push(broken(html_end(tail).unwrap_or(line_end)));
                    continue;
                }
            },
            Marker::Hash | Marker::Slash => {
                if !tail.trim().is_empty() {
                    problems.push((at, format!("unexpected `{}` after the garbled directive", tail.trim())));
                    out.push(broken(line_end));
                    continue;
                }
                line_end
            }
        };
        let target = match scope {
            Scope::Line | Scope::File => line.clone(),
            Scope::NextLine => {
                let s = (line_end + 1).min(text.len());
                let e = memchr::memchr(b'\n', &bytes[s..]).map_or(text.len(), |i| s + i);
                s..e
            }
        };
        out.push(Directive { scope, codes, comment: comment_start..comment_end, line, target });
    }
}

/// Parses `ignore`, `ignore-next-line` or `ignore-file`, with optional `[codes]`;
/// returns the bytes used.
fn parse(s: &str) -> Result<(Scope, Codes, usize), String> {
    let (scope, mut used) = if s.starts_with("ignore-next-line") {
        (Scope::NextLine, "ignore-next-line".len())
    } else if s.starts_with("ignore-file") {
        (Scope::File, "ignore-file".len())
    } else if s.starts_with("ignore") {
        (Scope::Line, "ignore".len())
    } else {
        (Scope::Line, 0)
    };
    let after = &s[used..];
    if used == 0 || after.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_') {
        let word: String = s.chars().take_while(|c| !c.is_whitespace() && *c != '[').collect();
        return Err(format!("unknown garbled directive `{word}`: use ignore, ignore-next-line or ignore-file"));
    }
    let codes = if let Some(list) = after.strip_prefix('[') {
        let Some(close) = list.find(']') else {
            return Err("`[` without `]` in a garbled directive".into());
        };
        used += close + 2;
        let mut rules = Vec::new();
        for name in list[..close].split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match crate::rules::find(name) {
                Some(r) => rules.push(r),
                None => {
                    return Err(format!("unknown rule `{name}` in a garbled directive; `garbled rules` lists them"))
                }
            }
        }
        if rules.is_empty() {
            return Err("empty rule list `[]` in a garbled directive".into());
        }
        Codes::Some(rules)
    } else {
        Codes::All
    };
    Ok((scope, codes, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(text: &str, syntax: Syntax) -> (Vec<Directive>, Vec<(usize, String)>) {
        let (mut d, mut p) = (Vec::new(), Vec::new());
        scan(text, syntax, &mut d, &mut p);
        (d, p)
    }

    #[test]
    fn finds_each_form_with_and_without_codes() {
        let t =
            "Tea was servd. <!-- garbled: ignore -->\n<!-- garbled: ignore-next-line[WRD001, mojibake] -->\nNext.\n";
        let (d, p) = dirs(t, Syntax::Html);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].scope, &d[0].codes), (Scope::Line, &Codes::All));
        assert_eq!(&t[d[0].comment.clone()], "<!-- garbled: ignore -->");
        assert_eq!(&t[d[0].target.clone()], "Tea was servd. <!-- garbled: ignore -->");
        assert_eq!(d[1].scope, Scope::NextLine);
        let Codes::Some(rs) = &d[1].codes else { panic!() };
        assert_eq!(rs.iter().map(|r| r.code).collect::<Vec<_>>(), ["WRD001", "ENC001"]);
        assert_eq!(&t[d[1].target.clone()], "Next.");
        let (d, _) = dirs("# garbled: ignore-file[SPN001]\nx // garbled: ignore\n", Syntax::Any);
        assert_eq!(d.iter().map(|d| d.scope).collect::<Vec<_>>(), [Scope::File, Scope::Line]);
    }

    #[test]
    fn comment_syntax_follows_the_file_type() {
        assert_eq!(Syntax::for_path("docs/a.MD"), Syntax::Html);
        assert_eq!(Syntax::for_path("x.py"), Syntax::Hash);
        assert_eq!(Syntax::for_path("notes.txt"), Syntax::Any);
        assert_eq!(Syntax::for_path("a.d/README"), Syntax::Any);
        let t = "a # garbled: ignore\nb <!-- garbled: ignore -->\n";
        assert_eq!(dirs(t, Syntax::Html).0.len(), 1);
        assert_eq!(dirs(t, Syntax::Hash).0.len(), 1);
        assert_eq!(dirs(t, Syntax::Slash).0.len(), 0);
        assert_eq!(dirs(t, Syntax::Any).0.len(), 2);
    }

    #[test]
    fn near_misses_are_not_directives() {
        for t in ["The text was garbled: ignore it.", "# garbled: a short story", "garbled: ignore"] {
            let (d, _) = dirs(t, Syntax::Any);
            assert!(d.is_empty(), "{t}");
        }
        // Problems are reported, and the directive silences nothing.
        for (t, want) in [
            ("x <!-- garbled: ignroe -->", "unknown garbled directive `ignroe`"),
            ("x # garbled: ignore[NOPE01]", "unknown rule `NOPE01`"),
            ("x # garbled: ignore-lines", "unknown garbled directive `ignore-lines`"),
            ("x # garbled: ignore[SPN001", "without `]`"),
            ("x # garbled: ignore because", "unexpected `because`"),
            ("x <!-- garbled: ignore", "must end with `-->`"),
        ] {
            let (d, p) = dirs(t, Syntax::Any);
            assert_eq!(d.len(), 1, "{t}");
            assert_eq!(d[0].codes, Codes::Some(Vec::new()), "{t}");
            assert_eq!(d[0].comment.start, 2, "{t}");
            assert!(p[0].1.contains(want), "{t}: {p:?}");
        }
    }

    #[test]
    fn next_line_at_the_end_is_empty_and_nothing_panics() {
        let t = "x\n<!-- garbled: ignore-next-line -->";
        let (d, _) = dirs(t, Syntax::Any);
        assert_eq!(d[0].target, t.len()..t.len());
        for t in
            ["garbled:", "# garbled:", "# garbled: ignore[", "é# garbled: ignore-file[é]", "<!-- garbled: ignore -->"]
        {
            let _ = dirs(t, Syntax::Any);
        }
    }
}
