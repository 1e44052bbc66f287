//! From a fresh repository to a deployed site: the release workflow's
//! archives, the Pages workflow that `unspun init` writes (validated, and its
//! steps run here in the order GitHub runs them, with the freshly built
//! binary as the release it downloads), and builds for Pages: a `docs/`
//! folder and a site at a subpath, checked link by link.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use unspun::links::LinkChecker;

use crate::common::{node_modules, skip_or_fail, unspun, OutputExt, Site};

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The repository everything names: Cargo.toml, the release workflow, the Pages workflow.
const REPOSITORY: &str = "https://github.com/unspun-reports/unspun";
/// What `actions/configure-pages` answers for a project site (no trailing slash).
const PAGES_BASE_URL: &str = "https://example.github.io/spin-watch";

// ------------------------------------------------------------ workflows

#[derive(Debug, Deserialize)]
struct Workflow {
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    permissions: BTreeMap<String, String>,
    concurrency: Option<Concurrency>,
    jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Deserialize)]
struct Concurrency {
    group: String,
}

#[derive(Debug, Deserialize)]
struct Job {
    #[serde(default)]
    permissions: BTreeMap<String, String>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct Step {
    name: Option<String>,
    id: Option<String>,
    uses: Option<String>,
    run: Option<String>,
    #[serde(rename = "if")]
    condition: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    with: BTreeMap<String, String>,
}

impl Step {
    fn label(&self) -> String {
        (self.name.clone().or_else(|| self.uses.clone())).unwrap_or_else(|| "a step".into())
    }
}

fn read_workflow(path: &Path) -> Workflow {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `text` with every `${{ expr }}` replaced from `values`; an expression the
/// test does not know fails it, so a new one in a workflow is looked at.
fn expand(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..]
            .find("}}")
            .expect("an expression ends with }}")
            + start;
        let expr = rest[start + 3..end].trim();
        let value = values
            .get(expr)
            .unwrap_or_else(|| panic!("the test knows no value for ${{{{ {expr} }}}}"));
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// A step's `if:` of the forms the workflows use: `x == 'v'` or `x != 'v'`.
fn holds(condition: &str, values: &BTreeMap<String, String>) -> bool {
    let (lhs, op, rhs) = ["!=", "=="]
        .iter()
        .find_map(|op| {
            condition
                .split_once(op)
                .map(|(l, r)| (l.trim(), *op, r.trim()))
        })
        .unwrap_or_else(|| panic!("the test cannot evaluate `if: {condition}`"));
    let value = values
        .get(lhs)
        .unwrap_or_else(|| panic!("the test knows no value for {lhs}"));
    let literal = rhs.trim_matches('\'');
    (value == literal) == (op == "==")
}

/// The outcome of running a job's steps.
struct JobRun {
    /// Each step run or skipped, by label, with what it printed.
    log: Vec<(String, String)>,
    /// The step that failed, if one did, and what it printed.
    failed: Option<(String, String)>,
}

/// Runs the `run:` steps of `job` in order, the way a GitHub runner does:
/// `bash -e`, the workflow's and the step's `env:`, `$GITHUB_PATH` added to
/// `PATH` for the steps after; `uses:` steps (which need GitHub) are
/// skipped, their outputs taken from `values`. `overrides` replace
/// workflow-level variables; `path` is put before the system `PATH`.
fn run_job(
    workflow: &Workflow,
    job: &str,
    dir: &Path,
    home: &Path,
    overrides: &[(&str, String)],
    path: &[PathBuf],
    mut values: BTreeMap<String, String>,
) -> JobRun {
    let mut env: BTreeMap<String, String> = workflow
        .env
        .iter()
        .map(|(k, v)| (k.clone(), expand(v, &values)))
        .collect();
    for (k, v) in overrides {
        env.insert(k.to_string(), v.clone());
    }
    for (k, v) in &env {
        values.insert(format!("env.{k}"), v.clone());
    }
    let github_path = home.join("github_path");
    fs::write(&github_path, "").unwrap();
    let mut log = Vec::new();
    for step in &workflow.jobs[job].steps {
        let label = step.label();
        if let Some(condition) = &step.condition {
            if !holds(condition, &values) {
                log.push((label, "skipped: `if:` is false".into()));
                continue;
            }
        }
        let Some(script) = &step.run else {
            log.push((label, "skipped: needs GitHub".into()));
            continue;
        };
        let script_path = home.join("step.sh");
        fs::write(&script_path, expand(script, &values)).unwrap();
        let added: Vec<PathBuf> = fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .rev()
            .map(PathBuf::from)
            .collect();
        let system_path = std::env::var_os("PATH").unwrap_or_default();
        let search = std::env::join_paths(
            added
                .iter()
                .chain(path)
                .cloned()
                .chain(std::env::split_paths(&system_path)),
        )
        .unwrap();
        let out = Command::new("bash")
            .arg("-e")
            .arg(&script_path)
            .current_dir(dir)
            .env_clear()
            .envs(&env)
            .envs(
                step.env
                    .iter()
                    .map(|(k, v)| (k.clone(), expand(v, &values))),
            )
            .env("PATH", search)
            .env("HOME", home)
            .env("GITHUB_PATH", &github_path)
            .env("CI", "true")
            .stdin(Stdio::null())
            .output()
            .expect("bash runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if !out.status.success() {
            return JobRun {
                log,
                failed: Some((label, text)),
            };
        }
        log.push((label, text));
    }
    JobRun { log, failed: None }
}

/// The target triple the Pages workflow picks for this machine.
fn this_target() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("x86_64-unknown-linux-gnu"),
        ("linux", "aarch64") => Some("aarch64-unknown-linux-gnu"),
        _ => None,
    }
}

