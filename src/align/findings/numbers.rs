//! `number_changed`: amounts, counts, percentages and dates that differ
//! between a source sentence and its rewrite. Values are compared, not
//! spellings: "three" and "3", "4.2 billion" and "4,200 million" agree.

use crate::align::calendar::{MONTHS, MONTH_ABBR};
use crate::align::tokens::{self, multiplier, Token};
use crate::report::{Finding, FindingKind};

use super::{finding, GroupView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Plain,
    Percent,
    Year,
    Month,
    Weekday,
}

#[derive(Debug, Clone)]
struct Mention<'t> {
    sent: usize,
    /// Byte range in the sentence text.
    start: usize,
    end: usize,
    value: f64,
    kind: Kind,
    /// Lower-case content word right before and after (for pairing).
    before: &'t str,
    after: &'t str,
    matched: bool,
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn mentions<'t>(sent: usize, text: &str, toks: &'t [Token]) -> Vec<Mention<'t>> {
    let mut out = Vec::new();
    let mut i = 0;
    let ctx = |k: usize| toks.get(k).map_or("", |t| t.lower());
    while i < toks.len() {
        let t = &toks[i];
        // Month and weekday names (capitalised, so "may" the verb is not one).
        if t.cap() {
            if let Some(m) = MONTHS.iter().position(|m| *m == t.lower()) {
                if !(t.lower() == "may" || t.lower() == "march")
                    || toks.get(i + 1).is_some_and(|n| n.number().is_some())
                {
                    out.push(Mention {
                        sent,
                        start: t.start,
                        end: t.end,
                        value: (m + 1) as f64,
                        kind: Kind::Month,
                        before: ctx(i.wrapping_sub(1)),
                        after: ctx(i + 1),
                        matched: false,
                    });
                    i += 1;
                    continue;
                }
            }
            if let Some(m) = MONTH_ABBR.iter().position(|m| *m == t.lower()) {
                if text[t.end..].starts_with('.')
                    && toks.get(i + 1).is_some_and(|n| n.number().is_some())
                {
                    out.push(Mention {
                        sent,
                        start: t.start,
                        end: t.end + 1,
                        value: (m + 1) as f64,
                        kind: Kind::Month,
                        before: ctx(i.wrapping_sub(1)),
                        after: ctx(i + 1),
                        matched: false,
                    });
                    i += 1;
                    continue;
                }
            }
            if let Some(d) = WEEKDAYS.iter().position(|d| *d == t.lower()) {
                out.push(Mention {
                    sent,
                    start: t.start,
                    end: t.end,
                    value: d as f64,
                    kind: Kind::Weekday,
                    before: ctx(i.wrapping_sub(1)),
                    after: ctx(i + 1),
                    matched: false,
                });
                i += 1;
                continue;
            }
        }
        let Some(mut value) = t.number() else {
            i += 1;
            continue;
        };
        let is_digit = t.lower().starts_with(tokens::is_digit);
        // Ordinals and "one" as a pronoun are too ambiguous as words.
        let word_ok = matches!(
            t.lower(),
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "thirteen"
                | "fourteen"
                | "fifteen"
                | "sixteen"
                | "seventeen"
                | "eighteen"
                | "nineteen"
                | "twenty"
                | "thirty"
                | "forty"
                | "fifty"
                | "sixty"
                | "seventy"
                | "eighty"
                | "ninety"
                | "hundred"
                | "thousand"
                | "million"
                | "billion"
                | "trillion"
                | "dozen"
                | "zero"
        ) || t.lower() == "one"
            && toks
                .get(i + 1)
                .and_then(|n| multiplier(n.lower()))
                .is_some();
        if !is_digit && !word_ok {
            i += 1;
            continue;
        }
        let start = t.start;
        let mut end = t.end;
        let mut j = i + 1;
        // "twenty five", "4.2 billion", "3 million"
        if !is_digit {
            while j < toks.len() && text[end..toks[j].start].trim().is_empty()
                || j < toks.len() && text[end..toks[j].start].trim() == "-"
            {
                let n = &toks[j];
                match (n.number(), multiplier(n.lower())) {
                    (_, Some(m)) if n.lower().len() > 2 => {
                        value *= m;
                    }
                    (Some(v), None)
                        if v < 10.0 && (20.0..100.0).contains(&value) && value % 10.0 == 0.0 =>
                    {
                        value += v
                    }
                    _ => break,
                }
                end = n.end;
                j += 1;
            }
        } else if j < toks.len() && text[end..toks[j].start].trim().is_empty() {
            if let Some(m) = multiplier(toks[j].lower()) {
                if toks[j].lower().len() > 2 || text[end..toks[j].start].is_empty() {
                    value *= m;
                    end = toks[j].end;
                    j += 1;
                }
            }
        }
        let rest = &text[end..];
        let mut kind = Kind::Plain;
        if let Some(sign) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '%' | '٪' | '％'))
        {
            kind = Kind::Percent;
            end += sign.len_utf8();
        } else if j < toks.len() && matches!(toks[j].lower(), "percent" | "per") {
            kind = Kind::Percent;
        } else if is_digit
            && t.lower().chars().count() == 4
            && (1800.0..2200.0).contains(&value)
            && !t.lower().contains([',', '.', '٫', '٬'])
        {
            kind = Kind::Year;
        }
        // Currency symbol right before.
        let mut start2 = start;
        if let Some(c) = text[..start].chars().next_back() {
            if matches!(c, '$' | '£' | '€' | '¥' | '₪' | '₽' | '₹' | '￥') {
                start2 = start - c.len_utf8();
            }
        }
        out.push(Mention {
            sent,
            start: start2,
            end,
            value,
            kind,
            before: ctx(i.wrapping_sub(1)),
            after: ctx(j),
            matched: false,
        });
        i = j;
    }
    out
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

