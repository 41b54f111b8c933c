//! `mfcgen widths`: partial widths against the closed tree-level formulas (an independent
//! evaluation here), c tau = hbar c / Gamma, the stable case, and a clear error for a bad model.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::f64::consts::PI;
mod support;

fn widths(args: &[&str]) -> (bool, String, String) {
    support::mfcgen(&[&["widths"], args].concat())
}

#[test]
fn vector_in_lmu_ltau_matches_the_closed_formulas() {
    let (ok, out, err) = widths(&[
        "--mediator",
        "vector",
        "--mass",
        "1",
        "--coupling",
        "1e-3",
        "--model",
        "lmu-ltau",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (g, m, mmu) = (1e-3_f64, 1.0_f64, 0.105_658_375_5_f64);
    let r = mmu * mmu / (m * m);
    // V -> mu mu: g^2 m (1 + 2 r) sqrt(1 - 4 r) / (12 pi); V -> nu nubar (left-handed): g^2 m / (24 pi)
    let mumu = g * g * m * (1.0 + 2.0 * r) * (1.0 - 4.0 * r).sqrt() / (12.0 * PI);
    let nunu = g * g * m / (24.0 * PI);
    let ch = &v["channels"];
    let got = |c: &str| ch[c]["width_gev"].as_f64().unwrap();
    assert!((got("mumu") / mumu - 1.0).abs() < 1e-12, "{}", got("mumu"));
    assert!((got("numu-numu") / nunu - 1.0).abs() < 1e-12, "{ch}");
    assert_eq!(got("tautau"), 0.0);
    let total = mumu + 2.0 * nunu;
    let tot = v["total_width_gev"].as_f64().unwrap();
    assert!((tot / total - 1.0).abs() < 1e-12);
    // c tau = hbar c / Gamma, hbar c = 1.973269804e-13 GeV mm (CODATA 2018)
    let ctau = v["ctau_mm"].as_f64().unwrap();
    assert!(
        (ctau * total / 1.973_269_804e-13 - 1.0).abs() < 1e-9,
        "{ctau}"
    );
    let inv = v["invisible_branching_ratio"].as_f64().unwrap();
    assert!((inv - 2.0 * nunu / total).abs() < 1e-12);
}

#[test]
fn below_the_dimuon_threshold_a_muon_only_vector_is_stable() {
    let (ok, out, err) = widths(&["--mediator", "vector", "--mass", "0.126", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stable"], true);
    assert!(v["ctau_mm"].is_null());
    let (ok, out, _) = widths(&["--mediator", "vector", "--mass", "0.126"]);
    assert!(ok && out.contains("infinite"), "{out}");
}

#[test]
fn bad_model_or_mediator_is_refused_with_the_choices() {
    let (ok, _, err) = widths(&["--mediator", "vector", "--mass", "1", "--model", "dark"]);
    assert!(!ok);
    assert!(
        err.contains("muon-only") && err.contains("lmu-ltau"),
        "{err}"
    );
    let (ok, _, err) = widths(&["--mediator", "scalar", "--mass", "1", "--model", "lmu-ltau"]);
    assert!(!ok);
    assert!(err.contains("vector"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn out_of_range_mass_and_coupling_are_refused_with_the_flag_named() {
    for (args, flag) in [
        (vec!["--mass", "-1"], "--mass"),
        (vec!["--mass", "1e300"], "--mass"),
        (vec!["--mass", "1", "--coupling", "1e300"], "--coupling"),
        (vec!["--mass", "1", "--dark-width", "-1"], "dark"),
    ] {
        let mut all = vec!["--mediator", "vector"];
        all.extend(args);
        let (ok, _, err) = widths(&all);
        assert!(!ok, "{all:?} accepted");
        assert!(
            err.contains(flag) && !err.contains("unexpected argument"),
            "{err}"
        );
    }
}
