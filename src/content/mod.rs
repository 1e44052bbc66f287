//! Loading content: the sources, the rewritten copies, and the author's notes.
//!
//! `load` walks `content/sources` and `content/rewrites`, splits each file's
//! YAML front matter from its Markdown body, and validates everything before
//! returning: every problem in every file is collected, not just the first.

mod date;
mod front_matter;
mod load;
pub mod site_links;
mod slug;

pub use front_matter::{split_front_matter, FrontMatter};
pub use load::{
    check_rewrite_in, check_slugs, collapse_whitespace, list_files, load, load_rewrite_file,
    load_source_file, push_collapsed, quote_matches, quote_places, searchable, REWRITES_DIR,
    SOURCES_DIR,
};
pub use slug::slugify;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::align::RoleOverrides;
use crate::clean_text::CleanText;

/// All content of a site, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub sources: Vec<Source>,
    pub rewrites: Vec<Rewrite>,
}

impl Library {
    pub fn source(&self, slug: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.sources[i])
    }

    /// The rewrites of one source, in the library's order.
    pub fn rewrites_of<'a>(
        &'a self,
        source_slug: &'a str,
    ) -> impl Iterator<Item = &'a Rewrite> + 'a {
        self.rewrites
            .iter()
            .filter(move |r| r.meta.source == source_slug)
    }
}

/// An original article: `content/sources/<slug>.md`.
#[derive(Debug, Clone)]
pub struct Source {
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    /// The file as read.
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_start: usize,
    pub meta: SourceMeta,
}

/// A rewritten copy: `content/rewrites/<slug>.md`.
#[derive(Debug, Clone)]
pub struct Rewrite {
    pub slug: String,
    pub path: PathBuf,
    pub text: String,
    pub body_start: usize,
    pub meta: RewriteMeta,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    pub title: String,
    pub url: Option<String>,
    pub publisher: String,
    pub author: Option<String>,
    /// `YYYY-MM-DD`, validated when loaded.
    pub date: String,
    /// Where the story ends: a quotation of the first text that is not
    /// story (a "Related articles" heading, a credit line); it and
    /// everything after it are set aside as furniture.
    #[serde(default)]
    pub story_ends: Option<String>,
    /// Quotations of passages that are page furniture, whatever the rules say.
    #[serde(default)]
    pub furniture: Vec<String>,
    /// Quotations of passages that are story, whatever the rules say.
    #[serde(default)]
    pub story: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteMeta {
    pub title: String,
    pub url: Option<String>,
    /// Who published the copy (a site name such as "dailybuzz24.net").
    pub site: String,
    /// `YYYY-MM-DD`, validated when loaded.
    pub date: String,
    /// The slug of the source this copy was made from.
    pub source: String,
    /// The report author's summary, in Markdown.
    #[serde(default)]
    pub summary: Option<String>,
    /// The report author's notes, each anchored to a quoted passage.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Where the story ends: a quotation of the first text that is not
    /// story (a "Related articles" heading, a credit line); it and
    /// everything after it are set aside as furniture.
    #[serde(default)]
    pub story_ends: Option<String>,
    /// Quotations of passages that are page furniture, whatever the rules say.
    #[serde(default)]
    pub furniture: Vec<String>,
    /// Quotations of passages that are story, whatever the rules say.
    #[serde(default)]
    pub story: Vec<String>,
}

impl SourceMeta {
    /// The author's word on what is story in the original, for the aligner.
    pub fn roles(&self) -> RoleOverrides<'_> {
        RoleOverrides {
            story_ends: self.story_ends.as_deref(),
            furniture: &self.furniture,
            story: &self.story,
        }
    }
}

impl RewriteMeta {
    /// The author's word on what is story in the copy, for the aligner.
    pub fn roles(&self) -> RoleOverrides<'_> {
        RoleOverrides {
            story_ends: self.story_ends.as_deref(),
            furniture: &self.furniture,
            story: &self.story,
        }
    }
}

/// Every text field, listed in full so that a field added later is cleaned too.
impl CleanText for SourceMeta {
    fn clean_text(&mut self) {
        let SourceMeta {
            title,
            url,
            publisher,
            author,
            date,
            story_ends,
            furniture,
            story,
        } = self;
        title.clean_text();
        url.clean_text();
        publisher.clean_text();
        author.clean_text();
        date.clean_text();
        story_ends.clean_text();
        furniture.clean_text();
        story.clean_text();
    }
}

impl CleanText for RewriteMeta {
    fn clean_text(&mut self) {
        let RewriteMeta {
            title,
            url,
            site,
            date,
            source,
            summary,
            notes,
            draft: _,
            story_ends,
            furniture,
            story,
        } = self;
        title.clean_text();
        url.clean_text();
        site.clean_text();
        date.clean_text();
        source.clean_text();
        summary.clean_text();
        notes.clean_text();
        story_ends.clean_text();
        furniture.clean_text();
        story.clean_text();
    }
}

impl CleanText for Note {
    fn clean_text(&mut self) {
        self.quote.clean_text();
        self.prefix.clean_text();
        self.suffix.clean_text();
        self.text.clean_text();
    }
}

/// An author's note anchored to a passage, in the spirit of the W3C Web
/// Annotation TextQuoteSelector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The exact passage the note is about, in either text.
    pub quote: String,
    /// Text just before the passage, to pick one of several matches.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text just after the passage.
    #[serde(default)]
    pub suffix: Option<String>,
    /// Which text the note is on; unsaid, wherever the quote is found (both
    /// texts for a passage the copy kept word for word).
    #[serde(default)]
    pub side: Option<NoteSide>,
    /// The note itself, in Markdown.
    pub text: String,
}

/// The text (or texts) a note is anchored in: `side: source`,
/// `side: rewrite` or `side: both` in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteSide {
    /// The original only.
    Source,
    /// The copy only.
    Rewrite,
    /// Both: the passage must be found in each.
    Both,
}

impl NoteSide {
    /// Whether the note is looked for in the original, and in the copy.
    pub fn sides(side: Option<NoteSide>) -> (bool, bool) {
        match side {
            Some(NoteSide::Source) => (true, false),
            Some(NoteSide::Rewrite) => (false, true),
            Some(NoteSide::Both) | None => (true, true),
        }
    }
}
