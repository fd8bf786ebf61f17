//! The signature computed the plain way, test-only: each token's line found by a
//! binary search over the line breaks, every word hashed from its text, function
//! words found in the hash set, sampling one level at a time. The builder, with its
//! shortcuts (line cursor, hashes remembered by vocabulary id, one-pass sampling),
//! must make the very same [`Signature`].

use super::*;

/// Ring of the last shingle-size tokens of a stream, with their lines.
struct RefShingler {
    k: usize,
    roll: u64,
    roll_k: u64,
    ring: [u64; MAX_SHINGLE],
    lines: [(u32, u32); MAX_SHINGLE],
    out: Stream,
    last_line: u32,
}

impl RefShingler {
    fn new(k: usize) -> Self {
        RefShingler {
            k,
            roll: 0,
            roll_k: ROLL.wrapping_pow(k as u32),
            ring: [0; MAX_SHINGLE],
            lines: [(0, 0); MAX_SHINGLE],
            out: Stream { k: k as u8, ..Stream::default() },
            last_line: 0,
        }
    }

    fn push(&mut self, tok: u64, line: u32, len: u32) -> Option<u32> {
        let n = self.out.tokens as usize;
        let slot = n % MAX_SHINGLE;
        self.roll = self.roll.wrapping_mul(ROLL).wrapping_add(tok);
        let gone = self.ring[n.wrapping_sub(self.k) % MAX_SHINGLE];
        self.roll = self.roll.wrapping_sub(gone.wrapping_mul(self.roll_k));
        self.ring[slot] = tok;
        self.lines[slot] = (line, len);
        self.out.tokens += 1;
        if self.out.dense() && (line != self.last_line || n == 0) {
            self.out.runs.push(LineRun { at: n as u32, line, len });
        }
        self.last_line = line;
        if n + 1 < self.k {
            return None;
        }
        let first = n + 1 - self.k;
        let h = (mix(self.roll ^ self.k as u64) >> 32) as u32;
        let out = &mut self.out;
        if !out.dense() {
            if h & ((1u32 << out.level) - 1) != 0 {
                return Some(h);
            }
            let (line, len) = self.lines[first % MAX_SHINGLE];
            let at = out.hashes.len() as u32;
            if out.runs.last().is_none_or(|r| r.line != line) {
                out.runs.push(LineRun { at, line, len });
            }
        }
        out.hashes.push(h);
        if out.hashes.len() > CAP {
            super::tests::sample_by_levels(out);
        }
        Some(h)
    }
}

/// Builds a signature from the documents of one file, token by token, hashing every word.
pub(super) struct RefBuilder {
    word: RefShingler,
    skel: RefShingler,
    minhash: MinHasher,
    words: u64,
    kept_words: u64,
    in_content: bool,
    last_punct: Option<u8>,
}

impl RefBuilder {
    pub(super) fn new(k: usize, perms: usize) -> Self {
        RefBuilder {
            word: RefShingler::new(k.clamp(1, MAX_SHINGLE)),
            skel: RefShingler::new(SKEL_K),
            minhash: MinHasher::new(perms),
            words: 0,
            kept_words: 0,
            in_content: false,
            last_punct: None,
        }
    }

    pub(super) fn add(&mut self, doc: &Document) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut buf = String::new();
        let breaks: Vec<usize> = crate::document::line_breaks(text).collect();
        for t in &doc.tokens {
            let punct = match t.kind {
                TokenKind::Punct => match bytes[t.start()] {
                    c @ (b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')') => Some(c),
                    _ => continue,
                },
                _ => None,
            };
            // The line of the token, and the length of that line in characters.
            let k = breaks.partition_point(|&b| b <= t.start());
            let line = doc.origin.line as u32 + 1 + k as u32;
            let start = if k == 0 { 0 } else { breaks[k - 1] };
            let mut end = breaks.get(k).map_or(text.len(), |&b| b - 1);
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let chars = text[start..end.max(start)].chars().count() as u32;
            let len = if k == 0 { chars.saturating_add(doc.origin.column as u32) } else { chars };
            if let Some(c) = punct {
                if self.last_punct != Some(c) {
                    self.skel.push(mix(c as u64 + 0x100), line, len);
                    self.last_punct = Some(c);
                }
                self.in_content = false;
                continue;
            }
            self.last_punct = None;
            let h = word_hash(&text[t.range()], t.kind, &mut buf);
            let function = t.kind == TokenKind::Word && function_words().contains(&h);
            self.words += 1;
            if let Some(sh) = self.word.push(h, line, len) {
                self.minhash.add(sh);
            }
            if t.kind == TokenKind::Number || function {
                self.kept_words += 1;
                self.skel.push(h, line, len);
                self.in_content = false;
            } else if !self.in_content {
                self.skel.push(PLACEHOLDER, line, len);
                self.in_content = true;
            }
        }
    }

    pub(super) fn finish(self) -> Signature {
        let minhash = if self.word.out.hashes.is_empty() { Vec::new() } else { self.minhash.finish() };
        Signature { words: self.words, kept_words: self.kept_words, word: self.word.out, skel: self.skel.out, minhash }
    }
}
