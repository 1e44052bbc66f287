//! Benchmarks of `unspun serve` on a generated site (ignored by default;
//! they take a while): edit-to-visible latency, and the server under load
//! with hostile clients ([`serve_under_load`]). Run the first with:
//!
//! ```text
//! cargo test --release --test integration serve_latency -- --ignored --nocapture
//! ```
//!
//! `UNSPUN_LATENCY_REPORTS` (default 1000) sets the number of reports and
//! `UNSPUN_LATENCY_SAVES` (default 21) the number of saves. Each save changes
//! one word of one copy's text; the time is from the write until the `reload`
//! event reaches an open event stream (the new page is already served then:
//! the test fetches it and checks the new word).

use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::serve_support::{get, process_figures, send_raw, Events, Server};

const FIRST: &[&str] = &[
    "Margarethe",
    "Ilan",
    "Thomas",
    "Aino",
    "Rafael",
    "Noor",
    "Kasimir",
    "Lucia",
    "Teodor",
    "Saskia",
];
const LAST: &[&str] = &[
    "Olvansky",
    "Baro",
    "Reiniger",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Brenner",
    "Ferreira",
    "Novak",
    "Janssen",
];
const TOPIC: &[&str] = &[
    "ferry service",
    "harbour wall",
    "school budget",
    "tram line",
    "water plant",
    "library",
    "bridge",
    "hospital wing",
];
const PLACE: &[&str] = &[
    "Lanmoor",
    "Kesby",
    "Arnhollow",
    "Dunmere",
    "Velsted",
    "Orrin Bay",
];
const SITE: &[&str] = &[
    "dailybuzz24.net",
    "newsrush.example",
    "viralwire.example",
    "topstory-now.example",
    "clickfeed.example",
];

fn source(i: usize) -> String {
    let who = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]);
    let topic = TOPIC[i % TOPIC.len()];
    let place = PLACE[(i / 7) % PLACE.len()];
    let amount = 2 + (i * 7) % 90;
    format!(
        "---\ntitle: \"{place} approves {topic} plan ({i})\"\npublisher: \"{place} Gazette\"\ndate: 2025-{:02}-{:02}\n---\n\n\
The council of {place} approved a {amount}.5 million euro plan for the {topic} on Monday, ending a long dispute over who should pay for it.\n\n\
\"We will not raise the rate this year,\" said council leader {who}, adding that the plan \"stays on the table.\"\n\n\
The work will begin in the spring and is expected to take {} years, according to the council's spokesman, Ilan Baro.\n\n\
Opposition members said the cost had grown by a third since the plan was first presented.\n\n\
Residents will be able to comment on the details at a public meeting next month.\n\n\
A final vote on the contractor is planned for the autumn.\n",
        1 + i % 12,
        1 + i % 28,
        2 + i % 5
    )
}

fn rewrite(i: usize, word: &str) -> String {
    let who = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]);
    let topic = TOPIC[i % TOPIC.len()];
    let place = PLACE[(i / 7) % PLACE.len()];
    let amount = 2 + (i * 7) % 90;
    format!(
        "---\ntitle: \"Huge {topic} plan gets the green light in {place} ({i})\"\nsite: \"{}\"\nsource: s{i:04}\ndate: 2025-{:02}-{:02}\n---\n\n\
{place} councillors {word} a {amount}.5 million euro plan for the {topic} on Monday. The decision ends a long row over who should pay.\n\n\
\"We will not increase rates this year,\" said council leader {who}.\n\n\
The work will begin in the spring and is expected to take {} years, it was said.\n\n\
Residents will be able to comment on the details at a public meeting next month.\n\n\
Share this story with your friends and follow us for more news.\n",
        SITE[i % SITE.len()],
        1 + i % 12,
        2 + i % 27,
        2 + i % 5
    )
}

