//! Experiments as data: an experiment card (TOML, `cards/experiments/`) describes the beam,
//! the target, the muons on target, the selection, the background model and the statistics
//! of one muon fixed-target experiment; [`load`] checks it and gives the
//! [`ReachConfig`] that [`super::reach::scan`] runs. The paper's ATLAS analysis
//! (`atlas_gksst.toml`) is one such card; NA64mu and M3 are others.
//!
//! Target: for now one element with a thickness and a density (a thin one-element target:
//! N_X = N_mu n_T L sigma, [`super::luminosity::thin_target_luminosity_inv_nb`]); compounds
//! and energy loss will come with the materials of `models`. docs/physics.md, "Experiments as
//! data", lists every number of the committed cards with its source, and the numbers that
//! could not be found.
//!
//! ```
//! let cfg = mfc_validation::analysis::experiment::from_toml_str(
//!     r#"
//! name = "toy"
//! label = "toy"
//! [target]
//! element = "W"
//! thickness_radiation_lengths = 10
//! [[sample]]
//! name = "mu"
//! momentum_gev = 15.0
//! muons_on_target = 1e10
//! [selection]
//! p_out_max_gev = 7.5
//! [background]
//! model = "none"
//! "#,
//!     "toy.toml",
//!     std::path::Path::new("."),
//! )?;
//! assert_eq!(cfg.samples.len(), 1);
//! assert!((cfg.yields.dx_cm - 3.504).abs() < 1e-12); // 10 X0 of tungsten
//! # Ok::<(), mfc_validation::analysis::experiment::ExperimentError>(())
//! ```

pub mod card;

use super::background::ResolutionFunction;
use super::limits::{LimitConfig, LimitMethod};
use super::luminosity::{IntegratedLuminosity, muons_on_target};
use super::reach::{
    BackgroundModel, BackgroundScenario, Combination, ReachConfig, Sample, log_space,
};
use super::signal::SignalConfig;
use super::smearing::{InResolutionForm, Resolution};
use super::yields::YieldConfig;
use crate::histogram::uniform_edges;
use crate::spectrum::{Boson, spectrum_path};
use card::{ExperimentCard, SampleSection, SelectionSection};
use mfc_models::{CouplingModel, Target};
use mfcgen::beam::{BeamSpectrum, SpectrumCell};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The paper's ATLAS analysis card, compiled in (the default of `mfc-validate reach`).
pub const ATLAS_GKSST_CARD: &str = include_str!("../../../../cards/experiments/atlas_gksst.toml");

/// The rho range of the counting bin of an experiment without `rho_bins`: contains every
/// physical rho (-1 < rho < 0 before smearing).
pub const COUNTING_BIN: [f64; 2] = [-2.0, 2.0];

/// What can be wrong with an experiment card.
#[derive(Debug, Error)]
pub enum ExperimentError {
    /// The file cannot be read.
    #[error("cannot read experiment card {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// TOML syntax, an unknown field or a wrong type (TOML's message names the line).
    #[error("experiment card {origin}: {message}")]
    Parse {
        /// The file.
        origin: String,
        /// What TOML said, in the card's words.
        message: String,
    },
    /// A value outside its range or a missing or contradictory field.
    #[error("experiment card {origin}: `{field}` {problem}")]
    Invalid {
        /// The file.
        origin: String,
        /// The field path as written (`sample.muons_on_target`).
        field: String,
        /// What is wrong and what is allowed.
        problem: String,
    },
    /// The beam spectrum cannot be used.
    #[error("experiment card {origin}: `{field}`")]
    Beam {
        /// The file.
        origin: String,
        /// The field.
        field: String,
        /// The reader's error.
        source: mfcgen::beam::BeamError,
    },
}

