//! Machine-readable summaries of a run, shared by `mfcgen integrate --json` and the Python
//! bindings so that both report the same fields with the same names.

use crate::card::ValidatedCard;
use crate::run::{Generation, Integration};
use mfc_models::{CouplingModel, DecayTable, Mediator};

/// The summary of an integration: sigma (pb) with its error, chi2/dof, iterations, the
/// physics of the card and the convergence `warnings` ([`crate::run::convergence_issues`]).
#[must_use]
pub fn integration_json(
    card: &ValidatedCard,
    integration: &Integration,
    warnings: &[String],
) -> serde_json::Value {
    let e = &integration.estimate;
    let mut v = serde_json::json!({
        "sigma_pb": e.mean,
        "error_pb": e.sdev,
        "relative_error": e.sdev / e.mean,
        "chi2_dof": e.chi2_dof,
        "iterations": e.n_iter,
        "evaluations": e.n_eval,
        "seconds": integration.seconds,
        "mediator": card.mediator.kind.name(),
        "mass_gev": card.mediator.mass,
        "coupling": card.mediator.coupling,
        "target": card.target.name,
        "form_factor": card.form_factor.name(),
        "beam": card.beam.name(),
        "seed": card.card.generation.seed,
        "converged": warnings.is_empty(),
        "warnings": warnings,
    });
    if let Some(slab) = slab_json(integration) {
        v["slab"] = slab;
    }
    match &card.spectrum {
        None => v["beam_energy_gev"] = card.beam_energy.into(),
        Some(sp) => {
            let (lo, hi) = sp.momentum_range();
            v["beam_momentum_range_gev"] = serde_json::json!([lo, hi]);
            v["beam_momentum_mean_gev"] = sp.mean_momentum().into();
        }
    }
    v
}

/// The summary of a generation run (what `mfcgen generate --json` prints, without the output
/// file's name): sigma, the unweighting efficiency and truncation, timings, the seed.
#[must_use]
pub fn generation_json(
    card: &ValidatedCard,
    integration: &Integration,
    generation: &Generation,
    warnings: &[String],
) -> serde_json::Value {
    let e = &integration.estimate;
    let s = &generation.stats;
    let mut v = serde_json::json!({
        "sigma_pb": e.mean,
        "error_pb": e.sdev,
        "chi2_dof": e.chi2_dof,
        "events": generation.events,
        "efficiency": s.efficiency(),
        "expected_efficiency": generation.max_weight.expected_efficiency,
        "overweight_fraction": s.overweight_fraction(),
        "truncated_fraction": s.truncated_fraction(),
        "max_weight": generation.max_weight.w_max,
        "converged": warnings.is_empty(),
        "warnings": warnings,
        "integration_seconds": integration.seconds,
        "generation_seconds": generation.seconds,
        "events_per_second": generation.events as f64 / generation.seconds.max(1e-9),
        "seed": card.card.generation.seed,
    });
    if let Some(slab) = slab_json(integration) {
        v["slab"] = slab;
    }
    v
}

/// The material slab of a `target.material` / `target.thickness_cm` run: the material, its
/// elements (symbol, Z, A, nucleus PDG id, atoms per cm^3, atom fraction), the thickness, the
/// exit energy and, for a thick slab, the expected X per muon n L sigma with its error
/// (`sigma_pb` of the run is per atom, averaged over the atom fractions). `None` otherwise.
#[must_use]
pub fn slab_json(integration: &Integration) -> Option<serde_json::Value> {
    let crate::run::Source::Slab(slab) = &integration.source else {
        return None;
    };
    let e = &integration.estimate;
    let elements: Vec<serde_json::Value> = slab
        .elements()
        .iter()
        .map(|el| {
            serde_json::json!({
                "symbol": el.target.name,
                "Z": el.target.z,
                "A": el.target.a,
                "pdg_id": el.nucleus_pdg,
                "atoms_per_cm3": el.atoms_per_cm3,
                "atom_fraction": el.atom_fraction,
            })
        })
        .collect();
    Some(serde_json::json!({
        "material": slab.material(),
        "density_g_cm3": slab.density_g_cm3(),
        "thickness_cm": slab.thickness_cm(),
        "exit_energy_gev": slab.exit_energy(),
        "atoms_per_cm3": slab.atoms_per_cm3(),
        "x_per_muon": slab.x_per_muon(e.mean),
        "x_per_muon_error": slab.x_per_muon(e.sdev),
        "elements": elements,
    }))
}

/// The decay table of X (what `mfcgen widths --json` prints): per channel the width (GeV),
/// branching ratio, products and invisibility; the total width, invisible branching ratio and
/// c tau in mm (`null` for a stable X: JSON has no infinity).
#[must_use]
pub fn widths_json(
    mediator: &Mediator,
    model: CouplingModel,
    table: &DecayTable,
) -> serde_json::Value {
    let channels: serde_json::Map<String, serde_json::Value> = table
        .channels()
        .iter()
        .map(|p| {
            let v = serde_json::json!({
                "width_gev": p.width,
                "branching_ratio": table.branching_ratio(p.channel),
                "products": p.channel.products().map(|id| id.code()),
                "invisible": p.channel.is_invisible(),
            });
            (p.channel.name().to_string(), v)
        })
        .collect();
    let ctau = table.ctau_mm();
    serde_json::json!({
        "mediator": mediator.kind.name(),
        "mass_gev": mediator.mass,
        "coupling": mediator.coupling,
        "model": model.name(),
        "channels": channels,
        "total_width_gev": table.total_width(),
        "invisible_branching_ratio": table.invisible_branching_ratio(),
        "stable": table.is_stable(),
        "ctau_mm": ctau.is_finite().then_some(ctau),
    })
}
