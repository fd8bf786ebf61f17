#![allow(clippy::needless_range_loop)]
//! Measures the spin analyzer on the development split of ../shared/reference.
//!
//! For up to N dev documents per corpus file (first 20,000 characters of each),
//! checks the clean text and spun copies made by `bench/spinner.rs` at 5%, 15% and
//! 30% with every analyzer on, and prints: clean false-fail rate per source,
//! detection rate at the gate, precision of spin findings against the spans the
//! spinner changed, and how often the suggestion restores the original.
//! `--para` runs the same on paragraphs of about 150 words.
//!
//! `--consistent` makes the spinner swap a word the same way wherever it occurs, as
//! real spinners mostly do (`bench/spinner.rs` swaps each occurrence independently);
//! `--real DIR FEAT` prints the strong words of the texts in `DIR` with their
//! in-document consistency and writes their `--feat` lines to `FEAT`.
//!
//! `--half test` keeps only the test half of the dev split (thresholds were tuned on
//! `--half cal`); `--dump PATH` writes per-text evidence counts and word likelihood
//! ratios for tuning instead of the table. With `BREAKDOWN=1` set, every piece of
//! evidence in spun copies the verdict finds spun is printed to stderr (kind, LLR,
//! unseen sides, sides, swapped count, true swap or not, and for shown swaps whether the
//! suggestion is the original text of its span), to tune what is shown.
//!
//! cargo run --release --example spin_eval -- [--per-source N] [--para] [--half cal|test] [--model PATH] [--gate G] [--dump PATH] [--feat PATH] [--consistent] [--real DIR]
//!
//! `--spun-out PATH` (EXPERIMENT, session 13, topic coherence: `bench/topic/`) writes per-word JSON
//! lines for clean, 5% and 15% copies, and the words' model synonyms to `PATH.syn.json`.

#[path = "spinner.rs"]
mod spinner;

use std::collections::BTreeMap;
use std::path::PathBuf;

use garbled::analyzers::{default_set, Context};
use garbled::docs::{for_each_doc, is_dev};
use garbled::document::{Document, Origin};
use garbled::finding::{Category, Severity};
use garbled::model::Model;
use garbled::score::Tally;

const RATES: [f64; 3] = [0.05, 0.15, 0.30];

#[derive(Default)]
struct Row {
    docs: usize,
    clean_fail: usize,
    detected: [usize; 3],
    findings: [usize; 3],
    true_findings: [usize; 3],
    restored: [usize; 3],
    changes: [usize; 3],
    content: [usize; 3],
    clean_spin_scores: Vec<u8>,
}

impl Row {
    /// Adds another row's counts (a document's, or a source's to the total).
    fn add(&mut self, r: &Row) {
        self.docs += r.docs;
        self.clean_fail += r.clean_fail;
        for k in 0..3 {
            self.detected[k] += r.detected[k];
            self.findings[k] += r.findings[k];
            self.true_findings[k] += r.true_findings[k];
            self.restored[k] += r.restored[k];
            self.changes[k] += r.changes[k];
            self.content[k] += r.content[k];
        }
        self.clean_spin_scores.extend(&r.clean_spin_scores);
    }
}

/// Length classes (words) of the by-length table: the evidence a text can hold grows with its length.
const LENGTHS: [usize; 5] = [0, 150, 300, 600, 1200];

