//! `mfcgen widths`: the partial widths, branching ratios and proper decay length of X in a
//! coupling model (`mfc_models::decay`; formulas and sources in docs/physics.md Sec. 8).

use clap::Args as ClapArgs;
use mfc_models::number::Num;
use mfc_models::{CouplingModel, DarkSector, DecaySettings, DecayTable, Mediator, MediatorKind};

/// Flags of `widths`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Mediator: scalar, vector, pseudoscalar, axial.
    #[arg(long)]
    pub mediator: MediatorKind,
    /// Mediator mass in GeV (1 keV to 10 TeV).
    #[arg(long, allow_negative_numbers = true)]
    pub mass: f64,
    /// Coupling g to muons (and, in lmu-ltau, to taus and left-handed nu_mu, nu_tau); at most
    /// sqrt(4 pi).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub coupling: f64,
    /// Coupling model: invisible (X escapes, BR_inv = 1), muon-only (what the muon coupling
    /// gives: mu mu, and gamma gamma for S and P), lmu-ltau (vector: mu mu, tau tau, nu nu).
    #[arg(long, default_value = "muon-only")]
    pub model: CouplingModel,
    /// Extra width (GeV) into a dark state (PDG id 52 pair) on top of the model's channels.
    #[arg(
        long = "dark-width",
        conflicts_with = "br_invisible",
        allow_negative_numbers = true
    )]
    pub dark_width: Option<f64>,
    /// Branching ratio into the dark state, in [0, 1), on top of the model's channels.
    #[arg(long = "br-invisible", allow_negative_numbers = true)]
    pub br_invisible: Option<f64>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    // the ranges of a run card, so that no width overflows silently
    mfcgen::card::check_mediator_ranges(a.mass, a.coupling, "--mass", "--coupling")?;
    let mediator = Mediator::new(a.mediator, a.mass, a.coupling)?;
    let dark = DarkSector::from_options(a.dark_width, a.br_invisible)?;
    let table = DecayTable::new(&mediator, &DecaySettings::new(a.model, dark)?)?;
    let ctau = table.ctau_mm();
    if a.json {
        let v = mfcgen::report::widths_json(&mediator, a.model, &table);
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!(
            "{} X, m_X = {} GeV, g = {}, model {}",
            a.mediator.name(),
            Num(a.mass),
            Num(a.coupling),
            a.model.name()
        )?;
        for p in table.channels() {
            outln!(
                "  {:<18} {:>13.6e} GeV   BR {:.6}",
                p.channel.label(),
                p.width,
                table.branching_ratio(p.channel)
            )?;
        }
        outln!("  total width        {:>13.6e} GeV", table.total_width())?;
        outln!(
            "  invisible BR       {:.6}",
            table.invisible_branching_ratio()
        )?;
        if ctau.is_finite() {
            outln!("  c tau              {:>13.6e} mm", ctau)?;
        } else {
            outln!("  c tau              infinite (X is stable: no channel is open)")?;
        }
    }
    Ok(())
}
