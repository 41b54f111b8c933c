//! Text file format of a [`MuonSpectrum`] (version 1), meant to be read back by the
//! generator as a beam spectrum.
//!
//! ```text
//! #{"format":"mfcgen-muon-spectrum","version":1,"process":"Z","n_p_bins":250,...}
//! p_lo,p_hi,eta_lo,eta_hi,probability
//! 0,2,0.1,0.15,0
//! ...
//! ```
//!
//! - Line 1: `#` followed by a one-line JSON object ([`SpectrumHeader`]): `format` must be
//!   `"mfcgen-muon-spectrum"`, `version` an integer `<=` [`FORMAT_VERSION`]; it also holds
//!   the process, the source, the cuts, the selection counts, the number of bins and
//!   informational summaries (efficiency, mean and median momentum) that are not used
//!   when reading.
//! - Line 2: the CSV column names `p_lo,p_hi,eta_lo,eta_hi,probability`.
//! - Then exactly `n_p_bins * n_eta_bins` rows, momentum outer and `|eta|` inner, `p` in
//!   GeV, `eta` meaning `|eta|`, `probability` the cell probability (not a density); the
//!   probabilities sum to 1 within 1e-9. Cells tile a rectangular grid (every row of a
//!   momentum bin repeats its edges; every momentum bin repeats the `|eta|` edges).
//! - Numbers are written in Rust's shortest round-trip notation, so save -> load is exact.
//!   Blank lines and further lines starting with `#` are ignored.

use super::SpectrumError;
use super::histogram::{Binning, MuonSpectrum, SpectrumCounts, SpectrumInfo};
use super::selection::{FiducialCuts, Process};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

/// Value of the `format` key.
pub const FORMAT_NAME: &str = "mfcgen-muon-spectrum";
/// Current (and highest readable) format version.
pub const FORMAT_VERSION: u32 = 1;
/// CSV column names (line 2).
pub const COLUMNS: &str = "p_lo,p_hi,eta_lo,eta_hi,probability";

