//! Duplicate detection on a generated test set: how often each kind of copy is found
//! with the right kind, and whether different articles on the same topic stay silent.
//!
//! From the development split of `../shared/reference` (the documents
//! `garbled train --holdout-dev` leaves out) it takes up to N documents per source of
//! at least 120 words and 5 sentences, none longer than 150 words (cut at a sentence
//! end after 1,500 words), and makes four copies of each:
//! - `edited`: 10% of the sentences changed (at least one): a few words replaced,
//!   inserted or deleted, or the sentence replaced by one from another document,
//!   deleted, or followed by an inserted one; expected `near-duplicate`;
//! - `comments`: a reader-comment thread of 30–150% of the article's length appended
//!   (sentences of other documents); expected `contained`;
//! - `boilerplate`: a site header and footer (navigation, share prompts, related
//!   headlines, newsletter and cookie notices) of 25–100% of its length; expected
//!   `contained`;
//! - `spun`: 30% of the content words (words with a Moby thesaurus entry, outside a
//!   list of 60 closed-class words) replaced by a random Moby synonym, which may be a
//!   phrase; expected `spun-copy`.
//!
//! Every document and copy goes through one matcher run, as `garbled check` would run
//! them. A reported pair counts as a false positive unless both files come from the
//! same original. Separately, the 300 most similar pairs of different articles from the
//! same news source (by their sets of content words; pairs sharing half their sentences
//! verbatim are not "different" and are left out) must never be reported.
//!
//! cargo run --release --example dup_eval -- [--per-source N] [--seed S] [--write DIR]
//!     [--threshold J] [--contain C] [--spin S] [--shingle K] [--show K] [--spin-rate R]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use garbled::check::DuplicateKind;
use garbled::docs::{for_each_doc, is_dev};
use garbled::document::Document;
use garbled::duplicate::{find, DupOptions, Other, Signature};

const SOURCES: &[&str] = &[
    "bbc_news",
    "reuters21578",
    "wikinews",
    "wikipedia",
    "nltk_brown",
    "nltk_masc_written",
    "nltk_movie_reviews",
    "presidential_speeches",
    "un_general_debates",
    "nltk_state_union",
    "gutenberg",
];
const NEWS: &[&str] = &["bbc_news", "reuters21578", "wikinews"];
const SAME_TOPIC_PAIRS: usize = 300;

/// Closed-class words the spinner leaves alone (its own list, not the matcher's).
const SPIN_STOP: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "in", "is", "was", "it", "that", "for", "on", "with", "as", "by", "at",
    "from", "be", "are", "were", "this", "have", "has", "had", "not", "or", "but", "he", "she", "they", "we", "i",
    "you", "his", "her", "its", "their", "our", "which", "who", "will", "would", "can", "could", "been", "there",
    "what", "when", "if", "so", "no", "than", "them", "him", "me", "my",
];

/// One row of the result table.
#[derive(Default)]
struct Row {
    copies: usize,
    found: usize,
    right: usize,
    kinds: BTreeMap<&'static str, usize>,
    sims: Vec<f64>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// A text as sentences, each with the white space after it.
fn sentences(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // All-lower-case texts (movie reviews) end sentences before any word.
    let lower = b.iter().filter(|c| c.is_ascii_uppercase()).count() * 200 < b.len();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'"' | b'\'' | b')') {
                j += 1;
            }
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k > j && (k == b.len() || lower || b[k].is_ascii_uppercase() || b[k] == b'"' || b[k].is_ascii_digit()) {
                out.push((text[start..j].to_string(), text[j..k].to_string()));
                start = k;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push((text[start..].to_string(), String::new()));
    }
    out
}

