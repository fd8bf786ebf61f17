//! Reads documents from plain text, JSONL and gzip files: the input of `garbled train`
//! and of the evaluation tools.
//!
//! A `.jsonl`/`.json` file (optionally `.gz`) holds one JSON object a line with a
//! `text` field and optional `id` and `source` fields; any other file is one
//! document. Gzip is recognised by its magic bytes, not the name.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// One document read from a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The `id` field, or the 1-based line number for JSONL, or the file name.
    pub id: String,
    /// The `source` field, or the file stem.
    pub source: String,
    /// The text.
    pub text: String,
}

/// A failure to read a corpus file, naming the path and line.
#[derive(Debug)]
pub struct DocError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, for JSONL.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for DocError {}

fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let mut f = File::open(path)?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic)?;
    let f = File::open(path)?;
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(BufReader::new(f)))))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

fn is_jsonl(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".ndjson")
}

fn stem(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.split('.').next().unwrap_or(name).to_string()
}

/// Calls `f` on every document of `path`, in file order.
pub fn for_each_doc(path: &Path, mut f: impl FnMut(Doc)) -> Result<(), DocError> {
    let err = |line: Option<usize>, e: &dyn std::fmt::Display| DocError {
        path: path.to_path_buf(),
        line,
        message: e.to_string(),
    };
    let mut reader = open(path).map_err(|e| err(None, &e))?;
    let source = stem(path);
    if !is_jsonl(path) {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| err(None, &e))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        f(Doc { id, source, text });
        return Ok(());
    }
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        n += 1;
        match reader.read_line(&mut line) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(err(Some(n), &e)),
        }
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| err(Some(n), &e))?;
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            return Err(err(Some(n), &"no string field \"text\""));
        };
        let id = match v.get("id") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(x)) => x.to_string(),
            _ => n.to_string(),
        };
        let src = v.get("source").and_then(|s| s.as_str()).map_or_else(|| source.clone(), str::to_string);
        f(Doc { id, source: src, text: text.to_string() });
    }
}

/// True for the documents of the fixed development split: 1 in 20, chosen by the
/// FNV-1a hash of `source/id`. `garbled train --holdout-dev` leaves these out, and
/// the evaluation tools measure on them.
pub fn is_dev(source: &str, id: &str) -> bool {
    let h = crate::model::format::hash(format!("{source}/{id}").as_bytes());
    h.is_multiple_of(20)
}
