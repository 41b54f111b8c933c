//! Coupling models a user picks by name, and the optional dark sector (docs/physics.md Sec. 8).

use super::DecayError;
use crate::mediator::MediatorKind;
use serde::{Deserialize, Serialize};

/// Which particles X couples to besides the muon, i.e. which channels it can decay into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CouplingModel {
    /// X escapes: BR(invisible) = 1 (a single dark channel; its width is the user's dark width,
    /// zero if none is given, in which case X is stable). The default, and the behaviour of
    /// mfcgen before decays existed.
    #[default]
    Invisible,
    /// Only what the coupling g to muons gives: X -> mu+ mu- and, for S and P, X -> gamma gamma
    /// through the muon loop; plus an optional dark sector.
    MuonOnly,
    /// The L_mu - L_tau gauge boson (vector only; He, Joshi, Lew, Volkas PRD 43 (1991) 22,
    /// PRD 44 (1991) 2118): the same g for mu, tau (vector couplings) and nu_mu, nu_tau
    /// (left-handed): mu+ mu-, tau+ tau-, nu_mu nubar_mu, nu_tau nubar_tau; plus an optional dark
    /// sector.
    LmuLtau,
}

impl CouplingModel {
    /// All models in the order they are listed to users.
    pub const ALL: [Self; 3] = [Self::Invisible, Self::MuonOnly, Self::LmuLtau];

    /// The card / command-line name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Invisible => "invisible",
            Self::MuonOnly => "muon-only",
            Self::LmuLtau => "lmu-ltau",
        }
    }

    /// One line for `--help` and summaries.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Invisible => "X escapes (BR invisible = 1)",
            Self::MuonOnly => "only the coupling to muons: mu mu, and gamma gamma for S and P",
            Self::LmuLtau => "L_mu - L_tau gauge boson (vector): mu mu, tau tau, nu nu",
        }
    }

    /// Whether the model exists for this mediator (`lmu-ltau` is a gauge boson: vector only).
    #[must_use]
    pub fn supports(self, kind: MediatorKind) -> bool {
        match self {
            Self::Invisible | Self::MuonOnly => true,
            Self::LmuLtau => kind == MediatorKind::Vector,
        }
    }

    /// [`DecayError::UnsupportedMediator`] unless [`Self::supports`] the mediator.
    ///
    /// # Errors
    /// `lmu-ltau` with a scalar, pseudoscalar or axial mediator.
    pub fn check(self, kind: MediatorKind) -> Result<(), DecayError> {
        if self.supports(kind) {
            Ok(())
        } else {
            Err(DecayError::UnsupportedMediator {
                model: self.name(),
                needs: MediatorKind::Vector.name(),
                mediator: kind.name(),
            })
        }
    }
}

impl std::fmt::Display for CouplingModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for CouplingModel {
    type Err = DecayError;
    /// Case-insensitive; `_` and `-` are the same (`muon_only`, `Lmu-Ltau`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|m| m.name() == key)
            .ok_or_else(|| DecayError::UnknownModel(s.to_string()))
    }
}

/// Decays into a dark sector (a dark fermion pair, [`super::Channel::Dark`]) on top of the model.
///
/// - `Width(w)`: Gamma_dark = w GeV (w >= 0), added to the model's widths.
/// - `InvisibleBr(b)`, 0 <= b < 1: Gamma_dark = b / (1 - b) * Gamma_SM, where Gamma_SM is the sum
///   of all the model's other partial widths (visible and neutrino). Then BR(dark) = b exactly,
///   and every other branching ratio is (1 - b) times its value without the dark sector; the
///   total invisible fraction is b + (1 - b) BR_nu (neutrinos are invisible too). If
///   Gamma_SM = 0 (e.g. a muon-only vector below 2 m_mu) X stays stable.
///
/// Not allowed with the `invisible` model, whose BR(invisible) = 1 already (give it a width).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DarkSector {
    /// No dark decays.
    #[default]
    None,
    /// A dark partial width in GeV (>= 0).
    Width(f64),
    /// A branching ratio into the dark state in [0, 1).
    InvisibleBr(f64),
}

impl DarkSector {
    /// From the two optional card / command-line values `dark_width` (GeV) and `br_invisible`.
    ///
    /// # Errors
    /// [`DecayError::InvalidParameter`] if both are given, or a value is out of range
    /// (see [`DecaySettings::new`]).
    pub fn from_options(
        dark_width: Option<f64>,
        br_invisible: Option<f64>,
    ) -> Result<Self, DecayError> {
        let d = match (dark_width, br_invisible) {
            (None, None) => Self::None,
            (Some(w), None) => Self::Width(w),
            (None, Some(b)) => Self::InvisibleBr(b),
            (Some(_), Some(b)) => {
                return Err(DecayError::InvalidParameter {
                    field: "br_invisible",
                    value: b,
                    reason: "give either a dark width or an invisible branching ratio, not both",
                });
            }
        };
        d.validate()?;
        Ok(d)
    }

    fn validate(self) -> Result<(), DecayError> {
        match self {
            Self::None => Ok(()),
            Self::Width(w) if w.is_finite() && w >= 0.0 => Ok(()),
            Self::Width(w) => Err(DecayError::InvalidParameter {
                field: "dark width",
                value: w,
                reason: "must be a finite number of GeV >= 0",
            }),
            Self::InvisibleBr(b) if (0.0..1.0).contains(&b) => Ok(()),
            Self::InvisibleBr(b) => Err(DecayError::InvalidParameter {
                field: "br_invisible",
                value: b,
                reason: "must be in [0, 1)",
            }),
        }
    }

    /// Gamma_dark in GeV given the sum of the model's other partial widths `gamma_sm` (GeV).
    #[must_use]
    pub fn width(self, gamma_sm: f64) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Width(w) => w,
            Self::InvisibleBr(b) => b / (1.0 - b) * gamma_sm,
        }
    }
}

/// A coupling model with its dark sector, checked (built only through [`Self::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct DecaySettings {
    model: CouplingModel,
    dark: DarkSector,
}

impl DecaySettings {
    /// Checks the dark sector: width finite and >= 0; branching ratio in [0, 1) and not with the
    /// `invisible` model (a zero branching ratio is accepted everywhere and means no dark decays).
    ///
    /// # Errors
    /// [`DecayError::InvalidParameter`] naming `dark width` or `br_invisible`.
    pub fn new(model: CouplingModel, dark: DarkSector) -> Result<Self, DecayError> {
        dark.validate()?;
        if let (CouplingModel::Invisible, DarkSector::InvisibleBr(b)) = (model, dark)
            && b != 0.0
        {
            return Err(DecayError::InvalidParameter {
                field: "br_invisible",
                value: b,
                reason: "the invisible model has BR(invisible) = 1 already; set a dark width instead",
            });
        }
        let dark = match dark {
            DarkSector::InvisibleBr(0.0) => DarkSector::None,
            d => d,
        };
        Ok(Self { model, dark })
    }

    /// The coupling model.
    #[must_use]
    pub fn model(&self) -> CouplingModel {
        self.model
    }

    /// The dark sector.
    #[must_use]
    pub fn dark(&self) -> DarkSector {
        self.dark
    }
}
