//! Tests of the matrix element: two independent evaluations, gauge invariance, stability
//! against double-double, scaling limits.

use super::*;
use crate::kinematics::{TLimits, t_limits};
use crate::real::DoubleDouble as Dd;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

const KINDS: [MediatorKind; 4] = [
    MediatorKind::Scalar,
    MediatorKind::Vector,
    MediatorKind::Pseudoscalar,
    MediatorKind::Axial,
];

fn masses(mx: f64) -> Masses {
    Masses {
        muon: crate::constants::M_MU,
        x: mx,
        nucleus: Target::copper().nucleus_mass(),
    }
}

/// Cartesian momenta (p, P, p', P', k) from kinematics.
fn cartesian<T: Real>(k: &Kinematics<T>) -> [[T; 4]; 5] {
    let pn = [k.mn, T::zero(), T::zero(), T::zero()];
    let q = k.q.cartesian();
    let pnp = [pn[0] + q[0], q[1], q[2], q[3]];
    [k.p.cartesian(), pn, k.pp.cartesian(), pnp, k.k.cartesian()]
}

fn dirac_of<T: Real>(kind: MediatorKind, k: &Kinematics<T>) -> T {
    let c = cartesian(k);
    dirac::reduced_me2(kind, k.m, k.mx, &c[0], &c[1], &c[2], &c[3], &c[4])
}

/// A random phase-space point. `extreme` widens the ranges to the corners listed in the
/// issue: t from tmin to 1 GeV^2, E 10 GeV..1 TeV, m_X 1 MeV..10 GeV, X collinear with
/// either muon.
fn random_point(rng: &mut Pcg64Mcg, extreme: bool) -> Option<(Masses, PhaseSpacePoint)> {
    let log_uniform = |rng: &mut Pcg64Mcg, a: f64, b: f64| {
        (a.ln() + rng.random::<f64>() * (b.ln() - a.ln())).exp()
    };
    let (e, mx) = if extreme {
        (log_uniform(rng, 10.0, 1000.0), log_uniform(rng, 1e-3, 10.0))
    } else {
        (log_uniform(rng, 10.0, 200.0), log_uniform(rng, 0.01, 2.0))
    };
    let ms = masses(mx);
    if mx + ms.muon >= 0.9 * e {
        return None;
    }
    // x away from the endpoints by the masses
    let xmin = (mx / e).max(1e-4);
    let xmax = 1.0 - (ms.muon.max(mx) / e).max(1e-4);
    if xmin >= xmax {
        return None;
    }
    let x = if extreme {
        log_uniform(rng, xmin, xmax)
    } else {
        xmin + (xmax - xmin) * (0.05 + 0.9 * rng.random::<f64>())
    };
    let ek = x * e;
    // angle: characteristic theta_c^2 ~ U(0)/(x E^2)
    let u0 = mx * mx * (1.0 - x) / x + ms.muon * ms.muon * x;
    let thc = (u0 / (x * e * e)).sqrt();
    let theta = if extreme {
        thc * log_uniform(rng, 1e-4, 1e3)
    } else {
        thc * log_uniform(rng, 0.1, 10.0)
    };
    if theta >= 3.0 {
        return None;
    }
    let TLimits { tmin, tmax } = t_limits::<f64>(&ms, e, ek, theta)?;
    let tupper = tmax.min(1.0);
    if tupper <= tmin * 1.000_001 {
        return None;
    }
    let (t, dt) = if extreme {
        // log-uniform in t - tmin from 1e-6 tmin up
        let dt = log_uniform(rng, tmin * 1e-6, tupper - tmin);
        (tmin + dt, dt)
    } else {
        let lo = (tmin * 2.0).max(1e-4).min(tupper * 0.5);
        let t = log_uniform(rng, lo, tupper);
        (t, t - tmin)
    };
    let phi_q = rng.random::<f64>() * std::f64::consts::TAU;
    Some((
        ms,
        PhaseSpacePoint {
            beam_energy: e,
            x_energy: ek,
            x_theta: theta,
            t,
            t_minus_tmin: dt,
            phi_q,
        },
    ))
}