/// Writes a site of `n` reports (one source and one copy each) into `root`.
pub fn generate(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("content/sources")).unwrap();
    std::fs::create_dir_all(root.join("content/rewrites")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Generated reports\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    for i in 0..n {
        std::fs::write(root.join(format!("content/sources/s{i:04}.md")), source(i)).unwrap();
        std::fs::write(
            root.join(format!("content/rewrites/r{i:04}.md")),
            rewrite(i, "backed"),
        )
        .unwrap();
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn edit_to_visible_latency() {
    let n: usize = std::env::var("UNSPUN_LATENCY_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let saves: usize = std::env::var("UNSPUN_LATENCY_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), n);

    let started = Instant::now();
    let server = Server::start(dir.path());
    eprintln!(
        "{n} reports: first build and serve in {:?}",
        started.elapsed()
    );
    let events = server.events();

    let target = n / 2;
    let path = dir.path().join(format!("content/rewrites/r{target:04}.md"));
    let page = format!("/reports/r{target:04}/");
    // Two kinds of save: a word in the text (only the report changes), and
    // the title (the index, feed, sitemap, source and site pages change too).
    for kind in ["text", "title"] {
        let mut times = Vec::new();
        let mut lines = Vec::new();
        for k in 0..saves {
            let word = format!("{kind}edit{k}");
            let text = match kind {
                "text" => rewrite(target, &word),
                _ => rewrite(target, "approved").replacen(
                    "title: \"Huge",
                    &format!("title: \"{word} Huge"),
                    1,
                ),
            };
            std::thread::sleep(Duration::from_millis(150));
            let t0 = Instant::now();
            std::fs::write(&path, text).unwrap();
            // The reload of this page (a later one may follow for the index).
            let mine = format!("\"reports/r{target:04}/index.html\"");
            while !events.wait("reload").data.contains(&mine) {}
            times.push(t0.elapsed());
            let body = server.get(&page).body;
            assert!(body.contains(&word), "the page shows save {k}");
            lines.push(server.wait_line("rebuilt in"));
        }
        let med = median(&mut times);
        eprintln!(
            "{kind} edits, save -> reload event, {saves} saves: median {:.1} ms, min {:.1} ms, max {:.1} ms",
            med.as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
        let mut rebuild_ms: Vec<u64> = lines
            .iter()
            .filter_map(|l| {
                l.split("rebuilt in ")
                    .nth(1)?
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        rebuild_ms.sort_unstable();
        eprintln!(
            "{kind} edits, server's own rebuild time: median {} ms ({})",
            rebuild_ms[rebuild_ms.len() / 2],
            lines.last().unwrap()
        );
    }
}

/// Latency percentiles of many concurrent page requests.
struct LoadFigures {
    requests: usize,
    failed: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

impl std::fmt::Display for LoadFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests ({} failed): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.requests,
            self.failed,
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0,
            self.max.as_secs_f64() * 1000.0
        )
    }
}

/// How the load's clients ask: as browsers do (taking gzip), or as a bare
/// client such as `curl` without `--compressed`.
#[derive(Clone, Copy)]
enum Client {
    Browser,
    Bare,
}

/// `clients` threads at once, each asking for `each` pages in turn.
fn load(addr: &str, paths: &[String], clients: usize, each: usize, client: Client) -> LoadFigures {
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (addr, paths) = (addr.to_string(), paths.to_vec());
            std::thread::spawn(move || {
                let mut times = Vec::new();
                let mut failed = 0;
                for k in 0..each {
                    let path = &paths[(c * 7919 + k * 104_729) % paths.len()];
                    let t0 = Instant::now();
                    let ok = std::panic::catch_unwind(|| {
                        let response = match client {
                            Client::Browser => send_raw(
                                &addr,
                                format!(
                                    "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n"
                                )
                                .as_bytes(),
                            ),
                            Client::Bare => get(&addr, path),
                        };
                        response.status == 200
                    });
                    times.push(t0.elapsed());
                    if !matches!(ok, Ok(true)) {
                        failed += 1;
                    }
                }
                (times, failed)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut failed = 0;
    for h in handles {
        let (t, f) = h.join().unwrap();
        times.extend(t);
        failed += f;
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    LoadFigures {
        requests: times.len(),
        failed,
        p50: at(0.5),
        p99: at(0.99),
        max: times[times.len() - 1],
    }
}

fn figures(server: &Server) -> String {
    match process_figures(server.child.id()) {
        Some(f) => format!(
            "RSS {:.0} MiB, peak {:.0} MiB, {} threads",
            f.rss_mib, f.peak_rss_mib, f.threads
        ),
        None => "no /proc figures".to_string(),
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Clients that hold connections without ever finishing: 1,000 half-sent
/// request heads, slow clients sending a byte every half second, three
/// endless headers, and event streams that never read.
struct Hostile {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
    held: Vec<TcpStream>,
}

impl Hostile {
    fn start(addr: &str) -> Hostile {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let mut held = Vec::new();
        for _ in 0..env_or("UNSPUN_LOAD_HALF_OPEN", 1000) {
            if let Ok(mut s) = TcpStream::connect(addr) {
                let _ = write!(s, "GET /reports/ HTTP/1.1\r\nHost: {addr}\r\nX-Wait: ");
                held.push(s);
            }
        }
        for _ in 0..10 {
            if let Ok(mut s) = TcpStream::connect(addr) {
                let _ = write!(s, "GET /__unspun/events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                held.push(s);
            }
        }
        let mut threads = Vec::new();
        for _ in 0..20 {
            let (addr, stop) = (addr.to_string(), stop.clone());
            threads.push(std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(&addr) else {
                    return;
                };
                let _ = write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ");
                while !stop.load(Ordering::Relaxed) && s.write_all(b"a").is_ok() {
                    std::thread::sleep(Duration::from_millis(500));
                }
            }));
        }
        for _ in 0..3 {
            let (addr, stop) = (addr.to_string(), stop.clone());
            threads.push(std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(&addr) else {
                    return;
                };
                let _ = write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Endless: ");
                let chunk = vec![b'a'; 64 * 1024];
                let mut sent = 0;
                while !stop.load(Ordering::Relaxed)
                    && sent < 300 * 1024 * 1024
                    && s.write_all(&chunk).is_ok()
                {
                    sent += chunk.len();
                }
            }));
        }
        Hostile {
            stop,
            threads,
            held,
        }
    }

    fn stop(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        drop(self.held);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// `unspun serve` under load, with hostile and stalled clients (ignored by
/// default). Run it with:
///
/// ```text
/// cargo test --release --test integration serve_latency::serve_under_load -- --ignored --nocapture
/// ```
///
/// `UNSPUN_LOAD_SITE` serves an existing site (e.g. gensite's
/// `DIR/unspun`) instead of generating `UNSPUN_LOAD_REPORTS` (2000) reports;
/// `UNSPUN_LOAD_CLIENTS` (200) requests at once, `UNSPUN_LOAD_EACH` (25)
/// each; `UNSPUN_BIN` measures another build of unspun.
#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn serve_under_load() {
    let generated;
    let root = match std::env::var_os("UNSPUN_LOAD_SITE") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            generated = tempfile::tempdir().unwrap();
            generate(generated.path(), env_or("UNSPUN_LOAD_REPORTS", 2000));
            generated.path().to_path_buf()
        }
    };
    let mut slugs: Vec<String> = std::fs::read_dir(root.join("content/rewrites"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".md")?.to_string())
        })
        .collect();
    slugs.sort();
    let mut paths = vec!["/".to_string()];
    for slug in &slugs {
        paths.push(format!("/reports/{slug}/"));
        paths.push(format!("/reports/{slug}/report.json"));
        paths.push(format!("/reports/{slug}/?embed"));
    }
    let (clients, each) = (
        env_or("UNSPUN_LOAD_CLIENTS", 200),
        env_or("UNSPUN_LOAD_EACH", 25),
    );

    let started = Instant::now();
    let server = Server::start(&root);
    eprintln!(
        "{} reports served after {:.1} s: {}",
        slugs.len(),
        started.elapsed().as_secs_f64(),
        figures(&server)
    );
    eprintln!(
        "{clients} clients at once (taking gzip, as browsers do): {}",
        load(&server.addr, &paths, clients, each, Client::Browser)
    );
    eprintln!("  then: {}", figures(&server));

    let readers: Vec<Events> = (0..40).map(|_| server.events()).collect();
    let hostile = Hostile::start(&server.addr);
    std::thread::sleep(Duration::from_secs(1));
    eprintln!(
        "with hostile clients holding connections: {}",
        figures(&server)
    );
    // Rebuilds: every open stream is sent events, stalled ones too.
    let rewrite = root.join(format!("content/rewrites/{}.md", slugs[0]));
    let original = std::fs::read_to_string(&rewrite).unwrap();
    for k in 0..3 {
        std::fs::write(
            &rewrite,
            format!("{original}\nA line added by the load test ({k}).\n"),
        )
        .unwrap();
        readers[0].wait("reload");
    }
    std::fs::write(&rewrite, &original).unwrap();
    let mut single = Vec::new();
    for k in 0..20 {
        let t0 = Instant::now();
        let r = get(&server.addr, &paths[k * 31 % paths.len()]);
        single.push(t0.elapsed());
        assert_eq!(r.status, 200);
    }
    single.sort();
    eprintln!(
        "one request at a time meanwhile: median {:.1} ms, max {:.1} ms",
        single[single.len() / 2].as_secs_f64() * 1000.0,
        single[single.len() - 1].as_secs_f64() * 1000.0
    );
    eprintln!(
        "{clients} clients at once meanwhile: {}",
        load(&server.addr, &paths, clients, each, Client::Browser)
    );
    eprintln!("  then: {}", figures(&server));
    eprintln!(
        "{clients} bare clients at once (no gzip: every page unpacked) meanwhile: {}",
        load(&server.addr, &paths, clients, each, Client::Bare)
    );
    eprintln!("  then: {}", figures(&server));
    hostile.stop();
    drop(readers);
    std::thread::sleep(Duration::from_secs(2));
    eprintln!("after the hostile clients left: {}", figures(&server));
}
