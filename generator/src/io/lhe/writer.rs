//! LHE 3.0 writer for fixed-target mu N -> mu N X events.
//!
//! Format: Alwall et al., Comput. Phys. Commun. 176 (2007) 300 [hep-ph/0609017] and the
//! LHE 3.0 update (arXiv:1405.1067). Layout of the files written here:
//!
//! ```text
//! <LesHouchesEvents version="3.0">
//! <header>
//! <mfcgen version="0.1.0">
//! <![CDATA[
//! ...normalisation note, generator version, seed, sigma, error, expected efficiency, run card
//! (TOML), ...
//! ]]>
//! </mfcgen>
//! <initrwgt> ... </initrwgt>        (only with named weights: super::rwgt)
//! </header>
//! <init>
//!  IDBMUP(1) IDBMUP(2) EBMUP(1) EBMUP(2) PDFGUP(1) PDFGUP(2) PDFSUP(1) PDFSUP(2) IDWTUP NPRUP
//!  XSECUP XERRUP XMAXUP LPRUP
//! </init>
//! <event>
//!  NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP
//!  IDUP ISTUP MOTHUP(1) MOTHUP(2) ICOLUP(1) ICOLUP(2) PUP(1..5)=px py pz E m VTIMUP SPINUP
//!  ...
//! <rwgt> <wgt id='1001'>...</wgt> ... </rwgt>   (only with named weights)
//! </event>
//! </LesHouchesEvents>
//! ```
//!
//! Conventions (MadGraph's for fixed targets):
//! - `IDBMUP = (muon, nucleus)`, `EBMUP = (E_mu, M_nucleus)`: the nucleus is at rest, and its
//!   mass is written as its "beam energy"; `PDFGUP = PDFSUP = 0` (no PDFs).
//! - `IDWTUP = 3`, `NPRUP = 1`, `LPRUP = 1`: unweighted events, each with
//!   `XWGTUP = XSECUP / N` in pb (see [the module docs](super) on the normalisation).
//! - `SCALUP` = the mass of X (the last outgoing particle that is not a beam particle), or 0;
//!   `AQEDUP` = [`ALPHA_QED`], `AQCDUP` = 0 (no QCD).
//! - The header block is [`mfcgen_block`] of [`RunInfo::header`] ([`super::header`]); its
//!   `expected_efficiency` is the calibration's `<w>/w_max`, not the accepted/tried fraction
//!   (unknown when the header is written).
//! - Colour `0 0`, lifetime `0.`, spin `9.` (unknown/unpolarised, [`SPIN_UNKNOWN`]). A decayed
//!   X ([`LheWriter::write_event_with_decay`]) has status 2 and `VTIMUP` = its sampled proper
//!   decay length in mm; its products follow with status 1 and both mothers pointing to it.
//! - Floats are written as `%+.16e` (17 significant digits, exact round trip), so that
//!   `E^2 - p^2` resolves a 1 MeV mass at 1 TeV.
//! - The `<event>` tag is bare (Delphes' LHE reader requires it).
//! - The free header text is wrapped in CDATA, so `&` or `<` in the run card cannot break the
//!   XML (pylhe parses the file with an XML parser).

use std::io::Write;
use std::path::Path;

use flate2::Compression;

use super::LheError;
use super::format::{SciCache, push_int, push_sci};
use super::header::{RunHeader, mfcgen_block};
use super::rwgt::{WeightInfo, initrwgt_block, push_rwgt};
use crate::card::ValidatedCard;
use crate::event::{Decay, Event};
use crate::io::output::AtomicFile;

/// `IDWTUP = 3`: unweighted events, all with weight `XSECUP / N` (LHE accord, hep-ph/0609017).
pub const IDWTUP_UNWEIGHTED: i32 = 3;
/// The process id `LPRUP` (and `IDPRUP` of every event): we write a single process.
pub const LPRUP: i32 = 1;
/// `SPINUP = 9`: unknown/unpolarised, in the LHE accord's convention.
pub const SPIN_UNKNOWN: f64 = 9.0;
/// The fine-structure constant written as `AQEDUP` in every event.
pub const ALPHA_QED: f64 = mfc_models::constants::ALPHA;

