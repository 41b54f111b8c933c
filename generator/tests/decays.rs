//! X decays in the events (generator/src/decay.rs; docs/physics.md Sec. 8.6-8.7): the angular
//! distribution (isotropic for spin 0; for V and A the narrow-width 2 -> 4 |M|^2 of the Dirac
//! traces, an evaluation independent of the sampler), the proper and lab decay lengths, masses
//! and momentum conservation, and reproducibility.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::decay::{Channel, CouplingModel, DarkSector, DecaySettings, DecayTable};
use mfc_models::kinematics::Masses;
use mfc_models::matrix_element::dirac::{self, DecayCoupling};
use mfc_models::real::{DoubleDouble as Dd, Real};
use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};
use mfcgen::decay::EventDecayer;
use mfcgen::phase_space::Mapping;
use mfcgen::process::Process;
use mfcgen::rng::{Phase, stream};
use mfcgen::unweight::{EventIds, PlacedEvent, event_of};

const BEAM: f64 = 50.0;

fn process(kind: MediatorKind, mx: f64) -> Process {
    let m = Mediator::new(kind, mx, 1e-3).unwrap();
    Process::new(
        &m,
        &Target::copper(),
        FormFactorKind::Elastic,
        BEAM,
        Mapping::Standard,
    )
    .unwrap()
}

fn decayer(kind: MediatorKind, mx: f64, model: CouplingModel, seed: u64) -> EventDecayer {
    let m = Mediator::new(kind, mx, 1e-3).unwrap();
    let settings = DecaySettings::new(model, DarkSector::None).unwrap();
    let table = DecayTable::new(&m, &settings).unwrap();
    EventDecayer::new(table, process(kind, mx).masses(), seed)
}

/// The production event at the unit-cube point `u` (lab frame, azimuth `phi`).
fn event_at(p: &Process, u: [f64; 4], phi: f64) -> PlacedEvent {
    let w = p.point(&u).expect("an open point");
    let ids = EventIds {
        muon: 13,
        nucleus: Target::copper().pdg_id().code(),
        x: 32,
    };
    PlacedEvent {
        event: event_of(p, &w, phi, ids, 1.0),
        vertex: [1.0, -2.0, 3.0, 4.0],
    }
}

fn boost(v: &[f64; 4], b: [f64; 3]) -> [f64; 4] {
    // the test's own boost (a particle at rest gets velocity b)
    let b2: f64 = b.iter().map(|x| x * x).sum();
    let g = 1.0 / (1.0 - b2).sqrt();
    let bp = b[0] * v[1] + b[1] * v[2] + b[2] * v[3];
    let f = (g - 1.0) * bp / b2 + g * v[0];
    [
        g * (v[0] + bp),
        v[1] + f * b[0],
        v[2] + f * b[1],
        v[3] + f * b[2],
    ]
}

/// Direction of the first product in the X rest frame (lab axes, pure boost).
fn rest_direction(k: &[f64; 4], p1: &[f64; 4]) -> [f64; 3] {
    let r = boost(p1, [-k[1] / k[0], -k[2] / k[0], -k[3] / k[0]]);
    let n = (r[1] * r[1] + r[2] * r[2] + r[3] * r[3]).sqrt();
    [r[1] / n, r[2] / n, r[3] / n]
}

/// Gauss-Legendre nodes and weights on [-1, 1], 8 points (exact to degree 15).
fn gauss_legendre() -> Vec<(f64, f64)> {
    let x = [
        0.183_434_642_495_649_8,
        0.525_532_409_916_329,
        0.796_666_477_413_626_7,
        0.960_289_856_497_536_3,
    ];
    let w = [
        0.362_683_783_378_362,
        0.313_706_645_877_887_3,
        0.222_381_034_453_374_5,
        0.101_228_536_290_376_3,
    ];
    let mut out = Vec::new();
    for i in 0..4 {
        out.push((x[i], w[i]));
        out.push((-x[i], w[i]));
    }
    out
}

