//! The paper's analysis, GKSST Sec. IV (Galon, Kajamovitz, Shih, Soreq, Tarem, PRD 101,
//! 011701), from the folded cross section to the expected reach:
//!
//! - [`luminosity`]: fixed-target luminosity, GKSST Eq. (4).
//! - [`yields`]: N_X = L_FT sigma folded with the W/Z muon spectra, GKSST Eqs. (4)-(8).
//! - [`smearing`]: ID/MS momentum smearing and rho = (p_out - p_in)/p_in (GKSST Eq. (3)).
//! - [`signal`]: the smeared signal rho distribution with the ID-MS angle cut (Fig. 3);
//!   [`escape`]: the probability that a decaying X escapes the calorimeter.
//! - [`background`]: the three-Gaussian resolution function R(rho), GKSST Eqs. (9)-(10).
//! - [`limits`]: expected CLs upper limits (95 % CL as GKSST, or the card's) on the signal strength (asymptotic
//!   q~_mu of Cowan-Cranmer-Gross-Vitells, exact Poisson for low counts).
//! - [`gm2`]: one-loop (g-2)_mu contributions and the coupling band.
//! - [`experiment`]: experiment cards (TOML, `cards/experiments/`): the ATLAS analysis of
//!   the paper, NA64mu and M3 as data, each giving a [`reach::ReachConfig`].
//! - [`reach`]: the scan over masses and mediators of one experiment (Fig. 4); [`tables`]:
//!   its CSV tables; [`figures`]: Figs. 2-4 and the experiment overlay, drawn by
//!   `scripts/plot/figures.py` (matplotlib, mplhep) from the tables.
//!
//! The numerics (erf, quadrature, root finding) are in [`crate::numerics`], the histogram in
//! [`crate::histogram`].

pub mod atlas_barrel;
pub mod background;
pub mod escape;
pub mod experiment;
pub mod figures;
pub mod gm2;
pub mod limits;
pub mod luminosity;
pub mod reach;
pub mod signal;
pub mod smearing;
pub mod tables;
pub mod yields;

use mfc_models::MediatorKind;
use thiserror::Error;

/// Errors of the analysis numerics.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// Unphysical or inconsistent input.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An equation has no solution in the allowed range.
    #[error("no solution: {0}")]
    NoSolution(&'static str),
}

/// One-letter name of a mediator in tables and file names: S, V, P, A.
#[must_use]
pub fn kind_letter(k: MediatorKind) -> &'static str {
    match k {
        MediatorKind::Scalar => "S",
        MediatorKind::Vector => "V",
        MediatorKind::Pseudoscalar => "P",
        MediatorKind::Axial => "A",
    }
}