pub(super) fn find(g: &GroupView) -> Vec<Finding> {
    let mut a: Vec<Mention> = Vec::new();
    for &s in g.s_ids {
        a.extend(mentions(s, &g.src.segs[s].text, &g.src.toks[s]));
    }
    let mut b: Vec<Mention> = Vec::new();
    for &r in g.r_ids {
        b.extend(mentions(r, &g.rw.segs[r].text, &g.rw.toks[r]));
    }
    if a.is_empty() || b.is_empty() || a.len() > 500 || b.len() > 500 {
        return Vec::new();
    }
    // Equal values cancel out (any kind: "May 3" and "3 May").
    for x in a.iter_mut() {
        if let Some(y) = b
            .iter_mut()
            .find(|y| !y.matched && y.kind == x.kind && same_value(x.value, y.value))
        {
            x.matched = true;
            y.matched = true;
        }
    }
    // Remaining source values that are present anyway in another kind.
    let mut out = Vec::new();
    let ua: Vec<usize> = (0..a.len()).filter(|&i| !a[i].matched).collect();
    for i in ua {
        // The best unmatched rewrite mention of the same kind: same context
        // word first, else the first in order.
        let cands: Vec<usize> = (0..b.len())
            .filter(|&j| !b[j].matched && b[j].kind == a[i].kind)
            .collect();
        if cands.is_empty() {
            continue;
        }
        let score = |j: usize| {
            let mut sc = 0;
            if !a[i].before.is_empty() && a[i].before == b[j].before {
                sc += 1;
            }
            if !a[i].after.is_empty() && a[i].after == b[j].after {
                sc += 2;
            }
            sc
        };
        let best = cands
            .iter()
            .copied()
            .max_by_key(|&j| (score(j), std::cmp::Reverse(j)))
            .unwrap_or(cands[0]);
        // Without a shared context word, only pair when both sides have
        // exactly one unmatched value of the kind.
        let ua_kind = a
            .iter()
            .filter(|m| !m.matched && m.kind == a[i].kind)
            .count();
        if score(best) == 0 && (cands.len() != 1 || ua_kind != 1) {
            continue;
        }
        a[i].matched = true;
        b[best].matched = true;
        let (x, y) = (&a[i], &b[best]);
        let st = &g.src.segs[x.sent].text[x.start..x.end];
        let rt = &g.rw.segs[y.sent].text[y.start..y.end];
        out.push(finding(
            FindingKind::NumberChanged,
            Some(x.sent),
            Some(y.sent),
            Some(st),
            Some(rt),
            format!(
                "\u{201c}{st}\u{201d} became \u{201c}{rt}\u{201d}: the original says \u{201c}{}\u{201d}, the copy \u{201c}{}\u{201d}.",
                context(&g.src.segs[x.sent].text, x.start, x.end),
                context(&g.rw.segs[y.sent].text, y.start, y.end)
            ),
        ));
    }
    out
}

