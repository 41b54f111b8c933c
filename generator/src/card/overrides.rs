//! Command-line overrides of run-card values.

use super::{BeamParticle, DecayMode, RunCard};
use mfc_models::CouplingModel;
use mfc_models::{FormFactorKind, MediatorKind};
use std::path::PathBuf;

/// Values given on the command line; each `Some` replaces the card's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `mediator.kind`. Changing the kind also drops a card `mediator.pdg_id`, so X gets the
    /// new kind's default id.
    pub mediator_kind: Option<MediatorKind>,
    /// `mediator.mass` in GeV.
    pub mass: Option<f64>,
    /// `mediator.coupling`.
    pub coupling: Option<f64>,
    /// `target.name`.
    pub target: Option<String>,
    /// `beam.energy` in GeV.
    pub beam_energy: Option<f64>,
    /// `beam.particle`.
    pub beam_particle: Option<BeamParticle>,
    /// `beam.spectrum`.
    pub beam_spectrum: Option<PathBuf>,
    /// `target.form_factor`.
    pub form_factor: Option<FormFactorKind>,
    /// `integration.precision`.
    pub precision: Option<f64>,
    /// `generation.seed`.
    pub seed: Option<u64>,
    /// `generation.events`.
    pub events: Option<u64>,
    /// `generation.output`.
    pub output: Option<PathBuf>,
    /// `mediator.model`.
    pub model: Option<CouplingModel>,
    /// `mediator.dark_width` in GeV (replaces a card `br_invisible`).
    pub dark_width: Option<f64>,
    /// `mediator.br_invisible` (replaces a card `dark_width`).
    pub br_invisible: Option<f64>,
    /// `decay.mode`.
    pub decay_mode: Option<DecayMode>,
    /// `generation.reweight` (replaces the card's list).
    pub reweight: Option<Vec<String>>,
}

impl Overrides {
    /// True when no value is overridden.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Sets `*slot` from `value` if given and records `path` as overridden.
fn set<T: Clone>(slot: &mut T, value: Option<&T>, path: &'static str, log: &mut Vec<&'static str>) {
    if let Some(v) = value {
        *slot = v.clone();
        if !log.contains(&path) {
            log.push(path);
        }
    }
}

impl RunCard {
    /// Applies command-line overrides: every `Some` field of `o` wins over the card.
    /// Validation ([`RunCard::validate`]) comes after, and its errors say which values came
    /// from the command line.
    pub fn apply(&mut self, o: &Overrides) {
        let log = &mut self.provenance.overridden;
        if o.mediator_kind.is_some_and(|k| k != self.mediator.kind) {
            self.mediator.pdg_id = None;
        }
        set(
            &mut self.mediator.kind,
            o.mediator_kind.as_ref(),
            "mediator.kind",
            log,
        );
        set(
            &mut self.mediator.mass,
            o.mass.as_ref(),
            "mediator.mass",
            log,
        );
        set(
            &mut self.mediator.coupling,
            o.coupling.as_ref(),
            "mediator.coupling",
            log,
        );
        set(&mut self.target.name, o.target.as_ref(), "target.name", log);
        set(
            &mut self.target.form_factor,
            o.form_factor.as_ref(),
            "target.form_factor",
            log,
        );
        set(
            &mut self.beam.energy,
            o.beam_energy.as_ref(),
            "beam.energy",
            log,
        );
        set(
            &mut self.beam.particle,
            o.beam_particle.as_ref(),
            "beam.particle",
            log,
        );
        if let Some(sp) = &o.beam_spectrum {
            self.beam.spectrum = Some(sp.clone());
            if !log.contains(&"beam.spectrum") {
                log.push("beam.spectrum");
            }
        }
        set(
            &mut self.integration.precision,
            o.precision.as_ref(),
            "integration.precision",
            log,
        );
        set(
            &mut self.generation.seed,
            o.seed.as_ref(),
            "generation.seed",
            log,
        );
        set(
            &mut self.generation.events,
            o.events.as_ref(),
            "generation.events",
            log,
        );
        set(
            &mut self.generation.output,
            o.output.as_ref(),
            "generation.output",
            log,
        );
        set(
            &mut self.generation.reweight,
            o.reweight.as_ref(),
            "generation.reweight",
            log,
        );
        self.apply_decay(o);
    }

    /// The decay part of [`RunCard::apply`]: a dark width from the command line replaces a
    /// card's invisible branching ratio and vice versa (they are alternatives).
    fn apply_decay(&mut self, o: &Overrides) {
        let log = &mut self.provenance.overridden;
        set(
            &mut self.mediator.model,
            o.model.as_ref(),
            "mediator.model",
            log,
        );
        if o.dark_width.is_some() {
            self.mediator.br_invisible = None;
            set(
                &mut self.mediator.dark_width,
                Some(&o.dark_width),
                "mediator.dark_width",
                log,
            );
        }
        if o.br_invisible.is_some() {
            self.mediator.dark_width = None;
            set(
                &mut self.mediator.br_invisible,
                Some(&o.br_invisible),
                "mediator.br_invisible",
                log,
            );
        }
        set(
            &mut self.decay.mode,
            o.decay_mode.as_ref(),
            "decay.mode",
            log,
        );
    }
}
