//! `unspun serve` end to end: the real binary on a tiny site in a temporary
//! directory, driven over HTTP and its live-reload event stream.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::serve_support::*;

#[test]
fn serves_pages_with_types_and_the_reload_script() {
    let site = TestSite::new();
    let server = Server::start(site.root());

    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(index.body.contains("Ferry overhaul approved"));
    assert!(
        index.body.contains("/__unspun/livereload.js?build="),
        "script injected"
    );

    let report = server.get("/reports/copy/");
    assert_eq!(report.status, 200);
    assert!(report.body.contains("Ferry overhaul approved"));
    // The directory without its slash is redirected, as static hosts do.
    let redirect = server.get("/reports/copy");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/reports/copy/"));

    let json = server.get("/reports/copy/report.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("Content-Type"), Some("application/json"));
    assert!(
        !json.body.contains("livereload"),
        "only HTML gets the script"
    );
    assert!(json.body.contains("\"alignment\""));

    assert_eq!(
        server.get("/sitemap.xml").header("Content-Type"),
        Some("application/xml; charset=utf-8")
    );
    let robots = server.get("/robots.txt");
    assert_eq!(
        (robots.status, robots.body.as_str()),
        (200, "User-agent: *\n")
    );
    let css = server.get("/static/style.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));

    let script = server.get("/__unspun/livereload.js");
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("EventSource") && script.body.contains("sessionStorage"));

    // The site's own 404 page, with status 404.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.body.contains("Test reports"),
        "the site's 404 page: {}",
        missing.body
    );

    // Serving never writes the user's output directory.
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_save_rebuilds_and_reloads_open_pages() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let events = server.events();

    site.write(
        "content/rewrites/copy.md",
        &rewrite("Ferry plan gets the nod"),
    );
    // The report first (its page reloads), then the pages listing it.
    let reload = events.wait("reload");
    assert!(reload.data.contains("\"build\":1"), "{}", reload.data);
    assert!(
        reload.data.contains("\"reports/copy/index.html\""),
        "{}",
        reload.data
    );
    let page = server.get("/reports/copy/");
    assert!(
        page.body.contains("Ferry plan gets the nod"),
        "the new page is served as soon as the reload is sent"
    );
    assert!(page.body.contains("livereload.js?build="));
    let lists = events.wait("reload");
    assert!(lists.data.contains("\"index.html\""), "{}", lists.data);
    assert!(
        !lists.data.contains("reports/copy/index.html"),
        "the report page does not reload twice: {}",
        lists.data
    );
    assert!(
        server.get("/").body.contains("Ferry plan gets the nod"),
        "the index lists the new title"
    );

    // A new copy appears, with its pages; removing it removes them.
    site.write("content/rewrites/second.md", &rewrite("Second copy"));
    server.wait_for("/sites/newsrush-example/", "Second copy");
    assert_eq!(server.get("/reports/second/").status, 200);
    site.remove("content/rewrites/second.md");
    server.wait_until_status("/reports/second/", 404);
    assert_eq!(server.get("/embed/second/").status, 404);
    server.wait_without("/", "Second copy");

    // Renaming a file moves its report.
    std::fs::rename(
        site.root().join("content/rewrites/copy.md"),
        site.root().join("content/rewrites/moved.md"),
    )
    .unwrap();
    server.wait_until_status("/reports/moved/", 200);
    server.wait_until_status("/reports/copy/", 404);
}

