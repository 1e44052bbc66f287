//! Walking the content directories and validating what is found.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::date::date_problem;
use super::front_matter::{split_front_matter, FrontMatter};
use super::site_links::SitePages;
use super::slug::slugify;
use super::{Library, Note, NoteSide, Rewrite, RewriteMeta, Source, SourceMeta};
use crate::align::RoleOverrides;
use crate::clean_text::{self, CleanText};
use crate::config::{line_column, Config};
use crate::error::{Diagnostic, Diagnostics};
use crate::suggest::{closest, UnknownKey};

/// Where sources live, relative to the site root.
pub const SOURCES_DIR: &str = "content/sources";
/// Where rewrites live, relative to the site root.
pub const REWRITES_DIR: &str = "content/rewrites";

/// Largest content file accepted: far beyond any article, small enough to stay bounded.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Loads and validates every source and rewrite under `root/content`.
/// Every problem in every file is reported, sorted by file and line.
pub fn load(root: &Path, config: &Config) -> Result<Library, Diagnostics> {
    let mut errors = Diagnostics::default();
    let source_files = content_files(root, SOURCES_DIR, &mut errors);
    let rewrite_files = content_files(root, REWRITES_DIR, &mut errors);

    let read_sources = read_all(
        root,
        source_files,
        |file, (text, body_start, meta), errs| {
            check_source(meta, &file.path, text, *body_start, errs)
        },
    );
    let mut sources = Vec::new();
    // Sources that exist but failed to load: a rewrite naming one is not also told it is missing.
    let mut broken_sources = Vec::new();
    for (file, read, errs) in read_sources {
        errors.extend(errs);
        let Some((text, body_start, meta)) = read else {
            broken_sources.push(file.slug);
            continue;
        };
        sources.push(Source {
            slug: file.slug,
            path: file.path,
            text,
            body_start,
            meta,
        });
    }
    let read_rewrites = read_all::<RewriteMeta>(root, rewrite_files, |_, _, _| {});
    let mut rewrites = Vec::new();
    for (file, read, errs) in read_rewrites {
        errors.extend(errs);
        if let Some((text, body_start, mut meta)) = read {
            if let Some(publisher) = config.site_aliases.get(&meta.site) {
                meta.site = publisher.clone();
            }
            rewrites.push(Rewrite {
                slug: file.slug,
                path: file.path,
                text,
                body_start,
                meta,
            });
        }
    }
    sources.sort_by(|a, b| a.slug.cmp(&b.slug));
    rewrites.sort_by(|a, b| a.slug.cmp(&b.slug));
    check_unique_slugs(
        sources.iter().map(|s| (&s.slug, &s.path)),
        "source",
        &mut errors,
    );
    check_unique_slugs(
        rewrites.iter().map(|r| (&r.slug, &r.path)),
        "rewrite",
        &mut errors,
    );
    check_publishers(&rewrites, &mut errors);

    let library = Library { sources, rewrites };
    let bodies = SourceBodies::of_noted(&library);
    let rewrite_errors: Vec<Diagnostics> = library
        .rewrites
        .par_iter()
        .filter(|rewrite| !broken_sources.contains(&rewrite.meta.source))
        .map(|rewrite| {
            let mut errs = Diagnostics::default();
            check_rewrite(rewrite, &library, &bodies, &mut errs);
            errs
        })
        .collect();
    for errs in rewrite_errors {
        errors.extend(errs);
    }
    let pages = SitePages::of(&library, config.drafts);
    for rewrite in library
        .rewrites
        .iter()
        .filter(|r| config.drafts || !r.meta.draft)
    {
        pages.check(rewrite, &mut errors);
    }
    let mut library = errors.into_result(library)?;
    if !config.drafts {
        library.rewrites.retain(|r| !r.meta.draft);
    }
    Ok(library)
}

/// A file as read: its text, where the body starts, and its front matter.
type Article<M> = (String, usize, M);

/// Reads and parses `files` in parallel, running `check` on each that
/// parsed; returns each file with what was read and its problems, in order.
fn read_all<M: DeserializeOwned + CleanText + Send>(
    root: &Path,
    files: Vec<ContentFile>,
    check: impl Fn(&ContentFile, &Article<M>, &mut Diagnostics) + Sync,
) -> Vec<(ContentFile, Option<Article<M>>, Diagnostics)> {
    files
        .into_par_iter()
        .map(|file| {
            let mut errs = Diagnostics::default();
            let read = read_article::<M>(root, &file.path, &mut errs);
            if let Some(article) = &read {
                check(&file, article, &mut errs);
            }
            (file, read, errs)
        })
        .collect()
}

