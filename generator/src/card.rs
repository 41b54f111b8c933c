//! Run cards (TOML): beam, target, mediator, integration, generation.
//!
//! A run card plays the role of MadGraph's `run_card.dat` + `param_card.dat`, in TOML:
//!
//! ```toml
//! [beam]
//! particle = "mu-"
//! energy = 50.0           # GeV
//! [target]
//! name = "Cu"
//! form_factor = "elastic"
//! [mediator]
//! kind = "vector"
//! mass = 0.016            # GeV
//! coupling = 1.0
//! ```
//!
//! Every section and every field is optional (an empty file is the default card, see
//! [`commented_default`]); unknown fields are errors. The flow is
//!
//! 1. [`RunCard::from_file`] / [`RunCard::from_toml_str`]: syntax and types, errors carry the
//!    file, the field path (`mediator.mass`) and TOML's line/column message;
//! 2. [`RunCard::apply`] with [`Overrides`] from the command line;
//! 3. [`RunCard::validate`]: physics and range checks before any work, giving a
//!    [`ValidatedCard`] with typed models ([`Target`](mfc_models::Target),
//!    [`Mediator`](mfc_models::Mediator), PDG ids).
//!
//! ```
//! use mfcgen::card::RunCard;
//! let card = RunCard::from_toml_str("[mediator]\nmass = 0.126\n", "example.toml")?;
//! let run = card.validate()?;
//! assert_eq!(run.target.name, "Cu");
//! assert!((run.mediator.mass - 0.126).abs() < 1e-15);
//! # Ok::<(), mfcgen::card::CardError>(())
//! ```

mod error;
mod load;
mod material;
mod overrides;
mod validate;

#[cfg(test)]
mod tests;

pub use error::{CardError, Location};
pub use load::{InvalidConfiguration, MediatorRangeError, check_mediator_ranges};
pub use material::MaterialCard;
pub use overrides::Overrides;
pub use validate::{
    MAX_BEAM_ENERGY, MAX_CALLS, MAX_COUPLING, MAX_EVENTS, MAX_ITERATIONS, MIN_MEDIATOR_MASS,
    MIN_THRESHOLD_DISTANCE, OutputFormat, ValidatedCard, max_mediator_mass,
};

use mfc_models::{CouplingModel, FormFactorKind, MediatorKind, PdgId};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The incoming lepton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BeamParticle {
    /// mu- (PDG 13).
    #[serde(rename = "mu-")]
    MuMinus,
    /// mu+ (PDG -13).
    #[serde(rename = "mu+")]
    MuPlus,
}

impl BeamParticle {
    /// Both particles with their card names.
    pub const ALL: [(Self, &'static str); 2] = [(Self::MuMinus, "mu-"), (Self::MuPlus, "mu+")];

    /// PDG code: 13 for mu-, -13 for mu+.
    #[must_use]
    pub fn pdg_id(self) -> PdgId {
        match self {
            Self::MuMinus => PdgId::MUON,
            Self::MuPlus => PdgId::ANTIMUON,
        }
    }

    /// The card / command-line name ("mu-" or "mu+").
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::MuMinus => "mu-",
            Self::MuPlus => "mu+",
        }
    }

    /// Electric charge in units of e (-1 for mu-, +1 for mu+).
    #[must_use]
    pub fn charge(self) -> i32 {
        match self {
            Self::MuMinus => -1,
            Self::MuPlus => 1,
        }
    }
}

impl std::fmt::Display for BeamParticle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for BeamParticle {
    type Err = CardError;

    /// Accepts `mu-`, `mu+` (case-insensitive) and the aliases `mu`, `muon`, `13` (mu-) and
    /// `antimuon`, `-13` (mu+).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mu-" | "mu" | "muon" | "13" => Ok(Self::MuMinus),
            "mu+" | "antimuon" | "-13" => Ok(Self::MuPlus),
            _ => Err(CardError::UnknownBeamParticle(s.to_string())),
        }
    }
}