/// Reads and checks an experiment card file; relative spectrum paths are relative to the
/// card's directory.
///
/// # Errors
/// [`ExperimentError`] naming the file and the field.
pub fn load(path: &Path) -> Result<ReachConfig, ExperimentError> {
    let text = std::fs::read_to_string(path).map_err(|source| ExperimentError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    from_toml_str(&text, &path.display().to_string(), dir)
}

/// The committed ATLAS card (GKSST Sec. IV).
///
/// # Errors
/// Only if the compiled-in card were invalid (a unit test checks it is not).
pub fn atlas_gksst() -> Result<ReachConfig, ExperimentError> {
    from_toml_str(
        ATLAS_GKSST_CARD,
        "cards/experiments/atlas_gksst.toml",
        Path::new("."),
    )
}

/// Parses and checks a card given as text; `origin` names it in errors, `dir` resolves
/// relative spectrum paths.
///
/// # Errors
/// [`ExperimentError`] naming `origin` and the field.
pub fn from_toml_str(text: &str, origin: &str, dir: &Path) -> Result<ReachConfig, ExperimentError> {
    let card: ExperimentCard = toml::from_str(text).map_err(|e| ExperimentError::Parse {
        origin: origin.to_string(),
        message: user_words(&e.to_string()),
    })?;
    Checker { origin }.build(&card, dir)
}

/// serde names Rust types; the user wrote tables and numbers.
fn user_words(message: &str) -> String {
    let mut m = message.trim_end().to_string();
    for (rust, user) in [
        ("expected f64", "expected a number"),
        ("expected usize", "expected a whole number >= 0"),
        ("expected u64", "expected a whole number >= 0"),
        ("expected u32", "expected a whole number >= 0"),
        ("struct ExperimentCard", "an experiment card"),
    ] {
        m = m.replace(rust, user);
    }
    m
}

struct Checker<'a> {
    origin: &'a str,
}

