//! # mfc-validation: cross-checks of mfcgen and the paper's analysis
//!
//! Three rooms, by purpose:
//!
//! - [`crosscheck`]: is the generator right? The Weizsaecker-Williams approximations
//!   ([`crosscheck::ww`]: WW, IWW, hyper-improved WW) and the comparison of event samples
//!   with each other or with WW ([`crosscheck::compare`]).
//! - [`analysis`]: the paper's analysis (GKSST, PRD 101, 011701, Sec. IV): luminosity, yields,
//!   signal and background rho spectra, smearing, CLs limits, (g-2) band, reach and Figs. 2-4.
//! - [`numerics`]: the deterministic numerics both use (adaptive quadrature, Brent roots,
//!   erf/erfc and the normal distribution).
//!
//! Shared by the rooms: [`histogram`] (the one weighted 1-D histogram type) and [`plot`] (the
//! SVG plots and their axis/tick primitives). Inputs: [`spectrum`], the incoming muon
//! spectrum from W and Z samples (GKSST Sec. IV.B). Every file is read and written through the
//! generator's io layer ([`mfcgen::io`]: the one tolerant LHE reader, the spectrum format,
//! HepMC3, atomic output).

pub mod analysis;
pub mod crosscheck;
pub mod histogram;
pub mod numerics;
pub mod plot;
pub mod spectrum;
