//! The VEGAS adaptive map `y -> x(y)` of the unit hypercube onto itself.
//!
//! Each direction `d` is mapped independently by a piecewise-linear function
//! defined by a grid `0 = x_0 < x_1 < ... < x_N = 1` (Lepage, J. Comput. Phys. 27
//! (1978) 192, Sec. 2; Lepage, arXiv:2009.05112, Sec. 2, Eqs. (8)-(12)):
//!
//! ```text
//! i(y) = floor(y N),   delta(y) = y N - i(y)
//! x(y) = x_i + Δx_i · delta(y),   Δx_i = x_{i+1} - x_i
//! J(y) = N Δx_i            (Jacobian dx/dy of one direction)
//! ```
//!
//! Training data are `(J f)^2` summed per increment per direction; the refinement
//! ([`AdaptiveMap::adapt`]) smooths, damps (exponent `alpha`) and redistributes
//! the increments so that each carries an equal share of the damped weight
//! (arXiv:2009.05112 Eqs. (17)-(22); the damping is Lepage 1978's
//! `((1 - r)/ln(1/r))^alpha` range compression).
//!
//! Equation numbers of arXiv:2009.05112: see the [module docs](super).

use serde::{Deserialize, Serialize};

/// Per-direction piecewise-linear adaptive map of `[0,1)^dim` onto `[0,1]^dim`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdaptiveMap {
    dim: usize,
    n_bins: usize,
    /// Grid nodes, `dim × (n_bins + 1)`, row-major by direction.
    grid: Vec<f64>,
    /// Increments `Δx_i`, `dim × n_bins`.
    inc: Vec<f64>,
    /// Accumulated training data (not part of the serialised map).
    #[serde(skip)]
    training: Option<MapTraining>,
}

impl AdaptiveMap {
    /// The identity map with `n_bins` equal increments per direction.
    ///
    /// `n_bins` is clamped to at least 1.
    pub fn new(dim: usize, n_bins: usize) -> Self {
        let n_bins = n_bins.max(1);
        let mut grid = Vec::with_capacity(dim * (n_bins + 1));
        for _ in 0..dim {
            grid.extend((0..=n_bins).map(|i| i as f64 / n_bins as f64));
        }
        let mut map = Self {
            dim,
            n_bins,
            grid,
            inc: vec![0.0; dim * n_bins],
            training: None,
        };
        map.update_increments();
        map
    }

    /// Number of directions.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of increments per direction.
    pub fn n_bins(&self) -> usize {
        self.n_bins
    }

    /// Grid nodes of direction `d` (`n_bins + 1` values from 0 to 1).
    pub fn grid(&self, d: usize) -> &[f64] {
        &self.grid[d * (self.n_bins + 1)..(d + 1) * (self.n_bins + 1)]
    }

    /// Increments `Δx_i` of direction `d`.
    pub fn increments(&self, d: usize) -> &[f64] {
        &self.inc[d * self.n_bins..(d + 1) * self.n_bins]
    }

    fn update_increments(&mut self) {
        let nb = self.n_bins;
        for d in 0..self.dim {
            let g = &self.grid[d * (nb + 1)..(d + 1) * (nb + 1)];
            for (i, w) in g.windows(2).enumerate() {
                self.inc[d * nb + i] = w[1] - w[0];
            }
        }
    }

    /// Map one coordinate of direction `d`: returns `(x, dx/dy, increment index)`
    /// (arXiv:2009.05112 Eqs. (9)-(11)). `y = 1` is mapped to the upper edge.
    #[inline(always)]
    pub fn map_1d(&self, d: usize, y: f64) -> (f64, f64, usize) {
        let nb = self.n_bins;
        let t = y * nb as f64;
        // `as usize` saturates: negative -> 0; clamp the top edge y = 1.
        let mut i = t as usize;
        let mut delta = t - i as f64;
        if i >= nb {
            i = nb - 1;
            delta = 1.0;
        }
        let dx = self.inc[d * nb + i];
        let x = self.grid[d * (nb + 1) + i] + dx * delta;
        (x, dx * nb as f64, i)
    }

