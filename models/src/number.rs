//! Numbers in messages: what a user wrote, readable at any magnitude.

use std::fmt;

/// Displays a number as a user would write it: the shortest text that reads back to the same
/// `f64`, in exponent notation outside `1e-4 <= |x| < 1e6` (so `1e300` prints as `1e300`,
/// not as 301 digits), `NaN`/`inf` as such.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x != 0.0 && x.is_finite() && !(1e-4..1e6).contains(&x.abs()) {
            write!(f, "{x:e}")
        } else {
            write!(f, "{x}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn readable_at_any_magnitude_and_round_trips() {
        assert_eq!(Num(1e300).to_string(), "1e300");
        assert_eq!(Num(-2.5e-300).to_string(), "-2.5e-300");
        assert_eq!(Num(0.016).to_string(), "0.016");
        assert_eq!(Num(50.0).to_string(), "50");
        assert_eq!(Num(123_456_789.0).to_string(), "1.23456789e8");
        assert_eq!(Num(0.0).to_string(), "0");
        assert_eq!(Num(f64::NAN).to_string(), "NaN");
        assert_eq!(Num(f64::INFINITY).to_string(), "inf");
        for x in [1e-5, 0.1 + 0.2, 7.0e5, 3.3e6, 5e-324, f64::MAX] {
            let back: f64 = Num(x).to_string().parse().unwrap_or(f64::NAN);
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
    }
}
