//! Joined words: "oldwar" (two lower-case words) and "ofMilitary" (camelCase).

use super::lexicon::{
    in_prose_chunk, is_camel_prefix, is_compound_head, is_compound_tail, is_function_word, on_code_line,
};
use super::{Limits, CAMEL_JOIN, JOINED_WORDS};
use crate::analyzers::Context;
use crate::document::{Document, NO_ID};
use crate::finding::Finding;
use crate::model::ADJACENT;
use crate::token::TokenKind;

/// A join of two content words is flagged only if their pair is seen at most this
/// many times more often than chance predicts.
const MAX_CONTENT_LIFT: f64 = 3.0;
/// ...unless the token is at least this long and both pieces have five letters or
/// more: long unknown tokens are rarely compounds ("emergencyspecial").
const LONG_JOIN_BYTES: usize = 13;
/// A join with a function word is flagged only if the pair is seen at least this
/// fraction of what chance predicts ("at to" is not an English sequence).
const MIN_FUNCTION_LIFT: f64 = 0.1;
/// Longest token tried as a join, in bytes (two long words; every cut is looked up).
const MAX_JOIN_BYTES: usize = 40;
/// Word tokens looked at on each side for unknown neighbours.
const NEIGHBOURS: usize = 4;

/// The best way to cut a token in two.
struct Cut {
    at: usize,
    pair: u64,
    count_a: u64,
    count_b: u64,
}

/// Checks word token `i` for two lower-case words run together ("oldwar", "inthe").
pub fn check_lower(doc: &Document, i: usize, ctx: &Context, lim: &Limits, out: &mut Vec<Finding>) -> bool {
    let m = ctx.model;
    let t = doc.tokens[i];
    let w = doc.token_text(i);
    let id = doc.ids[i];
    if w.len() < 4 || w.len() > MAX_JOIN_BYTES || !w.chars().all(|c| crate::token::is_alpha(c) && c.is_lowercase()) {
        return false;
    }
    let count = if id == NO_ID { 0 } else { m.count(id) };
    // A known token is only tried as a join with a function word ("inthe", "ofthe"):
    // compounds in the vocabulary ("flowerbed") are words.
    let Some(cut) = best_cut(w, ctx, lim, count > 0) else {
        return false;
    };
    let (a, b) = (&w[..cut.at], &w[cut.at..]);
    let (fa, fb) = (is_function_word(a), is_function_word(b));
    // How much more often the pair is seen than chance predicts. Closed compounds
    // ("flowerbed", "swordplay") come from strong collocations; a dropped space
    // joins words that merely happen to meet ("old war", "the war").
    let chance = cut.count_a as f64 * cut.count_b as f64 / m.tokens().max(1) as f64;
    let lift = cut.pair as f64 / chance.max(1e-9);
    let ok = if count > 0 {
        // A known but rare token: the pair must be far more common than the token.
        cut.pair >= lim.known_pair_ratio * count && cut.pair >= lim.known_pair_min
    } else if (is_compound_head(a) && !fb) || (is_compound_tail(b) && !fa) {
        false
    } else if fa || fb {
        cut.pair >= lim.function_pair_min && lift >= MIN_FUNCTION_LIFT
    } else {
        let long = w.len() >= LONG_JOIN_BYTES && a.len() >= 5 && b.len() >= 5;
        cut.pair >= lim.content_pair_min
            && cut.count_a.min(cut.count_b) >= lim.content
            && (lift <= MAX_CONTENT_LIFT || long)
    };
    if !ok || elided(doc.text, t.start(), t.end()) || !in_prose_chunk(doc.text, t.start(), t.end()) {
        return false;
    }
    // An unknown token next to any other unknown word is left alone (names, dialect,
    // another language); a known one ("forme", "isto") only in a foreign passage.
    let foreign = if count == 0 { unknown_neighbour(doc, i) } else { in_foreign_passage(doc, i, ctx, lim) };
    if on_code_line(doc.text, t.start()) || foreign {
        return false;
    }
    let seen = if count == 0 { "never".to_string() } else { format!("{count} times") };
    out.push(
        Finding::new(
            &JOINED_WORDS,
            t.range(),
            format!(
                "\"{w}\" looks like two words run together: \"{a} {b}\" (the model saw \"{a} {b}\" {} times, \"{w}\" {seen})",
                cut.pair
            ),
        )
        .with_suggestion(format!("{a} {b}")),
    );
    true
}

/// True when an apostrophe touches the token as in dialect elisions ("stayin'",
/// "'bout"); not after a plural "s" ("the unions' votes").
fn elided(text: &str, start: usize, end: usize) -> bool {
    let apostrophe = |c: char| c == '\'' || c == '’';
    (text[end..].chars().next().is_some_and(apostrophe) && !text[..end].ends_with('s'))
        || text[..start].chars().next_back().is_some_and(apostrophe)
}

/// The word tokens around token `i`: up to [`NEIGHBOURS`] on each side (looked for
/// within three times as many tokens), the left ones nearest first.
fn neighbours<'d>(doc: &'d Document, i: usize) -> impl Iterator<Item = usize> + 'd {
    let words = |j: &usize| doc.tokens[*j].kind == TokenKind::Word;
    let (lo, hi) = (i.saturating_sub(3 * NEIGHBOURS), (i + 1 + 3 * NEIGHBOURS).min(doc.tokens.len()));
    (lo..i).rev().filter(words).take(NEIGHBOURS).chain((i + 1..hi).filter(words).take(NEIGHBOURS))
}