/// The label of length class `i` of [`LENGTHS`].
fn length_label(i: usize) -> String {
    match LENGTHS.get(i + 1) {
        Some(hi) => format!("{}-{} words", LENGTHS[i], hi - 1),
        None => format!("{}+ words", LENGTHS[i]),
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Prints one row of the result table.
fn print_row(name: &str, r: &Row) {
    let det = |k: usize| format!("{:5.1}% [{:4.1}%]", pct(r.detected[k], r.docs), pct(r.changes[k], r.content[k]));
    println!(
        "{:<26} {:>5} {:>7.2}% | {:>14} {:>14} {:>14} | {:>8.1}% {:>8.1}% {:>8.1}% | {:>7.1}%",
        name,
        r.docs,
        pct(r.clean_fail, r.docs),
        det(0),
        det(1),
        det(2),
        pct(r.true_findings[0], r.findings[0]),
        pct(r.true_findings[1], r.findings[1]),
        pct(r.true_findings[2], r.findings[2]),
        pct(r.restored.iter().sum(), r.true_findings.iter().sum())
    );
}

/// 1 for the calibration half of the dev split (thresholds are tuned there), 0 for
/// the test half (results are reported there).
fn calibration_bit(source: &str, id: &str) -> u64 {
    (garbled::model::format::hash(format!("{source}/{id}").as_bytes()) >> 33) & 1
}

/// Words above this log-likelihood ratio are dumped (the verdict's `LR_FLOOR`).
const DUMP_FLOOR: f64 = garbled::analyzers::spin::verdict::LR_FLOOR;

/// One line per text: source, id, calibration bit, rate index (0 clean, then the
/// `RATES`), words, the verdict's distinct evidence count, the log-likelihood ratio of
/// every distinct word above `DUMP_FLOOR` (`ln LR,`), then the spinner
/// phrases found (`index:count:expected;`), then `log_lr,unseen,changed;` for every
/// eligible word (`word_lrs_all`).
#[allow(clippy::too_many_arguments)]
fn write_dump(
    out: &mut impl std::io::Write,
    source: &str,
    id: &str,
    cal: u64,
    k: usize,
    text: &str,
    changes: &[spinner::Change],
    model: &Model,
) {
    use garbled::analyzers::spin::phrases::{find, model_key, next_links, phrase_ids, PHRASES};
    let d = Document::new(text, model, &[], Origin::default());
    use garbled::analyzers::spin::{verdict, Evidence};
    let mut found = Vec::new();
    garbled::analyzers::spin::phrase_findings(&d, model, &mut found);
    let v = verdict::assess(&d, &Evidence::with_min_lr(&d, model, DUMP_FLOOR), &found);
    write!(out, "{source}\t{id}\t{cal}\t{k}\t{}\t{}\t", d.word_count(), v.tally.total()).unwrap();
    // Distinct single-word pair swaps (as counted) with their best LLR; then phrases.
    let ev = Evidence::with_min_lr(&d, model, DUMP_FLOOR);
    let mut pairs: BTreeMap<String, f64> = BTreeMap::new();
    for p in ev.scores().iter().filter(|p| garbled::analyzers::spin::reportable(p) && !p.entity) {
        let e = pairs.entry(text[p.span.clone()].to_lowercase()).or_insert(0.0);
        *e = e.max(p.llr);
    }
    for x in pairs.values() {
        write!(out, "{x:.2},").unwrap();
    }
    write!(out, "|{}|{}\t", v.tally.phrases.len(), v.tally.words.len()).unwrap();
    for x in v.scored.iter().filter_map(|s| s.llr) {
        write!(out, "{x:.2},").unwrap();
    }
    write!(out, "\t").unwrap();
    let n = d.tokens.len();
    let next = next_links(n, d.word_pairs());
    let ids = phrase_ids(|w| model.word_id(w));
    let tid = |i: usize| if d.tokens[i].kind == garbled::token::TokenKind::Word { d.ids[i] } else { u32::MAX };
    let hits = find(n, tid, &ids, &next);
    let total = model.tokens().max(1) as f64;
    for (q, p) in PHRASES.iter().enumerate() {
        let c = hits.iter().filter(|h| h.0 == q).count();
        let rate = model.word_count(&model_key(p)).max(1) as f64 / total;
        write!(out, "{q}:{c}:{:.4};", rate * d.word_count() as f64).unwrap();
    }
    write!(out, "\t").unwrap();
    for (w, unseen) in garbled::analyzers::spin::word_lrs_all(&d, model) {
        let t = d.tokens[w.token];
        let changed = changes.iter().any(|c| c.span.start < t.end() && t.start() < c.span.end);
        write!(out, "{:.2},{unseen},{};", w.log_lr, changed as u8).unwrap();
    }
    writeln!(out).unwrap();
}

/// How often each vocabulary id occurs in `d`.
fn occurrences(d: &Document) -> std::collections::HashMap<u32, u32> {
    let mut m = std::collections::HashMap::new();
    for &id in d.ids.iter().filter(|&&id| id != garbled::document::NO_ID) {
        *m.entry(id).or_insert(0) += 1;
    }
    m
}

/// In-document consistency of the suspect word of `p`: (other occurrences of the
/// word, occurrences of its suggested original, occurrences of any of the synonyms
/// its likelihood ratio sums over).
fn consistency(
    d: &Document,
    model: &Model,
    occ: &std::collections::HashMap<u32, u32>,
    p: &garbled::analyzers::spin::PositionScore,
) -> (u32, u32, u32) {
    let n = |id: u32| occ.get(&id).copied().unwrap_or(0);
    let w = d.ids[p.tokens.1];
    let own = n(w).saturating_sub(1);
    let best = model.word_id(&p.suggestion(d, model).to_lowercase()).map_or(0, n);
    let any = if w == garbled::document::NO_ID { 0 } else { model.synonyms(w).take(4).map(n).sum() };
    (own, best, any)
}

/// Floor of the likelihood ratio for the words written by `write_feat`.
const FEAT_FLOOR: f64 = 4.0;

/// One line per text for tuning the verdict's aggregation (`--feat PATH`): source,
/// id, calibration bit, rate index, words, content words, changes; then every strong
/// word above `FEAT_FLOOR` (`hash,llr,unseen,sides,swapped count,swapped pmi,observed
/// count,ln word count,changed,own,best,any,occurrences,Σ llr,consistent llr;`), every single/name swap (`hash,llr,
/// unseen,sides,swapped count,swapped pmi,observed count,reportable,entity,changed,
/// own,best,any;`) and every spinner-phrase finding (`hash,changed;`), where `own,
/// best,any` is the word's in-document consistency (see [`consistency`]).
#[allow(clippy::too_many_arguments)]
fn write_feat(
    out: &mut impl std::io::Write,
    source: &str,
    id: &str,
    cal: u64,
    k: usize,
    text: &str,
    changes: &[spinner::Change],
    content: usize,
    model: &Model,
) {
    use garbled::analyzers::spin::{phrase_findings, reportable, Evidence};
    let d = Document::new(text, model, &[], Origin::default());
    let ch = |s: &std::ops::Range<usize>| changes.iter().any(|c| c.span.start < s.end && s.start < c.span.end) as u8;
    let h = |s: &std::ops::Range<usize>| garbled::model::format::hash(text[s.clone()].to_lowercase().as_bytes()) as u32;
    write!(out, "{source}\t{id}\t{cal}\t{k}\t{}\t{content}\t{}\t", d.word_count(), changes.len()).unwrap();
    let ev = Evidence::with_min_lr(&d, model, FEAT_FLOOR);
    let occ = occurrences(&d);
    let by_word = garbled::analyzers::spin::word_lrs_by_word(&d, model);
    for p in ev.strong() {
        let wc = model.word_count(&text[p.span.clone()].to_lowercase()).max(1) as f64;
        let (own, best, any) = consistency(&d, model, &occ, p);
        let o = by_word.get(&d.ids[p.tokens.1]).copied();
        let (on, osum, ocons) = o.map_or((0, 0.0, 0.0), |o| (o.n, o.sum_llr, o.consistent_llr));
        write!(
            out,
            "{},{:.2},{},{},{},{:.2},{},{:.2},{},{own},{best},{any},{on},{osum:.2},{ocons:.2};",
            h(&p.span),
            p.llr,
            p.unseen,
            p.sides,
            p.swapped.1,
            p.swapped_pmi,
            p.observed.1,
            wc.ln(),
            ch(&p.span)
        )
        .unwrap();
    }
    write!(out, "\t").unwrap();
    for p in ev.scores() {
        let (own, best, any) = consistency(&d, model, &occ, &p);
        write!(
            out,
            "{},{:.2},{},{},{},{:.2},{},{},{},{},{own},{best},{any};",
            h(&p.span),
            p.llr,
            p.unseen,
            p.sides,
            p.swapped.1,
            p.swapped_pmi,
            p.observed.1,
            reportable(&p) as u8,
            p.entity as u8,
            ch(&p.span)
        )
        .unwrap();
    }
    write!(out, "\t").unwrap();
    let mut found = Vec::new();
    phrase_findings(&d, model, &mut found);
    for f in &found {
        write!(out, "{},{};", h(&f.span), ch(&f.span)).unwrap();
    }
    writeln!(out).unwrap();
}

/// EXPERIMENT (session 13, topic coherence; not used by the product): one JSON line per
/// text for `--spun-out PATH`: source, id, rate index, the text, the changes
/// `[start, end, original]`, and per word token `[start, end, word, eligible, changed,
/// original, bigram log LR (or null), unseen sides, strong, pair]`, where `eligible` is
/// the spinner's content-word test (on the original word for a changed token),
/// `strong` a word the verdict counts (unseen side and ratio above `LR_FLOOR`) and
/// `pair` a reportable single-word swap. Every word's model synonyms go to `syn`.
#[allow(clippy::too_many_arguments)]
fn write_spun(
    out: &mut impl std::io::Write,
    syn: &mut std::collections::BTreeMap<String, Vec<String>>,
    source: &str,
    id: &str,
    k: usize,
    text: &str,
    changes: &[spinner::Change],
    model: &Model,
) {
    use garbled::analyzers::spin::{reportable, verdict, Evidence};
    use garbled::token::TokenKind;
    let d = Document::new(text, model, &[], Origin::default());
    let ev = Evidence::with_min_lr(&d, model, verdict::LR_FLOOR);
    let strong: std::collections::HashSet<usize> =
        ev.strong().iter().filter(|p| p.llr > verdict::LR_FLOOR).map(|p| p.tokens.1).collect();
    let pair: std::collections::HashSet<usize> =
        ev.scores().iter().filter(|p| reportable(p) && !p.entity).flat_map(|p| p.tokens.0..=p.tokens.1).collect();
    let lrs: std::collections::HashMap<usize, (f64, u8)> =
        garbled::analyzers::spin::word_lrs_all(&d, model).into_iter().map(|(w, u)| (w.token, (w.log_lr, u))).collect();
    let content = |w: &str| w.len() >= 3 && !spinner::STOP.contains(&w) && w.chars().all(|c| c.is_alphabetic());
    let mut toks = Vec::new();
    for (i, t) in d.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = text[t.range()].to_lowercase();
        let c = changes.iter().find(|c| c.span.start < t.end() && t.start() < c.span.end);
        let orig = c.map(|c| c.original.to_lowercase());
        let eligible = match &orig {
            Some(o) => !o.contains(' ') && content(o) && !w.contains(' '),
            None => content(&w),
        };
        if eligible && d.ids[i] != garbled::document::NO_ID && !syn.contains_key(&w) {
            syn.insert(w.clone(), model.synonyms(d.ids[i]).map(|s| model.word(s).to_string()).collect());
        }
        let (lr, unseen) = lrs.get(&i).map_or((None, 0), |&(x, u)| (Some((x * 100.0).round() / 100.0), u));
        toks.push(serde_json::json!([
            t.start(),
            t.end(),
            w,
            eligible as u8,
            c.is_some() as u8,
            orig,
            lr,
            unseen,
            strong.contains(&i) as u8,
            pair.contains(&i) as u8
        ]));
    }
    let ch: Vec<_> = changes.iter().map(|c| serde_json::json!([c.span.start, c.span.end, c.original])).collect();
    let line = serde_json::json!({"source": source, "id": id, "k": k, "words": d.word_count(), "text": text, "changes": ch, "toks": toks});
    writeln!(out, "{line}").unwrap();
}

/// A consistent spinner, as real ones are (`--consistent`): every occurrence of a
/// word gets the swap `spun` made at its first occurrence (or none), where `spun` is
/// the per-occurrence spinner's output for `text`. Phrase swaps stay as they were.
/// The expected share of words swapped stays the same.
fn make_consistent(text: &str, spun: spinner::Spun) -> spinner::Spun {
    use garbled::analyzers::spin::match_case;
    use garbled::token::{tokenize, TokenKind};
    // The original ranges of the changes: (start, end, replacement, phrase or not).
    let mut delta = 0isize;
    let mut edits = Vec::new();
    for c in &spun.changes {
        let start = (c.span.start as isize - delta) as usize;
        let rep = &spun.text[c.span.clone()];
        edits.push((start, start + c.original.len(), rep.to_string(), rep.contains(' ') || c.original.contains(' ')));
        delta += rep.len() as isize - c.original.len() as isize;
    }
    // Each word's fate at its first occurrence.
    let mut fate: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
    let toks = tokenize(text);
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        let w = text[t.range()].to_lowercase();
        let e = edits.iter().find(|e| e.0 == t.start() && !e.3);
        fate.entry(w).or_insert_with(|| e.map(|e| e.2.to_lowercase()));
    }
    let (mut out, mut changes, mut pos) = (String::new(), Vec::new(), 0);
    let mut phrase = edits.iter().filter(|e| e.3).peekable();
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        if t.start() < pos {
            continue;
        }
        let (s, e, rep) = match phrase.peek() {
            Some(p) if p.0 == t.start() => {
                let p = phrase.next().unwrap();
                (p.0, p.1, p.2.clone())
            }
            _ => match fate.get(&text[t.range()].to_lowercase()) {
                Some(Some(x)) => (t.start(), t.end(), match_case(&text[t.range()], x)),
                _ => continue,
            },
        };
        out.push_str(&text[pos..s]);
        let start = out.len();
        out.push_str(&rep);
        changes.push(spinner::Change { span: start..out.len(), original: text[s..e].to_string() });
        pos = e;
    }
    out.push_str(&text[pos..]);
    spinner::Spun { text: out, changes, content_words: spun.content_words }
}

