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
    fn text(&self) -> Text<'_> {
        Text {
            title: &self.title,
            file: &self.text,
            body_start: self.body_start,
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
