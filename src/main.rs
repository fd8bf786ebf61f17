//! The `garbled` command: a thin shell over the library.

fn main() {
    std::process::exit(garbled::cli::run());
}
