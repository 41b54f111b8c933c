//! The main jobs as library calls: integrate a validated card, then generate unweighted
//! events into an LHE file. The `mfcgen` binary only parses flags and prints.

use crate::card::ValidatedCard;
use crate::lhe::{LheError, LheWriter, RunInfo, RunSummary};
use crate::output::{OutputError, check_writable};
use crate::phase_space::{DIM, Mapping};
use crate::process::Process;
use crate::unweight::{self, EventIds, GenerationStats, MaxWeight, UnweightSettings};
use crate::vegas::{Estimate, IterationReport, Vegas, VegasError, VegasSettings};
use std::path::Path;
use std::time::Instant;
use thiserror::Error;

/// Errors of a run.
#[derive(Debug, Error)]
pub enum RunError {
    /// The process is closed (should have been caught by card validation).
    #[error(
        "the process is kinematically closed for this card (mediator.mass too large for beam.energy)"
    )]
    Closed,
    /// Integration failed.
    #[error("integration failed: {0}")]
    Vegas(#[from] VegasError),
    /// The output cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Writing events failed.
    #[error(transparent)]
    Lhe(#[from] LheError),
    /// The integral is zero: no events can be generated.
    #[error("the cross section is zero: nothing to generate")]
    ZeroCrossSection,
}

/// Result of the integration step.
#[derive(Debug, Clone)]
pub struct Integration {
    /// The process integrated.
    pub process: Process,
    /// The adapted integrator (its map is frozen for generation).
    pub vegas: Vegas,
    /// sigma (pb) with its error, chi2/dof.
    pub estimate: Estimate,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// Builds the process of a validated card.
///
/// # Errors
/// [`RunError::Closed`] if the phase space is empty.
pub fn process_of(card: &ValidatedCard, mapping: Mapping) -> Result<Process, RunError> {
    Process::new(
        &card.mediator,
        &card.target,
        card.form_factor,
        card.beam_energy,
        mapping,
    )
    .ok_or(RunError::Closed)
}

/// VEGAS settings of a validated card.
#[must_use]
pub fn vegas_settings(card: &ValidatedCard) -> VegasSettings {
    let ic = &card.card.integration;
    VegasSettings {
        n_eval: usize::try_from(ic.calls).unwrap_or(usize::MAX),
        n_adapt_iter: ic.adapt_iterations as usize,
        max_iter: ic.max_iterations as usize,
        rel_precision: ic.precision,
        seed: card.card.generation.seed,
        ..VegasSettings::default()
    }
}

/// Integrates the card's process (adaptation, then iterations to the requested precision).
///
/// # Errors
/// [`RunError`] if the process is closed or the integrand misbehaves.
pub fn integrate(
    card: &ValidatedCard,
    on_iteration: &mut dyn FnMut(&IterationReport),
) -> Result<Integration, RunError> {
    let start = Instant::now();
    let process = process_of(card, Mapping::Standard)?;
    let mut vegas = Vegas::new(DIM, vegas_settings(card));
    let estimate = vegas.integrate(&process, on_iteration)?;
    Ok(Integration {
        process,
        vegas,
        estimate,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Summary of a generation run.
#[derive(Debug, Clone, Copy)]
pub struct Generation {
    /// The maximum weight and the calibration.
    pub max_weight: MaxWeight,
    /// Counters.
    pub stats: GenerationStats,
    /// Events written.
    pub events: u64,
    /// Wall time in seconds (unweighting and writing).
    pub seconds: f64,
}

/// Generates `card.generation.events` unweighted events into `output` (LHE, gzip by name),
/// atomically: on error nothing is left at `output`.
///
/// # Errors
/// [`RunError`] for unwritable output or a zero cross section.
pub fn generate(
    card: &ValidatedCard,
    integration: &Integration,
    output: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Generation, RunError> {
    check_writable(output)?;
    let start = Instant::now();
    let n = card.card.generation.events;
    let sigma = integration.estimate.mean;
    if !(sigma > 0.0) {
        return Err(RunError::ZeroCrossSection);
    }
    let settings = UnweightSettings {
        seed: card.card.generation.seed,
        ..UnweightSettings::default()
    };
    let map = integration.vegas.frozen();
    let max_weight = unweight::find_max_weight(&integration.process, &map, &settings);
    let card_text = card.card.to_toml_string().unwrap_or_default();
    let summary = RunSummary {
        card: &card_text,
        seed: card.card.generation.seed,
        events: n,
        xsec_pb: sigma,
        xerr_pb: integration.estimate.sdev,
        efficiency: max_weight.expected_efficiency,
        max_weight: max_weight.w_max,
    };
    let info = RunInfo {
        beam_ids: [card.beam_pdg_id.code(), card.target.pdg_id().code()],
        beam_energies: [card.beam_energy, card.target.nucleus_mass()],
        xsec_pb: sigma,
        xerr_pb: integration.estimate.sdev,
        xmax: sigma,
        header: summary.header_text(),
    };
    let mut writer = LheWriter::create(output, &info)?;
    let ids = EventIds {
        muon: card.beam_pdg_id.code(),
        nucleus: card.target.pdg_id().code(),
        x: card.x_pdg_id.code(),
    };
    let weight = sigma / n.max(1) as f64;
    let stats = unweight::generate(
        &integration.process,
        &map,
        max_weight.w_max,
        ids,
        weight,
        n,
        &settings,
        &mut |e| writer.write_event(e),
        progress,
    )?;
    let events = writer.finish()?;
    Ok(Generation {
        max_weight,
        stats,
        events,
        seconds: start.elapsed().as_secs_f64(),
    })
}
