//! The rules of the unicode analyzer and their documentation.

use crate::finding::{Category, Severity};
use crate::rules::Rule;

/// UNI001: text not in Unicode normalization form C.
pub static NOT_NFC: Rule = Rule {
    code: "UNI001",
    name: "not-nfc",
    category: Category::Unicode,
    severity: Severity::Warning,
    summary: "words not in Unicode normalization form NFC (a letter and its accent stored apart)",
    doc: r#"## What it does
Finds words that change under Unicode normalization form C (NFC), usually because
an accented letter is stored as the base letter plus a combining accent (`e` +
U+0301) instead of the single character `é`. The suggestion is the NFC form.
Words where NFC only swaps a character for its canonical twin (the Ohm sign `Ω`
for the Greek capital omega) are reported as info.

## Why is this bad?
The two spellings look the same but compare, search and count differently: a
search for `café` misses `café` typed on a system that decomposes accents.

## Example
```text
the cafe\u{301} opened
```
gives `"café" is not in Unicode normalization form NFC`, suggestion `café` (one character `é`).

## How to silence it
Normalize the text to NFC, or raise `--fail-under`."#,
};

/// UNI002: invisible characters.
pub static INVISIBLE: Rule = Rule {
    code: "UNI002",
    name: "invisible-character",
    category: Category::Unicode,
    severity: Severity::Warning,
    summary:
        "invisible characters in running text: zero-width spaces and joiners, soft hyphens, stray BOMs, direction marks",
    doc: r#"## What it does
Finds zero-width spaces, non-joiners and joiners, word joiners, soft hyphens,
invisible math operators, byte-order marks after the start of the file, and
direction marks and overrides in text without right-to-left letters. Inside a
word the suggestion is the word without them. A joiner inside an emoji sequence
or in a script that needs it (Arabic, Persian, the Indic scripts) and a
zero-width space in Thai, Chinese or Japanese are left alone. A byte-order mark
at the very start of the file is reported as info.

## Why is this bad?
The reader sees nothing, but every program sees a different word: `pass\u{200B}word`
with a zero-width space does not match `password` in search, spelling or
deduplication. They are typical leftovers of copying from web pages.

## Example
```text
a pass\u{200B}word reset
```
gives `invisible zero width space inside "pass\u{200b}word"`, suggestion `password`.

## How to silence it
Delete the characters, or raise `--fail-under`."#,
};

/// UNI003: control characters.
pub static CONTROL: Rule = Rule {
    code: "UNI003",
    name: "control-character",
    category: Category::Unicode,
    severity: Severity::Error,
    summary: "control characters (C0 other than tab and line breaks, DEL, C1) and terminal escape sequences",
    doc: r#"## What it does
Finds control characters: C0 controls other than tab, line feed and carriage
return, DEL, the C1 controls U+0080–U+009F, and terminal colour codes
(`ESC[31m`). A C1 control that stands for a Windows-1252 character (U+0092 for
`’`: Windows-1252 text decoded as Latin-1) gets that character as suggestion, as
does a C0 control that is Windows-1252 punctuation with its high bit lost
(`don\x12t`). A form feed (page break) is reported as info.

## Why is this bad?
Control characters have no place in prose: they are invisible or shown as
boxes, and they are the residue of broken conversions or terminal output.

## Example
```text
it doesn\u{92}t matter
```
gives `C1 control character U+0092: Windows-1252 text decoded as Latin-1, where it is "’"`, suggestion `’`.

## How to silence it
Delete or replace the characters, or raise `--fail-under`."#,
};

