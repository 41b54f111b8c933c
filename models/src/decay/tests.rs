//! Cross-checks of the decay module against independent evaluations:
//! (a) every X -> f fbar width against a numerical two-body phase-space integral of |M|^2 built
//!     from explicit Dirac spinors (chiral representation, written here) and, separately, from
//!     Dirac traces contracted with the covariant polarisation sum;
//! (b) the loop functions against numerical Feynman-parameter integrals and their limits;
//! (c), (d) L_mu - L_tau neutrino widths and branching ratios in their limits and the Z -> nu nubar
//!     width; (e) c tau against PDG lifetimes.

use super::loops::{amplitude_pseudoscalar, amplitude_scalar, diphoton, f_loop};
use super::table::ctau_mm;
use super::widths::{fermion_pair, neutrino_pair_left};
use super::*;
use crate::constants::{ALPHA, M_MU};
use crate::mediator::{Mediator, MediatorKind};
use crate::real::Complex;
use std::f64::consts::PI;

type C = Complex<f64>;
type Mat = [[C; 4]; 4];

// ---------------------------------------------------------------------------------------------
// Dirac algebra in the chiral (Weyl) representation (Peskin & Schroeder Eq. 3.40).
// ---------------------------------------------------------------------------------------------

fn c(re: f64, im: f64) -> C {
    C::new(re, im)
}

fn zero() -> Mat {
    [[C::zero(); 4]; 4]
}

fn mat_mul(a: &Mat, b: &Mat) -> Mat {
    let mut r = zero();
    for i in 0..4 {
        for j in 0..4 {
            for k in 0..4 {
                r[i][j] = r[i][j] + a[i][k] * b[k][j];
            }
        }
    }
    r
}

fn mat_add(a: &Mat, b: &Mat, s: C) -> Mat {
    let mut r = *a;
    for i in 0..4 {
        for j in 0..4 {
            r[i][j] = r[i][j] + b[i][j] * s;
        }
    }
    r
}

fn identity() -> Mat {
    let mut r = zero();
    for (i, row) in r.iter_mut().enumerate() {
        row[i] = c(1.0, 0.0);
    }
    r
}

/// 2x2 blocks -> 4x4: [[a, b], [cc, d]].
fn blocks(a: [[C; 2]; 2], b: [[C; 2]; 2], cc: [[C; 2]; 2], d: [[C; 2]; 2]) -> Mat {
    let mut r = zero();
    for i in 0..2 {
        for j in 0..2 {
            r[i][j] = a[i][j];
            r[i][j + 2] = b[i][j];
            r[i + 2][j] = cc[i][j];
            r[i + 2][j + 2] = d[i][j];
        }
    }
    r
}

fn pauli() -> [[[C; 2]; 2]; 4] {
    let (o, l, i) = (c(0.0, 0.0), c(1.0, 0.0), c(0.0, 1.0));
    [
        [[l, o], [o, l]],
        [[o, l], [l, o]],
        [[o, -i], [i, o]],
        [[l, o], [o, -l]],
    ]
}

fn neg2(a: [[C; 2]; 2]) -> [[C; 2]; 2] {
    [[-a[0][0], -a[0][1]], [-a[1][0], -a[1][1]]]
}

/// gamma^0..3 and gamma5 = diag(-1, 1) in the chiral representation.
fn gammas() -> ([Mat; 4], Mat) {
    let s = pauli();
    let o = [[C::zero(); 2]; 2];
    let g0 = blocks(o, s[0], s[0], o);
    let gk = |k: usize| blocks(o, s[k], neg2(s[k]), o);
    let g5 = blocks(neg2(s[0]), o, o, s[0]);
    ([g0, gk(1), gk(2), gk(3)], g5)
}

/// a-slash = a^0 gamma^0 - a^k gamma^k for a complex four-vector (upper indices).
fn slash(a: [C; 4], g: &[Mat; 4]) -> Mat {
    let mut r = zero();
    for mu in 0..4 {
        let sign = if mu == 0 { 1.0 } else { -1.0 };
        r = mat_add(&r, &g[mu], a[mu].scale(sign));
    }
    r
}

fn real4(p: [f64; 4]) -> [C; 4] {
    p.map(|x| c(x, 0.0))
}

fn trace(a: &Mat) -> C {
    a[0][0] + a[1][1] + a[2][2] + a[3][3]
}

/// gamma0 O^dagger gamma0.
fn bar(o: &Mat, g0: &Mat) -> Mat {
    let mut d = zero();
    for i in 0..4 {
        for j in 0..4 {
            d[i][j] = o[j][i].conj();
        }
    }
    mat_mul(&mat_mul(g0, &d), g0)
}

/// sqrt(p.sigma) (sign = +1) or sqrt(p.sigmabar) (sign = -1) for an on-shell momentum of mass m:
/// (E + m -+ p.sigma_vec) / sqrt(2 (E + m)).
fn sqrt_p_sigma(p: [f64; 4], m: f64, sign: f64) -> [[C; 2]; 2] {
    let s = pauli();
    let n = (2.0 * (p[0] + m)).sqrt();
    let mut r = [[C::zero(); 2]; 2];
    for i in 0..2 {
        for j in 0..2 {
            let mut z = s[0][i][j].scale(p[0] + m);
            for k in 1..4 {
                z = z - s[k][i][j].scale(sign * p[k]);
            }
            r[i][j] = z.scale(1.0 / n);
        }
    }
    r
}