/// `--real DIR FEAT`: for every text file of `DIR` (`../shared/spun-examples`), one
/// line per strong word above `FEAT_FLOOR` on stdout (file, byte offset, word,
/// suggestion, llr, unseen sides, and its in-document consistency, see
/// [`consistency`]), and the text's `--feat` line in `FEAT`.
fn real_examples(dir: &std::path::Path, feat: &std::path::Path, model: &Model) {
    use garbled::analyzers::spin::Evidence;
    let mut out = std::io::BufWriter::new(std::fs::File::create(feat).unwrap());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let d = Document::new(&text, model, &[], Origin::default());
        let ev = Evidence::with_min_lr(&d, model, FEAT_FLOOR);
        let occ = occurrences(&d);
        let name = f.file_name().unwrap().to_string_lossy();
        // The texts as `--feat` lines too (rate index 1 for spun ones; changes unknown).
        write_feat(&mut out, "real", &name, 0, name.contains(".spun") as usize, &text, &[], 0, model);
        for p in ev.strong() {
            let (own, best, any) = consistency(&d, model, &occ, p);
            let w = &text[p.span.clone()];
            println!(
                "{name}\t{}\t{w}\t{}\t{:.2}\t{}\t{own}\t{best}\t{any}",
                p.span.start,
                p.suggestion(&d, model),
                p.llr,
                p.unseen
            );
        }
    }
}

