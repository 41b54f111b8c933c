//! The muon-spectrum file (`mfcgen-muon-spectrum`, version 1): a tabulated incoming-muon
//! spectrum P_in(p, |eta|) (GKSST Eq. (6)), written by `mfc-validate spectrum` and read by the
//! generator as a beam ([`crate::beam::BeamSpectrum`]).
//!
//! ```text
//! #{"format":"mfcgen-muon-spectrum","version":1,"process":"Z","n_p_bins":250,...}
//! p_lo,p_hi,eta_lo,eta_hi,probability
//! 0,2,0.1,0.15,0
//! ...
//! ```
//!
//! - Line 1: `#` followed by a one-line JSON object: `format` must be
//!   `"mfcgen-muon-spectrum"`; the rest of the header is the writer's (a grid records
//!   `version`, `n_p_bins`, `n_eta_bins`, `eta = "abs"`, the process, cuts and counts; a muon
//!   list records `kind = "muon-list"` and the number of muons).
//! - Then the CSV column names [`COLUMNS`] (the first line that is not blank or a `#` line).
//! - Then one row per cell: momentum edges in GeV, `|eta|` edges, and the cell probability
//!   (not a density). A *muon list* has zero-width cells (`p_lo = p_hi`, `eta_lo = eta_hi`),
//!   one per muon, each with probability 1/N.
//! - Blank lines and further lines starting with `#` are ignored. Numbers are written in
//!   Rust's shortest round-trip notation ([`Notation`]), so write -> read is exact.
//!
//! [`read`] parses the rows at one of two strictnesses: [`Strictness::Rows`] (what the beam
//! needs: 5 finite numbers per row), or [`Strictness::Grid`] (the version-1 grid: supported
//! version, `n_p_bins * n_eta_bins` rows, momentum outer and `|eta|` inner, tiling a
//! rectangular grid, probabilities non-negative and summing to 1 within 1e-9).
//! [`write_text`] is the inverse for both grids and muon lists.

use std::fmt::Write as _;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Value of the `format` key.
pub const FORMAT_NAME: &str = "mfcgen-muon-spectrum";
/// Current (and highest readable) format version.
pub const FORMAT_VERSION: u32 = 1;
/// CSV column names.
pub const COLUMNS: &str = "p_lo,p_hi,eta_lo,eta_hi,probability";
/// Largest allowed deviation of a grid's total probability from 1.
pub const NORMALISATION_TOL: f64 = 1e-9;

/// One cell of P_in(p, |eta|): momentum and |eta| ranges and its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpectrumCell {
    /// Lower momentum edge (GeV).
    pub p_lo: f64,
    /// Upper momentum edge (GeV); equal to `p_lo` for a delta function.
    pub p_hi: f64,
    /// Lower |eta| edge.
    pub eta_lo: f64,
    /// Upper |eta| edge.
    pub eta_hi: f64,
    /// Probability of the cell.
    pub probability: f64,
}

/// How strictly [`read`] checks the rows; see the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Rows of 5 finite numbers (at least one).
    Rows,
    /// The version-1 grid of the header's `n_p_bins` x `n_eta_bins`, normalised.
    Grid,
}

/// How [`write_text`] writes numbers; both are Rust's shortest round-trip digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// `Display`: `2`, `0.1`, `0.0000001` (grids).
    Decimal,
    /// `Debug`: `2.0`, `0.1`, `1e-7` (muon lists).
    Debug,
}

/// The rectangular grid of a [`Strictness::Grid`] file.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Momentum edges (GeV), `n_p_bins + 1`.
    pub p_edges: Vec<f64>,
    /// `|eta|` edges, `n_eta_bins + 1`.
    pub eta_edges: Vec<f64>,
}

/// A parsed file: its JSON header and cells (and, for [`Strictness::Grid`], the grid).
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumFile {
    /// The JSON header of line 1.
    pub header: serde_json::Value,
    /// The cells in file order.
    pub cells: Vec<SpectrumCell>,
    /// The grid edges ([`Strictness::Grid`] only).
    pub grid: Option<Grid>,
}

