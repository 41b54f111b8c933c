//! VEGAS+ adaptive stratified sampling in `y` space (Lepage, arXiv:2009.05112,
//! Sec. 3).
//!
//! The unit hypercube of `y` is cut into `N_st^D` equal hypercubes `h` with
//! `N_st = floor((N_ev / 2)^(1/D))` (Eq. (33)), so that at least two samples per
//! hypercube fit in the budget `N_ev`. After each iteration the number of samples
//! per hypercube is re-allocated from the measured variance of the hypercube's
//! contribution,
//!
//! ```text
//! σ_h^2 = Ω_h^2 [ <(J f)^2>_h - <J f>_h^2 ]                      (Eq. (42))
//! d_h   = σ_h^β,   n_h = max(2, d_h / Σ d_h · N_ev)              (Eq. (44))
//! ```
//!
//! (`Ω_h` is the hypercube's volume in `y`). `β = 1` is optimal (Neyman)
//! allocation, `β = 0` classic VEGAS (uniform), and the default `β = 0.75` damps
//! the noise of few-sample variance estimates.
//!
//! As in `gplepage/vegas` (its `neval_frac`, default 0.75), when `β > 0` only a
//! fraction `1 - NEVAL_FRAC` of the budget fixes the number of hypercubes,
//! `N_st = floor(((1 - NEVAL_FRAC) N_ev / 2)^(1/D))`, leaving `NEVAL_FRAC · N_ev`
//! samples to be moved where the variance is; otherwise every hypercube would
//! be stuck at the minimum of two samples. To spend the budget exactly we use
//! `n_h = n_min + floor(d_h / Σ d_h · (N_ev - n_min N_cubes))` with
//! `n_min = max(2, floor((1 - NEVAL_FRAC) N_ev / N_cubes))`.
//!
//! Equation numbers of arXiv:2009.05112: see the [module docs](super).

use serde::{Deserialize, Serialize};

/// Minimum number of samples per hypercube (needed for a variance estimate).
pub const MIN_PER_CUBE: u32 = 2;

/// Upper bound on the number of hypercubes (bounds the per-iteration memory,
/// ~36 bytes per hypercube; `gplepage/vegas` has a similar `max_nhcube`).
pub const MAX_CUBES: usize = 1 << 20;

/// Fraction of the samples redistributed by the adaptive stratification when
/// `beta > 0` (`neval_frac` of `gplepage/vegas`).
pub const NEVAL_FRAC: f64 = 0.75;

/// Hypercube layout and per-hypercube sample allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stratification {
    dim: usize,
    n_strat: usize,
    n_cubes: usize,
    n_eval: usize,
    /// Samples every hypercube receives before adaptive allocation.
    n_min: u32,
    beta: f64,
    /// Samples per hypercube for the next iteration.
    n_h: Vec<u32>,
    /// Prefix sums of `n_h`: samples of cube `h` are `offsets[h]..offsets[h+1]`.
    offsets: Vec<u64>,
}

impl Stratification {
    /// Layout for `dim` directions and a budget of `n_eval` samples per
    /// iteration, with uniform initial allocation.
    ///
    /// `N_st = floor((n_uniform/2)^(1/dim))` (at least 1) with `n_uniform =
    /// n_eval` for `beta = 0` and `(1 - NEVAL_FRAC) n_eval` otherwise; computed in
    /// integers so that `N_st^dim <= min(n_uniform / 2, MAX_CUBES)` holds exactly.
    pub fn new(dim: usize, n_eval: usize, beta: f64) -> Self {
        let n_uniform = if beta > 0.0 {
            ((1.0 - NEVAL_FRAC) * n_eval as f64) as usize
        } else {
            n_eval
        };
        let half = (n_uniform / 2).clamp(1, MAX_CUBES);
        let mut n_strat = if dim == 0 {
            1
        } else {
            ((half as f64).powf(1.0 / dim as f64).floor() as usize).max(1)
        };
        // Guard against powf rounding either way.
        while n_strat > 1 && checked_pow(n_strat, dim).is_none_or(|c| c > half) {
            n_strat -= 1;
        }
        while checked_pow(n_strat + 1, dim).is_some_and(|c| c <= half) {
            n_strat += 1;
        }
        let n_cubes = checked_pow(n_strat, dim).unwrap_or(1);
        let n_min = u32::try_from(n_uniform / n_cubes)
            .unwrap_or(u32::MAX)
            .max(MIN_PER_CUBE);
        let mut s = Self {
            dim,
            n_strat,
            n_cubes,
            n_eval: n_eval.max(n_min as usize * n_cubes),
            n_min,
            beta,
            n_h: vec![MIN_PER_CUBE; n_cubes],
            offsets: Vec::new(),
        };
        s.allocate(None);
        s
    }

    /// Number of stratifications per direction, `N_st`.
    pub fn n_strat(&self) -> usize {
        self.n_strat
    }

    /// Number of hypercubes, `N_st^dim`.
    pub fn n_cubes(&self) -> usize {
        self.n_cubes
    }

    /// Volume of one hypercube in `y` space, `Ω_h = N_st^-dim`.
    pub fn cube_volume(&self) -> f64 {
        1.0 / self.n_cubes as f64
    }

    /// Samples allocated to each hypercube.
    pub fn samples_per_cube(&self) -> &[u32] {
        &self.n_h
    }

