//! Hostile inputs: the garbage real scrapes and file systems contain. garbled must
//! never fall over: each input gives a consistent report or a notice naming the
//! path, with the documented exit status, in bounded memory.
//!
//! The big inputs are smaller in debug builds (the analyzers are not optimised
//! there); `.ci/run` runs this file in release mode at full size.
#![cfg(unix)]

use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use garbled::analyzers::{default_set, Analyzer};
use garbled::check::{self, check_bytes, check_read, CheckOptions, FileReport, Notice, Target};
use garbled::model::Model;
use garbled::read::{for_each_chunk, Encoding, CHUNK};
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Helpers

/// Scales a size down in debug builds.
fn scaled(release: usize) -> usize {
    if cfg!(debug_assertions) {
        release / 8
    } else {
        release
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the process (kB), sampled from /proc.
    peak_kb: u64,
}

/// Runs `garbled ARGS` in `dir`, sampling its peak memory until it exits.
fn garbled(dir: &Path, args: &[&str]) -> Out {
    let mut child = std::process::Command::cargo_bin("garbled")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("garbled starts");
    let status = format!("/proc/{}/status", child.id());
    let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        so.read_to_end(&mut v).unwrap();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        se.read_to_end(&mut v).unwrap();
        v
    });
    let mut peak_kb = 0;
    let code = loop {
        if let Ok(s) = fs::read_to_string(&status) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st.code().expect("exited, not killed by a signal");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8(out.join().unwrap()).expect("stdout is UTF-8");
    let stderr = String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8");
    assert!(!stderr.contains("panicked"), "garbled panicked: {stderr}");
    assert_ne!(code, 101, "panic exit status: {stderr}");
    Out { code, stdout, stderr, peak_kb }
}

fn json(o: &Out) -> Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}): {:.500}", o.stdout))
}

