//! Segmentation: a Markdown (or plain text) body cut into blocks and
//! sentences, as plain text with offsets back into the file.
//!
//! Offsets are counted in characters (Unicode scalar values) from the start of
//! the whole file, so `file.chars().skip(start).take(end - start)` is where a
//! sentence stands. Markup (emphasis, links, inline HTML, entities, list and
//! heading markers) is removed from the sentence text but not from the span.

use super::tokens;
use crate::report::{SentenceRole, SetAside};

/// A sentence cut from one side's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Plain text: markup removed, whitespace collapsed.
    pub text: String,
    /// Character offset of the first character in the file.
    pub start: usize,
    /// Character offset one past the last character in the file.
    pub end: usize,
    /// Index of the block (paragraph, heading, list item) it belongs to.
    pub paragraph: usize,
    pub role: SentenceRole,
    /// For a caption or furniture: what it was recognised as.
    pub set_aside: Option<SetAside>,
}

/// Longest sentence kept whole, in characters; longer runs are cut at a space
/// so hostile input (a megabyte without a full stop) stays cheap to compare.
const MAX_SENTENCE_CHARS: usize = 1500;
/// A quotation longer than this no longer holds its sentences together.
const MAX_QUOTE_SPAN: usize = 600;

/// A paragraph (block) as the role rules see it.
#[derive(Debug)]
pub(crate) struct Paragraph {
    pub kind: BlockKind,
    /// The block held an image.
    pub image: bool,
    /// The block comes right after a block that was only an image.
    pub after_image: bool,
    /// Plain text: markup removed, whitespace collapsed.
    pub text: String,
}

/// Cuts `file[body_start..]` into sentences, all of them story until
/// [`roles`](super::roles) says otherwise, and the paragraphs they are in.
pub(crate) fn cut(file: &str, body_start: usize) -> (Vec<Segment>, Vec<Paragraph>) {
    let mut body_start = body_start.min(file.len());
    while !file.is_char_boundary(body_start) {
        body_start -= 1;
    }
    let base = file[..body_start].chars().count();
    let chars = char_vec(&file[body_start..]);
    let blocks = blocks(&chars);
    let mut out = Vec::new();
    let mut paragraph = 0;
    // Each paragraph's text and shape, for telling story from page furniture.
    let mut paragraphs: Vec<Paragraph> = Vec::with_capacity(blocks.len());
    let mut after_image = false;
    // Where the last sentence ended in the body.
    let mut sentence_end = 0;
    for block in &blocks {
        let (plain, map) = inline_plain(&chars, &block.lines);
        let (plain, map) = composed(plain, map);
        if plain.iter().all(|c| c.is_whitespace()) {
            after_image |= block.image;
            continue;
        }
        let text = chars_to_string(&plain);
        // Char offsets are byte offsets in ASCII text.
        let ascii = text.len() == plain.len();
        let spans = if block.kind == BlockKind::Heading {
            vec![(0, plain.len())]
        } else {
            split_sentences(&plain)
        };
        for (a, b) in spans {
            let (a, b) = trim_span(&plain, a, b);
            if a >= b {
                continue;
            }
            if !plain[a..b].iter().any(|c| c.is_alphanumeric()) {
                continue;
            }
            // Opening and closing emphasis markers belong to the sentence
            // (a marker between two sentences with no space, as after a
            // Chinese full stop, to the first).
            // Only markers that are markup count: a marker character that
            // is text of the neighbouring sentence is in `plain`, so the
            // stretch is bounded by the neighbouring plain characters.
            let floor = match a {
                0 => sentence_end,
                _ => sentence_end.max(map[a - 1].1),
            };
            let ceiling = plain.get(b).map_or(chars.len(), |_| map[b].0);
            let mut st = map[a].0;
            while st > floor && matches!(chars[st - 1], '*' | '_' | '~') {
                st -= 1;
            }
            let mut en = map[b - 1].1;
            while en < ceiling && matches!(chars[en], '*' | '_' | '~') {
                en += 1;
            }
            sentence_end = en;
            out.push(Segment {
                text: match ascii {
                    true => text[a..b].to_string(),
                    false => chars_to_string(&plain[a..b]),
                },
                start: base + st,
                end: base + en,
                paragraph,
                role: SentenceRole::Story,
                set_aside: None,
            });
        }
        paragraph += 1;
        paragraphs.push(Paragraph {
            kind: block.kind,
            image: block.image,
            after_image,
            text,
        });
        after_image = false;
    }
    (out, paragraphs)
}

/// The chars of a text (ASCII text a byte at a time, which vectorises).
fn char_vec(text: &str) -> Vec<char> {
    match text.is_ascii() {
        true => text.bytes().map(char::from).collect(),
        false => text.chars().collect(),
    }
}

/// The text of some chars (ASCII ones a byte at a time).
fn chars_to_string(chars: &[char]) -> String {
    let all_bits = chars.iter().fold(0, |bits, &c| bits | u32::from(c));
    if all_bits < 0x80 {
        let bytes: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
        if let Ok(text) = String::from_utf8(bytes) {
            return text;
        }
    }
    chars.iter().collect()
}

