//! The segmenter on any text, from any body start: offsets stay in the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun::align::roles::sentences;

fuzz_target!(|input: (u16, &str)| {
    let (pick, text) = input;
    let start = usize::from(pick) % (text.len() + 1);
    let chars = text.chars().count();
    let mut previous_end = 0;
    for s in sentences(text, start) {
        assert!(s.start <= s.end && s.end <= chars, "{s:?}");
        assert!(s.start >= previous_end, "{s:?}");
        previous_end = s.end;
    }
});
