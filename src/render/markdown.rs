//! Markdown for the report author's own text (summaries, notes) and article
//! bodies: pulldown-cmark to HTML, code blocks highlighted by syntect with
//! CSS classes (so the Content-Security-Policy needs no inline style), and the
//! result sanitised by ammonia so no script, event handler, style or foreign
//! link scheme survives.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::highlighting::{Color, Theme};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Prefix of every class syntect puts on highlighted code.
const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_tag_attributes("span", ["class"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("pre", ["class"])
            .rm_tags(["img"])
            .attribute_filter(|_element, attribute, value| {
                if attribute == "class" {
                    // Only the highlighter's own classes; a note cannot borrow
                    // the page's classes to imitate a finding.
                    let kept: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|c| c.starts_with(CLASS_PREFIX) || c.starts_with("language-"))
                        .collect();
                    if kept.is_empty() {
                        None
                    } else {
                        Some(Cow::Owned(kept.join(" ")))
                    }
                } else if attribute == "href" && hides_a_scheme(value) {
                    None
                } else {
                    Some(Cow::Borrowed(value))
                }
            });
        b
    })
}

/// Whether a link hides a scheme behind the tabs and line breaks that
/// browsers drop from URLs (`jav%09ascript:`): such a link is dead at best, so
/// it loses its target rather than pointing at a file that cannot exist.
fn hides_a_scheme(href: &str) -> bool {
    let mut cleaned = href.to_string();
    for hidden in ["%09", "%0A", "%0a", "%0D", "%0d", "\t", "\n", "\r"] {
        cleaned = cleaned.replace(hidden, "");
    }
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return false;
    };
    let looks_like_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    looks_like_scheme && cleaned != href
}

/// Renders Markdown to sanitised HTML. The output is safe to insert into a
/// page unescaped.
pub fn render(markdown: &str) -> String {
    render_linking(markdown, &|_| None)
}

/// Renders Markdown as [`render`] does, with each link's destination that
/// `link` maps (an author's `@/reports/<slug>`) replaced by what it returns.
pub fn render_linking(markdown: &str, link: &dyn Fn(&str) -> Option<String>) -> String {
    let html = to_html(markdown, false, link);
    // The HTML parser behind the sanitiser takes time quadratic in nesting
    // depth; raw HTML nested too deep is shown as text instead.
    let html = if nesting_depth(&html) > MAX_NESTING {
        to_html(markdown, true, link)
    } else {
        html
    };
    sanitizer().clean(&html).to_string()
}

/// Deepest nesting of elements kept from Markdown or raw HTML: far beyond any
/// real note or article, small enough to keep sanitising linear.
const MAX_NESTING: usize = 64;

/// Renders Markdown to unsanitised HTML. Markdown containers nested deeper
/// than [`MAX_NESTING`] lose their tags (not their text); with `raw_as_text`,
/// raw HTML is escaped. Link destinations pass through `link`.
fn to_html(markdown: &str, raw_as_text: bool, link: &dyn Fn(&str) -> Option<String>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(markdown, options);

    let mut events: Vec<Event> = Vec::new();
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut kept: Vec<bool> = Vec::new(); // per open tag: was its start emitted?
    let mut depth = 0; // open tags emitted
    for event in parser {
        let event = match event {
            Event::Start(tag) => {
                let keep = depth < MAX_NESTING;
                kept.push(keep);
                if !keep {
                    continue;
                }
                depth += 1;
                match tag {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => Event::Start(Tag::Link {
                        link_type,
                        dest_url: link(&dest_url).map_or(dest_url, Into::into),
                        title,
                        id,
                    }),
                    tag => Event::Start(tag),
                }
            }
            Event::End(end) => {
                if !kept.pop().unwrap_or(true) {
                    continue;
                }
                depth -= 1;
                Event::End(end)
            }
            Event::Html(raw) | Event::InlineHtml(raw) if raw_as_text => Event::Text(raw),
            other => other,
        };
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    events.push(Event::Html(highlight(&text, &lang).into()));
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// How deep elements nest in `html`, roughly as an HTML parser would see it,
/// stopping once past [`MAX_NESTING`]. An end tag closes the nearest open
/// element of its name and is ignored if there is none.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut max = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            continue;
        }
        if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                open.truncate(at);
            }
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
            max = max.max(open.len());
            if max > MAX_NESTING {
                break;
            }
        }
    }
    max
}

/// Highlights one code block; unknown languages are shown as plain escaped text.
fn highlight(code: &str, lang: &str) -> String {
    let ss = syntax_set();
    let syntax = if lang.is_empty() {
        None
    } else {
        ss.find_syntax_by_token(lang)
    };
    if let Some(syntax) = syntax {
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
        let ok = LinesWithEndings::from(code)
            .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
        if ok {
            let escaped_lang = super::escape::escape_html(lang);
            return format!(
                "{CODE_BLOCK_START}<code class=\"language-{escaped_lang}\">{}</code></pre>\n",
                gen.finalize()
            );
        }
    }
    // An unknown language, or one the highlighter failed on: plain text.
    format!(
        "{CODE_BLOCK_START}<code>{}</code></pre>\n",
        super::escape::escape_html(code)
    )
}

/// Whether HTML made by [`render`] holds a code block (highlighted or not):
/// the highlighting stylesheet styles each of them.
pub fn has_code_block(html: &str) -> bool {
    html.contains(CODE_BLOCK_START)
}

