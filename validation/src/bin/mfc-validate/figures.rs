//! `mfc-validate figures`: draws GKSST Figs. 2-4 and the experiment overlay (PNG and PDF)
//! from the tables `reach` wrote, with `scripts/plot/figures.py` (matplotlib, mplhep).

use clap::Args as ClapArgs;
use mfc_validation::analysis::figures::{Rendered, render};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flags of `figures`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Directory with the tables of `reach` (experiment_*.json, reach_*.csv, ...).
    #[arg(long)]
    pub tables: PathBuf,
    /// Output directory of the figures; default the tables' directory.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Draws the figures and lists them on `out`; missing matplotlib is a notice on stderr
/// (the tables stay the product), a failing script an error.
pub fn render_and_report(out: &mut dyn Write, tables: &Path, output: &Path) -> anyhow::Result<()> {
    match render(tables, output)? {
        Rendered::Files(files) => {
            for f in files {
                writeln!(out, "wrote {f}")?;
            }
        }
        Rendered::Unavailable(why) => eprintln!(
            "mfc-validate: notice: figures not drawn ({why}); the tables are written: \
             pip install matplotlib mplhep, then mfc-validate figures --tables {}",
            tables.display()
        ),
    }
    Ok(())
}

/// Runs `figures`.
pub fn run(a: &Args) -> anyhow::Result<()> {
    let output = a.output.clone().unwrap_or_else(|| a.tables.clone());
    if !a.tables.is_dir() {
        anyhow::bail!("--tables {}: no such directory", a.tables.display());
    }
    crate::outdir::ensure_writable("--output", &output)?;
    let mut out = std::io::stdout().lock();
    render_and_report(&mut out, &a.tables, &output)?;
    out.flush()?;
    Ok(())
}
