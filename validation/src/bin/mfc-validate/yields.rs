//! `mfc-validate yields`: N_X per g^2 (GKSST Eqs. 4-5) next to the paper's values.

use crate::flags;
use crate::progress::Progress;
use clap::Args as ClapArgs;
use mfc_validation::analysis::yields::{GKSST_YIELDS, YieldConfig, yield_table_with_progress};
use std::io::Write;

/// Flags of `yields`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Run card: its target, form factor and seed are used (default: Cu-63, elastic).
    #[arg(long)]
    pub card: Option<std::path::PathBuf>,
    /// Relative precision of the folded cross sections, in (0, 1).
    #[arg(long, default_value_t = 1e-2, value_parser = flags::precision)]
    pub precision: f64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Target: the paper's thin 253 cm copper slab (default), or the ATLAS barrel as built
    /// with the muon energy loss (adds the yield ratio barrel / slab per mass).
    #[arg(long, value_parser = crate::atlas_flag::material_parser(), default_value = "copper-slab")]
    pub material: mfc_validation::analysis::atlas_barrel::TargetMaterial,
}

/// Runs `yields`.
pub fn run(a: &Args) -> anyhow::Result<()> {
    let mut cfg = YieldConfig {
        precision: a.precision,
        ..YieldConfig::default()
    };
    crate::card_opt::apply_card(&mut cfg, a.card.as_deref())?;
    let masses: Vec<f64> = GKSST_YIELDS.iter().map(|x| x.0).collect();
    let mut progress = Progress::new("yields", "cross sections");
    let t = yield_table_with_progress(&cfg, &masses, &mut |d, n| progress.update(d, n))?;
    drop(progress);
    if a.material == mfc_validation::analysis::atlas_barrel::TargetMaterial::AtlasBarrel {
        return crate::atlas_flag::print_with_barrel(&cfg, &t, a.json);
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&t)?)?;
    } else {
        write!(out, "{}", t.to_text())?;
    }
    out.flush()?;
    Ok(())
}
