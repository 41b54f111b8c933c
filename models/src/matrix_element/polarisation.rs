//! The spin density matrix of a spin-1 X produced in mu N -> mu N X (docs/physics.md Sec. 8.6).
//!
//! For a vector or axial X the decay angle is correlated with the production: in the narrow-width
//! limit the full 2 -> 4 |M|^2 factorises as (Jackson, "Particle and polarization angular
//! distributions", Les Houches 1965; Haber, "Spin formalism and applications to new physics
//! searches", SLAC-PUB-6708, hep-ph/9405376, Eqs. (1)-(5))
//!
//!   sum |M_{2->4}|^2 = (pi / (m_X Gamma)) delta(k^2 - m_X^2) * sum_{l, l'} rho_{l l'} D_l D_{l'}^*,
//!   rho_{l l'} = (1/2) sum_{spins} A_l A_{l'}^*,
//!
//! where A_l is the production amplitude of [`super::reduced_me2`] for the polarisation vector
//! e_l and D_l the decay amplitude for the same e_l. Here the basis is real and linear, in the
//! rest frame of the incoming nucleus with the beam along +z (the frame of
//! [`crate::kinematics::Kinematics`]):
//!
//!   e_1 = theta-hat of k,  e_2 = phi-hat of k (normal to the beam-k plane),
//!   e_3 = e_L = (|k|, E_k k-hat) / m_X (longitudinal).
//!
//! Boosted to the X rest frame along k they become the orthonormal spatial triad (e_1, e_2,
//! k-hat). rho is Hermitian with trace = [`super::reduced_me2`]. At tree level with an
//! unpolarised beam its imaginary part vanishes (no absorptive phase; tested), so the decay
//! distribution needs only its real part (Sec. 8.6).
//!
//! The amplitudes are those of the production path (the same light-cone currents); for the
//! vector the longitudinal amplitude is evaluated with its gauge-equivalent time-like vector
//! (k.A = 0), for the axial with e_L itself, as in [`super::reduced_me2`].

use super::helicity::Legs;
use super::{kinematics_from_momenta, nucleus_current};
use crate::error::ModelError;
use crate::kinematics::{LightCone, Masses};
use crate::mediator::MediatorKind;

/// rho of X in the basis (e_1, e_2, e_3) of the module docs, and that basis as four-vectors
/// (E, px, py, pz) in the frame of the momenta it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpinDensity {
    /// Re rho (symmetric); GeV^-2 units of [`super::reduced_me2`] without couplings.
    pub re: [[f64; 3]; 3],
    /// Im rho (antisymmetric).
    pub im: [[f64; 3]; 3],
    /// e_1, e_2, e_3 in the input frame: each orthogonal to k, with e.e = -1.
    pub basis: [[f64; 4]; 3],
}

impl SpinDensity {
    /// Tr rho = (1/2) sum over spins and polarisations |A|^2.
    #[must_use]
    pub fn trace(&self) -> f64 {
        self.re[0][0] + self.re[1][1] + self.re[2][2]
    }
}

