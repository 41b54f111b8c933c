//! `mfc-validate ww`.

use crate::flags;
use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};
use mfc_validation::crosscheck::ww::{self, Approximation, WwSetup};
use std::io::Write;

/// Flags of `ww`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Mediator: scalar, vector, pseudoscalar (axial: no WW formula).
    #[arg(long)]
    pub mediator: MediatorKind,
    /// Mediator mass in GeV.
    #[arg(long, value_parser = flags::positive)]
    pub mass: f64,
    /// Beam (muon) energy in GeV, lab frame, nucleus at rest.
    #[arg(long = "beam-energy", default_value_t = 50.0, value_parser = flags::positive)]
    pub beam_energy: f64,
    /// Target: Cu, Fe, W, Pb, Al, C or "Z,A,mass_u".
    #[arg(long, default_value = "Cu")]
    pub target: String,
    /// Form factor: elastic, elastic+inelastic, elastic+inelastic-best, none.
    #[arg(long = "form-factor", default_value = "elastic")]
    pub form_factor: FormFactorKind,
    /// Approximation: ww (phase-space), iww (improved), hiww (hyper-improved).
    #[arg(long, default_value = "iww")]
    pub approximation: Approximation,
    /// Coupling g to muons (sigma scales as g^2).
    #[arg(long, default_value_t = 1.0, value_parser = flags::positive)]
    pub coupling: f64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print d sigma/dx on a grid uniform in logit(x) over the x range.
    #[arg(long)]
    pub dsdx: bool,
    /// Number of x points of --dsdx (at least 2).
    #[arg(long, default_value_t = 40, requires = "dsdx", value_parser = flags::at_least_two)]
    pub points: usize,
}

/// `n` points uniform in logit(x) = ln(x/(1-x)) strictly inside (lo, hi): dense near both
/// ends, where d sigma/dx has its structure (x -> m_X/E and x -> 1).
fn logit_grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let logit = |x: f64| (x / (1.0 - x)).ln();
    let (a, b) = (logit(lo), logit(hi));
    (0..n)
        .map(|i| {
            let u = a + (b - a) * (i as f64 + 0.5) / n as f64;
            1.0 / (1.0 + (-u).exp())
        })
        .collect()
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let target = Target::by_name(&a.target).context("invalid --target")?;
    let mediator = Mediator::new(a.mediator, a.mass, a.coupling).context("invalid mediator")?;
    let m_max = mfcgen::card::max_mediator_mass(a.beam_energy, target.nucleus_mass());
    if !(a.beam_energy.is_finite() && a.beam_energy > 0.0) {
        bail!("--beam-energy {} GeV must be positive", a.beam_energy);
    }
    if a.mass >= m_max {
        bail!(
            "the process is closed: m_X = {} GeV >= sqrt(s) - m_mu - M = {m_max:.6} GeV at E = {} GeV on {}",
            a.mass,
            a.beam_energy,
            target.name
        );
    }
    let setup =
        WwSetup::new(mediator, a.beam_energy, target, a.form_factor).context("invalid WW setup")?;
    let sigma = ww::sigma(&setup, a.approximation)
        .with_context(|| format!("{} cross section", a.approximation.name()))?;
    let points = if a.dsdx {
        let (lo, hi) = setup.x_range();
        logit_grid(lo, hi, a.points)
            .into_iter()
            .map(|x| Ok((x, ww::dsigma_dx(&setup, a.approximation, x)?)))
            .collect::<Result<Vec<_>, ww::WwError>>()?
    } else {
        Vec::new()
    };
    let (x_lo, x_hi) = setup.x_range();
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut v = serde_json::json!({
            "approximation": a.approximation.name(),
            "mediator": a.mediator.name(),
            "mass_gev": a.mass,
            "coupling": a.coupling,
            "beam_energy_gev": a.beam_energy,
            "target": setup.target.name,
            "form_factor": a.form_factor.name(),
            "x_range": [x_lo, x_hi],
            "sigma_pb": sigma,
        });
        if a.dsdx {
            v["dsigma_dx"] = points
                .iter()
                .map(|(x, d)| serde_json::json!({ "x": x, "dsigma_dx_pb": d }))
                .collect();
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(
            out,
            "  {} {} m_X = {} GeV, g = {}, E = {} GeV, {} ({}), x in [{x_lo:.4e}, {x_hi:.6}]",
            a.approximation.name().to_ascii_uppercase(),
            a.mediator.name(),
            a.mass,
            a.coupling,
            a.beam_energy,
            setup.target.name,
            a.form_factor.name()
        )?;
        writeln!(out, "  sigma = {sigma:.6e} pb")?;
        if a.dsdx {
            writeln!(out, "  {:>14} {:>16}", "x", "dsigma/dx [pb]")?;
            for (x, d) in &points {
                writeln!(out, "  {x:>14.6e} {d:>16.6e}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
