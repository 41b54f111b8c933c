//! The WW prediction of d sigma/dx for a sample (physics.md Sec. 5, [`crate::crosscheck::ww`]).
//!
//! The setup is taken from the events: beam energy (beam muon), mediator mass (X mass), target
//! (nucleus id 10LZZZAAAI -> Z, A, looked up by Z in the models catalogue, else a custom
//! target with the nucleus mass of the file); mediator kind, coupling and form factor from the
//! mfcgen run card in the header, overridable (and required for other generators' files) by
//! a [`WwRequest`].

use super::{Binning, CompareError, Comparison, HistComparison, Observable, Reference, Sample};
use crate::crosscheck::ww::{self, Approximation, WwSetup};
use crate::histogram::Histogram1D;
use crate::numerics::quadrature;
use mfc_models::constants::{AMU, M_E};
use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};

/// Relative tolerance of the per-bin x integrals.
const BIN_REL_TOL: f64 = 1e-6;

/// What the user asks for; `None` fields come from the file.
#[derive(Debug, Clone, Default)]
pub struct WwRequest {
    /// Which approximation (WW, IWW, HIWW).
    pub approximation: Option<Approximation>,
    /// Mediator kind (else the header's run card).
    pub kind: Option<MediatorKind>,
    /// Coupling g (else the header's run card).
    pub coupling: Option<f64>,
    /// Form factor (else the header's run card, else elastic).
    pub form_factor: Option<FormFactorKind>,
    /// Target name as in `Target::by_name` (else from the nucleus id).
    pub target: Option<String>,
}

/// The WW prediction used as reference.
#[derive(Debug, Clone)]
pub struct WwReference {
    /// The approximation.
    pub approximation: Approximation,
    /// The setup it was evaluated for.
    pub setup: WwSetup,
    /// Total WW cross section (pb).
    pub sigma_pb: f64,
}

/// The target of a sample: `name` if given, else by Z from the nucleus id (catalogue entry
/// with that Z, preferring the same A; else a custom target with the file's nucleus mass
/// plus Z electron masses, physics.md Sec. 1).
///
/// # Errors
/// [`CompareError::Setup`] without nucleus id and name; [`CompareError::Model`] for a bad one.
pub fn target_of(info: &super::SampleInfo, name: Option<&str>) -> Result<Target, CompareError> {
    if let Some(n) = name {
        return Ok(Target::by_name(n)?);
    }
    let (z, a) = info.nucleus_z_a().ok_or_else(|| {
        CompareError::Setup(format!(
            "{}: no nucleus with a 10LZZZAAAI id in the events (give --target)",
            info.path.display()
        ))
    })?;
    let catalogue: Vec<Target> = Target::catalogue_names()
        .into_iter()
        .filter_map(|n| Target::by_name(n).ok())
        .filter(|t| t.z == z)
        .collect();
    if let Some(t) = catalogue.iter().find(|t| t.a == a).or(catalogue.first()) {
        return Ok(t.clone());
    }
    let mass_u = info
        .nucleus_mass
        .map_or(f64::from(a), |m| (m + f64::from(z) * M_E) / AMU);
    Ok(Target::custom(z, a, mass_u)?)
}

/// Builds the WW setup for sample A from the file and `req`.
///
/// # Errors
/// [`CompareError::Setup`] if the mediator kind or coupling is neither in the header nor in
/// `req`, or the beam energy varies between events; model/WW errors for unphysical input.
pub fn ww_setup(sample: &Sample, req: &WwRequest) -> Result<WwSetup, CompareError> {
    let info = &sample.info;
    let card = info.card.clone().unwrap_or_default();
    let kind = req.kind.or(card.kind).ok_or_else(|| {
        CompareError::Setup(format!(
            "{}: the mediator kind is not in the header (give --mediator)",
            info.path.display()
        ))
    })?;
    let coupling = req.coupling.or(card.coupling).ok_or_else(|| {
        CompareError::Setup(format!(
            "{}: the coupling is not in the header (give --coupling)",
            info.path.display()
        ))
    })?;
    if info.beam_energy_spread > 1e-9 {
        return Err(CompareError::Setup(format!(
            "{}: the beam energy varies between events (relative spread {:.1e}); the WW \
             prediction needs a monochromatic beam",
            info.path.display(),
            info.beam_energy_spread
        )));
    }
    let form_factor = req
        .form_factor
        .or(card.form_factor)
        .unwrap_or(FormFactorKind::Elastic);
    let target = target_of(info, req.target.as_deref())?;
    let mediator = Mediator::new(kind, info.x_mass, coupling)?;
    Ok(WwSetup::new(
        mediator,
        info.beam_energy,
        target,
        form_factor,
    )?)
}

/// Integral of the WW d sigma/dx over each bin of `edges` clipped to the x range (pb per bin),
/// by adaptive Gauss-Kronrod ([`quadrature::try_integrate_breaks`]).
///
/// # Errors
/// [`CompareError::Ww`] from the WW module.
pub fn ww_bin_integrals(
    setup: &WwSetup,
    approx: Approximation,
    edges: &[f64],
) -> Result<Vec<f64>, CompareError> {
    let (xlo, xhi) = setup.x_range();
    let mut out = Vec::with_capacity(edges.len().saturating_sub(1));
    for w in edges.windows(2) {
        let (a, b) = (w[0].max(xlo), w[1].min(xhi));
        if b <= a {
            out.push(0.0);
            continue;
        }
        let q = quadrature::try_integrate_breaks(
            |x| ww::dsigma_dx(setup, approx, x.clamp(xlo, xhi)),
            &[a, b],
            BIN_REL_TOL,
            0.0,
            200,
        )?;
        out.push(q.value);
    }
    Ok(out)
}

/// Compares sample A's x distribution with the WW prediction `req.approximation` (IWW by
/// default). chi2 is Pearson's with A's mean event weight ([`Histogram1D::chi2_model`]).
///
/// # Errors
/// As [`ww_setup`] and [`ww_bin_integrals`]; [`CompareError::Ww`] if sigma fails.
pub fn compare_ww(
    a: &Sample,
    req: &WwRequest,
    binning: &Binning,
) -> Result<Comparison, CompareError> {
    let approx = req.approximation.unwrap_or(Approximation::Iww);
    let setup = ww_setup(a, req)?;
    let sigma_pb = ww::sigma(&setup, approx)?;
    let obs = Observable::X;
    let edges = binning.edges(obs);
    let ha = a.fine(obs).rebin(edges)?;
    let pred = ww_bin_integrals(&setup, approx, edges)?;
    // a prediction has no statistical error
    let hb = Histogram1D::with_contents(edges.to_vec(), pred.clone(), vec![0.0; pred.len()])?;
    let chi2 = ha.chi2_model(&pred)?;
    Ok(Comparison {
        a: a.info.clone(),
        b: Reference::Ww(WwReference {
            approximation: approx,
            setup,
            sigma_pb,
        }),
        histograms: vec![HistComparison {
            observable: obs,
            a: ha,
            b: hb,
            chi2,
        }],
    })
}
