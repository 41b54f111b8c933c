//! Strict checks of the LHE 3.0 files written by [`super::LheWriter`], run over the events of
//! the tolerant [`super::LheReader`].
//!
//! The reader parses; this module accepts only the layout our writer produces (LHE accord,
//! hep-ph/0609017; LHE 3.0, arXiv:1405.1067) and checks the physics of every event:
//!
//! - `<LesHouchesEvents version="3.0">`, a `<header>` with our `<mfcgen>` block, `<init>` with
//!   10 beam fields (`IDWTUP = 3`) and `NPRUP` process lines, `</LesHouchesEvents>` at the end;
//! - every event has `NUP` particle lines of 13 fields, two incoming particles (status -1,
//!   mothers `0 0`, ids equal to the beam ids) first, then outgoing ones (status 1, mothers
//!   `1 2`), of which one may have decayed (status 2, `VTIMUP` >= 0) with its products after
//!   it (status 1, both mothers pointing to it);
//! - four-momentum conservation, each component to [`MOMENTUM_REL_TOL`] relative to the sum of
//!   the incoming energies: of the 2 -> 3 (incoming against the particles with mothers `1 2`)
//!   and of each decay (the decayed particle against its products);
//! - mass shells: `|sqrt(E^2 - p^2) - m| <` [`MASS_ABS_TOL_GEV`], or
//!   `|E^2 - p^2 - m^2| <` [`MASS2_REL_TOL`] `* E^2` (the rounding floor for (nearly) massless
//!   particles); this resolves a 1 MeV mass at 1 TeV;
//! - equal weights (`IDWTUP = 3`): every `XWGTUP` equals `XSECUP / N` to [`WEIGHT_REL_TOL`].
//!
//! - no field beyond the format's (13 per particle line, 6 on the event line, 10 and 4 in
//!   `<init>`), no comment or other line inside an event, nothing after
//!   `</LesHouchesEvents>`.
//!
//! Errors are [`LheError::Invalid`] naming the 1-based line number of the (decompressed)
//! text; the reader's own errors are turned into [`LheError::Invalid`] at their line.

use std::io::BufRead;
use std::path::Path;

use super::{LheError, LheEvent, LheReader, from_reader, open};

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
///
/// # Errors
/// [`LheError::Open`] if the file cannot be opened, [`LheError::Invalid`] for the first
/// problem found.
pub fn validate_file(path: &Path) -> Result<ValidationReport, LheError> {
    match open(path) {
        Err(e @ LheError::Open { .. }) => Err(e),
        other => check(other.map_err(strict)?),
    }
}

/// Validates LHE text from any reader (plain text); see [`validate_file`].
///
/// # Errors
/// As [`validate_file`].
pub fn validate_reader<R: BufRead>(reader: R) -> Result<ValidationReport, LheError> {
    check(LheReader::new(reader).map_err(strict)?)
}

/// Validates in-memory bytes (plain or gzip, detected by the magic bytes).
///
/// # Errors
/// As [`validate_file`].
pub fn validate_bytes(data: &[u8]) -> Result<ValidationReport, LheError> {
    check(from_reader(std::io::Cursor::new(data.to_vec())).map_err(strict)?)
}

/// A reader error as a strict-check error at its line.
fn strict(e: LheError) -> LheError {
    let line = e.line();
    match e {
        LheError::Syntax {
            expected, found, ..
        } => inv(
            line,
            format!("cannot parse the line: expected {expected}, found {found:?}"),
        ),
        LheError::UnexpectedEof { expected, .. } => {
            inv(line, format!("unexpected end of file, expected {expected}"))
        }
        other => other,
    }
}

/// An [`LheError::Invalid`] at `line`.
fn inv(line: u64, message: impl Into<String>) -> LheError {
    LheError::Invalid {
        line,
        message: message.into(),
    }
}

/// Fails unless `x` is finite.
fn finite(line: u64, what: &str, x: f64) -> Result<f64, LheError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(inv(line, format!("{what}: {x} is not finite")))
    }
}

