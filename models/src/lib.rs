//! # mfc-models: the physics of mu N -> mu N X
//!
//! Pure functions of momenta and parameters: no I/O, no randomness, no threads.
//!
//! - [`constants`]: units (GeV) and constants with their sources.
//! - [`pdg`]: PDG particle codes, nucleus codes.
//! - [`target`]: target nuclei (Cu-63 default) with densities and radiation lengths.
//! - [`form_factor`]: the nuclear-atomic form factor G2(t) (BEST App. A, PETITE App. B).
//! - [`material`]: materials (catalogue and user), muon energy loss, depth profiles.
//! - [`mediator`]: scalar, vector, pseudoscalar and axial-vector X.
//! - [`kinematics`]: light-cone four-vectors and the phase-space point -> invariants map
//!   that keeps small invariants without cancellation.
//! - [`matrix_element`]: the exact tree-level |M|^2 (both diagrams, full mass dependence).
//! - [`decay`]: X decays: partial widths (tree level and the muon loop), coupling models,
//!   decay tables with branching ratios and c tau.
//!
//! Data flow: card -> `Target`, `FormFactor`, `Mediator` -> `Process` -> |M|^2 at a
//! phase-space point (built in `mfcgen`).

pub mod constants;
pub mod decay;
pub mod error;
pub mod form_factor;
pub mod kinematics;
pub mod material;
pub mod matrix_element;
pub mod mediator;
pub mod number;
pub mod pdg;
pub mod real;
pub mod target;

pub use decay::{Channel, CouplingModel, DarkSector, DecayError, DecaySettings, DecayTable};
pub use error::ModelError;
pub use form_factor::{FormFactor, FormFactorKind};
pub use matrix_element::MatrixElement;
pub use mediator::{Mediator, MediatorKind};
pub use pdg::PdgId;
pub use target::Target;
