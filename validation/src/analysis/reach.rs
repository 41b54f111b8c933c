//! Expected reach on g_X versus m_X of one experiment (GKSST Sec. IV.D, Fig. 4) and the rho
//! spectra behind it (Fig. 3); the experiment is data ([`super::experiment`]), the tables
//! are written by [`super::tables`].
//!
//! Per mass point and sample: one folded integration at g = 1 ([`folded_cross_section`]; a
//! fixed beam is a delta-function spectrum), one weighted sample for the rho histogram after
//! the selection ([`super::signal::rho_yields`]), N_X = L_FT sigma with the thin-target
//! L_FT = N_mu n_T Delta x ([`thin_target_luminosity_inv_nb`]). Background per bin and
//! sample: N_SM x Integral R(rho) (GKSST Eqs. (9)-(10), [`super::background`]), a fixed
//! count, or zero. A combination adds signals and backgrounds of its samples bin by bin; its
//! expected upper limit on mu = g^2 comes from the binned Poisson likelihood on the Asimov
//! background-only data set (median expected CLs with the CCGV q~_mu, exact Poisson CLs for
//! low-count bins: [`super::limits`]); g_up = sqrt(mu_up). Without background a single bin
//! gives the Poisson limit: mu_up N_X = -ln(1 - CL) (3.00 events at 95 %, 2.30 at 90 %).

use super::atlas_barrel::{BARREL_ABS_ETA, TargetMaterial, barrel_ratios, in_barrel};
use super::background::ResolutionFunction;
use super::escape::Escape;
use super::limits::{LimitConfig, coupling_upper_limit, expected_upper_limit};
use super::luminosity::thin_target_luminosity_inv_nb;
use super::signal::{SignalConfig, rho_yields};
use super::yields::{YieldConfig, YieldError, folded_cross_section};
use mfc_models::{CouplingModel, DarkSector, DecaySettings, DecayTable, Mediator, MediatorKind};
use mfcgen::beam::{BeamError, BeamSpectrum};

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

/// One muon sample: a beam and its number of muons on target.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Key in column names.
    pub name: String,
    /// Legend label.
    pub label: String,
    /// Incoming-muon spectrum (a delta function for a fixed beam).
    pub beam: BeamSpectrum,
    /// Muons on target N_mu (also N_SM of the background).
    pub muons_on_target: f64,
}

/// Samples whose signals and backgrounds are added for one limit.
#[derive(Debug, Clone)]
pub struct Combination {
    /// Key in column names.
    pub name: String,
    /// Legend label.
    pub label: String,
    /// Indices into [`ReachConfig::samples`].
    pub samples: Vec<usize>,
    /// Shown in the experiment overlay.
    pub overlay: bool,
}

/// How the expected background of a sample is modelled.
#[derive(Debug, Clone, PartialEq)]
pub enum BackgroundModel {
    /// N_SM x Integral of R(rho) over each bin (GKSST Eq. (9)).
    Resolution(ResolutionFunction),
    /// A fixed expected count in the (single-bin) signal region, per sample.
    Fixed(f64),
}

/// One background hypothesis (GKSST's case A or B, or a fixed count); one limit each.
#[derive(Debug, Clone, PartialEq)]
pub struct BackgroundScenario {
    /// Key in column names (empty for an experiment with one scenario and no cases).
    pub name: String,
    /// Legend label (may be empty).
    pub label: String,
    /// The model.
    pub model: BackgroundModel,
}

impl BackgroundScenario {
    /// Expected background per bin for `n_sm` muons.
    #[must_use]
    pub fn expected(&self, n_sm: f64, edges: &[f64]) -> Vec<f64> {
        match &self.model {
            BackgroundModel::Resolution(r) => r.expected_background(n_sm, edges),
            BackgroundModel::Fixed(n) => {
                let bins = edges.len().saturating_sub(1);
                (0..bins).map(|i| if i == 0 { *n } else { 0.0 }).collect()
            }
        }
    }
}

