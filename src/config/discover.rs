//! Finding the configuration file: the first folder, walking up from the working
//! directory, that has `garbled.toml`, `.garbled.toml` or a `pyproject.toml` with a
//! `[tool.garbled]` table (in that order of preference within a folder).

use std::path::{Path, PathBuf};

/// File names looked for in each folder, in order of preference.
pub const NAMES: [&str; 3] = ["garbled.toml", ".garbled.toml", "pyproject.toml"];

/// The configuration file that applies in `start`, if any.
pub fn find(start: &Path) -> Result<Option<PathBuf>, String> {
    for dir in start.ancestors() {
        for name in NAMES {
            let p = dir.join(name);
            if !p.is_file() {
                continue;
            }
            if name == "pyproject.toml" && !has_tool_table(&p)? {
                continue;
            }
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// True if a `pyproject.toml` has a `[tool.garbled]` table.
fn has_tool_table(p: &Path) -> Result<bool, String> {
    let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    if !text.contains("garbled") {
        return Ok(false);
    }
    let value: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(value.get("tool").and_then(|t| t.get("garbled")).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_folder_wins_and_pyproject_needs_the_table() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(d.path().join("garbled.toml"), "").unwrap();
        std::fs::write(d.path().join("a/pyproject.toml"), "[tool.black]\nline-length = 90\n").unwrap();
        assert_eq!(find(&sub).unwrap(), Some(d.path().join("garbled.toml")));
        std::fs::write(d.path().join("a/pyproject.toml"), "[tool.garbled]\nfail-under = 60\n").unwrap();
        assert_eq!(find(&sub).unwrap(), Some(d.path().join("a/pyproject.toml")));
        std::fs::write(sub.join(".garbled.toml"), "").unwrap();
        std::fs::write(sub.join("garbled.toml"), "").unwrap();
        assert_eq!(find(&sub).unwrap(), Some(sub.join("garbled.toml")));
    }
}