/// The spin density matrix of a vector or axial X from five Cartesian four-momenta (incoming
/// muon, incoming nucleus, outgoing muon, outgoing nucleus, X) in any frame (see
/// [`super::MatrixElement::me2_from_momenta`]).
///
/// # Errors
/// [`ModelError::Unphysical`] for a spin-0 `kind`, or momenta that are off shell or do not
/// conserve energy-momentum.
pub fn spin_density(
    kind: MediatorKind,
    masses: &Masses,
    momenta: &[[f64; 4]; 5],
) -> Result<SpinDensity, ModelError> {
    let axial = match kind {
        MediatorKind::Vector => false,
        MediatorKind::Axial => true,
        MediatorKind::Scalar | MediatorKind::Pseudoscalar => {
            return Err(ModelError::Unphysical(format!(
                "a {} X has no spin density matrix (spin 0)",
                kind.name()
            )));
        }
    };
    let kin = kinematics_from_momenta(masses, momenta)?;
    let j = nucleus_current(&kin.q, kin.mn);
    let w1 = kin.p.sub(&kin.q);
    let w2 = kin.p.sub(&kin.k);
    let legs = Legs::new(&kin.p, &kin.pp, kin.m, &j, &w1, &w2, kin.s1, kin.u1);
    let (st, ct) = kin.k_theta;
    let (sp, cp) = kin.k_phi;
    let e1 = LightCone {
        plus: -st,
        minus: st,
        x: ct * cp,
        y: ct * sp,
    };
    let e2 = LightCone {
        plus: 0.0,
        minus: 0.0,
        x: -sp,
        y: cp,
    };
    let l0 = -kin.mx / kin.k_abs;
    let time = LightCone {
        plus: l0,
        minus: l0,
        x: 0.0,
        y: 0.0,
    };
    let e3 = if axial {
        let ek = 0.5 * (kin.k.plus + kin.k.minus);
        time.add(&kin.k.scale(ek / (kin.mx * kin.k_abs)))
    } else {
        time
    };
    let amps = legs.spin_one_amplitudes(&[e1, e2, e3], axial);
    let mut re = [[0.0; 3]; 3];
    let mut im = [[0.0; 3]; 3];
    for a in &amps {
        for l in 0..3 {
            for lp in 0..3 {
                let z = a[l] * a[lp].conj();
                re[l][lp] += 0.5 * z.re;
                im[l][lp] += 0.5 * z.im;
            }
        }
    }
    Ok(SpinDensity {
        re,
        im,
        basis: basis_in_frame(masses.x, momenta),
    })
}

/// e_1, e_2, e_3 (module docs) as four-vectors in the frame of `momenta`: built in the rest
/// frame of the incoming nucleus (pure boost), where theta-hat = (cos(theta) k-hat - z-hat) /
/// sin(theta), phi-hat = z-hat x k-hat / sin(theta) with z-hat the beam direction, and
/// e_L = (|k|, E k-hat)/m_X; then boosted back. For k along the beam (sin theta = 0) theta-hat
/// and phi-hat are the x and y axes of the rotation that takes the beam onto +z, as in
/// [`super::kinematics_from_momenta`] (phi = 0).
fn basis_in_frame(mx: f64, momenta: &[[f64; 4]; 5]) -> [[f64; 4]; 3] {
    let pn = momenta[1];
    let beta = [pn[1] / pn[0], pn[2] / pn[0], pn[3] / pn[0]];
    let to_rest = |v: &[f64; 4]| boost(v, [-beta[0], -beta[1], -beta[2]]);
    let p = to_rest(&momenta[0]);
    let k = to_rest(&momenta[4]);
    let unit = |v: &[f64; 4]| {
        let n = (v[1] * v[1] + v[2] * v[2] + v[3] * v[3]).sqrt();
        [v[1] / n, v[2] / n, v[3] / n]
    };
    let z = unit(&p);
    let kh = unit(&k);
    let k_abs = (k[1] * k[1] + k[2] * k[2] + k[3] * k[3]).sqrt();
    let cos_t = z[0] * kh[0] + z[1] * kh[1] + z[2] * kh[2];
    let cross = [
        z[1] * kh[2] - z[2] * kh[1],
        z[2] * kh[0] - z[0] * kh[2],
        z[0] * kh[1] - z[1] * kh[0],
    ];
    let sin_t = (cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]).sqrt();
    let (t_hat, p_hat) = if sin_t > 1e-12 {
        (
            std::array::from_fn(|i| (cos_t * kh[i] - z[i]) / sin_t),
            std::array::from_fn(|i| cross[i] / sin_t),
        )
    } else {
        // k along the beam: the x, y axes of the Rodrigues rotation taking z-hat onto +z
        let x_axis = rotated_axis(z, [1.0, 0.0, 0.0]);
        let y_axis = rotated_axis(z, [0.0, 1.0, 0.0]);
        let s = cos_t.signum();
        (x_axis.map(|c| s * c), y_axis)
    };
    let e_l = [
        k_abs / mx,
        k[0] / mx * kh[0],
        k[0] / mx * kh[1],
        k[0] / mx * kh[2],
    ];
    let back = |v: [f64; 4]| boost(&v, beta);
    [
        back([0.0, t_hat[0], t_hat[1], t_hat[2]]),
        back([0.0, p_hat[0], p_hat[1], p_hat[2]]),
        back(e_l),
    ]
}

