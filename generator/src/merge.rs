//! Merging shard event files (written by [`crate::gridpack::generate_shard`]) into one LHE file.
//!
//! All shards of a gridpack unweight against the same sigma and `w_max`, so the merged sample
//! has `XSECUP`/`XERRUP` = the gridpack's sigma and error, and (IDWTUP = 3) every event gets the
//! weight `XSECUP / N_total`. The merged header records the gridpack hash, the card hash, every
//! input with its shard, seed and event count, and the run card (with `generation.events =
//! N_total`).
//!
//! Refused: inputs without a gridpack hash (not shards), inputs from different gridpacks,
//! different `<init>` beams or cross sections (different processes), duplicated shard indices
//! (shard `I/N` and `I/M` share their random streams), files whose event count or event weight
//! disagrees with their header.
//!
//! The reader is a simple line-based parser of *our* layout (see [`crate::lhe::writer`]); it
//! is not a general LHE reader. Two passes: headers first (to know `N_total`), then the events,
//! streamed line by line (memory does not grow with the number of events). Only the weight
//! field of each event's first line is rewritten; particle lines are copied byte for byte.
//! The output is atomic and gzip-compressed when its name ends in `.gz`; inputs may be plain
//! or gzip (by magic bytes), also mixed.

use crate::card::RunCard;
use crate::gridpack::header_keys;
use crate::lhe::{LheError, LheWriter, RunInfo, RunSummary};
use crate::output::{AtomicFile, OutputError};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use thiserror::Error;

/// Errors of [`merge_files`]; each names the file (and line) concerned.
#[derive(Debug, Error)]
pub enum MergeError {
    /// No inputs.
    #[error("nothing to merge: no input files")]
    NoInputs,
    /// An input cannot be opened or read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The input.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input is not laid out as our writer writes.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The input.
        path: PathBuf,
        /// 1-based line (decompressed).
        line: u64,
        /// What was expected.
        message: String,
    },
    /// A header key is missing (e.g. a file written without `--gridpack`).
    #[error("{path}: header has no `{key}`{hint}")]
    MissingKey {
        /// The input.
        path: PathBuf,
        /// The key.
        key: &'static str,
        /// Extra advice.
        hint: &'static str,
    },
    /// Two inputs disagree on something that must be common.
    #[error("cannot merge {path} with {first}: {what} differs ({found} vs {expected})")]
    Mismatch {
        /// The input that differs.
        path: PathBuf,
        /// The first input (reference).
        first: PathBuf,
        /// What differs.
        what: &'static str,
        /// Value in `path`.
        found: String,
        /// Value in `first`.
        expected: String,
    },
    /// The same shard index appears twice.
    #[error(
        "shard index {index} appears in {path} and in {other}: shards I/N and I/M share their random streams, the events would be duplicated"
    )]
    DuplicateShard {
        /// The index.
        index: u64,
        /// One file.
        path: PathBuf,
        /// The other.
        other: PathBuf,
    },
    /// Event count differs from the header's.
    #[error("{path}: {found} events, the header announces {expected} (truncated file?)")]
    Count {
        /// The input.
        path: PathBuf,
        /// Events found.
        found: u64,
        /// `events = ...` of the header.
        expected: u64,
    },
    /// Output error.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// LHE header rendering error.
    #[error(transparent)]
    Lhe(#[from] LheError),
}

/// What the header of one input says.
#[derive(Debug, Clone, PartialEq)]
pub struct InputInfo {
    /// The file.
    pub path: PathBuf,
    /// `gridpack_sha256`.
    pub gridpack_sha256: String,
    /// `gridpack` (file name).
    pub gridpack: String,
    /// `card_sha256`.
    pub card_sha256: String,
    /// `(I, N)` of every shard in the file (one for a shard, several for a merged file).
    pub shards: Vec<(u64, u64)>,
    /// `shard_seed` (shard files only).
    pub shard_seed: Option<u64>,
    /// `seed`.
    pub seed: u64,
    /// `events`.
    pub events: u64,
    /// `sigma_pb` (as written).
    pub sigma_pb: f64,
    /// `sigma_error_pb`.
    pub sigma_error_pb: f64,
    /// `unweighting_efficiency`.
    pub efficiency: f64,
    /// `max_weight`.
    pub max_weight: f64,
    /// `event_weight_pb` exactly as written in the header (compared with each XWGTUP).
    event_weight_text: String,
    /// The run card text.
    pub card: String,
    /// `<init>` line 1 (beams), trimmed.
    pub init_beams: String,
    /// `<init>` line 2 (XSECUP XERRUP XMAXUP LPRUP), trimmed.
    pub init_xsec: String,
}