fn apply2(a: &[[C; 2]; 2], x: [C; 2]) -> [C; 2] {
    [
        a[0][0] * x[0] + a[0][1] * x[1],
        a[1][0] * x[0] + a[1][1] * x[1],
    ]
}

/// u(p, xi) = (sqrt(p.sigma) xi, sqrt(p.sigmabar) xi), v(p, eta) = (sqrt(p.sigma) eta,
/// -sqrt(p.sigmabar) eta) (Peskin & Schroeder Eqs. 3.50, 3.62).
fn spinor(p: [f64; 4], m: f64, xi: [C; 2], antiparticle: bool) -> [C; 4] {
    let up = apply2(&sqrt_p_sigma(p, m, 1.0), xi);
    let lo = apply2(&sqrt_p_sigma(p, m, -1.0), xi);
    let s = if antiparticle { -1.0 } else { 1.0 };
    [up[0], up[1], lo[0].scale(s), lo[1].scale(s)]
}

/// ubar O v = u^dagger gamma0 O v.
fn sandwich(u: &[C; 4], o: &Mat, v: &[C; 4], g0: &Mat) -> C {
    let m = mat_mul(g0, o);
    let mut s = C::zero();
    for i in 0..4 {
        for j in 0..4 {
            s = s + u[i].conj() * m[i][j] * v[j];
        }
    }
    s
}

/// The vertex O of L = g X O: 1, i gamma5, eps-slash, eps-slash gamma5.
fn vertex(kind: MediatorKind, eps: [C; 4], g: &[Mat; 4], g5: &Mat) -> Mat {
    match kind {
        MediatorKind::Scalar => identity(),
        MediatorKind::Pseudoscalar => mat_add(&zero(), g5, c(0.0, 1.0)),
        MediatorKind::Vector => slash(eps, g),
        MediatorKind::Axial => mat_mul(&slash(eps, g), g5),
    }
}

/// Rest-frame helicity polarisation vectors of a spin-1 X along z: lambda = +1, 0, -1.
fn polarisations() -> [[C; 4]; 3] {
    let r = 1.0 / 2.0_f64.sqrt();
    [
        [c(0.0, 0.0), c(-r, 0.0), c(0.0, -r), c(0.0, 0.0)],
        [c(0.0, 0.0), c(0.0, 0.0), c(0.0, 0.0), c(1.0, 0.0)],
        [c(0.0, 0.0), c(r, 0.0), c(0.0, -r), c(0.0, 0.0)],
    ]
}

/// Momenta of f (p1) and fbar (p2) in the X rest frame at angles (cos theta, phi).
fn momenta(m_x: f64, m_f: f64, cos_t: f64, phi: f64) -> ([f64; 4], [f64; 4]) {
    let e = 0.5 * m_x;
    let p = ((e - m_f) * (e + m_f)).sqrt();
    let sin_t = ((1.0 - cos_t) * (1.0 + cos_t)).sqrt();
    let n = [sin_t * phi.cos(), sin_t * phi.sin(), cos_t];
    (
        [e, p * n[0], p * n[1], p * n[2]],
        [e, -p * n[0], -p * n[1], -p * n[2]],
    )
}

/// sum over f, fbar spins of |ubar(p1) O v(p2)|^2 from explicit spinors.
fn me2_spinors(kind: MediatorKind, eps: [C; 4], p1: [f64; 4], p2: [f64; 4], m: f64) -> f64 {
    let (g, g5) = gammas();
    let o = vertex(kind, eps, &g, &g5);
    let basis = [[c(1.0, 0.0), c(0.0, 0.0)], [c(0.0, 0.0), c(1.0, 0.0)]];
    let mut s = 0.0;
    for xi in basis {
        for eta in basis {
            let u = spinor(p1, m, xi, false);
            let v = spinor(p2, m, eta, true);
            s += sandwich(&u, &o, &v, &g[0]).norm_sqr();
        }
    }
    s
}

/// Tr[(p1-slash + m) O (p2-slash - m) Obar] for one polarisation.
fn me2_trace(kind: MediatorKind, eps: [C; 4], p1: [f64; 4], p2: [f64; 4], m: f64) -> C {
    let (g, g5) = gammas();
    let o = vertex(kind, eps, &g, &g5);
    let a = mat_add(&slash(real4(p1), &g), &identity(), c(m, 0.0));
    let b = mat_add(&slash(real4(p2), &g), &identity(), c(-m, 0.0));
    trace(&mat_mul(&mat_mul(&mat_mul(&a, &o), &b), &bar(&o, &g[0])))
}

/// Sum over X polarisations by the covariant sum -g_{mu nu} + k_mu k_nu / m_X^2 contracted with
/// Tr[(p1-slash + m) Gamma^mu (p2-slash - m) Gammabar^nu], Gamma^mu = gamma^mu (V) or
/// gamma^mu gamma5 (A); k = p1 + p2.
fn me2_trace_polsum(kind: MediatorKind, p1: [f64; 4], p2: [f64; 4], m: f64) -> f64 {
    let (g, g5) = gammas();
    let k: Vec<f64> = (0..4).map(|i| p1[i] + p2[i]).collect();
    let m_x2 = k[0] * k[0] - k[1] * k[1] - k[2] * k[2] - k[3] * k[3];
    let metric = [1.0, -1.0, -1.0, -1.0];
    let gam = |mu: usize| match kind {
        MediatorKind::Axial => mat_mul(&g[mu], &g5),
        _ => g[mu],
    };
    let a = mat_add(&slash(real4(p1), &g), &identity(), c(m, 0.0));
    let b = mat_add(&slash(real4(p2), &g), &identity(), c(-m, 0.0));
    let mut s = C::zero();
    for mu in 0..4 {
        for nu in 0..4 {
            // P_{mu nu} with lower indices; T^{mu nu} with upper indices.
            let k_lo = |i: usize| metric[i] * k[i];
            let pmn = -(if mu == nu { metric[mu] } else { 0.0 }) + k_lo(mu) * k_lo(nu) / m_x2;
            if pmn == 0.0 {
                continue;
            }
            let t = trace(&mat_mul(
                &mat_mul(&mat_mul(&a, &gam(mu)), &b),
                &bar(&gam(nu), &g[0]),
            ));
            s = s + t.scale(pmn);
        }
    }
    assert!(s.im.abs() < 1e-12 * s.re.abs().max(1e-300));
    s.re
}

