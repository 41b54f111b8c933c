//! Weizsaecker-Williams (WW) approximations to mu N -> mu N X, for validating the exact
//! generator (physics.md Sec. 5).
//!
//! - [`flux`]: the effective photon flux chi(tmin, tmax) (BEST arXiv:0906.0580 App. A),
//!   numerically for any [`FormFactorKind`] and in closed form for the elastic one.
//! - Phase-space WW, d sigma/(dx dcos theta) with chi at tmin(x, theta)
//!   (DMG4, Bondi et al., arXiv:2101.12192, App. A, Eqs. (16)-(17); Liu-McKeen-Miller
//!   arXiv:1609.06781; Liu-Miller arXiv:1705.01633): [`dsigma_dx_dcos`].
//! - Improved WW (IWW, theta integrated with chi frozen at theta = 0, x-dependent tmin) and
//!   hyper-improved WW (HIWW, constant chi; Chen-Pospelov-Zhong arXiv:1701.07437):
//!   [`dsigma_dx`] with [`Approximation::Iww`] / [`Approximation::Hiww`].
//! - Total cross sections in pb: [`sigma`].
//!
//! Conventions: x = E_X/E, theta the X angle to the beam,
//! U = x E^2 theta^2 + m_X^2 (1-x)/x + m_mu^2 x, u~ = -U, tmin(x, theta) = U^2/(4 E^2 (1-x)^2), tmax = E^2 (physics.md Sec. 4-5).
//! Cross sections scale exactly as g^2 (the mediator coupling).
//!
//! Mediators: scalar and vector as in physics.md Sec. 5; pseudoscalar from the DMG4 muon
//! class `DarkMuPhilicPseudoScalars` (see [`amplitude_squared`]); the axial vector returns
//! [`WwError::NotAvailable`] (no WW amplitude for a massive muon found in a citable source).

pub mod flux;

use crate::numerics::quadrature;
use flux::{FluxMethod, PhotonFlux};
use mfc_models::constants::{ALPHA, GEV2_TO_PB, M_MU};
use mfc_models::{FormFactorKind, Mediator, MediatorKind, ModelError, Target};
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Default maximal X angle of the phase-space WW integration (rad). Same as DMG4 `ThetaMax`
/// (DarkZ.cc); the integrand beyond it is suppressed by 1/U^2 and by chi(tmin(theta)) -> 0.
pub const DEFAULT_THETA_MAX: f64 = 0.3;

/// Relative tolerance of the inner (theta) integral.
const THETA_REL_TOL: f64 = 1e-9;
/// Relative tolerance of the outer (x) integral.
const X_REL_TOL: f64 = 1e-8;

/// Errors of the WW module.
#[derive(Debug, Error)]
pub enum WwError {
    /// No citable WW formula for this mediator kind / approximation.
    #[error("{} is not available for a {} mediator: {reason}", .approximation.name(), .kind.name())]
    NotAvailable {
        /// Mediator kind asked for.
        kind: MediatorKind,
        /// Approximation asked for.
        approximation: Approximation,
        /// Why it is not available.
        reason: &'static str,
    },
    /// Unphysical or out-of-range argument.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An adaptive integral missed its tolerance.
    #[error("integration of {what} did not converge: value {value:e}, error estimate {error:e}")]
    Integration {
        /// What was integrated.
        what: &'static str,
        /// Best estimate.
        value: f64,
        /// Error estimate.
        error: f64,
    },
    /// Error from the models crate.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Which WW approximation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Approximation {
    /// Phase-space WW: chi at tmin(x, theta), integrated over theta numerically.
    Ww,
    /// Improved WW: chi(tmin(x, 0), E^2), theta integrated analytically.
    Iww,
    /// Hyper-improved WW: constant chi(m_X^4/(4E^2), m_X^2 + m_mu^2).
    Hiww,
}

impl Approximation {
    /// All approximations with their names.
    pub const ALL: [Self; 3] = [Self::Ww, Self::Iww, Self::Hiww];

    /// Command-line name: "ww", "iww", "hiww".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Ww => "ww",
            Self::Iww => "iww",
            Self::Hiww => "hiww",
        }
    }
}

impl fmt::Display for Approximation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Approximation {
    type Err = WwError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ww" => Ok(Self::Ww),
            "iww" => Ok(Self::Iww),
            "hiww" => Ok(Self::Hiww),
            other => Err(WwError::InvalidArgument(format!(
                "unknown WW approximation '{other}' (expected ww, iww or hiww)"
            ))),
        }
    }
}

