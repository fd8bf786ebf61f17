//! The token loop of [`SignatureBuilder::add`]: each token's hash, whether the skeleton
//! keeps it, and the line marks, into the streams the general way or, on the dense
//! path, gathered into blocks (see [`super::dense`]).

use super::*;

impl SignatureBuilder {
    /// The tokens `range` of `doc`: into the streams (the general way), or (`DENSE`, at
    /// most [`dense::BLOCK`] of them) their token hashes into `blocks`, to be rolled into
    /// shingles after, with the marks of the lines made at the token counts the streams
    /// will have then; returns how many tokens each stream has there.
    #[inline(always)]
    pub(super) fn scan<const DENSE: bool, I: Iterator<Item = std::ops::Range<usize>>>(
        &mut self,
        doc: &Document,
        by_id: &mut IdHashes,
        range: std::ops::Range<usize>,
        cursor: &mut LineCursor<'_, I>,
        next_start: &mut usize,
        blocks: &mut dense::Blocks,
    ) -> (usize, usize) {
        let text = doc.text;
        let bytes = text.as_bytes();
        // (The counters and flags in locals, written back at the end.)
        let (mut words, mut kept_words) = (self.words, self.kept_words);
        let (mut in_content, mut last_punct) = (self.in_content, self.last_punct);
        let mut ns = *next_start;
        debug_assert!(!DENSE || range.len() <= dense::BLOCK);
        let (wt, st) = (&mut blocks.word, &mut blocks.skel);
        // Tokens gathered in each stream's block (fewer than BLOCK, the mask is a no-op
        // that saves a bounds check).
        let (mut nw, mut nsk) = (0usize, 0usize);
        for (t, &id) in doc.tokens[range.clone()].iter().zip(&doc.ids[range]) {
            if t.kind == TokenKind::Punct {
                let c = bytes[t.start()];
                if !matches!(c, b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')') {
                    continue;
                }
                if t.start() >= ns {
                    ns = self.move_to::<DENSE, _>(cursor, t.start(), nw, nsk);
                }
                // Sentence and clause structure: a spinner leaves it alone.
                if last_punct != Some(c) {
                    let h = PUNCT_HASH[c as usize];
                    if DENSE {
                        st[nsk % dense::BLOCK] = h;
                        nsk += 1;
                    } else {
                        self.skel.push(h);
                    }
                    last_punct = Some(c);
                }
                in_content = false;
                continue;
            }
            if t.start() >= ns {
                ns = self.move_to::<DENSE, _>(cursor, t.start(), nw, nsk);
            }
            last_punct = None;
            // A word with a vocabulary id has the hash of the id's text (its normalized
            // form, which the word stream hashes too): computed once per thread for the
            // most frequent words (ids are in frequency order; a small table stays in
            // the CPU cache, a table of every id would not).
            // Whether it is a function word is remembered with the hash. The skeleton
            // keeps function words and numbers.
            let (h, keep) = if t.kind == TokenKind::Word && (id as usize) < ID_HASHED {
                match by_id.hash[id as usize] {
                    0 => by_id.record(id as usize, token_hash(text, t, &mut self.buf), self.fw),
                    h => (h, by_id.function[id as usize]),
                }
            } else {
                let h = token_hash(text, t, &mut self.buf);
                (h, t.kind == TokenKind::Number || self.fw.contains(h))
            };
            words += 1;
            if DENSE {
                wt[nw % dense::BLOCK] = h;
                nw += 1;
            } else if let (Some(sh), Some(m)) = (self.word.push(h), &mut self.minhash) {
                m.add(sh);
            }
            let skel = if keep {
                kept_words += 1;
                in_content = false;
                Some(h)
            } else if !in_content {
                in_content = true;
                Some(PLACEHOLDER)
            } else {
                None
            };
            if let Some(h) = skel {
                if DENSE {
                    st[nsk % dense::BLOCK] = h;
                    nsk += 1;
                } else {
                    self.skel.push(h);
                }
            }
        }
        (self.words, self.kept_words) = (words, kept_words);
        (self.in_content, self.last_punct) = (in_content, last_punct);
        *next_start = ns;
        (nw, nsk)
    }

    /// The cursor moves to the line of byte `pos`, and both streams mark it; returns
    /// where the line after it starts. `DENSE`: the streams' tokens of this block are
    /// gathered, not pushed yet (`w` and `s` of them so far): the marks are made at the
    /// counts the streams will have, then the counts are put back.
    #[inline(never)]
    fn move_to<const DENSE: bool, I: Iterator<Item = std::ops::Range<usize>>>(
        &mut self,
        cursor: &mut LineCursor<'_, I>,
        pos: usize,
        w: usize,
        s: usize,
    ) -> usize {
        let next = cursor.advance(pos);
        let (w0, s0) = (self.word.out.tokens, self.skel.out.tokens);
        if DENSE {
            self.word.out.tokens += w as u64;
            self.skel.out.tokens += s as u64;
        }
        self.moved(cursor.line, cursor.len);
        (self.word.out.tokens, self.skel.out.tokens) = (w0, s0);
        next
    }
}