fn files(v: &Value) -> &Vec<Value> {
    v["files"].as_array().expect("files is an array")
}

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn check_mem(bytes: &[u8]) -> (Option<FileReport>, Vec<Notice>) {
    let opts = CheckOptions { binary: true, ..Default::default() };
    check_bytes("mem.txt", bytes, Model::embedded(), &default_set(), &opts)
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// A report is consistent: scores in range, findings ordered with sane positions.
fn assert_consistent(f: &FileReport) {
    assert!(f.scores.file <= 100 && f.scores.categories.iter().all(|&c| c <= 100), "{:?}", f.scores);
    for l in &f.findings {
        assert!(l.start.line >= 1 && l.start.column >= 1 && l.start <= l.end, "{l:?}");
    }
    assert!(f.findings.windows(2).all(|w| w[0].start <= w[1].start));
}

const TEXT: &str = "The night train to the coast stops at every village on the way.\n\
In winter the carriages are cold, and the café car closes early.\n\
Travellers bring blankets, flasks of tea and thick books for the journey.\n";

/// My own text with mojibake and an invisible character, so there are findings.
const MANGLED: &str = "The night train to the coast stops at every village on the way.\n\
In winter the carriages are cold, and the cafÃ© car closes early.\n\
Travellers bring blankets, flasks of tea and thi\u{200B}ck books for the journey.\n";

// ---------------------------------------------------------------------------
// Invalid UTF-8 and other encodings

#[test]
fn random_bytes_without_nul_are_checked_not_fatal() {
    let mut bytes = noise(200_000, 0x9E37_79B9_7F4A_7C15);
    bytes.iter_mut().filter(|b| **b == 0).for_each(|b| *b = 1);
    let d = tmp();
    fs::write(d.path().join("noise.bin"), &bytes).unwrap();
    let o = garbled(d.path(), &["check", "--format", "json", "noise.bin"]);
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let v = json(&o);
    let f = &files(&v)[0];
    assert!(f["score"].as_u64().unwrap() < 50, "noise scores low: {}", f["score"]);
    let findings = f["findings"].as_array().unwrap();
    assert!(findings.iter().any(|x| x["rule"] == "invalid-utf8"));
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + bytes.iter().filter(|&&b| b == b'\r').count() + 1;
    for x in findings {
        assert!(x["line"].as_u64().unwrap() as usize <= lines, "{x}");
    }
}

#[test]
fn every_high_byte_is_reported_by_its_hex_on_its_line() {
    let mut bytes = Vec::new();
    for b in 0x80..=0xFFu8 {
        bytes.extend(b"a byte ");
        bytes.push(b);
        bytes.extend(b" here\n");
    }
    let (f, _) = check_mem(&bytes);
    let f = f.unwrap();
    assert_consistent(&f);
    for (k, b) in (0x80..=0xFFu8).enumerate() {
        let hex = format!("0x{b:02X}");
        let hit = f.findings.iter().find(|l| l.rule.code == "ENC002" && l.start.line == k + 1);
        let hit = hit.unwrap_or_else(|| panic!("no ENC002 on line {} for {hex}", k + 1));
        assert!(hit.message.contains(&hex), "{hex}: {}", hit.message);
        assert_eq!(hit.start.column, 8, "{hex}");
    }
    // All of them in one run, and between every letter.
    let run: Vec<u8> = (0x80..=0xFFu8).collect();
    let (f, _) = check_mem(&run);
    let f = f.unwrap();
    assert!(f.findings.iter().any(|l| l.message.contains("0x80 0x81")), "{:?}", f.findings);
    let mixed: Vec<u8> = (0x80..=0xFFu8).flat_map(|b| [b'x', b]).collect();
    let (f, _) = check_mem(&mixed);
    assert_consistent(&f.unwrap());
}

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut v = match (bom, le) {
        (false, _) => Vec::new(),
        (true, true) => vec![0xFF, 0xFE],
        (true, false) => vec![0xFE, 0xFF],
    };
    v.extend(s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
    v
}

/// (rule, line, column, end line, end column, text) of every finding.
fn spots(f: &Value) -> Vec<String> {
    let keys = ["rule", "line", "column", "end_line", "end_column", "text"];
    f["findings"].as_array().unwrap().iter().map(|x| keys.map(|k| x[k].to_string()).join(" ")).collect()
}

#[test]
fn utf16_with_and_without_bom_reads_like_utf8() {
    let greek = "Το τρένο φτάνει στο λιμάνι το πρωί, και το καφέ ανοίγει νωρίς.\n".repeat(4);
    for text in [MANGLED.to_string(), greek] {
        let d = tmp();
        fs::write(d.path().join("a.txt"), &text).unwrap();
        let mut names = vec!["a.txt".to_string()];
        for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let name = format!("u16-{}-{}.txt", if le { "le" } else { "be" }, if bom { "bom" } else { "nobom" });
            fs::write(d.path().join(&name), utf16(&text, le, bom)).unwrap();
            names.push(name);
        }
        let mut args = vec!["check", "--format", "json", "--no-duplicates"];
        args.extend(names.iter().map(String::as_str));
        let o = garbled(d.path(), &args);
        assert!(o.stderr.is_empty(), "{}", o.stderr);
        let v = json(&o);
        let fs_ = files(&v);
        assert_eq!(fs_.len(), names.len());
        let want = &fs_[0];
        assert!(want["words"].as_u64().unwrap() > 20);
        for f in &fs_[1..] {
            assert_eq!(f["words"], want["words"], "{}", f["path"]);
            assert_eq!(spots(f), spots(want), "{}", f["path"]);
        }
    }
}

