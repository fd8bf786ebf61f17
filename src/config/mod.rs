//! Configuration: `garbled.toml` (or `[tool.garbled]` in `pyproject.toml`), validated
//! into a [`Config`], and the [`Policy`] the check applies to every file's findings.
//!
//! ```toml
//! fail-under = 60                      # the gate
//! include = ["*.md", "*.txt"]          # when walking directories (default: every file)
//! exclude = ["vendor", "drafts/**"]
//! allow = ["Kubernetes", "White Space"] # words and phrases never flagged
//!
//! [categories.spin]                    # every rule of a category
//! severity = "warning"                 # error | warning | info
//! [rules.BLP005]                       # one rule, by code or name
//! enabled = false
//! [rules.joined-words]
//! weight = 0.5                         # multiplies the points of each finding
//!
//! [duplicates]                         # the --dup-* options
//! threshold = 0.6
//! count = ["contained"]
//! max-memory = "64MiB"                # streamed runs: the index of earlier texts
//!
//! [[overrides]]                        # later tables win over earlier ones
//! files = ["legacy/**"]
//! fail-under = 30
//! allow = ["Acme"]                     # added to the top-level list
//! rules.SPN002.enabled = false
//! ```

mod allow;
pub mod discover;
mod policy;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

pub use allow::Phrase;
pub use policy::{FileState, Policy, Settled, WalkFilter};

use crate::finding::{Category, Severity};
use crate::rules::Rule;

/// Settings of a rule or a category, as far as they are given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Setting {
    /// Report it at all.
    pub enabled: Option<bool>,
    /// Severity instead of the rule's own.
    pub severity: Option<Severity>,
    /// Multiplier on the points of each finding.
    pub weight: Option<f32>,
}

impl Setting {
    fn then(self, later: Setting) -> Setting {
        Setting {
            enabled: later.enabled.or(self.enabled),
            severity: later.severity.or(self.severity),
            weight: later.weight.or(self.weight),
        }
    }
}

/// One level of settings: the top level or one `[[overrides]]` table.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    /// The gate.
    pub fail_under: Option<u8>,
    /// Allowed words and phrases.
    pub allow: Vec<Phrase>,
    /// Per category, in [`Category::ALL`] order.
    pub categories: [Setting; 7],
    /// Per rule.
    pub rules: Vec<(&'static Rule, Setting)>,
}

impl Layer {
    /// The settings of `rule` in this layer: the category's, then the rule's own.
    pub fn setting(&self, rule: &Rule) -> Setting {
        let mut s = self.categories[rule.category.index()];
        for (r, rs) in &self.rules {
            if r.code == rule.code {
                s = s.then(*rs);
            }
        }
        s
    }
}

/// Globs, matched against paths relative to the configuration's folder.
#[derive(Clone, Debug)]
pub struct Globs {
    set: GlobSet,
}

impl Globs {
    /// True if `rel` (a `/`-separated relative path) matches.
    pub fn is_match(&self, rel: &str) -> bool {
        self.set.is_match(rel)
    }
}

/// `[duplicates]`, validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DupSettings {
    /// Look for duplicates at all.
    pub enabled: Option<bool>,
    /// `--dup-threshold`.
    pub threshold: Option<f64>,
    /// `--dup-contain`.
    pub contain: Option<f64>,
    /// `--dup-spin`.
    pub spin: Option<f64>,
    /// `--dup-shingle`.
    pub shingle: Option<u8>,
    /// `--dup-count`.
    pub count: Option<[bool; 3]>,
    /// `--dup-max-memory`, in bytes.
    pub max_memory: Option<usize>,
}

/// A validated configuration file.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from.
    pub source: PathBuf,
    /// The folder globs are relative to (the file's).
    pub root: PathBuf,
    /// Files to check when walking directories (`None`: all).
    pub include: Option<Globs>,
    /// Files and directories to skip when walking directories.
    pub exclude: Option<Globs>,
    /// The top-level settings.
    pub base: Layer,
    /// `[[overrides]]`, in file order.
    pub overrides: Vec<(Globs, Layer)>,
    /// `[duplicates]`.
    pub duplicates: DupSettings,
}

