//! Roles: which sentences of a pasted article are its story, and which came
//! along with the paste from the news page (photo captions and credits,
//! bylines, "Source link", share and newsletter prompts, visit counters, a
//! "Related articles" block and the stories after it, an off-topic tail).
//!
//! [`segment`](super::segment) cuts the text into paragraphs and sentences;
//! [`sentences`] has [`assign`] give each sentence its role from its own text, its
//! paragraph's text and shape, and the paragraphs around it. The report's
//! author has the last word ([`apply_overrides`]).
//!
//! The rules are written to keep story text story: a prompt is recognised by
//! the whole line ("Share this article"), never by a word that a story may use
//! ("shares fell", "read the statement"). A dateline that opens a story
//! sentence ("KESTRELFORD, March 3 (Agency) - The council...") stays part of
//! that story sentence: cutting it off would split a sentence the copy
//! reuses; only a dateline on a line of its own is set aside.

use std::collections::HashMap;

use super::calendar;
use super::segment::{cut, BlockKind, Paragraph, Segment};
use crate::report::{SentenceRole, SetAside};

/// `file[body_start..]` cut into sentences, each with its role.
pub fn sentences(file: &str, body_start: usize) -> Vec<Segment> {
    let (mut segs, paragraphs) = cut(file, body_start);
    assign(&paragraphs, &mut segs);
    segs
}

/// Sets the role of every sentence in `segs` (each names its paragraph, an
/// index into `paragraphs`; they come in paragraph order).
pub(crate) fn assign(paragraphs: &[Paragraph], segs: &mut [Segment]) {
    // Each paragraph's sentences, as a range of `segs`.
    let mut ranges = vec![(0, 0); paragraphs.len()];
    let mut at = 0;
    while at < segs.len() {
        let p = segs[at].paragraph;
        let start = at;
        while at < segs.len() && segs[at].paragraph == p {
            at += 1;
        }
        if let Some(r) = ranges.get_mut(p) {
            *r = (start, at);
        }
    }
    for (p, &(a, b)) in paragraphs.iter().zip(&ranges) {
        classify_paragraph(p, &mut segs[a..b]);
    }
    mark_related_sections(paragraphs, &ranges, segs);
    mark_off_topic_tail(segs);
}

fn set(seg: &mut Segment, role: SentenceRole, why: SetAside) {
    seg.role = role;
    seg.set_aside = Some(why);
}

fn set_furniture(seg: &mut Segment, why: SetAside) {
    set(seg, SentenceRole::Furniture, why);
}

/// The roles of one paragraph's sentences, from their own text.
fn classify_paragraph(p: &Paragraph, segs: &mut [Segment]) {
    let base = match p.kind {
        BlockKind::Heading => SentenceRole::Heading,
        _ => SentenceRole::Story,
    };
    for s in segs.iter_mut() {
        s.role = base;
        s.set_aside = None;
    }
    if let Some(why) = furniture_line(&p.text) {
        segs.iter_mut().for_each(|s| set_furniture(s, why));
        return;
    }
    if is_caption_paragraph(p, segs) {
        for s in segs.iter_mut() {
            let why = match credit_line(&s.text) {
                true => SetAside::Credit,
                false => SetAside::Caption,
            };
            set(s, SentenceRole::Caption, why);
        }
        return;
    }
    if segs.len() < 2 {
        return;
    }
    // A prompt or a credit inside a paragraph of story (a paste without
    // paragraph breaks).
    for s in segs.iter_mut() {
        if let Some(why) = furniture_line(&s.text) {
            set_furniture(s, why);
        } else if credit_line(&s.text) {
            set(s, SentenceRole::Caption, SetAside::Credit);
        }
    }
}

/// Longest caption kept whole, in characters.
const MAX_CAPTION_CHARS: usize = 400;

fn is_caption_paragraph(p: &Paragraph, segs: &[Segment]) -> bool {
    if p.kind == BlockKind::Heading {
        return false;
    }
    let chars = p.text.chars().count();
    if p.image && chars < 300 {
        return true;
    }
    // A short line right under an image.
    if p.after_image && chars <= 250 && segs.len() <= 2 {
        return true;
    }
    if caption_prefix(&p.text) || wrapped_credit(&p.text) {
        return true;
    }
    // A sentence or two ending in a credit: "Crowds gather on Monday.
    // Photo: Mats Ekholm / VB", "... (Image: Kestrel Press/Agency)".
    if chars <= MAX_CAPTION_CHARS && segs.len() <= 3 {
        let last = segs.last().map_or("", |s| s.text.as_str());
        return segs.len() > 1 && (credit_line(last) || caption_prefix(last))
            || ends_with_wrapped_credit(&p.text);
    }
    false
}

const CAPTION_PREFIXES: &[&str] = &[
    "photo credit",
    "photograph",
    "photos",
    "photo",
    "images",
    "image credit",
    "image source",
    "image",
    "pictured",
    "picture",
    "credit",
    "caption",
    "file photo",
    "illustration",
    "graphic",
    "main image",
    "top image",
    "video",
];

/// "Photo: ...", "Image credit - ...", "Photo by ...".
fn caption_prefix(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['(', '[', '*', '_'])
        .trim_start();
    let head: String = t.chars().take(20).collect::<String>().to_lowercase();
    CAPTION_PREFIXES.iter().any(|p| {
        head.strip_prefix(p).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with([':', '—', '–', '|', '/'])
                || rest.starts_with("- ")
                || (rest.starts_with("by ") && p.starts_with("photo"))
        })
    })
}

/// Names of photo agencies and libraries that sign credits.
const CREDIT_NAMES: &[&str] = &[
    "getty images",
    "getty",
    "shutterstock",
    "alamy",
    "ap photo",
    "afp",
    "reuters",
    "epa",
    "istock",
    "pa images",
    "pa wire",
    "handout",
];