fn points(n: usize, extreme: bool, seed: u64) -> Vec<(Masses, PhaseSpacePoint)> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut out = Vec::new();
    while out.len() < n {
        if let Some(p) = random_point(&mut rng, extreme)
            && Kinematics::<f64>::from_point(&p.0, &p.1).is_some()
        {
            out.push(p);
        }
    }
    out
}

#[test]
fn helicity_amplitudes_agree_with_dirac_traces() {
    // Two independent evaluations at 1000 points: the production path (chiral representation,
    // light-cone spinors, explicit polarisations, gauge-rotated current) in f64 against the
    // Dirac-representation trace with covariant polarisation sum and J = P + P', evaluated in
    // double-double so that its own cancellations do not matter at these points.
    let pts = points(1000, false, 11);
    for kind in KINDS {
        let mut worst: f64 = 0.0;
        for (ms, pt) in &pts {
            let k = Kinematics::<f64>::from_point(ms, pt).unwrap();
            let kd = Kinematics::<Dd>::from_point(ms, pt).unwrap();
            let h = reduced_me2(kind, &k);
            let d = dirac_of(kind, &kd).to_f64();
            worst = worst.max((h / d - 1.0).abs());
            assert!(h > 0.0);
        }
        println!("{kind:?}: max relative difference helicity vs Dirac trace = {worst:.2e}");
        assert!(worst < 1e-10, "{kind:?}: {worst:e}");
    }
}

#[test]
fn double_precision_is_stable_against_double_double() {
    // The production path in f64 against the same path in double-double (~32 digits) at
    // 1500 points spanning the corners: t - tmin from 1e-6 tmin, t up to 1 GeV^2,
    // E 10 GeV..1 TeV, m_X 1 MeV..10 GeV, theta_X from 1e-4 to 1e3 characteristic angles.
    // Where the naive Dirac trace is itself accurate in double-double (its f64 value within
    // 1 % of its double-double value, i.e. < 14 digits lost) it is checked as well.
    let pts = points(1500, true, 12);
    for kind in KINDS {
        let (mut worst, mut worst_dirac, mut n_dirac) = (0.0_f64, 0.0_f64, 0);
        let mut worst_at = None;
        for (ms, pt) in &pts {
            let k = Kinematics::<f64>::from_point(ms, pt).unwrap();
            let kd = Kinematics::<Dd>::from_point(ms, pt).unwrap();
            let h = reduced_me2(kind, &k);
            let hd = reduced_me2(kind, &kd).to_f64();
            let rel = (h / hd - 1.0).abs();
            if !(rel <= worst) {
                worst = rel;
                worst_at = Some(*pt);
            }
            let dd = dirac_of(kind, &kd).to_f64();
            if (dirac_of(kind, &k) / dd - 1.0).abs() < 1e-2 {
                n_dirac += 1;
                worst_dirac = worst_dirac.max((h / dd - 1.0).abs());
            }
        }
        println!(
            "{kind:?}: f64 vs double-double max rel error = {worst:.2e}; vs Dirac trace (dd) \
             at {n_dirac} points: {worst_dirac:.2e}"
        );
        assert!(worst <= 1e-8, "{kind:?}: {worst:e} at {worst_at:?}");
        assert!(worst_dirac <= 1e-8, "{kind:?}: {worst_dirac:e}");
        assert!(
            n_dirac >= 300,
            "{kind:?}: only {n_dirac} trustworthy reference points"
        );
    }
}

fn generic_current(k: &Kinematics<f64>, rng: &mut Pcg64Mcg) -> LightCone<f64> {
    // a random current with components of the size of q (for a fair comparison)
    let s = (k.q.plus.abs() + k.q.minus.abs() + k.q.x.abs() + k.q.y.abs()) * 0.5;
    let mut r = || (rng.random::<f64>() - 0.5) * s;
    LightCone::from_cartesian(r(), r(), r(), r())
}