/// Everything a WW cross section depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct WwSetup {
    /// The new boson (kind, mass in GeV, coupling g).
    pub mediator: Mediator,
    /// Beam (muon) energy in the lab, GeV.
    pub beam_energy: f64,
    /// Target nucleus.
    pub target: Target,
    /// Photon-nucleus form factor.
    pub form_factor: FormFactorKind,
    /// Upper limit of the X angle in the phase-space WW (rad), default [`DEFAULT_THETA_MAX`].
    pub theta_max: f64,
    /// How chi is evaluated (closed form where available by default).
    pub flux_method: FluxMethod,
    /// Mass of the beam lepton (GeV); the muon mass except in internal limit tests.
    lepton_mass: f64,
}

impl WwSetup {
    /// A setup with the muon as beam and the default theta_max.
    ///
    /// # Errors
    /// [`WwError::InvalidArgument`] if the energy is not finite or below the kinematic
    /// range (x range [m_X/E, 1 - max(m_mu, m_X)/E] empty).
    pub fn new(
        mediator: Mediator,
        beam_energy: f64,
        target: Target,
        form_factor: FormFactorKind,
    ) -> Result<Self, WwError> {
        let s = Self {
            mediator,
            beam_energy,
            target,
            form_factor,
            theta_max: DEFAULT_THETA_MAX,
            flux_method: FluxMethod::ClosedFormIfAvailable,
            lepton_mass: M_MU,
        };
        s.validate()?;
        Ok(s)
    }

    /// Same setup with another theta_max (rad, in (0, pi/2]).
    ///
    /// # Errors
    /// [`WwError::InvalidArgument`] outside (0, pi/2].
    pub fn with_theta_max(mut self, theta_max: f64) -> Result<Self, WwError> {
        if !(theta_max > 0.0 && theta_max <= 0.5 * PI) {
            return Err(WwError::InvalidArgument(format!(
                "theta_max = {theta_max} must lie in (0, pi/2]"
            )));
        }
        self.theta_max = theta_max;
        Ok(self)
    }

    /// Internal: replace the beam-lepton mass (limit tests m_mu -> 0).
    #[cfg(test)]
    pub(crate) fn with_lepton_mass(mut self, m: f64) -> Self {
        self.lepton_mass = m;
        self
    }

    /// The beam-lepton mass used (GeV).
    #[must_use]
    pub fn lepton_mass(&self) -> f64 {
        self.lepton_mass
    }

    fn validate(&self) -> Result<(), WwError> {
        let e = self.beam_energy;
        if !(e.is_finite() && e > 0.0) {
            return Err(WwError::InvalidArgument(format!(
                "beam energy {e} GeV must be positive"
            )));
        }
        let (lo, hi) = self.x_range();
        if lo.is_nan() || hi.is_nan() || lo >= hi {
            return Err(WwError::InvalidArgument(format!(
                "beam energy {e} GeV too low for m_X = {} GeV: empty x range [{lo}, {hi}]",
                self.mediator.mass
            )));
        }
        Ok(())
    }

    /// x range [m_X/E, 1 - max(m_mu, m_X)/E] (physics.md Sec. 5).
    #[must_use]
    pub fn x_range(&self) -> (f64, f64) {
        let e = self.beam_energy;
        let m = self.mediator.mass;
        (m / e, 1.0 - m.max(self.lepton_mass) / e)
    }

    fn flux(&self) -> PhotonFlux {
        PhotonFlux::new(self.form_factor, &self.target, self.flux_method)
    }
}

/// Coefficients of |A|^2 = J + C (u~ x + m_X^2 (1-x) + m^2 x^2)/u~^2.
#[derive(Debug, Clone, Copy)]
struct AmpCoefficients {
    j: f64,
    c: f64,
}

