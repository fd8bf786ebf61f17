//! Windows-1252 (and its subset Latin-1), written out by hand: the character set
//! UTF-8 text is most often misread as.
//!
//! Windows-1252 agrees with Latin-1 (ISO 8859-1) except in 0x80–0x9F, where
//! Latin-1 has the C1 control characters and Windows-1252 has typographic
//! punctuation. Five of those 32 bytes are undefined in Windows-1252; decoders
//! (and the WHATWG standard) pass them through as the C1 control of the same value.

/// Windows-1252 bytes 0x80–0x9F; undefined bytes map to the C1 control of the same value.
const HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character byte `b` stands for in Windows-1252 (undefined bytes as C1 controls).
pub(crate) fn to_char(b: u8) -> char {
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// True for the five bytes Windows-1252 leaves undefined.
pub(crate) fn is_undefined(b: u8) -> bool {
    matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// The byte `c` was decoded from, reading as Windows-1252 or Latin-1: the inverse
/// of [`to_char`], also accepting every C1 control (Latin-1's reading of 0x80–0x9F).
pub(crate) fn to_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_byte() {
        for b in 0..=255u8 {
            assert_eq!(to_byte(to_char(b)), Some(b), "byte {b:#x}");
        }
        assert_eq!(to_char(0x92), '’');
        assert_eq!(to_char(0xE9), 'é');
        assert_eq!(to_byte('\u{92}'), Some(0x92));
        assert_eq!(to_byte('ő'), None);
        assert_eq!((0x80..=0x9F).filter(|&b| is_undefined(b)).count(), 5);
    }
}
