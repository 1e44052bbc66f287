//! How numbers read on a page: percentages, counted nouns and lists.

/// A share (0..=1) in whole percent; 0 for a share that is not a number.
pub fn pct(x: f64) -> u32 {
    if x.is_finite() {
        (x.clamp(0.0, 1.0) * 100.0).round() as u32
    } else {
        0
    }
}

/// "1 copy", "3 copies".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
pub fn listed<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}
