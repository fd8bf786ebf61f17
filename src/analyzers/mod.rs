//! The analyzers: one module each, each a pure function from a document to findings.
//!
//! An analyzer never prints, never reads files and never knows about the others.
//! To add one: write a module with `pub static` [`Rule`]s, a `pub static RULES`
//! slice and a type implementing [`Analyzer`]; list it in [`RULE_GROUPS`] and
//! [`default_set`].

pub mod boilerplate;
pub mod encoding;
pub mod repetition;
pub mod spin;
pub mod unicode;
pub mod word_boundary;

use crate::document::Document;
use crate::finding::Finding;
use crate::model::Model;
use crate::rules::Rule;

/// What an analyzer may read besides the document.
pub struct Context<'m> {
    /// Word and pair statistics.
    pub model: &'m Model,
}

/// A detector of one family of problems.
pub trait Analyzer: Send + Sync {
    /// Short name, for diagnostics and benchmarks.
    fn name(&self) -> &'static str;
    /// Appends the findings for `doc` to `out`.
    fn analyze(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>);
    /// Told, before a run, about how many bytes of text it will check (where the
    /// caller knows; 0 where not): an analyzer may build what pays only on large
    /// inputs now, instead of part-way through. Results never depend on it.
    fn prepare(&self, _ctx: &Context, _bytes: u64) {}
}

/// Tells every analyzer of `analyzers` that about `bytes` of text will be checked
/// (see [`Analyzer::prepare`]).
pub fn prepare_all(analyzers: &[Box<dyn Analyzer>], ctx: &Context, bytes: u64) {
    for a in analyzers {
        a.prepare(ctx, bytes);
    }
}

/// The rules of every analyzer (and of the duplicate matcher), in report order.
pub static RULE_GROUPS: &[&[&Rule]] = &[
    spin::RULES,
    encoding::RULES,
    unicode::RULES,
    word_boundary::RULES,
    boilerplate::RULES,
    repetition::RULES,
    crate::duplicate::RULES,
];

/// The rules an analyzer of [`default_set`] reports, by its [`Analyzer::name`].
pub fn rules_of(name: &str) -> &'static [&'static Rule] {
    match name {
        "spin" => spin::RULES,
        "encoding" => encoding::RULES,
        "unicode" => unicode::RULES,
        "word_boundary" => word_boundary::RULES,
        "boilerplate" => boilerplate::RULES,
        "repetition" => repetition::RULES,
        _ => &[],
    }
}

/// The analyzers of [`default_set`] that may report a rule `keep` accepts: an
/// analyzer whose every rule is disabled is not run at all.
pub fn enabled_set(keep: impl Fn(&Rule) -> bool) -> Vec<Box<dyn Analyzer>> {
    default_set().into_iter().filter(|a| rules_of(a.name()).iter().any(|r| keep(r))).collect()
}

/// Every per-document analyzer, in a fixed order.
pub fn default_set() -> Vec<Box<dyn Analyzer>> {
    vec![
        Box::new(encoding::Encoding),
        Box::new(unicode::Unicode),
        Box::new(word_boundary::WordBoundary),
        Box::new(boilerplate::Boilerplate),
        Box::new(repetition::Repetition),
        Box::new(spin::Spin),
    ]
}

#[cfg(test)]
mod set_tests {
    use super::*;

    #[test]
    fn every_analyzer_has_its_rules() {
        for a in default_set() {
            assert!(!rules_of(a.name()).is_empty(), "{}", a.name());
        }
        assert_eq!(enabled_set(|_| true).len(), default_set().len());
        let only_spin = enabled_set(|r| r.code.starts_with("SPN"));
        assert_eq!(only_spin.iter().map(|a| a.name()).collect::<Vec<_>>(), ["spin"]);
        assert!(enabled_set(|_| false).is_empty());
    }
}
