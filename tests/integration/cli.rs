//! The command line on real directories: what a user sees, the exit codes,
//! the messages, and the files left behind.

use crate::common::{tree_bytes, unspun, OutputExt, Site};
use std::process::Command;

#[test]
fn init_then_build_works_with_no_other_step() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let out = unspun(&["init", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains("actions/deploy-pages"),
        "init writes a Pages workflow"
    );
    let out = unspun(&["build", "--root", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let public = site.join("public");
    for path in [
        "index.html",
        "reports/newsrush-ferry-overhaul/index.html",
        "reports/newsrush-ferry-overhaul/report.json",
        "sources/harbour-ferry-upgrade/index.html",
        "sites/newsrush-daily-example/index.html",
        "atom.xml",
        "404.html",
        ".nojekyll",
    ] {
        assert!(public.join(path).is_file(), "missing {path}");
    }
    // init's base_url is "/": no sitemap of relative URLs (the build warns).
    assert!(!public.join("sitemap.xml").exists());
}

#[test]
fn init_refuses_a_directory_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    unspun(&["init", dir.path().to_str().unwrap()]).fails_with(&["not empty"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = Site::scaffold();
    site.build().success();
    let first = tree_bytes(&site.public());
    site.build().success();
    assert_eq!(first, tree_bytes(&site.public()));
    // The same when every report's share of the site-wide files goes through
    // the spill files instead of staying in memory.
    let spooled = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["build", "--root", site.root()])
        .env("UNSPUN_SPOOL_BUDGET", "0")
        .output()
        .unwrap();
    spooled.success();
    assert_eq!(first, tree_bytes(&site.public()));
    // The build's temporary files are gone, and nothing was left beside the output.
    let leftovers: Vec<_> = first
        .keys()
        .filter(|p| p.to_string_lossy().contains("spool"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let beside: Vec<String> = std::fs::read_dir(site.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside
            .iter()
            .all(|name| !name.contains("unspun") || name == unspun::cache::CACHE_DIR),
        "{beside:?}"
    );
}

#[test]
fn report_json_carries_the_contract_fields() {
    let site = Site::scaffold();
    site.build().success();
    let json = site.read("public/reports/newsrush-ferry-overhaul/report.json");
    // Compact for programs: one line, then the final newline.
    assert_eq!(json.lines().count(), 1, "report.json is not compact");
    assert!(json.ends_with("}\n"));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in ["source", "rewrite", "alignment", "findings", "stats"] {
        assert!(report.get(key).is_some(), "report.json has no {key}");
    }
    let sentence = &report["rewrite"]["sentences"][0];
    let file = site.read("content/rewrites/newsrush-ferry-overhaul.md");
    let (start, end) = (
        sentence["start"].as_u64().unwrap() as usize,
        sentence["end"].as_u64().unwrap() as usize,
    );
    let located: String = file.chars().skip(start).take(end - start).collect();
    assert!(located.contains("Lanmoor"), "offsets point at {located:?}");
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"number_changed"), "{kinds:?}");
    assert!(
        kinds.contains(&"note"),
        "the author's note is a finding: {kinds:?}"
    );
}

#[test]
fn base_url_with_a_subpath_is_honoured() {
    let site = Site::scaffold();
    site.build_with(&["--base-url", "https://example.org/project/"])
        .success();
    let index = site.read("public/index.html");
    assert!(
        index.contains("/project/reports/newsrush-ferry-overhaul/"),
        "links lack the subpath"
    );
    assert!(site
        .read("public/sitemap.xml")
        .contains("https://example.org/project/reports/newsrush-ferry-overhaul/"));
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::scaffold();
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen("---\n", "---\ndraft: true\n", 1)
    });
    site.build().success();
    assert!(!site.path("public/reports/newsrush-ferry-overhaul").exists());
    site.build_with(&["--drafts"]).success();
    assert!(site
        .path("public/reports/newsrush-ferry-overhaul/index.html")
        .exists());
}

