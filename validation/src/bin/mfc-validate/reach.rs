//! `mfc-validate reach`: expected 95% CL reach on g_X (GKSST Fig. 4), rho spectra (Fig. 3),
//! momentum spectra (Fig. 2) as CSV and SVG.

use crate::flags;
use crate::progress::Progress;
use clap::Args as ClapArgs;
use mfc_validation::analysis::figures::write_outputs;
use mfc_validation::analysis::kind_letter;
use mfc_validation::analysis::reach::{ReachConfig, log_space, scan_with_progress};
use std::io::Write;
use std::path::PathBuf;

/// Flags of `reach`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Run card: its target, form factor and seed are used (default: Cu-63, elastic).
    #[arg(long)]
    pub card: Option<std::path::PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "reach")]
    pub output: PathBuf,
    /// Number of log-spaced masses between 1 MeV and 3 GeV (at least 2).
    #[arg(long, default_value_t = 25, value_parser = flags::at_least_two)]
    pub masses: usize,
    /// Relative precision per folded cross section, in (0, 1).
    #[arg(long, default_value_t = 2e-2, value_parser = flags::precision)]
    pub precision: f64,
    /// Weighted points per rho histogram (at least 1).
    #[arg(long, default_value_t = 200_000, value_parser = flags::positive_count)]
    pub points: usize,
}

/// Runs `reach`.
pub fn run(a: &Args) -> anyhow::Result<()> {
    let base = ReachConfig::default();
    let mut cfg = ReachConfig {
        masses: log_space(1e-3, 3.0, a.masses),
        ..base
    };
    cfg.yields.precision = a.precision;
    crate::card_opt::apply_card(&mut cfg.yields, a.card.as_deref())?;
    cfg.signal.n_points = a.points;
    crate::outdir::ensure_writable("--output", &a.output)?;
    let t0 = std::time::Instant::now();
    let mut progress = Progress::new("reach", "mass points");
    let res = scan_with_progress(&cfg, &mut |done, total| progress.update(done, total))?;
    drop(progress);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>3} {:>9} {:>11} {:>11} {:>11} {:>11}",
        "X", "m_X/GeV", "g(Z,A)", "g(Z,B)", "g(Z+W,A)", "g(Z+W,B)"
    )?;
    for p in &res.points {
        writeln!(
            out,
            "{:>3} {:>9.4} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e}",
            kind_letter(p.kind),
            p.m_x,
            p.g_up[0],
            p.g_up[1],
            p.g_up[2],
            p.g_up[3]
        )?;
    }
    for f in write_outputs(&res, &a.output)? {
        writeln!(out, "wrote {f}")?;
    }
    writeln!(out, "scan time {:.1} s", t0.elapsed().as_secs_f64())?;
    out.flush()?;
    Ok(())
}
