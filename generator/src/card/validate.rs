//! Physics and range checks of a run card, done before any work.

use super::{BeamParticle, CardError, RunCard};
use mfc_models::constants::M_MU;
use mfc_models::decay::DecayError;
use mfc_models::number::Num;
use mfc_models::{
    DarkSector, DecaySettings, DecayTable, FormFactor, FormFactorKind, Mediator, PdgId, Target,
};

/// Largest `generation.events` of one run (inclusive): 1e9 events are ~0.8 TB of LHE text and
/// ~3 h of generation on 2 cores; larger samples are gridpack shards (`mfcgen adapt`, then
/// `generate --shard I/N` and `merge`).
pub const MAX_EVENTS: u64 = 1_000_000_000;
/// Smallest calls per iteration accepted.
const MIN_CALLS: u64 = 1000;
/// Largest calls per iteration (inclusive): 1e9 evaluations are ~2 min per iteration on 2 cores.
pub const MAX_CALLS: u64 = 1_000_000_000;
/// Largest `adapt_iterations` and `max_iterations` (each, inclusive): VEGAS converges in tens of
/// iterations; more means the precision cannot be reached at these calls.
pub const MAX_ITERATIONS: u32 = 1000;
/// Largest beam energy (GeV, inclusive): double precision is proven against double-double up to
/// 1 TeV (`models` tests); 10 TeV leaves a margin, beyond it nothing is validated.
pub const MAX_BEAM_ENERGY: f64 = 1e4;
/// Smallest mediator mass (GeV, inclusive): 1 keV, far below every scale of the process; the
/// extended-precision tests cover 1 MeV and up.
pub const MIN_MEDIATOR_MASS: f64 = 1e-6;
/// Smallest relative distance `1 - m_X / m_max` from the kinematic threshold accepted for a
/// fixed beam: closer than 2e-3 the phase space collapses onto a point the map does not
/// resolve, and seeds disagree by more than the quoted error (measured: 15 % spread against a
/// quoted 0.09 % at 1e-4 for hydrogen at 5 GeV; at 2e-3 the seed spread matches the quoted
/// error for H at 5 GeV and Cu at 50 GeV, tested in `generator/tests/threshold.rs`).
pub const MIN_THRESHOLD_DISTANCE: f64 = 2e-3;
/// Largest coupling (inclusive): sqrt(4 pi), the perturbative limit g^2/(4 pi) <= 1 of a
/// tree-level calculation.
pub const MAX_COUPLING: f64 = 3.544_907_701_811_032; // sqrt(4 pi)

/// Event-file format, from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// Les Houches Event file, plain text (`.lhe`).
    Lhe,
    /// Les Houches Event file, gzip-compressed (`.lhe.gz`).
    LheGz,
    /// HepMC3 ASCII (`.hepmc`), with production vertices.
    HepMc,
}

impl OutputFormat {
    /// Format from a file name; `None` for an unsupported extension. Case-sensitive.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        let stem_ok = |ext: &str| name.len() > ext.len() && name.ends_with(ext);
        if stem_ok(".lhe.gz") {
            Some(Self::LheGz)
        } else if stem_ok(".lhe") {
            Some(Self::Lhe)
        } else if stem_ok(".hepmc") {
            Some(Self::HepMc)
        } else {
            None
        }
    }
}

/// A checked run card with the typed physics models it describes.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedCard {
    /// The card as validated (after command-line overrides); integration and generation
    /// settings are read from `card.integration` and `card.generation`.
    pub card: RunCard,
    /// Incoming lepton.
    pub beam: BeamParticle,
    /// PDG id of the beam lepton (13 or -13).
    pub beam_pdg_id: PdgId,
    /// Beam energy in GeV (lab frame).
    pub beam_energy: f64,
    /// Target nucleus.
    pub target: Target,
    /// Form factor kind.
    pub form_factor: FormFactorKind,
    /// The boson X (kind, mass in GeV, coupling).
    pub mediator: Mediator,
    /// PDG id written for X.
    pub x_pdg_id: PdgId,
    /// Centre-of-mass energy sqrt(s) of mu N in GeV.
    pub sqrt_s: f64,
    /// Largest m_X (GeV) for which the process is open at this energy and target.
    pub max_mediator_mass: f64,
    /// Event-file format.
    pub output_format: OutputFormat,
    /// The incoming-muon spectrum, if `beam.spectrum` is set.
    pub spectrum: Option<crate::beam::BeamSpectrum>,
    /// The decay table of X in the card's coupling model (`mediator.model`, `dark_width`,
    /// `br_invisible`).
    pub decay_table: DecayTable,
    /// `decay.mode`.
    pub decay_mode: super::DecayMode,
    /// The alternative hypotheses of `generation.reweight`, in order.
    pub reweight: Vec<crate::reweight::Alternative>,
    /// The material slab, if `target.material` or `target.thickness_cm` is set; then
    /// `target` is its element of largest mass fraction (the nucleus of the LHE `<init>`).
    pub slab: Option<crate::slab::SlabSpec>,
}

