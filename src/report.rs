//! The `report.json` contract: one set of types shared by the aligner, the
//! renderer and the JSON writer. Fields may be added; none may be renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The JSON Schema of `report.json`; every build publishes it (at
/// [`paths::REPORT_SCHEMA`](crate::paths::REPORT_SCHEMA)) so a site's data
/// says what it holds.
pub const SCHEMA: &str = include_str!("report.schema.json");

/// The version of the `report.json` format, which every file gives first
/// (`"format": 2`). Version 2 (unspun 0.2) writes each diff span's length
/// instead of its text and leaves out a sentence's `role` when it is
/// `story`; version 1 had no `format` field.
pub const FORMAT_VERSION: u32 = 2;

/// One comparison: an original article, a rewritten copy, and how they relate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: Format,
    pub source: Side,
    pub rewrite: Side,
    pub alignment: Vec<Group>,
    /// The reused stretches: each maximal run of the copy taken from the
    /// original, trimmed to the reused words. The figures come from them.
    #[serde(default)]
    pub passages: Vec<Passage>,
    pub findings: Vec<Finding>,
    pub stats: Stats,
    /// What the report is about (slug, titles, publisher, URLs, dates, the
    /// unspun version and the aligner options). Filled in by whoever runs the
    /// aligner: the aligner itself knows only the two texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
}

/// The `format` field: always [`FORMAT_VERSION`]. A file of another version
/// is refused when read, since its fields would be misread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Format;

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(FORMAT_VERSION)
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match u32::deserialize(deserializer)? {
            FORMAT_VERSION => Ok(Format),
            other => Err(serde::de::Error::custom(format!(
                "report.json format {other}; this unspun reads format {FORMAT_VERSION}"
            ))),
        }
    }
}

/// A stretch of characters in one input file: `start..end` in Unicode
/// scalar values, like a sentence's offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One reused passage: where it stands on each side, how alike the two
/// stretches are, and which alignment groups it joins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub source: Span,
    pub rewrite: Span,
    /// 0.0 to 1.0, as a group's similarity.
    pub similarity: f64,
    /// Indexes into the report's `alignment`.
    pub alignment: Vec<usize>,
}

/// What a report is about, for readers of `report.json` who get the file
/// on its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct About {
    /// The report's slug (the rewrite's file stem).
    pub slug: String,
    pub source: AboutText,
    pub rewrite: AboutText,
    /// The unspun version that made the report.
    pub generator: String,
    /// The aligner options in force, as `[align]` in `site.toml` spells them.
    pub align_options: serde_json::Value,
}

/// One side's metadata from its front matter (empty for plain text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AboutText {
    pub slug: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The original's publisher, or the site that published the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Report {
    /// The bytes of a site's `report.json`: compact JSON, which programs read
    /// as well as indented JSON and which is a third smaller, and a final
    /// newline. (`unspun align --format json` prints it indented, for people.)
    pub fn to_json_file(&self) -> serde_json::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        serde_json::to_writer(&mut bytes, self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// One of the two texts, cut into sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub title: String,
    pub sentences: Vec<Sentence>,
}

impl Side {
    /// A group's text on this side, which its `diff` walks: the texts of
    /// sentences `ids` joined by one space. `None` when an id is not here.
    pub fn group_text(&self, ids: &[usize]) -> Option<String> {
        let texts = ids
            .iter()
            .map(|&i| self.sentences.get(i).map(|s| s.text.as_str()))
            .collect::<Option<Vec<&str>>>()?;
        Some(texts.join(" "))
    }
}

#[cfg(test)]
impl Side {
    /// A side of body sentences with no offsets, for tests.
    pub(crate) fn of_body_sentences(texts: &[&str]) -> Side {
        let sentences = texts
            .iter()
            .enumerate()
            .map(|(id, text)| Sentence {
                id,
                text: text.to_string(),
                start: 0,
                end: 0,
                paragraph: 0,
                role: SentenceRole::Story,
                set_aside: None,
            })
            .collect();
        Side {
            title: "t".into(),
            sentences,
        }
    }
}