/// A credit on its own: "REUTERS/John Smith", "Mats Ekholm / VB",
/// "Photo: Reuters", "(Image: Kestrel Press/Agency)", "AFP via Getty Images".
fn credit_line(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(['(', ')', '[', ']', '*', '_', '.', ' ']);
    // Most sentences are longer than any credit: not looked at further.
    let count = t.split_whitespace().take(11).count();
    if count == 0 || count > 10 {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if caption_prefix(t) {
        return words.len() <= 8;
    }
    let lower = t.to_lowercase();
    if CREDIT_NAMES
        .iter()
        .any(|n| lower.ends_with(n) && (lower.len() == n.len() || lower.contains(" via ")))
    {
        return true;
    }
    // Names and agencies with a slash between them, every word capitalised.
    t.contains('/')
        && words.len() <= 8
        && words
            .iter()
            .map(|w| w.trim_matches(['/', '-', ',']))
            .filter(|w| !w.is_empty())
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// "(Getty Images)", "[Photo: Reuters]".
fn wrapped_credit(text: &str) -> bool {
    let t = text.trim();
    let wrapped = t.starts_with('(') && t.ends_with(')') || t.starts_with('[') && t.ends_with(']');
    wrapped && t.chars().count() < 200 && credit_line(t)
}

/// A paragraph ending in "(Photo: ...)" or "(Image: X/Agency)".
fn ends_with_wrapped_credit(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches('.');
    let Some(inner) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = &inner[open + 1..];
    caption_prefix(credit) || credit_line(credit) && credit.contains('/')
}

/// Whether one line (a paragraph, or a sentence) is page furniture, and which.
pub(crate) fn furniture_line(text: &str) -> Option<SetAside> {
    let raw = text.trim();
    // Most story sentences are longer than any prompt: not lower-cased to
    // find out.
    let words = raw.split_whitespace().take(41).count();
    if words == 0 || words > 40 {
        return None;
    }
    // Every prompt is told by its first words: only the head of a line is
    // lower-cased, the whole of it only when it is short.
    let short = raw.len() <= HEAD_BYTES;
    let head = match short {
        true => normalized_line(raw),
        false => normalized_line(&raw[..floor_char_boundary(raw, HEAD_BYTES)]),
    };
    if words <= 16 {
        if let Some(why) = byline_or_dateline(raw, &head, words) {
            return Some(why);
        }
    }
    if short {
        if let Some(why) = exact_line(&head) {
            return Some(why);
        }
    }
    if words <= 25 {
        if let Some(why) = prompt_prefix(&head, short) {
            return Some(why);
        }
        if words <= 12 && raw.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(why) = counter_line(&head) {
                return Some(why);
            }
        }
    }
    let reserved = words <= 20 && raw.contains("eserved");
    match reserved && !short {
        true => cookie_or_copyright(&normalized_line(raw), words),
        false => cookie_or_copyright(&head, words),
    }
}

/// Bytes of a line lower-cased to tell a prompt (longer than any prefix).
const HEAD_BYTES: usize = 64;

/// The largest char boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Lower case, markup and decoration at the edges removed, one space
/// between words: "**Share this article »**" -> "share this article".
fn normalized_line(text: &str) -> String {
    let edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '*' | '_'
                    | '#'
                    | '>'
                    | '<'
                    | '»'
                    | '«'
                    | '›'
                    | '‹'
                    | '→'
                    | '←'
                    | '|'
                    | '•'
                    | '·'
                    | '-'
                    | '–'
                    | '—'
                    | ':'
                    | '.'
                    | '!'
                    | '…'
                    | '['
                    | ']'
                    | '('
                    | ')'
                    | '+'
            )
    };
    let t = text.trim_matches(edge);
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase).map(|c| match c {
            '’' | '‘' => '\'',
            c => c,
        }));
    }
    out
}

const SOURCE_LINKS: &[&str] = &[
    "source link",
    "source links",
    "link to source",
    "original source",
    "original article",
    "view original article",
    "source",
    "sources",
];
const READ_MORE: &[&str] = &[
    "read more",
    "read more here",
    "continue reading",
    "continue reading the main story",
    "continue reading the full story",
    "read the full story",
    "read the full article",
    "read full article",
    "read full story",
    "full story",
    "click here to read more",
    "show more",
    "see more",
    "load more",
    "view more",
    "read on",
    "keep reading",
    "read the rest",
    "read the original article",
];
const SHARES: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share this page",
    "share article",
    "share story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "share on whatsapp",
    "share via email",
    "share via",
    "tweet",
    "tweet this",
    "email",
    "email this article",
    "print",
    "print this article",
    "copy link",
    "copy link to clipboard",
    "link copied",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "save",
    "save article",
    "save for later",
    "bookmark",
    "gift article",
    "listen to this article",
    "follow us",
];
const NEWSLETTERS: &[&str] = &[
    "subscribe",
    "subscribe now",
    "subscribe today",
    "sign up",
    "sign up now",
    "sign up here",
    "newsletter",
    "newsletters",
    "get our newsletter",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "join our newsletter",
];
const COMMENTS: &[&str] = &[
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "add comment",
    "view comments",
    "show comments",
    "see comments",
    "no comments",
    "no comments yet",
    "be the first to comment",
    "join the conversation",
    "join the discussion",
    "comments are closed",
    "cancel reply",
];
const ADVERTISEMENTS: &[&str] = &[
    "advertisement",
    "advertisements",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "promoted",
    "promoted content",
    "skip advertisement",
    "advertisement - scroll to continue",
    "scroll to continue with content",
];
/// Headings that open a block of other stories.
const RELATED: &[&str] = &[
    "related",
    "related article",
    "related articles",
    "related story",
    "related stories",
    "related coverage",
    "related content",
    "related news",
    "related posts",
    "related post",
    "related reading",
    "related links",
    "related topics",
    "more stories",
    "more news",
    "more like this",
    "more on this story",
    "more on this",
    "more to read",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "you might be interested in",
    "recommended",
    "recommended for you",
    "recommended stories",
    "recommended reading",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "latest stories",
    "latest",
    "see also",
    "also read",
    "read also",
    "read next",
    "up next",
    "what to read next",
    "don't miss",
    "do not miss",
    "in other news",
    "editor's picks",
    "popular now",
    "further reading",
];

fn exact_line(line: &str) -> Option<SetAside> {
    let table: [(&[&str], SetAside); 7] = [
        (SOURCE_LINKS, SetAside::SourceLink),
        (READ_MORE, SetAside::ReadMore),
        (SHARES, SetAside::SharePrompt),
        (NEWSLETTERS, SetAside::NewsletterPrompt),
        (COMMENTS, SetAside::CommentPrompt),
        (ADVERTISEMENTS, SetAside::Advertisement),
        (RELATED, SetAside::RelatedStories),
    ];
    for (lines, why) in table {
        if lines.contains(&line) {
            return Some(why);
        }
    }
    if is_continuation(line) {
        return Some(SetAside::Advertisement);
    }
    if line.starts_with("more from ") && line.split(' ').count() <= 6 {
        return Some(SetAside::RelatedStories);
    }
    None
}

/// "Story continues below advertisement": the story goes on after it.
fn is_continuation(line: &str) -> bool {
    line.split(' ').count() <= 8
        && ["story continues", "article continues", "content continues"]
            .iter()
            .any(|p| line.starts_with(p) || line.starts_with(&format!("the {p}")))
        || line == "continue reading below"
}

