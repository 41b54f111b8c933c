//! The main jobs as library calls: integrate a validated card, then generate unweighted
//! events into an LHE file. The `mfcgen` binary only parses flags and prints.

use crate::beam::{AtlasSource, BeamError, DetectorGeometry, FOLDED_DIM, FoldedProcess};
use crate::card::{IntegrationCard, OutputFormat, ValidatedCard};
use crate::decay::EventDecayer;
use crate::event::{Decay, Event};
use crate::io::hepmc::{HepMcError, HepMcWriter};
use crate::io::lhe::{LheError, LheWriter, RunInfo, RunSummary};
use crate::io::output::{OutputError, check_writable};
use crate::phase_space::{DIM, Mapping};
use crate::process::Process;
use crate::reweight::{EventWeights, Reweightable, ReweightedSigma, Reweighter, weight_names};
use crate::slab::{SLAB_DIM, SlabProcess};
use crate::unweight::{
    self, EventIds, EventSource, GenerationStats, MaxWeight, PlacedEvent, UnweightSettings,
};
use crate::vegas::{Estimate, IterationReport, Vegas, VegasError, VegasSettings};
use std::ops::ControlFlow;
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
    /// X could not be decayed in an event.
    #[error(transparent)]
    Decay(#[from] crate::decay::DecayEventError),
    /// The caller's event sink ended the generation ([`generate_events`]).
    #[error("event generation stopped by the caller after {0} events")]
    Stopped(u64),
    /// Reweighting is not exact for this sample (`generation.reweight`).
    #[error("generation.reweight: {0}")]
    Reweight(#[from] crate::reweight::ReweightError),
}

/// What is integrated and sampled: a fixed beam, or the cross section folded with a muon
/// spectrum and placed in the ATLAS frame (GKSST Eq. (5); [`crate::beam`]).
#[derive(Debug, Clone)]
pub enum Source {
    /// A fixed beam energy: the 4-dimensional phase space of [`Process`].
    Fixed(Process),
    /// A beam spectrum: the beam momentum is a fifth integration variable.
    Folded(AtlasSource),
    /// A material slab (`target.material`, `target.thickness_cm`): the element and the depth
    /// are integration variables too ([`crate::slab`]).
    Slab(SlabProcess),
}

impl Source {
    /// The source of a validated card: folded when the card names a beam spectrum.
    ///
    /// # Errors
    /// [`RunError::Closed`] if the phase space is empty, [`RunError::Beam`] if the spectrum
    /// cannot be used.
    pub fn of_card(card: &ValidatedCard) -> Result<Self, RunError> {
        if let Some(spec) = &card.slab {
            return Ok(Self::Slab(
                SlabProcess::new(
                    &spec.material,
                    &card.mediator,
                    card.form_factor,
                    card.beam_energy,
                    spec.thickness_cm,
                    spec.energy_loss,
                    Mapping::Standard,
                )
                .map_err(|_| RunError::Closed)?,
            ));
        }
        Ok(match &card.spectrum {
            None => Self::Fixed(process_of(card, Mapping::Standard)?),
            Some(sp) => Self::Folded(AtlasSource {
                folded: FoldedProcess::new(
                    &card.mediator,
                    &card.target,
                    card.form_factor,
                    sp.clone(),
                    Mapping::Standard,
                )?,
                geometry: DetectorGeometry::default(),
            }),
        })
    }

    /// The number of integration variables (4 fixed, 5 folded).
    #[must_use]
    pub fn dim(&self) -> usize {
        match self {
            Self::Fixed(_) => DIM,
            Self::Folded(_) => FOLDED_DIM,
            Self::Slab(_) => SLAB_DIM,
        }
    }

    /// The fixed-beam process, if this is one.
    #[must_use]
    pub fn fixed(&self) -> Option<&Process> {
        match self {
            Self::Fixed(p) => Some(p),
            Self::Folded(_) | Self::Slab(_) => None,
        }
    }

    /// Adapts a VEGAS+ integrator to this source and integrates it (the one place a run
    /// sets up VEGAS; the `mfcgen` CLI, gridpacks and the paper's analysis all come here).
    ///
    /// # Errors
    /// [`VegasError`] if the integrand misbehaves.
    pub fn integrate(
        &self,
        settings: VegasSettings,
        on_iteration: &mut dyn FnMut(&IterationReport),
    ) -> Result<(Vegas, Estimate), VegasError> {
        self.integrate_until(settings, &mut |r| {
            on_iteration(r);
            ControlFlow::Continue(())
        })
    }

    /// As [`Source::integrate`], but `on_iteration` may end the run after an iteration
    /// ([`Vegas::integrate_until`]).
    ///
    /// # Errors
    /// [`VegasError`] if the integrand misbehaves or the callback stopped the run.
    pub fn integrate_until(
        &self,
        settings: VegasSettings,
        on_iteration: &mut dyn FnMut(&IterationReport) -> ControlFlow<()>,
    ) -> Result<(Vegas, Estimate), VegasError> {
        let mut v = Vegas::new(self.dim(), settings);
        let e = match self {
            Self::Fixed(p) => v.integrate_until(p, on_iteration)?,
            Self::Folded(src) => v.integrate_until(&src.folded, on_iteration)?,
            Self::Slab(slab) => v.integrate_until(slab, on_iteration)?,
        };
        Ok((v, e))
    }
}

/// Result of the integration step.
#[derive(Debug, Clone)]
pub struct Integration {
    /// What was integrated (its frozen map samples the same source in generation).
    pub source: Source,
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
    vegas_settings_of(&card.card.integration, card.card.generation.seed)
}

/// VEGAS settings of an `[integration]` card section and a seed (the one translation from
/// the card's names to the integrator's).
#[must_use]
pub fn vegas_settings_of(ic: &IntegrationCard, seed: u64) -> VegasSettings {
    VegasSettings {
        n_eval: usize::try_from(ic.calls).unwrap_or(usize::MAX),
        n_adapt_iter: ic.adapt_iterations as usize,
        max_iter: ic.max_iterations as usize,
        rel_precision: ic.precision,
        seed,
        ..VegasSettings::default()
    }
}

/// Integrates the card's source (adaptation, then iterations to the requested precision).
///
/// # Errors
/// [`RunError`] if the process is closed or the integrand misbehaves.
pub fn integrate(
    card: &ValidatedCard,
    on_iteration: &mut dyn FnMut(&IterationReport),
) -> Result<Integration, RunError> {
    integrate_until(card, &mut |r| {
        on_iteration(r);
        ControlFlow::Continue(())
    })
}

/// As [`integrate`], but `on_iteration` may end the run after an iteration by returning
/// [`ControlFlow::Break`] (the error is then [`VegasError::Stopped`]).
///
/// # Errors
/// As [`integrate`].
pub fn integrate_until(
    card: &ValidatedCard,
    on_iteration: &mut dyn FnMut(&IterationReport) -> ControlFlow<()>,
) -> Result<Integration, RunError> {
    let start = Instant::now();
    let source = Source::of_card(card)?;
    let (vegas, estimate) = source.integrate_until(vegas_settings(card), on_iteration)?;
    Ok(Integration {
        source,
        vegas,
        estimate,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Probability below which the spread of the iteration estimates counts as inconsistent: the
/// chi2 of the iterations around their mean has a p-value `Q` ([`Estimate::q`]) below 1e-3,
/// i.e. chi2/dof above 10.8 for 2 iterations, 2.96 for 11 and 1.73 for 51, if the quoted errors
/// were right.
pub const CHI2_P_VALUE: f64 = 1e-3;

/// Why an integration result should not be trusted as it stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConvergenceIssue {
    /// `max_iterations` ended before the requested relative error was reached.
    PrecisionNotReached {
        /// Relative error reached.
        reached: f64,
        /// `integration.precision` requested.
        requested: f64,
        /// Iterations averaged.
        iterations: usize,
    },
    /// The iteration estimates disagree beyond their errors (the error is underestimated,
    /// usually because the grid was still adapting or the integrand has unsampled peaks).
    Inconsistent {
        /// chi2/dof of the iterations.
        chi2_dof: f64,
        /// Its p-value `Q`, below [`CHI2_P_VALUE`].
        q: f64,
        /// Iterations averaged.
        iterations: usize,
    },
}

impl std::fmt::Display for ConvergenceIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::PrecisionNotReached {
                reached,
                requested,
                iterations,
            } => write!(
                f,
                "integration.precision = {requested:.1e} was not reached: the relative error is \
                 {reached:.2e} after {iterations} iterations (raise integration.calls or \
                 integration.max_iterations)"
            ),
            Self::Inconsistent {
                chi2_dof,
                q,
                iterations,
            } => write!(
                f,
                "the {iterations} iterations disagree: chi2/dof = {chi2_dof:.2} has a \
                 probability Q = {q:.1e} < {CHI2_P_VALUE:.0e} if the errors were right, so the \
                 quoted error is too small (raise integration.adapt_iterations or calls)"
            ),
        }
    }
}

