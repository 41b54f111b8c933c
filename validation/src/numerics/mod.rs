//! Deterministic one-dimensional numerics used by the cross-checks and the analysis:
//!
//! - [`quadrature`]: adaptive Gauss-Kronrod (G10/K21) over panels, composite Gauss-Legendre;
//! - [`roots`]: Brent's root finder;
//! - [`special`]: erf/erfc (Cody) and the standard normal distribution.
//!
//! All three are our own code; each module says which crates were measured and why they are
//! not used (accuracy, licence, or a change of the committed output in the last digits).

pub mod quadrature;
pub mod roots;
pub mod special;
