//! Exact 2 -> 3 fixed-target phase space for mu N -> mu N X (nucleus at rest, beam along +z).
//!
//! dPhi_3 = (2 pi)^-5 |k| dE_k dOmega_k dt dphi_q / (16 M |V|),  V = p - k   (physics.md Sec. 4)
//!
//! derived by integrating p' with the momentum delta, writing the recoil q = P' - P in polar
//! coordinates around V and using the energy delta for its polar angle; t = |q|^2 - q0^2 gives
//! |q| d|q| = E_N' dt/(2M). The cross section is sigma = 1/(4 M |p|) Int |M|^2 dPhi_3.
//!
//! Unit-cube variables u in [0,1)^4 (physics.md Sec. 4, "a set known to work with plain VEGAS"):
//! - u0 -> logit(x), x = E_k/E between its limits (both ends of x are resolved);
//! - u1 -> ln(theta^2 + theta_c^2), theta in [0, pi], with theta_c^2 = U(theta = 0)/(x E^2) the
//!   angle where the propagator of the initial-state emission halves;
//! - u2 -> ln t between the exact limits t_min(k), t_max(k), with t - t_min kept exactly;
//! - u3 -> phi_q, the azimuth of q around V.
//!
//! The azimuth of X around the beam is flat (|M|^2 does not depend on it) and is integrated
//! analytically (2 pi); events get a random azimuth.
//!
//! A second parametrisation ([`Mapping::Alternative`]: ln x, ln theta above 1e-3 theta_c,
//! ln(t - t_min + t_min)) exists to cross-check the cross section; it omits theta < 1e-3
//! theta_c, about 1e-6 of sigma.

use mfc_models::kinematics::{Kinematics, Masses, PhaseSpacePoint, XMomentum};
use std::f64::consts::{PI, TAU};

/// Number of integration dimensions.
pub const DIM: usize = 4;

/// Choice of unit-cube variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mapping {
    /// The production mapping (module docs).
    #[default]
    Standard,
    /// A different mapping of the same phase space, for cross-checks.
    Alternative,
}

/// Fixed-target phase space for one beam energy and set of masses.
#[derive(Debug, Clone, Copy)]
pub struct PhaseSpace {
    masses: Masses,
    beam_energy: f64,
    beam_momentum: f64,
    x_min: f64,
    x_max: f64,
    mapping: Mapping,
}

/// A phase-space point with its Jacobian: d^4(variables)/d^4u times the phase-space density,
/// so that sigma = Int du |M|^2 * weight / flux.
#[derive(Debug, Clone, Copy)]
pub struct MappedPoint {
    /// The physical variables.
    pub point: PhaseSpacePoint,
    /// Its kinematics (light-cone momenta and invariants).
    pub kinematics: Kinematics<f64>,
    /// dPhi_3/du (GeV^2), including the analytic 2 pi of the X azimuth.
    pub jacobian: f64,
}

