//! Expected 95% CL upper limits on a signal strength mu from a binned Poisson likelihood with
//! the observation set to the expected background (GKSST Sec. IV.D).
//!
//! Model: n_i ~ Poisson(b_i + mu s_i), no nuisance parameters; the signal yields s_i are those
//! of a reference coupling g_ref, so mu = (g/g_ref)^2 and g_up = sqrt(mu_up) g_ref
//! ([`coupling_upper_limit`]).
//!
//! ## Asymptotic CLs ([`LimitMethod::Asymptotic`])
//! Cowan, Cranmer, Gross, Vitells (CCGV), Eur. Phys. J. C 71 (2011) 1554, arXiv:1007.1727.
//! Test statistic q~_mu, CCGV Eq. (16): q~_mu = -2 ln[L(mu)/L(mu^)] for 0 <= mu^ <= mu (and the
//! mu^ < 0, mu^ > mu branches). On the background-only Asimov data set n_i = b_i one has
//! mu^ = 0 and
//!
//!   q~_{mu,A} = 2 sum_i [ mu s_i - b_i ln(1 + mu s_i/b_i) ]   ([`q_mu_asimov`]).
//!
//! Its asymptotic distribution (CCGV Eqs. (65)-(66)) gives p_mu = 1 - Phi(sqrt(q~_mu)) and,
//! at the median of the background-only hypothesis, 1 - p_b = 1/2, so the median expected
//! CLs = p_mu/(1 - p_b) = 2 [1 - Phi(sqrt(q~_{mu,A}))] (CCGV Sec. 4, Eq. (89) with N = 0).
//! CLs = 0.05 gives q~_{mu,A}(mu_up) = [Phi^-1(1 - 0.05/2)]^2 = 1.95996^2:
//! one bin with large b: mu_up s = 1.96 sqrt(b); one bin with b -> 0: q -> 2 mu s, so
//! mu_up s = 1.96^2/2 = 1.92 events, well below the exact Poisson value -ln 0.05 = 3.00:
//! the asymptotic formulae fail for low counts.
//!
//! ## Exact CLs for low counts ([`LimitMethod::Exact`])
//! LEP-style CLs (A. L. Read, J. Phys. G 28 (2002) 2693) with the simple likelihood ratio
//! Q = L(mu)/L(0), i.e. the statistic X = sum_i n_i w_i, w_i = ln(1 + mu s_i/b_i) (large X is
//! signal-like). CLs(mu) = P_mu(X <= x_med)/P_0(X <= x_med), where x_med is the median of X
//! under the background-only hypothesis (the "observed = expected background" prescription
//! for integer counts). The distribution of X is computed exactly for bins with b_i below
//! `low_count_threshold` (Poisson convolution on a lattice in X) and in the Gaussian
//! approximation for the remaining high-count bins. One bin with b -> 0 gives
//! CLs = exp(-mu s), hence mu_up s = -ln 0.05 = 2.996; for large counts it reduces to the
//! asymptotic result.
//!
//! [`LimitMethod::Auto`] (default) uses Exact when any bin with signal has b_i below the
//! threshold, Asymptotic otherwise.

use super::AnalysisError;
use crate::numerics::roots::brent;
use crate::numerics::special::{norm_cdf, norm_quantile};

/// How the CLs value is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitMethod {
    /// CCGV asymptotic median CLs with q~_mu on the Asimov data set.
    Asymptotic,
    /// LEP-type CLs, exact Poisson treatment of low-count bins.
    Exact,
    /// Exact if any signal bin has low background, else Asymptotic.
    Auto,
}

/// Limit settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitConfig {
    /// Confidence level (0.95).
    pub confidence_level: f64,
    /// Method.
    pub method: LimitMethod,
    /// Bins with expected background below this are "low-count" (default 25 events).
    pub low_count_threshold: f64,
    /// Lattice points for the exact distribution of X (default 4096).
    pub lattice_points: usize,
}

impl Default for LimitConfig {
    fn default() -> Self {
        Self {
            confidence_level: 0.95,
            method: LimitMethod::Auto,
            low_count_threshold: 25.0,
            lattice_points: 4096,
        }
    }
}

/// Result of [`expected_upper_limit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpperLimit {
    /// Upper limit on the signal strength.
    pub mu_up: f64,
    /// The method actually used (Asymptotic or Exact).
    pub method: LimitMethod,
}

/// Floor for b_i = 0 bins (events): keeps w_i finite; negligible as a background.
const B_FLOOR: f64 = 1e-12;

