//! `unspun serve`: live preview while writing.
//!
//! The site is built into memory (the user's `public/` is never touched;
//! [`files`] keeps every file gzipped), served over HTTP on 127.0.0.1 unless
//! another interface is asked for, and rebuilt on every save: [`watch`]
//! notices saves, [`incremental`] runs the build's own stages again, skipping
//! every job whose inputs did not change, and
//! [`livereload`] tells open pages to reload, or shows them an overlay with
//! the error when a save broke the build (the last good site stays served).
//! [`http`] maps request paths to the built files without ever reaching
//! outside them, and [`server`] keeps the connections, within limits that
//! no client can push it past.

pub mod files;
pub mod hosts;
pub mod http;
pub mod incremental;
pub mod livereload;
pub mod server;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::config::CONFIG_FILE;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::plural;

use crate::console::{say, warn};
use files::SiteFiles;
use hosts::AllowedHosts;
use incremental::{Overrides, Site};
use livereload::{ErrorReport, Hub};
use server::{Limits, Server};
use watch::Changes;

/// How often idle event streams get a keep-alive comment.
const PING_EVERY: Duration = Duration::from_secs(15);

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// The address to listen on; 127.0.0.1 unless the author asks otherwise.
    pub interface: String,
    /// 0 lets the system choose a free port (the address is printed).
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Include rewrites marked `draft: true`.
    pub drafts: bool,
    /// More `Host` names to answer for (checked by [`hosts::parse_allowed`]).
    pub allow_hosts: Vec<String>,
    /// Keep alignments in memory only, not in the site's alignment cache.
    pub no_cache: bool,
}

/// What the HTTP threads share with the rebuilding thread.
pub struct State {
    files: RwLock<Arc<SiteFiles>>,
    pub hub: Hub,
}

impl State {
    pub fn new(files: Arc<SiteFiles>) -> State {
        State {
            files: RwLock::new(files),
            hub: Hub::new(),
        }
    }

    /// The site as last published.
    pub fn files(&self) -> Arc<SiteFiles> {
        Arc::clone(&self.files.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replaces the served site in one step.
    pub fn publish(&self, files: Arc<SiteFiles>) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = files;
    }
}

/// Messages to the rebuilding (main) thread.
enum Message {
    Changed(Changes),
    Stop,
}

/// Serves the site until Ctrl-C. Errors are returned only for problems that
/// stop serving from starting (no site, bad address, port taken); content
/// and template errors are shown in the page instead.
pub fn run(options: &Options) -> Result<(), Diagnostics> {
    let root = site_root(&options.root)?;
    let listener = bind(&options.interface, options.port)?;
    let local = listener.local_addr().map_err(|e| {
        Diagnostic::new(
            &options.interface,
            format!("cannot read the bound address: {e}"),
        )
    })?;
    let url = site_url(local);

    let started = Instant::now();
    let overrides = Overrides {
        base_url: Some(url.clone()),
        drafts: options.drafts,
        no_cache: options.no_cache,
    };
    let mut site = Site::new(&root, overrides.clone());
    let state = Arc::new(State::new(Arc::new(SiteFiles::new())));
    match rebuild(&mut site, &Changes::everything(), &root, &overrides, &state) {
        Ok(outcome) => {
            say(format_args!(
                "Built {} in {} ms",
                plural(outcome.reports, "report", "reports"),
                started.elapsed().as_millis()
            ));
            state.publish(site.files());
        }
        Err(errors) => {
            warn(format_args!("{errors}"));
            warn(format_args!(
                "The site does not build yet; serving anyway, the error is shown in the page."
            ));
            state.hub.failed(ErrorReport::new(&errors));
        }
    }
    release_freed_memory();

    let hosts = AllowedHosts::new(local.ip(), local.port(), &options.allow_hosts);
    let server =
        Server::start(listener, Arc::clone(&state), hosts, Limits::default()).map_err(|e| {
            Diagnostic::new(
                local.to_string(),
                format!("cannot start the HTTP server: {e}"),
            )
        })?;

    let (tx, rx) = mpsc::channel();
    let changes_tx = tx.clone();
    let (watch_tx, watch_rx) = mpsc::channel::<Changes>();
    let mut watcher = watch::start(&root, watch_tx)?;
    thread::spawn(move || {
        for changes in watch_rx {
            if changes_tx.send(Message::Changed(changes)).is_err() {
                break;
            }
        }
    });
    let stop_tx = tx;
    // A second handler cannot be set in the same process (only in tests); serving still works.
    let _ = ctrlc::set_handler(move || {
        let _ = stop_tx.send(Message::Stop);
    });

    say(format_args!("Serving {} at {url}", root.display()));
    if !local.ip().is_loopback() {
        say(format_args!(
            "warning: listening on {}: anyone who can reach this machine can read the site",
            local.ip()
        ));
    }
    say(format_args!("Watching for changes. Press Ctrl-C to stop."));
    if options.open {
        open_browser(&url);
    }

    loop {
        match rx.recv_timeout(PING_EVERY) {
            Ok(Message::Changed(mut changes)) => {
                // Take whatever else arrived meanwhile into the same rebuild.
                let mut stopping = false;
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Message::Changed(c) => changes.merge(c),
                        Message::Stop => stopping = true,
                    }
                }
                if stopping {
                    break;
                }
                if let Err(e) = watcher.refresh() {
                    warn(format_args!("warning: {e}"));
                }
                let started = Instant::now();
                match rebuild(&mut site, &changes, &root, &overrides, &state) {
                    Ok(outcome) => {
                        state.publish(site.files());
                        state.hub.rebuilt(outcome.changed, outcome.paths.as_deref());
                        say(format_args!(
                            "{}: rebuilt in {} ms ({} aligned, {} files rendered{})",
                            describe(&changes),
                            started.elapsed().as_millis(),
                            outcome.aligned,
                            outcome.rendered,
                            if outcome.changed {
                                ""
                            } else {
                                ", nothing changed"
                            }
                        ));
                    }
                    Err(errors) => {
                        warn(format_args!("{errors}"));
                        warn(format_args!("Still serving the last good version."));
                        state.hub.failed(ErrorReport::new(&errors));
                    }
                }
                release_freed_memory();
            }
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => state.hub.ping(),
        }
    }

    server.stop();
    say(format_args!("Stopped."));
    Ok(())
}