    /// Total number of samples of the next iteration.
    pub fn total_samples(&self) -> u64 {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// First sample index of each hypercube, plus the total at the end.
    pub fn offsets(&self) -> &[u64] {
        &self.offsets
    }

    /// Hypercube containing global sample index `k` (`k < total_samples()`).
    pub fn cube_of_sample(&self, k: u64) -> usize {
        self.offsets.partition_point(|&o| o <= k).saturating_sub(1)
    }

    /// Integer coordinates of hypercube `h` (base-`N_st` digits, direction 0
    /// fastest) written into `coords`.
    #[inline]
    pub fn cube_coords(&self, h: usize, coords: &mut [usize]) {
        let mut rest = h;
        for c in coords.iter_mut().take(self.dim) {
            *c = rest % self.n_strat;
            rest /= self.n_strat;
        }
    }

    /// Density weight `ρ_h = Ω_h N / n_h` of samples in cube `h` relative to
    /// uniform sampling (`N` = total samples), used to de-bias map training.
    #[inline]
    pub fn density_weight(&self, h: usize) -> f64 {
        self.total_samples() as f64 / (self.n_cubes as f64 * f64::from(self.n_h[h]))
    }

    /// Re-allocate samples from the per-cube variances `sigma2[h] = σ_h^2`
    /// (Eq. (42)); `None` (or all zero / non-finite) gives uniform allocation.
    /// Implements Eq. (44) with the exact-budget variant of the module docs.
    pub fn allocate(&mut self, sigma2: Option<&[f64]>) {
        let extra = self
            .n_eval
            .saturating_sub(self.n_min as usize * self.n_cubes) as f64;
        let mut d: Vec<f64> = match sigma2 {
            Some(s2) if s2.len() == self.n_cubes && self.beta > 0.0 => s2
                .iter()
                .map(|&v| {
                    if v.is_finite() && v > 0.0 {
                        v.powf(0.5 * self.beta)
                    } else {
                        0.0
                    }
                })
                .collect(),
            _ => vec![1.0; self.n_cubes],
        };
        let mut sum: f64 = d.iter().sum();
        if !(sum > 0.0 && sum.is_finite()) {
            d.fill(1.0);
            sum = self.n_cubes as f64;
        }
        self.offsets.clear();
        self.offsets.reserve(self.n_cubes + 1);
        let mut acc = 0u64;
        for (n, dh) in self.n_h.iter_mut().zip(&d) {
            self.offsets.push(acc);
            let add = (dh / sum * extra).floor();
            *n = self.n_min + add.min(f64::from(u32::MAX - self.n_min)) as u32;
            acc += u64::from(*n);
        }
        self.offsets.push(acc);
    }
}

fn checked_pow(base: usize, exp: usize) -> Option<usize> {
    base.checked_pow(u32::try_from(exp).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_budget() {
        // beta = 0: N_st = floor((1e5/2)^(1/4)) = floor(14.95) = 14, uniform.
        let s = Stratification::new(4, 100_000, 0.0);
        assert_eq!(s.n_strat(), 14);
        assert_eq!(s.n_cubes(), 14usize.pow(4));
        assert!(s.samples_per_cube().iter().all(|&n| n == 2));
        // beta > 0: a quarter of the budget fixes the layout, (12500)^(1/4) = 10.6
        let s = Stratification::new(4, 100_000, 0.75);
        assert_eq!(s.n_strat(), 10);
        assert!(s.total_samples() <= 100_000);
        assert!(s.total_samples() > 100_000 - s.n_cubes() as u64);
        assert!(s.samples_per_cube().iter().all(|&n| n >= 2));
        // exact powers are not lost to rounding: 2 * 10^3 -> N_st = 10 in 3-D
        assert_eq!(Stratification::new(3, 2000, 0.0).n_strat(), 10);
        // huge budgets are capped at MAX_CUBES hypercubes
        let big = Stratification::new(2, 1 << 40, 0.0);
        assert!(big.n_cubes() <= MAX_CUBES && big.n_strat() == 1024);
        // tiny budget still gives one cube with at least 2 samples
        let t = Stratification::new(6, 3, 0.5);
        assert_eq!((t.n_cubes(), t.total_samples()), (1, 3));
    }

    #[test]
    fn coords_and_lookup() {
        let s = Stratification::new(3, 2000, 0.0);
        let mut c = [0; 3];
        s.cube_coords(123, &mut c);
        assert_eq!(c, [3, 2, 1]);
        for h in [0, 1, 500, 999] {
            let o = s.offsets()[h];
            assert_eq!(s.cube_of_sample(o), h);
            assert_eq!(s.cube_of_sample(o + 1), h);
        }
    }

    #[test]
    fn allocation_follows_sigma_beta() {
        // 1-D, 1000 samples, beta > 0: 125 cubes, 250 uniform, 750 adaptive.
        let mut s = Stratification::new(1, 1000, 1.0);
        let n = s.n_cubes();
        assert_eq!(n, 125);
        let mut sigma2 = vec![0.0; n];
        sigma2[7] = 4.0; // σ = 2
        sigma2[9] = 1.0; // σ = 1
        s.allocate(Some(&sigma2));
        let nh = s.samples_per_cube();
        assert_eq!((nh[7], nh[9], nh[0]), (502, 252, 2));
        assert_eq!(s.total_samples(), 1000);
        // beta = 0.5: d ∝ σ^0.5 -> 2^0.5 : 1
        let mut s = Stratification::new(1, 1000, 0.5);
        s.allocate(Some(&sigma2));
        let nh = s.samples_per_cube();
        let r = f64::from(nh[7] - 2) / f64::from(nh[9] - 2);
        assert!((r - 2f64.sqrt()).abs() < 0.01, "ratio {r}");
        // density weight of a minimum cube: N / (N_cubes n_h)
        let expect = s.total_samples() as f64 / (125.0 * 2.0);
        assert!((s.density_weight(0) - expect).abs() < 1e-12);
        // no information -> uniform
        s.allocate(Some(&vec![0.0; n]));
        assert!(s.samples_per_cube().iter().all(|&k| k == 8));
    }
}
