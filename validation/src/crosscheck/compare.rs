//! Comparing event samples with each other and with the Weizsaecker-Williams prediction.
//!
//! Data flow (one pass per file, memory independent of the number of events):
//!
//! ```text
//! LHE file --mfcgen::io::lhe--> events --kinematics::Roles--> (beam mu, N, mu', N', X)
//!   --kinematics::EventObservables--> x, theta_X, t, theta_mu', pT_X
//!   --fill--> fine histograms (Observable::fine_grid), normalised to <init> (pb per bin)
//! samples --Binning::choose--> common display edges --Histogram1D::rebin--> exact coarse histograms
//!   --compare_samples / compare_ww--> Comparison { chi2/ndf, integrals, ratio per bin }
//!   --report--> text table, JSON, CSV;  --crate::plot--> SVG with a ratio panel
//! ```
//!
//! Observables (physics.md Sec. 4): x = E_X/E, the X polar angle theta_X, the momentum
//! transfer t = -(P' - P)^2 (computed stably, [`kinematics::momentum_transfer`]), the
//! outgoing-muon angle and the X transverse momentum, the last four on log10 axes.
//!
//! ```no_run
//! # fn main() -> Result<(), mfc_validation::crosscheck::compare::CompareError> {
//! use mfc_validation::crosscheck::compare::{self, Binning, ReadOptions};
//! use std::path::Path;
//! let a = compare::read_sample(Path::new("a.lhe.gz"), &ReadOptions::default())?;
//! let b = compare::read_sample(Path::new("b.lhe.gz"), &ReadOptions::default())?;
//! let binning = Binning::choose(&[&a, &b]);
//! let cmp = compare::compare_samples(&a, &b, &binning)?;
//! for h in &cmp.histograms {
//!     println!("{}: chi2/ndf = {:.2}", h.observable.name(), h.chi2.per_ndf());
//! }
//! # Ok(())
//! # }
//! ```

pub mod input;
pub mod kinematics;
pub mod reference;
pub mod report;
pub mod sample;

pub use reference::{WwReference, WwRequest, compare_ww};
pub use sample::{CardInfo, Normalisation, ReadOptions, Sample, SampleInfo, read_sample};

use crate::crosscheck::ww::WwError;
use crate::histogram::{Chi2, Histogram1D, HistogramError};
use kinematics::EventObservables;
use mfc_models::ModelError;
use mfcgen::io::lhe::LheError;
use std::path::PathBuf;
use thiserror::Error;

