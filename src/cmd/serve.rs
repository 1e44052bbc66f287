//! `unspun serve`: live preview while writing (see [`crate::serve`]).

use crate::error::Diagnostics;
use crate::serve::{self, Options};

pub fn run(options: Options) -> Result<(), Diagnostics> {
    serve::run(&options)
}
