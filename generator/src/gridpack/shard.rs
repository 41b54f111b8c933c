//! Shards: `--shard I/N` (or a Slurm array task) and the generation of one shard file from a
//! gridpack.
//!
//! Shard `I` of `N` unweights from the stored map with the stored `w_max`, on the random
//! streams `rng::stream(shard_seed(seed, I), PHASE_GENERATION, 0, batch)`. [`shard_seed`] is a
//! bijection of `I` for a fixed seed, so two shards never share a seed, and
//! `rng::stream_state` is a chain of bijections of its first word: for equal `(phase,
//! iteration, batch)` two shards get different 128-bit PCG states; for different batches a
//! collision needs a 128-bit coincidence (~2^-127 per pair of batches, < 2^-90 for 10^9
//! events). The streams depend on `I` only (not on `N`), so shard `I/4` and shard `I/8` are the
//! *same* sample: [`crate::merge`] refuses duplicated indices. The event weight is `sigma / K`
//! for a shard of `K` events (IDWTUP = 3); [`crate::merge`] rescales to `sigma / N_total`.

use crate::card::OutputFormat;
use crate::decay::EventDecayer;
use crate::io::gridpack::{GridpackError, LoadedGridpack};
use crate::io::lhe::{GridpackOrigin, LheWriter, RunInfo, RunSummary, Shards};
use crate::io::output::check_writable;
use crate::reweight::{EventWeights, ReweightedSigma, weight_names};
use crate::rng::splitmix64;
use crate::run::{RunError, reweight_ratios, reweighter_of};
use crate::unweight::{self, EventIds, GenerationStats, UnweightSettings};
use std::path::{Path, PathBuf};
use std::time::Instant;
use thiserror::Error;

/// Constant mixed into the seed before deriving shard seeds (separates them from the master
/// seed's own streams).
const K_SHARD: u64 = 0x5348_4152_445F_4D46; // "SHARD_MF"

/// Errors of `--shard I/N` and of the Slurm array environment.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShardError {
    /// Not of the form `I/N`.
    #[error("--shard {0:?}: expected I/N with 0 <= I < N, e.g. 3/16")]
    Syntax(String),
    /// Index out of range.
    #[error("shard {index}/{count}: the index must satisfy 0 <= I < N (from {source_name})")]
    Range {
        /// I.
        index: u64,
        /// N.
        count: u64,
        /// Where the values came from.
        source_name: String,
    },
    /// A Slurm variable does not parse.
    #[error("environment variable {name}={value:?} is not a non-negative integer")]
    Env {
        /// Variable.
        name: &'static str,
        /// Its value.
        value: String,
    },
    /// SLURM_ARRAY_TASK_ID without SLURM_ARRAY_TASK_COUNT.
    #[error("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard I/N")]
    MissingCount,
}

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shard {
    /// I, 0 <= I < N.
    pub index: u64,
    /// N.
    pub count: u64,
}

impl Shard {
    /// The whole sample as one shard: 0/1.
    pub const SINGLE: Self = Self { index: 0, count: 1 };

    /// Checked constructor.
    ///
    /// # Errors
    /// [`ShardError::Range`] unless `index < count`.
    pub fn new(index: u64, count: u64, source_name: &str) -> Result<Self, ShardError> {
        if index < count {
            Ok(Self { index, count })
        } else {
            Err(ShardError::Range {
                index,
                count,
                source_name: source_name.to_string(),
            })
        }
    }

    /// Parses `I/N`.
    ///
    /// # Errors
    /// [`ShardError`] for bad syntax or `I >= N`.
    pub fn parse(s: &str) -> Result<Self, ShardError> {
        let syntax = || ShardError::Syntax(s.to_string());
        let (i, n) = s.trim().split_once('/').ok_or_else(syntax)?;
        let i: u64 = i.trim().parse().map_err(|_| syntax())?;
        let n: u64 = n.trim().parse().map_err(|_| syntax())?;
        Self::new(i, n, "--shard")
    }

