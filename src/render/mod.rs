//! Rendering: Tera templates, page contexts and Markdown.
//!
//! The renderer knows templates but not how alignments are computed: it takes
//! finished [`Report`](crate::report::Report)s and library metadata and turns
//! them into page text. Templates are looked up in the site's `templates/`,
//! then `themes/<theme>/templates/`, then the default theme compiled into the
//! binary, so a site with no `themes/` directory still builds.

mod annotate;
mod coverage;
mod data_page;
pub mod hash;
mod listing_parts;
pub mod markdown;
pub mod pages;
mod report_parts;
mod report_shell;
mod set_aside;
mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};

pub use crate::content::slugify;
pub use annotate::{annotate_sentence, Annotation, MarkSpan};
pub use data_page::DataFiles;
pub use pages::*;

/// Escapes text for HTML and XML (`& < > " '`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML and XML. Runs of text that need
/// nothing are copied whole.
pub fn push_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !ESCAPED_OR_DROPPED[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // Control characters are not allowed in XML 1.0 and are noise in
            // HTML: C0 (but tab and line ends), DEL, and C1 (U+0080-U+009F,
            // two bytes in UTF-8).
            b'\n' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            0x00..=0x1f | 0x7f => ("", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(replacement);
        i += len;
        plain_from = i;
    }
    out.push_str(&text[plain_from..]);
}

/// The bytes [`push_escaped`] looks at further (all others are copied as
/// they are): one look-up per byte of plain text instead of a test of each
/// case.
const ESCAPED_OR_DROPPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(
            b as u8,
            b'&' | b'<' | b'>' | b'"' | b'\'' | 0x00..=0x1f | 0x7f | 0xc2
        );
        b += 1;
    }
    table
};

/// In-site paths and absolute URLs, both honouring `base_url` with a subpath.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        let mut base_path = config.base_path().to_string();
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Urls {
            base_url: config.base_url.clone(),
            base_path,
        }
    }

    /// The in-site path for `rel` (no leading slash), e.g. `/project/reports/x/`.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel.trim_start_matches('/'))
    }

    /// The absolute URL for `rel`, for canonical links, feeds and the sitemap.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{}", self.base_url, rel.trim_start_matches('/'))
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// A theme file to copy into the output's `static/` directory.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path under `static/`, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Loaded templates and theme files, ready to render pages. Cheap to share
/// between threads (rendering takes `&self`).
pub struct Renderer {
    tera: Tera,
    /// Template name -> the file it came from, for messages.
    origins: BTreeMap<String, PathBuf>,
    statics: BTreeMap<String, Vec<u8>>,
    pub urls: Urls,
    site: pages::SiteContext,
    /// `site` as templates see it, made once: every page gets a cheap copy.
    site_value: Value,
    /// What the embed page of a report with a code block inlines: the theme's
    /// stylesheet with the highlighting one, and its script.
    embed_with_code: InlineAssets,
    /// What the embed page of a report without code inlines: the highlighting
    /// stylesheet (about 19 KB) would style nothing there.
    embed_without_code: InlineAssets,
    /// The site changes none of the templates a report is rendered with
    /// (overrides with the default theme's own text do not count), so its
    /// report and embed pages are written without Tera ([`report_parts`],
    /// [`report_shell`]).
    builtin_report_templates: bool,
    /// What the data page lists.
    data_files: DataFiles,
    /// The templates the site changes from the default theme's text.
    changed: BTreeSet<String>,
}

/// The embed page's [`EmbedAssets`](pages::EmbedAssets) as it sees them,
/// made once: they hold a whole stylesheet and script, which every embed page
/// would otherwise copy.
struct InlineAssets {
    value: Value,
    /// Bytes of stylesheet and script the page inlines.
    len: usize,
    /// The same, for the embed page written without Tera.
    raw: pages::EmbedAssets,
}

impl InlineAssets {
    fn new(assets: pages::EmbedAssets) -> InlineAssets {
        InlineAssets {
            value: Value::from_serializable(&assets),
            len: assets.css.len() + assets.js.len(),
            raw: assets,
        }
    }
}

