//! Helpers for tests that run the real `unspun` binary on temporary sites.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the real binary with `args`.
pub fn unspun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(args)
        .output()
        .expect("the unspun binary runs")
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