    /// Map `y` to `x` (both of length `dim`), returning the Jacobian `Π_d dx_d/dy_d`
    /// (arXiv:2009.05112 Eq. (12)). Allocation-free.
    #[inline]
    pub fn map(&self, y: &[f64], x: &mut [f64]) -> f64 {
        let mut jac = 1.0;
        for (d, (yd, xd)) in y.iter().zip(x.iter_mut()).enumerate() {
            let (xv, j, _) = self.map_1d(d, *yd);
            *xd = xv;
            jac *= j;
        }
        jac
    }

    /// As [`map`](Self::map), also writing the increment index of each direction
    /// into `bins` (used to accumulate training data).
    #[inline]
    pub fn map_with_bins(&self, y: &[f64], x: &mut [f64], bins: &mut [usize]) -> f64 {
        let mut jac = 1.0;
        for d in 0..self.dim {
            let (xv, j, i) = self.map_1d(d, y[d]);
            x[d] = xv;
            bins[d] = i;
            jac *= j;
        }
        jac
    }

    /// An empty training accumulator shaped for this map.
    pub fn new_training(&self) -> MapTraining {
        MapTraining::new(self.dim, self.n_bins)
    }

    /// Add training data accumulated elsewhere (e.g. by one batch). Call in a
    /// fixed order to keep results independent of thread scheduling.
    pub fn add_training(&mut self, t: &MapTraining) {
        match &mut self.training {
            Some(acc) => acc.merge(t),
            None => self.training = Some(t.clone()),
        }
    }

    /// Discard accumulated training data.
    pub fn clear_training(&mut self) {
        self.training = None;
    }