/// The JSON header (line 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpectrumHeader {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// Format version.
    pub version: u32,
    /// Z or W.
    pub process: Process,
    /// Where the events came from.
    pub source: String,
    /// Beam energies of the sample in GeV.
    #[serde(default)]
    pub beam_energies_gev: Option<[f64; 2]>,
    /// Generator cross section of the sample in pb.
    #[serde(default)]
    pub sample_xsec_pb: Option<f64>,
    /// Cuts applied.
    pub cuts: FiducialCuts,
    /// Selection bookkeeping.
    pub counts: SpectrumCounts,
    /// Number of momentum bins.
    pub n_p_bins: usize,
    /// Number of `|eta|` bins.
    pub n_eta_bins: usize,
    /// Always `"abs"`: the `eta` columns are `|eta|`.
    pub eta: String,
    /// Informational: GKSST `epsilon^eff` = barrel muons per selected event.
    #[serde(default)]
    pub barrel_efficiency: Option<f64>,
    /// Informational: the paper's value (GKSST Eqs. (7)-(8)).
    #[serde(default)]
    pub gksst_efficiency: Option<f64>,
    /// Informational: mean momentum in GeV.
    #[serde(default)]
    pub mean_p_gev: Option<f64>,
    /// Informational: median momentum in GeV.
    #[serde(default)]
    pub median_p_gev: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl MuonSpectrum {
    /// The header written by [`Self::write_to`].
    pub fn header(&self) -> SpectrumHeader {
        SpectrumHeader {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            process: self.info.process,
            source: self.info.source.clone(),
            beam_energies_gev: self.info.beam_energies_gev,
            sample_xsec_pb: self.info.sample_xsec_pb,
            cuts: self.info.cuts,
            counts: self.counts,
            n_p_bins: self.binning().n_p(),
            n_eta_bins: self.binning().n_eta(),
            eta: "abs".into(),
            barrel_efficiency: finite(self.barrel_efficiency()),
            gksst_efficiency: Some(self.info.process.gksst_efficiency()),
            mean_p_gev: finite(self.mean_p()),
            median_p_gev: finite(self.median_p()),
        }
    }

    /// Serialise to the version-1 text format.
    pub fn to_text(&self) -> Result<String, SpectrumError> {
        let header = serde_json::to_string(&self.header()).map_err(SpectrumError::Serialize)?;
        let mut s = String::with_capacity(40 * self.probabilities().len() + header.len());
        s.push('#');
        s.push_str(&header);
        s.push('\n');
        s.push_str(COLUMNS);
        s.push('\n');
        for (cell, p) in self.probabilities().iter().enumerate() {
            let (p_lo, p_hi, e_lo, e_hi) = self.binning().cell_edges(cell);
            // Writing to a String cannot fail.
            let _ = writeln!(s, "{p_lo},{p_hi},{e_lo},{e_hi},{p}");
        }
        Ok(s)
    }

    /// Write the version-1 text format.
    pub fn write_to<W: Write>(&self, mut w: W) -> Result<(), SpectrumError> {
        w.write_all(self.to_text()?.as_bytes())?;
        w.flush()?;
        Ok(())
    }

    /// Save to a file.
    pub fn save(&self, path: &Path) -> Result<(), SpectrumError> {
        mfcgen::output::write_atomic(path, self.to_text()?.as_bytes())?;
        Ok(())
    }

    /// Load from a file.
    pub fn load(path: &Path) -> Result<Self, SpectrumError> {
        let f = std::fs::File::open(path)?;
        Self::read_from(BufReader::new(f))
    }

    /// Parse the version-1 text format.
    pub fn read_from<R: BufRead>(reader: R) -> Result<Self, SpectrumError> {
        let mut lines = reader.lines().enumerate();
        // Line 1: header.
        let (_, first) = lines.next().ok_or(SpectrumError::MissingHeader)?;
        let first = first?;
        let json = first
            .trim()
            .strip_prefix('#')
            .ok_or(SpectrumError::MissingHeader)?;
        let value: serde_json::Value = serde_json::from_str(json).map_err(SpectrumError::Header)?;
        match value.get("format").and_then(|v| v.as_str()) {
            Some(FORMAT_NAME) => {}
            other => {
                return Err(SpectrumError::WrongFormat(
                    other.unwrap_or("<missing>").to_string(),
                ));
            }
        }
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SpectrumError::WrongFormat("missing integer 'version'".into()))?;
        if version == 0 || version > u64::from(FORMAT_VERSION) {
            return Err(SpectrumError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let header: SpectrumHeader =
            serde_json::from_value(value).map_err(SpectrumError::Header)?;
        if header.eta != "abs" {
            return Err(SpectrumError::WrongFormat(format!(
                "eta = '{}' (only \"abs\" is supported)",
                header.eta
            )));
        }
        let (n_p, n_eta) = (header.n_p_bins, header.n_eta_bins);
        if n_p == 0 || n_eta == 0 {
            return Err(SpectrumError::BadBinning("zero bins in header".into()));
        }
        let n_cells = n_p
            .checked_mul(n_eta)
            .ok_or_else(|| SpectrumError::BadBinning("too many bins".into()))?;

        let mut p_edges = vec![f64::NAN; n_p + 1];
        let mut eta_edges = vec![f64::NAN; n_eta + 1];
        let mut probability = Vec::with_capacity(n_cells.min(1 << 20));
        let mut saw_columns = false;
        for (idx, line) in lines {
            let line_no = idx + 1;
            let line = line?;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if !saw_columns {
                let cols: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                if cols != COLUMNS {
                    return Err(SpectrumError::Columns {
                        line: line_no,
                        found: t.to_string(),
                    });
                }
                saw_columns = true;
                continue;
            }
            let k = probability.len();
            if k >= n_cells {
                return Err(SpectrumError::RowCount {
                    expected: n_cells,
                    found: k + 1,
                });
            }
            let fields: Vec<&str> = t.split(',').map(str::trim).collect();
            if fields.len() != 5 {
                return Err(SpectrumError::FieldCount {
                    line: line_no,
                    found: fields.len(),
                });
            }
            let mut v = [0.0; 5];
            for (i, f) in fields.iter().enumerate() {
                v[i] = f.parse::<f64>().map_err(|_| SpectrumError::BadNumber {
                    line: line_no,
                    text: (*f).to_string(),
                })?;
                if !v[i].is_finite() {
                    return Err(SpectrumError::BadNumber {
                        line: line_no,
                        text: (*f).to_string(),
                    });
                }
            }
            let [p_lo, p_hi, e_lo, e_hi, prob] = v;
            let (ip, ie) = (k / n_eta, k % n_eta);
            check_edge(&mut p_edges[ip], p_lo, line_no, "p_lo")?;
            check_edge(&mut p_edges[ip + 1], p_hi, line_no, "p_hi")?;
            check_edge(&mut eta_edges[ie], e_lo, line_no, "eta_lo")?;
            check_edge(&mut eta_edges[ie + 1], e_hi, line_no, "eta_hi")?;
            if prob < 0.0 {
                return Err(SpectrumError::NegativeProbability {
                    cell: k,
                    value: prob,
                });
            }
            probability.push(prob);
        }
        if !saw_columns {
            return Err(SpectrumError::Columns {
                line: 2,
                found: "<end of file>".into(),
            });
        }
        if probability.len() != n_cells {
            return Err(SpectrumError::RowCount {
                expected: n_cells,
                found: probability.len(),
            });
        }
        let sum: f64 = probability.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(SpectrumError::BadNormalisation { sum });
        }
        let binning = Binning::new(p_edges, eta_edges)?;
        let info = SpectrumInfo {
            process: header.process,
            source: header.source,
            beam_energies_gev: header.beam_energies_gev,
            sample_xsec_pb: header.sample_xsec_pb,
            cuts: header.cuts,
        };
        Ok(MuonSpectrum::with_normalised(
            info,
            header.counts,
            binning,
            probability,
        ))
    }
}

/// Set an edge the first time it is seen; afterwards it must repeat exactly.
fn check_edge(slot: &mut f64, value: f64, line: usize, what: &str) -> Result<(), SpectrumError> {
    if slot.is_nan() {
        *slot = value;
        Ok(())
    } else if *slot == value {
        Ok(())
    } else {
        Err(SpectrumError::NotAGrid {
            line,
            message: format!("{what} = {value}, expected {slot} from earlier rows"),
        })
    }
}