/// Errors of the comparison.
#[derive(Debug, Error)]
pub enum CompareError {
    /// The file cannot be opened.
    #[error("cannot open {}", .path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The LHE file cannot be read or is malformed (the reader's message is the source).
    #[error("{}", .path.display())]
    Lhe {
        /// The file.
        path: PathBuf,
        /// The reader's error (with line number).
        source: LheError,
    },
    /// An event whose particles cannot be identified.
    #[error("event {index}: {reason}")]
    Event {
        /// 1-based event number.
        index: u64,
        /// What is missing.
        reason: String,
    },
    /// A cross section, its error or an event weight that cannot normalise the histograms
    /// (not finite, not positive).
    #[error("{}: {reason}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Which number, where, and why it is refused.
        reason: String,
    },
    /// A file without events.
    #[error("{}: no events", .0.display())]
    Empty(PathBuf),
    /// Missing or inconsistent input for the WW prediction.
    #[error("cannot build the WW prediction: {0}")]
    Setup(String),
    /// Histogram error (binning mismatch).
    #[error(transparent)]
    Histogram(#[from] HistogramError),
    /// WW computation error.
    #[error(transparent)]
    Ww(#[from] WwError),
    /// Model parameter error (target, mediator).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Writing CSV or SVG output.
    #[error("cannot write {}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// The histogrammed observables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Observable {
    /// x = E_X / E_beam.
    X,
    /// log10 of the X polar angle (rad).
    ThetaX,
    /// log10 of t = -(P' - P)^2 (GeV^2).
    T,
    /// log10 of the outgoing-muon polar angle (rad).
    ThetaMu,
    /// log10 of the X transverse momentum (GeV).
    PtX,
}

/// Short name, axis label and density label per observable, in [`Observable::ALL`] order.
const LABELS: [[&str; 3]; 5] = [
    ["x", "x = E_X / E_beam", "dσ/dx [pb]"],
    ["log10_theta_x", "log10(θ_X / rad)", "dσ/dlog10θ_X [pb]"],
    ["log10_t", "log10(t / GeV²)", "dσ/dlog10t [pb]"],
    ["log10_theta_mu", "log10(θ_μ' / rad)", "dσ/dlog10θ_μ' [pb]"],
    ["log10_pt_x", "log10(p_T,X / GeV)", "dσ/dlog10p_T,X [pb]"],
];

impl Observable {
    /// All observables, in histogram order.
    pub const ALL: [Self; 5] = [Self::X, Self::ThetaX, Self::T, Self::ThetaMu, Self::PtX];

    /// Position in [`Observable::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }

    /// Short name (file names, JSON keys).
    #[must_use]
    pub fn name(self) -> &'static str {
        LABELS[self.index()][0]
    }

    /// Axis label with units.
    #[must_use]
    pub fn axis_label(self) -> &'static str {
        LABELS[self.index()][1]
    }

    /// Label of the differential cross section d sigma / d(observable).
    #[must_use]
    pub fn density_label(self) -> &'static str {
        LABELS[self.index()][2]
    }

    /// The value of this observable for one event.
    #[must_use]
    pub fn value(self, o: &EventObservables) -> f64 {
        match self {
            Self::X => o.x,
            Self::ThetaX => o.theta_x.log10(),
            Self::T => o.t.log10(),
            Self::ThetaMu => o.theta_mu.log10(),
            Self::PtX => o.pt_x.log10(),
        }
    }

    /// The fine grid (lo, hi, step) every file is filled on: wide enough for any beam energy
    /// up to a few TeV (t <= 1e8 GeV^2, angles <= pi), fine enough (1e-3 in x, 0.005 decades)
    /// that the display binning is a union of fine bins.
    #[must_use]
    pub fn fine_grid(self) -> (f64, f64, f64) {
        match self {
            Self::X => (0.0, 1.0, 1e-3),
            Self::ThetaX | Self::ThetaMu => (-12.0, 1.0, 5e-3),
            Self::T => (-20.0, 8.0, 5e-3),
            Self::PtX => (-12.0, 4.0, 5e-3),
        }
    }

    /// An empty histogram on [`Observable::fine_grid`].
    #[must_use]
    pub fn fine_histogram(self) -> Histogram1D {
        let (lo, hi, step) = self.fine_grid();
        let n = ((hi - lo) / step).round() as usize;
        let edges = (0..=n).map(|i| lo + step * i as f64).collect();
        Histogram1D::new(edges).unwrap_or_else(|_| unreachable!("fine grids are valid"))
    }
}

/// Number of display bins of x.
pub const X_BINS: usize = 50;
/// Largest number of display bins of a log10 observable.
pub const MAX_LOG_BINS: usize = 50;
/// Fraction of the cross section left out at each end when choosing a log10 display range.
pub const TAIL_FRACTION: f64 = 1e-3;
/// Allowed display bin widths (decades) of the log10 observables, multiples of the fine step.
const LOG_WIDTHS: [f64; 8] = [0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0];

/// Display edges per observable, common to all compared samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Binning {
    edges: Vec<Vec<f64>>,
}

impl Binning {
    /// x: [`X_BINS`] equal bins on [0, 1]. log10 observables: the range holding all but a
    /// fraction [`TAIL_FRACTION`] of the cross section at each end (for the union of the
    /// samples, each normalised to unit total), widened to whole quarter decades, with the
    /// narrowest width of `LOG_WIDTHS` giving at most [`MAX_LOG_BINS`] bins. Events outside go
    /// to the under/overflow (reported).
    #[must_use]
    pub fn choose(samples: &[&Sample]) -> Self {
        let mut edges = Vec::with_capacity(Observable::ALL.len());
        for obs in Observable::ALL {
            let (lo, hi, step) = obs.fine_grid();
            if obs == Observable::X {
                let w = (hi - lo) / X_BINS as f64;
                edges.push((0..=X_BINS).map(|i| lo + w * i as f64).collect());
                continue;
            }
            // union of the unit-normalised fine histograms
            let n = samples.first().map_or(0, |s| s.fine(obs).n_bins());
            let mut cum = vec![0.0; n];
            for s in samples {
                let h = s.fine(obs);
                let tot: f64 = h.sum_w().iter().map(|v| v.abs()).sum();
                if tot > 0.0 {
                    for (c, v) in cum.iter_mut().zip(h.sum_w()) {
                        *c += v.abs() / tot;
                    }
                }
            }
            let total: f64 = cum.iter().sum();
            let (mut qlo, mut qhi) = (lo, hi);
            if total > 0.0 {
                let mut acc = 0.0;
                let mut found_lo = false;
                for (i, c) in cum.iter().enumerate() {
                    acc += c / total;
                    if !found_lo && acc > TAIL_FRACTION {
                        qlo = lo + step * i as f64;
                        found_lo = true;
                    }
                    if acc >= 1.0 - TAIL_FRACTION {
                        qhi = lo + step * (i + 1) as f64;
                        break;
                    }
                }
            }
            let dlo = ((qlo / 0.25).floor() * 0.25).max(lo);
            let dhi = ((qhi / 0.25).ceil() * 0.25).min(hi).max(dlo + 0.25);
            let w = LOG_WIDTHS
                .iter()
                .copied()
                .find(|w| ((dhi - dlo) / w).ceil() as usize <= MAX_LOG_BINS)
                .unwrap_or(2.0);
            let start = ((dlo / w).floor() * w).max(lo);
            let nb = ((dhi - start) / w - 1e-9).ceil().max(1.0) as usize;
            edges.push(
                (0..=nb)
                    .map(|i| snap(start + w * i as f64, lo, step).min(hi))
                    .collect(),
            );
        }
        Self { edges }
    }