/// `[beam]`: the incoming muon, lab frame, nucleus at rest, beam along +z.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BeamCard {
    /// mu- or mu+.
    pub particle: BeamParticle,
    /// Total beam energy in GeV (lab frame). Must exceed the muon mass. Ignored when
    /// `spectrum` is given.
    pub energy: f64,
    /// Optional incoming-muon spectrum P_in(p, |eta|) (the file `mfc-validate spectrum`
    /// writes). With it the beam momentum becomes an integration variable (GKSST Eq. 5) and
    /// events are placed in the ATLAS frame (HepMC3 output with production vertices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spectrum: Option<PathBuf>,
}

impl Default for BeamCard {
    fn default() -> Self {
        Self {
            particle: BeamParticle::MuMinus,
            energy: 50.0,
            spectrum: None,
        }
    }
}

/// `[target]`: the nucleus and the photon-nucleus form factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetCard {
    /// Catalogue name (Cu, Fe, W, Pb, Al, C; case-insensitive, also "Cu63", "copper") or a
    /// user target "Z,A,mass_u". Resolved by [`mfc_models::Target::by_name`].
    pub name: String,
    /// Form factor: elastic | elastic+inelastic | elastic+inelastic-best | none.
    pub form_factor: FormFactorKind,
    /// Target material (catalogue name or a `[materials.NAME]` table); `None`: the element
    /// of `name`. See [`RunCard::material`]. When this or `thickness_cm` is set, `integrate`
    /// and `generate` run on the material's slab ([`crate::slab`]): every element with its
    /// own nucleus, sigma per atom, events on each element in proportion to n_i sigma_i.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// Slab thickness in cm (for `mfcgen yield`, and a thick slab in `integrate`/`generate`:
    /// interaction depth sampled, muon energy at that depth, X per muon reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thickness_cm: Option<f64>,
    /// Follow the muon's mean energy loss through a thick slab (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_loss: Option<bool>,
}

impl Default for TargetCard {
    fn default() -> Self {
        Self {
            name: "Cu".to_string(),
            form_factor: FormFactorKind::Elastic,
            material: None,
            thickness_cm: None,
            energy_loss: None,
        }
    }
}

/// `[mediator]`: the new boson X.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediatorCard {
    /// Lorentz structure: scalar | vector | pseudoscalar | axial.
    pub kind: MediatorKind,
    /// Mass m_X in GeV.
    pub mass: f64,
    /// Coupling g to muons; cross sections scale as g^2.
    pub coupling: f64,
    /// PDG code written for X; `None` = [`MediatorKind::default_pdg_id`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdg_id: Option<i32>,
    /// Coupling model (what X decays into): invisible (the default: BR_inv = 1, X stable unless
    /// a dark width is set) | muon-only | lmu-ltau ([`mfc_models::CouplingModel`]). Left out
    /// of the written card when it is the default, so older cards and hashes are unchanged.
    #[serde(skip_serializing_if = "is_default")]
    pub model: CouplingModel,
    /// Width (GeV) into a dark fermion pair (PDG 52) on top of the model's channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dark_width: Option<f64>,
    /// Branching ratio into the dark pair, in [0, 1), on top of the model's channels (not with
    /// `dark_width`, nor with the invisible model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub br_invisible: Option<f64>,
}

/// True for a type's default value (serde `skip_serializing_if` of the optional sections).
fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// `[decay] mode`: whether X decays in the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecayMode {
    /// X decays by the model's decay table (the default; a model without open channels, as
    /// the default invisible one without a dark width, leaves X stable).
    #[default]
    Decay,
    /// X is written stable (status 1) whatever its width.
    Stable,
}

impl DecayMode {
    /// The card / command-line name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Decay => "decay",
            Self::Stable => "stable",
        }
    }
}

impl std::str::FromStr for DecayMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "decay" => Ok(Self::Decay),
            "stable" => Ok(Self::Stable),
            _ => Err(format!("unknown decay mode '{s}' (known: decay, stable)")),
        }
    }
}

