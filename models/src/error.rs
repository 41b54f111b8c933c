//! Typed errors of the physics crate.

use thiserror::Error;

/// What can go wrong when physics parameters are built from user input.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModelError {
    /// A target name that is not in the catalogue.
    #[error("unknown target '{0}' (known: Cu, Fe, W, Pb, Al, C, or a user target Z,A,mass)")]
    UnknownTarget(String),
    /// A form-factor name that is not known.
    #[error(
        "unknown form factor '{0}' (known: elastic, elastic+inelastic, elastic+inelastic-best, none)"
    )]
    UnknownFormFactor(String),
    /// A mediator kind that is not known.
    #[error("unknown mediator '{0}' (known: scalar, vector, pseudoscalar, axial)")]
    UnknownMediator(String),
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
    /// Four-momenta that are not a physical configuration.
    #[error("unphysical momenta: {0}")]
    Unphysical(String),
}
