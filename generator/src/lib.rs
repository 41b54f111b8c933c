//! # mfcgen: adaptive Monte Carlo generator for mu N -> mu N X
//!
//! Data flow:
//!
//! card (TOML) -> [`card::RunCard`] -> [`process::Process`] (target, form factor, mediator)
//!   -> [`phase_space`] (u in [0,1)^d -> momenta, jacobian) -> [`integrand`] (dsigma/du in pb)
//!   -> [`vegas`] (VEGAS+ adaptation, batches in parallel, merged in order) -> sigma +- error
//!   -> [`unweight`] -> [`event::Event`] -> [`lhe`] writer (atomic, plain or gzip).

pub mod beam;
pub mod card;
pub mod event;
pub mod gridpack;
pub mod hepmc;
pub mod lhe;
pub mod merge;
pub mod output;
pub mod phase_space;
pub mod process;
pub mod rng;
pub mod run;
pub mod unweight;
pub mod vegas;
