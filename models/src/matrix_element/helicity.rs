//! Explicit helicity amplitudes in the chiral (Weyl) representation with light-cone spinors.
//!
//! Amplitude (physics.md Sec. 2; GKSST Supplemental Material; Liu-McKeen-Miller
//! arXiv:1609.06781 and Liu-Miller arXiv:1705.01633 for the same diagrams):
//!
//!   A = ubar(p') [ Gamma S1 Jslash + Jslash S2 Gamma ] u(p),
//!   S1 = (p'slash + kslash + m)/s1,  S2 = (pslash - kslash + m)/u1,
//!
//! with p' + k = p - q and s1 = (p'+k)^2 - m^2, u1 = (p-k)^2 - m^2. Gamma = 1 (S), epsilon-slash
//! (V), i gamma5 (P), epsilon-slash gamma5 (A). Chiral representation: gamma^mu = ((0, sigma^mu),
//! (sigmabar^mu, 0)), gamma5 = diag(-1, -1, 1, 1); for a light-cone vector
//! a.sigma = ((a^-, -(a_x - i a_y)), (-(a_x + i a_y), a^+)) and
//! a.sigmabar = ((a^+, a_x - i a_y), (a_x + i a_y, a^-)): every entry is a light-cone
//! component, so no entry is a difference of large numbers.
//!
//! Spinors (solutions of (pslash - m) u = 0, ubar u = 2m, sum_s u ubar = pslash + m; derived
//! in the chiral representation, components (L1, L2, R1, R2)):
//!   u_1(p) = (m, 0, p^+, p_R)/sqrt(p^+),  u_2(p) = (-p_L, p^+, 0, m)/sqrt(p^+),
//! with p_R = p_x + i p_y and p_L = p_x - i p_y.

use crate::kinematics::LightCone;
use crate::real::{Complex, Real};

/// A Dirac spinor (column) or a barred spinor (row), components (L1, L2, R1, R2).
pub(crate) type Spinor<T> = [Complex<T>; 4];

#[inline]
fn c<T: Real>(re: T) -> Complex<T> {
    Complex::real(re)
}

/// The two spinors u_1, u_2 of an on-shell momentum (module docs).
#[inline]
pub(crate) fn spinors<T: Real>(p: &LightCone<T>, m: T) -> [Spinor<T>; 2] {
    let n = T::one() / p.plus.sqrt();
    let pr = Complex::new(p.x * n, p.y * n);
    let pl = pr.conj();
    let z = Complex::zero();
    [
        [c(m * n), z, c(p.plus * n), pr],
        [-pl, c(p.plus * n), z, c(m * n)],
    ]
}

/// ubar = u^dagger gamma^0 as a row: (conj u_R, conj u_L).
#[inline]
pub(crate) fn bar<T: Real>(u: &Spinor<T>) -> Spinor<T> {
    [u[2].conj(), u[3].conj(), u[0].conj(), u[1].conj()]
}

/// aslash * psi.
#[inline]
pub(crate) fn slash<T: Real>(a: &LightCone<T>, s: &Spinor<T>) -> Spinor<T> {
    let ar = Complex::new(a.x, a.y); // a_x + i a_y
    let al = ar.conj(); // a_x - i a_y
    [
        s[2].scale(a.minus) - al * s[3],
        s[3].scale(a.plus) - ar * s[2],
        s[0].scale(a.plus) + al * s[1],
        ar * s[0] + s[1].scale(a.minus),
    ]
}

/// row * aslash.
#[inline]
pub(crate) fn row_slash<T: Real>(r: &Spinor<T>, a: &LightCone<T>) -> Spinor<T> {
    let ar = Complex::new(a.x, a.y);
    let al = ar.conj();
    [
        r[2].scale(a.plus) + r[3] * ar,
        r[2] * al + r[3].scale(a.minus),
        r[0].scale(a.minus) - r[1] * ar,
        r[1].scale(a.plus) - r[0] * al,
    ]
}

/// (aslash + m) psi.
#[inline]
fn slash_plus_m<T: Real>(a: &LightCone<T>, m: T, s: &Spinor<T>) -> Spinor<T> {
    let v = slash(a, s);
    [
        v[0] + s[0].scale(m),
        v[1] + s[1].scale(m),
        v[2] + s[2].scale(m),
        v[3] + s[3].scale(m),
    ]
}

/// row (aslash + m).
#[inline]
fn row_slash_plus_m<T: Real>(r: &Spinor<T>, a: &LightCone<T>, m: T) -> Spinor<T> {
    let v = row_slash(r, a);
    [
        v[0] + r[0].scale(m),
        v[1] + r[1].scale(m),
        v[2] + r[2].scale(m),
        v[3] + r[3].scale(m),
    ]
}

