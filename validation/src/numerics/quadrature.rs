//! Quadrature shared by [`crate::crosscheck`] and [`crate::analysis`]: globally adaptive
//! Gauss-Kronrod integration over given panels and fixed composite Gauss-Legendre rules.
//!
//! - Gauss-Kronrod G10/K21 rule: nodes and weights of QUADPACK `qk21`
//!   (Piessens, de Doncker-Kapenga, Ueberhuber, Kahaner, *QUADPACK*, Springer 1983).
//!   The estimate |K21 - G10| is used as the (conservative) panel error.
//! - Gauss-Legendre nodes: Newton iteration on the Legendre recurrence
//!   (Press et al., *Numerical Recipes*, 3rd ed., Sec. 4.6, `gauleg`).
//!
//! Kept by hand rather than taken from a crate. No MIT/Apache crate does globally adaptive
//! Gauss-Kronrod over user breakpoints with a per-panel error estimate (the photon flux chi
//! and the WW theta integral split their ranges at the form-factor scales); `quadrature` is
//! BSD-licensed. `gauss-quad` 0.3 has fixed Gauss-Legendre rules, but needs Rust 1.89 (the
//! workspace declares 1.88) and its 20-point nodes and weights differ from these by up to
//! 2e-16 (none bit-identical), which would change the last digits of the committed (g-2)
//! bands in the reach tables.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Positive Kronrod abscissae of the 21-point rule (QUADPACK `qk21`, `xgk`); the last is 0.
#[allow(clippy::excessive_precision)] // digits as published in QUADPACK
const XGK: [f64; 11] = [
    0.995_657_163_025_808_080_735_527_280_689_003,
    0.973_906_528_517_171_720_077_964_012_084_452,
    0.930_157_491_355_708_226_001_207_180_059_508,
    0.865_063_366_688_984_510_732_096_688_423_493,
    0.780_817_726_586_416_897_063_717_578_345_042,
    0.679_409_568_299_024_406_234_327_365_114_874,
    0.562_757_134_668_604_683_339_000_099_272_694,
    0.433_395_394_129_247_190_799_265_943_165_784,
    0.294_392_862_701_460_198_131_126_603_103_866,
    0.148_874_338_981_631_210_884_826_001_129_720,
    0.0,
];

/// Kronrod weights (QUADPACK `qk21`, `wgk`), matching [`XGK`].
#[allow(clippy::excessive_precision)] // digits as published in QUADPACK
const WGK: [f64; 11] = [
    0.011_694_638_867_371_874_278_064_396_062_192,
    0.032_558_162_307_964_727_478_818_972_459_390,
    0.054_755_896_574_351_996_031_381_300_244_580,
    0.075_039_674_810_919_952_767_043_140_916_190,
    0.093_125_454_583_697_605_535_065_465_083_366,
    0.109_387_158_802_297_641_899_210_590_325_805,
    0.123_491_976_262_065_851_077_208_292_961_100,
    0.134_709_217_311_473_325_928_054_001_771_707,
    0.142_775_938_577_060_080_797_094_273_138_717,
    0.147_739_104_901_338_491_374_841_515_972_068,
    0.149_445_554_002_916_905_664_936_468_389_821,
];

/// Gauss weights of the embedded 10-point rule (QUADPACK `qk21`, `wg`); nodes are `XGK[1,3,5,7,9]`.
#[allow(clippy::excessive_precision)] // digits as published in QUADPACK
const WG: [f64; 5] = [
    0.066_671_344_308_688_137_593_568_809_893_332,
    0.149_451_349_150_580_593_145_776_339_657_697,
    0.219_086_362_515_982_043_995_534_934_228_163,
    0.269_266_719_309_996_355_091_226_921_569_469,
    0.295_524_224_714_752_870_173_892_994_651_338,
];

/// One application of the G10/K21 pair on [a, b]: (Kronrod value, |Kronrod - Gauss|).
pub fn gk21<F: FnMut(f64) -> f64>(f: &mut F, a: f64, b: f64) -> (f64, f64) {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let fc = f(c);
    let mut k = WGK[10] * fc;
    let mut g = 0.0;
    for j in 0..10 {
        let dx = h * XGK[j];
        let s = f(c - dx) + f(c + dx);
        k += WGK[j] * s;
        if j % 2 == 1 {
            g += WG[j / 2] * s;
        }
    }
    (k * h, ((k - g) * h).abs())
}

