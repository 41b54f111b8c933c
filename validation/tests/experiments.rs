//! Experiment cards end to end: the zero-background limit is the Poisson limit divided by the
//! yield per g^2, limits scale as 1/sqrt(muons on target), the thin-target luminosity and the
//! fixed-beam cross section agree with independent numbers, and bad cards are refused with
//! the file and field named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::MediatorKind;
use mfc_validation::analysis::experiment;
use mfc_validation::analysis::reach::{ReachConfig, ReachResult, scan};
use std::path::{Path, PathBuf};
use std::process::Command;

fn card(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cards/experiments")
        .join(name)
}

/// A fast version of a committed card: two vector masses, fewer points, 5 % precision.
fn quick(name: &str) -> (ReachConfig, ReachResult) {
    let mut c = experiment::load(&card(name)).unwrap();
    c.masses = vec![0.01, 0.3];
    c.kinds = vec![MediatorKind::Vector];
    c.yields.precision = 5e-2;
    c.yields.n_eval = 10_000;
    c.signal.n_points = 20_000;
    let r = scan(&c).unwrap();
    (c, r)
}

#[test]
fn zero_background_limits_are_the_poisson_limits() {
    // 0 events expected, 0 observed: s_up = -ln(1 - CL) = ln 10 = 2.303 (90 %), ln 20 = 2.996
    // (95 %), the Poisson upper limits for zero observed events
    let t0 = std::time::Instant::now();
    for (name, cl, events) in [
        ("na64mu.toml", 0.90, std::f64::consts::LN_10),
        ("m3.toml", 0.95, 2.995_732_274),
    ] {
        let (c, r) = quick(name);
        assert!((c.limit.confidence_level - cl).abs() < 1e-12);
        for p in &r.points {
            for (k, g) in p.g_up.iter().enumerate() {
                // the yield in the counting bin (the sampled signal the limit sees)
                let n: f64 = p.rho_signal[c.combinations[k].samples[0]].iter().sum();
                // within the MC error of the integrated, selected yield
                let n_int = p.n_accepted[c.combinations[k].samples[0]];
                assert!((n / n_int - 1.0).abs() < 0.05, "{n} vs {n_int}");
                assert!(n > 0.0, "{name} m {}: no signal", p.m_x);
                let s_up = g * g * n;
                assert!(
                    (s_up / events - 1.0).abs() < 1e-6,
                    "{name} m {} {}: {s_up} events, expected {events}",
                    p.m_x,
                    c.combinations[k].name
                );
            }
        }
        println!("{name}: g_up^2 N_X/g^2 = {events} at {cl} CL");
    }
    assert!(t0.elapsed().as_secs_f64() < 60.0, "{:?}", t0.elapsed());
}

#[test]
fn limits_scale_as_inverse_sqrt_muons_on_target() {
    // M3 phases 1 and 2: the same beam with 1e10 and 1e13 muons on target
    let (c, r) = quick("m3.toml");
    assert_eq!(
        c.samples[1].muons_on_target / c.samples[0].muons_on_target,
        1e3
    );
    for p in &r.points {
        let ratio = p.g_up[0] / p.g_up[1];
        assert!(
            (ratio / 1e3f64.sqrt() - 1.0).abs() < 1e-6,
            "m {}: {ratio}",
            p.m_x
        );
        // the yields themselves scale linearly
        assert!((p.n_accepted[1] / p.n_accepted[0] / 1e3 - 1.0).abs() < 1e-12);
    }
}

#[test]
fn thin_target_luminosity_by_hand() {
    // n_T L = rho/(A m0) x thickness, by hand: Pb 11.35/(208 x 1.661e-24) x 40 x 0.5612 cm
    // = 7.3746e23 cm^-2; W 19.3/(184 x 1.661e-24) x 50 x 0.3504 cm = 1.1064e24 cm^-2
    for (name, n_mu, areal) in [
        ("na64mu.toml", 1.98e10, 7.3746e23),
        ("m3.toml", 1e10, 1.1064e24),
    ] {
        let c = experiment::load(&card(name)).unwrap();
        let l = c.luminosities_inv_nb().unwrap()[0];
        let expect = n_mu * areal / 1e33;
        assert!((l / expect - 1.0).abs() < 1e-4, "{name}: {l} vs {expect}");
    }
}

