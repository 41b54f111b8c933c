//! Fast number formatting for LHE lines (the reader's [`super::parse_fortran_f64`] is the
//! inverse; `round_trips_exactly` below tests it).
//!
//! Floats are written in C `%+.16e` layout (`+1.2345678901234567e+03`, fixed width): the
//! digits are the *shortest* decimal representation that round-trips the IEEE double exactly
//! (Rust's `{:e}`), padded with zeros to 17 significant digits. So `E^2 - p^2` computed from
//! the file reproduces e.g. a 1 MeV mass at 1 TeV as well as it does in memory, while a mass
//! given as `58.60373` is written `+5.8603730000000000e+01` and not `+5.8603729999999999e+01`.
//! The exponent gets a sign and at least two digits, as C, Fortran and MadGraph write it.

use std::io::Write as _;

/// Appends `x` in `%+.16e` layout (shortest round-trip digits, zero-padded; C exponent).
///
/// Non-finite values are written as Rust prints them (`+inf`, `NaN`); the writer rejects them
/// before formatting.
#[inline]
pub(crate) fn push_sci(out: &mut Vec<u8>, x: f64) {
    const DECIMALS: usize = 16;
    let mut tmp = [0u8; 40];
    let len = {
        let mut cur = &mut tmp[..];
        // 40 bytes always suffice: sign, 17 digits, '.', 'e', '-', 3 exponent digits.
        if write!(cur, "{x:+e}").is_err() {
            return;
        }
        40 - cur.len()
    };
    let s = &tmp[..len];
    let Some(p) = s.iter().rposition(|&b| b == b'e') else {
        out.extend_from_slice(s);
        return;
    };
    let mantissa = &s[..p];
    out.extend_from_slice(mantissa);
    let decimals = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => mantissa.len() - dot - 1,
        None => {
            out.push(b'.');
            0
        }
    };
    out.extend(std::iter::repeat_n(b'0', DECIMALS.saturating_sub(decimals)));
    out.push(b'e');
    let exp = &s[p + 1..];
    let digits = match exp.first() {
        Some(b'-') => {
            out.push(b'-');
            &exp[1..]
        }
        _ => {
            out.push(b'+');
            exp
        }
    };
    if digits.len() < 2 {
        out.push(b'0');
    }
    out.extend_from_slice(digits);
}

/// `x` in the `%+.16e` layout of `push_sci` as a `String` (the header values, the merged
/// weight): shortest round-trip digits padded to 17 significant digits, C exponent.
#[must_use]
pub fn sci(x: f64) -> String {
    let mut v = Vec::with_capacity(24);
    push_sci(&mut v, x);
    String::from_utf8_lossy(&v).into_owned()
}

/// Width of a formatted float: sign, 17 digits, '.', 'e', exponent sign, up to 3 digits.
const MAX_SCI: usize = 24;

/// One cached formatted value.
#[derive(Clone, Copy)]
struct Slot {
    bits: u64,
    len: u8,
    text: [u8; MAX_SCI],
}

/// Remembers the last value formatted in each "slot" (a field position in the event record)
/// and its text: in our events many fields repeat from one event to the next (the incoming
/// beam particles, the masses, the weight, the couplings), and formatting floats is the cost
/// of writing LHE. A value is reused only if its bits are identical, so output is unchanged.
#[derive(Clone)]
pub(crate) struct SciCache {
    slots: Vec<Slot>,
}

impl SciCache {
    /// A cache with `n` slots; slot indices beyond `n` are formatted without caching.
    pub(crate) fn new(n: usize) -> Self {
        Self {
            slots: vec![
                Slot {
                    // A NaN payload that `push_sci` is never asked to cache (non-finite values
                    // are rejected by the writer), so every slot starts empty.
                    bits: u64::MAX,
                    len: 0,
                    text: [0; MAX_SCI],
                };
                n
            ],
        }
    }

    /// Appends `x` as [`push_sci`] would, reusing the text of slot `slot` if it holds `x`.
    #[inline]
    pub(crate) fn push(&mut self, out: &mut Vec<u8>, slot: usize, x: f64) {
        let Some(s) = self.slots.get_mut(slot) else {
            push_sci(out, x);
            return;
        };
        let bits = x.to_bits();
        if s.bits != bits {
            let start = out.len();
            push_sci(out, x);
            let text = &out[start..];
            if text.len() <= MAX_SCI {
                s.text[..text.len()].copy_from_slice(text);
                s.len = text.len() as u8;
                s.bits = bits;
            }
            return;
        }
        out.extend_from_slice(&s.text[..usize::from(s.len)]);
    }
}

/// Appends the decimal representation of `v` to `out`.
#[inline]
pub(crate) fn push_int(out: &mut Vec<u8>, v: i64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        tmp[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(&tmp[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(x: i64) -> String {
        let mut v = Vec::new();
        push_int(&mut v, x);
        String::from_utf8(v).expect("ascii")
    }

    #[test]
    fn c_style_exponents() {
        assert_eq!(sci(50.0), "+5.0000000000000000e+01");
        assert_eq!(sci(-1.5e-7), "-1.5000000000000000e-07");
        assert_eq!(sci(0.0), "+0.0000000000000000e+00");
        assert_eq!(sci(1.0e300), "+1.0000000000000000e+300");
        assert_eq!(sci(58.603_73), "+5.8603730000000000e+01");
        assert_eq!(sci(0.1 + 0.2), "+3.0000000000000004e-01");
        assert_eq!(sci(-0.0), "-0.0000000000000000e+00");
        assert_eq!(sci(f64::MIN_POSITIVE), "+2.2250738585072014e-308");
    }

    #[test]
    fn round_trips_exactly() {
        let mut x = 0.123_456_789_f64;
        for _ in 0..2000 {
            x = (x * 7.31 + 0.917).fract() * 10f64.powi(((x * 1000.0) as i32 % 40) - 20);
            let s = sci(x);
            assert_eq!(s.parse::<f64>().expect("parse"), x, "{s}");
            assert_eq!(sci(-x).parse::<f64>().expect("parse"), -x);
            assert_eq!(super::super::parse_fortran_f64(&s), Some(x), "{s}");
        }
    }

    #[test]
    fn cache_gives_identical_text() {
        let mut c = SciCache::new(3);
        let values = [1.5, 1.5, -0.0, 0.0, 0.0, 1e-300, 1e-300, 58.603_73];
        for (i, &x) in values.iter().enumerate() {
            for slot in [i % 3, 7] {
                let mut a = Vec::new();
                c.push(&mut a, slot, x);
                assert_eq!(String::from_utf8(a).expect("ascii"), sci(x));
            }
        }
    }

    #[test]
    fn integers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(-1), "-1");
        assert_eq!(int(1_000_290_630), "1000290630");
        assert_eq!(int(i64::MIN), "-9223372036854775808");
        assert_eq!(int(i64::MAX), "9223372036854775807");
    }
}