/// Run-level information for the `<header>` and `<init>` blocks (LHE accord, hep-ph/0609017).
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// `IDBMUP`: PDG ids of the beam muon and of the target nucleus (e.g. `[13, 1000290630]`).
    pub beam_ids: [i32; 2],
    /// `EBMUP`: muon beam energy and, for the nucleus at rest, its mass (GeV; MadGraph's
    /// fixed-target convention).
    pub beam_energies: [f64; 2],
    /// `XSECUP`: the total cross section in pb.
    pub xsec_pb: f64,
    /// `XERRUP`: its statistical error in pb.
    pub xerr_pb: f64,
    /// `XMAXUP`: the maximum event weight (for `IDWTUP = 3` informational; MadGraph writes
    /// `XSECUP` here).
    pub xmax: f64,
    /// Free text put (as CDATA) inside `<header><mfcgen>`: [`RunHeader::to_text`].
    pub header: String,
}

impl RunInfo {
    /// The run information of an unweighted sample (`XMAXUP = XSECUP`, as MadGraph writes)
    /// with `header` as its header text.
    #[must_use]
    pub fn unweighted(
        beam_ids: [i32; 2],
        beam_energies: [f64; 2],
        xsec_pb: f64,
        xerr_pb: f64,
        header: &RunHeader,
    ) -> Self {
        Self {
            beam_ids,
            beam_energies,
            xsec_pb,
            xerr_pb,
            xmax: xsec_pb,
            header: header.to_text(),
        }
    }

    /// [`RunInfo::unweighted`] with the beams of a card: the muon beam and the nucleus at rest
    /// (`EBMUP(2)` = its mass).
    #[must_use]
    pub fn for_card(card: &ValidatedCard, xsec_pb: f64, xerr_pb: f64, header: &RunHeader) -> Self {
        Self::unweighted(
            [card.beam_pdg_id.code(), card.target.pdg_id().code()],
            [card.beam_energy, card.target.nucleus_mass()],
            xsec_pb,
            xerr_pb,
            header,
        )
    }

    fn check(&self) -> Result<(), LheError> {
        let named = [
            ("beam energy 1", self.beam_energies[0]),
            ("beam energy 2", self.beam_energies[1]),
            ("XSECUP", self.xsec_pb),
            ("XERRUP", self.xerr_pb),
            ("XMAXUP", self.xmax),
        ];
        for (what, v) in named {
            if !v.is_finite() {
                return Err(LheError::RunInfo(format!("{what} = {v} is not finite")));
            }
            if v < 0.0 {
                return Err(LheError::RunInfo(format!("{what} = {v} is negative")));
            }
        }
        Ok(())
    }
}

/// Cached float fields: 4 on the event line, 5 per particle for the first 8 particles.
const CACHE_SLOTS: usize = 4 + 5 * 8;

/// Streaming LHE 3.0 writer; see the [module docs](self) for the layout and conventions.
///
/// `W` is the byte sink: an [`AtomicFile`] for [`LheWriter::create`] (the file appears only on
/// [`LheWriter::finish`]), or any [`Write`] with [`LheWriter::new`].
pub struct LheWriter<W: Write = AtomicFile> {
    out: W,
    buf: Vec<u8>,
    cache: SciCache,
    events: u64,
    beam_ids: [i32; 2],
    /// Ids of the named weights (`<rwgt>` in every event), empty without reweighting.
    weight_ids: Vec<String>,
}

impl<W: Write> std::fmt::Debug for LheWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LheWriter")
            .field("events", &self.events)
            .field("beam_ids", &self.beam_ids)
            .finish_non_exhaustive()
    }
}

impl LheWriter<AtomicFile> {
    /// Creates `path` atomically (gzip-compressed at [`Compression::fast`] if it ends in `.gz`)
    /// and writes the header and `<init>` block.
    pub fn create(path: &Path, info: &RunInfo) -> Result<Self, LheError> {
        Self::new(AtomicFile::create(path)?, info)
    }

    /// As [`LheWriter::create`], declaring the named `weights` in `<initrwgt>`
    /// ([`super::rwgt`]); events are then written with [`LheWriter::write_event_with_weights`].
    pub fn create_with_weights(
        path: &Path,
        info: &RunInfo,
        weights: &[WeightInfo],
    ) -> Result<Self, LheError> {
        Self::with_weights(AtomicFile::create(path)?, info, weights)
    }

    /// As [`LheWriter::create`], with an explicit gzip level (`None`: plain text).
    pub fn create_with_compression(
        path: &Path,
        info: &RunInfo,
        compression: Option<Compression>,
    ) -> Result<Self, LheError> {
        Self::new(AtomicFile::with_compression(path, compression)?, info)
    }

