//! What a build does to an existing output directory, run through the real
//! binary: it deletes only what unspun wrote, keeps what `keep` names, swaps
//! the new output in whole, waits for another build, and fails once and
//! cleanly on a read-only directory or a full disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::{OutputExt, Site};

/// Names beside the output directory `public` that a build may leave:
/// none but the output itself.
fn beside_output(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path(""))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

fn a_pages_folder(site: &Site) -> PathBuf {
    let docs = site.path("docs");
    fs::create_dir_all(&docs).unwrap();
    fs::write(docs.join(".nojekyll"), "").unwrap();
    fs::write(docs.join("CNAME"), "reports.example.org\n").unwrap();
    fs::write(docs.join("about.html"), "<h1>About the desk</h1>").unwrap();
    docs
}

#[test]
fn a_folder_with_hand_written_pages_is_refused_then_forced_keeping_cname() {
    let site = Site::scaffold();
    let docs = a_pages_folder(&site);
    let out = site.build_with(&["--output-dir", docs.to_str().unwrap()]);
    out.fails_with(&[
        "holds 1 file unspun did not write (about.html); refusing to replace it",
        "--force",
        "keep",
    ]);
    assert_eq!(out.stderr_text().matches("error").count(), 1);
    assert_eq!(
        fs::read_to_string(docs.join("about.html")).unwrap(),
        "<h1>About the desk</h1>"
    );
    assert!(!docs.join("index.html").exists());

    site.build_with(&["--output-dir", docs.to_str().unwrap(), "--force"])
        .success();
    assert!(!docs.join("about.html").exists());
    assert!(docs.join("index.html").is_file());
    assert_eq!(
        fs::read_to_string(docs.join("CNAME")).unwrap(),
        "reports.example.org\n"
    );
    // Now every file is written or kept: no --force needed again.
    site.build_with(&["--output-dir", docs.to_str().unwrap()])
        .success();
    assert!(docs.join("CNAME").is_file());
}

#[test]
fn keep_in_site_toml_protects_more_and_a_file_added_later_is_refused() {
    let site = Site::scaffold();
    site.edit("site.toml", |t| {
        t + "keep = [\"CNAME\", \"about.html\", \"extra\"]\n"
    });
    let docs = a_pages_folder(&site);
    fs::create_dir_all(docs.join("extra/deep")).unwrap();
    fs::write(docs.join("extra/deep/notes.txt"), "mine").unwrap();
    site.build_with(&["--output-dir", docs.to_str().unwrap()])
        .success();
    assert_eq!(
        fs::read_to_string(docs.join("about.html")).unwrap(),
        "<h1>About the desk</h1>"
    );
    assert_eq!(
        fs::read_to_string(docs.join("extra/deep/notes.txt")).unwrap(),
        "mine"
    );
    let manifest = fs::read_to_string(docs.join(".unspun-manifest.json")).unwrap();
    assert!(manifest.contains("\"index.html\""), "{manifest}");
    assert!(!manifest.contains("about.html"), "{manifest}");

    fs::write(docs.join("reports/draft.html"), "work in progress").unwrap();
    site.build_with(&["--output-dir", docs.to_str().unwrap()])
        .fails_with(&["reports/draft.html"]);
    assert!(docs.join("reports/draft.html").is_file());

    site.edit("site.toml", |t| t + "# bad\nkeep = [\"../x\"]\n");
    site.build().fails_with(&["site.toml", "keep"]);
}

#[test]
fn a_page_unspun_wrote_then_edited_by_hand_is_the_users() {
    let site = Site::scaffold();
    site.build().success();
    let manifest = site.read("public/.unspun-manifest.json");
    assert!(
        manifest.contains("\"path\":\"index.html\",\"bytes\":")
            && manifest.contains("\"crc32\":\""),
        "{manifest}"
    );
    // A rebuild over an untouched output needs no --force.
    site.build().success();

    // An edit that keeps the length, and one that does not.
    let index = site.read("public/index.html");
    let edited = index
        .replacen("</h1>", "!</h1>", 1)
        .replacen("<h1>", "<h1", 1);
    assert!(edited != index && edited.len() == index.len());
    site.write("public/index.html", &edited);
    site.write("public/404.html", "<h1>Our own not-found page</h1>");
    let out = site.build();
    out.fails_with(&[
        "public: holds 2 files changed since unspun wrote (404.html, index.html); refusing to replace it",
        "--force",
    ]);
    assert_eq!(out.stderr_text().matches("error").count(), 1);
    assert_eq!(site.read("public/index.html"), edited);

    // With a file unspun did not write too, one message names both.
    site.write("public/about.html", "<h1>About</h1>");
    site.build().fails_with(&[
        "holds 1 file unspun did not write (about.html) and 2 files changed since unspun wrote (404.html, index.html)",
    ]);

    site.build_with(&["--force"]).success();
    assert_eq!(site.read("public/index.html"), index);
    assert!(!site.public().join("about.html").exists());
    site.build().success();
}

/// The files an output of unspun 0.1 (before the manifest) had, beside one
/// of the site's own `static/` files.
fn an_old_output(site: &Site) {
    site.write("static/favicon.ico", "icon");
    for rel in [
        ".nojekyll",
        "index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "search-index.json",
        "reports/old-copy/index.html",
        "reports/old-copy/report.json",
        "embed/old-copy/index.html",
        "sites/old-example/index.html",
        "static/style.css",
        "favicon.ico",
    ] {
        site.write(&format!("public/{rel}"), "old");
    }
}

