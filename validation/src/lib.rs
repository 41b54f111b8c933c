//! # mfc-validation: cross-checks for mfcgen
//!
//! - [`lhe`]: a tolerant LHE reader (MadGraph, Pythia and our own files, plain or gzip).
//! - [`ww`]: Weizsaecker-Williams approximations (WW, IWW, hyper-improved WW).
//! - [`spectrum`]: the incoming muon spectrum from W and Z samples (GKSST Sec. IV.B).
//! - [`analysis`]: luminosity, background model, (g-2), limits (GKSST Sec. IV).

pub mod analysis;
pub mod crosscheck;
pub mod histogram;
pub mod lhe;
pub mod numerics;
pub mod plot;
pub mod spectrum;

pub use crosscheck::{compare, ww};
