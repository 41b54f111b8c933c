//! Reweighting: one sample, many hypotheses (docs/physics.md Sec. 11).
//!
//! All four mediators and all form-factor options share the phase space at a given X mass
//! (the masses fix the kinematic limits; the mapping only sets the sampling density). An event
//! drawn from the nominal |M_0|^2 therefore describes an alternative hypothesis `a` with the
//! weight
//!
//! ```text
//! w_a = XWGTUP * |M_a|^2 / |M_0|^2          (at the event's kinematics)
//! ```
//!
//! and `sum_events w_a` estimates sigma_a: the unweighted events have density
//! `|M_0|^2 dPhi / sigma_0` and `XWGTUP = sigma_0 / N`, so
//! `E[sum w_a] = sigma_0 E[|M_a|^2/|M_0|^2] = Integral |M_a|^2 dPhi = sigma_a` (importance
//! sampling with the nominal as the proposal; the standard reweighting of MadGraph's
//! `reweight` module, Mattelaer, Eur. Phys. J. C 76 (2016) 674, arXiv:1607.00763, Eq. (2.1)).
//! The flux factor, the phase-space jacobian and a beam spectrum cancel in the ratio.
//!
//! Exact only where `|M_0|^2 > 0` wherever `|M_a|^2 > 0`: true for every mediator and form
//! factor here (G2(t) > 0 for t > 0, the spin sums are positive on the physical region; tested
//! in `models`), and checked per event ([`ReweightError::ZeroNominal`]). Refused: a different
//! X mass (other kinematic limits and X momenta, [`ReweightError::Mass`]), and a point-like
//! alternative (`none`) of a screened nominal, whose weights are unbounded
//! ([`ReweightError::Unbounded`], [`form_factor_ratio_bounded`]).
//! Reweighting covers the production |M|^2 only.
//!
//! An alternative is written `KIND[:FORM_FACTOR][:g=COUPLING]` in any order, each part
//! optional and defaulting to the card's (`"axial"`, `"vector:elastic+inelastic"`,
//! `"scalar:none"`, `"none"`, `"axial:g=0.5"`); its canonical name ([`Alternative::name`]) is
//! `kind:form_factor:g=coupling` and names the weight in LHE (`<weight id="1001">`) and
//! HepMC3 (`W` line).

use crate::beam::FoldedPoint;
use crate::process::WeightedPoint;
use mfc_models::kinematics::Kinematics;
use mfc_models::{FormFactorKind, MatrixElement, Mediator, MediatorKind, Target};
use thiserror::Error;

/// The first numeric weight id; alternative `k` (0-based) gets `FIRST_WEIGHT_ID + k`
/// (numeric ids as MadGraph's systematics module writes them, since Delphes reads ids as
/// integers).
pub const FIRST_WEIGHT_ID: u32 = 1001;

/// Errors of reweighting: a refused alternative, or an event where it is not exact.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReweightError {
    /// An item that does not parse.
    #[error("{0}")]
    Syntax(String),
    /// The item asks for another X mass.
    #[error(
        "reweighting is exact only at the card's mass m_X = {card} GeV: another mass ({asked}) \
         changes the kinematic limits and the X momentum of every event, so no weight maps \
         one sample onto the other; generate a separate sample"
    )]
    Mass {
        /// The mass asked for, as written.
        asked: String,
        /// The card's mass (GeV).
        card: f64,
    },
    /// The ratio of the alternative to the nominal is unbounded on the phase space.
    #[error(
        "{name} from a {nominal} nominal: the point-like nucleus has neither the atomic \
         screening nor the nuclear size of the {nominal} form factor, so |M_a|^2/|M_0|^2 = \
         G2_none/G2_{nominal} grows without bound at small and large t (as \
         (1 + 1/(a^2 t))^2 (1 + t/d)^2): the weights are unbounded and their sum is not to be \
         trusted (measured at the paper benchmarks: biased by -3.5 and -4.5 standard \
         deviations at 16 and 126 MeV, 4 effective events of 20000 at 1 GeV); generate the \
         form_factor = \"none\" sample directly, or reweight from it to the others"
    )]
    Unbounded {
        /// The alternative's name.
        name: String,
        /// The nominal form factor.
        nominal: &'static str,
    },
    /// The same hypothesis twice.
    #[error("the hypothesis {name} is listed twice")]
    Duplicate {
        /// Its canonical name.
        name: String,
    },
    /// The nominal |M|^2 vanishes (or the ratio is not finite) at an accepted event.
    #[error(
        "event {event}: the nominal |M|^2 is {nominal:e} where {name} has {alternative:e}: \
         the weight would be unbounded, reweighting is not exact for this sample"
    )]
    ZeroNominal {
        /// 1-based event number.
        event: u64,
        /// The alternative's name.
        name: String,
        /// Nominal |M|^2 (GeV^-2).
        nominal: f64,
        /// Alternative |M|^2 (GeV^-2).
        alternative: f64,
    },
}