/// Errors of the spectrum format; lines are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum SpectrumFormatError {
    /// The file cannot be opened or read.
    #[error("cannot read spectrum {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A read error after `line` lines.
    #[error("line {line}: read error: {source}")]
    Io {
        /// The last line read.
        line: usize,
        /// The cause.
        source: std::io::Error,
    },
    /// The first line is not `#{json header}`.
    #[error("missing '#{{...}}' JSON header line")]
    MissingHeader,
    /// The JSON header does not parse.
    #[error("bad spectrum header: {0}")]
    Header(serde_json::Error),
    /// Not a muon-spectrum file (or an unsupported variant of it).
    #[error("not an {FORMAT_NAME} file: {0}")]
    WrongFormat(String),
    /// Newer format version.
    #[error("spectrum format version {found} is not supported (this reader: <= {supported})")]
    UnsupportedVersion {
        /// Version in the file.
        found: u64,
        /// Highest version this code reads.
        supported: u32,
    },
    /// The CSV column line is missing or wrong.
    #[error("line {line}: expected columns '{COLUMNS}', found '{found}'")]
    Columns {
        /// 1-based line number.
        line: usize,
        /// What was found.
        found: String,
    },
    /// A data row does not have 5 fields.
    #[error("line {line}: expected 5 comma-separated fields, found {found}")]
    FieldCount {
        /// 1-based line number.
        line: usize,
        /// Number of fields.
        found: usize,
    },
    /// A field is not a finite number.
    #[error("line {line}: '{text}' is not a finite number")]
    BadNumber {
        /// 1-based line number.
        line: usize,
        /// The field.
        text: String,
    },
    /// No data row.
    #[error("no cells")]
    NoCells,
    /// Number of data rows differs from `n_p_bins * n_eta_bins`.
    #[error("expected {expected} data rows, found {found}")]
    RowCount {
        /// From the header.
        expected: usize,
        /// In the file.
        found: usize,
    },
    /// The header's binning is unusable (zero or too many bins).
    #[error("bad binning: {0}")]
    BadBinning(String),
    /// Rows do not tile a rectangular grid.
    #[error("line {line}: rows do not form a grid: {message}")]
    NotAGrid {
        /// 1-based line number.
        line: usize,
        /// Details.
        message: String,
    },
    /// Probabilities do not sum to 1.
    #[error("probabilities sum to {sum}, not 1")]
    BadNormalisation {
        /// The sum.
        sum: f64,
    },
    /// A negative cell probability.
    #[error("cell {cell}: negative or non-finite probability {value}")]
    NegativeProbability {
        /// Cell index.
        cell: usize,
        /// Value.
        value: f64,
    },
}

/// The spectrum text: the header line, the column line and one row per cell.
///
/// # Errors
/// Only if the header cannot be serialised as JSON.
pub fn write_text<H: Serialize + ?Sized>(
    header: &H,
    cells: impl IntoIterator<Item = SpectrumCell>,
    notation: Notation,
) -> Result<String, serde_json::Error> {
    let header = serde_json::to_string(header)?;
    let cells = cells.into_iter();
    let mut s = String::with_capacity(40 * cells.size_hint().0 + header.len() + 64);
    s.push('#');
    s.push_str(&header);
    s.push('\n');
    s.push_str(COLUMNS);
    s.push('\n');
    for c in cells {
        let SpectrumCell {
            p_lo,
            p_hi,
            eta_lo,
            eta_hi,
            probability,
        } = c;
        // Writing to a String cannot fail.
        let _ = match notation {
            Notation::Decimal => writeln!(s, "{p_lo},{p_hi},{eta_lo},{eta_hi},{probability}"),
            Notation::Debug => {
                writeln!(s, "{p_lo:?},{p_hi:?},{eta_lo:?},{eta_hi:?},{probability:?}")
            }
        };
    }
    Ok(s)
}

