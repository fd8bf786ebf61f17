//! Command-line interface: argument parsing and dispatch; all work happens in the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions};
use crate::model::{build, train, Model};
use crate::report::{self, Format, Style};

/// Tells good text from bad: spun text, mangled text and near-duplicates.
#[derive(Parser, Debug)]
#[command(name = "garbled", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files, directories or standard input (`-`) and score them.
    Check(CheckArgs),
    /// Build a model from a corpus of text, JSONL or gzipped files.
    Train(TrainArgs),
    /// List every rule with its code, category and summary.
    Rules,
    /// Print the documentation of a rule, by code or name.
    Explain {
        /// A rule code (`ENC001`) or name (`mojibake`).
        rule: String,
    },
    /// Build duplicate-detection indexes of reference collections.
    #[command(subcommand)]
    Index(IndexCommand),
}

/// The `garbled index` subcommands.
#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Store the duplicate signatures of a collection, for `garbled check --against INDEX`.
    Build(IndexBuildArgs),
}

/// Arguments of `garbled index build`.
#[derive(clap::Args, Debug)]
pub struct IndexBuildArgs {
    /// Files or directories of the collection (walked like `check`).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Where to write the index.
    #[arg(long)]
    pub out: PathBuf,
    /// Word shingle size (checks against the index use the same).
    #[arg(long, default_value_t = crate::duplicate::DEFAULT_SHINGLE as u8, value_parser = clap::value_parser!(u8).range(1..=16))]
    pub dup_shingle: u8,
    /// Near-duplicate threshold the LSH bands are tuned for.
    #[arg(long, default_value_t = crate::duplicate::DEFAULT_THRESHOLD, value_parser = unit_interval)]
    pub dup_threshold: f64,
    /// Index files that look binary instead of skipping them.
    #[arg(long)]
    pub binary: bool,
    /// Worker threads.
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
}

fn unit_interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a number between 0 and 1")),
    }
}

/// Arguments of `garbled check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Files scoring below this fail the gate (exit status 1) [default: 50, or the config file's].
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub fail_under: Option<u8>,
    /// Worker threads; output is identical for any number.
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Check files that look binary instead of skipping them.
    #[arg(long)]
    pub binary: bool,
    /// Use this model instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Name to report standard input under.
    #[arg(long, default_value = "<stdin>")]
    pub stdin_filename: String,
    /// List info findings in text output (hints that cost no points; JSON always has them).
    #[arg(long)]
    pub show_info: bool,
    /// When to use colour in text output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Print findings (and failing files' scores) but no progress bar, notes, passing
    /// files or summary; errors still go to standard error.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also compare the files with this reference collection: an index written by
    /// `garbled index build`, or files and directories to read. Duplicates inside the
    /// collection itself are not reported.
    #[arg(long, value_name = "PATH")]
    pub against: Option<PathBuf>,
    /// Jaccard similarity of word shingles at which two files are near-duplicates [default: 0.5].
    #[arg(long, value_parser = unit_interval)]
    pub dup_threshold: Option<f64>,
    /// Share of the smaller file found in the larger at which it is `contained` [default: 0.8].
    #[arg(long, value_parser = unit_interval)]
    pub dup_contain: Option<f64>,
    /// Share of the smaller file's function-word skeleton found in the other at which it is a `spun-copy` [default: 0.8].
    #[arg(long, value_parser = unit_interval)]
    pub dup_spin: Option<f64>,
    /// Word shingle size [default: 5, or that of the `--against` index].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=16))]
    pub dup_shingle: Option<u8>,
    /// Duplicate kinds that lower the score, comma-separated (near-duplicate, contained,
    /// spun-copy), or all, or none; the others are still reported, at no cost [default: all].
    #[arg(long, value_parser = crate::duplicate::DupOptions::parse_count)]
    pub dup_count: Option<[bool; 3]>,
    /// Streamed runs (`--input-format jsonl`, `--format jsonl`): the most memory the
    /// index of earlier texts may hold (e.g. 64MiB, 1GiB); past it the oldest are
    /// dropped and no longer matched [default: 128MiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::duplicate::incremental::parse_size)]
    pub dup_max_memory: Option<usize>,
    /// Do not look for duplicates.
    #[arg(long)]
    pub no_duplicates: bool,
    /// How to read inputs: `text` (a file is one text) or `jsonl` (a line is a JSON document;
    /// plain, gzip or zstd; standard input if no PATH). JSONL input writes JSONL records.
    #[arg(long, value_enum, default_value = "text")]
    pub input_format: crate::stream::InputFormat,
    /// JSONL input: the field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL input: the field holding the id (absent: FILE:LINE).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL input: write the input lines of passing documents unchanged instead of
    /// records (a filter; exit status 0 unless an error).
    #[arg(long)]
    pub keep_passed: bool,
    /// JSONL output: leave findings out of the records.
    #[arg(long)]
    pub no_findings: bool,
    /// Read the configuration from this file (a garbled.toml, or a pyproject.toml with
    /// [tool.garbled]) instead of looking for one from the working directory up.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
    /// Apply the configuration's `exclude` to paths given on the command line too.
    #[arg(long)]
    pub force_exclude: bool,
    /// Judge only findings that this baseline file (from --write-baseline) does not have.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this file and exit 0 (no report).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Arguments of `garbled train`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// Corpus files: plain text (one document), JSONL with a `text` field, or gzip of either.
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "model.bin")]
    pub out: PathBuf,
    /// Leave out the development split (1 document in 20, by hash of source and id).
    #[arg(long)]
    pub holdout_dev: bool,
    /// Keep words seen at least this often.
    #[arg(long, default_value_t = 3)]
    pub min_word: u64,
    /// Keep adjacent word pairs seen at least this often.
    #[arg(long, default_value_t = 2)]
    pub min_pair: u64,
    /// Keep pairs with one word between seen at least this often (0: don't count them).
    #[arg(long, default_value_t = 0)]
    pub min_skip: u64,
    /// Worker threads.
    #[arg(short = 'j', long, default_value_t = 2)]
    pub jobs: usize,
    /// Also write a JSON manifest (sources with sizes, options, model size and checksum) here.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Folder with WordNet 3.0 (`wordnet-3.0/`) and `moby-thesaurus.txt.gz`: adds synonym lists.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
}

