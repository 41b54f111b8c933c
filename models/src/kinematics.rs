//! Kinematics of mu(p) + N(P) -> mu(p') + N(P') + X(k) in the lab frame (nucleus at rest,
//! beam along +z), built so that small invariants never come from differences of large ones.
//!
//! Four-vectors are held in light-cone components a^+- = a^0 +- a^z and a transverse part.
//! For on-shell momenta the small component follows from the large one, a^- = (m^2 + a_T^2)/a^+,
//! and the dot product of two on-shell momenta is the sum of positive terms
//!
//!   a.b = (a^+ b^+ / 2) [ (m_a/a^+)^2 + (m_b/b^+)^2 + |a_T/a^+ - b_T/b^+|^2 ],
//!
//! exact algebra (a.b = (a^+ b^- + a^- b^+)/2 - a_T.b_T) rearranged without cancellation.
//!
//! The phase-space variables are those of physics.md Sec. 4: the X energy and angle
//! (E_k, theta_k; phi_k = 0 by symmetry), the momentum transfer t = -(P'-P)^2 together with
//! t - t_min, and the azimuth phi_q of the recoil q = P' - P around V = p - k. The energy
//! delta fixes the polar angle alpha of q around V:
//!
//!   cos(alpha) = (a t - u1) / (2 |V| |q|),  a = 1 + (E - E_k)/M,  u1 = (p-k)^2 - m^2 < 0,
//!   sin^2(alpha) = A (t - t_min)(t_max - t) / (4 |V|^2 |q|^2),  A = a^2 - |V|^2/M^2,
//!
//! with t_min t_max = u1^2/A and t_min + t_max = (4|V|^2 + 2 a u1)/A (derived from
//! E = E' + E_k + q^0, q^0 = t/(2M); physics.md Sec. 4 "one exact parametrisation"). Squaring
//! the energy delta admits E' < 0; the physical branch also needs t <= 2M (E - E_k - m).

use crate::real::Real;

/// A four-vector in light-cone components: plus = E + p_z, minus = E - p_z, (x, y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LightCone<T> {
    /// E + p_z.
    pub plus: T,
    /// E - p_z.
    pub minus: T,
    /// p_x.
    pub x: T,
    /// p_y.
    pub y: T,
}

impl<T: Real> LightCone<T> {
    /// An on-shell momentum of mass `m` from its plus and transverse components.
    #[inline]
    pub fn on_shell(m: T, plus: T, x: T, y: T) -> Self {
        Self {
            plus,
            minus: (m * m + x * x + y * y) / plus,
            x,
            y,
        }
    }

    /// From Cartesian (E, px, py, pz). Only for vectors whose components are all accurate
    /// (no on-shell information used).
    #[inline]
    pub fn from_cartesian(e: T, px: T, py: T, pz: T) -> Self {
        Self {
            plus: e + pz,
            minus: e - pz,
            x: px,
            y: py,
        }
    }

    /// (E, px, py, pz).
    #[inline]
    pub fn cartesian(&self) -> [T; 4] {
        let half = T::from_f64(0.5);
        [
            half * (self.plus + self.minus),
            self.x,
            self.y,
            half * (self.plus - self.minus),
        ]
    }

    /// Minkowski product with metric (+,-,-,-) (plain formula; see [`on_shell_dot`] for the
    /// cancellation-free product of two on-shell momenta).
    #[inline]
    pub fn dot(&self, o: &Self) -> T {
        T::from_f64(0.5) * (self.plus * o.minus + self.minus * o.plus) - self.x * o.x - self.y * o.y
    }

    /// a - b.
    #[inline]
    #[must_use]
    pub fn sub(&self, o: &Self) -> Self {
        Self {
            plus: self.plus - o.plus,
            minus: self.minus - o.minus,
            x: self.x - o.x,
            y: self.y - o.y,
        }
    }

    /// s * a.
    #[inline]
    #[must_use]
    pub fn scale(&self, s: T) -> Self {
        Self {
            plus: self.plus * s,
            minus: self.minus * s,
            x: self.x * s,
            y: self.y * s,
        }
    }

    /// a + b.
    #[inline]
    #[must_use]
    pub fn add(&self, o: &Self) -> Self {
        Self {
            plus: self.plus + o.plus,
            minus: self.minus + o.minus,
            x: self.x + o.x,
            y: self.y + o.y,
        }
    }
}

