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
//! disagrees with their header; an output that is one of the inputs (the same path, or the same
//! file through a symbolic or hard link: it would be replaced) or whose name does not end in
//! `.lhe` / `.lhe.gz` (merge writes LHE) is refused before anything is read
//! ([`check_output`]).
//!
//! Inputs are opened by the io layer ([`crate::io::lhe::open`]: plain or gzip by the magic
//! bytes, also mixed), their header and `<init>` read by the LHE reader and our typed
//! [`RunHeader`], which also writes the merged header. Two passes: headers first (to know
//! `N_total`), then the events, streamed line by line (memory does not grow with the number of
//! events). Only the weight field of each event's first line is rewritten; particle lines are
//! copied byte for byte. The output is atomic and gzip-compressed when its name ends in `.gz`.
//!
//! Named weights ([`crate::reweight`], `<initrwgt>`/`<rwgt>`): every input must declare the same
//! ones (ids and names), else the merge is refused. Each is `|M_a|^2/|M_0|^2` times the event's
//! `XWGTUP`, so it is rescaled exactly as the nominal weight: multiplied by
//! `XWGTUP_merged / XWGTUP_input` (docs/physics.md Sec. 11); summed over the merged file it is
//! again that hypothesis's cross section.

use crate::card::{OutputFormat, RunCard};
use crate::gridpack::Shard;
use crate::io::lhe::header::keys;
use crate::io::lhe::{
    self, GridpackOrigin, HeaderError, Init, LheError, LheWriter, MergedInput, RunHeader, RunInfo,
    RunSummary, Shards, WeightInfo, sci,
};
use crate::io::output::{AtomicFile, OutputError};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use thiserror::Error;

/// Errors of [`merge_files`]; each names the file (and line) concerned.
#[derive(Debug, Error)]
pub enum MergeError {
    /// No inputs.
    #[error("nothing to merge: no input files")]
    NoInputs,
    /// The output is one of the inputs: writing it would replace that input.
    #[error(
        "cannot merge into {output}: it is the input {input}{via}, which the merged file would \
         replace; write the merged file elsewhere"
    )]
    OutputIsInput {
        /// The output, as given.
        output: PathBuf,
        /// The input, as given.
        input: PathBuf,
        /// `""`, or how the two names reach the same file (a link).
        via: &'static str,
    },
    /// The output name does not end in `.lhe` or `.lhe.gz`.
    #[error(
        "cannot merge into {output}: merge writes Les Houches events, so the output name must \
         end in .lhe or .lhe.gz"
    )]
    OutputFormat {
        /// The output, as given.
        output: PathBuf,
    },
    /// An input cannot be opened or read.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The input.
        path: PathBuf,
        /// The underlying error (in the message, not a separate `source()`: a printed chain
        /// of causes does not repeat it).
        cause: std::io::Error,
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
    /// An input's header or `<init>` cannot be read.
    #[error("{path}: {cause}")]
    Input {
        /// The input.
        path: PathBuf,
        /// The reader's error (with the line; in the message, not a separate `source()`).
        cause: LheError,
    },
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
    /// `expected_efficiency` (the calibration's `<w>/w_max`; `unweighting_efficiency` in older
    /// files).
    pub efficiency: f64,
    /// `max_weight`.
    pub max_weight: f64,
    /// `event_weight_pb` exactly as written in the header (compared with each XWGTUP).
    event_weight_text: String,
    /// The run card text.
    pub card: String,
    /// The `<init>` block (one process).
    pub init: Init,
    /// The named weights declared in `<initrwgt>` (empty without reweighting).
    pub weights: Vec<WeightInfo>,
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

/// Line reader of the event blocks (after `</init>`) with a line counter and I/O errors
/// naming the file: the byte copy of [`merge_files`].
struct Lines<'a> {
    inner: Box<dyn BufRead>,
    path: &'a Path,
    line: u64,
    buf: Vec<u8>,
}

