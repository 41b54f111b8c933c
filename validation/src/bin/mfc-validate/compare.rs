//! `mfc-validate compare`.

use crate::flags;
use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use mfc_models::{FormFactorKind, MediatorKind};
use mfc_validation::crosscheck::compare::{self, Binning, ReadOptions, WwRequest, report};
use mfc_validation::crosscheck::ww::Approximation;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `compare`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Sample A (LHE, plain or gzip).
    pub a: PathBuf,
    /// Sample B to compare with (omit with --ww).
    pub b: Option<PathBuf>,
    /// Compare A's x distribution with a WW prediction: ww, iww or hiww.
    #[arg(long)]
    pub ww: Option<Approximation>,
    /// Mediator kind for --ww (default: from A's mfcgen header).
    #[arg(long)]
    pub mediator: Option<MediatorKind>,
    /// Coupling for --ww (default: from A's mfcgen header).
    #[arg(long, value_parser = flags::positive)]
    pub coupling: Option<f64>,
    /// Form factor for --ww (default: from A's header, else elastic).
    #[arg(long = "form-factor")]
    pub form_factor: Option<FormFactorKind>,
    /// Target for --ww (default: from the nucleus id in the events).
    #[arg(long)]
    pub target: Option<String>,
    /// Fill A with this named weight instead of XWGTUP: its id (e.g. 1001) or its name in
    /// the initrwgt block (e.g. axial:elastic:g=1), an alternative hypothesis of a reweighted sample
    /// (mfcgen generate --reweight).
    #[arg(long)]
    pub weight: Option<String>,
    /// As --weight, for sample B.
    #[arg(long = "weight-b", requires = "b")]
    pub weight_b: Option<String>,
    /// Read at most this many events per file (at least 1).
    #[arg(long = "max-events", value_parser = flags::positive_count_u64)]
    pub max_events: Option<u64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write one SVG plot per histogram into this directory.
    #[arg(long)]
    pub plots: Option<PathBuf>,
    /// Write one CSV file per histogram into this directory.
    #[arg(long)]
    pub csv: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    if let Some(dir) = &args.csv {
        crate::outdir::ensure_writable("--csv", dir)?;
    }
    if let Some(dir) = &args.plots {
        crate::outdir::ensure_writable("--plots", dir)?;
    }
    let opts = ReadOptions {
        max_events: args.max_events,
        weight: args.weight.clone(),
    };
    let opts_b = ReadOptions {
        weight: args.weight_b.clone(),
        ..opts.clone()
    };
    let a = compare::read_sample(&args.a, &opts).context("reading sample A")?;
    let cmp = match (&args.b, args.ww) {
        (Some(_), Some(_)) => bail!("give either a second file B or --ww, not both"),
        (None, None) => bail!("nothing to compare with: give a second file B or --ww ww|iww|hiww"),
        (Some(b), None) => {
            let b = compare::read_sample(b, &opts_b).context("reading sample B")?;
            let binning = Binning::choose(&[&a, &b]);
            compare::compare_samples(&a, &b, &binning)?
        }
        (None, Some(approx)) => {
            let req = WwRequest {
                approximation: Some(approx),
                kind: args.mediator,
                coupling: args.coupling,
                form_factor: args.form_factor,
                target: args.target.clone(),
            };
            let binning = Binning::choose(&[&a]);
            compare::compare_ww(&a, &req, &binning)?
        }
    };
    let mut files = Vec::new();
    if let Some(dir) = &args.csv {
        files.extend(report::write_csv(&cmp, dir)?);
    }
    if let Some(dir) = &args.plots {
        files.extend(report::write_plots(&cmp, dir)?);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut v = report::to_json(&cmp);
        v["files"] = files.iter().map(|f| f.display().to_string()).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", report::to_table(&cmp))?;
        for f in &files {
            writeln!(out, "wrote {}", f.display())?;
        }
    }
    out.flush()?;
    Ok(())
}
