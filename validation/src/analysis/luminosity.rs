//! Fixed-target luminosity of GKSST Eq. (4).
//!
//! L_FT = N_mu rho_T/(A m_0) Delta x,  N_mu = L_LHC sigma_fid.
//!
//! Choice of A m_0: GKSST write the number density of target nuclei as rho_T/(A m_0) with the
//! *mass number* A (A = 63 for Cu-63) and m_0 = 1.661e-24 g (the atomic mass unit rounded to
//! four digits), not the isotope's atomic mass 62.93 u. We follow the paper
//! ([`GKSST_M0_GRAM`], integer A) so that its normalisation (65 nb^-1) is reproduced; using
//! the atomic mass instead would raise L_FT by 63/62.93 = +0.11 %.

use super::AnalysisError;

/// m_0 of GKSST Eq. (4) in grams (1.661e-24 g).
pub const GKSST_M0_GRAM: f64 = 1.661e-24;

/// 1 nb^-1 in cm^-2 (1 nb = 1e-33 cm^2).
const INV_NB_IN_CM2: f64 = 1e33;

/// An LHC integrated luminosity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntegratedLuminosity {
    inv_fb: f64,
}

impl IntegratedLuminosity {
    /// From fb^-1.
    #[must_use]
    pub fn from_inv_fb(v: f64) -> Self {
        Self { inv_fb: v }
    }

    /// From ab^-1 (1 ab^-1 = 1000 fb^-1).
    #[must_use]
    pub fn from_inv_ab(v: f64) -> Self {
        Self { inv_fb: 1e3 * v }
    }

    /// In fb^-1.
    #[must_use]
    pub fn inv_fb(self) -> f64 {
        self.inv_fb
    }

    /// In nb^-1 (1 fb^-1 = 1e6 nb^-1).
    #[must_use]
    pub fn inv_nb(self) -> f64 {
        1e6 * self.inv_fb
    }
}

/// Number of muons on target N_mu = L_LHC sigma_fid (GKSST below Eq. (4)); sigma in nb.
#[must_use]
pub fn muons_on_target(l_lhc: IntegratedLuminosity, sigma_fid_nb: f64) -> f64 {
    l_lhc.inv_nb() * sigma_fid_nb
}

/// [`AnalysisError::InvalidArgument`] naming the first value that is not finite and positive.
fn require_positive(values: &[(&str, f64)]) -> Result<(), AnalysisError> {
    match values.iter().find(|(_, v)| !(v.is_finite() && *v > 0.0)) {
        Some((name, v)) => Err(AnalysisError::InvalidArgument(format!(
            "{name} = {v} must be positive"
        ))),
        None => Ok(()),
    }
}

/// GKSST Eq. (4): fixed-target integrated luminosity in nb^-1 for an LHC luminosity, a
/// fiducial muon cross section `sigma_fid_nb` (nb), mass number `a`, density `rho_g_cm3`
/// (g/cm^3) and thickness `dx_cm` (cm), with m_0 = [`GKSST_M0_GRAM`].
///
/// # Errors
/// [`AnalysisError::InvalidArgument`] for non-positive or non-finite inputs.
pub fn fixed_target_luminosity_inv_nb(
    l_lhc: IntegratedLuminosity,
    sigma_fid_nb: f64,
    a: f64,
    rho_g_cm3: f64,
    dx_cm: f64,
) -> Result<f64, AnalysisError> {
    require_positive(&[
        ("LHC luminosity", l_lhc.inv_fb),
        ("sigma_fid", sigma_fid_nb),
    ])?;
    thin_target_luminosity_inv_nb(muons_on_target(l_lhc, sigma_fid_nb), a, rho_g_cm3, dx_cm)
}

/// Thin-target luminosity L_FT = N_mu n_T Delta x in nb^-1 for `n_mu` muons on target, with
/// the number density of nuclei n_T = rho_T/(A m_0) of GKSST Eq. (4) (mass number `a`,
/// density `rho_g_cm3`, thickness `dx_cm`, m_0 = [`GKSST_M0_GRAM`]).
///
/// The signal yield is then N_X = L_FT sigma: exact for a thin target of one element (no
/// energy loss, no attenuation of the beam); the experiment cards use it for every experiment
/// (docs/physics.md, "Experiments as data").
///
/// # Errors
/// [`AnalysisError::InvalidArgument`] for non-positive or non-finite inputs.
pub fn thin_target_luminosity_inv_nb(
    n_mu: f64,
    a: f64,
    rho_g_cm3: f64,
    dx_cm: f64,
) -> Result<f64, AnalysisError> {
    require_positive(&[
        ("muons on target", n_mu),
        ("A", a),
        ("density", rho_g_cm3),
        ("thickness", dx_cm),
    ])?;
    let areal_density_cm2 = rho_g_cm3 / (a * GKSST_M0_GRAM) * dx_cm; // nuclei per cm^2
    Ok(n_mu * areal_density_cm2 / INV_NB_IN_CM2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gksst_copper_normalisation() {
        // GKSST Eq. (4): 3 ab^-1, 1 nb, A = 63, 8.96 g/cm^3, 253 cm -> 65 nb^-1.
        let l = fixed_target_luminosity_inv_nb(
            IntegratedLuminosity::from_inv_ab(3.0),
            1.0,
            63.0,
            8.96,
            253.0,
        )
        .unwrap();
        // by hand: 3e9 * 8.96/(63 * 1.661e-24) * 253 cm^-2 = 6.4989e34 cm^-2 = 64.989 nb^-1
        assert!((l / 65.0 - 1.0).abs() < 1e-3, "{l}");
        assert!((l - 64.989).abs() < 1e-3, "{l}");
        println!("GKSST Eq. (4) luminosity: {l:.4} nb^-1 per nb of sigma_fid");
        // scaling laws of Eq. (4)
        let l2 = fixed_target_luminosity_inv_nb(
            IntegratedLuminosity::from_inv_fb(150.0),
            0.39,
            56.0,
            7.874,
            100.0,
        )
        .unwrap();
        let expect =
            65.0 * (150.0 / 3000.0) * 0.39 * (63.0 / 56.0) * (7.874 / 8.96) * (100.0 / 253.0);
        assert!((l2 / expect - 1.0).abs() < 1e-3);
        assert!(
            fixed_target_luminosity_inv_nb(
                IntegratedLuminosity::from_inv_ab(3.0),
                0.0,
                63.0,
                8.96,
                253.0
            )
            .is_err()
        );
        assert!(
            (muons_on_target(IntegratedLuminosity::from_inv_ab(3.0), 0.39) - 1.17e9).abs() < 1.0
        );
    }
}