fn paragraphs(text: &str, words: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut n = 0;
    for sent in text.split_inclusive(['.', '!', '?', '\n']) {
        cur.push_str(sent);
        n += sent.split_whitespace().count();
        if n >= words {
            out.push(std::mem::take(&mut cur));
            n = 0;
        }
    }
    if n >= words / 2 {
        out.push(cur);
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut per_source = 60usize;
    let mut para = false;
    // Real spinners swap a word the same way wherever it occurs (see `make_consistent`).
    let mut consistent = false;
    let mut gate = garbled::score::DEFAULT_FAIL_UNDER;
    let mut model: &'static Model = Model::embedded();
    let mut show = 0usize;
    // Which half of the dev split: thresholds are tuned on "cal", reported on "test".
    let mut half: Option<u64> = None;
    let mut dump: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut feat: Option<std::io::BufWriter<std::fs::File>> = None;
    // EXPERIMENT (session 13): per-word dump for the topic-coherence study.
    let mut spun_out: Option<(String, std::io::BufWriter<std::fs::File>)> = None;
    let mut spun_syn: BTreeMap<String, Vec<String>> = BTreeMap::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--per-source" => per_source = args.next().unwrap().parse().unwrap(),
            "--para" => para = true,
            "--consistent" => consistent = true,
            "--gate" => gate = args.next().unwrap().parse().unwrap(),
            "--show" => show = args.next().unwrap().parse().unwrap(),
            "--half" => {
                half = match args.next().unwrap().as_str() {
                    "cal" => Some(1),
                    "test" => Some(0),
                    _ => None,
                }
            }
            "--real" => {
                let dir = args.next().unwrap();
                let feat = args.next().unwrap();
                real_examples(std::path::Path::new(&dir), std::path::Path::new(&feat), model);
                return;
            }
            "--spun-out" => {
                let p = args.next().unwrap();
                spun_out = Some((p.clone(), std::io::BufWriter::new(std::fs::File::create(p).unwrap())))
            }
            "--feat" => feat = Some(std::io::BufWriter::new(std::fs::File::create(args.next().unwrap()).unwrap())),
            "--dump" => dump = Some(std::io::BufWriter::new(std::fs::File::create(args.next().unwrap()).unwrap())),
            "--model" => {
                let bytes = std::fs::read(args.next().unwrap()).unwrap();
                model = Box::leak(Box::new(Model::new(bytes).unwrap()));
            }
            x => panic!("unknown argument {x}"),
        }
    }
    let dir = PathBuf::from("../shared/reference");
    let spinner = spinner::Spinner::load(&PathBuf::from("../shared/lexicon")).expect("lexicon");
    let analyzers = default_set();
    let ctx = Context { model };
    let check = |text: &str| {
        let doc = Document::new(text, model, &[], Origin::default());
        let mut out = Vec::new();
        for a in &analyzers {
            a.analyze(&doc, &ctx, &mut out);
        }
        let mut t = Tally::default();
        out.iter().for_each(|f| t.add(f));
        (out, t.scores(doc.word_count()))
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    // The same counts by length class (see `LENGTHS`).
    let mut by_len: BTreeMap<usize, Row> = BTreeMap::new();
    // LLR histograms: clean positions, spun true positions, spun false positions (15%).
    let mut hist = [[0usize; 8]; 3];
    let mode: u8 = std::env::var("HIST").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let keep = move |p: &garbled::analyzers::spin::PositionScore| match mode {
        1 => p.unseen >= 1,
        2 => p.unseen == p.sides,
        3 => p.unseen >= 1 && p.swapped_pmi >= 3.0 && p.swapped.1 >= 20,
        4 => p.unseen >= 1 && p.swapped_pmi >= 4.0 && p.swapped.1 >= 50,
        _ => true,
    };
    let (mut clean_words, mut spun_words) = (0usize, 0usize);
    let bucket = |x: f64| ((x / 2.0).floor().max(0.0) as usize).min(7);
    let mut shown = 0;
    for f in &files {
        let mut texts = Vec::new();
        let _ = for_each_doc(f, |d| {
            if texts.len() >= per_source || !is_dev(&d.source, &d.id) {
                return;
            }
            if half.is_some_and(|h| calibration_bit(&d.source, &d.id) != h) {
                return;
            }
            let mut end = d.text.len().min(20_000);
            while !d.text.is_char_boundary(end) {
                end -= 1;
            }
            let body = &d.text[..end];
            if para {
                for p in paragraphs(body, 150).into_iter().take(3) {
                    texts.push((d.source.clone(), d.id.clone(), p));
                }
            } else if body.split_whitespace().count() >= 50 {
                texts.push((d.source.clone(), d.id.clone(), body.to_string()));
            }
        });
        if let Some((_, out)) = spun_out.as_mut() {
            for (source, id, text) in &texts {
                let seed = garbled::model::format::hash(format!("{source}/{id}").as_bytes());
                for k in 0..3 {
                    if k == 0 {
                        write_spun(out, &mut spun_syn, source, id, 0, text, &[], model);
                        continue;
                    }
                    let s = spinner.spin(text, RATES[k - 1], seed);
                    let s = if consistent { make_consistent(text, s) } else { s };
                    write_spun(out, &mut spun_syn, source, id, k, &s.text, &s.changes, model);
                }
            }
            eprintln!("{} {} texts", f.display(), texts.len());
            continue;
        }
        if let Some(out) = feat.as_mut() {
            for (source, id, text) in &texts {
                let seed = garbled::model::format::hash(format!("{source}/{id}").as_bytes());
                for k in 0..=RATES.len() {
                    let rate = if k == 0 { 0.0 } else { RATES[k - 1] };
                    let s = spinner.spin(text, rate, seed);
                    let s = if consistent { make_consistent(text, s) } else { s };
                    let (t, changes) = if k == 0 { (text.clone(), Vec::new()) } else { (s.text, s.changes) };
                    write_feat(out, source, id, calibration_bit(source, id), k, &t, &changes, s.content_words, model);
                }
            }
            continue;
        }
        if let Some(out) = dump.as_mut() {
            for (source, id, text) in &texts {
                let seed = garbled::model::format::hash(format!("{source}/{id}").as_bytes());
                for k in 0..=RATES.len() {
                    let (t, changes) = match k {
                        0 => (text.clone(), Vec::new()),
                        _ => {
                            let s = spinner.spin(text, RATES[k - 1], seed);
                            (s.text, s.changes)
                        }
                    };
                    write_dump(out, source, id, calibration_bit(source, id), k, &t, &changes, model);
                }
            }
            continue;
        }
        for (source, id, text) in texts {
            let mut one = Row::default();
            let row = &mut one;
            row.docs += 1;
            let (clean, s) = check(&text);
            let len_class;
            {
                let d = Document::new(&text, model, &[], Origin::default());
                clean_words += d.word_count();
                len_class = LENGTHS.iter().rposition(|&lo| d.word_count() >= lo).unwrap_or(0);
                for p in garbled::analyzers::spin::position_scores(&d, model).into_iter().filter(|p| keep(p)) {
                    hist[0][bucket(p.llr)] += 1;
                }
            }
            row.clean_spin_scores.push(s.categories[Category::Spin.index()]);
            if s.file < gate {
                row.clean_fail += 1;
                if shown < show {
                    shown += 1;
                    println!("CLEAN FAIL {source} {id}: score {} {:?}", s.file, s.categories);
                    for x in clean.iter().filter(|x| x.severity != Severity::Info).take(12) {
                        println!(
                            "   {} {:?} -> {:?} | {}",
                            x.rule.code,
                            &text[x.span.clone()],
                            x.suggestion,
                            x.message
                        );
                    }
                }
            }
            let seed = garbled::model::format::hash(format!("{source}/{id}").as_bytes());
            for (k, &rate) in RATES.iter().enumerate() {
                let spun = spinner.spin(&text, rate, seed);
                let spun = if consistent { make_consistent(&text, spun) } else { spun };
                if k == 1 {
                    let d = Document::new(&spun.text, model, &[], Origin::default());
                    spun_words += d.word_count();
                    for p in garbled::analyzers::spin::position_scores(&d, model).into_iter().filter(|p| keep(p)) {
                        let t = spun.changes.iter().any(|c| c.span.start < p.span.end && p.span.start < c.span.end);
                        hist[if t { 1 } else { 2 }][bucket(p.llr)] += 1;
                    }
                }
                row.changes[k] += spun.changes.len();
                row.content[k] += spun.content_words;
                let (found, s) = check(&spun.text);
                if std::env::var("BREAKDOWN").is_ok() {
                    use garbled::analyzers::spin::{reportable, verdict, Evidence};
                    let d = Document::new(&spun.text, model, &[], Origin::default());
                    let ev = Evidence::with_min_lr(&d, model, verdict::LR_FLOOR);
                    let mut ph = Vec::new();
                    garbled::analyzers::spin::phrase_findings(&d, model, &mut ph);
                    if verdict::assess(&d, &ev, &ph).is_spun() {
                        let t = |p: &garbled::analyzers::spin::PositionScore| {
                            spun.changes.iter().any(|c| c.span.start < p.span.end && p.span.start < c.span.end) as u8
                        };
                        // The suggestion is the original text of its span (changes undone inside it).
                        let restored = |p: &garbled::analyzers::spin::PositionScore| {
                            let (mut orig, mut at) = (String::new(), p.span.start);
                            for c in
                                spun.changes.iter().filter(|c| c.span.start < p.span.end && p.span.start < c.span.end)
                            {
                                orig.push_str(&spun.text[at..c.span.start.max(at)]);
                                orig.push_str(&c.original);
                                at = c.span.end.max(at);
                            }
                            orig.push_str(&spun.text[at.min(p.span.end)..p.span.end]);
                            (orig.to_lowercase() == p.suggestion(&d, model).to_lowercase()) as u8
                        };
                        for p in ev.with_joint_swaps().iter().filter(|p| reportable(p)) {
                            let kind = if p.entity {
                                "E"
                            } else if p.tokens.0 != p.tokens.1 {
                                "J"
                            } else {
                                "P"
                            };
                            eprintln!(
                                "BD {k} {kind} {:.2} {} {} {} {} {}",
                                p.llr,
                                p.unseen,
                                p.sides,
                                p.swapped.1,
                                t(p),
                                restored(p)
                            );
                        }
                        for p in ev.strong() {
                            eprintln!("BD {k} S {:.2} {} {} {} {}", p.llr, p.unseen, p.sides, p.swapped.1, t(p));
                        }
                    }
                }
                if s.file < gate {
                    row.detected[k] += 1;
                }
                for x in found.iter().filter(|x| x.rule.category == Category::Spin && x.severity != Severity::Info) {
                    row.findings[k] += 1;
                    let hit = spun.changes.iter().find(|c| c.span.start < x.span.end && x.span.start < c.span.end);
                    if let Some(c) = hit {
                        row.true_findings[k] += 1;
                        let sug = x.suggestion.as_deref().unwrap_or("").to_lowercase();
                        if sug.contains(&c.original.to_lowercase()) {
                            row.restored[k] += 1;
                        }
                    }
                }
            }
            rows.entry(source.clone()).or_default().add(&one);
            by_len.entry(len_class).or_default().add(&one);
        }
    }
    if let Some((p, mut out)) = spun_out.take() {
        use std::io::Write;
        out.flush().unwrap();
        std::fs::write(format!("{p}.syn.json"), serde_json::to_string(&spun_syn).unwrap()).unwrap();
        return;
    }
    if dump.is_some() || feat.is_some() {
        return;
    }
    println!(
        "{} (gate {gate}); spin rates are content words swapped (achieved rate in brackets)",
        if para { "paragraphs of ~150 words" } else { "documents (first 20,000 chars)" }
    );
    println!(
        "{:<26} {:>5} {:>8} | {:>14} {:>14} {:>14} | {:>9} {:>9} {:>9} | {:>8}",
        "source",
        "docs",
        "clean FF",
        "detect 5%",
        "detect 15%",
        "detect 30%",
        "prec 5%",
        "prec 15%",
        "prec 30%",
        "restore"
    );
    let mut tot = Row::default();
    for (src, r) in &rows {
        print_row(src, r);
        tot.add(r);
    }
    print_row("ALL", &tot);
    println!("by length (words of the clean text):");
    for (&i, r) in &by_len {
        print_row(&length_label(i), r);
    }
    println!("LLR histogram per 1000 words (buckets of 2): clean | spun-15% true | spun-15% false");
    for b in 0..8 {
        println!(
            "  [{:>2}..{:>2}) {:>8.2} {:>8.2} {:>8.2}",
            b * 2,
            b * 2 + 2,
            hist[0][b] as f64 * 1000.0 / clean_words as f64,
            hist[1][b] as f64 * 1000.0 / spun_words as f64,
            hist[2][b] as f64 * 1000.0 / spun_words as f64
        );
    }
    let mut s = tot.clean_spin_scores.clone();
    s.sort();
    let q = |p: f64| s.get(((s.len() as f64 - 1.0) * p) as usize).copied().unwrap_or(100);
    println!(
        "clean spin-category score quantiles: min {} p0.2 {} p1 {} p5 {} p50 {}",
        q(0.0),
        q(0.002),
        q(0.01),
        q(0.05),
        q(0.5)
    );
}
