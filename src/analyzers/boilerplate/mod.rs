//! The boilerplate analyzer: scrape residue left in extracted text.
//!
//! Three passes over the document, each linear:
//! - every line is classified by [`phrases`]: navigation and share prompts, legal
//!   footers, photo credits and code, matched only when the *whole* short line is
//!   page furniture;
//! - one byte scan ([`html`]) for leftover tags and entities, and for "lorem ipsum";
//! - the C4/FineWeb line statistics ([`stats`]) over hard-wrap-aware logical lines
//!   (short lines, unpunctuated lines, repeated short lines), reported once per
//!   document when a share crosses the filter's threshold, as a warning only when
//!   the document also has recognised page furniture.

pub mod html;
pub mod phrases;
pub mod stats;
pub mod table;
#[cfg(test)]
mod tests;

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::rules::Rule;
use phrases::LineClass;

/// Navigation, share, subscribe and comment-widget text.
pub static NAVIGATION: Rule = Rule {
    code: "BLP001",
    name: "navigation-text",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "a line of navigation, share, subscribe or comment-widget text from a web page",
    doc: "## What it does\n\
Flags short lines that consist only of web-page furniture: menus (\"Home | World | Sport\"), \
share and follow prompts (\"Share this article\", \"Follow us on social\"), sign-up pitches \
(\"Subscribe to our newsletter\"), comment widgets (\"12 comments\", \"Leave a reply\"), \
read-more links and glued button labels (\"keep readingShow less\").\n\n\
## Why is this bad?\n\
The text was scraped with the page around it. Such lines are not part of the article, \
repeat across every page of a site and teach a model nothing but clutter.\n\n\
## Example\n\
```text\nThe council approved the budget on Tuesday.\nShare this article\n```\n\
is reported as `navigation or share text \"Share this article\"`, with an empty suggestion \
(remove the line). A sentence that merely mentions clicking or subscribing is never flagged: the \
whole line must be furniture. Words that are also ordinary headings (\"Home\", \"Search\", \
\"Like\", \"Share\") only count on a line with other interface text (\"Like | Reply\").\n\n\
## How to silence it\n\
Remove the line, or raise `--fail-under`.",
};

/// Copyright lines, rights notices, cookie banners and terms/privacy links.
pub static LEGAL: Rule = Rule {
    code: "BLP002",
    name: "legal-notice",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "a copyright line, cookie banner or terms/privacy link from a page footer",
    doc: "## What it does\n\
Flags page-footer lines: \"© 2024 Example Media. All rights reserved.\", cookie-consent \
banners (\"We use cookies...\"), and link rows such as \"Privacy Policy | Terms of Use\". \
Copyright lines of old printed books (\"Copyright, 1891\") and a bare \"All rights \
reserved\" are reported as info only.\n\n\
## Why is this bad?\n\
Footers are site furniture, not content; the C4 filter drops such lines.\n\n\
## Example\n\
```text\n© 2024 Example Media Group. All rights reserved.\n```\n\
is reported as `legal notice \"© 2024 Example Media Group. All rights reserved.\"`.\n\n\
## How to silence it\n\
Remove the line, or raise `--fail-under`.",
};

/// Photo and image credits.
pub static CREDIT: Rule = Rule {
    code: "BLP003",
    name: "media-credit",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "a photo or image credit line left from a caption",
    doc: "## What it does\n\
Flags caption credits: lines starting \"Photo:\", \"Image credit:\", \"Top image credit:\", or \
short lines naming a picture agency (\"Getty Images\", \"Shutterstock\", \"AP Photo/\").\n\n\
## Why is this bad?\n\
The picture is gone; its credit line interrupts the text.\n\n\
## Example\n\
```text\nPhoto: Jane Roe/Example Agency\n```\n\
is reported as `media credit \"Photo: Jane Roe/Example Agency\"`.\n\n\
## How to silence it\n\
Remove the line, or raise `--fail-under`.",
};

/// Leftover HTML tags and comments.
pub static HTML_TAG: Rule = Rule {
    code: "BLP004",
    name: "html-tag",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "an HTML tag or comment left in the text",
    doc: "## What it does\n\
Flags HTML tags (`<p>`, `</div>`, `<br/>`, `<a href=\"...\">`) and comments (`<!-- -->`). Only \
known element names in well-formed tags count: \"x < y\", \"<3\" and \"<name@example.org>\" \
are not tags. Bare tags that prose about HTML tends to name (`<input>`, `<title>`) are info.\n\n\
## Why is this bad?\n\
The markup was not stripped when the text was extracted.\n\n\
## Example\n\
```text\nThe mayor said<br/>the bridge will reopen.\n```\n\
is reported as `leftover HTML tag \"<br/>\"` with a space as the suggestion.\n\n\
## How to silence it\n\
Strip the markup, or raise `--fail-under`.",
};

