//! Incoming-muon spectrum and the cross section folded with it (GKSST Eq. (5)).
//!
//! # Spectrum
//! [`BeamSpectrum`] is the tabulated P_in(p, |eta|) of GKSST Eq. (6) read from the spectrum file
//! written by `mfc-validate spectrum` (format `mfcgen-muon-spectrum`, [`crate::io::spectrum`]):
//! a histogram or a list of muons, read at [`Strictness::Rows`].
//!
//! # Folding
//! [`FoldedProcess`] adds the beam momentum as a fifth integration variable: u[0..4] are the
//! fixed-energy phase-space variables of [`Process`], `u[4]` is mapped by the inverse cumulative
//! distribution of the p-marginal of P_in (piecewise uniform inside each p bin), and the muon
//! energy is E = sqrt(p^2 + m_mu^2). With this map
//!
//!   Integral d^5u  w(u) = sum_k P_k <sigma(p)>_{p in bin k} = Integral dp P_in(p) sigma(p),
//!
//! i.e. the integral is the cross section folded with P_in exactly (GKSST Eq. (5) without the
//! acceptance, which is applied to events). P_in does not depend on the X kinematics, so the
//! |eta| of an event is drawn from P_in(|eta| | p bin) separately ([`BeamSpectrum::sample_eta`]).
//!
//! # ATLAS frame
//! [`DetectorGeometry`] and [`to_atlas_frame`] rotate a lab event (beam along +z) onto the
//! incoming-muon direction and place the interaction point along its path through the
//! calorimeter.

use std::io::BufRead;
use std::path::Path;

use crate::io::spectrum::{self, SpectrumFormatError, Strictness};
pub use crate::io::spectrum::{COLUMNS, FORMAT_NAME, SpectrumCell};

use crate::event::{Event, Particle};
use crate::phase_space::{DIM, Mapping};
use crate::process::{Process, WeightedPoint};
use crate::vegas::Integrand;
use mfc_models::MatrixElement;
use mfc_models::constants::M_MU;
use mfc_models::{FormFactorKind, Mediator, Target};

/// Errors of the beam spectrum and the folded process.
#[derive(Debug, thiserror::Error)]
pub enum BeamError {
    /// I/O error reading the spectrum file.
    #[error("cannot read spectrum {path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// Malformed file (with the line).
    #[error("malformed spectrum: {0}")]
    Format(#[from] SpectrumFormatError),
    /// Unphysical or empty spectrum.
    #[error("invalid spectrum: {0}")]
    Invalid(String),
    /// The process is closed at every momentum of the spectrum.
    #[error("the process is kinematically closed for every beam momentum of the spectrum")]
    Closed,
}

/// A p bin of the p-marginal with the |eta| cells inside it.
#[derive(Debug, Clone, PartialEq)]
struct PBin {
    p_lo: f64,
    p_hi: f64,
    probability: f64,
    /// (eta_lo, eta_hi, cumulative conditional probability up to and including the cell).
    eta: Vec<(f64, f64, f64)>,
}

/// Tabulated incoming-muon spectrum P_in(p, |eta|) (GKSST Eq. (6)).
#[derive(Debug, Clone, PartialEq)]
pub struct BeamSpectrum {
    cells: Vec<SpectrumCell>,
    /// p bins with non-zero probability, increasing in p.
    bins: Vec<PBin>,
    /// Cumulative probabilities of `bins`, normalised to 1 at the end.
    cumulative: Vec<f64>,
    /// Sum of the cell probabilities (1 for a normalised file).
    total: f64,
    /// The JSON header of the file (Null if built in memory).
    header: serde_json::Value,
}

impl BeamSpectrum {
    /// A delta function at momentum `p` (GeV) and |eta| = `abs_eta`.
    ///
    /// # Errors
    /// [`BeamError::Invalid`] for non-positive or non-finite p, or non-finite eta.
    pub fn delta(p: f64, abs_eta: f64) -> Result<Self, BeamError> {
        Self::from_cells(vec![SpectrumCell {
            p_lo: p,
            p_hi: p,
            eta_lo: abs_eta.abs(),
            eta_hi: abs_eta.abs(),
            probability: 1.0,
        }])
    }

