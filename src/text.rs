//! Character tests shared by the stages, for the byte-at-a-time paths they
//! take through ASCII text.

/// `char::is_whitespace` for an ASCII byte (false for any other byte).
/// Unlike `u8::is_ascii_whitespace`, it counts the vertical tab (0x0b), as
/// `char::is_whitespace` does.
pub const fn is_white_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
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
