//! The `unspun` command: a thin layer over the library.

fn main() {
    std::process::exit(unspun::cli::run());
}