#[test]
fn an_output_of_an_older_unspun_is_recognised_by_its_layout() {
    let site = Site::scaffold();
    an_old_output(&site);
    site.build().success();
    assert!(site.public().join(".unspun-manifest.json").is_file());
    assert!(!site.public().join("reports/old-copy").exists());

    fs::remove_dir_all(site.public()).unwrap();
    an_old_output(&site);
    site.write("public/thesis.tex", "precious");
    site.build()
        .fails_with(&["holds 1 file unspun did not write (thesis.tex)"]);
    assert_eq!(site.read("public/thesis.tex"), "precious");
}

#[test]
fn the_output_path_always_holds_a_whole_site() {
    let site = Site::scaffold();
    site.build().success();
    let index = site.public().join("index.html");
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (done, index) = (done.clone(), index.clone());
        std::thread::spawn(move || {
            let mut looks = 0u64;
            while !done.load(Ordering::Relaxed) {
                assert!(index.is_file(), "no index.html after {looks} looks");
                looks += 1;
            }
            looks
        })
    };
    for _ in 0..3 {
        site.build().success();
    }
    done.store(true, Ordering::Relaxed);
    let looks = watcher
        .join()
        .expect("the output was missing at some instant");
    assert!(looks > 100, "{looks}");
    assert!(
        beside_output(&site).is_empty(),
        "{:?}",
        beside_output(&site)
    );
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next() {
    let site = Site::scaffold();
    site.build().success();
    for left in [
        ".public.tmp-unspun-4242/reports/x",
        ".public.old-unspun-4243/y",
    ] {
        fs::create_dir_all(site.path(left)).unwrap();
        fs::write(site.path(left).join("index.html"), "stale").unwrap();
    }
    site.build().success();
    assert!(
        beside_output(&site).is_empty(),
        "{:?}",
        beside_output(&site)
    );
}

#[test]
fn ctrl_c_leaves_no_staging_directory() {
    let site = Site::scaffold();
    // Enough reports that the build is still writing when it is stopped.
    let copy = site.read("content/rewrites/newsrush-ferry-overhaul.md");
    for i in 0..40 {
        site.write(
            &format!("content/rewrites/copy-{i}.md"),
            &copy.replace("Island council", &format!("Council {i}")),
        );
    }
    let child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["build", "--root", site.root()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !beside_output(&site)
        .iter()
        .any(|n| n.starts_with(".public.tmp-unspun"))
        && started.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: signalling our own child by its id.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert!(
        !out.stderr_text().contains("panicked"),
        "{}",
        out.stderr_text()
    );
    if out.status.code() != Some(0) {
        assert!(!site.public().exists(), "a partial output");
    }
    assert!(
        beside_output(&site).is_empty(),
        "{:?}",
        beside_output(&site)
    );
}

#[test]
fn a_second_build_waits_for_the_first() {
    let site = Site::scaffold();
    site.build().success();
    // Hold the lock as a running build would.
    let lock = fs::File::create(site.path(".public.unspun-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["build", "--root", site.root()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "did not wait");
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    out.success();
    assert!(
        out.stderr_text()
            .contains("another unspun build is writing"),
        "{}",
        out.stderr_text()
    );
    assert!(
        beside_output(&site).is_empty(),
        "{:?}",
        beside_output(&site)
    );
}

/// Runs `unspun ARGS` as the unprivileged user `nobody`, where this test
/// runs as root (root may write anywhere, so a read-only directory stops
/// only someone else); `None` where that cannot be done.
fn as_nobody(args: &[&str]) -> Option<Output> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_unspun"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_unspun"))
    };
    cmd.args(args).env("NO_COLOR", "1").output().ok()
}

fn chown_nobody(path: &Path) {
    for entry in walkdir::WalkDir::new(path) {
        let entry = entry.unwrap();
        std::os::unix::fs::lchown(entry.path(), Some(65534), Some(65534)).unwrap();
    }
}

#[test]
fn a_read_only_output_is_one_clear_error_and_breaks_no_later_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let init = crate::common::unspun(&["init", root.to_str().unwrap()]);
    init.success();
    let r = root.to_str().unwrap();
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        chown_nobody(&root);
    }
    let Some(first) = as_nobody(&["build", "--root", r]) else {
        eprintln!("skipped: cannot run as another user here");
        return;
    };
    first.success();
    let set_mode = |mode| {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(
            root.join("public/reports"),
            fs::Permissions::from_mode(mode),
        )
        .unwrap()
    };
    set_mode(0o555);
    let before = crate::common::tree_bytes(&root.join("public"));
    let out = as_nobody(&["build", "--root", r]).unwrap();
    out.fails_with(&[
        "public: the previous output cannot be replaced: reports is read-only",
        "chmod",
    ]);
    assert_eq!(
        out.stderr_text().matches("error").count(),
        1,
        "{}",
        out.stderr_text()
    );
    assert_eq!(crate::common::tree_bytes(&root.join("public")), before);
    let leftovers: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    set_mode(0o755);
    as_nobody(&["build", "--root", r]).unwrap().success();
}

#[test]
fn a_full_disk_is_one_message() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a small file system needs root");
        return;
    }
    let site = Site::scaffold();
    let copy = site.read("content/rewrites/newsrush-ferry-overhaul.md");
    for i in 0..40 {
        site.write(
            &format!("content/rewrites/copy-{i}.md"),
            &copy.replace("Island council", &format!("Council {i}")),
        );
    }
    let small = site.path("small");
    fs::create_dir_all(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&small)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let out = site.build_with(&["--output-dir", small.join("public").to_str().unwrap()]);
    let stderr = out.stderr_text();
    let _ = Command::new("umount").arg(&small).status();
    out.fails_with(&[
        "cannot write the site",
        "No space left on device",
        "make room",
    ]);
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(".public.tmp-unspun"), "{stderr}");
}
