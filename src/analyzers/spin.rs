//! The spin analyzer (not yet implemented: reports nothing).

use super::{Analyzer, Context};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;

/// The rules of this analyzer.
pub static RULES: &[&Rule] = &[];

/// Detects spin problems.
pub struct Spin;

impl Analyzer for Spin {
    fn name(&self) -> &'static str {
        "spin"
    }

    fn analyze(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