/// <n_i n_j> over the rest-frame directions weighted by the narrow-width 2 -> 4 |M|^2 of the
/// Dirac traces (double-double) for the production event `e` and a decay into fermions of
/// mass `mf` with the given coupling (quadrature exact: |M|^2 is quadratic in n).
fn predicted_second_moments(e: &PlacedEvent, coupling: DecayCoupling, mf: f64) -> [[f64; 3]; 3] {
    let ps = &e.event.particles;
    let d = |i: usize| ps[i].momentum.map(Dd::from_f64);
    let (p, pn, pp, pnp, k) = (d(0), d(1), d(2), d(3), d(4));
    let j: [Dd; 4] = std::array::from_fn(|i| pn[i] + pnp[i]);
    let kind_axial = coupling == DecayCoupling::Axial;
    let h = dirac::production_tensor(kind_axial, Dd::from_f64(ps[2].mass), &p, &pp, &k, &j);
    let kf = ps[4].momentum;
    let mx = ps[4].mass;
    let pstar = (0.25 * mx * mx - mf * mf).sqrt();
    let beta = [kf[1] / kf[0], kf[2] / kf[0], kf[3] / kf[0]];
    let mut m = [[0.0; 3]; 3];
    let mut norm = 0.0;
    for (c, wc) in gauss_legendre() {
        for l in 0..16 {
            let phi = std::f64::consts::TAU * (l as f64 + 0.5) / 16.0;
            let s = (1.0 - c * c).sqrt();
            let n = [s * phi.cos(), s * phi.sin(), c];
            let p1 = boost(&[0.5 * mx, pstar * n[0], pstar * n[1], pstar * n[2]], beta);
            let p2 = boost(
                &[0.5 * mx, -pstar * n[0], -pstar * n[1], -pstar * n[2]],
                beta,
            );
            let lt = dirac::decay_tensor(
                coupling,
                Dd::from_f64(mf),
                &p1.map(Dd::from_f64),
                &p2.map(Dd::from_f64),
            );
            let w = wc * dirac::correlated_me2(&h, &lt, &k, Dd::from_f64(mx)).to_f64();
            norm += w;
            for a in 0..3 {
                for b in 0..3 {
                    m[a][b] += w * n[a] * n[b];
                }
            }
        }
    }
    m.map(|r| r.map(|x| x / norm))
}

/// Sample <n_i n_j> and their standard errors from `n` decays of `e` into `channel`.
fn sampled_second_moments(
    dec: &EventDecayer,
    e: &PlacedEvent,
    channel: Channel,
    n: u64,
) -> ([[f64; 3]; 3], [[f64; 3]; 3], u64) {
    let k = e.event.particles[4].momentum;
    let want = channel.products()[0].code();
    let (mut s, mut s2, mut count) = ([[0.0; 3]; 3], [[0.0; 3]; 3], 0u64);
    for i in 0..n {
        let (ev, _) = dec.decay(e, i).unwrap();
        if ev.particles[5].pdg_id != want {
            continue;
        }
        count += 1;
        let d = rest_direction(&k, &ev.particles[5].momentum);
        for a in 0..3 {
            for b in 0..3 {
                let x = d[a] * d[b];
                s[a][b] += x;
                s2[a][b] += x * x;
            }
        }
    }
    let c = count as f64;
    let mean = s.map(|r| r.map(|x| x / c));
    let mut err = [[0.0; 3]; 3];
    for a in 0..3 {
        for b in 0..3 {
            err[a][b] = ((s2[a][b] / c - mean[a][b] * mean[a][b]) / c).sqrt();
        }
    }
    (mean, err, count)
}

/// The sampled moments agree with the prediction within 4 sigma, and an isotropic decay
/// (<n_i n_j> = delta_ij / 3) is excluded by more than 10 sigma (the test can fail).
fn check_moments(
    what: &str,
    predicted: &[[f64; 3]; 3],
    sampled: &[[f64; 3]; 3],
    err: &[[f64; 3]; 3],
) {
    let mut worst_iso: f64 = 0.0;
    for a in 0..3 {
        for b in a..3 {
            let pull = (sampled[a][b] - predicted[a][b]) / err[a][b];
            println!(
                "{what} <n{a} n{b}>: sampled {:.5} +- {:.5}, 2->4 |M|^2 {:.5} (pull {pull:.2})",
                sampled[a][b], err[a][b], predicted[a][b]
            );
            assert!(pull.abs() < 4.0, "{what} <n{a} n{b}>: pull {pull}");
            let iso = if a == b { 1.0 / 3.0 } else { 0.0 };
            worst_iso = worst_iso.max(((predicted[a][b] - iso) / err[a][b]).abs());
        }
    }
    assert!(
        worst_iso > 10.0,
        "{what}: too close to isotropic to test ({worst_iso} sigma)"
    );
}

