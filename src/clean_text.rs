//! Characters that would break a format or a terminal.
//!
//! Article text comes from anywhere. Control characters (other than tab and
//! line ends) make XML invalid and can drive a terminal; bidirectional
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a
//! reader sees. Content is cleaned once, when it is read ([`for_content`]):
//! each such character becomes U+FFFD, one character for one, so offsets
//! into the file as read stay where they were, and lone carriage returns
//! (old Mac line ends) become line feeds. Messages for a terminal escape
//! them instead ([`for_terminal`]), since a path or a key quoted there must
//! still say what the file holds.

use std::borrow::Cow;

/// A character that no output may carry as it is. Tab, line feed and
/// carriage return are text; the directional marks (U+200E, U+200F,
/// U+061C) are harmless and needed by right-to-left text.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        // Not characters at all, and not allowed in XML.
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `text` as content is read: unsafe characters replaced by U+FFFD and
/// lone carriage returns by line feeds (a `\r\n` pair stays as it is).
pub fn for_content(text: &str) -> Cow<'_, str> {
    let needs = text
        .char_indices()
        .any(|(i, c)| is_unsafe(c) || (c == '\r' && !text[i + 1..].starts_with('\n')));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' if chars.peek() != Some(&'\n') => '\n',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        });
    }
    Cow::Owned(out)
}

/// [`for_content`] for an owned string, in place where nothing changes.
pub fn clean_owned(text: &mut String) {
    if let Cow::Owned(clean) = for_content(text) {
        *text = clean;
    }
}

/// `text` for a terminal: each unsafe character (and a carriage return,
/// which would rewrite the line) written as a Rust escape, e.g. `\u{1b}`.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) || c == '\r' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Values read from a file whose text [`for_content`] cleans in place
/// (front matter: YAML escapes such as `"\x1b"` make characters the file's
/// own text did not hold).
pub trait CleanText {
    fn clean_text(&mut self);
}

impl CleanText for String {
    fn clean_text(&mut self) {
        clean_owned(self);
    }
}

impl<T: CleanText> CleanText for Option<T> {
    fn clean_text(&mut self) {
        if let Some(value) = self {
            value.clean_text();
        }
    }
}

impl<T: CleanText> CleanText for Vec<T> {
    fn clean_text(&mut self) {
        for value in self {
            value.clean_text();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_keeps_its_length_in_characters() {
        let raw = "a\u{1}b\u{1b}[31mc\u{202e}d\te\u{85}f\r\ng\rh\u{200f}";
        let clean = for_content(raw);
        assert_eq!(clean.chars().count(), raw.chars().count());
        assert_eq!(
            clean,
            "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d\te\u{FFFD}f\r\ng\nh\u{200f}"
        );
        assert!(matches!(for_content("plain\ttext\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_terminal_sees_escapes() {
        assert_eq!(
            for_terminal("x\u{1b}]0;pwned\u{7}\r\u{2066}"),
            "x\\u{1b}]0;pwned\\u{7}\\u{d}\\u{2066}"
        );
        assert_eq!(for_terminal("émigré\tok"), "émigré\tok");
    }
}
