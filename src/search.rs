//! The build-time search index behind the search box on the index page.
//!
//! It comes in parts, so that a reader downloads only what a search needs:
//!
//! - `search/index.json`, loaded when the reader first uses the search box:
//!   for each report what it is found by without its text (its title, the
//!   site of the copy, the original's title and publisher, the names in its
//!   findings), and the list of text parts;
//! - `search/text-<n>.json`, loaded only for a "phrase in quotes": the
//!   copies' and originals' sentences, [`TEXT_PART_REPORTS`] reports a part
//!   (each original's sentences once, in the part of one of its copies).
//!   A sentence stands at its id, so a phrase found links to the passage on
//!   the report page (`#r<id>` in the copy, `#s<id>` in the original);
//!   page furniture, which is not searched, is an empty string, and a copy's
//!   sentence that its original has word for word is that sentence's id in
//!   the original.
//!
//! `static/search.js` searches them in the browser; nothing is sent
//! anywhere. Paths in the index are relative to the site root
//! (`reports/<slug>/`); the script puts the base path from the page in
//! front, so the index is the same whatever `base_url` the site is
//! published under.
//!
//! Text is stored as written; the script folds it (lowercase, letters and
//! digits only, single spaces) with the same rule as [`normalize`].

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::content::collapse_whitespace;
use crate::paths;
use crate::report::{FindingKind, Report, SentenceRole};

/// Reports whose sentences share one text part: about a megabyte of text.
pub const TEXT_PART_REPORTS: usize = 200;

/// Bumped when the format changes in a way the script must know of.
pub const FORMAT_VERSION: u32 = 4;

/// The index the script loads first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchIndex {
    pub version: u32,
    /// Newest first, as on the index page.
    pub reports: Vec<ReportEntry>,
    /// Originals by slug.
    pub sources: BTreeMap<String, SourceEntry>,
    /// The text parts, relative to the site root.
    pub text: Vec<String>,
}

/// One text part: sentences by report slug and by original slug.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextPart {
    pub reports: BTreeMap<String, Vec<CopySentence>>,
    pub sources: BTreeMap<String, Vec<String>>,
}

/// A copy's sentence in a text part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CopySentence {
    /// The id of the original's sentence that has the same text: copies
    /// keep many sentences word for word, and the original's text is in
    /// the parts already.
    Same(usize),
    Text(String),
}

/// What a report can be found by, besides its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    pub slug: String,
    pub title: String,
    pub date: String,
    /// Path of the report page, relative to the site root.
    pub path: String,
    /// Who published the copy.
    pub site: String,
    /// The original's slug (a key of [`SearchIndex::sources`]).
    pub source: String,
    /// Names in the findings: both spellings of every altered name (people,
    /// places, organisations) and the people of dropped attributions.
    pub names: Vec<String>,
    /// Number of findings, shown in results.
    pub findings: usize,
    /// The kinds of those findings (`name_changed`...), each once, in the
    /// order of [`FindingKind::ALL`]: the index's "kind of change" filter.
    pub kinds: Vec<String>,
}

/// What an original can be found by, besides its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    pub title: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// Metadata of a report that the report itself does not hold.
#[derive(Debug, Clone, Copy)]
pub struct EntryInfo<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: &'a str,
    pub site: &'a str,
    pub source_slug: &'a str,
    pub source_title: &'a str,
    pub publisher: &'a str,
    pub author: Option<&'a str>,
}

/// A report's entry in the index.
pub fn report_entry(info: &EntryInfo, report: &Report) -> ReportEntry {
    let counted = || report.findings.iter().filter(|f| !f.minor);
    ReportEntry {
        slug: info.slug.to_string(),
        title: info.title.to_string(),
        date: info.date.to_string(),
        path: crate::paths::report_page(info.slug).url().to_string(),
        site: info.site.to_string(),
        source: info.source_slug.to_string(),
        names: names(report),
        // As the report page counts them: minor findings left out.
        findings: counted().count(),
        kinds: FindingKind::ALL
            .iter()
            .filter(|k| counted().any(|f| f.kind == **k))
            .map(|k| k.as_str().to_string())
            .collect(),
    }
}

