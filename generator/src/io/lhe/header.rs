//! Our `<mfcgen>` header block: [`RunHeader`] and its text form.
//!
//! Inside `<header>`, the writer puts one `<mfcgen version="...">` element whose content is a
//! CDATA section (so `&` or `<` in the run card cannot break the XML; a `]]>` in the text is
//! split as `]]]]><![CDATA[>`). Its text is a normalisation note, then the header proper:
//!
//! ```text
//! <mfcgen version="0.1.0">
//! <![CDATA[
//! Normalisation: IDWTUP = 3 (unweighted). ...
//! gridpack = "grid.json.gz"               \
//! gridpack_sha256 = "..."                  | provenance, only in shard files
//! card_sha256 = "..."                      | (`mfcgen generate --gridpack`)
//! shard = "3/16"                           | and merged files (`mfcgen merge`:
//! shard_seed = 1234                       /  `shards = "0/2,1/2"`, `merged_files = 2`,
//!                                            one `# input: NAME: shard I/N, K events[, shard_seed S]` line per input)
//! generator = "mfcgen 0.1.0"
//! seed = 1
//! events = 1000
//! sigma_pb = +5.6531460558641920e+09       (numbers in the `%+.16e` layout of the writer)
//! sigma_error_pb = ...
//! event_weight_pb = ...                    (sigma_pb / events: derived, not stored)
//! expected_efficiency = ...              (the calibration's <w>/w_max, not accepted/tried)
//! max_weight = ...
//! # ---- run card ----
//! [beam]                                   (the run card, TOML, verbatim to the end)
//! ...
//! ]]>
//! </mfcgen>
//! ```
//!
//! `expected_efficiency` is the efficiency the calibration sample predicts, `<w>/w_max`
//! ([`crate::unweight::MaxWeight::expected_efficiency`]): the header is written before the
//! events, so the accepted/tried fraction of the run (what `mfcgen generate` prints as
//! "efficiency") is not known yet. Files written before the key was renamed call it
//! `unweighting_efficiency` (same value); [`RunHeader::parse`] reads either name.
//!
//! Every line before the card marker is `key = value` (strings in double quotes) or a `#`
//! comment. [`RunHeader::to_text`] writes this text and [`RunHeader::parse`] reads it back
//! (tested as a round trip); [`mfcgen_block`] and [`mfcgen_text`] wrap and unwrap it.

use std::fmt::Write as _;

use super::format::sci;
use crate::gridpack::Shard;

/// The line that separates the header keys from the run card.
pub const CARD_MARKER: &str = "# ---- run card ----";

/// The first line of the CDATA text (the normalisation note of the LHE module docs).
pub const NORMALISATION: &str = "Normalisation: IDWTUP = 3 (unweighted). Every event carries the \
     same weight XWGTUP = XSECUP / N in pb, N = number of events in this file; the sum of the \
     weights is XSECUP (pb). Beams: IDBMUP = (muon, nucleus), EBMUP = (E_mu, M_nucleus): fixed \
     target, nucleus at rest (MadGraph convention).";

/// The header keys.
pub mod keys {
    /// The generator name and version.
    pub const GENERATOR: &str = "generator";
    /// The master seed.
    pub const SEED: &str = "seed";
    /// Events in the file.
    pub const EVENTS: &str = "events";
    /// sigma (pb).
    pub const SIGMA_PB: &str = "sigma_pb";
    /// Its error (pb).
    pub const SIGMA_ERROR_PB: &str = "sigma_error_pb";
    /// sigma / events (pb), derived.
    pub const EVENT_WEIGHT_PB: &str = "event_weight_pb";
    /// The expected unweighting efficiency of the calibration sample, `<w>/w_max` (not the
    /// accepted/tried fraction of the run; see the [module docs](super)).
    pub const EXPECTED_EFFICIENCY: &str = "expected_efficiency";
    /// The former name of [`EXPECTED_EFFICIENCY`] (same value), still read in older files.
    pub const LEGACY_EFFICIENCY: &str = "unweighting_efficiency";
    /// Maximum weight of the unweighting.
    pub const MAX_WEIGHT: &str = "max_weight";
    /// File name of the gridpack.
    pub const GRIDPACK: &str = "gridpack";
    /// SHA-256 of the gridpack's uncompressed JSON text (its identity; for a `.gz` gridpack
    /// not the SHA-256 of the file as stored).
    pub const GRIDPACK_SHA256: &str = "gridpack_sha256";
    /// SHA-256 of the canonical card ([`crate::gridpack::card_sha256`]).
    pub const CARD_SHA256: &str = "card_sha256";
    /// `I/N` of a shard file.
    pub const SHARD: &str = "shard";
    /// Comma-separated `I/N` list of a merged file.
    pub const SHARDS: &str = "shards";
    /// The shard's seed.
    pub const SHARD_SEED: &str = "shard_seed";
    /// Number of files merged.
    pub const MERGED_FILES: &str = "merged_files";
}

