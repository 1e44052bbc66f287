//! `site.toml`: the site's title, address, theme and options.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::align::AlignOptions;
use crate::clean_text::{self, CleanText};
use crate::error::Diagnostic;
use crate::suggest::UnknownKey;

/// The name of the configuration file at a site's root.
pub const CONFIG_FILE: &str = "site.toml";

/// Everything `site.toml` can say. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/project/`.
    /// Always ends with `/` once loaded.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output directory, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// The terms the site's data files (`report.json`, `findings.csv`,
    /// the annotations) may be reused under, one line shown on the data
    /// page (`/data/`), e.g. "CC BY 4.0". Empty: the page says no licence
    /// is stated.
    #[serde(default)]
    pub data_licence: String,
    /// Paths in the output directory that are the user's, not unspun's
    /// (a custom domain's `CNAME`): a build never refuses an output for
    /// holding them, and keeps them when it does not write them itself.
    #[serde(default = "default_keep")]
    pub keep: Vec<String>,
    /// Other spellings of a rewrite's `site` that name one publisher: each
    /// key is read as its value (`[site_aliases]` table).
    #[serde(default)]
    pub site_aliases: BTreeMap<String, String>,
    /// The aligner's tunable options (`[align]` table).
    #[serde(default)]
    pub align: AlignOptions,
    /// Reports listed on one page of the index, of a source or of a
    /// publisher; further ones go to `page/2/`, `page/3/`...
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Which data files the build writes besides the pages and
    /// `report.json` (`[exports]` table).
    #[serde(default)]
    pub exports: Exports,
    /// Set by `--drafts`: include rewrites marked `draft: true`.
    #[serde(skip)]
    pub drafts: bool,
}

/// The `[exports]` table: each optional data file, on or off. The site-wide
/// files repeat what the reports' own files hold, so a large site can leave
/// them out.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Exports {
    /// `findings.csv`: every finding of every report, one row each.
    pub findings_csv: bool,
    /// `annotations.jsonld`: every finding of every report as a W3C Web
    /// Annotation (the reports' own files together).
    pub annotations: bool,
    /// `reports/<slug>/annotations.jsonld`: each report's findings as Web
    /// Annotations. Off by default: they restate `report.json`'s findings
    /// for annotation tools, at a tenth of a site's bytes.
    pub report_annotations: bool,
    /// `embed/<slug>/index.html`: a page per report that leads its short
    /// address on to the report's embed view (`reports/<slug>/?embed`). Off
    /// by default: `404.html` leads those addresses on where the host shows
    /// it for a missing file (GitHub Pages, `unspun serve`), for 5% of a
    /// site's bytes less; on for a host that does not.
    pub embed: bool,
    /// The index page's search box and the `search/` index behind it.
    pub search: bool,
}

impl Default for Exports {
    fn default() -> Exports {
        Exports {
            findings_csv: true,
            annotations: false,
            report_annotations: false,
            embed: false,
            search: true,
        }
    }
}

/// Twenty pages of a thousand reports: short enough to load at once,
/// long enough to scan.
pub const DEFAULT_PAGE_SIZE: usize = 50;

fn default_page_size() -> usize {
    DEFAULT_PAGE_SIZE
}
fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_keep() -> Vec<String> {
    vec!["CNAME".to_string()]
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}

