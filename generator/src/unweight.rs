//! Unweighting from the frozen VEGAS map: maximum weight, accept-reject, event records.
//!
//! Points u are drawn from the frozen adaptive map (importance sampling, no strata), each with
//! weight w = f(x(u)) J(u). An event is kept with probability min(1, w/w_max). w_max is chosen
//! from a calibration sample so that the truncated excess sum(max(w - w_max, 0))/sum(w) is at
//! most `max_truncation` (0.1 % by default); the excess actually met during generation is
//! reported. Random streams derive from (seed, phase, 0, batch) only, batches are processed in
//! parallel and consumed in batch order, so the output does not depend on the thread count.

use crate::event::{Event, Particle};
use crate::process::{Process, WeightedPoint};
use crate::rng::{Phase, stream, uniform01};
use crate::vegas::FrozenMap;
use rayon::prelude::*;

/// An event with its production vertex (x, y, z, ct) in mm (zero for fixed-target lab events).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEvent {
    /// The particles.
    pub event: Event,
    /// Production vertex (x, y, z, ct) in mm.
    pub vertex: [f64; 4],
}

/// What the unweighting needs from a process: weights at unit-cube points and the event
/// record of an accepted point. Extra random numbers (azimuths, detector placement) come from
/// the batch's own stream, so events stay reproducible.
pub trait EventSource: Sync {
    /// A weighted point.
    type Point;
    /// Number of unit-cube dimensions.
    fn dim(&self) -> usize;
    /// Weight (dsigma/du, pb) and point at u; `None` where the integrand vanishes.
    fn weigh(&self, u: &[f64]) -> Option<(f64, Self::Point)>;
    /// The event record of an accepted point, with weight `weight`.
    fn build(
        &self,
        p: &Self::Point,
        rng: &mut rand_pcg::Pcg64Mcg,
        ids: EventIds,
        weight: f64,
    ) -> PlacedEvent;
}

impl EventSource for Process {
    type Point = WeightedPoint;

    fn dim(&self) -> usize {
        crate::phase_space::DIM
    }

    #[inline]
    fn weigh(&self, u: &[f64]) -> Option<(f64, WeightedPoint)> {
        self.point(u).map(|p| (p.weight, p))
    }

    fn build(
        &self,
        p: &WeightedPoint,
        rng: &mut rand_pcg::Pcg64Mcg,
        ids: EventIds,
        weight: f64,
    ) -> PlacedEvent {
        let phi = uniform01(rng) * std::f64::consts::TAU;
        PlacedEvent {
            event: event_of(self, p, phi, ids, weight),
            vertex: [0.0; 4],
        }
    }
}

/// Largest number of dimensions a source may have.
const MAX_DIM: usize = 8;

/// Fraction of the allowed truncation the calibration aims at.
pub const CALIBRATION_MARGIN: f64 = 0.8;

/// Settings of the unweighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnweightSettings {
    /// Largest accepted truncated fraction of sigma (default 1e-3).
    pub max_truncation: f64,
    /// Points in the calibration sample (default 400 000).
    pub calibration_points: usize,
    /// Points per batch (default 8192).
    pub batch_size: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for UnweightSettings {
    fn default() -> Self {
        Self {
            max_truncation: 1e-3,
            calibration_points: 400_000,
            batch_size: 8192,
            seed: 1,
        }
    }
}

/// The maximum weight and what the calibration sample says about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaxWeight {
    /// The maximum weight (pb).
    pub w_max: f64,
    /// Mean weight of the calibration sample (an estimate of sigma, pb).
    pub mean_weight: f64,
    /// Expected unweighting efficiency `<w>/w_max`.
    pub expected_efficiency: f64,
    /// Truncated fraction in the calibration sample.
    pub truncated_fraction: f64,
}

/// Counters of one generation run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GenerationStats {
    /// Points tried.
    pub trials: u64,
    /// Events accepted (including those beyond the requested number in the last batch).
    pub accepted: u64,
    /// Accepted events with w > w_max.
    pub overweight: u64,
    /// Sum of weights of the trials.
    pub sum_w: f64,
    /// Sum of max(w - w_max, 0).
    pub excess: f64,
}

impl GenerationStats {
    /// Unweighting efficiency accepted/trials.
    #[must_use]
    pub fn efficiency(&self) -> f64 {
        self.accepted as f64 / self.trials.max(1) as f64
    }
    /// Fraction of accepted events that were overweight.
    #[must_use]
    pub fn overweight_fraction(&self) -> f64 {
        self.overweight as f64 / self.accepted.max(1) as f64
    }
    /// Truncated fraction of sigma met during generation.
    #[must_use]
    pub fn truncated_fraction(&self) -> f64 {
        if self.sum_w > 0.0 {
            self.excess / self.sum_w
        } else {
            0.0
        }
    }
    fn merge(&mut self, o: &Self) {
        self.trials += o.trials;
        self.accepted += o.accepted;
        self.overweight += o.overweight;
        self.sum_w += o.sum_w;
        self.excess += o.excess;
    }
}