/// J and C of the WW amplitude for a mediator kind at x (y = 1 - x given separately).
///
/// - V: J = 2(2 - 2x + x^2)/(1-x), C = 4(m_X^2 + 2 m^2) (DMG4 arXiv:2101.12192 Eq. (17); physics.md Sec. 5)
/// - S: J = x^2/(1-x),             C = 2(m_X^2 - 4 m^2) (same source)
/// - P: J = x^2/(1-x),             C = 2 m_X^2 (DMG4 source `DarkMuPhilicPseudoScalars.cc`,
///   `CrossSectionDSDXDTheta`, factors for the pseudo-scalar; following Liu-Miller arXiv:1705.01633)
fn coefficients(
    kind: MediatorKind,
    approximation: Approximation,
    m_x: f64,
    m_l: f64,
    x: f64,
    y: f64,
) -> Result<AmpCoefficients, WwError> {
    let (mx2, ml2) = (m_x * m_x, m_l * m_l);
    match kind {
        MediatorKind::Vector => Ok(AmpCoefficients {
            j: 2.0 * (2.0 - 2.0 * x + x * x) / y,
            c: 4.0 * (mx2 + 2.0 * ml2),
        }),
        MediatorKind::Scalar => Ok(AmpCoefficients {
            j: x * x / y,
            c: 2.0 * (mx2 - 4.0 * ml2),
        }),
        MediatorKind::Pseudoscalar => Ok(AmpCoefficients {
            j: x * x / y,
            c: 2.0 * mx2,
        }),
        MediatorKind::Axial => Err(WwError::NotAvailable {
            kind,
            approximation,
            reason: "no published WW amplitude for axial-vector emission off a massive muon was \
                     found (DMG4 has only an electron-beam axial class, DarkAxials.cc)",
        }),
    }
}

/// |A|^2 of the WW approximation (dimensionless) at x and u~ = -U (GeV^2), for beam-lepton
/// mass `m_l`: |A|^2 = J + C (u~ x + m_X^2 (1-x) + m_l^2 x^2)/u~^2 (DMG4 arXiv:2101.12192
/// App. A, Eq. (17), physics.md Sec. 5; pseudoscalar from DMG4 `DarkMuPhilicPseudoScalars.cc`).
///
/// # Errors
/// [`WwError::NotAvailable`] for the axial vector.
pub fn amplitude_squared(
    kind: MediatorKind,
    m_x: f64,
    m_l: f64,
    x: f64,
    u_tilde: f64,
) -> Result<f64, WwError> {
    let k = coefficients(kind, Approximation::Ww, m_x, m_l, x, 1.0 - x)?;
    let l0 = m_x * m_x * (1.0 - x) + m_l * m_l * x * x;
    Ok(k.j + k.c * (u_tilde * x + l0) / (u_tilde * u_tilde))
}

/// Precomputed per-setup quantities.
struct Ctx {
    kind: MediatorKind,
    e: f64,
    m_x: f64,
    m_l: f64,
    /// (g^2/4pi) alpha^2 in GeV^0, times GEV2_TO_PB.
    norm_pb: f64,
    flux: PhotonFlux,
    theta_max: f64,
}

impl Ctx {
    fn new(s: &WwSetup) -> Self {
        let g = s.mediator.coupling;
        Self {
            kind: s.mediator.kind,
            e: s.beam_energy,
            m_x: s.mediator.mass,
            m_l: s.lepton_mass,
            norm_pb: g * g / (4.0 * PI) * ALPHA * ALPHA * GEV2_TO_PB,
            flux: s.flux(),
            theta_max: s.theta_max,
        }
    }

    /// U at theta = 0: m_X^2 (1-x)/x + m^2 x.
    fn u0(&self, x: f64, y: f64) -> f64 {
        self.m_x * self.m_x * y / x + self.m_l * self.m_l * x
    }

    /// |k| = sqrt(x^2 E^2 - m_X^2).
    fn k_abs(&self, x: f64) -> f64 {
        let a = x * self.e;
        ((a - self.m_x) * (a + self.m_x)).max(0.0).sqrt()
    }

    /// tmin(x, U) = U^2/(4 E^2 (1-x)^2).
    fn tmin(&self, u: f64, y: f64) -> f64 {
        let q = u / (2.0 * self.e * y);
        q * q
    }

    /// d sigma/(dx dcos theta) in pb at (x, theta^2), with `sin_theta_over_theta` the measure
    /// factor applied by the caller. `chi_frozen`: use this chi instead of chi(tmin(x, theta)).
    fn ps_density(
        &self,
        x: f64,
        y: f64,
        theta2: f64,
        chi_frozen: Option<f64>,
    ) -> Result<f64, WwError> {
        let k = coefficients(self.kind, Approximation::Ww, self.m_x, self.m_l, x, y)?;
        let u0 = self.u0(x, y);
        let d = x * self.e * self.e * theta2; // U - U0
        let u = u0 + d;
        // (u~ x + m_X^2 (1-x) + m^2 x^2) = -x (U - U0) exactly
        let amp2 = k.j - k.c * x * d / (u * u);
        let chi = match chi_frozen {
            Some(c) => c,
            None => self.flux.chi(self.tmin(u, y), self.e * self.e)?,
        };
        Ok(2.0 * self.norm_pb * self.e * self.k_abs(x) * y * chi * amp2 / (u * u))
    }