/// HTML character entities.
pub static HTML_ENTITY: Rule = Rule {
    code: "BLP005",
    name: "html-entity",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "an HTML character entity (&amp;, &nbsp;, &#8217;) instead of the character",
    doc: "## What it does\n\
Flags HTML character references such as `&amp;`, `&nbsp;`, `&quot;` and `&#8217;`, including \
doubly escaped ones (`&amp;quot;`), and suggests the character they stand for.\n\n\
## Why is this bad?\n\
The text was not unescaped after extraction; readers see the code instead of the character.\n\n\
## Example\n\
```text\nTom &amp; Jerry\n```\n\
is reported as `HTML entity \"&amp;\" stands for \"&\"` with `&` as the suggestion.\n\n\
## How to silence it\n\
Unescape the text, or raise `--fail-under`.",
};

/// Program code, JSON and wiki markup.
pub static CODE: Rule = Rule {
    code: "BLP006",
    name: "code-residue",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "script, style, JSON or wiki-template markup left in the text",
    doc: "## What it does\n\
Flags lines holding code rather than prose: curly-brace lines with script or style syntax \
(`function(`, `};`, `px;`, `\"key\": {`), and wiki markup (`[[link]]`, `{{template}}`). The C4 \
filter drops every page with a curly brace; this rule asks for more evidence, so \
\"{Illustration}\" in a book or \"f{t}\" in mathematics stay silent.\n\n\
## Why is this bad?\n\
Scripts, data and templates leaked into the extracted text.\n\n\
## Example\n\
```text\nwindow.dataLayer = window.dataLayer || [];\n```\n\
is reported as `code or markup \"window.dataLayer = …\" in the text`.\n\n\
## How to silence it\n\
Remove the code, or raise `--fail-under`.",
};

/// "Lorem ipsum" placeholder text.
pub static PLACEHOLDER: Rule = Rule {
    code: "BLP007",
    name: "placeholder-text",
    category: Category::Boilerplate,
    severity: Severity::Error,
    summary: "\"lorem ipsum\" placeholder text",
    doc: "## What it does\n\
Flags \"lorem ipsum\", the dummy text of page templates.\n\n\
## Why is this bad?\n\
It is filler, never content; C4 drops every page that contains it.\n\n\
## Example\n\
```text\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n```\n\
is reported as `placeholder text \"Lorem ipsum\"`.\n\n\
## How to silence it\n\
Replace the placeholder, or raise `--fail-under`.",
};

/// Documents made mostly of short unpunctuated lines.
pub static SHORT_LINES: Rule = Rule {
    code: "BLP008",
    name: "short-lines",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "most lines are short fragments without punctuation, like menus and link lists",
    doc: "## What it does\n\
Counts *stubs*: lines of at most 30 characters that end without punctuation. When 67% or more \
of the lines of a document are stubs (the FineWeb quality filter's short-line threshold), one \
finding points at the longest run of them, weighted by how far the share is past the \
threshold. Hard-wrapped paragraphs are joined first, lines ending in a comma or semicolon \
(verse, lists of phrases) are not stubs, and the finding is only info unless the document \
also has recognised navigation or footer text.\n\n\
## Why is this bad?\n\
Pages of menus, tag clouds and link lists are not prose.\n\n\
## Example\n\
A document whose lines are \"Home\", \"World\", \"Business\", \"Markets\", ... is reported as \
`14 of 16 lines (88%) are short unpunctuated fragments`.\n\n\
## How to silence it\n\
Remove the menus, or raise `--fail-under`.",
};

/// Documents where almost no line ends a sentence.
pub static UNPUNCTUATED: Rule = Rule {
    code: "BLP009",
    name: "unpunctuated-lines",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "almost no line ends in terminal punctuation",
    doc: "## What it does\n\
Computes the share of lines ending in terminal punctuation (`.`, `!`, `?`, a closing quote), \
as the C4 and FineWeb filters do; at or below 12% (FineWeb's threshold) one finding points at \
the longest run of unpunctuated lines, weighted by how far the share is below. Hard-wrapped \
paragraphs are joined first, so newswire and books wrapped at 70 columns are measured by \
their sentences. The finding is only info unless the document also has recognised navigation \
or footer text.\n\n\
## Why is this bad?\n\
Text without sentence ends is usually headlines, menus, tables or captions, not prose.\n\n\
## Example\n\
A page of headline teasers, none ending in a full stop, is reported as \
`only 1 of 20 lines (5%) ends in terminal punctuation`.\n\n\
## How to silence it\n\
Remove the fragments, or raise `--fail-under`.",
};

