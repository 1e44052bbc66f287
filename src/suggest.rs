//! "Did you mean ...?": the known name nearest to a misspelt one, for keys
//! of `site.toml` and front matter, and for slugs.

/// The known name nearest to `wanted`, if one is close enough to be a likely typo.
/// A name cut short (`budget` for `budget-vote-delayed`) is a likely typo
/// too, when only one known name starts with it.
pub fn closest<'a>(wanted: &str, known: &[&'a str]) -> Option<&'a str> {
    let near = known
        .iter()
        .map(|k| (edit_distance(wanted, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k);
    near.or_else(|| {
        let mut longer = known
            .iter()
            .filter(|k| wanted.len() >= 3 && k.starts_with(wanted));
        match (longer.next(), longer.next()) {
            (Some(k), None) => Some(*k),
            _ => None,
        }
    })
}

/// Edit distance in characters: insertions, deletions, substitutions and
/// swaps of two neighbours (`titel` is one step from `title`), each one step.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: two back, the last, and the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j - 1] + cost).min(last[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

/// An unknown key as serde reports it: the key, and the keys allowed there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    pub expected: Vec<String>,
}

impl UnknownKey {
    /// Reads serde's message "unknown field `titel`, expected one of
    /// `title`, `url`" (or "expected `title` or `url`", or with the names
    /// unquoted, as serde-saphyr writes them).
    pub fn from_message(message: &str) -> Option<UnknownKey> {
        let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
        let (key, rest) = rest.split_once('`')?;
        let expected = rest
            .split_once("expected")
            .map_or("", |(_, list)| list)
            .trim_start_matches(" one of")
            .split([',', ' '])
            .map(|name| name.trim_matches(|c: char| c == '`' || c.is_whitespace()))
            .filter(|name| !name.is_empty() && *name != "or")
            .map(str::to_string)
            .collect();
        Some(UnknownKey {
            key: key.to_string(),
            expected,
        })
    }

    /// The allowed key the unknown one was most likely meant to be.
    pub fn suggestion(&self) -> Option<&str> {
        let known: Vec<&str> = self.expected.iter().map(String::as_str).collect();
        closest(&self.key, &known)
    }

    /// "did you mean `title`?", or the list of allowed keys when none is close.
    pub fn hint(&self) -> String {
        match self.suggestion() {
            Some(key) => format!("did you mean `{key}`?"),
            None if self.expected.is_empty() => "remove it: no key is allowed here".to_string(),
            None => format!(
                "the keys allowed here are {}",
                self.expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_nearest_name() {
        assert_eq!(
            closest("budget-vot", &["budget-vote", "flood"]),
            Some("budget-vote")
        );
        assert_eq!(closest("titel", &["title", "url", "site"]), Some("title"));
        assert_eq!(closest("zzz", &["budget-vote"]), None);
        assert_eq!(
            closest("ferry", &["ferry-overhaul-vote", "flood"]),
            Some("ferry-overhaul-vote")
        );
        assert_eq!(
            closest("ferry", &["ferry-overhaul-vote", "ferry-fares"]),
            None
        );
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn serde_messages_are_read_with_or_without_backticks() {
        for message in [
            "unknown field `titel`, expected one of `title`, `description`, `base_url`",
            "front matter: unknown field `titel`, expected one of title, description, base_url",
        ] {
            let unknown = UnknownKey::from_message(message).unwrap();
            assert_eq!(unknown.key, "titel");
            assert_eq!(unknown.expected, ["title", "description", "base_url"]);
            assert_eq!(unknown.hint(), "did you mean `title`?");
        }
        let two =
            UnknownKey::from_message("unknown field `x`, expected `quote` or `text`").unwrap();
        assert_eq!(two.expected, ["quote", "text"]);
        assert_eq!(two.hint(), "the keys allowed here are `quote`, `text`");
        assert_eq!(UnknownKey::from_message("missing field `title`"), None);
    }
}
