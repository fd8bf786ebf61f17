//! Scripts of letters and a small hand-written table of look-alikes (confusables)
//! between Latin, Cyrillic and Greek, for the mixed-script rule.

/// The scripts the mixed-script rule tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    /// Latin letters, with their accented forms.
    Latin,
    /// Greek letters, with polytonic forms.
    Greek,
    /// Cyrillic letters.
    Cyrillic,
    /// Anything else (and non-letters).
    Other,
}

/// The script of a letter (`Other` for non-letters).
pub(crate) fn script(c: char) -> Script {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() { Script::Latin } else { Script::Other };
    }
    // Ranges first: the alphabetic lookup is slow for characters far from ASCII.
    let s = match c as u32 {
        0xD7 | 0xF7 => return Script::Other,
        0xC0..=0x24F | 0x1E00..=0x1EFF => return Script::Latin,
        0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        _ => return Script::Other,
    };
    if crate::token::is_alpha(c) {
        s
    } else {
        Script::Other
    }
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, if it is drawn like one.
/// Lower-case Greek letters other than omicron are left out on purpose: α, β, κ, μ,
/// ν... are used as symbols next to Latin letters ("TNFα", "NF-κB", "μm").
pub(crate) fn to_latin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ё' => 'ë',
        'ї' => 'ï',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ү' => 'Y',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        'Ӏ' => 'I',
        'Ё' => 'Ë',
        'Ї' => 'Ï',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        _ => return None,
    })
}

/// The Cyrillic letter a Latin letter is drawn like (Russian and Ukrainian letters only).
pub(crate) fn to_cyrillic(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'y' => 'у',
        'x' => 'х',
        'i' => 'і',
        'ë' => 'ё',
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'I' => 'І',
        'Ë' => 'Ё',
        _ => return None,
    })
}

/// The Greek letter a Latin letter is drawn like.
pub(crate) fn to_greek(c: char) -> Option<char> {
    Some(match c {
        'A' => 'Α',
        'B' => 'Β',
        'E' => 'Ε',
        'Z' => 'Ζ',
        'H' => 'Η',
        'I' => 'Ι',
        'K' => 'Κ',
        'M' => 'Μ',
        'N' => 'Ν',
        'O' => 'Ο',
        'P' => 'Ρ',
        'T' => 'Τ',
        'Y' => 'Υ',
        'X' => 'Χ',
        'o' => 'ο',
        'v' => 'ν',
        _ => return None,
    })
}

/// What is wrong with a word that mixes scripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mixed {
    /// The script most of its letters are in.
    pub main: Script,
    /// The other script.
    pub foreign: Script,
    /// The word spelled in its main script, when every foreign letter has a look-alike there.
    pub respelled: Option<String>,
}

/// Checks a word for letters from two of Latin, Cyrillic and Greek. Returns `None`
/// for words in one script and for Latin words with Greek symbols ("TNFα").
pub(crate) fn mixed(word: &str) -> Option<Mixed> {
    let (mut latin, mut greek, mut cyr) = (0usize, 0usize, 0usize);
    for c in word.chars() {
        match script(c) {
            Script::Latin => latin += 1,
            Script::Greek => greek += 1,
            Script::Cyrillic => cyr += 1,
            Script::Other => {}
        }
    }
    if latin == 0 || (greek == 0) == (cyr == 0) {
        return None;
    }
    let foreign = if cyr > 0 { Script::Cyrillic } else { Script::Greek };
    let (main, foreign, map): (Script, Script, fn(char) -> Option<char>) = if latin >= greek + cyr {
        (Script::Latin, foreign, to_latin)
    } else if foreign == Script::Cyrillic {
        (Script::Cyrillic, Script::Latin, to_cyrillic)
    } else {
        (Script::Greek, Script::Latin, to_greek)
    };
    let mut out = String::with_capacity(word.len());
    let mut all = true;
    let mut in_a_row = 0;
    for c in word.chars() {
        in_a_row = if script(c) == foreign { in_a_row + 1 } else { 0 };
        // Three foreign letters in a row are a word of their own, not look-alikes.
        all &= in_a_row < 3;
        if script(c) == foreign {
            match map(c) {
                Some(r) => out.push(r),
                None => {
                    all = false;
                    out.push(c);
                }
            }
        } else {
            out.push(c);
        }
    }
    // Greek symbols in a Latin word are science, unless all of them are look-alikes.
    if !all && main == Script::Latin && foreign == Script::Greek {
        return None;
    }
    Some(Mixed { main, foreign, respelled: all.then_some(out) })
}

impl Script {
    /// The script's English name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Other => "other",
        }
    }
}

/// True for letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...).
pub(crate) fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x590..=0x8FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// True where zero-width joiners and non-joiners are part of the spelling: Arabic,
/// Syriac, the Indic scripts, Sinhala, Tibetan, Mongolian and others.
pub(crate) fn joins(c: char) -> bool {
    matches!(c as u32, 0x590..=0x8FF | 0x900..=0xDFF | 0xF00..=0xFFF | 0x1000..=0x109F | 0x1780..=0x18AF
        | 0xA800..=0xABFF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x11000..=0x11FFF)
}

/// True for scripts written without spaces, where a zero-width space marks word breaks.
pub(crate) fn spaceless(c: char) -> bool {
    matches!(c as u32, 0xE00..=0xFFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x1950..=0x19DF
        | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// True for emoji and pictographs, which zero-width joiners combine into sequences.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
        | 0xFE0F | 0x1F000..=0x1FAFF | 0xE0020..=0xE007F)
        || c == '\u{A9}'
        || c == '\u{AE}'
}