/// The entry of a report's original (the same from each of its copies).
pub fn source_entry(info: &EntryInfo) -> SourceEntry {
    SourceEntry {
        title: info.source_title.to_string(),
        publisher: info.publisher.to_string(),
        author: info.author.map(str::to_string),
    }
}

/// A side's sentences as the text parts hold them: each at its id, page
/// furniture left out (an empty string in its place).
pub fn searchable_text(side: &crate::report::Side) -> Vec<String> {
    side.sentences
        .iter()
        .map(|s| match s.role {
            SentenceRole::Furniture => String::new(),
            _ => collapse_whitespace(&s.text),
        })
        .collect()
}

/// The copy's sentences as the text parts hold them: [`searchable_text`],
/// each one that `original` (the original's searchable text) has word for
/// word given as its id there.
pub fn searchable_copy_text(copy: &crate::report::Side, original: &[String]) -> Vec<CopySentence> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, text) in original.iter().enumerate().rev() {
        ids.insert(text, id);
    }
    searchable_text(copy)
        .into_iter()
        .map(|text| match ids.get(text.as_str()) {
            Some(&id) if !text.is_empty() => CopySentence::Same(id),
            _ => CopySentence::Text(text),
        })
        .collect()
}

/// Writes `search/index.json` as compact JSON (the same bytes as the
/// [`SearchIndex`] serialised) from its entries already serialised, so that
/// a build need not hold them all: `reports` gives each report's entry,
/// newest first; `sources` each original's entry with its slug, in slug
/// order; `parts` is how many text parts there are.
pub fn write_index<W: Write + ?Sized, R: AsRef<[u8]>, S: AsRef<[u8]>>(
    out: &mut W,
    reports: impl Iterator<Item = io::Result<R>>,
    sources: impl Iterator<Item = io::Result<(String, S)>>,
    parts: usize,
) -> io::Result<()> {
    write!(out, "{{\"version\":{FORMAT_VERSION},\"reports\":[")?;
    for (i, report) in reports.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(report?.as_ref())?;
    }
    out.write_all(b"],\"sources\":")?;
    write_object(out, sources)?;
    let files: Vec<String> = (1..=parts).map(paths::search_text_part).collect();
    out.write_all(b",\"text\":")?;
    serde_json::to_writer(&mut *out, &files)?;
    out.write_all(b"}\n")
}

/// Writes one text part (the same bytes as the [`TextPart`] serialised)
/// from sentences already serialised as JSON arrays, each iterator in slug
/// order.
pub fn write_text_part<W: Write + ?Sized, R: AsRef<[u8]>, S: AsRef<[u8]>>(
    out: &mut W,
    reports: impl Iterator<Item = io::Result<(String, R)>>,
    sources: impl Iterator<Item = io::Result<(String, S)>>,
) -> io::Result<()> {
    out.write_all(b"{\"reports\":")?;
    write_object(out, reports)?;
    out.write_all(b",\"sources\":")?;
    write_object(out, sources)?;
    out.write_all(b"}\n")
}

/// A JSON object of keys and values already serialised.
fn write_object<W: Write + ?Sized, V: AsRef<[u8]>>(
    out: &mut W,
    entries: impl Iterator<Item = io::Result<(String, V)>>,
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, entry) in entries.enumerate() {
        let (key, value) = entry?;
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &key)?;
        out.write_all(b":")?;
        out.write_all(value.as_ref())?;
    }
    out.write_all(b"}")
}