/// Errors of [`RunHeader::parse`]; the caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// The LHE header has no `<mfcgen>` block with a CDATA section.
    #[error("no mfcgen header (<mfcgen> with <![CDATA[ ... ]]>) before <init>")]
    NoBlock,
    /// A key is missing.
    #[error("header has no `{0}`")]
    MissingKey(&'static str),
    /// A value does not parse.
    #[error("header `{key} = {value}` is not {expected}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// Its text.
        value: String,
        /// What it should be.
        expected: &'static str,
    },
}

/// Where a shard file (or a merged file) came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridpackOrigin {
    /// File name of the gridpack (may be empty).
    pub gridpack: String,
    /// SHA-256 of its uncompressed JSON text ([`keys::GRIDPACK_SHA256`]).
    pub gridpack_sha256: String,
    /// SHA-256 of the canonical card.
    pub card_sha256: String,
    /// The shard(s) of the file.
    pub shards: Shards,
}

/// The shard of a shard file, or the shards and inputs of a merged file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shards {
    /// One shard (`shard = "I/N"`, `shard_seed = S`).
    Single {
        /// The shard.
        shard: Shard,
        /// Its seed.
        seed: u64,
    },
    /// A merged file (`shards = "I/N,..."`, `merged_files = M`, `# input: ...` lines).
    Merged {
        /// Every shard, sorted.
        shards: Vec<Shard>,
        /// The inputs, in the order merged.
        inputs: Vec<MergedInput>,
    },
}

impl Shards {
    /// Every shard of the file.
    #[must_use]
    pub fn list(&self) -> Vec<Shard> {
        match self {
            Self::Single { shard, .. } => vec![*shard],
            Self::Merged { shards, .. } => shards.clone(),
        }
    }
}

/// One input of a merged file (a `# input:` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedInput {
    /// Its file name.
    pub name: String,
    /// Its shards.
    pub shards: Vec<Shard>,
    /// Its events.
    pub events: u64,
    /// Its shard seed (shard files only).
    pub shard_seed: Option<u64>,
}

/// The typed content of our header block; see the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
pub struct RunHeader {
    /// Gridpack provenance (shard and merged files only).
    pub origin: Option<GridpackOrigin>,
    /// `generator`, e.g. `mfcgen 0.1.0`.
    pub generator: String,
    /// The master seed.
    pub seed: u64,
    /// Number of events in the file (`N`).
    pub events: u64,
    /// Total cross section in pb.
    pub xsec_pb: f64,
    /// Its error in pb.
    pub xerr_pb: f64,
    /// The expected unweighting efficiency of the calibration, `<w>/w_max` (header key
    /// `expected_efficiency`; not the accepted/tried fraction of the run).
    pub efficiency: f64,
    /// The maximum weight used for unweighting (integrand units).
    pub max_weight: f64,
    /// The whole run card (TOML), verbatim.
    pub card: String,
}

/// What the header text should record about a run (borrowing the card); the summary part of
/// a [`RunHeader`] without provenance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSummary<'a> {
    /// The whole run card (TOML), verbatim.
    pub card: &'a str,
    /// The master seed.
    pub seed: u64,
    /// Number of events in the file (`N`).
    pub events: u64,
    /// Total cross section in pb.
    pub xsec_pb: f64,
    /// Its error in pb.
    pub xerr_pb: f64,
    /// The expected unweighting efficiency of the calibration, `<w>/w_max` (header key
    /// `expected_efficiency`; not the accepted/tried fraction of the run).
    pub efficiency: f64,
    /// The maximum weight used for unweighting (integrand units).
    pub max_weight: f64,
}

