//! `unspun align SOURCE REWRITE`: the aligner on two files, no site needed.

use std::path::Path;

use serde::Deserialize;

use crate::align::{align, format_text, AlignOptions, Text};
use crate::cli::Format;
use crate::content::split_front_matter;
use crate::error::{Diagnostic, Diagnostics};

/// The one front-matter key `align` cares about; the rest is ignored.
#[derive(Deserialize)]
struct TitleOnly {
    #[serde(default)]
    title: Option<String>,
}

/// A file read for alignment: its text, where its body starts, and its title.
struct Article {
    text: String,
    body_start: usize,
    title: String,
}

pub fn run(source: &Path, rewrite: &Path, format: Format) -> Result<(), Diagnostics> {
    let (source, rewrite) = match (read(source), read(rewrite)) {
        (Ok(s), Ok(r)) => (s, r),
        (s, r) => {
            let errors = [s.err(), r.err()].into_iter().flatten().collect();
            return Err(Diagnostics(errors));
        }
    };
    let report = align(&source.text(), &rewrite.text(), &AlignOptions::default());
    match format {
        Format::Text => print!("{}", format_text(&report)),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).expect("a report always serialises");
            println!("{json}");
        }
    }
    Ok(())
}

impl Article {
    fn text(&self) -> Text<'_> {
        Text {
            title: &self.title,
            file: &self.text,
            body_start: self.body_start,
        }
    }
}

fn read(path: &Path) -> Result<Article, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::new(path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(path, "file is not valid UTF-8 text").with_hint("save the file as UTF-8")
    })?;
    let fallback_title = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (front_matter, body_start) =
        split_front_matter(&text).map_err(|(m, line)| Diagnostic::new(path, m).at_line(line))?;
    let title = front_matter
        .and_then(|fm| serde_saphyr::from_str::<TitleOnly>(fm.yaml).ok())
        .and_then(|t| t.title)
        .unwrap_or(fallback_title);
    Ok(Article {
        text,
        body_start,
        title,
    })
}
