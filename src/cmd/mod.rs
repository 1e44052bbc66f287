//! One module per command; each drives the library and reports errors as
//! diagnostics. The command line ([`crate::cli`]) parses the arguments into
//! what these take.

pub mod align;
pub mod build;
pub mod check;
pub mod init;
pub mod serve;

/// How much a command prints besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}
