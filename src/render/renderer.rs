//! The renderer: the loaded templates and theme files, and what every page
//! is rendered with (`site`, `page`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera, Value};

use super::downloads::DataFiles;
use super::site_context::{PageMeta, SiteContext};
use super::templates;
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::paths::{self, Urls};

/// Loaded templates and theme files, ready to render pages. Cheap to share
/// between threads (rendering takes `&self`).
pub struct Renderer {
    tera: Tera,
    /// Template name -> the file it came from, for messages.
    origins: BTreeMap<String, PathBuf>,
    statics: BTreeMap<String, Vec<u8>>,
    pub urls: Urls,
    site: SiteContext,
    /// `site` as templates see it, made once: every page gets a cheap copy.
    site_value: Value,
    /// What the data page lists.
    pub(super) data_files: DataFiles,
    /// A hash of everything rendering depends on besides the content.
    identity: Vec<u8>,
}

impl Renderer {
    /// Loads the templates (site overrides theme overrides built-in) and the
    /// theme's static files. Template syntax errors become diagnostics naming
    /// the file and line.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Diagnostics> {
        let templates::Loaded {
            tera,
            origins,
            texts,
        } = templates::load(root, config)?;
        let statics = templates::load_statics(root, config)?;
        let identity = identity_of(&texts, &statics, config);
        let urls = Urls::new(config);
        let site = SiteContext::new(config, &urls);
        Ok(Renderer {
            data_files: DataFiles::new(config, &urls),
            tera,
            origins,
            statics,
            urls,
            site_value: Value::from_serializable(&site),
            site,
            identity,
        })
    }

    /// A hash of the templates, the theme's files and the configuration:
    /// rendered from the same content, a page is the same while this is
    /// (the report cache's key, with the binary's own identity).
    pub fn identity(&self) -> &[u8] {
        &self.identity
    }

    /// The theme's static files, after overrides (path under `static/` -> bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub(crate) fn site(&self) -> &SiteContext {
        &self.site
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| templates::diagnostic(&e, name, &self.origins))
    }

    /// Renders a page: `page` must serialise to a map; the site context is
    /// added as `site`.
    pub fn render_page<T: Serialize>(&self, name: &str, page: &T) -> Result<String, Diagnostic> {
        let context = self.context(name, page)?;
        self.render(name, &context)
    }

    /// The context made of `page`'s fields, and `site`.
    pub(super) fn context<T: Serialize>(
        &self,
        name: &str,
        page: &T,
    ) -> Result<Context, Diagnostic> {
        let mut context =
            Context::from_serialize(page).map_err(|e| self.context_error(name, &e))?;
        self.insert_site(&mut context);
        Ok(context)
    }

    /// `value` as template `name` sees it.
    pub(super) fn value<T: Serialize>(&self, name: &str, value: &T) -> Result<Value, Diagnostic> {
        Value::try_from_serializable(value).map_err(|e| self.context_error(name, &e))
    }

    /// Adds the site context as `site`.
    pub(super) fn insert_site(&self, context: &mut Context) {
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

    /// The `page` of the page at `rel` (a path under the site's root).
    pub(super) fn meta(
        &self,
        title: String,
        description: String,
        rel: &str,
        kind: &'static str,
    ) -> PageMeta {
        PageMeta {
            title,
            description,
            canonical: self.urls.absolute(rel),
            path: self.urls.path(rel),
            kind,
            og_type: if kind == "report" {
                "article"
            } else {
                "website"
            },
        }
    }

    /// The "not found" page.
    pub fn not_found_page(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct PlainPage {
            page: PageMeta,
        }
        let page = self.meta(
            "Page not found".to_string(),
            String::new(),
            paths::NOT_FOUND,
            "404",
        );
        self.render_page("404.html", &PlainPage { page })
    }
}

/// A hash of what [`Renderer::identity`] covers. These are the site
/// author's own files, not an article's, so a hash is enough: no one has
/// a reason to craft a collision.
fn identity_of(
    templates: &BTreeMap<String, String>,
    statics: &BTreeMap<String, Vec<u8>>,
    config: &Config,
) -> Vec<u8> {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut hasher = foldhash::quality::FixedState::default().build_hasher();
    templates.hash(&mut hasher);
    statics.hash(&mut hasher);
    format!("{config:?}").hash(&mut hasher);
    hasher.finish().to_le_bytes().to_vec()
}