#[inline]
fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl PhaseSpace {
    /// Phase space for beam energy `e` (GeV) and `masses`; `None` if the process is closed.
    #[must_use]
    pub fn new(masses: Masses, e: f64, mapping: Mapping) -> Option<Self> {
        let m = masses.muon;
        let mn = masses.nucleus;
        let s = m * m + mn * mn + 2.0 * e * mn;
        if !(e > m && s.sqrt() > m + masses.x + mn) {
            return None;
        }
        // Largest X energy: X recoiling against the (muon + nucleus) system at its threshold,
        // from the lab-frame two-body decay of the total momentum. E_k,max solves
        // (P_tot - k)^2 = (m + M)^2 along the beam axis.
        let p_abs = ((e - m) * (e + m)).sqrt();
        let etot = e + mn;
        let mrest2 = (m + mn) * (m + mn);
        // forward X: (etot - ek)^2 - (p - kz)^2 = mrest2 with kz = sqrt(ek^2 - mx^2): solve
        // via the CM frame: E*_k = (s + mx^2 - mrest2)/(2 sqrt s), then boost.
        let rs = s.sqrt();
        let ek_cm = (s + masses.x * masses.x - mrest2) / (2.0 * rs);
        let pk_cm = ((ek_cm - masses.x) * (ek_cm + masses.x)).max(0.0).sqrt();
        let gamma = etot / rs;
        let beta_gamma = p_abs / rs;
        let ek_max = gamma * ek_cm + beta_gamma * pk_cm;
        Some(Self {
            masses,
            beam_energy: e,
            beam_momentum: p_abs,
            x_min: masses.x / e,
            x_max: ek_max / e,
            mapping,
        })
    }

    /// Beam energy (GeV).
    #[must_use]
    pub fn beam_energy(&self) -> f64 {
        self.beam_energy
    }

    /// The masses.
    #[must_use]
    pub fn masses(&self) -> Masses {
        self.masses
    }

    /// Flux factor 1/(4 M |p|) (GeV^-2).
    #[must_use]
    pub fn inverse_flux(&self) -> f64 {
        1.0 / (4.0 * self.masses.nucleus * self.beam_momentum)
    }

    /// Maps u in [0,1)^4 to a phase-space point; `None` outside the physical region
    /// (a zero of the integrand).
    #[must_use]
    pub fn map(&self, u: &[f64]) -> Option<MappedPoint> {
        let e = self.beam_energy;
        let mx = self.masses.x;
        let mu = self.masses.muon;
        // x
        let (x, dx) = match self.mapping {
            Mapping::Standard => {
                let z0 = (self.x_min / (1.0 - self.x_min)).ln();
                let z1 = (self.x_max / (1.0 - self.x_max)).ln();
                let z = z0 + u[0] * (z1 - z0);
                let x = logistic(z);
                (x, x * (1.0 - x) * (z1 - z0))
            }
            Mapping::Alternative => {
                let l = (self.x_max / self.x_min).ln();
                let x = self.x_min * (u[0] * l).exp();
                (x, x * l)
            }
        };
        if !(x > self.x_min && x < self.x_max) {
            return None;
        }
        let ek = x * e;
        // theta
        let u0 = mx * mx * (1.0 - x) / x + mu * mu * x;
        let thc2 = u0 / (x * e * e);
        let (theta, dtheta) = match self.mapping {
            Mapping::Standard => {
                let w0 = thc2.ln();
                let w1 = (PI * PI + thc2).ln();
                let w = w0 + u[1] * (w1 - w0);
                let th2 = (w.exp() - thc2).max(0.0);
                let th = th2.sqrt();
                // dtheta = e^w dw / (2 theta)
                (th, w.exp() * (w1 - w0) / (2.0 * th))
            }
            Mapping::Alternative => {
                let lo = 1e-3 * thc2.sqrt();
                let l = (PI / lo).ln();
                let th = lo * (u[1] * l).exp();
                // The cross-check mapping omits theta < lo = 1e-3 theta_c: there the integrand is
                // flat in theta^2 (theta << theta_c), so the omitted part is ~(1e-3)^2 = 1e-6 of
                // sigma, far below the 0.05 % precision of the comparison test.
                (th, th * l)
            }
        };
        if !(theta > 0.0 && theta < PI && dtheta.is_finite()) {
            return None;
        }
        let xm = XMomentum::<f64>::new(&self.masses, e, ek, theta)?;
        let lim = xm.limits();
        let (t, dt, jt) = match self.mapping {
            Mapping::Standard => {
                let l = (lim.tmax / lim.tmin).ln();
                let d = lim.tmin * (u[2] * l).exp_m1();
                let t = lim.tmin + d;
                (t, d, t * l)
            }
            Mapping::Alternative => {
                // ln(t - tmin + tmin) ... i.e. d = tmin ((tmax/tmin)^u - 1) with a shifted log
                let s0 = lim.tmin;
                let l = ((lim.tmax - lim.tmin + s0) / s0).ln();
                let d = s0 * (u[2] * l).exp_m1();
                (lim.tmin + d, d, (d + s0) * l)
            }
        };
        if !(t < lim.tmax) {
            return None;
        }
        let phi_q = u[3] * TAU;
        let k_abs = ((ek - mx) * (ek + mx)).sqrt();
        // |V| = |p - k|
        let (st, ct) = theta.sin_cos();
        let vz = self.beam_momentum - k_abs * ct;
        let vx = k_abs * st;
        let v_abs = (vx * vx + vz * vz).sqrt();
        let dphi3 = k_abs / (16.0 * self.masses.nucleus * v_abs) / (TAU.powi(5));
        // dE_k dOmega_k dt dphi_q = (E dx)(sin theta dtheta 2pi)(dt)(2 pi du3)
        let jac = dphi3 * (e * dx) * (st * dtheta * TAU) * jt * TAU;
        let point = PhaseSpacePoint {
            beam_energy: e,
            x_energy: ek,
            x_theta: theta,
            t,
            t_minus_tmin: dt,
            phi_q,
        };
        let kinematics = Kinematics::from_x_momentum(&self.masses, &xm, &point)?;
        Some(MappedPoint {
            point,
            kinematics,
            jacobian: jac,
        })
    }

    /// Lab-frame four-momenta (E, px, py, pz) of (mu, N, mu', N', X) for a point, with the
    /// event rotated by `phi` around the beam.
    #[must_use]
    pub fn momenta(&self, kin: &Kinematics<f64>, phi: f64) -> [[f64; 4]; 5] {
        let (s, c) = phi.sin_cos();
        let rot = |v: [f64; 4]| [v[0], c * v[1] - s * v[2], s * v[1] + c * v[2], v[3]];
        let q = kin.q.cartesian();
        let mn = self.masses.nucleus;
        [
            kin.p.cartesian(),
            [mn, 0.0, 0.0, 0.0],
            rot(kin.pp.cartesian()),
            rot([mn + q[0], q[1], q[2], q[3]]),
            rot(kin.k.cartesian()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masses(mx: f64) -> Masses {
        Masses {
            muon: mfc_models::constants::M_MU,
            x: mx,
            nucleus: mfc_models::Target::copper().nucleus_mass(),
        }
    }

    #[test]
    fn closed_process_is_refused() {
        assert!(PhaseSpace::new(masses(10.0), 1.0, Mapping::Standard).is_none());
        assert!(PhaseSpace::new(masses(0.016), 50.0, Mapping::Standard).is_some());
    }

    #[test]
    fn generated_momenta_conserve_and_are_on_shell() {
        let ms = masses(0.016);
        let ps = PhaseSpace::new(ms, 50.0, Mapping::Standard).unwrap();
        let mut n = 0;
        for i in 0..2000 {
            let f = |k: u64| ((i * 7919 + k * 104_729) % 10_007) as f64 / 10_007.0;
            let u = [f(1), f(2), f(3), f(4)];
            let Some(mp) = ps.map(&u) else { continue };
            let Some(kin) = Kinematics::<f64>::from_point(&ms, &mp.point) else {
                continue;
            };
            n += 1;
            let p = ps.momenta(&kin, 0.3 * i as f64);
            for c in 0..4 {
                let d = p[0][c] + p[1][c] - p[2][c] - p[3][c] - p[4][c];
                assert!(d.abs() < 1e-12 * 50.0, "component {c}: {d:e}");
            }
            let mass = [ms.muon, ms.nucleus, ms.muon, ms.nucleus, ms.x];
            for (v, m) in p.iter().zip(mass) {
                let m2 = v[0] * v[0] - v[1] * v[1] - v[2] * v[2] - v[3] * v[3];
                assert!(
                    (m2 - m * m).abs() < 1e-12 * v[0] * v[0],
                    "{m2} vs {}",
                    m * m
                );
            }
        }
        assert!(n > 1500, "{n}");
    }
}
