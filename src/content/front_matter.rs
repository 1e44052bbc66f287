//! Splitting a file into its YAML front matter and its Markdown body.

/// The front matter of a file: the YAML text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML between the `---` fences.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts (the line after the first fence).
    pub first_line: usize,
}

/// Splits `text` into front matter (if the file opens with a `---` line) and
/// the byte offset where the body starts. Returns `Err` with a message and
/// 1-based line when a front matter block is opened but never closed.
pub fn split_front_matter(text: &str) -> Result<(Option<FrontMatter<'_>>, usize), (String, usize)> {
    let after_bom = text
        .strip_prefix('\u{feff}')
        .map_or(0, |_| '\u{feff}'.len_utf8());
    let rest = &text[after_bom..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Ok((None, 0));
    }
    let yaml_start = after_bom + first_line_end;
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let content = text[pos..end].trim_end();
        if content == "---" || content == "..." {
            let fm = FrontMatter {
                yaml: &text[yaml_start..pos],
                first_line: 2,
            };
            return Ok((Some(fm), end));
        }
        pos = end;
        line += 1;
    }
    Err((
        "the front matter opened with `---` on line 1 is never closed".to_string(),
        line.max(2) - 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_has_no_front_matter() {
        assert_eq!(split_front_matter("Hello.\n"), Ok((None, 0)));
    }

    #[test]
    fn front_matter_is_split_from_body() {
        let text = "---\ntitle: A\n---\nBody.\n";
        let (fm, start) = split_front_matter(text).unwrap();
        assert_eq!(fm.unwrap().yaml, "title: A\n");
        assert_eq!(&text[start..], "Body.\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\ntitle: A\nBody.\n").is_err());
    }
}
