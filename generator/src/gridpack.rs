//! Gridpacks: adapt once, ship the frozen result, generate anywhere in independent shards.
//!
//! A gridpack is one self-describing JSON file (gzip-compressed when its name ends in `.gz`)
//! holding everything event generation needs, so that `mfcgen generate --gridpack` never
//! re-adapts:
//!
//! | field | content |
//! |---|---|
//! | `format`, `format_version` | `"mfcgen-gridpack"`, [`FORMAT_VERSION`] |
//! | `generator_version` | the `mfcgen` version that wrote it |
//! | `card`, `card_sha256` | the run card (TOML) and the SHA-256 of its canonical form ([`card_sha256`]) |
//! | `seed` | the master seed (`generation.seed`) |
//! | `process` | a one-line human-readable description |
//! | `vegas` | the VEGAS settings used |
//! | `sigma_pb`, `sigma_error_pb`, `chi2_dof`, `iterations`, `evaluations` | the integration result |
//! | `unweighting` | `w_max`, the calibration sample's mean weight and efficiency, truncation, batch size |
//! | `map` | the frozen VEGAS map ([`FrozenMap`]) |
//!
//! Floats that matter for reproducibility (the map, sigma, `w_max`) are written as strings of
//! Rust's shortest round-trip decimal representation and read back with `str::parse`, so a
//! gridpack reproduces the in-memory map bit for bit (serde_json's default float parser is
//! only "best effort"). Nothing machine- or time-dependent is written: the same card and seed
//! give a byte-identical gridpack.
//!
//! **Loading** ([`LoadedGridpack::load`]) checks, in this order, the format name, the format
//! version, the generator version (exact match: a different `mfcgen` may compute different
//! events from the same map), the card hash against the stored card (integrity), the map
//! dimension, and (with [`LoadedGridpack::check_card`]) a user card against the stored one,
//! naming every field that differs.
//!
//! **Shards** ([`Shard`], [`generate_shard`]): shard `I` of `N` unweights from the stored map
//! with the stored `w_max`, on the random streams `rng::stream(shard_seed(seed, I),
//! PHASE_GENERATION, 0, batch)`. [`shard_seed`] is a bijection of `I` for a fixed seed, so two
//! shards never share a seed, and `rng::stream_state` is a chain of bijections of its first
//! word: for equal `(phase, iteration, batch)` two shards get different 128-bit PCG states; for
//! different batches a collision needs a 128-bit coincidence (~2^-127 per pair of batches,
//! < 2^-90 for 10^9 events). The streams depend on `I` only (not on `N`), so shard `I/4` and
//! shard `I/8` are the *same* sample: [`crate::merge`] refuses duplicated indices.
//! The event weight is `sigma / K` for a shard of `K` events (IDWTUP = 3); [`crate::merge`]
//! rescales to `sigma / N_total`.

use crate::card::{CardError, OutputFormat, RunCard, ValidatedCard};
use crate::lhe::{LheError, LheWriter, RunInfo, RunSummary};
use crate::output::{AtomicFile, OutputError, check_writable};
use crate::phase_space::{DIM, Mapping};
use crate::process::Process;
use crate::rng::splitmix64;
use crate::run::{RunError, process_of, vegas_settings};
use crate::unweight::{self, EventIds, GenerationStats, UnweightSettings};
use crate::vegas::{FrozenMap, IterationReport, Vegas, VegasSettings};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use thiserror::Error;

/// The `format` field of every gridpack.
pub const FORMAT_NAME: &str = "mfcgen-gridpack";
/// Version of the gridpack layout; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;
/// The generator version written into (and required of) gridpacks.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Constant mixed into the seed before deriving shard seeds (separates them from the master
/// seed's own streams).
const K_SHARD: u64 = 0x5348_4152_445F_4D46; // "SHARD_MF"

