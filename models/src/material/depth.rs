//! The muon's mean energy along its path: dE/dx = -rho (a(E) + b(E) E) integrated with the
//! classical fourth-order Runge-Kutta step (RK4; Press et al., Numerical Recipes, Sec. 16.1),
//! and CSDA ranges R = integral dE / (rho S(E)) by composite Simpson in ln E.
//!
//! Both are tested against closed forms (constant a and b: E(x) = (E0 + a/b) e^(-b x) - a/b)
//! and against the tabulated CSDA ranges of the PDG muon tables.

use super::Material;
use crate::constants::M_MU;

/// The energy (GeV) at `steps + 1` equally spaced depths from 0 to `length_cm`, starting at
/// total energy `e0` (GeV). A muon that stops stays at rest (E = m_mu) for the rest of the path.
#[must_use]
pub fn energy_profile(material: &Material, e0: f64, length_cm: f64, steps: usize) -> Vec<f64> {
    profile_of(&|e| material.dedx_gev_per_cm(e), e0, length_cm, steps)
}

/// [`energy_profile`] for any loss function `dedx(E)` in GeV/cm (used by the tests with a
/// closed form).
#[must_use]
pub fn profile_of(dedx: &dyn Fn(f64) -> f64, e0: f64, length_cm: f64, steps: usize) -> Vec<f64> {
    let n = steps.max(1);
    let h = length_cm / n as f64;
    let mut out = Vec::with_capacity(n + 1);
    let mut e = e0;
    out.push(e);
    // dE/dx = f(E) = -dedx(E), clamped at rest (a muon at rest loses nothing more).
    let f = |e: f64| {
        if e <= M_MU { 0.0 } else { -dedx(e) }
    };
    for _ in 0..n {
        if e > M_MU {
            let k1 = f(e);
            let k2 = f(e + 0.5 * h * k1);
            let k3 = f(e + 0.5 * h * k2);
            let k4 = f(e + h * k3);
            e = (e + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)).max(M_MU);
        }
        out.push(e);
    }
    out
}

/// The mean energy (GeV) after `depth_cm` of `material`, from total energy `e0`.
#[must_use]
pub fn energy_at_depth(material: &Material, e0: f64, depth_cm: f64) -> f64 {
    let steps = (depth_cm / material.radiation_length_cm()).ceil().max(50.0) as usize;
    energy_profile(material, e0, depth_cm, steps.min(100_000))
        .last()
        .copied()
        .unwrap_or(e0)
}

/// CSDA range in g/cm^2 between total energies `e_lo` and `e_hi` (GeV):
/// integral dE / S(E), S = a + b E in GeV cm^2/g, composite Simpson in ln E with `intervals`
/// (rounded up to even) intervals.
#[must_use]
pub fn csda_range_g_cm2(material: &Material, e_lo: f64, e_hi: f64, intervals: usize) -> f64 {
    let n = intervals.max(2).div_ceil(2) * 2;
    let (l0, l1) = (e_lo.ln(), e_hi.ln());
    let h = (l1 - l0) / n as f64;
    // integrand in ln E: E / S(E)
    let g = |l: f64| {
        let e = l.exp();
        let (a, be) = material.mass_stopping_power(e);
        e / ((a + be) * 1e-3)
    };
    let mut s = g(l0) + g(l1);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        s += w * g(l0 + i as f64 * h);
    }
    s * h / 3.0
}
