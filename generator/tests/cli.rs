//! The `mfcgen` binary: main jobs on tiny settings and clear errors on bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
use support::mfcgen;

fn tiny_card(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let p = dir.join("card.toml");
    std::fs::write(
        &p,
        format!(
            "[integration]\ncalls = 20000\nadapt_iterations = 3\nmax_iterations = 3\nprecision = 0.01\n{extra}"
        ),
    )
    .unwrap();
    p
}

#[test]
fn card_command_prints_a_parsable_default() {
    let (ok, out, _) = mfcgen(&["card"]);
    assert!(ok);
    let card = mfcgen::card::RunCard::from_toml_str(&out, "stdout").unwrap();
    assert_eq!(card, mfcgen::card::RunCard::default());
}

#[test]
fn integrate_json_and_generate_file() {
    let dir = tempfile::tempdir().unwrap();
    let card = tiny_card(dir.path(), "");
    let c = card.to_str().unwrap();
    let (ok, out, err) = mfcgen(&[
        "integrate",
        "--card",
        c,
        "--mediator",
        "scalar",
        "--mass",
        "0.126",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = v["sigma_pb"].as_f64().unwrap();
    let e = v["error_pb"].as_f64().unwrap();
    // scalar 126 MeV, 50 GeV mu- on Cu, g = 1: about 2.1e8 pb (phase-space WW gives 2.13e8)
    assert!(s > 1.9e8 && s < 2.3e8, "{s}");
    assert!(e > 0.0 && e / s < 0.02);
    let out_path = dir.path().join("ev.lhe.gz");
    let (ok, _, err) = mfcgen(&[
        "generate",
        "--card",
        c,
        "--events",
        "500",
        "--output",
        out_path.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let rep = mfcgen::io::lhe::validate_file(&out_path).unwrap();
    assert_eq!(rep.events, 500);
}

#[test]
fn bad_input_is_refused_before_work_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.lhe");
    let o = out.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--mass", "60"], "mediator.mass"),
        (&["--mass", "-1"], "mediator.mass"),
        (&["--beam-energy", "0"], "beam.energy"),
        (&["--coupling", "-0.1"], "mediator.coupling"),
        (&["--target", "Unobtainium"], "Unobtainium"),
    ];
    for (flags, needle) in cases {
        let mut args = vec!["generate", "--events", "10", "--output", o];
        args.extend_from_slice(flags);
        let (ok, _, err) = mfcgen(&args);
        assert!(!ok, "{flags:?} accepted");
        assert!(err.contains(needle), "{flags:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.exists());
    }
    // unknown card field
    let card = tiny_card(dir.path(), "[mediator]\nmas = 0.1\n");
    let (ok, _, err) = mfcgen(&["integrate", "--card", card.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("mas"), "{err}");
    // unwritable output path
    let (ok, _, err) = mfcgen(&[
        "generate",
        "--events",
        "10",
        "--output",
        "/nonexistent-dir/x.lhe",
    ]);
    assert!(!ok);
    assert!(err.contains("/nonexistent-dir"), "{err}");
    // malformed momenta file for matrix-element
    let m = dir.path().join("m.txt");
    std::fs::write(&m, "1 2 3\n").unwrap();
    let (ok, _, err) = mfcgen(&[
        "matrix-element",
        "--mediator",
        "vector",
        "--mass",
        "0.016",
        "--momenta",
        m.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("expected four numbers"), "{err}");
}

#[test]
fn matrix_element_command_reads_momenta() {
    use mfc_models::kinematics::{Kinematics, PhaseSpacePoint, t_limits};
    use mfc_models::{FormFactorKind, MatrixElement, Mediator, MediatorKind, Target};
    let med = Mediator::new(MediatorKind::Vector, 0.016, 1.0).unwrap();
    let me = MatrixElement::new(&med, &Target::copper(), FormFactorKind::Elastic);
    let lim = t_limits::<f64>(&me.masses(), 50.0, 30.0, 1e-3).unwrap();
    let pt = PhaseSpacePoint {
        beam_energy: 50.0,
        x_energy: 30.0,
        x_theta: 1e-3,
        t: lim.tmin * 10.0,
        t_minus_tmin: lim.tmin * 9.0,
        phi_q: 0.5,
    };
    let kin = Kinematics::<f64>::from_point(&me.masses(), &pt).unwrap();
    let ps = mfcgen::phase_space::PhaseSpace::new(me.masses(), 50.0, Default::default()).unwrap();
    let p = ps.momenta(&kin, 0.0);
    let text: String = p
        .iter()
        .map(|v| format!("{:.17e} {:.17e} {:.17e} {:.17e}\n", v[0], v[1], v[2], v[3]))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("p.txt");
    std::fs::write(&f, text).unwrap();
    let (ok, out, err) = mfcgen(&[
        "matrix-element",
        "--mediator",
        "vector",
        "--mass",
        "0.016",
        "--coupling",
        "1",
        "--target",
        "Cu",
        "--form-factor",
        "elastic",
        "--momenta",
        f.to_str().unwrap(),
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let me2 = v["me2"].as_f64().unwrap();
    let direct = me.me2_at(&pt).unwrap();
    assert!((me2 / direct - 1.0).abs() < 1e-6, "{me2} {direct}");
}

#[test]
fn beam_spectrum_run_writes_hepmc_in_the_atlas_frame() {
    let dir = tempfile::tempdir().unwrap();
    let card = tiny_card(dir.path(), "");
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../validation/data/wz/z_muon_spectrum_14TeV.csv"
    );
    let out = dir.path().join("z.hepmc");
    let (ok, _, err) = mfcgen(&[
        "generate",
        "--card",
        card.to_str().unwrap(),
        "--beam-spectrum",
        spec,
        "--events",
        "300",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("E ")).count(), 300);
    // every vertex lies in the calorimeter shell: radial distance 228..481 cm, |eta| in the barrel
    for l in text.lines().filter(|l| l.starts_with("V ")) {
        let v: Vec<f64> = l
            .split_whitespace()
            .skip(5)
            .map(|x| x.parse().unwrap())
            .collect();
        let r = v[0].hypot(v[1]);
        assert!((2280.0..=4810.0).contains(&r), "{r}");
        let eta = (v[2] / r).asinh();
        assert!((0.1..1.05).contains(&eta.abs()), "{eta}");
    }
    // integrating alone does not care about the output format
    let (ok, out, err) = mfcgen(&[
        "integrate",
        "--card",
        card.to_str().unwrap(),
        "--beam-spectrum",
        spec,
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["sigma_pb"].as_f64().unwrap() > 0.0);
    // LHE cannot hold ATLAS-frame events with a varying beam: refused, naming the field
    let lhe = dir.path().join("z.lhe");
    let (ok, _, err) = mfcgen(&[
        "generate",
        "--beam-spectrum",
        spec,
        "--events",
        "10",
        "--output",
        lhe.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        err.contains("generation.output") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(!lhe.exists());
}