/// Parses the command line, runs it, and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(a) => run_check(a),
        Command::Train(a) => run_train(a),
        Command::Index(IndexCommand::Build(a)) => run_index_build(a),
        Command::Rules => {
            let mut out = io::stdout().lock();
            for r in crate::rules::all() {
                let _ = writeln!(out, "{:<8} {:<14} {:<22} {}", r.code, r.category.as_str(), r.name, r.summary);
            }
            0
        }
        Command::Explain { rule } => match crate::rules::find(&rule) {
            Some(r) => {
                println!("{} {}/{} ({})\n\n{}\n\n{}", r.code, r.category, r.name, r.severity, r.summary, r.doc.trim());
                println!("\n{}", crate::rules::silencing(r));
                0
            }
            None => {
                eprintln!("garbled: error: no rule with code or name `{rule}`; `garbled rules` lists them");
                2
            }
        },
    }
}

fn load_model(path: &Option<PathBuf>) -> Result<&'static Model, String> {
    let Some(p) = path else { return Ok(Model::embedded()) };
    let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    let m = Model::new(bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    m.verify().map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(Box::leak(Box::new(m)))
}

fn run_check(a: CheckArgs) -> i32 {
    let model = match load_model(&a.model) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("garbled: error: {e}");
            return 2;
        }
    };
    let (policy, dup) = match policy(&a).and_then(|p| Ok((dup_options(&a, p.config())?, p))) {
        Ok((d, p)) => (p, d),
        Err(e) => {
            eprintln!("garbled: error: {e}");
            return 2;
        }
    };
    let fail_under =
        a.fail_under.or(policy.config().and_then(|c| c.base.fail_under)).unwrap_or(crate::score::DEFAULT_FAIL_UNDER);
    let policy = std::sync::Arc::new(policy);
    let opts = CheckOptions { fail_under, binary: a.binary, jobs: a.jobs, dup, policy };
    let s = crate::stream::StreamOptions {
        input: a.input_format,
        format: a.format,
        text_field: a.text_field.clone(),
        id_field: a.id_field.clone(),
        keep_passed: a.keep_passed,
        findings: !a.no_findings,
        stdin_name: a.stdin_filename.clone(),
    };
    if crate::stream::applies(&s) {
        if a.baseline.is_some() || a.write_baseline.is_some() {
            eprintln!(
                "garbled: error: --baseline and --write-baseline work with the text, json, sarif, github, gitlab and junit \
                 formats, not with JSONL input or output"
            );
            return 2;
        }
        return crate::stream::run_cli(&a.paths, model, &opts, &s);
    }
    let paths = if a.paths.is_empty() { vec![PathBuf::from(".")] } else { a.paths.clone() };
    let targets = check::collect_targets_with(&paths, &a.stdin_filename, &opts.policy);
    let analyzers = crate::analyzers::enabled_set(|r| opts.policy.may_report(r));
    let progress = report::progress::Progress::new(targets.len(), a.format == Format::Text && !a.quiet);
    let run = check::run_with_progress(targets, model, &analyzers, &opts, Some(&|| progress.tick()));
    progress.finish();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let _ = if a.quiet { report::write_errors } else { report::write_notices }(&run, &mut io::stderr().lock());
    if let (Some(file), Some(b)) = (&a.write_baseline, &run.baseline.recorded) {
        return write_baseline(file, b, &run);
    }
    if run.baseline.hidden > 0 && a.format != Format::Text && !a.quiet {
        eprintln!("garbled: note: {} baselined findings hidden", run.baseline.hidden);
    }
    // Standard output is line-buffered: a report of one long JSON line would go out 1 KB
    // a write, each searched for a line break.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let style = Style { color, show_info: a.show_info, quiet: a.quiet };
    if let Err(e) = report::write(&run, a.format, style, &mut out).and_then(|_| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("garbled: error: writing output: {e}");
            return 2;
        }
    }
    run.exit_code()
}

