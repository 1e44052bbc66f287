//! The connections of `unspun serve`, with limits that hold under stress.
//!
//! One thread watches every connection (readiness events, through mio): it
//! reads request heads, writes responses and feeds the live-reload streams,
//! and never waits on any one client. A complete request head goes to a few
//! worker threads, which compute the answer ([`http::answer`], which may
//! render a page) and hand it back to be written. So a client that stalls,
//! trickles its request or stops reading costs a buffer, never a thread, and
//! delays no one else:
//!
//! - a request head is at most [`Limits::max_head`] bytes (else 431) and must
//!   arrive within [`Limits::head_timeout`]; a connection waiting for a
//!   request is closed after [`Limits::idle_timeout`];
//! - at most [`Limits::max_connections`] are open: a new one pushes out the
//!   one that has waited longest for a request;
//! - a response or event that makes no progress for [`Limits::write_timeout`]
//!   ends its connection, and an event stream more than
//!   [`Limits::max_event_backlog`] bytes behind is dropped;
//! - an event stream's slot is freed as soon as its client goes.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::hosts::AllowedHosts;
use super::http::{self, Payload, Request, Response};
use super::livereload::{Event, EVENTS_PATH, MAX_CLIENTS, RESERVED_PREFIX};
use super::State;

/// What one connection may cost.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_connections: usize,
    /// Request line and headers, in bytes.
    pub max_head: usize,
    /// From a request's first byte to the end of its head.
    pub head_timeout: Duration,
    /// A connection with no request under way.
    pub idle_timeout: Duration,
    /// A response or event stream with bytes waiting and none taken.
    pub write_timeout: Duration,
    /// Unsent bytes an event stream may fall behind by.
    pub max_event_backlog: usize,
    pub max_event_clients: usize,
    /// Threads computing answers.
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            max_head: 32 * 1024,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(15),
            max_event_backlog: 8 * 1024 * 1024,
            max_event_clients: MAX_CLIENTS,
            workers: 4,
        }
    }
}

/// How long a closing connection may still send (its unread request) before
/// it is cut, so that a client gets the error before the reset.
const LINGER: Duration = Duration::from_secs(1);
/// How often timeouts are checked.
const SWEEP_EVERY: Duration = Duration::from_millis(250);
const READ_CHUNK: usize = 8 * 1024;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
const FIRST_CONNECTION: usize = 2;

/// Messages to the connection thread.
enum Message {
    /// A worker's answer for a connection.
    Answered(Token, Response),
    /// A live-reload event for every open stream.
    Event(Event),
    Stop,
}

