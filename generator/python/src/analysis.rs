//! The paper's analysis (GKSST Sec. IV, [`mfc_validation::analysis`]): yields per g^2 and the
//! reach scan behind Figs. 2-4, as `mfc-validate yields` and `mfc-validate reach` compute them.
//!
//! Both scans run point by point (one mass, or one mediator and mass, at a time: every point
//! has its own seeded integrations, so the result is that of the whole scan, bit for bit), with
//! the GIL released and Ctrl-C checked between points ([`crate::signals`]).

use crate::card::{load, parse};
use crate::errors::value_error;
use crate::run::json_dict;
use crate::signals::Signals;
use mfc_models::MediatorKind;
use mfc_validation::analysis::gm2::{Gm2Discrepancy, coupling_band};
use mfc_validation::analysis::kind_letter;
use mfc_validation::analysis::reach::{ReachConfig, ReachPoint, ReachResult, log_space, scan};
use mfc_validation::analysis::yields::{GKSST_YIELDS, YieldConfig, YieldTable, yield_table};
use mfc_validation::spectrum::{Boson, committed_spectrum};
use numpy::{IntoPyArray, PyArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Applies a run card argument (path or TOML string; None: the analysis defaults, Cu-63
/// elastic, seed 1) as `mfc-validate --card` does.
fn apply_card(cfg: &mut YieldConfig, card: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    match card.filter(|c| !c.is_none()) {
        None => Ok(()),
        Some(c) => cfg
            .apply_card(&load(Some(c), None, None, None)?)
            .map_err(|e| value_error(&e)),
    }
}

/// A relative precision in (0, 1).
fn check_precision(precision: f64) -> PyResult<()> {
    if precision > 0.0 && precision < 1.0 {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "precision = {precision}: must lie in (0, 1)"
        )))
    }
}

/// Signal yields N_X/g^2 for S and V from the W and Z muons (GKSST Eqs. 4-5), as
/// `mfc-validate yields --json` prints them.
///
/// masses: GeV (default GKSST's 0.016, 0.126, 1.0); card: its target, form factor and seed.
/// Returns a dict: l_ft_z_inv_nb, l_ft_w_inv_nb, rows (per mediator and mass: sigma_z_pb,
/// sigma_w_pb and errors, n_z, n_w, n_sum, n_gksst).
#[pyfunction]
#[pyo3(signature = (masses=None, precision=1e-2, card=None))]
pub fn yields<'py>(
    py: Python<'py>,
    masses: Option<Vec<f64>>,
    precision: f64,
    card: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    check_precision(precision)?;
    let mut cfg = YieldConfig {
        precision,
        ..YieldConfig::default()
    };
    apply_card(&mut cfg, card)?;
    let masses = masses.unwrap_or_else(|| GKSST_YIELDS.iter().map(|x| x.0).collect());
    let (tables, raised) = py.detach(|| {
        let signals = Signals::default();
        let mut tables = Vec::new();
        for &m in &masses {
            if signals.interrupted() {
                break;
            }
            tables.push(yield_table(&cfg, &[m]));
        }
        (tables, signals.into_raised())
    });
    if let Some(e) = raised {
        return Err(e);
    }
    let tables = tables
        .into_iter()
        .collect::<Result<Vec<YieldTable>, _>>()
        .map_err(|e| value_error(&e))?;
    let Some(first) = tables.first() else {
        return Err(PyValueError::new_err("masses = []: no mass to compute"));
    };
    // the order of one table of all masses: mediator by mediator, masses in the given order
    let mut rows: Vec<_> = tables.iter().flat_map(|t| t.rows.iter().cloned()).collect();
    rows.sort_by_key(|r| r.mediator != kind_letter(MediatorKind::Scalar));
    let table = YieldTable {
        l_ft_z_inv_nb: first.l_ft_z_inv_nb,
        l_ft_w_inv_nb: first.l_ft_w_inv_nb,
        rows,
    };
    let v = serde_json::to_value(&table)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    json_dict(py, &v)
}

