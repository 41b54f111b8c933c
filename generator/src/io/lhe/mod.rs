//! Les Houches Event files: writer, tolerant reader, strict checks and our header block.
//!
//! The format is the Les Houches Accord event-file format of J. Alwall et al.,
//! "A standard format for Les Houches Event Files", Comput. Phys. Commun. 176 (2007) 300
//! [hep-ph/0609017], in its version 3.0 (J. R. Andersen et al., "Les Houches 2013: Physics at
//! TeV Colliders: Standard Model Working Group Report", arXiv:1405.1067, Sec. 21).
//!
//! - [`writer`]: [`LheWriter`] writes our fixed-target events (MadGraph's convention: the
//!   nucleus at rest, its mass written as the "beam energy") through an atomic, optionally
//!   gzip-compressed file ([`crate::io::output::AtomicFile`]).
//! - [`reader`]: [`LheReader`], the one reader of LHE files: streaming and tolerant, it reads
//!   what MadGraph 5, Pythia 8 and `mfcgen` write, versions 1.0 and 3.0, plain or gzip
//!   (detected by the magic bytes; multi-member gzip streams are read to the end, but one file
//!   is one `<LesHouchesEvents>` element: only whitespace may follow its closing tag, and a
//!   second file after it, as `cat a.lhe b.lhe` or `cat a.lhe.gz b.lhe.gz` makes, is an
//!   [`LheError::Concatenated`]):
//!   `<?xml ...?>` lines, `<!-- -->` comments (one- or multi-line), blank lines, raw text
//!   with a bare `&` in the header (MadGraph's `<MG5ProcCard>`), CDATA, Fortran `D`
//!   exponents (`1.0D+02`), `<mgrwt>`, `<rwgt>`/`<wgt>` and `<weights>` blocks and `<scales>`
//!   tags inside events, `#` comment lines inside events (`#aMCatNLO ...`, `#pdf ...`),
//!   `<event>` tags with attributes, `<initrwgt>`/`<weightgroup>` in the header and extra tags
//!   or comments in `<init>` (`<generator>`). Malformed input gives an [`LheError`] with the
//!   1-based line number (of the decompressed text) and what was expected; the reader never
//!   panics on input.
//! - [`validate`]: [`validate_file`] runs the strict checks over the reader's events: that a
//!   file *we* wrote is laid out as the writer writes it and is physical (counts, statuses,
//!   mothers, four-momentum conservation, mass shells, equal weights).
//! - [`header`]: [`RunHeader`], the typed content of our `<mfcgen>` header block (run
//!   summary, run card, gridpack provenance), with [`RunHeader::to_text`] and its inverse
//!   [`RunHeader::parse`].
//!
//! ```no_run
//! # fn main() -> Result<(), mfcgen::io::lhe::LheError> {
//! let mut reader = mfcgen::io::lhe::open(std::path::Path::new("events.lhe.gz"))?;
//! println!("sigma = {} pb", reader.init().processes[0].xsec_pb);
//! for event in &mut reader {
//!     let event = event?;
//!     println!("{} particles, weight {}", event.particles.len(), event.weight);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Normalisation (IDWTUP = 3)
//!
//! Our files are unweighted: `IDWTUP = 3` and every event carries the same weight
//! `XWGTUP = XSECUP / N` in pb, where `N` is the number of events in the file. Hence the sum of
//! the event weights is the total cross section `XSECUP` (pb), and a histogram filled with the
//! event weights is directly `dsigma/dx` in pb per bin. Readers that follow the LHE accord for
//! `IDWTUP = 3` (Pythia 8, Delphes) use `XSECUP` from `<init>` for the normalisation and treat
//! all events as equally weighted.

pub(crate) mod format;
pub mod header;
pub mod reader;
pub mod record;
pub mod rwgt;
mod scan;
#[cfg(any(test, feature = "test-support"))]
pub mod synthetic;
pub mod validate;
pub mod writer;

#[cfg(test)]
mod reader_tests;
#[cfg(test)]
mod tests;

use std::io;
use std::path::PathBuf;

use crate::io::output::OutputError;

pub use format::sci;
pub use header::{GridpackOrigin, HeaderError, MergedInput, RunHeader, RunSummary, Shards};
pub use reader::{EventLines, LheReader, from_reader, open};
pub use record::{Init, InitProcess, LheEvent, LheParticle};
pub use rwgt::{WeightInfo, initrwgt_block, parse_initrwgt};
pub use scan::parse_fortran_f64;
pub use validate::{ValidationReport, validate_bytes, validate_file, validate_reader};
pub use writer::{ALPHA_QED, IDWTUP_UNWEIGHTED, LPRUP, LheWriter, RunInfo, SPIN_UNKNOWN, write_to};

/// Errors of the LHE writer, the reader and the strict checks. Errors of reading name a
/// 1-based line number of the decompressed text ([`LheError::line`]).
#[derive(Debug, thiserror::Error)]
pub enum LheError {
    /// The output file could not be prepared, written or committed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An I/O error on the writer's sink.
    #[error("I/O error writing LHE output: {0}")]
    Write(#[from] io::Error),
    /// The file could not be opened (or its first bytes read).
    #[error("cannot open {path}: {cause}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The underlying error (in the message, not a separate `source()`: a printed chain
        /// of causes does not repeat it).
        cause: io::Error,
    },
    /// A read or decompression error after `line` complete lines (e.g. gzip garbage).
    #[error("line {line}: read error (corrupt or truncated gzip stream?): {cause}")]
    Io {
        /// The last complete line.
        line: u64,
        /// The underlying error (in the message, not a separate `source()`: a printed chain
        /// of causes does not repeat it).
        cause: io::Error,
    },
    /// Text that does not fit the format.
    #[error("line {line}: expected {expected}, found {found:?}")]
    Syntax {
        /// 1-based line number.
        line: u64,
        /// What the reader expected there.
        expected: String,
        /// The offending text (shortened).
        found: String,
    },
    /// A second `<LesHouchesEvents>` file follows the closing tag of the first (e.g. files
    /// joined with `cat`, plain or gzip): the events would silently be read as one sample.
    #[error(
        "line {line}: a second LHE file starts after </LesHouchesEvents> (concatenated files? \
         use mfcgen merge)"
    )]
    Concatenated {
        /// 1-based line where the second file starts.
        line: u64,
    },
    /// The input ended too early (truncated file).
    #[error("line {line}: unexpected end of file, expected {expected}")]
    UnexpectedEof {
        /// The line number just past the end.
        line: u64,
        /// What was still missing.
        expected: String,
    },
    /// The run information cannot be written as a valid `<init>` block.
    #[error("invalid run info: {0}")]
    RunInfo(String),
    /// An event cannot be written (no particles, non-finite number, ...).
    #[error("event {event}: {message}")]
    Event {
        /// 1-based index of the event in the file.
        event: u64,
        /// What is wrong.
        message: String,
    },
    /// The strict checks found a problem at this (1-based) line of the file.
    #[error("line {line}: {message}")]
    Invalid {
        /// 1-based line number (of the decompressed text).
        line: u64,
        /// What was expected and what was found.
        message: String,
    },
}

impl LheError {
    /// The line number the error refers to (0 when it is not about a line of input).
    pub fn line(&self) -> u64 {
        match self {
            Self::Io { line, .. }
            | Self::Syntax { line, .. }
            | Self::UnexpectedEof { line, .. }
            | Self::Concatenated { line }
            | Self::Invalid { line, .. } => *line,
            Self::Output(_)
            | Self::Write(_)
            | Self::Open { .. }
            | Self::RunInfo(_)
            | Self::Event { .. } => 0,
        }
    }
}
