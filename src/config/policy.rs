//! The [`Policy`]: what a check does with findings besides scoring them — rule settings,
//! suppression comments, the allow-list and the baseline — and which walked files it checks.

use std::path::{Path, PathBuf};

use super::{Config, Globs, Layer, Setting};
use crate::baseline::{Baseline, Outcome};
use crate::check::{Notice, Target};
use crate::document::Document;
use crate::duplicate::{Hit, Other, Reference};
use crate::finding::{Finding, Severity};
use crate::rules::Rule;
use crate::suppress::{self, Codes, Directive, Scope, Syntax};

/// Everything a run applies to findings; the default applies only suppression comments.
#[derive(Debug, Default)]
pub struct Policy {
    config: Option<Config>,
    fail_under_given: bool,
    force_exclude: bool,
    baseline: Option<Baseline>,
    record: Option<Baseline>,
    /// The configuration and baseline files, never checked when found by walking.
    own_files: Vec<PathBuf>,
}

impl Policy {
    /// A policy from a configuration (or none).
    pub fn new(config: Option<Config>) -> Policy {
        let own_files = config.iter().map(|c| crate::baseline::absolute(&c.source)).collect();
        Policy { config, own_files, ..Policy::default() }
    }

    /// False when `rule` is disabled for every file: at the top level of the
    /// configuration, and not re-enabled by any override.
    pub fn may_report(&self, rule: &Rule) -> bool {
        let Some(c) = &self.config else { return true };
        c.base.setting(rule).enabled != Some(false)
            || c.overrides.iter().any(|(_, l)| l.setting(rule).enabled == Some(true))
    }

    /// The configuration, if any.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// `--fail-under` was given: it beats every `fail-under` of the file, overrides included.
    pub fn fail_under_given(mut self, given: bool) -> Self {
        self.fail_under_given = given;
        self
    }

    /// Apply `exclude` to paths given explicitly too (`--force-exclude`).
    pub fn force_exclude(mut self, on: bool) -> Self {
        self.force_exclude = on;
        self
    }

    /// Hide the findings `baseline` has.
    pub fn with_baseline(mut self, file: &Path, baseline: Baseline) -> Self {
        self.own_files.push(crate::baseline::absolute(file));
        self.baseline = Some(baseline);
        self
    }

    /// Record every finding (after rules, comments and allow-list) for a baseline file at `file`.
    pub fn recording(mut self, file: &Path) -> Self {
        self.own_files.push(crate::baseline::absolute(file));
        self.record = Some(Baseline::for_file(file));
        self
    }

    /// The walk filter for directories given on the command line: the configuration's
    /// `include` and `exclude`, and the run's own configuration and baseline files.
    pub fn walk_filter(&self) -> Option<WalkFilter> {
        let c = self.config.as_ref();
        let globs = c.is_some_and(|c| c.include.is_some() || c.exclude.is_some());
        (globs || !self.own_files.is_empty()).then(|| WalkFilter {
            root: c.map(|c| c.root.clone()).unwrap_or_default(),
            include: c.and_then(|c| c.include.clone()),
            exclude: c.and_then(|c| c.exclude.clone()),
            own_files: self.own_files.clone(),
        })
    }

    /// False if a path given explicitly must be skipped (`--force-exclude` and excluded,
    /// or under an excluded directory).
    pub fn keeps_explicit(&self, path: &Path) -> bool {
        let Some(c) = self.config.as_ref().filter(|_| self.force_exclude) else { return true };
        let Some(ex) = &c.exclude else { return true };
        let rel = c.relative(path);
        let mut prefix = rel.as_str();
        loop {
            if ex.is_match(prefix) {
                return false;
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return true,
            }
        }
    }