/// Expected 95% CL reach on g_X versus m_X (GKSST Fig. 4) with the rho spectra (Fig. 3), as
/// `mfc-validate reach` computes them (docs/figures/*.csv).
///
/// masses: a count of log-spaced masses in [1 MeV, 3 GeV] (default 25, the committed tables)
/// or a list in GeV; mediators: letters or names (default S and V); precision per folded cross
/// section; points per rho histogram. Returns a dict: edges (rho bin edges), n_sm (Z, W) and
/// per mass point (mediator, m_x_gev) the arrays sigma_pb (.., 2: Z, W, g = 1),
/// n_accepted_per_g2 (.., 2), g_up (.., 4: Z case A, Z case B, Z+W A, Z+W B) and rho_signal
/// (.., 2, bins, per g^2); and the (g-2)_mu bands g_gm2_2019, g_gm2_2021 (.., 3: lower,
/// central, upper coupling).
#[pyfunction]
#[pyo3(signature = (masses=None, mediators=None, precision=2e-2, points=200_000, card=None))]
pub fn reach<'py>(
    py: Python<'py>,
    masses: Option<&Bound<'py, PyAny>>,
    mediators: Option<Vec<String>>,
    precision: f64,
    points: usize,
    card: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    check_precision(precision)?;
    if points == 0 {
        return Err(PyValueError::new_err("points = 0: must be at least 1"));
    }
    let mut cfg = ReachConfig::default();
    if let Some(m) = masses.filter(|m| !m.is_none()) {
        cfg.masses = match m.extract::<usize>() {
            Ok(n) if n >= 2 => log_space(1e-3, 3.0, n),
            Ok(n) => {
                return Err(PyValueError::new_err(format!(
                    "masses = {n}: at least 2 log-spaced masses"
                )));
            }
            Err(_) => m.extract::<Vec<f64>>()?,
        };
    }
    if let Some(kinds) = mediators {
        cfg.kinds = kinds
            .iter()
            .map(|k| parse::<MediatorKind>("mediators", k))
            .collect::<PyResult<_>>()?;
    }
    if cfg.masses.is_empty() || cfg.kinds.is_empty() {
        return Err(PyValueError::new_err(
            "masses and mediators must each name at least one value",
        ));
    }
    cfg.yields.precision = precision;
    cfg.signal.n_points = points;
    apply_card(&mut cfg.yields, card)?;
    let (res, raised) = py.detach(|| {
        let signals = Signals::default();
        let mut points = Vec::new();
        'scan: for &kind in &cfg.kinds {
            for &m in &cfg.masses {
                if signals.interrupted() {
                    break 'scan;
                }
                let one = ReachConfig {
                    masses: vec![m],
                    kinds: vec![kind],
                    ..cfg.clone()
                };
                match scan(&one) {
                    Ok(r) => points.extend(r.points),
                    Err(e) => return (Err(e), signals.into_raised()),
                }
            }
        }
        let res = ReachResult {
            edges: cfg.edges.clone(),
            n_sm: cfg.samples.iter().map(|s| s.muons_on_target).collect(),
            background: cfg.backgrounds(),
            points,
        };
        (Ok(res), signals.into_raised())
    });
    if let Some(e) = raised {
        return Err(e);
    }
    reach_dict(py, &res.map_err(|e| value_error(&e))?)
}

/// The scan result as numpy arrays.
fn reach_dict<'py>(py: Python<'py>, r: &ReachResult) -> PyResult<Bound<'py, PyDict>> {
    let n = r.points.len();
    let bins = r.edges.len().saturating_sub(1);
    let out = PyDict::new(py);
    out.set_item("edges", r.edges.clone().into_pyarray(py))?;
    out.set_item("n_sm", r.n_sm.to_vec().into_pyarray(py))?;
    let kinds: Vec<&str> = r.points.iter().map(|p| kind_letter(p.kind)).collect();
    out.set_item("mediator", kinds)?;
    // one row per point, reshaped to (points, shape...)
    let rows = |row: &dyn Fn(&ReachPoint) -> Vec<f64>| -> Vec<f64> {
        r.points.iter().flat_map(row).collect()
    };
    let put = |name: &str, shape: &[usize], flat: Vec<f64>| {
        let dims: Vec<usize> = std::iter::once(n).chain(shape.iter().copied()).collect();
        out.set_item(name, flat.into_pyarray(py).reshape(dims)?)
    };
    put("m_x_gev", &[], rows(&|p| vec![p.m_x]))?;
    let samples = r.n_sm.len();
    let limits = r.points.first().map_or(0, |p| p.g_up.len());
    put("sigma_pb", &[samples], rows(&|p| p.sigma_pb.clone()))?;
    put(
        "n_accepted_per_g2",
        &[samples],
        rows(&|p| p.n_accepted.clone()),
    )?;
    put("g_up", &[limits], rows(&|p| p.g_up.clone()))?;
    put(
        "rho_signal",
        &[samples, bins],
        rows(&|p| p.rho_signal.concat()),
    )?;
    for (name, era) in [
        ("g_gm2_2019", Gm2Discrepancy::ERA_2019),
        ("g_gm2_2021", Gm2Discrepancy::ERA_2021),
    ] {
        let mut bands = Vec::with_capacity(3 * n);
        for p in &r.points {
            let (lo, mid, hi) = coupling_band(p.kind, p.m_x, era).map_err(|e| value_error(&e))?;
            bands.extend([lo, mid, hi]);
        }
        put(name, &[3], bands)?;
    }
    Ok(out)
}

/// The incoming-muon momentum spectrum of GKSST Fig. 2, recomputed from the committed 14 TeV
/// W or Z sample (fiducial cuts, barrel), as `mfc-validate spectrum` does.
///
/// boson: "Z" or "W". Returns a dict: p_lo, p_hi (GeV), density (1/GeV, unit area),
/// mean_p and median_p (GeV).
#[pyfunction]
pub fn muon_spectrum<'py>(py: Python<'py>, boson: &str) -> PyResult<Bound<'py, PyDict>> {
    let b: Boson = parse("boson", boson)?;
    let sp = py
        .detach(|| committed_spectrum(b))
        .map_err(|e| value_error(&e))?;
    let pdf = sp.momentum_pdf();
    let out = PyDict::new(py);
    let col = |k: usize| -> Vec<f64> { pdf.iter().map(|t| [t.0, t.1, t.2][k]).collect() };
    out.set_item("p_lo", col(0).into_pyarray(py))?;
    out.set_item("p_hi", col(1).into_pyarray(py))?;
    out.set_item("density", col(2).into_pyarray(py))?;
    out.set_item("mean_p", sp.mean_p())?;
    out.set_item("median_p", sp.median_p())?;
    Ok(out)
}