impl RunSummary<'_> {
    /// The header of this run, by this generator, without provenance.
    #[must_use]
    pub fn to_header(&self) -> RunHeader {
        RunHeader {
            origin: None,
            generator: format!("mfcgen {}", env!("CARGO_PKG_VERSION")),
            seed: self.seed,
            events: self.events,
            xsec_pb: self.xsec_pb,
            xerr_pb: self.xerr_pb,
            efficiency: self.efficiency,
            max_weight: self.max_weight,
            card: self.card.to_string(),
        }
    }

    /// The header text ([`RunHeader::to_text`] of [`RunSummary::to_header`]).
    #[must_use]
    pub fn header_text(&self) -> String {
        self.to_header().to_text()
    }
}

fn shard_list(shards: &[Shard]) -> String {
    shards
        .iter()
        .map(Shard::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl RunHeader {
    /// The weight of every event, `sigma / N` in pb (0 without events).
    #[must_use]
    pub fn event_weight_pb(&self) -> f64 {
        if self.events > 0 {
            self.xsec_pb / self.events as f64
        } else {
            0.0
        }
    }

    /// The header text (what goes into [`super::RunInfo::header`]).
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut h = String::with_capacity(1024 + self.card.len());
        // Writing to a String cannot fail.
        if let Some(o) = &self.origin {
            let _ = writeln!(h, "{} = \"{}\"", keys::GRIDPACK, o.gridpack);
            let _ = writeln!(h, "{} = \"{}\"", keys::GRIDPACK_SHA256, o.gridpack_sha256);
            let _ = writeln!(h, "{} = \"{}\"", keys::CARD_SHA256, o.card_sha256);
            match &o.shards {
                Shards::Single { shard, seed } => {
                    let _ = writeln!(h, "{} = \"{shard}\"", keys::SHARD);
                    let _ = writeln!(h, "{} = {seed}", keys::SHARD_SEED);
                }
                Shards::Merged { shards, inputs } => {
                    let _ = writeln!(h, "{} = \"{}\"", keys::SHARDS, shard_list(shards));
                    let _ = writeln!(h, "{} = {}", keys::MERGED_FILES, inputs.len());
                    for i in inputs {
                        let seed = i
                            .shard_seed
                            .map_or_else(String::new, |s| format!(", shard_seed {s}"));
                        let _ = writeln!(
                            h,
                            "# input: {}: shard {}, {} events{seed}",
                            i.name,
                            shard_list(&i.shards),
                            i.events
                        );
                    }
                }
            }
        }
        let _ = writeln!(h, "{} = \"{}\"", keys::GENERATOR, self.generator);
        let _ = writeln!(h, "{} = {}", keys::SEED, self.seed);
        let _ = writeln!(h, "{} = {}", keys::EVENTS, self.events);
        let _ = writeln!(h, "{} = {}", keys::SIGMA_PB, sci(self.xsec_pb));
        let _ = writeln!(h, "{} = {}", keys::SIGMA_ERROR_PB, sci(self.xerr_pb));
        let _ = writeln!(
            h,
            "{} = {}",
            keys::EVENT_WEIGHT_PB,
            sci(self.event_weight_pb())
        );
        let _ = writeln!(
            h,
            "{} = {}",
            keys::EXPECTED_EFFICIENCY,
            sci(self.efficiency)
        );
        let _ = writeln!(h, "{} = {}", keys::MAX_WEIGHT, sci(self.max_weight));
        h.push_str(CARD_MARKER);
        h.push('\n');
        h.push_str(&self.card);
        h
    }

    /// Parses the header text ([`RunHeader::to_text`]'s inverse; the normalisation note, if
    /// present, is skipped). Keys may come in any order; `event_weight_pb` is derived and not
    /// read; `expected_efficiency` may also be called `unweighting_efficiency` (older files).
    ///
    /// # Errors
    /// [`HeaderError`] naming the missing key or the value that does not parse.
    pub fn parse(text: &str) -> Result<Self, HeaderError> {
        let (head, card) = split_card(text);
        let mut kv: Vec<(&str, &str)> = Vec::new();
        let mut inputs = Vec::new();
        for line in head.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("# input: ") {
                inputs.push(parse_input(rest)?);
            } else if let Some((k, v)) = t.split_once(" = ")
                && !t.starts_with('#')
            {
                kv.push((k.trim(), v.trim().trim_matches('"')));
            }
        }
        let get = |key: &'static str| kv.iter().rev().find(|(k, _)| *k == key).map(|kv| kv.1);
        let req = |key: &'static str| get(key).ok_or(HeaderError::MissingKey(key));
        let int = |key: &'static str| {
            let v = req(key)?;
            v.parse::<u64>().map_err(|_| bad(key, v, "an integer"))
        };
        let num = |key: &'static str| {
            let v = req(key)?;
            v.parse::<f64>().map_err(|_| bad(key, v, "a number"))
        };
        let origin_keys = [
            keys::GRIDPACK_SHA256,
            keys::CARD_SHA256,
            keys::SHARD,
            keys::SHARDS,
        ];
        let origin = if origin_keys.iter().any(|k| get(k).is_some()) {
            let shards = match get(keys::SHARDS) {
                Some(list) => Shards::Merged {
                    shards: parse_shards(keys::SHARDS, list)?,
                    inputs,
                },
                None => {
                    let v = req(keys::SHARD)?;
                    Shards::Single {
                        shard: Shard::parse(v).map_err(|_| bad(keys::SHARD, v, "I/N"))?,
                        seed: int(keys::SHARD_SEED)?,
                    }
                }
            };
            Some(GridpackOrigin {
                gridpack: get(keys::GRIDPACK).unwrap_or_default().to_string(),
                gridpack_sha256: req(keys::GRIDPACK_SHA256)?.to_string(),
                card_sha256: req(keys::CARD_SHA256)?.to_string(),
                shards,
            })
        } else {
            None
        };
        Ok(Self {
            origin,
            generator: req(keys::GENERATOR)?.to_string(),
            seed: int(keys::SEED)?,
            events: int(keys::EVENTS)?,
            xsec_pb: num(keys::SIGMA_PB)?,
            xerr_pb: num(keys::SIGMA_ERROR_PB)?,
            efficiency: match get(keys::LEGACY_EFFICIENCY) {
                Some(_) if get(keys::EXPECTED_EFFICIENCY).is_none() => {
                    num(keys::LEGACY_EFFICIENCY)?
                }
                _ => num(keys::EXPECTED_EFFICIENCY)?,
            },
            max_weight: num(keys::MAX_WEIGHT)?,
            card: card.unwrap_or_default().to_string(),
        })
    }

    /// [`RunHeader::parse`] of the `<mfcgen>` block of an LHE header ([`mfcgen_text`]).
    ///
    /// # Errors
    /// [`HeaderError::NoBlock`] without a block, else as [`RunHeader::parse`].
    pub fn from_lhe_header(lhe_header: &str) -> Result<Self, HeaderError> {
        Self::parse(&mfcgen_text(lhe_header).ok_or(HeaderError::NoBlock)?)
    }
}

