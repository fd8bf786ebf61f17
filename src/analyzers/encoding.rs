//! The encoding analyzer (not yet implemented: reports nothing).

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[];

/// Detects encoding problems.
pub struct Encoding;

impl Analyzer for Encoding {
    fn name(&self) -> &'static str {
        "encoding"
    }

    fn analyze(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