/// Lines that open with a prompt's words (the line is at most 25 words).
fn prompt_prefix(line: &str, whole: bool) -> Option<SetAside> {
    const PREFIXES: &[(&str, SetAside)] = &[
        ("source link", SetAside::SourceLink),
        ("source:", SetAside::SourceLink),
        ("read more:", SetAside::ReadMore),
        ("read more at ", SetAside::ReadMore),
        ("read more on ", SetAside::ReadMore),
        ("read more about ", SetAside::ReadMore),
        ("read more from ", SetAside::ReadMore),
        ("read more stories", SetAside::ReadMore),
        ("read also:", SetAside::ReadMore),
        ("also read:", SetAside::ReadMore),
        ("read next:", SetAside::ReadMore),
        ("see also:", SetAside::ReadMore),
        ("continue reading on ", SetAside::ReadMore),
        ("continue reading at ", SetAside::ReadMore),
        ("click here to ", SetAside::ReadMore),
        (
            "this article was originally published",
            SetAside::SourceLink,
        ),
        ("this story was originally published", SetAside::SourceLink),
        ("this article originally appeared", SetAside::SourceLink),
        ("this story originally appeared", SetAside::SourceLink),
        ("originally published", SetAside::SourceLink),
        ("related:", SetAside::RelatedStories),
        ("you may also like:", SetAside::RelatedStories),
        ("you might also like:", SetAside::RelatedStories),
        ("related article:", SetAside::RelatedStories),
        ("related story:", SetAside::RelatedStories),
        ("share this:", SetAside::SharePrompt),
        ("share this article", SetAside::SharePrompt),
        ("share this story", SetAside::SharePrompt),
        ("share this post", SetAside::SharePrompt),
        ("share on ", SetAside::SharePrompt),
        ("share via ", SetAside::SharePrompt),
        ("share to ", SetAside::SharePrompt),
        ("share with your friends", SetAside::SharePrompt),
        ("click to share", SetAside::SharePrompt),
        ("follow us on ", SetAside::SharePrompt),
        ("follow us:", SetAside::SharePrompt),
        ("like us on facebook", SetAside::SharePrompt),
        ("sign up for our ", SetAside::NewsletterPrompt),
        ("sign up to our ", SetAside::NewsletterPrompt),
        ("sign up to receive", SetAside::NewsletterPrompt),
        ("sign up here", SetAside::NewsletterPrompt),
        ("sign up now", SetAside::NewsletterPrompt),
        ("subscribe to our ", SetAside::NewsletterPrompt),
        ("subscribe now", SetAside::NewsletterPrompt),
        ("subscribe today", SetAside::NewsletterPrompt),
        ("subscribe for ", SetAside::NewsletterPrompt),
        ("get our free ", SetAside::NewsletterPrompt),
        ("get our daily ", SetAside::NewsletterPrompt),
        ("get our newsletter", SetAside::NewsletterPrompt),
        ("join our newsletter", SetAside::NewsletterPrompt),
        ("newsletter:", SetAside::NewsletterPrompt),
        ("never miss a ", SetAside::NewsletterPrompt),
        ("leave a comment", SetAside::CommentPrompt),
        ("leave a reply", SetAside::CommentPrompt),
        ("post a comment", SetAside::CommentPrompt),
        (
            "your email address will not be published",
            SetAside::CommentPrompt,
        ),
        ("required fields are marked", SetAside::CommentPrompt),
        ("comments are closed", SetAside::CommentPrompt),
        (
            "you must be logged in to post a comment",
            SetAside::CommentPrompt,
        ),
        ("log in to comment", SetAside::CommentPrompt),
        ("sign in to comment", SetAside::CommentPrompt),
        ("have you been affected", SetAside::ReaderCallout),
        ("were you affected", SetAside::ReaderCallout),
        ("are you affected", SetAside::ReaderCallout),
        ("do you work at", SetAside::ReaderCallout),
        ("do you have a story", SetAside::ReaderCallout),
        ("get in touch with our", SetAside::ReaderCallout),
        ("get in touch with us", SetAside::ReaderCallout),
        ("contact our newsroom", SetAside::ReaderCallout),
        ("email us at", SetAside::ReaderCallout),
        ("tell us your", SetAside::ReaderCallout),
        ("send us your", SetAside::ReaderCallout),
        ("share your photos", SetAside::ReaderCallout),
        ("share your story", SetAside::ReaderCallout),
        ("share your experience", SetAside::ReaderCallout),
        ("share your views", SetAside::ReaderCallout),
        ("follow our live", SetAside::ReaderCallout),
        ("this is a developing story", SetAside::EditorsNotice),
        ("this story is developing", SetAside::EditorsNotice),
        ("this story will be updated", SetAside::EditorsNotice),
        ("this article will be updated", SetAside::EditorsNotice),
        ("this article was produced with", SetAside::EditorsNotice),
        ("this article was generated", SetAside::EditorsNotice),
        (
            "this article was written with the help",
            SetAside::EditorsNotice,
        ),
        ("this content was produced", SetAside::EditorsNotice),
        ("tags:", SetAside::Tags),
        ("tags ", SetAside::Tags),
        ("tagged:", SetAside::Tags),
        ("tagged with", SetAside::Tags),
        ("topics:", SetAside::Tags),
        ("filed under", SetAside::Tags),
        ("categories:", SetAside::Tags),
        ("category:", SetAside::Tags),
        ("posted in:", SetAside::Tags),
        ("keywords:", SetAside::Tags),
        ("advertisement:", SetAside::Advertisement),
        ("advertisement -", SetAside::Advertisement),
        ("advertisement –", SetAside::Advertisement),
        ("sponsored:", SetAside::Advertisement),
        ("sponsored by ", SetAside::Advertisement),
        ("paid partnership", SetAside::Advertisement),
        ("ad:", SetAside::Advertisement),
    ];
    // "Subscribe to get the roundup in your inbox every Friday."
    if (line.starts_with("subscribe") || line.starts_with("sign up"))
        && [
            "newsletter",
            "inbox",
            "roundup",
            "briefing",
            "alerts",
            "email",
        ]
        .iter()
        .any(|w| line.contains(w))
    {
        return Some(SetAside::NewsletterPrompt);
    }
    // "Home › News › Transport": a site's breadcrumbs, its sections' path.
    if whole
        && ["home ›", "home »", "home >", "home /", "home |"]
            .iter()
            .any(|p| line.starts_with(p))
        && line.split(' ').count() <= 12
    {
        return Some(SetAside::Tags);
    }
    // "Like this story?", "Follow CoastlineBuzz for more!"
    if whole
        && (line == "like this story?"
            || line == "like this article?"
            || (line.starts_with("follow ")
                && line.ends_with(" for more")
                && line.split(' ').count() <= 6))
    {
        return Some(SetAside::ReaderCallout);
    }
    // "Want more election coverage?"
    if whole
        && line.starts_with("want more ")
        && line.ends_with('?')
        && line.split(' ').count() <= 8
    {
        return Some(SetAside::ReaderCallout);
    }
    let (prefix, why) = PREFIXES.iter().find(|(p, _)| line.starts_with(p))?;
    // "Tags Kestrelford, council, budget": a tags line has no verb-like
    // lower-case run; "tags " is only taken with commas after it.
    if *prefix == "tags " && !(whole && line.contains(',')) {
        return None;
    }
    // "Sponsored by the council, the festival..." is a story sentence; a
    // sponsor line is short.
    if *prefix == "sponsored by " && !(whole && line.split(' ').count() <= 6) {
        return None;
    }
    Some(*why)
}