/// Gauss-Legendre nodes and weights on [-1, 1] (Newton iteration on P_n).
fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = (PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let kf = k as f64;
                let p2 = ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf;
                p0 = p1;
                p1 = p2;
            }
            dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let dx = p1 / dp;
            x -= dx;
            if dx.abs() < 1e-16 {
                break;
            }
        }
        out.push((x, 2.0 / ((1.0 - x * x) * dp * dp)));
    }
    out
}

/// Gamma = 1/(2 m_X) int dPhi_2 g^2 sum|M|^2, dPhi_2 = beta/(32 pi^2) dOmega, by Gauss-Legendre in
/// cos theta and the trapezoid rule in phi (exact for the trigonometric polynomials here).
fn numerical_width(m_x: f64, m_f: f64, g: f64, me2: impl Fn([f64; 4], [f64; 4]) -> f64) -> f64 {
    let beta = (((m_x - 2.0 * m_f) * (m_x + 2.0 * m_f)).sqrt()) / m_x;
    let n_phi = 16;
    let mut integral = 0.0;
    for (x, w) in gauss_legendre(16) {
        for j in 0..n_phi {
            let phi = 2.0 * PI * (j as f64 + 0.3) / n_phi as f64;
            let (p1, p2) = momenta(m_x, m_f, x, phi);
            integral += w * (2.0 * PI / n_phi as f64) * me2(p1, p2);
        }
    }
    g * g * integral * beta / (32.0 * PI * PI) / (2.0 * m_x)
}

const ALL_KINDS: [MediatorKind; 4] = [
    MediatorKind::Scalar,
    MediatorKind::Pseudoscalar,
    MediatorKind::Vector,
    MediatorKind::Axial,
];

/// (m_X, m_f) points: near the muon threshold, GeV range, far above, and the tau.
const POINTS: [(f64, f64); 5] = [
    (0.2114, M_MU),
    (0.25, M_MU),
    (1.0, M_MU),
    (30.0, M_MU),
    (4.0, M_TAU),
];

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn spinors_are_complete() {
    // sum_s u ubar = p-slash + m, sum_s v vbar = p-slash - m (checks the spinors used below).
    let (g, _) = gammas();
    let (p, _) = momenta(0.7, M_MU, 0.3, 1.1);
    let basis = [[c(1.0, 0.0), c(0.0, 0.0)], [c(0.0, 0.0), c(1.0, 0.0)]];
    for (anti, sign) in [(false, 1.0), (true, -1.0)] {
        let mut sum = zero();
        for xi in basis {
            let w = spinor(p, M_MU, xi, anti);
            // w wbar = w w^dagger gamma0
            let mut outer = zero();
            for i in 0..4 {
                for j in 0..4 {
                    outer[i][j] = w[i] * w[j].conj();
                }
            }
            sum = mat_add(&sum, &mat_mul(&outer, &g[0]), c(1.0, 0.0));
        }
        let want = mat_add(&slash(real4(p), &g), &identity(), c(sign * M_MU, 0.0));
        for i in 0..4 {
            for j in 0..4 {
                assert!((sum[i][j] - want[i][j]).norm_sqr().sqrt() < 1e-15, "{anti}");
            }
        }
    }
}

#[test]
fn fermion_widths_match_spinor_phase_space_integral() {
    let g = 0.37;
    for (m_x, m_f) in POINTS {
        for kind in ALL_KINDS {
            let formula = fermion_pair(kind, g, m_x, m_f);
            assert!(formula > 0.0);
            if kind.is_spin_one() {
                // Each polarisation separately (the angular distribution is not flat, the
                // integral is the same by rotational invariance), and their average.
                let mut avg = 0.0;
                for eps in polarisations() {
                    let w =
                        numerical_width(m_x, m_f, g, |p1, p2| me2_spinors(kind, eps, p1, p2, m_f));
                    assert!(
                        rel(w, formula) < 1e-10,
                        "{kind:?} {m_x} {m_f}: {w} vs {formula}"
                    );
                    avg += w / 3.0;
                }
                assert!(rel(avg, formula) < 1e-10);
            } else {
                let eps = [C::zero(); 4];
                let w = numerical_width(m_x, m_f, g, |p1, p2| me2_spinors(kind, eps, p1, p2, m_f));
                assert!(
                    rel(w, formula) < 1e-10,
                    "{kind:?} {m_x} {m_f}: {w} vs {formula}"
                );
            }
        }
    }
}

