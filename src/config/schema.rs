//! The TOML shape of `garbled.toml` (and of `[tool.garbled]` in `pyproject.toml`),
//! exactly as written; [`super::Config`] validates it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// The whole file (or the `[tool.garbled]` table).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct File {
    /// The gate: files scoring below this fail.
    pub fail_under: Option<Spanned<i64>>,
    /// Globs of files to check when walking directories (default: every file).
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files and directories to skip when walking directories.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Words and phrases never flagged.
    pub allow: Option<Vec<Spanned<String>>>,
    /// Settings per category, by category name.
    pub categories: Option<BTreeMap<Spanned<String>, Settings>>,
    /// Settings per rule, by code or name.
    pub rules: Option<BTreeMap<Spanned<String>, Settings>>,
    /// Duplicate detection.
    pub duplicates: Option<Duplicates>,
    /// Settings for some paths only.
    pub overrides: Option<Vec<Override>>,
}

/// What can be set for a rule or a category.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Report the rule at all.
    pub enabled: Option<bool>,
    /// Severity instead of the rule's own.
    pub severity: Option<SeverityName>,
    /// Multiplier on the points of each finding.
    pub weight: Option<Spanned<f64>>,
}

/// A severity as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    /// Costs 10 points.
    Error,
    /// Costs 3 points.
    Warning,
    /// Costs nothing.
    Info,
}

/// `[duplicates]`: the `--dup-*` options.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duplicates {
    /// Look for duplicates at all.
    pub enabled: Option<bool>,
    /// `--dup-threshold`.
    pub threshold: Option<Spanned<f64>>,
    /// `--dup-contain`.
    pub contain: Option<Spanned<f64>>,
    /// `--dup-spin`.
    pub spin: Option<Spanned<f64>>,
    /// `--dup-shingle`.
    pub shingle: Option<Spanned<i64>>,
    /// `--dup-count`, as a list of kinds.
    pub count: Option<Spanned<Vec<String>>>,
    /// `--dup-max-memory`, as a size ("256MiB").
    #[serde(rename = "max-memory")]
    pub max_memory: Option<Spanned<String>>,
}

/// `[[overrides]]`: settings for the files matching `files`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs of the files this applies to.
    pub files: Spanned<Vec<Spanned<String>>>,
    /// The gate for these files.
    pub fail_under: Option<Spanned<i64>>,
    /// More allowed words and phrases (added to the top-level list).
    pub allow: Option<Vec<Spanned<String>>>,
    /// Settings per category.
    pub categories: Option<BTreeMap<Spanned<String>, Settings>>,
    /// Settings per rule.
    pub rules: Option<BTreeMap<Spanned<String>, Settings>>,
}

/// `pyproject.toml`: only `[tool.garbled]` is read.
#[derive(Debug, Deserialize)]
pub struct Pyproject {
    /// The `[tool]` table.
    pub tool: Option<Tool>,
}

/// The `[tool]` table of `pyproject.toml`.
#[derive(Debug, Deserialize)]
pub struct Tool {
    /// `[tool.garbled]`.
    pub garbled: Option<File>,
}