/// "Visited 1,234 times, 5 visit(s) today", "0 comments", "1.2k views",
/// "4 min read": a line of numbers and counter words only.
fn counter_line(line: &str) -> Option<SetAside> {
    const WORDS: &[&str] = &[
        "visited", "visit", "visits", "times", "time", "today", "views", "view", "reads", "shares",
        "likes", "comments", "comment", "min", "mins", "minute", "minutes", "read", "reading",
        "total", "this", "week",
    ];
    let mut numbers = 0;
    let mut counted = false;
    let mut comments = false;
    for w in line
        .split([' ', ',', '|', '·', ';'])
        .filter(|w| !w.is_empty())
    {
        let w = w.trim_end_matches("(s)").trim_matches(['(', ')', ':', '.']);
        if w.is_empty() {
            continue;
        }
        let digits = w.trim_end_matches(['k', 'm']);
        if !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            numbers += 1;
        } else if WORDS.contains(&w) {
            counted |= w != "read" && w != "reading" && w != "this";
            comments |= w.starts_with("comment");
        } else {
            return None;
        }
    }
    match (numbers > 0, counted || line.ends_with(" read")) {
        (true, true) if comments => Some(SetAside::CommentPrompt),
        (true, true) => Some(SetAside::Counter),
        _ => None,
    }
}

fn cookie_or_copyright(line: &str, words: usize) -> Option<SetAside> {
    const COOKIES: &[&str] = &[
        "we use cookies",
        "this website uses cookies",
        "this site uses cookies",
        "our website uses cookies",
        "our site uses cookies",
        "by continuing to use this",
        "by using this site",
        "by using this website",
        "accept all cookies",
        "accept cookies",
        "manage cookies",
        "cookie settings",
        "cookie policy",
        "cookie preferences",
    ];
    if COOKIES.iter().any(|c| line.starts_with(c)) {
        return Some(SetAside::CookieNotice);
    }
    let copyright = line.starts_with('©')
        || line.starts_with("(c) ")
        || line.starts_with("copyright ©")
        || line.starts_with("copyright (c)")
        || line
            .strip_prefix("copyright ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    if copyright && words <= 30 || words <= 20 && line.contains("all rights reserved") {
        return Some(SetAside::Copyright);
    }
    None
}

/// Words that can join the names of a byline.
const NAME_JOINERS: &[&str] = &[
    "and", "de", "van", "von", "der", "den", "da", "di", "du", "del", "dos", "la", "le", "al",
    "bin", "ibn", "y", "&",
];

/// Words of a reporter's title after a name.
const STAFF_WORDS: &[&str] = &[
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "journalist",
    "contributor",
    "columnist",
    "staff",
    "freelance",
    "bureau",
];

/// "By Jane Doe", "BY JANE DOE | Kestrel Times", "Reporting by Jane Doe;
/// Editing by Tom Roe", "Jane Doe, Staff Writer", a dateline or a
/// publication date on a line of its own.
fn byline_or_dateline(raw: &str, head: &str, words: usize) -> Option<SetAside> {
    const FIRST_WORDS: &[&str] = &[
        "by",
        "written",
        "words",
        "story",
        "report",
        "reporting",
        "additional",
        "editing",
        "edited",
        "compiled",
        "text",
        "published",
        "updated",
        "posted",
        "last",
        "first",
        "modified",
    ];
    // Only lines that open as a byline or a date, or are short enough to be
    // "Jane Doe, Staff Writer" or a dateline, are looked at further.
    let first = head.split(' ').next().unwrap_or("");
    let first = first.trim_end_matches([',', '.', ':']);
    let opens = FIRST_WORDS.contains(&first)
        || calendar::is_month(first)
        || calendar::is_weekday(first)
        || first.starts_with(|c: char| c.is_ascii_digit());
    if !opens && words > 10 {
        return None;
    }
    let t = raw.trim_matches(|c: char| {
        matches!(c, '*' | '_' | '(' | ')' | '[' | ']') || c.is_whitespace()
    });
    let lower = t.to_lowercase();
    // Each part of "Reporting by A; Editing by B".
    let by_parts = lower
        .split(';')
        .zip(t.split(';'))
        .map(|(l, o)| {
            let l = l.trim_start();
            let skip = o.len() - o.trim_start().len();
            let by = [
                "by ",
                "written by ",
                "words by ",
                "story by ",
                "report by ",
                "reporting by ",
                "additional reporting by ",
                "editing by ",
                "edited by ",
                "compiled by ",
                "text by ",
            ]
            .iter()
            .find(|p| l.starts_with(*p))?;
            Some(&o[skip + by.len()..])
        })
        .collect::<Option<Vec<&str>>>();
    if let Some(parts) = by_parts {
        if parts.iter().all(|names| is_byline_names(names)) {
            return Some(SetAside::Byline);
        }
    }
    // "Jane Doe, Staff Writer"
    if let Some((name, title)) = t.split_once([',', '|']) {
        let title = title.to_lowercase();
        if words <= 10
            && is_name(name.trim())
            && title
                .split_whitespace()
                .any(|w| STAFF_WORDS.contains(&w.trim_matches(['.', ','])))
        {
            return Some(SetAside::Byline);
        }
    }
    if is_date_line(&lower) || is_standalone_dateline(t) {
        return Some(SetAside::Dateline);
    }
    None
}

/// The names after "By": a name, then perhaps an outlet or a title after a
/// separator ("Jane Doe | Kestrel Times", "Jane Doe, Staff Writer").
fn is_byline_names(text: &str) -> bool {
    let name = text
        .split(['|', ',', '/', '—', '–'])
        .next()
        .unwrap_or("")
        .split(" - ")
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    is_name(name)
}

/// Two to eight capitalised words (joiners allowed), not a date: "Jane Doe",
/// "Ana de la Cruz", "The Associated Press".
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=8).contains(&words.len()) {
        return false;
    }
    let first = words[0].to_lowercase();
    let first = first.trim_end_matches([',', '.']);
    if calendar::is_month(first) || calendar::is_weekday(first) {
        return false;
    }
    let mut capitals = 0;
    for w in &words {
        let lw = w.to_lowercase();
        if NAME_JOINERS.contains(&lw.as_str()) {
            continue;
        }
        let letters = w.trim_matches(|c: char| !c.is_alphanumeric());
        match letters.chars().next() {
            Some(c) if c.is_uppercase() => capitals += 1,
            _ => return false,
        }
    }
    capitals >= 2
}

