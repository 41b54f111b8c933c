//! Accumulators: per-batch and per-iteration sums by hypercube, and the weighted
//! average over iterations ([`RAvg`], after `gplepage/vegas`).
//!
//! Per iteration, with `n_h` samples of weight `w = J f` in hypercube `h` of
//! volume `Ω_h` (Lepage, arXiv:2009.05112, Sec. 3; stratified estimator):
//!
//! ```text
//! I     = Σ_h Ω_h S1_h / n_h
//! σ_I^2 = Σ_h Ω_h^2 (S2_h - S1_h^2 / n_h) / (n_h (n_h - 1))
//! ```
//!
//! with `S1_h = Σ w`, `S2_h = Σ w^2`. Iterations are combined by inverse-variance
//! weights (Lepage 1978, Sec. 2; `vegas.RAvg`) with `χ²/dof` and its p-value `Q`.
//!
//! Workers fill a [`BatchAccumulator`] each; merging them into an
//! [`IterationAccumulator`] in batch order makes every floating-point sum
//! independent of thread scheduling.

use serde::{Deserialize, Serialize};

use super::strata::Stratification;

/// Sums of one batch: samples `[start, end)` of an iteration cover a contiguous
/// range of hypercubes starting at `first_cube`.
#[derive(Debug, Clone, Default)]
pub struct BatchAccumulator {
    first_cube: usize,
    /// `[S1, S2]` per hypercube of the range.
    sums: Vec<[f64; 2]>,
    n: u64,
}

impl BatchAccumulator {
    /// Empty accumulator whose first hypercube is `first_cube`.
    pub fn new(first_cube: usize) -> Self {
        Self {
            first_cube,
            sums: Vec::new(),
            n: 0,
        }
    }

    /// Add weight `w = J f` of a sample in hypercube `cube` (`cube >= first_cube`,
    /// non-decreasing across calls).
    #[inline]
    pub fn add(&mut self, cube: usize, w: f64) {
        let k = cube - self.first_cube;
        if k >= self.sums.len() {
            self.sums.resize(k + 1, [0.0; 2]);
        }
        let s = &mut self.sums[k];
        s[0] += w;
        s[1] += w * w;
        self.n += 1;
    }

    /// Number of samples added.
    pub fn n_samples(&self) -> u64 {
        self.n
    }
}

/// Per-hypercube sums of one iteration.
#[derive(Debug, Clone)]
pub struct IterationAccumulator {
    s1: Vec<f64>,
    s2: Vec<f64>,
    n: u64,
}

impl IterationAccumulator {
    /// Zeroed sums for `n_cubes` hypercubes.
    pub fn new(n_cubes: usize) -> Self {
        Self {
            s1: vec![0.0; n_cubes],
            s2: vec![0.0; n_cubes],
            n: 0,
        }
    }

    /// Add one batch. Call in batch order for reproducible results.
    pub fn merge(&mut self, b: &BatchAccumulator) {
        for (k, s) in b.sums.iter().enumerate() {
            self.s1[b.first_cube + k] += s[0];
            self.s2[b.first_cube + k] += s[1];
        }
        self.n += b.n;
    }

    /// Number of samples merged.
    pub fn n_samples(&self) -> u64 {
        self.n
    }

    /// `(I, σ_I^2)` of this iteration (module docs). Hypercubes with fewer than
    /// two samples contribute no variance.
    pub fn estimate(&self, strata: &Stratification) -> (f64, f64) {
        let vol = strata.cube_volume();
        let (mut mean, mut var) = (0.0, 0.0);
        for ((s1, s2), &n) in self.s1.iter().zip(&self.s2).zip(strata.samples_per_cube()) {
            let n = f64::from(n);
            mean += vol * s1 / n;
            if n > 1.0 {
                var += vol * vol * ((s2 - s1 * s1 / n) / (n * (n - 1.0))).max(0.0);
            }
        }
        (mean, var)
    }

