//! `mfcgen matrix-element`: |M|^2 at five four-momenta, for point-by-point comparison with a
//! MadGraph standalone output.

use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use mfc_models::{FormFactorKind, MatrixElement, Mediator, MediatorKind, Target};
use std::path::PathBuf;

/// Flags of `matrix-element`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Mediator: scalar, vector, pseudoscalar, axial.
    #[arg(long)]
    pub mediator: MediatorKind,
    /// Mediator mass in GeV.
    #[arg(long)]
    pub mass: f64,
    /// Coupling g.
    #[arg(long, default_value_t = 1.0)]
    pub coupling: f64,
    /// Target (Cu, Fe, W, Pb, Al, C or "Z,A,mass_u").
    #[arg(long, default_value = "Cu")]
    pub target: String,
    /// Form factor.
    #[arg(long = "form-factor", default_value = "elastic")]
    pub form_factor: FormFactorKind,
    /// File with five lines "E px py pz" (GeV): incoming muon, incoming nucleus, outgoing
    /// muon, outgoing nucleus, X.
    #[arg(long)]
    pub momenta: PathBuf,
    /// Print JSON ({"me2": ...}).
    #[arg(long)]
    pub json: bool,
}

fn parse_momenta(text: &str, path: &str) -> anyhow::Result<[[f64; 4]; 5]> {
    let mut out = [[0.0; 4]; 5];
    let mut n = 0;
    for (lineno, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if n == 5 {
            bail!("{path}:{}: more than five momenta", lineno + 1);
        }
        let vals: Vec<&str> = l.split_whitespace().collect();
        // accept "E px py pz" or MadGraph's "i E px py pz"
        let vals = if vals.len() == 5 {
            &vals[1..]
        } else {
            &vals[..]
        };
        if vals.len() != 4 {
            bail!(
                "{path}:{}: expected four numbers 'E px py pz', found {}",
                lineno + 1,
                vals.len()
            );
        }
        for (c, v) in vals.iter().enumerate() {
            out[n][c] = v
                .replace(['D', 'd'], "e")
                .parse()
                .with_context(|| format!("{path}:{}: '{v}' is not a number", lineno + 1))?;
        }
        n += 1;
    }
    if n != 5 {
        bail!("{path}: expected five momenta, found {n}");
    }
    Ok(out)
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let target = Target::by_name(&a.target)?;
    let med = Mediator::new(a.mediator, a.mass, a.coupling)?;
    let text = std::fs::read_to_string(&a.momenta)
        .with_context(|| format!("cannot read {}", a.momenta.display()))?;
    let momenta = parse_momenta(&text, &a.momenta.display().to_string())?;
    let me = MatrixElement::new(&med, &target, a.form_factor);
    let v = me
        .me2_from_momenta(&momenta)
        .with_context(|| format!("momenta in {}", a.momenta.display()))?;
    if a.json {
        outln!("{}", serde_json::json!({ "me2": v, "unit": "GeV^-2" }))?;
    } else {
        outln!("{v:.16e}")?;
    }
    Ok(())
}