/// A content file found on disk, with the slug its name gives it.
struct ContentFile {
    slug: String,
    /// Relative to the site root.
    path: PathBuf,
}

/// Lists the Markdown files under `root/dir`, sorted, skipping hidden files.
fn content_files(root: &Path, dir: &str, errors: &mut Diagnostics) -> Vec<ContentFile> {
    let base = root.join(dir);
    if !base.is_dir() && base.is_symlink() {
        errors.push(Diagnostic::new(
            dir,
            "is a symbolic link that leads nowhere (a loop, or a missing directory)",
        ));
        return Vec::new();
    }
    if !base.is_dir() {
        errors.push(
            Diagnostic::new(dir, "directory not found").with_hint(format!(
                "create `{dir}/` and put one Markdown file per article in it"
            )),
        );
        return Vec::new();
    }
    // A linked directory (or linked `content/`) must not lead outside the site.
    if let (Ok(real), Ok(real_root)) = (base.canonicalize(), root.canonicalize()) {
        if !real.starts_with(&real_root) {
            errors.push(
                Diagnostic::new(dir, "is a symbolic link to a place outside the site")
                    .with_hint("unspun reads only files inside the site; copy the directory in"),
            );
            return Vec::new();
        }
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&base).follow_links(false).sort_by_file_name();
    let walker = walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| PathBuf::from(dir), |p| relative(root, p));
                errors.push(Diagnostic::new(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = relative(root, entry.path());
        if entry.path_is_symlink() {
            errors.push(
                Diagnostic::new(&path, "is a symbolic link, which unspun does not follow")
                    .with_hint("copy the file into the content directory instead"),
            );
            continue;
        }
        if entry.path().extension().is_none_or(|ext| ext != "md") || entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            // A FIFO or a device would hang the build or feed it for ever.
            errors.push(
                Diagnostic::new(&path, "is not a regular file")
                    .with_hint("an article must be a plain text file"),
            );
            continue;
        }
        let stem = entry
            .path()
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy();
        let slug = slugify(&stem);
        if slug.is_empty() {
            errors.push(
                Diagnostic::new(&path, "the file name gives an empty slug")
                    .with_hint("name the file with letters or digits, e.g. `budget-vote.md`"),
            );
            continue;
        }
        files.push(ContentFile { slug, path });
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads one article: its text, the byte offset of its body, and its front matter.
fn read_article<M: DeserializeOwned + CleanText>(
    root: &Path,
    path: &Path,
    errors: &mut Diagnostics,
) -> Option<(String, usize, M)> {
    let full = root.join(path);
    match std::fs::metadata(&full) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            errors.push(Diagnostic::new(
                path,
                format!(
                    "file is {} MiB; articles are limited to {} MiB",
                    m.len() >> 20,
                    MAX_FILE_BYTES >> 20
                ),
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            errors.push(Diagnostic::new(path, format!("cannot read: {e}")));
            return None;
        }
    }
    let bytes = match std::fs::read(&full) {
        Ok(bytes) => bytes,
        Err(e) => {
            errors.push(Diagnostic::new(path, format!("cannot read: {e}")));
            return None;
        }
    };
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_column(valid, valid.len());
            errors.push(
                Diagnostic::new(path, "file is not valid UTF-8 text")
                    .at(line, column)
                    .with_hint("save the file as UTF-8 in your editor"),
            );
            return None;
        }
    };
    // Control and bidirectional-override characters become U+FFFD and lone
    // carriage returns line feeds, one for one, so offsets hold.
    clean_text::clean_owned(&mut text);
    if text.trim().is_empty() {
        errors.push(Diagnostic::new(path, "file is empty").with_hint(FRONT_MATTER_HINT));
        return None;
    }
    let (front_matter, body_start) = match split_front_matter(&text) {
        Ok(split) => split,
        Err((message, line)) => {
            errors.push(
                Diagnostic::new(path, message)
                    .at_line(line)
                    .with_hint("end the front matter with a line of `---`"),
            );
            return None;
        }
    };
    let Some(front_matter) = front_matter else {
        errors.push(
            Diagnostic::new(path, "file has no front matter")
                .at_line(1)
                .with_hint(FRONT_MATTER_HINT),
        );
        return None;
    };
    let mut meta = parse_front_matter::<M>(&front_matter, path, errors)?;
    meta.clean_text();
    if text[body_start..].trim().is_empty() {
        let (line, _) = line_column(&text, body_start);
        errors.push(
            Diagnostic::new(path, "the article has no text after its front matter").at_line(line),
        );
        return None;
    }
    Some((text, body_start, meta))
}