/// Result of an adaptive integration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quad {
    /// Integral estimate (sum of the Kronrod values of all panels).
    pub value: f64,
    /// Sum of the panel error estimates |K21 - G10| (an upper-bound style estimate).
    pub error: f64,
    /// Whether the requested tolerance was reached within the panel budget.
    pub converged: bool,
    /// Number of integrand evaluations.
    pub evaluations: usize,
}

struct Panel {
    a: f64,
    b: f64,
    value: f64,
    error: f64,
}

impl PartialEq for Panel {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
    }
}
impl Eq for Panel {}
impl PartialOrd for Panel {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Panel {
    fn cmp(&self, other: &Self) -> Ordering {
        self.error.total_cmp(&other.error)
    }
}

/// Globally adaptive G10/K21 integration of `f` over the panels delimited by `breaks`
/// (sorted, at least two points): the panel with the largest error is bisected until
/// `error <= max(abs_tol, rel_tol |value|)` or `max_panels` panels exist.
pub fn integrate_breaks<F: FnMut(f64) -> f64>(
    mut f: F,
    breaks: &[f64],
    rel_tol: f64,
    abs_tol: f64,
    max_panels: usize,
) -> Quad {
    let mut heap = BinaryHeap::new();
    let mut value = 0.0;
    let mut error = 0.0;
    let mut evaluations = 0;
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b == a {
            continue;
        }
        let (v, e) = gk21(&mut f, a, b);
        evaluations += 21;
        value += v;
        error += e;
        heap.push(Panel {
            a,
            b,
            value: v,
            error: e,
        });
    }
    let tol = |v: f64| abs_tol.max(rel_tol * v.abs());
    while error > tol(value) && heap.len() < max_panels {
        let Some(p) = heap.pop() else { break };
        let m = 0.5 * (p.a + p.b);
        if !(m > p.a.min(p.b) && m < p.a.max(p.b)) {
            // panel cannot be split further in double precision
            heap.push(p);
            break;
        }
        let (v1, e1) = gk21(&mut f, p.a, m);
        let (v2, e2) = gk21(&mut f, m, p.b);
        evaluations += 42;
        value += v1 + v2 - p.value;
        error += e1 + e2 - p.error;
        heap.push(Panel {
            a: p.a,
            b: m,
            value: v1,
            error: e1,
        });
        heap.push(Panel {
            a: m,
            b: p.b,
            value: v2,
            error: e2,
        });
    }
    // re-sum to remove accumulated rounding of the running totals
    let (value, error) = heap
        .iter()
        .fold((0.0, 0.0), |(v, e), p| (v + p.value, e + p.error));
    Quad {
        value,
        error,
        converged: error <= tol(value),
        evaluations,
    }
}

/// `breaks` with every panel cut into ceil(width / `max_width`) equal panels (at least one),
/// so that the first rule applications cannot step over a feature of the integrand.
#[must_use]
pub fn subdivide(breaks: &[f64], max_width: f64) -> Vec<f64> {
    let mut fine: Vec<f64> = breaks.first().copied().into_iter().collect();
    for w in breaks.windows(2) {
        let n = ((w[1] - w[0]) / max_width).ceil().max(1.0) as usize;
        for k in 1..=n {
            fine.push(w[0] + (w[1] - w[0]) * k as f64 / n as f64);
        }
    }
    fine
}

/// [`integrate_breaks`] of a fallible integrand: after the first error the integrand counts
/// as 0 and that error is returned.
///
/// # Errors
/// The first error of `f`.
pub fn try_integrate_breaks<E, F: FnMut(f64) -> Result<f64, E>>(
    mut f: F,
    breaks: &[f64],
    rel_tol: f64,
    abs_tol: f64,
    max_panels: usize,
) -> Result<Quad, E> {
    let mut err = None;
    let q = integrate_breaks(
        |x| {
            f(x).unwrap_or_else(|e| {
                err.get_or_insert(e);
                0.0
            })
        },
        breaks,
        rel_tol,
        abs_tol,
        max_panels,
    );
    err.map_or(Ok(q), Err)
}