/// Result of [`merge_files`].
#[derive(Debug, Clone, PartialEq)]
pub struct MergeReport {
    /// Inputs in the order given.
    pub inputs: Vec<InputInfo>,
    /// Events written.
    pub events: u64,
    /// `XSECUP` (pb).
    pub sigma_pb: f64,
    /// `XERRUP` (pb).
    pub sigma_error_pb: f64,
    /// Weight of every event (pb).
    pub event_weight_pb: f64,
    /// Shard indices merged, sorted.
    pub shards: Vec<(u64, u64)>,
    /// Whether the shards are exactly `0..N` of one common N.
    pub complete: bool,
    /// Wall time (s).
    pub seconds: f64,
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, MergeError> {
    let err = |source| MergeError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(err)?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(err)?;
    let f = File::open(path).map_err(err)?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 20, f)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, f))
    })
}

/// Line reader with a line counter and I/O errors naming the file.
struct Lines<'a> {
    inner: Box<dyn BufRead>,
    path: &'a Path,
    line: u64,
    buf: Vec<u8>,
}

impl<'a> Lines<'a> {
    fn new(path: &'a Path) -> Result<Self, MergeError> {
        Ok(Self {
            inner: open(path)?,
            path,
            line: 0,
            buf: Vec::with_capacity(256),
        })
    }

    /// Next line including its `\n` in `self.buf`; false at end of file.
    fn next(&mut self) -> Result<bool, MergeError> {
        self.buf.clear();
        let n = self
            .inner
            .read_until(b'\n', &mut self.buf)
            .map_err(|source| MergeError::Read {
                path: self.path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        Ok(true)
    }

    /// The current line without surrounding whitespace.
    fn trimmed(&self) -> &str {
        std::str::from_utf8(&self.buf).map_or("", str::trim)
    }

    fn err(&self, message: impl Into<String>) -> MergeError {
        MergeError::Format {
            path: self.path.to_path_buf(),
            line: self.line,
            message: message.into(),
        }
    }

    fn expect_line(&mut self, what: &str) -> Result<(), MergeError> {
        if self.next()? {
            Ok(())
        } else {
            Err(self.err(format!("unexpected end of file, expected {what}")))
        }
    }
}

const CARD_MARKER: &str = "# ---- run card ----";

/// Reads the header and `<init>` of `path`, leaving `lines` after `</init>`.
fn read_header<'a>(path: &'a Path) -> Result<(InputInfo, Lines<'a>), MergeError> {
    let mut lines = Lines::new(path)?;
    lines.expect_line("<LesHouchesEvents>")?;
    if !lines.trimmed().starts_with("<LesHouchesEvents") {
        return Err(lines.err("not an LHE file: expected <LesHouchesEvents"));
    }
    // header text: the CDATA block inside <mfcgen>
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut card = String::new();
    let (mut in_cdata, mut in_card, mut seen_cdata) = (false, false, false);
    loop {
        lines.expect_line("<init>")?;
        let t = lines.trimmed();
        if !in_cdata {
            if t == "<![CDATA[" {
                in_cdata = true;
                seen_cdata = true;
            } else if t == "<init>" {
                break;
            }
            continue;
        }
        if t == "]]>" {
            in_cdata = false;
            in_card = false;
            continue;
        }
        if in_card {
            card.push_str(std::str::from_utf8(&lines.buf).unwrap_or(""));
        } else if t == CARD_MARKER {
            in_card = true;
        } else if let Some((k, v)) = t.split_once(" = ") {
            keys.insert(k.trim().to_string(), v.trim().trim_matches('"').to_string());
        }
    }
    if !seen_cdata {
        return Err(lines.err("no mfcgen header (<![CDATA[ ... ]]>) before <init>"));
    }
    lines.expect_line("<init> line 1")?;
    let init_beams = lines.trimmed().to_string();
    lines.expect_line("<init> line 2")?;
    let init_xsec = lines.trimmed().to_string();
    lines.expect_line("</init>")?;
    if lines.trimmed() != "</init>" {
        return Err(lines.err("expected </init> after two <init> lines (one process)"));
    }
    let p = path.to_path_buf();
    const NOT_SHARD: &str = ": only files written by `mfcgen generate --gridpack` can be merged";
    let get = |key: &'static str| -> Result<&String, MergeError> {
        keys.get(key).ok_or(MergeError::MissingKey {
            path: p.clone(),
            key,
            hint: NOT_SHARD,
        })
    };
    let num = |key: &'static str| -> Result<f64, MergeError> {
        let v = get(key)?;
        v.parse().map_err(|_| MergeError::Format {
            path: p.clone(),
            line: 0,
            message: format!("header `{key} = {v}` is not a number"),
        })
    };
    let int = |key: &'static str| -> Result<u64, MergeError> {
        let v = get(key)?;
        v.parse().map_err(|_| MergeError::Format {
            path: p.clone(),
            line: 0,
            message: format!("header `{key} = {v}` is not an integer"),
        })
    };
    let parse_shard = |s: &str| -> Result<(u64, u64), MergeError> {
        crate::gridpack::Shard::parse(s)
            .map(|x| (x.index, x.count))
            .map_err(|e| MergeError::Format {
                path: p.clone(),
                line: 0,
                message: format!("header shard: {e}"),
            })
    };
    let shards = if let Some(list) = keys.get(header_keys::SHARDS) {
        list.split(',')
            .map(|s| parse_shard(s.trim()))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![parse_shard(get(header_keys::SHARD)?)?]
    };
    let info = InputInfo {
        path: p.clone(),
        gridpack_sha256: get(header_keys::GRIDPACK_SHA256)?.clone(),
        gridpack: keys.get(header_keys::GRIDPACK).cloned().unwrap_or_default(),
        card_sha256: get(header_keys::CARD_SHA256)?.clone(),
        shards,
        shard_seed: keys
            .get(header_keys::SHARD_SEED)
            .and_then(|s| s.parse().ok()),
        seed: int("seed")?,
        events: int("events")?,
        sigma_pb: num("sigma_pb")?,
        sigma_error_pb: num("sigma_error_pb")?,
        efficiency: num("unweighting_efficiency")?,
        max_weight: num("max_weight")?,
        event_weight_text: get("event_weight_pb")?.clone(),
        card,
        init_beams,
        init_xsec,
    };
    Ok((info, lines))
}

