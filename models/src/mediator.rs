//! The new boson X: its Lorentz structure, mass and coupling to muons.
//!
//! Couplings (GKSST Eq. 1 and physics.md Sec. 1): L_S = g S mubar mu, L_V = g V_a mubar gamma^a mu,
//! L_P = g P mubar i gamma5 mu, L_A = g A_a mubar gamma^a gamma5 mu.

use crate::error::ModelError;
use crate::pdg::PdgId;
use serde::{Deserialize, Serialize};

/// Lorentz structure of the muon-X vertex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediatorKind {
    /// Scalar, vertex 1.
    Scalar,
    /// Vector, vertex gamma^nu.
    Vector,
    /// Pseudoscalar, vertex i gamma5.
    Pseudoscalar,
    /// Axial vector, vertex gamma^nu gamma5.
    Axial,
}

impl MediatorKind {
    /// All kinds with their command-line names.
    pub const ALL: [(Self, &'static str); 4] = [
        (Self::Scalar, "scalar"),
        (Self::Vector, "vector"),
        (Self::Pseudoscalar, "pseudoscalar"),
        (Self::Axial, "axial"),
    ];

    /// The command-line / card name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Scalar => "scalar",
            Self::Vector => "vector",
            Self::Pseudoscalar => "pseudoscalar",
            Self::Axial => "axial",
        }
    }

    /// True for spin-1 mediators.
    #[must_use]
    pub fn is_spin_one(self) -> bool {
        matches!(self, Self::Vector | Self::Axial)
    }

    /// Default PDG code written to event files (configurable in cards).
    /// Vector: 32 (Z' in the PDG scheme, physics.md Sec. 1); scalar: 54 and
    /// pseudoscalar: 36 (PDG codes of a scalar mediator and a pseudoscalar boson);
    /// axial vector: 9000032 (user BSM range).
    #[must_use]
    pub fn default_pdg_id(self) -> PdgId {
        match self {
            Self::Scalar => PdgId(54),
            Self::Vector => PdgId(32),
            Self::Pseudoscalar => PdgId(36),
            Self::Axial => PdgId(9_000_032),
        }
    }
}

impl std::str::FromStr for MediatorKind {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase();
        match key.as_str() {
            "s" | "scalar" => Ok(Self::Scalar),
            "v" | "vector" => Ok(Self::Vector),
            "p" | "pseudoscalar" => Ok(Self::Pseudoscalar),
            "a" | "axial" | "axial-vector" | "axialvector" => Ok(Self::Axial),
            _ => Err(ModelError::UnknownMediator(s.to_string())),
        }
    }
}

/// A mediator with mass (GeV) and coupling g to muons.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mediator {
    /// Lorentz structure.
    pub kind: MediatorKind,
    /// Mass in GeV.
    pub mass: f64,
    /// Coupling g (dimensionless).
    pub coupling: f64,
}

impl Mediator {
    /// Builds a mediator, checking mass > 0 and coupling > 0.
    ///
    /// # Errors
    /// [`ModelError::InvalidParameter`] naming `mass` or `coupling`.
    pub fn new(kind: MediatorKind, mass: f64, coupling: f64) -> Result<Self, ModelError> {
        if !(mass.is_finite() && mass > 0.0) {
            return Err(ModelError::InvalidParameter {
                field: "mediator mass",
                value: mass,
                reason: "must be a positive number of GeV",
            });
        }
        if !(coupling.is_finite() && coupling > 0.0) {
            return Err(ModelError::InvalidParameter {
                field: "mediator coupling",
                value: coupling,
                reason: "must be positive",
            });
        }
        Ok(Self {
            kind,
            mass,
            coupling,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_validate() {
        for (k, n) in MediatorKind::ALL {
            assert_eq!(n.parse::<MediatorKind>().unwrap(), k);
            assert_eq!(k.name(), n);
        }
        assert!("tensor".parse::<MediatorKind>().is_err());
        assert!(Mediator::new(MediatorKind::Vector, 0.0, 1.0).is_err());
        assert!(Mediator::new(MediatorKind::Vector, 0.016, -1.0).is_err());
        assert!(Mediator::new(MediatorKind::Vector, f64::NAN, 1.0).is_err());
        assert!(Mediator::new(MediatorKind::Scalar, 0.016, 1e-3).is_ok());
        assert_eq!(MediatorKind::Vector.default_pdg_id().code(), 32);
    }
}
