//! The `garbled` command: a thin shell over the library.

/// glibc's `mallopt` parameter: the size from which an allocation gets a mapping of its own.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const M_MMAP_THRESHOLD: i32 = -3;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" {
    fn mallopt(param: i32, value: i32) -> i32;
}

fn main() {
    // Buffers of 1 MiB and more (those of a large document) get mappings of their own,
    // returned to the system when freed. By default glibc raises that threshold to the
    // largest such buffer freed so far (up to 32 MiB), and later ones are carved from
    // the thread's heap and kept there when freed: stream peak memory then grew with
    // the input by what the largest documents had left behind on each thread.
    // MALLOC_MMAP_THRESHOLD_ in the environment still decides, if set.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: called before any other thread starts; it only tunes the allocator.
        unsafe { mallopt(M_MMAP_THRESHOLD, 1 << 20) };
    }
    std::process::exit(garbled::cli::run());
}
