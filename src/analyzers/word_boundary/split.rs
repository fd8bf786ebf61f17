//! Split words: "st ates", "gov ernment", "th e".

use super::lexicon::{in_prose_chunk, is_function_word};
use super::{Limits, SPLIT_WORD};
use crate::analyzers::Context;
use crate::document::{Document, NO_ID};
use crate::finding::Finding;
use crate::model::ADJACENT;
use crate::token::{is_alpha, normalize_word, TokenKind};

/// Longest joined word tried, in bytes.
const MAX_WORD_BYTES: usize = 40;

/// Checks word tokens `i` and `i + 1` for one word split in two. Returns true on a finding.
///
/// The tests on the two tokens and their ids come first and are inlined into the
/// caller's loop: they turn down most pairs, which then cost no call.
#[inline]
pub fn check_pair(
    doc: &Document,
    i: usize,
    ctx: &Context,
    lim: &Limits,
    buf: &mut String,
    out: &mut Vec<Finding>,
) -> bool {
    may_pair(doc, i, lim) && check_text(doc, i, ctx, lim, buf, out)
}

/// The first tests of [`check_pair`]: false when tokens `i` and `i + 1` are
/// certainly not one split word, judged by their kinds, ids, lengths and the gap.
#[inline]
fn may_pair(doc: &Document, i: usize, lim: &Limits) -> bool {
    let (ta, tb) = (doc.tokens[i], doc.tokens[i + 1]);
    if ta.kind != TokenKind::Word || tb.kind != TokenKind::Word {
        return false;
    }
    // A very common word beside a known word of three letters or more ("the
    // zygote", "be came") is a phrase; beside a short fragment ("general ly") it
    // may be a split word.
    let (ida, idb) = (doc.ids[i], doc.ids[i + 1]);
    if ida != NO_ID && idb != NO_ID && ida.min(idb) < lim.split_phrase_id {
        let other = if ida < idb { tb } else { ta };
        if other.end() - other.start() > 2 {
            return false;
        }
    }
    // Two known words of four letters or more, neither very rare, are a phrase
    // ("single screw", "over come"): split words leave a fragment or a non-word.
    if ida >= lim.split_fragment_id || idb >= lim.split_fragment_id {
        // One piece is unknown or very rare: go on.
    } else if ta.end() - ta.start() >= 4 && tb.end() - tb.start() >= 4 {
        return false;
    }
    let gap = &doc.text.as_bytes()[ta.end()..tb.start()];
    !(gap.is_empty() || gap.len() > 2 || !gap.iter().all(|&b| b == b' '))
}

/// The rest of [`check_pair`], for a pair that passed [`may_pair`]: the letters,
/// the joined word's counts and the context.
#[inline(never)]
fn check_text(doc: &Document, i: usize, ctx: &Context, lim: &Limits, buf: &mut String, out: &mut Vec<Finding>) -> bool {
    let m = ctx.model;
    let (ta, tb) = (doc.tokens[i], doc.tokens[i + 1]);
    let (a, b) = (doc.token_text(i), doc.token_text(i + 1));
    if a.len() + b.len() > MAX_WORD_BYTES {
        return false;
    }
    // The second piece continues a word: lower case. The first may start a sentence.
    if !b.chars().all(|c| is_alpha(c) && c.is_lowercase()) {
        return false;
    }
    let mut ac = a.chars();
    let first = ac.next().unwrap_or(' ');
    if !is_alpha(first) || !ac.all(|c| is_alpha(c) && c.is_lowercase()) {
        return false;
    }
    // A capitalised first piece is a name unless it starts a sentence ("Th e").
    if first.is_uppercase() && !starts_sentence(doc.text, ta.start()) {
        return false;
    }
    normalize_word(a, buf);
    let a_len = buf.len();
    buf.push_str(b);
    // (`split_joined` is `common`: a rarer joined word is turned down either way.)
    let Some(ij) = lim.common_id(m, buf) else {
        return false;
    };
    let cj = m.count(ij);
    let count = |id: u32| if id == NO_ID { 0 } else { m.count(id) };
    let (ca, cb) = (count(doc.ids[i]), count(doc.ids[i + 1]));
    if cj < lim.split_joined || ca.min(cb).saturating_mul(lim.split_weak_ratio) > cj {
        return false;
    }
    let pair = if ca > 0 && cb > 0 { m.pair_count(ADJACENT, doc.ids[i], doc.ids[i + 1]) } else { 0 };
    let chance = (ca as f64) * (cb as f64) / (m.tokens().max(1) as f64);
    // Pairs pruned from the model count as seen once; a piece the model never saw
    // (not even as a fragment) makes the pair far less likely than that.
    let floor = if ca > 0 && cb > 0 { 1.0 } else { 0.1 };
    let expected = (pair as f64).max(chance).max(floor);
    if (cj as f64) < lim.split_ratio as f64 * expected {
        return false;
    }
    // "a gent", "them selves": a function word beside a known word is a phrase.
    if ca > 0 && cb > 0 && (is_function_word(&buf[..a_len]) || is_function_word(b)) {
        return false;
    }
    if !in_prose_chunk(doc.text, ta.start(), ta.end()) || !in_prose_chunk(doc.text, tb.start(), tb.end()) {
        return false;
    }
    // Hyphenated or elided neighbours ("the e-mail", "o' the") are not split words.
    let joiner = |c: char| matches!(c, '-' | '\'' | '’');
    if doc.text[..ta.start()].chars().next_back().is_some_and(joiner)
        || doc.text[tb.end()..].chars().next().is_some_and(joiner)
    {
        return false;
    }
    let joined = format!("{a}{b}");
    out.push(
        Finding::new(
            &SPLIT_WORD,
            ta.start()..tb.end(),
            format!(
                "\"{}\" looks like one word split apart: \"{joined}\" (the model saw \"{buf}\" {cj} times, \"{} {b}\" {pair} times)",
                &doc.text[ta.start()..tb.end()],
                &buf[..a_len]
            ),
        )
        .with_suggestion(joined),
    );
    true
}

/// True when the text before byte `at` ends a sentence: nothing, a line break, or
/// `.`/`!`/`?` (with closing quotes) and a space.
fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    if before.len() < at && before.ends_with(['\n', '\r']) {
        return true;
    }
    let before = before.trim_end_matches(['"', '\'', '”', '’', ')']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', '\r'])
}