impl ValidatedCard {
    /// Checks that the output can hold this run's events, before any work: LHE cannot
    /// describe the ATLAS-frame events (production vertices, varying beam energy) of a
    /// `beam.spectrum` run, which need HepMC3. Only event generation needs this check.
    ///
    /// # Errors
    /// [`CardError::Invalid`] naming `generation.output`.
    pub fn check_generation_output(&self) -> Result<(), CardError> {
        if self.spectrum.is_some() && self.output_format != OutputFormat::HepMc {
            return Err(self.card.invalid(
                &["generation.output", "beam.spectrum"],
                format!("{:?}", self.card.generation.output.display().to_string()),
                "a beam spectrum places events in the ATLAS frame with production vertices and a \
                 varying beam energy, which LHE cannot describe: write HepMC3 (.hepmc)",
            ));
        }
        Ok(())
    }

    /// Beam momentum |p| in GeV.
    #[must_use]
    pub fn beam_momentum(&self) -> f64 {
        ((self.beam_energy - M_MU) * (self.beam_energy + M_MU)).sqrt()
    }

    /// The form factor bound to the target.
    #[must_use]
    pub fn form_factor(&self) -> FormFactor {
        FormFactor::new(self.form_factor, &self.target)
    }
}

/// Largest X mass (GeV) for mu N -> mu N X with beam energy `beam_energy` (GeV, lab) on a
/// nucleus of mass `nucleus_mass` (GeV) at rest: sqrt(s) - m_mu - M with
/// s = m_mu^2 + M^2 + 2 E M. Computed as (m_mu^2 + 2 E M)/(sqrt(s) + M) - m_mu to avoid the
/// cancellation of sqrt(s) - M for M >> E. Not positive when E <= m_mu.
#[must_use]
pub fn max_mediator_mass(beam_energy: f64, nucleus_mass: f64) -> f64 {
    let big_m = nucleus_mass;
    let s = M_MU * M_MU + big_m * big_m + 2.0 * beam_energy * big_m;
    (M_MU * M_MU + 2.0 * beam_energy * big_m) / (s.sqrt() + big_m) - M_MU
}

