//! Les Houches Event files (LHE 3.0, arXiv:1405.1067): writer and strict validator.
//!
//! The format is the Les Houches Accord event-file format of J. Alwall et al.,
//! "A standard format for Les Houches Event Files", Comput. Phys. Commun. 176 (2007) 300
//! [hep-ph/0609017], in its version 3.0 (J. R. Andersen et al., "Les Houches 2013: Physics at
//! TeV Colliders: Standard Model Working Group Report", arXiv:1405.1067, Sec. 21).
//!
//! - [`writer`]: [`LheWriter`] writes our fixed-target events (MadGraph's convention: the
//!   nucleus at rest, its mass written as the "beam energy") through an atomic, optionally
//!   gzip-compressed file ([`crate::output::AtomicFile`]).
//! - [`validate`]: [`validate_file`] checks that a file *we* wrote is well formed and physical
//!   (counts, statuses, mothers, four-momentum conservation, mass shells, equal weights).
//!
//! ## Normalisation (IDWTUP = 3)
//!
//! Our files are unweighted: `IDWTUP = 3` and every event carries the same weight
//! `XWGTUP = XSECUP / N` in pb, where `N` is the number of events in the file. Hence the sum of
//! the event weights is the total cross section `XSECUP` (pb), and a histogram filled with the
//! event weights is directly `dsigma/dx` in pb per bin. Readers that follow the LHE accord for
//! `IDWTUP = 3` (Pythia 8, Delphes) use `XSECUP` from `<init>` for the normalisation and treat
//! all events as equally weighted.
//!
//! The tolerant reader used to cross-check foreign files (MadGraph, Pythia) lives in the
//! `mfc-validation` crate.

mod format;
pub mod synthetic;
pub mod validate;
pub mod writer;

#[cfg(test)]
mod tests;

use std::io;
use std::path::PathBuf;

use crate::output::OutputError;

pub use validate::{ValidationReport, validate_bytes, validate_file, validate_reader};
pub use writer::{
    ALPHA_QED, IDWTUP_UNWEIGHTED, LPRUP, LheWriter, RunInfo, RunSummary, SPIN_UNKNOWN, header_text,
    write_to,
};

/// Errors of the LHE writer and of the strict validator.
#[derive(Debug, thiserror::Error)]
pub enum LheError {
    /// The output file could not be prepared, written or committed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An I/O error on the underlying writer.
    #[error("I/O error writing LHE output: {0}")]
    Io(#[from] io::Error),
    /// A file to validate could not be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// An I/O (or gzip decoding) error while reading, after `line` complete lines.
    #[error("line {line}: read error (corrupt gzip stream?): {source}")]
    Read {
        /// The last complete line read.
        line: u64,
        /// The underlying error.
        source: io::Error,
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
    /// The validator found a problem at this (1-based) line of the file.
    #[error("line {line}: {message}")]
    Invalid {
        /// 1-based line number (of the decompressed text).
        line: u64,
        /// What was expected and what was found.
        message: String,
    },
}
