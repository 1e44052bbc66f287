//! The one HTML and XML escaper: for the text templates show and for the
//! markup Rust writes itself (a sentence's marks, Markdown code).

use std::io::{self, Write};

/// Escapes text for HTML and XML, as element text or a quoted attribute
/// value (`& < > " '`), dropping control characters.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_html_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn push_html_escaped(out: &mut String, text: &str) {
    for_escaped(text, |piece| out.push_str(piece));
}

/// Tera's escape function: what `{{ }}` shows in an `.html` or `.xml`
/// template is escaped exactly as Rust-written markup is.
pub fn write_html_escaped(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut result = Ok(());
    for_escaped(text, |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result
}

/// Hands `text` to `emit` in pieces: runs of text that need nothing, and
/// an entity in place of each of `& < > " '`. Control characters are
/// dropped: XML 1.0 does not allow them and in HTML they are noise (tab and
/// line ends are kept).
fn for_escaped(text: &str, mut emit: impl FnMut(&str)) {
    let mut plain_from = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' | '\t' | '\r' => continue,
            c if c.is_control() => "",
            _ => continue,
        };
        emit(&text[plain_from..at]);
        emit(replacement);
        plain_from = at + c.len_utf8();
    }
    emit(&text[plain_from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_control_characters_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            escape_html("tab\tline\nreturn\r end"),
            "tab\tline\nreturn\r end"
        );
        assert_eq!(
            escape_html("nul\0 bell\u{7} del\u{7f} c1\u{80}\u{9f} nbsp\u{a0}"),
            "nul bell del c1 nbsp\u{a0}"
        );
        assert_eq!(
            escape_html("Zürich – «ja» ü\u{85}ü 日本"),
            "Zürich – «ja» üü 日本"
        );
    }

    #[test]
    fn templates_escape_as_rust_does() {
        let text = "Zürich & <b>'ja'</b>\u{1}";
        let mut written = Vec::new();
        write_html_escaped(text, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), escape_html(text));
    }
}