/// Reads the spectrum file at `path` (plain or gzip, [`crate::io::input`]).
///
/// # Errors
/// [`SpectrumFormatError::Open`] naming the path, else as [`read`].
pub fn load(path: &Path, strictness: Strictness) -> Result<SpectrumFile, SpectrumFormatError> {
    let input = crate::io::input::open(path).map_err(|source| SpectrumFormatError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    read(input.reader, strictness)
}

/// Parses the spectrum format; see the [module docs](self).
///
/// # Errors
/// [`SpectrumFormatError`] for the first problem, with its line.
pub fn read<R: BufRead>(
    reader: R,
    strictness: Strictness,
) -> Result<SpectrumFile, SpectrumFormatError> {
    let mut lines = reader.lines().enumerate();
    let io = |line, source| SpectrumFormatError::Io { line, source };
    let (_, first) = lines.next().ok_or(SpectrumFormatError::MissingHeader)?;
    let first = first.map_err(|e| io(0, e))?;
    // a byte-order mark (from some editors) is not part of the header
    let json = first
        .trim_start_matches('\u{feff}')
        .trim()
        .strip_prefix('#')
        .ok_or(SpectrumFormatError::MissingHeader)?;
    let header: serde_json::Value =
        serde_json::from_str(json).map_err(SpectrumFormatError::Header)?;
    match header.get("format").and_then(|v| v.as_str()) {
        Some(FORMAT_NAME) => {}
        other => {
            return Err(SpectrumFormatError::WrongFormat(
                other.unwrap_or("<missing>").to_string(),
            ));
        }
    }
    let mut grid = match strictness {
        Strictness::Rows => None,
        Strictness::Grid => Some(GridCheck::new(&header)?),
    };
    let mut cells = Vec::new();
    let mut saw_columns = false;
    for (idx, line) in lines {
        let line_no = idx + 1;
        let line = line.map_err(|e| io(idx, e))?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if !saw_columns {
            let cols: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            if cols != COLUMNS {
                return Err(SpectrumFormatError::Columns {
                    line: line_no,
                    found: t.to_string(),
                });
            }
            saw_columns = true;
            continue;
        }
        if let Some(g) = &grid
            && cells.len() >= g.n_cells
        {
            return Err(SpectrumFormatError::RowCount {
                expected: g.n_cells,
                found: cells.len() + 1,
            });
        }
        let cell = parse_row(t, line_no)?;
        if let Some(g) = &mut grid {
            g.add(&cell, cells.len(), line_no)?;
        }
        cells.push(cell);
    }
    if !saw_columns {
        return Err(SpectrumFormatError::Columns {
            line: 2,
            found: "<end of file>".into(),
        });
    }
    let grid = match grid {
        Some(g) => Some(g.finish(&cells)?),
        None if cells.is_empty() => return Err(SpectrumFormatError::NoCells),
        None => None,
    };
    Ok(SpectrumFile {
        header,
        cells,
        grid,
    })
}

fn parse_row(t: &str, line: usize) -> Result<SpectrumCell, SpectrumFormatError> {
    let fields: Vec<&str> = t.split(',').map(str::trim).collect();
    if fields.len() != 5 {
        return Err(SpectrumFormatError::FieldCount {
            line,
            found: fields.len(),
        });
    }
    let mut v = [0.0; 5];
    for (slot, f) in v.iter_mut().zip(&fields) {
        *slot = f
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| SpectrumFormatError::BadNumber {
                line,
                text: (*f).to_string(),
            })?;
    }
    let [p_lo, p_hi, eta_lo, eta_hi, probability] = v;
    Ok(SpectrumCell {
        p_lo,
        p_hi,
        eta_lo,
        eta_hi,
        probability,
    })
}

/// The state of the [`Strictness::Grid`] checks.
struct GridCheck {
    n_eta: usize,
    n_cells: usize,
    p_edges: Vec<f64>,
    eta_edges: Vec<f64>,
}

impl GridCheck {
    fn new(header: &serde_json::Value) -> Result<Self, SpectrumFormatError> {
        let version = header
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SpectrumFormatError::WrongFormat("missing integer 'version'".into()))?;
        if version == 0 || version > u64::from(FORMAT_VERSION) {
            return Err(SpectrumFormatError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let eta = header.get("eta").and_then(|v| v.as_str());
        if eta != Some("abs") {
            return Err(SpectrumFormatError::WrongFormat(format!(
                "eta = {eta:?} (only \"abs\" is supported)"
            )));
        }
        let bins = |key: &str| {
            header
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| SpectrumFormatError::WrongFormat(format!("missing integer '{key}'")))
        };
        let (n_p, n_eta) = (bins("n_p_bins")?, bins("n_eta_bins")?);
        if n_p == 0 || n_eta == 0 {
            return Err(SpectrumFormatError::BadBinning(
                "zero bins in header".into(),
            ));
        }
        let n_cells = n_p
            .checked_mul(n_eta)
            .filter(|&n| n <= 1 << 28)
            .ok_or_else(|| SpectrumFormatError::BadBinning("too many bins".into()))?;
        Ok(Self {
            n_eta,
            n_cells,
            p_edges: vec![f64::NAN; n_p + 1],
            eta_edges: vec![f64::NAN; n_eta + 1],
        })
    }

    /// Checks cell `k` (momentum outer, `|eta|` inner).
    fn add(&mut self, c: &SpectrumCell, k: usize, line: usize) -> Result<(), SpectrumFormatError> {
        let (ip, ie) = (k / self.n_eta, k % self.n_eta);
        check_edge(&mut self.p_edges[ip], c.p_lo, line, "p_lo")?;
        check_edge(&mut self.p_edges[ip + 1], c.p_hi, line, "p_hi")?;
        check_edge(&mut self.eta_edges[ie], c.eta_lo, line, "eta_lo")?;
        check_edge(&mut self.eta_edges[ie + 1], c.eta_hi, line, "eta_hi")?;
        if c.probability < 0.0 {
            return Err(SpectrumFormatError::NegativeProbability {
                cell: k,
                value: c.probability,
            });
        }
        Ok(())
    }