/// The vector a of the rotated frame (beam along +z) expressed in the unrotated frame, for
/// the rotation R with R n = +z of [`super::kinematics_from_momenta`]: R^T a.
fn rotated_axis(n: [f64; 3], a: [f64; 3]) -> [f64; 3] {
    let (ax, ay) = (n[1], -n[0]);
    let s2 = ax * ax + ay * ay;
    if s2 < 1e-300 {
        return if n[2] > 0.0 { a } else { [a[0], -a[1], -a[2]] };
    }
    // R^T = rotation about the same axis by minus the angle
    let c = n[2];
    let k = (1.0 - c) / s2;
    let (ax, ay) = (-ax, -ay);
    let adotv = ax * a[0] + ay * a[1];
    let cross = [ay * a[2], -ax * a[2], ax * a[1] - ay * a[0]];
    [
        a[0] * c + cross[0] + ax * adotv * k,
        a[1] * c + cross[1] + ay * adotv * k,
        a[2] * c + cross[2],
    ]
}

/// Pure Lorentz boost of a four-vector (E, px, py, pz) by velocity `beta` (|beta| < 1): the
/// vector seen from a frame moving with -beta, i.e. a particle at rest gets velocity beta.
#[must_use]
pub fn boost(v: &[f64; 4], beta: [f64; 3]) -> [f64; 4] {
    let b2 = beta[0] * beta[0] + beta[1] * beta[1] + beta[2] * beta[2];
    if b2 < 1e-300 {
        return *v;
    }
    let gamma = 1.0 / ((1.0 - b2.sqrt()) * (1.0 + b2.sqrt())).sqrt();
    let bp = beta[0] * v[1] + beta[1] * v[2] + beta[2] * v[3];
    let f = (gamma - 1.0) * bp / b2 + gamma * v[0];
    [
        gamma * (v[0] + bp),
        v[1] + f * beta[0],
        v[2] + f * beta[1],
        v[3] + f * beta[2],
    ]
}

/// The four-vector `v` given in the rest frame of a particle of mass `m` (GeV) and momentum `k`
/// (E, px, py, pz), seen in the frame where it has momentum `k`: with gamma = E_k/m and
/// gamma beta = k/m taken from `k` directly (no 1 - beta cancellation for a fast particle),
/// E' = (E_k E + k.p)/m, p' = p + k ((k.p)/(m (E_k + m)) + E/m).
#[must_use]
pub fn boost_from_rest(v: &[f64; 4], k: &[f64; 4], m: f64) -> [f64; 4] {
    let kp = k[1] * v[1] + k[2] * v[2] + k[3] * v[3];
    let f = kp / (m * (k[0] + m)) + v[0] / m;
    [
        (k[0] * v[0] + kp) / m,
        v[1] + f * k[1],
        v[2] + f * k[2],
        v[3] + f * k[3],
    ]
}

/// The inverse of [`boost_from_rest`]: `v` seen in the rest frame of the particle (`m`, `k`).
#[must_use]
pub fn boost_to_rest(v: &[f64; 4], k: &[f64; 4], m: f64) -> [f64; 4] {
    boost_from_rest(v, &[k[0], -k[1], -k[2], -k[3]], m)
}
