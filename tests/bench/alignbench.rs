//! The aligner alone, on every pair of a site, one after another, each
//! original prepared once for all its copies as a build does:
//!
//! ```text
//! cargo run --release --example alignbench -- SITE_ROOT [OUT.jsonl]
//! ```
//!
//! Prints the time taken; with `OUT.jsonl`, writes each report (one JSON
//! object a line) so that two versions of the aligner can be compared with
//! `cmp` (an optimisation must not change the output). Set
//! `RAYON_NUM_THREADS=1` for steadier figures.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// The binary's allocator, so that the figures match a build's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: alignbench SITE_ROOT [OUT.jsonl]");
        return ExitCode::from(1);
    };
    let out = args.next();
    let config = match unspun::config::Config::load(&root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e:?}");
            return ExitCode::from(1);
        }
    };
    let library = match unspun::content::load(&root, &config) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e:?}");
            return ExitCode::from(1);
        }
    };
    let started = Instant::now();
    let mut lines = String::new();
    let mut prepared = std::collections::HashMap::new();
    for rewrite in &library.rewrites {
        let Some(source) = library.source(&rewrite.meta.source) else {
            continue;
        };
        let original = match prepared.entry(source.slug.as_str()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                match unspun::site::prepare_source(source) {
                    Ok(p) => e.insert(p),
                    Err(err) => {
                        eprintln!("{err:?}");
                        continue;
                    }
                }
            }
        };
        match unspun::site::align_with_prepared(original, source, rewrite, &config) {
            Ok(report) if out.is_some() => {
                lines.push_str(&serde_json::to_string(&report).unwrap_or_default());
                lines.push('\n');
            }
            Ok(_) => {}
            Err(e) => eprintln!("{e:?}"),
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "aligned {} pairs in {:.3} s ({:.2} ms a pair)",
        library.rewrites.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / library.rewrites.len().max(1) as f64
    );
    if let Some(path) = out {
        if let Err(e) = std::fs::write(&path, lines) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
