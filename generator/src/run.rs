//! The main jobs as library calls: integrate a validated card, then generate unweighted
//! events into an LHE file. The `mfcgen` binary only parses flags and prints.

use crate::beam::{AtlasSource, BeamError, DetectorGeometry, FOLDED_DIM, FoldedProcess};
use crate::card::{OutputFormat, ValidatedCard};
use crate::hepmc::{HepMcError, HepMcWriter};
use crate::lhe::{LheError, LheWriter, RunInfo, RunSummary};
use crate::output::{OutputError, check_writable};
use crate::phase_space::{DIM, Mapping};
use crate::process::Process;
use crate::unweight::{
    self, EventIds, EventSource, GenerationStats, MaxWeight, PlacedEvent, UnweightSettings,
};
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
    /// The beam spectrum cannot be used.
    #[error(transparent)]
    Beam(#[from] BeamError),
    /// Writing HepMC3 failed.
    #[error(transparent)]
    HepMc(#[from] HepMcError),
    /// The card does not fit event generation (e.g. LHE output for a spectrum run).
    #[error(transparent)]
    Card(#[from] crate::card::CardError),
    /// A combination that is not supported.
    #[error("not supported: {0}")]
    Unsupported(String),
    /// The integral is zero: no events can be generated.
    #[error("the cross section is zero: nothing to generate")]
    ZeroCrossSection,
}

/// Result of the integration step.
#[derive(Debug, Clone)]
pub struct Integration {
    /// The process integrated (with a beam spectrum: the process at its largest energy).
    pub process: Process,
    /// With a beam spectrum: the folded process placed in the ATLAS frame.
    pub folded: Option<AtlasSource>,
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
    let folded = match &card.spectrum {
        None => None,
        Some(sp) => Some(AtlasSource {
            folded: FoldedProcess::new(
                &card.mediator,
                &card.target,
                card.form_factor,
                sp.clone(),
                Mapping::Standard,
            )?,
            geometry: DetectorGeometry::default(),
        }),
    };
    let (vegas, estimate) = match &folded {
        None => {
            let mut v = Vegas::new(DIM, vegas_settings(card));
            let e = v.integrate(&process, on_iteration)?;
            (v, e)
        }
        Some(src) => {
            let mut v = Vegas::new(FOLDED_DIM, vegas_settings(card));
            let e = v.integrate(&src.folded, on_iteration)?;
            (v, e)
        }
    };
    Ok(Integration {
        process,
        folded,
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
    card.check_generation_output()?;
    if !(integration.estimate.mean > 0.0) {
        return Err(RunError::ZeroCrossSection);
    }
    match &integration.folded {
        None => generate_from(&integration.process, card, integration, output, progress),
        Some(src) => generate_from(src, card, integration, output, progress),
    }
}

/// [`generate`] for one event source (fixed beam, or folded with a spectrum).
fn generate_from<S: EventSource>(
    source: &S,
    card: &ValidatedCard,
    integration: &Integration,
    output: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Generation, RunError> {
    let start = Instant::now();
    let n = card.card.generation.events;
    let sigma = integration.estimate.mean;
    let settings = UnweightSettings {
        seed: card.card.generation.seed,
        ..UnweightSettings::default()
    };
    let map = integration.vegas.frozen();
    let max_weight = unweight::find_max_weight(source, &map, &settings);
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
    let ids = EventIds {
        muon: card.beam_pdg_id.code(),
        nucleus: card.target.pdg_id().code(),
        x: card.x_pdg_id.code(),
    };
    let mut sink = EventSink::create(card, output, sigma, integration.estimate.sdev, &summary)?;
    let stats = unweight::generate(
        source,
        &map,
        max_weight.w_max,
        ids,
        sigma / n.max(1) as f64,
        n,
        &settings,
        &mut |e| sink.write(e),
        progress,
    )?;
    let events = sink.finish()?;
    Ok(Generation {
        max_weight,
        stats,
        events,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The event file being written: LHE (lab frame) or HepMC3 (with vertices).
enum EventSink {
    Lhe(LheWriter),
    HepMc(HepMcWriter, (f64, f64)),
}

impl EventSink {
    fn create(
        card: &ValidatedCard,
        output: &Path,
        sigma: f64,
        error: f64,
        summary: &RunSummary<'_>,
    ) -> Result<Self, RunError> {
        if card.output_format == OutputFormat::HepMc
            || OutputFormat::from_path(output) == Some(OutputFormat::HepMc)
        {
            return Ok(Self::HepMc(HepMcWriter::create(output)?, (sigma, error)));
        }
        let info = RunInfo::for_card(card, sigma, error, &summary.to_header());
        Ok(Self::Lhe(LheWriter::create(output, &info)?))
    }

    fn write(&mut self, e: &PlacedEvent) -> Result<(), RunError> {
        match self {
            Self::Lhe(w) => Ok(w.write_event(&e.event)?),
            Self::HepMc(w, xs) => Ok(w.write_event(&e.event, e.vertex, Some(*xs))?),
        }
    }

    fn finish(self) -> Result<u64, RunError> {
        match self {
            Self::Lhe(w) => Ok(w.finish()?),
            Self::HepMc(w, _) => {
                let n = w.n_events();
                w.finish()?;
                Ok(n)
            }
        }
    }
}