/// Errors of gridpack writing, loading and shard generation. Each names the file concerned.
#[derive(Debug, Error)]
pub enum GridpackError {
    /// The gridpack file cannot be read.
    #[error("cannot read gridpack {path}: {source}")]
    Read {
        /// The gridpack.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid JSON or a field has the wrong type.
    #[error("gridpack {path}: {message}")]
    Json {
        /// The gridpack.
        path: PathBuf,
        /// serde_json's message (with line and column when known).
        message: String,
    },
    /// The file is JSON but not a gridpack.
    #[error(
        "{path} is not an mfcgen gridpack (field `format` is {found}, expected \"{FORMAT_NAME}\")"
    )]
    NotAGridpack {
        /// The file.
        path: PathBuf,
        /// What `format` holds.
        found: String,
    },
    /// Written with another layout version.
    #[error(
        "gridpack {path} has format_version {found}, this mfcgen reads format_version {FORMAT_VERSION}; \
         re-run `mfcgen adapt` with this version"
    )]
    FormatVersion {
        /// The gridpack.
        path: PathBuf,
        /// Its format version.
        found: u64,
    },
    /// Written by another generator version.
    #[error(
        "gridpack {path} was written by mfcgen {found}, this is mfcgen {GENERATOR_VERSION}; \
         events would not be reproducible: re-run `mfcgen adapt` with this version or use mfcgen {found}"
    )]
    GeneratorVersion {
        /// The gridpack.
        path: PathBuf,
        /// Its generator version.
        found: String,
    },
    /// The given card differs from the gridpack's card.
    #[error("gridpack {path} was made for another card than {card}: {}", .differences.join("; "))]
    CardMismatch {
        /// The gridpack.
        path: PathBuf,
        /// The card (file name or "command line").
        card: String,
        /// `field: gridpack value vs card value`, one per differing field.
        differences: Vec<String>,
    },
    /// The stored card does not parse or validate.
    #[error("gridpack {path}: field `card`: {source}")]
    Card {
        /// The gridpack.
        path: PathBuf,
        /// Parse or validation error.
        source: CardError,
    },
    /// A field is inconsistent (hash mismatch, wrong dimension, non-finite number, ...).
    #[error("gridpack {path}: field `{field}`: {message}")]
    Corrupt {
        /// The gridpack.
        path: PathBuf,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The event file name is not `.lhe` / `.lhe.gz`.
    #[error("output {path}: shards are written as .lhe or .lhe.gz")]
    OutputFormat {
        /// The requested output.
        path: PathBuf,
    },
    /// Output error (gridpack or event file).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Integration or process error.
    #[error(transparent)]
    Run(#[from] RunError),
    /// Event-file error.
    #[error(transparent)]
    Lhe(#[from] LheError),
}

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

/// The card with the fields that do not affect the physics or the random streams
/// (`generation.events`, `generation.output`) reset to their defaults.
#[must_use]
pub fn canonical_card(card: &RunCard) -> RunCard {
    let mut c = card.clone();
    let d = crate::card::GenerationCard::default();
    c.generation.events = d.events;
    c.generation.output = d.output;
    c
}

/// SHA-256 (hex) of the canonical card's TOML: equal for cards that describe the same
/// process, integration settings and seed.
#[must_use]
pub fn card_sha256(card: &RunCard) -> String {
    let text = canonical_card(card).to_toml_string().unwrap_or_default();
    sha256_hex(text.as_bytes())
}

/// Settings and results of the maximum-weight search stored in a gridpack.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unweighting {
    /// Maximum weight (pb).
    #[serde(with = "exact_f64")]
    pub w_max: f64,
    /// Mean weight of the calibration sample (pb).
    #[serde(with = "exact_f64")]
    pub mean_weight: f64,
    /// Expected efficiency mean/w_max.
    #[serde(with = "exact_f64")]
    pub expected_efficiency: f64,
    /// Truncated fraction of sigma in the calibration sample.
    #[serde(with = "exact_f64")]
    pub truncated_fraction: f64,
    /// Allowed truncated fraction.
    #[serde(with = "exact_f64")]
    pub max_truncation: f64,
    /// Calibration points.
    pub calibration_points: usize,
    /// Points per random-stream batch during generation (fixes the streams).
    pub batch_size: usize,
}

/// The content of a gridpack; see the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Gridpack {
    /// Version of the generator that wrote it.
    pub generator_version: String,
    /// The run card (TOML) used for the adaptation.
    pub card: String,
    /// [`card_sha256`] of the card.
    pub card_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Human-readable process description.
    pub process: String,
    /// VEGAS settings used.
    pub vegas: VegasSettings,
    /// sigma (pb).
    pub sigma_pb: f64,
    /// Its error (pb).
    pub sigma_error_pb: f64,
    /// chi2/dof of the iterations.
    pub chi2_dof: f64,
    /// Iterations averaged.
    pub iterations: usize,
    /// Evaluations in those iterations.
    pub evaluations: u64,
    /// Maximum weight and unweighting settings.
    pub unweighting: Unweighting,
    /// The frozen VEGAS map.
    pub map: FrozenMap,
}