/// Dot product of two on-shell momenta of masses `ma`, `mb` without cancellation (module docs).
#[inline]
pub fn on_shell_dot<T: Real>(a: &LightCone<T>, ma: T, b: &LightCone<T>, mb: T) -> T {
    let ax = a.x / a.plus;
    let ay = a.y / a.plus;
    let bx = b.x / b.plus;
    let by = b.y / b.plus;
    let ra = ma / a.plus;
    let rb = mb / b.plus;
    let dx = ax - bx;
    let dy = ay - by;
    T::from_f64(0.5) * a.plus * b.plus * (ra * ra + rb * rb + dx * dx + dy * dy)
}

/// Masses of the process (GeV).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Masses {
    /// Muon mass.
    pub muon: f64,
    /// X mass.
    pub x: f64,
    /// Nucleus mass.
    pub nucleus: f64,
}

/// The phase-space variables of one event (lab frame, all in GeV or rad).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseSpacePoint {
    /// Beam muon energy E.
    pub beam_energy: f64,
    /// X energy E_k.
    pub x_energy: f64,
    /// X polar angle to the beam, in [0, pi].
    pub x_theta: f64,
    /// Momentum transfer t = -(P' - P)^2 > 0.
    pub t: f64,
    /// t - t_min(E_k, theta_k), given separately so that it carries full relative precision.
    pub t_minus_tmin: f64,
    /// Azimuth of q around V = p - k (0 = in the plane of the beam and X, on the side away
    /// from X... see [`Kinematics::from_point`]).
    pub phi_q: f64,
}

/// Kinematic limits of t for a given X momentum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TLimits<T> {
    /// Smallest kinematically allowed t.
    pub tmin: T,
    /// Largest kinematically allowed t.
    pub tmax: T,
}

/// Everything the amplitude needs, computed without catastrophic cancellation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kinematics<T> {
    /// Incoming muon p.
    pub p: LightCone<T>,
    /// Outgoing muon p'.
    pub pp: LightCone<T>,
    /// X momentum k.
    pub k: LightCone<T>,
    /// Momentum transfer q = P' - P = p - p' - k.
    pub q: LightCone<T>,
    /// t = -q^2.
    pub t: T,
    /// s1 = (p' + k)^2 - m^2 = 2 p'.k + m_X^2 (> 0).
    pub s1: T,
    /// u1 = (p - k)^2 - m^2 = m_X^2 - 2 p.k (< 0).
    pub u1: T,
    /// |k| (X three-momentum).
    pub k_abs: T,
    /// The lab-frame azimuth of k (0 on the phase-space path).
    pub k_phi: (T, T),
    /// Polar angle of k: (sin, cos).
    pub k_theta: (T, T),
    /// The masses (muon, X, nucleus).
    pub m: T,
    /// X mass.
    pub mx: T,
    /// Nucleus mass.
    pub mn: T,
}

/// Pieces of the X-momentum-dependent part of the map, shared by [`t_limits`] and
/// [`Kinematics::from_point`].
#[derive(Debug, Clone, Copy)]
struct XFrame<T> {
    p: LightCone<T>,
    k: LightCone<T>,
    k_abs: T,
    sin_t: T,
    cos_t: T,
    u1: T,
    /// V = p - k (3-vector): x and z components, |V|.
    vx: T,
    vz: T,
    v_abs: T,
    /// a = 1 + (E - E_k)/M.
    a: T,
    /// A = a^2 - |V|^2/M^2.
    big_a: T,
    /// B = 4 |V|^2 + 2 a u1.
    big_b: T,
    /// 2 M (E - E_k - m): above it the quadratic's roots belong to E' < 0 (spurious branch).
    t_energy: T,
}

fn x_frame<T: Real>(masses: &Masses, e: T, ek: T, theta: T) -> XFrame<T> {
    let m = T::from_f64(masses.muon);
    let mx = T::from_f64(masses.x);
    let mn = T::from_f64(masses.nucleus);
    let two = T::from_f64(2.0);
    let p_abs = ((e - m) * (e + m)).sqrt();
    let p = LightCone {
        plus: e + p_abs,
        minus: m * m / (e + p_abs),
        x: T::zero(),
        y: T::zero(),
    };
    let k_abs = ((ek - mx) * (ek + mx)).sqrt();
    // one sine-cosine of theta/2: sin = 2 s c, 1 - cos = 2 s^2 (no cancellation near 0)
    let (sin_h, cos_h) = (theta / two).sin_cos();
    let one_minus_cos = two * sin_h * sin_h;
    let sin_t = two * sin_h * cos_h;
    let cos_t = T::one() - one_minus_cos;
    // k^- = E_k - |k| cos = m_X^2/(E_k + |k|) + |k| (1 - cos)
    let k_minus = mx * mx / (ek + k_abs) + k_abs * one_minus_cos;
    let kx = k_abs * sin_t;
    let k_plus = if cos_t >= T::zero() {
        ek + k_abs * cos_t
    } else {
        (mx * mx + kx * kx) / k_minus
    };
    let k = LightCone {
        plus: k_plus,
        minus: k_minus,
        x: kx,
        y: T::zero(),
    };
    // p.k = (p+ k- + p- k+)/2: a sum of positive terms.
    let pk = T::from_f64(0.5) * (p.plus * k.minus + p.minus * k.plus);
    let u1 = mx * mx - two * pk;
    // V = p - k; V_z = |p| - |k| cos = (|p| - |k|) + |k|(1 - cos)
    let p_minus_k = ((e - ek) * (e + ek) - m * m + mx * mx) / (p_abs + k_abs);
    let vz = p_minus_k + k_abs * one_minus_cos;
    let vx = -kx;
    let v_abs = (vx * vx + vz * vz).sqrt();
    let a = T::one() + (e - ek) / mn;
    let vm = v_abs / mn;
    let big_a = (a - vm) * (a + vm);
    let big_b = T::from_f64(4.0) * v_abs * v_abs + two * a * u1;
    XFrame {
        p,
        k,
        k_abs,
        sin_t,
        cos_t,
        u1,
        vx,
        vz,
        v_abs,
        a,
        big_a,
        big_b,
        t_energy: two * mn * (e - ek - m),
    }
}