/// The checks of the header and `<init>`, then of every event.
fn check<R: BufRead>(mut r: LheReader<R>) -> Result<ValidationReport, LheError> {
    let root = r.root_line();
    if root != 1 {
        return Err(inv(
            root,
            "expected <LesHouchesEvents version=\"3.0\"> on line 1",
        ));
    }
    let version = r.version().to_string();
    if version != "3.0" {
        return Err(inv(
            root,
            format!("expected version \"3.0\", found {version:?}"),
        ));
    }
    let header = r.header();
    if !header.starts_with("<header>\n") || !header.trim_end().ends_with("</header>") {
        return Err(inv(
            root + 1,
            "expected a <header> ... </header> block before <init>",
        ));
    }
    if !header.contains("<mfcgen") {
        return Err(inv(r.line(), "the header has no <mfcgen> block"));
    }
    let init = r.init().clone();
    // <init>, the beam line, the process line, </init>
    let init_line = r.line() - 3;
    let beam_line = init_line + 1;
    let proc_line = init_line + 2;
    if let Some(line) = r.init_extra_fields() {
        return Err(inv(line, "unexpected fields or lines in <init>"));
    }
    for (i, &e) in init.beam_energies.iter().enumerate() {
        finite(beam_line, &format!("EBMUP({})", i + 1), e)?;
    }
    for (name, v) in [
        ("PDFGUP(1)", init.pdf_groups[0]),
        ("PDFGUP(2)", init.pdf_groups[1]),
        ("PDFSUP(1)", init.pdf_sets[0]),
        ("PDFSUP(2)", init.pdf_sets[1]),
    ] {
        if v != 0 {
            return Err(inv(
                beam_line,
                format!("{name}: expected 0 (no PDF), found {v}"),
            ));
        }
    }
    if init.weighting != 3 {
        return Err(inv(
            beam_line,
            format!("IDWTUP: expected 3, found {}", init.weighting),
        ));
    }
    let [process] = init.processes[..] else {
        return Err(inv(
            beam_line,
            format!("NPRUP: expected 1, found {}", init.processes.len()),
        ));
    };
    let xsec_pb = finite(proc_line, "XSECUP", process.xsec_pb)?;
    let xerr_pb = finite(proc_line, "XERRUP", process.xerr_pb)?;
    let xmax = finite(proc_line, "XMAXUP", process.xmax)?;
    if xsec_pb < 0.0 || xerr_pb < 0.0 {
        return Err(inv(proc_line, "XSECUP and XERRUP must not be negative"));
    }

    let mut events: u64 = 0;
    let mut weight: Option<(f64, u64)> = None;
    let mut max_dp: f64 = 0.0;
    let mut max_dm: f64 = 0.0;
    let mut last_line = r.line();
    while let Some(ev) = r.next_event() {
        let ev = ev.map_err(strict)?;
        let lines = r.event_lines();
        if lines.start != last_line + 1 {
            return Err(inv(
                last_line + 1,
                "expected <event> or </LesHouchesEvents> right after the previous block",
            ));
        }
        if let Some(line) = lines.extra_fields {
            return Err(inv(line, "more fields than the format has"));
        }
        if lines.other_lines {
            return Err(inv(
                lines.start,
                "the event holds lines other than the event line, NUP particle lines and \
                 </event> (comments, weights, free text)",
            ));
        }
        let (dp, dm) = check_event(&ev, lines, init.beam_ids, process.id, &mut weight)?;
        max_dp = max_dp.max(dp);
        max_dm = max_dm.max(dm);
        events += 1;
        last_line = lines.end;
    }
    if r.end_line() != last_line + 1 {
        return Err(inv(
            last_line + 1,
            "expected </LesHouchesEvents> right after the last event",
        ));
    }
    r.check_trailer().map_err(strict)?;
    if let Some((w, _)) = weight {
        let expected = xsec_pb / events as f64;
        if (w - expected).abs() > WEIGHT_REL_TOL * expected.abs().max(f64::MIN_POSITIVE) {
            return Err(inv(
                r.end_line(),
                format!(
                    "event weight {w:.16e} pb differs from XSECUP / N = {xsec_pb:e} / {events} \
                     = {expected:.16e} pb (IDWTUP = 3 normalisation)"
                ),
            ));
        }
    }
    Ok(ValidationReport {
        version,
        gzip: r.is_gzip(),
        events,
        beam_ids: init.beam_ids,
        beam_energies: init.beam_energies,
        xsec_pb,
        xerr_pb,
        xmax,
        event_weight: weight.map(|(w, _)| w),
        max_momentum_violation: max_dp,
        max_mass_deviation_gev: max_dm,
    })
}

