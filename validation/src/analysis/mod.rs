//! Analysis numerics of GKSST Sec. IV (Galon, Kajamovitz, Shih, Soreq, Tarem, PRD 101, 011701):
//!
//! - [`luminosity`]: fixed-target luminosity, GKSST Eq. (4).
//! - [`background`]: the three-Gaussian resolution function R(rho), GKSST Eqs. (9)-(10).
//! - [`smearing`]: ID/MS momentum smearing and rho = (p_out - p_in)/p_in (GKSST Eq. (3)).
//! - [`limits`]: expected 95% CL CLs upper limits on the signal strength (asymptotic
//!   q~_mu of Cowan-Cranmer-Gross-Vitells, exact Poisson for low counts).
//! - [`gm2`]: one-loop (g-2)_mu contributions and the coupling band.
//! - erf/erfc and the normal distribution: [`crate::numerics::special`].

pub mod background;
pub mod gm2;
pub mod limits;
pub mod luminosity;
pub mod reach;
pub mod signal;
pub mod smearing;

pub mod yields;

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
