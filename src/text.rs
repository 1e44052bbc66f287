//! Character tests shared by the stages, for the byte-at-a-time paths they
//! take through ASCII text.

/// `char::is_whitespace` for an ASCII byte (false for any other byte).
/// Unlike `u8::is_ascii_whitespace`, it counts the vertical tab (0x0b), as
/// `char::is_whitespace` does.
pub const fn is_white_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The byte offset of the first occurrence of `needle` in `haystack`, as
/// `str::find` gives it. In a sentence-length text each byte equal to the
/// needle's first is tried in turn, where `str::find` first spends more on
/// preparing a search than a sentence takes to scan; a longer text (where
/// trying each byte could take quadratic time) is left to `str::find`.
pub fn find_short(haystack: &str, needle: &str) -> Option<usize> {
    const SHORT: usize = 1024;
    if haystack.len() > SHORT {
        return haystack.find(needle);
    }
    let (hay, pattern) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, _)) = pattern.split_first() else {
        return Some(0);
    };
    let last_start = hay.len().checked_sub(pattern.len())?;
    (0..=last_start).find(|&at| hay[at] == first && hay[at..].starts_with(pattern))
}

/// Appends the decimal digits of `n`, as `write!(out, "{n}")` would, without
/// the formatting machinery (a build writes a few hundred thousand ids and
/// counts into its pages).
pub fn push_number(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_short_agrees_with_str_find() {
        let texts = [
            "",
            "a",
            "aaab",
            "The mayor, Ana Ruiz, said «no» – twice: «no».",
            "Zürich Zürich Zurich",
            "abababc",
            &"ab".repeat(600),
        ];
        for hay in texts {
            for needle in texts
                .iter()
                .copied()
                .chain(["ab", "abc", "«no»", "Zurich", "z", " "])
            {
                assert_eq!(
                    find_short(hay, needle),
                    hay.find(needle),
                    "{hay:?} {needle:?}"
                );
            }
            // Every substring of the short texts as a needle.
            for (i, _) in hay.char_indices().filter(|_| hay.len() < 100) {
                for (j, _) in hay[i..].char_indices().skip(1) {
                    let needle = &hay[i..i + j];
                    assert_eq!(
                        find_short(hay, needle),
                        hay.find(needle),
                        "{hay:?} {needle:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn white_bytes_are_the_white_characters_of_ascii() {
        for b in 0..=255u8 {
            assert_eq!(
                is_white_byte(b),
                b.is_ascii() && char::from(b).is_whitespace(),
                "{b:#x}"
            );
        }
    }
}
