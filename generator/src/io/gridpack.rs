//! The gridpack format: one self-describing JSON file (gzip-compressed when its name ends in
//! `.gz`) holding everything event generation needs, so that `mfcgen generate --gridpack` never
//! re-adapts. [`Gridpack::to_json`] / [`Gridpack::write`] write it, [`Gridpack::from_json`] /
//! [`LoadedGridpack::load`] read it back (tested as a round trip, bit for bit).
//!
//! | field | content |
//! |---|---|
//! | `format`, `format_version` | `"mfcgen-gridpack"`, [`FORMAT_VERSION`] |
//! | `generator_version` | the `mfcgen` version that wrote it |
//! | `content_sha256` | SHA-256 of the whole JSON text without this line ([`content_sha256`]): any edit is refused |
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
//! give a byte-identical gridpack. Its identity is the SHA-256 (FIPS 180-4; the `sha2` crate)
//! of its uncompressed JSON text ([`sha256_hex`]; for a `.gz` gridpack this is not the SHA-256
//! of the file as stored): `gridpack_sha256` in the event files, `LoadedGridpack::sha256`.
//!
//! **Integrity.** `content_sha256` is the SHA-256 of the JSON text with its own line removed
//! (the canonical content: every other field, byte for byte, as `mfcgen adapt` wrote it), so an
//! edit anywhere (sigma, `w_max`, the map, the card) is refused on loading
//! ([`GridpackError::Modified`]), not silently used. Gridpacks of format version 1 have no
//! such field and are refused with a request to re-run `mfcgen adapt`.
//!
//! **Loading** ([`LoadedGridpack::load`]) checks, in this order, the format name, the format
//! version, the generator version (exact match: a different `mfcgen` may compute different
//! events from the same map), the card hash against the stored card, the content checksum,
//! the map dimension, and (with [`LoadedGridpack::check_card`]) a user card against the stored
//! one, naming every field that differs ([`crate::gridpack::card_diff`]).