/// A release as `.github/workflows/release.yml` publishes it, made by that
/// workflow's own Package step from the freshly built binary: returns the
/// directory to serve as the releases' download address.
fn release_of_this_build(work: &Path, target: &str) -> PathBuf {
    let release = read_workflow(&repo().join(".github/workflows/release.yml"));
    let package = (release.jobs["build"].steps.iter())
        .find(|s| s.name.as_deref() == Some("Package"))
        .expect("release.yml has a Package step");
    let checkout = work.join("checkout");
    let built = checkout.join(format!("target/{target}/release"));
    fs::create_dir_all(&built).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_unspun"), built.join("unspun")).unwrap();
    for file in ["README.md", "LICENSE"] {
        fs::copy(repo().join(file), checkout.join(file)).unwrap();
    }
    let tag = format!("v{VERSION}");
    let values = BTreeMap::from([("matrix.target".to_string(), target.to_string())]);
    let out = Command::new("bash")
        .arg("-e")
        .arg("-c")
        .arg(expand(package.run.as_deref().unwrap(), &values))
        .current_dir(&checkout)
        .envs(
            package
                .env
                .iter()
                .map(|(k, v)| (k.clone(), expand(v, &values))),
        )
        .env("GITHUB_REF_NAME", &tag)
        .env("RUNNER_OS", "Linux")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "release.yml's Package step failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let releases = work.join("releases");
    fs::create_dir_all(releases.join(&tag)).unwrap();
    for entry in fs::read_dir(checkout.join("dist")).unwrap() {
        let entry = entry.unwrap();
        fs::rename(entry.path(), releases.join(&tag).join(entry.file_name())).unwrap();
    }
    releases
}

/// The values of the expressions the Pages workflow uses that GitHub fills in.
fn pages_values() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("steps.pages.outputs.base_url".into(), PAGES_BASE_URL.into()),
        // A first run: nothing cached yet.
        ("steps.cache.outputs.cache-hit".into(), String::new()),
        ("runner.os".into(), "Linux".into()),
        ("runner.arch".into(), "X64".into()),
    ])
}

/// Runs the `build` job of the Pages workflow `init` wrote into `site`,
/// with release archives downloaded from the directory `releases` (which
/// stands for GitHub's releases) and `path` before the system `PATH`.
fn run_pages_build(site: &Site, home: &Path, releases: &Path, path: &[PathBuf]) -> JobRun {
    let workflow = read_workflow(&site.path(".github/workflows/pages.yml"));
    run_job(
        &workflow,
        "build",
        &site.path(""),
        home,
        &[("UNSPUN_RELEASES", format!("file://{}", releases.display()))],
        path,
        pages_values(),
    )
}

#[test]
fn the_pages_workflow_is_pinned_and_deploys_with_the_official_actions() {
    let site = Site::scaffold();
    let workflow = read_workflow(&site.path(".github/workflows/pages.yml"));
    assert_eq!(
        workflow.env["UNSPUN_VERSION"], VERSION,
        "pinned to this unspun"
    );
    assert_eq!(
        workflow.env["UNSPUN_RELEASES"],
        format!("{REPOSITORY}/releases/download")
    );
    for (scope, access) in [
        ("contents", "read"),
        ("pages", "write"),
        ("id-token", "write"),
    ] {
        assert_eq!(workflow.permissions[scope], access, "permission {scope}");
    }
    assert_eq!(workflow.concurrency.as_ref().unwrap().group, "pages");
    let build = &workflow.jobs["build"].steps;
    let uses: Vec<&str> = (build.iter().chain(&workflow.jobs["deploy"].steps))
        .filter_map(|s| s.uses.as_deref())
        .collect();
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/cache@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} in {uses:?}"
        );
    }
    let cache = build
        .iter()
        .find(|s| s.id.as_deref() == Some("cache"))
        .unwrap();
    assert!(
        cache.with["key"].contains("${{ env.UNSPUN_VERSION }}"),
        "the cache is keyed by version: {}",
        cache.with["key"]
    );
    let position = |needle: &str| {
        build
            .iter()
            .position(|s| s.run.as_deref().is_some_and(|r| r.contains(needle)))
            .unwrap_or_else(|| panic!("no step runs {needle}"))
    };
    assert!(position("unspun check") < position("unspun build"));
    assert!(
        position("cargo install --locked --version \"$UNSPUN_VERSION\"") < position("unspun check")
    );
    assert!(position("sha256sum --check") < position("unspun check"));
}

