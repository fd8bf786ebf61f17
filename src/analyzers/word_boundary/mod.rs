//! The word_boundary analyzer: words run together ("oldwar", "ofMilitary") and
//! words split apart ("st ates"), decided with the model's word and pair counts.
//!
//! Only rare tokens are examined, so the cost on clean text is a few comparisons
//! per token: a token is cut in two only when it is unknown to the model (or very
//! rare), and two neighbours are joined only when one of them is uncommon.

mod joined;
mod lexicon;
mod limits;
mod split;
#[cfg(test)]
mod tests;

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::rules::Rule;
use crate::token::TokenKind;
use limits::Limits;

/// WRD001: two lower-case words run together.
pub static JOINED_WORDS: Rule = Rule {
    code: "WRD001",
    name: "joined-words",
    category: Category::WordBoundary,
    severity: Severity::Warning,
    summary: "Two words run together without a space (\"oldwar\", \"inthe\").",
    doc: "## What it does\n\
Flags a token the model does not know (or has seen far less often than expected) that \
cuts into two common words whose pair the model has seen, and suggests the two words.\n\n\
## Why is this bad?\n\
A missing space is a mangled word boundary, typical of scraped text where markup \
between two words was dropped. Readers stumble and word statistics see a non-word.\n\n\
## Example\n\
```text\n\
the war ended after a long and bitter oldwar.\n\
```\n\
is reported as `\"oldwar\" looks like two words run together`, suggestion `old war`.\n\
Words the model knows well (\"cannot\", \"nonetheless\", \"into\"), names, numbers with \
units, URLs, code and capitalised or upper-case words are never flagged; nor are words \
of a passage in another language or an old spelling (\"la forme ancienne\", \"matcht \
withall\"), told by the unknown words around them.\n\n\
## How to silence it\n\
Insert the space, or raise `--fail-under`.\n",
};

/// WRD002: a lower-case function word run into a capitalised word.
pub static CAMEL_JOIN: Rule = Rule {
    code: "WRD002",
    name: "camel-case-join",
    category: Category::WordBoundary,
    severity: Severity::Warning,
    summary: "A lower-case word run into a capitalised one (\"ofMilitary\").",
    doc: "## What it does\n\
Flags a token made of a lower-case function word (\"of\", \"the\", \"in\", \"and\"...) \
followed by a capitalised word the model knows (\"ofMilitary\"), when the whole token \
is unknown, and suggests the two words with their case kept.\n\n\
## Why is this bad?\n\
In prose this shape comes from a dropped space, usually where a link or styled text \
began. Names (\"McDonald\", \"iPhone\", \"YouTube\", \"DeSantis\") start with a capital \
or a one-letter prefix and are not flagged; neither are code identifiers (in \
backticks, followed by `()`, joined with `.`, or on a line that looks like code).\n\n\
## Example\n\
```text\n\
a report ofMilitary spending\n\
```\n\
is reported as `\"ofMilitary\" looks like two words run together`, suggestion `of Military`.\n\n\
## How to silence it\n\
Insert the space, quote identifiers in backticks, or raise `--fail-under`.\n",
};

/// WRD003: one word split in two by a stray space.
pub static SPLIT_WORD: Rule = Rule {
    code: "WRD003",
    name: "split-word",
    category: Category::WordBoundary,
    severity: Severity::Warning,
    summary: "One word split in two by a space (\"st ates\", \"gov ernment\").",
    doc: "## What it does\n\
Flags two neighbouring tokens, at least one of them unknown or uncommon, that join \
into a common word far more often seen than the two pieces side by side, and suggests \
the joined word.\n\n\
## Why is this bad?\n\
A stray space inside a word comes from broken extraction (PDF columns, OCR, markup \
inside a word). It breaks search and reading alike.\n\n\
## Example\n\
```text\n\
the member st ates agreed\n\
```\n\
is reported as `\"st ates\" looks like one word split apart`, suggestion `states`.\n\
Pairs that are ordinary English (\"in to\", \"some one\", \"the e-mail\") are not flagged.\n\n\
## How to silence it\n\
Remove the space, or raise `--fail-under`.\n",
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[&JOINED_WORDS, &CAMEL_JOIN, &SPLIT_WORD];

/// Detects words run together and words split apart.
pub struct WordBoundary;

impl Analyzer for WordBoundary {
    fn name(&self) -> &'static str {
        "word_boundary"
    }

    fn analyze(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        let lim = Limits::of(ctx.model);
        if doc.text.len() >= limits::FILTER_MIN_BYTES {
            lim.build_filter(ctx.model);
        }
        let mut buf = String::new();
        let n = doc.tokens.len().min(doc.ids.len());
        let ids = &doc.ids[..n];
        // Only ids are read for common words (ids are assigned most frequent
        // first); tokens are looked at for rare and unknown ones.
        // `piece` is `may_be_piece(i)` throughout.
        let mut piece = n > 0 && lim.may_be_piece(doc, 0);
        let mut i = 0;
        while i < n {
            let next_piece = if piece {
                i + 1 < n && lim.may_be_piece(doc, i + 1)
            } else {
                // A token that is not a piece, followed by another, cannot start a
                // finding: a split word needs a piece, and a joined word is rare, so a
                // piece too (a word with an id from `rare_known_id >= split_trigger_id`
                // on). So go on from the token before the next piece.
                let j = lim.next_piece(doc, i + 1, n);
                if j >= n {
                    break;
                }
                i = j - 1;
                true
            };
            if ids[i] >= lim.rare_known_id
                && doc.tokens[i].kind == TokenKind::Word
                && (joined::check_camel(doc, i, ctx, &lim, &mut buf, out)
                    || joined::check_lower(doc, i, ctx, &lim, out))
            {
                (i, piece) = (i + 1, next_piece);
                continue;
            }
            if (piece || next_piece) && i + 1 < n && split::check_pair(doc, i, ctx, &lim, &mut buf, out) {
                i += 2;
                piece = i < n && lim.may_be_piece(doc, i);
                continue;
            }
            (i, piece) = (i + 1, next_piece);
        }
    }
}
