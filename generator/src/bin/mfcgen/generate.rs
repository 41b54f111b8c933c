//! `mfcgen generate`.

use crate::common::{RunFlags, bar, check_convergence, iteration_callback, mean_sdev, vegas_bar};
use anyhow::Context;
use clap::Args as ClapArgs;
use mfcgen::card::{Overrides, RunCard};
use mfcgen::gridpack::{LoadedGridpack, Shard};
use mfcgen::reweight::ReweightedSigma;
use std::path::{Path, PathBuf};

/// Flags of `generate`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub run: RunFlags,
    /// Number of unweighted events; 0 integrates only and writes no file [default: the card's
    /// generation.events, 10000 in the default card; with --gridpack, the gridpack card's, and at
    /// least 1].
    #[arg(long)]
    pub events: Option<u64>,
    /// Event file: .lhe, .lhe.gz (Les Houches) or .hepmc (HepMC3 with vertices; needed with
    /// --beam-spectrum) [default: the card's generation.output, events.lhe.gz in the default card].
    /// With --gridpack: required, and .lhe or .lhe.gz only (shards are merged as LHE).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Gridpack written by `mfcgen adapt`: generate from it without re-adapting. A --card or
    /// physics flags given too must agree with the gridpack's card (except generation.reweight and
    /// --reweight, which only add weights to the same events). Writes .lhe or .lhe.gz only
    /// (no .hepmc). The output reports the gridpack's identity, the SHA-256 of its uncompressed
    /// JSON (`gridpack_sha256`, also recorded in the event file's header).
    #[arg(long)]
    pub gridpack: Option<PathBuf>,
    /// Shard I/N of a gridpack run (0 <= I < N); its random streams derive from (seed, I).
    /// Default: from SLURM_ARRAY_TASK_ID/_MIN/_STEP/_COUNT when set, else 0/1.
    #[arg(long, requires = "gridpack")]
    pub shard: Option<String>,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    if let Some(g) = &a.gridpack {
        return run_gridpack(a, g);
    }
    let card = a.run.load(a.events, a.output.clone())?;
    let output = card.card.generation.output.clone();
    if card.card.generation.events > 0 {
        mfcgen::io::output::check_writable(&output)
            .with_context(|| format!("cannot write generation.output = {}", output.display()))?;
        card.check_generation_output()?;
    }
    let pb = vegas_bar(&card);
    let integ = mfcgen::run::integrate(&card, &mut iteration_callback(&pb))?;
    pb.finish_and_clear();
    let warnings = check_convergence(&a.run, &card, &integ.estimate)?;
    let n = card.card.generation.events;
    if n == 0 {
        return integrate_only(a, &integ, &warnings);
    }
    let pb = bar(n, "events");
    let gen_res = mfcgen::run::generate(&card, &integ, &output, &mut |k| pb.set_position(k))?;
    pb.finish_and_clear();
    let e = &integ.estimate;
    let s = &gen_res.stats;
    let rate = gen_res.events as f64 / gen_res.seconds.max(1e-9);
    if a.run.json {
        let mut v = mfcgen::report::generation_json(&card, &integ, &gen_res, &warnings);
        v["output"] = output.display().to_string().into();
        v["reweighted"] = reweighted_json(&gen_res.reweighted);
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        print_sigma(e)?;
        outln!(
            "  events            {} -> {}",
            gen_res.events,
            output.display()
        )?;
        outln!(
            "  efficiency        {:.4} accepted/tried ({:.4} expected from the calibration, \
             <w>/w_max)",
            s.efficiency(),
            gen_res.max_weight.expected_efficiency
        )?;
        outln!(
            "  overweight        {:.2e} of events",
            s.overweight_fraction()
        )?;
        outln!("  truncated sigma   {:.2e}", s.truncated_fraction())?;
        outln!("  integration       {:.2} s", integ.seconds)?;
        outln!(
            "  generation        {:.2} s ({rate:.0} events/s)",
            gen_res.seconds
        )?;
        print_reweighted(&gen_res.reweighted)?;
    }
    Ok(())
}

/// The reweighted cross sections as JSON objects.
fn reweighted_json(r: &[ReweightedSigma]) -> serde_json::Value {
    r.iter()
        .map(|w| {
            serde_json::json!({
                "id": w.id,
                "name": w.name,
                "sigma_pb": w.sigma_pb,
                "error_pb": w.error_pb,
                "effective_events": w.effective_events,
            })
        })
        .collect()
}

/// One line per reweighted hypothesis: weight id, name, sigma, effective events.
fn print_reweighted(r: &[ReweightedSigma]) -> std::io::Result<()> {
    for w in r {
        outln!(
            "  weight {:<10} {} pb  {}  (effective events {:.0})",
            w.id,
            mean_sdev(w.sigma_pb, w.error_pb),
            w.name,
            w.effective_events
        )?;
    }
    Ok(())
}

