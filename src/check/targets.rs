//! The targets of a run: the paths given, directories walked like ripgrep, and a
//! precise notice for each path that cannot be read.

use std::io;
use std::path::{Path, PathBuf};

use super::{Notice, Target};

/// Expands paths into targets: `-` is standard input, files stay as given,
/// directories are walked like ripgrep (respecting .gitignore, skipping hidden
/// files) in file-name order. Paths that do not exist become error notices.
pub fn collect_targets(paths: &[PathBuf], stdin_name: &str) -> Vec<Result<Target, Notice>> {
    collect_targets_with(paths, stdin_name, &Default::default())
}

/// [`collect_targets`] with the `include`/`exclude` globs of `policy` (see README).
pub fn collect_targets_with(
    paths: &[PathBuf],
    stdin_name: &str,
    policy: &crate::config::Policy,
) -> Vec<Result<Target, Notice>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Target::Stdin(stdin_name.to_string())));
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, policy.walk_filter(), &mut out),
            Ok(_) if !policy.keeps_explicit(p) => {}
            Ok(_) => out.push(Ok(Target::File(p.clone()))),
            Err(e) => out.push(Err(io_notice(p, &e))),
        }
    }
    out
}

/// Walks `dir` like ripgrep (see [`collect_targets`]), each file a target and each
/// error a notice naming its path.
fn walk(dir: &Path, filter: Option<crate::config::WalkFilter>, out: &mut Vec<Result<Target, Notice>>) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.follow_links(true).sort_by_file_name(|a, b| a.cmp(b));
    if let Some(f) = filter {
        builder.filter_entry(move |e| f.keeps(e));
    }
    let walker = builder.build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => out.push(Ok(Target::File(e.into_path()))),
            Ok(_) => {}
            Err(err) => {
                let mut err = &err;
                while let ignore::Error::WithDepth { err: inner, .. } = err {
                    err = inner;
                }
                let path = match err {
                    ignore::Error::WithPath { path, .. } => path.display().to_string(),
                    ignore::Error::Loop { child, .. } => child.display().to_string(),
                    _ => dir.display().to_string(),
                };
                let message = match err {
                    ignore::Error::WithPath { err, .. } => err.to_string(),
                    e => e.to_string(),
                };
                out.push(Err(Notice::Error { path, message: describe_walk_error(&message) }));
            }
        }
    }
}

/// The walker's message `m`, saying what a vanished path most likely is.
fn describe_walk_error(m: &str) -> String {
    if m.contains("No such file") {
        format!("broken symbolic link or vanished file ({m})")
    } else {
        m.to_string()
    }
}

/// A precise message for an I/O error on `path`.
pub fn io_notice(path: &Path, e: &io::Error) -> Notice {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let message = match e.kind() {
        io::ErrorKind::NotFound if is_link => "broken symbolic link (its target does not exist)".to_string(),
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Notice::Error { path: path.display().to_string(), message }
}
