//! The served site: every output file, held in memory.
//!
//! `serve` never writes the user's output directory. Each good rebuild
//! publishes a new [`SiteFiles`] (sharing every unchanged body and path with
//! the last one), and the HTTP side swaps it in whole, so a request sees
//! either the old site or the new one, never half of each. Because a request
//! can only name a key of these maps, no path outside the built site can
//! ever be served.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use super::livereload::insertion_point;
use crate::output::manifest::FingerprintWriter;

/// The body of one served file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Rendered by unspun (pages, feeds, report.json, theme files).
    Memory(Packed),
    /// A file of the site's own `static/` directory, read when asked for.
    /// Only regular files found without following links are listed.
    Disk(PathBuf),
}

impl Body {
    pub fn memory(bytes: impl Into<Vec<u8>>) -> Body {
        Body::Memory(Packed::new(&bytes.into()))
    }
}

/// A file's bytes kept compressed, as most of a gzip stream that is sent to
/// a client as it is, with a few bytes put in at one place on the way.
///
/// `serve` holds every page of the site in memory, and pages shrink to
/// about a fifth. Each page it sends gets the live-reload script before its
/// `</body>`: so the bytes before that place ([`insertion_point`]) are kept
/// as a gzip header and a deflate stream ended with a sync flush (which
/// leaves it at a byte boundary, open for more blocks), and the few bytes
/// after it (`</body></html>`) as they are. A response is then the kept
/// part, shared, and a small end made per request: the inserted bytes and
/// the tail as one stored (uncompressed) last block, and the gzip trailer,
/// whose CRC-32 is combined from the kept part's and the end's. No page is
/// unpacked or copied for a client that takes gzip (every browser);
/// [`Packed::unpack`] gives the bytes to one that does not.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    /// The gzip header and the deflated bytes before the insertion point.
    start: Arc<[u8]>,
    /// Length and CRC-32 of the bytes `start` holds.
    start_len: u64,
    start_crc: u32,
    /// The bytes from the insertion point on, as they are.
    tail: Arc<[u8]>,
}

/// A gzip member header: deflate, no name, no time (so the same bytes always
/// pack the same), unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// An empty stored last block, which ends a deflate stream left open.
const LAST_EMPTY_BLOCK: [u8; 5] = [1, 0, 0, 0xff, 0xff];

impl Packed {
    /// Packs `bytes`, fast rather than small. The same bytes always pack
    /// the same, so packed files compare as their contents do.
    pub fn new(bytes: &[u8]) -> Packed {
        let (start, tail) = bytes.split_at(insertion_point(bytes));
        match Packed::write_with(&mut |out| out.write_all(start)) {
            Ok(packed) => Packed {
                tail: Arc::from(tail),
                ..packed
            },
            // Writing to memory cannot fail.
            Err(_) => Packed::empty(),
        }
    }

    /// No bytes: the header and an empty block, as a sync flush leaves it.
    fn empty() -> Packed {
        Packed {
            start: Arc::from([&GZIP_HEADER[..], &[0, 0, 0, 0xff, 0xff]].concat()),
            start_len: 0,
            start_crc: 0,
            tail: Arc::from(&b""[..]),
        }
    }

