//! Phase-space volume, independent parametrisations, thread independence, unweighting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::kinematics::Masses;
use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};
use mfcgen::card::RunCard;
use mfcgen::phase_space::{DIM, Mapping, PhaseSpace};
use mfcgen::process::Process;
use mfcgen::unweight::{self, EventIds, UnweightSettings};
use mfcgen::vegas::Integrand;
use mfcgen::vegas::{Vegas, VegasSettings};
use std::f64::consts::PI;

/// |M|^2 replaced by a constant: integrates the phase-space volume.
#[derive(Debug, Clone, Copy)]
struct PhaseSpaceVolume(PhaseSpace);

impl Integrand for PhaseSpaceVolume {
    fn dim(&self) -> usize {
        DIM
    }

    fn evaluate(&self, u: &[f64]) -> f64 {
        self.0.map(u).map_or(0.0, |p| p.jacobian)
    }
}

fn lambda(a: f64, b: f64, c: f64) -> f64 {
    a * a + b * b + c * c - 2.0 * (a * b + a * c + b * c)
}

/// Two-body phase-space volume lambda^(1/2)/(8 pi s).
fn phi2(s: f64, m1: f64, m2: f64) -> f64 {
    lambda(s, m1 * m1, m2 * m2).max(0.0).sqrt() / (8.0 * PI * s)
}

/// Three-body volume by the recursion dPhi_3 = dPhi_2(s; m1, m23) dm23^2/(2 pi) dPhi_2(m23^2; m2, m3),
/// integrated with Gauss-Legendre in a variable that removes the square-root endpoints.
fn phi3(s: f64, m1: f64, m2: f64, m3: f64) -> f64 {
    let a = (m2 + m3).powi(2);
    let b = (s.sqrt() - m1).powi(2);
    // s23 = a + (b - a) (1 - cos phi)/2, phi in [0, pi]; midpoint rule is spectrally accurate
    // for this periodic-like integrand
    let n = 20_000;
    let mut sum = 0.0;
    for i in 0..n {
        let phi = PI * (f64::from(i) + 0.5) / f64::from(n);
        let s23 = a + (b - a) * (1.0 - phi.cos()) / 2.0;
        let ds = (b - a) * phi.sin() / 2.0 * PI / f64::from(n);
        sum += phi2(s, m1, s23.sqrt()) * phi2(s23, m2, m3) * ds / (2.0 * PI);
    }
    sum
}

fn masses(mx: f64) -> Masses {
    Masses {
        muon: mfc_models::constants::M_MU,
        x: mx,
        nucleus: Target::copper().nucleus_mass(),
    }
}

#[test]
fn phase_space_volume_matches_two_body_recursion() {
    // |M|^2 = 1: our fixed-target map against the Lorentz-invariant recursion in the CM frame.
    for &(e, mx) in &[(20.0, 0.5), (50.0, 0.126)] {
        let ms = masses(mx);
        let ps = PhaseSpace::new(ms, e, Mapping::Standard).unwrap();
        let s = ms.muon.powi(2) + ms.nucleus.powi(2) + 2.0 * e * ms.nucleus;
        let exact = phi3(s, ms.muon, ms.nucleus, mx);
        let mut v = Vegas::new(
            DIM,
            VegasSettings {
                n_eval: 200_000,
                rel_precision: 3e-4,
                max_iter: 30,
                seed: 5,
                ..VegasSettings::default()
            },
        );
        let est = v.integrate(&PhaseSpaceVolume(ps), &mut |_| {}).unwrap();
        let rel = est.mean / exact - 1.0;
        println!(
            "E={e} mX={mx}: VEGAS {:.6e} +- {:.1e}, recursion {exact:.6e}, rel {rel:.2e}",
            est.mean, est.sdev
        );
        assert!(rel.abs() < 1e-3, "{rel}");
        assert!(rel.abs() < 4.0 * est.sdev / est.mean + 1e-5);
    }
}

fn sigma(mapping: Mapping, kind: MediatorKind, mx: f64, seed: u64) -> (f64, f64) {
    let med = Mediator::new(kind, mx, 1.0).unwrap();
    let p = Process::new(
        &med,
        &Target::copper(),
        FormFactorKind::Elastic,
        50.0,
        mapping,
    )
    .unwrap();
    let mut v = Vegas::new(
        DIM,
        VegasSettings {
            n_eval: 200_000,
            rel_precision: 5e-4,
            max_iter: 40,
            seed,
            ..VegasSettings::default()
        },
    );
    let e = v.integrate(&p, &mut |_| {}).unwrap();
    (e.mean, e.sdev)
}

#[test]
fn two_parametrisations_give_the_same_cross_section() {
    for &(kind, mx) in &[(MediatorKind::Vector, 0.016), (MediatorKind::Scalar, 1.0)] {
        let (a, da) = sigma(Mapping::Standard, kind, mx, 7);
        let (b, db) = sigma(Mapping::Alternative, kind, mx, 8);
        let pull = (a - b) / (da * da + db * db).sqrt();
        println!("{kind:?} {mx}: {a:.6e}+-{da:.1e} vs {b:.6e}+-{db:.1e}: pull {pull:.2}");
        assert!(da / a < 1e-3 && db / b < 1e-3);
        assert!(pull.abs() < 3.0, "{pull}");
    }
}