/// The convergence problems of an integration run to `requested` relative precision; empty
/// when the result can be quoted as it is.
#[must_use]
pub fn convergence_issues(estimate: &Estimate, requested: f64) -> Vec<ConvergenceIssue> {
    let mut out = Vec::new();
    let reached = estimate.rel_sdev();
    if !(reached <= requested && estimate.mean != 0.0) {
        out.push(ConvergenceIssue::PrecisionNotReached {
            reached,
            requested,
            iterations: estimate.n_iter,
        });
    }
    let q = estimate.q();
    if estimate.n_iter >= 2 && !(q >= CHI2_P_VALUE) {
        out.push(ConvergenceIssue::Inconsistent {
            chi2_dof: estimate.chi2_dof,
            q,
            iterations: estimate.n_iter,
        });
    }
    out
}

/// Summary of a generation run.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The maximum weight and the calibration.
    pub max_weight: MaxWeight,
    /// Counters.
    pub stats: GenerationStats,
    /// Events written.
    pub events: u64,
    /// Wall time in seconds (unweighting and writing).
    pub seconds: f64,
    /// The cross section of each `generation.reweight` alternative from the events' weights
    /// (empty without reweighting).
    pub reweighted: Vec<ReweightedSigma>,
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
    generate_to(card, integration, Destination::File(output), progress)
}