impl Lines<'_> {
    /// Next line including its `\n` in `self.buf`; false at end of file.
    fn next(&mut self) -> Result<bool, MergeError> {
        self.buf.clear();
        let n = self
            .inner
            .read_until(b'\n', &mut self.buf)
            .map_err(|cause| MergeError::Read {
                path: self.path.to_path_buf(),
                cause,
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

const NOT_SHARD: &str = ": only files written by `mfcgen generate --gridpack` can be merged";

/// Reads the header and `<init>` of `path` with the LHE reader and our [`RunHeader`], leaving
/// the lines after `</init>` to copy.
fn read_header(path: &Path) -> Result<(InputInfo, Lines<'_>), MergeError> {
    let p = || path.to_path_buf();
    let reader = lhe::open(path).map_err(|e| match e {
        // the path once, not once here and once by the reader
        LheError::Open { cause, .. } => MergeError::Read { path: p(), cause },
        cause => MergeError::Input { path: p(), cause },
    })?;
    let header = RunHeader::from_lhe_header(reader.header()).map_err(|e| match e {
        HeaderError::MissingKey(key) => MergeError::MissingKey {
            path: p(),
            key,
            hint: NOT_SHARD,
        },
        other => MergeError::Format {
            path: p(),
            line: 0,
            message: other.to_string(),
        },
    })?;
    let init = reader.init().clone();
    if init.processes.len() != 1 {
        return Err(MergeError::Format {
            path: p(),
            line: reader.line(),
            message: format!(
                "expected one process in <init>, found {}",
                init.processes.len()
            ),
        });
    }
    let origin = header.origin.clone().ok_or(MergeError::MissingKey {
        path: p(),
        key: keys::GRIDPACK_SHA256,
        hint: NOT_SHARD,
    })?;
    let shard_seed = match origin.shards {
        Shards::Single { seed, .. } => Some(seed),
        Shards::Merged { .. } => None,
    };
    let info = InputInfo {
        path: p(),
        gridpack_sha256: origin.gridpack_sha256.clone(),
        gridpack: origin.gridpack.clone(),
        card_sha256: origin.card_sha256.clone(),
        shards: origin
            .shards
            .list()
            .iter()
            .map(|s| (s.index, s.count))
            .collect(),
        shard_seed,
        seed: header.seed,
        events: header.events,
        sigma_pb: header.xsec_pb,
        sigma_error_pb: header.xerr_pb,
        efficiency: header.efficiency,
        max_weight: header.max_weight,
        event_weight_text: sci(header.event_weight_pb()),
        card: header.card,
        init,
        weights: lhe::parse_initrwgt(reader.header()),
    };
    let (inner, line) = reader.into_inner();
    let lines = Lines {
        inner,
        path,
        line,
        buf: Vec::with_capacity(256),
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
        let beams = |i: &Init| {
            format!(
                "{:?} {:?} {:?} {:?} {}",
                i.beam_ids, i.beam_energies, i.pdf_groups, i.pdf_sets, i.weighting
            )
        };
        let mut a = info.init.clone();
        let mut b = first.init.clone();
        a.processes.clear();
        b.processes.clear();
        if a != b {
            return Err(mismatch(
                "the process (<init> beams)",
                &beams(&info.init),
                &beams(&first.init),
            ));
        }
        if info.init.processes != first.init.processes {
            return Err(mismatch(
                "the cross section (<init> XSECUP XERRUP XMAXUP LPRUP)",
                &format!("{:?}", info.init.processes),
                &format!("{:?}", first.init.processes),
            ));
        }
        if info.weights != first.weights {
            let list = |w: &[WeightInfo]| {
                let names: Vec<String> = w.iter().map(|w| format!("{} {}", w.id, w.name)).collect();
                format!("[{}]", names.join(", "))
            };
            return Err(mismatch(
                "the named weights (<initrwgt>, generation.reweight)",
                &list(&info.weights),
                &list(&first.weights),
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

/// The merged header: provenance (every input with its shards, seed and event count), the
/// run summary of the first input with `N_total` events, and its card with
/// `generation.events = N_total` and the output's file name.
fn merged_header(
    infos: &[InputInfo],
    total: u64,
    shards: &[(u64, u64)],
    output: &Path,
) -> RunHeader {
    let first = &infos[0];
    let card = match RunCard::from_toml_str(&first.card, "merged card") {
        Ok(mut c) => {
            c.generation.events = total;
            if let Some(name) = output.file_name() {
                c.generation.output = PathBuf::from(name);
            }
            let mut text = c.to_toml_string().unwrap_or_else(|_| first.card.clone());
            if text.ends_with("\n\n") {
                text.pop();
            }
            text
        }
        Err(_) => first.card.clone(),
    };
    let shard = |&(index, count): &(u64, u64)| Shard { index, count };
    let inputs = infos
        .iter()
        .map(|info| MergedInput {
            name: info.path.file_name().map_or_else(
                || info.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            shards: info.shards.iter().map(shard).collect(),
            events: info.events,
            shard_seed: info.shard_seed,
        })
        .collect();
    let mut header = RunSummary {
        card: &card,
        seed: first.seed,
        events: total,
        xsec_pb: first.sigma_pb,
        xerr_pb: first.sigma_error_pb,
        efficiency: first.efficiency,
        max_weight: first.max_weight,
    }
    .to_header();
    header.origin = Some(GridpackOrigin {
        gridpack: first.gridpack.clone(),
        gridpack_sha256: first.gridpack_sha256.clone(),
        card_sha256: first.card_sha256.clone(),
        shards: Shards::Merged {
            shards: shards.iter().map(shard).collect(),
            inputs,
        },
    });
    header
}

/// Refuses an output that would destroy an input or hold the wrong format, before anything is
/// read: a name not ending in `.lhe` / `.lhe.gz` ([`MergeError::OutputFormat`]), or the same
/// file as one of `inputs` ([`MergeError::OutputIsInput`]): the same canonical path (which
/// resolves symbolic links and `..`), or, when both exist, the same device and inode (a hard
/// link). Both names appear in the error as given.
///
/// # Errors
/// As above.
pub fn check_output(inputs: &[PathBuf], output: &Path) -> Result<(), MergeError> {
    if !matches!(
        OutputFormat::from_path(output),
        Some(OutputFormat::Lhe | OutputFormat::LheGz)
    ) {
        return Err(MergeError::OutputFormat {
            output: output.to_path_buf(),
        });
    }
    let out_path = canonical(output);
    let out_id = file_id(output);
    for input in inputs {
        let via = if out_path.is_some() && canonical(input) == out_path {
            if input.as_path() == output {
                ""
            } else if is_symlink(input) || is_symlink(output) {
                " (the same file through a symbolic link)"
            } else {
                " (the same file under another name)"
            }
        } else if out_id.is_some() && file_id(input) == out_id {
            " (the same file through a hard link)"
        } else {
            continue;
        };
        return Err(MergeError::OutputIsInput {
            output: output.to_path_buf(),
            input: input.clone(),
            via,
        });
    }
    Ok(())
}

/// The canonical absolute path of `path` (symbolic links and `..` resolved); for a file that
/// does not exist yet, that of its directory joined with its name. `None` if neither resolves.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(dir).ok().map(|d| d.join(name))
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// (device, inode) of an existing file (following symbolic links).
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Without device and inode numbers, only canonical paths are compared.
#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// The `<rwgt>` block of the merged events: read from an input (the writer's layout,
/// [`lhe::rwgt`]), the values multiplied by the ratio of the merged to the input `XWGTUP`,
/// written again by the writer's formatter.
struct NamedWeights<'a> {
    ids: &'a [String],
    values: Vec<f64>,
    cache: lhe::format::SciCache,
    buf: Vec<u8>,
}

impl<'a> NamedWeights<'a> {
    fn new(ids: &'a [String]) -> Self {
        Self {
            ids,
            values: Vec::with_capacity(ids.len()),
            cache: lhe::format::SciCache::new(ids.len()),
            buf: Vec::with_capacity(64 * (ids.len() + 2)),
        }
    }

    /// Reads the `<rwgt>` block at the current line of `lines` (one `<wgt>` per declared id,
    /// in order) and leaves the rescaled block in `self.buf`.
    fn copy_scaled(&mut self, lines: &mut Lines<'_>, scale: f64) -> Result<(), MergeError> {
        if lines.trimmed() != "<rwgt>" {
            return Err(lines.err(format!(
                "expected the <rwgt> block of the {} named weights declared in <initrwgt>",
                self.ids.len()
            )));
        }
        self.values.clear();
        for id in self.ids {
            lines.expect_line("a <wgt> line")?;
            match lhe::rwgt::parse_wgt_line(lines.trimmed()) {
                Some((found, v)) if found == *id => self.values.push(v * scale),
                _ => {
                    return Err(lines.err(format!(
                        "expected <wgt id='{id}'>VALUE</wgt> (the weights declared in <initrwgt>, \
                         in order)"
                    )));
                }
            }
        }
        lines.expect_line("</rwgt>")?;
        if lines.trimmed() != "</rwgt>" {
            return Err(lines.err("expected </rwgt> after the declared named weights"));
        }
        self.buf.clear();
        lhe::rwgt::push_rwgt(&mut self.buf, self.ids, &self.values, &mut self.cache, 0);
        Ok(())
    }
}

/// Merges `inputs` into `output` (atomic; gzip when the name ends in `.gz`). `progress` gets
/// the running event count.
///
/// # Errors
/// [`MergeError`]; on error nothing is left at `output`, and nothing is read when the output
/// is refused by [`check_output`].
pub fn merge_files(
    inputs: &[PathBuf],
    output: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<MergeReport, MergeError> {
    let start = Instant::now();
    check_output(inputs, output)?;
    crate::io::output::check_writable(output)?;
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
    let header = merged_header(&infos, total, &shards, output);
    let info = RunInfo::unweighted(
        first.init.beam_ids,
        first.init.beam_energies,
        sigma,
        first.sigma_error_pb,
        &header,
    );
    // render header + <init> exactly as the writer does, without its closing tag
    let (mut head, _) = LheWriter::with_weights(Vec::new(), &info, &first.weights)?.into_inner()?;
    let weight_ids: Vec<String> = first.weights.iter().map(|w| w.id.clone()).collect();
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
    let mut rwgt = NamedWeights::new(&weight_ids);
    for inp in &infos {
        let (_, mut lines) = read_header(&inp.path)?;
        // named weights are ratios times XWGTUP: rescaled with it (docs/physics.md Sec. 11)
        let scale = weight / inp.event_weight_text.parse::<f64>().unwrap_or(f64::NAN);
        let mut n_file = 0u64;
        let mut ended = false;
        while lines.next()? {
            let t = lines.trimmed();
            if t == "<event>" {
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
                if !weight_ids.is_empty() {
                    rwgt.copy_scaled(&mut lines, scale)?;
                    out.write_all(&rwgt.buf).map_err(|e| io_err(&out, e))?;
                    lines.expect_line("</event>")?;
                }
                if lines.trimmed() != "</event>" {
                    return Err(lines.err(format!("expected </event> after NUP = {nup} particles")));
                }
                out.write_all(&lines.buf).map_err(|e| io_err(&out, e))?;
                n_file += 1;
                written += 1;
                if written.is_multiple_of(65_536) {
                    progress(written);
                }
            } else if let Some(rest) = t.strip_prefix("</LesHouchesEvents>") {
                // the reader's check: only whitespace may follow (no second, concatenated file)
                let rest = rest.to_string();
                lhe::reader::check_end(&mut *lines.inner, &mut lines.line, &rest).map_err(
                    |cause| MergeError::Input {
                        path: inp.path.clone(),
                        cause,
                    },
                )?;
                ended = true;
                break;
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