use crate::card::{CardError, RunCard, ValidatedCard};
use crate::gridpack::card_diff::{card_differences, card_sha256};
use crate::io::input;
use crate::io::lhe::LheError;
use crate::io::output::{AtomicFile, OutputError};
use crate::phase_space::{DIM, Mapping};
use crate::process::Process;
use crate::run::{RunError, process_of};
use crate::vegas::{FrozenMap, VegasSettings};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The `format` field of every gridpack.
pub const FORMAT_NAME: &str = "mfcgen-gridpack";
/// Version of the gridpack layout; bumped on any incompatible change.
/// Version 2 added `content_sha256`.
pub const FORMAT_VERSION: u32 = 2;
/// The generator version written into (and required of) gridpacks.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Errors of gridpack writing, loading and shard generation. Each names the file concerned.
#[derive(Debug, Error)]
pub enum GridpackError {
    /// The gridpack file cannot be read.
    #[error("cannot read gridpack {path}: {cause}")]
    Read {
        /// The gridpack.
        path: PathBuf,
        /// The underlying error (in the message, not a separate `source()`: a printed chain
        /// of causes does not repeat it).
        cause: std::io::Error,
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
        "gridpack {path} has format_version {found}, this mfcgen reads format_version \
         {FORMAT_VERSION}{}; re-run `mfcgen adapt` with this version", format_hint(*.found)
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
    /// The file's content differs from what `mfcgen adapt` wrote: its `content_sha256` does not
    /// match the rest of the text, or is missing.
    #[error(
        "the gridpack {path} was modified after `mfcgen adapt` wrote it (content checksum {what})"
    )]
    Modified {
        /// The gridpack.
        path: PathBuf,
        /// `mismatch` or `missing`.
        what: &'static str,
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
    #[error("gridpack {path}: field `card`: {cause}")]
    Card {
        /// The gridpack.
        path: PathBuf,
        /// Parse or validation error (in the message, not a separate `source()`).
        cause: CardError,
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

/// Why an older layout is refused.
fn format_hint(found: u64) -> &'static str {
    if found == 1 {
        " (version 1 has no content checksum: edits would go unnoticed)"
    } else {
        ""
    }
}

/// The key of the content checksum, as written in the JSON text.
const CONTENT_KEY: &str = "\"content_sha256\": \"";

/// The content checksum of gridpack JSON text as [`Gridpack::to_json`] lays it out: the
/// SHA-256 of the text without its `"content_sha256": "..."` line, and the hash that line
/// holds; `None` if there is no such line.
#[must_use]
pub fn content_sha256(text: &str) -> Option<(String, String)> {
    let start = text.find(&format!("\n  {CONTENT_KEY}"))? + 1;
    let end = text[start..]
        .find('\n')
        .map_or(text.len(), |j| start + j + 1);
    let line = &text[start..end];
    let stored = line
        .trim()
        .strip_prefix(CONTENT_KEY)?
        .trim_end_matches(',')
        .strip_suffix('"')?;
    let mut canonical = String::with_capacity(text.len());
    canonical.push_str(&text[..start]);
    canonical.push_str(&text[end..]);
    Some((sha256_hex(canonical.as_bytes()), stored.to_string()))
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

/// Stands for the content checksum while the text it covers is laid out (64 characters, as a
/// SHA-256 in hex).
const PLACEHOLDER: &str = "----------------------------------------------------------------";

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
    /// [`content_sha256`]: absent only in files that were edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_sha256: Option<String>,
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

impl Gridpack {
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
            content_sha256: Some(PLACEHOLDER.to_string()),
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
        // the checksum of everything but its own line, computed as the loader computes it
        let (sha, _) = content_sha256(&s).ok_or_else(|| GridpackError::Json {
            path: PathBuf::from("<in memory>"),
            message: "the content checksum line is not where it is expected".to_string(),
        })?;
        let line = |hex: &str| format!("\n  {CONTENT_KEY}{hex}");
        Ok(s.replacen(&line(PLACEHOLDER), &line(&sha), 1))
    }

    /// Writes the gridpack atomically to `path` (gzip when the name ends in `.gz`) and returns
    /// the SHA-256 of its uncompressed JSON text (the gridpack's identity, recorded in event
    /// files as `gridpack_sha256`; for a `.gz` file not the SHA-256 of the file as stored).
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
        let card = RunCard::from_toml_str(&wire.card, &format!("{} [card]", path.display()))
            .map_err(|cause| GridpackError::Card { path: p(), cause })?;
        let h = card_sha256(&card);
        if h != wire.card_sha256 {
            return Err(GridpackError::Corrupt {
                path: p(),
                field: "card_sha256",
                message: format!(
                    "{} does not match the stored card (hash {h}): the card was edited after `mfcgen adapt` wrote it",
                    wire.card_sha256
                ),
            });
        }
        let what = match (&wire.content_sha256, content_sha256(text)) {
            (None, _) => Some("missing"),
            (Some(_), Some((sha, stored))) if sha == stored => None,
            (Some(_), _) => Some("mismatch"),
        };
        if let Some(what) = what {
            return Err(GridpackError::Modified { path: p(), what });
        }
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
    /// SHA-256 of the uncompressed JSON text (the gridpack's identity, `gridpack_sha256`; for a
    /// `.gz` file not the SHA-256 of the file as stored).
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
        let read_err = |cause| GridpackError::Read {
            path: path.to_path_buf(),
            cause,
        };
        let bytes = input::read_all(path).map_err(read_err)?;
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
            .map_err(|cause| GridpackError::Card {
                path: path.to_path_buf(),
                cause,
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
        let differences = card_differences(&self.card.card, card);
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
    for b in Sha256::digest(data) {
        let _ = write!(s, "{b:02x}");
    }
    s
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
    fn exact_float_strings_round_trip() {
        let mut v = serde_json::json!({"a": [0.1, 1.0 / 3.0, 1e-300, 5e-324, 0.0], "n": 3});
        let orig = v.clone();
        floats_to_strings(&mut v);
        assert!(v["a"][1].is_string());
        assert_eq!(v["n"], 3);
        strings_to_floats(&mut v).expect("numbers");
        assert_eq!(v, orig);
    }

    /// `write` then `load` gives back the gridpack bit for bit, plain and gzip, and the
    /// identity is the SHA-256 of the JSON text.
    #[test]
    fn write_load_round_trip() {
        let mut card = RunCard::default();
        card.integration.calls = 4000;
        card.integration.adapt_iterations = 2;
        card.integration.max_iterations = 2;
        card.integration.precision = 0.5;
        let card = card.validate().expect("valid card");
        let settings = crate::unweight::UnweightSettings {
            calibration_points: 2000,
            ..Default::default()
        };
        let (gp, _) = Gridpack::adapt_with(&card, settings, &mut |_| {}).expect("adapt");
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["g.json", "g.json.gz"] {
            let path = dir.path().join(name);
            let sha = gp.write(&path).expect("write");
            let loaded = LoadedGridpack::load(&path).expect("load");
            assert_eq!(loaded.gridpack, gp);
            assert_eq!(loaded.sha256, sha);
            assert_eq!(sha, sha256_hex(gp.to_json().expect("json").as_bytes()));
        }
    }
}
