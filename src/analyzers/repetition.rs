//! The repetition analyzer (not yet implemented: reports nothing).

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[];

/// Detects repetition problems.
pub struct Repetition;

impl Analyzer for Repetition {
    fn name(&self) -> &'static str {
        "repetition"
    }

    fn analyze(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
