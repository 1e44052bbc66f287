//! Character tests shared by the stages, for the byte-at-a-time paths they
//! take through ASCII text.

/// `char::is_whitespace` for an ASCII byte (false for any other byte).
/// Unlike `u8::is_ascii_whitespace`, it counts the vertical tab (0x0b), as
/// `char::is_whitespace` does.
pub const fn is_white_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
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