/// Serialised layout (field order = file order).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    format_version: u32,
    generator_version: String,
    card_sha256: String,
    seed: u64,
    process: String,
    #[serde(with = "exact_f64")]
    sigma_pb: f64,
    #[serde(with = "exact_f64")]
    sigma_error_pb: f64,
    #[serde(with = "exact_f64")]
    chi2_dof: f64,
    iterations: usize,
    evaluations: u64,
    unweighting: Unweighting,
    vegas: VegasSettings,
    card: String,
    /// The `AdaptiveMap` as serde writes it, every float replaced by its exact decimal string.
    map: Value,
}

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
            .map_err(|source| GridpackError::Card {
                path: PathBuf::from("<in memory>"),
                source,
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

    /// The gridpack as pretty JSON text (what the file holds, before any gzip).
    ///
    /// # Errors
    /// Only if the map cannot be serialised (non-finite grid values).
    pub fn to_json(&self) -> Result<String, GridpackError> {
        let json_err = |e: serde_json::Error| GridpackError::Json {
            path: PathBuf::from("<in memory>"),
            message: e.to_string(),
        };
        let mut map = serde_json::to_value(self.map.map()).map_err(json_err)?;
        floats_to_strings(&mut map);
        let wire = Wire {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            generator_version: self.generator_version.clone(),
            card_sha256: self.card_sha256.clone(),
            seed: self.seed,
            process: self.process.clone(),
            sigma_pb: self.sigma_pb,
            sigma_error_pb: self.sigma_error_pb,
            chi2_dof: self.chi2_dof,
            iterations: self.iterations,
            evaluations: self.evaluations,
            unweighting: self.unweighting,
            vegas: self.vegas.clone(),
            card: self.card.clone(),
            map,
        };
        let mut s = serde_json::to_string_pretty(&wire).map_err(json_err)?;
        s.push('\n');
        Ok(s)
    }

    /// Writes the gridpack atomically to `path` (gzip when the name ends in `.gz`) and returns
    /// the SHA-256 of its JSON text (the gridpack's identity, recorded in event files).
    ///
    /// # Errors
    /// [`GridpackError::Output`] if the file cannot be written.
    pub fn write(&self, path: &Path) -> Result<String, GridpackError> {
        let text = self.to_json()?;
        let mut f = AtomicFile::create(path)?;
        f.write_all(text.as_bytes())
            .map_err(|source| OutputError::Io {
                path: f.temp_path().to_path_buf(),
                source,
            })?;
        f.commit()?;
        Ok(sha256_hex(text.as_bytes()))
    }

    /// Parses gridpack JSON text; `path` is only used in messages. Checks format, versions,
    /// the card hash and the map dimension.
    ///
    /// # Errors
    /// See [`GridpackError`].
    pub fn from_json(text: &str, path: &Path) -> Result<Self, GridpackError> {
        let p = || path.to_path_buf();
        let json_err = |e: serde_json::Error| GridpackError::Json {
            path: p(),
            message: e.to_string(),
        };
        let v: Value = serde_json::from_str(text).map_err(json_err)?;
        // versions first, so a newer layout gives a version message, not a field error
        let format = v.get("format");
        if format.and_then(Value::as_str) != Some(FORMAT_NAME) {
            return Err(GridpackError::NotAGridpack {
                path: p(),
                found: format.map_or_else(|| "missing".to_string(), Value::to_string),
            });
        }
        let fv = v.get("format_version").and_then(Value::as_u64);
        if fv != Some(u64::from(FORMAT_VERSION)) {
            return Err(GridpackError::FormatVersion {
                path: p(),
                found: fv.unwrap_or(0),
            });
        }
        let gv = v.get("generator_version").and_then(Value::as_str);
        if gv != Some(GENERATOR_VERSION) {
            return Err(GridpackError::GeneratorVersion {
                path: p(),
                found: gv.unwrap_or("<missing>").to_string(),
            });
        }
        let mut wire: Wire = serde_json::from_value(v).map_err(json_err)?;
        strings_to_floats(&mut wire.map).map_err(|message| GridpackError::Corrupt {
            path: p(),
            field: "map",
            message,
        })?;
        let map: crate::vegas::AdaptiveMap =
            serde_json::from_value(wire.map).map_err(|e| GridpackError::Corrupt {
                path: p(),
                field: "map",
                message: e.to_string(),
            })?;
        if map.dim() != DIM {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "map",
                message: format!("dimension {} (expected {DIM})", map.dim()),
            });
        }
        let card = RunCard::from_toml_str(&wire.card, &format!("{} [card]", path.display()))
            .map_err(|source| GridpackError::Card { path: p(), source })?;
        let h = card_sha256(&card);
        if h != wire.card_sha256 {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "card_sha256",
                message: format!(
                    "{} does not match the stored card (hash {h}): the file was edited",
                    wire.card_sha256
                ),
            });
        }
        if card.generation.seed != wire.seed {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "seed",
                message: format!(
                    "{} differs from the card's generation.seed = {}",
                    wire.seed, card.generation.seed
                ),
            });
        }
        let u = &wire.unweighting;
        if !(u.w_max.is_finite() && u.w_max > 0.0 && u.batch_size > 0) {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "unweighting",
                message: format!("w_max = {}, batch_size = {}", u.w_max, u.batch_size),
            });
        }
        if !(wire.sigma_pb.is_finite() && wire.sigma_pb > 0.0) {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "sigma_pb",
                message: format!("{} is not a positive cross section", wire.sigma_pb),
            });
        }
        Ok(Self {
            generator_version: wire.generator_version,
            card: wire.card,
            card_sha256: wire.card_sha256,
            seed: wire.seed,
            process: wire.process,
            vegas: wire.vegas,
            sigma_pb: wire.sigma_pb,
            sigma_error_pb: wire.sigma_error_pb,
            chi2_dof: wire.chi2_dof,
            iterations: wire.iterations,
            evaluations: wire.evaluations,
            unweighting: wire.unweighting,
            map: FrozenMap::new(&map),
        })
    }
}

