//! HepMC3 ASCII writer (format `HepMC::Asciiv3`, as written by HepMC3's `WriterAscii`,
//! A. Buckley et al., "The HepMC3 event record library for Monte Carlo event generators",
//! Comput. Phys. Commun. 260 (2021) 107310, arXiv:1912.08005, Sec. 4 and App. A).
//!
//! Each event is one production vertex: the two incoming particles (status 4, no production
//! vertex) enter vertex -1 at the interaction point (x, y, z, ct) in mm; the outgoing particles
//! (status 1) come out of it. Momentum units GeV, length units mm. When X decays
//! ([`HepMcWriter::write_event_with_decay`]) it has status 2 and ends in vertex -2 at the
//! displaced decay point (x, y, z, ct), `V -2 0 [5] @ x y z t`, from which its two products
//! (status 1) come; the event line then counts 2 vertices.
//!
//! ```text
//! HepMC::Version 3.02.06
//! HepMC::Asciiv3-START_EVENT_LISTING
//! W weight
//! T mfcgen\|0.1.0\|mu N -> mu N X
//! E 0 1 5
//! U GEV MM
//! W 1.0e-3
//! A 0 GenCrossSection 1.2e0 1.0e-3 -1 -1
//! P 1 0 13 px py pz e m 4
//! P 2 0 1000290630 0 0 0 M M 4
//! V -1 0 [1,2] @ x y z t
//! P 3 -1 13 ... 1
//! ...
//! HepMC::Asciiv3-END_EVENT_LISTING
//! ```
//!
//! Run information ([`HepMcWriter::create_with_run_info`]) follows the `T` line as run
//! attributes `A <name> <value>` (HepMC3 `WriterAscii::write_run_info`; the value escaped as
//! HepMC3's `escape` does: `\` -> `\\`, newline -> `\|`), which HepMC3 and pyhepmc read back
//! as `GenRunInfo` attributes. mfcgen writes [`RUN_ATTRIBUTES`].
//!
//! The file is written through [`AtomicFile`]: it appears under its name only after
//! [`HepMcWriter::finish`].

use std::io::Write;
use std::path::Path;

use crate::event::{Decay, Event};
use crate::io::output::{AtomicFile, OutputError};

/// Version string in the header (the `Asciiv3` format of HepMC 3.02).
pub const HEPMC_VERSION: &str = "3.02.06";

/// The run attributes an mfcgen event file carries, with their meaning.
pub const RUN_ATTRIBUTES: [(&str, &str); 8] = [
    (
        "mfcgen_version",
        "generator and version, e.g. `mfcgen 0.1.0`",
    ),
    ("mfcgen_seed", "the master seed of the run"),
    ("mfcgen_events", "the number of events in the file"),
    ("mfcgen_cross_section", "sigma of the run"),
    ("mfcgen_cross_section_error", "its statistical error"),
    ("mfcgen_cross_section_unit", "`pb`"),
    (
        "mfcgen_weight_normalisation",
        "every event weight is sigma/N in pb, so the weights sum to sigma",
    ),
    ("mfcgen_run_card", "the whole run card (TOML)"),
];

/// HepMC3's escaping of attribute and tool strings (`WriterAscii::escape`).
#[must_use]
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\|")
}

/// Errors of the HepMC writer.
#[derive(Debug, thiserror::Error)]
pub enum HepMcError {
    /// Opening or committing the output.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Writing.
    #[error("write error: {0}")]
    Io(#[from] std::io::Error),
    /// A run attribute name that is empty or has white space.
    #[error("run attribute name '{0}' is empty or contains white space")]
    BadAttribute(String),
    /// An event that cannot be written (fewer than 3 particles or non-finite numbers).
    #[error("event {0} cannot be written: {1}")]
    BadEvent(u64, String),
}

/// Writes events to a HepMC3 ASCII file (plain or gzip, by the `.gz` extension).
pub struct HepMcWriter {
    file: AtomicFile,
    n_events: u64,
    /// Named weights after the nominal one.
    n_weights: usize,
}

impl HepMcWriter {
    /// Opens `path` and writes the header and the run info (one weight, named on the `W` line as HepMC3 expects, tool
    /// mfcgen with its version).
    ///
    /// # Errors
    /// [`HepMcError`] on I/O failure.
    pub fn create(path: &Path) -> Result<Self, HepMcError> {
        Self::create_with_run_info(path, &[])
    }

    /// As [`create`](Self::create), with run attributes `(name, value)` after the tool line
    /// (names without white space; values escaped here).
    ///
    /// # Errors
    /// [`HepMcError`] on I/O failure or a name with white space.
    pub fn create_with_run_info(
        path: &Path,
        attributes: &[(&str, String)],
    ) -> Result<Self, HepMcError> {
        Self::create_with_weights(path, attributes, &[])
    }

