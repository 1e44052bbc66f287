//! What `serve` holds in memory after any sequence of incremental rebuilds
//! is, file for file and byte for byte, what `unspun build` writes for the
//! same input (before the live-reload script is added at request time).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::serve_support::{rewrite, TestSite};
use unspun::serve::files::Body;
use unspun::serve::incremental::{Overrides, Site};
use unspun::serve::watch::Changes;
use unspun::site::{build, BuildOptions};

fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("public");
    build(
        root,
        &BuildOptions {
            output_dir: Some(dir.clone()),
            ..BuildOptions::default()
        },
    )
    .expect("build");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&dir).unwrap();
            let key: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let key = key.join("/");
            // The build's record of what it wrote is not part of the site.
            if key != unspun::output::MANIFEST {
                files.insert(key, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

fn served(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .iter()
        .map(|(path, body)| {
            let bytes = match body {
                Body::Memory(b) => b.unpack(),
                Body::Disk(p) => std::fs::read(p).unwrap(),
            };
            (path.to_string(), bytes)
        })
        .collect()
}

fn assert_same(root: &Path, site: &Site) {
    let expected = built(root);
    let actual = served(site);
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in &expected {
        assert!(actual[path] == *bytes, "{path} differs from the build's");
    }
}

fn changed(paths: &[&str]) -> Changes {
    let mut changes = Changes::default();
    for p in paths {
        let path = PathBuf::from(p);
        if p.starts_with("content/sources/") {
            changes.sources.insert(path);
        } else if p.starts_with("content/rewrites/") {
            changes.rewrites.insert(path);
        } else if p.starts_with("templates/") || p.starts_with("themes/") {
            changes.templates = true;
        } else if p.starts_with("static/") {
            changes.statics = true;
        } else if *p == "site.toml" {
            changes.config = true;
        }
    }
    changes
}

#[test]
fn incremental_rebuilds_match_a_full_build() {
    let site = TestSite::new();
    site.write(
        "content/sources/other.md",
        &crate::serve_support::SOURCE.replace("Council approves", "Other story:"),
    );
    site.write(
        "content/rewrites/b.md",
        &rewrite("Second copy")
            .replace("newsrush.example", "buzz.example")
            .replace("source: ferry", "source: other"),
    );
    let root = site.root().canonicalize().unwrap();
    let mut serve = Site::new(&root, Overrides::default());
    let first = serve.rebuild(&Changes::everything()).expect("first build");
    assert!(first.changed);
    assert_eq!(first.reports, 2);
    assert_same(&root, &serve);

    // One copy edited: only it is aligned again.
    site.write(
        "content/rewrites/copy.md",
        &rewrite("A new title for the copy"),
    );
    let outcome = serve
        .rebuild(&changed(&["content/rewrites/copy.md"]))
        .unwrap();
    assert_eq!(outcome.aligned, 1);
    assert_same(&root, &serve);

    // Saving without a change re-renders nothing.
    let outcome = serve
        .rebuild(&changed(&["content/rewrites/copy.md"]))
        .unwrap();
    assert_eq!(
        (outcome.aligned, outcome.rendered, outcome.changed),
        (0, 0, false)
    );

    // A source edited: its copies are aligned again, the other is not.
    site.write(
        "content/sources/ferry.md",
        &crate::serve_support::SOURCE.replace("Monday", "Tuesday"),
    );
    let outcome = serve
        .rebuild(&changed(&["content/sources/ferry.md"]))
        .unwrap();
    assert_eq!(outcome.aligned, 1);
    assert_same(&root, &serve);

    // A new copy, then a deleted one.
    site.write("content/rewrites/c.md", &rewrite("Third copy"));
    serve.rebuild(&changed(&["content/rewrites/c.md"])).unwrap();
    assert_same(&root, &serve);
    site.remove("content/rewrites/b.md");
    serve.rebuild(&changed(&["content/rewrites/b.md"])).unwrap();
    assert_same(&root, &serve);

    // A broken copy fails the rebuild and leaves the served site alone...
    let before = served(&serve);
    site.write(
        "content/rewrites/c.md",
        "---\ntitle: [unclosed\n---\nText.\n",
    );
    let errors = serve
        .rebuild(&changed(&["content/rewrites/c.md"]))
        .unwrap_err();
    assert_eq!(errors.0[0].file, PathBuf::from("content/rewrites/c.md"));
    assert_eq!(served(&serve), before);
    // ...and an unrelated save still reports it.
    site.write("content/rewrites/copy.md", &rewrite("Yet another title"));
    assert!(serve
        .rebuild(&changed(&["content/rewrites/copy.md"]))
        .is_err());
    site.write("content/rewrites/c.md", &rewrite("Third copy, fixed"));
    serve.rebuild(&changed(&["content/rewrites/c.md"])).unwrap();
    assert_same(&root, &serve);

    // A copy whose source disappears is an error naming the copy.
    site.remove("content/sources/other.md");
    site.write(
        "content/rewrites/d.md",
        &rewrite("Orphan").replace("source: ferry", "source: other"),
    );
    let errors = serve
        .rebuild(&changed(&[
            "content/sources/other.md",
            "content/rewrites/d.md",
        ]))
        .unwrap_err();
    assert!(
        errors
            .0
            .iter()
            .any(|d| d.file == Path::new("content/rewrites/d.md")),
        "{errors}"
    );
    site.remove("content/rewrites/d.md");
    serve.rebuild(&changed(&["content/rewrites/d.md"])).unwrap();
    assert_same(&root, &serve);

    // Templates, static files and site.toml.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Gone fishing.</p>{% endblock %}",
    );
    let outcome = serve.rebuild(&changed(&["templates/404.html"])).unwrap();
    assert_eq!(outcome.aligned, 0, "a template change keeps the alignments");
    assert_same(&root, &serve);
    site.write("static/extra/notes.txt", "hello");
    serve
        .rebuild(&changed(&["static/extra/notes.txt"]))
        .unwrap();
    assert_same(&root, &serve);
    site.write(
        "site.toml",
        "title = \"Renamed reports\"\nbase_url = \"/\"\n",
    );
    serve.rebuild(&changed(&["site.toml"])).unwrap();
    assert_same(&root, &serve);
}

/// The errors `unspun build` gives for the site at `root`.
fn build_errors(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output_dir: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    build(root, &options)
        .expect_err("the build fails")
        .to_string()
}

#[test]
fn serve_reports_the_errors_build_reports() {
    let site = TestSite::new();
    let root = site.root().canonicalize().unwrap();
    let mut serve = Site::new(&root, Overrides::default());
    serve.rebuild(&Changes::everything()).expect("first build");

    // A misspelt key in the original: both name the key, neither claims
    // the original is missing.
    site.write(
        "content/sources/ferry.md",
        &crate::serve_support::SOURCE.replace("publisher:", "publsher:"),
    );
    let served = serve
        .rebuild(&changed(&["content/sources/ferry.md"]))
        .unwrap_err()
        .to_string();
    let built = build_errors(&root);
    assert!(built.contains("publsher"), "{built}");
    assert!(!served.contains("does not exist"), "{served}");
    assert_eq!(served, built);
    // The same from a fresh start.
    let mut fresh = Site::new(&root, Overrides::default());
    let served = fresh
        .rebuild(&Changes::everything())
        .unwrap_err()
        .to_string();
    assert_eq!(served, built);

    // A misspelt key in a copy, with the original mended.
    site.write("content/sources/ferry.md", crate::serve_support::SOURCE);
    site.write(
        "content/rewrites/copy.md",
        &rewrite("Ferry overhaul approved").replace("site:", "sit:"),
    );
    let served = serve
        .rebuild(&changed(&[
            "content/sources/ferry.md",
            "content/rewrites/copy.md",
        ]))
        .unwrap_err()
        .to_string();
    let built = build_errors(&root);
    assert!(built.contains("sit"), "{built}");
    assert_eq!(served, built);

    // Mended: the same bytes again.
    site.write(
        "content/rewrites/copy.md",
        &rewrite("Ferry overhaul approved"),
    );
    serve
        .rebuild(&changed(&["content/rewrites/copy.md"]))
        .unwrap();
    assert_same(&root, &serve);
}
