//! The rule table: every rule has a stable code, a kebab-case name, a category and docs.
//!
//! Each analyzer declares its own rules as `pub static` items in its module and lists
//! them in its `RULES` slice; [`all`] gathers them so `garbled rules` can print them.

use crate::finding::{Category, Severity};

/// A rule: what one kind of finding means.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `ENC001`; never reused.
    pub code: &'static str,
    /// Kebab-case name, e.g. `mojibake`; shown as `category/name`.
    pub name: &'static str,
    /// The score category the rule counts against.
    pub category: Category,
    /// Default severity.
    pub severity: Severity,
    /// One line: what it detects.
    pub summary: &'static str,
    /// Longer documentation: why it matters, an example, how to silence it.
    pub doc: &'static str,
}

/// Every rule garbled knows, grouped by analyzer, in a stable order.
pub fn all() -> Vec<&'static Rule> {
    let mut v: Vec<&'static Rule> = Vec::new();
    for group in crate::analyzers::RULE_GROUPS {
        v.extend(group.iter().copied());
    }
    v
}

/// Looks a rule up by code (`ENC001`) or name (`mojibake` or `encoding/mojibake`).
pub fn find(key: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| {
        r.code.eq_ignore_ascii_case(key)
            || r.name == key
            || key.split_once('/').is_some_and(|(c, n)| c == r.category.as_str() && n == r.name)
    })
}

/// How to silence `rule` without fixing the text: the configuration key, the
/// suppression comments with its code, and a baseline. `garbled explain` prints it.
pub fn silencing(rule: &Rule) -> String {
    let code = rule.code;
    let comments = if rule.category == crate::finding::Category::Duplicate {
        format!(
            "- in the file: `garbled: ignore-file[{code}]` in a comment (`<!-- garbled: ignore-file[{code}] -->` in \
             Markdown and HTML); line comments do not apply to duplicates."
        )
    } else {
        format!(
            "- in the text: `garbled: ignore[{code}]` in a comment at the end of the line \
             (`<!-- garbled: ignore[{code}] -->` in Markdown and HTML, `# garbled: ignore[{code}]` or \
             `// garbled: ignore[{code}]` in code and plain text); `garbled: ignore-next-line[{code}]` on the line \
             before; `garbled: ignore-file[{code}]` anywhere in the file."
        )
    };
    format!(
        "## Silencing {code} without fixing the text\n\
         - in garbled.toml: `[rules.{code}]` with `enabled = false`, or `severity = \"info\"` (reported, costs \
         nothing), or `weight = 0.5`; under `[[overrides]]` with `files = [\"glob\"]` for some paths only. \
         `[categories.{cat}]` does the same for the whole category.\n\
         {comments}\n\
         - a baseline: `garbled check --write-baseline garbled-baseline.json` records today's findings; \
         `garbled check --baseline garbled-baseline.json` then judges only new ones.",
        cat = rule.category.as_str()
    )
}