/// The configuration (unless `--isolated`) and the baseline, as a policy.
fn policy(a: &CheckArgs) -> Result<crate::config::Policy, String> {
    use crate::config::{Config, Policy, Source};
    let source = match (&a.config, a.isolated) {
        (Some(p), _) => Source::File(p.clone()),
        (None, true) => Source::Isolated,
        (None, false) => Source::Discover,
    };
    let mut p =
        Policy::new(Config::load(&source)?).fail_under_given(a.fail_under.is_some()).force_exclude(a.force_exclude);
    if let Some(file) = &a.baseline {
        p = p.with_baseline(file, crate::baseline::Baseline::read(file)?);
    }
    if let Some(file) = &a.write_baseline {
        p = p.recording(file);
    }
    Ok(p)
}

fn write_baseline(file: &std::path::Path, b: &crate::baseline::Baseline, run: &check::RunReport) -> i32 {
    if let Err(e) = std::fs::write(file, b.to_json()) {
        eprintln!("garbled: error: {}: {e}", file.display());
        return 2;
    }
    let n = b.len();
    eprintln!(
        "garbled: wrote {n} finding{} in {} of {} files to {}",
        if n == 1 { "" } else { "s" },
        b.files.len(),
        run.files.len(),
        file.display()
    );
    // Unreadable inputs still make the run fail: the baseline lacks them.
    if run.exit_code() == 2 {
        2
    } else {
        0
    }
}

