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