/// Short lines repeated through a document.
pub static REPEATED_STUBS: Rule = Rule {
    code: "BLP010",
    name: "repeated-short-lines",
    category: Category::Boilerplate,
    severity: Severity::Warning,
    summary: "the same short unpunctuated lines recur, like a listing or comment widget",
    doc: "## What it does\n\
Counts short unpunctuated lines (at most 30 characters) that occur more than once: \"Reuters\" \
and \"12 minutes ago\" under every teaser of a listing, \"Reply\" under every comment. When \
their repeats hold 1% or more of the characters (the FineWeb quality filter's duplicated-line \
threshold) and there are at least three, one finding points at the second occurrence of the \
most repeated one, weighted by the share. Repeated sentences and paragraphs are the repetition \
analyzer's business. The finding is only info unless the document also has recognised \
navigation or footer text.\n\n\
## Why is this bad?\n\
Recurring labels are the skeleton of a page template, not content.\n\n\
## Example\n\
A page listing five teasers, each followed by \"Example News\" and \"2 hours ago\", is reported as \
`short unpunctuated lines repeat 8 times, 2.1% of the characters`.\n\n\
## How to silence it\n\
Remove the repeated labels, or raise `--fail-under`.",
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[
    &NAVIGATION,
    &LEGAL,
    &CREDIT,
    &HTML_TAG,
    &HTML_ENTITY,
    &CODE,
    &PLACEHOLDER,
    &SHORT_LINES,
    &UNPUNCTUATED,
    &REPEATED_STUBS,
];

/// Detects scrape residue: page furniture, markup and menu-like line statistics.
pub struct Boilerplate;

/// Points per finding scale: a document entirely past a threshold loses about
/// as much as 30 warnings per 1,000 words.
const DOC_WEIGHT: f64 = 30.0;

/// Characters of flagged text quoted in a message.
const QUOTE_CHARS: usize = 60;

/// `s` cut to [`QUOTE_CHARS`] characters, with an ellipsis when cut.
fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl Analyzer for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn analyze(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let text = doc.text;
        let mut buf = String::new();
        let mut signals = 0usize;
        let mut weak = 0usize;
        // The rare bytes `classify` looks for, found in one pass over the text each
        // rather than by a search per line (lines are short; a search has a set-up cost).
        let b = text.as_bytes();
        let mut braces = Ahead::new(memchr::memchr2_iter(b'{', b'}', b));
        let mut brackets = Ahead::new(memchr::memchr_iter(b'[', b));
        let mut copyright = Ahead::new(memchr::memmem::find_iter(b, "©".as_bytes()));
        let mut notice = Ahead::new(notice_positions(doc).into_iter());
        let mut lines = Vec::new();
        let mut joiner = stats::Joiner::default();
        for r in doc.lines() {
            let raw = &text[r.clone()];
            let from = raw.trim_start();
            let line = from.trim_end();
            let start = r.start + (raw.len() - from.len());
            joiner.add(text, raw, start, line, &mut lines);
            if line.is_empty() {
                continue;
            }
            let span = start..start + line.len();
            let rare = phrases::Rare {
                brace: braces.any_in(&span),
                bracket: brackets.any_in(&span),
                copyright: copyright.any_in(&span),
                notice: notice.any_in(&span),
            };
            let Some(class) = phrases::classify_with(line, rare, &mut buf) else {
                continue;
            };
            let q = quote(line);
            let f = match class {
                LineClass::WeakNav => {
                    weak += 1;
                    continue;
                }
                LineClass::Nav => {
                    Finding::new(&NAVIGATION, span, format!("navigation or share text \"{q}\": remove the line"))
                }
                LineClass::Legal { strong } => {
                    let f = Finding::new(&LEGAL, span, format!("legal notice \"{q}\" from a page footer"));
                    if strong {
                        f
                    } else {
                        f.with_severity(Severity::Info)
                    }
                }
                LineClass::Credit => Finding::new(&CREDIT, span, format!("media credit \"{q}\" left from a caption")),
                LineClass::Code => Finding::new(&CODE, span, format!("code or markup \"{q}\" in the text")),
            };
            if f.severity != Severity::Info && f.rule.code != CODE.code {
                signals += 1;
            }
            out.push(f.with_suggestion(""));
        }
        html::scan(text, |h| match h {
            html::Html::Tag { span, common, repair } => {
                let q = quote(&text[span.clone()]);
                let f = Finding::new(&HTML_TAG, span, format!("leftover HTML tag \"{q}\"")).with_suggestion(repair);
                out.push(if common { f } else { f.with_severity(Severity::Info) });
            }
            html::Html::Entity { span, decoded } => {
                let shown = if decoded.trim().is_empty() && !decoded.is_empty() { "a space" } else { decoded.as_str() };
                let msg = format!("HTML entity \"{}\" stands for \"{shown}\"", &text[span.clone()]);
                out.push(Finding::new(&HTML_ENTITY, span, msg).with_suggestion(decoded));
            }
        });
        lorem_ipsum(text, out);
        joiner.finish(text, &mut lines);
        let corroborated = signals >= 1 || weak >= 3;
        let words = doc.word_count().max(crate::score::MIN_WORDS) as f64;
        for c in stats::crossed(&lines) {
            let pct = (c.share * 100.0).round();
            let (rule, msg) = match c.stat {
                stats::Stat::Stubs => (
                    &SHORT_LINES,
                    format!(
                        "{} of {} lines ({pct}%) are short unpunctuated fragments like menus or link lists \
                         (FineWeb drops pages from 67%); the longest run has {} lines",
                        c.count, c.total, c.run_lines
                    ),
                ),
                stats::Stat::Unpunctuated => (
                    &UNPUNCTUATED,
                    format!(
                        "only {} of {} lines ({pct}%) end in terminal punctuation (FineWeb drops pages at 12% \
                         or less); the longest unpunctuated run has {} lines",
                        c.total - c.count,
                        c.total,
                        c.run_lines
                    ),
                ),
            };
            let weight = (DOC_WEIGHT * c.excess.max(0.05) * words / 1000.0) as f32;
            let f = Finding::new(rule, c.run, msg).with_weight(weight);
            out.push(if corroborated { f } else { f.with_severity(Severity::Info) });
        }
        if let Some(r) = stats::repeated_stubs(text, &lines) {
            let msg = format!(
                "short unpunctuated lines repeat {} times, {:.1}% of the characters (FineWeb drops pages from 1%); \
                 \"{}\" occurs {} times",
                r.repeats,
                r.share * 100.0,
                quote(&text[r.example.clone()]),
                r.example_count
            );
            let weight = (DOC_WEIGHT * r.excess.max(0.05) * words / 1000.0) as f32;
            let f = Finding::new(&REPEATED_STUBS, r.second, msg).with_weight(weight);
            out.push(if corroborated { f } else { f.with_severity(Severity::Info) });
        }
    }
}

