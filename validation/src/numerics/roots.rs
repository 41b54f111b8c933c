//! Root finding: Brent's method, R. P. Brent, *Algorithms for Minimization without
//! Derivatives* (1973), Ch. 4 (the `zeroin` algorithm).
//!
//! Kept by hand: the `roots` crate is BSD-licensed, and the expected limits (reach tables)
//! are solved with this iteration, so another implementation would change their last digits.

/// Brent's root finder on a bracket [a, b] with f(a) f(b) <= 0 (Brent 1973, `zeroin`).
/// Returns `None` if the bracket does not enclose a sign change.
pub fn brent<F: FnMut(f64) -> f64>(
    mut f: F,
    mut a: f64,
    mut b: f64,
    xtol: f64,
    max_iter: usize,
) -> Option<f64> {
    let mut fa = f(a);
    let mut fb = f(b);
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if fa.signum() == fb.signum() || !fa.is_finite() || !fb.is_finite() {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..max_iter {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * xtol;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b);
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brent_finds_roots() {
        let r = brent(|x| x * x - 2.0, 0.0, 2.0, 1e-15, 200).unwrap();
        assert!((r - 2f64.sqrt()).abs() < 1e-14);
        let r = brent(|x: f64| x.cos() - x, 0.0, 1.0, 1e-15, 200).unwrap();
        assert!((r - 0.739_085_133_215_160_6).abs() < 1e-14);
        assert!(brent(|x| x * x + 1.0, -1.0, 1.0, 1e-12, 100).is_none());
    }
}
