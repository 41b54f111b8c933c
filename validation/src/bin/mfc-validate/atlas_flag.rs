//! `--material` of `mfc-validate yields` and `reach`, and the yield ratio of the ATLAS barrel as
//! built (with energy loss) to the paper's thin 253 cm copper slab, per benchmark mass.

use crate::progress::Progress;
use mfc_validation::analysis::atlas_barrel::{TargetMaterial, barrel_ratios, budget, paper_budget};
use mfc_validation::analysis::yields::{YieldConfig, YieldTable, committed_beam};
use mfc_validation::spectrum::Boson;
use std::io::Write;

/// The parser of `--material`: copper-slab or atlas-barrel.
pub fn material_parser() -> impl clap::builder::TypedValueParser<Value = TargetMaterial> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(TargetMaterial::NAMES)
        .map(|s: String| TargetMaterial::from_name(&s).unwrap_or_default())
}

/// Prints the yield table with the barrel ratios.
pub fn print_with_barrel(cfg: &YieldConfig, t: &YieldTable, json: bool) -> anyhow::Result<()> {
    let bz = committed_beam(Boson::Z)?;
    let bw = committed_beam(Boson::W)?;
    let mut rows = Vec::new();
    let mut progress = Progress::new("barrel", "masses");
    let n = t.rows.len();
    for (i, r) in t.rows.iter().enumerate() {
        let kind = if r.mediator == "S" {
            mfc_models::MediatorKind::Scalar
        } else {
            mfc_models::MediatorKind::Vector
        };
        let [rz, rw] = barrel_ratios(kind, r.m_x_gev, cfg, &[&bz, &bw])?[..] else {
            unreachable!("one ratio per beam")
        };
        let combined = if r.n_sum > 0.0 {
            (r.n_z * rz.ratio + r.n_w * rw.ratio) / r.n_sum
        } else {
            0.0
        };
        rows.push(serde_json::json!({
            "mediator": r.mediator,
            "m_x_gev": r.m_x_gev,
            "ratio_z": rz.ratio,
            "ratio_w": rw.ratio,
            "ratio": combined,
            "n_sum_paper": r.n_sum,
            "n_sum_barrel": r.n_sum * combined,
            "mean_energy_loss_z_gev": rz.mean_energy_loss_gev,
            "mean_energy_loss_w_gev": rw.mean_energy_loss_gev,
        }));
        progress.update(i + 1, n);
    }
    drop(progress);
    let etas = [0.1, 0.3, 0.5, 0.7, 0.9, 1.05];
    let budgets: Vec<_> = etas.iter().map(|&e| budget(e)).collect::<Result<_, _>>()?;
    let paper = paper_budget()?;
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({
            "table": t,
            "atlas_barrel": { "budget": budgets, "paper_copper": paper, "ratios": rows },
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", t.to_text())?;
        writeln!(
            out,
            "\nATLAS barrel as built (JINST 3 S08003) vs 253 cm Cu ({:.0} g/cm^2, {:.0} X0, {:.1} lambda):",
            paper.grams_cm2, paper.x0, paper.lambda
        )?;
        writeln!(
            out,
            "{:>6} {:>9} {:>9} {:>7} {:>7}",
            "|eta|", "path/cm", "g/cm^2", "X0", "lambda"
        )?;
        for b in &budgets {
            writeln!(
                out,
                "{:>6.2} {:>9.1} {:>9.0} {:>7.1} {:>7.2}",
                b.abs_eta, b.path_cm, b.grams_cm2, b.x0, b.lambda
            )?;
        }
        writeln!(
            out,
            "yield ratio barrel (with energy loss) / paper's thin copper slab:"
        )?;
        writeln!(
            out,
            "{:>3} {:>8} {:>8} {:>8} {:>8} {:>11}",
            "X", "m_X/GeV", "Z", "W", "Z+W", "N_barrel/g^2"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:>3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>11.3e}",
                r["mediator"].as_str().unwrap_or("?"),
                r["m_x_gev"].as_f64().unwrap_or(f64::NAN),
                r["ratio_z"].as_f64().unwrap_or(f64::NAN),
                r["ratio_w"].as_f64().unwrap_or(f64::NAN),
                r["ratio"].as_f64().unwrap_or(f64::NAN),
                r["n_sum_barrel"].as_f64().unwrap_or(f64::NAN),
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