#[test]
fn fermion_widths_match_traces_with_polarisation_sum() {
    let g = 1e-3;
    for (m_x, m_f) in POINTS {
        for kind in ALL_KINDS {
            let formula = fermion_pair(kind, g, m_x, m_f);
            let w = if kind.is_spin_one() {
                numerical_width(m_x, m_f, g, |p1, p2| {
                    me2_trace_polsum(kind, p1, p2, m_f) / 3.0
                })
            } else {
                let eps = [C::zero(); 4];
                numerical_width(m_x, m_f, g, |p1, p2| me2_trace(kind, eps, p1, p2, m_f).re)
            };
            assert!(
                rel(w, formula) < 1e-10,
                "{kind:?} {m_x} {m_f}: {w} vs {formula}"
            );
        }
        // Trace and spinor sums agree point by point, per polarisation.
        let (p1, p2) = momenta(m_x, m_f, -0.4, 2.0);
        for kind in [MediatorKind::Vector, MediatorKind::Axial] {
            for eps in polarisations() {
                let t = me2_trace(kind, eps, p1, p2, m_f);
                let s = me2_spinors(kind, eps, p1, p2, m_f);
                assert!(rel(t.re, s) < 1e-12 && t.im.abs() < 1e-12 * s, "{kind:?}");
            }
        }
    }
}

#[test]
fn left_handed_neutrino_width_matches_spinor_integral() {
    // V -> nu nubar with vertex gamma^mu P_L, P_L = (1 - gamma5)/2, massless: the average over
    // polarisations of the numerical integral equals g^2 m_X / (24 pi).
    let (g, m_x) = (0.2, 0.8);
    let (gm, g5) = gammas();
    let pl = mat_add(&identity(), &g5, c(-1.0, 0.0));
    let pl = mat_add(&zero(), &pl, c(0.5, 0.0));
    let basis = [[c(1.0, 0.0), c(0.0, 0.0)], [c(0.0, 0.0), c(1.0, 0.0)]];
    let mut avg = 0.0;
    for eps in polarisations() {
        let o = mat_mul(&slash(eps, &gm), &pl);
        avg += numerical_width(m_x, 0.0, g, |p1, p2| {
            let mut s = 0.0;
            for xi in basis {
                for eta in basis {
                    let u = spinor(p1, 0.0, xi, false);
                    let v = spinor(p2, 0.0, eta, true);
                    s += sandwich(&u, &o, &v, &gm[0]).norm_sqr();
                }
            }
            s
        }) / 3.0;
    }
    assert!(rel(avg, neutrino_pair_left(g, m_x)) < 1e-10, "{avg}");
}

// ---------------------------------------------------------------------------------------------
// (b) Loop functions.
// ---------------------------------------------------------------------------------------------

/// Tanh-sinh quadrature of g(x, x - a, b - x) over [a, b]; the distances to the ends are computed
/// without cancellation, so integrable end-point singularities (logs) are fine.
fn tanh_sinh(a: f64, b: f64, g: impl Fn(f64, f64, f64) -> f64) -> f64 {
    let len = b - a;
    if !(len > 0.0) {
        return 0.0;
    }
    let h = 1.0 / 64.0;
    let mut s = 0.0;
    let n = (4.5 / h) as i64;
    for k in -n..=n {
        let t = k as f64 * h;
        let u = 0.5 * PI * t.sinh();
        let dl = len / (1.0 + (-2.0 * u).exp());
        let dr = len / (1.0 + (2.0 * u).exp());
        if dl < 1e-300 || dr < 1e-300 {
            continue;
        }
        let w = 0.5 * len * 0.5 * PI * t.cosh() / (u.cosh() * u.cosh());
        let x = if t < 0.0 { a + dl } else { b - dr };
        s += w * g(x, dl, dr);
    }
    s * h
}

/// f(tau) = -(1/2) int_0^1 dx/x ln(1 - 4 tau x(1-x) - i eps), numerically.
fn f_numerical(tau: f64) -> C {
    if tau < 1.0 {
        let re = tanh_sinh(0.0, 1.0, |x, _, _| (-4.0 * tau * x * (1.0 - x)).ln_1p() / x);
        return C::real(-0.5 * re);
    }
    // 1 - 4 tau x (1 - x) = 4 tau (x - x-)(x - x+), x+- = (1 +- b)/2, b = sqrt(1 - 1/tau):
    // negative (ln = ln|.| - i pi) between the roots.
    let b = (1.0 - 1.0 / tau).sqrt();
    let (xm, xp) = (0.5 * (1.0 - b), 0.5 * (1.0 + b));
    let lo = tanh_sinh(0.0, xm, |x, _, dr| (4.0 * tau * dr * (dr + b)).ln() / x);
    let mid = tanh_sinh(xm, xp, |x, dl, dr| (4.0 * tau * dl * dr).ln() / x);
    let hi = tanh_sinh(xp, 1.0, |x, dl, _| (4.0 * tau * (dl + b) * dl).ln() / x);
    let im = -PI * tanh_sinh(xm, xp, |x, _, _| 1.0 / x);
    C::new(-0.5 * (lo + mid + hi), -0.5 * im)
}

fn cabs(z: C) -> f64 {
    z.norm_sqr().sqrt()
}

#[test]
fn loop_function_matches_feynman_parameter_integral() {
    for tau in [
        1e-4, 0.01, 0.1, 0.3, 0.7, 0.99, 1.0, 1.0001, 1.01, 1.5, 3.0, 10.0, 1e3, 1e6,
    ] {
        let (num, f) = (f_numerical(tau), f_loop(tau));
        let err = cabs(num - f) / cabs(f);
        assert!(err < 1e-8, "tau = {tau}: {num:?} vs {f:?} ({err:e})");
    }
}