#[test]
fn gauge_invariance_nucleus_current_replaced_by_q() {
    // physics.md Sec. 2: the sum of both diagrams vanishes for J -> q.
    let pts = points(300, false, 13);
    let mut rng = Pcg64Mcg::seed_from_u64(99);
    for kind in KINDS {
        let mut worst: f64 = 0.0;
        for (ms, pt) in &pts {
            let k = Kinematics::<f64>::from_point(ms, pt).unwrap();
            let with_q = reduced_me2_with_current(kind, &k, &k.q);
            let generic = reduced_me2_with_current(kind, &k, &generic_current(&k, &mut rng));
            worst = worst.max(with_q / generic);
        }
        println!("{kind:?}: max |M(J=q)|^2/|M(J generic)|^2 = {worst:.2e}");
        assert!(worst < 1e-20, "{kind:?}: {worst:e}");
    }
}

#[test]
fn vector_current_is_conserved() {
    // k_nu M^nu = 0 for the vector (but not for the axial vector: k.M_A = 2 m M_P).
    let pts = points(300, false, 14);
    for (ms, pt) in &pts {
        let k = Kinematics::<f64>::from_point(ms, pt).unwrap();
        let j = nucleus_current(&k.q, k.mn);
        let legs = Legs::new(
            &k.p,
            &k.pp,
            k.m,
            &j,
            &k.p.sub(&k.q),
            &k.p.sub(&k.k),
            k.s1,
            k.u1,
        );
        let ek = 0.5 * (k.k.plus + k.k.minus);
        let khat = k.k.scale(1.0 / ek);
        let e2 = LightCone {
            plus: 0.0,
            minus: 0.0,
            x: -k.k_phi.0,
            y: k.k_phi.1,
        };
        let along_k = legs.spin_sum(&Vertex::Vector(khat));
        let transverse = legs.spin_sum(&Vertex::Vector(e2));
        assert!(
            along_k / transverse < 1e-20,
            "{along_k:e} vs {transverse:e}"
        );
        let axial_k = legs.spin_sum(&Vertex::Axial(khat));
        assert!(axial_k / legs.spin_sum(&Vertex::Axial(e2)) > 1e-12);
    }
}

#[test]
fn coupling_and_charge_scaling() {
    let pts = points(50, false, 15);
    let cu = Target::copper();
    // same mass, other Z: with no form factor |M|^2 scales as Z^2 exactly
    let other = Target::custom(13, 63, cu.atomic_mass_u).unwrap();
    for kind in KINDS {
        for (ms, pt) in &pts {
            let med1 = Mediator::new(kind, ms.x, 1.0).unwrap();
            let med2 = Mediator::new(kind, ms.x, 3e-4).unwrap();
            let a = MatrixElement::new(&med1, &cu, FormFactorKind::Elastic);
            let b = MatrixElement::new(&med2, &cu, FormFactorKind::Elastic);
            let (va, vb) = (a.me2_at(pt).unwrap(), b.me2_at(pt).unwrap());
            assert!((vb / va / 9e-8 - 1.0).abs() < 1e-14);
            assert!(va > 0.0);
            let n1 = MatrixElement::new(&med1, &cu, FormFactorKind::None);
            let n2 = MatrixElement::new(&med1, &other, FormFactorKind::None);
            // nucleus masses differ by Z m_e: compare at the same kinematics
            let kin = Kinematics::<f64>::from_point(&n1.masses(), pt).unwrap();
            let r = n1.me2_kinematics(&kin) / n2.me2_kinematics(&kin);
            assert!((r - (29.0_f64 / 13.0).powi(2)).abs() < 1e-12, "{r}");
        }
    }
}

