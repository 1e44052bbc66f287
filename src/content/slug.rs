//! Turning names into slugs: the part of a page's address that names it.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The slug of a file name or a publisher's name: its letters and digits in
/// lower case, in any script, each run of anything else made one `-`.
///
/// Accents on Latin letters are dropped ("Über" gives `uber`), as readers
/// type them in an address; letters of other scripts are kept as they are
/// ("日本" gives `日本`), with their marks. A name typed with combining
/// accents gives the slug of the same name typed precomposed. A name with no
/// letter or digit gives an empty slug: callers refuse it or fall back.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut dash = false;
    // Whether the last character kept was a Latin (ASCII) letter, whose
    // accents are dropped.
    let mut after_ascii = false;
    for c in name.nfd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            if !after_ascii && !slug.is_empty() && !dash {
                slug.push(c);
            }
            continue;
        }
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            after_ascii = c.is_ascii();
            slug.push(c);
        } else {
            dash = true;
        }
    }
    slug.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slugify("DailyBuzz24.net"), "dailybuzz24-net");
        assert_eq!(slugify("  News Flash -- Hub "), "news-flash-hub");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn latin_accents_are_dropped_and_other_scripts_kept() {
        assert_eq!(slugify("  --Über News!! "), "uber-news");
        assert_eq!(slugify("Café Gazette"), "cafe-gazette");
        assert_eq!(slugify("Cafe\u{301} Gazette"), slugify("Café Gazette"));
        assert_eq!(slugify("日本"), "日本");
        assert_eq!(slugify("Москва Today"), "москва-today");
        assert_eq!(slugify("हिन्दी समाचार"), "हिन्दी-समाचार");
        assert_eq!(slugify("Ελληνικά Νέα"), "ελληνικά-νέα");
    }

    #[test]
    fn a_name_without_letters_or_digits_gives_no_slug() {
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("..."), "");
        assert_eq!(slugify(""), "");
    }
}
