//! Physics kernels without a run: vectorised |M|^2 (`mfcgen matrix-element`), the decay
//! table of X (`mfcgen widths`) and the Weizsaecker-Williams cross sections
//! (`mfc-validate ww`).

use crate::card::parse;
use crate::errors::value_error;
use mfc_models::{
    CouplingModel, DarkSector, DecaySettings, DecayTable, FormFactorKind, MatrixElement, Mediator,
    MediatorKind, ModelError, Target,
};
use mfc_validation::crosscheck::ww::{
    Approximation, WwError, WwSetup, dsigma_dx, sigma as ww_sigma,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArrayLikeDyn};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

/// The target and mediator of a call, parsed as the CLI parses its flags.
fn model(mediator: &str, mass: f64, coupling: f64, target: &str) -> PyResult<(Mediator, Target)> {
    let kind: MediatorKind = parse("mediator", mediator)?;
    let target = Target::by_name(target).map_err(|e| value_error(&e))?;
    let mediator = Mediator::new(kind, mass, coupling).map_err(|e| value_error(&e))?;
    Ok((mediator, target))
}

/// |M|^2 (GeV^-2, spin-summed and averaged) of mu N -> mu N X at phase-space points, as
/// `mfcgen matrix-element` computes it for one point.
///
/// `momenta` is an array of shape (5, 4) or (M, 5, 4): the four-momenta (E, px, py, pz) in
/// GeV of the incoming muon, incoming nucleus, outgoing muon, outgoing nucleus and X (any
/// frame: |M|^2 is Lorentz invariant). Returns a float for one point, else an array of M.
/// A point off its mass shells or not conserving energy-momentum raises ValueError naming it.
#[pyfunction]
#[pyo3(signature = (momenta, mediator, mass, coupling=1.0, target="Cu", form_factor="elastic"))]
pub fn matrix_element<'py>(
    py: Python<'py>,
    momenta: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    mediator: &str,
    mass: f64,
    coupling: f64,
    target: &str,
    form_factor: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let (med, target) = model(mediator, mass, coupling, target)?;
    let ff: FormFactorKind = parse("form_factor", form_factor)?;
    let me = MatrixElement::new(&med, &target, ff);
    let view = momenta.as_array();
    let shape = view.shape().to_vec();
    let single = shape.as_slice() == [5, 4];
    if !(single || (shape.len() == 3 && shape[1..] == [5, 4])) {
        return Err(PyValueError::new_err(format!(
            "momenta must have shape (5, 4) or (M, 5, 4), not {shape:?}"
        )));
    }
    let flat: Vec<f64> = view.iter().copied().collect();
    let points: Vec<[[f64; 4]; 5]> = flat
        .chunks_exact(20)
        .map(|c| std::array::from_fn(|i| std::array::from_fn(|k| c[4 * i + k])))
        .collect();
    let values: Vec<Result<f64, ModelError>> =
        py.detach(|| points.par_iter().map(|p| me.me2_from_momenta(p)).collect());
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        out.push(v.map_err(|e| {
            let at = if single {
                String::new()
            } else {
                format!("point {i}: ")
            };
            PyValueError::new_err(format!("{at}{}", mfcgen::errors::render_chain(&e)))
        })?);
    }
    if single {
        return Ok(out[0].into_pyobject(py)?.into_any());
    }
    Ok(out.into_pyarray(py).into_any())
}

/// Partial widths, branching ratios and c tau of X, as `mfcgen widths --json` prints them.
///
/// model: "invisible", "muon-only" (default) or "lmu-ltau"; dark_width (GeV) or br_invisible
/// add a dark channel. Returns a dict: channels {name: {width_gev, branching_ratio, products,
/// invisible}}, total_width_gev, invisible_branching_ratio, stable, ctau_mm (None if stable).
#[pyfunction]
#[pyo3(signature = (mediator, mass, coupling=1.0, model="muon-only", dark_width=None, br_invisible=None))]
pub fn widths<'py>(
    py: Python<'py>,
    mediator: &str,
    mass: f64,
    coupling: f64,
    model: &str,
    dark_width: Option<f64>,
    br_invisible: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let kind: MediatorKind = parse("mediator", mediator)?;
    let coupling_model: CouplingModel = parse("model", model)?;
    mfcgen::card::check_mediator_ranges(mass, coupling, "mass =", "coupling =")
        .map_err(|e| value_error(&e))?;
    let med = Mediator::new(kind, mass, coupling).map_err(|e| value_error(&e))?;
    let dark = DarkSector::from_options(dark_width, br_invisible).map_err(|e| value_error(&e))?;
    let settings = DecaySettings::new(coupling_model, dark).map_err(|e| value_error(&e))?;
    let table = DecayTable::new(&med, &settings).map_err(|e| value_error(&e))?;
    crate::run::json_dict(
        py,
        &mfcgen::report::widths_json(&med, coupling_model, &table),
    )
}

/// Weizsaecker-Williams cross section of mu N -> mu N X (pb), the cross-check of
/// `mfc-validate ww`: approximation "ww" (phase-space), "iww" (improved, default) or "hiww".
///
/// With `x` (an array of energy fractions E_X/E), also d sigma/dx (pb) there. Returns a dict:
/// sigma_pb, x_range and, with x, dsigma_dx_pb.
#[pyfunction]
#[pyo3(signature = (mediator, mass, beam_energy=50.0, target="Cu", form_factor="elastic", approximation="iww", coupling=1.0, x=None))]
pub fn ww<'py>(
    py: Python<'py>,
    mediator: &str,
    mass: f64,
    beam_energy: f64,
    target: &str,
    form_factor: &str,
    approximation: &str,
    coupling: f64,
    x: Option<Vec<f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (med, target) = model(mediator, mass, coupling, target)?;
    let ff: FormFactorKind = parse("form_factor", form_factor)?;
    let approx: Approximation = parse("approximation", approximation)?;
    let setup = WwSetup::new(med, beam_energy, target, ff).map_err(|e| value_error(&e))?;
    let (sigma, dsdx) = py
        .detach(|| {
            let sigma = ww_sigma(&setup, approx)?;
            let dsdx = x
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|&x| dsigma_dx(&setup, approx, x))
                .collect::<Result<Vec<f64>, WwError>>()?;
            Ok::<_, WwError>((sigma, dsdx))
        })
        .map_err(|e| value_error(&e))?;
    let out = PyDict::new(py);
    out.set_item("sigma_pb", sigma)?;
    out.set_item("x_range", setup.x_range())?;
    if x.is_some() {
        out.set_item("dsigma_dx_pb", dsdx.into_pyarray(py))?;
    }
    Ok(out)
}