#[inline]
pub(crate) fn dot<T: Real>(r: &Spinor<T>, s: &Spinor<T>) -> Complex<T> {
    r[0] * s[0] + r[1] * s[1] + r[2] * s[2] + r[3] * s[3]
}

#[inline]
fn gamma5<T: Real>(s: &Spinor<T>) -> Spinor<T> {
    [-s[0], -s[1], s[2], s[3]]
}

/// Lorentz structure of the X vertex for one polarisation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Vertex<T> {
    /// 1.
    Scalar,
    /// i gamma5.
    Pseudoscalar,
    /// epsilon-slash (epsilon real). Production uses the faster `spin_sum_spin_one`; this
    /// vertex-by-vertex form is its test reference.
    #[cfg_attr(not(test), allow(dead_code))]
    Vector(LightCone<T>),
    /// epsilon-slash gamma5 (epsilon real); test reference as for `Vector`.
    #[cfg_attr(not(test), allow(dead_code))]
    Axial(LightCone<T>),
}

/// The pieces of the amplitude that do not depend on the X vertex, for both spins.
pub(crate) struct Legs<T> {
    /// ubar_{s'}(p').
    pub(crate) ubar_out: [Spinor<T>; 2],
    /// u_s(p).
    pub(crate) u_in: [Spinor<T>; 2],
    /// S1 Jslash u_s(p).
    pub(crate) a: [Spinor<T>; 2],
    /// ubar_{s'}(p') Jslash S2.
    pub(crate) c: [Spinor<T>; 2],
}

impl<T: Real> Legs<T> {
    /// Precomputes the vertex-independent pieces for nucleus current `j`.
    /// `w1 = p' + k = p - q`, `w2 = p - k`.
    #[inline]
    pub(crate) fn new(
        p: &LightCone<T>,
        pp: &LightCone<T>,
        m: T,
        j: &LightCone<T>,
        w1: &LightCone<T>,
        w2: &LightCone<T>,
        s1: T,
        u1: T,
    ) -> Self {
        let u_in = spinors(p, m);
        let uo = spinors(pp, m);
        let ubar_out = [bar(&uo[0]), bar(&uo[1])];
        let inv_s1 = T::one() / s1;
        let inv_u1 = T::one() / u1;
        let mk_a = |u: &Spinor<T>| {
            let v = slash_plus_m(w1, m, &slash(j, u));
            v.map(|z| z.scale(inv_s1))
        };
        let mk_c = |r: &Spinor<T>| {
            let v = row_slash_plus_m(&row_slash(r, j), w2, m);
            v.map(|z| z.scale(inv_u1))
        };
        Self {
            a: [mk_a(&u_in[0]), mk_a(&u_in[1])],
            c: [mk_c(&ubar_out[0]), mk_c(&ubar_out[1])],
            ubar_out,
            u_in,
        }
    }

    /// sum over both spins of |A|^2 for one vertex (no 1/2 average).
    #[inline]
    pub(crate) fn spin_sum(&self, v: &Vertex<T>) -> T {
        let mut sum = T::zero();
        for so in 0..2 {
            let ub = &self.ubar_out[so];
            // row pieces for this outgoing spin
            let (left, right): (Spinor<T>, Spinor<T>) = match v {
                Vertex::Scalar | Vertex::Pseudoscalar => (*ub, self.c[so]),
                Vertex::Vector(e) | Vertex::Axial(e) => {
                    (row_slash(ub, e), row_slash(&self.c[so], e))
                }
            };
            for si in 0..2 {
                let amp = match v {
                    Vertex::Scalar | Vertex::Vector(_) => {
                        dot(&left, &self.a[si]) + dot(&right, &self.u_in[si])
                    }
                    Vertex::Pseudoscalar => (dot(&left, &gamma5(&self.a[si]))
                        + dot(&right, &gamma5(&self.u_in[si])))
                    .times_i(),
                    Vertex::Axial(_) => {
                        dot(&left, &gamma5(&self.a[si])) + dot(&right, &gamma5(&self.u_in[si]))
                    }
                };
                sum += amp.norm_sqr();
            }
        }
        sum
    }
}