/// Setup of a reach scan: one experiment.
#[derive(Debug, Clone)]
pub struct ReachConfig {
    /// Key in file names.
    pub name: String,
    /// Legend label.
    pub label: String,
    /// Masses in GeV.
    pub masses: Vec<f64>,
    /// Mediators.
    pub kinds: Vec<MediatorKind>,
    /// Target (element, density), thickness, form factor, integration settings and seed
    /// (the LHC luminosity of [`YieldConfig`] is not used: each sample has its N_mu).
    pub yields: YieldConfig,
    /// Muon samples.
    pub samples: Vec<Sample>,
    /// Signal sampling and selection.
    pub signal: SignalConfig,
    /// rho bin edges (one bin for a counting experiment).
    pub edges: Vec<f64>,
    /// Background hypotheses.
    pub background: Vec<BackgroundScenario>,
    /// Combinations of samples.
    pub combinations: Vec<Combination>,
    /// Limit settings.
    pub limit: LimitConfig,
    /// Coupling model of X ([`mfc_models::CouplingModel`]): `invisible` (the paper's, BR_inv =
    /// 1, every X escapes) or a model in which X decays, where only escaping X count
    /// ([`super::escape`]).
    pub model: CouplingModel,
    /// The target: the paper's thin copper slab, or the ATLAS barrel as built with the muon
    /// energy loss. The barrel scales each sample's signal by its yield ratio barrel / slab
    /// ([`super::atlas_barrel::barrel_ratios`]) at every mass; the rho shape stays the thin
    /// target's (the mean energy loss before the interaction is not in the rho resolution).
    pub material: TargetMaterial,
}

/// Per sample, the factor of the signal for the target of `cfg` at (kind, m): 1 for the
/// paper's slab, the barrel / slab yield ratio for the ATLAS barrel.
fn material_ratios(cfg: &ReachConfig, kind: MediatorKind, m: f64) -> Result<Vec<f64>, YieldError> {
    Ok(match cfg.material {
        TargetMaterial::CopperSlab => vec![1.0; cfg.samples.len()],
        TargetMaterial::AtlasBarrel => {
            let beams: Vec<&BeamSpectrum> = cfg.samples.iter().map(|s| &s.beam).collect();
            barrel_ratios(kind, m, &cfg.yields, &beams)?
                .iter()
                .map(|r| r.ratio)
                .collect()
        }
    })
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
    /// The paper's ATLAS analysis, `cards/experiments/atlas_gksst.toml`: 25 masses
    /// 1 MeV..3 GeV, S and V, precision 2e-2, 2e5 points, 60 rho bins on [-1.2, 0.6].
    fn default() -> Self {
        super::experiment::atlas_gksst()
            .unwrap_or_else(|e| unreachable!("the committed ATLAS card is valid: {e}"))
    }
}

impl ReachConfig {
    /// Column keys of the limits, combination-major: `{combination}_{scenario}` (or the
    /// combination alone for an unnamed scenario).
    #[must_use]
    pub fn limit_keys(&self) -> Vec<(String, String)> {
        let mut keys = Vec::new();
        for c in &self.combinations {
            for b in &self.background {
                let (key, label) = if b.name.is_empty() {
                    (c.name.clone(), c.label.clone())
                } else {
                    (
                        format!("{}_{}", c.name, b.name),
                        format!("{}, {}", c.label, b.label),
                    )
                };
                keys.push((key, label));
            }
        }
        keys
    }

    /// L_FT of each sample in nb^-1 (thin target, GKSST Eq. (4)).
    ///
    /// # Errors
    /// [`YieldError::Analysis`] for non-positive inputs.
    pub fn luminosities_inv_nb(&self) -> Result<Vec<f64>, YieldError> {
        let t = &self.yields.target;
        self.samples
            .iter()
            .map(|s| {
                thin_target_luminosity_inv_nb(
                    s.muons_on_target,
                    f64::from(t.a),
                    t.density_g_cm3,
                    self.yields.dx_cm,
                )
                .map_err(YieldError::from)
            })
            .collect()
    }

    /// Expected background per bin: `[scenario][sample][bin]`.
    #[must_use]
    pub fn backgrounds(&self) -> Vec<Vec<Vec<f64>>> {
        self.background
            .iter()
            .map(|b| {
                self.samples
                    .iter()
                    .map(|s| b.expected(s.muons_on_target, &self.edges))
                    .collect()
            })
            .collect()
    }
}

/// Result at one (mediator, mass).
#[derive(Debug, Clone)]
pub struct ReachPoint {
    /// Mediator.
    pub kind: MediatorKind,
    /// m_X (GeV).
    pub m_x: f64,
    /// Folded sigma (pb, g = 1) per sample (0 where the process is closed).
    pub sigma_pb: Vec<f64>,
    /// Selected N_X/g^2 per sample (after cuts and efficiency).
    pub n_accepted: Vec<f64>,
    /// Signal per rho bin per g^2, per sample.
    pub rho_signal: Vec<Vec<f64>>,
    /// g_up per [`ReachConfig::limit_keys`] entry (infinity without signal).
    pub g_up: Vec<f64>,
}

