//! Leftover HTML: tags, comments and character entities, found by one byte scan
//! for `<` and `&`.
//!
//! A `<` starts a tag only when a known HTML element name follows and the tag is
//! well formed (`<p>`, `</div>`, `<br/>`, `<a href="...">`): "x < y", "<3",
//! `<name@example.org>` and Reuters-style `<Acme Corp>` company markers stay silent.

use std::ops::Range;

/// What the scan found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Html {
    /// A tag or comment; `common` is false for bare tags of elements that prose about
    /// HTML tends to name (`<input>`, `<title>`).
    Tag {
        /// Byte range of the tag.
        span: Range<usize>,
        /// The tag is typical scrape residue (or has attributes).
        common: bool,
        /// Replacement: a space for block tags between two words, else nothing.
        repair: &'static str,
    },
    /// A character entity and the text it stands for.
    Entity {
        /// Byte range of the entity (a double-escaped `&amp;quot;` counts as one).
        span: Range<usize>,
        /// The decoded text.
        decoded: String,
    },
}

/// HTML element names, sorted.
static TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "label",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "s",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "video",
    "wbr",
];

/// Tags that appear bare in scraped text (`<p>`, `<br>`) rather than in prose about HTML.
static COMMON: &[&str] = &[
    "b",
    "blockquote",
    "br",
    "center",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "td",
    "tr",
    "u",
    "ul",
];

/// Tags that separate words: removing them between two words needs a space.
static BLOCK: &[&str] = &["blockquote", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "p", "td", "tr"];