/// The plain text in Unicode NFC, with the file range of each character:
/// a letter typed with combining accents becomes the precomposed letter,
/// spanning all the characters it was typed with, so texts typed either
/// way compare equal while offsets still point into the file as read.
/// Each grapheme cluster is composed on its own (composition never
/// crosses one).
fn composed(plain: Vec<char>, map: Vec<(usize, usize)>) -> (Vec<char>, Vec<(usize, usize)>) {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    use unicode_segmentation::UnicodeSegmentation;
    if plain.iter().all(char::is_ascii) || is_nfc_quick(plain.iter().copied()) == IsNormalized::Yes
    {
        return (plain, map);
    }
    let text: String = plain.iter().collect();
    let (mut out, mut out_map) = (
        Vec::with_capacity(plain.len()),
        Vec::with_capacity(map.len()),
    );
    let mut at = 0;
    for cluster in text.graphemes(true) {
        let n = cluster.chars().count();
        let span = (map[at].0, map[at + n - 1].1);
        let before = out.len();
        out.extend(cluster.nfc());
        match out.len() - before == n {
            // Unchanged in length: each character keeps its own range.
            true => out_map.extend_from_slice(&map[at..at + n]),
            false => out_map.extend(std::iter::repeat_n(span, out.len() - before)),
        }
        at += n;
    }
    (out, out_map)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

/// A block: a run of (partial) lines, each given as a char range of the body.
#[derive(Debug)]
struct Block {
    kind: BlockKind,
    lines: Vec<(usize, usize)>,
    /// The block held an image (its text is likely a caption).
    image: bool,
}

fn line_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            let e = if i > s && chars[i - 1] == '\r' {
                i - 1
            } else {
                i
            };
            lines.push((s, e));
            s = i + 1;
        }
    }
    if s < chars.len() {
        lines.push((s, chars.len()));
    }
    lines
}

fn is_blank(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_whitespace())
}

fn skip_ws(chars: &[char], mut i: usize, end: usize) -> usize {
    while i < end && (chars[i] == ' ' || chars[i] == '\t') {
        i += 1;
    }
    i
}

/// Length of a list marker at `i` (`- `, `* `, `+ `, `1. `, `1) `), if any.
fn list_marker(chars: &[char], i: usize, end: usize) -> Option<usize> {
    if i >= end {
        return None;
    }
    let c = chars[i];
    if matches!(c, '-' | '*' | '+' | '•') && i + 1 < end && chars[i + 1] == ' ' {
        return Some(2);
    }
    let mut j = i;
    while j < end && j - i < 9 && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j > i && j + 1 < end && matches!(chars[j], '.' | ')') && chars[j + 1] == ' ' {
        return Some(j + 2 - i);
    }
    None
}

fn is_thematic_break(line: &[char]) -> bool {
    let mut marks = line.iter().copied().filter(|c| !c.is_whitespace());
    let Some(mark @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != mark {
            return false;
        }
        count += 1;
    }
    count >= 3
}

