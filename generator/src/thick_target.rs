//! Thick targets: the expected number of X per incoming muon through a slab of a material,
//! with the muon's mean energy loss along the way (docs/physics.md Sec. 9).
//!
//!   N_X / N_mu = integral_0^L dx sum_i n_i sigma_i(E(x)),
//!
//! n_i the atoms of element i per cm^3 ([`Material::atoms_per_cm3`]), sigma_i the cross section
//! on element i's nucleus (its own Z, A, mass and form factor; the same VEGAS integration as
//! `mfcgen integrate`), E(x) the CSDA energy at depth x ([`mfc_models::material::depth`]).
//! sigma_i is integrated at `energy_nodes` energies log-spaced between the exit and the entry
//! energy and interpolated linearly in (ln E, ln sigma); the depth integral is the trapezoid
//! rule on the RK4 profile. The interpolation error is measured on the dominant element at the
//! largest gap (an extra integration at its log-midpoint) and reported.

use crate::card::ValidatedCard;
use crate::phase_space::Mapping;
use crate::process::Process;
use crate::run::{RunError, Source, vegas_settings};
use crate::vegas::{Estimate, VegasSettings};
use mfc_models::constants::PB_TO_CM2;
use mfc_models::material::{Material, depth};
use mfc_models::{FormFactorKind, Mediator, Target};

/// How the thick-target integral is evaluated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThickTargetSettings {
    /// Thickness L in cm.
    pub thickness_cm: f64,
    /// Follow the muon's energy loss (off: sigma at the entry energy over the whole slab).
    pub energy_loss: bool,
    /// Energies at which each element's sigma is integrated (>= 2; with energy loss).
    pub energy_nodes: usize,
    /// RK4 steps of the depth profile (and trapezoid intervals of the depth integral).
    pub depth_steps: usize,
    /// Measure the interpolation error with one more integration.
    pub check_interpolation: bool,
}

impl ThickTargetSettings {
    /// Defaults for a thickness: energy loss on, 5 energy nodes, 400 depth steps, checked.
    #[must_use]
    pub fn new(thickness_cm: f64) -> Self {
        Self {
            thickness_cm,
            energy_loss: true,
            energy_nodes: 5,
            depth_steps: 400,
            check_interpolation: true,
        }
    }
}

/// One element's share of the yield.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementYield {
    /// Element symbol.
    pub symbol: String,
    /// Z.
    pub z: u32,
    /// Mass number of the generated nucleus.
    pub a: u32,
    /// Standard atomic weight (g/mol).
    pub molar_mass_g_mol: f64,
    /// Atoms per cm^3.
    pub atoms_per_cm3: f64,
    /// sigma at the entry energy (pb, for the card's coupling) with its error.
    pub sigma_pb: f64,
    /// Its VEGAS error.
    pub sigma_error_pb: f64,
    /// This element's X per muon.
    pub x_per_muon: f64,
    /// (energy in GeV, sigma in pb) at the nodes.
    pub nodes: Vec<(f64, f64)>,
}

/// The yield of a slab.
#[derive(Debug, Clone, PartialEq)]
pub struct ThickTargetYield {
    /// Material name.
    pub material: String,
    /// Density (g/cm^3).
    pub density_g_cm3: f64,
    /// Thickness (cm).
    pub thickness_cm: f64,
    /// Whether the energy loss was followed.
    pub energy_loss: bool,
    /// Entry energy (GeV).
    pub entry_energy_gev: f64,
    /// Mean exit energy (GeV).
    pub exit_energy_gev: f64,
    /// Entry minus exit energy (GeV).
    pub mean_energy_loss_gev: f64,
    /// Expected X per muon.
    pub x_per_muon: f64,
    /// Its statistical error (the elements' relative VEGAS errors, largest over the nodes,
    /// added in quadrature; conservative).
    pub x_per_muon_error: f64,
    /// Relative error of the ln E interpolation measured at one midpoint (None if not
    /// checked or not needed).
    pub interpolation_error: Option<f64>,
    /// Per element.
    pub elements: Vec<ElementYield>,
    /// Mean muon energy (GeV) at depths 0, L/steps, ..., L (the RK4 profile).
    pub profile: Vec<f64>,
}