/// A sentence and where it stands in the input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Index into the side's `sentences`.
    pub id: usize,
    /// The sentence as plain text (Markdown markup removed).
    pub text: String,
    /// Offset in characters (Unicode scalar values) into the file as read.
    pub start: usize,
    /// End offset (exclusive), in characters.
    pub end: usize,
    /// Index of the paragraph (block) the sentence belongs to.
    pub paragraph: usize,
    /// What kind of text this is: story text, or something a reader skims.
    /// Left out of `report.json` for `story`, most sentences.
    #[serde(default, skip_serializing_if = "SentenceRole::is_plain_story")]
    pub role: SentenceRole,
    /// For a caption or furniture: what it was recognised as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<SetAside>,
}

/// What a sentence that is not story was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetAside {
    /// A photo caption, or a short line under an image.
    Caption,
    /// A photo credit ("Photo: ...", "(Image: X/Agency)").
    Credit,
    /// "By Jane Doe", "Jane Doe, Staff Writer", "Reporting by ...".
    Byline,
    /// A dateline or a publication date on a line of its own.
    Dateline,
    /// "Source link".
    SourceLink,
    /// "Read more", "Continue reading".
    ReadMore,
    /// "Share this article", "Share on ...".
    SharePrompt,
    /// "Sign up for our newsletter", "Subscribe to ...".
    NewsletterPrompt,
    /// "We use cookies".
    CookieNotice,
    /// "Leave a comment", "0 comments".
    CommentPrompt,
    /// "Visited 1,234 times, 5 visit(s) today".
    Counter,
    /// "Tags: ...", "Filed under ...".
    Tags,
    /// A "Related articles" heading and the stories after it.
    RelatedStories,
    /// "Advertisement", "Story continues below".
    Advertisement,
    /// "Have you been affected? Share your photos with us", "Follow our live blog".
    ReaderCallout,
    /// "This is a developing story", "This article was produced with the
    /// help of automated tools".
    EditorsNotice,
    /// "© 2026 ...", "All rights reserved".
    Copyright,
    /// Trailing sentences that share nothing with the story.
    OffTopicTail,
    /// Marked as furniture by the report's author (`story_ends`, `furniture`).
    AuthorMarked,
}

impl SetAside {
    /// The name used in JSON and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            SetAside::Caption => "caption",
            SetAside::Credit => "credit",
            SetAside::Byline => "byline",
            SetAside::Dateline => "dateline",
            SetAside::SourceLink => "source_link",
            SetAside::ReadMore => "read_more",
            SetAside::SharePrompt => "share_prompt",
            SetAside::NewsletterPrompt => "newsletter_prompt",
            SetAside::CookieNotice => "cookie_notice",
            SetAside::CommentPrompt => "comment_prompt",
            SetAside::Counter => "counter",
            SetAside::Tags => "tags",
            SetAside::RelatedStories => "related_stories",
            SetAside::Advertisement => "advertisement",
            SetAside::ReaderCallout => "reader_callout",
            SetAside::EditorsNotice => "editors_notice",
            SetAside::Copyright => "copyright",
            SetAside::OffTopicTail => "off_topic_tail",
            SetAside::AuthorMarked => "author_marked",
        }
    }

    /// What a run of these is, for a reader ("share prompts").
    pub fn label(self) -> &'static str {
        match self {
            SetAside::Caption => "photo captions",
            SetAside::Credit => "photo credits",
            SetAside::Byline => "bylines",
            SetAside::Dateline => "datelines",
            SetAside::SourceLink => "source links",
            SetAside::ReadMore => "\u{201c}read more\u{201d} links",
            SetAside::SharePrompt => "share prompts",
            SetAside::NewsletterPrompt => "newsletter prompts",
            SetAside::CookieNotice => "cookie notices",
            SetAside::CommentPrompt => "comment prompts",
            SetAside::Counter => "visit counters",
            SetAside::Tags => "tags",
            SetAside::RelatedStories => "related stories",
            SetAside::Advertisement => "advertisements",
            SetAside::ReaderCallout => "calls to readers",
            SetAside::EditorsNotice => "editors' notices",
            SetAside::Copyright => "copyright lines",
            SetAside::OffTopicTail => "an off-topic tail",
            SetAside::AuthorMarked => "passages the author marked as not story",
        }
    }
}

