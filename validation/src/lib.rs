//! # mfc-validation: cross-checks for mfcgen
//!
//! - [`lhe`]: the tolerant LHE reader (MadGraph, Pythia and our own files, plain or gzip),
//!   re-exported from the io layer of the generator ([`mfcgen::io::lhe`]).
//! - [`ww`]: Weizsaecker-Williams approximations (WW, IWW, hyper-improved WW).
//! - [`spectrum`]: the incoming muon spectrum from W and Z samples (GKSST Sec. IV.B).
//! - [`analysis`]: luminosity, background model, (g-2), limits (GKSST Sec. IV).

pub mod analysis;
pub mod compare;
pub mod histogram;
pub mod plot;
pub mod spectrum;
pub mod ww;

pub use mfcgen::io::lhe;