/// Parses front matter, reporting every unknown key in it, not just the
/// first: after each one the parse is tried again with the key read as the
/// key it was likely meant to be (`titel` as `title`), or without it, so the
/// file's other problems show in the same run. The front matter as
/// recovered is returned for the further checks, which then run too; the
/// file still fails, by the errors pushed.
fn parse_front_matter<M: DeserializeOwned>(
    front_matter: &FrontMatter,
    path: &Path,
    errors: &mut Diagnostics,
) -> Option<M> {
    let file_line = |yaml_line: usize| yaml_line + front_matter.first_line - 1;
    let mut yaml = front_matter.yaml.to_string();
    // Lines of `yaml` (1-based) changed so far: an error there comes from the change.
    let mut changed: Vec<usize> = Vec::new();
    let mut renamed: Vec<usize> = Vec::new();
    // Each try mends one line; far more keys than front matter has bounds it.
    for _ in 0..64 {
        let (message, line, column) = match parse_yaml::<M>(&yaml) {
            Ok(meta) => return Some(meta),
            Err(e) => e,
        };
        if message.contains("duplicate mapping key") {
            if let Some(l) = renamed.pop() {
                // The likely key is there already: drop the misspelt one instead.
                yaml = without_key(&yaml, l);
                continue;
            }
        }
        if let (Some(unknown), Some(l)) = (UnknownKey::from_message(&message), line) {
            if changed.contains(&l) {
                // The likely key is there already: drop the misspelt one instead.
                yaml = without_key(&yaml, l);
                continue;
            }
            let mut d = Diagnostic::new(
                path,
                format!("front matter: unknown field `{}`", unknown.key),
            )
            .with_hint(unknown.hint());
            d = match column {
                Some(c) => d.at(file_line(l), c),
                None => d.at_line(file_line(l)),
            };
            errors.push(d);
            yaml = match unknown.suggestion() {
                Some(meant) => {
                    renamed.push(l);
                    with_key_renamed(&yaml, l, &unknown.key, meant)
                }
                None => without_key(&yaml, l),
            };
            changed.push(l);
            continue;
        }
        if line.is_some_and(|l| changed.contains(&l)) {
            // Already reported as the unknown key on that line.
            return None;
        }
        let d = Diagnostic::new(path, message.clone());
        errors.push(if message.contains("missing field") {
            // The parser places a missing key at the end of the block; the block itself is the place.
            d.at_line(1).with_hint(
                "sources need title, publisher and date; rewrites need title, site, date and source",
            )
        } else {
            match (line, column) {
                (Some(l), Some(c)) => d.at(file_line(l), c),
                (Some(l), None) => d.at_line(file_line(l)),
                _ => d.at_line(front_matter.first_line),
            }
        });
        return None;
    }
    None
}

/// `yaml` with the key `from` on 1-based line `line` renamed `to`.
fn with_key_renamed(yaml: &str, line: usize, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + to.len());
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        match l.find(&format!("{from}:")) {
            Some(at) if i + 1 == line => {
                out.push_str(&l[..at]);
                out.push_str(to);
                out.push_str(&l[at + from.len()..]);
            }
            _ => out.push_str(l),
        }
    }
    out
}

/// `yaml` with the key on 1-based line `line`, and the lines of its value
/// indented under it, made blank (so later lines keep their numbers).
fn without_key(yaml: &str, line: usize) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let mut key_indent = None;
    let mut out = String::with_capacity(yaml.len());
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        let blank = match key_indent {
            _ if i + 1 == line => {
                key_indent = Some(indent(l));
                true
            }
            Some(at) if l.trim().is_empty() || indent(l) > at => true,
            _ => {
                key_indent = None;
                false
            }
        };
        if blank {
            // The first key of a list item keeps its dash, so the item's other keys stay in it.
            if l.trim_start().starts_with("- ") {
                out.push_str(&l[..l.find('-').unwrap_or(0) + 1]);
            }
            out.push('\n');
        } else {
            out.push_str(l);
        }
    }
    out
}