impl ReweightError {
    /// The error with the 1-based event number `event` (for [`ReweightError::ZeroNominal`]).
    #[must_use]
    pub fn at_event(self, event: u64) -> Self {
        match self {
            Self::ZeroNominal {
                name,
                nominal,
                alternative,
                ..
            } => Self::ZeroNominal {
                event,
                name,
                nominal,
                alternative,
            },
            other => other,
        }
    }
}

/// What the named weights mean (the HepMC3 run attribute `mfcgen_reweighting`).
pub const WEIGHT_NOTE: &str = "the weights after the first are the same events under other \
     hypotheses (named on the W line: kind:form_factor:g=coupling at the same X mass): the \
     nominal weight times |M_a|^2/|M_0|^2 at the event; each sums to that hypothesis's sigma in pb";

/// One alternative hypothesis at the card's mass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alternative {
    /// The mediator.
    pub kind: MediatorKind,
    /// The form factor.
    pub form_factor: FormFactorKind,
    /// The coupling g (sigma scales as g^2).
    pub coupling: f64,
}

impl Alternative {
    /// Parses `KIND[:FORM_FACTOR][:g=COUPLING]` (parts in any order, missing parts from
    /// `nominal`); `mass` is the card's X mass (GeV), only to refuse another one.
    ///
    /// # Errors
    /// [`ReweightError::Syntax`] naming the part that does not parse, [`ReweightError::Mass`]
    /// for `m=` / `mass=`.
    pub fn parse(item: &str, nominal: &Self, mass: f64) -> Result<Self, ReweightError> {
        let syntax = |why: String| ReweightError::Syntax(why);
        let mut alt = *nominal;
        let (mut kind, mut ff, mut g) = (false, false, false);
        if item.trim().is_empty() {
            return Err(syntax(
                "an empty item: write KIND[:FORM_FACTOR][:g=COUPLING], e.g. \"axial\" or \
                 \"vector:none\""
                    .into(),
            ));
        }
        for part in item.split(':').map(str::trim) {
            if let Some((key, value)) = part.split_once('=') {
                match key.trim().to_ascii_lowercase().as_str() {
                    "g" | "coupling" if !g => {
                        let v: f64 = value.trim().parse().map_err(|_| {
                            syntax(format!("the coupling {value:?} is not a number"))
                        })?;
                        if !(v > 0.0 && v <= crate::card::MAX_COUPLING) {
                            return Err(syntax(format!(
                                "the coupling g = {value} must be positive and at most \
                                 sqrt(4 pi) = 3.545"
                            )));
                        }
                        alt.coupling = v;
                        g = true;
                    }
                    "m" | "mass" => {
                        return Err(ReweightError::Mass {
                            asked: value.trim().to_string(),
                            card: mass,
                        });
                    }
                    "g" | "coupling" => {
                        return Err(syntax(format!("{part:?}: the coupling is given twice")));
                    }
                    other => {
                        return Err(syntax(format!(
                            "{other:?} is not a key of an item (only g=COUPLING; the mass, beam \
                             and target are the card's)"
                        )));
                    }
                }
            } else if let Ok(k) = part.parse::<MediatorKind>() {
                if kind {
                    return Err(syntax(format!("{part:?}: two mediators in one item")));
                }
                alt.kind = k;
                kind = true;
            } else if let Ok(f) = part.parse::<FormFactorKind>() {
                if ff {
                    return Err(syntax(format!("{part:?}: two form factors in one item")));
                }
                alt.form_factor = f;
                ff = true;
            } else {
                return Err(syntax(format!(
                    "{part:?} is neither a mediator (scalar, vector, pseudoscalar, axial), a \
                     form factor (elastic, elastic+inelastic, elastic+inelastic-best, none) nor \
                     g=COUPLING"
                )));
            }
        }
        Ok(alt)
    }

    /// The canonical name `kind:form_factor:g=coupling` (the weight's name in the files).
    #[must_use]
    pub fn name(&self) -> String {
        format!(
            "{}:{}:g={}",
            self.kind.name(),
            self.form_factor.name(),
            self.coupling
        )
    }
}

