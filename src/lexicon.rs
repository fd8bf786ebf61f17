//! Synonyms from WordNet 3.0 and the Moby Thesaurus, with WordNet's inflection rules,
//! for `garbled train --lexicon` and the evaluation spinner.
//!
//! A word is first analysed into `(part of speech, lemma, inflection)` the way
//! WordNet's `morphy` does (exception lists, then suffix rules). Synonyms are found
//! for the lemma — WordNet synset members, plus Moby entries that WordNet knows in
//! the same part of speech — and re-inflected the same way, so "guarantees" (plural
//! noun) finds "promises", not "promise".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use flate2::read::GzDecoder;

/// A WordNet part of speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    /// Noun.
    Noun,
    /// Verb.
    Verb,
    /// Adjective.
    Adj,
    /// Adverb.
    Adv,
}

const POS: [(Pos, &str); 4] = [(Pos::Noun, "noun"), (Pos::Verb, "verb"), (Pos::Adj, "adj"), (Pos::Adv, "adv")];

/// How a word form relates to its lemma.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Inflection {
    /// The lemma itself.
    Base,
    /// Plural noun or third-person verb.
    S,
    /// Past tense or participle.
    Ed,
    /// Present participle.
    Ing,
    /// Comparative.
    Er,
    /// Superlative.
    Est,
}

/// One reading of a word form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Analysis {
    /// Part of speech.
    pub pos: Pos,
    /// The lemma.
    pub lemma: String,
    /// The inflection of the form.
    pub inflection: Inflection,
}

/// WordNet and Moby, loaded into memory.
#[derive(Debug, Default)]
pub struct Lexicon {
    lemmas: [HashSet<String>; 4],
    synsets: Vec<Vec<String>>,
    member_of: [HashMap<String, Vec<u32>>; 4],
    exc: [HashMap<String, Vec<String>>; 4],
    exc_rev: [HashMap<String, Vec<String>>; 4],
    moby: HashMap<String, Vec<String>>,
}

fn gz_lines(path: &Path) -> io::Result<impl Iterator<Item = io::Result<String>>> {
    let f = std::fs::File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    Ok(BufReader::new(GzDecoder::new(BufReader::new(f))).lines())
}

fn single_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || c == '\'')
}

impl Lexicon {
    /// Loads `DIR/wordnet-3.0/*.gz` and `DIR/moby-thesaurus.txt.gz`.
    pub fn load(dir: &Path) -> io::Result<Lexicon> {
        let mut lx = Lexicon::default();
        let wn = dir.join("wordnet-3.0");
        for (k, &(_, name)) in POS.iter().enumerate() {
            for line in gz_lines(&wn.join(format!("data.{name}.gz")))? {
                let line = line?;
                if line.starts_with(' ') {
                    continue;
                }
                let f: Vec<&str> = line.split(' ').collect();
                let Some(n) = f.get(3).and_then(|x| usize::from_str_radix(x, 16).ok()) else { continue };
                let mut members = Vec::new();
                for i in 0..n {
                    let Some(w) = f.get(4 + 2 * i) else { break };
                    let w = w.split('(').next().unwrap_or(w).to_lowercase();
                    if single_word(&w) {
                        members.push(w);
                    }
                }
                if members.len() < 2 {
                    for w in members {
                        lx.lemmas[k].insert(w);
                    }
                    continue;
                }
                let id = lx.synsets.len() as u32;
                for w in &members {
                    lx.lemmas[k].insert(w.clone());
                    lx.member_of[k].entry(w.clone()).or_default().push(id);
                }
                lx.synsets.push(members);
            }
            for line in gz_lines(&wn.join(format!("index.{name}.gz")))? {
                let line = line?;
                if let Some(w) = line.split(' ').next().filter(|_| !line.starts_with(' ')) {
                    if single_word(w) {
                        lx.lemmas[k].insert(w.to_string());
                    }
                }
            }
            for line in gz_lines(&wn.join(format!("{name}.exc.gz")))? {
                let line = line?;
                let mut it = line.split(' ');
                let (Some(form), Some(base)) = (it.next(), it.next()) else { continue };
                if single_word(form) && single_word(base) {
                    lx.exc[k].entry(form.to_string()).or_default().push(base.to_string());
                    lx.exc_rev[k].entry(base.to_string()).or_default().push(form.to_string());
                }
            }
        }
        for line in gz_lines(&dir.join("moby-thesaurus.txt.gz"))? {
            let line = line?;
            let mut it = line.split(',');
            let Some(head) = it.next() else { continue };
            if !single_word(head) || head.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let syns: Vec<String> =
                it.filter(|w| single_word(w) && !w.starts_with(char::is_uppercase)).map(str::to_string).collect();
            lx.moby.insert(head.to_string(), syns);
        }
        Ok(lx)
    }

