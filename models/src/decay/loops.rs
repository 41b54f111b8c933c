//! S, P -> gamma gamma through the muon loop (docs/physics.md Sec. 8).
//!
//! Sources: Djouadi, "The anatomy of electroweak symmetry breaking I", Phys. Rept. 457 (2008) 1,
//! the loop-induced decay H -> gamma gamma with the spin-1/2 form factor
//! A^H_{1/2}(tau) = 2 [tau + (tau - 1) f(tau)] / tau^2 and the function f(tau) below; and "II",
//! Phys. Rept. 459 (2008) 1, A -> gamma gamma with A^A_{1/2}(tau) = 2 f(tau) / tau. Both use
//! tau = M^2 / (4 m_f^2):
//!
//! ```text
//! f(tau) = arcsin^2(sqrt tau)                                               tau <= 1
//! f(tau) = -(1/4) [ ln((1 + sqrt(1 - 1/tau)) / (1 - sqrt(1 - 1/tau))) - i pi ]^2   tau > 1
//! ```
//!
//! ## Normalisation (derived here)
//! Djouadi's widths are Gamma(H -> gamma gamma) = G_F alpha^2 M^3 / (128 sqrt 2 pi^3)
//! |sum_f N_c Q_f^2 A^H_{1/2}|^2 for L = -(m_f / v) H fbar f, and the same prefactor with A^A_{1/2}
//! for L = -(m_f / v) A fbar i gamma5 f, where v = (sqrt 2 G_F)^{-1/2}. With G_F = 1/(sqrt 2 v^2),
//! G_F / (128 sqrt 2) = 1 / (256 v^2), and 1/v^2 = g^2 / m_f^2 for the Yukawa g = m_f / v, so for
//! the muon (N_c Q^2 = 1) and L_S = g S mubar mu, L_P = g P mubar i gamma5 mu (the sign of g drops
//! out of |A|^2):
//!
//! ```text
//! Gamma(X -> gamma gamma) = alpha^2 g^2 m_X^3 / (256 pi^3 m_mu^2) |A_X(tau)|^2,  tau = m_X^2/(4 m_mu^2)
//! ```
//!
//! which is the formula docs/physics.md Sec. 8 states (verified). Cross-check (heavy muon,
//! tau -> 0): A_S -> 4/3 gives g^2 alpha^2 m_X^3 / (144 pi^3 m_mu^2), i.e. the effective coupling
//! -(1/4) g_Sgg S F F with g_Sgg = 2 alpha g / (3 pi m_mu) from the QED low-energy theorem
//! (Gamma = g_Sgg^2 m_X^3 / (64 pi)); A_P -> 2 gives the axion-like g_Pgg = alpha g / (pi m_mu)
//! of the anomaly. alpha is the Thomson-limit value (on-shell photons).
//!
//! ## Feynman-parameter form (used in the tests)
//! With r = 4 tau = m_X^2/m_mu^2 and -i eps: A_S = 4 int_0^1 dx int_0^{1-x} dy (1 - 4xy)/(1 - r x y),
//! A_P = 4 int int dx dy / (1 - r x y); doing the y integral, int int dx dy/(1 - r x y) = f/(2 tau)
//! with f(tau) = -(1/2) int_0^1 dx/x ln(1 - 4 tau x (1 - x) - i eps) (the scalar three-point
//! function C0(0, 0, m_X^2; m, m, m) = -2 f(tau)/m_X^2). These are derived, not copied; the tests
//! integrate them numerically.
//!
//! V, A -> gamma gamma vanish (Landau-Yang: a massive spin-1 particle cannot decay into two
//! photons; L. D. Landau, Dokl. Akad. Nauk 60 (1948) 207; C. N. Yang, Phys. Rev. 77 (1950) 242).

use crate::constants::{ALPHA, M_MU};
use crate::mediator::MediatorKind;
use crate::real::Complex;
use std::f64::consts::PI;

/// Below this tau the amplitudes are summed from their Taylor series (the closed form of A_S
/// cancels: tau + (tau - 1) f = O(tau^2) out of O(tau) terms).
const SERIES_BELOW: f64 = 0.1;

/// Taylor coefficients of f(tau) = arcsin^2(sqrt tau) = sum_{n>=1} c_n tau^n,
/// c_n = 4^n / (2 n^2 binom(2n, n)) (the series of arcsin^2 z = sum (2z)^{2n} / (2 n^2 binom(2n, n))).
/// The iterator yields c_1, c_2, ... (c_1 = 1, c_2 = 1/3, c_3 = 8/45).
fn f_series_coefficients() -> impl Iterator<Item = f64> {
    // a_n = 4^n / binom(2n, n): a_1 = 2, a_{n+1} = a_n * 2 (n + 1) / (2 n + 1).
    (1..).scan(2.0_f64, |a, n: u32| {
        let nf = f64::from(n);
        let c = *a / (2.0 * nf * nf);
        *a *= 2.0 * (nf + 1.0) / (2.0 * nf + 1.0);
        Some(c)
    })
}

