//! Shared by the `serve` tests: a tiny site in a temporary directory, the real
//! `unspun serve` running on it, and a small HTTP and event-stream client.
//! Every wait is bounded; the server is killed when dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);
/// For the first build (the benchmarks' sites have thousands of reports).
pub const START_WAIT: Duration = Duration::from_secs(180);

pub const SITE_TOML: &str = "title = \"Test reports\"\nbase_url = \"/\"\n";

pub const SOURCE: &str = "---
title: \"Council approves ferry plan\"
publisher: \"Lanmoor Gazette\"
date: 2026-03-02
---

The harbour council of Lanmoor approved a 12 million euro overhaul of the island ferry service on Monday.

\"This is the biggest decision the council has made in ten years,\" council leader Thomas Reiniger said.

The two oldest ferries will be replaced by 2028.
";

pub fn rewrite(title: &str) -> String {
    format!(
        "---
title: \"{title}\"
site: \"newsrush.example\"
source: ferry
date: 2026-03-03
---

The harbour council of Lanmoor approved a 21 million euro overhaul of the island ferry service on Monday.

\"This is the largest decision the council has taken in a decade,\" council leader Thomas Reiniger said.

Readers can follow all the latest island news on our homepage.
"
    )
}

/// A site on disk: `site.toml`, one source (`ferry`), one rewrite (`copy`).
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        site.write("site.toml", SITE_TOML);
        site.write("content/sources/ferry.md", SOURCE);
        site.write(
            "content/rewrites/copy.md",
            &rewrite("Ferry overhaul approved"),
        );
        site.write("static/robots.txt", "User-agent: *\n");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }
}

/// `unspun serve` running on a site, on a free port.
pub struct Server {
    pub child: Child,
    /// e.g. `127.0.0.1:40123`
    pub addr: String,
    pub stdout: Receiver<String>,
}

/// The binary under test; `UNSPUN_BIN` names another build instead (to
/// compare figures of the ignored load tests before and after a change).
pub fn unspun() -> Command {
    match std::env::var_os("UNSPUN_BIN") {
        Some(bin) => Command::new(bin),
        None => Command::new(env!("CARGO_BIN_EXE_unspun")),
    }
}

/// Lines of a child's output, through a channel (so reads can time out).
pub fn lines(reader: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        let mut child = unspun()
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start unspun serve");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        thread::spawn(move || {
            for line in stderr {
                eprintln!("[serve stderr] {line}");
            }
        });
        let deadline = Instant::now() + START_WAIT;
        let mut seen = Vec::new();
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match stdout.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split(" at http://").nth(1) {
                        break rest.trim_end_matches('/').to_string();
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("serve did not print its address; output: {seen:?}");
                }
            }
        };
        Server {
            child,
            addr,
            stdout,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        get(&self.addr, path)
    }

    /// Waits until `path` answers with a body containing `needle`.
    pub fn wait_for(&self, path: &str, needle: &str) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let r = self.get(path);
            if r.body.contains(needle) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never contained {needle:?}; last: {} {}",
                r.status,
                r.body
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until `path` answers with `status`.
    pub fn wait_until_status(&self, path: &str, status: u16) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let r = self.get(path);
            if r.status == status {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never answered {status}; last: {}",
                r.status
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until `path` answers with a body without `needle`.
    pub fn wait_without(&self, path: &str, needle: &str) {
        let deadline = Instant::now() + WAIT;
        while self.get(path).body.contains(needle) {
            assert!(
                Instant::now() < deadline,
                "{path} still contains {needle:?}"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn events(&self) -> Events {
        Events::connect(&self.addr)
    }

    /// What a page connecting now is told first (build number and errors).
    pub fn events_hello(&self) -> String {
        Events::connect(&self.addr).hello.data.clone()
    }

    /// Waits for a stdout line containing `needle`.
    pub fn wait_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("serve never printed {needle:?}"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A GET with the path sent exactly as given (no normalisation).
pub fn get(addr: &str, path: &str) -> Response {
    get_with_host(addr, path, addr)
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// A live-reload connection; dropping it closes the connection.
pub struct Events {
    rx: Receiver<Event>,
    stream: TcpStream,
    pub hello: Event,
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

impl Events {
    pub fn connect(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__unspun/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let own = stream.try_clone().expect("clone stream");
        thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = d.to_string();
                } else if line.is_empty() && !name.is_empty() {
                    let event = Event {
                        name: std::mem::take(&mut name),
                        data: std::mem::take(&mut data),
                    };
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        let mut events = Events {
            rx,
            stream: own,
            hello: Event {
                name: String::new(),
                data: String::new(),
            },
        };
        events.hello = events.wait("hello");
        events
    }

    /// The next event called `name` (others are skipped).
    pub fn wait(&self, name: &str) -> Event {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(e) if e.name == name => return e,
                Ok(_) => {}
                Err(_) => panic!("no {name:?} event within {WAIT:?}"),
            }
        }
    }
}

pub fn temp_path(site: &TestSite, rel: &str) -> PathBuf {
    site.root().join(rel)
}

/// Sends `raw` as it is and reads the response until the server closes.
pub fn send_raw(addr: &str, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    // The server may answer (and stop reading) before all of `raw` is sent.
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes)
}

/// A GET naming `host` in its `Host` header.
pub fn get_with_host(addr: &str, path: &str, host: &str) -> Response {
    send_raw(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn parse_response(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut head_lines = head.lines();
    let status = head_lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = head_lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// What the kernel says of a running process (Linux): resident and peak
/// resident memory in MiB, and its number of threads.
#[derive(Debug, Clone, Copy)]
pub struct ProcessFigures {
    pub rss_mib: f64,
    pub peak_rss_mib: f64,
    pub threads: u64,
}

pub fn process_figures(pid: u32) -> Option<ProcessFigures> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(ProcessFigures {
        rss_mib: field("VmRSS:")? as f64 / 1024.0,
        peak_rss_mib: field("VmHWM:")? as f64 / 1024.0,
        threads: field("Threads:")?,
    })
}