/// Parses a reweight list against the nominal hypothesis; refuses duplicates.
///
/// # Errors
/// `(index of the item, error)` for the first item refused.
pub fn parse_list(
    items: &[String],
    nominal: &Alternative,
    mass: f64,
) -> Result<Vec<Alternative>, (usize, ReweightError)> {
    let mut out: Vec<Alternative> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let a = Alternative::parse(item, nominal, mass).map_err(|e| (i, e))?;
        if !form_factor_ratio_bounded(nominal.form_factor, a.form_factor) {
            return Err((
                i,
                ReweightError::Unbounded {
                    name: a.name(),
                    nominal: nominal.form_factor.name(),
                },
            ));
        }
        if out.contains(&a) {
            return Err((i, ReweightError::Duplicate { name: a.name() }));
        }
        out.push(a);
    }
    Ok(out)
}

/// Whether `G2_alternative(t) / G2_nominal(t)` is bounded for t in (0, infinity)
/// (docs/physics.md Sec. 3, 10): every form factor with screening and a nuclear size vanishes
/// as t^2 at t -> 0 and as t^-2 or faster at t -> infinity, while `none` is the constant Z^2;
/// so the ratio is unbounded exactly when the alternative is `none` and the nominal is not.
/// The other pairs are bounded (elastic+inelastic over elastic tends to a constant at both
/// ends; tested on a grid in this module).
#[must_use]
pub fn form_factor_ratio_bounded(nominal: FormFactorKind, alternative: FormFactorKind) -> bool {
    alternative != FormFactorKind::None || nominal == FormFactorKind::None
}

/// The numeric ids and names of the alternatives' weights, in order.
#[must_use]
pub fn weight_names(alternatives: &[Alternative]) -> Vec<crate::io::lhe::WeightInfo> {
    (FIRST_WEIGHT_ID..)
        .zip(alternatives)
        .map(|(id, a)| crate::io::lhe::WeightInfo {
            id: id.to_string(),
            name: a.name(),
        })
        .collect()
}

/// A point whose kinematics can be reweighted (the points of every event source).
pub trait Reweightable {
    /// The kinematics at which |M|^2 is evaluated.
    fn kinematics(&self) -> &Kinematics<f64>;
}

impl Reweightable for WeightedPoint {
    fn kinematics(&self) -> &Kinematics<f64> {
        &self.kinematics
    }
}

impl Reweightable for FoldedPoint {
    fn kinematics(&self) -> &Kinematics<f64> {
        &self.weighted.kinematics
    }
}

impl Reweightable for crate::slab::SlabPoint {
    fn kinematics(&self) -> &Kinematics<f64> {
        &self.weighted.kinematics
    }
}

/// The nominal and the alternative matrix elements, at the card's mass and target.
#[derive(Debug, Clone)]
pub struct Reweighter {
    nominal: MatrixElement,
    alternatives: Vec<MatrixElement>,
    names: Vec<String>,
}

impl Reweighter {
    /// The reweighter of `alternatives` against `nominal`, for X of mass `mass` (GeV) on
    /// `target`.
    ///
    /// # Errors
    /// [`ReweightError::Syntax`] if the mass or a coupling is not positive.
    pub fn new(
        nominal: &Alternative,
        alternatives: &[Alternative],
        mass: f64,
        target: &Target,
    ) -> Result<Self, ReweightError> {
        let me = |a: &Alternative| {
            Mediator::new(a.kind, mass, a.coupling)
                .map(|m| MatrixElement::new(&m, target, a.form_factor))
                .map_err(|e| ReweightError::Syntax(e.to_string()))
        };
        Ok(Self {
            nominal: me(nominal)?,
            alternatives: alternatives.iter().map(me).collect::<Result<_, _>>()?,
            names: alternatives.iter().map(Alternative::name).collect(),
        })
    }

    /// Number of alternatives.
    #[must_use]
    pub fn len(&self) -> usize {
        self.alternatives.len()
    }

