//! A card as every front end loads it: overrides applied, then validated, with one message.

use super::{
    CardError, MAX_BEAM_ENERGY, MAX_COUPLING, MIN_MEDIATOR_MASS, Overrides, RunCard, ValidatedCard,
};
use mfc_models::number::Num;
use thiserror::Error;

/// A card that does not validate after its overrides: "invalid run configuration", caused by
/// the [`CardError`] naming the field (the text `mfcgen` and the Python bindings print).
#[derive(Debug, Error)]
#[error("invalid run configuration")]
pub struct InvalidConfiguration(#[source] pub CardError);

impl RunCard {
    /// Applies `overrides` ([`RunCard::apply`]) and validates ([`RunCard::validate`]): the one
    /// way the `mfcgen` commands and the Python bindings turn a card and flags into a run.
    ///
    /// # Errors
    /// [`InvalidConfiguration`] with the validation error as its source.
    pub fn with_overrides(
        mut self,
        overrides: &Overrides,
    ) -> Result<ValidatedCard, InvalidConfiguration> {
        self.apply(overrides);
        self.validate().map_err(InvalidConfiguration)
    }
}

/// A mediator given outside a card (`mfcgen widths`, the Python `widths`) outside the run
/// card's ranges; the message names the value as the caller spelled it.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct MediatorRangeError(String);

/// Checks a mediator mass (GeV) and coupling against the run card's ranges
/// ([`MIN_MEDIATOR_MASS`]..=[`MAX_BEAM_ENERGY`], (0, [`MAX_COUPLING`]]), so that no width
/// overflows silently; `mass_name` and `coupling_name` are the flags or arguments as written
/// (e.g. `--mass`, `mass =`).
///
/// # Errors
/// [`MediatorRangeError`] naming the value and the range.
pub fn check_mediator_ranges(
    mass: f64,
    coupling: f64,
    mass_name: &str,
    coupling_name: &str,
) -> Result<(), MediatorRangeError> {
    if !(MIN_MEDIATOR_MASS..=MAX_BEAM_ENERGY).contains(&mass) {
        return Err(MediatorRangeError(format!(
            "{mass_name} {}: the mediator mass must lie between {} GeV (1 keV) and {} GeV",
            Num(mass),
            Num(MIN_MEDIATOR_MASS),
            Num(MAX_BEAM_ENERGY)
        )));
    }
    if !(coupling > 0.0 && coupling <= MAX_COUPLING) {
        return Err(MediatorRangeError(format!(
            "{coupling_name} {}: g must be positive and at most sqrt(4 pi) = 3.545",
            Num(coupling)
        )));
    }
    Ok(())
}
