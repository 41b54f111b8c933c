//! Strict validator for the LHE 3.0 files written by [`super::LheWriter`].
//!
//! This is not a general LHE reader (see `mfc_validation::lhe` for that): it accepts exactly
//! the layout our writer produces (LHE accord, hep-ph/0609017; LHE 3.0, arXiv:1405.1067) and
//! checks the physics of every event:
//!
//! - `<LesHouchesEvents version="3.0">`, a `<header>` with our `<mfcgen>` block, `<init>` with
//!   10 beam fields (`IDWTUP = 3`) and `NPRUP` process lines, `</LesHouchesEvents>` at the end;
//! - every event has `NUP` particle lines of 13 fields, two incoming particles (status -1,
//!   mothers `0 0`, ids equal to the beam ids) first, then outgoing ones (status 1, mothers
//!   `1 2`);
//! - four-momentum conservation, each component to [`MOMENTUM_REL_TOL`] relative to the sum of
//!   the incoming energies;
//! - mass shells: `|sqrt(E^2 - p^2) - m| <` [`MASS_ABS_TOL_GEV`], or
//!   `|E^2 - p^2 - m^2| <` [`MASS2_REL_TOL`] `* E^2` (the rounding floor for (nearly) massless
//!   particles); this resolves a 1 MeV mass at 1 TeV;
//! - equal weights (`IDWTUP = 3`): every `XWGTUP` equals `XSECUP / N` to [`WEIGHT_REL_TOL`].
//!
//! Errors name the 1-based line number of the (decompressed) text.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::LheError;

/// Relative tolerance (to the sum of incoming energies) of four-momentum conservation.
pub const MOMENTUM_REL_TOL: f64 = 1e-9;
/// Absolute tolerance (GeV) on `sqrt(E^2 - p^2) - m`.
pub const MASS_ABS_TOL_GEV: f64 = 1e-6;
/// Rounding floor, relative to `E^2`, for `E^2 - p^2 - m^2`.
pub const MASS2_REL_TOL: f64 = 1e-13;
/// Relative tolerance of the equal-weight check `XWGTUP = XSECUP / N`.
pub const WEIGHT_REL_TOL: f64 = 1e-9;

/// Summary of a valid file.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationReport {
    /// The `version` attribute of `<LesHouchesEvents>`.
    pub version: String,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// Number of events.
    pub events: u64,
    /// `IDBMUP`.
    pub beam_ids: [i32; 2],
    /// `EBMUP` (GeV).
    pub beam_energies: [f64; 2],
    /// `XSECUP` (pb).
    pub xsec_pb: f64,
    /// `XERRUP` (pb).
    pub xerr_pb: f64,
    /// `XMAXUP`.
    pub xmax: f64,
    /// The common event weight (pb), if there are events.
    pub event_weight: Option<f64>,
    /// Largest four-momentum violation seen, relative to the incoming energy.
    pub max_momentum_violation: f64,
    /// Largest `|sqrt(max(E^2 - p^2, 0)) - m|` seen (GeV).
    pub max_mass_deviation_gev: f64,
}

/// Opens `path` (plain or gzip, detected by its magic bytes) and validates it; see the
/// [module docs](self) for what is checked.
pub fn validate_file(path: &Path) -> Result<ValidationReport, LheError> {
    let open_err = |source| LheError::Open {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(open_err)?;
    let mut raw = BufReader::with_capacity(1 << 16, file);
    let gzip = raw.fill_buf().map_err(open_err)?.starts_with(&[0x1f, 0x8b]);
    let mut report = if gzip {
        validate_reader(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(raw)))?
    } else {
        validate_reader(raw)?
    };
    report.gzip = gzip;
    Ok(report)
}

/// Line source with 1-based numbering.
struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    line: u64,
}

impl<R: BufRead> Lines<R> {
    /// The next line without its line terminator, or `None` at the end of input.
    fn next(&mut self) -> Result<Option<(u64, &str)>, LheError> {
        self.buf.clear();
        let n = self
            .inner
            .read_until(b'\n', &mut self.buf)
            .map_err(|source| LheError::Read {
                line: self.line,
                source,
            })?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        let line = self.line;
        std::str::from_utf8(&self.buf)
            .map(|s| Some((line, s)))
            .map_err(|_| LheError::Invalid {
                line: self.line,
                message: "not valid UTF-8 text".into(),
            })
    }