/// One broken file per case: what we write, and what the message must say.
const CONTENT_ERRORS: &[(&str, &str, &str, &str)] = &[
    ("missing key", "---\ntitle: X\nsite: s\ndate: 2026-01-01\n---\nBody.\n", "rewrites/bad.md:1", "missing field `source`"),
    ("unknown key", "---\ntitle: X\nsite: s\nsource: harbour-ferry-upgrade\ndate: 2026-01-01\ncolour: red\n---\nBody.\n", "rewrites/bad.md:6", "unknown field `colour`"),
    ("malformed YAML", "---\ntitle: \"X\nsite: s\n---\nBody.\n", "rewrites/bad.md:2", "front matter"),
    ("missing source", "---\ntitle: X\nsite: s\nsource: harbour-ferry-upgrad\ndate: 2026-01-01\n---\nBody.\n", "rewrites/bad.md:4", "did you mean `harbour-ferry-upgrade`"),
    ("bad date", "---\ntitle: X\nsite: s\nsource: harbour-ferry-upgrade\ndate: 2026-02-30\n---\nBody.\n", "rewrites/bad.md:5", "is not a date"),
    ("quote not found", "---\ntitle: X\nsite: s\nsource: harbour-ferry-upgrade\ndate: 2026-01-01\nnotes:\n  - quote: not in any text\n    text: hi\n---\nBody.\n", "rewrites/bad.md:7", "not in the copy or in its source"),
    ("no front matter", "Just a body.\n", "rewrites/bad.md:1", "no front matter"),
    ("empty file", "", "rewrites/bad.md", "file is empty"),
    ("unclosed front matter", "---\ntitle: X\n", "rewrites/bad.md", "never closed"),
    ("wrong type", "---\ntitle: X\nsite: [a, b]\nsource: harbour-ferry-upgrade\ndate: 2026-01-01\n---\nBody.\n", "rewrites/bad.md:3", "front matter"),
];

