//! Error function, complementary error function and the standard normal distribution.
//!
//! erf/erfc: W. J. Cody, "Rational Chebyshev approximations for the error function",
//! Math. Comp. 23 (1969) 631, as coded in Cody's SPECFUN routine CALERF (netlib); maximal
//! relative error of the approximations below 1e-18, so double precision limits the result.
//! Normal quantile: initial guess from Abramowitz & Stegun 26.2.23, refined by Halley steps
//! on erfc to full double precision.
//!
//! Kept by hand: measured against the tests below, `statrs` 0.19.1 erf is off by 9.5e-11
//! relative (erf(0.5)), and `puruspe` 0.4.4 reaches 2.6e-14 against the series (the test asks
//! for 1e-14); neither is bit-identical with CALERF, so either would also change the last
//! digits of the committed background and limit tables.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

// Coefficients are kept with the digits printed in CALERF.

#[allow(clippy::excessive_precision)]
const A: [f64; 5] = [
    3.161_123_743_870_565_6,
    1.138_641_541_510_501_6e2,
    3.774_852_376_853_020_2e2,
    3.209_377_589_138_469_5e3,
    1.857_777_061_846_031_5e-1,
];
#[allow(clippy::excessive_precision)]
const B: [f64; 4] = [
    2.360_129_095_234_412_1e1,
    2.440_246_379_344_441_7e2,
    1.282_616_526_077_372_3e3,
    2.844_236_833_439_170_6e3,
];
#[allow(clippy::excessive_precision)]
const C: [f64; 9] = [
    5.641_884_969_886_701e-1,
    8.883_149_794_388_376,
    6.611_919_063_714_163e1,
    2.986_351_381_974_001_3e2,
    8.819_522_212_417_691e2,
    1.712_047_612_634_070_6e3,
    2.051_078_377_826_071_5e3,
    1.230_339_354_797_997_2e3,
    2.153_115_354_744_038_5e-8,
];
#[allow(clippy::excessive_precision)]
const D: [f64; 8] = [
    1.574_492_611_070_983_5e1,
    1.176_939_508_913_125e2,
    5.371_811_018_620_098_6e2,
    1.621_389_574_566_690_2e3,
    3.290_799_235_733_459_6e3,
    4.362_619_090_143_247e3,
    3.439_367_674_143_721_6e3,
    1.230_339_354_803_749_4e3,
];
#[allow(clippy::excessive_precision)]
const P: [f64; 6] = [
    3.053_266_349_612_323_4e-1,
    3.603_448_999_498_044_4e-1,
    1.257_817_261_112_292_5e-1,
    1.608_378_514_874_227_7e-2,
    6.587_491_615_298_378e-4,
    1.631_538_713_730_209_8e-2,
];
#[allow(clippy::excessive_precision)]
const Q: [f64; 5] = [
    2.568_520_192_289_822,
    1.872_952_849_923_467_3,
    5.279_051_029_514_284e-1,
    6.051_834_131_244_132e-2,
    2.335_204_976_268_691_8e-3,
];
/// 1/sqrt(pi).
#[allow(clippy::excessive_precision)]
const SQRPI: f64 = 5.641_895_835_477_562_9e-1;
const THRESH: f64 = 0.468_75;
/// Beyond this erfc underflows (CALERF XBIG).
const XBIG: f64 = 26.543;

/// erfc(y) for y > THRESH (CALERF branches 2 and 3), including the exp(-y^2) factor
/// computed as exp(-ysq^2) exp(-del) to avoid cancellation.
fn erfc_positive_tail(y: f64) -> f64 {
    if y >= XBIG {
        return 0.0;
    }
    let r = if y <= 4.0 {
        let mut xnum = C[8] * y;
        let mut xden = y;
        for i in 0..7 {
            xnum = (xnum + C[i]) * y;
            xden = (xden + D[i]) * y;
        }
        (xnum + C[7]) / (xden + D[7])
    } else {
        let ysq = 1.0 / (y * y);
        let mut xnum = P[5] * ysq;
        let mut xden = ysq;
        for i in 0..4 {
            xnum = (xnum + P[i]) * ysq;
            xden = (xden + Q[i]) * ysq;
        }
        let r = ysq * (xnum + P[4]) / (xden + Q[4]);
        (SQRPI - r) / y
    };
    let ysq = (y * 16.0).trunc() / 16.0;
    let del = (y - ysq) * (y + ysq);
    (-ysq * ysq).exp() * (-del).exp() * r
}

/// erf(x) for |x| <= THRESH (CALERF branch 1).
fn erf_small(x: f64) -> f64 {
    let y = x.abs();
    let ysq = if y > 1.11e-16 { y * y } else { 0.0 };
    let mut xnum = A[4] * ysq;
    let mut xden = ysq;
    for i in 0..3 {
        xnum = (xnum + A[i]) * ysq;
        xden = (xden + B[i]) * ysq;
    }
    x * (xnum + A[3]) / (xden + B[3])
}

/// CALERF's two regimes: erf(x) itself for |x| <= THRESH, else erfc(|x|).
enum Calerf {
    Erf(f64),
    ErfcOfAbs(f64),
}

fn calerf(x: f64) -> Calerf {
    let y = x.abs();
    if y <= THRESH {
        Calerf::Erf(erf_small(x))
    } else {
        Calerf::ErfcOfAbs(erfc_positive_tail(y))
    }
}