/// A gridpack with its identity (SHA-256 of its JSON), its file name and its validated card.
#[derive(Debug, Clone)]
pub struct LoadedGridpack {
    /// The content.
    pub gridpack: Gridpack,
    /// SHA-256 of the JSON text.
    pub sha256: String,
    /// Where it was read from (or `<in memory>`).
    pub path: PathBuf,
    /// The stored card, validated.
    pub card: ValidatedCard,
}

impl LoadedGridpack {
    /// Reads `path` (plain or gzip, by magic bytes) and checks it ([`Gridpack::from_json`]).
    ///
    /// # Errors
    /// See [`GridpackError`].
    pub fn load(path: &Path) -> Result<Self, GridpackError> {
        let read_err = |source| GridpackError::Read {
            path: path.to_path_buf(),
            source,
        };
        let raw = std::fs::read(path).map_err(read_err)?;
        let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .map_err(read_err)?;
            out
        } else {
            raw
        };
        let text = String::from_utf8(bytes).map_err(|e| GridpackError::Json {
            path: path.to_path_buf(),
            message: format!("not UTF-8 text: {e}"),
        })?;
        let gridpack = Gridpack::from_json(&text, path)?;
        Self::with_identity(gridpack, sha256_hex(text.as_bytes()), path)
    }

    /// Wraps an in-memory gridpack (identity = SHA-256 of [`Gridpack::to_json`]).
    ///
    /// # Errors
    /// If the card does not validate.
    pub fn from_gridpack(gridpack: Gridpack) -> Result<Self, GridpackError> {
        let sha = sha256_hex(gridpack.to_json()?.as_bytes());
        Self::with_identity(gridpack, sha, Path::new("<in memory>"))
    }

    fn with_identity(
        gridpack: Gridpack,
        sha256: String,
        path: &Path,
    ) -> Result<Self, GridpackError> {
        let card = RunCard::from_toml_str(&gridpack.card, &format!("{} [card]", path.display()))
            .and_then(|c| c.validate())
            .map_err(|source| GridpackError::Card {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Self {
            gridpack,
            sha256,
            path: path.to_path_buf(),
            card,
        })
    }

    /// Refuses a card that differs from the gridpack's in anything but `generation.events` and
    /// `generation.output`; the error lists every differing field with both values.
    /// `card_name` names the card in the message.
    ///
    /// # Errors
    /// [`GridpackError::CardMismatch`].
    pub fn check_card(&self, card: &RunCard, card_name: &str) -> Result<(), GridpackError> {
        if card_sha256(card) == self.gridpack.card_sha256 {
            return Ok(());
        }
        let mine = flatten(&canonical_card(&self.card.card));
        let theirs = flatten(&canonical_card(card));
        let mut differences = Vec::new();
        for (k, v) in &mine {
            match theirs.iter().find(|(k2, _)| k2 == k) {
                Some((_, v2)) if v2 == v => {}
                Some((_, v2)) => {
                    differences.push(format!("{k} = {v} in the gridpack, {v2} in the card"))
                }
                None => differences.push(format!("{k} = {v} in the gridpack, unset in the card")),
            }
        }
        for (k, v2) in &theirs {
            if !mine.iter().any(|(k1, _)| k1 == k) {
                differences.push(format!("{k} unset in the gridpack, {v2} in the card"));
            }
        }
        if differences.is_empty() {
            differences.push("the cards serialise differently".to_string());
        }
        Err(GridpackError::CardMismatch {
            path: self.path.clone(),
            card: card_name.to_string(),
            differences,
        })
    }

    /// The process of the stored card.
    ///
    /// # Errors
    /// [`GridpackError::Run`] if it is closed.
    pub fn process(&self) -> Result<Process, GridpackError> {
        Ok(process_of(&self.card, Mapping::Standard)?)
    }
}

