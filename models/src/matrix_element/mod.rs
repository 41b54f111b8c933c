//! The exact tree-level squared matrix element of mu(p) + N(P) -> mu(p') + N(P') + X(k).
//!
//! |M|^2 = e^4 g^2 G2(t)/t^2 * (1/2) sum_{spins, pol} |ubar(p') [Gamma S1 Jslash + Jslash S2 Gamma] u(p)|^2
//!
//! (physics.md Sec. 2; GKSST Supplemental Material; the exact-tree-level structure of
//! Kirpichnikov et al. arXiv:2107.13297 and Liu-Miller arXiv:1705.01633), averaged over the
//! initial muon spin, summed over final spins and X polarisations, spin-0 nucleus with current
//! J = P + P' and Z^2 |F|^2 -> G2(t) ([`crate::form_factor`]). Units: GeV^-2. At this order
//! mu+ and mu- give the same |M|^2 (one photon exchanged; both diagrams carry the same charge).
//!
//! Numerics. At small t the two diagrams cancel (gauge invariance, q.A = 0). The production
//! path removes that cancellation analytically: since A(J) = A(J - c q) for any c, it uses
//!
//!   J_perp = J - (J^-/q^-) q = 2P - (2M/q^-) q,  J_perp^- = 0,
//!
//! which kills the contraction with the large plus component of the muon current (the
//! eikonal term); what remains is manifestly proportional to q_T and the small components
//! (Sudakov decomposition; the same step that leads to the equivalent-photon flux). For a
//! vector X the longitudinal polarisation is replaced by its gauge-equivalent
//! epsilon_L - k E_k/(m_X |k|) = -(m_X/|k|) (1, 0, 0, 0), exact because k.A = 0; for the
//! axial vector the k term is kept. All light-cone components come from
//! [`crate::kinematics`] without cancellation, so double precision holds to ~1e-10 where
//! naive four-vector arithmetic loses everything (tested against double-double).

pub mod dirac;
pub(crate) mod helicity;
pub mod polarisation;

use crate::constants::ALPHA;
use crate::error::ModelError;
use crate::form_factor::{FormFactor, FormFactorKind};
use crate::kinematics::{Kinematics, LightCone, Masses, PhaseSpacePoint, on_shell_dot};
use crate::mediator::{Mediator, MediatorKind};
use crate::real::Real;
use crate::target::Target;
use helicity::{Legs, Vertex};

/// The nucleus current used by the production path: J_perp where it is well defined
/// (q^- < -q^0), else J = P + P' (large-angle region, where no cancellation occurs).
#[inline]
fn nucleus_current<T: Real>(q: &LightCone<T>, mn: T) -> LightCone<T> {
    let two = T::from_f64(2.0);
    let q0 = T::from_f64(0.5) * (q.plus + q.minus);
    if q.minus < -q0 {
        // J_perp = 2P - (2M/q^-) q; plus: 2M - 2M q^+/q^- = -4M q_z/q^- with q_z = (q^+ - q^-)/2
        let f = -two * mn / q.minus;
        LightCone {
            plus: -two * mn * (q.plus - q.minus) / q.minus,
            minus: T::zero(),
            x: f * q.x,
            y: f * q.y,
        }
    } else {
        LightCone {
            plus: two * mn + q.plus,
            minus: two * mn + q.minus,
            x: q.x,
            y: q.y,
        }
    }
}

/// (1/2) sum over spins and polarisations of the reduced amplitude squared (no couplings,
/// no 1/t^2, no form factor), for nucleus current `j`. Generic over the number type so that
/// its rounding can be measured against double-double.
pub fn reduced_me2_with_current<T: Real>(
    kind: MediatorKind,
    kin: &Kinematics<T>,
    j: &LightCone<T>,
) -> T {
    let w1 = kin.p.sub(&kin.q);
    let w2 = kin.p.sub(&kin.k);
    let legs = Legs::new(&kin.p, &kin.pp, kin.m, j, &w1, &w2, kin.s1, kin.u1);
    let half = T::from_f64(0.5);
    let sum = match kind {
        MediatorKind::Scalar => legs.spin_sum(&Vertex::Scalar),
        MediatorKind::Pseudoscalar => legs.spin_sum(&Vertex::Pseudoscalar),
        MediatorKind::Vector | MediatorKind::Axial => {
            let (st, ct) = kin.k_theta;
            let (sp, cp) = kin.k_phi;
            let e1 = LightCone {
                plus: -st,
                minus: st,
                x: ct * cp,
                y: ct * sp,
            };
            let e2 = LightCone {
                plus: T::zero(),
                minus: T::zero(),
                x: -sp,
                y: cp,
            };
            let l0 = -kin.mx / kin.k_abs;
            let time = LightCone {
                plus: l0,
                minus: l0,
                x: T::zero(),
                y: T::zero(),
            };
            if kind == MediatorKind::Vector {
                legs.spin_sum_spin_one(&[e1, e2, time], false)
            } else {
                let ek = half * (kin.k.plus + kin.k.minus);
                let el = time.add(&kin.k.scale(ek / (kin.mx * kin.k_abs)));
                legs.spin_sum_spin_one(&[e1, e2, el], true)
            }
        }
    };
    sum * half
}