    /// `σ_h^2 = Ω_h^2 (<w^2>_h - <w>_h^2)` per hypercube (arXiv:2009.05112
    /// Eq. (42)), the input of [`Stratification::allocate`].
    pub fn cube_variances(&self, strata: &Stratification) -> Vec<f64> {
        let vol = strata.cube_volume();
        self.s1
            .iter()
            .zip(&self.s2)
            .zip(strata.samples_per_cube())
            .map(|((s1, s2), &n)| {
                let n = f64::from(n);
                let m = s1 / n;
                (vol * vol * (s2 / n - m * m)).max(0.0)
            })
            .collect()
    }
}

/// Result of an integration: weighted average over iterations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Weighted mean of the iteration estimates.
    pub mean: f64,
    /// Its standard deviation.
    pub sdev: f64,
    /// `χ²` of the iteration estimates around `mean`, divided by `n_iter - 1`
    /// (0 for a single iteration).
    pub chi2_dof: f64,
    /// Number of iterations averaged.
    pub n_iter: usize,
    /// Number of integrand evaluations in those iterations.
    pub n_eval: u64,
}

impl Estimate {
    /// Relative uncertainty `sdev / |mean|` (infinite if `mean == 0`).
    pub fn rel_sdev(&self) -> f64 {
        if self.mean == 0.0 {
            if self.sdev == 0.0 { 0.0 } else { f64::INFINITY }
        } else {
            self.sdev / self.mean.abs()
        }
    }

    /// p-value `Q` of `χ²` with `n_iter - 1` degrees of freedom (1 if `n_iter < 2`).
    pub fn q(&self) -> f64 {
        if self.n_iter < 2 {
            return 1.0;
        }
        let dof = (self.n_iter - 1) as f64;
        gamma_q(0.5 * dof, 0.5 * self.chi2_dof * dof)
    }
}

/// Running weighted average of iteration estimates (like `vegas.RAvg`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RAvg {
    /// `(mean, variance)` of each iteration.
    itns: Vec<(f64, f64)>,
    n_eval: u64,
}

impl RAvg {
    /// Empty average.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add an iteration with estimate `mean`, variance `var`, `n_eval` evaluations.
    pub fn add(&mut self, mean: f64, var: f64, n_eval: u64) {
        self.itns.push((mean, var.max(0.0)));
        self.n_eval += n_eval;
    }

    /// Iterations added so far, as `(mean, variance)`.
    pub fn iterations(&self) -> &[(f64, f64)] {
        &self.itns
    }

    /// The inverse-variance weighted average (Lepage 1978, Sec. 2). A zero variance is floored
    /// at `(1e-15 |mean|)^2` (or `1e-300`) so that exact iterations dominate
    /// without dividing by zero.
    pub fn estimate(&self) -> Estimate {
        let n = self.itns.len();
        if n == 0 {
            return Estimate {
                mean: 0.0,
                sdev: 0.0,
                chi2_dof: 0.0,
                n_iter: 0,
                n_eval: self.n_eval,
            };
        }
        let floor = |m: f64, v: f64| v.max((1e-15 * m).powi(2)).max(1e-300);
        let (mut sw, mut swx) = (0.0, 0.0);
        for &(m, v) in &self.itns {
            let w = 1.0 / floor(m, v);
            sw += w;
            swx += w * m;
        }
        let mean = swx / sw;
        let chi2: f64 = self
            .itns
            .iter()
            .map(|&(m, v)| (m - mean).powi(2) / floor(m, v))
            .sum();
        let all_exact = self.itns.iter().all(|&(_, v)| v == 0.0);
        Estimate {
            mean,
            sdev: if all_exact { 0.0 } else { (1.0 / sw).sqrt() },
            chi2_dof: if n > 1 { chi2 / (n - 1) as f64 } else { 0.0 },
            n_iter: n,
            n_eval: self.n_eval,
        }
    }
}

