//! Browser tests: the pages unspun builds, in real headless Chromium.
//!
//! This test builds the example site at the repository root, the same site
//! cut into listing pages of three reports (for the index's search over
//! every page), the hostile-content fixture
//! (`tests/browser/fixtures/hostile`) and a copy pasted with its page's
//! furniture (`tests/browser/fixtures/pasted`) with the real binary, then runs the node tests in `tests/browser/` (node's built-in test
//! runner, playwright-core driving Debian's `/usr/bin/chromium`, axe-core for
//! accessibility). Each node test file serves a built site on 127.0.0.1 itself.
//!
//! Needs `chromium` and `node` (with `npm` for the first run, which installs
//! `tests/browser/node_modules` with `npm ci`). Without them the test prints
//! "SKIPPED browser tests ..." in `cargo test`'s output and passes, unless
//! the environment variable `CI` is set, in which case it fails: CI must run
//! the browser tests.
//!
//! To run the node tests by hand against a site you built yourself:
//!
//! ```sh
//! unspun build --output-dir /tmp/site
//! # a copy of the example with `page_size = 3` at the top of its site.toml:
//! unspun build --root /tmp/paged-site --output-dir /tmp/paged
//! UNSPUN_SITE_DIR=/tmp/site UNSPUN_PAGED_DIR=/tmp/paged node --test tests/browser/
//! ```

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The whole node run may take this long before it is killed and the test fails.
const NODE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

#[test]
fn pages_work_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tests_dir = repo.join("tests").join("browser");

    let chromium = std::env::var_os("UNSPUN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        skip_or_fail(&format!(
            "no browser at {} (install it: `apt-get install chromium`, or set UNSPUN_CHROMIUM)",
            chromium.display()
        ));
        return;
    }
    if !runs("node", &["--version"]) {
        skip_or_fail("`node` is not on PATH (install Node.js 20 or newer)");
        return;
    }
    if let Err(why) = crate::common::node_modules() {
        skip_or_fail(&why);
        return;
    }

    let work = tempfile::tempdir().expect("a temporary directory");
    let site = work.path().join("site");
    let hostile = work.path().join("hostile");
    let paged = work.path().join("paged");
    let pasted = work.path().join("pasted");
    build(repo, &site);
    build(&paged_copy(repo, &work.path().join("paged-site")), &paged);
    build(&tests_dir.join("fixtures").join("hostile"), &hostile);
    build(&tests_dir.join("fixtures").join("pasted"), &pasted);
    let screenshots = std::env::var_os("UNSPUN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| work.path().join("screenshots"));

    let mut files: Vec<PathBuf> = fs::read_dir(&tests_dir)
        .expect("tests/browser exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.test.mjs files in {}",
        tests_dir.display()
    );

    let log_path = work.path().join("node.log");
    let log = fs::File::create(&log_path).expect("a log file");
    let mut child = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .args(&files)
        .current_dir(&tests_dir)
        .env("UNSPUN_SITE_DIR", &site)
        .env("UNSPUN_HOSTILE_DIR", &hostile)
        .env("UNSPUN_PAGED_DIR", &paged)
        .env("UNSPUN_PASTED_DIR", &pasted)
        .env("UNSPUN_CHROMIUM", &chromium)
        .env("UNSPUN_SCREENSHOT_DIR", &screenshots)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("the log file"))
        .stderr(log)
        .spawn()
        .expect("node starts");

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break Some(status);
        }
        if started.elapsed() > NODE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut output = String::new();
    fs::File::open(&log_path)
        .and_then(|mut f| f.read_to_string(&mut output))
        .expect("node's output");
    println!("{output}");
    match status {
        None => panic!("the browser tests took longer than {NODE_TIMEOUT:?} and were stopped"),
        Some(status) => assert!(
            status.success(),
            "browser tests failed ({status}); node's output is above"
        ),
    }
}

/// Builds the site at `root` into `out` with the real binary.
fn build(root: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output-dir")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .expect("the unspun binary runs");
    assert!(
        output.status.success(),
        "unspun build --root {} failed ({}):\n{}",
        root.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A copy of the example site at `repo` in `dir`, its listings cut into
/// pages of three reports; returns `dir`.
fn paged_copy(repo: &Path, dir: &Path) -> PathBuf {
    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("a directory for the copy");
        for entry in fs::read_dir(from).expect("a readable content directory") {
            let entry = entry.expect("a directory entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("a file type").is_dir() {
                copy_tree(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), &target).expect("a content file copied");
            }
        }
    }
    copy_tree(&repo.join("content"), &dir.join("content"));
    let config = fs::read_to_string(repo.join("site.toml")).expect("the example's site.toml");
    fs::write(dir.join("site.toml"), format!("page_size = 3\n{config}"))
        .expect("site.toml written");
    dir.to_path_buf()
}

/// Whether `program args` runs and exits 0.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Without a browser: a notice in `cargo test`'s output that the browser
/// tests were SKIPPED, and a failure in CI.
fn skip_or_fail(why: &str) {
    crate::common::skip_or_fail(
        "browser tests (browser::pages_work_in_headless_chromium)",
        &format!("they need Chromium and Node.js: {why}"),
    );
}