/// True when a lower-case word near token `i` is unknown too: a passage in another
/// language or dialect, where unknown tokens are not joined English words.
fn unknown_neighbour(doc: &Document, i: usize) -> bool {
    neighbours(doc, i).any(|j| doc.ids[j] == NO_ID && doc.token_text(j).chars().next().is_some_and(char::is_lowercase))
}

/// True when token `i` stands in a passage of another language ("la forme entière de
/// l'humaine condition", "em dinheiro isto corresponde"), where a token that reads as
/// two English words is a word of that language: among its [`neighbours`], lower-case
/// words unknown to the model that are no joins of two common words either, at least
/// as many as English function words (a quotation's words outnumber the English ones
/// the window reaches across its quotation marks). Unknown neighbours that are joins
/// themselves ("ofthe obstructionto") are the damage of a text with many dropped
/// spaces; unknown names among English function words ("the dimwits fancey and jock
/// strapp aswell as the") are English.
fn in_foreign_passage(doc: &Document, i: usize, ctx: &Context, lim: &Limits) -> bool {
    let (mut foreign, mut english) = (0, 0);
    for j in neighbours(doc, i) {
        let w = doc.token_text(j);
        if !w.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        if doc.ids[j] != NO_ID {
            english += is_function_word(w) as usize;
        } else if w.len() > MAX_JOIN_BYTES || best_cut(w, ctx, lim, false).is_none() {
            foreign += 1;
        }
    }
    foreign > 0 && foreign >= english
}

/// The cut of `w` into two common words whose pair is most often seen; with
/// `function_only`, only cuts where one piece is a function word are tried.
fn best_cut(w: &str, ctx: &Context, lim: &Limits, function_only: bool) -> Option<Cut> {
    let m = ctx.model;
    let mut best: Option<Cut> = None;
    for (k, _) in w.char_indices().skip(1) {
        let (a, b) = (&w[..k], &w[k..]);
        // "a" may end an unknown token after a function word ("witha", "toa"); other
        // one-letter pieces never.
        let a_after_function = !function_only && b == "a" && is_function_word(a);
        if a.len() == 1 || (b.len() == 1 && !a_after_function) || (!function_only && (short_piece(a) || short_piece(b)))
        {
            continue;
        }
        if function_only && !is_function_word(a) && !is_function_word(b) {
            continue;
        }
        let Some(ia) = lim.common_id(m, a) else { continue };
        let ca = m.count(ia);
        if ca < lim.common {
            continue;
        }
        let Some(ib) = lim.common_id(m, b) else { continue };
        let cb = m.count(ib);
        if cb < lim.common {
            continue;
        }
        let pair = m.pair_count(ADJACENT, ia, ib);
        if best.as_ref().is_none_or(|c| (pair, ca.min(cb)) > (c.pair, c.count_a.min(c.count_b))) {
            best = Some(Cut { at: k, pair, count_a: ca, count_b: cb });
        }
    }
    best
}

/// Two-letter pieces that are not function words ("th", "st") are not tried in
/// unknown tokens. (One-letter pieces are tried only as above: "astrand",
/// "passa", "fora" are words of their own more often than joins with "a".)
fn short_piece(p: &str) -> bool {
    p.len() == 2 && !is_function_word(p)
}

/// Checks word token `i` for a lower-case function word joined to a capitalised
/// word ("ofMilitary"). Names ("McDonald", "iPhone", "DeSantis") start with a
/// capital or a one-letter prefix and stay silent; so do code identifiers.
pub fn check_camel(
    doc: &Document,
    i: usize,
    ctx: &Context,
    lim: &Limits,
    buf: &mut String,
    out: &mut Vec<Finding>,
) -> bool {
    let m = ctx.model;
    let t = doc.tokens[i];
    let w = doc.token_text(i);
    if doc.ids[i] != NO_ID || w.len() < 5 || w.len() > MAX_JOIN_BYTES || !w.as_bytes()[0].is_ascii_lowercase() {
        return false;
    }
    // Exactly one case change: lower-case prefix, then one capital, then lower case.
    let Some(k) = w.find(|c: char| c.is_uppercase()) else {
        return false;
    };
    let (a, b) = (&w[..k], &w[k..]);
    let mut rest = b.chars();
    rest.next();
    let rest = rest.as_str();
    if rest.len() < 2 || !rest.chars().all(|c| crate::token::is_alpha(c) && c.is_lowercase()) || !is_camel_prefix(a) {
        return false;
    }
    crate::token::normalize_word(b, buf);
    let Some(ib) = m.word_id(buf) else {
        return false;
    };
    let cb = m.count(ib);
    let Some(ia) = m.word_id(a) else { return false };
    let pair = m.pair_count(ADJACENT, ia, ib);
    if cb < lim.common || pair < lim.camel_pair_min {
        return false;
    }
    if !in_prose_chunk(doc.text, t.start(), t.end()) || on_code_line(doc.text, t.start()) {
        return false;
    }
    out.push(
        Finding::new(
            &CAMEL_JOIN,
            t.range(),
            format!(
                "\"{w}\" looks like two words run together: \"{a} {b}\" (the model saw \"{a} {}\" {pair} times)",
                buf
            ),
        )
        .with_suggestion(format!("{a} {b}")),
    );
    true
}
