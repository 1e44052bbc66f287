//! Finding templates and theme files: the site's own `templates/` first, then
//! `themes/<theme>/templates/`, then the default theme built into the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use super::escape::write_html_escaped;
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "index.html",
    "index_rows.html",
    "report.html",
    "report_body.html",
    "report_rows.html",
    "report_findings.html",
    "embed.html",
    "source.html",
    "source_coverage.html",
    "site.html",
    "pagination.html",
    "404.html",
    "data.html",
    "atom.xml",
    "sitemap.xml",
);

/// The default theme's static files, compiled in.
pub const BUILTIN_STATICS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "unspun.js",
        include_bytes!("../../themes/default/static/unspun.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_bytes!("../../themes/default/static/search.css"),
    ),
];

const BUILTIN_DIR: &str = "themes/default/templates (built in)";

/// The templates, with the file each came from (for messages).
pub struct Loaded {
    pub tera: Tera,
    pub origins: BTreeMap<String, PathBuf>,
    /// Every template's name and text, after overrides.
    pub texts: BTreeMap<String, String>,
}

/// Loads every template, later sources overriding earlier ones by name.
pub fn load(root: &Path, config: &Config) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut texts: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for (name, text) in BUILTIN_TEMPLATES {
        texts.insert(
            name.to_string(),
            (text.to_string(), Path::new(BUILTIN_DIR).join(name)),
        );
    }
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        diags.push(
            Diagnostic::new(
                root.join(crate::config::CONFIG_FILE),
                format!("theme {:?} not found", config.theme),
            )
            .with_hint(format!(
                "create {} or set theme = \"default\"",
                theme_dir.display()
            )),
        );
    }
    let mut bad = Diagnostics::default();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        read_dir_files(root, &dir, &mut diags, |name, bytes, shown| {
            if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")) {
                return;
            }
            match String::from_utf8(bytes) {
                Ok(text) => {
                    texts.insert(name.to_string(), (text, shown.to_path_buf()));
                }
                Err(_) => bad.push(Diagnostic::new(shown, "template is not valid UTF-8")),
            }
        });
    }
    diags.extend(bad);
    if !diags.is_empty() {
        return Err(diags);
    }

    let origins: BTreeMap<String, PathBuf> = texts
        .iter()
        .map(|(k, (_, p))| (k.clone(), p.clone()))
        .collect();
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(write_html_escaped);
    if let Err(e) = tera.add_raw_templates(texts.iter().map(|(k, (t, _))| (k.as_str(), t.as_str())))
    {
        // Find every broken template, not only the first: parse each alone.
        let mut found = Diagnostics::default();
        for (name, (text, _)) in &texts {
            let mut one = Tera::new();
            if let Err(e) = one.add_raw_template(name, text) {
                if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    found.push(diagnostic(&e, name, &origins));
                }
            }
        }
        if found.is_empty() {
            found = diagnostics(&e, "", &origins);
        }
        return Err(found);
    }
    let texts = texts.into_iter().map(|(k, (t, _))| (k, t)).collect();
    Ok(Loaded {
        tera,
        origins,
        texts,
    })
}

/// The theme's static files: built-ins, then `themes/<theme>/static/`, plus the
/// generated stylesheet for highlighted code.
pub fn load_statics(
    root: &Path,
    config: &Config,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, bytes) in BUILTIN_STATICS {
        out.insert(name.to_string(), bytes.to_vec());
    }
    out.insert(
        "highlight.css".to_string(),
        super::markdown::highlight_css().into_bytes(),
    );
    let mut diags = Diagnostics::default();
    let dir = root.join("themes").join(&config.theme).join("static");
    read_dir_files(root, &dir, &mut diags, |name, bytes, _| {
        out.insert(name.to_string(), bytes);
    });
    diags.into_result(out)
}

/// Calls `f(name, bytes, shown_path)` for every regular file under `dir`, in
/// sorted order; `name` uses `/` separators. Missing `dir` is not an error.
fn read_dir_files(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
    mut f: impl FnMut(&str, Vec<u8>, &Path),
) {
    if !dir.is_dir() {
        return;
    }
    // A linked theme or templates directory must not lead outside the site.
    if let (Ok(real), Ok(real_root)) = (dir.canonicalize(), root.canonicalize()) {
        if !real.starts_with(&real_root) {
            diags.push(Diagnostic::new(
                dir.strip_prefix(root).unwrap_or(dir),
                "is a symbolic link to a place outside the site, which unspun does not follow",
            ));
            return;
        }
    }
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::new(
                    dir.strip_prefix(root).unwrap_or(dir),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let shown = path.strip_prefix(root).unwrap_or(path);
        if entry.path_is_symlink() && entry.depth() > 0 {
            diags.push(
                Diagnostic::new(shown, "is a symbolic link, which unspun does not follow")
                    .with_hint("replace the link with the file itself"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        match std::fs::read(path) {
            Ok(bytes) => f(&name, bytes, shown),
            Err(e) => diags.push(Diagnostic::new(shown, format!("cannot read: {e}"))),
        }
    }
}

/// Turns a Tera error into diagnostics; errors Tera reports as pre-formatted
/// text (unknown filters, tests, functions) are split into one per place.
pub fn diagnostics(
    err: &tera::Error,
    name: &str,
    origins: &BTreeMap<String, PathBuf>,
) -> Diagnostics {
    let mut out = Diagnostics::default();
    if let ErrorKind::Msg(text) = err.kind() {
        let mut message: Option<&str> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(m) = t.strip_prefix("error: ") {
                message = Some(m);
            } else if let Some(place) = t.strip_prefix("--> ") {
                let mut parts = place.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse::<usize>().ok());
                let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
                if let (Some(file), Some(line_no), Some(col)) = (parts.next(), line_no, col) {
                    let path = origins
                        .get(file)
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from(file));
                    let msg = message.take().unwrap_or("template error");
                    out.push(
                        Diagnostic::new(path, format!("template error: {msg}")).at(line_no, col),
                    );
                }
            }
        }
    }
    if out.is_empty() {
        out.push(diagnostic(err, name, origins));
    }
    out
}

/// Turns a Tera error into a diagnostic naming the template file and line.
pub fn diagnostic(
    err: &tera::Error,
    name: &str,
    origins: &BTreeMap<String, PathBuf>,
) -> Diagnostic {
    let origin = |n: &str| origins.get(n).cloned().unwrap_or_else(|| PathBuf::from(n));
    match err.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            let what = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::new(origin(file), format!("{what}: {}", r.message()));
            if r.span().start_line > 0 {
                d = d.at(r.span().start_line, r.span().start_col + 1);
            }
            d
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            origin(current),
            format!("template extends {parent:?}, which does not exist"),
        ),
        ErrorKind::TemplateNotFound(missing) => {
            Diagnostic::new(origin(name), format!("template {missing:?} not found"))
        }
        _ => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::new(origin(name), format!("template error: {message}"))
        }
    }
}