#[test]
fn a_broken_save_keeps_the_site_and_shows_the_error_until_fixed() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let events = server.events();

    // Bad front matter: an unterminated quotation on line 2.
    site.write(
        "content/rewrites/copy.md",
        &rewrite("Broken <script>alert(1)</script>").replacen("\"Broken", "\"Broken\" oops", 1),
    );
    let error = events.wait("build-error");
    let data: serde_json::Value = serde_json::from_str(&error.data).expect("JSON payload");
    let first = &data["errors"][0];
    assert_eq!(first["file"], "content/rewrites/copy.md");
    assert_eq!(first["line"], 2);
    assert!(
        first["message"].as_str().unwrap().contains("front matter"),
        "{first}"
    );

    // Still serving the last good version; a page opened now learns of the error at once.
    let page = server.get("/reports/copy/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ferry overhaul approved"));
    let late = server.events_hello();
    assert!(late.contains("content/rewrites/copy.md"), "{late}");

    // A template error is reported with its file too.
    site.write("content/rewrites/copy.md", &rewrite("Fixed title"));
    events.wait("reload");
    assert!(server.get("/reports/copy/").body.contains("Fixed title"));
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope( }}{% endblock %}",
    );
    let error = events.wait("build-error");
    assert!(error.data.contains("templates/404.html"), "{}", error.data);
    // The fix gives back the very same site: no reload, the overlay just goes.
    site.remove("templates/404.html");
    events.wait("build-ok");
    assert!(server.events_hello().contains("\"errors\":null"));
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let site = TestSite::new();
    site.write("secret.txt", "top secret");
    let server = Server::start(site.root());
    assert_eq!(server.get("/robots.txt").status, 200, "the site built");
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/reports/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/static%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/site.toml",
        "/content/sources/ferry.md",
        "/secret.txt",
        "/%00",
        "/%zz",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("top secret"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn links_in_static_are_refused_not_followed() {
    let site = TestSite::new();
    site.write("secret.txt", "top secret");
    std::os::unix::fs::symlink(
        site.root().join("secret.txt"),
        site.root().join("static/link.txt"),
    )
    .unwrap();
    let server = Server::start(site.root());
    // As in `unspun build`, a link is an error naming it, shown in the page.
    let hello = server.events_hello();
    assert!(
        hello.contains("static/link.txt") && hello.contains("symbolic links"),
        "{hello}"
    );
    for path in ["/link.txt", "/static/link.txt"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("top secret"));
    }
    // Removing the link fixes the site.
    let events = server.events();
    std::fs::remove_file(site.root().join("static/link.txt")).unwrap();
    events.wait("reload");
    assert_eq!(server.get("/robots.txt").status, 200);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = TestSite::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = unspun()
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve kept running on a taken port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
    drop(taken);
}

#[test]
fn other_interfaces_only_when_asked() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = TestSite::new();
    let mut server = Server::start(site.root());
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.wait_line("Stopped.");
}

#[test]
fn oversized_request_heads_get_431_and_serving_goes_on() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let cookie = "a".repeat(10 * 1024 * 1024);
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\n\r\n",
        server.addr
    );
    let r = send_raw(&server.addr, huge.as_bytes());
    assert_eq!(r.status, 431, "{r:?}");
    // Too many header lines are refused the same way.
    let many: String = (0..200).map(|i| format!("X-Field-{i}: 1\r\n")).collect();
    let r = send_raw(
        &server.addr,
        format!("GET / HTTP/1.1\r\nHost: {}\r\n{many}\r\n", server.addr).as_bytes(),
    );
    assert_eq!(r.status, 431);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            get_with_host(&server.addr, "/", &host).status,
            200,
            "{host}"
        );
    }
    // A name pointed at 127.0.0.1 by someone else's DNS (rebinding).
    let refused = get_with_host(&server.addr, "/", &format!("rebind.example:{port}"));
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("rebind.example") && refused.body.contains("--allow-host"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("Ferry overhaul"), "no page content");
    assert_eq!(
        get_with_host(
            &server.addr,
            "/",
            &format!("localhost:{}", port.parse::<u16>().unwrap() + 1)
        )
        .status,
        403,
        "another port"
    );
    let events = send_raw(
        &server.addr,
        b"GET /__unspun/events HTTP/1.1\r\nHost: rebind.example\r\n\r\n",
    );
    assert_eq!(events.status, 403, "the event stream too");
    let no_host = send_raw(&server.addr, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(no_host.status, 400);

    // --allow-host adds a name (a tunnel or proxy's).
    let server = Server::start_with(site.root(), &["--allow-host", "preview.example"]);
    assert_eq!(
        get_with_host(&server.addr, "/", "preview.example").status,
        200
    );
    assert_eq!(
        get_with_host(&server.addr, "/", "other.example").status,
        403
    );
}