    /// Integral over theta of d sigma/(dx dcos theta) (pb), integrating in
    /// s = ln(theta^2 + theta_c^2), theta_c^2 = U0/(x E^2), up to `theta_max`.
    /// `small_angle`: use dcos theta = theta dtheta instead of sin theta dtheta.
    fn theta_integral(
        &self,
        x: f64,
        y: f64,
        theta_max: f64,
        chi_frozen: Option<f64>,
        small_angle: bool,
    ) -> Result<f64, WwError> {
        let u0 = self.u0(x, y);
        let xe2 = x * self.e * self.e;
        let tc2 = u0 / xe2;
        let (s0, s1) = (tc2.ln(), (theta_max * theta_max + tc2).ln());
        let mut breaks = vec![s0];
        // where chi starts to fall: tmin = d  <=>  U = 2 E y sqrt(d)
        let u_d = 2.0 * self.e * y * self.flux.form_factor().nuclear_scale().sqrt();
        let s_d = (u_d / xe2).ln();
        if s_d > s0 && s_d < s1 {
            breaks.push(s_d);
        }
        breaks.push(s1);
        let fine = quadrature::subdivide(&breaks, 2.0);
        let q = quadrature::try_integrate_breaks(
            |s| {
                let es = s.exp();
                let theta2 = (es - tc2).max(0.0);
                let measure = if small_angle {
                    1.0
                } else {
                    let th = theta2.sqrt();
                    if th > 0.0 { th.sin() / th } else { 1.0 }
                };
                self.ps_density(x, y, theta2, chi_frozen)
                    .map(|v| 0.5 * es * measure * v)
            },
            &fine,
            THETA_REL_TOL,
            0.0,
            2000,
        )?;
        converged_value(q, "d sigma/dx dcos theta over theta", 1e-6)
    }

    /// IWW d sigma/dx (pb) for a given chi: the theta integral of the phase-space WW with chi
    /// frozen, small-angle measure and theta_max -> infinity, done analytically:
    /// (g^2/4pi) alpha^2 chi beta_X (1-x) [J/U0 - C x/(6 U0^2)].
    /// For V and S this equals the printed IWW formulas of physics.md Sec. 5 (DMG4
    /// arXiv:2101.12192; Liu-Miller arXiv:1705.01633 Eq. (30)); tested below.
    fn iww_with_chi(
        &self,
        approx: Approximation,
        x: f64,
        y: f64,
        chi: f64,
    ) -> Result<f64, WwError> {
        let k = coefficients(self.kind, approx, self.m_x, self.m_l, x, y)?;
        let u0 = self.u0(x, y);
        let beta = self.k_abs(x) / (x * self.e);
        Ok(self.norm_pb * chi * beta * y * (k.j / u0 - k.c * x / (6.0 * u0 * u0)))
    }

    fn chi_iww(&self, x: f64, y: f64) -> Result<f64, WwError> {
        self.flux.chi(self.tmin(self.u0(x, y), y), self.e * self.e)
    }

    fn chi_hiww(&self) -> Result<f64, WwError> {
        let m2 = self.m_x * self.m_x;
        self.flux
            .chi(m2 * m2 / (4.0 * self.e * self.e), m2 + self.m_l * self.m_l)
    }

    fn dsigma_dx(&self, approx: Approximation, x: f64, y: f64) -> Result<f64, WwError> {
        match approx {
            Approximation::Ww => self.theta_integral(x, y, self.theta_max, None, false),
            Approximation::Iww => self.iww_with_chi(approx, x, y, self.chi_iww(x, y)?),
            Approximation::Hiww => self.iww_with_chi(approx, x, y, self.chi_hiww()?),
        }
    }
}

fn check_x(setup: &WwSetup, x: f64) -> Result<(), WwError> {
    let (lo, hi) = setup.x_range();
    if !(x >= lo && x <= hi) {
        return Err(WwError::InvalidArgument(format!(
            "x = {x} outside the kinematic range [{lo}, {hi}]"
        )));
    }
    Ok(())
}

