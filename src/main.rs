//! The `unspun` command: a thin layer over the library.

// A build makes millions of small short-lived strings on two threads; glibc's
// malloc spent a fifth of the build's CPU time on them, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (mimalloc.h); the
/// Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // A build frees and allocates again the same few hundred MiB all along.
    // By default mimalloc hands freed memory back to the OS after 10 ms and
    // faults it in again, zeroed, moments later: a twentieth of a build's
    // CPU time. A build lasts seconds, so it keeps what it has; `serve`
    // lives on and keeps the default.
    // The command is the first argument that is not a flag: the only flags
    // allowed before it (`--quiet`, `--verbose`) take no value.
    let command = std::env::args_os()
        .skip(1)
        .find(|arg| !arg.to_string_lossy().starts_with('-'));
    if command.is_none_or(|command| command != "serve") {
        // SAFETY: sets a plain integer option, before any thread is started.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
    std::process::exit(unspun::cli::run());
}