    /// The state for checking one target.
    pub fn file(&self, target: &Target) -> FileState<'_> {
        let (name, path) = match target {
            Target::File(p) => (p.display().to_string(), p.as_path()),
            Target::Stdin(n) => (n.clone(), Path::new(n.as_str())),
        };
        let mut layers: Vec<&Layer> = Vec::new();
        if let Some(c) = &self.config {
            layers.push(&c.base);
            let rel = c.relative(path);
            layers.extend(c.overrides.iter().filter(|(g, _)| g.is_match(&rel)).map(|(_, l)| l));
        }
        let fail_under = if self.fail_under_given { None } else { layers.iter().rev().find_map(|l| l.fail_under) };
        let book = self.baseline.as_ref().or(self.record.as_ref());
        let key_path = book.map(|b| b.key_path(path)).unwrap_or_default();
        let remaining = self.baseline.as_ref().and_then(|b| b.files.get(&key_path).cloned()).unwrap_or_default();
        FileState {
            policy: self,
            has_allow: layers.iter().any(|l| !l.allow.is_empty()),
            layers,
            fail_under,
            syntax: Syntax::for_path(&name),
            key_path,
            file_ignore: None,
            pending: None,
            remaining,
            recorded: Vec::new(),
            hidden: 0,
            notes: Vec::new(),
            dirs: Vec::new(),
        }
    }

    /// Drops the duplicate matches that are disabled, silenced by `ignore-file` or in
    /// the baseline; `states` and `hits` are indexed like `paths`.
    pub fn filter_duplicates(
        &self,
        hits: &mut [Vec<Hit>],
        states: &mut [FileState<'_>],
        paths: &[String],
        against: Option<&Reference>,
    ) {
        for (i, hs) in hits.iter_mut().enumerate() {
            let Some(state) = states.get_mut(i) else { continue };
            hs.retain(|h| {
                let other = match h.other {
                    Other::File(j) => paths.get(j).cloned().unwrap_or_default(),
                    Other::Ref(e) => against.map_or_else(String::new, |r| r.path(e).to_string()),
                };
                let rule = crate::duplicate::RULES[crate::duplicate::kind_index(h.verdict.kind)];
                state.keep_duplicate(rule, &other)
            });
        }
    }

    /// What the baseline did, once every file is done.
    pub fn outcome(&self, states: Vec<FileState<'_>>) -> Outcome {
        let mut out = Outcome { hidden: states.iter().map(|s| s.hidden).sum(), recorded: None };
        if let Some(empty) = &self.record {
            let mut b = empty.clone();
            for s in states {
                for k in s.recorded {
                    b.add(&s.key_path, k);
                }
            }
            out.recorded = Some(b);
        }
        out
    }
}

/// Which entries a directory walk keeps: `exclude` prunes files and directories,
/// `include` keeps only matching files.
#[derive(Clone, Debug)]
pub struct WalkFilter {
    root: PathBuf,
    include: Option<Globs>,
    exclude: Option<Globs>,
    own_files: Vec<PathBuf>,
}

impl WalkFilter {
    /// True if the walk keeps `entry` (the directory given itself is always kept).
    pub fn keeps(&self, entry: &ignore::DirEntry) -> bool {
        if entry.depth() == 0 {
            return true;
        }
        let abs = crate::baseline::absolute(entry.path());
        if self.own_files.contains(&abs) {
            return false;
        }
        let rel = match abs.strip_prefix(&self.root) {
            Ok(r) => r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => abs.display().to_string(),
        };
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            return false;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        is_dir || self.include.as_ref().is_none_or(|g| g.is_match(&rel))
    }
}

/// What one file's check carries from chunk to chunk: its settings, its
/// suppressions, its share of the baseline. (Each document of a JSONL input starts
/// from a clone of its file's fresh state.)
#[derive(Debug, Clone)]
pub struct FileState<'p> {
    policy: &'p Policy,
    layers: Vec<&'p Layer>,
    has_allow: bool,
    fail_under: Option<u8>,
    syntax: Syntax,
    key_path: String,
    file_ignore: Option<Codes>,
    pending: Option<Codes>,
    remaining: std::collections::BTreeMap<crate::baseline::Key, u32>,
    recorded: Vec<crate::baseline::Key>,
    hidden: usize,
    notes: Vec<String>,
    dirs: Vec<Directive>,
}