/// Only `story` and `heading` count in the figures and findings; captions
/// and furniture are folded in the report. (`body` and `boilerplate`, the
/// names of the first contract, are still read.)
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SentenceRole {
    /// Ordinary story text.
    #[default]
    #[serde(alias = "body")]
    Story,
    /// A Markdown heading.
    Heading,
    /// A photo caption or credit.
    Caption,
    /// Page furniture that came with a paste: credits, bylines, "Source
    /// link", share and newsletter prompts, related articles.
    #[serde(alias = "boilerplate")]
    Furniture,
}

impl SentenceRole {
    /// The name used in JSON, CSV and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            SentenceRole::Story => "story",
            SentenceRole::Heading => "heading",
            SentenceRole::Caption => "caption",
            SentenceRole::Furniture => "furniture",
        }
    }

    /// Story text: counted in the figures and findings.
    pub fn is_story(self) -> bool {
        matches!(self, SentenceRole::Story | SentenceRole::Heading)
    }

    /// `story` itself (not a heading): the role `report.json` leaves unsaid.
    fn is_plain_story(&self) -> bool {
        *self == SentenceRole::Story
    }
}

/// Sentences of the source matched with sentences of the rewrite.
/// Either list may be empty: an empty `rewrite` is an omission, an empty
/// `source` an addition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub source: Vec<usize>,
    pub rewrite: Vec<usize>,
    pub relation: Relation,
    /// 0.0 (nothing shared) to 1.0 (identical).
    pub similarity: f64,
    /// Word-level differences from the group's source text (its source
    /// sentences' texts joined by one space: [`Side::group_text`]) to its
    /// rewrite text (likewise): the `equal` and `delete` spans in order
    /// cover the first, the `equal` and `insert` spans the second, each by
    /// its length ([`spell_diff`]).
    pub diff: Vec<DiffSpan>,
    /// The report page folds this row (a very long report: see
    /// `align::fold`); written only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub folded: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same words, perhaps with different punctuation or spacing.
    Identical,
    /// A few words changed.
    LightEdit,
    /// Reworded but recognisably the same content.
    Paraphrase,
    /// Source sentences with no counterpart in the rewrite.
    Omitted,
    /// Rewrite sentences with no source.
    Added,
}

/// One step of a group's word diff: an op and how many characters (Unicode
/// scalar values) it covers (`{"op": "delete", "len": 6}`). No span carries
/// text, since the group's sentences hold it all: a reader gets each span's
/// text by walking the spans over the group's two texts ([`spell_diff`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DiffSpan {
    /// The next `len` characters of both texts.
    Equal { len: usize },
    /// The next `len` characters of the source text, which the rewrite does
    /// not have.
    Delete { len: usize },
    /// The next `len` characters of the rewrite text, which the source does
    /// not have.
    Insert { len: usize },
}

impl DiffSpan {
    /// The span of `op` over `text`.
    pub fn new(op: DiffOp, text: &str) -> DiffSpan {
        let len = text.chars().count();
        match op {
            DiffOp::Equal => DiffSpan::Equal { len },
            DiffOp::Delete => DiffSpan::Delete { len },
            DiffOp::Insert => DiffSpan::Insert { len },
        }
    }

    pub fn op(&self) -> DiffOp {
        match self {
            DiffSpan::Equal { .. } => DiffOp::Equal,
            DiffSpan::Delete { .. } => DiffOp::Delete,
            DiffSpan::Insert { .. } => DiffOp::Insert,
        }
    }

    /// How many characters (Unicode scalar values) the span covers.
    pub fn len(&self) -> usize {
        match self {
            DiffSpan::Equal { len } | DiffSpan::Delete { len } | DiffSpan::Insert { len } => *len,
        }
    }

