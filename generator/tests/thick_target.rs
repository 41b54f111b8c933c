//! Thick targets: the compound sum, one-element materials against today's `integrate`, the
//! energy loss in the yield, and `mfcgen yield` (JSON and refusals).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::material::{Material, depth};
use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::thick_target::{ThickTargetSettings, interpolate, sigma_on, thick_target_yield};
use std::process::Command;

/// A small but converged setup: 16 MeV vector, 50 GeV mu-.
fn quick_card() -> ValidatedCard {
    let mut card = RunCard::default();
    card.integration.calls = 20_000;
    card.integration.adapt_iterations = 4;
    card.integration.max_iterations = 4;
    card.integration.precision = 1e-2;
    card.validate().unwrap()
}

fn no_loss(thickness_cm: f64) -> ThickTargetSettings {
    ThickTargetSettings {
        energy_loss: false,
        ..ThickTargetSettings::new(thickness_cm)
    }
}

#[test]
fn one_element_material_reproduces_integrate() {
    let card = quick_card();
    let today = mfcgen::run::integrate(&card, &mut |_| {}).unwrap().estimate;
    let cu = Material::by_name("Cu").unwrap();
    let y = thick_target_yield(&card, &cu, &no_loss(10.0)).unwrap();
    assert_eq!(y.elements.len(), 1);
    // the same nucleus, settings and seed: the same number, to the last bit
    assert_eq!(y.elements[0].sigma_pb, today.mean);
    assert_eq!(y.elements[0].sigma_error_pb, today.sdev);
    // n sigma L with n = rho N_A / A
    let n = 8.96 * mfc_models::material::AVOGADRO / 63.546;
    let expect = n * today.mean * 1e-36 * 10.0;
    assert!(
        (y.x_per_muon / expect - 1.0).abs() < 1e-12,
        "{} vs {expect}",
        y.x_per_muon
    );
    assert_eq!(y.mean_energy_loss_gev, 0.0);
}

#[test]
fn compound_is_the_sum_over_its_elements() {
    let card = quick_card();
    let pwo = Material::by_name("PbWO4").unwrap();
    let y = thick_target_yield(&card, &pwo, &no_loss(2.0)).unwrap();
    let mut sum = 0.0;
    for (element, n) in pwo.atoms_per_cm3() {
        let s = sigma_on(&card, &element.target(), card.beam_energy)
            .unwrap()
            .mean;
        sum += n * s * 1e-36 * 2.0;
    }
    assert!(
        (y.x_per_muon / sum - 1.0).abs() < 1e-14,
        "{} vs {sum}",
        y.x_per_muon
    );
    // each element with its own nucleus: sigma grows ~Z^2 (Pb 82, W 74, O 8)
    let s: Vec<f64> = y.elements.iter().map(|e| e.sigma_pb).collect();
    assert!(s[0] > s[1] && s[1] > 20.0 * s[2], "{s:?}");
    let ratio = s[0] / s[1];
    assert!(
        ratio > 1.0 && ratio < (82.0_f64 / 74.0).powi(2) * 1.05,
        "{ratio}"
    );
}

#[test]
fn energy_loss_lowers_the_yield_between_the_bounds() {
    let card = quick_card();
    let cu = Material::by_name("Cu").unwrap();
    let l = 253.0;
    let on = thick_target_yield(&card, &cu, &ThickTargetSettings::new(l)).unwrap();
    let off = thick_target_yield(&card, &cu, &no_loss(l)).unwrap();
    // the mean loss is the RK4 profile's: 253 cm of Cu at 50 GeV, about 2.3 MeV cm^2/g
    let exit = depth::energy_at_depth(&cu, 50.0, l);
    assert!((on.exit_energy_gev / exit - 1.0).abs() < 1e-6);
    let loss_estimate = 2.3e-3 * 8.96 * l;
    assert!(
        (on.mean_energy_loss_gev / loss_estimate - 1.0).abs() < 0.1,
        "{}",
        on.mean_energy_loss_gev
    );
    // bounded by n sigma(E_out) L and n sigma(E_in) L
    let nodes = &on.elements[0].nodes;
    let n = on.elements[0].atoms_per_cm3;
    let lo = n * nodes[0].1 * 1e-36 * l;
    let hi = n * nodes[nodes.len() - 1].1 * 1e-36 * l;
    assert!(
        lo < on.x_per_muon && on.x_per_muon < hi,
        "{lo} < {} < {hi}",
        on.x_per_muon
    );
    assert!(on.x_per_muon < off.x_per_muon);
    // the ln E interpolation was measured and is small
    let i = on.interpolation_error.unwrap();
    assert!(i.abs() < 0.01, "{i}");
}

