//! Loading a site whose one rewrite is the input (and whose source is a
//! fixed, valid article): every error must name a file under content/.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use unspun::config::Config;
use unspun::content::load;

fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("unspun-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content/sources")).unwrap();
        std::fs::create_dir_all(root.join("content/rewrites")).unwrap();
        std::fs::write(
            root.join("content/sources/a.md"),
            "---\ntitle: A\npublisher: P\ndate: 2026-01-01\n---\n\nThe council said so. \"We will not,\" she said.\n",
        )
        .unwrap();
        root
    })
}

fuzz_target!(|bytes: &[u8]| {
    let root = site();
    std::fs::write(root.join("content/rewrites/b.md"), bytes).unwrap();
    let config = Config::parse("title = \"t\"", std::path::Path::new("site.toml")).unwrap();
    if let Err(errors) = load(root, &config) {
        for d in &errors.0 {
            assert!(!d.message.is_empty());
            assert!(d.file.starts_with("content"), "{d}");
        }
    }
});