const FRONT_MATTER_HINT: &str =
    "an article starts with YAML front matter between `---` lines, e.g.\n  ---\n  title: \"...\"\n  ---";

/// Parses YAML with serde-saphyr's input budget, returning message, line and column on error.
fn parse_yaml<M: DeserializeOwned>(
    yaml: &str,
) -> Result<M, (String, Option<usize>, Option<usize>)> {
    if yaml.trim().is_empty() {
        return Err(("the front matter is empty".to_string(), None, None));
    }
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    serde_saphyr::from_str_with_options::<M>(yaml, options).map_err(|e| {
        let location = e.location();
        let message = yaml_message(&e.without_snippet().to_string());
        let line = location.map(|l| l.line() as usize).filter(|&l| l > 0);
        let column = location.map(|l| l.column() as usize).filter(|&c| c > 0);
        (message, line, column)
    })
}

/// serde-saphyr's message without its own " at line X column Y" tail (we add our own, shifted).
fn yaml_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    format!("front matter: {}", cut.trim_end_matches(['.', ':']))
}

fn check_source(
    meta: &SourceMeta,
    path: &Path,
    text: &str,
    body_start: usize,
    errors: &mut Diagnostics,
) {
    check_role_quotes(&meta.roles(), path, text, body_start, errors);
    check_common(
        &meta.title,
        &meta.date,
        meta.url.as_deref(),
        path,
        text,
        errors,
    );
    if meta.publisher.trim().is_empty() {
        errors.push(
            Diagnostic::new(path, "`publisher` must not be empty")
                .at_line(key_line(text, "publisher")),
        );
    }
}

/// The originals' bodies as notes' quotes are searched in (white space
/// collapsed), made once for all the copies of each.
#[derive(Default)]
struct SourceBodies<'a>(HashMap<&'a str, String>);

impl<'a> SourceBodies<'a> {
    /// The bodies of the originals that a copy with notes comes from.
    fn of_noted(library: &'a Library) -> SourceBodies<'a> {
        let noted: HashSet<&str> = (library.rewrites.iter())
            .filter(|r| !r.meta.notes.is_empty())
            .map(|r| r.meta.source.as_str())
            .collect();
        let bodies = (library.sources.par_iter())
            .filter(|s| noted.contains(s.slug.as_str()))
            .map(|s| (s.slug.as_str(), searchable(&s.text[s.body_start..])))
            .collect();
        SourceBodies(bodies)
    }

    /// The body of `source`, made now if it was not made before.
    fn of(&self, source: &Source) -> Cow<'_, str> {
        match self.0.get(source.slug.as_str()) {
            Some(body) => Cow::Borrowed(body),
            None => Cow::Owned(searchable(&source.text[source.body_start..])),
        }
    }
}

fn check_rewrite(
    rewrite: &Rewrite,
    library: &Library,
    source_bodies: &SourceBodies,
    errors: &mut Diagnostics,
) {
    let (meta, path, text) = (&rewrite.meta, &rewrite.path, &rewrite.text);
    check_common(
        &meta.title,
        &meta.date,
        meta.url.as_deref(),
        path,
        text,
        errors,
    );
    check_role_quotes(&meta.roles(), path, text, rewrite.body_start, errors);
    if meta.site.trim().is_empty() || slugify(&meta.site).is_empty() {
        errors.push(
            Diagnostic::new(path, "`site` must name the publisher of the copy")
                .at_line(key_line(text, "site"))
                .with_hint("e.g. `site: dailybuzz24.net`"),
        );
    }
    let Some(source) = library.source(&meta.source) else {
        let known: Vec<&str> = library.sources.iter().map(|s| s.slug.as_str()).collect();
        let hint = match closest(&meta.source, &known) {
            Some(slug) => format!(
                "did you mean `{slug}`? (the file name of a source in {SOURCES_DIR}/, without .md)"
            ),
            None => format!("`source` is the file name of a source in {SOURCES_DIR}/, without .md"),
        };
        errors.push(
            Diagnostic::new(path, format!("source `{}` does not exist", meta.source))
                .at_line(key_line(text, "source"))
                .with_hint(hint),
        );
        return;
    };
    if meta.notes.is_empty() {
        return;
    }
    let note_lines = note_quote_lines(text);
    // Both bodies as the notes' quotes are searched in, made once for all.
    let bodies = [
        Cow::Owned(searchable(&rewrite.text[rewrite.body_start..])),
        source_bodies.of(source),
    ];
    for (i, note) in meta.notes.iter().enumerate() {
        let line = note_lines
            .get(i)
            .copied()
            .unwrap_or_else(|| key_line(text, "notes"));
        check_note(note, &bodies, path, line, errors);
    }
}