#[test]
fn interpolation_is_exact_for_power_laws_and_handles_thresholds() {
    let nodes: Vec<(f64, f64)> = [10.0, 20.0, 40.0]
        .iter()
        .map(|&e: &f64| (e, 3.0 * e.powf(0.7)))
        .collect();
    for e in [10.0, 13.0, 25.0, 39.0] {
        assert!((interpolate(&nodes, e) / (3.0 * e.powf(0.7)) - 1.0).abs() < 1e-12);
    }
    let closed = [(1.0, 0.0), (2.0, 4.0)];
    assert!((interpolate(&closed, 2.0_f64.sqrt()) - 2.0).abs() < 1e-12);
}

fn mfcgen(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
        .args(args)
        .output()
        .expect("run mfcgen");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn yield_command_prints_the_issue_s_fields() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("c.toml");
    std::fs::write(
        &card,
        "[integration]\ncalls = 20000\nadapt_iterations = 3\nmax_iterations = 3\nprecision = 1e-2\n\
         [target]\nmaterial = \"absorber\"\nthickness_cm = 5.0\n\
         [materials.absorber]\ndensity_g_cm3 = 8.5\nmass_fractions = { Cu = 0.7, Zn = 0.3 }\n",
    )
    .unwrap();
    let c = card.to_str().unwrap();
    let (code, out, err) = mfcgen(&["yield", "--card", c, "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "x_per_muon",
        "density_g_cm3",
        "mean_energy_loss_gev",
        "elements",
    ] {
        assert!(!v[k].is_null(), "{k}: {v}");
    }
    assert_eq!(v["density_g_cm3"], 8.5);
    let els = v["elements"].as_array().unwrap();
    assert_eq!(els.len(), 2);
    for e in els {
        for k in ["symbol", "Z", "A", "atoms_per_cm3", "sigma_pb"] {
            assert!(!e[k].is_null(), "{k}: {e}");
        }
    }
    assert_eq!(els[1]["symbol"], "Zn");
    assert_eq!(els[1]["A"], 64);
    // --target and --thickness-cm override the card; off means no loss
    let (code, out, err) = mfcgen(&[
        "yield",
        "--card",
        c,
        "--target",
        "W",
        "--thickness-cm",
        "1",
        "--energy-loss",
        "off",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["material"], "W");
    assert_eq!(v["mean_energy_loss_gev"], 0.0);
}

#[test]
fn yield_refusals_name_the_input() {
    let (code, _, err) = mfcgen(&["yield", "--target", "kryptonite", "--thickness-cm", "1"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("--target") && err.contains("kryptonite") && err.contains("PbWO4"),
        "{err}"
    );
    let (code, _, err) = mfcgen(&["yield", "--target", "Cu"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--thickness-cm"), "{err}");
    let (code, _, err) = mfcgen(&["yield", "--target", "Cu", "--thickness-cm", "-3"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("-3") && !err.contains("panicked"), "{err}");
    let (code, _, err) = mfcgen(&["yield", "--thickness-cm", "1", "--energy-loss", "maybe"]);
    assert_eq!(code, Some(2), "{err}");
}

// Compound events (per-event element and depth) are tested in tests/slab.rs.