#[test]
fn bom_and_old_mac_line_breaks_locate_like_plain_text() {
    let d = tmp();
    fs::write(d.path().join("a.txt"), MANGLED).unwrap();
    fs::write(d.path().join("bom.txt"), format!("\u{FEFF}{MANGLED}")).unwrap();
    fs::write(d.path().join("cr.txt"), MANGLED.replace('\n', "\r")).unwrap();
    fs::write(d.path().join("crlf.txt"), MANGLED.replace('\n', "\r\n")).unwrap();
    let o =
        garbled(d.path(), &["check", "--format", "json", "--no-duplicates", "a.txt", "bom.txt", "cr.txt", "crlf.txt"]);
    let v = json(&o);
    let fs_ = files(&v);
    assert!(!spots(&fs_[0]).is_empty());
    assert!(spots(&fs_[0]).iter().any(|s| s.starts_with("\"mojibake\" 2 ")), "{:?}", spots(&fs_[0]));
    for f in &fs_[1..] {
        assert_eq!(f["words"], fs_[0]["words"], "{}", f["path"]);
        assert_eq!(spots(f), spots(&fs_[0]), "{}", f["path"]);
    }
}

#[test]
fn broken_utf16_is_reported_where_it_is() {
    // An unpaired high surrogate (a cut emoji) on line 2, and an odd final byte.
    let mut units: Vec<u16> = "first line\nsecond ".encode_utf16().collect();
    units.push(0xD83D);
    units.extend("!\nthird".encode_utf16());
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    bytes.push(b'x');
    let (f, n) = check_mem(&bytes);
    assert!(n.iter().all(|n| matches!(n, Notice::Note { .. })), "{n:?}");
    let f = f.unwrap();
    let hit = f.findings.iter().find(|l| l.rule.code == "ENC002").expect("the surrogate is reported");
    assert_eq!((hit.start.line, hit.start.column), (2, 8));
    assert!(hit.message.contains("unpaired surrogate U+D83D"), "{}", hit.message);
}

// ---------------------------------------------------------------------------
// Size and repetition

#[test]
fn a_100_mb_single_line_is_checked_in_bounded_memory() {
    // Long letter runs with a space every 64 kB (the reader cuts at spaces), no
    // line break, and mojibake near the end whose column must be exact.
    let unit = {
        let mut u: Vec<u8> = b"abcdefghij".iter().copied().cycle().take(63_999).collect();
        u.push(b' ');
        u
    };
    let n = scaled(100_000_000) / unit.len();
    let at = unit.len() * (n * 9 / 10);
    let mut bytes = Vec::with_capacity(n * unit.len() + 8);
    for k in 0..n {
        if k * unit.len() == at {
            bytes.extend("cafÃ© ".as_bytes());
        }
        bytes.extend(&unit);
    }
    let d = tmp();
    fs::write(d.path().join("line.txt"), &bytes).unwrap();
    drop(bytes);
    let o = garbled(d.path(), &["check", "--format", "json", "line.txt"]);
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let v = json(&o);
    let f = &files(&v)[0];
    let moji = f["findings"].as_array().unwrap().iter().find(|x| x["rule"] == "mojibake").expect("mojibake found");
    assert_eq!(moji["line"], 1);
    assert_eq!(moji["column"].as_u64().unwrap() as usize, at + 1);
    // The whole file in memory would be > 100 MB twice over (bytes and text).
    let limit = 300_000;
    assert!(o.peak_kb < limit, "peak memory {} kB", o.peak_kb);
    eprintln!("100 MB line: peak {} MB", o.peak_kb / 1000);
}

#[test]
fn a_100_mb_line_without_spaces_is_cut_between_characters() {
    let bytes: Vec<u8> = "é".repeat(scaled(100_000_000) / 2).into_bytes();
    let d = tmp();
    fs::write(d.path().join("e.txt"), &bytes).unwrap();
    drop(bytes);
    let o = garbled(d.path(), &["check", "--format", "json", "e.txt"]);
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let v = json(&o);
    let f = &files(&v)[0];
    assert!(f["findings"].as_array().unwrap().iter().all(|x| x["rule"] != "invalid-utf8"), "no character is split");
    assert!(o.peak_kb < 300_000, "peak memory {} kB", o.peak_kb);
}