    /// Packs what `write` writes, as it is written (a site-wide data file
    /// is never held whole unpacked). Nothing is put in such a file.
    pub fn write_with(
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<Packed> {
        let encoder = DeflateEncoder::new(GZIP_HEADER.to_vec(), Compression::fast());
        let mut out = FingerprintWriter::new(encoder);
        write(&mut out)?;
        let (print, mut encoder) = out.finish();
        // A sync flush, not the end of the stream: the end is sent per request.
        encoder.flush()?;
        let start = std::mem::take(encoder.get_mut());
        Ok(Packed {
            start: Arc::from(start),
            start_len: print.len,
            start_crc: print.crc32,
            tail: Arc::from(&b""[..]),
        })
    }

    /// The bytes as they were packed (with room for the script `serve`
    /// puts in a page).
    pub fn unpack(&self) -> Vec<u8> {
        let room = 64;
        let mut out = Vec::with_capacity(self.start_len as usize + self.tail.len() + room);
        let deflated = &self.start[GZIP_HEADER.len()..];
        // Packed by `new`: cannot be corrupt.
        let _ = DeflateDecoder::new(deflated.chain(&LAST_EMPTY_BLOCK[..])).read_to_end(&mut out);
        out.extend_from_slice(&self.tail);
        out
    }

    /// The file gzipped, with `insert` put in at its insertion point: the
    /// kept start, shared, and the end made for this response.
    pub fn gzipped(&self, insert: &[u8]) -> (Arc<[u8]>, Vec<u8>) {
        let mut end_bytes = Vec::with_capacity(insert.len() + self.tail.len());
        end_bytes.extend_from_slice(insert);
        end_bytes.extend_from_slice(&self.tail);
        // Stored blocks hold at most 65,535 bytes each; the last is marked.
        let mut end = Vec::with_capacity(end_bytes.len() + 16);
        let mut blocks = end_bytes.chunks(usize::from(u16::MAX)).peekable();
        if blocks.peek().is_none() {
            end.extend_from_slice(&LAST_EMPTY_BLOCK);
        }
        while let Some(block) = blocks.next() {
            let len = block.len() as u16;
            end.push(u8::from(blocks.peek().is_none()));
            end.extend_from_slice(&len.to_le_bytes());
            end.extend_from_slice(&(!len).to_le_bytes());
            end.extend_from_slice(block);
        }
        let mut crc = crc32fast::Hasher::new_with_initial_len(self.start_crc, self.start_len);
        let mut end_crc = crc32fast::Hasher::new();
        end_crc.update(&end_bytes);
        crc.combine(&end_crc);
        let total = self.start_len + end_bytes.len() as u64;
        end.extend_from_slice(&crc.finalize().to_le_bytes());
        // The gzip trailer holds the length modulo 2^32.
        end.extend_from_slice(&(total as u32).to_le_bytes());
        (Arc::clone(&self.start), end)
    }

    /// The first bytes of the file, up to `max` (a page's head), unpacked.
    pub fn unpack_start(&self, max: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let deflated = &self.start[GZIP_HEADER.len()..];
        let decoder = DeflateDecoder::new(deflated.chain(&LAST_EMPTY_BLOCK[..]));
        let _ = decoder
            .chain(&self.tail[..])
            .take(max as u64)
            .read_to_end(&mut out);
        out
    }

    /// Bytes held.
    pub fn packed_len(&self) -> usize {
        self.start.len() + self.tail.len()
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes)", self.packed_len())
    }
}

/// Output path (relative, `/`-separated, e.g. `reports/x/index.html`) -> body.
///
/// Two layers, as the build writes them: generated files, and the site's own
/// `static/` files copied over them (a static file wins over a page).
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    generated: HashMap<Arc<str>, Body>,
    statics: HashMap<Arc<str>, Body>,
}

impl SiteFiles {
    pub fn new() -> SiteFiles {
        SiteFiles::default()
    }

    /// Adds or replaces a generated file; says whether what is served changed.
    pub fn insert(&mut self, path: &str, body: Body) -> bool {
        match self.generated.get_mut(path) {
            Some(old) if *old == body => false,
            Some(old) => {
                *old = body;
                !self.statics.contains_key(path)
            }
            None => {
                self.generated.insert(Arc::from(path), body);
                !self.statics.contains_key(path)
            }
        }
    }

    /// Removes a generated file; says whether what is served changed.
    pub fn remove(&mut self, path: &str) -> bool {
        self.generated.remove(path).is_some() && !self.statics.contains_key(path)
    }