/// Smallest w_max such that sum(max(w - w_max, 0)) <= eps * sum(w) for the sorted weights.
fn truncation_max(weights: &mut [f64], eps: f64) -> (f64, f64) {
    weights.sort_unstable_by(|a, b| b.total_cmp(a));
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return (0.0, 0.0);
    }
    // walk down: excess(w_k) = sum_{i<k} w_i - k w_k
    let mut prefix = 0.0;
    let mut best = weights[0];
    let mut frac = 0.0;
    for (k, &w) in weights.iter().enumerate() {
        let excess = prefix - k as f64 * w;
        if excess > eps * total {
            break;
        }
        best = w;
        frac = excess / total;
        prefix += w;
    }
    (best, frac)
}

/// Determines w_max from a calibration sample drawn from `map`.
#[must_use]
pub fn find_max_weight<S: EventSource>(
    source: &S,
    map: &FrozenMap,
    s: &UnweightSettings,
) -> MaxWeight {
    let dim = source.dim().min(MAX_DIM);
    let n_batches = s.calibration_points.div_ceil(s.batch_size).max(1);
    let per_batch: Vec<Vec<f64>> = (0..n_batches)
        .into_par_iter()
        .map(|b| {
            let mut rng = stream(s.seed, Phase::Calibration, 0, b as u64);
            let mut buf = [0.0; MAX_DIM];
            let u = &mut buf[..dim];
            (0..s.batch_size)
                .map(|_| {
                    let jac = map.sample(&mut rng, u);
                    source.weigh(u).map_or(0.0, |(w, _)| w * jac)
                })
                .collect()
        })
        .collect();
    let mut w: Vec<f64> = per_batch.into_iter().flatten().collect();
    let n = w.len() as f64;
    let mean = w.iter().sum::<f64>() / n;
    // Aim at 80 % of the allowed truncation: the calibration sample's own fluctuation must not
    // push the truncation met during generation above `max_truncation`.
    let (w_max, frac) = truncation_max(&mut w, CALIBRATION_MARGIN * s.max_truncation);
    MaxWeight {
        w_max,
        mean_weight: mean,
        expected_efficiency: if w_max > 0.0 { mean / w_max } else { 0.0 },
        truncated_fraction: frac,
    }
}

/// Particle ids and masses written to events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventIds {
    /// Beam muon id (13 or -13).
    pub muon: i32,
    /// Nucleus id (10LZZZAAAI).
    pub nucleus: i32,
    /// X id.
    pub x: i32,
}

/// Builds the event record of a weighted point with a random azimuth `phi`.
#[must_use]
pub fn event_of(
    process: &Process,
    p: &crate::process::WeightedPoint,
    phi: f64,
    ids: EventIds,
    weight: f64,
) -> Event {
    let m = process.masses();
    let mom = process.phase_space().momenta(&p.kinematics, phi);
    let id = [ids.muon, ids.nucleus, ids.muon, ids.nucleus, ids.x];
    let mass = [m.muon, m.nucleus, m.muon, m.nucleus, m.x];
    let particles = (0..5)
        .map(|i| Particle {
            pdg_id: id[i],
            status: if i < 2 { -1 } else { 1 },
            mothers: if i < 2 { [0, 0] } else { [1, 2] },
            momentum: mom[i],
            mass: mass[i],
        })
        .collect();
    Event { particles, weight }
}

/// Generates unweighted events. `sink` receives them in a thread-independent order until
/// `n_events` were produced; `progress` is called with the running count.
///
/// # Errors
/// Whatever `sink` returns.
pub fn generate<E, S: EventSource<Point: Send + Sync>>(
    source: &S,
    map: &FrozenMap,
    w_max: f64,
    ids: EventIds,
    event_weight: f64,
    n_events: u64,
    s: &UnweightSettings,
    sink: &mut dyn FnMut(&PlacedEvent) -> Result<(), E>,
    progress: &mut dyn FnMut(u64),
) -> Result<GenerationStats, E> {
    generate_annotated(
        source,
        map,
        w_max,
        ids,
        event_weight,
        n_events,
        s,
        &|_, _, _| (),
        &mut |e, ()| sink(e),
        progress,
    )
}