/// "Published 3 March 2026, 10:42 GMT", "Updated: 2 hours ago", "March 3,
/// 2026": date and time words only.
fn is_date_line(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last",
        "first",
        "modified",
        "on",
        "at",
        "date",
        "the",
        "of",
        "ago",
        "hours",
        "hour",
        "minutes",
        "minute",
        "mins",
        "days",
        "day",
        "am",
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "et",
        "est",
        "edt",
        "pt",
        "pst",
        "pdt",
    ];
    let mut dated = false;
    let mut count = 0;
    for w in lower
        .split([' ', ',', '|', '·', '/', '-', '–', '—'])
        .filter(|w| !w.is_empty())
    {
        let w = w.trim_matches(['(', ')', ':', '.']);
        if w.is_empty() {
            continue;
        }
        count += 1;
        if calendar::is_month(w) || calendar::is_weekday(w) || w == "ago" {
            dated = true;
        } else if w
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            dated |= w.len() == 4;
        } else if ["st", "nd", "rd", "th", "am", "pm"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ':'))
        {
            // "3rd", "10am"
        } else if !WORDS.contains(&w) {
            return false;
        }
    }
    dated && count <= 14
}

/// "KESTRELFORD, March 3 (Agency) -" on a line of its own: a place in
/// capitals, and a dash at the end.
fn is_standalone_dateline(t: &str) -> bool {
    let Some(body) = t.trim_end().strip_suffix(['-', '–', '—']) else {
        return false;
    };
    let first = body.split([',', ' ', '(']).next().unwrap_or("");
    first.chars().count() >= 3
        && first
            .chars()
            .all(|c| c.is_uppercase() || c == '-' || c == '.')
        && body.split_whitespace().count() <= 10
}

/// A "Related articles" heading (or a line like it), and what follows it:
/// the links listed under it, or, when it is followed by paragraphs, every
/// story after it, to the end or to a line saying the story continues.
fn mark_related_sections(
    paragraphs: &[Paragraph],
    ranges: &[(usize, usize)],
    segs: &mut [Segment],
) {
    let lists_follow = |p: usize| {
        paragraphs
            .get(p + 1)
            .is_some_and(|n| n.kind == BlockKind::ListItem)
    };
    let mut p = 0;
    while p < paragraphs.len() {
        let (a, b) = ranges[p];
        let intro = b == a + 1
            && segs[a].set_aside == Some(SetAside::RelatedStories)
            && paragraphs[p].kind != BlockKind::ListItem;
        // A "Read more:" or "Related:" line over a list of links counts too.
        let lead = b > a
            && matches!(
                segs[b - 1].set_aside,
                Some(SetAside::RelatedStories | SetAside::ReadMore)
            );
        if !(intro || lead && lists_follow(p)) {
            p += 1;
            continue;
        }
        let list = lists_follow(p);
        let mut q = p + 1;
        while q < paragraphs.len() {
            let next = &paragraphs[q];
            if list && next.kind != BlockKind::ListItem {
                break;
            }
            let (a, b) = ranges[q];
            if !list && is_continuation(&normalized_line(&next.text)) {
                break;
            }
            for s in &mut segs[a..b] {
                if s.role.is_story() {
                    set_furniture(s, SetAside::RelatedStories);
                }
            }
            q += 1;
        }
        p = q;
    }
}

/// Words too common to tell one story from another.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "also",
    "although",
    "among",
    "another",
    "around",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "came",
    "come",
    "could",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "first",
    "from",
    "further",
    "given",
    "going",
    "have",
    "having",
    "here",
    "however",
    "including",
    "into",
    "itself",
    "just",
    "last",
    "later",
    "like",
    "made",
    "make",
    "many",
    "more",
    "most",
    "much",
    "must",
    "never",
    "next",
    "only",
    "other",
    "others",
    "over",
    "said",
    "same",
    "says",
    "should",
    "since",
    "some",
    "still",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "three",
    "through",
    "told",
    "under",
    "until",
    "upon",
    "very",
    "want",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "your",
    "yours",
    "week",
    "weeks",
    "time",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "people",
    "according",
    "percent",
    "according",
    "four",
    "five",
    "seven",
    "eight",
    "nine",
    "several",
    "well",
    "back",
    "know",
    "take",
    "took",
    "become",
    "became",
    "part",
    "used",
    "using",
    "make",
    "makes",
    "getting",
    "good",
    "best",
];

/// A sentence's content words, each cut to its first five letters so that
/// inflections meet ("councillors" and "council"), as numbers.
fn content_stems(text: &str) -> Vec<u64> {
    static STOPS: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    let mut out: Vec<u64> = Vec::new();
    let mut buf = [0u8; 16];
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 4 || w.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        // Stop words are short and ASCII: looked up without allocating.
        if w.len() <= buf.len() && w.is_ascii() {
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            if std::str::from_utf8(lower).is_ok_and(|l| STOPS.contains(l)) {
                continue;
            }
        }
        let mut stem = 0u64;
        for c in w.chars().flat_map(char::to_lowercase).take(5) {
            stem = stem << 12 ^ u64::from(c);
        }
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// Story sentences that must stay before an off-topic tail.
const MIN_STORY_BEFORE_TAIL: usize = 5;
/// Content words an off-topic tail must hold in all, so that a short closing
/// line of the story ("Tickets cost 12 euros.") is never taken for one.
const MIN_TAIL_WORDS: usize = 10;

/// The longest off-topic tail looked for, in sentences.
const MAX_TAIL_SENTENCES: usize = 40;

/// Trailing story sentences after the page's furniture that share no
/// content word with the story before them: another article pasted on the
/// end.
fn mark_off_topic_tail(segs: &mut [Segment]) {
    // A tail comes after furniture: with none among the last sentences
    // there is nothing to look for.
    let Some(last_story) = segs.iter().rposition(|s| s.role.is_story()) else {
        return;
    };
    let window = last_story.saturating_sub(MAX_TAIL_SENTENCES + 1);
    if segs[window..last_story].iter().all(|s| s.role.is_story()) {
        return;
    }
    let story: Vec<usize> = (0..segs.len())
        .filter(|&i| segs[i].role.is_story())
        .collect();
    if story.len() < MIN_STORY_BEFORE_TAIL + 1 {
        return;
    }
    let stems: Vec<Vec<u64>> = story
        .iter()
        .map(|&i| content_stems(&segs[i].text))
        .collect();
    // How many story sentences before the tail use each stem.
    let mut before: HashMap<u64, usize> = HashMap::new();
    for s in &stems {
        for &w in s {
            *before.entry(w).or_default() += 1;
        }
    }
    // The longest tail (of at most MAX_TAIL_SENTENCES) that shares no word
    // with the story before it; its sentences may share words among
    // themselves.
    let mut tail_start = story.len();
    let mut tail_words = 0;
    let mut in_tail: Vec<u64> = Vec::new();
    let lowest = MIN_STORY_BEFORE_TAIL.max(story.len().saturating_sub(MAX_TAIL_SENTENCES));
    for k in (lowest..story.len()).rev() {
        // A sentence with too few words to tell ends the search.
        if stems[k].len() < 3 {
            break;
        }
        for &w in &stems[k] {
            if let Some(n) = before.get_mut(&w) {
                *n -= 1;
            }
            if !in_tail.contains(&w) {
                in_tail.push(w);
            }
        }
        if in_tail
            .iter()
            .all(|w| before.get(w).is_none_or(|&n| n == 0))
        {
            tail_start = k;
            tail_words = in_tail.len();
        }
    }
    let tail = &story[tail_start.min(story.len())..];
    let Some(&first) = tail.first() else {
        return;
    };
    // Zero shared words alone do not tell: a story's own closing lines
    // often share no word with it ("The last drought, in 2018, lasted four
    // months."). What a paste adds after the story comes after the page's
    // furniture ("Source link", share prompts), in a paragraph of its own.
    let new_paragraph = first == 0 || segs[first - 1].paragraph != segs[first].paragraph;
    let after_furniture = first > 0 && !segs[first - 1].role.is_story();
    if tail_words < MIN_TAIL_WORDS || !new_paragraph || !after_furniture {
        return;
    }
    for &i in tail {
        set_furniture(&mut segs[i], SetAside::OffTopicTail);
    }
}

/// The report author's word on what is story, from a text's front matter.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoleOverrides<'a> {
    /// A quotation of the first text that is not story: it and everything
    /// after it are furniture.
    pub story_ends: Option<&'a str>,
    /// Quotations of passages that are furniture.
    pub furniture: &'a [String],
    /// Quotations of passages that are story, whatever the rules say.
    pub story: &'a [String],
}

