//! Ctrl-C during a long call.
//!
//! The work runs on the calling thread with the GIL released (`Python::detach`), its parallel
//! parts on the rayon pool. At the points where the library already calls back (after each
//! VEGAS iteration; after each batch of generated events) the calling thread takes the GIL
//! back for a moment and runs Python's signal handlers (`Python::check_signals`). If one
//! raised (`KeyboardInterrupt` for Ctrl-C), the callback stops the run and the exception is
//! what the call raises. No second thread is needed, and a signal is seen within one VEGAS
//! iteration or one batch of 8192 trial points.

use pyo3::prelude::*;
use std::cell::RefCell;

/// The first exception a signal handler raised during a call.
#[derive(Default)]
pub struct Signals {
    raised: RefCell<Option<PyErr>>,
}

impl Signals {
    /// Runs the pending signal handlers (taking the GIL for a moment); true once one raised.
    pub fn interrupted(&self) -> bool {
        if self.raised.borrow().is_some() {
            return true;
        }
        match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(e) => {
                *self.raised.borrow_mut() = Some(e);
                true
            }
        }
    }

    /// True if a handler has raised (without running them again).
    pub fn raised(&self) -> bool {
        self.raised.borrow().is_some()
    }

    /// The exception a handler raised, if any.
    pub fn into_raised(self) -> Option<PyErr> {
        self.raised.into_inner()
    }
}
