//! Opening inputs: plain or gzip, decided by the content, not by the name.
//!
//! A gzip stream starts with the magic bytes `1f 8b` (RFC 1952, Sec. 2.3.1). Inputs that start
//! with them are decompressed with a multi-member decoder, so files made by `cat a.gz b.gz`
//! (or by our parallel gzip writer, [`super::output`]) are read to the end; anything else is
//! read as it is. This is the only place that looks at the magic bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

/// The first two bytes of every gzip member (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Read buffer size.
const BUF_SIZE: usize = 1 << 16;

/// Whether `data` starts with the gzip magic bytes.
#[must_use]
pub fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&GZIP_MAGIC)
}

/// The UTF-8 encoding of U+FEFF, skipped at the start of every input.
const BOM: [u8; 3] = [0xef, 0xbb, 0xbf];

/// An opened input: its (decompressed) bytes as a [`BufRead`], and whether it was gzip.
pub struct Input {
    /// The decompressed text.
    pub reader: Box<dyn BufRead>,
    /// Whether the source was gzip-compressed.
    pub gzip: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("gzip", &self.gzip)
            .finish_non_exhaustive()
    }
}

/// Wraps any byte source, decompressing it if it starts with the gzip magic bytes.
///
/// # Errors
/// The I/O error of reading the first bytes.
pub fn from_reader<R: Read + 'static>(source: R) -> io::Result<Input> {
    let mut raw = BufReader::with_capacity(BUF_SIZE, source);
    let gzip = is_gzip(raw.fill_buf()?);
    let mut reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(BUF_SIZE, MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    // a UTF-8 byte-order mark (U+FEFF, from some editors) is not part of any format here
    if reader.fill_buf()?.starts_with(&BOM) {
        reader.consume(BOM.len());
    }
    Ok(Input { reader, gzip })
}

/// Opens `path`, plain or gzip (by the magic bytes, whatever the name).
///
/// # Errors
/// The I/O error of opening the file or reading its first bytes (the caller names the path).
pub fn open(path: &Path) -> io::Result<Input> {
    from_reader(File::open(path)?)
}

/// The whole (decompressed) content of `path`.
///
/// # Errors
/// The I/O or gzip decoding error (the caller names the path).
pub fn read_all(path: &Path) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    open(path)?.reader.read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn plain_gzip_and_multi_member_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, b"hello\nworld\n").expect("write");
        let input = open(&plain).expect("open");
        assert!(!input.gzip);
        assert_eq!(read_all(&plain).expect("read"), b"hello\nworld\n");
        // two gzip members, in a file whose name does not say .gz
        let mut bytes = Vec::new();
        for part in [&b"hello\n"[..], &b"world\n"[..]] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).expect("gzip");
            bytes.extend(e.finish().expect("gzip"));
        }
        let gz = dir.path().join("b.txt");
        std::fs::write(&gz, &bytes).expect("write");
        assert!(open(&gz).expect("open").gzip);
        assert_eq!(read_all(&gz).expect("read"), b"hello\nworld\n");
        assert!(open(&dir.path().join("missing")).is_err());
        // empty input is plain
        assert!(!from_reader(&b""[..]).expect("empty").gzip);
    }
}
