//! `--card F` for the analysis commands: the run card's target, form factor and seed.

use anyhow::Context;
use mfc_validation::analysis::yields::YieldConfig;
use mfcgen::card::RunCard;
use std::path::Path;

/// Applies the card's target, form factor and seed to `cfg` (the mediator, mass and beam of
/// the card do not apply: the analysis scans masses for S and V with the W/Z spectra).
pub fn apply_card(cfg: &mut YieldConfig, path: Option<&Path>) -> anyhow::Result<()> {
    let Some(path) = path else { return Ok(()) };
    let card = RunCard::from_file(path)?
        .validate()
        .with_context(|| format!("run card {}", path.display()))?;
    cfg.apply_card(&card)?;
    Ok(())
}