    /// Writes `</LesHouchesEvents>`, then flushes, fsyncs and renames the file onto its final
    /// name. Returns the number of events written. If this is never called (error, panic) the
    /// temporary file is removed and no partial file is left.
    pub fn finish(self) -> Result<u64, LheError> {
        let (file, n) = self.into_inner()?;
        file.commit()?;
        Ok(n)
    }
}

impl<W: Write> LheWriter<W> {
    /// Writes the opening tag, the header and the `<init>` block to `out`.
    pub fn new(out: W, info: &RunInfo) -> Result<Self, LheError> {
        Self::with_weights(out, info, &[])
    }

    /// As [`LheWriter::new`], declaring the named `weights` in an `<initrwgt>` block after our
    /// header block (nothing for none: the output is then that of [`LheWriter::new`]).
    pub fn with_weights(
        mut out: W,
        info: &RunInfo,
        weights: &[WeightInfo],
    ) -> Result<Self, LheError> {
        info.check()?;
        let mut b: Vec<u8> = Vec::with_capacity(4096 + info.header.len());
        b.extend_from_slice(b"<LesHouchesEvents version=\"3.0\">\n<header>\n");
        b.extend_from_slice(mfcgen_block(&info.header).as_bytes());
        b.extend_from_slice(initrwgt_block(weights).as_bytes());
        b.extend_from_slice(b"</header>\n<init>\n ");
        push_int(&mut b, info.beam_ids[0].into());
        b.push(b' ');
        push_int(&mut b, info.beam_ids[1].into());
        b.push(b' ');
        push_sci(&mut b, info.beam_energies[0]);
        b.push(b' ');
        push_sci(&mut b, info.beam_energies[1]);
        b.extend_from_slice(b" 0 0 0 0 ");
        push_int(&mut b, IDWTUP_UNWEIGHTED.into());
        b.extend_from_slice(b" 1\n ");
        push_sci(&mut b, info.xsec_pb);
        b.push(b' ');
        push_sci(&mut b, info.xerr_pb);
        b.push(b' ');
        push_sci(&mut b, info.xmax);
        b.push(b' ');
        push_int(&mut b, LPRUP.into());
        b.extend_from_slice(b"\n</init>\n");
        out.write_all(&b)?;
        b.clear();
        Ok(Self {
            out,
            buf: b,
            cache: SciCache::new(CACHE_SLOTS + weights.len()),
            events: 0,
            beam_ids: info.beam_ids,
            weight_ids: weights.iter().map(|w| w.id.clone()).collect(),
        })
    }

    /// Number of events written so far.
    pub fn events_written(&self) -> u64 {
        self.events
    }

    /// `SCALUP`: the mass of the last outgoing (or decayed, status 2) particle of the hard
    /// process that is not a beam particle (X), or 0; decay products (mother of status 2) are
    /// not of the hard process.
    fn scale(&self, event: &Event) -> f64 {
        let from_decay = |p: &crate::event::Particle| {
            let m = p.mothers[0] as usize;
            m >= 1 && event.particles.get(m - 1).is_some_and(|q| q.status == 2)
        };
        event
            .particles
            .iter()
            .rev()
            .find(|p| {
                (p.status == 1 || p.status == 2)
                    && !self.beam_ids.contains(&p.pdg_id)
                    && !from_decay(p)
            })
            .map_or(0.0, |p| p.mass)
    }

    /// Appends one `<event>` block. `XWGTUP` is `event.weight` (pb; `sigma / N` for our
    /// unweighted samples). Rejects events without particles and non-finite numbers.
    pub fn write_event(&mut self, event: &Event) -> Result<(), LheError> {
        self.write_event_full(event, None, &[])
    }

    /// [`Self::write_event`] for an event in which a particle decayed: its `VTIMUP` is the
    /// decay's sampled proper decay length in mm (LHE accord); every other lifetime is `0.`.
    pub fn write_event_with_decay(
        &mut self,
        event: &Event,
        decay: Option<&Decay>,
    ) -> Result<(), LheError> {
        self.write_event_full(event, decay, &[])
    }

    /// [`LheWriter::write_event`] with the values (pb) of the declared named weights, in the
    /// order of the declaration, as a `<rwgt>` block before `</event>`.
    ///
    /// # Errors
    /// As [`LheWriter::write_event`]; also [`LheError::Event`] if the number of values is not
    /// the number declared or a value is not finite.
    pub fn write_event_with_weights(
        &mut self,
        event: &Event,
        weights: &[f64],
    ) -> Result<(), LheError> {
        self.write_event_full(event, None, weights)
    }