impl RunCard {
    /// Checks the card before any work and builds the typed models.
    ///
    /// Checks, in order: beam energy finite and above the muon mass; target known; mediator
    /// mass in [1 keV, open], coupling in (0, sqrt(4 pi)]; X PDG id usable; the process open
    /// (sqrt(s) > m_mu + m_X + M); precision in (0, 1); calls in [1000, 1e9]; iterations at
    /// most 1000 each (max_iterations >= 1); events <= 1e9 (see the `MAX_*` constants for the
    /// reasons); output ending in `.lhe`, `.lhe.gz` or `.hepmc`.
    ///
    /// # Errors
    /// [`CardError::Invalid`] naming the first offending field (e.g. `mediator.mass`), its
    /// value, the file (or the command line) and the allowed range.
    pub fn validate(&self) -> Result<ValidatedCard, CardError> {
        let energy = self.beam.energy;
        if !(energy > M_MU && energy <= MAX_BEAM_ENERGY) {
            return Err(self.invalid(
                &["beam.energy"],
                Num(energy),
                format!(
                    "the beam energy must lie above the muon mass {M_MU} GeV and at most \
                     {} GeV (the validated range)",
                    Num(MAX_BEAM_ENERGY)
                ),
            ));
        }

        let slab = self.validate_slab()?;
        let target = match &slab {
            Some(s) => dominant_element(&s.material).ok_or_else(|| {
                self.invalid(
                    &["target.material"],
                    format!("{:?}", s.material.name),
                    "the material has no elements",
                )
            })?,
            None => Target::by_name(&self.target.name).map_err(|e| {
                self.invalid(
                    &["target.name"],
                    format!("{:?}", self.target.name),
                    e.to_string(),
                )
            })?,
        };

        let m = &self.mediator;
        if !(m.mass >= MIN_MEDIATOR_MASS && m.mass.is_finite()) {
            return Err(self.invalid(
                &["mediator.mass"],
                Num(m.mass),
                format!(
                    "the mediator mass must be a finite number of GeV, at least {} GeV (1 keV)",
                    Num(MIN_MEDIATOR_MASS)
                ),
            ));
        }
        if !(m.coupling > 0.0 && m.coupling <= MAX_COUPLING) {
            return Err(self.invalid(
                &["mediator.coupling"],
                Num(m.coupling),
                "the coupling g must be positive and at most sqrt(4 pi) = 3.545 (beyond it a \
                 tree-level cross section means nothing); sigma scales as g^2",
            ));
        }
        let mediator = Mediator::new(m.kind, m.mass, m.coupling)
            .map_err(|e| self.invalid(&["mediator.mass"], Num(m.mass), e.to_string()))?;
        let x_pdg_id = match m.pdg_id {
            None => m.kind.default_pdg_id(),
            Some(code) => {
                let id = PdgId(code);
                if code == 0 || code.abs() == 13 || code == 22 || id.is_nucleus() {
                    return Err(self.invalid(
                        &["mediator.pdg_id"],
                        code,
                        "must be a non-zero code that is not the muon (13), photon (22) or a nucleus",
                    ));
                }
                id
            }
        };

        let big_m = target.nucleus_mass();
        let spectrum = match &self.beam.spectrum {
            None => None,
            Some(path) => Some(crate::beam::BeamSpectrum::load(path).map_err(|e| {
                self.invalid(
                    &["beam.spectrum"],
                    format!("{:?}", path.display().to_string()),
                    e.to_string(),
                )
            })?),
        };
        // With a spectrum the largest beam energy decides whether the process is open.
        let energy = spectrum.as_ref().map_or(energy, |sp| {
            let (_, p_max) = sp.momentum_range();
            p_max.hypot(M_MU)
        });
        let max_mass = max_mediator_mass(energy, big_m);
        if m.mass >= max_mass {
            let s = M_MU * M_MU + big_m * big_m + 2.0 * energy * big_m;
            return Err(self.invalid(
                &["mediator.mass", "beam.energy", "target.name"],
                Num(m.mass),
                format!(
                    "the process is closed: sqrt(s) = {:.6} GeV for a {energy} GeV muon on {} \
                     (M = {big_m:.6} GeV) must exceed m_mu + m_X + M; the maximum allowed \
                     mediator mass is {max_mass:.6} GeV",
                    s.sqrt(),
                    target.name,
                ),
            ));
        }

        if spectrum.is_none() && 1.0 - m.mass / max_mass < MIN_THRESHOLD_DISTANCE {
            return Err(self.invalid(
                &["mediator.mass", "beam.energy", "target.name"],
                Num(m.mass),
                format!(
                    "m_X lies within {:.1e} (relative) of the kinematic threshold {max_mass:.6} GeV \
                     for a {energy} GeV muon on {}: closer than {MIN_THRESHOLD_DISTANCE:.0e} the \
                     phase space collapses and the integration error would not be honest; use \
                     m_X <= {:.6} GeV or a higher beam energy",
                    1.0 - m.mass / max_mass,
                    target.name,
                    max_mass * (1.0 - MIN_THRESHOLD_DISTANCE),
                ),
            ));
        }
        self.validate_settings()?;
        let decay_table = self.validate_decay(&mediator)?;
        let output_format = OutputFormat::from_path(&self.generation.output).ok_or_else(|| {
            self.invalid(
                &["generation.output"],
                format!("{:?}", self.generation.output.display().to_string()),
                "the event file name must end in .lhe, .lhe.gz or .hepmc",
            )
        })?;

        let reweight = self.validate_reweight(&self.generation.reweight)?;
        if slab.is_some() {
            let field = if self.target.material.is_some() {
                "target.material"
            } else {
                "target.thickness_cm"
            };
            let value = self
                .target
                .material
                .clone()
                .unwrap_or_else(|| self.target.name.clone());
            if let Some(path) = &self.beam.spectrum {
                return Err(self.invalid(
                    &[field, "beam.spectrum"],
                    format!("{value:?}"),
                    format!(
                        "a material slab needs a fixed beam energy; beam.spectrum = {:?} places \
                         events in the ATLAS frame on the card's single nucleus (the ATLAS \
                         barrel's materials are in `mfc-validate yields --material atlas-barrel`)",
                        path.display().to_string()
                    ),
                ));
            }
            if !reweight.is_empty() {
                return Err(self.invalid(
                    &[field, "generation.reweight"],
                    format!("{value:?}"),
                    "generation.reweight is not supported on a material slab yet (the weights \
                     would need each element's form factor); generate one element at a time \
                     (target.name, no target.material) to reweight",
                ));
            }
        }
        Ok(ValidatedCard {
            slab,
            reweight,
            spectrum,
            card: self.clone(),
            beam: self.beam.particle,
            beam_pdg_id: self.beam.particle.pdg_id(),
            beam_energy: energy,
            sqrt_s: (M_MU * M_MU + big_m * big_m + 2.0 * energy * big_m).sqrt(),
            max_mediator_mass: max_mass,
            target,
            form_factor: self.target.form_factor,
            mediator,
            x_pdg_id,
            output_format,
            decay_table,
            decay_mode: self.decay.mode,
        })
    }