fn bad(key: &'static str, value: &str, expected: &'static str) -> HeaderError {
    HeaderError::BadValue {
        key,
        value: value.to_string(),
        expected,
    }
}

fn parse_shards(key: &'static str, list: &str) -> Result<Vec<Shard>, HeaderError> {
    list.split(',')
        .map(|s| Shard::parse(s.trim()).map_err(|_| bad(key, list, "a list of I/N")))
        .collect()
}

/// `NAME: shard I/N,..., K events[, shard_seed S]`.
fn parse_input(rest: &str) -> Result<MergedInput, HeaderError> {
    let err = || {
        bad(
            "# input",
            rest,
            "`NAME: shard I/N, K events[, shard_seed S]`",
        )
    };
    let (name, tail) = rest.rsplit_once(": shard ").ok_or_else(err)?;
    let (shards, tail) = tail.split_once(", ").ok_or_else(err)?;
    let (events, seed) = match tail.split_once(" events") {
        Some((e, s)) => (e, s),
        None => return Err(err()),
    };
    let shard_seed = match seed.strip_prefix(", shard_seed ") {
        Some(s) => Some(s.trim().parse().map_err(|_| err())?),
        None if seed.trim().is_empty() => None,
        None => return Err(err()),
    };
    Ok(MergedInput {
        name: name.to_string(),
        shards: parse_shards("# input", shards)?,
        events: events.trim().parse().map_err(|_| err())?,
        shard_seed,
    })
}

/// Splits the header text at the [`CARD_MARKER`] line: (keys part, card text).
fn split_card(text: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == CARD_MARKER {
            return (&text[..offset], Some(&text[offset + line.len()..]));
        }
        offset += line.len();
    }
    (text, None)
}

/// The run card of a header text (everything after the [`CARD_MARKER`] line), if any.
#[must_use]
pub fn card_text(text: &str) -> Option<&str> {
    split_card(text).1
}