/// Adaptive integration of `f` over [a, b] (see [`integrate_breaks`]).
pub fn integrate<F: FnMut(f64) -> f64>(
    f: F,
    a: f64,
    b: f64,
    rel_tol: f64,
    abs_tol: f64,
    max_panels: usize,
) -> Quad {
    integrate_breaks(f, &[a, b], rel_tol, abs_tol, max_panels)
}

/// Nodes and weights of the n-point Gauss-Legendre rule on [-1, 1]
/// (Newton iteration on P_n, Numerical Recipes 3rd ed. Sec. 4.6).
#[must_use]
pub fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    let nf = n as f64;
    for i in 0..n.div_ceil(2) {
        let mut z = (std::f64::consts::PI * (i as f64 + 0.75) / (nf + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p1, mut p2) = (1.0, 0.0);
            for j in 0..n {
                let jf = j as f64;
                let p3 = p2;
                p2 = p1;
                p1 = ((2.0 * jf + 1.0) * z * p2 - jf * p3) / (jf + 1.0);
            }
            dp = nf * (z * p1 - p2) / (z * z - 1.0);
            let dz = p1 / dp;
            z -= dz;
            if dz.abs() < 1e-16 {
                break;
            }
        }
        x[i] = -z;
        x[n - 1 - i] = z;
        let wi = 2.0 / ((1.0 - z * z) * dp * dp);
        w[i] = wi;
        w[n - 1 - i] = wi;
    }
    (x, w)
}

/// Composite Gauss-Legendre: the rule (x, w) on [-1, 1] applied to each panel of `breaks`.
pub fn gauss_legendre_composite<F: FnMut(f64) -> f64>(
    mut f: F,
    rule: &(Vec<f64>, Vec<f64>),
    breaks: &[f64],
) -> f64 {
    let (x, w) = rule;
    let mut sum = 0.0;
    for p in breaks.windows(2) {
        let c = 0.5 * (p[0] + p[1]);
        let h = 0.5 * (p[1] - p[0]);
        let mut s = 0.0;
        for (xi, wi) in x.iter().zip(w) {
            s += wi * f(c + h * xi);
        }
        sum += h * s;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kronrod_weights_sum_to_two_and_rules_are_exact_for_polynomials() {
        let s: f64 = 2.0 * WGK[..10].iter().sum::<f64>() + WGK[10];
        assert!((s - 2.0).abs() < 1e-15, "{s}");
        let g: f64 = 2.0 * WG.iter().sum::<f64>();
        assert!((g - 2.0).abs() < 1e-15, "{g}");
        // K21 exact to degree 31: int_0^1 x^30 = 1/31; G10 exact to 19, not to 30.
        let (k, e) = gk21(&mut |x: f64| x.powi(30), 0.0, 1.0);
        assert!((k - 1.0 / 31.0).abs() < 1e-15, "{k}");
        assert!(e > 1e-8, "G10 is not exact for x^30: {e}");
        let (k, e) = gk21(&mut |x: f64| x.powi(19), 0.0, 1.0);
        assert!((k - 0.05).abs() < 1e-15 && e < 1e-15, "{k} {e}");
    }

    #[test]
    fn adaptive_integrates_peaked_function() {
        // int_0^1 eps/(x^2+eps^2) = atan(1/eps)
        let eps = 1e-6;
        let q = integrate(|x| eps / (x * x + eps * eps), 0.0, 1.0, 1e-12, 0.0, 2000);
        assert!(q.converged);
        assert!((q.value - (1.0 / eps).atan()).abs() < 1e-11, "{q:?}");
    }

    #[test]
    fn gauss_legendre_nodes() {
        let rule = gauss_legendre(20);
        let s: f64 = rule.1.iter().sum();
        assert!((s - 2.0).abs() < 1e-14);
        // exact to degree 39
        let v = gauss_legendre_composite(|x| x.powi(38), &rule, &[-1.0, 1.0]);
        assert!((v - 2.0 / 39.0).abs() < 1e-15, "{v}");
        let v = gauss_legendre_composite(f64::exp, &rule, &[0.0, 0.5, 1.0]);
        assert!((v - (1f64.exp() - 1.0)).abs() < 1e-15);
    }
}
