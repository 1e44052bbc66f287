//! Turning names into URL-safe slugs.

/// Lowercase ASCII letters and digits, runs of anything else made one `-`.
/// Letters with accents keep their base letter where it is plain ASCII-like.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        } else {
            dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slugify("DailyBuzz24.net"), "dailybuzz24-net");
        assert_eq!(slugify("  News Flash -- Hub "), "news-flash-hub");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("日本"), "");
    }
}
