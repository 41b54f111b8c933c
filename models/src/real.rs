//! The scalar type of the amplitude code: `f64` in production, a double-double type in the
//! stability tests. The amplitude is written once, generically, so that the same algorithm
//! can be evaluated in two precisions and its rounding error measured.

use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// Minimal real-number interface used by the kinematics and amplitude code.
pub trait Real:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
{
    /// Conversion from `f64` (exact).
    fn from_f64(x: f64) -> Self;
    /// Conversion to `f64` (rounded).
    fn to_f64(self) -> f64;
    /// Square root.
    fn sqrt(self) -> Self;
    /// Sine and cosine.
    fn sin_cos(self) -> (Self, Self);
    /// Absolute value.
    fn abs(self) -> Self {
        if self < Self::from_f64(0.0) {
            -self
        } else {
            self
        }
    }
    /// 0.
    fn zero() -> Self {
        Self::from_f64(0.0)
    }
    /// 1.
    fn one() -> Self {
        Self::from_f64(1.0)
    }
}

impl Real for f64 {
    #[inline]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline]
    fn sin_cos(self) -> (Self, Self) {
        f64::sin_cos(self)
    }
    #[inline]
    fn abs(self) -> Self {
        f64::abs(self)
    }
}

/// A complex number over a [`Real`] type (only what the spinor algebra needs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complex<T> {
    /// Real part.
    pub re: T,
    /// Imaginary part.
    pub im: T,
}

impl<T: Real> Complex<T> {
    /// re + i im.
    #[inline]
    pub fn new(re: T, im: T) -> Self {
        Self { re, im }
    }
    /// A real number.
    #[inline]
    pub fn real(re: T) -> Self {
        Self { re, im: T::zero() }
    }
    /// 0.
    #[inline]
    pub fn zero() -> Self {
        Self::real(T::zero())
    }
    /// Complex conjugate.
    #[inline]
    #[must_use]
    pub fn conj(self) -> Self {
        Self {
            re: self.re,
            im: -self.im,
        }
    }
    /// |z|^2.
    #[inline]
    pub fn norm_sqr(self) -> T {
        self.re * self.re + self.im * self.im
    }
    /// Multiplication by a real number.
    #[inline]
    #[must_use]
    pub fn scale(self, s: T) -> Self {
        Self {
            re: self.re * s,
            im: self.im * s,
        }
    }
    /// Multiplication by i.
    #[inline]
    #[must_use]
    pub fn times_i(self) -> Self {
        Self {
            re: -self.im,
            im: self.re,
        }
    }
}

impl<T: Real> Add for Complex<T> {
    type Output = Self;
    #[inline]
    fn add(self, o: Self) -> Self {
        Self::new(self.re + o.re, self.im + o.im)
    }
}

impl<T: Real> Sub for Complex<T> {
    type Output = Self;
    #[inline]
    fn sub(self, o: Self) -> Self {
        Self::new(self.re - o.re, self.im - o.im)
    }
}

impl<T: Real> Mul for Complex<T> {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        Self::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}

impl<T: Real> Neg for Complex<T> {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        Self::new(-self.re, -self.im)
    }
}

pub use dd::DoubleDouble;

mod dd;
