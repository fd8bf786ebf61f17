//! The boilerplate analyzer (not yet implemented: reports nothing).

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[];

/// Detects boilerplate problems.
pub struct Boilerplate;

impl Analyzer for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn analyze(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
