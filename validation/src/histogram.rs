//! One-dimensional weighted histograms with per-bin statistical errors.
//!
//! A [`Histogram1D`] keeps, per bin, the sum of weights `sum_w` and the sum of squared
//! weights `sum_w2`; the statistical error of a bin content is `sqrt(sum_w2)` (the standard
//! estimator for weighted events, e.g. ROOT `TH1::Sumw2`, YODA `Dbn1D`). Entries outside the
//! edges go to an underflow / overflow pair, non-finite values to a separate counter, so the
//! total weight is never lost. Memory is fixed by the number of bins, not of fills.
//!
//! Comparisons:
//! - [`Histogram1D::chi2`]: `chi2 = sum_i (a_i - b_i)^2 / (sigma_a,i^2 + sigma_b,i^2)` over
//!   the bins where the combined variance is positive, `ndf` = the number of those bins (no
//!   normalisation parameter is fitted: both histograms are absolutely normalised, see
//!   Gagunashvili, "Chi-square tests for comparing weighted histograms", NIM A 614 (2010)
//!   287, Eq. (8) with known normalisation);
//! - [`Histogram1D::chi2_model`]: against a prediction without error (Pearson form, variance
//!   from the expected content, Gagunashvili Eq. (3)).

use thiserror::Error;

/// Errors of histogram construction and combination.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum HistogramError {
    /// Edges not finite, not strictly increasing, or fewer than two.
    #[error("invalid bin edges: {0}")]
    InvalidEdges(String),
    /// Two histograms (or a histogram and a prediction) with different binnings.
    #[error("binning mismatch: {0}")]
    Mismatch(String),
    /// Normalising a histogram whose total weight is zero or not finite.
    #[error("cannot normalise a histogram with total weight {0}")]
    ZeroTotal(f64),
}

/// Result of a chi-square comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chi2 {
    /// The chi-square sum.
    pub chi2: f64,
    /// Number of bins that entered the sum.
    pub ndf: usize,
}

impl Chi2 {
    /// chi2/ndf (NaN when no bin entered).
    #[must_use]
    pub fn per_ndf(&self) -> f64 {
        if self.ndf == 0 {
            f64::NAN
        } else {
            self.chi2 / self.ndf as f64
        }
    }
}

/// A weighted 1D histogram: `edges` (n + 1 strictly increasing values), `sum_w` and `sum_w2`
/// (n values each), plus underflow, overflow and non-finite entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram1D {
    edges: Vec<f64>,
    sum_w: Vec<f64>,
    sum_w2: Vec<f64>,
    /// (sum w, sum w^2) below the first edge.
    underflow: [f64; 2],
    /// (sum w, sum w^2) at or above the last edge.
    overflow: [f64; 2],
    /// (sum w, sum w^2) of NaN fills.
    invalid: [f64; 2],
    entries: u64,
}

impl Histogram1D {
    /// A histogram with the given edges.
    ///
    /// # Errors
    /// [`HistogramError::InvalidEdges`] unless there are at least two finite, strictly
    /// increasing edges.
    pub fn new(edges: Vec<f64>) -> Result<Self, HistogramError> {
        if edges.len() < 2 {
            return Err(HistogramError::InvalidEdges(format!(
                "need at least 2 edges, got {}",
                edges.len()
            )));
        }
        if let Some(e) = edges.iter().find(|e| !e.is_finite()) {
            return Err(HistogramError::InvalidEdges(format!(
                "edge {e} is not finite"
            )));
        }
        if let Some(w) = edges.windows(2).find(|w| w[1] <= w[0]) {
            return Err(HistogramError::InvalidEdges(format!(
                "edges must increase strictly ({} then {})",
                w[0], w[1]
            )));
        }
        let n = edges.len() - 1;
        Ok(Self {
            edges,
            sum_w: vec![0.0; n],
            sum_w2: vec![0.0; n],
            underflow: [0.0; 2],
            overflow: [0.0; 2],
            invalid: [0.0; 2],
            entries: 0,
        })
    }