fn blocks(chars: &[char]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let mut fence: Option<char> = None;
    let mut in_html_comment = false;
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take() {
            out.push(b);
        }
    };
    let lines = line_ranges(chars);
    // The last line that could close a fence of each kind: a fence that is
    // never closed is a stray line of text, not code to the end (pasted
    // prose uses ``` and ~~~ as rules and signatures).
    let fence_of = |&(ls, le): &(usize, usize)| {
        let i0 = skip_ws(chars, ls, le);
        let f = *chars.get(i0)?;
        (matches!(f, '`' | '~') && chars[i0..le].iter().take_while(|&&c| c == f).count() >= 3)
            .then_some(f)
    };
    let last_fence = |f: char| lines.iter().rposition(|l| fence_of(l) == Some(f));
    let (last_tick, last_tilde) = (last_fence('`'), last_fence('~'));
    for (li, &(ls, le)) in lines.iter().enumerate() {
        let line = &chars[ls..le];
        let i0 = skip_ws(chars, ls, le);
        // Fenced code: skipped entirely (not prose).
        if let Some(f) = fence {
            if i0 + 2 < le + 1 && chars[i0..le].iter().take_while(|&&c| c == f).count() >= 3 {
                fence = None;
            }
            continue;
        }
        let closed = match chars.get(i0) {
            Some('`') => last_tick.is_some_and(|l| l > li),
            _ => last_tilde.is_some_and(|l| l > li),
        };
        if i0 + 3 <= le
            && closed
            && (chars[i0..i0 + 3] == ['`'; 3] || chars[i0..i0 + 3] == ['~'; 3])
        {
            flush(&mut cur, &mut out);
            fence = Some(chars[i0]);
            continue;
        }
        if in_html_comment {
            if line.windows(3).any(|w| w == ['-', '-', '>']) {
                in_html_comment = false;
            }
            continue;
        }
        if is_blank(line) {
            flush(&mut cur, &mut out);
            continue;
        }
        if chars[i0..le].starts_with(&['<', '!', '-', '-']) {
            flush(&mut cur, &mut out);
            if !line.windows(3).any(|w| w == ['-', '-', '>']) {
                in_html_comment = true;
            }
            continue;
        }
        // Block quotes: strip the markers and treat the rest as text.
        let mut i = i0;
        while i < le && chars[i] == '>' {
            i = skip_ws(chars, i + 1, le);
        }
        if i >= le {
            flush(&mut cur, &mut out);
            continue;
        }
        if is_thematic_break(&chars[i..le]) {
            // A `---` or `===` under a paragraph line is a setext heading underline.
            let setext = chars[i..le]
                .iter()
                .all(|&c| c == '-' || c == '=' || c == ' ');
            if setext {
                if let Some(b) = cur.as_mut() {
                    if b.lines.len() == 1 && b.kind == BlockKind::Paragraph {
                        b.kind = BlockKind::Heading;
                    }
                }
            }
            flush(&mut cur, &mut out);
            continue;
        }
        if chars[i..le].iter().all(|&c| c == '=' || c == ' ') && cur.is_some() {
            if let Some(b) = cur.as_mut() {
                b.kind = BlockKind::Heading;
            }
            flush(&mut cur, &mut out);
            continue;
        }
        // Link reference definitions: `[id]: http://...`
        if chars[i] == '[' {
            if let Some(p) = chars[i..le].iter().position(|&c| c == ']') {
                if i + p + 1 < le && chars[i + p + 1] == ':' {
                    continue;
                }
            }
        }
        // ATX heading.
        let hashes = chars[i..le].iter().take_while(|&&c| c == '#').count();
        if (1..=6).contains(&hashes) && (i + hashes == le || chars[i + hashes] == ' ') {
            flush(&mut cur, &mut out);
            let s = skip_ws(chars, i + hashes, le);
            // Closing hashes.
            let mut e = le;
            while e > s && (chars[e - 1] == ' ' || chars[e - 1] == '#') {
                e -= 1;
            }
            out.push(Block {
                kind: BlockKind::Heading,
                lines: vec![(s, e.max(s))],
                image: false,
            });
            continue;
        }
        if let Some(m) = list_marker(chars, i, le) {
            flush(&mut cur, &mut out);
            let mut s = skip_ws(chars, i + m, le);
            // Task list box.
            if s + 3 <= le && chars[s] == '[' && chars[s + 2] == ']' {
                s = skip_ws(chars, s + 3, le);
            }
            cur = Some(Block {
                kind: BlockKind::ListItem,
                lines: vec![(s, le)],
                image: false,
            });
            continue;
        }
        // Raw HTML block lines: keep their text (tags are stripped inline).
        let image = chars[i..le].windows(2).any(|w| w == ['!', '[']);
        match cur.as_mut() {
            Some(b) => {
                b.lines.push((i, le));
                b.image |= image;
            }
            None => {
                cur = Some(Block {
                    kind: BlockKind::Paragraph,
                    lines: vec![(i, le)],
                    image,
                })
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Decodes a few HTML entities; returns the char and the entity's length.
fn entity(chars: &[char], i: usize, end: usize) -> Option<(char, usize)> {
    let max = (i + 10).min(end);
    let semi = (i + 1..max).find(|&j| chars[j] == ';')?;
    let name: String = chars[i + 1..semi].iter().collect();
    let c = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => {
            let num = name.strip_prefix('#')?;
            let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                num.parse().ok()?
            };
            char::from_u32(v)?
        }
    };
    Some((c, semi + 1 - i))
}

/// Turns the lines of a block into plain text. Returns the chars and, for
/// each, its (start, end) char range in the body.
fn inline_plain(chars: &[char], lines: &[(usize, usize)]) -> (Vec<char>, Vec<(usize, usize)>) {
    // At most one character out for each one in.
    let room: usize = lines.iter().map(|(s, e)| e.saturating_sub(*s) + 1).sum();
    let mut out: Vec<char> = Vec::with_capacity(room);
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(room);
    // Closing positions of `[text](url)` links whose `](url)` part is skipped.
    let push = |out: &mut Vec<char>, map: &mut Vec<(usize, usize)>, c: char, s: usize, e: usize| {
        if c.is_whitespace() {
            if out.last().is_none_or(|l| *l == ' ') {
                return;
            }
            out.push(' ');
        } else {
            out.push(c);
        }
        map.push((s, e));
    };
    for (li, &(ls, le)) in lines.iter().enumerate() {
        if li > 0 {
            push(&mut out, &mut map, ' ', ls.saturating_sub(1), ls);
        }
        let mut i = ls;
        while i < le {
            let c = chars[i];
            match c {
                '\\' if i + 1 < le && chars[i + 1].is_ascii_punctuation() => {
                    push(&mut out, &mut map, chars[i + 1], i + 1, i + 2);
                    i += 2;
                }
                '*' | '~' => {
                    // Emphasis / strikethrough markers; a lone `*` between
                    // spaces is kept.
                    let run = chars[i..le].iter().take_while(|&&x| x == c).count();
                    let before = i > ls && !chars[i - 1].is_whitespace();
                    let after = i + run < le && !chars[i + run].is_whitespace();
                    if c == '~' && run < 2 || !(before || after) {
                        for k in 0..run {
                            push(&mut out, &mut map, c, i + k, i + k + 1);
                        }
                    }
                    i += run;
                }
                '_' => {
                    let run = chars[i..le].iter().take_while(|&&x| x == '_').count();
                    let before = i > ls && chars[i - 1].is_alphanumeric();
                    let after = i + run < le && chars[i + run].is_alphanumeric();
                    if before && after {
                        for k in 0..run {
                            push(&mut out, &mut map, '_', i + k, i + k + 1);
                        }
                    }
                    i += run;
                }
                '`' => i += 1,
                '!' if i + 1 < le && chars[i + 1] == '[' => {
                    // Image: the alt text is not reading text; skip the whole thing.
                    if let Some(end) = link_end(chars, i + 1, le) {
                        i = end;
                    } else {
                        push(&mut out, &mut map, c, i, i + 1);
                        i += 1;
                    }
                }
                '[' => {
                    // `[text](url)` or `[text][ref]`: keep the text, drop the target.
                    if let Some(close) = bracket_close(chars, i, le) {
                        if let Some(end) = target_end(chars, close + 1, le) {
                            let (t, mut m) = inline_plain(chars, &[(i + 1, close)]);
                            // The link's first and last characters carry its markup.
                            if let Some(f) = m.first_mut() {
                                f.0 = i;
                            }
                            if let Some(l) = m.last_mut() {
                                l.1 = end;
                            }
                            for (k, ch) in t.into_iter().enumerate() {
                                push(&mut out, &mut map, ch, m[k].0, m[k].1);
                            }
                            i = end;
                            continue;
                        }
                    }
                    push(&mut out, &mut map, c, i, i + 1);
                    i += 1;
                }
                '<' => {
                    // Inline HTML tag or autolink.
                    let max = (i + 300).min(le);
                    let close = (i + 1..max).find(|&j| chars[j] == '>');
                    let tagish =
                        i + 1 < le && (chars[i + 1].is_ascii_alphabetic() || chars[i + 1] == '/');
                    match close {
                        Some(j) if tagish => {
                            let inner: String = chars[i + 1..j].iter().collect();
                            if inner.starts_with("http://")
                                || inner.starts_with("https://")
                                || inner.contains('@') && !inner.contains(' ')
                            {
                                for (k, &ch) in chars.iter().enumerate().take(j).skip(i + 1) {
                                    push(&mut out, &mut map, ch, k, k + 1);
                                }
                            } else if inner.starts_with("br") {
                                push(&mut out, &mut map, ' ', i, j + 1);
                            }
                            i = j + 1;
                        }
                        _ => {
                            push(&mut out, &mut map, c, i, i + 1);
                            i += 1;
                        }
                    }
                }
                '&' => match entity(chars, i, le) {
                    Some((ch, n)) => {
                        push(&mut out, &mut map, ch, i, i + n);
                        i += n;
                    }
                    None => {
                        push(&mut out, &mut map, c, i, i + 1);
                        i += 1;
                    }
                },
                _ => {
                    push(&mut out, &mut map, c, i, i + 1);
                    i += 1;
                    // Then the run of characters that none of the cases
                    // above treats specially, as they are.
                    let run = chars[i..le].iter().take_while(|&&c| is_plain(c)).count();
                    out.extend_from_slice(&chars[i..i + run]);
                    map.extend((i..i + run).map(|k| (k, k + 1)));
                    i += run;
                }
            }
        }
        // Hard line break markers (two trailing spaces / backslash) vanish
        // with whitespace collapsing.
    }
    while out.last() == Some(&' ') {
        out.pop();
        map.pop();
    }
    (out, map)
}

/// A character that [`inline_plain`] copies as it is: neither white space
/// nor the start of markup.
fn is_plain(c: char) -> bool {
    !matches!(c, '\\' | '*' | '~' | '_' | '`' | '!' | '[' | '<' | '&') && !c.is_whitespace()
}

/// The `]` closing the `[` at `i` on the same line (nesting allowed, bounded).
fn bracket_close(chars: &[char], i: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let max = (i + 2000).min(end);
    let mut j = i;
    while j < max {
        match chars[j] {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// After `]` at `j-1`: the end of `(url)` or `[ref]`, if it is one.
fn target_end(chars: &[char], j: usize, end: usize) -> Option<usize> {
    if j >= end {
        return None;
    }
    let (open, close) = match chars[j] {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    let max = (j + 2000).min(end);
    for (k, &c) in chars.iter().enumerate().take(max).skip(j) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(k + 1);
            }
        }
    }
    None
}

/// End of `[alt](url)` starting at `i` (the `[`).
fn link_end(chars: &[char], i: usize, end: usize) -> Option<usize> {
    let close = bracket_close(chars, i, end)?;
    target_end(chars, close + 1, end)
}

fn trim_span(plain: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && plain[a].is_whitespace() {
        a += 1;
    }
    while b > a && plain[b - 1].is_whitespace() {
        b -= 1;
    }
    (a, b)
}

fn is_open_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '«' | '„' | '‘' | '‚' | '‹' | '「' | '『' | '（' | '《' | '〈' | '【'
    )
}

