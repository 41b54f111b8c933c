//! Expected 95% CL reach on g_X versus m_X (GKSST Sec. IV.D, Fig. 4) and the rho spectra
//! behind it (Fig. 3); the tables and figures are written by [`super::figures`].
//!
//! Per mass point: one folded integration per boson (Z, W) at g = 1, one weighted sample for the
//! rho histogram ([`super::signal::rho_yields`]); background per bin N_SM x Integral R(rho)
//! (GKSST Eqs. (9)-(10), [`super::background`]); expected upper limit on mu = g^2 from the
//! binned Poisson likelihood on the Asimov background-only data set (median expected CLs with
//! the CCGV q~_mu, exact Poisson CLs for low-count bins: [`super::limits`]); g_up = sqrt(mu_up).
//! Z + W adds signals and backgrounds bin by bin.

use super::background::{BackgroundCase, ResolutionFunction};
use super::escape::Escape;
use super::limits::{LimitConfig, coupling_upper_limit, expected_upper_limit};
use super::signal::{SignalConfig, rho_yields};
use super::yields::{YieldConfig, YieldError, committed_beam, folded_cross_section};
use crate::histogram::uniform_edges;
use crate::spectrum::Boson;
use mfc_models::{CouplingModel, DarkSector, DecaySettings, DecayTable, Mediator, MediatorKind};

/// Largest number of g -> g_up iterations when the escape probability depends on g.
const ESCAPE_ITERATIONS: usize = 8;

/// The escape model of X (`kind`, `m` GeV, coupling `g`) in coupling model `model`.
fn escape_at(
    kind: MediatorKind,
    m: f64,
    g: f64,
    model: CouplingModel,
) -> Result<Escape, YieldError> {
    let mediator = Mediator::new(kind, m, g)?;
    let settings = DecaySettings::new(model, DarkSector::None)?;
    Ok(Escape::of_table(&DecayTable::new(&mediator, &settings)?))
}

/// Setup of a reach scan.
#[derive(Debug, Clone)]
pub struct ReachConfig {
    /// Masses in GeV.
    pub masses: Vec<f64>,
    /// Mediators.
    pub kinds: Vec<MediatorKind>,
    /// Luminosity, target, precision.
    pub yields: YieldConfig,
    /// Signal sampling and selection.
    pub signal: SignalConfig,
    /// rho bin edges.
    pub edges: Vec<f64>,
    /// Limit settings.
    pub limit: LimitConfig,
    /// Coupling model of X ([`mfc_models::CouplingModel`]): `invisible` (the paper's, BR_inv =
    /// 1, every X escapes) or a model in which X decays, where only escaping X count
    /// ([`super::escape`]).
    pub model: CouplingModel,
}

/// n log-spaced values from lo to hi.
#[must_use]
pub fn log_space(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n)
        .map(|i| lo * (hi / lo).powf(i as f64 / (n - 1) as f64))
        .collect()
}

impl Default for ReachConfig {
    /// 25 masses 1 MeV..3 GeV, S and V, precision 2e-2, 2e5 points, 60 rho bins on [-1.2, 0.6].
    fn default() -> Self {
        Self {
            masses: log_space(1e-3, 3.0, 25),
            kinds: vec![MediatorKind::Scalar, MediatorKind::Vector],
            yields: YieldConfig {
                precision: 2e-2,
                ..YieldConfig::default()
            },
            signal: SignalConfig::default(),
            edges: uniform_edges(60, -1.2, 0.6),
            limit: LimitConfig::default(),
            model: CouplingModel::Invisible,
        }
    }
}

/// Result at one (mediator, mass).
#[derive(Debug, Clone)]
pub struct ReachPoint {
    /// Mediator.
    pub kind: MediatorKind,
    /// m_X (GeV).
    pub m_x: f64,
    /// Folded sigma (pb, g = 1) for Z and W muons.
    pub sigma_pb: [f64; 2],
    /// Accepted (angle cut) N_X/g^2 for Z and W.
    pub n_accepted: [f64; 2],
    /// Signal per rho bin per g^2 for Z and W.
    pub rho_signal: [Vec<f64>; 2],
    /// g_up: [Z only A, Z only B, Z+W A, Z+W B].
    pub g_up: [f64; 4],
}

/// Full scan result.
#[derive(Debug, Clone)]
pub struct ReachResult {
    /// rho edges.
    pub edges: Vec<f64>,
    /// N_SM for Z and W.
    pub n_sm: [f64; 2],
    /// Points.
    pub points: Vec<ReachPoint>,
}

fn limit(s: &[f64], b: &[f64], cfg: &LimitConfig) -> Result<f64, YieldError> {
    // bins without signal do not constrain and are dropped
    let (ss, bb): (Vec<f64>, Vec<f64>) = s
        .iter()
        .zip(b)
        .filter(|(s, _)| **s > 0.0)
        .map(|(s, b)| (*s, *b))
        .unzip();
    if ss.is_empty() {
        return Ok(f64::INFINITY);
    }
    let r = expected_upper_limit(&ss, &bb, cfg)?;
    Ok(coupling_upper_limit(r.mu_up, 1.0))
}

