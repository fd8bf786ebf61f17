//! What the end-to-end test files share: running the built binary in a folder and
//! reading back what it printed.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// What one run of the binary left: its exit status and its two output streams.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `garbled ARGS` in `dir`, with `stdin` as its standard input if given, and with
/// `NO_COLOR` unset so that the caller's environment does not change the output.
/// Fails the test if it panicked or was killed, or printed anything but UTF-8.
pub fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::cargo_bin("garbled").expect("binary built");
    cmd.current_dir(dir).args(args).env_remove("NO_COLOR");
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_vec());
    }
    let o = cmd.output().expect("garbled runs");
    let out = Out {
        code: o.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    };
    assert!(!out.stderr.contains("panicked"), "garbled panicked: {}", out.stderr);
    out
}

/// A fresh temporary folder, removed when dropped.
pub fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}