/// r - ln(1 + r) without cancellation for small r.
fn r_minus_ln1p(r: f64) -> f64 {
    if r.abs() < 1e-3 {
        r * r * (0.5 - r * (1.0 / 3.0 - r * (0.25 - r / 5.0)))
    } else {
        r - r.ln_1p()
    }
}

/// q~_{mu,A} = 2 sum_i [mu s_i - b_i ln(1 + mu s_i/b_i)] on the background-only Asimov data
/// (CCGV Eq. (16) with n_i = b_i, mu^ = 0).
#[must_use]
pub fn q_mu_asimov(signal: &[f64], background: &[f64], mu: f64) -> f64 {
    signal
        .iter()
        .zip(background)
        .filter(|(s, _)| **s > 0.0)
        .map(|(s, b)| {
            let b = b.max(B_FLOOR);
            2.0 * b * r_minus_ln1p(mu * s / b)
        })
        .sum()
}

/// Median expected CLs in the asymptotic approximation: 2 [1 - Phi(sqrt(q~_{mu,A}))]
/// (CCGV Eqs. (65)-(66), (89)).
#[must_use]
pub fn cls_asymptotic(signal: &[f64], background: &[f64], mu: f64) -> f64 {
    let q = q_mu_asimov(signal, background, mu);
    2.0 * (1.0 - norm_cdf(q.sqrt()))
}

fn validate(signal: &[f64], background: &[f64]) -> Result<(), AnalysisError> {
    if signal.len() != background.len() || signal.is_empty() {
        return Err(AnalysisError::InvalidArgument(format!(
            "signal ({}) and background ({}) need the same, non-zero number of bins",
            signal.len(),
            background.len()
        )));
    }
    if signal
        .iter()
        .chain(background)
        .any(|v| !(v.is_finite() && *v >= 0.0))
    {
        return Err(AnalysisError::InvalidArgument(
            "yields must be finite and non-negative".into(),
        ));
    }
    if !signal.iter().any(|s| *s > 0.0) {
        return Err(AnalysisError::InvalidArgument(
            "no bin has a positive signal".into(),
        ));
    }
    Ok(())
}

/// ln k! for k = 0..n.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut v = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    v.push(0.0);
    for k in 1..=n {
        acc += (k as f64).ln();
        v.push(acc);
    }
    v
}

/// Distribution of sum_i w_i n_i, n_i ~ Poisson(lam_i), on the lattice j h, j = 0..=m
/// (mass beyond m h dropped).
fn lattice_distribution(bins: &[(f64, f64)], h: f64, m: usize) -> Vec<f64> {
    let mut dist = vec![0.0; m + 1];
    dist[0] = 1.0;
    let mut top = 0usize;
    for &(w, lam) in bins {
        let kmax_support = (lam + 12.0 * lam.sqrt() + 20.0).ceil() as usize;
        let kmax_lattice = ((m as f64 * h) / w).floor() as usize + 1;
        let kmax = kmax_support.min(kmax_lattice);
        let lf = ln_factorials(kmax);
        let ln_lam = lam.ln();
        let mut terms = Vec::with_capacity(kmax + 1);
        for (k, lfk) in lf.iter().enumerate() {
            let off = (k as f64 * w / h).round() as usize;
            if off > m {
                break;
            }
            let p = (k as f64 * ln_lam - lam - lfk).exp();
            if p > 0.0 {
                terms.push((off, p));
            }
        }
        let mut next = vec![0.0; m + 1];
        let mut new_top = 0;
        for (j, &d) in dist.iter().enumerate().take(top + 1) {
            if d == 0.0 {
                continue;
            }
            for &(off, p) in &terms {
                let i = j + off;
                if i > m {
                    break;
                }
                next[i] += d * p;
                new_top = new_top.max(i);
            }
        }
        dist = next;
        top = new_top;
    }
    dist
}

