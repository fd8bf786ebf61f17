//! garbled tells good text from bad: spun text, mangled text and near-duplicates,
//! each finding located and explained, every file scored 0–100 against a gate.
//!
//! Data flows one way:
//! [`read`] (bytes → decoded text, encoding problems recorded) →
//! [`document`] (tokenized once, shared by everyone) →
//! [`analyzers`] (one module each; document → findings) →
//! [`score`] (findings → category scores → file score) →
//! [`report`] (text, JSON). [`check`] drives it; [`model`] holds the word statistics.
#![deny(missing_docs)]

pub mod analyzers;
pub mod check;
pub mod cli;
pub mod docs;
pub mod document;
pub mod duplicate;
pub mod finding;
pub mod lexicon;
pub mod model;
pub mod read;
pub mod report;
pub mod rules;
pub mod score;
pub mod token;