fn join(s: &[(String, String)]) -> String {
    s.iter()
        .map(|(a, b)| format!("{a}{}", if b.is_empty() { " " } else { b }))
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn word_count(t: &str) -> usize {
    Document::plain(t).word_count()
}

struct Corpus {
    docs: Vec<(String, String)>, // (source, text)
    pool: Vec<String>,           // sentences of other documents, for insertions and comments
}

impl Corpus {
    fn sentence(&self, rng: &mut Rng) -> String {
        self.pool[rng.below(self.pool.len())].clone()
    }
}

fn edited(text: &str, c: &Corpus, rng: &mut Rng) -> String {
    let mut s = sentences(text);
    let n = ((s.len() as f64) * 0.1).round().max(1.0) as usize;
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n.min(s.len()) {
        let i = rng.below(s.len());
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable_by(|a, b| b.cmp(a)); // edit from the end so indexes stay valid
    for i in chosen {
        match rng.below(10) {
            0..=3 => {
                let mut w: Vec<String> = s[i].0.split(' ').map(str::to_string).collect();
                for _ in 0..1 + rng.below(3) {
                    let other = c.sentence(rng);
                    let ow: Vec<&str> = other.split(' ').collect();
                    let pick = ow[rng.below(ow.len())].to_string();
                    let at = rng.below(w.len());
                    match rng.below(3) {
                        0 => w[at] = pick,
                        1 if w.len() > 3 => {
                            w.remove(at);
                        }
                        _ => w.insert(at, pick),
                    }
                }
                s[i].0 = w.join(" ");
            }
            4..=5 => s[i].0 = c.sentence(rng),
            6..=7 => {
                s.remove(i);
            }
            _ => s.insert(i + 1, (c.sentence(rng), " ".to_string())),
        }
    }
    join(&s)
}

const NAMES: &[&str] = &["Mark", "jenny_r", "Old Timer", "Priya", "T. Walsh", "anon", "Dave from Leeds", "Kim", "rb77"];

fn comments(text: &str, c: &Corpus, rng: &mut Rng) -> String {
    let target = (word_count(text) as f64 * rng.range(0.3, 1.5)) as usize;
    let mut out = format!("{text}\n\n{} Comments\n\n", 2 + rng.below(40));
    let mut added = 0;
    while added < target {
        let name = NAMES[rng.below(NAMES.len())];
        let mut body = String::new();
        for _ in 0..1 + rng.below(4) {
            body.push_str(&c.sentence(rng));
            body.push(' ');
        }
        added += word_count(&body);
        out.push_str(&format!("{name} says:\n{}\n{} hours ago · Reply\n\n", body.trim_end(), 1 + rng.below(23)));
    }
    out
}

const HEADERS: &[&str] = &[
    "Home | News | World | Business | Politics | Tech | Science | Health | Sport | Opinion",
    "Skip to main content\nMenu\nSearch\nSubscribe\nSign in",
    "Latest news, analysis and opinion\nTrending now:",
    "Advertisement\nScroll to continue with content",
];
const FOOTERS: &[&str] = &[
    "Share this article: Facebook Twitter LinkedIn Email Print",
    "Sign up for our daily newsletter and get the top stories delivered to your inbox every morning.",
    "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.",
    "About us | Contact | Advertise | Careers | Privacy policy | Terms of use | Accessibility",
    "Copyright 2024. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Read more:",
    "Most popular",
];

fn boilerplate(text: &str, c: &Corpus, rng: &mut Rng) -> String {
    let target = (word_count(text) as f64 * rng.range(0.25, 1.0)) as usize;
    let mut head = String::new();
    let mut foot = String::new();
    let mut added = 0;
    let mut k = 0;
    while added < target {
        let piece = if k % 3 == 2 {
            // A related headline: the start of a sentence from another document.
            let s = c.sentence(rng);
            let w: Vec<&str> = s.split(' ').take(6 + rng.below(6)).collect();
            w.join(" ")
        } else if k % 2 == 0 {
            HEADERS[rng.below(HEADERS.len())].to_string()
        } else {
            FOOTERS[rng.below(FOOTERS.len())].to_string()
        };
        added += word_count(&piece);
        if rng.chance(0.4) {
            head.push_str(&piece);
            head.push('\n');
        } else {
            foot.push_str(&piece);
            foot.push('\n');
        }
        k += 1;
    }
    format!("{head}\n{text}\n\n{foot}")
}

struct Spinner {
    text: String,
    entries: HashMap<String, (usize, usize)>, // head -> byte range of its synonym list in `text`
}

impl Spinner {
    fn load(path: &str) -> Option<Spinner> {
        let f = std::fs::File::open(path).ok()?;
        let mut text = String::new();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(f).read_to_end(&mut bytes).ok()?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        let mut entries = HashMap::new();
        let mut at = 0;
        for line in text.split('\n') {
            if let Some((head, _)) = line.split_once(',') {
                entries.insert(head.to_string(), (at + head.len() + 1, at + line.len()));
            }
            at += line.len() + 1;
        }
        Some(Spinner { text, entries })
    }

    /// Replaces `rate` of the content words with random synonyms.
    fn spin(&self, text: &str, rate: f64, rng: &mut Rng) -> String {
        // Word spans.
        let mut words: Vec<(usize, usize)> = Vec::new();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_alphabetic() {
                let s = i;
                while i < b.len()
                    && (b[i].is_ascii_alphabetic()
                        || (b[i] == b'\'' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic()))
                {
                    i += 1;
                }
                words.push((s, i));
            } else {
                i += 1;
            }
        }
        let content: Vec<(usize, usize)> = words
            .into_iter()
            .filter(|&(s, e)| !SPIN_STOP.contains(&text[s..e].to_ascii_lowercase().as_str()))
            .collect();
        let target = (content.len() as f64 * rate).round() as usize;
        let mut swappable: Vec<(usize, usize)> = content
            .iter()
            .copied()
            .filter(|&(s, e)| self.entries.contains_key(&text[s..e].to_ascii_lowercase()))
            .collect();
        // Shuffle, take `target`.
        for x in (1..swappable.len()).rev() {
            let y = rng.below(x + 1);
            swappable.swap(x, y);
        }
        swappable.truncate(target);
        swappable.sort_unstable();
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut last = 0;
        for (s, e) in swappable {
            let w = &text[s..e];
            let (a, z) = self.entries[&w.to_ascii_lowercase()];
            let syns: Vec<&str> = self.text[a..z].split(',').filter(|x| !x.is_empty()).collect();
            if syns.is_empty() {
                continue;
            }
            let mut syn = syns[rng.below(syns.len())].to_string();
            if w.chars().next().is_some_and(char::is_uppercase) {
                let mut c = syn.chars();
                syn = c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
            }
            out.push_str(&text[last..s]);
            out.push_str(&syn);
            last = e;
        }
        out.push_str(&text[last..]);
        out
    }
}

fn truncate(text: &str, max_words: usize) -> String {
    if word_count(text) <= max_words {
        return text.to_string();
    }
    let s = sentences(text);
    let mut n = 0;
    let mut k = 0;
    while k < s.len() && n < max_words {
        n += word_count(&s[k].0);
        k += 1;
    }
    join(&s[..k])
}

/// True if two texts share at least half of the sentences of the shorter verbatim.
fn verbatim_pair(a: &str, b: &str) -> bool {
    let si: HashSet<String> = sentences(a).into_iter().map(|s| s.0).collect();
    let sj: HashSet<String> = sentences(b).into_iter().map(|s| s.0).collect();
    si.intersection(&sj).count() * 2 >= si.len().min(sj.len())
}

fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .filter(|w| !garbled::duplicate::signature::is_function_word(w))
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut per_source = 120usize;
    let mut seed = 1u64;
    let mut write: Option<PathBuf> = None;
    let mut opts = DupOptions::default();
    let mut show = 3usize;
    let mut spin_rate = 0.3;
    let dir = PathBuf::from("../shared/reference");
    while let Some(a) = args.next() {
        let mut val = || args.next().expect("a value");
        match a.as_str() {
            "--per-source" => per_source = val().parse().unwrap(),
            "--seed" => seed = val().parse().unwrap(),
            "--write" => write = Some(PathBuf::from(val())),
            "--threshold" => opts.threshold = val().parse().unwrap(),
            "--contain" => opts.contain = val().parse().unwrap(),
            "--spin" => opts.spin = val().parse().unwrap(),
            "--shingle" => opts.shingle = val().parse().unwrap(),
            "--show" => show = val().parse().unwrap(),
            "--spin-rate" => spin_rate = val().parse().unwrap(),
            _ => panic!("unknown argument {a}"),
        }
    }
    if !dir.exists() {
        println!("../shared/reference not found; nothing to evaluate");
        return;
    }
    let t0 = Instant::now();
    let mut corpus = Corpus { docs: Vec::new(), pool: Vec::new() };
    for src in SOURCES {
        let path = dir.join(format!("{src}.jsonl.gz"));
        let mut n = 0;
        let mut skipped = 0;
        let _ = for_each_doc(&path, |d| {
            if !is_dev(&d.source, &d.id) {
                return;
            }
            let w = word_count(&d.text);
            // Long enough, and split into sentences well enough to edit sentence by sentence.
            let s = sentences(&d.text);
            if w < 120 || s.len() < 5 || s.iter().any(|x| word_count(&x.0) > 150) {
                return;
            }
            if n >= per_source {
                // Keep some sentences of the documents not used, as material for edits.
                if skipped < 200 {
                    skipped += 1;
                    corpus
                        .pool
                        .extend(sentences(&d.text).into_iter().map(|s| s.0).filter(|s| s.len() > 40 && s.len() < 300));
                }
                return;
            }
            n += 1;
            corpus.docs.push((src.to_string(), truncate(&d.text, 1500)));
        });
    }
    if corpus.pool.is_empty() {
        println!("no material for edits; is ../shared/reference empty?");
        return;
    }
    let spinner =
        Spinner::load("../shared/lexicon/moby-thesaurus.txt.gz").expect("../shared/lexicon/moby-thesaurus.txt.gz");
    let mut rng = Rng(seed);
    // Files: originals, then four copies of each.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
    enum V {
        Original,
        Edited,
        Comments,
        Boilerplate,
        Spun,
    }
    let expected = |v: V| match v {
        V::Edited => DuplicateKind::NearDuplicate,
        V::Comments | V::Boilerplate => DuplicateKind::Contained,
        _ => DuplicateKind::SpunCopy,
    };
    let mut files: Vec<(usize, V, String)> = Vec::new();
    for (i, (_, t)) in corpus.docs.iter().enumerate() {
        files.push((i, V::Original, t.clone()));
    }
    for (i, (_, t)) in corpus.docs.iter().enumerate() {
        files.push((i, V::Edited, edited(t, &corpus, &mut rng)));
        files.push((i, V::Comments, comments(t, &corpus, &mut rng)));
        files.push((i, V::Boilerplate, boilerplate(t, &corpus, &mut rng)));
        files.push((i, V::Spun, spinner.spin(t, spin_rate, &mut rng)));
    }
    if let Some(w) = &write {
        std::fs::create_dir_all(w).unwrap();
        for (i, v, t) in &files {
            std::fs::write(w.join(format!("{i:04}_{v:?}.txt").to_lowercase()), t).unwrap();
        }
    }
    let t_gen = t0.elapsed();
    let t1 = Instant::now();
    let sigs: Vec<Signature> = files
        .iter()
        .map(|(_, _, t)| {
            let mut b = opts.builder();
            b.add(&Document::plain(t));
            b.finish()
        })
        .collect();
    let view: Vec<Option<&Signature>> = sigs.iter().map(Some).collect();
    let hits = find(&view, &opts);
    let t_match = t1.elapsed();

    // Score the copies.
    let mut table: BTreeMap<V, Row> = BTreeMap::new();
    let mut misses: BTreeMap<V, Vec<String>> = BTreeMap::new();
    let mut false_pos: Vec<String> = Vec::new();
    let mut related = 0usize; // pairs whose originals are themselves copies
    for (f, hs) in hits.iter().enumerate() {
        let (orig, v, _) = &files[f];
        for h in hs {
            let Other::File(g) = h.other else { continue };
            if g < f {
                continue;
            }
            if files[g].0 != *orig {
                if verbatim_pair(&corpus.docs[*orig].1, &corpus.docs[files[g].0].1) {
                    related += 1;
                    continue;
                }
                false_pos.push(format!(
                    "{} #{} ({:?}) ~ {} #{} ({:?}): {} {:.2}",
                    corpus.docs[*orig].0,
                    orig,
                    v,
                    corpus.docs[files[g].0].0,
                    files[g].0,
                    files[g].1,
                    h.verdict.kind.as_str(),
                    h.verdict.similarity
                ));
            }
        }
        if *v == V::Original {
            continue;
        }
        let e = table.entry(*v).or_default();
        e.copies += 1;
        let to_orig = hs.iter().find(|h| h.other == Other::File(*orig));
        match to_orig {
            Some(h) => {
                e.found += 1;
                *e.kinds.entry(h.verdict.kind.as_str()).or_default() += 1;
                e.sims.push(h.verdict.similarity);
                if h.verdict.kind == expected(*v) {
                    e.right += 1;
                } else {
                    let m = misses.entry(*v).or_default();
                    if m.len() < show {
                        let w = &h.verdict.words;
                        let s = &h.verdict.skel;
                        m.push(format!(
                            "{} #{orig}: {} {:.2} (words J {:.2} cov {:.2}/{:.2}; skeleton cov {:.2}/{:.2})",
                            corpus.docs[*orig].0,
                            h.verdict.kind.as_str(),
                            h.verdict.similarity,
                            w.jaccard,
                            w.cov_a,
                            w.cov_b,
                            s.cov_a,
                            s.cov_b
                        ));
                    }
                }
            }
            None => {
                let m = misses.entry(*v).or_default();
                if m.len() < show {
                    let (a, b) = (&sigs[f], &sigs[*orig]);
                    let w = garbled::duplicate::matcher::compare(&a.word, &b.word);
                    let s = garbled::duplicate::matcher::compare(&a.skel, &b.skel);
                    m.push(format!(
                        "{} #{orig}: not found ({} words; words J {:.2} cov {:.2}/{:.2}; skeleton J {:.2} cov {:.2}/{:.2})",
                        corpus.docs[*orig].0, a.words, w.jaccard, w.cov_a, w.cov_b, s.jaccard, s.cov_a, s.cov_b
                    ));
                }
            }
        }
    }

    // Same-topic pairs of different news articles.
    let mut same: Vec<(f64, usize, usize)> = Vec::new();
    let cw: Vec<HashSet<String>> = corpus.docs.iter().map(|(_, t)| content_words(t)).collect();
    for i in 0..corpus.docs.len() {
        if !NEWS.contains(&corpus.docs[i].0.as_str()) {
            continue;
        }
        for j in i + 1..corpus.docs.len() {
            if corpus.docs[j].0 != corpus.docs[i].0 {
                continue;
            }
            let inter = cw[i].intersection(&cw[j]).count();
            let sim = inter as f64 / (cw[i].len() + cw[j].len() - inter).max(1) as f64;
            same.push((sim, i, j));
        }
    }
    same.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut verbatim = 0;
    let mut topic: Vec<(f64, usize, usize)> = Vec::new();
    for &(sim, i, j) in &same {
        if topic.len() >= SAME_TOPIC_PAIRS {
            break;
        }
        if verbatim_pair(&corpus.docs[i].1, &corpus.docs[j].1) {
            verbatim += 1;
            continue;
        }
        topic.push((sim, i, j));
    }
    let mut topic_reported = Vec::new();
    // How close the same-topic pairs come to each threshold (shares of the smaller file).
    let mut closest = [(0.0f64, 0usize, 0usize); 3];
    for &(_, i, j) in &topic {
        let (a, b) = if sigs[i].words <= sigs[j].words { (i, j) } else { (j, i) };
        let w = garbled::duplicate::matcher::compare(&sigs[a].word, &sigs[b].word);
        let sk = garbled::duplicate::matcher::compare_aligned(&sigs[a].skel, &sigs[b].skel);
        for (k, x) in [w.jaccard, w.cov_a, sk.cov_a].into_iter().enumerate() {
            if x > closest[k].0 {
                closest[k] = (x, i, j);
            }
        }
    }
    for &(sim, i, j) in &topic {
        if let Some(h) = hits[i].iter().find(|h| h.other == Other::File(j)) {
            topic_reported.push(format!(
                "{} #{i} ~ #{j} (content-word J {sim:.2}): {} {:.2}",
                corpus.docs[i].0,
                h.verdict.kind.as_str(),
                h.verdict.similarity
            ));
        }
    }

    let n_docs = corpus.docs.len();
    let mut per_src: BTreeMap<&str, usize> = BTreeMap::new();
    for (s, _) in &corpus.docs {
        *per_src.entry(s.as_str()).or_default() += 1;
    }
    println!(
        "{n_docs} originals from the dev split ({}), {} files in all; thresholds: near-duplicate J ≥ {}, contained ≥ {}, spun ≥ {}, word {}-grams; spin rate {spin_rate}",
        per_src.iter().map(|(s, n)| format!("{s} {n}")).collect::<Vec<_>>().join(", "),
        files.len(),
        opts.threshold,
        opts.contain,
        opts.spin,
        opts.shingle
    );
    println!("generation {:.1}s, signatures and matching {:.2}s\n", t_gen.as_secs_f64(), t_match.as_secs_f64());
    println!("| copy | expected kind | copies | found | right kind | % right | kinds reported | median similarity |");
    println!("|---|---|---:|---:|---:|---:|---|---:|");
    for (v, Row { copies: n, found, right, kinds, mut sims }) in table {
        sims.sort_by(|a, b| a.total_cmp(b));
        let med = sims.get(sims.len() / 2).copied().unwrap_or(0.0);
        println!(
            "| {:?} | {} | {n} | {found} | {right} | {:.1}% | {} | {med:.2} |",
            v,
            expected(v).as_str(),
            100.0 * right as f64 / n.max(1) as f64,
            kinds.iter().map(|(k, c)| format!("{k} {c}")).collect::<Vec<_>>().join(", ")
        );
    }
    println!(
        "\nsame-topic pairs of different news articles: {} checked (content-word Jaccard {:.2}–{:.2}; {verbatim} pairs sharing half their sentences verbatim left out), {} reported",
        topic.len(),
        topic.last().map_or(0.0, |x| x.0),
        topic.first().map_or(0.0, |x| x.0),
        topic_reported.len()
    );
    for r in &topic_reported {
        println!("    {r}");
    }
    for (name, (x, i, j)) in ["word Jaccard", "word containment", "skeleton containment"].iter().zip(closest) {
        println!("    highest {name}: {x:.2} ({} #{i} ~ #{j})", corpus.docs[i].0);
    }
    println!(
        "pairs reported between files of different originals: {} false positives; {related} more between copies of two originals that share half their sentences verbatim",
        false_pos.len()
    );
    for r in false_pos.iter().take(20) {
        println!("    {r}");
    }
    for (v, m) in &misses {
        println!("\n{v:?}: wrong or missing (first {show}):");
        for x in m {
            println!("    {x}");
        }
    }
}
