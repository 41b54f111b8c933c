//! `mfcgen adapt`: integrate, find w_max, write a gridpack.

use crate::common::{RunFlags, check_convergence, iteration_callback, mean_sdev, vegas_bar};
use anyhow::Context;
use clap::Args as ClapArgs;
use mfcgen::gridpack::Gridpack;
use mfcgen::unweight::UnweightSettings;
use std::path::PathBuf;

/// Flags of `adapt`. `--beam-spectrum` (shared with `integrate`/`generate`) is hidden from
/// the help: gridpacks hold a fixed-energy process, and `adapt` refuses a spectrum.
#[derive(ClapArgs, Debug)]
#[command(mut_arg("beam_spectrum", |a| a.hide(true)))]
pub struct Args {
    #[command(flatten)]
    pub run: RunFlags,
    /// Gridpack file to write (JSON; gzip-compressed if the name ends in .gz).
    #[arg(long)]
    pub output: PathBuf,
    /// Points of the calibration sample for the maximum weight.
    #[arg(long = "calibration-points", default_value_t = UnweightSettings::default().calibration_points)]
    pub calibration_points: usize,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let card = a.run.load(None, None)?;
    mfcgen::io::output::check_writable(&a.output)
        .with_context(|| format!("cannot write the gridpack {}", a.output.display()))?;
    let pb = vegas_bar(&card);
    let settings = UnweightSettings {
        calibration_points: a.calibration_points.max(1),
        ..UnweightSettings::default()
    };
    let (gp, stats) = Gridpack::adapt_with(&card, settings, &mut iteration_callback(&pb))?;
    pb.finish_and_clear();
    // the same convergence warnings as integrate/generate; --strict writes no gridpack
    let estimate = mfcgen::vegas::Estimate {
        mean: gp.sigma_pb,
        sdev: gp.sigma_error_pb,
        chi2_dof: gp.chi2_dof,
        n_iter: gp.iterations,
        n_eval: gp.evaluations,
    };
    check_convergence(&a.run, &card, &estimate)?;
    let sha = gp
        .write(&a.output)
        .with_context(|| format!("writing gridpack {}", a.output.display()))?;
    // the identity (gridpack_sha256 in the event files) is the SHA-256 of the uncompressed
    // JSON; for a .gz gridpack the file itself hashes differently
    let file_sha = mfcgen::gridpack::sha256_hex(
        &std::fs::read(&a.output)
            .with_context(|| format!("reading back gridpack {}", a.output.display()))?,
    );
    let u = &gp.unweighting;
    let total = stats.integration_seconds + stats.max_weight_seconds;
    if a.run.json {
        let v = serde_json::json!({
            "gridpack": a.output.display().to_string(),
            "gridpack_sha256": sha,
            "file_sha256": file_sha,
            "card_sha256": gp.card_sha256,
            "sigma_pb": gp.sigma_pb,
            "error_pb": gp.sigma_error_pb,
            "chi2_dof": gp.chi2_dof,
            "iterations": gp.iterations,
            "max_weight": u.w_max,
            "expected_efficiency": u.expected_efficiency,
            "seed": gp.seed,
            "integration_seconds": stats.integration_seconds,
            "max_weight_seconds": stats.max_weight_seconds,
            "adapt_seconds": total,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!("{}", gp.process)?;
        outln!(
            "  sigma             {} pb",
            mean_sdev(gp.sigma_pb, gp.sigma_error_pb)
        )?;
        outln!(
            "  chi2/dof          {:.2} ({} iterations)",
            gp.chi2_dof,
            gp.iterations
        )?;
        outln!(
            "  max weight        {:.6e} (expected efficiency {:.4})",
            u.w_max,
            u.expected_efficiency
        )?;
        outln!(
            "  adaptation        {total:.2} s (integration {:.2} s, max weight {:.2} s)",
            stats.integration_seconds,
            stats.max_weight_seconds
        )?;
        outln!("  gridpack          {}", a.output.display())?;
        outln!("  sha256            {sha} (of the uncompressed JSON: gridpack_sha256)")?;
        if file_sha != sha {
            outln!("  file sha256       {file_sha} (of the file as stored, gzip)")?;
        }
    }
    Ok(())
}
