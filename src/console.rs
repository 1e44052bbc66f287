//! Lines for a person at a terminal: what a command did, warnings, errors.
//! Each is written with control and direction characters escaped, since
//! lines quote paths and content.

use std::io::Write;

use crate::clean_text::for_terminal;

/// Prints a line on stdout. A closed stdout or a reader that stops early is
/// no reason to fail a build that succeeded, so write errors are ignored
/// (`println!` would panic).
pub fn say(line: std::fmt::Arguments) {
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        for_terminal(&line.to_string())
    );
}

/// [`say`] for stderr: warnings and error reports.
pub fn warn(line: std::fmt::Arguments) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        for_terminal(&line.to_string())
    );
}
