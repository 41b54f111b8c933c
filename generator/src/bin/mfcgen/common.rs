//! Flags shared by `integrate` and `generate`, card loading and progress bars.

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mfc_models::CouplingModel;
use mfc_models::{FormFactorKind, MediatorKind};
use mfcgen::card::{BeamParticle, DecayMode, Overrides, RunCard, ValidatedCard};
use mfcgen::run::convergence_issues;
use mfcgen::vegas::{Estimate, IterationReport};
use std::path::PathBuf;

/// Physics and integration flags; each overrides the card.
#[derive(Args, Debug, Clone)]
pub struct RunFlags {
    /// Run card (TOML); without it the embedded default card is used.
    #[arg(long)]
    pub card: Option<PathBuf>,
    /// Mediator: scalar, vector, pseudoscalar, axial.
    #[arg(long)]
    pub mediator: Option<MediatorKind>,
    /// Mediator mass in GeV.
    #[arg(long, allow_negative_numbers = true)]
    pub mass: Option<f64>,
    /// Coupling g to muons.
    #[arg(long, allow_negative_numbers = true)]
    pub coupling: Option<f64>,
    /// Target: Cu, Fe, W, Pb, Al, C or "Z,A,mass_u".
    #[arg(long)]
    pub target: Option<String>,
    /// Beam energy in GeV (lab frame, nucleus at rest).
    #[arg(long = "beam-energy", allow_negative_numbers = true)]
    pub beam_energy: Option<f64>,
    /// Beam particle: mu- or mu+.
    #[arg(long, allow_hyphen_values = true)]
    pub beam: Option<BeamParticle>,
    /// Incoming-muon spectrum file P_in(p, eta) (from `mfc-validate spectrum`): folds the
    /// cross section with it and writes events in the ATLAS frame (needs a .hepmc output).
    #[arg(long = "beam-spectrum")]
    pub beam_spectrum: Option<PathBuf>,
    /// Form factor: elastic, elastic+inelastic, elastic+inelastic-best, none.
    #[arg(long = "form-factor")]
    pub form_factor: Option<FormFactorKind>,
    /// Target relative precision of sigma.
    #[arg(long, allow_negative_numbers = true)]
    pub precision: Option<f64>,
    /// Random seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// An alternative hypothesis written as a named weight of every event (repeatable;
    /// replaces the card's generation.reweight): KIND[:FORM_FACTOR][:g=COUPLING] at the card's
    /// mass, e.g. --reweight axial --reweight vector:none.
    #[arg(long = "reweight", value_name = "ITEM")]
    pub reweight: Vec<String>,
    /// Print machine-readable JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1, no events written) when the integration did not converge: the requested
    /// precision not reached, or the iterations inconsistent (chi2 p-value below 1e-3).
    /// Without it these are warnings on stderr.
    #[arg(long)]
    pub strict: bool,
    /// Coupling model (what X decays into): invisible (BR_inv = 1), muon-only (mu mu; gamma
    /// gamma for S and P), lmu-ltau (vector: mu mu, tau tau, nu nu).
    #[arg(long)]
    pub model: Option<CouplingModel>,
    /// Width (GeV) into a dark fermion pair (PDG 52) on top of the model's channels.
    #[arg(
        long = "dark-width",
        conflicts_with = "br_invisible",
        allow_negative_numbers = true
    )]
    pub dark_width: Option<f64>,
    /// Branching ratio into the dark pair, in [0, 1), on top of the model's channels.
    #[arg(long = "br-invisible", allow_negative_numbers = true)]
    pub br_invisible: Option<f64>,
    /// decay (X decays by its model's widths) or stable (X always written stable).
    #[arg(long = "decay-mode")]
    pub decay_mode: Option<DecayMode>,
}

impl RunFlags {
    /// The decay flags as overrides (every other field unset), for `..` in an [`Overrides`].
    pub fn decay_overrides(&self) -> Overrides {
        Overrides {
            model: self.model,
            dark_width: self.dark_width,
            br_invisible: self.br_invisible,
            decay_mode: self.decay_mode,
            ..Overrides::default()
        }
    }