#[test]
fn one_word_a_million_times() {
    let n = scaled(1_000_000);
    let (f, _) = check_mem("again ".repeat(n).as_bytes());
    let f = f.unwrap();
    assert_consistent(&f);
    assert_eq!(f.words, n);
    assert!(f.scores.file < 50, "{:?}", f.scores);
    // Each "again again" is the same odd pair: one hint per run of them, not a million.
    let hints = f.findings.iter().filter(|x| x.rule.name == "improbable-pair").count();
    assert!(hints <= 20, "{hints} improbable-pair hints");
}

#[test]
fn findings_are_capped_with_a_note() {
    // A look-alike Cyrillic letter in every word: one finding per word.
    let n = scaled(30_000);
    let (f, notes) = check_mem("p\u{430}ypal ".repeat(n).as_bytes());
    let f = f.unwrap();
    assert_consistent(&f);
    assert_eq!(f.findings.len(), check::MAX_FINDINGS.min(n), "findings are capped");
    if n > check::MAX_FINDINGS {
        assert!(notes.iter().any(|n| matches!(n, Notice::Note { message, .. } if message.contains("more findings"))));
    }
}

#[test]
fn one_sentence_a_hundred_thousand_times() {
    let sentence = "The ferry waits at the pier until the last bus arrives. ";
    let n = scaled(100_000);
    let (f, _) = check_mem(sentence.repeat(n).as_bytes());
    let f = f.unwrap();
    assert_consistent(&f);
    assert_eq!(f.words, n * 11);
    let rep = f.scores.categories[garbled::finding::Category::Repetition.index()];
    assert!(rep < 50, "repetition score {rep}");
}

#[test]
fn a_hundred_thousand_tiny_files_are_all_reported_in_order() {
    let n = scaled(100_000);
    let d = tmp();
    let dir = d.path().join("many");
    fs::create_dir(&dir).unwrap();
    for i in 0..n {
        fs::write(dir.join(format!("{i}.txt")), format!("note {i} of the set\n")).unwrap();
    }
    let o = garbled(d.path(), &["check", "--format", "json", "many"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v = json(&o);
    let paths: Vec<String> = files(&v).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths.len(), n);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "file-name order");
    assert_eq!(paths[1], "many/1.txt");
    assert_eq!(v["summary"]["files"], n);
}

// ---------------------------------------------------------------------------
// File-system oddities

#[test]
fn symlink_loops_and_broken_links_in_a_walk_are_errors_naming_them() {
    let d = tmp();
    let dir = d.path().join("site");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("good.txt"), TEXT).unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
    symlink("missing.txt", dir.join("dead.txt")).unwrap();
    symlink("self", dir.join("self")).unwrap();
    let o = garbled(d.path(), &["check", "--format", "json", "site"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("site/sub/up"), "loop named: {}", o.stderr);
    assert!(o.stderr.contains("site/dead.txt"), "broken link named: {}", o.stderr);
    assert!(o.stderr.contains("site/self"), "self loop named: {}", o.stderr);
    let v = json(&o);
    let paths: Vec<&str> = files(&v).iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["site/good.txt"], "the readable file is still checked, once");
}

#[test]
fn a_file_removed_between_walking_and_reading_is_named() {
    let d = tmp();
    for name in ["a.txt", "b.txt", "c.txt"] {
        fs::write(d.path().join(name), TEXT).unwrap();
    }
    let targets = check::collect_targets(&[d.path().to_path_buf()], "-");
    assert_eq!(targets.len(), 3);
    let gone = d.path().join("b.txt");
    fs::remove_file(&gone).unwrap();
    let run = check::run(targets, Model::embedded(), &default_set(), &CheckOptions::default());
    assert_eq!(run.files.len(), 2);
    assert_eq!(run.exit_code(), 2);
    match run.notices.as_slice() {
        [Notice::Error { path, message }] => {
            assert_eq!(path, &gone.display().to_string());
            assert!(message.contains("no such file"), "{message}");
        }
        n => panic!("{n:?}"),
    }
}