/// The checks of one event; returns its momentum violation and largest mass deviation.
fn check_event(
    ev: &LheEvent,
    lines: &super::EventLines,
    beam_ids: [i32; 2],
    lprup: i32,
    weight: &mut Option<(f64, u64)>,
) -> Result<(f64, f64), LheError> {
    let ln = lines.event_line;
    if ev.process_id != lprup {
        return Err(inv(
            ln,
            format!("IDPRUP: expected {lprup}, found {}", ev.process_id),
        ));
    }
    let w = finite(ln, "XWGTUP", ev.weight)?;
    finite(ln, "SCALUP", ev.scale)?;
    finite(ln, "AQEDUP", ev.alpha_qed)?;
    finite(ln, "AQCDUP", ev.alpha_qcd)?;
    match *weight {
        None => *weight = Some((w, ln)),
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
    let nup = ev.particles.len();
    if nup < 3 {
        return Err(inv(
            ln,
            format!("NUP: expected at least 3 particles, found {nup}"),
        ));
    }
    let mut sum_in = [0.0f64; 4];
    let mut sum_out = [0.0f64; 4];
    // the summed momenta of the products of each decayed (status 2) particle, by its index
    let mut decays = vec![[0.0f64; 4]; nup];
    let mut max_dm: f64 = 0.0;
    for (i, (p, &ln)) in ev.particles.iter().zip(&lines.particles).enumerate() {
        let [e, px, py, pz] = p.momentum;
        for (name, x) in [
            ("E", e),
            ("px", px),
            ("py", py),
            ("pz", pz),
            ("m", p.mass),
            ("VTIMUP", p.lifetime),
            ("SPINUP", p.spin),
        ] {
            finite(ln, name, x)?;
        }
        let m = p.mass;
        let incoming = i < 2;
        let decay_mother = decay_mother(ev, i);
        let (want_status, want_mothers) = match decay_mother {
            _ if incoming => (-1, [0, 0]),
            Some(j) => (1, [j as u32 + 1; 2]),
            None if p.status == 2 && has_products(ev, i) => (2, [1, 2]),
            None => (1, [1, 2]),
        };
        if p.status == 2 && !(p.lifetime >= 0.0) {
            return Err(inv(
                ln,
                format!(
                    "particle {}: decayed (status 2) with a negative VTIMUP {:e} mm",
                    i + 1,
                    p.lifetime
                ),
            ));
        }
        if p.status != want_status {
            let note = if p.status == 2 {
                " (a decayed particle needs its products after it, mothers pointing to it)"
            } else {
                ""
            };
            return Err(inv(
                ln,
                format!(
                    "particle {}: expected status {want_status}, found {}{note}",
                    i + 1,
                    p.status
                ),
            ));
        }
        if p.mothers != want_mothers {
            return Err(inv(
                ln,
                format!(
                    "particle {}: expected mothers {} {}, found {} {}",
                    i + 1,
                    want_mothers[0],
                    want_mothers[1],
                    p.mothers[0],
                    p.mothers[1]
                ),
            ));
        }
        if incoming && beam_ids[i] != p.id {
            return Err(inv(
                ln,
                format!(
                    "incoming particle {}: id {} differs from IDBMUP({}) = {}",
                    i + 1,
                    p.id,
                    i + 1,
                    beam_ids[i]
                ),
            ));
        }
        if p.colors != [0, 0] {
            return Err(inv(
                ln,
                format!(
                    "particle {}: expected colour 0 0, found {} {}",
                    i + 1,
                    p.colors[0],
                    p.colors[1]
                ),
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
                    "particle {} (id {}): off shell: sqrt(E^2 - p^2) = {mcalc:.9e} GeV, \
                     m = {m:.9e} GeV (E = {e:e})",
                    i + 1,
                    p.id
                ),
            ));
        }
        let sum = match decay_mother {
            _ if incoming => &mut sum_in,
            Some(j) => &mut decays[j],
            None => &mut sum_out,
        };
        for (acc, v) in sum.iter_mut().zip([e, px, py, pz]) {
            *acc += v;
        }
    }
    check_decays(ev, lines, &decays, sum_in[0])?;
    let last = lines.particles.last().copied().unwrap_or(ln);
    let scale = sum_in[0].max(f64::MIN_POSITIVE);
    let mut max_dp: f64 = 0.0;
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
    if lines.end != last + 1 {
        return Err(inv(
            last + 1,
            format!("expected </event> after NUP = {nup} particles"),
        ));
    }
    Ok((max_dp, max_dm))
}

/// The 0-based index of the decayed particle whose product particle `i` is: its first mother
/// (an earlier, outgoing particle) has status 2.
fn decay_mother(ev: &LheEvent, i: usize) -> Option<usize> {
    let m = ev.particles[i].mothers[0] as usize;
    (m > 2 && m <= i && ev.particles[m - 1].status == 2).then(|| m - 1)
}

/// True if some particle after `j` is a product of it ([`decay_mother`]).
fn has_products(ev: &LheEvent, j: usize) -> bool {
    (j + 1..ev.particles.len()).any(|i| decay_mother(ev, i) == Some(j))
}

/// Each decayed (status 2) particle: its four-momenta add up to its
/// own, each component to [`MOMENTUM_REL_TOL`] relative to the incoming energy `scale`.
fn check_decays(
    ev: &LheEvent,
    lines: &super::EventLines,
    decays: &[[f64; 4]],
    scale: f64,
) -> Result<(), LheError> {
    let scale = scale.max(f64::MIN_POSITIVE);
    for (j, p) in ev.particles.iter().enumerate() {
        if p.status != 2 {
            continue;
        }
        let ln = lines.particles[j];
        for (k, name) in ["E", "px", "py", "pz"].iter().enumerate() {
            let d = (p.momentum[k] - decays[j][k]).abs() / scale;
            if d > MOMENTUM_REL_TOL {
                return Err(inv(
                    ln,
                    format!(
                        "decay of particle {}: four-momentum not conserved in {name}: {:.16e} \
                         before, {:.16e} in its products (relative {d:.3e} > \
                         {MOMENTUM_REL_TOL:e})",
                        j + 1,
                        p.momentum[k],
                        decays[j][k]
                    ),
                ));
            }
        }
    }
    Ok(())
}
