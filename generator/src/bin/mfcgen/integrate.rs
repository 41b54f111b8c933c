//! `mfcgen integrate`.

use crate::common::{
    RunFlags, beam_description, check_convergence, iteration_callback, mean_sdev, vegas_bar,
};
use clap::Args as ClapArgs;

/// Flags of `integrate`. `--reweight` (shared with `generate`/`adapt`) is hidden: it writes
/// weights into event files, and `integrate` writes none.
#[derive(ClapArgs, Debug)]
#[command(mut_arg("reweight", |a| a.hide(true)))]
pub struct Args {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    anyhow::ensure!(
        a.run.reweight.is_empty(),
        "--reweight adds named weights to the events of `generate` (or of a gridpack's shards \
         with `adapt`); integrate writes no events"
    );
    let card = a.run.load(None, None)?;
    let pb = vegas_bar(&card);
    let res = mfcgen::run::integrate(&card, &mut iteration_callback(&pb))?;
    pb.finish_and_clear();
    let e = &res.estimate;
    let warnings = check_convergence(&a.run, &card, e)?;
    if a.run.json {
        let v = mfcgen::report::integration_json(&card, &res, &warnings);
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!(
            "mu N -> mu N X: {} X, m_X = {} GeV, g = {}, {} on {} ({})",
            card.mediator.kind.name(),
            card.mediator.mass,
            card.mediator.coupling,
            beam_description(&card),
            card.target.name,
            card.form_factor.name()
        )?;
        outln!("  sigma        {} pb", mean_sdev(e.mean, e.sdev))?;
        outln!("  rel. error   {:.2e}", e.sdev / e.mean)?;
        outln!("  chi2/dof     {:.2} ({} iterations)", e.chi2_dof, e.n_iter)?;
        outln!("  evaluations  {}", e.n_eval)?;
        outln!("  wall time    {:.2} s", res.seconds)?;
    }
    Ok(())
}
