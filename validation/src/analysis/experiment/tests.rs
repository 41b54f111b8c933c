use super::*;
use crate::analysis::background::{BackgroundCase, ResolutionFunction};

fn cards_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cards/experiments")
}

const MINIMAL: &str = r#"
name = "toy"
label = "toy"
[target]
element = "W"
thickness_cm = 1.0
[[sample]]
name = "mu"
momentum_gev = 15.0
muons_on_target = 1e10
[background]
model = "none"
"#;

fn err(text: &str) -> String {
    from_toml_str(text, "bad.toml", Path::new("."))
        .map(|_| ())
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn atlas_card_is_the_papers_analysis() {
    let c = atlas_gksst().expect("atlas card");
    assert_eq!(c.name, "atlas");
    assert_eq!(c.masses, log_space(1e-3, 3.0, 25));
    assert_eq!(c.edges, uniform_edges(60, -1.2, 0.6));
    // GKSST Eqs. (7)-(8): N_mu = 3 ab^-1 x 0.39 nb = 1.17e9 (Z), x 3.52 nb = 1.056e10 (W)
    assert!((c.samples[0].muons_on_target / 1.17e9 - 1.0).abs() < 1e-12);
    assert!((c.samples[1].muons_on_target / 1.056e10 - 1.0).abs() < 1e-12);
    // GKSST Eq. (4): 65 nb^-1 per nb of sigma_fid
    let l = c.luminosities_inv_nb().expect("lumi");
    assert!((l[0] / 0.39 / 65.0 - 1.0).abs() < 1e-3, "{}", l[0]);
    // the card's R(rho) is GKSST Eq. (10)
    let r = |k: usize| match &c.background[k].model {
        BackgroundModel::Resolution(r) => r.clone(),
        BackgroundModel::Fixed(_) => unreachable!(),
    };
    assert_eq!(r(0), ResolutionFunction::gksst(BackgroundCase::A));
    assert_eq!(r(1), ResolutionFunction::gksst(BackgroundCase::B));
    let keys: Vec<String> = c.limit_keys().into_iter().map(|k| k.0).collect();
    assert_eq!(keys, ["z_caseA", "z_caseB", "zw_caseA", "zw_caseB"]);
    assert!((c.signal.theta_max - 0.1).abs() < 1e-15 && c.signal.efficiency == 1.0);
}

#[test]
fn committed_cards_parse_with_their_numbers() {
    let na = load(&cards_dir().join("na64mu.toml")).expect("na64mu");
    // 40 X0 of Pb (X0 = 0.5612 cm, PDG)
    assert!(
        (na.yields.dx_cm - 22.448).abs() < 1e-9,
        "{}",
        na.yields.dx_cm
    );
    assert_eq!(na.yields.target.z, 82);
    assert!((na.samples[0].muons_on_target - 1.98e10).abs() < 1.0);
    assert!((na.signal.p_out_max - 80.0).abs() < 1e-12);
    assert!((na.limit.confidence_level - 0.90).abs() < 1e-12);
    assert_eq!(na.edges, COUNTING_BIN.to_vec());
    let m3 = load(&cards_dir().join("m3.toml")).expect("m3");
    assert_eq!(m3.yields.target.z, 74);
    let mot: Vec<f64> = m3.samples.iter().map(|s| s.muons_on_target).collect();
    assert_eq!(mot, [1e10, 1e13]);
    let keys: Vec<String> = m3.limit_keys().into_iter().map(|k| k.0).collect();
    assert_eq!(keys, ["phase1", "phase2"]);
    assert_eq!(na.background, m3.background);
}

#[test]
fn minimal_card_defaults() {
    let c = from_toml_str(MINIMAL, "toy.toml", Path::new(".")).expect("minimal");
    assert_eq!(c.combinations.len(), 1);
    assert_eq!(c.limit_keys()[0].0, "all");
    assert!(c.signal.theta_max.is_infinite() && c.signal.p_out_max.is_infinite());
    assert!((c.limit.confidence_level - 0.95).abs() < 1e-15);
    assert_eq!(c.samples[0].beam.momentum_range(), (15.0, 15.0));
    // W's catalogue density
    assert!((c.yields.target.density_g_cm3 - 19.3).abs() < 1e-12);
}

#[test]
fn gaussian_beam_has_its_mean_and_width() {
    let b = gaussian_beam(160.0, 4.0).expect("beam");
    assert!((b.mean_momentum() - 160.0).abs() < 1e-9);
    let (lo, hi) = b.momentum_range();
    assert!((lo - 144.0).abs() < 1e-9 && (hi - 176.0).abs() < 1e-9);
    // second moment of the cells (uniform inside each) vs sigma^2 truncated at 4 sigma
    let var: f64 = b
        .cells()
        .iter()
        .map(|c| {
            let m = 0.5 * (c.p_lo + c.p_hi) - 160.0;
            let w = c.p_hi - c.p_lo;
            c.probability * (m * m + w * w / 12.0)
        })
        .sum();
    assert!((var.sqrt() / 4.0 - 1.0).abs() < 5e-3, "{}", var.sqrt());
    assert!(gaussian_beam(1.0, 1.0).is_err());
}

#[test]
fn bad_cards_name_the_field_and_file() {
    let cases: Vec<(String, &str)> = vec![
        (
            MINIMAL.replace("thickness_cm = 1.0", ""),
            "target.thickness_cm",
        ),
        (
            MINIMAL.replace("thickness_cm = 1.0", "thickness_cm = -1.0"),
            "target.thickness_cm",
        ),
        (MINIMAL.replace("\"W\"", "\"Xx\""), "target.element"),
        (
            MINIMAL.replace("muons_on_target = 1e10", ""),
            "sample.muons_on_target",
        ),
        (
            MINIMAL.replace("momentum_gev = 15.0", "momentum_gev = 15.0\nboson = \"Z\""),
            "exactly one of boson, spectrum and momentum_gev",
        ),
        (MINIMAL.replace("\"none\"", "\"some\""), "background.model"),
        (
            MINIMAL.replace("\"none\"", "\"fixed\""),
            "background.expected_events",
        ),
        (
            MINIMAL.to_string() + "[limit]\nconfidence_level = 1.5\n",
            "limit.confidence_level",
        ),
        (
            MINIMAL.to_string() + "[[combination]]\nname = \"c\"\nsamples = [\"nope\"]\n",
            "\"nope\"",
        ),
        (
            MINIMAL.replace("name = \"toy\"", "name = \"a b\""),
            "`name`",
        ),
        (
            MINIMAL.replace("label = \"toy\"", "label = \"toy\"\ncolour = 1"),
            "colour",
        ),
        (
            MINIMAL.replace("thickness_cm = 1.0", "thickness_cm = \"thick\""),
            "expected a number",
        ),
        (
            MINIMAL.to_string() + "[selection]\nsignal_efficiency = 2.0\n",
            "selection.signal_efficiency",
        ),
    ];
    for (text, needle) in cases {
        let e = err(&text);
        assert!(e.contains("bad.toml"), "{e}");
        assert!(e.contains(needle), "{needle}: {e}");
        assert!(!e.contains("Some(") && !e.contains("struct "), "{e}");
    }
    let e = load(Path::new("/nonexistent/card.toml"))
        .map(|_| ())
        .expect_err("missing");
    assert!(e.to_string().contains("/nonexistent/card.toml"));
}
