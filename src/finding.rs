//! Findings: what an analyzer reports, located by byte span in the document text.

use std::fmt;
use std::ops::Range;

use crate::rules::Rule;

/// How serious a finding is; decides how many points it costs (see [`crate::score`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, costs nothing.
    Info,
    /// Probably a defect.
    Warning,
    /// Certainly a defect.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The score categories; every rule belongs to exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Automatic synonym substitution.
    Spin,
    /// Bytes decoded with the wrong character set, invalid UTF-8.
    Encoding,
    /// Invisible, control, unnormalized or mixed-script characters.
    Unicode,
    /// Words joined together or split apart.
    WordBoundary,
    /// Scrape residue: navigation, share prompts, HTML leftovers.
    Boilerplate,
    /// Repeated lines, paragraphs and n-grams.
    Repetition,
    /// Copies of other files.
    Duplicate,
}

impl Category {
    /// All categories, in report order.
    pub const ALL: [Category; 7] = [
        Category::Spin,
        Category::Encoding,
        Category::Unicode,
        Category::WordBoundary,
        Category::Boilerplate,
        Category::Repetition,
        Category::Duplicate,
    ];

    /// The kebab-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Spin => "spin",
            Category::Encoding => "encoding",
            Category::Unicode => "unicode",
            Category::WordBoundary => "word-boundary",
            Category::Boilerplate => "boilerplate",
            Category::Repetition => "repetition",
            Category::Duplicate => "duplicate",
        }
    }

    /// Position of this category in [`Category::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a document, located by a byte range of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: &'static Rule,
    /// Severity; starts as the rule's default.
    pub severity: Severity,
    /// Byte range in the document text; may be empty for a point.
    pub span: Range<usize>,
    /// What is wrong, in a sentence a person can check.
    pub message: String,
    /// The likely repair, when there is one.
    pub suggestion: Option<String>,
    /// Multiplier on the severity's points (1.0 for an ordinary finding).
    pub weight: f32,
}

impl Finding {
    /// A finding with the rule's default severity and weight 1.
    pub fn new(rule: &'static Rule, span: Range<usize>, message: impl Into<String>) -> Self {
        Finding { rule, severity: rule.severity, span, message: message.into(), suggestion: None, weight: 1.0 }
    }

    /// Attaches a suggested repair.
    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.suggestion = Some(s.into());
        self
    }

    /// Overrides the severity.
    pub fn with_severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    /// Sets the weight multiplier on the severity's points.
    pub fn with_weight(mut self, w: f32) -> Self {
        self.weight = w;
        self
    }
}