/// Named entities and their text, sorted.
static ENTITIES: &[(&str, &str)] = &[
    ("AElig", "Æ"),
    ("Aacute", "Á"),
    ("Agrave", "À"),
    ("Auml", "Ä"),
    ("Ccedil", "Ç"),
    ("Eacute", "É"),
    ("Egrave", "È"),
    ("Iacute", "Í"),
    ("Ntilde", "Ñ"),
    ("Oacute", "Ó"),
    ("Oslash", "Ø"),
    ("Ouml", "Ö"),
    ("Uacute", "Ú"),
    ("Uuml", "Ü"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("aelig", "æ"),
    ("agrave", "à"),
    ("amp", "&"),
    ("apos", "'"),
    ("aring", "å"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("bull", "•"),
    ("ccedil", "ç"),
    ("cent", "¢"),
    ("copy", "©"),
    ("deg", "°"),
    ("divide", "÷"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("egrave", "è"),
    ("emsp", " "),
    ("ensp", " "),
    ("euml", "ë"),
    ("euro", "€"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("gt", ">"),
    ("hellip", "…"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("iuml", "ï"),
    ("laquo", "«"),
    ("ldquo", "“"),
    ("lsquo", "‘"),
    ("lt", "<"),
    ("mdash", "—"),
    ("middot", "·"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("ograve", "ò"),
    ("oslash", "ø"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("para", "¶"),
    ("plusmn", "±"),
    ("pound", "£"),
    ("prime", "′"),
    ("quot", "\""),
    ("raquo", "»"),
    ("rdquo", "”"),
    ("reg", "®"),
    ("rsquo", "’"),
    ("sect", "§"),
    ("shy", ""),
    ("szlig", "ß"),
    ("thinsp", " "),
    ("times", "×"),
    ("trade", "™"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("ugrave", "ù"),
    ("uuml", "ü"),
    ("yen", "¥"),
];

/// Longest tag (with attributes) or comment recognised, in bytes.
const MAX_TAG: usize = 1000;
const MAX_COMMENT: usize = 4000;

/// Calls `f` on every tag and entity of `text`, in text order.
pub fn scan(text: &str, mut f: impl FnMut(Html)) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr2(b'<', b'&', &b[from..]) {
        let i = from + k;
        let found = if b[i] == b'<' { tag(text, i) } else { entity(text, i) };
        match found {
            Some(h) => {
                from = match &h {
                    Html::Tag { span, .. } | Html::Entity { span, .. } => span.end,
                };
                f(h);
            }
            None => from = i + 1,
        }
    }
}

fn tag(text: &str, i: usize) -> Option<Html> {
    let b = text.as_bytes();
    let rest = &b[i + 1..];
    if rest.starts_with(b"!--") {
        let window = &b[i..(i + MAX_COMMENT).min(b.len())];
        let end = memchr::memmem::find(window, b"-->")?;
        let end = i + end + 3;
        return Some(Html::Tag { span: i..end, common: true, repair: "" });
    }
    let closing = rest.first() == Some(&b'/');
    let name_start = i + 1 + closing as usize;
    let mut j = name_start;
    while j < b.len() && b[j].is_ascii_alphanumeric() && j - name_start < 12 {
        j += 1;
    }
    let name = &text[name_start..j];
    if name.is_empty() || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if TAGS.binary_search(&lower.as_str()).is_err() {
        return None;
    }
    // Upper-case one-letter names are markers ("<B>", "<A and P>"), not tags.
    if name.len() == 1 && name != lower {
        return None;
    }
    let window = &b[j..(j + MAX_TAG).min(b.len())];
    let end = j + memchr::memchr(b'>', window)?;
    let inner = &text[j..end];
    let attrs = inner.trim();
    let ok = if attrs.is_empty() {
        true
    } else if closing {
        false
    } else {
        let first_space = inner.starts_with(|c: char| c.is_ascii_whitespace());
        (attrs == "/" && (first_space || inner == "/"))
            || (first_space && attrs.contains('=') && !attrs.contains('<') && !attrs.contains('\n'))
    };
    if !ok {
        return None;
    }
    let common = !attrs.is_empty() || closing || COMMON.contains(&lower.as_str());
    let span = i..end + 1;
    let between_words =
        i > 0 && b[i - 1].is_ascii_alphanumeric() && span.end < b.len() && b[span.end].is_ascii_alphanumeric();
    let repair = if between_words && BLOCK.contains(&lower.as_str()) { " " } else { "" };
    Some(Html::Tag { span, common, repair })
}

/// Decodes the entity at `i` (`&name;`, `&#123;`, `&#x1F;`); returns its end and text.
fn decode_at(text: &str, i: usize) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let mut j = i + 1;
    let numeric = b.get(j) == Some(&b'#');
    if numeric {
        j += 1;
        let hex = matches!(b.get(j), Some(b'x') | Some(b'X'));
        if hex {
            j += 1;
        }
        let start = j;
        while j < b.len() && j - start < 8 && (if hex { b[j].is_ascii_hexdigit() } else { b[j].is_ascii_digit() }) {
            j += 1;
        }
        if j == start || b.get(j) != Some(&b';') {
            return None;
        }
        let v = u32::from_str_radix(&text[start..j], if hex { 16 } else { 10 }).ok()?;
        let c = match v {
            // Windows-1252 code points written as numbers (&#146; for an apostrophe).
            145 => '‘',
            146 => '’',
            147 => '“',
            148 => '”',
            150 => '–',
            151 => '—',
            133 => '…',
            149 => '•',
            160 => ' ',
            9 | 10 => char::from_u32(v)?,
            v if v < 32 || (127..160).contains(&v) => return None,
            v => char::from_u32(v)?,
        };
        return Some((j + 1, c.to_string()));
    }
    let start = j;
    while j < b.len() && j - start < 8 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == start || b.get(j) != Some(&b';') {
        return None;
    }
    let name = &text[start..j];
    let k = ENTITIES.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
    Some((j + 1, ENTITIES[k].1.to_string()))
}

fn entity(text: &str, i: usize) -> Option<Html> {
    let (end, decoded) = decode_at(text, i)?;
    // "&amp;quot;" was escaped twice: decode both layers at once.
    if decoded == "&" {
        if let Some((end2, inner)) = decode_at(text, end - 1) {
            return Some(Html::Entity { span: i..end2, decoded: inner });
        }
    }
    Some(Html::Entity { span: i..end, decoded })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<(String, Option<String>)> {
        let mut v = Vec::new();
        scan(t, |h| match h {
            Html::Tag { span, .. } => v.push((t[span].to_string(), None)),
            Html::Entity { span, decoded } => v.push((t[span].to_string(), Some(decoded))),
        });
        v
    }

    #[test]
    fn tables_sorted() {
        assert!(TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn finds_tags_and_entities() {
        let t =
            "<div class=\"lead\">Tea &amp; cake</div><br/>it&#8217;s &amp;quot;fine&amp;quot;<!-- ad --> <a href='/x'>";
        let f = found(t);
        let texts: Vec<&str> = f.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "<div class=\"lead\">",
                "&amp;",
                "</div>",
                "<br/>",
                "&#8217;",
                "&amp;quot;",
                "&amp;quot;",
                "<!-- ad -->",
                "<a href='/x'>"
            ]
        );
        assert_eq!(f[1].1.as_deref(), Some("&"));
        assert_eq!(f[4].1.as_deref(), Some("’"));
        assert_eq!(f[5].1.as_deref(), Some("\""));
    }

    #[test]
    fn prose_angle_brackets_stay_silent() {
        for t in [
            "if x < y and y > z then",
            "I <3 this",
            "write to <editor@example.org> soon",
            "shares of <Acme Corp> rose",
            "the <B> series and <A and P>",
            "AT&T; R&D; fish & chips; &unknown;",
            "a <p class> b",
            "<illegible> word",
        ] {
            assert!(found(t).is_empty(), "{t:?}: {:?}", found(t));
        }
    }
}