/// sigma (pb) on `target` at beam energy `energy` (GeV) with the card's mediator, form factor
/// and integration settings; 0 if the process is closed there.
///
/// # Errors
/// [`RunError::Vegas`] if the integration fails.
pub fn sigma_on(card: &ValidatedCard, target: &Target, energy: f64) -> Result<Estimate, RunError> {
    sigma_with(
        &card.mediator,
        card.form_factor,
        vegas_settings(card),
        target,
        energy,
    )
}

/// sigma (pb) on `target` at beam energy `energy` (GeV) for explicit models and VEGAS
/// settings (what [`sigma_on`] does with a card's); 0 if the process is closed there.
///
/// # Errors
/// [`RunError::Vegas`] if the integration fails.
pub fn sigma_with(
    mediator: &Mediator,
    form_factor: FormFactorKind,
    settings: VegasSettings,
    target: &Target,
    energy: f64,
) -> Result<Estimate, RunError> {
    let Some(p) = Process::new(mediator, target, form_factor, energy, Mapping::Standard) else {
        return Ok(Estimate {
            mean: 0.0,
            sdev: 0.0,
            chi2_dof: 0.0,
            n_iter: 0,
            n_eval: 0,
        });
    };
    let (_, e) = Source::Fixed(p).integrate(settings, &mut |_| {})?;
    Ok(e)
}

/// Linear interpolation in (ln E, ln sigma) on ascending `nodes` (linear in sigma next to a
/// zero node, i.e. near a threshold).
#[must_use]
pub fn interpolate(nodes: &[(f64, f64)], energy: f64) -> f64 {
    match nodes {
        [] => 0.0,
        [only] => only.1,
        _ => {
            let i = nodes
                .windows(2)
                .position(|w| energy <= w[1].0)
                .unwrap_or(nodes.len() - 2);
            let ((e0, s0), (e1, s1)) = (nodes[i], nodes[i + 1]);
            let f = ((energy / e0).ln() / (e1 / e0).ln()).clamp(0.0, 1.0);
            if s0 > 0.0 && s1 > 0.0 {
                (s0.ln() + f * (s1 / s0).ln()).exp()
            } else {
                s0 + f * (s1 - s0)
            }
        }
    }
}

/// Expected X per muon of one element along an energy profile: the trapezoid rule for
/// integral n sigma(E(x)) dx, with `profile` the energies at depths 0, dx, 2 dx, ..., `n` the
/// atoms per cm^3 and sigma (pb) interpolated on `nodes` ([`interpolate`]).
#[must_use]
pub fn depth_integral(profile: &[f64], dx: f64, n: f64, nodes: &[(f64, f64)]) -> f64 {
    let s: Vec<f64> = profile.iter().map(|&e| interpolate(nodes, e)).collect();
    match s.as_slice() {
        [] | [_] => 0.0,
        [first, .., last] => dx * (s.iter().sum::<f64>() - 0.5 * (first + last)) * n * PB_TO_CM2,
    }
}

/// Log-spaced energies from `lo` to `hi` (ascending, both included).
#[must_use]
pub fn log_nodes(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n)
        .map(|k| {
            if k == n - 1 {
                hi
            } else {
                lo * (hi / lo).powf(k as f64 / (n - 1) as f64)
            }
        })
        .collect()
}

