//! The experiment card as written in TOML (`cards/experiments/*.toml`): plain serde types,
//! every field named as in the file; [`super::from_toml_str`] checks them and builds
//! the [`super::super::reach::ReachConfig`].

use mfc_models::{FormFactorKind, MediatorKind};
use mfcgen::card::IntegrationCard;
use serde::Deserialize;
use std::path::PathBuf;

/// A whole experiment card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentCard {
    /// Short key used in file names (`reach_{name}_{S,V}.csv`): letters, digits, `_`, `-`.
    pub name: String,
    /// Legend label (matplotlib mathtext allowed, e.g. `$10^{10}$`).
    pub label: String,
    /// The target.
    pub target: TargetSection,
    /// Muon samples: one beam and its number of muons on target each.
    #[serde(rename = "sample")]
    pub samples: Vec<SampleSection>,
    /// Signal selection.
    #[serde(default)]
    pub selection: SelectionSection,
    /// Background model.
    pub background: BackgroundSection,
    /// Sets of samples whose signals and backgrounds are added for one limit; default: one
    /// combination `all` of every sample.
    #[serde(rename = "combination", default)]
    pub combinations: Vec<CombinationSection>,
    /// Statistical method.
    #[serde(default)]
    pub limit: LimitSection,
    /// Masses and mediators.
    #[serde(default)]
    pub scan: ScanSection,
    /// VEGAS settings of each folded cross section (the run card's `[integration]`).
    #[serde(default)]
    pub integration: IntegrationCard,
    /// Signal sampling.
    #[serde(default)]
    pub sampling: SamplingSection,
}

/// `[target]`: a thin target of one element (materials will plug in here).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSection {
    /// Element as in the run cards (`Cu`, `W`, `Pb`, ...; [`mfc_models::Target::by_name`]).
    pub element: String,
    /// Thickness in cm (give this or `thickness_radiation_lengths`).
    pub thickness_cm: Option<f64>,
    /// Thickness in radiation lengths of the element (PDG X0 of the catalogue).
    pub thickness_radiation_lengths: Option<f64>,
    /// Density in g/cm^3; default: the catalogue's.
    pub density_g_cm3: Option<f64>,
    /// Photon-nucleus form factor (run-card names); default elastic.
    #[serde(default = "elastic")]
    pub form_factor: FormFactorKind,
}

fn elastic() -> FormFactorKind {
    FormFactorKind::Elastic
}

/// `[[sample]]`: one beam with its muons on target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleSection {
    /// Key in column names (`sigma_{name}_pb`).
    pub name: String,
    /// Legend label; default the name.
    pub label: Option<String>,
    /// The committed W/Z muon spectrum of the paper (`"Z"` or `"W"`).
    pub boson: Option<String>,
    /// A spectrum file (`mfc-validate spectrum` format), relative to the card's directory.
    pub spectrum: Option<PathBuf>,
    /// A fixed beam momentum in GeV.
    pub momentum_gev: Option<f64>,
    /// Gaussian spread (one standard deviation) of the fixed beam momentum in GeV.
    pub momentum_spread_gev: Option<f64>,
    /// Muons on target (give this, or the LHC luminosity and fiducial cross section).
    pub muons_on_target: Option<f64>,
    /// LHC integrated luminosity in ab^-1 (N_mu = L sigma_fid, GKSST below Eq. (4)).
    pub lhc_luminosity_inv_ab: Option<f64>,
    /// Fiducial cross section of the muon source in nb.
    pub fiducial_xsec_nb: Option<f64>,
    /// Efficiency multiplying the fiducial cross section (GKSST Eqs. (7)-(8)); default 1.
    pub fiducial_efficiency: Option<f64>,
}