/// Hands the memory a rebuild freed back to the system at once. The
/// allocator of the `unspun` binary (mimalloc) otherwise keeps a thread's
/// freed pages until that thread allocates again, and the pool threads that
/// built the site may then idle for hours holding them: after the first
/// build of 2,000 reports, 58 MiB of 264.
fn release_freed_memory() {
    // SAFETY: `mi_collect` only returns free memory; any thread may call it
    // at any time (and it does nothing under another allocator).
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Rebuilds, turning a panic in any stage into an error shown like any
/// other (and starting afresh next time, since the caches may be half done).
fn rebuild(
    site: &mut Site,
    changes: &Changes,
    root: &Path,
    overrides: &Overrides,
    state: &State,
) -> Result<incremental::Outcome, Diagnostics> {
    // The edited report is served (and its page reloaded) before the pages
    // listing it are re-rendered.
    let mut early = |files: Arc<SiteFiles>, paths: Option<Vec<String>>| {
        state.publish(files);
        state.hub.rebuilt(true, paths.as_deref());
    };
    match catch_unwind(AssertUnwindSafe(|| site.rebuild_with(changes, &mut early))) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let published = site.files();
            *site = Site::new(root, overrides.clone());
            site.keep_published(published);
            Err(
                Diagnostic::new(root, format!("internal error while rebuilding: {what}"))
                    .with_hint("this is a bug in unspun; the next save rebuilds everything")
                    .into(),
            )
        }
    }
}

/// The site root, checked to hold a `site.toml`, made absolute (file events
/// come with absolute paths).
fn site_root(root: &Path) -> Result<PathBuf, Diagnostics> {
    let config = root.join(CONFIG_FILE);
    if !config.is_file() {
        return Err(Diagnostic::new(&config, "not found")
            .with_hint("run `unspun serve` in a site's directory, pass --root DIR, or make a site with `unspun init DIR`")
            .into());
    }
    root.canonicalize()
        .map_err(|e| Diagnostic::new(root, format!("cannot read: {e}")).into())
}

/// Binds the listening socket, explaining the usual failures.
fn bind(interface: &str, port: u16) -> Result<TcpListener, Diagnostics> {
    let ip: IpAddr = interface.trim_matches(['[', ']']).parse().map_err(|_| {
        Diagnostic::new(interface, "is not an IP address").with_hint(
            "use --interface 127.0.0.1 (the default), or another address of this machine",
        )
    })?;
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|e| {
        let (message, hint) = match e.kind() {
            std::io::ErrorKind::AddrInUse => (
                format!("port {port} is already in use"),
                format!(
                    "stop the program using it, or choose another port, e.g. --port {}",
                    port.wrapping_add(1).max(1024)
                ),
            ),
            std::io::ErrorKind::PermissionDenied => (
                format!("not allowed to listen on port {port}"),
                "ports below 1024 need special rights; try --port 1111".to_string(),
            ),
            std::io::ErrorKind::AddrNotAvailable => (
                format!("{ip} is not an address of this machine"),
                "use --interface 127.0.0.1 (the default)".to_string(),
            ),
            _ => (
                format!("cannot listen: {e}"),
                "try another --port or --interface".to_string(),
            ),
        };
        Diagnostic::new(addr.to_string(), message)
            .with_hint(hint)
            .into()
    })
}

/// The address to print and to use as the served site's `base_url`.
fn site_url(local: SocketAddr) -> String {
    let ip = match local.ip() {
        ip if ip.is_unspecified() => match ip {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        },
        ip => ip,
    };
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{}/", local.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", local.port()),
    }
}

/// One line naming what a rebuild was for.
fn describe(changes: &Changes) -> String {
    let mut parts: Vec<String> = Vec::new();
    if changes.config {
        parts.push(CONFIG_FILE.to_string());
    }
    if changes.templates {
        parts.push("templates".to_string());
    }
    if changes.statics {
        parts.push("static files".to_string());
    }
    if changes.content_rescan {
        parts.push("content".to_string());
    }
    let files: Vec<&PathBuf> = changes.sources.iter().chain(&changes.rewrites).collect();
    match files.len() {
        0 => {}
        1 => parts.push(files[0].display().to_string()),
        n => parts.push(format!("{n} content files")),
    }
    parts.join(", ")
}

/// Opens `url` with the desktop's opener, if there is one, and says how to
/// open it by hand when there is none or it fails (a server without a
/// desktop, a container, a session over SSH).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let by_hand = format!("open {url} in your browser");
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return warn(format_args!(
                "warning: --open found no `{opener}` to open a browser with; {by_hand}"
            ));
        }
        Err(e) => {
            return warn(format_args!(
                "warning: --open could not start `{opener}` ({e}); {by_hand}"
            ));
        }
    };
    // The opener exits soon, with a failure when no browser is set up;
    // waiting for it on a side thread keeps the server starting meanwhile.
    // (`explorer` exits with 1 even when it opened the page.)
    let opener = opener.to_string();
    std::thread::spawn(move || match child.wait() {
        Ok(status) if !status.success() && !cfg!(windows) => warn(format_args!(
            "warning: --open: `{opener}` failed ({status}); {by_hand}"
        )),
        _ => {}
    });
}