/// Exact/hybrid LEP-type median expected CLs at mu (see module docs).
#[must_use]
pub fn cls_exact(signal: &[f64], background: &[f64], mu: f64, cfg: &LimitConfig) -> f64 {
    if mu <= 0.0 {
        return 1.0;
    }
    let mut low = Vec::new(); // (w, b, s)
    let (mut m0, mut v0, mut m1, mut v1) = (0.0, 0.0, 0.0, 0.0);
    let bins: Vec<(f64, f64, f64)> = signal
        .iter()
        .zip(background)
        .filter(|(s, _)| **s > 0.0)
        .map(|(s, b)| {
            let b = b.max(B_FLOOR);
            ((mu * s / b).ln_1p(), b, *s)
        })
        .collect();
    let w_max = bins.iter().map(|t| t.0).fold(0.0, f64::max);
    for &(w, b, s) in &bins {
        if b < cfg.low_count_threshold && w >= 1e-3 * w_max {
            low.push((w, b, s));
        } else {
            m0 += w * b;
            v0 += w * w * b;
            m1 += w * (b + mu * s);
            v1 += w * w * (b + mu * s);
        }
    }
    let (sd0, sd1) = (v0.sqrt(), v1.sqrt());
    if low.is_empty() {
        // Gaussian X: median under b-only is m0
        return 2.0 * norm_cdf((m0 - m1) / sd1);
    }
    let mean_low0: f64 = low.iter().map(|t| t.0 * t.1).sum();
    let var_low0: f64 = low.iter().map(|t| t.0 * t.0 * t.1).sum();
    let w_max_low = low.iter().map(|t| t.0).fold(0.0, f64::max);
    let sd_tot0 = (v0 + var_low0).sqrt();
    let cap = mean_low0 + 2.0 * sd_tot0 + 8.0 * sd0.max(sd1) + w_max_low;
    let m = cfg.lattice_points.max(64);
    let h = cap / m as f64;
    let d0 = lattice_distribution(&low.iter().map(|t| (t.0, t.1)).collect::<Vec<_>>(), h, m);
    let d1 = lattice_distribution(
        &low.iter()
            .map(|t| (t.0, t.1 + mu * t.2))
            .collect::<Vec<_>>(),
        h,
        m,
    );
    if sd0 == 0.0 && sd1 == 0.0 {
        // purely discrete: median index under b-only, ties included on both sides
        let mut acc = 0.0;
        let mut jmed = m;
        for (j, p) in d0.iter().enumerate() {
            acc += p;
            if acc >= 0.5 {
                jmed = j;
                break;
            }
        }
        let c0: f64 = d0[..=jmed].iter().sum();
        let c1: f64 = d1[..=jmed].iter().sum();
        return c1 / c0;
    }
    let cdf = |d: &[f64], mean: f64, sd: f64, x: f64| -> f64 {
        d.iter()
            .enumerate()
            .filter(|(_, p)| **p > 0.0)
            .map(|(j, p)| p * norm_cdf((x - j as f64 * h - mean) / sd))
            .sum()
    };
    // median of X under b-only by bisection
    let (mut lo, mut hi) = (m0 - 10.0 * sd0, m0 + cap + 10.0 * sd0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cdf(&d0, m0, sd0, mid) < 0.5 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * (1.0 + hi.abs()) {
            break;
        }
    }
    let x_med = 0.5 * (lo + hi);
    cdf(&d1, m1, sd1, x_med) / cdf(&d0, m0, sd0, x_med)
}

/// Expected upper limit on mu at `cfg.confidence_level` (CLs = 1 - CL), solved with Brent's
/// method in mu.
///
/// # Errors
/// [`AnalysisError::InvalidArgument`] for bad yields or CL; [`AnalysisError::NoSolution`] if
/// the CLs equation cannot be bracketed.
pub fn expected_upper_limit(
    signal: &[f64],
    background: &[f64],
    cfg: &LimitConfig,
) -> Result<UpperLimit, AnalysisError> {
    validate(signal, background)?;
    let cl = cfg.confidence_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(AnalysisError::InvalidArgument(format!(
            "confidence level {cl} must lie in (0, 1)"
        )));
    }
    let alpha = 1.0 - cl;
    let method = match cfg.method {
        LimitMethod::Auto => {
            let low = signal
                .iter()
                .zip(background)
                .any(|(s, b)| *s > 0.0 && *b < cfg.low_count_threshold);
            if low {
                LimitMethod::Exact
            } else {
                LimitMethod::Asymptotic
            }
        }
        m => m,
    };
    // asymptotic solution first (also the starting point for Exact)
    let z = norm_quantile(1.0 - 0.5 * alpha);
    let fq = |mu: f64| q_mu_asimov(signal, background, mu) - z * z;
    let s_tot: f64 = signal.iter().sum();
    let s2b: f64 = signal
        .iter()
        .zip(background)
        .map(|(s, b)| s * s / b.max(B_FLOOR))
        .sum();
    let guess = (z / s2b.sqrt()).max(0.5 * z * z / s_tot);
    let mu_a = solve_decreasing(|mu| -fq(mu), guess)?;
    let mu_up = match method {
        LimitMethod::Exact => solve_decreasing(
            |mu| cls_exact(signal, background, mu, cfg).ln() - alpha.ln(),
            mu_a,
        )?,
        _ => mu_a,
    };
    Ok(UpperLimit { mu_up, method })
}

