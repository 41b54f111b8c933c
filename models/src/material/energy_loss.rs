//! Mean (continuous) muon energy loss -dE/dx = a(E) + b(E) E.
//!
//! a(E), the electronic (ionisation) loss, is the Bethe formula with the density-effect
//! correction, PDG review "Passage of particles through matter" Eq. (34.5), with the spin-1/2
//! term T_max^2/(8 E^2) and the bremsstrahlung from atomic electrons of Groom, Mokhov,
//! Striganov, ADNDT 78 (2001) 183, Eqs. (2) and (5):
//!
//!   a = K <Z/A> / beta^2 [ 1/2 ln(2 m_e beta^2 gamma^2 T_max / I^2) - beta^2 - delta/2
//!       + T_max^2 / (8 E^2) ]
//!     + K/(4 pi) <Z/A> alpha [ln(2E/M) - ln(2 T_max/m_e)/3] ln^2(2 T_max/m_e),
//!   T_max = 2 m_e beta^2 gamma^2 / (1 + 2 gamma m_e/M + (m_e/M)^2)     (PDG Eq. 34.4),
//!
//! K = 4 pi N_A r_e^2 m_e c^2 = 0.307075 MeV mol^-1 cm^2 (PDG Table 34.1). The density effect
//! delta(x), x = log10(beta gamma), is Sternheimer's parametrisation (PDG Eq. 34.7):
//! 2 ln10 x - Cbar (x >= x1), 2 ln10 x - Cbar + a (x1 - x)^k (x0 <= x < x1),
//! delta0 10^(2(x - x0)) (x < x0, conductors). Low-energy (shell, Barkas) corrections are
//! left out: they matter below ~10 MeV, far below the energies here.
//!
//! b(E) is in [`super::radiative`]. This is the MEAN loss: fluctuations (straggling,
//! catastrophic radiative losses) are not modelled; a muon's energy at depth is the
//! continuous-slowing-down (CSDA) value.

use super::element::Element;
use crate::constants::{ALPHA, M_E, M_MU};

/// K = 4 pi N_A r_e^2 m_e c^2 in MeV cm^2/mol (PDG Table 34.1).
pub const K_MEV_CM2_MOL: f64 = 0.307_075;

/// Sternheimer's density-effect parameters (PDG tables' "Sternheimer coef").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sternheimer {
    /// a.
    pub a: f64,
    /// k (m_s).
    pub k: f64,
    /// x0.
    pub x0: f64,
    /// x1.
    pub x1: f64,
    /// Cbar.
    pub cbar: f64,
    /// delta0 (conductors; 0 for insulators).
    pub delta0: f64,
}

impl Sternheimer {
    /// The Sternheimer-Peierls general recipe for a condensed (solid or liquid) material
    /// from its mean excitation energy and plasma energy (Sternheimer and Peierls, Phys. Rev.
    /// B 3 (1971) 3681; as in the Geant4 Physics Reference Manual, "density effect"):
    /// hbar omega_p = 28.816 sqrt(rho <Z/A>) eV, Cbar = 1 + 2 ln(I/hbar omega_p);
    /// I < 100 eV: x1 = 2, x0 = 0.2 if Cbar < 3.681 else 0.326 Cbar - 1.0;
    /// I >= 100 eV: x1 = 3, x0 = 0.2 if Cbar < 5.215 else 0.326 Cbar - 1.5;
    /// k = 3, a = (Cbar - 2 ln10 x0)/(x1 - x0)^3, delta0 = 0.
    #[must_use]
    pub fn condensed(mean_excitation_ev: f64, density_g_cm3: f64, z_over_a: f64) -> Self {
        let plasma_ev = 28.816 * (density_g_cm3 * z_over_a).sqrt();
        let cbar = 1.0 + 2.0 * (mean_excitation_ev / plasma_ev).ln();
        let (x0, x1) = if mean_excitation_ev < 100.0 {
            (
                if cbar < 3.681 {
                    0.2
                } else {
                    0.326 * cbar - 1.0
                },
                2.0,
            )
        } else {
            (
                if cbar < 5.215 {
                    0.2
                } else {
                    0.326 * cbar - 1.5
                },
                3.0,
            )
        };
        let k = 3.0;
        let a = (cbar - 2.0 * std::f64::consts::LN_10 * x0) / (x1 - x0).powf(k);
        Self {
            a,
            k,
            x0,
            x1,
            cbar,
            delta0: 0.0,
        }
    }

    /// delta(x), x = log10(beta gamma).
    #[must_use]
    pub fn delta(&self, x: f64) -> f64 {
        let two_ln10 = 2.0 * std::f64::consts::LN_10;
        if x >= self.x1 {
            two_ln10 * x - self.cbar
        } else if x >= self.x0 {
            two_ln10 * x - self.cbar + self.a * (self.x1 - x).powf(self.k)
        } else {
            self.delta0 * 10f64.powf(2.0 * (x - self.x0))
        }
    }
}

/// The ionisation parameters of a material.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ionisation {
    /// <Z/A> in mol/g.
    pub z_over_a: f64,
    /// Mean excitation energy I in eV.
    pub mean_excitation_ev: f64,
    /// Density-effect parameters.
    pub sternheimer: Sternheimer,
}

impl Ionisation {
    /// a(E) in MeV cm^2/g at total muon energy `energy` (GeV); see the module docs.
    #[must_use]
    pub fn a_mev_cm2_g(&self, energy: f64) -> f64 {
        // MeV inside this function (the tables' unit).
        let m = M_MU * 1e3;
        let me = M_E * 1e3;
        let e = (energy * 1e3).max(m * (1.0 + 1e-9));
        let p = ((e - m) * (e + m)).sqrt();
        let bg = p / m;
        let gamma = e / m;
        let beta2 = (p / e) * (p / e);
        let t_max = 2.0 * me * bg * bg / (1.0 + 2.0 * gamma * me / m + (me / m) * (me / m));
        let i = self.mean_excitation_ev * 1e-6;
        let delta = self.sternheimer.delta(bg.log10());
        let bethe = K_MEV_CM2_MOL * self.z_over_a / beta2
            * (0.5 * (2.0 * me * bg * bg * t_max / (i * i)).ln() - beta2 - delta / 2.0
                + t_max * t_max / (8.0 * e * e));
        let l = (2.0 * t_max / me).ln();
        let electron_brems = K_MEV_CM2_MOL / (4.0 * std::f64::consts::PI)
            * self.z_over_a
            * ALPHA
            * ((2.0 * e / m).ln() - l / 3.0)
            * l
            * l;
        bethe + electron_brems
    }
}

/// Bragg additivity of the mean excitation energy (PDG review Eq. 34.8 context):
/// ln I = sum_j w_j (Z_j/A_j) ln I_j / <Z/A>, for mass fractions w_j.
#[must_use]
pub fn bragg_mean_excitation_ev(components: &[(&Element, f64)]) -> f64 {
    let za: f64 = components
        .iter()
        .map(|(e, w)| w * f64::from(e.z) / e.molar_mass_g_mol)
        .sum();
    let s: f64 = components
        .iter()
        .map(|(e, w)| w * f64::from(e.z) / e.molar_mass_g_mol * e.mean_excitation_ev.ln())
        .sum();
    (s / za).exp()
}
