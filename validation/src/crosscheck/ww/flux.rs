//! The effective photon flux of the Weizsaecker-Williams approximation.
//!
//! chi(tmin, tmax) = Integral_tmin^tmax dt (t - tmin)/t^2 G2(t)
//! (Bjorken, Essig, Schuster, Toro, arXiv:0906.0580, App. A, Eq. (A17); physics.md Sec. 5),
//! with G2(t) from [`mfc_models::FormFactor::g2`].

use super::WwError;
use crate::numerics::quadrature;
use mfc_models::{FormFactor, FormFactorKind, Target};

/// Relative tolerance of the numerical flux integral.
const CHI_REL_TOL: f64 = 1e-11;

/// How [`PhotonFlux::chi`] evaluates the flux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FluxMethod {
    /// Closed form where one exists (elastic: [`chi_elastic_closed_form`]; point-like:
    /// [`chi_point_like`]), numerical integration otherwise.
    ClosedFormIfAvailable,
    /// Always integrate numerically ([`chi_numerical`]).
    Numerical,
}

/// A photon flux bound to one target and form factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotonFlux {
    ff: FormFactor,
    z: f64,
    method: FluxMethod,
}

impl PhotonFlux {
    /// Flux for `kind` on `target`, evaluated by `method`.
    #[must_use]
    pub fn new(kind: FormFactorKind, target: &Target, method: FluxMethod) -> Self {
        Self {
            ff: FormFactor::new(kind, target),
            z: f64::from(target.z),
            method,
        }
    }

    /// The bound form factor.
    #[must_use]
    pub fn form_factor(&self) -> &FormFactor {
        &self.ff
    }

    /// chi(tmin, tmax) (dimensionless); zero for tmax <= tmin.
    ///
    /// # Errors
    /// [`WwError::InvalidArgument`] for non-positive or non-finite limits,
    /// [`WwError::Integration`] if the numerical integral does not converge.
    pub fn chi(&self, tmin: f64, tmax: f64) -> Result<f64, WwError> {
        if !(tmin.is_finite() && tmax.is_finite() && tmin > 0.0 && tmax > 0.0) {
            return Err(WwError::InvalidArgument(format!(
                "chi needs finite positive t limits, got tmin = {tmin}, tmax = {tmax}"
            )));
        }
        if tmax <= tmin {
            return Ok(0.0);
        }
        match (self.method, self.ff.kind()) {
            (FluxMethod::ClosedFormIfAvailable, FormFactorKind::Elastic) => {
                Ok(chi_elastic_closed_form(
                    self.z,
                    self.ff.screening_scale(),
                    self.ff.nuclear_scale(),
                    tmin,
                    tmax,
                ))
            }
            (FluxMethod::ClosedFormIfAvailable, FormFactorKind::None) => {
                Ok(chi_point_like(self.z, tmin, tmax))
            }
            _ => chi_numerical(&self.ff, tmin, tmax),
        }
    }
}

/// chi by adaptive Gauss-Kronrod integration in s = ln t (BEST App. A, Eq. (A17)):
/// chi = Integral ds (1 - tmin/t) G2(t), t = e^s. The panels are split at the form-factor
/// scales (1/a^2, d, 0.71 GeV^2) inside the range and into panels of at most 2 units of ln t.
///
/// # Errors
/// [`WwError::Integration`] if the relative accuracy 1e-11 is not reached.
pub fn chi_numerical(ff: &FormFactor, tmin: f64, tmax: f64) -> Result<f64, WwError> {
    if tmax <= tmin {
        return Ok(0.0);
    }
    let (s0, s1) = (tmin.ln(), tmax.ln());
    let mut breaks = vec![s0];
    let mut scales = vec![ff.screening_scale(), ff.nuclear_scale(), 0.71];
    scales.sort_by(f64::total_cmp);
    for t in scales {
        let s = t.ln();
        if s > s0 && s < s1 {
            breaks.push(s);
        }
    }
    breaks.push(s1);
    // panels of at most 2 units of ln t so no feature is stepped over
    let fine = quadrature::subdivide(&breaks, 2.0);
    let q = quadrature::integrate_breaks(
        |s| {
            let t = s.exp();
            -(s0 - s).exp_m1() * ff.g2(t)
        },
        &fine,
        CHI_REL_TOL,
        0.0,
        4000,
    );
    super::converged_value(q, "photon flux chi", 1e-8)
}