    /// One `<event>` block with an optional decay ([`Self::write_event_with_decay`]) and the
    /// named weights ([`Self::write_event_with_weights`]).
    ///
    /// # Errors
    /// As [`Self::write_event_with_decay`] and [`Self::write_event_with_weights`].
    pub fn write_event_full(
        &mut self,
        event: &Event,
        decay: Option<&Decay>,
        weights: &[f64],
    ) -> Result<(), LheError> {
        let index = self.events + 1;
        if let Some(d) = decay
            && !(d.proper_length_mm.is_finite()
                && d.proper_length_mm >= 0.0
                && d.particle < event.particles.len())
        {
            return Err(LheError::Event {
                event: index,
                message: format!(
                    "decay of particle {} with proper length {} mm cannot be written",
                    d.particle + 1,
                    d.proper_length_mm
                ),
            });
        }
        if weights.len() != self.weight_ids.len() {
            return Err(LheError::Event {
                event: index,
                message: format!(
                    "{} named weights given, {} declared in <initrwgt>",
                    weights.len(),
                    self.weight_ids.len()
                ),
            });
        }
        if let Some((id, w)) = self
            .weight_ids
            .iter()
            .zip(weights)
            .find(|(_, w)| !w.is_finite())
        {
            return Err(LheError::Event {
                event: index,
                message: format!("named weight {id} = {w} is not finite"),
            });
        }
        if event.particles.is_empty() {
            return Err(LheError::Event {
                event: index,
                message: "no particles".into(),
            });
        }
        if !event.weight.is_finite() {
            return Err(LheError::Event {
                event: index,
                message: format!("weight {} is not finite", event.weight),
            });
        }
        for (i, p) in event.particles.iter().enumerate() {
            if !(p.momentum.iter().all(|x| x.is_finite()) && p.mass.is_finite()) {
                return Err(LheError::Event {
                    event: index,
                    message: format!(
                        "particle {} (id {}) has a non-finite momentum or mass: {:?} m = {}",
                        i + 1,
                        p.pdg_id,
                        p.momentum,
                        p.mass
                    ),
                });
            }
        }
        let scale = self.scale(event);
        let b = &mut self.buf;
        let c = &mut self.cache;
        b.clear();
        b.extend_from_slice(b"<event>\n ");
        push_int(b, event.particles.len() as i64);
        b.push(b' ');
        push_int(b, LPRUP.into());
        b.push(b' ');
        c.push(b, 0, event.weight);
        b.push(b' ');
        c.push(b, 1, scale);
        b.push(b' ');
        c.push(b, 2, ALPHA_QED);
        b.push(b' ');
        c.push(b, 3, 0.0);
        b.push(b'\n');
        for (i, p) in event.particles.iter().enumerate() {
            b.push(b' ');
            push_int(b, p.pdg_id.into());
            b.push(b' ');
            push_int(b, p.status.into());
            b.push(b' ');
            push_int(b, p.mothers[0].into());
            b.push(b' ');
            push_int(b, p.mothers[1].into());
            b.extend_from_slice(b" 0 0 ");
            let [e, px, py, pz] = p.momentum;
            for (k, x) in [px, py, pz, e, p.mass].into_iter().enumerate() {
                c.push(b, 4 + 5 * i + k, x);
                b.push(b' ');
            }
            match decay {
                Some(d) if d.particle == i => {
                    push_sci(b, d.proper_length_mm);
                    b.extend_from_slice(b" 9.\n");
                }
                _ => b.extend_from_slice(b"0. 9.\n"),
            }
        }
        push_rwgt(b, &self.weight_ids, weights, c, CACHE_SLOTS);
        b.extend_from_slice(b"</event>\n");
        self.out.write_all(b)?;
        self.events = index;
        Ok(())
    }

    /// Writes `</LesHouchesEvents>`, flushes, and returns the sink and the number of events.
    /// For an [`AtomicFile`] use [`LheWriter::finish`], which also commits it.
    pub fn into_inner(mut self) -> Result<(W, u64), LheError> {
        self.out.write_all(b"</LesHouchesEvents>\n")?;
        self.out.flush()?;
        Ok((self.out, self.events))
    }
}

/// Writes a complete LHE file with `events` to `out` (header, `<init>`, events, closing tag);
/// returns the sink and the number of events. Handy for tests and in-memory buffers.
pub fn write_to<'e, W: Write>(
    out: W,
    info: &RunInfo,
    events: impl IntoIterator<Item = &'e Event>,
) -> Result<(W, u64), LheError> {
    let mut w = LheWriter::new(out, info)?;
    for e in events {
        w.write_event(e)?;
    }
    w.into_inner()
}