    /// Refine the grid from the accumulated training data, then clear it.
    ///
    /// For each direction (arXiv:2009.05112 Sec. 2, Eqs. (17)-(22)):
    /// 1. `d_i` = weighted mean of `(J f)^2` in increment `i` (Eq. (17));
    ///    increments without samples borrow their nearest sampled neighbour;
    /// 2. smoothing `d_i <- (d_{i-1} + 6 d_i + d_{i+1})/8` (7:1 at the edges) and
    ///    normalisation to `Σ d_i = 1` (Eq. (18));
    /// 3. damping `d_i <- ((1 - d_i)/ln(1/d_i))^alpha` (Eq. (19); Lepage 1978);
    /// 4. new nodes placed so that every new increment holds `Σ d_i / N` of the
    ///    damped weight, interpolating linearly inside old increments (Eqs. (20)-(22)).
    ///
    /// `alpha = 0` leaves the map unchanged. Directions whose training data are all
    /// zero are left unchanged.
    pub fn adapt(&mut self, alpha: f64) {
        let Some(t) = self.training.take() else {
            return;
        };
        if alpha <= 0.0 || self.n_bins < 2 {
            return;
        }
        let nb = self.n_bins;
        let mut avg = vec![0.0; nb];
        let mut smooth = vec![0.0; nb];
        let mut new_grid = vec![0.0; nb + 1];
        for d in 0..self.dim {
            let sf = &t.sum_f[d * nb..(d + 1) * nb];
            let sn = &t.sum_n[d * nb..(d + 1) * nb];
            if !fill_averages(sf, sn, &mut avg) {
                continue;
            }
            // Eq. (18): smoothing and normalisation.
            smooth[0] = (7.0 * avg[0] + avg[1]) / 8.0;
            smooth[nb - 1] = (avg[nb - 2] + 7.0 * avg[nb - 1]) / 8.0;
            for i in 1..nb - 1 {
                smooth[i] = (avg[i - 1] + 6.0 * avg[i] + avg[i + 1]) / 8.0;
            }
            let total: f64 = smooth.iter().sum();
            if !(total > 0.0 && total.is_finite()) {
                continue;
            }
            // Eq. (19): damping (range compression).
            for s in smooth.iter_mut() {
                let r = *s / total;
                *s = if r <= 0.0 {
                    0.0
                } else if r >= 1.0 - 1e-12 {
                    1.0
                } else {
                    ((1.0 - r) / -r.ln()).powf(alpha)
                };
            }
            let wsum: f64 = smooth.iter().sum();
            if !(wsum > 0.0 && wsum.is_finite()) {
                continue;
            }
            // Eqs. (20)-(22): equal damped weight per new increment.
            let old = &self.grid[d * (nb + 1)..(d + 1) * (nb + 1)];
            let step = wsum / nb as f64;
            new_grid[0] = old[0];
            new_grid[nb] = old[nb];
            let mut acc = 0.0; // weight of old increments before `j`
            let mut j = 0;
            for (k, node) in new_grid.iter_mut().enumerate().take(nb).skip(1) {
                let target = step * k as f64;
                while j < nb - 1 && acc + smooth[j] < target {
                    acc += smooth[j];
                    j += 1;
                }
                let frac = if smooth[j] > 0.0 {
                    ((target - acc) / smooth[j]).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                *node = old[j] + frac * (old[j + 1] - old[j]);
            }
            // Enforce monotonicity against rounding.
            for k in 1..=nb {
                if new_grid[k] < new_grid[k - 1] {
                    new_grid[k] = new_grid[k - 1];
                }
            }
            self.grid[d * (nb + 1)..(d + 1) * (nb + 1)].copy_from_slice(&new_grid);
        }
        self.update_increments();
    }
}

/// Mean training value per increment; unsampled increments take the value of the
/// nearest sampled one to the left (or right at the lower edge). Returns `false`
/// if nothing was sampled or all values are zero.
fn fill_averages(sum_f: &[f64], sum_n: &[f64], avg: &mut [f64]) -> bool {
    let mut any = false;
    let mut last: Option<f64> = None;
    for i in 0..sum_f.len() {
        if sum_n[i] > 0.0 {
            avg[i] = sum_f[i] / sum_n[i];
            last = Some(avg[i]);
            any |= avg[i] > 0.0;
        } else {
            avg[i] = last.unwrap_or(f64::NAN);
        }
    }
    if !any {
        return false;
    }
    // Leading unsampled increments: copy the first sampled value.
    if let Some(first) = avg.iter().copied().find(|v| !v.is_nan()) {
        for v in avg.iter_mut().take_while(|v| v.is_nan()) {
            *v = first;
        }
    }
    avg.iter().all(|v| v.is_finite())
}

/// Training data for an [`AdaptiveMap`]: per direction and increment, the sum of
/// sample weights `ρ (J f)^2` and of `ρ`, where `ρ` corrects for non-uniform
/// stratified sampling density (`ρ = 1` for uniform sampling).
#[derive(Debug, Clone, PartialEq)]
pub struct MapTraining {
    n_bins: usize,
    sum_f: Vec<f64>,
    sum_n: Vec<f64>,
}

impl MapTraining {
    /// Zeroed accumulator for `dim` directions of `n_bins` increments.
    pub fn new(dim: usize, n_bins: usize) -> Self {
        Self {
            n_bins,
            sum_f: vec![0.0; dim * n_bins],
            sum_n: vec![0.0; dim * n_bins],
        }
    }

    /// Reset to zero, keeping the allocation.
    pub fn clear(&mut self) {
        self.sum_f.fill(0.0);
        self.sum_n.fill(0.0);
    }

    /// Add one sample that fell into increments `bins` with value `f2 = (J f)^2`
    /// and density weight `rho`.
    #[inline]
    pub fn add(&mut self, bins: &[usize], f2: f64, rho: f64) {
        let v = f2 * rho;
        for (d, &i) in bins.iter().enumerate() {
            let k = d * self.n_bins + i;
            self.sum_f[k] += v;
            self.sum_n[k] += rho;
        }
    }

