//! Background model of GKSST Sec. IV.C: the momentum-mismeasurement resolution function
//!
//! R(rho) = (1/N_SM) dN_SM/drho = sum_i c_i/sqrt(2 pi sigma_i^2) exp(-rho^2/(2 sigma_i^2))
//!
//! (GKSST Eq. (9)), sigma = (0.035, 0.057, 0.15), c1 = 0.75, c2 = 0.25, c3 = 5e-3 (case A) or
//! 0 (case B) (GKSST Eq. (10)). Note sum c_i = 1.005 in case A: the paper's normalisation is
//! kept as printed. Bin integrals use erf/erfc ([`crate::numerics::special`]).

use super::AnalysisError;
use crate::numerics::special::{erf, erfc};
use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// The two background scenarios of GKSST Eq. (10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackgroundCase {
    /// c3 = 5e-3.
    A,
    /// c3 = 0.
    B,
}

/// A sum of centred Gaussians in rho.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionFunction {
    /// Widths sigma_i.
    pub sigmas: Vec<f64>,
    /// Weights c_i.
    pub weights: Vec<f64>,
}

/// Integral of a unit-normalised centred Gaussian of width `sigma` over [lo, hi], computed
/// with erf near the core and with erfc differences in the tails (no cancellation).
fn gauss_interval(lo: f64, hi: f64, sigma: f64) -> f64 {
    let a = lo * FRAC_1_SQRT_2 / sigma;
    let b = hi * FRAC_1_SQRT_2 / sigma;
    if a >= 0.0 {
        0.5 * (erfc(a) - erfc(b))
    } else if b <= 0.0 {
        0.5 * (erfc(-b) - erfc(-a))
    } else {
        0.5 * (erf(b) - erf(a))
    }
}

impl ResolutionFunction {
    /// GKSST Eqs. (9)-(10).
    #[must_use]
    pub fn gksst(case: BackgroundCase) -> Self {
        let c3 = match case {
            BackgroundCase::A => 5e-3,
            BackgroundCase::B => 0.0,
        };
        Self {
            sigmas: vec![0.035, 0.057, 0.15],
            weights: vec![0.75, 0.25, c3],
        }
    }

    /// A custom sum of Gaussians.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidArgument`] for mismatched lengths, non-positive widths or
    /// negative weights.
    pub fn new(sigmas: Vec<f64>, weights: Vec<f64>) -> Result<Self, AnalysisError> {
        if sigmas.len() != weights.len() || sigmas.is_empty() {
            return Err(AnalysisError::InvalidArgument(
                "resolution function needs as many weights as widths".into(),
            ));
        }
        if sigmas.iter().any(|s| !(s.is_finite() && *s > 0.0))
            || weights.iter().any(|c| !(c.is_finite() && *c >= 0.0))
        {
            return Err(AnalysisError::InvalidArgument(
                "widths must be positive and weights non-negative".into(),
            ));
        }
        Ok(Self { sigmas, weights })
    }

    /// R(rho), GKSST Eq. (9).
    #[must_use]
    pub fn density(&self, rho: f64) -> f64 {
        self.sigmas
            .iter()
            .zip(&self.weights)
            .map(|(s, c)| c / (2.0 * PI * s * s).sqrt() * (-rho * rho / (2.0 * s * s)).exp())
            .sum()
    }

    /// Integral of R over [lo, hi].
    #[must_use]
    pub fn integral(&self, lo: f64, hi: f64) -> f64 {
        if hi < lo {
            return -self.integral(hi, lo);
        }
        self.sigmas
            .iter()
            .zip(&self.weights)
            .map(|(s, c)| c * gauss_interval(lo, hi, *s))
            .sum()
    }

    /// Integral over the real line: sum_i c_i.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Integrals of R over consecutive bins with the given (increasing) edges.
    #[must_use]
    pub fn bin_integrals(&self, edges: &[f64]) -> Vec<f64> {
        edges
            .windows(2)
            .map(|w| self.integral(w[0], w[1]))
            .collect()
    }

    /// Expected background per bin for `n_sm` SM muons: N_SM times the bin integrals.
    #[must_use]
    pub fn expected_background(&self, n_sm: f64, edges: &[f64]) -> Vec<f64> {
        self.bin_integrals(edges)
            .into_iter()
            .map(|v| n_sm * v)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::quadrature;

    #[test]
    fn normalisation_and_bins() {
        for (case, total) in [(BackgroundCase::A, 1.005), (BackgroundCase::B, 1.0)] {
            let r = ResolutionFunction::gksst(case);
            assert!((r.total() - total).abs() < 1e-15);
            // integral over the real line = c1 + c2 + c3
            let all = r.integral(f64::NEG_INFINITY, f64::INFINITY);
            assert!((all - total).abs() < 1e-15, "{all}");
            // numerical integral of the density (independent of erf)
            let q = quadrature::integrate(|x| r.density(x), -3.0, 3.0, 1e-13, 0.0, 1000);
            assert!((q.value - total).abs() < 1e-12, "{}", q.value);
            // bins covering the line sum to the total
            let mut edges = vec![f64::NEG_INFINITY];
            edges.extend((0..=40).map(|i| -1.0 + 0.05 * f64::from(i)));
            edges.push(f64::INFINITY);
            let bins = r.bin_integrals(&edges);
            let s: f64 = bins.iter().sum();
            assert!((s - total).abs() < 1e-14, "{s}");
            // a bin integral against quadrature of the density, far in the tail
            let lo = -0.9;
            let hi = -0.8;
            let q = quadrature::integrate(|x| r.density(x), lo, hi, 1e-13, 0.0, 1000);
            let b = r.integral(lo, hi);
            assert!((b / q.value - 1.0).abs() < 1e-11, "{b} {}", q.value);
        }
        // case B deep tail is the 0.057 Gaussian alone: tiny but positive and accurate
        let r = ResolutionFunction::gksst(BackgroundCase::B);
        let b = r.integral(-0.6, -0.5);
        let q = quadrature::integrate(|x| r.density(x), -0.6, -0.5, 1e-13, 0.0, 1000);
        assert!(
            b > 0.0 && (b / q.value - 1.0).abs() < 1e-10,
            "{b:e} {:e}",
            q.value
        );
        assert!(ResolutionFunction::new(vec![0.1], vec![]).is_err());
        assert!(ResolutionFunction::new(vec![-0.1], vec![1.0]).is_err());
        let n = r.expected_background(1e9, &[-0.1, 0.0, 0.1]);
        assert!(
            (n[0] - n[1]).abs() < 1e-6 * n[0]
                && (n[0] + n[1] - 1e9 * r.integral(-0.1, 0.1)).abs() < 1e-3
        );
    }
}
