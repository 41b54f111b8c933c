//! The HepMC3 file explains itself: generator and version, seed, events, cross section with its
//! error and unit, the weight normalisation and the whole run card are run attributes, and
//! pyhepmc (the Scikit-HEP HepMC3 reader) reads them back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::RunCard;

#[test]
#[cfg_attr(
    not(mfc_pyhepmc),
    ignore = "needs pyhepmc: pip install pyhepmc (bash .ci/run does)"
)]
fn pyhepmc_reads_the_run_information() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run.hepmc");
    let mut card = RunCard::default();
    card.integration.calls = 5000;
    card.integration.adapt_iterations = 2;
    card.integration.max_iterations = 2;
    card.integration.precision = 0.5;
    card.generation.events = 7;
    card.generation.seed = 42;
    card.generation.output = out.clone();
    let card = card.validate().unwrap();
    let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
    mfcgen::run::generate(&card, &integ, &out, &mut |_| {}).unwrap();
    let script = r#"
import json, sys, pyhepmc
with pyhepmc.open(sys.argv[1]) as f:
    ev = next(iter(f))
    ri = ev.run_info
    print(json.dumps({"tools": [[t.name, t.version] for t in ri.tools],
                      "attributes": {k: str(v) for k, v in ri.attributes.items()}}))
"#;
    let o = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tools"][0][0], "mfcgen");
    let a = &v["attributes"];
    assert_eq!(a["mfcgen_seed"], "42");
    assert_eq!(a["mfcgen_events"], "7");
    assert_eq!(a["mfcgen_cross_section_unit"], "pb");
    let sigma: f64 = a["mfcgen_cross_section"].as_str().unwrap().parse().unwrap();
    assert!((sigma / integ.estimate.mean - 1.0).abs() < 1e-15, "{sigma}");
    let err: f64 = a["mfcgen_cross_section_error"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((err / integ.estimate.sdev - 1.0).abs() < 1e-15, "{err}");
    assert!(
        a["mfcgen_weight_normalisation"]
            .as_str()
            .unwrap()
            .contains("sigma/N in pb")
    );
    // the card survives escaping (newlines, quotes) exactly
    let card_back = a["mfcgen_run_card"].as_str().unwrap();
    let parsed = RunCard::from_toml_str(card_back, "hepmc").unwrap();
    assert_eq!(parsed.generation.seed, 42);
    assert_eq!(parsed.integration.calls, 5000);
    for name in mfcgen::io::hepmc::RUN_ATTRIBUTES.map(|(n, _)| n) {
        assert!(a.get(name).is_some(), "{name} missing: {a}");
    }
}