/// Closing quotation marks and the closing brackets of CJK text.
fn is_close_quote(c: char) -> bool {
    matches!(
        c,
        '”' | '»' | '’' | '›' | '」' | '』' | '）' | '》' | '〉' | '】'
    )
}

/// Marks the chars that lie inside a quotation which closes within the block
/// and is not overly long. Such quotations are kept in one sentence.
/// Empty when nothing is marked.
fn quoted_mask(plain: &[char]) -> Vec<bool> {
    let mut mask = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let is_mark = |c: &char| {
        *c == '"'
            || !c.is_ascii()
                && matches!(
                    c,
                    '“' | '”' | '«' | '»' | '„' | '‹' | '›' | '「' | '」' | '『' | '』'
                )
    };
    // Marks that open a quotation wherever they stand.
    let opener = |c: char| matches!(c, '“' | '«' | '„' | '‹' | '「' | '『');
    let mut after = 0;
    while let Some(k) = plain[after..].iter().position(is_mark) {
        let i = after + k;
        after = i + 1;
        let c = plain[i];
        // Only a quotation mark opens or closes; the chars before it can
        // only take an open quotation past its longest span.
        if open.is_some_and(|(s, _)| i - 1 - s > MAX_QUOTE_SPAN) {
            open = None;
        }
        let prev = if i == 0 { ' ' } else { plain[i - 1] };
        // A straight quote opens after a space or a dash, and anywhere in
        // Chinese or Japanese text (written without spaces).
        let opens_context = prev.is_whitespace()
            || matches!(prev, '(' | '[' | '—' | '–' | '-' | ':' | '：' | '，' | '、')
            || tokens::script(prev) != tokens::Script::Spaced;
        match open {
            None => {
                if c == '"' && opens_context || opener(c) {
                    open = Some((i, c));
                }
            }
            Some((s, oc)) => {
                let closes = match oc {
                    '"' => c == '"',
                    '«' => c == '»',
                    '‹' => c == '›',
                    '「' => c == '」',
                    '『' => c == '』',
                    '„' => c == '“' || c == '”' || c == '"',
                    _ => c == '”' || c == '"' && !opens_context,
                };
                if closes {
                    if i - s <= MAX_QUOTE_SPAN {
                        mask.resize(plain.len(), false);
                        mask[s + 1..i].fill(true);
                    }
                    open = None;
                } else if i - s > MAX_QUOTE_SPAN {
                    // Unclosed (or very long) quotation: forget it.
                    open = None;
                    if c == '"' && opens_context || opener(c) {
                        open = Some((i, c));
                    }
                }
            }
        }
    }
    mask
}