/// Yields `data` in reads of at most `step` bytes, then fails (or ends) at `stop`.
struct Cut<'a> {
    data: &'a [u8],
    at: usize,
    step: usize,
    stop: usize,
    fail: bool,
}

impl Read for Cut<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at >= self.stop {
            return if self.fail { Err(io::Error::other("device went away")) } else { Ok(0) };
        }
        let n = out.len().min(self.step).min(self.stop - self.at);
        out[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn a_file_truncated_while_read_gives_an_error_or_a_consistent_report() {
    let text = MANGLED.repeat(CHUNK / MANGLED.len() * 2 + 3);
    let data = text.as_bytes();
    let stop = CHUNK + CHUNK / 3 + 7; // inside the second chunk, inside a character's line
    let opts = CheckOptions::default();
    // The reading is under test, not the analyzers: one cheap analyzer will do.
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(garbled::analyzers::encoding::Encoding)];
    let model = Model::embedded();
    // An error midway: no report, an error naming the input.
    let cut = Cut { data, at: 0, step: 70_001, stop, fail: true };
    let (f, n) = check_read("cut.txt", cut, model, &analyzers, &opts);
    assert!(f.is_none());
    match n.as_slice() {
        [Notice::Error { path, message }] => {
            assert_eq!(path, "cut.txt");
            assert!(message.contains("device went away"), "{message}");
        }
        n => panic!("{n:?}"),
    }
    // Ending early: the report of what was read, exactly as if that were the file.
    let cut = Cut { data, at: 0, step: 70_001, stop, fail: false };
    let (f, _) = check_read("cut.txt", cut, model, &analyzers, &opts);
    let (g, _) = check_bytes("cut.txt", &data[..stop], model, &analyzers, &opts);
    assert_eq!(f.unwrap(), g.unwrap());
    // The reader hands out whole chunks before the error, each consistent.
    let mut seen = String::new();
    let cut = Cut { data, at: 0, step: 4096, stop, fail: true };
    let r = for_each_chunk(Vec::new(), cut, Encoding::Utf8, |c| seen.push_str(&c.text));
    assert!(r.is_err());
    assert!(text.starts_with(&seen) && seen.len() < stop);
}