impl FileState<'_> {
    /// The gate for this file when the configuration sets one for it.
    pub fn fail_under(&self) -> Option<u8> {
        self.fail_under
    }

    /// Findings hidden by the baseline so far.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// The settings of `rule` for this file: later layers win; in a layer, the rule's
    /// own settings beat its category's.
    pub fn setting(&self, rule: &Rule) -> Setting {
        self.layers.iter().fold(Setting::default(), |s, l| s.then(l.setting(rule)))
    }

    /// Notes about directives that could not be understood, as notices for `path`.
    pub fn take_notices(&mut self, path: &str) -> Vec<Notice> {
        self.notes.drain(..).map(|message| Notice::Note { path: path.to_string(), message }).collect()
    }

    /// Applies settings, suppression comments, the allow-list and the baseline to the
    /// findings of one chunk, in place: dropped findings neither show nor cost points.
    pub fn apply(&mut self, doc: &Document, raw: &mut Vec<Finding>) {
        let text = doc.text;
        self.dirs.clear();
        let mut problems = Vec::new();
        suppress::scan(text, self.syntax, &mut self.dirs, &mut problems);
        for (at, msg) in problems {
            self.notes.push(format!("line {}: {msg}", doc.position(at).line));
        }
        for d in self.dirs.iter().filter(|d| d.scope == Scope::File) {
            match &mut self.file_ignore {
                Some(c) => c.merge(d.codes.clone()),
                None => self.file_ignore = Some(d.codes.clone()),
            }
        }
        let carried = self.pending.take();
        let first_line = 0..memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
        for d in &self.dirs {
            if d.scope == Scope::NextLine && d.target.start >= text.len() {
                match &mut self.pending {
                    Some(c) => c.merge(d.codes.clone()),
                    None => self.pending = Some(d.codes.clone()),
                }
            }
        }
        if raw.is_empty() {
            return;
        }
        let mut keep = Vec::with_capacity(raw.len());
        for f in raw.iter_mut() {
            keep.push(self.keep(doc, f, carried.as_ref(), &first_line));
        }
        let mut k = keep.into_iter();
        raw.retain(|_| k.next().unwrap_or(true));
    }

    fn keep(
        &mut self,
        doc: &Document,
        f: &mut Finding,
        carried: Option<&Codes>,
        first_line: &std::ops::Range<usize>,
    ) -> bool {
        let s = self.setting(f.rule);
        if s.enabled == Some(false) || self.file_ignore.as_ref().is_some_and(|c| c.matches(f.rule)) {
            return false;
        }
        let at = f.span.start;
        if carried.is_some_and(|c| c.matches(f.rule)) && first_line.contains(&at) {
            return false;
        }
        for d in &self.dirs {
            let on_target = d.scope != Scope::File && d.target.contains(&at) && d.codes.matches(f.rule);
            let in_comment = f.span.start < d.comment.end
                && d.comment.start < f.span.end.max(f.span.start + 1)
                && f.span.start >= d.line.start
                && f.span.end <= d.line.end;
            if on_target || in_comment {
                return false;
            }
        }
        if self.has_allow && f.weight == 1.0 {
            let allowed = self.layers.iter().any(|l| super::allow::allowed(doc.text, &f.span, &l.allow));
            if allowed {
                return false;
            }
        }
        if let Some(sev) = s.severity {
            f.severity = sev;
        }
        if let Some(w) = s.weight {
            f.weight *= w;
        }
        if self.policy.baseline.is_some() || self.policy.record.is_some() {
            let key = crate::baseline::key(doc, f.rule.code, f.span.clone());
            return !self.baselined(key);
        }
        true
    }

    /// True when the baseline holds one more occurrence of `key` (which it then
    /// uses up); otherwise records the key when a baseline is being written.
    fn baselined(&mut self, key: crate::baseline::Key) -> bool {
        if let Some(n) = self.remaining.get_mut(&key).filter(|n| **n > 0) {
            *n -= 1;
            self.hidden += 1;
            return true;
        }
        if self.policy.record.is_some() {
            self.recorded.push(key);
        }
        false
    }

    /// False when duplicate rule `rule` is disabled or silenced by `ignore-file`.
    fn reports_duplicate(&self, rule: &'static Rule) -> bool {
        self.setting(rule).enabled != Some(false) && !self.file_ignore.as_ref().is_some_and(|c| c.matches(rule))
    }

    /// True if a duplicate match of `rule` with `other` is reported (see
    /// [`Policy::filter_duplicates`]); line comments do not apply to duplicates.
    pub fn keep_duplicate(&mut self, rule: &'static Rule, other: &str) -> bool {
        if !self.reports_duplicate(rule) {
            return false;
        }
        let book = self.policy.baseline.as_ref().or(self.policy.record.as_ref());
        let Some(book) = book else { return true };
        let key = crate::baseline::Key {
            rule: rule.code.to_string(),
            text: book.key_path(Path::new(other)),
            context: String::new(),
        };
        !self.baselined(key)
    }

    /// The severity and weight multiplier of duplicate rule `rule` for this file.
    pub fn duplicate_cost(&self, rule: &'static Rule) -> (Severity, f32) {
        let s = self.setting(rule);
        (s.severity.unwrap_or(rule.severity), s.weight.unwrap_or(1.0))
    }

    /// What this state decides once the findings are in, owned (no borrow of the
    /// policy), for the streaming paths that match duplicates after analysis.
    pub fn settled(&self) -> Settled {
        let rules = crate::duplicate::RULES;
        Settled {
            fail_under: self.fail_under,
            dup_cost: [0, 1, 2].map(|k| self.duplicate_cost(rules[k])),
            dup_kept: [0, 1, 2].map(|k| self.reports_duplicate(rules[k])),
        }
    }
}

