//! `reach --material atlas-barrel`: each sample's signal is the paper's slab signal times the
//! barrel / slab yield ratio of that sample's beam, so the accepted counts scale by the ratio
//! and a one-sample limit on g by its inverse square root; experiments outside the barrel are
//! refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::MediatorKind;
use mfc_validation::analysis::atlas_barrel::{TargetMaterial, barrel_ratios};
use mfc_validation::analysis::experiment;
use mfc_validation::analysis::reach::{ReachConfig, scan};

fn small(material: TargetMaterial) -> ReachConfig {
    let mut cfg = ReachConfig {
        masses: vec![0.126],
        kinds: vec![MediatorKind::Vector],
        material,
        ..ReachConfig::default()
    };
    cfg.yields.precision = 5e-2;
    cfg.yields.n_eval = 10_000;
    cfg.signal.n_points = 30_000;
    cfg
}

#[test]
fn barrel_scales_each_sample_by_its_yield_ratio() {
    let slab = scan(&small(TargetMaterial::CopperSlab)).unwrap();
    let cfg = small(TargetMaterial::AtlasBarrel);
    let barrel = scan(&cfg).unwrap();
    let beams: Vec<_> = cfg.samples.iter().map(|s| &s.beam).collect();
    let r: Vec<f64> = barrel_ratios(MediatorKind::Vector, 0.126, &cfg.yields, &beams)
        .unwrap()
        .iter()
        .map(|r| r.ratio)
        .collect();
    // the ratio of the full barrel with energy loss: 0.73 at 126 MeV (docs/physics.md Sec. 9)
    for ri in &r {
        assert!(*ri > 0.6 && *ri < 0.85, "{r:?}");
    }
    let (ps, pb) = (&slab.points[0], &barrel.points[0]);
    for i in 0..r.len() {
        let got = pb.n_accepted[i] / ps.n_accepted[i];
        assert!(
            (got / r[i] - 1.0).abs() < 1e-12,
            "sample {i}: {got} vs {}",
            r[i]
        );
        for (b, s) in pb.rho_signal[i].iter().zip(&ps.rho_signal[i]) {
            assert!((b - s * r[i]).abs() <= 1e-12 * s.abs(), "{b} vs {s}");
        }
        assert_eq!(
            pb.sigma_pb[i], ps.sigma_pb[i],
            "sigma is the thin-target one"
        );
    }
    // the Z-only limits (first combination, both background cases): signal x r_z with the
    // same shape, so mu_up / r_z and g_up / sqrt(r_z)
    let keys = cfg.limit_keys();
    assert!(
        keys[0].0.starts_with('z') && !keys[0].0.starts_with("zw"),
        "{keys:?}"
    );
    for j in 0..2 {
        let want = ps.g_up[j] / r[0].sqrt();
        assert!(
            (pb.g_up[j] / want - 1.0).abs() < 2e-3,
            "{}: {} vs {want}",
            keys[j].0,
            pb.g_up[j]
        );
    }
    // the Z+W limit is weaker than the slab's
    let last = ps.g_up.len() - 1;
    assert!(pb.g_up[last] > ps.g_up[last]);
}

#[test]
fn barrel_refuses_an_experiment_outside_the_atlas_barrel() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cards/experiments/na64mu.toml"
    );
    let mut cfg = experiment::load(std::path::Path::new(path)).unwrap();
    cfg.masses = vec![0.1];
    cfg.material = TargetMaterial::AtlasBarrel;
    let err = scan(&cfg).unwrap_err().to_string();
    assert!(
        err.contains("atlas-barrel") && err.contains("|eta|") && err.contains(&cfg.samples[0].name),
        "{err}"
    );
}