    /// Builds a spectrum from cells (probabilities need not be normalised; the total is kept
    /// as an overall factor of the folded cross section).
    ///
    /// # Errors
    /// [`BeamError::Invalid`] for empty input, negative probabilities, bad edges, or cells of
    /// one momentum bin with different momentum edges overlapping others.
    pub fn from_cells(cells: Vec<SpectrumCell>) -> Result<Self, BeamError> {
        Self::build(cells, serde_json::Value::Null)
    }

    fn build(cells: Vec<SpectrumCell>, header: serde_json::Value) -> Result<Self, BeamError> {
        for (i, c) in cells.iter().enumerate() {
            let ok = c.p_lo.is_finite()
                && c.p_hi.is_finite()
                && c.p_lo >= 0.0
                && c.p_hi >= c.p_lo
                && c.eta_lo.is_finite()
                && c.eta_hi.is_finite()
                && c.eta_lo >= 0.0
                && c.eta_hi >= c.eta_lo
                && c.probability.is_finite()
                && c.probability >= 0.0;
            if !ok {
                return Err(BeamError::Invalid(format!(
                    "cell {} (p_lo,p_hi,eta_lo,eta_hi,probability = {},{},{},{},{}): momenta \
                     and |eta| must be finite with lo <= hi and lo >= 0, the probability finite \
                     and >= 0",
                    i + 1,
                    c.p_lo,
                    c.p_hi,
                    c.eta_lo,
                    c.eta_hi,
                    c.probability
                )));
            }
            if c.p_hi == c.p_lo && c.p_lo <= 0.0 && c.probability > 0.0 {
                return Err(BeamError::Invalid("delta function at p <= 0".into()));
            }
        }
        // group cells with probability > 0 by their p edges
        let mut sorted: Vec<SpectrumCell> = cells
            .iter()
            .copied()
            .filter(|c| c.probability > 0.0)
            .collect();
        sorted.sort_by(|a, b| {
            (a.p_lo, a.p_hi, a.eta_lo)
                .partial_cmp(&(b.p_lo, b.p_hi, b.eta_lo))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut bins: Vec<PBin> = Vec::new();
        for c in sorted {
            match bins.last_mut() {
                Some(b) if b.p_lo == c.p_lo && b.p_hi == c.p_hi => {
                    b.probability += c.probability;
                    b.eta.push((c.eta_lo, c.eta_hi, b.probability));
                }
                last => {
                    if let Some(b) = last
                        && c.p_lo < b.p_hi
                    {
                        return Err(BeamError::Invalid(format!(
                            "momentum bins overlap: [{}, {}] and [{}, {}]",
                            b.p_lo, b.p_hi, c.p_lo, c.p_hi
                        )));
                    }
                    bins.push(PBin {
                        p_lo: c.p_lo,
                        p_hi: c.p_hi,
                        probability: c.probability,
                        eta: vec![(c.eta_lo, c.eta_hi, c.probability)],
                    });
                }
            }
        }
        for b in &mut bins {
            let t = b.probability;
            for e in &mut b.eta {
                e.2 /= t;
            }
        }
        let total: f64 = bins.iter().map(|b| b.probability).sum();
        if !(total > 0.0) {
            return Err(BeamError::Invalid("the spectrum has no probability".into()));
        }
        let mut acc = 0.0;
        let cumulative = bins
            .iter()
            .map(|b| {
                acc += b.probability;
                acc / total
            })
            .collect();
        Ok(Self {
            cells,
            bins,
            cumulative,
            total,
            header,
        })
    }

    /// Reads a spectrum file (plain or gzip).
    ///
    /// # Errors
    /// [`BeamError::Io`] if it cannot be opened, [`BeamError::Format`] for a malformed file,
    /// [`BeamError::Invalid`] for bad contents.
    pub fn load(path: &Path) -> Result<Self, BeamError> {
        let f = spectrum::load(path, Strictness::Rows).map_err(|e| match e {
            SpectrumFormatError::Open { path, source } => BeamError::Io {
                path: path.display().to_string(),
                source,
            },
            other => BeamError::Format(other),
        })?;
        Self::build(f.cells, f.header)
    }

    /// Parses the spectrum format from a reader.
    ///
    /// # Errors
    /// [`BeamError::Format`] for a malformed file, [`BeamError::Invalid`] for bad contents.
    pub fn read_from<R: BufRead>(reader: R) -> Result<Self, BeamError> {
        let f = spectrum::read(reader, Strictness::Rows)?;
        Self::build(f.cells, f.header)
    }

    /// The cells as read.
    #[must_use]
    pub fn cells(&self) -> &[SpectrumCell] {
        &self.cells
    }

    /// The JSON header of the file (Null for in-memory spectra).
    #[must_use]
    pub fn header(&self) -> &serde_json::Value {
        &self.header
    }

    /// Sum of the probabilities (the folded cross section carries this factor).
    #[must_use]
    pub fn total_probability(&self) -> f64 {
        self.total
    }

    /// Maps u in [0,1) to a momentum by the inverse cumulative distribution of the p-marginal
    /// (uniform inside each bin). Returns (p, index of the p bin).
    #[must_use]
    pub fn momentum(&self, u: f64) -> (f64, usize) {
        let k = self
            .cumulative
            .partition_point(|c| *c <= u)
            .min(self.bins.len() - 1);
        let c0 = if k == 0 { 0.0 } else { self.cumulative[k - 1] };
        let c1 = self.cumulative[k];
        let b = &self.bins[k];
        let f = if c1 > c0 {
            ((u - c0) / (c1 - c0)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        (b.p_lo + f * (b.p_hi - b.p_lo), k)
    }

    /// Draws |eta| from P_in(|eta| | p bin `bin`) with a uniform `u` (uniform inside the cell).
    #[must_use]
    pub fn sample_eta(&self, bin: usize, u: f64) -> f64 {
        let b = &self.bins[bin.min(self.bins.len() - 1)];
        let j = b.eta.partition_point(|e| e.2 <= u).min(b.eta.len() - 1);
        let c0 = if j == 0 { 0.0 } else { b.eta[j - 1].2 };
        let (lo, hi, c1) = b.eta[j];
        let f = if c1 > c0 {
            ((u - c0) / (c1 - c0)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        lo + f * (hi - lo)
    }

    /// Smallest and largest momentum with non-zero probability.
    #[must_use]
    pub fn momentum_range(&self) -> (f64, f64) {
        let lo = self.bins.first().map_or(0.0, |b| b.p_lo);
        let hi = self.bins.last().map_or(0.0, |b| b.p_hi);
        (lo, hi)
    }

    /// Mean momentum (GeV) of the normalised spectrum (uniform inside each p bin, as sampled).
    #[must_use]
    pub fn mean_momentum(&self) -> f64 {
        let (mut sum, mut norm) = (0.0, 0.0);
        for b in &self.bins {
            sum += b.probability * 0.5 * (b.p_lo + b.p_hi);
            norm += b.probability;
        }
        if norm > 0.0 { sum / norm } else { 0.0 }
    }
}

/// Number of integration variables of [`FoldedProcess`].
pub const FOLDED_DIM: usize = DIM + 1;

/// The process folded with a beam spectrum: an [`Integrand`] of dimension 5 whose integral is
/// the P_in-weighted cross section (GKSST Eq. (5)) in pb.
#[derive(Debug, Clone)]
pub struct FoldedProcess {
    mediator: Mediator,
    mapping: Mapping,
    spectrum: BeamSpectrum,
    /// Built once; only the phase space depends on the sampled beam energy.
    me: MatrixElement,
}

/// One weighted point of the folded process.
#[derive(Debug, Clone, Copy)]
pub struct FoldedPoint {
    /// The fixed-energy point; its weight is the folded weight (pb).
    pub weighted: WeightedPoint,
    /// The process at this beam energy (for the momenta).
    pub process: Process,
    /// Beam momentum (GeV).
    pub p_in: f64,
    /// Index of the p bin of the spectrum (for [`BeamSpectrum::sample_eta`]).
    pub p_bin: usize,
}

impl FoldedProcess {
    /// Builds the folded process.
    ///
    /// # Errors
    /// [`BeamError::Closed`] if the process is closed at the largest momentum.
    pub fn new(
        mediator: &Mediator,
        target: &Target,
        form_factor: FormFactorKind,
        spectrum: BeamSpectrum,
        mapping: Mapping,
    ) -> Result<Self, BeamError> {
        let (_, p_max) = spectrum.momentum_range();
        let e_max = p_max.hypot(M_MU);
        Process::new(mediator, target, form_factor, e_max, mapping).ok_or(BeamError::Closed)?;
        Ok(Self {
            mediator: *mediator,
            mapping,
            spectrum,
            me: MatrixElement::new(mediator, target, form_factor),
        })
    }

    /// The spectrum.
    #[must_use]
    pub fn spectrum(&self) -> &BeamSpectrum {
        &self.spectrum
    }

    /// The mediator.
    #[must_use]
    pub fn mediator(&self) -> &Mediator {
        &self.mediator
    }

    /// Evaluates the point u (length 5); None where the integrand vanishes.
    #[must_use]
    pub fn point(&self, u: &[f64]) -> Option<FoldedPoint> {
        let (p_in, p_bin) = self.spectrum.momentum(u[DIM]);
        let e = p_in.hypot(M_MU);
        let process = Process::from_matrix_element(self.me, e, self.mapping)?;
        let mut weighted = process.point(&u[..DIM])?;
        weighted.weight *= self.spectrum.total;
        Some(FoldedPoint {
            weighted,
            process,
            p_in,
            p_bin,
        })
    }
}

impl Integrand for FoldedProcess {
    fn dim(&self) -> usize {
        FOLDED_DIM
    }

    fn evaluate(&self, u: &[f64]) -> f64 {
        self.point(u).map_or(0.0, |p| p.weighted.weight)
    }
}

/// Where the interaction happens: radial depth uniform in [r_in, r_in + dx] along the muon
/// path from the interaction point.
///
/// Defaults (configurable assumptions): `r_in_cm` = 228 cm, the inner radius of the ATLAS tile
/// calorimeter (ATLAS Collaboration, JINST 3 (2008) S08003, Sec. 5.3: barrel tile calorimeter
/// between r = 2.28 m and 4.25 m); `dx_cm` = 253 cm, the copper-equivalent thickness of GKSST
/// Eq. (4) (144 X_0 of iron, GKSST footnote 1). The true material between these radii is not
/// uniform copper; this only fixes where events are placed, not their rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorGeometry {
    /// Inner radius of the target material (cm).
    pub r_in_cm: f64,
    /// Radial depth (cm).
    pub dx_cm: f64,
}

impl Default for DetectorGeometry {
    fn default() -> Self {
        Self {
            r_in_cm: 228.0,
            dx_cm: 253.0,
        }
    }
}

/// Random numbers that place a lab event in the ATLAS frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameChoice {
    /// Pseudorapidity of the incoming muon (signed).
    pub eta: f64,
    /// Azimuth of the incoming muon (rad).
    pub phi: f64,
    /// Uniform number in [0,1) for the radial depth.
    pub u_depth: f64,
}

/// Rotates `v` (3-vector) by R = R_z(phi) R_y(theta), which takes +z onto
/// n = (sin theta cos phi, sin theta sin phi, cos theta).
fn rotate(v: [f64; 3], theta: f64, phi: f64) -> [f64; 3] {
    let (st, ct) = theta.sin_cos();
    let (sp, cp) = phi.sin_cos();
    // R_y(theta)
    let x1 = ct * v[0] + st * v[2];
    let z1 = -st * v[0] + ct * v[2];
    let y1 = v[1];
    // R_z(phi)
    [cp * x1 - sp * y1, sp * x1 + cp * y1, z1]
}

/// Polar angle of pseudorapidity eta: theta = 2 atan(exp(-eta)).
#[must_use]
pub fn theta_of_eta(eta: f64) -> f64 {
    2.0 * (-eta).exp().atan()
}

/// Moves a lab-frame event (beam along +z) to the ATLAS frame: every momentum is rotated onto
/// the incoming-muon direction n(eta, phi); returns the event and the interaction point
/// (x, y, z, ct) in mm: radial depth r = r_in + u_depth dx, path length r cosh(eta), position
/// r cosh(eta) n, time = path / beta_in (the muon comes from the ATLAS interaction point).
#[must_use]
pub fn to_atlas_frame(
    event: &Event,
    choice: &FrameChoice,
    geometry: &DetectorGeometry,
) -> (Event, [f64; 4]) {
    let theta = theta_of_eta(choice.eta);
    let particles = event
        .particles
        .iter()
        .map(|p| {
            let r = rotate(
                [p.momentum[1], p.momentum[2], p.momentum[3]],
                theta,
                choice.phi,
            );
            Particle {
                momentum: [p.momentum[0], r[0], r[1], r[2]],
                ..*p
            }
        })
        .collect();
    let r_mm = 10.0 * (geometry.r_in_cm + choice.u_depth * geometry.dx_cm);
    let path = r_mm * choice.eta.cosh();
    let n = rotate([0.0, 0.0, 1.0], theta, choice.phi);
    let beta = event.particles.first().map_or(1.0, |mu| {
        let m = mu.momentum;
        (m[1] * m[1] + m[2] * m[2] + m[3] * m[3]).sqrt() / m[0]
    });
    let vertex = [path * n[0], path * n[1], path * n[2], path / beta];
    (
        Event {
            particles,
            weight: event.weight,
        },
        vertex,
    )
}

/// Builds the lab-frame [`Event`] of a folded point (particles in the order mu, N, mu', N', X;
/// PDG codes of the muon, the nucleus and X given), rotated by `phi_lab` about the beam.
#[must_use]
pub fn lab_event(point: &FoldedPoint, phi_lab: f64, pdg: [i32; 3], weight: f64) -> Event {
    let m = point.process.masses();
    let mom = point
        .process
        .phase_space()
        .momenta(&point.weighted.kinematics, phi_lab);
    let ids = [pdg[0], pdg[1], pdg[0], pdg[1], pdg[2]];
    let masses = [m.muon, m.nucleus, m.muon, m.nucleus, m.x];
    let status = [-1, -1, 1, 1, 1];
    let particles = (0..5)
        .map(|i| Particle {
            pdg_id: ids[i],
            status: status[i],
            mothers: if i < 2 { [0, 0] } else { [1, 2] },
            momentum: mom[i],
            mass: masses[i],
        })
        .collect();
    Event { particles, weight }
}

#[cfg(test)]
mod tests;

/// The folded process as an event source for unweighting: each accepted point becomes a lab
/// event (random azimuth about the beam) moved to the ATLAS frame: |eta| from the spectrum
/// cell of the sampled momentum, a random sign, a uniform azimuth and depth.
#[derive(Debug, Clone)]
pub struct AtlasSource {
    /// The folded process.
    pub folded: FoldedProcess,
    /// Where the target material is.
    pub geometry: DetectorGeometry,
}

impl crate::unweight::EventSource for AtlasSource {
    type Point = FoldedPoint;

    fn dim(&self) -> usize {
        FOLDED_DIM
    }

    fn weigh(&self, u: &[f64]) -> Option<(f64, FoldedPoint)> {
        self.folded.point(u).map(|p| (p.weighted.weight, p))
    }

    fn build(
        &self,
        p: &FoldedPoint,
        rng: &mut rand_pcg::Pcg64Mcg,
        ids: crate::unweight::EventIds,
        weight: f64,
    ) -> crate::unweight::PlacedEvent {
        use crate::rng::{coin, uniform01};
        let tau = std::f64::consts::TAU;
        let phi_lab = uniform01(rng) * tau;
        let abs_eta = self.folded.spectrum().sample_eta(p.p_bin, uniform01(rng));
        let sign = if coin(rng) { 1.0 } else { -1.0 };
        let choice = FrameChoice {
            eta: sign * abs_eta,
            phi: uniform01(rng) * tau,
            u_depth: uniform01(rng),
        };
        let lab = lab_event(p, phi_lab, [ids.muon, ids.nucleus, ids.x], weight);
        let (event, vertex) = to_atlas_frame(&lab, &choice, &self.geometry);
        crate::unweight::PlacedEvent { event, vertex }
    }
}