/// Reads the headers of `inputs` and checks that they can be merged (see the module docs).
///
/// # Errors
/// [`MergeError`] naming the offending file.
pub fn inspect(inputs: &[PathBuf]) -> Result<Vec<InputInfo>, MergeError> {
    let infos = inputs
        .iter()
        .map(|p| read_header(p).map(|(i, _)| i))
        .collect::<Result<Vec<_>, _>>()?;
    let first = infos.first().ok_or(MergeError::NoInputs)?;
    let mut owner: BTreeMap<u64, &Path> = BTreeMap::new();
    for info in &infos {
        let mismatch = |what: &'static str, found: &str, expected: &str| MergeError::Mismatch {
            path: info.path.clone(),
            first: first.path.clone(),
            what,
            found: found.to_string(),
            expected: expected.to_string(),
        };
        if info.gridpack_sha256 != first.gridpack_sha256 {
            return Err(mismatch(
                "the gridpack (gridpack_sha256)",
                &format!("{} {}", info.gridpack, info.gridpack_sha256),
                &format!("{} {}", first.gridpack, first.gridpack_sha256),
            ));
        }
        if info.init_beams != first.init_beams {
            return Err(mismatch(
                "the process (<init> beams)",
                &info.init_beams,
                &first.init_beams,
            ));
        }
        if info.init_xsec != first.init_xsec {
            return Err(mismatch(
                "the cross section (<init> XSECUP XERRUP XMAXUP LPRUP)",
                &info.init_xsec,
                &first.init_xsec,
            ));
        }
        if info.card_sha256 != first.card_sha256 {
            return Err(mismatch(
                "the run card (card_sha256)",
                &info.card_sha256,
                &first.card_sha256,
            ));
        }
        for &(i, _) in &info.shards {
            if let Some(other) = owner.insert(i, &info.path) {
                return Err(MergeError::DuplicateShard {
                    index: i,
                    path: info.path.clone(),
                    other: other.to_path_buf(),
                });
            }
        }
    }
    Ok(infos)
}

/// `x` in the writer's `%+.16e` layout (shortest round-trip digits padded to 17 significant
/// digits, C exponent), so the merged weights look like every other number we write.
#[must_use]
pub fn sci(x: f64) -> String {
    let s = format!("{x:+e}");
    let Some((mantissa, exp)) = s.split_once('e') else {
        return s;
    };
    let mut out = String::with_capacity(24);
    out.push_str(mantissa);
    let decimals = match mantissa.find('.') {
        Some(dot) => mantissa.len() - dot - 1,
        None => {
            out.push('.');
            0
        }
    };
    out.extend(std::iter::repeat_n('0', 16usize.saturating_sub(decimals)));
    out.push('e');
    let digits = match exp.strip_prefix('-') {
        Some(d) => {
            out.push('-');
            d
        }
        None => {
            out.push('+');
            exp
        }
    };
    if digits.len() < 2 {
        out.push('0');
    }
    out.push_str(digits);
    out
}