/// The running server; [`Server::stop`] ends it.
pub struct Server {
    messages: Sender<Message>,
    waker: Arc<Waker>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` with `state`'s files until stopped.
    pub fn start(
        listener: std::net::TcpListener,
        state: Arc<State>,
        hosts: AllowedHosts,
        limits: Limits,
    ) -> io::Result<Server> {
        listener.set_nonblocking(true)?;
        deepen_backlog(&listener);
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let (messages, inbox) = mpsc::channel();
        let (jobs_tx, jobs_rx) = mpsc::channel::<(Token, Request)>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));

        let mut threads = Vec::new();
        for _ in 0..limits.workers.max(1) {
            let (jobs, answers, waker, state) = (
                Arc::clone(&jobs_rx),
                messages.clone(),
                Arc::clone(&waker),
                Arc::clone(&state),
            );
            threads.push(thread::spawn(move || work(&jobs, &answers, &waker, &state)));
        }

        let outlet = (messages.clone(), Arc::clone(&waker));
        state.hub.connect(Box::new(move |event| {
            if outlet.0.send(Message::Event(event)).is_ok() {
                let _ = outlet.1.wake();
            }
        }));

        let mut connections = Connections {
            poll,
            listener,
            conns: HashMap::new(),
            next_token: FIRST_CONNECTION,
            event_clients: 0,
            jobs: jobs_tx,
            state,
            hosts,
            limits,
        };
        threads.push(thread::spawn(move || connections.run(&inbox)));
        Ok(Server {
            messages,
            waker,
            threads,
        })
    }

    /// Closes every connection and waits for the threads.
    pub fn stop(self) {
        let _ = self.messages.send(Message::Stop);
        let _ = self.waker.wake();
        drop(self.messages);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Connections the system keeps waiting for `accept`. The standard
/// library's 128 is too few for a page of many requests at once: a
/// connection beyond it is dropped and its client tries again only a second
/// later.
const BACKLOG: i32 = 1024;

/// Listens again with [`BACKLOG`] (which changes only the queue's length).
#[cfg(unix)]
fn deepen_backlog(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    // SAFETY: `listen` on a socket this process owns and keeps open.
    unsafe {
        libc::listen(listener.as_raw_fd(), BACKLOG);
    }
}

#[cfg(not(unix))]
fn deepen_backlog(_: &std::net::TcpListener) {}

/// A worker: answers requests until the connection thread ends.
fn work(
    jobs: &Mutex<Receiver<(Token, Request)>>,
    answers: &Sender<Message>,
    waker: &Waker,
    state: &State,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((token, request)) = job else { return };
        let response = catch_unwind(AssertUnwindSafe(|| http::answer(&request, state)))
            .unwrap_or_else(|_| Response::text(500, "500 Internal Server Error\n"));
        if answers.send(Message::Answered(token, response)).is_err() {
            return;
        }
        let _ = waker.wake();
    }
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading a request head (or waiting for one).
    Reading,
    /// A worker is answering.
    Answering,
    /// Writing a response.
    Writing,
    /// A live-reload event stream.
    Streaming,
    /// The last response is sent; waiting for the client to close.
    Closing,
}

/// Bytes to send, in order.
struct Chunk {
    bytes: Payload,
    sent: usize,
}

struct Conn {
    stream: TcpStream,
    phase: Phase,
    /// The request head read so far (and anything sent after it).
    input: Vec<u8>,
    output: VecDeque<Chunk>,
    unsent: usize,
    keep_alive: bool,
    /// A HEAD request: the body is not sent.
    head_only: bool,
    /// When the connection began waiting for a request, or the request's
    /// first byte came, or a write last made progress (by phase).
    since: Instant,
    /// The last live-reload event this stream knows of.
    seen_event: u64,
}

impl Conn {
    fn new(stream: TcpStream, now: Instant) -> Conn {
        Conn {
            stream,
            phase: Phase::Reading,
            input: Vec::new(),
            output: VecDeque::new(),
            unsent: 0,
            keep_alive: false,
            head_only: false,
            since: now,
            seen_event: 0,
        }
    }

    fn queue(&mut self, bytes: Payload) {
        let len = bytes.as_ref().len();
        if len > 0 {
            self.unsent += len;
            self.output.push_back(Chunk { bytes, sent: 0 });
        }
    }

    /// Writes what it can without waiting. `Err` means the connection is gone.
    fn flush(&mut self, now: Instant) -> io::Result<()> {
        while let Some(chunk) = self.output.front_mut() {
            match self.stream.write(&chunk.bytes.as_ref()[chunk.sent..]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    chunk.sent += n;
                    self.unsent -= n;
                    self.since = now;
                    if chunk.sent == chunk.bytes.as_ref().len() {
                        self.output.pop_front();
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Whether the connection has outlived its phase's timeout.
    fn expired(&self, now: Instant, limits: &Limits) -> bool {
        let waited = now.saturating_duration_since(self.since);
        match self.phase {
            Phase::Reading if self.input.is_empty() => waited >= limits.idle_timeout,
            Phase::Reading => waited >= limits.head_timeout,
            Phase::Answering => false,
            Phase::Writing | Phase::Streaming => self.unsent > 0 && waited >= limits.write_timeout,
            Phase::Closing => waited >= LINGER,
        }
    }
}

/// What became of a connection after some work on it.
enum Fate {
    Open,
    Close,
}

struct Connections {
    poll: Poll,
    listener: TcpListener,
    conns: HashMap<Token, Conn>,
    next_token: usize,
    event_clients: usize,
    jobs: Sender<(Token, Request)>,
    state: Arc<State>,
    hosts: AllowedHosts,
    limits: Limits,
}

impl Connections {
    fn run(&mut self, inbox: &Receiver<Message>) {
        let mut events = Events::with_capacity(1024);
        let mut last_sweep = Instant::now();
        loop {
            if let Err(e) = self.poll.poll(&mut events, Some(SWEEP_EVERY)) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    token => self.ready(token, event.is_readable(), event.is_writable()),
                }
            }
            while let Ok(message) = inbox.try_recv() {
                match message {
                    Message::Answered(token, response) => self.answered(token, response),
                    Message::Event(event) => self.broadcast(&event),
                    Message::Stop => return,
                }
            }
            let now = Instant::now();
            if now.duration_since(last_sweep) >= SWEEP_EVERY {
                last_sweep = now;
                let expired: Vec<Token> = self
                    .conns
                    .iter()
                    .filter(|(_, c)| c.expired(now, &self.limits))
                    .map(|(t, _)| *t)
                    .collect();
                for token in expired {
                    self.close(token);
                }
            }
        }
    }

    fn accept(&mut self) {
        loop {
            let (mut stream, _) = match self.listener.accept() {
                Ok(accepted) => accepted,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // Out of file descriptors and the like: try again on the next event.
                Err(_) => return,
            };
            if self.conns.len() >= self.limits.max_connections && !self.evict_idlest() {
                let _ = stream.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                continue;
            }
            let _ = stream.set_nodelay(true);
            let token = Token(self.next_token);
            self.next_token += 1;
            let registered = self.poll.registry().register(
                &mut stream,
                token,
                Interest::READABLE | Interest::WRITABLE,
            );
            if registered.is_ok() {
                self.conns.insert(token, Conn::new(stream, Instant::now()));
                // Data may have come with the connection.
                self.ready(token, true, false);
            }
        }
    }

    /// Closes the connection that has waited longest for a request, to make
    /// room; `false` if every connection is busy.
    fn evict_idlest(&mut self) -> bool {
        let idlest = self
            .conns
            .iter()
            .filter(|(_, c)| matches!(c.phase, Phase::Reading | Phase::Closing))
            .min_by_key(|(_, c)| c.since)
            .map(|(t, _)| *t);
        match idlest {
            Some(token) => {
                self.close(token);
                true
            }
            None => false,
        }
    }

    fn ready(&mut self, token: Token, readable: bool, writable: bool) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        let fate = match conn.phase {
            Phase::Reading if readable => self.read_request(token),
            Phase::Writing if writable => self.write_response(token),
            Phase::Streaming => {
                let gone = (readable && drain(&mut conn.stream).is_err())
                    || (writable && conn.flush(Instant::now()).is_err());
                if gone {
                    Fate::Close
                } else {
                    Fate::Open
                }
            }
            Phase::Closing if readable => match drain(&mut conn.stream) {
                Ok(()) => Fate::Open,
                Err(_) => Fate::Close,
            },
            _ => Fate::Open,
        };
        if let Fate::Close = fate {
            self.close(token);
        }
    }

    /// Reads what has arrived of a request head and acts on a complete one.
    fn read_request(&mut self, token: Token) -> Fate {
        let Some(conn) = self.conns.get_mut(&token) else {
            return Fate::Close;
        };
        let mut buf = [0u8; READ_CHUNK];
        loop {
            match parse_head(&conn.input, self.limits.max_head) {
                Head::Partial => {}
                Head::Complete(request) => return self.start_request(token, request),
                Head::Refused(response) => return self.respond_and_close(token, response),
            }
            match conn.stream.read(&mut buf) {
                Ok(0) => return Fate::Close,
                Ok(n) => {
                    if conn.input.is_empty() {
                        conn.since = Instant::now();
                    }
                    conn.input.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Fate::Open,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Fate::Close,
            }
        }
    }

    fn start_request(&mut self, token: Token, head: ParsedHead) -> Fate {
        let Some(conn) = self.conns.get_mut(&token) else {
            return Fate::Close;
        };
        conn.input.drain(..head.len);
        conn.keep_alive = head.keep_alive;
        conn.head_only = head.request.method == "HEAD";
        match head.host.as_deref() {
            None => {
                return self.respond_and_close(
                    token,
                    Response::text(400, "400 Bad Request: a Host header is required\n"),
                )
            }
            Some(host) if !self.hosts.allows(host) => {
                let message = refused_host(host, &self.hosts);
                return self.respond_and_close(token, Response::text(403, &message));
            }
            Some(_) => {}
        }
        let path = head.request.target.split(['?', '#']).next().unwrap_or("");
        if let Some(origin) = head.origin.as_deref() {
            // A page may be fetched from anywhere (the browser keeps it from
            // a page of another site); anything else answers the preview's
            // own pages only, so that no site the user visits can open the
            // event stream or send requests of other kinds.
            let plain_get = matches!(head.request.method.as_str(), "GET" | "HEAD")
                && !path.starts_with(RESERVED_PREFIX);
            if !plain_get && !self.hosts.allows_origin(origin) {
                let message = refused_origin(origin, &self.hosts);
                return self.respond_and_close(token, Response::text(403, &message));
            }
        }
        if head.request.method == "GET" && path == EVENTS_PATH {
            return self.open_stream(token);
        }
        conn.phase = Phase::Answering;
        if self.jobs.send((token, head.request)).is_err() {
            return Fate::Close;
        }
        Fate::Open
    }

    /// Starts a live-reload stream: its head, then the hello.
    fn open_stream(&mut self, token: Token) -> Fate {
        if self.event_clients >= self.limits.max_event_clients {
            return self.respond_and_close(
                token,
                Response::text(503, "503: too many live-reload connections\n"),
            );
        }
        let Some(conn) = self.conns.get_mut(&token) else {
            return Fate::Close;
        };
        let (seen, hello) = self.state.hub.hello();
        conn.phase = Phase::Streaming;
        conn.seen_event = seen;
        conn.since = Instant::now();
        self.event_clients += 1;
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
        conn.queue(Payload::Owned(head.as_bytes().to_vec()));
        conn.queue(Payload::Owned(hello.into_bytes()));
        if conn.flush(Instant::now()).is_err() {
            return Fate::Close;
        }
        // The client may already have gone; a read notices.
        match drain(&mut conn.stream) {
            Ok(()) => Fate::Open,
            Err(_) => Fate::Close,
        }
    }

    /// A worker's answer: send it, then read the next request or close.
    fn answered(&mut self, token: Token, response: Response) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        if conn.phase != Phase::Answering {
            return;
        }
        let head = response_head(&response, conn.keep_alive);
        conn.queue(Payload::Owned(head));
        if !conn.head_only {
            for part in response.body {
                conn.queue(part);
            }
        }
        conn.phase = Phase::Writing;
        conn.since = Instant::now();
        if let Fate::Close = self.write_response(token) {
            self.close(token);
        }
    }

    fn write_response(&mut self, token: Token) -> Fate {
        let Some(conn) = self.conns.get_mut(&token) else {
            return Fate::Close;
        };
        let now = Instant::now();
        if conn.flush(now).is_err() {
            return Fate::Close;
        }
        if conn.unsent > 0 {
            return Fate::Open;
        }
        if conn.keep_alive {
            conn.phase = Phase::Reading;
            conn.since = now;
            // The next request may be here already (or the client gone).
            self.read_request(token)
        } else {
            conn.phase = Phase::Closing;
            conn.since = now;
            let _ = conn.stream.shutdown(Shutdown::Write);
            match drain(&mut conn.stream) {
                Ok(()) => Fate::Open,
                Err(_) => Fate::Close,
            }
        }
    }

    /// Answers at once (refusals) and closes after.
    fn respond_and_close(&mut self, token: Token, response: Response) -> Fate {
        let Some(conn) = self.conns.get_mut(&token) else {
            return Fate::Close;
        };
        conn.keep_alive = false;
        conn.phase = Phase::Answering;
        self.answered(token, response);
        // `answered` has closed it if it failed.
        if self.conns.contains_key(&token) {
            Fate::Open
        } else {
            Fate::Close
        }
    }

    /// Queues an event on every stream that does not know it yet, dropping
    /// streams that have fallen too far behind.
    fn broadcast(&mut self, event: &Event) {
        let now = Instant::now();
        let mut dropped = Vec::new();
        for (token, conn) in &mut self.conns {
            if conn.phase != Phase::Streaming || event.seq <= conn.seen_event {
                continue;
            }
            conn.seen_event = event.seq;
            if conn.unsent == 0 {
                // Nothing was waiting: the write timeout counts from now.
                conn.since = now;
            }
            conn.queue(Payload::Shared(Arc::clone(&event.text)));
            if conn.unsent > self.limits.max_event_backlog || conn.flush(now).is_err() {
                dropped.push(*token);
            }
        }
        for token in dropped {
            self.close(token);
        }
    }

    fn close(&mut self, token: Token) {
        if let Some(mut conn) = self.conns.remove(&token) {
            if conn.phase == Phase::Streaming {
                self.event_clients -= 1;
            }
            let _ = self.poll.registry().deregister(&mut conn.stream);
        }
    }
}

/// Reads and discards whatever the client sends. `Err` when it has closed.
fn drain(stream: &mut TcpStream) -> io::Result<()> {
    let mut buf = [0u8; READ_CHUNK];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A complete request head.
struct ParsedHead {
    request: Request,
    host: Option<String>,
    /// The `Origin` header: the site of the page that sent the request.
    origin: Option<String>,
    keep_alive: bool,
    /// Its length in bytes.
    len: usize,
}

enum Head {
    Partial,
    Complete(ParsedHead),
    /// Answered with this error, then the connection closes.
    Refused(Response),
}

/// Most header lines in a request.
const MAX_HEADERS: usize = 100;

fn parse_head(input: &[u8], max_head: usize) -> Head {
    if input.is_empty() {
        return Head::Partial;
    }
    let too_large = || Head::Refused(Response::text(431, "431 Request Header Fields Too Large\n"));
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let len = match parsed.parse(input) {
        Ok(httparse::Status::Complete(len)) if len <= max_head => len,
        Ok(_) if input.len() > max_head => return too_large(),
        Ok(httparse::Status::Partial) => return Head::Partial,
        Ok(httparse::Status::Complete(_)) => return too_large(),
        Err(httparse::Error::TooManyHeaders) => return too_large(),
        Err(_) => return Head::Refused(Response::text(400, "400 Bad Request\n")),
    };
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).into_owned())
    };
    let has_body = header("Transfer-Encoding").is_some()
        || header("Content-Length").is_some_and(|n| n.trim() != "0");
    if has_body {
        return Head::Refused(Response::text(
            413,
            "413: unspun serve takes no request bodies\n",
        ));
    }
    let closes = header("Connection")
        .is_some_and(|c| c.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
    Head::Complete(ParsedHead {
        request: Request {
            method: parsed.method.unwrap_or_default().to_string(),
            target: parsed.path.unwrap_or_default().to_string(),
            takes_gzip: header("Accept-Encoding").is_some_and(|e| takes_gzip(&e)),
        },
        host: header("Host"),
        origin: header("Origin"),
        keep_alive: parsed.version == Some(1) && !closes,
        len,
    })
}

/// Whether an `Accept-Encoding` value accepts gzip (and does not refuse
/// it with `q=0`).
fn takes_gzip(accept: &str) -> bool {
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// The message that refuses a request for another host.
fn refused_host(host: &str, hosts: &AllowedHosts) -> String {
    format!(
        "403 Forbidden: unspun serve does not answer for the host \"{}\".\n\
         It answers for {}; other names are refused so that no web page can read \
         the preview through a name of its own (DNS rebinding).\n\
         If you reach the preview under this name on purpose, start serve with --allow-host NAME.\n",
        shown(host),
        hosts.describe()
    )
}

/// The message that refuses a request sent by a page of another site.
fn refused_origin(origin: &str, hosts: &AllowedHosts) -> String {
    format!(
        "403 Forbidden: unspun serve answers this only for its own pages, not for a page of \"{}\".\n\
         Its pages are at {}.\n",
        shown(origin),
        hosts.describe()
    )
}

/// A header value as a message may show it: short, without control characters.
fn shown(value: &str) -> String {
    value
        .chars()
        .take(100)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The status line and headers of a response.
fn response_head(response: &Response, keep_alive: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.body_len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(head: Head) -> Option<u16> {
        match head {
            Head::Partial => None,
            Head::Complete(_) => Some(0),
            Head::Refused(r) => Some(r.status),
        }
    }

    #[test]
    fn heads_are_bounded_and_parsed() {
        assert_eq!(status(parse_head(b"GET / HTTP/1.1\r\nHost: a", 1024)), None);
        let big = format!("GET / HTTP/1.1\r\nX-Big: {}", "a".repeat(2000));
        assert_eq!(status(parse_head(big.as_bytes(), 1024)), Some(431));
        let many: String = (0..150).map(|i| format!("X-{i}: a\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(status(parse_head(many.as_bytes(), 64 * 1024)), Some(431));
        assert_eq!(status(parse_head(b"GET / HT\x01\r\n\r\n", 1024)), Some(400));
        let body = b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(status(parse_head(body, 1024)), Some(413));

        let Head::Complete(head) = parse_head(b"HEAD /x?y HTTP/1.1\r\nhost: a:1\r\n\r\nGET", 1024)
        else {
            panic!("complete")
        };
        assert_eq!(head.request.method, "HEAD");
        assert_eq!(head.request.target, "/x?y");
        assert_eq!(head.host.as_deref(), Some("a:1"));
        assert!(head.keep_alive);
        assert_eq!(head.len, 33);
        assert!(!head.request.takes_gzip);
        assert!(takes_gzip("gzip, deflate, br") && takes_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(!takes_gzip("gzip;q=0, br") && !takes_gzip("identity"));
        let Head::Complete(head) = parse_head(b"GET / HTTP/1.0\r\n\r\n", 1024) else {
            panic!("complete")
        };
        assert!(!head.keep_alive && head.host.is_none());
    }
}