/// `[selection]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionSection {
    /// Uniform rho bins of a shape analysis; default one counting bin containing every
    /// physical rho.
    pub rho_bins: Option<RhoBins>,
    /// Largest angle between outgoing and incoming muon in rad (GKSST: 0.1); default none.
    pub theta_max_rad: Option<f64>,
    /// Largest accepted outgoing muon momentum in GeV; default none.
    pub p_out_max_gev: Option<f64>,
    /// Smallest accepted missing energy E_in - E_out in GeV; default none.
    pub missing_energy_min_gev: Option<f64>,
    /// Momentum smearing: `gksst` (physics.md Sec. 6 reading), `gksst-literal`, `none`
    /// (default).
    pub resolution: Option<String>,
    /// Signal efficiency in (0, 1]; default 1.
    pub signal_efficiency: Option<f64>,
}

/// `rho_bins = { n = 60, lo = -1.2, hi = 0.6 }`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RhoBins {
    /// Number of bins.
    pub n: usize,
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
}

/// `[background]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundSection {
    /// `resolution` (N_SM R(rho) per bin, GKSST Eq. (9)), `fixed` or `none`.
    pub model: String,
    /// Gaussian widths of R(rho) (model `resolution`).
    pub widths: Option<Vec<f64>>,
    /// Expected background events in the signal region (model `fixed`).
    pub expected_events: Option<f64>,
    /// The cases of R(rho) (model `resolution`), one limit each.
    #[serde(rename = "case", default)]
    pub cases: Vec<BackgroundCaseSection>,
}

/// `[[background.case]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundCaseSection {
    /// Key in column names (`g_up_zw_{name}`).
    pub name: String,
    /// Legend label; default the name.
    pub label: Option<String>,
    /// Weights c_i of the Gaussians.
    pub weights: Vec<f64>,
}

/// `[[combination]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinationSection {
    /// Key in column names.
    pub name: String,
    /// Legend label; default the name.
    pub label: Option<String>,
    /// Names of the samples added.
    pub samples: Vec<String>,
    /// Whether the experiment overlay shows this combination (default true).
    pub overlay: Option<bool>,
}

/// `[limit]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSection {
    /// Confidence level of the CLs upper limit (0.95 as GKSST; 0.90 for experiments that
    /// quote it).
    #[serde(default = "cl95")]
    pub confidence_level: f64,
    /// `auto` (default), `asymptotic` or `exact`.
    #[serde(default = "auto")]
    pub method: String,
}

fn cl95() -> f64 {
    0.95
}

fn auto() -> String {
    "auto".into()
}

impl Default for LimitSection {
    fn default() -> Self {
        Self {
            confidence_level: cl95(),
            method: auto(),
        }
    }
}

/// `[scan]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanSection {
    /// Mediators (`scalar`, `vector`, `pseudoscalar`, `axial`).
    #[serde(default = "s_and_v")]
    pub mediators: Vec<MediatorKind>,
    /// Number of log-spaced masses (>= 2).
    #[serde(default = "points25")]
    pub mass_points: usize,
    /// Lightest mass in GeV.
    #[serde(default = "m_lo")]
    pub mass_min_gev: f64,
    /// Heaviest mass in GeV.
    #[serde(default = "m_hi")]
    pub mass_max_gev: f64,
}

fn s_and_v() -> Vec<MediatorKind> {
    vec![MediatorKind::Scalar, MediatorKind::Vector]
}
fn points25() -> usize {
    25
}
fn m_lo() -> f64 {
    1e-3
}
fn m_hi() -> f64 {
    3.0
}

impl Default for ScanSection {
    fn default() -> Self {
        Self {
            mediators: s_and_v(),
            mass_points: points25(),
            mass_min_gev: m_lo(),
            mass_max_gev: m_hi(),
        }
    }
}

/// `[sampling]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplingSection {
    /// Weighted points per rho histogram.
    #[serde(default = "points")]
    pub points: usize,
    /// Seed of the VEGAS integrations.
    #[serde(default = "one")]
    pub integration_seed: u64,
    /// Seed of the signal sampling streams.
    #[serde(default = "seven")]
    pub signal_seed: u64,
}

fn points() -> usize {
    200_000
}
fn one() -> u64 {
    1
}
fn seven() -> u64 {
    7
}

impl Default for SamplingSection {
    fn default() -> Self {
        Self {
            points: points(),
            integration_seed: one(),
            signal_seed: seven(),
        }
    }
}
