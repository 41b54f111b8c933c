//! Double-double arithmetic (~32 significant digits) for measuring the rounding error of the
//! double-precision amplitude code.
//!
//! Algorithms: Dekker (Numer. Math. 18 (1971) 224) and Knuth TAOCP Vol. 2 (two-sum); the
//! accurate ("IEEE") addition, multiplication, division and square root of Hida, Li and
//! Bailey, "Library for double-double and quad-double arithmetic" (QD, 2007), Sec. 3.
//! Products use the fused multiply-add for the exact error term.

use super::Real;
use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// An unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoubleDouble {
    hi: f64,
    lo: f64,
}

#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

#[inline]
fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

#[inline]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

impl DoubleDouble {
    /// The high (leading) part.
    #[must_use]
    pub fn hi(self) -> f64 {
        self.hi
    }

    fn from_parts(hi: f64, lo: f64) -> Self {
        let (hi, lo) = quick_two_sum(hi, lo);
        Self { hi, lo }
    }
}

impl Add for DoubleDouble {
    type Output = Self;
    fn add(self, b: Self) -> Self {
        let (s, e) = two_sum(self.hi, b.hi);
        let (t, f) = two_sum(self.lo, b.lo);
        let (s, e) = quick_two_sum(s, e + t);
        Self::from_parts(s, e + f)
    }
}

impl Neg for DoubleDouble {
    type Output = Self;
    fn neg(self) -> Self {
        Self {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Sub for DoubleDouble {
    type Output = Self;
    fn sub(self, b: Self) -> Self {
        self + (-b)
    }
}

impl Mul for DoubleDouble {
    type Output = Self;
    fn mul(self, b: Self) -> Self {
        let (p, e) = two_prod(self.hi, b.hi);
        Self::from_parts(p, e + (self.hi * b.lo + self.lo * b.hi))
    }
}

impl Div for DoubleDouble {
    type Output = Self;
    fn div(self, b: Self) -> Self {
        let q1 = self.hi / b.hi;
        let r = self - b * Self::from_f64(q1);
        let q2 = r.hi / b.hi;
        let r = r - b * Self::from_f64(q2);
        let q3 = r.hi / b.hi;
        Self::from_parts(q1, q2) + Self::from_f64(q3)
    }
}

impl AddAssign for DoubleDouble {
    fn add_assign(&mut self, b: Self) {
        *self = *self + b;
    }
}

impl SubAssign for DoubleDouble {
    fn sub_assign(&mut self, b: Self) {
        *self = *self - b;
    }
}

impl MulAssign for DoubleDouble {
    fn mul_assign(&mut self, b: Self) {
        *self = *self * b;
    }
}

impl PartialOrd for DoubleDouble {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        match self.hi.partial_cmp(&o.hi) {
            Some(Ordering::Equal) => self.lo.partial_cmp(&o.lo),
            other => other,
        }
    }
}

impl Real for DoubleDouble {
    fn from_f64(x: f64) -> Self {
        Self { hi: x, lo: 0.0 }
    }
    fn to_f64(self) -> f64 {
        self.hi + self.lo
    }
    fn sqrt(self) -> Self {
        if self.hi <= 0.0 {
            return Self::from_f64(self.hi.sqrt());
        }
        // One Newton step from the double root (QD Sec. 3): s + (a - s^2)/(2 s).
        let s = self.hi.sqrt();
        let (p, e) = two_prod(s, s);
        let r = self - Self { hi: p, lo: e };
        Self::from_parts(s, r.hi / (2.0 * s))
    }
    fn sin_cos(self) -> (Self, Self) {
        // Taylor series after argument halving, then doubling (sin 2a = 2 sin a cos a,
        // 1 - cos 2a = 2 sin^2 a), keeping 1 - cos to avoid cancellation.
        let mut x = self;
        let mut halvings = 0;
        while x.hi.abs() > 1e-3 {
            x *= Self::from_f64(0.5);
            halvings += 1;
        }
        let x2 = x * x;
        let mut s = x;
        let mut c1 = Self::from_f64(0.0);
        let mut term_s = x;
        let mut term_c = Self::from_f64(1.0);
        for n in 1..8 {
            let nf = f64::from(n);
            term_s = -(term_s * x2) / Self::from_f64((2.0 * nf) * (2.0 * nf + 1.0));
            term_c = -(term_c * x2) / Self::from_f64((2.0 * nf - 1.0) * (2.0 * nf));
            s += term_s;
            c1 -= term_c;
        }
        let one = Self::from_f64(1.0);
        let two = Self::from_f64(2.0);
        for _ in 0..halvings {
            let s_new = two * s * (one - c1);
            c1 = two * s * s;
            s = s_new;
        }
        (s, one - c1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dd(x: f64) -> DoubleDouble {
        DoubleDouble::from_f64(x)
    }

    #[test]
    fn arithmetic_reaches_double_double_precision() {
        let third = dd(1.0) / dd(3.0);
        let r = third * dd(3.0) - dd(1.0);
        assert!(r.to_f64().abs() < 1e-31, "{r:?}");
        let s = dd(2.0).sqrt();
        assert!((s * s - dd(2.0)).to_f64().abs() < 1e-31);
        // 1 + 1e-25 keeps the small part
        let a = dd(1.0) + dd(1e-25);
        assert!(((a - dd(1.0)).to_f64() / 1e-25 - 1.0).abs() < 1e-15);
        // (1 + 2^-60)^2 - 1 = 2^-59 + 2^-120
        let e = 2f64.powi(-60);
        let b = (dd(1.0) + dd(e)) * (dd(1.0) + dd(e)) - dd(1.0);
        assert!((b.to_f64() / (2.0 * e) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn trigonometry_is_accurate() {
        for &x in &[1e-9_f64, 1e-4, 0.3, 1.0, 2.5, 3.1, -0.7] {
            let (s, c) = dd(x).sin_cos();
            let one = s * s + c * c - dd(1.0);
            assert!(one.to_f64().abs() < 1e-30, "x={x}: {one:?}");
            assert!((s.to_f64() - x.sin()).abs() <= 2e-16 * x.sin().abs());
            assert!((c.to_f64() - x.cos()).abs() <= 2e-16);
        }
        // small angle: sin x = x - x^3/6 + x^5/120 - ...
        let x = dd(1e-5);
        let (s, _) = x.sin_cos();
        let series = x - x * x * x / dd(6.0) + x * x * x * x * x / dd(120.0);
        assert!(((s - series) / x).to_f64().abs() < 1e-31);
    }
}