impl Renderer {
    /// Loads the templates (site overrides theme overrides built-in) and the
    /// theme's static files. Template syntax errors become diagnostics naming
    /// the file and line.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Diagnostics> {
        let templates::Loaded {
            tera,
            origins,
            changed,
        } = templates::load(root, config)?;
        let statics = templates::load_statics(root, config)?;
        let urls = Urls::new(config);
        let site = pages::SiteContext::new(config, &urls);
        let text = |name: &str| {
            statics
                .get(name)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let (style, script) = (text("style.css"), text("unspun.js"));
        let embed_with_code = pages::EmbedAssets::new(&[&style, &text("highlight.css")], &script);
        let embed_without_code = pages::EmbedAssets::new(&[&style], &script);
        let builtin_report_templates = report_parts::REPORT_TEMPLATES
            .iter()
            .all(|name| !changed.contains(*name));
        Ok(Renderer {
            data_files: DataFiles::new(config, &urls),
            builtin_report_templates,
            changed,
            tera,
            origins,
            statics,
            urls,
            site_value: Value::from_serializable(&site),
            site,
            embed_with_code: InlineAssets::new(embed_with_code),
            embed_without_code: InlineAssets::new(embed_without_code),
        })
    }

    /// The theme's static files, after overrides (path under `static/` -> bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub(crate) fn site(&self) -> &pages::SiteContext {
        &self.site
    }

    /// What a report's embed page inlines: the highlighting stylesheet only
    /// when it shows code.
    fn embed_assets(&self, ctx: &pages::ReportContext) -> &InlineAssets {
        match pages::shows_code(ctx) {
            true => &self.embed_with_code,
            false => &self.embed_without_code,
        }
    }

    /// Does the site change template `name` from the default theme's text?
    fn changes(&self, name: &str) -> bool {
        self.changed.contains(name)
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| templates::diagnostic(&e, name, &self.origins))
    }

    /// Renders template `name` with `context` into a buffer of `capacity`
    /// bytes, for output far larger than its template, which Tera's own
    /// guess would grow (and copy) again and again. The bytes are Tera's
    /// UTF-8, written out as they are: checking a page's worth of them again
    /// would cost more than rendering its shell.
    fn render_sized(
        &self,
        name: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| templates::diagnostic(&e, name, &self.origins))?;
        Ok(out)
    }

    /// [`render_sized`](Self::render_sized)'s bytes as text.
    fn page_text(&self, name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
        String::from_utf8(bytes)
            .map_err(|e| Diagnostic::new(self.origin(name), format!("template error: {e}")))
    }

    /// Renders a page: `context` must serialise to a map; the site context is
    /// added as `site`.
    pub fn render_page<T: serde::Serialize>(
        &self,
        name: &str,
        page: &T,
    ) -> Result<String, Diagnostic> {
        let mut context =
            Context::from_serialize(page).map_err(|e| self.context_error(name, &e))?;
        self.insert_site(&mut context);
        self.render(name, &context)
    }

    /// Adds the site context as `site`.
    fn insert_site(&self, context: &mut Context) {
        context.insert_value("site", self.site_value.clone());
    }

    /// The diagnostic for data that cannot become template `name`'s context.
    fn context_error(&self, name: &str, error: &tera::Error) -> Diagnostic {
        Diagnostic::new(
            self.origin(name),
            format!("cannot build the page context: {error}"),
        )
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `push_escaped` does, one character at a time.
    fn escaped_by_chars(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escaping_drops_control_characters_and_keeps_the_rest() {
        for text in [
            "",
            "plain",
            "<a href=\"x\">'&'</a>",
            "tab\tline\nreturn\r end",
            "nul\0 bell\u{7} del\u{7f} c1\u{80}\u{9f} nbsp\u{a0} \u{c2}",
            "Zürich – «ja» ü\u{85}ü 日本",
        ] {
            assert_eq!(escape(text), escaped_by_chars(text), "{text:?}");
        }
        let every_char: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        assert_eq!(escape(&every_char), escaped_by_chars(&every_char));
    }
}
