//! `mfcgen merge`: shard event files -> one LHE file.

use crate::common::{bar, mean_sdev};
use anyhow::Context;
use clap::Args as ClapArgs;
use std::path::PathBuf;

/// Flags of `merge`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Shard files written by `mfcgen generate --gridpack` (.lhe or .lhe.gz).
    #[arg(required = true, num_args = 1..)]
    pub inputs: Vec<PathBuf>,
    /// Merged file (.lhe or .lhe.gz; not one of the inputs).
    #[arg(long)]
    pub output: PathBuf,
    /// Print machine-readable JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    // before any work: the output must not replace an input, and must be LHE
    mfcgen::merge::check_output(&a.inputs, &a.output)?;
    let infos = mfcgen::merge::inspect(&a.inputs).context("cannot merge")?;
    let total: u64 = infos.iter().map(|i| i.events).sum();
    let pb = bar(total, "merge");
    let rep = mfcgen::merge::merge_files(&a.inputs, &a.output, &mut |k| pb.set_position(k))
        .with_context(|| format!("merging into {}", a.output.display()))?;
    pb.finish_and_clear();
    let rate = rep.events as f64 / rep.seconds.max(1e-9);
    let shards: Vec<String> = rep.shards.iter().map(|(i, n)| format!("{i}/{n}")).collect();
    if !rep.complete {
        eprintln!(
            "warning: the shards merged ({}) are not exactly 0..N of one N; the sample is valid \
             but smaller than planned",
            shards.join(",")
        );
    }
    if a.json {
        let v = serde_json::json!({
            "output": a.output.display().to_string(),
            "events": rep.events,
            "sigma_pb": rep.sigma_pb,
            "error_pb": rep.sigma_error_pb,
            "event_weight_pb": rep.event_weight_pb,
            "shards": shards,
            "complete": rep.complete,
            "gridpack_sha256": rep.inputs[0].gridpack_sha256,
            "seconds": rep.seconds,
            "events_per_second": rate,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!(
            "  merged            {} files -> {}",
            rep.inputs.len(),
            a.output.display()
        )?;
        outln!("  shards            {}", shards.join(","))?;
        outln!("  events            {}", rep.events)?;
        outln!(
            "  sigma             {} pb",
            mean_sdev(rep.sigma_pb, rep.sigma_error_pb)
        )?;
        outln!("  event weight      {:.6e} pb", rep.event_weight_pb)?;
        outln!(
            "  merge             {:.2} s ({rate:.0} events/s)",
            rep.seconds
        )?;
    }
    Ok(())
}
