//! Front matter dates: `YYYY-MM-DD`, a real calendar day, and when a date is
//! not one, what exactly is wrong with it.

/// What is wrong with a front matter date, if anything: a message that says
/// it, and a hint where there is a fix to suggest.
pub fn date_problem(date: &str) -> Option<(String, Option<String>)> {
    let shown = format!("`date` {date:?}");
    if let Some((y, m, d)) = iso_parts(date) {
        let message = match days_in_month(y, m) {
            None => format!("{shown} has no month {m}: months run from 01 to 12"),
            Some(_) if d == 0 => format!("{shown} has day 00: days start at 01"),
            Some(days) if d > days => {
                format!(
                    "{shown} is not a date: {} {y} has {days} days",
                    MONTHS[m as usize - 1]
                )
            }
            Some(_) => return None,
        };
        return Some((message, None));
    }
    let hint = match other_order(date) {
        Some(readings) => format!(
            "write dates as YYYY-MM-DD, e.g. {}",
            match readings.as_slice() {
                [one] => one.clone(),
                [a, b, ..] => format!("{a} or {b} (which is the month is ambiguous)"),
                [] => unreachable!("other_order returns at least one reading"),
            }
        ),
        None => "write dates as YYYY-MM-DD, e.g. 2026-03-14".to_string(),
    };
    Some((format!("{shown} is not written as YYYY-MM-DD"), Some(hint)))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Year, month and day of a date written `YYYY-MM-DD` (digits in the right
/// places; the values are not checked).
fn iso_parts(date: &str) -> Option<(u32, u32, u32)> {
    let [y, m, d] = split3(date, '-')?;
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// Days in month `m` of year `y`, or `None` for no such month.
fn days_in_month(y: u32, m: u32) -> Option<u32> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// The real dates a day written another way can mean, as `YYYY-MM-DD`:
/// `2026/03/12` or `2026.03.12` one; `12/03/2026` two (12 March or
/// 3 December), unless only one reading is a date.
fn other_order(date: &str) -> Option<Vec<String>> {
    let sep = ['/', '.', '-'].into_iter().find(|&c| date.contains(c))?;
    let parts = split3(date, sep)?;
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok().filter(|_| (1..=4).contains(&p.len())))
        .collect::<Option<_>>()?;
    let is_day = |y: u32, m: u32, d: u32| days_in_month(y, m).is_some_and(|n| (1..=n).contains(&d));
    let iso = |y: u32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    let mut readings = Vec::new();
    if parts[0].len() == 4 {
        let (y, m, d) = (numbers[0], numbers[1], numbers[2]);
        if is_day(y, m, d) {
            readings.push(iso(y, m, d));
        }
    } else if parts[2].len() == 4 {
        let (a, b, y) = (numbers[0], numbers[1], numbers[2]);
        // Month first (12/03 as 3 December), then day first (12 March).
        for (m, d) in [(a, b), (b, a)] {
            let reading = iso(y, m, d);
            if is_day(y, m, d) && !readings.contains(&reading) {
                readings.push(reading);
            }
        }
    }
    (!readings.is_empty()).then_some(readings)
}

fn split3(s: &str, sep: char) -> Option<[&str; 3]> {
    let mut parts = s.trim().split(sep);
    let three = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(three)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_pass() {
        assert_eq!(date_problem("2024-02-29"), None);
        assert_eq!(date_problem("2026-12-31"), None);
    }

    #[test]
    fn impossible_days_say_how_long_the_month_is() {
        let (message, hint) = date_problem("2026-02-30").unwrap();
        assert!(message.contains("February 2026 has 28 days"), "{message}");
        assert_eq!(hint, None, "it is already written as YYYY-MM-DD");
        let (message, _) = date_problem("2023-13-01").unwrap();
        assert!(message.contains("no month 13"), "{message}");
    }

    #[test]
    fn other_orders_get_the_dates_they_may_mean() {
        let hint = |d| date_problem(d).unwrap().1.unwrap();
        assert_eq!(
            hint("12/03/2026"),
            "write dates as YYYY-MM-DD, e.g. 2026-12-03 or 2026-03-12 (which is the month is ambiguous)"
        );
        assert_eq!(
            hint("25.03.2026"),
            "write dates as YYYY-MM-DD, e.g. 2026-03-25"
        );
        assert_eq!(
            hint("2026/03/12"),
            "write dates as YYYY-MM-DD, e.g. 2026-03-12"
        );
        assert_eq!(
            hint("March 3"),
            "write dates as YYYY-MM-DD, e.g. 2026-03-14"
        );
        assert_eq!(
            hint("03/03/2026"),
            "write dates as YYYY-MM-DD, e.g. 2026-03-03"
        );
    }
}
