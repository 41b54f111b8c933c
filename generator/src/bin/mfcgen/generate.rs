//! `mfcgen generate`.

use crate::common::{RunFlags, bar, iteration_callback, mean_sdev};
use anyhow::Context;
use clap::Args as ClapArgs;
use std::path::PathBuf;

/// Flags of `generate`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub run: RunFlags,
    /// Number of unweighted events.
    #[arg(long)]
    pub events: Option<u64>,
    /// Output file (.lhe or .lhe.gz).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let card = a.run.load(a.events, a.output.clone())?;
    let output = card.card.generation.output.clone();
    mfcgen::output::check_writable(&output)
        .with_context(|| format!("cannot write generation.output = {}", output.display()))?;
    let ic = &card.card.integration;
    let pb = bar(u64::from(ic.adapt_iterations + ic.max_iterations), "vegas");
    let integ = mfcgen::run::integrate(&card, &mut iteration_callback(&pb))?;
    pb.finish_and_clear();
    let n = card.card.generation.events;
    let pb = bar(n, "events");
    let gen_res = mfcgen::run::generate(&card, &integ, &output, &mut |k| pb.set_position(k))?;
    pb.finish_and_clear();
    let e = &integ.estimate;
    let s = &gen_res.stats;
    let rate = gen_res.events as f64 / gen_res.seconds.max(1e-9);
    if a.run.json {
        let v = serde_json::json!({
            "sigma_pb": e.mean,
            "error_pb": e.sdev,
            "chi2_dof": e.chi2_dof,
            "events": gen_res.events,
            "output": output.display().to_string(),
            "efficiency": s.efficiency(),
            "overweight_fraction": s.overweight_fraction(),
            "truncated_fraction": s.truncated_fraction(),
            "max_weight": gen_res.max_weight.w_max,
            "integration_seconds": integ.seconds,
            "generation_seconds": gen_res.seconds,
            "events_per_second": rate,
            "seed": card.card.generation.seed,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("  sigma             {} pb", mean_sdev(e.mean, e.sdev));
        println!(
            "  chi2/dof          {:.2} ({} iterations)",
            e.chi2_dof, e.n_iter
        );
        println!(
            "  events            {} -> {}",
            gen_res.events,
            output.display()
        );
        println!("  efficiency        {:.4}", s.efficiency());
        println!(
            "  overweight        {:.2e} of events",
            s.overweight_fraction()
        );
        println!("  truncated sigma   {:.2e}", s.truncated_fraction());
        println!("  integration       {:.2} s", integ.seconds);
        println!(
            "  generation        {:.2} s ({rate:.0} events/s)",
            gen_res.seconds
        );
    }
    Ok(())
}