/// Titles and abbreviations that come before a name: never end a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "rev", "hon", "pres", "supt", "det", "insp", "st", "mt", "ft", "maj", "cpl",
    "pvt", "messrs", "mme", "mlle", "fr", "sr", "jr", "atty", "amb", "gov", "lieut", "cllr", "cdr",
    "brig", "mgr", "ald", "secy", "sec", "asst", "assoc", "vs", "cf", "approx", "fig", "figs",
    "nos", "vol", "vols", "pp", "no", "al",
];
/// Abbreviations that may end a sentence: they do only when the next word is a
/// typical sentence opener.
const SOFT_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "ltd", "co", "bros", "llc", "plc", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "hwy", "univ", "est", "min", "max", "govt",
    "intl", "natl", "assn", "dist", "mass", "calif", "conn", "fla", "ga", "ill", "ind", "kan",
    "ky", "la", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "ariz", "ark", "colo", "del",
];
/// Capitalised words that usually open a sentence (used after ambiguous
/// abbreviations such as "U.S." or "Inc.").
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "for",
    "with",
    "of",
    "to",
    "by",
    "from",
    "what",
    "who",
    "how",
    "why",
    "where",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "one",
    "two",
    "three",
    "meanwhile",
    "however",
    "still",
    "also",
    "since",
    "until",
    "although",
    "though",
    "because",
    "then",
    "now",
    "today",
    "yesterday",
    "last",
    "next",
];

/// The word (letters, digits and dots, at most 20) that ends at `dot`.
fn word_before(plain: &[char], dot: usize) -> &[char] {
    let mut s = dot;
    while s > 0 && (plain[s - 1].is_alphanumeric() || plain[s - 1] == '.') && dot - s < 20 {
        s -= 1;
    }
    &plain[s..dot]
}

/// The word (at most 30 letters and digits) that starts within a few
/// characters of `i`.
fn next_word(plain: &[char], i: usize) -> &[char] {
    let mut j = i;
    while j < plain.len() && !plain[j].is_alphanumeric() && j - i < 4 {
        j += 1;
    }
    let mut e = j;
    while e < plain.len() && plain[e].is_alphanumeric() && e - j < 30 {
        e += 1;
    }
    &plain[j..e]
}

/// A short word in lower case: in `buf` when it is ASCII (as every word
/// of the lists it is compared with is), else in `spill`.
fn lower_case<'a>(word: &[char], buf: &'a mut [u8; 32], spill: &'a mut String) -> &'a str {
    if word.len() <= buf.len() && word.iter().all(char::is_ascii) {
        for (b, c) in buf.iter_mut().zip(word) {
            *b = c.to_ascii_lowercase() as u8;
        }
        if let Ok(lower) = std::str::from_utf8(&buf[..word.len()]) {
            return lower;
        }
    }
    *spill = chars_to_string(word).to_lowercase();
    spill
}

/// Marks that end a sentence: the full stop, question and exclamation marks
/// of Latin, Cyrillic and Greek text (`;` is the Greek question mark, see
/// [`ends_greek_question`]), the ideographic full stop and full-width marks
/// of Chinese and Japanese, the Arabic question mark and Urdu full stop, the
/// Devanagari danda, the Armenian and Ethiopic full stops.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | ';')
        || !c.is_ascii()
            && matches!(
                c,
                '。' | '！'
                    | '？'
                    | '｡'
                    | '؟'
                    | '۔'
                    | '‼'
                    | '⁇'
                    | '⁈'
                    | '⁉'
                    | '।'
                    | '॥'
                    | '։'
                    | '።'
                    | '፧'
            )
}