    /// A histogram with given contents (e.g. a prediction, with `sum_w2` all zero).
    ///
    /// # Errors
    /// As [`Histogram1D::new`]; [`HistogramError::Mismatch`] if the lengths differ from the
    /// number of bins.
    pub fn with_contents(
        edges: Vec<f64>,
        sum_w: Vec<f64>,
        sum_w2: Vec<f64>,
    ) -> Result<Self, HistogramError> {
        let mut h = Self::new(edges)?;
        if sum_w.len() != h.n_bins() || sum_w2.len() != h.n_bins() {
            return Err(HistogramError::Mismatch(format!(
                "{} and {} contents for {} bins",
                sum_w.len(),
                sum_w2.len(),
                h.n_bins()
            )));
        }
        h.sum_w = sum_w;
        h.sum_w2 = sum_w2;
        Ok(h)
    }

    /// `n` equal bins on [lo, hi] ([`uniform_edges`], the last edge exactly `hi`).
    ///
    /// # Errors
    /// [`HistogramError::InvalidEdges`] if `n == 0` or not `lo < hi` (finite).
    pub fn uniform(n: usize, lo: f64, hi: f64) -> Result<Self, HistogramError> {
        if n == 0 {
            return Err(HistogramError::InvalidEdges("zero bins".into()));
        }
        let mut edges = uniform_edges(n, lo, hi);
        edges[n] = hi;
        Self::new(edges)
    }

    /// Adds weight `w` at `x`: into the bin with `edges[i] <= x < edges[i+1]`, else into the
    /// underflow / overflow (x >= last edge) or, for NaN, the invalid counter.
    pub fn fill(&mut self, x: f64, w: f64) {
        self.entries += 1;
        let slot = if x.is_nan() {
            &mut self.invalid
        } else if x < self.edges[0] {
            &mut self.underflow
        } else if x >= self.edges[self.edges.len() - 1] {
            &mut self.overflow
        } else {
            let i = self.edges.partition_point(|e| *e <= x) - 1;
            self.sum_w[i] += w;
            self.sum_w2[i] += w * w;
            return;
        };
        slot[0] += w;
        slot[1] += w * w;
    }

    /// Number of bins.
    #[must_use]
    pub fn n_bins(&self) -> usize {
        self.sum_w.len()
    }

    /// Bin edges (n + 1).
    #[must_use]
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Sum of weights per bin.
    #[must_use]
    pub fn sum_w(&self) -> &[f64] {
        &self.sum_w
    }

    /// Sum of squared weights per bin.
    #[must_use]
    pub fn sum_w2(&self) -> &[f64] {
        &self.sum_w2
    }

    /// Statistical error per bin, sqrt(sum_w2).
    #[must_use]
    pub fn errors(&self) -> Vec<f64> {
        self.sum_w2.iter().map(|v| v.sqrt()).collect()
    }

    /// Bin widths.
    #[must_use]
    pub fn widths(&self) -> Vec<f64> {
        bin_widths(&self.edges)
    }

    /// Bin centres.
    #[must_use]
    pub fn centres(&self) -> Vec<f64> {
        bin_centres(&self.edges)
    }

    /// Content divided by the bin width (a differential distribution) and its error.
    #[must_use]
    pub fn density(&self) -> (Vec<f64>, Vec<f64>) {
        let w = self.widths();
        let d = self.sum_w.iter().zip(&w).map(|(s, w)| s / w).collect();
        let e = self.errors().iter().zip(&w).map(|(e, w)| e / w).collect();
        (d, e)
    }

    /// (sum w, sum w^2) below the first edge.
    #[must_use]
    pub fn underflow(&self) -> [f64; 2] {
        self.underflow
    }