/// `(dotted.path, value)` of every leaf of the card's TOML.
fn flatten(card: &RunCard) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, x, out);
                }
            }
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = toml::Value::try_from(card) {
        walk("", &v, &mut out);
    }
    out
}

/// Result of [`generate_shard`].
#[derive(Debug, Clone, Copy, PartialEq)]
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
}

/// Header lines that identify a shard file; [`crate::merge`] reads them back.
pub mod header_keys {
    /// SHA-256 of the gridpack JSON.
    pub const GRIDPACK_SHA256: &str = "gridpack_sha256";
    /// File name of the gridpack.
    pub const GRIDPACK: &str = "gridpack";
    /// [`super::card_sha256`].
    pub const CARD_SHA256: &str = "card_sha256";
    /// `I/N`.
    pub const SHARD: &str = "shard";
    /// Comma-separated `I/N` list of a merged file.
    pub const SHARDS: &str = "shards";
    /// The shard's seed.
    pub const SHARD_SEED: &str = "shard_seed";
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
    let summary = RunSummary {
        card: &card_text,
        seed: g.seed,
        events,
        xsec_pb: g.sigma_pb,
        xerr_pb: g.sigma_error_pb,
        efficiency: g.unweighting.expected_efficiency,
        max_weight: g.unweighting.w_max,
    };
    let gp_name = gp.path.file_name().map_or_else(
        || gp.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let header = format!(
        "{k_gp} = \"{gp_name}\"\n{k_sha} = \"{sha}\"\n{k_card} = \"{card_sha}\"\n\
         {k_shard} = \"{shard}\"\n{k_seed} = {seed}\n{summary}",
        k_gp = header_keys::GRIDPACK,
        k_sha = header_keys::GRIDPACK_SHA256,
        sha = gp.sha256,
        k_card = header_keys::CARD_SHA256,
        card_sha = g.card_sha256,
        k_shard = header_keys::SHARD,
        k_seed = header_keys::SHARD_SEED,
        summary = summary.header_text(),
    );
    let info = RunInfo {
        beam_ids: [card.beam_pdg_id.code(), card.target.pdg_id().code()],
        beam_energies: [card.beam_energy, card.target.nucleus_mass()],
        xsec_pb: g.sigma_pb,
        xerr_pb: g.sigma_error_pb,
        xmax: g.sigma_pb,
        header,
    };
    let mut writer = LheWriter::create(output, &info)?;
    let ids = EventIds {
        muon: card.beam_pdg_id.code(),
        nucleus: card.target.pdg_id().code(),
        x: card.x_pdg_id.code(),
    };
    let weight = g.sigma_pb / events.max(1) as f64;
    let stats = unweight::generate(
        &process,
        &g.map,
        g.unweighting.w_max,
        ids,
        weight,
        events,
        &settings,
        &mut |e| writer.write_event(&e.event),
        progress,
    )?;
    let written = writer.finish()?;
    Ok(ShardRun {
        shard,
        shard_seed: seed,
        events: written,
        stats,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Builds a [`Vegas`] integrator from a gridpack's map (e.g. to refine it further).
#[must_use]
pub fn vegas_of(g: &Gridpack) -> Vegas {
    Vegas::from_map(g.map.map().clone(), g.vegas.clone())
}

/// Serde helper: `f64` as its shortest round-trip decimal string (exact, unlike serde_json's
/// default float parser).
mod exact_f64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{x:?}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| D::Error::custom(format!("{s:?} is not a number")))
    }
}

fn floats_to_strings(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            *v = Value::String(format!("{x:?}"));
        }
        Value::Array(a) => a.iter_mut().for_each(floats_to_strings),
        Value::Object(o) => o.values_mut().for_each(floats_to_strings),
        _ => {}
    }
}

