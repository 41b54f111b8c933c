//! The VEGAS+ integrator: iterations of stratified, importance-sampled Monte Carlo
//! with adaptation of the map ([`AdaptiveMap`], Lepage 1978) and of the
//! hypercube allocation ([`Stratification`], Lepage arXiv:2009.05112, Sec. 3).
//!
//! # Reproducibility
//!
//! The samples of one iteration are numbered `0..N` cube by cube and cut into
//! fixed-size batches of `batch_size` samples. Batch `b` of global iteration `i`
//! draws from [`rng::stream`]`(seed, PHASE_VEGAS, i, b)`, fills its own
//! [`BatchAccumulator`] and [`MapTraining`], and these are merged strictly in
//! batch order. Batches run in parallel on the current rayon pool, but every
//! floating-point operation happens in an order fixed by the settings alone, so
//! results are bit-identical for any number of threads.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;

use super::accumulator::{BatchAccumulator, Estimate, IterationAccumulator, RAvg};
use super::frozen::FrozenMap;
use super::grid::{AdaptiveMap, MapTraining};
use super::strata::Stratification;
use crate::rng::{self, Phase, uniform01};

/// A real function on the unit hypercube `[0,1)^dim`.
pub trait Integrand: Sync {
    /// Number of integration variables.
    fn dim(&self) -> usize;
    /// The integrand at `x` (length [`dim`](Self::dim)); must be finite.
    fn evaluate(&self, x: &[f64]) -> f64;
}

/// Settings of a VEGAS+ run. Serialisable (missing fields take defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VegasSettings {
    /// Increments per direction of the adaptive map (default 1000).
    pub n_bins: usize,
    /// Damping exponent of the map refinement, Lepage 1978 (default 0.5; 0
    /// freezes the map).
    pub alpha: f64,
    /// Damping exponent of the stratification, arXiv:2009.05112 Sec. 3 (default
    /// 0.75; 0 = uniform allocation, classic VEGAS).
    pub beta: f64,
    /// Integrand evaluations per iteration (default 100 000).
    pub n_eval: usize,
    /// Adaptation iterations run first; their estimates are discarded (default 5).
    pub n_adapt_iter: usize,
    /// Maximum number of integration iterations after adaptation (default 20).
    pub max_iter: usize,
    /// Stop once the combined relative uncertainty is below this, after at least
    /// two integration iterations (default 1e-3; 0 runs all `max_iter`).
    pub rel_precision: f64,
    /// Samples per batch, the unit of parallel work (default 8192). Results
    /// depend on it (it fixes the random streams) but not on the thread count.
    pub batch_size: usize,
    /// Seed of all random streams (default 1).
    pub seed: u64,
}

impl Default for VegasSettings {
    fn default() -> Self {
        Self {
            n_bins: 1000,
            alpha: 0.5,
            beta: 0.75,
            n_eval: 100_000,
            n_adapt_iter: 5,
            max_iter: 20,
            rel_precision: 1e-3,
            batch_size: 8192,
            seed: 1,
        }
    }
}

impl VegasSettings {
    /// Check ranges; `dim` is the integration dimension.
    pub fn validate(&self, dim: usize) -> Result<(), VegasError> {
        let bad = |m: &str| Err(VegasError::InvalidSettings(m.to_owned()));
        if dim == 0 {
            return bad("dimension must be at least 1");
        }
        if self.n_bins == 0 {
            return bad("n_bins must be at least 1");
        }
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return bad("alpha must be finite and >= 0");
        }
        if !(0.0..=1.0).contains(&self.beta) {
            return bad("beta must lie in [0, 1]");
        }
        if self.n_eval < 2 {
            return bad("n_eval must be at least 2");
        }
        if self.max_iter == 0 {
            return bad("max_iter must be at least 1");
        }
        if self.batch_size == 0 {
            return bad("batch_size must be at least 1");
        }
        if self.rel_precision.is_nan() || self.rel_precision < 0.0 {
            return bad("rel_precision must be >= 0");
        }
        Ok(())
    }
}

/// Errors of [`Vegas::integrate`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VegasError {
    /// The integrand returned NaN or an infinity.
    #[error(
        "integrand returned non-finite value {value} at x = {x:?} (iteration {iteration}, batch {batch})"
    )]
    NonFinite {
        /// The offending value.
        value: f64,
        /// The point where it was returned.
        x: Vec<f64>,
        /// Global iteration index.
        iteration: u64,
        /// Batch index within the iteration.
        batch: u64,
    },
    /// The integrand's dimension differs from the integrator's.
    #[error("integrand has dimension {integrand}, integrator was built for {integrator}")]
    DimensionMismatch {
        /// [`Integrand::dim`].
        integrand: usize,
        /// [`Vegas::dim`].
        integrator: usize,
    },
    /// A setting is out of range.
    #[error("invalid VEGAS settings: {0}")]
    InvalidSettings(String),
    /// The caller ended the run ([`Vegas::integrate_until`]).
    #[error("integration stopped by the caller after {iterations} iterations")]
    Stopped {
        /// Iterations completed.
        iterations: usize,
    },
}