/// A number with a few words either side, as a reader finds it in the
/// sentence, not past a clause boundary: "a budget of 4.2 billion crowns".
fn context(text: &str, start: usize, end: usize) -> &str {
    const BEFORE: usize = 3;
    const AFTER: usize = 2;
    let stops = |c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '.' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '—' | '–'
        )
    };
    // Whitespace-separated words with their byte ranges.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut at = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), at) {
            (false, None) => at = Some(i),
            (true, Some(b)) => {
                spans.push((b, i));
                at = None;
            }
            _ => {}
        }
    }
    let first = spans.iter().position(|&(_, e)| e > start).unwrap_or(0);
    let last = spans.iter().rposition(|&(b, _)| b < end).unwrap_or(first);
    let mut from = start;
    // "Oct." and "Dr." end in a full stop but end no clause.
    let abbreviation =
        |w: &str| w.ends_with('.') && w.len() <= 5 && w.starts_with(|c: char| c.is_uppercase());
    for &(b, e) in spans[..first].iter().rev().take(BEFORE) {
        if text[b..e].ends_with(stops) && !abbreviation(&text[b..e]) {
            break;
        }
        from = b;
        if text[b..e].starts_with(stops) {
            break;
        }
    }
    let mut to = end.max(spans.get(last).map_or(end, |s| s.1));
    // The number's own word may end a clause ("8 percent,").
    if !text[end..to].contains(stops) {
        for &(b, e) in spans.iter().skip(last + 1).take(AFTER) {
            if text[b..e].starts_with(stops) {
                break;
            }
            to = e;
            if text[b..e].ends_with(stops) {
                break;
            }
        }
    } else {
        to = end;
    }
    text[from..to]
        .trim_end_matches(stops)
        .trim_start_matches(stops)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::tokens::tokenize;

    fn vals(text: &str) -> Vec<(f64, String)> {
        let st = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let toks = tokenize(text, &st);
        mentions(0, text, &toks)
            .into_iter()
            .map(|m| (m.value, text[m.start..m.end].to_string()))
            .collect()
    }

    #[test]
    fn context_shows_the_number_in_its_words() {
        let t = "The government would keep a budget of 4.2 billion crowns for the coming year.";
        let at = t.find("4.2").unwrap();
        assert_eq!(
            context(t, at, at + "4.2 billion".len()),
            "a budget of 4.2 billion crowns for"
        );
        let t = "Trade fell by 8 percent, the report said.";
        let at = t.find('8').unwrap();
        assert_eq!(context(t, at, at + 1), "Trade fell by 8 percent");
        let t = "The meeting will be held on Oct. 6.";
        let at = t.find('6').unwrap();
        assert_eq!(context(t, at, at + 1), "held on Oct. 6");
    }

    #[test]
    fn values() {
        assert_eq!(
            vals("a budget of 4.2 billion"),
            vec![(4.2e9, "4.2 billion".to_string())]
        );
        assert_eq!(
            vals("three people and 12% of $5"),
            vec![
                (3.0, "three".to_string()),
                (12.0, "12%".to_string()),
                (5.0, "$5".to_string())
            ]
        );
        assert_eq!(
            vals("twenty five votes on Jan. 5, 2024"),
            vec![
                (25.0, "twenty five".to_string()),
                (1.0, "Jan.".to_string()),
                (5.0, "5".to_string()),
                (2024.0, "2024".to_string())
            ]
        );
        assert!(vals("one of the people may come").is_empty());
    }
}