/// 4 int_0^1 dx int_0^{1-x} dy w(x y) / (1 - 4 tau x y), Gauss-Legendre on the triangle.
fn triangle(tau: f64, w: impl Fn(f64) -> f64) -> f64 {
    let gl = gauss_legendre(48);
    let mut s = 0.0;
    for &(a, wa) in &gl {
        let x = 0.5 * (1.0 + a);
        for &(bq, wb) in &gl {
            let y = (1.0 - x) * 0.5 * (1.0 + bq);
            let xy = x * y;
            s += 0.25 * wa * wb * (1.0 - x) * w(xy) / (1.0 - 4.0 * tau * xy);
        }
    }
    4.0 * s
}

#[test]
fn amplitudes_match_two_dimensional_feynman_parameter_integrals() {
    for tau in [1e-3, 0.05, 0.099, 0.1, 0.2, 0.5, 0.8] {
        let a_s = triangle(tau, |xy| 1.0 - 4.0 * xy);
        let a_p = triangle(tau, |_| 1.0);
        let (s, p) = (amplitude_scalar(tau), amplitude_pseudoscalar(tau));
        assert!(
            rel(s.re, a_s) < 1e-10 && s.im == 0.0,
            "{tau}: {s:?} vs {a_s}"
        );
        assert!(
            rel(p.re, a_p) < 1e-10 && p.im == 0.0,
            "{tau}: {p:?} vs {a_p}"
        );
    }
}

#[test]
fn amplitudes_small_tau_limits_and_series() {
    assert!((amplitude_scalar(0.0).re - 4.0 / 3.0).abs() < 1e-15);
    assert!((amplitude_pseudoscalar(0.0).re - 2.0).abs() < 1e-15);
    for tau in [1e-8, 1e-5, 1e-3] {
        // A_S = 4/3 + 14 tau/45 + 8 tau^2/63 + O(tau^3), A_P = 2 + 2 tau/3 + 16 tau^2/45 + O(tau^3).
        let s = 4.0 / 3.0 + 14.0 * tau / 45.0 + 8.0 * tau * tau / 63.0;
        let p = 2.0 + 2.0 * tau / 3.0 + 16.0 * tau * tau / 45.0;
        let bound = 0.3 * tau * tau * tau + 1e-15;
        assert!((amplitude_scalar(tau).re - s).abs() < bound, "{tau}");
        assert!((amplitude_pseudoscalar(tau).re - p).abs() < bound, "{tau}");
    }
    // Series and closed form meet at the switch.
    for tau in [0.02_f64, 0.05, 0.0999] {
        let f = tau.sqrt().asin().powi(2);
        let closed_s = 2.0 * (tau + (tau - 1.0) * f) / (tau * tau);
        let closed_p = 2.0 * f / tau;
        assert!(rel(amplitude_scalar(tau).re, closed_s) < 1e-12, "{tau}");
        assert!(
            rel(amplitude_pseudoscalar(tau).re, closed_p) < 1e-14,
            "{tau}"
        );
    }
}

#[test]
fn amplitudes_heavy_x_limit_and_threshold() {
    // tau >> 1: f -> -(1/4)(ln 4 tau - i pi)^2, A_S -> [2 - (1/2)(ln 4 tau - i pi)^2] / tau,
    // A_P -> -(1/2)(ln 4 tau - i pi)^2 / tau, up to O(ln^2 tau / tau^2).
    for tau in [1e6_f64, 1e9, 1e12] {
        let l = (4.0 * tau).ln();
        let sq = C::new(l * l - PI * PI, -2.0 * PI * l); // (l - i pi)^2
        let want_s = (C::real(2.0) - sq.scale(0.5)).scale(1.0 / tau);
        let want_p = sq.scale(-0.5 / tau);
        let tol = 10.0 * l * l / tau;
        let (s, p) = (amplitude_scalar(tau), amplitude_pseudoscalar(tau));
        assert!(
            cabs(s - want_s) / cabs(want_s) < tol,
            "{tau}: {s:?} {want_s:?}"
        );
        assert!(
            cabs(p - want_p) / cabs(want_p) < tol,
            "{tau}: {p:?} {want_p:?}"
        );
        assert!(s.im > 0.0 && p.im > 0.0); // Im f > 0 above threshold
    }
    // Continuous at threshold (f(1) = pi^2/4), Im f > 0 above it.
    let f1 = f_loop(1.0);
    assert!((f1.re - PI * PI / 4.0).abs() < 1e-15 && f1.im == 0.0);
    let above = f_loop(1.0 + 1e-12);
    assert!((above.re - PI * PI / 4.0).abs() < 1e-5 && above.im > 0.0 && above.im < 1e-5);
    assert!(cabs(amplitude_scalar(1.0 + 1e-12) - amplitude_scalar(1.0)) < 1e-5);
    // Bad input: NaN, no panic.
    assert!(f_loop(-1.0).re.is_nan() && amplitude_scalar(f64::NAN).re.is_nan());
}

