//! The caches (`.unspun-cache/` in the site root): a rebuild aligns and
//! renders only the reports whose inputs changed, and its output is byte for
//! byte what a build without the cache writes, whatever state the cache is in.

use std::path::{Path, PathBuf};

use crate::common::{tree_bytes, unspun, OutputExt, Site};
use unspun::serve::incremental::{Overrides, Site as Served};
use unspun::serve::watch::Changes;

const SECOND: &str = "content/rewrites/tidewatch-ferry-deal.md";

/// The scaffold with a second copy of its original.
fn two_copies() -> Site {
    let site = Site::scaffold();
    site.write(
        SECOND,
        "---\ntitle: \"Ferry deal done at last\"\nsite: \"tidewatch.example\"\nsource: harbour-ferry-upgrade\ndate: 2026-03-04\n---\n\nLanmoor's harbour council approved a 12 million euro ferry upgrade on Monday.\n\nThe two oldest ferries are to be replaced by 2029, council leader Thomas Reiniger said.\n",
    );
    site
}

/// Builds with `--verbose` and more arguments; returns how many reports
/// were aligned, of how many.
fn build_counting(site: &Site, extra: &[&str]) -> (usize, usize) {
    let (aligned, reports, _) = build_rendering(site, extra);
    (aligned, reports)
}