/// Among a few production points, the one whose predicted decay is the least isotropic.
fn polarised_point(p: &Process, coupling: DecayCoupling, mf: f64) -> PlacedEvent {
    let candidates = [
        [0.9, 0.5, 0.5, 0.3],
        [0.5, 0.9, 0.9, 0.1],
        [0.2, 0.7, 0.95, 0.6],
        [0.95, 0.95, 0.2, 0.8],
        [0.7, 0.3, 0.99, 0.4],
    ];
    let aniso = |e: &PlacedEvent| {
        let m = predicted_second_moments(e, coupling, mf);
        (0..3)
            .flat_map(|a| (0..3).map(move |b| (a, b)))
            .map(|(a, b)| (m[a][b] - if a == b { 1.0 / 3.0 } else { 0.0 }).abs())
            .fold(0.0, f64::max)
    };
    candidates
        .into_iter()
        .filter_map(|u| p.point(&u).map(|_| event_at(p, u, 1.3)))
        .max_by(|a, b| aniso(a).total_cmp(&aniso(b)))
        .expect("an open candidate point")
}

#[test]
fn vector_and_axial_decay_angles_follow_the_two_to_four_matrix_element() {
    let n = 60_000;
    for (kind, model, channel, coupling) in [
        (
            MediatorKind::Vector,
            CouplingModel::MuonOnly,
            Channel::MuMu,
            DecayCoupling::Vector,
        ),
        (
            MediatorKind::Axial,
            CouplingModel::MuonOnly,
            Channel::MuMu,
            DecayCoupling::Axial,
        ),
        (
            MediatorKind::Vector,
            CouplingModel::LmuLtau,
            Channel::NuMuNuMu,
            DecayCoupling::LeftHanded,
        ),
    ] {
        let mx = 0.3;
        let p = process(kind, mx);
        let mf = channel.product_mass();
        let e = polarised_point(&p, coupling, mf);
        let dec = decayer(kind, mx, model, 5);
        let predicted = predicted_second_moments(&e, coupling, mf);
        let (sampled, err, count) = sampled_second_moments(&dec, &e, channel, n);
        assert!(count > n / 4, "{count} decays into {channel:?}");
        check_moments(
            &format!("{kind:?} -> {channel:?}"),
            &predicted,
            &sampled,
            &err,
        );
    }
}

#[test]
fn spin_zero_decays_are_isotropic() {
    // <n_i n_j> = delta_ij/3, <n_i> = 0 for S -> mu mu and P -> gamma gamma / mu mu at a
    // production point where a vector would be strongly polarised.
    for kind in [MediatorKind::Scalar, MediatorKind::Pseudoscalar] {
        let mx = 0.3;
        let p = process(kind, mx);
        let e = polarised_point(&p, DecayCoupling::Vector, mfc_models::constants::M_MU);
        let dec = decayer(kind, mx, CouplingModel::MuonOnly, 9);
        let k = e.event.particles[4].momentum;
        let n = 40_000u64;
        let (mut s1, mut s2) = ([0.0; 3], [[0.0; 3]; 3]);
        // histogram of cos(theta*) to the flight direction, 10 bins, chi2
        let mut hist = [0u64; 10];
        let kabs = (k[1] * k[1] + k[2] * k[2] + k[3] * k[3]).sqrt();
        for i in 0..n {
            let (ev, _) = dec.decay(&e, i).unwrap();
            let d = rest_direction(&k, &ev.particles[5].momentum);
            for a in 0..3 {
                s1[a] += d[a];
                for b in 0..3 {
                    s2[a][b] += d[a] * d[b];
                }
            }
            let c = (d[0] * k[1] + d[1] * k[2] + d[2] * k[3]) / kabs;
            hist[(((c + 1.0) * 5.0) as usize).min(9)] += 1;
        }
        let nf = n as f64;
        for a in 0..3 {
            // sdev of <n_a> = sqrt(1/3 / n); of <n_a^2> = sqrt((1/5 - 1/9)/n)
            assert!(
                (s1[a] / nf).abs() < 4.0 * (1.0 / 3.0 / nf).sqrt(),
                "{kind:?} <n{a}>"
            );
            for b in 0..3 {
                let want = if a == b { 1.0 / 3.0 } else { 0.0 };
                let sd = if a == b {
                    ((0.2 - 1.0 / 9.0) / nf).sqrt()
                } else {
                    (1.0 / 15.0 / nf).sqrt()
                };
                let pull = (s2[a][b] / nf - want) / sd;
                assert!(pull.abs() < 4.0, "{kind:?} <n{a} n{b}>: pull {pull}");
            }
        }
        let expect = nf / 10.0;
        let chi2: f64 = hist
            .iter()
            .map(|&h| (h as f64 - expect).powi(2) / expect)
            .sum();
        println!("{kind:?}: cos(theta*) chi2 = {chi2:.1} for 9 dof");
        // P(chi2_9 > 27.9) = 1e-3
        assert!(chi2 < 27.9, "{kind:?}: chi2 {chi2}");
    }
}