/// One generated event as [`generate_events`] hands it to its sink: what the event file
/// would hold.
#[derive(Debug, Clone, Copy)]
pub struct EventRecord<'a> {
    /// The particles (a decayed X with status 2, its products after it) and the production
    /// vertex (x, y, z, ct) in mm.
    pub placed: &'a PlacedEvent,
    /// The decay of X, if it decayed: its vertex and proper decay length.
    pub decay: Option<&'a Decay>,
    /// The weights (pb) of the `generation.reweight` alternatives, in the card's order
    /// (empty without reweighting).
    pub weights: &'a [f64],
}

/// The sink of [`generate_events`].
pub type EventRecordSink<'a> = dyn FnMut(&EventRecord<'_>) -> Result<(), RunError> + 'a;

/// Generates `card.generation.events` unweighted events into `sink`, in memory, with the
/// random streams, order and weights of [`generate`]: the same card and seed give the same
/// events as the file (`generation.output` is not used). A sink error (e.g.
/// [`RunError::Stopped`]) ends the generation and is returned.
///
/// # Errors
/// [`RunError`] for a zero cross section or what `sink` returns.
pub fn generate_events(
    card: &ValidatedCard,
    integration: &Integration,
    sink: &mut EventRecordSink<'_>,
    progress: &mut dyn FnMut(u64),
) -> Result<Generation, RunError> {
    generate_to(card, integration, Destination::Callback(sink), progress)
}

