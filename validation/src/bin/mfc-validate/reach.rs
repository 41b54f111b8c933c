//! `mfc-validate reach`: the expected reach on g_X of one or more experiments (experiment
//! cards, `cards/experiments/`; default the paper's ATLAS analysis): one table per experiment
//! and mediator, rho spectra, momentum spectra, and the figures (GKSST Figs. 2-4 and the
//! overlay of the experiments) drawn from the tables.

use crate::flags;
use crate::progress::Progress;
use anyhow::Context;
use clap::Args as ClapArgs;
use mfc_validation::analysis::experiment;
use mfc_validation::analysis::kind_letter;
use mfc_validation::analysis::reach::{ReachConfig, log_space, scan_with_progress};
use mfc_validation::analysis::tables::write_tables;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `reach`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Experiment card (TOML; repeat for several). Default: the paper's ATLAS analysis,
    /// cards/experiments/atlas_gksst.toml.
    #[arg(long = "experiment", value_name = "FILE")]
    pub experiments: Vec<PathBuf>,
    /// Run card: its target nucleus (with the catalogue density), form factor and seed replace
    /// those of every experiment.
    #[arg(long)]
    pub card: Option<std::path::PathBuf>,
    /// Output directory (tables and figures).
    #[arg(long, default_value = "reach")]
    pub output: PathBuf,
    /// Number of log-spaced masses (at least 2) between the card's lightest and heaviest;
    /// default the card's.
    #[arg(long, value_parser = flags::at_least_two)]
    pub masses: Option<usize>,
    /// Relative precision per folded cross section, in (0, 1); default the card's.
    #[arg(long, value_parser = flags::precision)]
    pub precision: Option<f64>,
    /// Weighted points per rho histogram (at least 1); default the card's.
    #[arg(long, value_parser = flags::positive_count)]
    pub points: Option<usize>,
    /// Write the tables only (no figures).
    #[arg(long)]
    pub no_figures: bool,
    /// Target: the paper's thin 253 cm copper slab (default, the paper's figures), or the
    /// ATLAS barrel as built with the muon energy loss: each sample's signal scaled by its
    /// barrel / slab yield ratio at every mass (W/Z samples in 0.1 < |eta| < 1.05 only).
    #[arg(long, value_parser = crate::atlas_flag::material_parser(), default_value = "copper-slab")]
    pub material: mfc_validation::analysis::atlas_barrel::TargetMaterial,
    /// Coupling model of X: invisible (the paper's: every X escapes), muon-only or lmu-ltau
    /// (X decays by its widths at each coupling; only the X that escape count). lmu-ltau is a
    /// vector model: the scan keeps the vector only. Default: invisible.
    #[arg(long)]
    pub model: Option<mfc_models::CouplingModel>,
}

/// The experiments of the command line with its overrides applied.
fn configs(a: &Args) -> anyhow::Result<Vec<ReachConfig>> {
    let mut cfgs = if a.experiments.is_empty() {
        vec![experiment::atlas_gksst()?]
    } else {
        a.experiments
            .iter()
            .map(|p| experiment::load(p))
            .collect::<Result<Vec<_>, _>>()?
    };
    for (i, c) in cfgs.iter().enumerate() {
        if cfgs[..i].iter().any(|d| d.name == c.name) {
            anyhow::bail!(
                "two experiment cards have name = \"{}\": their tables would overwrite each other",
                c.name
            );
        }
    }
    for c in &mut cfgs {
        if let Some(n) = a.masses {
            let (lo, hi) = (c.masses[0], c.masses[c.masses.len() - 1]);
            c.masses = log_space(lo, hi, n);
        }
        if let Some(p) = a.precision {
            c.yields.precision = p;
        }
        if let Some(n) = a.points {
            c.signal.n_points = n;
        }
        crate::card_opt::apply_card(&mut c.yields, a.card.as_deref())?;
        c.material = a.material;
        if let Some(model) = a.model {
            c.model = model;
            let all = c.kinds.clone();
            c.kinds.retain(|k| model.supports(*k));
            if c.kinds.is_empty() {
                anyhow::bail!(
                    "--model {}: experiment \"{}\" scans {}, none of which the model describes",
                    model.name(),
                    c.name,
                    all.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
                );
            }
            if c.kinds.len() < all.len() {
                eprintln!(
                    "mfc-validate reach: --model {} describes {} only; experiment \"{}\" scans \
                     that",
                    model.name(),
                    c.kinds
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                    c.name
                );
            }
        }
    }
    Ok(cfgs)
}

/// Runs `reach`.
pub fn run(a: &Args) -> anyhow::Result<()> {
    let cfgs = configs(a)?;
    crate::outdir::ensure_writable("--output", &a.output)?;
    let t0 = std::time::Instant::now();
    let mut results = Vec::new();
    for cfg in &cfgs {
        let mut progress = Progress::new("reach", "mass points");
        let res = scan_with_progress(cfg, &mut |done, total| progress.update(done, total))
            .with_context(|| format!("experiment \"{}\"", cfg.name))?;
        drop(progress);
        results.push(res);
    }
    let mut out = std::io::stdout().lock();
    for (cfg, res) in cfgs.iter().zip(&results) {
        let keys = cfg.limit_keys();
        writeln!(out, "experiment {}: {}", cfg.name, cfg.label)?;
        if cfg.model != mfc_models::CouplingModel::Invisible {
            writeln!(
                out,
                "model: {} ({}; only X that escape count)",
                cfg.model.name(),
                cfg.model.description()
            )?;
        }
        if cfg.material != mfc_validation::analysis::atlas_barrel::TargetMaterial::default() {
            writeln!(
                out,
                "target: {} (signal x barrel/slab yield ratio per sample)",
                cfg.material.name()
            )?;
        }
        write!(out, "{:>3} {:>9}", "X", "m_X/GeV")?;
        for (k, _) in &keys {
            write!(out, " {:>13}", format!("g({k})"))?;
        }
        writeln!(out)?;
        for p in &res.points {
            write!(out, "{:>3} {:>9.4}", kind_letter(p.kind), p.m_x)?;
            for g in &p.g_up {
                write!(out, " {g:>13.3e}")?;
            }
            writeln!(out)?;
        }
        for f in write_tables(cfg, res, &a.output)? {
            writeln!(out, "wrote {f}")?;
        }
    }
    if !a.no_figures {
        crate::figures::render_and_report(&mut out, &a.output, &a.output)?;
    }
    writeln!(out, "scan time {:.1} s", t0.elapsed().as_secs_f64())?;
    out.flush()?;
    Ok(())
}