/// The merged header text (provenance + run summary + card).
fn merged_header(infos: &[InputInfo], total: u64, shards: &[(u64, u64)], output: &Path) -> String {
    let first = &infos[0];
    let shard_list = shards
        .iter()
        .map(|(i, n)| format!("{i}/{n}"))
        .collect::<Vec<_>>()
        .join(",");
    let mut card = match RunCard::from_toml_str(&first.card, "merged card") {
        Ok(mut c) => {
            c.generation.events = total;
            if let Some(name) = output.file_name() {
                c.generation.output = PathBuf::from(name);
            }
            c.to_toml_string().unwrap_or_else(|_| first.card.clone())
        }
        Err(_) => first.card.clone(),
    };
    if card.ends_with("\n\n") {
        card.pop();
    }
    let mut h = format!(
        "{} = \"{}\"\n{} = \"{}\"\n{} = \"{}\"\n{} = \"{}\"\nmerged_files = {}\n",
        header_keys::GRIDPACK,
        first.gridpack,
        header_keys::GRIDPACK_SHA256,
        first.gridpack_sha256,
        header_keys::CARD_SHA256,
        first.card_sha256,
        header_keys::SHARDS,
        shard_list,
        infos.len()
    );
    for info in infos {
        let name = info.path.file_name().map_or_else(
            || info.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let sh = info
            .shards
            .iter()
            .map(|(i, n)| format!("{i}/{n}"))
            .collect::<Vec<_>>()
            .join(",");
        let seed = info
            .shard_seed
            .map_or_else(String::new, |s| format!(", shard_seed {s}"));
        h.push_str(&format!(
            "# input: {name}: shard {sh}, {} events{seed}\n",
            info.events
        ));
    }
    let summary = RunSummary {
        card: &card,
        seed: first.seed,
        events: total,
        xsec_pb: first.sigma_pb,
        xerr_pb: first.sigma_error_pb,
        efficiency: first.efficiency,
        max_weight: first.max_weight,
    };
    h.push_str(&summary.header_text());
    h
}

/// Merges `inputs` into `output` (atomic; gzip when the name ends in `.gz`). `progress` gets
/// the running event count.
///
/// # Errors
/// [`MergeError`]; on error nothing is left at `output`.
pub fn merge_files(
    inputs: &[PathBuf],
    output: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<MergeReport, MergeError> {
    let start = Instant::now();
    crate::output::check_writable(output)?;
    let infos = inspect(inputs)?;
    let first = &infos[0];
    let total: u64 = infos.iter().map(|i| i.events).sum();
    let mut shards: Vec<(u64, u64)> = infos.iter().flat_map(|i| i.shards.clone()).collect();
    shards.sort_unstable();
    let complete = shards.first().is_some_and(|&(_, n)| {
        shards.len() as u64 == n
            && shards
                .iter()
                .enumerate()
                .all(|(k, &(i, m))| i == k as u64 && m == n)
    });
    let sigma = first.sigma_pb;
    let weight = sigma / total.max(1) as f64;
    let weight_text = sci(weight);
    let info = RunInfo {
        beam_ids: parse_beam_ids(first)?,
        beam_energies: parse_beam_energies(first)?,
        xsec_pb: sigma,
        xerr_pb: first.sigma_error_pb,
        xmax: sigma,
        header: merged_header(&infos, total, &shards, output),
    };
    // render header + <init> exactly as the writer does, without its closing tag
    let (mut head, _) = LheWriter::new(Vec::new(), &info)?.into_inner()?;
    let closing = b"</LesHouchesEvents>\n";
    head.truncate(head.len() - closing.len());
    let mut out = AtomicFile::create(output)?;
    let io_err = |out: &AtomicFile, source| {
        MergeError::Output(OutputError::Io {
            path: out.temp_path().to_path_buf(),
            source,
        })
    };
    out.write_all(&head).map_err(|e| io_err(&out, e))?;
    let mut written = 0u64;
    let mut line_out: Vec<u8> = Vec::with_capacity(256);
    for inp in &infos {
        let (_, mut lines) = read_header(&inp.path)?;
        let mut n_file = 0u64;
        let mut ended = false;
        while lines.next()? {
            let t = lines.trimmed();
            if t == "<event>" {
                if ended {
                    return Err(lines.err("<event> after </LesHouchesEvents>"));
                }
                out.write_all(&lines.buf).map_err(|e| io_err(&out, e))?;
                // first line: NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP
                lines.expect_line("the event's first line")?;
                let t = lines.trimmed();
                let f: Vec<&str> = t.split_ascii_whitespace().collect();
                if f.len() != 6 {
                    return Err(lines.err(format!("expected 6 fields, found {}", f.len())));
                }
                let nup: usize = f[0]
                    .parse()
                    .map_err(|_| lines.err(format!("NUP {:?} is not an integer", f[0])))?;
                if f[2] != inp.event_weight_text {
                    return Err(lines.err(format!(
                        "XWGTUP {} differs from the header's event_weight_pb {}",
                        f[2], inp.event_weight_text
                    )));
                }
                line_out.clear();
                line_out.push(b' ');
                line_out.extend_from_slice(f[0].as_bytes());
                line_out.push(b' ');
                line_out.extend_from_slice(f[1].as_bytes());
                line_out.push(b' ');
                line_out.extend_from_slice(weight_text.as_bytes());
                for x in &f[3..] {
                    line_out.push(b' ');
                    line_out.extend_from_slice(x.as_bytes());
                }
                line_out.push(b'\n');
                out.write_all(&line_out).map_err(|e| io_err(&out, e))?;
                for _ in 0..nup {
                    lines.expect_line("a particle line")?;
                    if lines.buf.starts_with(b"<") {
                        return Err(
                            lines.err(format!("event has fewer than NUP = {nup} particles"))
                        );
                    }
                    out.write_all(&lines.buf).map_err(|e| io_err(&out, e))?;
                }
                lines.expect_line("</event>")?;
                if lines.trimmed() != "</event>" {
                    return Err(lines.err(format!("expected </event> after NUP = {nup} particles")));
                }
                out.write_all(&lines.buf).map_err(|e| io_err(&out, e))?;
                n_file += 1;
                written += 1;
                if written.is_multiple_of(65_536) {
                    progress(written);
                }
            } else if t == "</LesHouchesEvents>" {
                ended = true;
            } else if !t.is_empty() {
                return Err(lines.err(format!("unexpected line outside an event: {t:?}")));
            }
        }
        if !ended {
            return Err(lines.err("missing </LesHouchesEvents> (truncated file?)"));
        }
        if n_file != inp.events {
            return Err(MergeError::Count {
                path: inp.path.clone(),
                found: n_file,
                expected: inp.events,
            });
        }
    }
    out.write_all(closing).map_err(|e| io_err(&out, e))?;
    out.commit()?;
    progress(written);
    Ok(MergeReport {
        events: written,
        sigma_pb: sigma,
        sigma_error_pb: first.sigma_error_pb,
        event_weight_pb: weight,
        shards,
        complete,
        seconds: start.elapsed().as_secs_f64(),
        inputs: infos,
    })
}

fn init_fields(info: &InputInfo) -> Result<Vec<&str>, MergeError> {
    let f: Vec<&str> = info.init_beams.split_ascii_whitespace().collect();
    if f.len() == 10 {
        Ok(f)
    } else {
        Err(MergeError::Format {
            path: info.path.clone(),
            line: 0,
            message: format!("<init> line 1 has {} fields, expected 10", f.len()),
        })
    }
}

fn parse_beam_ids(info: &InputInfo) -> Result<[i32; 2], MergeError> {
    let f = init_fields(info)?;
    let p = |s: &str| {
        s.parse::<i32>().map_err(|_| MergeError::Format {
            path: info.path.clone(),
            line: 0,
            message: format!("<init> IDBMUP {s:?} is not an integer"),
        })
    };
    Ok([p(f[0])?, p(f[1])?])
}

fn parse_beam_energies(info: &InputInfo) -> Result<[f64; 2], MergeError> {
    let f = init_fields(info)?;
    let p = |s: &str| {
        s.parse::<f64>().map_err(|_| MergeError::Format {
            path: info.path.clone(),
            line: 0,
            message: format!("<init> EBMUP {s:?} is not a number"),
        })
    };
    Ok([p(f[2])?, p(f[3])?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sci_matches_the_writer() {
        for x in [
            0.3,
            1.0,
            5.653_146_055_864_192e5,
            1.0 / 3.0,
            1e-300,
            2.5e7,
            123_456_789.0,
        ] {
            let text = RunSummary {
                card: "",
                seed: 1,
                events: 1,
                xsec_pb: x,
                xerr_pb: 0.0,
                efficiency: 0.0,
                max_weight: 0.0,
            }
            .header_text();
            let line = text
                .lines()
                .find_map(|l| l.strip_prefix("sigma_pb = "))
                .expect("sigma line");
            assert_eq!(sci(x), line, "{x}");
            assert_eq!(sci(x).parse::<f64>().expect("number"), x);
        }
    }
}