/// Elastic flux in closed form, DMG4 `DarkZ.cc` `ChiWWAnalytical` (Bondi et al.,
/// arXiv:2101.12192; physics.md Sec. 5), with t_a = 1/a^2 and t_d = d:
///
/// chi_el = -Z^2 t_d^2/(t_a - t_d)^3 { (t_a - t_d)(t_a + t_d + 2 tmax)(tmax - tmin)/((t_a + tmax)(t_d + tmax))
///          + (t_a + t_d + 2 tmin) ln[(t_a + tmax)(t_d + tmin)/((t_d + tmax)(t_a + tmin))] }
///
/// The logarithm is evaluated as ln1p((t_a - t_d)/(t_d + tmax)) + ln1p((t_d - t_a)/(t_a + tmin))
/// to avoid the cancellation of four large logarithms.
#[must_use]
pub fn chi_elastic_closed_form(z: f64, t_a: f64, t_d: f64, tmin: f64, tmax: f64) -> f64 {
    if tmax <= tmin {
        return 0.0;
    }
    let dad = t_a - t_d;
    let term1 = dad * (t_a + t_d + 2.0 * tmax) * (tmax - tmin) / ((t_a + tmax) * (t_d + tmax));
    let log = (dad / (t_d + tmax)).ln_1p() + (-dad / (t_a + tmin)).ln_1p();
    let term2 = (t_a + t_d + 2.0 * tmin) * log;
    -z * z * t_d * t_d / (dad * dad * dad) * (term1 + term2)
}

/// Flux of a point-like nucleus, G2 = Z^2: chi = Z^2 [ln(tmax/tmin) - 1 + tmin/tmax]
/// (the integral of BEST Eq. (A17) with G2 = Z^2).
#[must_use]
pub fn chi_point_like(z: f64, tmin: f64, tmax: f64) -> f64 {
    if tmax <= tmin {
        return 0.0;
    }
    let r = tmin / tmax;
    // ln(1/r) - (1 - r), accurate also for r -> 1
    z * z * (-(r.ln()) - (1.0 - r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flux(name: &str, kind: FormFactorKind, method: FluxMethod) -> PhotonFlux {
        PhotonFlux::new(kind, &Target::by_name(name).unwrap(), method)
    }

    #[test]
    fn closed_form_matches_numerical_integration() {
        // physics.md Sec. 5: closed form vs numerical to 1e-6 over tmin 1e-12..1, tmax to 1e4.
        let mut worst: f64 = 0.0;
        for name in ["Cu", "W", "C"] {
            let f = flux(
                name,
                FormFactorKind::Elastic,
                FluxMethod::ClosedFormIfAvailable,
            );
            let ff = f.form_factor();
            for &tmin in &[1e-12, 1e-10, 3e-9, 1e-7, 1e-5, 1e-3, 1e-2, 0.1, 1.0] {
                for &tmax in &[1e-6, 1e-3, 0.1, 1.0, 2500.0, 1e4] {
                    if tmax <= tmin {
                        continue;
                    }
                    let c = f.chi(tmin, tmax).unwrap();
                    let n = chi_numerical(ff, tmin, tmax).unwrap();
                    assert!(c > 0.0 && n > 0.0, "{name} {tmin} {tmax}: {c} {n}");
                    let rel = (c / n - 1.0).abs();
                    worst = worst.max(rel);
                    assert!(rel < 1e-6, "{name} tmin={tmin} tmax={tmax}: {c} vs {n}");
                }
            }
        }
        println!("chi closed form vs numerical: worst relative difference {worst:.2e}");
    }

    #[test]
    fn point_like_flux_and_limits() {
        let f = flux(
            "Cu",
            FormFactorKind::None,
            FluxMethod::ClosedFormIfAvailable,
        );
        let n = flux("Cu", FormFactorKind::None, FluxMethod::Numerical);
        for &(a, b) in &[(1e-10, 1.0), (0.5, 0.6), (1e-3, 1e4)] {
            let (x, y) = (f.chi(a, b).unwrap(), n.chi(a, b).unwrap());
            assert!((x / y - 1.0).abs() < 1e-9, "{a} {b}: {x} {y}");
        }
        assert_eq!(f.chi(1.0, 0.5).unwrap(), 0.0);
        assert!(f.chi(0.0, 1.0).is_err());
        // Between the scales the elastic flux ~ Z^2 (ln(d/tmin) - 2) for 1/a^2 << tmin << d, tmax >> d
        // (BEST App. A, leading-log form quoted in DMG4 DarkZ.cc).
        let e = flux(
            "Cu",
            FormFactorKind::Elastic,
            FluxMethod::ClosedFormIfAvailable,
        );
        let ff = e.form_factor();
        let tmin = 1e-7;
        let approx = 841.0 * ((ff.nuclear_scale() / tmin).ln() - 2.0);
        let chi = e.chi(tmin, 2500.0).unwrap();
        assert!((chi / approx - 1.0).abs() < 5e-3, "{chi} {approx}");
    }

    #[test]
    fn inelastic_adds_to_flux() {
        let el = flux(
            "Cu",
            FormFactorKind::Elastic,
            FluxMethod::ClosedFormIfAvailable,
        );
        let inel = flux(
            "Cu",
            FormFactorKind::ElasticInelastic,
            FluxMethod::ClosedFormIfAvailable,
        );
        let (a, b) = (
            el.chi(1e-6, 2500.0).unwrap(),
            inel.chi(1e-6, 2500.0).unwrap(),
        );
        // inelastic ~ Z (not Z^2): a few percent of the elastic flux for Cu
        assert!(b > a && b < 1.2 * a, "{a} {b}");
    }
}
