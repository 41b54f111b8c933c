//! The decay angular distribution of X in its rest frame (docs/physics.md Sec. 8.6).
//!
//! - Spin 0 (S, P): isotropic, for every channel (no direction to remember).
//! - Spin 1 (V, A) with spin density matrix rho in an orthonormal rest-frame triad (e_1, e_2,
//!   e_3) ([`crate::matrix_element::polarisation`]): the decay amplitude for polarisation e_l
//!   into f(p* n) fbar(-p* n) gives, summed over the fermion spins (traces of
//!   [`crate::matrix_element::dirac::decay_tensor`] in the rest frame; Haber hep-ph/9405376
//!   Sec. 3 for the structure),
//!
//!     sum_{l l'} rho_{l l'} L_{l l'}(n) proportional to  W(n) = Tr rho - kappa n.rho.n,
//!
//!   with L_{ij} = 2 m_X^2 (delta_ij - beta^2 n_i n_j) for a vector coupling (beta = the
//!   fermion velocity, beta^2 = 1 - 4 m_f^2/m_X^2), L_{ij} = 8 p*^2 (delta_ij - n_i n_j) for an
//!   axial coupling, and the symmetric part of the left-handed neutrino tensor
//!   m_X^2 (delta_ij - n_i n_j). Hence kappa = beta^2 (vector into a massive pair) and kappa = 1
//!   otherwise (axial; massless neutrinos and dark fermions). The antisymmetric part of the
//!   chiral tensor pairs with Im rho, which vanishes at tree level (tested), so it is dropped.
//!   For a longitudinal X (rho = diag(0, 0, 1)) W = 1 - kappa cos^2(theta): sin^2(theta) for
//!   massless fermions, the textbook result.
//!
//! Since rho is positive semi-definite, 0 <= W(n) <= Tr rho: an isotropic proposal accepted with
//! probability W/Tr rho samples W exactly (acceptance >= 2/3 for kappa <= 1).

use super::table::Channel;
use crate::mediator::MediatorKind;

/// kappa of the module docs for X of `kind` and mass `m_x` (GeV) decaying into `channel`;
/// 0 (isotropic) for spin 0 and for gamma gamma (spin 0 only).
#[must_use]
pub fn kappa(kind: MediatorKind, channel: Channel, m_x: f64) -> f64 {
    match kind {
        MediatorKind::Scalar | MediatorKind::Pseudoscalar => 0.0,
        MediatorKind::Axial => 1.0,
        MediatorKind::Vector => {
            let mf = channel.product_mass();
            (1.0 - 4.0 * mf * mf / (m_x * m_x)).clamp(0.0, 1.0)
        }
    }
}

/// W(c) = Tr rho - kappa c.rho.c for the direction c = (c_1, c_2, c_3) of the first decay
/// product in the rest-frame triad of `rho` (unit vector).
#[must_use]
pub fn spin_one_weight(rho: &[[f64; 3]; 3], c: [f64; 3], kappa: f64) -> f64 {
    let tr = rho[0][0] + rho[1][1] + rho[2][2];
    let mut q = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            q += c[i] * rho[i][j] * c[j];
        }
    }
    tr - kappa * q
}