    /// (sum w, sum w^2) at or above the last edge.
    #[must_use]
    pub fn overflow(&self) -> [f64; 2] {
        self.overflow
    }

    /// (sum w, sum w^2) of NaN fills.
    #[must_use]
    pub fn invalid(&self) -> [f64; 2] {
        self.invalid
    }

    /// Number of `fill` calls.
    #[must_use]
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Sum of weights inside the edges.
    #[must_use]
    pub fn integral(&self) -> f64 {
        self.sum_w.iter().sum()
    }

    /// Statistical error of [`Histogram1D::integral`].
    #[must_use]
    pub fn integral_error(&self) -> f64 {
        self.sum_w2.iter().sum::<f64>().sqrt()
    }

    /// Sum of all weights, including underflow, overflow and invalid fills.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.integral() + self.underflow[0] + self.overflow[0] + self.invalid[0]
    }

    /// Multiplies every weight by `f` (sum_w by f, sum_w2 by f^2).
    pub fn scale(&mut self, f: f64) {
        let f2 = f * f;
        for (s, s2) in self.sum_w.iter_mut().zip(&mut self.sum_w2) {
            *s *= f;
            *s2 *= f2;
        }
        for slot in [&mut self.underflow, &mut self.overflow, &mut self.invalid] {
            slot[0] *= f;
            slot[1] *= f2;
        }
    }

    /// Scales so that [`Histogram1D::total`] equals `target`; returns the factor.
    ///
    /// # Errors
    /// [`HistogramError::ZeroTotal`] if the current total is zero or not finite.
    pub fn normalise(&mut self, target: f64) -> Result<f64, HistogramError> {
        let t = self.total();
        if !(t.is_finite() && t != 0.0) {
            return Err(HistogramError::ZeroTotal(t));
        }
        let f = target / t;
        self.scale(f);
        Ok(f)
    }

    fn check_same_edges(&self, other: &Self) -> Result<(), HistogramError> {
        if self.edges != other.edges {
            return Err(HistogramError::Mismatch(format!(
                "{} bins on [{}, {}] vs {} bins on [{}, {}]",
                self.n_bins(),
                self.edges[0],
                self.edges[self.n_bins()],
                other.n_bins(),
                other.edges[0],
                other.edges[other.n_bins()]
            )));
        }
        Ok(())
    }

    /// Adds the contents of `other` (same edges).
    ///
    /// # Errors
    /// [`HistogramError::Mismatch`] for different edges.
    pub fn merge(&mut self, other: &Self) -> Result<(), HistogramError> {
        self.check_same_edges(other)?;
        for i in 0..self.n_bins() {
            self.sum_w[i] += other.sum_w[i];
            self.sum_w2[i] += other.sum_w2[i];
        }
        for k in 0..2 {
            self.underflow[k] += other.underflow[k];
            self.overflow[k] += other.overflow[k];
            self.invalid[k] += other.invalid[k];
        }
        self.entries += other.entries;
        Ok(())
    }

    /// The same fills on coarser `new_edges`, each of which must coincide with one of the
    /// current edges (to 1e-9 of the local bin width); bins outside `[new_edges[0],
    /// new_edges[last]]` move to the underflow / overflow. The result is exact (no
    /// interpolation).
    ///
    /// # Errors
    /// [`HistogramError::InvalidEdges`] for bad `new_edges`, [`HistogramError::Mismatch`] if
    /// a new edge is not an old one.
    pub fn rebin(&self, new_edges: &[f64]) -> Result<Self, HistogramError> {
        let mut out = Self::new(new_edges.to_vec())?;
        // index of each new edge among the old ones
        let mut idx = Vec::with_capacity(new_edges.len());
        for &e in new_edges {
            let j = self.edges.partition_point(|o| *o < e);
            let near = [j.saturating_sub(1), j.min(self.edges.len() - 1)];
            let hit = near.into_iter().find(|&k| {
                let w = if k + 1 < self.edges.len() {
                    self.edges[k + 1] - self.edges[k]
                } else {
                    self.edges[k] - self.edges[k - 1]
                };
                (self.edges[k] - e).abs() <= 1e-9 * w
            });
            match hit {
                Some(k) => idx.push(k),
                None => {
                    return Err(HistogramError::Mismatch(format!(
                        "new edge {e} is not an edge of the fine histogram"
                    )));
                }
            }
        }
        out.underflow = self.underflow;
        out.overflow = self.overflow;
        out.invalid = self.invalid;
        out.entries = self.entries;
        for i in 0..self.n_bins() {
            let (w, w2) = (self.sum_w[i], self.sum_w2[i]);
            let slot = if i < idx[0] {
                &mut out.underflow
            } else if i >= idx[idx.len() - 1] {
                &mut out.overflow
            } else {
                let b = idx.partition_point(|&k| k <= i) - 1;
                out.sum_w[b] += w;
                out.sum_w2[b] += w2;
                continue;
            };
            slot[0] += w;
            slot[1] += w2;
        }
        Ok(out)
    }

    /// chi2 between two independent histograms with the same edges, using the statistical
    /// errors of both: `sum (a - b)^2 / (sigma_a^2 + sigma_b^2)` over bins with a positive
    /// combined variance (see the [module docs](self)).
    ///
    /// # Errors
    /// [`HistogramError::Mismatch`] for different edges.
    pub fn chi2(&self, other: &Self) -> Result<Chi2, HistogramError> {
        self.check_same_edges(other)?;
        let mut chi2 = 0.0;
        let mut ndf = 0;
        for i in 0..self.n_bins() {
            let var = self.sum_w2[i] + other.sum_w2[i];
            if var > 0.0 {
                let d = self.sum_w[i] - other.sum_w[i];
                chi2 += d * d / var;
                ndf += 1;
            }
        }
        Ok(Chi2 { chi2, ndf })
    }

    /// chi2 against a prediction `expected` (content per bin, no error). The variance of a
    /// bin is the Pearson one, `w_mean * expected_i`, with `w_mean = sum w^2 / sum w` the mean
    /// event weight of this histogram (exact for unweighted events, where it is the common
    /// weight); bins with `expected_i <= 0` use the observed `sum_w2` if non-zero.
    ///
    /// # Errors
    /// [`HistogramError::Mismatch`] if `expected` has the wrong length.
    pub fn chi2_model(&self, expected: &[f64]) -> Result<Chi2, HistogramError> {
        if expected.len() != self.n_bins() {
            return Err(HistogramError::Mismatch(format!(
                "{} predicted values for {} bins",
                expected.len(),
                self.n_bins()
            )));
        }
        let sw: f64 = self.sum_w.iter().sum();
        let sw2: f64 = self.sum_w2.iter().sum();
        let w_mean = if sw > 0.0 { sw2 / sw } else { 0.0 };
        let mut chi2 = 0.0;
        let mut ndf = 0;
        for (i, &p) in expected.iter().enumerate() {
            let var = if p > 0.0 { w_mean * p } else { self.sum_w2[i] };
            if var > 0.0 && var.is_finite() {
                let d = self.sum_w[i] - p;
                chi2 += d * d / var;
                ndf += 1;
            }
        }
        Ok(Chi2 { chi2, ndf })
    }

    /// Per-bin ratio `self / other` and its error from both relative errors added in
    /// quadrature; NaN where `other` is zero.
    ///
    /// # Errors
    /// [`HistogramError::Mismatch`] for different edges.
    pub fn ratio(&self, other: &Self) -> Result<Vec<(f64, f64)>, HistogramError> {
        self.check_same_edges(other)?;
        Ok((0..self.n_bins())
            .map(|i| {
                ratio_with_error(
                    self.sum_w[i],
                    self.sum_w2[i],
                    other.sum_w[i],
                    other.sum_w2[i],
                )
            })
            .collect())
    }
}

