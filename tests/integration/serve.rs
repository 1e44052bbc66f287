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
