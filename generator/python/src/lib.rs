//! `mfcgen._core`: the Python extension of mfcgen (pyo3 + numpy), built by maturin.
//!
//! Thin bindings over the library calls the command-line tools make, so that a card and a seed
//! give the same numbers and events in Python as with `mfcgen` and `mfc-validate`:
//!
//! - `run`: `integrate` ([`mfcgen::run::integrate_until`]) and `generate`
//!   ([`mfcgen::run::generate_events`], events into numpy arrays without a file);
//! - `physics`: `matrix_element` (vectorised |M|^2), `widths`, `ww`;
//! - `analysis`: `yields`, `reach` and `muon_spectrum` (GKSST Sec. IV,
//!   `mfc_validation::analysis`).
//!
//! Cards and keyword overrides go through `card` (the CLI's [`mfcgen::card::Overrides`]);
//! errors through `errors` (the CLI's message text, `ValueError` for bad input). Long calls
//! release the GIL and stop on Ctrl-C (`signals`).

mod analysis;
mod card;
mod collect;
mod errors;
mod physics;
mod run;
mod signals;

use pyo3::prelude::*;

/// The extension module `mfcgen._core` (re-exported by the `mfcgen` package).
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(run::integrate, m)?)?;
    m.add_function(wrap_pyfunction!(run::generate, m)?)?;
    m.add_function(wrap_pyfunction!(physics::matrix_element, m)?)?;
    m.add_function(wrap_pyfunction!(physics::widths, m)?)?;
    m.add_function(wrap_pyfunction!(physics::ww, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::yields, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::reach, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::muon_spectrum, m)?)?;
    m.add_function(wrap_pyfunction!(card::default_card, m)?)?;
    Ok(())
}