/// The names in a report's findings: both sides of every altered name, and
/// the names in dropped attributions. Sorted, without repeats.
pub fn names(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &report.findings {
        let texts = [f.source_text.as_deref(), f.rewrite_text.as_deref()];
        match f.kind {
            FindingKind::NameChanged => {
                for t in texts.into_iter().flatten() {
                    let t = strip_possessive(t.trim().trim_matches(|c: char| !c.is_alphanumeric()));
                    if !t.is_empty() && t.chars().count() <= 60 {
                        out.push(t.to_string());
                    }
                }
            }
            FindingKind::AttributionDropped => {
                for t in texts.into_iter().flatten() {
                    out.extend(names_in(t));
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Runs of two to four capitalised words (`Ilan Baro`, `Anna van der
/// Berg`), the shape of a person's name in running text.
pub fn names_in(text: &str) -> Vec<String> {
    const PARTICLES: [&str; 8] = ["van", "von", "der", "de", "da", "di", "le", "la"];
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        while run.last().is_some_and(|w| PARTICLES.contains(w)) {
            run.pop();
        }
        let capitals = run.iter().filter(|w| !PARTICLES.contains(w)).count();
        if (2..=4).contains(&capitals) {
            out.push(run.join(" "));
        }
        run.clear();
    };
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        let word = strip_possessive(word);
        if capital || (!run.is_empty() && PARTICLES.contains(&word)) {
            run.push(word);
        } else {
            flush(&mut run, &mut out);
        }
        // Punctuation after a word ends the name ("Baro, who ...").
        if raw.ends_with([',', '.', ';', ':', '!', '?', ')']) {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `Ostwick's` and `Ostwick’s` are `Ostwick`.
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// The folding `search.js` applies to text and queries: lowercase, every run
/// of characters that are not letters or digits becomes one space.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, Format, Sentence, Side, Stats};

    fn info() -> EntryInfo<'static> {
        EntryInfo {
            slug: "r1",
            title: "Olvanskiy freezes tax",
            date: "2026-03-04",
            site: "dailybuzz24.net",
            source_slug: "olvansky",
            source_title: "Olvansky freezes income tax",
            publisher: "Northgate Tribune",
            author: Some("Ana Pereira"),
        }
    }

    fn side(texts: &[(&str, SentenceRole)]) -> Side {
        Side {
            title: "t".into(),
            sentences: texts
                .iter()
                .enumerate()
                .map(|(i, (t, role))| Sentence {
                    id: i,
                    text: t.to_string(),
                    start: 0,
                    end: 0,
                    paragraph: 0,
                    role: *role,
                    set_aside: None,
                })
                .collect(),
        }
    }

    fn finding(kind: FindingKind, st: Option<&str>, rt: Option<&str>) -> Finding {
        Finding {
            kind,
            source_sentence: None,
            rewrite_sentence: None,
            source_text: st.map(Into::into),
            rewrite_text: rt.map(Into::into),
            note: String::new(),
            ..Finding::default()
        }
    }

    fn report() -> Report {
        use SentenceRole::*;
        Report {
            format: Format,
            source: side(&[
                ("Finance minister Margarethe Olvansky said so.", Story),
                ("Related articles", Furniture),
            ]),
            rewrite: side(&[
                ("Finance minister  Margret\nOlvanskiy said so.", Story),
                ("Share this", Furniture),
            ]),
            alignment: vec![],
            findings: vec![
                finding(
                    FindingKind::NameChanged,
                    Some("Margarethe Olvansky"),
                    Some("Margret Olvanskiy"),
                ),
                finding(
                    FindingKind::AttributionDropped,
                    Some("said the ministry's spokesman, Ilan Baro."),
                    None,
                ),
                finding(FindingKind::QuoteChanged, Some("Not A Name"), None),
                finding(
                    FindingKind::NameChanged,
                    Some("Margarethe Olvansky\u{2019}s"),
                    None,
                ),
            ],
            stats: Stats::default(),
            ..Report::default()
        }
    }

    #[test]
    fn entries_hold_what_readers_search_by() {
        let r = report_entry(&info(), &report());
        assert_eq!(r.path, "reports/r1/");
        assert_eq!(
            r.names,
            ["Ilan Baro", "Margarethe Olvansky", "Margret Olvanskiy"]
        );
        assert_eq!(
            r.kinds,
            ["name_changed", "quote_changed", "attribution_dropped"]
        );
        // Each sentence at its id (the passage's anchor), furniture empty.
        assert_eq!(
            searchable_text(&report().rewrite),
            ["Finance minister Margret Olvanskiy said so.", ""]
        );
        assert_eq!(
            searchable_text(&report().source),
            ["Finance minister Margarethe Olvansky said so.", ""]
        );
        // A copy's sentence the original has word for word is its id there
        // (the first, if the original has it twice); furniture stays empty.
        let original: Vec<String> = ["Kept.", "", "Kept.", "Also kept."]
            .map(String::from)
            .to_vec();
        let copy = side(&[
            ("Also  kept.", SentenceRole::Story),
            ("Changed.", SentenceRole::Story),
            ("Kept.", SentenceRole::Story),
            ("Share this", SentenceRole::Furniture),
        ]);
        assert_eq!(
            searchable_copy_text(&copy, &original),
            [
                CopySentence::Same(3),
                CopySentence::Text("Changed.".into()),
                CopySentence::Same(0),
                CopySentence::Text(String::new()),
            ]
        );
        assert_eq!(source_entry(&info()).author.as_deref(), Some("Ana Pereira"));
    }

    #[test]
    fn the_files_written_from_serialised_entries_read_back_whole() {
        let entry = report_entry(&info(), &report());
        let mut written = Vec::new();
        write_index(
            &mut written,
            [Ok(json(&entry))].into_iter(),
            [Ok(("s\"1".to_string(), json(&source_entry(&info()))))].into_iter(),
            2,
        )
        .unwrap();
        let index: SearchIndex = serde_json::from_slice(&written).unwrap();
        assert_eq!(index.version, FORMAT_VERSION);
        assert_eq!(index.reports, [entry]);
        assert_eq!(index.sources["s\"1"], source_entry(&info()));
        assert_eq!(index.text, ["search/text-1.json", "search/text-2.json"]);

        let text = searchable_copy_text(&report().rewrite, &searchable_text(&report().source));
        let mut written = Vec::new();
        write_text_part(
            &mut written,
            [Ok(("r1".to_string(), json(&text)))].into_iter(),
            std::iter::empty::<io::Result<(String, Vec<u8>)>>(),
        )
        .unwrap();
        let part: TextPart = serde_json::from_slice(&written).unwrap();
        assert_eq!(part.reports["r1"], text);
        assert!(part.sources.is_empty());

        let mut empty = Vec::new();
        let no_reports = std::iter::empty::<io::Result<Vec<u8>>>();
        let no_sources = std::iter::empty::<io::Result<(String, Vec<u8>)>>();
        write_index(&mut empty, no_reports, no_sources, 0).unwrap();
        let index: SearchIndex = serde_json::from_slice(&empty).unwrap();
        assert_eq!(
            index,
            SearchIndex {
                version: FORMAT_VERSION,
                ..SearchIndex::default()
            }
        );
    }

    fn json(value: &impl Serialize) -> Vec<u8> {
        serde_json::to_vec(value).unwrap()
    }

    #[test]
    fn names_are_runs_of_capitalised_words() {
        assert_eq!(
            names_in("said the ministry's spokesman, Ilan Baro."),
            ["Ilan Baro"]
        );
        assert_eq!(
            names_in("Anna van der Berg, of Northgate, told Peter O'Neill's aide"),
            ["Anna van der Berg", "Peter O'Neill"]
        );
        assert!(names_in("it was said.").is_empty());
    }

    #[test]
    fn normalize_folds_case_and_punctuation() {
        assert_eq!(
            normalize("\u{201c}We will NOT raise   the rate,\u{201d} she said\u{2014}Ünal's"),
            "we will not raise the rate she said ünal s"
        );
        assert_eq!(normalize("  4.2 billion "), "4 2 billion");
    }
}