/// UNI004: U+FFFD left by an earlier lossy conversion.
pub static REPLACEMENT: Rule = Rule {
    code: "UNI004",
    name: "replacement-character",
    category: Category::Unicode,
    severity: Severity::Error,
    summary: "U+FFFD replacement characters in the text: characters lost in an earlier conversion",
    doc: r#"## What it does
Finds the replacement character `�` (U+FFFD) stored in the text itself — left by
a program that could not decode some bytes before the file reached garbled.
(Invalid bytes in the file itself are `encoding/invalid-utf8`.) When the lost
character is evidently an apostrophe (`can�t`, `America��s`) the suggestion puts
one back.

## Why is this bad?
The original character is gone for good and readers see `�`; it is a sure sign
that the text went through a broken conversion, and other characters may have
been changed without a trace.

## Example
```text
we can�t stay
```
gives `a replacement character U+FFFD in "can�t": a character was lost in an
earlier conversion, probably an apostrophe`, suggestion `can’t`.

## How to silence it
Recover the text from the original source, or raise `--fail-under`."#,
};

/// UNI005: words mixing Latin with Cyrillic or Greek letters.
pub static MIXED_SCRIPT: Rule = Rule {
    code: "UNI005",
    name: "mixed-script",
    category: Category::Unicode,
    severity: Severity::Warning,
    summary:
        "words mixing Latin with Cyrillic or Greek look-alike letters (homoglyphs such as Cyrillic \"а\" in \"pаypal\")",
    doc: r#"## What it does
Finds words whose letters come from Latin and Cyrillic, or Latin and Greek. When
every letter from the minority script has a look-alike in the main script (the
Cyrillic `а` and `о`, the Greek capital `Ο`), the word is a homoglyph and the
suggestion is its spelling in one script. Other mixtures are reported as info.
Greek symbols in Latin words (`TNFα`, `NF-κB`, `μm`) and words in one script are
left alone.

## Why is this bad?
A word with a look-alike letter reads normally but is a different word to every
program: search, spelling and deduplication miss it. It is a trick of spam and
phishing ("pаypal") and a sign of text passed through a filter evader or a
careless keyboard switch.

## Example
```text
log in to your pаypal account
```
(Cyrillic `а`) gives `"pаypal" is a Latin word with Cyrillic letter "а" that looks the same`, suggestion `paypal`.

## How to silence it
Retype the word in one script, or raise `--fail-under`."#,
};

/// UNI006: line/paragraph separators and ideographic spaces.
pub static UNUSUAL_SPACE: Rule = Rule {
    code: "UNI006",
    name: "unusual-whitespace",
    category: Category::Unicode,
    severity: Severity::Info,
    summary: "line and paragraph separators (U+2028, U+2029) and ideographic spaces outside CJK text",
    doc: r#"## What it does
Notes the line separator U+2028 and paragraph separator U+2029, which most
programs do not treat as line breaks, and the ideographic space U+3000 between
letters of scripts that are not Chinese, Japanese or Korean. No-break spaces
are ordinary typography and are not reported.

## Why is this bad?
It costs no points: the text reads fine, but lines may run together in some
programs and the wide space looks out of place.

## Example
```text
first line\u{2028}second line
```
gives `line separator U+2028: most programs do not show it as a line break`, suggestion a line feed.

## How to silence it
Replace the characters by ordinary line breaks and spaces."#,
};

/// UNI007: private-use characters.
pub static PRIVATE_USE: Rule = Rule {
    code: "UNI007",
    name: "private-use-character",
    category: Category::Unicode,
    severity: Severity::Warning,
    summary: "private-use characters (icon-font glyphs and other characters only one font knows)",
    doc: r#"## What it does
Finds characters of the Unicode private-use areas (U+E000–U+F8FF and planes 15
and 16). On web pages they are icon-font glyphs (a share button, a phone
symbol); copied into text they mean nothing.

## Why is this bad?
Every other font shows them as boxes or blanks; they are scrape residue.

## Example
```text
\u{F099} Share on Twitter
```
gives `private-use character U+F099: meaningful only to one font`, suggestion: delete it.

## How to silence it
Delete the characters, or raise `--fail-under`."#,
};

/// The rules of this analyzer.
pub static RULES: &[&Rule] =
    &[&NOT_NFC, &INVISIBLE, &CONTROL, &REPLACEMENT, &MIXED_SCRIPT, &UNUSUAL_SPACE, &PRIVATE_USE];