/// Builds with `--verbose` and more arguments; returns how many reports
/// were aligned, of how many, and how many rendered.
fn build_rendering(site: &Site, extra: &[&str]) -> (usize, usize, usize) {
    let mut args = vec!["--verbose"];
    args.extend_from_slice(extra);
    let out = site.build_with(&args);
    out.success();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = stdout
        .lines()
        .find(|l| l.contains("reports aligned"))
        .unwrap_or_else(|| panic!("no count of aligned reports in:\n{stdout}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "of").expect("N of M");
    let rendered = words
        .iter()
        .position(|w| *w == "rendered,")
        .expect("N rendered");
    let number = |w: &str| {
        w.trim_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap()
    };
    (
        number(words[at - 1]),
        number(words[at + 1]),
        number(words[rendered - 1]),
    )
}

fn entries(site: &Site) -> PathBuf {
    site.path(".unspun-cache/alignments")
}

fn report_entry(site: &Site, slug: &str) -> PathBuf {
    site.path(&format!(".unspun-cache/reports/{slug}.entry"))
}

fn entry(site: &Site, slug: &str) -> PathBuf {
    entries(site).join(format!("{slug}.entry"))
}

fn report_page(site: &Site, slug: &str) -> String {
    site.read(&format!("public/reports/{slug}/index.html"))
}

/// No file or directory of the output is the cache or an entry of it.
fn assert_no_cache_in(output: &Path) {
    for e in walkdir::WalkDir::new(output) {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("unspun-cache") && !name.ends_with(".entry") && name != "CACHEDIR.TAG",
            "{name} in the output"
        );
    }
}

#[test]
fn a_second_build_reuses_every_alignment_and_writes_the_same_bytes() {
    let site = two_copies();
    assert_eq!(build_counting(&site, &[]), (2, 2));
    let first = tree_bytes(&site.public());
    assert_eq!(build_counting(&site, &[]), (0, 2));
    assert!(tree_bytes(&site.public()) == first, "the rebuild differs");

    // The cache is kept out of git, backups and the output.
    assert_eq!(site.read(".unspun-cache/.gitignore"), "*\n");
    assert!(site
        .read(".unspun-cache/CACHEDIR.TAG")
        .starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
    assert!(entry(&site, "tidewatch-ferry-deal").is_file());
    assert_no_cache_in(&site.public());
}

#[test]
fn editing_one_copy_aligns_it_alone_again() {
    let site = two_copies();
    build_counting(&site, &[]);
    let untouched = tree_bytes(&site.public().join("reports/newsrush-ferry-overhaul"));
    let before = report_page(&site, "tidewatch-ferry-deal");
    let kept = std::fs::read(entry(&site, "newsrush-ferry-overhaul")).unwrap();

    site.edit(SECOND, |t| t.replace("by 2029", "by 2031"));
    assert_eq!(build_counting(&site, &[]), (1, 2));
    let after = report_page(&site, "tidewatch-ferry-deal");
    assert!(
        after != before && after.contains("2031"),
        "the edit is not shown"
    );
    assert!(
        tree_bytes(&site.public().join("reports/newsrush-ferry-overhaul")) == untouched,
        "the other report changed"
    );
    assert_eq!(
        std::fs::read(entry(&site, "newsrush-ferry-overhaul")).unwrap(),
        kept
    );

    // A removed copy's entry goes with it.
    std::fs::remove_file(site.path(SECOND)).unwrap();
    assert_eq!(build_counting(&site, &[]), (0, 1));
    assert!(!entry(&site, "tidewatch-ferry-deal").exists());
}

#[test]
fn a_damaged_cache_gives_the_output_of_a_build_without_one() {
    let site = two_copies();
    build_counting(&site, &[]);
    let clean = tempfile::tempdir().unwrap();
    let clean_out = clean.path().join("public");
    let clean_out_arg = clean_out.to_str().unwrap();
    assert_eq!(
        build_counting(&site, &["--no-cache", "--output-dir", clean_out_arg]),
        (2, 2)
    );
    let expected = tree_bytes(&clean_out);

    // One entry cut short, one with a byte changed in its alignment, a
    // stray temporary file beside them.
    let cut = entry(&site, "newsrush-ferry-overhaul");
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = entry(&site, "tidewatch-ferry-deal");
    let mut bytes = std::fs::read(&flipped).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 0x01;
    std::fs::write(&flipped, &bytes).unwrap();
    std::fs::write(entries(&site).join("x.entry.tmp-1"), "half").unwrap();
    // Without the reports' entries, each report's alignment is read.
    std::fs::remove_dir_all(site.path(".unspun-cache/reports")).unwrap();

    assert_eq!(build_counting(&site, &[]), (2, 2));
    assert!(
        tree_bytes(&site.public()) == expected,
        "differs from a clean build"
    );
    // Both entries were written again, whole.
    assert_eq!(build_counting(&site, &[]), (0, 2));
    assert!(tree_bytes(&site.public()) == expected);

    // Garbage in place of the whole cache directory is no error either.
    std::fs::remove_dir_all(site.path(".unspun-cache")).unwrap();
    std::fs::write(site.path(".unspun-cache"), "not a directory").unwrap();
    assert_eq!(build_counting(&site, &[]), (2, 2));
    assert!(tree_bytes(&site.public()) == expected);
}

#[test]
fn a_changed_align_option_aligns_everything_again() {
    let site = two_copies();
    build_counting(&site, &[]);
    site.edit("site.toml", |t| t + "\n[align]\nlink_threshold = 0.45\n");
    assert_eq!(build_counting(&site, &[]), (2, 2));
    let json = site.read("public/reports/tidewatch-ferry-deal/report.json");
    assert!(json.contains("\"link_threshold\":0.45"), "{json}");
    assert_eq!(build_counting(&site, &[]), (0, 2));
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = two_copies();
    assert_eq!(build_counting(&site, &["--no-cache"]), (2, 2));
    assert!(!site.path(".unspun-cache").exists());

    // `check` fills the cache and the build uses it; --no-cache ignores it.
    unspun(&["check", "--root", site.root()]).success();
    let kept = std::fs::read(entry(&site, "newsrush-ferry-overhaul")).unwrap();
    assert_eq!(build_counting(&site, &[]), (0, 2));
    assert_eq!(build_counting(&site, &["--no-cache"]), (2, 2));
    unspun(&["check", "--no-cache", "--root", site.root()]).success();
    assert_eq!(
        std::fs::read(entry(&site, "newsrush-ferry-overhaul")).unwrap(),
        kept
    );
    assert_no_cache_in(&site.public());
}

#[test]
fn serve_shares_the_cache_or_keeps_its_own_in_memory() {
    let site = two_copies();
    let root = Path::new(site.root()).canonicalize().unwrap();

    // `serve` aligns nothing `build` has aligned. (Both run in this process
    // here: entries are the running binary's, and the real binary's are
    // not this test binary's.)
    let built = unspun::site::build(&root, &unspun::site::BuildOptions::default()).unwrap();
    assert_eq!(built.aligned, 2);
    let mut served = Served::new(&root, Overrides::default());
    assert_eq!(served.rebuild(&Changes::everything()).unwrap().aligned, 0);

    // With --no-cache it aligns everything once, then keeps the alignments
    // in memory: a template change aligns nothing again.
    std::fs::remove_dir_all(site.path(".unspun-cache")).unwrap();
    let no_cache = Overrides {
        no_cache: true,
        ..Overrides::default()
    };
    let mut served = Served::new(&root, no_cache);
    assert_eq!(served.rebuild(&Changes::everything()).unwrap().aligned, 2);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Nothing here.</p>{% endblock %}",
    );
    let templates = Changes {
        templates: true,
        ..Changes::default()
    };
    let outcome = served.rebuild(&templates).unwrap();
    assert_eq!(outcome.aligned, 0);
    assert!(outcome.rendered > 0);
    assert!(!site.path(".unspun-cache").exists());
}

#[test]
fn an_unchanged_report_is_neither_aligned_nor_rendered() {
    let site = two_copies();
    assert_eq!(build_rendering(&site, &[]), (2, 2, 2));
    let first = tree_bytes(&site.public());
    assert!(report_entry(&site, "tidewatch-ferry-deal").is_file());
    assert_eq!(build_rendering(&site, &[]), (0, 2, 0));
    assert!(tree_bytes(&site.public()) == first, "the rebuild differs");

    // One copy edited: it alone is aligned and rendered.
    site.edit(SECOND, |t| t.replace("by 2029", "by 2031"));
    assert_eq!(build_rendering(&site, &[]), (1, 2, 1));
    assert!(report_page(&site, "tidewatch-ferry-deal").contains("2031"));
    assert_no_cache_in(&site.public());
}

#[test]
fn a_changed_setting_or_template_renders_every_report_again() {
    let site = two_copies();
    build_rendering(&site, &[]);
    // The site's title, shown on every report page.
    site.edit("site.toml", |t| {
        let rest: Vec<&str> = t.lines().filter(|l| !l.starts_with("title =")).collect();
        format!("title = \"Ferry Watch\"\n{}\n", rest.join("\n"))
    });
    assert_eq!(build_rendering(&site, &[]), (0, 2, 2));
    assert!(report_page(&site, "tidewatch-ferry-deal").contains("Ferry Watch"));
    assert_eq!(build_rendering(&site, &[]), (0, 2, 0));

    // A template override of the report page: every report shows it.
    site.write(
        "templates/report.html",
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/report.html"),
        )
        .unwrap()
        .replace(
            "{% endblock content %}",
            "<!-- overridden -->{% endblock content %}",
        ),
    );
    assert_eq!(build_rendering(&site, &[]), (0, 2, 2));
    assert!(report_page(&site, "tidewatch-ferry-deal").contains("<!-- overridden -->"));
    assert_eq!(build_rendering(&site, &[]), (0, 2, 0));

    // The base URL given on the command line is a setting too.
    let out = site.build_with(&["--verbose", "--base-url", "https://spin.example/watch/"]);
    out.success();
    assert!(report_page(&site, "tidewatch-ferry-deal").contains("https://spin.example/watch/"));
}

