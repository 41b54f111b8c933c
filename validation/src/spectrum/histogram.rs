//! The incoming-muon distribution `P_in(p_in, eta)` of GKSST Eq. (6) as a normalised 2-D
//! histogram, its accumulation from selected W/Z events, RNG-agnostic sampling and the
//! momentum marginal `P_fid(p_in)` of GKSST Fig. 2.

use super::SpectrumError;
use super::selection::{Boson, FiducialCuts, TruthEvent, select};
use serde::{Deserialize, Serialize};

/// Bin edges in `p = |p|` (GeV) and in `|eta|`.
///
/// Default ([`Binning::gksst`]): `p` in `[0, 500)` GeV in 2 GeV bins (the barrel muons of
/// W/Z decays have `p > pT > 25 GeV` and peak at 40-50 GeV; 2 GeV resolves the Jacobian
/// peak far better than the 5% ME resolution of GKSST Eq. (3) needs, and the region above
/// 500 GeV holds ~1e-4 of the muons, counted as overflow), `|eta|` in `[0.1, 1.05]` in 19
/// bins of 0.05 (the GKSST barrel; the detector is forward-backward symmetric, so the sign
/// of `eta` carries no information and is left to the user of [`MuonSpectrum::sample`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binning {
    /// Increasing momentum edges in GeV (`n_p + 1` values).
    pub p_edges: Vec<f64>,
    /// Increasing `|eta|` edges (`n_eta + 1` values).
    pub eta_edges: Vec<f64>,
}

impl Binning {
    /// Uniform bins (edges rounded to 12 significant digits, so that e.g. 0.15 is 0.15).
    pub fn uniform(
        p_min: f64,
        p_max: f64,
        n_p: usize,
        eta_min: f64,
        eta_max: f64,
        n_eta: usize,
    ) -> Result<Self, SpectrumError> {
        let edges = |lo: f64, hi: f64, n: usize| -> Vec<f64> {
            (0..=n)
                .map(|i| {
                    if i == n {
                        hi
                    } else {
                        round12(lo + (hi - lo) * i as f64 / n as f64)
                    }
                })
                .collect()
        };
        Self::new(edges(p_min, p_max, n_p), edges(eta_min, eta_max, n_eta))
    }

    /// Arbitrary edges (must be finite, strictly increasing, at least two each).
    pub fn new(p_edges: Vec<f64>, eta_edges: Vec<f64>) -> Result<Self, SpectrumError> {
        for (name, e) in [("p", &p_edges), ("eta", &eta_edges)] {
            if e.len() < 2 {
                return Err(SpectrumError::BadBinning(format!(
                    "{name}: need at least two edges"
                )));
            }
            if e.iter().any(|x| !x.is_finite()) || e.windows(2).any(|w| w[1] <= w[0]) {
                return Err(SpectrumError::BadBinning(format!(
                    "{name}: edges must be finite and strictly increasing"
                )));
            }
        }
        if eta_edges[0] < 0.0 {
            return Err(SpectrumError::BadBinning(
                "eta: edges are in |eta| and must be >= 0".into(),
            ));
        }
        Ok(Self { p_edges, eta_edges })
    }

    /// The default binning: 2 GeV in `p` over `[0, 500)`, 0.05 in `|eta|` over `[0.1, 1.05]`.
    pub fn gksst() -> Self {
        Self::uniform(0.0, 500.0, 250, 0.1, 1.05, 19).expect("valid constant binning")
    }

    /// Number of momentum bins.
    pub fn n_p(&self) -> usize {
        self.p_edges.len() - 1
    }

    /// Number of `|eta|` bins.
    pub fn n_eta(&self) -> usize {
        self.eta_edges.len() - 1
    }

    /// Number of cells `n_p * n_eta`.
    pub fn n_cells(&self) -> usize {
        self.n_p() * self.n_eta()
    }

    /// Row-major cell index (momentum outer, `|eta|` inner), or `None` if outside.
    pub fn cell(&self, p: f64, abs_eta: f64) -> Option<usize> {
        let ip = find_bin(&self.p_edges, p)?;
        let ie = find_bin(&self.eta_edges, abs_eta)?;
        Some(ip * self.n_eta() + ie)
    }

    /// `(p_lo, p_hi, eta_lo, eta_hi)` of a cell.
    pub fn cell_edges(&self, cell: usize) -> (f64, f64, f64, f64) {
        let (ip, ie) = (cell / self.n_eta(), cell % self.n_eta());
        (
            self.p_edges[ip],
            self.p_edges[ip + 1],
            self.eta_edges[ie],
            self.eta_edges[ie + 1],
        )
    }
}

