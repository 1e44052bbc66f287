//! The command line: parsing with clap, then one function per command.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd::{self, align::Format, Verbosity};
use crate::console::warn;
use crate::error::Style;
use crate::serve::Options as ServeOptions;
use crate::site::{BuildOptions, CheckOptions};

/// Annotated comparison reports: an original article beside its rewritten copy,
/// aligned sentence by sentence, with every notable change marked and explained.
#[derive(Debug, Parser)]
#[command(name = "unspun", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is done, and how long each stage takes.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site in DIR that builds at once (with an example report).
    Init {
        /// Directory to create; it must not exist or must be empty.
        dir: PathBuf,
    },
    /// Build the site into the output directory (public/ by default).
    Build {
        /// The site's root directory (where site.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of the configured output directory.
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Publish under this address instead of site.toml's base_url,
        /// e.g. https://user.github.io/project/
        #[arg(long)]
        base_url: Option<String>,
        /// Include rewrites marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace the output directory even if it holds files unspun did
        /// not write (they are deleted, except those site.toml's `keep` names).
        #[arg(long)]
        force: bool,
        /// Align and render every report again, without reading or writing
        /// the caches (.unspun-cache/ in the site root).
        #[arg(long)]
        no_cache: bool,
    },
    /// Serve the site on this machine, rebuilding and reloading on every save.
    Serve {
        /// The site's root directory (where site.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; only this machine can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Port to listen on (0: any free port).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in a web browser.
        #[arg(long)]
        open: bool,
        /// Include rewrites marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also answer requests for this host name (with an optional :PORT),
        /// e.g. a tunnel's or a proxy's; may be given more than once. Only
        /// localhost, 127.0.0.1, [::1] and the --interface are answered
        /// otherwise, so that no web page can read the preview by DNS rebinding.
        #[arg(long, value_name = "HOST", value_parser = crate::serve::hosts::parse_allowed)]
        allow_host: Vec<String>,
        /// Keep alignments in memory only: neither read nor write the
        /// alignment cache (.unspun-cache/ in the site root).
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate content, templates and links without writing anything.
    Check {
        /// The site's root directory (where site.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Align every report again, without reading or writing the
        /// alignment cache (.unspun-cache/ in the site root).
        #[arg(long)]
        no_cache: bool,
    },
    /// Align one rewritten copy with its source and print the result.
    ///
    /// Both files may be Markdown with or without front matter, or plain text.
    Align {
        /// The original article.
        source: PathBuf,
        /// The rewritten copy.
        rewrite: PathBuf,
        /// `text` for a readable listing, `json` for the report.json object.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Parses the arguments, runs the command, and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let (result, root) = match cli.command {
        Command::Init { dir } => (cmd::init::run(&dir, verbosity), PathBuf::from(".")),
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            force,
            no_cache,
        } => (
            cmd::build::run(
                &root,
                BuildOptions {
                    output_dir,
                    base_url,
                    drafts,
                    force,
                    progress: false,
                    no_cache,
                },
                verbosity,
            ),
            root,
        ),
        Command::Serve {
            root,
            interface,
            port,
            open,
            drafts,
            allow_host,
            no_cache,
        } => (
            cmd::serve::run(ServeOptions {
                root: root.clone(),
                interface,
                port,
                open,
                drafts,
                allow_hosts: allow_host,
                no_cache,
            }),
            root,
        ),
        Command::Check { root, no_cache } => (
            cmd::check::run(&root, &CheckOptions { no_cache }, verbosity),
            root,
        ),
        Command::Align {
            source,
            rewrite,
            format,
        } => (
            cmd::align::run(&source, &rewrite, format),
            PathBuf::from("."),
        ),
    };
    match result {
        Ok(()) => 0,
        Err(errors) => {
            // Nothing to be done if stderr is closed: the exit status says it.
            let _ = write!(
                std::io::stderr().lock(),
                "{}",
                errors.render(&root, Style::for_stderr())
            );
            if errors.len() > 1 {
                warn(format_args!(
                    "{} problems found; nothing was written.",
                    errors.len()
                ));
            }
            1
        }
    }
}