    /// Replaces the layer of the site's static files; says whether it changed.
    pub fn set_statics(&mut self, statics: HashMap<Arc<str>, Body>) -> bool {
        let changed = statics != self.statics;
        self.statics = statics;
        changed
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.statics.get(path).or_else(|| self.generated.get(path))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every served file (static files over generated ones), in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Body)> {
        let statics = self.statics.iter().map(|(k, v)| (k.as_ref(), v));
        let generated = self
            .generated
            .iter()
            .filter(|(k, _)| !self.statics.contains_key(k.as_ref()))
            .map(|(k, v)| (k.as_ref(), v));
        statics.chain(generated)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.generated.is_empty() && self.statics.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_bytes_unpack_as_they_were() {
        let page = "<p>The harbour council approved the plan.</p>\n".repeat(200);
        let packed = Packed::new(page.as_bytes());
        assert_eq!(packed.unpack(), page.as_bytes());
        assert!(packed.packed_len() < page.len() / 10);
        assert_eq!(packed, Packed::new(page.as_bytes()));
        assert_ne!(packed, Packed::new(b"other"));
        assert_eq!(Packed::new(b"").unpack(), b"");
        let written = Packed::write_with(&mut |out| out.write_all(page.as_bytes())).unwrap();
        assert_eq!(written.unpack(), page.as_bytes());
    }

    fn gunzip(start: &[u8], end: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(start.chain(end))
            .read_to_end(&mut out)
            .expect("a valid gzip stream");
        out
    }

    #[test]
    fn gzipped_with_bytes_put_in_is_one_valid_gzip_stream() {
        let page = format!(
            "<!DOCTYPE html><html><body>{}</BODY>\n</html>\n",
            "<p>The ferry to Kesby runs again from Monday.</p>\n".repeat(300)
        );
        let packed = Packed::new(page.as_bytes());
        let (start, end) = packed.gzipped(b"<script src=\"/x.js\"></script>");
        let at = page.find("</BODY>").unwrap();
        let want = format!(
            "{}<script src=\"/x.js\"></script>{}",
            &page[..at],
            &page[at..]
        );
        assert_eq!(gunzip(&start, &end), want.as_bytes());
        let (start, end) = packed.gzipped(b"");
        assert_eq!(gunzip(&start, &end), page.as_bytes());
        assert_eq!(packed.unpack_start(15), b"<!DOCTYPE html>");

        // No `</body>`: at the end; nothing at all; more than a stored block holds.
        for bytes in [&b"{\"a\": 1}"[..], b"", &[b'x'; 70_000][..]] {
            let packed = Packed::new(bytes);
            let (start, end) = packed.gzipped(b"!");
            assert_eq!(gunzip(&start, &end), [bytes, b"!"].concat());
        }
        let big = vec![b'y'; 150_000];
        let (start, end) = Packed::new(b"</body>").gzipped(&big);
        assert_eq!(gunzip(&start, &end), [&big[..], b"</body>"].concat());
        let written = Packed::write_with(&mut |out| out.write_all(page.as_bytes())).unwrap();
        let (start, end) = written.gzipped(b"");
        assert_eq!(gunzip(&start, &end), page.as_bytes());
        let (start, end) = Packed::empty().gzipped(b"x");
        assert_eq!(gunzip(&start, &end), b"x");
        assert_eq!(Packed::empty(), Packed::new(b""));
    }

    #[test]
    fn static_files_win_over_pages() {
        let mut files = SiteFiles::new();
        assert!(files.insert("index.html", Body::memory(b"page".to_vec())));
        assert!(
            !files.insert("index.html", Body::memory(b"page".to_vec())),
            "same bytes: no change"
        );
        let statics = HashMap::from([(
            Arc::from("index.html"),
            Body::Disk(PathBuf::from("/s/index.html")),
        )]);
        assert!(files.set_statics(statics.clone()));
        assert!(!files.set_statics(statics));
        assert_eq!(
            files.get("index.html"),
            Some(&Body::Disk(PathBuf::from("/s/index.html")))
        );
        assert!(
            !files.insert("index.html", Body::memory(b"other".to_vec())),
            "hidden by the static file"
        );
        assert_eq!(files.len(), 1);
    }
}