/// A page of another site the user visits may point `EventSource` at the
/// preview: its `Origin` gives it away, and only the preview's own pages
/// may open the stream (or send anything but a plain page request).
#[test]
fn pages_of_other_sites_cannot_open_the_event_stream() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let from = |method: &str, path: &str, origin: &str| {
        send_raw(
            &server.addr,
            format!(
                "{method} {path} HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        )
    };
    for origin in [
        "https://evil.example".to_string(),
        format!("http://rebind.example:{port}"),
        format!("http://localhost:{}", port.parse::<u16>().unwrap() + 1),
        "null".to_string(),
    ] {
        let events = from("GET", "/__unspun/events", &origin);
        assert_eq!(events.status, 403, "{origin}: {}", events.body);
        assert!(events.body.contains("own pages"), "{}", events.body);
        assert!(!events.body.contains("event: hello"), "{}", events.body);
        assert_eq!(from("HEAD", "/__unspun/events", &origin).status, 403);
        assert_eq!(from("GET", "/__unspun/livereload.js", &origin).status, 403);
        assert_eq!(from("POST", "/", &origin).status, 403, "{origin}");
        // A page itself is answered: the browser keeps it from the other site.
        assert_eq!(from("GET", "/reports/copy/", &origin).status, 200);
    }
    // The preview's own pages, under each of its names.
    for origin in [
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}"),
    ] {
        let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
        let head = format!(
            "GET /__unspun/events HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\n\r\n",
            server.addr
        );
        std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
        let mut first = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stream), &mut first).unwrap();
        assert!(first.starts_with("HTTP/1.1 200"), "{origin}: {first}");
        assert_eq!(from("POST", "/", &origin).status, 405, "{origin}");
    }
}

#[test]
fn a_bad_allow_host_is_a_usage_error() {
    let site = TestSite::new();
    let out = unspun()
        .args([
            "serve",
            "--port",
            "0",
            "--allow-host",
            "http://x.example/",
            "--root",
        ])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not a host name"), "{stderr}");
}

#[test]
fn leading_slashes_never_make_a_protocol_relative_redirect() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    for (path, location) in [
        ("//reports/copy", "/reports/copy/"),
        ("///reports//copy", "/reports/copy/"),
        ("/%2Freports/copy", ""),
        ("//reports/copy?view=embed", "/reports/copy/?view=embed"),
    ] {
        let r = server.get(path);
        if location.is_empty() {
            assert_eq!(r.status, 404, "{path}");
        } else {
            assert_eq!(r.status, 301, "{path}");
            assert_eq!(r.header("Location"), Some(location), "{path}");
        }
    }
}

