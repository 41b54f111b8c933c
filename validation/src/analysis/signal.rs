//! Signal rho distribution dN_X/drho per g^2 (GKSST Eq. (3), Fig. 3).
//!
//! Weighted points are drawn from the adapted (frozen) VEGAS map of the folded process
//! ([`mfcgen::beam::FoldedProcess`]): weight w = f(x) J(x)/N, so sum w = sigma folded with P_in.
//! Each point gives p_in and the outgoing muon; both momenta are smeared
//! ([`super::smearing::Resolution`]), rho = (p_out - p_in)/p_in, and the point is kept if the
//! angle between outgoing and incoming muon is below `theta_max` (ID-MS matching, GKSST
//! Sec. IV.B, theta < 0.1). Barrel-only is built into the spectra (0.1 < |eta| < 1.05).
//! The angle and the momenta are rotation invariant, so the lab frame (beam along +z) is used.
//!
//! The missing-momentum experiments (NA64mu, M3) select on the outgoing muon instead: the
//! smeared p_out below `p_out_max` (NA64mu: 80 GeV, arXiv:2401.01708 abstract) and/or the
//! missing energy E_in - E_out above `missing_energy_min`; their cards set no angle cut
//! (`theta_max` = infinity). Every yield is multiplied by the signal efficiency.

use super::escape::Escape;
use super::smearing::{Resolution, rho};
use crate::histogram::{Histogram1D, HistogramError};
use mfc_models::constants::M_MU;
use mfcgen::beam::{FOLDED_DIM, FoldedProcess};
use mfcgen::rng::{self, uniform01};
use mfcgen::vegas::FrozenMap;

/// Signal selection and sampling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalConfig {
    /// Momentum resolutions (GKSST Sec. IV.B; physics.md reading by default).
    pub resolution: Resolution,
    /// Maximum angle between outgoing and incoming muon (rad), GKSST: 0.1; infinity for no cut.
    pub theta_max: f64,
    /// Largest accepted (smeared) outgoing muon momentum in GeV; infinity for no cut.
    pub p_out_max: f64,
    /// Smallest accepted missing energy E_in - E_out (smeared momenta) in GeV; -infinity for
    /// no cut.
    pub missing_energy_min: f64,
    /// Signal efficiency multiplying every yield (1 for GKSST, whose efficiencies are in
    /// sigma_fid).
    pub efficiency: f64,
    /// Weighted points per histogram.
    pub n_points: usize,
    /// Seed of the sampling streams.
    pub seed: u64,
    /// Count only X that escape the calorimeter ([`super::escape`]); `None`: every X escapes
    /// (the paper's BR_inv = 1).
    pub escape: Option<Escape>,
}

impl Default for SignalConfig {
    fn default() -> Self {
        Self {
            resolution: Resolution::default(),
            theta_max: 0.1,
            p_out_max: f64::INFINITY,
            missing_energy_min: f64::NEG_INFINITY,
            efficiency: 1.0,
            n_points: 200_000,
            seed: 7,
            escape: None,
        }
    }
}

/// Standard-normal pair by Box-Muller from two uniforms.
fn normal_pair(u1: f64, u2: f64) -> (f64, f64) {
    let r = (-2.0 * (1.0 - u1).ln()).sqrt();
    let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
    (r * c, r * s)
}

/// Signal per rho bin (events per g^2, N_X = L_FT sigma, GKSST Eq. (5)) for a fixed-target
/// luminosity `l_ft_inv_nb`, and the accepted fraction (after the angle cut) of the folded
/// cross section (after the angle, p_out and missing-energy cuts, before the efficiency).
/// Points outside the edges go to the under/overflow.
///
/// # Errors
/// [`HistogramError::InvalidEdges`] for bad `edges`.
pub fn rho_yields(
    process: &FoldedProcess,
    map: &FrozenMap,
    l_ft_inv_nb: f64,
    edges: &[f64],
    cfg: &SignalConfig,
) -> Result<(Histogram1D, f64), HistogramError> {
    let mut h = Histogram1D::new(edges.to_vec())?;
    let (mut tot, mut acc) = (0.0, 0.0);
    let n = cfg.n_points.max(1);
    let mut x = [0.0; FOLDED_DIM];
    let batch = 8192;
    let mut rng = rng::stream(cfg.seed, rng::Phase::AnalysisSignal, 0, 0);
    for i in 0..n {
        if i % batch == 0 {
            rng = rng::stream(cfg.seed, rng::Phase::AnalysisSignal, 0, (i / batch) as u64);
        }
        let jac = map.sample(&mut rng, &mut x);
        let (u1, u2, u3) = (
            uniform01(&mut rng),
            uniform01(&mut rng),
            uniform01(&mut rng),
        );
        let Some(pt) = process.point(&x) else {
            continue;
        };
        let w = pt.weighted.weight * jac / n as f64;
        tot += w;
        let mom = pt
            .process
            .phase_space()
            .momenta(&pt.weighted.kinematics, 0.0);
        let w = match &cfg.escape {
            None => w,
            Some(e) => {
                let k = mom[4];
                let p_x = (k[1] * k[1] + k[2] * k[2] + k[3] * k[3]).sqrt();
                w * e.probability_in_bin(p_x, process.spectrum(), pt.p_bin)
            }
        };
        let mu = mom[2];
        let p_out = (mu[1] * mu[1] + mu[2] * mu[2] + mu[3] * mu[3]).sqrt();
        let theta = mu[1].hypot(mu[2]).atan2(mu[3]);
        if !(theta < cfg.theta_max) {
            continue;
        }
        let (z_in, z_out) = normal_pair(u1, u2);
        let _ = u3;
        let p_in_s = cfg.resolution.smear_in(pt.p_in, z_in);
        let p_out_s = cfg.resolution.smear_out(p_out, z_out);
        let e_miss = p_in_s.hypot(M_MU) - p_out_s.hypot(M_MU);
        if !(p_out_s < cfg.p_out_max && e_miss >= cfg.missing_energy_min) {
            continue;
        }
        acc += w;
        h.fill(
            rho(p_in_s, p_out_s),
            w * l_ft_inv_nb * 1e-3 * cfg.efficiency,
        );
    }
    let frac = if tot > 0.0 { acc / tot } else { 0.0 };
    Ok((h, frac))
}