/// Round to 12 significant digits (removes `0.15000000000000002`-style noise).
fn round12(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Index `i` with `edges[i] <= x < edges[i+1]`.
fn find_bin(edges: &[f64], x: f64) -> Option<usize> {
    if !(x >= edges[0] && x < edges[edges.len() - 1]) {
        return None;
    }
    Some(edges.partition_point(|&e| e <= x) - 1)
}

/// Bookkeeping of the selection (sums of event weights; equal to counts for the
/// unweighted samples). GKSST Eqs. (7)-(8): `sigma_fid = epsilon * sigma_ATLAS`, where
/// `sigma_ATLAS` is the ATLAS fiducial cross section (events) and `sigma_fid` counts
/// muons entering the barrel calorimeter, so `epsilon = barrel_muons / events_selected`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SpectrumCounts {
    /// Events read.
    pub events_read: u64,
    /// Events passing the ATLAS fiducial selection.
    pub events_selected: u64,
    /// Fiducial muons in those events (2 per Z, 1 per W).
    pub fiducial_muons: u64,
    /// Fiducial muons in the barrel `0.1 < |eta| < 1.05`.
    pub barrel_muons: u64,
    /// Selected events with at least one barrel muon.
    pub events_with_barrel_muon: u64,
    /// Barrel muons with `p` outside the momentum range (not in the histogram).
    pub overflow_muons: u64,
    /// Sum of weights of all events read.
    pub sum_w_read: f64,
    /// Sum of weights of the selected events.
    pub sum_w_selected: f64,
    /// Weighted number of fiducial muons.
    pub sum_w_fiducial_muons: f64,
    /// Weighted number of barrel muons (incl. overflow).
    pub sum_w_barrel_muons: f64,
    /// Weighted number of selected events with >= 1 barrel muon.
    pub sum_w_events_with_barrel_muon: f64,
    /// Weighted number of overflow muons.
    pub sum_w_overflow: f64,
}

impl SpectrumCounts {
    /// GKSST `epsilon^eff`: barrel muons per fiducially selected event. With it,
    /// `sigma_fid = epsilon * sigma_ATLAS` is the cross section for *muons on target*.
    pub fn barrel_efficiency(&self) -> f64 {
        ratio(self.sum_w_barrel_muons, self.sum_w_selected)
    }

    /// Alternative reading: fraction of selected events with at least one barrel muon.
    pub fn barrel_event_fraction(&self) -> f64 {
        ratio(self.sum_w_events_with_barrel_muon, self.sum_w_selected)
    }

    /// Alternative reading: fraction of fiducial muons that are in the barrel.
    pub fn barrel_muon_fraction(&self) -> f64 {
        ratio(self.sum_w_barrel_muons, self.sum_w_fiducial_muons)
    }

    /// Fiducial acceptance of the generated sample (selected / read).
    pub fn fiducial_acceptance(&self) -> f64 {
        ratio(self.sum_w_selected, self.sum_w_read)
    }

    /// Binomial-style statistical uncertainty of [`Self::barrel_efficiency`] for unit
    /// weights: the number of barrel muons per event is 0, 1 (or 2 for Z), so the error is
    /// `sqrt(var/N)` with the per-event variance bounded by `k_max^2/4`; here the exact
    /// variance is not stored, so the bound `sqrt(eps (k_max - eps) / N)` is returned.
    pub fn barrel_efficiency_error(&self, process: Boson) -> f64 {
        let k_max = match process {
            Boson::Z => 2.0,
            Boson::W => 1.0,
        };
        let eps = self.barrel_efficiency();
        let n = self.events_selected as f64;
        if n > 0.0 {
            (eps * (k_max - eps).max(0.0) / n).sqrt()
        } else {
            f64::NAN
        }
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b != 0.0 { a / b } else { f64::NAN }
}

/// Free-form description stored with a spectrum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpectrumInfo {
    /// Z or W.
    pub process: Boson,
    /// Where the events came from (file name, generator).
    pub source: String,
    /// Beam energies of the sample in GeV, if known.
    pub beam_energies_gev: Option<[f64; 2]>,
    /// Generator cross section of the sample in pb, if known.
    pub sample_xsec_pb: Option<f64>,
    /// The cuts applied.
    pub cuts: FiducialCuts,
}