/// A file's gate and duplicate settings after analysis (see [`FileState::settled`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settled {
    /// The gate for this file when the configuration sets one for it.
    pub fail_under: Option<u8>,
    /// Severity and weight multiplier per duplicate kind (indexed by `duplicate::kind_index`).
    pub dup_cost: [(Severity, f32); 3],
    /// Whether each duplicate kind is reported at all.
    pub dup_kept: [bool; 3],
}

impl Settled {
    /// The severity and weight multiplier of duplicate rule `rule`.
    pub fn duplicate_cost(&self, rule: &'static Rule) -> (Severity, f32) {
        let k = crate::duplicate::RULES.iter().position(|r| r.code == rule.code).unwrap_or(0);
        self.dup_cost[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

    fn finding(text: &str, needle: &str, code: &str) -> Finding {
        let s = text.find(needle).unwrap();
        Finding::new(find(code).unwrap(), s..s + needle.len(), "m")
    }

    fn policy(toml: &str) -> Policy {
        Policy::new(Some(Config::parse(toml, Path::new("/p/garbled.toml")).unwrap()))
    }

    #[test]
    fn next_line_and_file_directives_carry_over_chunks() {
        let p = Policy::default();
        let mut st = p.file(&Target::Stdin("x.md".into()));
        let one = "Tea.\n<!-- garbled: ignore-next-line[WRD001] -->\n";
        let two = "teaand cake\nmore teaand\n<!-- garbled: ignore-file[ENC001] -->\n";
        let three = "caf\u{c3}\u{a9} teaand\n";
        let mut raw = vec![];
        st.apply(&Document::plain(one), &mut raw);
        let mut raw = vec![finding(two, "teaand", "WRD001"), finding(two, "more", "WRD001")];
        st.apply(&Document::plain(two), &mut raw);
        assert_eq!(raw.len(), 1, "only the first line of the next chunk is silenced");
        assert_eq!(raw[0].span.start, 12);
        let mut raw = vec![finding(three, "caf", "ENC001"), finding(three, "teaand", "WRD001")];
        st.apply(&Document::plain(three), &mut raw);
        assert_eq!(raw.iter().map(|f| f.rule.code).collect::<Vec<_>>(), ["WRD001"]);
    }

    #[test]
    fn the_directive_comment_is_never_flagged_but_its_line_is() {
        let p = Policy::default();
        let mut st = p.file(&Target::Stdin("x.md".into()));
        let t = "<!-- garbled: ignore-next-line[WRD001] --> teaand\nnext\n";
        let mut raw = vec![
            finding(t, "<!-- garbled: ignore-next-line[WRD001] -->", "BLP004"),
            finding(t, "ignore-next", "WRD003"),
            finding(t, "teaand", "WRD001"),
        ];
        st.apply(&Document::plain(t), &mut raw);
        assert_eq!(raw.iter().map(|f| f.rule.code).collect::<Vec<_>>(), ["WRD001"]);
    }

    #[test]
    fn settings_allow_list_and_weighted_findings() {
        let p = policy(
            "allow = [\"teaand\"]\n[rules.WRD003]\nenabled = false\n[rules.ENC001]\nseverity = \"info\"\nweight = 3\n",
        );
        let mut st = p.file(&Target::File("/p/a.txt".into()));
        let t = "teaand cake, caf\u{c3}\u{a9} and te a\n";
        let mut raw = vec![
            finding(t, "teaand", "WRD001"),
            finding(t, "teaand", "SPN003").with_weight(4.0),
            finding(t, "caf", "ENC001"),
            finding(t, "te a", "WRD003"),
        ];
        st.apply(&Document::plain(t), &mut raw);
        let got: Vec<_> = raw.iter().map(|f| (f.rule.code, f.severity, f.weight)).collect();
        assert_eq!(got, [("SPN003", Severity::Error, 4.0), ("ENC001", Severity::Info, 3.0)]);
    }

    #[test]
    fn baseline_hides_each_recorded_finding_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        let t = "one teaand here\n\none teaand here\n\none teaand here\n";
        let doc = Document::plain(t);
        let target = Target::File(dir.path().join("a.txt"));
        let wrd = find("WRD001").unwrap();
        let all = || t.match_indices("teaand").map(|(s, _)| Finding::new(wrd, s..s + 6, "m")).collect::<Vec<_>>();
        let rec = Policy::default().recording(&file);
        let mut st = rec.file(&target);
        let mut raw = all();
        raw.truncate(2);
        st.apply(&doc, &mut raw);
        let b = rec.outcome(vec![st]).recorded.unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b.files.keys().collect::<Vec<_>>(), ["a.txt"]);
        let p = Policy::default().with_baseline(&file, b);
        let mut st = p.file(&target);
        let mut raw = all();
        st.apply(&doc, &mut raw);
        assert_eq!((raw.len(), st.hidden()), (1, 2));
    }
}