/// Sum_{n>=1} w(c_n, c_{n+1}) tau^{n-1} for tau < 1, until the terms drop below 1e-18 of the sum.
fn series(tau: f64, w: impl Fn(f64, f64) -> f64) -> f64 {
    let mut it = f_series_coefficients();
    let Some(mut c) = it.next() else {
        return f64::NAN;
    };
    let (mut sum, mut power) = (0.0, 1.0);
    for c_next in it.take(200) {
        let term = w(c, c_next) * power;
        sum += term;
        if term.abs() <= 1e-18 * sum.abs() {
            break;
        }
        power *= tau;
        c = c_next;
    }
    sum
}

/// The loop function f(tau) of Djouadi (Phys. Rept. 457 (2008) 1; see the module documentation),
/// tau = m_X^2 / (4 m_f^2). Real for tau <= 1; above the f fbar threshold
/// Im f = (pi/2) ln((1 + beta)/(1 - beta)) > 0 with beta = sqrt(1 - 1/tau).
///
/// Numerics: below threshold arcsin^2(sqrt tau); above it the logarithm is evaluated as
/// ln tau + 2 ln(1 + beta), since (1 + beta)/(1 - beta) = tau (1 + beta)^2, which keeps full
/// precision both near threshold (beta -> 0) and for tau -> infinity (no 1 - beta). NaN for
/// tau < 0 or NaN.
#[must_use]
pub fn f_loop(tau: f64) -> Complex<f64> {
    if !(tau >= 0.0) {
        return Complex::new(f64::NAN, f64::NAN);
    }
    if tau <= 1.0 {
        let a = tau.sqrt().asin();
        return Complex::real(a * a);
    }
    let b = (1.0 - 1.0 / tau).sqrt();
    let l = tau.ln() + 2.0 * b.ln_1p();
    Complex::new(-0.25 * (l * l - PI * PI), 0.5 * PI * l)
}

/// The scalar (CP-even) fermion-loop amplitude A_S(tau) = 2 [tau + (tau - 1) f(tau)] / tau^2
/// (Djouadi, Phys. Rept. 457 (2008) 1, A^H_{1/2}). A_S(0) = 4/3; for tau >> 1,
/// A_S -> [2 - (1/2)(ln 4 tau - i pi)^2] / tau. Summed from its Taylor series
/// 2 sum_n (c_n - c_{n+1}) tau^{n-1} for tau < 0.1 (no cancellation). NaN for tau < 0 or NaN.
#[must_use]
pub fn amplitude_scalar(tau: f64) -> Complex<f64> {
    if !(tau >= 0.0) {
        return Complex::new(f64::NAN, f64::NAN);
    }
    if tau < SERIES_BELOW {
        return Complex::real(2.0 * series(tau, |c, c_next| c - c_next));
    }
    let f = f_loop(tau);
    let s = 2.0 / (tau * tau);
    Complex::new((tau + (tau - 1.0) * f.re) * s, (tau - 1.0) * f.im * s)
}

/// The pseudoscalar (CP-odd) fermion-loop amplitude A_P(tau) = 2 f(tau) / tau (Djouadi, Phys.
/// Rept. 459 (2008) 1, A^A_{1/2}). A_P(0) = 2; for tau >> 1, A_P -> -(1/2)(ln 4 tau - i pi)^2 / tau.
/// NaN for tau < 0 or NaN.
#[must_use]
pub fn amplitude_pseudoscalar(tau: f64) -> Complex<f64> {
    if !(tau >= 0.0) {
        return Complex::new(f64::NAN, f64::NAN);
    }
    if tau < SERIES_BELOW {
        return Complex::real(2.0 * series(tau, |c, _| c));
    }
    f_loop(tau).scale(2.0 / tau)
}

/// Gamma(X -> gamma gamma) in GeV through the muon loop for coupling `g` to muons and mass `m_x`
/// (GeV): alpha^2 g^2 m_X^3 / (256 pi^3 m_mu^2) |A_X(m_X^2 / (4 m_mu^2))|^2 for S and P (the
/// normalisation is derived in the module documentation); zero for V and A (Landau-Yang) and for
/// m_x <= 0.
#[must_use]
pub fn diphoton(kind: MediatorKind, g: f64, m_x: f64) -> f64 {
    if !(m_x > 0.0) {
        return 0.0;
    }
    let tau = m_x * m_x / (4.0 * M_MU * M_MU);
    let a = match kind {
        MediatorKind::Scalar => amplitude_scalar(tau),
        MediatorKind::Pseudoscalar => amplitude_pseudoscalar(tau),
        MediatorKind::Vector | MediatorKind::Axial => return 0.0,
    };
    ALPHA * ALPHA * g * g * m_x * m_x * m_x / (256.0 * PI * PI * PI * M_MU * M_MU) * a.norm_sqr()
}