/// One batch of the unweighting: its accepted events with their points, and its counters.
type Batch<P> = (Vec<(PlacedEvent, P)>, GenerationStats);

/// [`generate`] where `annotate(event, point, index)` computes a value of each accepted event
/// (e.g. the [`crate::reweight`] ratios and the X decay), `index` being the event's 0-based
/// position in the output, and `sink` receives it with the event. `annotate` runs in parallel
/// over each group of batches once the group's events are ordered, and draws no random
/// numbers of the unweighting, so the events are those of [`generate`] whatever the thread
/// count.
///
/// # Errors
/// Whatever `sink` returns.
pub fn generate_annotated<E, S: EventSource<Point: Send + Sync>, A: Send>(
    source: &S,
    map: &FrozenMap,
    w_max: f64,
    ids: EventIds,
    event_weight: f64,
    n_events: u64,
    s: &UnweightSettings,
    annotate: &(dyn Fn(&PlacedEvent, &S::Point, u64) -> A + Sync),
    sink: &mut dyn FnMut(&PlacedEvent, A) -> Result<(), E>,
    progress: &mut dyn FnMut(u64),
) -> Result<GenerationStats, E> {
    let dim = source.dim().min(MAX_DIM);
    let mut stats = GenerationStats::default();
    let mut written = 0u64;
    let mut next_batch = 0u64;
    let group = (rayon::current_num_threads() * 4).max(8) as u64;
    // group size must not change the output: each batch is self-contained and batches are
    // consumed in order; only how many are computed ahead depends on the thread count.
    while written < n_events {
        let batches: Vec<Batch<S::Point>> = (next_batch..next_batch + group)
            .into_par_iter()
            .map(|b| {
                let mut rng = stream(s.seed, Phase::Generation, 0, b);
                let mut st = GenerationStats::default();
                let mut out = Vec::new();
                let mut buf = [0.0; MAX_DIM];
                let u = &mut buf[..dim];
                for _ in 0..s.batch_size {
                    let jac = map.sample(&mut rng, u);
                    let r = uniform01(&mut rng);
                    st.trials += 1;
                    let Some((w0, p)) = source.weigh(u) else {
                        continue;
                    };
                    let w = w0 * jac;
                    st.sum_w += w;
                    if w > w_max {
                        st.excess += w - w_max;
                    }
                    if r * w_max < w {
                        st.accepted += 1;
                        if w > w_max {
                            st.overweight += 1;
                        }
                        let event = source.build(&p, &mut rng, ids, event_weight);
                        out.push((event, p));
                    }
                }
                (out, st)
            })
            .collect();
        next_batch += group;
        // the events this group contributes, in output order, and where each batch ends
        let mut taken: Vec<(PlacedEvent, S::Point)> = Vec::new();
        let mut batch_ends = Vec::new();
        for (events, st) in batches {
            if written + taken.len() as u64 >= n_events {
                break;
            }
            stats.merge(&st);
            let room =
                usize::try_from(n_events - written - taken.len() as u64).unwrap_or(usize::MAX);
            taken.extend(events.into_iter().take(room));
            batch_ends.push(taken.len());
        }
        let first = written;
        let notes: Vec<A> = taken
            .par_iter()
            .enumerate()
            .map(|(k, (e, p))| annotate(e, p, first + k as u64))
            .collect();
        let mut ends = batch_ends.into_iter().peekable();
        while ends.peek() == Some(&0) {
            ends.next();
            progress(written);
        }
        for (k, ((e, _), a)) in taken.iter().zip(notes).enumerate() {
            sink(e, a)?;
            written += 1;
            while ends.peek() == Some(&(k + 1)) {
                ends.next();
                progress(written);
            }
        }
        // batches that added no event still report
        for _ in ends {
            progress(written);
        }
        if stats.trials > 0 && stats.accepted == 0 && stats.trials > 100_000_000 {
            break;
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_maximum() {
        // weights 10, 1 x 99: total 109; eps = 0.05 -> excess allowed 5.45: w_max with
        // 10 - w_max <= 5.45 -> w_max >= 4.55; the sorted-walk returns the largest weight
        // below which the excess is still allowed: 10 (k=0), then k=1: w=1, excess = 9 > 5.45.
        let mut w = vec![1.0; 99];
        w.push(10.0);
        let (m, f) = truncation_max(&mut w, 0.05);
        assert_eq!(m, 10.0);
        assert_eq!(f, 0.0);
        let (m, f) = truncation_max(&mut w, 0.1);
        assert_eq!(m, 1.0);
        assert!((f - 9.0 / 109.0).abs() < 1e-15);
    }
}