fn limits_of<T: Real>(f: &XFrame<T>) -> Option<TLimits<T>> {
    let c = f.u1 * f.u1;
    let disc = f.big_b * f.big_b - T::from_f64(4.0) * f.big_a * c;
    if !(f.big_b > T::zero()) || disc < T::zero() {
        return None;
    }
    let root = f.big_b + disc.sqrt();
    let tmin = T::from_f64(2.0) * c / root;
    let mut tmax = root / (T::from_f64(2.0) * f.big_a);
    // Squaring the energy delta admits E' = -sqrt(m^2 + p'^2); physical solutions have
    // E' = E - E_k - t/(2M) >= m, i.e. t <= 2M (E - E_k - m).
    if f.t_energy < tmax {
        tmax = f.t_energy;
    }
    if !(tmin < tmax) {
        return None;
    }
    Some(TLimits { tmin, tmax })
}

/// The kinematic range of t for beam energy `e`, X energy `ek` and angle `theta`, or `None`
/// if this X momentum cannot be produced.
pub fn t_limits<T: Real>(masses: &Masses, e: f64, ek: f64, theta: f64) -> Option<TLimits<T>> {
    XMomentum::<T>::new(masses, e, ek, theta).map(|x| x.limits)
}

/// The part of the kinematics fixed by the X momentum (E_k, theta_k): the t limits and what
/// the recoil needs. Build it once per X momentum and reuse it for t and phi_q (the phase-space
/// map needs the limits before it can choose t).
#[derive(Debug, Clone, Copy)]
pub struct XMomentum<T> {
    frame: XFrame<T>,
    limits: TLimits<T>,
}

impl<T: Real> XMomentum<T> {
    /// For beam energy `e`, X energy `ek` and angle `theta`; `None` if this X momentum cannot
    /// be produced.
    pub fn new(masses: &Masses, e: f64, ek: f64, theta: f64) -> Option<Self> {
        if !(ek > masses.x && ek < e) {
            return None;
        }
        let frame = x_frame(masses, T::from_f64(e), T::from_f64(ek), T::from_f64(theta));
        let limits = limits_of(&frame)?;
        Some(Self { frame, limits })
    }

    /// The kinematic range of t.
    pub fn limits(&self) -> TLimits<T> {
        self.limits
    }
}

impl<T: Real> Kinematics<T> {
    /// Builds the kinematics from phase-space variables. Returns `None` outside the physical
    /// region (t outside its limits, E_k < m_X, ...).
    pub fn from_point(masses: &Masses, pt: &PhaseSpacePoint) -> Option<Self> {
        let xm = XMomentum::new(masses, pt.beam_energy, pt.x_energy, pt.x_theta)?;
        Self::from_x_momentum(masses, &xm, pt)
    }