fn strings_to_floats(v: &mut Value) -> Result<(), String> {
    match v {
        Value::String(s) => {
            let x: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
            let n = serde_json::Number::from_f64(x).ok_or_else(|| format!("{s} is not finite"))?;
            *v = Value::Number(n);
        }
        Value::Array(a) => {
            for x in a {
                strings_to_floats(x)?;
            }
        }
        Value::Object(o) => {
            for x in o.values_mut() {
                strings_to_floats(x)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// SHA-256 (FIPS 180-4) of `data`, lower-case hex.
#[must_use]
pub fn sha256_hex(data: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(64);
    for b in sha256(data) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 (FIPS 180-4) of `data`.
#[must_use]
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    let mut w = [0u32; 64];
    for block in msg.chunks_exact(64) {
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_vectors() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million_a = vec![b'a'; 1_000_000];
        assert_eq!(
            sha256_hex(&million_a),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

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

    #[test]
    fn exact_float_strings_round_trip() {
        let mut v = serde_json::json!({"a": [0.1, 1.0 / 3.0, 1e-300, 5e-324, 0.0], "n": 3});
        let orig = v.clone();
        floats_to_strings(&mut v);
        assert!(v["a"][1].is_string());
        assert_eq!(v["n"], 3);
        strings_to_floats(&mut v).expect("numbers");
        assert_eq!(v, orig);
    }
}