#[test]
fn momenta_interface_matches_phase_space_interface() {
    // The five-momenta API (boosted to an arbitrary frame) reproduces the phase-space API.
    let pts = points(200, false, 16);
    for kind in KINDS {
        for (ms, pt) in &pts {
            let med = Mediator::new(kind, ms.x, 1.0).unwrap();
            let me = MatrixElement::new(&med, &Target::copper(), FormFactorKind::Elastic);
            let kin = Kinematics::<Dd>::from_point(&me.masses(), pt).unwrap();
            let c = cartesian(&kin);
            let lab: [[f64; 4]; 5] = std::array::from_fn(|i| c[i].map(Real::to_f64));
            let direct = me.me2_at(pt).unwrap();
            let via = me.me2_from_momenta(&lab).unwrap();
            // lab momenta printed to double precision lose some digits in t - tmin
            assert!((via / direct - 1.0).abs() < 1e-6, "{kind:?} {via} {direct}");
            // a boost along x and a rotation leave |M|^2 unchanged
            let (g, b) = (1.25_f64, 0.6_f64);
            let boosted: [[f64; 4]; 5] = std::array::from_fn(|i| {
                let p = lab[i];
                [g * (p[0] + b * p[1]), g * (p[1] + b * p[0]), p[3], -p[2]]
            });
            let v2 = me.me2_from_momenta(&boosted).unwrap();
            assert!(
                (v2 / direct - 1.0).abs() < 1e-5,
                "{kind:?} boosted {v2} {direct}"
            );
        }
    }
}

#[test]
fn momenta_interface_rejects_unphysical_input() {
    let med = Mediator::new(MediatorKind::Vector, 0.016, 1.0).unwrap();
    let me = MatrixElement::new(&med, &Target::copper(), FormFactorKind::Elastic);
    let (_, pt) = points(1, false, 17)[0];
    let kin = Kinematics::<Dd>::from_point(&me.masses(), &pt).unwrap();
    let c = cartesian(&kin);
    let good: [[f64; 4]; 5] = std::array::from_fn(|i| c[i].map(Real::to_f64));
    assert!(me.me2_from_momenta(&good).is_ok());
    let mut bad = good;
    bad[4][1] += 1e-3;
    bad[2][1] -= 1e-3; // conserved but X off shell
    let err = me.me2_from_momenta(&bad).unwrap_err().to_string();
    assert!(err.contains("off shell"), "{err}");
    let mut bad = good;
    bad[2][3] += 0.5;
    bad[2][0] = (bad[2][1].powi(2)
        + bad[2][2].powi(2)
        + bad[2][3].powi(2)
        + crate::constants::M_MU.powi(2))
    .sqrt();
    let err = me.me2_from_momenta(&bad).unwrap_err().to_string();
    assert!(err.contains("not conserved"), "{err}");
    let mut bad = good;
    bad[0][0] = f64::NAN;
    assert!(me.me2_from_momenta(&bad).is_err());
}

#[test]
fn current_contraction_equals_vertex_by_vertex_evaluation() {
    // The fast spin-one path (current built once, contracted per polarisation) against the
    // slash-by-slash evaluation of each polarisation.
    let pts = points(200, true, 18);
    for (ms, pt) in &pts {
        let k = Kinematics::<f64>::from_point(ms, pt).unwrap();
        let j = nucleus_current(&k.q, k.mn);
        let legs = Legs::new(
            &k.p,
            &k.pp,
            k.m,
            &j,
            &k.p.sub(&k.q),
            &k.p.sub(&k.k),
            k.s1,
            k.u1,
        );
        let e = |px: f64, py: f64, pz: f64, t: f64| LightCone::from_cartesian(t, px, py, pz);
        let pols = [
            e(0.3, -0.2, 0.9, 0.0),
            e(-0.5, 0.8, 0.1, 0.0),
            e(0.0, 0.0, 0.0, 1.0),
        ];
        for axial in [false, true] {
            let fast = legs.spin_sum_spin_one(&pols, axial);
            let slow: f64 = pols
                .iter()
                .map(|p| {
                    legs.spin_sum(&if axial {
                        Vertex::Axial(*p)
                    } else {
                        Vertex::Vector(*p)
                    })
                })
                .sum();
            assert!((fast / slow - 1.0).abs() < 1e-12, "{fast} {slow}");
        }
    }
}