    /// The next line, which must exist; `what` says what was expected.
    fn expect(&mut self, what: &str) -> Result<(u64, &str), LheError> {
        let line = self.line;
        match self.next()? {
            Some(x) => Ok(x),
            None => Err(LheError::Invalid {
                line: line + 1,
                message: format!("unexpected end of file, expected {what}"),
            }),
        }
    }
}

/// Splits `s` into exactly `N` whitespace-separated fields.
fn fields<'a, const N: usize>(s: &'a str, what: &str) -> Result<[&'a str; N], String> {
    let mut out = [""; N];
    let mut it = s.split_ascii_whitespace();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = it
            .next()
            .ok_or_else(|| format!("{what}: expected {N} fields, found {i}"))?;
    }
    if it.next().is_some() {
        let n = s.split_ascii_whitespace().count();
        return Err(format!("{what}: expected {N} fields, found {n}"));
    }
    Ok(out)
}

/// An [`LheError::Invalid`] at `line`.
fn inv(line: u64, message: impl Into<String>) -> LheError {
    LheError::Invalid {
        line,
        message: message.into(),
    }
}

/// Attaches the line number to a field error.
fn at<T>(line: u64, r: Result<T, String>) -> Result<T, LheError> {
    r.map_err(|m| inv(line, m))
}

fn num<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, String> {
    s.parse::<T>()
        .map_err(|_| format!("{what}: cannot parse {s:?} as a number"))
}

fn finite(s: &str, what: &str) -> Result<f64, String> {
    let v: f64 = num(s, what)?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("{what}: {s:?} is not finite"))
    }
}