impl Checker<'_> {
    fn bad(&self, field: impl Into<String>, problem: impl Into<String>) -> ExperimentError {
        ExperimentError::Invalid {
            origin: self.origin.to_string(),
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// `v` finite and > 0 (or >= 0 with `allow_zero`).
    fn positive(&self, field: &str, v: f64, allow_zero: bool) -> Result<f64, ExperimentError> {
        if v.is_finite() && (v > 0.0 || allow_zero && v == 0.0) {
            Ok(v)
        } else {
            let what = if allow_zero {
                "finite and >= 0"
            } else {
                "finite and > 0"
            };
            Err(self.bad(field, format!("= {v} must be {what}")))
        }
    }

    fn key(&self, field: &str, v: &str) -> Result<(), ExperimentError> {
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if ok {
            Ok(())
        } else {
            Err(self.bad(
                field,
                format!("= \"{v}\": use letters, digits, '_' or '-' (it names files and columns)"),
            ))
        }
    }

    fn build(&self, c: &ExperimentCard, dir: &Path) -> Result<ReachConfig, ExperimentError> {
        self.key("name", &c.name)?;
        let mut yields = self.target(c)?;
        let ic = &c.integration;
        if !(ic.precision > 0.0 && ic.precision < 1.0) {
            return Err(self.bad(
                "integration.precision",
                format!("= {} must lie strictly between 0 and 1", ic.precision),
            ));
        }
        if ic.calls < 1000 || ic.max_iterations == 0 {
            return Err(self.bad(
                "integration.calls",
                "must be >= 1000 (and integration.max_iterations >= 1)",
            ));
        }
        yields.precision = ic.precision;
        yields.n_eval = usize::try_from(ic.calls).unwrap_or(usize::MAX);
        yields.adapt_iterations = ic.adapt_iterations;
        yields.max_iterations = ic.max_iterations;
        yields.seed = c.sampling.integration_seed;
        if c.samples.is_empty() {
            return Err(self.bad("sample", "is missing: give at least one [[sample]]"));
        }
        let mut samples = Vec::new();
        for s in &c.samples {
            self.key("sample.name", &s.name)?;
            if samples.iter().any(|x: &Sample| x.name == s.name) {
                return Err(self.bad("sample.name", format!("\"{}\" is given twice", s.name)));
            }
            samples.push(self.sample(s, dir)?);
        }
        let (signal, edges) = self.selection(&c.selection, c.sampling.points, c)?;
        let background = self.background(c, edges.len() - 1)?;
        let combinations = self.combinations(c, &samples)?;
        let limit = self.limit(c)?;
        let sc = &c.scan;
        if sc.mass_points < 2 || sc.mediators.is_empty() {
            return Err(self.bad(
                "scan.mass_points",
                "must be >= 2 (and scan.mediators non-empty)",
            ));
        }
        let lo = self.positive("scan.mass_min_gev", sc.mass_min_gev, false)?;
        let hi = self.positive("scan.mass_max_gev", sc.mass_max_gev, false)?;
        if hi <= lo {
            return Err(self.bad("scan.mass_max_gev", "must exceed scan.mass_min_gev"));
        }
        Ok(ReachConfig {
            name: c.name.clone(),
            label: c.label.clone(),
            masses: log_space(lo, hi, sc.mass_points),
            kinds: sc.mediators.clone(),
            yields,
            samples,
            signal,
            edges,
            background,
            combinations,
            limit,
            model: CouplingModel::Invisible,
            material: super::atlas_barrel::TargetMaterial::default(),
        })
    }

    fn target(&self, c: &ExperimentCard) -> Result<YieldConfig, ExperimentError> {
        let t = &c.target;
        let mut target = Target::by_name(&t.element)
            .map_err(|e| self.bad("target.element", format!("= \"{}\": {e}", t.element)))?;
        if let Some(d) = t.density_g_cm3 {
            target.density_g_cm3 = self.positive("target.density_g_cm3", d, false)?;
        }
        if !(target.density_g_cm3.is_finite() && target.density_g_cm3 > 0.0) {
            return Err(self.bad(
                "target.density_g_cm3",
                "is needed: the element has no catalogue density",
            ));
        }
        let dx_cm = match (t.thickness_cm, t.thickness_radiation_lengths) {
            (Some(cm), None) => self.positive("target.thickness_cm", cm, false)?,
            (None, Some(n)) => {
                let n = self.positive("target.thickness_radiation_lengths", n, false)?;
                if !target.radiation_length_cm.is_finite() {
                    return Err(self.bad(
                        "target.thickness_radiation_lengths",
                        "needs a catalogue element (its X0); give target.thickness_cm",
                    ));
                }
                n * target.radiation_length_cm
            }
            _ => {
                return Err(self.bad(
                    "target.thickness_cm",
                    "give exactly one of target.thickness_cm and target.thickness_radiation_lengths",
                ));
            }
        };
        Ok(YieldConfig {
            target,
            dx_cm,
            form_factor: t.form_factor,
            ..YieldConfig::default()
        })
    }

    fn sample(&self, s: &SampleSection, dir: &Path) -> Result<Sample, ExperimentError> {
        let beam_err = |field: &str, source| ExperimentError::Beam {
            origin: self.origin.to_string(),
            field: field.to_string(),
            source,
        };
        let beam = match (&s.boson, &s.spectrum, s.momentum_gev) {
            (Some(b), None, None) => {
                let boson = match b.trim().to_ascii_uppercase().as_str() {
                    "Z" => Boson::Z,
                    "W" => Boson::W,
                    _ => {
                        return Err(
                            self.bad("sample.boson", format!("= \"{b}\": use \"Z\" or \"W\""))
                        );
                    }
                };
                BeamSpectrum::load(&spectrum_path(boson))
                    .map_err(|e| beam_err("sample.boson", e))?
            }
            (None, Some(p), None) => {
                BeamSpectrum::load(&dir.join(p)).map_err(|e| beam_err("sample.spectrum", e))?
            }
            (None, None, Some(p)) => {
                let p = self.positive("sample.momentum_gev", p, false)?;
                let spread = self.positive(
                    "sample.momentum_spread_gev",
                    s.momentum_spread_gev.unwrap_or(0.0),
                    true,
                )?;
                gaussian_beam(p, spread).map_err(|e| beam_err("sample.momentum_gev", e))?
            }
            _ => {
                return Err(self.bad(
                    "sample",
                    format!(
                        "\"{}\": give exactly one of boson, spectrum and momentum_gev",
                        s.name
                    ),
                ));
            }
        };
        if s.momentum_spread_gev.is_some() && s.momentum_gev.is_none() {
            return Err(self.bad("sample.momentum_spread_gev", "needs sample.momentum_gev"));
        }
        let n_mu = match (
            s.muons_on_target,
            s.lhc_luminosity_inv_ab,
            s.fiducial_xsec_nb,
        ) {
            (Some(n), None, None) => self.positive("sample.muons_on_target", n, false)?,
            (None, Some(l), Some(x)) => {
                let l = self.positive("sample.lhc_luminosity_inv_ab", l, false)?;
                let x = self.positive("sample.fiducial_xsec_nb", x, false)?;
                let eff = s.fiducial_efficiency.unwrap_or(1.0);
                if !(eff > 0.0 && eff <= 1.0) {
                    return Err(self.bad(
                        "sample.fiducial_efficiency",
                        format!("= {eff} must lie in (0, 1]"),
                    ));
                }
                muons_on_target(IntegratedLuminosity::from_inv_ab(l), eff * x)
            }
            _ => {
                return Err(self.bad(
                    "sample.muons_on_target",
                    format!(
                        "\"{}\": give muons_on_target, or lhc_luminosity_inv_ab with fiducial_xsec_nb",
                        s.name
                    ),
                ));
            }
        };
        Ok(Sample {
            name: s.name.clone(),
            label: s.label.clone().unwrap_or_else(|| s.name.clone()),
            beam,
            muons_on_target: n_mu,
        })
    }

    fn selection(
        &self,
        sel: &SelectionSection,
        points: usize,
        c: &ExperimentCard,
    ) -> Result<(SignalConfig, Vec<f64>), ExperimentError> {
        let edges = match sel.rho_bins {
            Some(b) => {
                if b.n == 0 || !(b.lo.is_finite() && b.hi.is_finite() && b.hi > b.lo) {
                    return Err(self.bad("selection.rho_bins", "needs n >= 1 and finite lo < hi"));
                }
                uniform_edges(b.n, b.lo, b.hi)
            }
            None => COUNTING_BIN.to_vec(),
        };
        let resolution = match sel.resolution.as_deref().unwrap_or("none") {
            "gksst" => Resolution::gksst_relative(),
            "gksst-literal" => Resolution::gksst_literal(),
            "none" => Resolution {
                in_const: 0.0,
                in_slope_per_gev: 0.0,
                out_rel: 0.0,
                in_form: InResolutionForm::Relative,
            },
            other => {
                return Err(self.bad(
                    "selection.resolution",
                    format!("= \"{other}\": use \"gksst\", \"gksst-literal\" or \"none\""),
                ));
            }
        };
        let opt = |field: &str, v: Option<f64>, none: f64| -> Result<f64, ExperimentError> {
            v.map_or(Ok(none), |v| self.positive(field, v, false))
        };
        let efficiency = opt("selection.signal_efficiency", sel.signal_efficiency, 1.0)?;
        if efficiency > 1.0 {
            return Err(self.bad(
                "selection.signal_efficiency",
                format!("= {efficiency} must lie in (0, 1]"),
            ));
        }
        if points == 0 {
            return Err(self.bad("sampling.points", "must be >= 1"));
        }
        Ok((
            SignalConfig {
                resolution,
                theta_max: opt("selection.theta_max_rad", sel.theta_max_rad, f64::INFINITY)?,
                p_out_max: opt("selection.p_out_max_gev", sel.p_out_max_gev, f64::INFINITY)?,
                missing_energy_min: opt(
                    "selection.missing_energy_min_gev",
                    sel.missing_energy_min_gev,
                    f64::NEG_INFINITY,
                )?,
                efficiency,
                n_points: points,
                seed: c.sampling.signal_seed,
                escape: None,
            },
            edges,
        ))
    }

    fn background(
        &self,
        c: &ExperimentCard,
        bins: usize,
    ) -> Result<Vec<BackgroundScenario>, ExperimentError> {
        let b = &c.background;
        let unnamed = |model| {
            vec![BackgroundScenario {
                name: String::new(),
                label: String::new(),
                model,
            }]
        };
        match b.model.as_str() {
            "none" => Ok(unnamed(BackgroundModel::Fixed(0.0))),
            "fixed" => {
                let n = b.expected_events.ok_or_else(|| {
                    self.bad(
                        "background.expected_events",
                        "is needed for model = \"fixed\"",
                    )
                })?;
                let n = self.positive("background.expected_events", n, true)?;
                if bins != 1 {
                    return Err(self.bad(
                        "background.model",
                        "= \"fixed\" needs a single counting bin (no selection.rho_bins)",
                    ));
                }
                Ok(unnamed(BackgroundModel::Fixed(n)))
            }
            "resolution" => {
                let widths = b.widths.clone().ok_or_else(|| {
                    self.bad("background.widths", "is needed for model = \"resolution\"")
                })?;
                if b.cases.is_empty() {
                    return Err(self.bad(
                        "background.case",
                        "is missing: give at least one [[background.case]] with its weights",
                    ));
                }
                b.cases
                    .iter()
                    .map(|k| {
                        self.key("background.case.name", &k.name)?;
                        let r = ResolutionFunction::new(widths.clone(), k.weights.clone())
                            .map_err(|e| {
                                self.bad(format!("background.case \"{}\"", k.name), e.to_string())
                            })?;
                        Ok(BackgroundScenario {
                            name: k.name.clone(),
                            label: k.label.clone().unwrap_or_else(|| k.name.clone()),
                            model: BackgroundModel::Resolution(r),
                        })
                    })
                    .collect()
            }
            other => Err(self.bad(
                "background.model",
                format!("= \"{other}\": use \"resolution\", \"fixed\" or \"none\""),
            )),
        }
    }

    fn combinations(
        &self,
        c: &ExperimentCard,
        samples: &[Sample],
    ) -> Result<Vec<Combination>, ExperimentError> {
        if c.combinations.is_empty() {
            return Ok(vec![Combination {
                name: "all".into(),
                label: c.label.clone(),
                samples: (0..samples.len()).collect(),
                overlay: true,
            }]);
        }
        c.combinations
            .iter()
            .map(|k| {
                self.key("combination.name", &k.name)?;
                let idx = k
                    .samples
                    .iter()
                    .map(|n| {
                        samples.iter().position(|s| &s.name == n).ok_or_else(|| {
                            self.bad(
                                "combination.samples",
                                format!("names \"{n}\", which is no [[sample]] name"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if idx.is_empty() {
                    return Err(self.bad("combination.samples", "is empty"));
                }
                Ok(Combination {
                    name: k.name.clone(),
                    label: k.label.clone().unwrap_or_else(|| k.name.clone()),
                    samples: idx,
                    overlay: k.overlay.unwrap_or(true),
                })
            })
            .collect()
    }

    fn limit(&self, c: &ExperimentCard) -> Result<LimitConfig, ExperimentError> {
        let l = &c.limit;
        if !(l.confidence_level > 0.0 && l.confidence_level < 1.0) {
            return Err(self.bad(
                "limit.confidence_level",
                format!(
                    "= {} must lie strictly between 0 and 1 (e.g. 0.95)",
                    l.confidence_level
                ),
            ));
        }
        let method = match l.method.as_str() {
            "auto" => LimitMethod::Auto,
            "asymptotic" => LimitMethod::Asymptotic,
            "exact" => LimitMethod::Exact,
            other => {
                return Err(self.bad(
                    "limit.method",
                    format!("= \"{other}\": use \"auto\", \"asymptotic\" or \"exact\""),
                ));
            }
        };
        Ok(LimitConfig {
            confidence_level: l.confidence_level,
            method,
            ..LimitConfig::default()
        })
    }
}

/// A fixed beam of momentum `p` (GeV): a delta function, or for `spread` > 0 a Gaussian of
/// that standard deviation in 41 cells over +-4 sigma (probabilities = Gaussian integrals of
/// the cells, renormalised to the truncated range).
///
/// # Errors
/// [`mfcgen::beam::BeamError`] for an unusable momentum (e.g. the spread reaching p <= 0).
pub fn gaussian_beam(p: f64, spread: f64) -> Result<BeamSpectrum, mfcgen::beam::BeamError> {
    if spread == 0.0 {
        return BeamSpectrum::delta(p, 0.0);
    }
    let n: u32 = 41;
    let width = 8.0 * spread / f64::from(n);
    let edge = |i: u32| p - 4.0 * spread + width * f64::from(i);
    let cells = (0..n)
        .map(|i| {
            let (lo, hi) = (edge(i), edge(i + 1));
            let phi = |x: f64| crate::numerics::special::norm_cdf((x - p) / spread);
            SpectrumCell {
                p_lo: lo,
                p_hi: hi,
                eta_lo: 0.0,
                eta_hi: 0.0,
                probability: phi(hi) - phi(lo),
            }
        })
        .collect::<Vec<_>>();
    if cells[0].p_lo <= 0.0 {
        return Err(mfcgen::beam::BeamError::Invalid(format!(
            "momentum {p} GeV with spread {spread} GeV reaches p <= 0 within 4 sigma"
        )));
    }
    let total: f64 = cells.iter().map(|c| c.probability).sum();
    BeamSpectrum::from_cells(
        cells
            .into_iter()
            .map(|c| SpectrumCell {
                probability: c.probability / total,
                ..c
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