    /// Display edges of `obs`.
    #[must_use]
    pub fn edges(&self, obs: Observable) -> &[f64] {
        &self.edges[obs.index()]
    }
}

/// `v` moved to the nearest fine-grid edge lo + k step (removes rounding noise).
fn snap(v: f64, lo: f64, step: f64) -> f64 {
    lo + ((v - lo) / step).round() * step
}

/// One observable compared between A and B (a second sample or a prediction).
#[derive(Debug, Clone)]
pub struct HistComparison {
    /// Which observable.
    pub observable: Observable,
    /// A, pb per bin.
    pub a: Histogram1D,
    /// B, pb per bin (no errors for a prediction).
    pub b: Histogram1D,
    /// chi2 and ndf (both errors for samples; Pearson for a prediction).
    pub chi2: Chi2,
}

impl HistComparison {
    /// Per-bin A/B with its error.
    #[must_use]
    pub fn ratio(&self) -> Vec<(f64, f64)> {
        self.a.ratio(&self.b).unwrap_or_default()
    }
}

/// What A is compared with.
#[derive(Debug, Clone)]
pub enum Reference {
    /// A second event file.
    Sample(SampleInfo),
    /// A WW prediction (x only).
    Ww(WwReference),
}

/// The outcome of a comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Sample A.
    pub a: SampleInfo,
    /// What it was compared with.
    pub b: Reference,
    /// Per-observable comparisons.
    pub histograms: Vec<HistComparison>,
}

impl Comparison {
    /// sigma_A / sigma_B (total cross sections).
    #[must_use]
    pub fn sigma_ratio(&self) -> f64 {
        self.a.sigma_pb / self.sigma_b()
    }

    /// Total cross section of B (pb).
    #[must_use]
    pub fn sigma_b(&self) -> f64 {
        match &self.b {
            Reference::Sample(s) => s.sigma_pb,
            Reference::Ww(w) => w.sigma_pb,
        }
    }

    /// Short name of B for tables and legends.
    #[must_use]
    pub fn b_label(&self) -> String {
        match &self.b {
            Reference::Sample(s) => file_label(&s.path),
            Reference::Ww(w) => w.approximation.name().to_ascii_uppercase(),
        }
    }
}

/// The file name without directories (for legends).
#[must_use]
pub fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Compares two samples on common `binning`: every observable, chi2 with both statistical
/// errors ([`Histogram1D::chi2`]).
///
/// # Errors
/// [`CompareError::Histogram`] if the binning does not fit the fine grids.
pub fn compare_samples(
    a: &Sample,
    b: &Sample,
    binning: &Binning,
) -> Result<Comparison, CompareError> {
    let mut histograms = Vec::with_capacity(Observable::ALL.len());
    for obs in Observable::ALL {
        let ha = a.fine(obs).rebin(binning.edges(obs))?;
        let hb = b.fine(obs).rebin(binning.edges(obs))?;
        let chi2 = ha.chi2(&hb)?;
        histograms.push(HistComparison {
            observable: obs,
            a: ha,
            b: hb,
            chi2,
        });
    }
    Ok(Comparison {
        a: a.info.clone(),
        b: Reference::Sample(b.info.clone()),
        histograms,
    })
}