#[test]
fn fixed_beam_cross_section_matches_the_generator() {
    // the 5-dimensional folded integral with a delta-function beam against mfcgen's own
    // 4-dimensional fixed-energy integration of the run card cards/na64mu_vector_160GeV.toml
    // (vector, 10 MeV, Pb, 160 GeV); the energy 160 GeV vs momentum 160 GeV differs by 4e-5 GeV
    let (c, r) = quick("na64mu.toml");
    let p = &r.points[0];
    assert!((p.m_x - 0.01).abs() < 1e-15);
    let run_card = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cards/na64mu_vector_160GeV.toml");
    let mut rc = mfcgen::card::RunCard::from_file(&run_card).unwrap();
    rc.integration.precision = 5e-3;
    rc.integration.calls = 50_000;
    let v = rc.validate().unwrap();
    let fixed = mfcgen::run::integrate(&v, &mut |_| {}).unwrap().estimate;
    // our error: the requested 5 % is an upper bound; take it as 1 sigma
    let err = (c.yields.precision * p.sigma_pb[0]).hypot(fixed.sdev);
    assert!(
        (p.sigma_pb[0] - fixed.mean).abs() < 3.0 * err,
        "folded {} vs fixed {} +- {}",
        p.sigma_pb[0],
        fixed.mean,
        fixed.sdev
    );
    println!(
        "NA64mu vector 10 MeV: folded delta beam {:.4e} pb, mfcgen fixed {:.4e} +- {:.1e} pb",
        p.sigma_pb[0], fixed.mean, fixed.sdev
    );
}

#[test]
fn reach_refuses_bad_experiment_cards_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(card("na64mu.toml"))
        .unwrap()
        .replace("muons_on_target = 1.98e10", "muons_on_target = -1.0");
    std::fs::write(&bad, text).unwrap();
    let missing = dir.path().join("missing.toml");
    let out = dir.path().join("out");
    for (path, needle) in [(&bad, "sample.muons_on_target"), (&missing, "missing.toml")] {
        let o = Command::new(env!("CARGO_BIN_EXE_mfc-validate"))
            .args(["reach", "--no-figures", "--experiment"])
            .arg(path)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{err}");
        assert!(err.contains(needle) && err.contains(".toml"), "{err}");
        assert!(!err.contains("panicked") && !err.contains("Some("), "{err}");
        assert!(o.stdout.is_empty(), "ran before refusing: {err}");
    }
}

#[test]
fn reach_model_flag_scans_what_the_model_describes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_mfc-validate"))
        .args([
            "reach",
            "--no-figures",
            "--model",
            "lmu-ltau",
            "--masses",
            "2",
            "--precision",
            "5e-2",
            "--points",
            "20000",
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("describes vector only"), "{err}");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("model: lmu-ltau"), "{text}");
    assert!(out.join("reach_atlas_V.csv").exists());
    assert!(
        !out.join("reach_atlas_S.csv").exists(),
        "lmu-ltau has no scalar"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("experiment_atlas.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["model"], "lmu-ltau");
    // at 1 MeV the L_mu - L_tau boson decays to neutrinos only (below 2 m_mu): it escapes,
    // BR_inv = 1, so the limit is the invisible one within the VEGAS precision of the scan
    let table = std::fs::read_to_string(out.join("reach_atlas_V.csv")).unwrap();
    let first: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
    let g: f64 = first[5].parse().unwrap();
    assert!(
        (g / 6.096e-4 - 1.0).abs() < 0.1,
        "g_up(Z, case A) at 1 MeV = {g}"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_mfc-validate"))
        .args(["reach", "--model", "nope", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        !bad.status.success() && err.contains("nope") && !err.contains("panicked"),
        "{err}"
    );
}