/// The `<mfcgen>` element for the header text `text`: the normalisation note and `text` in a
/// CDATA section (a `]]>` inside is split). [`mfcgen_text`] is the inverse.
#[must_use]
pub fn mfcgen_block(text: &str) -> String {
    format!(
        "<mfcgen version=\"{}\">\n<![CDATA[\n{NORMALISATION}\n{}\n]]>\n</mfcgen>\n",
        env!("CARGO_PKG_VERSION"),
        text.replace("]]>", "]]]]><![CDATA[>")
    )
}

/// The header text inside the `<mfcgen>` element of an LHE header (as
/// [`super::LheReader::header`] returns it), without the normalisation note; `None` if there
/// is no `<mfcgen>` element with a CDATA section.
#[must_use]
pub fn mfcgen_text(lhe_header: &str) -> Option<String> {
    let start = lhe_header.find("<mfcgen")?;
    let body = &lhe_header[start..];
    let open = body.find("<![CDATA[")? + "<![CDATA[".len();
    let end = body.rfind("]]>")?;
    if end < open {
        return None;
    }
    let inner = body[open..end].replace("]]]]><![CDATA[>", "]]>");
    let inner = inner.strip_prefix('\n').unwrap_or(&inner);
    let inner = inner.strip_suffix('\n').unwrap_or(inner);
    let inner = match inner.strip_prefix(NORMALISATION) {
        Some(rest) => rest.strip_prefix('\n').unwrap_or(rest),
        None => inner,
    };
    Some(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> RunHeader {
        RunSummary {
            card: "[beam]\nenergy = 50.0 # ]]> & <\n",
            seed: 42,
            events: 1000,
            xsec_pb: 5.653_146_055_864_192e9,
            xerr_pb: 1.0 / 3.0,
            efficiency: 0.25,
            max_weight: 3.5e7,
        }
        .to_header()
    }

    #[test]
    fn round_trip_text_and_block() {
        let plain = summary();
        let mut shard = summary();
        shard.origin = Some(GridpackOrigin {
            gridpack: "grid.json.gz".into(),
            gridpack_sha256: "ab".repeat(32),
            card_sha256: "cd".repeat(32),
            shards: Shards::Single {
                shard: Shard { index: 3, count: 4 },
                seed: 17,
            },
        });
        let mut merged = shard.clone();
        merged.origin = Some(GridpackOrigin {
            shards: Shards::Merged {
                shards: vec![Shard { index: 0, count: 2 }, Shard { index: 1, count: 2 }],
                inputs: vec![
                    MergedInput {
                        name: "a: b.lhe".into(),
                        shards: vec![Shard { index: 0, count: 2 }],
                        events: 5,
                        shard_seed: Some(9),
                    },
                    MergedInput {
                        name: "m.lhe.gz".into(),
                        shards: vec![Shard { index: 1, count: 2 }],
                        events: 7,
                        shard_seed: None,
                    },
                ],
            },
            ..shard.origin.clone().expect("origin")
        });
        for h in [plain, shard, merged] {
            let text = h.to_text();
            assert_eq!(RunHeader::parse(&text), Ok(h.clone()), "{text}");
            // through the <mfcgen> block of an LHE header
            let lhe = format!("<header>\n{}</header>\n", mfcgen_block(&text));
            assert_eq!(mfcgen_text(&lhe).as_deref(), Some(text.as_str()));
            assert_eq!(RunHeader::from_lhe_header(&lhe), Ok(h));
        }
    }

    #[test]
    fn layout_and_errors() {
        let text = summary().to_text();
        assert!(text.starts_with("generator = \"mfcgen "), "{text}");
        assert!(
            text.contains("\nsigma_pb = +5.6531460558641920e+09\n"),
            "{text}"
        );
        assert!(text.contains("\nevent_weight_pb = +5.6531460558641920e+06\n"));
        assert_eq!(card_text(&text), Some("[beam]\nenergy = 50.0 # ]]> & <\n"));
        assert_eq!(
            RunHeader::parse(&text.replace("seed = 42", "seed = x")),
            Err(bad(keys::SEED, "x", "an integer"))
        );
        assert_eq!(
            RunHeader::parse(&text.replace("events = ", "evts = ")),
            Err(HeaderError::MissingKey(keys::EVENTS))
        );
        let partial = format!("card_sha256 = \"x\"\n{text}");
        assert_eq!(
            RunHeader::parse(&partial),
            Err(HeaderError::MissingKey(keys::SHARD))
        );
        assert_eq!(
            RunHeader::from_lhe_header("<header>\n</header>\n"),
            Err(HeaderError::NoBlock)
        );
    }
}