/// The normalised incoming-muon distribution `P_in(p, |eta|)` (GKSST Eq. (6)) with the
/// selection bookkeeping.
///
/// `probability[cell]` is the probability of a barrel muon in that `(p, |eta|)` cell; the
/// cells sum to 1 (overflow muons with `p` beyond the last edge are excluded from the
/// normalisation and counted in [`SpectrumCounts::overflow_muons`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MuonSpectrum {
    /// Description.
    pub info: SpectrumInfo,
    /// Bookkeeping.
    pub counts: SpectrumCounts,
    binning: Binning,
    probability: Vec<f64>,
    cdf: Vec<f64>,
}

impl MuonSpectrum {
    /// Build from a binning and per-cell probabilities (normalised here; must be finite,
    /// non-negative and not all zero).
    pub fn from_parts(
        info: SpectrumInfo,
        counts: SpectrumCounts,
        binning: Binning,
        weights: Vec<f64>,
    ) -> Result<Self, SpectrumError> {
        if weights.len() != binning.n_cells() {
            return Err(SpectrumError::BadBinning(format!(
                "{} cells for a {}x{} binning",
                weights.len(),
                binning.n_p(),
                binning.n_eta()
            )));
        }
        if let Some((i, w)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !w.is_finite() || **w < 0.0)
        {
            return Err(SpectrumError::NegativeProbability { cell: i, value: *w });
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(SpectrumError::Empty);
        }
        let probability: Vec<f64> = weights.iter().map(|w| w / total).collect();
        Ok(Self::with_normalised(info, counts, binning, probability))
    }

    /// Internal: probabilities already normalised (as read from a file).
    pub(super) fn with_normalised(
        info: SpectrumInfo,
        counts: SpectrumCounts,
        binning: Binning,
        probability: Vec<f64>,
    ) -> Self {
        let mut acc = 0.0;
        let cdf = probability
            .iter()
            .map(|p| {
                acc += p;
                acc
            })
            .collect();
        Self {
            info,
            counts,
            binning,
            probability,
            cdf,
        }
    }

    /// Select events and histogram the barrel muons.
    pub fn from_events<I>(
        events: I,
        info: SpectrumInfo,
        binning: Binning,
    ) -> Result<Self, SpectrumError>
    where
        I: IntoIterator<Item = TruthEvent>,
    {
        let mut builder = SpectrumBuilder::new(info, binning);
        for event in events {
            builder.add_event(&event);
        }
        builder.finish()
    }

    /// The binning.
    pub fn binning(&self) -> &Binning {
        &self.binning
    }

    /// Per-cell probabilities, row-major (momentum outer, `|eta|` inner); sum to 1.
    pub fn probabilities(&self) -> &[f64] {
        &self.probability
    }

    /// Probability of the cell containing `(p, |eta|)` (0 outside).
    pub fn probability_at(&self, p: f64, abs_eta: f64) -> f64 {
        self.binning
            .cell(p, abs_eta)
            .map_or(0.0, |c| self.probability[c])
    }

    /// Boson (Z or W).
    pub fn process(&self) -> Boson {
        self.info.process
    }

    /// GKSST `epsilon^eff` (see [`SpectrumCounts::barrel_efficiency`]).
    pub fn barrel_efficiency(&self) -> f64 {
        self.counts.barrel_efficiency()
    }

    /// Sample `(p, |eta|)` from three uniform numbers in `[0, 1)`: `u1` picks the cell by
    /// inverse CDF, `u2` and `u3` place the point uniformly inside it. The returned `eta`
    /// is `|eta|` (choose its sign with a fourth number if needed).
    pub fn sample(&self, u1: f64, u2: f64, u3: f64) -> (f64, f64) {
        let total = self.cdf.last().copied().unwrap_or(1.0);
        let target = u1.clamp(0.0, 1.0) * total;
        let mut cell = self.cdf.partition_point(|&c| c <= target);
        if cell >= self.cdf.len() {
            // u1 = 1 (or rounding at the top): last populated cell.
            cell = self.probability.iter().rposition(|&p| p > 0.0).unwrap_or(0);
        }
        let (p_lo, p_hi, e_lo, e_hi) = self.binning.cell_edges(cell);
        let u2 = u2.clamp(0.0, 1.0);
        let u3 = u3.clamp(0.0, 1.0);
        (p_lo + u2 * (p_hi - p_lo), e_lo + u3 * (e_hi - e_lo))
    }