    /// Whether the span covers no character (the aligner never writes one).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Each span of a group's `diff` with its text, walked over the group's
/// source text and rewrite text (each its sentences' texts joined by one
/// space, the joins counted: [`Side::group_text`]): `equal` and `delete`
/// spans take the next `len` characters of the source text, `equal` and
/// `insert` spans the next `len` of the rewrite text. `None` when the spans
/// do not cover both texts exactly, or an `equal` span's two texts differ.
pub fn spell_diff<'t>(
    diff: &[DiffSpan],
    source: &'t str,
    rewrite: &'t str,
) -> Option<Vec<(DiffOp, &'t str)>> {
    let (mut s_at, mut r_at) = (0, 0);
    let mut out = Vec::with_capacity(diff.len());
    for span in diff {
        let len = span.len();
        let text = match span {
            DiffSpan::Equal { .. } => {
                let text = take_chars(source, &mut s_at, len)?;
                (take_chars(rewrite, &mut r_at, len)? == text).then_some(text)?
            }
            DiffSpan::Delete { .. } => take_chars(source, &mut s_at, len)?,
            DiffSpan::Insert { .. } => take_chars(rewrite, &mut r_at, len)?,
        };
        out.push((span.op(), text));
    }
    (s_at == source.len() && r_at == rewrite.len()).then_some(out)
}

/// The next `len` characters of `text` from byte `at`, moving `at` past
/// them; `None` when fewer are left.
fn take_chars<'t>(text: &'t str, at: &mut usize, len: usize) -> Option<&'t str> {
    let rest = &text[*at..];
    let end = match len {
        0 => 0,
        _ => {
            let (i, c) = rest.char_indices().nth(len - 1)?;
            i + c.len_utf8()
        }
    };
    *at += end;
    Some(&rest[..end])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// Something a reader should be told about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The number the report page gives this finding (1, 2, ...: reading
    /// order of the copy), also in its URL fragment, the CSV and the
    /// annotations. 0 until the report is numbered.
    #[serde(default)]
    pub id: usize,
    pub kind: FindingKind,
    pub source_sentence: Option<usize>,
    pub rewrite_sentence: Option<usize>,
    /// The exact passage in the source sentence (a substring of its `text`).
    pub source_text: Option<String>,
    /// The exact passage in the rewrite sentence (a substring of its `text`).
    pub rewrite_text: Option<String>,
    /// An explanation for the reader; for `note`, the author's Markdown.
    pub note: String,
    /// Further places where the same change happens (a renamed person's
    /// later mentions, the rest of a run of omitted sentences).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Place>,
    /// A minor change shown folded (a name's grammatical form, a place
    /// name's spelling convention): not in the headline counts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub minor: bool,
}

/// One more place of a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub source_sentence: Option<usize>,
    pub rewrite_sentence: Option<usize>,
    pub source_text: Option<String>,
    pub rewrite_text: Option<String>,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    #[default]
    NameChanged,
    QuoteChanged,
    QuoteDropped,
    NumberChanged,
    AttributionDropped,
    /// A quotation given to someone else, or a speaker added.
    AttributionChanged,
    /// A person's title, office or affiliation changed.
    RoleChanged,
    /// A claim negated or reversed although words overlap.
    MeaningChanged,
    Omitted,
    Added,
    Note,
}

impl FindingKind {
    pub const ALL: [FindingKind; 11] = [
        FindingKind::NameChanged,
        FindingKind::QuoteChanged,
        FindingKind::QuoteDropped,
        FindingKind::NumberChanged,
        FindingKind::AttributionDropped,
        FindingKind::AttributionChanged,
        FindingKind::RoleChanged,
        FindingKind::MeaningChanged,
        FindingKind::Omitted,
        FindingKind::Added,
        FindingKind::Note,
    ];