#[test]
fn diphoton_width_normalisation() {
    // The Higgs formula G_F alpha^2 M^3 / (128 sqrt2 pi^3) |A|^2 with g = m_mu / v,
    // v = (sqrt2 G_F)^{-1/2} (Djouadi 457 / 459; G_F PDG 2024).
    let g_f = 1.166_378_8e-5;
    let v = 1.0 / (2.0_f64.sqrt() * g_f).sqrt();
    let g = M_MU / v;
    for m_x in [0.016, 0.126, 0.5, 1.0, 100.0] {
        let tau = m_x * m_x / (4.0 * M_MU * M_MU);
        let pre = g_f * ALPHA * ALPHA * m_x.powi(3) / (128.0 * 2.0_f64.sqrt() * PI.powi(3));
        let want_s = pre * amplitude_scalar(tau).norm_sqr();
        let want_p = pre * amplitude_pseudoscalar(tau).norm_sqr();
        assert!(
            rel(diphoton(MediatorKind::Scalar, g, m_x), want_s) < 1e-13,
            "{m_x}"
        );
        assert!(
            rel(diphoton(MediatorKind::Pseudoscalar, g, m_x), want_p) < 1e-13,
            "{m_x}"
        );
    }
    // Heavy-muon limit = effective couplings -(1/4) g_Xgg X F F (F Ftilde for P),
    // Gamma = g_Xgg^2 m^3 / (64 pi): g_Sgg = 2 alpha g / (3 pi m_mu), g_Pgg = alpha g / (pi m_mu).
    let (g, m_x) = (1e-3, 1e-4_f64);
    let g_s = 2.0 * ALPHA * g / (3.0 * PI * M_MU);
    let g_p = ALPHA * g / (PI * M_MU);
    let eff = |c: f64| c * c * m_x.powi(3) / (64.0 * PI);
    assert!(rel(diphoton(MediatorKind::Scalar, g, m_x), eff(g_s)) < 1e-6);
    assert!(rel(diphoton(MediatorKind::Pseudoscalar, g, m_x), eff(g_p)) < 1e-6);
    // Landau-Yang.
    assert_eq!(diphoton(MediatorKind::Vector, g, 1.0), 0.0);
    assert_eq!(diphoton(MediatorKind::Axial, g, 1.0), 0.0);
}

// ---------------------------------------------------------------------------------------------
// (c), (d) L_mu - L_tau.
// ---------------------------------------------------------------------------------------------

fn table(kind: MediatorKind, m: f64, g: f64, model: &str, dark: DarkSector) -> DecayTable {
    let med = Mediator::new(kind, m, g).unwrap();
    let settings = DecaySettings::new(model.parse().unwrap(), dark).unwrap();
    DecayTable::new(&med, &settings).unwrap()
}

#[test]
fn lmu_ltau_neutrino_over_muon_width() {
    // m_X >> m_mu: Gamma(nu_mu nubar_mu) / Gamma(mu mu) -> 1/2 (neutrinos left-handed only);
    // exactly 1 / (2 (1 + 2r) beta), r = m_mu^2 / m_X^2.
    let g = 1e-3;
    for m in [0.3, 1.0, 10.0, 100.0, 1e3] {
        let t = table(MediatorKind::Vector, m, g, "lmu-ltau", DarkSector::None);
        let ratio = t.partial_width(Channel::NuMuNuMu) / t.partial_width(Channel::MuMu);
        let r = (M_MU / m).powi(2);
        let exact = 1.0 / (2.0 * (1.0 + 2.0 * r) * (1.0 - 4.0 * r).sqrt());
        assert!(rel(ratio, exact) < 1e-13, "{m}");
        assert_eq!(
            t.partial_width(Channel::NuMuNuMu),
            t.partial_width(Channel::NuTauNuTau)
        );
        if m >= 100.0 {
            assert!((ratio - 0.5).abs() < 1e-9, "{m}: {ratio}");
        }
    }
    // At 1 GeV the muon mass is still visible: 0.5 (1 + 6 r^2 + ...) (r = 0.0112).
    let t = table(MediatorKind::Vector, 1.0, g, "lmu-ltau", DarkSector::None);
    let ratio = t.partial_width(Channel::NuMuNuMu) / t.partial_width(Channel::MuMu);
    assert!(ratio - 0.5 > 1e-4 && ratio - 0.5 < 1e-3, "{ratio}");
}

#[test]
fn lmu_ltau_invisible_branching_ratio_by_mass() {
    // BR(Z' -> nu nubar) = 1 below 2 m_mu (nothing else open), -> 1/2 for
    // 2 m_mu << m_X < 2 m_tau, -> 1/3 for m_X >> 2 m_tau (two neutrino flavours, each half a
    // Dirac lepton); cf. the L_mu - L_tau literature (e.g. Belle II PRL 124 (2020) 141801).
    let g = 1e-3;
    let br = |m: f64| {
        table(MediatorKind::Vector, m, g, "lmu-ltau", DarkSector::None).invisible_branching_ratio()
    };
    assert_eq!(br(0.1), 1.0);
    assert!((br(1.0) - 0.5).abs() < 1e-3, "{}", br(1.0));
    assert!((br(3.5) - 0.5).abs() < 1e-3, "{}", br(3.5)); // just below 2 m_tau
    assert!((br(4.0) - 0.5).abs() > 0.05, "{}", br(4.0)); // the tau channel is open
    assert!((br(1e3) - 1.0 / 3.0).abs() < 1e-5, "{}", br(1e3));
    let t = table(MediatorKind::Vector, 4.0, g, "lmu-ltau", DarkSector::None);
    assert!(t.partial_width(Channel::TauTau) > 0.0);
    assert!(t.partial_width(Channel::TauTau) < t.partial_width(Channel::MuMu));
    let below = table(MediatorKind::Vector, 3.5, g, "lmu-ltau", DarkSector::None);
    assert_eq!(below.partial_width(Channel::TauTau), 0.0); // 3.5 < 2 m_tau = 3.55386
}