/// Terminators of text written without spaces (Chinese, Japanese): they end
/// a sentence with no space after them.
fn is_wide_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// A `;` ends a question in Greek text (U+037E, the Greek question mark, is
/// a semicolon once in NFC): is the letter before it Greek?
fn ends_greek_question(plain: &[char], at: usize) -> bool {
    plain[..at]
        .iter()
        .rev()
        .take(40)
        .find(|c| c.is_alphabetic())
        .is_some_and(|&c| matches!(c, '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}'))
}

/// Characters that may stand between a terminator and the next sentence
/// without being part of either: white space and invisible direction marks.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{61C}')
}

/// Is the block written without capitals (all lower case, as in chat or
/// some headlines)? Then a lower-case letter may open a sentence. Yes when
/// its first letter is not a capital and no terminator followed by a space
/// is followed by a capital either.
fn is_lower_case_style(plain: &[char]) -> bool {
    if plain
        .iter()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_uppercase())
    {
        return false;
    }
    let mut after_end = false;
    for w in plain.windows(2) {
        if is_terminator(w[0]) && is_gap(w[1]) {
            after_end = true;
        } else if after_end && w[1].is_alphabetic() {
            if w[1].is_uppercase() {
                return false;
            }
            after_end = false;
        } else if after_end && !is_gap(w[1]) && !is_open_quote(w[1]) {
            after_end = false;
        }
    }
    true
}

/// Sentence spans (char ranges) of a block's plain text.
pub(crate) fn split_sentences(plain: &[char]) -> Vec<(usize, usize)> {
    let mask = quoted_mask(plain);
    let mut spans = Vec::new();
    let mut start = 0;
    let n = plain.len();
    let mut i = 0;
    // Decided the first time a lower-case letter follows a terminator.
    let mut lower_style: Option<bool> = None;
    while i < n {
        let c = plain[i];
        if !is_terminator(c) {
            // No sentence is cut short before this: go to the next terminator.
            let uncut = (start + MAX_SENTENCE_CHARS - 100).min(n);
            if i < uncut {
                i = plain[i..uncut]
                    .iter()
                    .position(|&c| is_terminator(c))
                    .map_or(uncut, |k| i + k);
                continue;
            }
            let long = i - start >= MAX_SENTENCE_CHARS && !tokens::is_mark(c);
            if long || i - start >= MAX_SENTENCE_CHARS - 100 && c == ' ' {
                spans.push((start, i));
                start = i + 1;
            }
            i += 1;
            continue;
        }
        if c == ';' && !ends_greek_question(plain, i) {
            i += 1;
            continue;
        }
        // The run of terminators, then closing quotes and brackets.
        let mut j = i + 1;
        while j < n && is_terminator(plain[j]) && plain[j] != ';' {
            j += 1;
        }
        let run = j - i;
        let wide = plain[i..j].iter().any(|&c| is_wide_terminator(c));
        let ellipsis =
            plain[i..j].contains(&'…') || plain[i..j].iter().filter(|&&c| c == '.').count() > 1;
        let closed = j;
        while j < n && (is_close_quote(plain[j]) || matches!(plain[j], '"' | '\'' | ')' | ']')) {
            j += 1;
        }
        if j < n && !is_gap(plain[j]) {
            // Chinese and Japanese sentences follow each other without a
            // space; a Japanese quotation closed by 」と goes on ("...」と述べた").
            let quoted_on = j > closed && matches!(plain[j], 'と' | 'っ');
            if !wide || quoted_on {
                i = j.max(i + 1);
                continue;
            }
        }
        // The next visible character must be able to open a sentence.
        let mut k = j;
        while k < n && is_gap(plain[k]) {
            k += 1;
        }
        if k < n && !wide {
            let nc = plain[k];
            let opener = nc.is_uppercase()
                || tokens::is_digit(nc)
                || tokens::is_caseless_letter(nc)
                || is_open_quote(nc)
                || matches!(
                    nc,
                    '"' | '\'' | '(' | '[' | '¿' | '¡' | '—' | '–' | '-' | '*'
                )
                || nc.is_lowercase()
                    && !ellipsis
                    && *lower_style.get_or_insert_with(|| is_lower_case_style(plain));
            if !opener {
                i = j;
                continue;
            }
        }
        // Inside a quotation that closes later in this block: keep going,
        // unless the terminator run ends the quotation itself.
        if i < mask.len() && mask[i] && (j == 0 || mask[j - 1]) {
            i = j;
            continue;
        }
        let lower = lower_style == Some(true);
        if c == '.' && run == 1 && k < n && !is_sentence_end_after_abbreviation(plain, i, k, lower)
        {
            i = j;
            continue;
        }
        spans.push((start, j));
        start = j;
        i = j;
    }
    if start < n {
        spans.push((start, n));
    }
    spans
}