#[test]
fn a_report_whose_files_are_not_in_the_output_as_written_is_rendered_again() {
    let site = two_copies();
    build_rendering(&site, &[]);
    let expected = tree_bytes(&site.public());

    // A file missing from the output.
    std::fs::remove_file(
        site.public()
            .join("reports/tidewatch-ferry-deal/report.json"),
    )
    .unwrap();
    assert_eq!(build_rendering(&site, &[]), (0, 2, 1));
    assert!(tree_bytes(&site.public()) == expected);

    // A page edited by hand, replaced with --force.
    let page = site
        .public()
        .join("reports/newsrush-ferry-overhaul/index.html");
    std::fs::write(&page, "<p>edited by hand</p>").unwrap();
    assert_eq!(build_rendering(&site, &["--force"]), (0, 2, 1));
    assert!(tree_bytes(&site.public()) == expected);

    // Another output directory: nothing to link from.
    let other = tempfile::tempdir().unwrap();
    let other_out = other.path().join("site");
    let other_arg = other_out.to_str().unwrap();
    assert_eq!(
        build_rendering(&site, &["--output-dir", other_arg]),
        (0, 2, 2)
    );
    assert!(tree_bytes(&other_out) == expected);
}

#[test]
fn a_damaged_report_entry_gives_the_output_of_a_build_without_one() {
    let site = two_copies();
    build_rendering(&site, &[]);
    let expected = tree_bytes(&site.public());
    let cut = report_entry(&site, "newsrush-ferry-overhaul");
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = report_entry(&site, "tidewatch-ferry-deal");
    let mut bytes = std::fs::read(&flipped).unwrap();
    let at = bytes.len() - 10;
    bytes[at] ^= 0x01;
    std::fs::write(&flipped, &bytes).unwrap();
    assert_eq!(build_rendering(&site, &[]), (0, 2, 2));
    assert!(tree_bytes(&site.public()) == expected);
    assert_eq!(build_rendering(&site, &[]), (0, 2, 0));
    assert!(tree_bytes(&site.public()) == expected);
}