/// Phase-space WW d sigma/(dx dcos theta) in pb (DMG4 arXiv:2101.12192 App. A, Eqs. (16)-(17);
/// physics.md Sec. 5):
///
/// d sigma/(dx dcos theta) = 2 (g^2/4pi) alpha^2 E |k| (1-x) chi(tmin(x, theta), E^2) |A|^2 / U^2.
///
/// # Errors
/// [`WwError::InvalidArgument`] for x outside [`WwSetup::x_range`] or |cos theta| > 1;
/// [`WwError::NotAvailable`] for the axial vector.
pub fn dsigma_dx_dcos(setup: &WwSetup, x: f64, cos_theta: f64) -> Result<f64, WwError> {
    check_x(setup, x)?;
    if !(-1.0..=1.0).contains(&cos_theta) {
        return Err(WwError::InvalidArgument(format!(
            "cos theta = {cos_theta} outside [-1, 1]"
        )));
    }
    // theta = 2 asin(sqrt((1 - cos)/2)) keeps small angles accurate
    let theta = 2.0 * (0.5 * (1.0 - cos_theta)).sqrt().asin();
    Ctx::new(setup).ps_density(x, 1.0 - x, theta * theta, None)
}

/// d sigma/dx in pb for the chosen approximation:
/// - `Ww`: the theta integral of [`dsigma_dx_dcos`] over [0, theta_max] (numerical);
/// - `Iww`: IWW with chi(tmin(x, 0), E^2) (physics.md Sec. 5);
/// - `Hiww`: IWW with constant chi(m_X^4/(4E^2), m_X^2 + m_mu^2) (Chen-Pospelov-Zhong
///   arXiv:1701.07437).
///
/// # Errors
/// As [`dsigma_dx_dcos`], plus [`WwError::Integration`].
pub fn dsigma_dx(setup: &WwSetup, approx: Approximation, x: f64) -> Result<f64, WwError> {
    check_x(setup, x)?;
    Ctx::new(setup).dsigma_dx(approx, x, 1.0 - x)
}

/// Total cross section in pb: d sigma/dx integrated over x in [m_X/E, 1 - max(m_mu, m_X)/E].
/// The x range is split at x = 1/2; below, the variable is ln x, above ln(1 - x) (with 1 - x
/// carried exactly), which resolves the small-x and x -> 1 structures.
///
/// # Errors
/// [`WwError::NotAvailable`] for the axial vector, [`WwError::Integration`] on failure.
pub fn sigma(setup: &WwSetup, approx: Approximation) -> Result<f64, WwError> {
    setup.validate()?;
    let ctx = Ctx::new(setup);
    // fail early (and with the right error) for unavailable kinds
    coefficients(ctx.kind, approx, ctx.m_x, ctx.m_l, 0.5, 0.5)?;
    let (lo, hi) = setup.x_range();
    let y_min = ctx.m_x.max(ctx.m_l) / ctx.e;
    let mid = 0.5_f64.clamp(lo, hi);
    let mut pieces = Vec::new();
    if mid > lo {
        pieces.push(quadrature::try_integrate_breaks(
            |u| {
                let x = u.exp();
                ctx.dsigma_dx(approx, x, 1.0 - x).map(|d| x * d)
            },
            &[lo.ln(), mid.ln()],
            X_REL_TOL,
            0.0,
            500,
        )?);
    }
    if hi > mid {
        pieces.push(quadrature::try_integrate_breaks(
            |v| {
                let y = v.exp();
                ctx.dsigma_dx(approx, 1.0 - y, y).map(|d| y * d)
            },
            &[y_min.ln(), (1.0 - mid).ln()],
            X_REL_TOL,
            0.0,
            500,
        )?);
    }
    let (total, error) = pieces
        .iter()
        .fold((0.0, 0.0), |(v, e), q| (v + q.value, e + q.error));
    if error > 1e-5 * total.abs() {
        return Err(WwError::Integration {
            what: "d sigma/dx over x",
            value: total,
            error,
        });
    }
    Ok(total)
}

/// The value of an adaptive integral, or [`WwError::Integration`] if it missed its tolerance
/// and its error estimate exceeds `rel` of the value.
pub(crate) fn converged_value(
    q: quadrature::Quad,
    what: &'static str,
    rel: f64,
) -> Result<f64, WwError> {
    if !q.converged && q.error > rel * q.value.abs() {
        return Err(WwError::Integration {
            what,
            value: q.value,
            error: q.error,
        });
    }
    Ok(q.value)
}

#[cfg(test)]
mod tests;