/// The spin density matrix of X (`polarisation`) against the full 2 -> 4 |M|^2 of the Dirac
/// traces (`dirac::production_tensor`, `dirac::decay_tensor`: the other representation, the
/// covariant polarisation sum and the original current J = P + P') in the narrow-width limit.
mod spin_correlation {
    use super::*;
    use crate::decay::angular::{kappa, spin_one_weight};
    use crate::decay::{Channel, M_TAU};
    use dirac::DecayCoupling;
    use polarisation::{boost, spin_density};

    /// A Lorentz boost and a rotation applied to every momentum: the results must not depend
    /// on the frame.
    fn to_other_frame(v: &[f64; 4]) -> [f64; 4] {
        let b = boost(v, [0.1, -0.3, 0.5]);
        let (c, s) = (0.6_f64, 0.8_f64); // rotation by atan(4/3) about x
        [b[0], b[1], c * b[2] - s * b[3], s * b[2] + c * b[3]]
    }

    /// The inverse of [`to_other_frame`].
    fn from_other_frame(v: &[f64; 4]) -> [f64; 4] {
        let (c, s) = (0.6_f64, 0.8_f64);
        let r = [v[0], v[1], c * v[2] + s * v[3], -s * v[2] + c * v[3]];
        boost(&r, [-0.1, 0.3, -0.5])
    }

