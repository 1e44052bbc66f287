//! Roles: which sentences of a pasted article are its story, and which are
//! what came along with the paste (photo captions, page furniture).
//!
//! [`segment`](super::segment) cuts the text into paragraphs and sentences;
//! this module gives each sentence its role from the paragraph's text and
//! shape and from the paragraphs around it.

use super::segment::{BlockKind, Segment};
use crate::report::SentenceRole;

/// A paragraph (block) as the role rules see it.
#[derive(Debug)]
pub(crate) struct Paragraph {
    pub kind: BlockKind,
    /// The block held an image.
    pub image: bool,
    /// The block comes right after a block that was only an image.
    pub after_image: bool,
    /// Plain text: markup removed, whitespace collapsed.
    pub text: String,
}

/// Sets the role of every sentence in `segs` (each names its paragraph, an
/// index into `paragraphs`).
pub(crate) fn assign(paragraphs: &[Paragraph], segs: &mut [Segment]) {
    let mut roles = Vec::with_capacity(paragraphs.len());
    let mut boilerplate_list = false;
    for p in paragraphs {
        let mut role = match p.kind {
            BlockKind::Heading => SentenceRole::Heading,
            _ => SentenceRole::Story,
        };
        if is_boilerplate(&p.text, p.kind) {
            role = SentenceRole::Furniture;
        } else if is_caption(&p.text, p.image) {
            role = SentenceRole::Caption;
        } else if p.kind == BlockKind::ListItem && boilerplate_list {
            role = SentenceRole::Furniture;
        }
        // List items under a "Related articles" heading (or a line like it) are
        // site furniture too.
        match p.kind {
            BlockKind::ListItem => {}
            _ => boilerplate_list = role == SentenceRole::Furniture && is_list_intro(&p.text),
        }
        roles.push(role);
    }
    for s in segs {
        s.role = roles[s.paragraph];
    }
}

const CAPTION_PREFIXES: &[&str] = &[
    "photo",
    "photos",
    "image",
    "images",
    "picture",
    "pictured",
    "credit",
    "caption",
    "file photo",
    "illustration",
    "video",
    "graphic",
    "photograph",
    "photo credit",
    "source: getty",
    "main image",
    "top image",
    "above",
    "below",
];

fn is_caption(text: &str, image: bool) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    let inner = lower.trim_start_matches(['(', '[', '*', '_']).trim_start();
    for p in CAPTION_PREFIXES {
        if let Some(rest) = inner.strip_prefix(p) {
            let rest = rest.trim_start();
            if rest.starts_with([':', '—', '–', '-', '|', '/'])
                || (rest.starts_with("by ") && p.starts_with("photo"))
            {
                return true;
            }
        }
    }
    // "(Getty Images)", "Reuters/John Smith"
    let wrapped = t.starts_with('(') && t.ends_with(')') || t.starts_with('[') && t.ends_with(']');
    if wrapped
        && t.chars().count() < 200
        && (lower.contains("image")
            || lower.contains("photo")
            || lower.contains("getty")
            || lower.contains("reuters")
            || lower.contains("ap ")
            || lower.contains("afp"))
    {
        return true;
    }
    if image && t.chars().count() < 300 {
        return true;
    }
    false
}

const BOILERPLATE_STARTS: &[&str] = &[
    "related articles",
    "related article",
    "related stories",
    "related story",
    "related:",
    "related coverage",
    "read more",
    "read also",
    "also read",
    "more from",
    "more on this",
    "recommended",
    "you may also like",
    "you might also like",
    "share this",
    "share on",
    "sign up",
    "subscribe",
    "follow us",
    "advertisement",
    "click here",
    "copyright",
    "©",
    "all rights reserved",
    "most read",
    "trending",
    "more stories",
    "see also",
    "top stories",
    "don't miss",
    "do not miss",
    "watch:",
    "listen:",
    "get our",
    "join our",
    "tags:",
    "filed under",
    "latest news",
    "more news",
    "popular",
    "sponsored",
    "featured",
];

fn is_boilerplate(text: &str, kind: BlockKind) -> bool {
    let trimmed = text
        .trim()
        .trim_start_matches(['*', '_', '(', '[', '>', ' ']);
    // Both rules below are for at most 20 words: a longer paragraph is not
    // lower-cased (or counted further) to find out.
    let words = trimmed.split_whitespace().take(21).count();
    if words > 20 {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if words <= 14 && BOILERPLATE_STARTS.iter().any(|p| lower.starts_with(p)) {
        // A long body paragraph starting with "Popular" is story text.
        return words <= 8
            || kind != BlockKind::Paragraph
            || lower.contains(':')
            || lower.contains("newsletter");
    }
    lower.contains("newsletter")
        || lower.contains("sign up for")
        || lower.contains("subscribe to")
        || lower.contains("follow us on")
        || lower.contains("share this article")
        || lower.contains("all rights reserved")
}

/// A boilerplate line that introduces a list of links ("Related articles").
fn is_list_intro(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "related",
        "read more",
        "read also",
        "also read",
        "more from",
        "recommended",
        "you may also",
        "you might also",
        "most read",
        "trending",
        "more stories",
        "see also",
        "top stories",
        "latest",
        "more news",
        "popular",
        "don't miss",
    ]
    .iter()
    .any(|p| lower.contains(p))
}