#[test]
fn proper_and_lab_decay_lengths_have_the_right_means() {
    // VTIMUP (the proper length) is exponential with mean c tau; the lab flight distance
    // |x_decay - x_production| has mean c tau |k| / m_X for a fixed X momentum; the time
    // coordinate advances by c tau E / m_X. Over 40 000 decays the relative error of a mean
    // of an exponential variable is 1/sqrt(n) = 0.5 %.
    let mx = 0.3;
    let p = process(MediatorKind::Vector, mx);
    let dec = decayer(MediatorKind::Vector, mx, CouplingModel::MuonOnly, 11);
    let ctau = dec.table().ctau_mm();
    let e = event_at(&p, [0.6, 0.4, 0.5, 0.5], 0.3);
    let k = e.event.particles[4].momentum;
    let kabs = (k[1] * k[1] + k[2] * k[2] + k[3] * k[3]).sqrt();
    let n = 40_000u64;
    let (mut proper, mut flight, mut time) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (ev, d) = dec.decay(&e, i).unwrap();
        assert_eq!(d.particle, 4);
        assert_eq!(ev.particles[4].status, 2);
        let dx: Vec<f64> = (0..3).map(|c| d.vertex[c] - e.vertex[c]).collect();
        let l = (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]).sqrt();
        // the displacement is along the X momentum
        let along = (dx[0] * k[1] + dx[1] * k[2] + dx[2] * k[3]) / kabs;
        assert!((along - l).abs() <= 1e-9 * l.max(1e-300), "{along} vs {l}");
        proper += d.proper_length_mm;
        flight += l;
        time += d.vertex[3] - e.vertex[3];
    }
    let nf = n as f64;
    let tol = 4.0 / nf.sqrt();
    let r_proper = proper / nf / ctau;
    let r_flight = flight / nf / (ctau * kabs / mx);
    let r_time = time / nf / (ctau * k[0] / mx);
    println!(
        "c tau = {ctau:e} mm: <VTIMUP>/c tau = {r_proper:.4}, <L>/(c tau |k|/m) = {r_flight:.4}, <ct>/(c tau E/m) = {r_time:.4}"
    );
    for r in [r_proper, r_flight, r_time] {
        assert!((r - 1.0).abs() < tol, "{r}");
    }
}

