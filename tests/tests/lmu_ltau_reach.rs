//! The reach with decays (docs/physics.md Sec. 8.8; validation/src/analysis/escape.rs): only X
//! that escape the calorimeter count. For the L_mu - L_tau vector the visible decays (mu mu,
//! tau tau) of the couplings the search reaches (g ~ 1e-4..1e-3) are prompt (lab decay length
//! ~ 0.1 mm against 2-4 m of calorimeter), so its reach is the invisible one scaled by
//! 1/sqrt(BR_inv): identical below 2 m_mu (BR_inv = 1), weaker by ~sqrt(2) above it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_models::{CouplingModel, DarkSector, DecaySettings, DecayTable, Mediator, MediatorKind};
use mfc_validation::analysis::reach::{ReachConfig, ReachResult, scan};
use std::fmt::Write as _;

fn run(masses: Vec<f64>, model: CouplingModel, small: bool) -> ReachResult {
    let mut cfg = ReachConfig {
        masses,
        kinds: vec![MediatorKind::Vector],
        model,
        ..ReachConfig::default()
    };
    if small {
        cfg.yields.precision = 5e-2;
        cfg.yields.n_eval = 10_000;
        cfg.signal.n_points = 30_000;
    }
    scan(&cfg).unwrap()
}

fn br_invisible(m: f64, g: f64) -> f64 {
    let v = Mediator::new(MediatorKind::Vector, m, g).unwrap();
    let s = DecaySettings::new(CouplingModel::LmuLtau, DarkSector::None).unwrap();
    DecayTable::new(&v, &s).unwrap().invisible_branching_ratio()
}

#[test]
fn lmu_ltau_reach_is_the_invisible_one_over_sqrt_br_invisible() {
    let masses = vec![0.1, 0.5];
    let inv = run(masses.clone(), CouplingModel::Invisible, true);
    let lmu = run(masses, CouplingModel::LmuLtau, true);
    for (a, b) in inv.points.iter().zip(&lmu.points) {
        for j in 0..4 {
            let br = br_invisible(a.m_x, b.g_up[j]);
            let ratio = b.g_up[j] / a.g_up[j];
            println!(
                "m = {} GeV: g_up {:.4e} (lmu-ltau) / {:.4e} (invisible) = {ratio:.6}, \
                 1/sqrt(BR_inv) = {:.6}",
                a.m_x,
                b.g_up[j],
                a.g_up[j],
                1.0 / br.sqrt()
            );
            // mu_up scales as 1/BR_inv exactly when the visible decays are prompt
            assert!(
                (ratio * br.sqrt() - 1.0).abs() < 1e-6,
                "m {} case {j}",
                a.m_x
            );
        }
    }
    // below 2 m_mu nothing changes; above, the reach is weaker
    assert!(lmu.points[0].g_up == inv.points[0].g_up);
    assert!(lmu.points[1].g_up[3] > 1.3 * inv.points[1].g_up[3]);
}

/// Writes docs/figures/reach_V_lmu_ltau.csv (the Fig. 4 analogue of the L_mu - L_tau vector):
/// `cargo test --release -p mfc-e2e --test lmu_ltau_reach -- --ignored` (a few minutes).
#[test]
#[ignore = "writes docs/figures/reach_V_lmu_ltau.csv with the default reach settings (minutes)"]
fn write_the_lmu_ltau_reach_table() {
    let res = run(ReachConfig::default().masses, CouplingModel::LmuLtau, false);
    let mut csv = String::from(
        "m_x_gev,g_up_z_caseA,g_up_z_caseB,g_up_zw_caseA,g_up_zw_caseB,br_invisible,ctau_mm_at_g_up_zw_caseB\n",
    );
    for p in &res.points {
        let g = p.g_up[3];
        let v = Mediator::new(MediatorKind::Vector, p.m_x, g).unwrap();
        let s = DecaySettings::new(CouplingModel::LmuLtau, DarkSector::None).unwrap();
        let t = DecayTable::new(&v, &s).unwrap();
        writeln!(
            csv,
            "{},{},{},{},{},{},{}",
            p.m_x,
            p.g_up[0],
            p.g_up[1],
            p.g_up[2],
            p.g_up[3],
            t.invisible_branching_ratio(),
            t.ctau_mm()
        )
        .unwrap();
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/figures/reach_V_lmu_ltau.csv");
    std::fs::write(&path, csv).unwrap();
}
