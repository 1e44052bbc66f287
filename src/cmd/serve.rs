//! `unspun serve`: live preview while writing (see [`crate::serve`]).

use std::path::PathBuf;

use crate::error::Diagnostics;
use crate::serve::{self, Options};

pub fn run(
    root: PathBuf,
    interface: String,
    port: u16,
    open: bool,
    drafts: bool,
    allow_hosts: Vec<String>,
) -> Result<(), Diagnostics> {
    serve::run(&Options {
        root,
        interface,
        port,
        open,
        drafts,
        allow_hosts,
    })
}
