//! Physical constants and unit conversions. Natural units, GeV everywhere.
//!
//! Values are CODATA 2018 / PDG 2022 unless stated otherwise (see `shared/physics.md` Sec. 1).

/// Fine-structure constant in the Thomson limit. Source: CODATA 2018, 1/alpha = 137.035999084.
pub const ALPHA: f64 = 1.0 / 137.035_999_084;

/// Muon mass in GeV. Source: CODATA 2018 (PDG 2022), 105.6583755(23) MeV.
pub const M_MU: f64 = 0.105_658_375_5;

/// Electron mass in GeV. Source: CODATA 2018, 0.51099895000(15) MeV.
pub const M_E: f64 = 0.510_998_950e-3;

/// Atomic mass unit in GeV. Source: CODATA 2018, 931.49410242(28) MeV.
pub const AMU: f64 = 0.931_494_102_42;

/// Proton mass in GeV. Source: CODATA 2018, 938.27208816(29) MeV.
pub const M_P: f64 = 0.938_272_088_16;

/// Proton magnetic moment in nuclear magnetons. Source: BEST arXiv:0906.0580 App. A (mu_p = 2.79).
pub const MU_P: f64 = 2.79;

/// Conversion of a cross section from GeV^-2 to pb: (hbar c)^2 = 0.3893794e9 GeV^2 pb.
/// Source: PDG 2022, Physical constants, (hbar c)^2 = 0.389379372 GeV^2 mbarn.
pub const GEV2_TO_PB: f64 = 0.389_379_372e9;

/// 1 pb in cm^2 (1 b = 1e-24 cm^2, SI definition of the barn).
pub const PB_TO_CM2: f64 = 1e-36;

/// Atomic mass unit in grams, m_0 of GKSST Eq. (4). Source: CODATA 2018, 1.66053906660e-24 g.
pub const AMU_GRAM: f64 = 1.660_539_066_60e-24;

/// Unit electric charge e = sqrt(4 pi alpha).
#[must_use]
pub fn electric_charge() -> f64 {
    (4.0 * std::f64::consts::PI * ALPHA).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copper_nucleus_mass_matches_physics_reference() {
        // physics.md Sec. 1: M_Cu = 62.9295975 u - 29 m_e = 58.60373 GeV.
        let m = 62.929_597_5 * AMU - 29.0 * M_E;
        assert!((m - 58.603_73).abs() < 1e-5, "{m}");
    }

    #[test]
    fn charge_squared_is_four_pi_alpha() {
        let e = electric_charge();
        assert!((e * e / (4.0 * std::f64::consts::PI) - ALPHA).abs() < 1e-17);
        assert!((e - 0.302_822).abs() < 1e-6);
    }
}
