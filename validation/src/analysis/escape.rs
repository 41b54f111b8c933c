//! The probability that X escapes the calorimeter undetected (docs/physics.md Sec. 8.8).
//!
//! A signal event counts only when X deposits nothing: it decays invisibly (neutrinos, the dark
//! pair), or visibly beyond the calorimeter's outer radius. X is produced in the calorimeter
//! material at a radius r_0 uniform in [r_in, r_out] and flies along the muon (collinear to the
//! ~m_mu/E opening angle), so its remaining path is (r_out - r_0) cosh(eta); with the lab decay
//! length lambda = c tau |p| / m_X,
//!
//!   P_escape = BR_inv + (1 - BR_inv) <exp(-(r_out - r_0) cosh(eta) / lambda)>_{r_0},
//!   <exp(-(r_out - r_0)/l)>_{r_0} = (l / (r_out - r_in)) (1 - exp(-(r_out - r_in)/l)),  l = lambda / cosh(eta),
//!
//! averaged over |eta| with the spectrum's P_in(|eta| | p) (midpoint rule in its inverse CDF).
//! Radii: r_in = 2.28 m and r_out = 4.25 m, the ATLAS barrel tile calorimeter (ATLAS
//! Collaboration, JINST 3 (2008) S08003, Sec. 5.3), the same r_in as the generator's
//! [`mfcgen::beam::DetectorGeometry`]. A stable X, or BR_inv = 1 (the paper's model), gives 1.

use mfc_models::DecayTable;
use mfcgen::beam::BeamSpectrum;

/// Number of |eta| quantiles averaged per momentum bin.
const ETA_QUANTILES: usize = 16;

/// Where X must decay to escape, and how it decays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Escape {
    /// c tau in mm (infinite for a stable X).
    pub ctau_mm: f64,
    /// The invisible branching ratio (1 for a stable X).
    pub br_invisible: f64,
    /// m_X in GeV.
    pub m_x: f64,
    /// Inner radius of the calorimeter material where X is produced (mm).
    pub r_in_mm: f64,
    /// Outer radius of the calorimeter (mm).
    pub r_out_mm: f64,
}

/// ATLAS barrel tile calorimeter radii (mm), JINST 3 (2008) S08003 Sec. 5.3.
pub const ATLAS_TILE_RADII_MM: (f64, f64) = (2280.0, 4250.0);

impl Escape {
    /// The escape model of a decay table with the ATLAS tile radii.
    #[must_use]
    pub fn of_table(table: &DecayTable) -> Self {
        Self {
            ctau_mm: table.ctau_mm(),
            br_invisible: table.invisible_branching_ratio(),
            m_x: table.mediator().mass,
            r_in_mm: ATLAS_TILE_RADII_MM.0,
            r_out_mm: ATLAS_TILE_RADII_MM.1,
        }
    }

    /// P_escape for an X of lab momentum `p` (GeV) along pseudorapidity `eta`, averaged over
    /// the production radius (module docs).
    #[must_use]
    pub fn probability(&self, p: f64, eta: f64) -> f64 {
        if self.br_invisible >= 1.0 || !self.ctau_mm.is_finite() {
            return 1.0;
        }
        let depth = (self.r_out_mm - self.r_in_mm).max(0.0);
        let l = self.ctau_mm * p / self.m_x / eta.cosh();
        let visible = if depth == 0.0 {
            1.0
        } else if l <= 0.0 {
            0.0
        } else {
            // (l/d)(1 - e^{-d/l}) with exp_m1: exact for l >> d too
            -(l / depth) * (-depth / l).exp_m1()
        };
        self.br_invisible + (1.0 - self.br_invisible) * visible
    }

    /// [`Self::probability`] averaged over |eta| in momentum bin `p_bin` of `spectrum`.
    #[must_use]
    pub fn probability_in_bin(&self, p: f64, spectrum: &BeamSpectrum, p_bin: usize) -> f64 {
        if self.br_invisible >= 1.0 || !self.ctau_mm.is_finite() {
            return 1.0;
        }
        let n = ETA_QUANTILES as f64;
        (0..ETA_QUANTILES)
            .map(|i| self.probability(p, spectrum.sample_eta(p_bin, (i as f64 + 0.5) / n)))
            .sum::<f64>()
            / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(ctau_mm: f64, br: f64) -> Escape {
        Escape {
            ctau_mm,
            br_invisible: br,
            m_x: 0.3,
            r_in_mm: ATLAS_TILE_RADII_MM.0,
            r_out_mm: ATLAS_TILE_RADII_MM.1,
        }
    }

    #[test]
    fn limits() {
        // BR_inv = 1 and a stable X escape; a prompt visible decay never does
        assert_eq!(escape(1e-9, 1.0).probability(30.0, 0.5), 1.0);
        assert_eq!(escape(f64::INFINITY, 0.3).probability(30.0, 0.5), 1.0);
        // prompt: only X made within l = lambda/cosh(eta) of r_out escape, a fraction l/d
        let d = ATLAS_TILE_RADII_MM.1 - ATLAS_TILE_RADII_MM.0;
        let l = 1e-12 * 30.0 / 0.3 / 0.5f64.cosh();
        let prompt = escape(1e-12, 0.4).probability(30.0, 0.5);
        assert!((prompt - (0.4 + 0.6 * l / d)).abs() < 1e-15, "{prompt}");
        // very long-lived: 1 - d/(2 l) + ...
        let e = escape(1e9, 0.0);
        let l = 1e9 * 30.0 / 0.3 / 0.5f64.cosh();
        assert!((e.probability(30.0, 0.5) - (1.0 - d / (2.0 * l))).abs() < 1e-12);
    }

    #[test]
    fn depth_average_matches_a_quadrature() {
        // the closed form against a midpoint sum of exp(-(r_out - r0) cosh(eta)/lambda)
        for (ctau, p, eta) in [(1.0, 10.0, 0.3_f64), (20.0, 40.0, 1.0), (5e3, 5.0, 0.1)] {
            let e = escape(ctau, 0.25);
            let lambda = ctau * p / e.m_x;
            let n = 200_000;
            let d = e.r_out_mm - e.r_in_mm;
            let mean: f64 = (0..n)
                .map(|i| {
                    let r0 = e.r_in_mm + d * (i as f64 + 0.5) / n as f64;
                    (-(e.r_out_mm - r0) * eta.cosh() / lambda).exp()
                })
                .sum::<f64>()
                / n as f64;
            let want = 0.25 + 0.75 * mean;
            let got = e.probability(p, eta);
            assert!(
                (got / want - 1.0).abs() < 1e-8,
                "{ctau} {p} {eta}: {got} vs {want}"
            );
        }
    }
}