impl<T: Real> Legs<T> {
    /// Coefficients of the bilinear r epsilon-slash v as a linear form in the light-cone
    /// components of epsilon: r eslash v = e^- C0 + e^+ C1 + e_x C2 + e_y C3 (from the chiral
    /// blocks in the module docs). With `axial`, v -> gamma5 v.
    #[inline]
    fn bilinear(r: &Spinor<T>, v: &Spinor<T>, axial: bool) -> [Complex<T>; 4] {
        let (vl1, vl2) = if axial { (-v[0], -v[1]) } else { (v[0], v[1]) };
        let (vr1, vr2) = (v[2], v[3]);
        let c_minus = r[0] * vr1 + r[3] * vl2;
        let c_plus = r[1] * vr2 + r[2] * vl1;
        let c_l = r[2] * vl2 - r[0] * vr2; // coefficient of (e_x - i e_y)
        let c_r = r[3] * vl1 - r[1] * vr1; // coefficient of (e_x + i e_y)
        [c_minus, c_plus, c_l + c_r, (c_r - c_l).times_i()]
    }

    /// sum over both spins and the given real polarisation vectors of |A|^2 for a vector
    /// (or, with `axial`, axial-vector) vertex: the current is built once per spin pair and
    /// contracted with each polarisation (same result as [`Legs::spin_sum`] per vector).
    #[inline]
    pub(crate) fn spin_sum_spin_one(&self, pols: &[LightCone<T>; 3], axial: bool) -> T {
        let mut sum = T::zero();
        for so in 0..2 {
            for si in 0..2 {
                let a = Self::bilinear(&self.ubar_out[so], &self.a[si], axial);
                let b = Self::bilinear(&self.c[so], &self.u_in[si], axial);
                let cur = [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
                for e in pols {
                    let amp = cur[0].scale(e.minus)
                        + cur[1].scale(e.plus)
                        + cur[2].scale(e.x)
                        + cur[3].scale(e.y);
                    sum += amp.norm_sqr();
                }
            }
        }
        sum
    }

    /// The amplitudes A(s', s; epsilon) for the four spin pairs (index 2 s' + s) and each of
    /// the given real polarisation vectors: the same currents as [`Legs::spin_sum_spin_one`],
    /// kept per polarisation so that interferences (the spin density matrix of X) can be
    /// formed.
    #[inline]
    pub(crate) fn spin_one_amplitudes(
        &self,
        pols: &[LightCone<T>; 3],
        axial: bool,
    ) -> [[Complex<T>; 3]; 4] {
        let mut out = [[Complex::zero(); 3]; 4];
        for so in 0..2 {
            for si in 0..2 {
                let a = Self::bilinear(&self.ubar_out[so], &self.a[si], axial);
                let b = Self::bilinear(&self.c[so], &self.u_in[si], axial);
                let cur = [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
                for (l, e) in pols.iter().enumerate() {
                    out[2 * so + si][l] = cur[0].scale(e.minus)
                        + cur[1].scale(e.plus)
                        + cur[2].scale(e.x)
                        + cur[3].scale(e.y);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(e: f64, px: f64, py: f64, pz: f64) -> LightCone<f64> {
        LightCone::from_cartesian(e, px, py, pz)
    }

    #[test]
    fn spinors_solve_dirac_equation_and_are_normalised() {
        let m = 0.105_658_375_5;
        let (px, py, pz) = (0.3, -0.2, 5.0);
        let e = (m * m + px * px + py * py + pz * pz).sqrt();
        let p = LightCone::on_shell(m, e + pz, px, py);
        for (i, u) in spinors(&p, m).iter().enumerate() {
            let pu = slash(&p, u);
            for k in 0..4 {
                assert!(
                    (pu[k] - u[k].scale(m)).norm_sqr().sqrt() < 1e-13,
                    "Dirac eq"
                );
            }
            let ub = bar(u);
            assert!((dot(&ub, u).re - 2.0 * m).abs() < 1e-13);
            // ubar pslash = m ubar
            let r = row_slash(&ub, &p);
            for k in 0..4 {
                assert!(
                    (r[k] - ub[k].scale(m)).norm_sqr().sqrt() < 1e-13,
                    "row eq {i}"
                );
            }
        }
        let us = spinors(&p, m);
        assert!(dot(&bar(&us[0]), &us[1]).norm_sqr() < 1e-26);
    }

    #[test]
    fn slash_squares_to_mass_squared() {
        // aslash aslash = a^2
        let a = lc(2.0, 0.3, 0.7, -1.1);
        let s: Spinor<f64> = [
            Complex::new(0.1, 0.2),
            Complex::new(-0.3, 0.5),
            Complex::new(0.7, -0.4),
            Complex::new(0.2, 0.9),
        ];
        let aa = slash(&a, &slash(&a, &s));
        let a2 = a.dot(&a);
        for k in 0..4 {
            assert!((aa[k] - s[k].scale(a2)).norm_sqr().sqrt() < 1e-14);
        }
    }
}
