//! Fixed-size tables that start out all zeros.

/// A boxed array of `N` default (zero) values: `vec!` of zeros asks the allocator
/// for zeroed memory, so a large table costs no pass writing it, and its fixed size
/// lets an index masked to it go without a bounds check.
pub fn table<T: Copy + Default, const N: usize>() -> Box<[T; N]> {
    let v: Box<[T]> = vec![T::default(); N].into_boxed_slice();
    match v.try_into() {
        Ok(t) => t,
        Err(_) => unreachable!("the vector has N entries"),
    }
}

/// Huge pages are this large (x86-64 and most aarch64 kernels).
const HUGE: usize = 2 << 20;

/// A zeroed array of `n` entries of `W` bytes for random access to megabytes: where
/// the kernel allows it, an anonymous mapping advised to use huge pages. Look-ups
/// that land at random in megabytes with 4 KB pages nearly all miss the TLB too;
/// with 2 MB pages a few entries cover the whole array.
pub enum Pages<const W: usize> {
    /// A mapping, and the offset (bytes) of the entries in it, on a huge-page boundary.
    Map(memmap2::MmapMut, usize, usize),
    /// Ordinary memory (where mapping fails or the array is small).
    Heap(Vec<[u8; W]>),
}

impl<const W: usize> Pages<W> {
    /// `n` entries of zeros (in huge pages from 2 MB on).
    pub fn new(n: usize) -> Self {
        if n * W >= HUGE {
            // Whole huge pages: the kernel backs no part of one with a huge page.
            let len = (n * W).next_multiple_of(HUGE);
            if let Ok(map) = memmap2::MmapMut::map_anon(len + HUGE) {
                let at = map.as_ptr() as usize;
                let off = at.next_multiple_of(HUGE) - at;
                #[cfg(target_os = "linux")]
                let _ = map.advise_range(memmap2::Advice::HugePage, off, len);
                return Pages::Map(map, off, n);
            }
        }
        Pages::Heap(vec![[0; W]; n])
    }

    /// The entries.
    #[inline]
    pub fn get(&self) -> &[[u8; W]] {
        match self {
            Pages::Map(map, off, n) => map[*off..*off + *n * W].as_chunks::<W>().0,
            Pages::Heap(v) => v,
        }
    }

    /// The entries, to write.
    #[inline]
    pub fn get_mut(&mut self) -> &mut [[u8; W]] {
        match self {
            Pages::Map(map, off, n) => map[*off..*off + *n * W].as_chunks_mut::<W>().0,
            Pages::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_start_zeroed_and_keep_what_is_written() {
        // Below 2 MB in ordinary memory; above, in a mapping (a partial huge page at the end).
        for n in [0, 1, 1000, (HUGE / 24) + 7] {
            let mut p = Pages::<24>::new(n);
            assert_eq!(matches!(p, Pages::Map(..)), n * 24 >= HUGE, "{n}");
            assert_eq!(p.get().len(), n);
            assert!(p.get().iter().all(|e| e.iter().all(|&b| b == 0)));
            if n > 0 {
                p.get_mut()[n - 1] = [7; 24];
                assert_eq!(p.get()[n - 1], [7; 24]);
                assert_eq!(p.get()[0], if n == 1 { [7; 24] } else { [0; 24] });
            }
        }
    }
}