#[test]
fn head_requests_to_the_event_stream_take_no_slot_and_closed_streams_free_theirs() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    for _ in 0..100 {
        let r = send_raw(
            &server.addr,
            format!(
                "HEAD /__unspun/events HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        );
        assert_eq!(r.status, 200);
        assert_eq!(r.header("Content-Type"), Some("text/event-stream"));
        assert_eq!(r.body, "");
    }
    // 64 tabs open, close, and 64 more open at once: no 503 while the
    // first ones' slots wait for a ping.
    for _ in 0..3 {
        let tabs: Vec<Events> = (0..64).map(|_| server.events()).collect();
        drop(tabs);
        std::thread::sleep(Duration::from_millis(100));
    }
    let tabs: Vec<Events> = (0..64).map(|_| server.events()).collect();
    let extra = send_raw(
        &server.addr,
        format!(
            "GET /__unspun/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(extra.status, 503, "the limit still holds");
    drop(tabs);
}

#[test]
fn every_built_file_is_served_with_its_type() {
    let site = TestSite::new();
    // Every kind of file, the reports' annotations (off by default) too.
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[exports]\nreport_annotations = true\n"),
    );
    let out = tempfile::tempdir().unwrap();
    let built = unspun()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output-dir")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let server = Server::start(site.root());
    let expected = |path: &str| match path.rsplit_once('.').map_or("", |(_, e)| e) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let mut seen = Vec::new();
    for entry in walkdir::WalkDir::new(out.path().join("public")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out.path().join("public"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Dot files (.nojekyll) are for the host, not served as pages.
        if rel.starts_with('.') {
            continue;
        }
        let r = server.get(&format!("/{rel}"));
        assert_eq!(r.status, 200, "{rel}");
        let want = expected(&rel);
        assert_ne!(
            want, "application/octet-stream",
            "{rel}: a type unspun does not know"
        );
        assert_eq!(r.header("Content-Type"), Some(want), "{rel}");
        seen.push(rel);
    }
    assert!(
        seen.iter().any(|p| p.ends_with("annotations.jsonld")),
        "{seen:?}"
    );

    // A client that takes gzip gets files gzipped as they are kept, pages
    // with the live-reload script put in: the same bytes once unpacked.
    let gzip = |path: &str| {
        let raw = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
            server.addr
        );
        let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
        std::io::Write::write_all(&mut stream, raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stream, &mut bytes).unwrap();
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&bytes[..split]).to_ascii_lowercase();
        (head, bytes[split + 4..].to_vec())
    };
    let (head, body) = gzip("/reports/copy/report.json");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut json).unwrap();
    assert_eq!(json, server.get("/reports/copy/report.json").body);
    let gunzip = |body: &[u8]| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(body), &mut text)
            .expect("one valid gzip stream");
        text
    };
    for path in ["/reports/copy/", "/", "/no-such-page"] {
        let (head, body) = gzip(path);
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}\r\n", body.len())),
            "{head}"
        );
        let page = gunzip(&body);
        assert!(page.contains("livereload.js"), "{page}");
        assert_eq!(page, server.get(path).body, "{path}");
    }
}

/// Writes 200 broken copies whose error messages are long, so that each
/// failed rebuild sends every open page a large `build-error` event.
fn break_many(site: &TestSite, round: usize) {
    let long = "x".repeat(10_000);
    for i in 0..200 {
        site.write(
            &format!("content/rewrites/bad{i}.md"),
            &format!(
                "---\ntitle: \"Bad\"\nsite: \"s.example\"\nsource: {long}{round}\ndate: 2026-03-03\n---\n\nText.\n"
            ),
        );
    }
}

#[test]
fn a_live_reload_client_that_stops_reading_is_dropped_and_pages_stay_fast() {
    let site = TestSite::new();
    let server = Server::start(site.root());
    let reader = server.events();
    let mut stalled = std::net::TcpStream::connect(&server.addr).unwrap();
    std::io::Write::write_all(
        &mut stalled,
        format!(
            "GET /__unspun/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    )
    .unwrap();
    // Enough event bytes to fill the kernel's buffers and the server's
    // backlog for the stalled client, pages asked for all along.
    let started = Instant::now();
    let mut sent = 0;
    let mut round = 0;
    while sent < 16 * 1024 * 1024 && started.elapsed() < Duration::from_secs(90) {
        break_many(&site, round);
        round += 1;
        sent += reader.wait("build-error").data.len();
        let t0 = Instant::now();
        let page = server.get("/reports/copy/");
        assert_eq!(page.status, 200);
        assert!(
            t0.elapsed() < Duration::from_secs(1),
            "a page took {:?} while a client stalled",
            t0.elapsed()
        );
    }
    assert!(
        sent >= 8 * 1024 * 1024,
        "only {sent} bytes of events in a minute"
    );
    // The server has closed the stalled stream: reading it now ends (before
    // all that was sent) instead of going on.
    stalled.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match std::io::Read::read(&mut stalled, &mut buf) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => panic!("the stalled client is still connected after {got} bytes: {e}"),
        }
        assert!(got < sent, "the stalled client was sent every event");
    }
    // The healthy reader still gets events.
    site.remove("content/rewrites/bad0.md");
    reader.wait("build-error");
}