fn check_common(
    title: &str,
    date: &str,
    url: Option<&str>,
    path: &Path,
    text: &str,
    errors: &mut Diagnostics,
) {
    if title.trim().is_empty() {
        errors.push(
            Diagnostic::new(path, "`title` must not be empty").at_line(key_line(text, "title")),
        );
    }
    if let Some((message, hint)) = date_problem(date) {
        let mut d = Diagnostic::new(path, message).at_line(key_line(text, "date"));
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        errors.push(d);
    }
    if let Some(url) = url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            errors.push(
                Diagnostic::new(
                    path,
                    format!("`url` {url:?} must start with http:// or https://"),
                )
                .at_line(key_line(text, "url")),
            );
        }
    }
}

/// Checks that a note's quote is found where the note is anchored: once in
/// each text it names with `side`, or, with no `side`, once in the copy, in
/// its source, or in both (a passage the copy kept word for word). `bodies`
/// are the copy's and the source's, with their whitespace collapsed.
fn check_note(
    note: &Note,
    bodies: &[Cow<str>; 2],
    path: &Path,
    line: usize,
    errors: &mut Diagnostics,
) {
    if note.quote.trim().is_empty() {
        errors.push(Diagnostic::new(path, "a note's `quote` must not be empty").at_line(line));
        return;
    }
    let [copy, original] = [&bodies[0], &bodies[1]].map(|b| collapsed_matches(b, note));
    let exactly =
        "copy the passage exactly from the article text (quote marks and spelling included)";
    let mut error = |message: String, hint: String| {
        errors.push(Diagnostic::new(path, message).at_line(line).with_hint(hint));
    };
    let quote = &note.quote;
    let (in_source, in_rewrite) = NoteSide::sides(note.side);
    if note.side.is_none() && copy == 0 && original == 0 {
        let message = format!("the note's quote {quote:?} is not in the copy or in its source");
        return error(message, exactly.to_string());
    }
    for (looked, n, text, other, other_n, other_side) in [
        (
            in_rewrite,
            copy,
            "the copy",
            "the original",
            original,
            "source",
        ),
        (
            in_source,
            original,
            "the original",
            "the copy",
            copy,
            "rewrite",
        ),
    ] {
        if !looked {
            continue;
        }
        match n {
            // Without `side`, a quote found in one text only is anchored there.
            0 if note.side.is_none() => {}
            0 => {
                let hint = if other_n > 0 {
                    format!("it is in {other}: write `side: {other_side}`, or leave `side` out")
                } else {
                    exactly.to_string()
                };
                error(format!("the note's quote {quote:?} is not in {text}"), hint);
            }
            1 => {}
            n => {
                let mut hint =
                    "add a `prefix:` or `suffix:` with the words around the passage you mean"
                        .to_string();
                if note.side.is_none() && other_n == 1 {
                    hint.push_str(&format!(
                        ", or `side: {other_side}` to anchor the note in {other} only"
                    ));
                }
                error(
                    format!("the note's quote {quote:?} occurs {n} times in {text}"),
                    hint,
                );
            }
        }
    }
}

/// How many places in `body` the note's quote (with its prefix and suffix) matches.
/// Whitespace runs are treated as one space, as in the rendered text.
pub fn quote_matches(body: &str, note: &Note) -> usize {
    collapsed_matches(&collapse_whitespace(body), note)
}

/// [`quote_matches`] in a body whose whitespace is already collapsed.
fn collapsed_matches(body: &str, note: &Note) -> usize {
    quote_places(body, &searchable(&note.quote), note).count()
}

/// Where `quote` stands in `body` (both with whitespace collapsed) with the
/// note's prefix before it and its suffix after it: byte offsets.
pub fn quote_places<'a>(
    body: &'a str,
    quote: &'a str,
    note: &Note,
) -> impl Iterator<Item = usize> + 'a {
    let collapsed = |s: &Option<String>| s.as_deref().map(searchable).unwrap_or_default();
    let (prefix, suffix) = (collapsed(&note.prefix), collapsed(&note.suffix));
    body.match_indices(quote)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = body[..at].trim_end();
            let after = body[at + quote.len()..].trim_start();
            before.ends_with(prefix.trim()) && after.starts_with(suffix.trim())
        })
}

