//! The header of a [`MuonSpectrum`] file and its conversion to and from the spectrum format of
//! the io layer ([`mfcgen::io::spectrum`], version 1: `#` + JSON header, the columns
//! `p_lo,p_hi,eta_lo,eta_hi,probability`, then `n_p_bins * n_eta_bins` rows, momentum outer
//! and `|eta|` inner). The grammar, its strict grid reader and the writer live there.

use super::SpectrumError;
use super::histogram::{Binning, MuonSpectrum, SpectrumCounts, SpectrumInfo};
use super::selection::{Boson, FiducialCuts};
use mfcgen::io::spectrum::{self, Notation, SpectrumCell, Strictness};
pub use mfcgen::io::spectrum::{COLUMNS, FORMAT_NAME, FORMAT_VERSION};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::Path;

/// The JSON header (line 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpectrumHeader {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// Format version.
    pub version: u32,
    /// Z or W.
    pub process: Boson,
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

    /// Serialise to the version-1 text format ([`spectrum::write_text`]).
    pub fn to_text(&self) -> Result<String, SpectrumError> {
        let cells = self.probabilities().iter().enumerate().map(|(cell, &p)| {
            let (p_lo, p_hi, eta_lo, eta_hi) = self.binning().cell_edges(cell);
            SpectrumCell {
                p_lo,
                p_hi,
                eta_lo,
                eta_hi,
                probability: p,
            }
        });
        spectrum::write_text(&self.header(), cells, Notation::Decimal)
            .map_err(SpectrumError::Serialize)
    }

    /// Write the version-1 text format.
    pub fn write_to<W: Write>(&self, mut w: W) -> Result<(), SpectrumError> {
        w.write_all(self.to_text()?.as_bytes())?;
        w.flush()?;
        Ok(())
    }

    /// Save to a file.
    pub fn save(&self, path: &Path) -> Result<(), SpectrumError> {
        mfcgen::io::output::write_atomic(path, self.to_text()?.as_bytes())?;
        Ok(())
    }

    /// Load from a file (plain or gzip).
    pub fn load(path: &Path) -> Result<Self, SpectrumError> {
        Self::from_file(spectrum::load(path, Strictness::Grid)?)
    }

    /// Parse the version-1 text format ([`spectrum::read`] at [`Strictness::Grid`]).
    pub fn read_from<R: BufRead>(reader: R) -> Result<Self, SpectrumError> {
        Self::from_file(spectrum::read(reader, Strictness::Grid)?)
    }

    fn from_file(file: spectrum::SpectrumFile) -> Result<Self, SpectrumError> {
        let header: SpectrumHeader =
            serde_json::from_value(file.header).map_err(SpectrumError::Header)?;
        let grid = file
            .grid
            .ok_or_else(|| SpectrumError::BadBinning("not a grid".into()))?;
        let binning = Binning::new(grid.p_edges, grid.eta_edges)?;
        let info = SpectrumInfo {
            process: header.process,
            source: header.source,
            beam_energies_gev: header.beam_energies_gev,
            sample_xsec_pb: header.sample_xsec_pb,
            cuts: header.cuts,
        };
        let probability = file.cells.iter().map(|c| c.probability).collect();
        Ok(MuonSpectrum::with_normalised(
            info,
            header.counts,
            binning,
            probability,
        ))
    }
}