    /// The slab of `target.material` / `target.thickness_cm` (`None` if neither is set).
    fn validate_slab(&self) -> Result<Option<crate::slab::SlabSpec>, CardError> {
        if self.target.material.is_none() && self.target.thickness_cm.is_none() {
            return Ok(None);
        }
        let material = self.material(None)?;
        let thickness_cm = match self.target.thickness_cm {
            None => None,
            Some(_) => Some(self.thickness_cm(None)?),
        };
        Ok(Some(crate::slab::SlabSpec {
            material,
            thickness_cm,
            energy_loss: self.target.energy_loss.unwrap_or(true),
        }))
    }

    /// The decay table of `mediator` in the card's coupling model; errors name
    /// `mediator.model`, `mediator.dark_width` or `mediator.br_invisible`.
    fn validate_decay(&self, mediator: &Mediator) -> Result<DecayTable, CardError> {
        let m = &self.mediator;
        let named = |e: DecayError| {
            let (field, value): (&'static str, String) = match &e {
                DecayError::UnknownModel(_) | DecayError::UnsupportedMediator { .. } => {
                    ("mediator.model", format!("{:?}", m.model.name()))
                }
                DecayError::InvalidParameter { field, value, .. } => {
                    if *field == "br_invisible" {
                        ("mediator.br_invisible", Num(*value).to_string())
                    } else if *field == "dark width" {
                        ("mediator.dark_width", Num(*value).to_string())
                    } else {
                        ("mediator.mass", Num(m.mass).to_string())
                    }
                }
            };
            self.invalid(
                &[field, "mediator.model", "mediator.kind"],
                value,
                e.to_string(),
            )
        };
        let dark = DarkSector::from_options(m.dark_width, m.br_invisible).map_err(named)?;
        let settings = DecaySettings::new(m.model, dark).map_err(named)?;
        DecayTable::new(mediator, &settings).map_err(named)
    }