/// `s` as a note's quote is searched for and in: white space collapsed
/// and in Unicode NFC, as the aligner's sentences are, so a quote typed with
/// combining marks finds the same text typed precomposed.
pub fn searchable(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let collapsed = collapse_whitespace(s);
    match is_nfc_quick(collapsed.chars()) {
        IsNormalized::Yes => collapsed,
        _ => collapsed.nfc().collect(),
    }
}

/// `s` with each run of white space made one space, and none at the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// Appends `s` to `out` as [`collapse_whitespace`] gives it.
pub fn push_collapsed(out: &mut String, s: &str) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

fn check_unique_slugs<'a>(
    items: impl Iterator<Item = (&'a String, &'a PathBuf)>,
    what: &str,
    errors: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (slug, path) in items {
        if let Some(first) = seen.insert(slug, path) {
            errors.push(
                Diagnostic::new(
                    path,
                    format!("{what} slug `{slug}` is also used by {}", first.display()),
                )
                .with_hint("each file name must give a different slug; rename one of them"),
            );
        }
    }
}

/// Two different `site` names whose slugs are one would share one
/// publisher page, and a reader would take copies of one for the other's:
/// an error, unless `site.toml`'s `[site_aliases]` says they are one.
fn check_publishers(rewrites: &[Rewrite], errors: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &Rewrite> = BTreeMap::new();
    for rewrite in rewrites {
        let site = &rewrite.meta.site;
        let slug = slugify(site);
        if slug.is_empty() {
            continue;
        }
        let Some(first) = seen.get(&slug) else {
            seen.insert(slug, rewrite);
            continue;
        };
        if first.meta.site == *site {
            continue;
        }
        errors.push(
            Diagnostic::new(
                &rewrite.path,
                format!(
                    "site {site:?} and site {:?} ({}:{}) would share one publisher page, sites/{slug}/",
                    first.meta.site,
                    first.path.display(),
                    key_line(&first.text, "site"),
                ),
            )
            .at_line(key_line(&rewrite.text, "site"))
            .with_hint(format!(
                "write the publisher's name the same way in both; if they are one publisher, say so in site.toml:\n[site_aliases]\n{site:?} = {:?}",
                first.meta.site
            )),
        );
    }
}

/// The 1-based line of a top-level front-matter key, or 1 if it is not there.
fn key_line(text: &str, key: &str) -> usize {
    front_matter_lines(text)
        .find(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |(n, _)| n)
}

/// The lines on which each note's `quote:` key stands, in order.
fn note_quote_lines(text: &str) -> Vec<usize> {
    front_matter_lines(text)
        .filter(|(_, line)| {
            let line = line.trim_start().trim_start_matches('-').trim_start();
            line.strip_prefix("quote")
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(n, _)| n)
        .collect()
}

/// Checks that each of the author's `story_ends`, `furniture` and `story`
/// quotations is found in the text it is about.
fn check_role_quotes(
    roles: &RoleOverrides,
    path: &Path,
    text: &str,
    body_start: usize,
    errors: &mut Diagnostics,
) {
    for quote in crate::align::roles::unmatched(text, body_start, roles) {
        let key = quote.key;
        let message = match quote.text.trim().is_empty() {
            true => format!("a `{key}` quote must not be empty"),
            false => format!(
                "the `{key}` quote {:?} is not in the article's text",
                quote.text
            ),
        };
        errors.push(
            Diagnostic::new(path, message)
                .at_line(list_item_line(text, key, quote.index))
                .with_hint("copy the passage exactly from the article's text, as it reads or as the file has it"),
        );
    }
}

/// The line of the `nth` item of a front-matter key's list (`key:` then
/// `- item` lines), or of the key itself (a flow list or a single value).
fn list_item_line(text: &str, key: &str, nth: usize) -> usize {
    let key_at = key_line(text, key);
    let mut items = front_matter_lines(text)
        .skip_while(|(n, _)| *n <= key_at)
        .take_while(|(_, l)| l.starts_with([' ', '\t', '-']))
        .filter(|(_, l)| l.trim_start().starts_with('-'))
        .map(|(n, _)| n);
    items.nth(nth).unwrap_or(key_at)
}

/// The lines of the front matter with their 1-based numbers.
fn front_matter_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| l.trim_end() != "---")
        .map(|(i, l)| (i + 1, l))
}

