//! `mfcgen yield`: expected X per muon through a thick target of a material, with the muon's
//! mean energy loss (library: [`mfcgen::thick_target`]).

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use mfc_models::MediatorKind;
use mfcgen::card::{Overrides, RunCard};
use mfcgen::thick_target::{ThickTargetSettings, thick_target_yield};
use std::path::PathBuf;

/// `--energy-loss on|off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// Follow the muon's mean energy loss through the slab.
    On,
    /// The entry energy over the whole slab (a thin-target estimate).
    Off,
}

/// Flags of `yield`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Run card (TOML): beam energy, mediator, form factor, integration settings, and
    /// optionally `target.material`, `target.thickness_cm` and `[materials.NAME]`.
    #[arg(long)]
    pub card: Option<PathBuf>,
    /// Material: Cu, Fe, Pb, W, Al, C, LAr, polystyrene, PbWO4, LYSO, brass, or a
    /// `[materials.NAME]` of the card (default: target.material, else target.name).
    #[arg(long)]
    pub target: Option<String>,
    /// Thickness in cm (default: target.thickness_cm).
    #[arg(long = "thickness-cm", allow_negative_numbers = true)]
    pub thickness_cm: Option<f64>,
    /// Follow the muon energy loss (on) or use the entry energy throughout (off).
    #[arg(long = "energy-loss", value_enum, default_value = "on")]
    pub energy_loss: Switch,
    /// Energies per element at which sigma is integrated (interpolated in ln E between).
    #[arg(long = "energy-nodes", default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=50))]
    pub energy_nodes: u32,
    /// Mediator: scalar, vector, pseudoscalar, axial.
    #[arg(long)]
    pub mediator: Option<MediatorKind>,
    /// Mediator mass in GeV.
    #[arg(long, allow_negative_numbers = true)]
    pub mass: Option<f64>,
    /// Coupling g to muons.
    #[arg(long, allow_negative_numbers = true)]
    pub coupling: Option<f64>,
    /// Beam (entry) energy in GeV.
    #[arg(long = "beam-energy", allow_negative_numbers = true)]
    pub beam_energy: Option<f64>,
    /// Target relative precision of each sigma.
    #[arg(long, allow_negative_numbers = true)]
    pub precision: Option<f64>,
    /// Random seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Print machine-readable JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let mut card = match &a.card {
        Some(p) => RunCard::from_file(p)?,
        None => RunCard::default(),
    };
    card.apply(&Overrides {
        mediator_kind: a.mediator,
        mass: a.mass,
        coupling: a.coupling,
        beam_energy: a.beam_energy,
        precision: a.precision,
        seed: a.seed,
        ..Overrides::default()
    });
    let material = card.material(a.target.as_deref())?;
    let thickness = card.thickness_cm(a.thickness_cm)?;
    let card = card.validate().context("invalid run configuration")?;
    let settings = ThickTargetSettings {
        energy_loss: a.energy_loss == Switch::On,
        energy_nodes: a.energy_nodes as usize,
        ..ThickTargetSettings::new(thickness)
    };
    let y = thick_target_yield(&card, &material, &settings)?;
    if a.json {
        let elements: Vec<serde_json::Value> = y
            .elements
            .iter()
            .map(|e| {
                serde_json::json!({
                    "symbol": e.symbol,
                    "Z": e.z,
                    "A": e.a,
                    "molar_mass_g_mol": e.molar_mass_g_mol,
                    "atoms_per_cm3": e.atoms_per_cm3,
                    "sigma_pb": e.sigma_pb,
                    "sigma_error_pb": e.sigma_error_pb,
                    "x_per_muon": e.x_per_muon,
                })
            })
            .collect();
        let v = serde_json::json!({
            "material": y.material,
            "thickness_cm": y.thickness_cm,
            "density_g_cm3": y.density_g_cm3,
            "energy_loss": y.energy_loss,
            "entry_energy_gev": y.entry_energy_gev,
            "exit_energy_gev": y.exit_energy_gev,
            "mean_energy_loss_gev": y.mean_energy_loss_gev,
            "x_per_muon": y.x_per_muon,
            "x_per_muon_error": y.x_per_muon_error,
            "interpolation_error": y.interpolation_error,
            "mediator": card.mediator.kind.name(),
            "mass_gev": card.mediator.mass,
            "coupling": card.mediator.coupling,
            "form_factor": card.form_factor.name(),
            "beam": card.beam.name(),
            "seed": card.card.generation.seed,
            "elements": elements,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!(
            "{} X, m_X = {} GeV, g = {}: {} GeV {} through {} cm of {} ({} g/cm^3), energy loss {}",
            card.mediator.kind.name(),
            card.mediator.mass,
            card.mediator.coupling,
            y.entry_energy_gev,
            card.beam.name(),
            y.thickness_cm,
            y.material,
            y.density_g_cm3,
            if y.energy_loss { "on" } else { "off" }
        )?;
        outln!(
            "  X per muon        {:.6e} +- {:.2e}",
            y.x_per_muon,
            y.x_per_muon_error
        )?;
        outln!(
            "  mean energy loss  {:.4} GeV (exit {:.4} GeV)",
            y.mean_energy_loss_gev,
            y.exit_energy_gev
        )?;
        if let Some(i) = y.interpolation_error {
            outln!("  ln E interpolation error (one midpoint)  {i:+.2e}")?;
        }
        outln!(
            "  {:>3} {:>4} {:>4} {:>12} {:>12} {:>12}",
            "el",
            "Z",
            "A",
            "atoms/cm^3",
            "sigma/pb",
            "X/muon"
        )?;
        for e in &y.elements {
            outln!(
                "  {:>3} {:>4} {:>4} {:>12.4e} {:>12.4e} {:>12.4e}",
                e.symbol,
                e.z,
                e.a,
                e.atoms_per_cm3,
                e.sigma_pb,
                e.x_per_muon
            )?;
        }
    }
    Ok(())
}
