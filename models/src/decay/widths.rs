//! Tree-level two-body widths of X (docs/physics.md Sec. 8).
//!
//! Couplings as in [`crate::mediator`]: L_S = g S fbar f, L_P = g P fbar i gamma5 f,
//! L_V = g V_a fbar gamma^a f, L_A = g A_a fbar gamma^a gamma5 f. With r = m_f^2/m_X^2 and
//! beta = sqrt(1 - 4 r):
//!
//! ```text
//! Gamma(S -> f fbar) = g^2 m_X beta^3 / (8 pi)          Gamma(P -> f fbar) = g^2 m_X beta / (8 pi)
//! Gamma(V -> f fbar) = g^2 m_X (1 + 2 r) beta / (12 pi)  Gamma(A -> f fbar) = g^2 m_X beta^3 / (12 pi)
//! ```
//!
//! Sources: S and P are the Born widths of h -> f fbar and A -> f fbar in Djouadi, Phys. Rept.
//! 457 (2008) 1 and 459 (2008) 1 (G_F N_c m_f^2 M beta^{3,1} / (4 sqrt 2 pi), the decays into
//! fermions), with the Yukawa m_f/v replaced by g, since G_F/(4 sqrt 2) = 1/(8 v^2); V and A are
//! the vector and axial parts of the Z -> f fbar Born width, [g_V^2 (1 + 2 r) + g_A^2 (1 - 4 r)]
//! beta m_X/(12 pi) (PDG 2024 review "Electroweak model and constraints on new physics"). The
//! L_mu - L_tau neutrino width (He, Joshi, Lew, Volkas, PRD 43 (1991) 22 and PRD 44 (1991)
//! 2118: the same g for mu, tau, nu_mu, nu_tau, neutrinos left-handed) is half the massless
//! vector width: g^2 m_X / (24 pi) per flavour. All are checked in the tests against
//! a numerical phase-space integral of |M|^2 built from explicit Dirac spinors and traces.

use crate::mediator::MediatorKind;
use std::f64::consts::PI;

/// beta^2 = 1 - 4 m_f^2 / m_X^2, written as (m_X - 2 m_f)(m_X + 2 m_f) / m_X^2 so that it keeps
/// full relative precision at threshold (m_X - 2 m_f is exact by Sterbenz's lemma when m_X is
/// within a factor of two of 2 m_f). Zero at and below threshold (and for m_X <= 0 or NaN input).
#[must_use]
pub fn beta_squared(m_x: f64, m_f: f64) -> f64 {
    let two_m = 2.0 * m_f;
    if !(m_x > two_m) {
        return 0.0;
    }
    ((m_x - two_m) * (m_x + two_m)) / (m_x * m_x)
}

/// The velocity beta = sqrt(1 - 4 m_f^2/m_X^2) of either fermion in the X rest frame
/// (see [`beta_squared`]); zero at and below threshold.
#[must_use]
pub fn beta(m_x: f64, m_f: f64) -> f64 {
    beta_squared(m_x, m_f).sqrt()
}

/// Gamma(X -> f fbar) in GeV for a Dirac fermion of mass `m_f` (GeV), coupling `g`, X mass `m_x`
/// (GeV), one colour. Zero at and below threshold. The formulas and sources are in the module
/// documentation (docs/physics.md Sec. 8).
#[must_use]
pub fn fermion_pair(kind: MediatorKind, g: f64, m_x: f64, m_f: f64) -> f64 {
    let b2 = beta_squared(m_x, m_f);
    if b2 == 0.0 {
        return 0.0;
    }
    let b = b2.sqrt();
    let g2m = g * g * m_x;
    match kind {
        MediatorKind::Scalar => g2m * b2 * b / (8.0 * PI),
        MediatorKind::Pseudoscalar => g2m * b / (8.0 * PI),
        MediatorKind::Vector => {
            let r = (m_f / m_x) * (m_f / m_x);
            g2m * (1.0 + 2.0 * r) * b / (12.0 * PI)
        }
        MediatorKind::Axial => g2m * b2 * b / (12.0 * PI),
    }
}

/// Gamma(V -> nu nubar) in GeV for one massless neutrino flavour coupled to the vector through
/// its left-handed component only, L = g V_a nubar gamma^a P_L nu (the L_mu - L_tau boson:
/// He, Joshi, Lew, Volkas PRD 43 (1991) 22; PRD 44 (1991) 2118): g^2 m_X / (24 pi), half of the
/// massless Dirac width g^2 m_X / (12 pi). Zero for m_X <= 0.
#[must_use]
pub fn neutrino_pair_left(g: f64, m_x: f64) -> f64 {
    if !(m_x > 0.0) {
        return 0.0;
    }
    g * g * m_x / (24.0 * PI)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::M_MU;

    #[test]
    fn beta_is_stable_at_threshold() {
        // m_X = 2 m_mu + d: beta^2 = d (4 m_mu + d) / (2 m_mu + d)^2 exactly.
        for d in [1e-15, 1e-12, 1e-9, 1e-6] {
            let m = 2.0 * M_MU + d;
            let dd = m - 2.0 * M_MU; // exact (Sterbenz); the d actually represented
            let exact = dd * (4.0 * M_MU + dd) / (m * m);
            assert!(
                ((beta_squared(m, M_MU) - exact) / exact).abs() < 1e-14,
                "{d}"
            );
        }
        assert_eq!(beta_squared(2.0 * M_MU, M_MU), 0.0);
        assert_eq!(beta_squared(0.1, M_MU), 0.0);
        assert_eq!(beta_squared(f64::NAN, M_MU), 0.0);
        for k in [MediatorKind::Scalar, MediatorKind::Vector] {
            assert_eq!(fermion_pair(k, 1e-3, 0.2, M_MU), 0.0);
        }
    }

    #[test]
    fn massless_limits() {
        let (g, m) = (0.3, 10.0);
        let v = fermion_pair(MediatorKind::Vector, g, m, 0.0);
        let a = fermion_pair(MediatorKind::Axial, g, m, 0.0);
        let s = fermion_pair(MediatorKind::Scalar, g, m, 0.0);
        let p = fermion_pair(MediatorKind::Pseudoscalar, g, m, 0.0);
        assert!((v / (g * g * m / (12.0 * PI)) - 1.0).abs() < 1e-15);
        assert!((a / v - 1.0).abs() < 1e-15);
        assert!((s / p - 1.0).abs() < 1e-15);
        assert!((neutrino_pair_left(g, m) / v - 0.5).abs() < 1e-15);
    }
}