#[test]
fn each_content_error_names_the_file_and_line_and_exits_1() {
    for (case, text, place, message) in CONTENT_ERRORS {
        let site = Site::scaffold();
        site.write("content/rewrites/bad.md", text);
        let out = site.build();
        assert_eq!(out.status.code(), Some(1), "{case}: {}", out.stderr_text());
        let stderr = out.stderr_text();
        assert!(
            stderr.contains(place),
            "{case}: expected {place:?} in:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{case}: expected {message:?} in:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    }
}

#[test]
fn a_file_that_is_not_utf8_is_reported() {
    let site = Site::scaffold();
    site.write_bytes(
        "content/sources/latin1.md",
        b"---\ntitle: Caf\xe9\n---\nBody.\n",
    );
    site.build()
        .fails_with(&["sources/latin1.md:2:", "not valid UTF-8"]);
}

#[test]
fn duplicate_slugs_are_reported() {
    let site = Site::scaffold();
    let text = site.read("content/rewrites/newsrush-ferry-overhaul.md");
    site.write("content/rewrites/NewsRush Ferry Overhaul.md", &text);
    site.build()
        .fails_with(&["slug `newsrush-ferry-overhaul` is also used by"]);
}

#[test]
fn every_error_of_a_build_is_reported_not_only_the_first() {
    let site = Site::scaffold();
    site.write("content/rewrites/a.md", "no front matter\n");
    site.write("content/rewrites/b.md", "");
    site.write("content/sources/c.md", "---\ntitle: X\n---\nBody.\n");
    let stderr = site.build().stderr_text();
    for file in ["rewrites/a.md", "rewrites/b.md", "sources/c.md"] {
        assert!(stderr.contains(file), "{file} not reported:\n{stderr}");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::scaffold();
    site.build().success();
    let before = tree_bytes(&site.public());
    site.write("content/rewrites/bad.md", "no front matter\n");
    assert_eq!(site.build().status.code(), Some(1));
    assert_eq!(before, tree_bytes(&site.public()));
    let leftovers: Vec<_> = std::fs::read_dir(site.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp") || n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn unknown_keys_in_site_toml_are_named() {
    let site = Site::scaffold();
    site.edit("site.toml", |t| format!("{t}\ncolour = \"red\"\n"));
    site.build().fails_with(&["site.toml:", "colour"]);
}

#[test]
fn a_missing_site_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    unspun(&["build", "--root", dir.path().to_str().unwrap()])
        .fails_with(&["site.toml", "unspun init"]);
}

#[test]
fn check_validates_without_writing() {
    let site = Site::scaffold();
    let out = unspun(&["check", "--root", site.root()]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(!site.public().exists(), "check wrote output");
    site.write("content/rewrites/bad.md", "no front matter\n");
    assert_eq!(
        unspun(&["check", "--root", site.root()]).status.code(),
        Some(1)
    );
}

#[test]
fn align_prints_text_and_json_for_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    let rewrite = dir.path().join("b.txt");
    std::fs::write(
        &source,
        "The council approved a budget of 4.2 billion on Monday. Critics were not convinced.\n",
    )
    .unwrap();
    std::fs::write(
        &rewrite,
        "On Monday the council approved a budget of 2.4 billion. Critics were not convinced.\n",
    )
    .unwrap();
    let args = |format: &'static str| {
        [
            "align",
            source.to_str().unwrap(),
            rewrite.to_str().unwrap(),
            "--format",
            format,
        ]
        .map(String::from)
    };
    let out = unspun(&args("json").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", out.stderr_text());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["source"]["sentences"].as_array().unwrap().len(), 2);
    // On the terminal the same object is indented, for people, its format
    // first.
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("{\n  \"format\": 2,\n  \"source\": {"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"number_changed"), "{kinds:?}");
    let out = unspun(&args("text").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("2.4 billion"));
}

#[test]
fn align_as_text_tells_page_furniture_from_dropped_story() {
    let pair = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/tuning/22-pasted-page-fishing"
    );
    let (source, rewrite) = (format!("{pair}/source.md"), format!("{pair}/rewrite.md"));
    let out = unspun(&["align", &source, &rewrite, "--format", "text"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" (furniture): Source link"), "{text}");
    assert!(text.contains(" (caption): Photo: Ove Lindqvist"), "{text}");
    assert!(
        text.contains("Set aside as captions or page furniture, not counted:"),
        "{text}"
    );
    assert!(text.contains("PASSAGES"), "{text}");
}

#[test]
fn align_with_a_missing_file_exits_1() {
    unspun(&["align", "/nonexistent/a.md", "/nonexistent/b.md"])
        .fails_with(&["/nonexistent/a.md", "/nonexistent/b.md"]);
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    assert_eq!(unspun(&["frobnicate"]).status.code(), Some(1));
    let help = unspun(&["build", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--base-url"));
}

/// Runs `unspun ARGS` with stdout a pipe that nobody reads (as in
/// `unspun build | true`), and returns the exit code and stderr.
fn run_with_stdout_closed(args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_stdout_does_not_fail_a_command_that_worked() {
    let site = Site::scaffold();
    for args in [
        vec!["build", "--root", site.root()],
        vec!["build", "--verbose", "--root", site.root()],
        vec!["check", "--root", site.root()],
    ] {
        let (code, stderr) = run_with_stdout_closed(&args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(site.public().join("index.html").is_file());
    let dir = tempfile::tempdir().unwrap();
    let new_site = dir.path().join("new");
    let (code, stderr) = run_with_stdout_closed(&["init", new_site.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(new_site.join("site.toml").is_file());
}

#[test]
fn every_mistake_in_a_file_is_reported_in_one_run() {
    let site = Site::scaffold();
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen("title:", "titel:", 1)
            .replacen(
                "source: harbour-ferry-upgrade",
                "source: harbour-ferry-upgrad",
                1,
            )
            .replacen("date: 2026-03-03", "date: 12/03/2026", 1)
    });
    let out = site.build();
    out.fails_with(&[
        "newsrush-ferry-overhaul.md:2:1: front matter: unknown field `titel`",
        "hint: did you mean `title`?",
        "newsrush-ferry-overhaul.md:4: source `harbour-ferry-upgrad` does not exist",
        "newsrush-ferry-overhaul.md:5: `date` \"12/03/2026\" is not written as YYYY-MM-DD",
        "hint: write dates as YYYY-MM-DD, e.g. 2026-12-03 or 2026-03-12",
    ]);
    assert_eq!(
        out.stderr_text().matches("error:").count(),
        3,
        "{}",
        out.stderr_text()
    );
    assert!(!site.path("public").exists());
}

#[test]
fn a_misspelt_key_that_is_also_present_is_reported_once() {
    let site = Site::scaffold();
    site.edit("content/sources/harbour-ferry-upgrade.md", |t| {
        t.replacen("author:", "autor: \"Someone\"\nauthor:", 1)
    });
    let out = site.build();
    out.fails_with(&["unknown field `autor`", "did you mean `author`?"]);
    assert_eq!(
        out.stderr_text().matches("error:").count(),
        1,
        "{}",
        out.stderr_text()
    );
}

#[test]
fn impossible_dates_say_what_is_wrong() {
    let site = Site::scaffold();
    site.edit("content/sources/harbour-ferry-upgrade.md", |t| {
        t.replacen("date: 2026-03-02", "date: 2026-02-30", 1)
    });
    let out = site.build();
    out.fails_with(&["harbour-ferry-upgrade.md:5", "February 2026 has 28 days"]);
    assert!(
        !out.stderr_text().contains("write dates as"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_misspelt_site_toml_key_gets_a_suggestion() {
    let site = Site::scaffold();
    site.edit("site.toml", |t| t.replacen("language =", "langauge =", 1));
    site.build().fails_with(&[
        "site.toml:",
        "unknown field `langauge`",
        "hint: did you mean `language`?",
    ]);
}

#[test]
fn a_link_from_content_to_no_page_is_an_error_at_the_content_file() {
    let site = Site::scaffold();
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen(
            "text: \"The original says",
            "text: \"See [the other copy](@/reports/newsrush-ferry) and [this](@/source/harbour-ferry-upgrade): the original says",
            1,
        )
    });
    site.build().fails_with(&[
        "content/rewrites/newsrush-ferry-overhaul.md:12: the link `@/reports/newsrush-ferry` names no page",
        "did you mean `@/reports/newsrush-ferry-overhaul`?",
        "content/rewrites/newsrush-ferry-overhaul.md:12: the link `@/source/harbour-ferry-upgrade` names no kind of page",
        "did you mean `@/sources/`?",
    ]);
    // A fragment that names nothing on the page: `check` says so at the content file, once.
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen(
            "@/reports/newsrush-ferry)",
            "@/reports/newsrush-ferry-overhaul#finding-99)",
            1,
        )
        .replacen("@/source/", "@/sources/", 1)
    });
    site.build().success();
    let out = unspun(&["check", "--root", site.root()]);
    out.fails_with(&[
        "content/rewrites/newsrush-ferry-overhaul.md:12: the link `@/reports/newsrush-ferry-overhaul#finding-99` is broken",
    ]);
    assert_eq!(
        out.stderr_text().matches("error:").count(),
        1,
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_link_to_a_draft_report_says_it_is_a_draft() {
    let site = Site::scaffold();
    site.write(
        "content/rewrites/second-copy.md",
        &site
            .read("content/rewrites/newsrush-ferry-overhaul.md")
            .replacen("---\n", "---\ndraft: true\n", 1),
    );
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen(
            "text: \"The original says",
            "text: \"As [in this copy](@/reports/second-copy), the original says",
            1,
        )
    });
    site.build()
        .fails_with(&["`@/reports/second-copy` names no page", "it is a draft"]);
    site.build_with(&["--drafts"]).success();
}

/// `serve --open` with `PATH` holding only `dir`: the first line of stderr
/// that mentions `--open`, within the wait.
#[cfg(target_os = "linux")]
fn open_message(dir: &std::path::Path) -> String {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let site = Site::scaffold();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["serve", "--port", "0", "--open", "--root", site.root()])
        .env("PATH", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("--open") {
                let _ = tx.send(line);
                break;
            }
        }
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(20));
    let _ = child.kill();
    let _ = child.wait();
    line.expect("serve --open said nothing about opening the page")
}

#[cfg(target_os = "linux")]
#[test]
fn serve_open_says_how_to_open_the_page_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let line = open_message(dir.path());
    assert!(line.contains("found no `xdg-open`"), "{line}");
    assert!(line.contains("open http://127.0.0.1:"), "{line}");
    assert!(line.contains("in your browser"), "{line}");

    // An opener that is there but fails, as xdg-open does with no browser set up.
    let opener = dir.path().join("xdg-open");
    std::fs::write(&opener, "#!/bin/sh\nexit 3\n").unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&opener)
        .status()
        .unwrap();
    let line = open_message(dir.path());
    assert!(line.contains("`xdg-open` failed"), "{line}");
    assert!(line.contains("open http://127.0.0.1:"), "{line}");
}