    /// The shard of a Slurm array task, from `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT`
    /// and, when present, `SLURM_ARRAY_TASK_MIN` and `SLURM_ARRAY_TASK_STEP`:
    /// `I = (ID - MIN) / STEP`, `N = COUNT`. `None` when `SLURM_ARRAY_TASK_ID` is unset.
    /// `get` looks a variable up (`|k| std::env::var(k).ok()` in the binary).
    ///
    /// # Errors
    /// [`ShardError`] for unparsable values, a missing count, or an index outside `0..N`
    /// (e.g. `--array=1,5,9`: pass `--shard` explicitly).
    pub fn from_slurm_env(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, ShardError> {
        let num = |name: &'static str| -> Result<Option<u64>, ShardError> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| ShardError::Env { name, value: v }),
            }
        };
        let Some(id) = num("SLURM_ARRAY_TASK_ID")? else {
            return Ok(None);
        };
        let count = num("SLURM_ARRAY_TASK_COUNT")?.ok_or(ShardError::MissingCount)?;
        let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let step = num("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
        let src = format!(
            "SLURM_ARRAY_TASK_ID={id}, SLURM_ARRAY_TASK_MIN={min}, SLURM_ARRAY_TASK_STEP={step}, \
             SLURM_ARRAY_TASK_COUNT={count}"
        );
        if id < min || (id - min) % step != 0 {
            return Err(ShardError::Range {
                index: id,
                count,
                source_name: src,
            });
        }
        Self::new((id - min) / step, count, &src).map(Some)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The seed of shard `index` for master seed `seed`: `S(S(seed ^ K) ^ index)` with `S` =
/// SplitMix64. A bijection of `index` for a fixed seed (distinct shards, distinct seeds).
#[must_use]
pub fn shard_seed(seed: u64, index: u64) -> u64 {
    splitmix64(splitmix64(seed ^ K_SHARD) ^ index)
}

/// Result of [`generate_shard`].
#[derive(Debug, Clone, PartialEq)]
pub struct ShardRun {
    /// The shard.
    pub shard: Shard,
    /// Its seed ([`shard_seed`]).
    pub shard_seed: u64,
    /// Events written.
    pub events: u64,
    /// Unweighting counters.
    pub stats: GenerationStats,
    /// Wall time (s).
    pub seconds: f64,
    /// The cross section of each `generation.reweight` alternative of the card from this
    /// shard's weights (empty without reweighting).
    pub reweighted: Vec<ReweightedSigma>,
}

/// Writes shard `shard` of `events` unweighted events from the gridpack into `output`
/// (`.lhe` or `.lhe.gz`, atomically). No adaptation: the stored map and `w_max` are used; the
/// random streams derive from `(seed, shard.index)` ([`shard_seed`]). The header records the
/// gridpack's SHA-256 and file name, the card hash, the shard and its seed. The output is a
/// pure function of (gridpack, shard index, events, output file name).
///
/// # Errors
/// [`GridpackError`] for an unwritable output or a write error.
pub fn generate_shard(
    gp: &LoadedGridpack,
    shard: Shard,
    events: u64,
    output: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ShardRun, GridpackError> {
    match OutputFormat::from_path(output) {
        Some(OutputFormat::Lhe | OutputFormat::LheGz) => {}
        _ => {
            return Err(GridpackError::OutputFormat {
                path: output.to_path_buf(),
            });
        }
    }
    check_writable(output)?;
    let start = Instant::now();
    let g = &gp.gridpack;
    let card = &gp.card;
    let process = gp.process()?;
    let seed = shard_seed(g.seed, shard.index);
    let settings = UnweightSettings {
        max_truncation: g.unweighting.max_truncation,
        calibration_points: g.unweighting.calibration_points,
        batch_size: g.unweighting.batch_size,
        seed,
    };
    // the card as it applies to this file: events and output name (no directory, so a shard
    // regenerated elsewhere is byte-identical)
    let mut file_card = card.card.clone();
    file_card.generation.events = events;
    file_card.generation.output = output
        .file_name()
        .map_or_else(|| output.to_path_buf(), PathBuf::from);
    let card_text = file_card.to_toml_string().unwrap_or_default();
    let mut header = RunSummary {
        card: &card_text,
        seed: g.seed,
        events,
        xsec_pb: g.sigma_pb,
        xerr_pb: g.sigma_error_pb,
        efficiency: g.unweighting.expected_efficiency,
        max_weight: g.unweighting.w_max,
    }
    .to_header();
    header.origin = Some(GridpackOrigin {
        gridpack: gp.path.file_name().map_or_else(
            || gp.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        gridpack_sha256: gp.sha256.clone(),
        card_sha256: g.card_sha256.clone(),
        shards: Shards::Single { shard, seed },
    });
    let info = RunInfo::for_card(card, g.sigma_pb, g.sigma_error_pb, &header);
    let names = weight_names(&card.reweight);
    let mut writer = LheWriter::create_with_weights(output, &info, &names)?;
    let reweighter = reweighter_of(card)?;
    let mut weights = EventWeights::new(reweighter.len());
    let ids = EventIds {
        muon: card.beam_pdg_id.code(),
        nucleus: card.target.pdg_id().code(),
        x: card.x_pdg_id.code(),
    };
    let weight = g.sigma_pb / events.max(1) as f64;
    let decayer = EventDecayer::of_card(card, seed);
    let stats = unweight::generate_annotated(
        &process,
        &g.map,
        g.unweighting.w_max,
        ids,
        weight,
        events,
        &settings,
        &|e, p, index| {
            let decayed = decayer.as_ref().map(|d| d.decay(e, index)).transpose();
            (reweight_ratios(&reweighter, p), decayed)
        },
        &mut |e, (ratios, decayed)| -> Result<(), GridpackError> {
            let w = weights
                .next(e.event.weight, ratios)
                .map_err(|err| GridpackError::from(RunError::from(err)))?;
            match decayed.map_err(RunError::from)? {
                None => writer.write_event_with_weights(&e.event, w)?,
                Some((event, decay)) => writer.write_event_full(&event, Some(&decay), w)?,
            }
            Ok(())
        },
        progress,
    )?;
    let written = writer.finish()?;
    Ok(ShardRun {
        shard,
        shard_seed: seed,
        events: written,
        stats,
        seconds: start.elapsed().as_secs_f64(),
        reweighted: weights.estimates(g.sigma_pb, g.sigma_error_pb, &names),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parsing() {
        assert_eq!(
            Shard::parse("3/16"),
            Ok(Shard {
                index: 3,
                count: 16
            })
        );
        assert_eq!(Shard::parse(" 0 / 1 "), Ok(Shard::SINGLE));
        assert!(matches!(Shard::parse("4/4"), Err(ShardError::Range { .. })));
        assert!(matches!(Shard::parse("1"), Err(ShardError::Syntax(_))));
        assert!(matches!(Shard::parse("a/2"), Err(ShardError::Syntax(_))));
        assert!(matches!(Shard::parse("-1/2"), Err(ShardError::Syntax(_))));
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn shard_from_slurm() {
        assert_eq!(Shard::from_slurm_env(env(&[])), Ok(None));
        let s = Shard::from_slurm_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]));
        assert_eq!(s, Ok(Some(Shard { index: 2, count: 4 })));
        // --array=1-4
        let s = Shard::from_slurm_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]));
        assert_eq!(s, Ok(Some(Shard { index: 3, count: 4 })));
        // --array=10-16:2 -> 10,12,14,16
        let s = Shard::from_slurm_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "14"),
            ("SLURM_ARRAY_TASK_MIN", "10"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]));
        assert_eq!(s, Ok(Some(Shard { index: 2, count: 4 })));
        // --array=1,5,9: ids are not a range
        let s = Shard::from_slurm_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "9"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]));
        assert!(matches!(s, Err(ShardError::Range { .. })), "{s:?}");
        assert_eq!(
            Shard::from_slurm_env(env(&[("SLURM_ARRAY_TASK_ID", "0")])),
            Err(ShardError::MissingCount)
        );
        assert!(matches!(
            Shard::from_slurm_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "x"),
                ("SLURM_ARRAY_TASK_COUNT", "2")
            ])),
            Err(ShardError::Env { .. })
        ));
    }

    #[test]
    fn shard_seeds_distinct() {
        let mut seeds: Vec<u64> = (0..100_000).map(|i| shard_seed(1, i)).collect();
        seeds.push(1);
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), 100_001);
        assert_ne!(shard_seed(1, 0), shard_seed(2, 0));
    }
}