impl<'a> RoleOverrides<'a> {
    pub fn is_empty(&self) -> bool {
        self.story_ends.is_none() && self.furniture.is_empty() && self.story.is_empty()
    }

    /// Every quotation, with the front-matter key it comes from and its
    /// place in that key's list.
    pub fn quotes(&self) -> impl Iterator<Item = Quote<'a>> {
        let ends = self.story_ends.map(|text| Quote {
            key: "story_ends",
            index: 0,
            text,
        });
        let list = |key: &'static str, quotes: &'a [String]| {
            quotes.iter().enumerate().map(move |(index, q)| Quote {
                key,
                index,
                text: q.as_str(),
            })
        };
        ends.into_iter()
            .chain(list("furniture", self.furniture))
            .chain(list("story", self.story))
    }
}

/// One of the author's quotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote<'a> {
    /// The front-matter key: `story_ends`, `furniture` or `story`.
    pub key: &'static str,
    /// Its place in the key's list (0 for `story_ends`).
    pub index: usize,
    pub text: &'a str,
}

/// Applies the author's overrides: first `story_ends`, then `furniture`,
/// then `story` (so a passage can be kept as story inside what
/// `story_ends` set aside). A quotation that is not found changes nothing
/// (the loader reports it, see [`unmatched`]).
pub(crate) fn apply_overrides(file: &str, segs: &mut [Segment], overrides: &RoleOverrides) {
    if overrides.is_empty() {
        return;
    }
    let finder = QuoteFinder::new(file, segs);
    if let Some(from) = overrides.story_ends.and_then(|q| finder.sentences(q)) {
        for s in &mut segs[from.0..] {
            if s.role.is_story() {
                set_furniture(s, SetAside::AuthorMarked);
            }
        }
    }
    for q in overrides.furniture {
        if let Some((a, b)) = finder.sentences(q) {
            segs[a..b]
                .iter_mut()
                .for_each(|s| set_furniture(s, SetAside::AuthorMarked));
        }
    }
    for q in overrides.story {
        if let Some((a, b)) = finder.sentences(q) {
            for s in &mut segs[a..b] {
                s.role = SentenceRole::Story;
                s.set_aside = None;
            }
        }
    }
}

/// The quotations of `overrides` that are found nowhere in the text whose
/// body starts at `body_start`.
pub fn unmatched<'o>(
    file: &str,
    body_start: usize,
    overrides: &RoleOverrides<'o>,
) -> Vec<Quote<'o>> {
    if overrides.is_empty() {
        return Vec::new();
    }
    let segs = sentences(file, body_start);
    let finder = QuoteFinder::new(file, &segs);
    overrides
        .quotes()
        .filter(|q| finder.sentences(q.text).is_none())
        .collect()
}

/// Finds an author's quotation among the sentences: in their plain text
/// (markup removed), or else in the file as written (markup included).
struct QuoteFinder<'a> {
    file: &'a str,
    /// The sentences' texts joined by one space, and where each starts in it.
    joined: String,
    starts: Vec<usize>,
    /// Each sentence's span in the file, in characters.
    spans: Vec<(usize, usize)>,
}

