//! The `unspun` command: a thin layer over the library.

// A build makes millions of small short-lived strings on two threads; glibc's
// malloc spent a fifth of the build's CPU time on them, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(unspun::cli::run());
}
