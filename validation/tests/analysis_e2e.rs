//! End-to-end checks of the GKSST analysis chain (yields, background, limits, g-2, reach,
//! detector-frame HepMC output).

use mfc_models::constants::M_MU;
use mfc_models::{Mediator, MediatorKind, Target};
use mfc_validation::analysis::background::{BackgroundCase, ResolutionFunction};
use mfc_validation::analysis::gm2::coupling_for_delta_a;
use mfc_validation::analysis::limits::{LimitConfig, expected_upper_limit};
use mfc_validation::analysis::reach::{ReachConfig, scan};
use mfc_validation::analysis::tables::write_tables;
use mfc_validation::analysis::yields::{YieldConfig, committed_beam, folded_cross_section};
use mfc_validation::histogram::uniform_edges;
use mfc_validation::spectrum::Boson;
use mfcgen::beam::{DetectorGeometry, FrameChoice, lab_event, to_atlas_frame};
use mfcgen::io::hepmc::HepMcWriter;
use mfcgen::rng::{Phase, stream, uniform01};

#[test]
fn fixed_target_luminosity_65_per_nb() {
    // GKSST Eq. (4): 65 nb^-1 per nb of sigma_fid (3 ab^-1, Cu-63, 8.96 g/cm^3, 253 cm)
    let c = YieldConfig::default();
    let per_nb = c.luminosity_inv_nb(Boson::Z).expect("lumi") / YieldConfig::sigma_fid_nb(Boson::Z);
    assert!((per_nb / 65.0 - 1.0).abs() < 1e-3, "{per_nb}");
    assert!((YieldConfig::sigma_fid_nb(Boson::Z) - 0.39).abs() < 1e-12);
}

#[test]
fn resolution_function_normalisation() {
    // GKSST Eq. (10): sum c_i = 1.005 (A) and 1 (B); integral over a wide range = total
    for (case, tot) in [(BackgroundCase::A, 1.005), (BackgroundCase::B, 1.0)] {
        let r = ResolutionFunction::gksst(case);
        let s: f64 = r.bin_integrals(&uniform_edges(400, -3.0, 3.0)).iter().sum();
        assert!((s - tot).abs() < 1e-9, "{s}");
    }
}

#[test]
fn background_free_limit_is_three_events() {
    let r = expected_upper_limit(&[1.0], &[1e-9], &LimitConfig::default()).expect("limit");
    assert!((r.mu_up - 2.9957).abs() < 5e-3, "{}", r.mu_up);
}

#[test]
fn gm2_coupling_at_10_mev() {
    // physics.md Sec. 7: Delta a = 251e-11 at 10 MeV -> 3.952e-4 (S), 5.032e-4 (V)
    let s = coupling_for_delta_a(MediatorKind::Scalar, 251e-11, 0.010).expect("S");
    let v = coupling_for_delta_a(MediatorKind::Vector, 251e-11, 0.010).expect("V");
    assert!((s / 3.952e-4 - 1.0).abs() < 1e-3, "{s}");
    assert!((v / 5.032e-4 - 1.0).abs() < 1e-3, "{v}");
}

#[test]
fn small_reach_run() {
    let t0 = std::time::Instant::now();
    let mut cfg = ReachConfig {
        masses: vec![0.016, 0.126, 1.0],
        kinds: vec![MediatorKind::Vector],
        ..ReachConfig::default()
    };
    cfg.yields.precision = 5e-2;
    cfg.yields.n_eval = 10_000;
    cfg.signal.n_points = 30_000;
    let res = scan(&cfg).expect("scan");
    let dir = tempfile::tempdir().expect("tmp");
    let files = write_tables(&cfg, &res, dir.path()).expect("write");
    assert!(files.iter().any(|f| f.ends_with("reach_atlas_V.csv")));
    for p in &res.points {
        println!("m {} g_up {:?} sigma {:?}", p.m_x, p.g_up, p.sigma_pb);
        assert!(p.g_up.iter().all(|g| g.is_finite() && *g > 0.0 && *g < 1.0));
        // adding W muons cannot weaken the limit much
        assert!(p.g_up[2] < 1.2 * p.g_up[0]);
    }
    // heavier mediators are harder to reach
    assert!(res.points[2].g_up[0] > res.points[0].g_up[0]);
    assert!(t0.elapsed().as_secs_f64() < 30.0, "{:?}", t0.elapsed());
}