/// Progress information passed to the `on_iteration` callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IterationReport {
    /// Iteration number within this `integrate` call, from 0.
    pub iteration: usize,
    /// Whether this was an adaptation iteration (estimate discarded).
    pub adapting: bool,
    /// Estimate of this iteration alone.
    pub mean: f64,
    /// Its standard deviation.
    pub sdev: f64,
    /// Running average of the current phase (adaptation or integration).
    pub cumulative: Estimate,
}

/// Batches evaluated concurrently before their results are merged (fixed, so the
/// merge order never depends on the thread count).
const WAVE: u64 = 64;

/// VEGAS+ integrator: owns the adaptive map, the stratification and the settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vegas {
    dim: usize,
    settings: VegasSettings,
    map: AdaptiveMap,
    strata: Stratification,
    /// Global iteration counter (selects random streams; never reused).
    iterations_done: u64,
    /// Evaluations over all iterations so far, adaptation included.
    total_evals: u64,
}

/// Output of one batch.
struct BatchOut {
    acc: BatchAccumulator,
    training: MapTraining,
}

impl Vegas {
    /// New integrator with the identity map and uniform stratification.
    /// Settings are validated by [`integrate`](Self::integrate).
    pub fn new(dim: usize, settings: VegasSettings) -> Self {
        let map = AdaptiveMap::new(dim, settings.n_bins);
        Self::from_map(map, settings)
    }

    /// New integrator starting from a previously adapted `map` (e.g. read from a
    /// gridpack); `settings.n_bins` is ignored in favour of the map's.
    pub fn from_map(map: AdaptiveMap, settings: VegasSettings) -> Self {
        let dim = map.dim();
        Self {
            dim,
            strata: Stratification::new(dim, settings.n_eval, settings.beta),
            settings,
            map,
            iterations_done: 0,
            total_evals: 0,
        }
    }

    /// Integration dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The settings.
    pub fn settings(&self) -> &VegasSettings {
        &self.settings
    }

    /// The current adaptive map.
    pub fn map(&self) -> &AdaptiveMap {
        &self.map
    }

    /// The current stratification.
    pub fn strata(&self) -> &Stratification {
        &self.strata
    }

    /// Integrand evaluations over all iterations so far (adaptation included).
    pub fn total_evaluations(&self) -> u64 {
        self.total_evals
    }

    /// A copy of the map, without stratification or training data, for unweighting.
    pub fn frozen(&self) -> FrozenMap {
        FrozenMap::new(&self.map)
    }

    /// Run `n_adapt_iter` adaptation iterations (estimates discarded), then
    /// integration iterations until the combined relative uncertainty is below
    /// `rel_precision` (after at least two) or `max_iter` is reached. The map and
    /// stratification keep adapting after every iteration (as `gplepage/vegas`
    /// does by default); each iteration's estimate uses a fixed map, so the
    /// average stays unbiased. `on_iteration` is called after every iteration.
    ///
    /// Calling `integrate` again continues from the adapted state with fresh
    /// random streams.
    pub fn integrate<F: Integrand>(
        &mut self,
        f: &F,
        on_iteration: &mut dyn FnMut(&IterationReport),
    ) -> Result<Estimate, VegasError> {
        self.integrate_until(f, &mut |r| {
            on_iteration(r);
            ControlFlow::Continue(())
        })
    }