/// `generate --events 0`: the card's "0 = integrate only": print the integration, write nothing.
fn integrate_only(
    a: &Args,
    integ: &mfcgen::run::Integration,
    warnings: &[String],
) -> anyhow::Result<()> {
    let e = &integ.estimate;
    if a.run.json {
        let v = serde_json::json!({
            "sigma_pb": e.mean,
            "error_pb": e.sdev,
            "chi2_dof": e.chi2_dof,
            "iterations": e.n_iter,
            "events": 0,
            "output": serde_json::Value::Null,
            "converged": warnings.is_empty(),
            "warnings": warnings,
            "integration_seconds": integ.seconds,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        print_sigma(e)?;
        outln!("  events            0 (generation.events = 0: integration only, no file)")?;
        outln!("  integration       {:.2} s", integ.seconds)?;
    }
    Ok(())
}

/// The sigma and chi2/dof lines of the text summary.
fn print_sigma(e: &mfcgen::vegas::Estimate) -> std::io::Result<()> {
    outln!("  sigma             {} pb", mean_sdev(e.mean, e.sdev))?;
    outln!(
        "  chi2/dof          {:.2} ({} iterations)",
        e.chi2_dof,
        e.n_iter
    )
}

/// The command-line overrides (without events and output).
fn overrides(a: &Args) -> Overrides {
    let r = &a.run;
    Overrides {
        mediator_kind: r.mediator,
        mass: r.mass,
        coupling: r.coupling,
        target: r.target.clone(),
        beam_energy: r.beam_energy,
        beam_particle: r.beam,
        beam_spectrum: r.beam_spectrum.clone(),
        form_factor: r.form_factor,
        precision: r.precision,
        seed: r.seed,
        events: None,
        output: None,
        reweight: r.reweight_override(),
        ..r.decay_overrides()
    }
}

/// `generate --gridpack G [--shard I/N]`.
fn run_gridpack(a: &Args, path: &Path) -> anyhow::Result<()> {
    let gp = LoadedGridpack::load(path)?;
    let ov = overrides(a);
    // extra weights leave the events unchanged, so the list may differ from the gridpack's:
    // --reweight, else a --card's generation.reweight, else the gridpack's
    let mut reweight = a.run.reweight_override();
    if a.run.card.is_some() || !ov.is_empty() {
        let (mut card, name) = match &a.run.card {
            Some(p) => (RunCard::from_file(p)?, p.display().to_string()),
            None => (gp.card.card.clone(), "the command-line flags".to_string()),
        };
        card.apply(&ov);
        gp.check_card(&card, &name)?;
        if a.run.card.is_some() {
            reweight = Some(card.generation.reweight.clone());
        }
    }
    let mut gp = gp;
    if let Some(list) = reweight {
        let mut c = gp.card.card.clone();
        c.apply(&Overrides {
            reweight: Some(list),
            ..Overrides::default()
        });
        gp.card.reweight = c.validate_reweight(&c.generation.reweight)?;
        gp.card.card = c;
    }
    let shard = match &a.shard {
        Some(s) => Shard::parse(s)?,
        None => Shard::from_slurm_env(|k| std::env::var(k).ok())?.unwrap_or(Shard::SINGLE),
    };
    let events = a.events.unwrap_or(gp.card.card.generation.events);
    anyhow::ensure!(events > 0, "--events must be at least 1");
    let output = a
        .output
        .clone()
        .context("--output is required with --gridpack (e.g. shard_3.lhe.gz)")?;
    let pb = bar(events, "events");
    let r = mfcgen::gridpack::generate_shard(&gp, shard, events, &output, &mut |k| {
        pb.set_position(k);
    })
    .with_context(|| format!("generating shard {shard} into {}", output.display()))?;
    pb.finish_and_clear();
    let g = &gp.gridpack;
    let s = &r.stats;
    let rate = r.events as f64 / r.seconds.max(1e-9);
    if a.run.json {
        let v = serde_json::json!({
            "gridpack": path.display().to_string(),
            "gridpack_sha256": gp.sha256,
            "shard": shard.to_string(),
            "shard_seed": r.shard_seed,
            "sigma_pb": g.sigma_pb,
            "error_pb": g.sigma_error_pb,
            "events": r.events,
            "output": output.display().to_string(),
            "efficiency": s.efficiency(),
            "overweight_fraction": s.overweight_fraction(),
            "truncated_fraction": s.truncated_fraction(),
            "max_weight": g.unweighting.w_max,
            "generation_seconds": r.seconds,
            "events_per_second": rate,
            "reweighted": reweighted_json(&r.reweighted),
        });
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!(
            "  gridpack          {} (sha256 of the uncompressed JSON {}...)",
            path.display(),
            &gp.sha256[..16]
        )?;
        outln!("  shard             {shard} (seed {})", r.shard_seed)?;
        outln!(
            "  sigma             {} pb",
            mean_sdev(g.sigma_pb, g.sigma_error_pb)
        )?;
        outln!("  events            {} -> {}", r.events, output.display())?;
        outln!("  efficiency        {:.4}", s.efficiency())?;
        outln!("  truncated sigma   {:.2e}", s.truncated_fraction())?;
        outln!(
            "  generation        {:.2} s ({rate:.0} events/s)",
            r.seconds
        )?;
        print_reweighted(&r.reweighted)?;
    }
    Ok(())
}