    /// The name used in JSON and in CSS classes, e.g. `name_changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::NameChanged => "name_changed",
            FindingKind::QuoteChanged => "quote_changed",
            FindingKind::QuoteDropped => "quote_dropped",
            FindingKind::NumberChanged => "number_changed",
            FindingKind::AttributionDropped => "attribution_dropped",
            FindingKind::AttributionChanged => "attribution_changed",
            FindingKind::RoleChanged => "role_changed",
            FindingKind::MeaningChanged => "meaning_changed",
            FindingKind::Omitted => "omitted",
            FindingKind::Added => "added",
            FindingKind::Note => "note",
        }
    }

    /// A short label for a reader, e.g. "Name changed".
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::NameChanged => "Name changed",
            FindingKind::QuoteChanged => "Quotation altered",
            FindingKind::QuoteDropped => "Quotation dropped",
            FindingKind::NumberChanged => "Number changed",
            FindingKind::AttributionDropped => "Attribution dropped",
            FindingKind::AttributionChanged => "Attribution changed",
            FindingKind::RoleChanged => "Role changed",
            FindingKind::MeaningChanged => "Meaning changed",
            FindingKind::Omitted => "Omitted",
            FindingKind::Added => "Added",
            FindingKind::Note => "Author's note",
        }
    }
}

/// Summary figures for a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub source_sentences: usize,
    pub rewrite_sentences: usize,
    /// Sentences set aside as captions or furniture, on each side: not in
    /// the figures or findings.
    #[serde(default)]
    pub source_set_aside: usize,
    #[serde(default)]
    pub rewrite_set_aside: usize,
    /// Share of the rewrite's characters that derive from the source (0..=1).
    pub rewrite_derived: f64,
    /// Share of the source's story characters that the rewrite kept (0..=1).
    pub source_kept: f64,
    /// Number of findings of each kind, every kind present (zero if none).
    pub findings: BTreeMap<FindingKind, usize>,
    /// Rows (`alignment` groups) the report page folds: past some
    /// thousands of rows or a megabyte of text (`align::fold`).
    #[serde(default)]
    pub folded_rows: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_walk_over_sentences_joined_by_one_space() {
        // Two source sentences against one: the joining space is counted.
        let source = Side::of_body_sentences(&["Zoë Brännström spoke.", "山田花子 left."]);
        let rewrite = Side::of_body_sentences(&["Zoe Branstrom spoke and 山田花江 left."]);
        let (s, r) = (
            source.group_text(&[0, 1]).unwrap(),
            rewrite.group_text(&[0]).unwrap(),
        );
        assert_eq!(s, "Zoë Brännström spoke. 山田花子 left.");
        let diff = [
            DiffSpan::new(DiffOp::Delete, "Zoë Brännström"),
            DiffSpan::new(DiffOp::Insert, "Zoe Branstrom"),
            DiffSpan::new(DiffOp::Equal, " spoke"),
            DiffSpan::new(DiffOp::Delete, ". "),
            DiffSpan::new(DiffOp::Insert, " and "),
            DiffSpan::new(DiffOp::Equal, "山田花"),
            DiffSpan::new(DiffOp::Delete, "子"),
            DiffSpan::new(DiffOp::Insert, "江"),
            DiffSpan::new(DiffOp::Equal, " left."),
        ];
        assert_eq!(diff[0], DiffSpan::Delete { len: 14 });
        let spelt = spell_diff(&diff, &s, &r).unwrap();
        assert_eq!(spelt[0], (DiffOp::Delete, "Zoë Brännström"));
        assert_eq!(spelt[3], (DiffOp::Delete, ". "));
        assert_eq!(spelt[7], (DiffOp::Insert, "江"));
        // Spans that fall short of a text, run past it, or whose equal
        // text differs between the two, spell nothing.
        assert!(spell_diff(&diff[..8], &s, &r).is_none());
        assert!(spell_diff(&diff, &format!("{s}!"), &r).is_none());
        assert!(spell_diff(&diff, &s, &r.replace("spoke", "spake")).is_none());
        assert!(spell_diff(&diff, &s[..s.len() - 1], &r).is_none());
        assert_eq!(source.group_text(&[2]), None);
    }

    #[test]
    fn every_span_is_written_as_its_op_and_length() {
        let json = serde_json::to_string(&[
            DiffSpan::Equal { len: 3 },
            DiffSpan::Delete { len: 2 },
            DiffSpan::Insert { len: 1 },
        ])
        .unwrap();
        assert_eq!(
            json,
            r#"[{"op":"equal","len":3},{"op":"delete","len":2},{"op":"insert","len":1}]"#
        );
    }
}
