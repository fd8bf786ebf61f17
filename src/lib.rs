//! garbled tells good text from bad: spun text, mangled text and near-duplicates,
//! each finding located and explained, every file scored 0–100 against a gate.
//!
//! Data flows one way:
//! [`read`] (bytes → decoded text, encoding problems recorded) →
//! [`document`] (tokenized once, shared by everyone) →
//! [`analyzers`] (one module each; document → findings) →
//! [`score`] (findings → category scores → file score) →
//! [`report`] (text, JSON). [`check`] drives it; [`model`] holds the word statistics.
//!
//! Checking a text in memory with the embedded model:
//!
//! ```
//! use garbled::analyzers::{default_set, Context};
//! use garbled::document::{Document, Origin};
//! use garbled::model::Model;
//! use garbled::score::Tally;
//!
//! let model = Model::embedded();
//! let text = "The caf\u{e9} opened in 1987. It\u{e2}\u{20ac}\u{2122}s still open.";
//! let doc = Document::new(text, model, &[], Origin::default());
//! let mut findings = Vec::new();
//! for analyzer in default_set() {
//!     analyzer.analyze(&doc, &Context { model }, &mut findings);
//! }
//! let mojibake = findings.iter().find(|f| f.rule.code == "ENC001").expect("mojibake found");
//! assert_eq!(mojibake.suggestion.as_deref(), Some("It\u{2019}s"));
//! let mut tally = Tally::default();
//! findings.iter().for_each(|f| tally.add(f));
//! assert!(tally.scores(doc.word_count()).file < 100);
//! ```
#![deny(missing_docs)]

pub mod analyzers;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod docs;
pub mod document;
pub mod duplicate;
pub mod filter;
pub mod finding;
pub mod lexicon;
pub mod model;
pub mod read;
pub mod report;
pub mod rules;
pub mod score;
pub mod stream;
pub mod suppress;
pub mod token;
pub mod zeroed;
