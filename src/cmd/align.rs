//! `unspun align SOURCE REWRITE`: the aligner on two files, no site needed.

use crate::clean_text::CleanText;
use std::path::Path;

use serde::Deserialize;

use crate::align::{
    align_prepared_with_roles, format_text, AlignOptions, PreparedText, RoleOverrides, Text,
};
use crate::content::split_front_matter;
use crate::error::{Diagnostic, Diagnostics};
use crate::report::{About, AboutText};

/// Output format of `unspun align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The front-matter keys `align` cares about (what the report is about);
/// the rest is ignored.
#[derive(Deserialize, Default)]
struct Provenance {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    /// An original's publisher.
    #[serde(default)]
    publisher: Option<String>,
    /// The site that published a copy.
    #[serde(default)]
    site: Option<String>,
    #[serde(default)]
    date: Option<String>,
    /// The author's word on what is story (see the README).
    #[serde(default)]
    story_ends: Option<String>,
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    story: Vec<String>,
}

impl CleanText for Provenance {
    fn clean_text(&mut self) {
        let Provenance {
            title,
            url,
            publisher,
            site,
            date,
            story_ends,
            furniture,
            story,
        } = self;
        for text in [title, url, publisher, site, date, story_ends] {
            text.clean_text();
        }
        furniture.clean_text();
        story.clean_text();
    }
}

/// A file read for alignment: its text, where its body starts, its title,
/// and what its front matter says of it.
struct Article {
    text: String,
    body_start: usize,
    title: String,
    /// The file's stem, as a site's slug would be.
    slug: String,
    provenance: Provenance,
}

pub fn run(source: &Path, rewrite: &Path, format: Format) -> Result<(), Diagnostics> {
    let (source, rewrite) = match (read(source), read(rewrite)) {
        (Ok(s), Ok(r)) => (s, r),
        (s, r) => {
            let errors = [s.err(), r.err()].into_iter().flatten().collect();
            return Err(Diagnostics(errors));
        }
    };
    let options = AlignOptions::default();
    let prepared = PreparedText::with_roles(&source.text(), &source.roles());
    let mut report =
        align_prepared_with_roles(&prepared, &rewrite.text(), &rewrite.roles(), &options);
    crate::reading_order::number_findings(&mut report);
    report.about = Some(About {
        slug: rewrite.slug.clone(),
        source: source.about(|p| &p.publisher),
        rewrite: rewrite.about(|p| &p.site),
        generator: crate::about::generator(),
        align_options: crate::about::align_options(&options),
    });
    let out = match format {
        Format::Text => format_text(&report),
        Format::Json => {
            serde_json::to_string_pretty(&report).expect("a report always serialises") + "\n"
        }
    };
    // A reader that stops early (`| head`) is not an error; print! would panic.
    use std::io::Write;
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Diagnostic::new("<stdout>", format!("cannot write: {e}")).into())
        }
        _ => Ok(()),
    }
}

/// Largest file `align` reads, as for content files: a device or a runaway
/// file cannot exhaust memory.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

impl Article {
    fn roles(&self) -> RoleOverrides<'_> {
        let p = &self.provenance;
        RoleOverrides {
            story_ends: p.story_ends.as_deref(),
            furniture: &p.furniture,
            story: &p.story,
        }
    }

    fn text(&self) -> Text<'_> {
        Text {
            title: &self.title,
            file: &self.text,
            body_start: self.body_start,
        }
    }

    /// What the file's front matter says of it; `publisher` picks the key
    /// that names who published it (`publisher` or `site`).
    fn about(&self, publisher: impl Fn(&Provenance) -> &Option<String>) -> AboutText {
        let p = &self.provenance;
        AboutText {
            slug: self.slug.clone(),
            title: self.title.clone(),
            url: p.url.clone(),
            publisher: publisher(p).clone(),
            date: p.date.clone(),
        }
    }
}

fn read(path: &Path) -> Result<Article, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::new(path, format!("cannot read: {e}"));
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(cannot)?,
            MAX_FILE_BYTES + 1,
        ),
        &mut bytes,
    )
    .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            path,
            format!(
                "file is over {} MiB, the limit for an article",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let mut text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(path, "file is not valid UTF-8 text").with_hint("save the file as UTF-8")
    })?;
    // Nothing from the file may drive the terminal the text is printed to.
    crate::clean_text::clean_owned(&mut text);
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let slug = crate::clean_text::for_content(&stem).into_owned();
    let (front_matter, body_start) =
        split_front_matter(&text).map_err(|(m, line)| Diagnostic::new(path, m).at_line(line))?;
    let provenance = front_matter
        .and_then(|fm| serde_saphyr::from_str::<Provenance>(fm.yaml).ok())
        .unwrap_or_default();
    let mut provenance = provenance;
    provenance.clean_text();
    let title = provenance.title.clone().unwrap_or_else(|| slug.clone());
    Ok(Article {
        text,
        body_start,
        title,
        slug,
        provenance,
    })
}