    /// Momentum marginal `P_fid(p)` of GKSST Fig. 2 per bin: `(p_lo, p_hi, probability)`.
    pub fn momentum_probabilities(&self) -> Vec<(f64, f64, f64)> {
        let n_eta = self.binning.n_eta();
        self.binning
            .p_edges
            .windows(2)
            .enumerate()
            .map(|(ip, w)| {
                let s: f64 = self.probability[ip * n_eta..(ip + 1) * n_eta].iter().sum();
                (w[0], w[1], s)
            })
            .collect()
    }

    /// Normalised momentum density `P_fid(p) = Int deta P_in(p, eta)` (GKSST Fig. 2):
    /// `(p_lo, p_hi, density in 1/GeV)`, with `sum density * (p_hi - p_lo) = 1`.
    pub fn momentum_pdf(&self) -> Vec<(f64, f64, f64)> {
        self.momentum_probabilities()
            .into_iter()
            .map(|(lo, hi, prob)| (lo, hi, prob / (hi - lo)))
            .collect()
    }

    /// `|eta|` marginal per bin: `(eta_lo, eta_hi, probability)`.
    pub fn eta_probabilities(&self) -> Vec<(f64, f64, f64)> {
        let n_eta = self.binning.n_eta();
        let mut out: Vec<(f64, f64, f64)> = self
            .binning
            .eta_edges
            .windows(2)
            .map(|w| (w[0], w[1], 0.0))
            .collect();
        for (cell, p) in self.probability.iter().enumerate() {
            out[cell % n_eta].2 += p;
        }
        out
    }

    /// Mean momentum in GeV of the binned distribution (uniform within bins, i.e. the
    /// mean of what [`Self::sample`] produces).
    pub fn mean_p(&self) -> f64 {
        self.momentum_probabilities()
            .iter()
            .map(|(lo, hi, w)| 0.5 * (lo + hi) * w)
            .sum()
    }

    /// Median momentum in GeV (linear interpolation of the binned CDF).
    pub fn median_p(&self) -> f64 {
        self.quantile_p(0.5)
    }

    /// Momentum quantile `q` in `[0, 1]` (linear interpolation of the binned CDF).
    pub fn quantile_p(&self, q: f64) -> f64 {
        let q = q.clamp(0.0, 1.0);
        let mut acc = 0.0;
        let bins = self.momentum_probabilities();
        for &(lo, hi, w) in &bins {
            if w > 0.0 && acc + w >= q {
                return lo + (hi - lo) * ((q - acc) / w).clamp(0.0, 1.0);
            }
            acc += w;
        }
        bins.last().map_or(f64::NAN, |b| b.1)
    }
}

/// Accumulates selected events into a [`MuonSpectrum`].
#[derive(Debug, Clone)]
pub struct SpectrumBuilder {
    info: SpectrumInfo,
    binning: Binning,
    weights: Vec<f64>,
    counts: SpectrumCounts,
}

impl SpectrumBuilder {
    /// Empty accumulator.
    pub fn new(info: SpectrumInfo, binning: Binning) -> Self {
        let n = binning.n_cells();
        Self {
            info,
            binning,
            weights: vec![0.0; n],
            counts: SpectrumCounts::default(),
        }
    }

    /// Select one event and histogram its barrel muons.
    pub fn add_event(&mut self, event: &TruthEvent) {
        let c = &mut self.counts;
        let w = event.weight;
        c.events_read += 1;
        c.sum_w_read += w;
        let cuts = self.info.cuts;
        let Ok(selected) = select(self.info.process, event, &cuts) else {
            return;
        };
        c.events_selected += 1;
        c.sum_w_selected += w;
        c.fiducial_muons += selected.muons().len() as u64;
        c.sum_w_fiducial_muons += w * selected.muons().len() as f64;
        let mut n_barrel = 0;
        for mu in selected.barrel_muons(&cuts) {
            n_barrel += 1;
            c.barrel_muons += 1;
            c.sum_w_barrel_muons += w;
            match self.binning.cell(mu.p(), mu.eta().abs()) {
                Some(cell) => self.weights[cell] += w,
                None => {
                    c.overflow_muons += 1;
                    c.sum_w_overflow += w;
                }
            }
        }
        if n_barrel > 0 {
            c.events_with_barrel_muon += 1;
            c.sum_w_events_with_barrel_muon += w;
        }
    }

    /// Bookkeeping so far.
    pub fn counts(&self) -> &SpectrumCounts {
        &self.counts
    }

    /// Normalise. Fails with [`SpectrumError::Empty`] if no muon was histogrammed.
    pub fn finish(self) -> Result<MuonSpectrum, SpectrumError> {
        MuonSpectrum::from_parts(self.info, self.counts, self.binning, self.weights)
    }
}