/// Where a configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Look for one from the working directory up.
    Discover,
    /// This file (`--config`).
    File(PathBuf),
    /// None (`--isolated`).
    Isolated,
}

impl Config {
    /// Loads the configuration from `source`; `Ok(None)` if there is none.
    pub fn load(source: &Source) -> Result<Option<Config>, String> {
        let path = match source {
            Source::Isolated => return Ok(None),
            Source::File(p) => p.clone(),
            Source::Discover => {
                let cwd = std::env::current_dir().map_err(|e| format!("working directory: {e}"))?;
                match discover::find(&cwd)? {
                    Some(p) => p,
                    None => return Ok(None),
                }
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Config::parse(&text, &path).map(Some)
    }

    /// Parses and validates the text of the file at `path` (a `pyproject.toml` is read
    /// for its `[tool.garbled]` table).
    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let at = |e: toml::de::Error| format!("{}: {}", path.display(), e.to_string().trim_end());
        let file = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            let p: schema::Pyproject = toml::from_str(text).map_err(at)?;
            p.tool.and_then(|t| t.garbled).ok_or_else(|| format!("{}: no [tool.garbled] table", path.display()))?
        } else {
            toml::from_str::<schema::File>(text).map_err(at)?
        };
        let v = Validator { text, path };
        let root = crate::baseline::absolute(path).parent().map(Path::to_path_buf).unwrap_or_default();
        let base = v.layer(file.fail_under, file.allow, file.categories, file.rules, "")?;
        let mut overrides = Vec::new();
        for (n, o) in file.overrides.unwrap_or_default().into_iter().enumerate() {
            if o.files.get_ref().is_empty() {
                return Err(v.error(o.files.span().start, "`files` of an [[overrides]] table is empty".into()));
            }
            let globs = v.globs(o.files.get_ref(), true)?;
            let what = format!("overrides[{n}].");
            overrides.push((globs, v.layer(o.fail_under, o.allow, o.categories, o.rules, &what)?));
        }
        let include = file.include.as_deref().map(|g| v.globs(g, true)).transpose()?;
        let exclude = file.exclude.as_deref().map(|g| v.globs(g, false)).transpose()?;
        let duplicates = v.duplicates(file.duplicates.unwrap_or_default())?;
        Ok(Config { source: path.to_path_buf(), root, include, exclude, base, overrides, duplicates })
    }

    /// The path of `path` relative to [`Config::root`], `/`-separated (absolute if outside).
    pub fn relative(&self, path: &Path) -> String {
        let abs = crate::baseline::absolute(path);
        match abs.strip_prefix(&self.root) {
            Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => abs.display().to_string(),
        }
    }
}

