//! The model's byte layout, shared by the writer and the reader.
//!
//! All integers are little-endian and read with `from_le_bytes`, so the bytes need
//! no alignment and can be a static `include_bytes!` slice, a `Vec` or a file read.
//!
//! ```text
//! header (64 bytes)
//!   0  magic      b"GRBLMDL\0"
//!   8  version    u32            FORMAT_VERSION
//!  12  n_tables   u32            pair tables (0: adjacent words, 1: one word between)
//!  16  tokens     u64            word and number tokens counted in training
//!  24  n_words    u32            vocabulary size; id = index, most frequent first
//!  28  slots      u32            vocabulary hash slots (a power of two)
//!  32  strings    u32            bytes of word text
//!  36  n_syn      u32            synonym links
//!  40  checksum   u32            CRC-32 of everything after the header
//!  44  docs       u32            documents counted in training
//!  48  reserved   [u8; 16]
//! words      n_words x [str_off u32, str_len u32, count u32]
//! slots      slots x u32         id + 1, 0 = empty; FNV-1a hash, linear probing
//! per table: offsets (n_words + 1) x u32, then n x id2 u32, then n x count u16
//!            (pairs of id1 at offsets[id1]..offsets[id1 + 1], sorted by id2)
//! synonyms   offsets (n_words + 1) x u32, then n_syn x id u32
//! strings    word bytes, UTF-8
//! ```

/// First eight bytes of every model.
pub const MAGIC: &[u8; 8] = b"GRBLMDL\0";
/// Bumped whenever the layout changes; a mismatch asks the user to retrain.
pub const FORMAT_VERSION: u32 = 1;
/// Size of the fixed header.
pub const HEADER_LEN: usize = 64;
/// The vocabulary word that stands for every number token.
pub const NUMBER_WORD: &str = "#";

/// FNV-1a, 64-bit: the vocabulary hash.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Stores a pair count in 16 bits: exact below 32,768, logarithmic above.
pub fn encode_count(c: u64) -> u16 {
    if c < 32_768 {
        c as u16
    } else {
        let q = ((c as f64 / 32_768.0).ln() * 2048.0).round() as u64;
        32_768 + q.min(32_767) as u16
    }
}

/// Inverse of [`encode_count`] (approximate above 32,767).
pub fn decode_count(v: u16) -> u64 {
    if v < 32_768 {
        v as u64
    } else {
        (32_768.0 * ((v - 32_768) as f64 / 2048.0).exp()).round() as u64
    }
}

/// Reads a little-endian u32 at `off`.
#[inline]
pub fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().expect("4 bytes"))
}

/// Reads a little-endian u16 at `off`.
#[inline]
pub fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes(b[off..off + 2].try_into().expect("2 bytes"))
}

/// Reads a little-endian u64 at `off`.
#[inline]
pub fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip() {
        for c in [0u64, 1, 2, 32_767] {
            assert_eq!(decode_count(encode_count(c)), c);
        }
        for c in [40_000u64, 1_000_000, 80_000_000] {
            let d = decode_count(encode_count(c)) as f64;
            assert!((d / c as f64 - 1.0).abs() < 0.001, "{c} -> {d}");
        }
    }
}