/// `[decay]`: the decays of X in the events (docs/physics.md Sec. 8). Left out of the written
/// card when it is the default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecayCard {
    /// decay | stable.
    pub mode: DecayMode,
}

impl Default for MediatorCard {
    fn default() -> Self {
        Self {
            kind: MediatorKind::Vector,
            mass: 0.016,
            coupling: 1.0,
            pdg_id: None,
            model: CouplingModel::default(),
            dark_width: None,
            br_invisible: None,
        }
    }
}

/// `[integration]`: VEGAS settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntegrationCard {
    /// Target relative statistical error of sigma, in (0, 1).
    pub precision: f64,
    /// Integrand evaluations per iteration (>= 1000).
    pub calls: u64,
    /// Grid-training iterations whose estimates are discarded.
    pub adapt_iterations: u32,
    /// Maximum number of iterations after the training ones (>= 1); the run stops earlier
    /// once `precision` is reached.
    pub max_iterations: u32,
}

impl Default for IntegrationCard {
    fn default() -> Self {
        Self {
            precision: 1e-3,
            calls: 200_000,
            adapt_iterations: 8,
            max_iterations: 50,
        }
    }
}

/// `[generation]`: unweighted events and their file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenerationCard {
    /// Number of unweighted events; 0 = integrate only. At most 1e9 (larger samples: shards).
    pub events: u64,
    /// Master seed of the random streams.
    pub seed: u64,
    /// Event file: `.lhe`, `.lhe.gz` (or `.hepmc`, reserved).
    pub output: PathBuf,
    /// Alternative hypotheses written as named weights of every event
    /// (`KIND[:FORM_FACTOR][:g=COUPLING]`, [`crate::reweight`]); empty = none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reweight: Vec<String>,
}

impl Default for GenerationCard {
    fn default() -> Self {
        Self {
            events: 10_000,
            seed: 1,
            output: PathBuf::from("events.lhe.gz"),
            reweight: Vec::new(),
        }
    }
}

/// Where a card's values came from, for error messages. Not part of the card's content.
#[derive(Debug, Clone, Default)]
struct Provenance {
    /// File name or other source name; empty for the built-in default.
    origin: String,
    /// Card paths (`mediator.mass`) set from the command line by [`RunCard::apply`].
    overridden: Vec<&'static str>,
}

/// A complete run card. `RunCard::default()` is the card printed by [`commented_default`].
///
/// Equality compares the six sections only (not where the values came from).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunCard {
    /// `[beam]`.
    pub beam: BeamCard,
    /// `[target]`.
    pub target: TargetCard,
    /// `[mediator]`.
    pub mediator: MediatorCard,
    /// `[integration]`.
    pub integration: IntegrationCard,
    /// `[generation]`.
    pub generation: GenerationCard,
    /// `[decay]`.
    #[serde(skip_serializing_if = "is_default")]
    pub decay: DecayCard,
    #[serde(skip)]
    provenance: Provenance,
    /// `[materials.NAME]`: user materials for `target.material` ([`MaterialCard`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub materials: std::collections::BTreeMap<String, MaterialCard>,
}

impl PartialEq for RunCard {
    fn eq(&self, other: &Self) -> bool {
        self.beam == other.beam
            && self.target == other.target
            && self.mediator == other.mediator
            && self.integration == other.integration
            && self.generation == other.generation
            && self.materials == other.materials
            && self.decay == other.decay
    }
}

/// Name used in messages for the built-in default card.
const DEFAULT_ORIGIN: &str = "<default run card>";

impl RunCard {
    /// Parses a card from TOML text. `source_name` (usually the file name) is quoted in errors.
    ///
    /// # Errors
    /// [`CardError::Parse`] for a TOML syntax error, an unknown field or a wrong type; it
    /// names the source, the field path and carries TOML's message with line and column.
    pub fn from_toml_str(s: &str, source_name: &str) -> Result<Self, CardError> {
        let mut card: Self =
            toml::from_str(s).map_err(|e| CardError::from_toml(&e, s, source_name))?;
        card.provenance.origin = source_name.to_string();
        Ok(card)
    }