/// Regularised upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)`
/// (series for `x < a + 1`, Lentz continued fraction otherwise).
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 || a <= 0.0 {
        return 1.0;
    }
    if !x.is_finite() {
        return 0.0;
    }
    let prefactor = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < a + 1.0 {
        // P(a,x) = e^-x x^a / Γ(a+1) Σ x^n / ((a+1)...(a+n))
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (1.0 - sum * prefactor).clamp(0.0, 1.0)
    } else {
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (prefactor * h).clamp(0.0, 1.0)
    }
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, n = 9; ~1e-15 relative).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // reflection
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_q_known_values() {
        // dof = 2: Q = exp(-chi2/2)
        for chi2 in [0.1, 1.0, 2.0, 5.0, 30.0] {
            let q = gamma_q(1.0, chi2 / 2.0);
            assert!((q - (-chi2 / 2.0f64).exp()).abs() < 1e-13, "{chi2}: {q}");
        }
        // dof = 1, chi2 = 3.841458820694124 -> Q = 0.05
        assert!((gamma_q(0.5, 3.841_458_820_694_124 / 2.0) - 0.05).abs() < 1e-10);
        // dof = 10, chi2 = 18.307038053275146 -> Q = 0.05
        assert!((gamma_q(5.0, 18.307_038_053_275_146 / 2.0) - 0.05).abs() < 1e-10);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn ravg_weighted_mean_and_chi2() {
        let mut r = RAvg::new();
        r.add(1.0, 1.0, 10);
        r.add(2.0, 4.0, 10);
        let e = r.estimate();
        // weights 1, 1/4: mean = (1 + 0.5)/1.25 = 1.2, var = 0.8
        assert!((e.mean - 1.2).abs() < 1e-15);
        assert!((e.sdev - 0.8f64.sqrt()).abs() < 1e-15);
        // chi2 = 0.2^2/1 + 0.8^2/4 = 0.2
        assert!((e.chi2_dof - 0.2).abs() < 1e-15);
        assert_eq!((e.n_iter, e.n_eval), (2, 20));
        assert!((e.q() - gamma_q(0.5, 0.1)).abs() < 1e-15);
        // exact iterations: zero sdev, no NaN
        let mut z = RAvg::new();
        z.add(3.0, 0.0, 1);
        z.add(3.0, 0.0, 1);
        let e = z.estimate();
        assert_eq!((e.mean, e.sdev, e.chi2_dof), (3.0, 0.0, 0.0));
    }

    #[test]
    fn batch_merge_and_iteration_estimate() {
        let s = Stratification::new(1, 8, 0.0); // 4 cubes, 2 samples each
        assert_eq!(s.n_cubes(), 4);
        let w = [1.0, 3.0, 2.0, 2.0, 0.0, 4.0, 5.0, 7.0];
        // two batches splitting inside cube 1 vs one batch: same sums
        let mut one = BatchAccumulator::new(0);
        for (k, &v) in w.iter().enumerate() {
            one.add(k / 2, v);
        }
        let mut a = BatchAccumulator::new(0);
        let mut b = BatchAccumulator::new(1);
        for (k, &v) in w.iter().enumerate() {
            if k < 3 {
                a.add(k / 2, v)
            } else {
                b.add(k / 2, v)
            }
        }
        let mut it1 = IterationAccumulator::new(4);
        it1.merge(&one);
        let mut it2 = IterationAccumulator::new(4);
        it2.merge(&a);
        it2.merge(&b);
        assert_eq!(it2.n_samples(), 8);
        let (m1, v1) = it1.estimate(&s);
        let (m2, v2) = it2.estimate(&s);
        assert_eq!((m1.to_bits(), v1.to_bits()), (m2.to_bits(), v2.to_bits()));
        // I = 1/4 (2 + 2 + 2 + 6) = 3
        assert!((m1 - 3.0).abs() < 1e-15);
        // var = (1/16) Σ s_h^2/2 with sample variances 2, 0, 8, 2 -> (1/16)(6) = 0.375
        assert!((v1 - 0.375).abs() < 1e-15, "{v1}");
        let sig = it1.cube_variances(&s);
        assert!((sig[0] - 1.0 / 16.0).abs() < 1e-15 && sig[1] == 0.0);
    }
}