    /// The alternatives of a reweight list at this card's mediator and form factor.
    ///
    /// # Errors
    /// [`CardError::Invalid`] naming `generation.reweight` and the item refused.
    pub fn validate_reweight(
        &self,
        items: &[String],
    ) -> Result<Vec<crate::reweight::Alternative>, CardError> {
        let nominal = crate::reweight::Alternative {
            kind: self.mediator.kind,
            form_factor: self.target.form_factor,
            coupling: self.mediator.coupling,
        };
        let alternatives = crate::reweight::parse_list(items, &nominal, self.mediator.mass)
            .map_err(|(i, e)| {
                self.invalid(
                    &["generation.reweight"],
                    format!("{:?}", items.get(i).map_or("", String::as_str)),
                    e.to_string(),
                )
            })?;
        // The weights are ratios of production |M|^2; the decays stay the nominal's. Another
        // mediator or coupling changes the decays too (angles, branching ratios, lifetime),
        // so with X decaying in the events only form-factor alternatives are exact.
        let changes_decay = |a: &crate::reweight::Alternative| {
            a.kind != nominal.kind || a.coupling != nominal.coupling
        };
        if let Some(i) = alternatives.iter().position(changes_decay)
            && self.decay.mode == super::DecayMode::Decay
            && Mediator::new(
                self.mediator.kind,
                self.mediator.mass,
                self.mediator.coupling,
            )
            .ok()
            .and_then(|m| self.validate_decay(&m).ok())
            .is_some_and(|t| !t.is_stable())
        {
            return Err(self.invalid(
                &["generation.reweight", "mediator.model", "decay.mode"],
                format!("{:?}", items.get(i).map_or("", String::as_str)),
                "X decays in these events and the weights do not change its decays (angles, \
                 branching ratios and lifetime stay the card's mediator's): with decays only \
                 form-factor alternatives are exact; set [decay] mode = \"stable\" to reweight \
                 the mediator or the coupling",
            ));
        }
        Ok(alternatives)
    }

    /// Integration and generation counts.
    fn validate_settings(&self) -> Result<(), CardError> {
        let i = &self.integration;
        if !(i.precision > 0.0 && i.precision < 1.0) {
            return Err(self.invalid(
                &["integration.precision"],
                Num(i.precision),
                "the target relative error must lie in (0, 1), e.g. 1e-3",
            ));
        }
        if i.calls < MIN_CALLS {
            return Err(self.invalid(
                &["integration.calls"],
                i.calls,
                format!("at least {MIN_CALLS} evaluations per iteration are needed"),
            ));
        }
        if i.calls > MAX_CALLS {
            return Err(self.invalid(
                &["integration.calls"],
                i.calls,
                format!(
                    "at most {} evaluations per iteration (about 2 minutes each on 2 cores); \
                     more iterations reach a better precision sooner",
                    Num(MAX_CALLS as f64)
                ),
            ));
        }
        if i.max_iterations == 0 || i.max_iterations > MAX_ITERATIONS {
            return Err(self.invalid(
                &["integration.max_iterations"],
                i.max_iterations,
                format!(
                    "between 1 and {MAX_ITERATIONS} iterations after the training ones (VEGAS \
                     converges in tens; if the precision is not reached, raise calls)"
                ),
            ));
        }
        if i.adapt_iterations > MAX_ITERATIONS {
            return Err(self.invalid(
                &["integration.adapt_iterations"],
                i.adapt_iterations,
                format!("at most {MAX_ITERATIONS} training iterations (the grid settles in ~10)"),
            ));
        }
        if self.generation.events > MAX_EVENTS {
            return Err(self.invalid(
                &["generation.events"],
                self.generation.events,
                format!(
                    "at most {} events in one run (0 = integrate only); for larger samples \
                     write a gridpack (mfcgen adapt) and generate shards (generate --shard I/N)",
                    Num(MAX_EVENTS as f64)
                ),
            ));
        }
        Ok(())
    }

    /// An [`CardError::Invalid`] for `fields[0]`; the origin notes the command line if any
    /// of `fields` (the field and those its check depends on) was overridden there.
    fn invalid(
        &self,
        fields: &[&'static str],
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> CardError {
        let from_cli: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| self.provenance.overridden.contains(f))
            .collect();
        let origin = if from_cli.is_empty() {
            self.origin().to_string()
        } else {
            format!(
                "{} (with {} from the command line)",
                self.origin(),
                from_cli.join(", ")
            )
        };
        CardError::Invalid {
            origin,
            field: fields.first().copied().unwrap_or("<card>"),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

/// The nucleus of the element with the largest mass fraction of `material` (the first in the
/// material's order on a tie); `None` for a material without elements.
fn dominant_element(material: &mfc_models::material::Material) -> Option<Target> {
    let mut best: Option<&mfc_models::material::Component> = None;
    for c in material.components() {
        if best.is_none_or(|b| c.mass_fraction > b.mass_fraction) {
            best = Some(c);
        }
    }
    best.map(|c| c.element.target())
}
