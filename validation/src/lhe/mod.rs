//! Tolerant LHE reader.
//!
//! A fast, streaming reader for Les Houches Event files, versions 1.0 (J. Alwall et al.,
//! "A standard format for Les Houches Event Files", Comput. Phys. Commun. 176 (2007) 300,
//! hep-ph/0609017) and 3.0 (J. R. Andersen et al., arXiv:1405.1067, Sec. 21), plain or gzip
//! (detected by the magic bytes; multi-member gzip streams are read to the end).
//!
//! It reads what MadGraph 5, Pythia 8 and `mfcgen` write: `<?xml ...?>` lines, `<!-- -->`
//! comments (one- or multi-line), blank lines, raw text with a bare `&` in the header
//! (MadGraph's `<MG5ProcCard>`), CDATA, Fortran `D` exponents (`1.0D+02`), `<mgrwt>`,
//! `<rwgt>`/`<wgt>` and `<weights>` blocks and `<scales>` tags inside events, `#` comment
//! lines inside events (`#aMCatNLO ...`, `#pdf ...`), `<event>` tags with attributes,
//! `<initrwgt>`/`<weightgroup>` in the header and extra tags or comments in `<init>`
//! (`<generator>`).
//!
//! Malformed input gives an [`LheError`] with the 1-based line number (of the decompressed
//! text) and what was expected; the reader never panics on input.
//!
//! ```no_run
//! # fn main() -> Result<(), mfc_validation::lhe::LheError> {
//! let mut reader = mfc_validation::lhe::open(std::path::Path::new("events.lhe.gz"))?;
//! println!("sigma = {} pb", reader.init().processes[0].xsec_pb);
//! for event in &mut reader {
//!     let event = event?;
//!     println!("{} particles, weight {}", event.particles.len(), event.weight);
//! }
//! # Ok(())
//! # }
//! ```

mod reader;

#[cfg(test)]
mod tests;

use std::io;
use std::path::PathBuf;

pub use reader::{LheReader, from_reader, open, parse_fortran_f64};

/// Errors of the tolerant reader. Every error after opening names a 1-based line number.
#[derive(Debug, thiserror::Error)]
pub enum LheError {
    /// The file could not be opened (or its first bytes read).
    #[error("cannot open {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A read or decompression error after `line` complete lines (e.g. gzip garbage).
    #[error("line {line}: read error (corrupt or truncated gzip stream?): {source}")]
    Io {
        /// The last complete line.
        line: u64,
        /// The underlying error.
        source: io::Error,
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
    /// The input ended too early (truncated file).
    #[error("line {line}: unexpected end of file, expected {expected}")]
    UnexpectedEof {
        /// The line number just past the end.
        line: u64,
        /// What was still missing.
        expected: String,
    },
}

impl LheError {
    /// The line number the error refers to (0 when opening failed).
    pub fn line(&self) -> u64 {
        match self {
            Self::Open { .. } => 0,
            Self::Io { line, .. }
            | Self::Syntax { line, .. }
            | Self::UnexpectedEof { line, .. } => *line,
        }
    }
}

/// The `<init>` block: beam information and one entry per process (LHE accord,
/// hep-ph/0609017, Sec. 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Init {
    /// `IDBMUP`: PDG ids of the two beams.
    pub beam_ids: [i32; 2],
    /// `EBMUP`: beam energies in GeV (for a fixed target, MadGraph writes its mass).
    pub beam_energies: [f64; 2],
    /// `PDFGUP`: PDF author groups.
    pub pdf_groups: [i32; 2],
    /// `PDFSUP`: PDF set ids.
    pub pdf_sets: [i32; 2],
    /// `IDWTUP`: the weighting strategy (3: unweighted, all weights equal).
    pub weighting: i32,
    /// One entry per process (`NPRUP` lines).
    pub processes: Vec<InitProcess>,
}

/// One process line of `<init>`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitProcess {
    /// `XSECUP`: cross section in pb.
    pub xsec_pb: f64,
    /// `XERRUP`: its error in pb.
    pub xerr_pb: f64,
    /// `XMAXUP`: maximum event weight.
    pub xmax: f64,
    /// `LPRUP`: the process id.
    pub id: i32,
}

/// One event (the common block `HEPEUP` of the LHE accord).
#[derive(Debug, Clone, PartialEq)]
pub struct LheEvent {
    /// `IDPRUP`.
    pub process_id: i32,
    /// `XWGTUP`: the event weight.
    pub weight: f64,
    /// `SCALUP`: the scale in GeV.
    pub scale: f64,
    /// `AQEDUP`.
    pub alpha_qed: f64,
    /// `AQCDUP`.
    pub alpha_qcd: f64,
    /// The `NUP` particles.
    pub particles: Vec<LheParticle>,
    /// Named extra weights: `<wgt id='...'>` entries of `<rwgt>` (LHE 3.0) by id, and the
    /// entries of a `<weights>` block (Pythia, POWHEG) named by their 1-based position.
    pub extra_weights: Vec<(String, f64)>,
}

/// One particle line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LheParticle {
    /// `IDUP`: PDG id.
    pub id: i32,
    /// `ISTUP`: status (-1 incoming, 1 outgoing, 2 intermediate, ...).
    pub status: i32,
    /// `MOTHUP`: 1-based mother indices (0: none).
    pub mothers: [u32; 2],
    /// `ICOLUP`: colour and anticolour tags.
    pub colors: [i32; 2],
    /// Four-momentum (E, px, py, pz) in GeV. Note: the file order is px py pz E m.
    pub momentum: [f64; 4],
    /// `PUP(5)`: the mass in GeV.
    pub mass: f64,
    /// `VTIMUP`: proper lifetime c tau in mm.
    pub lifetime: f64,
    /// `SPINUP`: cosine of the angle between spin and momentum in the lab (9: unknown).
    pub spin: f64,
}
