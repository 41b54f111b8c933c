//! The tables of a reach scan, one set per experiment, read by the plotting script
//! (`scripts/plot/figures.py`, [`super::figures`]):
//!
//! - `reach_{exp}_{S,V,...}.csv`: per mass the folded sigma and selected N_X/g^2 per sample,
//!   g_up per combination and background scenario, and the (g-2) bands (2019 and 2021);
//! - `rho_{exp}_{K}.csv` (shape analyses only): dN/drho per g^2 per sample and mass, and the
//!   background N_SM R(rho) per sample and scenario (GKSST Fig. 3);
//! - `momentum_{exp}_{sample}.csv` (spectrum beams only): P(p_in) in 1/GeV (GKSST Fig. 2);
//! - `experiment_{exp}.json`: what the tables hold, with labels for the legends.

use std::fmt::Write as _;
use std::path::Path;

use super::gm2::{Gm2Discrepancy, coupling_band};
use super::kind_letter;
use super::reach::{ReachConfig, ReachPoint, ReachResult};
use super::yields::YieldError;
use crate::histogram::bin_widths;
use mfcgen::beam::BeamSpectrum;
use serde_json::json;

/// The (g-2) columns of every reach table.
const GM2_HEADER: &str =
    "g_gm2_2019_lo,g_gm2_2019_central,g_gm2_2019_hi,g_gm2_2021_lo,g_gm2_2021_central,g_gm2_2021_hi";

/// `reach_{exp}_{kind}.csv`: one row per mass.
///
/// # Errors
/// g-2 errors.
fn reach_table(cfg: &ReachConfig, pts: &[&ReachPoint]) -> Result<String, YieldError> {
    let mut t = String::from("m_x_gev");
    for s in &cfg.samples {
        let _ = write!(t, ",sigma_{}_pb", s.name);
    }
    for s in &cfg.samples {
        let _ = write!(t, ",n_acc_{}_per_g2", s.name);
    }
    for (key, _) in cfg.limit_keys() {
        let _ = write!(t, ",g_up_{key}");
    }
    let _ = writeln!(t, ",{GM2_HEADER}");
    for p in pts {
        let b19 = coupling_band(p.kind, p.m_x, Gm2Discrepancy::ERA_2019)?;
        let b21 = coupling_band(p.kind, p.m_x, Gm2Discrepancy::ERA_2021)?;
        let _ = write!(t, "{}", p.m_x);
        for v in p.sigma_pb.iter().chain(&p.n_accepted).chain(&p.g_up) {
            let _ = write!(t, ",{v:e}");
        }
        let _ = writeln!(
            t,
            ",{:e},{:e},{:e},{:e},{:e},{:e}",
            b19.0, b19.1, b19.2, b21.0, b21.1, b21.2
        );
    }
    Ok(t)
}

/// `rho_{exp}_{kind}.csv`: dN/drho per g^2 for every sample and mass, then the background of
/// every sample and scenario.
fn rho_table(cfg: &ReachConfig, res: &ReachResult, pts: &[&ReachPoint]) -> String {
    let widths = bin_widths(&res.edges);
    let mut t = String::from("rho_lo,rho_hi");
    for p in pts {
        for s in &cfg.samples {
            let _ = write!(t, ",{}_m{:.4}", s.name, p.m_x);
        }
    }
    for b in &cfg.background {
        for s in &cfg.samples {
            let _ = write!(t, ",bkg_{}_{}", s.name, b.name);
        }
    }
    t.push('\n');
    for (i, e) in res.edges.windows(2).enumerate() {
        let _ = write!(t, "{},{}", e[0], e[1]);
        for p in pts {
            for h in &p.rho_signal {
                let _ = write!(t, ",{:e}", h[i] / widths[i]);
            }
        }
        for per_sample in &res.background {
            for b in per_sample {
                let _ = write!(t, ",{:e}", b[i] / widths[i]);
            }
        }
        t.push('\n');
    }
    t
}