/// Runs the scan.
///
/// # Errors
/// Spectrum, integration or limit errors.
pub fn scan(cfg: &ReachConfig) -> Result<ReachResult, YieldError> {
    scan_with_progress(cfg, &mut |_, _| {})
}

/// As [`scan`], calling `progress(done, total)` after each (mediator, mass) point.
///
/// # Errors
/// As [`scan`].
pub fn scan_with_progress(
    cfg: &ReachConfig,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ReachResult, YieldError> {
    let total = cfg.kinds.len() * cfg.masses.len();
    let beams = [committed_beam(Boson::Z)?, committed_beam(Boson::W)?];
    let l_ft = [
        cfg.yields.luminosity_inv_nb(Boson::Z)?,
        cfg.yields.luminosity_inv_nb(Boson::W)?,
    ];
    let n_sm = [cfg.yields.n_sm(Boson::Z), cfg.yields.n_sm(Boson::W)];
    let bkg =
        |case, i: usize| ResolutionFunction::gksst(case).expected_background(n_sm[i], &cfg.edges);
    let b_a = [bkg(BackgroundCase::A, 0), bkg(BackgroundCase::A, 1)];
    let b_b = [bkg(BackgroundCase::B, 0), bkg(BackgroundCase::B, 1)];
    let add = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x + y).collect::<Vec<f64>>();
    let mut points = Vec::new();
    for &kind in &cfg.kinds {
        for &m in &cfg.masses {
            let mut sigma = [0.0; 2];
            let mut nacc = [0.0; 2];
            let mut hs: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
            let mut folded = Vec::new();
            for i in 0..2 {
                let (s, _, f, v) = folded_cross_section(kind, m, &beams[i], &cfg.yields)?;
                let (h, frac) = rho_yields(&f, &v.frozen(), l_ft[i], &cfg.edges, &cfg.signal)?;
                sigma[i] = s;
                nacc[i] = frac * s * l_ft[i] * 1e-3;
                hs[i] = h.sum_w().to_vec();
                folded.push((f, v.frozen()));
            }
            let szw = add(&hs[0], &hs[1]);
            let mut g_up = [
                limit(&hs[0], &b_a[0], &cfg.limit)?,
                limit(&hs[0], &b_b[0], &cfg.limit)?,
                limit(&szw, &add(&b_a[0], &b_a[1]), &cfg.limit)?,
                limit(&szw, &add(&b_b[0], &b_b[1]), &cfg.limit)?,
            ];
            if cfg.model != CouplingModel::Invisible {
                // only escaping X count; the escape depends on g through c tau: iterate
                // g -> g_up(signal with the escape at g) to its fixed point
                let signal_at = |g: f64| -> Result<[Vec<f64>; 2], YieldError> {
                    let mut sc = cfg.signal;
                    sc.escape = Some(escape_at(kind, m, g, cfg.model)?);
                    let mut out: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
                    for i in 0..2 {
                        let (f, map) = &folded[i];
                        out[i] = rho_yields(f, map, l_ft[i], &cfg.edges, &sc)?
                            .0
                            .sum_w()
                            .to_vec();
                    }
                    Ok(out)
                };
                let bz = [&b_a[0], &b_b[0]].map(|b| b.to_vec());
                let bzw = [add(&b_a[0], &b_a[1]), add(&b_b[0], &b_b[1])];
                for (j, g) in g_up.iter_mut().enumerate() {
                    for _ in 0..ESCAPE_ITERATIONS {
                        if !g.is_finite() {
                            break;
                        }
                        let h = signal_at(*g)?;
                        let g_new = if j < 2 {
                            limit(&h[0], &bz[j], &cfg.limit)?
                        } else {
                            limit(&add(&h[0], &h[1]), &bzw[j - 2], &cfg.limit)?
                        };
                        let done = (g_new / *g - 1.0).abs() < 1e-4;
                        *g = g_new;
                        if done {
                            break;
                        }
                    }
                }
                let h = signal_at(g_up[3])?;
                for i in 0..2 {
                    let (all, esc): (f64, f64) = (hs[i].iter().sum(), h[i].iter().sum());
                    if all > 0.0 {
                        nacc[i] *= esc / all;
                    }
                }
                hs = h;
            }
            points.push(ReachPoint {
                kind,
                m_x: m,
                sigma_pb: sigma,
                n_accepted: nacc,
                rho_signal: hs,
                g_up,
            });
            progress(points.len(), total);
        }
    }
    Ok(ReachResult {
        edges: cfg.edges.clone(),
        n_sm,
        points,
    })
}
