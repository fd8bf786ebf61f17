//! Zeroed memory on a huge-page boundary, for the derived tables that lookups read at
//! random: over megabytes, nearly every read also misses the TLB with 4 KB pages,
//! rarely with 2 MB ones.

/// Huge pages are this large (x86-64 and most aarch64 kernels).
pub(super) const HUGE: usize = 2 << 20;

/// `len` bytes of zeros in an anonymous mapping, starting on a huge-page boundary and
/// advised to use huge pages where the kernel allows it.
pub(super) struct HugeZeroed {
    map: memmap2::MmapMut,
    /// Where the bytes start in the mapping.
    off: usize,
    len: usize,
}

impl HugeZeroed {
    /// `len` bytes of zeros, or `None` where the mapping fails.
    pub(super) fn new(len: usize) -> Option<Self> {
        let map = memmap2::MmapMut::map_anon(len + HUGE).ok()?;
        let at = map.as_ptr() as usize;
        let off = at.next_multiple_of(HUGE) - at;
        #[cfg(target_os = "linux")]
        let _ = map.advise_range(memmap2::Advice::HugePage, off, len);
        Some(HugeZeroed { map, off, len })
    }

    /// The bytes.
    #[inline(always)]
    pub(super) fn bytes(&self) -> &[u8] {
        &self.map[self.off..self.off + self.len]
    }

    /// The bytes, to write.
    #[inline(always)]
    pub(super) fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.map[self.off..self.off + self.len]
    }
}