    /// As [`Kinematics::from_point`] with the X-momentum part already built (it must be
    /// built from the same `pt.beam_energy`, `pt.x_energy`, `pt.x_theta`).
    pub fn from_x_momentum(
        masses: &Masses,
        xm: &XMomentum<T>,
        pt: &PhaseSpacePoint,
    ) -> Option<Self> {
        if !(pt.t > 0.0) {
            return None;
        }
        let f = &xm.frame;
        let lim = xm.limits;
        let t = T::from_f64(pt.t);
        let dt = T::from_f64(pt.t_minus_tmin);
        let tmax_minus_t = lim.tmax - t;
        if dt < T::zero() || tmax_minus_t < T::zero() {
            return None;
        }
        let m = T::from_f64(masses.muon);
        let mx = T::from_f64(masses.x);
        let mn = T::from_f64(masses.nucleus);
        let two = T::from_f64(2.0);
        let q0 = t / (two * mn);
        let q_abs2 = t + q0 * q0;
        let q_abs = q_abs2.sqrt();
        let two_vq = two * f.v_abs * q_abs;
        let cos_a = (f.a * t - f.u1) / two_vq;
        let sin2_a = f.big_a * dt * tmax_minus_t / (two_vq * two_vq);
        let sin_a = sin2_a.sqrt();
        let (sin_phi, cos_phi) = T::from_f64(pt.phi_q).sin_cos();
        // q = |q| (cos a V^ + sin a (cos phi e1 + sin phi e2)), e1 = (V_z, 0, -V_x)/|V|, e2 = y^
        let qx = q_abs * (cos_a * f.vx + sin_a * cos_phi * f.vz) / f.v_abs;
        let qy = q_abs * sin_a * sin_phi;
        let qz = q_abs * (cos_a * f.vz - sin_a * cos_phi * f.vx) / f.v_abs;
        let q = LightCone {
            plus: q0 + qz,
            minus: q0 - qz,
            x: qx,
            y: qy,
        };
        let pp = LightCone::on_shell(m, f.p.plus - f.k.plus - q.plus, -f.k.x - qx, -qy);
        if !(pp.plus > T::zero()) {
            return None;
        }
        let s1 = two * on_shell_dot(&pp, m, &f.k, mx) + mx * mx;
        Some(Self {
            p: f.p,
            pp,
            k: f.k,
            q,
            t,
            s1,
            u1: f.u1,
            k_abs: f.k_abs,
            k_phi: (T::zero(), T::one()),
            k_theta: (f.sin_t, f.cos_t),
            m,
            mx,
            mn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MASSES: Masses = Masses {
        muon: 0.105_658_375_5,
        x: 0.016,
        nucleus: 58.603_73,
    };

    #[test]
    fn tmin_matches_small_angle_formula() {
        // physics.md Sec. 4: tmin ~ U^2/(4 E^2 (1-x)^2), U = x E^2 th^2 + mX^2 (1-x)/x + m^2 x
        // (leading order in 1/E and small angles).
        let e = 50.0;
        for &(x, th) in &[(0.5, 0.0), (0.9, 1e-3), (0.1, 2e-3), (0.8, 1e-4)] {
            let lim = t_limits::<f64>(&MASSES, e, x * e, th).unwrap();
            let u = x * e * e * th * th
                + MASSES.x * MASSES.x * (1.0 - x) / x
                + MASSES.muon * MASSES.muon * x;
            let approx = u * u / (4.0 * e * e * (1.0 - x) * (1.0 - x));
            assert!(
                (lim.tmin / approx - 1.0).abs() < 0.02,
                "x={x} th={th}: {} vs {approx}",
                lim.tmin
            );
            assert!(lim.tmax > 1.0);
        }
    }

    #[test]
    fn momentum_is_conserved_and_on_shell() {
        let e = 50.0;
        let (ek, th) = (30.0, 3e-3);
        let lim = t_limits::<f64>(&MASSES, e, ek, th).unwrap();
        for &dt in &[1e-12, 1e-6, 1e-2] {
            let t = lim.tmin + dt;
            let pt = PhaseSpacePoint {
                beam_energy: e,
                x_energy: ek,
                x_theta: th,
                t,
                t_minus_tmin: dt,
                phi_q: 1.0,
            };
            let k = Kinematics::<f64>::from_point(&MASSES, &pt).unwrap();
            let pn = LightCone::from_cartesian(MASSES.nucleus, 0.0, 0.0, 0.0);
            let pnp = pn.add(&k.q);
            // nucleus on shell: (P+q)^2 = M^2
            let m2 = pnp.dot(&pnp);
            assert!((m2 / (MASSES.nucleus * MASSES.nucleus) - 1.0).abs() < 1e-14);
            // -q^2 = t
            assert!((-k.q.dot(&k.q) / t - 1.0).abs() < 1e-6 * (1.0 + lim.tmin / dt));
            // energy conservation: p = p' + k + q in the minus component
            let lhs = k.p.minus;
            let rhs = k.pp.minus + k.k.minus + k.q.minus;
            assert!((lhs - rhs).abs() < 1e-12 * e, "{lhs} {rhs}");
            // s1 two ways
            let w = k.p.sub(&k.q);
            let s1 = w.dot(&w) - MASSES.muon * MASSES.muon;
            assert!((s1 / k.s1 - 1.0).abs() < 1e-6, "{s1} {}", k.s1);
        }
    }
}
