//! Reference evaluation of the spin- and polarisation-summed amplitude by explicit Dirac
//! traces: 4x4 gamma matrices in the Dirac representation, Cartesian four-vectors, the
//! covariant polarisation sum -g + k k/m_X^2 and the original nucleus current J = P + P'.
//!
//! It shares no code with the production path (`helicity`: chiral representation,
//! light-cone spinors, explicit polarisation vectors, gauge-rotated current) and serves as the
//! independent second evaluation in the tests (physics.md Sec. 2 "Checks").
//!
//!   sum |M|^2 ∝ Tr[(p'slash + m) O^mu (pslash + m) Obar^nu] P_{mu nu},  Obar = gamma0 O^† gamma0.

use crate::mediator::MediatorKind;
use crate::real::{Complex, Real};

type Mat<T> = [[Complex<T>; 4]; 4];

fn zero<T: Real>() -> Mat<T> {
    [[Complex::zero(); 4]; 4]
}

fn mul<T: Real>(a: &Mat<T>, b: &Mat<T>) -> Mat<T> {
    let mut r = zero();
    for i in 0..4 {
        for j in 0..4 {
            let mut s = Complex::zero();
            for k in 0..4 {
                s = s + a[i][k] * b[k][j];
            }
            r[i][j] = s;
        }
    }
    r
}

fn add<T: Real>(a: &Mat<T>, b: &Mat<T>) -> Mat<T> {
    let mut r = zero();
    for i in 0..4 {
        for j in 0..4 {
            r[i][j] = a[i][j] + b[i][j];
        }
    }
    r
}

fn scale<T: Real>(a: &Mat<T>, s: Complex<T>) -> Mat<T> {
    let mut r = *a;
    for row in &mut r {
        for z in row.iter_mut() {
            *z = *z * s;
        }
    }
    r
}

fn trace<T: Real>(a: &Mat<T>) -> Complex<T> {
    a[0][0] + a[1][1] + a[2][2] + a[3][3]
}

fn dagger<T: Real>(a: &Mat<T>) -> Mat<T> {
    let mut r = zero();
    for i in 0..4 {
        for j in 0..4 {
            r[i][j] = a[j][i].conj();
        }
    }
    r
}

/// gamma^0..gamma^3 and gamma5 in the Dirac representation.
fn gammas<T: Real>() -> ([Mat<T>; 4], Mat<T>) {
    let o = Complex::<T>::zero();
    let one = Complex::real(T::one());
    let m1 = -one;
    let i = Complex::new(T::zero(), T::one());
    let mi = -i;
    let g0 = [[one, o, o, o], [o, one, o, o], [o, o, m1, o], [o, o, o, m1]];
    // gamma^k = ((0, sigma_k), (-sigma_k, 0))
    let g1 = [[o, o, o, one], [o, o, one, o], [o, m1, o, o], [m1, o, o, o]];
    let g2 = [[o, o, o, mi], [o, o, i, o], [o, i, o, o], [mi, o, o, o]];
    let g3 = [[o, o, one, o], [o, o, o, m1], [m1, o, o, o], [o, one, o, o]];
    let g5 = [
        [o, o, one, o],
        [o, o, o, one],
        [one, o, o, o],
        [o, one, o, o],
    ];
    ([g0, g1, g2, g3], g5)
}

fn slash<T: Real>(g: &[Mat<T>; 4], a: &[T; 4]) -> Mat<T> {
    let mut r = scale(&g[0], Complex::real(a[0]));
    for k in 1..4 {
        r = add(&r, &scale(&g[k], Complex::real(-a[k])));
    }
    r
}

fn plus_m<T: Real>(a: &Mat<T>, m: T) -> Mat<T> {
    let mut r = *a;
    for (k, row) in r.iter_mut().enumerate() {
        row[k] = row[k] + Complex::real(m);
    }
    r
}

fn minkowski<T: Real>(a: &[T; 4], b: &[T; 4]) -> T {
    a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]
}

