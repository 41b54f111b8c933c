//! Signal yields N_X of GKSST Eqs. (4)-(5): N_X = L_FT sigma_T Integral dp deta A P_in, with the
//! cross section folded with the committed W/Z muon spectra ([`mfcgen::beam::FoldedProcess`]).
//!
//! Here the acceptance A is 1 (the spectra already contain only barrel muons, GKSST Eq. (6));
//! the ID-MS angle cut is applied in [`super::signal`]. The fiducial cross sections are
//! sigma_fid = epsilon x sigma_ATLAS (GKSST Eqs. (7)-(8)): 0.50 x 0.78 = 0.39 nb (Z) and
//! 0.44 x 8.0 = 3.52 nb (W).

use super::luminosity::{IntegratedLuminosity, fixed_target_luminosity_inv_nb};
use super::{AnalysisError, kind_letter};
use crate::spectrum::{Boson, spectrum_path};
use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};
use mfcgen::beam::{AtlasSource, BeamSpectrum, DetectorGeometry, FoldedProcess};
use mfcgen::card::{IntegrationCard, ValidatedCard};
use mfcgen::phase_space::Mapping;
use mfcgen::run::Source;
use mfcgen::vegas::Vegas;
use serde::Serialize;

/// GKSST's order-of-magnitude yields N_X/g^2 at m_X = 16, 126, 1000 MeV (text below Eq. (10)).
pub const GKSST_YIELDS: [(f64, f64); 3] = [(0.016, 1e8), (0.126, 1e7), (1.0, 1e5)];