    /// Every reading of `word` (lower case), the way WordNet's morphy finds them.
    pub fn analyses(&self, word: &str) -> Vec<Analysis> {
        use Inflection::*;
        let mut out = BTreeSet::new();
        for (k, &(pos, _)) in POS.iter().enumerate() {
            if self.lemmas[k].contains(word) {
                out.insert(Analysis { pos, lemma: word.to_string(), inflection: Base });
            }
            if let Some(bases) = self.exc[k].get(word) {
                for b in bases {
                    let inflection = match pos {
                        Pos::Noun => S,
                        Pos::Verb if word.ends_with("ing") => Ing,
                        Pos::Verb => Ed,
                        _ if word.ends_with("est") => Est,
                        _ => Er,
                    };
                    out.insert(Analysis { pos, lemma: b.clone(), inflection });
                }
            }
            let rules: &[(&str, &str, Inflection)] = match pos {
                Pos::Noun => &[
                    ("s", "", S),
                    ("ses", "s", S),
                    ("xes", "x", S),
                    ("zes", "z", S),
                    ("ches", "ch", S),
                    ("shes", "sh", S),
                    ("men", "man", S),
                    ("ies", "y", S),
                ],
                Pos::Verb => &[
                    ("s", "", S),
                    ("ies", "y", S),
                    ("es", "e", S),
                    ("es", "", S),
                    ("ed", "e", Ed),
                    ("ed", "", Ed),
                    ("ing", "e", Ing),
                    ("ing", "", Ing),
                ],
                Pos::Adj => &[("er", "", Er), ("est", "", Est), ("er", "e", Er), ("est", "e", Est)],
                Pos::Adv => &[],
            };
            for &(suf, rep, inflection) in rules {
                if let Some(stem) = word.strip_suffix(suf) {
                    let lemma = format!("{stem}{rep}");
                    if lemma.len() > 1 && self.lemmas[k].contains(&lemma) {
                        out.insert(Analysis { pos, lemma, inflection });
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// Synonym lemmas of `lemma` in part of speech `pos`: WordNet synset members,
    /// then Moby synonyms that WordNet knows as that part of speech. Sorted, unique.
    pub fn synonyms(&self, pos: Pos, lemma: &str) -> Vec<String> {
        let k = pos as usize;
        let mut out = BTreeSet::new();
        if let Some(ids) = self.member_of[k].get(lemma) {
            for &id in ids {
                out.extend(self.synsets[id as usize].iter().filter(|w| *w != lemma).cloned());
            }
        }
        if let Some(syns) = self.moby.get(lemma) {
            out.extend(syns.iter().filter(|w| *w != lemma && self.lemmas[k].contains(*w)).cloned());
        }
        out.into_iter().collect()
    }

    /// The forms of `lemma` with `inflection` in `pos` (candidates; the caller keeps
    /// those its vocabulary knows).
    pub fn inflect(&self, pos: Pos, lemma: &str, inflection: Inflection) -> Vec<String> {
        use Inflection::*;
        let k = pos as usize;
        let mut v = Vec::new();
        if inflection == Base {
            v.push(lemma.to_string());
            return v;
        }
        if let Some(forms) = self.exc_rev[k].get(lemma) {
            v.extend(forms.iter().cloned());
        }
        let (stem_y, stem_e) = (lemma.strip_suffix('y'), lemma.strip_suffix('e'));
        match inflection {
            S => {
                v.push(format!("{lemma}s"));
                v.push(format!("{lemma}es"));
                if let Some(s) = stem_y {
                    v.push(format!("{s}ies"));
                }
            }
            Ed => {
                v.push(format!("{lemma}ed"));
                if let Some(s) = stem_e {
                    v.push(format!("{s}ed"));
                }
                if let Some(s) = stem_y {
                    v.push(format!("{s}ied"));
                }
            }
            Ing => {
                v.push(format!("{lemma}ing"));
                if let Some(s) = stem_e {
                    v.push(format!("{s}ing"));
                }
            }
            Er => {
                v.push(format!("{lemma}er"));
                v.push(format!("{lemma}r"));
            }
            Est => {
                v.push(format!("{lemma}est"));
                v.push(format!("{lemma}st"));
            }
            Base => {}
        }
        v.retain(|f| self.analyses(f).iter().any(|a| a.pos == pos && a.lemma == lemma && a.inflection == inflection));
        v.sort();
        v.dedup();
        v
    }

    /// Synonymous word forms of `word`: for each reading, the synonyms of its lemma
    /// inflected the same way. Sorted, unique, without `word`.
    pub fn word_synonyms(&self, word: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for a in self.analyses(word) {
            for s in self.synonyms(a.pos, &a.lemma) {
                out.extend(self.inflect(a.pos, &s, a.inflection));
            }
        }
        out.remove(word);
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Option<&'static Lexicon> {
        static L: std::sync::OnceLock<Option<Lexicon>> = std::sync::OnceLock::new();
        L.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/lexicon");
            if !dir.exists() {
                eprintln!("note: ../shared/lexicon not found; lexicon tests skipped");
                return None;
            }
            Some(Lexicon::load(&dir).expect("lexicon loads"))
        })
        .as_ref()
    }

    #[test]
    fn inflected_synonyms_keep_their_inflection() {
        let Some(lx) = lexicon() else { return };
        let g = lx.word_synonyms("guarantees");
        assert!(g.contains(&"assurances".to_string()) || g.contains(&"promises".to_string()), "{g:?}");
        assert!(!g.contains(&"promise".to_string()), "{g:?}");
        assert!(lx.word_synonyms("cold").contains(&"chilly".to_string()));
        assert!(lx.word_synonyms("war").contains(&"warfare".to_string()));
        assert!(lx.analyses("was").iter().any(|a| a.lemma == "be" && a.inflection == Inflection::Ed));
        let took = lx.word_synonyms("took");
        assert!(took.iter().any(|w| w.ends_with("ed")), "{took:?}");
    }
}