fn dup_options(a: &CheckArgs, cfg: Option<&crate::config::Config>) -> Result<crate::duplicate::DupOptions, String> {
    use crate::duplicate::{index, DupOptions, Reference};
    let c = cfg.map(|c| c.duplicates.clone()).unwrap_or_default();
    let shingle = a.dup_shingle.or(c.shingle);
    let mut d = DupOptions {
        enabled: !a.no_duplicates && c.enabled.unwrap_or(true),
        threshold: a.dup_threshold.or(c.threshold).unwrap_or(crate::duplicate::DEFAULT_THRESHOLD),
        contain: a.dup_contain.or(c.contain).unwrap_or(crate::duplicate::DEFAULT_CONTAIN),
        spin: a.dup_spin.or(c.spin).unwrap_or(crate::duplicate::DEFAULT_SPIN),
        shingle: shingle.map_or(crate::duplicate::DEFAULT_SHINGLE, usize::from),
        count: a.dup_count.or(c.count).unwrap_or([true; 3]),
        against: None,
        max_memory: a.dup_max_memory.or(c.max_memory).unwrap_or(crate::duplicate::incremental::DEFAULT_MAX_MEMORY),
        minhash: true,
    };
    let Some(p) = &a.against else { return Ok(d) };
    let mut magic = [0u8; 8];
    let is_index = std::fs::File::open(p).and_then(|mut f| io::Read::read_exact(&mut f, &mut magic)).is_ok()
        && Reference::is_index(&magic);
    let r = if is_index {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let r = Reference::new(bytes).map_err(|e| format!("{}: {e}", p.display()))?;
        if let Some(k) = shingle.filter(|&k| usize::from(k) != r.shingle()) {
            return Err(format!(
                "{}: the index holds {}-word shingles, not {k}: rebuild it with --dup-shingle {k}",
                p.display(),
                r.shingle()
            ));
        }
        d.shingle = r.shingle();
        r
    } else {
        // Signatures need no word statistics: read with the empty model.
        let (r, notices) =
            index::collect(std::slice::from_ref(p), Model::empty(), d.shingle, d.lsh(), a.binary, a.jobs);
        if let Some(check::Notice::Error { path, message }) =
            notices.iter().find(|n| matches!(n, check::Notice::Error { .. }))
        {
            return Err(format!("{path}: {message}"));
        }
        r
    };
    d.against = Some(std::sync::Arc::new(r));
    Ok(d)
}

fn run_index_build(a: IndexBuildArgs) -> i32 {
    let t0 = Instant::now();
    let lsh = crate::duplicate::LshParams::for_threshold(a.dup_threshold);
    let (r, notices) =
        crate::duplicate::index::collect(&a.paths, Model::empty(), a.dup_shingle.into(), lsh, a.binary, a.jobs);
    let mut failed = false;
    for n in &notices {
        match n {
            check::Notice::Error { path, message } => {
                eprintln!("garbled: error: {path}: {message}");
                failed = true;
            }
            check::Notice::Note { path, message } => eprintln!("garbled: note: {path}: {message}"),
        }
    }
    if failed {
        return 2;
    }
    if let Err(e) = r.write(&a.out) {
        eprintln!("garbled: error: {}: {e}", a.out.display());
        return 2;
    }
    eprintln!(
        "garbled: indexed {} files into {} ({} bytes; word {}-grams, {} bands of {} rows) in {:.2}s",
        r.len(),
        a.out.display(),
        r.byte_len(),
        r.shingle(),
        r.lsh().bands,
        r.lsh().rows,
        t0.elapsed().as_secs_f64()
    );
    0
}

fn run_train(a: TrainArgs) -> i32 {
    let opts = train::TrainOptions {
        min_word: a.min_word,
        min_pair: a.min_pair,
        min_skip: a.min_skip,
        holdout_dev: a.holdout_dev,
        threads: a.jobs,
        ..Default::default()
    };
    let t0 = Instant::now();
    let (counts, stats) = match train::train(&a.sources, &opts) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("garbled: error: {e}");
            return 2;
        }
    };
    let mut counts = counts;
    if let Some(dir) = &a.lexicon {
        match crate::lexicon::Lexicon::load(dir) {
            Ok(lx) => train::add_synonyms(&mut counts, &lx, &opts),
            Err(e) => {
                eprintln!("garbled: error: lexicon: {e}");
                return 2;
            }
        }
    }
    let bytes = build::write(&counts);
    if let Err(e) = std::fs::write(&a.out, &bytes) {
        eprintln!("garbled: error: {}: {e}", a.out.display());
        return 2;
    }
    if let Some(path) = &a.manifest {
        let text = train::manifest(&a.sources, &opts, a.lexicon.is_some(), &bytes);
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("garbled: error: {}: {e}", path.display());
            return 2;
        }
    }
    eprintln!(
        "garbled: trained on {} documents ({} held out), {} tokens: {} of {} words, {} of {} pairs, {} of {} skip pairs kept, {} synonym links; {} bytes written to {} in {:.1}s",
        stats.docs,
        stats.held_out,
        stats.tokens,
        counts.words.len(),
        stats.distinct_words,
        counts.tables[0].len(),
        stats.distinct_pairs[0],
        counts.tables[1].len(),
        stats.distinct_pairs[1],
        counts.synonyms.len(),
        bytes.len(),
        a.out.display(),
        t0.elapsed().as_secs_f64()
    );
    0
}