#[test]
fn neutrino_width_reproduces_z_invisible_width() {
    // Z -> nu nubar: coupling (g_w / 2 c_W) nubar gamma P_L nu, (g_w / c_W)^2 = 4 sqrt2 G_F M_Z^2,
    // so g^2 = sqrt2 G_F M_Z^2 and g^2 M_Z / (24 pi) = G_F M_Z^3 / (12 sqrt2 pi) = 165.9 MeV at tree
    // level. PDG 2024: Gamma(Z -> invisible) = 499.0 +- 1.5 MeV, i.e. 166.3 +- 0.5 MeV per
    // flavour (the difference is the electroweak radiative correction, ~0.3 %).
    let (g_f, m_z) = (1.166_378_8e-5, 91.1880);
    let g = (2.0_f64.sqrt() * g_f).sqrt() * m_z;
    let w = neutrino_pair_left(g, m_z);
    assert!(rel(w, 0.4990 / 3.0) < 5e-3, "{w}");
}

// ---------------------------------------------------------------------------------------------
// (e) Lifetimes, tables, models.
// ---------------------------------------------------------------------------------------------

#[test]
fn ctau_matches_pdg_lifetimes() {
    let hbar = 6.582_119_569e-25; // GeV s, CODATA 2018
    // Muon: tau = 2.1969811e-6 s, c tau = 658.6384 m (PDG 2024).
    assert!(rel(ctau_mm(hbar / 2.196_981_1e-6), 658_638.4) < 1e-6);
    // pi0: tau = 8.43e-17 s, c tau = 25.3 nm (PDG 2024).
    assert!(rel(ctau_mm(hbar / 8.43e-17), 25.3e-6) < 2e-3);
    assert_eq!(ctau_mm(0.0), f64::INFINITY);
    assert!(ctau_mm(-1.0).is_nan());
}

