//! Rust errors as Python exceptions, with the text `mfcgen` prints after `mfcgen: error: `
//! ([`mfcgen::errors::render_chain`]: each clause once).

use pyo3::PyErr;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use std::error::Error;

/// `ValueError` (bad input: a card, a keyword, an argument) with the CLI's message.
pub fn value_error(e: &(dyn Error + 'static)) -> PyErr {
    PyValueError::new_err(mfcgen::errors::render_chain(e))
}

/// `RuntimeError` (a failure of a valid run: the integrand, an I/O error) with the CLI's
/// message.
pub fn runtime_error(e: &(dyn Error + 'static)) -> PyErr {
    PyRuntimeError::new_err(mfcgen::errors::render_chain(e))
}

/// A run error: bad input (the card, the model, the spectrum) is a `ValueError`, the rest a
/// `RuntimeError`.
pub fn run_error(e: &mfcgen::run::RunError) -> PyErr {
    use mfcgen::run::RunError;
    match e {
        RunError::Closed | RunError::Card(_) | RunError::Beam(_) | RunError::Unsupported(_) => {
            value_error(e)
        }
        _ => runtime_error(e),
    }
}