    /// Reads and parses a card file.
    ///
    /// # Errors
    /// [`CardError::Io`] if the file cannot be read, otherwise as [`RunCard::from_toml_str`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, CardError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| CardError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// The card as TOML (no comments); [`RunCard::from_toml_str`] gives back an equal card.
    ///
    /// # Errors
    /// [`CardError::Serialize`] if a value cannot be written (e.g. a non-UTF-8 output path).
    pub fn to_toml_string(&self) -> Result<String, CardError> {
        let body = toml::to_string_pretty(self)?;
        Ok(format!("# mfcgen run card\n{body}"))
    }

    /// Name of the file (or other source) the card was read from.
    #[must_use]
    pub fn origin(&self) -> &str {
        if self.provenance.origin.is_empty() {
            DEFAULT_ORIGIN
        } else {
            &self.provenance.origin
        }
    }

    /// Card paths (e.g. `mediator.mass`) that [`RunCard::apply`] set from the command line.
    #[must_use]
    pub fn overridden_fields(&self) -> &[&'static str] {
        &self.provenance.overridden
    }
}

/// The default run card with comments, as printed by `mfcgen card`. It parses to
/// [`RunCard::default()`] (checked by a test).
#[must_use]
pub fn commented_default() -> &'static str {
    COMMENTED_DEFAULT
}

const COMMENTED_DEFAULT: &str = r#"# mfcgen run card
# Every section and field is optional (missing = the value shown); unknown fields are errors.
# Command-line flags override the card.

[beam]
particle = "mu-"        # "mu-" or "mu+"
energy = 50.0           # GeV, lab frame, nucleus at rest
# spectrum = "validation/data/wz/z_muon_spectrum_14TeV.csv"  # P_in(p, eta) beam; needs .hepmc output

[target]
name = "Cu"             # Cu, Fe, W, Pb, Al, C, or "Z,A,mass_u"
form_factor = "elastic" # elastic | elastic+inelastic | elastic+inelastic-best | none
# material = "PbWO4"    # a slab instead of one nucleus: Cu, Fe, Pb, W, Al, C, LAr, polystyrene,
                        # PbWO4, LYSO, brass or a [materials.NAME] table; events on each element
# thickness_cm = 2.0    # thick slab: interaction depth sampled, muon energy loss, X per muon
# energy_loss = true    # follow the muon's mean energy loss through a thick slab

[mediator]
kind = "vector"         # scalar | vector | pseudoscalar | axial
mass = 0.016            # GeV
coupling = 1.0          # g; sigma scales as g^2
# pdg_id = 32           # optional, default per kind (scalar 54, vector 32, pseudoscalar 36, axial 9000032)
model = "invisible"     # invisible (BR_inv = 1) | muon-only (mu mu; gamma gamma for S, P) | lmu-ltau (vector)
# dark_width = 1e-6     # GeV into a dark pair (PDG 52) on top of the model; or:
# br_invisible = 0.5    # branching ratio into the dark pair, in [0, 1) (not with "invisible")

[integration]
precision = 1e-3        # target relative statistical error of sigma
calls = 200000          # evaluations per iteration
adapt_iterations = 8    # grid-training iterations (discarded)
max_iterations = 50

[generation]
events = 10000          # unweighted events; 0 = integrate only
seed = 1
output = "events.lhe.gz"   # .lhe, .lhe.gz or .hepmc
# reweight = ["axial", "scalar:elastic+inelastic"]  # extra weights per event: KIND[:FORM_FACTOR][:g=COUPLING]

[decay]
mode = "decay"          # decay: X decays by its model's widths (the default invisible model without
                        # a dark width leaves it stable); stable: X is always written stable
"#;