/// The positions of [`phrases::notice_marks`] in the lines where they can matter:
/// a line whose trimmed text is longer than [`phrases::MAX_NOTICE_LINE`] is
/// classified the same with or without one, so the blocks inside such lines (half
/// the bytes of prose with long paragraphs) are not scanned.
fn notice_positions(doc: &Document) -> Vec<usize> {
    let text = doc.text;
    let short = doc
        .lines()
        .filter(|r| r.len() <= phrases::MAX_NOTICE_LINE || text[r.clone()].trim().len() <= phrases::MAX_NOTICE_LINE);
    let mut marks = Vec::new();
    phrases::notice_marks_in(text.as_bytes(), short, |q| marks.push(q));
    marks
}

/// Increasing byte positions, asked about increasing ranges.
struct Ahead<I: Iterator<Item = usize>> {
    it: I,
    next: Option<usize>,
}

impl<I: Iterator<Item = usize>> Ahead<I> {
    fn new(mut it: I) -> Self {
        let next = it.next();
        Ahead { it, next }
    }

    /// True when a position falls in `r`; positions before `r.start` are dropped
    /// (ranges must come in increasing order).
    fn any_in(&mut self, r: &std::ops::Range<usize>) -> bool {
        while let Some(p) = self.next {
            if p >= r.start {
                return p < r.end;
            }
            self.next = self.it.next();
        }
        false
    }
}

/// Reports every "lorem ipsum", in any letter case.
fn lorem_ipsum(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    for k in memchr::memmem::find_iter(b, b"orem ") {
        if k == 0 || !matches!(b[k - 1], b'l' | b'L') || (k >= 2 && b[k - 2].is_ascii_alphanumeric()) {
            continue;
        }
        let end = k + 10;
        if end > b.len() || !b[k + 5..end].eq_ignore_ascii_case(b"ipsum") {
            continue;
        }
        if end < b.len() && b[end].is_ascii_alphanumeric() {
            continue;
        }
        let span = k - 1..end;
        out.push(Finding::new(&PLACEHOLDER, span.clone(), format!("placeholder text \"{}\"", &text[span])));
    }
}
