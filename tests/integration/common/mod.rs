//! Helpers for tests that run the real `unspun` binary on temporary sites.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unspun::report::{spell_diff, DiffOp, Group, Report};

/// Runs the real binary with `args`.
pub fn unspun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(args)
        .output()
        .expect("the unspun binary runs")
}

/// The JSON file at `path`, parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub trait OutputExt {
    fn stderr_text(&self) -> String;
    /// Asserts exit status 0, showing stderr otherwise.
    fn success(&self);
    /// Asserts exit status 1 with every one of `fragments` in stderr.
    fn fails_with(&self, fragments: &[&str]);
}

impl OutputExt for Output {
    fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    fn fails_with(&self, fragments: &[&str]) {
        let stderr = self.stderr_text();
        assert_eq!(self.status.code(), Some(1), "{stderr}");
        for fragment in fragments {
            assert!(
                stderr.contains(fragment),
                "expected {fragment:?} in:\n{stderr}"
            );
        }
    }
    fn success(&self) {
        assert!(
            self.status.success(),
            "exit {:?}:\n{}",
            self.status.code(),
            self.stderr_text()
        );
    }
}

/// A site in a temporary directory, made by `unspun init`.
pub struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    pub fn scaffold() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        unspun(&["init", root.to_str().unwrap()]).success();
        Site { _dir: dir, root }
    }

    pub fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    pub fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let text = self.read(rel);
        self.write(rel, &f(text));
    }
    pub fn build(&self) -> Output {
        self.build_with(&[])
    }
    pub fn build_with(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "--root", self.root()];
        args.extend_from_slice(extra);
        unspun(&args)
    }
}

/// Every file under `dir` with its bytes, for comparing whole outputs.
pub fn tree_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Whether this is a CI run (`CI` set to anything but empty, `0` or `false`),
/// where a test that cannot run fails instead of being skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// A test that cannot run here: in CI a failure; elsewhere a notice that it
/// was SKIPPED, written past the test harness's capture of output so it
/// shows in `cargo test`'s own output, beside the test's "ok".
pub fn skip_or_fail(test: &str, why: &str) {
    if in_ci() {
        panic!("{test} cannot run: {why}; CI must run it (.ci/run installs what it needs)");
    }
    use std::io::Write;
    // `eprintln!` would be captured and hidden for a passing test; a write
    // to the stderr handle itself is not.
    let _ = writeln!(std::io::stderr().lock(), "\nSKIPPED {test}: {why}\n");
}

/// `tests/browser/node_modules`, installed from `package-lock.json` with
/// `npm ci` when it lacks a package (once, whichever test asks first);
/// `Err` says why it cannot be had.
pub fn node_modules() -> Result<PathBuf, String> {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let modules = dir.join("node_modules");
    let wanted = ["playwright-core", "axe-core", "@action-validator/cli"];
    if wanted.iter().all(|p| modules.join(p).exists()) {
        return Ok(modules);
    }
    let npm = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::null())
        .output();
    match npm {
        Err(_) => Err("`npm` is not on PATH and tests/browser/node_modules is missing (install Node.js 20 or newer with npm)".into()),
        Ok(out) if !out.status.success() => Err(format!(
            "`npm ci` in tests/browser failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
        Ok(_) => Ok(modules),
    }
}

/// Each occurrence of `open` ... `close` in `html`, without the two.
pub fn all_between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        rest = &rest[at + open.len()..];
        let end = rest.find(close).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// One row's text on each side and its spans spelt over them, checking
/// that the spans spell both sides whole.
pub fn walk_diff(report: &Report, g: &Group) -> Vec<(DiffOp, String)> {
    let source = report.source.group_text(&g.source).unwrap();
    let rewrite = report.rewrite.group_text(&g.rewrite).unwrap();
    let spelt = spell_diff(&g.diff, &source, &rewrite)
        .unwrap_or_else(|| panic!("the spans do not cover the row's texts: {g:?}"));
    let side = |skip: DiffOp| -> String {
        spelt
            .iter()
            .filter(|(op, _)| *op != skip)
            .map(|(_, text)| *text)
            .collect()
    };
    assert_eq!(side(DiffOp::Insert), source, "{g:?}");
    assert_eq!(side(DiffOp::Delete), rewrite, "{g:?}");
    spelt
        .into_iter()
        .map(|(op, text)| (op, text.to_string()))
        .collect()
}