/// [`reduced_me2_with_current`] with the physical (gauge-rotated) nucleus current.
pub fn reduced_me2<T: Real>(kind: MediatorKind, kin: &Kinematics<T>) -> T {
    let j = nucleus_current(&kin.q, kin.mn);
    reduced_me2_with_current(kind, kin, &j)
}

/// |M|^2 of mu N -> mu N X for one mediator, target and form factor.
#[derive(Debug, Clone, Copy)]
pub struct MatrixElement {
    kind: MediatorKind,
    masses: Masses,
    form_factor: FormFactor,
    /// e^4 g^2.
    prefactor: f64,
}

impl MatrixElement {
    /// Binds a mediator to a target and form factor.
    #[must_use]
    pub fn new(mediator: &Mediator, target: &Target, form_factor: FormFactorKind) -> Self {
        let e2 = 4.0 * std::f64::consts::PI * ALPHA;
        Self {
            kind: mediator.kind,
            masses: Masses {
                muon: crate::constants::M_MU,
                x: mediator.mass,
                nucleus: target.nucleus_mass(),
            },
            form_factor: FormFactor::new(form_factor, target),
            prefactor: e2 * e2 * mediator.coupling * mediator.coupling,
        }
    }

    /// The masses (muon, X, nucleus) in GeV.
    #[must_use]
    pub fn masses(&self) -> Masses {
        self.masses
    }

    /// The mediator kind.
    #[must_use]
    pub fn kind(&self) -> MediatorKind {
        self.kind
    }

    /// The form factor.
    #[must_use]
    pub fn form_factor(&self) -> &FormFactor {
        &self.form_factor
    }

    /// |M|^2 (GeV^-2) for kinematics already built.
    #[must_use]
    #[inline]
    pub fn me2_kinematics(&self, kin: &Kinematics<f64>) -> f64 {
        let t = kin.t;
        self.prefactor * self.form_factor.g2(t) / (t * t) * reduced_me2(self.kind, kin)
    }

    /// |M|^2 (GeV^-2) at a phase-space point; `None` outside the physical region.
    #[must_use]
    pub fn me2_at(&self, pt: &PhaseSpacePoint) -> Option<f64> {
        Kinematics::from_point(&self.masses, pt).map(|k| self.me2_kinematics(&k))
    }

    /// |M|^2 (GeV^-2) from five four-momenta (E, px, py, pz) in the order incoming muon,
    /// incoming nucleus, outgoing muon, outgoing nucleus, X (a MadGraph standalone check's
    /// order), in any frame: the momenta are boosted to the nucleus rest frame and rotated so
    /// the beam runs along +z (|M|^2 is Lorentz invariant).
    ///
    /// # Errors
    /// [`ModelError::Unphysical`] if a momentum is not finite, off its mass shell, or the set
    /// does not conserve energy-momentum, naming the particle and the mismatch.
    pub fn me2_from_momenta(&self, momenta: &[[f64; 4]; 5]) -> Result<f64, ModelError> {
        let kin = kinematics_from_momenta(&self.masses, momenta)?;
        Ok(self.me2_kinematics(&kin))
    }
}

const NAMES: [&str; 5] = [
    "incoming muon",
    "incoming nucleus",
    "outgoing muon",
    "outgoing nucleus",
    "X",
];