    /// As [`create_with_run_info`](Self::create_with_run_info), naming `weight_names` after the
    /// nominal `weight` on the `W` header line (HepMC3's `WriterAscii`: the names joined by
    /// newlines, escaped, so `W weight\|name1\|name2`); every event then carries as many
    /// weights ([`write_event_with_weights`](Self::write_event_with_weights)).
    ///
    /// # Errors
    /// As [`create_with_run_info`](Self::create_with_run_info); [`HepMcError::BadAttribute`]
    /// for an empty weight name or one with white space.
    pub fn create_with_weights(
        path: &Path,
        attributes: &[(&str, String)],
        weight_names: &[String],
    ) -> Result<Self, HepMcError> {
        if let Some(name) = weight_names
            .iter()
            .find(|n| n.is_empty() || n.contains(char::is_whitespace))
        {
            return Err(HepMcError::BadAttribute(name.clone()));
        }
        if let Some((name, _)) = attributes
            .iter()
            .find(|(n, _)| n.is_empty() || n.contains(char::is_whitespace))
        {
            return Err(HepMcError::BadAttribute((*name).to_string()));
        }
        let mut file = AtomicFile::create(path)?;
        writeln!(file, "HepMC::Version {HEPMC_VERSION}")?;
        writeln!(file, "HepMC::Asciiv3-START_EVENT_LISTING")?;
        let names: String = weight_names
            .iter()
            .map(|n| format!("\\|{}", escape(n)))
            .collect();
        writeln!(file, "W weight{names}")?;
        writeln!(
            file,
            "T mfcgen\\|{}\\|mu N -> mu N X (muonic force carriers)",
            env!("CARGO_PKG_VERSION")
        )?;
        for (name, value) in attributes {
            writeln!(file, "A {name} {}", escape(value))?;
        }
        Ok(Self {
            file,
            n_events: 0,
            n_weights: weight_names.len(),
        })
    }

    /// Writes one event. The first two particles are incoming (given status 4), the others
    /// outgoing (status 1) from one vertex at `vertex` = (x, y, z, ct) in mm.
    /// `cross_section` = (sigma, error) in pb, written as the `GenCrossSection` attribute.
    ///
    /// # Errors
    /// [`HepMcError::BadEvent`] for fewer than three particles or non-finite values.
    pub fn write_event(
        &mut self,
        event: &Event,
        vertex: [f64; 4],
        cross_section: Option<(f64, f64)>,
    ) -> Result<(), HepMcError> {
        self.write_event_full(event, vertex, None, cross_section, &[])
    }

    /// [`Self::write_event`] for an event in which `decay.particle` decayed: it gets status 2
    /// and an end vertex -2 at `decay.vertex` (x, y, z, ct in mm, displaced from the
    /// production vertex by the flight distance), out of which come the particles whose
    /// mothers point to it (status 1).
    ///
    /// # Errors
    /// As [`Self::write_event`], and for a decay vertex that is not finite.
    pub fn write_event_with_decay(
        &mut self,
        event: &Event,
        vertex: [f64; 4],
        decay: Option<&Decay>,
        cross_section: Option<(f64, f64)>,
    ) -> Result<(), HepMcError> {
        self.write_event_full(event, vertex, decay, cross_section, &[])
    }

    /// [`write_event`](Self::write_event) with the values of the named weights (after the
    /// nominal one on the event's `W` line, in the order named by
    /// [`create_with_weights`](Self::create_with_weights)).
    ///
    /// # Errors
    /// As [`write_event`](Self::write_event); [`HepMcError::BadEvent`] if the number of values
    /// is not the number named or one is not finite.
    pub fn write_event_with_weights(
        &mut self,
        event: &Event,
        vertex: [f64; 4],
        cross_section: Option<(f64, f64)>,
        weights: &[f64],
    ) -> Result<(), HepMcError> {
        self.write_event_full(event, vertex, None, cross_section, weights)
    }