#[test]
fn a_file_truncated_by_another_process_while_checked() {
    let d = tmp();
    let p = d.path().join("shrinking.txt");
    fs::write(&p, MANGLED.repeat(scaled(40_000_000) / MANGLED.len())).unwrap();
    let child = std::process::Command::cargo_bin("garbled")
        .unwrap()
        .current_dir(d.path())
        .args(["check", "--format", "json", "shrinking.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(30));
    fs::OpenOptions::new().write(true).open(&p).unwrap().set_len(1000).unwrap();
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let code = o.status.code().unwrap();
    assert!(code == 0 || code == 1 || (code == 2 && stderr.contains("shrinking.txt")), "{code}: {stderr}");
    let v: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    for f in files(&v) {
        assert!(f["score"].as_u64().unwrap() <= 100);
    }
}

#[test]
fn a_directory_given_as_a_file_is_an_error_naming_it() {
    let d = tmp();
    let dir = d.path().join("folder");
    fs::create_dir(&dir).unwrap();
    let opts = CheckOptions::default();
    let (f, n) = check::check_target(&Target::File(dir.clone()), Model::embedded(), &default_set(), &opts);
    assert!(f.is_none());
    match n.as_slice() {
        [Notice::Error { path, message }] => {
            assert_eq!(path, &dir.display().to_string());
            assert!(message.to_lowercase().contains("directory"), "{message}");
        }
        n => panic!("{n:?}"),
    }
}

#[test]
fn devices_and_fifos() {
    let d = tmp();
    // /dev/null: an empty file.
    let o = garbled(d.path(), &["check", "--format", "json", "/dev/null"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("/dev/null: empty file"), "{}", o.stderr);
    assert_eq!(files(&json(&o))[0]["words"], 0);
    // /dev/zero never ends but is binary: skipped after the first bytes.
    let o = garbled(d.path(), &["check", "--format", "json", "/dev/zero"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("/dev/zero: binary file"), "{}", o.stderr);
    assert!(files(&json(&o)).is_empty());
    // A named pipe with a writer is read like a file.
    let fifo = d.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo unavailable; FIFO case skipped");
        return;
    }
    let writer = std::thread::spawn(move || {
        let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        w.write_all(TEXT.as_bytes()).unwrap();
    });
    let o = garbled(d.path(), &["check", "--format", "json", "pipe"]);
    writer.join().unwrap();
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(files(&json(&o))[0]["words"], 37);
}

#[test]
fn a_file_without_read_permission_is_an_error_naming_it() {
    let d = tmp();
    let p = d.path().join("secret.txt");
    fs::write(&p, TEXT).unwrap();
    fs::write(d.path().join("open.txt"), TEXT).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&p).is_ok() {
        eprintln!("note: running as root (a mode-000 file opens); permission case skipped");
        return;
    }
    let o = garbled(d.path(), &["check", "--format", "json", "."]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("secret.txt") && o.stderr.contains("permission denied"), "{}", o.stderr);
    assert_eq!(files(&json(&o)).len(), 1);
}

#[test]
fn a_path_that_is_not_utf8_is_checked_and_named() {
    let d = tmp();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-menu.txt");
    let p: PathBuf = d.path().join(name);
    fs::write(&p, TEXT).unwrap();
    for arg in [".", p.to_str().unwrap_or("")] {
        let mut cmd = std::process::Command::cargo_bin("garbled").unwrap();
        cmd.current_dir(d.path()).args(["check", "--format", "json"]);
        if arg.is_empty() {
            cmd.arg(&p); // as an argument that is itself not UTF-8
        } else {
            cmd.arg(arg);
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let v: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
        let f = &files(&v)[0];
        let path = f["path"].as_str().unwrap();
        assert!(path.contains("caf\u{FFFD}-menu.txt"), "{path}");
        assert_eq!(f["words"], 37);
    }
}

// ---------------------------------------------------------------------------
// Inputs that crashed the fuzz targets (fuzz/fuzz_targets), kept as regressions.

/// The `chunks` fuzz target's check: read in chunks of `16 + data[0]` bytes, the
/// rest of `data` gives the same text, invalid bytes and positions as read whole.
fn chunks_agree(data: &[u8]) {
    let (&k, data) = data.split_first().unwrap();
    let enc = match garbled::read::sniff(data) {
        Encoding::Binary => Encoding::Utf8,
        e => e,
    };
    let mut whole = Vec::new();
    for_each_chunk(Vec::new(), data, enc, |c| whole.push(c)).unwrap();
    let text = &whole[0].text;
    let bad: Vec<u8> = whole[0].invalid.iter().flat_map(|r| r.bytes.clone()).collect();
    let doc = garbled::document::Document::plain(text);
    let mut parts = Vec::new();
    garbled::read::for_each_chunk_sized(16 + usize::from(k), Vec::new(), data, enc, |c| parts.push(c)).unwrap();
    assert!(parts.len() > 1);
    let (mut at, mut parts_bad) = (0, Vec::new());
    for c in &parts {
        assert_eq!(&text[at..at + c.text.len()], c.text);
        let part = garbled::document::Document::new(&c.text, Model::empty(), &c.invalid, c.origin);
        for (i, _) in c.text.char_indices() {
            assert_eq!(part.position(i), doc.position(at + i), "byte {}", at + i);
        }
        parts_bad.extend(c.invalid.iter().flat_map(|r| r.bytes.clone()));
        at += c.text.len();
    }
    assert_eq!(at, text.len());
    assert_eq!(parts_bad, bad);
}

#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut n = 0;
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let data = fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("chunks-") {
            chunks_agree(&data);
        }
        let (f, _) = check_mem(&data);
        assert_consistent(&f.unwrap());
        n += 1;
    }
    assert!(n >= 2, "the fixtures are there");
}
