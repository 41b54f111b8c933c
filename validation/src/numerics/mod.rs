//! Deterministic one-dimensional numerics used by the cross-checks and the analysis.

pub mod quadrature;
pub mod special;