    /// Loads the card, applies the flags and validates before any work.
    pub fn load(
        &self,
        events: Option<u64>,
        output: Option<PathBuf>,
    ) -> anyhow::Result<ValidatedCard> {
        let card = match &self.card {
            Some(p) => RunCard::from_file(p)?,
            None => RunCard::default(),
        };
        Ok(card.with_overrides(&Overrides {
            mediator_kind: self.mediator,
            mass: self.mass,
            coupling: self.coupling,
            target: self.target.clone(),
            beam_energy: self.beam_energy,
            beam_particle: self.beam,
            beam_spectrum: self.beam_spectrum.clone(),
            form_factor: self.form_factor,
            precision: self.precision,
            seed: self.seed,
            events,
            output,
            reweight: self.reweight_override(),
            ..self.decay_overrides()
        })?)
    }
}

impl RunFlags {
    /// `--reweight` as an override of `generation.reweight` (none when not given).
    pub fn reweight_override(&self) -> Option<Vec<String>> {
        (!self.reweight.is_empty()).then(|| self.reweight.clone())
    }
}

/// Checks the convergence of an integration: prints each problem as a warning on stderr (and
/// returns them for the JSON output), or fails with them under `--strict`.
pub fn check_convergence(
    flags: &RunFlags,
    card: &ValidatedCard,
    estimate: &Estimate,
) -> anyhow::Result<Vec<String>> {
    if !(estimate.mean > 0.0) {
        anyhow::bail!(
            "the cross section is {:e} +- {:e} pb: no point of the phase space contributed \
             (m_X = {} GeV lies {:.1e} (relative) below the largest open mass {} GeV; this \
             close to threshold the phase space is below double precision)",
            estimate.mean,
            estimate.sdev,
            card.mediator.mass,
            1.0 - card.mediator.mass / card.max_mediator_mass,
            card.max_mediator_mass
        );
    }
    let issues: Vec<String> = convergence_issues(estimate, card.card.integration.precision)
        .iter()
        .map(ToString::to_string)
        .collect();
    if flags.strict && !issues.is_empty() {
        anyhow::bail!("--strict: {}", issues.join("; "));
    }
    for i in &issues {
        eprintln!("mfcgen: warning: {i}");
    }
    Ok(issues)
}

/// The beam as a reader should see it: the fixed energy, or the spectrum's momentum range
/// and mean.
pub fn beam_description(card: &ValidatedCard) -> String {
    match &card.spectrum {
        None => format!("{} GeV {}", card.beam_energy, card.beam.name()),
        Some(sp) => {
            let (lo, hi) = sp.momentum_range();
            format!(
                "{} from a spectrum (p = {lo}..{hi} GeV, mean {:.1} GeV)",
                card.beam.name(),
                sp.mean_momentum()
            )
        }
    }
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(&format!(
        "{what:>10} [{{bar:40}}] {{pos}}/{{len}} {{msg}} ({{elapsed}}, eta {{eta}})"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    pb.set_style(style.progress_chars("=> "));
    pb
}

/// The VEGAS progress line: iterations done of at most adapt + max (VEGAS stops as soon as the
/// requested precision is reached, so the count rarely reaches its maximum).
pub fn vegas_bar(card: &ValidatedCard) -> ProgressBar {
    let ic = &card.card.integration;
    let pb = ProgressBar::with_draw_target(
        Some(u64::from(ic.adapt_iterations + ic.max_iterations)),
        ProgressDrawTarget::stderr(),
    );
    let style = ProgressStyle::with_template(
        "     vegas {spinner} iteration {pos} (at most {len}, stops at integration.precision) \
         {msg} ({elapsed})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_spinner());
    pb.set_style(style);
    pb
}

/// Progress of the VEGAS iterations.
pub fn iteration_callback(pb: &ProgressBar) -> impl FnMut(&IterationReport) + '_ {
    move |r: &IterationReport| {
        pb.inc(1);
        let c = &r.cumulative;
        let phase = if r.adapting {
            "adapting"
        } else {
            "integrating"
        };
        pb.set_message(format!("{phase}: {:.6e} +- {:.2e} pb", c.mean, c.sdev));
    }
}

/// mean(sdev) formatting, e.g. 1.23456(12)e-3.
pub fn mean_sdev(mean: f64, sdev: f64) -> String {
    format!("{mean:.6e} +- {sdev:.2e}")
}
