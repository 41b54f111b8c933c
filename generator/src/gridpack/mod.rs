//! Gridpacks: adapt once, ship the frozen result, generate anywhere in independent shards.
//!
//! - the file format ([`Gridpack`], [`LoadedGridpack`], [`GridpackError`]) is in
//!   [`crate::io::gridpack`] and re-exported here;
//! - [`Gridpack::adapt`] (this module): VEGAS adaptation and the maximum-weight search;
//! - [`shard`]: `--shard I/N`, shard seeds and [`generate_shard`];
//! - [`card_diff`]: the canonical card, its hash and the fields in which two cards differ.

pub mod card_diff;
pub mod shard;

pub use crate::io::gridpack::{
    FORMAT_NAME, FORMAT_VERSION, GENERATOR_VERSION, Gridpack, GridpackError, LoadedGridpack,
    Unweighting, content_sha256, sha256_hex,
};
pub use card_diff::{canonical_card, card_differences, card_sha256};
pub use shard::{Shard, ShardError, ShardRun, generate_shard, shard_seed};

use crate::card::ValidatedCard;
use crate::run::{RunError, vegas_settings};
use crate::unweight::{self, UnweightSettings};
use crate::vegas::{IterationReport, Vegas};
use std::path::PathBuf;
use std::time::Instant;

/// Timings and counters of [`Gridpack::adapt`] (not stored in the file).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptStats {
    /// VEGAS adaptation + integration, seconds.
    pub integration_seconds: f64,
    /// Maximum-weight search, seconds.
    pub max_weight_seconds: f64,
}

fn describe(card: &ValidatedCard) -> String {
    format!(
        "mu N -> mu N X: {} X (PDG {}), m_X = {} GeV, g = {}, {} GeV {} (PDG {}) on {} (PDG {}, {})",
        card.mediator.kind.name(),
        card.x_pdg_id.code(),
        card.mediator.mass,
        card.mediator.coupling,
        card.beam_energy,
        card.beam.name(),
        card.beam_pdg_id.code(),
        card.target.name,
        card.target.pdg_id().code(),
        card.form_factor.name()
    )
}

impl Gridpack {
    /// Adapts (VEGAS+ adaptation and integration to the card's precision) and finds the
    /// maximum weight with the default [`UnweightSettings`] (seed = the card's seed).
    ///
    /// # Errors
    /// [`GridpackError::Run`] if the process is closed, the integrand misbehaves or sigma = 0.
    pub fn adapt(
        card: &ValidatedCard,
        on_iteration: &mut dyn FnMut(&IterationReport),
    ) -> Result<(Self, AdaptStats), GridpackError> {
        Self::adapt_with(card, UnweightSettings::default(), on_iteration)
    }

    /// As [`Gridpack::adapt`] with explicit unweighting settings (`seed` is replaced by the
    /// card's seed).
    ///
    /// # Errors
    /// As [`Gridpack::adapt`].
    pub fn adapt_with(
        card: &ValidatedCard,
        unweight: UnweightSettings,
        on_iteration: &mut dyn FnMut(&IterationReport),
    ) -> Result<(Self, AdaptStats), GridpackError> {
        if card.spectrum.is_some() {
            return Err(RunError::Unsupported(
                "gridpacks hold a fixed-energy process; beam.spectrum runs are not yet supported"
                    .into(),
            )
            .into());
        }
        if card.slab.is_some() {
            return Err(RunError::Unsupported(
                "gridpacks hold a one-nucleus fixed-energy process; target.material and \
                 target.thickness_cm runs are not yet supported (run `mfcgen generate` on the card)"
                    .into(),
            )
            .into());
        }
        let t0 = Instant::now();
        let integ = crate::run::integrate(card, on_iteration)?;
        let integration_seconds = t0.elapsed().as_secs_f64();
        let e = integ.estimate;
        if !(e.mean > 0.0 && e.mean.is_finite()) {
            return Err(RunError::ZeroCrossSection.into());
        }
        let t1 = Instant::now();
        let seed = card.card.generation.seed;
        let settings = UnweightSettings { seed, ..unweight };
        let map = integ.vegas.frozen();
        let process = integ
            .source
            .fixed()
            .ok_or_else(|| RunError::Unsupported("gridpacks hold a fixed-energy process".into()))?;
        let mw = unweight::find_max_weight(process, &map, &settings);
        let max_weight_seconds = t1.elapsed().as_secs_f64();
        let card_text = card
            .card
            .to_toml_string()
            .map_err(|cause| GridpackError::Card {
                path: PathBuf::from("<in memory>"),
                cause,
            })?;
        let gp = Self {
            generator_version: GENERATOR_VERSION.to_string(),
            card: card_text,
            card_sha256: card_sha256(&card.card),
            seed,
            process: describe(card),
            vegas: vegas_settings(card),
            sigma_pb: e.mean,
            sigma_error_pb: e.sdev,
            chi2_dof: e.chi2_dof,
            iterations: e.n_iter,
            evaluations: e.n_eval,
            unweighting: Unweighting {
                w_max: mw.w_max,
                mean_weight: mw.mean_weight,
                expected_efficiency: mw.expected_efficiency,
                truncated_fraction: mw.truncated_fraction,
                max_truncation: settings.max_truncation,
                calibration_points: settings.calibration_points,
                batch_size: settings.batch_size,
            },
            map,
        };
        Ok((
            gp,
            AdaptStats {
                integration_seconds,
                max_weight_seconds,
            },
        ))
    }
}

/// Builds a [`Vegas`] integrator from a gridpack's map (e.g. to refine it further).
#[must_use]
pub fn vegas_of(g: &Gridpack) -> Vegas {
    Vegas::from_map(g.map.map().clone(), g.vegas.clone())
}