/// (1/2) sum over spins and X polarisations of |ubar(p') O u(p)|^2 with J = P + P', from
/// Cartesian momenta (E, px, py, pz): incoming muon `p`, incoming nucleus `pn`, outgoing muon
/// `pp`, outgoing nucleus `pnp`, X `k`. Masses `m` (muon), `mx` (X).
pub fn reduced_me2<T: Real>(
    kind: MediatorKind,
    m: T,
    mx: T,
    p: &[T; 4],
    pn: &[T; 4],
    pp: &[T; 4],
    pnp: &[T; 4],
    k: &[T; 4],
) -> T {
    reduced_me2_with_current(
        kind,
        m,
        mx,
        p,
        pp,
        k,
        &std::array::from_fn(|i| pn[i] + pnp[i]),
    )
}

/// As [`reduced_me2`] with an arbitrary nucleus current `j` (for gauge-invariance tests).
pub fn reduced_me2_with_current<T: Real>(
    kind: MediatorKind,
    m: T,
    mx: T,
    p: &[T; 4],
    pp: &[T; 4],
    k: &[T; 4],
    j: &[T; 4],
) -> T {
    let (g, g5) = gammas::<T>();
    let w1: [T; 4] = std::array::from_fn(|i| pp[i] + k[i]);
    let w2: [T; 4] = std::array::from_fn(|i| p[i] - k[i]);
    let s1 = minkowski(&w1, &w1) - m * m;
    let u1 = minkowski(&w2, &w2) - m * m;
    let js = slash(&g, j);
    let a = scale(
        &mul(&plus_m(&slash(&g, &w1), m), &js),
        Complex::real(T::one() / s1),
    );
    let b = scale(
        &mul(&js, &plus_m(&slash(&g, &w2), m)),
        Complex::real(T::one() / u1),
    );
    let pps = plus_m(&slash(&g, pp), m);
    let ps = plus_m(&slash(&g, p), m);
    let g0 = g[0];
    let bar = |o: &Mat<T>| mul(&mul(&g0, &dagger(o)), &g0);
    let t_of = |o1: &Mat<T>, o2: &Mat<T>| trace(&mul(&mul(&pps, o1), &mul(&ps, &bar(o2))));
    let half = T::from_f64(0.5);
    match kind {
        MediatorKind::Scalar | MediatorKind::Pseudoscalar => {
            let gam = if kind == MediatorKind::Scalar {
                plus_m(&zero(), T::one())
            } else {
                scale(&g5, Complex::new(T::zero(), T::one()))
            };
            let o = add(&mul(&gam, &a), &mul(&b, &gam));
            t_of(&o, &o).re * half
        }
        MediatorKind::Vector | MediatorKind::Axial => {
            let os: Vec<Mat<T>> = (0..4)
                .map(|mu| {
                    let gam = if kind == MediatorKind::Vector {
                        g[mu]
                    } else {
                        mul(&g[mu], &g5)
                    };
                    add(&mul(&gam, &a), &mul(&b, &gam))
                })
                .collect();
            let metric = [T::one(), -T::one(), -T::one(), -T::one()];
            let k_low: [T; 4] = std::array::from_fn(|i| metric[i] * k[i]);
            let mut sum = T::zero();
            for mu in 0..4 {
                for nu in 0..4 {
                    let mut pol = k_low[mu] * k_low[nu] / (mx * mx);
                    if mu == nu {
                        pol -= metric[mu];
                    }
                    sum += pol * t_of(&os[mu], &os[nu]).re;
                }
            }
            sum * half
        }
    }
}

/// The Lorentz structure of a decay X -> f fbar in [`decay_tensor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecayCoupling {
    /// gamma^alpha.
    Vector,
    /// gamma^alpha gamma5.
    Axial,
    /// gamma^alpha (1 - gamma5)/2 (left-handed neutrinos of L_mu - L_tau).
    LeftHanded,
}