/// For a single `.` at `dot` followed by the next sentence-like word at `next`:
/// is it a sentence end, or an abbreviation / initial / number?
fn is_sentence_end_after_abbreviation(
    plain: &[char],
    dot: usize,
    next: usize,
    lower_style: bool,
) -> bool {
    let word = word_before(plain, dot);
    if word.is_empty() {
        return true;
    }
    let (mut word_buf, mut next_buf) = ([0; 32], [0; 32]);
    let (mut word_spill, mut next_spill) = (String::new(), String::new());
    let lower = lower_case(word, &mut word_buf, &mut word_spill);
    let nw = lower_case(next_word(plain, next), &mut next_buf, &mut next_spill);
    let next_is_opener = OPENERS.contains(&nw);
    let next_digit = tokens::is_digit(plain[next]);
    // "No. 5", "Vol. 3", "pp. 4"
    if matches!(
        lower,
        "no" | "nos" | "vol" | "pp" | "fig" | "art" | "ch" | "op"
    ) {
        return !next_digit && (lower != "no" || next_is_opener);
    }
    if TITLES.contains(&lower) {
        // "Jr." and "Sr." can end a sentence before an opener.
        if matches!(lower, "jr" | "sr" | "st" | "al" | "v" | "vs") {
            return next_is_opener && !matches!(lower, "v" | "vs");
        }
        return false;
    }
    // Single initial: "J. R. Smith" (or "j. r. smith" in text without capitals).
    if let [letter] = word {
        if letter.is_uppercase() || lower_style && letter.is_lowercase() {
            // "J. R. Smith" goes on; "... plan B. The vote" ends.
            return next_is_opener;
        }
    }
    // Dotted acronyms: "U.S.", "a.m.", "Ph.D.", "e.g." (the final dot is at `dot`).
    if word.contains(&'.') {
        if matches!(lower, "e.g" | "i.e" | "cf") {
            return false;
        }
        return next_is_opener;
    }
    if SOFT_ABBREVIATIONS.contains(&lower) {
        if next_digit {
            return false;
        }
        return next_is_opener;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences with their roles, as the aligner gets them.
    fn segment(file: &str, body_start: usize) -> Vec<Segment> {
        crate::align::roles::sentences(file, body_start)
    }

    fn sents(text: &str) -> Vec<String> {
        segment(text, 0).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let s = sents("U.S. President Joe Biden met Sen. Warren and Dr. Smith on Jan. 5 at 4.2 degrees. It rained.");
        assert_eq!(s.len(), 2, "{s:?}");
        let s = sents("The author J. R. R. Tolkien wrote it. Then No. 5 was published in the U.S. The end came.");
        assert_eq!(
            s,
            vec![
                "The author J. R. R. Tolkien wrote it.",
                "Then No. 5 was published in the U.S.",
                "The end came."
            ]
        );
    }

    #[test]
    fn quotations_hold_together() {
        let s =
            sents("\u{201c}We will not raise the rate. It stays,\u{201d} she said. Then she left.");
        assert_eq!(
            s,
            vec![
                "\u{201c}We will not raise the rate. It stays,\u{201d} she said.",
                "Then she left."
            ]
        );
        let s = sents("\"Enough. We are done!\" he shouted. Nobody moved.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn ellipses() {
        let s = sents("He paused... and went on. Then... Nothing happened… Later it did.");
        assert_eq!(
            s,
            vec![
                "He paused... and went on.",
                "Then...",
                "Nothing happened…",
                "Later it did."
            ]
        );
    }

    #[test]
    fn headings_lists_and_roles() {
        let text = "# A Title\n\nFirst para. Second one.\n\n- item one\n- item two\n\n## Related articles\n\n- [Other story](http://x)\n\nPhoto: Reuters\n";
        let segs = segment(text, 0);
        let v: Vec<(&str, SentenceRole, usize)> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.role, s.paragraph))
            .collect();
        assert_eq!(
            v,
            vec![
                ("A Title", SentenceRole::Heading, 0),
                ("First para.", SentenceRole::Story, 1),
                ("Second one.", SentenceRole::Story, 1),
                ("item one", SentenceRole::Story, 2),
                ("item two", SentenceRole::Story, 3),
                ("Related articles", SentenceRole::Furniture, 4),
                ("Other story", SentenceRole::Furniture, 5),
                ("Photo: Reuters", SentenceRole::Caption, 6),
            ]
        );
    }

    #[test]
    fn offsets_with_front_matter_and_multibyte() {
        let file = "---\ntitle: Ünï\n---\nZoë **said** “hi”. [Köln](http://k) is *big*.\n";
        let body = file.find("Zoë").unwrap();
        let segs = segment(file, body);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].text, "Zoë said “hi”.");
        assert_eq!(segs[1].text, "Köln is big.");
        let span: String = file
            .chars()
            .skip(segs[0].start)
            .take(segs[0].end - segs[0].start)
            .collect();
        assert_eq!(span, "Zoë **said** “hi”.");
        let span: String = file
            .chars()
            .skip(segs[1].start)
            .take(segs[1].end - segs[1].start)
            .collect();
        assert_eq!(span, "[Köln](http://k) is *big*.");
    }

    #[test]
    fn chinese_and_japanese_sentences_end_without_spaces() {
        let s = sents("北京今天下雨。明天会晴！你会来吗？好的");
        assert_eq!(
            s,
            vec!["北京今天下雨。", "明天会晴！", "你会来吗？", "好的"]
        );
        // A quotation holds its sentences; its closing bracket ends the
        // sentence after a full stop.
        let s = sents("他说：「我们不会加税。明年再看。」然后离开了。");
        assert_eq!(
            s,
            vec!["他说：「我们不会加税。明年再看。」", "然后离开了。"]
        );
        // "...」と述べた" goes on: the quotation is part of the sentence.
        let s = sents("知事は「完成させる。」と述べた。工事は進む。");
        assert_eq!(s, vec!["知事は「完成させる。」と述べた。", "工事は進む。"]);
        // An emphasis marker right after a full stop is in one sentence only.
        let segs = segment("今天下雨。*明天*会晴。", 0);
        assert_eq!((segs[0].start, segs[0].end), (0, 6));
        assert_eq!((segs[1].start, segs[1].end), (6, 12));
    }

    #[test]
    fn arabic_persian_and_hebrew_sentences() {
        let s = sents("هل سينجح البرنامج؟ ويعتقد المراقبون، بحذر، أن ذلك ممكن. قال الوزير ذلك.");
        assert_eq!(
            s,
            vec![
                "هل سينجح البرنامج؟",
                "ويعتقد المراقبون، بحذر، أن ذلك ممكن.",
                "قال الوزير ذلك."
            ]
        );
        assert_eq!(sents("یہ پہلا جملہ ہے۔ یہ دوسرا ہے۔").len(), 2);
        assert_eq!(
            sents("האם התוכנית תצליח? התושבים מקווים שכן."),
            vec!["האם התוכנית תצליח?", "התושבים מקווים שכן."]
        );
        // A direction mark between sentences is not part of either.
        assert_eq!(sents("אחת. \u{200F}שתיים.").len(), 2);
    }

    #[test]
    fn greek_question_mark() {
        for q in [";", "\u{37E}"] {
            let s = sents(&format!("Θα πετύχει το σχέδιο{q} Οι ειδικοί αμφιβάλλουν."));
            assert_eq!(s.len(), 2, "{s:?}");
            assert!(s[0].ends_with(';'), "NFC makes U+037E a semicolon: {s:?}");
        }
        // A semicolon in English text goes on.
        assert_eq!(sents("He came; She left.").len(), 1);
    }

    #[test]
    fn text_without_capitals() {
        let s = sents(
            "the council voted on tuesday. mayor j. r. baro said no, e.g. to fares. \
             dr. smith left at 4.2 degrees... and it rained. then it stopped.",
        );
        assert_eq!(
            s,
            vec![
                "the council voted on tuesday.",
                "mayor j. r. baro said no, e.g. to fares.",
                "dr. smith left at 4.2 degrees... and it rained.",
                "then it stopped."
            ]
        );
        // In text with capitals a lower-case word after a full stop goes on.
        assert_eq!(
            sents("He met the C.E.O. of it. then left. It rained.").len(),
            2
        );
    }

    #[test]
    fn combining_marks_are_composed_with_offsets_into_the_file() {
        // "Nguyễn" typed with combining marks: the sentence reads precomposed,
        // its span is the characters as typed.
        let file = "Ông Nguye\u{302}\u{303}n nói. Xong.";
        let segs = segment(file, 0);
        assert_eq!(segs[0].text, "Ông Nguyễn nói.");
        assert_eq!((segs[0].start, segs[0].end), (0, 17));
        assert_eq!(segs[1].text, "Xong.");
        assert_eq!((segs[1].start, segs[1].end), (18, 23));
    }

    #[test]
    fn a_fence_never_closed_is_text() {
        let s = sents("Before the rule.\n\n~~~ A signature\n\nThe story goes on here.");
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[2], "The story goes on here.");
        let code = sents("Before.\n\n```\nlet x = 1;\n```\n\nAfter the code.");
        assert_eq!(code, ["Before.", "After the code."]);
    }

    #[test]
    fn hostile_input_is_bounded() {
        let q = "\"".repeat(20_000);
        let segs = segment(&q, 0);
        assert!(segs.is_empty());
        let long = "word ".repeat(10_000);
        let segs = segment(&long, 0);
        assert!(segs.len() >= 30);
        assert!(segs
            .iter()
            .all(|s| s.text.chars().count() <= MAX_SENTENCE_CHARS));
        // Text without spaces or full stops is cut too.
        let segs = segment(&"字".repeat(10_000), 0);
        assert!(segs.len() >= 6);
        assert!(segs
            .iter()
            .all(|s| s.text.chars().count() <= MAX_SENTENCE_CHARS));
    }
    #[test]
    fn a_tilde_that_starts_the_next_sentence_stays_in_it() {
        // Found by the property test: a literal `~` right after a Japanese
        // full stop was taken as a closing marker of the sentence before.
        let text = "スミス氏は「完成させる。」と述べた。~aA 0A0 and more here.";
        for start in 0..=text.len() {
            let segs = segment(text, start);
            let mut previous_end = 0;
            for s in &segs {
                assert!(
                    s.start >= previous_end,
                    "body from {start}: overlap at {s:?}"
                );
                previous_end = s.end;
            }
        }
        let segs = segment(text, 0);
        assert_eq!(segs[0].end, 18);
        assert!(segs[1].text.starts_with('~'));
    }
}