/// Validates LHE text from any reader; see [`validate_file`].
pub fn validate_reader<R: BufRead>(reader: R) -> Result<ValidationReport, LheError> {
    let mut lines = Lines {
        inner: reader,
        buf: Vec::with_capacity(256),
        line: 0,
    };

    // Opening tag.
    let (ln, first) = lines.expect("<LesHouchesEvents version=\"3.0\">")?;
    let first = first.trim();
    let version = first
        .strip_prefix("<LesHouchesEvents version=\"")
        .and_then(|s| s.strip_suffix("\">"))
        .map(str::to_owned)
        .ok_or_else(|| {
            inv(
                ln,
                format!("expected <LesHouchesEvents version=\"3.0\">, found {first:?}"),
            )
        })?;
    if version != "3.0" {
        return Err(inv(
            ln,
            format!("expected version \"3.0\", found {version:?}"),
        ));
    }

    // Header.
    let (ln, h) = lines.expect("<header>")?;
    let h = h.trim();
    if h != "<header>" {
        return Err(inv(ln, format!("expected <header>, found {h:?}")));
    }
    let mut seen_mfcgen = false;
    loop {
        let (ln, s) = lines.expect("</header>")?;
        let s = s.trim();
        if s == "</header>" {
            break;
        }
        if s.starts_with("<init") || s.starts_with("<event") {
            return Err(inv(ln, format!("expected </header>, found {s:?}")));
        }
        seen_mfcgen |= s.starts_with("<mfcgen");
    }
    if !seen_mfcgen {
        return Err(inv(lines.line, "the header has no <mfcgen> block"));
    }

    // Init.
    let (ln, s) = lines.expect("<init>")?;
    let s = s.trim();
    if s != "<init>" {
        return Err(inv(ln, format!("expected <init>, found {s:?}")));
    }
    let (ln, s) = lines.expect("the <init> beam line")?;
    let f: [&str; 10] = at(ln, fields(s, "<init> beam line"))?;
    let beam_ids = [
        at(ln, num::<i32>(f[0], "IDBMUP(1)"))?,
        at(ln, num::<i32>(f[1], "IDBMUP(2)"))?,
    ];
    let beam_energies = [
        at(ln, finite(f[2], "EBMUP(1)"))?,
        at(ln, finite(f[3], "EBMUP(2)"))?,
    ];
    for (i, name) in ["PDFGUP(1)", "PDFGUP(2)", "PDFSUP(1)", "PDFSUP(2)"]
        .iter()
        .enumerate()
    {
        let v: i32 = at(ln, num(f[4 + i], name))?;
        if v != 0 {
            return Err(inv(ln, format!("{name}: expected 0 (no PDF), found {v}")));
        }
    }
    let idwtup: i32 = at(ln, num(f[8], "IDWTUP"))?;
    if idwtup != 3 {
        return Err(inv(ln, format!("IDWTUP: expected 3, found {idwtup}")));
    }
    let nprup: i32 = at(ln, num(f[9], "NPRUP"))?;
    if nprup != 1 {
        return Err(inv(ln, format!("NPRUP: expected 1, found {nprup}")));
    }
    let (ln, s) = lines.expect("the <init> process line")?;
    let f: [&str; 4] = at(ln, fields(s, "<init> process line"))?;
    let xsec_pb = at(ln, finite(f[0], "XSECUP"))?;
    let xerr_pb = at(ln, finite(f[1], "XERRUP"))?;
    let xmax = at(ln, finite(f[2], "XMAXUP"))?;
    let lprup: i32 = at(ln, num(f[3], "LPRUP"))?;
    if xsec_pb < 0.0 || xerr_pb < 0.0 {
        return Err(inv(ln, "XSECUP and XERRUP must not be negative"));
    }
    let (ln, s) = lines.expect("</init>")?;
    let s = s.trim();
    if s != "</init>" {
        return Err(inv(ln, format!("expected </init>, found {s:?}")));
    }

    // Events.
    let mut events: u64 = 0;
    let mut weight: Option<(f64, u64)> = None;
    let mut max_dp: f64 = 0.0;
    let mut max_dm: f64 = 0.0;
    let mut closed = false;
    while let Some((ln, s)) = lines.next()? {
        let s = s.trim();
        if s == "</LesHouchesEvents>" {
            closed = true;
            break;
        }
        if s != "<event>" {
            return Err(inv(
                ln,
                format!("expected <event> or </LesHouchesEvents>, found {s:?}"),
            ));
        }
        let (ln, s) = lines.expect("the event line")?;
        let f: [&str; 6] = at(ln, fields(s, "event line"))?;
        let nup: usize = at(ln, num(f[0], "NUP"))?;
        let idprup: i32 = at(ln, num(f[1], "IDPRUP"))?;
        if idprup != lprup {
            return Err(inv(ln, format!("IDPRUP: expected {lprup}, found {idprup}")));
        }
        let w = at(ln, finite(f[2], "XWGTUP"))?;
        for (i, name) in ["SCALUP", "AQEDUP", "AQCDUP"].iter().enumerate() {
            at(ln, num::<f64>(f[3 + i], name))?;
        }
        match weight {
            None => weight = Some((w, ln)),
            Some((w0, line0)) => {
                if (w - w0).abs() > WEIGHT_REL_TOL * w0.abs() {
                    return Err(inv(
                        ln,
                        format!(
                            "XWGTUP = {w:e} differs from the first event's weight {w0:e} (line \
                         {line0}); IDWTUP = 3 requires equal weights"
                        ),
                    ));
                }
            }
        }
        if nup < 3 {
            return Err(inv(
                ln,
                format!("NUP: expected at least 3 particles, found {nup}"),
            ));
        }
        let mut sum_in = [0.0f64; 4];
        let mut sum_out = [0.0f64; 4];
        for i in 0..nup {
            let (ln, s) = lines.expect(&format!("particle line {} of {nup}", i + 1))?;
            if s.trim_start().starts_with('<') {
                return Err(inv(
                    ln,
                    format!(
                        "expected particle line {} of NUP = {nup}, found {:?}",
                        i + 1,
                        s.trim()
                    ),
                ));
            }
            let f: [&str; 13] = at(ln, fields(s, "particle line"))?;
            let id: i32 = at(ln, num(f[0], "IDUP"))?;
            let status: i32 = at(ln, num(f[1], "ISTUP"))?;
            let m1: u32 = at(ln, num(f[2], "MOTHUP(1)"))?;
            let m2: u32 = at(ln, num(f[3], "MOTHUP(2)"))?;
            let c1: i32 = at(ln, num(f[4], "ICOLUP(1)"))?;
            let c2: i32 = at(ln, num(f[5], "ICOLUP(2)"))?;
            let px = at(ln, finite(f[6], "px"))?;
            let py = at(ln, finite(f[7], "py"))?;
            let pz = at(ln, finite(f[8], "pz"))?;
            let e = at(ln, finite(f[9], "E"))?;
            let m = at(ln, finite(f[10], "m"))?;
            at(ln, finite(f[11], "VTIMUP"))?;
            at(ln, finite(f[12], "SPINUP"))?;
            let incoming = i < 2;
            let (want_status, want_mothers) = if incoming { (-1, [0, 0]) } else { (1, [1, 2]) };
            if status != want_status {
                return Err(inv(
                    ln,
                    format!(
                        "particle {}: expected status {want_status}, found {status}",
                        i + 1
                    ),
                ));
            }
            if [m1, m2] != want_mothers {
                return Err(inv(
                    ln,
                    format!(
                        "particle {}: expected mothers {} {}, found {m1} {m2}",
                        i + 1,
                        want_mothers[0],
                        want_mothers[1]
                    ),
                ));
            }
            if incoming && beam_ids.get(i) != Some(&id) {
                return Err(inv(
                    ln,
                    format!(
                        "incoming particle {}: id {id} differs from IDBMUP({}) = {}",
                        i + 1,
                        i + 1,
                        beam_ids.get(i).copied().unwrap_or_default()
                    ),
                ));
            }
            if (c1, c2) != (0, 0) {
                return Err(inv(
                    ln,
                    format!("particle {}: expected colour 0 0, found {c1} {c2}", i + 1),
                ));
            }
            if e < 0.0 || m < 0.0 {
                return Err(inv(
                    ln,
                    format!(
                        "particle {}: negative energy or mass (E = {e:e}, m = {m:e})",
                        i + 1
                    ),
                ));
            }
            // Mass shell: (E - |p|)(E + |p|) limits cancellation.
            let pabs = (px * px + py * py + pz * pz).sqrt();
            let m2calc = (e - pabs) * (e + pabs);
            let mcalc = m2calc.max(0.0).sqrt();
            let dm = (mcalc - m).abs();
            max_dm = max_dm.max(dm);
            if dm > MASS_ABS_TOL_GEV && (m2calc - m * m).abs() > MASS2_REL_TOL * e * e {
                return Err(inv(
                    ln,
                    format!(
                        "particle {} (id {id}): off shell: sqrt(E^2 - p^2) = {mcalc:.9e} GeV, \
                     m = {m:.9e} GeV (E = {e:e})",
                        i + 1
                    ),
                ));
            }
            let sum = if incoming { &mut sum_in } else { &mut sum_out };
            for (acc, v) in sum.iter_mut().zip([e, px, py, pz]) {
                *acc += v;
            }
        }
        let scale = sum_in[0].max(f64::MIN_POSITIVE);
        for (k, name) in ["E", "px", "py", "pz"].iter().enumerate() {
            let d = (sum_in[k] - sum_out[k]).abs() / scale;
            max_dp = max_dp.max(d);
            if d > MOMENTUM_REL_TOL {
                return Err(inv(
                    ln,
                    format!(
                        "four-momentum not conserved in {name}: in {:.16e}, out {:.16e} \
                     (relative {d:.3e} > {MOMENTUM_REL_TOL:e})",
                        sum_in[k], sum_out[k]
                    ),
                ));
            }
        }
        let (ln, s) = lines.expect("</event>")?;
        let s = s.trim();
        if s != "</event>" {
            return Err(inv(
                ln,
                format!("expected </event> after NUP = {nup} particles, found {s:?}"),
            ));
        }
        events += 1;
    }
    if !closed {
        return Err(LheError::Invalid {
            line: lines.line + 1,
            message: "unexpected end of file: missing </LesHouchesEvents> (truncated file?)".into(),
        });
    }
    while let Some((ln, s)) = lines.next()? {
        if !s.trim().is_empty() {
            return Err(inv(
                ln,
                format!("unexpected text after </LesHouchesEvents>: {:?}", s.trim()),
            ));
        }
    }
    if let Some((w, _)) = weight {
        let expected = xsec_pb / events as f64;
        if (w - expected).abs() > WEIGHT_REL_TOL * expected.abs().max(f64::MIN_POSITIVE) {
            return Err(LheError::Invalid {
                line: lines.line,
                message: format!(
                    "event weight {w:.16e} pb differs from XSECUP / N = {xsec_pb:e} / {events} \
                     = {expected:.16e} pb (IDWTUP = 3 normalisation)"
                ),
            });
        }
    }
    Ok(ValidationReport {
        version,
        gzip: false,
        events,
        beam_ids,
        beam_energies,
        xsec_pb,
        xerr_pb,
        xmax,
        event_weight: weight.map(|(w, _)| w),
        max_momentum_violation: max_dp,
        max_mass_deviation_gev: max_dm,
    })
}

/// Validates in-memory bytes (plain or gzip, detected by the magic bytes).
pub fn validate_bytes(data: &[u8]) -> Result<ValidationReport, LheError> {
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    let mut report = if gzip {
        validate_reader(BufReader::new(MultiGzDecoder::new(data)))?
    } else {
        validate_reader(data)?
    };
    report.gzip = gzip;
    Ok(report)
}