/// The error function (Cody 1969).
#[must_use]
pub fn erf(x: f64) -> f64 {
    match calerf(x) {
        _ if x.is_nan() => x,
        Calerf::Erf(e) => e,
        // |x| > THRESH here, so the sign of x is that of the result
        Calerf::ErfcOfAbs(c) => ((0.5 - c) + 0.5).copysign(x),
    }
}

/// The complementary error function 1 - erf(x), accurate in the tails (Cody 1969).
#[must_use]
pub fn erfc(x: f64) -> f64 {
    match calerf(x) {
        _ if x.is_nan() => x,
        Calerf::Erf(e) => 1.0 - e,
        Calerf::ErfcOfAbs(c) if x < 0.0 => 2.0 - c,
        Calerf::ErfcOfAbs(c) => c,
    }
}

/// Standard normal cumulative distribution Phi(z) = erfc(-z/sqrt 2)/2.
#[must_use]
pub fn norm_cdf(z: f64) -> f64 {
    0.5 * erfc(-z * FRAC_1_SQRT_2)
}

/// Upper tail 1 - Phi(z) = erfc(z/sqrt 2)/2, accurate for large z.
#[must_use]
pub fn norm_sf(z: f64) -> f64 {
    0.5 * erfc(z * FRAC_1_SQRT_2)
}

/// Standard normal density.
#[must_use]
pub fn norm_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

/// Quantile Phi^-1(p) for p in (0, 1); +-infinity at the ends, NaN outside.
#[must_use]
pub fn norm_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    // work with the smaller tail probability q and the upper-tail quantile z(q) >= 0
    let (q, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4)
    let t = (-2.0 * q.ln()).sqrt();
    let mut z = t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t);
    // Halley refinement of norm_sf(z) = q
    for _ in 0..4 {
        let f = norm_sf(z) - q;
        let d = -norm_pdf(z);
        if d == 0.0 {
            break;
        }
        let step = f / d;
        // Halley: f'' = z phi(z) = -z d
        let corr = step / (1.0 + 0.5 * step * z);
        z -= corr;
        if corr.abs() < 1e-16 * z.abs().max(1.0) {
            break;
        }
    }
    sign * z
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Independent reference: erf(x) = 2x/sqrt(pi) e^{-x^2} sum_n (2x^2)^n/(1.3...(2n+1))
    /// (all terms positive, A&S 7.1.6), valid for moderate x.
    fn erf_series(x: f64) -> f64 {
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut n = 0.0;
        while term > 1e-18 * sum {
            n += 1.0;
            term *= 2.0 * x * x / (2.0 * n + 1.0);
            sum += term;
        }
        2.0 * x / PI.sqrt() * (-x * x).exp() * sum
    }

    /// Independent reference: continued fraction erfc(x) = e^{-x^2}/sqrt(pi) K (A&S 7.1.14),
    /// evaluated bottom-up with 200 levels, for x >= 2.
    fn erfc_cf(x: f64) -> f64 {
        let mut f = x;
        for k in (1..200).rev() {
            f = x + (f64::from(k) / 2.0) / f;
        }
        (-x * x).exp() / PI.sqrt() / f
    }

    #[test]
    fn erf_against_known_values() {
        // values from A&S Table 7.1 / standard tables (16+ digits)
        let cases = [
            (0.1, 0.112_462_916_018_284_89),
            (0.5, 0.520_499_877_813_046_5),
            (1.0, 0.842_700_792_949_714_9),
            (2.0, 0.995_322_265_018_952_7),
        ];
        for (x, v) in cases {
            assert!((erf(x) / v - 1.0).abs() < 1e-15, "erf({x}) = {}", erf(x));
            assert!((erf(-x) + v).abs() < 1e-15);
        }
        let tails = [
            (2.0, 4.677_734_981_047_266e-3),
            (3.0, 2.209_049_699_858_544e-5),
            (5.0, 1.537_459_794_428_035e-12),
            (10.0, 2.088_487_583_762_545e-45),
        ];
        for (x, v) in tails {
            assert!(
                (erfc(x) / v - 1.0).abs() < 1e-14,
                "erfc({x}) = {:e}",
                erfc(x)
            );
        }
        assert_eq!(erfc(30.0), 0.0);
        assert!((erfc(-3.0) - (2.0 - 2.209_049_699_858_544e-5)).abs() < 1e-15);
    }

    #[test]
    fn erf_against_independent_series_and_continued_fraction() {
        let mut worst: f64 = 0.0;
        for i in 1..=300 {
            let x = f64::from(i) * 0.01; // 0.01 .. 3
            let rel = (erf(x) / erf_series(x) - 1.0).abs();
            worst = worst.max(rel);
            assert!(rel < 1e-14, "x = {x}: {} vs {}", erf(x), erf_series(x));
        }
        for i in 0..=200 {
            let x = 2.0 + f64::from(i) * 0.1; // 2 .. 22
            let rel = (erfc(x) / erfc_cf(x) - 1.0).abs();
            worst = worst.max(rel);
            assert!(rel < 1e-13, "x = {x}: {} vs {}", erfc(x), erfc_cf(x));
        }
        println!("erf/erfc worst relative deviation from references: {worst:.1e}");
    }

    #[test]
    fn normal_quantile_inverts_cdf() {
        assert!((norm_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-14);
        assert!((norm_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 1e-14);
        assert!((norm_quantile(0.5)).abs() < 1e-15);
        for &p in &[1e-12, 1e-6, 0.01, 0.3, 0.7, 0.99, 1.0 - 1e-9] {
            let z = norm_quantile(p);
            assert!((norm_cdf(z) / p - 1.0).abs() < 1e-12, "{p} {z}");
        }
        assert!(norm_quantile(1.5).is_nan());
    }
}