    /// One event with an optional decay ([`Self::write_event_with_decay`]) and the named
    /// weights ([`Self::write_event_with_weights`]).
    ///
    /// # Errors
    /// As those two.
    pub fn write_event_full(
        &mut self,
        event: &Event,
        vertex: [f64; 4],
        decay: Option<&Decay>,
        cross_section: Option<(f64, f64)>,
        weights: &[f64],
    ) -> Result<(), HepMcError> {
        let n = event.particles.len();
        let num = self.n_events;
        if weights.len() != self.n_weights || !weights.iter().all(|w| w.is_finite()) {
            return Err(HepMcError::BadEvent(
                num,
                format!(
                    "{} named weights given ({} named in the header), all must be finite",
                    weights.len(),
                    self.n_weights
                ),
            ));
        }
        if n < 3 {
            return Err(HepMcError::BadEvent(num, format!("{n} particles")));
        }
        let finite = event.weight.is_finite()
            && vertex.iter().all(|v| v.is_finite())
            && event
                .particles
                .iter()
                .all(|p| p.momentum.iter().all(|v| v.is_finite()) && p.mass.is_finite());
        if !finite || decay.is_some_and(|d| !d.vertex.iter().all(|v| v.is_finite())) {
            return Err(HepMcError::BadEvent(num, "non-finite value".into()));
        }
        // the decayed particle (1-based) and its products
        let decayed = decay.map(|d| d.particle + 1);
        let product = |i: usize| {
            decayed.is_some_and(|x| i >= 2 && event.particles[i].mothers[0] as usize == x)
        };
        let n_vertices = if decayed.is_some() { 2 } else { 1 };
        let f = &mut self.file;
        writeln!(f, "E {num} {n_vertices} {n}")?;
        writeln!(f, "U GEV MM")?;
        let more: String = weights.iter().map(|w| format!(" {w:e}")).collect();
        writeln!(f, "W {:e}{more}", event.weight)?;
        if let Some((xs, err)) = cross_section {
            writeln!(f, "A 0 GenCrossSection {xs:e} {err:e} -1 -1")?;
        }
        let mut decay_vertex_written = false;
        for (i, p) in event.particles.iter().enumerate() {
            let m = p.momentum;
            let (mut parent, mut status) = if i < 2 { (0, 4) } else { (-1, 1) };
            if i == 2 {
                writeln!(
                    f,
                    "V -1 0 [1,2] @ {:e} {:e} {:e} {:e}",
                    vertex[0], vertex[1], vertex[2], vertex[3]
                )?;
            }
            if let (Some(x), Some(d)) = (decayed, decay) {
                if i + 1 == x {
                    status = 2;
                }
                if product(i) {
                    parent = -2;
                    if !decay_vertex_written {
                        let v = d.vertex;
                        writeln!(
                            f,
                            "V -2 0 [{x}] @ {:e} {:e} {:e} {:e}",
                            v[0], v[1], v[2], v[3]
                        )?;
                        decay_vertex_written = true;
                    }
                }
            }
            writeln!(
                f,
                "P {} {parent} {} {:e} {:e} {:e} {:e} {:e} {status}",
                i + 1,
                p.pdg_id,
                m[1],
                m[2],
                m[3],
                m[0],
                p.mass
            )?;
        }
        self.n_events += 1;
        Ok(())
    }

    /// Events written so far.
    #[must_use]
    pub fn n_events(&self) -> u64 {
        self.n_events
    }

    /// Writes the end line and commits the file.
    ///
    /// # Errors
    /// [`HepMcError`] on I/O failure.
    pub fn finish(mut self) -> Result<(), HepMcError> {
        writeln!(self.file, "HepMC::Asciiv3-END_EVENT_LISTING")?;
        self.file.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Particle;

    pub(crate) fn sample_event(k: f64) -> Event {
        let mk = |id: i32, status: i32, m: [f64; 4], mass: f64| Particle {
            pdg_id: id,
            status,
            mothers: [0, 0],
            momentum: m,
            mass,
        };
        let mn = 58.618;
        Event {
            particles: vec![
                mk(13, -1, [50.0, 0.0, 0.0, 49.9999], 0.105_658),
                mk(1_000_290_630, -1, [mn, 0.0, 0.0, 0.0], mn),
                mk(13, 1, [40.0, 1.0, 0.5, 39.98], 0.105_658),
                mk(1_000_290_630, 1, [mn + 1e-4, 0.01, -0.01, 0.0], mn),
                mk(5_000_023, 1, [10.0, -1.01, -0.49 + k, 9.9], 0.1),
            ],
            weight: 1.5e-3,
        }
    }

    #[test]
    fn writes_asciiv3_structure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.hepmc");
        let mut w = HepMcWriter::create(&path).expect("create");
        w.write_event(&sample_event(0.0), [1.0, 2.0, 3.0, 4.0], Some((1.2, 0.01)))
            .expect("write");
        assert!(!path.exists(), "atomic: not visible before finish");
        w.finish().expect("finish");
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("HepMC::Version {HEPMC_VERSION}"));
        assert_eq!(lines[1], "HepMC::Asciiv3-START_EVENT_LISTING");
        assert!(lines.contains(&"E 0 1 5"));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("V -1 0 [1,2] @ 1e0 2e0 3e0 4e0"))
        );
        assert_eq!(
            lines.last().copied(),
            Some("HepMC::Asciiv3-END_EVENT_LISTING")
        );
        assert_eq!(lines.iter().filter(|l| l.starts_with("P ")).count(), 5);
    }
}