    /// As [`Vegas::integrate`], but `on_iteration` may end the run after an iteration by
    /// returning [`ControlFlow::Break`]: the result is then [`VegasError::Stopped`] (how the
    /// Python bindings let Ctrl-C interrupt a long integration).
    ///
    /// # Errors
    /// As [`Vegas::integrate`], and [`VegasError::Stopped`].
    pub fn integrate_until<F: Integrand>(
        &mut self,
        f: &F,
        on_iteration: &mut dyn FnMut(&IterationReport) -> ControlFlow<()>,
    ) -> Result<Estimate, VegasError> {
        self.settings.validate(self.dim)?;
        if f.dim() != self.dim {
            return Err(VegasError::DimensionMismatch {
                integrand: f.dim(),
                integrator: self.dim,
            });
        }
        let mut adapt_avg = RAvg::new();
        let mut avg = RAvg::new();
        let n_adapt = self.settings.n_adapt_iter;
        for k in 0..n_adapt + self.settings.max_iter {
            let adapting = k < n_adapt;
            let (mean, var, n) = self.iteration(f)?;
            let target = if adapting { &mut adapt_avg } else { &mut avg };
            target.add(mean, var, n);
            let cumulative = target.estimate();
            let flow = on_iteration(&IterationReport {
                iteration: k,
                adapting,
                mean,
                sdev: var.sqrt(),
                cumulative,
            });
            if flow.is_break() {
                return Err(VegasError::Stopped { iterations: k + 1 });
            }
            if !adapting
                && cumulative.n_iter >= 2
                && cumulative.rel_sdev() < self.settings.rel_precision
            {
                break;
            }
        }
        Ok(avg.estimate())
    }

    /// One iteration: sample, merge in batch order, estimate, adapt.
    /// Returns `(mean, variance, evaluations)`.
    fn iteration<F: Integrand>(&mut self, f: &F) -> Result<(f64, f64, u64), VegasError> {
        let it = self.iterations_done;
        self.iterations_done += 1;
        let total = self.strata.total_samples();
        let bs = self.settings.batch_size as u64;
        let n_batches = total.div_ceil(bs);
        let mut acc = IterationAccumulator::new(self.strata.n_cubes());
        self.map.clear_training();
        let mut first = 0;
        while first < n_batches {
            let last = (first + WAVE).min(n_batches);
            let outs: Vec<Result<BatchOut, VegasError>> = (first..last)
                .into_par_iter()
                .map(|b| self.batch(f, it, b, b * bs, ((b + 1) * bs).min(total)))
                .collect();
            for out in outs {
                let out = out?;
                acc.merge(&out.acc);
                self.map.add_training(&out.training);
            }
            first = last;
        }
        let (mean, var) = acc.estimate(&self.strata);
        self.total_evals += acc.n_samples();
        if self.settings.beta > 0.0 {
            let sigma2 = acc.cube_variances(&self.strata);
            self.strata.allocate(Some(&sigma2));
        }
        self.map.adapt(self.settings.alpha);
        Ok((mean, var, acc.n_samples()))
    }

    /// Evaluate samples `start..end` of iteration `it` (batch `b`). The hot loop
    /// is allocation-free: buffers are allocated once per batch.
    fn batch<F: Integrand>(
        &self,
        f: &F,
        it: u64,
        b: u64,
        start: u64,
        end: u64,
    ) -> Result<BatchOut, VegasError> {
        let dim = self.dim;
        let strata = &self.strata;
        let map = &self.map;
        let offsets = strata.offsets();
        let inv_ns = 1.0 / strata.n_strat() as f64;
        let mut rng = rng::stream(self.settings.seed, Phase::Vegas, it, b);
        let n_strat = strata.n_strat();
        let mut h = strata.cube_of_sample(start);
        let mut coords = vec![0usize; dim];
        strata.cube_coords(h, &mut coords);
        // Lower corner of the current hypercube in units of 1/N_st.
        let mut cube_lo: Vec<f64> = coords.iter().map(|&c| c as f64).collect();
        let mut next = offsets[h + 1];
        let mut rho = strata.density_weight(h);
        let (mut y, mut x, mut bins) = (vec![0.0; dim], vec![0.0; dim], vec![0usize; dim]);
        let mut acc = BatchAccumulator::new(h);
        let mut training = map.new_training();
        for k in start..end {
            while k >= next {
                // Next hypercube: odometer increment of the coordinates (no division).
                h += 1;
                for (c, lo) in coords.iter_mut().zip(cube_lo.iter_mut()) {
                    *c += 1;
                    if *c < n_strat {
                        *lo = *c as f64;
                        break;
                    }
                    *c = 0;
                    *lo = 0.0;
                }
                next = offsets[h + 1];
                rho = strata.density_weight(h);
            }
            for (yd, lo) in y.iter_mut().zip(&cube_lo) {
                *yd = (lo + uniform01(&mut rng)) * inv_ns;
            }
            let jac = map.map_with_bins(&y, &mut x, &mut bins);
            let fx = f.evaluate(&x);
            if !fx.is_finite() {
                return Err(VegasError::NonFinite {
                    value: fx,
                    x,
                    iteration: it,
                    batch: b,
                });
            }
            let w = jac * fx;
            acc.add(h, w);
            training.add(&bins, w * w, rho);
        }
        Ok(BatchOut { acc, training })
    }
}
