//! The decay table of one X: channels, partial and total widths, branching ratios, lifetime
//! (docs/physics.md Sec. 8).

use super::model::{CouplingModel, DecaySettings};
use super::{DecayError, HBAR_C_GEV_MM, M_TAU, loops, widths};
use crate::constants::M_MU;
use crate::mediator::{Mediator, MediatorKind};
use crate::pdg::PdgId;
use serde::{Deserialize, Serialize};

/// A two-body decay channel of X.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// X -> mu- mu+ (13, -13).
    MuMu,
    /// X -> tau- tau+ (15, -15).
    TauTau,
    /// X -> nu_mu nubar_mu (14, -14), invisible.
    NuMuNuMu,
    /// X -> nu_tau nubar_tau (16, -16), invisible.
    NuTauNuTau,
    /// X -> gamma gamma (22, 22) through the muon loop.
    GammaGamma,
    /// X -> chi chibar, a dark fermion pair (52, -52), invisible.
    Dark,
}

impl Channel {
    /// PDG code of the dark final state: 52, the PDG Monte Carlo numbering scheme's code for a
    /// spin-1/2 dark-matter particle (codes 51-55 are the scheme's dark-matter block: 51 scalar
    /// DM, 52 fermion DM, 53 vector DM, 54 scalar mediator, 55 vector mediator; PDG 2024 review
    /// "Monte Carlo particle numbering scheme"). X -> chi chibar is written as (52, -52).
    pub const DARK_PDG_ID: PdgId = PdgId(52);

    /// All channels, in table order.
    pub const ALL: [Self; 6] = [
        Self::MuMu,
        Self::TauTau,
        Self::NuMuNuMu,
        Self::NuTauNuTau,
        Self::GammaGamma,
        Self::Dark,
    ];