/// Full scan result.
#[derive(Debug, Clone)]
pub struct ReachResult {
    /// rho edges.
    pub edges: Vec<f64>,
    /// N_SM (muons on target) per sample.
    pub n_sm: Vec<f64>,
    /// Expected background `[scenario][sample][bin]`.
    pub background: Vec<Vec<Vec<f64>>>,
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

/// Bin-by-bin sum of the rows `idx` of `rows`.
fn add_rows(rows: &[Vec<f64>], idx: &[usize]) -> Vec<f64> {
    let mut it = idx.iter().map(|&i| &rows[i]);
    let mut sum = it.next().cloned().unwrap_or_default();
    for r in it {
        for (a, b) in sum.iter_mut().zip(r) {
            *a += b;
        }
    }
    sum
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
    if cfg.material == TargetMaterial::AtlasBarrel
        && let Some(s) = cfg.samples.iter().find(|s| !in_barrel(&s.beam))
    {
        return Err(YieldError::Card(format!(
            "--material atlas-barrel models the ATLAS barrel for muons with {} < |eta| < {}; \
             sample \"{}\" of experiment \"{}\" has muons outside it (use copper-slab, or the \
             experiment card's own target)",
            BARREL_ABS_ETA.0, BARREL_ABS_ETA.1, s.name, cfg.name
        )));
    }
    let l_ft = cfg.luminosities_inv_nb()?;
    let bkg = cfg.backgrounds();
    let nbins = cfg.edges.len().saturating_sub(1);
    let mut points = Vec::new();
    for &kind in &cfg.kinds {
        for &m in &cfg.masses {
            let ns = cfg.samples.len();
            let (mut sigma, mut nacc) = (vec![0.0; ns], vec![0.0; ns]);
            let mut hs = vec![vec![0.0; nbins]; ns];
            let mut folded = Vec::with_capacity(ns);
            for (i, sample) in cfg.samples.iter().enumerate() {
                let (s, f, v) = match folded_cross_section(kind, m, &sample.beam, &cfg.yields) {
                    Ok((s, _, f, v)) => (s, f, v),
                    // heavier than the beam can make: no signal, no limit
                    Err(YieldError::Beam(BeamError::Closed)) => {
                        folded.push(None);
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let map = v.frozen();
                let (h, frac) = rho_yields(&f, &map, l_ft[i], &cfg.edges, &cfg.signal)?;
                sigma[i] = s;
                nacc[i] = frac * s * l_ft[i] * 1e-3 * cfg.signal.efficiency;
                hs[i] = h.sum_w().to_vec();
                folded.push(Some((f, map)));
            }
            let ratio = material_ratios(cfg, kind, m)?;
            for i in 0..ns {
                nacc[i] *= ratio[i];
                hs[i].iter_mut().for_each(|v| *v *= ratio[i]);
            }
            let mut g_up = Vec::new();
            for c in &cfg.combinations {
                let s = add_rows(&hs, &c.samples);
                for b in &bkg {
                    g_up.push(limit(&s, &add_rows(b, &c.samples), &cfg.limit)?);
                }
            }
            if cfg.model != CouplingModel::Invisible {
                // only escaping X count; the escape depends on g through c tau: iterate
                // g -> g_up(signal with the escape at g) to its fixed point
                let signal_at = |g: f64| -> Result<Vec<Vec<f64>>, YieldError> {
                    let mut sc = cfg.signal;
                    sc.escape = Some(escape_at(kind, m, g, cfg.model)?);
                    let mut out = vec![vec![0.0; nbins]; ns];
                    for (i, fm) in folded.iter().enumerate() {
                        if let Some((f, map)) = fm {
                            out[i] = rho_yields(f, map, l_ft[i], &cfg.edges, &sc)?
                                .0
                                .sum_w()
                                .iter()
                                .map(|v| v * ratio[i])
                                .collect();
                        }
                    }
                    Ok(out)
                };
                let mut j = 0;
                for c in &cfg.combinations {
                    for b in &bkg {
                        let bc = add_rows(b, &c.samples);
                        let g = &mut g_up[j];
                        j += 1;
                        for _ in 0..ESCAPE_ITERATIONS {
                            if !g.is_finite() {
                                break;
                            }
                            let h = signal_at(*g)?;
                            let g_new = limit(&add_rows(&h, &c.samples), &bc, &cfg.limit)?;
                            let done = (g_new / *g - 1.0).abs() < 1e-4;
                            *g = g_new;
                            if done {
                                break;
                            }
                        }
                    }
                }
                // the rho spectra and accepted counts at the last limit's coupling
                if let Some(&g_last) = g_up.last().filter(|g| g.is_finite()) {
                    let h = signal_at(g_last)?;
                    for i in 0..ns {
                        let (all, esc): (f64, f64) = (hs[i].iter().sum(), h[i].iter().sum());
                        if all > 0.0 {
                            nacc[i] *= esc / all;
                        }
                    }
                    hs = h;
                }
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
        n_sm: cfg.samples.iter().map(|s| s.muons_on_target).collect(),
        background: bkg,
        points,
    })
}
