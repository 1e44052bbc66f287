//! One module per command; each drives the library and reports errors as diagnostics.

pub mod align;
pub mod build;
pub mod check;
pub mod init;
pub mod serve;