    /// A short machine name (JSON keys, summaries).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::MuMu => "mumu",
            Self::TauTau => "tautau",
            Self::NuMuNuMu => "numu-numu",
            Self::NuTauNuTau => "nutau-nutau",
            Self::GammaGamma => "gammagamma",
            Self::Dark => "dark",
        }
    }

    /// A label for people: "mu- mu+", "gamma gamma", ...
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::MuMu => "mu- mu+",
            Self::TauTau => "tau- tau+",
            Self::NuMuNuMu => "nu_mu nubar_mu",
            Self::NuTauNuTau => "nu_tau nubar_tau",
            Self::GammaGamma => "gamma gamma",
            Self::Dark => "chi chibar (dark)",
        }
    }

    /// The final state as PDG codes, particle first: mu- mu+ is [13, -13], gamma gamma is [22, 22],
    /// the dark pair [52, -52] ([`Self::DARK_PDG_ID`]).
    #[must_use]
    pub fn products(self) -> [PdgId; 2] {
        let pair = |c: i32| [PdgId(c), PdgId(-c)];
        match self {
            Self::MuMu => pair(13),
            Self::TauTau => pair(15),
            Self::NuMuNuMu => pair(14),
            Self::NuTauNuTau => pair(16),
            Self::GammaGamma => [PdgId::PHOTON, PdgId::PHOTON],
            Self::Dark => pair(Self::DARK_PDG_ID.code()),
        }
    }

    /// The mass of each decay product in GeV.
    #[must_use]
    pub fn product_mass(self) -> f64 {
        match self {
            Self::MuMu => M_MU,
            Self::TauTau => M_TAU,
            Self::NuMuNuMu | Self::NuTauNuTau | Self::GammaGamma | Self::Dark => 0.0,
        }
    }

    /// True if nothing of the final state is seen: neutrinos and the dark state.
    #[must_use]
    pub fn is_invisible(self) -> bool {
        matches!(self, Self::NuMuNuMu | Self::NuTauNuTau | Self::Dark)
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One channel of a [`DecayTable`] with its partial width in GeV (zero if closed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PartialWidth {
    /// The channel.
    pub channel: Channel,
    /// Partial width in GeV.
    pub width: f64,
}

/// Partial widths of one X in one coupling model, with totals, branching ratios and lifetime.
///
/// Conventions:
/// - The channels are those of the model (kinematically closed ones have width 0), plus
///   [`Channel::Dark`] when a dark sector is set; the `invisible` model has only `Dark`.
/// - `branching_ratio(c) = Gamma_c / Gamma_tot`. A table with Gamma_tot = 0 describes a stable
///   X ([`Self::is_stable`]): its branching ratios are all 0, except that in the `invisible`
///   model BR(dark) = 1 by definition; either way it escapes, and
///   [`Self::invisible_branching_ratio`] = 1.
/// - c tau = hbar c / Gamma_tot in mm (hbar c = 1.973269804e-16 GeV m, CODATA 2018); infinite
///   for a stable X.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecayTable {
    mediator: Mediator,
    settings: DecaySettings,
    channels: Vec<PartialWidth>,
    total_width: f64,
}

impl DecayTable {
    /// Computes the table of `mediator` (kind, mass in GeV, coupling g to muons) in the
    /// settings' coupling model.
    ///
    /// # Errors
    /// - [`DecayError::InvalidParameter`] for a mass or coupling that is not a finite positive
    ///   number (the fields of [`Mediator`] are public, so they are checked again here).
    /// - [`DecayError::UnsupportedMediator`] for `lmu-ltau` with a non-vector mediator.
    pub fn new(mediator: &Mediator, settings: &DecaySettings) -> Result<Self, DecayError> {
        let (kind, m, g) = (mediator.kind, mediator.mass, mediator.coupling);
        if !(m.is_finite() && m > 0.0) {
            return Err(DecayError::InvalidParameter {
                field: "mediator mass",
                value: m,
                reason: "must be a positive number of GeV",
            });
        }
        if !(g.is_finite() && g > 0.0) {
            return Err(DecayError::InvalidParameter {
                field: "mediator coupling",
                value: g,
                reason: "must be positive",
            });
        }
        let model = settings.model();
        model.check(kind)?;
        let lepton = |c: Channel| PartialWidth {
            channel: c,
            width: widths::fermion_pair(kind, g, m, c.product_mass()),
        };
        let mut channels: Vec<PartialWidth> = match model {
            CouplingModel::Invisible => Vec::new(),
            CouplingModel::MuonOnly => {
                let mut v = vec![lepton(Channel::MuMu)];
                if matches!(kind, MediatorKind::Scalar | MediatorKind::Pseudoscalar) {
                    v.push(PartialWidth {
                        channel: Channel::GammaGamma,
                        width: loops::diphoton(kind, g, m),
                    });
                }
                v
            }
            CouplingModel::LmuLtau => {
                let nu = widths::neutrino_pair_left(g, m);
                vec![
                    lepton(Channel::MuMu),
                    lepton(Channel::TauTau),
                    PartialWidth {
                        channel: Channel::NuMuNuMu,
                        width: nu,
                    },
                    PartialWidth {
                        channel: Channel::NuTauNuTau,
                        width: nu,
                    },
                ]
            }
        };
        let gamma_sm = sum_widths(channels.iter());
        let dark = settings.dark();
        if model == CouplingModel::Invisible || dark != super::DarkSector::None {
            channels.push(PartialWidth {
                channel: Channel::Dark,
                width: dark.width(gamma_sm),
            });
        }
        let total_width = sum_widths(channels.iter());
        Ok(Self {
            mediator: *mediator,
            settings: *settings,
            channels,
            total_width,
        })
    }

    /// The mediator the table is for.
    #[must_use]
    pub fn mediator(&self) -> &Mediator {
        &self.mediator
    }

    /// The coupling model and dark sector.
    #[must_use]
    pub fn settings(&self) -> &DecaySettings {
        &self.settings
    }

    /// All channels of the model, closed ones (width 0) included, in [`Channel::ALL`] order.
    #[must_use]
    pub fn channels(&self) -> &[PartialWidth] {
        &self.channels
    }

    /// The channels with a positive partial width.
    pub fn open_channels(&self) -> impl Iterator<Item = PartialWidth> + '_ {
        self.channels.iter().copied().filter(|c| c.width > 0.0)
    }

    /// Partial width of `channel` in GeV (0 if the model does not have it).
    #[must_use]
    pub fn partial_width(&self, channel: Channel) -> f64 {
        self.channels
            .iter()
            .find(|c| c.channel == channel)
            .map_or(0.0, |c| c.width)
    }

    /// Total width in GeV.
    #[must_use]
    pub fn total_width(&self) -> f64 {
        self.total_width
    }

    /// True if the total width is zero (X does not decay in this model).
    #[must_use]
    pub fn is_stable(&self) -> bool {
        !(self.total_width > 0.0)
    }

    /// Branching ratio of `channel` (see the type's conventions for a stable X).
    #[must_use]
    pub fn branching_ratio(&self, channel: Channel) -> f64 {
        if self.is_stable() {
            let by_definition =
                self.settings.model() == CouplingModel::Invisible && channel == Channel::Dark;
            return if by_definition { 1.0 } else { 0.0 };
        }
        self.partial_width(channel) / self.total_width
    }

    /// Sum of the invisible partial widths (neutrinos, dark state) in GeV.
    #[must_use]
    pub fn invisible_width(&self) -> f64 {
        sum_widths(self.channels.iter().filter(|c| c.channel.is_invisible()))
    }

    /// Sum of the visible partial widths (mu mu, tau tau, gamma gamma) in GeV.
    #[must_use]
    pub fn visible_width(&self) -> f64 {
        sum_widths(self.channels.iter().filter(|c| !c.channel.is_invisible()))
    }

    /// The fraction of X that leave nothing visible: Gamma_inv / Gamma_tot, and 1 for a stable X
    /// (it escapes).
    #[must_use]
    pub fn invisible_branching_ratio(&self) -> f64 {
        if self.is_stable() {
            1.0
        } else {
            self.invisible_width() / self.total_width
        }
    }

    /// Proper decay length c tau = hbar c / Gamma_tot in mm (infinite for a stable X).
    #[must_use]
    pub fn ctau_mm(&self) -> f64 {
        ctau_mm(self.total_width)
    }

    /// Mean decay length in the lab in mm for an X of momentum `momentum` (GeV):
    /// c tau |p| / m_X (= beta gamma c tau). Infinite for a stable X.
    #[must_use]
    pub fn decay_length_mm(&self, momentum: f64) -> f64 {
        self.ctau_mm() * momentum.abs() / self.mediator.mass
    }

    /// The channel for a number `u` in [0, 1): the first channel whose cumulative branching ratio
    /// exceeds u (inverse CDF over the open channels in table order). `None` for a stable X or
    /// u outside [0, 1). The caller supplies u from its own random stream.
    #[must_use]
    pub fn channel_for(&self, u: f64) -> Option<Channel> {
        if self.is_stable() || !(0.0..1.0).contains(&u) {
            return None;
        }
        let target = u * self.total_width;
        let mut cumulative = 0.0;
        let mut last = None;
        for c in self.open_channels() {
            cumulative += c.width;
            last = Some(c.channel);
            if target < cumulative {
                return last;
            }
        }
        last // rounding: u just below 1
    }
}

/// Sum of partial widths starting from +0 (`Iterator::sum` of no f64 is -0).
fn sum_widths<'a>(channels: impl Iterator<Item = &'a PartialWidth>) -> f64 {
    channels.fold(0.0, |acc, c| acc + c.width)
}

/// c tau = hbar c / Gamma in mm for a width in GeV (hbar c = 1.973269804e-16 GeV m, CODATA 2018);
/// infinite for Gamma = 0, NaN for a negative or NaN width.
#[must_use]
pub fn ctau_mm(width: f64) -> f64 {
    if width == 0.0 {
        return f64::INFINITY;
    }
    if !(width > 0.0) {
        return f64::NAN;
    }
    HBAR_C_GEV_MM / width
}