/// Builds [`Kinematics`] from five Cartesian four-momenta (see [`MatrixElement::me2_from_momenta`]).
///
/// # Errors
/// [`ModelError::Unphysical`] naming the offending particle.
pub fn kinematics_from_momenta(
    masses: &Masses,
    momenta: &[[f64; 4]; 5],
) -> Result<Kinematics<f64>, ModelError> {
    let mass = [
        masses.muon,
        masses.nucleus,
        masses.muon,
        masses.nucleus,
        masses.x,
    ];
    for (i, p) in momenta.iter().enumerate() {
        if p.iter().any(|v| !v.is_finite()) {
            return Err(ModelError::Unphysical(format!(
                "{} momentum is not finite",
                NAMES[i]
            )));
        }
        let p2 = p[1] * p[1] + p[2] * p[2] + p[3] * p[3];
        let m2 = (p[0] - p2.sqrt()) * (p[0] + p2.sqrt());
        let tol = 1e-9 * p[0] * p[0] + 1e-6 * mass[i] * mass[i];
        if p[0] <= 0.0 || (m2 - mass[i] * mass[i]).abs() > tol {
            return Err(ModelError::Unphysical(format!(
                "{} is off shell: E^2 - p^2 = {m2:.9e} GeV^2, expected m^2 = {:.9e} GeV^2",
                NAMES[i],
                mass[i] * mass[i]
            )));
        }
    }
    let scale = momenta[0][0] + momenta[1][0];
    for c in 0..4 {
        let d = momenta[0][c] + momenta[1][c] - momenta[2][c] - momenta[3][c] - momenta[4][c];
        if d.abs() > 1e-9 * scale {
            return Err(ModelError::Unphysical(format!(
                "energy-momentum is not conserved: component {c} differs by {d:.3e} GeV"
            )));
        }
    }
    // Boost to the rest frame of the incoming nucleus.
    let pn = momenta[1];
    let beta = [pn[1] / pn[0], pn[2] / pn[0], pn[3] / pn[0]];
    let b2 = beta[0] * beta[0] + beta[1] * beta[1] + beta[2] * beta[2];
    let boosted: Vec<[f64; 4]> = if b2 > 1e-30 {
        let gamma = 1.0 / (1.0 - b2).sqrt();
        momenta
            .iter()
            .map(|p| {
                let bp = beta[0] * p[1] + beta[1] * p[2] + beta[2] * p[3];
                let f = (gamma - 1.0) * bp / b2 - gamma * p[0];
                [
                    gamma * (p[0] - bp),
                    p[1] + f * beta[0],
                    p[2] + f * beta[1],
                    p[3] + f * beta[2],
                ]
            })
            .collect()
    } else {
        momenta.to_vec()
    };
    // Rotate the beam onto +z (Rodrigues rotation taking n = p/|p| to z).
    let p = boosted[0];
    let pabs = (p[1] * p[1] + p[2] * p[2] + p[3] * p[3]).sqrt();
    if pabs <= 0.0 {
        return Err(ModelError::Unphysical(
            "incoming muon is at rest in the nucleus frame".into(),
        ));
    }
    let n = [p[1] / pabs, p[2] / pabs, p[3] / pabs];
    let rot = |v: &[f64; 4]| -> [f64; 4] {
        // axis = n x z, cos = n_z
        let (ax, ay) = (n[1], -n[0]);
        let s2 = ax * ax + ay * ay;
        if s2 < 1e-300 {
            return if n[2] > 0.0 {
                *v
            } else {
                [v[0], v[1], -v[2], -v[3]]
            };
        }
        let c = n[2];
        let k = (1.0 - c) / s2; // (1-cos)/sin^2
        // R v = v c + (a x v) + a (a.v)(1-c)/sin^2, with |a| = sin
        let (vx, vy, vz) = (v[1], v[2], v[3]);
        let adotv = ax * vx + ay * vy;
        let cross = [ay * vz, -ax * vz, ax * vy - ay * vx];
        [
            v[0],
            vx * c + cross[0] + ax * adotv * k,
            vy * c + cross[1] + ay * adotv * k,
            vz * c + cross[2],
        ]
    };
    let r: Vec<[f64; 4]> = boosted.iter().map(rot).collect();
    let (m, mx, mn) = (masses.muon, masses.x, masses.nucleus);
    let plus_of = |v: &[f64; 4], mass: f64| {
        if v[3] >= 0.0 {
            v[0] + v[3]
        } else {
            (mass * mass + v[1] * v[1] + v[2] * v[2]) / (v[0] - v[3])
        }
    };
    let pin = LightCone::on_shell(m, r[0][0] + (r[0][0] * r[0][0] - m * m).sqrt(), 0.0, 0.0);
    let pp = LightCone::on_shell(m, plus_of(&r[2], m), r[2][1], r[2][2]);
    let k = LightCone::on_shell(mx, plus_of(&r[4], mx), r[4][1], r[4][2]);
    let qv = [r[3][1], r[3][2], r[3][3]];
    let q2 = qv[0] * qv[0] + qv[1] * qv[1] + qv[2] * qv[2];
    let q0 = q2 / (r[3][0] + mn);
    let t = q2 - q0 * q0;
    if t <= 0.0 {
        return Err(ModelError::Unphysical(
            "no momentum transfer to the nucleus (t = 0)".into(),
        ));
    }
    let q = LightCone {
        plus: q0 + qv[2],
        minus: q0 - qv[2],
        x: qv[0],
        y: qv[1],
    };
    let k_abs = (r[4][1] * r[4][1] + r[4][2] * r[4][2] + r[4][3] * r[4][3]).sqrt();
    let kt = (r[4][1] * r[4][1] + r[4][2] * r[4][2]).sqrt();
    let k_phi = if kt > 0.0 {
        (r[4][2] / kt, r[4][1] / kt)
    } else {
        (0.0, 1.0)
    };
    Ok(Kinematics {
        p: pin,
        pp,
        k,
        q,
        t,
        s1: 2.0 * on_shell_dot(&pp, m, &k, mx) + mx * mx,
        u1: mx * mx - 2.0 * on_shell_dot(&pin, m, &k, mx),
        k_abs,
        k_phi,
        k_theta: (kt / k_abs, r[4][3] / k_abs),
        m,
        mx,
        mn,
    })
}

#[cfg(test)]
mod tests;