#[test]
fn model_names_and_errors() {
    for m in CouplingModel::ALL {
        assert_eq!(m.name().parse::<CouplingModel>().unwrap(), m);
        assert_eq!(m.to_string(), m.name());
    }
    assert_eq!(
        "Muon_Only".parse::<CouplingModel>().unwrap(),
        CouplingModel::MuonOnly
    );
    assert_eq!(CouplingModel::default(), CouplingModel::Invisible);
    let e = "dark-photon".parse::<CouplingModel>().unwrap_err();
    assert!(
        e.to_string().contains("invisible, muon-only, lmu-ltau"),
        "{e}"
    );
    let s = DecaySettings::new(CouplingModel::LmuLtau, DarkSector::None).unwrap();
    for kind in [
        MediatorKind::Scalar,
        MediatorKind::Pseudoscalar,
        MediatorKind::Axial,
    ] {
        let med = Mediator::new(kind, 0.1, 1e-3).unwrap();
        let err = DecayTable::new(&med, &s).unwrap_err();
        assert!(
            matches!(err, DecayError::UnsupportedMediator { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("vector"), "{err}");
    }
    // Out-of-range dark sector and mediator fields: errors, no panics.
    for d in [
        DarkSector::Width(-1.0),
        DarkSector::Width(f64::NAN),
        DarkSector::Width(f64::INFINITY),
        DarkSector::InvisibleBr(1.0),
        DarkSector::InvisibleBr(-0.1),
        DarkSector::InvisibleBr(f64::NAN),
    ] {
        assert!(
            DecaySettings::new(CouplingModel::MuonOnly, d).is_err(),
            "{d:?}"
        );
    }
    assert!(DecaySettings::new(CouplingModel::Invisible, DarkSector::InvisibleBr(0.5)).is_err());
    assert!(DecaySettings::new(CouplingModel::Invisible, DarkSector::InvisibleBr(0.0)).is_ok());
    assert!(DarkSector::from_options(Some(1e-9), Some(0.1)).is_err());
    assert_eq!(
        DarkSector::from_options(None, Some(0.1)).unwrap(),
        DarkSector::InvisibleBr(0.1)
    );
    let ok = DecaySettings::default();
    for (m, g) in [
        (-1.0, 1e-3),
        (f64::NAN, 1e-3),
        (0.1, 0.0),
        (0.1, f64::INFINITY),
    ] {
        let med = Mediator {
            kind: MediatorKind::Vector,
            mass: m,
            coupling: g,
        };
        assert!(DecayTable::new(&med, &ok).is_err(), "{m} {g}");
    }
}

#[test]
fn invisible_model_and_dark_sector() {
    let g = 1e-3;
    let t = table(
        MediatorKind::Vector,
        0.016,
        g,
        "invisible",
        DarkSector::None,
    );
    assert!(t.is_stable());
    assert_eq!(t.branching_ratio(Channel::Dark), 1.0);
    assert_eq!(t.invisible_branching_ratio(), 1.0);
    assert_eq!(t.ctau_mm(), f64::INFINITY);
    assert_eq!(t.channel_for(0.5), None);
    let t = table(
        MediatorKind::Scalar,
        0.5,
        g,
        "invisible",
        DarkSector::Width(1e-9),
    );
    assert_eq!(t.branching_ratio(Channel::Dark), 1.0);
    assert!(rel(t.ctau_mm(), HBAR_C_GEV_MM / 1e-9) < 1e-15);
    assert_eq!(t.channels().len(), 1);

    // br_invisible: BR(dark) = b exactly, the rest scaled by (1 - b).
    let plain = table(MediatorKind::Scalar, 1.0, g, "muon-only", DarkSector::None);
    let b = 0.3;
    let t = table(
        MediatorKind::Scalar,
        1.0,
        g,
        "muon-only",
        DarkSector::InvisibleBr(b),
    );
    assert!(rel(t.branching_ratio(Channel::Dark), b) < 1e-14);
    for ch in [Channel::MuMu, Channel::GammaGamma] {
        assert!(rel(t.branching_ratio(ch), (1.0 - b) * plain.branching_ratio(ch)) < 1e-14);
        assert_eq!(t.partial_width(ch), plain.partial_width(ch));
    }
    assert!(rel(t.invisible_branching_ratio(), b) < 1e-14);
    // lmu-ltau: total invisible = b + (1 - b) BR_nu.
    let plain = table(MediatorKind::Vector, 1.0, g, "lmu-ltau", DarkSector::None);
    let t = table(
        MediatorKind::Vector,
        1.0,
        g,
        "lmu-ltau",
        DarkSector::InvisibleBr(b),
    );
    let want = b + (1.0 - b) * plain.invisible_branching_ratio();
    assert!(rel(t.invisible_branching_ratio(), want) < 1e-14);
    // A dark width adds to the total.
    let t = table(
        MediatorKind::Vector,
        1.0,
        g,
        "lmu-ltau",
        DarkSector::Width(1e-6),
    );
    assert!(rel(t.total_width(), plain.total_width() + 1e-6) < 1e-14);
    // Muon-only vector below 2 m_mu is stable and escapes, also with a dark BR.
    for d in [DarkSector::None, DarkSector::InvisibleBr(0.5)] {
        let t = table(MediatorKind::Vector, 0.1, g, "muon-only", d);
        assert!(t.is_stable() && t.invisible_branching_ratio() == 1.0);
        assert_eq!(t.branching_ratio(Channel::MuMu), 0.0);
    }
}

#[test]
fn table_consistency() {
    let g = 1e-3;
    for kind in ALL_KINDS {
        for m in [0.016, 0.126, 0.2114, 1.0, 5.0] {
            for model in ["invisible", "muon-only", "lmu-ltau"] {
                let Ok(settings) =
                    DecaySettings::new(model.parse().unwrap(), DarkSector::Width(1e-12))
                else {
                    panic!("settings");
                };
                let med = Mediator::new(kind, m, g).unwrap();
                let Ok(t) = DecayTable::new(&med, &settings) else {
                    assert!(model == "lmu-ltau" && kind != MediatorKind::Vector);
                    continue;
                };
                let sum: f64 = Channel::ALL.iter().map(|&c| t.branching_ratio(c)).sum();
                assert!((sum - 1.0).abs() < 1e-14, "{kind:?} {m} {model}");
                let inv = t.invisible_width() + t.visible_width();
                assert!(rel(inv, t.total_width()) < 1e-15);
                assert!(rel(t.ctau_mm() * t.total_width(), HBAR_C_GEV_MM) < 1e-15);
                assert!(rel(t.decay_length_mm(3.0 * m), 3.0 * t.ctau_mm()) < 1e-15);
                // Inverse-CDF channel choice.
                let open: Vec<_> = t.open_channels().collect();
                assert_eq!(t.channel_for(0.0), Some(open[0].channel));
                assert_eq!(t.channel_for(1.0 - 1e-16), open.last().map(|c| c.channel));
                assert_eq!(t.channel_for(1.0), None);
                let u = 0.999_999 * t.branching_ratio(open[0].channel);
                assert_eq!(t.channel_for(u), Some(open[0].channel));
            }
        }
    }
    // Muon-only S: mu mu and gamma gamma; below 2 m_mu only gamma gamma.
    let t = table(
        MediatorKind::Scalar,
        0.016,
        g,
        "muon-only",
        DarkSector::None,
    );
    assert_eq!(t.branching_ratio(Channel::GammaGamma), 1.0);
    assert_eq!(t.partial_width(Channel::MuMu), 0.0);
    let t = table(MediatorKind::Axial, 1.0, g, "muon-only", DarkSector::None);
    assert_eq!(t.branching_ratio(Channel::MuMu), 1.0);
    assert_eq!(t.partial_width(Channel::GammaGamma), 0.0);
    assert!(t.invisible_width().is_sign_positive() && t.invisible_branching_ratio() == 0.0);
}

#[test]
fn channels_products_and_invisibility() {
    let codes: Vec<[i32; 2]> = Channel::ALL
        .iter()
        .map(|c| c.products().map(|p| p.code()))
        .collect();
    assert_eq!(
        codes,
        vec![
            [13, -13],
            [15, -15],
            [14, -14],
            [16, -16],
            [22, 22],
            [52, -52]
        ]
    );
    let inv: Vec<bool> = Channel::ALL.iter().map(|c| c.is_invisible()).collect();
    assert_eq!(inv, vec![false, false, true, true, false, true]);
}

/// The benchmark table of the report: `cargo test --release -p mfc-models benchmark_table
/// -- --nocapture`.
#[test]
fn benchmark_table() {
    let g = 1e-3;
    let cases = [
        (MediatorKind::Scalar, "muon-only"),
        (MediatorKind::Vector, "muon-only"),
        (MediatorKind::Vector, "lmu-ltau"),
    ];
    for (kind, model) in cases {
        for m in [0.016, 0.126, 1.0] {
            let t = table(kind, m, g, model, DarkSector::None);
            let mut line = format!("{:<7} {:<9} m = {m:5} GeV:", kind.name(), model);
            for c in t.channels() {
                line += &format!(
                    " {}={:.6e} (BR {:.6})",
                    c.channel.name(),
                    c.width,
                    t.branching_ratio(c.channel)
                );
            }
            line += &format!(
                " | total {:.6e} GeV, BR_inv {:.6}, c tau {:.6e} mm",
                t.total_width(),
                t.invisible_branching_ratio(),
                t.ctau_mm()
            );
            println!("{line}");
        }
    }
}