    fn finish(self, cells: &[SpectrumCell]) -> Result<Grid, SpectrumFormatError> {
        if cells.len() != self.n_cells {
            return Err(SpectrumFormatError::RowCount {
                expected: self.n_cells,
                found: cells.len(),
            });
        }
        let sum: f64 = cells.iter().map(|c| c.probability).sum();
        if (sum - 1.0).abs() > NORMALISATION_TOL {
            return Err(SpectrumFormatError::BadNormalisation { sum });
        }
        Ok(Grid {
            p_edges: self.p_edges,
            eta_edges: self.eta_edges,
        })
    }
}

/// Sets an edge the first time it is seen; afterwards it must repeat exactly.
fn check_edge(
    slot: &mut f64,
    value: f64,
    line: usize,
    what: &str,
) -> Result<(), SpectrumFormatError> {
    if slot.is_nan() {
        *slot = value;
        Ok(())
    } else if *slot == value {
        Ok(())
    } else {
        Err(SpectrumFormatError::NotAGrid {
            line,
            message: format!("{what} = {value}, expected {slot} from earlier rows"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(p_lo: f64, p_hi: f64, eta_lo: f64, eta_hi: f64, probability: f64) -> SpectrumCell {
        SpectrumCell {
            p_lo,
            p_hi,
            eta_lo,
            eta_hi,
            probability,
        }
    }

    #[test]
    fn grid_round_trip() {
        let cells = vec![
            cell(0.0, 2.0, 0.1, 0.5, 0.1 + 0.2),
            cell(0.0, 2.0, 0.5, 1.05, 0.0),
            cell(2.0, 1e-7 + 4.0, 0.1, 0.5, 0.5),
            cell(2.0, 1e-7 + 4.0, 0.5, 1.05, 1.0 - 0.5 - (0.1 + 0.2)),
        ];
        let header = serde_json::json!({
            "format": FORMAT_NAME, "version": 1, "n_p_bins": 2, "n_eta_bins": 2, "eta": "abs"
        });
        for notation in [Notation::Decimal, Notation::Debug] {
            let text = write_text(&header, cells.iter().copied(), notation).expect("text");
            let f = read(text.as_bytes(), Strictness::Grid).expect("grid");
            assert_eq!(f.cells, cells);
            assert_eq!(f.header, header);
            let g = f.grid.expect("grid");
            assert_eq!(g.p_edges, [0.0, 2.0, 1e-7 + 4.0]);
            assert_eq!(g.eta_edges, [0.1, 0.5, 1.05]);
            assert_eq!(
                read(text.as_bytes(), Strictness::Rows).expect("rows").cells,
                cells
            );
        }
        let text = write_text(&header, cells.iter().copied(), Notation::Decimal).expect("text");
        assert!(
            text.contains("\n0,2,0.1,0.5,0.30000000000000004\n"),
            "{text}"
        );
    }

    #[test]
    fn muon_list_round_trip() {
        let muons = [(45.25, 0.5), (1e-7, 1.0), (300.0, 0.0)];
        let cells: Vec<SpectrumCell> = muons
            .iter()
            .map(|&(p, e)| cell(p, p, e, e, 1.0 / 3.0))
            .collect();
        let header = serde_json::json!({"format": FORMAT_NAME, "kind": "muon-list", "muons": 3});
        let text = write_text(&header, cells.iter().copied(), Notation::Debug).expect("text");
        assert!(
            text.contains("\n300.0,300.0,0.0,0.0,0.3333333333333333\n"),
            "{text}"
        );
        assert!(text.starts_with("#{\"format\":\"mfcgen-muon-spectrum\",\"kind\""));
        let f = read(text.as_bytes(), Strictness::Rows).expect("rows");
        assert_eq!(f.cells, cells);
        assert!(matches!(
            read(text.as_bytes(), Strictness::Grid),
            Err(SpectrumFormatError::WrongFormat(_))
        ));
        let empty = write_text(&header, [], Notation::Debug).expect("text");
        assert!(matches!(
            read(empty.as_bytes(), Strictness::Rows),
            Err(SpectrumFormatError::NoCells)
        ));
    }
}
