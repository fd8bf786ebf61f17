//! The word_boundary analyzer (not yet implemented: reports nothing).

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[];

/// Detects word_boundary problems.
pub struct WordBoundary;

impl Analyzer for WordBoundary {
    fn name(&self) -> &'static str {
        "word_boundary"
    }

    fn analyze(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