struct Validator<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Validator<'_> {
    fn error(&self, byte: usize, msg: String) -> String {
        let line = self.text.as_bytes()[..byte.min(self.text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{}:{line}: {msg}", self.path.display())
    }

    fn layer(
        &self,
        fail_under: Option<Spanned<i64>>,
        allow: Option<Vec<Spanned<String>>>,
        categories: Option<BTreeMap<Spanned<String>, schema::Settings>>,
        rules: Option<BTreeMap<Spanned<String>, schema::Settings>>,
        prefix: &str,
    ) -> Result<Layer, String> {
        let mut layer =
            Layer { fail_under: fail_under.map(|f| self.percent(&f, prefix)).transpose()?, ..Layer::default() };
        for a in allow.unwrap_or_default() {
            match Phrase::new(a.get_ref()) {
                Some(p) => layer.allow.push(p),
                None => return Err(self.error(a.span().start, format!("empty word in `{prefix}allow`"))),
            }
        }
        for (name, s) in categories.unwrap_or_default() {
            let Some(c) = Category::ALL.iter().find(|c| c.as_str() == name.get_ref().as_str()) else {
                let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                let msg = format!(
                    "unknown category `{}` in [{prefix}categories]; use one of {}",
                    name.get_ref(),
                    all.join(", ")
                );
                return Err(self.error(name.span().start, msg));
            };
            layer.categories[c.index()] = self.setting(s)?;
        }
        for (name, s) in rules.unwrap_or_default() {
            let Some(r) = crate::rules::find(name.get_ref()) else {
                let msg = format!("unknown rule `{}` in [{prefix}rules]; `garbled rules` lists them", name.get_ref());
                return Err(self.error(name.span().start, msg));
            };
            layer.rules.push((r, self.setting(s)?));
        }
        Ok(layer)
    }

    fn setting(&self, s: schema::Settings) -> Result<Setting, String> {
        let weight = match s.weight {
            Some(w) if !(w.get_ref().is_finite() && *w.get_ref() >= 0.0) => {
                return Err(self.error(w.span().start, format!("weight {} is not a number of 0 or more", w.get_ref())))
            }
            w => w.map(|w| *w.get_ref() as f32),
        };
        let severity = s.severity.map(|s| match s {
            schema::SeverityName::Error => Severity::Error,
            schema::SeverityName::Warning => Severity::Warning,
            schema::SeverityName::Info => Severity::Info,
        });
        Ok(Setting { enabled: s.enabled, severity, weight })
    }

    fn percent(&self, f: &Spanned<i64>, prefix: &str) -> Result<u8, String> {
        u8::try_from(*f.get_ref()).ok().filter(|&x| x <= 100).ok_or_else(|| {
            self.error(f.span().start, format!("`{prefix}fail-under` must be 0 to 100, not {}", f.get_ref()))
        })
    }

    fn unit(&self, x: &Option<Spanned<f64>>, key: &str) -> Result<Option<f64>, String> {
        match x {
            Some(v) if !(0.0..=1.0).contains(v.get_ref()) => {
                Err(self
                    .error(v.span().start, format!("`duplicates.{key}` must be between 0 and 1, not {}", v.get_ref())))
            }
            v => Ok(v.as_ref().map(|v| *v.get_ref())),
        }
    }

    fn duplicates(&self, d: schema::Duplicates) -> Result<DupSettings, String> {
        let shingle = match &d.shingle {
            Some(k) if !(1..=16).contains(k.get_ref()) => {
                return Err(
                    self.error(k.span().start, format!("`duplicates.shingle` must be 1 to 16, not {}", k.get_ref()))
                )
            }
            k => k.as_ref().map(|k| *k.get_ref() as u8),
        };
        let count = match &d.count {
            Some(c) => Some(
                crate::duplicate::DupOptions::parse_count(&c.get_ref().join(","))
                    .map_err(|e| self.error(c.span().start, format!("`duplicates.count`: {e}")))?,
            ),
            None => None,
        };
        Ok(DupSettings {
            enabled: d.enabled,
            threshold: self.unit(&d.threshold, "threshold")?,
            contain: self.unit(&d.contain, "contain")?,
            spin: self.unit(&d.spin, "spin")?,
            shingle,
            count,
            max_memory: match &d.max_memory {
                Some(m) => Some(
                    crate::duplicate::incremental::parse_size(m.get_ref())
                        .map_err(|e| self.error(m.span().start, format!("`duplicates.max-memory`: {e}")))?,
                ),
                None => None,
            },
        })
    }

    /// Compiles globs: a glob without `/` matches at any depth (`*.md` is `**/*.md`), a
    /// leading `/` anchors it to the folder, and with `below` a glob also matches every
    /// file under a matching directory.
    fn globs(&self, globs: &[Spanned<String>], below: bool) -> Result<Globs, String> {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            let raw = g.get_ref().trim_end_matches('/');
            let pat = match raw.strip_prefix('/') {
                Some(anchored) => anchored.to_string(),
                None if !raw.contains('/') => format!("**/{raw}"),
                None => raw.to_string(),
            };
            let mut pats = vec![pat.clone()];
            if below {
                pats.push(format!("{pat}/**"));
            }
            for p in pats {
                let glob = GlobBuilder::new(&p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| self.error(g.span().start, format!("bad glob `{}`: {}", g.get_ref(), e.kind())))?;
                b.add(glob);
            }
        }
        let set = b.build().map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(Globs { set })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("/p/garbled.toml"))
    }

    #[test]
    fn a_full_file_parses() {
        let c = parse(
            r#"
fail-under = 60
include = ["*.md"]
exclude = ["vendor", "/drafts/**"]
allow = ["Kubernetes", "White Space"]
[categories.spin]
severity = "warning"
[rules.BLP005]
enabled = false
[rules."encoding/mojibake"]
weight = 0.5
[duplicates]
threshold = 0.6
shingle = 4
count = ["contained", "spun-copy"]
[[overrides]]
files = ["legacy"]
fail-under = 30
rules.SPN002.enabled = false
"#,
        )
        .unwrap();
        assert_eq!(c.base.fail_under, Some(60));
        assert_eq!(c.root, Path::new("/p"));
        let spn = crate::rules::find("SPN001").unwrap();
        assert_eq!(c.base.setting(spn).severity, Some(Severity::Warning));
        assert_eq!(c.base.setting(crate::rules::find("BLP005").unwrap()).enabled, Some(false));
        assert_eq!(c.base.setting(crate::rules::find("ENC001").unwrap()).weight, Some(0.5));
        assert_eq!(c.base.allow.len(), 2);
        assert_eq!(c.duplicates.count, Some([false, true, true]));
        assert_eq!(c.duplicates.shingle, Some(4));
        let inc = c.include.as_ref().unwrap();
        assert!(inc.is_match("a.md") && inc.is_match("docs/x/a.md") && !inc.is_match("a.txt"));
        let exc = c.exclude.as_ref().unwrap();
        assert!(exc.is_match("vendor") && exc.is_match("a/vendor") && !exc.is_match("vendors"));
        assert!(exc.is_match("drafts/x.txt") && !exc.is_match("a/drafts/x.txt"));
        let (files, layer) = &c.overrides[0];
        assert!(files.is_match("legacy/a/b.txt") && !files.is_match("new/a.txt"));
        assert_eq!(layer.fail_under, Some(30));
        assert_eq!(c.relative(Path::new("/p/legacy/../a.txt")), "a.txt");
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_key() {
        for (text, want) in [
            ("colour = 1", "unknown field `colour`"),
            ("fail-under = 300", "garbled.toml:1: `fail-under` must be 0 to 100, not 300"),
            ("[rules.XYZ999]\nenabled = false", "garbled.toml:1: unknown rule `XYZ999`"),
            ("[rules.SPN001]\nseverity = \"fatal\"", "unknown variant `fatal`"),
            ("[rules.SPN001]\nweight = -1", "garbled.toml:2: weight -1 is not a number of 0 or more"),
            ("[rules.SPN001]\nenable = false", "unknown field `enable`"),
            ("[categories.spam]\nenabled = false", "unknown category `spam`"),
            ("exclude = [\"a[\"]", "bad glob `a[`"),
            ("[[overrides]]\nfiles = []", "empty"),
            (
                "[[overrides]]\nfiles = [\"x\"]\n[overrides.rules.NOPE]\nenabled = true",
                "unknown rule `NOPE` in [overrides[0].rules]",
            ),
            ("[duplicates]\nthreshold = 2.0", "`duplicates.threshold` must be between 0 and 1"),
            ("[duplicates]\ncount = [\"copies\"]", "unknown duplicate kind `copies`"),
            ("fail-under = ", "TOML parse error"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.starts_with("/p/garbled.toml"), "{e}");
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn pyproject_reads_its_table() {
        let p = Path::new("/p/pyproject.toml");
        let c = Config::parse("[project]\nname = \"x\"\n[tool.garbled]\nfail-under = 70\n", p).unwrap();
        assert_eq!(c.base.fail_under, Some(70));
        assert!(Config::parse("[tool.garbled]\nfail_under = 70\n", p)
            .unwrap_err()
            .contains("unknown field `fail_under`"));
        assert!(Config::parse("[tool.other]\n", p).unwrap_err().contains("no [tool.garbled]"));
    }

    #[test]
    fn later_layers_and_rules_win() {
        let spn = crate::rules::find("SPN001").unwrap();
        let mut l = Layer::default();
        l.categories[spn.category.index()] =
            Setting { enabled: Some(false), severity: Some(Severity::Error), weight: None };
        l.rules.push((spn, Setting { enabled: Some(true), ..Setting::default() }));
        let s = l.setting(spn);
        assert_eq!((s.enabled, s.severity), (Some(true), Some(Severity::Error)));
    }
}