/// The expected number of X per muon of the card's beam and mediator through
/// `settings.thickness_cm` of `material`.
///
/// # Errors
/// [`RunError::Unsupported`] for a beam-spectrum card (a fixed beam energy is needed),
/// [`RunError::Vegas`] if an integration fails.
pub fn thick_target_yield(
    card: &ValidatedCard,
    material: &Material,
    settings: &ThickTargetSettings,
) -> Result<ThickTargetYield, RunError> {
    if card.spectrum.is_some() {
        return Err(RunError::Unsupported(
            "a thick-target yield needs a fixed beam energy (beam.energy), not beam.spectrum"
                .to_string(),
        ));
    }
    let e_in = card.beam_energy;
    let steps = settings.depth_steps.max(1);
    let profile = if settings.energy_loss {
        depth::energy_profile(material, e_in, settings.thickness_cm, steps)
    } else {
        vec![e_in; steps + 1]
    };
    let e_out = profile.last().copied().unwrap_or(e_in);
    let energies = if e_in - e_out > 1e-9 * e_in {
        log_nodes(e_out, e_in, settings.energy_nodes)
    } else {
        vec![e_in]
    };
    let dx = settings.thickness_cm / steps as f64;
    let mut elements = Vec::new();
    let mut var = 0.0;
    for (element, n) in material.atoms_per_cm3() {
        let target = element.target();
        let mut nodes = Vec::with_capacity(energies.len());
        let mut rel_err: f64 = 0.0;
        let mut at_entry = None;
        for &e in &energies {
            let est = sigma_on(card, &target, e)?;
            if est.mean > 0.0 {
                rel_err = rel_err.max(est.sdev / est.mean);
            }
            nodes.push((e, est.mean));
            at_entry = Some(est);
        }
        let integral = depth_integral(&profile, dx, n, &nodes);
        var += (integral * rel_err).powi(2);
        let entry = at_entry.unwrap_or_else(|| unreachable!("at least one node"));
        elements.push(ElementYield {
            symbol: element.symbol.to_string(),
            z: element.z,
            a: element.isotope_a,
            molar_mass_g_mol: element.molar_mass_g_mol,
            atoms_per_cm3: n,
            sigma_pb: entry.mean,
            sigma_error_pb: entry.sdev,
            x_per_muon: integral,
            nodes,
        });
    }
    let interpolation_error = if settings.check_interpolation && energies.len() > 1 {
        interpolation_check(card, material, &elements)?
    } else {
        None
    };
    Ok(ThickTargetYield {
        material: material.name.clone(),
        density_g_cm3: material.density_g_cm3,
        thickness_cm: settings.thickness_cm,
        energy_loss: settings.energy_loss,
        entry_energy_gev: e_in,
        exit_energy_gev: e_out,
        mean_energy_loss_gev: e_in - e_out,
        x_per_muon: elements.iter().map(|e| e.x_per_muon).sum(),
        x_per_muon_error: var.sqrt(),
        interpolation_error,
        elements,
        profile,
    })
}

/// Relative difference between the interpolated and the integrated sigma of the dominant
/// element at the log-midpoint of its widest node gap.
fn interpolation_check(
    card: &ValidatedCard,
    material: &Material,
    elements: &[ElementYield],
) -> Result<Option<f64>, RunError> {
    let Some(top) = elements
        .iter()
        .max_by(|a, b| a.x_per_muon.total_cmp(&b.x_per_muon))
    else {
        return Ok(None);
    };
    let Some(w) = top
        .nodes
        .windows(2)
        .max_by(|a, b| (a[1].0 / a[0].0).total_cmp(&(b[1].0 / b[0].0)))
    else {
        return Ok(None);
    };
    let mid = (w[0].0 * w[1].0).sqrt();
    let element = material
        .components()
        .iter()
        .find(|c| c.element.symbol == top.symbol)
        .map(|c| c.element);
    let Some(element) = element else {
        return Ok(None);
    };
    let direct = sigma_on(card, &element.target(), mid)?.mean;
    Ok((direct > 0.0).then(|| interpolate(&top.nodes, mid) / direct - 1.0))
}
