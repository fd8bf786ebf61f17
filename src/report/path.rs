//! Paths for CI formats: relative to the working directory, with forward slashes.

use std::path::{Path, MAIN_SEPARATOR};

/// The reported path as CI tools want it: `./` prefixes dropped, forward slashes,
/// and an absolute path under the working directory made relative to it.
/// Other paths (absolute elsewhere, `<stdin>`) are returned with forward slashes.
pub fn relative(path: &str) -> String {
    let mut p = path.to_string();
    if MAIN_SEPARATOR != '/' {
        p = p.replace(MAIN_SEPARATOR, "/");
    }
    if Path::new(path).is_absolute() {
        if let Some(rel) = std::env::current_dir().ok().and_then(|cwd| Path::new(path).strip_prefix(cwd).ok()) {
            if !rel.as_os_str().is_empty() {
                return relative(&rel.to_string_lossy());
            }
        }
    }
    let mut s = p.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    s.to_string()
}

/// A URI reference for a reported path (RFC 3986): relative paths stay relative,
/// absolute ones become `file://` URIs; every byte that is not unreserved or `/`
/// is percent-encoded (so `:` in a first segment cannot be read as a scheme).
pub fn uri(path: &str) -> String {
    let rel = relative(path);
    let (prefix, body) = if rel.starts_with('/') {
        ("file://", rel.as_str())
    } else if rel.len() > 2 && rel.as_bytes()[1] == b':' && rel.as_bytes()[2] == b'/' {
        ("file:///", rel.as_str()) // a Windows drive path, C:/...
    } else {
        ("", rel.as_str())
    };
    let mut out = String::with_capacity(prefix.len() + body.len());
    out.push_str(prefix);
    for (i, &b) in body.as_bytes().iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 1 && !prefix.is_empty());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_cleaned() {
        assert_eq!(relative("./samples/a.txt"), "samples/a.txt");
        assert_eq!(relative(".//a.txt"), "a.txt");
        assert_eq!(relative("../shared/x.txt"), "../shared/x.txt");
        assert_eq!(relative("<stdin>"), "<stdin>");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(relative(&cwd.join("samples").join("a.txt").display().to_string()), "samples/a.txt");
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("samples/a b.txt"), "samples/a%20b.txt");
        assert_eq!(uri("a:b/c%d#e?.txt"), "a%3Ab/c%25d%23e%3F.txt");
        assert_eq!(uri("café.txt"), "caf%C3%A9.txt");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("/nowhere/x y"), "file:///nowhere/x%20y");
    }
}