#[test]
fn every_decay_conserves_momentum_and_puts_products_on_shell() {
    // Random production points, all kinds and models with open channels: the products add up
    // to X, have the channel's masses, and their pair mass is m_X.
    let mut rng = stream(3, Phase::Test, 0, 0);
    for kind in [
        MediatorKind::Scalar,
        MediatorKind::Pseudoscalar,
        MediatorKind::Vector,
        MediatorKind::Axial,
    ] {
        for (mx, model) in [
            (0.05, CouplingModel::MuonOnly),
            (0.3, CouplingModel::MuonOnly),
            (5.0, CouplingModel::MuonOnly),
            (5.0, CouplingModel::LmuLtau),
        ] {
            if model == CouplingModel::LmuLtau && kind != MediatorKind::Vector {
                continue;
            }
            let p = process(kind, mx);
            let dec = decayer(kind, mx, model, 2);
            if dec.table().is_stable() {
                // a muon-only V or A below 2 m_mu has no channel
                assert!(mx < 2.0 * mfc_models::constants::M_MU);
                continue;
            }
            let mut decayed = 0;
            for i in 0..300u64 {
                let u: [f64; 4] = std::array::from_fn(|_| mfcgen::rng::uniform01(&mut rng));
                if p.point(&u).is_none() {
                    continue;
                }
                let e = event_at(&p, u, 2.0);
                let (ev, _) = dec.decay(&e, i).unwrap();
                assert_eq!(ev.particles.len(), 7);
                let k = ev.particles[4].momentum;
                let (a, b) = (ev.particles[5], ev.particles[6]);
                assert_eq!(a.mothers, [5, 5]);
                let want_b = if a.pdg_id == 22 { 22 } else { -a.pdg_id };
                assert_eq!(b.pdg_id, want_b);
                for c in 0..4 {
                    let d = (a.momentum[c] + b.momentum[c] - k[c]).abs();
                    assert!(d <= 1e-12 * k[0], "{kind:?} {mx}: component {c}: {d:e}");
                }
                for q in [a, b] {
                    let m2 =
                        q.momentum[0].powi(2) - q.momentum[1..].iter().map(|x| x * x).sum::<f64>();
                    assert!(
                        // rounding of the boost: relative to X's energy squared
                        (m2 - q.mass * q.mass).abs() <= 1e-13 * k[0] * k[0],
                        "{kind:?} {mx}: product off shell {m2:e} vs {:e}",
                        q.mass * q.mass
                    );
                }
                let s: [f64; 4] = std::array::from_fn(|c| a.momentum[c] + b.momentum[c]);
                let m2 = s[0] * s[0] - s[1] * s[1] - s[2] * s[2] - s[3] * s[3];
                assert!((m2 / (mx * mx) - 1.0).abs() < 1e-6 * (s[0] / mx).powi(2));
                decayed += 1;
            }
            assert!(decayed > 100, "{kind:?} {mx}: {decayed}");
        }
    }
}

#[test]
fn decays_are_keyed_per_event_and_leave_production_unchanged() {
    let mx = 0.3;
    let p = process(MediatorKind::Vector, mx);
    let dec = decayer(MediatorKind::Vector, mx, CouplingModel::MuonOnly, 21);
    let e = event_at(&p, [0.6, 0.4, 0.5, 0.5], 0.3);
    let (a, da) = dec.decay(&e, 17).unwrap();
    let (b, db) = dec.decay(&e, 17).unwrap();
    assert_eq!((a.clone(), da), (b, db));
    let (c, _) = dec.decay(&e, 18).unwrap();
    assert_ne!(a.particles[5], c.particles[5]);
    // the production particles are untouched except for X's status
    for i in 0..5 {
        let mut q = a.particles[i];
        q.status = e.event.particles[i].status;
        assert_eq!(q, e.event.particles[i]);
    }
    // Masses of the decayer are the process's
    let m: Masses = p.masses();
    assert!((m.x - mx).abs() < 1e-15);
}

#[test]
fn same_seed_gives_the_same_decays_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: usize| {
        let out = dir.path().join(format!("t{threads}.lhe"));
        let text = "[mediator]\nkind = \"vector\"\nmass = 0.3\ncoupling = 1e-3\n\
                    model = \"lmu-ltau\"\n[integration]\nprecision = 1e-2\ncalls = 20000\n\
                    adapt_iterations = 3\nmax_iterations = 4\n[generation]\nseed = 8\n\
                    events = 3000\n";
        let card = mfcgen::card::RunCard::from_toml_str(text, "threads card")
            .unwrap()
            .validate()
            .unwrap();
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
                mfcgen::run::generate(&card, &integ, &out, &mut |_| {}).unwrap();
            });
        std::fs::read(&out).unwrap()
    };
    let a = run(1);
    let b = run(2);
    assert!(a == b, "decayed outputs differ between 1 and 2 threads");
    let text = String::from_utf8(a).unwrap();
    assert_eq!(text.matches(" 32 2 1 2 ").count(), 3000, "every X decayed");
}