/// Root of a function that is positive at small mu and negative at large mu, bracketed by
/// scanning by factors of 2 from `guess`.
fn solve_decreasing<F: FnMut(f64) -> f64>(mut f: F, guess: f64) -> Result<f64, AnalysisError> {
    let mut lo = guess;
    let mut hi = guess;
    let mut n = 0;
    while f(lo) <= 0.0 {
        lo *= 0.5;
        n += 1;
        if n > 200 {
            return Err(AnalysisError::NoSolution(
                "no lower bracket for the CLs equation",
            ));
        }
    }
    n = 0;
    while f(hi) >= 0.0 {
        hi *= 2.0;
        n += 1;
        if n > 200 {
            return Err(AnalysisError::NoSolution(
                "no upper bracket for the CLs equation",
            ));
        }
    }
    brent(&mut f, lo, hi, 1e-9 * guess, 200).ok_or(AnalysisError::NoSolution(
        "Brent failed on the CLs equation",
    ))
}

/// g_up = sqrt(mu_up) g_ref for yields that scale as g^2.
#[must_use]
pub fn coupling_upper_limit(mu_up: f64, g_ref: f64) -> f64 {
    mu_up.sqrt() * g_ref
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::background::{BackgroundCase, ResolutionFunction};

    fn cfg(method: LimitMethod) -> LimitConfig {
        LimitConfig {
            method,
            ..LimitConfig::default()
        }
    }

    #[test]
    fn background_free_bin() {
        // exact Poisson CLs: exp(-s) = 0.05 -> s_up = -ln 0.05 = 2.9957
        let r = expected_upper_limit(&[1.0], &[1e-9], &LimitConfig::default()).unwrap();
        assert_eq!(r.method, LimitMethod::Exact);
        assert!(
            (r.mu_up / 0.05f64.ln().abs() - 1.0).abs() < 1e-3,
            "{}",
            r.mu_up
        );
        // the asymptotic formula gives 1.96^2/2 = 1.9207 instead
        let a = expected_upper_limit(&[1.0], &[1e-9], &cfg(LimitMethod::Asymptotic)).unwrap();
        let z = 1.959_963_984_540_054;
        assert!((a.mu_up / (0.5 * z * z) - 1.0).abs() < 1e-6, "{}", a.mu_up);
        println!(
            "b -> 0 single bin: s_up exact = {:.4}, asymptotic = {:.4}",
            r.mu_up, a.mu_up
        );
    }

    #[test]
    fn large_background_bin() {
        // s_up = 1.96 sqrt(b) (1 + O(s/b)); s/b = 2e-3 here.
        let b = 1e6;
        let a = expected_upper_limit(&[1.0], &[b], &LimitConfig::default()).unwrap();
        assert_eq!(a.method, LimitMethod::Asymptotic);
        assert!(
            (a.mu_up / (1.96 * b.sqrt()) - 1.0).abs() < 2e-3,
            "{}",
            a.mu_up
        );
        let e = expected_upper_limit(&[1.0], &[b], &cfg(LimitMethod::Exact)).unwrap();
        assert!(
            (e.mu_up / a.mu_up - 1.0).abs() < 2e-3,
            "{} {}",
            e.mu_up,
            a.mu_up
        );
        // one bin forced onto the exact lattice (b = 400, threshold 1e3) reproduces the exact
        // single-count Poisson CLs computed independently here: median n = 400,
        // CLs = P(n <= 400 | 400 + s)/P(n <= 400 | 400). Poisson discreteness (continuity
        // offset 1/2 and CLb = 0.513) puts it ~4 % above 1.96 sqrt(b).
        let c = LimitConfig {
            low_count_threshold: 1e3,
            lattice_points: 8192,
            ..cfg(LimitMethod::Exact)
        };
        let l = expected_upper_limit(&[1.0], &[400.0], &c).unwrap();
        let pcdf = |n: u32, lam: f64| -> f64 {
            let mut lf = 0.0;
            let mut sum = 0.0;
            for k in 0..=n {
                if k > 0 {
                    lf += f64::from(k).ln();
                }
                sum += (f64::from(k) * lam.ln() - lam - lf).exp();
            }
            sum
        };
        assert!(pcdf(399, 400.0) < 0.5 && pcdf(400, 400.0) > 0.5);
        let s_ref = brent(
            |s| pcdf(400, 400.0 + s) / pcdf(400, 400.0) - 0.05,
            1.0,
            200.0,
            1e-10,
            200,
        )
        .unwrap();
        assert!(
            (l.mu_up / s_ref - 1.0).abs() < 1e-3,
            "{} vs {s_ref}",
            l.mu_up
        );
        assert!((l.mu_up / (1.96 * 20.0) - 1.0).abs() < 0.06);
        println!(
            "b = 1e6: s_up/sqrt(b) asymptotic = {:.5}, exact(gauss) = {:.5}; b = 400 on lattice: {:.5}",
            a.mu_up / 1e3,
            e.mu_up / 1e3,
            l.mu_up / 20.0
        );
    }

    #[test]
    fn small_background_bin_matches_poisson_cls() {
        // b = 3: median n = 3; CLs = P(n <= 3 | 3 + s)/P(n <= 3 | 3) = 0.05 (independent
        // closed-form Poisson CDF)
        let cdf3 = |l: f64| (-l).exp() * (1.0 + l + l * l / 2.0 + l * l * l / 6.0);
        let s_ref = brent(|s| cdf3(3.0 + s) / cdf3(3.0) - 0.05, 0.1, 30.0, 1e-12, 200).unwrap();
        let r = expected_upper_limit(&[1.0], &[3.0], &LimitConfig::default()).unwrap();
        assert!((r.mu_up / s_ref - 1.0).abs() < 1e-6, "{} {s_ref}", r.mu_up);
        println!("b = 3 single bin: s_up = {:.4}", r.mu_up);
    }

    #[test]
    fn limits_scale_with_signal() {
        let b = [1e-6, 0.5, 4.0, 100.0, 1e5];
        let s = [0.3, 1.0, 2.0, 5.0, 30.0];
        let s2: Vec<f64> = s.iter().map(|v| 2.0 * v).collect();
        for method in [
            LimitMethod::Asymptotic,
            LimitMethod::Exact,
            LimitMethod::Auto,
        ] {
            let a = expected_upper_limit(&s, &b, &cfg(method)).unwrap().mu_up;
            let c = expected_upper_limit(&s2, &b, &cfg(method)).unwrap().mu_up;
            assert!((a / c - 2.0).abs() < 1e-6, "{method:?}: {a} {c}");
        }
        // two identical high-count bins: sqrt(2) better
        let one = expected_upper_limit(&[10.0], &[1e6], &LimitConfig::default()).unwrap();
        let two =
            expected_upper_limit(&[10.0, 10.0], &[1e6, 1e6], &LimitConfig::default()).unwrap();
        assert!((one.mu_up / two.mu_up - 2f64.sqrt()).abs() < 2e-3);
        assert!((coupling_upper_limit(4.0, 1e-3) - 2e-3).abs() < 1e-18);
        assert!(expected_upper_limit(&[0.0], &[1.0], &LimitConfig::default()).is_err());
        assert!(expected_upper_limit(&[1.0, 1.0], &[1.0], &LimitConfig::default()).is_err());
    }

    #[test]
    fn gksst_like_shape_analysis() {
        // background: 1.2e9 SM muons with R(rho) case B; a signal spread over rho in [-1, -0.1]
        let r = ResolutionFunction::gksst(BackgroundCase::B);
        let edges: Vec<f64> = (0..=44).map(|i| -1.0 + 0.025 * f64::from(i)).collect();
        let b = r.expected_background(1.2e9, &edges);
        let s: Vec<f64> = edges
            .windows(2)
            .map(|w| {
                let c = 0.5 * (w[0] + w[1]);
                if c < -0.1 { 100.0 * 0.025 } else { 0.0 }
            })
            .collect();
        let all = expected_upper_limit(&s, &b, &LimitConfig::default()).unwrap();
        assert_eq!(all.method, LimitMethod::Exact);
        // the bins far in the tail are background free: the total signal there bounds mu
        let free: f64 = s
            .iter()
            .zip(&b)
            .filter(|(_, b)| **b < 1e-3)
            .map(|(s, _)| s)
            .sum();
        let bound = 0.05f64.ln().abs() / free;
        assert!(all.mu_up <= bound * 1.001, "{} vs {bound}", all.mu_up);
        assert!(all.mu_up > 0.5 * bound);
        println!(
            "GKSST-like case-B shape: mu_up = {:.5} (background-free bound {:.5})",
            all.mu_up, bound
        );
    }
}