#[test]
#[cfg_attr(
    not(mfc_pyhepmc),
    ignore = "needs pyhepmc: pip install pyhepmc (bash .ci/run does)"
)]
fn hepmc_round_trip_with_pyhepmc() {
    let cfg = YieldConfig {
        precision: 5e-2,
        n_eval: 10_000,
        ..YieldConfig::default()
    };
    let beam = committed_beam(Boson::Z).expect("beam");
    let (sigma, err, f, v) =
        folded_cross_section(MediatorKind::Vector, 0.126, &beam, &cfg).expect("sigma");
    let map = v.frozen();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("events.hepmc");
    let mut w = HepMcWriter::create(&path).expect("create");
    let mut rng = stream(5, Phase::Test, 0, 0);
    let mut x = [0.0; 5];
    let geo = DetectorGeometry::default();
    let mut expect = Vec::new();
    let pdg = [
        13,
        Target::copper().pdg_id().code(),
        Mediator::new(MediatorKind::Vector, 0.126, 1.0)
            .expect("med")
            .kind
            .default_pdg_id()
            .code(),
    ];
    while expect.len() < 20 {
        let jac = map.sample(&mut rng, &mut x);
        let Some(pt) = f.point(&x) else { continue };
        let phi_lab = std::f64::consts::TAU * uniform01(&mut rng);
        let sign = if uniform01(&mut rng) < 0.5 { -1.0 } else { 1.0 };
        let eta = sign * beam.sample_eta(pt.p_bin, uniform01(&mut rng));
        let choice = FrameChoice {
            eta,
            phi: std::f64::consts::TAU * uniform01(&mut rng),
            u_depth: uniform01(&mut rng),
        };
        let ev = lab_event(&pt, phi_lab, pdg, pt.weighted.weight * jac);
        let (atlas, vtx) = to_atlas_frame(&ev, &choice, &geo);
        assert!((atlas.particles[0].momentum[0] - pt.p_in.hypot(M_MU)).abs() < 1e-9);
        w.write_event(&atlas, vtx, Some((sigma, err)))
            .expect("write");
        expect.push((vtx, atlas.particles[2].momentum));
    }
    w.finish().expect("finish");
    let script = r#"
import sys
try:
    import pyhepmc
except ImportError:
    sys.exit(77)
n = 0
with pyhepmc.open(sys.argv[1]) as f:
    for ev in f:
        assert len(ev.particles) == 5 and len(ev.vertices) == 1
        v = ev.vertices[0].position
        p = ev.particles[2].momentum
        print(n, v.x, v.y, v.z, v.t, p.e, p.px, p.py, p.pz, ev.weight())
        n += 1
assert n == 20
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output();
    let ci = std::env::var_os("CI").is_some();
    let out = match out {
        Ok(o) if o.status.code() == Some(77) || !o.status.success() && o.stderr.is_empty() => {
            assert!(!ci, "pyhepmc is required in CI (pip install pyhepmc)");
            eprintln!("NOTICE: pyhepmc not importable, HepMC round trip skipped");
            return;
        }
        Ok(o) => o,
        Err(e) => {
            assert!(!ci, "python3 not runnable in CI: {e}");
            eprintln!("NOTICE: python3 not found, HepMC round trip skipped");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut n = 0;
    assert!(!text.contains("WARNING"), "{text}");
    for (line, (vtx, p)) in text.lines().zip(&expect) {
        let v: Vec<f64> = line
            .split_whitespace()
            .map(|s| s.parse().unwrap_or_else(|_| panic!("bad line {line}")))
            .collect();
        for k in 0..4 {
            assert!((v[1 + k] - vtx[k]).abs() <= 1e-9 * vtx[k].abs().max(1.0));
        }
        assert!((v[5] - p[0]).abs() <= 1e-9 * p[0] && (v[8] - p[3]).abs() <= 1e-9 * p[0].max(1.0));
        n += 1;
    }
    assert_eq!(n, 20);
}