impl<'a> QuoteFinder<'a> {
    fn new(file: &'a str, segs: &[Segment]) -> QuoteFinder<'a> {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(segs.len());
        for s in segs {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.push_str(&s.text);
        }
        QuoteFinder {
            file,
            joined,
            starts,
            spans: segs.iter().map(|s| (s.start, s.end)).collect(),
        }
    }

    /// The sentences (a range of indexes) that the first place of `quote`
    /// touches.
    fn sentences(&self, quote: &str) -> Option<(usize, usize)> {
        let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        if quote.is_empty() {
            return None;
        }
        if let Some(at) = self.joined.find(&quote) {
            let end = at + quote.len();
            let first = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
            let last = self.starts.partition_point(|&s| s < end);
            return Some((first, last.max(first + 1)));
        }
        // In the file as written: char offsets, as the sentences' spans.
        let at = self.file.find(&quote)?;
        let start = self.file[..at].chars().count();
        let end = start + quote.chars().count();
        let first = self.spans.iter().position(|&(a, b)| b > start && a < end)?;
        let last = self
            .spans
            .iter()
            .rposition(|&(a, b)| b > start && a < end)?;
        Some((first, last + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sentence's text and role, with what it was set aside as.
    fn roles(text: &str) -> Vec<(String, SentenceRole, Option<SetAside>)> {
        sentences(text, 0)
            .into_iter()
            .map(|s| (s.text, s.role, s.set_aside))
            .collect()
    }

    fn role_of(text: &str, sentence: &str) -> (SentenceRole, Option<SetAside>) {
        let all = roles(text);
        let found = all.iter().find(|(t, _, _)| t.contains(sentence));
        let (_, role, why) = found.unwrap_or_else(|| panic!("{sentence:?} not in {all:?}"));
        (*role, *why)
    }

    fn story_sentences(text: &str) -> Vec<String> {
        roles(text)
            .into_iter()
            .filter(|(_, r, _)| r.is_story())
            .map(|(t, _, _)| t)
            .collect()
    }

    /// A story pasted from a news page with everything the page added.
    const PASTE: &str = "\
# Kestrelford council approves harbour bridge

By Marta Ilves, Staff Writer

Published 3 March 2026, 10:42 GMT

KESTRELFORD, March 3 (Norpress) - The Kestrelford city council approved a new harbour bridge on Tuesday after four years of debate.

![](https://news.example/bridge.jpg)

An artist's drawing of the planned bridge over the inner harbour.

Photo: Kestrelford City Council/Norpress

The bridge will cost 84 million crowns and should open in 2029, council leader Henrik Saari said.

\"We have waited long enough,\" Saari told reporters outside the town hall. Residents who read the plans last year had asked for a cycle lane, and the final design includes one.

Share this article

Opponents said the harbour bridge would block views of the old lighthouse. They plan to share their objections with the regional court.

Sign up for our newsletter to get the latest Kestrelford news.

Visited 1,234 times, 5 visit(s) today

Tags: Kestrelford, harbour, bridge, council

Source link

Related Article

Fishermen protest new quotas in Vestby

Hundreds of fishermen marched through Vestby on Saturday against the new cod quotas.

The fisheries minister said the quotas would stay.
";

    #[test]
    fn a_news_page_paste_keeps_only_its_story() {
        assert_eq!(
            story_sentences(PASTE),
            vec![
                "Kestrelford council approves harbour bridge",
                "KESTRELFORD, March 3 (Norpress) - The Kestrelford city council approved a new harbour bridge on Tuesday after four years of debate.",
                "The bridge will cost 84 million crowns and should open in 2029, council leader Henrik Saari said.",
                "\"We have waited long enough,\" Saari told reporters outside the town hall.",
                "Residents who read the plans last year had asked for a cycle lane, and the final design includes one.",
                "Opponents said the harbour bridge would block views of the old lighthouse.",
                "They plan to share their objections with the regional court.",
            ]
        );
        let expect = [
            ("By Marta Ilves", SentenceRole::Furniture, SetAside::Byline),
            (
                "Published 3 March",
                SentenceRole::Furniture,
                SetAside::Dateline,
            ),
            (
                "An artist's drawing",
                SentenceRole::Caption,
                SetAside::Caption,
            ),
            (
                "Photo: Kestrelford",
                SentenceRole::Caption,
                SetAside::Credit,
            ),
            (
                "Share this article",
                SentenceRole::Furniture,
                SetAside::SharePrompt,
            ),
            (
                "Sign up for our",
                SentenceRole::Furniture,
                SetAside::NewsletterPrompt,
            ),
            ("Visited 1,234", SentenceRole::Furniture, SetAside::Counter),
            ("Tags:", SentenceRole::Furniture, SetAside::Tags),
            ("Source link", SentenceRole::Furniture, SetAside::SourceLink),
            (
                "Related Article",
                SentenceRole::Furniture,
                SetAside::RelatedStories,
            ),
            (
                "Fishermen protest",
                SentenceRole::Furniture,
                SetAside::RelatedStories,
            ),
            (
                "The fisheries minister",
                SentenceRole::Furniture,
                SetAside::RelatedStories,
            ),
        ];
        for (sentence, role, why) in expect {
            assert_eq!(role_of(PASTE, sentence), (role, Some(why)), "{sentence}");
        }
    }

    #[test]
    fn story_sentences_that_mention_prompts_stay_story() {
        let text = "\
Shares in Norbank fell 4 percent on Monday. Read the statement in full, the regulator urged investors.

The council's newsletter reported a deficit of 3 million crowns.

Few residents subscribe to the new ferry service, the operator said.

Sponsored by the council, the festival drew 20,000 visitors.

Comments from the minister were not expected before Friday.

By Tuesday, most of the roads had reopened.

Copyright law was changed in 2019 after a long campaign.

Source: the finance ministry said the figures were provisional.
";
        let all = roles(text);
        let set_aside: Vec<_> = all.iter().filter(|(_, r, _)| !r.is_story()).collect();
        assert!(set_aside.len() <= 1, "{set_aside:?}");
        // "Source:" with a full sentence after it is the one doubtful line:
        // a sentence of story is never longer than a prompt allows.
        for (t, r, _) in &all {
            if !t.starts_with("Source:") {
                assert!(r.is_story(), "{t:?} was set aside");
            }
        }
    }

    #[test]
    fn bylines_and_datelines() {
        for line in [
            "By Jane Doe",
            "BY JANE DOE | Kestrel Times",
            "By Ana de la Cruz and Tomas Berg",
            "Jane Doe, Staff Writer",
            "Reporting by Jane Doe; Editing by Tom Roe",
            "Updated: 2 hours ago",
            "March 3, 2026",
            "KESTRELFORD, March 3 (Norpress) -",
        ] {
            let text = format!("{line}\n\nThe council met on Monday to discuss the budget.\n");
            let (role, why) = role_of(&text, line.split_whitespace().next().unwrap());
            assert_eq!(role, SentenceRole::Furniture, "{line}");
            assert!(
                matches!(why, Some(SetAside::Byline | SetAside::Dateline)),
                "{line}: {why:?}"
            );
        }
        for line in [
            "By Friday the vote was over.",
            "By then, Jane Doe had left.",
        ] {
            assert_eq!(role_of(line, "By").0, SentenceRole::Story, "{line}");
        }
    }

    #[test]
    fn captions_and_credits() {
        let text = "\
The ferry left at dawn.

*A fallen tree blocks the coast road near Sandvik on Monday morning. Photo: Mats Ekholm / VB*

Supporters gather outside the town hall in Kestrelford. (Image: Kestrel Press/Norpress)

Prime Minister Ana Varga speaks in Kestrelford, March 2, 2026. REUTERS/Tom Berg

The ferry returned at noon.
";
        for (s, why) in [
            ("A fallen tree", SetAside::Caption),
            ("Photo: Mats", SetAside::Credit),
            ("Supporters gather", SetAside::Caption),
            ("Prime Minister Ana", SetAside::Caption),
            ("REUTERS/Tom Berg", SetAside::Credit),
        ] {
            assert_eq!(role_of(text, s), (SentenceRole::Caption, Some(why)), "{s}");
        }
        assert_eq!(role_of(text, "The ferry left").0, SentenceRole::Story);
        assert_eq!(role_of(text, "The ferry returned").0, SentenceRole::Story);
    }

    #[test]
    fn prompts_counters_and_notices() {
        for (line, why) in [
            ("Read more", SetAside::ReadMore),
            ("Continue reading", SetAside::ReadMore),
            (
                "Read more: Ferry strike ends after two weeks",
                SetAside::ReadMore,
            ),
            ("Share on Facebook", SetAside::SharePrompt),
            (
                "We use cookies to improve your experience on our site.",
                SetAside::CookieNotice,
            ),
            ("Leave a comment", SetAside::CommentPrompt),
            ("0 comments", SetAside::CommentPrompt),
            ("1.2k views", SetAside::Counter),
            ("ADVERTISEMENT", SetAside::Advertisement),
            (
                "© 2026 Kestrel Media. All rights reserved.",
                SetAside::Copyright,
            ),
            ("More from Kestrel Times", SetAside::RelatedStories),
            (
                "Have you been affected by the strike? Tell us your story.",
                SetAside::ReaderCallout,
            ),
            ("Want more harbour coverage?", SetAside::ReaderCallout),
            (
                "Share this: Facebook · X · WhatsApp · Email",
                SetAside::SharePrompt,
            ),
            (
                "You may also like: 10 islands you can only reach by boat",
                SetAside::RelatedStories,
            ),
            ("Home › News › Transport", SetAside::Tags),
            ("Like this story?", SetAside::ReaderCallout),
            ("Follow CoastlineBuzz for more!", SetAside::ReaderCallout),
            (
                "This is a developing story and will be updated.",
                SetAside::EditorsNotice,
            ),
        ] {
            let text = format!("The council met on Monday.\n\n{line}\n");
            assert_eq!(
                role_of(&text, &line[..4]),
                (SentenceRole::Furniture, Some(why)),
                "{line}"
            );
        }
    }

    #[test]
    fn a_prompt_inside_a_paragraph_of_story() {
        let text = "The vote is on Friday. Read more: Ferry strike ends. The mayor will attend.";
        assert_eq!(
            story_sentences(text),
            vec!["The vote is on Friday.", "The mayor will attend."]
        );
    }

    #[test]
    fn related_links_end_with_their_list_and_the_story_goes_on() {
        let text = "\
The council met on Monday.

**Related articles**

- [Ferry strike ends](https://x.example/1)
- [Harbour fees rise](https://x.example/2)

The mayor will attend the opening in May.
";
        assert_eq!(
            story_sentences(text),
            vec![
                "The council met on Monday.",
                "The mayor will attend the opening in May."
            ]
        );
    }

    #[test]
    fn related_stories_run_to_a_line_that_says_the_story_continues() {
        let text = "\
The council met on Monday.

## More stories

Ferry strike ends after two weeks of talks.

Story continues below advertisement

The mayor will attend the opening in May.
";
        assert_eq!(
            story_sentences(text),
            vec![
                "The council met on Monday.",
                "The mayor will attend the opening in May."
            ]
        );
    }

    #[test]
    fn an_off_topic_tail_is_set_aside_and_a_plain_ending_is_not() {
        let story = "\
The Kestrelford council approved the harbour bridge on Tuesday.

The bridge over the harbour will cost 84 million crowns, the council said.

Council leader Henrik Saari said the bridge would open in 2029.

Opponents of the bridge said it would block views of the lighthouse.

The council will publish the final bridge design in April.

";
        let ending = format!("{story}Tickets for the opening cost 12 crowns.\n");
        assert!(roles(&ending).iter().all(|(_, r, _)| r.is_story()));
        // Two sentences of another story, after the page's "Source link".
        let tail = format!(
            "{story}Source link\n\nGlacier tourism in northern Varnland doubled last summer, figures from the tourist board show. Hotels in Tindvik reported record bookings from German and Dutch visitors.\n"
        );
        assert_eq!(
            role_of(&tail, "Glacier tourism"),
            (SentenceRole::Furniture, Some(SetAside::OffTopicTail))
        );
        assert_eq!(
            role_of(&tail, "Hotels in Tindvik"),
            (SentenceRole::Furniture, Some(SetAside::OffTopicTail))
        );
        assert_eq!(role_of(&tail, "final bridge design").0, SentenceRole::Story);
        // The same sentences right after the story may be its own ending.
        let ending = tail.replace("Source link\n\n", "");
        assert!(roles(&ending).iter().all(|(_, r, _)| r.is_story()));
        let long = format!("{ending}Ski lifts in Tindvik will start a week early this winter.\n");
        assert!(roles(&long).iter().all(|(_, r, _)| r.is_story()));
        let ending = format!(
            "{story}Affected households can apply to a new regional emergency fund for grants of up to 2,000 crowns for temporary accommodation.\n"
        );
        assert!(roles(&ending).iter().all(|(_, r, _)| r.is_story()));
    }

    #[test]
    fn the_authors_overrides_have_the_last_word() {
        let text = "\
The council met on Monday. The vote is on Friday.

Residents can comment until Thursday.

Photo: Kestrel Press

Our partners at Fjordline offer 10% off ferry tickets this month.
";
        let extra = vec!["Photo: Kestrel Press".to_string()];
        let overrides = RoleOverrides {
            story_ends: Some("Our partners"),
            furniture: &["The vote is on".to_string()],
            story: &extra,
        };
        let mut segs = sentences(text, 0);
        apply_overrides(text, &mut segs, &overrides);
        let got: Vec<(&str, SentenceRole)> = segs.iter().map(|s| (&s.text[..12], s.role)).collect();
        assert_eq!(
            got,
            vec![
                ("The council ", SentenceRole::Story),
                ("The vote is ", SentenceRole::Furniture),
                ("Residents ca", SentenceRole::Story),
                ("Photo: Kestr", SentenceRole::Story),
                ("Our partners", SentenceRole::Furniture),
            ]
        );
        assert_eq!(segs[4].set_aside, Some(SetAside::AuthorMarked));
        // Quoted with its markup, as the file has it.
        let marked = "The **vote** is on Friday.\n";
        let mut segs = sentences(marked, 0);
        let furniture = ["The **vote**".to_string()];
        let overrides = RoleOverrides {
            furniture: &furniture,
            ..RoleOverrides::default()
        };
        apply_overrides(marked, &mut segs, &overrides);
        assert_eq!(segs[0].role, SentenceRole::Furniture);
    }

    #[test]
    fn quotes_that_are_not_found_are_listed() {
        let text = "---\ntitle: T\n---\nThe council met on Monday.\n";
        let body = text.find("The").unwrap();
        let furniture = ["met on Monday".to_string(), "Share this".to_string()];
        let overrides = RoleOverrides {
            story_ends: Some("Related"),
            furniture: &furniture,
            story: &[],
        };
        let missing: Vec<(&str, usize, &str)> = unmatched(text, body, &overrides)
            .into_iter()
            .map(|q| (q.key, q.index, q.text))
            .collect();
        assert_eq!(
            missing,
            vec![("story_ends", 0, "Related"), ("furniture", 1, "Share this")]
        );
    }
}