/// Errors of the yield and reach computations.
#[derive(Debug, thiserror::Error)]
pub enum YieldError {
    /// Analysis numerics.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// Spectrum or folding.
    #[error(transparent)]
    Beam(#[from] mfcgen::beam::BeamError),
    /// Integration.
    #[error(transparent)]
    Vegas(#[from] mfcgen::vegas::VegasError),
    /// Model parameters.
    #[error(transparent)]
    Model(#[from] mfc_models::ModelError),
    /// Binning of the signal histogram.
    #[error(transparent)]
    Histogram(#[from] crate::histogram::HistogramError),
    /// A run card that cannot be used for the analysis.
    #[error("{0}")]
    Card(String),
    /// Reading a committed table or writing an output file (the cause is the source, not
    /// repeated in the message).
    #[error("cannot {action} {}", .path.display())]
    Io {
        /// "read", "write" or "create the directory".
        action: &'static str,
        /// The file or directory.
        path: std::path::PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The decay model of X (the reach with decays).
    #[error(transparent)]
    Decay(#[from] mfc_models::DecayError),
    /// The ATLAS barrel model (`--material atlas-barrel`).
    #[error(transparent)]
    Barrel(#[from] super::atlas_barrel::AtlasError),
}

impl YieldError {
    /// An I/O error on `path` while doing `action` ("read", "write", ...).
    #[must_use]
    pub fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Setup of the yield computation.
#[derive(Debug, Clone)]
pub struct YieldConfig {
    /// LHC integrated luminosity (3 ab^-1).
    pub l_lhc: IntegratedLuminosity,
    /// Target (Cu-63).
    pub target: Target,
    /// Thickness Delta x in cm (253 cm, GKSST Eq. (4)).
    pub dx_cm: f64,
    /// Nuclear form factor.
    pub form_factor: FormFactorKind,
    /// Relative precision of the folded cross sections.
    pub precision: f64,
    /// VEGAS evaluations per iteration.
    pub n_eval: usize,
    /// Grid-training iterations of each folded cross section (4).
    pub adapt_iterations: u32,
    /// Maximum number of iterations after training (30); stops once `precision` is reached.
    pub max_iterations: u32,
    /// Seed.
    pub seed: u64,
}

impl Default for YieldConfig {
    fn default() -> Self {
        Self {
            l_lhc: IntegratedLuminosity::from_inv_ab(3.0),
            target: Target::copper(),
            dx_cm: 253.0,
            form_factor: FormFactorKind::Elastic,
            precision: 1e-2,
            n_eval: 20_000,
            adapt_iterations: 4,
            max_iterations: 30,
            seed: 1,
        }
    }
}

impl YieldConfig {
    /// sigma_fid in nb of a boson (GKSST Eqs. (7)-(8)).
    #[must_use]
    pub fn sigma_fid_nb(boson: Boson) -> f64 {
        boson.gksst_efficiency() * boson.atlas_fiducial_xsec_nb()
    }

    /// L_FT in nb^-1 (GKSST Eq. (4)) with the target's mass number and density.
    ///
    /// # Errors
    /// As [`fixed_target_luminosity_inv_nb`].
    pub fn luminosity_inv_nb(&self, boson: Boson) -> Result<f64, AnalysisError> {
        fixed_target_luminosity_inv_nb(
            self.l_lhc,
            Self::sigma_fid_nb(boson),
            f64::from(self.target.a),
            self.target.density_g_cm3,
            self.dx_cm,
        )
    }

    /// Number of SM muons N_mu = L_LHC sigma_fid (GKSST below Eq. (4)).
    #[must_use]
    pub fn n_sm(&self, boson: Boson) -> f64 {
        super::luminosity::muons_on_target(self.l_lhc, Self::sigma_fid_nb(boson))
    }

    /// Takes a run card's target, form factor and seed (its mediator, mass and beam do not
    /// apply: the analysis scans masses for S and V with the W/Z spectra); `mfc-validate
    /// --card` and the Python `yields`/`reach` come here.
    ///
    /// # Errors
    /// [`YieldError::Card`] if the card's target has no density (needed for L_FT).
    pub fn apply_card(&mut self, card: &ValidatedCard) -> Result<(), YieldError> {
        if !(card.target.density_g_cm3.is_finite() && card.target.density_g_cm3 > 0.0) {
            return Err(YieldError::Card(format!(
                "run card {}: target.name = \"{}\" has no density, needed for L_FT (GKSST Eq. 4); use a catalogue target",
                card.card.origin(),
                card.card.target.name
            )));
        }
        self.target = card.target.clone();
        self.form_factor = card.form_factor;
        self.seed = card.card.generation.seed;
        Ok(())
    }

    /// The run card's `[integration]` section equivalent to these settings.
    #[must_use]
    pub fn integration(&self) -> IntegrationCard {
        IntegrationCard {
            precision: self.precision,
            calls: self.n_eval as u64,
            adapt_iterations: self.adapt_iterations,
            max_iterations: self.max_iterations,
        }
    }
}

/// The committed spectrum of a boson, read by the generator's reader.
///
/// # Errors
/// [`YieldError::Beam`] if the file is missing or malformed.
pub fn committed_beam(boson: Boson) -> Result<BeamSpectrum, YieldError> {
    Ok(BeamSpectrum::load(&spectrum_path(boson))?)
}

/// Folded cross section (pb, with error) for g = 1 and the adapted integrator.
///
/// # Errors
/// Integration or model errors.
pub fn folded_cross_section(
    kind: MediatorKind,
    m_x: f64,
    beam: &BeamSpectrum,
    cfg: &YieldConfig,
) -> Result<(f64, f64, FoldedProcess, Vegas), YieldError> {
    let med = Mediator::new(kind, m_x, 1.0)?;
    let folded = FoldedProcess::new(
        &med,
        &cfg.target,
        cfg.form_factor,
        beam.clone(),
        Mapping::Standard,
    )?;
    let source = Source::Folded(AtlasSource {
        folded: folded.clone(),
        geometry: DetectorGeometry::default(),
    });
    let settings = mfcgen::run::vegas_settings_of(&cfg.integration(), cfg.seed);
    let (v, e) = source.integrate(settings, &mut |_| {})?;
    Ok((e.mean, e.sdev, folded, v))
}

/// One row of the yield table.
#[derive(Debug, Clone, Serialize)]
pub struct YieldRow {
    /// "S" or "V".
    pub mediator: String,
    /// m_X in GeV.
    pub m_x_gev: f64,
    /// Folded sigma for Z muons (pb, g = 1).
    pub sigma_z_pb: f64,
    /// Its error.
    pub sigma_z_err_pb: f64,
    /// Folded sigma for W muons (pb, g = 1).
    pub sigma_w_pb: f64,
    /// Its error.
    pub sigma_w_err_pb: f64,
    /// N_X/g^2 from Z muons.
    pub n_z: f64,
    /// N_X/g^2 from W muons.
    pub n_w: f64,
    /// Sum.
    pub n_sum: f64,
    /// GKSST's value (if quoted at this mass).
    pub n_gksst: Option<f64>,
}

/// The yield table.
#[derive(Debug, Clone, Serialize)]
pub struct YieldTable {
    /// L_FT for Z muons (nb^-1).
    pub l_ft_z_inv_nb: f64,
    /// L_FT for W muons (nb^-1).
    pub l_ft_w_inv_nb: f64,
    /// Rows.
    pub rows: Vec<YieldRow>,
}

/// N_X/g^2 = L_FT (nb^-1) x sigma (pb) x 1e-3 (GKSST Eq. (5), A = 1).
#[must_use]
pub fn yield_per_g2(l_ft_inv_nb: f64, sigma_pb: f64) -> f64 {
    l_ft_inv_nb * sigma_pb * 1e-3
}

/// Computes the table for S and V at `masses` (GeV).
///
/// # Errors
/// Spectrum, integration or luminosity errors.
pub fn yield_table(cfg: &YieldConfig, masses: &[f64]) -> Result<YieldTable, YieldError> {
    yield_table_with_progress(cfg, masses, &mut |_, _| {})
}

/// As [`yield_table`], calling `progress(done, total)` after each folded cross section
/// (total = 2 mediators x 2 bosons x masses).
///
/// # Errors
/// As [`yield_table`].
pub fn yield_table_with_progress(
    cfg: &YieldConfig,
    masses: &[f64],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<YieldTable, YieldError> {
    let total = 4 * masses.len();
    let mut done = 0;
    let bz = committed_beam(Boson::Z)?;
    let bw = committed_beam(Boson::W)?;
    let lz = cfg.luminosity_inv_nb(Boson::Z)?;
    let lw = cfg.luminosity_inv_nb(Boson::W)?;
    let mut rows = Vec::new();
    for kind in [MediatorKind::Scalar, MediatorKind::Vector] {
        for &m in masses {
            let (sz, ez, _, _) = folded_cross_section(kind, m, &bz, cfg)?;
            done += 1;
            progress(done, total);
            let (sw, ew, _, _) = folded_cross_section(kind, m, &bw, cfg)?;
            done += 1;
            progress(done, total);
            let (n_z, n_w) = (yield_per_g2(lz, sz), yield_per_g2(lw, sw));
            rows.push(YieldRow {
                mediator: kind_letter(kind).into(),
                m_x_gev: m,
                sigma_z_pb: sz,
                sigma_z_err_pb: ez,
                sigma_w_pb: sw,
                sigma_w_err_pb: ew,
                n_z,
                n_w,
                n_sum: n_z + n_w,
                n_gksst: GKSST_YIELDS
                    .iter()
                    .find(|(mm, _)| (mm - m).abs() < 1e-9)
                    .map(|x| x.1),
            });
        }
    }
    Ok(YieldTable {
        l_ft_z_inv_nb: lz,
        l_ft_w_inv_nb: lw,
        rows,
    })
}

impl YieldTable {
    /// Human-readable table.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "L_FT (GKSST Eq. 4, 3 ab^-1, Cu 253 cm): Z {:.2} nb^-1, W {:.2} nb^-1\n\
             {:>3} {:>8} {:>12} {:>12} {:>11} {:>11} {:>11} {:>9} {:>9}\n",
            self.l_ft_z_inv_nb,
            self.l_ft_w_inv_nb,
            "X",
            "m_X/GeV",
            "sigma_Z/pb",
            "sigma_W/pb",
            "N_Z/g^2",
            "N_W/g^2",
            "N_sum/g^2",
            "GKSST",
            "sum/GKSST"
        );
        for r in &self.rows {
            let (g, ratio) = r.n_gksst.map_or(("-".to_string(), "-".to_string()), |g| {
                (format!("{g:.0e}"), format!("{:.2}", r.n_sum / g))
            });
            s += &format!(
                "{:>3} {:>8.3} {:>12.4e} {:>12.4e} {:>11.3e} {:>11.3e} {:>11.3e} {:>9} {:>9}\n",
                r.mediator, r.m_x_gev, r.sigma_z_pb, r.sigma_w_pb, r.n_z, r.n_w, r.n_sum, g, ratio
            );
        }
        s
    }
}