/// Lists the Markdown files `load` would read under `root/dir` (sorted, hidden
/// files skipped), as paths relative to `root`, with the problems `load` would
/// report about the listing itself. For `serve`, which reloads single files.
pub fn list_files(root: &Path, dir: &str) -> (Vec<PathBuf>, Diagnostics) {
    let mut errors = Diagnostics::default();
    let files = content_files(root, dir, &mut errors);
    (files.into_iter().map(|f| f.path).collect(), errors)
}

/// Loads and checks one source file (`path` relative to `root`) as `load` does.
pub fn load_source_file(root: &Path, path: &Path) -> Result<Source, Diagnostics> {
    let mut errors = Diagnostics::default();
    let slug = file_slug(root, path, &mut errors);
    let article = read_article::<SourceMeta>(root, path, &mut errors);
    match (slug, article) {
        (Some(slug), Some((text, body_start, meta))) => {
            check_source(&meta, path, &text, body_start, &mut errors);
            let source = Source {
                slug,
                path: path.to_path_buf(),
                text,
                body_start,
                meta,
            };
            errors.into_result(source)
        }
        // Each `None` above pushed its reason.
        _ => Err(errors),
    }
}

/// Loads one rewrite file (`path` relative to `root`) as `load` does; the
/// checks that need the library are [`check_rewrite_in`]'s.
pub fn load_rewrite_file(root: &Path, path: &Path) -> Result<Rewrite, Diagnostics> {
    let mut errors = Diagnostics::default();
    let slug = file_slug(root, path, &mut errors);
    let article = read_article::<RewriteMeta>(root, path, &mut errors);
    match (slug, article) {
        (Some(slug), Some((text, body_start, meta))) => {
            let rewrite = Rewrite {
                slug,
                path: path.to_path_buf(),
                text,
                body_start,
                meta,
            };
            errors.into_result(rewrite)
        }
        _ => Err(errors),
    }
}

/// The checks of one rewrite against the library (its source exists, its notes' quotes are found).
pub fn check_rewrite_in(rewrite: &Rewrite, library: &Library) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    check_rewrite(rewrite, library, &SourceBodies::default(), &mut errors);
    errors.into_result(())
}

/// The problems `load` reports when two files give the same slug.
pub fn check_slugs<'a>(
    items: impl Iterator<Item = (&'a String, &'a PathBuf)>,
    what: &str,
) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    check_unique_slugs(items, what, &mut errors);
    errors.into_result(())
}

/// The slug a content file's name gives, refusing links and empty slugs as `load` does.
fn file_slug(root: &Path, path: &Path, errors: &mut Diagnostics) -> Option<String> {
    match std::fs::symlink_metadata(root.join(path)) {
        Ok(m) if m.file_type().is_symlink() => {
            errors.push(
                Diagnostic::new(path, "is a symbolic link, which unspun does not follow")
                    .with_hint("copy the file into the content directory instead"),
            );
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            errors.push(Diagnostic::new(path, format!("cannot read: {e}")));
            return None;
        }
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let slug = slugify(&stem);
    if slug.is_empty() {
        errors.push(
            Diagnostic::new(path, "the file name gives an empty slug")
                .with_hint("name the file with letters or digits, e.g. `budget-vote.md`"),
        );
        return None;
    }
    Some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_copies_collapsed_text_and_mends_the_rest() {
        let by_words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let spaces: String = (0..0x3001u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let every_space = format!("a{spaces}b c");
        for text in [
            "",
            "a",
            "The rate \u{201c}froze\u{201d} \u{2014} for now.",
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "nbsp\u{a0}here",
            "thin\u{2009}space and \u{3000}ideographic",
            "next line\u{85}here",
            "é ü \u{e2}\u{80} x",
            &every_space,
        ] {
            assert_eq!(collapse_whitespace(text), by_words(text), "{text:?}");
        }
        for c in spaces.chars() {
            for text in [
                format!("a{c}b"),
                format!("{c}a {c}{c}b{c}"),
                format!("ü{c}"),
            ] {
                assert_eq!(collapse_whitespace(&text), by_words(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn quotes_match_across_line_breaks() {
        let note = Note {
            quote: "the plan stays".into(),
            prefix: None,
            suffix: None,
            side: None,
            text: String::new(),
        };
        assert_eq!(
            quote_matches("She said the plan\nstays on the table.", &note),
            1
        );
    }
}