/// `n` equal bins from `lo` to `hi`: edges lo + (hi - lo) i / n, i = 0..=n.
#[must_use]
pub fn uniform_edges(n: usize, lo: f64, hi: f64) -> Vec<f64> {
    (0..=n)
        .map(|i| lo + (hi - lo) * i as f64 / n as f64)
        .collect()
}

/// Widths of the bins delimited by `edges`.
#[must_use]
pub fn bin_widths(edges: &[f64]) -> Vec<f64> {
    edges.windows(2).map(|w| w[1] - w[0]).collect()
}

/// Centres of the bins delimited by `edges`.
#[must_use]
pub fn bin_centres(edges: &[f64]) -> Vec<f64> {
    edges.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect()
}

/// `a / b` with error `|a/b| sqrt(var_a/a^2 + var_b/b^2)` (for `a = 0`: `sqrt(var_a)/|b|`);
/// NaN ratio and error when `b == 0`.
#[must_use]
pub fn ratio_with_error(a: f64, var_a: f64, b: f64, var_b: f64) -> (f64, f64) {
    if b == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let r = a / b;
    let err = if a == 0.0 {
        var_a.sqrt() / b.abs()
    } else {
        r.abs() * (var_a / (a * a) + var_b / (b * b)).sqrt()
    };
    (r, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_checked() {
        assert!(Histogram1D::new(vec![0.0]).is_err());
        assert!(Histogram1D::new(vec![0.0, 0.0]).is_err());
        assert!(Histogram1D::new(vec![1.0, 0.0]).is_err());
        assert!(Histogram1D::new(vec![0.0, f64::INFINITY]).is_err());
        assert!(Histogram1D::uniform(0, 0.0, 1.0).is_err());
        let h = Histogram1D::uniform(4, 0.0, 1.0).unwrap();
        assert_eq!(h.edges(), &[0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    fn fill_bins_flows_and_errors() {
        let mut h = Histogram1D::uniform(4, 0.0, 1.0).unwrap();
        h.fill(0.0, 1.0); // lower edge belongs to bin 0
        h.fill(0.25, 2.0); // bin 1
        h.fill(0.99, 3.0);
        h.fill(1.0, 4.0); // upper edge -> overflow
        h.fill(-0.1, 5.0);
        h.fill(f64::NAN, 6.0);
        assert_eq!(h.sum_w(), &[1.0, 2.0, 0.0, 3.0]);
        assert_eq!(h.sum_w2(), &[1.0, 4.0, 0.0, 9.0]);
        assert_eq!(h.overflow(), [4.0, 16.0]);
        assert_eq!(h.underflow(), [5.0, 25.0]);
        assert_eq!(h.invalid(), [6.0, 36.0]);
        assert_eq!(h.entries(), 6);
        assert_eq!(h.integral(), 6.0);
        assert_eq!(h.total(), 21.0);
        assert_eq!(h.errors()[3], 3.0);
        let (d, e) = h.density();
        assert_eq!(d[1], 8.0);
        assert_eq!(e[3], 12.0);
    }

    #[test]
    fn normalise_scales_errors_linearly() {
        let mut h = Histogram1D::uniform(2, 0.0, 2.0).unwrap();
        for _ in 0..100 {
            h.fill(0.5, 1.0);
        }
        let f = h.normalise(10.0).unwrap();
        assert!((f - 0.1).abs() < 1e-15);
        assert!((h.sum_w()[0] - 10.0).abs() < 1e-12);
        // 100 unit events -> relative error 10 %, kept by the scaling
        assert!((h.errors()[0] - 1.0).abs() < 1e-12);
        let mut z = Histogram1D::uniform(2, 0.0, 2.0).unwrap();
        assert!(matches!(
            z.normalise(1.0),
            Err(HistogramError::ZeroTotal(_))
        ));
    }

    #[test]
    fn chi2_of_identical_is_zero_and_known_value() {
        let mut a = Histogram1D::uniform(3, 0.0, 3.0).unwrap();
        a.fill(0.5, 4.0); // sum_w 4, sum_w2 16
        a.fill(1.5, 1.0);
        let b0 = a.clone();
        let c = a.chi2(&b0).unwrap();
        assert_eq!(c.chi2, 0.0);
        assert_eq!(c.ndf, 2);
        assert_eq!(a.ratio(&b0).unwrap()[0].0, 1.0);
        let mut b = Histogram1D::uniform(3, 0.0, 3.0).unwrap();
        b.fill(0.5, 2.0); // (4-2)^2/(16+4) = 0.2
        b.fill(1.5, 1.0); // 0
        b.fill(2.5, 3.0); // 9/9 = 1
        let c = a.chi2(&b).unwrap();
        assert!((c.chi2 - 1.2).abs() < 1e-12);
        assert_eq!(c.ndf, 3);
        assert!((c.per_ndf() - 0.4).abs() < 1e-12);
        let other = Histogram1D::uniform(4, 0.0, 3.0).unwrap();
        assert!(a.chi2(&other).is_err());
        assert!(a.merge(&other).is_err());
    }

    #[test]
    fn chi2_model_pearson() {
        let mut a = Histogram1D::uniform(2, 0.0, 2.0).unwrap();
        for _ in 0..10 {
            a.fill(0.5, 0.5);
        }
        for _ in 0..20 {
            a.fill(1.5, 0.5);
        }
        // w_mean = 0.5; bin 0: (5 - 6)^2/(0.5 * 6) = 1/3; bin 1: (10 - 10)^2 = 0
        let c = a.chi2_model(&[6.0, 10.0]).unwrap();
        assert!((c.chi2 - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.ndf, 2);
        assert!(a.chi2_model(&[1.0]).is_err());
    }

    #[test]
    fn rebin_is_exact_and_moves_flows() {
        let mut fine = Histogram1D::uniform(100, 0.0, 1.0).unwrap();
        for i in 0..1000 {
            let x = (f64::from(i) + 0.5) / 1000.0;
            fine.fill(x, x);
        }
        let coarse = fine.rebin(&[0.1, 0.3, 0.5, 0.9]).unwrap();
        assert_eq!(coarse.n_bins(), 3);
        let direct: f64 = (0..1000)
            .map(|i| (f64::from(i) + 0.5) / 1000.0)
            .filter(|x| (0.1..0.3).contains(x))
            .sum();
        assert!((coarse.sum_w()[0] - direct).abs() < 1e-9);
        assert!((coarse.total() - fine.total()).abs() < 1e-9);
        assert!(coarse.underflow()[0] > 0.0 && coarse.overflow()[0] > 0.0);
        assert!(fine.rebin(&[0.1, 0.3051]).is_err());
    }

    #[test]
    fn merge_adds() {
        let mut a = Histogram1D::uniform(2, 0.0, 2.0).unwrap();
        let mut b = a.clone();
        a.fill(0.5, 1.0);
        b.fill(0.5, 2.0);
        b.fill(5.0, 1.0);
        a.merge(&b).unwrap();
        assert_eq!(a.sum_w()[0], 3.0);
        assert_eq!(a.sum_w2()[0], 5.0);
        assert_eq!(a.overflow()[0], 1.0);
        assert_eq!(a.entries(), 3);
    }

    #[test]
    fn ratio_errors() {
        let (r, e) = ratio_with_error(2.0, 0.04, 1.0, 0.01);
        assert!((r - 2.0).abs() < 1e-15);
        // relative errors 10 % and 10 % -> 14.1 %
        assert!((e - 2.0 * 0.02_f64.sqrt()).abs() < 1e-12);
        assert!(ratio_with_error(1.0, 1.0, 0.0, 0.0).0.is_nan());
    }
}