fn small_card() -> mfcgen::card::ValidatedCard {
    let mut c = RunCard::default();
    c.integration.calls = 20_000;
    c.integration.adapt_iterations = 4;
    c.integration.max_iterations = 4;
    c.integration.precision = 1e-2;
    c.generation.events = 3000;
    c.generation.seed = 42;
    c.validate().unwrap()
}

fn generate_bytes(threads: usize, dir: &std::path::Path) -> Vec<u8> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let path = dir.join(format!("t{threads}.lhe"));
    pool.install(|| {
        let card = small_card();
        let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
        mfcgen::run::generate(&card, &integ, &path, &mut |_| {}).unwrap();
    });
    std::fs::read(&path).unwrap()
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let a = generate_bytes(1, dir.path());
    let b = generate_bytes(2, dir.path());
    assert!(a.len() > 100_000);
    assert!(a == b, "outputs differ between 1 and 2 threads");
    let rep = mfcgen::io::lhe::validate_file(&dir.path().join("t1.lhe")).unwrap();
    println!("{rep:?}");
}

#[test]
fn unweighted_events_reproduce_weighted_distributions() {
    // Histograms of x = E_X/E, log10 theta_X and log10 t from weighted points (frozen map)
    // and from unweighted events agree (chi2/ndf test).
    let card = small_card();
    let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
    let map = integ.vegas.frozen();
    let settings = UnweightSettings {
        seed: 3,
        ..UnweightSettings::default()
    };
    let process = integ.source.fixed().expect("a fixed-beam card");
    let wm = unweight::find_max_weight(process, &map, &settings);
    let nb = 20;
    let bin = |v: f64, lo: f64, hi: f64| -> Option<usize> {
        let f = (v - lo) / (hi - lo);
        (0.0..1.0).contains(&f).then_some((f * nb as f64) as usize)
    };
    let obs = |x: f64, th: f64, t: f64| {
        [
            bin(x, 0.0, 1.0),
            bin(th.log10(), -6.0, 0.0),
            bin(t.log10(), -10.0, 0.0),
        ]
    };
    // weighted
    let mut hw = vec![[0.0; 20]; 3];
    let mut rng = mfcgen::rng::stream(9, mfcgen::rng::Phase::Test, 0, 0);
    let mut u = [0.0; DIM];
    let n_w = 400_000;
    let mut sw = 0.0;
    for _ in 0..n_w {
        let jac = map.sample(&mut rng, &mut u);
        if let Some(p) = process.point(&u) {
            let w = p.weight * jac;
            sw += w;
            let o = obs(p.point.x_energy / 50.0, p.point.x_theta, p.point.t);
            for (h, b) in hw.iter_mut().zip(o) {
                if let Some(b) = b {
                    h[b] += w;
                }
            }
        }
    }
    // unweighted
    let n_ev = 40_000u64;
    let mut hu = vec![[0.0; 20]; 3];
    let ids = EventIds {
        muon: 13,
        nucleus: 1_000_290_630,
        x: 32,
    };
    let stats = unweight::generate::<(), _>(
        process,
        &map,
        wm.w_max,
        ids,
        1.0,
        n_ev,
        &settings,
        &mut |placed| {
            let e = &placed.event;
            let k = e.particles[4].momentum;
            let q = [
                e.particles[3].momentum[0] - e.particles[1].momentum[0],
                e.particles[3].momentum[1],
                e.particles[3].momentum[2],
                e.particles[3].momentum[3],
            ];
            let kabs = (k[1] * k[1] + k[2] * k[2] + k[3] * k[3]).sqrt();
            let th = ((k[1] * k[1] + k[2] * k[2]).sqrt()).atan2(k[3]);
            let t = q[1] * q[1] + q[2] * q[2] + q[3] * q[3] - q[0] * q[0];
            let _ = kabs;
            let o = obs(k[0] / 50.0, th, t);
            for (h, b) in hu.iter_mut().zip(o) {
                if let Some(b) = b {
                    h[b] += 1.0;
                }
            }
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    // the bound: at most 0.1 % of sigma is truncated by w_max
    println!(
        "efficiency {:.3}, overweight {:.2e}, truncated {:.2e}",
        stats.efficiency(),
        stats.overweight_fraction(),
        stats.truncated_fraction()
    );
    assert!(stats.truncated_fraction() <= 1e-3);
    assert!(stats.efficiency() > 0.2);
    for (name, (w, uw)) in ["x", "log10 theta", "log10 t"]
        .iter()
        .zip(hw.iter().zip(&hu))
    {
        let mut chi2 = 0.0;
        let mut ndf = 0;
        for b in 0..nb {
            let expect = w[b] / sw * n_ev as f64;
            if expect > 20.0 {
                // weighted sample has its own (smaller) fluctuation; ignore it
                chi2 += (uw[b] - expect).powi(2) / expect;
                ndf += 1;
            }
        }
        let r = chi2 / f64::from(ndf);
        println!("{name}: chi2/ndf = {r:.2} ({ndf} bins)");
        assert!(ndf >= 5, "{name}");
        assert!(r < 2.0, "{name}: chi2/ndf = {r}");
    }
}