/// Where [`generate_to`] puts the events: an event file, or a caller's sink.
enum Destination<'a, 'b> {
    File(&'a Path),
    Callback(&'a mut EventRecordSink<'b>),
}

/// [`generate`] and [`generate_events`]: the source of the integration to `destination`.
fn generate_to(
    card: &ValidatedCard,
    integration: &Integration,
    destination: Destination<'_, '_>,
    progress: &mut dyn FnMut(u64),
) -> Result<Generation, RunError> {
    if !(integration.estimate.mean > 0.0) {
        return Err(RunError::ZeroCrossSection);
    }
    match &integration.source {
        Source::Fixed(p) => generate_from(p, card, integration, destination, progress),
        Source::Folded(src) => generate_from(src, card, integration, destination, progress),
        Source::Slab(slab) => generate_from(slab, card, integration, destination, progress),
    }
}

/// [`generate_to`] for one event source (fixed beam, or folded with a spectrum).
fn generate_from<S: EventSource<Point: Reweightable + Send + Sync>>(
    source: &S,
    card: &ValidatedCard,
    integration: &Integration,
    destination: Destination<'_, '_>,
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
    let names = weight_names(&card.reweight);
    let mut sink = EventSink::create(
        card,
        destination,
        sigma,
        integration.estimate.sdev,
        &summary,
        &names,
    )?;
    let reweighter = reweighter_of(card)?;
    let mut weights = EventWeights::new(reweighter.len());
    let decayer = EventDecayer::of_card(card, settings.seed);
    let stats = unweight::generate_annotated(
        source,
        &map,
        max_weight.w_max,
        ids,
        sigma / n.max(1) as f64,
        n,
        &settings,
        // ratios and decays in parallel, in output order (the decay stream is the index's)
        &|e, p: &S::Point, index| {
            let decayed = decayer.as_ref().map(|d| d.decay(e, index)).transpose();
            (reweight_ratios(&reweighter, p), decayed)
        },
        &mut |e, (ratios, decayed)| {
            let w = weights.next(e.event.weight, ratios)?;
            match decayed? {
                None => sink.write(e, None, w),
                Some((event, decay)) => sink.write(e, Some((&event, &decay)), w),
            }
        },
        progress,
    )?;
    let events = sink.finish()?;
    Ok(Generation {
        max_weight,
        stats,
        events,
        seconds: start.elapsed().as_secs_f64(),
        reweighted: weights.estimates(sigma, integration.estimate.sdev, &names),
    })
}

/// The card's reweighter (the nominal against `generation.reweight`).
///
/// # Errors
/// [`RunError::Reweight`] if an alternative cannot be built.
pub fn reweighter_of(card: &ValidatedCard) -> Result<Reweighter, RunError> {
    let nominal = crate::reweight::Alternative {
        kind: card.mediator.kind,
        form_factor: card.form_factor,
        coupling: card.mediator.coupling,
    };
    Ok(Reweighter::new(
        &nominal,
        &card.reweight,
        card.mediator.mass,
        &card.target,
    )?)
}

/// The ratios of an accepted point (no work without alternatives); the event number is set
/// by the caller ([`crate::reweight::ReweightError::at_event`]).
pub fn reweight_ratios<P: Reweightable>(
    reweighter: &Reweighter,
    p: &P,
) -> Result<Vec<f64>, crate::reweight::ReweightError> {
    if reweighter.is_empty() {
        return Ok(Vec::new());
    }
    reweighter.ratios(p.kinematics(), 0)
}

/// The event file being written: LHE (lab frame) or HepMC3 (with vertices); or the caller's
/// sink of [`generate_events`] with the count of events it took.
enum EventSink<'a, 'b> {
    Lhe(LheWriter),
    HepMc(HepMcWriter, (f64, f64)),
    Callback(&'a mut EventRecordSink<'b>, u64),
}

impl<'a, 'b> EventSink<'a, 'b> {
    fn create(
        card: &ValidatedCard,
        destination: Destination<'a, 'b>,
        sigma: f64,
        error: f64,
        summary: &RunSummary<'_>,
        weights: &[crate::io::lhe::WeightInfo],
    ) -> Result<Self, RunError> {
        let output = match destination {
            Destination::File(path) => path,
            Destination::Callback(sink) => return Ok(Self::Callback(sink, 0)),
        };
        if card.output_format == OutputFormat::HepMc
            || OutputFormat::from_path(output) == Some(OutputFormat::HepMc)
        {
            let mut attributes = vec![
                (
                    "mfcgen_version",
                    format!("mfcgen {}", env!("CARGO_PKG_VERSION")),
                ),
                ("mfcgen_seed", summary.seed.to_string()),
                ("mfcgen_events", summary.events.to_string()),
                ("mfcgen_cross_section", format!("{sigma:e}")),
                ("mfcgen_cross_section_error", format!("{error:e}")),
                ("mfcgen_cross_section_unit", "pb".to_string()),
                (
                    "mfcgen_weight_normalisation",
                    "every event weight is sigma/N in pb (N = events in the file): the weights \
                     sum to sigma"
                        .to_string(),
                ),
                ("mfcgen_run_card", summary.card.to_string()),
            ];
            if !weights.is_empty() {
                attributes.push((
                    "mfcgen_reweighting",
                    crate::reweight::WEIGHT_NOTE.to_string(),
                ));
            }
            let names: Vec<String> = weights.iter().map(|w| w.name.clone()).collect();
            let w = HepMcWriter::create_with_weights(output, &attributes, &names)?;
            return Ok(Self::HepMc(w, (sigma, error)));
        }
        let info = RunInfo::for_card(card, sigma, error, &summary.to_header());
        Ok(Self::Lhe(LheWriter::create_with_weights(
            output, &info, weights,
        )?))
    }

