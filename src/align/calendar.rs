//! Names of months and days, lower-cased: read as dates by the number
//! detector, never taken for a person's name, and a sign of a dateline.

/// Full month names, in calendar order (index + 1 is the month).
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Three-letter month abbreviations, in calendar order.
pub(crate) const MONTH_ABBR: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Full day names.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A month, written out or abbreviated ("sept" too).
pub(crate) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word) || MONTH_ABBR.contains(&word) || word == "sept"
}

/// A day, written out or in three letters.
pub(crate) fn is_weekday(word: &str) -> bool {
    WEEKDAYS.contains(&word) || WEEKDAYS.iter().any(|d| d.get(..3) == Some(word))
}
