//! `integrate` and `generate`: the library calls of `mfcgen integrate` and `mfcgen generate`
//! ([`mfcgen::run`]), with the GIL released and Ctrl-C checked between iterations and batches.

use crate::card;
use crate::collect::Columns;
use crate::errors::run_error;
use crate::signals::Signals;
use mfcgen::card::ValidatedCard;
use mfcgen::run::{Integration, RunError};
use numpy::{IntoPyArray, PyArrayMethods};
use pyo3::exceptions::{PyRuntimeWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::ops::ControlFlow;

/// A JSON summary of the library as a Python dict (through `json.loads`, so that the keys and
/// values are exactly what `mfcgen ... --json` prints).
pub fn json_dict<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyDict>> {
    let text = v.to_string();
    Ok(py
        .import("json")?
        .call_method1("loads", (text,))?
        .cast_into::<PyDict>()?)
}

/// Integrates the card with the GIL released; Ctrl-C stops it after the current iteration.
fn integrate_card(py: Python<'_>, card: &ValidatedCard) -> PyResult<Integration> {
    let (result, raised) = py.detach(|| {
        let signals = Signals::default();
        let r = mfcgen::run::integrate_until(card, &mut |_| {
            if signals.interrupted() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        (r, signals.into_raised())
    });
    if let Some(e) = raised {
        return Err(e);
    }
    result.map_err(|e| run_error(&e))
}

/// The convergence problems of an integration, each also issued as a Python
/// `RuntimeWarning` (the CLI prints them on stderr).
fn convergence_warnings(
    py: Python<'_>,
    card: &ValidatedCard,
    integration: &Integration,
) -> PyResult<Vec<String>> {
    let issues: Vec<String> =
        mfcgen::run::convergence_issues(&integration.estimate, card.card.integration.precision)
            .iter()
            .map(ToString::to_string)
            .collect();
    let category = py.get_type::<PyRuntimeWarning>();
    for i in &issues {
        let msg = std::ffi::CString::new(format!("mfcgen: {i}"))?;
        PyErr::warn(py, &category, &msg, 2)?;
    }
    Ok(issues)
}

/// Integrates the cross section of a run card (VEGAS+), as `mfcgen integrate`.
///
/// `card` is a path, a TOML string or None (the default card); keyword arguments override
/// card fields under the names of the CLI flags (mediator, mass, coupling, target,
/// form_factor, beam_energy, beam, beam_spectrum, precision, seed). Returns the dict
/// `mfcgen integrate --json` prints: sigma_pb, error_pb, relative_error, chi2_dof,
/// iterations, evaluations, seconds, converged, warnings and the physics of the card.
/// Bad input raises ValueError with the CLI's message; Ctrl-C raises KeyboardInterrupt.
#[pyfunction]
#[pyo3(signature = (card=None, **overrides))]
pub fn integrate<'py>(
    py: Python<'py>,
    card: Option<&Bound<'py, PyAny>>,
    overrides: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let card = card::load(card, overrides, None, None)?;
    let integration = integrate_card(py, &card)?;
    let warnings = convergence_warnings(py, &card, &integration)?;
    json_dict(
        py,
        &mfcgen::report::integration_json(&card, &integration, &warnings),
    )
}

/// Integrates, then generates unweighted events into numpy arrays, as `mfcgen generate`
/// does into a file: the same card and seed give the same events.
///
/// `events` and `seed` default to the card's generation.events and generation.seed; other
/// keyword arguments as in integrate(). Returns a dict with the arrays
/// momenta (events, particles, 4) as (E, px, py, pz) in GeV, pdg, status (particles,),
/// mothers (particles, 2), weight (events,) in pb (they sum to sigma), vertex (events, 4) as
/// (x, y, z, ct) in mm; and the summary of `mfcgen generate --json` (sigma_pb, error_pb,
/// efficiency, max_weight, ...). Events whose particle content differs (decays, or the
/// nucleus of a compound `target.material`) give momenta (all particles, 4), per-particle
/// pdg, status, mothers and `offsets` (events + 1). With `generation.reweight` (or
/// `reweight=[...]`), `reweight` maps each alternative's name to its weights (events,) in pb,
/// as the LHE `<wgt>` and HepMC3 named weights; with decays, `decay_vertex` (events, 4) in mm
/// and `proper_length_mm` (events,) (NaN for an event whose X did not decay).
#[pyfunction]
#[pyo3(signature = (card=None, events=None, seed=None, **overrides))]
pub fn generate<'py>(
    py: Python<'py>,
    card: Option<&Bound<'py, PyAny>>,
    events: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    overrides: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let events = events.map(|e| card::count("events", e)).transpose()?;
    let seed = seed.map(|s| card::count("seed", s)).transpose()?;
    let card = card::load(card, overrides, events, seed)?;
    let n = card.card.generation.events;
    if n == 0 {
        return Err(PyValueError::new_err(
            "events = 0: nothing to generate (integrate() gives the cross section alone)",
        ));
    }
    let integration = integrate_card(py, &card)?;
    let warnings = convergence_warnings(py, &card, &integration)?;
    let (result, columns, raised) = py.detach(|| {
        let signals = Signals::default();
        let mut columns = Columns::with_capacity(n);
        let r = mfcgen::run::generate_events(
            &card,
            &integration,
            &mut |r| {
                if signals.raised() {
                    return Err(RunError::Stopped(columns.len() as u64));
                }
                columns.push(r);
                Ok(())
            },
            &mut |_| {
                signals.interrupted();
            },
        );
        (r, columns, signals.into_raised())
    });
    if let Some(e) = raised {
        return Err(e);
    }
    let generation = result.map_err(|e| run_error(&e))?;
    let out = json_dict(
        py,
        &mfcgen::report::generation_json(&card, &integration, &generation, &warnings),
    )?;
    out.set_item("iterations", integration.estimate.n_iter)?;
    let names: Vec<String> = mfcgen::reweight::weight_names(&card.reweight)
        .into_iter()
        .map(|w| w.name)
        .collect();
    put_columns(py, &out, columns, &names)?;
    Ok(out)
}

/// The event columns as numpy arrays in `out` (no copy of the momenta); `names` are the
/// reweighting weights' names, in order.
fn put_columns<'py>(
    py: Python<'py>,
    out: &Bound<'py, PyDict>,
    c: Columns,
    names: &[String],
) -> PyResult<()> {
    let n_events = c.len();
    if c.n_weights > 0 {
        let by_name = PyDict::new(py);
        for (k, name) in names.iter().enumerate().take(c.n_weights) {
            let column: Vec<f64> = c
                .reweight
                .iter()
                .skip(k)
                .step_by(c.n_weights)
                .copied()
                .collect();
            by_name.set_item(name, column.into_pyarray(py))?;
        }
        out.set_item("reweight", by_name)?;
    }
    if c.any_decay {
        out.set_item(
            "decay_vertex",
            c.decay_vertex.into_pyarray(py).reshape([n_events, 4])?,
        )?;
        out.set_item("proper_length_mm", c.proper_length_mm.into_pyarray(py))?;
    }
    let n_lines = c.momenta.len() / 4;
    let (content, offsets) = match c.ragged {
        None => {
            let n = c.template.len();
            out.set_item(
                "momenta",
                c.momenta.into_pyarray(py).reshape([n_events, n, 4])?,
            )?;
            (c.template, None)
        }
        Some(r) => {
            out.set_item("momenta", c.momenta.into_pyarray(py).reshape([n_lines, 4])?)?;
            (r.content, Some(r.offsets))
        }
    };
    let pdg: Vec<i32> = content.iter().map(|p| p.pdg).collect();
    let status: Vec<i32> = content.iter().map(|p| p.status).collect();
    let mothers: Vec<u32> = content.iter().flat_map(|p| p.mothers).collect();
    out.set_item("pdg", pdg.into_pyarray(py))?;
    out.set_item("status", status.into_pyarray(py))?;
    out.set_item(
        "mothers",
        mothers.into_pyarray(py).reshape([content.len(), 2])?,
    )?;
    if let Some(o) = offsets {
        out.set_item("offsets", o.into_pyarray(py))?;
    }
    out.set_item("weight", c.weight.into_pyarray(py))?;
    out.set_item("vertex", c.vertex.into_pyarray(py).reshape([n_events, 4])?)?;
    Ok(())
}