    /// Element-wise sum with `other` (same shape).
    pub fn merge(&mut self, other: &MapTraining) {
        for (a, b) in self.sum_f.iter_mut().zip(&other.sum_f) {
            *a += b;
        }
        for (a, b) in self.sum_n.iter_mut().zip(&other.sum_n) {
            *a += b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Phase, stream, uniform01};

    #[test]
    fn identity_map() {
        let m = AdaptiveMap::new(2, 10);
        let mut x = [0.0; 2];
        let jac = m.map(&[0.25, 0.999], &mut x);
        assert!((x[0] - 0.25).abs() < 1e-15 && (x[1] - 0.999).abs() < 1e-15);
        assert!((jac - 1.0).abs() < 1e-12);
        // top edge
        let (x1, _, i) = m.map_1d(0, 1.0);
        assert_eq!((x1, i), (1.0, 9));
    }

    /// Train on a peak at 0.3 in direction 0 (flat in direction 1): increments
    /// must shrink near the peak, direction 1 must stay nearly uniform, and the
    /// map must remain a monotone bijection with unit integral of its Jacobian.
    #[test]
    fn refinement_concentrates_bins_at_peak() {
        let nb = 100;
        let mut m = AdaptiveMap::new(2, nb);
        let f = |x: &[f64]| (-((x[0] - 0.3) / 0.02).powi(2)).exp();
        for it in 0..8 {
            let mut t = m.new_training();
            let mut rng = stream(3, Phase::Test, it, 0);
            let (mut x, mut bins) = ([0.0; 2], [0usize; 2]);
            for _ in 0..20_000 {
                let y = [uniform01(&mut rng), uniform01(&mut rng)];
                let jac = m.map_with_bins(&y, &mut x, &mut bins);
                let w = jac * f(&x);
                t.add(&bins, w * w, 1.0);
            }
            m.add_training(&t);
            m.adapt(0.5);
        }
        let inc0 = m.increments(0);
        let (imin, wmin) = inc0
            .iter()
            .enumerate()
            .fold((0, f64::MAX), |a, (i, &w)| if w < a.1 { (i, w) } else { a });
        let peak_node = m.grid(0)[imin];
        assert!(
            (peak_node - 0.3).abs() < 0.02,
            "narrowest bin at {peak_node}"
        );
        let wmax = inc0.iter().copied().fold(0.0, f64::max);
        assert!(wmax / wmin > 50.0, "bin width ratio only {}", wmax / wmin);
        // direction 1: flat integrand -> roughly uniform increments
        let inc1 = m.increments(1);
        let (lo, hi) = inc1
            .iter()
            .fold((f64::MAX, 0.0f64), |a, &w| (a.0.min(w), a.1.max(w)));
        assert!(hi / lo < 3.0, "flat direction distorted: {lo}..{hi}");
        for d in 0..2 {
            let g = m.grid(d);
            assert_eq!((g[0], g[nb]), (0.0, 1.0));
            assert!(g.windows(2).all(|w| w[1] >= w[0]));
        }
        // half of the increments lie within ±0.05 of the peak
        let inside = m
            .grid(0)
            .iter()
            .filter(|&&x| (x - 0.3).abs() < 0.05)
            .count();
        assert!(inside > nb / 2, "only {inside} nodes near the peak");
    }

    #[test]
    fn adapt_without_data_or_zero_data_is_noop() {
        let mut m = AdaptiveMap::new(3, 50);
        let before = m.clone();
        m.adapt(0.5);
        assert_eq!(m, before);
        let mut t = m.new_training();
        t.add(&[1, 2, 3], 0.0, 1.0);
        m.add_training(&t);
        m.adapt(0.5);
        assert_eq!(m.grid(0), before.grid(0));
    }
}