/// The production tensor H^{mu nu} = Tr[(p'slash + m) O^mu (pslash + m) Obar^nu] of a vector
/// (or, with `axial`, axial-vector) X with open Lorentz indices (upper), for nucleus current
/// `j`: sum over the muon spins of J^mu J^{nu *}, where the amplitude is J^mu epsilon^*_mu.
pub fn production_tensor<T: Real>(
    axial: bool,
    m: T,
    p: &[T; 4],
    pp: &[T; 4],
    k: &[T; 4],
    j: &[T; 4],
) -> [[Complex<T>; 4]; 4] {
    let (g, g5) = gammas::<T>();
    let w1: [T; 4] = std::array::from_fn(|i| pp[i] + k[i]);
    let w2: [T; 4] = std::array::from_fn(|i| p[i] - k[i]);
    let s1 = minkowski(&w1, &w1) - m * m;
    let u1 = minkowski(&w2, &w2) - m * m;
    let js = slash(&g, j);
    let a = scale(
        &mul(&plus_m(&slash(&g, &w1), m), &js),
        Complex::real(T::one() / s1),
    );
    let b = scale(
        &mul(&js, &plus_m(&slash(&g, &w2), m)),
        Complex::real(T::one() / u1),
    );
    let pps = plus_m(&slash(&g, pp), m);
    let ps = plus_m(&slash(&g, p), m);
    let g0 = g[0];
    let bar = |o: &Mat<T>| mul(&mul(&g0, &dagger(o)), &g0);
    let os: Vec<Mat<T>> = (0..4)
        .map(|mu| {
            let gam = if axial { mul(&g[mu], &g5) } else { g[mu] };
            add(&mul(&gam, &a), &mul(&b, &gam))
        })
        .collect();
    std::array::from_fn(|mu| {
        std::array::from_fn(|nu| trace(&mul(&mul(&pps, &os[mu]), &mul(&ps, &bar(&os[nu])))))
    })
}

/// The decay tensor L^{alpha beta} = Tr[(p1slash + m_f) G^alpha (p2slash - m_f) Gbar^beta] of
/// X -> f(p1) fbar(p2) (sum over the fermion spins of D^alpha D^{beta *}, the amplitude being
/// D^alpha epsilon_alpha).
pub fn decay_tensor<T: Real>(
    coupling: DecayCoupling,
    mf: T,
    p1: &[T; 4],
    p2: &[T; 4],
) -> [[Complex<T>; 4]; 4] {
    let (g, g5) = gammas::<T>();
    let half = Complex::real(T::from_f64(0.5));
    let one = plus_m(&zero(), T::one());
    let p_left = scale(&add(&one, &scale(&g5, Complex::real(-T::one()))), half);
    let vertex = |a: usize| match coupling {
        DecayCoupling::Vector => g[a],
        DecayCoupling::Axial => mul(&g[a], &g5),
        DecayCoupling::LeftHanded => mul(&g[a], &p_left),
    };
    let g0 = g[0];
    let bar = |o: &Mat<T>| mul(&mul(&g0, &dagger(o)), &g0);
    let s1 = plus_m(&slash(&g, p1), mf);
    let s2 = plus_m(&slash(&g, p2), -mf);
    std::array::from_fn(|a| {
        std::array::from_fn(|b| trace(&mul(&mul(&s1, &vertex(a)), &mul(&s2, &bar(&vertex(b))))))
    })
}

/// The production-decay contraction of the narrow-width 2 -> 4 |M|^2 (without couplings and
/// the Breit-Wigner factor), averaged over the beam spin:
/// (1/2) sum H^{mu nu} P_{mu alpha} P_{nu beta} L^{alpha beta}, with the polarisation sum
/// P_{mu alpha} = -g_{mu alpha} + k_mu k_alpha / m_X^2.
pub fn correlated_me2<T: Real>(
    h: &[[Complex<T>; 4]; 4],
    l: &[[Complex<T>; 4]; 4],
    k: &[T; 4],
    mx: T,
) -> T {
    let metric = [T::one(), -T::one(), -T::one(), -T::one()];
    let k_low: [T; 4] = std::array::from_fn(|i| metric[i] * k[i]);
    let pol = |mu: usize, a: usize| {
        let mut v = k_low[mu] * k_low[a] / (mx * mx);
        if mu == a {
            v -= metric[mu];
        }
        v
    };
    let mut sum = Complex::zero();
    for mu in 0..4 {
        for nu in 0..4 {
            for a in 0..4 {
                for b in 0..4 {
                    let w = pol(mu, a) * pol(nu, b);
                    sum = sum + (h[mu][nu] * l[a][b]).scale(w);
                }
            }
        }
    }
    sum.re * T::from_f64(0.5)
}
