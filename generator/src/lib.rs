//! # mfcgen: adaptive Monte Carlo generator for mu N -> mu N X
//!
//! Data flow:
//!
//! card (TOML) -> [`card::RunCard`] -> [`process::Process`] (target, form factor, mediator;
//!   or [`beam::FoldedProcess`] with a muon spectrum)
//!   -> [`phase_space`] (u in [0,1)^4 -> momenta, jacobian; dsigma/du in pb)
//!   -> [`vegas`] (VEGAS+ adaptation, batches in parallel, merged in order) -> sigma +- error
//!   -> [`unweight`] -> [`event::Event`] (+ [`reweight`]: named weights of other mediators,
//!   form factors, couplings) -> [`io::lhe`] or [`io::hepmc`] writer (atomic, plain or gzip)
//!   -> [`gridpack`] / [`merge`] for sharded production.
//!   [`thick_target`]: X per muon through a slab of a material, with the muon energy loss.
//!
//! Every file format (LHE, our header block, HepMC3, the muon spectrum, the gridpack, gzip
//! input and atomic output) lives in [`io`], each writer next to its reader.
//!
//! The whole chain on the default card (16 MeV vector, 50 GeV mu- on Cu), with small settings:
//!
//! ```
//! use mfcgen::card::RunCard;
//! let mut card = RunCard::default();
//! card.integration.calls = 20_000;
//! card.integration.adapt_iterations = 3;
//! card.integration.max_iterations = 3;
//! card.integration.precision = 1e-2;
//! card.generation.events = 100;
//! let card = card.validate().expect("the default card is valid");
//! let integration = mfcgen::run::integrate(&card, &mut |_| {}).expect("integrates");
//! let sigma = integration.estimate.mean; // pb, g = 1
//! assert!(sigma > 5.4e9 && sigma < 5.9e9);
//! let dir = std::env::temp_dir().join(format!("mfcgen-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let out = dir.join("events.lhe.gz");
//! let generation = mfcgen::run::generate(&card, &integration, &out, &mut |_| {}).unwrap();
//! assert_eq!(generation.events, 100);
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```

pub mod beam;
pub mod card;
pub mod decay;
pub mod errors;
pub mod event;
pub mod gridpack;
pub mod io;
pub mod merge;
pub mod phase_space;
pub mod process;
pub mod report;
pub mod reweight;
pub mod rng;
pub mod run;
pub mod slab;
pub mod thick_target;
pub mod unweight;
pub mod vegas;
