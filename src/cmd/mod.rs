//! One module per command; each drives the library and reports errors as diagnostics.

pub mod align;
pub mod build;
pub mod check;
pub mod init;
pub mod serve;

use std::io::Write;

/// Prints a line of a command's report on stdout. A closed stdout or a
/// reader that stops early is no reason to fail a build that succeeded, so
/// write errors are ignored (`println!` would panic).
pub fn say(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// [`say`] for stderr: warnings and error reports.
pub fn warn(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
