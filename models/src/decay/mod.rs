//! # X decays: partial widths, coupling models, decay tables
//!
//! Everything a generator needs to decide what an X does after it is radiated in
//! mu N -> mu N X (docs/physics.md Sec. 8):
//!
//! - [`widths`]: tree-level two-body widths for a coupling g to a fermion pair (S, P, V, A), the
//!   left-handed neutrino width of the L_mu - L_tau gauge boson; threshold-stable.
//! - [`loops`]: the muon-loop amplitudes of S, P -> gamma gamma (Djouadi's f(tau), A_S, A_P) and
//!   the diphoton width, with the normalisation derived from the Higgs formula.
//! - [`model`]: the coupling models a user picks by name (`invisible`, `muon-only`, `lmu-ltau`)
//!   and an optional dark sector (a width or an invisible branching ratio).
//! - [`table`]: [`DecayTable`]: channels with PDG final states, partial and total widths,
//!   branching ratios, c tau in mm, invisibility.
//!
//! Pure functions of the parameters: no I/O, no randomness. Bad input gives a [`DecayError`],
//! never a panic.
//!
//! ```
//! use mfc_models::decay::{Channel, CouplingModel, DecaySettings, DecayTable};
//! use mfc_models::{Mediator, MediatorKind};
//!
//! let v = Mediator::new(MediatorKind::Vector, 1.0, 1e-3)?;
//! let settings = DecaySettings::new("lmu-ltau".parse::<CouplingModel>()?, Default::default())?;
//! let table = DecayTable::new(&v, &settings)?;
//! assert!(table.branching_ratio(Channel::NuMuNuMu) > 0.24);
//! assert!(table.ctau_mm() > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod angular;
pub mod loops;
pub mod model;
pub mod table;
pub mod widths;

#[cfg(test)]
mod tests;

pub use model::{CouplingModel, DarkSector, DecaySettings};
pub use table::{Channel, DecayTable, PartialWidth};

use thiserror::Error;

/// Tau mass in GeV. Source: PDG 2024 (R. L. Workman et al. / S. Navas et al., Phys. Rev. D 110
/// (2024) 030001), m_tau = 1776.93 +- 0.09 MeV.
pub const M_TAU: f64 = 1.776_93;

/// hbar c in GeV mm. Source: CODATA 2018, hbar c = 197.3269804 MeV fm = 1.973269804e-16 GeV m.
pub const HBAR_C_GEV_MM: f64 = 1.973_269_804e-13;

/// What can go wrong when a decay table is built from user input.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum DecayError {
    /// A coupling-model name that is not known.
    #[error("unknown decay model '{0}' (known: invisible, muon-only, lmu-ltau)")]
    UnknownModel(String),
    /// A model that does not exist for this mediator (L_mu - L_tau is a gauge boson).
    #[error(
        "decay model '{model}' needs a {needs} mediator, not '{mediator}' (use muon-only or invisible)"
    )]
    UnsupportedMediator {
        /// The model's name.
        model: &'static str,
        /// The mediator the model requires.
        needs: &'static str,
        /// The mediator that was given.
        mediator: &'static str,
    },
    /// A parameter outside its physical range.
    #[error("invalid {field}: {} ({reason})", crate::number::Num(*value))]
    InvalidParameter {
        /// The parameter's name as the user knows it.
        field: &'static str,
        /// The offending value.
        value: f64,
        /// Why it is not allowed.
        reason: &'static str,
    },
}