    fn minkowski(a: &[f64; 4], b: &[f64; 4]) -> f64 {
        a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]
    }

    /// Daughter momenta (lab) for a rest-frame direction with components `c` in the triad.
    fn daughters(
        basis: &[[f64; 4]; 3],
        k: &[f64; 4],
        mx: f64,
        mf: f64,
        c: [f64; 3],
    ) -> ([f64; 4], [f64; 4]) {
        let beta = [k[1] / k[0], k[2] / k[0], k[3] / k[0]];
        let rest: Vec<[f64; 4]> = basis.iter().map(|e| boost(e, beta.map(|b| -b))).collect();
        let pstar = (0.25 * mx * mx - mf * mf).sqrt();
        let n: [f64; 3] = std::array::from_fn(|i| (0..3).map(|l| c[l] * rest[l][i + 1]).sum());
        let e = 0.5 * mx;
        let p1 = [e, pstar * n[0], pstar * n[1], pstar * n[2]];
        let p2 = [e, -pstar * n[0], -pstar * n[1], -pstar * n[2]];
        (boost(&p1, beta), boost(&p2, beta))
    }

    #[test]
    fn trace_is_the_unpolarised_me2_and_imaginary_part_vanishes() {
        for kind in [MediatorKind::Vector, MediatorKind::Axial] {
            for (ms, pt) in points(200, false, 31) {
                let kin = Kinematics::<f64>::from_point(&ms, &pt).expect("point");
                let mom = cartesian(&kin).map(|v| to_other_frame(&v));
                let rho = spin_density(kind, &ms, &mom).expect("rho");
                let me2 = reduced_me2(kind, &kin);
                assert!(
                    (rho.trace() / me2 - 1.0).abs() < 1e-8,
                    "{kind:?}: Tr rho {} vs {me2}",
                    rho.trace()
                );
                for i in 0..3 {
                    for j in 0..3 {
                        assert!(
                            rho.im[i][j].abs() < 1e-9 * me2,
                            "{kind:?} Im rho {:?}",
                            rho.im
                        );
                        assert!((rho.re[i][j] - rho.re[j][i]).abs() < 1e-9 * me2);
                    }
                }
                // the basis: orthonormal, orthogonal to k
                let k = mom[4];
                for (a, ea) in rho.basis.iter().enumerate() {
                    assert!(minkowski(ea, &k).abs() < 1e-9 * k[0], "e{a}.k");
                    for (b, eb) in rho.basis.iter().enumerate() {
                        let want = if a == b { -1.0 } else { 0.0 };
                        assert!((minkowski(ea, eb) - want).abs() < 1e-9 * k[0] / ms.x);
                    }
                }
            }
        }
    }

    #[test]
    fn decay_distribution_is_the_narrow_width_two_to_four_me2() {
        // (kind, channel, coupling of the trace, its rest-frame normalisation W -> |M|^2)
        let cases = [
            (MediatorKind::Vector, Channel::MuMu, DecayCoupling::Vector),
            (MediatorKind::Vector, Channel::TauTau, DecayCoupling::Vector),
            (
                MediatorKind::Vector,
                Channel::NuMuNuMu,
                DecayCoupling::LeftHanded,
            ),
            (MediatorKind::Axial, Channel::MuMu, DecayCoupling::Axial),
        ];
        let dirs = [
            [0.0, 0.0, 1.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.6, 0.0, 0.8],
            [0.48, 0.6, 0.64],
            [-0.36, 0.8, -0.48],
        ];
        let mut anisotropy = 0.0_f64;
        for (kind, channel, coupling) in cases {
            let mut tested = 0;
            // tau pairs need m_X > 3.55 GeV: the wide ranges (m_X up to 10 GeV)
            let tau = channel == Channel::TauTau;
            let pts = if tau {
                points(3000, true, 78)
            } else {
                points(600, false, 77)
            };
            for (ms, pt) in pts {
                // the daughters are built in f64 and p1 + p2 = k holds to ~1e-16, which the
                // k k / m_X^2 of the polarisation sum and the gauge cancellations of the trace
                // amplify by up to (E_k/m_X)^2: the reference is exact to 1e-9 for gamma < 30
                if pt.x_energy > 30.0 * ms.x {
                    continue;
                }
                let mf = channel.product_mass();
                if ms.x <= 2.0 * mf * 1.01 {
                    continue;
                }
                if channel == Channel::TauTau {
                    assert!((mf - M_TAU).abs() < 1e-12);
                }
                let kin = Kinematics::<f64>::from_point(&ms, &pt).expect("point");
                let mom = cartesian(&kin).map(|v| to_other_frame(&v));
                let rho = spin_density(kind, &ms, &mom).expect("rho");
                let kap = kappa(kind, channel, ms.x);
                // the reference in double-double in the nucleus rest frame (the trace with
                // J = P + P' cancels to ~1e-6 in f64 at these points)
                let kd = Kinematics::<Dd>::from_point(&ms, &pt).expect("point");
                let md = cartesian(&kd);
                let j: [Dd; 4] = std::array::from_fn(|i| md[1][i] + md[3][i]);
                let h = dirac::production_tensor(
                    kind == MediatorKind::Axial,
                    Dd::from_f64(ms.muon),
                    &md[0],
                    &md[2],
                    &md[4],
                    &j,
                );
                let pstar2 = 0.25 * ms.x * ms.x - mf * mf;
                let norm = match coupling {
                    DecayCoupling::Vector => 2.0 * ms.x * ms.x,
                    DecayCoupling::Axial => 8.0 * pstar2,
                    DecayCoupling::LeftHanded => ms.x * ms.x,
                };
                let mut lo = f64::INFINITY;
                let mut hi = 0.0_f64;
                for c in dirs {
                    let (p1, p2) = daughters(&rho.basis, &mom[4], ms.x, mf, c);
                    let to_dd = |v: [f64; 4]| from_other_frame(&v).map(Dd::from_f64);
                    let l = dirac::decay_tensor(coupling, Dd::from_f64(mf), &to_dd(p1), &to_dd(p2));
                    let full = dirac::correlated_me2(&h, &l, &md[4], Dd::from_f64(ms.x)).to_f64();
                    let w = norm * spin_one_weight(&rho.re, c, kap);
                    assert!(
                        (full / w - 1.0).abs() < 1e-9,
                        "{kind:?} {channel:?} n = {c:?}: traces {full:e}, rho {w:e}"
                    );
                    lo = lo.min(w);
                    hi = hi.max(w);
                }
                anisotropy = anisotropy.max(hi / lo);
                tested += 1;
            }
            assert!(tested > 20, "{kind:?} {channel:?}: {tested} points");
        }
        // the test can fail: the distribution is far from isotropic at some points
        assert!(anisotropy > 1.5, "max/min over directions {anisotropy}");
    }
}