    /// Writes `e`, or with a decay its decayed form `event`, with the named weights.
    fn write(
        &mut self,
        e: &PlacedEvent,
        decayed: Option<(&Event, &Decay)>,
        weights: &[f64],
    ) -> Result<(), RunError> {
        let (event, decay) = match decayed {
            Some((event, decay)) => (event, Some(decay)),
            None => (&e.event, None),
        };
        match self {
            Self::Lhe(w) => Ok(w.write_event_full(event, decay, weights)?),
            Self::HepMc(w, xs) => {
                Ok(w.write_event_full(event, e.vertex, decay, Some(*xs), weights)?)
            }
            // the caller gets what a file would hold: the particles (a decayed X has status
            // 2, its products after it), the vertices and the named weights
            Self::Callback(sink, n) => {
                let decayed_event;
                let placed = if decay.is_some() {
                    decayed_event = PlacedEvent {
                        event: event.clone(),
                        vertex: e.vertex,
                    };
                    &decayed_event
                } else {
                    e
                };
                sink(&EventRecord {
                    placed,
                    decay,
                    weights,
                })?;
                *n += 1;
                Ok(())
            }
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
            Self::Callback(_, n) => Ok(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi2_threshold_is_the_tabulated_quantile() {
        // 0.999 quantiles of chi2_k (Abramowitz & Stegun Table 26.8): Q there is 1e-3, so a
        // chi2 1 % below passes and 1 % above is flagged.
        for (k, q999) in [(1, 10.828), (2, 13.816), (10, 29.588), (50, 86.661)] {
            let at = |chi2: f64| estimate(1.0, 1e-4, chi2 / k as f64, k + 1);
            assert!(
                (at(q999).q() / 1e-3 - 1.0).abs() < 2e-3,
                "k = {k}: Q = {}",
                at(q999).q()
            );
            assert!(convergence_issues(&at(0.99 * q999), 1e-3).is_empty());
            assert_eq!(convergence_issues(&at(1.01 * q999), 1e-3).len(), 1);
        }
    }

    fn estimate(mean: f64, sdev: f64, chi2_dof: f64, n_iter: usize) -> Estimate {
        Estimate {
            mean,
            sdev,
            chi2_dof,
            n_iter,
            n_eval: 1000,
        }
    }

    #[test]
    fn convergence_issues_name_precision_and_chi2() {
        assert!(convergence_issues(&estimate(1.0, 1e-4, 1.0, 10), 1e-3).is_empty());
        let i = convergence_issues(&estimate(1.0, 1e-2, 1.0, 10), 1e-3);
        assert!(matches!(
            i[..],
            [ConvergenceIssue::PrecisionNotReached { .. }]
        ));
        assert!(
            i[0].to_string().contains("integration.precision"),
            "{}",
            i[0]
        );
        // the 4073 of the issue report, and a zero result (0 +- 0 reaches no precision)
        let i = convergence_issues(&estimate(1.0, 1e-4, 4073.0, 50), 1e-3);
        assert!(matches!(i[..], [ConvergenceIssue::Inconsistent { .. }]));
        assert!(i[0].to_string().contains("4073.00"), "{}", i[0]);
        let i = convergence_issues(&estimate(0.0, 0.0, 0.0, 3), 1e-3);
        assert!(matches!(
            i[..],
            [ConvergenceIssue::PrecisionNotReached { .. }]
        ));
        // a single iteration has no chi2
        assert!(convergence_issues(&estimate(1.0, 1e-4, 0.0, 1), 1e-3).is_empty());
    }
}