#[test]
fn the_pages_workflow_runs_here_step_by_step() {
    let Some(target) = this_target() else {
        skip_or_fail(
            "deploy::the_pages_workflow_runs_here_step_by_step",
            "runs on Linux x86_64 or aarch64 only",
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let releases = release_of_this_build(work.path(), target);
    let site = Site::scaffold();
    let home = work.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let run = run_pages_build(&site, &home, &releases, &[]);
    if let Some((step, output)) = &run.failed {
        panic!(
            "step {step:?} failed:\n{output}\nsteps before: {:#?}",
            run.log
        );
    }
    let ran: Vec<&str> = run.log.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        ran,
        [
            "actions/checkout@v4",
            "actions/configure-pages@v5",
            "Cache unspun",
            "Install unspun",
            "Put unspun on the PATH",
            "Check the content and links",
            "Build",
            "actions/upload-pages-artifact@v3",
        ]
    );
    let log = |label: &str| &run.log.iter().find(|(l, _)| l == label).unwrap().1;
    assert!(
        log("Install unspun").contains(": OK"),
        "{}",
        log("Install unspun")
    );
    assert!(log("Put unspun on the PATH").contains(&format!("unspun {VERSION}")));
    assert!(home.join(".unspun/bin/unspun").is_file());
    // What upload-pages-artifact uploads: the site, for the project subpath, with no warning.
    let workflow = read_workflow(&site.path(".github/workflows/pages.yml"));
    let artifact = workflow.jobs["build"]
        .steps
        .iter()
        .find(|s| {
            s.uses
                .as_deref()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .and_then(|s| s.with.get("path"))
        .expect("upload-pages-artifact has a path");
    let public = site.path(artifact);
    assert!(public.join(".nojekyll").is_file());
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!(
        "<loc>{PAGES_BASE_URL}/reports/newsrush-ferry-overhaul/</loc>"
    )));
    assert!(!log("Build").contains("warning"), "{}", log("Build"));
    let problems = LinkChecker::from_dir(&public, &format!("{PAGES_BASE_URL}/"))
        .unwrap()
        .check();
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn without_a_release_archive_the_workflow_builds_unspun_with_cargo_install() {
    let work = tempfile::tempdir().unwrap();
    let site = Site::scaffold();
    let home = work.path().join("home");
    let stubs = work.path().join("stubs");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&stubs).unwrap();
    // `cargo` as the runner has it, but writing down how it was called and
    // installing this build instead of compiling one.
    let args_file = work.path().join("cargo-args");
    let stub = format!(
        "#!/bin/sh\necho \"$@\" > '{}'\nroot=''\nprev=''\nfor a in \"$@\"; do [ \"$prev\" = --root ] && root=\"$a\"; prev=\"$a\"; done\nmkdir -p \"$root/bin\"\ncp '{}' \"$root/bin/unspun\"\n",
        args_file.display(),
        env!("CARGO_BIN_EXE_unspun")
    );
    let cargo = stubs.join("cargo");
    fs::write(&cargo, stub).unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&cargo)
        .status()
        .unwrap();
    let empty_releases = work.path().join("releases");
    fs::create_dir_all(&empty_releases).unwrap();
    let run = run_pages_build(&site, &home, &empty_releases, &[stubs]);
    if let Some((step, output)) = &run.failed {
        panic!("step {step:?} failed:\n{output}");
    }
    let args = fs::read_to_string(&args_file).expect("cargo was called");
    assert_eq!(
        args.trim(),
        format!(
            "install --locked --version {VERSION} --root {}/.unspun unspun",
            home.display()
        )
    );
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn a_release_archive_whose_checksum_differs_is_never_run() {
    let Some(target) = this_target() else {
        skip_or_fail(
            "deploy::a_release_archive_whose_checksum_differs_is_never_run",
            "runs on Linux x86_64 or aarch64 only",
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let releases = release_of_this_build(work.path(), target);
    let archive = format!("unspun-v{VERSION}-{target}.tar.gz");
    let sum = releases.join(format!("v{VERSION}/{archive}.sha256"));
    fs::write(&sum, format!("{}  {archive}\n", "0".repeat(64))).unwrap();
    let site = Site::scaffold();
    let home = work.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let run = run_pages_build(&site, &home, &releases, &[]);
    let (step, output) = run.failed.expect("the install step fails");
    assert_eq!(step, "Install unspun");
    assert!(output.contains("FAILED"), "{output}");
    assert!(!home.join(".unspun/bin/unspun").exists());
    assert!(!site.path("public").exists());
}

#[test]
fn workflows_pass_the_validator() {
    let modules = match node_modules() {
        Ok(modules) => modules,
        Err(why) => {
            skip_or_fail("deploy::workflows_pass_the_validator", &why);
            return;
        }
    };
    let validator = modules.join(".bin/action-validator");
    let validate = |path: &Path| {
        Command::new(&validator)
            .arg(path)
            .stdin(Stdio::null())
            .output()
            .expect("action-validator runs")
    };
    let site = Site::scaffold();
    for path in [
        repo().join(".github/workflows/release.yml"),
        site.path(".github/workflows/pages.yml"),
    ] {
        let out = validate(&path);
        assert!(
            out.status.success(),
            "{}:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
    // The validator does find mistakes: a misspelt key fails.
    site.edit(".github/workflows/pages.yml", |t| {
        t.replacen("runs-on:", "run-on:", 1)
    });
    assert!(!validate(&site.path(".github/workflows/pages.yml"))
        .status
        .success());
}

#[test]
fn the_release_workflow_builds_every_platform_with_checksums() {
    let release = read_workflow(&repo().join(".github/workflows/release.yml"));
    let text = fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(text.contains(&format!("target: {target}")), "{target}");
    }
    assert!(text.contains("tags: [\"v*\"]"));
    assert_eq!(release.jobs["release"].permissions["contents"], "write");
    let cargo_toml = fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains(&format!("repository = \"{REPOSITORY}\"")));
}

#[test]
fn cargo_install_puts_only_unspun_on_the_path() {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(repo())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bins: Vec<&str> = metadata["packages"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        bins,
        ["unspun"],
        "`cargo install` installs every bin target"
    );
}

// ------------------------------------------------------------ builds for Pages

#[test]
fn a_pages_style_docs_folder_at_a_subpath_checks_link_by_link() {
    let site = Site::scaffold();
    site.edit("content/rewrites/newsrush-ferry-overhaul.md", |t| {
        t.replacen(
            "changes\n  the cost**",
            "changes\n  the cost** ([the original](@/sources/harbour-ferry-upgrade), [its copies' publisher](@/sites/newsrush-daily-example))",
            1,
        )
        .replacen(
            "text: \"The original says",
            "text: \"[This report](@/reports/newsrush-ferry-overhaul#finding-1): the original says",
            1,
        )
    });
    let base = "https://example.github.io/spin-watch/";
    let docs = site.path("docs");
    site.build_with(&["--output-dir", docs.to_str().unwrap(), "--base-url", base])
        .success();
    assert!(docs.join(".nojekyll").is_file(), "Pages would run Jekyll");
    assert!(!site.path("public").exists());
    let report = site.read("docs/reports/newsrush-ferry-overhaul/index.html");
    for href in [
        "href=\"/spin-watch/sources/harbour-ferry-upgrade/\"",
        "href=\"/spin-watch/sites/newsrush-daily-example/\"",
        "href=\"/spin-watch/reports/newsrush-ferry-overhaul/#finding-1\"",
    ] {
        assert!(report.contains(href), "{href} in the report page");
    }
    assert!(!report.contains("@/"), "every @/ link is resolved");
    let problems = LinkChecker::from_dir(&docs, base).unwrap().check();
    assert!(problems.is_empty(), "{problems}");
    // The same content checks clean where the site is checked for its own address.
    unspun(&["check", "--root", site.root()]).success();
}

#[test]
fn init_build_check_then_a_base_url_warning_once() {
    let site = Site::scaffold();
    let out = site.build();
    out.success();
    let stderr = out.stderr_text();
    assert_eq!(
        stderr.matches("warning: base_url is a path").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("sitemap.xml is left out"), "{stderr}");
    assert!(
        !site.path("public/sitemap.xml").exists(),
        "no sitemap of relative URLs"
    );
    assert!(site.path("public/atom.xml").is_file());
    unspun(&["check", "--root", site.root()]).success();
    let absolute = site.build_with(&["--base-url", "https://example.org/"]);
    absolute.success();
    assert!(
        !absolute.stderr_text().contains("warning"),
        "{}",
        absolute.stderr_text()
    );
    assert!(site.path("public/sitemap.xml").is_file());
}
