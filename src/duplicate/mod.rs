//! Near-duplicate detection across the files of one run (not yet implemented).

use crate::rules::Rule;

/// The rules of the duplicate matcher.
pub static RULES: &[&Rule] = &[];