/// `p_lo,p_hi,density` of a spectrum's momentum marginal, normalised to unit area; None for a
/// fixed beam (delta function or cells of zero width).
fn momentum_table(beam: &BeamSpectrum) -> Option<String> {
    let mut bins: Vec<(f64, f64, f64)> = Vec::new();
    for c in beam.cells() {
        if c.p_hi <= c.p_lo {
            return None;
        }
        match bins.iter_mut().find(|b| b.0 == c.p_lo && b.1 == c.p_hi) {
            Some(b) => b.2 += c.probability,
            None => bins.push((c.p_lo, c.p_hi, c.probability)),
        }
    }
    let total: f64 = bins.iter().map(|b| b.2).sum();
    if bins.is_empty() || !(total > 0.0) {
        return None;
    }
    bins.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut t = String::from("p_lo,p_hi,density_per_gev\n");
    for (lo, hi, p) in bins {
        let _ = writeln!(t, "{lo},{hi},{:e}", p / total / (hi - lo));
    }
    Some(t)
}

/// Writes the tables and the manifest of one experiment into `dir`; returns the paths.
///
/// # Errors
/// I/O or g-2 errors.
pub fn write_tables(
    cfg: &ReachConfig,
    res: &ReachResult,
    dir: &Path,
) -> Result<Vec<String>, YieldError> {
    std::fs::create_dir_all(dir).map_err(|e| YieldError::io("create the directory", dir, e))?;
    let mut written = Vec::new();
    let mut put = |name: &str, text: &str| -> Result<(), YieldError> {
        let path = dir.join(name);
        mfcgen::io::output::write_atomic(&path, text.as_bytes())
            .map_err(|e| YieldError::io("write", &path, e))?;
        written.push(path.display().to_string());
        Ok(())
    };
    let e = &cfg.name;
    let shape = res.edges.len() > 2;
    let mut tables = serde_json::Map::new();
    for &kind in &cfg.kinds {
        let pts: Vec<&ReachPoint> = res.points.iter().filter(|p| p.kind == kind).collect();
        if pts.is_empty() {
            continue;
        }
        let kn = kind_letter(kind);
        let reach = format!("reach_{e}_{kn}.csv");
        put(&reach, &reach_table(cfg, &pts)?)?;
        let rho = shape.then(|| format!("rho_{e}_{kn}.csv"));
        if let Some(name) = &rho {
            put(name, &rho_table(cfg, res, &pts))?;
        }
        tables.insert(kn.into(), json!({ "reach": reach, "rho": rho }));
    }
    let mut samples = Vec::new();
    for s in &cfg.samples {
        let momentum = momentum_table(&s.beam).map(|t| (format!("momentum_{e}_{}.csv", s.name), t));
        if let Some((name, t)) = &momentum {
            put(name, t)?;
        }
        samples.push(json!({
            "name": s.name,
            "label": s.label,
            "muons_on_target": s.muons_on_target,
            "momentum_table": momentum.map(|m| m.0),
        }));
    }
    let mut curves = Vec::new();
    let keys = cfg.limit_keys();
    let mut k = keys.iter();
    for c in &cfg.combinations {
        for b in &cfg.background {
            if let Some((key, label)) = k.next() {
                curves.push(json!({
                    "column": format!("g_up_{key}"),
                    "label": label,
                    "combination": c.name,
                    "combination_label": c.label,
                    "background": b.name,
                    "background_label": b.label,
                    "samples": c.samples.iter().map(|&i| cfg.samples[i].name.clone()).collect::<Vec<_>>(),
                    "overlay": c.overlay,
                }));
            }
        }
    }
    let mut manifest = json!({
        "name": e,
        "label": cfg.label,
        "confidence_level": cfg.limit.confidence_level,
        "tables": tables,
        "samples": samples,
        "background": cfg.background.iter().map(|b| json!({"name": b.name, "label": b.label})).collect::<Vec<_>>(),
        "curves": curves,
    });
    if cfg.material != super::atlas_barrel::TargetMaterial::default() {
        // only when not the paper's slab: the committed manifests stay as they are
        manifest["target_material"] = cfg.material.name().into();
    }
    if cfg.model != mfc_models::CouplingModel::Invisible {
        manifest["model"] = cfg.model.name().into();
    }
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    put(&format!("experiment_{e}.json"), &text)?;
    Ok(written)
}