    /// True without alternatives.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// The ratios |M_a|^2 / |M_0|^2 at `kin`, one per alternative (`event`: 1-based number for
    /// the error).
    ///
    /// # Errors
    /// [`ReweightError::ZeroNominal`] where the ratio is not a finite number.
    pub fn ratios(&self, kin: &Kinematics<f64>, event: u64) -> Result<Vec<f64>, ReweightError> {
        let m0 = self.nominal.me2_kinematics(kin);
        self.alternatives
            .iter()
            .zip(&self.names)
            .map(|(a, name)| {
                let ma = a.me2_kinematics(kin);
                let r = ma / m0;
                if m0 > 0.0 && r.is_finite() {
                    Ok(r)
                } else {
                    Err(ReweightError::ZeroNominal {
                        event,
                        name: name.clone(),
                        nominal: m0,
                        alternative: ma,
                    })
                }
            })
            .collect()
    }
}

/// The cross section of one alternative estimated from the reweighted events.
#[derive(Debug, Clone, PartialEq)]
pub struct ReweightedSigma {
    /// The weight id (`1001`, ...).
    pub id: String,
    /// The alternative's name.
    pub name: String,
    /// sigma_a = sigma_0 `<r>` (pb): the sum of the alternative's weights over the file.
    pub sigma_pb: f64,
    /// Its error (pb): the nominal's relative error and the spread of the ratios,
    /// `sqrt((delta sigma_0 <r>)^2 + sigma_0^2 var(r) / N)`.
    pub error_pb: f64,
    /// Effective number of events `(sum r)^2 / sum r^2` (N for r = const; small when a few
    /// events carry most of the weight).
    pub effective_events: f64,
}

/// The named weights of the events as they are written, in order: turns each event's ratios
/// into weights (pb, `ratio * XWGTUP`) and keeps the sums for [`ReweightedSigma`].
#[derive(Debug, Clone, Default)]
pub struct EventWeights {
    sums: ReweightSums,
    weights: Vec<f64>,
    events: u64,
}

impl EventWeights {
    /// For `n` alternatives.
    #[must_use]
    pub fn new(n: usize) -> Self {
        Self {
            sums: ReweightSums::new(n),
            weights: Vec::with_capacity(n),
            events: 0,
        }
    }

    /// The weights (pb) of the next event, of nominal weight `nominal` (pb) and `ratios`.
    ///
    /// # Errors
    /// The ratios' error, with this event's 1-based number.
    pub fn next(
        &mut self,
        nominal: f64,
        ratios: Result<Vec<f64>, ReweightError>,
    ) -> Result<&[f64], ReweightError> {
        self.events += 1;
        let ratios = ratios.map_err(|e| e.at_event(self.events))?;
        self.sums.add(&ratios);
        self.weights.clear();
        self.weights.extend(ratios.iter().map(|r| r * nominal));
        Ok(&self.weights)
    }

    /// The cross sections of the alternatives ([`ReweightSums::estimates`]).
    #[must_use]
    pub fn estimates(
        &self,
        sigma_pb: f64,
        error_pb: f64,
        names: &[crate::io::lhe::WeightInfo],
    ) -> Vec<ReweightedSigma> {
        self.sums.estimates(sigma_pb, error_pb, names)
    }
}

/// Running sums of the ratios of each alternative over the events written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReweightSums {
    n: u64,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
}

impl ReweightSums {
    /// Sums for `n` alternatives.
    #[must_use]
    pub fn new(n: usize) -> Self {
        Self {
            n: 0,
            sum: vec![0.0; n],
            sum_sq: vec![0.0; n],
        }
    }

    /// Adds one event's ratios.
    pub fn add(&mut self, ratios: &[f64]) {
        self.n += 1;
        for ((s, q), r) in self.sum.iter_mut().zip(&mut self.sum_sq).zip(ratios) {
            *s += r;
            *q += r * r;
        }
    }

    /// The estimates for a nominal `sigma_pb +- error_pb`, named by `names`.
    #[must_use]
    pub fn estimates(
        &self,
        sigma_pb: f64,
        error_pb: f64,
        names: &[crate::io::lhe::WeightInfo],
    ) -> Vec<ReweightedSigma> {
        let n = self.n.max(1) as f64;
        self.sum
            .iter()
            .zip(&self.sum_sq)
            .zip(names)
            .map(|((&s, &q), w)| {
                let mean = s / n;
                // unbiased variance of r
                let var = if self.n > 1 {
                    ((q - s * mean) / (n - 1.0)).max(0.0)
                } else {
                    0.0
                };
                let err = ((error_pb * mean).powi(2) + sigma_pb * sigma_pb * var / n).sqrt();
                ReweightedSigma {
                    id: w.id.clone(),
                    name: w.name.clone(),
                    sigma_pb: sigma_pb * mean,
                    error_pb: err,
                    effective_events: if q > 0.0 { s * s / q } else { 0.0 },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