impl Config {
    /// Reads `site.toml` from `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if let Ok(meta) = std::fs::metadata(&path) {
            // A FIFO would block the read for ever, a device feed it without end.
            if !meta.is_file() {
                return Err(Diagnostic::new(&path, "is not a regular file")
                    .with_hint("site.toml must be a plain text file"));
            }
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(&path, format!("cannot read the site configuration: {e}"))
                .with_hint("run `unspun init DIR` to make a new site, or pass --root DIR")
        })?;
        Self::parse(&text, &path)
    }

    /// Parses the text of a `site.toml`; `path` is used in messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::new(path, e.message().to_string());
            if let Some(unknown) = UnknownKey::from_message(e.message()) {
                d = d.with_hint(unknown.hint());
            }
            if let Some(span) = e.span() {
                let (line, column) = line_column(text, span.start);
                d = d.at(line, column);
            }
            d
        })?;
        for text in [
            &mut config.title,
            &mut config.description,
            &mut config.language,
            &mut config.data_licence,
        ] {
            text.clean_text();
        }
        config.site_aliases = std::mem::take(&mut config.site_aliases)
            .into_iter()
            .map(|(mut alias, mut publisher)| {
                alias.clean_text();
                publisher.clean_text();
                (alias, publisher)
            })
            .collect();
        config.set_base_url(&config.base_url.clone());
        config.validate(path).map_err(|d| at_key(d, text))?;
        Ok(config)
    }

    /// Replaces the base URL (as `--base-url` does), normalised to end with `/`.
    pub fn set_base_url(&mut self, url: &str) {
        let mut url = clean_text::for_content(url.trim()).into_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        self.base_url = url;
    }

    /// Checks that `base_url` is an address pages can be published at;
    /// `origin` names where it came from (the file, or `--base-url`).
    pub fn check_base_url(&self, origin: &Path) -> Result<(), Diagnostic> {
        let url = &self.base_url;
        let scheme_ok =
            url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok {
            return Err(Diagnostic::new(
                origin,
                format!("base_url {url:?} must start with http://, https:// or /"),
            ));
        }
        Ok(())
    }

    fn validate(&self, path: &Path) -> Result<(), Diagnostic> {
        self.check_base_url(path)?;
        if self.title.trim().is_empty() {
            return Err(Diagnostic::new(path, "title must not be empty"));
        }
        if self.page_size == 0 {
            return Err(Diagnostic::new(path, "page_size must be at least 1"));
        }
        if self.output_dir.is_absolute()
            || self
                .output_dir
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Diagnostic::new(
                path,
                format!(
                    "output_dir {:?} must be a plain relative path inside the site",
                    self.output_dir
                ),
            ));
        }
        for (alias, publisher) in &self.site_aliases {
            if publisher.trim().is_empty() || self.site_aliases.contains_key(publisher) {
                return Err(Diagnostic::new(
                    path,
                    format!("site_aliases: {alias:?} must map to the publisher's own name, not to {publisher:?}"),
                )
                .with_hint("map every other spelling straight to the one name pages show"));
            }
        }
        if let Some(bad) = self.keep.iter().find(|k| !is_plain_relative(k)) {
            return Err(Diagnostic::new(
                path,
                format!("keep {bad:?} must be a relative path inside the output directory, such as \"CNAME\""),
            ));
        }
        if self.theme.is_empty() || self.theme.contains(['/', '\\']) || self.theme.starts_with('.')
        {
            return Err(Diagnostic::new(
                path,
                format!(
                    "theme {:?} must be a directory name under themes/",
                    self.theme
                ),
            ));
        }
        Ok(())
    }

    /// Refuses an `output_dir` that passes through a symbolic link in the
    /// site (`out/public` with `out` a link): the build would write wherever
    /// the link points, outside the site.
    pub fn check_output_dir_links(&self, root: &Path) -> Result<(), Diagnostic> {
        let parts: Vec<_> = self.output_dir.components().collect();
        let mut at = root.to_path_buf();
        for (i, part) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
            at.push(part);
            if at
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                let link: PathBuf = parts[..=i].iter().collect();
                let path = root.join(CONFIG_FILE);
                let d = Diagnostic::new(
                    &path,
                    format!(
                        "output_dir {:?} passes through {}, a symbolic link, which unspun does not follow",
                        self.output_dir,
                        link.display()
                    ),
                )
                .with_hint("make it a real directory, or pass --output-dir to write elsewhere");
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                return Err(at_key(d, &text));
            }
        }
        Ok(())
    }

    /// Whether `base_url` is a full address (`https://...`), which the
    /// sitemap, and the feed and annotations read outside the site, need;
    /// `/` or `/project/` is only a path.
    pub fn has_absolute_base_url(&self) -> bool {
        self.base_url.starts_with("https://") || self.base_url.starts_with("http://")
    }

    /// The path part of `base_url`, e.g. `/project/` for `https://user.github.io/project/`.
    pub fn base_path(&self) -> &str {
        let url = self.base_url.as_str();
        match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => url,
        }
    }
}

/// A `/`-separated relative path with no `.`, `..` or empty part.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// Places a validation error on the line of the key its message starts with.
fn at_key(d: Diagnostic, text: &str) -> Diagnostic {
    let key = d.message.split(' ').next().unwrap_or_default();
    let line = text.lines().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    match line {
        Some(i) => d.at_line(i + 1),
        None => d,
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