/// How every code block [`highlight`] makes starts, highlighted or not.
const CODE_BLOCK_START: &str = "<pre class=\"hl-code\">";

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let mut css =
        String::from("/* Code highlighting, generated by unspun from syntect's themes. */\n");
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        let light = &readable(light, false);
        if let Ok(c) = css_for_theme_with_class_style(light, CLASS_STYLE) {
            css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
            css.push_str(&c);
            css.push_str("}\n");
        }
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        let dark = &readable(dark, true);
        if let Ok(c) = css_for_theme_with_class_style(dark, CLASS_STYLE) {
            css.push_str("@media (prefers-color-scheme: dark) {\n");
            css.push_str(&c);
            css.push_str("}\n");
        }
    }
    css
}

/// A copy of `theme` whose every text colour has a contrast of at least
/// 4.5:1 (WCAG AA) against its background: syntect's themes have pale
/// comments and numbers that readers with low vision cannot read.
fn readable(theme: &Theme, dark: bool) -> Theme {
    let mut theme = theme.clone();
    let default_bg = if dark { Color::BLACK } else { Color::WHITE };
    let bg = theme.settings.background.unwrap_or(default_bg);
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(with_contrast(fg, bg));
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground {
            let bg = item.style.background.unwrap_or(bg);
            item.style.foreground = Some(with_contrast(fg, bg));
        }
    }
    theme
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Moves `fg` towards black (or white, on a dark background) until it reads on `bg`.
fn with_contrast(mut fg: Color, bg: Color) -> Color {
    let dark = luminance(bg) < 0.18;
    for _ in 0..64 {
        if contrast(fg, bg) >= 4.6 {
            break;
        }
        let step = |v: u8| -> u8 {
            if dark {
                v.saturating_add(((255 - v) / 10).max(1))
            } else {
                v.saturating_sub((v / 10).max(1))
            }
        };
        fg = Color {
            r: step(fg.r),
            g: step(fg.g),
            b: step(fg.b),
            a: fg.a,
        };
    }
    fg
}

/// Strips Markdown to plain text (for meta descriptions and feeds).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_hidden_behind_tabs_lose_their_link() {
        let html = render("[x](<jav\tascript:alert(1)>) and [y](https://example.org/a)");
        assert!(!html.contains("ascript"), "{html}");
        assert!(html.contains("href=\"https://example.org/a\""), "{html}");
    }

    #[test]
    fn script_tags_are_removed() {
        let html = render("Hello <script>alert(1)</script> world");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)</script>"), "{html}");
    }

    #[test]
    fn event_handlers_are_removed() {
        let html = render(
            "<img src=x onerror=alert(1)> <a href=\"https://a.example\" onclick=\"x()\">a</a>",
        );
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn javascript_and_data_links_are_removed() {
        let html = render(
            "[a](javascript:alert(1)) [b](data:text/html,hi) <a href=\"JaVaScRiPt:x\">c</a>",
        );
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        let html = render("[ok](https://example.org/) [mail](mailto:a@example.org)");
        assert!(html.contains("href=\"https://example.org/\""), "{html}");
        assert!(html.contains("href=\"mailto:a@example.org\""), "{html}");
    }

    #[test]
    fn styles_and_iframes_are_removed() {
        let html = render(
            "<style>body{}</style><iframe src=\"https://x\"></iframe><p style=\"color:red\">x</p>",
        );
        assert!(!html.contains("<style"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn classes_other_than_highlighting_are_removed() {
        let html = render("<span class=\"finding-mark hl-x\">x</span>");
        assert!(html.contains("class=\"hl-x\""), "{html}");
        assert!(!html.contains("finding-mark"), "{html}");
    }

    #[test]
    fn code_blocks_are_highlighted_with_classes() {
        let html = render("```rust\nfn main() { let x = \"<b>\"; }\n```\n");
        assert!(html.contains("<pre class=\"hl-code\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn code_blocks_are_found_in_what_render_makes() {
        for markdown in [
            "```rust\nlet x = 1;\n```",
            "```nosuchlang\nx\n```",
            "    indented",
        ] {
            assert!(has_code_block(&render(markdown)), "{markdown}");
        }
        for markdown in ["`inline` code", "<pre>raw</pre>", "text"] {
            assert!(!has_code_block(&render(markdown)), "{markdown}");
        }
    }

    #[test]
    fn unknown_language_is_escaped() {
        let html = render("```nosuchlang\n<script>x</script>\n```\n");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn deep_nesting_is_bounded_and_keeps_the_text() {
        for md in [
            format!("{}deep", "> ".repeat(3000)),
            format!("{}deep", "- ".repeat(3000)),
            format!("{}deep", "<div>".repeat(3000)),
            format!("{}deep", "<div></x>".repeat(3000)),
        ] {
            let html = render(&md);
            assert!(html.contains("deep"), "{md:.40}");
            assert!(nesting_depth(&html) <= MAX_NESTING + 1, "{md:.40}");
        }
        let html = render("<div><em>kept</em></div>");
        assert!(html.contains("<em>kept</em>"), "{html}");
    }

    #[test]
    fn css_has_light_and_dark() {
        let css = highlight_css();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn highlight_colours_are_readable() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        for (name, dark) in [("InspiredGitHub", false), ("base16-ocean.dark", true)] {
            let theme = readable(&themes.themes[name], dark);
            let bg = theme.settings.background.unwrap();
            for item in &theme.scopes {
                if let Some(fg) = item.style.foreground {
                    let bg = item.style.background.unwrap_or(bg);
                    assert!(contrast(fg, bg) >= 4.5, "{name}: {fg:?} on {bg:?}");
                }
            }
        }
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            plain_text("**Bold** and <b>x</b> [link](https://x)"),
            "Bold and x link"
        );
    }
}
